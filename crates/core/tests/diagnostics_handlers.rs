//! The handlers' diagnostics (`listen`, upstream `server`, `location`, `if`,
//! `return`, ...): one row per message shape, each a whole config with
//! exactly one error, pinned by message, line and column.
//!
//! The rows targeting nginx 1.22.1 are also facts about the real nginx: the
//! ignored test `nginx_agrees_with_the_rows` runs `nginx -t` on each and
//! checks nginx's message and line
//! (`cargo test -p confine-core --test diagnostics_handlers -- --ignored`).

use confine_core::analysis::validate_for;
use confine_core::diagnostic::{Code, Severity};
use confine_core::input::ConfigSet;
use confine_core::options::Version;

mod support;

/// One config and the one error confine gives for it.
struct Row {
    /// Placed inside a wrapper (see [`Where`]); `\n` separates lines.
    text: &'static str,
    place: Where,
    version: Version,
    line: usize,
    column: usize,
    code: Code,
    message: &'static str,
}

/// What goes around a row's text. Each wrapper opens on line 1, so the
/// text's first line is line 1 of the config.
#[derive(Clone, Copy)]
enum Where {
    /// Inside `http { server { ... } }`.
    Server,
    /// Inside `http { ... }`.
    Http,
    /// Inside `http { upstream u { ... } }`, with a server using it.
    Upstream,
    /// Inside `stream { ... }` (the stream module loaded).
    Stream,
    /// Inside `mail { ... }` (the mail module loaded), with what a mail
    /// server needs.
    Mail,
    /// Inside `events { ... }`.
    Events,
    /// At the top level, before `events {}`.
    Main,
}

impl Where {
    fn wrap(self, text: &str) -> String {
        match self {
            Where::Server => format!("events {{}} http {{ server {{ {text}\n}} }}\n"),
            Where::Http => format!("events {{}} http {{ {text}\n}}\n"),
            Where::Upstream => format!(
                "events {{}} http {{ upstream u {{ {text}\n}} server {{ location / {{ proxy_pass http://u; }} }} }}\n"
            ),
            Where::Stream => format!(
                "load_module /usr/lib/nginx/modules/ngx_stream_module.so; events {{}} stream {{ {text}\n}}\n"
            ),
            Where::Mail => format!(
                "load_module /usr/lib/nginx/modules/ngx_mail_module.so; events {{}} mail {{ {text}\nserver_name x; auth_http 127.0.0.1:9/auth; }}\n"
            ),
            Where::Events => format!("events {{ {text}\n}} http {{}}\n"),
            Where::Main => format!("{text}\nevents {{}} http {{}}\n"),
        }
    }
}

const OLD: Version = Version(1, 22, 1);
const NEW: Version = Version(1, 30, 0);

const fn row(
    place: Where,
    text: &'static str,
    line: usize,
    column: usize,
    code: Code,
    message: &'static str,
) -> Row {
    Row {
        text,
        place,
        version: OLD,
        line,
        column,
        code,
        message,
    }
}

const fn at(version: Version, r: Row) -> Row {
    Row { version, ..r }
}

use Code::{InvalidParameter as Param, InvalidValue as Value, NotAllowedHere as Here};
use Where::{Events, Http, Mail, Main, Server, Stream, Upstream};

// Columns count from the wrapper's text on line 1.
const S: usize = "events {} http { server { ".len() + 1;
const H: usize = "events {} http { ".len() + 1;
const U: usize = "events {} http { upstream u { ".len() + 1;
const M: usize =
    "load_module /usr/lib/nginx/modules/ngx_mail_module.so; events {} mail { ".len() + 1;
const E: usize = "events { ".len() + 1;
const T: usize =
    "load_module /usr/lib/nginx/modules/ngx_stream_module.so; events {} stream { ".len() + 1;

