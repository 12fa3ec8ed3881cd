//! `cargo xtask gixy-compare`: confine beside gixy-next and gixy-ng, check
//! by check, on two sets of inputs:
//!
//! - the shared corpus (`../shared/corpus/nginx`, its `FILES.tsv` configs):
//!   per check, on how many files each tool fires, and every file where
//!   confine and gixy-next disagree;
//! - gixy-next's own test cases, read as data from its PyPI source
//!   distribution (`tests/plugins/simply/<check>/*.conf`; a name ending in
//!   `_fp.conf` must stay silent, any other must raise its check): per check,
//!   how often each tool meets that expectation.
//!
//! A confine rule is matched to a gixy check by name (`host_spoofing` is
//! `host-spoofing`). Each disagreement is looked up in
//! `crates/xtask/assets/gixy-classified.tsv` (check, file, class, reason) so
//! the report says which ones are understood; the rest show as unclassified.
//! Writes `docs/gixy-agreement.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bench::{ensure_tool, GIXY_NEXT, GIXY_NG};
use crate::{cli_release, header, run, Ctx, Result};

/// Files per gixy process: one process reads many configs, and a batch that
/// fails is rerun file by file so one bad config costs only itself.
const BATCH: usize = 100;

/// One input and what each tool said about it, as gixy check names.
struct Case {
    /// Shown in the report: the path under the corpus or the test folder.
    label: String,
    path: PathBuf,
    /// gixy-next's test cases: the check the case is for and whether it
    /// must fire (`None` for corpus files).
    expects: Option<(String, bool)>,
    next: BTreeSet<String>,
    ng: BTreeSet<String>,
    confine: BTreeSet<String>,
}

/// A disagreement someone looked at (`assets/gixy-classified.tsv`).
struct Classified {
    class: String,
    reason: String,
}

pub fn gixy_compare(ctx: &Ctx) -> Result {
    let next = ensure_tool(ctx, GIXY_NEXT, "gixy")?;
    let ng = ensure_tool(ctx, GIXY_NG, "gixy")?;
    let confine = cli_release(ctx)?;
    let tests_dir = gixy_next_tests(ctx, &next)?;

    // Canonical, as gixy writes the paths of its findings.
    let corpus_dir = ctx
        .root
        .join("../shared/corpus/nginx")
        .canonicalize()
        .map_err(|e| format!("the shared corpus (../shared/corpus/nginx): {e}"))?;
    let mut corpus = corpus_cases(&corpus_dir)?;
    let mut tests = test_cases(&tests_dir)?;
    header("gixy-compare: running gixy-next, gixy-ng and confine");
    for cases in [&mut corpus, &mut tests] {
        fire_gixy(&next, cases, |c| &mut c.next)?;
        fire_gixy(&ng, cases, |c| &mut c.ng)?;
        fire_confine(&confine, cases)?;
    }
    let classified = read_classified(&ctx.root.join("crates/xtask/assets/gixy-classified.tsv"))?;
    let rules = confine_checks(&ctx.root)?;
    let doc = render(&corpus, &tests, &rules, &classified);
    let out = ctx.root.join("docs/gixy-agreement.md");
    fs::write(&out, &doc).map_err(|e| format!("writing {}: {e}", out.display()))?;
    println!("\n{doc}\nxtask: written to {}", out.display());
    Ok(())
}

/// gixy-next's test folder from its source distribution on PyPI, downloaded
/// once into `target/bench/`.
fn gixy_next_tests(ctx: &Ctx, gixy: &Path) -> Result<PathBuf> {
    let (package, version) = GIXY_NEXT;
    let dir = ctx.root.join("target/bench");
    let unpacked = dir.join(format!("gixy_next-{version}"));
    let tests = unpacked.join("tests/plugins/simply");
    if tests.is_dir() {
        return Ok(tests);
    }
    let python = gixy.with_file_name("python");
    run(Command::new(python)
        .args([
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "--no-binary",
            ":all:",
        ])
        .arg(format!("{package}=={version}"))
        .arg("-d")
        .arg(&dir))?;
    run(Command::new("tar")
        .arg("xzf")
        .arg(dir.join(format!("gixy_next-{version}.tar.gz")))
        .arg("-C")
        .arg(&dir))?;
    tests
        .is_dir()
        .then_some(tests.clone())
        .ok_or_else(|| format!("no {} in gixy-next's sdist", tests.display()))
}

