//! Running the `confine` binary of this build on a config file.

use std::path::Path;
use std::process::{Command, Stdio};

/// The nginx version every run targets: the one installed here (Debian
/// bookworm's), not confine's default (1.30, where upstream keep-alive is on
/// by default and the keep-alive rules have nothing to say).
pub const TARGET: &str = "1.22.1";

pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout:\n{}--- stderr:\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// `confine COMMAND --nginx-version 1.22.1 EXTRA... FILE`.
pub fn run(command: &str, extra: &[&str], file: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_confine"))
        .arg(command)
        .args(["--nginx-version", TARGET])
        .args(extra)
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run confine {command}: {e}"));
    Output {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The rule ids of the findings in `confine check`'s text output
/// (`file:line:col: severity[rule-id]: message`); diagnostics without a rule
/// id (`warning: unknown directive ...`) are left out.
pub fn rules(check_stdout: &str) -> Vec<String> {
    check_stdout
        .lines()
        .filter_map(|line| {
            let open = line.find("[")?;
            let close = open + line[open..].find("]: ")?;
            let severity = line[..open].rsplit(' ').next()?;
            matches!(severity, "error" | "warning" | "info" | "hint" | "note")
                .then(|| line[open + 1..close].to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn rules_are_read_from_findings_only() {
        let out = "a.conf:1:1: warning: unknown directive \"x\" (a [bracket]: here)\n\
                   a.conf:9:22: error[grpc-to-http1-backend]: grpc_pass speaks [HTTP/2]: ...\n\
                   a.conf:10:18: info[proxy-forwarding-headers]: proxied without Host\n";
        assert_eq!(
            super::rules(out),
            ["grpc-to-http1-backend", "proxy-forwarding-headers"]
        );
    }
}
