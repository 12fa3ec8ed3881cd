//! `proxy_pass` accepts only `http://` and `https://`.
//!
//! `proxy_pass h2://`, `http2://`, `h2c://` or `grpc://` look like ways to ask
//! for HTTP/2, but nginx rejects them (`nginx -t`: `invalid URL prefix`) and
//! does not start. HTTP/2 to a backend is `grpc_pass` (gRPC) or, from nginx
//! 1.29.4, `proxy_http_version 2`.

use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::options::{Backend, Version};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "proxy-pass-unsupported-scheme",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "`proxy_pass` with a scheme nginx rejects (`h2://`, `http2://`, `h2c://`, `grpc://`, none)",
        explanation: "`proxy_pass` takes `http://` or `https://` URLs only; anything else stops nginx at start-up \
                      with `invalid URL prefix`. There is no `h2://` scheme: gRPC backends take `grpc_pass`, and \
                      plain HTTP/2 to an upstream is `proxy_http_version 2` from nginx 1.29.4. The fix writes \
                      `http://` (`https://` for a TLS scheme) and, when you said the backend speaks h2c and the \
                      target nginx has it, adds `proxy_http_version 2`.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    location / { proxy_pass http2://127.0.0.1:8081; }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    location / { proxy_pass http://127.0.0.1:8081; }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

/// Schemes that mean TLS, for the replacement.
const TLS_SCHEMES: &[&str] = &["https", "h2s", "grpcs", "https2", "wss"];

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for pass in cx.proxy_passes() {
        let Some(value) = model.first_arg(pass.entry) else {
            continue;
        };
        if value.starts_with('$') {
            continue;
        }
        let (scheme, rest) = match value.split_once("://") {
            Some((s, r)) => (s.to_ascii_lowercase(), r),
            None => (String::new(), value.as_ref()),
        };
        if scheme == "http" || scheme == "https" || scheme.contains('$') {
            continue;
        }
        let tls = TLS_SCHEMES.contains(&scheme.as_str());
        let url = format!("{}://{rest}", if tls { "https" } else { "http" });
        let e = &model.entries[pass.entry];
        let Some(arg) = e.args().next().copied() else {
            continue;
        };
        let mut edits = vec![style::replace(e.file, arg.span(), url.clone())];
        let hint = cx
            .options
            .backend(&pass.host)
            .or_else(|| cx.options.backend(&pass.key));
        let wants_h2 = matches!(hint, Some(Backend::H2c | Backend::Grpc));
        let h2_set = model
            .in_effect(pass.scope, "proxy_http_version")
            .entries
            .last()
            .and_then(|&v| model.first_arg(v))
            .is_some_and(|v| v.starts_with('2'));
        if wants_h2 && cx.options.nginx_version >= Version::PROXY_HTTP2 && !h2_set {
            let tree = &model.set.files[e.file].tree;
            edits.push(style::insert_after(
                tree,
                e.file,
                e.directive,
                "proxy_http_version 2;",
            ));
        }
        let shown = if scheme.is_empty() {
            "no scheme".to_string()
        } else {
            format!("\"{scheme}://\"")
        };
        out.push(cx.finding(
            &RULE.meta,
            pass.entry,
            format!("proxy_pass with {shown}: nginx refuses to start (invalid URL prefix); use \"{url}\""),
            Some(Fix {
                description: format!("proxy to \"{url}\""),
                applicability: Applicability::Safe,
                edits,
            }),
        ));
    }
}
