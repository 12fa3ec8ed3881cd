//! Support for `tests/e2e_nginx.rs`: confine's fixes proven against a real
//! nginx and a real HTTP/1.1-only backend, all on 127.0.0.1.

pub mod backend;
pub mod client;
pub mod confine;
pub mod nginx;

use std::path::PathBuf;

use backend::Backend;
use nginx::{ConfigTest, Nginx, Scratch};

/// Sequential requests per measurement.
pub const N: usize = 20;
/// Backend connections for N requests without keep-alive: at least this many.
pub const NO_REUSE_AT_LEAST: usize = 15;
/// Backend connections for N requests with keep-alive: at most this many.
pub const REUSE_AT_MOST: usize = 3;

/// The nginx binary, or `None` when the test is to be skipped (no nginx and
/// no `CONFINE_REQUIRE_TOOLS`).
pub fn nginx_or_skip(test: &str) -> Option<PathBuf> {
    match nginx::binary() {
        Some(bin) => Some(bin),
        None if std::env::var_os("CONFINE_REQUIRE_TOOLS").is_some() => {
            panic!("{test}: nginx not found (CONFINE_NGINX, /usr/sbin/nginx, PATH) and CONFINE_REQUIRE_TOOLS is set")
        }
        None => {
            eprintln!(
                "{test}: SKIPPED: nginx not found (install Debian's nginx, or set CONFINE_NGINX)"
            );
            None
        }
    }
}

/// One scenario: its own scratch prefix, backend and nginx port.
pub struct Scenario {
    pub name: &'static str,
    pub bin: PathBuf,
    pub backend: Backend,
    /// The port nginx listens on (may change once on a port conflict).
    pub port: u16,
    // Declared last: dropped after the backend and any nginx of the test.
    pub scratch: Scratch,
}

impl Scenario {
    pub fn new(name: &'static str, bin: PathBuf) -> Scenario {
        eprintln!("[{name}] {}", nginx::version(&bin));
        Scenario {
            name,
            bin,
            backend: Backend::start().expect("cannot start the backend"),
            port: nginx::free_port(),
            scratch: Scratch::new(name),
        }
    }

    /// A whole nginx config around `http_body` (inside `http {}`).
    pub fn config(&self, http_body: &str) -> String {
        nginx::config(self.scratch.path(), http_body)
    }

    /// `nginx -t` on `text` (written as PHASE.conf).
    pub fn nginx_test(&self, phase: &str, text: &str) -> ConfigTest {
        let conf = self.scratch.write(&format!("{phase}.conf"), text);
        nginx::test_config(&self.bin, self.scratch.path(), &conf)
    }

    /// Start nginx with `text`; panics with what nginx said if it cannot.
    pub fn start(&mut self, phase: &str, text: &str) -> Nginx {
        match Nginx::start(&self.bin, &self.scratch, phase, text, self.port) {
            Ok(n) => {
                self.port = n.port();
                n
            }
            Err(e) => panic!("[{}] {phase}: {e}", self.name),
        }
    }

    /// `confine check` on `text`: its output and the rule ids it found.
    pub fn check(&self, phase: &str, text: &str, extra: &[&str]) -> (confine::Output, Vec<String>) {
        let file = self.scratch.write(&format!("{phase}.check.conf"), text);
        let out = confine::run("check", extra, &file);
        assert!(
            matches!(out.code, Some(0 | 1)),
            "[{}] confine check failed to run on:\n{text}\n{out}",
            self.name
        );
        let rules = confine::rules(&out.stdout);
        (out, rules)
    }

