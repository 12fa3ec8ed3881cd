//! `upstream SSL certificate verify error` and `upstream SSL certificate
//! does not match "NAME"`: `proxy_ssl_verify on` checks the backend's
//! certificate, and it failed. The line to change is the trusted
//! certificate (or, for a name mismatch, `proxy_ssl_name`) in effect, or the
//! `proxy_ssl_verify` that asked for the check.

use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, peer, prefix, scope_of, setting, through_pass};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-ssl-verify-failed",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "The backend's TLS certificate does not verify: 502",
        explanation: "With `proxy_ssl_verify on` (`grpc_ssl_verify`, `uwsgi_ssl_verify`) nginx checks the \
                      backend's certificate against `proxy_ssl_trusted_certificate` and its name against \
                      `proxy_ssl_name` (the host of `proxy_pass` by default). A self-signed or expired \
                      certificate, a missing intermediate or an unknown authority fails the first check, a \
                      certificate for another name the second; nginx answers 502. Trust the authority that \
                      signed it, or name the host the certificate is for.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_ssl_verify",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    location / {
        proxy_pass https://127.0.0.1:9011;
        proxy_ssl_verify on;
        proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    location / {
        proxy_pass https://127.0.0.1:9011;
        proxy_ssl_verify on;
        proxy_ssl_trusted_certificate /etc/nginx/backend-ca.crt;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *23 upstream SSL certificate verify error: (18:self-signed certificate) while SSL handshaking to upstream, client: 127.0.0.1, server: , request: "GET / HTTP/1.1", upstream: "https://127.0.0.1:9011/", host: "localhost"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let verify = |c: &Cause| {
        matches!(
            c,
            Cause::SslCertificateVerify { .. } | Cause::SslCertificateMismatch { .. }
        )
    };
    for (d, routed, pass) in through_pass(cx, verify) {
        let Some(scope) = scope_of(model, routed) else {
            continue;
        };
        let p = prefix(model, pass);
        let trusted = setting(model, scope, &format!("{p}ssl_trusted_certificate"));
        let name = setting(model, scope, &format!("{p}ssl_name"));
        let verify = setting(model, scope, &format!("{p}ssl_verify"));
        let who = peer(d.event);
        let (at, what) = match &d.event.cause {
            Cause::SslCertificateVerify { code, reason } => {
                let why = match (code, reason) {
                    (Some(c), Some(r)) => format!("{c}: {r}"),
                    (None, Some(r)) => r.clone(),
                    _ => "verify error".into(),
                };
                let against = match &trusted {
                    Some((_, v)) => format!("{p}ssl_trusted_certificate {v}"),
                    None => format!("no {p}ssl_trusted_certificate (nothing is trusted)"),
                };
                (
                    trusted.as_ref().or(verify.as_ref()).map(|(e, _)| *e),
                    format!("the certificate of {who} does not verify against {against} ({why})"),
                )
            }
            Cause::SslCertificateMismatch { name: wanted } => {
                let wanted = wanted.as_deref().unwrap_or("the name nginx checks");
                let from = match &name {
                    Some((_, v)) => format!("{p}ssl_name {v}"),
                    None => format!("the host of the {p}pass, as {p}ssl_name is not set"),
                };
                (
                    name.as_ref().or(verify.as_ref()).map(|(e, _)| *e),
                    format!(
                        "the certificate of {who} is not for \"{wanted}\", the name nginx checks \
                         ({from})"
                    ),
                )
            }
            _ => continue,
        };
        let message = format!("{what}: nginx answered 502 ({})", cited(model, d, routed));
        out.push(cx.log_finding(&RULE.meta, at.unwrap_or(pass), message, None, d));
    }
}
