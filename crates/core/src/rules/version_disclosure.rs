//! `server_tokens on` (nginx's default) names the nginx version in every
//! error page and `Server` header: an attacker learns which CVEs apply
//! without probing. gixy's `version_disclosure`.

use crate::analysis::context::Context;
use crate::analysis::model::{EntryId, Model};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Edit, Fix};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "version-disclosure",
        severity: Severity::Warning,
        category: Category::Security,
        summary: "nginx tells every client its version (`server_tokens` on, or not set)",
        explanation: "With `server_tokens on` (the default when it is not set) nginx puts its version in the \
                      `Server` response header and on every error page it generates, and `build` adds the \
                      build name. An attacker reads which known vulnerabilities apply from any 404 instead of \
                      probing for them. `server_tokens off;` sends just `nginx`; it is inherited, so once in \
                      `http` covers every server.",
        docs: "https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens",
        #[cfg(feature = "rule-docs")]
        bad: "http {\n    server {\n        listen 80;\n        server_tokens on;\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        good: "http {\n    server_tokens off;\n    server {\n        listen 80;\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for &id in model.named("server_tokens").iter() {
        let e = &model.entries[id];
        if !matches!(
            e.context,
            Context::Http | Context::HttpServer | Context::HttpLocation
        ) {
            continue;
        }
        let Some(value) = model.first_arg(id) else {
            continue;
        };
        let message = match value.as_ref() {
            "on" => "server_tokens on: every error page and Server header tells an attacker the nginx version",
            "build" => {
                "server_tokens build: every error page and Server header tells an attacker the nginx version and build"
            }
            _ => continue,
        };
        let fix = e.args().next().map(|t| Fix {
            description: "use `server_tokens off;`".into(),
            applicability: Applicability::Safe,
            edits: vec![style::replace(e.file, t.span(), "off")],
        });
        out.push(cx.finding(&RULE.meta, id, message.into(), fix));
    }
    for &http in model.named("http").iter() {
        let Some(scope) = model.entries[http].opens else {
            continue;
        };
        if model.members_named(scope, "server_tokens").next().is_some() {
            continue;
        }
        let exposed = model.members_named(scope, "server").any(|server| {
            model.entries[server]
                .opens
                .is_some_and(|s| !model.in_effect(s, "server_tokens").is_set())
        });
        if !exposed {
            continue;
        }
        let fix = insert(model, http, scope).map(|edit| Fix {
            description: "add `server_tokens off;` to `http`".into(),
            applicability: Applicability::Safe,
            edits: vec![edit],
        });
        out.push(cx.finding(
            &RULE.meta,
            http,
            "server_tokens is not set, so it is on: every error page and Server header tells an attacker \
             the nginx version"
                .into(),
            fix,
        ));
    }
}

/// `server_tokens off;` before the first directive of `http` written in the
/// same file (not one an `include` brought in).
fn insert(model: &Model<'_>, http: EntryId, scope: usize) -> Option<Edit> {
    let file = model.entries[http].file;
    let first = model
        .members(scope)
        .iter()
        .map(|&m| &model.entries[m])
        .find(|m| m.file == file)?;
    Some(style::insert_before(
        first.tree,
        file,
        first.directive,
        "server_tokens off;",
    ))
}
