//! `cargo xtask new-rule ID [--category C] [--severity S]`: the files of a
//! new rule, registered, with a check that finds nothing yet.
//!
//! The scaffold is not a rule that passes: its fixture folder holds one
//! positive case (and `rule_docs` runs its `bad` example), so the rule tests
//! fail until the author writes the check, the cases and the metadata.

use std::fs;
use std::path::Path;

use crate::{Ctx, Result};

/// What the command was asked for.
#[derive(Debug, PartialEq, Eq)]
struct Request {
    id: String,
    category: &'static str,
    severity: &'static str,
}

/// The rule families and severities of `confine_core` (xtask does not link
/// the core: it must build before anything else).
const CATEGORIES: &[(&str, &str)] = &[
    ("protocol", "Protocol"),
    ("security", "Security"),
    ("performance", "Performance"),
    ("hygiene", "Hygiene"),
];
const SEVERITIES: &[(&str, &str)] = &[("info", "Info"), ("warning", "Warning"), ("error", "Error")];

const MOD_RS: &str = "crates/core/src/rules/mod.rs";
const RULES_DIR: &str = "crates/core/src/rules";
const FIXTURES_DIR: &str = "crates/core/tests/rules";

pub fn new_rule(ctx: &Ctx, args: &[String]) -> Result {
    let request = parse_args(args)?;
    let snake = request.id.replace('-', "_");
    let rule_path = ctx.root.join(RULES_DIR).join(format!("{snake}.rs"));
    let fixtures = ctx.root.join(FIXTURES_DIR).join(&request.id);
    let mod_path = ctx.root.join(MOD_RS);
    let mod_rs = read(&mod_path)?;
    if rule_path.exists() {
        return Err(format!("new-rule: {} exists already", rule_path.display()));
    }
    if fixtures.exists() {
        return Err(format!("new-rule: {} exists already", fixtures.display()));
    }
    let edited = register(&mod_rs, &request.id)?;
    fs::create_dir_all(&fixtures)
        .map_err(|e| format!("cannot create {}: {e}", fixtures.display()))?;
    write(&rule_path, &rule_source(&request))?;
    write(&fixtures.join("example.conf"), POSITIVE_CONF)?;
    write(
        &fixtures.join("example.expected"),
        &positive_expected(&request),
    )?;
    write(&mod_path, &edited)?;
    println!(
        "new-rule: wrote {}, {}/example.conf and .expected, registered `{}` in {MOD_RS}",
        rule_path.display(),
        fixtures.display(),
        request.id
    );
    println!(
        "next: write the check, the meta's TODOs and the cases (>= 3 positive, >= 3 NAME_fp.conf, \
         NAME.before/.after.conf per fix), then `cargo xtask rules`"
    );
    Ok(())
}

fn parse_args(args: &[String]) -> Result<Request> {
    let mut id = None;
    let mut category = "hygiene";
    let mut severity = "warning";
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--category" => {
                let v = it.next().ok_or("new-rule: --category needs a value")?;
                category = lookup(CATEGORIES, v)
                    .map(|(k, _)| k)
                    .ok_or_else(|| format!("new-rule: unknown category `{v}` (protocol, security, performance, hygiene)"))?;
            }
            "--severity" => {
                let v = it.next().ok_or("new-rule: --severity needs a value")?;
                severity = lookup(SEVERITIES, v).map(|(k, _)| k).ok_or_else(|| {
                    format!("new-rule: unknown severity `{v}` (info, warning, error)")
                })?;
            }
            flag if flag.starts_with('-') => {
                return Err(format!("new-rule: unknown option `{flag}`"));
            }
            name if id.is_none() => id = Some(name.to_string()),
            extra => return Err(format!("new-rule: one id only, got a second: `{extra}`")),
        }
    }
    let id = id.ok_or("usage: cargo xtask new-rule ID [--category C] [--severity S]")?;
    check_id(&id)?;
    Ok(Request {
        id,
        category,
        severity,
    })
}

fn lookup(
    table: &'static [(&'static str, &'static str)],
    key: &str,
) -> Option<(&'static str, &'static str)> {
    table.iter().copied().find(|(k, _)| *k == key)
}

/// Rule ids are kebab-case: lowercase ASCII letters and digits in words
/// joined by single hyphens, starting with a letter.
fn check_id(id: &str) -> Result {
    let well_formed = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "new-rule: `{id}` is not a rule id (kebab-case: lowercase letters and digits in words joined by `-`, e.g. `ssl-weak-ciphers`)"
        ))
    }
}

