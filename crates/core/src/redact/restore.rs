//! Putting the originals back: into the redacted files, or into any text
//! that quotes the placeholders (an LLM's answer, in prose or code blocks).
//!
//! One left-to-right pass with a trie of the placeholders: at each position
//! the longest placeholder that starts and ends on a boundary wins, so
//! `192.0.2.4` never eats the start of `192.0.2.41`, nor `REDACTED_TOKEN_1`
//! the start of `REDACTED_TOKEN_12`.

use super::trie::Trie;
use super::{is_word, Mapping};

/// Restore the originals in `text`.
pub fn restore(text: &str, mapping: &Mapping) -> String {
    let out = restore_bytes(text.as_bytes(), mapping);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`restore`] on bytes: what the CLI uses, so text that is not UTF-8
/// survives.
pub fn restore_bytes(text: &[u8], mapping: &Mapping) -> Vec<u8> {
    restore_pass(text, mapping, None).0
}

/// A restore with what it could not account for: [`restore_checked`]'s
/// answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    /// The text with the originals back, as [`restore_bytes`] gives it.
    pub text: Vec<u8>,
    /// How many placeholders were replaced.
    pub replaced: usize,
    /// Placeholder-shaped words (`REDACTED_TOKEN_3`, `host2.domain1.example`)
    /// the map does not know, each once, in order of appearance.
    pub unknown: Vec<String>,
}

impl Restored {
    /// Whether the map looks made for other text: the text holds
    /// placeholders the map has never given out. (A redacted input may
    /// itself have held such words, so this is a warning to show, not proof.)
    pub fn map_mismatch(&self) -> Option<RestoreWarning> {
        (!self.unknown.is_empty()).then(|| RestoreWarning {
            unknown: self.unknown.clone(),
            replaced: self.replaced,
        })
    }
}

/// The text holds placeholders the map does not know: restoring with a map
/// made for other text leaves them (and may put the wrong originals in
/// where two redactions share placeholder names), so the user must be told.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "the map does not know {} placeholder{} in this text ({}{}); was it made for other text? \
     ({} placeholder{} restored)",
    unknown.len(),
    if unknown.len() == 1 { "" } else { "s" },
    unknown.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
    if unknown.len() > 3 { ", ..." } else { "" },
    replaced,
    if *replaced == 1 { "" } else { "s" }
)]
pub struct RestoreWarning {
    pub unknown: Vec<String>,
    pub replaced: usize,
}

/// [`restore_bytes`], also listing the placeholders the map does not know,
/// so that a front end can say when a map does not belong to the text.
pub fn restore_checked(text: &[u8], mapping: &Mapping) -> Restored {
    let mut unknown = Vec::new();
    let (text, replaced) = restore_pass(text, mapping, Some(&mut unknown));
    let mut seen = std::collections::HashSet::new();
    unknown.retain(|u| seen.insert(u.clone()));
    Restored {
        text,
        replaced,
        unknown,
    }
}

/// The one restore pass; with `unknown`, also the placeholder-shaped words
/// no entry matched.
fn restore_pass(
    text: &[u8],
    mapping: &Mapping,
    mut unknown: Option<&mut Vec<String>>,
) -> (Vec<u8>, usize) {
    let trie = Trie::new(
        mapping
            .entries
            .iter()
            .enumerate()
            .map(|(k, e)| (e.placeholder.as_bytes(), k)),
        false,
    );
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    let mut replaced = 0;
    // Where the last unknown word ended: its inner labels are not words.
    let mut skip_to = 0;
    while i < text.len() {
        let found = if trie.starts(text[i]) {
            trie.longest(text, i, |end, k| {
                bounded(text, i, end, mapping.entries[k].placeholder.as_bytes())
            })
        } else {
            None
        };
        match found {
            Some((end, k)) => {
                out.extend_from_slice(&text[copied..i]);
                out.extend_from_slice(mapping.entries[k].original.as_bytes());
                i = end;
                copied = end;
                replaced += 1;
            }
            None => {
                if let Some(list) = unknown.as_deref_mut() {
                    if i >= skip_to {
                        if let Some(end) = placeholder_shaped(text, i) {
                            list.push(String::from_utf8_lossy(&text[i..end]).into_owned());
                            skip_to = end;
                        }
                    }
                }
                i += 1;
            }
        }
    }
    out.extend_from_slice(&text[copied..]);
    (out, replaced)
}

/// The end of a placeholder-shaped word at `i`: `REDACTED_<KIND>_<n>` (a
/// term's ends in `_`), or a name of `hostN`/`domainN` labels under
/// `.example`, as the allocator makes them.
fn placeholder_shaped(text: &[u8], i: usize) -> Option<usize> {
    if text[i..].starts_with(b"REDACTED_") {
        let n = text[i..]
            .iter()
            .take_while(|&&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            .count();
        let word = &text[i..i + n];
        let core = word.strip_suffix(b"_").unwrap_or(word);
        let digits = core.iter().rev().take_while(|b| b.is_ascii_digit()).count();
        let numbered = digits > 0 && core.len() > digits && core[core.len() - digits - 1] == b'_';
        return (numbered && core.len() > 9 + digits + 1).then_some(i + n);
    }
    if i > 0 && (is_word(text[i - 1]) || matches!(text[i - 1], b'.' | b'-')) {
        return None;
    }
    let n = text[i..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        .count();
    let word = text[i..i + n].to_ascii_lowercase();
    let word = word.strip_suffix(b".").unwrap_or(&word);
    let labels: Vec<&[u8]> = word.split(|&b| b == b'.').collect();
    let (last, rest) = labels.split_last()?;
    let numbered = |l: &[u8], stem: &[u8]| {
        l.len() > stem.len()
            && l.starts_with(stem)
            && l[stem.len()..].iter().all(u8::is_ascii_digit)
    };
    let shaped = *last == b"example"
        && !rest.is_empty()
        && rest
            .iter()
            .all(|l| numbered(l, b"host") || numbered(l, b"domain"));
    shaped.then_some(i + word.len())
}

/// `REDACTED_*` placeholders are distinctive enough to match wherever they
/// start; others must not continue a word. All must end where a word ends,
/// except term placeholders, which end in `_` and may be glued to the rest
/// of a word, PEM bodies, which end in a line break, and any placeholder
/// right before a `REDACTED_*` one (two values side by side, as in
/// `https://user=@host` read as a URL's user and a `password=` value): no
/// placeholder holds `REDACTED_` past its start, so the seam is unambiguous,
/// and the input's own text before a `REDACTED_` is taken (see
/// `Allocator::note_run` in `placeholder.rs`), so no placeholder equals it.
pub(crate) fn bounded(text: &[u8], start: usize, end: usize, p: &[u8]) -> bool {
    let distinct = p.starts_with(b"REDACTED_");
    if !distinct && start > 0 && is_word(text[start - 1]) && is_word(p[0]) {
        return false;
    }
    let last = p[p.len() - 1];
    if last == b'_' || last == b'\n' || text[end..].starts_with(b"REDACTED_") {
        return true;
    }
    !(end < text.len() && is_word(text[end]) && is_word(last))
}
