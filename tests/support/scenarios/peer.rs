//! Scripted upstream peers: a TCP server on 127.0.0.1 that does one fixed
//! thing on every connection (answer given bytes, stall, close, reset, never
//! read), so that nginx meets each upstream failure for real and writes its
//! own error-log line about it. Also a listener whose accept queue is full
//! (connect() times out on loopback) and a unix socket nobody may open.
//!
//! Bounded like the e2e backend: every socket has a timeout, the accept loop
//! polls a stop flag and ends by itself after [`MAX_LIFETIME`](crate::e2e::backend::MAX_LIFETIME), a stalled
//! connection is given up after [`STALL`], and drop joins every thread.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::e2e::backend::accept_each;

/// A stalling connection is closed after this long (nginx's timeouts in the
/// scenarios are 1 s).
const STALL: Duration = Duration::from_secs(20);
/// How often a blocked read wakes up to look at the stop flag.
const POLL: Duration = Duration::from_millis(50);
/// What the peer reads before it acts, at most.
const MAX_READ: usize = 1 << 20;

/// What a peer does on each connection.
#[derive(Clone, Debug)]
pub enum Script {
    /// Read the request head (up to `\r\n\r\n`), write these bytes, close
    /// cleanly (FIN after the peer has read them).
    Answer(Vec<u8>),
    /// Read what nginx sends first (an HTTP/2 preface, FastCGI or uwsgi
    /// records: one write from nginx), write these bytes, close cleanly.
    AnswerFirst(Vec<u8>),
    /// Read the request head, write these bytes, then send nothing more and
    /// keep the connection open.
    AnswerThenStall(Vec<u8>),
    /// Read the request head, then close (FIN) without a byte.
    Close,
    /// Read what nginx sends first (a TLS ClientHello), then close (FIN).
    CloseFirst,
    /// Read the request head, then reset the connection (RST).
    Reset,
    /// Read what nginx sends first (a TLS ClientHello), then reset (RST).
    ResetFirst,
    /// Read what nginx sends first and never answer.
    Stall,
    /// Never read (a 4 KB receive buffer), never answer.
    NoRead,
    /// A TLS-only server: a connection whose first byte is a TLS handshake
    /// record (0x16) is relayed to the TLS server on `tls_port`; anything
    /// else is answered with a fatal TLS alert record (protocol_version) and
    /// closed, as TLS stacks answer bytes that are not TLS.
    TlsOrAlert { tls_port: u16 },
}

/// A TLS alert record: content type 21, TLS 1.2, length 2, fatal (2),
/// protocol_version (70).
pub const TLS_ALERT: [u8; 7] = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46];

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    connections: AtomicUsize,
}

