//! `listen` (http and stream): the address as `ngx_parse_url` reads it for a
//! listening socket, then each parameter as `ngx_http_core_listen` /
//! `ngx_stream_core_listen` read it on Linux, then the combinations nginx
//! refuses (`quic` and `udp` exclude some parameters).

use super::parse::{atoi, parse_size, parse_time, parse_url, UrlKind};
use super::{directive_error, error, shown, Input};
use crate::diagnostic::{Code, Diagnostic};
use crate::options::Version;
use crate::syntax::Token;

/// How a parameter's value is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A word alone (`ssl`, `bind`).
    Word,
    /// `name=N`, `ngx_atoi` (`invalid NAME "..."`).
    Number,
    /// `backlog=N`: a number, and not 0.
    Backlog,
    /// `name=size`, `ngx_parse_size`.
    Size,
    /// `ipv6only=on|off`: nginx matches the prefix `ipv6only=o`.
    Ipv6only,
    /// `so_keepalive=on|off|[idle]:[interval]:[count]`.
    SoKeepalive,
    /// `accept_filter=`: a FreeBSD feature nginx ignores on Linux.
    Any,
}

/// One parameter nginx knows; `name` ends in `=` for `name=value` ones.
struct Param {
    name: &'static str,
    kind: Kind,
    since: Option<Version>,
    /// Refused next to `quic` (http) or `udp` (stream).
    excluded: bool,
}

const fn p(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        since: None,
        excluded: false,
    }
}

const fn since(param: Param, version: Version) -> Param {
    Param {
        since: Some(version),
        ..param
    }
}

const fn excluded(param: Param) -> Param {
    Param {
        excluded: true,
        ..param
    }
}

const QUIC: Version = Version(1, 25, 0);
const MULTIPATH: Version = Version(1, 29, 7);
/// Stream `listen` learnt `default_server`, `deferred` and `accept_filter=`,
/// and says `invalid parameter` instead of `the invalid "X" parameter`.
const STREAM_SERVER_NAME: Version = Version(1, 25, 5);

/// http `listen` on Linux (`setfib=` is FreeBSD only: nginx on Linux calls it
/// an invalid parameter). The order of the exclusions is nginx's.
static HTTP: &[Param] = &[
    p("default_server", Kind::Word),
    p("default", Kind::Word),
    p("bind", Kind::Word),
    excluded(p("fastopen=", Kind::Number)),
    excluded(p("backlog=", Kind::Backlog)),
    p("rcvbuf=", Kind::Size),
    p("sndbuf=", Kind::Size),
    p("accept_filter=", Kind::Any),
    excluded(p("deferred", Kind::Word)),
    p("ipv6only=o", Kind::Ipv6only),
    p("reuseport", Kind::Word),
    excluded(since(p("multipath", Kind::Word), MULTIPATH)),
    excluded(p("ssl", Kind::Word)),
    excluded(p("http2", Kind::Word)),
    since(p("quic", Kind::Word), QUIC),
    excluded(p("so_keepalive=", Kind::SoKeepalive)),
    excluded(p("proxy_protocol", Kind::Word)),
];

/// stream `listen` on Linux.
static STREAM: &[Param] = &[
    since(p("default_server", Kind::Word), STREAM_SERVER_NAME),
    p("udp", Kind::Word),
    p("bind", Kind::Word),
    excluded(p("fastopen=", Kind::Number)),
    excluded(p("backlog=", Kind::Backlog)),
    p("rcvbuf=", Kind::Size),
    p("sndbuf=", Kind::Size),
    since(p("accept_filter=", Kind::Any), STREAM_SERVER_NAME),
    excluded(since(p("deferred", Kind::Word), STREAM_SERVER_NAME)),
    p("ipv6only=o", Kind::Ipv6only),
    p("reuseport", Kind::Word),
    excluded(since(p("multipath", Kind::Word), MULTIPATH)),
    excluded(p("ssl", Kind::Word)),
    excluded(p("so_keepalive=", Kind::SoKeepalive)),
    excluded(p("proxy_protocol", Kind::Word)),
];

/// mail `listen` on Linux.
static MAIL: &[Param] = &[
    p("bind", Kind::Word),
    p("backlog=", Kind::Backlog),
    p("rcvbuf=", Kind::Size),
    p("sndbuf=", Kind::Size),
    p("ipv6only=o", Kind::Ipv6only),
    since(p("multipath", Kind::Word), MULTIPATH),
    p("ssl", Kind::Word),
    p("so_keepalive=", Kind::SoKeepalive),
    p("proxy_protocol", Kind::Word),
];

