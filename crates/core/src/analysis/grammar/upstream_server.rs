//! `server` in an `upstream` block (http and stream): the parameters as
//! `ngx_http_upstream_server` reads them (before the address), then the
//! address as `ngx_parse_url` reads it. A host name is resolved at start-up:
//! whether it exists is not checked here.

use super::parse::{atoi, parse_time, parse_url, UrlKind};
use super::{error, shown, Input};
use crate::diagnostic::{Code, Diagnostic};
use crate::options::Version;

/// `resolve` and `service=` in the open-source nginx.
const RESOLVE: Version = Version(1, 27, 3);

/// Whether nginx `version` knows this parameter with a value it accepts.
fn accepted(value: &[u8], version: Version) -> bool {
    let number = |prefix: &[u8]| value.strip_prefix(prefix).map(atoi);
    if let Some(weight) = number(b"weight=") {
        return weight.is_some_and(|n| n != 0);
    }
    if let Some(n) = number(b"max_conns=").or_else(|| number(b"max_fails=")) {
        return n.is_some();
    }
    if let Some(time) = value.strip_prefix(b"fail_timeout=") {
        return parse_time(time, true).is_some();
    }
    match value {
        b"backup" | b"down" => true,
        b"resolve" => version >= RESOLVE,
        // An empty `service=` has a message of its own (see `check`).
        _ => version >= RESOLVE && value.starts_with(b"service="),
    }
}

pub(super) fn check(input: &Input<'_>, stream: bool) -> Option<Diagnostic> {
    let mut args = input.args();
    let address = args.next()?;
    let (mut resolve, mut service) = (false, false);
    for token in args {
        let value = input.value(token);
        if !accepted(&value, input.version) {
            return error(
                Code::InvalidParameter,
                token,
                format!("invalid parameter \"{}\"", shown(&value)),
            );
        }
        if &*value == b"service=" {
            return error(Code::InvalidValue, token, "service is empty".to_string());
        }
        resolve |= &*value == b"resolve";
        service |= value.starts_with(b"service=");
    }
    let url = input.value(address);
    let url_shown = || shown(&url).into_owned();
    if service && !resolve {
        return error(
            Code::InvalidParameter,
            address,
            format!(
                "service upstream \"{}\" requires \"resolve\" parameter",
                url_shown()
            ),
        );
    }
    let kind = UrlKind {
        listen: false,
        uri_part: false,
    };
    let parsed = match parse_url(&url, kind) {
        Ok(parsed) => parsed,
        Err(err) => {
            return error(
                Code::InvalidValue,
                address,
                format!("{err} in upstream \"{}\"", url_shown()),
            )
        }
    };
    if stream && parsed.no_port && !service {
        return error(
            Code::InvalidValue,
            address,
            format!("no port in upstream \"{}\"", url_shown()),
        );
    }
    if service && !parsed.no_port {
        return error(
            Code::InvalidValue,
            address,
            format!("service upstream \"{}\" may not have port", url_shown()),
        );
    }
    if service && !parsed.name {
        return error(
            Code::InvalidValue,
            address,
            format!("service upstream \"{}\" requires domain name", url_shown()),
        );
    }
    None
}
