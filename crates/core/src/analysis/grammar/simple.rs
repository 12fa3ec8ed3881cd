//! Handlers with a short grammar of their own: a few keyword parameters, a
//! time with status codes, a shared memory zone.

use super::parse::{atoi, parse_offset, parse_size, parse_time};
use super::{error, shown, Input};
use crate::diagnostic::{Code, Diagnostic};

/// `ngx_pagesize` on the Linux builds: shared zones need 8 pages.
const MIN_ZONE: i64 = 8 * 4096;

/// An error at `token` naming its whole value in nginx's `what "VALUE"` form.
fn named(code: Code, token: &crate::syntax::Token, what: &str, value: &[u8]) -> Option<Diagnostic> {
    error(code, token, format!("{what} \"{}\"", shown(value)))
}

/// A third argument that may only be `word` (`add_header ... always`,
/// `fastcgi_param ... if_not_empty`).
pub(super) fn trailing_keyword(input: &Input<'_>, word: &[u8]) -> Option<Diagnostic> {
    let (token, value) = input.arg(2)?;
    if *value == *word {
        return None;
    }
    named(Code::InvalidParameter, token, "invalid parameter", &value)
}

/// `*_cache_valid [code ...|any] time`.
pub(super) fn cache_valid(input: &Input<'_>) -> Option<Diagnostic> {
    let count = input.args().count();
    let (token, time) = input.arg(count - 1)?;
    if parse_time(&time, true).is_none() {
        return named(Code::InvalidValue, token, "invalid time value", &time);
    }
    for token in input.args().take(count - 1) {
        let value = input.value(token);
        if &*value != b"any" && !atoi(&value).is_some_and(|c| (100..=599).contains(&c)) {
            return named(Code::InvalidValue, token, "invalid status", &value);
        }
    }
    None
}

/// `limit_req zone=name [burst=n] [nodelay|delay=n]`.
pub(super) fn limit_req(input: &Input<'_>) -> Option<Diagnostic> {
    let mut zone = false;
    for token in input.args() {
        let value = input.value(token);
        let positive = |prefix: &[u8]| {
            value
                .strip_prefix(prefix)
                .map(|n| atoi(n).is_some_and(|n| n > 0))
        };
        if value.starts_with(b"zone=") {
            zone = true;
        } else if let Some(ok) = positive(b"burst=") {
            if !ok {
                return named(Code::InvalidValue, token, "invalid burst value", &value);
            }
        } else if let Some(ok) = positive(b"delay=") {
            if !ok {
                return named(Code::InvalidValue, token, "invalid delay value", &value);
            }
        } else if &*value != b"nodelay" {
            return named(Code::InvalidParameter, token, "invalid parameter", &value);
        }
    }
    if zone {
        return None;
    }
    let first = input.args().next()?;
    error(
        Code::InvalidParameter,
        first,
        format!("\"{}\" must have \"zone\" parameter", input.shown_name()),
    )
}

/// `limit_req_zone key zone=name:size rate=rate` and `limit_conn_zone key
/// zone=name:size` (`rate=` for the first only).
pub(super) fn limit_zone(input: &Input<'_>, rate: bool) -> Option<Diagnostic> {
    let mut named_zone = false;
    for token in input.args().skip(1) {
        let value = input.value(token);
        if let Some(zone) = value.strip_prefix(b"zone=") {
            let Some(colon) = zone.iter().position(|&c| c == b':') else {
                return named(Code::InvalidValue, token, "invalid zone size", &value);
            };
            match parse_size(&zone[colon + 1..]) {
                None => return named(Code::InvalidValue, token, "invalid zone size", &value),
                Some(size) if size < MIN_ZONE => {
                    return error(
                        Code::InvalidValue,
                        token,
                        format!("zone \"{}\" is too small", shown(&value)),
                    )
                }
                Some(_) => named_zone |= colon > 0,
            }
        } else if let (true, Some(r)) = (rate, value.strip_prefix(b"rate=")) {
            let number = r
                .strip_suffix(b"r/s")
                .or_else(|| r.strip_suffix(b"r/m"))
                .unwrap_or(r);
            if atoi(number).is_none_or(|n| n <= 0) {
                return named(Code::InvalidValue, token, "invalid rate", &value);
            }
        } else {
            return named(Code::InvalidParameter, token, "invalid parameter", &value);
        }
    }
    if named_zone {
        return None;
    }
    let first = input.args().next()?;
    error(
        Code::InvalidParameter,
        first,
        format!("\"{}\" must have \"zone\" parameter", input.shown_name()),
    )
}

