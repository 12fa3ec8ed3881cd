//! `select` and `ignore`: which rules run. A selector is a rule id, a
//! category name or `all`; the more specific selector wins, so one rule can
//! be taken out of a selected category or kept from an ignored one.

use crate::analysis::similar::edits_within;
use crate::options::Options;
use crate::rules::{suppress, Category, RuleMeta, RULES};

/// A selector that names no rule, no category and not `all`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSelector {
    pub selector: String,
    /// The category or rule id a slip away from it, when there is one.
    pub closest: Option<&'static str>,
}

impl std::fmt::Display for UnknownSelector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown rule or category \"{}\" (categories: all",
            self.selector
        )?;
        for c in Category::ALL {
            write!(f, ", {}", c.as_str())?;
        }
        f.write_str(")")?;
        if let Some(id) = self.closest {
            write!(f, "; did you mean \"{id}\"?")?;
        }
        Ok(())
    }
}

/// Every rule's metadata, `invalid-suppression` included.
fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    RULES
        .iter()
        .map(|r| &r.meta)
        .chain(std::iter::once(&suppress::META))
}

/// Whether `selector` names something: `all`, a category or a rule id.
pub fn check_selector(selector: &str) -> Result<(), UnknownSelector> {
    let known = selector == "all"
        || Category::ALL.iter().any(|c| c.as_str() == selector)
        || metas().any(|m| m.id == selector);
    if known {
        return Ok(());
    }
    // A third of the id's length, at least 2: ids are long, and a slip in
    // one is rarely more than a couple of letters.
    let budget = (selector.len() / 3).max(2);
    let closest = Category::ALL
        .iter()
        .map(|c| c.as_str())
        .chain(metas().map(|m| m.id))
        .filter_map(|name| {
            edits_within(selector.as_bytes(), name.as_bytes(), budget).map(|d| (d, name))
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, name)| name);
    Err(UnknownSelector {
        selector: selector.to_string(),
        closest,
    })
}

/// Every selector of `options` names something; the first that does not.
pub fn check_selectors(options: &Options) -> Result<(), UnknownSelector> {
    options
        .select
        .iter()
        .chain(&options.ignore)
        .try_for_each(|s| check_selector(s))
}

/// How specifically the best of `selectors` names `meta`'s rule: 2 by id,
/// 1 by category, 0 by `all`, `None` not at all.
fn match_rank(selectors: &[String], meta: &RuleMeta) -> Option<u8> {
    selectors
        .iter()
        .filter_map(|s| {
            if s == meta.id {
                Some(2)
            } else if s == meta.category.as_str() {
                Some(1)
            } else if s == "all" {
                Some(0)
            } else {
                None
            }
        })
        .max()
}

/// Whether `meta`'s rule runs under `options`: selected (an empty `select`
/// selects all) and not ignored at least as specifically.
pub fn is_selected(options: &Options, meta: &RuleMeta) -> bool {
    let selected = if options.select.is_empty() {
        Some(0)
    } else {
        match_rank(&options.select, meta)
    };
    match (selected, match_rank(&options.ignore, meta)) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(s), Some(i)) => s > i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(select: &[&str], ignore: &[&str]) -> Options {
        Options {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            ..Options::default()
        }
    }

    fn selected(select: &[&str], ignore: &[&str]) -> Vec<&'static str> {
        let o = options(select, ignore);
        metas()
            .filter(|m| is_selected(&o, m))
            .map(|m| m.id)
            .collect()
    }

    #[test]
    fn empty_select_runs_everything() {
        assert_eq!(selected(&[], &[]).len(), RULES.len() + 1);
        assert!(selected(&["all"], &[]).contains(&"invalid-suppression"));
        assert_eq!(selected(&[], &["all"]), Vec::<&str>::new());
    }

    /// The ids of a category, minus some: the expected selection, read from
    /// the rules' own metadata so the test holds as rules are added.
    fn category_without(category: Category, without: &[&str]) -> Vec<&'static str> {
        metas()
            .filter(|m| m.category == category && !without.contains(&m.id))
            .map(|m| m.id)
            .collect()
    }

    #[test]
    fn ids_beat_categories_either_way() {
        let performance = selected(&["performance"], &["max-fails-single-server"]);
        assert!(performance.contains(&"worker-connections-exhausted"));
        assert!(!performance.contains(&"max-fails-single-server"));
        assert_eq!(
            performance,
            category_without(Category::Performance, &["max-fails-single-server"])
        );
        let kept = selected(&[], &["protocol"]);
        assert!(!kept.contains(&"grpc-to-http1-backend"));
        let kept = selected(&["grpc-to-http1-backend"], &["protocol"]);
        assert_eq!(kept, ["grpc-to-http1-backend"]);
        // Named alike in both lists: ignored.
        assert_eq!(selected(&["hygiene"], &["hygiene"]), Vec::<&str>::new());
        let hygiene = selected(&["hygiene"], &["error-log-mismatch"]);
        assert!(hygiene.contains(&"invalid-suppression"));
        assert!(!hygiene.contains(&"error-log-mismatch"));
        assert_eq!(
            hygiene,
            category_without(Category::Hygiene, &["error-log-mismatch"])
        );
    }

    #[test]
    fn unknown_selectors_name_the_categories_and_the_closest_id() {
        let e = check_selector("grpc-to-http-backend").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown rule or category \"grpc-to-http-backend\" (categories: all, protocol, \
             security, performance, hygiene); did you mean \"grpc-to-http1-backend\"?"
        );
        let e = check_selector("zzz").unwrap_err();
        assert_eq!(e.closest, None);
        assert_eq!(
            check_selector("hygeine").unwrap_err().closest,
            Some("hygiene")
        );
        assert_eq!(check_selector("security"), Ok(()));
        assert_eq!(check_selector("invalid-suppression"), Ok(()));
        let o = options(&["protocol"], &["no-such-rule"]);
        assert_eq!(check_selectors(&o).unwrap_err().selector, "no-such-rule");
    }
}
