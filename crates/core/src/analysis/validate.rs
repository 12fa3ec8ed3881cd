//! The checks `nginx -t` makes before it starts: unknown directives,
//! directives in the wrong context, wrong argument counts, block versus `;`
//! mismatches, `on`/`off` flags, include cycles, directives given twice in a
//! block, and arguments their grammar refuses (`analysis::grammar`). Unlike
//! nginx, every problem is reported, not only the first.

use crate::hash::FastSet;

use crate::analysis::context::Context;
use crate::analysis::directives::Version;
use crate::analysis::directives::{lookup_bytes, DirectiveSpec};
use crate::analysis::grammar::{self, Args};
use crate::analysis::model::{Entry, Model, MAX_ENTRIES};
use crate::analysis::unknown;
use crate::diagnostic::{Code, Diagnostic};
use crate::input::{ConfigSet, FileId};
use crate::syntax::{Directive, End, SourceFile, TokenKind};

/// A diagnostic and the file it belongs to.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
pub struct FileDiagnostic {
    pub file: FileId,
    pub diagnostic: Diagnostic,
}

/// All diagnostics of a config set: the syntax and include errors found while
/// loading, then the structural checks, each directive read in its context.
/// Sorted by file and offset, without duplicates (a file included twice in the
/// same context is reported once).
///
/// Directives are checked as the current stable nginx knows them; see
/// [`validate_for`] for another version.
pub fn validate(set: &ConfigSet) -> Vec<FileDiagnostic> {
    validate_for(set, Version::CURRENT_STABLE)
}

/// [`validate`] for nginx `version`: directives it does not have yet (or no
/// longer) are unknown to it, and contexts it added later are not allowed.
pub fn validate_for(set: &ConfigSet, version: Version) -> Vec<FileDiagnostic> {
    validate_model(&Model::build(set), version)
}

/// [`validate_for`] on a model that is already built.
pub fn validate_model(model: &Model<'_>, version: Version) -> Vec<FileDiagnostic> {
    let set = model.set;
    let mut out: Vec<FileDiagnostic> = Vec::new();
    for (file, loaded) in set.files.iter().enumerate() {
        out.extend(loaded.diagnostics.iter().map(|d| FileDiagnostic {
            file,
            diagnostic: d.clone(),
        }));
    }
    out.extend(model.diagnostics.iter().map(|(file, d)| FileDiagnostic {
        file: *file,
        diagnostic: d.clone(),
    }));
    if model.entries.len() >= MAX_ENTRIES {
        out.push(FileDiagnostic {
            file: 0,
            diagnostic: Diagnostic::error(
                Code::ExpansionLimit,
                crate::span::Span::empty(0),
                if set.files.len() > 1 {
                    format!("the includes expand to more than {MAX_ENTRIES} directives; the rest is not checked")
                } else {
                    format!("the config has more than {MAX_ENTRIES} directives; the rest is not checked")
                },
            ),
        });
    }
    // A file included twice in the same context is checked once. Only the
    // entries of such files go in the set: a snippet included in every
    // server must not make every directive of the main file pay for it.
    let mut seen: FastSet<(FileId, usize, Context)> = FastSet::default();
    let repeats = grammar::duplicate::repeats(model, version);
    let mut repeats = repeats.iter().peekable();
    for (id, entry) in model.entries.iter().enumerate() {
        // The entry's repeat, if it is one (both lists are in entry order).
        let repeat_of = repeats
            .next_if(|r| r.entry == id)
            .map(|r| &*model.entries[r.first].name);
        if let (Context::Entries, End::Block(block)) = (entry.context, &entry.directive.end) {
            // `map`, `types`, `geo`... hold `key value;` pairs: nginx's parser
            // for them has no blocks.
            out.push(FileDiagnostic {
                file: entry.file,
                diagnostic: Diagnostic::error(
                    Code::UnexpectedToken,
                    block.open.span(),
                    "unexpected \"{\"",
                ),
            });
        }
        if entry.context == Context::Entries {
            if let Some(diagnostic) = grammar::entries::check(model, entry) {
                out.push(FileDiagnostic {
                    file: entry.file,
                    diagnostic,
                });
            }
        }
        if !entry.context.holds_directives()
            || (model.repeats(entry.file)
                && !seen.insert((entry.file, entry.directive.name.span().start, entry.context)))
        {
            continue;
        }
        let enclosing = model.scopes[entry.scope]
            .opener
            .map(|id| (model.entries[id].tree, model.entries[id].directive));
        if let Some(diagnostic) = check(entry, enclosing, version, repeat_of) {
            out.push(FileDiagnostic {
                file: entry.file,
                diagnostic,
            });
        }
    }
    out.extend(crate::analysis::variables::check(model, version));
    crate::analysis::config_checks::check(model, version, &mut out);
    out.sort_by_key(|d| (d.file, d.diagnostic.span.start, d.diagnostic.code.as_str()));
    out.dedup();
    out
}

