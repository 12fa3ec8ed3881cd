//! The report as JSON with positions resolved: what `confine check --format
//! json` prints and what the page receives.
//!
//! Typed and borrowed, serialized straight from the report: building a
//! `serde_json::Value` tree first doubled the work on large configs. Fields
//! are declared in alphabetical order, the order the output has always had.
//!
//! Two shapes: [`report`] writes each finding's explanation and docs link
//! beside it (the CLI: every finding stands alone); [`report_with_rules`]
//! writes them once per rule in `rules` (the page: a 10k-line config has a
//! thousand findings of a handful of rules), and leaves out each file's
//! unified diff (the page has them all in `patch`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::versions::Bound;
use crate::input::ConfigSet;
use crate::render::diff::Hunk;
use crate::report::{LogReport, Report, Versions};
use crate::rules::RuleMeta;
use crate::span::Span;

#[derive(Serialize)]
pub struct JsonReport<'a> {
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    pub findings: Vec<JsonFinding<'a>>,
    pub fixed: Vec<JsonFixed<'a>>,
    /// The error log's events and the findings each proves; `null` without a log.
    pub log: Option<&'a LogReport>,
    pub patch: &'a str,
    /// Explanation and docs per rule id ([`report_with_rules`] only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<BTreeMap<&'static str, RuleDoc>>,
    pub skipped: Vec<JsonSkipped<'a>>,
    pub versions: JsonVersions<'a>,
}

/// The target version and what the config implies about its own (see
/// `analysis::versions`): the page shows it beside the findings.
#[derive(Serialize)]
pub struct JsonVersions<'a> {
    /// The config needs this version or later.
    pub at_least: Option<JsonBound<'a>>,
    /// The config needs a version older than this.
    pub below: Option<JsonBound<'a>>,
    /// How the target contradicts the config, in a sentence; `null` when it does not.
    pub conflict: Option<String>,
    /// The implied range in words (`1.25.1 or later`); `null` when the config says nothing.
    pub range: Option<String>,
    /// A version to target instead, when the target is too old for the config.
    pub suggestion: Option<crate::options::Version>,
    /// What the config implies and why, in a sentence (always present).
    pub summary: String,
    /// The version the findings are for.
    pub target: crate::options::Version,
}

#[derive(Serialize)]
pub struct JsonBound<'a> {
    pub location: Location<'a>,
    pub version: crate::options::Version,
    /// The directive (and argument) that implies it: `http2`, `proxy_http_version 2`.
    pub what: &'a str,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub code: &'static str,
    pub help: Option<&'a str>,
    pub location: Location<'a>,
    pub message: &'a str,
    pub severity: &'static str,
}

pub struct JsonFinding<'a> {
    /// Present in [`report`], in `rules` with [`report_with_rules`].
    pub doc: Option<RuleDoc>,
    pub fix: Option<JsonFix<'a>>,
    pub location: Location<'a>,
    /// The error-log line that proves the finding; `null` when none does.
    pub log: Option<JsonLog<'a>>,
    pub message: &'a str,
    pub rule: &'static str,
    pub severity: &'static str,
}

/// A finding's log line: where it is in the log, as written, and its cause.
#[derive(Serialize)]
pub struct JsonLog<'a> {
    pub cause: &'static str,
    pub line: usize,
    pub text: &'a str,
}

/// By hand rather than with `#[serde(flatten)]` for `doc`: flattening makes
/// serde write a map with every key built anew, which for the page's JS
/// values (serde-wasm-bindgen) cost a string per key of every finding.
impl Serialize for JsonFinding<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = if self.doc.is_some() { 8 } else { 6 };
        let mut st = serializer.serialize_struct("JsonFinding", fields)?;
        if let Some(doc) = &self.doc {
            st.serialize_field("docs", &doc.docs)?;
            st.serialize_field("explanation", &doc.explanation)?;
        }
        st.serialize_field("fix", &self.fix)?;
        st.serialize_field("location", &self.location)?;
        st.serialize_field("log", &self.log)?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("rule", &Name(self.rule))?;
        st.serialize_field("severity", &Name(self.severity))?;
        st.end()
    }
}

/// A fixed name (a rule id, a severity) that the same run writes many
/// times. Serialized as a unit variant, which serde_json (the CLI's JSON
/// and SARIF) writes as the plain string `"name"`, and which
/// serde-wasm-bindgen makes into a JS string once and then reuses, where a
/// `&str` becomes a new JS string each time: a thousand findings, two
/// strings each.
struct Name(&'static str);

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit_variant("Name", 0, self.0)
    }
}

/// Why a rule's findings matter, and where nginx documents it.
#[derive(Clone, Copy, Serialize)]
pub struct RuleDoc {
    pub docs: Option<&'static str>,
    pub explanation: &'static str,
}

