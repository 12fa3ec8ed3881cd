//! The nginx error log, read as an input beside the config.
//!
//! nginx writes one line per event (`ngx_log_error_core` in
//! `src/core/ngx_log.c`):
//!
//! ```text
//! 2026/12/06 12:18:19 [error] 1234#1234: *5 MESSAGE (ERRNO: STRERROR) while ACTION, client: ADDR, server: NAME, request: "LINE", upstream: "URL", host: "HOST", referrer: "URL"
//! ```
//!
//! The timestamp, `[level]` and `pid#tid:` always come first; `*N` is the
//! connection number when there is a connection; the OS error in parentheses
//! follows the message when there is one; ` while ACTION` is the connection
//! log's action (`log->action`, e.g. `reading response header from
//! upstream`); the comma-separated fields come from the http log handler
//! (`ngx_http_log_error_handler` in `src/http/ngx_http_request.c`), in that
//! order, the request line, upstream, host and referrer quoted. nginx cuts a
//! line at 2048 bytes (`NGX_MAX_ERROR_STR`) and escapes nothing.
//!
//! The reader takes whatever a user pastes: any bytes (decoded as lossy
//! UTF-8), CRLF, leading blanks or a prefix before the timestamp (docker,
//! journald), `nginx: [emerg] ...` from `nginx -t`, lines cut short, lines a
//! terminal or a mail client wrapped (a continuation line without a
//! timestamp joins the event before it when it carries the event's fields or
//! ends an open quote), several events run together on one line. Lines it
//! cannot read are not errors: they are counted and listed in
//! [`ErrorLog::ignored`], with why. Every line of the input ends up in an
//! event, in the ignored list or among the blank lines. It never panics and
//! runs in time linear in the input.
//!
//! Each event's message is matched against a catalogue of what nginx says
//! about upstreams, clients and itself ([`Cause`]), with what it means
//! ([`Cause::meaning`], [`Event::meaning`]) and the module that logged it
//! where the wording or the upstream's scheme tells ([`Event::module`]).

use std::fmt;

use serde::{Serialize, Serializer};

/// nginx cuts an error-log line at this many bytes (`NGX_MAX_ERROR_STR`),
/// the line feed included.
pub const NGX_MAX_ERROR_STR: usize = 2048;

/// The most continuation lines one event takes: a wrapped line of 2048 bytes
/// at 80 columns is 26 lines.
const MAX_CONTINUATIONS: usize = 64;

// ---------------------------------------------------------------------------
// Data types

/// A whole error log, read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ErrorLog {
    /// The events, in the order of the input.
    pub events: Vec<Event>,
    /// Physical lines in the input (a last line without a line feed counts).
    pub lines: usize,
    /// Lines that hold only blanks.
    pub blank_lines: usize,
    /// Lines that are neither an event, part of one, nor blank.
    pub ignored: Vec<Ignored>,
}

impl ErrorLog {
    /// How many lines were ignored.
    pub fn ignored_count(&self) -> usize {
        self.ignored.len()
    }
}

/// A line the reader could not use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ignored {
    /// 1-based line number.
    pub line: usize,
    pub reason: LineError,
}

/// Why a line is not an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineError {
    /// Only blanks.
    Blank,
    /// No `[level]` after a timestamp, `nginx:` or `pid#tid:`, and not a
    /// continuation of the event before it.
    NoHeader,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LineError::Blank => "blank line",
            LineError::NoHeader => "not an nginx error-log line",
        })
    }
}

/// One event of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    /// 1-based line of the input where the event starts.
    pub line: usize,
    /// 1-based line where it ends (after its continuation lines).
    pub last_line: usize,
    /// The event's text from its timestamp (or `[level]`) on, continuation
    /// lines joined, without the line feed.
    pub text: String,
    /// `None` when the line had none (`nginx: [emerg] ...`) or it was cut.
    pub timestamp: Option<Timestamp>,
    pub level: Level,
    pub pid: Option<u32>,
    pub tid: Option<u64>,
    /// The `*N` connection number.
    pub connection: Option<u64>,
    /// The message, with the OS error in parentheses when there is one, and
    /// without ` while ...` and the fields.
    pub message: String,
    /// The `(errno: text)` nginx appended to the message.
    pub os_error: Option<OsError>,
    /// The ` while ...` action of the connection.
    pub phase: Option<Phase>,
    pub client: Option<String>,
    pub server: Option<String>,
    pub request: Option<Request>,
    pub subrequest: Option<String>,
    pub upstream: Option<Upstream>,
    pub host: Option<String>,
    pub referrer: Option<String>,
    /// Other `key: value` fields (the stream module's `bytes from/to client`,
    /// mail's `login`), in order.
    pub other_fields: Vec<(String, String)>,
    /// What the message says, from the catalogue.
    pub cause: Cause,
    /// The line ends short: inside a quoted value, in the middle of the
    /// action, or at nginx's own 2048-byte limit.
    pub truncated: bool,
}

/// `2026/12/06 12:18:19`, the server's local time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// nginx's log levels, least severe first (`err_levels` in ngx_log.c).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Debug,
    Info,
    Notice,
    Warn,
    Error,
    Crit,
    Alert,
    Emerg,
}

impl Level {
    pub const ALL: [Level; 8] = [
        Level::Debug,
        Level::Info,
        Level::Notice,
        Level::Warn,
        Level::Error,
        Level::Crit,
        Level::Alert,
        Level::Emerg,
    ];

    /// The word nginx writes between the brackets.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Notice => "notice",
            Level::Warn => "warn",
            Level::Error => "error",
            Level::Crit => "crit",
            Level::Alert => "alert",
            Level::Emerg => "emerg",
        }
    }

    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == name)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The OS error nginx appends as ` (errno: strerror)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OsError {
    pub code: i32,
    pub text: String,
}

/// The ` while ...` action: what the connection was doing (`log->action`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// `connecting to upstream`
    ConnectingToUpstream,
    /// `SSL handshaking to upstream`
    SslHandshakingToUpstream,
    /// `sending request to upstream`
    SendingRequestToUpstream,
    /// `reading response header from upstream`
    ReadingResponseHeaderFromUpstream,
    /// `reading upstream` (the body, through the event pipe)
    ReadingUpstream,
    /// `reading response from upstream` (unbuffered or subrequest in memory)
    ReadingResponseFromUpstream,
    /// `sending to client`
    SendingToClient,
    /// `sending response to client`
    SendingResponseToClient,
    /// `reading client request line`
    ReadingClientRequestLine,
    /// `reading client request headers`
    ReadingClientRequestHeaders,
    /// `reading PROXY protocol`
    ReadingProxyProtocol,
    /// `SSL handshaking` (with the client)
    SslHandshaking,
    /// `waiting for request`
    WaitingForRequest,
    /// `keepalive`
    Keepalive,
    /// `closing request`
    ClosingRequest,
    /// `processing HTTP/2 connection`
    ProcessingHttp2Connection,
    /// `proxying connection` (stream)
    ProxyingConnection,
    /// `proxying upgraded connection` (WebSocket and other upgrades)
    ProxyingUpgradedConnection,
    /// Any other action, as written.
    Other(String),
}

/// The known actions and their words, from the `log->action = "..."`
/// assignments in nginx's source.
const PHASES: &[(&str, Phase)] = &[
    ("connecting to upstream", Phase::ConnectingToUpstream),
    (
        "SSL handshaking to upstream",
        Phase::SslHandshakingToUpstream,
    ),
    (
        "sending request to upstream",
        Phase::SendingRequestToUpstream,
    ),
    (
        "reading response header from upstream",
        Phase::ReadingResponseHeaderFromUpstream,
    ),
    ("reading upstream", Phase::ReadingUpstream),
    (
        "reading response from upstream",
        Phase::ReadingResponseFromUpstream,
    ),
    ("sending to client", Phase::SendingToClient),
    ("sending response to client", Phase::SendingResponseToClient),
    (
        "reading client request line",
        Phase::ReadingClientRequestLine,
    ),
    (
        "reading client request headers",
        Phase::ReadingClientRequestHeaders,
    ),
    ("reading PROXY protocol", Phase::ReadingProxyProtocol),
    ("SSL handshaking", Phase::SslHandshaking),
    ("waiting for request", Phase::WaitingForRequest),
    ("keepalive", Phase::Keepalive),
    ("closing request", Phase::ClosingRequest),
    (
        "processing HTTP/2 connection",
        Phase::ProcessingHttp2Connection,
    ),
    ("proxying connection", Phase::ProxyingConnection),
    (
        "proxying upgraded connection",
        Phase::ProxyingUpgradedConnection,
    ),
];

impl Phase {
    /// The action as nginx writes it after ` while `.
    pub fn as_str(&self) -> &str {
        if let Phase::Other(s) = self {
            return s;
        }
        PHASES
            .iter()
            .find(|(_, p)| p == self)
            .map_or("", |(s, _)| s)
    }

    /// The phase of an action text: a known action, or `Other`.
    pub fn from_action(action: &str) -> Phase {
        PHASES
            .iter()
            .find(|(s, _)| *s == action)
            .map_or_else(|| Phase::Other(action.to_string()), |(_, p)| p.clone())
    }

    /// The known action that a cut-short `action` begins, if only one
    /// begins with it (at least 6 bytes, so that a stray word does not
    /// count).
    fn completing(action: &str) -> Option<Phase> {
        if action.len() < 6 {
            return None;
        }
        let mut found = PHASES.iter().filter(|(s, _)| s.starts_with(action));
        match (found.next(), found.next()) {
            (Some((_, p)), None) => Some(p.clone()),
            _ => None,
        }
    }

    /// Whether nginx was talking to the upstream, not the client.
    pub fn is_upstream(&self) -> bool {
        matches!(
            self,
            Phase::ConnectingToUpstream
                | Phase::SslHandshakingToUpstream
                | Phase::SendingRequestToUpstream
                | Phase::ReadingResponseHeaderFromUpstream
                | Phase::ReadingUpstream
                | Phase::ReadingResponseFromUpstream
        )
    }

    /// The timeout directive (without the module prefix: `connect_timeout`,
    /// `send_timeout`, `read_timeout`) that bounds this phase of an upstream
    /// exchange.
    pub fn upstream_timeout(&self) -> Option<&'static str> {
        match self {
            Phase::ConnectingToUpstream | Phase::SslHandshakingToUpstream => {
                Some("connect_timeout")
            }
            Phase::SendingRequestToUpstream => Some("send_timeout"),
            Phase::ReadingResponseHeaderFromUpstream
            | Phase::ReadingUpstream
            | Phase::ReadingResponseFromUpstream => Some("read_timeout"),
            _ => None,
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The request line of the `request: "..."` field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Request {
    /// The line as logged.
    pub raw: String,
    pub method: Option<String>,
    pub uri: Option<String>,
    /// `HTTP/1.1`, `HTTP/2.0`; `None` for an HTTP/0.9 line.
    pub protocol: Option<String>,
}

impl Request {
    /// Split a request line: `METHOD URI PROTOCOL`, `METHOD URI` (HTTP/0.9),
    /// or only the raw text when it is neither.
    pub fn parse(raw: &str) -> Request {
        let mut parts = raw.split(' ').filter(|p| !p.is_empty());
        let (method, uri, protocol) = match (parts.next(), parts.next(), parts.next(), parts.next())
        {
            (Some(m), Some(u), Some(p), None) if is_method(m) && p.starts_with("HTTP/") => {
                (Some(m), Some(u), Some(p))
            }
            (Some(m), Some(u), None, None) if is_method(m) => (Some(m), Some(u), None),
            _ => (None, None, None),
        };
        Request {
            raw: raw.to_string(),
            method: method.map(str::to_string),
            uri: uri.map(str::to_string),
            protocol: protocol.map(str::to_string),
        }
    }
}

fn is_method(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'_' || b == b'-')
}

/// The `upstream: "..."` field: the scheme, the peer nginx talked to, and
/// the URI it sent (`u->schema`, `peer.name`, `u->uri`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Upstream {
    /// The field as logged.
    pub raw: String,
    /// `http`, `https`, `grpc`, `grpcs`, `fastcgi`, `uwsgi`, `suwsgi`,
    /// `scgi`, `memcached`; empty when the value has no `://`.
    pub scheme: String,
    /// The peer's address: an IP (IPv6 without its brackets) or a host
    /// name, or for a unix socket its path.
    pub host: String,
    pub port: Option<u16>,
    /// The peer is a unix-domain socket (`unix:/path`).
    pub unix: bool,
    /// The URI sent to the upstream (empty for fastcgi and grpc).
    pub path: String,
}

