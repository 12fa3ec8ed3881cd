//! Per-cause scenarios for the error log: each one makes the installed nginx
//! (Debian's 1.22.1) write one of the messages `confine_core::input::
//! error_log` knows, for real, on 127.0.0.1 with free ports.
//!
//! A scenario is data: the backend it needs, the broken config, the
//! requests to send and the answers they get, which log to read, the events
//! that log must hold, the config line a diagnosis must point at, and
//! whether confine can fix it. [`run`] plays it: it starts the backend and
//! nginx, sends the requests, waits (bounded) until the last expected
//! message is in the log, stops every process by its PID and returns the
//! config and the log nginx really wrote. `tests/error_log_nginx.rs` checks
//! the reader on each log; the end-to-end test checks `confine check|fix
//! --error-log` on the same runs.
//!
//! Templates (the config, messages, upstream fields) use placeholders that
//! [`Ctx::fill`] replaces: `{port}` (nginx), `{prefix}` (the scratch
//! directory), `{conf}` (the config file), `{backend}` and `{aux}` (backend
//! ports), `{socket}`, `{dns}`, `{cert}`/`{key}` (the backend's certificate)
//! and `{other_cert}` (an unrelated one), `{blame_line}`.

#![allow(dead_code)]

pub mod dns;
pub mod list;
pub mod peer;
pub mod process;

use std::any::Any;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

use confine_core::input::error_log::{self, ErrorLog, Event, Level, Phase};

use crate::e2e::backend::Backend as Http1Backend;
use crate::e2e::nginx::{config as nginx_config, free_port, Nginx, Scratch};
use peer::{FullQueue, LockedSocket, Peer, Script};

/// The name every scenario's server answers to, and the `Host` it is asked.
pub const HOST: &str = "app.test";

/// How long the runner waits for the last expected message: 100 × 100 ms.
const LOG_TRIES: usize = 100;

// ---------------------------------------------------------------------------
// Data types

/// One reproduction.
pub struct Scenario {
    pub name: &'static str,
    /// How nginx is made to write the message, in a line (the table's
    /// "how produced" column).
    pub how: &'static str,
    pub backend: Backend,
    /// Lines for the main context (`worker_rlimit_nofile 12;`).
    pub main: &'static str,
    pub worker_connections: u32,
    /// The broken config inside `http {}` (a template).
    pub http: &'static str,
    pub sends: Vec<Send>,
    pub log: LogSource,
    /// The events the log must hold, in this order (others may come
    /// between them). The first is the one a diagnosis is about.
    pub expect: Vec<Expect>,
    /// Text of the config line a diagnosis must point at (it occurs once).
    pub blame: &'static str,
    /// The edit that fixes it by hand, when the cause is one a config
    /// change fixes with the same backend (proven in the test: after it,
    /// every request gets 200).
    pub fix: Option<Edit>,
    /// The rule `confine check --error-log` must report at `blame` for the
    /// event `expect[about]`; `None`: confine says nothing about this log.
    pub rule: Option<&'static str>,
    pub about: usize,
    /// `confine fix --error-log` fixes it (a safe fix; then every request
    /// gets 200 with the same backend).
    pub confine_fixes: bool,
}

impl Scenario {
    /// A config change fixes it with the same backend.
    pub fn fixable(&self) -> bool {
        self.fix.is_some()
    }
}

/// Replace the one occurrence of `from` by `to` (templates).
#[derive(Clone, Copy, Debug)]
pub struct Edit {
    pub from: &'static str,
    pub to: &'static str,
}

