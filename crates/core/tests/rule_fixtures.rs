//! Per-rule fixtures, the way good linters keep them:
//!
//! `tests/rules/<rule-id>/`
//! - `NAME.conf`: a positive case, exactly one finding of the rule;
//! - `NAME_fp.conf`: a look-alike that must give none;
//! - `NAME.before.conf` + `NAME.after.conf`: `fix` turns before into after
//!   exactly; before is a positive case; after has no finding of the rule and
//!   fixing it again changes nothing.
//! - beside any of them, `STEM.log` (`NAME.log`, `NAME_fp.log`,
//!   `NAME.before.log`): the error log analysed with the config. After a fix,
//!   the after text is checked without it (nginx, running the fixed config,
//!   writes a new log) and fixed again with it: it must not change.
//! - `STEM.expected`: the rule's findings exactly, one per line, as
//!   `LINE:COLUMN: SEVERITY[RULE]: MESSAGE`.
//!
//! A first line `# confine-test: --nginx-version X.Y.Z --backend N=P --suggestions`
//! sets the options. Every registered rule must have a positive and a `_fp` case.

use std::path::{Path, PathBuf};

use confine_core::input::error_log::{self, ErrorLog};
use confine_core::input::ConfigSet;
use confine_core::options::Options;
use confine_core::rules::RULES;
use confine_core::{analyze, analyze_with, Report};

fn options_of(text: &str) -> Options {
    let mut options = Options::default();
    let Some(line) = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# confine-test:"))
    else {
        return options;
    };
    let mut words = line.split_whitespace();
    while let Some(w) = words.next() {
        match w {
            "--nginx-version" => {
                options.nginx_version = words
                    .next()
                    .expect("version")
                    .parse()
                    .expect("valid version");
                options.nginx_version_given = true;
            }
            "--backend" => {
                let (n, p) = words
                    .next()
                    .expect("backend")
                    .rsplit_once('=')
                    .expect("N=P");
                options
                    .backends
                    .push((n.into(), p.parse().expect("protocol")));
            }
            "--suggestions" => options.apply_suggestions = true,
            other => panic!("unknown fixture option {other}"),
        }
    }
    options
}

/// The fixture's error log (`STEM.log` beside `STEM.conf`), if it has one.
fn log_of(path: &Path) -> Option<ErrorLog> {
    std::fs::read(path.with_extension("log"))
        .ok()
        .map(|bytes| error_log::parse(&bytes))
}

fn run(path: &Path) -> (ConfigSet, Options, Report, Option<ErrorLog>) {
    let text = std::fs::read(path).expect("fixture readable");
    let options = options_of(&String::from_utf8_lossy(&text));
    let set = ConfigSet::from_text(&path.to_string_lossy(), &text);
    let log = log_of(path);
    let report = analyze_with(&set, &options, log.as_ref());
    (set, options, report, log)
}

/// The rule's findings as `LINE:COLUMN: SEVERITY[RULE]: MESSAGE` lines.
fn shown(set: &ConfigSet, report: &Report, rule: &str) -> String {
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            let p = set.files[f.file].tree.position(f.span.start);
            format!(
                "{}:{}: {}[{}]: {}\n",
                p.line,
                p.column,
                f.severity.as_str(),
                f.rule,
                f.message
            )
        })
        .collect()
}

fn count(report: &Report, rule: &str) -> usize {
    report.findings.iter().filter(|f| f.rule == rule).count()
}

fn fixed_text(set: &ConfigSet, report: &Report) -> Vec<u8> {
    report
        .fixed
        .iter()
        .find(|f| f.file == 0)
        .map_or_else(|| set.files[0].tree.source().to_vec(), |f| f.text.clone())
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

#[test]
fn every_rule_has_positive_and_false_positive_cases() {
    let mut problems = Vec::new();
    for rule in RULES {
        let id = rule.meta().id;
        let dir = fixture_dir().join(id);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let positive = names.iter().any(|n| {
            n.ends_with(".conf") && !n.ends_with("_fp.conf") && !n.ends_with(".after.conf")
        });
        let fp = names.iter().any(|n| n.ends_with("_fp.conf"));
        if !positive || !fp {
            problems.push(format!(
                "{id}: positive case {positive}, false-positive case {fp}"
            ));
        }
    }
    for entry in std::fs::read_dir(fixture_dir())
        .expect("fixture dir")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !RULES.iter().any(|r| r.meta().id == name) {
            problems.push(format!("fixture folder {name} names no registered rule"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn fixtures_behave() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for rule in RULES {
        let id = rule.meta().id;
        let Ok(dir) = std::fs::read_dir(fixture_dir().join(id)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = dir.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            if !name.ends_with(".conf") || name.ends_with(".after.conf") {
                continue;
            }
            cases += 1;
            let (set, options, report, log) = run(&path);
            if let Ok(expected) = std::fs::read_to_string(path.with_extension("expected")) {
                let got = shown(&set, &report, id);
                if got != expected {
                    failures.push(format!(
                        "{id}/{name}: findings differ from its .expected\n--- got ---\n{got}--- expected ---\n{expected}"
                    ));
                }
            }
            // Fixtures parse cleanly, except where the rule's own finding
            // stands (`http2 on;` on 1.22 is also an unknown directive there).
            let line = |offset: usize| set.files[0].tree.position(offset).line;
            let finding_lines: Vec<usize> = report
                .findings
                .iter()
                .filter(|f| f.rule == id)
                .map(|f| line(f.span.start))
                .collect();
            let errors: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.diagnostic.severity == confine_core::diagnostic::Severity::Error)
                .filter(|d| !finding_lines.contains(&line(d.diagnostic.span.start)))
                .collect();
            if !errors.is_empty() {
                failures.push(format!(
                    "{id}/{name}: does not parse cleanly: {:?}",
                    errors[0].diagnostic.message
                ));
            }
            let n = count(&report, id);
            if name.ends_with("_fp.conf") {
                if n != 0 {
                    failures.push(format!(
                        "{id}/{name}: expected no finding, got {n}: {:?}",
                        report.findings
                    ));
                }
                continue;
            }
            if n != 1 {
                failures.push(format!(
                    "{id}/{name}: expected exactly one finding, got {n}: {:?}",
                    report.findings
                ));
            }
            let Some(stem) = name.strip_suffix(".before.conf") else {
                continue;
            };
            let after_path = path.with_file_name(format!("{stem}.after.conf"));
            let expected =
                std::fs::read(&after_path).expect("a .before.conf needs its .after.conf");
            let got = fixed_text(&set, &report);
            if got != expected {
                failures.push(format!(
                    "{id}/{name}: fix differs from {stem}.after.conf\n--- got ---\n{}",
                    String::from_utf8_lossy(&got)
                ));
                continue;
            }
            let again_set = ConfigSet::from_text(&path.to_string_lossy(), &got);
            let again = analyze(&again_set, &options);
            if count(&again, id) != 0 {
                failures.push(format!("{id}/{name}: the fixed text still has the finding"));
            }
            if fixed_text(&again_set, &again) != got {
                failures.push(format!(
                    "{id}/{name}: fixing twice changes the text again (not idempotent)"
                ));
            }
            if log.is_some() {
                let with_log = analyze_with(&again_set, &options, log.as_ref());
                if fixed_text(&again_set, &with_log) != got {
                    failures.push(format!(
                        "{id}/{name}: fixing the fixed text with the same log changes it again"
                    ));
                }
            }
        }
    }
    assert!(cases > 0, "no fixtures found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
