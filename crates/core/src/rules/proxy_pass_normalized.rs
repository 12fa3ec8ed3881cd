//! `proxy_pass` with a URI part rewrites the path the backend sees, and the
//! rewrite can send it somewhere the location never meant: a trailing
//! slash on one side only, a decoded path sent unescaped, a raw path
//! escaped twice. gixy's `proxy_pass_normalized`.

use crate::analysis::context::Context;
use crate::analysis::location::{Location, Modifier};
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};
use crate::span::Span;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "proxy-pass-normalized",
        severity: Severity::Warning,
        category: Category::Security,
        summary: "`proxy_pass` sends the backend a different path than the location matched",
        explanation: "When `proxy_pass` has a URI part, nginx replaces the matched location prefix with it and \
                      sends the rest of the normalized URI. `location /api { proxy_pass http://b/v1/; }` sends \
                      `/api../admin` as `/v1/../admin`, which the backend resolves outside `/v1/`; with the \
                      slash on the location only, `/api/x` becomes `/v1x`. A URI built from `$uri` or a regex \
                      capture is sent decoded and not escaped again, so an encoded `%3F` reaches the backend as \
                      `?` and splits the path from a query the client chose; after `rewrite ^ $request_uri` \
                      the raw path is escaped a second time (`%2F` becomes `%252F`). Give the location and the \
                      URI the same trailing slash, and pass `$request_uri` (or no URI at all) when the backend \
                      needs the path as the client sent it.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass",
        #[cfg(feature = "rule-docs")]
        bad: "server {\n    listen 80;\n    location /api {\n        proxy_pass http://127.0.0.1:8080/v1/;\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        good: "server {\n    listen 80;\n    location /api/ {\n        proxy_pass http://127.0.0.1:8080/v1/;\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for pass in cx.proxy_passes() {
        let Some(location) = pass_location(model, pass.scope) else {
            continue;
        };
        if location.modifier == Modifier::Exact {
            continue;
        }
        let Some(value) = model.first_arg(pass.entry) else {
            continue;
        };
        let uri = uri_part(&value).unwrap_or_default();
        let direct = pass.scope == location.scope;
        // The host part counts too: `http://b$uri` puts the path there.
        let target = value
            .split_once("://")
            .map_or(value.as_ref(), |(_, rest)| rest);
        let finding = if let Some(var) = decoded_path_variable(target, &location) {
            Some((
                format!(
                    "the proxy_pass URI is built from {var}, which holds the decoded path and is sent \
                     unescaped: an encoded %3F reaches the backend as ?"
                ),
                Severity::Warning,
                None,
            ))
        } else if let Some(rewrite) = raw_path_rewrite(model, pass.scope) {
            (!uri.contains('$')).then(|| {
                (
                    format!(
                        "rewrite ^ $request_uri (line {}) sets the raw request path, which proxy_pass escapes \
                         again: an encoded %2F reaches the backend as %252F",
                        crate::analysis::diagnose::line_of(model, rewrite)
                    ),
                    Severity::Info,
                    None,
                )
            })
        } else if direct && !uri.is_empty() && !uri.contains('$') && !uri.contains('?') {
            slash_mismatch(model, pass.entry, &location, uri)
        } else {
            None
        };
        let Some((message, severity, fix)) = finding else {
            continue;
        };
        let mut f = cx.finding(&RULE.meta, pass.entry, message, fix);
        f.severity = severity;
        out.push(f);
    }
}

/// The location a `proxy_pass` in `scope` serves (the one around an `if`
/// or `limit_except`).
fn pass_location(model: &Model<'_>, scope: ScopeId) -> Option<Location> {
    let block = match model.scopes[scope].context {
        Context::HttpLocation => scope,
        Context::HttpLif | Context::HttpLmt => model.scopes[scope].parent?,
        _ => return None,
    };
    if model.scopes[block].context != Context::HttpLocation {
        return None;
    }
    Location::of(model, model.scopes[block].opener?)
}

/// The URI part of a `proxy_pass` target (`/v1/` of `http://b/v1/`; after
/// the socket path of `http://unix:/s.sock:/v1/`); `None` without one, or
/// when the whole target is one variable.
fn uri_part(value: &str) -> Option<&str> {
    let (_, rest) = value.split_once("://")?;
    let start = match rest.strip_prefix("unix:") {
        Some(socket) => rest.len() - socket.len() + socket.find(':')? + 1,
        None => rest.find('/')?,
    };
    let uri = rest.get(start..)?;
    (!uri.is_empty()).then_some(uri)
}

/// `$uri`, `$document_uri` or a capture of the location's regex that can
/// hold any character, used in the URI part.
fn decoded_path_variable(uri: &str, location: &Location) -> Option<String> {
    for name in variables(uri) {
        match name {
            "uri" | "document_uri" => return Some(format!("${name}")),
            _ => {}
        }
        let Ok(n) = name.parse::<usize>() else {
            continue;
        };
        if location.is_regex() && capture(&location.path, n).is_some_and(matches_anything) {
            return Some(format!("${n} (a capture of the location regex)"));
        }
    }
    None
}

/// The names of the variables in a value (`$uri`, `${uri}`, `$1`).
fn variables(value: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = value;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let (name, after) = match rest.strip_prefix('{') {
            Some(braced) => match braced.split_once('}') {
                Some((name, after)) => (name, after),
                None => break,
            },
            None => {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                let len = if digits > 0 {
                    1
                } else {
                    rest.bytes()
                        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                        .count()
                };
                (&rest[..len], &rest[len..])
            }
        };
        names.push(name);
        rest = after;
    }
    names
}

