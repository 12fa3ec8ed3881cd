//! Request routing as nginx does it: which `server` a request reaches (by
//! listen port and address, then `Host` against `server_name`), which
//! `location` inside it (exact, longest prefix, `^~`, regexes in order,
//! nested locations), and where that location sends it.
//!
//! Facts from nginx's documentation ("How nginx processes a request",
//! `server_name`, `location`) and checked against nginx 1.22.1 by
//! `tests/route_nginx.rs`. Where a regex uses what the `regex` crate cannot
//! evaluate (look-around, back-references), the route says so and stops
//! instead of guessing.

use std::borrow::Cow;

use crate::analysis::context::Context;
use crate::analysis::location::{locations_in, Location, Modifier};
use crate::analysis::matcher;
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::analysis::target::PassTarget;

/// A request as the route needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`...: shown, and kept for `limit_except`.
    pub method: String,
    /// The request target as sent: path, maybe `?args`, still percent-encoded.
    pub uri: String,
    /// The `Host` header (a port in it is ignored, as nginx ignores it).
    pub host: Option<String>,
    /// The port the request arrived on; `None`: the one port the config
    /// listens on, else 80, else 443, else the first.
    pub port: Option<u16>,
    /// The local address it arrived on, when the config listens on several.
    pub addr: Option<String>,
}

impl Request {
    /// `"POST /v1/ingest"`, `"/v1/ingest"` or `"POST /v1/ingest HTTP/2.0"`
    /// (as an error log prints it) into method and URI.
    pub fn from_line(line: &str, host: Option<&str>, port: Option<u16>) -> Request {
        let mut parts = line.split_whitespace();
        let first = parts.next().unwrap_or("/");
        let (method, uri) = if first.starts_with('/') || first == "*" {
            ("GET".to_string(), first.to_string())
        } else {
            (first.to_string(), parts.next().unwrap_or("/").to_string())
        };
        Request {
            method,
            uri,
            host: host.map(str::to_string),
            port,
            addr: None,
        }
    }
}

/// How the server was chosen, in nginx's order of precedence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerBy {
    /// `server_name` holds the host exactly.
    ExactName(String),
    /// The longest matching `*.example.com` or `.example.com`.
    LeadingWildcard(String),
    /// The longest matching `www.example.*`.
    TrailingWildcard(String),
    /// The first regex name (in config order) that matches.
    RegexName(String),
    /// No name matched: the `default_server` of the address and port.
    DefaultServer,
    /// No name matched and no `default_server`: the first server on that port.
    FirstServer,
    /// The caller chose it ([`route_in_server`]): the error log names the
    /// server that handled the request.
    Given,
}

/// How the location was chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocationBy {
    Exact,
    /// The longest prefix (and no regex matched, or `^~` stopped them).
    Prefix,
    NoRegexPrefix,
    Regex,
}

/// One step of the location search: a location chosen at one nesting level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocationStep {
    pub location: Location,
    pub by: LocationBy,
}

/// The answer: the server and location chain, what handles the request,
/// and what the route could not decide.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    /// The `server` directive and how it was chosen.
    pub server: Option<(EntryId, ServerBy)>,
    /// The port the route assumed or was given.
    pub port: Option<u16>,
    /// The URI nginx matches locations against (decoded, dots resolved,
    /// slashes merged).
    pub uri: String,
    /// Outer to inner: the location at each nesting level.
    pub locations: Vec<LocationStep>,
    /// A prefix location ending in `/` with a `*_pass` in it, asked without
    /// the slash: nginx answers 301 to the URI with the slash.
    pub redirect: Option<String>,
    /// The `*_pass` (or `return`) directive that handles the request.
    pub handler: Option<EntryId>,
    /// The upstream block the handler sends to, if it names one.
    pub upstream: Option<EntryId>,
    /// What the route could not decide, or assumed; each a sentence.
    pub notes: Vec<String>,
    /// Set when the route stopped: a regex it cannot evaluate, a URI nginx
    /// rejects with 400.
    pub stopped: Option<String>,
}

