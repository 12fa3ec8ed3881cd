//! `confine`: find and fix nginx misconfigurations from the command line.
//!
//! Exit codes: 0 nothing wrong, 1 problems found, 2 usage or I/O error.
//! All logic lives in `confine-core`; this binary reads files and flags.

mod alloc;
mod disk;
mod redact;
mod write;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use confine_core::analysis::{validate_model, Model};
use confine_core::diagnostic::Severity;
use confine_core::input::error_log::{self, ErrorLog};
use confine_core::input::{dump, ConfigSet};
use confine_core::options::{parse_file, FileOptions, Options};
use confine_core::rules::select::check_selector;
use confine_core::{analyze_with, render, Report};

use disk::DiskFiles;

/// Large blocks on huge pages: see `alloc.rs`.
#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;

const USAGE: &str = "\
confine: find and fix nginx misconfigurations

USAGE:
    confine parse [--json] [--strict] [--nginx-version X.Y.Z] FILE...
                                       syntax and structure errors, like nginx -t
                                       (--json: crossplane's JSON shape)
    confine check [OPTIONS] FILE...    find misconfigurations
        --format text|json|sarif       output format (default text)
    confine fix [OPTIONS] FILE...      print the fixed config
        --diff                         print a unified diff instead
        --in-place                     rewrite the files (each replaced whole, all
                                       or none; an nginx -T dump: the dump file)
        --members-under DIR            with --in-place and a dump: rewrite the
                                       files the dump names instead, only those
                                       inside DIR and still as the dump shows them
        --suggestions                  also apply fixes that change behaviour
    confine route [OPTIONS] FILE...    the server, location and upstream a request reaches
        --request 'METHOD URI'         the request (`POST /v1/ingest`, or just the URI)
        --host HOST                    its Host header
        --port PORT                    the port it arrived on (default: the one the config uses)
        --addr ADDRESS                 the local address, when servers listen on several
        --format text|json             output format (default text)
    confine redact [OPTIONS] FILE...   print the files redacted (several: each
                                       under a `# file: NAME` line)
        --map OUT.json                 write the mapping (placeholder → original)
        --report                       print counts per category and every span as JSON
        --restore MAP.json             put the originals back instead
        --term TERM                    also redact TERM wherever it occurs (repeatable)
        --allow VALUE                  never redact VALUE (`.corp.com`: the domain and below)
        --enable CATEGORY              also redact path or port (off by default)
        --disable CATEGORY             leave ip, hostname, email, secret or term alone
    confine example                    print the built-in example config

OPTIONS (check and fix):
    --nginx-version X.Y.Z              the nginx the config is for (default 1.30.0)
    --backend NAME=http1|h2c|grpc      what a backend (upstream or host:port) speaks
    --strict                           every unknown directive is an error, as for
                                       an nginx without third-party modules (also
                                       for parse; default: a warning, naming the
                                       module when confine knows it)
    --error-log FILE                   the error log this config's nginx wrote (`-`:
                                       standard input, when FILE... is not): each
                                       event is routed to its server, location and
                                       backend and blamed on the line to change
    --select A,B                       run only these rules: rule ids, categories
                                       (protocol, security, performance, hygiene)
                                       or all (repeatable; default: all)
    --ignore A,B                       do not run these (repeatable); a rule id
                                       beats a category either way
    --min-severity info|warning|error  drop findings below this severity
    --config FILE                      read options from FILE instead of the
                                       confine.toml next to the first FILE (for
                                       `-`: in the current directory)
    --no-config                        read no confine.toml

FILE may be `-` for standard input, and may be an `nginx -T` dump.
confine.toml holds `select = [\"..\"]`, `ignore = [...]`, `min-severity = \"..\"`
and `nginx-version = \"X.Y.Z\"` lines (and `#` comments); flags override it.
--max-size BYTES (any command; k, m, g suffixes) raises the most confine reads
from one file, 64m by default.
Exit codes: 0 nothing wrong, 1 problems found (parse: errors; check: a warning
or error finding, or a syntax error; fix: problems left unfixed), 2 usage or I/O error.
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

/// The most bytes read from one file: a config larger than this is a
/// mistake (a device, a log), not worth running out of memory for.
const DEFAULT_MAX_SIZE: u64 = 64 << 20;

static MAX_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_SIZE);

/// The `--max-size` in effect.
pub(crate) fn max_size() -> u64 {
    MAX_SIZE.load(Ordering::Relaxed)
}

