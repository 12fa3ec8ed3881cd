//! The JSON shape of nginxinc/crossplane's `crossplane parse`, so that tools
//! built on crossplane can switch to confine without changes.
//!
//! Differences are deliberate and few: confine keeps going after an error, so
//! a failed file still lists every directive it could read, and warnings
//! (unknown third-party directives) are not errors here, as in nginx.
//!
//! The JSON is written by hand, straight from the syntax tree into the
//! output, byte for byte what `serde_json::to_writer` would write for the
//! same payload: through serde, building the strings (lossy UTF-8, one
//! allocation per directive and argument), the escaping and the line lookups
//! were three quarters of `confine parse --json` on a large config. Here a
//! token's bytes are copied as they are unless they need escaping or are not
//! UTF-8, and line numbers come from a cursor that moves forward through the
//! file instead of a search per directive. The writer keeps its own stack, so
//! no nesting is too deep for it.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::analysis::FileDiagnostic;
use crate::bytes;
use crate::diagnostic::Severity;
use crate::input::{ConfigSet, FileId};
use crate::span::Span;
use crate::syntax::{Directive, End, Item, SourceFile, Token, TokenKind};

/// Output is handed to the writer in pieces of about this size.
const CHUNK: usize = 64 * 1024;

/// One error, as crossplane reports it (in the top-level list and in its file's).
#[derive(Debug)]
struct PayloadError<'a> {
    file: &'a str,
    error: String,
    line: usize,
}

/// Write crossplane's payload for a config set and its diagnostics (only
/// errors count) to `out`, without a trailing line break.
pub fn write_json(
    set: &ConfigSet,
    diagnostics: &[FileDiagnostic],
    out: &mut impl Write,
) -> io::Result<()> {
    let errors: Vec<Vec<PayloadError<'_>>> = set
        .files
        .iter()
        .enumerate()
        .map(|(id, file)| {
            // The diagnostics come sorted by offset: a forward count of line
            // breaks, not a line index of the whole file for a few errors.
            let mut lines = LineCursor::default();
            diagnostics
                .iter()
                .filter(|d| d.file == id && d.diagnostic.severity == Severity::Error)
                .map(|d| {
                    let line = lines.line(&file.tree, d.diagnostic.span.start);
                    // Built by hand rather than by `format!`: a large
                    // config can have a thousand of these.
                    let message = &d.diagnostic.message;
                    let mut error = String::with_capacity(message.len() + file.path.len() + 16);
                    error.push_str(message);
                    error.push_str(" in ");
                    error.push_str(&file.path);
                    error.push(':');
                    error.push_str(itoa::Buffer::new().format(line));
                    PayloadError {
                        file: &file.path,
                        error,
                        line,
                    }
                })
                .collect()
        })
        .collect();
    let mut w = Json {
        buf: Vec::with_capacity(CHUNK + 1024),
        out,
    };
    let failed = errors.iter().any(|e| !e.is_empty());
    w.raw(b"{\"status\":");
    w.text(status(failed));
    w.raw(b",\"errors\":[");
    for (i, e) in errors.iter().flatten().enumerate() {
        w.comma(i);
        w.raw(b"{\"file\":");
        w.text(e.file);
        w.raw(b",\"error\":");
        w.text(&e.error);
        w.raw(b",\"line\":");
        w.number(e.line);
        w.raw(b"}");
    }
    w.raw(b"],\"config\":[");
    for (id, file) in set.files.iter().enumerate() {
        w.comma(id);
        w.raw(b"{\"file\":");
        w.text(&file.path);
        w.raw(b",\"status\":");
        w.text(status(!errors[id].is_empty()));
        w.raw(b",\"errors\":[");
        for (i, e) in errors[id].iter().enumerate() {
            w.comma(i);
            w.raw(b"{\"error\":");
            w.text(&e.error);
            w.raw(b",\"line\":");
            w.number(e.line);
            w.raw(b"}");
        }
        w.raw(b"],\"parsed\":");
        w.statements(set, id)?;
        w.raw(b"}");
        w.flush_full()?;
    }
    w.raw(b"]}");
    w.out.write_all(&w.buf)
}

fn status(failed: bool) -> &'static str {
    if failed {
        "failed"
    } else {
        "ok"
    }
}

/// The output buffer and where it goes.
struct Json<'w, W: Write> {
    buf: Vec<u8>,
    out: &'w mut W,
}

