//! Properties of the parser on inputs nobody wrote by hand: arbitrary bytes,
//! and "token soups" of nginx-ish fragments that hit the lexer's corners
//! (quotes, escapes, `${`, comments, CRLF, Lua blocks, dump markers, includes,
//! bytes that are not UTF-8).
//!
//! For every input: no panic; the tree prints back to the input byte for
//! byte; the tokens tile the input; every diagnostic span lies inside its file
//! and, when the file is UTF-8, on character boundaries; loading and
//! validating never panic; parsing the printed bytes again gives the same
//! diagnostics; and the streaming reader (`syntax::stream`) sees the same
//! directives, arguments and enclosing blocks as the tree.

mod common;

use confine_core::analysis::validate;
use confine_core::diagnostic::Diagnostic;
use confine_core::input::ConfigSet;
use confine_core::syntax::stream::for_each_directive;
use confine_core::syntax::{parse, unescape, Item, Parsed, Token, TokenKind};
use proptest::prelude::*;

/// Pieces of nginx configs (and of things pasted as nginx configs), all UTF-8.
const TEXT_FRAGMENTS: &[&str] = &[
    "server",
    "http",
    "events",
    "upstream",
    "location",
    "listen",
    "proxy_pass",
    "gzip",
    "on",
    "yes",
    "include",
    "a.conf",
    "*.conf",
    "/a.conf",
    "# configuration file /a.conf:\n",
    "# configuration file /b.conf:\n",
    "map",
    "if",
    "(",
    ")",
    "{",
    "}",
    ";",
    "\"",
    "'",
    "\\",
    "\\\"",
    "$",
    "${x}",
    "${",
    "#c\n",
    "#",
    "\r\n",
    "\r",
    "\n",
    " ",
    "\t",
    "_by_lua_block",
    "content_by_lua_block {",
    "access_by_lua_block",
    "--",
    "--[[",
    "[[",
    "]]",
    "[==[",
    "]==]",
    "=",
    "~",
    "~*",
    "^~",
    "/",
    "80",
    "http://a",
    "word",
    "x",
    "é",
    "中",
    "😀",
    "\0",
];

/// Bytes that are not UTF-8: a stray lead, a truncated sequence, a lone continuation.
const BINARY_FRAGMENTS: &[&[u8]] = &[b"\xff", b"\xc3", b"\x80", b"\xe4\xb8"];

fn fragment() -> impl Strategy<Value = &'static [u8]> {
    prop_oneof![
        6 => proptest::sample::select(TEXT_FRAGMENTS).prop_map(str::as_bytes),
        1 => proptest::sample::select(BINARY_FRAGMENTS),
    ]
}

/// Up to a few hundred fragments, mostly text, sometimes broken bytes.
fn soup() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(fragment(), 0..300).prop_map(|parts| parts.concat())
}

/// The same from text fragments only: the input is UTF-8, so every span is
/// also checked against character boundaries.
fn text_soup() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(proptest::sample::select(TEXT_FRAGMENTS), 0..300)
        .prop_map(|parts| parts.concat().into_bytes())
}

/// Tokens cover the input in order, without gaps or overlaps.
fn check_tiling(src: &[u8], parsed: &Parsed) -> Result<(), TestCaseError> {
    let mut at = 0;
    let mut result = Ok(());
    parsed.file.for_each_token(|t| {
        if result.is_ok() && t.span().start != at {
            result = Err(TestCaseError::fail(format!(
                "token {:?} at {:?}, expected to start at {at}",
                t.kind,
                t.span()
            )));
        }
        if result.is_ok() && t.span().is_empty() && t.kind != TokenKind::RawBody {
            result = Err(TestCaseError::fail(format!(
                "empty {:?} token at {at}",
                t.kind
            )));
        }
        at = t.span().end;
    });
    result?;
    prop_assert_eq!(at, src.len(), "tokens stop short of the end");
    Ok(())
}

/// The span lies within `src`, and on character boundaries if `src` is UTF-8.
fn check_span(src: &[u8], d: &Diagnostic) -> Result<(), TestCaseError> {
    let s = d.span;
    prop_assert!(
        s.start <= s.end && s.end <= src.len(),
        "span {:?} outside 0..{}: {:?}",
        s,
        src.len(),
        d
    );
    if let Ok(text) = std::str::from_utf8(src) {
        prop_assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "span {:?} cuts a character: {:?}",
            s,
            d
        );
    }
    Ok(())
}

fn check_parse(src: &[u8]) -> Result<Parsed, TestCaseError> {
    let parsed = parse(src);
    prop_assert!(parsed.file.to_bytes() == src, "round trip differs");
    check_tiling(src, &parsed)?;
    for d in &parsed.errors {
        check_span(src, d)?;
    }
    // The parser's note that some directive is named `include` (loading
    // skips the include walk without it) agrees with the tree.
    let named_include = parsed.file.directives().any(|(_, d)| {
        unescape(parsed.file.text(d.name.span()), d.name.kind).as_ref() == b"include"
    });
    prop_assert_eq!(parsed.file.has_include(), named_include);
    // Parsing what the tree prints gives the same tree's diagnostics again.
    let again = parse(&parsed.file.to_bytes());
    prop_assert_eq!(&again.errors, &parsed.errors);
    Ok(parsed)
}

