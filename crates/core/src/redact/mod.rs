//! Redaction: find IP addresses, host names, e-mail addresses and secrets in
//! configs (and in YAML, `.env`, JSON or Terraform pasted beside them), and
//! replace them with placeholders that keep the config valid and the problem
//! intact, before anything is shown for sharing or sent to an LLM.
//!
//! The pipeline, per [`redact`] call:
//! 1. **detect**: every file is scanned by the text detectors ([`ip`],
//!    [`host`], [`secret`]), and nginx files also by [`nginx`], which knows
//!    what each directive's arguments mean (a `server_name` is a host even
//!    without a known top-level domain; a header value is a secret when the
//!    header is `Authorization`). Each detector yields [`Candidate`]s;
//!    overlaps are settled by priority, then length.
//! 2. **spread**: host names and secrets found in one place are also found
//!    wherever else they occur (a host name inside a certificate path, a token
//!    repeated in a comment), in every file.
//! 3. **allocate**: [`placeholder::Allocator`] gives every distinct value its
//!    placeholder, in order of first appearance, keeping structure (a /24
//!    stays a /24, sibling host names stay siblings) and never producing a
//!    string the input already contains.
//! 4. **splice**: the files are rewritten and the [`Mapping`] returned, with
//!    which [`restore`] puts the originals back into any text.
//!
//! Everything already in placeholder form (documentation addresses, names
//! under `.example`, `REDACTED_*` tokens) is kept, so redacting twice changes
//! nothing.

mod decode;
mod host;
mod ip;
mod nginx;
mod placeholder;
mod restore;
mod secret;
mod trie;

use std::collections::BTreeMap;

use crate::hash::FastSet;

use serde::{Deserialize, Serialize};

use crate::span::{LineIndex, Span};
use trie::Trie;

pub use decode::{decode_input, DecodeError};
pub use restore::{restore, restore_bytes, restore_checked, RestoreWarning, Restored};

/// What a redacted value is, as the user toggles it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// IPv4 and IPv6 addresses and networks.
    Ip,
    /// Host and domain names.
    Hostname,
    /// E-mail addresses.
    Email,
    /// Passwords, tokens, keys, credentials, private keys and certificates.
    Secret,
    /// The user's own terms (a company or product name).
    Term,
    /// File system paths (off by default).
    Path,
    /// Port numbers (off by default).
    Port,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Ip,
        Category::Hostname,
        Category::Email,
        Category::Secret,
        Category::Term,
        Category::Path,
        Category::Port,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Ip => "ip",
            Category::Hostname => "hostname",
            Category::Email => "email",
            Category::Secret => "secret",
            Category::Term => "term",
            Category::Path => "path",
            Category::Port => "port",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// What the user asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RedactOptions {
    /// The categories to redact. Default: all but paths and ports.
    pub categories: Vec<Category>,
    /// Extra terms to redact wherever they occur, case-insensitively.
    pub terms: Vec<String>,
    /// Values never to redact: exact values, or `.suffix` / `*.suffix` for a
    /// domain and everything under it. Added to the built-in allowlist.
    pub allow: Vec<String>,
}

impl Default for RedactOptions {
    fn default() -> RedactOptions {
        RedactOptions {
            categories: vec![
                Category::Ip,
                Category::Hostname,
                Category::Email,
                Category::Secret,
                Category::Term,
            ],
            terms: Vec::new(),
            allow: Vec::new(),
        }
    }
}

impl RedactOptions {
    pub fn enabled(&self, category: Category) -> bool {
        self.categories.contains(&category)
    }
}

/// One file to redact.
#[derive(Clone, Debug)]
pub struct Input<'a> {
    pub path: &'a str,
    pub text: &'a [u8],
}

/// The outcome: redacted files, the mapping back, and what was done where.
#[derive(Clone, Debug, Serialize)]
pub struct Redaction {
    pub files: Vec<RedactedFile>,
    pub mapping: Mapping,
    pub report: Report,
}

#[derive(Clone, Debug, Serialize)]
pub struct RedactedFile {
    pub path: String,
    #[serde(serialize_with = "crate::report::lossy")]
    pub text: Vec<u8>,
}

/// Placeholder → original, for every value replaced. It is what makes
/// redaction reversible, so it stays with the user: the page keeps it in
/// memory and exports it only when asked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub entries: Vec<MapEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapEntry {
    pub placeholder: String,
    pub original: String,
    pub category: Category,
}

/// Counts per category and every replacement, for the page's highlights.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub counts: BTreeMap<Category, usize>,
    pub items: Vec<Item>,
}

