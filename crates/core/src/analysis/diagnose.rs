//! The error log read against the config: each event placed at the server,
//! location and `*_pass` that handled its request, so that a rule can blame
//! the line that must change.
//!
//! nginx writes `server:` as the first `server_name` of the server that
//! handled the request (`""` when it has none), `request:` as the request
//! line, and `upstream:` as the peer it talked to (the address it resolved,
//! or the upstream's name when no peer was chosen). The event's server is
//! found by that name (the `Host` header only breaks ties), the location by
//! routing the request inside it ([`route_in_server`]), and the backend by
//! matching the logged peer to the location's `*_pass` and its upstream's
//! `server` lines. What the log names and the config does not have is a
//! [`Place::Mismatch`]: the log was probably written by another config.

use crate::analysis::context::Context;
use crate::analysis::location::Location;
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::analysis::route::{self, route_in_server, Request, Route};
use crate::analysis::target::PassTarget;
use crate::input::error_log::{Cause, ErrorLog, Event, Module, Upstream};

/// Every event of a log, placed.
#[derive(Debug)]
pub struct Diagnosed<'l> {
    pub log: &'l ErrorLog,
    /// One per event whose cause is in the catalogue (`Cause::Other` events
    /// say nothing a rule reads), in log order.
    pub events: Vec<Diagnosis<'l>>,
}

/// One event and where it belongs.
#[derive(Debug)]
pub struct Diagnosis<'l> {
    /// Its index in `log.events`.
    pub index: usize,
    pub event: &'l Event,
    pub place: Place,
}

/// Where an event belongs in the config.
#[derive(Debug)]
pub enum Place {
    /// No request to route: about nginx as a whole (its limits, its start),
    /// or logged by a backend (`client sent plain HTTP request to HTTPS
    /// port`); the rule that reads it searches the config itself.
    Global,
    /// The request's server, location and backend.
    Routed(Box<Routed>),
    /// The log names a server or upstream this config does not have; the
    /// sentence says which.
    Mismatch(String),
    /// The server is known but the route stopped (a regex confine cannot
    /// evaluate, a URI nginx rejects): the sentence says why.
    Unrouted(String),
}

/// A routed event.
#[derive(Debug)]
pub struct Routed {
    /// The `server` directive that handled the request.
    pub server: EntryId,
    pub route: Route,
    /// The `*_pass` behind the logged upstream (or the location's own when
    /// the event names no upstream).
    pub pass: Option<EntryId>,
    /// The `upstream {}` block the pass names.
    pub upstream: Option<EntryId>,
    /// The upstream's `server` line the logged peer is.
    pub peer: Option<EntryId>,
}

impl<'l> Diagnosed<'l> {
    /// The placed events whose cause satisfies `want`.
    pub fn with<'s>(
        &'s self,
        want: impl Fn(&Cause) -> bool + 's,
    ) -> impl Iterator<Item = &'s Diagnosis<'l>> + 's {
        self.events.iter().filter(move |d| want(&d.event.cause))
    }
}

impl Diagnosis<'_> {
    pub fn routed(&self) -> Option<&Routed> {
        match &self.place {
            Place::Routed(r) => Some(r),
            _ => None,
        }
    }
}

/// Place every event of `log` in the config.
pub fn diagnose<'l>(model: &Model<'_>, log: &'l ErrorLog) -> Diagnosed<'l> {
    let servers = servers(model);
    let events = log
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.cause != Cause::Other)
        .map(|(index, event)| Diagnosis {
            index,
            event,
            place: place(model, &servers, event),
        })
        .collect();
    Diagnosed { log, events }
}

/// A `server` of the http block and the name nginx logs for it.
struct Server {
    entry: EntryId,
    /// Every `server_name`, in order; nginx logs the first (`""` when none).
    names: Vec<String>,
}

fn servers(model: &Model<'_>) -> Vec<Server> {
    model
        .named("server")
        .iter()
        .filter_map(|&entry| {
            let scope = model.entries[entry].opens?;
            (model.scopes[scope].context == Context::HttpServer).then_some(())?;
            let names = model
                .members_named(scope, "server_name")
                .flat_map(|n| model.args(n))
                .map(|a| String::from_utf8_lossy(&a).into_owned())
                .collect();
            Some(Server { entry, names })
        })
        .collect()
}

