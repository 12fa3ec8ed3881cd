//! nginx variables as a model: which names exist (the modules' built-in
//! variables by version, the prefix families, regex captures, and the names
//! that `set`, `map`, `geo`, ... define anywhere), where a config uses one
//! (only in the arguments nginx compiles as scripts), and the check nginx
//! makes once the whole config is read: `unknown "X" variable`.
//!
//! nginx's variables are global per protocol: a `set $a` in one location
//! defines `$a` for every `http` directive (stream has its own set). Names
//! are compared as nginx does, ignoring ASCII case.
//!
//! The model is built once per analysis ([`Variables::build`]); the checks
//! that follow (which values the client controls, which can carry CR/LF) ask
//! it where each variable comes from ([`Variables::resolve`], the
//! [`Definition`]s with their entries) and walk the uses
//! ([`Variables::for_each_use`]).

use crate::analysis::context::Context;
use crate::analysis::directives::{table_len, RowRange, Version};
use crate::analysis::model::{EntryId, Model};
use crate::analysis::similar::edits_within;
use crate::analysis::validate::FileDiagnostic;
use crate::diagnostic::{Code, Diagnostic};
use crate::hash::FastMap;
use crate::span::Span;
use crate::syntax::Token;

/// Which of nginx's two variable namespaces a name lives in.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Protocol {
    Http,
    Stream,
}

impl Protocol {
    /// The namespace of a directive in this context (`None`: mail and the
    /// main level have no variables).
    pub fn of(context: Context) -> Option<Protocol> {
        use Context::*;
        match context {
            Http | HttpServer | HttpLocation | HttpUpstream | HttpSif | HttpLif | HttpLmt => {
                Some(Protocol::Http)
            }
            Stream | StreamServer | StreamUpstream => Some(Protocol::Stream),
            _ => None,
        }
    }

    const fn bit(self) -> u8 {
        match self {
            Protocol::Http => 1,
            Protocol::Stream => 2,
        }
    }
}

/// A variable a module provides. A prefix row (`http_`) stands for every
/// name that starts with it (`$http_user_agent`), as nginx's
/// `NGX_HTTP_VAR_PREFIX` variables do.
#[derive(Clone, Copy, Debug)]
pub struct Builtin {
    pub name: &'static str,
    /// `Protocol::bit`s.
    protocols: u8,
    /// The module that provides it, as the docs name it.
    pub module: &'static str,
    pub prefix: bool,
    pub since: Option<Version>,
    pub until: Option<Version>,
}

impl Builtin {
    const fn since(self, v: Version) -> Builtin {
        Builtin {
            since: Some(v),
            ..self
        }
    }

    const fn until(self, v: Version) -> Builtin {
        Builtin {
            until: Some(v),
            ..self
        }
    }

    pub fn exists_in(&self, version: Version) -> bool {
        self.since.is_none_or(|v| version >= v) && self.until.is_none_or(|v| version < v)
    }

    pub fn in_protocol(&self, protocol: Protocol) -> bool {
        self.protocols & protocol.bit() != 0
    }
}

const fn row(name: &'static str, protocols: u8, module: &'static str, prefix: bool) -> Builtin {
    Builtin {
        name,
        protocols,
        module,
        prefix,
        since: None,
        until: None,
    }
}

const fn h(name: &'static str, module: &'static str) -> Builtin {
    row(name, 1, module, false)
}
const fn hp(name: &'static str, module: &'static str) -> Builtin {
    row(name, 1, module, true)
}
const fn s(name: &'static str, module: &'static str) -> Builtin {
    row(name, 2, module, false)
}
const fn sp(name: &'static str, module: &'static str) -> Builtin {
    row(name, 2, module, true)
}

