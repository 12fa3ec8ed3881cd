//! What the config itself says about the nginx version it was written for.
//!
//! The target version is the biggest switch of the findings (which
//! directives exist, which defaults the rules assume), and a config often
//! gives its version away: `http2 on;` exists only from 1.25.1, `ssl on;`
//! only before it, `proxy_http_version 2` only from 1.29.4. [`implied`]
//! reads every directive once against the directive table's `since` and
//! `until` (and a few arguments that appeared in a version) and keeps the
//! strongest bound of each side, with the directive that sets it, so the
//! page and the CLI can say which range the config implies and whether the
//! chosen target contradicts it.

use std::fmt;

use crate::analysis::directives::{DirectiveSpec, Version};
use crate::analysis::model::{EntryId, Model};
use crate::input::FileId;
use crate::span::Span;

/// One bound and the directive that sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    pub version: Version,
    pub file: FileId,
    /// The directive's name and arguments (not its block).
    pub span: Span,
    /// What implies the bound, as written: `http2`, `proxy_http_version 2`.
    pub what: String,
}

/// The range of nginx versions the config can be for: at least
/// `at_least.version`, and older than `below.version`. Either side may be
/// unknown (nothing in the config bounds it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImpliedVersions {
    /// The newest `since` among the config's directives (it needs this version or later).
    pub at_least: Option<Bound>,
    /// The oldest `until` among them (nginx removed a directive it uses here).
    pub below: Option<Bound>,
}

/// How the target version stands to what the config implies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict<'a> {
    /// The target is older than a directive of the config.
    TooOld(&'a Bound),
    /// The target no longer has a directive of the config.
    TooNew(&'a Bound),
    /// No nginx version has every directive of the config.
    Impossible {
        at_least: &'a Bound,
        below: &'a Bound,
    },
}

/// Arguments that appeared in a version, beyond the directive table (which
/// knows directives, not their values): directive, value, first version.
const ARGUMENTS: &[(&str, &str, Version)] = &[
    ("proxy_http_version", "2", Version::PROXY_HTTP2),
    ("proxy_http_version", "2.0", Version::PROXY_HTTP2),
    // The `quic` parameter of `listen` (HTTP/3), with ngx_http_v3_module.
    ("listen", "quic", Version(1, 25, 0)),
];

/// The version range the config implies, with the directive behind each bound.
///
/// One pass over the model: a directive's rows in the table give the range
/// in which nginx has it in this context (several rows, several meanings:
/// the union); the strongest lower and upper bounds win, the first in
/// config order on a tie.
pub fn implied(model: &Model<'_>) -> ImpliedVersions {
    let mut out = ImpliedVersions::default();
    for (id, e) in model.entries.iter().enumerate() {
        let all = e.rows.rows();
        if all.iter().all(|r| r.since.is_none() && r.until.is_none()) {
            // Most directives: nothing to learn (and no arguments to read).
            if e.rows.is_known() {
                arguments(model, id, &mut out);
            }
            continue;
        }
        let (since, until) = range(all, e.context.bit());
        if let Some(v) = since {
            raise(&mut out.at_least, model, id, v, None);
        }
        if let Some(v) = until {
            lower(&mut out.below, model, id, v);
        }
        arguments(model, id, &mut out);
    }
    out
}

/// The versions that have a directive of these rows in `context`: from the
/// oldest `since` (`None`: always had it) to the newest `until` (`None`:
/// still has it). Rows for other contexts count only when none fits (the
/// directive is then misplaced, but still written for some version).
fn range(
    all: &[DirectiveSpec],
    context: crate::analysis::directives::Contexts,
) -> (Option<Version>, Option<Version>) {
    let fits = |r: &&DirectiveSpec| r.contexts.intersects(context);
    let any_fits = all.iter().any(|r| fits(&r));
    let rows = || all.iter().filter(move |r| !any_fits || fits(r));
    let since = if rows().any(|r| r.since.is_none()) {
        None
    } else {
        rows().filter_map(|r| r.since).min()
    };
    let until = if rows().any(|r| r.until.is_none()) {
        None
    } else {
        rows().filter_map(|r| r.until).max()
    };
    (since, until)
}

/// Lower bounds from the values of [`ARGUMENTS`].
fn arguments(model: &Model<'_>, id: EntryId, out: &mut ImpliedVersions) {
    let e = &model.entries[id];
    for &(name, value, since) in ARGUMENTS {
        if e.name.as_ref() != name.as_bytes() {
            continue;
        }
        let found = e
            .args()
            .any(|t| e.tree.value(t).as_ref() == value.as_bytes());
        if found {
            raise(&mut out.at_least, model, id, since, Some(value));
        }
    }
}

fn raise(
    slot: &mut Option<Bound>,
    model: &Model<'_>,
    id: EntryId,
    v: Version,
    value: Option<&str>,
) {
    if slot.as_ref().is_none_or(|b| v > b.version) {
        *slot = Some(bound(model, id, v, value));
    }
}

fn lower(slot: &mut Option<Bound>, model: &Model<'_>, id: EntryId, v: Version) {
    if slot.as_ref().is_none_or(|b| v < b.version) {
        *slot = Some(bound(model, id, v, None));
    }
}

fn bound(model: &Model<'_>, id: EntryId, version: Version, value: Option<&str>) -> Bound {
    let e = &model.entries[id];
    let name = crate::bytes::lossy(&e.name).into_owned();
    let start = e.directive.name.span().start;
    let end = e
        .args()
        .last()
        .map_or(e.directive.name.span().end, |t| t.span().end);
    Bound {
        version,
        file: e.file,
        span: Span::new(start, end),
        what: match value {
            Some(v) => format!("{name} {v}"),
            None => name,
        },
    }
}

impl ImpliedVersions {
    /// Whether the config says nothing about its version.
    pub fn is_empty(&self) -> bool {
        self.at_least.is_none() && self.below.is_none()
    }

    /// Whether `version` is in the implied range.
    pub fn admits(&self, version: Version) -> bool {
        self.at_least.as_ref().is_none_or(|b| version >= b.version)
            && self.below.as_ref().is_none_or(|b| version < b.version)
    }

    /// How `target` contradicts the config, if it does.
    pub fn conflict(&self, target: Version) -> Option<Conflict<'_>> {
        match (&self.at_least, &self.below) {
            (Some(at_least), Some(below)) if at_least.version >= below.version => {
                Some(Conflict::Impossible { at_least, below })
            }
            (Some(b), _) if target < b.version => Some(Conflict::TooOld(b)),
            (_, Some(b)) if target >= b.version => Some(Conflict::TooNew(b)),
            _ => None,
        }
    }

    /// The range in words: `1.25.1 or later`, `before 1.25.1`, `1.19.7 or
    /// later and before 1.25.1`; `None` when the config says nothing.
    pub fn range(&self) -> Option<String> {
        match (&self.at_least, &self.below) {
            (None, None) => None,
            (Some(a), None) => Some(format!("{} or later", a.version)),
            (None, Some(b)) => Some(format!("before {}", b.version)),
            (Some(a), Some(b)) => Some(format!("{} or later and before {}", a.version, b.version)),
        }
    }
}

