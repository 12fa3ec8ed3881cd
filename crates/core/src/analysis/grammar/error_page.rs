//! `error_page code ... [=[response]] uri`: each code a number from 300 to
//! 599 (499 excepted), and the `=response` before the URI a number if given.

use super::parse::atoi;
use super::{error, shown, Input};
use crate::diagnostic::{Code, Diagnostic};

pub(super) fn check(input: &Input<'_>) -> Option<Diagnostic> {
    let count = input.args().count();
    // The argument before the URI may be `=` or `=code`.
    let (answer_token, answer) = input.arg(count - 2)?;
    let codes_end = if answer.first() == Some(&b'=') {
        let bad = count == 2 || (answer.len() > 1 && atoi(&answer[1..]).is_none());
        if bad {
            return error(
                Code::InvalidValue,
                answer_token,
                format!("invalid value \"{}\"", shown(&answer)),
            );
        }
        count - 2
    } else {
        count - 1
    };
    for token in input.args().take(codes_end) {
        let value = input.value(token);
        let message = match atoi(&value) {
            None | Some(499) => format!("invalid value \"{}\"", shown(&value)),
            Some(code) if !(300..=599).contains(&code) => {
                format!("value \"{}\" must be between 300 and 599", shown(&value))
            }
            Some(_) => continue,
        };
        return error(Code::InvalidValue, token, message);
    }
    None
}
