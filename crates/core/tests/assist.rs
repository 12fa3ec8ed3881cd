//! The LLM assist's core: what would be sent holds no original value, and an
//! answer is restored, checked and diffed against the original.

use confine_core::assist::{prepare, verify, Provider, Target};
use confine_core::input::ConfigSet;
use confine_core::options::Options;
use confine_core::redact::RedactOptions;
use confine_core::EXAMPLE;

/// The example's values that must never be sent.
const ORIGINALS: &[&str] = &[
    "10.20.30.41",
    "10.20.30.42",
    "billing.payments.acme.internal",
    "acme",
    "fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e",
    "7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e",
];

fn example() -> ConfigSet {
    ConfigSet::from_text("nginx.conf", EXAMPLE.as_bytes())
}

fn target(provider: Provider, base_url: &str) -> Target {
    Target {
        provider,
        base_url: base_url.into(),
        model: String::new(),
        stream: true,
    }
}

#[test]
fn the_body_holds_no_original_value_for_any_provider() {
    for provider in [Provider::OpenAi, Provider::Anthropic, Provider::Compatible] {
        let p = prepare(
            &example(),
            None,
            &Options::default(),
            &RedactOptions::default(),
            &target(provider, ""),
        )
        .expect("prepares");
        for v in ORIGINALS {
            assert!(!p.body.contains(v), "{provider:?}: {v} in the body");
            assert!(!p.url.contains(v));
        }
        // ...but the config and its findings are there, as placeholders.
        assert!(p.body.contains("grpc_pass grpc://billing_backend"));
        assert!(p.body.contains("grpc-to-http1-backend"), "{}", p.body);
        assert!(p.body.contains("REDACTED_BEARER_1"));
        assert!(p.body.contains(".example"));
        assert!(p
            .mapping
            .entries
            .iter()
            .any(|e| e.original == "10.20.30.41"));
        assert!(p.redacted.get("ip").copied().unwrap_or(0) >= 2);
        let body: serde_json::Value = serde_json::from_str(&p.body).expect("JSON body");
        assert_eq!(body["stream"], true);
    }
}

#[test]
fn each_provider_gets_its_own_url_headers_and_shape() {
    let opts = (&Options::default(), &RedactOptions::default());
    let openai = prepare(
        &example(),
        None,
        opts.0,
        opts.1,
        &target(Provider::OpenAi, ""),
    )
    .unwrap();
    assert_eq!(openai.url, "https://api.openai.com/v1/chat/completions");
    assert_eq!(openai.origin, "https://api.openai.com");
    assert_eq!(
        (openai.key_header.as_str(), openai.key_prefix.as_str()),
        ("authorization", "Bearer ")
    );
    let body: serde_json::Value = serde_json::from_str(&openai.body).unwrap();
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(body["model"], "gpt-4o-mini");

    let anthropic = prepare(
        &example(),
        None,
        opts.0,
        opts.1,
        &target(Provider::Anthropic, ""),
    )
    .unwrap();
    assert_eq!(anthropic.url, "https://api.anthropic.com/v1/messages");
    assert_eq!(anthropic.key_header, "x-api-key");
    assert!(anthropic
        .headers
        .iter()
        .any(|(k, v)| k == "anthropic-dangerous-direct-browser-access" && v == "true"));
    let body: serde_json::Value = serde_json::from_str(&anthropic.body).unwrap();
    assert!(body["system"].is_string() && body["max_tokens"].is_number());

    let local = prepare(
        &example(),
        None,
        opts.0,
        opts.1,
        &target(Provider::Compatible, "http://127.0.0.1:9999/v1/"),
    )
    .unwrap();
    assert_eq!(local.url, "http://127.0.0.1:9999/v1/chat/completions");
    assert_eq!(local.origin, "http://127.0.0.1:9999");
    assert!(prepare(
        &example(),
        None,
        opts.0,
        opts.1,
        &target(Provider::Compatible, "http://gateway.corp:8000/v1"),
    )
    .is_err());
}

