//! Running the real `nginx -t` from a test, and reading what it says.
//!
//! nginx runs in a fresh network namespace (`unshare -n`), so the host names a
//! config mentions (`proxy_pass http://backend;`, `server app.internal:8080;`)
//! are never looked up on the network: name resolution fails at once and nginx
//! reports "host not found", which the caller classifies as outside confine's
//! scope. When the test runs as root, nginx also drops to `nobody`
//! (`setpriv`), because nginx only acts on `user nginx;` as root and would fail
//! on a user this machine does not have; as any other user it ignores the line.
//!
//! `nginx -t` prints "the configuration file ... syntax is ok" once the whole
//! configuration has been read, `http {}`, `stream {}` and `mail {}` blocks
//! included (their merge and post-configuration steps run inside the block
//! directive). What it checks after that (pid file, log files, temp paths)
//! is about the machine, not the config text, so a run that printed that line
//! counts as accepted, unless a later error is one the text alone causes
//! ([`AFTER_SYNTAX_OK`]: no `events`, a limit zone nothing defines).
//!
//! `nginx-stub/` beside this file holds a throwaway self-signed certificate
//! and its key (P-256, CN `confine-test.invalid`, valid until 2126; made with
//! `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes`)
//! and the RFC 7919 `ffdhe2048` DH parameters, for `ssl_certificate`,
//! `ssl_certificate_key` and `ssl_dhparam`, which nginx loads while it reads
//! the config. They protect nothing.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const NGINX: &str = "/usr/sbin/nginx";
/// Where Debian's `libnginx-mod-*` packages put dynamic modules.
pub const MODULES_DIR: &str = "/usr/lib/nginx/modules";
/// The dynamic modules the corpus needs, with the Debian package of each.
pub const DYNAMIC_MODULES: &[(&str, &str)] = &[
    ("ngx_stream_module.so", "libnginx-mod-stream"),
    ("ngx_mail_module.so", "libnginx-mod-mail"),
];

pub const STUB_CERT: &str = include_str!("nginx-stub/cert.pem");
pub const STUB_KEY: &str = include_str!("nginx-stub/key.pem");
pub const STUB_DHPARAM: &str = include_str!("nginx-stub/dhparam.pem");

/// How long one `nginx -t` may take before it is killed.
const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, Debug)]
enum Isolation {
    /// Root: `unshare -n setpriv --reuid=65534 ... nginx`.
    RootNetns,
    /// Anyone else: `unshare -Un nginx` (a user namespace, so no privilege is needed).
    UserNetns,
}

/// The nginx binary and how to run it.
#[derive(Clone, Debug)]
pub struct Nginx {
    pub binary: PathBuf,
    /// `nginx -v`.
    pub version: String,
    isolation: Isolation,
    /// The dynamic modules of [`DYNAMIC_MODULES`] that are installed.
    pub modules: Vec<PathBuf>,
    /// The Debian packages of the modules that are missing.
    pub missing_packages: Vec<&'static str>,
}

/// What `nginx -t` said about one configuration.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// "syntax is ok".
    Accepted,
    /// The first `[emerg]`, `[alert]` or `[crit]` line.
    Failed(Failure),
    /// No verdict: killed after the timeout, or no error line at all.
    Broken(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The message without the level, the pid and the location.
    pub message: String,
    /// `in FILE:LINE`, when nginx names one.
    pub file: Option<String>,
    pub line: Option<usize>,
}

/// The kind of an nginx error, by its message.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Class {
    /// `unexpected "}"`, `unexpected end of file, ...`, `unexpected ";"`, ...
    Syntax,
    /// `directive "x" is not terminated by ";"`, `directive "x" has no opening "{"`.
    Termination,
    /// `"x" directive is not allowed here`.
    Context,
    /// `invalid number of arguments in "x" directive`.
    Args,
    /// `invalid value "x" in "y" directive, it must be "on" or "off"`.
    Flag,
    /// `unknown directive "x"`.
    Unknown,
    /// Anything else: values, files, host names, duplicates... outside confine's checks.
    Other,
}

impl Class {
    pub const ALL: [Class; 7] = [
        Class::Syntax,
        Class::Termination,
        Class::Context,
        Class::Args,
        Class::Flag,
        Class::Unknown,
        Class::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Class::Syntax => "SYNTAX",
            Class::Termination => "TERMINATION",
            Class::Context => "CONTEXT",
            Class::Args => "ARGS",
            Class::Flag => "FLAG",
            Class::Unknown => "UNKNOWN",
            Class::Other => "OTHER",
        }
    }
}