/// Load as the page would (a dump is split into its files), then validate.
fn check_validate(src: &[u8]) -> Result<(), TestCaseError> {
    let set = ConfigSet::from_text("nginx.conf", src);
    for fd in validate(&set) {
        prop_assert!(fd.file < set.files.len(), "no file {}", fd.file);
        check_span(set.files[fd.file].tree.source(), &fd.diagnostic)?;
    }
    Ok(())
}

/// 2000 cases each (a few seconds in a debug build); `PROPTEST_CASES=N` for a longer hunt.
/// (name, arguments, enclosing block's name) of every directive.
type Seen = Vec<(Vec<u8>, Vec<Vec<u8>>, Vec<u8>)>;

fn streamed(src: &[u8]) -> Seen {
    let text = |t: Token| src[t.span().start..t.span().end].to_vec();
    let mut out = Vec::new();
    for_each_directive(src, |d| {
        out.push((
            text(d.name),
            d.args.iter().map(|&t| text(t)).collect(),
            d.parent.map(text).unwrap_or_default(),
        ))
    });
    out
}

fn from_tree(src: &[u8]) -> Seen {
    let parsed = parse(src);
    let file = &parsed.file;
    let text = |t: &Token| file.text(t.span()).to_vec();
    let mut out = Vec::new();
    let mut stack = vec![(file.items().iter(), Vec::new())];
    while let Some((iter, parent)) = stack.last_mut() {
        let parent = parent.clone();
        let Some(item) = iter.next() else {
            stack.pop();
            continue;
        };
        let Item::Directive(id) = item else { continue };
        let d = file.directive(*id);
        out.push((text(&d.name), file.args(d).map(text).collect(), parent));
        if let Some(b) = d.block() {
            stack.push((file.block_items(b).iter(), text(&d.name)));
        }
    }
    out
}

fn check_stream(src: &[u8]) -> Result<(), TestCaseError> {
    prop_assert_eq!(streamed(src), from_tree(src));
    Ok(())
}

fn config() -> ProptestConfig {
    let default = ProptestConfig::default();
    ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            default.cases
        } else {
            2000
        },
        // Shrinking a soup can take long; a failure is reported either way.
        max_shrink_iters: 2000,
        // No regression files in the source tree: shrunk failures become
        // plain tests below instead.
        failure_persistence: None,
        ..default
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_round_trip(src in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check_parse(&src)?;
        check_stream(&src)?;
    }

    #[test]
    fn token_soups_round_trip_and_validate(src in soup()) {
        check_parse(&src)?;
        check_validate(&src)?;
        check_stream(&src)?;
    }

    #[test]
    fn utf8_soups_keep_spans_on_char_boundaries(src in text_soup()) {
        check_parse(&src)?;
        check_validate(&src)?;
    }
}

#[test]
fn a_quote_followed_by_a_multibyte_character_keeps_spans_on_boundaries() {
    // The shrunk form of what the UTF-8 soups found: `""é`. The "unexpected"
    // span after a quote must cover the whole character, not its first byte.
    let src = "\"\"é;".as_bytes();
    let parsed = parse(src);
    let text = std::str::from_utf8(src).expect("UTF-8");
    for d in &parsed.errors {
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{d:?}"
        );
    }
}

#[test]
fn the_stream_sees_what_the_tree_holds() {
    let cases: &[&[u8]] = &[
        b"http { upstream u { server 10.0.0.1:80; } server { listen 80; } }",
        b"a b # c\n d;",
        b"x { y;",
        b"x { y }",
        b"} a; { b; } c",
        b"content_by_lua_block { ngx.say('}') } server_name s;",
        b"a \"q\" 'r' ${v};",
        b"",
        b";;{{}}",
        b"map $a $b { default 1; ~x 2; }",
    ];
    for src in cases {
        assert_eq!(
            streamed(src),
            from_tree(src),
            "{}",
            String::from_utf8_lossy(src)
        );
    }
    // The comparison can fail: a stream that ignored blocks would differ here.
    assert_ne!(streamed(b"a { b; }")[1].2, Vec::<u8>::new());
}

#[test]
fn the_stream_sees_what_the_tree_holds_in_every_corpus_file() {
    let Some(files) = common::corpus_files() else {
        return;
    };
    assert!(files.len() > 500);
    for path in files {
        let src = std::fs::read(&path).expect("corpus file");
        assert!(
            streamed(&src) == from_tree(&src),
            "stream and tree differ on {}",
            path.display()
        );
    }
}
