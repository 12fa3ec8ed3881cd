//! An `add_header` (or `add_trailer`) in a nested level drops every one the
//! outer levels set: nginx inherits these lists all or nothing, so one
//! `add_header` in a location silently removes the server's security headers
//! there. gixy's `add_header_redefinition`, seeing through includes and
//! honouring `add_header_inherit` (nginx 1.29.3+).

use crate::hash::FastSet;

use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Edit, Fix};
use crate::options::Version;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "add-header-redefinition",
        severity: Severity::Warning,
        category: Category::Security,
        summary: "an `add_header` in a nested level drops every `add_header` inherited from outer levels",
        explanation: "nginx inherits `add_header` (and `add_trailer`) into a level only when that level has \
                      none of its own: one `add_header` in a location, or in an `if` inside it, removes every \
                      header the server and `http` add, so `Strict-Transport-Security`, \
                      `X-Frame-Options` or `Content-Security-Policy` silently stop being sent for exactly \
                      those URLs, and the browser stops enforcing them there. The suggested fix repeats the \
                      dropped headers in the inner level, or, on nginx 1.29.3 and later, adds \
                      `add_header_inherit merge;` there so it keeps the inherited ones (the setting is \
                      itself inherited by the levels inside it).",
        docs: "https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    add_header X-Frame-Options DENY;
    location /static/ {
        add_header Cache-Control "max-age=3600";
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    add_header X-Frame-Options DENY;
    location /static/ {
        add_header Cache-Control "max-age=3600";
        add_header X-Frame-Options DENY;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

/// A list directive nginx inherits all or nothing.
pub(crate) struct Family {
    pub directive: &'static str,
    /// Its `*_inherit` switch (nginx 1.29.3+), if it has one.
    pub inherit: Option<&'static str>,
    /// What one entry sets, for messages: "header", "trailer".
    pub kind: &'static str,
}

/// How a level takes the outer levels' list (`add_header_inherit`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// nginx's classic rule: inherited only when the level has none.
    On,
    /// Nothing inherited: the level's own entries only.
    Off,
    /// The outer list and the level's own entries.
    Merge,
}

/// A level that drops inherited entries.
pub(crate) struct Drop {
    /// The level's own entries, in order.
    pub own: Vec<EntryId>,
    /// The entries in effect just outside it that it no longer has.
    pub dropped: Vec<EntryId>,
    /// Some entry of the outer list sets a name the level sets again.
    pub redefines: bool,
}

const FAMILIES: [Family; 2] = [
    Family {
        directive: "add_header",
        inherit: Some("add_header_inherit"),
        kind: "header",
    },
    Family {
        directive: "add_trailer",
        inherit: Some("add_trailer_inherit"),
        kind: "trailer",
    },
];

/// `add_header_inherit` exists from here.
const INHERIT_SWITCH: Version = Version(1, 29, 3);

/// Response headers that protect the client: their loss is the finding that matters.
const SECURITY_HEADERS: [&str; 12] = [
    "strict-transport-security",
    "content-security-policy",
    "content-security-policy-report-only",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
    "cross-origin-opener-policy",
    "cross-origin-embedder-policy",
    "cross-origin-resource-policy",
    "x-xss-protection",
    "x-permitted-cross-domain-policies",
];

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let merge_exists = cx.options.nginx_version >= INHERIT_SWITCH;
    for family in &FAMILIES {
        let mut seen = FastSet::default();
        for scope in levels(model, family.directive) {
            let Some(drop) = drop_at(model, scope, family, |_| false) else {
                continue;
            };
            let Some(&first) = drop.own.first() else {
                continue;
            };
            let e = &model.entries[first];
            // A snippet included in several places is reported once, where it first drops.
            if !seen.insert((e.file, e.directive.span().start)) {
                continue;
            }
            let names = names_of(model, &drop.dropped);
            let security = names
                .iter()
                .any(|n| SECURITY_HEADERS.contains(&n.to_ascii_lowercase().as_str()));
            let mut message = format!(
                "{} in this {} drops the inherited {}{} {}: a level with its own {} inherits none",
                family.directive,
                level_name(model, scope),
                family.kind,
                if names.len() == 1 { "" } else { "s" },
                names.join(", "),
                family.directive,
            );
            if security {
                message.push_str(" (security headers: browsers stop enforcing them here)");
            }
            let fix = match family.inherit {
                Some(switch) if merge_exists && !drop.redefines => {
                    Some(merge_fix(model, first, switch))
                }
                _ => copy_fix(model, scope, &drop),
            };
            out.push(cx.finding(&RULE.meta, first, message, fix));
        }
    }
}

/// Every http scope that has entries of `directive`, once each, in entry order.
pub(crate) fn levels(model: &Model<'_>, directive: &str) -> Vec<ScopeId> {
    let mut seen = FastSet::default();
    model
        .named(directive)
        .iter()
        .map(|&id| &model.entries[id])
        .filter(|e| e.context.is_http())
        .map(|e| e.scope)
        .filter(|&s| seen.insert(s))
        .collect()
}

