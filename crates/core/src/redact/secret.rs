//! Secrets: PEM blocks, JWTs, keys by their published formats, `Bearer` and
//! `Basic` credentials, and values assigned to names that say "secret"
//! (`password: ...`, `DB_PASSWORD=...`, `"api_key": "..."`, `?token=...`).
//!
//! A name like `password` or `api_key` marks any value; a weaker name (`key`,
//! `auth`, `sig`) marks only a value that looks random, so that
//! `key: app` in a Kubernetes selector stays.

use super::host::find;
use super::trie::Trie;
use super::{is_word, past_word, priority, Candidate, Kind};

pub(crate) fn detect(text: &[u8], out: &mut Vec<Candidate>) {
    detect_pem(text, out);
    detect_formats(text, out);
    detect_schemes(text, out);
    detect_assignments(text, out);
    detect_htpasswd(text, out);
    detect_lua_calls(text, out);
}

/// The hash schemes htpasswd writes: Apache MD5, bcrypt, crypt's MD5 and
/// SHA-2, and the LDAP-style SHA-1 ones.
const HASH_PREFIXES: [&[u8]; 9] = [
    b"$apr1$", b"$2y$", b"$2a$", b"$2b$", b"$1$", b"$5$", b"$6$", b"{SHA}", b"{SSHA}",
];

/// `user:$apr1$salt$hash` (an htpasswd line, pasted or in a heredoc): the
/// hash can be cracked offline and the user names a person, so both go.
fn detect_htpasswd(text: &[u8], out: &mut Vec<Candidate>) {
    let mut from = 0;
    while let Some(p) = text[from..].iter().position(|&c| c == b':') {
        let colon = from + p;
        from = colon + 1;
        let rest = &text[colon + 1..];
        let Some(prefix) = HASH_PREFIXES.iter().find(|h| rest.starts_with(h)) else {
            continue;
        };
        let hs = colon + 1;
        let he = hs
            + prefix.len()
            + rest[prefix.len()..]
                .iter()
                .take_while(|&&c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'/' | b'$' | b'+' | b'=')
                })
                .count();
        if he - hs < prefix.len() + 8 {
            continue;
        }
        let mut us = colon;
        while us > 0
            && (text[us - 1].is_ascii_alphanumeric()
                || matches!(text[us - 1], b'_' | b'.' | b'-' | b'@'))
        {
            us -= 1;
        }
        let at_line_start = us == 0 || matches!(text[us - 1], b'\n' | b' ' | b'\t' | b'"' | b'\'');
        if us == colon || !at_line_start {
            continue;
        }
        for (s, e, kind) in [(us, colon, "USER"), (hs, he, "PASSWORD_HASH")] {
            out.push(Candidate {
                start: s,
                end: e,
                kind: Kind::Secret(kind),
                priority: priority::FORMAT,
            });
        }
        from = he;
    }
}

/// Lua calls whose string arguments are credentials: `red:auth("...")`,
/// `ngx.req.set_header("X-Api-Key", "...")`, `hmac("secret", ...)`: the
/// function (or the header it sets) says what the string is.
fn detect_lua_calls(text: &[u8], out: &mut Vec<Candidate>) {
    let mut from = 0;
    while let Some(p) = text[from..].iter().position(|&c| c == b'(') {
        let paren = from + p;
        from = paren + 1;
        let mut ns = paren;
        while ns > 0 && (text[ns - 1].is_ascii_alphanumeric() || text[ns - 1] == b'_') {
            ns -= 1;
        }
        // A method or module function: `red:auth(`, `ngx.req.set_header(`.
        if ns == paren || ns == 0 || !matches!(text[ns - 1], b':' | b'.') {
            continue;
        }
        let func = text[ns..paren].to_ascii_lowercase();
        let args = lua_strings(text, paren + 1);
        let secret_arg = match &func[..] {
            b"auth" | b"set_password" | b"login" => args.first().copied(),
            b"set_header" | b"add_header" => match args.as_slice() {
                [(ns, ne), v, ..] => {
                    let name = String::from_utf8_lossy(&text[*ns..*ne]).into_owned();
                    let (strength, _) = name_strength(&name);
                    let auth = name.eq_ignore_ascii_case("authorization")
                        || name.eq_ignore_ascii_case("proxy-authorization")
                        || name.eq_ignore_ascii_case("cookie");
                    let value = &text[v.0..v.1];
                    (auth
                        || strength == Strength::Strong
                        || (strength == Strength::Weak && looks_random(value)))
                    .then_some(*v)
                }
                _ => None,
            },
            _ if func.starts_with(b"hmac") => args.first().copied(),
            _ => None,
        };
        if let Some((s, e)) = secret_arg {
            let mut s = s;
            for scheme in [&b"Bearer "[..], b"Basic "] {
                if text[s..e].starts_with(scheme) {
                    s += scheme.len();
                }
            }
            if e > s && !is_inert_value(&text[s..e]) {
                out.push(Candidate {
                    start: s,
                    end: e,
                    kind: Kind::Secret(if func == b"set_header" || func == b"add_header" {
                        "TOKEN"
                    } else {
                        "PASSWORD"
                    }),
                    priority: priority::KEYWORD + 2,
                });
            }
        }
    }
}