impl Upstream {
    pub fn parse(raw: &str) -> Upstream {
        let (scheme, rest) = match raw.find("://") {
            Some(i) if raw[..i].bytes().all(|b| b.is_ascii_alphanumeric()) => {
                (&raw[..i], &raw[i + 3..])
            }
            _ => ("", raw),
        };
        let (host, port, unix, path) = if let Some(sock) = rest.strip_prefix("unix:") {
            // `unix:/run/app.sock:/uri`: the path ends at the next `:`.
            match sock.find(':') {
                Some(i) => (&sock[..i], None, true, &sock[i + 1..]),
                None => (sock, None, true, ""),
            }
        } else {
            let end = rest.find('/').unwrap_or(rest.len());
            let (authority, path) = rest.split_at(end);
            let (host, port) = split_host_port(authority);
            (host, port, false, path)
        };
        Upstream {
            raw: raw.to_string(),
            scheme: scheme.to_string(),
            host: host.to_string(),
            port,
            unix,
            path: path.to_string(),
        }
    }

    /// `host:port` as nginx names the peer (`[v6]:port` for IPv6,
    /// `unix:/path` for a socket).
    pub fn address(&self) -> String {
        if self.unix {
            return format!("unix:{}", self.host);
        }
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        match self.port {
            Some(p) => format!("{host}:{p}"),
            None => host,
        }
    }

    /// The module the scheme belongs to.
    pub fn module(&self) -> Option<Module> {
        Some(match self.scheme.as_str() {
            "http" | "https" => Module::Proxy,
            "grpc" | "grpcs" => Module::Grpc,
            "fastcgi" => Module::FastCgi,
            "uwsgi" | "suwsgi" => Module::Uwsgi,
            "scgi" => Module::Scgi,
            "memcached" => Module::Memcached,
            _ => return None,
        })
    }

    /// The scheme is a TLS one (`https`, `grpcs`, `suwsgi`).
    pub fn is_tls(&self) -> bool {
        matches!(self.scheme.as_str(), "https" | "grpcs" | "suwsgi")
    }
}

fn split_host_port(authority: &str) -> (&str, Option<u16>) {
    if let Some(v6) = authority.strip_prefix('[') {
        return match v6.find(']') {
            Some(i) => {
                let port = v6[i + 1..].strip_prefix(':').and_then(|p| p.parse().ok());
                (&v6[..i], port)
            }
            None => (v6, None),
        };
    }
    match authority.rfind(':') {
        Some(i) if !authority[..i].contains(':') => match authority[i + 1..].parse() {
            Ok(p) => (&authority[..i], Some(p)),
            Err(_) => (authority, None),
        },
        _ => (authority, None),
    }
}

/// The nginx module (or layer) that logged a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Module {
    /// ngx_http_proxy_module (`proxy_pass`).
    Proxy,
    /// ngx_http_grpc_module (`grpc_pass`).
    Grpc,
    /// ngx_http_fastcgi_module (`fastcgi_pass`).
    FastCgi,
    /// ngx_http_uwsgi_module (`uwsgi_pass`).
    Uwsgi,
    /// ngx_http_scgi_module (`scgi_pass`).
    Scgi,
    /// ngx_http_memcached_module (`memcached_pass`).
    Memcached,
    /// The SSL layer (ngx_event_openssl), on either side.
    Ssl,
    /// The upstream layer every `*_pass` module shares (ngx_http_upstream).
    Upstream,
    /// The resolver.
    Resolver,
    /// The http core (requests, bodies, rewrites).
    HttpCore,
    /// The event core (connections, accept, files).
    Core,
}

impl Module {
    /// The prefix of the module's directives (`proxy_`, `grpc_`...), for
    /// the modules that have one.
    pub fn directive_prefix(self) -> Option<&'static str> {
        Some(match self {
            Module::Proxy => "proxy_",
            Module::Grpc => "grpc_",
            Module::FastCgi => "fastcgi_",
            Module::Uwsgi => "uwsgi_",
            Module::Scgi => "scgi_",
            Module::Memcached => "memcached_",
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Module::Proxy => "http proxy",
            Module::Grpc => "grpc",
            Module::FastCgi => "fastcgi",
            Module::Uwsgi => "uwsgi",
            Module::Scgi => "scgi",
            Module::Memcached => "memcached",
            Module::Ssl => "ssl",
            Module::Upstream => "upstream",
            Module::Resolver => "resolver",
            Module::HttpCore => "http core",
            Module::Core => "core",
        }
    }
}

impl fmt::Display for Module {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a message says: the catalogue of nginx's messages about upstreams,
/// clients and its own limits. The numbers and names a message carries are
/// kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Cause {
    /// `upstream sent too large http2 frame: N` (grpc).
    Http2FrameTooLarge { size: Option<u64> },
    /// `upstream sent invalid header...` (every upstream module).
    InvalidHeader { detail: Option<String> },
    /// `upstream sent no valid HTTP/1.0 header` (proxy).
    NoValidHttp10Header,
    /// `upstream sent too big header` (upstream, for every module).
    HeaderTooBig,
    /// `upstream sent invalid chunked response` (proxy).
    InvalidChunkedResponse,
    /// Any other `upstream sent ...` protocol error (`upstream sent
    /// unexpected http2 frame: 7`, `upstream sent invalid status ...`).
    UpstreamProtocolError { detail: String },
    /// `upstream prematurely closed connection` (`stream` for grpc,
    /// `FastCGI stdout` for fastcgi).
    PrematurelyClosed { what: String },
    /// `connect() failed (111: Connection refused)`.
    ConnectionRefused { address: Option<String> },
    /// `connect() failed (113: No route to host)`.
    NoRouteToHost { address: Option<String> },
    /// `connect() to unix:PATH failed (2: No such file or directory)`.
    SocketNotFound { path: String },
    /// `connect() to unix:PATH failed (13: Permission denied)`.
    SocketPermissionDenied { path: String },
    /// Another `connect()` failure (`101: Network is unreachable`, `99:
    /// Cannot assign requested address`).
    ConnectFailed {
        address: Option<String>,
        errno: Option<i32>,
    },
    /// `no live upstreams`.
    NoLiveUpstreams,
    /// `upstream server temporarily disabled` (a warning: `max_fails`
    /// reached).
    UpstreamDisabled,
    /// `upstream timed out (110: Connection timed out)`.
    UpstreamTimedOut,
    /// `recv() failed (104: Connection reset by peer)` (also `readv()`,
    /// `writev()`, `send()`, `SSL_read()`...).
    ConnectionReset { call: String },
    /// `writev() failed (32: Broken pipe)`.
    BrokenPipe { call: String },
    /// `SSL_do_handshake() failed (SSL: ...)`; `wrong version number` is
    /// what OpenSSL says when the peer answered in plain text.
    SslHandshakeFailed {
        wrong_version_number: bool,
        detail: Option<String>,
    },
    /// `upstream SSL certificate verify error: (18:self-signed certificate)`.
    SslCertificateVerify {
        code: Option<i64>,
        reason: Option<String>,
    },
    /// `upstream SSL certificate does not match "NAME"`.
    SslCertificateMismatch { name: Option<String> },
    /// `peer closed connection in SSL handshake`.
    SslPeerClosed,
    /// `host not found in upstream "NAME"` (emerg: the config test).
    HostNotFound { host: Option<String> },
    /// `NAME could not be resolved (3: Host not found)`.
    NotResolved {
        host: String,
        code: Option<i32>,
        reason: Option<String>,
    },
    /// `no resolver defined to resolve NAME`.
    NoResolver { host: String },
    /// `client intended to send too large body: N bytes`.
    ClientBodyTooLarge { bytes: Option<u64> },
    /// `client sent plain HTTP request to HTTPS port` (info): logged by the
    /// nginx that owns the TLS port, so when it is a backend, by the backend.
    PlainHttpToHttpsPort,
    /// `client prematurely closed connection`.
    ClientClosed,
    /// `rewrite or internal redirection cycle while processing "URI"`.
    RedirectionCycle { uri: Option<String> },
    /// `N worker_connections are not enough`.
    WorkerConnectionsNotEnough { count: Option<u64> },
    /// `(24: Too many open files)` after any call.
    TooManyOpenFiles { call: Option<String> },
    /// `an upstream response is buffered to a temporary file PATH`.
    ResponseBufferedToFile { path: Option<String> },
    /// `a client request body is buffered to a temporary file PATH`.
    RequestBodyBufferedToFile { path: Option<String> },
    /// Anything else.
    Other,
}

