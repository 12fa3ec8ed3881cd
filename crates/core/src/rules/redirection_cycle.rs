//! `rewrite or internal redirection cycle while processing "URI"`: the
//! request went through more than 10 internal redirects (rewrite, try_files,
//! error_page, index) and nginx answered 500. The finding points at the
//! redirecting directive of the location the request reaches.

use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, location_entry, scope_of};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "internal-redirection-cycle",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "A request loops through internal redirects: 500",
        explanation: "`rewrite ... last`, `try_files` ending in a URI, `error_page` and `index` send a request \
                      through the location search again; after 10 rounds nginx stops, logs `rewrite or \
                      internal redirection cycle` and answers 500. The usual loop is a `try_files` or \
                      `error_page` whose last URI lands in the same location, or a `rewrite ... last` whose \
                      result matches its own location.",
        docs: "https://nginx.org/en/docs/http/ngx_http_core_module.html#try_files",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    root /var/www;
    location / {
        try_files $uri $uri/ /index.html;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    root /var/www;
    location / {
        try_files $uri $uri/ /index.html =404;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *28 rewrite or internal redirection cycle while internally redirecting to "/index.html", client: 127.0.0.1, server: , request: "GET /missing HTTP/1.1", host: "localhost"
"#,
    },
    check,
};

/// The directives that redirect internally, in the order they run.
const REDIRECTS: [&str; 4] = ["rewrite", "try_files", "error_page", "index"];

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for d in cx.events(|c| matches!(c, Cause::RedirectionCycle { .. })) {
        let (Some(routed), Cause::RedirectionCycle { uri }) = (d.routed(), &d.event.cause) else {
            continue;
        };
        let Some(scope) = scope_of(model, routed) else {
            continue;
        };
        let redirect = REDIRECTS
            .iter()
            .find_map(|n| model.in_effect(scope, n).entries.first().copied());
        let at = redirect.unwrap_or_else(|| location_entry(routed));
        let name = redirect.map_or_else(
            || "rewrite, try_files, error_page or index".to_string(),
            |r| String::from_utf8_lossy(&model.entries[r].name).into_owned(),
        );
        let last = uri
            .as_deref()
            .map_or(String::new(), |u| format!(", last at \"{u}\""));
        let message = format!(
            "the request loops: {name} redirected it internally more than 10 times{last}, and nginx \
             answered 500 ({})",
            cited(model, d, routed)
        );
        out.push(cx.log_finding(&RULE.meta, at, message, None, d));
    }
}
