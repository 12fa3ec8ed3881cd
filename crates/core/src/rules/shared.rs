//! What several rules need: the pass directives and the upstreams they reach,
//! the headers in effect at a location, and where a new header line belongs.

use crate::analysis::effective::InEffect;
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::analysis::target::PassTarget;
use crate::fix::{style, Edit};

/// A `proxy_pass` or `grpc_pass` inside `http`, and what it reaches.
#[derive(Clone, Debug)]
pub struct Pass {
    pub entry: EntryId,
    /// The block it stands in (a location, or an `if` / `limit_except` in one).
    pub scope: ScopeId,
    /// Upstream name or host.
    pub host: String,
    /// `host:port` (or `host`), the key of `--backend` hints.
    pub key: String,
    /// The `upstream {}` block it names, if there is one.
    pub upstream: Option<EntryId>,
    pub has_variables: bool,
}

/// Every `name` (`proxy_pass` or `grpc_pass`) directive inside `http`.
pub fn passes(model: &Model<'_>, name: &str) -> Vec<Pass> {
    model
        .named(name)
        .iter()
        .map(|&id| (id, &model.entries[id]))
        .filter(|(_, e)| e.context.is_http())
        .filter_map(|(id, e)| {
            let value = model.first_arg(id)?;
            let target = PassTarget::parse(&value);
            let upstream = if target.has_variables || target.unix || target.port.is_some() {
                None
            } else {
                model.upstream(e.scope, target.host)
            };
            Some(Pass {
                entry: id,
                scope: e.scope,
                host: target.host.to_string(),
                key: target.key(),
                upstream,
                has_variables: target.has_variables,
            })
        })
        .collect()
}

/// The `server` entries of an upstream block.
pub fn upstream_servers(model: &Model<'_>, upstream: EntryId) -> Vec<EntryId> {
    match model.entries[upstream].opens {
        Some(scope) => model.members_named(scope, "server").collect(),
        None => Vec::new(),
    }
}

/// The upstream's `keepalive` directive, if it keeps connections.
pub fn keepalive(model: &Model<'_>, upstream: EntryId) -> Option<EntryId> {
    let scope = model.entries[upstream].opens?;
    model.members_named(scope, "keepalive").next()
}

/// The `header` entries (`proxy_set_header`, ...) in effect at `scope`.
pub fn headers(model: &Model<'_>, scope: ScopeId, directive: &str) -> InEffect {
    model.in_effect(scope, directive)
}

/// The entry among `entries` that sets header `name` (case-insensitive).
pub fn header_named(model: &Model<'_>, entries: &[EntryId], name: &str) -> Option<EntryId> {
    entries.iter().copied().find(|&e| {
        model
            .first_arg_bytes(e)
            .is_some_and(|h| h.eq_ignore_ascii_case(name.as_bytes()))
    })
}

/// Add `lines` (whole directives) so that they are in effect at `scope`,
/// respecting all-or-nothing inheritance: next to the `proxy_set_header`
/// lines already in effect (wherever they are: adding beside them keeps every
/// one of them), or after `anchor` when there are none.
pub fn add_header_lines(
    model: &Model<'_>,
    scope: ScopeId,
    anchor: EntryId,
    lines: &[impl AsRef<str>],
) -> Option<Edit> {
    insert_headers(
        model,
        &headers(model, scope, "proxy_set_header"),
        anchor,
        lines,
    )
}

/// [`add_header_lines`] when the caller has the `proxy_set_header`s in effect already.
pub fn insert_headers(
    model: &Model<'_>,
    in_effect: &InEffect,
    anchor: EntryId,
    lines: &[impl AsRef<str>],
) -> Option<Edit> {
    let after = in_effect.entries.last().copied().unwrap_or(anchor);
    let e = &model.entries[after];
    style::insert_all_after(&model.set.files[e.file].tree, e.file, e.directive, lines)
}

/// The comments on an entry's lines (a trailing comment, and comments inside
/// its block), lowercased, for evidence such as "# HTTP/1.1 only".
pub fn comments_of(model: &Model<'_>, entry: EntryId) -> String {
    let e = &model.entries[entry];
    let tree = &model.set.files[e.file].tree;
    let span = e.directive.span();
    let src = tree.source();
    // Up to the end of the line the directive ends on: its trailing comment.
    let end = src[span.end..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(src.len(), |i| span.end + i);
    let mut out = String::new();
    for &c in model.comments_within(e.file, span.start, end) {
        out.push_str(&tree.text_lossy(c).to_lowercase());
        out.push('\n');
    }
    out
}

/// Whether a comment says the backend speaks plain HTTP/1.x.
pub fn says_http1(comment: &str) -> bool {
    [
        "http/1",
        "http1",
        "http 1.",
        "h1 only",
        "h1-only",
        "no http/2",
        "no h2",
        "not grpc",
        "no grpc",
    ]
    .iter()
    .any(|needle| comment.contains(needle))
}