impl Cause {
    /// A stable name, for output and tests.
    pub fn id(&self) -> &'static str {
        match self {
            Cause::Http2FrameTooLarge { .. } => "http2-frame-too-large",
            Cause::InvalidHeader { .. } => "invalid-header",
            Cause::NoValidHttp10Header => "no-valid-http10-header",
            Cause::HeaderTooBig => "header-too-big",
            Cause::InvalidChunkedResponse => "invalid-chunked-response",
            Cause::UpstreamProtocolError { .. } => "upstream-protocol-error",
            Cause::PrematurelyClosed { .. } => "prematurely-closed",
            Cause::ConnectionRefused { .. } => "connection-refused",
            Cause::NoRouteToHost { .. } => "no-route-to-host",
            Cause::SocketNotFound { .. } => "socket-not-found",
            Cause::SocketPermissionDenied { .. } => "socket-permission-denied",
            Cause::ConnectFailed { .. } => "connect-failed",
            Cause::NoLiveUpstreams => "no-live-upstreams",
            Cause::UpstreamDisabled => "upstream-disabled",
            Cause::UpstreamTimedOut => "upstream-timed-out",
            Cause::ConnectionReset { .. } => "connection-reset",
            Cause::BrokenPipe { .. } => "broken-pipe",
            Cause::SslHandshakeFailed { .. } => "ssl-handshake-failed",
            Cause::SslCertificateVerify { .. } => "ssl-certificate-verify",
            Cause::SslCertificateMismatch { .. } => "ssl-certificate-mismatch",
            Cause::SslPeerClosed => "ssl-peer-closed",
            Cause::HostNotFound { .. } => "host-not-found",
            Cause::NotResolved { .. } => "not-resolved",
            Cause::NoResolver { .. } => "no-resolver",
            Cause::ClientBodyTooLarge { .. } => "client-body-too-large",
            Cause::PlainHttpToHttpsPort => "plain-http-to-https-port",
            Cause::ClientClosed => "client-closed",
            Cause::RedirectionCycle { .. } => "redirection-cycle",
            Cause::WorkerConnectionsNotEnough { .. } => "worker-connections-not-enough",
            Cause::TooManyOpenFiles { .. } => "too-many-open-files",
            Cause::ResponseBufferedToFile { .. } => "response-buffered-to-file",
            Cause::RequestBodyBufferedToFile { .. } => "request-body-buffered-to-file",
            Cause::Other => "other",
        }
    }

    /// What the message means, in words (independent of the phase; see
    /// [`Event::meaning`] for the phase-aware wording).
    pub fn meaning(&self) -> &'static str {
        match self {
            Cause::Http2FrameTooLarge { .. } => {
                "nginx spoke HTTP/2 to the upstream (grpc_pass) and read its answer as an HTTP/2 \
                 frame with an impossible length: the backend speaks HTTP/1.x, not HTTP/2 \
                 (4740180 is the bytes \"HTT\" of \"HTTP/1.1\" read as a frame length)"
            }
            Cause::InvalidHeader { .. } => {
                "the upstream's response header is not valid for the protocol nginx expected: \
                 often the backend speaks another protocol (HTTP/2 or TLS where plain HTTP/1.x \
                 was expected, or the reverse) or sent a malformed header line"
            }
            Cause::NoValidHttp10Header => {
                "the upstream answered without an HTTP status line: it is not an HTTP server \
                 on that port (TLS, HTTP/2 only, another protocol), or it answered HTTP/0.9"
            }
            Cause::HeaderTooBig => {
                "the upstream's response headers do not fit in the buffer \
                 (proxy_buffer_size and its grpc_/fastcgi_/uwsgi_/scgi_ twins; 4k or 8k by \
                 default): large cookies or many headers"
            }
            Cause::InvalidChunkedResponse => {
                "the upstream's chunked response body is malformed (a bad chunk size line)"
            }
            Cause::UpstreamProtocolError { .. } => {
                "the upstream broke the protocol nginx speaks to it"
            }
            Cause::PrematurelyClosed { .. } => {
                "the upstream closed the connection before it sent a whole response: it \
                 crashed, hit its own timeout or limit, or closed an idle keep-alive \
                 connection nginx reused"
            }
            Cause::ConnectionRefused { .. } => {
                "nothing listens at the upstream's address and port (the backend is down, or \
                 the config names the wrong port)"
            }
            Cause::NoRouteToHost { .. } => {
                "the upstream's host cannot be reached: it is down, or a firewall rejects the \
                 connection"
            }
            Cause::SocketNotFound { .. } => {
                "the upstream's unix socket does not exist: the backend is not running, or \
                 the path in the config is wrong"
            }
            Cause::SocketPermissionDenied { .. } => {
                "nginx's worker user may not open the upstream's unix socket (the socket's \
                 owner, group or mode, or a directory on its path)"
            }
            Cause::ConnectFailed { .. } => "nginx could not open a connection to the upstream",
            Cause::NoLiveUpstreams => {
                "every server of the upstream group is marked unavailable (max_fails within \
                 fail_timeout, or down), so nginx did not even try one"
            }
            Cause::UpstreamDisabled => {
                "a server of the upstream group reached max_fails and is skipped for \
                 fail_timeout"
            }
            Cause::UpstreamTimedOut => {
                "the upstream did not answer within the timeout of the phase nginx was in"
            }
            Cause::ConnectionReset { .. } => {
                "the peer reset the connection: it crashed, refused the protocol, or closed a \
                 connection nginx was still using"
            }
            Cause::BrokenPipe { .. } => "the peer closed the connection while nginx was writing",
            Cause::SslHandshakeFailed { .. } => {
                "the TLS handshake failed; \"wrong version number\" means the peer answered \
                 in plain text: an https:// (or grpcs://) upstream that speaks plain HTTP"
            }
            Cause::SslCertificateVerify { .. } => {
                "the upstream's certificate does not verify against proxy_ssl_trusted_certificate \
                 (self-signed, expired, or an unknown authority) and proxy_ssl_verify is on"
            }
            Cause::SslCertificateMismatch { .. } => {
                "the upstream's certificate is not for the name nginx checks (proxy_ssl_name)"
            }
            Cause::SslPeerClosed => {
                "the upstream closed the connection during the TLS handshake: it does not \
                 speak TLS there, or rejected nginx's TLS version, ciphers or SNI"
            }
            Cause::HostNotFound { .. } => {
                "a host name in the config has no address when nginx starts: nginx refuses the \
                 config"
            }
            Cause::NotResolved { .. } => {
                "the resolver could not resolve the upstream's name at request time \
                 (a variable in *_pass, or a server with resolve)"
            }
            Cause::NoResolver { .. } => {
                "the upstream is named by a variable, so nginx must resolve it per request, and \
                 no resolver is configured"
            }
            Cause::ClientBodyTooLarge { .. } => {
                "the client's request body is larger than client_max_body_size (1m by \
                 default): nginx answered 413"
            }
            Cause::PlainHttpToHttpsPort => {
                "a client (often another nginx with proxy_pass http://) spoke plain HTTP to a \
                 TLS port: nginx answered 400 \"The plain HTTP request was sent to HTTPS port\""
            }
            Cause::ClientClosed => "the client closed the connection before nginx answered",
            Cause::RedirectionCycle { .. } => {
                "rewrite, try_files, error_page or index redirected the request more than 10 \
                 times: a loop in the config (nginx answered 500)"
            }
            Cause::WorkerConnectionsNotEnough { .. } => {
                "a worker ran out of connections (worker_connections counts both client and \
                 upstream connections)"
            }
            Cause::TooManyOpenFiles { .. } => {
                "the worker reached its limit of open files (worker_rlimit_nofile or the \
                 system's ulimit -n)"
            }
            Cause::ResponseBufferedToFile { .. } => {
                "the upstream's response did not fit in proxy_buffers and was written to a \
                 temporary file: slower, not an error"
            }
            Cause::RequestBodyBufferedToFile { .. } => {
                "the client's request body did not fit in client_body_buffer_size and was \
                 written to a temporary file: slower, not an error"
            }
            Cause::Other => "not in confine's catalogue",
        }
    }

    /// The module the wording alone tells, if it does.
    pub fn module(&self) -> Option<Module> {
        Some(match self {
            Cause::Http2FrameTooLarge { .. } => Module::Grpc,
            Cause::NoValidHttp10Header | Cause::InvalidChunkedResponse => Module::Proxy,
            Cause::PrematurelyClosed { what } if what == "stream" => Module::Grpc,
            Cause::PrematurelyClosed { what } if what.starts_with("FastCGI") => Module::FastCgi,
            Cause::UpstreamProtocolError { detail } if detail.contains("http2") => Module::Grpc,
            Cause::UpstreamProtocolError { detail } if detail.contains("FastCGI") => {
                Module::FastCgi
            }
            Cause::HeaderTooBig | Cause::NoLiveUpstreams | Cause::UpstreamDisabled => {
                Module::Upstream
            }
            Cause::SslHandshakeFailed { .. }
            | Cause::SslCertificateVerify { .. }
            | Cause::SslCertificateMismatch { .. }
            | Cause::SslPeerClosed => Module::Ssl,
            Cause::NotResolved { .. } | Cause::NoResolver { .. } => Module::Resolver,
            Cause::ClientBodyTooLarge { .. }
            | Cause::PlainHttpToHttpsPort
            | Cause::RedirectionCycle { .. }
            | Cause::RequestBodyBufferedToFile { .. } => Module::HttpCore,
            Cause::WorkerConnectionsNotEnough { .. } | Cause::TooManyOpenFiles { .. } => {
                Module::Core
            }
            _ => return None,
        })
    }

    /// The message is about the upstream side of a request.
    pub fn is_upstream(&self) -> bool {
        !matches!(
            self,
            Cause::ClientBodyTooLarge { .. }
                | Cause::PlainHttpToHttpsPort
                | Cause::ClientClosed
                | Cause::RedirectionCycle { .. }
                | Cause::WorkerConnectionsNotEnough { .. }
                | Cause::TooManyOpenFiles { .. }
                | Cause::RequestBodyBufferedToFile { .. }
                | Cause::Other
        )
    }

    /// Read a message (without ` while ...` and the fields) into a cause.
    pub fn classify(message: &str, os_error: Option<&OsError>) -> Cause {
        classify(message, os_error)
    }
}

impl Event {
    /// The module that logged the message: from the wording where it tells,
    /// else from the upstream's scheme.
    pub fn module(&self) -> Option<Module> {
        match self.cause.module() {
            Some(Module::Upstream) | None => self
                .upstream
                .as_ref()
                .and_then(Upstream::module)
                .or(self.cause.module()),
            m => m,
        }
    }

