//! The configuration as nginx reads it: includes spliced in, every directive
//! placed in its context and its enclosing block. Built once per analysis;
//! validation and the rules all query it instead of re-walking files.

use crate::hash::FastMap;
use std::borrow::Cow;
use std::cell::OnceCell;

use crate::analysis::context::Context;
use crate::analysis::directives::{row_range, table_len, RowRange};
use crate::diagnostic::{Code, Diagnostic};
use crate::input::{ConfigSet, FileId};
use crate::span::Span;
use crate::syntax::{Directive, End, Item, SourceFile, Token, TokenKind};

pub type EntryId = usize;
pub type ScopeId = usize;

/// One directive at one place in the include-expanded configuration. A file
/// included twice yields two entries per directive, as nginx reads it twice.
#[derive(Debug)]
pub struct Entry<'a> {
    pub file: FileId,
    /// The file's tree (`set.files[file].tree`), for the directive's parts.
    pub tree: &'a SourceFile,
    pub directive: &'a Directive,
    /// The directive name as nginx sees it (quotes and escapes resolved).
    pub name: Cow<'a, [u8]>,
    /// The name's rows in the directive table, looked up once here.
    pub rows: RowRange,
    pub context: Context,
    /// The block this directive stands in.
    pub scope: ScopeId,
    /// The block this directive opens, if any.
    pub opens: Option<ScopeId>,
}

impl<'a> Entry<'a> {
    /// The directive's argument tokens.
    pub fn args(&self) -> impl Iterator<Item = &'a Token> + Clone {
        self.tree.args(self.directive)
    }
}

/// A block (or the top of a root file): its context, its parent, its members.
#[derive(Debug)]
pub struct Scope {
    pub context: Context,
    pub parent: Option<ScopeId>,
    /// The directive that opened it (`None` for a root file's top level).
    pub opener: Option<EntryId>,
    /// Where its members are in [`Model::members`]'s vector.
    members: std::ops::Range<usize>,
}

#[derive(Debug)]
pub struct Model<'a> {
    pub set: &'a ConfigSet,
    pub entries: Vec<Entry<'a>>,
    pub scopes: Vec<Scope>,
    /// The members of every scope, each scope's run contiguous (one vector,
    /// not one per scope: thousands of small vectors growing one push at a
    /// time were a fifth of building the model).
    members: Vec<EntryId>,
    /// Include cycles found while splicing (each also stops the splice).
    pub diagnostics: Vec<(FileId, Diagnostic)>,
    /// Some file's directives appear more than once (included twice, or a
    /// root that another root includes): checks that report per directive
    /// must then skip the repeats.
    pub repeats_files: bool,
    /// How many times each file is spliced in: only the entries of a file
    /// spliced more than once can repeat, so only they need remembering.
    walks: Vec<u32>,
    /// `upstream NAME {}` entries by name, in entry order, built on first use:
    /// rules look one up per `proxy_pass`, and a scan of every entry per
    /// lookup made large configs quadratic.
    pub(crate) upstreams: OnceCell<FastMap<Vec<u8>, Vec<EntryId>>>,
    /// Each file's comment spans in order, built on first use (for the rules
    /// that read a directive's comments).
    pub(crate) comments: OnceCell<Vec<Vec<Span>>>,
    /// Each scope's members by name, built on first use. One flat vector
    /// instead of a map per scope: building thousands of small maps cost
    /// more than all the lookups together.
    pub(crate) members_by_name: OnceCell<crate::analysis::effective::MembersIndex>,
    /// Every entry of a known name, by name, built on first use (see [`Model::named`]).
    named: OnceCell<NamedIndex>,
}

/// The entries of each name the directive table knows, in entry order, one
/// run per name: `ids[starts[row]..starts[row + 1]]` for the name whose
/// first row is `row`. Built by a counting sort (two passes, no
/// comparisons), so its cost is one read of every entry's name key.
#[derive(Debug, Default)]
struct NamedIndex {
    ids: Vec<EntryId>,
    starts: Vec<usize>,
}