/// A running peer; stopped and joined on drop.
pub struct Peer {
    port: u16,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl Peer {
    pub fn start(script: Script) -> std::io::Result<Peer> {
        let listener = crate::e2e::nginx::bind_loopback()?;
        if matches!(script, Script::NoRead) {
            // Inherited by the accepted sockets: nginx's writes fill it fast.
            set_int_option(&listener, libc::SOL_SOCKET, libc::SO_RCVBUF, 4096)?;
        }
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared::default());
        let s = Arc::clone(&shared);
        let acceptor = thread::Builder::new()
            .name(format!("peer-{port}"))
            .spawn(move || accept_loop(&listener, &s, &script))?;
        Ok(Peer {
            port,
            shared,
            acceptor: Some(acceptor),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// A reader of [`Peer::connections`] that outlives this borrow.
    pub fn counter(&self) -> impl Fn() -> usize + Send + Sync + 'static {
        let shared = Arc::clone(&self.shared);
        move || shared.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(a) = self.acceptor.take() {
            let _ = a.join();
        }
    }
}

fn set_int_option(
    listener: &TcpListener,
    level: libc::c_int,
    name: libc::c_int,
    value: libc::c_int,
) -> std::io::Result<()> {
    // SAFETY: a valid socket descriptor, a pointer to a live c_int and its size.
    let rc = unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            level,
            name,
            (&value as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>, script: &Script) {
    accept_each(
        listener,
        &shared.stop,
        &shared.connections,
        "peer",
        |stream| {
            let s = Arc::clone(shared);
            let script = script.clone();
            thread::Builder::new().spawn(move || serve(stream, &s, &script))
        },
    );
}

/// What to read before acting.
#[derive(Clone, Copy)]
enum Until {
    /// Up to and including `\r\n\r\n`.
    Head,
    /// Whatever the first successful read returns.
    First,
}

/// Read until `until` is met; `None` when the peer closed, the peer is
/// stopping or nothing came within [`STALL`].
fn read_request(stream: &mut TcpStream, shared: &Shared, until: Until) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let since = Instant::now();
    loop {
        if shared.stop.load(Ordering::SeqCst) || since.elapsed() > STALL || buf.len() > MAX_READ {
            return None;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return None,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                let done = match until {
                    Until::First => true,
                    Until::Head => buf.windows(4).any(|w| w == b"\r\n\r\n"),
                };
                if done {
                    return Some(buf);
                }
            }
            Err(e) if is_timeout(&e) => {}
            Err(_) => return None,
        }
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
    )
}

/// Keep the connection open and silent until the peer closes it, the peer
/// is stopping, or [`STALL`] has passed; what arrives is read and dropped.
fn stall(stream: &mut TcpStream, shared: &Shared) {
    let since = Instant::now();
    let mut sink = [0u8; 16 * 1024];
    while !shared.stop.load(Ordering::SeqCst) && since.elapsed() < STALL {
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if is_timeout(&e) => {}
            Err(_) => return,
        }
    }
}

/// Close after an answer the peer is to read: stop writing, read what the
/// peer still sends (bounded), then close, so the peer gets our bytes and a
/// FIN rather than a reset.
fn lingering_close(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + Duration::from_secs(2);
    let mut sink = [0u8; 16 * 1024];
    while Instant::now() < until {
        match stream.read(&mut sink) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if is_timeout(&e) => {}
            Err(_) => break,
        }
    }
}

fn serve(mut stream: TcpStream, shared: &Shared, script: &Script) {
    if stream.set_nonblocking(false).is_err()
        || stream.set_read_timeout(Some(POLL)).is_err()
        || stream
            .set_write_timeout(Some(Duration::from_secs(10)))
            .is_err()
    {
        return;
    }
    let _ = stream.set_nodelay(true);
    match script {
        Script::Answer(bytes) | Script::AnswerFirst(bytes) => {
            let until = if matches!(script, Script::Answer(_)) {
                Until::Head
            } else {
                Until::First
            };
            if read_request(&mut stream, shared, until).is_some() && stream.write_all(bytes).is_ok()
            {
                lingering_close(stream);
            }
        }
        Script::AnswerThenStall(bytes) => {
            if read_request(&mut stream, shared, Until::Head).is_some()
                && stream.write_all(bytes).is_ok()
            {
                stall(&mut stream, shared);
            }
        }
        Script::Close => {
            if read_request(&mut stream, shared, Until::Head).is_some() {
                drop(stream);
            }
        }
        Script::CloseFirst => {
            if read_request(&mut stream, shared, Until::First).is_some() {
                drop(stream);
            }
        }
        Script::Reset => {
            if read_request(&mut stream, shared, Until::Head).is_some() {
                reset(stream);
            }
        }
        Script::ResetFirst => {
            if read_request(&mut stream, shared, Until::First).is_some() {
                reset(stream);
            }
        }
        Script::Stall => {
            if read_request(&mut stream, shared, Until::First).is_some() {
                stall(&mut stream, shared);
            }
        }
        Script::NoRead => {
            let since = Instant::now();
            while !shared.stop.load(Ordering::SeqCst) && since.elapsed() < STALL {
                thread::sleep(POLL);
            }
        }
        Script::TlsOrAlert { tls_port } => tls_or_alert(stream, shared, *tls_port),
    }
}

