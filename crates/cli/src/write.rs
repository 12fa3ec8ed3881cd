//! Writing files without losing them: every rewrite goes to a temporary file
//! in the target's own directory, is synced, and is renamed over the
//! original, so a full disk or a kill leaves the old file or the new one,
//! never a truncated one. A set of files is written all or none.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// One file to rewrite: its path as the user named it, the bytes confine
/// read from it (the write is refused if the file no longer holds them),
/// and the new bytes.
pub struct Rewrite {
    pub path: PathBuf,
    pub read: Vec<u8>,
    pub new: Vec<u8>,
}

/// Why a write did not happen. Nothing on disk changed when one is returned
/// (a failed rollback says so in its message).
#[derive(Debug)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A rewrite whose new bytes sit synced in a temporary file beside the target.
struct Staged {
    /// The file that is replaced: a symlink's target, not the link.
    target: PathBuf,
    temp: PathBuf,
    original: Vec<u8>,
    shown: String,
}

/// Rewrite every file, or none: each is staged first; only when all are
/// staged (and still hold what was read) are they renamed into place, and a
/// failed rename puts the ones already renamed back.
pub fn rewrite_all(rewrites: &[Rewrite]) -> Result<(), WriteError> {
    let mut staged: Vec<Staged> = Vec::with_capacity(rewrites.len());
    for r in rewrites {
        match stage(r) {
            Ok(s) => staged.push(s),
            Err(e) => {
                discard(&staged);
                return Err(e);
            }
        }
    }
    // Re-check right before the renames: an editor may have saved meanwhile.
    for s in &staged {
        if let Err(e) = unchanged(&s.target, &s.original, &s.shown) {
            discard(&staged);
            return Err(e);
        }
    }
    for (i, s) in staged.iter().enumerate() {
        if let Err(e) = std::fs::rename(&s.temp, &s.target) {
            discard(&staged[i..]);
            let undone = roll_back(&staged[..i]);
            return Err(WriteError(format!(
                "cannot replace \"{}\": {e}{undone}",
                s.shown
            )));
        }
    }
    for s in &staged {
        sync_dir(&s.target);
    }
    Ok(())
}

/// Write `bytes` to a new file `path` readable by its owner only (0600),
/// replacing an existing regular file atomically. A symlink at `path` is
/// refused, never followed, and so is any path in `inputs` (or a file that
/// is one of them under another name).
pub fn write_private(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.file_type().is_symlink() {
            return Err(WriteError(format!(
                "refusing to write \"{shown}\": it is a symbolic link"
            )));
        }
        if !meta.is_file() {
            return Err(WriteError(format!(
                "refusing to write \"{shown}\": it is not a regular file"
            )));
        }
        for input in inputs {
            if let Ok(im) = std::fs::metadata(input) {
                if im.dev() == meta.dev() && im.ino() == meta.ino() {
                    return Err(WriteError(format!(
                        "refusing to write \"{shown}\": it is an input (\"{}\")",
                        input.display()
                    )));
                }
            }
        }
    }
    let temp = temp_path(path);
    let mut file = create_temp(&temp, &shown)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.set_permissions(std::fs::Permissions::from_mode(0o600)))
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(WriteError(format!("cannot write \"{shown}\": {e}")));
    }
    sync_dir(path);
    Ok(())
}

fn stage(r: &Rewrite) -> Result<Staged, WriteError> {
    let shown = r.path.display().to_string();
    let target = std::fs::canonicalize(&r.path)
        .map_err(|e| WriteError(format!("cannot rewrite \"{shown}\": {e}")))?;
    let meta = std::fs::metadata(&target)
        .map_err(|e| WriteError(format!("cannot rewrite \"{shown}\": {e}")))?;
    if !meta.is_file() {
        return Err(WriteError(format!(
            "cannot rewrite \"{shown}\" in place: it is not a regular file"
        )));
    }
    if meta.nlink() > 1 {
        return Err(WriteError(format!(
            "cannot rewrite \"{shown}\" in place: it has {} hard links, and replacing it \
             would leave the others with the old text",
            meta.nlink()
        )));
    }
    unchanged(&target, &r.read, &shown)?;
    let temp = temp_path(&target);
    let mut file = create_temp(&temp, &shown)?;
    let done = file
        .write_all(&r.new)
        .and_then(|()| keep_owner(&file, &meta))
        .and_then(|()| file.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o7777)))
        .and_then(|()| file.sync_all());
    if let Err(e) = done {
        let _ = std::fs::remove_file(&temp);
        return Err(WriteError(format!("cannot write \"{shown}\": {e}")));
    }
    Ok(Staged {
        target,
        temp,
        original: r.read.clone(),
        shown,
    })
}

/// Give the temporary file the original's owner and group; when that is not
/// allowed (another user's file), refuse rather than change its owner.
fn keep_owner(file: &File, meta: &std::fs::Metadata) -> std::io::Result<()> {
    let mine = file.metadata()?;
    if mine.uid() == meta.uid() && mine.gid() == meta.gid() {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot keep its owner {}:{} ({e})", meta.uid(), meta.gid()),
        )
    })
}

fn unchanged(target: &Path, read: &[u8], shown: &str) -> Result<(), WriteError> {
    let now = std::fs::read(target)
        .map_err(|e| WriteError(format!("cannot rewrite \"{shown}\": {e}")))?;
    if now != read {
        return Err(WriteError(format!(
            "\"{shown}\" changed since confine read it; nothing was written (run again)"
        )));
    }
    Ok(())
}

/// `.NAME.confine-PID.tmp` beside `path`: same directory, so the rename
/// stays on one file system.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.confine-{}.tmp", std::process::id()))
}

/// Create the temporary file new (`O_EXCL`, never through a symlink) and
/// private until its mode is set.
fn create_temp(temp: &Path, shown: &str) -> Result<File, WriteError> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(temp)
        .map_err(|e| WriteError(format!("cannot write \"{shown}\": {e}")))
}

fn discard(staged: &[Staged]) {
    for s in staged {
        let _ = std::fs::remove_file(&s.temp);
    }
}

/// Put the original bytes back (atomically again) into files already
/// replaced; the returned text tells the user what could not be undone.
fn roll_back(done: &[Staged]) -> String {
    let mut failed = Vec::new();
    for s in done {
        let temp = temp_path(&s.target);
        let back = create_temp(&temp, &s.shown)
            .map_err(|e| e.0)
            .and_then(|mut f| {
                f.write_all(&s.original)
                    .and_then(|()| f.sync_all())
                    .and_then(|()| std::fs::rename(&temp, &s.target))
                    .map_err(|e| e.to_string())
            });
        if back.is_err() {
            let _ = std::fs::remove_file(&temp);
            failed.push(s.shown.clone());
        }
    }
    if failed.is_empty() {
        "; nothing was changed".into()
    } else {
        format!("; could not restore {}", failed.join(", "))
    }
}

/// Make a rename durable: sync the directory that holds the entry.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}
