//! End to end, the 502 doctor: real nginx 1.22.1 on 127.0.0.1 in front of a
//! real HTTP/1.1-only backend, a broken config, requests that get 502, and
//! **the error log nginx really wrote** handed to `confine check
//! --error-log` (which must point at the line to change) and `confine fix
//! --error-log`, whose output, run by nginx with the same backend, answers
//! 200.
//!
//! Two causes whose fix the log makes certain:
//! - `grpc_pass` toward the HTTP/1.1 backend in `location /`: without the log
//!   confine says nothing (a gRPC service may live at `/`), with it nginx's
//!   `upstream sent too large http2 frame` is the proof;
//! - a backend whose response header (10 KB) is larger than the default
//!   `proxy_buffer_size` (4k): `upstream sent too big header`.
//!
//! Processes and ports as in `tests/e2e_nginx.rs` (tests/support/e2e).

/// Shared with the other end-to-end tests; the keep-alive counts are theirs.
#[allow(dead_code)]
#[path = "support/e2e/mod.rs"]
mod e2e;

use e2e::{upstream_pool, Scenario, N};

/// `confine check --error-log LOG --format json` on `conf`: the findings.
fn json_findings(s: &Scenario, conf: &str, log: &str) -> Vec<serde_json::Value> {
    let file = s.scratch.write("broken.json.conf", conf);
    let out = e2e::confine::run("check", &["--error-log", log, "--format", "json"], &file);
    assert_eq!(
        out.code,
        Some(1),
        "[{}] confine check --error-log:\n{out}",
        s.name
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    v["findings"].as_array().cloned().unwrap_or_default()
}

/// The 1-based line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in:\n{text}"))
}

/// Run `broken` (502 for `path`), save the error log nginx wrote, check and
/// fix with it, run the fix (200). Returns the fixed config, the finding and
/// the saved log's path.
fn diagnose_and_fix(
    s: &mut Scenario,
    broken: &str,
    path: &str,
    logged: &str,
    rule: &str,
    fixed_rules: &[&str],
) -> (String, serde_json::Value, String) {
    let name = s.name;
    let nginx = s.start("broken", broken);
    s.measure(&nginx, "broken", path, 502);
    nginx.stop();
    let written = s.scratch.read_error_log();
    let event_line = line_of(&written, logged);
    eprintln!(
        "[{name}] error.log line {event_line}: {}",
        written.lines().nth(event_line - 1).unwrap_or_default()
    );
    let log = s.scratch.write("pasted-error.log", &written);
    let log = log.to_str().expect("UTF-8 path").to_string();

    let findings = json_findings(s, broken, &log);
    let found: Vec<&serde_json::Value> = findings.iter().filter(|f| f["rule"] == rule).collect();
    assert_eq!(
        found.len(),
        1,
        "[{name}] one {rule} finding expected: {findings:#?}"
    );
    let finding = found[0].clone();
    assert_eq!(finding["log"]["line"], event_line, "[{name}] {finding:#}");
    assert_eq!(finding["severity"], "error", "[{name}] {finding:#}");
    assert_eq!(
        finding["fix"]["applicability"], "safe",
        "[{name}] {finding:#}"
    );
    assert_eq!(finding["fix"]["applied"], true, "[{name}] {finding:#}");

    let fixed = s.fix("broken", broken, &["--error-log", &log], fixed_rules);
    s.backend.reset();
    s.scratch.clear_error_log();
    let nginx = s.start("fixed", &fixed);
    s.measure(&nginx, "fixed", path, 200);
    assert!(
        s.error_lines().is_empty(),
        "[{name}] errors logged with the fixed config:\n{}",
        s.scratch.read_error_log()
    );
    nginx.stop();
    (fixed, finding, log)
}

#[test]
fn grpc_pass_to_http1_backend_is_diagnosed_from_the_log_and_fixed() {
    let name = "doctor-grpc";
    let Some(bin) = e2e::nginx_or_skip(name) else {
        return;
    };
    let mut s = Scenario::new(name, bin);
    let broken = s.config(&format!(
        "{}
    server {{
        listen 127.0.0.1:{};

        location / {{
            grpc_pass grpc://pool;
        }}
    }}
",
        upstream_pool(s.backend.port()),
        s.port
    ));
    // The config alone proves nothing: a gRPC service may answer at `/`.
    let (out, rules) = s.check("alone", &broken, &[]);
    assert!(
        !rules.iter().any(|r| r == "grpc-to-http1-backend"),
        "[{name}] without a log, grpc_pass at / is no finding:\n{out}"
    );
    let (fixed, finding, _) = diagnose_and_fix(
        &mut s,
        &broken,
        "/api/ping",
        "upstream sent too large http2 frame: 4740180 while reading response header from upstream",
        "grpc-to-http1-backend",
        &["grpc-to-http1-backend"],
    );
    assert_eq!(
        finding["location"]["line"],
        line_of(&broken, "grpc_pass grpc://pool;"),
        "{finding:#}"
    );
    let message = finding["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("GET /api/ping (the server on line")
            && message.contains("location /): nginx read the answer as an HTTP/2 frame"),
        "{message}"
    );
    assert!(fixed.contains("proxy_pass http://pool;"), "{fixed}");
    eprintln!("[{name}] RESULT: GET /api/ping 502 x{N} -> 200 x{N} after confine fix --error-log");
}

#[test]
fn a_header_too_big_for_the_default_buffer_is_diagnosed_from_the_log_and_fixed() {
    let name = "doctor-big-header";
    let Some(bin) = e2e::nginx_or_skip(name) else {
        return;
    };
    let mut s = Scenario::new(name, bin);
    let broken = s.config(&format!(
        "    server {{
        listen 127.0.0.1:{};

        location /big-header/ {{
            proxy_pass http://127.0.0.1:{};
        }}
    }}
",
        s.port,
        s.backend.port()
    ));
    let (fixed, finding, log) = diagnose_and_fix(
        &mut s,
        &broken,
        "/big-header/x",
        "upstream sent too big header while reading response header from upstream",
        "upstream-header-too-big",
        &[],
    );
    assert_eq!(
        finding["location"]["line"],
        line_of(&broken, "proxy_pass http://127.0.0.1:"),
        "{finding:#}"
    );
    assert!(
        fixed.contains("proxy_buffer_size 16k;") && fixed.contains("proxy_buffers 8 16k;"),
        "{fixed}"
    );
    // The old log against the fixed config: the buffer it names is gone,
    // so the finding stays only as information, with no fix.
    let (out, _) = s.check("fixed.with-log", &fixed, &["--error-log", &log]);
    assert!(
        out.stdout.contains("info[upstream-header-too-big]")
            && !out.stdout.contains("error[upstream-header-too-big]"),
        "{out}"
    );
    eprintln!(
        "[{name}] RESULT: GET /big-header/x ({} byte header) 502 x{N} -> 200 x{N} after confine fix --error-log",
        e2e::backend::BIG_HEADER
    );
}