impl<W: Write> Json<'_, W> {
    fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    fn comma(&mut self, index: usize) {
        if index > 0 {
            self.buf.push(b',');
        }
    }

    fn number(&mut self, n: usize) {
        self.raw(itoa::Buffer::new().format(n).as_bytes());
    }

    /// A JSON string of text (UTF-8 already: no check).
    fn text(&mut self, text: &str) {
        self.str_of(text.as_bytes(), true);
    }

    /// A JSON string of `bytes` read as lossy UTF-8 (invalid sequences
    /// become U+FFFD, as `String::from_utf8_lossy` has them), told whether
    /// they are known to be UTF-8 (text, or a token of a file that is UTF-8
    /// throughout, which is checked once per file).
    fn str_of(&mut self, bytes: &[u8], utf8: bool) {
        self.buf.push(b'"');
        if utf8 || std::str::from_utf8(bytes).is_ok() {
            self.escaped(bytes);
        } else {
            for chunk in bytes.utf8_chunks() {
                self.escaped(chunk.valid().as_bytes());
                if !chunk.invalid().is_empty() {
                    self.buf.extend_from_slice("\u{FFFD}".as_bytes());
                }
            }
        }
        self.buf.push(b'"');
    }

    /// A JSON string of the bytes `span` covers in `src`, a file that is
    /// UTF-8 throughout. Eight bytes at a time, read and copied as whole
    /// words (no call into `memcpy` for a short string): the last word may
    /// reach past the span, as long as it is inside the file, and what it
    /// copied past the span is cut off.
    fn source_str(&mut self, src: &[u8], span: Span) {
        self.buf.push(b'"');
        let start = self.buf.len();
        let mut at = span.start;
        while at < span.end {
            let Some(x) = bytes::word_at(src, at) else {
                break;
            };
            // Bytes past the span (a line break, a closing quote) do not count.
            let flags = escape_flags(x);
            if flags != 0 && (at + 8 <= span.end || flags & low_bytes(span.end - at) != 0) {
                break;
            }
            self.buf.extend_from_slice(&x.to_le_bytes());
            at += 8;
        }
        let copied = at.min(span.end);
        self.buf.truncate(start + (copied - span.start));
        if copied < span.end {
            // A byte to escape, or the file's last few bytes.
            self.escaped(&src[copied..span.end]);
        }
        self.buf.push(b'"');
    }

    /// Valid UTF-8, escaped as serde_json escapes it (`\"`, `\\`, the short
    /// forms of control characters, `\u00XX` for the rest below 0x20;
    /// nothing else): runs of plain bytes are copied whole.
    fn escaped(&mut self, mut bytes: &[u8]) {
        loop {
            let plain = plain_prefix(bytes);
            self.buf.extend_from_slice(&bytes[..plain]);
            let Some(&b) = bytes.get(plain) else { return };
            match ESCAPE[b as usize] {
                b'u' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.buf.extend_from_slice(b"\\u00");
                    self.buf.push(HEX[(b >> 4) as usize]);
                    self.buf.push(HEX[(b & 0xf) as usize]);
                }
                short => self.buf.extend_from_slice(&[b'\\', short]),
            }
            bytes = &bytes[plain + 1..];
        }
    }

    /// Hand a full buffer to the writer.
    fn flush_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// A file's top level as crossplane's list of statements, each with its
    /// `block` nested; iteratively, with the open blocks on a stack.
    fn statements(&mut self, set: &ConfigSet, file: FileId) -> io::Result<()> {
        let tree = &set.files[file].tree;
        let mut lines = LineCursor::default();
        // Tokens end at ASCII bytes, so in a file that is UTF-8 every token is.
        let utf8 = std::str::from_utf8(tree.source()).is_ok();
        // Each open list: its remaining items, and whether one was written.
        let mut stack: Vec<(std::slice::Iter<'_, Item>, bool)> = vec![(tree.items().iter(), false)];
        self.raw(b"[");
        while let Some((items, written)) = stack.last_mut() {
            let Some(item) = items.next() else {
                stack.pop();
                // The list, and (but for the top level) the statement that holds it.
                self.raw(if stack.is_empty() { b"]" } else { b"]}" });
                continue;
            };
            let Item::Directive(id) = item else { continue };
            if std::mem::replace(written, true) {
                self.raw(b",");
            }
            let d = tree.directive(*id);
            self.statement(set, file, d, utf8, &mut lines);
            match &d.end {
                End::Block(block) => {
                    self.raw(b",\"block\":[");
                    stack.push((tree.block_items(block).iter(), false));
                }
                _ => self.raw(b"}"),
            }
            self.flush_full()?;
        }
        Ok(())
    }

    /// One statement's `directive`, `line`, `args` and (for an include)
    /// `includes`, in crossplane's key order, leaving its object open.
    fn statement(
        &mut self,
        set: &ConfigSet,
        file: FileId,
        d: &Directive,
        utf8: bool,
        lines: &mut LineCursor,
    ) {
        let tree = &set.files[file].tree;
        let src = tree.source();
        let name = tree.value(&d.name);
        self.raw(b"{\"directive\":");
        if utf8 && d.name.kind == TokenKind::Word && d.name.is_plain() {
            self.source_str(src, d.name.span());
        } else {
            self.str_of(&name, utf8);
        }
        self.raw(b",\"line\":");
        self.number(lines.line(tree, d.name.span().start));
        self.raw(b",\"args\":[");
        let raw_body = match &d.end {
            End::Raw(raw) => Some(raw.body.span()),
            _ => None,
        };
        let args = tree.args(d).map(|t| crossplane_arg(src, t));
        if name.as_ref() == b"if" {
            let mut args: Vec<Cow<'_, str>> = args
                .map(|a| Cow::Owned(String::from_utf8_lossy(a.bytes(src)).into_owned()))
                .collect();
            strip_if_parens(&mut args);
            args.extend(raw_body.map(|span| String::from_utf8_lossy(tree.text(span))));
            for (i, arg) in args.iter().enumerate() {
                self.comma(i);
                self.str_of(arg.as_bytes(), true);
            }
        } else {
            for (i, arg) in args.chain(raw_body.map(Arg::Span)).enumerate() {
                self.comma(i);
                match arg {
                    Arg::Span(span) if utf8 => self.source_str(src, span),
                    Arg::Span(span) => self.str_of(tree.text(span), false),
                    Arg::Owned(bytes) => self.str_of(&bytes, utf8),
                }
            }
        }
        self.raw(b"]");
        if name.as_ref() == b"include" {
            self.raw(b",\"includes\":[");
            for (i, &target) in set.included(file, d).iter().enumerate() {
                self.comma(i);
                self.number(target);
            }
            self.raw(b"]");
        }
    }
}

