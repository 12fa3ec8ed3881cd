//! `confine`: find and fix nginx misconfigurations from the command line.
//!
//! Exit codes: 0 nothing wrong, 1 problems found, 2 usage or I/O error.
//! All logic lives in `confine-core`; this binary reads files and flags.

mod disk;

use std::io::{Read, Write};
use std::process::ExitCode;

use confine_core::analysis::validate;
use confine_core::diagnostic::Severity;
use confine_core::input::{dump, ConfigSet};
use confine_core::render;

use disk::DiskFiles;

const USAGE: &str = "\
confine: find and fix nginx misconfigurations

USAGE:
    confine parse [--json] FILE...    parse, report syntax and structure errors
                                      (--json: crossplane's JSON shape)
    confine example                   print the built-in example config

FILE may be `-` for standard input, and may be an `nginx -T` dump.
Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error.
";

/// A failure that ends the run with exit code 2.
#[derive(Debug)]
enum CliError {
    Usage(String),
    Io(String),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Usage(m) => write!(f, "{m}\n\n{USAGE}"),
            CliError::Io(m) => f.write_str(m),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("confine: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<u8, CliError> {
    let Some((command, rest)) = args.split_first() else {
        return Err(CliError::Usage("no command given".into()));
    };
    match command.as_str() {
        "parse" => parse_command(rest),
        "example" => {
            print!("{}", confine_core::EXAMPLE);
            Ok(0)
        }
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(0)
        }
        other => Err(CliError::Usage(format!("unknown command \"{other}\""))),
    }
}

fn parse_command(args: &[String]) -> Result<u8, CliError> {
    let mut json = false;
    let mut files = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            "-" => files.push(arg.clone()),
            flag if flag.starts_with('-') => {
                return Err(CliError::Usage(format!("unknown option \"{flag}\"")))
            }
            _ => files.push(arg.clone()),
        }
    }
    if files.is_empty() {
        return Err(CliError::Usage("parse needs at least one FILE".into()));
    }
    let set = load(&files)?;
    let diagnostics = validate(&set);
    let output = if json {
        let payload = render::crossplane::payload(&set, &diagnostics);
        let mut s = serde_json::to_string(&payload).map_err(|e| CliError::Io(e.to_string()))?;
        s.push('\n');
        s
    } else {
        render::text::diagnostics(&set, &diagnostics)
    };
    write_stdout(output.as_bytes())?;
    let failed = diagnostics
        .iter()
        .any(|d| d.diagnostic.severity == Severity::Error);
    Ok(u8::from(failed))
}

/// Read the named files (and what they include) from disk or standard input.
/// A single `nginx -T` dump is split into the files it holds.
fn load(files: &[String]) -> Result<ConfigSet, CliError> {
    let mut source = DiskFiles::default();
    let mut roots = Vec::new();
    for name in files {
        let bytes = if name == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| CliError::Io(format!("cannot read standard input: {e}")))?;
            buf
        } else {
            std::fs::read(name).map_err(|e| CliError::Io(format!("cannot read \"{name}\": {e}")))?
        };
        match dump::split(&bytes) {
            Some(parts) => {
                for (i, (path, body)) in parts.into_iter().enumerate() {
                    if i == 0 {
                        roots.push(path.clone());
                    }
                    source.overlay(&path, body);
                }
            }
            None => {
                source.overlay(name, bytes);
                roots.push(name.clone());
            }
        }
    }
    Ok(ConfigSet::load(&roots, &source))
}

fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // `confine ... | head` closing the pipe is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Io(format!("cannot write output: {e}"))),
    }
}
