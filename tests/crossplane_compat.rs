//! `confine parse --json` against crossplane 0.5.8 (nginxinc/crossplane, the
//! version on PyPI) over the corpus: same directives, arguments, lines and
//! nesting on every config file crossplane accepts.
//!
//! crossplane runs once for the whole corpus (`tests/support/crossplane_dump.py`)
//! with `single=True` (no include following), `check_ctx=False` and
//! `check_args=False` (syntax only). Each file crossplane parses with status
//! "ok" is then given to `confine parse --json` and its own entry's `parsed`
//! tree, without the `includes` keys, must equal crossplane's exactly. Files
//! crossplane rejects (unbalanced braces, garbage) are not compared.
//!
//! Where the two differ because crossplane departs from nginx, the file is a
//! named exception below with the reason and the first difference it must
//! show. Nothing else is loosened.
//!
//! crossplane departures from nginx that the corpus does not exercise, so that
//! they are known when one turns up (all checked against nginx 1.22 and
//! crossplane 0.5.8):
//! - crossplane reads files in Python text mode: `\r\n` and a lone `\r` become
//!   `\n`, so a Lua block body loses its `\r`s and a lone `\r` counts as a line
//!   break (nginx counts only `\n`);
//! - crossplane splits words on any Unicode space (`str.isspace`, e.g. U+00A0),
//!   nginx only on space, tab, `\r` and `\n`;
//! - crossplane sees a `*_by_lua_block` only when whitespace follows the name
//!   (`access_by_lua_block{` is lexed as nginx directives);
//! - `if "( $a" = "b )" {}`: crossplane also trims the spaces next to the
//!   parentheses it strips (`$a`, `=`, `b`; confine: ` $a`, `=`, `b `);
//!   nginx rejects such a condition anyway.
//!
//! Needs crossplane: `CONFINE_CROSSPLANE=/…/venv/bin/crossplane` (its `python`
//! beside it is used), else a `python3` that imports crossplane. Without either
//! the test is skipped with a message, unless `CONFINE_REQUIRE_TOOLS` is set.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/nginx");
const DUMP_SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/support/crossplane_dump.py"
);
const CROSSPLANE_VERSION: &str = "0.5.8";

/// A corpus file whose parse differs from crossplane's because crossplane
/// departs from nginx there.
struct Exception {
    /// Path relative to the corpus, as in `FILES.tsv`.
    file: &'static str,
    /// Where the first difference must be (the format of [`Difference::at`]),
    /// so that a new, earlier difference in the file is not hidden.
    first_difference: &'static str,
    reason: &'static str,
}

const COMMENTS_BETWEEN_ARGS: &str = "crossplane 0.5.8 emits a comment that sits between a directive's \
    arguments as a pseudo-directive \"#\" (with a \"comment\" key) even when comments are off, while \
    it drops every other comment; nginx has no such directive (nginx-go-crossplane fixed the same \
    leak in PR #57). confine lists directives only.";

const DOLLAR_BRACE: &str = "crossplane's lexer, after reading a \"${...\" part of a word, adds the \
    next character to the word even when it is a space, so \"/abc/${uri} /abc/${uri}.html\" is one \
    argument and \"${url ;\" gives \"${url \"; nginx ends the word at the space (nginx -t: \
    \"set $x /abc/${uri} /abc/${uri}.html;\" has 3 arguments, \"set $x ${uri ;\" complains about the \
    variable \"uri\"). confine splits as nginx does.";

const MISSING_SEMICOLON: &str = "invalid config (nginx -t: unexpected \"}\" at line 5, confine \
    reports the same error): crossplane takes the \"}\" as the terminator of \"proxy_pass\" and nests \
    the following \"location\" inside the unclosed one; confine recovers with nginx's nesting \
    (the \"}\" closes the location).";

