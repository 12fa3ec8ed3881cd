//! A request's route (`analysis::route`) for people and for programs: the
//! server, the location chain, the handler, the upstream and its servers,
//! and the settings in effect there that decide a 502 or a 504.

use serde::Serialize;

use crate::analysis::model::{EntryId, Model};
use crate::analysis::route::{LocationBy, Request, Route, ServerBy};

/// The settings shown with a route, per backend module (`proxy_`, `grpc_`,
/// ...): what decides whether the backend answers and in time.
const SETTINGS: [&str; 10] = [
    "http_version",
    "set_header",
    "connect_timeout",
    "send_timeout",
    "read_timeout",
    "buffer_size",
    "buffers",
    "buffering",
    "next_upstream",
    "ssl_server_name",
];

/// One line of the route, pointing at the config.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Step {
    /// `server`, `location`, `handler`, `upstream`, `peer`, `setting`.
    pub role: &'static str,
    pub file: String,
    pub line: usize,
    /// The directive as written, without its block.
    pub text: String,
    /// Why this one: "exact name", "longest prefix", "set at server level"...
    pub why: String,
}

/// The route as data: what `confine route --format json` prints and the
/// page shows.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct RouteView {
    pub method: String,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub uri: String,
    pub steps: Vec<Step>,
    pub redirect: Option<String>,
    pub notes: Vec<String>,
    pub stopped: Option<String>,
}

pub fn view(model: &Model<'_>, request: &Request, route: &Route) -> RouteView {
    let mut steps = Vec::new();
    let mut push = |role: &'static str, entry: EntryId, why: String| {
        steps.push(step(model, role, entry, why));
    };
    if let Some((server, by)) = &route.server {
        let why = match by {
            ServerBy::ExactName(n) => format!("server_name {n}: exact name"),
            ServerBy::LeadingWildcard(n) => format!("server_name {n}: longest leading wildcard"),
            ServerBy::TrailingWildcard(n) => format!("server_name {n}: longest trailing wildcard"),
            ServerBy::RegexName(n) => format!("server_name {n}: first matching regex"),
            ServerBy::DefaultServer => "no name matched: the default_server".into(),
            ServerBy::FirstServer => {
                "no name matched and no default_server: the first server on the port".into()
            }
            ServerBy::Given => "the server the error log names".into(),
        };
        push("server", *server, why);
    }
    for s in &route.locations {
        let why = match s.by {
            LocationBy::Exact => "exact match",
            LocationBy::Prefix => "longest prefix",
            LocationBy::NoRegexPrefix => "longest prefix, ^~: regexes not tried",
            LocationBy::Regex => "first matching regex",
        };
        push("location", s.location.entry, why.into());
    }
    if let Some(h) = route.handler {
        push("handler", h, "hands the request on".into());
        let name = String::from_utf8_lossy(&model.entries[h].name).into_owned();
        if let Some(module) = name.strip_suffix("_pass") {
            if let Some(scope) = route.scope(model) {
                for setting in SETTINGS {
                    let full = format!("{module}_{setting}");
                    let found = model.in_effect(scope, &full);
                    let level = match found.level {
                        Some(l) if l == scope => "set here".to_string(),
                        Some(l) => {
                            let level = model.scopes[l].opener.map_or("top".into(), |o| {
                                String::from_utf8_lossy(&model.entries[o].name).into_owned()
                            });
                            format!("set at {level} level")
                        }
                        None => continue,
                    };
                    for e in found.entries {
                        push("setting", e, level.clone());
                    }
                }
            }
        }
    }
    if let Some(up) = route.upstream {
        push(
            "upstream",
            up,
            "the upstream block the handler names".into(),
        );
        if let Some(scope) = model.entries[up].opens {
            for peer in model.members_named(scope, "server") {
                push("peer", peer, String::new());
            }
        }
    }
    RouteView {
        method: request.method.clone(),
        host: request.host.clone(),
        port: route.port,
        uri: route.uri.clone(),
        steps,
        redirect: route.redirect.clone(),
        notes: route.notes.clone(),
        stopped: route.stopped.clone(),
    }
}

fn step(model: &Model<'_>, role: &'static str, entry: EntryId, why: String) -> Step {
    let e = &model.entries[entry];
    let file = &model.set.files[e.file];
    let start = e.directive.name.span().start;
    let mut text = e.directive.name.span();
    for t in e.args() {
        text.end = t.span().end;
    }
    let shown = String::from_utf8_lossy(file.tree.text(text)).into_owned();
    let shown = if e.opens.is_some() {
        format!("{shown} {{")
    } else {
        format!("{shown};")
    };
    Step {
        role,
        file: file.path.clone(),
        line: file.tree.position(start).line,
        text: shown,
        why,
    }
}

/// The route as text, one step per line: `role  file:line  directive  (why)`.
pub fn text(view: &RouteView) -> String {
    let mut out = format!(
        "request   {} {} (host {}, port {})\n",
        view.method,
        view.uri,
        view.host.as_deref().unwrap_or("none"),
        view.port.map_or("?".into(), |p| p.to_string()),
    );
    for s in &view.steps {
        let why = if s.why.is_empty() {
            String::new()
        } else {
            format!("  ({})", s.why)
        };
        out.push_str(&format!(
            "{:<9} {}:{}  {}{why}\n",
            s.role, s.file, s.line, s.text
        ));
    }
    if let Some(to) = &view.redirect {
        out.push_str(&format!(
            "redirect  nginx answers 301 to {to} (a location with a trailing slash and a *_pass)\n"
        ));
    }
    for n in &view.notes {
        out.push_str(&format!("note      {n}\n"));
    }
    if let Some(why) = &view.stopped {
        out.push_str(&format!("stopped   {why}\n"));
    }
    out
}
