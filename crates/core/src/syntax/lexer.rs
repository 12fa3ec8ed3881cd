//! The tokenizer, byte for byte after nginx's `ngx_conf_read_token`.
//!
//! Every byte of the input lands in exactly one token, so the tree built from
//! these tokens prints back to the input unchanged. Where nginx would stop with
//! an error, the lexer records a diagnostic and keeps going.

use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TokenKind {
    /// Spaces, tabs and lone carriage returns.
    Whitespace,
    /// `\n` or `\r\n`.
    Newline,
    /// `#` to the end of the line (the line break is not part of it).
    Comment,
    /// An unquoted word: a directive name or argument, escapes and `${var}` included.
    Word,
    /// `"..."`, quotes included.
    DoubleQuoted,
    /// `'...'`, quotes included.
    SingleQuoted,
    Semicolon,
    LBrace,
    RBrace,
    /// The verbatim body of a raw block such as `content_by_lua_block { ... }`,
    /// between (not including) its braces.
    RawBody,
    /// Whitespace and line breaks between directives, joined into one token
    /// by the parser (most of a config's tokens are blanks; one item per run
    /// keeps the tree small).
    Blank,
}

impl TokenKind {
    /// Whitespace, line breaks and comments: kept in the tree, ignored by analysis.
    #[inline(always)]
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            TokenKind::Whitespace | TokenKind::Newline | TokenKind::Comment | TokenKind::Blank
        )
    }

    /// Words and quoted strings: the tokens nginx collects as arguments.
    #[inline(always)]
    pub fn is_word(self) -> bool {
        matches!(
            self,
            TokenKind::Word | TokenKind::DoubleQuoted | TokenKind::SingleQuoted
        )
    }
}

/// A token: its kind and where it is. Offsets are stored as `u32` (files are
/// limited to 4 GiB, see [`MAX_SOURCE_LEN`]): a token is 12 bytes instead of
/// 24, and the syntax tree, which is mostly tokens, about a third smaller,
/// which showed in parse time and in the page faults of a fresh process.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Token {
    pub kind: TokenKind,
    start: u32,
    end: u32,
}

/// The longest text the lexer reads: offsets must fit in `u32`. Longer
/// inputs are cut here (the CLI refuses them before, with an error); the page
/// cannot hold one.
pub const MAX_SOURCE_LEN: usize = u32::MAX as usize;

impl Token {
    #[inline(always)]
    pub fn new(kind: TokenKind, span: Span) -> Token {
        Token {
            kind,
            start: span.start as u32,
            end: span.end as u32,
        }
    }

    /// Where the token is, as byte offsets.
    #[inline(always)]
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// Move the token's end (the parser joins runs of blanks).
    #[inline(always)]
    pub fn set_end(&mut self, end: usize) {
        self.end = end as u32;
    }
}