#[rustfmt::skip]
fn rows() -> Vec<Row> {
    vec![
        // listen: the address, each parameter, the combinations.
        row(Server, "listen 80 defualt_server;", 1, S + 10, Param, "invalid parameter \"defualt_server\""),
        row(Server, "listen 70000;", 1, S + 7, Value, "invalid port in \"70000\" of the \"listen\" directive"),
        row(Server, "listen :80;", 1, S + 7, Value, "no host in \":80\" of the \"listen\" directive"),
        row(Server, "listen 127.0.0.1/x;", 1, S + 7, Value, "invalid host in \"127.0.0.1/x\" of the \"listen\" directive"),
        row(Server, "listen [::g]:80;", 1, S + 7, Value, "invalid IPv6 address in \"[::g]:80\" of the \"listen\" directive"),
        row(Server, "listen 8000-7000;", 1, S + 7, Value, "invalid port range in \"8000-7000\" of the \"listen\" directive"),
        row(Server, "listen unix:;", 1, S + 7, Value, "no path in the unix domain socket in \"unix:\" of the \"listen\" directive"),
        row(Server, "listen 80 backlog=0;", 1, S + 10, Value, "invalid backlog \"backlog=0\""),
        row(Server, "listen 80 rcvbuf=10X;", 1, S + 10, Value, "invalid rcvbuf \"rcvbuf=10X\""),
        row(Server, "listen [::]:80 ipv6only=oof;", 1, S + 15, Value, "invalid ipv6only flags \"oof\""),
        row(Server, "listen 80 so_keepalive=0:0:0;", 1, S + 10, Value, "invalid so_keepalive value: \"0:0:0\""),
        row(Server, "listen 80 quic;", 1, S + 10, Param, "invalid parameter \"quic\""),
        at(NEW, row(Server, "listen 443 quic ssl;", 1, S + 16, Param, "\"listen\" directive \"ssl\" parameter is incompatible with \"quic\"")),
        row(Stream, "server { listen 53 udp ssl; }", 1, T + 23, Param, "\"listen\" directive \"ssl\" parameter is incompatible with \"udp\""),
        row(Stream, "server { listen 53 foo; }", 1, T + 19, Param, "the invalid \"foo\" parameter"),
        at(NEW, row(Stream, "server { listen 53 foo; }", 1, T + 19, Param, "invalid parameter \"foo\"")),
        row(Mail, "server { listen 143 protocol; protocol imap; }", 1, M + 20, Param, "the invalid \"protocol\" parameter"),
        // mail protocol: a mail module's name for it, in its case.
        row(Mail, "server { listen 143; protocol IMAP; }", 1, M + 30, Value, "unknown protocol \"IMAP\""),
        row(Mail, "server { listen 110; protocol pop; }", 1, M + 30, Value, "unknown protocol \"pop\""),
        // upstream server.
        row(Upstream, "server app:70000;", 1, U + 7, Value, "invalid port in upstream \"app:70000\""),
        row(Upstream, "server 127.0.0.1:8080 weight=0;", 1, U + 22, Param, "invalid parameter \"weight=0\""),
        row(Upstream, "server 127.0.0.1:8080 resolve;", 1, U + 22, Param, "invalid parameter \"resolve\""),
        row(Upstream, "server http://127.0.0.1;", 1, U + 7, Value, "invalid host in upstream \"http://127.0.0.1\""),
        at(NEW, row(Upstream, "server app service=http;", 1, U + 7, Param, "service upstream \"app\" requires \"resolve\" parameter")),
        row(Stream, "upstream u { server 127.0.0.1; } server { listen 53; proxy_pass u; }", 1, T + 20, Value, "no port in upstream \"127.0.0.1\""),
        // location.
        row(Server, "location ~~ /x {}", 1, S + 9, Value, "invalid location modifier \"~~\""),
        row(Server, "location /a {\nlocation /b {}\n}", 2, 10, Here, "location \"/b\" is outside location \"/a\""),
        row(Server, "location = /a {\nlocation /a/b {}\n}", 2, 10, Here, "location \"/a/b\" cannot be inside the exact location \"/a\""),
        row(Server, "location @a {\nlocation /b {}\n}", 2, 10, Here, "location \"/b\" cannot be inside the named location \"@a\""),
        row(Server, "location /a {\nlocation @b {}\n}", 2, 10, Here, "named location \"@b\" can be on the server level only"),
        row(Server, "location ~ \\.php$ {\nlocation /x {}\n}", 2, 10, Here, "location \"/x\" is outside location \"\\.php$\""),
        // if.
        row(Server, "if (1) { return 200; }", 1, S + 3, Value, "invalid condition \"1\""),
        row(Server, "if () { return 200; }", 1, S + 3, Value, "invalid condition \")\""),
        row(Server, "if ($uri { return 200; }", 1, S + 3, Value, "invalid condition \"$uri\""),
        row(Server, "if ($uri == x) { return 200; }", 1, S + 9, Value, "unexpected \"==\" in condition"),
        row(Server, "if (-q $uri) { return 200; }", 1, S + 3, Value, "invalid condition \"-q\""),
        row(Server, "if ($uri = x y) { return 200; }", 1, S + 3, Value, "invalid condition \"$uri\""),
        // return, rewrite, error_page.
        row(Server, "return 1000;", 1, S + 7, Value, "invalid return code \"1000\""),
        row(Server, "return https://x text;", 1, S + 7, Value, "invalid return code \"https://x\""),
        row(Server, "rewrite ^ /x lst;", 1, S + 13, Param, "invalid parameter \"lst\""),
        row(Server, "rewrite ^ \"\";", 1, S + 10, Value, "empty replacement"),
        row(Server, "error_page 200 /x;", 1, S + 11, Value, "value \"200\" must be between 300 and 599"),
        row(Server, "error_page 499 /x;", 1, S + 11, Value, "invalid value \"499\""),
        row(Server, "error_page 404 =abc /x;", 1, S + 15, Value, "invalid value \"=abc\""),
        // expires, keepalive_timeout.
        row(Server, "expires 10X;", 1, S + 8, Value, "\"expires\" directive invalid value"),
        row(Server, "expires modfied 1h;", 1, S + 8, Value, "\"expires\" directive invalid value"),
        row(Server, "expires @25h;", 1, S + 8, Value, "\"expires\" directive daily time value must be less than 24 hours"),
        row(Server, "expires modified @1h;", 1, S + 17, Value, "\"expires\" directive daily time cannot be used with \"modified\" parameter"),
        row(Server, "keepalive_timeout 65 500ms;", 1, S + 21, Value, "\"keepalive_timeout\" directive invalid value"),
        // keyword parameters.
        row(Server, "add_header X y allways;", 1, S + 15, Param, "invalid parameter \"allways\""),
        row(Server, "fastcgi_param X y z;", 1, S + 18, Param, "invalid parameter \"z\""),
        row(Server, "proxy_cache_valid 200 10 minutes;", 1, S + 25, Value, "invalid time value \"minutes\""),
        row(Server, "proxy_cache_valid 600 1m;", 1, S + 18, Value, "invalid status \"600\""),
        // addresses.
        row(Server, "allow localhost;", 1, S + 6, Param, "invalid parameter \"localhost\""),
        row(Http, "resolver 127.0.0.1 ::1;", 1, H + 19, Value, "invalid port in resolver \"::1\""),
        row(Http, "resolver 127.0.0.1 valid=10X;", 1, H + 19, Param, "invalid parameter: valid=10X"),
        row(Http, "resolver valid=30s;", 1, H, Value, "no name servers defined"),
        // *_pass.
        row(Server, "location / { proxy_pass h2://app; }", 1, S + 24, Value, "invalid URL prefix"),
        row(Server, "location / { proxy_pass http://127.0.0.1:70000; }", 1, S + 24, Value, "invalid port in upstream \"127.0.0.1:70000\""),
        row(Server, "location ~ x { proxy_pass http://127.0.0.1/x; }", 1, S + 26, Value, "\"proxy_pass\" cannot have URI part in location given by regular expression, or inside named location, or inside \"if\" statement, or inside \"limit_except\" block"),
        row(Server, "location / { fastcgi_pass 127.0.0.1:PORT; }", 1, S + 26, Value, "invalid port in upstream \"127.0.0.1:PORT\""),
        row(Server, "location / { grpc_pass grpc://127.0.0.1:9000/x; }", 1, S + 23, Value, "invalid host in upstream \"127.0.0.1:9000/x\""),
        // access_log.
        row(Server, "access_log /tmp/x.log combined foo;", 1, S + 31, Param, "invalid parameter \"foo\""),
        row(Server, "access_log /tmp/x.log combined flush=5s;", 1, S + 11, Param, "no buffer is defined for access_log \"/tmp/x.log\""),
        row(Server, "access_log /tmp/x.log combined gzip=10;", 1, S + 31, Value, "invalid compression level \"10\""),
        row(Server, "access_log off foo;", 1, S + 15, Param, "invalid parameter \"foo\""),
        // cache paths.
        row(Http, "proxy_cache_path /tmp/c levels=1:3 keys_zone=one:10m;", 1, H + 24, Value, "invalid \"levels\" \"levels=1:3\""),
        row(Http, "proxy_cache_path /tmp/c keys_zone=one;", 1, H + 24, Value, "invalid keys zone size \"keys_zone=one\""),
        row(Http, "proxy_cache_path /tmp/c keys_zone=one:10m max_size=10T;", 1, H + 42, Value, "invalid max_size value \"max_size=10T\""),
        row(Http, "proxy_cache_path /tmp/c levels=1:2;", 1, H, Param, "\"proxy_cache_path\" must have \"keys_zone\" parameter"),
        row(Http, "limit_conn_zone $uri zone=c:1m;\nlimit_conn c 70000;", 2, 14, Value, "connection limit must be less 65536"),
        row(Http, "limit_conn_zone $uri zone=c:1m;\nlimit_conn c x;", 2, 14, Value, "invalid number of connections \"x\""),
        // temp paths, event methods.
        row(Http, "proxy_temp_path /tmp/x 0;", 1, H + 23, Value, "\"proxy_temp_path\" directive invalid value"),
        row(Events, "use kqueue;", 1, E + 4, Value, "invalid event type \"kqueue\""),
        row(Main, "worker_processes 1q;", 1, 18, Value, "\"worker_processes\" directive invalid value"),
        row(Http, "proxy_redirect maybe;", 1, H + 15, Param, "invalid parameter \"maybe\""),
        row(Http, "proxy_redirect Off;", 1, H + 15, Param, "invalid parameter \"Off\""),
        row(Main, "worker_processes auot;", 1, 18, Value, "\"worker_processes\" directive invalid value"),
        row(Events, "worker_connections 1024q;", 1, E + 19, Value, "invalid number \"1024q\""),
        row(Main, "error_log /tmp/e.log wanr;", 1, 22, Value, "invalid log level \"wanr\""),
        row(Http, "error_log /tmp/e.log inof;", 1, H + 21, Value, "invalid log level \"inof\""),
        // zones.
        row(Http, "limit_req_zone $uri zone=one:10X rate=1r/s;", 1, H + 20, Value, "invalid zone size \"zone=one:10X\""),
        row(Http, "limit_req_zone $uri zone=one:1k rate=1r/s;", 1, H + 20, Value, "zone \"zone=one:1k\" is too small"),
        row(Http, "limit_req_zone $uri zone=one:1m rate=xr/s;", 1, H + 32, Value, "invalid rate \"rate=xr/s\""),
        row(Http, "limit_conn_zone $uri zon=c:1m;", 1, H + 21, Param, "invalid parameter \"zon=c:1m\""),
        row(Http, "limit_req_zone $uri zone=:1m rate=1r/s;", 1, H + 15, Param, "\"limit_req_zone\" must have \"zone\" parameter"),
        row(Http, "limit_req burst=5;", 1, H + 10, Param, "\"limit_req\" must have \"zone\" parameter"),
        row(Http, "limit_req_zone $uri zone=one:1m rate=1r/s;\nlimit_req zone=one burst=0;", 2, 20, Value, "invalid burst value \"burst=0\""),
        row(Http, "open_file_cache inactive=20s;", 1, H + 16, Param, "\"open_file_cache\" must have the \"max\" parameter"),
        row(Http, "open_file_cache max=0;", 1, H + 16, Param, "invalid \"open_file_cache\" parameter \"max=0\""),
        row(Http, "ssl_session_cache shared:SSL;", 1, H + 18, Value, "invalid session cache \"shared:SSL\""),
        row(Http, "ssl_session_cache shared:SSL:1k;", 1, H + 18, Value, "session cache \"shared:SSL:1k\" is too small"),
    ]
}

