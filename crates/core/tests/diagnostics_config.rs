//! The whole-config checks (`analysis::config_checks`): for each input, every
//! diagnostic confine gives (line, column, severity, code, exact message),
//! and what the real nginx 1.22.1 says about the same text: its first error
//! and the line it names, or that it accepts it.
//!
//! Inputs are loaded as `nginx.conf` with [`ConfigSet::from_text`] and
//! checked for nginx 1.22.1 (`ssl on` still exists there). The nginx half
//! runs `/usr/sbin/nginx -t` on the same bytes; without nginx it is skipped
//! with a message (a failure under `CONFINE_REQUIRE_TOOLS`).

use confine_core::analysis::directives::Version;
use confine_core::analysis::validate_for;
use confine_core::diagnostic::{Code, Severity};
use confine_core::input::ConfigSet;

mod support;

const NGINX_VERSION: Version = Version(1, 22, 1);

#[derive(Clone, PartialEq, Eq, Debug)]
struct Expect {
    line: usize,
    column: usize,
    severity: Severity,
    code: Code,
    message: &'static str,
}

const fn err(line: usize, column: usize, code: Code, message: &'static str) -> Expect {
    Expect {
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

/// What `nginx -t` says about the row's text.
#[derive(Clone, Copy, Debug)]
enum Nginx {
    Accepts,
    /// A snippet: nginx accepts it between these two texts (a config that
    /// includes it and defines what it names).
    AcceptsWithin(&'static str, &'static str),
    /// nginx's first error is expectation `n` of the row, at this line
    /// (`None`: nginx names no line).
    Fails(usize, Option<usize>),
}

struct Row {
    name: &'static str,
    input: &'static str,
    nginx: Nginx,
    expect: Vec<Expect>,
}

fn rows() -> Vec<Row> {
    use Code::*;
    use Nginx::*;
    let row = |name, input, nginx, expect| Row {
        name,
        input,
        nginx,
        expect,
    };
    vec![
        // ---- locations ----
        row(
            "duplicate prefix location (^~ is a prefix too)",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location /a { }\n        location ^~ /a { }\n    }\n}\n",
            Fails(0, Some(6)),
            vec![err(6, 21, Duplicate, r#"duplicate location "/a""#)],
        ),
        row(
            "duplicate exact location",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location = /health { }\n        location /health { }\n        location =/health { }\n    }\n}\n",
            Fails(0, Some(7)),
            vec![err(7, 18, Duplicate, r#"duplicate location "/health""#)],
        ),
        row(
            "an exact and a prefix location of one path, regex and named twice: accepted",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location = /a { }\n        location /a { }\n        location ~ /b { }\n        location ~ /b { }\n        location @c { }\n        location @c { }\n    }\n}\n",
            Accepts,
            vec![],
        ),
        row(
            "the same path in two blocks: accepted",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location /a { location /a { } }\n    }\n}\n",
            Accepts,
            vec![],
        ),
        row(
            "nested location outside its parent",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location /media/ {\n            location /static/ { }\n        }\n    }\n}\n",
            Fails(0, Some(6)),
            vec![err(6, 22, NotAllowedHere, r#"location "/static/" is outside location "/media/""#)],
        ),
        row(
            "nested prefix under a regex location must start with the regex text",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location ~ \\.php$ {\n            location /x { }\n            location ~ y { }\n        }\n    }\n}\n",
            Fails(0, Some(6)),
            vec![err(6, 22, NotAllowedHere, r#"location "/x" is outside location "\.php$""#)],
        ),
        row(
            "location inside an exact location",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location = /robots.txt {\n            location /robots.txt/a { }\n        }\n    }\n}\n",
            Fails(0, Some(6)),
            vec![err(
                6,
                22,
                NotAllowedHere,
                r#"location "/robots.txt/a" cannot be inside the exact location "/robots.txt""#,
            )],
        ),
        row(
            "named location below the server level",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location / {\n            location @app { }\n        }\n    }\n}\n",
            Fails(0, Some(6)),
            vec![err(6, 22, NotAllowedHere, r#"named location "@app" can be on the server level only"#)],
        ),
        row(
            "location inside a named location",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location @app {\n            location /a { }\n        }\n    }\n}\n",
            Fails(0, Some(6)),
            vec![err(6, 22, NotAllowedHere, r#"location "/a" cannot be inside the named location "@app""#)],
        ),
        // ---- listen ----
        row(
            "two default servers on one address",
            "events {}\nhttp {\n    server { listen 8001 default_server; }\n    server { listen *:8001 default; }\n}\n",
            Fails(0, Some(4)),
            vec![err(4, 28, Duplicate, "a duplicate default server for 0.0.0.0:8001")],
        ),
        row(
            "default servers on different addresses: accepted",
            "events {}\nhttp {\n    server { listen 8001 default_server; }\n    server { listen 127.0.0.1:8001 default_server; listen [::1]:8001 default_server; }\n}\n",
            Accepts,
            vec![],
        ),
        row(
            "socket options given twice for one address",
            "events {}\nhttp {\n    server { listen 127.0.0.1:8001 backlog=100; }\n    server { listen 127.0.0.1:8001 reuseport; }\n}\n",
            Fails(0, Some(4)),
            vec![err(4, 21, Duplicate, "duplicate listen options for 127.0.0.1:8001")],
        ),
        row(
            "one server listening twice on an address",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        listen 0.0.0.0:8001;\n    }\n}\n",
            Fails(0, Some(5)),
            vec![err(5, 16, Duplicate, "a duplicate listen 0.0.0.0:8001")],
        ),
        row(
            "a stream address and port twice (udp apart)",
            "load_module /usr/lib/nginx/modules/ngx_stream_module.so;\nevents {}\nstream {\n    server { listen 9000; proxy_pass 127.0.0.1:1; }\n    server { listen 9000 udp; proxy_pass 127.0.0.1:1; }\n    server { listen *:9000; proxy_pass 127.0.0.1:1; }\n}\n",
            Fails(0, Some(6)),
            vec![err(6, 21, Duplicate, r#"duplicate "0.0.0.0:9000" address and port pair"#)],
        ),
        // ---- certificates ----
        row(
            "listen ssl in a server without a certificate",
            "events {}\nhttp {\n    server {\n        listen 8443 ssl;\n    }\n}\n",
            Fails(0, Some(3)),
            vec![err(
                3,
                5,
                NoCertificate,
                r#"no "ssl_certificate" is defined for the "listen ... ssl" directive"#,
            )],
        ),
        row(
            "the default server of a TLS address has no certificate",
            "events {}\nhttp {\n    server {\n        listen 8443;\n    }\n    server {\n        listen 8443 ssl;\n        ssl_certificate /tmp/c.pem;\n        ssl_certificate_key /tmp/k.pem;\n    }\n}\n",
            Fails(0, Some(3)),
            vec![err(
                3,
                5,
                NoCertificate,
                r#"no "ssl_certificate" is defined for the "listen ... ssl" directive"#,
            )],
        ),
        row(
            "a default server that rejects handshakes: the others need certificates",
            "events {}\nhttp {\n    server {\n        listen 8443 ssl default_server;\n        ssl_reject_handshake on;\n    }\n    server {\n        listen 8443 ssl;\n    }\n}\n",
            Fails(0, Some(7)),
            vec![err(
                7,
                5,
                NoCertificate,
                r#"no "ssl_certificate" is defined for the "listen ... ssl" directive"#,
            )],
        ),
        row(
            "ssl on without a certificate",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        ssl on;\n    }\n}\n",
            Fails(0, Some(5)),
            vec![err(
                5,
                9,
                NoCertificate,
                r#"no "ssl_certificate" is defined for the "ssl" directive"#,
            )],
        ),
        row(
            "with ssl on, a certificate without its key is named at the ssl line",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        ssl on;\n        ssl_certificate /tmp/c.pem;\n        ssl_certificate_key /tmp/k.pem;\n        ssl_certificate /tmp/c.pem;\n    }\n}\n",
            Fails(0, Some(5)),
            vec![err(
                5,
                9,
                NoCertificate,
                r#"no "ssl_certificate_key" is defined for certificate "/tmp/c.pem" and the "ssl" directive"#,
            )],
        ),
        row(
            "a certificate without its key",
            "events {}\nhttp {\n    ssl_certificate /tmp/c.pem;\n    server {\n        listen 8001;\n    }\n}\n",
            Fails(0, None),
            vec![err(
                3,
                21,
                NoCertificate,
                r#"no "ssl_certificate_key" is defined for certificate "/tmp/c.pem""#,
            )],
        ),
        // ---- events ----
        row(
            "a whole config without events",
            "http {\n    server {\n        listen 8001;\n    }\n}\n",
            Fails(0, None),
            vec![err(1, 1, MissingSection, r#"no "events" section in configuration"#)],
        ),
        row(
            "no events, an include inside http that matched nothing",
            "http {\n    include /tmp/confine-none/*.conf;\n}\n",
            Fails(0, None),
            vec![err(1, 1, MissingSection, r#"no "events" section in configuration"#)],
        ),
        row(
            "no events, a top-level include pattern that matched nothing",
            "include /tmp/confine-none/*.conf;\nhttp {\n}\n",
            Fails(0, None),
            vec![err(1, 1, MissingSection, r#"no "events" section in configuration"#)],
        ),
        row(
            "a directive only the main context allows: a main config, which needs events",
            "worker_processes 2;\n",
            Fails(0, None),
            vec![err(1, 1, MissingSection, r#"no "events" section in configuration"#)],
        ),
        row(
            "env lines alone are a main config too",
            "env TZ;\nenv LANG=C;\n",
            Fails(0, None),
            vec![err(1, 1, MissingSection, r#"no "events" section in configuration"#)],
        ),
        row(
            "a module loaded and nothing else",
            "load_module /usr/lib/nginx/modules/ngx_stream_module.so;\n",
            Fails(0, None),
            vec![err(1, 1, MissingSection, r#"no "events" section in configuration"#)],
        ),
        row(
            "nothing but an include pattern that matched nothing",
            "include /tmp/confine-none/*.conf;\n",
            Fails(0, None),
            vec![err(1, 1, MissingSection, r#"no "events" section in configuration"#)],
        ),
        row(
            "a directive other contexts allow too: a snippet, not asked for events",
            "error_log /tmp/e.log;\n",
            AcceptsWithin("events {}\n", ""),
            vec![],
        ),
        row(
            "a blank file: a placeholder snippet, not asked for events",
            "# filled in by the application\n\n",
            AcceptsWithin("events {}\n", ""),
            vec![],
        ),
        row(
            "a server snippet may take its certificate from the including http",
            "server {\n    listen 8443 ssl;\n}\n",
            AcceptsWithin(
                "events {}\nhttp {\nssl_certificate /tmp/c.pem;\nssl_certificate_key /tmp/k.pem;\n",
                "}\n",
            ),
            vec![],
        ),
        // ---- referers ----
        row(
            "a referer twice in one line, in other case and with a URI part",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        valid_referers none example.com Example.COM/a;\n    }\n}\n",
            Fails(0, Some(5)),
            vec![err(5, 41, Duplicate, r#"conflicting parameter "example.com""#)],
        ),
        row(
            "a wildcard referer twice over two lines of one block",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        valid_referers .example.com;\n        valid_referers *.Example.com;\n    }\n}\n",
            Fails(0, Some(6)),
            vec![err(6, 24, Duplicate, r#"conflicting parameter "*.example.com""#)],
        ),
        row(
            "a referer wildcard nginx cannot store",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        valid_referers foo*bar;\n    }\n}\n",
            Fails(0, Some(5)),
            vec![err(5, 24, InvalidValue, r#"invalid hostname or wildcard "foo*bar""#)],
        ),
        row(
            "an empty referer",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        valid_referers none \"\";\n    }\n}\n",
            Fails(0, Some(5)),
            vec![err(5, 29, InvalidValue, r#"invalid referer """#)],
        ),
        row(
            "none and blocked without any referer name",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        valid_referers none blocked;\n    }\n}\n",
            Fails(0, None),
            vec![err(5, 9, InvalidParameter, r#"the "none" or "blocked" referers are specified in the "valid_referers" directive without any valid referer"#)],
        ),
        row(
            "none with a regex referer only (a regex is no name)",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location / {\n            valid_referers none ~\\.example\\.;\n        }\n    }\n}\n",
            Fails(0, None),
            vec![err(6, 13, InvalidParameter, r#"the "none" or "blocked" referers are specified in the "valid_referers" directive without any valid referer"#)],
        ),
        row(
            "none with server_names of a server whose names are all regexes",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        server_name ~^www;\n        valid_referers none server_names;\n    }\n}\n",
            Fails(0, None),
            vec![err(6, 9, InvalidParameter, r#"the "none" or "blocked" referers are specified in the "valid_referers" directive without any valid referer"#)],
        ),
        row(
            "referers nginx accepts: one name per slot, nested blocks apart, server names",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        valid_referers none server_names;\n        location / {\n            valid_referers blocked a.* a.com .b.com;\n            valid_referers example.com/a none;\n        }\n        location /x {\n            valid_referers a.com;\n        }\n    }\n    server {\n        listen 8002;\n        server_name ~^www a.com;\n        valid_referers none server_names;\n    }\n}\n",
            Accepts,
            vec![],
        ),
        // ---- upstreams ----
        row(
            "a short name that is no upstream",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location / { proxy_pass http://backend; }\n    }\n}\n",
            Fails(0, Some(5)),
            vec![err(5, 33, HostNotFound, r#"host not found in upstream "backend""#)],
        ),
        row(
            "a pass without a port that names no upstream",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location / { fastcgi_pass php; }\n    }\n}\n",
            Fails(0, Some(5)),
            vec![err(5, 35, InvalidValue, r#"no port in upstream "php""#)],
        ),
        row(
            "a port on an upstream name (the upstream defined later)",
            "events {}\nhttp {\n    server {\n        listen 8001;\n        location / { proxy_pass http://app:8000; }\n    }\n    upstream APP { server 127.0.0.1:9000; }\n}\n",
            Fails(0, Some(5)),
            vec![err(5, 33, InvalidValue, r#"upstream "APP" may not have port 8000"#)],
        ),
        row(
            "upstreams, addresses, localhost and full host names: accepted",
            "events {}\nhttp {\n    upstream app { server 127.0.0.1:9000; }\n    server {\n        listen 8001;\n        location /a { proxy_pass http://APP/x; }\n        location /b { proxy_pass http://127.0.0.1:9000; }\n        location /c { proxy_pass http://localhost:9000; }\n        location /d { grpc_pass grpc://[::1]:50051; }\n        location /e { proxy_pass http://$host; }\n    }\n}\n",
            Accepts,
            vec![],
        ),
        row(
            "two upstreams of one name",
            "events {}\nhttp {\n    upstream app { server 127.0.0.1:9000; }\n    upstream App { server 127.0.0.1:9001; }\n}\n",
            Fails(0, Some(4)),
            vec![err(4, 14, Duplicate, r#"duplicate upstream "App""#)],
        ),
        row(
            "an upstream without servers",
            "events {}\nhttp {\n    upstream app {\n        keepalive 8;\n    }\n}\n",
            Fails(0, Some(5)),
            vec![err(5, 5, MissingSection, "no servers are inside upstream")],
        ),
        row(
            "a stream upstream without servers",
            "load_module /usr/lib/nginx/modules/ngx_stream_module.so;\nevents {}\nstream {\n    upstream udp {\n        zone udp 64k;\n    }\n}\n",
            Fails(0, Some(6)),
            vec![err(6, 5, MissingSection, "no servers are inside upstream")],
        ),
        // ---- log formats and zones ----
        // ---- entries of map, geo and charset_map blocks ----
        row(
            "two map entries merged by a missing semicolon",
            "events {}\nhttp {\n    map $uri $x {\n        default 0\n        /a 1;\n    }\n}\n",
            Fails(0, Some(5)),
            vec![err(4, 9, InvalidArgumentCount, "invalid number of the map parameters")],
        ),
        row(
            "a geo entry with three words",
            "events {}\nhttp {\n    geo $g {\n        10.0.0.0/8 a b;\n    }\n}\n",
            Fails(0, Some(4)),
            vec![err(4, 9, InvalidArgumentCount, "invalid number of the geo parameters")],
        ),
        row(
            "map hostnames and volatile alone are entries nginx accepts",
            "events {}\nhttp {\n    map $host $y {\n        hostnames;\n        volatile;\n        default 1;\n    }\n}\n",
            Accepts,
            vec![],
        ),
        row(
            "an access_log format misspelt before an include that matched nothing",
            "events {}\nhttp {\n    log_format main '$remote_addr';\n    access_log /tmp/a.log mian;\n    include /tmp/confine-none/*.conf;\n}\n",
            Fails(0, Some(4)),
            vec![err(4, 27, InvalidValue, r#"unknown log format "mian""#)],
        ),
        row(
            "a log_format name defined twice in http",
            "events {}\nhttp {\n    log_format proxy '$remote_addr';\n    log_format proxy '$status';\n}\n",
            Fails(0, Some(4)),
            vec![err(4, 16, Duplicate, r#"duplicate "log_format" name "proxy""#)],
        ),
        row(
            "a log_format named combined, which http defines already",
            "events {}\nhttp {\n    log_format combined '$status';\n}\n",
            Fails(0, Some(3)),
            vec![err(3, 16, Duplicate, r#"duplicate "log_format" name "combined""#)],
        ),
        row(
            "a log_format name defined twice in stream",
            "load_module /usr/lib/nginx/modules/ngx_stream_module.so;\nevents {}\nstream {\n    log_format s '$remote_addr';\n    log_format s '$status';\n}\n",
            Fails(0, Some(5)),
            vec![err(5, 16, Duplicate, r#"duplicate "log_format" name "s""#)],
        ),
        row(
            "an access_log format defined nowhere, and one defined after it",
            "events {}\nhttp {\n    access_log /tmp/a.log main;\n    log_format main '$remote_addr';\n    access_log /tmp/b.log MAIN;\n    access_log /tmp/c.log other;\n}\n",
            Fails(0, Some(3)),
            vec![
                err(3, 27, InvalidValue, r#"unknown log format "main""#),
                err(6, 27, InvalidValue, r#"unknown log format "other""#),
            ],
        ),
        row(
            "a cache zone no cache path defines",
            "events {}\nhttp {\n    proxy_cache_path /tmp/cache keys_zone=one:1m;\n    server {\n        listen 8001;\n        location /a { proxy_cache one; }\n        location /b { proxy_cache two; }\n    }\n}\n",
            Fails(0, Some(9)),
            vec![err(7, 35, InvalidValue, r#""proxy_cache" zone "two" is unknown"#)],
        ),
        row(
            "limit zones no limit_*_zone defines",
            "events {}\nhttp {\n    limit_req_zone $binary_remote_addr zone=req:1m rate=1r/s;\n    server {\n        listen 8001;\n        location /a { limit_req zone=req burst=5; }\n        location /b { limit_conn addr 10; }\n    }\n}\n",
            Fails(0, None),
            vec![warn(7, 34, InvalidValue, r#"zero size shared memory zone "addr""#)],
        ),
        row(
            "a snippet may name what its including config defines",
            "server {\n    listen 8001;\n    access_log /tmp/a.log main;\n    location / { proxy_pass http://backend; limit_conn addr 1; proxy_cache c; }\n}\n",
            AcceptsWithin(
                "events {}\nhttp {\nlog_format main '$remote_addr';\nupstream backend { server 127.0.0.1:1; }\nlimit_conn_zone $binary_remote_addr zone=addr:1m;\nproxy_cache_path /tmp/cache keys_zone=c:1m;\n",
                "}\n",
            ),
            vec![],
        ),
    ]
}

type Flat = (usize, usize, Severity, Code, String);

fn actual(input: &str) -> Vec<Flat> {
    let set = ConfigSet::from_text("nginx.conf", input.as_bytes());
    validate_for(&set, NGINX_VERSION)
        .into_iter()
        .map(|fd| {
            let at = set.files[fd.file].tree.position(fd.diagnostic.span.start);
            let d = fd.diagnostic;
            (at.line, at.column, d.severity, d.code, d.message)
        })
        .collect()
}

#[test]
fn every_row_gives_exactly_its_diagnostics() {
    let mut failures = Vec::new();
    for row in rows() {
        let got = actual(row.input);
        let want: Vec<Flat> = row
            .expect
            .iter()
            .map(|e| (e.line, e.column, e.severity, e.code, e.message.to_string()))
            .collect();
        if got != want {
            failures.push(format!(
                "row {:?}\n  want: {want:#?}\n  got:  {got:#?}",
                row.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn row_names_are_unique() {
    let rows = rows();
    let mut names: Vec<&str> = rows.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rows.len());
}

#[test]
fn nginx_says_what_the_table_says() {
    let Some(nginx) = support::Nginx::or_skip() else {
        return;
    };
    let prefix = support::Prefix::new("config-checks");
    let dir = prefix.path();
    let mut failures = Vec::new();
    for row in rows() {
        // The certificates the rows name, so that nginx gets past loading them.
        let text = match row.nginx {
            Nginx::AcceptsWithin(before, after) => format!("{before}{}{after}", row.input),
            _ => row.input.to_string(),
        };
        let text = text
            .replace("/tmp/c.pem", &stub("cert.pem"))
            .replace("/tmp/k.pem", &stub("key.pem"));
        let text = text.replace("/tmp/", &format!("{}/", dir.display()));
        let want = match row.nginx {
            Nginx::Accepts | Nginx::AcceptsWithin(..) => None,
            Nginx::Fails(n, line) => {
                let message = row.expect[n]
                    .message
                    .replace("/tmp/c.pem", &stub("cert.pem"));
                Some((message, line))
            }
        };
        let got = nginx.test_text(&prefix, &text).message_and_line();
        if got != want {
            failures.push(format!(
                "row {:?}: nginx says {got:?}, table says {want:?}",
                row.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A throwaway certificate or key of the test support.
fn stub(name: &str) -> String {
    format!(
        "{}/../../tests/support/nginx-stub/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}
