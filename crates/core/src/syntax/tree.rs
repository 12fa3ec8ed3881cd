//! The lossless syntax tree.
//!
//! Every token the lexer produced hangs somewhere in this tree, trivia
//! (whitespace, line breaks, comments) included, in source order. Printing the
//! tree therefore gives back the input byte for byte, which is what lets fixes
//! be small text edits and lets untouched lines stay identical.

use std::borrow::Cow;

use crate::span::{LineIndex, Position, Span};
use crate::syntax::lexer::{Token, TokenKind};

/// One parsed file: its bytes, its line index and its syntax tree.
///
/// The tree is flat: every directive, every item and every argument token
/// of the file lives in one vector of its kind, and the tree's links are
/// indexes into them (a block holds the range of its items, a directive the
/// range of its parts). A tree of boxes and small vectors cost two or three
/// allocations per directive, which was about 40% of parsing, and the flat
/// vectors are also what the passes over a file read in order.
#[derive(Clone, Debug)]
pub struct SourceFile {
    src: Vec<u8>,
    /// Built on the first position asked for: most parses (every keystroke
    /// in the page) need few or none.
    lines: std::sync::OnceLock<LineIndex>,
    /// Every directive, in source order (a block's directive before the
    /// directives inside it).
    directives: Vec<Directive>,
    /// The items of every block, each block's run contiguous; `top` is the
    /// run of the file's top level.
    items: Vec<Item>,
    top: Run,
    /// The parts of every directive, each directive's run contiguous.
    parts: Vec<Token>,
    /// Whether some directive is named `include` (recorded by the parser):
    /// loading skips the walk for include targets of the files without one.
    has_include: bool,
}

/// A run of consecutive elements of one of the tree's vectors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) start: u32,
    pub(crate) len: u32,
}

impl Run {
    pub(crate) fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// Which directive of its file an item is: an index into the file's directives.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct DirectiveId(pub(crate) u32);

#[derive(Clone, Copy, Debug)]
pub enum Item {
    /// Blanks (spaces and line breaks) or a comment between directives.
    Trivia(Token),
    Directive(DirectiveId),
    /// A `;`, `{` or `}` that belongs to no directive (already reported).
    Stray(Token),
}

/// `name arg... ;` or `name arg... { items }`.
#[derive(Clone, Debug)]
pub struct Directive {
    pub name: Token,
    /// Everything between the name and the terminator, in order: arguments
    /// and the trivia between them (a comment may sit between two
    /// arguments). Read them with [`SourceFile::parts`] or [`SourceFile::args`].
    pub(crate) parts: Run,
    pub end: End,
    /// Where the directive ends: after its terminator, or after its last
    /// token when the terminator is missing.
    pub(crate) span_end: u32,
    /// How many blocks enclose it.
    pub(crate) depth: u32,
}

#[derive(Clone, Debug)]
pub enum End {
    Semicolon(Token),
    Block(Block),
    /// A block whose body is another language (`*_by_lua_block`), kept verbatim.
    Raw(RawBlock),
    /// Neither `;` nor `{` came (end of file, or a `}` cut it short): reported.
    Missing,
}

/// The `{`, the verbatim body and the `}` of a raw block.
#[derive(Clone, Debug)]
pub struct RawBlock {
    pub open: Token,
    pub body: Token,
    pub close: Option<Token>,
}

#[derive(Clone, Debug)]
pub struct Block {
    pub open: Token,
    /// Read them with [`SourceFile::block_items`].
    pub(crate) items: Run,
    /// `None` when the file ended first (reported).
    pub close: Option<Token>,
}

impl SourceFile {
    pub(crate) fn new(
        src: Vec<u8>,
        directives: Vec<Directive>,
        items: Vec<Item>,
        top: Run,
        parts: Vec<Token>,
        has_include: bool,
    ) -> SourceFile {
        SourceFile {
            src,
            lines: std::sync::OnceLock::new(),
            directives,
            items,
            top,
            parts,
            has_include,
        }
    }

    /// Whether some directive of the file is named `include`.
    pub fn has_include(&self) -> bool {
        self.has_include
    }

    pub fn source(&self) -> &[u8] {
        &self.src
    }

    /// The bytes a span covers.
    pub fn text(&self, span: Span) -> &[u8] {
        &self.src[span.start..span.end]
    }

    /// The bytes a span covers, as text (invalid UTF-8 replaced, for display).
    pub fn text_lossy(&self, span: Span) -> Cow<'_, str> {
        crate::bytes::lossy(self.text(span))
    }

    pub fn position(&self, offset: usize) -> Position {
        self.line_index().position(&self.src, offset)
    }