/// Close with SO_LINGER {on, 0}: the kernel sends RST instead of FIN.
fn reset(stream: TcpStream) {
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket descriptor, a pointer to a live linger and its size.
    unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
    drop(stream);
}

fn tls_or_alert(mut client: TcpStream, shared: &Shared, tls_port: u16) {
    let Some(first) = read_request(&mut client, shared, Until::First) else {
        return;
    };
    if first.first() != Some(&0x16) {
        if client.write_all(&TLS_ALERT).is_ok() {
            lingering_close(client);
        }
        return;
    }
    let addr = SocketAddr::from(([127, 0, 0, 1], tls_port));
    let Ok(mut server) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return;
    };
    if server.set_read_timeout(Some(POLL)).is_err() || server.write_all(&first).is_err() {
        return;
    }
    let (Ok(mut c2), Ok(mut s2)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    // Each direction on its own thread; both end when either side closes.
    let stop = &shared.stop;
    thread::scope(|scope| {
        scope.spawn(|| pump(&mut c2, &mut server, stop));
        pump(&mut s2, &mut client, stop);
    });
}

/// Copy `from` to `to` until `from` closes (then shut `to` for writing),
/// an error, the stop flag, or [`STALL`].
fn pump(from: &mut TcpStream, to: &mut TcpStream, stop: &AtomicBool) {
    let since = Instant::now();
    let mut chunk = [0u8; 16 * 1024];
    while !stop.load(Ordering::SeqCst) && since.elapsed() < STALL {
        match from.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                if to.write_all(&chunk[..n]).is_err() {
                    break;
                }
            }
            Err(e) if is_timeout(&e) => {}
            Err(_) => break,
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

/// A listener whose accept queue is full, so the kernel drops further SYNs
/// and a connect() to it times out, on loopback. Backlog 0 lets one
/// connection wait; a filler takes that place and stays.
pub struct FullQueue {
    _listener: TcpListener,
    _fillers: Vec<TcpStream>,
    port: u16,
}

impl FullQueue {
    pub fn start() -> Result<FullQueue, String> {
        let listener = crate::e2e::nginx::bind_loopback().map_err(|e| e.to_string())?;
        // SAFETY: listen() on a valid, bound socket descriptor.
        if unsafe { libc::listen(listener.as_raw_fd(), 0) } != 0 {
            return Err(format!("listen: {}", std::io::Error::last_os_error()));
        }
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut fillers = Vec::new();
        // Connect until one attempt times out: the queue is then full.
        for _ in 0..8 {
            match TcpStream::connect_timeout(&addr, Duration::from_millis(300)) {
                Ok(s) => fillers.push(s),
                Err(e) if is_timeout(&e) => {
                    return Ok(FullQueue {
                        _listener: listener,
                        _fillers: fillers,
                        port,
                    })
                }
                Err(e) => return Err(format!("connect to the full queue: {e}")),
            }
        }
        Err(format!(
            "the accept queue of 127.0.0.1:{port} took {} connections and was still not full",
            fillers.len()
        ))
    }

    pub fn port(&self) -> u16 {
        self.port
    }
}

/// A unix socket that listens but whose file has mode 000: connect() needs
/// write permission on it, so every process but root's gets EACCES (nginx's
/// workers run as `nobody` when the master runs as root). Removed on drop.
pub struct LockedSocket {
    _listener: UnixListener,
    path: PathBuf,
}

impl LockedSocket {
    pub fn bind(path: &Path) -> std::io::Result<LockedSocket> {
        let listener = UnixListener::bind(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000))?;
        Ok(LockedSocket {
            _listener: listener,
            path: path.to_path_buf(),
        })
    }
}

impl Drop for LockedSocket {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
