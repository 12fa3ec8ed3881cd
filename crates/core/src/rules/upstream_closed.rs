//! The backend broke the connection off: `recv() failed (104: Connection
//! reset by peer)`, `upstream prematurely closed connection`, `writev()
//! failed (32: Broken pipe)` while nginx talked to it. The backend crashed,
//! hit a limit of its own, refused the protocol, or closed an idle
//! keep-alive connection that nginx reused. No config change is sure to fix
//! it; the finding points at the `*_pass`, with what to look at.

use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, peer, plain_to_tls_port, through_pass};
use crate::rules::shared::keepalive;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-closed-connection",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "The backend reset or closed the connection before it answered: 502",
        explanation: "`Connection reset by peer`, `upstream prematurely closed connection` and `Broken pipe` \
                      while nginx talks to a backend mean that the backend ended the connection: it crashed or \
                      restarted, hit its own timeout or size limit, refused what nginx spoke (HTTP/2 from \
                      `grpc_pass`, TLS toward a plain port), or closed an idle keep-alive connection just as \
                      nginx reused it (its keep-alive timeout must be longer than the upstream's \
                      `keepalive_timeout`, 60s by default). The backend's own log tells which.",
        docs: "https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive_timeout",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    location /close {
        proxy_pass http://127.0.0.1:9003;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    location /close {
        # fixed on the backend: it no longer dies mid-response
        proxy_pass http://127.0.0.1:9003;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *10 upstream prematurely closed connection while reading response header from upstream, client: 127.0.0.1, server: , request: "GET /close HTTP/1.1", upstream: "http://127.0.0.1:9003/close", host: "localhost"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let closed = |c: &Cause| {
        matches!(
            c,
            Cause::ConnectionReset { .. }
                | Cause::PrematurelyClosed { .. }
                | Cause::BrokenPipe { .. }
        )
    };
    for (d, routed, pass) in through_pass(cx, closed) {
        if !d.event.phase.as_ref().is_some_and(|p| p.is_upstream())
            || plain_to_tls_port(model, d.event, pass)
        {
            continue;
        }
        let what = match &d.event.cause {
            Cause::ConnectionReset { .. } => "reset the connection",
            Cause::BrokenPipe { .. } => "closed the connection while nginx was still writing",
            _ => "closed the connection before it sent a whole response",
        };
        let phase = d
            .event
            .phase
            .as_ref()
            .map_or(String::new(), |p| format!(" (nginx was {p})"));
        let mut hints = vec!["its own log tells why: a crash, a limit, or a protocol it refused"];
        if routed.upstream.and_then(|u| keepalive(model, u)).is_some() {
            hints.push(
                "with keepalive, it may close idle connections nginx reuses: its keep-alive timeout \
                 must be longer than the upstream's keepalive_timeout (60s by default)",
            );
        }
        if model.entries[pass].name.as_ref() == b"grpc_pass" {
            hints.push("grpc_pass speaks HTTP/2: a backend of HTTP/1.x only drops it");
        }
        let message = format!(
            "{} {what}{phase}: nginx answered 502; {} ({})",
            peer(d.event),
            hints.join("; "),
            cited(model, d, routed)
        );
        out.push(cx.log_finding(&RULE.meta, pass, message, None, d));
    }
}