/// Walk frame: the rest of a block's items (or of an `include`'s targets),
/// which file they are in, and the scope they belong to. The stack of frames
/// is exactly the chain of open blocks and includes, which is what makes an
/// include cycle visible: the target is already on the stack.
struct Frame<'a> {
    file: FileId,
    scope: ScopeId,
    rest: Rest<'a>,
    /// Where the scope's members start on the pending stack, for the frame
    /// that walks a scope's own block (or root file); `None` for the frames
    /// of includes, whose directives belong to the scope around them.
    members_from: Option<usize>,
}

enum Rest<'a> {
    Items(std::slice::Iter<'a, Item>),
    /// The files an `include` pulls in, and the directive's span for errors.
    Includes(std::slice::Iter<'a, FileId>, crate::span::Span),
}

/// More directives than this and splicing stops: files that include each
/// other twice over can multiply without end, and a paste must not hang the page.
pub const MAX_ENTRIES: usize = 1_000_000;

impl<'a> Model<'a> {
    /// Build the model. Each root file is read in the context it belongs to
    /// (see [`Context::infer`]); files nothing reaches are read on their own too,
    /// so their mistakes are not skipped.
    pub fn build(set: &'a ConfigSet) -> Model<'a> {
        let directives: usize = set.files.iter().map(|f| f.tree.directives().len()).sum();
        let mut model = Model {
            set,
            entries: Vec::with_capacity(directives),
            scopes: Vec::new(),
            members: Vec::with_capacity(directives),
            diagnostics: Vec::new(),
            repeats_files: false,
            walks: vec![0; set.files.len()],
            upstreams: OnceCell::new(),
            comments: OnceCell::new(),
            members_by_name: OnceCell::new(),
            named: OnceCell::new(),
        };
        // The members of the scopes being walked, innermost last; each
        // scope's run moves to `members` when its walk ends.
        let mut pending: Vec<EntryId> = Vec::new();
        for &root in &set.roots {
            model.splice_file(root, &mut pending);
        }
        for file in 0..set.files.len() {
            if model.walks[file] == 0 {
                model.splice_file(file, &mut pending);
            }
        }
        model
    }

    /// Whether `file`'s directives appear more than once in the model.
    pub fn repeats(&self, file: FileId) -> bool {
        self.walks[file] > 1
    }

    /// The entries directly inside `scope` (includes spliced in), in order.
    pub fn members(&self, scope: ScopeId) -> &[EntryId] {
        &self.members[self.scopes[scope].members.clone()]
    }

    /// End the walk of a frame: a scope's own frame moves its members into place.
    fn close_frame(&mut self, frame: Frame<'_>, pending: &mut Vec<EntryId>) {
        if let Some(from) = frame.members_from {
            let start = self.members.len();
            self.members.extend(pending.drain(from..));
            self.scopes[frame.scope].members = start..self.members.len();
        }
    }

    fn splice_file(&mut self, root: FileId, pending: &mut Vec<EntryId>) {
        let set = self.set;
        let context = Context::infer(&set.files[root].tree);
        let scope = self.new_scope(context, None, None);
        self.walked(root);
        let mut stack = vec![Frame {
            file: root,
            scope,
            rest: Rest::Items(set.files[root].tree.items().iter()),
            members_from: Some(pending.len()),
        }];
        while let Some(frame) = stack.last_mut() {
            if self.entries.len() >= MAX_ENTRIES {
                // Stop, but give every open scope its members so far.
                while let Some(frame) = stack.pop() {
                    self.close_frame(frame, pending);
                }
                return;
            }
            let (file, scope) = (frame.file, frame.scope);
            let item = match &mut frame.rest {
                Rest::Items(items) => items.next(),
                Rest::Includes(targets, span) => {
                    let span = *span;
                    let Some(&target) = targets.next() else {
                        if let Some(frame) = stack.pop() {
                            self.close_frame(frame, pending);
                        }
                        continue;
                    };
                    if stack.iter().any(|f| f.file == target) {
                        self.diagnostics.push((
                            file,
                            Diagnostic::error(
                                Code::IncludeCycle,
                                span,
                                format!(
                                    "include cycle: \"{}\" includes itself",
                                    set.files[target].path
                                ),
                            ),
                        ));
                    } else {
                        self.walked(target);
                        stack.push(Frame {
                            file: target,
                            scope,
                            rest: Rest::Items(set.files[target].tree.items().iter()),
                            members_from: None,
                        });
                    }
                    continue;
                }
            };
            let Some(item) = item else {
                if let Some(frame) = stack.pop() {
                    self.close_frame(frame, pending);
                }
                continue;
            };
            let Item::Directive(d) = item else { continue };
            let tree = &set.files[file].tree;
            let d = tree.directive(*d);
            let name = tree.value(&d.name);
            let context = self.scopes[scope].context;
            let id = self.entries.len();
            let is_include = name.as_ref() == b"include";
            let opens = match &d.end {
                End::Block(_) if !is_include => {
                    let child = match context {
                        Context::Entries | Context::Opaque => context,
                        _ => context.child(&name),
                    };
                    Some(self.new_scope(child, Some(scope), Some(id)))
                }
                _ => None,
            };
            self.entries.push(Entry {
                file,
                tree,
                directive: d,
                rows: row_range(&name),
                name,
                context,
                scope,
                opens,
            });
            pending.push(id);
            match (opens, &d.end) {
                (Some(child), End::Block(block)) => stack.push(Frame {
                    file,
                    scope: child,
                    rest: Rest::Items(tree.block_items(block).iter()),
                    members_from: Some(pending.len()),
                }),
                _ if is_include => stack.push(Frame {
                    file,
                    scope,
                    rest: Rest::Includes(set.included(file, d).iter(), d.span()),
                    members_from: None,
                }),
                _ => {}
            }
        }
    }

    /// Count a walk of `file`'s directives.
    fn walked(&mut self, file: FileId) {
        self.repeats_files |= self.walks[file] > 0;
        self.walks[file] += 1;
    }

    fn new_scope(
        &mut self,
        context: Context,
        parent: Option<ScopeId>,
        opener: Option<EntryId>,
    ) -> ScopeId {
        self.scopes.push(Scope {
            context,
            parent,
            opener,
            members: 0..0,
        });
        self.scopes.len() - 1
    }
}

impl Model<'_> {
    /// Every entry called `name`, in entry order, wherever it stands.
    ///
    /// The rules start from the few directives they are about (`listen`,
    /// `upstream`, `http2`, ...). Each of them scanning every entry for its
    /// name read the whole model once per rule: at 100k lines that is 9 MB
    /// from memory each time, a millisecond a rule. Known names come from
    /// an index built once; a name the directive table does not know (no
    /// rule asks for one) is found by a scan.
    pub fn named(&self, name: &str) -> Cow<'_, [EntryId]> {
        let rows = row_range(name.as_bytes());
        if !rows.is_known() {
            let ids = (0..self.entries.len())
                .filter(|&id| self.entries[id].name.as_ref() == name.as_bytes())
                .collect();
            return Cow::Owned(ids);
        }
        let index = self.named.get_or_init(|| {
            let slots = table_len();
            // Count each name, then turn the counts into where its run starts.
            let mut starts = vec![0usize; slots + 1];
            for e in &self.entries {
                if e.rows.is_known() {
                    starts[e.rows.first_row() + 1] += 1;
                }
            }
            for slot in 0..slots {
                starts[slot + 1] += starts[slot];
            }
            let mut next = starts.clone();
            let mut ids = vec![0; starts[slots]];
            for (id, e) in self.entries.iter().enumerate() {
                if e.rows.is_known() {
                    let at = &mut next[e.rows.first_row()];
                    ids[*at] = id;
                    *at += 1;
                }
            }
            NamedIndex { ids, starts }
        });
        let row = rows.first_row();
        Cow::Borrowed(&index.ids[index.starts[row]..index.starts[row + 1]])
    }

    /// The upstream entries named `name` (any context), in entry order.
    pub fn upstreams_named(&self, name: &[u8]) -> &[EntryId] {
        let index = self.upstreams.get_or_init(|| {
            let mut index: FastMap<Vec<u8>, Vec<EntryId>> = FastMap::default();
            for &id in self.named("upstream").iter() {
                let e = &self.entries[id];
                if e.opens.is_some() {
                    if let Some(t) = e.args().next() {
                        let tree = e.tree;
                        let arg = tree.value(t).into_owned();
                        index.entry(arg).or_default().push(id);
                    }
                }
            }
            index
        });
        index.get(name).map_or(&[], Vec::as_slice)
    }

    /// The comments of `file` that lie inside `start..end`, in order.
    pub fn comments_within(&self, file: FileId, start: usize, end: usize) -> &[Span] {
        let all = self.comments.get_or_init(|| {
            self.set
                .files
                .iter()
                .map(|f| {
                    let mut spans = Vec::new();
                    f.tree.for_each_token(|t| {
                        if t.kind == TokenKind::Comment {
                            spans.push(t.span());
                        }
                    });
                    spans
                })
                .collect()
        });
        let spans = &all[file];
        let from = spans.partition_point(|s| s.start < start);
        let to = from + spans[from..].partition_point(|s| s.end <= end);
        &spans[from..to]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::MemoryFiles;

    fn load(files: &[(&str, &str)]) -> ConfigSet {
        let mut mem = MemoryFiles::new();
        for (path, text) in files {
            mem.insert(*path, *text);
        }
        ConfigSet::load(&[files[0].0.to_string()], &mem)
    }

    #[test]
    fn includes_are_spliced_in_order_into_the_including_block() {
        let set = load(&[
            (
                "/n/nginx.conf",
                "http { include a.conf; include b.conf; gzip on; }",
            ),
            ("/n/a.conf", "server { listen 1; }"),
            ("/n/b.conf", "server { listen 2; }"),
        ]);
        let model = Model::build(&set);
        let http = model
            .entries
            .iter()
            .find(|e| e.name.as_ref() == b"http")
            .expect("http");
        let names: Vec<&[u8]> = model
            .members(http.opens.expect("block"))
            .iter()
            .map(|&m| model.entries[m].name.as_ref())
            .collect();
        assert_eq!(
            names,
            [&b"include"[..], b"server", b"include", b"server", b"gzip"]
        );
        let listens: Vec<Context> = model
            .entries
            .iter()
            .filter(|e| e.name.as_ref() == b"listen")
            .map(|e| e.context)
            .collect();
        assert_eq!(listens, [Context::HttpServer, Context::HttpServer]);
    }

    #[test]
    fn include_cycles_are_reported_and_stopped() {
        let set = load(&[
            ("/n/nginx.conf", "http { include a.conf; }"),
            ("/n/a.conf", "include b.conf;"),
            ("/n/b.conf", "include a.conf;"),
        ]);
        let model = Model::build(&set);
        assert_eq!(model.diagnostics.len(), 1);
        assert_eq!(model.diagnostics[0].1.code, Code::IncludeCycle);
    }

    #[test]
    fn includes_that_multiply_stop_at_the_limit() {
        // Each file includes the next twice: 2^40 directives if expanded.
        let mut files: Vec<(String, String)> = (0..40)
            .map(|i| {
                (
                    format!("/n/f{i}.conf"),
                    format!("include f{n}.conf; include f{n}.conf;", n = i + 1),
                )
            })
            .collect();
        files.push(("/n/f40.conf".into(), "gzip on;".into()));
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let set = load(&refs);
        let model = Model::build(&set);
        assert_eq!(model.entries.len(), MAX_ENTRIES);
        let diagnostics =
            crate::analysis::validate_model(&model, crate::options::Version::CURRENT_STABLE);
        assert!(diagnostics
            .iter()
            .any(|d| d.diagnostic.code == Code::ExpansionLimit));
    }
}
