//! Every message the error-log reader knows, written by the real nginx
//! installed here (Debian's 1.22.1) and read back with
//! `confine_core::input::error_log::parse`.
//!
//! Each test plays one scenario of `tests/support/scenarios/list.rs` (the
//! table: message, how nginx is made to write it, the cause confine reads):
//! a backend of the right kind on 127.0.0.1 (the HTTP/1.1-only backend,
//! scripted TCP peers that stall, close, reset or answer given bytes, a
//! second nginx with TLS or h2c, `openssl s_server`, a full accept queue, a
//! DNS server answering NXDOMAIN, a unix socket with mode 000, or a network
//! namespace with an unreachable route), the broken config, the requests
//! and the answers they must get. Then it parses the log nginx really
//! wrote and checks, per expected event, the message word for word, the
//! cause, level, phase and the client/server/request/upstream/host fields,
//! and that every line of the log is accounted for.
//!
//! Then, end to end: `confine check --error-log LOG --format json` on that
//! config and log must report the scenario's rule at the config line it
//! blames, with the log line and its cause; where confine fixes the cause,
//! `confine fix --error-log`'s config, run by the same nginx with the same
//! backend, must answer 200 to every request (and so must the scenario's
//! hand edit, for every cause a config change fixes).
//!
//! Free ports, bounded loops, every process stopped by its PID (the e2e
//! helpers). Without nginx the tests are skipped with a message unless
//! `CONFINE_REQUIRE_TOOLS` is set; the scenarios that need openssl or a
//! network namespace say so and are skipped where those are missing.

#[path = "support/e2e/mod.rs"]
#[allow(dead_code)]
mod e2e;
#[path = "support/scenarios/mod.rs"]
mod scenarios;

use confine_core::input::error_log::{ErrorLog, Level};
use scenarios::{list, Answer, LogSource, Outcome};

fn reproduce(name: &str) {
    let Some(bin) = e2e::nginx_or_skip(name) else {
        return;
    };
    let all = list::all();
    let s = all
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no scenario {name}"));
    let run = match scenarios::run(s, &bin) {
        Outcome::Ran(run) => run,
        Outcome::Skipped(why) => {
            eprintln!("[{name}] SKIPPED: {why}");
            return;
        }
    };
    let show = || {
        format!(
            "--- log ({}):\n{}--- config:\n{}",
            run.log_path.display(),
            run.log,
            run.config
        )
    };

    for (what, got, want) in &run.answers {
        assert_eq!(got, want, "[{name}] {what}: answer\n{}", show());
    }

    let log = run.parsed();
    let found = scenarios::find_expected(&log, &s.expect, &run.ctx)
        .unwrap_or_else(|e| panic!("[{name}] {e}\n{}", show()));

    // Every line is an event, part of one, ignored or blank.
    let in_events: usize = log.events.iter().map(|e| e.last_line - e.line + 1).sum();
    assert_eq!(
        in_events + log.ignored.len() + log.blank_lines,
        log.lines,
        "[{name}] lines unaccounted for\n{}",
        show()
    );
    match s.log {
        // A running nginx writes nothing the reader cannot read.
        LogSource::Front | LogSource::Backend => assert!(
            log.ignored.is_empty(),
            "[{name}] ignored lines {:?}\n{}",
            log.ignored,
            show()
        ),
        // `nginx -t` ends with "configuration file ... test failed".
        LogSource::ConfigTest { .. } => {
            assert_eq!(log.ignored.len(), 1, "[{name}] nginx -t output\n{}", show())
        }
    }
    if s.log == LogSource::Backend {
        let front = confine_core::input::error_log::parse(run.front_log.as_bytes());
        let errors: Vec<_> = front
            .events
            .iter()
            .filter(|e| e.level >= Level::Error)
            .map(|e| e.text.as_str())
            .collect();
        assert!(
            errors.is_empty(),
            "[{name}] the front logged errors: {errors:#?}"
        );
    }

    // A fixable cause: the hand edit, in the same nginx with the same
    // backend, turns every answer into 200 with no error logged.
    if let Some(fixed) = run.hand_fixed(s) {
        assert_heals(&run, s, &bin, "hand-fixed", "the hand fix", &fixed);
        eprintln!(
            "[{name}] FIXABLE: after the hand edit {:?}: every request 200",
            s.fix
        );
    }

    diagnose(&run, s, &bin, &log, found[s.about]);

    let first = &log.events[found[0]];
    let answers: Vec<String> = run
        .answers
        .iter()
        .map(|(what, got, _)| format!("{what} -> {}", answer(*got)))
        .collect();
    eprintln!(
        "[{name}] REPRODUCED: {} `{}` -> cause {} ({}); {}\n  how: {}\n  line {}: {}",
        first.level,
        first.message,
        first.cause.id(),
        s.blame,
        answers.join(", "),
        s.how,
        first.line,
        first.text
    );
}

