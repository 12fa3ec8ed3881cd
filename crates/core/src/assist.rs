//! The LLM assist, minus the network: what is sent and what is done with the
//! answer. The page makes the call itself, with the user's own key, straight
//! to the endpoint the user picked; everything that decides *what* leaves the
//! machine, and everything that judges what comes back, is here, once.
//!
//! - [`prepare`]: redact the files and the error log pasted beside them, in
//!   one run ([`crate::redact`]: one placeholder per value in both), check
//!   the *redacted* files (so that finding messages quote placeholders, never
//!   originals), and build the provider's request: URL, headers (all but the
//!   key) and the exact body text. The page shows that text and sends those
//!   same bytes.
//! - [`verify`]: restore the placeholders in the answer, take the proposed
//!   config from its fenced code block, parse and check it against the
//!   original, and diff it. Only what the checks confirm is marked verified.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::json;
use thiserror::Error;

use crate::diagnostic::Severity;
use crate::input::ConfigSet;
use crate::options::Options;
use crate::redact::{redact_set_with, restore, Input, Mapping, RedactOptions};
use crate::render::diff::{diff, FileDiff};
use crate::report::analyze;
use crate::span::LineIndex;

/// Who answers. `Compatible` is any OpenAI-style `/chat/completions` server:
/// Ollama, LM Studio, vLLM, an internal gateway.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    OpenAi,
    Anthropic,
    Compatible,
}

impl Provider {
    pub fn default_base_url(self) -> &'static str {
        match self {
            Provider::OpenAi => "https://api.openai.com/v1",
            Provider::Anthropic => "https://api.anthropic.com/v1",
            Provider::Compatible => "http://localhost:11434/v1",
        }
    }

    pub fn default_model(self) -> &'static str {
        match self {
            Provider::OpenAi => "gpt-4o-mini",
            Provider::Anthropic => "claude-sonnet-4-5",
            Provider::Compatible => "llama3.1",
        }
    }
}

/// Where and how to ask.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub provider: Provider,
    /// The API base (`https://api.openai.com/v1`); the provider's own when empty.
    #[serde(default)]
    pub base_url: String,
    /// The provider's default when empty.
    #[serde(default)]
    pub model: String,
    #[serde(default = "yes")]
    pub stream: bool,
}

fn yes() -> bool {
    true
}

/// The request the page sends, all but the key.
#[derive(Clone, Debug, Serialize)]
pub struct Prepared {
    pub url: String,
    /// `scheme://host[:port]`: what the page adds to its CSP's `connect-src`.
    pub origin: String,
    /// Headers besides the key's.
    pub headers: Vec<(String, String)>,
    /// The header that carries the key, and what goes before the key in it.
    pub key_header: String,
    pub key_prefix: String,
    /// The exact body, as sent.
    pub body: String,
    /// How many values were redacted, per category name.
    pub redacted: BTreeMap<String, usize>,
    /// To restore the answer. Stays in the page.
    pub mapping: Mapping,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum AssistError {
    #[error("the endpoint must be an http:// or https:// URL, got {0:?}")]
    BadUrl(String),
    #[error(
        "plain http:// is allowed only to this machine (localhost, 127.0.0.1, [::1]); use https:// for {0}"
    )]
    InsecureRemote(String),
    #[error("nothing to send: no files")]
    NoFiles,
}

/// The fixed instructions. Asks for one fenced block (what [`verify`] reads)
/// and says what the placeholders are, so the model keeps them as they are.
pub const SYSTEM_PROMPT: &str = "You are an expert nginx engineer. The user \
sends an nginx configuration, maybe lines of its error log, and the findings \
of a static checker. Some values \
were replaced by placeholders before sending (addresses in 192.0.2.0/24, \
198.51.100.0/24, 203.0.113.0/24, 198.18.0.0/15 or 2001:db8::/32, host names \
ending in .example, tokens like REDACTED_TOKEN_1): keep every placeholder \
exactly as written. Reply with the complete corrected configuration of the \
first file in one fenced code block marked nginx, then at most five short \
sentences explaining what was wrong and what you changed. Change only what \
the problem needs.";

/// The path the error log has in the redaction run (not an nginx file: it
/// is scanned as text).
pub const ERROR_LOG_PATH: &str = "error.log";

/// At most this many lines of the error log go into the prompt (the last
/// ones, where the newest failures are); the rest are counted.
pub const MAX_LOG_LINES: usize = 200;

