//! What the config itself says a value is: a `server_name` argument is a
//! host name whatever its domain, an upstream `server` names a host, the
//! value of `proxy_set_header Authorization` is a credential, `set
//! $api_token` holds a token. The text detectors cannot know these.

use std::cell::LazyCell;

use super::host::{push_host, push_single_label, scan_host};
use super::secret::{is_inert_value, looks_random, name_strength, Strength};
use super::{priority, Candidate, Category, Kind, Policy};
use crate::syntax::stream::for_each_directive;
use crate::syntax::{Token, TokenKind};

/// Files whose name says they are not nginx are scanned as text only.
pub(crate) fn is_nginx_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name.starts_with(".env") {
        return false;
    }
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    !matches!(
        ext,
        "yaml"
            | "yml"
            | "json"
            | "env"
            | "tf"
            | "tfvars"
            | "hcl"
            | "toml"
            | "ini"
            | "properties"
            | "txt"
            | "md"
            | "sh"
            | "py"
            | "js"
            | "ts"
            | "xml"
            | "pem"
            | "crt"
            | "key"
            | "log"
    )
}

/// Block scalars of YAML that hold nginx config: a ConfigMap's
/// `nginx.conf: |` or `default.conf: |`, an ingress annotation
/// `nginx.ingress.kubernetes.io/configuration-snippet: |` (any `*-snippet`).
/// Returns each block's byte range, so that [`detect`] reads it as it reads
/// a `.conf` (the indentation is blank space to nginx).
pub(crate) fn embedded_blocks(text: &[u8]) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |p| line_start + p);
        let line = &text[line_start..line_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let body = &line[indent..];
        let body = body.strip_prefix(b"- ").unwrap_or(body);
        let next = (line_end + 1).min(text.len());
        if let Some(colon) = find_key_colon(body) {
            let key = body[..colon].trim_ascii();
            let key = key
                .strip_prefix(b"\"")
                .and_then(|k| k.strip_suffix(b"\""))
                .or_else(|| key.strip_prefix(b"'").and_then(|k| k.strip_suffix(b"'")))
                .unwrap_or(key)
                .to_ascii_lowercase();
            let value = body[colon + 1..].trim_ascii();
            let block_scalar = matches!(value.first(), Some(b'|' | b'>'))
                && value[1..]
                    .iter()
                    .all(|b| matches!(b, b'-' | b'+' | b'0'..=b'9'));
            let nginx_key = key.ends_with(b".conf")
                || key.ends_with(b"-snippet")
                || key.ends_with(b"_snippet")
                || key.ends_with(b"nginx.tmpl");
            if block_scalar && nginx_key {
                // The block: the lines indented deeper than the key, and blank ones.
                let mut end = next;
                let mut p = next;
                while p < text.len() {
                    let le = text[p..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(text.len(), |q| p + q);
                    let l = &text[p..le];
                    let blank = l.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'));
                    let deeper = l.iter().take_while(|&&b| b == b' ').count() > indent;
                    if !blank && !deeper {
                        break;
                    }
                    p = (le + 1).min(text.len());
                    if !blank {
                        end = le;
                    }
                }
                if end > next {
                    blocks.push((next, end));
                }
                line_start = p.max(next);
                continue;
            }
        }
        line_start = if line_end >= text.len() {
            text.len()
        } else {
            next
        };
    }
    blocks
}

/// Where a YAML mapping key ends: the first `: ` or a `:` at the end.
fn find_key_colon(body: &[u8]) -> Option<usize> {
    (0..body.len()).find(|&k| body[k] == b':' && body.get(k + 1).is_none_or(|&c| c == b' '))
}

/// Directives whose path arguments are file system paths.
const PATH_DIRECTIVES: &[&str] = &[
    "root",
    "alias",
    "include",
    "access_log",
    "error_log",
    "ssl_certificate",
    "ssl_certificate_key",
    "ssl_trusted_certificate",
    "ssl_client_certificate",
    "ssl_dhparam",
    "ssl_crl",
    "ssl_password_file",
    "ssl_stapling_file",
    "ssl_session_ticket_key",
    "auth_basic_user_file",
    "pid",
    "load_module",
    "client_body_temp_path",
    "proxy_temp_path",
    "fastcgi_temp_path",
    "uwsgi_temp_path",
    "scgi_temp_path",
    "proxy_cache_path",
    "fastcgi_cache_path",
    "uwsgi_cache_path",
    "scgi_cache_path",
    "working_directory",
    "lock_file",
    "proxy_ssl_certificate",
    "proxy_ssl_certificate_key",
    "proxy_ssl_trusted_certificate",
    "grpc_ssl_certificate",
    "grpc_ssl_certificate_key",
    "grpc_ssl_trusted_certificate",
    "js_import",
    "js_path",
];