/// `open_file_cache off | max=N [inactive=time]`.
pub(super) fn open_file_cache(input: &Input<'_>) -> Option<Diagnostic> {
    let (mut max, mut off) = (false, false);
    for token in input.args() {
        let value = input.value(token);
        let ok = if let Some(n) = value.strip_prefix(b"max=") {
            max = true;
            atoi(n).is_some_and(|n| n > 0)
        } else if let Some(t) = value.strip_prefix(b"inactive=") {
            parse_time(t, true).is_some()
        } else {
            off |= &*value == b"off";
            &*value == b"off"
        };
        if !ok {
            return named(
                Code::InvalidParameter,
                token,
                "invalid \"open_file_cache\" parameter",
                &value,
            );
        }
    }
    if off || max {
        return None;
    }
    let first = input.args().next()?;
    error(
        Code::InvalidParameter,
        first,
        "\"open_file_cache\" must have the \"max\" parameter".to_string(),
    )
}

/// `ssl_session_cache off|none|builtin[:size] shared:name:size ...`.
pub(super) fn ssl_session_cache(input: &Input<'_>) -> Option<Diagnostic> {
    for token in input.args() {
        let value = input.value(token);
        let ok = match &*value {
            b"off" | b"none" | b"builtin" => true,
            v if v.len() > 8 && v.starts_with(b"builtin:") => atoi(&v[8..]).is_some(),
            v if v.len() > 7 && v.starts_with(b"shared:") => {
                let rest = &v[7..];
                match rest.iter().position(|&c| c == b':') {
                    // No size: nginx reads past the value; treated as refused.
                    None => false,
                    Some(0) => false,
                    Some(colon) => match parse_size(&rest[colon + 1..]) {
                        None => false,
                        Some(size) if size < MIN_ZONE => {
                            return error(
                                Code::InvalidValue,
                                token,
                                format!("session cache \"{}\" is too small", shown(v)),
                            )
                        }
                        Some(_) => true,
                    },
                }
            }
            _ => false,
        };
        if !ok {
            return named(Code::InvalidValue, token, "invalid session cache", &value);
        }
    }
    None
}

/// `use method` in `events`: on Linux nginx builds only `epoll` unless
/// configured `--with-poll_module`/`--with-select_module` (Debian's is not).
pub(super) fn event_method(input: &Input<'_>) -> Option<Diagnostic> {
    let (token, value) = input.arg(0)?;
    if &*value == b"epoll" {
        return None;
    }
    named(Code::InvalidValue, token, "invalid event type", &value)
}

/// mail `protocol`: the name one of the mail modules (imap, pop3, smtp)
/// gives its protocol, compared as nginx compares it, case and all.
pub(super) fn mail_protocol(input: &Input<'_>) -> Option<Diagnostic> {
    let (token, value) = input.arg(0)?;
    if matches!(&*value, b"imap" | b"pop3" | b"smtp") {
        return None;
    }
    named(Code::InvalidValue, token, "unknown protocol", &value)
}

/// `limit_conn zone number`: 1 to 65535 connections.
pub(super) fn limit_conn(input: &Input<'_>) -> Option<Diagnostic> {
    let (token, value) = input.arg(1)?;
    match atoi(&value) {
        Some(n) if n > 65535 => error(
            Code::InvalidValue,
            token,
            "connection limit must be less 65536".to_string(),
        ),
        Some(n) if n > 0 => None,
        _ => named(
            Code::InvalidValue,
            token,
            "invalid number of connections",
            &value,
        ),
    }
}

