//! Addresses given to the access module (`allow`, `deny`) and to `resolver`.

use super::parse::{is_cidr, parse_time, parse_url, UrlKind};
use super::{error, shown, Input};
use crate::analysis::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::options::Version;

/// `allow`/`deny`: `all`, `unix:`, or an address with an optional mask
/// (`ngx_ptocidr`); a host name is refused.
pub(super) fn check(input: &Input<'_>) -> Option<Diagnostic> {
    let (token, value) = input.arg(0)?;
    if matches!(&*value, b"all" | b"unix:") || is_cidr(&value) {
        return None;
    }
    error(
        Code::InvalidParameter,
        token,
        format!("invalid parameter \"{}\"", shown(&value)),
    )
}

/// `resolver` learnt `ipv4=`.
const RESOLVER_IPV4: Version = Version(1, 23, 1);

/// `resolver address ... [valid=time] [ipv4=on|off] [ipv6=on|off]`: each
/// address as `ngx_parse_url` reads it (a name is resolved at start-up, not
/// checked here).
pub(super) fn resolver(input: &Input<'_>) -> Option<Diagnostic> {
    let mail = matches!(input.context, Context::Mail | Context::MailServer);
    if mail && input.arg(0).is_some_and(|(_, v)| &*v == b"off") {
        // The mail module's resolver can be turned off.
        return None;
    }
    let (mut ipv4, mut ipv6) = (true, true);
    let mut servers = false;
    for token in input.args() {
        let value = input.value(token);
        let switch = |prefix: &[u8]| {
            value
                .strip_prefix(prefix)
                .map(|rest| matches!(rest, b"on" | b"off").then_some(rest == b"on"))
        };
        let valid = if let Some(time) = value.strip_prefix(b"valid=") {
            parse_time(time, true).is_some()
        } else if let Some(on) = switch(b"ipv4=").filter(|_| input.version >= RESOLVER_IPV4) {
            ipv4 = on.unwrap_or(ipv4);
            on.is_some()
        } else if let Some(on) = switch(b"ipv6=") {
            ipv6 = on.unwrap_or(ipv6);
            on.is_some()
        } else {
            let kind = UrlKind {
                listen: false,
                uri_part: false,
            };
            if let Err(err) = parse_url(&value, kind) {
                return error(
                    Code::InvalidValue,
                    token,
                    format!("{err} in resolver \"{}\"", shown(&value)),
                );
            }
            servers = true;
            true
        };
        if !valid {
            return error(
                Code::InvalidParameter,
                token,
                format!("invalid parameter: {}", shown(&value)),
            );
        }
    }
    if !servers {
        return error(
            Code::InvalidValue,
            &input.directive.name,
            "no name servers defined".to_string(),
        );
    }
    if !ipv4 && !ipv6 {
        let token = input.args().last()?;
        return error(
            Code::InvalidParameter,
            token,
            "\"ipv4\" and \"ipv6\" cannot both be \"off\"".to_string(),
        );
    }
    None
}
