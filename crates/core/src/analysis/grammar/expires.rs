//! `expires [modified] time|epoch|max|off`: a time with an optional sign,
//! or `@time` for a time of day (`ngx_http_parse_expires`). A value with a
//! variable is read per request, so it is not checked here.

use super::parse::parse_time;
use super::{directive_error, Input};
use crate::diagnostic::{Code, Diagnostic};

pub(super) fn check(input: &Input<'_>) -> Option<Diagnostic> {
    let modified = input.args().count() == 2;
    if modified {
        let (token, first) = input.arg(0)?;
        if &*first != b"modified" {
            return directive_error(input, Code::InvalidValue, token, "invalid value");
        }
    }
    let (token, value) = input.arg(usize::from(modified))?;
    if value.contains(&b'$') {
        return None;
    }
    if !modified && matches!(&*value, b"epoch" | b"max" | b"off") {
        return None;
    }
    let daily = value.first() == Some(&b'@');
    if daily && modified {
        return directive_error(
            input,
            Code::InvalidValue,
            token,
            "daily time cannot be used with \"modified\" parameter",
        );
    }
    let time = match value.first() {
        Some(b'@' | b'+' | b'-') => &value[1..],
        _ => &value[..],
    };
    match parse_time(time, true) {
        None => directive_error(input, Code::InvalidValue, token, "invalid value"),
        Some(t) if daily && t > 24 * 60 * 60 => directive_error(
            input,
            Code::InvalidValue,
            token,
            "daily time value must be less than 24 hours",
        ),
        Some(_) => None,
    }
}