/// Every built-in variable, sorted by name (binary search). Taken from the
/// `ngx_http_variable_t` / `ngx_stream_variable_t` arrays and the
/// `ngx_*_add_variable` calls with fixed names of nginx's source (1.22.1 to
/// mainline), plus the documented variables of NGINX Plus and of nginx's own
/// modules outside that tree (njs has none; otel, acme).
static BUILTINS: &[Builtin] = &[
    h("acme_certificate", "ngx_http_acme_module"),
    h("acme_certificate_key", "ngx_http_acme_module"),
    h("ancient_browser", "ngx_http_browser_module"),
    h("args", "ngx_http_core_module"),
    h("binary_remote_addr", "ngx_http_core_module"),
    s("binary_remote_addr", "ngx_stream_core_module"),
    h("body_bytes_sent", "ngx_http_core_module"),
    s("bytes_received", "ngx_stream_core_module"),
    h("bytes_sent", "ngx_http_core_module"),
    s("bytes_sent", "ngx_stream_core_module"),
    h("connection", "ngx_http_core_module"),
    s("connection", "ngx_stream_core_module"),
    h("connection_requests", "ngx_http_core_module"),
    h("connection_time", "ngx_http_core_module"),
    h("connections_active", "ngx_http_stub_status_module"),
    h("connections_reading", "ngx_http_stub_status_module"),
    h("connections_waiting", "ngx_http_stub_status_module"),
    h("connections_writing", "ngx_http_stub_status_module"),
    h("content_length", "ngx_http_core_module"),
    h("content_type", "ngx_http_core_module"),
    h("date_gmt", "ngx_http_ssi_module"),
    h("date_local", "ngx_http_ssi_module"),
    h("document_root", "ngx_http_core_module"),
    h("document_uri", "ngx_http_core_module"),
    h("fastcgi_path_info", "ngx_http_fastcgi_module"),
    h("fastcgi_script_name", "ngx_http_fastcgi_module"),
    h("geoip_area_code", "ngx_http_geoip_module"),
    s("geoip_area_code", "ngx_stream_geoip_module"),
    h("geoip_city", "ngx_http_geoip_module"),
    s("geoip_city", "ngx_stream_geoip_module"),
    h("geoip_city_continent_code", "ngx_http_geoip_module"),
    s("geoip_city_continent_code", "ngx_stream_geoip_module"),
    h("geoip_city_country_code", "ngx_http_geoip_module"),
    s("geoip_city_country_code", "ngx_stream_geoip_module"),
    h("geoip_city_country_code3", "ngx_http_geoip_module"),
    s("geoip_city_country_code3", "ngx_stream_geoip_module"),
    h("geoip_city_country_name", "ngx_http_geoip_module"),
    s("geoip_city_country_name", "ngx_stream_geoip_module"),
    h("geoip_country_code", "ngx_http_geoip_module"),
    s("geoip_country_code", "ngx_stream_geoip_module"),
    h("geoip_country_code3", "ngx_http_geoip_module"),
    s("geoip_country_code3", "ngx_stream_geoip_module"),
    h("geoip_country_name", "ngx_http_geoip_module"),
    s("geoip_country_name", "ngx_stream_geoip_module"),
    h("geoip_dma_code", "ngx_http_geoip_module"),
    s("geoip_dma_code", "ngx_stream_geoip_module"),
    h("geoip_latitude", "ngx_http_geoip_module"),
    s("geoip_latitude", "ngx_stream_geoip_module"),
    h("geoip_longitude", "ngx_http_geoip_module"),
    s("geoip_longitude", "ngx_stream_geoip_module"),
    h("geoip_org", "ngx_http_geoip_module"),
    s("geoip_org", "ngx_stream_geoip_module"),
    h("geoip_postal_code", "ngx_http_geoip_module"),
    s("geoip_postal_code", "ngx_stream_geoip_module"),
    h("geoip_region", "ngx_http_geoip_module"),
    s("geoip_region", "ngx_stream_geoip_module"),
    h("geoip_region_name", "ngx_http_geoip_module"),
    s("geoip_region_name", "ngx_stream_geoip_module"),
    h("grpc_internal_trailers", "ngx_http_grpc_module"),
    h("gzip_ratio", "ngx_http_gzip_module"),
    h("host", "ngx_http_core_module"),
    h("hostname", "ngx_http_core_module"),
    s("hostname", "ngx_stream_core_module"),
    h("http2", "ngx_http_v2_module"),
    h("http3", "ngx_http_v3_module").since(Version(1, 25, 0)),
    h("http_cookie", "ngx_http_core_module"),
    h("http_host", "ngx_http_core_module"),
    h("http_referer", "ngx_http_core_module"),
    h("http_user_agent", "ngx_http_core_module"),
    h("http_via", "ngx_http_core_module"),
    h("http_x_forwarded_for", "ngx_http_core_module"),
    h("https", "ngx_http_core_module"),
    h("invalid_referer", "ngx_http_referer_module"),
    h("is_args", "ngx_http_core_module"),
    h("is_request_port", "ngx_http_core_module").since(Version(1, 29, 3)),
    h("jwt_payload", "ngx_http_auth_jwt_module (NGINX Plus)"),
    h("limit_conn_status", "ngx_http_limit_conn_module"),
    s("limit_conn_status", "ngx_stream_limit_conn_module"),
    h("limit_rate", "ngx_http_core_module"),
    h("limit_req_status", "ngx_http_limit_req_module"),
    h("modern_browser", "ngx_http_browser_module"),
    s(
        "mqtt_preread_clientid",
        "ngx_stream_mqtt_preread_module (NGINX Plus)",
    ),
    s(
        "mqtt_preread_username",
        "ngx_stream_mqtt_preread_module (NGINX Plus)",
    ),
    h("msec", "ngx_http_core_module"),
    s("msec", "ngx_stream_core_module"),
    h("msie", "ngx_http_browser_module"),
    h("nginx_version", "ngx_http_core_module"),
    s("nginx_version", "ngx_stream_core_module"),
    h("oidc_access_token", "ngx_http_oidc_module (NGINX Plus)"),
    h("oidc_id_token", "ngx_http_oidc_module (NGINX Plus)"),
    h("otel_parent_id", "ngx_otel_module"),
    h("otel_parent_sampled", "ngx_otel_module"),
    h("otel_span_id", "ngx_otel_module"),
    h("otel_trace_id", "ngx_otel_module"),
    h("pid", "ngx_http_core_module"),
    s("pid", "ngx_stream_core_module"),
    h("pipe", "ngx_http_core_module"),
    s("protocol", "ngx_stream_core_module"),
    h("proxy_add_via", "ngx_http_proxy_module"),
    h("proxy_add_x_forwarded_for", "ngx_http_proxy_module"),
    h("proxy_host", "ngx_http_proxy_module"),
    h("proxy_internal_body_length", "ngx_http_proxy_module"),
    h("proxy_internal_chunked", "ngx_http_proxy_module"),
    h("proxy_internal_connection", "ngx_http_proxy_module")
        .since(Version(1, 29, 4))
        .until(Version(1, 29, 7)),
    h("proxy_internal_host", "ngx_http_proxy_module")
        .since(Version(1, 29, 4))
        .until(Version(1, 29, 7)),
    h("proxy_port", "ngx_http_proxy_module"),
    h("proxy_protocol_addr", "ngx_http_core_module"),
    s("proxy_protocol_addr", "ngx_stream_core_module"),
    h("proxy_protocol_port", "ngx_http_core_module"),
    s("proxy_protocol_port", "ngx_stream_core_module"),
    h("proxy_protocol_server_addr", "ngx_http_core_module"),
    s("proxy_protocol_server_addr", "ngx_stream_core_module"),
    h("proxy_protocol_server_port", "ngx_http_core_module"),
    s("proxy_protocol_server_port", "ngx_stream_core_module"),
    h("query_string", "ngx_http_core_module"),
    h("realip_remote_addr", "ngx_http_realip_module"),
    s("realip_remote_addr", "ngx_stream_realip_module"),
    h("realip_remote_port", "ngx_http_realip_module"),
    s("realip_remote_port", "ngx_stream_realip_module"),
    h("realpath_root", "ngx_http_core_module"),
    h("remote_addr", "ngx_http_core_module"),
    s("remote_addr", "ngx_stream_core_module"),
    h("remote_port", "ngx_http_core_module"),
    s("remote_port", "ngx_stream_core_module"),
    h("remote_user", "ngx_http_core_module"),
    h("request", "ngx_http_core_module"),
    h("request_body", "ngx_http_core_module"),
    h("request_body_file", "ngx_http_core_module"),
    h("request_completion", "ngx_http_core_module"),
    h("request_filename", "ngx_http_core_module"),
    h("request_id", "ngx_http_core_module"),
    h("request_length", "ngx_http_core_module"),
    h("request_method", "ngx_http_core_module"),
    h("request_port", "ngx_http_core_module").since(Version(1, 29, 3)),
    h("request_time", "ngx_http_core_module"),
    h("request_uri", "ngx_http_core_module"),
    h("scheme", "ngx_http_core_module"),
    h("secure_link", "ngx_http_secure_link_module"),
    h("secure_link_expires", "ngx_http_secure_link_module"),
    h("sent_http_cache_control", "ngx_http_core_module"),
    h("sent_http_connection", "ngx_http_core_module"),
    h("sent_http_content_length", "ngx_http_core_module"),
    h("sent_http_content_type", "ngx_http_core_module"),
    h("sent_http_keep_alive", "ngx_http_core_module"),
    h("sent_http_last_modified", "ngx_http_core_module"),
    h("sent_http_link", "ngx_http_core_module"),
    h("sent_http_location", "ngx_http_core_module"),
    h("sent_http_transfer_encoding", "ngx_http_core_module"),
    h("server_addr", "ngx_http_core_module"),
    s("server_addr", "ngx_stream_core_module"),
    h("server_name", "ngx_http_core_module"),
    s("server_name", "ngx_stream_core_module").since(Version(1, 25, 5)),
    h("server_port", "ngx_http_core_module"),
    s("server_port", "ngx_stream_core_module"),
    h("server_protocol", "ngx_http_core_module"),
    h(
        "session_log_binary_id",
        "ngx_http_session_log_module (NGINX Plus)",
    ),
    h("session_log_id", "ngx_http_session_log_module (NGINX Plus)"),
    s("session_time", "ngx_stream_core_module"),
    h("slice_range", "ngx_http_slice_module"),
    h("ssl_alpn_protocol", "ngx_http_ssl_module"),
    s("ssl_alpn_protocol", "ngx_stream_ssl_module"),
    h("ssl_cipher", "ngx_http_ssl_module"),
    s("ssl_cipher", "ngx_stream_ssl_module"),
    h("ssl_ciphers", "ngx_http_ssl_module"),
    s("ssl_ciphers", "ngx_stream_ssl_module"),
    h("ssl_client_cert", "ngx_http_ssl_module"),
    s("ssl_client_cert", "ngx_stream_ssl_module"),
    h("ssl_client_escaped_cert", "ngx_http_ssl_module"),
    s("ssl_client_escaped_cert", "ngx_stream_ssl_module"),
    h("ssl_client_fingerprint", "ngx_http_ssl_module"),
    s("ssl_client_fingerprint", "ngx_stream_ssl_module"),
    h("ssl_client_i_dn", "ngx_http_ssl_module"),
    s("ssl_client_i_dn", "ngx_stream_ssl_module"),
    h("ssl_client_i_dn_legacy", "ngx_http_ssl_module"),
    h("ssl_client_raw_cert", "ngx_http_ssl_module"),
    s("ssl_client_raw_cert", "ngx_stream_ssl_module"),
    h("ssl_client_s_dn", "ngx_http_ssl_module"),
    s("ssl_client_s_dn", "ngx_stream_ssl_module"),
    h("ssl_client_s_dn_legacy", "ngx_http_ssl_module"),
    h("ssl_client_serial", "ngx_http_ssl_module"),
    s("ssl_client_serial", "ngx_stream_ssl_module"),
    h("ssl_client_sigalg", "ngx_http_ssl_module").since(Version(1, 29, 3)),
    s("ssl_client_sigalg", "ngx_stream_ssl_module").since(Version(1, 29, 3)),
    h("ssl_client_v_end", "ngx_http_ssl_module"),
    s("ssl_client_v_end", "ngx_stream_ssl_module"),
    h("ssl_client_v_remain", "ngx_http_ssl_module"),
    s("ssl_client_v_remain", "ngx_stream_ssl_module"),
    h("ssl_client_v_start", "ngx_http_ssl_module"),
    s("ssl_client_v_start", "ngx_stream_ssl_module"),
    h("ssl_client_verify", "ngx_http_ssl_module"),
    s("ssl_client_verify", "ngx_stream_ssl_module"),
    h("ssl_curve", "ngx_http_ssl_module"),
    s("ssl_curve", "ngx_stream_ssl_module"),
    h("ssl_curves", "ngx_http_ssl_module"),
    s("ssl_curves", "ngx_stream_ssl_module"),
    h("ssl_early_data", "ngx_http_ssl_module"),
    h("ssl_ech_outer_server_name", "ngx_http_ssl_module").since(Version(1, 29, 4)),
    s("ssl_ech_outer_server_name", "ngx_stream_ssl_module").since(Version(1, 29, 4)),
    h("ssl_ech_status", "ngx_http_ssl_module").since(Version(1, 29, 4)),
    s("ssl_ech_status", "ngx_stream_ssl_module").since(Version(1, 29, 4)),
    s(
        "ssl_preread_alpn_protocols",
        "ngx_stream_ssl_preread_module",
    ),
    s("ssl_preread_protocol", "ngx_stream_ssl_preread_module"),
    s("ssl_preread_server_name", "ngx_stream_ssl_preread_module"),
    h("ssl_protocol", "ngx_http_ssl_module"),
    s("ssl_protocol", "ngx_stream_ssl_module"),
    h("ssl_server_name", "ngx_http_ssl_module"),
    s("ssl_server_name", "ngx_stream_ssl_module"),
    h("ssl_session_id", "ngx_http_ssl_module"),
    s("ssl_session_id", "ngx_stream_ssl_module"),
    h("ssl_session_reused", "ngx_http_ssl_module"),
    s("ssl_session_reused", "ngx_stream_ssl_module"),
    h("ssl_sigalg", "ngx_http_ssl_module").since(Version(1, 29, 3)),
    s("ssl_sigalg", "ngx_stream_ssl_module").since(Version(1, 29, 3)),
    h("ssl_sigalgs", "ngx_http_ssl_module").since(Version(1, 31, 2)),
    s("ssl_sigalgs", "ngx_stream_ssl_module").since(Version(1, 31, 2)),
    h("status", "ngx_http_core_module"),
    s("status", "ngx_stream_core_module"),
    h("tcpinfo_rcv_space", "ngx_http_core_module"),
    h("tcpinfo_rtt", "ngx_http_core_module"),
    h("tcpinfo_rttvar", "ngx_http_core_module"),
    h("tcpinfo_snd_cwnd", "ngx_http_core_module"),
    h("time_iso8601", "ngx_http_core_module"),
    s("time_iso8601", "ngx_stream_core_module"),
    h("time_local", "ngx_http_core_module"),
    s("time_local", "ngx_stream_core_module"),
    h("uid_got", "ngx_http_userid_module"),
    h("uid_reset", "ngx_http_userid_module"),
    h("uid_set", "ngx_http_userid_module"),
    h("upstream_addr", "ngx_http_upstream_module"),
    s("upstream_addr", "ngx_stream_upstream_module"),
    h("upstream_bytes_received", "ngx_http_upstream_module"),
    s("upstream_bytes_received", "ngx_stream_upstream_module"),
    h("upstream_bytes_sent", "ngx_http_upstream_module"),
    s("upstream_bytes_sent", "ngx_stream_upstream_module"),
    h("upstream_cache_etag", "ngx_http_upstream_module"),
    h("upstream_cache_last_modified", "ngx_http_upstream_module"),
    h("upstream_cache_status", "ngx_http_upstream_module"),
    h("upstream_connect_time", "ngx_http_upstream_module"),
    s("upstream_connect_time", "ngx_stream_upstream_module"),
    s("upstream_first_byte_time", "ngx_stream_upstream_module"),
    h("upstream_header_time", "ngx_http_upstream_module"),
    h(
        "upstream_queue_time",
        "ngx_http_upstream_module (NGINX Plus)",
    ),
    h("upstream_response_length", "ngx_http_upstream_module"),
    h("upstream_response_time", "ngx_http_upstream_module"),
    s("upstream_session_time", "ngx_stream_upstream_module"),
    h("upstream_status", "ngx_http_upstream_module"),
    h("uri", "ngx_http_core_module"),
];

