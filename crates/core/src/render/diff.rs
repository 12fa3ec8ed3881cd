//! Unified diffs of fixed files (`similar`), as text with `a/` and `b/`
//! headers for `patch`/`git apply`, and as structured hunks for the page.

use serde::Serialize;
use std::fmt::Write as _;

use similar::{capture_diff_slices, group_diff_ops, Algorithm, ChangeTag, DiffOp, DiffTag};

use crate::span::Span;

/// One line of a hunk. (Fields in alphabetical order: the JSON output's.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_line: Option<usize>,
    /// `equal`, `delete` or `insert`.
    pub tag: &'static str,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hunk {
    pub lines: Vec<DiffLine>,
    pub new_len: usize,
    pub new_start: usize,
    pub old_len: usize,
    pub old_start: usize,
}

/// The diff of one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileDiff {
    pub hunks: Vec<Hunk>,
    pub path: String,
    pub unified: String,
}

/// `a/etc/nginx/nginx.conf`-style header names.
fn header_path(path: &str) -> &str {
    path.trim_start_matches('/')
}

/// The diff of two whole texts (Myers over all lines). For an LLM's proposal
/// and other texts whose changes are not known in advance.
pub fn diff(path: &str, before: &[u8], after: &[u8]) -> FileDiff {
    let old = crate::bytes::lossy(before);
    let new = crate::bytes::lossy(after);
    let (o, n) = (Lines::of(&old), Lines::of(&new));
    let ops = capture_diff_slices(Algorithm::Myers, &o.all(), &n.all());
    render(path, &o, &n, ops)
}

/// The diff of a text and its edited copy when the edits are known:
/// `regions` are the changed byte ranges, `(in before, in after)`, in order
/// and disjoint (what `fix::apply` reports). Only the lines around each
/// region are compared, so the cost grows with the size of the text and of
/// the edits, not with their product: Myers over a whole 100,000-line config
/// with thousands of fixes took most of the time of `confine check`.
pub fn diff_regions(path: &str, before: &[u8], after: &[u8], regions: &[(Span, Span)]) -> FileDiff {
    let (Ok(old), Ok(new)) = (std::str::from_utf8(before), std::str::from_utf8(after)) else {
        // Lossy decoding would move the byte offsets.
        return diff(path, before, after);
    };
    let (o, n) = (Lines::of(old), Lines::of(new));
    let (os, ns) = (o.starts(), n.starts());
    // Line windows around the regions, merged where they touch.
    let mut windows: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (b, a) in regions {
        // One more line on each side: an edit beside a line break can change
        // where the neighbouring line ends (`\r` then `\n` is one break).
        let (o0, o1) = lines_of(os, o.len(), b.start, b.end);
        let (n0, n1) = lines_of(ns, n.len(), a.start, a.end);
        let (o0, n0) = (o0.saturating_sub(1), n0.saturating_sub(1));
        let (o1, n1) = ((o1 + 1).min(o.len()), (n1 + 1).min(n.len()));
        match windows.last_mut() {
            Some(w) if o0 <= w.1 || n0 <= w.3 => {
                w.1 = w.1.max(o1);
                w.3 = w.3.max(n1);
            }
            _ => windows.push((o0, o1, n0, n1)),
        }
    }
    let mut ops = Vec::new();
    let (mut oi, mut ni) = (0, 0);
    for &(o0, o1, n0, n1) in &windows {
        // Between windows the texts are the same lines.
        if o0 - oi != n0 - ni || o0 < oi || n0 < ni {
            return diff(path, before, after);
        }
        push(&mut ops, equal(oi, ni, o0 - oi));
        let (ow, nw) = (o.range(o0..o1), n.range(n0..n1));
        for op in capture_diff_slices(Algorithm::Myers, &ow, &nw) {
            push(&mut ops, shift(op, o0, n0));
        }
        (oi, ni) = (o1, n1);
    }
    if o.len() - oi != n.len() - ni {
        return diff(path, before, after);
    }
    push(&mut ops, equal(oi, ni, o.len() - oi));
    render(path, &o, &n, ops)
}

fn equal(old_index: usize, new_index: usize, len: usize) -> DiffOp {
    DiffOp::Equal {
        old_index,
        new_index,
        len,
    }
}

/// Append an op, joining it to an equal run it continues (hunks take their
/// context from one equal op on each side, as a whole-text diff has them).
fn push(ops: &mut Vec<DiffOp>, op: DiffOp) {
    if let DiffOp::Equal { len: 0, .. } = op {
        return;
    }
    if let (Some(DiffOp::Equal { len, .. }), DiffOp::Equal { len: more, .. }) = (ops.last_mut(), op)
    {
        *len += more;
        return;
    }
    ops.push(op);
}

