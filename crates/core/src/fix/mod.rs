//! Fixes: text edits by byte span, applied together with conflicts resolved
//! deterministically, keeping each file's own style.
//!
//! Because the tree is lossless, a fix never re-prints a file: it replaces a
//! few byte ranges, and every line no edit touches stays byte-identical.

pub mod style;

use std::collections::{BTreeMap, BTreeSet};

use crate::hash::FastSet;

use serde::Serialize;

use crate::input::{ConfigSet, FileId};
use crate::span::Span;

/// Replace `span` of `file` with `text` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub text: String,
}

/// Whether `confine fix` applies a fix by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Repairs the problem and changes nothing else: applied.
    Safe,
    /// Changes behaviour beyond the problem (headers nginx would otherwise
    /// send differently, say): shown, applied only when asked.
    Suggestion,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub description: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// The outcome of applying a list of fixes.
#[derive(Clone, Debug, Default)]
pub struct Applied {
    /// New contents of every file that changed, by file.
    pub files: Vec<(FileId, Vec<u8>)>,
    /// For each of `files`: the byte ranges edits replaced, `(in the old
    /// text, in the new one)`, in order (what the diff needs to look at).
    pub regions: Vec<Vec<(Span, Span)>>,
    /// Indexes (into the list given) of the fixes applied.
    pub applied: Vec<usize>,
    /// Indexes of fixes left out, with the reason (overlap with an earlier fix).
    pub skipped: Vec<(usize, String)>,
}

/// Two edits conflict when their ranges overlap (an insertion conflicts with
/// a replacement it falls strictly inside). Insertions at the same point do
/// not: they are new lines after one directive, and they go in the order the
/// fixes come in (the rule registry's order), so the result is deterministic
/// and a second `fix` finds nothing left to add.
///
/// The accepted edits, indexed so that each new edit is checked in
/// logarithmic time (a scan of all of them per fix made a config with
/// thousands of findings quadratic). Accepted replacements never overlap one
/// another, so the one starting last before an edit's end is the only one to
/// look at.
#[derive(Default)]
struct Accepted<'a> {
    /// (file, start) -> end of each accepted non-empty edit.
    replaced: BTreeMap<(FileId, usize), usize>,
    /// (file, offset) of each accepted insertion.
    inserted: BTreeSet<(FileId, usize)>,
    /// Every accepted edit, to apply an identical one once. Borrowed: a
    /// copy of each edit's text for every lookup (and two more for each
    /// accepted edit) was about 8% of the page's analysis of a 10k-line
    /// config with a thousand fixes.
    all: FastSet<(FileId, usize, usize, &'a str)>,
}

impl<'a> Accepted<'a> {
    fn has(&self, e: &Edit) -> bool {
        self.all
            .contains(&(e.file, e.span.start, e.span.end, e.text.as_str()))
    }

    fn add(&mut self, e: &'a Edit) {
        if e.span.is_empty() {
            self.inserted.insert((e.file, e.span.start));
        } else {
            self.replaced.insert((e.file, e.span.start), e.span.end);
        }
        self.all
            .insert((e.file, e.span.start, e.span.end, e.text.as_str()));
    }

    /// Whether `e` conflicts with any accepted edit (the tests hold this to
    /// a scan of all of them).
    fn conflicts(&self, e: &Edit) -> bool {
        let (f, s, t) = (e.file, e.span.start, e.span.end);
        // The replacement starting last before `t` (before or at `s` for an
        // insertion, which may sit on a replacement's start).
        let bound = if e.span.is_empty() { s } else { t };
        let before = self
            .replaced
            .range((f, 0)..(f, bound))
            .next_back()
            .map(|(&(_, start), &end)| (start, end));
        let hit = before.is_some_and(|(start, end)| {
            if e.span.is_empty() {
                start < s && s < end
            } else {
                start < t && s < end
            }
        });
        // An insertion strictly inside a replacement.
        hit || (!e.span.is_empty()
            && s + 1 < t
            && self.inserted.range((f, s + 1)..(f, t)).next().is_some())
    }
}

