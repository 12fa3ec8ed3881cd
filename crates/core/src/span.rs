//! Byte spans and their translation to line:column for humans.

use serde::Serialize;

/// A half-open byte range `start..end` into one file's text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Span {
        Span { start: at, end: at }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A 1-based line and column. Columns count characters (UTF-8 scalar values; a
/// byte that is not valid UTF-8 counts as one), as editors show them.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Start offsets of every line, built once per file so that positions are a
/// binary search away instead of a rescan from the top.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &[u8]) -> LineIndex {
        let mut line_starts = Vec::with_capacity(text.len() / 24 + 1);
        line_starts.push(0);
        // Eight bytes at a time; in a word with a line break, each flag is
        // confirmed (only the lowest is sure to be one, see `bytes`).
        let mut at = 0;
        while let Some(x) = crate::bytes::word_at(text, at) {
            let mut flags = crate::bytes::equal(x, b'\n');
            while flags != 0 {
                let i = at + crate::bytes::first(flags);
                if text[i] == b'\n' {
                    line_starts.push(i + 1);
                }
                flags &= flags - 1;
            }
            at += 8;
        }
        line_starts.extend(
            text[at..]
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| at + i + 1),
        );
        LineIndex { line_starts }
    }

    /// Line and column of byte `offset` in `text` (the text this index was built from).
    pub fn position(&self, text: &[u8], offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let prefix = &text[start..offset];
        if prefix.is_ascii() {
            return Position {
                line: line + 1,
                column: prefix.len() + 1,
            };
        }
        let column = prefix
            .utf8_chunks()
            .map(|chunk| chunk.valid().chars().count() + chunk.invalid().len())
            .sum::<usize>()
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// Byte offset where 1-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\nc\u{e9}d\n".as_bytes();
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 3), Position { line: 2, column: 1 });
        // 'd' follows a two-byte character: column 3, not 4.
        assert_eq!(index.position(text, 6), Position { line: 2, column: 3 });
        assert_eq!(index.position(text, 8), Position { line: 3, column: 1 });
        // Bytes that are not UTF-8 count one column each, a stray continuation byte too.
        let text = b"a\xe9\xa9b";
        assert_eq!(LineIndex::new(text).position(text, 3).column, 4);
    }

    #[test]
    fn line_starts_are_every_byte_after_a_line_break() {
        // Line breaks at every position of a word, next to bytes that an
        // eight-byte test could mistake for one (`\x0b` is `\n` ^ 1).
        for len in 0..40 {
            for mask in [0u64, 1, 0b1011, 0x5555_5555, u64::MAX, 0x8421_0842] {
                let text: Vec<u8> = (0..len)
                    .map(|i| match (mask >> (i % 64)) & 1 {
                        1 => b'\n',
                        _ if i % 3 == 0 => 0x0b,
                        _ => b'x',
                    })
                    .collect();
                let expected: Vec<usize> = std::iter::once(0)
                    .chain((0..text.len()).filter(|&i| text[i] == b'\n').map(|i| i + 1))
                    .collect();
                assert_eq!(LineIndex::new(&text).line_starts, expected, "{text:?}");
            }
        }
    }
}