impl Route {
    /// The innermost location, the one whose configuration the request gets.
    pub fn location(&self) -> Option<&Location> {
        self.locations.last().map(|s| &s.location)
    }

    /// The scope whose settings apply: the location's, else the server's.
    pub fn scope(&self, model: &Model<'_>) -> Option<ScopeId> {
        self.location().map(|l| l.scope).or_else(|| {
            self.server
                .as_ref()
                .and_then(|(e, _)| model.entries[*e].opens)
        })
    }
}

/// The directives that hand a request to a backend (or answer it).
pub const HANDLERS: [&str; 7] = [
    "proxy_pass",
    "grpc_pass",
    "fastcgi_pass",
    "uwsgi_pass",
    "scgi_pass",
    "memcached_pass",
    "return",
];

/// One `listen` of a server, read for routing.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Listen {
    /// `None`: every address (`*`, or no address written).
    addr: Option<String>,
    port: u16,
    ipv6: bool,
    default_server: bool,
}

/// A server block with what routing needs.
struct Server {
    entry: EntryId,
    scope: ScopeId,
    listens: Vec<Listen>,
    names: Vec<String>,
}

/// Route `request` through the configuration.
pub fn route(model: &Model<'_>, request: &Request) -> Route {
    let mut out = Route::default();
    let servers = servers(model);
    if servers.is_empty() {
        out.stopped = Some("the config has no http server block".into());
        return out;
    }
    let port = request.port.unwrap_or_else(|| {
        let port = assumed_port(&servers);
        out.notes.push(format!(
            "no port given: assumed {port}, a port the config listens on"
        ));
        port
    });
    out.port = Some(port);
    let Some((server, by)) = choose_server(&servers, request, port, &mut out.notes) else {
        out.stopped = Some(format!("no server listens on port {port}"));
        return out;
    };
    out.server = Some((server.entry, by));
    within_server(model, server.scope, request, out)
}

/// Route `request` inside `server` (a `server` entry), chosen by the caller:
/// an error-log line names the server that handled its request, which is
/// surer than choosing one again from the `Host` header.
pub fn route_in_server(model: &Model<'_>, server: EntryId, request: &Request) -> Route {
    let mut out = Route {
        port: request.port,
        ..Route::default()
    };
    let Some(scope) = model.entries[server].opens else {
        out.stopped = Some("the server block has no body".into());
        return out;
    };
    out.server = Some((server, ServerBy::Given));
    within_server(model, scope, request, out)
}

/// The location search and the handler, once the server is known.
fn within_server(model: &Model<'_>, server: ScopeId, request: &Request, mut out: Route) -> Route {
    match normalize_uri(&request.uri, merge_slashes(model, server)) {
        Ok(uri) => out.uri = uri,
        Err(why) => {
            out.stopped = Some(why);
            return out;
        }
    }
    if let Some(ret) = model.members_named(server, "return").next() {
        // The server's rewrite phase runs before any location is chosen.
        out.notes
            .push("the server's own return answers before any location is chosen".into());
        out.handler = Some(ret);
        return out;
    }
    let uri = out.uri.clone();
    let mut steps = Vec::new();
    match find_location(model, server, uri.as_bytes(), &mut steps) {
        Ok(Found::Redirect(to)) => out.redirect = Some(to),
        Ok(_) => {}
        Err(why) => {
            out.stopped = Some(why);
            return out;
        }
    }
    out.locations = steps;
    let scope = out.scope(model).unwrap_or(server);
    out.handler = handler(model, scope);
    out.upstream = out.handler.and_then(|h| upstream_of(model, h));
    out
}