/// What the scenario needs besides nginx.
#[derive(Clone, Debug)]
pub enum Backend {
    /// Nothing.
    None,
    /// The HTTP/1.1-only backend of the e2e tests (200, or 400 to anything
    /// that is not HTTP/1.x, such as grpc's HTTP/2 preface).
    Http1,
    /// A scripted TCP peer.
    Peer(Script),
    /// A TLS-only server: nginx with `listen ssl`, behind a peer that
    /// answers bytes that are not TLS with a TLS alert (`{backend}`; the
    /// nginx on `{aux}`).
    TlsOrAlert,
    /// A second nginx that speaks TLS only (`listen ssl`, certificate for
    /// `backend.test`); its own error log is the backend log.
    TlsNginx,
    /// `openssl s_server -www`, TLS only.
    SServer,
    /// A second nginx with a cleartext `listen PORT http2` (h2c only).
    H2cNginx,
    /// Free ports nothing listens on (`{backend}`, `{aux}`).
    Closed,
    /// A listener whose accept queue is full.
    FullQueue,
    /// `{socket}` names no file.
    UnixMissing,
    /// `{socket}` listens, mode 000.
    UnixLocked,
    /// A DNS server answering NXDOMAIN (`{dns}`).
    NxDns,
    /// A UDP port nothing listens on (`{dns}`).
    ClosedUdp,
    /// nginx runs in a network namespace where 192.0.2.0/24 is an
    /// `unreachable` route and nothing but loopback exists.
    Unreachable,
}

/// A request, or a connection, the scenario makes; each with `Host:
/// app.test` and `Connection: close`.
#[derive(Clone, Debug)]
pub enum Send {
    /// `GET path`; its answer must be `expect`.
    Get { path: &'static str, expect: Answer },
    /// `POST path` with a body of `bytes` bytes.
    Post {
        path: &'static str,
        bytes: usize,
        expect: Answer,
    },
    /// `GET path`, the answer left unread until the scenario ends.
    Start(&'static str),
    /// `n` connections that send nothing, held until the scenario ends.
    Hold(usize),
    /// `GET path`, then close the connection once nginx has taken the
    /// request to the backend.
    Abandon(&'static str),
}

/// What a client got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Status(u16),
    /// Bytes without a status line: nginx passed the upstream's bytes on
    /// as an HTTP/0.9 answer.
    NoStatusLine,
    /// The connection was closed or reset without a byte.
    Dropped,
}

/// Which log holds the events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogSource {
    /// The error log of the nginx under test.
    Front,
    /// The error log of the nginx that is the backend; the front logs no
    /// error at all.
    Backend,
    /// What `nginx -t` printed; `error_log_file`: with `-e FILE`, so that
    /// the startup log is a file and stderr gets `nginx: [level] ...` lines
    /// (Debian's nginx logs to stderr itself, in the error-log format).
    ConfigTest { error_log_file: bool },
}

/// An event the log must hold.
#[derive(Clone, Debug)]
pub struct Expect {
    pub level: Level,
    /// `Cause::id()`.
    pub cause: &'static str,
    /// `Event::message`, exactly (a template).
    pub message: &'static str,
    pub phase: Option<Phase>,
    /// Whether nginx wrote a `*N` connection number.
    pub connection: bool,
    pub client: Option<&'static str>,
    pub server: Option<&'static str>,
    pub request: Option<&'static str>,
    pub upstream: Option<&'static str>,
    pub host: Option<&'static str>,
    /// Other fields (`resolver`), templates.
    pub other: Vec<(&'static str, &'static str)>,
}

/// An event without a connection or fields.
pub fn event(level: Level, cause: &'static str, message: &'static str) -> Expect {
    Expect {
        level,
        cause,
        message,
        phase: None,
        connection: false,
        client: None,
        server: None,
        request: None,
        upstream: None,
        host: None,
        other: Vec::new(),
    }
}

impl Expect {
    /// The event of a request to the scenario's server: `*N`, `client:
    /// 127.0.0.1, server: app.test, request: "LINE"` and `host: "app.test"`.
    pub fn at(mut self, request: &'static str) -> Expect {
        self.connection = true;
        self.client = Some("127.0.0.1");
        self.server = Some(HOST);
        self.request = Some(request);
        self.host = Some(HOST);
        self
    }

