//! `proxy_next_upstream http_5xx` makes application errors count as server
//! failures: one bad deploy marks every server down.

use crate::hash::FastSet;

use crate::diagnostic::Severity;
use crate::rules::shared::upstream_servers;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "next-upstream-marks-peers-down",
        severity: Severity::Info,
        category: Category::Protocol,
        summary: "`proxy_next_upstream http_5xx` lets one bad deploy take every server out",
        explanation: "What `proxy_next_upstream` lists also counts toward `max_fails` (1 by default). With \
                      `http_500`, `http_502`, `http_503`, `http_504` or `http_429` listed, a release that answers \
                      errors on every server marks each of them unavailable for `fail_timeout` (10 s by default): \
                      nginx then answers 502 (`no live upstreams`) to everyone, and keeps doing so for a while \
                      after the rollback. Consider `max_fails=0` on the servers, or retrying only on `error \
                      timeout`.",
        docs: "https://nginx.org/en/docs/http/ngx_http_upstream_module.html#max_fails",
        #[cfg(feature = "rule-docs")]
        bad: r#"upstream app {
    server 127.0.0.1:8080;
    server 127.0.0.1:8081;
}
server {
    location / {
        proxy_pass http://app;
        proxy_next_upstream error timeout http_502;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"upstream app {
    server 127.0.0.1:8080 max_fails=0;
    server 127.0.0.1:8081 max_fails=0;
}
server {
    location / {
        proxy_pass http://app;
        proxy_next_upstream error timeout http_502;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

const STATUS_FAILURES: [&[u8]; 5] = [
    b"http_500",
    b"http_502",
    b"http_503",
    b"http_504",
    b"http_429",
];

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let mut seen = FastSet::default();
    for pass in cx.proxy_passes() {
        let Some(upstream) = pass.upstream else {
            continue;
        };
        // The setting first: most locations have none, and then the
        // upstream's servers need no reading.
        let in_effect = model.in_effect(pass.scope, "proxy_next_upstream");
        let Some(&entry) = in_effect.entries.last() else {
            continue;
        };
        let args = model.args(entry);
        let codes: Vec<String> = args
            .iter()
            .filter(|a| STATUS_FAILURES.contains(&a.as_ref()))
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if codes.is_empty() || seen.contains(&entry) {
            continue;
        }
        let servers = upstream_servers(model, upstream);
        let counting = servers
            .iter()
            .filter(|&&s| !model.args(s).iter().any(|a| a.as_ref() == b"max_fails=0"))
            .count();
        if counting < 2 {
            continue;
        }
        seen.insert(entry);
        let name = model.first_arg(upstream).unwrap_or_default();
        out.push(cx.finding(
            &RULE.meta,
            entry,
            format!(
                "{} count as failures of upstream \"{name}\": a bad deploy marks all {} servers down (502 no live upstreams)",
                codes.join(", "),
                servers.len()
            ),
            None,
        ));
    }
}
