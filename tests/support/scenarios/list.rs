//! The scenarios: one per message (or per module where the wording is the
//! same but the module's directives differ). This list is the table of
//! docs/error-log.md: message, how it is produced, the cause confine reads.

use confine_core::input::error_log::{Level, Phase};

use super::peer::Script;
use super::{event, Answer, Backend, Edit, LogSource, Scenario, Send};

const GET_API: &str = "GET /api/v1/items HTTP/1.1";

fn get(path: &'static str, status: u16) -> Send {
    Send::Get {
        path,
        expect: Answer::Status(status),
    }
}

fn get_answer(path: &'static str, expect: Answer) -> Send {
    Send::Get { path, expect }
}

/// The one-server config most scenarios use: `location /api/ { LINES }`.
macro_rules! api {
    ($lines:literal) => {
        concat!(
            "
    server {
        listen 127.0.0.1:{port};
        server_name app.test;

        location /api/ {
",
            $lines,
            "
        }
    }
"
        )
    };
    (http: $http:literal, $lines:literal) => {
        concat!(
            $http,
            "
    server {
        listen 127.0.0.1:{port};
        server_name app.test;

        location /api/ {
",
            $lines,
            "
        }
    }
"
        )
    };
}

/// A plain scenario: one server, `location /api/`, the front's log.
fn scenario(
    name: &'static str,
    how: &'static str,
    backend: Backend,
    http: &'static str,
) -> Scenario {
    Scenario {
        name,
        how,
        backend,
        main: "",
        worker_connections: 64,
        http,
        sends: vec![get("/api/v1/items", 502)],
        log: LogSource::Front,
        expect: Vec::new(),
        blame: "",
        fix: None,
        rule: None,
        about: 0,
        confine_fixes: false,
    }
}

/// An HTTP/1.1 answer whose header is `size` bytes of one cookie.
pub fn big_header_answer(size: usize) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: session={}\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n",
        "a".repeat(size)
    )
    .into_bytes()
}

/// A FastCGI answer (FCGI_STDOUT, an empty FCGI_STDOUT, FCGI_END_REQUEST for
/// request 1) whose header is `size` bytes of one cookie.
pub fn fastcgi_big_header_answer(size: usize) -> Vec<u8> {
    let body = format!(
        "Status: 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: session={}\r\n\r\nok\n",
        "a".repeat(size)
    );
    let record = |kind: u8, content: &[u8]| -> Vec<u8> {
        let len = u16::try_from(content.len()).expect("a FastCGI record holds at most 65535 bytes");
        let mut r = vec![1, kind, 0, 1];
        r.extend_from_slice(&len.to_be_bytes());
        r.extend_from_slice(&[0, 0]);
        r.extend_from_slice(content);
        r
    };
    let mut out = record(6, body.as_bytes());
    out.extend(record(6, b""));
    out.extend(record(3, &[0, 0, 0, 0, 0, 0, 0, 0]));
    out
}

/// An empty HTTP/2 SETTINGS frame, then a HEADERS frame (END_HEADERS) on
/// stream 1 whose header block is `block`.
fn h2_headers(block: &[u8]) -> Vec<u8> {
    let mut out = h2_settings();
    out.extend(h2_frame(1, 0x4, block));
    out
}

/// An empty SETTINGS frame: what an HTTP/2 server sends first.
fn h2_settings() -> Vec<u8> {
    h2_frame(4, 0, &[])
}

/// One HTTP/2 frame of `kind` with `flags` on stream 1 (stream 0 for
/// SETTINGS).
fn h2_frame(kind: u8, flags: u8, payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(payload.len()).expect("a small frame");
    let mut out = len.to_be_bytes()[1..].to_vec();
    let stream = u8::from(kind != 4);
    out.extend_from_slice(&[kind, flags, 0, 0, 0, stream]);
    out.extend_from_slice(payload);
    out
}

