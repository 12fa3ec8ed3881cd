//! Published nginx vulnerabilities that affect the version the config is for
//! *and* a module or directive this config uses: an advisory for a module
//! the config never loads is noise. gixy-ng's `nginx_cves`.

use std::borrow::Cow;

use crate::analysis::context::Context;
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::diagnostic::Severity;
use crate::rules::cves::{Advisory, Rating, Surface, ADVISORIES};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "nginx-cves",
        severity: Severity::Warning,
        category: Category::Security,
        summary: "a published nginx vulnerability affects this version and a module this config uses",
        explanation: "nginx.org lists, for every security advisory, the releases that have the bug and the ones \
                      that fixed it. When the version given with `--nginx-version` has it and the config uses \
                      the module or directive the bug is in (`mp4`, HTTP/2 or HTTP/3 listeners, `resolver`, \
                      regex `map`s, mail authentication, ...), an attacker who knows the version (see \
                      `version-disclosure`) can crash workers, read memory or worse with crafted requests. \
                      Each finding names the advisory's CVEs and the first release that fixes it: upgrade \
                      nginx (no config edit removes the bug; dropping the directive only removes the \
                      exposure). Without `--nginx-version` the rule is silent: the installed release is \
                      not known.",
        docs: "https://nginx.org/en/security_advisories.html",
        #[cfg(feature = "rule-docs")]
        bad: "http {\n    server {\n        listen 80;\n        location /video/ {\n            mp4;\n        }\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        good: "http {\n    server {\n        listen 80;\n        location /video/ {\n            root /srv;\n        }\n    }\n}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    if !cx.options.nginx_version_given {
        return;
    }
    let version = cx.options.nginx_version;
    for advisory in ADVISORIES.iter().filter(|a| a.affects(version)) {
        let Some((at, why)) = exposure(cx.model, advisory.surface) else {
            continue;
        };
        let mut finding = cx.finding(&RULE.meta, at, message(advisory, version, why), None);
        finding.severity = match advisory.severity {
            Rating::High => Severity::Error,
            Rating::Medium | Rating::Low => Severity::Warning,
        };
        out.push(finding);
    }
}

fn message(a: &Advisory, version: crate::options::Version, why: &str) -> String {
    let upgrade = match a.upgrade(version) {
        Some(v) => format!("upgrade to {v} or later"),
        None => {
            let all: Vec<String> = a.fixed.iter().map(ToString::to_string).collect();
            format!("fixed in {}", all.join(", "))
        }
    };
    format!(
        "{}: {} (nginx.org: {}) in nginx {version}, and {why}: {upgrade}",
        a.cves.join(", "),
        a.summary,
        a.severity.as_str()
    )
}