/// The rows of a built-in name (one per protocol at most): a hash map
/// built once per process, not per analysis.
fn builtin_rows(lower: &[u8]) -> &'static [Builtin] {
    static INDEX: std::sync::OnceLock<FastMap<&'static [u8], (u16, u16)>> =
        std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index: FastMap<&'static [u8], (u16, u16)> = FastMap::default();
        for (i, b) in BUILTINS.iter().enumerate() {
            let range = index
                .entry(b.name.as_bytes())
                .or_insert((i as u16, i as u16));
            range.1 = i as u16 + 1;
        }
        index
    });
    match index.get(lower) {
        Some(&(start, end)) => &BUILTINS[usize::from(start)..usize::from(end)],
        None => &[],
    }
}

/// The prefix families (`NGX_HTTP_VAR_PREFIX`): a name that starts with one
/// of them is that family's, the longest prefix winning.
static PREFIXES: &[Builtin] = &[
    hp("arg_", "ngx_http_core_module"),
    hp("cookie_", "ngx_http_core_module"),
    hp("http_", "ngx_http_core_module"),
    hp("jwt_claim_", "ngx_http_auth_jwt_module (NGINX Plus)"),
    hp("jwt_header_", "ngx_http_auth_jwt_module (NGINX Plus)"),
    hp("oidc_claim_", "ngx_http_oidc_module (NGINX Plus)"),
    hp("proxy_protocol_tlv_", "ngx_http_core_module").since(Version(1, 23, 2)),
    sp("proxy_protocol_tlv_", "ngx_stream_core_module").since(Version(1, 23, 2)),
    hp("sent_http_", "ngx_http_core_module"),
    hp("sent_trailer_", "ngx_http_core_module"),
    hp("upstream_cookie_", "ngx_http_upstream_module"),
    hp("upstream_http_", "ngx_http_upstream_module"),
    hp("upstream_trailer_", "ngx_http_upstream_module"),
];

/// What defines a variable in the config.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Definer {
    /// `set $v value;` (its value is a script the taint checks can follow).
    Set,
    /// `map source $v { ... }`.
    Map,
    /// `geo [source] $v { ... }`.
    Geo,
    /// `split_clients string $v { ... }`.
    SplitClients,
    /// `auth_request_set $v value;`.
    AuthRequestSet,
    /// `perl_set $v handler;`.
    PerlSet,
    /// `js_set $v function;`.
    JsSet,
    /// `js_var $v [value];`.
    JsVar,
    /// A named capture `(?<v>...)` of a regex (`location`, `server_name`,
    /// `if`, `rewrite`, `map` keys...): set by whichever regex last matched.
    NamedCapture,
    /// A directive confine does not know whose first argument is `$v`
    /// (`set_by_lua`, `set_md5`, `geoip2` blocks' `$v ...` lines): assumed
    /// to define it, so that no third-party variable is called unknown.
    ThirdParty,
}

/// One place that defines a variable.
#[derive(Clone, Copy, Debug)]
pub struct Definition {
    pub entry: EntryId,
    pub definer: Definer,
}

/// What a variable name stands for.
#[derive(Clone, Copy, Debug)]
pub enum Resolved<'v> {
    /// A module's variable, exactly this name.
    Builtin(&'static Builtin),
    /// A name of a prefix family (`$http_x_real_ip` of `http_`).
    Prefix(&'static Builtin),
    /// Defined in the config (every definition, in entry order).
    Defined(&'v [Definition]),
}

/// Why a directive reads a variable.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UseKind {
    /// `$name` or `${name}` in an argument nginx compiles as a script.
    Script,
    /// An operand taken whole as a name: `if ($name ...)`, `charset $name`,
    /// `geo $name $v`.
    Condition,
    /// `$1`..`$9`, the last regex match's captures (the name is the digit;
    /// never unknown, and not a name: `${1}` is the variable "1").
    Capture,
    /// Read by the directive itself: `memcached_pass` reads `$memcached_key`.
    Implicit,
    /// Not a use but a script nginx refuses: `${name` without its `}` (the
    /// name is what came after the `{`).
    Unclosed,
    /// Not a use but a script nginx refuses: a `$` with no name after it
    /// (the name is empty). Not reported in `log_format`, whose own parser
    /// words it differently.
    Nameless,
}

/// One use of a variable.
#[derive(Clone, Copy, Debug)]
pub struct Use<'n> {
    pub entry: EntryId,
    /// The name as written (without `$` and braces).
    pub name: &'n [u8],
    /// Where it is: the `$name` itself, or the whole argument when escapes
    /// in it make the offsets differ (or the directive name, for an
    /// implicit use).
    pub span: Span,
    pub kind: UseKind,
    pub protocol: Protocol,
}

/// The variables of one config: the definitions found in it, for the
/// target nginx version.
pub struct Variables {
    version: Version,
    http: FastMap<Box<[u8]>, Vec<Definition>>,
    stream: FastMap<Box<[u8]>, Vec<Definition>>,
}

/// The longest name looked up without allocating (lower-cased on the stack).
const NAME_BUFFER: usize = 64;

impl Variables {
    /// Collect every definition of the config (one walk of the entries).
    pub fn build(model: &Model<'_>, version: Version) -> Variables {
        let mut vars = Variables {
            version,
            http: FastMap::default(),
            stream: FastMap::default(),
        };
        // Per name: whether its arguments hold regexes, whether it may define a variable.
        let mut kinds: PerName<(bool, bool)> = PerName::new();
        for (id, entry) in model.entries.iter().enumerate() {
            let name: &[u8] = &entry.name;
            if entry.context == Context::Entries {
                // A `map` key may be a regex with named captures.
                if name.first() == Some(&b'~') {
                    if let Some(protocol) = protocol_of(model, id) {
                        vars.captures(protocol, id, name);
                    }
                }
                continue;
            }
            // Most directives define nothing: decided on the name alone.
            let (regex, definer) = if entry.rows.is_known() {
                kinds.get(entry.rows, || {
                    let regex = has_regex_args(name);
                    let definer = regex
                        || matches!(
                            name,
                            b"set"
                                | b"auth_request_set"
                                | b"perl_set"
                                | b"js_set"
                                | b"js_var"
                                | b"map"
                                | b"split_clients"
                                | b"geo"
                        );
                    (regex, definer)
                })
            } else {
                (has_regex_args(name), true)
            };
            if !definer {
                continue;
            }
            let Some(protocol) = protocol_of(model, id) else {
                continue;
            };
            let mut args = entry.args();
            let nth = |n: usize| entry.args().nth(n).map(|t| entry.tree.value(t));
            let defined = match name {
                b"set" | b"auth_request_set" | b"perl_set" | b"js_set" | b"js_var" => {
                    let definer = match name {
                        b"set" => Definer::Set,
                        b"auth_request_set" => Definer::AuthRequestSet,
                        b"perl_set" => Definer::PerlSet,
                        b"js_set" => Definer::JsSet,
                        _ => Definer::JsVar,
                    };
                    nth(0).map(|v| (v, definer))
                }
                b"map" => nth(1).map(|v| (v, Definer::Map)),
                b"split_clients" => nth(1).map(|v| (v, Definer::SplitClients)),
                b"geo" => entry
                    .args()
                    .last()
                    .map(|t| (entry.tree.value(t), Definer::Geo)),
                _ if !entry.rows.is_known() => {
                    // Third-party: `set_by_lua $v ...`, or a `$v ...` line
                    // in a third-party block (geoip2).
                    if name.first() == Some(&b'$') {
                        Some((std::borrow::Cow::Borrowed(name), Definer::ThirdParty))
                    } else {
                        args.next()
                            .map(|t| entry.tree.value(t))
                            .filter(|v| v.first() == Some(&b'$'))
                            .map(|v| (v, Definer::ThirdParty))
                    }
                }
                _ => None,
            };
            if let Some((value, definer)) = defined {
                if let Some(var) = value.strip_prefix(b"$").filter(|v| !v.is_empty()) {
                    vars.define(protocol, var, Definition { entry: id, definer });
                }
            }
            if regex && args_hold(entry, b'(') {
                for token in entry.args() {
                    // (`contains` of one byte is a memchr.)
                    if entry.tree.text(token.span()).contains(&b'(') {
                        vars.captures(protocol, id, &entry.tree.value(token));
                    }
                }
            }
        }
        vars
    }

    fn define(&mut self, protocol: Protocol, name: &[u8], definition: Definition) {
        let map = match protocol {
            Protocol::Http => &mut self.http,
            Protocol::Stream => &mut self.stream,
        };
        let key = name.to_ascii_lowercase().into_boxed_slice();
        map.entry(key).or_default().push(definition);
    }

    /// Define the named captures of a regex: `(?<n>`, `(?P<n>`, `(?'n'`.
    fn captures(&mut self, protocol: Protocol, entry: EntryId, regex: &[u8]) {
        let mut rest = regex;
        while let Some(at) = find(rest, b"(?") {
            rest = &rest[at + 2..];
            let body = match rest {
                [b'<', tail @ ..] | [b'\'', tail @ ..] => tail,
                [b'P', b'<', tail @ ..] => tail,
                _ => continue,
            };
            let len = body
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            if len > 0 && matches!(body.get(len), Some(b'>' | b'\'')) {
                let definition = Definition {
                    entry,
                    definer: Definer::NamedCapture,
                };
                self.define(protocol, &body[..len], definition);
            }
        }
    }

