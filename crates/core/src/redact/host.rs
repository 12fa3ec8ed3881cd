//! Host names, domains, e-mail addresses and URLs.
//!
//! Free text knows a host name only by its top-level domain, so the list of
//! domains is curated: country codes and the common generic domains, minus
//! those that read as file extensions or property names (`.py`, `.sh`,
//! `.pl`, `.md`, `.id`, `.re`...), so that `index.php`, `ngx.re.match` and
//! `user.id` stay. Where the config itself says "this is a host"
//! (`server_name`, an upstream `server`, a URL), [`super::nginx`] and the URL
//! scanner below accept any domain.

use super::trie::Trie;
use super::{is_word, past_word, priority, Candidate, Kind, Policy};

/// Country-code domains, two letters each, minus those that are also common
/// file extensions or property names (am cc id in md mk mo ms pl pm ps py re
/// rs sh so tf).
const CC_TLDS: &str = "ac ad ae af ag ai al ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj \
bm bn bo br bs bt bw by bz ca cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm \
do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu \
gw gy hk hm hn hr ht hu ie il im io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz \
la lb lc li lk lr ls lt lu lv ly ma mc me mg mh ml mm mn mp mq mr mt mu mv mw mx my mz na nc \
ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pn pr pt pw qa ro ru rw sa sb sc sd se sg \
si sk sl sm sn sr ss st su sv sx sy sz tc td tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk \
us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw";

/// Generic and internal domains that do not read as words in code.
const G_TLDS: &[&str] = &[
    "com",
    "net",
    "org",
    "edu",
    "gov",
    "mil",
    "biz",
    "xyz",
    "dev",
    "mobi",
    "asia",
    "aero",
    "cloud",
    "local",
    "internal",
    "corp",
    "lan",
    "intranet",
    "localdomain",
    "svc",
];