/// The first directive (in entry order) through which the config is exposed
/// to `surface`, and why it is.
fn exposure(model: &Model<'_>, surface: Surface) -> Option<(EntryId, &'static str)> {
    let found = match surface {
        Surface::Core => core_anchor(model),
        Surface::Mp4 => first(model, "mp4", |_| true),
        Surface::Http2 => http2(model),
        Surface::Http3 => http3(model),
        Surface::Resolver => first(model, "resolver", |_| true),
        Surface::Dav => first(model, "dav_methods", |id| !first_is(model, id, "off")),
        Surface::ScgiUwsgi => earliest([
            first(model, "scgi_pass", |_| true),
            first(model, "uwsgi_pass", |_| true),
        ]),
        Surface::Charset => first(model, "charset", |id| !first_is(model, id, "off")),
        Surface::MailAuthHttp => first(model, "auth_http", |id| is_mail(model, id)),
        Surface::MailSmtpAuthNone => first(model, "smtp_auth", |id| {
            is_mail(model, id) && has_arg(model, id, "none")
        }),
        Surface::MailCramApop => earliest(["imap_auth", "pop3_auth", "smtp_auth"].map(|name| {
            first(model, name, |id| {
                is_mail(model, id) && (has_arg(model, id, "cram-md5") || has_arg(model, id, "apop"))
            })
        })),
        Surface::MailStarttls => first(model, "starttls", |id| {
            is_mail(model, id) && (first_is(model, id, "on") || first_is(model, id, "only"))
        }),
        Surface::StreamOcsp => first(model, "ssl_ocsp", |id| {
            matches!(
                model.entries[id].context,
                Context::Stream | Context::StreamServer
            ) && !first_is(model, id, "off")
        }),
        Surface::SslSharedSession => shared_session(model),
        Surface::SslSharedSessionClientCert => shared_session(model).filter(|_| {
            first(model, "ssl_verify_client", |id| !first_is(model, id, "off")).is_some()
        }),
        Surface::Spdy => first(model, "listen", |id| has_arg(model, id, "spdy")),
        Surface::SslListen => earliest([
            first(model, "listen", |id| has_arg(model, id, "ssl")),
            first(model, "ssl", |id| first_is(model, id, "on")),
        ]),
        Surface::ProxyPass => first(model, "proxy_pass", |_| true),
        Surface::ProxyPassHttps => first(model, "proxy_pass", |id| {
            model.first_arg(id).is_some_and(|a| {
                a.get(..8)
                    .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
            })
        }),
        Surface::GrpcOrProxyHttp2 => earliest([
            first(model, "grpc_pass", |_| true),
            first(model, "proxy_http_version", |id| {
                first_is(model, id, "2") || first_is(model, id, "2.0")
            }),
        ]),
        Surface::ProxyOverHttp2 => first(model, "proxy_pass", |id| {
            server_of(model, id).is_some_and(|s| server_speaks(model, s, "http2"))
        }),
        Surface::RewriteCaptureQuery => rewrite_rift(model),
        Surface::RewriteCapture => earliest(["rewrite", "set", "return", "if"].map(|name| {
            first(model, name, |id| {
                model.args(id).iter().any(|a| has_unnamed_capture(a))
            })
        })),
        Surface::MapRegexCapture => map_regex_capture(model),
        Surface::CaptureInSubrequest => capture_in_subrequest(model),
        Surface::SsiUnbufferedProxy => first(model, "proxy_pass", |id| {
            let scope = model.entries[id].scope;
            effective_is(model, scope, "ssi", "on")
                && effective_is(model, scope, "proxy_buffering", "off")
        }),
        Surface::AliasRewriteFilename => alias_rewrite(model),
        Surface::Http3Proxy => first(model, "proxy_pass", |id| {
            let scope = model.entries[id].scope;
            server_of(model, id).is_some_and(|s| server_speaks(model, s, "quic"))
                && !effective_is(model, scope, "http3", "off")
                && !effective_is(model, scope, "proxy_request_buffering", "off")
        }),
        Surface::SslTicketRotation => ticket_rotation(model),
        Surface::SsiAio => earliest([
            first(model, "ssi", |id| {
                first_is(model, id, "on")
                    && effective_not_off(model, model.entries[id].scope, "aio")
            }),
            first(model, "aio", |id| {
                !first_is(model, id, "off")
                    && effective_is(model, model.entries[id].scope, "ssi", "on")
            }),
        ]),
    };
    found.map(|id| (id, why(surface)))
}

