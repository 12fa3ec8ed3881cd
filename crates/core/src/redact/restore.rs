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
    while i < text.len() {
        if !trie.starts(text[i]) {
            i += 1;
            continue;
        }
        let found = trie.longest(text, i, |end, k| {
            bounded(text, i, end, mapping.entries[k].placeholder.as_bytes())
        });
        match found {
            Some((end, k)) => {
                out.extend_from_slice(&text[copied..i]);
                out.extend_from_slice(mapping.entries[k].original.as_bytes());
                i = end;
                copied = end;
            }
            None => i += 1,
        }
    }
    out.extend_from_slice(&text[copied..]);
    out
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
