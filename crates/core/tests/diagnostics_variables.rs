//! The unknown-variable check, row by row: each config with the exact
//! diagnostics confine gives (message, help, line, column), nothing more.
//! Rows without expectations pin what is *not* a use (a `$` in a regex, in a
//! directive that takes `$` literally) and what defines a name (captures,
//! `set`, `map`, `geo`, ... anywhere in the config, as nginx's variables are
//! global).
//!
//! The ignored test `nginx_agrees_with_the_rows` runs the real nginx 1.22.1
//! on every row it can load: it must accept the rows without expectations
//! and name the row's variable for the others (nginx gives no line:
//! `cargo test -p confine-core --test diagnostics_variables -- --ignored`).

use confine_core::analysis::validate_for;
use confine_core::diagnostic::{Code, Severity};
use confine_core::input::ConfigSet;
use confine_core::options::Version;

mod support;

struct Row {
    name: &'static str,
    config: &'static str,
    version: Version,
    /// Whether the real nginx can read the row (no module it lacks).
    nginx: bool,
    /// (line, column, severity, message, help)
    expect: &'static [(usize, usize, Severity, &'static str, &'static str)],
}

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;
const V1_22: Version = Version(1, 22, 1);
const SYNTAX: &str = "a variable is `$name` or `${name}`, the name of letters, digits and `_`";
const NONE: &str =
    "no module provides it and no set, map, geo, split_clients or regex capture defines it";

const fn row(
    name: &'static str,
    config: &'static str,
    expect: &'static [(usize, usize, Severity, &'static str, &'static str)],
) -> Row {
    Row {
        name,
        config,
        version: V1_22,
        nginx: true,
        expect,
    }
}

