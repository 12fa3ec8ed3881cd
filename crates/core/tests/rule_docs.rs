//! Every rule's documented examples do what the docs say: `bad` (read with
//! `log`) raises the rule, `good` (with the same log) does not.
//!
//! Most log rules report an event that happened: no config change unsays a
//! logged 413 or timeout. Their `good` is read without the log, as nginx
//! running it writes a new one (the fixtures' `.after.conf` convention), and
//! the test checks that with the old log it still raises, so the list stays
//! exactly the rules it must name.

#![cfg(feature = "rule-docs")]

use confine_core::analyze_with;
use confine_core::input::error_log;
use confine_core::input::ConfigSet;
use confine_core::options::Options;
use confine_core::rules::{suppress, RuleMeta, RULES};

/// Rules that cannot fire on the default nginx version (the newest): their
/// examples are read as for this older nginx.
const OLD_NGINX: &[(&str, &str)] = &[
    ("http2-directive-unsupported", "1.22.1"),
    ("proxy-http-version-2", "1.22.1"),
    ("nginx-cves", "1.22.1"),
];

/// Log rules whose `good` config cannot silence the old log's event.
const EVENT_IS_HISTORY: &[&str] = &[
    "upstream-header-too-big",
    "upstream-unreachable",
    "upstream-no-live-servers",
    "upstream-timed-out",
    "upstream-closed-connection",
    "upstream-protocol-error",
    "upstream-ssl-verify-failed",
    "upstream-ssl-handshake-failed",
    "upstream-host-not-resolved",
    "client-body-too-large",
    "internal-redirection-cycle",
    "worker-connections-exhausted",
    "worker-open-files-exhausted",
    "upstream-response-buffered-to-file",
];

fn options_for(id: &str) -> Options {
    let mut options = Options::default();
    if let Some((_, v)) = OLD_NGINX.iter().find(|(r, _)| *r == id) {
        options.nginx_version = v.parse().expect("valid version");
        options.nginx_version_given = true;
    }
    options
}

fn metas() -> Vec<&'static RuleMeta> {
    RULES
        .iter()
        .map(|r| r.meta())
        .chain(std::iter::once(&suppress::META))
        .collect()
}

/// The rules `text` raises, with their messages, as `RULE: MESSAGE` lines.
fn raised(meta: &RuleMeta, text: &str, with_log: bool) -> Vec<String> {
    let set = ConfigSet::from_text("example.conf", text.as_bytes());
    let log = (with_log && !meta.log.is_empty()).then(|| error_log::parse(meta.log.as_bytes()));
    let report = analyze_with(&set, &options_for(meta.id), log.as_ref());
    report
        .findings
        .iter()
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect()
}

#[test]
fn every_rule_is_documented_with_examples() {
    let mut problems = Vec::new();
    for meta in metas() {
        let id = meta.id;
        for (field, text) in [
            ("summary", meta.summary),
            ("explanation", meta.explanation),
            ("bad", meta.bad),
            ("good", meta.good),
        ] {
            if text.trim().is_empty() {
                problems.push(format!("{id}: empty {field}"));
            }
        }
        if !meta.docs.starts_with("https://nginx.org/") {
            problems.push(format!("{id}: docs {:?} is not on nginx.org", meta.docs));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn bad_examples_raise_their_rule_and_good_ones_do_not() {
    let mut problems = Vec::new();
    for meta in metas() {
        let id = meta.id;
        let prefix = format!("{id}: ");
        let bad = raised(meta, meta.bad, true);
        if !bad.iter().any(|f| f.starts_with(&prefix)) {
            problems.push(format!("{id}: `bad` does not raise it: {bad:?}"));
        }
        let history = EVENT_IS_HISTORY.contains(&id);
        if history && meta.log.is_empty() {
            problems.push(format!("{id}: listed as a log rule but has no `log`"));
        }
        let good = raised(meta, meta.good, !history);
        if let Some(f) = good.iter().find(|f| f.starts_with(&prefix)) {
            problems.push(format!("{id}: `good` still raises it: {f}"));
        }
        if history
            && !raised(meta, meta.good, true)
                .iter()
                .any(|f| f.starts_with(&prefix))
        {
            problems.push(format!(
                "{id}: `good` with the old log is silent now: drop it from EVENT_IS_HISTORY"
            ));
        }
        if meta.bad == meta.good {
            problems.push(format!("{id}: `bad` and `good` are the same text"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn docs_rules_md_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == confine_core::render::rules_md::rules_md(),
        "docs/rules.md is stale: run `cargo xtask rules`"
    );
}