/// What `scope` drops of the list in effect just outside it; `None` when it
/// drops nothing (or the switch says it merges or wants none). `ignore`
/// names outer entries whose loss changes nothing (nginx's own defaults).
pub(crate) fn drop_at(
    model: &Model<'_>,
    scope: ScopeId,
    family: &Family,
    ignore: impl Fn(EntryId) -> bool,
) -> Option<Drop> {
    if mode(model, scope, family.inherit) != Mode::On {
        return None;
    }
    let parent = model.inheritance_chain(scope).nth(1)?;
    let own: Vec<EntryId> = model.members_named(scope, family.directive).collect();
    let own_names: Vec<_> = own
        .iter()
        .filter_map(|&e| model.first_arg_bytes(e))
        .collect();
    let mut redefines = false;
    let mut dropped = Vec::new();
    for outer in effective(model, parent, family) {
        let Some(name) = model.first_arg_bytes(outer) else {
            continue;
        };
        if own_names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            redefines = true;
        } else if !ignore(outer) {
            dropped.push(outer);
        }
    }
    (!dropped.is_empty()).then_some(Drop {
        own,
        dropped,
        redefines,
    })
}

/// The switch in effect at `scope` (itself inherited the classic way).
fn mode(model: &Model<'_>, scope: ScopeId, switch: Option<&str>) -> Mode {
    let Some(switch) = switch else {
        return Mode::On;
    };
    let set = model.in_effect(scope, switch);
    let value = set.entries.last().and_then(|&e| model.first_arg_bytes(e));
    match value.as_deref().map(<[u8]>::to_ascii_lowercase).as_deref() {
        Some(b"off") => Mode::Off,
        Some(b"merge") => Mode::Merge,
        _ => Mode::On,
    }
}

/// The family's entries in effect at `scope`, switch included, outermost first.
fn effective(model: &Model<'_>, scope: ScopeId, family: &Family) -> Vec<EntryId> {
    let chain: Vec<ScopeId> = model.inheritance_chain(scope).collect();
    let mut list = Vec::new();
    for &level in chain.iter().rev() {
        let own: Vec<EntryId> = model.members_named(level, family.directive).collect();
        match mode(model, level, family.inherit) {
            Mode::Off => list = own,
            Mode::Merge => list.extend(own),
            Mode::On if !own.is_empty() => list = own,
            Mode::On => {}
        }
    }
    list
}

/// The entries' first arguments as written, each name once, security headers first.
pub(crate) fn names_of(model: &Model<'_>, entries: &[EntryId]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for &e in entries {
        let Some(name) = model.first_arg(e) else {
            continue;
        };
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            names.push(name.into_owned());
        }
    }
    names.sort_by_key(|n| !SECURITY_HEADERS.contains(&n.to_ascii_lowercase().as_str()));
    names
}

/// What the level is called in a message: the directive that opens it.
pub(crate) fn level_name<'m>(model: &'m Model<'_>, scope: ScopeId) -> std::borrow::Cow<'m, str> {
    match model.scopes[scope].opener {
        Some(opener) => crate::bytes::lossy(&model.entries[opener].name),
        None => "level".into(),
    }
}

/// `add_header_inherit merge;` before the level's first `add_header`.
fn merge_fix(model: &Model<'_>, first: EntryId, switch: &str) -> Fix {
    let e = &model.entries[first];
    Fix {
        description: format!(
            "add `{switch} merge;` here: this level keeps the inherited entries (and so do the levels inside it)"
        ),
        applicability: Applicability::Suggestion,
        edits: vec![style::insert_before(
            e.tree,
            e.file,
            e.directive,
            &format!("{switch} merge;"),
        )],
    }
}

/// The dropped entries, as written, after the level's last own entry in
/// the file that opens the level (never into a shared included snippet).
pub(crate) fn copy_fix(model: &Model<'_>, scope: ScopeId, drop: &Drop) -> Option<Fix> {
    let edit = copy_edit(model, scope, drop)?;
    let directive = model.entries.get(*drop.own.first()?)?.name.clone();
    Some(Fix {
        description: format!(
            "repeat the inherited {} here",
            crate::bytes::lossy(&directive)
        ),
        applicability: Applicability::Suggestion,
        edits: vec![edit],
    })
}

fn copy_edit(model: &Model<'_>, scope: ScopeId, drop: &Drop) -> Option<Edit> {
    let opener = model.scopes[scope].opener?;
    let file = model.entries[opener].file;
    let anchor = drop
        .own
        .iter()
        .rev()
        .map(|&e| &model.entries[e])
        .find(|e| e.file == file)?;
    let texts: Vec<String> = drop
        .dropped
        .iter()
        .map(|&d| {
            let e = &model.entries[d];
            e.tree.text_lossy(e.directive.span()).into_owned()
        })
        .collect();
    style::insert_all_after(anchor.tree, file, anchor.directive, &texts)
}