/// How many bytes at the start of `text` JSON takes as they are (none is
/// below 0x20, `"` or `\\`), eight bytes at a time.
fn plain_prefix(text: &[u8]) -> usize {
    let mut at = 0;
    while let Some(x) = bytes::word_at(text, at) {
        let flags = escape_flags(x);
        if flags != 0 {
            return at + bytes::first(flags);
        }
        at += 8;
    }
    at + text[at..]
        .iter()
        .position(|&b| ESCAPE[b as usize] != 0)
        .unwrap_or(text.len() - at)
}

/// Flags the bytes of `x` that JSON escapes (below 0x20, `"`, `\\`); the
/// lowest flag is the first such byte.
#[inline(always)]
fn escape_flags(x: u64) -> u64 {
    bytes::below(x, 0x20) | bytes::equal(x, b'"') | bytes::equal(x, b'\\')
}

/// The low `n` bytes of a word (all eight from `n` = 8 on), for `n` > 0.
#[inline(always)]
fn low_bytes(n: usize) -> u64 {
    u64::MAX >> (8 * (8 - n.min(8)))
}

/// What serde_json writes for each byte of a string: 0 for the byte itself,
/// else the letter after the backslash (`u` for `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Line numbers of increasing offsets in one file: counts the line breaks
/// between one offset and the next (a scan the compiler vectorizes), so the
/// whole file is read once instead of searched once per directive.
#[derive(Default)]
struct LineCursor {
    offset: usize,
    /// Line breaks before `offset`.
    breaks: usize,
}

impl LineCursor {
    fn line(&mut self, tree: &SourceFile, offset: usize) -> usize {
        if offset < self.offset {
            return tree.position(offset).line;
        }
        let src = tree.source();
        let offset = offset.min(src.len());
        self.breaks += count_line_breaks(&src[self.offset..offset]);
        self.offset = offset;
        self.breaks + 1
    }
}

/// The `\n`s in `bytes`, counted in byte-sized sums over runs of 255 bytes,
/// which the compiler turns into whole-register compares and adds.
fn count_line_breaks(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|run| {
            run.iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n')))
        })
        .map(usize::from)
        .sum()
}

