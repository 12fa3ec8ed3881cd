//! `upstream timed out (110: Connection timed out) while ...`: the backend
//! took longer than the timeout of the phase nginx was in, and the client got
//! 504. The finding points at the timeout in effect there, wherever it was
//! set (a `proxy_read_timeout` two levels up counts), or at the location when
//! the default (60s) applies. Whether to raise it or speed up the backend is
//! a judgement: no fix.

use crate::diagnostic::Severity;
use crate::input::error_log::{Cause, Phase};
use crate::rules::evidence::{
    cited, location_entry, peer, prefix, provenance, scope_of, setting, through_pass,
};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-timed-out",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "The backend did not answer within the timeout in effect: 504",
        explanation: "Each phase of talking to a backend has its own timeout: connecting (and the TLS \
                      handshake) `proxy_connect_timeout`, sending the request `proxy_send_timeout`, reading \
                      the response `proxy_read_timeout` (between two reads, not for the whole response), 60s \
                      each by default, and the same with `grpc_`, `fastcgi_`, `uwsgi_`, `scgi_`. The finding \
                      points at the one in effect where the request was handled, wherever it was set.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    location /up {
        proxy_pass http://127.0.0.1:9005;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    location /up {
        proxy_pass http://127.0.0.1:9005;
        proxy_send_timeout 120s;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *17 upstream timed out (110: Connection timed out) while sending request to upstream, client: 127.0.0.1, server: , request: "POST /up HTTP/1.1", upstream: "http://127.0.0.1:9005/up", host: "localhost"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for (d, routed, pass) in through_pass(cx, |c| *c == Cause::UpstreamTimedOut) {
        let Some(phase) = d.event.phase.as_ref() else {
            continue;
        };
        let Some(which) = phase.upstream_timeout() else {
            continue;
        };
        let Some(scope) = scope_of(model, routed) else {
            continue;
        };
        let name = format!("{}{which}", prefix(model, pass));
        let current = setting(model, scope, &name);
        let at = current
            .as_ref()
            .map_or_else(|| location_entry(routed), |(e, _)| *e);
        let doing = match which {
            _ if *phase == Phase::SslHandshakingToUpstream => "finish the TLS handshake",
            "connect_timeout" => "accept the connection",
            "send_timeout" => "take the request",
            _ => "answer",
        };
        let message = format!(
            "{} did not {doing} within {name} ({}) while nginx was {phase}: the client got 504 ({})",
            peer(d.event),
            provenance(model, current.as_ref(), at, "60s"),
            cited(model, d, routed)
        );
        out.push(cx.log_finding(&RULE.meta, at, message, None, d));
    }
}
