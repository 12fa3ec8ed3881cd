//! `proxy_next_upstream ... non_idempotent` retries POSTs on another server.

use crate::diagnostic::Severity;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "next-upstream-non-idempotent",
        severity: Severity::Info,
        category: Category::Protocol,
        summary: "`proxy_next_upstream non_idempotent` retries POST, PATCH and LOCK requests",
        explanation: "By default nginx does not pass a request with a non-idempotent method (POST, LOCK, PATCH) to \
                      the next server once it was sent to one, because the first server may have acted on it. \
                      `non_idempotent` turns that off: a payment or an insert that timed out on one backend runs \
                      again on the next. Keep it only if every such endpoint is safe to repeat.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    location / {
        proxy_pass http://127.0.0.1:8080;
        proxy_next_upstream error timeout non_idempotent;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    location / {
        proxy_pass http://127.0.0.1:8080;
        proxy_next_upstream error timeout;
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
    for &id in model.named("proxy_next_upstream").iter() {
        if model.entries[id].context.is_http()
            && model
                .args(id)
                .iter()
                .any(|a| a.as_ref() == b"non_idempotent")
        {
            out.push(
                cx.finding(
                    &RULE.meta,
                    id,
                    "non_idempotent: a POST that timed out on one server is sent again to the next"
                        .into(),
                    None,
                ),
            );
        }
    }
}
