//! What the user tells confine about their setup: the nginx version the
//! config is for, and what protocol each backend really speaks.

mod file;

use serde::{Deserialize, Serialize};

pub use crate::analysis::directives::Version;
pub use crate::diagnostic::Severity;
pub use file::{parse_file, FileError, FileOptions};

/// What a backend speaks, as the user knows it (`--backend NAME=http1|h2c|grpc`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// Plain HTTP/1.x only: gRPC or HTTP/2 toward it gets 502.
    Http1,
    /// HTTP/2 over cleartext (prior knowledge).
    H2c,
    /// A real gRPC service.
    Grpc,
}

impl std::str::FromStr for Backend {
    type Err = String;
    fn from_str(s: &str) -> Result<Backend, String> {
        match s.to_ascii_lowercase().as_str() {
            "http1" | "http/1.1" | "http1.1" | "http" => Ok(Backend::Http1),
            "h2c" | "http2" | "h2" => Ok(Backend::H2c),
            "grpc" => Ok(Backend::Grpc),
            other => Err(format!(
                "unknown backend protocol \"{other}\" (expected http1, h2c or grpc)"
            )),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// The nginx version the findings and fixes are for.
    pub nginx_version: Version,
    /// Whether the user named that version (`--nginx-version`, the options
    /// file): rules about the binary itself (`nginx-cves`) stay silent on
    /// the assumed default rather than guess the installed release.
    #[serde(skip)]
    pub nginx_version_given: bool,
    /// Backend protocol hints: an upstream name or `host:port`, and what it speaks.
    pub backends: Vec<(String, Backend)>,
    /// Also apply fixes that change behaviour beyond the problem (suggestions).
    pub apply_suggestions: bool,
    /// Every unknown directive is an error, third-party ones included, as
    /// `nginx -t` says without the modules that define them (`--strict`).
    #[serde(default)]
    pub strict: bool,
    /// Rule ids, category names or `all`: only these rules run (empty: all).
    /// Not in the page's JSON (it has no selection yet; its wasm budget).
    #[serde(skip)]
    pub select: Vec<String>,
    /// Rule ids, category names or `all` that do not run; an id named in one
    /// list beats a category named in the other.
    #[serde(skip)]
    pub ignore: Vec<String>,
    /// Findings below this severity are dropped.
    #[serde(skip)]
    pub min_severity: Option<Severity>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            nginx_version: Version::CURRENT_STABLE,
            nginx_version_given: false,
            backends: Vec::new(),
            apply_suggestions: false,
            strict: false,
            select: Vec::new(),
            ignore: Vec::new(),
            min_severity: None,
        }
    }
}

impl Options {
    /// The hint for a backend, matched by upstream name or `host:port`.
    pub fn backend(&self, name: &str) -> Option<Backend> {
        self.backends
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, b)| *b)
    }
}

impl Version {
    /// The current stable line when confine was written.
    pub const CURRENT_STABLE: Version = Version(1, 30, 0);
    /// `proxy_http_version 2` (HTTP/2 to upstreams) exists from here.
    pub const PROXY_HTTP2: Version = Version(1, 29, 4);
    /// HTTP/1.1 with keep-alive to upstreams is the default from here.
    pub const UPSTREAM_KEEPALIVE_DEFAULT: Version = Version(1, 29, 7);
    /// `http2 on;` replaces `listen ... http2` from here.
    pub const HTTP2_DIRECTIVE: Version = Version(1, 25, 1);
}

impl std::str::FromStr for Version {
    type Err = String;
    fn from_str(s: &str) -> Result<Version, String> {
        let mut parts = s.trim().trim_start_matches("nginx/").split('.');
        let mut next = || -> Result<u16, String> {
            match parts.next() {
                None => Ok(0),
                Some(p) => p
                    .parse()
                    .map_err(|_| format!("invalid nginx version \"{s}\" (expected X.Y.Z)")),
            }
        };
        let v = Version(next()?, next()?, next()?);
        if parts.next().is_some() || v.0 == 0 {
            return Err(format!("invalid nginx version \"{s}\" (expected X.Y.Z)"));
        }
        Ok(v)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// Versions travel as `"1.30.0"` strings in JSON (CLI output, the page).
impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Version, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_backends_parse() {
        assert_eq!("1.22.1".parse::<Version>(), Ok(Version(1, 22, 1)));
        assert_eq!("1.30".parse::<Version>(), Ok(Version(1, 30, 0)));
        assert!("one".parse::<Version>().is_err());
        assert!("1.2.3.4".parse::<Version>().is_err());
        assert!(Version(1, 29, 7) > Version(1, 29, 4));
        assert_eq!("HTTP1".parse::<Backend>(), Ok(Backend::Http1));
        assert!("spdy".parse::<Backend>().is_err());
    }
}
