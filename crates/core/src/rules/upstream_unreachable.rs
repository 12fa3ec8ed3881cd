//! nginx could not connect to the backend: nothing listens there (111), the
//! host cannot be reached (113 and other `connect()` errors), or the unix
//! socket is missing (2) or closed to nginx's worker user (13). No config
//! change is sure to fix it; the finding points at the upstream `server`
//! line (or the `*_pass`) that names the address.

use crate::diagnostic::Severity;
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, peer, through_pass};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-unreachable",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "nginx cannot connect to the backend this line names: 502",
        explanation: "`connect() failed (111: Connection refused)` means nothing listens at the address and \
                      port (the backend is down, or the config names the wrong port); `113: No route to host` \
                      and other `connect()` errors mean the host cannot be reached; `connect() to unix:PATH \
                      failed` with `2: No such file or directory` means the socket does not exist, with `13: \
                      Permission denied` that nginx's worker user may not open it. The finding points at the \
                      line naming that address; whether the backend or the line is wrong, only you know.",
        docs: "https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    location / {
        proxy_pass http://unix:/run/app/app.sock:/;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    location / {
        # the socket is group www-data, mode 660: nginx's worker may open it
        proxy_pass http://unix:/run/app/app.sock:/;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [crit] 1886#1886: *14 connect() to unix:/run/app/app.sock failed (13: Permission denied) while connecting to upstream, client: 127.0.0.1, server: , request: "GET /x HTTP/1.1", upstream: "http://unix:/run/app/app.sock:/x", host: "localhost"
"#,
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let unreachable = |c: &Cause| {
        matches!(
            c,
            Cause::ConnectionRefused { .. }
                | Cause::NoRouteToHost { .. }
                | Cause::ConnectFailed { .. }
                | Cause::SocketNotFound { .. }
                | Cause::SocketPermissionDenied { .. }
        )
    };
    for (d, routed, pass) in through_pass(cx, unreachable) {
        let at = routed.peer.unwrap_or(pass);
        let address = peer(d.event);
        let os = d
            .event
            .os_error
            .as_ref()
            .map_or(String::new(), |e| format!(" ({}: {})", e.code, e.text));
        let what = match &d.event.cause {
            Cause::ConnectionRefused { .. } => format!(
                "nothing listens at {address} (connection refused): the backend is down, or this \
                 names the wrong port"
            ),
            Cause::NoRouteToHost { .. } => format!(
                "{address} cannot be reached (no route to host): the host is down, or a firewall \
                 rejects nginx"
            ),
            Cause::SocketNotFound { path } => format!(
                "the unix socket {path} does not exist: the backend is not running, or the path is \
                 wrong"
            ),
            Cause::SocketPermissionDenied { path } => format!(
                "nginx's worker user may not open the unix socket {path} (permission denied): the \
                 socket's owner, group or mode, a directory on its path, or the `user` nginx runs as"
            ),
            _ => format!("nginx cannot connect to {address}{os}"),
        };
        let message = format!("{what}; nginx answers 502 ({})", cited(model, d, routed));
        out.push(cx.log_finding(&RULE.meta, at, message, None, d));
    }
}