    pub fn line_index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.src))
    }

    /// The items of the file's top level.
    pub fn items(&self) -> &[Item] {
        &self.items[self.top.range()]
    }

    /// The items inside a block of this file.
    pub fn block_items(&self, block: &Block) -> &[Item] {
        &self.items[block.items.range()]
    }

    pub fn directive(&self, id: DirectiveId) -> &Directive {
        &self.directives[id.0 as usize]
    }

    /// A directive's parts: its arguments and the trivia between them.
    pub fn parts(&self, d: &Directive) -> &[Token] {
        &self.parts[d.parts.range()]
    }

    /// A directive's argument tokens (words and quoted strings), trivia left out.
    pub fn args(&self, d: &Directive) -> impl Iterator<Item = &Token> + Clone {
        self.parts(d).iter().filter(|t| t.kind.is_word())
    }

    /// The value nginx sees for a word or quoted token of this file (see
    /// [`unescape`]), without a scan for escapes when the lexer saw none.
    pub fn value(&self, token: &Token) -> Cow<'_, [u8]> {
        token_value(&self.src, token)
    }

    pub fn arg_count(&self, d: &Directive) -> usize {
        self.args(d).count()
    }

    /// Print the tree: the concatenation of every token, in tree order. Equal
    /// to the input for every input; tests and the fuzzer hold it to that.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.src.len());
        self.for_each_token(|t| out.extend_from_slice(self.text(t.span())));
        out
    }

    /// Visit every token of the tree in source order (iteratively: hostile
    /// nesting cannot overflow the stack).
    pub fn for_each_token(&self, mut f: impl FnMut(&Token)) {
        // Each frame: the remaining items of a block, and the block's `}` to
        // emit once they are done.
        let mut stack: Vec<(std::slice::Iter<'_, Item>, Option<&Token>)> =
            vec![(self.items().iter(), None)];
        while let Some((items, _)) = stack.last_mut() {
            let Some(item) = items.next() else {
                if let Some((_, Some(close))) = stack.pop() {
                    f(close);
                }
                continue;
            };
            match item {
                Item::Trivia(t) | Item::Stray(t) => f(t),
                Item::Directive(id) => {
                    let d = self.directive(*id);
                    f(&d.name);
                    self.parts(d).iter().for_each(&mut f);
                    match &d.end {
                        End::Semicolon(t) => f(t),
                        End::Block(b) => {
                            f(&b.open);
                            stack.push((self.block_items(b).iter(), b.close.as_ref()));
                        }
                        End::Raw(raw) => {
                            f(&raw.open);
                            f(&raw.body);
                            raw.close.iter().for_each(&mut f);
                        }
                        End::Missing => {}
                    }
                }
            }
        }
    }

    /// Every directive in the file, in source order (a block's directive
    /// before the ones inside it), with its nesting depth.
    pub fn directives(&self) -> impl ExactSizeIterator<Item = (usize, &Directive)> {
        self.directives.iter().map(|d| (d.depth as usize, d))
    }
}

impl Directive {
    pub fn block(&self) -> Option<&Block> {
        match &self.end {
            End::Block(b) => Some(b),
            _ => None,
        }
    }

    /// From the first byte of the name to the last byte of the terminator
    /// (or of the last token, when the terminator is missing).
    pub fn span(&self) -> Span {
        Span::new(self.name.span().start, self.span_end as usize)
    }
}

/// The value nginx sees for a word or quoted token: quotes removed and the
/// escapes `\"`, `\'`, `\\`, `\t`, `\r`, `\n` resolved, as `ngx_conf_read_token` does.
pub fn unescape(raw: &[u8], kind: TokenKind) -> Cow<'_, [u8]> {
    unescape_scanned(raw, kind, raw.contains(&b'\\'))
}

/// The value of a token of `src` (see [`SourceFile::value`]).
#[inline]
pub(crate) fn token_value<'a>(src: &'a [u8], token: &Token) -> Cow<'a, [u8]> {
    let raw = &src[token.span().start..token.span().end];
    // Most tokens are words without a backslash, whose value is their text:
    // that case inline at every caller, the rest out of line.
    if token.kind == TokenKind::Word && token.is_plain() {
        return Cow::Borrowed(raw);
    }
    token_value_scanned(raw, token)
}

fn token_value_scanned<'a>(raw: &'a [u8], token: &Token) -> Cow<'a, [u8]> {
    if token.is_plain() {
        unescape_scanned(raw, token.kind, false)
    } else {
        unescape(raw, token.kind)
    }
}

/// [`unescape`] when whether the text holds a backslash is already known.
fn unescape_scanned(raw: &[u8], kind: TokenKind, has_backslash: bool) -> Cow<'_, [u8]> {
    let inner = match kind {
        TokenKind::DoubleQuoted | TokenKind::SingleQuoted => {
            let quote = raw[0];
            let end = if raw.len() >= 2
                && raw[raw.len() - 1] == quote
                && !(has_backslash && escaped_at(raw, raw.len() - 1))
            {
                raw.len() - 1
            } else {
                raw.len()
            };
            &raw[1..end]
        }
        _ => raw,
    };
    if !has_backslash {
        return Cow::Borrowed(inner);
    }
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        if inner[i] == b'\\' && i + 1 < inner.len() {
            match inner[i + 1] {
                b'"' | b'\'' | b'\\' => {
                    out.push(inner[i + 1]);
                    i += 2;
                    continue;
                }
                b't' => {
                    out.push(b'\t');
                    i += 2;
                    continue;
                }
                b'r' => {
                    out.push(b'\r');
                    i += 2;
                    continue;
                }
                b'n' => {
                    out.push(b'\n');
                    i += 2;
                    continue;
                }
                _ => {}
            }
        }
        out.push(inner[i]);
        i += 1;
    }
    Cow::Owned(out)
}

/// Whether the byte at `at` is preceded by an odd number of backslashes.
fn escaped_at(raw: &[u8], at: usize) -> bool {
    raw[..at].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}
