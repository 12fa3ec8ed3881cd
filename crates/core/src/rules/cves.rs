//! nginx's published security advisories as data, for `nginx-cves`.
//!
//! Transcribed from nginx.org/en/security_advisories.html (as gixy-ng's
//! table also lists them): each advisory's vulnerable ranges, the releases
//! that fixed it on each branch, and what a config must use to be exposed.
//! Newest first; a new advisory goes at the top.

use crate::options::Version;

/// nginx.org's rating of an advisory.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Rating {
    Low,
    Medium,
    High,
}

impl Rating {
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Low => "low",
            Rating::Medium => "medium",
            Rating::High => "high",
        }
    }
}

/// What in a config exposes it to an advisory: the module or directive the
/// bug lives in. `Core` bugs need nothing beyond serving HTTP.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Surface {
    /// Any HTTP server: the bug is in request handling every config has.
    Core,
    /// `mp4` (ngx_http_mp4_module).
    Mp4,
    /// `listen ... http2` or `http2 on`.
    Http2,
    /// `listen ... quic` or `http3 on`.
    Http3,
    /// `resolver`.
    Resolver,
    /// `dav_methods` other than `off` (ngx_http_dav_module).
    Dav,
    /// `scgi_pass` or `uwsgi_pass`.
    ScgiUwsgi,
    /// `charset` other than `off` (ngx_http_charset_module).
    Charset,
    /// `auth_http` in `mail`.
    MailAuthHttp,
    /// `smtp_auth` with the `none` method.
    MailSmtpAuthNone,
    /// `imap_auth`, `pop3_auth` or `smtp_auth` with `cram-md5` or `apop`.
    MailCramApop,
    /// `starttls on|only` in `mail`.
    MailStarttls,
    /// `ssl_ocsp` other than `off` in `stream`.
    StreamOcsp,
    /// A session cache shared between servers (`ssl_session_cache shared:`)
    /// or a ticket key (`ssl_session_ticket_key`).
    SslSharedSession,
    /// [`Surface::SslSharedSession`] where a server verifies client
    /// certificates (`ssl_verify_client` other than `off`).
    SslSharedSessionClientCert,
    /// `listen ... spdy`.
    Spdy,
    /// `listen ... ssl` or `ssl on`.
    SslListen,
    /// `proxy_pass`.
    ProxyPass,
    /// `proxy_pass https://`.
    ProxyPassHttps,
    /// `grpc_pass`, or `proxy_http_version 2` (HTTP/2 to upstreams).
    GrpcOrProxyHttp2,
    /// `proxy_pass` in a server that accepts HTTP/2.
    ProxyOverHttp2,
    /// A `rewrite` whose replacement has an unnamed capture (`$1`) and a `?`,
    /// followed in its block by another `rewrite`, `if` or `set`.
    RewriteCaptureQuery,
    /// A `rewrite`, `set`, `return` or `if` that reads an unnamed capture.
    RewriteCapture,
    /// A regex `map` whose result is used after one of its captures in the
    /// same value, or a regex `map` marked `volatile` that is used.
    MapRegexCapture,
    /// An unnamed capture used where `slice` or
    /// `proxy_cache_background_update on` makes subrequests.
    CaptureInSubrequest,
    /// `proxy_pass` where `ssi on` and `proxy_buffering off` are in effect.
    SsiUnbufferedProxy,
    /// A location with `alias` and `rewrite` in effect, in a config that
    /// reads `$request_filename`.
    AliasRewriteFilename,
    /// `proxy_pass` in a server with `listen ... quic` (request bodies
    /// buffered: `proxy_request_buffering` not `off`).
    Http3Proxy,
    /// A TLS server with a shared session cache and tickets on, but no
    /// `ssl_session_ticket_key` (nginx rotates the key itself).
    SslTicketRotation,
    /// `ssi on` with `aio` other than `off` in effect.
    SsiAio,
}

/// One advisory of nginx.org.
#[derive(Debug)]
pub struct Advisory {
    pub cves: &'static [&'static str],
    /// What the bug is, as nginx.org names it.
    pub summary: &'static str,
    pub severity: Rating,
    /// The "Vulnerable" column: inclusive ranges.
    pub vulnerable: &'static [(Version, Version)],
    /// The "Not vulnerable" releases: each fixes its own branch (same
    /// major.minor) from that patch on, and every later branch.
    pub fixed: &'static [Version],
    pub surface: Surface,
}

