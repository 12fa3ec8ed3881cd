//! Plain text diagnostics, `file:line:col: severity: message`, one per line,
//! the shape editors and CI logs already know how to link.

use std::fmt::Write as _;

use crate::analysis::FileDiagnostic;
use crate::input::ConfigSet;

pub fn diagnostics(set: &ConfigSet, diagnostics: &[FileDiagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let file = &set.files[d.file];
        let pos = file.tree.position(d.diagnostic.span.start);
        // Writing to a String cannot fail.
        let _ = write!(
            out,
            "{}:{}:{}: {}: {}",
            file.path,
            pos.line,
            pos.column,
            d.diagnostic.severity.as_str(),
            d.diagnostic.message
        );
        if let Some(help) = &d.diagnostic.help {
            let _ = write!(out, " ({help})");
        }
        out.push('\n');
    }
    out
}

/// Findings as `file:line:col: severity[rule-id]: message`, one per line.
/// Pieces pushed one after the other (a large config has thousands of
/// findings, and the formatting machinery was most of this).
pub fn findings(set: &ConfigSet, findings: &[crate::rules::Finding]) -> String {
    let mut out = String::with_capacity(findings.len() * 120);
    let mut number = itoa::Buffer::new();
    for f in findings {
        let file = &set.files[f.file];
        let pos = file.tree.position(f.span.start);
        // Two runs of pieces: the number buffer holds one number at a time.
        for piece in [file.path.as_str(), ":", number.format(pos.line), ":"] {
            out.push_str(piece);
        }
        for piece in [
            number.format(pos.column),
            ": ",
            f.severity.as_str(),
            "[",
            f.rule,
            "]: ",
            f.message.as_str(),
            "\n",
        ] {
            out.push_str(piece);
        }
    }
    out
}
