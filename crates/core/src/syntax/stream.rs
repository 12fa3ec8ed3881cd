//! Directives one at a time, straight from the lexer, with no tree.
//!
//! For passes that need only each directive's name, arguments and the name of
//! the block around it: the redactor runs on every keystroke in the page, and
//! building and dropping a tree for it took a third of its time. Blocks open
//! and close as the parser would have them (a stray `{` opens nothing, a `}`
//! ends a directive that lacks its `;`), so both see the same directives.

use super::lexer::{Lexer, Token, TokenKind};
use super::parser::is_raw_block_directive;
use super::tree::token_value;

/// One directive as the stream sees it.
#[derive(Clone, Copy, Debug)]
pub struct DirectiveView<'a> {
    pub name: Token,
    /// The arguments (words and quoted strings; comments between them left out).
    pub args: &'a [Token],
    /// The name of the directive whose block holds this one; `None` at the top.
    pub parent: Option<Token>,
}

/// Call `visit` for every directive of `src`, in source order (a block's
/// directive before the directives inside it). Never fails: bytes nginx would
/// reject are skipped the way the parser recovers from them.
pub fn for_each_directive(src: &[u8], mut visit: impl FnMut(DirectiveView<'_>)) {
    let mut lexer = Lexer::new(src);
    // The names of the open blocks; `None` for one a stray `{` could not open.
    let mut blocks: Vec<Token> = Vec::new();
    let mut name: Option<Token> = None;
    // Reused for every directive: no allocation per directive.
    let mut args: Vec<Token> = Vec::new();
    while let Some(token) = lexer.next_token() {
        let kind = token.kind;
        if kind.is_word() {
            match name {
                None => name = Some(token),
                Some(_) => args.push(token),
            }
            continue;
        }
        let parent = blocks.last().copied();
        match kind {
            TokenKind::Semicolon | TokenKind::RBrace => {
                if let Some(n) = name.take() {
                    visit(DirectiveView {
                        name: n,
                        args: &args,
                        parent,
                    });
                    args.clear();
                }
                if kind == TokenKind::RBrace {
                    blocks.pop();
                }
            }
            TokenKind::LBrace => {
                let Some(n) = name.take() else { continue };
                visit(DirectiveView {
                    name: n,
                    args: &args,
                    parent,
                });
                args.clear();
                if is_raw_block_directive(&token_value(src, &n)) {
                    lexer.raw_block();
                } else {
                    blocks.push(n);
                }
            }
            _ => {} // trivia
        }
    }
    if let Some(n) = name {
        visit(DirectiveView {
            name: n,
            args: &args,
            parent: blocks.last().copied(),
        });
    }
}
