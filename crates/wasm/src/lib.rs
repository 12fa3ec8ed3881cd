//! The page's binding of confine-core: JS values in, JS values out, nothing
//! else. Every decision (parsing, includes, `nginx -T` dumps, rules, fixes,
//! diffs, redaction) is the core's; this crate only converts.
//!
//! One call, [`analyze`], takes `{ files, options, redact, error_log }` and
//! returns the core's JSON report (diagnostics, findings with fixes and the
//! log line that proves each, fixed files with their diff hunks in a compact
//! form, see [`diff`], the whole patch, the error log's events) plus the
//! loaded files and the redaction report. Bad input is an `Error` value thrown to JS, never a trap.
//!
//! The conversion is plain Rust ([`run`]) so native tests cover it; the
//! `#[wasm_bindgen]` functions only move values across the boundary.

use confine_core::assist::{self, Target};
use confine_core::input::{ConfigSet, MemoryFiles};
use confine_core::options::{Backend, Options, Version};
use confine_core::redact::{redact_set_with, Category, Input, Mapping, RedactOptions};
use confine_core::render::json::JsonReport;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

pub mod pcre;

/// The allocator std uses on wasm32 anyway, but as our own dependency so the
/// page's profile can build it at opt-level 3 (a package override does not
/// reach std's copy without a warning in every native build): the same
/// allocator, about 9% faster analysis, 0.2 KB more gzip (measured on the
/// perf test's 10k-line config; see Cargo.toml).
#[cfg(target_family = "wasm")]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

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
    /// The error log the config's nginx wrote, as pasted: its events become
    /// findings where the config explains them (`Output.log`, each
    /// finding's `log`), and it is redacted in the same run as the files
    /// (one placeholder per value in both).
    #[serde(default)]
    pub error_log: Option<String>,
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
    /// Every unknown directive an error (the CLI's `--strict`).
    #[serde(default)]
    pub strict: bool,
}

impl RequestOptions {
    fn into_options(self) -> Options {
        let defaults = Options::default();
        Options {
            nginx_version: self.nginx_version.unwrap_or(defaults.nginx_version),
            backends: self.backends,
            apply_suggestions: self.apply_suggestions,
            strict: self.strict,
            ..defaults
        }
    }
}

/// The page's redaction settings: the core's [`RedactOptions`], every field
/// optional (the core's defaults apply), plus `enabled`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedactRequest {
    #[serde(default)]
    pub enabled: bool,
    /// The categories to redact (`"ip"`, `"hostname"`, ...); the core's
    /// default set when absent.
    #[serde(default)]
    pub categories: Option<Vec<Category>>,
    /// Extra terms to redact wherever they occur.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Values never to redact (exact, or `.suffix` for a domain and below).
    #[serde(default)]
    pub allow: Vec<String>,
}

impl RedactRequest {
    fn into_options(self) -> RedactOptions {
        let defaults = RedactOptions::default();
        RedactOptions {
            categories: self.categories.unwrap_or(defaults.categories),
            terms: self.terms,
            allow: self.allow,
        }
    }
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

/// What the page receives: the core's report (explanations once per rule,
/// in `rules`), plus the loaded files, the options used and the redaction.
pub struct Output<'a> {
    pub report: JsonReport<'a>,
    pub files: Vec<Value>,
    pub options: &'a Options,
    /// `null` when the request asks for no redaction.
    pub redaction: Option<redaction::View<'a>>,
}

/// The report's fields and then the others, in one object (alphabetical,
/// as always). By hand, not `#[serde(flatten)]`: flattening makes serde
/// write a map whose every key is made anew, a JS string per key in the
/// page's values (serde-wasm-bindgen), where a struct's keys are cached.
impl Serialize for Output<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let r = &self.report;
        let fields = 11 + usize::from(r.rules.is_some());
        let mut st = serializer.serialize_struct("Output", fields)?;
        st.serialize_field("diagnostics", &r.diagnostics)?;
        st.serialize_field("files", &self.files)?;
        st.serialize_field("findings", &r.findings)?;
        let fixed: Vec<_> = r.fixed.iter().map(diff::PageFixed::of).collect();
        st.serialize_field("fixed", &fixed)?;
        st.serialize_field("log", &r.log)?;
        st.serialize_field("options", &self.options)?;
        st.serialize_field("patch", &r.patch)?;
        st.serialize_field("redaction", &self.redaction)?;
        if let Some(rules) = &r.rules {
            st.serialize_field("rules", rules)?;
        }
        st.serialize_field("skipped", &r.skipped)?;
        st.serialize_field("versions", &r.versions)?;
        st.end()
    }
}

/// The page's view of the fixed files: the core's, with each hunk's lines as
/// two strings instead of an object per line.
///
/// Why: a 10k-line config with a thousand fixes has about ten thousand diff
/// lines, and an object per line (four fields and a string each, built
/// through the JS boundary one call at a time) made up more than a quarter
/// of the page's analysis time. The page renders a hunk's rows from
/// `signs` and `text` (see `hunkLines` in www/app/diff.js); the CLI's JSON keeps
/// the structured lines.
mod diff {
    use confine_core::render::diff::Hunk;
    use confine_core::render::json::JsonFixed;
    use serde::Serialize;
    use std::borrow::Cow;