    /// The module whose directives the upstream uses (`proxy_`, `grpc_`...),
    /// from the upstream's scheme, or from the wording (grpc for an HTTP/2
    /// framing error).
    pub fn upstream_module(&self) -> Option<Module> {
        self.upstream
            .as_ref()
            .and_then(Upstream::module)
            .or_else(|| {
                self.cause
                    .module()
                    .filter(|m| m.directive_prefix().is_some())
            })
    }

    /// The directive whose timeout ran out, for an `upstream timed out`
    /// (`proxy_read_timeout` while reading the response header...).
    pub fn timeout_directive(&self) -> Option<String> {
        if self.cause != Cause::UpstreamTimedOut {
            return None;
        }
        let which = self.phase.as_ref()?.upstream_timeout()?;
        let prefix = self
            .upstream_module()
            .and_then(Module::directive_prefix)
            .unwrap_or("proxy_");
        Some(format!("{prefix}{which}"))
    }

    /// What the event means, in words, with the phase taken into account.
    pub fn meaning(&self) -> String {
        match (&self.cause, &self.phase) {
            (Cause::UpstreamTimedOut, Some(phase)) => match self.timeout_directive() {
                Some(d) => format!(
                    "the upstream did not answer within {d} (60s by default) while nginx was {phase}"
                ),
                None => format!("the upstream did not answer in time while nginx was {phase}"),
            },
            (Cause::ConnectionReset { .. }, Some(phase)) if phase.is_upstream() => format!(
                "the upstream reset the connection while nginx was {phase}: it crashed, refused \
                 the protocol nginx spoke (HTTP/2 or TLS toward a plain HTTP/1.x server), or \
                 closed a keep-alive connection nginx reused"
            ),
            (Cause::ConnectionReset { .. }, Some(phase)) => {
                format!("the client reset the connection while nginx was {phase}")
            }
            (cause, _) => cause.meaning().to_string(),
        }
    }
}

// ---------------------------------------------------------------------------
// Reading

/// Read an error log: any bytes, decoded as lossy UTF-8.
pub fn parse(bytes: &[u8]) -> ErrorLog {
    parse_str(&String::from_utf8_lossy(bytes))
}

/// Read an error log from text.
pub fn parse_str(text: &str) -> ErrorLog {
    let mut log = ErrorLog::default();
    // The event being gathered: its first line, last line, text, and the
    // number of continuation lines it took.
    let mut open: Option<Pending> = None;
    let mut number = 0usize;
    for raw in text.split('\n') {
        number += 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let line = trim_start_blanks(line);
        if line.trim_end().is_empty() {
            log.blank_lines += 1;
            continue;
        }
        let headers = find_headers(line);
        match headers.first() {
            None => {
                if let Some(p) = open.as_mut().filter(|p| p.accepts(line)) {
                    p.join(line, number);
                } else {
                    log.ignored.push(Ignored {
                        line: number,
                        reason: LineError::NoHeader,
                    });
                    if let Some(p) = open.take() {
                        log.events.push(p.finish());
                    }
                }
            }
            Some(&first) => {
                let prefix = line[..first].trim_end();
                if !prefix.is_empty() {
                    if let Some(p) = open.as_mut().filter(|p| p.accepts(prefix)) {
                        p.join(prefix, number);
                    }
                }
                if let Some(p) = open.take() {
                    log.events.push(p.finish());
                }
                for (k, &start) in headers.iter().enumerate() {
                    let end = headers.get(k + 1).copied().unwrap_or(line.len());
                    let piece = line[start..end].trim_end();
                    if let Some(p) = open.take() {
                        log.events.push(p.finish());
                    }
                    open = Some(Pending {
                        line: number,
                        last_line: number,
                        text: piece.to_string(),
                        continuations: 0,
                    });
                }
            }
        }
    }
    if let Some(p) = open.take() {
        log.events.push(p.finish());
    }
    // `split` yields an empty last piece after a final line feed (and for an
    // empty input): it is not a line.
    if text.is_empty() || text.ends_with('\n') {
        number -= 1;
        log.blank_lines -= 1;
    }
    log.lines = number;
    log
}

/// Read one line (or one event's text) on its own.
pub fn parse_line(line: &str) -> Result<Event, LineError> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let line = trim_start_blanks(line);
    if line.trim_end().is_empty() {
        return Err(LineError::Blank);
    }
    let start = *find_headers(line).first().ok_or(LineError::NoHeader)?;
    let text = line[start..].trim_end();
    parse_event(text, 1, 1).ok_or(LineError::NoHeader)
}

fn trim_start_blanks(s: &str) -> &str {
    s.trim_start_matches([' ', '\t', '\u{feff}'])
}

/// An event whose continuation lines may still come.
struct Pending {
    line: usize,
    last_line: usize,
    text: String,
    continuations: usize,
}

impl Pending {
    /// Whether `line` (no header of its own) continues this event: it ends a
    /// quoted value the event left open, or it carries the fields or the
    /// action nginx writes after a message.
    fn accepts(&self, line: &str) -> bool {
        if self.continuations >= MAX_CONTINUATIONS || self.text.len() >= 4 * NGX_MAX_ERROR_STR {
            return false;
        }
        // Inside a quoted value, or right after a field's `key:`.
        if open_quote(&self.text) || (self.text.ends_with(':') && self.text.contains(", client: "))
        {
            return true;
        }
        let l = line.trim_start();
        const STARTS: &[&str] = &[
            ",",
            "while ",
            "client: ",
            "server: ",
            "request: \"",
            "subrequest: \"",
            "upstream: \"",
            "host: \"",
            "referrer: \"",
        ];
        const INSIDE: &[&str] = &[
            ", client: ",
            ", server: ",
            ", request: \"",
            ", upstream: \"",
            ", host: \"",
            ", referrer: \"",
        ];
        STARTS.iter().any(|s| l.starts_with(s)) || INSIDE.iter().any(|s| l.contains(s))
    }

    fn join(&mut self, line: &str, number: usize) {
        let l = line.trim_start();
        let glue = if open_quote(&self.text) {
            // Inside a quoted value (a URI, a host): the wrap cut a word,
            // unless it fell on the space before the protocol.
            if l.starts_with("HTTP/") {
                " "
            } else {
                ""
            }
        } else if l.starts_with(',') || self.text.ends_with([' ', '\t']) || rejoins(&self.text, l) {
            ""
        } else {
            " "
        };
        self.text.push_str(glue);
        self.text.push_str(l.trim_end());
        self.last_line = number;
        self.continuations += 1;
    }

    fn finish(self) -> Event {
        let (line, last) = (self.line, self.last_line);
        parse_event(&self.text, line, last)
            .unwrap_or_else(|| Event::unreadable(self.text, line, last))
    }
}

/// Words a wrap may cut: a field's start, an action, a catalogue message.
/// When one of them spans the cut, the two pieces join without a space.
const SEAM_WORDS: &[&str] = &[
    ", client: ",
    ", server: ",
    ", request: \"",
    ", subrequest: \"",
    ", upstream: \"",
    ", host: \"",
    ", referrer: \"",
    " while ",
    "upstream timed out",
    "upstream sent ",
    "upstream prematurely closed",
    "connect() failed",
    "no live upstreams",
    "Connection refused",
    "Connection timed out",
    "Connection reset by peer",
    "could not be resolved",
    "wrong version number",
];

/// Whether `text` and `next` glued without a space make one of the
/// [`SEAM_WORDS`] or a known action across the seam. Looks at no more than
/// 48 bytes on each side.
fn rejoins(text: &str, next: &str) -> bool {
    let mut from = text.len().saturating_sub(48);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = next.len().min(48);
    while !next.is_char_boundary(to) {
        to -= 1;
    }
    let window = format!("{}{}", &text[from..], &next[..to]);
    let seam = text.len() - from;
    let spans = |word: &str| {
        window
            .match_indices(word)
            .any(|(i, w)| i < seam && seam < i + w.len())
    };
    SEAM_WORDS.iter().any(|w| spans(w)) || PHASES.iter().any(|(w, _)| spans(w))
}

/// Whether the fields of `text` end inside a quoted value.
fn open_quote(text: &str) -> bool {
    let Some(f) = fields_start(text) else {
        return false;
    };
    let fields = parse_fields(&text[f..]);
    fields.truncated
}

impl Event {
    /// An event whose header was found but whose joined text no longer reads
    /// (a bare `[error]` with `, client: ...` glued to it on the next line);
    /// kept, with all its lines, so that no line is lost.
    fn unreadable(text: String, line: usize, last_line: usize) -> Event {
        Event {
            line,
            last_line,
            message: text.clone(),
            text,
            timestamp: None,
            level: Level::Error,
            pid: None,
            tid: None,
            connection: None,
            os_error: None,
            phase: None,
            client: None,
            server: None,
            request: None,
            subrequest: None,
            upstream: None,
            host: None,
            referrer: None,
            other_fields: Vec::new(),
            cause: Cause::Other,
            truncated: true,
        }
    }
}

/// Where events start in a line: the byte offsets of their headers, in
/// order. A header is `YYYY/MM/DD HH:MM:SS [level] `, `nginx: [level] `,
/// `[level] PID#TID: ` (a timestamp cut off), or `[level] ` at the start of
/// the line. One pass over the `[` bytes, each checked in constant time.
fn find_headers(line: &str) -> Vec<usize> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'[' {
            i += 1;
            continue;
        }
        let Some((_, after)) = level_at(b, i) else {
            i += 1;
            continue;
        };
        let start = if i >= 20 && b[i - 1] == b' ' && timestamp_at(b, i - 20).is_some() {
            Some(i - 20)
        } else if i >= 7 && &b[i - 7..i] == b"nginx: " {
            Some(i - 7)
        } else if pid_at(b, after).is_some() || i == 0 {
            Some(i)
        } else {
            None
        };
        match start {
            Some(s) => {
                out.push(s);
                i = after;
            }
            None => i += 1,
        }
    }
    out
}

/// `[level]` followed by a space or the end, at `i`: the level and the
/// offset after the space.
fn level_at(b: &[u8], i: usize) -> Option<(Level, usize)> {
    let rest = b.get(i + 1..)?;
    let close = rest.iter().take(8).position(|&c| c == b']')?;
    let name = std::str::from_utf8(&rest[..close]).ok()?;
    let level = Level::from_name(name)?;
    let after = i + 1 + close + 1;
    match b.get(after) {
        Some(b' ') => Some((level, after + 1)),
        None => Some((level, after)),
        _ => None,
    }
}