/// The contents of the leading string literal arguments of a call whose
/// arguments start at `i`: `"a", 'b', x` gives two (stops at the first
/// argument that is not a plain string).
fn lua_strings(text: &[u8], mut i: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    loop {
        while i < text.len() && matches!(text[i], b' ' | b'\t') {
            i += 1;
        }
        let Some(&q @ (b'"' | b'\'')) = text.get(i) else {
            return out;
        };
        let Some(len) = text[i + 1..]
            .iter()
            .position(|&c| c == q || c == b'\n' || c == b'\\')
        else {
            return out;
        };
        if text[i + 1 + len] != q {
            return out;
        }
        out.push((i + 1, i + 1 + len));
        i += len + 2;
        while i < text.len() && matches!(text[i], b' ' | b'\t') {
            i += 1;
        }
        if text.get(i) != Some(&b',') || out.len() >= 3 {
            return out;
        }
        i += 1;
    }
}

/// `-----BEGIN X-----` ... `-----END X-----`: the body, line breaks kept.
fn detect_pem(text: &[u8], out: &mut Vec<Candidate>) {
    const BEGIN: &[u8] = b"-----BEGIN ";
    let mut from = 0;
    while let Some(p) = find(&text[from..], BEGIN) {
        let begin = from + p;
        from = begin + BEGIN.len();
        let Some(q) = find(&text[from..(from + 80).min(text.len())], b"-----") else {
            continue;
        };
        let label = &text[from..from + q];
        let body_start = from + q + 5;
        let Some(r) = find(&text[body_start..], b"-----END ") else {
            continue;
        };
        let body_end = body_start + r;
        // `BEGIN ... BEGIN ... END`: the END closes the last BEGIN. Pairing it
        // with the first would hide the inner body until a second pass.
        if let Some(inner) = text[body_start..body_end]
            .windows(BEGIN.len())
            .rposition(|w| w == BEGIN)
        {
            from = body_start + inner;
            continue;
        }
        let kind = if find(label, b"PRIVATE KEY").is_some() {
            "PRIVATE_KEY"
        } else if find(label, b"CERTIFICATE").is_some() {
            "CERTIFICATE"
        } else {
            "PEM"
        };
        // Leading and trailing line breaks (real or `\n`) stay outside.
        let (s, e) = trim_breaks(text, body_start, body_end);
        // A body is base64: something else between the markers is not a key.
        let body = &text[s..e];
        let base64ish = body.iter().filter(|c| c.is_ascii_alphanumeric()).count() >= 16
            && body.iter().all(|&c| {
                b64(c)
                    || c.is_ascii_whitespace()
                    || c == b'\\'
                    || c == b'"'
                    || c == b'_'
                    || c == b'-'
            });
        // A body holding a placeholder was redacted already (a first pass
        // may have put `REDACTED_BEARER_1` where a short token stood).
        if s < e
            && base64ish
            && find(body, b"REDACTED_").is_none()
            && find(&body.to_ascii_lowercase(), b"example-host").is_none()
        {
            out.push(Candidate {
                start: s,
                end: e,
                kind: Kind::Pem(kind),
                priority: priority::PEM,
            });
        }
        from = body_end + 9;
    }
}

