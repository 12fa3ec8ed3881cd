//! The report as JSON with positions resolved: what `confine check --format
//! json` prints and what the page receives.

use serde_json::{json, Value};

use crate::input::ConfigSet;
use crate::report::Report;
use crate::span::Span;

fn place(set: &ConfigSet, file: usize, span: Span) -> Value {
    let tree = &set.files[file].tree;
    let start = tree.position(span.start);
    let end = tree.position(span.end);
    json!({
        "file": set.files[file].path,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "start": span.start,
        "end": span.end,
    })
}

pub fn report(set: &ConfigSet, report: &Report) -> Value {
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "code": d.diagnostic.code.as_str(),
                "severity": d.diagnostic.severity.as_str(),
                "message": d.diagnostic.message,
                "help": d.diagnostic.help,
                "location": place(set, d.file, d.diagnostic.span),
            })
        })
        .collect();
    // Whether each finding's fix was applied (a lookup per finding in the
    // list of applied ones was quadratic on large configs).
    let mut applied = vec![false; report.findings.len()];
    for &i in &report.applied {
        if let Some(a) = applied.get_mut(i) {
            *a = true;
        }
    }
    let findings: Vec<Value> = report
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let rule = crate::rules::rule(f.rule).map(|r| r.meta());
            json!({
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "message": f.message,
                "explanation": rule.map(|m| m.explanation).unwrap_or(crate::rules::suppress::META.explanation),
                "docs": rule.map(|m| m.docs),
                "location": place(set, f.file, f.span),
                "fix": f.fix.as_ref().map(|fx| json!({
                    "description": fx.description,
                    "applicability": fx.applicability,
                    "applied": applied[i],
                })),
            })
        })
        .collect();
    json!({
        "diagnostics": diagnostics,
        "findings": findings,
        "fixed": report.fixed.iter().map(|f| json!({
            "path": f.path,
            "text": String::from_utf8_lossy(&f.text),
            "diff": f.diff,
        })).collect::<Vec<_>>(),
        "skipped": report.skipped.iter().map(|(i, why)| json!({ "finding": i, "reason": why })).collect::<Vec<_>>(),
        "patch": report.patch,
    })
}
