//! Properties of the error-log reader (`input::error_log`) on inputs nobody
//! wrote by hand: arbitrary bytes, soups of error-log fragments, and real
//! nginx lines mutated (cut, wrapped, glued, bytes changed, CRLF).
//!
//! For every input: no panic, and every line of the input is accounted for,
//! exactly once, as blank, as ignored, or inside an event's lines. Events come
//! in input order, within the input's lines. A real line wrapped once after
//! its header stays one event, and wrapped inside its fields keeps its cause
//! and phase.

use confine_core::input::error_log::{parse, parse_line, ErrorLog};
use proptest::prelude::*;

/// Lines nginx 1.22.1 wrote in `tests/error_log_nginx.rs` (ports and times
/// changed), and a few from the catalogue's table.
const REAL: &[&str] = &[
    "2026/12/06 12:18:19 [error] 31#31: *1 upstream sent too large http2 frame: 4740180 while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"GET /grpc/ HTTP/1.1\", upstream: \"grpc://127.0.0.1:40001\", host: \"localhost\"",
    "2026/12/06 12:18:20 [error] 31#31: *3 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET /refused HTTP/1.1\", upstream: \"http://127.0.0.1:40002/refused\", host: \"localhost\"",
    "2026/12/06 12:18:21 [error] 31#31: *5 no live upstreams while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET /refused HTTP/1.1\", upstream: \"http://dead/refused\", host: \"localhost\"",
    "2026/12/06 12:18:22 [error] 31#31: *7 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"GET /slow HTTP/1.1\", upstream: \"http://127.0.0.1:40003/slow\", host: \"localhost\"",
    "2026/12/06 12:18:23 [error] 31#31: *9 upstream sent too big header while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"GET /big HTTP/1.1\", upstream: \"http://127.0.0.1:40004/big\", host: \"localhost\", referrer: \"http://localhost/\"",
    "2026/12/06 12:18:24 [error] 31#31: *11 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 127.0.0.1, server: localhost, request: \"GET /tls HTTP/1.1\", upstream: \"https://127.0.0.1:40005/tls\", host: \"localhost\"",
    "2026/12/06 12:18:25 [crit] 31#31: *13 connect() to unix:/run/php/php-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET /index.php HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php-fpm.sock:\", host: \"localhost\"",
    "2026/12/06 12:18:26 [error] 31#31: *15 client intended to send too large body: 2097152 bytes, client: 127.0.0.1, server: localhost, request: \"POST /upload HTTP/1.1\", host: \"localhost\"",
    "2026/12/06 12:18:27 [error] 31#31: *17 rewrite or internal redirection cycle while processing \"/loop\", client: 127.0.0.1, server: localhost, request: \"GET /loop HTTP/1.1\", host: \"localhost\"",
    "2026/12/06 12:18:28 [crit] 31#31: accept4() failed (24: Too many open files)",
    "nginx: [emerg] host not found in upstream \"backend.internal:8080\" in /etc/nginx/conf.d/app.conf:12",
    "2026/12/06 12:18:29 [notice] 30#30: signal process started",
    "2026/12/07 03:47:17 [error] 11577#11577: send() failed (111: Connection refused) while resolving, resolver: 127.0.0.1:38315",
    "2026/12/07 04:51:02 [info] 28625#28625: *2 epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while sending request to upstream, client: 127.0.0.1, server: app.test, request: \"GET /api/v1/items HTTP/1.1\", upstream: \"http://127.0.0.1:33181/api/v1/items\", host: \"app.test\"",
    "2026/12/07 03:47:13 [emerg] 11353#11353: host not found in upstream \"backend.invalid\" in /etc/nginx/conf.d/app.conf:22",
    "2026/12/07 03:47:21 [alert] 12038#12038: 4 worker_connections are not enough",
    "2026/12/07 03:47:20 [error] 12017#12017: *2 rewrite or internal redirection cycle while internally redirecting to \"/index.html\", client: 127.0.0.1, server: app.test, request: \"GET /missing HTTP/1.1\", host: \"app.test\"",
];