/// `YYYY/MM/DD HH:MM:SS` at `i`.
fn timestamp_at(b: &[u8], i: usize) -> Option<Timestamp> {
    let s = b.get(i..i + 19)?;
    let shape = b"dddd/dd/dd dd:dd:dd";
    for (c, want) in s.iter().zip(shape) {
        let ok = if *want == b'd' {
            c.is_ascii_digit()
        } else {
            c == want
        };
        if !ok {
            return None;
        }
    }
    let num = |r: std::ops::Range<usize>| -> u16 {
        s[r].iter().fold(0u16, |n, &d| n * 10 + u16::from(d - b'0'))
    };
    let t = Timestamp {
        year: num(0..4),
        month: num(5..7) as u8,
        day: num(8..10) as u8,
        hour: num(11..13) as u8,
        minute: num(14..16) as u8,
        second: num(17..19) as u8,
    };
    let valid = (1..=12).contains(&t.month)
        && (1..=31).contains(&t.day)
        && t.hour < 24
        && t.minute < 60
        && t.second <= 60;
    valid.then_some(t)
}

/// `PID#TID: ` at `i`: the two numbers and the offset after `": "`.
fn pid_at(b: &[u8], i: usize) -> Option<(u32, u64, usize)> {
    let (pid, j) = number_at(b, i, 10)?;
    if b.get(j) != Some(&b'#') {
        return None;
    }
    let (tid, k) = number_at(b, j + 1, 20)?;
    if b.get(k) != Some(&b':') {
        return None;
    }
    let after = if b.get(k + 1) == Some(&b' ') {
        k + 2
    } else {
        k + 1
    };
    Some((u32::try_from(pid).ok()?, tid, after))
}

/// Up to `max` decimal digits at `i`: the value and the offset after them.
fn number_at(b: &[u8], i: usize, max: usize) -> Option<(u64, usize)> {
    let digits = b
        .get(i..)?
        .iter()
        .take(max)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let mut n: u64 = 0;
    for &d in &b[i..i + digits] {
        n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    Some((n, i + digits))
}

/// Read an event's text, which starts at a header `find_headers` found.
fn parse_event(text: &str, line: usize, last_line: usize) -> Option<Event> {
    let b = text.as_bytes();
    let (timestamp, bracket) = match timestamp_at(b, 0) {
        Some(t) => (Some(t), 20),
        None if text.starts_with("nginx: ") => (None, 7),
        None => (None, 0),
    };
    if b.get(bracket) != Some(&b'[') {
        return None;
    }
    let (level, mut at) = level_at(b, bracket)?;
    let (mut pid, mut tid) = (None, None);
    if let Some((p, t, after)) = pid_at(b, at) {
        pid = Some(p);
        tid = Some(t);
        at = after;
    }
    let mut connection = None;
    if b.get(at) == Some(&b'*') {
        if let Some((n, after)) = number_at(b, at + 1, 20) {
            if b.get(after) == Some(&b' ') {
                connection = Some(n);
                at = after + 1;
            } else if after == b.len() {
                connection = Some(n);
                at = after;
            }
        }
    }
    let body = &text[at..];

    let fields_at = fields_start(body);
    let head = &body[..fields_at.unwrap_or(body.len())];
    let fields = fields_at.map(|f| parse_fields(&body[f..]));

    let mut truncated = text.len() + 1 >= NGX_MAX_ERROR_STR;
    let (message, phase) = split_phase(head, fields_at.is_none(), &mut truncated);
    let os_error = os_error_of(message);
    let cause = classify(message, os_error.as_ref());

    let mut event = Event {
        line,
        last_line,
        text: text.to_string(),
        timestamp,
        level,
        pid,
        tid,
        connection,
        message: message.to_string(),
        os_error,
        phase,
        client: None,
        server: None,
        request: None,
        subrequest: None,
        upstream: None,
        host: None,
        referrer: None,
        other_fields: Vec::new(),
        cause,
        truncated,
    };
    if let Some(fields) = fields {
        event.truncated |= fields.truncated;
        for (key, value) in fields.pairs {
            match key {
                "client" => event.client = Some(value.to_string()),
                "server" => event.server = Some(value.to_string()),
                "request" => event.request = Some(Request::parse(value)),
                "subrequest" => event.subrequest = Some(value.to_string()),
                "upstream" => event.upstream = Some(Upstream::parse(value)),
                "host" => event.host = Some(value.to_string()),
                "referrer" => event.referrer = Some(value.to_string()),
                _ => event
                    .other_fields
                    .push((key.to_string(), value.to_string())),
            }
        }
    }
    Some(event)
}

/// Where the fields begin: the first field a log handler writes first,
/// `, client: ` (http, stream, mail), `, resolver: ` (the resolver's own
/// queries, `ngx_resolver_log_error`) or `, responder: ` (OCSP stapling).
fn fields_start(body: &str) -> Option<usize> {
    [", client: ", ", resolver: ", ", responder: "]
        .iter()
        .filter_map(|f| body.find(f))
        .min()
}

/// Split `MESSAGE while ACTION` at the last ` while ` that begins a known
/// action, or an unknown one written as nginx writes actions (no quote: the
/// ` while processing "/x"` of a redirection cycle is part of its
/// message). `cut`: the line has no fields, so an action may be cut short.
fn split_phase<'a>(head: &'a str, cut: bool, truncated: &mut bool) -> (&'a str, Option<Phase>) {
    let Some(w) = head.rfind(" while ") else {
        return (head, None);
    };
    let action = &head[w + 7..];
    let message = &head[..w];
    if let Some((_, p)) = PHASES.iter().find(|(s, _)| *s == action) {
        return (message, Some(p.clone()));
    }
    if cut {
        if let Some(p) = Phase::completing(action) {
            *truncated = true;
            return (message, Some(p));
        }
        return (head, None);
    }
    let plain = !action.is_empty()
        && action.len() <= 64
        && !action.contains('"')
        && !message.ends_with("cycle");
    if plain {
        (message, Some(Phase::Other(action.to_string())))
    } else {
        (head, None)
    }
}

/// The last ` (N: text)` of a message: the OS error nginx appends (or the
/// resolver's code, which nginx writes the same way).
fn os_error_of(message: &str) -> Option<OsError> {
    let b = message.as_bytes();
    let mut best = None;
    let mut i = 0;
    while let Some(off) = message[i..].find(" (") {
        let open = i + off;
        i = open + 2;
        let Some((code, after)) = number_at(b, open + 2, 6) else {
            continue;
        };
        if b.get(after..after + 2) != Some(b": ") {
            continue;
        }
        // strerror texts are short and have no parentheses.
        let text_start = after + 2;
        let window = &b[text_start..b.len().min(text_start + 100)];
        let Some(close) = window.iter().position(|&c| c == b')' || c == b'(') else {
            continue;
        };
        if window[close] != b')' {
            continue;
        }
        let Ok(code) = i32::try_from(code) else {
            continue;
        };
        best = Some(OsError {
            code,
            text: message[text_start..text_start + close].to_string(),
        });
    }
    best
}

/// The fields after the message: `, key: value` pairs.
struct Fields<'a> {
    pairs: Vec<(&'a str, &'a str)>,
    /// A quoted value has no closing quote.
    truncated: bool,
}

/// Read `, key: value, key: "value"...`. A quoted value ends at the first
/// `"` that is followed by the end or by `, key: `: values are not escaped
/// (a request line may hold quotes), so the next field's start is what
/// ends one.
fn parse_fields(s: &str) -> Fields<'_> {
    let b = s.as_bytes();
    let mut pairs = Vec::new();
    let mut truncated = false;
    let mut at = 0;
    while at < b.len() {
        let Some((key_end, value_start)) = field_start(b, at) else {
            break;
        };
        let key = &s[at + 2..key_end];
        if b.get(value_start) == Some(&b'"') {
            let from = value_start + 1;
            let mut j = from;
            let mut end = None;
            while j < b.len() {
                if b[j] == b'"' && (j + 1 == b.len() || field_start(b, j + 1).is_some()) {
                    end = Some(j);
                    break;
                }
                j += 1;
            }
            match end {
                Some(e) => {
                    pairs.push((key, &s[from..e]));
                    at = e + 1;
                }
                None => {
                    pairs.push((key, &s[from..]));
                    truncated = true;
                    at = b.len();
                }
            }
        } else {
            let mut j = value_start;
            while j < b.len() && field_start(b, j).is_none() {
                j += 1;
            }
            pairs.push((key, s[value_start..j].trim_end()));
            at = j;
        }
    }
    Fields { pairs, truncated }
}

/// `, key: ` at `i` (a key is a lowercase word, or words such as `bytes from
/// client`, at most 40 bytes): the end of the key and the start of the value.
fn field_start(b: &[u8], i: usize) -> Option<(usize, usize)> {
    if b.get(i..i + 2) != Some(b", ") {
        return None;
    }
    let k = i + 2;
    let first = *b.get(k)?;
    if !first.is_ascii_lowercase() {
        return None;
    }
    let len = b[k..]
        .iter()
        .take(41)
        .take_while(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b' ' | b'/' | b'-')
        })
        .count();
    if len == 0 || len > 40 {
        return None;
    }
    let key_end = k + len;
    if b.get(key_end) != Some(&b':') {
        return None;
    }
    // The stream module writes `bytes from/to client:0/0`, without a space.
    match b.get(key_end + 1) {
        Some(b' ') => Some((key_end, key_end + 2)),
        _ => Some((key_end, key_end + 1)),
    }
}

// ---------------------------------------------------------------------------
// The catalogue