/// Causes that carry no request of this config to route.
fn is_global(cause: &Cause) -> bool {
    matches!(
        cause,
        Cause::HostNotFound { .. }
            | Cause::PlainHttpToHttpsPort
            | Cause::WorkerConnectionsNotEnough { .. }
            | Cause::TooManyOpenFiles { .. }
    )
}

fn place(model: &Model<'_>, servers: &[Server], event: &Event) -> Place {
    let Some(request) = event.request.as_ref() else {
        return Place::Global;
    };
    if is_global(&event.cause) {
        return Place::Global;
    }
    if request.uri.is_none() {
        return Place::Unrouted(format!(
            "the request line \"{}\" cannot be routed",
            request.raw
        ));
    }
    let port = event.host.as_deref().and_then(host_port);
    let req = Request::from_line(&request.raw, event.host.as_deref(), port);
    let server = match event.server.as_deref() {
        Some(name) => match server_named(model, servers, name, &req) {
            Ok(s) => s,
            Err(why) => return Place::Mismatch(why),
        },
        None => match route::route(model, &req).server {
            Some((s, _)) => s,
            None => return Place::Mismatch("no http server here takes the request".into()),
        },
    };
    let route = route_in_server(model, server, &req);
    if let Some(why) = &route.stopped {
        return Place::Unrouted(why.clone());
    }
    let handler = route.handler.filter(|&h| is_pass(model, h));
    let Some(logged) = event.upstream.as_ref() else {
        return Place::Routed(Box::new(Routed {
            server,
            upstream: handler.and_then(|h| route::upstream_of(model, h)),
            pass: handler,
            peer: None,
            route,
        }));
    };
    let here = handler.map(|h| (h, backend_matches(model, h, logged)));
    let (pass, peer) = match here {
        Some((h, Match::Yes(peer))) => (h, peer),
        Some((h, Match::Unknown)) => (h, None),
        _ => {
            // An internal redirect (try_files, error_page, rewrite, to a
            // named location) may have taken the request elsewhere in the
            // server: then the pass the logged peer is behind.
            let elsewhere = redirects(model, &route, server)
                .then(|| {
                    passes_in(model, model.entries[server].opens).find_map(
                        |p| match backend_matches(model, p, logged) {
                            Match::Yes(peer) => Some((p, peer)),
                            _ => None,
                        },
                    )
                })
                .flatten();
            match elsewhere {
                Some(found) => found,
                None => {
                    let what = format!("{} {}", req.method, req.uri);
                    let sent = match handler {
                        Some(h) => format!(
                            "{} sends {what} to \"{}\"",
                            shown_location(&route),
                            model.first_arg(h).unwrap_or_default()
                        ),
                        None => format!(
                            "{what} reaches {}, which proxies nothing",
                            shown_location(&route)
                        ),
                    };
                    return Place::Mismatch(sent);
                }
            }
        }
    };
    Place::Routed(Box::new(Routed {
        server,
        upstream: route::upstream_of(model, pass),
        pass: Some(pass),
        peer,
        route,
    }))
}

/// Whether the request may have been redirected internally where it was
/// routed: no pass of its own, or a directive that redirects in effect.
fn redirects(model: &Model<'_>, route: &Route, server: EntryId) -> bool {
    let Some(scope) = route.scope(model).or(model.entries[server].opens) else {
        return false;
    };
    route.handler.is_none_or(|h| !is_pass(model, h))
        || ["try_files", "error_page", "rewrite"]
            .iter()
            .any(|n| model.in_effect(scope, n).is_set())
}

/// The port of a `Host` header value (`api.internal:8443`, `[::1]:8080`).
fn host_port(host: &str) -> Option<u16> {
    let rest = match host.rfind(']') {
        Some(i) => &host[i + 1..],
        None if host.matches(':').count() == 1 => &host[host.find(':')?..],
        None => return None,
    };
    rest.strip_prefix(':')?.parse().ok()
}

fn shown_location(route: &Route) -> String {
    route
        .location()
        .map_or_else(|| "the server".to_string(), Location::shown)
}

