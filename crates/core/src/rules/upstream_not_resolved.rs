//! Names that have no address: `host not found in upstream "NAME"` (nginx
//! refuses the config at start), `NAME could not be resolved` (the
//! `resolver` failed at request time, for a `*_pass` with variables or a
//! `server ... resolve`), `no resolver defined to resolve NAME`.

use crate::analysis::model::{EntryId, Model};
use crate::analysis::target::PassTarget;
use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, provenance, scope_of, setting, through_pass};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-host-not-resolved",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "A backend's host name has no address: nginx does not start, or answers 502",
        explanation: "nginx resolves the names of `upstream` servers and of `*_pass` without variables once, \
                      at start: a name without an address stops it (`host not found in upstream`). A `*_pass` \
                      with variables is resolved per request by the `resolver` in effect: without one nginx \
                      logs `no resolver defined to resolve`, and a failed lookup is `could not be resolved`, \
                      502 for the request. Check the name, the DNS it is in, and the `resolver`.",
        docs: "https://nginx.org/en/docs/http/ngx_http_core_module.html#resolver",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    location / {
        set $backend app.internal;
        proxy_pass http://$backend:8080;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    resolver 127.0.0.53;
    location / {
        set $backend app.internal;
        proxy_pass http://$backend:8080;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *32 no resolver defined to resolve app.internal, client: 127.0.0.1, server: , request: "GET / HTTP/1.1", host: "localhost"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let lookup = |c: &Cause| matches!(c, Cause::NotResolved { .. } | Cause::NoResolver { .. });
    for (d, routed, pass) in through_pass(cx, lookup) {
        let Some(scope) = scope_of(model, routed) else {
            continue;
        };
        let (at, message) = match &d.event.cause {
            Cause::NotResolved { host, code, reason } => {
                let resolver = setting(model, scope, "resolver");
                let at = resolver.as_ref().map_or(pass, |(e, _)| *e);
                let why = match (code, reason) {
                    (Some(c), Some(r)) => format!(" ({c}: {r})"),
                    _ => String::new(),
                };
                let shown = match &resolver {
                    Some(_) => format!(
                        "the resolver ({})",
                        provenance(model, resolver.as_ref(), at, "")
                    ),
                    None => "the resolver".into(),
                };
                (
                    at,
                    format!(
                        "{shown} could not resolve {host}{why}: nginx answered 502 ({})",
                        cited(model, d, routed)
                    ),
                )
            }
            Cause::NoResolver { host } => (
                pass,
                format!(
                    "this names its backend with a variable, so nginx resolves {host} per request, \
                     and no resolver is in effect here: add \"resolver ADDRESS;\" (the request got \
                     502; {})",
                    cited(model, d, routed)
                ),
            ),
            _ => continue,
        };
        out.push(cx.log_finding(&RULE.meta, at, message, None, d));
    }
    for d in cx.events(|c| matches!(c, Cause::HostNotFound { .. })) {
        let Cause::HostNotFound { host: Some(host) } = &d.event.cause else {
            continue;
        };
        for at in naming(model, host) {
            let message = format!(
                "nginx refuses to start: \"{host}\" has no address when the config is loaded \
                 (\"host not found in upstream\", error log line {}); fix the name or its DNS, or \
                 resolve it per request with a variable and a resolver",
                d.event.line
            );
            out.push(cx.log_finding(&RULE.meta, at, message, None, d));
        }
    }
}

/// The upstream `server` lines and `*_pass` directives that name `host`
/// (`name` or `name:port`, as nginx quotes it).
pub fn naming(model: &Model<'_>, host: &str) -> Vec<EntryId> {
    let names = |value: &str| {
        let t = PassTarget::parse(value);
        !t.unix
            && !t.has_variables
            && (t.key().eq_ignore_ascii_case(host)
                || (!host.contains(':') && t.host.eq_ignore_ascii_case(host)))
    };
    let mut out: Vec<EntryId> = crate::analysis::route::HANDLERS[..6]
        .iter()
        .flat_map(|h| model.named(h).into_owned())
        .chain(
            model
                .named("server")
                .iter()
                .copied()
                .filter(|&s| model.entries[s].opens.is_none()),
        )
        .filter(|&e| model.first_arg(e).is_some_and(|v| names(&v)))
        .collect();
    out.sort_unstable();
    out
}