/// Path components that say nothing about anyone.
const COMMON_DIRS: &[&str] = &[
    "etc",
    "var",
    "www",
    "usr",
    "share",
    "local",
    "lib",
    "log",
    "logs",
    "run",
    "tmp",
    "opt",
    "srv",
    "home",
    "nginx",
    "html",
    "conf",
    "conf.d",
    "sites-enabled",
    "sites-available",
    "snippets",
    "ssl",
    "certs",
    "private",
    "tls",
    "cache",
    "data",
    "public",
    "static",
    "sbin",
    "bin",
    "letsencrypt",
    "live",
    "archive",
    "modules",
    "modules-enabled",
    "lua",
    "htdocs",
    "web",
    "app",
    "api",
    "src",
    "dist",
    "build",
    "assets",
    "media",
    "uploads",
    "includes",
    "include",
    "http.d",
    "stream.d",
    "default.d",
    "proxy_temp",
    "client_temp",
    "fastcgi_temp",
    "mime.types",
    "nginx.conf",
    "fastcgi_params",
    "fastcgi.conf",
    "uwsgi_params",
    "scgi_params",
    "proxy_params",
    "access.log",
    "error.log",
    "nginx.pid",
    "index.html",
    "index.php",
    "50x.html",
    "404.html",
    "dhparam.pem",
    "fullchain.pem",
    "privkey.pem",
    "chain.pem",
    "cert.pem",
    ".htpasswd",
    "htpasswd",
];

/// Headers whose value is a credential although their name says nothing.
fn header_strength(name: &str) -> (Strength, &'static str) {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "cookie" | "set-cookie" => (Strength::Strong, "COOKIE"),
        "proxy-authorization" | "authorization" => (Strength::Strong, "AUTHORIZATION"),
        _ => name_strength(name),
    }
}

pub(crate) fn detect(text: &[u8], policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    // With the name of the enclosing block: `server` means a host in
    // `upstream` and a virtual server elsewhere.
    // Maps do not nest, so the last `map` seen encloses the entries that
    // follow: its source variable says whether their keys are secrets
    // (`map $http_x_api_key $client { "k3y..." acme; }`).
    let mut map_source: Vec<u8> = Vec::new();
    for_each_directive(text, |d| {
        let name = &text[d.name.span().start..d.name.span().end];
        let parent = d
            .parent
            .map_or(&b""[..], |p| &text[p.span().start..p.span().end]);
        if name == b"map" {
            map_source = d.args.first().map_or(Vec::new(), |t| {
                let (s, e) = content(t);
                text[s..e].to_vec()
            });
        } else if parent == b"map" {
            map_key(text, &map_source, name, d.name, out);
        }
        directive(text, name, parent, d.args, policy, out);
    });
}

/// The names of a file's `upstream` blocks, lowercase.
pub(crate) fn upstream_names(text: &[u8], names: &mut crate::hash::FastSet<String>) {
    for_each_directive(text, |d| {
        if &text[d.name.span().start..d.name.span().end] == b"upstream" {
            if let Some(t) = d.args.first() {
                let (s, e) = content(t);
                names.insert(String::from_utf8_lossy(&text[s..e]).to_ascii_lowercase());
            }
        }
    });
}

/// The name a variable says its value is: `$http_x_api_key` is the
/// `X-Api-Key` header, `$arg_token` the `token` argument, `$cookie_sid` a
/// cookie.
fn variable_strength(var: &[u8]) -> (Strength, &'static str) {
    let var = var.strip_prefix(b"$").unwrap_or(var);
    let var = String::from_utf8_lossy(var);
    let header = var
        .strip_prefix("http_")
        .or_else(|| var.strip_prefix("sent_http_"))
        .map(|h| h.replace('_', "-"));
    match header {
        Some(h) => header_strength(&h),
        None if var.starts_with("cookie_") => (Strength::Strong, "COOKIE"),
        None => name_strength(&var),
    }
}