/// Redact the files and `error_log` (one run), check the redacted files,
/// and build the request for `target`.
pub fn prepare(
    set: &ConfigSet,
    error_log: Option<&str>,
    options: &Options,
    redact_options: &RedactOptions,
    target: &Target,
) -> Result<Prepared, AssistError> {
    if set.files.is_empty() {
        return Err(AssistError::NoFiles);
    }
    let base = if target.base_url.trim().is_empty() {
        target.provider.default_base_url().to_string()
    } else {
        target.base_url.trim().trim_end_matches('/').to_string()
    };
    let origin = origin_of(&base)?;
    let model = if target.model.trim().is_empty() {
        target.provider.default_model()
    } else {
        target.model.trim()
    };

    let log = error_log.filter(|l| !l.trim().is_empty()).map(|l| Input {
        path: ERROR_LOG_PATH,
        text: l.as_bytes(),
    });
    let redaction = redact_set_with(set, log.as_slice(), redact_options);
    let mut redacted = BTreeMap::new();
    for (category, n) in &redaction.report.counts {
        redacted.insert(category.name().to_string(), *n);
    }

    // The findings of the redacted files: their messages may quote values.
    let (config, redacted_log) = redaction.files.split_at(set.files.len());
    let redacted_set = set.with_texts(config.iter().map(|f| (f.path.clone(), f.text.clone())));
    let report = analyze(&redacted_set, options);
    let redacted_log = redacted_log
        .first()
        .map(|f| String::from_utf8_lossy(&f.text));
    let user = user_message(&redacted_set, &report, redacted_log.as_deref());

    let (url, headers, key_header, key_prefix, body) = match target.provider {
        Provider::Anthropic => (
            format!("{base}/messages"),
            vec![
                ("content-type".to_string(), "application/json".to_string()),
                ("anthropic-version".to_string(), "2023-06-01".to_string()),
                // Anthropic's opt-in for calls made from a web page.
                (
                    "anthropic-dangerous-direct-browser-access".to_string(),
                    "true".to_string(),
                ),
            ],
            "x-api-key",
            "",
            json!({
                "model": model,
                "max_tokens": 4096,
                "system": SYSTEM_PROMPT,
                "messages": [{"role": "user", "content": user}],
                "stream": target.stream,
            }),
        ),
        Provider::OpenAi | Provider::Compatible => (
            format!("{base}/chat/completions"),
            vec![("content-type".to_string(), "application/json".to_string())],
            "authorization",
            "Bearer ",
            json!({
                "model": model,
                "messages": [
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": user},
                ],
                "stream": target.stream,
            }),
        ),
    };
    Ok(Prepared {
        url,
        origin,
        headers,
        key_header: key_header.to_string(),
        key_prefix: key_prefix.to_string(),
        body: serde_json::to_string_pretty(&body).unwrap_or_default(),
        redacted,
        mapping: redaction.mapping,
    })
}

/// The files (redacted) in fenced blocks, the error log's lines (redacted),
/// then the findings.
fn user_message(set: &ConfigSet, report: &crate::Report, log: Option<&str>) -> String {
    let mut out = String::new();
    for (i, f) in set.files.iter().enumerate() {
        let role = if i == 0 { " (the file to correct)" } else { "" };
        out.push_str(&format!(
            "File {}{role}:\n```nginx\n{}",
            f.path,
            String::from_utf8_lossy(f.tree.source())
        ));
        if !f.tree.source().ends_with(b"\n") {
            out.push('\n');
        }
        out.push_str("```\n\n");
    }
    if let Some(log) = log {
        let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
        let left_out = lines.len().saturating_sub(MAX_LOG_LINES);
        out.push_str("The nginx error log:\n```\n");
        if left_out > 0 {
            out.push_str(&format!("({left_out} earlier lines left out)\n"));
        }
        for line in &lines[left_out..] {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str("```\n\n");
    }
    let lines: Vec<LineIndex> = set
        .files
        .iter()
        .map(|f| LineIndex::new(f.tree.source()))
        .collect();
    let mut problems = Vec::new();
    for d in &report.diagnostics {
        let f = &set.files[d.file];
        let p = lines[d.file].position(f.tree.source(), d.diagnostic.span.start);
        problems.push(format!(
            "- {}:{}: {} {}: {}",
            f.path,
            p.line,
            d.diagnostic.severity.as_str(),
            d.diagnostic.code.as_str(),
            d.diagnostic.message
        ));
    }
    for finding in &report.findings {
        let f = &set.files[finding.file];
        let p = lines[finding.file].position(f.tree.source(), finding.span.start);
        problems.push(format!(
            "- {}:{}: {} {}: {}",
            f.path,
            p.line,
            finding.severity.as_str(),
            finding.rule,
            finding.message
        ));
    }
    if problems.is_empty() {
        out.push_str("The checker found nothing; the problem is elsewhere in this config.\n");
    } else {
        out.push_str("Findings of the checker:\n");
        out.push_str(&problems.join("\n"));
        out.push('\n');
    }
    out
}

/// `scheme://host[:port]` of an http(s) URL; plain http only to this machine.
fn origin_of(url: &str) -> Result<String, AssistError> {
    let bad = || AssistError::BadUrl(url.to_string());
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(bad());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return Err(bad());
    }
    let authority = authority.to_ascii_lowercase();
    // Only what a CSP source expression can hold: a host name, an IPv4
    // address or a bracketed IPv6 address, then an optional port.
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (addr, after) = v6.split_once(']').ok_or_else(bad)?;
            if addr.is_empty() || !addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
                return Err(bad());
            }
            (format!("[{addr}]"), after.strip_prefix(':'))
        }
        None => {
            let (h, p) = match authority.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority.as_str(), None),
            };
            let ok = !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
            if !ok {
                return Err(bad());
            }
            (h.to_string(), p)
        }
    };
    if let Some(p) = port {
        if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
    }
    let local = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
    if scheme == "http" && !local {
        return Err(AssistError::InsecureRemote(host));
    }
    Ok(match port {
        Some(p) => format!("{scheme}://{host}:{p}"),
        None => format!("{scheme}://{host}"),
    })
}

