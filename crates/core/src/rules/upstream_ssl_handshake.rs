//! The TLS handshake with the backend failed for another reason than plain
//! text (that is `upstream-tls-to-plain-backend`): `peer closed connection in
//! SSL handshake`, `SSL_do_handshake() failed` with another OpenSSL error.
//! The backend does not speak TLS there, or refused nginx's protocols,
//! ciphers or missing SNI.

use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, peer, prefix, through_pass};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-ssl-handshake-failed",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "The TLS handshake with the backend failed: 502",
        explanation: "`peer closed connection in SSL handshake` or `SSL_do_handshake() failed` while nginx \
                      handshakes with a backend: the backend does not speak TLS on that port, or refused \
                      what nginx offered. nginx sends no SNI to backends unless `proxy_ssl_server_name on` \
                      (many TLS servers require it), and offers the protocols of `proxy_ssl_protocols`.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_ssl_server_name",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    location / {
        proxy_pass https://127.0.0.1:9012;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    location / {
        proxy_pass https://127.0.0.1:9012;
        proxy_ssl_server_name on;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *24 peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking to upstream, client: 127.0.0.1, server: , request: "GET / HTTP/1.1", upstream: "https://127.0.0.1:9012/", host: "localhost"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let handshake = |c: &Cause| {
        matches!(
            c,
            Cause::SslPeerClosed
                | Cause::SslHandshakeFailed {
                    wrong_version_number: false,
                    ..
                }
        )
    };
    for (d, routed, pass) in through_pass(cx, handshake) {
        let p = prefix(model, pass);
        let detail = match &d.event.cause {
            Cause::SslHandshakeFailed {
                detail: Some(detail),
                ..
            } => format!(" ({detail})"),
            _ => String::new(),
        };
        let message = format!(
            "the TLS handshake with {} failed{detail}: it does not speak TLS there, or refused what \
             nginx offered (SNI is sent only with {p}ssl_server_name on; protocols: \
             {p}ssl_protocols); nginx answered 502 ({})",
            peer(d.event),
            cited(model, d, routed)
        );
        out.push(cx.log_finding(&RULE.meta, pass, message, None, d));
    }
}