/// Every `server` in an `http` block, in config order.
fn servers(model: &Model<'_>) -> Vec<Server> {
    model
        .named("server")
        .iter()
        .filter_map(|&entry| {
            let e = &model.entries[entry];
            let scope = e.opens?;
            (model.scopes[scope].context == Context::HttpServer).then_some(())?;
            let listens: Vec<Listen> = model
                .members_named(scope, "listen")
                .filter_map(|l| listen_of(&model.args(l)))
                .collect();
            let listens = if listens.is_empty() {
                // nginx's default: `listen *:80` (when it runs as root).
                vec![Listen {
                    addr: None,
                    port: 80,
                    ipv6: false,
                    default_server: false,
                }]
            } else {
                listens
            };
            let names: Vec<String> = model
                .members_named(scope, "server_name")
                .flat_map(|n| model.args(n))
                .map(|a| String::from_utf8_lossy(&a).into_owned())
                .collect();
            Some(Server {
                entry,
                scope,
                listens,
                // No `server_name`: nginx's default is "", the request without Host.
                names: if names.is_empty() {
                    vec![String::new()]
                } else {
                    names
                },
            })
        })
        .collect()
}

/// `listen 80`, `listen 127.0.0.1:8080 default_server`, `listen [::]:443
/// ssl`: address and port. A `unix:` listen is no TCP port: `None`.
fn listen_of(args: &[Cow<'_, [u8]>]) -> Option<Listen> {
    let first = String::from_utf8_lossy(args.first()?);
    if first.starts_with("unix:") {
        return None;
    }
    let default_server = args[1..]
        .iter()
        .any(|a| a.as_ref() == b"default_server" || a.as_ref() == b"default");
    let (addr, port, ipv6) = if let Some(v6) = first.strip_prefix('[') {
        let (host, rest) = v6.split_once(']')?;
        let port = match rest.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None => 80,
        };
        let addr = (host != "::").then(|| host.to_string());
        (addr, port, true)
    } else if let Ok(port) = first.parse::<u16>() {
        (None, port, false)
    } else {
        let (host, port) = match first.rsplit_once(':') {
            Some((h, p)) => (h, p.parse().ok()?),
            None => (first.as_ref(), 80),
        };
        let addr = (host != "*" && host != "0.0.0.0").then(|| host.to_string());
        (addr, port, false)
    };
    Some(Listen {
        addr,
        port,
        ipv6,
        default_server,
    })
}

fn assumed_port(servers: &[Server]) -> u16 {
    let mut ports: Vec<u16> = servers
        .iter()
        .flat_map(|s| s.listens.iter().map(|l| l.port))
        .collect();
    ports.dedup();
    let first = ports[0];
    ports.sort_unstable();
    ports.dedup();
    match ports.as_slice() {
        [only] => *only,
        _ if ports.contains(&80) => 80,
        _ if ports.contains(&443) => 443,
        _ => first,
    }
}

