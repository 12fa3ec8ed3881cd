//! The lossless syntax tree.
//!
//! Every token the lexer produced hangs somewhere in this tree, trivia
//! (whitespace, line breaks, comments) included, in source order. Printing the
//! tree therefore gives back the input byte for byte, which is what lets fixes
//! be small text edits and lets untouched lines stay identical.

use std::borrow::Cow;

use crate::span::{LineIndex, Position, Span};
use crate::syntax::lexer::{Token, TokenKind};

/// One parsed file: its bytes, its line index and its top-level items.
#[derive(Clone, Debug)]
pub struct SourceFile {
    src: Vec<u8>,
    /// Built on the first position asked for: most parses (every keystroke
    /// in the page) need few or none.
    lines: std::sync::OnceLock<LineIndex>,
    pub items: Vec<Item>,
    /// Whether some directive is named `include` (recorded by the parser):
    /// loading skips the walk for include targets of the files without one.
    has_include: bool,
}

#[derive(Clone, Debug)]
pub enum Item {
    /// Whitespace, a line break or a comment between directives.
    Trivia(Token),
    /// Boxed: directives are the large, rarer items; trivia and stray
    /// tokens stay small, which keeps the item vectors compact.
    Directive(Box<Directive>),
    /// A `;`, `{` or `}` that belongs to no directive (already reported).
    Stray(Token),
}

/// `name arg... ;` or `name arg... { items }`.
#[derive(Clone, Debug)]
pub struct Directive {
    pub name: Token,
    /// Everything between the name and the terminator, in order: arguments
    /// and the trivia between them (a comment may sit between two arguments).
    pub parts: Vec<Token>,
    pub end: End,
}

#[derive(Clone, Debug)]
pub enum End {
    Semicolon(Token),
    /// Boxed so that the common `;` directive stays small.
    Block(Box<Block>),
    /// A block whose body is another language (`*_by_lua_block`), kept
    /// verbatim. Boxed, as `Block`: inline, its three tokens made every
    /// directive 40 bytes larger.
    Raw(Box<RawBlock>),
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
    pub items: Vec<Item>,
    /// `None` when the file ended first (reported).
    pub close: Option<Token>,
}

impl SourceFile {
    pub(crate) fn new(src: Vec<u8>, items: Vec<Item>, has_include: bool) -> SourceFile {
        SourceFile {
            src,
            lines: std::sync::OnceLock::new(),
            items,
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
        String::from_utf8_lossy(self.text(span))
    }

    pub fn position(&self, offset: usize) -> Position {
        self.line_index().position(&self.src, offset)
    }

    pub fn line_index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.src))
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
            vec![(self.items.iter(), None)];
        while let Some((items, _)) = stack.last_mut() {
            let Some(item) = items.next() else {
                if let Some((_, Some(close))) = stack.pop() {
                    f(close);
                }
                continue;
            };
            match item {
                Item::Trivia(t) | Item::Stray(t) => f(t),
                Item::Directive(d) => {
                    f(&d.name);
                    d.parts.iter().for_each(&mut f);
                    match &d.end {
                        End::Semicolon(t) => f(t),
                        End::Block(b) => {
                            f(&b.open);
                            stack.push((b.items.iter(), b.close.as_ref()));
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

    /// Every directive in the file, depth first, with its nesting depth.
    /// Iterative, so that pathological nesting cannot overflow the stack.
    pub fn directives(&self) -> impl Iterator<Item = (usize, &Directive)> {
        let mut stack: Vec<std::slice::Iter<'_, Item>> = vec![self.items.iter()];
        std::iter::from_fn(move || loop {
            let depth = stack.len().checked_sub(1)?;
            let top = stack.last_mut()?;
            match top.next() {
                None => {
                    stack.pop();
                }
                Some(Item::Directive(d)) => {
                    if let Some(block) = d.block() {
                        stack.push(block.items.iter());
                    }
                    return Some((depth, &**d));
                }
                Some(_) => {}
            }
        })
    }
}

impl Drop for SourceFile {
    /// Dropping nested `Vec`s recurses once per level; take the levels apart
    /// one at a time instead, so a million nested blocks drop like a flat list.
    fn drop(&mut self) {
        let mut pending = vec![std::mem::take(&mut self.items)];
        while let Some(items) = pending.pop() {
            for item in items {
                if let Item::Directive(d) = item {
                    if let End::Block(mut block) = d.end {
                        pending.push(std::mem::take(&mut block.items));
                    }
                }
            }
        }
    }
}

impl Directive {
    /// The argument tokens (words and quoted strings), trivia left out.
    pub fn args(&self) -> impl Iterator<Item = &Token> + Clone {
        self.parts.iter().filter(|t| t.kind.is_word())
    }

    pub fn arg_count(&self) -> usize {
        self.args().count()
    }

    pub fn block(&self) -> Option<&Block> {
        match &self.end {
            End::Block(b) => Some(&**b),
            _ => None,
        }
    }

    /// From the first byte of the name to the last byte of the terminator.
    pub fn span(&self) -> Span {
        let end = match &self.end {
            End::Semicolon(t) => t.span().end,
            End::Block(b) => b
                .close
                .map(|t| t.span().end)
                .unwrap_or_else(|| block_end(b).unwrap_or(b.open.span().end)),
            End::Raw(raw) => raw.close.map_or(raw.body.span().end, |t| t.span().end),
            End::Missing => self
                .parts
                .iter()
                .rev()
                .find(|t| !t.kind.is_trivia())
                .map(|t| t.span().end)
                .unwrap_or(self.name.span().end),
        };
        Span::new(self.name.span().start, end)
    }
}

/// End of the last token inside an unclosed block.
fn block_end(block: &Block) -> Option<usize> {
    block.items.last().map(|item| match item {
        Item::Trivia(t) | Item::Stray(t) => t.span().end,
        Item::Directive(d) => d.span().end,
    })
}

/// The value nginx sees for a word or quoted token: quotes removed and the
/// escapes `\"`, `\'`, `\\`, `\t`, `\r`, `\n` resolved, as `ngx_conf_read_token` does.
pub fn unescape(raw: &[u8], kind: TokenKind) -> Cow<'_, [u8]> {
    let inner = match kind {
        TokenKind::DoubleQuoted | TokenKind::SingleQuoted => {
            let quote = raw[0];
            let end =
                if raw.len() >= 2 && raw[raw.len() - 1] == quote && !escaped_at(raw, raw.len() - 1)
                {
                    raw.len() - 1
                } else {
                    raw.len()
                };
            &raw[1..end]
        }
        _ => raw,
    };
    if !inner.contains(&b'\\') {
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
