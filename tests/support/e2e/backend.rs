//! A small HTTP/1.x-only backend, std only, run on a thread of the test
//! process. It counts the TCP connections it accepts, so a test can tell
//! whether nginx reuses its upstream connections (keep-alive) or opens one per
//! request.
//!
//! - HTTP/1.1: the connection stays open unless the request says
//!   `Connection: close`; HTTP/1.0: it is closed unless the request says
//!   `Connection: keep-alive`.
//! - A request for a path under `/big-header` gets a 10 KB `X-Big` response
//!   header: more than nginx's default `proxy_buffer_size` (one 4k page).
//! - Anything else (the HTTP/2 preface `PRI * HTTP/2.0` that `grpc_pass` sends,
//!   garbage) gets `HTTP/1.1 400 Bad Request` and the connection is closed,
//!   as a real HTTP/1.1-only server does.
//!
//! Bounded: every socket has a read timeout, the accept loop polls a stop flag
//! and ends by itself after [`MAX_LIFETIME`], and [`Backend::stop`] (or drop)
//! joins every thread.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The accept loop ends by itself after this long, stop flag or not.
pub const MAX_LIFETIME: Duration = Duration::from_secs(120);
/// A connection with no request for this long is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(20);
/// How often a blocked read wakes up to look at the stop flag.
const POLL: Duration = Duration::from_millis(100);
/// A request head larger than this is refused.
const MAX_HEAD: usize = 64 * 1024;
/// The size of the `X-Big` header sent under `/big-header`.
pub const BIG_HEADER: usize = 10 * 1024;

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    /// TCP connections accepted (since the last reset).
    connections: AtomicUsize,
    /// HTTP/1.x requests answered with 200 (since the last reset).
    requests: AtomicUsize,
    /// Connections answered with 400 because they did not speak HTTP/1.x
    /// (since the last reset).
    rejected: AtomicUsize,
    /// Connections accepted in all, never reset: a serial number for bodies.
    serial: AtomicUsize,
}