    #[derive(Serialize)]
    pub struct PageFixed<'a> {
        diff: PageDiff<'a>,
        path: &'a str,
        text: &'a Cow<'a, str>,
    }

    #[derive(Serialize)]
    struct PageDiff<'a> {
        hunks: Vec<PageHunk>,
        path: &'a str,
    }

    /// A hunk: `signs` has one of ` `, `-`, `+` per line (equal, deleted,
    /// inserted, as in a unified diff), `text` the lines without their line
    /// breaks, joined by `\n` (a line cannot contain one). Old and new line
    /// numbers count up from `old_start` and `new_start`.
    #[derive(Serialize)]
    struct PageHunk {
        new_len: usize,
        new_start: usize,
        old_len: usize,
        old_start: usize,
        signs: String,
        text: String,
    }

    impl<'a> PageFixed<'a> {
        pub fn of(fixed: &'a JsonFixed<'a>) -> PageFixed<'a> {
            PageFixed {
                diff: PageDiff {
                    hunks: fixed.diff.hunks.iter().map(hunk).collect(),
                    path: fixed.diff.path,
                },
                path: fixed.path,
                text: &fixed.text,
            }
        }
    }

    fn hunk(h: &Hunk) -> PageHunk {
        let mut signs = String::with_capacity(h.lines.len());
        let mut text = String::with_capacity(h.lines.iter().map(|l| l.text.len() + 1).sum());
        for (i, line) in h.lines.iter().enumerate() {
            signs.push(match line.tag {
                "delete" => '-',
                "insert" => '+',
                _ => ' ',
            });
            if i > 0 {
                text.push('\n');
            }
            text.push_str(&line.text);
        }
        PageHunk {
            new_len: h.new_len,
            new_start: h.new_start,
            old_len: h.old_len,
            old_start: h.old_start,
            signs,
            text,
        }
    }
}

/// The whole call, in Rust: request in, the JSON the page receives out.
pub fn run(request: Request) -> Result<Value, String> {
    run_with(request, |out| {
        serde_json::to_value(out).map_err(|e| e.to_string())
    })?
}

/// [`run`], handing the borrowed output to `emit` (the wasm entry point
/// serializes it straight into JS values, with no JSON tree in between).
pub fn run_with<R>(request: Request, emit: impl FnOnce(&Output<'_>) -> R) -> Result<R, String> {
    let set = load(&request.files)?;
    let options = request.options.into_options();
    let log = request
        .error_log
        .as_deref()
        .map(confine_core::input::error_log::parse_str);
    let report = confine_core::analyze_with(&set, &options, log.as_ref());
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
    let log_input = request
        .error_log
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Input {
            path: assist::ERROR_LOG_PATH,
            text: l.as_bytes(),
        });
    let redacted = match request.redact {
        Some(r) if r.enabled => {
            let o = r.into_options();
            Some((redact_set_with(&set, log_input.as_slice(), &o), o))
        }
        _ => None,
    };
    let out = Output {
        report: confine_core::render::json::report_with_rules(&set, &report),
        files,
        options: &options,
        redaction: redacted
            .as_ref()
            .map(|(done, o)| redaction::view(done, o, set.files.len())),
    };
    Ok(emit(&out))
}

