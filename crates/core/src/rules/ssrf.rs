//! A `proxy_pass` (or `fastcgi_pass`, `grpc_pass`...) whose scheme or host
//! comes from the client, in a location clients reach: nginx connects
//! wherever the request says. gixy's `ssrf`.

use crate::analysis::context::Context;
use crate::analysis::model::{EntryId, Model};
use crate::analysis::variables::{Definer, Protocol, Resolved, Use, UseKind};
use crate::diagnostic::Severity;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "ssrf",
        severity: Severity::Error,
        category: Category::Security,
        summary: "the host nginx proxies to comes from the request",
        explanation: "When the scheme or host of `proxy_pass` (or `fastcgi_pass`, `uwsgi_pass`, `scgi_pass`, \
                      `grpc_pass`) is a query argument, a header, or a capture of the URI, the client names the \
                      server nginx connects to: internal services behind the firewall, `127.0.0.1`, the cloud \
                      metadata endpoint `169.254.169.254` with its credentials, and nginx hands back the answer. \
                      Proxy to a fixed host or `upstream` and pass the client's choice in the path, map it \
                      through a `map` of allowed backends, or mark the location `internal` when only \
                      `X-Accel-Redirect` or `error_page` reach it.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass",
        #[cfg(feature = "rule-docs")]
        bad: "http {\n    resolver 127.0.0.53;\n    server {\n        listen 80;\n        location /fetch {\n            proxy_pass http://$arg_host;\n        }\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        good: "http {\n    server {\n        listen 80;\n        location /fetch {\n            proxy_pass http://127.0.0.1:8080/$arg_host;\n        }\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

const PASSES: [&str; 5] = [
    "proxy_pass",
    "fastcgi_pass",
    "uwsgi_pass",
    "scgi_pass",
    "grpc_pass",
];

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for pass in PASSES {
        for &id in model.named(pass).iter() {
            let e = &model.entries[id];
            if !matches!(e.context, Context::HttpLocation | Context::HttpLif) || internal(model, id)
            {
                continue;
            }
            let Some(token) = e.args().next() else {
                continue;
            };
            let value = e.tree.value(token);
            if !value.contains(&b'$') {
                continue;
            }
            let Some(message) = client_target(cx, id, &value, pass, 0) else {
                continue;
            };
            let mut f = cx.finding(&RULE.meta, id, message, None);
            f.span = token.span();
            out.push(f);
        }
    }
}

/// The message when the scheme or host part of the target (up to the
/// first `/`, `?` or `#` after `scheme://`) holds a variable the client
/// can make any host name (in the scheme too: `http://evil/?` there
/// replaces the whole URL). A variable set once by `set` is read as its value, so that
/// `set $t http://api.local/$arg_p; proxy_pass $t;` keeps its fixed host.
fn client_target(
    cx: &RuleContext<'_, '_>,
    id: EntryId,
    value: &[u8],
    pass: &str,
    depth: u8,
) -> Option<String> {
    let model = cx.model;
    let vars = cx.variables();
    let scheme_end = value
        .windows(3)
        .position(|w| w == b"://")
        .filter(|&at| !value[..at].iter().any(|b| matches!(b, b'/' | b'?' | b'#')));
    let (scheme, rest) = match scheme_end {
        Some(at) => (&value[..at], &value[at + 3..]),
        None => (&value[..0], value),
    };
    let host_len = rest
        .iter()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let host = &rest[..host_len];
    let look = |script: &[u8], in_scheme: bool| {
        let mut found: Option<String> = None;
        vars.script_uses(Protocol::Http, id, script, |u: &Use<'_>| {
            if found.is_some() || !matches!(u.kind, UseKind::Script | UseKind::Capture) {
                return;
            }
            if u.kind == UseKind::Script && depth < 8 {
                if let Some(Resolved::Defined([d])) = vars.resolve(Protocol::Http, u.name) {
                    if d.definer == Definer::Set {
                        let e = &model.entries[d.entry];
                        if let Some(t) = e.args().nth(1) {
                            let set_value = e.tree.value(t);
                            found = client_target(cx, d.entry, &set_value, pass, depth + 1);
                            return;
                        }
                    }
                }
            }
            let p = vars.use_properties(model, u);
            if p.client && p.host {
                let name = String::from_utf8_lossy(u.name);
                found = Some(if in_scheme {
                    format!(
                        "the scheme of {pass} is ${name}, which the client picks: an attacker makes nginx \
                         request any server it can reach, internal ones and cloud metadata included, and \
                         reads the answer"
                    )
                } else {
                    format!(
                        "the host of {pass} is ${name}, which the client picks: an attacker makes nginx \
                         request any server it can reach, internal ones and cloud metadata included, and \
                         reads the answer"
                    )
                });
            }
        });
        found
    };
    look(scheme, true).or_else(|| look(host, false))
}

/// Whether the nearest location around the entry is one only nginx
/// itself reaches: named (`@x`) or `internal`.
fn internal(model: &Model<'_>, id: EntryId) -> bool {
    let mut scope = Some(model.entries[id].scope);
    while let Some(s) = scope {
        if let Some(opener) = model.scopes[s].opener {
            let o = &model.entries[opener];
            if &*o.name == b"location" {
                let named = model
                    .first_arg_bytes(opener)
                    .is_some_and(|a| a.starts_with(b"@"));
                return named || model.members_named(s, "internal").next().is_some();
            }
        }
        scope = model.scopes[s].parent;
    }
    false
}