    /// What `name` (without `$`) is in `protocol`, if nginx knows it.
    /// Allocates nothing for names up to 64 bytes.
    pub fn resolve(&self, protocol: Protocol, name: &[u8]) -> Option<Resolved<'_>> {
        let mut buffer = [0u8; NAME_BUFFER];
        let owned;
        let lower: &[u8] = if !name.iter().any(u8::is_ascii_uppercase) {
            name
        } else if name.len() <= NAME_BUFFER {
            let out = &mut buffer[..name.len()];
            out.copy_from_slice(name);
            out.make_ascii_lowercase();
            out
        } else {
            owned = name.to_ascii_lowercase();
            &owned
        };
        let defined = match protocol {
            Protocol::Http => &self.http,
            Protocol::Stream => &self.stream,
        };
        if let Some(definitions) = defined.get(lower) {
            return Some(Resolved::Defined(definitions));
        }
        let usable = |b: &&Builtin| b.in_protocol(protocol) && b.exists_in(self.version);
        if let Some(exact) = builtin_rows(lower).iter().find(usable) {
            return Some(Resolved::Builtin(exact));
        }
        // The longest prefix wins, as in nginx.
        PREFIXES
            .iter()
            .filter(|b| lower.starts_with(b.name.as_bytes()))
            .filter(usable)
            .max_by_key(|b| b.name.len())
            .map(Resolved::Prefix)
    }

    /// The known name closest to an unknown one, when it is close enough to
    /// be a typo (for the "did you mean" of the error; not on the happy path).
    pub fn suggest(&self, protocol: Protocol, name: &[u8]) -> Option<String> {
        let lower = name.to_ascii_lowercase();
        let defined = match protocol {
            Protocol::Http => &self.http,
            Protocol::Stream => &self.stream,
        };
        let builtins = BUILTINS
            .iter()
            .filter(|b| b.in_protocol(protocol) && b.exists_in(self.version))
            .map(|b| b.name.as_bytes());
        let limit = match lower.len() {
            0..=3 => 1,
            4..=8 => 2,
            _ => 3,
        };
        defined
            .keys()
            .map(|k| &k[..])
            .chain(builtins)
            .filter_map(|candidate| Some((edits_within(&lower, candidate, limit)?, candidate)))
            .min()
            .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
    }
}

/// Which arguments of a directive nginx compiles as scripts (where `$x` is a
/// variable; everywhere else a `$` is a plain byte, a regex anchor included).
/// From the handlers of nginx's source: `ngx_http_set_complex_value*_slot`,
/// `ngx_http_set_predicate_slot`, `ngx_http_upstream_param_set_slot`,
/// `ngx_http_upstream_bind_set_slot`, and the handlers that call
/// `ngx_http_compile_complex_value` or `ngx_http_script_compile` (and the
/// stream ones).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    /// Every argument.
    All,
    /// Only the argument at this index.
    At(u8),
    /// The last argument.
    Last,
    /// `return code [text]` (the text), or `return URL` when the URL starts
    /// with `http://`, `https://` or `$scheme` (else it is a code).
    Return,
    /// The argument at this index, when it starts with `$`: the rest of it
    /// is one variable's name (`charset $v`, `geo $source $v`).
    NameAt(u8),
    /// `if (...)`: its own grammar.
    If,
    /// `access_log path [format] ... [if=cond]`.
    AccessLog,
    /// `log_format name [escape=...] string...`.
    LogFormat,
    /// `proxy_redirect`/`proxy_cookie_*`: arguments that are not a regex
    /// (`~`), `default` or `off`.
    NotRegex,
    /// The values of these `name=` parameters.
    Params(&'static str),
}

/// The script arguments of an `http` (or, with `stream`, stream) directive.
fn script_of(name: &[u8], protocol: Protocol) -> Option<Script> {
    use Script::*;
    if protocol == Protocol::Stream {
        return Some(match name {
            b"proxy_pass"
            | b"pass"
            | b"return"
            | b"proxy_bind"
            | b"proxy_upload_rate"
            | b"proxy_download_rate"
            | b"proxy_ssl_name"
            | b"proxy_ssl_certificate"
            | b"proxy_ssl_certificate_key"
            | b"ssl_certificate"
            | b"ssl_certificate_key"
            | b"limit_conn_zone"
            | b"hash" => At(0),
            b"proxy_ssl_alpn" => All,
            b"set" | b"js_var" => At(1),
            b"map" | b"split_clients" => At(0),
            b"geo" => NameAt(0),
            b"access_log" => AccessLog,
            b"log_format" => LogFormat,
            _ => return None,
        });
    }
    Some(match name {
        b"proxy_pass"
        | b"fastcgi_pass"
        | b"uwsgi_pass"
        | b"scgi_pass"
        | b"grpc_pass"
        | b"tunnel_pass"
        | b"root"
        | b"alias"
        | b"proxy_cache_key"
        | b"fastcgi_cache_key"
        | b"uwsgi_cache_key"
        | b"scgi_cache_key"
        | b"proxy_cache"
        | b"fastcgi_cache"
        | b"uwsgi_cache"
        | b"scgi_cache"
        | b"proxy_store"
        | b"fastcgi_store"
        | b"uwsgi_store"
        | b"scgi_store"
        | b"proxy_method"
        | b"proxy_set_body"
        | b"proxy_ssl_name"
        | b"grpc_ssl_name"
        | b"uwsgi_ssl_name"
        | b"proxy_ssl_certificate"
        | b"proxy_ssl_certificate_key"
        | b"grpc_ssl_certificate"
        | b"grpc_ssl_certificate_key"
        | b"uwsgi_ssl_certificate"
        | b"uwsgi_ssl_certificate_key"
        | b"ssl_certificate"
        | b"ssl_certificate_key"
        | b"proxy_bind"
        | b"fastcgi_bind"
        | b"uwsgi_bind"
        | b"scgi_bind"
        | b"grpc_bind"
        | b"memcached_bind"
        | b"tunnel_bind"
        | b"limit_rate"
        | b"limit_rate_after"
        | b"proxy_limit_rate"
        | b"fastcgi_limit_rate"
        | b"uwsgi_limit_rate"
        | b"scgi_limit_rate"
        | b"limit_req_zone"
        | b"limit_conn_zone"
        | b"hash"
        | b"auth_basic"
        | b"auth_basic_user_file"
        | b"secure_link"
        | b"secure_link_md5"
        | b"http2_push"
        | b"map"
        | b"split_clients"
        | b"xslt_stylesheet" => At(0),
        b"geo" => NameAt(0),
        b"proxy_set_header" | b"grpc_set_header" | b"fastcgi_param" | b"uwsgi_param"
        | b"scgi_param" | b"add_header" | b"add_trailer" | b"set" | b"auth_request_set"
        | b"rewrite" | b"xslt_param" | b"xslt_string_param" | b"js_var" => At(1),
        b"try_files"
        | b"index"
        | b"sub_filter"
        | b"proxy_cache_bypass"
        | b"proxy_no_cache"
        | b"fastcgi_cache_bypass"
        | b"fastcgi_no_cache"
        | b"uwsgi_cache_bypass"
        | b"uwsgi_no_cache"
        | b"scgi_cache_bypass"
        | b"scgi_no_cache"
        | b"image_filter"
        | b"image_filter_jpeg_quality"
        | b"image_filter_webp_quality"
        | b"image_filter_sharpen" => All,
        b"error_page" | b"expires" => Last,
        b"return" => Return,
        b"if" => If,
        b"access_log" => AccessLog,
        b"log_format" => LogFormat,
        b"proxy_redirect"
        | b"proxy_cookie_domain"
        | b"proxy_cookie_path"
        | b"proxy_cookie_flags" => NotRegex,
        b"charset" | b"source_charset" => NameAt(0),
        b"disable_symlinks" => Params("from="),
        b"aio" => Params("threads="),
        _ => return None,
    })
}

/// A value per directive name, computed the first time an entry of that
/// name is met: the passes ask the same few questions of every entry, and
/// a config repeats few names many times.
struct PerName<T: Copy> {
    /// Indexed by the name's first row in the directive table.
    slots: Vec<Option<T>>,
}

impl<T: Copy> PerName<T> {
    fn new() -> PerName<T> {
        PerName {
            slots: vec![None; table_len()],
        }
    }

    /// The value of a known name (`rows.is_known()`), `compute`d once.
    fn get(&mut self, rows: RowRange, compute: impl FnOnce() -> T) -> T {
        *self.slots[rows.first_row()].get_or_insert_with(compute)
    }
}

/// Directives nginx compiles when it merges a `server`'s (and its
/// locations') settings: at the `http`/`stream` level they are compiled only
/// when some server inherits them.
fn compiled_in_servers(name: &[u8]) -> bool {
    matches!(
        name,
        b"proxy_set_header"
            | b"grpc_set_header"
            | b"fastcgi_param"
            | b"uwsgi_param"
            | b"scgi_param"
            | b"proxy_set_body"
            | b"ssl_certificate"
            | b"ssl_certificate_key"
    )
}

fn has_servers(model: &Model<'_>, protocol: Protocol) -> bool {
    let context = match protocol {
        Protocol::Http => Context::HttpServer,
        Protocol::Stream => Context::StreamServer,
    };
    model.entries.iter().any(|e| e.context == context)
}

/// Directives whose arguments hold regexes, whose named captures define
/// variables.
fn has_regex_args(name: &[u8]) -> bool {
    matches!(
        name,
        b"location"
            | b"server_name"
            | b"if"
            | b"rewrite"
            | b"proxy_redirect"
            | b"proxy_cookie_domain"
            | b"proxy_cookie_path"
            | b"proxy_cookie_flags"
            | b"valid_referers"
    )
}

/// Whether a `$` stands anywhere among the directive's arguments (one
/// scan over their text): most directives have none, and then no use.
fn mentions_dollar(entry: &crate::analysis::model::Entry<'_>) -> bool {
    args_hold(entry, b'$')
}

/// Whether `byte` stands anywhere in the text of the directive's parts, in
/// one scan eight bytes at a time (the arguments are short: a vectorized
/// search per argument costs more in its setup than in its search).
fn args_hold(entry: &crate::analysis::model::Entry<'_>, byte: u8) -> bool {
    let parts = entry.tree.parts(entry.directive);
    match (parts.first(), parts.last()) {
        (Some(first), Some(last)) => crate::bytes::find(
            entry
                .tree
                .text(Span::new(first.span().start, last.span().end)),
            byte,
        )
        .is_some(),
        _ => false,
    }
}

