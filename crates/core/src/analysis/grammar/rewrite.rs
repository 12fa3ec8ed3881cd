//! The rewrite module's `return` and `rewrite`, as their handlers read them
//! before compiling anything: the status code, the replacement, the flag.

use super::parse::atoi;
use super::{error, shown, Input};
use crate::diagnostic::{Code, Diagnostic};

/// `return code [text]`, `return URL`: a code is at most 999; a lone
/// argument that is no number must be an absolute URL (or start `$scheme`).
pub(super) fn check_return(input: &Input<'_>) -> Option<Diagnostic> {
    let (token, value) = input.arg(0)?;
    let ok = match atoi(&value) {
        Some(code) => code <= 999,
        None => {
            input.args().count() == 1
                && [&b"http://"[..], b"https://", b"$scheme"]
                    .iter()
                    .any(|prefix| value.starts_with(prefix))
        }
    };
    if ok {
        return None;
    }
    error(
        Code::InvalidValue,
        token,
        format!("invalid return code \"{}\"", shown(&value)),
    )
}

/// `rewrite regex replacement [last|break|redirect|permanent]`.
pub(super) fn check_rewrite(input: &Input<'_>) -> Option<Diagnostic> {
    let (replacement, value) = input.arg(1)?;
    if value.is_empty() {
        return error(
            Code::InvalidValue,
            replacement,
            "empty replacement".to_string(),
        );
    }
    let (token, flag) = input.arg(2)?;
    if matches!(&*flag, b"last" | b"break" | b"redirect" | b"permanent") {
        return None;
    }
    error(
        Code::InvalidParameter,
        token,
        format!("invalid parameter \"{}\"", shown(&flag)),
    )
}
