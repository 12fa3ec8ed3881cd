//! End to end: confine's fixes proven with the real nginx installed here
//! (Debian's 1.22.1) and a real HTTP/1.1-only backend, all on 127.0.0.1.
//!
//! Each scenario runs a config that is broken the way the rule says, shows
//! the breakage (502s and the error.log line, `nginx -t` refusing, or the
//! backend accepting one TCP connection per request), runs `confine check`
//! and `confine fix --nginx-version 1.22.1`, and runs the fixed config: 200s,
//! and the backend's connections reused. Every fixed config must also pass
//! `nginx -t`, no longer be reported by `confine check`, and come back
//! unchanged from a second `confine fix`.
//!
//! The backend (`tests/support/e2e/backend.rs`) runs on a thread of this
//! process and counts the connections it accepts; nginx runs in the
//! foreground in a scratch prefix and is stopped by PID when the test ends,
//! passed or failed. Without nginx the tests are skipped with a message,
//! unless `CONFINE_REQUIRE_TOOLS` is set. `CONFINE_NGINX` names another
//! nginx binary.
//!
//! What nginx 1.22.1 does here (shared/notes/nginx-facts.md, checked again
//! for these tests): `grpc_pass` to an HTTP/1.1 server → 502 and
//! `upstream sent too large http2 frame: 4740180 while reading response header
//! from upstream`; `proxy_pass h2://` → `nginx -t`: `invalid URL prefix`;
//! an upstream `keepalive` pool without `proxy_http_version 1.1` and
//! `proxy_set_header Connection ""` → one backend connection per request.

#[path = "support/e2e/mod.rs"]
mod e2e;

use e2e::{upstream_pool, Scenario, N, NO_REUSE_AT_LEAST, REUSE_AT_MOST};

/// What nginx 1.22.1 logs when `grpc_pass` meets an HTTP/1.1 server: the
/// `HTT` of `HTTP/1.1 400` read as an HTTP/2 frame length (0x485454).
const GRPC_TO_HTTP1_LOG: &str =
    "upstream sent too large http2 frame: 4740180 while reading response header from upstream";

const KEEPALIVE_RULES: [&str; 2] = ["keepalive-without-http11", "keepalive-connection-close"];

/// The finding lines of `confine check` (not the diagnostics such as
/// "unknown directive").
fn findings(out: &e2e::confine::Output) -> String {
    out.stdout
        .lines()
        .filter(|l| !e2e::confine::rules(l).is_empty())
        .map(|l| format!("  {l}\n"))
        .collect()
}

fn assert_found(s: &Scenario, rules: &[String], rule: &str, out: &e2e::confine::Output) {
    assert!(
        rules.iter().any(|r| r == rule),
        "[{}] confine check does not report {rule}:\n{out}",
        s.name
    );
    assert_eq!(
        out.code,
        Some(1),
        "[{}] confine check should exit 1:\n{out}",
        s.name
    );
}

fn assert_no_reuse(s: &Scenario, phase: &str, connections: usize) {
    assert!(
        connections >= NO_REUSE_AT_LEAST,
        "[{}] {phase}: expected about one backend connection per request (>= {NO_REUSE_AT_LEAST} for {N}), got {connections}",
        s.name
    );
}

fn assert_reuse(s: &Scenario, phase: &str, connections: usize, config: &str) {
    assert!(
        connections <= REUSE_AT_MOST,
        "[{}] {phase}: expected the backend connections reused (<= {REUSE_AT_MOST} for {N} requests), got {connections}\n--- config:\n{config}",
        s.name
    );
}

