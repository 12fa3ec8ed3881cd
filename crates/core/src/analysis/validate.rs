//! Structural checks, the ones `nginx -t` makes before it starts: unknown
//! directives, directives in the wrong context, wrong argument counts, block
//! versus `;` mismatches, `on`/`off` flags, and include cycles. Unlike nginx,
//! every problem is reported, not only the first.

use std::collections::HashSet;

use crate::analysis::context::Context;
use crate::analysis::directives::{lookup, DirectiveSpec};
use crate::diagnostic::{Code, Diagnostic};
use crate::input::{ConfigSet, FileId};
use crate::syntax::{unescape, Directive, End, Item, SourceFile, TokenKind};

/// A diagnostic and the file it belongs to.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FileDiagnostic {
    pub file: FileId,
    pub diagnostic: Diagnostic,
}

/// All diagnostics of a config set: the syntax and include errors found while
/// loading, then the structural checks, each file read in its context. Sorted
/// by file and offset, without duplicates (a file included twice in the same
/// context is checked once).
pub fn validate(set: &ConfigSet) -> Vec<FileDiagnostic> {
    let mut out: Vec<FileDiagnostic> = Vec::new();
    for (file, loaded) in set.files.iter().enumerate() {
        out.extend(loaded.diagnostics.iter().map(|d| FileDiagnostic {
            file,
            diagnostic: d.clone(),
        }));
    }
    let mut walker = Walker {
        set,
        out: &mut out,
        seen: HashSet::new(),
    };
    for &root in &set.roots {
        let context = Context::infer(&set.files[root].tree);
        walker.file(root, context);
    }
    // Files nobody reached (an include in an opaque block, say) are still read,
    // on their own, so that their mistakes are not silently skipped.
    let reached: HashSet<FileId> = walker.seen.iter().map(|(f, _)| *f).collect();
    for file in 0..set.files.len() {
        if !reached.contains(&file) {
            let context = Context::infer(&set.files[file].tree);
            walker.file(file, context);
        }
    }
    out.sort_by_key(|d| (d.file, d.diagnostic.span.start, d.diagnostic.code.as_str()));
    out.dedup();
    out
}

struct Walker<'a> {
    set: &'a ConfigSet,
    out: &'a mut Vec<FileDiagnostic>,
    /// (file, context) pairs already checked.
    seen: HashSet<(FileId, Context)>,
}

/// One level of the explicit walk stack: a file's items in a context.
struct Frame<'a> {
    file: FileId,
    items: std::slice::Iter<'a, Item>,
    context: Context,
}

impl<'a> Walker<'a> {
    /// Check one file (and, through `include`, the files it pulls in) read
    /// in `context`. Iterative: nesting depth is bounded by memory, not stack.
    fn file(&mut self, file: FileId, context: Context) {
        if !self.seen.insert((file, context)) {
            return;
        }
        let set = self.set;
        // The chain of files being included, to catch cycles.
        let mut chain: Vec<FileId> = vec![file];
        let mut stack: Vec<Frame<'a>> = vec![Frame {
            file,
            items: set.files[file].tree.items.iter(),
            context,
        }];
        while let Some(frame) = stack.last_mut() {
            let Some(item) = frame.items.next() else {
                let done = stack.pop().map(|f| f.file);
                // Leaving the last frame of an included file pops it off the chain.
                if stack.last().map(|f| f.file) != done {
                    chain.pop();
                }
                continue;
            };
            let Item::Directive(d) = item else { continue };
            let (here, context) = (frame.file, frame.context);
            let tree = &set.files[here].tree;
            let name = unescape(tree.text(d.name.span), d.name.kind);
            if context.holds_directives() {
                if let Some(diagnostic) = check(tree, d, &name, context) {
                    self.out.push(FileDiagnostic { file: here, diagnostic });
                }
            }
            if name.as_ref() == b"include" {
                for &target in set.included(here, d) {
                    if chain.contains(&target) {
                        self.out.push(FileDiagnostic {
                            file: here,
                            diagnostic: Diagnostic::error(
                                Code::IncludeCycle,
                                d.span(),
                                format!(
                                    "include cycle: \"{}\" includes itself",
                                    set.files[target].path
                                ),
                            ),
                        });
                    } else if self.seen.insert((target, context)) {
                        chain.push(target);
                        stack.push(Frame {
                            file: target,
                            items: set.files[target].tree.items.iter(),
                            context,
                        });
                    }
                }
                continue;
            }
            if let End::Block(block) = &d.end {
                let child = if context == Context::Opaque || context == Context::Entries {
                    context
                } else {
                    context.child(&name)
                };
                stack.push(Frame {
                    file: here,
                    items: block.items.iter(),
                    context: child,
                });
            }
        }
    }
}