#[inline(always)]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// A pull lexer: the parser asks for one token at a time, and switches it to
/// raw mode for the body of a Lua block, whose braces and quotes follow Lua.
pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    /// The previous token was a quoted string: nginx wants a space, `;`, `{` or `)` next.
    after_quote: bool,
    pub errors: Vec<Diagnostic>,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a [u8]) -> Lexer<'a> {
        Lexer {
            src: &src[..src.len().min(MAX_SOURCE_LEN)],
            pos: 0,
            after_quote: false,
            errors: Vec::new(),
        }
    }

    // Forced inline: the page's build optimizes for size and otherwise
    // makes a call of every byte the lexer looks at.
    #[inline(always)]
    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    pub fn next_token(&mut self) -> Option<Token> {
        let start = self.pos;
        let first = *self.src.get(start)?;
        let after_quote = std::mem::replace(&mut self.after_quote, false);
        // A `}` there is reported by the parser, which sees the directive it cuts short.
        if after_quote && !is_space(first) && !matches!(first, b';' | b'{' | b'}' | b')') {
            let end = (start + utf8_len(first)).min(self.src.len());
            let shown = String::from_utf8_lossy(&self.src[start..end]);
            self.errors.push(
                Diagnostic::error(
                    Code::UnexpectedAfterQuote,
                    Span::new(start, end),
                    format!("unexpected \"{shown}\""),
                )
                .with_help("put a space after the closing quote"),
            );
        }
        let kind = match first {
            b'\n' => {
                self.pos += 1;
                TokenKind::Newline
            }
            b'\r' if self.peek_at(1) == Some(b'\n') => {
                self.pos += 2;
                TokenKind::Newline
            }
            b' ' | b'\t' | b'\r' => {
                self.pos += 1;
                while let Some(b) = self.peek_at(0) {
                    let lone_cr = b == b'\r' && self.peek_at(1) != Some(b'\n');
                    if b == b' ' || b == b'\t' || lone_cr {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                TokenKind::Whitespace
            }
            b'#' => {
                let rest = &self.src[start..];
                let mut end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                if end > 0 && rest[end - 1] == b'\r' && end < rest.len() {
                    end -= 1;
                }
                self.pos = start + end;
                TokenKind::Comment
            }
            b';' => {
                self.pos += 1;
                TokenKind::Semicolon
            }
            b'{' => {
                self.pos += 1;
                TokenKind::LBrace
            }
            b'}' => {
                self.pos += 1;
                TokenKind::RBrace
            }
            b'"' | b'\'' => {
                self.quoted(first);
                self.after_quote = true;
                if first == b'"' {
                    TokenKind::DoubleQuoted
                } else {
                    TokenKind::SingleQuoted
                }
            }
            _ => {
                self.word();
                TokenKind::Word
            }
        };
        Some(Token::new(kind, Span::new(start, self.pos)))
    }

    /// An unquoted word ends at whitespace, `;` or `{` (not `}`: nginx keeps
    /// `a}` as one word). A backslash escapes the next byte and `${` does not
    /// open a block.
    fn word(&mut self) {
        while let Some(b) = self.peek_at(0) {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'{' => break,
                b'\\' => self.pos = (self.pos + 2).min(self.src.len()),
                b'$' if self.peek_at(1) == Some(b'{') => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }

    /// A quoted string runs to the matching unescaped quote, across lines.
    fn quoted(&mut self, quote: u8) {
        let start = self.pos;
        self.pos += 1;
        while let Some(b) = self.peek_at(0) {
            self.pos += 1;
            if b == b'\\' {
                self.pos = (self.pos + 1).min(self.src.len());
            } else if b == quote {
                return;
            }
        }
        self.errors.push(
            Diagnostic::error(
                Code::UnterminatedQuote,
                Span::new(start, start + 1),
                "unexpected end of file, expecting \";\" or \"}\"",
            )
            .with_help(format!(
                "this {} quote is never closed",
                if quote == b'"' { "double" } else { "single" }
            )),
        );
    }

    /// The body of a raw (Lua) block, called right after its `{`. Returns the
    /// body token and the closing `}` if there is one. Lua strings, long
    /// brackets and comments may hold braces that do not count.
    pub fn raw_block(&mut self) -> (Token, Option<Token>) {
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(b) = self.peek_at(0) {
            match b {
                b'-' if self.peek_at(1) == Some(b'-') => {
                    self.pos += 2;
                    if !self.long_bracket() {
                        while let Some(c) = self.peek_at(0) {
                            if c == b'\n' {
                                break;
                            }
                            self.pos += 1;
                        }
                    }
                }
                b'[' => {
                    if !self.long_bracket() {
                        self.pos += 1;
                    }
                }
                b'"' | b'\'' => {
                    self.pos += 1;
                    while let Some(c) = self.peek_at(0) {
                        self.pos += 1;
                        if c == b'\\' {
                            self.pos = (self.pos + 1).min(self.src.len());
                        } else if c == b || c == b'\n' {
                            break;
                        }
                    }
                }
                b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' if depth == 0 => {
                    let body = Token::new(TokenKind::RawBody, Span::new(start, self.pos));
                    self.pos += 1;
                    let close = Token::new(TokenKind::RBrace, Span::new(self.pos - 1, self.pos));
                    return (body, Some(close));
                }
                b'}' => {
                    depth -= 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
        let body = Token::new(TokenKind::RawBody, Span::new(start, self.pos));
        (body, None)
    }

    /// At `[`, consume a Lua long bracket `[==[ ... ]==]` if one starts here.
    fn long_bracket(&mut self) -> bool {
        if self.peek_at(0) != Some(b'[') {
            return false;
        }
        let mut level = 0;
        while self.peek_at(1 + level) == Some(b'=') {
            level += 1;
        }
        if self.peek_at(1 + level) != Some(b'[') {
            return false;
        }
        self.pos += level + 2;
        while let Some(b) = self.peek_at(0) {
            self.pos += 1;
            if b == b']'
                && (0..level).all(|i| self.peek_at(i) == Some(b'='))
                && self.peek_at(level) == Some(b']')
            {
                self.pos += level + 1;
                return true;
            }
        }
        true
    }
}

/// Length of the UTF-8 sequence a lead byte announces (1 for invalid bytes), for messages.
fn utf8_len(b: u8) -> usize {
    match b {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}
