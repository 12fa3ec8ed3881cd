//! The one call both front ends make: [`analyze`] a set of files under some
//! options, and get back everything there is to show: diagnostics, findings
//! with their fixes, the fixed files and their diffs.

use serde::Serialize;

use crate::analysis::diagnose;
use crate::analysis::versions::{self, ImpliedVersions};
use crate::analysis::{validate_model, FileDiagnostic, Model};
use crate::fix::{self, Applicability};
use crate::input::error_log::{ErrorLog, Level};
use crate::input::{ConfigSet, FileId};
use crate::options::{Options, Version};
use crate::render::diff::{diff_regions, FileDiff};
use crate::rules::{self, Finding};

/// A file after fixing, only for files that changed.
#[derive(Clone, Debug, Serialize)]
pub struct FixedFile {
    pub file: FileId,
    pub path: String,
    /// The new contents (lossy UTF-8 in JSON; the CLI writes the exact bytes).
    #[serde(serialize_with = "lossy")]
    pub text: Vec<u8>,
    pub diff: FileDiff,
}

/// Serialize bytes as a string, invalid UTF-8 replaced (JSON cannot carry it).
pub(crate) fn lossy<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::bytes::lossy(bytes))
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub diagnostics: Vec<FileDiagnostic>,
    pub findings: Vec<Finding>,
    /// Files the applied fixes change.
    pub fixed: Vec<FixedFile>,
    /// Indexes into `findings` whose fix was applied.
    pub applied: Vec<usize>,
    /// Indexes into `findings` whose fix was left out, and why.
    pub skipped: Vec<(usize, String)>,
    /// All diffs concatenated: a patch for `git apply` / `patch -p1`.
    pub patch: String,
    /// The version the findings are for, and the range the config itself
    /// implies (in JSON through `render::json`'s `versions`).
    #[serde(skip)]
    pub versions: Versions,
    /// The error log, when one was given: its events and the findings each
    /// one proves.
    pub log: Option<LogReport>,
}

/// The error log as the report shows it. Fields in alphabetical order, as
/// in the rest of the JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogReport {
    /// Every event of the log, in order.
    pub events: Vec<LogEvent>,
    /// Lines that are neither an event, part of one, nor blank.
    pub ignored: usize,
    /// Lines in the log.
    pub lines: usize,
}

/// One event of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogEvent {
    /// `Cause::id`.
    pub cause: &'static str,
    /// Indexes into `Report::findings` of the findings it proves.
    pub findings: Vec<usize>,
    pub host: Option<String>,
    pub last_line: usize,
    pub level: Level,
    /// The 1-based line it starts on.
    pub line: usize,
    /// What it means, in words.
    pub meaning: String,
    /// The request line, as logged.
    pub request: Option<String>,
    pub server: Option<String>,
    /// The upstream, as logged.
    pub upstream: Option<String>,
}

impl LogReport {
    fn of(log: &ErrorLog, findings: &[Finding]) -> LogReport {
        let mut events: Vec<LogEvent> = log
            .events
            .iter()
            .map(|e| LogEvent {
                cause: e.cause.id(),
                findings: Vec::new(),
                host: e.host.clone(),
                last_line: e.last_line,
                level: e.level,
                line: e.line,
                meaning: e.meaning(),
                request: e.request.as_ref().map(|r| r.raw.clone()),
                server: e.server.clone(),
                upstream: e.upstream.as_ref().map(|u| u.raw.clone()),
            })
            .collect();
        for (i, f) in findings.iter().enumerate() {
            for &event in f.log.iter().flat_map(|l| &l.events) {
                if let Some(e) = events.get_mut(event) {
                    e.findings.push(i);
                }
            }
        }
        LogReport {
            events,
            ignored: log.ignored_count(),
            lines: log.lines,
        }
    }
}

/// The target nginx version beside what the config reveals of its own
/// (`http2 on;` is 1.25.1 or later, ...): see [`versions::implied`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Versions {
    pub target: Version,
    pub implied: ImpliedVersions,
}