fn run(args: &[String]) -> Result<u8, CliError> {
    let args = take_max_size(args)?;
    let Some((command, rest)) = args.split_first() else {
        return Err(CliError::Usage("no command given".into()));
    };
    if rest.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(0);
    }
    match command.as_str() {
        "parse" => parse_command(rest),
        "check" => check_command(rest),
        "fix" => fix_command(rest),
        "route" => route_command(rest),
        "redact" => redact::command(rest),
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

/// Remove `--max-size` (which every command takes) from `args`, setting it.
fn take_max_size(args: &[String]) -> Result<Vec<String>, CliError> {
    let (kept, value) = take_value_flag(args, "--max-size")?;
    if let Some(value) = value {
        MAX_SIZE.store(parse_size(&value)?, Ordering::Relaxed);
    }
    Ok(kept)
}

/// `args` without the flag `name` and its value (the last one given).
fn take_value_flag(args: &[String], name: &str) -> Result<(Vec<String>, Option<String>), CliError> {
    let mut kept = Vec::with_capacity(args.len());
    let mut value = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = split_flag(arg);
        if flag == name {
            value = Some(flag_value(flag, inline, &mut it)?);
        } else {
            kept.push(arg.clone());
        }
    }
    Ok((kept, value))
}

/// `65536`, `64k`, `64m`, `1g`: a byte count up to the 4 GiB the syntax
/// tree's offsets hold.
fn parse_size(value: &str) -> Result<u64, CliError> {
    let lower = value.to_ascii_lowercase();
    let (digits, unit) = match lower.as_bytes().last() {
        Some(b'k') => (&lower[..lower.len() - 1], 1u64 << 10),
        Some(b'm') => (&lower[..lower.len() - 1], 1 << 20),
        Some(b'g') => (&lower[..lower.len() - 1], 1 << 30),
        _ => (lower.as_str(), 1),
    };
    let bad = || {
        CliError::Usage(format!(
            "--max-size takes a byte count such as 65536, 64k, 64m or 1g, not \"{value}\""
        ))
    };
    let n: u64 = digits.parse().map_err(|_| bad())?;
    let bytes = n.checked_mul(unit).ok_or_else(bad)?;
    let most = confine_core::syntax::MAX_SOURCE_LEN as u64;
    if bytes > most {
        return Err(CliError::Usage(format!(
            "--max-size {value} is over {most} bytes, the most confine can hold"
        )));
    }
    Ok(bytes)
}

fn parse_command(args: &[String]) -> Result<u8, CliError> {
    let mut json = false;
    let mut files = Vec::new();
    let mut strict = false;
    let mut version = confine_core::options::Version::CURRENT_STABLE;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--strict" => strict = true,
            "--nginx-version" => {
                let v = it
                    .next()
                    .ok_or_else(|| CliError::Usage("--nginx-version needs a value".into()))?;
                version = v.parse().map_err(CliError::Usage)?;
            }
            flag if flag.starts_with("--nginx-version=") => {
                version = flag["--nginx-version=".len()..]
                    .parse()
                    .map_err(CliError::Usage)?;
            }
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
    let set = load(&files)?.set;
    let model = Model::build(&set);
    let mut diagnostics = validate_model(&model, version);
    if strict {
        confine_core::analysis::unknown::make_strict(&mut diagnostics);
    }
    exit_soon(model);
    if json {
        // Straight to standard output as it is written: a 100k-line config's
        // JSON is megabytes, not worth holding whole.
        let mut out = stdout();
        let written = render::crossplane::write_json(&set, &diagnostics, &mut out)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush());
        output_result(written)?;
    } else {
        let text = render::text::diagnostics(&set, &diagnostics);
        write_stdout(text.as_bytes())?;
        exit_soon(text);
    }
    let failed = diagnostics
        .iter()
        .any(|d| d.diagnostic.severity == Severity::Error);
    exit_soon((set, diagnostics));
    Ok(u8::from(failed))
}

/// Leave a large value to the end of the process instead of freeing it piece
/// by piece: the process exits right after, and on a 100k-line config the
/// frees of a tree and its JSON took a tenth of the run.
fn exit_soon<T>(value: T) {
    std::mem::forget(value);
}

/// The loaded config, and what is needed to write it back.
struct Loaded {
    set: ConfigSet,
    /// The `nginx -T` dumps among the inputs.
    dumps: Vec<DumpInput>,
}

