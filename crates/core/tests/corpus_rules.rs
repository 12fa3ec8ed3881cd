//! The rules over the whole shared corpus: per-rule counts (printed, for
//! review), no protocol error on configs that are correct, and the diff of
//! every fix the same as a diff of the whole texts.

mod common;

use std::collections::BTreeMap;

use confine_core::analyze;
use confine_core::input::ConfigSet;
use confine_core::options::{Options, Version};
use confine_core::render::diff::diff;

/// Rules whose findings say "this config is broken": none may fire on the
/// corpus, which holds working real-world configs (gRPC services, WebSocket
/// proxies, stream proxies among them).
const PROTOCOL_ERRORS: [&str; 3] = [
    "grpc-to-http1-backend",
    "proxy-pass-unsupported-scheme",
    "proxy-http-version-2",
];

#[test]
fn corpus_findings_per_rule() {
    let Some(files) = common::corpus_files() else {
        return;
    };
    for version in [Version(1, 22, 1), Version::CURRENT_STABLE] {
        let options = Options {
            nginx_version: version,
            ..Options::default()
        };
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut protocol = Vec::new();
        let mut fixed_files = 0;
        for path in &files {
            let bytes = std::fs::read(path).expect("readable");
            let set = ConfigSet::from_text(&path.to_string_lossy(), &bytes);
            let report = analyze(&set, &options);
            for f in &report.findings {
                *counts.entry(f.rule).or_default() += 1;
                if PROTOCOL_ERRORS.contains(&f.rule) {
                    protocol.push(format!("{}: {} {}", path.display(), f.rule, f.message));
                }
            }
            for f in &report.fixed {
                // The diff looks only around the edits; it must be the diff
                // of the whole texts.
                let whole = diff(&f.path, set.files[f.file].tree.source(), &f.text);
                assert_eq!(
                    f.diff.unified,
                    whole.unified,
                    "{}: region diff differs",
                    path.display()
                );
                assert_eq!(f.diff, whole, "{}: region diff differs", path.display());
            }
            if !report.fixed.is_empty() {
                fixed_files += 1;
                // Whatever was fixed must not bring new syntax errors.
                let fixed = ConfigSet::from_text("fixed", &report.fixed[0].text);
                let errors_before = report
                    .diagnostics
                    .iter()
                    .filter(|d| {
                        d.file == report.fixed[0].file
                            && d.diagnostic.severity == confine_core::diagnostic::Severity::Error
                    })
                    .count();
                let after = analyze(&fixed, &options);
                let errors_after = after
                    .diagnostics
                    .iter()
                    .filter(|d| d.diagnostic.severity == confine_core::diagnostic::Severity::Error)
                    .count();
                assert!(
                    errors_after <= errors_before,
                    "{}: fixing added syntax errors",
                    path.display()
                );
            }
        }
        eprintln!("nginx {version}: findings per rule over {} corpus files ({fixed_files} changed by fix):", files.len());
        for (rule, n) in &counts {
            eprintln!("  {rule:40} {n}");
        }
        assert!(
            protocol.is_empty(),
            "protocol errors on corpus configs:\n{}",
            protocol.join("\n")
        );
    }
}

/// The model's two lookups by name, `named` (every entry called so) and
/// `members_named` (a scope's members called so), are indexes built for
/// speed: on every corpus config they must give exactly what a scan gives,
/// in the same order, for every name that occurs (known to the directive
/// table or not) and for one that does not.
#[test]
fn lookups_by_name_agree_with_a_scan() {
    use confine_core::analysis::Model;
    let Some(files) = common::corpus_files() else {
        return;
    };
    let mut names_checked = 0;
    for path in &files {
        let bytes = std::fs::read(path).expect("readable");
        let set = ConfigSet::from_text(&path.to_string_lossy(), &bytes);
        let model = Model::build(&set);
        let mut names: Vec<String> = model
            .entries
            .iter()
            .map(|e| String::from_utf8_lossy(&e.name).into_owned())
            .filter(|n| n.as_bytes().iter().all(|b| b.is_ascii_graphic()))
            .collect();
        names.sort();
        names.dedup();
        names.push("no_such_directive".into());
        for name in &names {
            let scanned: Vec<usize> = (0..model.entries.len())
                .filter(|&id| model.entries[id].name.as_ref() == name.as_bytes())
                .collect();
            assert_eq!(*model.named(name), scanned, "{}: {name}", path.display());
            for scope in 0..model.scopes.len() {
                let scanned: Vec<usize> = model
                    .members(scope)
                    .iter()
                    .copied()
                    .filter(|&m| model.entries[m].name.as_ref() == name.as_bytes())
                    .collect();
                let indexed: Vec<usize> = model.members_named(scope, name).collect();
                assert_eq!(
                    indexed,
                    scanned,
                    "{}: {name} in scope {scope}",
                    path.display()
                );
            }
            names_checked += 1;
        }
    }
    assert!(names_checked > 1000, "only {names_checked} names checked");
}