/// What exposes the config, after "and": the finding stands at it.
fn why(surface: Surface) -> &'static str {
    match surface {
        Surface::Core => "this config serves HTTP (the bug is in nginx's core request handling)",
        Surface::Mp4 => "this config serves files through ngx_http_mp4_module (`mp4`)",
        Surface::Http2 => "this config accepts HTTP/2",
        Surface::Http3 => "this config accepts HTTP/3 (QUIC)",
        Surface::Resolver => "this config resolves names at run time (`resolver`)",
        Surface::Dav => "this config enables WebDAV methods (`dav_methods`)",
        Surface::ScgiUwsgi => "this config proxies over SCGI or uwsgi",
        Surface::Charset => "this config converts charsets (`charset`)",
        Surface::MailAuthHttp => "this mail proxy authenticates through `auth_http`",
        Surface::MailSmtpAuthNone => "this mail proxy allows `smtp_auth none`",
        Surface::MailCramApop => "this mail proxy allows CRAM-MD5 or APOP authentication",
        Surface::MailStarttls => "this mail proxy offers STARTTLS",
        Surface::StreamOcsp => "this stream server checks client certificates with OCSP (`ssl_ocsp`)",
        Surface::SslSharedSession => "this config shares TLS sessions between servers",
        Surface::SslSharedSessionClientCert => {
            "this config shares TLS sessions between servers and verifies client certificates"
        }
        Surface::Spdy => "this config accepts SPDY",
        Surface::SslListen => "this config accepts TLS",
        Surface::ProxyPass => "this config proxies responses from backends",
        Surface::ProxyPassHttps => "this config proxies to backends over TLS",
        Surface::GrpcOrProxyHttp2 => "this config speaks HTTP/2 to backends (`grpc_pass` or `proxy_http_version 2`)",
        Surface::ProxyOverHttp2 => "this location proxies requests that arrive over HTTP/2",
        Surface::RewriteCaptureQuery => {
            "this `rewrite` puts an unnamed capture and `?` in its replacement, and another rewrite \
             directive follows it"
        }
        Surface::RewriteCapture => "this rewrite-module directive reads unnamed captures (`$1`)",
        Surface::MapRegexCapture => "this value reads a regex `map` that can change the captures it uses",
        Surface::CaptureInSubrequest => "this unnamed capture is read in subrequests (`slice` or a background cache update)",
        Surface::SsiUnbufferedProxy => "this location runs SSI over an unbuffered proxied response",
        Surface::AliasRewriteFilename => "this `alias` location is rewritten and the config reads `$request_filename`",
        Surface::Http3Proxy => "this location proxies request bodies that arrive over HTTP/3",
        Surface::SslTicketRotation => "this shared session cache makes nginx rotate the session ticket keys itself",
        Surface::SsiAio => "this config runs SSI with `aio`",
    }
}

/// The first `name` directive for which `want` holds.
fn first(model: &Model<'_>, name: &str, want: impl Fn(EntryId) -> bool) -> Option<EntryId> {
    model.named(name).iter().copied().find(|&id| want(id))
}

/// The earliest of several candidates, in entry order.
fn earliest<const N: usize>(candidates: [Option<EntryId>; N]) -> Option<EntryId> {
    candidates.into_iter().flatten().min()
}

fn arg<'a>(model: &Model<'a>, id: EntryId, n: usize) -> Option<Cow<'a, [u8]>> {
    let e = &model.entries[id];
    e.args().nth(n).map(|t| e.tree.value(t))
}

fn first_is(model: &Model<'_>, id: EntryId, value: &str) -> bool {
    model
        .first_arg_bytes(id)
        .is_some_and(|a| a.eq_ignore_ascii_case(value.as_bytes()))
}

fn has_arg(model: &Model<'_>, id: EntryId, value: &str) -> bool {
    model
        .args(id)
        .iter()
        .any(|a| a.eq_ignore_ascii_case(value.as_bytes()))
}

fn is_mail(model: &Model<'_>, id: EntryId) -> bool {
    matches!(
        model.entries[id].context,
        Context::Mail | Context::MailServer
    )
}

/// Whether the `name` in effect at `scope` has `value` as its first argument.
fn effective_is(model: &Model<'_>, scope: ScopeId, name: &str, value: &str) -> bool {
    model
        .in_effect(scope, name)
        .entries
        .last()
        .is_some_and(|&id| first_is(model, id, value))
}

/// Whether `name` is set at `scope` to anything but `off`.
fn effective_not_off(model: &Model<'_>, scope: ScopeId, name: &str) -> bool {
    model
        .in_effect(scope, name)
        .entries
        .last()
        .is_some_and(|&id| !first_is(model, id, "off"))
}

/// The first HTTP `server {}` (gixy-ng's anchor for core bugs).
fn core_anchor(model: &Model<'_>) -> Option<EntryId> {
    first(model, "server", |id| {
        let e = &model.entries[id];
        e.opens.is_some() && matches!(e.context, Context::Http | Context::Main)
    })
}

/// The body of the `server` an entry stands in.
fn server_of(model: &Model<'_>, id: EntryId) -> Option<ScopeId> {
    model.ancestor_with_context(model.entries[id].scope, Context::HttpServer)
}