fn corpus_cases(dir: &Path) -> Result<Vec<Case>> {
    let index = fs::read_to_string(dir.join("FILES.tsv"))
        .map_err(|e| format!("{}: {e} (the shared corpus)", dir.display()))?;
    Ok(index
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let path = cols.next()?;
            (cols.nth(1) == Some("config")).then(|| case(path.to_string(), dir.join(path), None))
        })
        .collect())
}

fn test_cases(dir: &Path) -> Result<Vec<Case>> {
    let mut cases = Vec::new();
    for check in sorted_entries(dir)? {
        let Some(name) = check
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        for file in sorted_entries(&check)? {
            let Some(file_name) = file.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if let Some(stem) = file_name.strip_suffix(".conf") {
                let fires = !stem.ends_with("_fp");
                let label = format!("{name}/{file_name}");
                cases.push(case(label, file.clone(), Some((name.clone(), fires))));
            }
        }
    }
    Ok(cases)
}

fn case(label: String, path: PathBuf, expects: Option<(String, bool)>) -> Case {
    Case {
        label,
        path,
        expects,
        next: BTreeSet::new(),
        ng: BTreeSet::new(),
        confine: BTreeSet::new(),
    }
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    out.sort();
    Ok(out)
}

/// Runs one gixy over the cases in batches and records, per case, the
/// checks its JSON report names for that file.
fn fire_gixy(
    gixy: &Path,
    cases: &mut [Case],
    slot: fn(&mut Case) -> &mut BTreeSet<String>,
) -> Result {
    for chunk in cases.chunks_mut(BATCH) {
        let paths: Vec<&Path> = chunk.iter().map(|c| c.path.as_path()).collect();
        let found = match gixy_json(gixy, &paths) {
            Some(found) => found,
            None => {
                let mut all = Vec::new();
                for path in &paths {
                    all.extend(gixy_json(gixy, &[path]).unwrap_or_default());
                }
                all
            }
        };
        for (path, check) in found {
            if let Some(c) = chunk.iter_mut().find(|c| c.path == Path::new(&path)) {
                slot(c).insert(check);
            }
        }
    }
    Ok(())
}

/// `(path, check)` for each issue gixy reports, or `None` when it gave no
/// JSON (it exits 1 when it found issues, so the status says nothing).
fn gixy_json(gixy: &Path, paths: &[&Path]) -> Option<Vec<(String, String)>> {
    let out = Command::new(gixy)
        .args(["-f", "json"])
        .args(paths)
        .output()
        .ok()?;
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    Some(
        value
            .as_array()?
            .iter()
            .filter_map(|issue| {
                let path = issue.get("path")?.as_str()?;
                let plugin = issue.get("plugin")?.as_str()?;
                Some((path.to_string(), plugin.to_string()))
            })
            .collect(),
    )
}

/// `confine check --format json` per case (each file is its own config with
/// its includes, as gixy reads it), rule ids written as gixy names.
fn fire_confine(confine: &Path, cases: &mut [Case]) -> Result {
    for c in cases {
        let out = Command::new(confine)
            .args(["check", "--format", "json"])
            .arg(&c.path)
            .output()
            .map_err(|e| format!("running confine: {e}"))?;
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
            continue;
        };
        let findings = value.get("findings").and_then(|f| f.as_array());
        for f in findings.into_iter().flatten() {
            if let Some(rule) = f.get("rule").and_then(|r| r.as_str()) {
                c.confine.insert(rule.replace('-', "_"));
            }
        }
    }
    Ok(())
}

/// `check \t label \t class \t reason` rows; `#` starts a comment line.
fn read_classified(path: &Path) -> Result<BTreeMap<(String, String), Classified>> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [check, label, class, reason] = cols[..] else {
            return Err(format!(
                "{}:{}: expected 4 tab-separated columns (check, file, class, reason)",
                path.display(),
                n + 1
            ));
        };
        out.insert(
            (check.to_string(), label.to_string()),
            Classified {
                class: class.to_string(),
                reason: reason.to_string(),
            },
        );
    }
    Ok(out)
}

/// Every gixy check either tool ran into, plus the expected ones.
fn checks(cases: &[Case]) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for c in cases {
        all.extend(c.next.iter().cloned());
        all.extend(c.ng.iter().cloned());
        if let Some((check, _)) = &c.expects {
            all.insert(check.clone());
        }
    }
    all
}

