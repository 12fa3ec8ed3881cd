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
        let mut line_starts = vec![0];
        line_starts.extend(
            text.iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
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
}