/// The `redaction` field of the result: the only thing the page's Redacted
/// pane reads, and the only part of this crate that knows about redaction.
///
/// - `null`: the request has no `redact`, or `enabled: false`;
/// - else `{"available": true,
///   "categories": [{"id": "ip", "enabled": true}, ...]` (every category, for
///   the toggles), `"counts": {"ip": 2, ...},
///   "files": [{"path", "text", "redactions": [{"start", "end", "category", "kind"}]}]`
///   (one per loaded file; `start..end`: the byte span of each placeholder in
///   the redacted `text`), `"mapping": [{"placeholder", "original", "category"}]}`
///   (kept by the page for restoring, never shown in the pane),
///   `"log": null | {"text", "redactions"}` (the request's `error_log`,
///   redacted with the files: the same placeholder for the same value).
///
/// (`{"available": false}` was the answer before the core had redaction; the
/// page still understands it.)
mod redaction {
    use super::*;
    use confine_core::redact::{MapEntry, Redaction};
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    /// The field as the page reads it (typed and borrowed: serialized
    /// straight into JS values).
    #[derive(Serialize)]
    pub struct View<'a> {
        available: bool,
        categories: Vec<Toggle>,
        counts: &'a BTreeMap<Category, usize>,
        files: Vec<FileView<'a>>,
        log: Option<LogView<'a>>,
        mapping: &'a [MapEntry],
    }

    #[derive(Serialize)]
    struct LogView<'a> {
        redactions: Vec<Mark<'a>>,
        text: Cow<'a, str>,
    }

    #[derive(Serialize)]
    struct Toggle {
        enabled: bool,
        id: &'static str,
    }

    #[derive(Serialize)]
    struct FileView<'a> {
        path: &'a str,
        redactions: Vec<Mark<'a>>,
        text: Cow<'a, str>,
    }

    /// Where a placeholder is in the redacted text.
    #[derive(Serialize)]
    struct Mark<'a> {
        category: Category,
        end: usize,
        kind: &'a str,
        start: usize,
    }

    /// `configs`: how many of `done`'s files are the config's; the one after
    /// them, if any, is the error log.
    pub fn view<'a>(done: &'a Redaction, options: &RedactOptions, configs: usize) -> View<'a> {
        let mut marks: Vec<Vec<Mark<'a>>> = done.files.iter().map(|_| Vec::new()).collect();
        for item in &done.report.items {
            if let Some(m) = marks.get_mut(item.file) {
                m.push(Mark {
                    category: item.category,
                    end: item.redacted_span.end,
                    kind: &item.kind,
                    start: item.redacted_span.start,
                });
            }
        }
        View {
            available: true,
            categories: Category::ALL
                .iter()
                .map(|&c| Toggle {
                    enabled: options.enabled(c),
                    id: c.name(),
                })
                .collect(),
            counts: &done.report.counts,
            log: done
                .files
                .get(configs)
                .zip(marks.get_mut(configs).map(std::mem::take))
                .map(|(f, redactions)| LogView {
                    redactions,
                    text: String::from_utf8_lossy(&f.text),
                }),
            files: done
                .files
                .iter()
                .zip(marks)
                .take(configs)
                .map(|(f, redactions)| FileView {
                    path: &f.path,
                    redactions,
                    text: String::from_utf8_lossy(&f.text),
                })
                .collect(),
            mapping: &done.mapping.entries,
        }
    }
}

// ---------------------------------------------------------------------------
// The JS boundary.

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
    #[cfg(target_family = "wasm")]
    confine_core::analysis::matcher::register(pcre::is_match);
}

fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Analyse `{ files: [{path, text}], options?, redact? }`. Throws an `Error`
/// with a message on bad input.
#[wasm_bindgen]
pub fn analyze(request: JsValue) -> Result<JsValue, JsError> {
    let (request, texts) = texts::take(&request);
    // Through serde_json's Value: serde-wasm-bindgen reads only the fields a
    // struct names, so typos would pass unseen; serde_json rejects them.
    let request: Value = serde_wasm_bindgen::from_value(request)
        .map_err(|e| JsError::new(&format!("bad request: {e}")))?;
    let mut request: Request =
        serde_json::from_value(request).map_err(|e| JsError::new(&format!("bad request: {e}")))?;
    texts::put(&mut request.files, texts);
    run_with(request, |out| to_js(out)).map_err(|e| JsError::new(&e))?
}