/// The first problem nginx would report for this directive here, if any, in
/// nginx's order: known name, context, `;` versus `{`, argument count, a
/// repeat in its block (`repeat_of` names the directive before it), then the
/// arguments' grammar.
///
/// `enclosing` is the directive whose block this one stands in (a nested
/// `location` is checked against it).
fn check(
    entry: &Entry<'_>,
    enclosing: Option<(&SourceFile, &Directive)>,
    version: Version,
    repeat_of: Option<&[u8]>,
) -> Option<Diagnostic> {
    let (tree, d, name, context) = (entry.tree, entry.directive, &*entry.name, entry.context);
    let all_rows = entry.rows.rows();
    let shown = Lossy(name);
    let span = d.name.span();
    // The rows this version has (no vector: this runs for every directive).
    let rows = || all_rows.iter().filter(|r| r.exists_in(version));
    let known = rows().next().is_some();
    if !known && !all_rows.is_empty() {
        let when = match (all_rows[0].since, all_rows[0].until) {
            (Some(v), _) if version < v => format!("added in nginx {v}"),
            (_, Some(v)) => format!("removed in nginx {v}"),
            _ => "not in this version".to_string(),
        };
        return Some(
            Diagnostic::error(
                Code::UnknownDirective,
                span,
                format!("unknown directive \"{shown}\""),
            )
            .with_help(format!("{when}; the config targets nginx {version}")),
        );
    }
    if let Some(rest) = name.strip_prefix("\u{feff}".as_bytes()) {
        return Some(
            Diagnostic::error(
                Code::UnknownDirective,
                span,
                format!("unknown directive \"{shown}\""),
            )
            .with_help(format!(
                "the file starts with a UTF-8 byte order mark, which nginx reads as part of \
                     \"{}\"; save the file without it",
                Lossy(rest)
            )),
        );
    }
    if !known {
        return Some(unknown::diagnose(name, span, context, version));
    }
    let spec = rows().find(|s| s.contexts.intersects(context.bit()));
    // One pass over the parts for the argument count and whether a blank
    // holds a line break (the lexer marks those). Nearly every directive is
    // on one line: only the others pay for the missing-semicolon call.
    let (mut count, mut broken) = (0usize, false);
    for token in tree.parts(d) {
        count += usize::from(token.kind.is_word());
        broken |= token.has_line_break();
    }
    if broken {
        if let Some(missing) = missing_semicolon(tree, d, name, context, version, spec, enclosing) {
            return Some(missing);
        }
    }
    let Some(spec) = spec else {
        return Some(Diagnostic::error(
            Code::NotAllowedHere,
            span,
            format!("\"{shown}\" directive is not allowed here"),
        ));
    };
    match (&d.end, spec.block) {
        (End::Semicolon(_), true) => {
            return Some(Diagnostic::error(
                Code::NoOpeningBrace,
                span,
                format!("directive \"{shown}\" has no opening \"{{\""),
            ))
        }
        (End::Block(_) | End::Raw(_), false) => {
            return Some(Diagnostic::error(
                Code::NotTerminated,
                span,
                format!("directive \"{shown}\" is not terminated by \";\""),
            ))
        }
        _ => {}
    }
    if !spec.arity.accepts(count) {
        return Some(invalid_args(spec, span, &shown));
    }
    if let Some(first) = repeat_of {
        let message = if first == name {
            format!("\"{shown}\" directive is duplicate")
        } else {
            // `alias` after `root` or the reverse: one field, two names.
            format!(
                "\"{shown}\" directive is duplicate, \"{}\" directive was specified earlier",
                Lossy(first)
            )
        };
        return Some(Diagnostic::error(Code::Duplicate, span, message));
    }
    if spec.arity.is_flag() {
        let arg = tree.args(d).next()?;
        let value = tree.value(arg);
        if !value.eq_ignore_ascii_case(b"on") && !value.eq_ignore_ascii_case(b"off") {
            return Some(Diagnostic::error(
                Code::InvalidFlag,
                arg.span(),
                format!(
                    "invalid value \"{}\" in \"{shown}\" directive, it must be \"on\" or \"off\"",
                    String::from_utf8_lossy(&value)
                ),
            ));
        }
    }
    if spec.args == Args::Unchecked {
        return None;
    }
    let input = grammar::Input {
        tree,
        directive: d,
        name,
        context,
        version,
        enclosing,
    };
    grammar::check(spec.args, &input)
}