/// What the checks say of an answer.
#[derive(Clone, Debug, Serialize)]
pub struct Verification {
    /// The whole answer, placeholders restored.
    pub answer: String,
    /// The proposed config (restored), when the answer has a fenced block.
    pub proposed: Option<String>,
    /// The file the proposal replaces.
    pub path: String,
    /// Syntax and structure errors in the proposal.
    pub errors: Vec<String>,
    /// Rule ids found in the original and no longer in the proposal.
    pub resolved: Vec<String>,
    /// Rule ids still there.
    pub remaining: Vec<String>,
    /// Rule ids the proposal brings that the original did not have (new
    /// warnings and errors keep it from being verified; infos do not).
    pub introduced: Vec<String>,
    /// Original → proposal.
    pub diff: Option<FileDiff>,
    /// The checks confirm it: it parses, no new warning or error, no error
    /// left, and it resolves something (or there was nothing to resolve).
    pub verified: bool,
    /// Why not, in a sentence, when not verified.
    pub reason: Option<String>,
}

/// The least share of the original (by `similar`'s line ratio) a proposal
/// must keep to be verified.
const MIN_KEPT: f32 = 0.5;

/// Restore, extract, check and diff an answer against the original files.
pub fn verify(set: &ConfigSet, options: &Options, mapping: &Mapping, answer: &str) -> Verification {
    let answer = restore(answer, mapping);
    let root = set.roots.first().copied().unwrap_or(0);
    let path = set
        .files
        .get(root)
        .map(|f| f.path.clone())
        .unwrap_or_default();
    let mut v = Verification {
        answer: answer.clone(),
        proposed: None,
        path: path.clone(),
        errors: Vec::new(),
        resolved: Vec::new(),
        remaining: Vec::new(),
        introduced: Vec::new(),
        diff: None,
        verified: false,
        reason: None,
    };
    let Some(proposed) = fenced_block(&answer) else {
        v.reason = Some("the answer has no fenced code block with a config".into());
        return v;
    };
    let Some(original) = set.files.get(root) else {
        v.reason = Some("there is no original file to compare with".into());
        return v;
    };

    let new_set = set.with_texts([(path.clone(), proposed.as_bytes().to_vec())]);
    let before = analyze(set, options);
    let after = analyze(&new_set, options);

    for d in &after.diagnostics {
        if d.diagnostic.severity == Severity::Error {
            let f = &new_set.files[d.file];
            let p =
                LineIndex::new(f.tree.source()).position(f.tree.source(), d.diagnostic.span.start);
            v.errors.push(format!(
                "{}:{}:{}: {}",
                f.path, p.line, p.column, d.diagnostic.message
            ));
        }
    }
    let count = |r: &crate::Report| {
        let mut m: BTreeMap<&'static str, usize> = BTreeMap::new();
        for f in &r.findings {
            *m.entry(f.rule).or_default() += 1;
        }
        m
    };
    let (b, a) = (count(&before), count(&after));
    for (rule, n) in &b {
        match a.get(rule) {
            None => v.resolved.push(rule.to_string()),
            Some(m) if m < n => {
                v.resolved.push(rule.to_string());
                v.remaining.push(rule.to_string());
            }
            Some(_) => v.remaining.push(rule.to_string()),
        }
    }
    for (rule, n) in &a {
        if b.get(rule).is_none_or(|m| n > m) {
            v.introduced.push(rule.to_string());
        }
    }
    // New infos (advice such as forwarding headers on a new proxy_pass) are
    // listed, not held against the proposal; new warnings and errors are.
    let serious_new: Vec<&str> = after
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning && v.introduced.iter().any(|r| r == f.rule))
        .map(|f| f.rule)
        .collect();
    let errors_left = after.findings.iter().any(|f| f.severity == Severity::Error);
    v.diff = Some(diff(&path, original.tree.source(), proposed.as_bytes()));
    // Deleting a config also makes its findings go away: a proposal that
    // keeps less than half of the original's lines is left to the reader.
    let kept = similar::TextDiff::from_lines(
        String::from_utf8_lossy(original.tree.source()).as_ref(),
        proposed.as_str(),
    )
    .ratio();
    v.reason = if !v.errors.is_empty() {
        Some(format!(
            "the proposal does not pass the checks: {}",
            v.errors[0]
        ))
    } else if let Some(rule) = serious_new.first() {
        Some(format!("the proposal brings new findings: {rule}"))
    } else if errors_left {
        Some(format!("errors remain: {}", v.remaining.join(", ")))
    } else if kept < MIN_KEPT {
        Some(format!(
            "the proposal rewrites most of the config ({:.0}% of it kept): review it by hand",
            kept * 100.0
        ))
    } else if v.resolved.is_empty() && !b.is_empty() {
        Some("the proposal resolves none of the findings".into())
    } else {
        None
    };
    v.verified = v.reason.is_none();
    v.proposed = Some(proposed);
    v
}

