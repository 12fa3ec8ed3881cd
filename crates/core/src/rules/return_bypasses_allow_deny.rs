//! `return` (and a redirecting `rewrite`) answers in the rewrite phase, which
//! nginx runs before the access phase: the `allow`/`deny` list in effect
//! never sees the request. gixy's `return_bypasses_allow_deny`, with the
//! list taken as nginx inherits it.

use crate::analysis::context::Context;
use crate::analysis::diagnose::line_of;
use crate::analysis::location::{Location, Modifier};
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::diagnostic::Severity;
use crate::rules::access_list;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "return-bypasses-allow-deny",
        severity: Severity::Error,
        category: Category::Security,
        summary: "`return` answers before `allow`/`deny` are checked",
        explanation: "nginx runs `return` and redirecting `rewrite`s in the rewrite phase, and the access \
                      phase, where `allow` and `deny` are checked, comes after it. A request that reaches the \
                      `return` gets its response without its address ever being checked, so the `deny` \
                      protects nothing there. Serve the response from the content phase instead (`try_files`, \
                      `proxy_pass`, a static file), or check the address with a `geo`/`map` variable in an \
                      `if` before the `return`. A `return` of an error status with no body and no \
                      `error_page` for it is itself a refusal and is not reported.",
        docs: "https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return",
        #[cfg(feature = "rule-docs")]
        bad: "server {\n    listen 80;\n    location /health {\n        allow 10.0.0.0/8;\n        deny all;\n        return 200 \"ok\";\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        good: "server {\n    listen 80;\n    location /health {\n        allow 10.0.0.0/8;\n        deny all;\n        try_files /health.txt =404;\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let returns = model.named("return");
    let rewrites = model.named("rewrite");
    let answering = returns
        .iter()
        .copied()
        .filter(|&r| !is_plain_refusal(model, r))
        .chain(rewrites.iter().copied().filter(|&r| redirects(model, r)));
    let mut found: Vec<EntryId> = answering.collect();
    found.sort_unstable();
    for id in found {
        let Some(block) = rewrite_block(model, model.entries[id].scope) else {
            continue;
        };
        let Some(deny) = bypassed_deny(model, block) else {
            continue;
        };
        let what = if model.entries[id].name.as_ref() == b"return" {
            "return"
        } else {
            "this redirecting rewrite"
        };
        let message = format!(
            "{what} answers in the rewrite phase, before the access check: the deny on line {} never applies to it",
            line_of(model, deny)
        );
        out.push(cx.finding(&RULE.meta, id, message, None));
    }
}

/// The server or location whose rewrite phase runs the directives of
/// `scope` (an `if` belongs to the block around it); `None` outside http
/// and for locations only internal redirects reach, whose requests passed
/// the access check where they came from.
fn rewrite_block(model: &Model<'_>, scope: ScopeId) -> Option<ScopeId> {
    let block = match model.scopes[scope].context {
        Context::HttpServer | Context::HttpLocation => scope,
        Context::HttpSif | Context::HttpLif => model.scopes[scope].parent?,
        _ => return None,
    };
    if model.scopes[block].context == Context::HttpLocation {
        let opener = model.scopes[block].opener?;
        let named = Location::of(model, opener).is_some_and(|l| l.modifier == Modifier::Named);
        if named || model.members_named(block, "internal").next().is_some() {
            return None;
        }
    }
    Some(block)
}

/// The first `deny` of the access list in effect at `block`. A server's
/// `return` also answers before any of its locations is chosen, but their
/// lists are not counted: the usual case is a canonical-host redirect in a
/// server whose `location ~ /\.ht { deny all; }` still applies where the
/// redirect leads.
fn bypassed_deny(model: &Model<'_>, block: ScopeId) -> Option<EntryId> {
    access_list::in_effect(model, block)
        .rules
        .into_iter()
        .find(|&r| model.entries[r].name.as_ref() == b"deny")
}

/// `return 403;`: an error status with no body and no `error_page` for it
/// refuses the request itself.
fn is_plain_refusal(model: &Model<'_>, entry: EntryId) -> bool {
    let args = model.args(entry);
    let [code] = args.as_slice() else {
        return false;
    };
    let Some(code) = std::str::from_utf8(code)
        .ok()
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
    else {
        return false;
    };
    if code.parse::<u16>().map_or(true, |c| c < 400) {
        return false;
    }
    // `error_page` lists are inherited all or nothing, like `allow`/`deny`.
    let scope = model.entries[entry].scope;
    !model
        .in_effect(scope, "error_page")
        .entries
        .into_iter()
        .any(|page| {
            let args = model.args(page);
            let codes = args.len().saturating_sub(1);
            args.iter()
                .take(codes)
                .any(|a| a.as_ref() == code.as_bytes())
        })
}

/// A `rewrite` that answers with a redirect: a `redirect`/`permanent` flag,
/// or a replacement that is an absolute URL (whatever the flag).
fn redirects(model: &Model<'_>, entry: EntryId) -> bool {
    let args = model.args(entry);
    let flag = args.get(2).map(|f| f.as_ref());
    let replacement = args.get(1).map(|r| r.as_ref()).unwrap_or_default();
    matches!(flag, Some(b"redirect" | b"permanent"))
        || [b"http://".as_slice(), b"https://", b"$scheme"]
            .iter()
            .any(|p| replacement.starts_with(p))
}