    pub fn phase(mut self, phase: Phase) -> Expect {
        self.phase = Some(phase);
        self
    }

    pub fn upstream(mut self, upstream: &'static str) -> Expect {
        self.upstream = Some(upstream);
        self
    }

    pub fn server(mut self, server: &'static str) -> Expect {
        self.server = Some(server);
        self
    }

    pub fn host(mut self, host: &'static str) -> Expect {
        self.host = Some(host);
        self
    }

    pub fn connection(mut self) -> Expect {
        self.connection = true;
        self
    }

    pub fn client(mut self, client: &'static str) -> Expect {
        self.client = Some(client);
        self
    }

    /// The request line alone (a request to another server than the
    /// scenario's).
    pub fn request_line(mut self, request: &'static str) -> Expect {
        self.request = Some(request);
        self
    }

    pub fn field(mut self, key: &'static str, value: &'static str) -> Expect {
        self.other.push((key, value));
        self
    }
}

/// The values of a run's placeholders.
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    pub port: u16,
    pub prefix: PathBuf,
    pub conf: PathBuf,
    pub backend: u16,
    pub aux: u16,
    pub socket: PathBuf,
    pub dns: u16,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub other_cert: PathBuf,
    pub blame_line: usize,
}

impl Ctx {
    /// `template` with every placeholder replaced; panics on one left over,
    /// so that a typo in a scenario cannot pass unnoticed.
    pub fn fill(&self, template: &str) -> String {
        let pairs: [(&str, String); 11] = [
            ("{port}", self.port.to_string()),
            ("{prefix}", self.prefix.display().to_string()),
            ("{conf}", self.conf.display().to_string()),
            ("{backend}", self.backend.to_string()),
            ("{aux}", self.aux.to_string()),
            ("{socket}", self.socket.display().to_string()),
            ("{dns}", self.dns.to_string()),
            ("{cert}", self.cert.display().to_string()),
            ("{key}", self.key.display().to_string()),
            ("{other_cert}", self.other_cert.display().to_string()),
            ("{blame_line}", self.blame_line.to_string()),
        ];
        let mut out = template.to_string();
        for (k, v) in &pairs {
            out = out.replace(k, v);
        }
        let left = out.match_indices('{').find(|&(i, _)| {
            let word = out[i + 1..].split('}').next().unwrap_or("");
            out[i + 1..].contains('}')
                && !word.is_empty()
                && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        });
        if let Some((i, _)) = left {
            panic!("unknown placeholder at {:?} in:\n{out}", &out[i..]);
        }
        out
    }
}

/// A played scenario: the config nginx ran and the log it wrote.
pub struct Run {
    pub ctx: Ctx,
    pub config: String,
    /// The log the scenario's events are in.
    pub log_path: PathBuf,
    pub log: String,
    /// The front nginx's error log (for `LogSource::Backend`, to show that it
    /// has no error).
    pub front_log: String,
    /// The answer to each `Send::Get`/`Send::Post`, in order, with what was
    /// expected.
    pub answers: Vec<(String, Answer, Answer)>,
    /// The backends, still running, for a replay with another config
    /// (dropped first: declared before the scratch directories).
    keep: Keep,
    probe: Option<Probe>,
    backend_scratch: Option<Scratch>,
    pub scratch: Scratch,
}

impl Run {
    /// `s.fix` applied to the config nginx ran (`None` when not fixable).
    pub fn hand_fixed(&self, s: &Scenario) -> Option<String> {
        let edit = s.fix?;
        let (from, to) = (self.ctx.fill(edit.from), self.ctx.fill(edit.to));
        let n = self.config.matches(&from).count();
        assert_eq!(
            n, 1,
            "[{}] the fix's text {from:?} occurs {n} times",
            s.name
        );
        Some(self.config.replacen(&from, &to, 1))
    }

