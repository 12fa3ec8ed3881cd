//! Names one directive gives and another defines, in a whole config: the
//! upstream a `*_pass` names (or the host nginx resolves when it names no
//! upstream), the `log_format` of an `access_log`, the cache zone of
//! `proxy_cache` and the limit zone of `limit_req` / `limit_conn`.

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::{shown, Found, Root};
use crate::analysis::context::Context;
use crate::analysis::model::{EntryId, Model};
use crate::diagnostic::{Code, Diagnostic};
use crate::hash::{FastMap, FastSet};

/// The directives that name an upstream (or a host), the scheme prefixes
/// each accepts, and the port it assumes when none is written.
struct Pass {
    name: &'static str,
    /// `(prefix, default port)`, matched without case. An empty prefix: the
    /// address may be written bare.
    schemes: &'static [(&'static str, Option<u16>)],
}

const PASSES: [Pass; 6] = [
    Pass {
        name: "proxy_pass",
        schemes: &[("http://", Some(80)), ("https://", Some(443))],
    },
    Pass {
        name: "grpc_pass",
        schemes: &[("grpc://", None), ("grpcs://", None), ("", None)],
    },
    Pass {
        name: "fastcgi_pass",
        schemes: &[("", None)],
    },
    Pass {
        name: "uwsgi_pass",
        schemes: &[("uwsgi://", None), ("suwsgi://", None), ("", None)],
    },
    Pass {
        name: "scgi_pass",
        schemes: &[("", None)],
    },
    Pass {
        name: "memcached_pass",
        schemes: &[("", None)],
    },
];

/// A cache directive and the `*_cache_path` that defines its zones.
const CACHES: [(&str, &str); 4] = [
    ("proxy_cache", "proxy_cache_path"),
    ("fastcgi_cache", "fastcgi_cache_path"),
    ("scgi_cache", "scgi_cache_path"),
    ("uwsgi_cache", "uwsgi_cache_path"),
];

pub(super) fn check(found: &mut Found<'_, '_>, root: &Root) {
    let model = found.model;
    // Only where the directive is allowed: one out of place is reported as
    // such, and nginx reads nothing of it.
    let in_http = |id: &EntryId| {
        let e = &model.entries[*id];
        e.context.is_http()
            && e.rows
                .rows()
                .iter()
                .any(|r| r.contexts.intersects(e.context.bit()))
    };
    let named = |name: &str| -> Vec<EntryId> {
        model
            .named(name)
            .iter()
            .copied()
            .filter(|id| root.entries.contains(id))
            .filter(in_http)
            .collect()
    };
    // A log format must be defined before its use, so only what nginx reads
    // before an `access_log` matters; the other names may come anywhere.
    log_formats(found, root, &named);
    if !root.complete {
        return;
    }
    upstreams(found, root, &named);
    for (cache, path) in CACHES {
        let zones = defined_zones(model, &named(path), "keys_zone=");
        for id in named(cache) {
            let Some(zone) = model.first_arg_bytes(id) else {
                continue;
            };
            if zone.as_ref() == b"off" || zone.contains(&b'$') || zones.contains(zone.as_ref()) {
                continue;
            }
            found.push(
                id,
                Diagnostic::error(
                    Code::InvalidValue,
                    found.arg_span(id, 0),
                    format!("\"{cache}\" zone \"{}\" is unknown", shown(&zone)),
                )
                .with_help(format!("no \"{path}\" defines keys_zone={}", shown(&zone))),
            );
        }
    }
    limit_zones(found, &named);
}

