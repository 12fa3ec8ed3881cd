//! The `allow`/`deny` list of a block, as nginx's access module keeps it.
//!
//! `allow` and `deny` are one list: the innermost level with *any* of them
//! provides the whole list, so a location's single `allow` replaces the
//! `deny all` of its server. Rules are tried in order, the first match
//! decides, and a client no rule matches is let in.

use crate::analysis::model::{EntryId, Model, ScopeId};

/// One block's access list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccessList {
    /// The level that provides it (`None`: no level has any, all are let in).
    pub level: Option<ScopeId>,
    /// Its `allow` and `deny` entries, in order.
    pub rules: Vec<EntryId>,
}

/// The `allow` and `deny` entries directly in `scope`, in order.
pub fn own_rules(model: &Model<'_>, scope: ScopeId) -> Vec<EntryId> {
    model
        .members(scope)
        .iter()
        .copied()
        .filter(|&m| matches!(model.entries[m].name.as_ref(), b"allow" | b"deny"))
        .collect()
}

/// The access list in effect at `scope` under nginx's merge rule.
pub fn in_effect(model: &Model<'_>, scope: ScopeId) -> AccessList {
    for level in model.inheritance_chain(scope) {
        let rules = own_rules(model, level);
        if !rules.is_empty() {
            return AccessList {
                level: Some(level),
                rules,
            };
        }
    }
    AccessList::default()
}

/// Whether `satisfy any` is in effect with an authentication module on: a
/// client the list does not allow must then still authenticate, which is
/// the intended "address or password" pattern.
pub fn satisfy_any_with_auth(model: &Model<'_>, scope: ScopeId) -> bool {
    let last_value = |name: &str| {
        model
            .in_effect(scope, name)
            .entries
            .last()
            .and_then(|&e| model.first_arg(e))
            .map(|v| v.to_ascii_lowercase())
    };
    if last_value("satisfy").as_deref() != Some("any") {
        return false;
    }
    ["auth_basic", "auth_request", "auth_jwt", "auth_oidc"]
        .iter()
        .any(|name| last_value(name).is_some_and(|v| v != "off"))
}