/// One replacement.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub file: usize,
    pub category: Category,
    /// Finer than the category: `ipv4`, `hostname`, `bearer`, `aws-access-key`...
    pub kind: String,
    /// Where the original was, in the input file.
    pub span: Span,
    /// 1-based line and column of `span.start`.
    pub line: usize,
    pub column: usize,
    /// Where the placeholder is, in the redacted file.
    pub redacted_span: Span,
    pub original: String,
    pub placeholder: String,
}

/// How a found value is to be replaced: the placeholder's shape.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Kind {
    /// An IPv4 address; `prefix` when written as a CIDR network.
    Ipv4 {
        prefix: Option<u8>,
    },
    Ipv6 {
        prefix: Option<u8>,
    },
    /// A host name; `escaped` when its dots are written `\.` (a regex).
    Host {
        escaped: bool,
    },
    Email,
    /// A secret of the named kind (`BEARER`, `PASSWORD`, `AWS_ACCESS_KEY`...).
    Secret(&'static str),
    /// A PEM body: a multi-line secret whose line count is kept.
    Pem(&'static str),
    Term,
    PathPart,
    Port,
}

impl Kind {
    pub(crate) fn category(self) -> Category {
        match self {
            Kind::Ipv4 { .. } | Kind::Ipv6 { .. } => Category::Ip,
            Kind::Host { .. } => Category::Hostname,
            Kind::Email => Category::Email,
            Kind::Secret(_) | Kind::Pem(_) => Category::Secret,
            Kind::Term => Category::Term,
            Kind::PathPart => Category::Path,
            Kind::Port => Category::Port,
        }
    }

    fn label(self) -> String {
        match self {
            Kind::Ipv4 { .. } => "ipv4".into(),
            Kind::Ipv6 { .. } => "ipv6".into(),
            Kind::Host { .. } => "hostname".into(),
            Kind::Email => "email".into(),
            Kind::Secret(k) | Kind::Pem(k) => k.to_ascii_lowercase().replace('_', "-"),
            Kind::Term => "term".into(),
            Kind::PathPart => "path".into(),
            Kind::Port => "port".into(),
        }
    }
}

/// A value a detector found: `start..end` in one file.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Candidate {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Who wins an overlap: a known key format beats a keyword guess, which
    /// beats a host name seen by its top-level domain.
    pub priority: u8,
}

/// Priorities, highest wins.
pub(crate) mod priority {
    pub const PEM: u8 = 90;
    pub const FORMAT: u8 = 80;
    pub const CONTEXT: u8 = 70;
    pub const URL: u8 = 60;
    pub const KEYWORD: u8 = 50;
    pub const EMAIL: u8 = 45;
    pub const IP: u8 = 40;
    pub const HOST: u8 = 30;
    pub const TERM: u8 = 20;
    pub const SPREAD: u8 = 10;
    pub const PATH: u8 = 5;
}

/// What the detectors share: the options and the allowlist, resolved once.
pub(crate) struct Policy<'a> {
    pub options: &'a RedactOptions,
    allow_exact: FastSet<String>,
    allow_suffix: Vec<String>,
    /// The `upstream` names of the nginx files (lowercase): `proxy_pass
    /// http://backend` names one of these, not a host.
    upstreams: FastSet<String>,
}