/// Bytes shown as text in a message, invalid UTF-8 replaced. Converted only
/// when a message is written: [`check`] runs for every directive, and
/// almost none has a problem.
struct Lossy<'a>(&'a [u8]);

impl std::fmt::Display for Lossy<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&String::from_utf8_lossy(self.0))
    }
}

fn invalid_args(_spec: &DirectiveSpec, span: crate::span::Span, shown: &Lossy<'_>) -> Diagnostic {
    Diagnostic::error(
        Code::InvalidArgumentCount,
        span,
        format!("invalid number of arguments in \"{shown}\" directive"),
    )
}

/// `listen 80` ⏎ `server_name a;` reads to nginx as one directive with the
/// next line's name as an argument. When an unquoted argument that starts a
/// later line is itself a directive allowed here, the `;` before it is missing.
///
/// Whether nginx refuses the merged directive decides the severity: a wrong
/// shape (argument count, `;` versus `{`) or arguments the directive's
/// grammar refuses make it an error, with nginx's own message in the help. A
/// merged directive the grammar accepts (a `server_name` that also names
/// `root`) is a warning: nginx runs it, surely not as meant. Without a
/// grammar for the directive the help says nginx may accept it, never that
/// it does. Asked only of a directive whose parts hold a line break.
fn missing_semicolon(
    tree: &SourceFile,
    d: &Directive,
    name: &[u8],
    context: Context,
    version: Version,
    spec: Option<&DirectiveSpec>,
    enclosing: Option<(&SourceFile, &Directive)>,
) -> Option<Diagnostic> {
    let parts = tree.parts(d);
    let own_name = tree.text(d.name.span());
    let mut newline_seen = false;
    let mut previous_end = d.name.span().end;
    for token in parts {
        match token.kind {
            TokenKind::Blank if token.has_line_break() => newline_seen = true,
            TokenKind::Word if newline_seen => {
                let word = tree.text(token.span());
                let is_directive_here = word != own_name
                    && lookup_bytes(word)
                        .iter()
                        .any(|s| s.contexts.intersects(context.bit()));
                if is_directive_here {
                    let message =
                        format!("missing \";\" before \"{}\"", String::from_utf8_lossy(word));
                    let span = crate::span::Span::empty(previous_end);
                    let ends_in_block = matches!(d.end, End::Block(_) | End::Raw(_));
                    let shaped = spec
                        .filter(|s| s.arity.accepts(tree.arg_count(d)) && s.block == ends_in_block);
                    let refusal = shaped.and_then(|s| {
                        let input = grammar::Input {
                            tree,
                            directive: d,
                            name,
                            context,
                            version,
                            enclosing,
                        };
                        grammar::check(s.args, &input)
                    });
                    let reads = format!(
                        "nginx reads \"{}\" as an argument of \"{}\"",
                        String::from_utf8_lossy(word),
                        String::from_utf8_lossy(own_name)
                    );
                    let diagnostic = match (shaped, refusal) {
                        (None, _) => Diagnostic::error(Code::MissingSemicolon, span, message)
                            .with_help(format!("{reads} and fails")),
                        (Some(_), Some(refused)) => {
                            Diagnostic::error(Code::MissingSemicolon, span, message)
                                .with_help(format!("{reads} and fails: {}", refused.message))
                        }
                        (Some(s), None) if s.args == Args::Unchecked => {
                            Diagnostic::warning(Code::MissingSemicolon, span, message)
                                .with_help(format!("{reads} and may accept it"))
                        }
                        (Some(_), None) => {
                            Diagnostic::warning(Code::MissingSemicolon, span, message)
                                .with_help(format!("{reads} and accepts it"))
                        }
                    };
                    return Some(diagnostic);
                }
                newline_seen = false;
                previous_end = token.span().end;
            }
            kind if kind.is_word() => {
                newline_seen = false;
                previous_end = token.span().end;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::input::ConfigSet;
    use crate::options::Version;

    /// The limit's message blames includes only when there are some.
    #[test]
    fn the_directive_limit_names_its_cause() {
        let big = "gzip on;\n".repeat(super::MAX_ENTRIES + 1);
        let set = ConfigSet::from_text("/one.conf", big.as_bytes());
        let found = super::validate_for(&set, Version::CURRENT_STABLE);
        let limit = found
            .iter()
            .find(|d| d.diagnostic.code == Code::ExpansionLimit)
            .expect("limit reported");
        assert!(
            limit
                .diagnostic
                .message
                .starts_with("the config has more than"),
            "{}",
            limit.diagnostic.message
        );
    }
}
