//! Every diagnostic confine gives for a table of malformed (and a few
//! well-formed) inputs: code, severity, exact message, line and column, for the
//! whole list, so a missing or an extra diagnostic fails the row.
//!
//! Each input is loaded as `nginx.conf` with [`ConfigSet::from_text`] (so a
//! pasted `nginx -T` dump is split into its files and a snippet is read in the
//! context it belongs to) and checked with [`validate`], which includes the
//! syntax errors.
//!
//! Where the message is one of nginx's, the row also says what nginx 1.22.1
//! reports for the same text placed in a minimal config (on the same lines:
//! the wrapper opens on line 1 without a line break). The ignored test
//! `nginx_agrees_with_the_table` re-checks those facts against a real nginx:
//! `cargo test -p confine-core --test diagnostics_table -- --ignored`.

use confine_core::analysis::validate;
use confine_core::diagnostic::{Code, Severity};
use confine_core::input::ConfigSet;

mod support;

/// One expected diagnostic. `file` is `None` for the root file (`nginx.conf`).
#[derive(Clone, PartialEq, Eq, Debug)]
struct Expect {
    file: Option<&'static str>,
    line: usize,
    column: usize,
    severity: Severity,
    code: Code,
    message: &'static str,
}

const fn err(line: usize, column: usize, code: Code, message: &'static str) -> Expect {
    Expect {
        file: None,
        line,
        column,
        severity: Severity::Error,
        code,
        message,
    }
}

const fn warn(line: usize, column: usize, code: Code, message: &'static str) -> Expect {
    Expect {
        severity: Severity::Warning,
        ..err(line, column, code, message)
    }
}

impl Expect {
    const fn in_file(self, file: &'static str) -> Expect {
        Expect {
            file: Some(file),
            ..self
        }
    }
}