impl<'a> Policy<'a> {
    fn new(options: &'a RedactOptions) -> Policy<'a> {
        let mut allow_exact = FastSet::default();
        let mut allow_suffix = Vec::new();
        for a in &options.allow {
            let a = a.trim().to_ascii_lowercase();
            if let Some(rest) = a.strip_prefix("*.").or_else(|| a.strip_prefix('.')) {
                allow_suffix.push(format!(".{rest}"));
                allow_exact.insert(rest.to_string());
            } else if !a.is_empty() {
                allow_exact.insert(a);
            }
        }
        Policy {
            options,
            allow_exact,
            allow_suffix,
            upstreams: FastSet::default(),
        }
    }

    /// Whether a name is an `upstream` block of the files redacted.
    pub fn is_upstream(&self, name: &str) -> bool {
        self.upstreams.contains(name)
    }

    /// Whether the user allowlisted this value.
    pub fn allowed(&self, value: &str) -> bool {
        if self.allow_exact.is_empty() && self.allow_suffix.is_empty() {
            return false;
        }
        let v = value.to_ascii_lowercase();
        self.allow_exact.contains(&v) || self.allow_suffix.iter().any(|s| v.ends_with(s.as_str()))
    }
}

/// Whether a host name is kept as written under these options: public
/// names that identify nobody (`nginx.org`, `k8s.io` and their subdomains),
/// reserved names (`.example`, `.test`, `localhost`) and the user's
/// allowlist. Callers that plant or expect host names (the property tests)
/// ask here instead of copying the list.
pub fn keeps_host(host: &str, options: &RedactOptions) -> bool {
    host::is_kept(host, &Policy::new(options))
}

/// Redact every file of a loaded set (what the page and the LLM assist send).
pub fn redact_set(set: &crate::input::ConfigSet, options: &RedactOptions) -> Redaction {
    redact_set_with(set, &[], options)
}

/// [`redact_set`], and in the same run the texts of `extra` (an error log
/// pasted beside the config): a value gets the same placeholder wherever it
/// occurs, so `10.0.2.10` in an upstream and in a log line stay one value.
/// The result's files are the set's, then `extra`'s, in order.
pub fn redact_set_with(
    set: &crate::input::ConfigSet,
    extra: &[Input<'_>],
    options: &RedactOptions,
) -> Redaction {
    let inputs: Vec<Input<'_>> = set
        .files
        .iter()
        .map(|f| Input {
            path: &f.path,
            text: f.tree.source(),
        })
        .chain(extra.iter().cloned())
        .collect();
    redact(&inputs, options)
}

/// Redact a set of files. Never fails: text that is not nginx is scanned as
/// plain text, bytes that are not UTF-8 are left alone.
pub fn redact(files: &[Input<'_>], options: &RedactOptions) -> Redaction {
    let mut policy = Policy::new(options);
    for f in files {
        if nginx::is_nginx_path(f.path) {
            nginx::upstream_names(f.text, &mut policy.upstreams);
        } else {
            for (s, e) in nginx::embedded_blocks(f.text) {
                nginx::upstream_names(&f.text[s..e], &mut policy.upstreams);
            }
        }
    }

    // 1. Detect.
    let mut found: Vec<Vec<Candidate>> = files
        .iter()
        .map(|f| {
            let mut out = Vec::new();
            if nginx::is_nginx_path(f.path) {
                nginx::detect(f.text, &policy, &mut out);
            } else {
                // nginx inside YAML (a ConfigMap, an ingress snippet): read
                // with the same directive-aware eyes as a `.conf`.
                for (s, e) in nginx::embedded_blocks(f.text) {
                    let mut inner = Vec::new();
                    nginx::detect(&f.text[s..e], &policy, &mut inner);
                    out.extend(inner.into_iter().map(|c| Candidate {
                        start: c.start + s,
                        end: c.end + s,
                        ..c
                    }));
                }
            }
            ip::detect(f.text, &policy, &mut out);
            host::detect(f.text, &policy, &mut out);
            secret::detect(f.text, &mut out);
            detect_terms(f.text, &policy, &mut out);
            out.retain(|c| options.enabled(c.kind.category()) && c.start < c.end);
            settle(out, f.text)
        })
        .collect();

    // 2. Spread: a host name, address or secret found anywhere is redacted
    //    everywhere (a detector may miss it where its context is odd).
    let mut known_hosts: Vec<String> = Vec::new();
    let mut known_secrets: Vec<(Vec<u8>, Kind)> = Vec::new();
    let mut seen_values: FastSet<Vec<u8>> = FastSet::default();
    for (f, cands) in files.iter().zip(&found) {
        for c in cands {
            let value = &f.text[c.start..c.end];
            match c.kind {
                Kind::Host { escaped: false } => {
                    let lower = value.to_ascii_lowercase();
                    if seen_values.insert(lower.clone()) {
                        known_hosts.push(String::from_utf8_lossy(&lower).into_owned());
                    }
                }
                Kind::Ipv4 { .. } | Kind::Ipv6 { .. } if seen_values.insert(value.to_vec()) => {
                    known_secrets.push((value.to_vec(), c.kind));
                }
                Kind::Secret(_) if value.len() >= 8 && seen_values.insert(value.to_vec()) => {
                    known_secrets.push((value.to_vec(), c.kind));
                }
                _ => {}
            }
        }
    }
    if !known_hosts.is_empty() || !known_secrets.is_empty() {
        let hosts = Trie::new(
            known_hosts
                .iter()
                .enumerate()
                .map(|(k, h)| (h.as_bytes(), k)),
            true,
        );
        let secrets = Trie::new(
            known_secrets
                .iter()
                .enumerate()
                .map(|(k, (s, _))| (&s[..], k)),
            false,
        );
        for (f, cands) in files.iter().zip(found.iter_mut()) {
            let mut extra = Vec::new();
            host::spread(f.text, &hosts, &mut extra);
            secret::spread(f.text, &secrets, &known_secrets, &mut extra);
            if !extra.is_empty() {
                extra.append(cands);
                *cands = settle(extra, f.text);
            }
        }
    }

    // 3. Allocate placeholders, in order of appearance across files.
    let texts: Vec<&[u8]> = files.iter().map(|f| f.text).collect();
    let mut alloc = placeholder::Allocator::new(&texts);
    let mut mapping = Mapping::default();
    let mut seen: FastSet<(String, String)> = FastSet::default();
    let mut report = Report::default();
    let mut out_files = Vec::with_capacity(files.len());

    // 4. Splice.
    for (fi, (f, cands)) in files.iter().zip(&found).enumerate() {
        let mut text = Vec::with_capacity(f.text.len());
        let mut pos = 0;
        let mut lines: Option<LineIndex> = None;
        for c in cands {
            let original = match std::str::from_utf8(&f.text[c.start..c.end]) {
                Ok(s) => s,
                Err(_) => continue,
            };
            let placeholder = alloc.placeholder(c.kind, original);
            // A placeholder glued to a word could not be found again by
            // `restore`: leave such a value (detectors avoid it; this is the
            // guarantee that redaction stays reversible).
            if !restore::bounded(f.text, c.start, c.end, placeholder.as_bytes()) {
                continue;
            }
            text.extend_from_slice(&f.text[pos..c.start]);
            let redacted_start = text.len();
            text.extend_from_slice(placeholder.as_bytes());
            pos = c.end;
            let category = c.kind.category();
            if seen.insert((placeholder.clone(), original.to_string())) {
                mapping.entries.push(MapEntry {
                    placeholder: placeholder.clone(),
                    original: original.to_string(),
                    category,
                });
            }
            *report.counts.entry(category).or_default() += 1;
            let li = lines.get_or_insert_with(|| LineIndex::new(f.text));
            let p = li.position(f.text, c.start);
            report.items.push(Item {
                file: fi,
                category,
                kind: c.kind.label(),
                span: Span::new(c.start, c.end),
                line: p.line,
                column: p.column,
                redacted_span: Span::new(redacted_start, text.len()),
                original: original.to_string(),
                placeholder,
            });
        }
        text.extend_from_slice(&f.text[pos..]);
        out_files.push(RedactedFile {
            path: f.path.to_string(),
            text,
        });
    }
    Redaction {
        files: out_files,
        mapping,
        report,
    }
}

/// Keep the best of overlapping candidates: higher priority, then longer,
/// then earlier. Returns them sorted by position.
fn settle(mut cands: Vec<Candidate>, text: &[u8]) -> Vec<Candidate> {
    cands.retain(|c| c.end <= text.len() && std::str::from_utf8(&text[c.start..c.end]).is_ok());
    cands.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    // Accepted intervals by start; overlaps are checked against neighbours.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept = Vec::with_capacity(cands.len());
    for c in cands {
        let before = taken.range(..c.end).next_back();
        if let Some((_, &end)) = before {
            if end > c.start {
                continue;
            }
        }
        taken.insert(c.start, c.end);
        kept.push(c);
    }
    kept.sort_by_key(|c| c.start);
    kept
}

/// The user's own terms, case-insensitively, anywhere (also inside words).
fn detect_terms(text: &[u8], policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    for term in &policy.options.terms {
        let needle = term.trim().as_bytes().to_ascii_lowercase();
        if needle.is_empty() {
            continue;
        }
        let mut i = 0;
        while i + needle.len() <= text.len() {
            if text[i..i + needle.len()].eq_ignore_ascii_case(&needle) {
                out.push(Candidate {
                    start: i,
                    end: i + needle.len(),
                    kind: Kind::Term,
                    priority: priority::TERM,
                });
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
}

/// Bytes that continue a word: a value next to one of these is part of
/// something longer. A table: every detector asks this of most bytes.
/// (Forced inline, as the small helpers of the scans: the page's build
/// optimizes for size and would otherwise call it for every byte.)
#[inline(always)]
pub(crate) fn is_word(b: u8) -> bool {
    WORD[b as usize]
}

/// The next position after `i` where a word may start: past the whole word
/// when `i` starts one, else the next byte. Scans that look only at word
/// starts step with this.
#[inline(always)]
pub(crate) fn past_word(text: &[u8], i: usize) -> usize {
    if is_word(text[i]) {
        i + 1 + text[i + 1..].iter().take_while(|&&b| is_word(b)).count()
    } else {
        i + 1
    }
}

const WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};
