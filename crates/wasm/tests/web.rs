//! The binding in a real browser: `cargo xtask test wasm-test` runs these with
//! wasm-bindgen-test-runner in Debian's headless Chromium (through
//! chromedriver; see crates/xtask and webdriver.json).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn request(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON parses")
}

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).expect("property")
    })
}

fn example_request(options: &str) -> JsValue {
    let text = serde_json::to_string(confine_core::EXAMPLE).unwrap();
    request(&format!(
        r#"{{"files":[{{"path":"nginx.conf","text":{text}}}],"options":{options}}}"#
    ))
}

#[wasm_bindgen_test]
fn the_example_gives_the_grpc_finding_with_a_fix() {
    let out = confine_wasm::analyze(example_request("{}")).expect("analyses");
    let findings: Array = get(&out, &["findings"]).dyn_into().unwrap();
    let rules: Vec<String> = findings
        .iter()
        .map(|f| get(&f, &["rule"]).as_string().unwrap())
        .collect();
    assert!(
        rules.iter().any(|r| r == "grpc-to-http1-backend"),
        "{rules:?}"
    );
    let patch = get(&out, &["patch"]).as_string().unwrap();
    assert!(patch.contains("proxy_pass http://"), "{patch}");
    // Plain JS objects (not Maps), with resolved positions and structured hunks.
    let grpc = findings
        .iter()
        .find(|f| get(f, &["rule"]).as_string().as_deref() == Some("grpc-to-http1-backend"))
        .unwrap();
    assert_eq!(get(&grpc, &["location", "line"]).as_f64(), Some(26.0));
    assert_eq!(get(&grpc, &["fix", "applied"]).as_bool(), Some(true));
    let hunks: Array = get(&out, &["fixed"])
        .dyn_into::<Array>()
        .unwrap()
        .get(0)
        .dyn_into::<js_sys::Object>()
        .map(|f| get(&f, &["diff", "hunks"]))
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(hunks.length() > 0);
}

#[wasm_bindgen_test]
fn options_change_the_fix() {
    let out = confine_wasm::analyze(example_request(
        r#"{"nginx_version":"1.22.1","backends":[["billing_backend","http1"]]}"#,
    ))
    .unwrap();
    let patch = get(&out, &["patch"]).as_string().unwrap();
    assert!(patch.contains("proxy_http_version 1.1"), "{patch}");
    assert_eq!(
        get(&out, &["options", "nginx_version"])
            .as_string()
            .as_deref(),
        Some("1.22.1")
    );
}

#[wasm_bindgen_test]
fn two_files_joined_by_an_include() {
    let out = confine_wasm::analyze(request(
        r#"{"files":[
            {"path":"nginx.conf","text":"events {}\nhttp {\n    include upstreams.conf;\n    server {\n        location / { grpc_pass grpc://app; }\n    }\n}\n"},
            {"path":"upstreams.conf","text":"upstream app {\n    server 10.0.0.1:8080;\n}\n"}
        ],"options":{"backends":[["app","http1"]]}}"#,
    ))
    .unwrap();
    let diagnostics: Array = get(&out, &["diagnostics"]).dyn_into().unwrap();
    assert_eq!(diagnostics.length(), 0);
    let files: Array = get(&out, &["files"]).dyn_into().unwrap();
    assert_eq!(files.length(), 2);
}

