//! Builds the lossless tree from the token stream, the way `ngx_conf_parse`
//! groups tokens into directives and blocks, but recovering from every error.
//!
//! The parser keeps open blocks on an explicit stack instead of recursing, so
//! arbitrarily deep nesting in hostile input cannot overflow the call stack.

use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::lexer::{Lexer, Token, TokenKind};
use crate::syntax::tree::{
    token_value, Block, Directive, DirectiveId, End, Item, RawBlock, Run, SourceFile,
};

/// The result of parsing one file: the tree and the syntax errors found on the way.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub file: SourceFile,
    pub errors: Vec<Diagnostic>,
}

/// A block being filled: the directive that opened it, and where its
/// items start on the parser's item stack.
struct Open {
    directive: DirectiveId,
    first: usize,
}

/// Syntax errors reported per file at most.
pub const MAX_ERRORS: usize = 1000;

/// Whether a directive's block holds another language verbatim. OpenResty's
/// `*_by_lua_block` directives are the ones in real configs.
pub fn is_raw_block_directive(name: &[u8]) -> bool {
    name.ends_with(b"_by_lua_block")
}

/// Parse any bytes. Never fails and never panics: problems become diagnostics,
/// and `file.to_bytes()` always equals `src`.
pub fn parse(src: &[u8]) -> Parsed {
    parse_owned(src.to_vec())
}

/// [`parse`], taking ownership of the text (the tree keeps it) to save a copy.
pub fn parse_owned(text: Vec<u8>) -> Parsed {
    let mut tree = Builder::for_size(text.len());
    let errors = tree.parse(&text);
    Parsed {
        file: tree.finish(text),
        errors,
    }
}

/// The vectors of the flat tree (see [`SourceFile`]) while they fill.
///
/// Each vector grows by doubling and never frees: the items of the open
/// blocks wait on one stack (`pending_items`) and move into `items`, as one
/// contiguous run, when their block closes. A directive's parts go straight
/// into `parts`: nothing else comes between its name and its terminator,
/// so they are a run there already (from `parts_from`).
#[derive(Default)]
struct Builder {
    directives: Vec<Directive>,
    items: Vec<Item>,
    parts: Vec<Token>,
    pending_items: Vec<Item>,
    /// Where the parts of the directive being read start in `parts`.
    parts_from: usize,
    open: Vec<Open>,
    has_include: bool,
}

impl Builder {
    /// Vectors sized for `len` bytes of a typical config (the corpus has a
    /// directive per 50 bytes, an item per 18, a part per 8), so that large
    /// files are not copied from one doubling to the next; unused capacity
    /// costs address space, not memory, until it is touched.
    fn for_size(len: usize) -> Builder {
        Builder {
            directives: Vec::with_capacity(len / 40),
            items: Vec::with_capacity(len / 16),
            parts: Vec::with_capacity(len / 8),
            ..Builder::default()
        }
    }

    /// Read every token of `src` into the tree; the syntax errors found.
    fn parse(&mut self, src: &[u8]) -> Vec<Diagnostic> {
        let mut lexer = Lexer::new(src);
        let mut errors = Vec::new();
        // The name of the directive being read (its parts are
        // `parts[parts_from..]`).
        let mut pending: Option<Token> = None;

        while let Some(token) = lexer.next_token() {
            match token.kind {
                kind if kind.is_trivia() => match pending {
                    Some(_) => self.parts.push(token),
                    None => self.pending_items.push(Item::Trivia(token)),
                },
                kind if kind.is_word() => match pending {
                    Some(_) => self.parts.push(token),
                    None => {
                        self.has_include = self.has_include || names_include(src, token);
                        self.parts_from = self.parts.len();
                        pending = Some(token);
                    }
                },
                TokenKind::Semicolon => match pending.take() {
                    Some(name) => {
                        self.directive(name, End::Semicolon(token), token.span().end);
                    }
                    None => {
                        errors.push(unexpected(token, ';'));
                        self.pending_items.push(Item::Stray(token));
                    }
                },
                TokenKind::LBrace => match pending.take() {
                    Some(name) if is_raw_block_directive(&token_value(src, &name)) => {
                        let (body, close) = lexer.raw_block();
                        if close.is_none() {
                            errors.push(unclosed(token));
                        }
                        let end = close.map_or(body.span().end, |t| t.span().end);
                        let raw = RawBlock {
                            open: token,
                            body,
                            close,
                        };
                        self.directive(name, End::Raw(raw), end);
                    }
                    Some(name) => {
                        let block = Block {
                            open: token,
                            items: Run::default(),
                            close: None,
                        };
                        let id = self.directive(name, End::Block(block), token.span().end);
                        self.open.push(Open {
                            directive: id,
                            first: self.pending_items.len(),
                        });
                    }
                    None => {
                        errors.push(unexpected(token, '{'));
                        self.pending_items.push(Item::Stray(token));
                    }
                },
                TokenKind::RBrace => {
                    let cut_short = pending.is_some();
                    if let Some(name) = pending.take() {
                        // nginx: `unexpected "}"`. Almost always a forgotten `;`.
                        errors.push(unexpected(token, '}').with_help(format!(
                            "missing \";\" after the \"{}\" directive?",
                            String::from_utf8_lossy(&src[name.span().start..name.span().end])
                        )));
                        self.missing_end(name);
                    }
                    match self.open.pop() {
                        Some(block) => self.close_block(block, Some(token)),
                        None => {
                            if !cut_short {
                                errors.push(unexpected(token, '}'));
                            }
                            self.pending_items.push(Item::Stray(token));
                        }
                    }
                }
                // Raw bodies only come from `raw_block`, never from `next_token`.
                _ => self.pending_items.push(Item::Stray(token)),
            }
        }

        errors.append(&mut lexer.errors);
        if let Some(name) = pending.take() {
            let at = src.len();
            // An unterminated quote already explains this end of file.
            if !errors.iter().any(|e| e.code == Code::UnterminatedQuote) {
                errors.push(Diagnostic::error(
                    Code::UnexpectedEof,
                    Span::empty(at),
                    "unexpected end of file, expecting \";\" or \"}\"",
                ));
            }
            self.missing_end(name);
        }
        while let Some(block) = self.open.pop() {
            let open = match &self.directives[block.directive.0 as usize].end {
                End::Block(b) => b.open,
                _ => unreachable!("only blocks are opened"),
            };
            errors.push(unclosed(open));
            self.close_block(block, None);
        }
        errors.sort_by_key(|e| e.span.start);
        if errors.len() > MAX_ERRORS {
            // Past this, the text is not an nginx config; more messages help no one
            // and would only cost time to place and show.
            let at = errors[MAX_ERRORS].span;
            errors.truncate(MAX_ERRORS);
            errors.push(Diagnostic::error(
                Code::TooManyErrors,
                at,
                format!("too many errors: only the first {MAX_ERRORS} are reported"),
            ));
        }
        errors
    }

