//! `valid_referers`: the names of one block go into one hash (all its
//! `valid_referers` lines together), which refuses a name twice
//! (`conflicting parameter "X"`) and a wildcard it cannot store (`invalid
//! hostname or wildcard "X"`); and a block that allows `none` or `blocked`
//! must allow some name too (nginx says so when it merges the block, naming
//! no line).

use super::Found;
use crate::analysis::context::Context;
use crate::analysis::model::{EntryId, ScopeId};
use crate::diagnostic::{Code, Diagnostic};

/// Where a name lands in nginx's referer hash (`ngx_hash_add_key` with
/// wildcards): each kind conflicts only with its own.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Slot {
    /// `example.com`, and the `example.com` that `.example.com` also is.
    Exact,
    /// `*.example.com` and `.example.com`, by what follows the `*.` or `.`.
    Head,
    /// `www.example.*`, by what precedes the `.*`.
    Tail,
}

/// One block's referers so far.
#[derive(Default)]
struct Block {
    /// (slot, lower-cased key) of every name stored.
    keys: Vec<(Slot, Vec<u8>)>,
    /// `none` or `blocked` given.
    unnamed: bool,
    /// `server_names` given: the server's names are added at merge time.
    server_names: bool,
}

/// Why a name cannot go into the hash.
enum Refusal {
    /// `invalid hostname or wildcard`: two `*`, `..`, a `*` elsewhere.
    Invalid,
    /// `conflicting parameter`: stored already.
    Conflict,
}

pub(super) fn check(found: &mut Found<'_, '_>) {
    let model = found.model;
    let named = model.named("valid_referers");
    let mut scopes: Vec<ScopeId> = named.iter().map(|&id| model.entries[id].scope).collect();
    scopes.sort_unstable();
    scopes.dedup();
    for scope in scopes {
        if !model.scopes[scope].context.is_http() {
            continue;
        }
        let entries: Vec<EntryId> = model
            .members_named(scope, "valid_referers")
            .filter(|&id| !found.refused(id))
            .collect();
        let Some(&first) = entries.first() else {
            continue;
        };
        if let Some(block) = read_block(found, &entries) {
            if block.unnamed && block.keys.is_empty() && !server_adds_a_name(found, scope, &block) {
                found.push(
                    first,
                    Diagnostic::error(
                        Code::InvalidParameter,
                        found.name_span(first),
                        "the \"none\" or \"blocked\" referers are specified in the \
                         \"valid_referers\" directive without any valid referer",
                    )
                    .with_help("add the host names whose pages may link here, or remove \"none\"/\"blocked\""),
                );
            }
        }
    }
}

/// Read a block's `valid_referers` in order, reporting the first name nginx
/// refuses (where it stops); `None` then.
fn read_block(found: &mut Found<'_, '_>, entries: &[EntryId]) -> Option<Block> {
    let model = found.model;
    let mut block = Block::default();
    for &id in entries {
        let e = &model.entries[id];
        for token in e.args() {
            let value = e.tree.value(token);
            let refusal = match &*value {
                b"none" | b"blocked" => {
                    block.unnamed = true;
                    continue;
                }
                b"server_names" => {
                    block.server_names = true;
                    continue;
                }
                [b'~', ..] => continue,
                [] => (Code::InvalidValue, "invalid referer", Vec::new()),
                _ => {
                    // A URI part (`example.com/path`) is not in the key.
                    let host = value.split(|&b| b == b'/').next().unwrap_or_default();
                    match add(&mut block, host) {
                        Ok(()) => continue,
                        Err(Refusal::Invalid) => (
                            Code::InvalidValue,
                            "invalid hostname or wildcard",
                            host.to_vec(),
                        ),
                        // nginx lower-cases the name as it stores it.
                        Err(Refusal::Conflict) => (
                            Code::Duplicate,
                            "conflicting parameter",
                            host.to_ascii_lowercase(),
                        ),
                    }
                }
            };
            let (code, what, shown) = refusal;
            found.push(
                id,
                Diagnostic::error(
                    code,
                    token.span(),
                    format!("{what} \"{}\"", super::shown(&shown)),
                ),
            );
            return None;
        }
    }
    Some(block)
}

/// Store `host` as nginx does, or say why it cannot be stored.
fn add(block: &mut Block, host: &[u8]) -> Result<(), Refusal> {
    let stars = host.iter().filter(|&&b| b == b'*').count();
    if stars > 1 || host.windows(2).any(|w| w == b"..") || host.contains(&0) {
        return Err(Refusal::Invalid);
    }
    let lower = |from: usize, to: usize| host[from..to].to_ascii_lowercase();
    let n = host.len();
    let wanted: Vec<(Slot, Vec<u8>)> = if n > 1 && host[0] == b'.' {
        vec![(Slot::Exact, lower(1, n)), (Slot::Head, lower(1, n))]
    } else if n > 2 && host.starts_with(b"*.") {
        vec![(Slot::Head, lower(2, n))]
    } else if n > 2 && host.ends_with(b".*") {
        vec![(Slot::Tail, lower(0, n - 2))]
    } else if stars > 0 {
        return Err(Refusal::Invalid);
    } else {
        vec![(Slot::Exact, lower(0, n))]
    };
    for (slot, key) in wanted {
        if block.keys.iter().any(|(s, k)| *s == slot && *k == key) {
            return Err(Refusal::Conflict);
        }
        block.keys.push((slot, key));
    }
    Ok(())
}

/// With `server_names`, the server's names join the block's at merge time:
/// any that is not a regex (or the empty name of a server without
/// `server_name`) is a valid referer. A block outside any server here (a
/// snippet) may be in a server with names: counted as named.
fn server_adds_a_name(found: &Found<'_, '_>, scope: ScopeId, block: &Block) -> bool {
    if !block.server_names {
        return false;
    }
    let model = found.model;
    let Some(server) = model.ancestor_with_context(scope, Context::HttpServer) else {
        return true;
    };
    let mut names = model
        .members_named(server, "server_name")
        .flat_map(|id| model.args(id))
        .peekable();
    names.peek().is_none() || names.any(|n| n.first() != Some(&b'~'))
}
