//! The CLI's [`FileSource`]: the real file system, plus standard input under
//! the name `-`, plus the files of an `nginx -T` dump when one is given.
//! Also the one place the CLI reads a file: with a size limit, and saying
//! why (the errno, nginx's way) when it cannot.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;

use confine_core::input::{glob, normalize, FileSource};

pub struct DiskFiles {
    /// The most bytes read from one file (`--max-size`).
    limit: u64,
    /// Whether includes missing from the overlay are read from disk. Not for
    /// an `nginx -T` dump: it is one input, and its paths may not exist here.
    disk: bool,
    /// Why a read failed, for [`FileSource::read_failure`].
    failures: RefCell<BTreeMap<String, String>>,
    /// Files that are not on disk under their name (stdin, a dump's parts),
    /// and the named files, already read to look for a dump. Their bytes
    /// are handed over on the first read instead of copied: the loader reads
    /// each path once, and a copy of a large config was a tenth of a run.
    overlay: RefCell<BTreeMap<String, Option<Vec<u8>>>>,
}

impl DiskFiles {
    pub fn new(limit: u64) -> DiskFiles {
        DiskFiles {
            limit,
            disk: true,
            failures: RefCell::default(),
            overlay: RefCell::default(),
        }
    }

    /// Read nothing from disk that is not already overlaid.
    pub fn without_disk(&mut self) {
        self.disk = false;
    }

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
        if !self.disk {
            self.failures.borrow_mut().insert(
                path.to_string(),
                format!(
                    "open() \"{path}\" failed (2: No such file or directory): \
                     not in the nginx -T dump, and a dump is not read beside files on disk"
                ),
            );
            return None;
        }
        let p = if path.is_empty() { "." } else { path };
        match read_include(p, self.limit) {
            Ok(bytes) => Some(bytes),
            Err(why) => {
                self.failures.borrow_mut().insert(path.to_string(), why);
                None
            }
        }
    }

    fn read_failure(&self, path: &str) -> String {
        self.failures
            .borrow()
            .get(path)
            .cloned()
            .unwrap_or_else(|| format!("open() \"{path}\" failed (2: No such file or directory)"))
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

/// An included file's bytes. Only regular files: nginx would block forever
/// on a FIFO's open, and a device is no config.
fn read_include(path: &str, limit: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| errno_text("open()", path, &e))?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(format!("pread() \"{path}\" failed (21: Is a directory)"));
    }
    let other = if kind.is_fifo() {
        Some("a FIFO (nginx would wait for a writer)")
    } else if kind.is_char_device() {
        Some("a character device")
    } else if kind.is_block_device() {
        Some("a block device")
    } else if kind.is_socket() {
        Some("a socket")
    } else {
        None
    };
    if let Some(what) = other {
        return Err(format!(
            "open() \"{path}\" refused: it is {what}, not a regular file"
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| errno_text("open()", path, &e))?;
    read_file_limited(file, path, limit)
}

/// [`read_limited`] for a file: its size, when the file system gives it, is
/// allocated at once, so a large file is read into place rather than into a
/// buffer doubled (and copied) from 8 KiB up.
pub fn read_file_limited(file: std::fs::File, name: &str, limit: u64) -> Result<Vec<u8>, String> {
    let size = file.metadata().map_or(0, |m| m.len());
    read_limited_into(file, name, limit, size)
}

/// Read at most `limit` bytes; more is an error naming the file and the limit.
pub fn read_limited(reader: impl Read, name: &str, limit: u64) -> Result<Vec<u8>, String> {
    read_limited_into(reader, name, limit, 0)
}

/// [`read_limited`], with room for `expected` bytes made first (a hint: the
/// reader may give more or fewer).
fn read_limited_into(
    reader: impl Read,
    name: &str,
    limit: u64,
    expected: u64,
) -> Result<Vec<u8>, String> {
    // One byte more than expected, so that reading to the end needs no growth.
    let room = usize::try_from(expected.min(limit).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(room);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| errno_text("read()", name, &e))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "\"{name}\" is larger than {limit} bytes, the most confine reads from one file \
             (--max-size raises it)"
        ));
    }
    Ok(bytes)
}

/// `open() "PATH" failed (13: Permission denied)`: nginx's wording, with
/// the real errno.
pub fn errno_text(call: &str, path: &str, e: &std::io::Error) -> String {
    let text = e.to_string();
    let reason = text
        .rsplit_once(" (os error")
        .map_or(text.as_str(), |(r, _)| r);
    match e.raw_os_error() {
        Some(code) => format!("{call} \"{path}\" failed ({code}: {reason})"),
        None => format!("{call} \"{path}\" failed ({reason})"),
    }
}