impl Conflict<'_> {
    /// A version to target instead, when there is one to name: the lower
    /// bound when the target is older than the config (nothing for the other
    /// two: "before 1.25.1" names no release).
    pub fn suggestion(&self) -> Option<Version> {
        match self {
            Conflict::TooOld(b) => Some(b.version),
            _ => None,
        }
    }

    /// The bounds involved, lower first.
    pub fn bounds(&self) -> Vec<&Bound> {
        match *self {
            Conflict::TooOld(b) | Conflict::TooNew(b) => vec![b],
            Conflict::Impossible { at_least, below } => vec![at_least, below],
        }
    }
}

impl fmt::Display for Conflict<'_> {
    /// Why, in a clause: the directive in backquotes, no file position (the
    /// caller has the bounds' spans for that).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conflict::TooOld(b) => write!(f, "`{}` needs nginx {} or later", b.what, b.version),
            Conflict::TooNew(b) => write!(f, "`{}` was removed in nginx {}", b.what, b.version),
            Conflict::Impossible { at_least, below } => write!(
                f,
                "no nginx version has both `{}` ({} or later) and `{}` (removed in {})",
                at_least.what, at_least.version, below.what, below.version
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::ConfigSet;

    fn implied_of(text: &str) -> (ConfigSet, ImpliedVersions) {
        let set = ConfigSet::from_text("nginx.conf", text.as_bytes());
        let v = implied(&Model::build(&set));
        (set, v)
    }

    fn line_of(set: &ConfigSet, b: &Bound) -> usize {
        set.files[b.file].tree.position(b.span.start).line
    }

    fn text_of<'s>(set: &'s ConfigSet, b: &Bound) -> &'s str {
        std::str::from_utf8(&set.files[b.file].tree.source()[b.span.start..b.span.end]).unwrap()
    }

    #[test]
    fn http2_on_implies_1_25_1_or_later_with_its_line() {
        let (set, v) =
            implied_of("http {\n  server {\n    listen 443 ssl;\n    http2 on;\n  }\n}\n");
        let b = v.at_least.as_ref().expect("a lower bound");
        assert_eq!(b.version, Version(1, 25, 1));
        assert_eq!(b.what, "http2");
        assert_eq!(line_of(&set, b), 4);
        assert_eq!(text_of(&set, b), "http2 on");
        assert_eq!(v.below, None);
        assert_eq!(v.range().as_deref(), Some("1.25.1 or later"));
        assert!(v.admits(Version(1, 25, 1)));
        assert!(!v.admits(Version(1, 24, 0)));
        assert!(
            matches!(v.conflict(Version(1, 22, 1)), Some(Conflict::TooOld(b)) if b.what == "http2")
        );
        assert_eq!(v.conflict(Version(1, 30, 0)), None);
    }

    #[test]
    fn proxy_http_version_2_is_an_argument_that_appeared_in_1_29_4() {
        let text = "http {\n  server {\n    http2 on;\n    location / {\n      proxy_pass http://b;\n      proxy_http_version 2;\n    }\n  }\n}\n";
        let (set, v) = implied_of(text);
        let b = v.at_least.as_ref().unwrap();
        // The stronger of the two lower bounds wins.
        assert_eq!(b.version, Version::PROXY_HTTP2);
        assert_eq!(b.what, "proxy_http_version 2");
        assert_eq!(line_of(&set, b), 6);
        // 1.1 says nothing.
        let (_, v) = implied_of("http { server { location / { proxy_http_version 1.1; } } }");
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn a_removed_directive_bounds_from_above() {
        let (set, v) = implied_of("http {\n  server {\n    listen 443;\n    ssl on;\n  }\n}\n");
        let b = v.below.as_ref().expect("an upper bound");
        assert_eq!(
            (b.version, b.what.as_str(), line_of(&set, b)),
            (Version(1, 25, 1), "ssl", 4)
        );
        assert_eq!(v.at_least, None);
        assert_eq!(v.range().as_deref(), Some("before 1.25.1"));
        assert!(matches!(
            v.conflict(Version(1, 30, 0)),
            Some(Conflict::TooNew(_))
        ));
        assert_eq!(v.conflict(Version(1, 24, 0)), None);
        assert!(
            v.conflict(Version(1, 25, 1)).is_some(),
            "the until version itself has no `ssl`"
        );
    }

    #[test]
    fn both_bounds_and_a_config_no_version_accepts() {
        // keepalive_time (1.19.10) and ssl on (removed in 1.25.1): a range.
        let (_, v) = implied_of("http { keepalive_time 1h; server { ssl on; } }");
        assert_eq!(
            v.range().as_deref(),
            Some("1.19.10 or later and before 1.25.1")
        );
        assert_eq!(v.conflict(Version(1, 22, 1)), None);
        assert!(matches!(
            v.conflict(Version(1, 18, 0)),
            Some(Conflict::TooOld(_))
        ));
        // http2 on (1.25.1+) and ssl on (before 1.25.1): nothing fits.
        let (_, v) = implied_of("http { server { http2 on; ssl on; } }");
        let c = v
            .conflict(Version(1, 24, 0))
            .expect("a conflict whatever the target");
        assert!(matches!(c, Conflict::Impossible { .. }));
        assert_eq!(
            c.to_string(),
            "no nginx version has both `http2` (1.25.1 or later) and `ssl` (removed in 1.25.1)"
        );
        assert!(!v.admits(Version(1, 24, 0)) && !v.admits(Version(1, 25, 1)));
    }

    #[test]
    fn the_rows_of_the_directives_context_decide() {
        // `resolver` is old in http, new (1.27.3) in an upstream.
        let (_, v) = implied_of("http { resolver 127.0.0.1; server { resolver 127.0.0.1; } }");
        assert!(v.is_empty(), "{v:?}");
        let (set, v) = implied_of(
            "http {\n  upstream u {\n    resolver 127.0.0.1;\n    server a resolve;\n  }\n}\n",
        );
        let b = v.at_least.as_ref().unwrap();
        assert_eq!((b.version, line_of(&set, b)), (Version(1, 27, 3), 3));
        // `server_name` in a stream server: 1.25.5.
        let (_, v) = implied_of("stream { server { listen 12345; server_name a.example; } }");
        assert_eq!(
            v.at_least.map(|b| (b.version, b.what)),
            Some((Version(1, 25, 5), "server_name".into()))
        );
        // `ssl_ocsp`: 1.19.0 in http, 1.27.2 in stream.
        let (_, v) = implied_of("http { server { ssl_ocsp on; } }");
        assert_eq!(v.at_least.map(|b| b.version), Some(Version(1, 19, 0)));
        let (_, v) = implied_of("stream { server { ssl_ocsp on; } }");
        assert_eq!(v.at_least.map(|b| b.version), Some(Version(1, 27, 2)));
    }

    #[test]
    fn listen_quic_is_an_argument_that_appeared_in_1_25_0() {
        // `listen quic` in a server, and nothing for a plain listen.
        let (_, v) = implied_of("http { server { listen 443 quic reuseport; } }");
        assert_eq!(
            v.at_least.map(|b| (b.version, b.what)),
            Some((Version(1, 25, 0), "listen quic".into()))
        );
        let (_, v) = implied_of("http { server { listen 443 ssl http2; } }");
        assert!(v.is_empty());
    }

    #[test]
    fn the_first_directive_wins_a_tie_and_includes_count() {
        let mut mem = crate::input::MemoryFiles::new();
        mem.insert(
            "/n/nginx.conf",
            "http { include a.conf; server { http2 off; } }",
        );
        mem.insert("/n/a.conf", "server {\n  http2 on;\n}\n");
        let set = ConfigSet::load(&["/n/nginx.conf".to_string()], &mem);
        let v = implied(&Model::build(&set));
        let b = v.at_least.unwrap();
        assert_eq!(set.files[b.file].path, "/n/a.conf");
        assert_eq!(set.files[b.file].tree.position(b.span.start).line, 2);
    }
}