    /// Run `config` (which listens where the broken one did) with the same
    /// backends and send the scenario's requests again: each request's
    /// answer, and the error log of that run.
    pub fn replay(
        &self,
        s: &Scenario,
        bin: &Path,
        phase: &str,
        config: &str,
    ) -> (Vec<(String, Answer)>, String) {
        self.scratch.clear_error_log();
        let nginx = Nginx::start(bin, &self.scratch, phase, config, self.ctx.port)
            .unwrap_or_else(|e| panic!("[{}] {phase}: {e}", s.name));
        let mut held = Vec::new();
        let answers = send_all(nginx.port(), &s.sends, self.probe.as_ref(), &mut held);
        nginx.stop();
        drop(held);
        let answers = answers
            .into_iter()
            .map(|(what, got, _)| (what, got))
            .collect();
        (answers, self.scratch.read_error_log())
    }

    pub fn parsed(&self) -> ErrorLog {
        error_log::parse(self.log.as_bytes())
    }

    /// The 1-based line of the config that holds `blame`.
    pub fn blame_line(&self) -> usize {
        self.ctx.blame_line
    }
}

/// Why a scenario did not run.
pub enum Outcome {
    Ran(Box<Run>),
    Skipped(String),
}

// ---------------------------------------------------------------------------
// The config

/// The whole config: one worker, logs and temp paths inside the prefix.
pub fn config(s: &Scenario, ctx: &Ctx) -> String {
    let p = ctx.prefix.display();
    let main = if s.main.is_empty() {
        String::new()
    } else {
        format!("{}\n", s.main)
    };
    let text = format!(
        "worker_processes 1;
{main}error_log {p}/error.log info;
pid {p}/nginx.pid;

events {{
    worker_connections {wc};
}}

http {{
    access_log off;
    client_body_temp_path {p}/client_body_temp;
    proxy_temp_path {p}/proxy_temp;
    fastcgi_temp_path {p}/fastcgi_temp;
    uwsgi_temp_path {p}/uwsgi_temp;
    scgi_temp_path {p}/scgi_temp;
{http}}}
",
        wc = s.worker_connections,
        http = s.http,
    );
    ctx.fill(&text)
}

/// The line (1-based) of the one line of `config` holding `blame`.
pub fn line_of(config: &str, blame: &str) -> Result<usize, String> {
    let hits: Vec<usize> = config
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(blame))
        .map(|(i, _)| i + 1)
        .collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("no line holds {blame:?}")),
        more => Err(format!("{blame:?} is on lines {more:?}, not on one")),
    }
}

// ---------------------------------------------------------------------------
// Playing a scenario

/// What the runner keeps alive while nginx runs.
type Keep = Vec<Box<dyn Any>>;

/// The connections a scripted backend has accepted so far.
type Probe = Box<dyn Fn() -> usize + std::marker::Send + Sync>;

/// How long `Send::Start` waits for the backend's connection: 500 × 10 ms.
const PROBE_TRIES: usize = 500;

