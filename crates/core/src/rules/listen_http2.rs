//! `listen ... http2` is deprecated from nginx 1.25.1 in favour of `http2 on;`.

use crate::hash::FastSet;

use crate::analysis::context::Context;
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::options::Version;
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "listen-http2-deprecated",
        severity: Severity::Info,
        category: Category::Protocol,
        summary: "`listen ... http2` is deprecated from nginx 1.25.1: use `http2 on;`",
        explanation: "From nginx 1.25.1 the `http2` parameter of `listen` is deprecated (nginx warns at start-up) \
                      and HTTP/2 is switched on per server with `http2 on;`. The fix removes the parameter and \
                      adds `http2 on;` after the server's `listen` lines. Earlier versions do not know `http2 on;`, \
                      so the finding appears only when the target version is 1.25.1 or later.",
        docs: "https://nginx.org/en/docs/http/ngx_http_v2_module.html#http2",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 443 ssl http2;
    server_name example.org;
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 443 ssl;
    http2 on;
    server_name example.org;
}
"#,
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    if cx.options.nginx_version < Version::HTTP2_DIRECTIVE {
        return;
    }
    let mut seen = FastSet::default();
    for &id in model.named("listen").iter() {
        let e = &model.entries[id];
        if e.context != Context::HttpServer || !seen.insert(e.scope) {
            continue;
        }
        let listens: Vec<usize> = model.members_named(e.scope, "listen").collect();
        let mut edits = Vec::new();
        for &l in &listens {
            let le = &model.entries[l];
            let tree = &model.set.files[le.file].tree;
            for arg in le.args().skip(1) {
                if tree.text(arg.span()) == b"http2" {
                    edits.push(style::remove_token(tree, le.file, arg.span()));
                }
            }
        }
        if edits.is_empty() {
            continue;
        }
        if model.members_named(e.scope, "http2").next().is_none() {
            let last = &model.entries[*listens.last().unwrap_or(&id)];
            let tree = &model.set.files[last.file].tree;
            edits.push(style::insert_after(
                tree,
                last.file,
                last.directive,
                "http2 on;",
            ));
        }
        let first = listens
            .iter()
            .copied()
            .find(|&l| model.args(l).iter().skip(1).any(|a| a.as_ref() == b"http2"))
            .unwrap_or(id);
        out.push(cx.finding(
            &RULE.meta,
            first,
            format!(
                "\"listen ... http2\" is deprecated on nginx {}: use \"http2 on;\"",
                cx.options.nginx_version
            ),
            Some(Fix {
                description: "move http2 from `listen` to `http2 on;`".into(),
                applicability: Applicability::Safe,
                edits,
            }),
        ));
    }
}
