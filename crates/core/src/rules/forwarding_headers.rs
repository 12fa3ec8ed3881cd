//! Proxied requests without the usual forwarding headers.
//!
//! By default nginx sends `Host: $proxy_host` (the upstream's name, not the
//! client's host) and no client address at all: the backend sees nginx's
//! address and the upstream name. Whether that is wrong depends on the
//! backend, so this is information, and the fix is only a suggestion.

use crate::hash::FastSet;

use crate::diagnostic::Severity;
use crate::fix::{Applicability, Fix};
use crate::rules::shared::insert_headers;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "proxy-forwarding-headers",
        severity: Severity::Info,
        category: Category::Protocol,
        summary: "proxied without Host / X-Real-IP / X-Forwarded-For / X-Forwarded-Proto",
        explanation: "Unless told otherwise nginx sends the backend `Host: $proxy_host` (the name in \
                      `proxy_pass`, not the host the client asked for), `Connection: close`, and nothing about \
                      the client: the backend logs nginx's address and builds redirects for the wrong host and \
                      scheme. The suggested fix adds `Host $host`, `X-Real-IP $remote_addr`, `X-Forwarded-For \
                      $proxy_add_x_forwarded_for` and `X-Forwarded-Proto $scheme` beside the headers already in \
                      effect. It changes what the backend sees, so `confine fix` applies it only when asked.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    location / {
        proxy_pass http://127.0.0.1:8080;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    location / {
        proxy_pass http://127.0.0.1:8080;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

/// Each header, and the line that sets it.
const HEADERS: [(&str, &str); 4] = [
    ("Host", "proxy_set_header Host $host;"),
    ("X-Real-IP", "proxy_set_header X-Real-IP $remote_addr;"),
    (
        "X-Forwarded-For",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    ),
    (
        "X-Forwarded-Proto",
        "proxy_set_header X-Forwarded-Proto $scheme;",
    ),
];

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let mut seen = FastSet::default();
    for pass in cx.proxy_passes() {
        let in_effect = model.in_effect(pass.scope, "proxy_set_header");
        // One finding per header list: locations sharing a server's list share it.
        if !seen.insert(in_effect.level.unwrap_or(pass.scope)) {
            continue;
        }
        // The headers set here, read once for the four names.
        let set: Vec<_> = in_effect
            .entries
            .iter()
            .filter_map(|&e| model.first_arg_bytes(e))
            .collect();
        let missing: Vec<(&str, &str)> = HEADERS
            .iter()
            .copied()
            .filter(|(name, _)| !set.iter().any(|h| h.eq_ignore_ascii_case(name.as_bytes())))
            .collect();
        if missing.is_empty() {
            continue;
        }
        // Plain concatenation: on a large config this rule writes a message
        // per location, and `format!` was half of its time.
        let lines: Vec<&str> = missing.iter().map(|(_, line)| *line).collect();
        let names = missing
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<&str>>()
            .join(", ");
        let fix = insert_headers(model, &in_effect, pass.entry, &lines).map(|edit| Fix {
            description: ["set ", &names].concat(),
            applicability: Applicability::Suggestion,
            edits: vec![edit],
        });
        out.push(
            cx.finding(
                &RULE.meta,
                pass.entry,
                [
                    "proxied without ",
                    &names,
                    ": the backend sees nginx, not the client",
                ]
                .concat(),
                fix,
            ),
        );
    }
}