fn is_free_text_tld(label: &str) -> bool {
    match label.as_bytes() {
        &[a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => {
            let k = (a - b'a') as usize * 26 + (b - b'a') as usize;
            CC_SET[k / 64] & (1 << (k % 64)) != 0
        }
        [_, _] => false,
        _ => G_TLDS.contains(&label),
    }
}

/// [`CC_TLDS`] as a bit set over `aa`..`zz`, built at compile time: the
/// check runs for every dotted word of the input.
const CC_SET: [u64; 11] = {
    let cc = CC_TLDS.as_bytes();
    let mut set = [0u64; 11];
    let mut i = 0;
    while i + 1 < cc.len() {
        let k = (cc[i] - b'a') as usize * 26 + (cc[i + 1] - b'a') as usize;
        set[k / 64] |= 1 << (k % 64);
        i += 3;
    }
    set
};

/// Public names that identify nobody; their subdomains too.
const PUBLIC_DOMAINS: &[&str] = &[
    "nginx.org",
    "nginx.com",
    "github.com",
    "githubusercontent.com",
    "gitlab.com",
    "google.com",
    "googleapis.com",
    "gstatic.com",
    "google-analytics.com",
    "googletagmanager.com",
    "cloudflare.com",
    "jsdelivr.net",
    "unpkg.com",
    "letsencrypt.org",
    "w3.org",
    "mozilla.org",
    "schema.org",
    "kubernetes.io",
    "k8s.io",
    "docker.com",
    "docker.io",
    "ubuntu.com",
    "debian.org",
    "apache.org",
    "php.net",
    "python.org",
    "npmjs.org",
    "npmjs.com",
    "openai.com",
    "anthropic.com",
    "microsoft.com",
    "apple.com",
    "facebook.com",
    "twitter.com",
    "youtube.com",
    "gravatar.com",
    "slack.com",
    "stripe.com",
    "ietf.org",
    "iana.org",
    "wikipedia.org",
    "wordpress.org",
    "jquery.com",
    "bootstrapcdn.com",
    "fontawesome.com",
    "openresty.org",
    "lua.org",
    "redis.io",
    "mysql.com",
    "postgresql.org",
    "elastic.co",
    "grafana.com",
    "prometheus.io",
    "certbot.eff.org",
    "eff.org",
    "ssllabs.com",
    "mozilla.net",
    "hstspreload.org",
    "cookielaw.org",
    "example.com",
    "example.net",
    "example.org",
];

/// Reserved names (RFC 2606, RFC 6761) and everything under them: they
/// identify nobody, and `.example` is where placeholders live.
const RESERVED_TLDS: &[&str] = &["example", "test", "invalid", "localhost", "arpa"];

/// Whether a host name (lowercase) is kept as written.
pub(crate) fn is_kept(host: &str, policy: &Policy<'_>) -> bool {
    let host = host.trim_end_matches('.');
    if host == "localhost" || host == "_" || policy.allowed(host) {
        return true;
    }
    let tld = host.rsplit('.').next().unwrap_or(host);
    // `home.arpa` (RFC 8375) names a home network's own hosts: those say
    // who and where, unlike the rest of `.arpa`.
    if is_home_arpa(host) {
        return false;
    }
    if RESERVED_TLDS.iter().any(|t| tld.eq_ignore_ascii_case(t)) {
        return true;
    }
    let lower = host.to_ascii_lowercase();
    PUBLIC_DOMAINS.iter().any(|d| {
        lower == *d
            || (lower.len() > d.len()
                && lower.ends_with(d)
                && lower.as_bytes()[lower.len() - d.len() - 1] == b'.')
    })
}

/// A name under `home.arpa`, the residential networks' own domain.
fn is_home_arpa(host: &str) -> bool {
    let lower = host.trim_end_matches('.').to_ascii_lowercase();
    lower.len() > ".home.arpa".len() && lower.ends_with(".home.arpa")
}

/// Single-label names that say what a service is, not whose: the names of
/// compose services and examples (`app:8080`, `http://backend`).
const GENERIC_LABELS: &[&str] = &[
    "app",
    "apps",
    "backend",
    "backends",
    "frontend",
    "web",
    "www",
    "api",
    "upstream",
    "server",
    "servers",
    "php",
    "php-fpm",
    "fpm",
    "phpfpm",
    "nginx",
    "node",
    "nodejs",
    "django",
    "rails",
    "flask",
    "static",
    "default",
    "cache",
    "redis",
    "db",
    "database",
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
    "mongo",
    "mongodb",
    "auth",
    "service",
    "origin",
    "proxy",
    "gateway",
    "grafana",
    "prometheus",
    "kibana",
    "elasticsearch",
    "memcached",
    "rabbitmq",
    "kafka",
    "minio",
    "keycloak",
    "jenkins",
    "gitlab",
    "wordpress",
    "unicorn",
    "puma",
    "gunicorn",
    "uwsgi",
    "websocket",
    "ws",
    "socket",
    "main",
    "primary",
    "local",
    "docker",
    "host",
    "localhost",
    "upstreams",
    "site",
    "example",
    "test",
    "sso",
    "admin",
    "ui",
    "cdn",
];

/// Whether a single label is a placeholder for one: `example-host<n>`.
pub(crate) fn is_single_placeholder(label: &str) -> bool {
    let l = label.to_ascii_lowercase();
    l.strip_prefix("example-host")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A single-label host where the context says "host" (an upstream
/// `server`, a URL, `PGHOST=`): redacted unless it is a generic service
/// name, an upstream of the config, a variable or a placeholder.
pub(crate) fn push_single_label(
    text: &[u8],
    start: usize,
    end: usize,
    prio: u8,
    policy: &Policy<'_>,
    out: &mut Vec<Candidate>,
) {
    let Ok(label) = std::str::from_utf8(&text[start..end]) else {
        return;
    };
    let lower = label.to_ascii_lowercase();
    let ok_shape = !label.is_empty()
        && label.len() <= 63
        && label.bytes().all(is_label_byte)
        && label.bytes().any(|b| b.is_ascii_alphabetic())
        && !label.starts_with(['-', '_'])
        && !label.ends_with(['-', '_'])
        && !label.contains("REDACTED_");
    // After `://` in free text a capitalised word is prose (`https://Bearer`),
    // not a name: hosts in URLs are written in lowercase.
    let prose = prio == priority::URL && label.bytes().any(|b| b.is_ascii_uppercase());
    if !ok_shape
        || prose
        || (start > 0 && matches!(text[start - 1], b'$' | b'{'))
        || GENERIC_LABELS.contains(&lower.as_str())
        || is_single_placeholder(label)
        || is_kept(label, policy)
        || policy.is_upstream(&lower)
    {
        return;
    }
    out.push(Candidate {
        start,
        end,
        kind: Kind::Host { escaped: false },
        priority: prio,
    });
}

#[inline(always)]
fn is_label_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// A host-shaped run found at `start`: labels joined by `.` (or `\.`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct HostRun {
    pub start: usize,
    pub end: usize,
    pub labels: usize,
    pub escaped: bool,
}

/// Scan a host name starting at `start`: `label(.label)*`, the separator
/// being `.` throughout or `\.` throughout. Stops before a trailing dot.
pub(crate) fn scan_host(text: &[u8], start: usize) -> Option<HostRun> {
    let label_end = |mut i: usize| {
        while i < text.len() && is_label_byte(text[i]) {
            i += 1;
        }
        i
    };
    let mut end = label_end(start);
    if end == start {
        return None;
    }
    let mut labels = 1;
    let mut escaped: Option<bool> = None;
    loop {
        let (sep_len, esc) = if text.get(end) == Some(&b'.') {
            (1, false)
        } else if text.get(end) == Some(&b'\\') && text.get(end + 1) == Some(&b'.') {
            (2, true)
        } else {
            break;
        };
        if escaped.is_some_and(|e| e != esc) {
            break;
        }
        let next = label_end(end + sep_len);
        if next == end + sep_len {
            break;
        }
        escaped = Some(esc);
        end = next;
        labels += 1;
    }
    Some(HostRun {
        start,
        end,
        labels,
        escaped: escaped.unwrap_or(false),
    })
}

/// Whether the text of a run is a plausible DNS name: labels of 1–63 bytes
/// not starting or ending with `-`, a top-level domain with a letter
/// (free text: letters only).
pub(crate) fn plausible(host: &str, free: bool) -> bool {
    let labels = host.split('.').peekable();
    let mut n = 0;
    let mut last = "";
    for l in labels {
        if l.is_empty() || l.len() > 63 || l.starts_with('-') || l.ends_with('-') {
            return false;
        }
        n += 1;
        last = l;
    }
    n >= 2
        && last.len() >= 2
        && if free {
            last.bytes().all(|b| b.is_ascii_alphabetic())
        } else {
            last.bytes().any(|b| b.is_ascii_alphabetic())
        }
}

/// Host names in free text, by their top-level domain; e-mail addresses;
/// URL hosts and credentials.
pub(crate) fn detect(text: &[u8], policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    detect_urls(text, policy, out);
    detect_host_assignments(text, policy, out);
    detect_emails(text, policy, out);
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if !is_label_byte(b) {
            i += 1;
            continue;
        }
        let prev = if i > 0 { text[i - 1] } else { b' ' };
        let Some(run) = scan_host(text, i) else {
            i += 1;
            continue;
        };
        i = run.end.max(i + 1);
        // After `@` it is an e-mail's; after `:` the tail of an address or a
        // `key:value` whose key the assignment scanner reads.
        if run.labels < 2 || prev == b'@' || prev == b':' {
            continue;
        }
        let mut start = run.start;
        // `$host.corp.com`: the first label is a variable name.
        if prev == b'$' || prev == b'{' {
            let first_end = text[start..run.end]
                .iter()
                .position(|&c| !is_label_byte(c))
                .map_or(run.end, |p| start + p);
            start = (first_end + if run.escaped { 2 } else { 1 }).min(run.end);
        }
        push_host(
            text,
            start,
            run.end,
            run.escaped,
            true,
            priority::HOST,
            policy,
            out,
        );
    }
}

/// `PGHOST=db-primary`, `DB_HOST: billing01`, `"redis_host": "cache-02"`:
/// a name that says "host" makes its value a host, one label or more.
fn detect_host_assignments(text: &[u8], policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    let mut from = 0;
    while let Some(p) = text[from..].iter().position(|&c| c == b'=' || c == b':') {
        let op = from + p;
        from = op + 1;
        let mut n_end = op;
        let quoted = n_end > 0 && matches!(text[n_end - 1], b'"' | b'\'');
        if quoted {
            n_end -= 1;
        }
        let mut n_start = n_end;
        while n_start > 0
            && (text[n_start - 1].is_ascii_alphanumeric() || text[n_start - 1] == b'_')
        {
            n_start -= 1;
        }
        let name = text[n_start..n_end].to_ascii_lowercase();
        let says_host = name.ends_with(b"host") || name.ends_with(b"hostname");
        if n_start == n_end || !says_host || (n_start > 0 && text[n_start - 1] == b'$') {
            continue;
        }
        let mut v = op + 1;
        if text[op] == b':' && !quoted && text.get(v) != Some(&b' ') {
            continue;
        }
        while v < text.len() && text[v] == b' ' {
            v += 1;
        }
        if matches!(text.get(v), Some(b'"' | b'\'')) {
            v += 1;
        }
        let Some(run) = scan_host(text, v) else {
            continue;
        };
        let after = text.get(run.end).copied().unwrap_or(b'\n');
        if run.escaped
            || !matches!(
                after,
                b'\n' | b'\r' | b' ' | b'"' | b'\'' | b';' | b':' | b',' | b'\t'
            )
        {
            continue;
        }
        if run.labels == 1 {
            push_single_label(text, run.start, run.end, priority::CONTEXT, policy, out);
        } else {
            push_host(
                text,
                run.start,
                run.end,
                false,
                false,
                priority::CONTEXT,
                policy,
                out,
            );
        }
    }
}

/// Push a host candidate for `text[start..end]` if it is one worth redacting.
/// `free` asks for a known top-level domain (free text).
#[allow(clippy::too_many_arguments)]
pub(crate) fn push_host(
    text: &[u8],
    start: usize,
    end: usize,
    escaped: bool,
    free: bool,
    prio: u8,
    policy: &Policy<'_>,
    out: &mut Vec<Candidate>,
) {
    if start >= end {
        return;
    }
    let Ok(raw) = std::str::from_utf8(&text[start..end]) else {
        return;
    };
    let host = if escaped {
        raw.replace("\\.", ".")
    } else {
        raw.to_string()
    };
    // A label that is a placeholder (`REDACTED_BEARER_1\.corp`, where a
    // token ended at the backslash) is already redacted text: taking the run
    // as a host would make a second pass change the first one's output.
    if !plausible(&host, free) || host.split('.').any(|l| l.starts_with("REDACTED_")) {
        return;
    }
    let tld = host.rsplit('.').next().unwrap_or("");
    if free && !(is_free_text_tld(tld) || is_home_arpa(&host)) {
        return;
    }
    if is_kept(&host, policy) {
        return;
    }
    out.push(Candidate {
        start,
        end,
        kind: Kind::Host { escaped },
        priority: prio,
    });
}

/// `scheme://[user[:password]@]host[:port]`: the host whatever its domain,
/// the credentials as secrets. A Slack webhook's path is its secret.
fn detect_urls(text: &[u8], policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    let mut from = 0;
    while let Some(p) = find(&text[from..], b"://") {
        let sep = from + p;
        from = sep + 3;
        // The scheme: letters before `://`.
        let mut s = sep;
        while s > 0
            && (text[s - 1].is_ascii_alphanumeric() || matches!(text[s - 1], b'+' | b'-' | b'.'))
        {
            s -= 1;
        }
        if s == sep {
            continue;
        }
        let auth_start = sep + 3;
        let mut auth_end = auth_start;
        while auth_end < text.len()
            && !matches!(
                text[auth_end],
                b'/' | b'?'
                    | b'#'
                    | b'"'
                    | b'\''
                    | b';'
                    | b' '
                    | b'\t'
                    | b'\r'
                    | b'\n'
                    | b'<'
                    | b'>'
                    | b'`'
                    | b'$'
                    | b'{'
                    | b'}'
                    | b'\\'
                    | b')'
                    | b','
            )
        {
            auth_end += 1;
        }
        let auth = &text[auth_start..auth_end];
        let host_start = match auth.iter().rposition(|&b| b == b'@') {
            Some(at) => {
                let userinfo = auth_start..auth_start + at;
                match text[userinfo.clone()].iter().position(|&b| b == b':') {
                    Some(c) => {
                        push_secret(text, userinfo.start, userinfo.start + c, "USER", out);
                        push_secret(text, userinfo.start + c + 1, userinfo.end, "PASSWORD", out);
                    }
                    None => push_secret(text, userinfo.start, userinfo.end, "TOKEN", out),
                }
                auth_start + at + 1
            }
            None => auth_start,
        };
        if text.get(host_start) == Some(&b'[') {
            continue; // an IPv6 literal: the address scanner has it
        }
        let scheme = &text[s..sep];
        let bucket_scheme = scheme.eq_ignore_ascii_case(b"s3")
            || scheme.eq_ignore_ascii_case(b"gs")
            || scheme.eq_ignore_ascii_case(b"s3a")
            || scheme.eq_ignore_ascii_case(b"s3n");
        if let Some(run) = scan_host(text, host_start) {
            // `host/`, `host:8080`, `host` at the end; not `https://https://`.
            let bounded = run.end == auth_end
                || (run.end < auth_end
                    && text[run.end] == b':'
                    && text.get(run.end + 1).is_some_and(u8::is_ascii_digit));
            if bucket_scheme && run.end == auth_end {
                // `s3://bucket/key`: the bucket names its owner.
                push_secret(text, run.start, run.end, "BUCKET", out);
            } else if !run.escaped && run.end <= auth_end && run.labels == 1 && bounded {
                push_single_label(text, run.start, run.end, priority::URL, policy, out);
            } else if !run.escaped && run.end <= auth_end {
                push_host(
                    text,
                    run.start,
                    run.end,
                    false,
                    false,
                    priority::URL,
                    policy,
                    out,
                );
            }
        }
        // Path-style S3 (`https://s3.amazonaws.com/bucket/key`,
        // `s3.eu-west-1.amazonaws.com`, `s3-eu-west-1...`): the first path
        // segment is the bucket.
        let host = text[host_start..auth_end].to_ascii_lowercase();
        let host = host.split(|&b| b == b':').next().unwrap_or(&[]);
        if (host.starts_with(b"s3.") || host.starts_with(b"s3-"))
            && host.ends_with(b".amazonaws.com")
            && text.get(auth_end) == Some(&b'/')
        {
            let b0 = auth_end + 1;
            let b1 = b0
                + text[b0..]
                    .iter()
                    .take_while(|&&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
                    .count();
            push_secret(text, b0, b1, "BUCKET", out);
        }
        // hooks.slack.com/services/T000/B000/XXXX: the path is the key.
        if text[host_start..auth_end].eq_ignore_ascii_case(b"hooks.slack.com")
            && text[auth_end..].starts_with(b"/services/")
        {
            let p0 = auth_end + "/services/".len();
            let mut p1 = p0;
            while p1 < text.len()
                && (text[p1].is_ascii_alphanumeric() || text[p1] == b'/' || text[p1] == b'_')
            {
                p1 += 1;
            }
            push_secret(text, p0, p1, "SLACK_WEBHOOK", out);
        }
    }
}

fn push_secret(
    text: &[u8],
    start: usize,
    end: usize,
    kind: &'static str,
    out: &mut Vec<Candidate>,
) {
    if start < end
        && !text[start..end].starts_with(b"REDACTED_")
        && !text[start..end].starts_with(b"$")
    {
        out.push(Candidate {
            start,
            end,
            kind: Kind::Secret(kind),
            priority: priority::FORMAT,
        });
    }
}

/// `local@domain.tld`.
fn detect_emails(text: &[u8], policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    let mut from = 0;
    while let Some(p) = text[from..].iter().position(|&b| b == b'@') {
        let at = from + p;
        from = at + 1;
        let mut s = at;
        while s > 0
            && (text[s - 1].is_ascii_alphanumeric()
                || matches!(text[s - 1], b'.' | b'_' | b'%' | b'+' | b'-'))
        {
            s -= 1;
        }
        // A local part holding a placeholder was redacted already (a
        // `Bearer` value glued to `@domain`): taking it whole now would make
        // a second pass differ from the first.
        if s == at
            || (s > 0 && matches!(text[s - 1], b'$' | b'/' | b':'))
            || text[s] == b'.'
            || find(&text[s..at], b"REDACTED_").is_some()
        {
            continue;
        }
        let Some(run) = scan_host(text, at + 1) else {
            continue;
        };
        if run.escaped || run.labels < 2 {
            continue;
        }
        let Ok(domain) = std::str::from_utf8(&text[run.start..run.end]) else {
            continue;
        };
        if !plausible(domain, true) || is_kept(domain, policy) {
            continue;
        }
        out.push(Candidate {
            start: s,
            end: run.end,
            kind: Kind::Email,
            priority: priority::EMAIL,
        });
    }
}

/// Other occurrences of host names already found: in paths
/// (`/etc/ssl/api.corp.com.crt`, `/var/log/api.corp.com-access.log`),
/// comments, log file names. `known` holds them lowercase.
pub(crate) fn spread(text: &[u8], known: &Trie, out: &mut Vec<Candidate>) {
    let end_ok = |end: usize| end >= text.len() || !is_word(text[end]);
    let mut i = 0;
    while i < text.len() {
        // Here `i` starts a word or is not in one.
        let found = if known.starts(text[i]) {
            known.longest(text, i, |end, _| end_ok(end))
        } else {
            None
        };
        match found {
            Some((end, _)) => {
                out.push(Candidate {
                    start: i,
                    end,
                    kind: Kind::Host { escaped: false },
                    priority: priority::SPREAD,
                });
                i = end;
            }
            // No match can start inside a word: skip the rest of it.
            None => i = past_word(text, i),
        }
    }
}

/// The first occurrence of `needle` in `hay`.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..=hay.len() - needle.len()]
            .iter()
            .position(|&b| b == first)
        {
            None => return None,
            Some(p) => {
                i += p;
                if &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_country_code_set_is_the_list() {
        let mut n = 0;
        for a in b'a'..=b'z' {
            for b in b'a'..=b'z' {
                let code = String::from_utf8(vec![a, b]).unwrap();
                let listed = CC_TLDS.split(' ').any(|t| t == code);
                assert_eq!(is_free_text_tld(&code), listed, "{code}");
                n += listed as usize;
            }
        }
        assert!(n > 200, "{n} country codes");
        assert!(!is_free_text_tld("DE") && !is_free_text_tld("d") && is_free_text_tld("com"));
    }
}
