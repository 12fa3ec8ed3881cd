//! `upstream sent too big header`: the backend's response header does not
//! fit in `proxy_buffer_size` (4k or 8k, a memory page, by default), and
//! nginx answers 502. Big cookies and long `Link` or CSP headers do it.
//!
//! The fix raises the buffer to 16k in the location. nginx then requires
//! more of `proxy_buffers` too: `proxy_busy_buffers_size` (by default twice
//! the larger of the two sizes) must stay below all the buffers but one, so
//! the default `8 4k` fails `nginx -t` next to a 16k buffer
//! (`"proxy_busy_buffers_size" must be less than the size of all
//! "proxy_buffers" minus one buffer`); the fix sets `proxy_buffers 8 16k`
//! with it, and raises an explicit busy, temp-file-write or max-temp-file
//! size that the new size would make invalid. `grpc_` has no `buffers`;
//! `fastcgi_`, `uwsgi_` and `scgi_` have the same rules as `proxy_`.

use crate::analysis::diagnose::{parse_size, show_size, Routed};
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Edit, Fix};
use crate::input::error_log::Cause;
use crate::rules::evidence::{cited, prefix, provenance, scope_of, setting, through_pass};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "upstream-header-too-big",
        severity: Severity::Error,
        category: Category::Protocol,
        summary: "The backend's response header does not fit in `proxy_buffer_size`: 502",
        explanation: "nginx reads the backend's whole response header into one buffer of `proxy_buffer_size` \
                      (`grpc_buffer_size`, `fastcgi_buffer_size`, ...; one memory page, 4k, by default) and \
                      answers 502 when it does not fit, logging `upstream sent too big header`. The fix sets \
                      the buffer to 16k in the location and, where the module has them, `*_buffers 8 16k`, \
                      which nginx requires beside a buffer that size (`*_busy_buffers_size` must stay below \
                      all buffers but one).",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffer_size",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 8080;
    location /big {
        proxy_pass http://127.0.0.1:19080;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 8080;
    location /big {
        proxy_pass http://127.0.0.1:19080;
        proxy_buffer_size 16k;
        proxy_buffers 8 16k;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: r#"2026/12/07 03:41:19 [error] 1886#1886: *5 upstream sent too big header while reading response header from upstream, client: 127.0.0.1, server: , request: "GET /big HTTP/1.1", upstream: "http://127.0.0.1:19080/big", host: "localhost"
"#,
    },
    check,
};

/// What the fix sets the buffer to.
const TARGET: u64 = 16 << 10;
/// A memory page: the default buffer size (and buffers' size) on Linux x86-64.
const PAGE: u64 = 4 << 10;

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for (d, routed, pass) in through_pass(cx, |c| *c == Cause::HeaderTooBig) {
        let Some(scope) = scope_of(model, routed) else {
            continue;
        };
        let p = prefix(model, pass);
        let name = format!("{p}buffer_size");
        let current = setting(model, scope, &name);
        let at = current.as_ref().map_or(pass, |(e, _)| *e);
        let size = current
            .as_ref()
            .and_then(|(_, v)| parse_size(v))
            .unwrap_or(PAGE);
        let shown = provenance(model, current.as_ref(), at, "4k");
        let cited = cited(model, d, routed);
        if size >= TARGET {
            // The log may predate the buffer it names (a fix already made):
            // nothing mechanical is left to do.
            let mut f = cx.log_finding(
                &RULE.meta,
                at,
                format!(
                    "the backend's response header did not fit in {name} ({shown}) when nginx \
                     logged \"upstream sent too big header\": if the line is newer than this \
                     setting, the header is larger still; raise {name} by hand ({cited})"
                ),
                None,
                d,
            );
            f.severity = Severity::Info;
            out.push(f);
            continue;
        }
        let (edits, besides) = edits(model, routed, pass, scope, p);
        let also = if besides.is_empty() {
            String::new()
        } else {
            let s = if besides.len() == 1 { "s" } else { "" };
            format!(
                " (with {}, which nginx require{s} beside it)",
                besides.join(" and ")
            )
        };
        let message = format!(
            "the backend's response header does not fit in {name} ({shown}): nginx answers 502 \
             (\"upstream sent too big header\"); raise it to 16k{also} ({cited})"
        );
        let fix = (!edits.is_empty()).then(|| Fix {
            description: format!("raise {name} to 16k"),
            applicability: Applicability::Safe,
            edits,
        });
        out.push(cx.log_finding(&RULE.meta, at, message, fix, d));
    }
}

/// The lines that make the buffer 16k where the request is handled, and
/// keep `nginx -t` happy about the sizes that depend on it; and those other
/// settings, in words. Empty when the pass is not directly in its location
/// (inside an `if`, where these directives are not allowed).
fn edits(
    model: &Model<'_>,
    routed: &Routed,
    pass: EntryId,
    scope: ScopeId,
    p: &str,
) -> (Vec<Edit>, Vec<String>) {
    if model.entries[pass].scope != scope || routed.route.location().is_none() {
        return (Vec::new(), Vec::new());
    }
    let mut set: Vec<(String, String)> = vec![(format!("{p}buffer_size"), show_size(TARGET))];
    if p != "grpc_" && p != "memcached_" {
        let buffers = setting(model, scope, &format!("{p}buffers"));
        let (count, each) = buffers
            .as_ref()
            .and_then(|(_, v)| {
                let mut w = v.split_whitespace();
                Some((w.next()?.parse::<u64>().ok()?, parse_size(w.next()?)?))
            })
            .unwrap_or((8, PAGE));
        let (count, each) = if (count.saturating_sub(1)) * each <= 2 * TARGET.max(each) {
            let count = count.max(8);
            set.push((
                format!("{p}buffers"),
                format!("{count} {}", show_size(TARGET)),
            ));
            (count, TARGET)
        } else {
            (count, each)
        };
        let largest = TARGET.max(each);
        let all_but_one = (count - 1) * each;
        let explicit =
            |n: &str| setting(model, scope, &format!("{p}{n}")).and_then(|(_, v)| parse_size(&v));
        if explicit("busy_buffers_size").is_some_and(|b| b < largest || b >= all_but_one) {
            set.push((format!("{p}busy_buffers_size"), show_size(2 * largest)));
        }
        if explicit("temp_file_write_size").is_some_and(|b| b < largest) {
            set.push((format!("{p}temp_file_write_size"), show_size(2 * largest)));
        }
        if explicit("max_temp_file_size").is_some_and(|b| b != 0 && b < largest) {
            set.push((format!("{p}max_temp_file_size"), "1024m".into()));
        }
    }
    let besides = set[1..].iter().map(|(n, v)| format!("{n} {v}")).collect();
    let e = &model.entries[pass];
    let tree = &model.set.files[e.file].tree;
    let mut new_lines = Vec::new();
    let mut out = Vec::new();
    for (name, value) in set {
        // Written in the location already: change its value there.
        let here = model.members_named(scope, &name).last();
        match here.and_then(|h| Some((h, model.entries[h].args().next()?))) {
            Some((h, first)) => {
                let he = &model.entries[h];
                let last = he.args().last().copied().unwrap_or(*first);
                let span = crate::span::Span::new(first.span().start, last.span().end);
                out.push(style::replace(he.file, span, value));
            }
            None => new_lines.push(format!("{name} {value};")),
        }
    }
    out.extend(style::insert_all_after(
        tree,
        e.file,
        e.directive,
        &new_lines,
    ));
    (out, besides)
}