#[cfg(test)]
mod tests {
    use crate::input::{ConfigSet, MemoryFiles};
    use crate::options::{Options, Version};
    use crate::rules::Finding;

    fn findings(files: &[(&str, &str)], version: Version) -> Vec<Finding> {
        let mut mem = MemoryFiles::new();
        for (path, text) in files {
            mem.insert(*path, text.as_bytes().to_vec());
        }
        let set = ConfigSet::load(&[files[0].0.to_string()], &mem);
        let model = crate::analysis::model::Model::build(&set);
        let options = Options {
            nginx_version: version,
            ..Options::default()
        };
        let cx = crate::rules::RuleContext::new(&model, &options);
        let mut out = Vec::new();
        (super::RULE.check)(&cx, &mut out);
        out
    }

    fn messages(files: &[(&str, &str)]) -> Vec<String> {
        findings(files, Version::CURRENT_STABLE)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    /// gixy's most reported false positive: the headers come back through a
    /// snippet the location includes.
    #[test]
    fn an_included_snippet_that_repeats_the_headers_drops_nothing() {
        let conf = "http { server { include /etc/nginx/h.conf; \
                    location / { include /etc/nginx/h.conf; add_header X-Extra 1; } } }";
        let h = "add_header X-Frame-Options DENY; add_header Strict-Transport-Security max-age=63072000;";
        assert!(messages(&[("/etc/nginx/nginx.conf", conf), ("/etc/nginx/h.conf", h)]).is_empty());
    }

    #[test]
    fn headers_from_an_included_snippet_are_named_when_dropped() {
        let conf =
            "http { server { include /etc/nginx/h.conf; location / { add_header X-Extra 1; } } }";
        let h = "add_header X-Debug 1; add_header X-Frame-Options DENY;";
        assert_eq!(
            messages(&[("/etc/nginx/nginx.conf", conf), ("/etc/nginx/h.conf", h)]),
            ["add_header in this location drops the inherited headers X-Frame-Options, X-Debug: \
              a level with its own add_header inherits none (security headers: browsers stop enforcing them here)"]
        );
    }

    #[test]
    fn the_inherit_switch_is_honoured_and_inherited() {
        let merge_at_server =
            "http { add_header A 1; server { add_header_inherit merge; add_header B 1; \
                               location / { add_header C 1; } } }";
        assert!(messages(&[("/n.conf", merge_at_server)]).is_empty());
        let off = "http { add_header A 1; server { location / { add_header_inherit off; add_header C 1; } } }";
        assert!(messages(&[("/n.conf", off)]).is_empty());
        // Back to the classic rule below a merging server: the location
        // drops what the server merged, both its own and http's.
        let on_again = "http { add_header A 1; server { add_header_inherit merge; add_header B 1; \
                        location / { add_header_inherit on; add_header C 1; } } }";
        assert_eq!(
            messages(&[("/n.conf", on_again)]),
            ["add_header in this location drops the inherited headers A, B: a level with its own add_header inherits none"]
        );
    }

    #[test]
    fn an_if_block_drops_its_locations_headers() {
        let conf = "http { server { location / { add_header X-Frame-Options DENY; \
                    if ($arg_x) { add_trailer X-T 1; add_header X-If 1; } } } }";
        assert_eq!(
            messages(&[("/n.conf", conf)]),
            ["add_header in this if drops the inherited header X-Frame-Options: a level with its own \
              add_header inherits none (security headers: browsers stop enforcing them here)"]
        );
    }

    #[test]
    fn the_fix_merges_where_nginx_can_and_copies_where_it_cannot() {
        let conf = "http { add_header X-A 1; server { location / { add_header X-B 2; } } }";
        let fix_text = |v| {
            let f = findings(&[("/n.conf", conf)], v);
            f.first()
                .and_then(|f| f.fix.as_ref())
                .map(|fix| fix.edits.iter().map(|e| e.text.clone()).collect::<Vec<_>>())
        };
        assert_eq!(
            fix_text(Version(1, 29, 3)),
            Some(vec!["add_header_inherit merge; ".to_string()])
        );
        assert_eq!(
            fix_text(Version(1, 29, 2)),
            Some(vec![" add_header X-A 1;".to_string()])
        );
        // A level that sets an inherited name again would send it twice merged: copied.
        let redefined = "http { add_header X-A 1; add_header X-C 1; server { location / { add_header X-A 2; } } }";
        let f = findings(&[("/n.conf", redefined)], Version::CURRENT_STABLE);
        let texts: Vec<_> = f
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .flat_map(|fix| fix.edits.iter().map(|e| e.text.clone()))
            .collect();
        assert_eq!(texts, [" add_header X-C 1;"]);
    }
}