/// An input that is an `nginx -T` dump: its name, its bytes and its parts.
struct DumpInput {
    name: String,
    bytes: Vec<u8>,
    parts: Vec<dump::Part>,
}

/// Read the named files (and what they include) from disk or standard input.
/// A dump is split into the files it holds; it is one input, so with a dump
/// nothing else is read from disk.
fn load(files: &[String]) -> Result<Loaded, CliError> {
    let mut source = DiskFiles::new(max_size());
    let mut roots = Vec::new();
    let mut dumps = Vec::new();
    for name in files {
        let bytes = read_input(name)?;
        match dump::parts(&bytes) {
            Some(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    if i == 0 {
                        roots.push(part.path.clone());
                    }
                    source.overlay(&part.path, bytes[part.body.clone()].to_vec());
                }
                source.without_disk();
                dumps.push(DumpInput {
                    name: name.clone(),
                    bytes,
                    parts,
                });
            }
            None => {
                source.overlay(name, bytes);
                roots.push(name.clone());
            }
        }
    }
    Ok(Loaded {
        set: ConfigSet::load(&roots, &source),
        dumps,
    })
}

/// The bytes of a named file, or of standard input for `-`, up to
/// `--max-size`. A FIFO is read (`confine check <(kubectl ...)`), and a
/// device stops at the limit like any other file.
pub(crate) fn read_input(name: &str) -> Result<Vec<u8>, CliError> {
    let read = if name == "-" {
        disk::read_limited(std::io::stdin().lock(), "standard input", max_size())
    } else {
        std::fs::File::open(name)
            .map_err(|e| disk::errno_text("open()", name, &e))
            .and_then(|f| disk::read_file_limited(f, name, max_size()))
    };
    read.map_err(CliError::Io)
}

fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = stdout();
    output_result(out.write_all(bytes).and_then(|()| out.flush()))
}

/// Standard output, written in whole pieces. Rust's `Stdout` is line
/// buffered: every write searches its bytes backwards for a line break,
/// which on a large JSON document (one line) was a pass over all of it.
/// The CLI writes its output in a few large pieces, so on Unix it writes
/// them to the file descriptor directly.
fn stdout() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout().lock())
}

/// How writing the output went, as the CLI reports it.
fn output_result(written: std::io::Result<()>) -> Result<(), CliError> {
    match written {
        Ok(()) => Ok(()),
        // `confine ... | head` closing the pipe is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Io(format!("cannot write output: {e}"))),
    }
}

/// `--flag=value` → (`--flag`, Some(`value`)); anything else → (arg, None).
pub(crate) fn split_flag(arg: &str) -> (&str, Option<&str>) {
    match arg.split_once('=') {
        Some((f, v)) if f.starts_with("--") => (f, Some(v)),
        _ => (arg, None),
    }
}

/// A flag's value: written inline (`--flag=value`) or as the next argument.
pub(crate) fn flag_value(
    name: &str,
    inline: Option<&str>,
    rest: &mut std::slice::Iter<'_, String>,
) -> Result<String, CliError> {
    inline
        .map(str::to_string)
        .or_else(|| rest.next().cloned())
        .ok_or_else(|| CliError::Usage(format!("{name} needs a value")))
}

/// Flags shared by `check` and `fix`, and the files.
struct Common {
    options: Options,
    files: Vec<String>,
    /// `--error-log`: its name as given, and the log read.
    log: Option<(String, ErrorLog)>,
}

