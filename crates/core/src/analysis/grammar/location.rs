//! `location`: the modifier (`=`, `^~`, `~`, `~*`, or none), and the rules
//! `ngx_http_core_location` applies to a location inside another: not in an
//! exact or named one, no named one nested, and a prefix location inside a
//! prefix of its parent (nginx compares the parent's name as bytes, a
//! regex's source included).

use std::borrow::Cow;

use super::{error, shown, Input};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::{Directive, SourceFile, Token};

/// What a location's arguments say it is. The name is read only when a
/// check needs it: regex names often hold a backslash, and unescaping one
/// allocates.
struct Location<'a> {
    tree: &'a SourceFile,
    /// The argument holding the name.
    token: &'a Token,
    /// Bytes of modifier before the name in that argument (`=/x`, `~*x`).
    cut: usize,
    exact: bool,
    named: bool,
    regex: bool,
}

impl<'a> Location<'a> {
    /// The name as nginx stores it: the modifier removed.
    fn name(&self) -> Cow<'a, [u8]> {
        match self.tree.value(self.token) {
            Cow::Borrowed(b) => Cow::Borrowed(&b[self.cut.min(b.len())..]),
            Cow::Owned(o) => Cow::Owned(o[self.cut.min(o.len())..].to_vec()),
        }
    }
}

/// The first bytes of an argument's value, without unescaping the rest.
fn head<'a>(tree: &'a SourceFile, token: &Token) -> Cow<'a, [u8]> {
    if token.is_plain() {
        return tree.value(token);
    }
    let raw = tree.text(token.span());
    let raw = match raw.first() {
        Some(b'"' | b'\'') => &raw[1..],
        _ => raw,
    };
    let head = &raw[..raw.len().min(3)];
    if head.contains(&b'\\') {
        return tree.value(token);
    }
    Cow::Borrowed(head)
}

/// The location `directive` of `tree` declares; `Err` when its modifier is
/// not one nginx knows.
fn read<'a>(tree: &'a SourceFile, directive: &'a Directive) -> Result<Option<Location<'a>>, ()> {
    let mut args = tree.args(directive);
    let Some(first) = args.next() else {
        return Ok(None);
    };
    if let Some(second) = args.next() {
        let (exact, regex) = match &*tree.value(first) {
            b"=" => (true, false),
            b"^~" => (false, false),
            b"~" | b"~*" => (false, true),
            _ => return Err(()),
        };
        return Ok(Some(Location {
            tree,
            token: second,
            cut: 0,
            exact,
            named: false,
            regex,
        }));
    }
    let start = head(tree, first);
    let (cut, exact, regex) = match (start.first(), start.get(1)) {
        (Some(b'='), _) => (1, true, false),
        (Some(b'^'), Some(b'~')) => (2, false, false),
        (Some(b'~'), Some(b'*')) => (2, false, true),
        (Some(b'~'), _) => (1, false, true),
        _ => (0, false, false),
    };
    Ok(Some(Location {
        tree,
        token: first,
        cut,
        exact,
        named: cut == 0 && start.first() == Some(&b'@'),
        regex,
    }))
}

pub(super) fn check(input: &Input<'_>) -> Option<Diagnostic> {
    let child = match read(input.tree, input.directive) {
        Ok(child) => child?,
        Err(()) => {
            let (token, value) = input.arg(0)?;
            return error(
                Code::InvalidValue,
                token,
                format!("invalid location modifier \"{}\"", shown(&value)),
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
    let message = if parent.exact {
        format!(
            "location \"{}\" cannot be inside the exact location \"{}\"",
            shown(&child.name()),
            shown(&parent.name())
        )
    } else if parent.named {
        format!(
            "location \"{}\" cannot be inside the named location \"{}\"",
            shown(&child.name()),
            shown(&parent.name())
        )
    } else if child.named {
        format!(
            "named location \"{}\" can be on the server level only",
            shown(&child.name())
        )
    } else if child.regex {
        return None;
    } else {
        let (name, parent_name) = (child.name(), parent.name());
        if name.starts_with(&parent_name) {
            return None;
        }
        format!(
            "location \"{}\" is outside location \"{}\"",
            shown(&name),
            shown(&parent_name)
        )
    };
    // nginx blames the location being opened: its last argument, the name.
    error(Code::NotAllowedHere, child.token, message)
}