impl Versions {
    /// How the target contradicts the config, if it does.
    pub fn conflict(&self) -> Option<versions::Conflict<'_>> {
        self.implied.conflict(self.target)
    }

    /// What the config implies and why, in a sentence naming each directive
    /// and its `file:line`.
    pub fn summary(&self, set: &ConfigSet) -> String {
        let at = |b: &versions::Bound| {
            let line = set.files[b.file].tree.position(b.span.start).line;
            format!("`{}`, {}:{}", b.what, set.files[b.file].path, line)
        };
        match (&self.implied.at_least, &self.implied.below) {
            (None, None) => "Nothing in the config tells which nginx version it is for.".into(),
            (Some(a), None) => {
                format!(
                    "The config implies nginx {} or later ({}).",
                    a.version,
                    at(a)
                )
            }
            (None, Some(b)) => {
                format!("The config implies nginx before {} ({}).", b.version, at(b))
            }
            (Some(a), Some(b)) => format!(
                "The config implies nginx {} or later ({}) and before {} ({}).",
                a.version,
                at(a),
                b.version,
                at(b)
            ),
        }
    }

    /// The conflict in a sentence, if there is one.
    pub fn conflict_sentence(&self) -> Option<String> {
        self.conflict().map(|c| match c {
            versions::Conflict::Impossible { .. } => format!("The config contradicts itself: {c}."),
            _ => format!(
                "The target nginx {} contradicts the config: {c}.",
                self.target
            ),
        })
    }
}

/// Parse, check, fix and diff. Safe fixes are applied; suggestions too when
/// `options.apply_suggestions` is set.
pub fn analyze(set: &ConfigSet, options: &Options) -> Report {
    analyze_with(set, options, None)
}

/// [`analyze`] with the error log the config's nginx wrote: each of its
/// events is routed to the server, location and backend it was about
/// (`analysis::diagnose`), and becomes a finding where the config explains
/// it (see docs/architecture.md).
pub fn analyze_with(set: &ConfigSet, options: &Options, log: Option<&ErrorLog>) -> Report {
    let model = Model::build(set);
    let mut diagnostics = validate_model(&model, options.nginx_version);
    if options.strict {
        crate::analysis::unknown::make_strict(&mut diagnostics);
    }
    let diagnosed = log.map(|l| diagnose::diagnose(&model, l));
    let findings = rules::run_with(&model, options, diagnosed.as_ref());
    let log = log.map(|l| LogReport::of(l, &findings));
    let implied = versions::implied(&model);
    // By rank, then in the findings' order: one pass per rank rather than a
    // sort, whose monomorphization costs the page's wasm ~2 KB.
    let ranked: Vec<(usize, usize, &fix::Fix)> = findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.fix.as_ref().map(|fx| (rules::fix_rank(f.rule), i, fx)))
        .filter(|(_, _, fx)| options.apply_suggestions || fx.applicability == Applicability::Safe)
        .collect();
    let mut wanted: Vec<(usize, &fix::Fix)> = Vec::with_capacity(ranked.len());
    for rank in 0..=rules::FIX_ORDER.len() {
        wanted.extend(ranked.iter().filter(|r| r.0 == rank).map(|r| (r.1, r.2)));
    }
    let fixes: Vec<&fix::Fix> = wanted.iter().map(|(_, f)| *f).collect();
    let applied = fix::apply(set, &fixes);
    let mut fixed = Vec::new();
    let mut patch = String::new();
    for ((file, text), regions) in applied.files.into_iter().zip(&applied.regions) {
        let path = set.files[file].path.clone();
        let d = diff_regions(&path, set.files[file].tree.source(), &text, regions);
        patch.push_str(&d.unified);
        fixed.push(FixedFile {
            file,
            path,
            text,
            diff: d,
        });
    }
    let applied_ids = applied.applied.iter().map(|&i| wanted[i].0).collect();
    let skipped = applied
        .skipped
        .into_iter()
        .map(|(i, why)| (wanted[i].0, why))
        .collect();
    Report {
        diagnostics,
        findings,
        fixed,
        applied: applied_ids,
        skipped,
        patch,
        versions: Versions {
            target: options.nginx_version,
            implied,
        },
        log,
    }
}