#[wasm_bindgen_test]
fn an_nginx_t_dump_is_split_into_its_files() {
    let dump = "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n\
# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp { include conf.d/*.conf; }\n\n\
# configuration file /etc/nginx/conf.d/a.conf:\nserver { listen 80; }\n";
    let text = serde_json::to_string(dump).unwrap();
    let out = confine_wasm::analyze(request(&format!(
        r#"{{"files":[{{"path":"dump.txt","text":{text}}}]}}"#
    )))
    .unwrap();
    let files: Array = get(&out, &["files"]).dyn_into().unwrap();
    assert_eq!(files.length(), 2);
    assert_eq!(
        get(&files.get(1), &["path"]).as_string().as_deref(),
        Some("/etc/nginx/conf.d/a.conf")
    );
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_value_not_a_trap() {
    for bad in [
        JsValue::from_str("not an object"),
        JsValue::NULL,
        request(r#"{"files":[]}"#),
        request(r#"{"files":[{"path":"a"}]}"#),
        request(r#"{"files":[{"path":"a","text":""}],"options":{"nginx_version":"one"}}"#),
        request(r#"{"files":[{"path":"a","text":""}],"options":{"backends":[["x","spdy"]]}}"#),
        request(r#"{"files":[{"path":"a","text":""}],"typo":1}"#),
    ] {
        let shown = format!("{bad:?}");
        let err = JsValue::from(confine_wasm::analyze(bad).expect_err("bad input is rejected"));
        let err: js_sys::Error = err
            .dyn_into()
            .unwrap_or_else(|v| panic!("not an Error: {v:?} for {shown}"));
        let message = String::from(err.message());
        assert!(!message.is_empty(), "{shown}");
    }
    // The module still works after the errors.
    assert!(confine_wasm::analyze(example_request("{}")).is_ok());
}

#[wasm_bindgen_test]
fn garbage_configs_give_diagnostics() {
    for text in [
        "}}}{{\"",
        "\u{0}\u{1}{",
        "location",
        "http { server { listen 80 }",
    ] {
        let text = serde_json::to_string(text).unwrap();
        let out = confine_wasm::analyze(request(&format!(
            r#"{{"files":[{{"path":"x.conf","text":{text}}}]}}"#
        )))
        .unwrap();
        let diagnostics: Array = get(&out, &["diagnostics"]).dyn_into().unwrap();
        assert!(diagnostics.length() > 0);
    }
}

#[wasm_bindgen_test]
fn example_and_info() {
    assert_eq!(confine_wasm::example(), confine_core::EXAMPLE);
    let info = confine_wasm::info().unwrap();
    assert_eq!(
        get(&info, &["options", "nginx_version"])
            .as_string()
            .as_deref(),
        Some("1.30.0")
    );
}

#[wasm_bindgen_test]
fn redaction_in_the_browser() {
    let text = serde_json::to_string(confine_core::EXAMPLE).unwrap();
    let out = confine_wasm::analyze(request(&format!(
        r#"{{"files":[{{"path":"nginx.conf","text":{text}}}],"redact":{{"enabled":true,"terms":["billing_backend"]}}}}"#
    )))
    .unwrap();
    assert_eq!(get(&out, &["redaction", "available"]).as_bool(), Some(true));
    let files: Array = get(&out, &["redaction", "files"]).dyn_into().unwrap();
    let redacted = get(&files.get(0), &["text"]).as_string().unwrap();
    for original in [
        "billing.payments.acme.internal",
        "10.20.30.41",
        "fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e",
        "billing_backend",
    ] {
        assert!(!redacted.contains(original), "{original} in {redacted}");
    }
    // Without `redact`, no redaction at all.
    let plain = confine_wasm::analyze(example_request("{}")).unwrap();
    assert!(get(&plain, &["redaction"]).is_null());
}

#[wasm_bindgen_test]
fn the_assist_prepares_redacted_requests_and_verifies_answers() {
    let text = serde_json::to_string(confine_core::EXAMPLE).unwrap();
    let prepared = confine_wasm::assist_prepare(request(&format!(
        r#"{{"files":[{{"path":"nginx.conf","text":{text}}}],
            "target":{{"provider":"anthropic","base_url":"http://127.0.0.1:1/v1"}}}}"#
    )))
    .expect("prepares");
    let body = get(&prepared, &["body"]).as_string().unwrap();
    assert!(
        !body.contains("10.20.30.41") && !body.contains("acme"),
        "{body}"
    );
    assert_eq!(
        get(&prepared, &["url"]).as_string().as_deref(),
        Some("http://127.0.0.1:1/v1/messages")
    );
    let mapping = JSON::stringify(&get(&prepared, &["mapping"]))
        .unwrap()
        .as_string()
        .unwrap();
    let answer = serde_json::to_string("```nginx\nevents {}\n# 192.0.2.41\n```").unwrap();
    let verified = confine_wasm::assist_verify(request(&format!(
        r#"{{"files":[{{"path":"nginx.conf","text":{text}}}],"mapping":{mapping},"answer":{answer}}}"#
    )))
    .expect("verifies");
    let proposed = get(&verified, &["proposed"]).as_string().unwrap();
    assert!(proposed.contains("# 10.20.30.41"), "{proposed}");
    assert_eq!(get(&verified, &["verified"]).as_bool(), Some(false));
    // A target the core refuses is a thrown Error, not a trap.
    let refused = confine_wasm::assist_prepare(request(&format!(
        r#"{{"files":[{{"path":"nginx.conf","text":{text}}}],
            "target":{{"provider":"openai","base_url":"http://gateway.corp/v1"}}}}"#
    )));
    assert!(refused.is_err());
}

/// The page's regex engine is the browser's (crates/wasm/src/pcre.rs): what
/// PCRE and JS read alike runs there, what they read otherwise is refused.
#[wasm_bindgen_test]
fn nginx_regexes_run_on_the_browsers_engine() {
    use confine_core::analysis::matcher::{is_match, register};
    register(confine_wasm::pcre::is_match);
    assert_eq!(
        is_match(r"^/api/(?P<v>v\d+)/", false, b"/api/v2/x"),
        Ok(true)
    );
    assert_eq!(
        is_match(r"^/api/(?P<v>v\d+)/", false, b"/api/x/"),
        Ok(false)
    );
    assert_eq!(is_match(r"\.PHP$", true, b"/index.php"), Ok(true));
    assert_eq!(is_match(r"\.PHP$", false, b"/index.php"), Ok(false));
    // Look-ahead: PCRE and JS have it (the native `regex` crate does not).
    assert_eq!(is_match(r"^/(?!admin)", false, b"/admin/x"), Ok(false));
    assert_eq!(is_match(r"^/(?!admin)", false, b"/public"), Ok(true));
    // Two bytes are two characters, as for PCRE without UTF mode.
    assert_eq!(is_match("^/.$", false, "/é".as_bytes()), Ok(false));
    assert_eq!(is_match("^/..$", false, "/é".as_bytes()), Ok(true));
    assert_eq!(is_match("^/é$", false, "/é".as_bytes()), Ok(true));
    let atomic = is_match(r"^/(?>a+)b", false, b"/aab").expect_err("atomic group");
    assert!(atomic.contains("cannot evaluate the regex"), "{atomic}");
    let bad = is_match(r"^/(unclosed", false, b"/").expect_err("syntax error");
    assert!(bad.contains("in the page ("), "{bad}");
}

/// `route` through the JS boundary, with a regex location the browser's
/// engine decides: the chain's roles and lines.
#[wasm_bindgen_test]
fn route_in_the_browser() {
    confine_core::analysis::matcher::register(confine_wasm::pcre::is_match);
    let conf = "events {}\nhttp {\n  upstream ingest { server 10.0.2.10:8080; }\n  server {\n    listen 80;\n    server_name api.internal;\n    location / { return 404; }\n    location ~ ^/v(?P<n>\\d+)/ingest$ {\n      proxy_pass http://ingest;\n    }\n  }\n}\n";
    let text = serde_json::to_string(conf).unwrap();
    let out = confine_wasm::route(request(&format!(
        r#"{{"files":[{{"path":"nginx.conf","text":{text}}}],"request":"POST /v1/ingest","host":"api.internal","port":80}}"#
    )))
    .expect("routes");
    let steps: Array = get(&out, &["steps"]).dyn_into().unwrap();
    let chain: Vec<(String, f64)> = steps
        .iter()
        .map(|s| {
            (
                get(&s, &["role"]).as_string().unwrap(),
                get(&s, &["line"]).as_f64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, f64)> = [
        ("server", 4.0),
        ("location", 8.0),
        ("handler", 9.0),
        ("upstream", 3.0),
        ("peer", 3.0),
    ]
    .iter()
    .map(|(r, l)| (r.to_string(), *l))
    .collect();
    assert_eq!(chain, expected);
    assert!(get(&out, &["stopped"]).is_null());
    let refused = confine_wasm::route(request(r#"{"files":[],"request":"/"}"#));
    assert!(refused.is_err());
}

#[wasm_bindgen_test]
fn an_error_log_comes_back_with_its_events_and_each_findings_log_line() {
    let conf = "http {\n    upstream pool {\n        server 10.0.2.10:8080;\n    }\n    server {\n        listen 443 ssl http2;\n        server_name api.internal;\n        location /v1/ {\n            grpc_pass grpc://pool;\n        }\n    }\n}\n";
    let frame = "2026/12/06 12:18:19 [error] 31#31: *1 upstream sent too large http2 frame: 4740180 while reading response header from upstream, client: 10.0.1.7, server: api.internal, request: \"POST /v1/ingest HTTP/2.0\", upstream: \"grpc://10.0.2.10:8080\", host: \"api.internal\"";
    let (conf_json, log_json) = (
        serde_json::to_string(conf).unwrap(),
        serde_json::to_string(&format!("noise\n{frame}\n")).unwrap(),
    );
    let out = confine_wasm::analyze(request(&format!(
        r#"{{"files":[{{"path":"nginx.conf","text":{conf_json}}}],"options":{{"nginx_version":"1.22.1"}},"error_log":{log_json}}}"#
    )))
    .expect("analyses");
    let findings: Array = get(&out, &["findings"]).dyn_into().unwrap();
    assert_eq!(findings.length(), 1);
    let f = findings.get(0);
    assert_eq!(get(&f, &["severity"]).as_string().as_deref(), Some("error"));
    assert_eq!(get(&f, &["log", "line"]).as_f64(), Some(2.0));
    assert_eq!(
        get(&f, &["log", "text"]).as_string().as_deref(),
        Some(frame)
    );
    assert_eq!(
        get(&f, &["log", "cause"]).as_string().as_deref(),
        Some("http2-frame-too-large")
    );
    assert_eq!(get(&out, &["log", "lines"]).as_f64(), Some(2.0));
    assert_eq!(get(&out, &["log", "ignored"]).as_f64(), Some(1.0));
    let events: Array = get(&out, &["log", "events"]).dyn_into().unwrap();
    assert_eq!(events.length(), 1);
    let e = events.get(0);
    assert_eq!(
        get(&e, &["server"]).as_string().as_deref(),
        Some("api.internal")
    );
    assert_eq!(
        get(&e, &["upstream"]).as_string().as_deref(),
        Some("grpc://10.0.2.10:8080")
    );
    let proves: Array = get(&e, &["findings"]).dyn_into().unwrap();
    assert_eq!(proves.get(0).as_f64(), Some(0.0));
    // No log sent: `log` is null, and so is each finding's.
    let out = confine_wasm::analyze(request(&format!(
        r#"{{"files":[{{"path":"nginx.conf","text":{conf_json}}}]}}"#
    )))
    .unwrap();
    assert!(get(&out, &["log"]).is_null());
    let findings: Array = get(&out, &["findings"]).dyn_into().unwrap();
    assert!(findings.iter().all(|f| get(&f, &["log"]).is_null()));
}