/// Play `s` with the nginx at `bin`.
pub fn run(s: &Scenario, bin: &Path) -> Outcome {
    let scratch = Scratch::new(&format!("log-{}", s.name));
    let mut ctx = Ctx {
        port: free_port(),
        prefix: scratch.path().to_path_buf(),
        conf: scratch.path().join("broken.conf"),
        ..Ctx::default()
    };
    let mut keep: Keep = Vec::new();
    let mut probe: Option<Probe> = None;
    let backend_scratch = match start_backend(s, bin, &scratch, &mut ctx, &mut keep, &mut probe) {
        Ok(b) => b,
        Err(Skip(why)) => return Outcome::Skipped(why),
    };
    let mut text = config(s, &ctx);
    ctx.blame_line = line_of(&text, &ctx.fill(s.blame))
        .unwrap_or_else(|e| panic!("[{}] blame: {e}\n{text}", s.name));

    if let LogSource::ConfigTest { error_log_file } = s.log {
        scratch.write("broken.conf", &text);
        let output = config_test(bin, &ctx, error_log_file);
        let log_path = scratch.write("nginx-t.log", &output);
        return Outcome::Ran(Box::new(Run {
            ctx,
            config: text,
            log_path,
            log: output,
            front_log: String::new(),
            answers: Vec::new(),
            keep,
            probe,
            backend_scratch,
            scratch,
        }));
    }

    let answers = if matches!(s.backend, Backend::Unreachable) {
        scratch.write("broken.conf", &text);
        let mut guard =
            match process::nginx_in_netns(bin, &ctx.prefix, &ctx.conf, &["192.0.2.0/24"]) {
                Ok(g) => g,
                Err(e) => panic!("[{}] {e}", s.name),
            };
        let pid = guard.pid().expect("a running nginx has a pid");
        let port = ctx.port;
        let sends = s.sends.clone();
        let res = process::in_netns_of(pid, || -> Result<Vec<(String, Answer, Answer)>, String> {
            process::wait_listening(port, &mut guard)?;
            let mut held = Vec::new();
            let answers = send_all(port, &sends, probe.as_ref(), &mut held);
            wait_logged(s, &ctx, &ctx.prefix.join("error.log"));
            Ok(answers)
        });
        drop(guard);
        match res.and_then(|r| r) {
            Ok(a) => a,
            Err(e) => panic!(
                "[{}] {e}\n{}",
                s.name,
                std::fs::read_to_string(ctx.prefix.join("netns.stderr")).unwrap_or_default()
            ),
        }
    } else {
        let nginx = match Nginx::start(bin, &scratch, "broken", &text, ctx.port) {
            Ok(n) => n,
            Err(e) => panic!("[{}] {e}", s.name),
        };
        if nginx.port() != ctx.port {
            ctx.port = nginx.port();
            text = nginx.config.clone();
        }
        let mut held = Vec::new();
        let answers = send_all(ctx.port, &s.sends, probe.as_ref(), &mut held);
        let log_file = match (&s.log, &backend_scratch) {
            (LogSource::Backend, Some(b)) => b.error_log(),
            _ => scratch.error_log(),
        };
        wait_logged(s, &ctx, &log_file);
        nginx.stop();
        drop(held);
        answers
    };

    let front_log = scratch.read_error_log();
    let (log_path, log) = match (&s.log, &backend_scratch) {
        (LogSource::Backend, Some(b)) => {
            let log = b.read_error_log();
            // Kept beside the front's files, for the end-to-end test.
            (scratch.write("backend-error.log", &log), log)
        }
        // A copy: a replay writes error.log anew.
        _ => (
            scratch.write("broken-error.log", &front_log),
            front_log.clone(),
        ),
    };
    Outcome::Ran(Box::new(Run {
        ctx,
        config: text,
        log_path,
        log,
        front_log,
        answers,
        keep,
        probe,
        backend_scratch,
        scratch,
    }))
}

struct Skip(String);

