//! Plain text diagnostics, `file:line:col: severity: message`, one per line,
//! the shape editors and CI logs already know how to link.

use crate::analysis::FileDiagnostic;
use crate::input::ConfigSet;

pub fn diagnostics(set: &ConfigSet, diagnostics: &[FileDiagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let file = &set.files[d.file];
        let pos = file.tree.position(d.diagnostic.span.start);
        out.push_str(&format!(
            "{}:{}:{}: {}: {}",
            file.path,
            pos.line,
            pos.column,
            d.diagnostic.severity.as_str(),
            d.diagnostic.message
        ));
        if let Some(help) = &d.diagnostic.help {
            out.push_str(&format!(" ({help})"));
        }
        out.push('\n');
    }
    out
}