/// The first fenced code block marked nginx (or conf), else the first one.
/// An unclosed last block counts (a streamed answer cut short still shows).
pub fn fenced_block(text: &str) -> Option<String> {
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut open: Option<(String, String, String)> = None; // (fence, info, body)
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                let fence: String = trimmed
                    .chars()
                    .take_while(|&c| c == '`' || c == '~')
                    .collect();
                let uniform = fence
                    .chars()
                    .all(|c| c == fence.chars().next().unwrap_or('`'));
                if fence.len() >= 3 && uniform {
                    let info = trimmed[fence.len()..].trim().to_ascii_lowercase();
                    open = Some((fence, info, String::new()));
                }
            }
            Some((fence, info, body)) => {
                let t = trimmed.trim_end();
                if t.starts_with(fence.as_str())
                    && t.chars().all(|c| c == fence.chars().next().unwrap_or('`'))
                {
                    blocks.push((std::mem::take(info), std::mem::take(body)));
                    open = None;
                } else {
                    body.push_str(line);
                }
            }
        }
    }
    if let Some((_, info, body)) = open {
        blocks.push((info, body));
    }
    let pick = blocks
        .iter()
        .position(|(info, _)| {
            let word = info.split_whitespace().next().unwrap_or("");
            matches!(word, "nginx" | "conf" | "nginxconf")
        })
        .unwrap_or(0);
    blocks.into_iter().nth(pick).map(|(_, body)| body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        let ok = [
            ("https://api.openai.com/v1", "https://api.openai.com"),
            (
                "HTTPS://API.Example.COM:8443/x",
                "https://api.example.com:8443",
            ),
            ("http://localhost:11434/v1", "http://localhost:11434"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://[::1]:9/v1", "http://[::1]:9"),
        ];
        for (url, origin) in ok {
            assert_eq!(origin_of(url).as_deref(), Ok(origin), "{url}");
        }
        for bad in [
            "ftp://x",
            "api.openai.com",
            "https://",
            "https://user:pw@host",
            "https://host:80a",
            "https://ho st",
            "https://host\"; script-src *",
            "https://[zz]",
        ] {
            assert!(
                matches!(origin_of(bad), Err(AssistError::BadUrl(_))),
                "{bad}"
            );
        }
        assert_eq!(
            origin_of("http://10.0.0.5:8000/v1"),
            Err(AssistError::InsecureRemote("10.0.0.5".into()))
        );
    }

    #[test]
    fn fenced_blocks() {
        let a = "Here:\n```\nplain\n```\nand\n```nginx\nevents {}\n```\ntail";
        assert_eq!(fenced_block(a).as_deref(), Some("events {}\n"));
        assert_eq!(fenced_block("```\nonly\n```").as_deref(), Some("only\n"));
        assert_eq!(fenced_block("~~~conf\nx;\n").as_deref(), Some("x;\n"));
        assert_eq!(fenced_block("no block at all"), None);
        // A fence inside the block does not close it unless it is alone.
        assert_eq!(
            fenced_block("````nginx\na ```b``` c;\n````\n").as_deref(),
            Some("a ```b``` c;\n")
        );
    }
}
