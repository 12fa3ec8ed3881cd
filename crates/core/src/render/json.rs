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
//! thousand findings of a handful of rules).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::input::ConfigSet;
use crate::render::diff::FileDiff;
use crate::report::Report;
use crate::rules::RuleMeta;
use crate::span::Span;

#[derive(Serialize)]
pub struct JsonReport<'a> {
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    pub findings: Vec<JsonFinding<'a>>,
    pub fixed: Vec<JsonFixed<'a>>,
    pub patch: &'a str,
    /// Explanation and docs per rule id ([`report_with_rules`] only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<BTreeMap<&'static str, RuleDoc>>,
    pub skipped: Vec<JsonSkipped<'a>>,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub code: &'static str,
    pub help: Option<&'a str>,
    pub location: Location<'a>,
    pub message: &'a str,
    pub severity: &'static str,
}

#[derive(Serialize)]
pub struct JsonFinding<'a> {
    /// Present in [`report`], in `rules` with [`report_with_rules`].
    #[serde(flatten)]
    pub doc: Option<RuleDoc>,
    pub fix: Option<JsonFix<'a>>,
    pub location: Location<'a>,
    pub message: &'a str,
    pub rule: &'static str,
    pub severity: &'static str,
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
    pub diff: &'a FileDiff,
    pub path: &'a str,
    pub text: String,
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
                diff: &f.diff,
                path: &f.path,
                text: String::from_utf8_lossy(&f.text).into_owned(),
            })
            .collect(),
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
    }
}