const EXCEPTIONS: &[Exception] = &[
    Exception {
        file: "certbot__certbot/certbot-compatibility-test/nginx/nginx-roundtrip-testdata/guide-to-nginx-ssl-spdy-hsts/nginx.conf",
        first_difference: "0:http/6:server/11:# statement",
        reason: COMMENTS_BETWEEN_ARGS,
    },
    Exception {
        file: "h5bp__server-configs-nginx/h5bp/tls/ocsp_stapling.conf",
        first_difference: "3:# directive",
        reason: COMMENTS_BETWEEN_ARGS,
    },
    Exception {
        file: "nginxinc__nginx-go-crossplane/testdata/configs/comments-between-args/nginx.conf",
        first_difference: "0:http/1:# statement",
        reason: COMMENTS_BETWEEN_ARGS,
    },
    Exception {
        file: "nginxinc__nginx-go-crossplane/testdata/configs/comments-between-args-disable-parse/nginx.conf",
        first_difference: "0:http/1:# statement",
        reason: COMMENTS_BETWEEN_ARGS,
    },
    Exception {
        file: "nginxinc__nginx-go-crossplane/testdata/configs/broken1/nginx.conf",
        first_difference: "1:http/0:server/0:server_name args",
        reason: DOLLAR_BRACE,
    },
    Exception {
        file: "nginxinc__nginx-go-crossplane/testdata/configs/broken1/nginx2.conf",
        first_difference: "1:http/0:server/0:server_name# args",
        reason: DOLLAR_BRACE,
    },
    Exception {
        file: "nginxinc__nginx-go-crossplane/testdata/configs/messy/nginx.conf",
        first_difference: "2:http/4:server/7:location/0:try_files args",
        reason: DOLLAR_BRACE,
    },
    Exception {
        file: "nginxinc__nginx-go-crossplane/testdata/configs/missing-semicolon/broken-above.conf",
        first_difference: "0:http/0:server/0:location/1:location statement",
        reason: MISSING_SEMICOLON,
    },
    Exception {
        file: "nginxinc__nginx-go-crossplane/testdata/configs/missing-semicolon-above/nginx.conf",
        first_difference: "0:http/0:server/0:location/1:location statement",
        reason: MISSING_SEMICOLON,
    },
];

/// Skip (with a message) or, under `CONFINE_REQUIRE_TOOLS`, fail.
fn unavailable(why: &str) {
    if std::env::var_os("CONFINE_REQUIRE_TOOLS").is_some() {
        panic!("{why} (CONFINE_REQUIRE_TOOLS is set)");
    }
    eprintln!("SKIPPED crossplane_compat: {why}");
}

/// The python that runs crossplane: the one beside `$CONFINE_CROSSPLANE`, else
/// a `python3` on PATH that can import crossplane.
fn crossplane_python() -> Result<PathBuf, String> {
    let mut tried = String::new();
    if let Some(exe) = std::env::var_os("CONFINE_CROSSPLANE") {
        let bin = Path::new(&exe).parent().unwrap_or(Path::new("."));
        if let Some(python) = ["python", "python3"]
            .iter()
            .map(|n| bin.join(n))
            .find(|p| p.exists())
        {
            return Ok(python);
        }
        tried = format!(
            "no python beside CONFINE_CROSSPLANE={}, ",
            Path::new(&exe).display()
        );
    }
    let imports = Command::new("python3")
        .args(["-c", "import crossplane"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if imports {
        Ok(PathBuf::from("python3"))
    } else {
        Err(format!(
            "crossplane not found ({tried}no python3 that imports crossplane): set CONFINE_CROSSPLANE \
             or `pip install crossplane==0.5.8`"
        ))
    }
}

/// Config files of the corpus and the crossplane verdict `FILES.tsv` records.
fn corpus_configs(dir: &Path) -> Option<Vec<(String, String)>> {
    let index = std::fs::read_to_string(dir.join("FILES.tsv")).ok()?;
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next()?.split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("FILES.tsv has no {name} column"))
    };
    let (path, role, verdict) = (col("path"), col("role"), col("crossplane_0.5.8_syntax"));
    Some(
        lines
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|c| c.get(role) == Some(&"config"))
            .map(|c| {
                (
                    c[path].to_string(),
                    c.get(verdict).copied().unwrap_or("").to_string(),
                )
            })
            .collect(),
    )
}

