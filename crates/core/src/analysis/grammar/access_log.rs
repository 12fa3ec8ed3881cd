//! http `access_log path [format [buffer=size] [gzip[=level]] [flush=time]
//! [if=condition]]` and `access_log off`, as `ngx_http_log_set_log` reads
//! them. Whether the format is defined is a whole-config question, not
//! checked here; a bad parameter is an error either way (nginx names the
//! unknown format first).

use super::parse::{atoi, parse_size, parse_time};
use super::{error, shown, Input};
use crate::diagnostic::{Code, Diagnostic};

pub(super) fn check(input: &Input<'_>) -> Option<Diagnostic> {
    let (path_token, path) = input.arg(0)?;
    if &*path == b"off" {
        let (token, value) = input.arg(1)?;
        return error(
            Code::InvalidParameter,
            token,
            format!("invalid parameter \"{}\"", shown(&value)),
        );
    }
    let (mut buffered, mut flush) = (false, false);
    for token in input.args().skip(2) {
        let value = input.value(token);
        let bad = |what: &str, rest: &[u8]| {
            error(
                Code::InvalidValue,
                token,
                format!("invalid {what} \"{}\"", shown(rest)),
            )
        };
        if let Some(size) = value.strip_prefix(b"buffer=") {
            if parse_size(size).is_none_or(|s| s == 0) {
                return bad("buffer size", size);
            }
            buffered = true;
        } else if let Some(time) = value.strip_prefix(b"flush=") {
            if parse_time(time, false).is_none_or(|t| t == 0) {
                return bad("flush time", time);
            }
            flush = true;
        } else if &*value == b"gzip" {
            buffered = true;
        } else if let Some(level) = value.strip_prefix(b"gzip=") {
            if !atoi(level).is_some_and(|l| (1..=9).contains(&l)) {
                return bad("compression level", level);
            }
            buffered = true;
        } else if !value.starts_with(b"if=") {
            return error(
                Code::InvalidParameter,
                token,
                format!("invalid parameter \"{}\"", shown(&value)),
            );
        }
    }
    if flush && !buffered {
        return error(
            Code::InvalidParameter,
            path_token,
            format!("no buffer is defined for access_log \"{}\"", shown(&path)),
        );
    }
    if buffered && path.contains(&b'$') {
        return error(
            Code::InvalidParameter,
            path_token,
            "buffered logs cannot have variables in name".to_string(),
        );
    }
    if buffered && path.starts_with(b"syslog:") {
        return error(
            Code::InvalidParameter,
            path_token,
            "logs to syslog cannot be buffered".to_string(),
        );
    }
    None
}
