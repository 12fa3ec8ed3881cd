//! Inline suppression: `# confine: ignore RULE-ID reason` on the line of the
//! finding or on the line above it. A reason is required, so that the next
//! reader knows why the finding does not apply; one without a reason does not
//! suppress and is reported itself.

use crate::hash::FastMap;

use crate::analysis::model::Model;
use crate::diagnostic::Severity;
use crate::input::FileId;
use crate::rules::{Category, Finding, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "invalid-suppression",
    severity: Severity::Warning,
    category: Category::Hygiene,
    summary: "a `# confine: ignore` comment without a rule id or a reason",
    explanation: "Write `# confine: ignore RULE-ID why it does not apply` on the line of the finding or the \
                  line above. Without a reason the suppression is not honoured, so a finding cannot be \
                  silenced by accident or without explanation.",
    docs: "https://nginx.org/en/docs/",
    #[cfg(feature = "rule-docs")]
    bad: "# confine: ignore keepalive-without-http11\n",
    #[cfg(feature = "rule-docs")]
    good: "# confine: ignore keepalive-without-http11 this pool is only probed by health checks\n",
    #[cfg(feature = "rule-docs")]
    log: "",
};

struct Suppression {
    rule: String,
    has_reason: bool,
}

/// Drop suppressed findings; add one for every suppression lacking a reason.
pub fn apply(model: &Model<'_>, findings: Vec<Finding>) -> Vec<Finding> {
    let set = model.set;
    let mut by_line: FastMap<(FileId, usize), Vec<Suppression>> = FastMap::default();
    let mut out = Vec::with_capacity(findings.len());
    let files_with_findings: Vec<FileId> = {
        let mut f: Vec<FileId> = findings.iter().map(|f| f.file).collect();
        f.sort_unstable();
        f.dedup();
        f
    };
    for (id, file) in set.files.iter().enumerate() {
        let tree = &file.tree;
        // The model's comment index: the rules that read comments built it
        // already, and a second walk over every token cost as much.
        for &span in model.comments_within(id, 0, usize::MAX) {
            let text = tree.text_lossy(span);
            let Some(rest) = text.trim_start_matches('#').trim().strip_prefix("confine:") else {
                continue;
            };
            let Some(rest) = rest.trim().strip_prefix("ignore") else {
                continue;
            };
            let mut words = rest.split_whitespace();
            let rule = words.next().unwrap_or("").to_string();
            let has_reason = words.next().is_some();
            let line = tree.position(span.start).line;
            if rule.is_empty() || !has_reason {
                out.push(Finding {
                    rule: META.id,
                    severity: META.severity,
                    file: id,
                    span,
                    message: if rule.is_empty() {
                        "suppression names no rule: write `# confine: ignore RULE-ID reason`".into()
                    } else {
                        format!("suppression of \"{rule}\" gives no reason, so it is not honoured")
                    },
                    fix: None,
                    log: None,
                });
            }
            if files_with_findings.binary_search(&id).is_ok() {
                by_line
                    .entry((id, line))
                    .or_default()
                    .push(Suppression { rule, has_reason });
            }
        }
    }
    for finding in findings {
        let line = set.files[finding.file]
            .tree
            .position(finding.span.start)
            .line;
        let suppressed = [line, line.saturating_sub(1)].iter().any(|&l| {
            by_line
                .get(&(finding.file, l))
                .is_some_and(|list| list.iter().any(|s| s.has_reason && s.rule == finding.rule))
        });
        if !suppressed {
            out.push(finding);
        }
    }
    out
}