/// The server nginx logged as `name`: the one whose first `server_name` it
/// is (another of its names, failing that); among several, the one the
/// request's `Host` and port route to, else the first.
fn server_named(
    model: &Model<'_>,
    servers: &[Server],
    name: &str,
    req: &Request,
) -> Result<EntryId, String> {
    fn first(s: &Server) -> &str {
        s.names.first().map_or("", String::as_str)
    }
    let mut found: Vec<&Server> = servers
        .iter()
        .filter(|s| first(s).eq_ignore_ascii_case(name))
        .collect();
    if found.is_empty() && !name.is_empty() {
        found = servers
            .iter()
            .filter(|s| s.names.iter().any(|n| n.eq_ignore_ascii_case(name)))
            .collect();
    }
    match found.as_slice() {
        [] if servers.is_empty() => Err("this config has no http server".into()),
        [] if name.is_empty() => {
            Err("nginx logged a server without a server_name, and every server here has one".into())
        }
        [] => Err(format!("no server here is named \"{name}\"")),
        [one] => Ok(one.entry),
        many => {
            let routed = route::route(model, req).server.map(|(s, _)| s);
            Ok(many
                .iter()
                .find(|s| Some(s.entry) == routed)
                .unwrap_or(&many[0])
                .entry)
        }
    }
}

/// Whether an entry is a `*_pass` (not `return`).
pub fn is_pass(model: &Model<'_>, entry: EntryId) -> bool {
    model.entries[entry].name.ends_with(b"_pass")
}

/// The module of a `*_pass` directive.
pub fn pass_module(model: &Model<'_>, pass: EntryId) -> Option<Module> {
    Some(match model.entries[pass].name.as_ref() {
        b"proxy_pass" => Module::Proxy,
        b"grpc_pass" => Module::Grpc,
        b"fastcgi_pass" => Module::FastCgi,
        b"uwsgi_pass" => Module::Uwsgi,
        b"scgi_pass" => Module::Scgi,
        b"memcached_pass" => Module::Memcached,
        _ => return None,
    })
}

/// Every `*_pass` inside a scope (a server), at any depth.
fn passes_in<'m>(
    model: &'m Model<'_>,
    scope: Option<ScopeId>,
) -> impl Iterator<Item = EntryId> + 'm {
    let mut stack: Vec<ScopeId> = scope.into_iter().collect();
    let mut out = Vec::new();
    while let Some(s) = stack.pop() {
        for &m in model.members(s) {
            if let Some(child) = model.entries[m].opens {
                stack.push(child);
            } else if is_pass(model, m) {
                out.push(m);
            }
        }
    }
    out.sort_unstable();
    out.into_iter()
}

/// Whether a logged peer is behind a pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Match {
    /// It is: the upstream `server` line it is, when it is one.
    Yes(Option<EntryId>),
    /// Cannot tell: the config names a host and the log its address, or the
    /// pass has variables.
    Unknown,
    No,
}

/// The logged scheme is not compared: a log written before `grpc_pass`
/// became `proxy_pass` (the fix) still names the same peer.
fn backend_matches(model: &Model<'_>, pass: EntryId, logged: &Upstream) -> Match {
    let Some(value) = model.first_arg(pass) else {
        return Match::Unknown;
    };
    let target = PassTarget::parse(&value);
    if target.has_variables {
        return Match::Unknown;
    }
    if let Some(block) = route::upstream_of(model, pass) {
        if !logged.unix && logged.port.is_none() && logged.host.eq_ignore_ascii_case(target.host) {
            // `no live upstreams`: nginx names the group, not a peer.
            return Match::Yes(None);
        }
        let mut unknown = false;
        for peer in model.entries[block]
            .opens
            .map(|s| model.members_named(s, "server").collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let Some(address) = model.first_arg(peer) else {
                continue;
            };
            match address_matches(&address, Some(80), logged) {
                Match::Yes(_) => return Match::Yes(Some(peer)),
                Match::Unknown => unknown = true,
                Match::No => {}
            }
        }
        return if unknown { Match::Unknown } else { Match::No };
    }
    let default_port = match target.scheme {
        Some("http" | "grpc") => Some(80),
        Some("https" | "grpcs") => Some(443),
        _ => None,
    };
    let address = match unix_path(&value) {
        Some(path) => format!("unix:{path}"),
        None => target.key(),
    };
    address_matches(&address, default_port, logged)
}

/// The socket path of a pass to `unix:` (`http://unix:/run/app.sock:/uri`,
/// `unix:/run/php/fpm.sock`): up to the `:` before the URI.
fn unix_path(value: &str) -> Option<&str> {
    let rest = value.split_once("://").map_or(value, |(_, r)| r);
    let path = rest.strip_prefix("unix:")?;
    Some(path.split(':').next().unwrap_or(path))
}

