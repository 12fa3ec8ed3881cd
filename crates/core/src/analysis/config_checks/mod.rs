//! Whole-config checks: what nginx refuses only once it has read more than
//! one directive (two `location`s with one path, two `default_server`s on an
//! address, `listen ... ssl` without a certificate, a name that refers to
//! nothing, a referer twice in a block, no `events`). Each needs a view of a
//! block or of the whole configuration, not of one directive, so they run
//! once over the model after the per-directive checks.
//!
//! A name a snippet uses (an upstream, a log format, a cache or limit zone)
//! may be defined by the config that includes it: those references are
//! checked only in a whole config (a root read at the top level) whose
//! includes all resolved to files. So are certificates, which a server
//! may inherit from the `http` block around it. The checks of what stands
//! in the text itself (locations, listens) run everywhere.

mod listen;
mod locations;
mod references;
mod referers;

use crate::analysis::context::Context;
use crate::analysis::directives::{Contexts, Version};
use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::analysis::validate::FileDiagnostic;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::input::{glob, FileId};
use crate::span::Span;

/// The entries of one root file's configuration (a contiguous run of the
/// model's entries: the model splices each root depth first).
struct Root {
    scope: ScopeId,
    entries: std::ops::Range<EntryId>,
    /// Every `include` in it pulled in at least one file, so what it defines
    /// is all there is.
    complete: bool,
    /// The first `include` (in nginx's reading order) that pulled in
    /// nothing: a name used before it is defined before it or not at all.
    first_missing: Option<EntryId>,
}

impl Root {
    /// Whether everything nginx reads before `entry` is in the model.
    fn complete_before(&self, entry: EntryId) -> bool {
        self.first_missing.is_none_or(|m| m > entry)
    }
}

/// Run every whole-config check and add what they find to `out`.
pub fn check(model: &Model<'_>, version: Version, out: &mut Vec<FileDiagnostic>) {
    let mut refusals: Vec<(FileId, usize)> = out
        .iter()
        .filter(|d| d.diagnostic.severity == Severity::Error)
        .map(|d| (d.file, d.diagnostic.span.start))
        .collect();
    refusals.sort_unstable();
    let mut found = Found {
        model,
        out,
        refusals,
    };
    locations::check(&mut found);
    listen::check(&mut found, version);
    referers::check(&mut found);
    for root in roots(model) {
        references::duplicate_log_formats(&mut found, &root);
        if model.scopes[root.scope].context != Context::Main {
            continue;
        }
        events(&mut found, &root);
        references::check(&mut found, &root);
    }
}

/// Where the checks put their diagnostics.
struct Found<'m, 'a> {
    model: &'m Model<'a>,
    out: &'m mut Vec<FileDiagnostic>,
    /// Where the per-directive checks put their errors (file, start), sorted.
    refusals: Vec<(FileId, usize)>,
}

impl Found<'_, '_> {
    fn push(&mut self, entry: EntryId, diagnostic: Diagnostic) {
        self.out.push(FileDiagnostic {
            file: self.model.entries[entry].file,
            diagnostic,
        });
    }

    /// The span of an entry's `n`th argument (its name when it has fewer).
    fn arg_span(&self, entry: EntryId, n: usize) -> Span {
        let e = &self.model.entries[entry];
        e.args()
            .nth(n)
            .map_or(e.directive.name.span(), |t| t.span())
    }

    /// Whether the per-directive checks already refused this directive
    /// (`listen 80 quic;` before 1.25): nginx stops there, so what the
    /// config-wide checks would add about it is noise.
    fn refused(&self, entry: EntryId) -> bool {
        let e = &self.model.entries[entry];
        let span = e.directive.span();
        let at = self.refusals.partition_point(|&r| r < (e.file, span.start));
        self.refusals
            .get(at)
            .is_some_and(|&(file, start)| file == e.file && start < span.end)
    }

    fn name_span(&self, entry: EntryId) -> Span {
        self.model.entries[entry].directive.name.span()
    }
}

/// Each root scope and the run of entries it holds.
fn roots(model: &Model<'_>) -> Vec<Root> {
    // The model splices one root after the other, so each root's entries
    // run from its first member to the next root's first.
    let mut starts: Vec<(EntryId, ScopeId)> = (0..model.scopes.len())
        .filter(|&s| model.scopes[s].parent.is_none())
        .filter_map(|s| Some((*model.members(s).first()?, s)))
        .collect();
    starts.sort_unstable();
    let ends = starts
        .iter()
        .skip(1)
        .map(|&(first, _)| first)
        .chain(std::iter::once(model.entries.len()));
    starts
        .iter()
        .zip(ends)
        .map(|(&(first, scope), end)| {
            let first_missing = (first..end).find(|&id| missing_include(model, id));
            Root {
                scope,
                entries: first..end,
                complete: first_missing.is_none(),
                first_missing,
            }
        })
        .collect()
}

/// An `include` that pulled in no file.
fn missing_include(model: &Model<'_>, id: EntryId) -> bool {
    let e = &model.entries[id];
    e.name.as_ref() == b"include" && model.set.included(e.file, e.directive).is_empty()
}

