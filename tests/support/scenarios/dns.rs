//! A DNS server on 127.0.0.1 (UDP) that answers every query with NXDOMAIN,
//! so that nginx's resolver gets a real "Host not found" (rcode 3) for a
//! name in a variable `proxy_pass`. Bounded: a read timeout, a stop flag,
//! a lifetime; drop joins its thread.

use std::net::UdpSocket;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

const MAX_LIFETIME: Duration = Duration::from_secs(120);

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    queries: AtomicUsize,
}

pub struct NxDomain {
    port: u16,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl NxDomain {
    pub fn start() -> std::io::Result<NxDomain> {
        let socket = UdpSocket::bind("127.0.0.1:0")?;
        socket.set_read_timeout(Some(Duration::from_millis(50)))?;
        let port = socket.local_addr()?.port();
        let shared = Arc::new(Shared::default());
        let s = Arc::clone(&shared);
        let thread = thread::Builder::new()
            .name(format!("dns-{port}"))
            .spawn(move || serve(&socket, &s))?;
        Ok(NxDomain {
            port,
            shared,
            thread: Some(thread),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Queries answered so far.
    pub fn queries(&self) -> usize {
        self.shared.queries.load(Ordering::SeqCst)
    }
}

impl Drop for NxDomain {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(socket: &UdpSocket, shared: &Shared) {
    let started = Instant::now();
    let mut buf = [0u8; 512];
    while !shared.stop.load(Ordering::SeqCst) && started.elapsed() < MAX_LIFETIME {
        let Ok((n, from)) = socket.recv_from(&mut buf) else {
            continue;
        };
        if let Some(answer) = nxdomain(&buf[..n]) {
            if socket.send_to(&answer, from).is_ok() {
                shared.queries.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}

/// The NXDOMAIN answer to a query: its id and question, the flags of a
/// response (QR, RD and RA set, rcode 3) and no records.
fn nxdomain(query: &[u8]) -> Option<Vec<u8>> {
    if query.len() < 12 {
        return None;
    }
    let mut answer = Vec::with_capacity(query.len());
    answer.extend_from_slice(&query[..2]); // id
    answer.extend_from_slice(&[0x81, 0x83]); // QR RD | RA NXDOMAIN
    answer.extend_from_slice(&query[4..6]); // question count
    answer.extend_from_slice(&[0, 0, 0, 0, 0, 0]); // no answer, authority, additional
    answer.extend_from_slice(&query[12..]); // the question, as asked
    Some(answer)
}
