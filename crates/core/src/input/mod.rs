//! Inputs: named files, `include` resolution and `nginx -T` dumps, and the
//! error log read beside the config ([`error_log`]).
//!
//! The core never touches a file system. Whoever calls it supplies a
//! [`FileSource`]: the CLI reads the disk, the browser hands over pasted or
//! dropped files in a [`MemoryFiles`]. Both resolve `include` the same way.

pub mod dump;
pub mod error_log;
pub mod glob;

use std::collections::BTreeMap;

use crate::hash::FastMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::{parse_owned, Directive, SourceFile};

/// Where file contents come from.
pub trait FileSource {
    /// The bytes of the file at `path`, or `None` if there is no such file.
    fn read(&self, path: &str) -> Option<Vec<u8>>;
    /// Every file whose path matches the glob `pattern`, sorted as glob(3) sorts.
    fn glob(&self, pattern: &str) -> Vec<String>;
    /// Why `read(path)` returned `None`, worded as nginx words an include
    /// it cannot read. A source that knows the real reason (the errno of a
    /// file system) says it.
    fn read_failure(&self, path: &str) -> String {
        format!("open() \"{path}\" failed (2: No such file or directory)")
    }
}

/// Files held in memory: what the page builds from pasted text and drops.
#[derive(Clone, Debug, Default)]
pub struct MemoryFiles {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemoryFiles {
    pub fn new() -> MemoryFiles {
        MemoryFiles::default()
    }

    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(normalize(&path.into()), bytes.into());
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

impl FileSource for MemoryFiles {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.files.get(&normalize(path)).cloned()
    }

    fn glob(&self, pattern: &str) -> Vec<String> {
        let pattern = normalize(pattern);
        self.files
            .keys()
            .filter(|p| glob::matches(&pattern, p))
            .cloned()
            .collect()
    }
}

/// Index of a file in a [`ConfigSet`].
pub type FileId = usize;

/// One loaded file.
#[derive(Clone, Debug)]
pub struct LoadedFile {
    pub path: String,
    pub tree: SourceFile,
    /// Syntax errors, and include errors of this file's `include` directives.
    pub diagnostics: Vec<Diagnostic>,
}

/// Every file reachable from the root files through `include`, each parsed once.
#[derive(Clone, Debug, Default)]
pub struct ConfigSet {
    pub files: Vec<LoadedFile>,
    /// The files the user named that no other named file includes.
    pub roots: Vec<FileId>,
    /// For each `include` directive, keyed by (file, byte offset of its name),
    /// the files it pulls in, in nginx's order.
    pub includes: FastMap<(FileId, usize), Vec<FileId>>,
}

impl ConfigSet {
    /// Load `roots` and everything they include. Relative include paths are
    /// resolved against the directory of the first root, as nginx resolves
    /// them against the directory of the `-c` file.
    pub fn load(roots: &[String], source: &dyn FileSource) -> ConfigSet {
        let mut set = ConfigSet::default();
        let mut by_path: FastMap<String, FileId> = FastMap::default();
        // Why each path that could not be read failed: a snippet missing from
        // this machine is often included by every server, and is looked for
        // on disk once, not once per include.
        let mut failed: FastMap<String, String> = FastMap::default();
        // What each include argument resolved to (the same snippet is often
        // included by every server): its files, and why each path that
        // could not be read failed.
        let mut resolved: FastMap<Vec<u8>, (Vec<FileId>, Vec<String>)> = FastMap::default();
        let prefix = roots
            .first()
            .map(|r| parent(&normalize(r)))
            .unwrap_or_default();
        let mut queue: Vec<FileId> = Vec::new();
        for root in roots {
            let path = normalize(root);
            if by_path.contains_key(&path) {
                continue;
            }
            let bytes = source.read(&path).unwrap_or_default();
            let id = set.add(path.clone(), bytes);
            by_path.insert(path, id);
            queue.push(id);
        }
        let named: Vec<FileId> = queue.clone();
        let mut included_by_other = vec![false; named.len()];
        let mut next = 0;
        while next < queue.len() {
            let id = queue[next];
            next += 1;
            if !set.files[id].tree.has_include() {
                continue;
            }
            let sites: Vec<(usize, Vec<u8>, crate::span::Span)> = set.files[id]
                .tree
                .directives()
                .filter_map(|(_, d)| include_target(&set.files[id].tree, d))
                .collect();
            for (offset, target, span) in sites {
                let (ids, failures) = match resolved.get(&target) {
                    Some(known) => known.clone(),
                    None => {
                        let found = resolve_include(
                            &target,
                            &prefix,
                            source,
                            &mut set,
                            &mut by_path,
                            &mut failed,
                            &mut queue,
                        );
                        resolved.insert(target, found.clone());
                        found
                    }
                };
                for why in failures {
                    set.files[id].diagnostics.push(Diagnostic::error(
                        Code::IncludeNotFound,
                        span,
                        why,
                    ));
                }
                for &target_id in &ids {
                    if let Some(pos) = named.iter().position(|&n| n == target_id) {
                        if target_id != id {
                            included_by_other[pos] = true;
                        }
                    }
                }
                set.includes.insert((id, offset), ids);
            }
        }
        set.roots = named
            .iter()
            .zip(&included_by_other)
            .filter(|(_, &inc)| !inc)
            .map(|(&id, _)| id)
            .collect();
        set
    }

    /// A set from an `nginx -T` dump or a single pasted text named `name`.
    pub fn from_text(name: &str, text: &[u8]) -> ConfigSet {
        match dump::split(text) {
            Some(files) => {
                let mut mem = MemoryFiles::new();
                let root = files[0].0.clone();
                for (path, bytes) in files {
                    mem.insert(path, bytes);
                }
                ConfigSet::load(&[root], &mem)
            }
            None => {
                let mut mem = MemoryFiles::new();
                mem.insert(name, text.to_vec());
                ConfigSet::load(&[name.to_string()], &mem)
            }
        }
    }

