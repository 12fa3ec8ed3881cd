//! `http2 on;` exists from nginx 1.25.1; older versions refuse to start.

use crate::analysis::context::Context;
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::options::Version;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "http2-directive-unsupported",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "`http2 on;` on an nginx older than 1.25.1",
        explanation: "The `http2` directive appeared in nginx 1.25.1; older versions stop at start-up with \
                      `unknown directive \"http2\"`. There, HTTP/2 is the `http2` parameter of `listen`. The fix \
                      removes the directive and adds `http2` to the server's TLS `listen` lines (a cleartext \
                      `listen ... http2` would accept only HTTP/2 with prior knowledge, so those are left alone).",
        docs: "https://nginx.org/en/docs/http/ngx_http_v2_module.html#http2",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 443 ssl;
    http2 on;
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 443 ssl http2;
}
"#,
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let version = cx.options.nginx_version;
    if version >= Version::HTTP2_DIRECTIVE {
        return;
    }
    for &id in model.named("http2").iter() {
        let e = &model.entries[id];
        if !e.context.is_http() {
            continue;
        }
        let tree = &model.set.files[e.file].tree;
        let mut edits = vec![style::remove(tree, e.file, e.directive)];
        let on = model
            .first_arg(id)
            .is_some_and(|v| v.eq_ignore_ascii_case("on"));
        if on && e.context == Context::HttpServer {
            for l in model.members_named(e.scope, "listen") {
                let args = model.args(l);
                let tls = args.iter().any(|a| a.as_ref() == b"ssl");
                let has = args.iter().any(|a| a.as_ref() == b"http2");
                if tls && !has {
                    let le = &model.entries[l];
                    if let Some(last) = le.args().last() {
                        edits.push(style::replace(
                            le.file,
                            crate::span::Span::empty(last.span().end),
                            " http2",
                        ));
                    }
                }
            }
        }
        out.push(cx.finding(
            &RULE.meta,
            id,
            format!("nginx {version} does not know \"http2 on;\" (1.25.1+): it refuses to start"),
            Some(Fix {
                description: "use `listen ... ssl http2` instead".into(),
                applicability: Applicability::Safe,
                edits,
            }),
        ));
    }
}
