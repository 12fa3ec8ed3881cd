//! SARIF 2.1.0, the format code-scanning UIs (GitHub, GitLab, Azure DevOps)
//! read: one run, the rules that fired with their help, one result per finding.

use serde_json::{json, Value};

use crate::analysis::FileDiagnostic;
use crate::diagnostic::Severity;
use crate::input::ConfigSet;
use crate::rules::{self, Finding};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn location(set: &ConfigSet, file: usize, span: crate::span::Span) -> Value {
    let tree = &set.files[file].tree;
    let start = tree.position(span.start);
    let end = tree.position(span.end);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": set.files[file].path.trim_start_matches('/') },
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            }
        }
    })
}

/// The SARIF log for diagnostics (reported under their code) and findings.
pub fn sarif(set: &ConfigSet, diagnostics: &[FileDiagnostic], findings: &[Finding]) -> Value {
    sarif_with_log(set, diagnostics, findings, None)
}

/// [`sarif`], each finding that an error-log line proves carrying that line
/// as a related location in `log_path` (the log file as the user named it).
pub fn sarif_with_log(
    set: &ConfigSet,
    diagnostics: &[FileDiagnostic],
    findings: &[Finding],
    log_path: Option<&str>,
) -> Value {
    let mut rule_ids: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let mut descriptors: Vec<Value> = rule_ids
        .iter()
        .map(|id| match rules::rule(id) {
            Some(rule) => {
                let meta = rule.meta();
                json!({
                    "id": meta.id,
                    "shortDescription": { "text": meta.summary },
                    "fullDescription": { "text": meta.explanation },
                    "helpUri": meta.docs,
                    "defaultConfiguration": { "level": level(meta.severity) },
                })
            }
            None => json!({ "id": id }),
        })
        .collect();
    let mut codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d.diagnostic.code.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    descriptors.extend(codes.iter().map(|code| json!({ "id": code, "shortDescription": { "text": format!("nginx configuration: {code}") } })));
    let mut results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            json!({
                "ruleId": d.diagnostic.code.as_str(),
                "level": level(d.diagnostic.severity),
                "message": { "text": d.diagnostic.message },
                "locations": [location(set, d.file, d.diagnostic.span)],
            })
        })
        .collect();
    results.extend(findings.iter().map(|f| {
        let mut result = json!({
            "ruleId": f.rule,
            "level": level(f.severity),
            "message": { "text": f.message },
            "locations": [location(set, f.file, f.span)],
        });
        if let Some(log) = &f.log {
            result["relatedLocations"] = json!([{
                "id": 1,
                "physicalLocation": {
                    "artifactLocation": { "uri": log_path.unwrap_or("error.log").trim_start_matches('/') },
                    "region": { "startLine": log.line },
                },
                "message": { "text": log.text },
            }]);
        }
        result
    }));
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "confine",
                "informationUri": "https://nginx.org/en/docs/",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "results": results,
        }]
    })
}