/// The first problem nginx would report for this directive here, if any, in
/// nginx's order: known name, context, `;` versus `{`, argument count, flag value.
fn check(tree: &SourceFile, d: &Directive, name: &[u8], context: Context) -> Option<Diagnostic> {
    let shown = String::from_utf8_lossy(name);
    let span = d.name.span;
    let rows = std::str::from_utf8(name).map(lookup).unwrap_or(&[]);
    if rows.is_empty() {
        if crate::syntax::parser::is_raw_block_directive(name) {
            // OpenResty: known to be third-party, nothing to check.
            return None;
        }
        return Some(
            Diagnostic::warning(Code::UnknownDirective, span, format!("unknown directive \"{shown}\""))
                .with_help("not a directive of nginx or its official modules; a third-party module may provide it"),
        );
    }
    if let Some(missing) = missing_semicolon(tree, d, context) {
        return Some(missing);
    }
    let Some(spec) = rows.iter().find(|s| s.contexts.intersects(context.bit())) else {
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
        (End::Block(_) | End::Raw { .. }, false) => {
            return Some(Diagnostic::error(
                Code::NotTerminated,
                span,
                format!("directive \"{shown}\" is not terminated by \";\""),
            ))
        }
        _ => {}
    }
    let count = d.arg_count();
    if !spec.arity.accepts(count) {
        return Some(invalid_args(spec, span, &shown));
    }
    if spec.arity.is_flag() {
        let arg = d.args().next()?;
        let value = unescape(tree.text(arg.span), arg.kind);
        if !value.eq_ignore_ascii_case(b"on") && !value.eq_ignore_ascii_case(b"off") {
            return Some(Diagnostic::error(
                Code::InvalidFlag,
                arg.span,
                format!(
                    "invalid value \"{}\" in \"{shown}\" directive, it must be \"on\" or \"off\"",
                    String::from_utf8_lossy(&value)
                ),
            ));
        }
    }
    None
}

fn invalid_args(_spec: &DirectiveSpec, span: crate::span::Span, shown: &str) -> Diagnostic {
    Diagnostic::error(
        Code::InvalidArgumentCount,
        span,
        format!("invalid number of arguments in \"{shown}\" directive"),
    )
}

/// `listen 80` ⏎ `server_name a;` reads to nginx as one directive with the
/// next line's name as an argument. When an unquoted argument that starts a
/// later line is itself a directive allowed here, the `;` before it is missing.
fn missing_semicolon(tree: &SourceFile, d: &Directive, context: Context) -> Option<Diagnostic> {
    let own_name = tree.text(d.name.span);
    let mut newline_seen = false;
    let mut previous_end = d.name.span.end;
    for token in &d.parts {
        match token.kind {
            TokenKind::Newline => newline_seen = true,
            TokenKind::Word if newline_seen => {
                let word = tree.text(token.span);
                let is_directive_here = word != own_name
                    && std::str::from_utf8(word).is_ok_and(|w| {
                        lookup(w).iter().any(|s| s.contexts.intersects(context.bit()))
                    });
                if is_directive_here {
                    return Some(
                        Diagnostic::error(
                            Code::MissingSemicolon,
                            crate::span::Span::empty(previous_end),
                            format!(
                                "missing \";\" before \"{}\"",
                                String::from_utf8_lossy(word)
                            ),
                        )
                        .with_help(format!(
                            "nginx reads \"{}\" as an argument of \"{}\" and fails",
                            String::from_utf8_lossy(word),
                            String::from_utf8_lossy(own_name)
                        )),
                    );
                }
                newline_seen = false;
                previous_end = token.span.end;
            }
            kind if kind.is_word() => {
                newline_seen = false;
                previous_end = token.span.end;
            }
            _ => {}
        }
    }
    None
}