/// The lines of a text, each with its line break, which is `\n`, `\r\n` or
/// a lone `\r` (how `similar` splits lines, whose output format this keeps):
/// the offsets where they start, found eight bytes at a time, and the lines
/// as slices only where a diff compares or prints them (`similar`'s own
/// splitter walks chars; a slice per line of a large config was most of a
/// fix's diff).
struct Lines<'a> {
    text: &'a str,
    /// Where each line starts, and then where the last one ends.
    bounds: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn of(text: &'a str) -> Lines<'a> {
        let bytes = text.as_bytes();
        let mut bounds = Vec::with_capacity(bytes.len() / 24 + 2);
        bounds.push(0);
        let mut i = 0;
        while i < bytes.len() {
            // Eight bytes at a time to the next `\n` or `\r`.
            if let Some(x) = crate::bytes::word_at(bytes, i) {
                let flags = crate::bytes::equal(x, b'\n') | crate::bytes::equal(x, b'\r');
                if flags == 0 {
                    i += 8;
                    continue;
                }
                i += crate::bytes::first(flags);
            }
            i += match (bytes[i], bytes.get(i + 1)) {
                (b'\r', Some(b'\n')) => 2,
                (b'\n' | b'\r', _) => 1,
                _ => {
                    i += 1;
                    continue;
                }
            };
            bounds.push(i);
        }
        if bounds.last() != Some(&bytes.len()) {
            bounds.push(bytes.len());
        }
        Lines { text, bounds }
    }

    fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    fn line(&self, i: usize) -> &'a str {
        &self.text[self.bounds[i]..self.bounds[i + 1]]
    }

    /// The lines `range` as slices.
    fn range(&self, range: std::ops::Range<usize>) -> Vec<&'a str> {
        range.map(|i| self.line(i)).collect()
    }

    fn all(&self) -> Vec<&'a str> {
        self.range(0..self.len())
    }

    /// Byte offset of each line's start.
    fn starts(&self) -> &[usize] {
        &self.bounds[..self.len()]
    }
}

/// [`Lines`] as a vector of slices (tests compare it with `similar`'s).
#[cfg(test)]
fn split_lines(text: &str) -> Vec<&str> {
    Lines::of(text).all()
}

/// The lines `[first, last)` that bytes `start..end` touch (the line an
/// insertion at `start` falls in, for an empty range).
fn lines_of(starts: &[usize], count: usize, start: usize, end: usize) -> (usize, usize) {
    if count == 0 {
        return (0, 0);
    }
    let line = |pos: usize| starts.partition_point(|&s| s <= pos).saturating_sub(1);
    let first = line(start);
    let last = if end > start { line(end - 1) } else { first };
    (first, (last + 1).min(count))
}

fn shift(op: DiffOp, o: usize, n: usize) -> DiffOp {
    match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + o,
            new_index: new_index + n,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + o,
            old_len,
            new_index: new_index + n,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + o,
            new_index: new_index + n,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + o,
            old_len,
            new_index: new_index + n,
            new_len,
        },
    }
}