/// Classify an nginx error message (without its location).
pub fn classify(message: &str) -> Class {
    if message.starts_with("unexpected ") || message.starts_with("too long parameter") {
        Class::Syntax
    } else if message.starts_with("directive \"")
        && (message.ends_with("is not terminated by \";\"")
            || message.ends_with("has no opening \"{\""))
    {
        Class::Termination
    } else if message.ends_with(" directive is not allowed here") {
        Class::Context
    } else if message.starts_with("invalid number of arguments in ") {
        Class::Args
    } else if message.starts_with("invalid value ")
        && message.ends_with("it must be \"on\" or \"off\"")
    {
        Class::Flag
    } else if message.starts_with("unknown directive ") {
        Class::Unknown
    } else {
        Class::Other
    }
}

/// The directive name an nginx message is about, when it names one.
pub fn directive_in(message: &str) -> Option<&str> {
    let quoted = |s: &'static str| -> Option<&str> {
        let rest = message.find(s).map(|i| &message[i + s.len()..])?;
        rest.split('"').next()
    };
    match classify(message) {
        Class::Termination => quoted("directive \""),
        Class::Context => message.strip_prefix('"')?.split('"').next(),
        Class::Args => quoted("arguments in \""),
        Class::Flag => quoted("\" in \""),
        Class::Unknown => quoted("unknown directive \""),
        _ => None,
    }
}

impl Nginx {
    /// The installed nginx, or why the agreement test cannot run here.
    pub fn locate() -> Result<Nginx, String> {
        let binary = PathBuf::from(NGINX);
        if !binary.exists() {
            return Err(format!(
                "{NGINX} not found (Debian: apt-get install nginx-light or nginx)"
            ));
        }
        let out = Command::new(&binary)
            .arg("-v")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {NGINX} -v: {e}"))?;
        let version = String::from_utf8_lossy(&out.stderr).trim().to_string();
        let isolation = probe_isolation()?;
        let mut modules = Vec::new();
        let mut missing_packages = Vec::new();
        for (module, package) in DYNAMIC_MODULES {
            let path = Path::new(MODULES_DIR).join(module);
            if path.exists() {
                modules.push(path);
            } else {
                missing_packages.push(*package);
            }
        }
        Ok(Nginx {
            binary,
            version,
            isolation,
            modules,
            missing_packages,
        })
    }

    /// `nginx -t -p PREFIX -c CONF`, after `load_module` for each of `modules`
    /// (given with `-g`, which nginx reads before the file).
    pub fn test(&self, prefix: &Path, conf: &Path, modules: &[PathBuf]) -> Outcome {
        let mut prefix_arg = prefix.to_string_lossy().into_owned();
        if !prefix_arg.ends_with('/') {
            prefix_arg.push('/');
        }
        let mut nginx_args: Vec<String> = vec![
            "-t".into(),
            "-p".into(),
            prefix_arg,
            "-c".into(),
            conf.to_string_lossy().into_owned(),
        ];
        if !modules.is_empty() {
            let loads: Vec<String> = modules
                .iter()
                .map(|m| format!("load_module {};", m.display()))
                .collect();
            nginx_args.push("-g".into());
            nginx_args.push(loads.join(" "));
        }
        let mut command = Command::new("unshare");
        match self.isolation {
            Isolation::RootNetns => {
                command.args([
                    "-n",
                    "--",
                    "setpriv",
                    "--reuid=65534",
                    "--regid=65534",
                    "--clear-groups",
                    "--",
                ]);
            }
            Isolation::UserNetns => {
                command.args(["-U", "-n", "--"]);
            }
        }
        command.arg(&self.binary).args(&nginx_args);
        match run(command, TIMEOUT) {
            Ok(stderr) => parse_output(&stderr),
            Err(why) => Outcome::Broken(why),
        }
    }
}

