//! The tokenizer, byte for byte after nginx's `ngx_conf_read_token`.
//!
//! Every byte of the input lands in exactly one token, so the tree built from
//! these tokens prints back to the input unchanged. Where nginx would stop with
//! an error, the lexer records a diagnostic and keeps going.

use crate::bytes;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TokenKind {
    /// A run of spaces, tabs, carriage returns and line breaks: one token
    /// per run (most of a config's bytes between words are blanks, and one
    /// token per run keeps the tree small).
    Blank,
    /// `#` to the end of the line (the line break, and a `\r` before it, are not part of it).
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
}

impl TokenKind {
    /// Blanks and comments: kept in the tree, ignored by analysis.
    #[inline(always)]
    pub fn is_trivia(self) -> bool {
        matches!(self, TokenKind::Blank | TokenKind::Comment)
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
    /// What the lexer learnt for free while reading the token, which would
    /// cost a scan to ask again (it sits in what would be padding: the
    /// token stays 12 bytes):
    /// - a word or quoted string: it holds no backslash, so its value is its
    ///   text (quotes aside) with nothing to unescape; the analysis asks for
    ///   the value of almost every directive name and argument;
    /// - a blank: it holds a line break; the check for a missing `;` looks
    ///   for arguments that start a line, in every directive.
    flag: bool,
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
        Token::lexed(kind, span, false)
    }

    #[inline(always)]
    fn lexed(kind: TokenKind, span: Span, flag: bool) -> Token {
        Token {
            kind,
            flag,
            start: span.start as u32,
            end: span.end as u32,
        }
    }

    /// Whether a word or quoted string is known to hold no backslash.
    #[inline(always)]
    pub fn is_plain(&self) -> bool {
        self.flag && self.kind.is_word()
    }

    /// Whether a blank holds a line break (false for every other token).
    #[inline(always)]
    pub fn has_line_break(&self) -> bool {
        self.flag && self.kind == TokenKind::Blank
    }

    /// Where the token is, as byte offsets.
    #[inline(always)]
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// What a byte is to the lexer, looked up in one table: the loops over
/// words and blanks test one table entry per byte instead of a chain of
/// comparisons.
const BLANK: u8 = 1;
/// Ends a word, or needs a second look inside one (`\\`, `$`).
const WORD_SPECIAL: u8 = 2;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b' ' as usize] = BLANK | WORD_SPECIAL;
    t[b'\t' as usize] = BLANK | WORD_SPECIAL;
    t[b'\r' as usize] = BLANK | WORD_SPECIAL;
    t[b'\n' as usize] = BLANK | WORD_SPECIAL;
    t[b';' as usize] = WORD_SPECIAL;
    t[b'{' as usize] = WORD_SPECIAL;
    t[b'\\' as usize] = WORD_SPECIAL;
    t[b'$' as usize] = WORD_SPECIAL;
    t
};

#[inline(always)]
fn is_space(b: u8) -> bool {
    CLASS[b as usize] & BLANK != 0
}

/// Where the run of blanks from `at` ends, and whether it holds a line
/// break. Indentation is most of a config's blanks, so runs of spaces go
/// eight at a time.
#[inline(always)]
fn blank_end(src: &[u8], mut at: usize) -> (usize, bool) {
    // One space between two arguments, the commonest blank of all.
    if src.get(at) == Some(&b' ') && src.get(at + 1).is_some_and(|&b| !is_space(b)) {
        return (at + 1, false);
    }
    let mut line_break = false;
    loop {
        while let Some(x) = bytes::word_at(src, at) {
            let flags = bytes::not_equal(x, b' ');
            if flags != 0 {
                at += bytes::first(flags);
                break;
            }
            at += 8;
        }
        match src.get(at) {
            Some(&b) if is_space(b) => {
                line_break |= b == b'\n';
                at += 1;
            }
            _ => return (at, line_break),
        }
    }
}

/// nginx's `NGX_CONF_BUFFER`: no token may fill it.
pub const CONF_BUFFER: usize = 4096;