/// Start what `s.backend` needs, fill its placeholders; a second nginx gets
/// a scratch of its own, returned (its log is the backend log).
fn start_backend(
    s: &Scenario,
    bin: &Path,
    scratch: &Scratch,
    ctx: &mut Ctx,
    keep: &mut Keep,
    probe: &mut Option<Probe>,
) -> Result<Option<Scratch>, Skip> {
    let name = s.name;
    let fail = |what: &str, e: &dyn std::fmt::Display| -> ! { panic!("[{name}] {what}: {e}") };
    match &s.backend {
        Backend::None => {}
        Backend::Http1 => {
            let b = Http1Backend::start().unwrap_or_else(|e| fail("HTTP/1.1 backend", &e));
            ctx.backend = b.port();
            keep.push(Box::new(b));
        }
        Backend::Peer(script) => {
            let p = Peer::start(script.clone()).unwrap_or_else(|e| fail("peer", &e));
            ctx.backend = p.port();
            *probe = Some(Box::new(p.counter()));
            keep.push(Box::new(p));
        }
        Backend::TlsOrAlert | Backend::TlsNginx | Backend::SServer => {
            certificates(s, scratch, ctx)?;
            if matches!(s.backend, Backend::SServer) {
                ctx.backend = free_port();
                let g = process::s_server(
                    &process::Cert {
                        cert: ctx.cert.clone(),
                        key: ctx.key.clone(),
                    },
                    ctx.backend,
                    &scratch.path().join("s_server.log"),
                )
                .unwrap_or_else(|e| fail("openssl s_server", &e));
                keep.push(Box::new(g));
                return Ok(None);
            }
            let b = Scratch::new(&format!("log-{name}-backend"));
            let port = free_port();
            let body = "
    server {
        listen 127.0.0.1:{aux} ssl;
        server_name backend.test;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        location / {
            return 200 \"tls backend\\n\";
        }
    }
";
            ctx.aux = port;
            let text = ctx.fill(&nginx_config(b.path(), body));
            let n = Nginx::start(bin, &b, "backend", &text, port)
                .unwrap_or_else(|e| fail("TLS backend nginx", &e));
            ctx.aux = n.port();
            if matches!(s.backend, Backend::TlsOrAlert) {
                let p = Peer::start(Script::TlsOrAlert { tls_port: ctx.aux })
                    .unwrap_or_else(|e| fail("peer", &e));
                ctx.backend = p.port();
                keep.push(Box::new(p));
            } else {
                ctx.backend = ctx.aux;
            }
            keep.push(Box::new(n));
            return Ok(Some(b));
        }
        Backend::H2cNginx => {
            let b = Scratch::new(&format!("log-{name}-backend"));
            let port = free_port();
            let body = "
    server {
        listen 127.0.0.1:{backend} http2;
        location / {
            return 200 \"h2c backend\\n\";
        }
    }
";
            ctx.backend = port;
            let text = ctx.fill(&nginx_config(b.path(), body));
            let n = Nginx::start(bin, &b, "backend", &text, port)
                .unwrap_or_else(|e| fail("h2c backend nginx", &e));
            ctx.backend = n.port();
            keep.push(Box::new(n));
            return Ok(Some(b));
        }
        Backend::Closed => {
            ctx.backend = free_port();
            ctx.aux = loop {
                let p = free_port();
                if p != ctx.backend {
                    break p;
                }
            };
        }
        Backend::FullQueue => {
            let q = FullQueue::start().unwrap_or_else(|e| fail("full accept queue", &e));
            ctx.backend = q.port();
            keep.push(Box::new(q));
        }
        Backend::UnixMissing => ctx.socket = scratch.path().join("app.sock"),
        Backend::UnixLocked => {
            ctx.socket = scratch.path().join("app.sock");
            let l = LockedSocket::bind(&ctx.socket).unwrap_or_else(|e| fail("unix socket", &e));
            keep.push(Box::new(l));
        }
        Backend::NxDns => {
            let d = dns::NxDomain::start().unwrap_or_else(|e| fail("DNS server", &e));
            ctx.dns = d.port();
            keep.push(Box::new(d));
        }
        Backend::ClosedUdp => {
            let u = UdpSocket::bind("127.0.0.1:0").unwrap_or_else(|e| fail("UDP port", &e));
            ctx.dns = u
                .local_addr()
                .unwrap_or_else(|e| fail("UDP port", &e))
                .port();
        }
        Backend::Unreachable => {
            if !process::can_netns() {
                return Err(Skip(
                    "no network namespace with routes here (needs root, unshare and ip)".into(),
                ));
            }
        }
    }
    Ok(None)
}