/// Apply `fixes` in order. A fix whose edits conflict with an accepted one is
/// skipped whole (never half applied); an edit identical to an accepted one
/// (two findings asking for the same line) is applied once.
pub fn apply(set: &ConfigSet, fixes: &[&Fix]) -> Applied {
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut index = Accepted::default();
    let mut out = Applied::default();
    let mut fresh: Vec<&Edit> = Vec::new();
    for (i, fix) in fixes.iter().enumerate() {
        fresh.clear();
        fresh.extend(fix.edits.iter().filter(|e| !index.has(e)));
        if let Some(clash) = fresh.iter().find(|e| index.conflicts(e)) {
            let pos = set.files[clash.file].tree.position(clash.span.start);
            out.skipped.push((
                i,
                format!(
                    "overlaps an earlier fix at {}:{}:{}",
                    set.files[clash.file].path, pos.line, pos.column
                ),
            ));
            continue;
        }
        for &e in &fresh {
            index.add(e);
            accepted.push(e);
        }
        out.applied.push(i);
    }
    // By file, then by place. Stable: insertions at one point keep the
    // order they were accepted in.
    accepted.sort_by_key(|e| (e.file, e.span.start, e.span.end));
    for edits in accepted.chunk_by(|a, b| a.file == b.file) {
        let file = edits[0].file;
        let src = set.files[file].tree.source();
        let mut text = Vec::with_capacity(src.len() + 256);
        let mut regions = Vec::with_capacity(edits.len());
        let mut at = 0;
        for e in edits {
            text.extend_from_slice(&src[at..e.span.start]);
            let start = text.len();
            text.extend_from_slice(e.text.as_bytes());
            regions.push((e.span, Span::new(start, text.len())));
            at = e.span.end;
        }
        text.extend_from_slice(&src[at..]);
        if text != src {
            out.files.push((file, text));
            out.regions.push(regions);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, as a scan: what [`Accepted::conflicts`] must answer.
    fn conflicts(a: &Edit, b: &Edit) -> bool {
        if a.file != b.file {
            return false;
        }
        if a.span.is_empty() && b.span.is_empty() {
            return false;
        }
        a.span.start < b.span.end && b.span.start < a.span.end
            || (a.span.is_empty() && b.span.start < a.span.start && a.span.start < b.span.end)
            || (b.span.is_empty() && a.span.start < b.span.start && b.span.start < a.span.end)
    }

    /// The index answers as a scan of every accepted edit would, on random
    /// edits (replacements, insertions, identical repeats, two files).
    #[test]
    fn the_index_agrees_with_a_scan() {
        let mut seed: u64 = 0x2026_1125;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n
        };
        for _ in 0..300 {
            let edits: Vec<Edit> = (0..40)
                .map(|_| {
                    let start = next(30);
                    let len = if next(3) == 0 { 0 } else { 1 + next(4) };
                    Edit {
                        file: next(2),
                        span: Span::new(start, start + len),
                        text: ["", "a", "b"][next(3)].to_string(),
                    }
                })
                .collect();
            let mut scan: Vec<&Edit> = Vec::new();
            let mut index = Accepted::default();
            for e in &edits {
                assert_eq!(index.has(e), scan.contains(&e));
                if index.has(e) {
                    continue;
                }
                let clash = scan.iter().any(|a| conflicts(a, e));
                assert_eq!(index.conflicts(e), clash, "{e:?} against {scan:?}");
                if !clash {
                    index.add(e);
                    scan.push(e);
                }
            }
        }
    }

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            description: String::new(),
            applicability: Applicability::Safe,
            edits: edits
                .iter()
                .map(|&(s, e, t)| Edit {
                    file: 0,
                    span: Span::new(s, e),
                    text: t.into(),
                })
                .collect(),
        }
    }

    #[test]
    fn overlapping_fixes_skip_the_later_one_whole() {
        let set = ConfigSet::from_text("a.conf", b"abcdef");
        let (a, b, c) = (
            fix(&[(0, 2, "X")]),
            fix(&[(1, 3, "Y"), (5, 6, "Z")]),
            fix(&[(4, 4, "+")]),
        );
        let applied = apply(&set, &[&a, &b, &c]);
        assert_eq!(applied.applied, [0, 2]);
        assert_eq!(applied.skipped.len(), 1);
        assert_eq!(applied.files, [(0, b"Xcd+ef".to_vec())]);
    }

    #[test]
    fn identical_edits_apply_once() {
        let set = ConfigSet::from_text("a.conf", b"ab");
        let (a, b) = (fix(&[(1, 1, "+")]), fix(&[(1, 1, "+")]));
        let applied = apply(&set, &[&a, &b]);
        assert_eq!(applied.applied, [0, 1]);
        assert_eq!(applied.files, [(0, b"a+b".to_vec())]);
    }
}