/// `no "events" section in configuration`: nginx asks every main config for
/// `events {}`. A root read at the top level is one when nginx could read it
/// nowhere else: it holds a directive that only the main context allows
/// (`http`, `stream`, `mail`, `env`, `worker_processes`, `load_module`, ...:
/// every row of its name in the table is main-only), or it holds nothing but
/// includes and they pulled in no directive (an `nginx.conf` that assembles
/// files, all empty). A root of directives other contexts allow too
/// (`error_log` alone) may be a snippet of any of them and is not asked.
///
/// A blank root (nothing but comments) is no root here at all ([`roots`]
/// skips it), so it is not asked either, although `nginx -t -c` refuses it:
/// it is the page's empty editor, or a placeholder kept blank for a tool to
/// fill (nginx-proxy-manager's `ip_ranges.conf`), which some config
/// includes. An error greeting every empty editor would be noise.
fn events(found: &mut Found<'_, '_>, root: &Root) {
    let model = found.model;
    // An `events` block elsewhere (inside `http`) is reported where it
    // stands, as misplaced: moving it is the fix, not adding one.
    if model
        .named("events")
        .iter()
        .any(|id| root.entries.contains(id))
    {
        return;
    }
    let main_only = |id: EntryId| {
        let rows = model.entries[id].rows.rows();
        !rows.is_empty() && rows.iter().all(|r| r.contexts == Contexts::MAIN)
    };
    let includes_only = || {
        root.entries
            .clone()
            .all(|id| model.entries[id].name.as_ref() == b"include")
    };
    if !model.members(root.scope).iter().any(|&m| main_only(m)) && !includes_only() {
        return;
    }
    // Only a top-level include can hold `events` (one inside a block would
    // be misplaced). One of a file that is not here may hold it (nginx
    // itself fails on a file that is not there); a pattern that matched
    // nothing here may match a file on the server, which the help names.
    let missing: Vec<EntryId> = root
        .entries
        .clone()
        .filter(|&id| model.entries[id].scope == root.scope && missing_include(model, id))
        .collect();
    let pattern = |id: EntryId| model.first_arg_bytes(id).map(|a| shown(&a).into_owned());
    if missing
        .iter()
        .any(|&id| pattern(id).is_none_or(|p| !glob::has_wildcards(&p)))
    {
        return;
    }
    let help = match missing.first().and_then(|&id| pattern(id)) {
        Some(p) => format!(
            "nginx needs an \"events {{}}\" block at the top level, even an empty one \
             (unless a file \"include {p}\" matches on the server holds it)"
        ),
        None => {
            "nginx needs an \"events {}\" block at the top level, even an empty one".to_string()
        }
    };
    // The root file is the top level that lacks it.
    let file = model.entries[root.entries.start].file;
    found.out.push(FileDiagnostic {
        file,
        diagnostic: Diagnostic::error(
            Code::MissingSection,
            Span::empty(0),
            "no \"events\" section in configuration",
        )
        .with_help(help),
    });
}

/// Bytes shown in a message.
fn shown(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

#[cfg(test)]
mod tests {
    use crate::analysis::validate_for;
    use crate::input::{ConfigSet, MemoryFiles};
    use crate::options::Version;

    /// (file, line, column, message) of every diagnostic of the files, the
    /// first one the config.
    fn diagnostics(files: &[(&str, &str)]) -> Vec<(String, usize, usize, String)> {
        let mut mem = MemoryFiles::new();
        for (path, text) in files {
            mem.insert(*path, *text);
        }
        let set = ConfigSet::load(&[files[0].0.to_string()], &mem);
        validate_for(&set, Version(1, 22, 1))
            .into_iter()
            .map(|d| {
                let file = &set.files[d.file];
                let at = file.tree.position(d.diagnostic.span.start);
                (file.path.clone(), at.line, at.column, d.diagnostic.message)
            })
            .collect()
    }

    const NO_EVENTS: &str = "no \"events\" section in configuration";

    /// The shapes of gonginx's include-glob test config with its `events`
    /// file emptied, and of a main config whose top-level settings are in a
    /// file of their own: the root, which lacks `events`, is where it is said.
    #[test]
    fn a_root_of_includes_needs_events_from_them() {
        let got = diagnostics(&[
            ("/n/nginx.conf", "include events.conf;\n"),
            ("/n/events.conf", "\n\n"),
        ]);
        assert_eq!(got, [("/n/nginx.conf".into(), 1, 1, NO_EVENTS.into())]);

        let got = diagnostics(&[
            ("/n/nginx.conf", "# main\ninclude main.conf;\n"),
            ("/n/main.conf", "worker_processes 2;\n"),
        ]);
        assert_eq!(got, [("/n/nginx.conf".into(), 1, 1, NO_EVENTS.into())]);

        let got = diagnostics(&[
            ("/n/nginx.conf", "include events.conf;\n"),
            ("/n/events.conf", "events {}\n"),
        ]);
        assert_eq!(got, []);

        let got = diagnostics(&[
            ("/n/nginx.conf", "include main.conf;\ninclude http.conf;\n"),
            ("/n/main.conf", "user nobody;\nevents {}\n"),
            ("/n/http.conf", "http {}\n"),
        ]);
        assert_eq!(got, []);
    }

    /// A root that only includes snippets of other contexts (or a file that
    /// is not here) is not asked for `events` on their account.
    #[test]
    fn includes_of_snippets_or_missing_files_are_not_a_main_config() {
        let got = diagnostics(&[
            ("/n/site.conf", "include /n/common.conf;\n"),
            ("/n/common.conf", "error_log /tmp/e.log;\n"),
        ]);
        assert_eq!(got, []);

        let got = diagnostics(&[("/n/nginx.conf", "include /n/absent.conf;\n")]);
        assert_eq!(
            got,
            [(
                "/n/nginx.conf".into(),
                1,
                1,
                "open() \"/n/absent.conf\" failed (2: No such file or directory)".into()
            )]
        );
    }
}
