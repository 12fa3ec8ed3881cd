//! Request routing (`confine_core::analysis::route`) against the real nginx
//! (Debian's 1.22.1) on 127.0.0.1: every location of the config answers
//! `return 200 "<tag>"` with a tag of its own, nginx is asked with a raw
//! HTTP request per case, and the tag it answers must be the tag of the
//! `return` confine routes the request to (or, for nginx's 301 to a
//! directory location, confine's redirect; for its `proxy_pass` to a closed
//! port, nginx's 502).
//!
//! The config has every kind of server name (exact, `*.`, `.`, `.*`,
//! regexes, `""`), `default_server` and the first-server fallback on a
//! second port, and every kind of location (`=`, prefix, `^~`, `~`, `~*`,
//! glued modifiers, nested prefixes and regexes, regexes after a `^~`),
//! asked with URIs that need decoding, dot segments and merged slashes.
//! Over 200 requests; the agreement must be total.

#[path = "support/e2e/mod.rs"]
#[allow(dead_code)]
mod e2e;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use confine_core::analysis::model::Model;
use confine_core::analysis::route::{route, Request};
use confine_core::input::ConfigSet;
use e2e::nginx::{free_port, Nginx, Scratch};

const HOSTS: [&str; 14] = [
    "exact.test",
    "EXACT.test",
    "exact.test.",
    "a.wild.test",
    "a.b.wild.test",
    "dot.test",
    "x.dot.test",
    "www.trail.anything",
    "api7.regex.test",
    "API7.regex.test",
    "zzz.regex.test",
    "unknown.test",
    "",
    "exact.test:8080",
];

const URIS: [&str; 24] = [
    "/",
    "/exact",
    "/exact/",
    "/static/app.css",
    "/static/app.php",
    "/assets/x.php",
    "/img/photo.JPG",
    "/img/photo.jpg",
    "/api/",
    "/api/v2/users",
    "/api/v2/users.json",
    "/api/v1/users.json",
    "/glued",
    "/g2/file.php",
    "/dir",
    "/dir/x",
    "/a//b/./c/../static/x",
    "/%73tatic/y.css",
    "/caps/X.PHP",
    "/api/v2/deep/../x.json",
    "/%2e%2e/x",
    "/..",
    "/a%00b",
    "/static/%2E%2e/exact",
];

