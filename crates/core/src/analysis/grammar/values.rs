//! The plain values of nginx's `ngx_conf_set_*_slot` handlers: numbers,
//! sizes, offsets, times, keyword lists. Each parse follows the nginx
//! function the slot calls (`ngx_atoi`, `ngx_parse_size`, `ngx_parse_time`,
//! ...), overflow included, so that what is refused here is what nginx
//! refuses; the messages are the slots' own.

use super::parse::{atoi, parse_offset, parse_size, parse_time};
use super::{Input, Value};
use crate::diagnostic::{Code, Diagnostic};
use crate::options::Version;
use crate::syntax::Token;

/// What is wrong with one argument, before it becomes a message (the
/// message is written only for a config that has the problem).
enum Problem {
    /// The slot returns this text: nginx writes `"D" directive TEXT`.
    Directive(&'static str),
    /// The slot logs `invalid value "X"` itself (enum, bitmask, access).
    Keyword,
    /// `ngx_conf_set_flag_slot`'s `it must be "on" or "off"`.
    Flag,
    /// `ngx_conf_check_num_bounds` refused the number.
    Bounds(i64, i64),
}

/// The first argument nginx refuses, as nginx words it. `kinds[i]` is the
/// kind of argument `i`; the last kind also covers every argument after it.
pub(super) fn check(kinds: &[Value], input: &Input<'_>) -> Option<Diagnostic> {
    let last = kinds.last()?;
    for (i, token) in input.args().enumerate() {
        let kind = kinds.get(i).unwrap_or(last);
        let value = input.value(token);
        if let Err(problem) = accepts(kind, &value, input.version) {
            return Some(message(problem, token, &value, input.name));
        }
    }
    None
}

fn message(problem: Problem, token: &Token, value: &[u8], name: &[u8]) -> Diagnostic {
    let value = String::from_utf8_lossy(value);
    let name = String::from_utf8_lossy(name);
    let (code, text) = match problem {
        Problem::Directive(text) => (Code::InvalidValue, format!("\"{name}\" directive {text}")),
        Problem::Keyword => (Code::InvalidValue, format!("invalid value \"{value}\"")),
        Problem::Flag => (
            Code::InvalidFlag,
            format!(
                "invalid value \"{value}\" in \"{name}\" directive, it must be \"on\" or \"off\""
            ),
        ),
        Problem::Bounds(low, -1) => (
            Code::InvalidValue,
            format!("value must be equal to or greater than {low}"),
        ),
        Problem::Bounds(low, high) => (
            Code::InvalidValue,
            format!("value must be between {low} and {high}"),
        ),
    };
    Diagnostic::error(code, token.span(), text)
}

fn accepts(kind: &Value, value: &[u8], version: Version) -> Result<(), Problem> {
    const INVALID: Problem = Problem::Directive("invalid value");
    let ok_if = |ok: bool, problem: Problem| if ok { Ok(()) } else { Err(problem) };
    match *kind {
        Value::Str => Ok(()),
        Value::Flag => ok_if(
            value.eq_ignore_ascii_case(b"on") || value.eq_ignore_ascii_case(b"off"),
            Problem::Flag,
        ),
        Value::Number => ok_if(atoi(value).is_some(), Problem::Directive("invalid number")),
        Value::Range(low, high) => {
            let n = atoi(value).ok_or(Problem::Directive("invalid number"))?;
            ok_if(
                n >= low && (high == -1 || n <= high),
                Problem::Bounds(low, high),
            )
        }
        Value::Size => ok_if(parse_size(value).is_some(), INVALID),
        Value::Offset => ok_if(parse_offset(value).is_some(), INVALID),
        Value::Msec => ok_if(parse_time(value, false).is_some(), INVALID),
        Value::Sec => ok_if(parse_time(value, true).is_some(), INVALID),
        Value::BufCount | Value::PathLevel => ok_if(atoi(value).is_some_and(|n| n > 0), INVALID),
        Value::BufSize => ok_if(parse_size(value).is_some_and(|n| n > 0), INVALID),
        Value::ComplexSize => ok_if(
            value.contains(&b'$') || parse_size(value).is_some(),
            INVALID,
        ),
        Value::Access => ok_if(access(value), Problem::Keyword),
        Value::Enum(words) | Value::Bitmask(words) => ok_if(
            words
                .iter()
                .any(|w| w.as_bytes().eq_ignore_ascii_case(value)),
            Problem::Keyword,
        ),
        Value::Since(v, before, after) => {
            accepts(if version < v { before } else { after }, value, version)
        }
    }
}

/// `ngx_conf_set_access_slot`: `user:`, `group:` or `all:` then `rw` or `r`.
fn access(value: &[u8]) -> bool {
    let rights = [b"user:".as_slice(), b"group:", b"all:"]
        .iter()
        .find_map(|who| value.strip_prefix(*who));
    matches!(rights, Some(b"rw" | b"r"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Times as `ngx_parse_time` reads them (values in ms or s).
    #[test]
    fn times_follow_ngx_parse_time() {
        assert_eq!(parse_time(b"1h30m", false), Some(5_400_000));
        assert_eq!(parse_time(b"500ms", false), Some(500));
        assert_eq!(parse_time(b"1s 500ms", false), Some(1500));
        assert_eq!(parse_time(b"60", false), Some(60_000));
        assert_eq!(parse_time(b"1y", true), Some(365 * 86400));
        assert_eq!(parse_time(b"1M", true), Some(30 * 86400));
        for refused in [
            &b"1y"[..],
            b"1M",
            b"10 minutes",
            b"m",
            b"",
            b"1m1h",
            b"1s1s",
            b"1x",
            b"-1",
        ] {
            assert_eq!(parse_time(refused, false), None, "{:?}", refused);
        }
        assert_eq!(parse_time(b"500ms", true), None);
        assert_eq!(parse_time(b"99999999999999999999", true), None);
    }

    #[test]
    fn sizes_and_numbers_follow_nginx() {
        assert_eq!(parse_size(b"10m"), Some(10 << 20));
        assert_eq!(parse_size(b"1g"), None);
        assert_eq!(parse_offset(b"1g"), Some(1 << 30));
        assert_eq!(parse_size(b"10X"), None);
        assert_eq!(parse_size(b"k"), None);
        assert_eq!(atoi(b"007"), Some(7));
        assert_eq!(atoi(b"+1"), None);
        assert_eq!(atoi(b"9223372036854775808"), None);
        assert!(
            access(b"user:rw") && access(b"all:r") && !access(b"other:r") && !access(b"group:w")
        );
    }
}