/// `mod_rs` with the rule's `mod` line (in name order), its `RULES` entry
/// and its `FIX_ORDER` id (both last), each under `cfg(feature = "all-rules")`
/// as every rule beyond the page's first set is. Refuses an id or module
/// that is there already.
fn register(mod_rs: &str, id: &str) -> Result<String> {
    let snake = id.replace('-', "_");
    let quoted = format!("\"{id}\"");
    if mod_rs.contains(&quoted) {
        return Err(format!(
            "new-rule: `{id}` is registered already ({MOD_RS} names it)"
        ));
    }
    let lines: Vec<&str> = mod_rs.lines().collect();
    if lines.iter().any(|l| module_name(l) == Some(snake.as_str())) {
        return Err(format!(
            "new-rule: module `{snake}` exists already in {MOD_RS}"
        ));
    }
    let mod_at = mod_line_position(&lines, &snake)?;
    let rules_end = list_end(&lines, "pub static RULES: &[&Rule] = &[")?;
    let order_end = list_end(&lines, "pub static FIX_ORDER: &[&str] = &[")?;
    let mut out = String::with_capacity(mod_rs.len() + 200);
    for (i, line) in lines.iter().enumerate() {
        if i == mod_at {
            out.push_str("#[cfg(feature = \"all-rules\")]\n");
            out.push_str(&format!("mod {snake};\n"));
        }
        if i == rules_end {
            out.push_str("    #[cfg(feature = \"all-rules\")]\n");
            out.push_str(&format!("    &{snake}::RULE,\n"));
        }
        if i == order_end {
            out.push_str(&format!("    {quoted},\n"));
        }
        out.push_str(line);
        out.push('\n');
    }
    if !mod_rs.ends_with('\n') {
        out.pop();
    }
    Ok(out)
}

/// The module a `mod x;` / `pub mod x;` line declares.
fn module_name(line: &str) -> Option<&str> {
    let line = line.trim();
    let rest = line
        .strip_prefix("pub mod ")
        .or_else(|| line.strip_prefix("mod "))?;
    rest.strip_suffix(';')
}

/// The line the new `mod` goes before: the first module declared after it
/// in name order (above that module's attributes), else after the last.
fn mod_line_position(lines: &[&str], snake: &str) -> Result<usize> {
    let mods: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| module_name(l).map(|m| (i, m)))
        .collect();
    let Some(&(last, _)) = mods.last() else {
        return Err(format!("new-rule: no `mod` lines in {MOD_RS}"));
    };
    let Some(&(at, _)) = mods.iter().find(|(_, m)| *m > snake) else {
        return Ok(last + 1);
    };
    let mut start = at;
    while start > 0 && lines[start - 1].trim_start().starts_with("#[") {
        start -= 1;
    }
    Ok(start)
}

/// The index of the `];` closing the list that `opening` starts.
fn list_end(lines: &[&str], opening: &str) -> Result<usize> {
    let start = lines
        .iter()
        .position(|l| l.trim_end() == opening)
        .ok_or_else(|| format!("new-rule: `{opening}` not found in {MOD_RS}"))?;
    lines[start..]
        .iter()
        .position(|l| l.trim_end() == "];")
        .map(|off| start + off)
        .ok_or_else(|| format!("new-rule: the list `{opening}` has no closing `];` in {MOD_RS}"))
}

/// The positive case the scaffold ships: a placeholder the author replaces.
const POSITIVE_CONF: &str = "\
# Replace with a config that raises the rule exactly once, and write its
# finding into example.expected as LINE:COLUMN: SEVERITY[RULE]: MESSAGE.
server {
    listen 80;
}
";

fn positive_expected(r: &Request) -> String {
    format!(
        "3:1: {}[{}]: TODO: the message the rule reports here\n",
        r.severity, r.id
    )
}

