//! Processes the reproductions start besides nginx: `openssl` (certificates
//! made at test time, `openssl s_server` as a TLS-only backend) and nginx in
//! a network namespace of its own (`unshare -n`), where a route can be made
//! unreachable without touching the machine's network. Each is stopped by
//! its PID on drop.

use std::fs;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::Duration;

use crate::e2e::nginx::terminate;

/// A certificate and its key, made for one test run.
pub struct Cert {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Whether `openssl` runs here.
pub fn have_openssl() -> bool {
    Command::new("openssl")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A self-signed P-256 certificate for `name` (CN and subjectAltName),
/// valid two days, written as `DIR/STEM.crt` and `DIR/STEM.key`.
pub fn self_signed(dir: &Path, stem: &str, name: &str) -> Result<Cert, String> {
    let cert = dir.join(format!("{stem}.crt"));
    let key = dir.join(format!("{stem}.key"));
    let out = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .arg("ec_paramgen_curve:prime256v1")
        .args(["-nodes", "-days", "2", "-subj"])
        .arg(format!("/CN={name}"))
        .arg("-addext")
        .arg(format!("subjectAltName=DNS:{name}"))
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run openssl: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "openssl req failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(Cert { cert, key })
}

/// A child process stopped by its PID on drop: SIGTERM, up to 5 s, SIGKILL.
pub struct Guard {
    child: Option<Child>,
    what: String,
}

impl Guard {
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Whether it has exited (and then how).
    pub fn exited(&mut self) -> Option<String> {
        let child = self.child.as_mut()?;
        match child.try_wait() {
            Ok(Some(status)) => Some(status.to_string()),
            _ => None,
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(child) = self.child.take() {
            let pid = child.id();
            terminate(child, &format!("{} ({pid})", self.what));
        }
    }
}

/// Wait (up to 5 s) until something accepts on 127.0.0.1:`port`, as seen
/// from the calling thread's network namespace.
pub fn wait_listening(port: u16, guard: &mut Guard) -> Result<(), String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    for _ in 0..50 {
        if let Some(status) = guard.exited() {
            return Err(format!("{} exited at start ({status})", guard.what));
        }
        if TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok() {
            return Ok(());
        }
        thread::sleep(Duration::from_millis(100));
    }
    Err(format!(
        "{} did not listen on {addr} within 5 s",
        guard.what
    ))
}

/// `openssl s_server -www` on 127.0.0.1:`port`: a TLS-only HTTP server.
pub fn s_server(cert: &Cert, port: u16, log: &Path) -> Result<Guard, String> {
    let log = fs::File::create(log).map_err(|e| e.to_string())?;
    let child = Command::new("openssl")
        .arg("s_server")
        .arg("-accept")
        .arg(format!("127.0.0.1:{port}"))
        .arg("-cert")
        .arg(&cert.cert)
        .arg("-key")
        .arg(&cert.key)
        .args(["-www", "-quiet"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start openssl s_server: {e}"))?;
    let mut guard = Guard {
        child: Some(child),
        what: "openssl s_server".into(),
    };
    wait_listening(port, &mut guard)?;
    Ok(guard)
}

/// Whether this process may make a network namespace and routes in it
/// (root, `unshare` and `ip` present).
pub fn can_netns() -> bool {
    Command::new("unshare")
        .args(["-n", "ip", "route", "add", "unreachable", "192.0.2.1/32"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// nginx (foreground master) in a new network namespace whose loopback is
/// up and where each of `unreachable` (`ADDR/LEN`) is an `unreachable`
/// route. `unshare` and `sh` exec into nginx, so the guard's PID is the
/// master's.
pub fn nginx_in_netns(
    bin: &Path,
    prefix: &Path,
    conf: &Path,
    unreachable: &[&str],
) -> Result<Guard, String> {
    let mut script = String::from("ip link set lo up");
    for net in unreachable {
        script.push_str(&format!(" && ip route add unreachable {net}"));
    }
    script.push_str(" && exec \"$0\" -p \"$1\" -c \"$2\" -g 'daemon off; master_process on;'");
    let stderr = fs::File::create(prefix.join("netns.stderr")).map_err(|e| e.to_string())?;
    let child = Command::new("unshare")
        .args(["-n", "sh", "-c", &script])
        .arg(bin)
        .arg(format!("{}/", prefix.display()))
        .arg(conf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot run unshare: {e}"))?;
    let mut guard = Guard {
        child: Some(child),
        what: "nginx in a network namespace".into(),
    };
    // `unshare` may not have made the namespace yet when spawn returns.
    let pid = child_pid(&guard)?;
    let ours = fs::read_link("/proc/self/ns/net").map_err(|e| e.to_string())?;
    for _ in 0..100 {
        if let Some(status) = guard.exited() {
            return Err(format!("unshare exited at start ({status})"));
        }
        match fs::read_link(format!("/proc/{pid}/ns/net")) {
            Ok(ns) if ns != ours => return Ok(guard),
            _ => thread::sleep(Duration::from_millis(20)),
        }
    }
    Err("unshare made no network namespace within 2 s".into())
}

fn child_pid(guard: &Guard) -> Result<u32, String> {
    guard.pid().ok_or_else(|| "no child".to_string())
}

/// Run `f` on a thread that has joined the network namespace of process
/// `pid` (setns affects only the calling thread).
pub fn in_netns_of<T: Send>(pid: u32, f: impl FnOnce() -> T + Send) -> Result<T, String> {
    let ns = fs::File::open(format!("/proc/{pid}/ns/net"))
        .map_err(|e| format!("cannot open the namespace of {pid}: {e}"))?;
    thread::scope(|scope| {
        scope
            .spawn(|| {
                use std::os::fd::AsRawFd;
                // SAFETY: a valid namespace descriptor; only this thread moves.
                if unsafe { libc::setns(ns.as_raw_fd(), libc::CLONE_NEWNET) } != 0 {
                    return Err(format!("setns: {}", std::io::Error::last_os_error()));
                }
                Ok(f())
            })
            .join()
            .map_err(|_| "the thread in the namespace panicked".to_string())?
    })
}
