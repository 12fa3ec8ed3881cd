//! `proxy_pass http://` toward a backend that speaks only TLS. An nginx
//! backend answers `400 The plain HTTP request was sent to HTTPS port` and
//! logs `client sent plain HTTP request to HTTPS port` (its `host:` is the
//! `Host` the front sent: the `proxy_pass` target); other TLS servers close
//! the connection or answer bytes that are no HTTP status line, which nginx
//! logs as `upstream prematurely closed connection` or `upstream sent no
//! valid HTTP/1.0 header`. Only on port 443 or 8443 are those read as TLS:
//! elsewhere the protocol and closed-connection rules report them.

use crate::analysis::target::PassTarget;
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, peer, plain_to_tls_port, through_pass};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-plain-to-tls-backend",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "`proxy_pass http://` toward a backend that speaks only TLS: 400 or 502 for every request",
        explanation: "A TLS port reached with plain HTTP either answers 400 (`The plain HTTP request was sent \
                      to HTTPS port`, an nginx backend, which logs `client sent plain HTTP request to HTTPS \
                      port`) or closes the connection or answers what is no HTTP status line (502: `upstream \
                      prematurely closed connection`, `upstream sent no valid HTTP/1.0 header`). confine reads \
                      the backend's own log line, or one of the front's on port 443 or 8443, as proof. The fix \
                      speaks TLS: `http://` becomes `https://`.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 8080;
    location /api/ {
        proxy_pass http://127.0.0.1:19443;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 8080;
    location /api/ {
        proxy_pass https://127.0.0.1:19443;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [info] 1887#1887: *1 client sent plain HTTP request to HTTPS port while reading client request headers, client: 127.0.0.1, server: , request: "GET /api/x HTTP/1.0", host: "127.0.0.1:19443"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    // The front's own log, on a TLS port.
    for (d, routed, pass) in through_pass(cx, |_| true) {
        if !plain_to_tls_port(model, d.event, pass) {
            continue;
        }
        let Some((fix, url)) = to_https(cx, pass) else {
            continue;
        };
        let message = format!(
            "proxy_pass speaks plain HTTP to {}, a TLS port, which {}: use \"{url}\" ({})",
            peer(d.event),
            match &d.event.cause {
                Cause::PrematurelyClosed { .. } => "closed the connection without an answer",
                Cause::NoValidHttp10Header => "answered without an HTTP status line",
                _ => "answered what is no HTTP header",
            },
            cited(model, d, routed)
        );
        out.push(cx.log_finding(&RULE.meta, pass, message, Some(fix), d));
    }
    // The backend's log: the Host it was sent names the proxy_pass target.
    for d in cx.events(|c| *c == Cause::PlainHttpToHttpsPort) {
        let Some(host) = d.event.host.as_deref() else {
            continue;
        };
        for pass in cx.proxy_passes() {
            let Some(value) = model.first_arg(pass.entry) else {
                continue;
            };
            let target = PassTarget::parse(&value);
            if target.scheme != Some("http") || !pass.key.eq_ignore_ascii_case(host) {
                continue;
            }
            let Some((fix, url)) = to_https(cx, pass.entry) else {
                continue;
            };
            let message = format!(
                "proxy_pass speaks plain HTTP to \"{host}\", a TLS port: the backend logged \"client \
                 sent plain HTTP request to HTTPS port\" for the Host this sends and answered 400; use \
                 \"{url}\" (error log line {})",
                d.event.line
            );
            out.push(cx.log_finding(&RULE.meta, pass.entry, message, Some(fix), d));
        }
    }
}

/// `http://` → `https://` on the pass's argument.
fn to_https(cx: &RuleContext<'_, '_>, pass: usize) -> Option<(Fix, String)> {
    let model = cx.model;
    let value = model.first_arg(pass)?;
    let rest = value.strip_prefix("http://")?;
    let e = &model.entries[pass];
    let arg = e.args().next()?;
    let url = format!("https://{rest}");
    Some((
        Fix {
            description: "speak TLS to the backend (`https://`)".into(),
            applicability: Applicability::Safe,
            edits: vec![style::replace(e.file, arg.span(), url.clone())],
        },
        url,
    ))
}