/// Every scenario.
pub fn all() -> Vec<Scenario> {
    let up = Phase::ReadingResponseHeaderFromUpstream;
    let mut v = Vec::new();

    // --- protocol mismatches

    v.push(Scenario {
        expect: vec![event(Level::Error, "http2-frame-too-large", "upstream sent too large http2 frame: 4740180")
            .at(GET_API)
            .phase(up.clone())
            .upstream("grpc://127.0.0.1:{backend}")],
        blame: "grpc_pass grpc://pool;",
        fix: Some(Edit {
            from: "grpc_pass grpc://pool;",
            to: "proxy_pass http://pool;",
        }),
        rule: Some("grpc-to-http1-backend"),
        confine_fixes: true,
        ..scenario(
            "grpc-to-http1",
            "grpc_pass toward the HTTP/1.1-only backend: it answers the HTTP/2 preface with `HTTP/1.1 400`, whose first bytes `HTT` nginx reads as a frame length",
            Backend::Http1,
            api!(http: "
    upstream pool {
        server 127.0.0.1:{backend};
    }
", "            grpc_pass grpc://pool;"),
        )
    });

    v.push(Scenario {
        expect: vec![event(Level::Error, "invalid-header", "upstream sent invalid header \":path: /\"")
            .at(GET_API)
            .phase(up.clone())
            .upstream("grpc://127.0.0.1:{backend}")],
        blame: "grpc_pass grpc://127.0.0.1",
        rule: Some("upstream-protocol-error"),
        ..scenario(
            "grpc-invalid-header",
            "grpc_pass toward a peer that speaks HTTP/2 and answers with a HEADERS frame holding a request pseudo-header (`:path`)",
            Backend::Peer(Script::AnswerFirst(h2_headers(&[0x84]))),
            api!("            grpc_pass grpc://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![
            event(Level::Error, "upstream-protocol-error", "upstream sent invalid http2 table index: 127")
                .at(GET_API)
                .phase(up.clone())
                .upstream("grpc://127.0.0.1:{backend}"),
            event(Level::Error, "invalid-header", "upstream sent invalid header")
                .at(GET_API)
                .phase(up.clone())
                .upstream("grpc://127.0.0.1:{backend}"),
        ],
        blame: "grpc_pass grpc://127.0.0.1",
        rule: Some("upstream-protocol-error"),
        ..scenario(
            "grpc-invalid-hpack",
            "grpc_pass toward an HTTP/2 peer whose HEADERS frame refers to HPACK table entry 127, which does not exist",
            Backend::Peer(Script::AnswerFirst(h2_headers(&[0xff, 0x00]))),
            api!("            grpc_pass grpc://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Error,
            "upstream-protocol-error",
            "upstream sent unexpected http2 frame: 0",
        )
        .at(GET_API)
        .phase(up.clone())
        .upstream("grpc://127.0.0.1:{backend}")],
        blame: "grpc_pass grpc://127.0.0.1",
        rule: Some("upstream-protocol-error"),
        ..scenario(
            "grpc-unexpected-frame",
            "grpc_pass toward an HTTP/2 peer that sends a DATA frame before any HEADERS",
            Backend::Peer(Script::AnswerFirst({
                let mut a = h2_settings();
                a.extend(h2_frame(0, 0x1, b"ok"));
                a
            })),
            api!("            grpc_pass grpc://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![get_answer("/api/v1/items", Answer::Dropped)],
        expect: vec![event(Level::Error, "prematurely-closed", "upstream prematurely closed stream")
            .at(GET_API)
            .phase(up.clone())
            .upstream("grpc://127.0.0.1:{backend}")],
        blame: "grpc_pass grpc://127.0.0.1",
        rule: Some("upstream-closed-connection"),
        ..scenario(
            "grpc-prematurely-closed-stream",
            "grpc_pass toward an HTTP/2 peer that announces content-length 10 and ends the stream (END_STREAM) after a 2-byte DATA frame",
            Backend::Peer(Script::AnswerFirst({
                let mut a = h2_settings();
                // :status 200 (static 8); content-length (static 28) "10".
                a.extend(h2_frame(1, 0x4, &[0x88, 0x0f, 0x0d, 0x02, b'1', b'0']));
                a.extend(h2_frame(0, 0x1, b"ok"));
                a
            })),
            api!("            grpc_pass grpc://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(Level::Error, "other", "upstream rejected request with error 7")
            .at(GET_API)
            .phase(up.clone())
            .upstream("grpc://127.0.0.1:{backend}")],
        blame: "grpc_pass grpc://127.0.0.1",
        ..scenario(
            "grpc-rst-stream",
            "grpc_pass toward an HTTP/2 peer that answers with RST_STREAM REFUSED_STREAM (7); not in the catalogue: the cause is `other`",
            Backend::Peer(Script::AnswerFirst({
                let mut a = h2_settings();
                a.extend(h2_frame(3, 0, &[0, 0, 0, 7]));
                a
            })),
            api!("            grpc_pass grpc://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(Level::Error, "invalid-header", "upstream sent invalid header: \"X-Bad\\x01...\"")
            .at(GET_API)
            .phase(up.clone())
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass http://127.0.0.1",
        rule: Some("upstream-protocol-error"),
        ..scenario(
            "proxy-invalid-header",
            "proxy_pass toward a peer whose answer has a header name with a control byte (`X-Bad\\x01`)",
            Backend::Peer(Script::Answer(
                b"HTTP/1.1 200 OK\r\nX-Bad\x01: y\r\nContent-Length: 3\r\n\r\nok\n".to_vec(),
            )),
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![get_answer("/api/v1/items", Answer::NoStatusLine)],
        expect: vec![event(Level::Error, "no-valid-http10-header", "upstream sent no valid HTTP/1.0 header")
            .at(GET_API)
            .phase(up.clone())
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass http://127.0.0.1",
        rule: Some("upstream-protocol-error"),
        ..scenario(
            "proxy-to-not-http",
            "proxy_pass toward a peer that is not HTTP (it answers `-ERR unknown command` as Redis does); nginx passes the bytes on as an HTTP/0.9 answer",
            Backend::Peer(Script::Answer(b"-ERR unknown command 'GET'\r\n".to_vec())),
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![get_answer("/api/v1/items", Answer::NoStatusLine)],
        expect: vec![event(Level::Error, "no-valid-http10-header", "upstream sent no valid HTTP/1.0 header")
            .at(GET_API)
            .phase(up.clone())
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass http://127.0.0.1",
        fix: Some(Edit {
            from: "proxy_pass http://",
            to: "proxy_pass https://",
        }),
        rule: Some("upstream-protocol-error"),
        ..scenario(
            "http-to-tls-alert",
            "proxy_pass http:// toward a TLS-only server that answers bytes that are not TLS with a TLS alert record (TLS is relayed to an nginx with listen ssl)",
            Backend::TlsOrAlert,
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![get("/api/v1/items", 400)],
        log: LogSource::Backend,
        expect: vec![event(Level::Info, "plain-http-to-https-port", "client sent plain HTTP request to HTTPS port")
            .connection()
            .client("127.0.0.1")
            .server("backend.test")
            .phase(Phase::ReadingClientRequestHeaders)
            .host("127.0.0.1:{backend}")
            .request_line("GET /api/v1/items HTTP/1.0")],
        blame: "proxy_pass http://127.0.0.1",
        fix: Some(Edit {
            from: "proxy_pass http://",
            to: "proxy_pass https://",
        }),
        rule: Some("upstream-plain-to-tls-backend"),
        confine_fixes: true,
        ..scenario(
            "http-to-tls-nginx",
            "proxy_pass http:// toward an nginx that listens with ssl only: it answers 400 \"The plain HTTP request was sent to HTTPS port\", which the front passes on without a line in its log; the backend's log has the line",
            Backend::TlsNginx,
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(Level::Error, "prematurely-closed", "upstream prematurely closed connection")
            .at(GET_API)
            .phase(up.clone())
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass http://127.0.0.1",
        rule: Some("upstream-closed-connection"),
        ..scenario(
            "http-to-tls-s_server",
            "proxy_pass http:// toward `openssl s_server -www` (TLS only): OpenSSL closes the connection on a plain request",
            Backend::SServer,
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Error,
            "ssl-handshake-failed",
            "SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number)",
        )
        .at(GET_API)
        .phase(Phase::SslHandshakingToUpstream)
        .upstream("https://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass https://127.0.0.1",
        fix: Some(Edit {
            from: "proxy_pass https://",
            to: "proxy_pass http://",
        }),
        rule: Some("upstream-tls-to-plain-backend"),
        confine_fixes: true,
        ..scenario(
            "https-to-plain",
            "proxy_pass https:// toward the plain HTTP/1.1 backend: it answers the ClientHello with `HTTP/1.1 400`, which OpenSSL reads as a record of an unknown version",
            Backend::Http1,
            api!("            proxy_pass https://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![get_answer("/api/v1/items", Answer::NoStatusLine)],
        log: LogSource::Front,
        expect: vec![event(Level::Error, "no-valid-http10-header", "upstream sent no valid HTTP/1.0 header")
            .at(GET_API)
            .phase(up.clone())
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass http://127.0.0.1",
        rule: Some("upstream-protocol-error"),
        ..scenario(
            "http-to-h2c",
            "proxy_pass http:// toward a second nginx with a cleartext `listen PORT http2` (h2c only): it answers the HTTP/1.0 request with an HTTP/2 GOAWAY frame (and logs \"invalid connection preface\" at info)",
            Backend::H2cNginx,
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    // --- too big headers, per module

    v.push(Scenario {
        expect: vec![event(Level::Error, "header-too-big", "upstream sent too big header")
            .at(GET_API)
            .phase(up.clone())
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass http://127.0.0.1",
        fix: Some(Edit {
            from: "proxy_pass ",
            to: "proxy_buffer_size 16k;\n            proxy_buffers 8 16k;\n            proxy_pass ",
        }),
        rule: Some("upstream-header-too-big"),
        confine_fixes: true,
        ..scenario(
            "proxy-header-too-big",
            "proxy_pass toward a peer whose answer carries a 10 KB Set-Cookie header (proxy_buffer_size is 4k)",
            Backend::Peer(Script::Answer(big_header_answer(10 * 1024))),
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(Level::Error, "header-too-big", "upstream sent too big header")
            .at(GET_API)
            .phase(up.clone())
            .upstream("uwsgi://127.0.0.1:{backend}")],
        blame: "uwsgi_pass 127.0.0.1",
        fix: Some(Edit {
            from: "uwsgi_pass ",
            to: "uwsgi_buffer_size 16k;\n            uwsgi_buffers 8 16k;\n            uwsgi_pass ",
        }),
        rule: Some("upstream-header-too-big"),
        confine_fixes: true,
        ..scenario(
            "uwsgi-header-too-big",
            "uwsgi_pass toward a peer whose answer carries a 10 KB Set-Cookie header (uwsgi_buffer_size is 4k)",
            Backend::Peer(Script::AnswerFirst(big_header_answer(10 * 1024))),
            api!("            uwsgi_pass 127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(Level::Error, "header-too-big", "upstream sent too big header")
            .at(GET_API)
            .phase(up.clone())
            .upstream("fastcgi://127.0.0.1:{backend}")],
        blame: "fastcgi_pass 127.0.0.1",
        fix: Some(Edit {
            from: "fastcgi_pass ",
            to: "fastcgi_buffer_size 16k;\n            fastcgi_buffers 8 16k;\n            fastcgi_pass ",
        }),
        rule: Some("upstream-header-too-big"),
        confine_fixes: true,
        ..scenario(
            "fastcgi-header-too-big",
            "fastcgi_pass toward a peer whose FastCGI answer carries a 10 KB Set-Cookie header (fastcgi_buffer_size is 4k)",
            Backend::Peer(Script::AnswerFirst(fastcgi_big_header_answer(10 * 1024))),
            api!("            fastcgi_pass 127.0.0.1:{backend};"),
        )
    });

    // --- TLS toward the upstream

    v.push(Scenario {
        expect: vec![event(
            Level::Error,
            "ssl-certificate-verify",
            "upstream SSL certificate verify error: (18:self-signed certificate)",
        )
        .at(GET_API)
        .phase(Phase::SslHandshakingToUpstream)
        .upstream("https://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_ssl_trusted_certificate",
        rule: Some("upstream-ssl-verify-failed"),
        ..scenario(
            "ssl-verify-error",
            "proxy_ssl_verify on toward an nginx with a self-signed certificate that proxy_ssl_trusted_certificate does not hold",
            Backend::TlsNginx,
            api!("            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate {other_cert};
            proxy_pass https://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Error,
            "ssl-certificate-mismatch",
            "upstream SSL certificate does not match \"tls_pool\"",
        )
        .at(GET_API)
        .phase(Phase::SslHandshakingToUpstream)
        .upstream("https://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_ssl_verify on;",
        rule: Some("upstream-ssl-verify-failed"),
        ..scenario(
            "ssl-name-mismatch",
            "proxy_ssl_verify on with the backend's own certificate trusted, but no proxy_ssl_name: nginx checks the upstream group's name, which the certificate (backend.test) is not for",
            Backend::TlsNginx,
            api!(http: "
    upstream tls_pool {
        server 127.0.0.1:{backend};
    }
", "            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate {cert};
            proxy_pass https://tls_pool;"),
        )
    });

    v.push(Scenario {
        expect: vec![event(Level::Error, "ssl-peer-closed", "peer closed connection in SSL handshake")
            .at(GET_API)
            .phase(Phase::SslHandshakingToUpstream)
            .upstream("https://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass https://127.0.0.1",
        rule: Some("upstream-ssl-handshake-failed"),
        ..scenario(
            "ssl-peer-closed",
            "proxy_pass https:// toward a peer that reads the ClientHello and closes the connection",
            Backend::Peer(Script::CloseFirst),
            api!("            proxy_pass https://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Error,
            "ssl-peer-closed",
            "peer closed connection in SSL handshake (104: Connection reset by peer)",
        )
        .at(GET_API)
        .phase(Phase::SslHandshakingToUpstream)
        .upstream("https://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass https://127.0.0.1",
        rule: Some("upstream-ssl-handshake-failed"),
        ..scenario(
            "ssl-peer-reset",
            "proxy_pass https:// toward a peer that reads the ClientHello and resets the connection",
            Backend::Peer(Script::ResetFirst),
            api!("            proxy_pass https://127.0.0.1:{backend};"),
        )
    });

    // --- timeouts, per phase

    v.push(Scenario {
        sends: vec![get("/api/v1/items", 504)],
        expect: vec![event(Level::Error, "upstream-timed-out", "upstream timed out (110: Connection timed out)")
            .at(GET_API)
            .phase(Phase::ConnectingToUpstream)
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_connect_timeout 1s;",
        rule: Some("upstream-timed-out"),
        ..scenario(
            "connect-timeout",
            "proxy_pass toward a listener whose accept queue is full (backlog 0 and one connection waiting): the kernel drops nginx's SYN",
            Backend::FullQueue,
            "
    server {
        listen 127.0.0.1:{port};
        server_name app.test;
        proxy_connect_timeout 1s;

        location /api/ {
            proxy_pass http://127.0.0.1:{backend};
        }
    }
",
        )
    });

    v.push(Scenario {
        sends: vec![get("/api/v1/items", 504)],
        expect: vec![event(Level::Error, "upstream-timed-out", "upstream timed out (110: Connection timed out)")
            .at(GET_API)
            .phase(Phase::SslHandshakingToUpstream)
            .upstream("https://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_connect_timeout 1s;",
        rule: Some("upstream-timed-out"),
        ..scenario(
            "ssl-handshake-timeout",
            "proxy_pass https:// toward a peer that reads the ClientHello and never answers (the handshake is bounded by proxy_connect_timeout)",
            Backend::Peer(Script::Stall),
            api!("            proxy_connect_timeout 1s;
            proxy_pass https://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![Send::Post {
            path: "/api/v1/upload",
            bytes: 16 << 20,
            expect: Answer::Status(504),
        }],
        expect: vec![
            event(
                Level::Warn,
                "request-body-buffered-to-file",
                "a client request body is buffered to a temporary file {prefix}/client_body_temp/0000000001",
            )
            .at("POST /api/v1/upload HTTP/1.1"),
            event(Level::Error, "upstream-timed-out", "upstream timed out (110: Connection timed out)")
                .at("POST /api/v1/upload HTTP/1.1")
                .phase(Phase::SendingRequestToUpstream)
                .upstream("http://127.0.0.1:{backend}/api/v1/upload"),
        ],
        blame: "proxy_send_timeout 1s;",
        rule: Some("upstream-timed-out"),
        about: 1,
        ..scenario(
            "send-timeout",
            "a 16 MB POST through proxy_pass toward a peer that never reads (4 KB receive buffer)",
            Backend::Peer(Script::NoRead),
            api!("            client_max_body_size 32m;
            proxy_send_timeout 1s;
            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![get("/api/v1/items", 504)],
        expect: vec![event(Level::Error, "upstream-timed-out", "upstream timed out (110: Connection timed out)")
            .at(GET_API)
            .phase(up.clone())
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_read_timeout 1s;",
        rule: Some("upstream-timed-out"),
        ..scenario(
            "read-header-timeout",
            "proxy_pass toward a peer that reads the request and never answers; proxy_read_timeout is set at http level, two levels up",
            Backend::Peer(Script::Stall),
            api!(http: "
    proxy_read_timeout 1s;
", "            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![get("/api/v1/items", 200)],
        expect: vec![event(Level::Error, "upstream-timed-out", "upstream timed out (110: Connection timed out)")
            .at(GET_API)
            .phase(Phase::ReadingUpstream)
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_read_timeout 1s;",
        rule: Some("upstream-timed-out"),
        ..scenario(
            "read-body-timeout",
            "proxy_pass toward a peer that sends the header and 3 of the 100 body bytes it announced, then nothing",
            Backend::Peer(Script::AnswerThenStall(
                b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc".to_vec(),
            )),
            api!("            proxy_read_timeout 1s;
            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![get("/api/v1/items", 504)],
        expect: vec![event(Level::Error, "upstream-timed-out", "upstream timed out (110: Connection timed out)")
            .at(GET_API)
            .phase(up.clone())
            .upstream("grpc://127.0.0.1:{backend}")],
        blame: "grpc_read_timeout 1s;",
        rule: Some("upstream-timed-out"),
        ..scenario(
            "grpc-read-timeout",
            "grpc_pass toward a peer that reads the HTTP/2 preface and never answers; grpc_read_timeout at server level",
            Backend::Peer(Script::Stall),
            "
    server {
        listen 127.0.0.1:{port};
        server_name app.test;
        grpc_read_timeout 1s;

        location /api/ {
            grpc_pass grpc://127.0.0.1:{backend};
        }
    }
",
        )
    });

    // --- connections that fail

    v.push(Scenario {
        expect: vec![event(
            Level::Error,
            "connection-refused",
            "connect() failed (111: Connection refused)",
        )
        .at(GET_API)
        .phase(Phase::ConnectingToUpstream)
        .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "server 127.0.0.1:{backend};",
        rule: Some("upstream-unreachable"),
        ..scenario(
            "connection-refused",
            "proxy_pass toward an upstream server on a port nothing listens on",
            Backend::Closed,
            api!(http: "
    upstream pool {
        server 127.0.0.1:{backend};
    }
", "            proxy_pass http://pool;"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Error,
            "connection-refused",
            "connect() failed (111: Connection refused)",
        )
        .at(GET_API)
        .phase(Phase::ConnectingToUpstream)
        .upstream("fastcgi://127.0.0.1:{backend}")],
        blame: "fastcgi_pass 127.0.0.1",
        rule: Some("upstream-unreachable"),
        ..scenario(
            "fastcgi-connection-refused",
            "fastcgi_pass toward a port nothing listens on",
            Backend::Closed,
            api!("            fastcgi_pass 127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Crit,
            "socket-not-found",
            "connect() to unix:{socket} failed (2: No such file or directory)",
        )
        .at(GET_API)
        .phase(Phase::ConnectingToUpstream)
        .upstream("http://unix:{socket}:/api/v1/items")],
        blame: "proxy_pass http://unix:",
        rule: Some("upstream-unreachable"),
        ..scenario(
            "unix-socket-missing",
            "proxy_pass toward a unix socket path where no file is",
            Backend::UnixMissing,
            api!("            proxy_pass http://unix:{socket}:;"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Crit,
            "socket-not-found",
            "connect() to unix:{socket} failed (2: No such file or directory)",
        )
        .at(GET_API)
        .phase(Phase::ConnectingToUpstream)
        .upstream("fastcgi://unix:{socket}:")],
        blame: "fastcgi_pass unix:",
        rule: Some("upstream-unreachable"),
        ..scenario(
            "fastcgi-unix-socket-missing",
            "fastcgi_pass toward a unix socket path where no file is (php-fpm not running)",
            Backend::UnixMissing,
            api!("            fastcgi_pass unix:{socket};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Crit,
            "socket-permission-denied",
            "connect() to unix:{socket} failed (13: Permission denied)",
        )
        .at(GET_API)
        .phase(Phase::ConnectingToUpstream)
        .upstream("http://unix:{socket}:/api/v1/items")],
        blame: "proxy_pass http://unix:",
        rule: Some("upstream-unreachable"),
        ..scenario(
            "unix-socket-permission",
            "proxy_pass toward a unix socket whose file has mode 000 (the workers run as nobody when the master is root; root itself would pass)",
            Backend::UnixLocked,
            api!("            proxy_pass http://unix:{socket}:;"),
        )
    });

    v.push(Scenario {
        sends: vec![get("/api/v1/items", 502), get("/api/v1/items", 502)],
        expect: vec![
            event(Level::Error, "connection-refused", "connect() failed (111: Connection refused)")
                .at(GET_API)
                .phase(Phase::ConnectingToUpstream)
                .upstream("http://127.0.0.1:{backend}/api/v1/items"),
            event(Level::Warn, "upstream-disabled", "upstream server temporarily disabled")
                .at(GET_API)
                .phase(Phase::ConnectingToUpstream)
                .upstream("http://127.0.0.1:{backend}/api/v1/items"),
            event(Level::Error, "connection-refused", "connect() failed (111: Connection refused)")
                .at(GET_API)
                .phase(Phase::ConnectingToUpstream)
                .upstream("http://127.0.0.1:{aux}/api/v1/items"),
            event(Level::Warn, "upstream-disabled", "upstream server temporarily disabled")
                .at(GET_API)
                .phase(Phase::ConnectingToUpstream)
                .upstream("http://127.0.0.1:{aux}/api/v1/items"),
            event(Level::Error, "no-live-upstreams", "no live upstreams")
                .at(GET_API)
                .phase(Phase::ConnectingToUpstream)
                .upstream("http://pool/api/v1/items"),
        ],
        blame: "upstream pool {",
        rule: Some("upstream-no-live-servers"),
        about: 4,
        ..scenario(
            "no-live-upstreams",
            "an upstream of two servers on ports nothing listens on, max_fails=1: the first request marks both failed, the second finds none alive",
            Backend::Closed,
            api!(http: "
    upstream pool {
        server 127.0.0.1:{backend} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{aux} max_fails=1 fail_timeout=30s;
    }
", "            proxy_pass http://pool;"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Error,
            "no-route-to-host",
            "connect() to 192.0.2.10:8080 failed (113: No route to host)",
        )
        .at(GET_API)
        .phase(Phase::ConnectingToUpstream)
        .upstream("http://192.0.2.10:8080/api/v1/items")],
        blame: "proxy_pass http://192.0.2.10:8080;",
        rule: Some("upstream-unreachable"),
        ..scenario(
            "no-route-to-host",
            "nginx in a network namespace of its own where 192.0.2.0/24 is an `unreachable` route (the loopback of the machine cannot give EHOSTUNREACH)",
            Backend::Unreachable,
            api!("            proxy_pass http://192.0.2.10:8080;"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Error,
            "connect-failed",
            "connect() to 198.51.100.10:8080 failed (101: Network is unreachable)",
        )
        .at(GET_API)
        .phase(Phase::ConnectingToUpstream)
        .upstream("http://198.51.100.10:8080/api/v1/items")],
        blame: "proxy_pass http://198.51.100.10:8080;",
        rule: Some("upstream-unreachable"),
        ..scenario(
            "network-unreachable",
            "nginx in a network namespace with only a loopback: no route at all toward 198.51.100.10",
            Backend::Unreachable,
            api!("            proxy_pass http://198.51.100.10:8080;"),
        )
    });

    v.push(Scenario {
        expect: vec![event(Level::Error, "connection-reset", "recv() failed (104: Connection reset by peer)")
            .at(GET_API)
            .phase(up.clone())
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass http://127.0.0.1",
        rule: Some("upstream-closed-connection"),
        ..scenario(
            "connection-reset",
            "proxy_pass toward a peer that reads the request and resets the connection (SO_LINGER 0)",
            Backend::Peer(Script::Reset),
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        expect: vec![event(Level::Error, "prematurely-closed", "upstream prematurely closed connection")
            .at(GET_API)
            .phase(up.clone())
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass http://127.0.0.1",
        rule: Some("upstream-closed-connection"),
        ..scenario(
            "prematurely-closed",
            "proxy_pass toward a peer that reads the request and closes the connection without a byte",
            Backend::Peer(Script::Close),
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![Send::Abandon("/api/v1/items")],
        expect: vec![event(
            Level::Info,
            "client-closed",
            "epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too",
        )
        .at(GET_API)
        .phase(Phase::SendingRequestToUpstream)
        .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass http://127.0.0.1",
        ..scenario(
            "client-closed",
            "a client that gives up (closes) while a stalling upstream has not answered: nginx's 499 (the action is still \"sending request\": nginx has not been woken to read yet)",
            Backend::Peer(Script::Stall),
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![get_answer("/api/v1/items", Answer::Dropped)],
        expect: vec![event(Level::Error, "invalid-chunked-response", "upstream sent invalid chunked response")
            .at(GET_API)
            .phase(Phase::ReadingUpstream)
            .upstream("http://127.0.0.1:{backend}/api/v1/items")],
        blame: "proxy_pass http://127.0.0.1",
        rule: Some("upstream-protocol-error"),
        ..scenario(
            "invalid-chunked",
            "proxy_pass toward a peer that answers `Transfer-Encoding: chunked` with the chunk size `zz`",
            Backend::Peer(Script::Answer(
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n".to_vec(),
            )),
            api!("            proxy_http_version 1.1;
            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    // --- names

    v.push(Scenario {
        sends: Vec::new(),
        log: LogSource::ConfigTest { error_log_file: false },
        expect: vec![event(
            Level::Emerg,
            "host-not-found",
            "host not found in upstream \"backend.invalid\" in {conf}:{blame_line}",
        )],
        blame: "proxy_pass http://backend.invalid:8080;",
        rule: Some("upstream-host-not-resolved"),
        ..scenario(
            "host-not-found",
            "nginx -t on a proxy_pass whose host has no address (in a network namespace of its own, so nothing is asked of the network); Debian's nginx logs to stderr in the error-log format, the host without its port",
            Backend::None,
            api!("            proxy_pass http://backend.invalid:8080;"),
        )
    });

    v.push(Scenario {
        sends: Vec::new(),
        log: LogSource::ConfigTest { error_log_file: true },
        expect: vec![event(
            Level::Emerg,
            "host-not-found",
            "host not found in upstream \"backend.invalid:8080\" in {conf}:{blame_line}",
        )],
        blame: "server backend.invalid:8080;",
        rule: Some("upstream-host-not-resolved"),
        ..scenario(
            "host-not-found-upstream",
            "nginx -t -e FILE on an upstream server whose host has no address: with the error log in a file (as in nginx.org's packages) stderr gets `nginx: [emerg] ...`",
            Backend::None,
            api!(http: "
    upstream pool {
        server backend.invalid:8080;
    }
", "            proxy_pass http://pool;"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Error,
            "not-resolved",
            "app.invalid could not be resolved (3: Host not found)",
        )
        .at(GET_API)],
        blame: "resolver 127.0.0.1:{dns};",
        rule: Some("upstream-host-not-resolved"),
        ..scenario(
            "not-resolved",
            "a variable proxy_pass and a resolver that answers NXDOMAIN (a DNS server of the test)",
            Backend::NxDns,
            api!(
                "            resolver 127.0.0.1:{dns};
            set $backend app.invalid;
            proxy_pass http://$backend:8080;"
            ),
        )
    });

    v.push(Scenario {
        expect: vec![
            event(Level::Error, "other", "send() failed (111: Connection refused)")
                .phase(Phase::Other("resolving".into()))
                .field("resolver", "127.0.0.1:{dns}"),
            event(Level::Error, "not-resolved", "app.invalid could not be resolved (110: Operation timed out)")
                .at(GET_API),
        ],
        blame: "resolver 127.0.0.1:{dns};",
        rule: Some("upstream-host-not-resolved"),
        about: 1,
        ..scenario(
            "resolver-down",
            "a variable proxy_pass and a resolver address where nothing listens (resolver_timeout 1s)",
            Backend::ClosedUdp,
            api!("            resolver 127.0.0.1:{dns};
            resolver_timeout 1s;
            set $backend app.invalid;
            proxy_pass http://$backend:8080;"),
        )
    });

    v.push(Scenario {
        expect: vec![event(
            Level::Error,
            "no-resolver",
            "no resolver defined to resolve app.invalid",
        )
        .at(GET_API)],
        blame: "proxy_pass http://$backend:8080;",
        rule: Some("upstream-host-not-resolved"),
        ..scenario(
            "no-resolver",
            "a variable proxy_pass and no resolver",
            Backend::None,
            api!(
                "            set $backend app.invalid;
            proxy_pass http://$backend:8080;"
            ),
        )
    });

    // --- the client side and nginx's own limits

    v.push(Scenario {
        sends: vec![Send::Post {
            path: "/api/v1/upload",
            bytes: 2 << 20,
            expect: Answer::Status(413),
        }],
        expect: vec![event(
            Level::Error,
            "client-body-too-large",
            "client intended to send too large body: 2097152 bytes",
        )
        .at("POST /api/v1/upload HTTP/1.1")],
        blame: "client_max_body_size 1m;",
        rule: Some("client-body-too-large"),
        ..scenario(
            "client-body-too-large",
            "a 2 MB POST where client_max_body_size 1m is in effect (set at http level)",
            Backend::Http1,
            api!(http: "
    client_max_body_size 1m;
", "            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![get("/loop", 500)],
        expect: vec![event(
            Level::Error,
            "redirection-cycle",
            "rewrite or internal redirection cycle while processing \"/loop\"",
        )
        .at("GET /loop HTTP/1.1")],
        blame: "rewrite ^ /loop last;",
        rule: Some("internal-redirection-cycle"),
        ..scenario(
            "rewrite-cycle",
            "a rewrite ... last that sends the request back to its own location",
            Backend::None,
            "
    server {
        listen 127.0.0.1:{port};
        server_name app.test;

        location /loop {
            rewrite ^ /loop last;
        }
    }
",
        )
    });

    v.push(Scenario {
        sends: vec![get("/missing", 500)],
        expect: vec![event(
            Level::Error,
            "redirection-cycle",
            "rewrite or internal redirection cycle while internally redirecting to \"/index.html\"",
        )
        .at("GET /missing HTTP/1.1")],
        blame: "try_files $uri $uri/ /index.html;",
        rule: Some("internal-redirection-cycle"),
        ..scenario(
            "try-files-cycle",
            "try_files whose last fallback /index.html does not exist under root (the single-page-app recipe)",
            Backend::None,
            "
    server {
        listen 127.0.0.1:{port};
        server_name app.test;
        root {prefix}/www;

        location / {
            try_files $uri $uri/ /index.html;
        }
    }
",
        )
    });

    v.push(Scenario {
        worker_connections: 4,
        sends: vec![
            Send::Start("/api/v1/slow"),
            get_answer("/api/v1/items", Answer::Dropped),
        ],
        expect: vec![event(Level::Alert, "worker-connections-not-enough", "4 worker_connections are not enough")],
        blame: "worker_connections 4;",
        rule: Some("worker-connections-exhausted"),
        ..scenario(
            "worker-connections",
            "worker_connections 4 (the listener and the channel to the master take two): a request to a stalling upstream takes the last two, the next connection cannot be accepted",
            Backend::Peer(Script::Stall),
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        worker_connections: 4,
        sends: vec![Send::Hold(3), get("/", 200)],
        expect: vec![event(
            Level::Warn,
            "worker-connections-not-enough",
            "4 worker_connections are not enough, reusing connections",
        )],
        blame: "worker_connections 4;",
        rule: Some("worker-connections-exhausted"),
        ..scenario(
            "worker-connections-reusing",
            "worker_connections 4 and three idle client connections: nginx closes an idle one to accept the next (a warning, no request fails)",
            Backend::None,
            "
    server {
        listen 127.0.0.1:{port};
        server_name app.test;
        return 200;
    }
",
        )
    });

    v.push(Scenario {
        main: "worker_rlimit_nofile 12;",
        sends: vec![Send::Hold(16)],
        expect: vec![event(
            Level::Crit,
            "too-many-open-files",
            "accept4() failed (24: Too many open files)",
        )],
        blame: "worker_rlimit_nofile 12;",
        rule: Some("worker-open-files-exhausted"),
        ..scenario(
            "too-many-open-files",
            "worker_rlimit_nofile 12 and 16 idle client connections",
            Backend::None,
            "
    server {
        listen 127.0.0.1:{port};
        server_name app.test;
        return 200;
    }
",
        )
    });

    v.push(Scenario {
        sends: vec![Send::Start("/api/v1/export")],
        expect: vec![event(
            Level::Warn,
            "response-buffered-to-file",
            "an upstream response is buffered to a temporary file {prefix}/proxy_temp/0000000001",
        )
        .at("GET /api/v1/export HTTP/1.1")
        .phase(Phase::ReadingUpstream)
        .upstream("http://127.0.0.1:{backend}/api/v1/export")],
        blame: "proxy_pass http://127.0.0.1",
        rule: Some("upstream-response-buffered-to-file"),
        ..scenario(
            "response-buffered",
            "proxy_pass toward a peer that answers 16 MB to a client that does not read yet (proxy_buffers 8 4k)",
            Backend::Peer(Script::Answer({
                let n = 16 << 20;
                let mut a = format!("HTTP/1.1 200 OK\r\nContent-Length: {n}\r\n\r\n").into_bytes();
                a.resize(a.len() + n, b'x');
                a
            })),
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v.push(Scenario {
        sends: vec![Send::Post {
            path: "/api/v1/upload",
            bytes: 64 << 10,
            expect: Answer::Status(200),
        }],
        expect: vec![event(
            Level::Warn,
            "request-body-buffered-to-file",
            "a client request body is buffered to a temporary file {prefix}/client_body_temp/0000000001",
        )
        .at("POST /api/v1/upload HTTP/1.1")],
        blame: "proxy_pass http://127.0.0.1",
        ..scenario(
            "request-body-buffered",
            "a 64 KB POST through proxy_pass (client_body_buffer_size 16k)",
            Backend::Http1,
            api!("            proxy_pass http://127.0.0.1:{backend};"),
        )
    });

    v
}