/// A `map` entry whose key is compared with a secret-bearing variable: the
/// key is then a secret.
fn map_key(text: &[u8], source: &[u8], name: &[u8], key: Token, out: &mut Vec<Candidate>) {
    if source.is_empty() || matches!(name, b"default" | b"hostnames" | b"include" | b"volatile") {
        return;
    }
    let (strength, kind) = variable_strength(source);
    let (s, e) = content(&key);
    let hit = match strength {
        Strength::Strong => true,
        Strength::Weak => looks_random(&text[s..e]),
        Strength::None => false,
    };
    if hit && !text[s..e].starts_with(b"~") {
        literal_secret(
            text,
            s,
            e,
            if kind.is_empty() { "SECRET" } else { kind },
            out,
        );
    }
}

/// `if ($http_x_api_key = "k3y...")`: the value compared with a
/// secret-bearing variable is the secret.
fn if_compare(text: &[u8], args: &[(usize, usize)], out: &mut Vec<Candidate>) {
    // Arguments: `($var`, `=` or `!=`, `value)`; or `($var`, `=`, `value`, `)`.
    let [(vs, ve), (os, oe), (xs, xe), ..] = args else {
        return;
    };
    let var = text[*vs..*ve].strip_prefix(b"(").unwrap_or(&text[*vs..*ve]);
    if !var.starts_with(b"$") || !matches!(&text[*os..*oe], b"=" | b"!=") {
        return;
    }
    let (strength, kind) = variable_strength(var);
    let mut xe = *xe;
    if text[*xs..xe].ends_with(b")") && !text[*xs..xe].starts_with(b"\"") {
        xe -= 1;
    }
    let value = &text[*xs..xe];
    let hit = match strength {
        Strength::Strong => true,
        Strength::Weak => looks_random(value),
        Strength::None => false,
    };
    if hit {
        literal_secret(
            text,
            *xs,
            xe,
            if kind.is_empty() { "SECRET" } else { kind },
            out,
        );
    }
}

/// The value of an argument token: inside its quotes if quoted.
fn content(t: &Token) -> (usize, usize) {
    match t.kind {
        TokenKind::DoubleQuoted | TokenKind::SingleQuoted if t.span().len() >= 2 => {
            (t.span().start + 1, t.span().end - 1)
        }
        _ => (t.span().start, t.span().end),
    }
}