fn classify(message: &str, os: Option<&OsError>) -> Cause {
    let m = message;
    let errno = os.map(|e| e.code);
    if let Some(rest) = m.strip_prefix("upstream sent too large http2 frame") {
        return Cause::Http2FrameTooLarge {
            size: rest.strip_prefix(": ").and_then(leading_number),
        };
    }
    if let Some(rest) = m.strip_prefix("upstream sent invalid header") {
        let detail = rest.trim_start_matches(':').trim();
        return Cause::InvalidHeader {
            detail: (!detail.is_empty()).then(|| detail.trim_matches('"').to_string()),
        };
    }
    if m.starts_with("upstream sent no valid HTTP/1.0 header") {
        return Cause::NoValidHttp10Header;
    }
    if m.starts_with("upstream sent too big header") {
        return Cause::HeaderTooBig;
    }
    if m.starts_with("upstream sent invalid chunked response") {
        return Cause::InvalidChunkedResponse;
    }
    if let Some(rest) = m.strip_prefix("upstream sent ") {
        return Cause::UpstreamProtocolError {
            detail: rest.to_string(),
        };
    }
    if let Some(rest) = m.strip_prefix("upstream prematurely closed ") {
        return Cause::PrematurelyClosed {
            what: strip_os_error(rest).to_string(),
        };
    }
    if m.starts_with("no live upstreams") {
        return Cause::NoLiveUpstreams;
    }
    if m.starts_with("upstream server temporarily disabled") {
        return Cause::UpstreamDisabled;
    }
    if m.starts_with("upstream timed out") {
        return Cause::UpstreamTimedOut;
    }
    if m.starts_with("SSL_do_handshake() failed") {
        let detail = ssl_detail(m);
        return Cause::SslHandshakeFailed {
            wrong_version_number: m.contains("wrong version number"),
            detail,
        };
    }
    if let Some(rest) = m.strip_prefix("upstream SSL certificate verify error: ") {
        // `(%l:%s)`
        let inner = rest.trim().trim_start_matches('(').trim_end_matches(')');
        let (code, reason) = match inner.split_once(':') {
            Some((c, r)) => (c.trim().parse().ok(), Some(r.trim().to_string())),
            None => (None, (!inner.is_empty()).then(|| inner.to_string())),
        };
        return Cause::SslCertificateVerify { code, reason };
    }
    if let Some(rest) = m.strip_prefix("upstream SSL certificate does not match ") {
        return Cause::SslCertificateMismatch {
            name: first_quoted(rest),
        };
    }
    if m.starts_with("peer closed connection in SSL handshake") {
        return Cause::SslPeerClosed;
    }
    if let Some(rest) = m.strip_prefix("host not found in upstream ") {
        return Cause::HostNotFound {
            host: first_quoted(rest),
        };
    }
    if let Some(i) = m.find(" could not be resolved") {
        return Cause::NotResolved {
            host: m[..i].to_string(),
            code: os.map(|e| e.code),
            reason: os.map(|e| e.text.clone()),
        };
    }
    if let Some(rest) = m.strip_prefix("no resolver defined to resolve ") {
        return Cause::NoResolver {
            host: rest.trim().to_string(),
        };
    }
    if let Some(rest) = m.strip_prefix("client intended to send too large ") {
        let bytes = rest.split_once(": ").and_then(|(_, n)| leading_number(n));
        return Cause::ClientBodyTooLarge { bytes };
    }
    if m.starts_with("client sent plain HTTP request to HTTPS port") {
        return Cause::PlainHttpToHttpsPort;
    }
    // `epoll_wait() reported that client prematurely closed connection, so
    // upstream connection is closed too` (ngx_http_upstream_check_broken_
    // connection; `kevent()` on the BSDs).
    let m_client = ["epoll_wait() reported that ", "kevent() reported that "]
        .iter()
        .find_map(|p| m.strip_prefix(p))
        .unwrap_or(m);
    if m_client.starts_with("client prematurely closed connection") {
        return Cause::ClientClosed;
    }
    if m.starts_with("rewrite or internal redirection cycle") {
        return Cause::RedirectionCycle {
            uri: first_quoted(m),
        };
    }
    if let Some(i) = m.find(" worker_connections are not enough") {
        return Cause::WorkerConnectionsNotEnough {
            count: m[..i].trim().parse().ok(),
        };
    }
    if errno == Some(24) || m.contains("(24: Too many open files)") {
        return Cause::TooManyOpenFiles {
            call: call_of(m).map(str::to_string),
        };
    }
    if let Some(rest) = m.strip_prefix("an upstream response is buffered to a temporary file") {
        return Cause::ResponseBufferedToFile {
            path: nonempty(rest.trim()),
        };
    }
    if let Some(rest) = m.strip_prefix("a client request body is buffered to a temporary file") {
        return Cause::RequestBodyBufferedToFile {
            path: nonempty(rest.trim()),
        };
    }
    if m.starts_with("connect() ") {
        // `connect() failed (E: ...)` or `connect() to ADDR failed (E: ...)`.
        let address = m
            .strip_prefix("connect() to ")
            .and_then(|r| r.find(" failed").map(|i| r[..i].to_string()));
        return match (errno, address) {
            (Some(111), address) => Cause::ConnectionRefused { address },
            (Some(113), address) => Cause::NoRouteToHost { address },
            (Some(2), Some(a)) if a.starts_with("unix:") => Cause::SocketNotFound {
                path: a["unix:".len()..].to_string(),
            },
            (Some(13), Some(a)) if a.starts_with("unix:") => Cause::SocketPermissionDenied {
                path: a["unix:".len()..].to_string(),
            },
            (errno, address) => Cause::ConnectFailed { address, errno },
        };
    }
    if let Some(call) = call_of(m) {
        if m[call.len()..].starts_with(" failed") {
            match errno {
                Some(104) => {
                    return Cause::ConnectionReset {
                        call: call.to_string(),
                    }
                }
                Some(32) => {
                    return Cause::BrokenPipe {
                        call: call.to_string(),
                    }
                }
                _ => {}
            }
        }
    }
    Cause::Other
}

