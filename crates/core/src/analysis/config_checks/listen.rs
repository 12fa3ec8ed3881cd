//! The `listen` directives of an `http` block together: nginx groups them by
//! address and refuses a second set of socket options (`duplicate listen
//! options for X`), a second `default_server` (`a duplicate default server
//! for X`), one server listening twice on an address (`a duplicate listen
//! X`), and TLS on an address whose default server has no certificate
//! (`no "ssl_certificate" is defined for the "listen ... ssl" directive`).
//! In `stream`, one address and port may be listened on once (`duplicate
//! "X" address and port pair`). The certificates of each server are checked here too (`ssl on` without
//! one, a certificate without its key).

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::Found;
use crate::analysis::context::Context;
use crate::analysis::directives::{lookup_bytes, Version};
use crate::analysis::effective::Name;
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::diagnostic::{Code, Diagnostic};
use crate::hash::{FastMap, FastSet};

/// The `listen` parameters that set socket options: only one `listen` per
/// address may give them (nginx's `lsopt.set`).
const SOCKET_OPTIONS: [&str; 3] = ["bind", "deferred", "reuseport"];
const SOCKET_OPTION_PREFIXES: [&str; 8] = [
    "backlog=",
    "rcvbuf=",
    "sndbuf=",
    "setfib=",
    "fastopen=",
    "accept_filter=",
    "ipv6only=",
    "so_keepalive=",
];

/// One address of one `http` block, as the listens so far made it.
struct Listeners {
    /// The server blocks listening on it, in order (the first is the
    /// default unless one says `default_server`).
    servers: Vec<EntryId>,
    default_server: Option<EntryId>,
    options_set: bool,
    ssl: bool,
    /// QUIC listens are UDP sockets: an address of their own, TLS always.
    quic: bool,
}

pub(super) fn check(found: &mut Found<'_, '_>, version: Version) {
    let model = found.model;
    let incomplete = incomplete_http_blocks(model);
    let mut addresses: FastMap<(ScopeId, bool, String), Listeners> = FastMap::default();
    // Insertion order, for a stable report.
    let mut order: Vec<(ScopeId, bool, String)> = Vec::new();
    let mut servers: Vec<EntryId> = Vec::new();
    // Reused for every server: its own addresses, and a listen's parameters.
    let mut own: FastSet<(bool, String)> = FastSet::default();
    let mut params: Vec<Cow<'_, [u8]>> = Vec::new();
    let listen_name = Name::new("listen");
    for &server in model.named("server").iter() {
        let e = &model.entries[server];
        let Some(scope) = e.opens else { continue };
        if e.context != Context::Http {
            continue;
        }
        let http = e.scope;
        // A snippet's servers may take their certificates from the http
        // block of the config that includes them.
        let snippet = model.scopes[http].parent.is_none();
        if !snippet {
            servers.push(server);
        }
        own.clear();
        for listen in model.members_of(scope, listen_name) {
            if found.refused(listen) {
                continue;
            }
            let e = &model.entries[listen];
            let mut tokens = e.args();
            let Some(text) = tokens.next().and_then(|t| address_text(&e.tree.value(t))) else {
                continue;
            };
            params.clear();
            params.extend(tokens.map(|t| e.tree.value(t)));
            let sets_options = params.iter().any(|p| {
                SOCKET_OPTIONS.iter().any(|o| p.as_ref() == o.as_bytes())
                    || SOCKET_OPTION_PREFIXES
                        .iter()
                        .any(|o| p.starts_with(o.as_bytes()))
            });
            let default_at = params
                .iter()
                .position(|p| matches!(p.as_ref(), b"default_server" | b"default"));
            let ssl = params.iter().any(|p| p.as_ref() == b"ssl");
            let quic = params.iter().any(|p| p.as_ref() == b"quic");
            let key = (http, quic, text.clone());
            let address = addresses.entry(key.clone()).or_insert_with(|| {
                order.push(key);
                Listeners {
                    servers: Vec::new(),
                    default_server: None,
                    options_set: false,
                    ssl: false,
                    quic,
                }
            });
            if !own.insert((quic, text.clone())) {
                found.push(
                    listen,
                    Diagnostic::error(
                        Code::Duplicate,
                        found.arg_span(listen, 0),
                        format!("a duplicate listen {text}"),
                    )
                    .with_help("this server already listens on that address"),
                );
                continue;
            }
            address.servers.push(server);
            if sets_options {
                if address.options_set {
                    found.push(
                        listen,
                        Diagnostic::error(
                            Code::Duplicate,
                            found.arg_span(listen, 0),
                            format!("duplicate listen options for {text}"),
                        )
                        .with_help(
                            "socket options (backlog=, rcvbuf=, reuseport, ipv6only=, bind, \
                             ...) may be given by one listen per address only",
                        ),
                    );
                }
                address.options_set = true;
            }
            if let Some(at) = default_at {
                if address.default_server.is_some() {
                    found.push(
                        listen,
                        Diagnostic::error(
                            Code::Duplicate,
                            found.arg_span(listen, at + 1),
                            format!("a duplicate default server for {text}"),
                        )
                        .with_help("another server is already the default_server of this address"),
                    );
                } else {
                    address.default_server = Some(server);
                }
            }
            address.ssl |= ssl;
        }
    }
    for key in &order {
        let address = &addresses[key];
        let tls = address.ssl || address.quic;
        if !tls || incomplete.contains(&key.0) || model.scopes[key.0].parent.is_none() {
            continue;
        }
        let default = address.default_server.unwrap_or(address.servers[0]);
        let has_cert = |s: EntryId| has_certificate(model, s);
        let rejects = |s: EntryId| rejects_handshake(model, s);
        let blamed: Vec<EntryId> = if has_cert(default) {
            Vec::new()
        } else if !rejects(default) {
            vec![default]
        } else {
            // The default server refuses the handshake: then every other
            // server on the address needs its own certificate.
            address
                .servers
                .iter()
                .copied()
                .filter(|&s| !has_cert(s) && !rejects(s))
                .collect()
        };
        for server in blamed {
            found.push(
                server,
                Diagnostic::error(
                    Code::NoCertificate,
                    found.name_span(server),
                    format!(
                        "no \"ssl_certificate\" is defined for the \"listen ... {}\" directive",
                        if address.quic { "quic" } else { "ssl" }
                    ),
                )
                .with_help(format!(
                    "this server is the one that answers TLS on {} first; give it \
                     \"ssl_certificate\" and \"ssl_certificate_key\" (here or in http)",
                    key.2
                )),
            );
        }
    }
    stream_listens(found);
    let ssl_directive = lookup_bytes(b"ssl")
        .iter()
        .any(|r| r.exists_in(version) && r.contexts.intersects(Context::HttpServer.bit()));
    for server in servers {
        if incomplete.contains(&model.entries[server].scope) {
            continue;
        }
        certificates(found, server, ssl_directive);
    }
}