/// Pieces of error logs and of what gets pasted with them.
const FRAGMENTS: &[&str] = &[
    "2026/12/06 12:18:19 ",
    "2026/13/06 12:18:19 ",
    "[error] ",
    "[warn] ",
    "[emerg]",
    "[debug] ",
    "[err] ",
    "31#31: ",
    "4294967296#1: ",
    "*1 ",
    "*99999999999999999999999 ",
    "nginx: ",
    "upstream sent too large http2 frame: ",
    "4740180",
    "upstream timed out",
    " (110: Connection timed out)",
    " (",
    "111: ",
    ")",
    " while ",
    "reading response header from upstream",
    "processing \"/x\"",
    ", client: ",
    ", server: ",
    ", request: \"",
    ", upstream: \"",
    ", host: \"",
    ", referrer: \"",
    ", bytes from/to client:",
    "\"",
    "GET / HTTP/1.1",
    "http://unix:/s.sock:/a",
    "grpc://[::1]:8080",
    "127.0.0.1",
    ", ",
    ": ",
    "connect() to unix:/a failed",
    "SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number)",
    " ",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\u{feff}",
    "é",
];

/// Every line is blank, ignored, or inside exactly one event; events are in
/// order and inside the input.
fn check_accounting(input: &[u8], log: &ErrorLog) -> Result<(), TestCaseError> {
    let text = String::from_utf8_lossy(input);
    let mut lines: Vec<&str> = text.split('\n').collect();
    if text.is_empty() || text.ends_with('\n') {
        lines.pop();
    }
    prop_assert_eq!(log.lines, lines.len());
    let blank = |l: &str| {
        l.trim_start_matches([' ', '\t', '\u{feff}'])
            .trim_end()
            .is_empty()
    };
    let blanks = lines.iter().filter(|l| blank(l)).count();
    prop_assert_eq!(log.blank_lines, blanks);

    let mut previous = (0, 0);
    for e in &log.events {
        prop_assert!(e.line >= 1 && e.line <= e.last_line && e.last_line <= log.lines);
        prop_assert!((e.line, e.last_line) >= previous, "events out of order");
        previous = (e.line, e.last_line);
    }
    for ig in &log.ignored {
        prop_assert!(ig.line >= 1 && ig.line <= log.lines);
    }
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if blank(line) {
            continue;
        }
        let in_events = log
            .events
            .iter()
            .filter(|e| e.line <= n && n <= e.last_line)
            .count();
        let ignored = log.ignored.iter().filter(|ig| ig.line == n).count();
        prop_assert!(
            ignored <= 1 && (ignored == 0) == (in_events > 0),
            "line {} ({:?}) is in {} event(s) and ignored {} time(s)",
            n,
            line,
            in_events,
            ignored
        );
    }
    Ok(())
}

fn soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(FRAGMENTS).prop_map(|s| s.as_bytes().to_vec()),
            2 => prop::sample::select(REAL).prop_map(|s| s.as_bytes().to_vec()),
            1 => prop::collection::vec(any::<u8>(), 1..4),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