/// crossplane's entry for each file (by absolute path), and its version.
fn run_crossplane(python: &Path, files: &[PathBuf]) -> (String, BTreeMap<PathBuf, Value>) {
    let mut child = Command::new(python)
        .arg(DUMP_SCRIPT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    let mut list = String::new();
    for f in files {
        list.push_str(&f.to_string_lossy());
        list.push('\n');
    }
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(list.as_bytes()));
    let out = child
        .wait_with_output()
        .expect("crossplane_dump.py finishes");
    writer.join().expect("writer").expect("write file list");
    assert!(
        out.status.success(),
        "crossplane_dump.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("crossplane_dump.py prints UTF-8");
    let mut lines = text.lines();
    let head: Value = serde_json::from_str(lines.next().expect("version line")).expect("JSON");
    let version = head["crossplane"]
        .as_str()
        .expect("crossplane version")
        .to_string();
    let mut entries = BTreeMap::new();
    for line in lines {
        let v: Value = serde_json::from_str(line).expect("crossplane_dump.py prints JSON lines");
        let file = PathBuf::from(v["file"].as_str().expect("file"));
        entries.insert(file, v);
    }
    (version, entries)
}

/// confine's status for a file and its `parsed` tree, or why there is none.
type ConfineResult = Result<(String, Value), String>;

/// confine's `parsed` tree of the file itself, `includes` keys removed.
fn run_confine(file: &Path) -> ConfineResult {
    let out = Command::new(env!("CARGO_BIN_EXE_confine"))
        .arg("parse")
        .arg("--json")
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run confine: {e}"))?;
    if !matches!(out.status.code(), Some(0 | 1)) {
        return Err(format!(
            "confine exited with {:?}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let payload: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("confine printed no JSON: {e}"))?;
    let name = file.to_string_lossy();
    let entry = payload["config"]
        .as_array()
        .and_then(|c| c.iter().find(|e| e["file"] == *name))
        .ok_or_else(|| format!("no config entry for {name} in confine's payload"))?;
    let mut parsed = entry["parsed"].clone();
    strip_includes(&mut parsed);
    Ok((entry["status"].as_str().unwrap_or("?").to_string(), parsed))
}

fn strip_includes(stmts: &mut Value) {
    for stmt in stmts.as_array_mut().into_iter().flatten() {
        if let Some(obj) = stmt.as_object_mut() {
            obj.remove("includes");
            if let Some(block) = obj.get_mut("block") {
                strip_includes(block);
            }
        }
    }
}

struct Difference {
    /// `index:directive` per level joined by `/`, then the differing part:
    /// `directive`, `line`, `args`, `block`, `keys` or `statement` (one side
    /// has no statement there).
    at: String,
    crossplane: String,
    confine: String,
}

fn show(v: Option<&Value>) -> String {
    let s = v.map_or_else(|| "(none)".to_string(), Value::to_string);
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s
    }
}

/// The first difference between two statement lists, in document order.
fn first_difference(xp: &Value, cf: &Value, path: &str) -> Option<Difference> {
    let empty = Vec::new();
    let (xs, cs) = (
        xp.as_array().unwrap_or(&empty),
        cf.as_array().unwrap_or(&empty),
    );
    for i in 0..xs.len().max(cs.len()) {
        let (x, c) = (xs.get(i), cs.get(i));
        let name = x.or(c).and_then(|s| s["directive"].as_str()).unwrap_or("?");
        let here = format!("{path}{i}:{name}");
        let diff = |part: &str, a: Option<&Value>, b: Option<&Value>| Difference {
            at: format!("{here} {part}"),
            crossplane: show(a),
            confine: show(b),
        };
        let (Some(x), Some(c)) = (x, c) else {
            return Some(diff("statement", x, c));
        };
        for part in ["directive", "line", "args"] {
            if x.get(part) != c.get(part) {
                return Some(diff(part, x.get(part), c.get(part)));
            }
        }
        let keys = |v: &Value| -> BTreeSet<String> {
            v.as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        };
        if keys(x) != keys(c) {
            let show_keys = |v: &Value| Value::from(keys(v).into_iter().collect::<Vec<_>>());
            return Some(diff("keys", Some(&show_keys(x)), Some(&show_keys(c))));
        }
        if let Some(xb) = x.get("block") {
            if let Some(d) = first_difference(xb, &c["block"], &format!("{here}/")) {
                return Some(d);
            }
        }
    }
    None
}

#[test]
fn confine_parse_json_agrees_with_crossplane_on_the_corpus() {
    let Ok(dir) = Path::new(CORPUS).canonicalize() else {
        return unavailable(&format!("no corpus at {CORPUS}"));
    };
    let Some(configs) = corpus_configs(&dir) else {
        return unavailable(&format!("no FILES.tsv in {}", dir.display()));
    };
    let python = match crossplane_python() {
        Ok(p) => p,
        Err(why) => return unavailable(&why),
    };
    let files: Vec<PathBuf> = configs.iter().map(|(rel, _)| dir.join(rel)).collect();
    let (version, crossplane) = run_crossplane(&python, &files);
    if version != CROSSPLANE_VERSION {
        return unavailable(&format!(
            "crossplane {version} found, the exceptions here are for {CROSSPLANE_VERSION}"
        ));
    }

    // Which files crossplane accepts; FILES.tsv must say the same.
    let mut accepted = Vec::new();
    let mut rejected = Vec::new();
    let mut index_wrong = Vec::new();
    for (rel, verdict) in &configs {
        let entry = crossplane
            .get(&dir.join(rel))
            .unwrap_or_else(|| panic!("crossplane skipped {rel}"));
        let ok = entry["status"] == "ok";
        if ok != (verdict == "ok") {
            index_wrong.push(format!(
                "{rel}: FILES.tsv says {verdict:?}, crossplane {}",
                entry["errors"]
            ));
        }
        if ok {
            accepted.push(rel.clone());
        } else {
            let error = entry["errors"][0]["error"]
                .as_str()
                .unwrap_or("")
                .to_string();
            rejected.push((rel.clone(), error));
        }
    }

    // confine on each accepted file, a few at a time.
    let results: Mutex<BTreeMap<String, ConfineResult>> = Mutex::default();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get().min(16));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(rel) = accepted.get(i) else { break };
                let r = run_confine(&dir.join(rel));
                results.lock().unwrap().insert(rel.clone(), r);
            });
        }
    });
    let results = results.into_inner().unwrap();

    let exceptions: BTreeMap<&str, &Exception> = EXCEPTIONS.iter().map(|e| (e.file, e)).collect();
    let mut identical = 0;
    let mut failures = Vec::new();
    let mut excepted = Vec::new();
    for rel in &accepted {
        let xp = &crossplane[&dir.join(rel)]["parsed"];
        let (status, cf) = match &results[rel] {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{rel}\n    {e}"));
                continue;
            }
        };
        let diff = first_difference(xp, cf, "");
        match (diff, exceptions.get(rel.as_str())) {
            (None, None) => identical += 1,
            (None, Some(_)) => failures.push(format!(
                "{rel}\n    now agrees with crossplane: remove it from EXCEPTIONS"
            )),
            (Some(d), None) => failures.push(format!(
                "{rel} (confine status {status})\n    at {}\n    crossplane: {}\n    confine:    {}",
                d.at, d.crossplane, d.confine
            )),
            (Some(d), Some(e)) if d.at != e.first_difference => failures.push(format!(
                "{rel} (named exception, first difference expected at {})\n    at {}\n    crossplane: {}\n    confine:    {}",
                e.first_difference, d.at, d.crossplane, d.confine
            )),
            (Some(d), Some(e)) => excepted.push(format!(
                "{rel}\n    at {}\n    crossplane: {}\n    confine:    {}\n    why: {}",
                d.at, d.crossplane, d.confine, e.reason
            )),
        }
    }
    for e in EXCEPTIONS {
        if !accepted.iter().any(|rel| rel == e.file) {
            failures.push(format!(
                "{}\n    named exception, but not a corpus file crossplane accepts",
                e.file
            ));
        }
    }

    let compared = accepted.len();
    let percent = |n: usize, d: usize| {
        if d == 0 {
            100.0
        } else {
            100.0 * n as f64 / d as f64
        }
    };
    println!(
        "crossplane {version}: {} config files, {} accepted by crossplane and compared, {} rejected by crossplane (not compared)",
        configs.len(),
        compared,
        rejected.len()
    );
    for (rel, error) in &rejected {
        println!("  not compared: {rel}: {error:?}");
    }
    println!(
        "agreement: {identical}/{compared} files identical ({:.1}%); {} named exceptions where crossplane departs from nginx; {identical}/{} = {:.1}% of the rest",
        percent(identical, compared),
        excepted.len(),
        compared - excepted.len(),
        percent(identical, compared - excepted.len()),
    );
    for e in &excepted {
        println!("  exception: {e}");
    }
    assert!(
        index_wrong.is_empty(),
        "FILES.tsv's crossplane verdicts are wrong:\n{}",
        index_wrong.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} of {compared} files differ from crossplane (first difference each, path = index:directive/...):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
