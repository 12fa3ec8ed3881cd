//! `an upstream response is buffered to a temporary file`: the response did
//! not fit in `proxy_buffers` and went to disk. Slower, not an error: an
//! information, pointing at the buffers in effect.

use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, prefix, provenance, scope_of, setting, through_pass};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-response-buffered-to-file",
        severity: Severity::Info,
        category: Category::Performance,
        summary: "A backend's response did not fit in `proxy_buffers` and was written to a temporary file",
        explanation: "With buffering on, nginx holds a response in `proxy_buffers` (8 buffers of a memory \
                      page by default) and writes the rest to a temporary file, up to \
                      `proxy_max_temp_file_size`. That costs disk writes, not errors. Larger buffers keep it \
                      in memory; `proxy_max_temp_file_size 0` streams it instead.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffers",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    location /large {
        proxy_pass http://127.0.0.1:9015;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    location /large {
        proxy_pass http://127.0.0.1:9015;
        proxy_max_temp_file_size 0;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [warn] 1886#1886: *30 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream, client: 127.0.0.1, server: , request: "GET /large HTTP/1.1", upstream: "http://127.0.0.1:9015/large", host: "localhost"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let buffered = |c: &Cause| matches!(c, Cause::ResponseBufferedToFile { .. });
    for (d, routed, pass) in through_pass(cx, buffered) {
        let Some(scope) = scope_of(model, routed) else {
            continue;
        };
        let p = prefix(model, pass);
        let name = format!("{p}buffers");
        let current = setting(model, scope, &name);
        let at = current.as_ref().map_or(pass, |(e, _)| *e);
        let message = format!(
            "the response did not fit in {name} ({}) and went to a temporary file: slower, not an \
             error; larger buffers keep it in memory, {p}max_temp_file_size 0 streams it ({})",
            provenance(model, current.as_ref(), at, "8 4k"),
            cited(model, d, routed)
        );
        out.push(cx.log_finding(&RULE.meta, at, message, None, d));
    }
}