/// The http body: servers on `port` (name tests) and on `second` (default
/// server tests). `closed` is a port nothing listens on (for `proxy_pass`).
fn http_body(port: u16, second: u16, closed: u16) -> String {
    let locations = |s: &str| {
        format!(
            r#"
        location / {{ return 200 "{s}:root"; }}
        location = /exact {{ return 200 "{s}:exact"; }}
        location /exact {{ return 200 "{s}:exact-prefix"; }}
        location /static/ {{ return 200 "{s}:static"; }}
        location ^~ /assets/ {{ return 200 "{s}:assets"; }}
        location ~ \.php$ {{ return 200 "{s}:php"; }}
        location ~* \.(jpg|png)$ {{ return 200 "{s}:image"; }}
        location /api/ {{
            location /api/v2/ {{ return 200 "{s}:api-v2"; }}
            location ~ \.json$ {{ return 200 "{s}:api-json"; }}
            return 200 "{s}:api";
        }}
        location =/glued {{ return 200 "{s}:glued-exact"; }}
        location ^~/g2/ {{ return 200 "{s}:glued-noregex"; }}
        location /dir/ {{ proxy_pass http://127.0.0.1:{closed}; }}
        location /caps/ {{ return 200 "{s}:caps"; }}
"#
        )
    };
    format!(
        r#"
    server {{
        listen 127.0.0.1:{port};
        server_name first.test;
        {l1}
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name exact.test;
        {l2}
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name *.wild.test .dot.test;
        {l3}
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name *.b.wild.test;
        {l4}
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name www.trail.*;
        {l5}
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name ~^API(?<n>\d+)\.regex\.test$ ~^zzz\.;
        {l6}
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name "";
        {l7}
    }}
    server {{
        listen 127.0.0.1:{second};
        server_name one.test;
        {l8}
    }}
    server {{
        listen 127.0.0.1:{second} default_server;
        server_name two.test;
        return 200 "S9:server-return";
    }}
"#,
        l1 = locations("S1"),
        l2 = locations("S2"),
        l3 = locations("S3"),
        l4 = locations("S4"),
        l5 = locations("S5"),
        l6 = locations("S6"),
        l7 = locations("S7"),
        l8 = locations("S8"),
    )
}

/// nginx's answer: status and body.
fn ask(port: u16, host: &str, uri: &str) -> Result<(u16, String), String> {
    let mut s = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2))
        .map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    let request = if host.is_empty() {
        format!("GET {uri} HTTP/1.0\r\n\r\n")
    } else {
        format!("GET {uri} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
    };
    s.write_all(request.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    let mut answer = Vec::new();
    s.read_to_end(&mut answer)
        .map_err(|e| format!("read: {e}"))?;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .get(9..12)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("not HTTP: {text:?}"))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// confine's answer in nginx's terms: the tag of the `return` it routes
/// to, or `301` for a redirect.
fn predict(model: &Model<'_>, port: u16, host: &str, uri: &str) -> String {
    let request = Request::from_line(uri, (!host.is_empty()).then_some(host), Some(port));
    let r = route(model, &request);
    if let Some(why) = r.stopped {
        if why.ends_with("nginx answers 400 Bad Request") {
            return "400".into();
        }
        return format!("stopped: {why}");
    }
    if r.redirect.is_some() {
        return "301".into();
    }
    match r.handler {
        Some(h) if model.entries[h].name.as_ref() == b"return" => {
            let args = model.args(h);
            args.get(1)
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .unwrap_or_default()
        }
        Some(h) if model.entries[h].name.as_ref() == b"proxy_pass" => "502".into(),
        other => format!("handler {other:?}"),
    }
}

#[test]
fn confine_routes_every_request_where_nginx_does() {
    let Some(bin) = e2e::nginx_or_skip("route_nginx") else {
        return;
    };
    let scratch = Scratch::new("route");
    let (port, second, closed) = (free_port(), free_port(), free_port());
    let text = e2e::nginx::config(scratch.path(), &http_body(port, second, closed));
    let nginx = Nginx::start(&bin, &scratch, "route", &text, port).expect("nginx starts");
    // A port conflict at start makes nginx listen elsewhere: route that config.
    let port = nginx.port();
    let set = ConfigSet::from_text("/route.conf", nginx.config.as_bytes());
    let model = Model::build(&set);

    let mut cases: Vec<(u16, &str, &str)> = Vec::new();
    for host in HOSTS {
        for uri in URIS {
            cases.push((port, host, uri));
        }
    }
    for host in ["one.test", "two.test", "nobody.test", ""] {
        for uri in ["/", "/exact", "/img/a.png", "/api/v2/x"] {
            cases.push((second, host, uri));
        }
    }
    let mut disagreements = Vec::new();
    for &(p, host, uri) in &cases {
        let theirs = match ask(p, host, uri) {
            Ok((200, body)) => body,
            Ok((301, _)) => "301".to_string(),
            // The directory location's proxy_pass to a closed port.
            Ok((502, _)) => "502".to_string(),
            Ok((400, _)) => "400".to_string(),
            Ok((status, body)) => format!("status {status}: {body}"),
            Err(e) => format!("error {e}"),
        };
        let ours = predict(&model, p, host, uri);
        if theirs != ours {
            disagreements.push(format!(
                "port {p} host {host:?} {uri}: nginx {theirs:?}, confine {ours:?}"
            ));
        }
    }
    nginx.stop();
    eprintln!(
        "route_nginx: {} of {} requests routed as nginx routes them",
        cases.len() - disagreements.len(),
        cases.len()
    );
    assert!(cases.len() >= 200, "{} cases", cases.len());
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