/// The running backend; stopped and joined on [`Backend::stop`] or drop.
pub struct Backend {
    port: u16,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl Backend {
    /// Listen on 127.0.0.1 on a port the system picks.
    pub fn start() -> std::io::Result<Backend> {
        let listener = super::nginx::bind_loopback()?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared::default());
        let s = Arc::clone(&shared);
        let acceptor = thread::Builder::new()
            .name(format!("e2e-backend-{port}"))
            .spawn(move || accept_loop(&listener, &s))?;
        Ok(Backend {
            port,
            shared,
            acceptor: Some(acceptor),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// TCP connections accepted since the start or the last [`Backend::reset`].
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// HTTP/1.x requests answered with 200.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Connections refused with 400 for not speaking HTTP/1.x.
    pub fn rejected(&self) -> usize {
        self.shared.rejected.load(Ordering::SeqCst)
    }

    /// Set every counter back to 0 (between the phases of a scenario, once
    /// the nginx of the earlier phase is stopped).
    pub fn reset(&self) {
        self.shared.connections.store(0, Ordering::SeqCst);
        self.shared.requests.store(0, Ordering::SeqCst);
        self.shared.rejected.store(0, Ordering::SeqCst);
    }

    /// Stop accepting, end every connection thread, join them all.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    accept_each(
        listener,
        &shared.stop,
        &shared.connections,
        "e2e backend",
        |stream| {
            let serial = shared.serial.fetch_add(1, Ordering::SeqCst) + 1;
            let s = Arc::clone(shared);
            thread::Builder::new()
                .name(format!("e2e-backend-conn-{serial}"))
                .spawn(move || serve(stream, &s, serial))
        },
    );
}

/// Accepts on the non-blocking `listener` until `stop` is set or
/// [`MAX_LIFETIME`] has passed, counting each connection in `connections`
/// and handing it to `spawn` (a thread of its own); the threads that are done
/// are joined as it goes, so that they do not pile up, and the rest at the
/// end. `what` names the listener in its messages.
pub fn accept_each(
    listener: &TcpListener,
    stop: &AtomicBool,
    connections: &AtomicUsize,
    what: &str,
    mut spawn: impl FnMut(TcpStream) -> std::io::Result<JoinHandle<()>>,
) {
    let started = Instant::now();
    let mut handlers: Vec<JoinHandle<()>> = Vec::new();
    while !stop.load(Ordering::SeqCst) && started.elapsed() < MAX_LIFETIME {
        match listener.accept() {
            Ok((stream, _)) => {
                connections.fetch_add(1, Ordering::SeqCst);
                match spawn(stream) {
                    Ok(h) => handlers.push(h),
                    Err(e) => eprintln!("{what}: cannot spawn a connection thread: {e}"),
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                eprintln!("{what}: accept failed: {e}");
                thread::sleep(Duration::from_millis(5));
            }
        }
        let (done, running): (Vec<_>, Vec<_>) = handlers.into_iter().partition(|h| h.is_finished());
        for h in done {
            let _ = h.join();
        }
        handlers = running;
    }
    stop.store(true, Ordering::SeqCst);
    for h in handlers {
        let _ = h.join();
    }
}

/// What the bytes read so far hold.
enum Parsed {
    /// Not a whole request head yet.
    Incomplete,
    /// The request line is not `METHOD TARGET HTTP/1.x`.
    NotHttp1,
    /// A request this backend does not handle (chunked body, bad length).
    Unsupported,
    Request {
        head_len: usize,
        body_len: usize,
        http10: bool,
        keep_alive: bool,
        big_header: bool,
    },
}

fn parse(buf: &[u8]) -> Parsed {
    let Some(line_end) = find(buf, b"\n") else {
        // A request line longer than any sane one, with no end: not HTTP/1.
        return if buf.len() > MAX_HEAD {
            Parsed::NotHttp1
        } else {
            Parsed::Incomplete
        };
    };
    let line = String::from_utf8_lossy(&buf[..line_end]);
    let parts: Vec<&str> = line.trim_end_matches('\r').split(' ').collect();
    let http10 = match parts.as_slice() {
        [method, target, "HTTP/1.1"] if !method.is_empty() && !target.is_empty() => false,
        [method, target, "HTTP/1.0"] if !method.is_empty() && !target.is_empty() => true,
        _ => return Parsed::NotHttp1,
    };
    let big_header = parts[1].starts_with("/big-header");
    let Some(end) = find(buf, b"\r\n\r\n") else {
        return if buf.len() > MAX_HEAD {
            Parsed::Unsupported
        } else {
            Parsed::Incomplete
        };
    };
    let head = String::from_utf8_lossy(&buf[..end]);
    let mut body_len = 0;
    let mut close = false;
    let mut keep_alive = false;
    for header in head.split("\r\n").skip(1) {
        let Some((name, value)) = header.split_once(':') else {
            return Parsed::Unsupported;
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim();
        match name.as_str() {
            "content-length" => match value.parse() {
                Ok(n) => body_len = n,
                Err(_) => return Parsed::Unsupported,
            },
            "transfer-encoding" => return Parsed::Unsupported,
            "connection" => {
                for token in value.split(',') {
                    let token = token.trim().to_ascii_lowercase();
                    close |= token == "close";
                    keep_alive |= token == "keep-alive";
                }
            }
            _ => {}
        }
    }
    Parsed::Request {
        head_len: end + 4,
        body_len,
        http10,
        keep_alive: if http10 { keep_alive && !close } else { !close },
        big_header,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Read more bytes into `buf`. `Ok(false)`: the peer closed, or the backend is
/// stopping, or the connection was idle too long.
fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>, shared: &Shared, idle_since: Instant) -> bool {
    let mut chunk = [0u8; 8192];
    loop {
        if shared.stop.load(Ordering::SeqCst) || idle_since.elapsed() > IDLE_TIMEOUT {
            return false;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return false,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                return true;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) => {}
            Err(_) => return false,
        }
    }
}

/// Close as a server does after an answer it wants the peer to read: stop
/// writing, read what the peer still sends (bounded), then close, so the
/// peer gets our bytes and a FIN rather than a reset.
fn lingering_close(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    let until = Instant::now() + Duration::from_secs(1);
    let mut sink = [0u8; 4096];
    while Instant::now() < until {
        match stream.read(&mut sink) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) => {}
            Err(_) => break,
        }
    }
}

fn serve(mut stream: TcpStream, shared: &Shared, serial: usize) {
    if stream.set_nonblocking(false).is_err()
        || stream.set_read_timeout(Some(POLL)).is_err()
        || stream
            .set_write_timeout(Some(Duration::from_secs(5)))
            .is_err()
    {
        return;
    }
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::new();
    let mut served = 0usize;
    let mut idle_since = Instant::now();
    loop {
        match parse(&buf) {
            Parsed::Incomplete => {
                if !fill(&mut stream, &mut buf, shared, idle_since) {
                    return;
                }
            }
            refused @ (Parsed::NotHttp1 | Parsed::Unsupported) => {
                let not_http1 = matches!(refused, Parsed::NotHttp1);
                if not_http1 {
                    shared.rejected.fetch_add(1, Ordering::SeqCst);
                }
                let body = if not_http1 {
                    "this server speaks HTTP/1.x only\n"
                } else {
                    "unsupported request\n"
                };
                let answer = format!(
                    "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes());
                lingering_close(stream);
                return;
            }
            Parsed::Request {
                head_len,
                body_len,
                http10,
                keep_alive,
                big_header,
            } => {
                // The request body, if any, is read and dropped.
                while buf.len() < head_len + body_len {
                    if !fill(&mut stream, &mut buf, shared, idle_since) {
                        return;
                    }
                }
                buf.drain(..head_len + body_len);
                served += 1;
                shared.requests.fetch_add(1, Ordering::SeqCst);
                let body = format!("ok: backend connection {serial}, request {served} on it\n");
                let connection = match (keep_alive, http10) {
                    (false, _) => "Connection: close\r\n",
                    (true, true) => "Connection: keep-alive\r\n",
                    (true, false) => "",
                };
                let big = if big_header {
                    format!("X-Big: {}\r\n", "b".repeat(BIG_HEADER))
                } else {
                    String::new()
                };
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n{big}{connection}\r\n{body}",
                    body.len()
                );
                if stream.write_all(answer.as_bytes()).is_err() {
                    return;
                }
                if !keep_alive {
                    lingering_close(stream);
                    return;
                }
                idle_since = Instant::now();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(stream: &mut TcpStream, request: &str) -> String {
        stream.write_all(request.as_bytes()).unwrap();
        let mut got = Vec::new();
        let mut chunk = [0u8; 4096];
        // Read one whole response: head plus Content-Length bytes.
        loop {
            let n = stream.read(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            got.extend_from_slice(&chunk[..n]);
            if let Some(end) = find(&got, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse().unwrap());
                if got.len() >= end + 4 + len {
                    break;
                }
            }
        }
        String::from_utf8_lossy(&got).into_owned()
    }

    fn connect(backend: &Backend) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", backend.port())).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s
    }

    fn closed(stream: &mut TcpStream) -> bool {
        let mut b = [0u8; 1];
        matches!(stream.read(&mut b), Ok(0))
    }

    #[test]
    fn http11_keeps_the_connection_and_http10_closes_it() {
        let backend = Backend::start().unwrap();
        let mut s = connect(&backend);
        for _ in 0..3 {
            let r = roundtrip(&mut s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assert!(r.starts_with("HTTP/1.1 200 OK\r\n"), "{r}");
        }
        let r = roundtrip(
            &mut s,
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        assert!(r.contains("Connection: close"), "{r}");
        assert!(closed(&mut s));

        let mut s = connect(&backend);
        let r = roundtrip(&mut s, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assert!(r.contains("Connection: keep-alive"), "{r}");
        let r = roundtrip(&mut s, "POST / HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc");
        assert!(
            r.starts_with("HTTP/1.1 200 OK\r\n") && r.contains("request 2 on it"),
            "{r}"
        );
        assert!(closed(&mut s));

        assert_eq!(backend.connections(), 2);
        assert_eq!(backend.requests(), 6);
        backend.reset();
        assert_eq!(backend.connections(), 0);
        backend.stop();
    }

    #[test]
    fn big_header_paths_get_a_10k_header() {
        let backend = Backend::start().unwrap();
        let mut s = connect(&backend);
        let r = roundtrip(&mut s, "GET /big-header/x HTTP/1.1\r\nHost: x\r\n\r\n");
        let head = &r[..r.find("\r\n\r\n").unwrap()];
        assert!(head.len() > BIG_HEADER, "{}", head.len());
        assert!(r.contains(&format!("\r\nX-Big: {}\r\n", "b".repeat(BIG_HEADER))));
        let r = roundtrip(&mut s, "GET /small HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(!r.contains("X-Big"), "{r}");
        backend.stop();
    }

    #[test]
    fn http2_preface_gets_400_and_close() {
        let backend = Backend::start().unwrap();
        let mut s = connect(&backend);
        let r = roundtrip(&mut s, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assert!(r.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{r}");
        assert!(closed(&mut s));
        assert_eq!(backend.rejected(), 1);
        assert_eq!(backend.requests(), 0);
        backend.stop();
    }
}