/// `grpc_pass` toward a pool that speaks HTTP/1.1 only. `evidence`: the same
/// pool is also reached with `proxy_pass http://` (what the rule reads);
/// otherwise the backend's protocol is given with `--backend pool=http1`.
fn grpc_to_http1(name: &'static str, evidence: bool) {
    let Some(bin) = e2e::nginx_or_skip(name) else {
        return;
    };
    let mut s = Scenario::new(name, bin);
    let extra: &[&str] = if evidence {
        &[]
    } else {
        &["--backend", "pool=http1"]
    };
    let proxied = if evidence {
        "
        location / {
            proxy_pass http://pool;
        }
"
    } else {
        ""
    };
    let broken = s.config(&format!(
        "{}
    server {{
        listen 127.0.0.1:{};

        location /api/ {{
            grpc_pass grpc://pool;
        }}
{proxied}    }}
",
        upstream_pool(s.backend.port()),
        s.port
    ));

    // Before: every /api/ request is a 502, with the frame error in the log.
    let nginx = s.start("broken", &broken);
    let before = s.measure(&nginx, "broken", "/api/ping", 502);
    let errors = s.error_lines();
    eprintln!(
        "[{name}] broken: error.log [error] lines ({}), first: {:?}",
        errors.len(),
        errors.first()
    );
    assert!(
        errors.iter().any(|l| l.contains(GRPC_TO_HTTP1_LOG)),
        "[{name}] error.log lacks {GRPC_TO_HTTP1_LOG:?}:\n{}",
        s.scratch.read_error_log()
    );
    assert!(
        s.backend.rejected() >= 1 && s.backend.requests() == 0,
        "[{name}] the backend should have refused nginx's HTTP/2 preface ({} refused, {} answered)",
        s.backend.rejected(),
        s.backend.requests()
    );
    if evidence {
        // The same backend answers HTTP/1.x through proxy_pass.
        let proxied = s.measure(&nginx, "broken", "/", 200);
        eprintln!("[{name}] broken: GET / (proxy_pass) opened {proxied} backend connection(s) for {N} requests");
    }
    nginx.stop();

    let (out, rules) = s.check("broken", &broken, extra);
    eprintln!("[{name}] confine check findings:\n{}", findings(&out));
    assert_found(&s, &rules, "grpc-to-http1-backend", &out);

    let mut fixed_rules = vec!["grpc-to-http1-backend"];
    fixed_rules.extend(KEEPALIVE_RULES);
    let fixed = s.fix("broken", &broken, extra, &fixed_rules);
    assert!(
        !fixed.contains("grpc_pass"),
        "[{name}] grpc_pass left in:\n{fixed}"
    );

    // After: 200s, no frame error, and the keep-alive pool reused.
    s.backend.reset();
    s.scratch.clear_error_log();
    let nginx = s.start("fixed", &fixed);
    let after = s.measure(&nginx, "fixed", "/api/ping", 200);
    assert_eq!(
        s.backend.rejected(),
        0,
        "[{name}] nginx still spoke HTTP/2 to the backend"
    );
    assert!(
        s.error_lines().is_empty(),
        "[{name}] errors logged with the fixed config:\n{}",
        s.scratch.read_error_log()
    );
    assert_reuse(&s, "fixed", after, &fixed);
    nginx.stop();
    eprintln!("[{name}] RESULT: /api/ 502 x{N} ({before} backend connections) -> 200 x{N} ({after} backend connections)");
}

#[test]
fn grpc_pass_to_http1_backend_502_then_fixed() {
    grpc_to_http1("grpc-evidence", true);
}

#[test]
fn grpc_pass_to_http1_backend_given_by_flag() {
    grpc_to_http1("grpc-flag", false);
}