/// What a good model would answer: the redacted config with the core's own
/// fix applied, in a fenced block, quoting placeholders.
fn good_answer(suggestions: bool) -> (String, confine_core::redact::Mapping) {
    let p = prepare(
        &example(),
        None,
        &Options::default(),
        &RedactOptions::default(),
        &target(Provider::OpenAi, ""),
    )
    .unwrap();
    let body: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    let user = body["messages"][1]["content"].as_str().unwrap().to_string();
    let redacted = confine_core::assist::fenced_block(&user).expect("the config is fenced");
    let all_fixes = Options {
        apply_suggestions: suggestions,
        ..Options::default()
    };
    let report = confine_core::analyze(
        &ConfigSet::from_text("nginx.conf", redacted.as_bytes()),
        &all_fixes,
    );
    let fixed = String::from_utf8(report.fixed[0].text.clone()).unwrap();
    (
        format!("The backend speaks HTTP/1.1.\n\n```nginx\n{fixed}```\n\nUse proxy_pass instead."),
        p.mapping,
    )
}

#[test]
fn a_good_answer_is_restored_verified_and_diffed() {
    let (answer, mapping) = good_answer(true);
    assert!(!answer.contains("10.20.30.41"));
    let v = verify(&example(), &Options::default(), &mapping, &answer);
    assert!(v.verified, "{:?}", v.reason);
    assert!(
        v.resolved.contains(&"grpc-to-http1-backend".to_string()),
        "{:?}",
        v.resolved
    );
    assert!(
        v.errors.is_empty() && v.introduced.is_empty(),
        "{:?}",
        v.introduced
    );
    let proposed = v.proposed.expect("a proposal");
    assert!(
        proposed.contains("10.20.30.41") && proposed.contains("billing.payments.acme.internal")
    );
    assert!(proposed.contains("fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e"));
    let diff = v.diff.expect("a diff").unified;
    assert!(
        diff.contains("+            proxy_pass http://billing_backend;"),
        "{diff}"
    );
    // Unchanged lines carry restored values, never placeholders.
    assert!(
        !diff.contains(".example") && !diff.contains("REDACTED_"),
        "{diff}"
    );
}

#[test]
fn bad_answers_are_not_verified_and_say_why() {
    let (_, mapping) = good_answer(true);
    let opts = Options::default();
    let none = verify(&example(), &opts, &mapping, "I cannot help with that.");
    assert!(!none.verified && none.proposed.is_none());
    assert!(none.reason.unwrap().contains("no fenced code block"));

    let broken = verify(
        &example(),
        &opts,
        &mapping,
        "```nginx\nhttp {\n  server {\n```",
    );
    assert!(
        !broken.verified && !broken.errors.is_empty(),
        "{:?}",
        broken.errors
    );

    let unchanged = verify(
        &example(),
        &opts,
        &mapping,
        &format!("```nginx\n{EXAMPLE}```"),
    );
    assert!(!unchanged.verified);
    assert!(unchanged
        .remaining
        .contains(&"grpc-to-http1-backend".to_string()));
}

#[test]
fn a_new_info_is_listed_but_does_not_block_verification() {
    // Without the suggested fixes, switching to proxy_pass brings the
    // forwarding-headers advice: an info, listed, not held against it.
    let (answer, mapping) = good_answer(false);
    let v = verify(&example(), &Options::default(), &mapping, &answer);
    assert_eq!(v.introduced, ["proxy-forwarding-headers"]);
    assert!(v.verified, "{:?}", v.reason);
}

#[test]
fn an_answer_that_drops_the_config_is_not_verified() {
    // No findings left, nothing new, it parses: but it is not a fix.
    let (_, mapping) = good_answer(true);
    let v = verify(
        &example(),
        &Options::default(),
        &mapping,
        "```nginx\nworker_processes auto;\nevents {}\n```",
    );
    assert!(v.errors.is_empty() && v.introduced.is_empty());
    assert!(!v.verified);
    assert!(v.reason.unwrap().contains("rewrites most of the config"));
}

/// The example's incident as nginx logs it: the upstream's address and the
/// server name are the config's, the client's is the log's own.
const LOG: &str = "2026/12/07 03:12:44 [error] 31#31: *7 upstream sent too large http2 frame: 4740180 \
while reading response header from upstream, client: 81.2.69.160, server: billing.payments.acme.internal, \
request: \"POST /api/v1/ingest HTTP/2.0\", upstream: \"grpc://10.20.30.41:8080\", host: \"billing.payments.acme.internal\"\n\
2026/12/07 03:12:46 [notice] 1#1: signal process started\n";

