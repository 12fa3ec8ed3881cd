//! Redaction over the whole shared corpus: it must be reversible byte for
//! byte, idempotent, consistent across files, leave no found value behind,
//! and change nothing the parser or the checks see.

mod common;

use std::collections::{BTreeMap, HashMap};

use confine_core::analyze;
use confine_core::input::ConfigSet;
use confine_core::options::Options;
use confine_core::redact::{redact, restore_bytes, Input, RedactOptions};

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// What the parser and the checks say, without the words they quote (which
/// redaction changes): diagnostic codes and rule ids by line.
fn verdict(name: &str, text: &[u8]) -> (Vec<String>, Vec<String>) {
    let set = ConfigSet::from_text(name, text);
    let report = analyze(&set, &Options::default());
    let diags = report
        .diagnostics
        .iter()
        .map(|d| {
            let file = &set.files[d.file];
            let p = file.tree.position(d.diagnostic.span.start);
            format!(
                "{}:{:?}:{:?}",
                p.line, d.diagnostic.severity, d.diagnostic.code
            )
        })
        .collect();
    let findings = report
        .findings
        .iter()
        .map(|f| {
            let p = set.files[f.file].tree.position(f.span.start);
            format!("{}:{}", p.line, f.rule)
        })
        .collect();
    (diags, findings)
}

#[test]
fn corpus_redaction_is_reversible_idempotent_and_invisible_to_checks() {
    let Some(files) = common::corpus_files() else {
        return;
    };
    let options = RedactOptions::default();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut files_with = 0;
    let mut failures = Vec::new();
    for path in &files {
        let name = path.to_string_lossy().into_owned();
        let text = std::fs::read(path).expect("readable");
        let r = redact(
            &[Input {
                path: &name,
                text: &text,
            }],
            &options,
        );
        let out = &r.files[0].text;
        if !r.report.items.is_empty() {
            files_with += 1;
        }
        for item in &r.report.items {
            *counts
                .entry(format!("{:?}/{}", item.category, item.kind))
                .or_default() += 1;
        }
        if restore_bytes(out, &r.mapping) != text {
            failures.push(format!("{name}: restore(redact(x)) != x"));
        }
        let again = redact(
            &[Input {
                path: &name,
                text: out,
            }],
            &options,
        );
        if &again.files[0].text != out {
            let first = again.report.items.first().map(|i| i.original.clone());
            failures.push(format!("{name}: not idempotent, re-redacted {first:?}"));
        }
        for item in &r.report.items {
            if item.original.len() >= 6
                && contains(out, item.original.as_bytes())
                && !r
                    .mapping
                    .entries
                    .iter()
                    .any(|e| e.placeholder.contains(&item.original))
            {
                failures.push(format!("{name}: {:?} survives", item.original));
            }
        }
        if verdict(&name, &text) != verdict(&name, out) {
            failures.push(format!("{name}: diagnostics or findings changed"));
        }
    }
    eprintln!(
        "files with something redacted: {files_with}/{}",
        files.len()
    );
    for (k, n) in &counts {
        eprintln!("  {k:32} {n}");
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The corpus is full of addresses and host names: finding none would mean
    // the detectors are broken.
    assert!(counts.keys().any(|k| k.starts_with("Ip/")));
    assert!(counts.keys().any(|k| k.starts_with("Hostname/")));
}

#[test]
fn corpus_redaction_is_consistent_across_files() {
    let Some(files) = common::corpus_files() else {
        return;
    };
    let texts: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| {
            (
                p.to_string_lossy().into_owned(),
                std::fs::read(p).expect("readable"),
            )
        })
        .collect();
    let inputs: Vec<Input<'_>> = texts
        .iter()
        .map(|(n, t)| Input { path: n, text: t })
        .collect();
    let r = redact(&inputs, &RedactOptions::default());
    // One placeholder per original and one original per placeholder.
    let mut forward: HashMap<&str, &str> = HashMap::new();
    let mut backward: HashMap<&str, &str> = HashMap::new();
    let mut files_per_value: HashMap<&str, std::collections::HashSet<usize>> = HashMap::new();
    for item in &r.report.items {
        let p = forward.entry(&item.original).or_insert(&item.placeholder);
        assert_eq!(
            *p, item.placeholder,
            "{} got two placeholders",
            item.original
        );
        let o = backward.entry(&item.placeholder).or_insert(&item.original);
        assert_eq!(
            *o, item.original,
            "{} stands for two values",
            item.placeholder
        );
        files_per_value
            .entry(&item.original)
            .or_default()
            .insert(item.file);
    }
    let shared = files_per_value.values().filter(|f| f.len() > 1).count();
    eprintln!("values found in more than one file: {shared}");
    assert!(
        shared > 0,
        "the corpus shares values between files; none were seen"
    );
    for (f, (_, original)) in r.files.iter().zip(&texts) {
        assert_eq!(&restore_bytes(&f.text, &r.mapping), original, "{}", f.path);
    }
}
