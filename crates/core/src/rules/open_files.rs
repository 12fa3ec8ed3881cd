//! `(24: Too many open files)`: a worker reached its limit of file
//! descriptors (`worker_rlimit_nofile`, or the limit nginx was started
//! with), so it could not accept a connection or open a file or an upstream
//! connection.

use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::global_entry;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "worker-open-files-exhausted",
        severity: Severity::Error,
        category: Category::Performance,
        summary: "A worker ran out of file descriptors (`Too many open files`)",
        explanation: "Every client connection, upstream connection, open file and temporary file takes a \
                      file descriptor. A worker may hold `worker_rlimit_nofile` of them, or the limit it was \
                      started with (often 1024) when that is not set; past it, calls fail with `(24: Too many \
                      open files)`. Set `worker_rlimit_nofile` in the main context to at least twice \
                      `worker_connections`.",
        docs: "https://nginx.org/en/docs/ngx_core_module.html#worker_rlimit_nofile",
        #[cfg(feature = "rule-docs")]
        bad: r#"worker_rlimit_nofile 1024;
events {
    worker_connections 512;
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"worker_rlimit_nofile 65535;
events {
    worker_connections 512;
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [crit] 1886#1886: accept4() failed (24: Too many open files)
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for d in cx.events(|c| matches!(c, Cause::TooManyOpenFiles { .. })) {
        let Some(at) = global_entry(
            model,
            &["worker_rlimit_nofile", "worker_connections", "events"],
        ) else {
            continue;
        };
        let call = match &d.event.cause {
            Cause::TooManyOpenFiles { call: Some(c) } => format!("{c} failed: "),
            _ => String::new(),
        };
        let limit = match model.named("worker_rlimit_nofile").first() {
            Some(&e) => format!(
                "worker_rlimit_nofile {}",
                model.first_arg(e).unwrap_or_default()
            ),
            None => "the limit nginx was started with (worker_rlimit_nofile is not set)".into(),
        };
        let message = format!(
            "{call}a worker ran out of file descriptors, at {limit}: set worker_rlimit_nofile to at \
             least twice worker_connections (error log line {})",
            d.event.line
        );
        out.push(cx.log_finding(&RULE.meta, at, message, None, d));
    }
}
