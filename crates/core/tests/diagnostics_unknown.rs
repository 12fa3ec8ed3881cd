//! Unknown directives: every shape of diagnostic confine gives for a name
//! nginx does not know (a typo of a directive allowed there, a third-party
//! module's directive, anything else; with and without `--strict`), with
//! severity, exact message, help, line and column, for the whole list.
//!
//! Each row is a whole config or a snippet (read where it belongs, as
//! confine reads one). nginx 1.22.1 (no third-party modules) fails on every
//! whole config at the row's first diagnostic with the same message; the
//! ignored test `nginx_fails_where_the_table_says` checks that with the
//! installed nginx: `cargo test -p confine-core --test diagnostics_unknown -- --ignored`.

use confine_core::diagnostic::{Code, Severity};
use confine_core::input::ConfigSet;
use confine_core::options::{Options, Version};

mod support;

/// One expected diagnostic.
#[derive(Clone, PartialEq, Eq, Debug)]
struct Expect {
    line: usize,
    column: usize,
    severity: Severity,
    message: &'static str,
    help: &'static str,
}

struct Row {
    name: &'static str,
    input: &'static str,
    version: Version,
    strict: bool,
    expect: Vec<Expect>,
}

const fn err(line: usize, column: usize, message: &'static str, help: &'static str) -> Expect {
    Expect {
        line,
        column,
        severity: Severity::Error,
        message,
        help,
    }
}

const fn warn(line: usize, column: usize, message: &'static str, help: &'static str) -> Expect {
    Expect {
        severity: Severity::Warning,
        ..err(line, column, message, help)
    }
}

const STABLE: Version = Version::CURRENT_STABLE;
const OLD: Version = Version(1, 22, 1);

fn row(name: &'static str, input: &'static str, expect: Vec<Expect>) -> Row {
    Row {
        name,
        input,
        version: STABLE,
        strict: false,
        expect,
    }
}

impl Row {
    fn strict(self) -> Row {
        Row {
            strict: true,
            ..self
        }
    }

    fn at(self, version: Version) -> Row {
        Row { version, ..self }
    }
}

const OTHER: &str =
    "not a directive of nginx or its official modules; a third-party module may provide it";

