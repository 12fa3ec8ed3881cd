//! Syntax: the lexer, the lossless tree, and the parser that joins them.

pub mod lexer;
pub mod parser;
pub mod stream;
pub mod tree;

pub use lexer::{Token, TokenKind, MAX_SOURCE_LEN};
pub use parser::{parse, parse_owned, Parsed};
pub use tree::{unescape, Block, Directive, DirectiveId, End, Item, RawBlock, SourceFile};