#[derive(Clone, Debug)]
enum Mutation {
    /// Cut the text at this fraction of its length.
    Cut(f64),
    /// Insert a line break (CRLF or LF) at this fraction.
    Wrap(f64, bool),
    /// Replace the byte at this fraction.
    Byte(f64, u8),
    /// Delete a range starting at this fraction.
    Delete(f64, usize),
    /// Insert a fragment at this fraction.
    Insert(f64, &'static str),
    /// Indent the text.
    Indent,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0.0..1.0f64;
    prop_oneof![
        at.clone().prop_map(Mutation::Cut),
        (at.clone(), any::<bool>()).prop_map(|(a, crlf)| Mutation::Wrap(a, crlf)),
        (at.clone(), any::<u8>()).prop_map(|(a, b)| Mutation::Byte(a, b)),
        (at.clone(), 1..40usize).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (at, prop::sample::select(FRAGMENTS)).prop_map(|(a, f)| Mutation::Insert(a, f)),
        Just(Mutation::Indent),
    ]
}

fn apply(mut text: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let pos = |f: f64, len: usize| ((len as f64) * f) as usize;
    match *m {
        Mutation::Cut(f) => text.truncate(pos(f, text.len())),
        Mutation::Wrap(f, crlf) => {
            let p = pos(f, text.len());
            let eol: &[u8] = if crlf { b"\r\n" } else { b"\n" };
            text.splice(p..p, eol.iter().copied());
        }
        Mutation::Byte(f, b) => {
            let p = pos(f, text.len());
            if let Some(c) = text.get_mut(p) {
                *c = b;
            }
        }
        Mutation::Delete(f, n) => {
            let p = pos(f, text.len());
            let end = (p + n).min(text.len());
            text.drain(p..end);
        }
        Mutation::Insert(f, s) => {
            let p = pos(f, text.len());
            text.splice(p..p, s.bytes());
        }
        Mutation::Indent => {
            text.splice(0..0, *b"    ");
        }
    };
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes(input in prop::collection::vec(any::<u8>(), 0..3000)) {
        let log = parse(&input);
        check_accounting(&input, &log)?;
    }

    #[test]
    fn log_soups(input in soup()) {
        let log = parse(&input);
        check_accounting(&input, &log)?;
        for line in String::from_utf8_lossy(&input).split('\n') {
            let _ = parse_line(line);
        }
    }

    #[test]
    fn mutated_real_lines(
        picks in prop::collection::vec(prop::sample::select(REAL), 1..6),
        mutations in prop::collection::vec(mutation(), 0..6),
        crlf in any::<bool>(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut input = picks.join(eol).into_bytes();
        for m in &mutations {
            input = apply(input, m);
        }
        let log = parse(&input);
        check_accounting(&input, &log)?;
    }

    /// A real line wrapped once after its header is one event; wrapped
    /// inside its fields it keeps its cause and phase.
    #[test]
    fn one_wrap_keeps_the_event(pick in prop::sample::select(REAL), at in 0.0..1.0f64, crlf in any::<bool>()) {
        let Some(fields) = pick.find(", client: ") else {
            return Ok(());
        };
        let whole = parse_line(pick).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let body = pick.find("*").map_or(0, |i| i + 3);
        let p = body + ((pick.len() - 1 - body) as f64 * at) as usize;
        if !pick.is_char_boundary(p) || pick[p..].trim().is_empty() || pick[..p].trim().is_empty() {
            return Ok(());
        }
        let eol = if crlf { "\r\n" } else { "\n" };
        let wrapped = format!("{}{eol}{}", &pick[..p], &pick[p..]);
        let log = parse(wrapped.as_bytes());
        check_accounting(wrapped.as_bytes(), &log)?;
        prop_assert_eq!(log.events.len(), 1, "{}", wrapped);
        prop_assert!(log.ignored.is_empty());
        let e = &log.events[0];
        prop_assert_eq!((e.line, e.last_line), (1, 2));
        if p > fields + 2 {
            prop_assert_eq!(e.cause.id(), whole.cause.id(), "{}", wrapped);
            prop_assert_eq!(&e.phase, &whole.phase, "{}", wrapped);
            prop_assert_eq!(&e.message, &whole.message);
        }
    }
}

/// Inputs built to make a careless reader quadratic: they must finish (a
/// quadratic pass over a megabyte would not, in a test's time).
#[test]
fn adversarial_inputs_are_linear() {
    let big = |unit: &str| unit.repeat(1_000_000 / unit.len());
    let cases = [
        big("[error] "),
        big("2026/12/06 12:18:19 [error] 1#1: "),
        format!("2026/12/06 12:18:19 [error] 1#1: x{}", big(" (1: ")),
        format!(
            "2026/12/06 12:18:19 [error] 1#1: x, client: 1{}",
            big(", a: \"")
        ),
        format!(
            "2026/12/06 12:18:19 [error] 1#1: x, client: 1, request: \"{}",
            big("\"\"")
        ),
        format!("2026/12/06 12:18:19 [error] 1#1: x{}", big(" while ")),
        format!(
            "2026/12/06 12:18:19 [error] 1#1: x, client: 1, host: \"a{}",
            big("\n, client: 1")
        ),
        big("\n"),
        big("x\n"),
    ];
    for case in &cases {
        let log = parse(case.as_bytes());
        assert!(log.lines > 0);
    }
}
