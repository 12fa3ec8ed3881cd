//! Real nginx for the end-to-end tests: a scratch prefix per scenario, the
//! config test (`nginx -t`), a foreground master on a free 127.0.0.1 port,
//! and a guard that stops it (and its workers) by PID, also when an assertion
//! fails.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// The nginx binary: `CONFINE_NGINX` when set (`None` if it names no file),
/// else `/usr/sbin/nginx`, else `nginx` on `PATH`. `None` when there is none.
pub fn binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CONFINE_NGINX") {
        let p = PathBuf::from(p);
        if !p.is_file() {
            eprintln!("e2e: CONFINE_NGINX={} is not a file", p.display());
            return None;
        }
        return Some(p);
    }
    let debian = PathBuf::from("/usr/sbin/nginx");
    if debian.is_file() {
        return Some(debian);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("nginx"))
            .find(|p| p.is_file())
    })
}

/// `nginx -v`'s version string, e.g. `nginx/1.22.1`.
pub fn version(bin: &Path) -> String {
    Command::new(bin)
        .arg("-v")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stderr).trim().to_string())
        .unwrap_or_else(|e| format!("(nginx -v failed: {e})"))
}

/// A scratch directory, the nginx prefix of one scenario. Removed on drop
/// unless the thread is panicking (then kept and named, to look at).
pub struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("confine-e2e-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        Scratch { dir }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Write `text` to the file `name` in the scratch directory.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.join(name);
        fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    pub fn error_log(&self) -> PathBuf {
        self.dir.join("error.log")
    }

    /// The error log as it is now ("" when there is none yet).
    pub fn read_error_log(&self) -> String {
        fs::read_to_string(self.error_log()).unwrap_or_default()
    }

    /// Empty the error log, between the phases of a scenario.
    pub fn clear_error_log(&self) {
        let _ = File::create(self.error_log());
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if thread::panicking() {
            eprintln!("e2e: kept {} to look at", self.dir.display());
        } else {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Ports this test process has handed out, by `free_port` or `bind_loopback`.
/// A port released by `free_port` goes back to the kernel, which may give it
/// to the next bind to port 0 before nginx binds it; remembering them keeps
/// two parts of one scenario (or two scenarios on parallel threads) off one
/// port.
static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());

/// Binds 127.0.0.1 on a port the kernel picks and this process has not
/// handed out before; the listener keeps it. Tries a bounded number of times.
pub fn bind_loopback() -> std::io::Result<TcpListener> {
    for _ in 0..64 {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let mut taken = HANDED_OUT.lock().unwrap_or_else(|e| e.into_inner());
        if taken.insert(port) {
            return Ok(listener);
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AddrInUse,
        "64 binds to 127.0.0.1:0 gave only ports handed out before",
    ))
}

/// A port that was free on 127.0.0.1 a moment ago (bound, released) and
/// that no other part of this test process was given.
pub fn free_port() -> u16 {
    bind_loopback()
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("cannot bind 127.0.0.1:0")
}

/// The main-context and http-level lines every scenario needs: logs, pid and
/// temp paths inside the prefix, one worker. `http_body` goes inside `http {}`.
pub fn config(prefix: &Path, http_body: &str) -> String {
    let p = prefix.display();
    format!(
        "worker_processes 1;
error_log {p}/error.log info;
pid {p}/nginx.pid;

events {{
    worker_connections 64;
}}

http {{
    access_log off;
    client_body_temp_path {p}/client_body_temp;
    proxy_temp_path {p}/proxy_temp;
    fastcgi_temp_path {p}/fastcgi_temp;
    uwsgi_temp_path {p}/uwsgi_temp;
    scgi_temp_path {p}/scgi_temp;

{http_body}}}
"
    )
}

/// What `nginx -t` said.
pub struct ConfigTest {
    pub ok: bool,
    pub output: String,
}

/// `nginx -t -p PREFIX/ -c CONF`.
pub fn test_config(bin: &Path, prefix: &Path, conf: &Path) -> ConfigTest {
    let out = Command::new(bin)
        .arg("-t")
        .arg("-p")
        .arg(format!("{}/", prefix.display()))
        .arg("-c")
        .arg(conf)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} -t: {e}", bin.display()));
    ConfigTest {
        ok: out.status.success(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// A running nginx master (foreground, `master_process on`). Dropping it
/// stops the master and its workers by PID.
pub struct Nginx {
    child: Option<Child>,
    pid: u32,
    port: u16,
    /// The config it runs, with the port it listens on.
    pub config: String,
}

/// How long nginx gets to start listening: 50 × 100 ms.
const START_TRIES: usize = 50;

impl Nginx {
    /// Test `text` with `nginx -t` and start nginx with it; the config
    /// listens on `listen 127.0.0.1:PORT`. If the port was taken meanwhile,
    /// one retry on another free port (the listen line is rewritten).
    pub fn start(
        bin: &Path,
        scratch: &Scratch,
        name: &str,
        text: &str,
        port: u16,
    ) -> Result<Nginx, String> {
        match Self::start_once(bin, scratch, name, text, port) {
            Err(e) if e.contains("Address already in use") => {
                let new = free_port();
                eprintln!("e2e: port {port} was taken, retrying nginx on {new}");
                let text = text.replace(
                    &format!("listen 127.0.0.1:{port}"),
                    &format!("listen 127.0.0.1:{new}"),
                );
                Self::start_once(bin, scratch, name, &text, new)
            }
            other => other,
        }
    }

    fn start_once(
        bin: &Path,
        scratch: &Scratch,
        name: &str,
        text: &str,
        port: u16,
    ) -> Result<Nginx, String> {
        let listen = format!("listen 127.0.0.1:{port}");
        if !text.contains(&listen) {
            return Err(format!("the config has no \"{listen}\":\n{text}"));
        }
        let conf = scratch.write(&format!("{name}.conf"), text);
        let t = test_config(bin, scratch.path(), &conf);
        if !t.ok {
            return Err(format!(
                "nginx -t failed on {}:\n{}\n--- config:\n{text}",
                conf.display(),
                t.output
            ));
        }
        let stderr_path = scratch.path().join(format!("{name}.stderr"));
        let stderr = File::create(&stderr_path).map_err(|e| e.to_string())?;
        let child = Command::new(bin)
            .arg("-p")
            .arg(format!("{}/", scratch.path().display()))
            .arg("-c")
            .arg(&conf)
            .arg("-g")
            .arg("daemon off; master_process on;")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let pid = child.id();
        let mut nginx = Nginx {
            child: Some(child),
            pid,
            port,
            config: text.to_string(),
        };
        for _ in 0..START_TRIES {
            if let Some(status) = nginx
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                nginx.child = None;
                return Err(format!(
                    "nginx exited at start ({status}):\n{}{}",
                    fs::read_to_string(&stderr_path).unwrap_or_default(),
                    scratch.read_error_log()
                ));
            }
            if TcpStream::connect_timeout(
                &([127, 0, 0, 1], port).into(),
                Duration::from_millis(100),
            )
            .is_ok()
            {
                return Ok(nginx);
            }
            thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "nginx did not listen on 127.0.0.1:{port} within {} ms:\n{}",
            START_TRIES * 100,
            scratch.read_error_log()
        ))
        // `nginx` is dropped here, which stops it.
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stop nginx now (drop does the same).
    pub fn stop(mut self) {
        self.shutdown();
    }

    /// SIGTERM to the master (fast shutdown: it stops its workers), wait up
    /// to 5 s, then SIGKILL to the master and to any worker of it still alive.
    fn shutdown(&mut self) {
        if let Some(child) = self.child.take() {
            terminate(child, &format!("e2e: nginx {}", self.pid));
        }
    }
}

/// SIGTERM to `child`, wait up to 5 s, then SIGKILL to it and to any nginx
/// worker of it still alive (nginx's master stops its workers on SIGTERM;
/// a worker that outlived it is killed only while it still is one, since
/// the PID may have been reused). `what` names it in the messages.
pub fn terminate(mut child: Child, what: &str) {
    let pid = child.id();
    let workers = children_of(pid);
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .stderr(Stdio::null())
        .status();
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        thread::sleep(Duration::from_millis(20));
    }
    if let Ok(None) = child.try_wait() {
        eprintln!("{what} did not stop on SIGTERM, killing it");
        let _ = child.kill();
    }
    let _ = child.wait();
    for w in workers {
        let is_worker = fs::read(format!("/proc/{w}/cmdline"))
            .map(|c| String::from_utf8_lossy(&c).contains("nginx: worker"))
            .unwrap_or(false);
        if is_worker {
            eprintln!("{what}: nginx worker {w} outlived its master, killing it");
            let _ = Command::new("kill")
                .args(["-KILL", &w.to_string()])
                .status();
        }
    }
}

/// The child PIDs of `pid`, from /proc.
fn children_of(pid: u32) -> Vec<u32> {
    fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

impl Drop for Nginx {
    fn drop(&mut self) {
        self.shutdown();
    }
}
