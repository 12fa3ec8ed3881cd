//! The real `nginx -t` for the diagnostics tables' cross-checks: a prefix
//! directory of a row's files, one run of nginx on it, and nginx's first
//! error read back as message, file and line. Each `diagnostics_*` test
//! decides what it compares; they all read nginx the same way here.
//!
//! The nginx is `$NGINX`, else `/usr/sbin/nginx`. A test that runs by
//! default skips (with a message) without it, unless
//! `CONFINE_REQUIRE_TOOLS` is set; an `#[ignore]`d test, run on request,
//! fails without it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The nginx binary a test runs.
pub struct Nginx {
    path: PathBuf,
}

/// What `nginx -t` said about a config.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Outcome {
    Accepted,
    Failed(Failure),
}

/// nginx's first `[emerg]`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Failure {
    /// The message alone: no time, `PID#TID: ` or ` in FILE:LINE`.
    pub message: String,
    /// The file and line nginx names, when it names one.
    pub at: Option<(PathBuf, usize)>,
}

/// A directory under the system's temporary one, with the `logs/` nginx
/// opens, for one test's (or one row's) configs; removed when dropped.
pub struct Prefix {
    dir: PathBuf,
}

impl Nginx {
    fn configured() -> PathBuf {
        std::env::var_os("NGINX").map_or_else(|| "/usr/sbin/nginx".into(), PathBuf::from)
    }

    /// For a test that runs by default: `None` (after saying so) when there
    /// is no nginx, a failure instead under `CONFINE_REQUIRE_TOOLS`.
    pub fn or_skip() -> Option<Nginx> {
        let path = Nginx::configured();
        if path.exists() {
            return Some(Nginx { path });
        }
        if std::env::var_os("CONFINE_REQUIRE_TOOLS").is_some() {
            panic!(
                "no nginx at {} (CONFINE_REQUIRE_TOOLS is set)",
                path.display()
            );
        }
        eprintln!("SKIPPED: no nginx at {} (set NGINX)", path.display());
        None
    }

    /// For an `#[ignore]`d test, which someone asked to run: no nginx fails it.
    pub fn required() -> Nginx {
        let path = Nginx::configured();
        assert!(path.exists(), "no nginx at {} (set NGINX)", path.display());
        Nginx { path }
    }

    /// `nginx -t` on the prefix's `nginx.conf`.
    pub fn test(&self, prefix: &Prefix) -> Outcome {
        let conf = prefix.conf();
        let out = Command::new(&self.path)
            .arg("-t")
            .arg("-p")
            .arg(format!("{}/", prefix.dir.display()))
            .arg("-c")
            .arg(&conf)
            .output()
            .unwrap_or_else(|e| panic!("run {}: {e}", self.path.display()));
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            return Outcome::Accepted;
        }
        let line = stderr
            .lines()
            .find_map(|l| l.split_once("[emerg] ").map(|(_, rest)| rest))
            .unwrap_or_else(|| panic!("no [emerg] from nginx: {stderr}"));
        Outcome::Failed(Failure::read(line))
    }

    /// [`Nginx::test`] on `text` written as the prefix's `nginx.conf`.
    pub fn test_text(&self, prefix: &Prefix, text: impl AsRef<[u8]>) -> Outcome {
        prefix.write("nginx.conf", text);
        self.test(prefix)
    }
}

impl Failure {
    /// An `[emerg]` line's rest: `[PID#TID: ]MESSAGE[ in FILE:LINE]`.
    fn read(line: &str) -> Failure {
        let line = match line.split_once(": ") {
            Some((ids, rest)) if ids.bytes().all(|b| b.is_ascii_digit() || b == b'#') => rest,
            _ => line,
        };
        // Messages may hold " in " themselves ("... in location given by
        // regular expression"): only an absolute path and a number is a place.
        let place = line.rsplit_once(" in ").and_then(|(message, place)| {
            let (file, number) = place.rsplit_once(':')?;
            let number = number.trim().parse().ok()?;
            file.starts_with('/')
                .then(|| (message, (PathBuf::from(file), number)))
        });
        match place {
            Some((message, at)) => Failure {
                message: message.to_string(),
                at: Some(at),
            },
            None => Failure {
                message: line.trim_end().to_string(),
                at: None,
            },
        }
    }

    /// The line nginx names, when it names one.
    pub fn line(&self) -> Option<usize> {
        self.at.as_ref().map(|(_, line)| *line)
    }
}

impl Outcome {
    /// nginx's message and line, `None` when it accepts.
    pub fn message_and_line(&self) -> Option<(String, Option<usize>)> {
        match self {
            Outcome::Accepted => None,
            Outcome::Failed(f) => Some((f.message.clone(), f.line())),
        }
    }

    /// nginx's message and the line it names in the prefix's `nginx.conf`
    /// (a failure elsewhere, or without a place, panics: the tables that
    /// ask write one file). `None` when it accepts.
    pub fn message_and_conf_line(&self, prefix: &Prefix) -> Option<(String, usize)> {
        match self {
            Outcome::Accepted => None,
            Outcome::Failed(f) => match &f.at {
                Some((file, line)) if *file == prefix.conf() => Some((f.message.clone(), *line)),
                _ => panic!("nginx names no line of {}: {f:?}", prefix.conf().display()),
            },
        }
    }
}

impl Prefix {
    /// `$TMPDIR/confine-NAME-PID`, empty but for `logs/`.
    pub fn new(name: &str) -> Prefix {
        let dir = std::env::temp_dir().join(format!("confine-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("logs"))
            .unwrap_or_else(|e| panic!("make {}: {e}", dir.display()));
        Prefix { dir }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The config nginx is run on.
    pub fn conf(&self) -> PathBuf {
        self.dir.join("nginx.conf")
    }

    /// Write `text` at `rel` under the prefix (an absolute path is taken as
    /// it is), making directories as needed.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("make {}: {e}", parent.display()));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }
}

impl Drop for Prefix {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::Failure;
    use std::path::PathBuf;

    #[test]
    fn emerg_lines_are_read_into_message_and_place() {
        let f = Failure::read("2370#2370: unknown directive \"x\" in /tmp/p/nginx.conf:3");
        assert_eq!(f.message, "unknown directive \"x\"");
        assert_eq!(f.at, Some((PathBuf::from("/tmp/p/nginx.conf"), 3)));

        let f = Failure::read("2370#2370: unknown \"foo\" variable");
        assert_eq!(
            (f.message.as_str(), f.at),
            ("unknown \"foo\" variable", None)
        );

        let f = Failure::read(
            "\"proxy_pass\" cannot have URI part in location given by regular expression, \
             or inside named location, or inside \"if\" statement, or inside \"limit_except\" \
             block in /tmp/p/nginx.conf:7",
        );
        assert!(
            f.message.ends_with("\"limit_except\" block"),
            "{}",
            f.message
        );
        assert_eq!(f.line(), Some(7));

        let f = Failure::read("no \"events\" section in configuration");
        assert_eq!(f.message, "no \"events\" section in configuration");
        assert_eq!(f.line(), None);
    }
}