impl Advisory {
    /// Whether `v` has the bug: inside a vulnerable range and not at or
    /// past a fix on its own branch.
    pub fn affects(&self, v: Version) -> bool {
        let in_range = self.vulnerable.iter().any(|&(lo, hi)| lo <= v && v <= hi);
        let patched = self
            .fixed
            .iter()
            .any(|f| f.0 == v.0 && f.1 == v.1 && v.2 >= f.2);
        in_range && !patched
    }

    /// The first release after `v` that has the fix (the upgrade to name).
    pub fn upgrade(&self, v: Version) -> Option<Version> {
        self.fixed.iter().copied().filter(|&f| f > v).min()
    }
}

/// Every advisory, newest first.
pub static ADVISORIES: &[Advisory] = &[
    Advisory {
        cves: &["CVE-2026-15176"],
        summary: "buffer overflow when `alias` is used with `rewrite`",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 1, 29), Version(1, 31, 6))],
        fixed: &[Version(1, 30, 6), Version(1, 31, 7)],
        surface: Surface::AliasRewriteFilename,
    },
    Advisory {
        cves: &["CVE-2026-93479"],
        summary: "buffer overflow evaluating string expressions with variables",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 30, 0), Version(1, 30, 5)), (Version(1, 31, 2), Version(1, 31, 6))],
        fixed: &[Version(1, 30, 6), Version(1, 31, 7)],
        surface: Surface::Core,
    },
    Advisory {
        cves: &["CVE-2026-95101"],
        summary: "request body injection in HTTP/3",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 25, 0), Version(1, 31, 6))],
        fixed: &[Version(1, 30, 6), Version(1, 31, 7)],
        surface: Surface::Http3Proxy,
    },
    Advisory {
        cves: &["CVE-2026-97629"],
        summary: "session forgery with automatic TLS session ticket key rotation",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 23, 2), Version(1, 31, 6))],
        fixed: &[Version(1, 30, 6), Version(1, 31, 7)],
        surface: Surface::SslTicketRotation,
    },
    Advisory {
        cves: &["CVE-2026-97205"],
        summary: "use-after-free in ngx_http_ssi_module with AIO",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 8, 11), Version(1, 31, 6))],
        fixed: &[Version(1, 30, 6), Version(1, 31, 7)],
        surface: Surface::SsiAio,
    },
    Advisory {
        cves: &["CVE-2026-90439"],
        summary: "buffer overflow in ngx_http_v3_module",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 29, 2), Version(1, 31, 5))],
        fixed: &[Version(1, 30, 5), Version(1, 31, 6)],
        surface: Surface::Http3,
    },
    Advisory {
        cves: &["CVE-2026-42533"],
        summary: "heap buffer overflow in `map` with regex matching",
        severity: Rating::High,
        vulnerable: &[(Version(0, 9, 6), Version(1, 31, 2))],
        fixed: &[Version(1, 30, 4), Version(1, 31, 3)],
        surface: Surface::MapRegexCapture,
    },
    Advisory {
        cves: &["CVE-2026-60005"],
        summary: "uninitialized memory access in ngx_http_slice_module",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 15, 8), Version(1, 31, 2))],
        fixed: &[Version(1, 30, 4), Version(1, 31, 3)],
        surface: Surface::CaptureInSubrequest,
    },
    Advisory {
        cves: &["CVE-2026-56434"],
        summary: "use-after-free in ngx_http_ssi_module",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 8, 11), Version(1, 31, 2))],
        fixed: &[Version(1, 30, 4), Version(1, 31, 3)],
        surface: Surface::SsiUnbufferedProxy,
    },
    Advisory {
        cves: &["CVE-2026-42530"],
        summary: "use-after-free in ngx_http_v3_module",
        severity: Rating::High,
        vulnerable: &[(Version(1, 31, 0), Version(1, 31, 1))],
        fixed: &[Version(1, 31, 2)],
        surface: Surface::Http3,
    },
    Advisory {
        cves: &["CVE-2026-42055"],
        summary: "buffer overflow in ngx_http_proxy_v2_module and ngx_http_grpc_module",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 13, 10), Version(1, 31, 1))],
        fixed: &[Version(1, 30, 3), Version(1, 31, 2)],
        surface: Surface::GrpcOrProxyHttp2,
    },
    Advisory {
        cves: &["CVE-2026-48142"],
        summary: "buffer overread in ngx_http_charset_module",
        severity: Rating::Low,
        vulnerable: &[(Version(0, 3, 50), Version(1, 31, 1))],
        fixed: &[Version(1, 30, 3), Version(1, 31, 2)],
        surface: Surface::Charset,
    },
    Advisory {
        cves: &["CVE-2026-9256"],
        summary: "heap overflow in ngx_http_rewrite_module with overlapping captures",
        severity: Rating::High,
        vulnerable: &[(Version(0, 1, 17), Version(1, 31, 0))],
        fixed: &[Version(1, 30, 2), Version(1, 31, 1)],
        surface: Surface::RewriteCapture,
    },
    Advisory {
        cves: &["CVE-2026-42945"],
        summary: "heap overflow in ngx_http_rewrite_module (\"NGINX Rift\")",
        severity: Rating::High,
        vulnerable: &[(Version(0, 6, 27), Version(1, 30, 0))],
        fixed: &[Version(1, 30, 1), Version(1, 31, 0)],
        surface: Surface::RewriteCaptureQuery,
    },
    Advisory {
        cves: &["CVE-2026-42926"],
        summary: "HTTP/2 request injection in ngx_http_proxy_module",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 29, 4), Version(1, 30, 0))],
        fixed: &[Version(1, 30, 1), Version(1, 31, 0)],
        surface: Surface::ProxyOverHttp2,
    },
    Advisory {
        cves: &["CVE-2026-42946"],
        summary: "buffer overread in ngx_http_scgi_module and ngx_http_uwsgi_module",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 8, 42), Version(1, 30, 0))],
        fixed: &[Version(1, 30, 1), Version(1, 31, 0)],
        surface: Surface::ScgiUwsgi,
    },
    Advisory {
        cves: &["CVE-2026-42934"],
        summary: "buffer overread in ngx_http_charset_module",
        severity: Rating::Low,
        vulnerable: &[(Version(0, 3, 50), Version(1, 30, 0))],
        fixed: &[Version(1, 30, 1), Version(1, 31, 0)],
        surface: Surface::Charset,
    },
    Advisory {
        cves: &["CVE-2026-40460"],
        summary: "HTTP/3 address spoofing",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 25, 0), Version(1, 30, 0))],
        fixed: &[Version(1, 30, 1), Version(1, 31, 0)],
        surface: Surface::Http3,
    },
    Advisory {
        cves: &["CVE-2026-40701"],
        summary: "use-after-free in the resolver during OCSP processing",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 19, 0), Version(1, 30, 0))],
        fixed: &[Version(1, 30, 1), Version(1, 31, 0)],
        surface: Surface::Resolver,
    },
    Advisory {
        cves: &["CVE-2026-27654"],
        summary: "buffer overflow in ngx_http_dav_module",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 5, 13), Version(1, 29, 6))],
        fixed: &[Version(1, 28, 3), Version(1, 29, 7)],
        surface: Surface::Dav,
    },
    Advisory {
        cves: &["CVE-2026-27784", "CVE-2026-32647"],
        summary: "buffer overflows in ngx_http_mp4_module",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 1, 19), Version(1, 29, 6))],
        fixed: &[Version(1, 28, 3), Version(1, 29, 7)],
        surface: Surface::Mp4,
    },
    Advisory {
        cves: &["CVE-2026-27651"],
        summary: "NULL pointer dereference with CRAM-MD5 or APOP authentication",
        severity: Rating::Low,
        vulnerable: &[(Version(0, 5, 15), Version(1, 29, 6))],
        fixed: &[Version(1, 28, 3), Version(1, 29, 7)],
        surface: Surface::MailCramApop,
    },
    Advisory {
        cves: &["CVE-2026-28753"],
        summary: "injection in mail `auth_http` and XCLIENT",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 6, 27), Version(1, 29, 6))],
        fixed: &[Version(1, 28, 3), Version(1, 29, 7)],
        surface: Surface::MailAuthHttp,
    },
    Advisory {
        cves: &["CVE-2026-28755"],
        summary: "OCSP result bypass in the stream module",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 27, 2), Version(1, 29, 6))],
        fixed: &[Version(1, 28, 3), Version(1, 29, 7)],
        surface: Surface::StreamOcsp,
    },
    Advisory {
        cves: &["CVE-2026-1642"],
        summary: "SSL upstream injection",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 3, 0), Version(1, 29, 4))],
        fixed: &[Version(1, 28, 2), Version(1, 29, 5)],
        surface: Surface::ProxyPassHttps,
    },
    Advisory {
        cves: &["CVE-2025-53859"],
        summary: "buffer overread in ngx_mail_smtp_module",
        severity: Rating::Low,
        vulnerable: &[(Version(0, 7, 22), Version(1, 29, 0))],
        fixed: &[Version(1, 29, 1)],
        surface: Surface::MailSmtpAuthNone,
    },
    Advisory {
        cves: &["CVE-2025-23419"],
        summary: "TLS session reuse across virtual servers bypasses client certificate authentication",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 11, 4), Version(1, 27, 3))],
        fixed: &[Version(1, 26, 3), Version(1, 27, 4)],
        surface: Surface::SslSharedSessionClientCert,
    },
    Advisory {
        cves: &["CVE-2024-7347"],
        summary: "buffer overread in ngx_http_mp4_module",
        severity: Rating::Low,
        vulnerable: &[(Version(1, 5, 13), Version(1, 27, 0))],
        fixed: &[Version(1, 26, 2), Version(1, 27, 1)],
        surface: Surface::Mp4,
    },
    Advisory {
        cves: &["CVE-2024-32760", "CVE-2024-31079", "CVE-2024-35200", "CVE-2024-34161"],
        summary: "buffer overwrite, stack overflow, use-after-free, NULL pointer dereference and memory disclosure in HTTP/3",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 25, 0), Version(1, 25, 5)), (Version(1, 26, 0), Version(1, 26, 0))],
        fixed: &[Version(1, 26, 1), Version(1, 27, 0)],
        surface: Surface::Http3,
    },
    Advisory {
        cves: &["CVE-2024-24989"],
        summary: "NULL pointer dereference in HTTP/3",
        severity: Rating::High,
        vulnerable: &[(Version(1, 25, 3), Version(1, 25, 3))],
        fixed: &[Version(1, 25, 4)],
        surface: Surface::Http3,
    },
    Advisory {
        cves: &["CVE-2024-24990"],
        summary: "use-after-free in HTTP/3",
        severity: Rating::High,
        vulnerable: &[(Version(1, 25, 0), Version(1, 25, 3))],
        fixed: &[Version(1, 25, 4)],
        surface: Surface::Http3,
    },
    Advisory {
        cves: &["CVE-2022-41741", "CVE-2022-41742"],
        summary: "memory corruption and memory disclosure in ngx_http_mp4_module",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 1, 3), Version(1, 23, 1)), (Version(1, 0, 7), Version(1, 0, 15))],
        fixed: &[Version(1, 22, 1), Version(1, 23, 2)],
        surface: Surface::Mp4,
    },
    Advisory {
        cves: &["CVE-2021-23017"],
        summary: "1-byte memory overwrite in the resolver",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 6, 18), Version(1, 20, 0))],
        fixed: &[Version(1, 20, 1), Version(1, 21, 0)],
        surface: Surface::Resolver,
    },
    Advisory {
        cves: &["CVE-2019-9511", "CVE-2019-9513", "CVE-2019-9516"],
        summary: "excessive CPU and memory use in HTTP/2 (Data Dribble, Resource Loop, 0-Length Headers Leak)",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 9, 5), Version(1, 17, 2))],
        fixed: &[Version(1, 16, 1), Version(1, 17, 3)],
        surface: Surface::Http2,
    },
    Advisory {
        cves: &["CVE-2018-16843", "CVE-2018-16844"],
        summary: "excessive memory and CPU use in HTTP/2",
        severity: Rating::Low,
        vulnerable: &[(Version(1, 9, 5), Version(1, 15, 5))],
        fixed: &[Version(1, 14, 1), Version(1, 15, 6)],
        surface: Surface::Http2,
    },
    Advisory {
        cves: &["CVE-2018-16845"],
        summary: "memory disclosure in ngx_http_mp4_module",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 1, 3), Version(1, 15, 5)), (Version(1, 0, 7), Version(1, 0, 15))],
        fixed: &[Version(1, 14, 1), Version(1, 15, 6)],
        surface: Surface::Mp4,
    },
    Advisory {
        cves: &["CVE-2017-7529"],
        summary: "integer overflow in the range filter",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 5, 6), Version(1, 13, 2))],
        fixed: &[Version(1, 12, 1), Version(1, 13, 3)],
        surface: Surface::Core,
    },
    Advisory {
        cves: &["CVE-2016-4450"],
        summary: "NULL pointer dereference while writing a client request body",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 3, 9), Version(1, 11, 0))],
        fixed: &[Version(1, 10, 1), Version(1, 11, 1)],
        surface: Surface::Core,
    },
    Advisory {
        cves: &["CVE-2016-0742", "CVE-2016-0746", "CVE-2016-0747"],
        summary: "invalid pointer dereference, use-after-free and unbounded CNAME resolution in the resolver",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 6, 18), Version(1, 9, 9))],
        fixed: &[Version(1, 8, 1), Version(1, 9, 10)],
        surface: Surface::Resolver,
    },
    Advisory {
        cves: &["CVE-2014-3616"],
        summary: "SSL session reuse across virtual servers",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 5, 6), Version(1, 7, 4))],
        fixed: &[Version(1, 6, 2), Version(1, 7, 5)],
        surface: Surface::SslSharedSession,
    },
    Advisory {
        cves: &["CVE-2014-3556"],
        summary: "STARTTLS command injection",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 5, 6), Version(1, 7, 3))],
        fixed: &[Version(1, 6, 1), Version(1, 7, 4)],
        surface: Surface::MailStarttls,
    },
    Advisory {
        cves: &["CVE-2014-0133"],
        summary: "SPDY heap buffer overflow",
        severity: Rating::High,
        vulnerable: &[(Version(1, 3, 15), Version(1, 5, 11))],
        fixed: &[Version(1, 4, 7), Version(1, 5, 12)],
        surface: Surface::Spdy,
    },
    Advisory {
        cves: &["CVE-2014-0088"],
        summary: "SPDY memory corruption",
        severity: Rating::High,
        vulnerable: &[(Version(1, 5, 10), Version(1, 5, 10))],
        fixed: &[Version(1, 5, 11)],
        surface: Surface::Spdy,
    },
    Advisory {
        cves: &["CVE-2013-4547"],
        summary: "request line parsing vulnerability",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 8, 41), Version(1, 5, 6))],
        fixed: &[Version(1, 4, 4), Version(1, 5, 7)],
        surface: Surface::Core,
    },
    Advisory {
        cves: &["CVE-2013-2070"],
        summary: "memory disclosure with crafted proxied responses",
        severity: Rating::Medium,
        vulnerable: &[(Version(1, 1, 4), Version(1, 2, 8)), (Version(1, 3, 9), Version(1, 4, 0))],
        fixed: &[Version(1, 2, 9), Version(1, 4, 1), Version(1, 5, 0)],
        surface: Surface::ProxyPass,
    },
    Advisory {
        cves: &["CVE-2013-2028"],
        summary: "stack-based buffer overflow with a crafted chunked request",
        severity: Rating::High,
        vulnerable: &[(Version(1, 3, 9), Version(1, 4, 0))],
        fixed: &[Version(1, 4, 1), Version(1, 5, 0)],
        surface: Surface::Core,
    },
    Advisory {
        cves: &["CVE-2012-2089"],
        summary: "buffer overflow in ngx_http_mp4_module",
        severity: Rating::High,
        vulnerable: &[(Version(1, 1, 3), Version(1, 1, 18)), (Version(1, 0, 7), Version(1, 0, 14))],
        fixed: &[Version(1, 0, 15), Version(1, 1, 19)],
        surface: Surface::Mp4,
    },
    Advisory {
        cves: &["CVE-2012-1180"],
        summary: "memory disclosure with crafted backend responses",
        severity: Rating::High,
        vulnerable: &[(Version(0, 1, 0), Version(1, 1, 16))],
        fixed: &[Version(1, 0, 14), Version(1, 1, 17)],
        surface: Surface::ProxyPass,
    },
    Advisory {
        cves: &["CVE-2011-4315"],
        summary: "buffer overflow in the resolver",
        severity: Rating::Medium,
        vulnerable: &[(Version(0, 6, 18), Version(1, 1, 7))],
        fixed: &[Version(1, 0, 10), Version(1, 1, 8)],
        surface: Surface::Resolver,
    },
    Advisory {
        cves: &["CVE-2009-3898"],
        summary: "directory traversal in ngx_http_dav_module",
        severity: Rating::Low,
        vulnerable: &[(Version(0, 1, 0), Version(0, 8, 16))],
        fixed: &[Version(0, 7, 63), Version(0, 8, 17)],
        surface: Surface::Dav,
    },
    Advisory {
        cves: &["CVE-2009-3896"],
        summary: "NULL pointer dereference on a crafted request",
        severity: Rating::High,
        vulnerable: &[(Version(0, 1, 0), Version(0, 8, 13))],
        fixed: &[Version(0, 5, 38), Version(0, 6, 39), Version(0, 7, 62), Version(0, 8, 14)],
        surface: Surface::Core,
    },
    Advisory {
        cves: &["CVE-2009-3555"],
        summary: "TLS renegotiation vulnerability",
        severity: Rating::High,
        vulnerable: &[(Version(0, 1, 0), Version(0, 8, 22))],
        fixed: &[Version(0, 7, 64), Version(0, 8, 23)],
        surface: Surface::SslListen,
    },
    Advisory {
        cves: &["CVE-2009-2629"],
        summary: "buffer underflow on a crafted request",
        severity: Rating::High,
        vulnerable: &[(Version(0, 1, 0), Version(0, 8, 14))],
        fixed: &[Version(0, 5, 38), Version(0, 6, 39), Version(0, 7, 62), Version(0, 8, 15)],
        surface: Surface::Core,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn advisory(cve: &str) -> &'static Advisory {
        ADVISORIES
            .iter()
            .find(|a| a.cves.contains(&cve))
            .expect("in the table")
    }

    #[test]
    fn a_fix_on_its_branch_and_later_branches_end_the_range() {
        let a = advisory("CVE-2024-7347");
        assert!(a.affects(Version(1, 26, 1)));
        assert!(!a.affects(Version(1, 26, 2)));
        assert!(a.affects(Version(1, 27, 0)));
        assert!(!a.affects(Version(1, 27, 1)));
        assert!(a.affects(Version(1, 24, 0)));
        assert!(!a.affects(Version(1, 5, 12)));
        assert_eq!(a.upgrade(Version(1, 24, 0)), Some(Version(1, 26, 2)));
        assert_eq!(a.upgrade(Version(1, 27, 0)), Some(Version(1, 27, 1)));
    }

    #[test]
    fn disjoint_ranges_leave_the_gap_unaffected() {
        let a = advisory("CVE-2026-93479");
        assert!(a.affects(Version(1, 30, 0)));
        assert!(!a.affects(Version(1, 31, 1)));
        assert!(a.affects(Version(1, 31, 2)));
        assert!(!a.affects(Version(1, 29, 8)));
    }

    #[test]
    fn the_table_is_consistent() {
        for a in ADVISORIES {
            assert!(!a.cves.is_empty());
            for &(lo, hi) in a.vulnerable {
                assert!(lo <= hi, "{:?}", a.cves);
            }
            // The top of every range is affected, or patched on its branch.
            assert!(!a.fixed.is_empty(), "{:?}", a.cves);
            for &f in a.fixed {
                assert!(!a.affects(f), "{:?} affects its own fix {f}", a.cves);
            }
        }
    }
}
