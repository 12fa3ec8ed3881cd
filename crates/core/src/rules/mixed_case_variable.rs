//! One variable spelt in two cases (`$My_Var`, `$my_var`): nginx ignores
//! the case of variable names, so they are one variable, which the reader
//! takes for two. gixy's `mixed_case_variable`.

use crate::analysis::model::{EntryId, Model};
use crate::analysis::variables::{Use, UseKind};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::hash::FastMap;
use crate::input::FileId;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};
use crate::span::Span;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "mixed-case-variable",
        severity: Severity::Info,
        category: Category::Hygiene,
        summary: "a variable is spelt in different cases",
        explanation: "nginx compares variable names ignoring case, so `$Backend` and `$backend` are the same \
                      variable. A reader takes two spellings for two variables and misses that a `set` of one \
                      changes the other, or looks for a definition that is there under another case. The fix \
                      spells every use as the config spells it first, which changes nothing for nginx.",
        docs: "https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#set",
        #[cfg(feature = "rule-docs")]
        bad: "http {\n    server {\n        listen 80;\n        set $Target /index.html;\n        location / {\n            try_files $target =404;\n        }\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        good: "http {\n    server {\n        listen 80;\n        set $target /index.html;\n        location / {\n            try_files $target =404;\n        }\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

/// One spelling of a variable in the config.
struct Spelling {
    entry: EntryId,
    file: FileId,
    span: Span,
    name: Vec<u8>,
    /// Whether the span is exactly `$name` or `${name}` (then it can be respelt).
    exact: bool,
}

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let mut spellings: Vec<Spelling> = Vec::new();
    cx.variables().for_each_use(model, |u: &Use<'_>| {
        if matches!(u.kind, UseKind::Script | UseKind::Condition) {
            spellings.push(spelling(model, u.entry, u.span, u.name));
        }
    });
    definitions(model, &mut spellings);
    spellings.sort_by_key(|s| (s.entry, s.span.start));
    let mut first: FastMap<Vec<u8>, usize> = FastMap::default();
    for (i, s) in spellings.iter().enumerate() {
        let lower = s.name.to_ascii_lowercase();
        let &mut at = first.entry(lower).or_insert(i);
        let Some(original) = spellings.get(at) else {
            continue;
        };
        if original.name == s.name {
            continue;
        }
        let line = model.entries[original.entry]
            .tree
            .position(original.span.start)
            .line;
        let message = format!(
            "${} is ${} (line {line}) spelt differently: nginx ignores the case, so it is one variable \
             that reads as two",
            String::from_utf8_lossy(&s.name),
            String::from_utf8_lossy(&original.name),
        );
        let fix = s.exact.then(|| {
            let braced = model.entries[s.entry].tree.text(s.span).starts_with(b"${");
            let name = String::from_utf8_lossy(&original.name);
            Fix {
                description: format!("spell it ${name}"),
                applicability: Applicability::Safe,
                edits: vec![style::replace(
                    s.file,
                    s.span,
                    if braced {
                        format!("${{{name}}}")
                    } else {
                        format!("${name}")
                    },
                )],
            }
        });
        let mut f = cx.finding(&RULE.meta, s.entry, message, fix);
        f.span = s.span;
        out.push(f);
    }
}

fn spelling(model: &Model<'_>, entry: EntryId, span: Span, name: &[u8]) -> Spelling {
    let e = &model.entries[entry];
    let text = e.tree.text(span);
    let exact = text == [b"$", name].concat() || text == [b"${", name, b"}"].concat();
    Spelling {
        entry,
        file: e.file,
        span,
        name: name.to_vec(),
        exact,
    }
}

/// The names `set`, `map`, `geo`... define, as spelt there.
fn definitions(model: &Model<'_>, out: &mut Vec<Spelling>) {
    for (id, e) in model.entries.iter().enumerate() {
        let index = match &*e.name {
            b"set" | b"auth_request_set" | b"perl_set" | b"js_set" | b"js_var" => 0,
            b"map" | b"split_clients" => 1,
            b"geo" => e.args().count().saturating_sub(1),
            _ => continue,
        };
        let Some(token) = e.args().nth(index) else {
            continue;
        };
        if !token.is_plain() {
            continue;
        }
        let text = e.tree.text(token.span());
        if let Some(name) = text.strip_prefix(b"$").filter(|n| !n.is_empty()) {
            out.push(spelling(model, id, token.span(), name));
        }
    }
}