/// A config address (`10.0.0.1:8080`, `backend:80`, `unix:/run/app.sock`)
/// against the logged peer.
fn address_matches(config: &str, default_port: Option<u16>, logged: &Upstream) -> Match {
    if let Some(path) = config.strip_prefix("unix:") {
        return if logged.unix && logged.host == path {
            Match::Yes(None)
        } else {
            Match::No
        };
    }
    if logged.unix {
        return Match::No;
    }
    let t = PassTarget::parse(config);
    let is_ip = |h: &str| h.parse::<std::net::IpAddr>().is_ok();
    if logged.port.is_none() && !is_ip(&logged.host) {
        // A name without a port: nginx logged a group or a host by name.
        return if t.host.eq_ignore_ascii_case(&logged.host) {
            Match::Yes(None)
        } else {
            Match::No
        };
    }
    let port = t.port.and_then(|p| p.parse::<u16>().ok()).or(default_port);
    let same_port = match (port, logged.port) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    let loopback = |h: &str| {
        h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
    };
    if t.host.eq_ignore_ascii_case(&logged.host)
        || (t.host.eq_ignore_ascii_case("localhost") && loopback(&logged.host))
    {
        return if same_port {
            Match::Yes(None)
        } else {
            Match::No
        };
    }
    if !same_port || (is_ip(t.host) && is_ip(&logged.host)) {
        return Match::No;
    }
    // A name here, an address in the log (nginx logs what it resolved).
    Match::Unknown
}

/// `POST /v1/ingest (server api.internal, location /v1/)` (the location
/// left out when the request reached none): which request the event was,
/// in words, for a finding's message.
pub fn request_words(model: &Model<'_>, event: &Event, routed: &Routed) -> String {
    let request = event.request.as_ref().map_or_else(
        || "the request".to_string(),
        |r| match (r.method.as_deref(), r.uri.as_deref()) {
            (Some(m), Some(u)) => format!("{m} {u}"),
            _ => r.raw.clone(),
        },
    );
    let server = match event.server.as_deref().filter(|s| !s.is_empty()) {
        Some(name) => format!("server {name}"),
        None => format!("the server on line {}", line_of(model, routed.server)),
    };
    match routed.route.location() {
        Some(l) => format!("{request} ({server}, {})", l.shown()),
        None => format!("{request} ({server})"),
    }
}

/// The 1-based line an entry's directive starts on.
pub fn line_of(model: &Model<'_>, entry: EntryId) -> usize {
    let e = &model.entries[entry];
    model.set.files[e.file]
        .tree
        .position(e.directive.name.span().start)
        .line
}

/// An nginx size (`16k`, `1m`, `4096`) in bytes.
pub fn parse_size(value: &str) -> Option<u64> {
    let v = value.trim().to_ascii_lowercase();
    let (digits, unit) = match v.as_bytes().last()? {
        b'k' => (&v[..v.len() - 1], 1u64 << 10),
        b'm' => (&v[..v.len() - 1], 1 << 20),
        b'g' => (&v[..v.len() - 1], 1 << 30),
        _ => (v.as_str(), 1),
    };
    digits.parse::<u64>().ok()?.checked_mul(unit)
}