    /// `confine fix` on `text` and the checks every fixed config must pass:
    /// it differs from the input, `nginx -t` accepts it, `confine check` no
    /// longer reports any of `fixed_rules`, and `confine fix` on it changes
    /// nothing. Returns the fixed config.
    pub fn fix(&self, phase: &str, text: &str, extra: &[&str], fixed_rules: &[&str]) -> String {
        let name = self.name;
        let file = self.scratch.write(&format!("{phase}.conf"), text);
        let out = confine::run("fix", extra, &file);
        assert!(
            matches!(out.code, Some(0 | 1)),
            "[{name}] confine fix failed:\n{out}"
        );
        let fixed = out.stdout.clone();
        assert_ne!(fixed, text, "[{name}] confine fix changed nothing:\n{out}");
        let diff = confine::run("fix", &[extra, &["--diff"]].concat(), &file);
        eprintln!(
            "[{name}] confine fix --diff (exit {:?}):\n{}",
            out.code, diff.stdout
        );

        let t = self.nginx_test(&format!("{phase}.fixed"), &fixed);
        assert!(
            t.ok,
            "[{name}] nginx -t rejects confine's fixed config:\n{}\n--- fixed config:\n{fixed}",
            t.output
        );

        let (check, rules) = self.check(&format!("{phase}.fixed"), &fixed, extra);
        for rule in fixed_rules {
            assert!(
                !rules.iter().any(|r| r == rule),
                "[{name}] confine check still reports {rule} on the fixed config:\n{check}\n--- fixed config:\n{fixed}"
            );
        }

        let again_file = self.scratch.write(&format!("{phase}.fixed.conf"), &fixed);
        let again = confine::run("fix", extra, &again_file);
        assert_eq!(
            again.stdout, fixed,
            "[{name}] confine fix is not idempotent: a second run changed the fixed config\n{again}"
        );
        let again_diff = confine::run("fix", &[extra, &["--diff"]].concat(), &again_file);
        assert_eq!(
            again_diff.stdout, "",
            "[{name}] confine fix --diff on the fixed config is not empty"
        );
        fixed
    }

    /// N sequential `GET path` through `nginx`; asserts every status is
    /// `expect` and returns the TCP connections the backend accepted for them.
    pub fn measure(&self, nginx: &Nginx, phase: &str, path: &str, expect: u16) -> usize {
        self.backend.reset();
        let statuses = client::get_many(nginx.port(), path, N);
        let connections = self.backend.connections();
        eprintln!(
            "[{}] {phase}: GET {path} x{N}: statuses {:?}; backend accepted {connections} connection(s), \
             answered {} HTTP/1.x request(s), refused {} non-HTTP/1 connection(s)",
            self.name,
            summarize(&statuses),
            self.backend.requests(),
            self.backend.rejected()
        );
        assert!(
            statuses.iter().all(|&s| s == expect),
            "[{}] {phase}: expected {expect} for every GET {path}, got {statuses:?}\n--- error.log:\n{}\n--- config:\n{}",
            self.name,
            self.scratch.read_error_log(),
            nginx.config
        );
        connections
    }

    /// The error.log lines at level `[error]` or worse.
    pub fn error_lines(&self) -> Vec<String> {
        self.scratch
            .read_error_log()
            .lines()
            .filter(|l| {
                ["[error]", "[crit]", "[alert]", "[emerg]"]
                    .iter()
                    .any(|lvl| l.contains(lvl))
            })
            .map(str::to_string)
            .collect()
    }
}

/// `[200 x 20]`-style summary of statuses.
fn summarize(statuses: &[u16]) -> Vec<String> {
    let mut out: Vec<(u16, usize)> = Vec::new();
    for &s in statuses {
        match out.last_mut() {
            Some((last, n)) if *last == s => *n += 1,
            _ => out.push((s, 1)),
        }
    }
    out.into_iter().map(|(s, n)| format!("{s} x{n}")).collect()
}

/// The usual upstream: the scenario's backend, with a keep-alive cache.
pub fn upstream_pool(backend_port: u16) -> String {
    format!(
        "    upstream pool {{
        server 127.0.0.1:{backend_port};
        keepalive 8;
    }}
"
    )
}