/// `upstream` blocks (`duplicate upstream`, `no servers are inside
/// upstream`) and the `*_pass` directives that name one or a host.
fn upstreams(found: &mut Found<'_, '_>, root: &Root, named: &dyn Fn(&str) -> Vec<EntryId>) {
    let model = found.model;
    // By (in stream, name without case): http and stream each have their own.
    let mut blocks: FastMap<(bool, Vec<u8>), EntryId> = FastMap::default();
    for &id in model.named("upstream").iter() {
        let e = &model.entries[id];
        let (Some(scope), Some(name)) = (e.opens, model.first_arg_bytes(id)) else {
            continue;
        };
        let stream = match e.context {
            Context::Http => false,
            Context::Stream => true,
            _ => continue,
        };
        if !root.entries.contains(&id) {
            continue;
        }
        let key = (stream, name.to_ascii_lowercase());
        if blocks.contains_key(&key) {
            found.push(
                id,
                Diagnostic::error(
                    Code::Duplicate,
                    found.arg_span(id, 0),
                    format!("duplicate upstream \"{}\"", shown(&name)),
                ),
            );
            continue;
        }
        blocks.insert(key, id);
        let members = model.members(scope);
        let all_known = members.iter().all(|&m| model.entries[m].rows.is_known());
        if all_known && model.members_named(scope, "server").next().is_none() {
            // nginx notices at the end of the block.
            let at = match &e.directive.end {
                crate::syntax::End::Block(b) => b.close.as_ref().map(|t| t.span()),
                _ => None,
            };
            found.push(
                id,
                Diagnostic::error(
                    Code::MissingSection,
                    at.unwrap_or_else(|| found.name_span(id)),
                    "no servers are inside upstream",
                )
                .with_help("an upstream block needs at least one \"server\""),
            );
        }
    }
    for pass in &PASSES {
        for id in named(pass.name) {
            let Some(value) = model.first_arg_bytes(id) else {
                continue;
            };
            let Some(target) = Target::parse(&value, pass) else {
                continue;
            };
            let host = shown(target.host);
            if let Some(&block) = blocks.get(&(false, target.host.to_ascii_lowercase())) {
                if let Some(port) = target.port {
                    // nginx names the one of the two it reads second.
                    let host = match model.first_arg_bytes(block) {
                        Some(name) if block > id => shown(&name).into_owned(),
                        _ => host.into_owned(),
                    };
                    found.push(
                        id,
                        Diagnostic::error(
                            Code::InvalidValue,
                            found.arg_span(id, 0),
                            format!("upstream \"{host}\" may not have port {port}"),
                        )
                        .with_help(format!(
                            "\"{host}\" is an upstream block: its servers give the ports; \
                             remove \":{port}\""
                        )),
                    );
                }
                continue;
            }
            let Some(_port) = target.port.or(target.default_port) else {
                found.push(
                    id,
                    Diagnostic::error(
                        Code::InvalidValue,
                        found.arg_span(id, 0),
                        format!("no port in upstream \"{host}\""),
                    )
                    .with_help(format!(
                        "no \"upstream {host}\" block is defined, so this is an address, \
                         and {} assumes no port: write \"{host}:PORT\" or define the upstream",
                        pass.name
                    )),
                );
                continue;
            };
            if !is_literal_address(target.host)
                && !target.host.eq_ignore_ascii_case(b"localhost")
                && !target.host.contains(&b'.')
            {
                found.push(
                    id,
                    Diagnostic::error(
                        Code::HostNotFound,
                        found.arg_span(id, 0),
                        format!("host not found in upstream \"{host}\""),
                    )
                    .with_help(format!(
                        "no \"upstream {host}\" block is defined, so nginx resolves \"{host}\" \
                         as a host name when it starts and refuses to start if that fails: \
                         this depends on DNS (or /etc/hosts, a Docker service name) knowing \
                         the short name; define the upstream or write a full host name"
                    )),
                );
            }
        }
    }
}

/// Where a `*_pass` sends requests, when it is written without variables.
struct Target<'v> {
    host: &'v [u8],
    port: Option<u16>,
    default_port: Option<u16>,
}