/// Whether a server accepts `http2` or `quic`: a `listen` parameter, or
/// `http2 on` / `http3 on` in effect (for `quic`, `listen` is required).
fn server_speaks(model: &Model<'_>, server: ScopeId, what: &str) -> bool {
    let listens = model
        .members_named(server, "listen")
        .any(|id| has_arg(model, id, what));
    listens || (what == "http2" && effective_is(model, server, "http2", "on"))
}

fn http2(model: &Model<'_>) -> Option<EntryId> {
    earliest([
        first(model, "listen", |id| has_arg(model, id, "http2")),
        first(model, "http2", |id| first_is(model, id, "on")),
    ])
}

fn http3(model: &Model<'_>) -> Option<EntryId> {
    earliest([
        first(model, "listen", |id| has_arg(model, id, "quic")),
        first(model, "http3", |id| first_is(model, id, "on")),
    ])
}

fn shared_session(model: &Model<'_>) -> Option<EntryId> {
    earliest([
        first(model, "ssl_session_cache", |id| {
            model.args(id).iter().any(|a| a.starts_with(b"shared:"))
        }),
        first(model, "ssl_session_ticket_key", |_| true),
    ])
}

/// CVE-2026-42945's pattern: the replacement of a `rewrite` holds `$1` and
/// `?`, and a `rewrite`, `if` or `set` follows in the same block.
fn rewrite_rift(model: &Model<'_>) -> Option<EntryId> {
    first(model, "rewrite", |id| {
        let Some(replacement) = arg(model, id, 1) else {
            return false;
        };
        if !replacement.contains(&b'?') || !has_unnamed_capture(&replacement) {
            return false;
        }
        let members = model.members(model.entries[id].scope);
        members
            .iter()
            .skip_while(|&&m| m != id)
            .skip(1)
            .any(|&m| matches!(model.entries[m].name.as_ref(), b"rewrite" | b"if" | b"set"))
    })
}

/// A value that reads a regex map's result after a capture that map may
/// overwrite, or reads a `volatile` regex map at all (CVE-2026-42533).
fn map_regex_capture(model: &Model<'_>) -> Option<EntryId> {
    let mut found = None;
    for &map in model.named("map").iter() {
        let Some(body) = model.entries[map].opens else {
            continue;
        };
        let Some(output) = arg(model, map, 1) else {
            continue;
        };
        let Some(output) = output.strip_prefix(b"$").map(<[u8]>::to_vec) else {
            continue;
        };
        let mut captures: Vec<Vec<u8>> = Vec::new();
        let mut volatile = false;
        for &m in model.members(body) {
            let key = model.entries[m].name.as_ref();
            if key == b"volatile" {
                volatile = true;
            }
            if key.starts_with(b"~") {
                regex_groups(key, &mut captures);
            }
        }
        if captures.is_empty() {
            continue;
        }
        let consumer = (0..model.entries.len()).find(|&id| {
            let e = &model.entries[id];
            e.scope != body
                && id != map
                && model.args(id).iter().any(|a| {
                    let refs = variable_refs(a);
                    refs.iter()
                        .position(|r| *r == output.as_slice())
                        .is_some_and(|at| {
                            volatile || refs[..at].iter().any(|r| captures.iter().any(|c| c == r))
                        })
                })
        });
        found = earliest([found, consumer]);
    }
    found
}