fn render(
    corpus: &[Case],
    tests: &[Case],
    rules: &BTreeSet<String>,
    classified: &BTreeMap<(String, String), Classified>,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# confine beside gixy-next {} and gixy-ng {}\n\nWritten by `cargo xtask gixy-compare`. \
         A confine rule is matched to the gixy check of the same name in kebab-case; \
         \"no rule\" means confine has none of that name yet.\n",
        GIXY_NEXT.1, GIXY_NG.1
    );
    let _ = writeln!(
        s,
        "## The shared corpus ({} configs): files each tool fires on\n\n\
         | check | gixy-next | gixy-ng | confine | both (confine, gixy-next) | gixy-next only | confine only |\n\
         |---|---:|---:|---:|---:|---:|---:|",
        corpus.len()
    );
    let mut disagreements = Vec::new();
    for check in checks(corpus) {
        let count = |f: fn(&Case) -> &BTreeSet<String>| {
            corpus.iter().filter(|c| f(c).contains(&check)).count()
        };
        let (n, g, k) = (count(|c| &c.next), count(|c| &c.ng), count(|c| &c.confine));
        let both = corpus
            .iter()
            .filter(|c| c.next.contains(&check) && c.confine.contains(&check))
            .count();
        let has_rule = rules.contains(&check);
        let confine_cell = if has_rule {
            k.to_string()
        } else {
            "no rule".into()
        };
        let _ = writeln!(
            s,
            "| `{check}` | {n} | {g} | {confine_cell} | {both} | {} | {} |",
            n - both,
            k - both
        );
        if has_rule {
            for c in corpus {
                let (a, b) = (c.next.contains(&check), c.confine.contains(&check));
                if a != b {
                    disagreements.push((check.clone(), c.label.clone(), a));
                }
            }
        }
    }
    let _ = writeln!(
        s,
        "\n## gixy-next's own test cases: how often each tool meets the case's expectation\n\n\
         A case named `*_fp.conf` must not raise its check; any other must.\n\n\
         | check | cases | gixy-next | gixy-ng | confine |\n|---|---:|---:|---:|---:|"
    );
    let mut by_check: BTreeMap<&str, Vec<&Case>> = BTreeMap::new();
    for c in tests {
        if let Some((check, _)) = &c.expects {
            by_check.entry(check).or_default().push(c);
        }
    }
    for (check, cases) in &by_check {
        let meets = |f: fn(&Case) -> &BTreeSet<String>| {
            cases
                .iter()
                .filter(|c| {
                    c.expects
                        .as_ref()
                        .is_some_and(|(_, fires)| f(c).contains(*check) == *fires)
                })
                .count()
        };
        let confine_cell = if rules.contains(*check) {
            meets(|c| &c.confine).to_string()
        } else {
            "no rule".into()
        };
        let _ = writeln!(
            s,
            "| `{check}` | {} | {} | {} | {confine_cell} |",
            cases.len(),
            meets(|c| &c.next),
            meets(|c| &c.ng)
        );
        if rules.contains(*check) {
            for c in cases {
                if let Some((_, fires)) = &c.expects {
                    if c.confine.contains(*check) != *fires {
                        disagreements.push((
                            check.to_string(),
                            format!("gixy-next tests: {}", c.label),
                            *fires,
                        ));
                    }
                }
            }
        }
    }
    let unclassified = disagreements
        .iter()
        .filter(|(check, label, _)| !classified.contains_key(&(check.clone(), label.clone())))
        .count();
    let _ = writeln!(
        s,
        "\n## Disagreements ({}, {} unclassified)\n\n\
         Where confine and gixy-next (on the corpus) or gixy-next's expectation (on its tests) differ, \
         for the checks confine has. Classes: `confine-right`, `gixy-right` (and confine was fixed), \
         `intentional`.\n\n| check | file | gixy says | class | why |\n|---|---|---|---|---|",
        disagreements.len(),
        unclassified
    );
    for (check, label, gixy_fires) in &disagreements {
        let said = if *gixy_fires { "fires" } else { "silent" };
        let (class, reason) = match classified.get(&(check.clone(), label.clone())) {
            Some(c) => (c.class.as_str(), c.reason.as_str()),
            None => ("unclassified", ""),
        };
        let _ = writeln!(s, "| `{check}` | {label} | {said} | {class} | {reason} |");
    }
    s
}

/// The gixy checks confine has a rule for, from the rule headings of
/// `docs/rules.md` (rendered from the rules and kept current by a test), so
/// this module needs nothing of the core crate.
fn confine_checks(root: &Path) -> Result<BTreeSet<String>> {
    let path = root.join("docs/rules.md");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| l.strip_prefix("### `")?.strip_suffix('`'))
        .map(|id| id.replace('-', "_"))
        .collect())
}
