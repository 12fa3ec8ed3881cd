//! `N worker_connections are not enough`: a worker used every connection it
//! may hold. Each proxied request takes two, the client's and the
//! upstream's, so a proxy runs out at half the number.

use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::global_entry;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "worker-connections-exhausted",
        severity: Severity::Error,
        category: Category::Performance,
        summary: "A worker ran out of `worker_connections`: requests fail",
        explanation: "`worker_connections` (512 by default) limits the connections one worker holds, client \
                      and upstream ones together: a proxy serves about half as many clients. When they run \
                      out nginx logs `worker_connections are not enough` and drops connections. Raise it, and \
                      `worker_rlimit_nofile` with it (each connection is a file descriptor).",
        docs: "https://nginx.org/en/docs/ngx_core_module.html#worker_connections",
        #[cfg(feature = "rule-docs")]
        bad: r#"events {
    worker_connections 64;
}
http {
    server {
        listen 80;
        location / { proxy_pass http://127.0.0.1:9014; }
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"events {
    worker_connections 4096;
}
http {
    server {
        listen 80;
        location / { proxy_pass http://127.0.0.1:9014; }
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [alert] 1886#1886: *29 64 worker_connections are not enough while connecting to upstream, client: 127.0.0.1, server: , request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:9014/", host: "localhost"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for d in cx.events(|c| matches!(c, Cause::WorkerConnectionsNotEnough { .. })) {
        let Cause::WorkerConnectionsNotEnough { count } = &d.event.cause else {
            continue;
        };
        let Some(at) = global_entry(model, &["worker_connections", "events"]) else {
            continue;
        };
        let count = count.map_or("its".to_string(), |c| c.to_string());
        let message = format!(
            "a worker ran out of its {count} worker_connections (a proxied request holds two, the \
             client's and the upstream's): raise worker_connections, and worker_rlimit_nofile with \
             it (error log line {})",
            d.event.line
        );
        out.push(cx.log_finding(&RULE.meta, at, message, None, d));
    }
}
