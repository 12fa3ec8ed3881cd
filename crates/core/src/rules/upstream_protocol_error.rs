//! The backend answered what nginx cannot read: `upstream sent invalid
//! header`, `upstream sent no valid HTTP/1.0 header` (no status line: the
//! port speaks TLS, HTTP/2 only, or another protocol), `upstream sent
//! invalid chunked response`, or another `upstream sent ...`. The finding
//! points at the `*_pass` that reaches it. (On port 443 or 8443 behind
//! `http://` the rule `upstream-plain-to-tls-backend` reports them, with a
//! fix; `upstream sent too large http2 frame` is `grpc-to-http1-backend`'s.)

use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, peer, plain_to_tls_port, through_pass};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-protocol-error",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "The backend answered in a way nginx cannot read: 502",
        explanation: "`upstream sent no valid HTTP/1.0 header` means the answer had no HTTP status line: the \
                      port speaks TLS (use `https://`), HTTP/2 only (`grpc_pass`, or `proxy_http_version 2` \
                      from nginx 1.29.4), or another protocol. `upstream sent invalid header` is a header line \
                      nginx rejects (or, behind `grpc_pass`, no HTTP/2 answer at all). `upstream sent invalid \
                      chunked response` is a broken chunked body: a backend bug.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    location /chunk {
        proxy_pass http://127.0.0.1:9013;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    location /chunk {
        # fixed on the backend: its chunked encoding is valid
        proxy_pass http://127.0.0.1:9013;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *26 upstream sent invalid chunked response while reading upstream, client: 127.0.0.1, server: , request: "GET /chunk HTTP/1.1", upstream: "http://127.0.0.1:9013/chunk", host: "localhost"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let protocol = |c: &Cause| {
        matches!(
            c,
            Cause::InvalidHeader { .. }
                | Cause::NoValidHttp10Header
                | Cause::InvalidChunkedResponse
                | Cause::UpstreamProtocolError { .. }
        )
    };
    for (d, routed, pass) in through_pass(cx, protocol) {
        if plain_to_tls_port(model, d.event, pass) {
            continue;
        }
        let who = peer(d.event);
        let what = match &d.event.cause {
            Cause::NoValidHttp10Header => format!(
                "{who} answered without an HTTP status line: it speaks TLS there (use https://), \
                 HTTP/2 only (grpc_pass, or proxy_http_version 2 from nginx 1.29.4), or another \
                 protocol"
            ),
            Cause::InvalidHeader { detail } => {
                let detail = detail
                    .as_deref()
                    .map_or(String::new(), |d| format!(" ({d})"));
                if model.entries[pass].name.as_ref() == b"grpc_pass" {
                    format!(
                        "{who} sent no valid HTTP/2 header{detail}: grpc_pass needs a gRPC (HTTP/2) \
                         backend"
                    )
                } else {
                    format!("{who} sent a header line nginx rejects{detail}")
                }
            }
            Cause::InvalidChunkedResponse => {
                format!("{who} sent a broken chunked body (a bad chunk size line): a backend bug")
            }
            Cause::UpstreamProtocolError { detail } => {
                format!("{who} broke the protocol: \"upstream sent {detail}\"")
            }
            _ => continue,
        };
        let message = format!("{what}; nginx answered 502 ({})", cited(model, d, routed));
        out.push(cx.log_finding(&RULE.meta, pass, message, None, d));
    }
}