fn rows() -> Vec<Row> {
    vec![
        row(
            "a misspelt variable in return, with the close name",
            "events {}\nhttp { server {\n  location / { return 200 \"$reqeust_uri\"; }\n} }\n",
            &[(3, 28, E, "unknown \"reqeust_uri\" variable", "did you mean \"$request_uri\"?")],
        ),
        row(
            "a $ with no name after it",
            "events {}\nhttp { server {\n  location / { return 200 \"cost: 5$\"; }\n} }\n",
            &[(3, 35, E, "invalid variable name", SYNTAX)],
        ),
        row(
            "${} and a ${ at the end are no names either",
            "events {}\nhttp { server {\n  location / { add_header X \"${}\"; set $a \"x${\"; }\n} }\n",
            &[(3, 30, E, "invalid variable name", SYNTAX), (3, 45, E, "invalid variable name", SYNTAX)],
        ),
        row(
            "a ${ never closed",
            "events {}\nhttp { server {\n  location / { return 200 \"${host:$uri\"; }\n} }\n",
            &[(3, 28, E, "the closing bracket in \"host\" variable is missing", SYNTAX)],
        ),
        row(
            "nginx stops at the first: a later misspelt name is not reported",
            "events {}\nhttp { server {\n  location / { return 200 \"$ $reqeust_uri\"; }\n} }\n",
            &[(3, 28, E, "invalid variable name", SYNTAX)],
        ),
        row(
            "a $ at the end of a regex is no script",
            "events {}\nhttp { server {\n  location ~ ^/a$ { rewrite ^/b$ /c last; if ($uri ~ x$) { return 404; } }\n} }\n",
            &[],
        ),
        row(
            "nothing close: no suggestion",
            "events {}\nhttp { server {\n  location / { return 200 $zzqqxx; }\n} }\n",
            &[(3, 27, E, "unknown \"zzqqxx\" variable", NONE)],
        ),
        row(
            "braces, and the message lower-cases the name as nginx does",
            "events {}\nhttp { server {\n  location / { add_header X-A \"a${Upstrem_Addr}b\"; }\n} }\n",
            &[(3, 33, E, "unknown \"upstrem_addr\" variable", "did you mean \"$upstream_addr\"?")],
        ),
        row(
            "an if operand is the whole word",
            "events {}\nhttp { server {\n  location / { if ($request_metod = POST) { return 405; } }\n} }\n",
            &[(3, 20, E, "unknown \"request_metod\" variable", "did you mean \"$request_method\"?")],
        ),
        row(
            "the value compared in if is a script",
            "events {}\nhttp { server {\n  location / { if ($host = \"a$hots\") { return 404; } }\n} }\n",
            &[(3, 30, E, "unknown \"hots\" variable", "did you mean \"$host\"?")],
        ),
        row(
            "the operand of -f is a script",
            "events {}\nhttp { server {\n  location / { if (!-f $document_rot) { return 404; } }\n} }\n",
            &[(3, 24, E, "unknown \"document_rot\" variable", "did you mean \"$document_root\"?")],
        ),
        row(
            "proxy_set_header's value, not its name",
            "events {}\nhttp { server {\n  location / { proxy_set_header X-Real-IP $remote_adr; proxy_pass http://127.0.0.1:1; }\n} }\n",
            &[(3, 43, E, "unknown \"remote_adr\" variable", "did you mean \"$remote_addr\"?")],
        ),
        row(
            "log_format after escape=",
            "events {}\nhttp {\n  log_format j escape=json '{\"u\":\"$remote_usr\"}';\n}\n",
            &[(3, 35, E, "unknown \"remote_usr\" variable", "did you mean \"$remote_user\"?")],
        ),
        row(
            "access_log if=",
            "events {}\nhttp {\n  access_log /dev/null combined if=$loggable;\n}\n",
            &[(3, 36, E, "unknown \"loggable\" variable", NONE)],
        ),
        row(
            "a map value is a script",
            "events {}\nhttp {\n  map $uri $m { default $ur1; }\n  server { location / { return 200 $m; } }\n}\n",
            &[(3, 25, E, "unknown \"ur1\" variable", "did you mean \"$uri\"?")],
        ),
        row(
            "an escape in the argument: the span is the whole argument",
            "events {}\nhttp { server {\n  location / { return 200 \"\\\"$hots\"; }\n} }\n",
            &[(3, 27, E, "unknown \"hots\" variable", "did you mean \"$host\"?")],
        ),
        row(
            "memcached_pass reads $memcached_key, which set must define",
            "events {}\nhttp { server {\n  location / { memcached_pass 127.0.0.1:11211; }\n} }\n",
            &[(3, 16, E, "unknown \"memcached_key\" variable", NONE)],
        ),
        row(
            "$http3 is unknown before nginx 1.25.0",
            "events {}\nhttp { server {\n  location / { return 200 $http3; }\n} }\n",
            &[(3, 27, E, "unknown \"http3\" variable", "did you mean \"$http2\"?")],
        ),
        Row {
            version: Version(1, 25, 0),
            nginx: false,
            ..row(
                "$http3 is known from nginx 1.25.0",
                "events {}\nhttp { server {\n  location / { return 200 $http3; }\n} }\n",
                &[],
            )
        },
        row(
            "stream has its own variables: $request_uri is http's",
            "load_module /usr/lib/nginx/modules/ngx_stream_module.so;\nevents {}\nstream { server { listen 127.0.0.1:9; return $request_uri; } }\n",
            &[(3, 46, E, "unknown \"request_uri\" variable", NONE)],
        ),
        row(
            "an http set does not define a stream variable",
            "load_module /usr/lib/nginx/modules/ngx_stream_module.so;\nevents {}\nhttp { server { set $only_http 1; } }\nstream { server { listen 127.0.0.1:9; return $only_http; } }\n",
            &[(4, 46, E, "unknown \"only_http\" variable", NONE)],
        ),
        row(
            "definitions anywhere in http are global, used before or after",
            "events {}\nhttp {\n  server { location / { return 200 \"$a $m $g $s $ar $cap $sub $mk $ifcap $rw\"; } }\n  server {\n    server_name ~^(?<sub>.+)\\.example\\.com$;\n    set $a 1;\n    location ~ ^/(?<cap>.*)$ { auth_request_set $ar $upstream_status; }\n    location /x { if ($uri ~ ^/(?P<ifcap>.+)$) { return 404; } rewrite ^/(?'rw'.*)$ /$1 last; }\n  }\n  map $uri $m { default 1; ~^/(?<mk>.*) 2; }\n  geo $g { default 0; }\n  split_clients \"$remote_addr\" $s { 50% a; * b; }\n}\n",
            &[],
        ),
        row(
            "prefix families, captures, case, and $ where nginx takes it literally",
            "events {}\nhttp { server {\n  default_type \"text/$plain\";\n  location ~ ^/a$ {\n    rewrite ^/(a)$ /b/$1?x=$arg_x last;\n    if ($HTTP_X_Foo ~ ^x$) { return 404; }\n    add_header X \"$cookie_s $sent_http_etag $upstream_http_x $upstream_cookie_y $Request_URI\";\n    proxy_redirect ~^http://x/(.*)$ /$1;\n    proxy_pass http://127.0.0.1:1;\n  }\n} }\n",
            &[],
        ),
        row(
            "${1} is the variable \"1\", not a capture",
            "events {}\nhttp { server {\n  location ~ ^/(a)$ { return 200 \"${1}\"; }\n} }\n",
            &[(3, 35, E, "unknown \"1\" variable", NONE)],
        ),
        row(
            "a stream map defines a stream variable",
            "load_module /usr/lib/nginx/modules/ngx_stream_module.so;\nevents {}\nstream {\n  map $remote_addr $up { default 127.0.0.1:1; }\n  server { listen 127.0.0.1:9; proxy_pass $up; }\n}\n",
            &[],
        ),
        Row {
            nginx: false,
            ..row(
                "perl_set, js_set and third-party set_* define their variable",
                "events {}\nhttp {\n  perl_set $p 'sub { 1 }';\n  js_set $j main.f;\n  server { set_md5 $md $uri; location / { return 200 \"$p $j $md\"; } }\n}\n",
                &[],
            )
        },
        row(
            "geo's source and charset's value are names taken whole",
            "events {}\nhttp {\n  geo $remote_adr $g { default 1; }\n  server { location / { charset $g; source_charset $chrset; return 200 $g; } }\n}\n",
            &[
                (3, 7, E, "unknown \"remote_adr\" variable", "did you mean \"$remote_addr\"?"),
                (4, 52, E, "unknown \"chrset\" variable", NONE),
            ],
        ),
        row(
            "return's one argument is a URL with http://, https:// or $scheme",
            "events {}\nhttp { server {\n  location /b { return https://$hots; }\n} }\n",
            &[(3, 32, E, "unknown \"hots\" variable", "did you mean \"$host\"?")],
        ),
        Row {
            // nginx: `invalid return code "$schme://x"`, the handler's error.
            nginx: false,
            ..row(
                "else return's one argument is a code, not a script",
                "events {}\nhttp { server {\n  location /a { return $schme://x; }\n} }\n",
                &[],
            )
        },
        row(
            "http-level headers and params are compiled only when a server inherits them",
            "events {}\nhttp {\n  proxy_set_header X $nope;\n  fastcgi_param X $nope;\n  add_header X $nope;\n}\n",
            &[(5, 16, E, "unknown \"nope\" variable", "did you mean \"$pipe\"?")],
        ),
        row(
            "proxy_cookie_flags: the flags are scripts too",
            "events {}\nhttp { server {\n  location / { proxy_cookie_flags ~a samesite=$smesite; proxy_pass http://127.0.0.1:1; }\n} }\n",
            &[(3, 47, E, "unknown \"smesite\" variable", NONE)],
        ),
        Row {
            nginx: false,
            ..row(
                "a snippet may use what its includer defines: a warning, stream names aside",
                "location / {\n  return 200 \"$reqeust_uri $session_time $from_includer\";\n}\n",
                &[
                    (2, 15, W, "unknown \"reqeust_uri\" variable", "did you mean \"$request_uri\"? (or the config that includes this file defines it)"),
                    (2, 42, W, "unknown \"from_includer\" variable", "unless the config that includes this file defines it"),
                ],
            )
        },
        Row {
            nginx: false,
            ..row(
                "a third-party block's $v lines define v in its protocol",
                "events {}\nstream {\n  geoip2 /x.mmdb { $geo_cc country iso_code; }\n  server { listen 127.0.0.1:9; return $geo_cc; }\n}\nhttp { server { return 200 $geo_cc; } }\n",
                &[(6, 28, E, "unknown \"geo_cc\" variable", NONE)],
            )
        },
    ]
}