/// The capture names a regex defines: the names of its named groups, and
/// `1`..`n` for all its groups (named ones are numbered too).
fn regex_groups(regex: &[u8], out: &mut Vec<Vec<u8>>) {
    let mut numbered = 0;
    let mut i = 0;
    while i < regex.len() {
        match regex[i] {
            b'\\' => i += 1,
            b'(' => {
                let rest = &regex[i + 1..];
                if !rest.starts_with(b"?") {
                    numbered += 1;
                } else if let Some(name) = rest
                    .strip_prefix(b"?P<")
                    .or_else(|| rest.strip_prefix(b"?<"))
                    .filter(|r| !r.starts_with(b"=") && !r.starts_with(b"!"))
                {
                    let end = name.iter().position(|&b| b == b'>').unwrap_or(name.len());
                    out.push(name[..end].to_vec());
                    numbered += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    for n in 1..=numbered.min(9) {
        out.push(n.to_string().into_bytes());
    }
}

/// An unnamed capture read where `slice` or a background cache update runs
/// the request again as a subrequest (CVE-2026-60005).
fn capture_in_subrequest(model: &Model<'_>) -> Option<EntryId> {
    (0..model.entries.len()).find(|&id| {
        let e = &model.entries[id];
        if e.context == Context::Entries || !model.args(id).iter().any(|a| has_unnamed_capture(a)) {
            return false;
        }
        let sliced = model
            .in_effect(e.scope, "slice")
            .entries
            .last()
            .is_some_and(|&s| !first_is(model, s, "0"));
        sliced || effective_is(model, e.scope, "proxy_cache_background_update", "on")
    })
}

/// `alias` in a location that a `rewrite` (its own or its server's) runs
/// in, where the config reads `$request_filename` (CVE-2026-15176).
fn alias_rewrite(model: &Model<'_>) -> Option<EntryId> {
    let reads_filename = (0..model.entries.len()).any(|id| {
        model
            .args(id)
            .iter()
            .any(|a| variable_refs(a).contains(&b"request_filename".as_slice()))
    });
    if !reads_filename {
        return None;
    }
    first(model, "alias", |id| {
        let scope = model.entries[id].scope;
        model
            .inheritance_chain(scope)
            .take_while(|&s| model.scopes[s].context != Context::Http)
            .any(|s| model.members_named(s, "rewrite").next().is_some())
    })
}

/// A TLS server with a shared session cache and tickets on, and no
/// `ssl_session_ticket_key`: nginx makes and rotates the keys itself
/// (CVE-2026-97629). The finding stands at the cache.
fn ticket_rotation(model: &Model<'_>) -> Option<EntryId> {
    let mut found = None;
    for &server in model.named("server").iter() {
        let e = &model.entries[server];
        let Some(scope) = e.opens else { continue };
        if !matches!(e.context, Context::Http | Context::Main) {
            continue;
        }
        let tls = model
            .members_named(scope, "listen")
            .any(|id| has_arg(model, id, "ssl"))
            || effective_is(model, scope, "ssl", "on");
        if !tls
            || effective_is(model, scope, "ssl_session_tickets", "off")
            || model.in_effect(scope, "ssl_session_ticket_key").is_set()
        {
            continue;
        }
        let cache = model
            .in_effect(scope, "ssl_session_cache")
            .entries
            .into_iter()
            .find(|&c| model.args(c).iter().any(|a| a.starts_with(b"shared:")));
        found = earliest([found, cache]);
    }
    found
}

/// `$1`..`$9` or `${1}`..`${9}` in a value.
fn has_unnamed_capture(value: &[u8]) -> bool {
    variable_refs(value)
        .iter()
        .any(|r| matches!(r, [b'1'..=b'9']))
}

/// The variable names a value reads (`$name`, `${name}`), in order.
fn variable_refs(value: &[u8]) -> Vec<&[u8]> {
    let mut refs = Vec::new();
    let mut i = 0;
    while i < value.len() {
        if value[i] != b'$' {
            i += 1;
            continue;
        }
        let rest = &value[i + 1..];
        if let Some(inner) = rest.strip_prefix(b"{") {
            let end = inner.iter().position(|&b| b == b'}').unwrap_or(inner.len());
            refs.push(&inner[..end]);
            i += end + 2;
        } else {
            let end = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                .unwrap_or(rest.len());
            if end > 0 {
                refs.push(&rest[..end]);
            }
            i += end + 1;
        }
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_references_in_order() {
        let refs = variable_refs(b"/a/$1?x=${2}&h=$host_name$");
        assert_eq!(refs, [b"1".as_slice(), b"2", b"host_name"]);
        assert!(has_unnamed_capture(b"/x/${3}"));
        assert!(!has_unnamed_capture(b"/x/$0$host"));
    }

    #[test]
    fn regex_groups_name_unnamed_and_named_captures() {
        let mut out = Vec::new();
        regex_groups(b"~^/(a|b)/(?<id>\\d+)(?:x)\\((?P<rest>.*)$", &mut out);
        assert_eq!(
            out,
            [
                b"id".to_vec(),
                b"rest".to_vec(),
                b"1".to_vec(),
                b"2".to_vec(),
                b"3".to_vec()
            ]
        );
    }
}
