//! `proxy_http_version 2` exists only from nginx 1.29.4, and even there it
//! gets 502 from a backend that only speaks HTTP/1.1.

use crate::analysis::model::{Model, ScopeId};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::options::{Backend, Version};
use crate::rules::shared::{comments_of, says_http1};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "proxy-http-version-2",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "`proxy_http_version 2` on an nginx without it, or toward an HTTP/1.1-only backend",
        explanation: "nginx accepts `proxy_http_version 2` only from 1.29.4; older versions stop at start-up with \
                      `invalid value \"2\"`. On newer versions it makes nginx speak HTTP/2 to the backend, and a \
                      backend that only speaks HTTP/1.1 then fails every request with 502. The fix sets \
                      `proxy_http_version 1.1`.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_http_version",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    location / {
        proxy_pass http://127.0.0.1:8080;
        proxy_http_version 2;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    location / {
        proxy_pass http://127.0.0.1:8080;
        proxy_http_version 1.1;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let version = cx.options.nginx_version;
    for &id in model.named("proxy_http_version").iter() {
        let e = &model.entries[id];
        if !e.context.is_http() {
            continue;
        }
        let Some(value) = model.first_arg(id) else {
            continue;
        };
        if value != "2" && value != "2.0" {
            continue;
        }
        let message = if version < Version::PROXY_HTTP2 {
            format!("nginx {version} has no proxy_http_version {value}: it refuses to start (invalid value); HTTP/2 to upstreams needs 1.29.4")
        } else if let Some(why) = http1_backend(cx, e.scope) {
            format!("proxy_http_version {value} toward a backend that speaks HTTP/1.1 ({why}): every request gets 502")
        } else {
            continue;
        };
        let fix = e.args().next().map(|arg| Fix {
            description: "use `proxy_http_version 1.1`".into(),
            applicability: Applicability::Safe,
            edits: vec![style::replace(e.file, arg.span(), "1.1")],
        });
        out.push(cx.finding(&RULE.meta, id, message, fix));
    }
}

/// Why a `proxy_pass` at or below `scope` reaches an HTTP/1.1-only backend, if it does.
fn http1_backend(cx: &RuleContext<'_, '_>, scope: ScopeId) -> Option<String> {
    let model = cx.model;
    cx.proxy_passes()
        .iter()
        .filter(|p| within(model, p.scope, scope))
        .find_map(|p| {
            let hint = cx
                .options
                .backend(&p.host)
                .or_else(|| cx.options.backend(&p.key));
            if hint == Some(Backend::Http1) {
                return Some(format!("you said \"{}\" speaks HTTP/1.1", p.key));
            }
            let comments = p
                .upstream
                .map(|u| comments_of(model, u))
                .unwrap_or_default();
            (hint.is_none() && says_http1(&comments))
                .then(|| format!("a comment on upstream \"{}\" says so", p.host))
        })
}

/// Whether `inner` is `outer` or nested in it.
fn within(model: &Model<'_>, inner: ScopeId, outer: ScopeId) -> bool {
    let mut next: Option<ScopeId> = Some(inner);
    while let Some(s) = next {
        if s == outer {
            return true;
        }
        next = model.scopes[s].parent;
    }
    false
}