/// How the row's text is placed in a config for the real nginx, and what nginx says.
#[derive(Clone, Copy, Debug)]
enum Nginx {
    /// Not run: a dump, or a case whose point is confine-only.
    Skip,
    /// Wrapped so, `nginx -t` reads the whole config without an error.
    Accepts(Wrap),
    /// nginx's only error is expectation `n` of the row: same message, same line.
    Same(Wrap, usize),
    /// Same message as expectation `n`, but nginx names this line (the end of
    /// the file, where nginx notices; confine points at the cause).
    AtLine(Wrap, usize, usize),
    /// nginx says something else, at this line (the row documents the difference).
    Says(Wrap, &'static str, usize),
}

/// What goes around the row's text for nginx. Prefixes stay on line 1.
#[derive(Clone, Copy, Debug)]
enum Wrap {
    /// A whole config.
    Main,
    /// The text stands inside `http {}`.
    Http,
    /// The text stands inside `http { server {} }`, with an `upstream a`.
    Server,
    /// Like `Http` and `Server`, with the blocks left open: for texts that
    /// end too early, where a closing `}` would change what nginx reports.
    HttpOpen,
    ServerOpen,
}

impl Wrap {
    fn apply(self, text: &[u8]) -> Vec<u8> {
        const HTTP: &[u8] = b"events {} http { ";
        const SERVER: &[u8] = b"events {} http { upstream a { server 127.0.0.1; } server { ";
        let (prefix, suffix): (&[u8], &[u8]) = match self {
            Wrap::Main => (b"", b""),
            Wrap::Http => (HTTP, b"\n}\n"),
            Wrap::Server => (SERVER, b"\n} }\n"),
            Wrap::HttpOpen => (HTTP, b""),
            Wrap::ServerOpen => (SERVER, b""),
        };
        [prefix, text, suffix].concat()
    }
}

struct Row {
    name: &'static str,
    input: &'static [u8],
    nginx: Nginx,
    expect: Vec<Expect>,
}

fn row(name: &'static str, input: &'static [u8], nginx: Nginx, expect: Vec<Expect>) -> Row {
    Row {
        name,
        input,
        nginx,
        expect,
    }
}

const DUMP: &[u8] = b"nginx: the configuration file /etc/nginx/nginx.conf syntax is ok
nginx: configuration file /etc/nginx/nginx.conf test is successful
# configuration file /etc/nginx/nginx.conf:
events {}
http {
    include /etc/nginx/conf.d/*.conf;
}

# configuration file /etc/nginx/conf.d/app.conf:
server {
    listen 80;
    location / {
        proxy_pass http://127.0.0.1:8080
    }
}

";

const LUA: &[u8] = br#"location /lua {
    content_by_lua_block {
        local s = "}"  -- a } in a comment, and "{" in a string
        local t = [[ { ]] .. [==[ } ]==]
        ngx.say(s, '{', t)
    }
}
"#;

fn rows() -> Vec<Row> {
    use Code::*;
    use Nginx::*;
    use Wrap::*;
    vec![
        // ---- tokens out of place ----
        row(
            "unexpected } at top level",
            b"events {}\n}\n",
            Same(Main, 0),
            vec![err(2, 1, UnexpectedToken, r#"unexpected "}""#)],
        ),
        row(
            "unexpected } as the first byte",
            b"}",
            Same(Main, 0),
            vec![err(1, 1, UnexpectedToken, r#"unexpected "}""#)],
        ),
        row(
            "; with no directive",
            b"events {}\nhttp {\n    ;\n}\n",
            Same(Main, 0),
            vec![err(3, 5, UnexpectedToken, r#"unexpected ";""#)],
        ),
        row(
            // The stray `{` opens nothing, so the `}` under it closes `http`
            // and the last `}` is left over.
            "{ with no directive",
            b"events {}\nhttp {\n    {\n    }\n}\n",
            Same(Main, 0),
            vec![
                err(3, 5, UnexpectedToken, r#"unexpected "{""#),
                err(5, 1, UnexpectedToken, r#"unexpected "}""#),
            ],
        ),
        row(
            "missing ; before }",
            b"events {}\nhttp {\n    server { listen 80 }\n}\n",
            Same(Main, 0),
            vec![err(3, 24, UnexpectedToken, r#"unexpected "}""#)],
        ),
        row(
            // nginx ends a word at space, `;` or `{`, not at `}`: `a}` is one word.
            "} glued to a word is part of it",
            b"location / { proxy_pass http://a}\n",
            AtLine(ServerOpen, 1, 2),
            vec![
                err(1, 12, UnclosedBlock, r#"unexpected end of file, expecting "}""#),
                err(2, 1, UnexpectedEof, r#"unexpected end of file, expecting ";" or "}""#),
            ],
        ),
        row(
            "text glued after a double quote",
            b"server {\n    server_name \"a\"b;\n}\n",
            Same(Http, 0),
            vec![err(2, 20, UnexpectedAfterQuote, r#"unexpected "b""#)],
        ),
        row(
            "text glued after a single quote",
            b"server {\n    server_name 'a'b;\n}\n",
            Same(Http, 0),
            vec![err(2, 20, UnexpectedAfterQuote, r#"unexpected "b""#)],
        ),
        row(
            // nginx: `unexpected "}"`, as for `"ok" }`: one diagnostic, not two.
            "} right after a quote",
            b"location / {\n    return 200 \"ok\"}\n",
            Same(Server, 0),
            vec![err(2, 20, UnexpectedToken, r#"unexpected "}""#)],
        ),
        row(
            // nginx names only the first byte of the character (0xC3 here).
            "multibyte character glued after a quote",
            "server {\n    server_name \"a\"é;\n}\n".as_bytes(),
            Says(Http, "unexpected \"\u{fffd}\"", 2),
            vec![err(2, 20, UnexpectedAfterQuote, "unexpected \"é\"")],
        ),
        // ---- end of file too early ----
        row(
            "end of file inside a directive",
            b"events {}\nhttp {\n}\nworker_processes 1",
            Same(Main, 0),
            vec![err(4, 19, UnexpectedEof, r#"unexpected end of file, expecting ";" or "}""#)],
        ),
        row(
            "end of file after a quoted directive name",
            b"events {}\n\"abc\"",
            Same(Main, 1),
            vec![
                warn(2, 1, UnknownDirective, r#"unknown directive "abc""#),
                err(2, 6, UnexpectedEof, r#"unexpected end of file, expecting ";" or "}""#),
            ],
        ),
        row(
            "missing } points at the unclosed {",
            b"events {}\nhttp {\n    server {\n        listen 80;\n    }\n",
            AtLine(Main, 0, 6),
            vec![err(2, 6, UnclosedBlock, r#"unexpected end of file, expecting "}""#)],
        ),
        row(
            "missing ; and } at the end of a snippet",
            b"server {\n    listen 80\n",
            AtLine(HttpOpen, 1, 3),
            vec![
                err(1, 8, UnclosedBlock, r#"unexpected end of file, expecting "}""#),
                err(3, 1, UnexpectedEof, r#"unexpected end of file, expecting ";" or "}""#),
            ],
        ),
        row(
            "unterminated double quote over several lines",
            b"events {}\nhttp {\n    log_format main \"$remote_addr\n        $status;\n}\n",
            AtLine(Main, 1, 6),
            vec![
                err(2, 6, UnclosedBlock, r#"unexpected end of file, expecting "}""#),
                err(3, 21, UnterminatedQuote, r#"unexpected end of file, expecting ";" or "}""#),
            ],
        ),
        row(
            "unterminated single quote over several lines",
            b"events {}\nhttp {\n    server {\n        add_header X-A 'one\ntwo;\n    }\n}\n",
            AtLine(Main, 2, 8),
            vec![
                err(2, 6, UnclosedBlock, r#"unexpected end of file, expecting "}""#),
                err(3, 12, UnclosedBlock, r#"unexpected end of file, expecting "}""#),
                err(4, 24, UnterminatedQuote, r#"unexpected end of file, expecting ";" or "}""#),
            ],
        ),
        row(
            "unclosed lua block",
            b"content_by_lua_block {\n    ngx.say(\"}\")\n",
            Same(ServerOpen, 0),
            vec![
                warn(1, 1, UnknownDirective, r#"unknown directive "content_by_lua_block""#),
                err(1, 22, UnclosedBlock, r#"unexpected end of file, expecting "}""#),
            ],
        ),
        // ---- a forgotten ; that nginx reads as more arguments ----
        row(
            // An error, not a warning: nginx refuses this config (`listen`
            // checks its parameters), as the nginx column shows.
            "missing ; between two directives on separate lines",
            b"events {}\nhttp {\n    server {\n        listen 80\n        server_name a;\n    }\n}\n",
            Says(Main, r#"invalid parameter "server_name""#, 5),
            // The merged `listen 80 server_name a` has a valid shape (listen
            // takes 1 or more), but `listen`'s grammar refuses the parameter,
            // as nginx's handler does: an error that names the missing `;`.
            vec![err(4, 18, MissingSemicolon, r#"missing ";" before "server_name""#)],
        ),
        row(
            "missing ; that changes the argument count is an error",
            b"events {}\nhttp {\n    server {\n        root /srv\n        index a.html;\n    }\n}\n",
            Says(Main, r#"invalid number of arguments in "root" directive"#, 5),
            vec![err(4, 18, MissingSemicolon, r#"missing ";" before "index""#)],
        ),
        // ---- the directive table: context, arity, block, flag, unknown ----
        row(
            "proxy_pass in http",
            b"events {}\nhttp {\n    proxy_pass http://a;\n}\n",
            Same(Main, 0),
            vec![err(3, 5, NotAllowedHere, r#""proxy_pass" directive is not allowed here"#)],
        ),
        row(
            "worker_connections in http",
            b"events {}\nhttp {\n    worker_connections 1024;\n}\n",
            Same(Main, 0),
            vec![err(
                3,
                5,
                NotAllowedHere,
                r#""worker_connections" directive is not allowed here"#,
            )],
        ),
        row(
            "listen in location",
            b"server {\n    location / {\n        listen 80;\n    }\n}\n",
            Same(Http, 0),
            vec![err(3, 9, NotAllowedHere, r#""listen" directive is not allowed here"#)],
        ),
        row(
            "events inside http",
            b"http {\n    events {}\n}\n",
            Same(Main, 0),
            vec![err(2, 5, NotAllowedHere, r#""events" directive is not allowed here"#)],
        ),
        row(
            "two arguments for proxy_http_version",
            b"location / {\n    proxy_http_version 1.1 2.0;\n}\n",
            Same(Server, 0),
            vec![err(
                2,
                5,
                InvalidArgumentCount,
                r#"invalid number of arguments in "proxy_http_version" directive"#,
            )],
        ),
        row(
            "keepalive without its number",
            b"upstream app {\n    server 127.0.0.1:8080;\n    keepalive;\n}\n",
            Same(Http, 0),
            vec![err(
                3,
                5,
                InvalidArgumentCount,
                r#"invalid number of arguments in "keepalive" directive"#,
            )],
        ),
        row(
            "upstream server without an address",
            b"upstream app {\n    server;\n}\n",
            Same(Http, 0),
            vec![err(
                2,
                5,
                InvalidArgumentCount,
                r#"invalid number of arguments in "server" directive"#,
            )],
        ),
        row(
            "location with three arguments",
            b"server {\n    location = / extra {}\n}\n",
            Same(Http, 0),
            vec![err(
                2,
                5,
                InvalidArgumentCount,
                r#"invalid number of arguments in "location" directive"#,
            )],
        ),
        row(
            "flag with two values",
            b"events {}\nhttp {\n    gzip on off;\n}\n",
            Same(Main, 0),
            vec![err(
                3,
                5,
                InvalidArgumentCount,
                r#"invalid number of arguments in "gzip" directive"#,
            )],
        ),
        row(
            "simple directive with a block",
            b"location / {\n    proxy_pass http://a { }\n}\n",
            Same(Server, 0),
            vec![err(
                2,
                5,
                NotTerminated,
                r#"directive "proxy_pass" is not terminated by ";""#,
            )],
        ),
        row(
            "server; in http",
            b"events {}\nhttp {\n    server;\n}\n",
            Same(Main, 0),
            vec![err(3, 5, NoOpeningBrace, r#"directive "server" has no opening "{""#)],
        ),
        row(
            "invalid flag",
            b"events {}\nhttp {\n    gzip yes;\n}\n",
            Same(Main, 0),
            vec![err(
                3,
                10,
                InvalidFlag,
                r#"invalid value "yes" in "gzip" directive, it must be "on" or "off""#,
            )],
        ),
        row(
            "quoted directive name is read unquoted",
            b"events {}\nhttp {\n    \"gzip\" 'yes';\n}\n",
            Same(Main, 0),
            vec![err(
                3,
                12,
                InvalidFlag,
                r#"invalid value "yes" in "gzip" directive, it must be "on" or "off""#,
            )],
        ),
        row(
            "flags ignore case",
            b"events {}\nhttp {\n    gzip ON;\n    gzip_vary Off;\n}\n",
            Accepts(Main),
            vec![],
        ),
        row(
            "unknown directive is a warning",
            b"events {}\nhttp {\n    foo bar;\n}\n",
            Same(Main, 0),
            vec![warn(3, 5, UnknownDirective, r#"unknown directive "foo""#)],
        ),
        row(
            "the body of an unknown block is not checked",
            b"events {}\nfoo {\n    bar;\n}\n",
            Same(Main, 0),
            vec![warn(2, 1, UnknownDirective, r#"unknown directive "foo""#)],
        ),
        row(
            "every error is reported, not only the first",
            b"events {}\n}\nhttp {\n    gzip maybe;\n}\n",
            Same(Main, 0),
            vec![
                err(2, 1, UnexpectedToken, r#"unexpected "}""#),
                err(
                    4,
                    10,
                    InvalidFlag,
                    r#"invalid value "maybe" in "gzip" directive, it must be "on" or "off""#,
                ),
            ],
        ),
        // ---- positions ----
        row(
            "CRLF line breaks",
            b"# crlf\r\nevents {}\r\nhttp {\r\n    gzip yes;\r\n}\r\n}\r\n",
            Same(Main, 0),
            vec![
                err(
                    4,
                    10,
                    InvalidFlag,
                    r#"invalid value "yes" in "gzip" directive, it must be "on" or "off""#,
                ),
                err(6, 1, UnexpectedToken, r#"unexpected "}""#),
            ],
        ),
        row(
            "a tab and multibyte UTF-8 before the error count as one column each",
            "server {\n\tserver_name \"bücher.example\" \"中文\"x;\n}\n".as_bytes(),
            Same(Http, 0),
            vec![err(2, 35, UnexpectedAfterQuote, r#"unexpected "x""#)],
        ),
        row(
            // span.rs: "a byte that is not valid UTF-8 counts as one".
            "non-UTF-8 bytes count as one column each",
            b"server {\n    server_name \"caf\xff\x80\"x;\n}\n",
            Same(Http, 0),
            vec![err(2, 24, UnexpectedAfterQuote, r#"unexpected "x""#)],
        ),
        row(
            "a non-UTF-8 directive name is shown with replacement characters",
            b"events {}\nhttp {\n    g\xffzip on;\n}\n",
            Skip,
            // One edit from `gzip`: a typo, an error.
            vec![err(3, 5, UnknownDirective, "unknown directive \"g\u{fffd}zip\"")],
        ),
        // ---- inputs with several files ----
        row(
            "nginx -T dump with an error in its second file",
            DUMP,
            Skip,
            vec![err(5, 5, UnexpectedToken, r#"unexpected "}""#).in_file("/etc/nginx/conf.d/app.conf")],
        ),
        // ---- what must not be reported ----
        row(
            "a lone location is read inside server",
            b"location / { proxy_pass http://a; }",
            Accepts(Server),
            vec![],
        ),
        row(
            "a lone server is read inside http",
            b"server {\n    listen 80;\n    server_name example.com;\n}\n",
            Accepts(Http),
            vec![],
        ),
        row(
            "braces and quotes in comments and strings",
            b"# } \" ' {\nlocation / {\n    return 200 \"a\\\"}b\"; # }\n    set $x '{';\n    return 200 ${x}y;\n}\n",
            Accepts(Server),
            vec![],
        ),
        row(
            // Stock nginx has no lua module; OpenResty reads this fine.
            "lua block with braces in strings, long brackets and comments",
            LUA,
            Same(Server, 0),
            vec![warn(2, 5, UnknownDirective, r#"unknown directive "content_by_lua_block""#)],
        ),
    ]
}

/// A diagnostic as compared: file (`None` for the root), line, column,
/// severity, code, message.
type Flat = (Option<String>, usize, usize, Severity, Code, String);

impl Expect {
    fn flat(&self) -> Flat {
        (
            self.file.map(str::to_string),
            self.line,
            self.column,
            self.severity,
            self.code,
            self.message.to_string(),
        )
    }
}

/// What confine reports for `input`.
fn actual(input: &[u8]) -> Vec<Flat> {
    let set = ConfigSet::from_text("nginx.conf", input);
    let root = set.roots.first().copied().unwrap_or(0);
    validate(&set)
        .into_iter()
        .map(|fd| {
            let file = &set.files[fd.file];
            let d = fd.diagnostic;
            let at = file.tree.position(d.span.start);
            (
                (fd.file != root).then(|| file.path.clone()),
                at.line,
                at.column,
                d.severity,
                d.code,
                d.message,
            )
        })
        .collect()
}

fn show((file, line, column, severity, code, message): &Flat) -> String {
    format!(
        "{}{line}:{column} {} {}: {message}",
        file.as_ref().map(|f| format!("{f}:")).unwrap_or_default(),
        severity.as_str(),
        code.as_str(),
    )
}

#[test]
fn table_has_the_cases_it_promises() {
    let rows = rows();
    assert!(rows.len() >= 30, "only {} rows", rows.len());
    let mut names: Vec<&str> = rows.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rows.len(), "row names must be unique");
}

#[test]
fn every_row_gives_exactly_its_diagnostics() {
    let mut failures = Vec::new();
    for row in rows() {
        let got = actual(row.input);
        let want: Vec<Flat> = row.expect.iter().map(Expect::flat).collect();
        if got != want {
            let want: Vec<String> = want.iter().map(show).collect();
            let got: Vec<String> = got.iter().map(show).collect();
            failures.push(format!(
                "row {:?}\n  input: {:?}\n  want: {want:#?}\n  got:  {got:#?}",
                row.name,
                String::from_utf8_lossy(row.input)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} row(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn syntax_errors_of_a_single_file_come_from_the_parser() {
    // The table runs through `validate`; the parser alone must already give
    // the syntax part of each single-file row.
    let syntax = [
        Code::UnexpectedToken,
        Code::UnexpectedEof,
        Code::UnclosedBlock,
        Code::UnterminatedQuote,
        Code::UnexpectedAfterQuote,
    ];
    let mut failures = Vec::new();
    for row in rows() {
        if row.expect.iter().any(|e| e.file.is_some()) {
            continue;
        }
        let parsed = confine_core::syntax::parse(row.input);
        let got: Vec<(usize, usize, Code)> = parsed
            .errors
            .iter()
            .map(|d| {
                let p = parsed.file.position(d.span.start);
                (p.line, p.column, d.code)
            })
            .collect();
        let want: Vec<(usize, usize, Code)> = row
            .expect
            .iter()
            .filter(|e| syntax.contains(&e.code))
            .map(|e| (e.line, e.column, e.code))
            .collect();
        if got != want {
            failures.push(format!(
                "row {:?}: parser gives {got:?}, want {want:?}",
                row.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore = "needs /usr/sbin/nginx; run with --ignored to re-check the table's nginx facts"]
fn nginx_agrees_with_the_table() {
    let nginx = support::Nginx::required();
    let prefix = support::Prefix::new("table");
    let mut failures = Vec::new();
    for row in rows() {
        let (wrap, want) = match row.nginx {
            Nginx::Skip => continue,
            Nginx::Accepts(w) => (w, None),
            Nginx::Same(w, n) => (
                w,
                Some((row.expect[n].message.to_string(), row.expect[n].line)),
            ),
            Nginx::AtLine(w, n, line) => (w, Some((row.expect[n].message.to_string(), line))),
            Nginx::Says(w, message, line) => (w, Some((message.to_string(), line))),
        };
        let got = nginx
            .test_text(&prefix, wrap.apply(row.input))
            .message_and_conf_line(&prefix);
        if got != want {
            failures.push(format!(
                "row {:?}: nginx says {got:?}, table says {want:?}",
                row.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
