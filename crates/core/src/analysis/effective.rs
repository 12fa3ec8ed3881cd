//! "What is in effect here": nginx's inheritance, modelled once.
//!
//! nginx merges each level's settings into the next: `http` into `server`,
//! `server` into `location`, a `location` into the locations and `if` blocks
//! inside it. A directive set at an inner level replaces the outer one. For
//! the array-like directives (`proxy_set_header`, `add_header`,
//! `grpc_set_header`, ...) it is all or nothing: the innermost level that has
//! *any* of them provides *all* of them, so one `proxy_set_header` in a
//! location silently drops every one set at `server` or `http`. The same rule
//! covers both cases, which is why there is one query.

use std::borrow::Cow;

use crate::analysis::context::Context;
use crate::analysis::directives::{row_range, RowRange};
use crate::analysis::model::{EntryId, Model, ScopeId};

/// The directives of one name in effect at a scope, and the level they come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InEffect {
    /// The scope that defines them (`None`: nothing sets it, the default applies).
    pub level: Option<ScopeId>,
    pub entries: Vec<EntryId>,
}

impl InEffect {
    pub fn is_set(&self) -> bool {
        !self.entries.is_empty()
    }
}

/// The members of every large scope (see [`INDEXED`]) ordered by their
/// name's rows in the directive table (see [`RowRange`]), then entry order,
/// scope after scope: the entries of one name in one scope are a run found
/// by binary search on
/// integers, with no name hashed or compared (names the table does not
/// know share the empty range and are told apart by name).
///
/// The keys sit in their own array beside the ids, not behind them in the
/// entries: a search in the `http` block of a 100k-line config probes a
/// dozen of its thousands of members, and reading each probe's key from its
/// entry was a cache miss per probe, which made the lookups four times
/// slower per line at 100k lines than at 10k.
#[derive(Debug, Default)]
pub(crate) struct MembersIndex {
    keys: Vec<RowRange>,
    ids: Vec<EntryId>,
    /// Where each scope's run starts in `keys` and `ids` (one more for the
    /// end); a small scope's run is empty.
    starts: Vec<usize>,
}

/// Scopes with at least this many members are indexed; a smaller one (a
/// `server` or `location` of a few dozen lines) is scanned, which costs less
/// than sorting it: most scopes of a config are small and asked about once.
const INDEXED: usize = 48;

/// A directive name and its rows in the directive table (see [`Model::members_of`]).
#[derive(Clone, Copy, Debug)]
pub struct Name<'n> {
    text: &'n str,
    rows: RowRange,
}

impl<'n> Name<'n> {
    pub fn new(text: &'n str) -> Name<'n> {
        Name {
            text,
            rows: row_range(text.as_bytes()),
        }
    }
}

impl<'a> Model<'a> {
    /// This scope, then each enclosing one, as far as inheritance reaches:
    /// up through `location`, `if`, `limit_except`, `server` to `http` (or
    /// `stream`, `mail`); never out of an `upstream` or into the top level.
    pub fn inheritance_chain(&self, scope: ScopeId) -> impl Iterator<Item = ScopeId> + '_ {
        let mut next = Some(scope);
        std::iter::from_fn(move || {
            let current = next?;
            let context = self.scopes[current].context;
            next = match context {
                Context::Http | Context::Stream | Context::Mail | Context::Main => None,
                Context::HttpUpstream | Context::StreamUpstream => None,
                Context::Entries | Context::Opaque | Context::Events => None,
                _ => self.scopes[current].parent,
            };
            Some(current)
        })
    }

