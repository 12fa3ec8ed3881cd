//! `"D" directive is duplicate`: a directive whose handler stores one value
//! (the table's `.once()` rows), given twice in one block. nginx keeps one
//! configuration per block, so the second in the same block fails, wherever
//! the includes put it, while one in a nested block (`location`, `if`) is a
//! value of its own.

use crate::analysis::directives::{row_range, table_len, Version};
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
    // Per row: the block (plus one; zero is none yet) and the entry that set it.
    let mut stamps: Vec<(u32, EntryId)> = vec![(0, 0); table_len()];
    let mut out = Vec::new();
    for (scope, block) in model.scopes.iter().enumerate() {
        if !block.context.holds_directives() {
            continue;
        }
        let stamp = scope as u32 + 1;
        for &id in model.members(scope) {
            let entry = &model.entries[id];
            let rows = entry.rows.rows();
            if !rows.iter().any(|r| r.once) {
                continue;
            }
            let context = entry.context.bit();
            let once = rows
                .iter()
                .find(|r| r.exists_in(version) && r.contexts.intersects(context))
                .is_some_and(|r| r.once);
            if !once {
                continue;
            }
            let mut row = entry.rows.first_row();
            if row == alias {
                row = root;
            }
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