fn directive(
    text: &[u8],
    name: &[u8],
    parent: &[u8],
    args: &[Token],
    policy: &Policy<'_>,
    out: &mut Vec<Candidate>,
) {
    // Most directives carry nothing this pass reads: their arguments are
    // collected only when an arm below looks at them.
    let args = LazyCell::new(|| args.iter().map(content).collect::<Vec<(usize, usize)>>());
    let arg = |k: usize| args.get(k).map(|&(s, e)| &text[s..e]);
    match name {
        b"server_name" => {
            for &(s, e) in args.iter() {
                server_name(text, s, e, policy, out);
            }
        }
        b"server" if parent == b"upstream" => {
            if let Some(&(s, e)) = args.first() {
                host_port(text, s, e, policy, out);
            }
        }
        b"fastcgi_pass" | b"uwsgi_pass" | b"scgi_pass" | b"memcached_pass" | b"grpc_pass"
        | b"proxy_pass" | b"listen" => {
            if let Some(&(s, e)) = args.first() {
                match crate::redact::host::find(&text[s..e], b"://") {
                    None => host_port(text, s, e, policy, out),
                    // With a scheme, the URL scanner has the host; the port is ours.
                    Some(p) => {
                        let hs = s + p + 3;
                        let he = text[hs..e]
                            .iter()
                            .position(|&c| c == b'/')
                            .map_or(e, |q| hs + q);
                        port_only(text, hs, he, policy, out);
                    }
                }
            }
        }
        b"resolver" => {
            for &(s, e) in args.iter() {
                if !text[s..e].contains(&b'=') {
                    host_port(text, s, e, policy, out);
                }
            }
        }
        b"proxy_ssl_name" | b"grpc_ssl_name" | b"uwsgi_ssl_name" => {
            if let Some(&(s, e)) = args.first() {
                host_port(text, s, e, policy, out);
            }
        }
        b"proxy_set_header" | b"grpc_set_header" | b"add_header" | b"add_trailer"
        | b"fastcgi_param" | b"uwsgi_param" | b"scgi_param" => {
            if let (Some(h), Some(&(s, e))) = (arg(0), args.get(1)) {
                header(text, h, s, e, policy, out);
            }
        }
        b"more_set_headers" | b"more_set_input_headers" => {
            for &(s, e) in args.iter() {
                if text[s..e].starts_with(b"-") {
                    continue; // -s / -t options
                }
                if let Some(c) = text[s..e].iter().position(|&b| b == b':') {
                    let mut v = s + c + 1;
                    while v < e && text[v] == b' ' {
                        v += 1;
                    }
                    header(text, &text[s..s + c], v, e, policy, out);
                }
            }
        }
        b"if" => if_compare(text, &args, out),
        b"secure_link_secret" => {
            if let Some(&(s, e)) = args.first() {
                literal_secret(text, s, e, "SECRET", out);
            }
        }
        b"set" => {
            if let (Some(var), Some(&(s, e))) = (arg(0), args.get(1)) {
                let var =
                    String::from_utf8_lossy(var.strip_prefix(b"$").unwrap_or(var)).into_owned();
                let value = &text[s..e];
                let (strength, kind) = name_strength(&var);
                let random = looks_random(value);
                let hit = match strength {
                    Strength::Strong => true,
                    Strength::Weak => random,
                    Strength::None => random && value.len() >= 32,
                };
                if hit {
                    literal_secret(
                        text,
                        s,
                        e,
                        if kind.is_empty() { "TOKEN" } else { kind },
                        out,
                    );
                }
            }
        }
        b"env" => {
            if let Some(&(s, e)) = args.first() {
                if let Some(eq) = text[s..e].iter().position(|&b| b == b'=') {
                    let var = String::from_utf8_lossy(&text[s..s + eq]).into_owned();
                    if let (Strength::Strong, kind) = name_strength(&var) {
                        literal_secret(text, s + eq + 1, e, kind, out);
                    }
                }
            }
        }
        _ => {}
    }
    if policy.options.enabled(Category::Path)
        && std::str::from_utf8(name).is_ok_and(|n| PATH_DIRECTIVES.contains(&n))
    {
        for &(s, e) in args.iter() {
            path(text, s, e, out);
        }
    }
}

/// `www.corp.com`, `*.corp.com`, `.corp.com`, `www.corp.*`, `~^(.+)\.corp\.com$`.
fn server_name(text: &[u8], s: usize, e: usize, policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    let v = &text[s..e];
    if v.starts_with(b"~") {
        // A regex: every literal dotted name in it.
        let mut i = s + 1;
        while i < e {
            if text[i].is_ascii_alphanumeric()
                && !text[i - 1].is_ascii_alphanumeric()
                && text[i - 1] != b'-'
            {
                if let Some(run) = scan_host(text, i) {
                    let end = run.end.min(e);
                    if run.labels >= 2 {
                        push_host(
                            text,
                            i,
                            end,
                            run.escaped,
                            false,
                            priority::CONTEXT,
                            policy,
                            out,
                        );
                    }
                    i = end.max(i + 1);
                    continue;
                }
            }
            i += 1;
        }
        return;
    }
    let mut start = s;
    if v.starts_with(b"*.") {
        start += 2;
    } else if v.starts_with(b".") {
        start += 1;
    }
    let mut end = e;
    if text[start..end].ends_with(b".*") {
        end -= 2;
    }
    if let Some(run) = scan_host(text, start) {
        if run.end == end && !run.escaped {
            push_host(
                text,
                start,
                end,
                false,
                false,
                priority::CONTEXT,
                policy,
                out,
            );
        }
    }
}