#[test]
fn proxy_pass_h2_scheme_refused_then_fixed() {
    let name = "h2-scheme";
    let Some(bin) = e2e::nginx_or_skip(name) else {
        return;
    };
    let mut s = Scenario::new(name, bin);
    let broken = s.config(&format!(
        "{}
    server {{
        listen 127.0.0.1:{};

        location / {{
            proxy_pass h2://pool;
        }}
    }}
",
        upstream_pool(s.backend.port()),
        s.port
    ));

    let t = s.nginx_test("broken", &broken);
    eprintln!("[{name}] broken: nginx -t:\n{}", t.output);
    assert!(!t.ok, "[{name}] nginx -t accepts proxy_pass h2://");
    assert!(
        t.output.contains("invalid URL prefix"),
        "[{name}] nginx -t said:\n{}",
        t.output
    );

    let (out, rules) = s.check("broken", &broken, &[]);
    eprintln!("[{name}] confine check findings:\n{}", findings(&out));
    assert_found(&s, &rules, "proxy-pass-unsupported-scheme", &out);

    let mut fixed_rules = vec!["proxy-pass-unsupported-scheme"];
    fixed_rules.extend(KEEPALIVE_RULES);
    let fixed = s.fix("broken", &broken, &[], &fixed_rules);

    let nginx = s.start("fixed", &fixed);
    let after = s.measure(&nginx, "fixed", "/", 200);
    assert_reuse(&s, "fixed", after, &fixed);
    nginx.stop();
    eprintln!("[{name}] RESULT: nginx -t \"invalid URL prefix\" -> 200 x{N} ({after} backend connections)");
}

/// A keep-alive scenario: the broken config opens one backend connection per
/// request, confine reports `rule`, the fixed one reuses them. Returns the
/// fixed config (`None`: skipped).
fn keepalive(
    name: &'static str,
    http_body: impl Fn(u16, u16) -> String,
    rule: &str,
) -> Option<String> {
    let bin = e2e::nginx_or_skip(name)?;
    let mut s = Scenario::new(name, bin);
    let broken = s.config(&http_body(s.backend.port(), s.port));

    let nginx = s.start("broken", &broken);
    let before = s.measure(&nginx, "broken", "/", 200);
    assert_no_reuse(&s, "broken", before);
    nginx.stop();

    let (out, rules) = s.check("broken", &broken, &[]);
    eprintln!("[{name}] confine check findings:\n{}", findings(&out));
    assert_found(&s, &rules, rule, &out);

    let fixed = s.fix("broken", &broken, &[], &KEEPALIVE_RULES);

    s.backend.reset();
    let nginx = s.start("fixed", &fixed);
    let after = s.measure(&nginx, "fixed", "/", 200);
    assert_reuse(&s, "fixed", after, &fixed);
    nginx.stop();
    eprintln!("[{name}] RESULT: {before} backend connections for {N} requests -> {after}");
    Some(fixed)
}

#[test]
fn keepalive_without_http11_and_connection_header() {
    keepalive(
        "keepalive-plain",
        |backend, port| {
            format!(
                "{}
    server {{
        listen 127.0.0.1:{port};

        location / {{
            proxy_pass http://pool;
        }}
    }}
",
                upstream_pool(backend)
            )
        },
        "keepalive-without-http11",
    );
}

#[test]
fn keepalive_lost_by_proxy_set_header_inheritance() {
    keepalive(
        "keepalive-inherit",
        |backend, port| {
            format!(
                "{}
    server {{
        listen 127.0.0.1:{port};
        proxy_http_version 1.1;
        proxy_set_header Connection \"\";

        location / {{
            proxy_set_header Host $host;
            proxy_pass http://pool;
        }}
    }}
",
                upstream_pool(backend)
            )
        },
        "keepalive-connection-close",
    );
}

#[test]
fn keepalive_lost_by_websocket_map_close() {
    let Some(fixed) = keepalive(
        "keepalive-websocket",
        |backend, port| {
            format!(
                "{}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        '' close;
    }}

    server {{
        listen 127.0.0.1:{port};

        location / {{
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_pass http://pool;
        }}
    }}
",
                upstream_pool(backend)
            )
        },
        "keepalive-connection-close",
    ) else {
        return;
    };
    // WebSockets keep working: an Upgrade request still gets "upgrade".
    assert!(
        fixed.contains("default upgrade;")
            && fixed.contains("proxy_set_header Connection $connection_upgrade;"),
        "the fix should keep the WebSocket map and header:\n{fixed}"
    );
}