/// Parse `args`; `extra` handles command-specific flags (returns false if unknown).
fn common_args(args: &[String], mut extra: impl FnMut(&str) -> bool) -> Result<Common, CliError> {
    let (args, log_name) = take_value_flag(args, "--error-log")?;
    let mut options = Options::default();
    let mut flags = FileOptions::default();
    let (mut config, mut no_config) = (None, false);
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = split_flag(arg);
        let mut value = |name: &str| flag_value(name, inline, &mut it);
        match flag {
            "--nginx-version" => {
                flags.nginx_version = Some(value(flag)?.parse().map_err(CliError::Usage)?);
            }
            "--select" => selectors(&value(flag)?, flags.select.get_or_insert_with(Vec::new))?,
            "--ignore" => selectors(&value(flag)?, flags.ignore.get_or_insert_with(Vec::new))?,
            "--min-severity" => {
                flags.min_severity = Some(value(flag)?.parse().map_err(CliError::Usage)?);
            }
            "--config" => config = Some(value(flag)?),
            "--no-config" => no_config = true,
            "--backend" => {
                let v = value(flag)?;
                let (name, proto) = v.rsplit_once('=').ok_or_else(|| {
                    CliError::Usage(format!("--backend takes NAME=http1|h2c|grpc, not \"{v}\""))
                })?;
                options
                    .backends
                    .push((name.to_string(), proto.parse().map_err(CliError::Usage)?));
            }
            "--suggestions" => options.apply_suggestions = true,
            "--strict" => options.strict = true,
            "-" => files.push(arg.clone()),
            _ if arg.starts_with('-') && !extra(arg) => {
                return Err(CliError::Usage(format!("unknown option \"{arg}\"")))
            }
            _ if arg.starts_with('-') => {}
            _ => files.push(arg.clone()),
        }
    }
    if files.is_empty() {
        return Err(CliError::Usage("no FILE given".into()));
    }
    if config.is_some() && no_config {
        return Err(CliError::Usage(
            "--config and --no-config do not go together".into(),
        ));
    }
    if !no_config {
        if let Some(file) = config_file(config.as_deref(), &files)? {
            file.apply_to(&mut options);
        }
    }
    flags.apply_to(&mut options);
    let log = match log_name {
        Some(name) if name == "-" && files.iter().any(|f| f == "-") => {
            return Err(CliError::Usage(
                "--error-log - reads standard input, which FILE - already takes".into(),
            ))
        }
        Some(name) => {
            let log = error_log::parse(&read_input(&name)?);
            let shown = if name == "-" {
                "standard input".into()
            } else {
                name
            };
            Some((shown, log))
        }
        None => None,
    };
    Ok(Common {
        options,
        files,
        log,
    })
}

/// `A,B` appended to `list`, each checked: a selector that names nothing is
/// a usage error rather than a rule silently not run.
fn selectors(value: &str, list: &mut Vec<String>) -> Result<(), CliError> {
    for s in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        check_selector(s).map_err(|e| CliError::Usage(e.to_string()))?;
        list.push(s.to_string());
    }
    Ok(())
}

/// The options of `--config FILE`, or of the `confine.toml` beside the
/// first FILE (the current directory's for standard input), when there is
/// one.
fn config_file(named: Option<&str>, files: &[String]) -> Result<Option<FileOptions>, CliError> {
    let path = match named {
        Some(name) => PathBuf::from(name),
        None => {
            let dir = match files.first().map(String::as_str) {
                None | Some("-") => Path::new("."),
                Some(first) => Path::new(first)
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new(".")),
            };
            let path = dir.join("confine.toml");
            if !path.is_file() {
                return Ok(None);
            }
            path
        }
    };
    let shown = path.display().to_string();
    let bytes = read_input(&shown)?;
    let text =
        String::from_utf8(bytes).map_err(|_| CliError::Io(format!("{shown}: not UTF-8 text")))?;
    parse_file(&text)
        .map(Some)
        .map_err(|e| CliError::Io(format!("{shown}:{e}")))
}

/// Whether the report holds anything that should fail a CI job: an error
/// diagnostic, or a finding that is a warning or an error. Unknown
/// (third-party) directives are shown but do not fail the job, unless
/// `--strict` made them errors.
fn fails(report: &Report) -> bool {
    report
        .diagnostics
        .iter()
        .any(|d| d.diagnostic.severity == Severity::Error)
        || report
            .findings
            .iter()
            .any(|f| f.severity >= Severity::Warning)
}

/// On stderr, when the target version contradicts what the config implies:
/// every finding depends on the target, so a wrong one must not go unseen.
fn version_note(set: &ConfigSet, report: &Report) {
    if let Some(sentence) = report.versions.conflict_sentence() {
        eprintln!(
            "confine: note: {sentence} {} (--nginx-version sets the target.)",
            report.versions.summary(set)
        );
    }
}