/// `host`, `host:port`, `[v6]:port`, `unix:/path` (left alone).
fn host_port(text: &[u8], s: usize, e: usize, policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    let v = &text[s..e];
    if v.starts_with(b"unix:") || v.starts_with(b"$") {
        return;
    }
    if let Some(run) = scan_host(text, s) {
        if run.end <= e && !run.escaped && (run.end == e || text[run.end] == b':') {
            if run.labels == 1 {
                push_single_label(text, s, run.end, priority::CONTEXT, policy, out);
            } else {
                push_host(
                    text,
                    s,
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
    port_only(text, s, e, policy, out);
}

/// The `:port` at the end of an address, when ports are redacted.
fn port_only(text: &[u8], s: usize, e: usize, policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    if !policy.options.enabled(Category::Port) {
        return;
    }
    let v = &text[s..e];
    let digits = v.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 5 {
        return;
    }
    let ps = e - digits;
    // A bare port (`listen 8080`) or `...:port` (not the tail of an IPv6 or IPv4).
    let bare = ps == s;
    let after_colon = ps > s && text[ps - 1] == b':' && (ps < 2 || text[ps - 2] != b':');
    let v6_unbracketed = !v.starts_with(b"[") && v.iter().filter(|&&b| b == b':').count() > 1;
    if !(bare || after_colon) || v6_unbracketed {
        return;
    }
    let port = &text[ps..e];
    if port == b"80" || port == b"443" {
        return;
    }
    out.push(Candidate {
        start: ps,
        end: e,
        kind: Kind::Port,
        priority: priority::CONTEXT,
    });
}

/// A header or parameter value: a credential when the name says so, a host
/// name for `Host`.
fn header(
    text: &[u8],
    name: &[u8],
    s: usize,
    e: usize,
    policy: &Policy<'_>,
    out: &mut Vec<Candidate>,
) {
    let name = String::from_utf8_lossy(name);
    if name.eq_ignore_ascii_case("host") {
        host_port(text, s, e, policy, out);
        return;
    }
    let (strength, kind) = header_strength(&name);
    let value = &text[s..e];
    match strength {
        Strength::None => {}
        Strength::Weak if !looks_random(value) => {}
        _ => {
            for (scheme, k) in [(&b"Bearer "[..], "BEARER"), (&b"Basic "[..], "BASIC")] {
                if value.len() > scheme.len() && value[..scheme.len()].eq_ignore_ascii_case(scheme)
                {
                    literal_secret(text, s + scheme.len(), e, k, out);
                    return;
                }
            }
            if kind == "COOKIE" {
                // `a=1; b=2`: each value.
                let mut i = s;
                while i < e {
                    let seg_end = text[i..e]
                        .iter()
                        .position(|&b| b == b';')
                        .map_or(e, |p| i + p);
                    if let Some(eq) = text[i..seg_end].iter().position(|&b| b == b'=') {
                        literal_secret(text, i + eq + 1, seg_end, "COOKIE", out);
                    }
                    i = seg_end + 1;
                    while i < e && text[i] == b' ' {
                        i += 1;
                    }
                }
                return;
            }
            literal_secret(text, s, e, kind, out);
        }
    }
}

/// The literal parts of a value as one secret; values made of variables
/// (`$http_authorization`) carry no secret and stay.
fn literal_secret(text: &[u8], s: usize, e: usize, kind: &'static str, out: &mut Vec<Candidate>) {
    let mut s = s;
    let mut e = e;
    while s < e && text[s] == b' ' {
        s += 1;
    }
    while e > s && text[e - 1] == b' ' {
        e -= 1;
    }
    let v = &text[s..e];
    if is_inert_value(v) || v.contains(&b'$') {
        return;
    }
    out.push(Candidate {
        start: s,
        end: e,
        kind: Kind::Secret(kind),
        priority: priority::CONTEXT,
    });
}

/// Path components that are not common system directories.
fn path(text: &[u8], s: usize, e: usize, out: &mut Vec<Candidate>) {
    let v = &text[s..e];
    if !v.starts_with(b"/") {
        return;
    }
    let mut i = s + 1;
    while i < e {
        let end = text[i..e]
            .iter()
            .position(|&b| b == b'/')
            .map_or(e, |p| i + p);
        let comp = &text[i..end];
        let common = std::str::from_utf8(comp).map_or(true, |c| COMMON_DIRS.contains(&c));
        let special = comp.is_empty()
            || comp.starts_with(b"REDACTED_")
            || comp
                .iter()
                .any(|&b| matches!(b, b'$' | b'*' | b'?' | b'[' | b'{'))
            || comp.iter().all(|b| b.is_ascii_digit() || *b == b'.');
        if !common && !special {
            // The stem: an extension stays (`site.conf` → `REDACTED_PATH_1.conf`).
            let stem_end = comp
                .iter()
                .rposition(|&b| b == b'.')
                .filter(|&p| p > 0)
                .map_or(end, |p| i + p);
            out.push(Candidate {
                start: i,
                end: stem_end,
                kind: Kind::PathPart,
                priority: priority::PATH,
            });
        }
        i = end + 1;
    }
}
