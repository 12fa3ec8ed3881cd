//! `keepalive` in an upstream does nothing unless nginx speaks HTTP/1.1 to it.
//!
//! Before nginx 1.29.7 (and 1.30.0 stable) nginx speaks HTTP/1.0 to upstreams
//! by default, and HTTP/1.0 closes the connection after each response: the
//! pool is never reused, and every request pays a new TCP (and TLS) handshake.
//! From 1.29.7 HTTP/1.1 is the default, and only an explicit
//! `proxy_http_version 1.0` defeats the pool.

use crate::hash::FastSet;

use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::options::Version;
use crate::rules::shared::keepalive;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "keepalive-without-http11",
        severity: Severity::Warning,
        category: Category::Protocol,
        summary: "a `keepalive` upstream is proxied to without `proxy_http_version 1.1`",
        explanation: "nginx before 1.29.7 speaks HTTP/1.0 to upstreams unless told otherwise, and an HTTP/1.0 \
                      connection closes after every response, so the `keepalive` pool is never reused: each \
                      request opens a new connection. Set `proxy_http_version 1.1;` where the location proxies \
                      to the pool (nginx 1.29.7 and 1.30.0 made HTTP/1.1 the default; there only an explicit \
                      `proxy_http_version 1.0` is wrong).",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_http_version",
        #[cfg(feature = "rule-docs")]
        bad: r#"upstream pool { server 127.0.0.1:8080; keepalive 8; }
server {
    location / { proxy_http_version 1.0; proxy_pass http://pool; }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"upstream pool { server 127.0.0.1:8080; keepalive 8; }
server {
    location / { proxy_http_version 1.1; proxy_pass http://pool; }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let old_default = cx.options.nginx_version < Version::UPSTREAM_KEEPALIVE_DEFAULT;
    let mut seen = FastSet::default();
    for pass in cx.proxy_passes() {
        let Some(upstream) = pass.upstream else {
            continue;
        };
        if keepalive(model, upstream).is_none() || !seen.insert(pass.scope) {
            continue;
        }
        let in_effect = model.in_effect(pass.scope, "proxy_http_version");
        let current = in_effect
            .entries
            .last()
            .and_then(|&e| model.first_arg(e).map(|v| (e, v)));
        let pool = model.first_arg(upstream).unwrap_or_default();
        let (message, fix) = match current {
            None if old_default => (
                format!(
                    "upstream \"{pool}\" has keepalive, but nginx {} speaks HTTP/1.0 to it here: \
                     set proxy_http_version 1.1",
                    cx.options.nginx_version
                ),
                Fix {
                    description: "add `proxy_http_version 1.1;`".into(),
                    applicability: Applicability::Safe,
                    edits: vec![insert(cx, pass.entry)],
                },
            ),
            Some((entry, value)) if value == "1.0" => {
                let e = &model.entries[entry];
                // Change it where it stands if it is this block's own;
                // an inherited one may serve other locations, so override here.
                let edit = if e.scope == pass.scope {
                    let arg = e.args().next().map(|t| t.span());
                    match arg {
                        Some(span) => style::replace(e.file, span, "1.1"),
                        None => continue,
                    }
                } else {
                    insert(cx, pass.entry)
                };
                (
                    format!("upstream \"{pool}\" has keepalive, but proxy_http_version 1.0 closes every connection"),
                    Fix {
                        description: "use `proxy_http_version 1.1;`".into(),
                        applicability: Applicability::Safe,
                        edits: vec![edit],
                    },
                )
            }
            _ => continue,
        };
        out.push(cx.finding(&RULE.meta, pass.entry, message, Some(fix)));
    }
}

fn insert(cx: &RuleContext<'_, '_>, after: usize) -> crate::fix::Edit {
    let e = &cx.model.entries[after];
    style::insert_after(
        &cx.model.set.files[e.file].tree,
        e.file,
        e.directive,
        "proxy_http_version 1.1;",
    )
}
