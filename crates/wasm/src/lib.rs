//! The page's binding of confine-core: JS values in, JS values out, nothing
//! else. Every decision (parsing, includes, `nginx -T` dumps, rules, fixes,
//! diffs, redaction) is the core's; this crate only converts.
//!
//! One call, [`analyze`], takes `{ files, options, redact }` and returns the
//! core's JSON report (diagnostics, findings with fixes, fixed files with
//! their unified diff and hunks, the patch) plus the loaded files and the
//! redaction report. Bad input is an `Error` value thrown to JS, never a trap.
//!
//! The conversion is plain Rust ([`run`]) so native tests cover it; the
//! `#[wasm_bindgen]` functions only move values across the boundary.

use confine_core::input::{ConfigSet, MemoryFiles};
use confine_core::options::{Backend, Options, Version};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// What the page sends.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The files: one pasted text (or an `nginx -T` dump), or several dropped
    /// files whose `include`s resolve between them. The first is the main file
    /// (relative includes resolve against its directory, as with `nginx -c`).
    pub files: Vec<InputFile>,
    #[serde(default)]
    pub options: RequestOptions,
    /// Redaction settings; `None` (or `enabled: false`) skips redaction.
    #[serde(default)]
    pub redact: Option<RedactRequest>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputFile {
    pub path: String,
    pub text: String,
}

/// [`Options`] with every field optional (the core's own defaults apply).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestOptions {
    /// `"1.30.0"`-style; the core's current stable when absent.
    #[serde(default)]
    pub nginx_version: Option<Version>,
    /// `[["billing_backend", "http1"], ["10.0.0.1:50051", "grpc"]]`.
    #[serde(default)]
    pub backends: Vec<(String, Backend)>,
    #[serde(default)]
    pub apply_suggestions: bool,
}

impl RequestOptions {
    fn into_options(self) -> Options {
        let defaults = Options::default();
        Options {
            nginx_version: self.nginx_version.unwrap_or(defaults.nginx_version),
            backends: self.backends,
            apply_suggestions: self.apply_suggestions,
        }
    }
}

/// The page's redaction settings, passed to the core as they are.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RedactRequest {
    #[serde(default)]
    pub enabled: bool,
    /// Everything else (categories on/off, custom terms) is the core's
    /// `RedactOptions`, deserialized by the core's own serde impl.
    #[serde(flatten)]
    pub settings: serde_json::Map<String, Value>,
}

/// Files loaded into a [`ConfigSet`], with the request's redaction settings.
pub fn load(files: &[InputFile]) -> Result<ConfigSet, String> {
    match files {
        [] => Err("no files: send at least one {path, text}".into()),
        [one] => Ok(ConfigSet::from_text(&one.path, one.text.as_bytes())),
        many => {
            let mut mem = MemoryFiles::new();
            let mut roots = Vec::with_capacity(many.len());
            for f in many {
                if f.path.is_empty() {
                    return Err("a file has an empty path".into());
                }
                mem.insert(f.path.as_str(), f.text.as_bytes());
                roots.push(f.path.clone());
            }
            Ok(ConfigSet::load(&roots, &mem))
        }
    }
}

/// The whole call, in Rust: request in, the JSON the page receives out.
pub fn run(request: Request) -> Result<Value, String> {
    let set = load(&request.files)?;
    let options = request.options.into_options();
    let report = confine_core::analyze(&set, &options);
    let mut out = confine_core::render::json::report(&set, &report);
    // The loaded files; their text only when the page does not have it
    // already, that is when one pasted `nginx -T` dump became several files.
    let split = request.files.len() == 1
        && (set.files.len() > 1
            || set
                .files
                .first()
                .is_some_and(|f| f.path != request.files[0].path));
    let files: Vec<Value> = set
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut file = json!({ "path": f.path, "root": set.roots.contains(&i) });
            if split {
                file["text"] = String::from_utf8_lossy(f.tree.source()).into();
            }
            file
        })
        .collect();
    let redaction = match request.redact {
        Some(r) if r.enabled => redaction::run(&set, r.settings)?,
        _ => Value::Null,
    };
    if let Value::Object(map) = &mut out {
        map.insert("files".into(), Value::Array(files));
        map.insert(
            "options".into(),
            serde_json::to_value(&options).map_err(|e| e.to_string())?,
        );
        map.insert("redaction".into(), redaction);
    }
    Ok(out)
}