/// The text of capture group `n` (1-based) of a regex, without its parens.
fn capture(regex: &str, n: usize) -> Option<&str> {
    let bytes = regex.as_bytes();
    let mut count = 0;
    let mut i = 0;
    let mut in_class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'(' if !in_class => {
                let capturing = bytes.get(i + 1) != Some(&b'?')
                    || matches!(bytes.get(i + 2), Some(b'<' | b'P' | b'\''))
                        && bytes.get(i + 3) != Some(&b'=')
                        && bytes.get(i + 3) != Some(&b'!');
                if capturing {
                    count += 1;
                    if count == n {
                        return group_body(regex, i).map(without_name);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A named group's pattern without its `?<name>` (`?P<name>`, `?'name'`).
fn without_name(body: &str) -> &str {
    match body.strip_prefix('?') {
        Some(named) => named
            .find(['>', '\''])
            .and_then(|end| named.get(end + 1..))
            .unwrap_or(body),
        None => body,
    }
}

/// The text between the paren at `open` and its match.
fn group_body(regex: &str, open: usize) -> Option<&str> {
    let bytes = regex.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    let mut in_class = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'(' if !in_class => depth += 1,
            b')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return regex.get(open + 1..i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether a group can match `?` or `%`: an unescaped `.` outside a class,
/// or a negated class that does not list them.
fn matches_anything(group: &str) -> bool {
    let bytes = group.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'.' => return true,
            b'[' => {
                let end = group[i..].find(']').map_or(group.len(), |e| i + e);
                let class = group.get(i + 1..end).unwrap_or_default();
                if let Some(negated) = class.strip_prefix('^') {
                    if !negated.contains('?') || !negated.contains('%') {
                        return true;
                    }
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// A `rewrite ^ $request_uri` that runs before this `proxy_pass`: in its
/// block, or in the location or server around it.
fn raw_path_rewrite(model: &Model<'_>, scope: ScopeId) -> Option<EntryId> {
    let mut level = Some(scope);
    while let Some(s) = level {
        let found = model.members_named(s, "rewrite").find(|&r| {
            let args = model.args(r);
            matches!(args.as_slice(), [re, to, ..] if re.as_ref() == b"^" && to.eq_ignore_ascii_case(b"$request_uri"))
        });
        if found.is_some() {
            return found;
        }
        level = match model.scopes[s].context {
            Context::HttpServer => None,
            _ => model.scopes[s].parent,
        };
    }
    None
}

/// A prefix location and a URI part that disagree on the trailing slash.
fn slash_mismatch(
    model: &Model<'_>,
    pass: EntryId,
    location: &Location,
    uri: &str,
) -> Option<(String, Severity, Option<Fix>)> {
    if !matches!(location.modifier, Modifier::Prefix | Modifier::NoRegex) {
        return None;
    }
    let prefix = &location.path;
    match (prefix.ends_with('/'), uri.ends_with('/')) {
        (false, true) => Some((
            format!(
                "{} has no trailing slash but the proxy_pass URI {uri} has: {prefix}../x reaches the backend \
                 as {uri}../x, outside {uri}",
                location.shown()
            ),
            Severity::Warning,
            append_slash(model, location.entry).map(|edit| Fix {
                description: "end the location prefix with `/` (nginx then redirects the bare prefix to it)"
                    .into(),
                applicability: Applicability::Suggestion,
                edits: vec![edit],
            }),
        )),
        (true, false) => Some((
            format!(
                "{} ends with a slash but the proxy_pass URI {uri} does not: {prefix}x reaches the backend as {uri}x",
                location.shown()
            ),
            Severity::Info,
            append_slash(model, pass).map(|edit| Fix {
                description: "end the proxy_pass URI with `/`".into(),
                applicability: Applicability::Suggestion,
                edits: vec![edit],
            }),
        )),
        _ => None,
    }
}

/// An edit adding `/` at the end of an entry's last argument, inside its
/// quotes if any (`None` in a file included more than once).
fn append_slash(model: &Model<'_>, entry: EntryId) -> Option<crate::fix::Edit> {
    let e = &model.entries[entry];
    if model.repeats(e.file) {
        return None;
    }
    let span = e.args().last()?.span();
    let raw = e.tree.source().get(span.start..span.end)?;
    let quoted = raw.len() > 1 && matches!(raw.last(), Some(b'"' | b'\''));
    let at = if quoted { span.end - 1 } else { span.end };
    Some(style::replace(e.file, Span::empty(at), "/"))
}

#[cfg(test)]
mod tests {
    use super::{capture, matches_anything, uri_part, variables};

    #[test]
    fn uri_parts() {
        assert_eq!(uri_part("http://b/v1/"), Some("/v1/"));
        assert_eq!(uri_part("http://b"), None);
        assert_eq!(uri_part("http://unix:/run/app.sock:/api"), Some("/api"));
        assert_eq!(uri_part("http://unix:/run/app.sock"), None);
        assert_eq!(uri_part("$backend"), None);
    }

    #[test]
    fn variables_and_captures() {
        assert_eq!(variables("/a/$1/${uri}x$host"), vec!["1", "uri", "host"]);
        assert_eq!(capture("^/img/(?:x|y)/(.*\\.png)$", 1), Some(".*\\.png"));
        assert_eq!(capture("^/(?<rest>[a-z]+)$", 1), Some("[a-z]+"));
        assert!(matches_anything(".*\\.png"));
        assert!(matches_anything("[^/]+"));
        assert!(!matches_anything("[a-z0-9]+"));
        assert!(!matches_anything("\\d+\\.jpg"));
    }
}