    /// The entries named `name` directly in `scope` (includes spliced in), in
    /// order. From an index built on first use: rules ask this of the `http`
    /// block once per location, and filtering its thousands of members each
    /// time made large configs quadratic.
    pub fn members_named<'m>(
        &'m self,
        scope: ScopeId,
        name: &'m str,
    ) -> impl Iterator<Item = EntryId> + 'm {
        self.members_of(scope, Name::new(name))
    }

    /// [`Model::members_named`] for a name looked up once, for a check that
    /// asks it of every block.
    pub fn members_of<'m>(
        &'m self,
        scope: ScopeId,
        name: Name<'m>,
    ) -> impl Iterator<Item = EntryId> + 'm {
        let Name { text: name, rows } = name;
        let known = rows.is_known();
        let members = self.members(scope);
        let scanned = members.len() < INDEXED;
        let found: &[EntryId] = if scanned {
            members
        } else {
            let index = self.members_by_name.get_or_init(|| self.members_index());
            let run = index.starts[scope]..index.starts[scope + 1];
            let keys = &index.keys[run.clone()];
            let from = keys.partition_point(|&k| k < rows);
            let to = from + keys[from..].partition_point(|&k| k == rows);
            &index.ids[run][from..to]
        };
        found.iter().copied().filter(move |&m| {
            if known && !scanned {
                return true;
            }
            let e = &self.entries[m];
            (!scanned || e.rows == rows) && (known || e.name.as_ref() == name.as_bytes())
        })
    }

    /// The index of [`Model::members_named`]: only the large scopes.
    fn members_index(&self) -> MembersIndex {
        let mut pairs = Vec::new();
        let mut starts = Vec::with_capacity(self.scopes.len() + 1);
        for s in 0..self.scopes.len() {
            starts.push(pairs.len());
            let members = self.members(s);
            if members.len() < INDEXED {
                continue;
            }
            let from = pairs.len();
            pairs.extend(members.iter().map(|&m| (self.entries[m].rows, m)));
            pairs[from..].sort_unstable();
        }
        starts.push(pairs.len());
        let (keys, ids) = pairs.into_iter().unzip();
        MembersIndex { keys, ids, starts }
    }

    /// The `name` directives in effect at `scope` under nginx's merge rule.
    pub fn in_effect(&self, scope: ScopeId, name: &str) -> InEffect {
        for level in self.inheritance_chain(scope) {
            let entries: Vec<EntryId> = self.members_named(level, name).collect();
            if !entries.is_empty() {
                return InEffect {
                    level: Some(level),
                    entries,
                };
            }
        }
        InEffect::default()
    }

    /// The argument values of an entry as nginx sees them (unquoted, unescaped).
    pub fn args(&self, entry: EntryId) -> Vec<Cow<'a, [u8]>> {
        let e = &self.entries[entry];
        let tree = e.tree;
        e.args().map(|t| tree.value(t)).collect()
    }

    /// The first argument's value as bytes (unquoted, unescaped): for
    /// comparisons with ASCII names, which need no UTF-8 check.
    pub fn first_arg_bytes(&self, entry: EntryId) -> Option<Cow<'a, [u8]>> {
        let e = &self.entries[entry];
        Some(e.tree.value(e.args().next()?))
    }

    /// The first argument as text (lossy), a common need of the rules.
    /// Borrowed from the source unless it had escapes or invalid UTF-8: the
    /// rules ask this of thousands of directives in a large config.
    pub fn first_arg(&self, entry: EntryId) -> Option<Cow<'a, str>> {
        let e = &self.entries[entry];
        let tree = e.tree;
        let t = e.args().next()?;
        Some(match tree.value(t) {
            Cow::Borrowed(bytes) => crate::bytes::lossy(bytes),
            Cow::Owned(bytes) => Cow::Owned(crate::bytes::lossy(&bytes).into_owned()),
        })
    }

    /// The `upstream NAME {}` block that `name` refers to from `scope`: one in
    /// the same `http` (or `stream`) block, or, for a pasted snippet that has
    /// no enclosing `http`, any upstream of that name in a matching context.
    pub fn upstream(&self, scope: ScopeId, name: &str) -> Option<EntryId> {
        let want = if self.is_stream(scope) {
            Context::Stream
        } else {
            Context::Http
        };
        let top = self.ancestor_with_context(scope, want);
        let mut elsewhere = None;
        for &id in self.upstreams_named(name.as_bytes()) {
            if self.ancestor_with_context(self.entries[id].scope, want) == top {
                return Some(id);
            }
            elsewhere = elsewhere.or(Some(id));
        }
        // Only a snippet with no `http` of its own may refer to one elsewhere.
        top.is_none().then_some(elsewhere).flatten()
    }

    /// The nearest enclosing scope (this one included) in `context`.
    pub fn ancestor_with_context(&self, scope: ScopeId, context: Context) -> Option<ScopeId> {
        let mut next = Some(scope);
        while let Some(s) = next {
            if self.scopes[s].context == context {
                return Some(s);
            }
            next = self.scopes[s].parent;
        }
        None
    }

    /// Whether a scope lies inside `stream {}` (where http-only rules never fire).
    pub fn is_stream(&self, scope: ScopeId) -> bool {
        matches!(
            self.scopes[scope].context,
            Context::Stream | Context::StreamServer | Context::StreamUpstream
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::model::Model;
    use crate::input::ConfigSet;

    fn location_scope(model: &Model<'_>, path: &str) -> usize {
        let id = model
            .entries
            .iter()
            .enumerate()
            .find(|(id, e)| {
                e.name.as_ref() == b"location"
                    && model.args(*id).last().map(|a| a.as_ref()) == Some(path.as_bytes())
            })
            .map(|(id, _)| id)
            .expect("location");
        model.entries[id].opens.expect("block")
    }

    #[test]
    fn header_lists_are_inherited_all_or_nothing() {
        let set = ConfigSet::from_text(
            "n.conf",
            b"http { proxy_set_header Connection \"\"; proxy_http_version 1.1;
              server {
                location /a { proxy_pass http://u; }
                location /b { proxy_set_header Host $host; proxy_pass http://u; }
              } }",
        );
        let model = Model::build(&set);
        let a = location_scope(&model, "/a");
        let b = location_scope(&model, "/b");
        let headers = |scope| {
            model
                .in_effect(scope, "proxy_set_header")
                .entries
                .iter()
                .map(|&e| model.first_arg(e).unwrap_or_default())
                .collect::<Vec<_>>()
        };
        assert_eq!(headers(a), ["Connection"]);
        assert_eq!(headers(b), ["Host"]);
        assert!(model.in_effect(b, "proxy_http_version").is_set());
    }

    #[test]
    fn upstreams_resolve_within_their_http_block() {
        let set = ConfigSet::from_text(
            "n.conf",
            b"http { upstream pool { server 127.0.0.1:8080; keepalive 4; } server { location / { proxy_pass http://pool; } } }",
        );
        let model = Model::build(&set);
        let loc = location_scope(&model, "/");
        let up = model.upstream(loc, "pool").expect("found");
        assert_eq!(model.first_arg(up).as_deref(), Some("pool"));
        assert!(model.upstream(loc, "other").is_none());
    }
}

#[cfg(test)]
mod members_tests {
    use crate::analysis::model::Model;
    use crate::input::ConfigSet;

    /// By name, in order, for names the directive table knows and for names
    /// it does not (which share one key in the index and must not mix).
    #[test]
    fn members_are_found_by_name_in_order() {
        let set = ConfigSet::from_text(
            "nginx.conf",
            b"http { gzip on; my_module a; server { listen 1; } other_module b; \
              gzip off; my_module c; server { listen 2; } }",
        );
        let model = Model::build(&set);
        let http = model
            .entries
            .iter()
            .find(|e| e.name.as_ref() == b"http")
            .and_then(|e| e.opens)
            .expect("http block");
        let first_args = |name: &str| -> Vec<String> {
            model
                .members_named(http, name)
                .map(|m| model.first_arg(m).map_or(String::new(), |a| a.into_owned()))
                .collect()
        };
        assert_eq!(first_args("gzip"), ["on", "off"]);
        assert_eq!(first_args("my_module"), ["a", "c"]);
        assert_eq!(first_args("other_module"), ["b"]);
        assert_eq!(model.members_named(http, "server").count(), 2);
        assert_eq!(model.members_named(http, "listen").count(), 0);
        assert_eq!(model.members_named(http, "no_such_thing").count(), 0);
    }
}