/// The namespace of an entry; `map`/`geo` bodies take their opener's.
fn protocol_of(model: &Model<'_>, id: EntryId) -> Option<Protocol> {
    let entry = &model.entries[id];
    if entry.context == Context::Opaque {
        // A third-party block (`geoip2 { $v ...; }`): the protocol around it.
        let mut scope = Some(entry.scope);
        while let Some(s) = scope {
            if let Some(protocol) = Protocol::of(model.scopes[s].context) {
                return Some(protocol);
            }
            scope = model.scopes[s].parent;
        }
        return None;
    }
    if entry.context != Context::Entries {
        return Protocol::of(entry.context);
    }
    let opener = model.scopes[entry.scope].opener?;
    let opener = &model.entries[opener];
    // Only `map` values are scripts; the other bodies are plain data.
    if &*opener.name != b"map" {
        return None;
    }
    Protocol::of(opener.context)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// One argument: its value and, when the value is the source text as is,
/// where the value starts (so that a use's span is the `$name` itself).
struct Arg<'t> {
    value: std::borrow::Cow<'t, [u8]>,
    token: Span,
    /// Offset of the value's first byte in the file, when offsets map 1:1.
    start: Option<usize>,
}

impl<'t> Arg<'t> {
    fn of(tree: &'t crate::syntax::SourceFile, token: &Token) -> Arg<'t> {
        let value = tree.value(token);
        let span = token.span();
        let quoted = !matches!(token.kind, crate::syntax::TokenKind::Word);
        let start = (token.is_plain()).then_some(span.start + usize::from(quoted));
        Arg {
            value,
            token: span,
            start,
        }
    }

    /// The span of `value[from..to]`.
    fn span(&self, from: usize, to: usize) -> Span {
        match self.start {
            Some(start) => Span::new(start + from, start + to),
            None => self.token,
        }
    }
}

impl Variables {
    /// Every variable use of the config, in entry order: the `$x` of the
    /// arguments nginx compiles as scripts, `if`'s variable operands and the
    /// implicit uses. Allocates nothing unless an argument holds escapes.
    pub fn for_each_use(&self, model: &Model<'_>, mut f: impl FnMut(&Use<'_>)) {
        // A file included twice is read once (only then is a set needed).
        let mut seen: crate::hash::FastSet<(usize, usize)> = Default::default();
        // Whether the protocol has a `server` (asked at most once).
        let mut has_server: Option<bool> = None;
        let mut http_scripts = PerName::new();
        let mut stream_scripts = PerName::new();
        for (id, entry) in model.entries.iter().enumerate() {
            if model.repeats(entry.file)
                && !seen.insert((entry.file, entry.directive.name.span().start))
            {
                continue;
            }
            let tree = entry.tree;
            if entry.context == Context::Entries {
                if !mentions_dollar(entry) {
                    continue;
                }
                let Some(protocol) = protocol_of(model, id) else {
                    continue;
                };
                // A `map` entry: `key value;`, the value is a script.
                for token in entry.args().take(1) {
                    let arg = Arg::of(tree, token);
                    scan(&arg, protocol, id, true, &mut f);
                }
                continue;
            }
            let name: &[u8] = &entry.name;
            let Some(protocol) = Protocol::of(entry.context) else {
                continue;
            };
            if protocol == Protocol::Http && name == b"memcached_pass" {
                f(&Use {
                    entry: id,
                    name: b"memcached_key",
                    span: entry.directive.name.span(),
                    kind: UseKind::Implicit,
                    protocol,
                });
            }
            // A name the table does not know compiles no script.
            if !entry.rows.is_known() {
                continue;
            }
            let scripts = match protocol {
                Protocol::Http => &mut http_scripts,
                Protocol::Stream => &mut stream_scripts,
            };
            let Some(script) = scripts.get(entry.rows, || script_of(name, protocol)) else {
                continue;
            };
            if !mentions_dollar(entry) {
                continue;
            }
            if matches!(entry.context, Context::Http | Context::Stream)
                && compiled_in_servers(name)
                && !*has_server.get_or_insert_with(|| has_servers(model, protocol))
            {
                continue;
            }
            let count = entry.args().count();
            let captures = name != b"log_format";
            for (i, token) in entry.args().enumerate() {
                let raw = tree.text(token.span());
                if !raw.contains(&b'$') && script != Script::If {
                    continue;
                }
                let arg = Arg::of(tree, token);
                let value: &[u8] = &arg.value;
                let compiled = match script {
                    Script::All => true,
                    Script::At(n) => i == usize::from(n),
                    Script::Last => i + 1 == count,
                    Script::Return => {
                        if count == 1 {
                            value.starts_with(b"http://")
                                || value.starts_with(b"https://")
                                || value.starts_with(b"$scheme")
                        } else {
                            i == 1
                        }
                    }
                    Script::NameAt(n) => {
                        // `geo $v {}` has no source: its one argument is the definition.
                        let source = name != b"geo" || count == 2;
                        if i == usize::from(n) && source && value.len() > 1 && value[0] == b'$' {
                            f(&Use {
                                entry: id,
                                name: &value[1..],
                                span: arg.span(0, value.len()),
                                kind: UseKind::Condition,
                                protocol,
                            });
                        }
                        false
                    }
                    Script::AccessLog => {
                        if i == 0 {
                            !value.starts_with(b"syslog:")
                        } else if let Some(cond) = value.strip_prefix(b"if=") {
                            let from = value.len() - cond.len();
                            scan_from(&arg, from, protocol, id, true, &mut f);
                            false
                        } else {
                            false
                        }
                    }
                    Script::LogFormat => i >= 1 && !(i == 1 && value.starts_with(b"escape=")),
                    Script::NotRegex => {
                        !value.starts_with(b"~") && value != b"default" && value != b"off"
                    }
                    Script::Params(param) => {
                        if let Some(rest) = value.strip_prefix(param.as_bytes()) {
                            let from = value.len() - rest.len();
                            scan_from(&arg, from, protocol, id, true, &mut f);
                        }
                        false
                    }
                    Script::If => false,
                };
                if compiled {
                    scan(&arg, protocol, id, captures, &mut f);
                }
            }
            if script == Script::If {
                condition_uses(entry, protocol, id, &mut f);
            }
        }
    }
}