impl<'v> Target<'v> {
    /// `None` for what is checked elsewhere or not at all: variables (resolved
    /// per request), unix sockets, a scheme or port the handler refuses.
    fn parse(value: &'v [u8], pass: &Pass) -> Option<Target<'v>> {
        if value.contains(&b'$') {
            return None;
        }
        let (rest, default_port) = pass.schemes.iter().find_map(|(prefix, port)| {
            let p = prefix.as_bytes();
            (value.len() >= p.len() && value[..p.len()].eq_ignore_ascii_case(p))
                .then(|| (&value[p.len()..], *port))
        })?;
        if rest.starts_with(b"unix:") {
            return None;
        }
        let end = rest.iter().position(|&b| b == b'/').unwrap_or(rest.len());
        if end < rest.len() && pass.name != "proxy_pass" {
            return None;
        }
        let authority = &rest[..end];
        let (host, port) = if let Some(v6) = authority.strip_prefix(b"[") {
            let close = v6.iter().position(|&b| b == b']')?;
            (&v6[..close], v6[close + 1..].strip_prefix(b":"))
        } else {
            match authority.iter().rposition(|&b| b == b':') {
                Some(i) => (&authority[..i], Some(&authority[i + 1..])),
                None => (authority, None),
            }
        };
        let port = match port {
            Some(p) => Some(
                std::str::from_utf8(p)
                    .ok()?
                    .parse::<u16>()
                    .ok()
                    .filter(|&p| p != 0)?,
            ),
            None => None,
        };
        if host.is_empty() {
            return None;
        }
        Some(Target {
            host,
            port,
            default_port,
        })
    }
}

fn is_literal_address(host: &[u8]) -> bool {
    std::str::from_utf8(host)
        .is_ok_and(|h| h.parse::<Ipv4Addr>().is_ok() || h.parse::<Ipv6Addr>().is_ok())
}

/// `access_log PATH FORMAT`: the format must be defined by a `log_format`
/// read before it (`combined` is built in); nginx looks it up as it reads
/// the `access_log`.
fn log_formats(found: &mut Found<'_, '_>, root: &Root, named: &dyn Fn(&str) -> Vec<EntryId>) {
    let model = found.model;
    let formats: Vec<(EntryId, Cow<'_, [u8]>)> = named("log_format")
        .into_iter()
        .filter_map(|id| Some((id, model.first_arg_bytes(id)?)))
        .collect();
    for id in named("access_log") {
        let args = model.args(id);
        if args.len() < 2 || args[0].as_ref() == b"off" || !root.complete_before(id) {
            continue;
        }
        let format = &args[1];
        let defined = format.eq_ignore_ascii_case(b"combined")
            || formats
                .iter()
                .any(|(at, name)| *at < id && name.eq_ignore_ascii_case(format));
        if defined {
            continue;
        }
        let later = formats
            .iter()
            .any(|(_, name)| name.eq_ignore_ascii_case(format));
        found.push(
            id,
            Diagnostic::error(
                Code::InvalidValue,
                found.arg_span(id, 1),
                format!("unknown log format \"{}\"", shown(format)),
            )
            .with_help(if later {
                "the log_format of that name comes later in the config: nginx needs it \
                 defined before the access_log that uses it"
                    .to_string()
            } else {
                format!(
                    "no log_format \"{}\" is defined (the built-in one is \"combined\")",
                    shown(format)
                )
            }),
        );
    }
}

/// `duplicate "log_format" name "X"`: nginx keeps one list of formats per
/// `http` (and per `stream`) block, `combined` in it from the start, and
/// refuses a name already there (compared with case). Both definitions
/// stand in the text, so this runs in snippets too.
pub(super) fn duplicate_log_formats(found: &mut Found<'_, '_>, root: &Root) {
    let model = found.model;
    let mut seen: FastSet<(usize, Vec<u8>)> = FastSet::default();
    for id in model.named("log_format").iter().copied() {
        let e = &model.entries[id];
        let allowed = matches!(e.context, Context::Http | Context::Stream)
            && e.rows
                .rows()
                .iter()
                .any(|r| r.contexts.intersects(e.context.bit()));
        if !root.entries.contains(&id) || !allowed || found.refused(id) {
            continue;
        }
        let Some(name) = model.first_arg_bytes(id) else {
            continue;
        };
        let builtin = e.context == Context::Http && name.as_ref() == b"combined";
        if seen.insert((e.scope, name.to_vec())) && !builtin {
            continue;
        }
        found.push(
            id,
            Diagnostic::error(
                Code::Duplicate,
                found.arg_span(id, 0),
                format!("duplicate \"log_format\" name \"{}\"", shown(&name)),
            )
            .with_help("each log_format of a block needs its own name"),
        );
    }
}

/// The zone names the `zone=` / `keys_zone=` parameters of `defs` define.
fn defined_zones<'a>(model: &Model<'a>, defs: &[EntryId], param: &str) -> FastSet<Vec<u8>> {
    let mut out = FastSet::default();
    for &id in defs {
        for arg in model.args(id) {
            if let Some(rest) = arg.strip_prefix(param.as_bytes()) {
                let name = rest.split(|&b| b == b':').next().unwrap_or(rest);
                out.insert(name.to_vec());
            }
        }
    }
    out
}

/// `limit_req zone=NAME` and `limit_conn NAME N` with no `*_zone` of that
/// name: nginx adds the zone with no size and refuses it when it starts.
fn limit_zones(found: &mut Found<'_, '_>, named: &dyn Fn(&str) -> Vec<EntryId>) {
    let model = found.model;
    let req = defined_zones(model, &named("limit_req_zone"), "zone=");
    let conn = defined_zones(model, &named("limit_conn_zone"), "zone=");
    let mut undefined: Vec<(EntryId, usize, Vec<u8>, &str)> = Vec::new();
    for id in named("limit_req") {
        for (n, arg) in model.args(id).iter().enumerate() {
            if let Some(name) = arg.strip_prefix(b"zone=") {
                if !req.contains(name) && !conn.contains(name) {
                    undefined.push((id, n, name.to_vec(), "limit_req_zone"));
                }
            }
        }
    }
    for id in named("limit_conn") {
        if let Some(name) = model.first_arg_bytes(id) {
            if !conn.contains(name.as_ref()) && !req.contains(name.as_ref()) {
                undefined.push((id, 0, name.into_owned(), "limit_conn_zone"));
            }
        }
    }
    // A warning, not an error, only because the agreement test cannot see
    // nginx fail here: nginx checks the zones after it has opened the log
    // files, which the test's machine cannot, so it never gets this far.
    for (id, n, name, definer) in undefined {
        found.push(
            id,
            Diagnostic::warning(
                Code::InvalidValue,
                found.arg_span(id, n),
                format!("zero size shared memory zone \"{}\"", shown(&name)),
            )
            .with_help(format!(
                "no \"{definer}\" defines zone={}, so nginx has a zone of that name with no \
                 size and refuses to start",
                shown(&name)
            )),
        );
    }
}