/// An argument as crossplane has it: nearly always the bytes of a span of
/// the file, written from there.
enum Arg {
    Span(Span),
    Owned(Vec<u8>),
}

impl Arg {
    fn bytes<'a>(&'a self, src: &'a [u8]) -> &'a [u8] {
        match self {
            Arg::Span(span) => &src[span.start..span.end],
            Arg::Owned(bytes) => bytes,
        }
    }
}

/// crossplane strips the quotes of a quoted argument and resolves only an
/// escaped quote of the same kind; every other backslash stays.
#[inline]
fn crossplane_arg(src: &[u8], token: &Token) -> Arg {
    let span = token.span();
    let quote = match token.kind {
        TokenKind::DoubleQuoted => b'"',
        TokenKind::SingleQuoted => b'\'',
        _ => return Arg::Span(span),
    };
    let mut inner = Span::new(span.start + 1, span.end);
    if !inner.is_empty() && src[inner.end - 1] == quote {
        inner.end -= 1;
    }
    let text = &src[inner.start..inner.end];
    if token.is_plain() || !text.contains(&b'\\') {
        return Arg::Span(inner);
    }
    Arg::Owned(unescape_quote(text, quote))
}

/// The inside of a quoted string with its escaped `quote`s resolved.
fn unescape_quote(inner: &[u8], quote: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        if inner[i] == b'\\' && i + 1 < inner.len() {
            if inner[i + 1] != quote {
                out.push(b'\\');
            }
            out.push(inner[i + 1]);
            i += 2;
        } else {
            out.push(inner[i]);
            i += 1;
        }
    }
    out
}