fn scan(
    arg: &Arg<'_>,
    protocol: Protocol,
    entry: EntryId,
    captures: bool,
    f: &mut impl FnMut(&Use<'_>),
) {
    scan_from(arg, 0, protocol, entry, captures, f)
}

/// The variables of a script, read as `ngx_http_script_compile` reads them:
/// `$1`..`$9` are captures (except in `log_format`, whose parser takes
/// digits as a name), `${name}` or `$name` of `[A-Za-z0-9_]`. A `$` with
/// no name, or a `${` never closed, ends the script as it ends nginx's
/// compile: one [`UseKind::Nameless`] or [`UseKind::Unclosed`], then nothing.
fn scan_from(
    arg: &Arg<'_>,
    from: usize,
    protocol: Protocol,
    entry: EntryId,
    captures: bool,
    f: &mut impl FnMut(&Use<'_>),
) {
    let value: &[u8] = &arg.value;
    let mut i = from;
    while let Some(at) = value[i..].iter().position(|&b| b == b'$') {
        let dollar = i + at;
        i = dollar + 1;
        if captures && matches!(value.get(i), Some(b'1'..=b'9')) {
            f(&Use {
                entry,
                name: &value[i..i + 1],
                span: arg.span(dollar, i + 1),
                kind: UseKind::Capture,
                protocol,
            });
            i += 1;
            continue;
        }
        let bracket = value.get(i) == Some(&b'{');
        let start = i + usize::from(bracket);
        let len = value[start..]
            .iter()
            .take_while(|b| is_name_byte(**b))
            .count();
        let end = start + len;
        // nginx stops compiling the script at the first of these.
        if bracket && start < value.len() && value.get(end) != Some(&b'}') {
            f(&Use {
                entry,
                name: &value[start..end],
                span: arg.span(dollar, end),
                kind: UseKind::Unclosed,
                protocol,
            });
            return;
        }
        i = end + usize::from(bracket && start < value.len());
        if len == 0 {
            if captures {
                f(&Use {
                    entry,
                    name: &[],
                    span: arg.span(dollar, dollar + 1),
                    kind: UseKind::Nameless,
                    protocol,
                });
            }
            return;
        }
        f(&Use {
            entry,
            name: &value[start..end],
            span: arg.span(dollar, i),
            kind: UseKind::Script,
            protocol,
        });
    }
}

/// `if`'s operands as `ngx_http_rewrite_if_condition` reads them: the
/// parentheses stripped; a `$name` first operand is a variable (the whole
/// word); the value after `=`/`!=` and the operand of `-f` and the like are
/// scripts; a regex after `~`, `~*`, `!~`, `!~*` is not.
fn condition_uses(
    entry: &crate::analysis::model::Entry<'_>,
    protocol: Protocol,
    id: EntryId,
    f: &mut impl FnMut(&Use<'_>),
) {
    let tree = entry.tree;
    let mut args: Vec<Arg<'_>> = Vec::new();
    for token in entry.args() {
        args.push(Arg::of(tree, token));
    }
    // (The only allocation: one small vector per `if`.)
    let (mut from, mut to) = (0usize, args.len());
    let mut first_skip = 0;
    let mut last_cut = 0;
    if let Some(first) = args.first() {
        if &*first.value == b"(" {
            from = 1;
        } else if first.value.starts_with(b"(") {
            first_skip = 1;
        }
    }
    if to > from {
        let last = &args[to - 1];
        if &*last.value == b")" {
            to -= 1;
        } else if last.value.ends_with(b")") {
            last_cut = 1;
        }
    }
    let operands = &args[from..to.max(from)];
    let bounds = |k: usize, a: &Arg<'_>| {
        let start = if k == 0 { first_skip } else { 0 };
        let end = a.value.len() - if k + 1 == operands.len() { last_cut } else { 0 };
        (start, end.max(start))
    };
    let Some(first) = operands.first() else {
        return;
    };
    let (s0, e0) = bounds(0, first);
    let head = &first.value[s0..e0];
    if head.len() > 1 && head[0] == b'$' {
        f(&Use {
            entry: id,
            name: &head[1..],
            span: first.span(s0, e0),
            kind: UseKind::Condition,
            protocol,
        });
        if operands.len() == 3 {
            let operator: &[u8] = &operands[1].value;
            if operator == b"=" || operator == b"!=" {
                let value = &operands[2];
                let (s2, e2) = bounds(2, value);
                let trimmed = Arg {
                    value: std::borrow::Cow::Borrowed(&value.value[..e2]),
                    token: value.token,
                    start: value.start,
                };
                scan_from(&trimmed, s2, protocol, id, true, f);
            }
        }
        return;
    }
    if operands.len() == 2
        && matches!(
            head,
            b"-f" | b"!-f" | b"-d" | b"!-d" | b"-e" | b"!-e" | b"-x" | b"!-x"
        )
    {
        let value = &operands[1];
        let (s1, e1) = bounds(1, value);
        let trimmed = Arg {
            value: std::borrow::Cow::Borrowed(&value.value[..e1]),
            token: value.token,
            start: value.start,
        };
        scan_from(&trimmed, s1, protocol, id, true, f);
    }
}

/// `unknown "X" variable` at each use of a name nginx does not know, as
/// `ngx_http_variables_init_vars` reports it once the config is read.
pub fn check(model: &Model<'_>, version: Version) -> Vec<FileDiagnostic> {
    let vars = Variables::build(model, version);
    let mut out = Vec::new();
    let mut suggested: FastMap<(Protocol, Vec<u8>), Option<String>> = FastMap::default();
    vars.for_each_use(model, |u| {
        let refused = match u.kind {
            UseKind::Unclosed => Some(format!(
                "the closing bracket in \"{}\" variable is missing",
                String::from_utf8_lossy(u.name)
            )),
            UseKind::Nameless => Some("invalid variable name".to_string()),
            _ => None,
        };
        if let Some(message) = refused {
            out.push(FileDiagnostic {
                file: model.entries[u.entry].file,
                diagnostic: Diagnostic::error(Code::InvalidVariable, u.span, message).with_help(
                    "a variable is `$name` or `${name}`, the name of letters, digits and `_`",
                ),
            });
            return;
        }
        if u.kind == UseKind::Capture || vars.resolve(u.protocol, u.name).is_some() {
            return;
        }
        let whole = in_whole_config(model, u.entry);
        let other = match u.protocol {
            Protocol::Http => Protocol::Stream,
            Protocol::Stream => Protocol::Http,
        };
        if !whole && vars.resolve(other, u.name).is_some() {
            // A snippet read as http may be included in stream, or back.
            return;
        }
        let shown = String::from_utf8_lossy(u.name).to_ascii_lowercase();
        let message = format!("unknown \"{shown}\" variable");
        // Suggested once per name (a misspelt name is often used often).
        let close = suggested
            .entry((u.protocol, u.name.to_ascii_lowercase()))
            .or_insert_with(|| vars.suggest(u.protocol, u.name))
            .clone();
        // A file read on its own (a snippet) may use what the config that
        // includes it defines: only a whole config is certain to fail.
        let diagnostic = if whole {
            Diagnostic::error(Code::UnknownVariable, u.span, message).with_help(match close {
                Some(close) => format!("did you mean \"${close}\"?"),
                None => NO_DEFINITION.to_string(),
            })
        } else {
            Diagnostic::warning(Code::UnknownVariable, u.span, message).with_help(match close {
                Some(close) => format!(
                    "did you mean \"${close}\"? (or the config that includes this file defines it)"
                ),
                None => "unless the config that includes this file defines it".to_string(),
            })
        };
        out.push(FileDiagnostic {
            file: model.entries[u.entry].file,
            diagnostic,
        });
    });
    out
}

const NO_DEFINITION: &str =
    "no module provides it and no set, map, geo, split_clients or regex capture defines it";

/// Whether the entry stands in a whole `nginx.conf` (its outermost block is
/// the main level), not in a snippet read on its own.
fn in_whole_config(model: &Model<'_>, entry: EntryId) -> bool {
    let mut scope = model.entries[entry].scope;
    while let Some(parent) = model.scopes[scope].parent {
        scope = parent;
    }
    model.scopes[scope].context == Context::Main
}

#[cfg(test)]
mod tests {
    use crate::analysis::validate_for;
    use crate::input::ConfigSet;
    use crate::options::Version;

    /// The help of each diagnostic of a config.
    fn helps(text: &str) -> Vec<(String, Option<String>)> {
        let set = ConfigSet::from_text("nginx.conf", text.as_bytes());
        validate_for(&set, Version(1, 22, 1))
            .into_iter()
            .map(|d| (d.diagnostic.message, d.diagnostic.help))
            .collect()
    }

    /// Two neighbours swapped are one slip, as in directive names: `$rui`
    /// is within the one edit a three-byte name may be from `$uri`.
    #[test]
    fn a_swapped_pair_is_one_edit_from_the_name_meant() {
        let config = |var: &str| {
            format!("events {{}}\nhttp {{\n    server {{\n        listen 8001;\n        return 200 ${var};\n    }}\n}}\n")
        };
        assert_eq!(
            helps(&config("rui")),
            [(
                "unknown \"rui\" variable".to_string(),
                Some("did you mean \"$uri\"?".to_string())
            )]
        );
        assert_eq!(
            helps(&config("hots")),
            [(
                "unknown \"hots\" variable".to_string(),
                Some("did you mean \"$host\"?".to_string())
            )]
        );
    }
}

// Variable properties: which values the client controls, which can carry
// CR/LF, which are normalised. The facts per built-in are the table below;
// user-defined variables (`set`, `map`, named and numbered captures) are
// resolved by following their definitions, a bounded number of steps deep.

/// What a variable's value may hold, as far as an attacker is concerned.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Properties {
    /// The client chooses (part of) the value.
    pub client: bool,
    /// The value may hold a CR or LF byte: a decoded `%0d`/`%0a`, or a
    /// request body. Raw request lines and header lines cannot hold one
    /// (nginx ends a line at LF and refuses a bare CR in a header).
    pub crlf: bool,
    /// The value may be any host name the client picks: it need not start
    /// with `/`, and nginx did not check it against this server's names.
    pub host: bool,
    /// nginx decoded `%XX` in it and resolved `.`, `..` and `//` (or, for
    /// `$host`, lower-cased it and dropped the port).
    pub normalised: bool,
}

impl Properties {
    /// Set in either.
    pub const fn or(self, other: Properties) -> Properties {
        Properties {
            client: self.client || other.client,
            crlf: self.crlf || other.crlf,
            host: self.host || other.host,
            normalised: self.normalised || other.normalised,
        }
    }
}

const fn props(client: bool, crlf: bool, host: bool, normalised: bool) -> Properties {
    Properties {
        client,
        crlf,
        host,
        normalised,
    }
}

/// A raw client value (header, argument, cookie): any host, no CR/LF.
const RAW: Properties = props(true, false, true, false);
/// A path nginx decoded and normalised: `%0d%0a` arrives as CR/LF.
const DECODED_PATH: Properties = props(true, true, false, true);

/// The built-ins the client controls, sorted by name; a name ending in `_`
/// is a prefix family. Every other built-in is nginx's or the backend's.
/// Facts (nginx docs and `ngx_http_parse.c`): `$uri`, `$document_uri` are
/// decoded and normalised, and the names built from them (`$request_filename`,
/// `$fastcgi_script_name`, `$fastcgi_path_info`) too; `$request_uri`,
/// `$args`, `$arg_*` are the request line as sent, still %-encoded;
/// `$http_*`, `$cookie_*` are header lines; `$host` is validated
/// (`ngx_http_validate_host`) and selects the server; `$remote_user` is
/// base64-decoded from `Authorization`, so it may hold any byte.
static CLIENT_PROPERTIES: &[(&str, Properties)] = &[
    ("arg_", RAW),
    ("args", RAW),
    ("content_length", props(true, false, false, false)),
    ("content_type", RAW),
    ("cookie_", RAW),
    ("document_uri", DECODED_PATH),
    ("fastcgi_path_info", DECODED_PATH),
    ("fastcgi_script_name", DECODED_PATH),
    ("host", props(true, false, false, true)),
    ("http_", RAW),
    ("query_string", RAW),
    ("remote_user", props(true, true, true, false)),
    ("request", props(true, false, false, false)),
    ("request_body", props(true, true, true, false)),
    ("request_filename", DECODED_PATH),
    ("request_method", props(true, false, false, false)),
    ("request_uri", props(true, false, false, false)),
    ("ssl_server_name", props(true, false, false, true)),
    ("uri", DECODED_PATH),
];

/// The properties of a built-in name (lower case): its own row, else its
/// prefix family's (`http_host` is an `http_` header).
pub fn builtin_properties(lower: &[u8]) -> Properties {
    let row = |name: &[u8]| {
        CLIENT_PROPERTIES
            .binary_search_by(|(n, _)| n.as_bytes().cmp(name))
            .ok()
            .and_then(|i| CLIENT_PROPERTIES.get(i))
            .map(|(_, p)| *p)
    };
    if let Some(p) = row(lower) {
        return p;
    }
    CLIENT_PROPERTIES
        .iter()
        .filter(|(n, _)| n.ends_with('_') && lower.starts_with(n.as_bytes()))
        .max_by_key(|(n, _)| n.len())
        .map(|(_, p)| *p)
        .unwrap_or_default()
}

/// How many definitions deep the resolver follows (`set $a $b; set $b $c`).
const MAX_DEPTH: u8 = 8;

/// What a regex was matched against, for its captures.
struct Subject<'r> {
    regex: std::borrow::Cow<'r, [u8]>,
    subject: Properties,
}

impl Variables {
    /// The properties of the value of `$name` as read at `entry`.
    pub fn properties(
        &self,
        model: &Model<'_>,
        protocol: Protocol,
        name: &[u8],
        entry: EntryId,
    ) -> Properties {
        self.properties_at(model, protocol, name, entry, 0)
    }