/// The user message the provider would get.
fn user_message(p: &confine_core::assist::Prepared) -> String {
    let body: serde_json::Value = serde_json::from_str(&p.body).unwrap();
    body["messages"][1]["content"].as_str().unwrap().to_string()
}

fn placeholder_of(p: &confine_core::assist::Prepared, original: &str) -> String {
    let found: Vec<&str> = p
        .mapping
        .entries
        .iter()
        .filter(|e| e.original == original)
        .map(|e| e.placeholder.as_str())
        .collect();
    assert_eq!(found.len(), 1, "{original}: {found:?}");
    found[0].to_string()
}

#[test]
fn the_error_log_is_sent_redacted_with_the_configs_placeholders_and_restored() {
    let p = prepare(
        &example(),
        Some(LOG),
        &Options::default(),
        &RedactOptions::default(),
        &target(Provider::OpenAi, ""),
    )
    .unwrap();
    let user = user_message(&p);
    for v in ORIGINALS.iter().chain(&["81.2.69.160"]) {
        assert!(!p.body.contains(v), "{v} in the body");
    }
    // One placeholder per value, in the config and in the log alike.
    let upstream = placeholder_of(&p, "10.20.30.41");
    let host = placeholder_of(&p, "billing.payments.acme.internal");
    let client = placeholder_of(&p, "81.2.69.160");
    let log_block = user
        .split("The nginx error log:\n```\n")
        .nth(1)
        .and_then(|rest| rest.split("```\n").next())
        .expect("the log in its own block");
    assert_eq!(
        log_block,
        format!(
            "2026/12/07 03:12:44 [error] 31#31: *7 upstream sent too large http2 frame: 4740180 \
             while reading response header from upstream, client: {client}, server: {host}, \
             request: \"POST /api/v1/ingest HTTP/2.0\", upstream: \"grpc://{upstream}:8080\", host: \"{host}\"\n\
             2026/12/07 03:12:46 [notice] 1#1: signal process started\n"
        )
    );
    assert!(user.contains(&format!("server {upstream}:8080")), "{user}");
    assert!(user.contains(&format!("server_name {host};")), "{user}");
    // The log comes after the files and before the findings.
    let (files, log, findings) = (
        user.find("File nginx.conf").unwrap(),
        user.find("The nginx error log:").unwrap(),
        user.find("Findings of the checker:").unwrap(),
    );
    assert!(files < log && log < findings);
    // An answer quoting the log line gets the originals back.
    let answer = format!("The log says `upstream: \"grpc://{upstream}:8080\", host: \"{host}\"` from {client}.\n\n```nginx\n{EXAMPLE}```\n");
    let v = verify(&example(), &Options::default(), &p.mapping, &answer);
    assert!(
        v.answer.starts_with("The log says `upstream: \"grpc://10.20.30.41:8080\", host: \"billing.payments.acme.internal\"` from 81.2.69.160."),
        "{}",
        v.answer
    );
    // Without a log (or an empty one) there is no log block.
    for none in [None, Some(""), Some("  \n")] {
        let p = prepare(
            &example(),
            none,
            &Options::default(),
            &RedactOptions::default(),
            &target(Provider::OpenAi, ""),
        )
        .unwrap();
        assert!(!user_message(&p).contains("error log"), "{none:?}");
    }
}

#[test]
fn a_long_error_log_sends_its_last_lines() {
    let lines: Vec<String> = (1..=250)
        .map(|i| format!("2026/12/07 03:12:44 [error] 31#31: *{i} no live upstreams while connecting to upstream"))
        .collect();
    let log = lines.join("\n") + "\n\n";
    let p = prepare(
        &example(),
        Some(&log),
        &Options::default(),
        &RedactOptions::default(),
        &target(Provider::OpenAi, ""),
    )
    .unwrap();
    let user = user_message(&p);
    let block = user
        .split("The nginx error log:\n```\n")
        .nth(1)
        .unwrap()
        .split("```\n")
        .next()
        .unwrap();
    let sent: Vec<&str> = block.lines().collect();
    assert_eq!(sent.len(), 201);
    assert_eq!(sent[0], "(50 earlier lines left out)");
    assert_eq!(sent[1], lines[50]);
    assert_eq!(sent[200], lines[249]);
}