fn trim_breaks(text: &[u8], mut s: usize, mut e: usize) -> (usize, usize) {
    loop {
        if s < e && matches!(text[s], b'\n' | b'\r' | b' ' | b'\t') {
            s += 1;
        } else if s + 1 < e && text[s] == b'\\' && text[s + 1] == b'n' {
            s += 2;
        } else {
            break;
        }
    }
    loop {
        if e > s && matches!(text[e - 1], b'\n' | b'\r' | b' ' | b'\t' | b'"') {
            e -= 1;
        } else if e >= s + 2 && text[e - 2] == b'\\' && text[e - 1] == b'n' {
            e -= 2;
        } else {
            break;
        }
    }
    (s, e)
}

/// A key format: prefix, kind, body characters, minimum body length.
struct Format {
    prefix: &'static [u8],
    kind: &'static str,
    body: fn(u8) -> bool,
    min: usize,
    max: usize,
    /// Only the part after the prefix is the secret (`AccountKey=...`).
    value_only: bool,
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}
fn upper_digit(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}
fn url_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}
fn alnum_us(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}
fn alnum_dash(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}
fn b64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}
fn dotted(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

const fn f(
    prefix: &'static [u8],
    kind: &'static str,
    body: fn(u8) -> bool,
    min: usize,
    max: usize,
) -> Format {
    Format {
        prefix,
        kind,
        body,
        min,
        max,
        value_only: false,
    }
}

/// Published formats (the vendors' documentation and secret-scanning
/// programmes). Longer prefixes first where one prefix extends another.
const FORMATS: &[Format] = &[
    f(b"AKIA", "AWS_ACCESS_KEY", upper_digit, 16, 16),
    f(b"ASIA", "AWS_ACCESS_KEY", upper_digit, 16, 16),
    f(b"ABIA", "AWS_ACCESS_KEY", upper_digit, 16, 16),
    f(b"ACCA", "AWS_ACCESS_KEY", upper_digit, 16, 16),
    f(b"AIza", "GCP_API_KEY", url_safe, 35, 35),
    f(b"ya29.", "GCP_OAUTH_TOKEN", dotted, 20, 2048),
    f(b"github_pat_", "GITHUB_TOKEN", alnum_us, 40, 255),
    f(b"ghp_", "GITHUB_TOKEN", alnum, 30, 255),
    f(b"gho_", "GITHUB_TOKEN", alnum, 30, 255),
    f(b"ghu_", "GITHUB_TOKEN", alnum, 30, 255),
    f(b"ghs_", "GITHUB_TOKEN", alnum, 30, 255),
    f(b"ghr_", "GITHUB_TOKEN", alnum, 30, 255),
    f(b"glpat-", "GITLAB_TOKEN", url_safe, 20, 255),
    f(b"gldt-", "GITLAB_TOKEN", url_safe, 20, 255),
    f(b"glrt-", "GITLAB_TOKEN", url_safe, 20, 255),
    f(b"glptt-", "GITLAB_TOKEN", url_safe, 20, 255),
    f(b"xoxb-", "SLACK_TOKEN", alnum_dash, 10, 255),
    f(b"xoxp-", "SLACK_TOKEN", alnum_dash, 10, 255),
    f(b"xoxa-", "SLACK_TOKEN", alnum_dash, 10, 255),
    f(b"xoxr-", "SLACK_TOKEN", alnum_dash, 10, 255),
    f(b"xoxs-", "SLACK_TOKEN", alnum_dash, 10, 255),
    f(b"xapp-", "SLACK_TOKEN", alnum_dash, 10, 255),
    f(b"sk_live_", "STRIPE_KEY", alnum, 16, 255),
    f(b"sk_test_", "STRIPE_KEY", alnum, 16, 255),
    f(b"rk_live_", "STRIPE_KEY", alnum, 16, 255),
    f(b"rk_test_", "STRIPE_KEY", alnum, 16, 255),
    f(b"whsec_", "STRIPE_KEY", alnum, 16, 255),
    f(b"sk-ant-", "ANTHROPIC_KEY", url_safe, 20, 255),
    f(b"sk-", "OPENAI_KEY", url_safe, 20, 255),
    f(b"npm_", "NPM_TOKEN", alnum, 36, 36),
    f(b"pypi-", "PYPI_TOKEN", url_safe, 50, 255),
    f(b"SG.", "SENDGRID_KEY", dotted, 40, 255),
    f(b"hf_", "HUGGINGFACE_TOKEN", alnum, 30, 255),
    f(b"dop_v1_", "DIGITALOCEAN_TOKEN", alnum, 64, 64),
    f(b"shpat_", "SHOPIFY_TOKEN", alnum, 32, 32),
    Format {
        prefix: b"AccountKey=",
        kind: "AZURE_KEY",
        body: b64,
        min: 40,
        max: 255,
        value_only: true,
    },
    Format {
        prefix: b"SharedAccessKey=",
        kind: "AZURE_KEY",
        body: b64,
        min: 30,
        max: 255,
        value_only: true,
    },
];

/// For each byte, the formats whose prefix starts with it, as a bit set of
/// indices into [`FORMATS`] (in table order, so longer prefixes still win),
/// and bit 63 for `e` (a JWT's `eyJ`). Built at compile time: the scan below
/// looks at every word start of every input.
const FIRST: [u64; 256] = {
    assert!(FORMATS.len() < 63);
    let mut t = [0u64; 256];
    let mut k = 0;
    while k < FORMATS.len() {
        t[FORMATS[k].prefix[0] as usize] |= 1 << k;
        k += 1;
    }
    t[b'e' as usize] |= 1 << 63;
    t
};

fn detect_formats(text: &[u8], out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < text.len() {
        // Here `i` starts a word or is not in one; no key starts inside a word.
        let set = FIRST[text[i] as usize];
        if set == 0 {
            i = past_word(text, i);
            continue;
        }
        if set & (1 << 63) != 0 {
            if let Some(end) = jwt_at(text, i) {
                out.push(Candidate {
                    start: i,
                    end,
                    kind: Kind::Secret("JWT"),
                    priority: priority::FORMAT,
                });
                i = end;
                continue;
            }
        }
        let mut matched = None;
        let mut bits = set & !(1 << 63);
        while bits != 0 {
            let fmt = &FORMATS[bits.trailing_zeros() as usize];
            bits &= bits - 1;
            // Every prefix is at least 3 bytes: test the second before a compare.
            if text.get(i + 1) != Some(&fmt.prefix[1]) || !text[i..].starts_with(fmt.prefix) {
                continue;
            }
            let body_start = i + fmt.prefix.len();
            let n = text[body_start..]
                .iter()
                .take(fmt.max + 1)
                .take_while(|&&c| (fmt.body)(c))
                .count();
            let after = text.get(body_start + n).copied().unwrap_or(b' ');
            if n >= fmt.min && n <= fmt.max && !is_word(after) {
                let start = if fmt.value_only { body_start } else { i };
                matched = Some((start, body_start + n, fmt.kind));
                break;
            }
        }
        match matched {
            Some((start, end, kind)) => {
                out.push(Candidate {
                    start,
                    end,
                    kind: Kind::Secret(kind),
                    priority: priority::FORMAT,
                });
                i = end;
            }
            None => i = past_word(text, i),
        }
    }
}

/// `eyJ<header>.eyJ<payload>.<signature>`: a JSON Web Token.
fn jwt_at(text: &[u8], i: usize) -> Option<usize> {
    let part = |from: usize| text[from..].iter().take_while(|&&c| url_safe(c)).count();
    if !text[i..].starts_with(b"eyJ") {
        return None;
    }
    let h = part(i);
    if h < 10 || text.get(i + h) != Some(&b'.') || !text[i + h + 1..].starts_with(b"eyJ") {
        return None;
    }
    let p = part(i + h + 1);
    if p < 10 || text.get(i + h + 1 + p) != Some(&b'.') {
        return None;
    }
    let s = part(i + h + 2 + p);
    Some(i + h + 2 + p + s)
}

/// `Bearer <token>` and `Basic <base64>`, wherever they are written.
fn detect_schemes(text: &[u8], out: &mut Vec<Candidate>) {
    let mut i = 0;
    while let Some(p) = text[i..].iter().position(|&c| c == b'B' || c == b'b') {
        let s = i + p;
        i = s + 1;
        if s > 0 && is_word(text[s - 1]) {
            continue;
        }
        let rest = &text[s..];
        let (v, kind) = if rest.len() > 7 && rest[..7].eq_ignore_ascii_case(b"bearer ") {
            (s + 7, "BEARER")
        } else if rest.len() > 6 && rest[..6].eq_ignore_ascii_case(b"basic ") {
            (s + 6, "BASIC")
        } else {
            continue;
        };
        let n = text[v..]
            .iter()
            .take_while(|&&c| {
                c.is_ascii_alphanumeric()
                    || matches!(c, b'.' | b'_' | b'~' | b'+' | b'/' | b'=' | b'-')
            })
            .count();
        let value = &text[v..v + n];
        let ok = match kind {
            "BASIC" => n >= 8 && basic_credentials(value),
            _ => n >= 8 && value.iter().any(u8::is_ascii_digit),
        };
        // A value running into `$` is a variable's start; into `:`, the
        // start of an address (`Bearer api/2001:db8::1`), not a token.
        if ok
            && !is_inert_value(value)
            && text[v + n..]
                .first()
                .is_none_or(|&c| c != b'$' && c != b':')
        {
            out.push(Candidate {
                start: v,
                end: v + n,
                kind: Kind::Secret(kind),
                priority: priority::KEYWORD + 5,
            });
        }
    }
}

/// Whether `value` is base64 of `user:password`, what `Basic` carries
/// (and what `Basic Authentication` in a realm string is not).
fn basic_credentials(value: &[u8]) -> bool {
    let digit = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    };
    let body = value
        .strip_suffix(b"==")
        .or_else(|| value.strip_suffix(b"="))
        .unwrap_or(value);
    let mut decoded = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for &c in body {
        let Some(d) = digit(c) else { return false };
        acc = (acc << 6) | d;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            decoded.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    let colon = decoded.iter().position(|&b| b == b':');
    colon.is_some_and(|p| p > 0) && decoded.iter().all(|&b| (0x20..0x7f).contains(&b))
}

/// How strongly a name says its value is secret.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Strength {
    None,
    /// `key`, `auth`, `sig`: only a random-looking value is a secret.
    Weak,
    /// `password`, `token`, `secret`, `api_key`: any value is.
    Strong,
}

