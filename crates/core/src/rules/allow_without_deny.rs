//! `allow` with no `deny` after it restricts nothing: nginx lets in every
//! client no rule matches. gixy's `allow_without_deny`, with nginx's list
//! inheritance: a block's own `allow` also drops its parent's `deny all`.

use crate::analysis::context::Context;
use crate::analysis::diagnose::line_of;
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::hash::FastSet;
use crate::rules::access_list::{self, own_rules};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "allow-without-deny",
        severity: Severity::Error,
        category: Category::Security,
        summary: "`allow` with no `deny` after it: every client is let in",
        explanation: "nginx tries a block's `allow` and `deny` rules in order and lets in a client that no \
                      rule matches, so a list of `allow` lines with no `deny` after them turns nobody away: \
                      the address restriction the config seems to make does not exist. Worse, any `allow` in \
                      a location replaces the whole list of its server, so a `deny all` written there stops \
                      applying. Add `deny all;` after the `allow` lines (with `satisfy any` and an \
                      authentication module, unmatched clients must still log in, and the rule stays \
                      silent).",
        docs: "https://nginx.org/en/docs/http/ngx_http_access_module.html#allow",
        #[cfg(feature = "rule-docs")]
        bad: "server {\n    listen 80;\n    location /admin/ {\n        allow 10.0.0.0/8;\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        good: "server {\n    listen 80;\n    location /admin/ {\n        allow 10.0.0.0/8;\n        deny all;\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let mut seen = FastSet::default();
    for &id in model.named("allow").iter() {
        let e = &model.entries[id];
        let http = matches!(
            e.context,
            Context::Http | Context::HttpServer | Context::HttpLocation | Context::HttpLmt
        );
        let stream = matches!(e.context, Context::Stream | Context::StreamServer);
        if !(http || stream) || !seen.insert(e.scope) {
            continue;
        }
        let rules = own_rules(model, e.scope);
        let Some(at) = rules.iter().position(|&r| is_restricting_allow(model, r)) else {
            continue;
        };
        let denied_later = rules[at..]
            .iter()
            .any(|&r| model.entries[r].name.as_ref() == b"deny");
        if denied_later || (http && access_list::satisfy_any_with_auth(model, e.scope)) {
            continue;
        }
        let first = rules[at];
        let address = model.first_arg(first).unwrap_or_default();
        let mut message = format!(
            "allow {address} has no deny after it: a client it does not match is let in anyway"
        );
        if let Some(deny) = outer_deny(model, e.scope) {
            message.push_str(&format!(
                ", and this block's list replaces the enclosing one, so the deny on line {} no longer applies here",
                line_of(model, deny)
            ));
        }
        let fix = rules.last().and_then(|&last| {
            let l = &model.entries[last];
            (!model.repeats(l.file)).then(|| Fix {
                description: "add `deny all;` after the access rules".into(),
                applicability: Applicability::Suggestion,
                edits: vec![style::insert_after(
                    l.tree,
                    l.file,
                    l.directive,
                    "deny all;",
                )],
            })
        });
        out.push(cx.finding(&RULE.meta, first, message, fix));
    }
}

/// `allow` of some addresses: `allow all` only cancels an outer list.
fn is_restricting_allow(model: &Model<'_>, entry: EntryId) -> bool {
    model.entries[entry].name.as_ref() == b"allow"
        && model.first_arg_bytes(entry).as_deref() != Some(b"all".as_slice())
}

/// The first `deny` of the list `scope` would inherit if it had none.
fn outer_deny(model: &Model<'_>, scope: ScopeId) -> Option<EntryId> {
    let parent = model.inheritance_chain(scope).nth(1)?;
    access_list::in_effect(model, parent)
        .rules
        .into_iter()
        .find(|&r| model.entries[r].name.as_ref() == b"deny")
}
