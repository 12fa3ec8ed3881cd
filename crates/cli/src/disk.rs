//! The CLI's [`FileSource`]: the real file system, plus standard input under
//! the name `-`, plus the files of an `nginx -T` dump when one is given.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;

use confine_core::input::{glob, normalize, FileSource};

#[derive(Default)]
pub struct DiskFiles {
    /// Files that are not on disk under their name (stdin, a dump's parts),
    /// and the named files, already read to look for a dump. Their bytes
    /// are handed over on the first read instead of copied: the loader reads
    /// each path once, and a copy of a large config was a tenth of a run.
    overlay: RefCell<BTreeMap<String, Option<Vec<u8>>>>,
}

impl DiskFiles {
    pub fn overlay(&mut self, path: &str, bytes: Vec<u8>) {
        self.overlay.get_mut().insert(normalize(path), Some(bytes));
    }
}

impl FileSource for DiskFiles {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        if let Some(bytes) = self.overlay.borrow_mut().get_mut(&normalize(path)) {
            // Read once by the loader (see the field); a repeated read, which
            // it never makes, would find the file empty rather than missing.
            debug_assert!(bytes.is_some(), "\"{path}\" read twice");
            return Some(bytes.take().unwrap_or_default());
        }
        let p = if path.is_empty() { "." } else { path };
        // Over 4 GiB is more than the syntax tree's 32-bit offsets hold.
        std::fs::metadata(p)
            .ok()
            .filter(|m| m.is_file() && m.len() <= confine_core::syntax::MAX_SOURCE_LEN as u64)?;
        std::fs::read(p).ok()
    }

    fn glob(&self, pattern: &str) -> Vec<String> {
        let mut found: Vec<String> = self
            .overlay
            .borrow()
            .keys()
            .filter(|p| glob::matches(pattern, p))
            .cloned()
            .collect();
        expand(pattern, &mut found);
        found.sort();
        found.dedup();
        found
    }
}

/// Walk the file system one pattern component at a time, as glob(3) does.
fn expand(pattern: &str, found: &mut Vec<String>) {
    let absolute = pattern.starts_with('/');
    let parts: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let mut current: Vec<String> = vec![if absolute { "/".into() } else { String::new() }];
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let mut next = Vec::new();
        for base in &current {
            let join = |name: &str| match base.as_str() {
                "" => name.to_string(),
                "/" => format!("/{name}"),
                b => format!("{b}/{name}"),
            };
            if !glob::has_wildcards(part) {
                next.push(join(part));
                continue;
            }
            let dir = if base.is_empty() { "." } else { base.as_str() };
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                // glob(3) does not match a leading dot with a wildcard.
                if name.starts_with('.') && !part.starts_with('.') {
                    continue;
                }
                if glob::matches(part, &name) {
                    next.push(join(&name));
                }
            }
        }
        if !last {
            next.retain(|p| Path::new(p).is_dir());
        }
        current = next;
    }
    found.extend(current.into_iter().filter(|p| Path::new(p).is_file()));
}