/// Each row gives exactly its one error, at its place.
#[test]
fn each_row_gives_its_error() {
    let mut failures = Vec::new();
    for row in rows() {
        let text = row.place.wrap(row.text);
        let set = ConfigSet::from_text("/etc/nginx/nginx.conf", text.as_bytes());
        let got: Vec<_> = validate_for(&set, row.version)
            .into_iter()
            .filter(|d| d.diagnostic.severity == Severity::Error)
            .map(|d| {
                let at = set.files[d.file].tree.position(d.diagnostic.span.start);
                (at.line, at.column, d.diagnostic.code, d.diagnostic.message)
            })
            .collect();
        let want = vec![(row.line, row.column, row.code, row.message.to_string())];
        if got != want {
            failures.push(format!(
                "{:?} at {}:\n  got  {got:?}\n  want {want:?}",
                row.text, row.version
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The unchanged configs around the rows are clean: an error in a row is
/// the row's own.
#[test]
fn the_wrappers_alone_are_clean() {
    for place in [Server, Http, Upstream, Stream, Mail, Events] {
        let filler = match place {
            Upstream => "server 127.0.0.1:8080 weight=2 max_fails=3 fail_timeout=10s backup;",
            Stream => "server { listen 53 udp reuseport; proxy_pass 127.0.0.1:53; }",
            Mail => {
                "server { listen 143 bind; protocol imap; } server { listen 110; protocol pop3; } \
                     server { listen 25; protocol smtp; }"
            }
            Events => "use epoll;",
            _ => "",
        };
        let text = place.wrap(filler);
        let set = ConfigSet::from_text("/etc/nginx/nginx.conf", text.as_bytes());
        let errors: Vec<_> = validate_for(&set, OLD)
            .into_iter()
            .filter(|d| d.diagnostic.severity == Severity::Error)
            .map(|d| d.diagnostic.message)
            .collect();
        assert!(errors.is_empty(), "{text}: {errors:?}");
    }
}

/// nginx 1.22.1 says the same message on the same line for every row that
/// targets it.
#[test]
#[ignore = "runs the real nginx (set NGINX, default /usr/sbin/nginx)"]
fn nginx_agrees_with_the_rows() {
    let nginx = support::Nginx::required();
    let prefix = support::Prefix::new("handlers");
    let mut failures = Vec::new();
    for row in rows().into_iter().filter(|r| r.version == OLD) {
        let said = nginx.test_text(&prefix, row.place.wrap(row.text));
        let want = support::Outcome::Failed(support::Failure {
            message: row.message.to_string(),
            at: Some((prefix.conf(), row.line)),
        });
        if said != want {
            failures.push(format!(
                "{:?}: nginx says {said:?}, want {want:?}",
                row.text
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
