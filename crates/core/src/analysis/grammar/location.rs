//! `location`: the modifier (`=`, `^~`, `~`, `~*`, or none), and the rules
//! `ngx_http_core_location` applies to a location inside another: not in an
//! exact or named one, no named one nested, and a prefix location inside a
//! prefix of its parent (nginx compares the parent's name as bytes, a
//! regex's source included).

use super::{error, Input};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::{Directive, SourceFile};
use std::borrow::Cow;

/// What a location's arguments say it is.
struct Location<'a> {
    /// Its name as nginx stores it: the modifier removed.
    name: Cow<'a, [u8]>,
    exact: bool,
    named: bool,
    regex: bool,
}

/// The location `directive` of `tree` declares; `Err` holds the bad
/// modifier's argument index.
fn read<'a>(tree: &'a SourceFile, directive: &'a Directive) -> Result<Option<Location<'a>>, ()> {
    let mut args = tree.args(directive);
    let Some(first) = args.next() else {
        return Ok(None);
    };
    let first = tree.value(first);
    if let Some(second) = args.next() {
        let name = tree.value(second);
        let (exact, regex) = match &*first {
            b"=" => (true, false),
            b"^~" => (false, false),
            b"~" | b"~*" => (false, true),
            _ => return Err(()),
        };
        return Ok(Some(Location {
            name,
            exact,
            named: false,
            regex,
        }));
    }
    let strip = |n: usize| match &first {
        Cow::Borrowed(b) => Cow::Borrowed(&b[n.min(b.len())..]),
        Cow::Owned(o) => Cow::Owned(o[n.min(o.len())..].to_vec()),
    };
    let location = match first.first() {
        Some(b'=') => Location {
            name: strip(1),
            exact: true,
            named: false,
            regex: false,
        },
        Some(b'^') if first.get(1) == Some(&b'~') => Location {
            name: strip(2),
            exact: false,
            named: false,
            regex: false,
        },
        Some(b'~') => Location {
            name: strip(if first.get(1) == Some(&b'*') { 2 } else { 1 }),
            exact: false,
            named: false,
            regex: true,
        },
        _ => Location {
            named: first.first() == Some(&b'@'),
            name: first,
            exact: false,
            regex: false,
        },
    };
    Ok(Some(location))
}

pub(super) fn check(input: &Input<'_>) -> Option<Diagnostic> {
    let child = match read(input.tree, input.directive) {
        Ok(child) => child?,
        Err(()) => {
            let (token, value) = input.arg(0)?;
            return error(
                Code::InvalidValue,
                token,
                format!("invalid location modifier \"{}\"", super::shown(&value)),
            );
        }
    };
    let (tree, around) = input.enclosing?;
    if tree.text(around.name.span()) != b"location" {
        return None;
    }
    let Ok(Some(parent)) = read(tree, around) else {
        return None;
    };
    let name = super::shown(&child.name);
    let parent_name = super::shown(&parent.name);
    let message = if parent.exact {
        format!("location \"{name}\" cannot be inside the exact location \"{parent_name}\"")
    } else if parent.named {
        format!("location \"{name}\" cannot be inside the named location \"{parent_name}\"")
    } else if child.named {
        format!("named location \"{name}\" can be on the server level only")
    } else if !child.regex && !child.name.starts_with(&parent.name) {
        format!("location \"{name}\" is outside location \"{parent_name}\"")
    } else {
        return None;
    };
    // nginx blames the location being opened: its last argument, the name.
    let token = input.args().last()?;
    error(Code::NotAllowedHere, token, message)
}