    /// The properties of one use: a capture `$1`..`$9` is the part of what
    /// the last regex matched that its group took.
    pub fn use_properties(&self, model: &Model<'_>, u: &Use<'_>) -> Properties {
        match u.kind {
            UseKind::Capture => self.capture_properties(model, u.protocol, u.entry, u.name, 0),
            UseKind::Script | UseKind::Condition | UseKind::Implicit => {
                self.properties_at(model, u.protocol, u.name, u.entry, 0)
            }
            UseKind::Unclosed | UseKind::Nameless => Properties::default(),
        }
    }

    /// The properties of a script (a `set` value, a header value): the
    /// union of its variables'; normalised only when it is one variable.
    pub fn script_properties(
        &self,
        model: &Model<'_>,
        protocol: Protocol,
        entry: EntryId,
        script: &[u8],
    ) -> Properties {
        self.script_at(model, protocol, entry, script, 0)
    }

    /// The variable uses of a script that is not an argument as written
    /// (a part of one): their spans are meaningless, their names and kinds
    /// are those nginx compiles.
    pub fn script_uses(
        &self,
        protocol: Protocol,
        entry: EntryId,
        script: &[u8],
        mut f: impl FnMut(&Use<'_>),
    ) {
        let arg = Arg {
            value: std::borrow::Cow::Borrowed(script),
            token: Span::new(0, 0),
            start: None,
        };
        scan(&arg, protocol, entry, true, &mut f);
    }

    fn properties_at(
        &self,
        model: &Model<'_>,
        protocol: Protocol,
        name: &[u8],
        entry: EntryId,
        depth: u8,
    ) -> Properties {
        if depth > MAX_DEPTH {
            return Properties::default();
        }
        match self.resolve(protocol, name) {
            Some(Resolved::Builtin(b)) | Some(Resolved::Prefix(b)) => {
                builtin_properties(b.name.as_bytes())
            }
            Some(Resolved::Defined(definitions)) => {
                definitions.iter().fold(Properties::default(), |acc, d| {
                    acc.or(self.definition_properties(model, protocol, name, d, entry, depth + 1))
                })
            }
            None => Properties::default(),
        }
    }

    fn definition_properties(
        &self,
        model: &Model<'_>,
        protocol: Protocol,
        name: &[u8],
        d: &Definition,
        _at: EntryId,
        depth: u8,
    ) -> Properties {
        let Some(e) = model.entries.get(d.entry) else {
            return Properties::default();
        };
        match d.definer {
            Definer::Set => match e.args().nth(1) {
                Some(t) => self.script_at(model, protocol, d.entry, &e.tree.value(t), depth),
                None => Properties::default(),
            },
            Definer::Map => {
                let Some(scope) = e.opens else {
                    return Properties::default();
                };
                model
                    .members(scope)
                    .iter()
                    .fold(Properties::default(), |acc, &m| {
                        let member = &model.entries[m];
                        let value = match member.args().next() {
                            Some(t) => member.tree.value(t),
                            // `hostnames;`, `volatile;`: no value.
                            None => return acc,
                        };
                        acc.or(self.script_at(model, protocol, m, &value, depth))
                    })
            }
            Definer::NamedCapture => match self.subject(model, protocol, d.entry, depth) {
                Some(s) => match named_group(&s.regex, name) {
                    Some(group) => capture_of(&s.regex, group, s.subject),
                    None => Properties::default(),
                },
                None => Properties::default(),
            },
            // Values the config, a module or a script computes.
            Definer::Geo
            | Definer::SplitClients
            | Definer::AuthRequestSet
            | Definer::PerlSet
            | Definer::JsSet
            | Definer::JsVar
            | Definer::ThirdParty => Properties::default(),
        }
    }

    fn script_at(
        &self,
        model: &Model<'_>,
        protocol: Protocol,
        entry: EntryId,
        script: &[u8],
        depth: u8,
    ) -> Properties {
        let arg = Arg {
            value: std::borrow::Cow::Borrowed(script),
            token: Span::new(0, 0),
            start: None,
        };
        let mut out = Properties::default();
        let mut count = 0usize;
        let mut whole = false;
        scan(&arg, protocol, entry, true, &mut |u: &Use<'_>| {
            count += 1;
            let p = match u.kind {
                UseKind::Capture => self.capture_properties(model, protocol, entry, u.name, depth),
                UseKind::Script => self.properties_at(model, protocol, u.name, entry, depth),
                _ => Properties::default(),
            };
            whole = p.normalised && variable_is_whole(script);
            out = out.or(Properties {
                normalised: false,
                ..p
            });
        });
        out.normalised = count == 1 && whole;
        out
    }

    /// `$N` read at `entry`: group N of the regex that set the captures.
    fn capture_properties(
        &self,
        model: &Model<'_>,
        protocol: Protocol,
        entry: EntryId,
        digit: &[u8],
        depth: u8,
    ) -> Properties {
        let n = match digit {
            [d @ b'1'..=b'9'] => usize::from(d - b'0'),
            _ => return Properties::default(),
        };
        let Some(s) = self.capture_regex(model, protocol, entry, depth) else {
            return Properties::default();
        };
        match numbered_group(&s.regex, n) {
            Some(group) => capture_of(&s.regex, group, s.subject),
            None => Properties::default(),
        }
    }

    /// The regex whose captures `$1`..`$9` are at `entry`: a `rewrite`'s
    /// own, a `map` key's, else the nearest enclosing `if` or regex
    /// `location` (a `rewrite` or `if` before `entry` in its block, which
    /// can replace them at run time, is not followed).
    fn capture_regex<'m>(
        &self,
        model: &Model<'m>,
        protocol: Protocol,
        entry: EntryId,
        depth: u8,
    ) -> Option<Subject<'m>> {
        let e = model.entries.get(entry)?;
        if &*e.name == b"rewrite" || e.context == Context::Entries {
            return self.subject(model, protocol, entry, depth);
        }
        let mut scope = Some(e.scope);
        while let Some(s) = scope {
            if let Some(opener) = model.scopes[s].opener {
                if let Some(found) = self.subject(model, protocol, opener, depth) {
                    return Some(found);
                }
            }
            scope = model.scopes[s].parent;
        }
        None
    }

    /// The regex `entry` matches and what it matches it against.
    fn subject<'m>(
        &self,
        model: &Model<'m>,
        protocol: Protocol,
        entry: EntryId,
        depth: u8,
    ) -> Option<Subject<'m>> {
        let e = model.entries.get(entry)?;
        let tree = e.tree;
        let arg = |n: usize| e.args().nth(n).map(|t| tree.value(t));
        let uri = builtin_properties(b"uri");
        if e.context == Context::Entries {
            // A `map` key `~regex` (or `~*regex`) matched against the source.
            let key = e.name.strip_prefix(b"~")?;
            let key = key.strip_prefix(b"*").unwrap_or(key);
            let opener = &model.entries[model.scopes[e.scope].opener?];
            let source = opener.args().next().map(|t| opener.tree.value(t))?;
            let subject = self.script_at(model, protocol, entry, &source, depth + 1);
            return Some(Subject {
                regex: std::borrow::Cow::Owned(key.to_vec()),
                subject,
            });
        }
        match &*e.name {
            b"rewrite" => Some(Subject {
                regex: arg(0)?,
                subject: uri,
            }),
            b"location" => {
                let first = arg(0)?;
                let regex = match &*first {
                    b"~" | b"~*" => arg(1)?,
                    [b'~', b'*', rest @ ..] | [b'~', rest @ ..] if !rest.is_empty() => {
                        std::borrow::Cow::Owned(rest.to_vec())
                    }
                    _ => return None,
                };
                Some(Subject {
                    regex,
                    subject: uri,
                })
            }
            b"server_name" => {
                let regex = e
                    .args()
                    .map(|t| tree.value(t))
                    .find(|v| v.starts_with(b"~"))?;
                Some(Subject {
                    regex: std::borrow::Cow::Owned(regex[1..].to_vec()),
                    subject: builtin_properties(b"host"),
                })
            }
            b"if" => {
                let mut values: Vec<Vec<u8>> =
                    e.args().map(|t| tree.value(t).into_owned()).collect();
                if let Some(first) = values.first_mut() {
                    if first.first() == Some(&b'(') {
                        first.remove(0);
                    }
                }
                if let Some(last) = values.last_mut() {
                    if last.last() == Some(&b')') {
                        last.pop();
                    }
                }
                values.retain(|v| !v.is_empty());
                let [var, op, regex] = values.as_slice() else {
                    return None;
                };
                if op != b"~" && op != b"~*" {
                    return None;
                }
                let name = var.strip_prefix(b"$")?;
                let subject = self.properties_at(model, protocol, name, entry, depth + 1);
                Some(Subject {
                    regex: std::borrow::Cow::Owned(regex.clone()),
                    subject,
                })
            }
            _ => None,
        }
    }
}

/// Whether a script is one variable and nothing else (`$uri`, `${uri}`).
fn variable_is_whole(script: &[u8]) -> bool {
    match script {
        [b'$', b'{', name @ .., b'}'] | [b'$', name @ ..] => {
            !name.is_empty() && name.iter().all(|b| is_name_byte(*b))
        }
        _ => false,
    }
}

/// What a group of a regex matched against `subject` takes from it.
fn capture_of(regex: &[u8], group: &[u8], subject: Properties) -> Properties {
    if !subject.client {
        return Properties::default();
    }
    Properties {
        client: true,
        crlf: subject.crlf && group_may_match_crlf(group, dot_all(regex)),
        host: subject.host || group_may_match_dot(group),
        normalised: subject.normalised,
    }
}

/// Whether the regex turns on PCRE's `s` flag (`.` then matches LF).
fn dot_all(regex: &[u8]) -> bool {
    let mut rest = regex;
    while let Some(at) = find(rest, b"(?") {
        rest = &rest[at + 2..];
        let flags: &[u8] = &rest[..rest
            .iter()
            .position(|b| matches!(b, b')' | b':' | b'-'))
            .unwrap_or(rest.len())];
        if flags.contains(&b's') && flags.iter().all(u8::is_ascii_alphabetic) {
            return true;
        }
    }
    false
}