/// The last two words of a name (`DB_PASSWORD`, `apiKey`, `x-auth-token`),
/// as byte ranges: words break at non-alphanumerics and at a lower-to-upper
/// case change. Called for every `=` and `:` in the input, so it allocates
/// nothing.
fn last_two_words(name: &[u8]) -> (Option<Range>, Option<Range>) {
    let (mut prev, mut last) = (None, None);
    let mut start = None;
    let mut prev_lower = false;
    for (i, &c) in name.iter().enumerate() {
        let alnum = c.is_ascii_alphanumeric();
        let breaks = !alnum || (c.is_ascii_uppercase() && prev_lower);
        if breaks {
            if let Some(s) = start.take() {
                prev = last;
                last = Some((s, i));
            }
        }
        if alnum && start.is_none() {
            start = Some(i);
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    if let Some(s) = start {
        prev = last;
        last = Some((s, name.len()));
    }
    (prev, last)
}

/// `start..end` in a name.
type Range = (usize, usize);

/// `word` lowercased into `buf`; `""` when longer than any keyword.
fn lower_word<'b>(name: &[u8], range: Option<Range>, buf: &'b mut [u8; 16]) -> &'b str {
    let Some((s, e)) = range else { return "" };
    if e - s > buf.len() {
        return "";
    }
    for (d, c) in buf.iter_mut().zip(&name[s..e]) {
        *d = c.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..e - s]).unwrap_or("")
}