fn rows() -> Vec<Row> {
    vec![
        row(
            "a letter missing",
            "events {}\nhttp {\n    server {\n        location / {\n            proxy_pas http://127.0.0.1:8080;\n        }\n    }\n}\n",
            vec![err(5, 13, r#"unknown directive "proxy_pas""#, r#"did you mean "proxy_pass"?"#)],
        ),
        row(
            "a letter too many",
            "events {}\nhttp {\n    server {\n        location / {\n            proxy_passs http://127.0.0.1:8080;\n        }\n    }\n}\n",
            vec![err(5, 13, r#"unknown directive "proxy_passs""#, r#"did you mean "proxy_pass"?"#)],
        ),
        row(
            "two neighbours swapped",
            "events {}\nhttp {\n    server {\n        location / {\n            proxy_set_haeder Host $host;\n        }\n    }\n}\n",
            vec![err(5, 13, r#"unknown directive "proxy_set_haeder""#, r#"did you mean "proxy_set_header"?"#)],
        ),
        row(
            "a wrong letter in a block name",
            "events {}\nhttp {\n    sarver {\n        listen 80;\n    }\n}\n",
            vec![err(3, 5, r#"unknown directive "sarver""#, r#"did you mean "server"?"#)],
        ),
        row(
            "upper case is a slip too",
            "events {}\nhttp {\n    Gzip on;\n}\n",
            vec![err(3, 5, r#"unknown directive "Gzip""#, r#"did you mean "gzip"?"#)],
        ),
        row(
            "two slips in a long name",
            "events {}\nhttp {\n    server {\n        proxy_set_hedr Host $host;\n    }\n}\n",
            vec![err(4, 9, r#"unknown directive "proxy_set_hedr""#, r#"did you mean "proxy_set_header"?"#)],
        ),
        row(
            "a misspelt short name",
            "events {}\nhttp {\n    server {\n        fi ($request_method = POST) {\n            return 405;\n        }\n    }\n}\n",
            vec![err(4, 9, r#"unknown directive "fi""#, r#"did you mean "if"?"#)],
        ),
        row(
            "a snippet whose only directive is misspelt is still read where it belongs",
            "locaton /.well-known/acme-challenge {\n    root /var/www/html;\n}\n",
            vec![err(1, 1, r#"unknown directive "locaton""#, r#"did you mean "location"?"#)],
        ),
        row(
            "a lone if snippet may stand in a location",
            "if ($http_referer !~ \"^https://example\\.com/\") {\n    add_heder X-Frame-Options SAMEORIGIN;\n}\n",
            vec![err(2, 5, r#"unknown directive "add_heder""#, r#"did you mean "add_header"?"#)],
        ),
        row(
            "two slips in a short name are not a typo",
            "events {}\nhttp {\n    gzp_vry on;\n}\n",
            vec![warn(3, 5, r#"unknown directive "gzp_vry""#, OTHER)],
        ),
        row(
            "a slip from a directive not allowed here is not a typo",
            "events {}\nhttp {\n    proxy_pas http://127.0.0.1:8080;\n}\n",
            vec![warn(3, 5, r#"unknown directive "proxy_pas""#, OTHER)],
        ),
        row(
            "a slip from a directive the version lacks is not a typo",
            "events {}\nhttp {\n    server {\n        http3_hq on;\n        http33 on;\n    }\n}\n",
            vec![
                err(4, 9, r#"unknown directive "http3_hq""#, "added in nginx 1.25.0; the config targets nginx 1.22.1"),
                warn(5, 9, r#"unknown directive "http33""#, OTHER),
            ],
        )
        .at(OLD),
        row(
            "the same slip where the version has it",
            "events {}\nhttp {\n    server {\n        http33 on;\n    }\n}\n",
            vec![err(4, 9, r#"unknown directive "http33""#, r#"did you mean "http3"?"#)],
        ),
        row(
            "a third-party directive names its module",
            "events {}\nhttp {\n    more_set_headers \"Server: x\";\n}\n",
            vec![warn(3, 5, r#"unknown directive "more_set_headers""#,
                "needs the headers-more module: github.com/openresty/headers-more-nginx-module; nginx without it fails here")],
        ),
        row(
            "a third-party name one slip from nginx's is the module's",
            "events {}\nhttp {\n    geoip2_proxy 10.0.0.0/8;\n    server {\n        location / {\n            subs_filter a b;\n        }\n    }\n}\n",
            vec![
                warn(3, 5, r#"unknown directive "geoip2_proxy""#,
                    "needs the geoip2 module: github.com/leev/ngx_http_geoip2_module; nginx without it fails here"),
                warn(6, 13, r#"unknown directive "subs_filter""#,
                    "needs the substitutions module: github.com/yaoweibin/ngx_http_substitutions_filter_module; nginx without it fails here"),
            ],
        ),
        row(
            "a lua block is OpenResty's",
            "events {}\nhttp {\n    server {\n        location / {\n            content_by_lua_block {\n                ngx.say(\"}\")\n            }\n        }\n    }\n}\n",
            vec![warn(5, 13, r#"unknown directive "content_by_lua_block""#,
                "needs the lua (OpenResty) module: github.com/openresty/lua-nginx-module; nginx without it fails here")],
        ),
        row(
            "a naxsi rule at the top of http",
            "events {}\nhttp {\n    MainRule \"str:<script\" \"msg:xss\" \"mz:ARGS\" \"s:$XSS:8\" id:1001;\n}\n",
            vec![warn(3, 5, r#"unknown directive "MainRule""#,
                "needs the naxsi module: github.com/wargio/naxsi; nginx without it fails here")],
        ),
        row(
            "a block of a third-party module at the top",
            "events {}\nrtmp {\n    server {\n        listen 1935;\n        application live { live on; }\n    }\n}\n",
            vec![warn(2, 1, r#"unknown directive "rtmp""#,
                "needs the rtmp module: github.com/arut/nginx-rtmp-module; nginx without it fails here")],
        ),
        row(
            "a name that is neither stays a warning",
            "events {}\nhttp {\n    frobnicate on;\n}\n",
            vec![warn(3, 5, r#"unknown directive "frobnicate""#, OTHER)],
        ),
        row(
            "strict: a third-party directive is an error",
            "events {}\nhttp {\n    more_set_headers \"Server: x\";\n}\n",
            vec![err(3, 5, r#"unknown directive "more_set_headers""#,
                "needs the headers-more module: github.com/openresty/headers-more-nginx-module; nginx without it fails here")],
        )
        .strict(),
        row(
            "strict: any unknown name is an error",
            "events {}\nhttp {\n    frobnicate on;\n}\n",
            vec![err(3, 5, r#"unknown directive "frobnicate""#, OTHER)],
        )
        .strict(),
    ]
}

/// A diagnostic as compared: line, column, severity, message, help.
type Flat = (usize, usize, Severity, String, String);

impl Expect {
    fn flat(&self) -> Flat {
        let (message, help) = (self.message.to_string(), self.help.to_string());
        (self.line, self.column, self.severity, message, help)
    }
}

/// What confine reports for a row (every diagnostic must be about an
/// unknown directive: the rows are otherwise valid configs).
fn actual(row: &Row) -> Vec<Flat> {
    let set = ConfigSet::from_text("nginx.conf", row.input.as_bytes());
    let options = Options {
        nginx_version: row.version,
        strict: row.strict,
        ..Options::default()
    };
    let report = confine_core::analyze(&set, &options);
    report
        .diagnostics
        .iter()
        .map(|fd| {
            let d = &fd.diagnostic;
            assert_eq!(d.code, Code::UnknownDirective, "{}: {d:?}", row.name);
            let at = set.files[fd.file].tree.position(d.span.start);
            let help = d.help.clone().unwrap_or_default();
            (at.line, at.column, d.severity, d.message.clone(), help)
        })
        .collect()
}

#[test]
fn every_row_gives_exactly_its_diagnostics() {
    let mut failures = Vec::new();
    for row in rows() {
        let got = actual(&row);
        let want: Vec<Flat> = row.expect.iter().map(Expect::flat).collect();
        if got != want {
            failures.push(format!(
                "row {:?}\n  want: {want:#?}\n  got:  {got:#?}",
                row.name
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
fn row_names_are_unique_and_cover_each_shape() {
    let rows = rows();
    let mut names: Vec<&str> = rows.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rows.len());
    let shapes = |severity: Severity, help: &str| {
        rows.iter()
            .flat_map(|r| &r.expect)
            .any(|e| e.severity == severity && e.help.starts_with(help))
    };
    assert!(shapes(Severity::Error, "did you mean"));
    assert!(shapes(Severity::Warning, "needs the"));
    assert!(shapes(Severity::Error, "needs the"));
    assert!(shapes(Severity::Warning, "not a directive"));
    assert!(shapes(Severity::Error, "not a directive"));
}

/// nginx 1.22.1 without third-party modules fails on every row with the
/// message of the row's first diagnostic, on its line (rows for the stable
/// version are checked only when the name is unknown to 1.22.1 as well).
#[test]
#[ignore = "needs /usr/sbin/nginx"]
fn nginx_fails_where_the_table_says() {
    let nginx = support::Nginx::required();
    let mut failures = Vec::new();
    for row in rows().into_iter().filter(|r| r.input.starts_with("events")) {
        // A fresh prefix per row.
        let prefix = support::Prefix::new("unknown");
        let said = nginx.test_text(&prefix, row.input);
        let first = &row.expect[0];
        let want = support::Outcome::Failed(support::Failure {
            message: first.message.to_string(),
            at: Some((prefix.conf(), first.line)),
        });
        if said != want {
            failures.push(format!(
                "row {:?}: want {want:?}, nginx said {said:?}",
                row.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