/// The files' texts, moved into wasm memory by the platform's UTF-8 encoder
/// rather than by serde.
///
/// Why: serde-wasm-bindgen reads a JS string through wasm-bindgen's string
/// copy, a JS loop over every character; for the perf test's 10k-line
/// config (290 KB) that loop was 8% of the whole call. `TextEncoder` encodes
/// in native code and the bytes cross in one copy. The request's shape does
/// not change: the texts are still strings in `files`, and anything else in
/// their place (a number, nothing) is left for serde to reject as before.
mod texts {
    use super::InputFile;
    use js_sys::{Array, Object, Reflect, Uint8Array};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// The platform's UTF-8 encoder (browsers, workers and Node have it).
        type TextEncoder;
        #[wasm_bindgen(constructor)]
        fn new() -> TextEncoder;
        #[wasm_bindgen(method)]
        fn encode(this: &TextEncoder, text: &JsValue) -> Uint8Array;
    }

    /// A copy of `request` whose string texts are `""`, and the texts (by
    /// file index; `None` where a file's text was not a string). The
    /// caller's objects are not touched.
    pub fn take(request: &JsValue) -> (JsValue, Vec<Option<Vec<u8>>>) {
        let text_key = JsValue::from_str("text");
        let files = Reflect::get(request, &JsValue::from_str("files")).ok();
        let Some(files) = files
            .filter(Array::is_array)
            .map(JsCast::unchecked_into::<Array>)
        else {
            return (request.clone(), Vec::new());
        };
        let encoder = TextEncoder::new();
        let empty = JsValue::from_str("");
        let copies = Array::new();
        let mut texts = Vec::with_capacity(files.length() as usize);
        for file in files.iter() {
            let text = Reflect::get(&file, &text_key)
                .ok()
                .filter(JsValue::is_string);
            match text {
                Some(text) if file.is_object() => {
                    let copy = Object::assign(&Object::new(), file.unchecked_ref());
                    let _ = Reflect::set(&copy, &text_key, &empty);
                    copies.push(&copy);
                    texts.push(Some(encoder.encode(&text).to_vec()));
                }
                _ => {
                    copies.push(&file);
                    texts.push(None);
                }
            }
        }
        let copy = Object::assign(&Object::new(), request.unchecked_ref());
        let _ = Reflect::set(&copy, &JsValue::from_str("files"), &copies);
        (copy.into(), texts)
    }

    /// Put the texts [`take`] took back into the deserialized files.
    pub fn put(files: &mut [InputFile], texts: Vec<Option<Vec<u8>>>) {
        for (file, text) in files.iter_mut().zip(texts) {
            if let Some(bytes) = text {
                // TextEncoder writes UTF-8 (a lone surrogate becomes U+FFFD,
                // as with any other copy of a JS string), so this never
                // takes the lossy branch in practice.
                file.text = String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The LLM assist: the core decides what is sent and judges the answer; the
// page's llm.js only moves bytes (and holds the key).

/// `{ files, error_log, options, redact, target: {provider, base_url, model, stream} }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistPrepare {
    pub files: Vec<InputFile>,
    /// Redacted with the files and sent in its own block.
    #[serde(default)]
    pub error_log: Option<String>,
    #[serde(default)]
    pub options: RequestOptions,
    #[serde(default)]
    pub redact: Option<RedactRequest>,
    pub target: Target,
}

/// `{ files, options, mapping, answer }`: `mapping` as `assist_prepare` gave it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistVerify {
    pub files: Vec<InputFile>,
    #[serde(default)]
    pub options: RequestOptions,
    pub mapping: Mapping,
    pub answer: String,
}

/// The request to send (url, origin, headers, key header, exact body) and
/// the mapping to restore the answer with.
pub fn run_assist_prepare(request: AssistPrepare) -> Result<Value, String> {
    let set = load(&request.files)?;
    let options = request.options.into_options();
    // Redaction cannot be switched off for what is sent: `enabled` is ignored.
    let redact = request.redact.unwrap_or_default().into_options();
    let prepared = assist::prepare(
        &set,
        request.error_log.as_deref(),
        &options,
        &redact,
        &request.target,
    )
    .map_err(|e| e.to_string())?;
    serde_json::to_value(prepared).map_err(|e| e.to_string())
}

/// The answer restored, its config checked against the original, and diffed.
pub fn run_assist_verify(request: AssistVerify) -> Result<Value, String> {
    let set = load(&request.files)?;
    let options = request.options.into_options();
    let verification = assist::verify(&set, &options, &request.mapping, &request.answer);
    serde_json::to_value(verification).map_err(|e| e.to_string())
}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsError> {
    let value: Value = serde_wasm_bindgen::from_value(value)
        .map_err(|e| JsError::new(&format!("bad request: {e}")))?;
    serde_json::from_value(value).map_err(|e| JsError::new(&format!("bad request: {e}")))
}

#[wasm_bindgen]
pub fn assist_prepare(request: JsValue) -> Result<JsValue, JsError> {
    let value = run_assist_prepare(from_js(request)?).map_err(|e| JsError::new(&e))?;
    to_js(&value)
}

#[wasm_bindgen]
pub fn assist_verify(request: JsValue) -> Result<JsValue, JsError> {
    let value = run_assist_verify(from_js(request)?).map_err(|e| JsError::new(&e))?;
    to_js(&value)
}

/// `{ files, request: "POST /v1/ingest", host, port }`: one request to route.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteRequest {
    pub files: Vec<InputFile>,
    /// `"POST /v1/ingest"`, `"/v1/ingest"` (a GET) or a log's
    /// `"POST /v1/ingest HTTP/2.0"`.
    pub request: String,
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub port: Option<u16>,
}

/// How nginx routes the request through the files: the core's
/// `render::route::RouteView` (server, locations, handler, settings,
/// upstream and its peers, each with file and line).
pub fn run_route(request: RouteRequest) -> Result<Value, String> {
    use confine_core::analysis::{model::Model, route};
    if request.request.trim().is_empty() {
        return Err("no request: give a URI such as \"POST /v1/ingest\" or \"/\"".into());
    }
    let set = load(&request.files)?;
    let model = Model::build(&set);
    let host = request
        .host
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty());
    let wanted = route::Request::from_line(&request.request, host, request.port);
    let found = route::route(&model, &wanted);
    let view = confine_core::render::route::view(&model, &wanted, &found);
    serde_json::to_value(view).map_err(|e| e.to_string())
}