fn check_command(args: &[String]) -> Result<u8, CliError> {
    let mut format = String::from("text");
    let mut want_format = false;
    let mut rest = Vec::new();
    for arg in args {
        if want_format {
            format = arg.clone();
            want_format = false;
        } else if arg == "--format" {
            want_format = true;
        } else if let Some(f) = arg.strip_prefix("--format=") {
            format = f.to_string();
        } else {
            rest.push(arg.clone());
        }
    }
    if want_format {
        return Err(CliError::Usage("--format needs a value".into()));
    }
    let common = common_args(&rest, |_| false)?;
    let set = load(&common.files)?.set;
    let report = analyze_with(&set, &common.options, common.log.as_ref().map(|(_, l)| l));
    version_note(&set, &report);
    let log_name = common.log.as_ref().map(|(name, _)| name.as_str());
    let output = match format.as_str() {
        "text" => {
            let mut text = render::text::diagnostics(&set, &report.diagnostics);
            text.push_str(&render::text::findings_with_log(
                &set,
                &report.findings,
                log_name.unwrap_or("error log"),
            ));
            text
        }
        "json" => to_json(&render::json::report(&set, &report))?,
        "sarif" => to_json(&render::sarif::sarif_with_log(
            &set,
            &report.diagnostics,
            &report.findings,
            log_name,
        ))?,
        other => {
            return Err(CliError::Usage(format!(
                "unknown format \"{other}\" (text, json or sarif)"
            )))
        }
    };
    write_stdout(output.as_bytes())?;
    let failed = fails(&report);
    exit_soon((set, report, output));
    Ok(u8::from(failed))
}

fn fix_command(args: &[String]) -> Result<u8, CliError> {
    let (mut diff, mut in_place) = (false, false);
    let (args, members_under) = take_value_flag(args, "--members-under")?;
    let common = common_args(&args, |flag| match flag {
        "--diff" => {
            diff = true;
            true
        }
        "--in-place" => {
            in_place = true;
            true
        }
        _ => false,
    })?;
    if diff && in_place {
        return Err(CliError::Usage(
            "--diff and --in-place do not go together".into(),
        ));
    }
    if members_under.is_some() && !in_place {
        return Err(CliError::Usage(
            "--members-under DIR goes with --in-place".into(),
        ));
    }
    let loaded = load(&common.files)?;
    if !loaded.dumps.is_empty() && common.files.len() > 1 {
        return Err(CliError::Usage(
            "fix takes an nginx -T dump as its only FILE".into(),
        ));
    }
    if members_under.is_some() && loaded.dumps.is_empty() {
        return Err(CliError::Usage(
            "--members-under is for an nginx -T dump, and FILE is not one".into(),
        ));
    }
    let set = &loaded.set;
    let report = analyze_with(set, &common.options, common.log.as_ref().map(|(_, l)| l));
    version_note(set, &report);
    if in_place {
        if common.files.iter().any(|f| f == "-") {
            return Err(CliError::Io(
                "cannot rewrite standard input in place".into(),
            ));
        }
        let rewrites = match (loaded.dumps.first(), &members_under) {
            (Some(d), None) => vec![write::Rewrite {
                path: PathBuf::from(&d.name),
                read: d.bytes.clone(),
                new: fixed_dump(d, set, &report),
            }],
            (Some(_), Some(dir)) => member_rewrites(dir, set, &report)?,
            (None, _) => report
                .fixed
                .iter()
                .map(|f| write::Rewrite {
                    path: PathBuf::from(&f.path),
                    read: set.files[f.file].tree.source().to_vec(),
                    new: f.text.clone(),
                })
                .collect(),
        };
        let changed: Vec<write::Rewrite> =
            rewrites.into_iter().filter(|r| r.read != r.new).collect();
        write::rewrite_all(&changed).map_err(|e| CliError::Io(e.to_string()))?;
        for r in &changed {
            eprintln!("confine: fixed {}", r.path.display());
        }
    } else if diff {
        write_stdout(report.patch.as_bytes())?;
    } else if let Some(d) = loaded.dumps.first() {
        write_stdout(&fixed_dump(d, set, &report))?;
    } else {
        write_stdout(&fixed_output(set, &report))?;
    }
    let applied: std::collections::HashSet<usize> = report.applied.iter().copied().collect();
    let unfixed = report
        .findings
        .iter()
        .enumerate()
        .any(|(i, f)| f.severity >= Severity::Warning && !applied.contains(&i));
    let broken = report
        .diagnostics
        .iter()
        .any(|d| d.diagnostic.severity == Severity::Error);
    Ok(u8::from(unfixed || broken))
}

