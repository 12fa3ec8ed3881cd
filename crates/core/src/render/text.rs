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
        push_shown(&mut out, &file.path);
        // Writing to a String cannot fail.
        let _ = write!(
            out,
            ":{}:{}: {}: ",
            pos.line,
            pos.column,
            d.diagnostic.severity.as_str(),
        );
        push_shown(&mut out, &d.diagnostic.message);
        if let Some(help) = &d.diagnostic.help {
            out.push_str(" (");
            push_shown(&mut out, help);
            out.push(')');
        }
        out.push('\n');
    }
    out
}

/// Findings as `file:line:col: severity[rule-id]: message`, one per line.
/// Pieces pushed one after the other (a large config has thousands of
/// findings, and the formatting machinery was most of this).
pub fn findings(set: &ConfigSet, findings: &[crate::rules::Finding]) -> String {
    findings_with_log(set, findings, "error log")
}

/// [`findings`], each finding an error-log line proves followed by that
/// line, indented, as `    LOG:LINE: TEXT` (`log_name`: the log as the
/// user named it).
pub fn findings_with_log(
    set: &ConfigSet,
    findings: &[crate::rules::Finding],
    log_name: &str,
) -> String {
    let mut out = String::with_capacity(findings.len() * 120);
    let mut number = itoa::Buffer::new();
    for f in findings {
        let file = &set.files[f.file];
        let pos = file.tree.position(f.span.start);
        // Runs of pieces: the number buffer holds one number at a time.
        push_shown(&mut out, &file.path);
        for piece in [":", number.format(pos.line), ":"] {
            out.push_str(piece);
        }
        for piece in [
            number.format(pos.column),
            ": ",
            f.severity.as_str(),
            "[",
            f.rule,
            "]: ",
        ] {
            out.push_str(piece);
        }
        push_shown(&mut out, &f.message);
        out.push('\n');
        if let Some(log) = &f.log {
            out.push_str("    ");
            push_shown(&mut out, log_name);
            for piece in [":", number.format(log.line), ": "] {
                out.push_str(piece);
            }
            push_shown(&mut out, &log.text);
            out.push('\n');
        }
    }
    out
}

/// Push `text` with what a terminal would act on or hide escaped: control
/// characters (an ESC from a config must not recolour or rewrite the
/// user's terminal, a line break must not forge a diagnostic line),
/// bidirectional overrides and invisible marks such as a byte order mark.
fn push_shown(out: &mut String, text: &str) {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
}

fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::push_shown;

    #[test]
    fn control_and_invisible_characters_are_escaped() {
        let mut out = String::new();
        push_shown(
            &mut out,
            "unknown directive \"foo\u{1b}[31m\nx.conf:1:1: error: forged\u{feff}\u{202e}\" é",
        );
        assert_eq!(
            out,
            "unknown directive \"foo\\u{1b}[31m\\u{a}x.conf:1:1: error: forged\\u{feff}\\u{202e}\" é"
        );
        let mut plain = String::new();
        push_shown(&mut plain, "plain text");
        assert_eq!(plain, "plain text");
    }
}