/// `stream` listens: one address and port (and protocol) once in the whole
/// `stream` block, whichever servers give them.
fn stream_listens(found: &mut Found<'_, '_>) {
    let model = found.model;
    let mut seen: FastSet<(ScopeId, bool, String)> = FastSet::default();
    for &listen in model.named("listen").iter() {
        let e = &model.entries[listen];
        if e.context != Context::StreamServer {
            continue;
        }
        let Some(stream) = model.ancestor_with_context(e.scope, Context::Stream) else {
            continue;
        };
        let mut tokens = e.args();
        let Some(text) = tokens.next().and_then(|t| address_text(&e.tree.value(t))) else {
            continue;
        };
        let udp = tokens.any(|t| e.tree.value(t).as_ref() == b"udp");
        if !seen.insert((stream, udp, text.clone())) {
            found.push(
                listen,
                Diagnostic::error(
                    Code::Duplicate,
                    found.arg_span(listen, 0),
                    format!("duplicate \"{text}\" address and port pair"),
                )
                .with_help("another listen in this stream block has the same address and port"),
            );
        }
    }
}

/// `ssl on` without a certificate, and certificates without keys: nginx
/// merges each server's settings with http's and checks the result.
fn certificates(found: &mut Found<'_, '_>, server: EntryId, ssl_directive: bool) {
    let model = found.model;
    let Some(scope) = model.entries[server].opens else {
        return;
    };
    let ssl_on = if ssl_directive {
        model
            .in_effect(scope, "ssl")
            .entries
            .last()
            .copied()
            .filter(|&e| is_on(model, e))
    } else {
        None
    };
    // An `ssl` refused where it stands (`ssl on;` twice) stops nginx before
    // it merges the server's settings.
    if ssl_on.is_some_and(|e| found.refused(e)) {
        return;
    }
    let certs = model.in_effect(scope, "ssl_certificate").entries;
    let keys = model.in_effect(scope, "ssl_certificate_key").entries;
    if let Some(ssl) = ssl_on {
        if certs.is_empty() && !rejects_handshake(model, server) {
            found.push(
                ssl,
                Diagnostic::error(
                    Code::NoCertificate,
                    found.name_span(ssl),
                    "no \"ssl_certificate\" is defined for the \"ssl\" directive",
                ),
            );
            return;
        }
        if !certs.is_empty() && keys.is_empty() {
            found.push(
                ssl,
                Diagnostic::error(
                    Code::NoCertificate,
                    found.name_span(ssl),
                    "no \"ssl_certificate_key\" is defined for the \"ssl\" directive",
                ),
            );
            return;
        }
    }
    if let Some(&last) = certs.last() {
        if keys.len() < certs.len() {
            let path = model.first_arg(last).unwrap_or_default();
            // With `ssl on`, nginx names the `ssl` directive's line.
            let (at, span, message) = match ssl_on {
                Some(ssl) => (
                    ssl,
                    found.name_span(ssl),
                    format!(
                        "no \"ssl_certificate_key\" is defined for certificate \"{path}\" and the \"ssl\" directive"
                    ),
                ),
                None => (
                    last,
                    found.arg_span(last, 0),
                    format!("no \"ssl_certificate_key\" is defined for certificate \"{path}\""),
                ),
            };
            found.push(
                at,
                Diagnostic::error(Code::NoCertificate, span, message).with_help(
                    "each \"ssl_certificate\" needs an \"ssl_certificate_key\" at the same level",
                ),
            );
        }
    }
}