#[wasm_bindgen]
pub fn route(request: JsValue) -> Result<JsValue, JsError> {
    let value = run_route(from_js(request)?).map_err(|e| JsError::new(&e))?;
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

    /// The placeholder a `mapping` (as the page receives it) gives `original`.
    fn placeholder_of(mapping: &Value, original: &str) -> String {
        mapping["entries"]
            .as_array()
            .and_then(|entries| entries.iter().find(|e| e["original"] == original))
            .and_then(|e| e["placeholder"].as_str())
            .unwrap_or_else(|| panic!("no placeholder for {original} in {mapping}"))
            .to_string()
    }

    fn request(files: &[(&str, &str)], options: Value) -> Request {
        serde_json::from_value(json!({
            "files": files.iter().map(|(p, t)| json!({"path": p, "text": t})).collect::<Vec<_>>(),
            "options": options,
        }))
        .unwrap()
    }

    #[test]
    fn assist_prepare_sends_placeholders_and_verify_restores_them() {
        let files = json!([{"path": "nginx.conf", "text": confine_core::EXAMPLE}]);
        let prepared = run_assist_prepare(
            serde_json::from_value(json!({
                "files": files,
                "redact": {"enabled": false},
                "target": {"provider": "compatible", "base_url": "http://127.0.0.1:9/v1"},
            }))
            .unwrap(),
        )
        .unwrap();
        let body = prepared["body"].as_str().unwrap();
        assert!(
            !body.contains("10.20.30.41") && !body.contains("acme"),
            "{body}"
        );
        assert_eq!(prepared["origin"], "http://127.0.0.1:9");
        let mapping = prepared["mapping"].clone();
        let placeholder = placeholder_of(&mapping, "10.20.30.41");
        let answer = format!("```nginx\nevents {{}}\n# {placeholder}\n```");
        let verified = run_assist_verify(
            serde_json::from_value(json!({
                "files": files, "mapping": mapping, "answer": answer,
            }))
            .unwrap(),
        )
        .unwrap();
        assert!(verified["proposed"]
            .as_str()
            .unwrap()
            .contains("# 10.20.30.41"));
        assert!(run_assist_prepare(
            serde_json::from_value(json!({
                "files": files,
                "target": {"provider": "openai", "base_url": "javascript:alert(1)"},
            }))
            .unwrap()
        )
        .is_err());
    }

    /// `Output` writes the report's fields by hand: every one of them, and
    /// the binding's own three, nothing else.
    #[test]
    fn the_output_has_every_field_of_the_report() {
        let set = ConfigSet::from_text("nginx.conf", confine_core::EXAMPLE.as_bytes());
        let report = confine_core::analyze(&set, &Options::default());
        let json = confine_core::render::json::report_with_rules(&set, &report);
        let report_keys: Vec<String> = match serde_json::to_value(&json).unwrap() {
            Value::Object(map) => map.keys().cloned().collect(),
            other => panic!("{other}"),
        };
        let out = run(request(&[("nginx.conf", confine_core::EXAMPLE)], json!({}))).unwrap();
        let mut keys: Vec<String> = out.as_object().unwrap().keys().cloned().collect();
        let mut expected = report_keys;
        expected.extend(["files", "options", "redaction"].map(String::from));
        keys.sort();
        expected.sort();
        assert_eq!(keys, expected);
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

    /// `strict` reaches the core: the same third-party directive is a
    /// warning without it and an error with it.
    #[test]
    fn strict_makes_unknown_directives_errors() {
        let text = "events {}\nhttp {\n    more_set_headers \"Server: x\";\n}\n";
        let severity = |options: Value| {
            let out = run(request(&[("nginx.conf", text)], options)).unwrap();
            let d = &out["diagnostics"][0];
            assert_eq!(
                d["message"], "unknown directive \"more_set_headers\"",
                "{out}"
            );
            d["severity"].as_str().unwrap().to_string()
        };
        assert_eq!(severity(json!({})), "warning");
        assert_eq!(severity(json!({"strict": true})), "error");
    }

    /// The page numbers a hunk's rows by counting from its starts (see
    /// `hunkLines` in www/app/diff.js); the same counting here must give the
    /// core's structured lines exactly: tags, both line numbers, texts.
    #[test]
    fn page_hunks_carry_the_cores_lines() {
        // Several fixes (two hunks and more), CRLF, no newline at the end.
        let text = confine_core::EXAMPLE.replace('\n', "\r\n")
            + &"# far from the others\r\n".repeat(10)
            + "server {\r\n  location /b/ {\r\n    grpc_pass grpc://billing_backend;\r\n  }\r\n}";
        let options = json!({"nginx_version": "1.22.1", "apply_suggestions": true});
        let out = run(request(&[("nginx.conf", &text)], options.clone())).unwrap();
        let set = ConfigSet::from_text("nginx.conf", text.as_bytes());
        let o: RequestOptions = serde_json::from_value(options).unwrap();
        let report = confine_core::analyze(&set, &o.into_options());
        let json = confine_core::render::json::report_with_rules(&set, &report);
        let core = serde_json::to_value(json.fixed[0].diff.hunks).unwrap();
        let page = out["fixed"][0]["diff"]["hunks"].as_array().unwrap();
        assert!(page.len() > 1, "{page:?}");
        assert_eq!(page.len(), core.as_array().unwrap().len());
        for (p, c) in page.iter().zip(core.as_array().unwrap()) {
            for k in ["old_start", "old_len", "new_start", "new_len"] {
                assert_eq!(p[k], c[k]);
            }
            let (mut old, mut new) = (
                p["old_start"].as_u64().unwrap(),
                p["new_start"].as_u64().unwrap(),
            );
            let texts: Vec<&str> = p["text"].as_str().unwrap().split('\n').collect();
            let signs: Vec<char> = p["signs"].as_str().unwrap().chars().collect();
            assert_eq!(signs.len(), texts.len());
            let rebuilt: Vec<Value> = signs
                .iter()
                .zip(texts)
                .map(|(sign, text)| {
                    let line = match sign {
                        '-' => json!({"tag": "delete", "old_line": old, "text": text}),
                        '+' => json!({"tag": "insert", "new_line": new, "text": text}),
                        _ => {
                            json!({"tag": "equal", "old_line": old, "new_line": new, "text": text})
                        }
                    };
                    old += u64::from(*sign != '+');
                    new += u64::from(*sign != '-');
                    line
                })
                .collect();
            assert_eq!(&Value::Array(rebuilt), &c["lines"]);
        }
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

    /// The range the config implies and whether the target contradicts it.
    #[test]
    fn the_implied_version_range_and_its_conflict_with_the_target() {
        let text = "http {\n  server {\n    listen 443 ssl;\n    http2 on;\n  }\n}\n";
        let out = run(request(
            &[("nginx.conf", text)],
            json!({"nginx_version": "1.22.1"}),
        ))
        .unwrap();
        let v = &out["versions"];
        assert_eq!(v["target"], "1.22.1");
        assert_eq!(v["range"], "1.25.1 or later");
        assert_eq!(v["at_least"]["version"], "1.25.1");
        assert_eq!(v["at_least"]["what"], "http2");
        assert_eq!(v["at_least"]["location"]["line"], 4);
        assert_eq!(v["below"], Value::Null);
        assert_eq!(v["suggestion"], "1.25.1");
        let conflict = v["conflict"].as_str().unwrap();
        assert!(
            conflict.contains("1.22.1") && conflict.contains("`http2`"),
            "{conflict}"
        );
        assert!(
            v["summary"].as_str().unwrap().contains("nginx.conf:4"),
            "{v}"
        );
        // The default target agrees; a config that says nothing has no range.
        let out = run(request(&[("nginx.conf", text)], json!({}))).unwrap();
        assert_eq!(out["versions"]["conflict"], Value::Null);
        assert_eq!(out["versions"]["suggestion"], Value::Null);
        let out = run(request(&[("nginx.conf", "events {}\n")], json!({}))).unwrap();
        assert_eq!(out["versions"]["range"], Value::Null);
        assert_eq!(out["versions"]["target"], "1.30.0");
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

    fn redacted(redact: Value) -> Value {
        let request: Request = serde_json::from_value(json!({
            "files": [{"path": "nginx.conf", "text": confine_core::EXAMPLE}],
            "redact": redact,
        }))
        .unwrap();
        run(request).unwrap()["redaction"].clone()
    }

    const HOST: &str = "billing.payments.acme.internal";
    const TOKEN: &str = "fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e";

    #[test]
    fn redaction_is_the_cores_with_spans_in_the_redacted_text() {
        assert!(confine_core::EXAMPLE.contains(HOST) && confine_core::EXAMPLE.contains(TOKEN));
        let r = redacted(json!({"enabled": true}));
        assert_eq!(r["available"], true);
        let text = r["files"][0]["text"].as_str().unwrap();
        for original in [HOST, "10.20.30.41", "10.20.30.42", TOKEN] {
            assert!(!text.contains(original), "{original} in {text}");
        }
        // Every span covers a placeholder of the mapping, in the redacted text.
        let placeholders: Vec<&str> = r["mapping"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["placeholder"].as_str().unwrap())
            .collect();
        let spans = r["files"][0]["redactions"].as_array().unwrap();
        assert!(spans.len() >= 6, "{spans:?}");
        for s in spans {
            let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            let shown = &text[start as usize..end as usize];
            assert!(placeholders.contains(&shown), "{shown} {placeholders:?}");
        }
        assert_eq!(r["counts"]["ip"], 2);
        assert_eq!(r["counts"]["secret"], 1);
        // Every category, with the core's defaults: paths and ports off.
        let categories: Vec<(String, bool)> = r["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_str().unwrap().to_string(),
                    c["enabled"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(categories.len(), Category::ALL.len());
        assert!(categories.contains(&("hostname".into(), true)));
        assert!(categories.contains(&("path".into(), false)));
    }

    #[test]
    fn redaction_settings_reach_the_core() {
        assert_eq!(redacted(json!({"enabled": false})), Value::Null);
        let only_ips = redacted(json!({"enabled": true, "categories": ["ip"]}));
        let text = only_ips["files"][0]["text"].as_str().unwrap();
        assert!(text.contains(HOST) && !text.contains("10.20.30.41"));
        assert_eq!(
            only_ips["categories"][0],
            json!({"id": "ip", "enabled": true})
        );
        let term = redacted(json!({"enabled": true, "terms": ["billing_backend"]}));
        assert!(!term["files"][0]["text"]
            .as_str()
            .unwrap()
            .contains("billing_backend"));
        for bad in [
            json!({"enabled": true, "categories": ["ipv9"]}),
            json!({"enabled": true, "term": ["typo"]}),
        ] {
            let request: Result<Request, _> = serde_json::from_value(json!({
                "files": [{"path": "a", "text": ""}],
                "redact": bad,
            }));
            assert!(request.is_err(), "{bad}");
        }
    }

    /// The example's incident as nginx logs it.
    const LOG: &str = "2026/12/07 03:12:44 [error] 31#31: *7 upstream sent too large http2 frame: 4740180 \
        while reading response header from upstream, client: 81.2.69.160, server: billing.payments.acme.internal, \
        request: \"POST /api/v1/ingest HTTP/2.0\", upstream: \"grpc://10.20.30.41:8080\", host: \"billing.payments.acme.internal\"\n";

    fn with_log(redact: Value, log: Option<&str>) -> Value {
        let request: Request = serde_json::from_value(json!({
            "files": [{"path": "nginx.conf", "text": confine_core::EXAMPLE}],
            "redact": redact,
            "error_log": log,
        }))
        .unwrap();
        run(request).unwrap()["redaction"].clone()
    }

    /// The log is redacted in the config's run: the same value has the same
    /// placeholder in both, its spans mark placeholders of the log's text,
    /// and its values are counted.
    #[test]
    fn the_error_log_is_redacted_with_the_configs_placeholders() {
        let r = with_log(json!({"enabled": true}), Some(LOG));
        let placeholder = |original: &str| -> String {
            let all: Vec<&Value> = r["mapping"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["original"] == original)
                .collect();
            assert_eq!(all.len(), 1, "{original}: {all:?}");
            all[0]["placeholder"].as_str().unwrap().to_string()
        };
        let (ip, host, client) = (
            placeholder("10.20.30.41"),
            placeholder(HOST),
            placeholder("81.2.69.160"),
        );
        let log = r["log"]["text"].as_str().unwrap();
        assert_eq!(
            log,
            LOG.replace("10.20.30.41", &ip)
                .replace(HOST, &host)
                .replace("81.2.69.160", &client)
        );
        let config = r["files"][0]["text"].as_str().unwrap();
        assert!(config.contains(&format!("server {ip}:8080")), "{config}");
        assert_eq!(
            r["files"].as_array().unwrap().len(),
            1,
            "the log is no file"
        );
        let marks: Vec<&str> = r["log"]["redactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                &log[m["start"].as_u64().unwrap() as usize..m["end"].as_u64().unwrap() as usize]
            })
            .collect();
        assert_eq!(marks, [client.as_str(), &host, &ip, &host]);
        // Two addresses in the config, two in the log.
        assert_eq!(r["counts"]["ip"], 4);
        // No log, an empty one, or redaction off: no log view.
        assert_eq!(with_log(json!({"enabled": true}), None)["log"], Value::Null);
        assert_eq!(
            with_log(json!({"enabled": true}), Some(" \n"))["log"],
            Value::Null
        );
        assert_eq!(with_log(json!({"enabled": false}), Some(LOG)), Value::Null);
    }

    #[test]
    fn assist_prepare_sends_the_redacted_log() {
        let prepared = run_assist_prepare(
            serde_json::from_value(json!({
                "files": [{"path": "nginx.conf", "text": confine_core::EXAMPLE}],
                "error_log": LOG,
                "target": {"provider": "compatible", "base_url": "http://127.0.0.1:9/v1"},
            }))
            .unwrap(),
        )
        .unwrap();
        let body = prepared["body"].as_str().unwrap();
        for original in ["10.20.30.41", HOST, "81.2.69.160"] {
            assert!(!body.contains(original), "{original}");
        }
        let ip = placeholder_of(&prepared["mapping"], "10.20.30.41");
        assert!(
            body.contains(&format!("upstream: \\\"grpc://{ip}:8080\\\"")),
            "{body}"
        );
        assert!(body.contains(&format!("server {ip}:8080")), "{body}");
    }

    fn routed(request: Value) -> Result<Value, String> {
        run_route(serde_json::from_value(request).map_err(|e| e.to_string())?)
    }

    /// The route of the example's failing request: server, location,
    /// handler, the settings in effect, the upstream and its peers, each at
    /// its line.
    #[test]
    fn route_gives_the_chain_with_lines() {
        let files = json!([{"path": "nginx.conf", "text": confine_core::EXAMPLE}]);
        let view = routed(json!({
            "files": files, "request": "POST /api/v1/ingest", "host": HOST, "port": 443,
        }))
        .unwrap();
        assert_eq!(view["method"], "POST");
        assert_eq!(view["uri"], "/api/v1/ingest");
        assert_eq!(view["port"], 443);
        assert_eq!(view["stopped"], Value::Null);
        let steps: Vec<(&str, &str, u64, &str)> = view["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["role"].as_str().unwrap(),
                    s["file"].as_str().unwrap(),
                    s["line"].as_u64().unwrap(),
                    s["text"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            steps,
            [
                ("server", "nginx.conf", 18, "server {"),
                ("location", "nginx.conf", 25, "location /api/ {"),
                ("handler", "nginx.conf", 26, "grpc_pass grpc://billing_backend;"),
                ("setting", "nginx.conf", 27, "grpc_set_header Authorization \"Bearer fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e\";"),
                ("setting", "nginx.conf", 28, "grpc_read_timeout 30s;"),
                ("upstream", "nginx.conf", 12, "upstream billing_backend {"),
                ("peer", "nginx.conf", 14, "server 10.20.30.41:8080 max_fails=3 fail_timeout=10s;"),
                ("peer", "nginx.conf", 15, "server 10.20.30.42:8080 max_fails=3 fail_timeout=10s;"),
            ]
        );
        assert_eq!(
            view["steps"][0]["why"],
            format!("server_name {HOST}: exact name")
        );
        // A log's request line, another host: the first server, /reports/.
        let view = routed(json!({
            "files": files, "request": "GET /reports/x HTTP/1.1", "host": "elsewhere",
        }))
        .unwrap();
        assert_eq!(view["steps"][1]["line"], 31);
        assert_eq!(
            view["steps"][0]["why"],
            "no name matched and no default_server: the first server on the port"
        );
        assert_eq!(
            view["notes"][0],
            "no port given: assumed 443, a port the config listens on"
        );
        // Bad requests are errors with a message.
        assert_eq!(
            routed(json!({"files": files, "request": "  "})).unwrap_err(),
            "no request: give a URI such as \"POST /v1/ingest\" or \"/\""
        );
        assert_eq!(
            routed(json!({"files": [], "request": "/"})).unwrap_err(),
            "no files: send at least one {path, text}"
        );
        assert_eq!(
            routed(json!({"files": files, "request": "/", "port": 70000})).unwrap_err(),
            "invalid value: integer `70000`, expected u16"
        );
        assert!(routed(json!({"files": files, "request": "/", "uri": "/"}))
            .unwrap_err()
            .contains("unknown field `uri`"));
    }

    const SEED: &str = "http {\n    upstream pool {\n        server 10.0.2.10:8080;\n    }\n    server {\n        listen 443 ssl http2;\n        server_name api.internal;\n        location /v1/ {\n            grpc_pass grpc://pool;\n        }\n    }\n    server_tokens off;\n}\n";
    const FRAME: &str = "2026/12/06 12:18:19 [error] 31#31: *1 upstream sent too large http2 frame: 4740180 while reading response header from upstream, client: 10.0.1.7, server: api.internal, request: \"POST /v1/ingest HTTP/2.0\", upstream: \"grpc://10.0.2.10:8080\", host: \"api.internal\"";

    /// `error_log` in, `log` out: the events with the findings each proves,
    /// and each finding's `log` (contract.md, issue 22).
    #[test]
    fn the_error_log_reaches_the_findings_and_comes_back_as_log() {
        let log =
            format!("noise\n{FRAME}\n2026/12/06 12:18:20 [notice] 31#31: signal process started\n");
        let out = run(serde_json::from_value(json!({
            "files": [{"path": "nginx.conf", "text": SEED}],
            "options": {"nginx_version": "1.22.1"},
            "error_log": log,
        }))
        .unwrap())
        .unwrap();
        let findings = out["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{findings:?}");
        let f = &findings[0];
        assert_eq!(f["rule"], "grpc-to-http1-backend");
        assert_eq!(f["severity"], "error");
        assert_eq!(f["location"]["line"], 9);
        assert_eq!(f["fix"]["applied"], true);
        assert_eq!(
            f["log"],
            json!({"line": 2, "text": FRAME, "cause": "http2-frame-too-large"})
        );
        let log = &out["log"];
        assert_eq!(log["lines"], 3);
        assert_eq!(log["ignored"], 1);
        let events = log["events"].as_array().unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(
            events[0],
            json!({
                "line": 2, "last_line": 2, "level": "error", "cause": "http2-frame-too-large",
                "meaning": events[0]["meaning"].clone(), "request": "POST /v1/ingest HTTP/2.0",
                "host": "api.internal", "server": "api.internal",
                "upstream": "grpc://10.0.2.10:8080", "findings": [0],
            })
        );
        assert!(events[0]["meaning"]
            .as_str()
            .unwrap()
            .contains("HTTP/1.x, not HTTP/2"));
        assert_eq!(events[1]["level"], "notice");
        assert_eq!(events[1]["cause"], "other");
        assert_eq!(events[1]["findings"], json!([]));
        assert_eq!(events[1]["request"], Value::Null);
        assert!(out["patch"]
            .as_str()
            .unwrap()
            .contains("+            proxy_pass http://pool;"));
        // Without a log: `log` is null and every finding's `log` too.
        let out = run(request(
            &[("nginx.conf", SEED)],
            json!({"nginx_version": "1.22.1"}),
        ))
        .unwrap();
        assert_eq!(out["log"], Value::Null);
        assert_eq!(out["findings"][0]["severity"], "warning");
        assert_eq!(out["findings"][0]["log"], Value::Null);
        // Anything but a string is refused.
        let bad: Result<Request, _> = serde_json::from_value(json!({
            "files": [{"path": "a", "text": ""}], "error_log": 7,
        }));
        assert!(bad.is_err());
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
