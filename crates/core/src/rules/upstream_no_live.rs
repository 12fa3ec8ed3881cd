//! `no live upstreams`: every server of the group is marked unavailable, so
//! nginx tried none and answered 502. Each was marked after `max_fails`
//! failures within `fail_timeout` (1 and 10s by default) or is `down`; the
//! failures that marked them are the real cause, and the finding names those
//! the log holds.

use crate::analysis::diagnose::line_of;
use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, through_pass};
use crate::rules::shared::upstream_servers;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-no-live-servers",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "Every server of the upstream group is marked down: nginx tries none and answers 502",
        explanation: "nginx marks an upstream server unavailable for `fail_timeout` (10s by default) after \
                      `max_fails` failed attempts (1 by default) within it; when all are marked (or `down`), \
                      it logs `no live upstreams` and answers 502 without trying. The failures before it \
                      (refused connections, timeouts, resets) are the cause; raising `max_fails` or lowering \
                      `fail_timeout` only hides them. A group of one server is never marked by failures.",
        docs: "https://nginx.org/en/docs/http/ngx_http_upstream_module.html#max_fails",
        #[cfg(feature = "rule-docs")]
        bad: r#"upstream pool {
    server 127.0.0.1:9003 max_fails=2 fail_timeout=30s;
    server 127.0.0.1:9004;
}
server {
    listen 80;
    location / {
        proxy_pass http://pool;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"upstream pool {
    server 127.0.0.1:9003 max_fails=2 fail_timeout=30s;
    server 127.0.0.1:9004;
    server 127.0.0.1:9005 backup;
}
server {
    listen 80;
    location / {
        proxy_pass http://pool;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *15 no live upstreams while connecting to upstream, client: 127.0.0.1, server: , request: "GET / HTTP/1.1", upstream: "http://pool/", host: "localhost"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for (d, routed, pass) in through_pass(cx, |c| *c == Cause::NoLiveUpstreams) {
        let at = routed.upstream.unwrap_or(pass);
        let peers: Vec<String> = routed
            .upstream
            .map(|u| upstream_servers(model, u))
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                let args = model.args(s);
                let mut address = String::new();
                let (mut fails, mut timeout, mut down) = (
                    "1 (default)".to_string(),
                    "10s (default)".to_string(),
                    false,
                );
                for (i, a) in args.iter().enumerate() {
                    let a = String::from_utf8_lossy(a);
                    if i == 0 {
                        address = a.into_owned();
                    } else if let Some(v) = a.strip_prefix("max_fails=") {
                        fails = v.to_string();
                    } else if let Some(v) = a.strip_prefix("fail_timeout=") {
                        timeout = v.to_string();
                    } else if a == "down" {
                        down = true;
                    }
                }
                if down {
                    format!("{address} (line {}) is down", line_of(model, s))
                } else {
                    format!(
                        "{address} (line {}) max_fails {fails}, fail_timeout {timeout}",
                        line_of(model, s)
                    )
                }
            })
            .collect();
        let earlier: Vec<String> = cx
            .events(|c| !matches!(c, Cause::NoLiveUpstreams | Cause::UpstreamDisabled))
            .filter(|e| e.event.line < d.event.line)
            .filter(|e| {
                e.routed()
                    .is_some_and(|r| r.upstream.is_some() && r.upstream == routed.upstream)
            })
            .map(|e| format!("line {} ({})", e.event.line, e.event.cause.id()))
            .take(3)
            .collect();
        let why = if earlier.is_empty() {
            "the failures that marked them are not in the log given".to_string()
        } else {
            format!(
                "the failures that marked them: error log {}",
                earlier.join(", ")
            )
        };
        let group = match routed.upstream {
            Some(u) => format!("upstream {}", model.first_arg(u).unwrap_or_default()),
            None => "the backend's addresses".to_string(),
        };
        let peers = if peers.is_empty() {
            String::new()
        } else {
            format!(" [{}]", peers.join("; "))
        };
        let message = format!(
            "every server of {group} was marked unavailable{peers}, so nginx tried none and \
             answered 502; {why} ({})",
            cited(model, d, routed)
        );
        out.push(cx.log_finding(&RULE.meta, at, message, None, d));
    }
}
