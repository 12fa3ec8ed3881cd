//! `"D" directive is duplicate`: a directive whose handler stores one value
//! (the table's `.once()` rows), given twice in one block. nginx keeps one
//! configuration per block, so the second in the same block fails, wherever
//! the includes put it, while one in a nested block (`location`, `if`) is a
//! value of its own. `limit_conn` and `limit_req` keep a list, one limit per
//! shared memory zone: the same zone (by its exact name) twice in a block is
//! the repeat. `proxy_redirect` keeps a list too, but `off` is all or
//! nothing: anything after `off`, or `off` after a redirect, is the repeat.

use std::borrow::Cow;

use crate::analysis::directives::{row_range, table_len, Version, DIRECTIVES};
use crate::analysis::model::{EntryId, Model};

/// A directive nginx refuses as a repeat, and the one before it in its block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Repeat {
    pub entry: EntryId,
    pub first: EntryId,
}

/// Every repeat of the config, sorted by entry (empty for nearly every
/// config). One pass over each block's members with one stamp per table row:
/// no hashing, one allocation for the whole config.
pub fn repeats(model: &Model<'_>, version: Version) -> Vec<Repeat> {
    // `root` and `alias` fill the same field: either after the other is a repeat.
    let root = row_range(b"root").first_row();
    let alias = row_range(b"alias").first_row();
    let limit_req = row_range(b"limit_req").first_row();
    let kinds = kinds();
    // Per row: the block (plus one; zero is none yet) and the entry that set it.
    let mut stamps: Vec<(u32, EntryId)> = vec![(0, 0); table_len()];
    // The block's limits so far: (row, zone, entry); a few at most.
    let mut zones: Vec<(usize, Cow<'_, [u8]>, EntryId)> = Vec::new();
    let mut out = Vec::new();
    for (scope, block) in model.scopes.iter().enumerate() {
        if !block.context.holds_directives() {
            continue;
        }
        let stamp = scope as u32 + 1;
        zones.clear();
        // The block's `proxy_redirect off`, and its first other `proxy_redirect`.
        let mut redirect_off: Option<EntryId> = None;
        let mut redirect: Option<EntryId> = None;
        for &id in model.members(scope) {
            let entry = &model.entries[id];
            if !entry.rows.is_known() {
                continue;
            }
            let row = entry.rows.first_row();
            match kinds[row] {
                Kind::Other => continue,
                Kind::Limit => {
                    let Some(zone) = zone_of(model, id, row == limit_req) else {
                        continue;
                    };
                    match zones.iter().find(|(r, z, _)| *r == row && *z == zone) {
                        Some(&(_, _, first)) => out.push(Repeat { entry: id, first }),
                        None => zones.push((row, zone, id)),
                    }
                    continue;
                }
                Kind::Redirect => {
                    let off = entry.args().count() == 1
                        && model.first_arg_bytes(id).is_some_and(|a| *a == *b"off");
                    match (redirect_off, redirect) {
                        (Some(first), _) => out.push(Repeat { entry: id, first }),
                        (None, Some(first)) if off => out.push(Repeat { entry: id, first }),
                        _ if off => redirect_off = Some(id),
                        _ => redirect = redirect.or(Some(id)),
                    }
                    continue;
                }
                Kind::Once => {}
            }
            let context = entry.context.bit();
            let once = entry
                .rows
                .rows()
                .iter()
                .find(|r| r.exists_in(version) && r.contexts.intersects(context))
                .is_some_and(|r| r.once);
            if !once {
                continue;
            }
            let row = if row == alias { root } else { row };
            let (seen, first) = stamps[row];
            if seen == stamp {
                out.push(Repeat { entry: id, first });
            } else {
                stamps[row] = (stamp, id);
            }
        }
    }
    out.sort_unstable_by_key(|r| r.entry);
    out
}

/// What a directive name is to [`repeats`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// No row of it is `.once()`: never a repeat.
    Other,
    /// Some row is `.once()` (whether the row in effect is, the context decides).
    Once,
    /// `limit_conn` or `limit_req`: a repeat is the same zone twice.
    Limit,
    /// `proxy_redirect`: `off` is all or nothing.
    Redirect,
}

/// The [`Kind`] of every name, at its first row of the directive table,
/// built once per process: the check asks it of every directive.
fn kinds() -> &'static [Kind] {
    static KINDS: std::sync::OnceLock<Vec<Kind>> = std::sync::OnceLock::new();
    KINDS.get_or_init(|| {
        let mut kinds = vec![Kind::Other; table_len()];
        for spec in DIRECTIVES.iter().filter(|s| s.once) {
            kinds[row_range(spec.name.as_bytes()).first_row()] = Kind::Once;
        }
        for name in ["limit_conn", "limit_req"] {
            kinds[row_range(name.as_bytes()).first_row()] = Kind::Limit;
        }
        kinds[row_range(b"proxy_redirect").first_row()] = Kind::Redirect;
        kinds
    })
}

/// The zone a `limit_conn` (its first argument) or a `limit_req` (its
/// `zone=` parameter) limits; `None` when it names none (nginx refuses that
/// for other reasons).
fn zone_of<'a>(model: &Model<'a>, id: EntryId, req: bool) -> Option<Cow<'a, [u8]>> {
    let entry = &model.entries[id];
    let tree = entry.tree;
    if !req {
        return model.first_arg_bytes(id);
    }
    entry.args().find_map(|t| match tree.value(t) {
        Cow::Borrowed(v) => v.strip_prefix(b"zone=").map(Cow::Borrowed),
        Cow::Owned(v) => v.strip_prefix(b"zone=").map(|z| Cow::Owned(z.to_vec())),
    })
}
