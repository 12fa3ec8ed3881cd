//! The `*_pass` directives' addresses: the scheme each accepts, then the
//! address as `ngx_http_upstream_add` reads it (`ngx_parse_url`, names left
//! to start-up). A URL with variables is built per request: not checked.

use super::parse::{parse_url, UrlKind};
use super::{error, shown, Input};
use crate::analysis::context::Context;
use crate::diagnostic::{Code, Diagnostic};

/// Which `*_pass`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// http `proxy_pass`: `http://` or `https://` required, a URI allowed.
    Proxy,
    /// `grpc_pass`: `grpc://` or `grpcs://` optional.
    Grpc,
    /// `uwsgi_pass`: `uwsgi://` or `suwsgi://` optional.
    Uwsgi,
    /// `fastcgi_pass`, `scgi_pass`, `memcached_pass`, stream `proxy_pass`:
    /// an address alone.
    Plain,
}

pub(super) fn check(input: &Input<'_>, pass: Pass) -> Option<Diagnostic> {
    let (token, url) = input.arg(0)?;
    if url.contains(&b'$') {
        return None;
    }
    let has = |prefix: &[u8]| {
        url.len() >= prefix.len() && url[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    let schemes: &[&[u8]] = match pass {
        Pass::Proxy => &[b"http://", b"https://"],
        Pass::Grpc => &[b"grpc://", b"grpcs://"],
        Pass::Uwsgi => &[b"uwsgi://", b"suwsgi://"],
        Pass::Plain => &[],
    };
    let scheme = schemes.iter().find(|s| has(s)).map_or(0, |s| s.len());
    if pass == Pass::Proxy && scheme == 0 {
        return error(Code::InvalidValue, token, "invalid URL prefix".to_string());
    }
    let address = &url[scheme..];
    let kind = UrlKind {
        listen: false,
        uri_part: pass == Pass::Proxy,
    };
    if let Err(err) = parse_url(address, kind) {
        return error(
            Code::InvalidValue,
            token,
            format!("{err} in upstream \"{}\"", shown(address)),
        );
    }
    if pass == Pass::Proxy && has_uri(address) && uri_refused_here(input) {
        return error(
            Code::InvalidValue,
            token,
            "\"proxy_pass\" cannot have URI part in location given by regular expression, \
             or inside named location, or inside \"if\" statement, or inside \"limit_except\" block"
                .to_string(),
        );
    }
    None
}

/// Whether a `proxy_pass` address carries a URI (a `/` or `?` after the host).
fn has_uri(address: &[u8]) -> bool {
    let host_end = if address.first() == Some(&b'[') {
        address.iter().position(|&c| c == b']').unwrap_or(0)
    } else {
        0
    };
    if address.len() >= 5 && address[..5].eq_ignore_ascii_case(b"unix:") {
        // `unix:/path:/uri`: the URI follows the second colon.
        return address[5..].contains(&b':');
    }
    address[host_end..].iter().any(|&c| c == b'/' || c == b'?')
}

/// A URI part is refused in `if`, `limit_except`, and regex or named locations.
fn uri_refused_here(input: &Input<'_>) -> bool {
    if matches!(input.context, Context::HttpLif | Context::HttpLmt) {
        return true;
    }
    let Some((tree, around)) = input.enclosing else {
        return false;
    };
    if tree.text(around.name.span()) != b"location" {
        return false;
    }
    let mut args = tree.args(around).map(|t| tree.value(t));
    match (args.next(), args.next()) {
        (Some(modifier), Some(_)) => modifier.starts_with(b"~"),
        (Some(name), None) => name.starts_with(b"~") || name.starts_with(b"@"),
        _ => false,
    }
}