/// `*_cache_path path [levels=1:2] keys_zone=name:size [inactive=] [max_size=]
/// ...` (`ngx_http_file_cache_set_slot`).
pub(super) fn cache_path(input: &Input<'_>) -> Option<Diagnostic> {
    let mut zone = false;
    for token in input.args().skip(1) {
        let value = input.value(token);
        let v = &*value;
        let time = |t: &[u8], is_sec| parse_time(t, is_sec).is_some();
        let (ok, what) = if let Some(levels) = v.strip_prefix(b"levels=") {
            let ok = levels.is_empty()
                || (levels.split(|&c| c == b':').count() <= 3
                    && levels.split(|&c| c == b':').all(|l| l == b"1" || l == b"2"));
            if !ok {
                return named(Code::InvalidValue, token, "invalid \"levels\"", v);
            }
            (true, "")
        } else if let Some(rest) = v.strip_prefix(b"use_temp_path=") {
            if rest != b"on" && rest != b"off" {
                return error(
                    Code::InvalidValue,
                    token,
                    format!(
                        "invalid use_temp_path value \"{}\", it must be \"on\" or \"off\"",
                        shown(v)
                    ),
                );
            }
            (true, "")
        } else if let Some(rest) = v.strip_prefix(b"keys_zone=") {
            let Some(colon) = rest.iter().position(|&c| c == b':') else {
                return named(Code::InvalidValue, token, "invalid keys zone size", v);
            };
            match parse_size(&rest[colon + 1..]) {
                None => return named(Code::InvalidValue, token, "invalid keys zone size", v),
                Some(size) if size < 2 * 4096 => {
                    return error(
                        Code::InvalidValue,
                        token,
                        format!("keys zone \"{}\" is too small", shown(v)),
                    )
                }
                Some(_) => zone |= colon > 0,
            }
            (true, "")
        } else if let Some(t) = v.strip_prefix(b"inactive=") {
            (time(t, true), "inactive")
        } else if let Some(o) = v.strip_prefix(b"max_size=") {
            (parse_offset(o).is_some(), "max_size")
        } else if let Some(o) = v.strip_prefix(b"min_free=") {
            (parse_offset(o).is_some(), "min_free")
        } else if let Some(n) = v.strip_prefix(b"loader_files=") {
            (atoi(n).is_some(), "loader_files")
        } else if let Some(t) = v.strip_prefix(b"loader_sleep=") {
            (time(t, false), "loader_sleep")
        } else if let Some(t) = v.strip_prefix(b"loader_threshold=") {
            (time(t, false), "loader_threshold")
        } else if let Some(n) = v.strip_prefix(b"manager_files=") {
            (atoi(n).is_some(), "manager_files")
        } else if let Some(t) = v.strip_prefix(b"manager_sleep=") {
            (time(t, false), "manager_sleep")
        } else if let Some(t) = v.strip_prefix(b"manager_threshold=") {
            (time(t, false), "manager_threshold")
        } else {
            return named(Code::InvalidParameter, token, "invalid parameter", v);
        };
        if !ok {
            return error(
                Code::InvalidValue,
                token,
                format!("invalid {what} value \"{}\"", shown(v)),
            );
        }
    }
    if zone {
        return None;
    }
    error(
        Code::InvalidParameter,
        &input.directive.name,
        format!(
            "\"{}\" must have \"keys_zone\" parameter",
            input.shown_name()
        ),
    )
}

/// `worker_processes number|auto`: nginx blames the directive.
pub(super) fn worker_processes(input: &Input<'_>) -> Option<Diagnostic> {
    let (token, value) = input.arg(0)?;
    if &*value == b"auto" || atoi(&value).is_some() {
        return None;
    }
    error(
        Code::InvalidValue,
        token,
        format!("\"{}\" directive invalid value", input.shown_name()),
    )
}

/// `worker_connections number`.
pub(super) fn worker_connections(input: &Input<'_>) -> Option<Diagnostic> {
    let (token, value) = input.arg(0)?;
    if atoi(&value).is_some() {
        return None;
    }
    named(Code::InvalidValue, token, "invalid number", &value)
}

/// `proxy_redirect`: alone, its argument is `off` or `default` (compared
/// case-sensitively, as nginx does).
pub(super) fn proxy_redirect(input: &Input<'_>) -> Option<Diagnostic> {
    if input.args().count() != 1 {
        return None;
    }
    let (token, value) = input.arg(0)?;
    if &*value == b"off" || &*value == b"default" {
        return None;
    }
    named(Code::InvalidParameter, token, "invalid parameter", &value)
}

/// `ngx_log_set_levels`: the levels after the file, each a level name or a
/// `debug_*` mask (the order rules nginx adds are not checked here).
pub(super) fn error_log(input: &Input<'_>) -> Option<Diagnostic> {
    const LEVELS: &[&str] = &[
        "emerg",
        "alert",
        "crit",
        "error",
        "warn",
        "notice",
        "info",
        "debug",
        "debug_core",
        "debug_alloc",
        "debug_mutex",
        "debug_event",
        "debug_http",
        "debug_mail",
        "debug_stream",
    ];
    for token in input.args().skip(1) {
        let value = input.value(token);
        if !LEVELS.iter().any(|l| l.as_bytes() == &*value) {
            return named(Code::InvalidValue, token, "invalid log level", &value);
        }
    }
    None
}