    /// The same files and roots with some texts replaced (by path), loaded
    /// afresh: the set to check after an edit (a redaction, a proposed fix).
    pub fn with_texts(&self, replaced: impl IntoIterator<Item = (String, Vec<u8>)>) -> ConfigSet {
        let mut mem = MemoryFiles::new();
        for f in &self.files {
            mem.insert(f.path.clone(), f.tree.source().to_vec());
        }
        for (path, text) in replaced {
            mem.insert(path, text);
        }
        let roots: Vec<String> = self
            .roots
            .iter()
            .map(|&r| self.files[r].path.clone())
            .collect();
        ConfigSet::load(&roots, &mem)
    }

    fn add(&mut self, path: String, bytes: Vec<u8>) -> FileId {
        let parsed = parse_owned(bytes);
        self.files.push(LoadedFile {
            path,
            tree: parsed.file,
            diagnostics: parsed.errors,
        });
        self.files.len() - 1
    }

    /// The files an `include` directive pulls in (empty if unresolved).
    pub fn included(&self, file: FileId, directive: &Directive) -> &[FileId] {
        self.includes
            .get(&(file, directive.name.span().start))
            .map_or(&[], Vec::as_slice)
    }
}

/// The files one `include` argument names (a path or a glob, relative to
/// `prefix`), read and queued for their own includes when new; and why each
/// path that could not be read failed.
fn resolve_include(
    target: &[u8],
    prefix: &str,
    source: &dyn FileSource,
    set: &mut ConfigSet,
    by_path: &mut FastMap<String, FileId>,
    failed: &mut FastMap<String, String>,
    queue: &mut Vec<FileId>,
) -> (Vec<FileId>, Vec<String>) {
    let target = String::from_utf8_lossy(target);
    let pattern = resolve(prefix, &target);
    let paths = if glob::has_wildcards(&pattern) {
        source.glob(&pattern)
    } else {
        vec![pattern]
    };
    let mut ids = Vec::with_capacity(paths.len());
    let mut failures = Vec::new();
    for path in paths {
        if let Some(&t) = by_path.get(&path) {
            ids.push(t);
        } else if let Some(why) = failed.get(&path) {
            failures.push(why.clone());
        } else if let Some(bytes) = source.read(&path) {
            let t = set.add(path.clone(), bytes);
            by_path.insert(path, t);
            queue.push(t);
            ids.push(t);
        } else {
            let why = source.read_failure(&path);
            failed.insert(path, why.clone());
            failures.push(why);
        }
    }
    (ids, failures)
}

/// For an `include` directive with one argument: (name offset, target, span).
fn include_target(tree: &SourceFile, d: &Directive) -> Option<(usize, Vec<u8>, crate::span::Span)> {
    if tree.value(&d.name).as_ref() != b"include" {
        return None;
    }
    let mut args = tree.args(d);
    let arg = args.next()?;
    if args.next().is_some() {
        return None;
    }
    let value = tree.value(arg).into_owned();
    Some((d.name.span().start, value, d.span()))
}

/// `path` made absolute against `prefix` (unless it already is), normalized.
pub fn resolve(prefix: &str, path: &str) -> String {
    if path.starts_with('/') || prefix.is_empty() {
        normalize(path)
    } else {
        normalize(&format!("{prefix}/{path}"))
    }
}

/// Lexically clean a path: `\` to `/`, no `.` segments, `..` folded, no double `/`.
pub fn normalize(path: &str) -> String {
    let path = path.replace('\\', "/");
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            _ => parts.push(seg),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The directory part of a normalized path ("" for a bare name).
pub fn parent(path: &str) -> String {
    match path.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => path[..i].to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_like_nginx_would_open_them() {
        assert_eq!(
            normalize("/etc/nginx/./conf.d/../a.conf"),
            "/etc/nginx/a.conf"
        );
        assert_eq!(normalize("a//b"), "a/b");
        assert_eq!(resolve("/etc/nginx", "mime.types"), "/etc/nginx/mime.types");
        assert_eq!(resolve("/etc/nginx", "/abs.conf"), "/abs.conf");
        assert_eq!(parent("/etc/nginx/nginx.conf"), "/etc/nginx");
    }

    #[test]
    fn includes_resolve_with_globs_and_report_missing_files() {
        let mut mem = MemoryFiles::new();
        mem.insert(
            "/e/nginx.conf",
            "http { include conf.d/*.conf; include missing.conf; }",
        );
        mem.insert("/e/conf.d/b.conf", "server { listen 81; }");
        mem.insert("/e/conf.d/a.conf", "server { listen 80; }");
        mem.insert("/e/conf.d/a.conf.bak", "garbage");
        let set = ConfigSet::load(&["/e/nginx.conf".into()], &mem);
        let paths: Vec<&str> = set.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/e/nginx.conf", "/e/conf.d/a.conf", "/e/conf.d/b.conf"]
        );
        let errors = &set.files[0].diagnostics;
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Code::IncludeNotFound);
        assert!(errors[0].message.contains("/e/missing.conf"));
    }

    #[test]
    fn a_named_file_that_another_includes_is_not_a_root() {
        let mut mem = MemoryFiles::new();
        mem.insert("nginx.conf", "http { include site.conf; }");
        mem.insert("site.conf", "server { }");
        let set = ConfigSet::load(&["nginx.conf".into(), "site.conf".into()], &mem);
        assert_eq!(set.roots, vec![0]);
    }
}
