//! `max_fails` / `fail_timeout` on the only server of an upstream do nothing.

use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::rules::shared::upstream_servers;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "max-fails-single-server",
        severity: Severity::Info,
        category: Category::Performance,
        summary: "`max_fails` / `fail_timeout` on an upstream's only server are ignored",
        explanation: "nginx ignores `max_fails`, `fail_timeout` and `slow_start` when a group has a single server: \
                      such a server is never considered unavailable. The parameters suggest a failover that does \
                      not exist. The suggested fix removes them; add a second server (or a `backup`) if failover \
                      was the intent.",
        docs: "https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server",
        #[cfg(feature = "rule-docs")]
        bad: r#"upstream app {
    server 127.0.0.1:8080 max_fails=3 fail_timeout=30s;
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"upstream app {
    server 127.0.0.1:8080;
}
"#,
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

const IGNORED: [&str; 3] = ["max_fails=", "fail_timeout=", "slow_start="];

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for &id in model.named("upstream").iter() {
        let e = &model.entries[id];
        if !e.context.is_http() || e.opens.is_none() {
            continue;
        }
        let servers = upstream_servers(model, id);
        let [server] = servers.as_slice() else {
            continue;
        };
        let se = &model.entries[*server];
        let tree = &model.set.files[se.file].tree;
        let mut edits = Vec::new();
        for arg in se.args().skip(1) {
            let text = tree.text(arg.span());
            if IGNORED.iter().any(|p| text.starts_with(p.as_bytes())) {
                edits.push(style::remove_token(tree, se.file, arg.span()));
            }
        }
        if edits.is_empty() {
            continue;
        }
        let name = model.first_arg(id).unwrap_or_default();
        out.push(cx.finding(
            &RULE.meta,
            *server,
            format!("upstream \"{name}\" has a single server: nginx ignores its max_fails and fail_timeout"),
            Some(Fix {
                description: "remove the ignored parameters".into(),
                applicability: Applicability::Suggestion,
                edits,
            }),
        ));
    }
}
