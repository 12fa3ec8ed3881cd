//! `keepalive` also needs the `Connection` header cleared.
//!
//! nginx before 1.29.7 sends `Connection: close` to upstreams unless
//! `proxy_set_header Connection "";` is in effect, and the backend then closes
//! the connection after each response. `proxy_set_header` is inherited all or
//! nothing, so a location that sets any header of its own loses a
//! `Connection ""` set at `server` or `http`. The WebSocket recipe
//! `map $http_upgrade $connection_upgrade { default upgrade; '' close; }`
//! sends `close` on every ordinary request, on every nginx version; mapping
//! `''` to `''` keeps WebSockets working and the pool too.

use crate::hash::FastSet;

use crate::analysis::model::{EntryId, Model};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::options::Version;
use crate::rules::shared::{add_header_lines, header_named, keepalive};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "keepalive-connection-close",
        severity: Severity::Warning,
        category: Category::Protocol,
        summary: "a `keepalive` upstream receives `Connection: close`",
        explanation: "Before nginx 1.29.7, nginx sends `Connection: close` to upstreams unless \
                      `proxy_set_header Connection \"\";` is in effect where the request is proxied, so the \
                      backend closes every connection and the `keepalive` pool is never reused. \
                      `proxy_set_header` is inherited only when the inner level sets none of its own, so one \
                      header set in a location drops the `Connection \"\"` of the server. A WebSocket map that \
                      sends `close` for ordinary requests (`'' close;`) defeats the pool on every version: map \
                      `''` to `''` instead.",
        docs: "https://nginx.org/en/docs/http/ngx_http_upstream_module.html#keepalive",
        #[cfg(feature = "rule-docs")]
        bad: r#"upstream app { server 127.0.0.1:3000; keepalive 4; }