/// `confine route`: how nginx routes one request through the config.
/// Exit 0 when the route was decided, 1 when it stopped (no server, a regex
/// confine cannot evaluate, a URI nginx rejects).
fn route_command(args: &[String]) -> Result<u8, CliError> {
    let mut request = None;
    let (mut host, mut port, mut addr) = (None, None, None);
    let mut format = String::from("text");
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = split_flag(arg);
        let mut value = |name: &str| flag_value(name, inline, &mut it);
        match flag {
            "--request" => request = Some(value(flag)?),
            "--host" => host = Some(value(flag)?),
            "--addr" => addr = Some(value(flag)?),
            "--format" => format = value(flag)?,
            "--port" => {
                let v = value(flag)?;
                port = Some(v.parse::<u16>().map_err(|_| {
                    CliError::Usage(format!("--port takes a port number, not \"{v}\""))
                })?);
            }
            "-" => files.push(arg.clone()),
            _ if arg.starts_with('-') => {
                return Err(CliError::Usage(format!("unknown option \"{arg}\"")))
            }
            _ => files.push(arg.clone()),
        }
    }
    if files.is_empty() {
        return Err(CliError::Usage("route needs a FILE".into()));
    }
    let request = request.ok_or_else(|| CliError::Usage("route needs --request".into()))?;
    let mut request =
        confine_core::analysis::route::Request::from_line(&request, host.as_deref(), port);
    request.addr = addr;
    let set = load(&files)?.set;
    let model = Model::build(&set);
    let route = confine_core::analysis::route::route(&model, &request);
    let view = render::route::view(&model, &request, &route);
    let output = match format.as_str() {
        "text" => render::route::text(&view),
        "json" => to_json(&view)?,
        other => {
            return Err(CliError::Usage(format!(
                "unknown format \"{other}\" (text or json)"
            )))
        }
    };
    write_stdout(output.as_bytes())?;
    Ok(u8::from(view.stopped.is_some()))
}

/// The dump with each fixed member's body replaced in place. A member is
/// replaced where its body is what was loaded for its path (a dump that
/// names one path twice keeps the copy that was not checked).
fn fixed_dump(d: &DumpInput, set: &ConfigSet, report: &Report) -> Vec<u8> {
    dump::rebuild(&d.bytes, &d.parts, |i| {
        let part = &d.parts[i];
        let path = confine_core::input::normalize(&part.path);
        let fixed = report.fixed.iter().find(|f| f.path == path)?;
        let loaded = set.files.get(fixed.file)?.tree.source();
        (loaded == &d.bytes[part.body.clone()]).then_some(fixed.text.as_slice())
    })
}

/// `--members-under DIR`: the dump's fixed members as files to rewrite, each
/// required to be a file inside DIR (symlinks resolved) that still holds the
/// text the dump shows for it.
fn member_rewrites(
    dir: &str,
    set: &ConfigSet,
    report: &Report,
) -> Result<Vec<write::Rewrite>, CliError> {
    let root = std::fs::canonicalize(dir)
        .map_err(|e| CliError::Io(disk::errno_text("realpath()", dir, &e)))?;
    let mut rewrites = Vec::new();
    for fixed in &report.fixed {
        let real = std::fs::canonicalize(&fixed.path).map_err(|e| {
            CliError::Io(format!(
                "cannot rewrite \"{}\" from the dump: {}",
                fixed.path,
                disk::errno_text("realpath()", &fixed.path, &e)
            ))
        })?;
        if !real.starts_with(&root) {
            return Err(CliError::Io(format!(
                "refusing to rewrite \"{}\": it is not inside --members-under \"{dir}\"; \
                 nothing was written",
                fixed.path
            )));
        }
        rewrites.push(write::Rewrite {
            path: Path::new(&fixed.path).to_path_buf(),
            read: set.files[fixed.file].tree.source().to_vec(),
            new: fixed.text.clone(),
        });
    }
    Ok(rewrites)
}

/// The fixed config: the one file as it is, or every file of a multi-file
/// config under a `# file: PATH` line.
fn fixed_output(set: &ConfigSet, report: &Report) -> Vec<u8> {
    let text_of = |id: usize| -> &[u8] {
        report
            .fixed
            .iter()
            .find(|f| f.file == id)
            .map_or(set.files[id].tree.source(), |f| &f.text)
    };
    if set.files.len() == 1 {
        return text_of(0).to_vec();
    }
    let mut out = Vec::new();
    for (id, file) in set.files.iter().enumerate() {
        out.extend_from_slice(format!("# file: {}\n", file.path).as_bytes());
        out.extend_from_slice(text_of(id));
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out
}

fn to_json(value: &impl serde::Serialize) -> Result<String, CliError> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| CliError::Io(e.to_string()))?;
    s.push('\n');
    Ok(s)
}