#[test]
fn every_row_gives_exactly_its_diagnostics() {
    let mut failures = Vec::new();
    for row in rows() {
        let set = ConfigSet::from_text("/etc/nginx/nginx.conf", row.config.as_bytes());
        let tree = &set.files[0].tree;
        let got: Vec<(usize, usize, Severity, String, String)> = validate_for(&set, row.version)
            .into_iter()
            .filter(|d| {
                matches!(
                    d.diagnostic.code,
                    Code::UnknownVariable | Code::InvalidVariable
                )
            })
            .map(|d| {
                let at = tree.position(d.diagnostic.span.start);
                (
                    at.line,
                    at.column,
                    d.diagnostic.severity,
                    d.diagnostic.message.clone(),
                    d.diagnostic.help.clone().unwrap_or_default(),
                )
            })
            .collect();
        let want: Vec<(usize, usize, Severity, String, String)> = row
            .expect
            .iter()
            .map(|(l, c, s, m, h)| (*l, *c, *s, m.to_string(), h.to_string()))
            .collect();
        if got != want {
            failures.push(format!(
                "row {:?}:\n  got  {got:?}\n  want {want:?}",
                row.name
            ));
        }
        let others: Vec<_> = validate_for(&set, row.version)
            .into_iter()
            .filter(|d| {
                d.diagnostic.severity == Severity::Error
                    && !matches!(
                        d.diagnostic.code,
                        Code::UnknownVariable | Code::InvalidVariable
                    )
            })
            .map(|d| d.diagnostic.message)
            .collect();
        if !others.is_empty() && row.nginx {
            failures.push(format!("row {:?}: other errors {others:?}", row.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore = "needs the real nginx 1.22.1 (NGINX=/path/to/nginx)"]
fn nginx_agrees_with_the_rows() {
    let nginx = support::Nginx::required();
    let prefix = support::Prefix::new("vars");
    let mut failures = Vec::new();
    for row in rows().into_iter().filter(|r| r.nginx) {
        let got = nginx
            .test_text(&prefix, row.config)
            .message_and_line()
            .map(|(message, _)| message);
        let want = row.expect.first().map(|e| e.3.to_string());
        if got != want {
            failures.push(format!(
                "row {:?}: nginx says {got:?}, the row {want:?}",
                row.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
