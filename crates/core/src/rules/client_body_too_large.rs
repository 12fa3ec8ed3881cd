//! `client intended to send too large body: N bytes`: the request body is
//! larger than `client_max_body_size` (1m by default) in effect where the
//! request was handled, and nginx answered 413. The finding points at that
//! setting, wherever it was set, or at the location when it is the default.

use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, location_entry, provenance, scope_of, setting};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "client-body-too-large",
        severity: Severity::Warning,
        category: Category::Protocol,
        summary: "A request body is larger than `client_max_body_size`: 413",
        explanation: "nginx refuses a request whose body (by its `Content-Length`, or as it arrives) is \
                      larger than `client_max_body_size`, 1m by default, with 413 Request Entity Too Large, \
                      and logs `client intended to send too large body`. If such uploads are meant to work, \
                      raise it where they are handled (0 turns the check off).",
        docs: "https://nginx.org/en/docs/http/ngx_http_core_module.html#client_max_body_size",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    client_max_body_size 1m;
    location /upload {
        proxy_pass http://127.0.0.1:9000;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    client_max_body_size 1m;
    location /upload {
        client_max_body_size 8m;
        proxy_pass http://127.0.0.1:9000;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *27 client intended to send too large body: 2097152 bytes, client: 127.0.0.1, server: , request: "POST /upload HTTP/1.1", host: "localhost"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for d in cx.events(|c| matches!(c, Cause::ClientBodyTooLarge { .. })) {
        let (Some(routed), Cause::ClientBodyTooLarge { bytes }) = (d.routed(), &d.event.cause)
        else {
            continue;
        };
        let Some(scope) = scope_of(model, routed) else {
            continue;
        };
        let current = setting(model, scope, "client_max_body_size");
        let at = current
            .as_ref()
            .map_or_else(|| location_entry(routed), |(e, _)| *e);
        let size = bytes.map_or_else(|| "a body".to_string(), |b| format!("{b} bytes"));
        let message = format!(
            "a client sent {size}, more than client_max_body_size ({}): nginx answered 413; raise \
             it here if such bodies are meant to pass ({})",
            provenance(model, current.as_ref(), at, "1m"),
            cited(model, d, routed)
        );
        out.push(cx.log_finding(&RULE.meta, at, message, None, d));
    }
}
