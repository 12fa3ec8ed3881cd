//! The JSON shape of nginxinc/crossplane's `crossplane parse`, so that tools
//! built on crossplane can switch to confine without changes.
//!
//! Differences are deliberate and few: confine keeps going after an error, so
//! a failed file still lists every directive it could read, and warnings
//! (unknown third-party directives) are not errors here, as in nginx.

use serde::Serialize;

use crate::analysis::FileDiagnostic;
use crate::diagnostic::Severity;
use crate::input::{ConfigSet, FileId};
use crate::syntax::{unescape, Directive, End, Item, SourceFile, TokenKind};

/// Blocks nested deeper than this are cut from the JSON (and the cut is
/// reported): serializers recurse, and no real config nests a hundredth as deep.
pub const MAX_JSON_DEPTH: usize = 1000;

#[derive(Serialize, Debug)]
pub struct Payload {
    pub status: &'static str,
    pub errors: Vec<PayloadError>,
    pub config: Vec<ConfigEntry>,
}

#[derive(Serialize, Debug)]
pub struct PayloadError {
    pub file: String,
    pub error: String,
    pub line: usize,
}

#[derive(Serialize, Debug)]
pub struct ConfigEntry {
    pub file: String,
    pub status: &'static str,
    pub errors: Vec<FileError>,
    pub parsed: Vec<Stmt>,
}

#[derive(Serialize, Debug)]
pub struct FileError {
    pub error: String,
    pub line: usize,
}

#[derive(Serialize, Debug)]
pub struct Stmt {
    pub directive: String,
    pub line: usize,
    pub args: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub includes: Option<Vec<usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<Vec<Stmt>>,
}

/// Build the payload for a config set and its diagnostics.
pub fn payload(set: &ConfigSet, diagnostics: &[FileDiagnostic]) -> Payload {
    let mut errors = Vec::new();
    let mut config = Vec::with_capacity(set.files.len());
    for (id, file) in set.files.iter().enumerate() {
        let mut file_errors = Vec::new();
        for d in diagnostics
            .iter()
            .filter(|d| d.file == id && d.diagnostic.severity == Severity::Error)
        {
            let line = file.tree.position(d.diagnostic.span.start).line;
            let error = format!("{} in {}:{}", d.diagnostic.message, file.path, line);
            errors.push(PayloadError {
                file: file.path.clone(),
                error: error.clone(),
                line,
            });
            file_errors.push(FileError { error, line });
        }
        config.push(ConfigEntry {
            file: file.path.clone(),
            status: if file_errors.is_empty() {
                "ok"
            } else {
                "failed"
            },
            errors: file_errors,
            parsed: statements(set, id, &file.tree.items, 0),
        });
    }
    Payload {
        status: if errors.is_empty() { "ok" } else { "failed" },
        errors,
        config,
    }
}

fn statements(set: &ConfigSet, id: FileId, items: &[Item], depth: usize) -> Vec<Stmt> {
    let tree = &set.files[id].tree;
    items
        .iter()
        .filter_map(|item| match item {
            Item::Directive(d) => Some(statement(set, id, tree, d, depth)),
            _ => None,
        })
        .collect()
}

fn statement(set: &ConfigSet, id: FileId, tree: &SourceFile, d: &Directive, depth: usize) -> Stmt {
    let directive =
        String::from_utf8_lossy(&unescape(tree.text(d.name.span), d.name.kind)).into_owned();
    let mut args: Vec<String> = d
        .args()
        .map(|t| crossplane_arg(tree.text(t.span), t.kind))
        .collect();
    if directive == "if" {
        strip_if_parens(&mut args);
    }
    let mut block = None;
    match &d.end {
        End::Block(b) if depth < MAX_JSON_DEPTH => {
            block = Some(statements(set, id, &b.items, depth + 1))
        }
        End::Block(_) => block = Some(Vec::new()),
        End::Raw { body, .. } => args.push(tree.text_lossy(body.span).into_owned()),
        _ => {}
    }
    let includes = (directive == "include").then(|| set.included(id, d).to_vec());
    Stmt {
        directive,
        line: tree.position(d.name.span.start).line,
        args,
        includes,
        block,
    }
}

/// crossplane strips the quotes of a quoted argument and resolves only an
/// escaped quote of the same kind; every other backslash stays.
fn crossplane_arg(raw: &[u8], kind: TokenKind) -> String {
    let quote = match kind {
        TokenKind::DoubleQuoted => b'"',
        TokenKind::SingleQuoted => b'\'',
        _ => return String::from_utf8_lossy(raw).into_owned(),
    };
    let inner = &raw[1..];
    let inner = match inner.last() {
        Some(&q) if q == quote => &inner[..inner.len() - 1],
        _ => inner,
    };
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        if inner[i] == b'\\' && i + 1 < inner.len() {
            if inner[i + 1] != quote {
                out.push(b'\\');
            }
            out.push(inner[i + 1]);
            i += 2;
        } else {
            out.push(inner[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `if ( $a = b )` has the arguments `$a`, `=`, `b` in crossplane.
fn strip_if_parens(args: &mut Vec<String>) {
    let wrapped = args.first().is_some_and(|a| a.starts_with('('))
        && args.last().is_some_and(|a| a.ends_with(')'));
    if !wrapped {
        return;
    }
    args[0] = args[0][1..].trim_start().to_string();
    if let Some(last) = args.last_mut() {
        last.pop();
        *last = last.trim_end().to_string();
    }
    if args.first().is_some_and(String::is_empty) {
        args.remove(0);
    }
    if args.last().is_some_and(String::is_empty) {
        args.pop();
    }
}