/// `confine check --error-log` on the config and the log nginx wrote: the
/// scenario's rule at its blamed line, carrying the log line it is about;
/// when confine fixes the cause, `confine fix --error-log`'s config, run by
/// the same nginx with the same backend, answers 200 to every request, logs
/// no error, and a second fix changes nothing.
fn diagnose(
    run: &scenarios::Run,
    s: &scenarios::Scenario,
    bin: &std::path::Path,
    log: &ErrorLog,
    about: usize,
) {
    let name = s.name;
    let conf = &run.ctx.conf;
    let check = confine(&["check", "--format", "json"], &run.log_path, conf);
    assert!(
        matches!(check.status.code(), Some(0 | 1)),
        "[{name}] confine check failed: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&check.stdout)
        .unwrap_or_else(|e| panic!("[{name}] confine check's JSON: {e}"));
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let from_log: Vec<&serde_json::Value> =
        findings.iter().filter(|f| !f["log"].is_null()).collect();
    let summary = || {
        from_log
            .iter()
            .map(|f| {
                format!(
                    "  {} at line {}, log line {}: {}",
                    f["rule"], f["location"]["line"], f["log"]["line"], f["message"]
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let Some(rule) = s.rule else {
        assert!(
            from_log.is_empty(),
            "[{name}] confine should say nothing about this log, said:\n{}",
            summary()
        );
        eprintln!("[{name}] DIAGNOSIS: none (as expected)");
        return;
    };
    let event = &log.events[about];
    let conf_name = conf.display().to_string();
    let hit = from_log.iter().find(|f| {
        f["rule"] == rule
            && f["location"]["file"] == conf_name.as_str()
            && f["location"]["line"] == run.ctx.blame_line
            && f["log"]["line"] == event.line
    });
    let Some(hit) = hit else {
        panic!(
            "[{name}] no {rule} at {conf_name}:{} for log line {}; confine said:\n{}",
            run.ctx.blame_line,
            event.line,
            summary()
        );
    };
    assert_eq!(
        hit["log"]["cause"],
        event.cause.id(),
        "[{name}] the finding's cause"
    );
    assert_eq!(
        hit["log"]["text"],
        event.text.as_str(),
        "[{name}] the finding's log text"
    );
    // Exit 1 for a warning or an error finding (an info one alone: 0).
    let serious = findings
        .iter()
        .any(|f| f["severity"] == "error" || f["severity"] == "warning");
    assert_eq!(
        check.status.code(),
        Some(i32::from(serious)),
        "[{name}] confine check's exit code"
    );
    let fix = &hit["fix"];
    eprintln!(
        "[{name}] DIAGNOSIS: {rule} at line {} ({}), fix {}: {}",
        run.ctx.blame_line, s.blame, fix, hit["message"]
    );
    if !s.confine_fixes {
        assert!(
            fix.is_null(),
            "[{name}] confine offers a fix the table does not expect: {fix}"
        );
        return;
    }
    assert_eq!(fix["applicability"], "safe", "[{name}] {fix}");
    let fixed = confine(&["fix"], &run.log_path, conf);
    let text = String::from_utf8_lossy(&fixed.stdout).into_owned();
    assert!(
        matches!(fixed.status.code(), Some(0 | 1)) && text != run.config,
        "[{name}] confine fix --error-log changed nothing: {}",
        String::from_utf8_lossy(&fixed.stderr)
    );
    assert_heals(run, s, bin, "confine-fixed", "confine fix", &text);
    let again_conf = run.scratch.write("confine-fixed.check.conf", &text);
    let again = confine(&["fix"], &run.log_path, &again_conf);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        text,
        "[{name}] a second confine fix --error-log changed the fixed config"
    );
    eprintln!("[{name}] CONFINE FIXED: every request 200 after confine fix --error-log");
}

/// `confine ARGS --nginx-version 1.22.1 --error-log LOG CONF`.
/// `config` (saved as `label`), run by the same nginx with the same backend,
/// answers 200 to every request of the scenario and logs no error.
fn assert_heals(
    run: &scenarios::Run,
    s: &scenarios::Scenario,
    bin: &std::path::Path,
    label: &str,
    after_what: &str,
    config: &str,
) {
    let name = s.name;
    let (answers, after) = run.replay(s, bin, label, config);
    for (what, got) in &answers {
        assert_eq!(
            *got,
            Answer::Status(200),
            "[{name}] {what} after {after_what}\n--- log:\n{after}--- config:\n{config}"
        );
    }
    let errors: Vec<String> = confine_core::input::error_log::parse(after.as_bytes())
        .events
        .into_iter()
        .filter(|e| e.level >= Level::Error)
        .map(|e| e.text)
        .collect();
    assert!(
        errors.is_empty(),
        "[{name}] errors after {after_what}: {errors:#?}"
    );
}

fn confine(args: &[&str], log: &std::path::Path, conf: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_confine"))
        .args(args)
        .args(["--nginx-version", e2e::confine::TARGET, "--error-log"])
        .arg(log)
        .arg(conf)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run confine: {e}"))
}

fn answer(a: Answer) -> String {
    match a {
        Answer::Status(s) => s.to_string(),
        Answer::NoStatusLine => "HTTP/0.9 bytes".into(),
        Answer::Dropped => "connection dropped".into(),
    }
}

macro_rules! reproductions {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                reproduce($name);
            }
        )*
        const TESTED: &[&str] = &[$($name),*];
    };
}

reproductions! {
    grpc_to_http1 => "grpc-to-http1",
    grpc_invalid_header => "grpc-invalid-header",
    grpc_invalid_hpack => "grpc-invalid-hpack",
    grpc_rst_stream => "grpc-rst-stream",
    grpc_unexpected_frame => "grpc-unexpected-frame",
    grpc_prematurely_closed_stream => "grpc-prematurely-closed-stream",
    proxy_invalid_header => "proxy-invalid-header",
    proxy_to_not_http => "proxy-to-not-http",
    http_to_tls_alert => "http-to-tls-alert",
    http_to_tls_nginx => "http-to-tls-nginx",
    http_to_tls_s_server => "http-to-tls-s_server",
    https_to_plain => "https-to-plain",
    http_to_h2c => "http-to-h2c",
    proxy_header_too_big => "proxy-header-too-big",
    uwsgi_header_too_big => "uwsgi-header-too-big",
    fastcgi_header_too_big => "fastcgi-header-too-big",
    ssl_verify_error => "ssl-verify-error",
    ssl_name_mismatch => "ssl-name-mismatch",
    ssl_peer_closed => "ssl-peer-closed",
    ssl_peer_reset => "ssl-peer-reset",
    connect_timeout => "connect-timeout",
    ssl_handshake_timeout => "ssl-handshake-timeout",
    send_timeout => "send-timeout",
    read_header_timeout => "read-header-timeout",
    read_body_timeout => "read-body-timeout",
    grpc_read_timeout => "grpc-read-timeout",
    connection_refused => "connection-refused",
    fastcgi_connection_refused => "fastcgi-connection-refused",
    unix_socket_missing => "unix-socket-missing",
    fastcgi_unix_socket_missing => "fastcgi-unix-socket-missing",
    unix_socket_permission => "unix-socket-permission",
    no_live_upstreams => "no-live-upstreams",
    no_route_to_host => "no-route-to-host",
    network_unreachable => "network-unreachable",
    connection_reset => "connection-reset",
    prematurely_closed => "prematurely-closed",
    client_closed => "client-closed",
    invalid_chunked => "invalid-chunked",
    host_not_found => "host-not-found",
    host_not_found_upstream => "host-not-found-upstream",
    not_resolved => "not-resolved",
    resolver_down => "resolver-down",
    no_resolver => "no-resolver",
    client_body_too_large => "client-body-too-large",
    rewrite_cycle => "rewrite-cycle",
    try_files_cycle => "try-files-cycle",
    worker_connections => "worker-connections",
    worker_connections_reusing => "worker-connections-reusing",
    too_many_open_files => "too-many-open-files",
    response_buffered => "response-buffered",
    request_body_buffered => "request-body-buffered",
}

/// The list and the tests above name the same scenarios, once each.
#[test]
fn every_scenario_has_a_test() {
    let mut listed: Vec<&str> = list::all().iter().map(|s| s.name).collect();
    let mut tested = TESTED.to_vec();
    listed.sort_unstable();
    tested.sort_unstable();
    assert_eq!(listed, tested);
    let mut unique = listed.clone();
    unique.dedup();
    assert_eq!(unique, listed, "a scenario name is used twice");
}

/// docs/error-log.md lists every scenario by name.
#[test]
fn the_docs_list_every_scenario() {
    let docs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/error-log.md"
    ))
    .expect("docs/error-log.md");
    let missing: Vec<&str> = list::all()
        .iter()
        .map(|s| s.name)
        .filter(|n| !docs.contains(&format!("`{n}`")))
        .collect();
    assert!(missing.is_empty(), "docs/error-log.md lacks {missing:?}");
}
