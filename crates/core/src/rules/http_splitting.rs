//! A value that can hold CR/LF written into a response header, a redirect's
//! `Location`, or the request nginx sends a backend: the client's `%0d%0a`
//! ends the header and what follows is theirs. gixy's `http_splitting`.

use crate::analysis::variables::{Properties, Use, UseKind};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};
use crate::span::Span;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "http-splitting",
        severity: Severity::Error,
        category: Category::Security,
        summary: "a value that can hold CR/LF goes into a header, a redirect or the request to a backend",
        explanation: "nginx decodes `%0d%0a` in the path, so `$uri`, `$document_uri` and the captures of a \
                      regex that lets a line break through hold a real CR/LF. Written into `add_header`, a \
                      redirect's `Location` (`return 30x`, `rewrite`), `proxy_set_header` or the `proxy_pass` \
                      URL, the line break ends the header: the attacker writes their own headers (`Set-Cookie`) \
                      or body into the response, or a second request to the backend. Use the raw \
                      `$request_uri` (still %-encoded), or a regex group that cannot match a line break \
                      (`[^/\\s]`, `.` without `(?s)`).",
        docs: "https://nginx.org/en/docs/http/ngx_http_core_module.html#var_uri",
        #[cfg(feature = "rule-docs")]
        bad: "http {\n    server {\n        listen 80;\n        location / {\n            return 301 https://example.com$uri;\n        }\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        good: "http {\n    server {\n        listen 80;\n        location / {\n            return 301 https://example.com$request_uri;\n        }\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

/// Where a directive writes the value, for the message.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sink {
    ResponseHeader,
    Location,
    BackendHeader,
    BackendRequestLine,
}

/// The statuses whose `return` text is the `Location` (`ngx_http_send_response`).
const REDIRECTS: [&[u8]; 5] = [b"301", b"302", b"303", b"307", b"308"];

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let vars = cx.variables();
    vars.for_each_use(model, |u: &Use<'_>| {
        if !matches!(u.kind, UseKind::Script | UseKind::Capture) {
            return;
        }
        let e = &model.entries[u.entry];
        let sink = match &*e.name {
            b"add_header" | b"add_trailer" => Sink::ResponseHeader,
            b"rewrite" => Sink::Location,
            b"return" => {
                let mut args = e.args();
                let first = args.next().map(|t| e.tree.value(t));
                let redirect = match (first, args.next()) {
                    (Some(code), Some(_)) => REDIRECTS.contains(&&*code),
                    // A lone argument is a URL only when it starts so (the scan checked).
                    (Some(_), None) => true,
                    _ => false,
                };
                if !redirect {
                    return;
                }
                Sink::Location
            }
            b"proxy_set_header" | b"grpc_set_header" => Sink::BackendHeader,
            b"proxy_pass" => Sink::BackendRequestLine,
            _ => return,
        };
        let p: Properties = vars.use_properties(model, u);
        if !p.crlf {
            return;
        }
        let shown = format!("${}", String::from_utf8_lossy(u.name));
        let header = || {
            e.args()
                .next()
                .map(|t| String::from_utf8_lossy(&e.tree.value(t)).into_owned())
                .unwrap_or_default()
        };
        let what = match sink {
            Sink::ResponseHeader => format!(
                "ends the {} header and writes their own headers or body into the response",
                header()
            ),
            Sink::Location => {
                "ends the Location header and writes their own headers (Set-Cookie) or body into the redirect"
                    .to_string()
            }
            Sink::BackendHeader => format!(
                "ends the {} header sent to the backend and adds headers or a second request of their own",
                header()
            ),
            Sink::BackendRequestLine => {
                "ends the request line sent to the backend and adds headers or a second request of their own"
                    .to_string()
            }
        };
        let message = format!(
            "{shown} can hold a CR/LF the client sends as %0d%0a: an attacker {what}"
        );
        let fix = request_uri_fix(cx, u, sink);
        let mut f = cx.finding(&RULE.meta, u.entry, message, fix);
        f.span = u.span;
        out.push(f);
    });
}

/// `$uri` → `$request_uri` (raw, %-encoded, with the query string): a
/// suggestion, since the value changes; only where the script does not add
/// the query string itself and for headers and redirects, not `proxy_pass`.
fn request_uri_fix(cx: &RuleContext<'_, '_>, u: &Use<'_>, sink: Sink) -> Option<Fix> {
    if u.kind != UseKind::Script || sink == Sink::BackendRequestLine {
        return None;
    }
    if !(u.name.eq_ignore_ascii_case(b"uri") || u.name.eq_ignore_ascii_case(b"document_uri")) {
        return None;
    }
    let e = &cx.model.entries[u.entry];
    let text = e.tree.text(u.span);
    let braced = text.starts_with(b"${");
    if text.len() != u.name.len() + if braced { 3 } else { 1 } {
        return None;
    }
    let script = e
        .tree
        .text(Span::new(e.directive.span().start, e.directive.span().end));
    let lower = script.to_ascii_lowercase();
    let adds_args = [
        &b"$args"[..],
        b"${args}",
        b"$is_args",
        b"${is_args}",
        b"$query_string",
        b"?",
    ]
    .iter()
    .any(|n| lower.windows(n.len()).any(|w| w == *n));
    if adds_args {
        return None;
    }
    Some(Fix {
        description:
            "use the raw `$request_uri` (it keeps %0d%0a encoded, and carries the query string)"
                .into(),
        applicability: Applicability::Suggestion,
        edits: vec![style::replace(
            e.file,
            u.span,
            if braced {
                "${request_uri}"
            } else {
                "$request_uri"
            },
        )],
    })
}