/// A size as nginx users write it: `16k`, `1m`, or bytes.
pub fn show_size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{}m", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{}k", bytes >> 10)
    } else {
        bytes.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::error_log::parse_str;
    use crate::input::ConfigSet;

    const CONF: &str = "http {
    upstream pool { server 10.0.2.10:8080; server 10.0.2.11:8080; }
    server {
        listen 443 ssl http2;
        server_name api.internal api2.internal;
        location /v1/ { grpc_pass grpc://pool; }
        location /files/ { try_files $uri @app; }
        location @app { proxy_pass http://127.0.0.1:9000; }
    }
    server {
        listen 80;
        location / { proxy_pass http://backend.internal:8080; }
    }
}
";

    fn placed(log: &str) -> Vec<String> {
        let set = ConfigSet::from_text("/t.conf", CONF.as_bytes());
        let model = Model::build(&set);
        let log = parse_str(log);
        let d = diagnose(&model, &log);
        d.events
            .iter()
            .map(|d| match &d.place {
                Place::Routed(r) => format!(
                    "server {} {} pass {} peer {}",
                    line_of(&model, r.server),
                    r.route.location().map_or("-".into(), Location::shown),
                    r.pass.map_or(0, |p| line_of(&model, p)),
                    r.peer.map_or("-".into(), |p| model
                        .first_arg(p)
                        .unwrap_or_default()
                        .into_owned()),
                ),
                Place::Mismatch(why) => format!("mismatch: {why}"),
                Place::Unrouted(why) => format!("unrouted: {why}"),
                Place::Global => "global".into(),
            })
            .collect()
    }

    fn line(server: &str, request: &str, upstream: &str) -> String {
        format!(
            "2026/12/06 12:18:19 [error] 31#31: *1 upstream sent too large http2 frame: 4740180 while reading response header from upstream, client: 10.0.1.7, server: {server}, request: \"{request}\", upstream: \"{upstream}\", host: \"api.internal\"\n"
        )
    }

    #[test]
    fn events_reach_their_server_location_and_peer() {
        let got = placed(&line(
            "api.internal",
            "POST /v1/ingest HTTP/2.0",
            "grpc://10.0.2.11:8080",
        ));
        assert_eq!(got, ["server 3 location /v1/ pass 6 peer 10.0.2.11:8080"]);
    }

    #[test]
    fn an_internal_redirect_is_followed_to_the_pass_of_the_logged_peer() {
        let log = "2026/12/06 12:20:05 [error] 31#31: *11 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: api.internal, request: \"GET /files/a HTTP/1.1\", upstream: \"http://127.0.0.1:9000/files/a\", host: \"api.internal\"";
        assert_eq!(placed(log), ["server 3 location /files/ pass 8 peer -"]);
    }

    #[test]
    fn a_name_in_the_config_matches_any_logged_address_with_its_port() {
        let log = "2026/12/06 12:20:05 [error] 31#31: *11 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: , request: \"GET / HTTP/1.1\", upstream: \"http://10.9.9.9:8080/\", host: \"other\"";
        assert_eq!(placed(log), ["server 10 location / pass 12 peer -"]);
        let other_port = log.replace("10.9.9.9:8080", "10.9.9.9:9090");
        let got = placed(&other_port);
        assert_eq!(
            got,
            ["mismatch: location / sends GET / to \"http://backend.internal:8080\""]
        );
    }

    #[test]
    fn what_the_config_does_not_have_is_a_mismatch() {
        assert_eq!(
            placed(&line(
                "shop.example",
                "POST /v1/ingest HTTP/2.0",
                "grpc://10.0.2.10:8080"
            )),
            ["mismatch: no server here is named \"shop.example\""]
        );
        assert_eq!(
            placed(&line(
                "api.internal",
                "POST /v1/ingest HTTP/2.0",
                "grpc://10.0.9.9:8080"
            )),
            ["mismatch: location /v1/ sends POST /v1/ingest to \"grpc://pool\""]
        );
        assert_eq!(
            placed(&line(
                "api.internal",
                "GET /files/x HTTP/1.1",
                "http://127.0.0.1:9001/files/x"
            )),
            ["mismatch: GET /files/x reaches location /files/, which proxies nothing"]
        );
        // The scheme is not compared: a log from before grpc_pass became
        // proxy_pass still finds the peer.
        assert_eq!(
            placed(&line(
                "api.internal",
                "GET /files/x HTTP/1.1",
                "grpc://127.0.0.1:9000"
            )),
            ["server 3 location /files/ pass 8 peer -"]
        );
        // A second name of a server still finds it.
        assert_eq!(
            placed(&line(
                "api2.internal",
                "POST /v1/x HTTP/2.0",
                "grpc://10.0.2.10:8080"
            )),
            ["server 3 location /v1/ pass 6 peer 10.0.2.10:8080"]
        );
    }

    #[test]
    fn events_without_a_request_are_global_and_others_are_left_out() {
        let log = "2026/12/06 12:20:25 [crit] 31#31: accept4() failed (24: Too many open files)\n\
                   2026/12/06 12:20:36 [notice] 31#31: signal process started\n";
        assert_eq!(placed(log), ["global"]);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16k"), Some(16384));
        assert_eq!(parse_size("1M"), Some(1 << 20));
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("k"), None);
        assert_eq!(show_size(16384), "16k");
        assert_eq!(show_size(3 << 20), "3m");
        assert_eq!(show_size(1000), "1000");
        assert_eq!(host_port("api.internal:8443"), Some(8443));
        assert_eq!(host_port("[::1]:8080"), Some(8080));
        assert_eq!(host_port("api.internal"), None);
    }
}