/// The length of a quoted string's content if its closing quote is there
/// (`token` starts with the opening quote).
fn closed_quote_len(token: &[u8]) -> Option<usize> {
    let quote = *token.first()?;
    let mut i = 1;
    while i < token.len() {
        match token[i] {
            b'\\' => i += 2,
            b if b == quote => return Some(i - 1),
            _ => i += 1,
        }
    }
    None
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

    // Inlined into the parser's loop: called once per token, and the call
    // itself (saving and restoring registers) was a tenth of the lexer's time.
    #[inline(always)]
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
        let mut flag = false;
        let kind = match first {
            b' ' | b'\t' | b'\r' | b'\n' => {
                (self.pos, flag) = blank_end(self.src, start);
                TokenKind::Blank
            }
            b'#' => {
                let rest = &self.src[start..];
                let mut end = bytes::find(rest, b'\n').unwrap_or(rest.len());
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
                flag = self.quoted(first);
                self.after_quote = true;
                if first == b'"' {
                    TokenKind::DoubleQuoted
                } else {
                    TokenKind::SingleQuoted
                }
            }
            _ => {
                flag = self.word();
                TokenKind::Word
            }
        };
        if self.pos - start >= CONF_BUFFER - 1 && kind != TokenKind::Blank {
            self.too_long(kind, start);
        }
        Some(Token::lexed(kind, Span::new(start, self.pos), flag))
    }

    /// nginx reads a config through a buffer of [`CONF_BUFFER`] bytes and
    /// fails when one token fills it. Counted from the token's first byte
    /// (after an opening quote) through the byte nginx consumes before it
    /// looks for more input: a blank right after the token counts, a `;` or
    /// `{` does not, and a comment's line break does not. Checked against
    /// nginx 1.22.1 at each boundary.
    #[cold]
    fn too_long(&mut self, kind: TokenKind, start: usize) {
        let (src, end) = (self.src, self.pos);
        let blank_after = usize::from(src.get(end).is_some_and(|&b| is_space(b)));
        let (from, needed, open) = match kind {
            TokenKind::Word => (start, end - start + blank_after, false),
            TokenKind::Comment => (start, end - start, false),
            TokenKind::DoubleQuoted | TokenKind::SingleQuoted => {
                let content = closed_quote_len(&src[start..end]);
                match content {
                    // The buffer fills before the closing quote comes.
                    Some(c) => (start + 1, c + 1 + blank_after, c >= CONF_BUFFER),
                    None => (start + 1, end - start - 1, true),
                }
            }
            _ => return,
        };
        // At the end of the file nginx reports the end of the file instead.
        if needed < CONF_BUFFER || from + CONF_BUFFER >= src.len() {
            return;
        }
        let message = if open {
            format!(
                "too long parameter, probably missing terminating \"{}\" character",
                src[start] as char
            )
        } else {
            let head = String::from_utf8_lossy(&src[from..(from + 10).min(end)]).into_owned();
            format!("too long parameter \"{head}...\" started")
        };
        self.errors.push(
            Diagnostic::error(Code::TooLongParameter, Span::new(start, end), message).with_help(
                format!("nginx reads at most {CONF_BUFFER} bytes of one word, string or comment"),
            ),
        );
    }

    /// An unquoted word ends at whitespace, `;` or `{` (not `}`: nginx keeps
    /// `a}` as one word). A backslash escapes the next byte and `${` does not
    /// open a block. Returns whether no backslash came.
    fn word(&mut self) -> bool {
        let src = self.src;
        let mut i = self.pos;
        let mut plain = true;
        while i < src.len() {
            // Eight bytes at a time to the first that may end the word: one
            // at or below a space (the blanks, and control bytes, which the
            // table below lets through), `;`, `{`, `\\` or `$`.
            while let Some(x) = bytes::word_at(src, i) {
                let flags = bytes::below(x, b' ' + 1)
                    | bytes::equal(x, b';')
                    | bytes::equal(x, b'{')
                    | bytes::equal(x, b'\\')
                    | bytes::equal(x, b'$');
                if flags != 0 {
                    i += bytes::first(flags);
                    break;
                }
                i += 8;
            }
            let Some(&b) = src.get(i) else { break };
            if CLASS[b as usize] & WORD_SPECIAL == 0 {
                i += 1;
                continue;
            }
            match b {
                b'\\' => {
                    plain = false;
                    i = (i + 2).min(src.len());
                }
                b'$' if src.get(i + 1) == Some(&b'{') => i += 2,
                b'$' => i += 1,
                _ => break,
            }
        }
        self.pos = i;
        plain
    }

    /// A quoted string runs to the matching unescaped quote, across lines.
    /// Returns whether no backslash came.
    fn quoted(&mut self, quote: u8) -> bool {
        let src = self.src;
        let start = self.pos;
        let mut i = start + 1;
        let mut plain = true;
        while i < src.len() {
            let b = src[i];
            i += 1;
            if b == quote {
                self.pos = i;
                return plain;
            }
            if b == b'\\' {
                plain = false;
                i = (i + 1).min(src.len());
            }
        }
        self.pos = src.len();
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
        plain
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The word scan as nginx's reader states it, one byte at a time.
    fn word_end_bytewise(src: &[u8], mut i: usize) -> (usize, bool) {
        let mut plain = true;
        while i < src.len() {
            match src[i] {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'{' => break,
                b'\\' => {
                    plain = false;
                    i = (i + 2).min(src.len());
                }
                b'$' if src.get(i + 1) == Some(&b'{') => i += 2,
                _ => i += 1,
            }
        }
        (i, plain)
    }

    /// Every string of up to 11 bytes over an alphabet of the bytes that
    /// matter (and some that only look like they might) at every offset
    /// inside an eight-byte word: the word-at-a-time scans end where the
    /// byte-at-a-time ones do.
    #[test]
    fn word_and_blank_scans_agree_with_bytewise_scans() {
        const ALPHABET: &[u8] = b"a \t\r\n;{\\${}\"\x01\x21\xc3";
        let mut state: u64 = 0x243f_6a88_85a3_08d3;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 12) as usize;
            let mut src = b"xxxxxxx".to_vec();
            let mut bits = state >> 8;
            for _ in 0..len {
                src.push(ALPHABET[(bits % ALPHABET.len() as u64) as usize]);
                bits /= ALPHABET.len() as u64;
            }
            for start in 0..src.len() {
                let mut lexer = Lexer::new(&src);
                lexer.pos = start;
                let plain = lexer.word();
                assert_eq!(
                    (lexer.pos, plain),
                    word_end_bytewise(&src, start),
                    "{src:?} from {start}"
                );
                let run = src[start..].iter().take_while(|&&b| is_space(b)).count();
                let expected = (start + run, src[start..start + run].contains(&b'\n'));
                assert_eq!(blank_end(&src, start), expected, "{src:?} from {start}");
            }
        }
    }
}
