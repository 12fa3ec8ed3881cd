//! A tiny HTTP/1.1 client: one fresh connection per request, `Connection:
//! close`, the status code of the answer. What the tests measure is the
//! connections nginx opens to the backend, not these.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// `GET path` on 127.0.0.1:port; the status code, or an error text.
pub fn get(port: u16, path: &str) -> Result<u16, String> {
    let mut s = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(2))
        .map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    s.set_write_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    s.write_all(request.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    let mut answer = Vec::new();
    s.read_to_end(&mut answer)
        .map_err(|e| format!("read: {e}"))?;
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .or_else(|| text.strip_prefix("HTTP/1.0 "))
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok());
    status.ok_or_else(|| {
        format!(
            "not an HTTP answer: {:?}",
            text.chars().take(200).collect::<String>()
        )
    })
}

/// `n` sequential `GET path`; each entry the status, or 0 on a failure
/// (printed).
pub fn get_many(port: u16, path: &str, n: usize) -> Vec<u16> {
    (0..n)
        .map(|_| {
            get(port, path).unwrap_or_else(|e| {
                eprintln!("e2e client: GET {path} on port {port}: {e}");
                0
            })
        })
        .collect()
}
