//! The JSON shape of nginxinc/crossplane's `crossplane parse`, so that tools
//! built on crossplane can switch to confine without changes.
//!
//! Differences are deliberate and few: confine keeps going after an error, so
//! a failed file still lists every directive it could read, and warnings
//! (unknown third-party directives) are not errors here, as in nginx.

use std::borrow::Cow;

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

use crate::analysis::FileDiagnostic;
use crate::diagnostic::Severity;
use crate::input::{ConfigSet, FileId};
use crate::syntax::{unescape, Directive, End, Item, TokenKind};

/// Blocks nested deeper than this are cut from the JSON (and the cut is
/// reported): serializers recurse, and no real config nests a hundredth as deep.
pub const MAX_JSON_DEPTH: usize = 1000;

#[derive(Serialize)]
pub struct Payload<'a> {
    pub status: &'static str,
    pub errors: Vec<PayloadError>,
    pub config: Vec<ConfigEntry<'a>>,
}

#[derive(Serialize, Debug)]
pub struct PayloadError {
    pub file: String,
    pub error: String,
    pub line: usize,
}

#[derive(Serialize)]
pub struct ConfigEntry<'a> {
    pub file: &'a str,
    pub status: &'static str,
    pub errors: Vec<FileError>,
    pub parsed: Statements<'a>,
}

#[derive(Serialize, Debug)]
pub struct FileError {
    pub error: String,
    pub line: usize,
}

/// The directives of a block (or of a file's top level) as crossplane lists
/// them. Serialized straight from the syntax tree: building the whole
/// payload as owned strings first (one per directive and argument) took a
/// quarter of the time of `confine parse --json` on large configs.
pub struct Statements<'a> {
    set: &'a ConfigSet,
    file: FileId,
    items: &'a [Item],
    depth: usize,
}

/// One directive: `directive`, `line`, `args`, then `includes` for an
/// include and `block` for a block, in crossplane's key order.
struct Statement<'a> {
    set: &'a ConfigSet,
    file: FileId,
    directive: &'a Directive,
    depth: usize,
}

/// Build the payload for a config set and its diagnostics.
pub fn payload<'a>(set: &'a ConfigSet, diagnostics: &[FileDiagnostic]) -> Payload<'a> {
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
            file: &file.path,
            status: if file_errors.is_empty() {
                "ok"
            } else {
                "failed"
            },
            errors: file_errors,
            parsed: Statements {
                set,
                file: id,
                items: &file.tree.items,
                depth: 0,
            },
        });
    }
    Payload {
        status: if errors.is_empty() { "ok" } else { "failed" },
        errors,
        config,
    }
}

impl Serialize for Statements<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for item in self.items {
            if let Item::Directive(d) = item {
                seq.serialize_element(&Statement {
                    set: self.set,
                    file: self.file,
                    directive: d,
                    depth: self.depth,
                })?;
            }
        }
        seq.end()
    }
}

impl Serialize for Statement<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (set, d) = (self.set, self.directive);
        let tree = &set.files[self.file].tree;
        let name = unescape(tree.text(d.name.span()), d.name.kind);
        let directive = String::from_utf8_lossy(&name);
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("directive", &directive)?;
        map.serialize_entry("line", &tree.position(d.name.span().start).line)?;
        let raw_body = match &d.end {
            End::Raw(raw) => Some(tree.text_lossy(raw.body.span())),
            _ => None,
        };
        let args = d
            .args()
            .map(|t| crossplane_arg(tree.text(t.span()), t.kind));
        if directive == "if" {
            let mut args: Vec<Cow<'_, str>> = args.collect();
            strip_if_parens(&mut args);
            args.extend(raw_body);
            map.serialize_entry("args", &args)?;
        } else {
            map.serialize_entry(
                "args",
                &Seq(std::cell::Cell::new(Some(args.chain(raw_body)))),
            )?;
        }
        if directive == "include" {
            map.serialize_entry("includes", set.included(self.file, d))?;
        }
        if let End::Block(b) = &d.end {
            // Deeper blocks are cut (reported with the diagnostics).
            let items: &[Item] = if self.depth < MAX_JSON_DEPTH {
                &b.items
            } else {
                &[]
            };
            map.serialize_entry(
                "block",
                &Statements {
                    set,
                    file: self.file,
                    items,
                    depth: self.depth + 1,
                },
            )?;
        }
        map.end()
    }
}

/// An iterator serialized as a JSON array without collecting it (once).
struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for item in self.0.take().into_iter().flatten() {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// crossplane strips the quotes of a quoted argument and resolves only an
/// escaped quote of the same kind; every other backslash stays.
fn crossplane_arg(raw: &[u8], kind: TokenKind) -> Cow<'_, str> {
    let quote = match kind {
        TokenKind::DoubleQuoted => b'"',
        TokenKind::SingleQuoted => b'\'',
        _ => return String::from_utf8_lossy(raw),
    };
    let inner = &raw[1..];
    let inner = match inner.last() {
        Some(&q) if q == quote => &inner[..inner.len() - 1],
        _ => inner,
    };
    if !inner.contains(&b'\\') {
        return String::from_utf8_lossy(inner);
    }
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
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// `if ( $a = b )` has the arguments `$a`, `=`, `b` in crossplane.
fn strip_if_parens(args: &mut Vec<Cow<'_, str>>) {
    let wrapped = args.first().is_some_and(|a| a.starts_with('('))
        && args.last().is_some_and(|a| a.ends_with(')'));
    if !wrapped {
        return;
    }
    args[0] = Cow::Owned(args[0][1..].trim_start().to_string());
    if let Some(last) = args.last_mut() {
        let mut owned = last.to_string();
        owned.pop();
        *last = Cow::Owned(owned.trim_end().to_string());
    }
    if args.first().is_some_and(|a| a.is_empty()) {
        args.remove(0);
    }
    if args.last().is_some_and(|a| a.is_empty()) {
        args.pop();
    }
}
