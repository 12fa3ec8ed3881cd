//! `location` blocks against each other: two with one path in a block
//! (`duplicate location "X"`), and a location nested where nginx refuses it
//! (outside its parent's prefix, inside an exact or a named location, a
//! named one below the server level).

use std::borrow::Cow;

use super::{shown, Found};
use crate::analysis::context::Context;
use crate::analysis::effective::Name;
use crate::analysis::model::{EntryId, Model};
use crate::diagnostic::{Code, Diagnostic};

/// How nginx matches a location, from its modifier.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// `= /path`
    Exact,
    /// `/path` or `^~ /path`
    Prefix,
    /// `~ re` or `~* re`
    Regex,
    /// `@name`
    Named,
}

/// A location's kind and the name nginx keeps for it (the path, the
/// regex's text, or `@name`), read as nginx's `location` handler reads it.
struct Location<'a> {
    kind: Kind,
    name: Cow<'a, [u8]>,
}

fn read<'a>(model: &Model<'a>, entry: EntryId) -> Option<Location<'a>> {
    let e = &model.entries[entry];
    let mut args = e.args().map(|t| e.tree.value(t));
    let first = args.next()?;
    let (kind, name) = match (first.as_ref(), args.next()) {
        (b"=", Some(name)) => (Kind::Exact, name),
        (b"^~", Some(name)) => (Kind::Prefix, name),
        (b"~" | b"~*", Some(name)) => (Kind::Regex, name),
        // Anything else with two arguments is an invalid modifier, the
        // location handler's own error.
        (_, Some(_)) => return None,
        (bytes, None) => match bytes.first() {
            Some(b'=') => (Kind::Exact, tail(first, 1)),
            Some(b'~') => {
                let skip = if bytes.get(1) == Some(&b'*') { 2 } else { 1 };
                (Kind::Regex, tail(first, skip))
            }
            Some(b'@') => (Kind::Named, first),
            _ => (Kind::Prefix, first),
        },
    };
    Some(Location { kind, name })
}

fn tail(value: Cow<'_, [u8]>, skip: usize) -> Cow<'_, [u8]> {
    match value {
        Cow::Borrowed(b) => Cow::Borrowed(&b[skip.min(b.len())..]),
        Cow::Owned(b) => Cow::Owned(b[skip.min(b.len())..].to_vec()),
    }
}

pub(super) fn check(found: &mut Found<'_, '_>) {
    let model = found.model;
    // Reused for every block: (name, exact, entry) of its prefix and exact
    // locations.
    let mut seen: Vec<(Cow<'_, [u8]>, bool, EntryId)> = Vec::new();
    let location_name = Name::new("location");
    for scope in 0..model.scopes.len() {
        let context = model.scopes[scope].context;
        if !matches!(context, Context::HttpServer | Context::HttpLocation) {
            continue;
        }
        // The enclosing location, read when the block turns out to hold one
        // (most locations hold none).
        let mut parent: Option<Option<Location<'_>>> = None;
        seen.clear();
        for entry in model.members_of(scope, location_name) {
            if model.entries[entry].opens.is_none() {
                continue;
            }
            let Some(location) = read(model, entry) else {
                continue;
            };
            let parent = parent.get_or_insert_with(|| {
                model.scopes[scope]
                    .opener
                    .filter(|&o| model.entries[o].name.as_ref() == b"location")
                    .and_then(|o| read(model, o))
            });
            if let Some(parent) = parent {
                if let Some(message) = nesting(parent, &location) {
                    let last = model.entries[entry].args().count() - 1;
                    let at = found.arg_span(entry, last);
                    found.push(entry, Diagnostic::error(Code::NotAllowedHere, at, message));
                }
            }
            if matches!(location.kind, Kind::Exact | Kind::Prefix) {
                seen.push((location.name, location.kind == Kind::Exact, entry));
            }
        }
        // nginx sorts a block's locations by name (exact before prefix),
        // stably, and refuses two neighbours of one name and one kind: the
        // later of the two is the one it names.
        seen.sort_by(|a, b| (&a.0, !a.1).cmp(&(&b.0, !b.1)));
        for pair in seen.windows(2) {
            let ((name, exact, _), (next, next_exact, entry)) = (&pair[0], &pair[1]);
            if name == next && exact == next_exact {
                let last = model.entries[*entry].args().count() - 1;
                let at = found.arg_span(*entry, last);
                found.push(
                    *entry,
                    Diagnostic::error(
                        Code::Duplicate,
                        at,
                        format!("duplicate location \"{}\"", shown(next)),
                    )
                    .with_help(format!(
                        "an earlier location in this block has the same {} path; nginx \
                         refuses the second",
                        if *exact { "exact" } else { "prefix" }
                    )),
                );
            }
        }
    }
}

/// nginx's checks of a location inside another, in its order.
fn nesting(parent: &Location<'_>, child: &Location<'_>) -> Option<String> {
    let (c, p) = (shown(&child.name), shown(&parent.name));
    if parent.kind == Kind::Exact {
        return Some(format!(
            "location \"{c}\" cannot be inside the exact location \"{p}\""
        ));
    }
    if parent.kind == Kind::Named {
        return Some(format!(
            "location \"{c}\" cannot be inside the named location \"{p}\""
        ));
    }
    if child.kind == Kind::Named {
        return Some(format!(
            "named location \"{c}\" can be on the server level only"
        ));
    }
    // A nested prefix must start with its parent's name (the regex's text
    // when the parent is a regex location).
    if child.kind != Kind::Regex && !child.name.starts_with(&parent.name) {
        return Some(format!("location \"{c}\" is outside location \"{p}\""));
    }
    None
}