server {
    location / {
        proxy_pass http://app;
        proxy_set_header Connection close;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"upstream app { server 127.0.0.1:3000; keepalive 4; }
server {
    location / {
        proxy_pass http://app;
        proxy_set_header Connection "";
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let old_default = cx.options.nginx_version < Version::UPSTREAM_KEEPALIVE_DEFAULT;
    let mut seen = FastSet::default();
    for pass in cx.proxy_passes() {
        let Some(upstream) = pass.upstream else {
            continue;
        };
        if keepalive(model, upstream).is_none() {
            continue;
        }
        let pool = model.first_arg(upstream).unwrap_or_default();
        let headers = model.in_effect(pass.scope, "proxy_set_header");
        let Some(connection) = header_named(model, &headers.entries, "connection") else {
            if old_default && seen.insert(("missing", pass.scope)) {
                let fix = add_header_lines(
                    model,
                    pass.scope,
                    pass.entry,
                    &["proxy_set_header Connection \"\";"],
                )
                .map(|edit| Fix {
                    description: "add `proxy_set_header Connection \"\";`".into(),
                    applicability: Applicability::Safe,
                    edits: vec![edit],
                });
                let message = if let Some(outer) =
                    shadowed_connection(model, pass.scope, headers.level)
                {
                    let line = model.set.files[model.entries[outer].file]
                        .tree
                        .position(model.entries[outer].directive.name.span().start)
                        .line;
                    format!(
                        "upstream \"{pool}\" has keepalive, but nginx sends \"Connection: close\" here: \
                         this block's own proxy_set_header lines replace the Connection header set on line {line}"
                    )
                } else {
                    format!(
                        "upstream \"{pool}\" has keepalive, but nginx {} sends \"Connection: close\" here: \
                         add proxy_set_header Connection \"\"",
                        cx.options.nginx_version
                    )
                };
                out.push(cx.finding(&RULE.meta, pass.entry, message, fix));
            }
            continue;
        };
        let value_token = model.entries[connection].args().nth(1).copied();
        let value = model
            .args(connection)
            .get(1)
            .map(|v| String::from_utf8_lossy(v).into_owned());
        match value.as_deref() {
            Some(v) if v.eq_ignore_ascii_case("close") => {
                if !seen.insert(("close", connection)) {
                    continue;
                }
                let e = &model.entries[connection];
                let fix = value_token.map(|t| Fix {
                    description: "send an empty Connection header instead of `close`".into(),
                    applicability: Applicability::Safe,
                    edits: vec![style::replace(e.file, t.span(), "\"\"")],
                });
                out.push(cx.finding(
                    &RULE.meta,
                    connection,
                    format!("upstream \"{pool}\" has keepalive, but this sends \"Connection: close\" to it"),
                    fix,
                ));
            }
            Some(v) if v.starts_with('$') => {
                let var = v
                    .trim_start_matches('$')
                    .trim_start_matches('{')
                    .trim_end_matches('}');
                let Some((map, entry)) = close_entry_of_map(model, var) else {
                    continue;
                };
                if !seen.insert(("map", entry)) {
                    continue;
                }
                let e = &model.entries[entry];
                let fix = if feeds_only_connection(model, var, map) {
                    e.args().next().map(|t| Fix {
                        description: "map '' to '' so ordinary requests keep the connection".into(),
                        applicability: Applicability::Safe,
                        edits: vec![style::replace(e.file, t.span(), "''")],
                    })
                } else {
                    None
                };
                out.push(cx.finding(
                    &RULE.meta,
                    entry,
                    format!(
                        "${var} is \"close\" for every request without Upgrade, so upstream \"{pool}\" \
                         (keepalive) gets \"Connection: close\"; map '' to '' instead"
                    ),
                    fix,
                ));
            }
            _ => {}
        }
    }
}

/// A `proxy_set_header Connection ...` at a level outside `level` that the
/// all-or-nothing inheritance throws away at `scope`.
fn shadowed_connection(model: &Model<'_>, scope: usize, level: Option<usize>) -> Option<EntryId> {
    let level = level?;
    model
        .inheritance_chain(scope)
        .skip_while(|&s| s != level)
        .skip(1)
        .find_map(|outer| {
            let entries: Vec<EntryId> = model.members_named(outer, "proxy_set_header").collect();
            header_named(model, &entries, "connection")
        })
}

/// The `map ... $var {}` block and its `'' close;` entry, if it has one.
fn close_entry_of_map(model: &Model<'_>, var: &str) -> Option<(EntryId, EntryId)> {
    let target = format!("${var}");
    let (map, scope) = model.named("map").iter().find_map(|&id| {
        let defines = model
            .args(id)
            .get(1)
            .is_some_and(|a| a.as_ref() == target.as_bytes());
        defines.then_some((id, model.entries[id].opens?))
    })?;
    let entry = model.members(scope).iter().copied().find(|&m| {
        model.entries[m].name.is_empty()
            && model
                .first_arg(m)
                .is_some_and(|v| v.eq_ignore_ascii_case("close"))
    })?;
    Some((map, entry))
}

/// Whether `$var` is used only as the value of `Connection` headers, so that
/// changing what the map gives for `''` cannot affect anything else.
fn feeds_only_connection(model: &Model<'_>, var: &str, map: EntryId) -> bool {
    let plain = format!("${var}");
    let braced = format!("${{{var}}}");
    model.entries.iter().enumerate().all(|(id, e)| {
        if id == map {
            return true;
        }
        let args = model.args(id);
        let uses = args.iter().any(|a| {
            let a = String::from_utf8_lossy(a);
            a.contains(&braced) || uses_var(&a, &plain)
        });
        if !uses {
            return true;
        }
        let header = matches!(e.name.as_ref(), b"proxy_set_header" | b"grpc_set_header");
        header
            && model
                .first_arg(id)
                .is_some_and(|h| h.eq_ignore_ascii_case("connection"))
    })
}

/// `$name` used in `text`, not as a prefix of a longer variable name.
fn uses_var(text: &str, plain: &str) -> bool {
    text.match_indices(plain).any(|(i, _)| {
        text[i + plain.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
    })
}