/// The servers listening where the request arrived, then the one whose name
/// wins (see [`ServerBy`] for the order).
fn choose_server<'s>(
    servers: &'s [Server],
    request: &Request,
    port: u16,
    notes: &mut Vec<String>,
) -> Option<(&'s Server, ServerBy)> {
    // IPv6 sockets are separate (ipv6only=on): an IPv4 request reaches
    // them only when the caller does not say and there is no IPv4 listen.
    let want_v6 = match request.addr.as_deref() {
        Some(a) => a.contains(':'),
        None => !servers
            .iter()
            .any(|s| s.listens.iter().any(|l| l.port == port && !l.ipv6)),
    };
    // nginx binds one socket per address and port; a connection belongs to
    // the listen of its exact address if one exists, else to the wildcard.
    let on_port = |l: &Listen| l.port == port && l.ipv6 == want_v6;
    let exact_addr = request.addr.as_deref().filter(|a| {
        servers.iter().any(|s| {
            s.listens
                .iter()
                .any(|l| on_port(l) && l.addr.as_deref() == Some(*a))
        })
    });
    let has_wildcard = servers
        .iter()
        .any(|s| s.listens.iter().any(|l| on_port(l) && l.addr.is_none()));
    let group = |l: &Listen| {
        on_port(l)
            && match exact_addr {
                Some(a) => l.addr.as_deref() == Some(a),
                None => !has_wildcard || l.addr.is_none(),
            }
    };
    if exact_addr.is_none() && !has_wildcard {
        let addrs: Vec<&str> = servers
            .iter()
            .flat_map(|s| s.listens.iter())
            .filter(|l| on_port(l))
            .filter_map(|l| l.addr.as_deref())
            .collect();
        if addrs.len() > 1 && addrs.iter().any(|a| *a != addrs[0]) {
            notes.push(format!(
                "the servers on port {port} listen on different addresses ({}); \
                 give the address to choose",
                addrs.join(", ")
            ));
        }
    }
    let candidates: Vec<&Server> = servers
        .iter()
        .filter(|s| s.listens.iter().any(group))
        .collect();
    let first = *candidates.first()?;
    let host = request.host.as_deref().map(host_name).unwrap_or_default();
    if let Some(s) = candidates.iter().find(|s| {
        s.names
            .iter()
            .any(|n| !is_pattern(n) && n.eq_ignore_ascii_case(&host))
    }) {
        return Some((s, ServerBy::ExactName(host)));
    }
    let best = |pick: fn(&str, &str) -> Option<usize>| {
        let mut best: Option<(usize, &'s Server, &String)> = None;
        for s in &candidates {
            for n in &s.names {
                if let Some(len) = pick(n, &host) {
                    if best.is_none_or(|(b, _, _)| len > b) {
                        best = Some((len, s, n));
                    }
                }
            }
        }
        best.map(|(_, s, n)| (s, n.clone()))
    };
    if let Some((s, n)) = best(leading_wildcard) {
        return Some((s, ServerBy::LeadingWildcard(n)));
    }
    if let Some((s, n)) = best(trailing_wildcard) {
        return Some((s, ServerBy::TrailingWildcard(n)));
    }
    for s in &candidates {
        for n in &s.names {
            let Some(pattern) = n.strip_prefix('~') else {
                continue;
            };
            match matcher::is_match(pattern, true, host.as_bytes()) {
                Ok(true) => {
                    return Some((s, ServerBy::RegexName(n.clone())));
                }
                Ok(false) => {}
                Err(why) => notes.push(format!(
                    "server_name {n} was not tried: {why}; the route assumes it does not match"
                )),
            }
        }
    }
    if let Some(s) = candidates
        .iter()
        .find(|s| s.listens.iter().any(|l| group(l) && l.default_server))
    {
        return Some((s, ServerBy::DefaultServer));
    }
    Some((first, ServerBy::FirstServer))
}

/// The host as nginx compares it: lowercase, without a port or a final dot.
fn host_name(host: &str) -> String {
    let host = host.trim();
    let host = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or(host)
    } else {
        host.split(':').next().unwrap_or(host)
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

fn is_pattern(name: &str) -> bool {
    name.starts_with('~') || name.starts_with('*') || name.starts_with('.') || name.ends_with(".*")
}

/// `*.example.com` (subdomains) or `.example.com` (also the name itself):
/// the length of the matched suffix.
fn leading_wildcard(name: &str, host: &str) -> Option<usize> {
    let name = name.to_ascii_lowercase();
    let suffix = if let Some(s) = name.strip_prefix("*.") {
        s
    } else if let Some(s) = name.strip_prefix('.') {
        if host == s {
            return Some(s.len());
        }
        s
    } else {
        return None;
    };
    let dotted = format!(".{suffix}");
    (host.len() > dotted.len() && host.ends_with(&dotted)).then_some(suffix.len())
}

/// `www.example.*`: the length of the matched prefix.
fn trailing_wildcard(name: &str, host: &str) -> Option<usize> {
    let name = name.to_ascii_lowercase();
    let prefix = name.strip_suffix(".*")?;
    if prefix.starts_with('~') || prefix.starts_with('*') {
        return None;
    }
    let dotted = format!("{prefix}.");
    (host.len() > dotted.len() && host.starts_with(&dotted)).then_some(prefix.len())
}

/// `merge_slashes` in effect for the server (on by default).
fn merge_slashes(model: &Model<'_>, server: ScopeId) -> bool {
    let set = model.in_effect(server, "merge_slashes");
    set.entries
        .last()
        .and_then(|&e| model.first_arg(e))
        .is_none_or(|v| !v.eq_ignore_ascii_case("off"))
}

/// The URI nginx matches locations against: the path without `?args`,
/// percent-decoded, `.` and `..` segments resolved, runs of `/` merged
/// (with `merge_slashes on`). A `..` above the root is nginx's 400.
pub fn normalize_uri(raw: &str, merge: bool) -> Result<String, String> {
    let path = raw.split(['?', '#']).next().unwrap_or(raw);
    if !path.starts_with('/') {
        return Err(format!(
            "\"{raw}\" does not start with \"/\": nginx answers 400 Bad Request"
        ));
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                if value == 0 {
                    return Err(format!(
                        "\"{raw}\" holds an encoded NUL byte: nginx answers 400 Bad Request"
                    ));
                }
                decoded.push(value as u8);
                i += 3;
            }
            (b, _, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    let mut segments: Vec<&[u8]> = Vec::new();
    let trailing = decoded.ends_with(b"/") || decoded.ends_with(b"/.") || decoded.ends_with(b"/..");
    let parts: Vec<&[u8]> = decoded[1..].split(|&b| b == b'/').collect();
    for (n, part) in parts.iter().enumerate() {
        match *part {
            b"." => {}
            b".." => {
                if segments.pop().is_none() {
                    return Err(format!(
                        "\"{raw}\" climbs above the root: nginx answers 400 Bad Request"
                    ));
                }
                // An empty segment kept by merge_slashes off is popped too.
            }
            b"" if merge || n + 1 == parts.len() => {}
            other => segments.push(other),
        }
    }
    let mut out = Vec::with_capacity(decoded.len());
    for s in &segments {
        out.push(b'/');
        out.extend_from_slice(s);
    }
    if out.is_empty() || trailing {
        out.push(b'/');
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// nginx's location search at one level (and recursively inside the
/// chosen prefix location): the exact match ends it; else the longest
/// prefix, searched again inside; then, unless it was `^~`, the regexes of
/// this level in order, the first match (and its nested locations) winning.
fn find_location(
    model: &Model<'_>,
    scope: ScopeId,
    uri: &[u8],
    steps: &mut Vec<LocationStep>,
) -> Result<Found, String> {
    let locations = locations_in(model, scope);
    if let Some(exact) = locations
        .iter()
        .find(|l| l.modifier == Modifier::Exact && l.path.as_bytes() == uri)
    {
        steps.push(LocationStep {
            location: exact.clone(),
            by: LocationBy::Exact,
        });
        return Ok(Found::Final);
    }
    let longest = locations
        .iter()
        .filter(|l| matches!(l.modifier, Modifier::Prefix | Modifier::NoRegex))
        .filter(|l| uri.starts_with(l.path.as_bytes()))
        .max_by_key(|l| l.path.len());
    let slash = [uri, b"/"].concat();
    let same = |l: &&Location| l.is_static() && l.modifier != Modifier::Exact;
    if !locations
        .iter()
        .filter(same)
        .any(|l| l.path.as_bytes() == uri)
    {
        if let Some(dir) = locations
            .iter()
            .filter(same)
            .find(|l| l.path.as_bytes() == slash.as_slice() && has_pass(model, l.scope))
        {
            // nginx's auto_redirect: 301 to the URI with the slash.
            steps.push(LocationStep {
                location: dir.clone(),
                by: LocationBy::Prefix,
            });
            return Ok(Found::Redirect(
                String::from_utf8_lossy(&slash).into_owned(),
            ));
        }
    }
    let depth = steps.len();
    let mut noregex = false;
    if let Some(prefix) = longest {
        noregex = prefix.modifier == Modifier::NoRegex;
        steps.push(LocationStep {
            location: prefix.clone(),
            by: if noregex {
                LocationBy::NoRegexPrefix
            } else {
                LocationBy::Prefix
            },
        });
        match find_location(model, prefix.scope, uri, steps)? {
            Found::Prefix | Found::Nothing => {}
            done => return Ok(done),
        }
    }
    if noregex {
        return Ok(Found::Prefix);
    }
    for l in locations.iter().filter(|l| l.is_regex()) {
        let Modifier::Regex { caseless } = l.modifier else {
            continue;
        };
        if matcher::is_match(&l.path, caseless, uri)? {
            steps.truncate(depth);
            steps.push(LocationStep {
                location: l.clone(),
                by: LocationBy::Regex,
            });
            return Ok(match find_location(model, l.scope, uri, steps)? {
                Found::Redirect(to) => Found::Redirect(to),
                _ => Found::Final,
            });
        }
    }
    Ok(if longest.is_some() {
        Found::Prefix
    } else {
        Found::Nothing
    })
}

/// What a level's search ended with (nginx's `NGX_OK` / `NGX_AGAIN` /
/// `NGX_DECLINED`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Found {
    /// An exact or regex match: the search is over.
    Final,
    /// nginx answers 301 to this URI (`NGX_DONE`).
    Redirect(String),
    /// A prefix matched: the outer level's regexes may still win.
    Prefix,
    Nothing,
}

fn has_pass(model: &Model<'_>, scope: ScopeId) -> bool {
    HANDLERS[..6]
        .iter()
        .any(|h| model.members_named(scope, h).next().is_some())
}

/// The handler directive in a scope (a `*_pass` or `return` written there;
/// they are not inherited, except `return` from the server level).
fn handler(model: &Model<'_>, scope: ScopeId) -> Option<EntryId> {
    for h in HANDLERS {
        if let Some(e) = model.members_named(scope, h).next() {
            return Some(e);
        }
    }
    None
}

/// The `upstream {}` a `*_pass` names.
pub fn upstream_of(model: &Model<'_>, handler: EntryId) -> Option<EntryId> {
    let e = &model.entries[handler];
    if e.name.as_ref() == b"return" {
        return None;
    }
    let value = model.first_arg(handler)?;
    let target = PassTarget::parse(&value);
    if target.has_variables || target.unix {
        return None;
    }
    model.upstream(e.scope, target.host)
}

#[cfg(test)]
mod tests {
    use super::{normalize_uri, route, LocationBy, Request, ServerBy};
    use crate::analysis::model::Model;
    use crate::input::ConfigSet;

    fn path_of(conf: &str, request: Request) -> (Option<ServerBy>, Option<String>) {
        let set = ConfigSet::from_text("/t.conf", conf.as_bytes());
        let model = Model::build(&set);
        let r = route(&model, &request);
        let shown = r.location().map(|l| l.shown());
        (r.server.map(|(_, by)| by), shown)
    }

    fn req(uri: &str, host: &str) -> Request {
        Request::from_line(uri, Some(host), Some(80))
    }

    #[test]
    fn uris_are_normalized_as_nginx_does() {
        assert_eq!(
            normalize_uri("/a//b/./c/../d?x=1", true).as_deref(),
            Ok("/a/b/d")
        );
        assert_eq!(
            normalize_uri("/a%2Fb/%7euser", true).as_deref(),
            Ok("/a/b/~user")
        );
        assert_eq!(normalize_uri("/a//b", false).as_deref(), Ok("/a//b"));
        assert_eq!(normalize_uri("/a/..", true).as_deref(), Ok("/"));
        assert_eq!(normalize_uri("/x/", true).as_deref(), Ok("/x/"));
        assert!(normalize_uri("/../etc", true).is_err());
    }

    #[test]
    fn locations_follow_nginx_precedence() {
        let conf = "http { server { listen 80;
            location / {}
            location = /exact {}
            location /static/ {}
            location ^~ /assets/ {}
            location ~ \\.php$ {}
            location ~* \\.(png|JPG)$ {}
            location /api/ { location /api/v2/ {} location ~ /api/.*\\.json$ {} }
        } }";
        let cases = [
            ("/exact", "location = /exact"),
            ("/exact/more", "location /"),
            ("/static/a.php", "location ~ \\.php$"),
            ("/static/a.css", "location /static/"),
            ("/assets/a.php", "location ^~ /assets/"),
            ("/x/photo.PNG", "location ~* \\.(png|JPG)$"),
            ("/api/v2/x", "location /api/v2/"),
            ("/api/v2/x.json", "location ~ /api/.*\\.json$"),
            ("/api/x.php", "location ~ \\.php$"),
        ];
        for (uri, want) in cases {
            let (_, got) = path_of(conf, req(uri, "x"));
            assert_eq!(got.as_deref(), Some(want), "{uri}");
        }
    }

    #[test]
    fn server_names_follow_nginx_precedence() {
        let conf = "http {
            server { listen 80; server_name first; }
            server { listen 80; server_name *.example.com; }
            server { listen 80; server_name *.api.example.com; }
            server { listen 80; server_name www.*; }
            server { listen 80; server_name ~^(?<sub>.+)\\.regex\\.test$; }
            server { listen 80 default_server; server_name exact.example.com; }
        }";
        let by = |host: &str| path_of(conf, req("/", host)).0;
        assert_eq!(
            by("exact.example.com"),
            Some(ServerBy::ExactName("exact.example.com".into()))
        );
        assert_eq!(
            by("a.api.example.com"),
            Some(ServerBy::LeadingWildcard("*.api.example.com".into()))
        );
        assert_eq!(
            by("www.other.org"),
            Some(ServerBy::TrailingWildcard("www.*".into()))
        );
        assert_eq!(
            by("a.regex.test"),
            Some(ServerBy::RegexName("~^(?<sub>.+)\\.regex\\.test$".into()))
        );
        assert_eq!(by("nothing"), Some(ServerBy::DefaultServer));
        assert_eq!(
            by("EXACT.example.com:8080"),
            Some(ServerBy::ExactName("exact.example.com".into()))
        );
    }

    #[test]
    fn unsupported_regexes_stop_the_route_with_a_reason() {
        let set = ConfigSet::from_text(
            "/t.conf",
            b"http { server { listen 80; location ~ ^/(?!admin) { return 200; } } }",
        );
        let model = Model::build(&set);
        let r = route(&model, &req("/x", "a"));
        let why = r.stopped.expect("stopped");
        assert!(why.contains("cannot evaluate the regex"), "{why}");
        assert!(r.locations.is_empty());
    }

    #[test]
    fn the_handler_and_upstream_are_found() {
        let set = ConfigSet::from_text(
            "/t.conf",
            b"http { upstream pool { server 10.0.0.1:8080; } server { listen 443 ssl;
              location /api/ { grpc_pass grpc://pool; } } }",
        );
        let model = Model::build(&set);
        let r = route(
            &model,
            &Request::from_line("POST /api/x HTTP/2.0", Some("h"), None),
        );
        assert_eq!(r.port, Some(443));
        assert_eq!(r.locations[0].by, LocationBy::Prefix);
        let handler = r.handler.expect("handler");
        assert_eq!(model.entries[handler].name.as_ref(), b"grpc_pass");
        let up = r.upstream.expect("upstream");
        assert_eq!(model.first_arg(up).as_deref(), Some("pool"));
        let r = route(&model, &Request::from_line("/api", Some("h"), None));
        assert_eq!(r.redirect.as_deref(), Some("/api/"));
    }
}
