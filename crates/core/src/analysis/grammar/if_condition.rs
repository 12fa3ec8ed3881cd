//! `if (condition)`: the parentheses, then one of the forms
//! `ngx_http_rewrite_if_condition` reads: `$var`, `$var = value`,
//! `$var != value`, `$var ~ regex` (`~*`, `!~`, `!~*`), `-f path` (`-d -e
//! -x`, each also with `!`). The regex itself is not compiled here.

use std::borrow::Cow;
use std::ops::Range;

use super::{error, shown, Input};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::Token;

/// One argument as nginx reads it after cutting the parentheses off: the
/// token, its value, and the part of the value that is left.
struct Piece<'a> {
    token: &'a Token,
    value: Cow<'a, [u8]>,
    part: Range<usize>,
}

impl Piece<'_> {
    fn text(&self) -> &[u8] {
        &self.value[self.part.clone()]
    }
}

pub(super) fn check(input: &Input<'_>) -> Option<Diagnostic> {
    let count = input.args().count() as isize;
    // Whether the first argument lost its `(` and the last its `)`.
    let (mut front_cut, mut back_cut) = (false, false);
    let piece = |i: isize, front_cut: bool, back_cut: bool| -> Option<Piece<'_>> {
        let (token, value) = input.arg(usize::try_from(i).ok()?)?;
        let start = usize::from(i == 0 && front_cut);
        let end = value.len() - usize::from(i == count - 1 && back_cut);
        Some(Piece {
            token,
            part: start..end.max(start),
            value,
        })
    };
    let first = piece(0, false, false)?;
    if first.text().first() != Some(&b'(') {
        return invalid(&first);
    }
    let mut cur = 0;
    if first.text().len() == 1 {
        cur = 1;
    } else {
        front_cut = true;
    }
    let mut last = count - 1;
    let end = piece(last, front_cut, false)?;
    if end.text().last() != Some(&b')') {
        return invalid(&end);
    }
    if end.text().len() == 1 {
        last -= 1;
    } else {
        back_cut = true;
    }
    let operand = piece(cur, front_cut, back_cut)?;
    let text = operand.text();
    if text.len() > 1 && text[0] == b'$' {
        if cur != last && cur + 2 != last {
            return invalid(&operand);
        }
        if cur == last {
            return None;
        }
        let op = piece(cur + 1, front_cut, back_cut)?;
        return match op.text() {
            b"=" | b"!=" | b"~" | b"~*" | b"!~" | b"!~*" => None,
            other => error(
                Code::InvalidValue,
                op.token,
                format!("unexpected \"{}\" in condition", shown(other)),
            ),
        };
    }
    let file_test =
        (text.len() == 2 && text[0] == b'-') || (text.len() == 3 && text.starts_with(b"!-"));
    if file_test && cur + 1 == last && matches!(text.last(), Some(b'f' | b'd' | b'e' | b'x')) {
        return None;
    }
    invalid(&operand)
}

fn invalid(piece: &Piece<'_>) -> Option<Diagnostic> {
    error(
        Code::InvalidValue,
        piece.token,
        format!("invalid condition \"{}\"", shown(piece.text())),
    )
}
