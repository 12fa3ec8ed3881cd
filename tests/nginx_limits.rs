//! nginx's reading limits against the real `nginx -t` (Debian's 1.22.1):
//! where a word, quoted string or comment fills nginx's 4096-byte read
//! buffer, and a UTF-8 byte order mark, confine must report what nginx
//! reports, on the same line, with the same words. Each case is built at
//! the boundary (lengths 4092 to 4098, each way a token can end, two
//! alignments in the file), so an off-by-one on either side fails.
//!
//! Needs `/usr/sbin/nginx` (see `support/nginx.rs`); skipped without it
//! unless `CONFINE_REQUIRE_TOOLS` is set.

#[path = "support/nginx.rs"]
mod nginx;

use std::path::{Path, PathBuf};

use confine_core::analysis::validate_for;
use confine_core::diagnostic::{Code, Severity};
use confine_core::input::{ConfigSet, MemoryFiles};
use confine_core::options::Version;
use nginx::{Nginx, Outcome};

/// What one side said about the length or the mark: message and line.
type Said = Option<(String, usize)>;

fn cases() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for lead in [0usize, 1000] {
        let head = if lead == 0 {
            String::new()
        } else {
            format!("# {}\n", "x".repeat(lead))
        };
        for n in 4092..=4098 {
            let w = format!("b{}", "a".repeat(n - 1));
            let bodies = [
                ("word+space", format!("add_header X-A {w} always;")),
                ("word+semicolon", format!("add_header X-A {w};")),
                ("double+space", format!("add_header X-A \"{w}\" always;")),
                ("double+semicolon", format!("add_header X-A \"{w}\";")),
                ("single+space", format!("add_header X-A '{w}' always;")),
                ("comment", format!("#{}", &w[1..])),
                ("unclosed", format!("add_header X-A \"{w}")),
            ];
            for (kind, body) in bodies {
                let text =
                    format!("{head}events {{}}\nhttp {{\n    {body}\n    server_tokens off;\n}}\n");
                out.push((format!("{kind} n={n} lead={lead}"), text.into_bytes()));
            }
        }
    }
    out.push((
        "byte order mark".into(),
        b"\xef\xbb\xbfevents {}\nhttp {}\n".to_vec(),
    ));
    out
}

fn nginx_said(outcome: &Outcome) -> Said {
    match outcome {
        Outcome::Failed(f)
            if f.message.starts_with("too long parameter")
                || f.message.starts_with("unknown directive \"\u{feff}") =>
        {
            Some((f.message.clone(), f.line.unwrap_or(0)))
        }
        _ => None,
    }
}

fn confine_said(text: &[u8]) -> Said {
    let mut files = MemoryFiles::new();
    files.insert("/t/nginx.conf", text.to_vec());
    let set = ConfigSet::load(&["/t/nginx.conf".to_string()], &files);
    let tree = &set.files[0].tree;
    validate_for(&set, Version(1, 22, 1))
        .into_iter()
        .find(|d| {
            d.diagnostic.severity == Severity::Error
                && (d.diagnostic.code == Code::TooLongParameter
                    || d.diagnostic
                        .message
                        .starts_with("unknown directive \"\u{feff}"))
        })
        .map(|d| {
            (
                d.diagnostic.message.clone(),
                tree.position(d.diagnostic.span.start).line,
            )
        })
}

#[test]
fn too_long_tokens_and_a_byte_order_mark_fail_as_in_nginx() {
    let nginx = match Nginx::locate() {
        Ok(n) => n,
        Err(why) => {
            assert!(
                std::env::var_os("CONFINE_REQUIRE_TOOLS").is_none(),
                "{why} (CONFINE_REQUIRE_TOOLS is set)"
            );
            eprintln!("SKIPPED nginx_limits: {why}");
            return;
        }
    };
    let dir = std::env::temp_dir().join(format!("confine-nginx-limits-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("logs")).expect("temp dir");
    public(&dir, 0o755);
    public(&dir.join("logs"), 0o777);
    let conf: PathBuf = dir.join("nginx.conf");
    let mut disagreements = Vec::new();
    let mut too_long = 0;
    for (name, text) in cases() {
        std::fs::write(&conf, &text).expect("write");
        public(&conf, 0o644);
        let theirs = nginx_said(&nginx.test(&dir, &conf, &[]));
        let ours = confine_said(&text);
        too_long += usize::from(theirs.is_some());
        if theirs != ours {
            disagreements.push(format!("{name}: nginx {theirs:?}, confine {ours:?}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    // The boundary is inside the range: some cases fail, some pass.
    assert!(too_long > 10 && too_long < 90, "{too_long} cases too long");
}

fn public(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}