/// `if ( $a = b )` has the arguments `$a`, `=`, `b` in crossplane (which
/// strips the spaces next to the parentheses as Python's `str.strip` does:
/// Unicode spaces too).
fn strip_if_parens(args: &mut Vec<Cow<'_, str>>) {
    let wrapped = args.first().is_some_and(|a| a.starts_with('('))
        && args.last().is_some_and(|a| a.ends_with(')'));
    if !wrapped {
        return;
    }
    args[0] = Cow::Owned(args[0][1..].trim_start().to_string());
    if let Some(last) = args.last_mut() {
        let mut owned = last.to_string();
        owned.pop();
        *last = Cow::Owned(owned.trim_end().to_string());
    }
    if args.first().is_some_and(|a| a.is_empty()) {
        args.remove(0);
    }
    if args.last().is_some_and(|a| a.is_empty()) {
        args.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(bytes: &[u8]) -> String {
        let mut w = Json {
            buf: Vec::new(),
            out: &mut io::sink(),
        };
        w.str_of(bytes, false);
        String::from_utf8(w.buf).expect("the writer writes UTF-8")
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // Every byte at every position of an eight-byte word, for the
        // word-at-a-time scan.
        for b in 0u8..=255 {
            for at in 0..9 {
                let mut case = vec![b'a'; 12];
                case[at] = b;
                let expected =
                    serde_json::to_string(&String::from_utf8_lossy(&case)).expect("json");
                assert_eq!(json(&case), expected, "byte {b:#x} at {at}");
            }
        }
        let mut every_byte: Vec<u8> = (0u8..=255).collect();
        every_byte.extend_from_slice("é→😀".as_bytes());
        every_byte.extend_from_slice(b"\xe2\x82 \xf0\x9f\x98");
        for case in [
            &b""[..],
            b"plain",
            b"q\"uo\\te",
            b"\x00\x01\x08\t\n\x0b\x0c\r\x1f\x7f",
            &every_byte,
        ] {
            let expected = serde_json::to_string(&String::from_utf8_lossy(case)).expect("json");
            assert_eq!(json(case), expected, "{case:?}");
        }
    }

    #[test]
    fn strings_of_the_file_are_written_as_other_strings() {
        // Every length up to three words, with bytes to escape at every
        // position, and the file ending at every distance after the span.
        let text: Vec<u8> = b"abcdefghijklmnopqrstuvwx".to_vec();
        for len in 0..=text.len() {
            for special in [None, Some(b'"'), Some(b'\\'), Some(0x01), Some(b'\n')] {
                for at in 0..len.max(1) {
                    let mut case = text[..len].to_vec();
                    if let (Some(b), true) = (special, at < len) {
                        case[at] = b;
                    }
                    for after in 0..10 {
                        let mut src = b"xy".to_vec();
                        src.extend_from_slice(&case);
                        src.extend(std::iter::repeat_n(b'"', after));
                        let mut w = Json {
                            buf: Vec::new(),
                            out: &mut io::sink(),
                        };
                        w.source_str(&src, Span::new(2, 2 + len));
                        let got = String::from_utf8(w.buf).expect("the writer writes UTF-8");
                        assert_eq!(got, json(&case), "{case:?} then {after} bytes");
                    }
                }
            }
        }
    }

    fn payload(set: &ConfigSet) -> serde_json::Value {
        let diagnostics = crate::analysis::validate(set);
        let mut out = Vec::new();
        write_json(set, &diagnostics, &mut out).expect("writes to memory");
        serde_json::from_slice(&out).expect("the payload is JSON")
    }

    #[test]
    fn the_payload_has_crossplanes_shape() {
        let mut mem = crate::input::MemoryFiles::new();
        mem.insert(
            "nginx.conf",
            b"events {}\nhttp {\n  include mime.types;\n  server { if ( $host = \"b\" ) { return 403; } }\n}\n"
                .to_vec(),
        );
        mem.insert("mime.types", b"types { text/html html; }\n".to_vec());
        let set = ConfigSet::load(&["nginx.conf".into()], &mem);
        let expected = serde_json::json!({
            "status": "ok",
            "errors": [],
            "config": [
                {"file": "nginx.conf", "status": "ok", "errors": [], "parsed": [
                    {"directive": "events", "line": 1, "args": [], "block": []},
                    {"directive": "http", "line": 2, "args": [], "block": [
                        {"directive": "include", "line": 3, "args": ["mime.types"], "includes": [1]},
                        {"directive": "server", "line": 4, "args": [], "block": [
                            {"directive": "if", "line": 4, "args": ["$host", "=", "b"], "block": [
                                {"directive": "return", "line": 4, "args": ["403"]}
                            ]}
                        ]}
                    ]}
                ]},
                {"file": "mime.types", "status": "ok", "errors": [], "parsed": [
                    {"directive": "types", "line": 1, "args": [], "block": [
                        {"directive": "text/html", "line": 1, "args": ["html"]}
                    ]}
                ]}
            ]
        });
        assert_eq!(payload(&set), expected);
    }

    #[test]
    fn errors_escapes_raw_bodies_and_bytes_that_are_not_utf8() {
        let set = ConfigSet::from_text(
            "a.conf",
            b"server {\n  add_header X \"a\\\"b\tc\x01\";\n  return 200 caf\xe9;\n  content_by_lua_block { ngx.say(\"}\") }\n  listen;\n}\n",
        );
        let value = payload(&set);
        let parsed = &value["config"][0]["parsed"][0]["block"];
        assert_eq!(parsed[0]["args"], serde_json::json!(["X", "a\"b\tc\u{1}"]));
        assert_eq!(parsed[1]["args"], serde_json::json!(["200", "caf\u{FFFD}"]));
        assert_eq!(parsed[2]["args"], serde_json::json!([" ngx.say(\"}\") "]));
        assert_eq!(value["status"], "failed");
        let error = value["errors"][0]["error"]
            .as_str()
            .expect("an error message");
        assert!(error.ends_with(" in a.conf:5"), "{error}");
        assert_eq!(value["config"][0]["errors"][0]["line"], 5);
    }

    #[test]
    fn numbers_are_plain_decimals() {
        for n in [0, 7, 10, 99, 1234567890, usize::MAX] {
            let mut w = Json {
                buf: Vec::new(),
                out: &mut io::sink(),
            };
            w.number(n);
            assert_eq!(String::from_utf8(w.buf).expect("digits"), n.to_string());
        }
    }

    #[test]
    fn the_line_cursor_agrees_with_the_line_index() {
        let set = ConfigSet::from_text("a.conf", b"a 1;\n\nb {\n  c \"x\ny\";\n}\nd 2;");
        let tree = &set.files[0].tree;
        let mut cursor = LineCursor::default();
        let offsets: Vec<usize> = tree
            .directives()
            .map(|(_, d)| d.name.span().start)
            .collect();
        for &offset in offsets.iter().chain([0, 3].iter()) {
            assert_eq!(
                cursor.line(tree, offset),
                tree.position(offset).line,
                "{offset}"
            );
        }
    }
}
