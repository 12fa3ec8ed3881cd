//! The log and the config disagree: the log names a server or an upstream
//! (or, at start, a host) that this config does not have. The log was
//! probably written by another config (or another version of this one), so
//! nothing here is blamed for it: one finding says so, with every line.

use crate::analysis::context::Context;
use crate::analysis::diagnose::Place;
use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::upstream_not_resolved::naming;
use crate::rules::{Category, Finding, LogEvidence, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "error-log-mismatch",
        severity: Severity::Warning,
        category: Category::Hygiene,
        summary: "The error log names servers or upstreams this config does not have",
        explanation: "nginx logs the first `server_name` of the server that handled a request and the \
                      upstream it talked to. When no server here has that name, or the location a request \
                      reaches sends nowhere near the logged upstream, the log was written by another config \
                      (another file of the same nginx, another host, an older version): confine blames no \
                      line for those events. Give the config that wrote the log, all of it (`nginx -T` \
                      prints it).",
        docs: "https://nginx.org/en/docs/http/request_processing.html",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    server_name shop.example;
    location / { proxy_pass http://127.0.0.1:9000; }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    server_name api.internal;
    location / { proxy_pass http://10.0.2.10:8080; }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.1.7, server: api.internal, request: "GET /v1/x HTTP/1.1", upstream: "http://10.0.2.10:8080/v1/x", host: "api.internal"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let mut found: Vec<(&crate::analysis::diagnose::Diagnosis<'_>, String)> = Vec::new();
    for d in cx.events(|_| true) {
        match (&d.place, &d.event.cause) {
            (Place::Mismatch(why), _) => found.push((d, why.clone())),
            (Place::Global, Cause::HostNotFound { host: Some(host) })
                if naming(model, host).is_empty() =>
            {
                found.push((
                    d,
                    format!("no upstream server or *_pass here names \"{host}\""),
                ));
            }
            _ => {}
        }
    }
    let Some((first, why)) = found.first() else {
        return;
    };
    let at = model
        .named("server")
        .iter()
        .copied()
        .find(|&s| {
            model.entries[s]
                .opens
                .is_some_and(|o| model.scopes[o].context == Context::HttpServer)
        })
        .or_else(|| (!model.entries.is_empty()).then_some(0));
    let Some(at) = at else {
        return;
    };
    let more = match found.len() {
        1 => String::new(),
        n => {
            let lines: Vec<String> = found[1..]
                .iter()
                .take(5)
                .map(|(d, _)| d.event.line.to_string())
                .collect();
            let rest = if n - 1 > 5 {
                format!(" and {} more", n - 6)
            } else {
                String::new()
            };
            if n == 2 {
                format!("; so does line {}", lines[0])
            } else {
                format!("; so do lines {}{rest}", lines.join(", "))
            }
        }
    };
    let message = format!(
        "the error log does not match this config: line {} ({}) says {}, but {why}{more}; was the \
         log written by another config?",
        first.event.line,
        first.event.cause.id(),
        logged(first.event),
    );
    let mut f = cx.finding(&RULE.meta, at, message, None);
    let mut evidence = LogEvidence::of(first);
    evidence.events = found.iter().map(|(d, _)| d.index).collect();
    f.log = Some(evidence);
    out.push(f);
}

/// What a line names: `server "api.internal", upstream "grpc://10.0.2.10:8080"`.
fn logged(e: &crate::input::error_log::Event) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &e.server {
        parts.push(format!("server \"{s}\""));
    }
    if let Some(r) = &e.request {
        parts.push(format!("request \"{}\"", r.raw));
    }
    if let Some(u) = &e.upstream {
        parts.push(format!("upstream \"{}\"", u.raw));
    }
    if parts.is_empty() {
        return format!("\"{}\"", e.message);
    }
    parts.join(", ")
}
