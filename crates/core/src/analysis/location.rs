//! One model of a `location` block: its modifier, its path or pattern, and
//! the helpers the rules and request routing share.

use crate::analysis::context::Context;
use crate::analysis::model::{EntryId, Model, ScopeId};

/// How a location matches a URI (`location [MODIFIER] PATH`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modifier {
    /// `location /path`: the longest prefix wins, then regexes may override.
    Prefix,
    /// `location = /path`: this URI only; ends the search.
    Exact,
    /// `location ^~ /path`: a prefix that, when longest, skips the regexes.
    NoRegex,
    /// `location ~ re` (`caseless`: `~*`): tried in order after the prefixes.
    Regex { caseless: bool },
    /// `location @name`: reached only by an internal redirect.
    Named,
}

/// A `location` directive read once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The `location` directive.
    pub entry: EntryId,
    /// The block it opens.
    pub scope: ScopeId,
    pub modifier: Modifier,
    /// The path, pattern or name (`@` removed), as nginx sees it.
    pub path: String,
}

impl Location {
    /// Read a `location` entry; `None` for another directive, or a location
    /// nginx would refuse (no path, an unknown modifier, no block).
    pub fn of(model: &Model<'_>, entry: EntryId) -> Option<Location> {
        let e = &model.entries[entry];
        if e.name.as_ref() != b"location" {
            return None;
        }
        let scope = e.opens?;
        let args: Vec<String> = model
            .args(entry)
            .iter()
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        let (modifier, path) = match args.as_slice() {
            [m, path] => (
                match m.as_str() {
                    "=" => Modifier::Exact,
                    "^~" => Modifier::NoRegex,
                    "~" => Modifier::Regex { caseless: false },
                    "~*" => Modifier::Regex { caseless: true },
                    _ => return None,
                },
                path.clone(),
            ),
            [one] => {
                if let Some(path) = one.strip_prefix('=') {
                    (Modifier::Exact, path.to_string())
                } else if let Some(name) = one.strip_prefix('@') {
                    (Modifier::Named, name.to_string())
                } else if let Some(path) = one.strip_prefix("^~") {
                    (Modifier::NoRegex, path.to_string())
                } else if let Some(re) = one.strip_prefix("~*") {
                    (Modifier::Regex { caseless: true }, re.to_string())
                } else if let Some(re) = one.strip_prefix('~') {
                    (Modifier::Regex { caseless: false }, re.to_string())
                } else {
                    (Modifier::Prefix, one.clone())
                }
            }
            _ => return None,
        };
        Some(Location {
            entry,
            scope,
            modifier,
            path,
        })
    }

    pub fn is_regex(&self) -> bool {
        matches!(self.modifier, Modifier::Regex { .. })
    }

    /// `=`, `^~` or none: the kinds nginx keeps in its prefix tree.
    pub fn is_static(&self) -> bool {
        matches!(
            self.modifier,
            Modifier::Prefix | Modifier::Exact | Modifier::NoRegex
        )
    }

    /// How nginx prints it in a route: `location ~* \.php$`.
    pub fn shown(&self) -> String {
        let modifier = match self.modifier {
            Modifier::Prefix => "",
            Modifier::Exact => "= ",
            Modifier::NoRegex => "^~ ",
            Modifier::Regex { caseless: false } => "~ ",
            Modifier::Regex { caseless: true } => "~* ",
            Modifier::Named => "@",
        };
        format!("location {modifier}{}", self.path)
    }
}

/// The locations directly inside `scope` (a server or a location), in order.
pub fn locations_in(model: &Model<'_>, scope: ScopeId) -> Vec<Location> {
    model
        .members(scope)
        .iter()
        .filter_map(|&m| Location::of(model, m))
        .collect()
}

/// The location block a scope is in (itself, or the location around an `if`).
pub fn enclosing_location(model: &Model<'_>, scope: ScopeId) -> Option<EntryId> {
    let location = model.ancestor_with_context(scope, Context::HttpLocation)?;
    model.scopes[location].opener
}

/// The location's path (its last argument: after `=`, `~`, `^~` modifiers).
pub fn location_path(model: &Model<'_>, location: EntryId) -> Option<String> {
    let e = &model.entries[location];
    let t = e.args().last()?;
    Some(String::from_utf8_lossy(&e.tree.value(t)).into_owned())
}

/// `/package.Service/Method`, `/helloworld.Greeter`, or a regex for them: the
/// first path segment is dotted and its last part starts with a capital.
pub fn is_grpc_path(path: &str) -> bool {
    let path = path.trim_start_matches('^').replace("\\.", ".");
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    match first.rsplit_once('.') {
        Some((package, service)) => {
            !package.is_empty()
                && service
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_uppercase())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_grpc_path, locations_in, Modifier};
    use crate::analysis::model::Model;
    use crate::input::ConfigSet;

    #[test]
    fn modifiers_separate_or_glued() {
        let set = ConfigSet::from_text(
            "/t.conf",
            b"server { location / {} location = /a {} location =/b {} location ^~ /c {} \
              location ~ \\.php$ {} location ~* \\.JPG$ {} location @fallback {} location \\~x {} }",
        );
        let model = Model::build(&set);
        let server = model
            .entries
            .iter()
            .find(|e| e.name.as_ref() == b"server")
            .and_then(|e| e.opens)
            .expect("server");
        let found: Vec<(Modifier, String)> = locations_in(&model, server)
            .into_iter()
            .map(|l| (l.modifier, l.path))
            .collect();
        assert_eq!(
            found,
            vec![
                (Modifier::Prefix, "/".into()),
                (Modifier::Exact, "/a".into()),
                (Modifier::Exact, "/b".into()),
                (Modifier::NoRegex, "/c".into()),
                (Modifier::Regex { caseless: false }, "\\.php$".into()),
                (Modifier::Regex { caseless: true }, "\\.JPG$".into()),
                (Modifier::Named, "fallback".into()),
                (Modifier::Prefix, "\\~x".into()),
            ]
        );
    }

    #[test]
    fn grpc_paths() {
        assert!(is_grpc_path("/helloworld.Greeter/"));
        assert!(is_grpc_path("^/pkg\\.v1\\.Svc/"));
        assert!(!is_grpc_path("/api/"));
        assert!(!is_grpc_path("/v1.2/"));
    }
}