/// `recv()`, `SSL_read()`...: the system or library call a message starts
/// with.
fn call_of(m: &str) -> Option<&str> {
    let open = m.find("() ")?;
    let name = &m[..open];
    (!name.is_empty()
        && name.len() <= 40
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_'))
    .then(|| &m[..open + 2])
}

/// The `(SSL: ...)` part of an OpenSSL error, or the OS error.
fn ssl_detail(m: &str) -> Option<String> {
    if let Some(i) = m.find("(SSL:") {
        let inner = &m[i + 1..];
        let end = inner.rfind(')').unwrap_or(inner.len());
        return nonempty(inner[..end].trim());
    }
    let open = m.find(" (")?;
    let inner = &m[open + 2..];
    nonempty(inner.trim_end_matches(')').trim())
}

fn strip_os_error(s: &str) -> &str {
    match s.find(" (") {
        Some(i) => &s[..i],
        None => s,
    }
    .trim_end()
}

fn first_quoted(s: &str) -> Option<String> {
    let start = s.find('"')? + 1;
    let len = s[start..].find('"').unwrap_or(s.len() - start);
    Some(s[start..start + len].to_string())
}

fn leading_number(s: &str) -> Option<u64> {
    number_at(s.as_bytes(), 0, 20).map(|(n, _)| n)
}

fn nonempty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: &str = "2026/12/06 12:18:19 [error] 31#31: *1 upstream sent too large http2 frame: 4740180 while reading response header from upstream, client: 10.0.1.7, server: api.internal, request: \"POST /v1/ingest HTTP/2.0\", upstream: \"grpc://10.0.2.10:8080\", host: \"api.internal\"";

    fn one(line: &str) -> Event {
        match parse_line(line) {
            Ok(e) => e,
            Err(e) => panic!("{e}: {line}"),
        }
    }

    #[test]
    fn reads_every_part_of_a_line() {
        let e = one(FRAME);
        assert_eq!(
            e.timestamp.map(|t| t.to_string()).as_deref(),
            Some("2026/12/06 12:18:19")
        );
        assert_eq!(e.level, Level::Error);
        assert_eq!((e.pid, e.tid, e.connection), (Some(31), Some(31), Some(1)));
        assert_eq!(e.message, "upstream sent too large http2 frame: 4740180");
        assert_eq!(e.phase, Some(Phase::ReadingResponseHeaderFromUpstream));
        assert_eq!(e.client.as_deref(), Some("10.0.1.7"));
        assert_eq!(e.server.as_deref(), Some("api.internal"));
        let r = e.request.as_ref().expect("request");
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert_eq!(r.uri.as_deref(), Some("/v1/ingest"));
        assert_eq!(r.protocol.as_deref(), Some("HTTP/2.0"));
        let u = e.upstream.as_ref().expect("upstream");
        assert_eq!(
            (u.scheme.as_str(), u.host.as_str(), u.port, u.path.as_str()),
            ("grpc", "10.0.2.10", Some(8080), "")
        );
        assert_eq!(u.address(), "10.0.2.10:8080");
        assert_eq!(e.host.as_deref(), Some("api.internal"));
        assert_eq!(e.referrer, None);
        assert_eq!(
            e.cause,
            Cause::Http2FrameTooLarge {
                size: Some(4740180)
            }
        );
        assert_eq!(e.module(), Some(Module::Grpc));
        assert!(!e.truncated);
    }

    /// One realistic line per catalogue entry: (line, cause id, phase).
    const TABLE: &[(&str, &str, Option<&str>)] = &[
        (FRAME, "http2-frame-too-large", Some("reading response header from upstream")),
        ("2026/12/06 12:20:01 [error] 31#31: *7 upstream sent invalid header: \"X-Bad\\x01...\" while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"GET /invalid HTTP/1.1\", upstream: \"http://127.0.0.1:9001/invalid\", host: \"localhost\"", "invalid-header", Some("reading response header from upstream")),
        ("2026/12/06 12:20:02 [error] 31#31: *8 upstream sent no valid HTTP/1.0 header while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:9443/\", host: \"localhost\"", "no-valid-http10-header", Some("reading response header from upstream")),
        ("2026/12/06 12:20:03 [error] 31#31: *9 upstream sent too big header while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"GET /big HTTP/1.1\", upstream: \"http://127.0.0.1:9002/big\", host: \"localhost\"", "header-too-big", Some("reading response header from upstream")),
        ("2026/12/06 12:20:04 [error] 31#31: *10 upstream prematurely closed connection while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"GET /close HTTP/1.1\", upstream: \"http://127.0.0.1:9003/close\", host: \"localhost\"", "prematurely-closed", Some("reading response header from upstream")),
        ("2026/12/06 12:20:05 [error] 31#31: *11 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:9004/\", host: \"localhost\"", "connection-refused", Some("connecting to upstream")),
        ("2026/12/06 12:20:06 [error] 31#31: *12 connect() failed (113: No route to host) while connecting to upstream, client: 10.0.0.5, server: app, request: \"GET / HTTP/1.1\", upstream: \"http://10.9.9.9:80/\", host: \"app\"", "no-route-to-host", Some("connecting to upstream")),
        ("2026/12/06 12:20:07 [crit] 31#31: *13 connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET /index.php HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"localhost\"", "socket-not-found", Some("connecting to upstream")),
        ("2026/12/06 12:20:08 [crit] 31#31: *14 connect() to unix:/run/app/app.sock failed (13: Permission denied) while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET /x HTTP/1.1\", upstream: \"http://unix:/run/app/app.sock:/x\", host: \"localhost\"", "socket-permission-denied", Some("connecting to upstream")),
        ("2026/12/06 12:20:09 [error] 31#31: *15 no live upstreams while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"http://pool/\", host: \"localhost\"", "no-live-upstreams", Some("connecting to upstream")),
        ("2026/12/06 12:20:10 [error] 31#31: *16 upstream timed out (110: Connection timed out) while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"http://10.255.255.1:80/\", host: \"localhost\"", "upstream-timed-out", Some("connecting to upstream")),
        ("2026/12/06 12:20:11 [error] 31#31: *17 upstream timed out (110: Connection timed out) while sending request to upstream, client: 127.0.0.1, server: localhost, request: \"POST /up HTTP/1.1\", upstream: \"http://127.0.0.1:9005/up\", host: \"localhost\"", "upstream-timed-out", Some("sending request to upstream")),
        ("2026/12/06 12:20:12 [error] 31#31: *18 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"GET /slow HTTP/1.1\", upstream: \"http://127.0.0.1:9006/slow\", host: \"localhost\"", "upstream-timed-out", Some("reading response header from upstream")),
        ("2026/12/06 12:20:13 [error] 31#31: *19 upstream timed out (110: Connection timed out) while reading upstream, client: 127.0.0.1, server: localhost, request: \"GET /drip HTTP/1.1\", upstream: \"http://127.0.0.1:9007/drip\", host: \"localhost\"", "upstream-timed-out", Some("reading upstream")),
        ("2026/12/06 12:20:14 [error] 31#31: *20 upstream timed out (110: Connection timed out) while SSL handshaking to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"https://127.0.0.1:9008/\", host: \"localhost\"", "upstream-timed-out", Some("SSL handshaking to upstream")),
        ("2026/12/06 12:20:15 [error] 31#31: *21 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"grpc://127.0.0.1:9009\", host: \"localhost\"", "connection-reset", Some("reading response header from upstream")),
        ("2026/12/06 12:20:16 [error] 31#31: *22 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"https://127.0.0.1:9010/\", host: \"localhost\"", "ssl-handshake-failed", Some("SSL handshaking to upstream")),
        ("2026/12/06 12:20:17 [error] 31#31: *23 upstream SSL certificate verify error: (18:self-signed certificate) while SSL handshaking to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"https://127.0.0.1:9011/\", host: \"localhost\"", "ssl-certificate-verify", Some("SSL handshaking to upstream")),
        ("2026/12/06 12:20:18 [error] 31#31: *24 peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"https://127.0.0.1:9012/\", host: \"localhost\"", "ssl-peer-closed", Some("SSL handshaking to upstream")),
        ("nginx: [emerg] host not found in upstream \"backend.internal:8080\" in /etc/nginx/conf.d/app.conf:12", "host-not-found", None),
        ("2026/12/06 12:20:19 [emerg] 1#1: host not found in upstream \"backend.internal\" in /etc/nginx/nginx.conf:30", "host-not-found", None),
        ("2026/12/06 12:20:20 [error] 31#31: *25 app.internal could not be resolved (3: Host not found), client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", host: \"localhost\"", "not-resolved", None),
        ("2026/12/06 12:20:21 [error] 31#31: *26 upstream sent invalid chunked response while reading upstream, client: 127.0.0.1, server: localhost, request: \"GET /chunk HTTP/1.1\", upstream: \"http://127.0.0.1:9013/chunk\", host: \"localhost\"", "invalid-chunked-response", Some("reading upstream")),
        ("2026/12/06 12:20:22 [error] 31#31: *27 client intended to send too large body: 2097152 bytes, client: 127.0.0.1, server: localhost, request: \"POST /upload HTTP/1.1\", host: \"localhost\"", "client-body-too-large", None),
        ("2026/12/06 12:20:23 [error] 31#31: *28 rewrite or internal redirection cycle while processing \"/loop\", client: 127.0.0.1, server: localhost, request: \"GET /loop HTTP/1.1\", host: \"localhost\"", "redirection-cycle", None),
        ("2026/12/06 12:20:24 [alert] 31#31: *29 1024 worker_connections are not enough while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:9014/\", host: \"localhost\"", "worker-connections-not-enough", Some("connecting to upstream")),
        ("2026/12/06 12:20:25 [crit] 31#31: accept4() failed (24: Too many open files)", "too-many-open-files", None),
        ("2026/12/06 12:20:26 [warn] 31#31: *30 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream, client: 127.0.0.1, server: localhost, request: \"GET /large HTTP/1.1\", upstream: \"http://127.0.0.1:9015/large\", host: \"localhost\"", "response-buffered-to-file", Some("reading upstream")),
        ("2026/12/06 12:20:27 [warn] 31#31: *31 a client request body is buffered to a temporary file /var/cache/nginx/client_temp/0000000001, client: 127.0.0.1, server: localhost, request: \"POST /up HTTP/1.1\", host: \"localhost\"", "request-body-buffered-to-file", None),
        ("2026/12/06 12:20:28 [error] 31#31: *32 no resolver defined to resolve app.internal, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", host: \"localhost\"", "no-resolver", None),
        ("2026/12/06 12:20:29 [warn] 31#31: *33 upstream server temporarily disabled while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:9004/\", host: \"localhost\"", "upstream-disabled", Some("connecting to upstream")),
        ("2026/12/06 12:20:30 [error] 31#31: *34 upstream prematurely closed stream while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"POST /helloworld.Greeter/SayHello HTTP/2.0\", upstream: \"grpc://127.0.0.1:50051\", host: \"localhost:8443\"", "prematurely-closed", Some("reading response header from upstream")),
        ("2026/12/06 12:20:31 [error] 31#31: *35 writev() failed (32: Broken pipe) while sending request to upstream, client: 127.0.0.1, server: localhost, request: \"POST /up HTTP/1.1\", upstream: \"http://127.0.0.1:9016/up\", host: \"localhost\"", "broken-pipe", Some("sending request to upstream")),
        ("2026/12/06 12:20:32 [error] 31#31: *36 upstream SSL certificate does not match \"backend.internal\" while SSL handshaking to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"https://127.0.0.1:9017/\", host: \"localhost\"", "ssl-certificate-mismatch", Some("SSL handshaking to upstream")),
        ("2026/12/06 12:20:33 [info] 31#31: *37 client prematurely closed connection while reading upstream, client: 127.0.0.1, server: localhost, request: \"GET /stream HTTP/1.1\", upstream: \"http://127.0.0.1:9018/stream\", host: \"localhost\"", "client-closed", Some("reading upstream")),
        ("2026/12/06 12:20:34 [error] 31#31: *38 upstream sent unexpected http2 frame: 7 while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"POST /a.B/C HTTP/2.0\", upstream: \"grpc://127.0.0.1:50051\", host: \"localhost\"", "upstream-protocol-error", Some("reading response header from upstream")),
        ("2026/12/06 12:20:35 [error] 31#31: *39 connect() failed (101: Network is unreachable) while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"http://[2001:db8::1]:80/\", host: \"localhost\"", "connect-failed", Some("connecting to upstream")),
        // nginx 1.22.1, a TLS listener reached with proxy_pass http:// (seen 2026-12-07).
        ("2026/12/07 03:41:19 [info] 1887#1887: *1 client sent plain HTTP request to HTTPS port while reading client request headers, client: 127.0.0.1, server: , request: \"GET /plain-to-tls/x HTTP/1.0\", host: \"127.0.0.1:19443\"", "plain-http-to-https-port", Some("reading client request headers")),
        ("2026/12/06 12:20:36 [notice] 31#31: signal process started", "other", None),
    ];

    #[test]
    fn the_catalogue_table() {
        for (line, id, phase) in TABLE {
            let e = one(line);
            assert_eq!(e.cause.id(), *id, "{line}\n{e:#?}");
            assert_eq!(e.phase.as_ref().map(Phase::as_str), *phase, "{line}");
            assert!(!e.truncated, "{line}");
            assert!(!e.meaning().is_empty());
            if e.connection.is_some() {
                assert_eq!(e.client.as_deref().is_some(), e.text.contains(", client: "));
            }
        }
    }

    #[test]
    fn numbers_and_names_are_kept() {
        let cause = |i: usize| one(TABLE[i].0).cause;
        assert_eq!(
            cause(1),
            Cause::InvalidHeader {
                detail: Some("X-Bad\\x01...".into())
            }
        );
        assert_eq!(
            cause(7),
            Cause::SocketNotFound {
                path: "/run/php/php8.2-fpm.sock".into()
            }
        );
        assert_eq!(
            cause(8),
            Cause::SocketPermissionDenied {
                path: "/run/app/app.sock".into()
            }
        );
        assert_eq!(
            cause(16),
            Cause::SslHandshakeFailed {
                wrong_version_number: true,
                detail: Some("SSL: error:0A00010B:SSL routines::wrong version number".into())
            }
        );
        assert_eq!(
            cause(17),
            Cause::SslCertificateVerify {
                code: Some(18),
                reason: Some("self-signed certificate".into())
            }
        );
        assert_eq!(
            cause(19),
            Cause::HostNotFound {
                host: Some("backend.internal:8080".into())
            }
        );
        assert_eq!(
            cause(21),
            Cause::NotResolved {
                host: "app.internal".into(),
                code: Some(3),
                reason: Some("Host not found".into())
            }
        );
        assert_eq!(
            cause(23),
            Cause::ClientBodyTooLarge {
                bytes: Some(2097152)
            }
        );
        assert_eq!(
            cause(24),
            Cause::RedirectionCycle {
                uri: Some("/loop".into())
            }
        );
        assert_eq!(
            cause(25),
            Cause::WorkerConnectionsNotEnough { count: Some(1024) }
        );
        assert_eq!(
            cause(26),
            Cause::TooManyOpenFiles {
                call: Some("accept4()".into())
            }
        );
        assert_eq!(
            cause(27),
            Cause::ResponseBufferedToFile {
                path: Some("/var/cache/nginx/proxy_temp/1/00/0000000001".into())
            }
        );
        assert_eq!(
            cause(15),
            Cause::ConnectionReset {
                call: "recv()".into()
            }
        );
        let e = one(TABLE[5].0);
        assert_eq!(
            e.os_error,
            Some(OsError {
                code: 111,
                text: "Connection refused".into()
            })
        );
    }

    #[test]
    fn timeouts_name_the_directive_of_their_phase() {
        let d = |i: usize| one(TABLE[i].0).timeout_directive();
        assert_eq!(d(10).as_deref(), Some("proxy_connect_timeout"));
        assert_eq!(d(11).as_deref(), Some("proxy_send_timeout"));
        assert_eq!(d(12).as_deref(), Some("proxy_read_timeout"));
        assert_eq!(d(13).as_deref(), Some("proxy_read_timeout"));
        assert_eq!(d(14).as_deref(), Some("proxy_connect_timeout"));
        let grpc = one(&TABLE[12]
            .0
            .replace("http://127.0.0.1:9006/slow", "grpc://127.0.0.1:9006"));
        assert_eq!(
            grpc.timeout_directive().as_deref(),
            Some("grpc_read_timeout")
        );
        assert!(one(TABLE[12].0).meaning().contains("proxy_read_timeout"));
    }

    #[test]
    fn modules_from_wording_or_scheme() {
        let m = |i: usize| one(TABLE[i].0).module();
        assert_eq!(m(0), Some(Module::Grpc));
        assert_eq!(m(2), Some(Module::Proxy));
        assert_eq!(m(3), Some(Module::Proxy)); // too big header: the scheme tells
        assert_eq!(m(7), Some(Module::FastCgi));
        assert_eq!(m(16), Some(Module::Ssl));
        assert_eq!(m(31), Some(Module::Grpc));
        let uwsgi = one(&TABLE[3]
            .0
            .replace("http://127.0.0.1:9002/big", "uwsgi://127.0.0.1:9002"));
        assert_eq!(uwsgi.module(), Some(Module::Uwsgi));
        let scgi = one(&TABLE[3]
            .0
            .replace("http://127.0.0.1:9002/big", "scgi://127.0.0.1:9002"));
        assert_eq!(scgi.module(), Some(Module::Scgi));
    }

    #[test]
    fn upstream_values() {
        let u = Upstream::parse("http://unix:/run/app.sock:/api/x?y=1");
        assert!(u.unix);
        assert_eq!(
            (u.host.as_str(), u.path.as_str()),
            ("/run/app.sock", "/api/x?y=1")
        );
        assert_eq!(u.address(), "unix:/run/app.sock");
        let u = Upstream::parse("http://[::1]:8080/a");
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("::1", Some(8080), "/a")
        );
        assert_eq!(u.address(), "[::1]:8080");
        let u = Upstream::parse("https://pool/");
        assert_eq!((u.host.as_str(), u.port, u.is_tls()), ("pool", None, true));
        let u = Upstream::parse("weird");
        assert_eq!((u.scheme.as_str(), u.host.as_str()), ("", "weird"));
    }

    #[test]
    fn requests() {
        let r = Request::parse("GET /a b HTTP/1.1");
        assert_eq!(r.method, None);
        let r = Request::parse("GET /");
        assert_eq!(
            (r.method.as_deref(), r.uri.as_deref(), r.protocol),
            (Some("GET"), Some("/"), None)
        );
        let r = Request::parse("\\x16\\x03\\x01");
        assert_eq!(r.method, None);
        assert_eq!(r.raw, "\\x16\\x03\\x01");
    }

    #[test]
    fn quotes_inside_values_and_empty_server() {
        let e = one("2026/12/06 12:00:00 [error] 5#5: *1 upstream timed out (110: Connection timed out) while reading response header from upstream, client: ::1, server: , request: \"GET /?q=\"a\" HTTP/1.1\", upstream: \"http://[::1]:81/?q=\"a\"\", host: \"x\", referrer: \"http://r/\"");
        assert_eq!(e.server.as_deref(), Some(""));
        assert_eq!(e.client.as_deref(), Some("::1"));
        assert_eq!(
            e.request.as_ref().map(|r| r.raw.as_str()),
            Some("GET /?q=\"a\" HTTP/1.1")
        );
        assert_eq!(e.upstream.as_ref().map(|u| u.port), Some(Some(81)));
        assert_eq!(e.host.as_deref(), Some("x"));
        assert_eq!(e.referrer.as_deref(), Some("http://r/"));
    }

    /// Written by nginx 1.22.1 (tests/error_log_nginx.rs, resolver-down):
    /// the resolver's own log handler writes `, resolver: ADDR` and no
    /// client.
    #[test]
    fn resolver_lines_carry_the_resolver_field() {
        let e = one("2026/12/07 03:44:50 [error] 5458#5458: send() failed (111: Connection refused) while resolving, resolver: 127.0.0.1:60244");
        assert_eq!(e.message, "send() failed (111: Connection refused)");
        assert_eq!(e.phase, Some(Phase::Other("resolving".into())));
        assert_eq!(
            e.other_fields,
            [("resolver".to_string(), "127.0.0.1:60244".to_string())]
        );
        assert_eq!((e.client, e.connection), (None, None));
        assert_eq!(e.cause, Cause::Other);
    }

    /// Written by nginx 1.22.1 (tests/error_log_nginx.rs, client-closed):
    /// the upstream's check of the client connection names the event
    /// method first.
    #[test]
    fn a_client_that_gave_up_while_the_upstream_was_busy() {
        let e = one("2026/12/07 04:51:02 [info] 28625#28625: *2 epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while sending request to upstream, client: 127.0.0.1, server: app.test, request: \"GET /api/v1/items HTTP/1.1\", upstream: \"http://127.0.0.1:33181/api/v1/items\", host: \"app.test\"");
        assert_eq!(e.cause, Cause::ClientClosed);
        assert_eq!(e.phase, Some(Phase::SendingRequestToUpstream));
        let e = one("2026/12/07 04:51:02 [info] 5#5: *2 kevent() reported that client prematurely closed connection while reading response header from upstream, client: ::1");
        assert_eq!(e.cause, Cause::ClientClosed);
    }

    #[test]
    fn stream_fields_are_kept_as_other() {
        let e = one("2026/12/06 12:00:00 [error] 5#5: *3 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: 0.0.0.0:5432, upstream: \"127.0.0.1:5433\", bytes from/to client:0/0, bytes from/to upstream:0/0");
        assert_eq!(e.cause.id(), "connection-refused");
        assert_eq!(e.upstream.as_ref().map(|u| u.port), Some(Some(5433)));
        assert_eq!(
            e.other_fields,
            [
                ("bytes from/to client".to_string(), "0/0".to_string()),
                ("bytes from/to upstream".to_string(), "0/0".to_string())
            ]
        );
    }

    #[test]
    fn a_whole_log_with_crlf_wraps_cuts_and_noise() {
        let text = format!(
            "\u{feff}  {FRAME}\r\n\
             some unrelated line\r\n\
             \r\n\
             2026/12/06 12:20:12 [error] 31#31: *18 upstream timed out (110: Connection timed out) while reading response header from\r\n\
             \x20 upstream, client: 127.0.0.1, server: localhost, request: \"GET /sl\r\n\
             ow HTTP/1.1\", upstream: \"http://127.0.0.1:9006/slow\", host: \"localhost\"\r\n\
             web-1  | 2026/12/06 12:20:05 [error] 31#31: *11 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: localhost, request: \"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:9004/\", host: \"localhost\"2026/12/06 12:20:09 [error] 31#31: *15 no live upstreams while connecting to upstream, client: 127.0.0.1\n\
             2026/12/06 12:20:03 [error] 31#31: *9 upstream sent too big header while reading response header from upstream, client: 127.0.0.1, server: localhost, request: \"GET /big HTTP/1.1\", upstream: \"http://127.0.0.1:90"
        );
        let log = parse(text.as_bytes());
        assert_eq!(log.lines, 8);
        assert_eq!(log.blank_lines, 1);
        assert_eq!(
            log.ignored,
            vec![Ignored {
                line: 2,
                reason: LineError::NoHeader
            }]
        );
        let ids: Vec<_> = log.events.iter().map(|e| e.cause.id()).collect();
        assert_eq!(
            ids,
            [
                "http2-frame-too-large",
                "upstream-timed-out",
                "connection-refused",
                "no-live-upstreams",
                "header-too-big"
            ]
        );
        let wrapped = &log.events[1];
        assert_eq!((wrapped.line, wrapped.last_line), (4, 6));
        assert_eq!(
            wrapped.phase,
            Some(Phase::ReadingResponseHeaderFromUpstream)
        );
        assert_eq!(
            wrapped.request.as_ref().and_then(|r| r.uri.as_deref()),
            Some("/slow")
        );
        assert_eq!(wrapped.host.as_deref(), Some("localhost"));
        assert_eq!(
            wrapped.timeout_directive().as_deref(),
            Some("proxy_read_timeout")
        );
        assert_eq!(log.events[2].line, 7);
        assert_eq!(log.events[3].line, 7);
        assert_eq!(log.events[3].client.as_deref(), Some("127.0.0.1"));
        let cut = &log.events[4];
        assert!(cut.truncated);
        assert_eq!(
            cut.upstream.as_ref().map(|u| u.raw.as_str()),
            Some("http://127.0.0.1:90")
        );
    }

    #[test]
    fn a_line_cut_inside_the_action() {
        let e = one("2026/12/06 12:20:12 [error] 31#31: *18 upstream timed out (110: Connection timed out) while reading response header fr");
        assert_eq!(e.phase, Some(Phase::ReadingResponseHeaderFromUpstream));
        assert!(e.truncated);
        assert_eq!(e.cause, Cause::UpstreamTimedOut);
    }

    #[test]
    fn headers_without_a_timestamp() {
        let e = one(
            "[error] 31#31: *5 no live upstreams while connecting to upstream, client: 1.2.3.4",
        );
        assert_eq!(
            (e.timestamp, e.level, e.pid),
            (None, Level::Error, Some(31))
        );
        let e = one("6 12:20:05 [warn] 9#9: *1 upstream server temporarily disabled while connecting to upstream");
        assert_eq!((e.level, e.cause.id()), (Level::Warn, "upstream-disabled"));
        assert_eq!(
            parse_line("just text [error] here"),
            Err(LineError::NoHeader)
        );
        assert_eq!(parse_line("  \r\n"), Err(LineError::Blank));
        for level in Level::ALL {
            let e = one(&format!("2026/01/02 03:04:05 [{level}] 1#2: hello"));
            assert_eq!(e.level, level);
            assert_eq!(e.message, "hello");
        }
    }

    /// Found by the property test: a continuation glued to a bare header
    /// spoils the header; the event keeps both lines.
    #[test]
    fn a_bare_header_and_its_fields_on_the_next_line() {
        let log = parse(b"[error] \n, client: 2026/12/06 12:18:19 ");
        assert_eq!((log.lines, log.ignored.len()), (2, 0));
        assert_eq!(log.events.len(), 1);
        assert_eq!((log.events[0].line, log.events[0].last_line), (1, 2));
        assert!(log.events[0].truncated);
    }

    #[test]
    fn counts_add_up_on_empty_and_final_newline() {
        assert_eq!(parse(b"").lines, 0);
        let log = parse(b"\n");
        assert_eq!((log.lines, log.blank_lines), (1, 1));
        let log = parse(FRAME.as_bytes());
        assert_eq!((log.lines, log.events.len()), (1, 1));
        let log = parse(format!("{FRAME}\n{FRAME}\n").as_bytes());
        assert_eq!((log.lines, log.events.len(), log.blank_lines), (2, 2, 0));
        let log = parse(b"\xff\xfe garbage\n2026/12/06 12:18:19 [error] 1#1: \xc3(\n");
        assert_eq!((log.lines, log.events.len(), log.ignored.len()), (2, 1, 1));
    }
}
