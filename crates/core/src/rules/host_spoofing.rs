//! `proxy_set_header Host $http_host` (or a query argument, a cookie, any
//! value the client picks) sends the backend whatever Host the client
//! wrote, where `$host` is the name nginx checked and chose the server by.
//! gixy's `host_spoofing`.

use crate::analysis::variables::{Use, UseKind};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "host-spoofing",
        severity: Severity::Warning,
        category: Category::Security,
        summary: "the Host sent to the backend is one the client picks (`$http_host`, an argument, a cookie)",
        explanation: "`$http_host` is the Host header exactly as the client sent it, also when nginx chose the \
                      server by another name (the default server, a wildcard, the request line's absolute URI). \
                      The backend builds absolute links, password-reset mails, redirects and cache keys from \
                      Host, so an attacker who sends `Host: evil.example` gets links to their own site served \
                      or cached for others. `$host` is the name nginx validated and matched (lower-cased, \
                      without the port); the fix uses it, so a backend that needs the port must get it from \
                      `$server_port` or `X-Forwarded-Port`.",
        docs: "https://nginx.org/en/docs/http/ngx_http_core_module.html#var_host",
        #[cfg(feature = "rule-docs")]
        bad: "http {\n    server {\n        listen 80;\n        location / {\n            proxy_set_header Host $http_host;\n            proxy_pass http://127.0.0.1:8080;\n        }\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        good: "http {\n    server {\n        listen 80;\n        location / {\n            proxy_set_header Host $host;\n            proxy_pass http://127.0.0.1:8080;\n        }\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let vars = cx.variables();
    vars.for_each_use(model, |u: &Use<'_>| {
        if !matches!(u.kind, UseKind::Script | UseKind::Capture) {
            return;
        }
        let e = &model.entries[u.entry];
        if !matches!(&*e.name, b"proxy_set_header" | b"grpc_set_header") {
            return;
        }
        let header = e.args().next().map(|t| e.tree.value(t));
        if !header.is_some_and(|h| h.eq_ignore_ascii_case(b"host")) {
            return;
        }
        if !vars.use_properties(model, u).host {
            return;
        }
        let name = String::from_utf8_lossy(u.name).to_ascii_lowercase();
        let source = match name.as_str() {
            "http_host" => "the Host header as the client sent it".to_string(),
            "http_x_forwarded_host" => "the X-Forwarded-Host header the client sent".to_string(),
            _ if name.starts_with("arg_") => "a query argument".to_string(),
            _ if name.starts_with("cookie_") => "a cookie".to_string(),
            _ if name.starts_with("http_") => "a request header".to_string(),
            _ => "a value the client picks".to_string(),
        };
        let message = format!(
            "the backend's Host is ${}, {source}: an attacker sends any host and gets links, redirects and \
             cached pages that point to it",
            String::from_utf8_lossy(u.name)
        );
        let fix = (u.kind == UseKind::Script && name == "http_host")
            .then(|| {
                let text = e.tree.text(u.span);
                let braced = text.starts_with(b"${");
                let exact = text.len() == u.name.len() + if braced { 3 } else { 1 };
                exact.then(|| Fix {
                    description: "use `$host`, the name nginx checked (without the port)".into(),
                    applicability: Applicability::Safe,
                    edits: vec![style::replace(
                        e.file,
                        u.span,
                        if braced { "${host}" } else { "$host" },
                    )],
                })
            })
            .flatten();
        let mut f = cx.finding(&RULE.meta, u.entry, message, fix);
        f.span = u.span;
        out.push(f);
    });
}