pub(super) fn check_http(input: &Input<'_>) -> Option<Diagnostic> {
    let excluder = (input.version >= QUIC).then_some("quic");
    check(input, HTTP, excluder, "invalid parameter \"{}\"")
}

pub(super) fn check_stream(input: &Input<'_>) -> Option<Diagnostic> {
    let unknown = if input.version >= STREAM_SERVER_NAME {
        "invalid parameter \"{}\""
    } else {
        "the invalid \"{}\" parameter"
    };
    check(input, STREAM, Some("udp"), unknown)
}

/// Mail changed its wording with stream's, in 1.25.5.
pub(super) fn check_mail(input: &Input<'_>) -> Option<Diagnostic> {
    let unknown = if input.version >= STREAM_SERVER_NAME {
        "invalid parameter \"{}\""
    } else {
        "the invalid \"{}\" parameter"
    };
    check(input, MAIL, None, unknown)
}

fn check(
    input: &Input<'_>,
    params: &[Param],
    excluder: Option<&str>,
    unknown: &str,
) -> Option<Diagnostic> {
    let mut args = input.args();
    let address = args.next()?;
    let url = input.value(address);
    let kind = UrlKind {
        listen: true,
        uri_part: false,
    };
    if let Err(err) = parse_url(&url, kind) {
        return error(
            Code::InvalidValue,
            address,
            format!("{err} in \"{}\" of the \"listen\" directive", shown(&url)),
        );
    }
    // The excluding word, when given, and the first parameter it excludes.
    let mut excluding = false;
    let mut first_excluded: Option<(&Token, &'static str)> = None;
    for token in args {
        let value = input.value(token);
        let known = params.iter().find(|p| {
            p.since.is_none_or(|v| input.version >= v)
                && match p.kind {
                    Kind::Word => *value == *p.name.as_bytes(),
                    _ => value.starts_with(p.name.as_bytes()),
                }
        });
        let Some(param) = known else {
            return error(
                Code::InvalidParameter,
                token,
                unknown.replacen("{}", &shown(&value), 1),
            );
        };
        if let Some(message) = invalid_value(param, &value) {
            return error(Code::InvalidValue, token, message);
        }
        if Some(param.name) == excluder {
            excluding = true;
        }
        if param.excluded {
            let order = params.iter().position(|p| p.name == param.name);
            let earlier =
                first_excluded.and_then(|(_, name)| params.iter().position(|p| p.name == name));
            if earlier.is_none() || order < earlier {
                first_excluded = Some((token, param.name));
            }
        }
    }
    let (token, name) = first_excluded.filter(|_| excluding)?;
    let name = name.trim_end_matches('=');
    directive_error(
        input,
        Code::InvalidParameter,
        token,
        &format!(
            "\"{name}\" parameter is incompatible with \"{}\"",
            excluder.unwrap_or_default()
        ),
    )
}

/// nginx's message for a known parameter whose value it refuses.
fn invalid_value(param: &Param, value: &[u8]) -> Option<String> {
    let rest = &value[param.name.len()..];
    let name = param.name.trim_end_matches('=');
    let ok = match param.kind {
        Kind::Word | Kind::Any => true,
        Kind::Number => atoi(rest).is_some(),
        Kind::Backlog => atoi(rest).is_some_and(|n| n != 0),
        Kind::Size => parse_size(rest).is_some(),
        Kind::Ipv6only => {
            if rest == b"n" || rest == b"ff" {
                return None;
            }
            // nginx shows what follows `ipv6only=`.
            return Some(format!(
                "invalid ipv6only flags \"{}\"",
                shown(&value["ipv6only=".len()..])
            ));
        }
        Kind::SoKeepalive => {
            if rest == b"on" || rest == b"off" || keepalive_tuned(rest) {
                return None;
            }
            return Some(format!("invalid so_keepalive value: \"{}\"", shown(rest)));
        }
    };
    (!ok).then(|| format!("invalid {name} \"{}\"", shown(value)))
}

/// `idle:interval:count`, each part optional, not all of them zero.
fn keepalive_tuned(text: &[u8]) -> bool {
    let mut parts = text.splitn(3, |&c| c == b':');
    let idle = parts.next().unwrap_or_default();
    let interval = parts.next().unwrap_or_default();
    let count = parts.next().unwrap_or_default();
    let time = |t: &[u8]| {
        if t.is_empty() {
            Some(0)
        } else {
            parse_time(t, true)
        }
    };
    let count = if count.is_empty() {
        Some(0)
    } else {
        atoi(count)
    };
    match (time(idle), time(interval), count) {
        (Some(a), Some(b), Some(c)) => a != 0 || b != 0 || c != 0,
        _ => false,
    }
}