/// The backend's certificate (`backend.test`) and an unrelated one, made
/// with openssl.
fn certificates(s: &Scenario, scratch: &Scratch, ctx: &mut Ctx) -> Result<(), Skip> {
    if !process::have_openssl() {
        if std::env::var_os("CONFINE_REQUIRE_TOOLS").is_some() {
            panic!(
                "[{}] openssl not found and CONFINE_REQUIRE_TOOLS is set",
                s.name
            );
        }
        return Err(Skip("openssl not found (Debian's openssl package)".into()));
    }
    let backend = process::self_signed(scratch.path(), "backend", "backend.test")
        .unwrap_or_else(|e| panic!("[{}] {e}", s.name));
    let other = process::self_signed(scratch.path(), "other", "other-ca.test")
        .unwrap_or_else(|e| panic!("[{}] {e}", s.name));
    ctx.cert = backend.cert;
    ctx.key = backend.key;
    ctx.other_cert = other.cert;
    Ok(())
}

/// `nginx -t`, in a network namespace of its own when this process may
/// make one (so that no name is looked up on the network), else as is.
fn config_test(bin: &Path, ctx: &Ctx, error_log_file: bool) -> String {
    let mut cmd = if process::can_netns() {
        let mut c = Command::new("unshare");
        c.arg("-n").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    if error_log_file {
        cmd.arg("-e").arg(ctx.prefix.join("startup.log"));
    }
    let out = cmd
        .arg("-t")
        .arg("-p")
        .arg(format!("{}/", ctx.prefix.display()))
        .arg("-c")
        .arg(&ctx.conf)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run nginx -t: {e}"));
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Send every request in order; connections that must stay open go to
/// `held`. Returns (what, got, expected) for each request with an answer.
fn send_all(
    port: u16,
    sends: &[Send],
    probe: Option<&Probe>,
    held: &mut Vec<TcpStream>,
) -> Vec<(String, Answer, Answer)> {
    let mut answers = Vec::new();
    for send in sends {
        match send {
            Send::Get { path, expect } => {
                let got = exchange(port, "GET", path, 0);
                answers.push((format!("GET {path}"), got, *expect));
            }
            Send::Post {
                path,
                bytes,
                expect,
            } => {
                let got = exchange(port, "POST", path, *bytes);
                answers.push((format!("POST {path} ({bytes} bytes)"), got, *expect));
            }
            Send::Start(path) | Send::Abandon(path) => {
                let before = probe.map(|p| p());
                let Ok(mut s) = connect(port) else {
                    continue;
                };
                if s.write_all(head("GET", path, 0).as_bytes()).is_err() {
                    continue;
                }
                // Until nginx has taken the request to the backend (its
                // connection is then busy, not an idle one nginx may reuse).
                if let (Some(p), Some(before)) = (probe, before) {
                    for _ in 0..PROBE_TRIES {
                        if p() > before {
                            break;
                        }
                        thread::sleep(Duration::from_millis(10));
                    }
                }
                if matches!(send, Send::Start(_)) {
                    held.push(s);
                }
            }
            Send::Hold(n) => {
                for _ in 0..*n {
                    if let Ok(s) = connect(port) {
                        held.push(s);
                    }
                }
            }
        }
    }
    answers
}

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let s = TcpStream::connect_timeout(
        &SocketAddr::from(([127, 0, 0, 1], port)),
        Duration::from_secs(2),
    )?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    s.set_write_timeout(Some(Duration::from_secs(10)))?;
    Ok(s)
}

fn head(method: &str, path: &str, body: usize) -> String {
    let length = if method == "POST" {
        format!("Content-Length: {body}\r\n")
    } else {
        String::new()
    };
    format!("{method} {path} HTTP/1.1\r\nHost: {HOST}\r\n{length}Connection: close\r\n\r\n")
}

/// One request on a fresh connection; the body is written in pieces and a
/// write that fails (nginx answered early, e.g. 413) stops it.
fn exchange(port: u16, method: &str, path: &str, body: usize) -> Answer {
    let Ok(mut s) = connect(port) else {
        return Answer::Dropped;
    };
    if s.write_all(head(method, path, body).as_bytes()).is_err() {
        return read_answer(&mut s);
    }
    let piece = vec![b'x'; 64 * 1024];
    let mut left = body;
    while left > 0 {
        let n = left.min(piece.len());
        if s.write_all(&piece[..n]).is_err() {
            break;
        }
        left -= n;
    }
    read_answer(&mut s)
}

fn read_answer(s: &mut TcpStream) -> Answer {
    let mut got = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    if got.is_empty() {
        return Answer::Dropped;
    }
    let status = got
        .strip_prefix(b"HTTP/1.1 ")
        .or_else(|| got.strip_prefix(b"HTTP/1.0 "))
        .and_then(|rest| rest.get(..3))
        .and_then(|c| std::str::from_utf8(c).ok())
        .and_then(|c| c.parse().ok());
    status.map_or(Answer::NoStatusLine, Answer::Status)
}

/// Wait until the log holds the scenario's last expected message (bounded).
fn wait_logged(s: &Scenario, ctx: &Ctx, log: &Path) {
    let Some(last) = s.expect.last() else {
        return;
    };
    let want = ctx.fill(last.message);
    for _ in 0..LOG_TRIES {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let log = error_log::parse(text.as_bytes());
        if log.events.iter().any(|e| e.message == want) {
            return;
        }
        thread::sleep(Duration::from_millis(100));
    }
    eprintln!(
        "[{}] waited {} ms for {want:?}: not logged",
        s.name,
        LOG_TRIES * 100
    );
}

// ---------------------------------------------------------------------------
// Checking a log against the expected events

/// Find each expected event, in order, in `log`; the index of each in
/// `log.events`, or what did not match.
pub fn find_expected(log: &ErrorLog, expect: &[Expect], ctx: &Ctx) -> Result<Vec<usize>, String> {
    let mut found = Vec::new();
    let mut from = 0;
    for x in expect {
        let message = ctx.fill(x.message);
        let Some(i) = (from..log.events.len()).find(|&i| log.events[i].message == message) else {
            return Err(format!(
                "no event with the message {message:?} (after event {from})"
            ));
        };
        check_event(&log.events[i], x, ctx).map_err(|e| format!("{message:?}: {e}"))?;
        found.push(i);
        from = i + 1;
    }
    Ok(found)
}

/// Every part of `e` that `x` pins.
pub fn check_event(e: &Event, x: &Expect, ctx: &Ctx) -> Result<(), String> {
    let mut wrong = Vec::new();
    let mut check = |what: &str, got: String, want: String| {
        if got != want {
            wrong.push(format!("{what}: got {got}, want {want}"));
        }
    };
    check("level", e.level.to_string(), x.level.to_string());
    check("cause", e.cause.id().to_string(), x.cause.to_string());
    check("phase", format!("{:?}", e.phase), format!("{:?}", x.phase));
    check(
        "connection",
        e.connection.is_some().to_string(),
        x.connection.to_string(),
    );
    let opt = |v: Option<&str>| format!("{v:?}");
    check("client", opt(e.client.as_deref()), opt(x.client));
    check("server", opt(e.server.as_deref()), opt(x.server));
    check(
        "request",
        opt(e.request.as_ref().map(|r| r.raw.as_str())),
        opt(x.request),
    );
    let upstream = x.upstream.map(|u| ctx.fill(u));
    check(
        "upstream",
        opt(e.upstream.as_ref().map(|u| u.raw.as_str())),
        opt(upstream.as_deref()),
    );
    let host = x.host.map(|h| ctx.fill(h));
    check("host", opt(e.host.as_deref()), opt(host.as_deref()));
    let other: Vec<(String, String)> = x
        .other
        .iter()
        .map(|(k, v)| (k.to_string(), ctx.fill(v)))
        .collect();
    check(
        "other fields",
        format!("{:?}", e.other_fields),
        format!("{other:?}"),
    );
    check("truncated", e.truncated.to_string(), "false".into());
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n  event: {}", wrong.join("; "), e.text))
    }
}