/// How nginx can be kept off the network here.
fn probe_isolation() -> Result<Isolation, String> {
    let works = |args: &[&str]| {
        Command::new("unshare")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root
        && works(&[
            "-n",
            "--",
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            "true",
        ])
    {
        return Ok(Isolation::RootNetns);
    }
    if works(&["-U", "-n", "--", "true"]) {
        return Ok(Isolation::UserNetns);
    }
    Err(
        "cannot run nginx in a network namespace of its own (util-linux `unshare -n` as root, or \
         `unshare -Un` with user namespaces enabled); without one nginx -t would resolve the \
         corpus's host names over the network"
            .to_string(),
    )
}

/// Run to completion (or kill after `timeout`), returning stderr.
fn run(mut command: Command, timeout: Duration) -> Result<String, String> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start nginx: {e}"))?;
    let mut stderr = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text);
        text
    });
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_micros(500);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(5));
            }
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("waiting for nginx failed: {e}"));
            }
        }
    };
    let text = String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned();
    match status {
        Some(_) => Ok(text),
        None => Err(format!("nginx -t did not finish within {timeout:?}")),
    }
}

/// The errors nginx reports after "syntax is ok" that come from the config
/// text, not from the machine: the cycle's checks of the `events` section
/// and of the shared memory zones the config declared.
const AFTER_SYNTAX_OK: [&str; 2] = [
    "no \"events\" section in configuration",
    "zero size shared memory zone ",
];

/// Read nginx's stderr: accepted, or the first error.
pub fn parse_output(stderr: &str) -> Outcome {
    let syntax_ok = stderr
        .lines()
        .any(|l| l.starts_with("nginx: the configuration file ") && l.ends_with(" syntax is ok"));
    let text_error = || {
        stderr
            .lines()
            .any(|l| l.contains("[emerg] ") && AFTER_SYNTAX_OK.iter().any(|m| l.contains(m)))
    };
    if syntax_ok && !text_error() {
        return Outcome::Accepted;
    }
    for line in stderr.lines() {
        let Some(at) = ["[emerg] ", "[alert] ", "[crit] "]
            .iter()
            .filter_map(|level| line.find(level).map(|i| i + level.len()))
            .min()
        else {
            continue;
        };
        let mut rest = &line[at..];
        // `PID#TID: ` when the error log is set up; absent on early errors.
        if let Some(colon) = rest.find(": ") {
            if rest[..colon]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'#')
                && colon > 0
            {
                rest = &rest[colon + 2..];
            }
        }
        return Outcome::Failed(split_location(rest));
    }
    Outcome::Broken(format!("no verdict in nginx's output: {}", stderr.trim()))
}

/// `message in /file:12` → message, file, line.
fn split_location(text: &str) -> Failure {
    if let Some(i) = text.rfind(" in /") {
        let location = &text[i + 4..];
        if let Some((file, line)) = location.rsplit_once(':') {
            if let Ok(line) = line.trim().parse::<usize>() {
                return Failure {
                    message: text[..i].to_string(),
                    file: Some(file.to_string()),
                    line: Some(line),
                };
            }
        }
    }
    Failure {
        message: text.to_string(),
        file: None,
        line: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_read() {
        let out = "2026/11/25 05:52:51 [emerg] 8194#8194: invalid number of arguments in \"root\" directive in /tmp/x/a.conf:5\nnginx: configuration file /tmp/x/a.conf test failed\n";
        let Outcome::Failed(f) = parse_output(out) else {
            panic!()
        };
        assert_eq!(
            f.message,
            "invalid number of arguments in \"root\" directive"
        );
        assert_eq!(f.file.as_deref(), Some("/tmp/x/a.conf"));
        assert_eq!(f.line, Some(5));
        assert_eq!(classify(&f.message), Class::Args);
        assert_eq!(directive_in(&f.message), Some("root"));
        let early = "nginx: [emerg] unexpected \"}\" in /tmp/x/a.conf:3\n";
        let Outcome::Failed(f) = parse_output(early) else {
            panic!()
        };
        assert_eq!(f.message, "unexpected \"}\"");
        assert_eq!(classify(&f.message), Class::Syntax);
        let ok = "nginx: the configuration file /tmp/x/a.conf syntax is ok\n2026/11/25 [emerg] 1#1: open() \"/run/nginx.pid\" failed (13: Permission denied)\n";
        assert!(matches!(parse_output(ok), Outcome::Accepted));
        let no_events = "nginx: the configuration file /tmp/x/a.conf syntax is ok\n2026/11/25 [emerg] 1#1: no \"events\" section in configuration\n";
        let Outcome::Failed(f) = parse_output(no_events) else {
            panic!()
        };
        assert_eq!(f.message, "no \"events\" section in configuration");
        assert_eq!(
            directive_in("\"listen\" directive is not allowed here"),
            Some("listen")
        );
        assert_eq!(
            directive_in("directive \"root\" is not terminated by \";\""),
            Some("root")
        );
    }
}
