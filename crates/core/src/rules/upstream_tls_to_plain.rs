//! `proxy_pass https://` (or `grpc_pass grpcs://`) toward a backend that
//! speaks plain HTTP: nginx opens TLS, the backend answers its ClientHello
//! in plain text (`HTTP/1.1 400`), OpenSSL reports `wrong version number`,
//! and every request gets 502. Only the error log tells: the config cannot
//! know what the backend speaks.

use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, peer, through_pass};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-tls-to-plain-backend",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "`https://` toward a backend that speaks plain HTTP: the TLS handshake fails, every request gets 502",
        explanation: "nginx logs `SSL_do_handshake() failed (SSL: ... wrong version number) while SSL handshaking \
                      to upstream` when it opens TLS to a backend that answers in plain text. The fix speaks \
                      plain HTTP to it: `https://` becomes `http://` (`grpcs://` becomes `grpc://`, `suwsgi://` \
                      `uwsgi://`).",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 8080;
    location /api/ {
        proxy_pass https://127.0.0.1:19080;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 8080;
    location /api/ {
        proxy_pass http://127.0.0.1:19080;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *3 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 127.0.0.1, server: , request: "GET /api/x HTTP/1.1", upstream: "https://127.0.0.1:19080/api/x", host: "localhost"
"#,
    },
    check,
};

/// TLS schemes and their plain twins.
const PLAIN: [(&str, &str); 3] = [("https", "http"), ("grpcs", "grpc"), ("suwsgi", "uwsgi")];

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let wrong_version = |c: &Cause| {
        matches!(
            c,
            Cause::SslHandshakeFailed {
                wrong_version_number: true,
                ..
            }
        )
    };
    for (d, routed, pass) in through_pass(cx, wrong_version) {
        let Some(value) = model.first_arg(pass) else {
            continue;
        };
        let Some((scheme, rest)) = value.split_once("://") else {
            continue;
        };
        let Some((_, plain)) = PLAIN
            .iter()
            .find(|(tls, _)| scheme.eq_ignore_ascii_case(tls))
        else {
            continue;
        };
        let e = &model.entries[pass];
        let Some(arg) = e.args().next() else {
            continue;
        };
        let url = format!("{plain}://{rest}");
        let name = String::from_utf8_lossy(&e.name);
        let message = format!(
            "{name} speaks TLS ({scheme}://) to {}, which answers in plain text: the handshake fails \
             (\"wrong version number\") and every request gets 502; use \"{url}\" ({})",
            peer(d.event),
            cited(model, d, routed)
        );
        let fix = Fix {
            description: format!("speak plain {plain}:// to the backend"),
            applicability: Applicability::Safe,
            edits: vec![style::replace(e.file, arg.span(), url.clone())],
        };
        out.push(cx.log_finding(&RULE.meta, pass, message, Some(fix), d));
    }
}