pub(crate) fn name_strength(name: &str) -> (Strength, &'static str) {
    let (p, l) = last_two_words(name.as_bytes());
    let (mut lb, mut pb) = ([0u8; 16], [0u8; 16]);
    let last = lower_word(name.as_bytes(), l, &mut lb);
    let prev = lower_word(name.as_bytes(), p, &mut pb);
    match last {
        "password" | "passwd" | "pwd" | "pass" | "passphrase" | "pw" => {
            (Strength::Strong, "PASSWORD")
        }
        "secret" | "secrets" => (Strength::Strong, "SECRET"),
        "token" | "jwt" => (Strength::Strong, "TOKEN"),
        "apikey" => (Strength::Strong, "API_KEY"),
        "credential" | "credentials" | "creds" => (Strength::Strong, "CREDENTIAL"),
        "authorization" => (Strength::Strong, "AUTHORIZATION"),
        "privatekey" | "secretkey" | "accesskey" => (Strength::Strong, "KEY"),
        "key" => match prev {
            "api" => (Strength::Strong, "API_KEY"),
            "access" | "secret" | "private" | "signing" | "encryption" | "master" | "client"
            | "account" | "license" | "auth" | "app" | "service" | "subscription" | "shared"
            | "session" => (Strength::Strong, "KEY"),
            _ => (Strength::Weak, "KEY"),
        },
        "auth" | "sig" | "signature" | "salt" | "hmac" => (Strength::Weak, "SECRET"),
        _ => (Strength::None, ""),
    }
}

