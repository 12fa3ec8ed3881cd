//! Unified diffs of fixed files (`similar`), as text with `a/` and `b/`
//! headers for `patch`/`git apply`, and as structured hunks for the page.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One line of a hunk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// `equal`, `delete` or `insert`.
    pub tag: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_line: Option<usize>,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hunk {
    pub old_start: usize,
    pub old_len: usize,
    pub new_start: usize,
    pub new_len: usize,
    pub lines: Vec<DiffLine>,
}

/// The diff of one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileDiff {
    pub path: String,
    pub unified: String,
    pub hunks: Vec<Hunk>,
}

/// `a/etc/nginx/nginx.conf`-style header names.
fn header_path(path: &str) -> &str {
    path.trim_start_matches('/')
}

pub fn diff(path: &str, before: &[u8], after: &[u8]) -> FileDiff {
    let old = String::from_utf8_lossy(before);
    let new = String::from_utf8_lossy(after);
    let text = TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .diff_lines(old.as_ref(), new.as_ref());
    let shown = header_path(path);
    let unified = text
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&format!("a/{shown}"), &format!("b/{shown}"))
        .to_string();
    let mut hunks = Vec::new();
    for group in text.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let mut lines = Vec::new();
        for op in &group {
            for change in text.iter_changes(op) {
                lines.push(DiffLine {
                    tag: match change.tag() {
                        ChangeTag::Equal => "equal",
                        ChangeTag::Delete => "delete",
                        ChangeTag::Insert => "insert",
                    },
                    old_line: change.old_index().map(|i| i + 1),
                    new_line: change.new_index().map(|i| i + 1),
                    text: change.value().trim_end_matches(['\n', '\r']).to_string(),
                });
            }
        }
        hunks.push(Hunk {
            old_start: old_range.start + 1,
            old_len: old_range.len(),
            new_start: new_range.start + 1,
            new_len: new_range.len(),
            lines,
        });
    }
    FileDiff {
        path: path.to_string(),
        unified,
        hunks,
    }
}

#[cfg(test)]
mod tests {
    use super::diff;

    #[test]
    fn unified_diff_has_git_style_headers_and_hunks() {
        let d = diff("/etc/nginx/nginx.conf", b"a\nb\nc\n", b"a\nB\nc\n");
        assert!(d.unified.starts_with(
            "--- a/etc/nginx/nginx.conf\n+++ b/etc/nginx/nginx.conf\n@@ -1,3 +1,3 @@\n"
        ));
        assert!(d.unified.contains("-b\n+B\n"));
        assert_eq!(d.hunks.len(), 1);
        let tags: Vec<&str> = d.hunks[0].lines.iter().map(|l| l.tag).collect();
        assert_eq!(tags, ["equal", "delete", "insert", "equal"]);
    }
}