fn rule_source(r: &Request) -> String {
    let category = lookup(CATEGORIES, r.category).map_or("Hygiene", |(_, v)| v);
    let severity = lookup(SEVERITIES, r.severity).map_or("Warning", |(_, v)| v);
    format!(
        r##"//! TODO: what `{id}` finds, and what it costs the user, in a line or two.

use crate::diagnostic::Severity;
use crate::rules::{{Category, Finding, Rule, RuleContext, RuleMeta}};

pub static RULE: Rule = Rule {{
    meta: RuleMeta {{
        id: "{id}",
        severity: Severity::{severity},
        category: Category::{category},
        summary: "TODO: one line, what is wrong",
        explanation: "TODO: what an attacker or the outage does, what nginx does, and what the fix changes.",
        docs: "https://nginx.org/en/docs/",
        #[cfg(feature = "rule-docs")]
        bad: "TODO: a config that raises the rule\n",
        #[cfg(feature = "rule-docs")]
        good: "TODO: the same config done right\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    }},
    check,
}};

/// TODO: report the problem; tests/rules/{id}/ fails until this does.
fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {{
    let _ = (cx, out);
}}
"##,
        id = r.id,
    )
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOD_RS_FIXTURE: &str = "\
//! Rules.

mod alpha;
#[cfg(feature = \"all-rules\")]
mod delta;
pub mod select;
mod zeta;

use std::cell::OnceCell;

pub static RULES: &[&Rule] = &[
    &alpha::RULE,
    #[cfg(feature = \"all-rules\")]
    &delta::RULE,
];

pub static FIX_ORDER: &[&str] = &[
    \"alpha\",
    \"delta\",
];
";

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn registers_the_module_in_name_order_and_appends_to_both_lists() {
        let got = register(MOD_RS_FIXTURE, "charlie-rule").expect("registers");
        let want = "\
//! Rules.

mod alpha;
#[cfg(feature = \"all-rules\")]
mod charlie_rule;
#[cfg(feature = \"all-rules\")]
mod delta;
pub mod select;
mod zeta;

use std::cell::OnceCell;

pub static RULES: &[&Rule] = &[
    &alpha::RULE,
    #[cfg(feature = \"all-rules\")]
    &delta::RULE,
    #[cfg(feature = \"all-rules\")]
    &charlie_rule::RULE,
];

pub static FIX_ORDER: &[&str] = &[
    \"alpha\",
    \"delta\",
    \"charlie-rule\",
];
";
        assert_eq!(got, want);
    }

    #[test]
    fn a_module_after_every_other_goes_after_the_last() {
        let got = register(MOD_RS_FIXTURE, "zz-top").expect("registers");
        assert!(
            got.contains("mod zeta;\n#[cfg(feature = \"all-rules\")]\nmod zz_top;\n\nuse std"),
            "{got}"
        );
    }

    #[test]
    fn refuses_an_existing_id_or_module() {
        assert_eq!(
            register(MOD_RS_FIXTURE, "delta"),
            Err(format!(
                "new-rule: `delta` is registered already ({MOD_RS} names it)"
            ))
        );
        assert_eq!(
            register("mod zeta;\npub static RULES: &[&Rule] = &[\n];\n", "zeta"),
            Err(format!(
                "new-rule: module `zeta` exists already in {MOD_RS}"
            ))
        );
    }

    #[test]
    fn refuses_a_file_without_the_lists() {
        assert_eq!(
            register("mod alpha;\n", "beta"),
            Err(format!(
                "new-rule: `pub static RULES: &[&Rule] = &[` not found in {MOD_RS}"
            ))
        );
    }

    #[test]
    fn ids_must_be_kebab_case() {
        for bad in [
            "",
            "Upper",
            "snake_case",
            "trail-",
            "two--hyphens",
            "9lives",
            "a b",
        ] {
            assert_eq!(
                parse_args(&args(&[bad])),
                Err(format!(
                    "new-rule: `{bad}` is not a rule id (kebab-case: lowercase letters and digits in words joined by `-`, e.g. `ssl-weak-ciphers`)"
                ))
            );
        }
        assert_eq!(
            parse_args(&[]),
            Err("usage: cargo xtask new-rule ID [--category C] [--severity S]".into())
        );
        assert_eq!(
            parse_args(&args(&[
                "nginx-cves",
                "--category",
                "security",
                "--severity",
                "error"
            ])),
            Ok(Request {
                id: "nginx-cves".into(),
                category: "security",
                severity: "error"
            })
        );
        assert_eq!(
            parse_args(&args(&["x1"])),
            Ok(Request {
                id: "x1".into(),
                category: "hygiene",
                severity: "warning"
            })
        );
    }

    #[test]
    fn refuses_unknown_options_and_values() {
        assert_eq!(
            parse_args(&args(&["a", "--category", "speed"])),
            Err(
                "new-rule: unknown category `speed` (protocol, security, performance, hygiene)"
                    .into()
            )
        );
        assert_eq!(
            parse_args(&args(&["a", "--severity", "fatal"])),
            Err("new-rule: unknown severity `fatal` (info, warning, error)".into())
        );
        assert_eq!(
            parse_args(&args(&["a", "--fix"])),
            Err("new-rule: unknown option `--fix`".into())
        );
        assert_eq!(
            parse_args(&args(&["a", "b"])),
            Err("new-rule: one id only, got a second: `b`".into())
        );
    }

    #[test]
    fn the_skeleton_names_the_rule_and_its_family() {
        let src = rule_source(&Request {
            id: "weak-thing".into(),
            category: "security",
            severity: "error",
        });
        assert!(src.contains("        id: \"weak-thing\",\n        severity: Severity::Error,\n        category: Category::Security,\n"), "{src}");
        assert!(src.contains(
            "/// TODO: report the problem; tests/rules/weak-thing/ fails until this does.\n"
        ));
    }
}
