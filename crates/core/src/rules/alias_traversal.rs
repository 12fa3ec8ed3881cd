//! `alias` in a prefix location without a trailing slash: nginx swaps the
//! matched prefix for the alias and keeps the rest of the URI, so
//! `/files../` leaves the aliased directory. gixy's `alias_traversal`
//! (prefix locations; its regex-capture analysis is not repeated here).

use crate::analysis::location::{Location, Modifier};
use crate::analysis::model::{EntryId, Model};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};
use crate::span::Span;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "alias-traversal",
        severity: Severity::Error,
        category: Category::Security,
        summary: "`alias` in a location whose prefix has no trailing slash: `..` escapes the directory",
        explanation: "For `location /files { alias /srv/data/; }` nginx replaces the matched `/files` with \
                      `/srv/data/` and keeps the rest of the URI, so `/files../secret` becomes \
                      `/srv/data/../secret`: the segment `files..` is not `..` to nginx's URI checks, but the \
                      file system resolves it, and any file beside the directory can be read. When the alias \
                      has no trailing slash either, `/filesX` maps to `/srv/dataX`: files and directories \
                      whose names start the same are served. End the location prefix with `/` (`location \
                      /files/`) so only paths inside the directory match; `/files` itself then no longer \
                      matches here, which is why the fix is a suggestion.",
        docs: "https://nginx.org/en/docs/http/ngx_http_core_module.html#alias",
        #[cfg(feature = "rule-docs")]
        bad: "server {\n    listen 80;\n    location /static {\n        alias /srv/static/;\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        good: "server {\n    listen 80;\n    location /static/ {\n        alias /srv/static/;\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for &id in model.named("alias").iter() {
        let e = &model.entries[id];
        let Some(opener) = model.scopes[e.scope].opener else {
            continue;
        };
        let Some(location) = Location::of(model, opener) else {
            continue;
        };
        if !matches!(location.modifier, Modifier::Prefix | Modifier::NoRegex)
            || location.path.ends_with('/')
        {
            continue;
        }
        let Some(alias) = model.first_arg(id) else {
            continue;
        };
        let prefix = &location.path;
        let (message, severity) = if alias.ends_with('/') {
            (
                format!(
                    "{} has no trailing slash but alias {alias} has: {prefix}../ maps to {alias}../, \
                     outside the aliased directory",
                    location.shown()
                ),
                Severity::Error,
            )
        } else {
            (
                format!(
                    "{} has no trailing slash: {prefix}X maps to {alias}X, so files whose names start \
                     like {alias} are served too",
                    location.shown()
                ),
                Severity::Warning,
            )
        };
        // The slash goes on the location only when the alias has one: with
        // none, `/files/x` would become `/srv/datax`.
        let fix = alias
            .ends_with('/')
            .then(|| slash_fix(model, opener))
            .flatten();
        let mut finding = cx.finding(&RULE.meta, id, message, fix);
        finding.severity = severity;
        out.push(finding);
    }
}

/// Add `/` at the end of the location's path, inside its quotes if any.
fn slash_fix(model: &Model<'_>, location: EntryId) -> Option<Fix> {
    let e = &model.entries[location];
    if model.repeats(e.file) {
        return None;
    }
    let token = e.args().last()?;
    let span = token.span();
    let raw = e.tree.source().get(span.start..span.end)?;
    let quoted = matches!(raw.last(), Some(b'"' | b'\'')) && raw.len() > 1;
    let at = if quoted { span.end - 1 } else { span.end };
    Some(Fix {
        description: "end the location prefix with `/`".into(),
        applicability: Applicability::Suggestion,
        edits: vec![style::replace(e.file, Span::empty(at), "/")],
    })
}