/// Hunks with three lines of context, as unified text (what `patch` and
/// `git apply` read, in `similar`'s format) and as structured lines.
fn render(path: &str, o: &Lines<'_>, n: &Lines<'_>, ops: Vec<DiffOp>) -> FileDiff {
    let shown = header_path(path);
    let mut unified = String::new();
    let mut hunks = Vec::new();
    for group in group_diff_ops(ops, 3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        if unified.is_empty() {
            let _ = write!(unified, "--- a/{shown}\n+++ b/{shown}\n");
        }
        unified.push_str("@@ -");
        hunk_range(&mut unified, &old_range);
        unified.push_str(" +");
        hunk_range(&mut unified, &new_range);
        unified.push_str(" @@\n");
        let mut lines = Vec::with_capacity(old_range.len().max(new_range.len()) + 2);
        for op in &group {
            for (tag, old_line, new_line) in op_lines(op) {
                let text = match tag {
                    ChangeTag::Insert => n.line(new_line.unwrap_or(0)),
                    _ => o.line(old_line.unwrap_or(0)),
                };
                unified.push(match tag {
                    ChangeTag::Equal => ' ',
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                });
                unified.push_str(text);
                if !text.ends_with(['\r', '\n']) {
                    unified.push_str("\n\\ No newline at end of file\n");
                }
                lines.push(DiffLine {
                    tag: match tag {
                        ChangeTag::Equal => "equal",
                        ChangeTag::Delete => "delete",
                        ChangeTag::Insert => "insert",
                    },
                    old_line: old_line.map(|i| i + 1),
                    new_line: new_line.map(|i| i + 1),
                    text: text.trim_end_matches(['\n', '\r']).to_string(),
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

/// `start,len` as unified diffs write it (`start` alone for one line; the
/// line before for an empty range).
fn hunk_range(out: &mut String, r: &std::ops::Range<usize>) {
    let _ = match r.len() {
        1 => write!(out, "{}", r.start + 1),
        0 => write!(out, "{},0", r.start),
        len => write!(out, "{},{}", r.start + 1, len),
    };
}

/// The lines of an op in order: (tag, old index, new index); a replace is its
/// deletions, then its insertions (as `similar` prints them).
fn op_lines(op: &DiffOp) -> impl Iterator<Item = (ChangeTag, Option<usize>, Option<usize>)> {
    let (o, n) = (op.old_range(), op.new_range());
    let (deleted, inserted) = match op.tag() {
        DiffTag::Equal => (0..0, 0..0),
        DiffTag::Delete => (o.clone(), 0..0),
        DiffTag::Insert => (0..0, n.clone()),
        DiffTag::Replace => (o.clone(), n.clone()),
    };
    let equal = match op.tag() {
        DiffTag::Equal => o.zip(n),
        _ => (0..0).zip(0..0),
    };
    equal
        .map(|(a, b)| (ChangeTag::Equal, Some(a), Some(b)))
        .chain(deleted.map(|a| (ChangeTag::Delete, Some(a), None)))
        .chain(inserted.map(|b| (ChangeTag::Insert, None, Some(b))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use similar::{DiffableStr, TextDiff};

    /// What `similar` itself prints: the format `diff` keeps.
    fn reference(path: &str, old: &str, new: &str) -> String {
        let shown = header_path(path);
        TextDiff::configure()
            .algorithm(Algorithm::Myers)
            .diff_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .missing_newline_hint(true)
            .header(&format!("a/{shown}"), &format!("b/{shown}"))
            .to_string()
    }

    /// Deterministic texts of a few distinct lines, with CRLF, lone CR and
    /// missing final newlines, and random edits of them.
    /// (old text, new text, the edited regions).
    type Case = (String, String, Vec<(Span, Span)>);

    fn cases() -> Vec<Case> {
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n
        };
        let pieces = ["a\n", "b\n", "}\n", "    x;\n", "y\r\n", "z\r", "", "q"];
        let mut out = Vec::new();
        for _ in 0..400 {
            let old: String = (0..next(30)).map(|_| pieces[next(pieces.len())]).collect();
            // Edits at random places, in order, disjoint.
            let mut new = String::new();
            let mut regions = Vec::new();
            let mut at = 0;
            while at < old.len() && next(4) != 0 {
                let start = (at + next(8)).min(old.len());
                let end = (start + next(4)).min(old.len());
                if !old.is_char_boundary(start) || !old.is_char_boundary(end) {
                    break;
                }
                new.push_str(&old[at..start]);
                let s = new.len();
                new.push_str(["", "new\n", "p", "\n", "a\n"][next(5)]);
                regions.push((Span::new(start, end), Span::new(s, new.len())));
                at = end;
                if end == start && next(2) == 0 {
                    // another insertion at the same point
                    continue;
                }
            }
            new.push_str(&old[at..]);
            out.push((old, new, regions));
        }
        out
    }

    #[test]
    fn lines_split_as_similar_splits_them() {
        for (old, new, _) in cases() {
            for text in [&old, &new] {
                assert_eq!(split_lines(text), text.tokenize_lines(), "{text:?}");
            }
        }
        for text in ["", "\r", "\r\n", "\n\r", "a\r\rb", "é\r\nü", "x"] {
            assert_eq!(split_lines(text), text.tokenize_lines(), "{text:?}");
        }
    }

    #[test]
    fn the_renderer_prints_what_similar_prints() {
        for (old, new, _) in cases() {
            let d = diff("/x.conf", old.as_bytes(), new.as_bytes());
            assert_eq!(
                d.unified,
                reference("/x.conf", &old, &new),
                "{old:?} -> {new:?}"
            );
        }
    }

    /// Applying the hunks to the old lines gives the new text.
    fn apply(old: &str, d: &FileDiff) -> String {
        let lines = old.tokenize_lines();
        let mut out = String::new();
        let mut at = 0;
        for h in &d.hunks {
            let start = if h.old_len == 0 {
                h.old_start
            } else {
                h.old_start - 1
            };
            for l in &lines[at..start] {
                out.push_str(l);
            }
            at = start;
            for l in &h.lines {
                match l.tag {
                    "equal" => {
                        out.push_str(lines[at]);
                        at += 1;
                    }
                    "delete" => at += 1,
                    _ => {
                        // The structured text lost the line break: take it from the unified text.
                        out.push_str(&l.text);
                        out.push('\u{1}');
                    }
                }
            }
        }
        for l in &lines[at..] {
            out.push_str(l);
        }
        out
    }

    #[test]
    fn region_diffs_are_whole_diffs() {
        let mut same = 0;
        let all = cases();
        for (old, new, regions) in &all {
            let whole = diff("x", old.as_bytes(), new.as_bytes());
            let local = diff_regions("x", old.as_bytes(), new.as_bytes(), regions);
            // Both turn the old text into the new one (line breaks aside)...
            let strip = |t: &str| t.replace(['\r', '\n', '\u{1}'], "");
            assert_eq!(strip(&apply(old, &local)), strip(new), "{old:?} -> {new:?}");
            // ...and neither changes more lines than the other: looking only
            // around the edits loses nothing (alignments of repeated lines may
            // differ, which these texts of eight distinct lines are full of).
            let changed = |d: &FileDiff| {
                d.hunks
                    .iter()
                    .flat_map(|h| &h.lines)
                    .filter(|l| l.tag != "equal")
                    .count()
            };
            assert_eq!(changed(&local), changed(&whole), "{old:?} -> {new:?}");
            same += (whole == local) as usize;
        }
        assert!(same > all.len() / 2, "{same} of {} identical", all.len());
    }

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