/// Long, mixed and unpredictable: what generated tokens look like and words,
/// paths and sizes do not.
pub(crate) fn looks_random(v: &[u8]) -> bool {
    if v.len() < 16 || v.iter().any(|c| c.is_ascii_whitespace()) {
        return false;
    }
    let classes = [
        v.iter().any(u8::is_ascii_lowercase),
        v.iter().any(u8::is_ascii_uppercase),
        v.iter().any(u8::is_ascii_digit),
    ]
    .iter()
    .filter(|&&x| x)
    .count();
    if classes < 2 {
        return false;
    }
    let mut counts = [0u32; 256];
    for &c in v {
        counts[c as usize] += 1;
    }
    let n = v.len() as f64;
    let entropy: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum();
    entropy >= 3.0
}

/// Values that are references or structure, not secrets.
pub(crate) fn is_inert_value(v: &[u8]) -> bool {
    const WORDS: [&str; 10] = [
        "true", "false", "null", "none", "nil", "yes", "no", "on", "off", "~",
    ];
    // References and structure: `$var`, `{{ tpl }}`/`{...}`, `%(name)s`,
    // `<placeholder>`, YAML tags/anchors/aliases, lists, paths.
    const PREFIXES: [&[u8]; 12] = [
        b"$",
        b"{",
        b"%(",
        b"<",
        b"!",
        b"&",
        b"*",
        b"[",
        b"/",
        b"./",
        b"~/",
        b"-----BEGIN",
    ];
    !v.iter().any(u8::is_ascii_alphanumeric)
        || PREFIXES.iter().any(|p| v.starts_with(p))
        || find(v, b"REDACTED_").is_some()
        // A placeholder host anywhere (`domain1.example=.`): redacted text.
        || find(&v.to_ascii_lowercase(), b".example").is_some()
        || find(&v.to_ascii_lowercase(), b"example-host").is_some()
        || find(v, b"://").is_some()
        || v.iter()
            .all(|&c| c == b'*' || c == b'x' || c == b'X' || c == b'.')
        || WORDS.iter().any(|w| v.eq_ignore_ascii_case(w.as_bytes()))
}