fn is_on(model: &Model<'_>, entry: EntryId) -> bool {
    model
        .first_arg_bytes(entry)
        .is_some_and(|v| v.eq_ignore_ascii_case(b"on"))
}

fn has_certificate(model: &Model<'_>, server: EntryId) -> bool {
    model.entries[server]
        .opens
        .is_some_and(|s| model.in_effect(s, "ssl_certificate").is_set())
}

fn rejects_handshake(model: &Model<'_>, server: EntryId) -> bool {
    model.entries[server].opens.is_some_and(|s| {
        model
            .in_effect(s, "ssl_reject_handshake")
            .entries
            .last()
            .is_some_and(|&e| is_on(model, e))
    })
}

/// The `http` blocks (or http snippets) with an `include` that pulled in no
/// file: what it would have held (a certificate, a listen) is unknown.
fn incomplete_http_blocks(model: &Model<'_>) -> FastSet<ScopeId> {
    let mut out = FastSet::default();
    for &id in model.named("include").iter() {
        let e = &model.entries[id];
        if model.set.included(e.file, e.directive).is_empty() {
            if let Some(http) = model.ancestor_with_context(e.scope, Context::Http) {
                out.insert(http);
            }
        }
    }
    out
}

/// The address of a `listen` as nginx prints it (`0.0.0.0:80`,
/// `[::1]:443`, `unix:/run/a.sock`), or `None` for a host name (nginx
/// resolves it) or a value the listen handler itself refuses.
fn address_text(arg: &[u8]) -> Option<String> {
    let arg = std::str::from_utf8(arg).ok()?;
    if arg.starts_with("unix:") {
        return Some(arg.to_string());
    }
    let port = |p: Option<&str>| -> Option<u16> {
        match p {
            None => Some(80),
            Some(p) => p.parse::<u16>().ok().filter(|&p| p != 0),
        }
    };
    if let Some(v6) = arg.strip_prefix('[') {
        let (host, rest) = v6.split_once(']')?;
        let addr: Ipv6Addr = host.parse().ok()?;
        let port = match rest {
            "" => port(None)?,
            _ => port(Some(rest.strip_prefix(':')?))?,
        };
        return Some(format!("[{addr}]:{port}"));
    }
    if arg.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("0.0.0.0:{}", port(Some(arg))?));
    }
    let (host, p) = match arg.rsplit_once(':') {
        Some((h, p)) => (h, port(Some(p))?),
        None => (arg, port(None)?),
    };
    let addr: Ipv4Addr = if host == "*" {
        Ipv4Addr::UNSPECIFIED
    } else {
        host.parse().ok()?
    };
    Some(format!("{addr}:{p}"))
}

#[cfg(test)]
mod tests {
    use super::address_text;
    use crate::analysis::validate_for;
    use crate::input::ConfigSet;
    use crate::options::Version;

    /// QUIC listens are UDP sockets beside the TCP ones (nginx 1.25+): the
    /// same address twice is no duplicate, and TLS needs a certificate there
    /// too, named as nginx names it (mainline's ngx_http_ssl_init).
    #[test]
    fn quic_listens_are_an_address_of_their_own() {
        let text = "events {}\nhttp {\n    server {\n        listen 8443 ssl;\n        listen 8443 quic;\n    }\n}\n";
        let set = ConfigSet::from_text("nginx.conf", text.as_bytes());
        let messages: Vec<String> = validate_for(&set, Version::CURRENT_STABLE)
            .into_iter()
            .map(|d| d.diagnostic.message)
            .collect();
        assert_eq!(
            messages,
            [
                "no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive",
                "no \"ssl_certificate\" is defined for the \"listen ... quic\" directive",
            ]
        );
    }

    #[test]
    fn addresses_print_as_nginx_prints_them() {
        let text = |s: &str| address_text(s.as_bytes());
        assert_eq!(text("80").as_deref(), Some("0.0.0.0:80"));
        assert_eq!(text("*:8080").as_deref(), Some("0.0.0.0:8080"));
        assert_eq!(text("127.0.0.1").as_deref(), Some("127.0.0.1:80"));
        assert_eq!(text("[::]:443").as_deref(), Some("[::]:443"));
        assert_eq!(
            text("[fe80:0::202:b3ff:fe1e:8329]").as_deref(),
            Some("[fe80::202:b3ff:fe1e:8329]:80")
        );
        assert_eq!(
            text("unix:/run/a.sock").as_deref(),
            Some("unix:/run/a.sock")
        );
        assert_eq!(text("example.com:80"), None);
        assert_eq!(text("70000"), None);
    }
}