/// The `redaction` field of the result: the only thing the page's Redacted
/// pane reads, and the only part of this crate that knows about redaction.
///
/// - `null`: the request has no `redact`, or `enabled: false`;
/// - `{"available": false}`: this build's core has no redaction yet (issue 5,
///   `confine_core::redact`, is being written; the pane says so);
/// - once bound: `{"available": true,
///   "categories": [{"id": "ip", "enabled": true}, ...]` (every category, for
///   the toggles), `"counts": {"ip": 2, ...},
///   "files": [{"path", "text", "redactions": [{"start", "end", "category", "kind"}]}]`
///   (`start..end`: the byte span of each placeholder in the redacted `text`),
///   `"mapping": [{"placeholder", "original", "category"}]}` (kept by the page
///   for restoring, never shown in the pane).
///
/// The request's settings beside `enabled` are the core's `RedactOptions`
/// as they are: `categories` (the enabled ones), `terms`, `allow`.
mod redaction {
    use super::*;

    pub fn run(
        _set: &ConfigSet,
        _settings: serde_json::Map<String, Value>,
    ) -> Result<Value, String> {
        Ok(json!({ "available": false }))
    }
}

// ---------------------------------------------------------------------------
// The JS boundary.

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

fn to_js(value: &Value) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Analyse `{ files: [{path, text}], options?, redact? }`. Throws an `Error`
/// with a message on bad input.
#[wasm_bindgen]
pub fn analyze(request: JsValue) -> Result<JsValue, JsError> {
    // Through serde_json's Value: serde-wasm-bindgen reads only the fields a
    // struct names, so typos would pass unseen; serde_json rejects them.
    let request: Value = serde_wasm_bindgen::from_value(request)
        .map_err(|e| JsError::new(&format!("bad request: {e}")))?;
    let request: Request =
        serde_json::from_value(request).map_err(|e| JsError::new(&format!("bad request: {e}")))?;
    let value = run(request).map_err(|e| JsError::new(&e))?;
    to_js(&value)
}

/// The built-in example config (the 502 incident, with made-up names).
#[wasm_bindgen]
pub fn example() -> String {
    confine_core::EXAMPLE.to_string()
}

/// The core's version and the defaults the page shows in its controls.
#[wasm_bindgen]
pub fn info() -> Result<JsValue, JsError> {
    to_js(&json!({
        "version": env!("CARGO_PKG_VERSION"),
        "options": Options::default(),
        "backends": ["http1", "h2c", "grpc"],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(files: &[(&str, &str)], options: Value) -> Request {
        serde_json::from_value(json!({
            "files": files.iter().map(|(p, t)| json!({"path": p, "text": t})).collect::<Vec<_>>(),
            "options": options,
        }))
        .unwrap()
    }

    #[test]
    fn the_example_gives_the_grpc_finding_and_a_fix() {
        let out = run(request(&[("nginx.conf", confine_core::EXAMPLE)], json!({}))).unwrap();
        let rules: Vec<&str> = out["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert!(rules.contains(&"grpc-to-http1-backend"), "{rules:?}");
        let patch = out["patch"].as_str().unwrap();
        assert!(patch.contains("proxy_pass http://"), "{patch}");
        assert_eq!(out["files"][0]["path"], "nginx.conf");
        assert_eq!(out["options"]["nginx_version"], "1.30.0");
        assert!(out["fixed"][0]["diff"]["hunks"].as_array().is_some());
    }

    #[test]
    fn options_reach_the_core() {
        let out = run(request(
            &[("nginx.conf", confine_core::EXAMPLE)],
            json!({"nginx_version": "1.22.1", "backends": [["billing_backend", "http1"]]}),
        ))
        .unwrap();
        assert_eq!(out["options"]["nginx_version"], "1.22.1");
        assert!(out["patch"]
            .as_str()
            .unwrap()
            .contains("proxy_http_version 1.1"));
    }

    #[test]
    fn two_files_joined_by_an_include() {
        let out = run(request(
            &[
                ("nginx.conf", "events {}\nhttp {\n    include upstreams.conf;\n    server {\n        location / { grpc_pass grpc://app; }\n    }\n}\n"),
                ("upstreams.conf", "upstream app {\n    server 10.0.0.1:8080;  # HTTP/1.1\n}\n"),
            ],
            json!({"backends": [["app", "http1"]]}),
        ))
        .unwrap();
        assert_eq!(out["diagnostics"].as_array().unwrap().len(), 0, "{out}");
        assert_eq!(out["files"].as_array().unwrap().len(), 2);
        assert_eq!(out["files"][0]["root"], true);
        assert_eq!(out["files"][1]["root"], false);
        assert!(out["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "grpc-to-http1-backend"));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(run(Request::default()).is_err());
        let bad: Result<Request, _> = serde_json::from_value(json!({
            "files": [{"path": "a", "text": ""}],
            "options": {"nginx_version": "one"},
        }));
        assert!(bad.is_err());
        let bad: Result<Request, _> = serde_json::from_value(json!({
            "files": [{"path": "a", "text": ""}],
            "options": {"backends": [["x", "spdy"]]},
        }));
        assert!(bad.is_err());
        let out = run(request(&[("a", "}}}{{\"")], json!({}))).unwrap();
        assert!(!out["diagnostics"].as_array().unwrap().is_empty());
    }
}