    /// Add a directive with the parts read so far, as an item of the
    /// innermost open block.
    fn directive(&mut self, name: Token, end: End, span_end: usize) -> DirectiveId {
        let id = DirectiveId(self.directives.len() as u32);
        let parts = Run {
            start: self.parts_from as u32,
            len: (self.parts.len() - self.parts_from) as u32,
        };
        self.directives.push(Directive {
            name,
            parts,
            end,
            span_end: span_end as u32,
            depth: self.open.len() as u32,
        });
        self.pending_items.push(Item::Directive(id));
        id
    }

    /// A directive cut short by a `}` or the end of the file: it ends with
    /// its last argument.
    fn missing_end(&mut self, name: Token) {
        let end = self.parts[self.parts_from..]
            .iter()
            .rev()
            .find(|t| !t.kind.is_trivia())
            .map_or(name.span().end, |t| t.span().end);
        self.directive(name, End::Missing, end);
    }

    /// Move a block's items off the stack into place; an unclosed block
    /// ends with its last item.
    fn close_block(&mut self, block: Open, close: Option<Token>) {
        let run = self.take_items(block.first);
        let last_end = self.items[run.range()].last().map(|item| match item {
            Item::Trivia(t) | Item::Stray(t) => t.span().end as u32,
            Item::Directive(id) => self.directives[id.0 as usize].span_end,
        });
        let d = &mut self.directives[block.directive.0 as usize];
        if let End::Block(b) = &mut d.end {
            b.items = run;
            b.close = close;
            d.span_end = match close {
                Some(t) => t.span().end as u32,
                None => last_end.unwrap_or(b.open.span().end as u32),
            };
        }
    }

    /// Move the pending items from `first` on into `items`, as one run.
    fn take_items(&mut self, first: usize) -> Run {
        let run = Run {
            start: self.items.len() as u32,
            len: (self.pending_items.len() - first) as u32,
        };
        self.items.extend(self.pending_items.drain(first..));
        run
    }

    fn finish(mut self, src: Vec<u8>) -> SourceFile {
        let top = self.take_items(0);
        SourceFile::new(
            src,
            self.directives,
            self.items,
            top,
            self.parts,
            self.has_include,
        )
    }
}

/// Whether a directive name token reads `include` (quoted or escaped too).
fn names_include(src: &[u8], name: Token) -> bool {
    let raw = &src[name.span().start..name.span().end];
    // A plain word's value is its text: only quotes or escapes need a look.
    let as_written = name.kind == TokenKind::Word && name.is_plain();
    raw == b"include"
        || (!as_written && raw.len() > 7 && token_value(src, &name).as_ref() == b"include")
}

fn unexpected(token: Token, c: char) -> Diagnostic {
    Diagnostic::error(
        Code::UnexpectedToken,
        token.span(),
        format!("unexpected \"{c}\""),
    )
}

/// nginx reports a missing `}` at the end of the file; the help points at the
/// block that was never closed, which is what the user needs to find.
fn unclosed(open: Token) -> Diagnostic {
    Diagnostic::error(
        Code::UnclosedBlock,
        open.span(),
        "unexpected end of file, expecting \"}\"",
    )
    .with_help("this block is never closed")
}
