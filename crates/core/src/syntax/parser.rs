//! Builds the lossless tree from the token stream, the way `ngx_conf_parse`
//! groups tokens into directives and blocks, but recovering from every error.
//!
//! The parser keeps open blocks on an explicit stack instead of recursing, so
//! arbitrarily deep nesting in hostile input cannot overflow the call stack.

use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::syntax::lexer::{Lexer, Token, TokenKind};
use crate::syntax::tree::{unescape, Block, Directive, End, Item, RawBlock, SourceFile};

/// The result of parsing one file: the tree and the syntax errors found on the way.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub file: SourceFile,
    pub errors: Vec<Diagnostic>,
}

/// A directive whose name and arguments have been read, waiting for its terminator.
struct Pending {
    name: Token,
    parts: Vec<Token>,
}

/// A block being filled: the directive that opened it and the items so far.
struct Open {
    head: Pending,
    open: Token,
    items: Vec<Item>,
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
    let (items, errors, has_include) = parse_items(&text);
    Parsed {
        file: SourceFile::new(text, items, has_include),
        errors,
    }
}

/// The items, the syntax errors, and whether some directive is named `include`.
fn parse_items(src: &[u8]) -> (Vec<Item>, Vec<Diagnostic>, bool) {
    let mut has_include = false;
    let mut lexer = Lexer::new(src);
    let mut errors = Vec::new();
    let mut root: Vec<Item> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut pending: Option<Pending> = None;

    fn items<'s>(root: &'s mut Vec<Item>, stack: &'s mut [Open]) -> &'s mut Vec<Item> {
        match stack.last_mut() {
            Some(open) => &mut open.items,
            None => root,
        }
    }

    while let Some(token) = lexer.next_token() {
        match token.kind {
            kind if kind.is_trivia() => match pending.as_mut() {
                Some(p) => p.parts.push(token),
                None => push_trivia(items(&mut root, &mut stack), token),
            },
            kind if kind.is_word() => match pending.as_mut() {
                Some(p) => p.parts.push(token),
                None => {
                    has_include = has_include || names_include(src, token);
                    pending = Some(Pending {
                        name: token,
                        parts: Vec::new(),
                    })
                }
            },
            TokenKind::Semicolon => match pending.take() {
                Some(p) => {
                    items(&mut root, &mut stack).push(Item::Directive(Box::new(Directive {
                        name: p.name,
                        parts: p.parts,
                        end: End::Semicolon(token),
                    })))
                }
                None => {
                    errors.push(unexpected(token, ';'));
                    items(&mut root, &mut stack).push(Item::Stray(token));
                }
            },
            TokenKind::LBrace => match pending.take() {
                Some(p)
                    if is_raw_block_directive(&unescape(
                        &src[p.name.span().start..p.name.span().end],
                        p.name.kind,
                    )) =>
                {
                    let (body, close) = lexer.raw_block();
                    if close.is_none() {
                        errors.push(unclosed(token));
                    }
                    items(&mut root, &mut stack).push(Item::Directive(Box::new(Directive {
                        name: p.name,
                        parts: p.parts,
                        end: End::Raw(Box::new(RawBlock {
                            open: token,
                            body,
                            close,
                        })),
                    })));
                }
                Some(head) => stack.push(Open {
                    head,
                    open: token,
                    items: Vec::new(),
                }),
                None => {
                    errors.push(unexpected(token, '{'));
                    items(&mut root, &mut stack).push(Item::Stray(token));
                }
            },
            TokenKind::RBrace => {
                let cut_short = pending.is_some();
                if let Some(p) = pending.take() {
                    // nginx: `unexpected "}"`. Almost always a forgotten `;`.
                    errors.push(unexpected(token, '}').with_help(format!(
                        "missing \";\" after the \"{}\" directive?",
                        String::from_utf8_lossy(&src[p.name.span().start..p.name.span().end])
                    )));
                    items(&mut root, &mut stack).push(Item::Directive(Box::new(Directive {
                        name: p.name,
                        parts: p.parts,
                        end: End::Missing,
                    })));
                }
                match stack.pop() {
                    Some(open) => items(&mut root, &mut stack).push(close_block(open, Some(token))),
                    None => {
                        if !cut_short {
                            errors.push(unexpected(token, '}'));
                        }
                        root.push(Item::Stray(token));
                    }
                }
            }
            // Raw bodies only come from `raw_block`, never from `next_token`.
            _ => items(&mut root, &mut stack).push(Item::Stray(token)),
        }
    }

    errors.append(&mut lexer.errors);
    if let Some(p) = pending.take() {
        let at = src.len();
        // An unterminated quote already explains this end of file.
        if !errors.iter().any(|e| e.code == Code::UnterminatedQuote) {
            errors.push(Diagnostic::error(
                Code::UnexpectedEof,
                Span::empty(at),
                "unexpected end of file, expecting \";\" or \"}\"",
            ));
        }
        items(&mut root, &mut stack).push(Item::Directive(Box::new(Directive {
            name: p.name,
            parts: p.parts,
            end: End::Missing,
        })));
    }
    while let Some(open) = stack.pop() {
        errors.push(unclosed(open.open));
        items(&mut root, &mut stack).push(close_block(open, None));
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
    (root, errors, has_include)
}

/// Whether a directive name token reads `include` (quoted or escaped too).
fn names_include(src: &[u8], name: Token) -> bool {
    let raw = &src[name.span().start..name.span().end];
    raw == b"include" || (raw.len() > 7 && unescape(raw, name.kind).as_ref() == b"include")
}

/// Add a trivia token between directives, joining runs of whitespace and
/// line breaks into one `Blank` token.
fn push_trivia(items: &mut Vec<Item>, token: Token) {
    let blank = |k: TokenKind| {
        matches!(
            k,
            TokenKind::Whitespace | TokenKind::Newline | TokenKind::Blank
        )
    };
    if blank(token.kind) {
        if let Some(Item::Trivia(last)) = items.last_mut() {
            if blank(last.kind) && last.span().end == token.span().start {
                last.kind = TokenKind::Blank;
                last.set_end(token.span().end);
                return;
            }
        }
    }
    items.push(Item::Trivia(token));
}

fn close_block(open: Open, close: Option<Token>) -> Item {
    Item::Directive(Box::new(Directive {
        name: open.head.name,
        parts: open.head.parts,
        end: End::Block(Box::new(Block {
            open: open.open,
            items: open.items,
            close,
        })),
    }))
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
