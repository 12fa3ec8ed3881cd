//! The 502 itself: `grpc_pass` toward a backend that only speaks HTTP/1.1.
//!
//! `grpc_pass` opens an HTTP/2 connection (the client preface, then frames).
//! An HTTP/1.1 server answers `HTTP/1.1 400 Bad Request` in plain text; nginx
//! reads those bytes as an HTTP/2 frame header and fails (`upstream sent too
//! large http2 frame`, `upstream sent invalid header`, or a reset), and every
//! request gets 502. Real gRPC locations are never flagged: the rule needs
//! evidence that the backend is plain HTTP.

use crate::hash::{FastMap, FastSet};

use crate::analysis::context::Context;
use crate::analysis::directives;
use crate::analysis::location::{
    enclosing_location, is_grpc_path, location_path, Location, Modifier,
};
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Edit, Fix};
use crate::input::error_log::Cause;
use crate::options::{Backend, Version};
use crate::rules::evidence::cited;
use crate::rules::shared::{
    add_header_lines, comments_of, header_named, keepalive, says_http1, Pass,
};
use crate::rules::{Category, Finding, LogEvidence, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "grpc-to-http1-backend",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "`grpc_pass` speaks HTTP/2 to a backend that only speaks HTTP/1.1: every request gets 502",
        explanation: "`grpc_pass` talks gRPC, which is HTTP/2, to the backend. A backend that only speaks \
                      HTTP/1.1 answers the HTTP/2 preface with a plain-text error; nginx cannot read it as an \
                      HTTP/2 frame, logs `upstream sent too large http2 frame` or `upstream sent invalid header`, \
                      and answers 502 Bad Gateway to every request. The fix proxies with `proxy_pass http://...` \
                      instead, turns each `grpc_*` directive of the location into its `proxy_*` counterpart, and, \
                      for a `keepalive` pool on nginx before 1.29.7, adds `proxy_http_version 1.1` and \
                      `proxy_set_header Connection \"\"`. confine flags a `grpc_pass` only with evidence: \
                      `--backend NAME=http1`, the same backend reached with `proxy_pass` elsewhere, a comment \
                      saying HTTP/1, an error-log line `upstream sent too large http2 frame` for it, or both a \
                      listener without HTTP/2 and a location path that is not a gRPC service path.",
        docs: "https://nginx.org/en/docs/http/ngx_http_grpc_module.html#grpc_pass",
        #[cfg(feature = "rule-docs")]
        bad: r#"upstream pool {
    server 10.0.2.10:8080;
}
server {
    listen 443 ssl http2;
    location = /v1/ingest {
        grpc_pass grpc://pool;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"upstream pool {
    server 10.0.2.10:8080;
}
server {
    listen 443 ssl http2;
    location = /v1/ingest {
        proxy_pass http://pool;
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
    let proxied = cx.proxy_passes();
    // The first proxy_pass to each backend (see `same_backend`), found by
    // key: a scan of every proxy_pass per grpc_pass was quadratic.
    let mut by_upstream: FastMap<EntryId, &Pass> = FastMap::default();
    let mut by_key: FastMap<&str, &Pass> = FastMap::default();
    for p in proxied {
        match p.upstream {
            Some(u) => {
                by_upstream.entry(u).or_insert(p);
            }
            None if !p.has_variables => {
                by_key.entry(p.key.as_str()).or_insert(p);
            }
            None => {}
        }
    }
    for pass in cx.grpc_passes() {
        if pass.has_variables {
            continue;
        }
        // The log proves what the config can only suggest: nginx read the
        // backend's HTTP/1.x answer as an HTTP/2 frame.
        let logged: Vec<_> = cx
            .events(|c| matches!(c, Cause::Http2FrameTooLarge { .. }))
            .filter(|d| d.routed().and_then(|r| r.pass) == Some(pass.entry))
            .collect();
        let hint = cx
            .options
            .backend(&pass.host)
            .or_else(|| cx.options.backend(&pass.key));
        if matches!(hint, Some(Backend::Grpc | Backend::H2c)) && logged.is_empty() {
            continue;
        }
        let location = enclosing_location(model, pass.scope);
        let path = location.and_then(|l| location_path(model, l));
        if path.as_deref().is_some_and(is_grpc_path) && hint.is_none() && logged.is_empty() {
            continue;
        }
        let mut strong = Vec::new();
        let mut weak = Vec::new();
        if let Some(d) = logged.first() {
            if let Some(routed) = d.routed() {
                strong.push(format!(
                    "{}: nginx read the answer as an HTTP/2 frame, \"{}\"",
                    cited(model, d, routed),
                    d.event.message,
                ));
            }
        }
        if hint == Some(Backend::Http1) {
            strong.push(format!("you said \"{}\" speaks HTTP/1.1", pass.key));
        }
        let same = match pass.upstream {
            Some(u) => by_upstream.get(&u),
            None => by_key.get(pass.key.as_str()),
        };
        if let Some(p) = same.filter(|p| same_backend(p, pass)) {
            strong.push(format!(
                "the same backend is reached with proxy_pass on line {}",
                line_of(model, p.entry)
            ));
        }
        let mut comments = comments_of(model, pass.entry);
        if let Some(up) = pass.upstream {
            comments.push_str(&comments_of(model, up));
        }
        if says_http1(&comments) {
            strong.push("a comment says it speaks HTTP/1".to_string());
        }
        if let Some(server) = model.ancestor_with_context(pass.scope, Context::HttpServer) {
            if !speaks_http2(model, server) {
                weak.push(
                    "its server does not accept HTTP/2, which every gRPC client needs".to_string(),
                );
            }
        }
        if let Some(path) = path.as_deref().filter(|p| *p != "/") {
            weak.push(format!(
                "\"{path}\" is not a gRPC service path (/package.Service/Method)"
            ));
        }
        // The incident's usual shape: an HTTP/2 server, `grpc_pass` in
        // `location /api/`. That path alone says no gRPC client calls here:
        // a warning whose fix is a suggestion until more evidence comes.
        let rest_only = strong.is_empty()
            && weak.len() == 1
            && location
                .and_then(|l| Location::of(model, l))
                .is_some_and(|l| cannot_be_grpc_path(&l));
        if strong.is_empty() && weak.len() < 2 && !rest_only {
            continue;
        }
        let evidence: Vec<String> = strong.into_iter().chain(weak).collect();
        let message = if rest_only {
            format!(
                "grpc_pass speaks gRPC (HTTP/2) to \"{}\" for requests no gRPC client sends ({}): \
                 if the backend speaks HTTP/1.1, every request gets 502 and nginx logs \
                 \"upstream sent too large http2 frame\"; the error log or --backend {}=http1|grpc \
                 decides",
                pass.key,
                evidence.join("; "),
                pass.key
            )
        } else {
            format!(
                "grpc_pass speaks HTTP/2 to \"{}\", which speaks HTTP/1.1: every request gets 502 ({})",
                pass.key,
                evidence.join("; ")
            )
        };
        let mut fix = fix(
            cx,
            pass,
            location
                .and_then(|l| model.entries[l].opens)
                .unwrap_or(pass.scope),
        );
        if rest_only {
            if let Some(f) = fix.as_mut() {
                f.applicability = Applicability::Suggestion;
            }
        }
        let mut finding = cx.finding(&RULE.meta, pass.entry, message, fix);
        if rest_only {
            finding.severity = Severity::Warning;
        }
        // One finding: every event after the first joins it (rules::run
        // merges findings of one rule at one place).
        for (i, d) in logged.iter().enumerate() {
            let mut f = finding.clone();
            f.log = Some(LogEvidence::of(d));
            if i > 0 {
                f.fix = None;
            }
            out.push(f);
        }
        if logged.is_empty() {
            out.push(finding);
        }
    }
}

/// A prefix or exact location whose first segment starts lowercase or
/// with a digit (`/api/`, `/v1/`): gRPC paths are `/package.Service/Method`.
fn cannot_be_grpc_path(location: &Location) -> bool {
    matches!(
        location.modifier,
        Modifier::Prefix | Modifier::NoRegex | Modifier::Exact
    ) && !is_grpc_path(&location.path)
        && location
            .path
            .strip_prefix('/')
            .and_then(|p| p.chars().next())
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

fn same_backend(proxy: &Pass, grpc: &Pass) -> bool {
    match (proxy.upstream, grpc.upstream) {
        (Some(a), Some(b)) => a == b,
        (None, None) => !proxy.has_variables && proxy.key == grpc.key,
        _ => false,
    }
}

/// Whether clients can speak HTTP/2 to this server (`listen ... http2` or `http2 on`).
fn speaks_http2(model: &Model<'_>, server: ScopeId) -> bool {
    let mut listens = model.members_named(server, "listen").peekable();
    if listens.peek().is_none() {
        // No listener written here: it may come from an include or a default; no evidence.
        return true;
    }
    let http2_param = listens.any(|l| {
        let e = &model.entries[l];
        let tree = &model.set.files[e.file].tree;
        e.args().skip(1).any(|t| tree.value(t).as_ref() == b"http2")
    });
    let http2_on = model
        .in_effect(server, "http2")
        .entries
        .last()
        .and_then(|&e| model.first_arg(e))
        .is_some_and(|v| v.eq_ignore_ascii_case("on"));
    http2_param || http2_on
}

fn line_of(model: &Model<'_>, entry: EntryId) -> usize {
    let e = &model.entries[entry];
    model.set.files[e.file]
        .tree
        .position(e.directive.name.span().start)
        .line
}

/// Turn the location into an HTTP/1.1 proxy: `grpc_pass` → `proxy_pass`,
/// every `grpc_*` → its `proxy_*` twin, and the keep-alive pair when needed.
fn fix(cx: &RuleContext<'_, '_>, pass: &Pass, location: ScopeId) -> Option<Fix> {
    let model = cx.model;
    let e = &model.entries[pass.entry];
    let arg = *e.args().next()?;
    let value = model.first_arg(pass.entry)?;
    let url = match value.split_once("://") {
        Some(("grpcs", rest)) => format!("https://{rest}"),
        Some((_, rest)) => format!("http://{rest}"),
        None => format!("http://{value}"),
    };
    let mut edits = vec![
        style::replace(e.file, e.directive.name.span(), "proxy_pass"),
        style::replace(e.file, arg.span(), url),
    ];
    // The grpc_* directives of the location and of its `if` / `limit_except` blocks.
    let mut converted_headers = Vec::new();
    let mut scopes = vec![location];
    let mut seen = FastSet::default();
    while let Some(scope) = scopes.pop() {
        for &m in model.members(scope) {
            let me = &model.entries[m];
            if let Some(child) = me.opens {
                if matches!(
                    model.scopes[child].context,
                    Context::HttpLif | Context::HttpLmt
                ) {
                    scopes.push(child);
                }
            }
            // Bytes first: a copy of every member's name was most of this
            // loop's allocations.
            let Some(rest) = me.name.strip_prefix(b"grpc_".as_slice()) else {
                continue;
            };
            if rest == b"pass" || !seen.insert(m) {
                continue;
            }
            let twin = format!("proxy_{}", String::from_utf8_lossy(rest));
            if directives::lookup(&twin).is_empty() {
                let tree = &model.set.files[me.file].tree;
                let text = tree.text_lossy(me.directive.span()).replace('\n', " ");
                edits.push(style::replace(
                    me.file,
                    me.directive.span(),
                    format!("# confine: removed \"{text}\" (no proxy_ counterpart)"),
                ));
            } else {
                edits.push(style::replace(
                    me.file,
                    me.directive.name.span(),
                    twin.clone(),
                ));
                if twin == "proxy_set_header" && scope == location {
                    converted_headers.push(m);
                }
            }
        }
    }
    let keepalive_pool = pass.upstream.and_then(|u| keepalive(model, u)).is_some();
    if keepalive_pool && cx.options.nginx_version < Version::UPSTREAM_KEEPALIVE_DEFAULT {
        let version = model.in_effect(pass.scope, "proxy_http_version");
        let is_11 = version
            .entries
            .last()
            .and_then(|&v| model.first_arg(v))
            .as_deref()
            == Some("1.1");
        if !is_11 {
            edits.push(style::insert_after(
                &model.set.files[e.file].tree,
                e.file,
                e.directive,
                "proxy_http_version 1.1;",
            ));
        }
        let line = "proxy_set_header Connection \"\";".to_string();
        if converted_headers.is_empty() {
            let inherited = model.in_effect(pass.scope, "proxy_set_header");
            if header_named(model, &inherited.entries, "connection").is_none() {
                edits.extend(add_header_lines(model, pass.scope, pass.entry, &[line]));
            }
        } else if header_named(model, &converted_headers, "connection").is_none() {
            let last = &model.entries[*converted_headers.last()?];
            edits.push(style::insert_after(
                &model.set.files[last.file].tree,
                last.file,
                last.directive,
                &line,
            ));
        }
    }
    Some(Fix {
        description: "proxy with HTTP/1.1 (`proxy_pass http://`) instead of gRPC".into(),
        applicability: Applicability::Safe,
        edits: dedup(edits),
    })
}

fn dedup(mut edits: Vec<Edit>) -> Vec<Edit> {
    let mut seen = Vec::new();
    edits.retain(|e| {
        let new = !seen.contains(e);
        if new {
            seen.push(e.clone());
        }
        new
    });
    edits
}

#[cfg(test)]
mod tests {
    use super::is_grpc_path;

    #[test]
    fn grpc_paths_are_recognised() {
        assert!(is_grpc_path("/helloworld.Greeter/SayHello"));
        assert!(is_grpc_path("/pkg.v1.Billing"));
        assert!(is_grpc_path("^/pkg\\.Billing/"));
        assert!(!is_grpc_path("/api/"));
        assert!(!is_grpc_path("/static/app.js"));
        assert!(!is_grpc_path("/"));
    }
}