/// Whether a group can take a CR or LF: an escape for them or for a class
/// holding them (`\s`, `\W`, `\D`...), a negated class that does not name
/// them, or `.` under the `s` flag. Conservative toward "can".
fn group_may_match_crlf(group: &[u8], dot_all: bool) -> bool {
    let mut i = 0;
    while let Some(&b) = group.get(i) {
        match b {
            b'\\' => {
                let crlf = match group.get(i + 1) {
                    Some(b's' | b'W' | b'D' | b'n' | b'r' | b'v' | b'R' | b'H') => true,
                    Some(b'x') => hex_is_crlf(group.get(i + 2..).unwrap_or_default()),
                    _ => false,
                };
                if crlf {
                    return true;
                }
                i += 2;
            }
            b'[' => {
                let end = class_end(group, i);
                let body = &group[i + 1..end.min(group.len())];
                if let Some(negated) = body.strip_prefix(b"^") {
                    let names = [&b"\\n"[..], b"\\s", b"\\v", b"\\R"]
                        .iter()
                        .any(|n| find(negated, n).is_some());
                    if !names {
                        return true;
                    }
                } else if [&b"\\n"[..], b"\\r", b"\\s", b"\\W", b"\\D", b"\\v"]
                    .iter()
                    .any(|n| find(body, n).is_some())
                {
                    return true;
                }
                i = end + 1;
            }
            b'.' if dot_all => return true,
            _ => i += 1,
        }
    }
    false
}

/// `\x0a`, `\x0d`, `\x{a}`...: the escape after `\x` names CR or LF.
fn hex_is_crlf(after_x: &[u8]) -> bool {
    let digits: Vec<u8> = after_x
        .iter()
        .skip_while(|b| **b == b'{')
        .take_while(|b| b.is_ascii_hexdigit())
        .take(2)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    matches!(digits.as_slice(), b"0a" | b"0d" | b"a" | b"d")
}

/// Whether a group can take a `.` (so name a host): a `.` (escaped or
/// not), a negated class, or `\S`/`\W`/`\D`.
fn group_may_match_dot(group: &[u8]) -> bool {
    group.contains(&b'.')
        || find(group, b"[^").is_some()
        || [&b"\\S"[..], b"\\W", b"\\D"]
            .iter()
            .any(|n| find(group, n).is_some())
}

/// The index of the `]` closing the class opened at `open` (a `]` first
/// in the class, or escaped, is a member).
fn class_end(regex: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    if regex.get(i) == Some(&b'^') {
        i += 1;
    }
    if regex.get(i) == Some(&b']') {
        i += 1;
    }
    while let Some(&b) = regex.get(i) {
        match b {
            b'\\' => i += 2,
            b']' => return i,
            _ => i += 1,
        }
    }
    regex.len()
}

/// Each capturing group of a regex, in PCRE's numbering: its name (if
/// named) and its text between the parentheses.
fn groups(regex: &[u8]) -> Vec<(Option<&[u8]>, &[u8])> {
    let mut out = Vec::new();
    // Open groups: (index into `out` if capturing, start of the body).
    let mut open: Vec<(Option<usize>, usize)> = Vec::new();
    let mut i = 0;
    while let Some(&b) = regex.get(i) {
        match b {
            b'\\' => i += 2,
            b'[' => i = class_end(regex, i) + 1,
            b'(' => {
                let rest = &regex[i + 1..];
                let named = match rest {
                    [b'?', b'P', b'<', tail @ ..]
                    | [b'?', b'<', tail @ ..]
                    | [b'?', b'\'', tail @ ..]
                        if tail.first().is_some_and(|b| is_name_byte(*b)) =>
                    {
                        let len = tail.iter().take_while(|b| is_name_byte(**b)).count();
                        Some((&tail[..len], rest.len() - tail.len() + len + 1))
                    }
                    _ => None,
                };
                match (named, rest.first()) {
                    (Some((name, skip)), _) => {
                        out.push((Some(name), &regex[0..0]));
                        open.push((Some(out.len() - 1), i + 1 + skip));
                    }
                    (None, Some(b'?')) | (None, Some(b'*')) => open.push((None, i + 1)),
                    (None, _) => {
                        out.push((None, &regex[0..0]));
                        open.push((Some(out.len() - 1), i + 1));
                    }
                }
                i += 1;
            }
            b')' => {
                if let Some((Some(index), start)) = open.pop() {
                    if let Some(slot) = out.get_mut(index) {
                        slot.1 = regex.get(start..i).unwrap_or_default();
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The text of group `n` (1-based).
fn numbered_group(regex: &[u8], n: usize) -> Option<&[u8]> {
    groups(regex).get(n.checked_sub(1)?).map(|(_, body)| *body)
}

/// The text of the group named `name` (ASCII case ignored, as variables).
fn named_group<'r>(regex: &'r [u8], name: &[u8]) -> Option<&'r [u8]> {
    groups(regex)
        .into_iter()
        .find(|(n, _)| n.is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .map(|(_, body)| body)
}

#[cfg(test)]
mod property_tests {
    use super::{builtin_properties, groups, Properties, Protocol, Variables};
    use crate::analysis::model::Model;
    use crate::input::ConfigSet;
    use crate::options::Version;

    const NONE: Properties = Properties {
        client: false,
        crlf: false,
        host: false,
        normalised: false,
    };

    /// The properties of the script of the last argument of the first
    /// `add_header` of a config.
    fn header(text: &str) -> Properties {
        let set = ConfigSet::from_text("nginx.conf", text.as_bytes());
        let model = Model::build(&set);
        let vars = Variables::build(&model, Version(1, 22, 1));
        let Some(id) = model.entries.iter().position(|e| &*e.name == b"add_header") else {
            return NONE;
        };
        let e = &model.entries[id];
        let Some(value) = e.args().nth(1).map(|t| e.tree.value(t)) else {
            return NONE;
        };
        vars.script_properties(&model, Protocol::Http, id, &value)
    }

    fn p(client: bool, crlf: bool, host: bool, normalised: bool) -> Properties {
        Properties {
            client,
            crlf,
            host,
            normalised,
        }
    }

    #[test]
    fn builtins_carry_the_facts_of_nginx_parsing() {
        assert_eq!(builtin_properties(b"uri"), p(true, true, false, true));
        assert_eq!(
            builtin_properties(b"request_uri"),
            p(true, false, false, false)
        );
        assert_eq!(builtin_properties(b"arg_next"), p(true, false, true, false));
        assert_eq!(
            builtin_properties(b"http_host"),
            p(true, false, true, false)
        );
        assert_eq!(builtin_properties(b"host"), p(true, false, false, true));
        assert_eq!(
            builtin_properties(b"remote_user"),
            p(true, true, true, false)
        );
        assert_eq!(builtin_properties(b"server_name"), NONE);
        assert_eq!(builtin_properties(b"upstream_http_location"), NONE);
    }

    #[test]
    fn set_and_map_pass_their_sources_on() {
        let set =
            "http { server { location / { set $a $uri; set $b \"x$a\"; add_header X $b; } } }";
        assert_eq!(header(set), p(true, true, false, false));
        let whole = "http { server { location / { set $a $uri; add_header X $a; } } }";
        assert_eq!(header(whole), p(true, true, false, true));
        let map = "http { map $http_x $m { default $http_y; a static; } \
                   server { location / { add_header X $m; } } }";
        assert_eq!(header(map), p(true, false, true, false));
        let literal = "http { map $http_x $m { default none; a static; } \
                       server { location / { add_header X $m; } } }";
        assert_eq!(header(literal), NONE);
    }

    #[test]
    fn a_definition_cycle_ends() {
        let cycle = "http { server { location / { set $a $b; set $b $a; add_header X $a; } } }";
        assert_eq!(header(cycle), NONE);
    }

    #[test]
    fn captures_take_from_what_their_regex_matched() {
        // `[^/]` takes a decoded LF; `.` does not without `(?s)`.
        let negated = "http { server { location ~ ^/p/([^/]+)$ { add_header X $1; } } }";
        assert_eq!(header(negated), p(true, true, true, true));
        let dot = "http { server { location ~ ^/p/(.+)$ { add_header X $1; } } }";
        assert_eq!(header(dot), p(true, false, true, true));
        let dot_all = "http { server { location ~ (?s)^/p/(.+)$ { add_header X $1; } } }";
        assert_eq!(header(dot_all), p(true, true, true, true));
        let digits = "http { server { location ~ ^/p/(\\d+)$ { add_header X $1; } } }";
        assert_eq!(header(digits), p(true, false, false, true));
        let named =
            "http { server { location ~ ^/p/(?<rest>\\S+)$ { set $r $rest; add_header X $r; } } }";
        assert_eq!(header(named), p(true, false, true, true));
        let second = "http { server { location ~ ^/(a|b)/(\\W*)$ { add_header X $2; } } }";
        assert_eq!(header(second), p(true, true, true, true));
        let from_if = "http { server { location / { if ($http_referer ~ ^https?://([^/]+)) { add_header X $1; } } } }";
        assert_eq!(header(from_if), p(true, false, true, false));
        let map_key = "http { map $http_x $m { ~^(?<v>[a-z]+)$ $v; } server { location / { add_header X $m; } } }";
        assert_eq!(header(map_key), p(true, false, true, false));
        let prefix = "http { server { location /p/ { add_header X $1; } } }";
        assert_eq!(header(prefix), NONE);
    }

    #[test]
    fn groups_are_numbered_as_pcre_numbers_them() {
        let regex: &[u8] = b"^/(?:x|y)/(?<n>[^)(]+)/(\\(z\\))(?i)(w)$";
        let found: Vec<(Option<&[u8]>, &[u8])> = groups(regex);
        assert_eq!(
            found,
            vec![
                (Some(&b"n"[..]), &b"[^)(]+"[..]),
                (None, &b"\\(z\\)"[..]),
                (None, &b"w"[..]),
            ]
        );
    }
}