#[derive(Serialize)]
pub struct JsonFix<'a> {
    pub applicability: crate::fix::Applicability,
    pub applied: bool,
    pub description: &'a str,
}

#[derive(Serialize)]
pub struct JsonFixed<'a> {
    pub diff: JsonDiff<'a>,
    pub path: &'a str,
    pub text: Cow<'a, str>,
}

/// A [`FileDiff`](crate::render::diff::FileDiff); without its unified text for the page, which has the
/// whole patch in `patch` already.
#[derive(Serialize)]
pub struct JsonDiff<'a> {
    pub hunks: &'a [Hunk],
    pub path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unified: Option<&'a str>,
}

#[derive(Serialize)]
pub struct JsonSkipped<'a> {
    pub finding: usize,
    pub reason: &'a str,
}

#[derive(Serialize)]
pub struct Location<'a> {
    pub column: usize,
    pub end: usize,
    pub end_column: usize,
    pub end_line: usize,
    pub file: &'a str,
    pub line: usize,
    pub start: usize,
}

fn place(set: &ConfigSet, file: usize, span: Span) -> Location<'_> {
    let tree = &set.files[file].tree;
    let start = tree.position(span.start);
    let end = tree.position(span.end);
    Location {
        column: start.column,
        end: span.end,
        end_column: end.column,
        end_line: end.line,
        file: &set.files[file].path,
        line: start.line,
        start: span.start,
    }
}

fn doc_of(rule: &str) -> RuleDoc {
    let meta: Option<&RuleMeta> = crate::rules::rule(rule).map(|r| r.meta());
    RuleDoc {
        docs: meta.map(|m| m.docs),
        explanation: meta.map_or(crate::rules::suppress::META.explanation, |m| m.explanation),
    }
}

/// Each finding with its explanation (the CLI's `--format json`).
pub fn report<'a>(set: &'a ConfigSet, report: &'a Report) -> JsonReport<'a> {
    build(set, report, false)
}

/// Explanations once per rule, in `rules` (the page).
pub fn report_with_rules<'a>(set: &'a ConfigSet, report: &'a Report) -> JsonReport<'a> {
    build(set, report, true)
}

fn build<'a>(set: &'a ConfigSet, report: &'a Report, table: bool) -> JsonReport<'a> {
    // Whether each finding's fix was applied (a lookup per finding in the
    // list of applied ones was quadratic on large configs).
    let mut applied = vec![false; report.findings.len()];
    for &i in &report.applied {
        if let Some(a) = applied.get_mut(i) {
            *a = true;
        }
    }
    let mut rules = BTreeMap::new();
    let findings = report
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let doc = if table {
                rules.entry(f.rule).or_insert_with(|| doc_of(f.rule));
                None
            } else {
                Some(doc_of(f.rule))
            };
            JsonFinding {
                doc,
                fix: f.fix.as_ref().map(|fx| JsonFix {
                    applicability: fx.applicability,
                    applied: applied[i],
                    description: &fx.description,
                }),
                location: place(set, f.file, f.span),
                log: f.log.as_ref().map(|l| JsonLog {
                    cause: l.cause,
                    line: l.line,
                    text: &l.text,
                }),
                message: &f.message,
                rule: f.rule,
                severity: f.severity.as_str(),
            }
        })
        .collect();
    JsonReport {
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.diagnostic.code.as_str(),
                help: d.diagnostic.help.as_deref(),
                location: place(set, d.file, d.diagnostic.span),
                message: &d.diagnostic.message,
                severity: d.diagnostic.severity.as_str(),
            })
            .collect(),
        findings,
        fixed: report
            .fixed
            .iter()
            .map(|f| JsonFixed {
                diff: JsonDiff {
                    hunks: &f.diff.hunks,
                    path: &f.diff.path,
                    unified: (!table).then_some(f.diff.unified.as_str()),
                },
                path: &f.path,
                text: crate::bytes::lossy(&f.text),
            })
            .collect(),
        log: report.log.as_ref(),
        patch: &report.patch,
        rules: table.then_some(rules),
        skipped: report
            .skipped
            .iter()
            .map(|(i, why)| JsonSkipped {
                finding: *i,
                reason: why,
            })
            .collect(),
        versions: versions(set, &report.versions),
    }
}

fn versions<'a>(set: &'a ConfigSet, v: &'a Versions) -> JsonVersions<'a> {
    let bound = |b: &'a Bound| JsonBound {
        location: place(set, b.file, b.span),
        version: b.version,
        what: &b.what,
    };
    JsonVersions {
        at_least: v.implied.at_least.as_ref().map(bound),
        below: v.implied.below.as_ref().map(bound),
        conflict: v.conflict_sentence(),
        range: v.implied.range(),
        suggestion: v.conflict().and_then(|c| c.suggestion()),
        summary: v.summary(set),
        target: v.target,
    }
}