/// `name = value`, `name: value`, `"name": "value"`, `NAME=value`, `?name=value`.
fn detect_assignments(text: &[u8], out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < text.len() {
        let Some(p) = text[i..].iter().position(|&c| c == b'=' || c == b':') else {
            break;
        };
        let op = i + p;
        i = op + 1;
        let is_colon = text[op] == b':';
        // The name, before optional spaces and a closing quote.
        let mut n_end = op;
        while n_end > 0 && text[n_end - 1] == b' ' {
            n_end -= 1;
        }
        let quoted_name = n_end > 0 && matches!(text[n_end - 1], b'"' | b'\'');
        if quoted_name {
            n_end -= 1;
        }
        let mut n_start = n_end;
        while n_start > 0
            && (text[n_start - 1].is_ascii_alphanumeric()
                || matches!(text[n_start - 1], b'_' | b'-' | b'.'))
        {
            n_start -= 1;
        }
        if n_start == n_end || (n_start > 0 && text[n_start - 1] == b'$') {
            continue;
        }
        let Ok(name) = std::str::from_utf8(&text[n_start..n_end]) else {
            continue;
        };
        let (strength, kind) = name_strength(name);
        if strength == Strength::None {
            continue;
        }
        // A colon needs a space after it (YAML) or a quoted name (JSON):
        // `shared:SSL:10m` and `10.0.0.1:8080` are not assignments.
        let mut v = op + 1;
        if is_colon && !quoted_name && text.get(v) != Some(&b' ') {
            continue;
        }
        if text.get(v) == Some(&b'=') {
            continue; // `==`
        }
        while v < text.len() && matches!(text[v], b' ' | b'\t') {
            v += 1;
        }
        let (vs, ve) = match text.get(v) {
            Some(&q @ (b'"' | b'\'')) => {
                let Some(len) = text[v + 1..].iter().position(|&c| c == q || c == b'\n') else {
                    continue;
                };
                (v + 1, v + 1 + len)
            }
            _ => {
                let len = text[v..]
                    .iter()
                    .take_while(|&&c| {
                        !matches!(
                            c,
                            b' ' | b'\t'
                                | b'\r'
                                | b'\n'
                                | b','
                                | b';'
                                | b'&'
                                | b'}'
                                | b')'
                                | b']'
                                | b'"'
                                | b'\''
                                | b'#'
                        )
                    })
                    .count();
                (v, v + len)
            }
        };
        let value = &text[vs..ve];
        if is_inert_value(value)
            || value.starts_with(b"Bearer ")
            || value.starts_with(b"Basic ")
            || (strength == Strength::Weak && !looks_random(value))
        {
            continue;
        }
        out.push(Candidate {
            start: vs,
            end: ve,
            kind: Kind::Secret(kind),
            priority: priority::KEYWORD,
        });
        i = ve.max(i);
    }
}

/// Other occurrences of secrets and addresses already found (a token
/// repeated in a comment); `kinds[id]` is the kind of the secret with that id.
pub(crate) fn spread(
    text: &[u8],
    known: &Trie,
    kinds: &[(Vec<u8>, Kind)],
    out: &mut Vec<Candidate>,
) {
    let mut i = 0;
    while i < text.len() {
        // Here `i` starts a word or is not in one. A value that starts with a
        // word byte cannot start inside a word (it would be glued).
        if !known.starts(text[i]) {
            i = past_word(text, i);
            continue;
        }
        let accept = |end: usize, id: usize| {
            let (s, kind) = (&kinds[id].0, kinds[id].1);
            let glued = (i > 0 && is_word(text[i - 1]) && is_word(s[0]))
                || (end < text.len() && is_word(text[end]) && is_word(s[s.len() - 1]));
            // An address continues with more of an address: `10.1.2.3.4`, `fd00::1:5`.
            let longer_address = matches!(kind, Kind::Ipv4 { .. } | Kind::Ipv6 { .. })
                && ((i > 0 && matches!(text[i - 1], b'.' | b':'))
                    || (end + 1 < text.len()
                        && matches!(text[end], b'.' | b':')
                        && text[end + 1].is_ascii_hexdigit()));
            !glued && !longer_address
        };
        match known.longest(text, i, accept) {
            Some((end, id)) => {
                out.push(Candidate {
                    start: i,
                    end,
                    kind: kinds[id].1,
                    priority: priority::SPREAD,
                });
                i = end;
            }
            None => i = past_word(text, i),
        }
    }
}
