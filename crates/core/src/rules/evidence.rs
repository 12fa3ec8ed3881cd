//! What the rules that read the error log share: the words for an event's
//! request and log line, the module prefix of the pass it went through, and
//! the setting in effect where it happened.

use crate::analysis::diagnose::{self, Diagnosis, Routed};
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::input::error_log::{Cause, Event, Phase};
use crate::rules::RuleContext;

/// The routed events of a cause that went through a `*_pass`, with it.
pub fn through_pass<'s, 'm>(
    cx: &'s RuleContext<'m, '_>,
    want: impl Fn(&Cause) -> bool + 's,
) -> impl Iterator<Item = (&'s Diagnosis<'m>, &'s Routed, EntryId)> + 's {
    cx.events(want).filter_map(|d| {
        let r = d.routed()?;
        Some((d, r, r.pass?))
    })
}

/// `error log line 7: GET /slow (server localhost, location /slow)`: the
/// evidence, in the words a finding's message ends with.
pub fn cited(model: &Model<'_>, d: &Diagnosis<'_>, routed: &Routed) -> String {
    format!(
        "error log line {}: {}",
        d.event.line,
        diagnose::request_words(model, d.event, routed)
    )
}

/// The directive prefix of the module a pass belongs to (`proxy_`, `grpc_`).
pub fn prefix(model: &Model<'_>, pass: EntryId) -> &'static str {
    diagnose::pass_module(model, pass)
        .and_then(|m| m.directive_prefix())
        .unwrap_or("proxy_")
}

/// The scope whose settings the request got: its location (the pass's own
/// block when the route found none).
pub fn scope_of(model: &Model<'_>, routed: &Routed) -> Option<ScopeId> {
    routed
        .route
        .scope(model)
        .or_else(|| routed.pass.map(|p| model.entries[p].scope))
}

/// A setting as the request got it: the directive in effect (the last one
/// of the level that sets it) and its first argument, or `None` when the
/// default applies.
pub fn setting(model: &Model<'_>, scope: ScopeId, name: &str) -> Option<(EntryId, String)> {
    let found = model.in_effect(scope, name);
    let entry = *found.entries.last()?;
    let value = model
        .args(entry)
        .iter()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Some((entry, value))
}

/// Where a setting comes from, for a message: `set here` (on the line the
/// finding points at), `set on line 12`, or `the default, D`.
pub fn provenance(
    model: &Model<'_>,
    set: Option<&(EntryId, String)>,
    finding_at: EntryId,
    default: &str,
) -> String {
    match set {
        Some((e, v)) if *e == finding_at => format!("{v}, set here"),
        Some((e, v)) => format!("{v}, set on line {}", diagnose::line_of(model, *e)),
        None => format!("{default}, the default"),
    }
}

/// The logged peer as nginx names it (`127.0.0.1:9004`, `unix:/run/app.sock`).
pub fn peer(event: &Event) -> String {
    event
        .upstream
        .as_ref()
        .map_or_else(|| "the backend".to_string(), |u| u.address())
}

/// The location of a routed request, or the server when it reached none:
/// the entry a finding about the location's settings points at.
pub fn location_entry(routed: &Routed) -> EntryId {
    routed.route.location().map_or(routed.server, |l| l.entry)
}

/// The error shape `plain HTTP toward a TLS port`: an http:// `proxy_pass`
/// whose backend, on port 443 or 8443, answered what no HTTP server would
/// (no status line, a bad header, or a closed connection). The rule
/// `upstream-plain-to-tls-backend` takes these; the protocol and
/// closed-connection rules leave them.
pub fn plain_to_tls_port(model: &Model<'_>, event: &Event, pass: EntryId) -> bool {
    let reading = event.phase == Some(Phase::ReadingResponseHeaderFromUpstream);
    let shape = matches!(
        &event.cause,
        Cause::NoValidHttp10Header | Cause::InvalidHeader { .. }
    ) || matches!(&event.cause, Cause::PrematurelyClosed { what } if what == "connection");
    let tls_port = event
        .upstream
        .as_ref()
        .is_some_and(|u| u.scheme == "http" && matches!(u.port, Some(443 | 8443)));
    reading && shape && tls_port && model.entries[pass].name.as_ref() == b"proxy_pass"
}

/// The first entry of the first name that the config has (`worker_connections`,
/// then `events`...), else the config's first directive: where a finding
/// about nginx as a whole points.
pub fn global_entry(model: &Model<'_>, names: &[&str]) -> Option<EntryId> {
    names
        .iter()
        .find_map(|n| model.named(n).first().copied())
        .or_else(|| (!model.entries.is_empty()).then_some(0))
}
