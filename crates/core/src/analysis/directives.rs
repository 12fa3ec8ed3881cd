//! What confine knows about each nginx directive: where it may appear, how many
//! arguments it takes, whether it opens a block, and which module provides it.
//!
//! The facts come from the nginx documentation (one entry per row of each
//! module's directive index) and mirror the `ngx_command_t` flags nginx uses, so
//! that "not allowed here" and "invalid number of arguments" agree with
//! `nginx -t`. The table is data only; the checks live in `analysis::validate`.

/// A set of configuration contexts, one bit per nginx `NGX_*_CONF` flag.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Contexts(u32);

impl Contexts {
    pub const NONE: Contexts = Contexts(0);
    /// Top level of `nginx.conf` (`NGX_MAIN_CONF`).
    pub const MAIN: Contexts = Contexts(1 << 0);
    pub const EVENTS: Contexts = Contexts(1 << 1);
    pub const HTTP: Contexts = Contexts(1 << 2);
    pub const HTTP_SERVER: Contexts = Contexts(1 << 3);
    pub const HTTP_LOCATION: Contexts = Contexts(1 << 4);
    pub const HTTP_UPSTREAM: Contexts = Contexts(1 << 5);
    /// `if` inside `server` (`NGX_HTTP_SIF_CONF`).
    pub const HTTP_SIF: Contexts = Contexts(1 << 6);
    /// `if` inside `location` (`NGX_HTTP_LIF_CONF`).
    pub const HTTP_LIF: Contexts = Contexts(1 << 7);
    /// `limit_except` (`NGX_HTTP_LMT_CONF`).
    pub const HTTP_LMT: Contexts = Contexts(1 << 8);
    pub const MAIL: Contexts = Contexts(1 << 9);
    pub const MAIL_SERVER: Contexts = Contexts(1 << 10);
    pub const STREAM: Contexts = Contexts(1 << 11);
    pub const STREAM_SERVER: Contexts = Contexts(1 << 12);
    pub const STREAM_UPSTREAM: Contexts = Contexts(1 << 13);

    /// Shorthands used throughout the table.
    pub const HTTP_MAIN_SRV_LOC: Contexts = Contexts::HTTP
        .or(Contexts::HTTP_SERVER)
        .or(Contexts::HTTP_LOCATION);
    pub const HTTP_SRV_LOC: Contexts = Contexts::HTTP_SERVER.or(Contexts::HTTP_LOCATION);
    pub const STREAM_MAIN_SRV: Contexts = Contexts::STREAM.or(Contexts::STREAM_SERVER);
    pub const MAIL_MAIN_SRV: Contexts = Contexts::MAIL.or(Contexts::MAIL_SERVER);
    pub const HTTP_MAIN_SRV: Contexts = Contexts::HTTP.or(Contexts::HTTP_SERVER);
    pub const HTTP_MAIN_SRV_LOC_LIF: Contexts = Contexts::HTTP_MAIN_SRV_LOC.or(Contexts::HTTP_LIF);
    pub const HTTP_MAIN_SRV_LOC_LMT: Contexts = Contexts::HTTP_MAIN_SRV_LOC.or(Contexts::HTTP_LMT);
    pub const HTTP_LOC_LIF: Contexts = Contexts::HTTP_LOCATION.or(Contexts::HTTP_LIF);
    pub const HTTP_LOC_LIF_LMT: Contexts = Contexts::HTTP_LOC_LIF.or(Contexts::HTTP_LMT);
    /// `server`, `location` and `if` in either (the rewrite module's "if" context).
    pub const HTTP_SRV_LOC_IF: Contexts = Contexts::HTTP_SRV_LOC
        .or(Contexts::HTTP_SIF)
        .or(Contexts::HTTP_LIF);

    pub const fn or(self, other: Contexts) -> Contexts {
        Contexts(self.0 | other.0)
    }

    pub const fn contains(self, other: Contexts) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    pub const fn intersects(self, other: Contexts) -> bool {
        self.0 & other.0 != 0
    }

    pub const fn bits(self) -> u32 {
        self.0
    }
}

impl std::ops::BitOr for Contexts {
    type Output = Contexts;
    fn bitor(self, rhs: Contexts) -> Contexts {
        self.or(rhs)
    }
}

/// How many arguments a directive takes, as nginx checks it in `ngx_conf_handler`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Arity(u16);

impl Arity {
    pub const TAKE0: Arity = Arity(1 << 0);
    pub const TAKE1: Arity = Arity(1 << 1);
    pub const TAKE2: Arity = Arity(1 << 2);
    pub const TAKE3: Arity = Arity(1 << 3);
    pub const TAKE4: Arity = Arity(1 << 4);
    pub const TAKE5: Arity = Arity(1 << 5);
    pub const TAKE6: Arity = Arity(1 << 6);
    pub const TAKE7: Arity = Arity(1 << 7);
    /// Exactly one argument, `on` or `off` (`NGX_CONF_FLAG`).
    pub const FLAG: Arity = Arity(1 << 8);
    /// One or more (`NGX_CONF_1MORE`).
    pub const MORE1: Arity = Arity(1 << 9);
    /// Two or more (`NGX_CONF_2MORE`).
    pub const MORE2: Arity = Arity(1 << 10);
    /// Any number, zero included (`NGX_CONF_ANY`).
    pub const ANY: Arity = Arity(1 << 11);

    pub const TAKE12: Arity = Arity::TAKE1.or(Arity::TAKE2);
    pub const TAKE13: Arity = Arity::TAKE1.or(Arity::TAKE3);
    pub const TAKE23: Arity = Arity::TAKE2.or(Arity::TAKE3);
    pub const TAKE123: Arity = Arity::TAKE12.or(Arity::TAKE3);
    pub const TAKE1234: Arity = Arity::TAKE123.or(Arity::TAKE4);

    pub const fn or(self, other: Arity) -> Arity {
        Arity(self.0 | other.0)
    }

    /// Whether `n` arguments (not counting the directive name) are accepted.
    /// Same precedence as nginx: ANY, then FLAG, then 1MORE/2MORE, then TAKEn.
    pub const fn accepts(self, n: usize) -> bool {
        if self.0 & Arity::ANY.0 != 0 {
            return true;
        }
        if self.0 & Arity::FLAG.0 != 0 {
            return n == 1;
        }
        if self.0 & Arity::MORE1.0 != 0 {
            return n >= 1;
        }
        if self.0 & Arity::MORE2.0 != 0 {
            return n >= 2;
        }
        n <= 7 && self.0 & (1 << n) != 0
    }

    pub const fn is_flag(self) -> bool {
        self.0 & Arity::FLAG.0 != 0
    }
}

use crate::analysis::grammar::{Args, Handler as H, Pass, Value as V};

/// An nginx version, for directives that appeared (or changed) recently.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Version(pub u16, pub u16, pub u16);

/// One row of the table. A name may have several rows when it means different
/// things in different contexts (`server` in `http`, in `upstream`, in `stream`).
#[derive(Clone, Copy, Debug)]
pub struct DirectiveSpec {
    pub name: &'static str,
    pub contexts: Contexts,
    pub arity: Arity,
    /// Opens a `{ ... }` block (`NGX_CONF_BLOCK`).
    pub block: bool,
    /// The module that provides it, as named in the docs (`ngx_http_proxy_module`).
    pub module: &'static str,
    /// First nginx version that has it, when that matters for current users.
    pub since: Option<Version>,
    /// First nginx version that no longer has it (removed directives).
    pub until: Option<Version>,
    /// What its arguments must look like beyond their number.
    pub args: Args,
    /// nginx refuses a second one in the same block (`"D" directive is
    /// duplicate`): the handler stores one value, not a list.
    pub once: bool,
}

impl DirectiveSpec {
    /// The row with an argument grammar.
    pub const fn args(self, args: Args) -> DirectiveSpec {
        DirectiveSpec { args, ..self }
    }

    /// The row of a directive given at most once per block.
    pub const fn once(self) -> DirectiveSpec {
        DirectiveSpec { once: true, ..self }
    }

    /// Whether nginx `version` has this row.
    pub fn exists_in(&self, version: Version) -> bool {
        self.since.is_none_or(|v| version >= v) && self.until.is_none_or(|v| version < v)
    }
}

const fn d(
    name: &'static str,
    contexts: Contexts,
    arity: Arity,
    module: &'static str,
) -> DirectiveSpec {
    DirectiveSpec {
        name,
        contexts,
        arity,
        block: false,
        module,
        since: None,
        until: None,
        args: Args::Unchecked,
        once: false,
    }
}

const fn b(
    name: &'static str,
    contexts: Contexts,
    arity: Arity,
    module: &'static str,
) -> DirectiveSpec {
    DirectiveSpec {
        name,
        contexts,
        arity,
        block: true,
        module,
        since: None,
        until: None,
        args: Args::Unchecked,
        once: false,
    }
}

/// A directive nginx removed in version `v` (still accepted before it).
const fn until(spec: DirectiveSpec, v: Version) -> DirectiveSpec {
    DirectiveSpec {
        until: Some(v),
        ..spec
    }
}

const fn since(spec: DirectiveSpec, v: Version) -> DirectiveSpec {
    DirectiveSpec {
        since: Some(v),
        ..spec
    }
}

/// Every row whose name is `name` (empty when confine does not know it).
///
/// Called for every directive of every config, so it is a lookup in a small
/// open-addressing table built on first use (about 800 names), keyed by a
/// hash of the name's length and first and last eight bytes: a handful of
/// instructions and one comparison, where a general hash map (hashing every
/// byte, probing, comparing) was several times that and showed in profiles.
pub fn lookup(name: &str) -> &'static [DirectiveSpec] {
    lookup_bytes(name.as_bytes())
}

/// [`lookup`] for a name that may not be UTF-8 (then nothing is found).
pub fn lookup_bytes(name: &[u8]) -> &'static [DirectiveSpec] {
    &DIRECTIVES[rows_of(name)]
}

/// The rows of a name (see [`RowRange`]); empty when confine does not know it.
pub fn row_range(name: &[u8]) -> RowRange {
    let rows = rows_of(name);
    RowRange {
        start: rows.start as u16,
        end: rows.end as u16,
    }
}

/// The rows of one name in [`DIRECTIVES`], as indexes: a name's identity in
/// four bytes (two names are the same exactly when their ranges are, and
/// every known name's start differs), which the model keeps per entry so
/// that neither the checks nor the lookups by name look the name up again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowRange {
    start: u16,
    end: u16,
}

impl RowRange {
    pub fn rows(self) -> &'static [DirectiveSpec] {
        &DIRECTIVES[usize::from(self.start)..usize::from(self.end)]
    }

    /// Whether the name is in the table.
    pub fn is_known(self) -> bool {
        self.end > self.start
    }

    /// The name's first row: a number below [`table_len`], distinct for
    /// every known name (the slot of a counting sort by name).
    pub(crate) fn first_row(self) -> usize {
        usize::from(self.start)
    }
}

/// How many rows the directive table has.
pub(crate) fn table_len() -> usize {
    DIRECTIVES.len()
}

fn rows_of(name: &[u8]) -> std::ops::Range<usize> {
    static INDEX: std::sync::OnceLock<Vec<Slot>> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(build_index);
    let key = key_of(name);
    let mut slot = slot_of(key);
    loop {
        let entry = &index[slot];
        if entry.end == 0 {
            return 0..0;
        }
        let (start, end) = (usize::from(entry.start), usize::from(entry.end));
        // The key holds every byte of a name up to 16 bytes long: only a
        // longer one compares the bytes between its head and tail.
        if entry.key() == key && (name.len() <= 16 || same_middle(DIRECTIVES[start].name, name)) {
            return start..end;
        }
        slot = (slot + 1) % SLOTS;
    }
}

/// Whether two names of one length over 16 bytes, whose first and last
/// eight bytes are equal, are equal: word by word in place (a call to the
/// C library's comparison made every lookup save and restore registers).
#[inline(always)]
fn same_middle(known: &str, name: &[u8]) -> bool {
    let known = known.as_bytes();
    let mut at = 8;
    while at + 8 < name.len() {
        if crate::bytes::word_at(known, at) != crate::bytes::word_at(name, at) {
            return false;
        }
        at += 8;
    }
    true
}

/// One slot of the lookup table: a name's rows, and its [`Key`] (flat, so
/// that the rows fill what would be the key's padding).
#[derive(Clone, Copy, Default)]
struct Slot {
    head: u64,
    tail: u64,
    len: u32,
    start: u16,
    /// Zero for an empty slot.
    end: u16,
}

impl Slot {
    fn key(&self) -> Key {
        Key {
            len: self.len,
            head: self.head,
            tail: self.tail,
        }
    }
}

/// A name's length and two words of its bytes: the first and last eight
/// (or four, or all of a name below four bytes). Two names of up to 16
/// bytes have the same key exactly when they are the same name.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Key {
    len: u32,
    head: u64,
    tail: u64,
}

#[cold]
fn build_index() -> Vec<Slot> {
    let mut index = vec![Slot::default(); SLOTS];
    let mut i = 0;
    while i < DIRECTIVES.len() {
        let name = DIRECTIVES[i].name.as_bytes();
        let end = i + DIRECTIVES[i..]
            .iter()
            .take_while(|s| s.name.as_bytes() == name)
            .count();
        let key = key_of(name);
        let mut slot = slot_of(key);
        while index[slot].end != 0 {
            slot = (slot + 1) % SLOTS;
        }
        index[slot] = Slot {
            head: key.head,
            tail: key.tail,
            len: key.len,
            start: i as u16,
            end: end as u16,
        };
        i = end;
    }
    index
}

/// Slots of the lookup table: a power of two, at least twice the names.
const SLOTS: usize = 2048;

/// The key of a name: fixed-size loads (a copy of a variable length would
/// be a call), and a fold only for the few names below four bytes.
#[inline(always)]
fn key_of(name: &[u8]) -> Key {
    let n = name.len();
    let (head, tail) = if let (Some(head), Some(tail)) = (
        crate::bytes::word_at(name, 0),
        crate::bytes::word_at(name, n.saturating_sub(8)),
    ) {
        (head, tail)
    } else if let (Some(head), Some(tail)) = (half_at(name, 0), half_at(name, n.saturating_sub(4)))
    {
        (head, tail)
    } else {
        let short = name.iter().fold(0u64, |w, &b| (w << 8) | u64::from(b));
        (short, 0)
    };
    // (Names of 4 GiB or more are not in the table: their length may wrap.)
    Key {
        len: n as u32,
        head,
        tail,
    }
}

/// Four bytes from `at`, if there are four.
#[inline(always)]
fn half_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: &[u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u64::from(u32::from_le_bytes(*chunk)))
}

/// Where a name's search starts in the lookup table.
#[inline(always)]
fn slot_of(key: Key) -> usize {
    let h = (key.head ^ key.tail.rotate_left(29) ^ (key.len as u64))
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> (64 - SLOTS.trailing_zeros())) as usize
}

use Arity as A;
use Contexts as C;

/// The table, sorted by name (a unit test checks the order, `lookup` relies on it).
///
/// Open-source rows follow the `ngx_command_t` arrays of nginx (mainline 1.31,
/// including directives compiled only with optional modules or build flags,
/// and the event-method directives of kqueue, devpoll, eventport and iocp),
/// of njs (`js_*`), and of the official nginx-acme (`acme_*`) and nginx-otel
/// (`otel_*`) modules. Directives removed from nginx (`ssl`, `spdy_*`,
/// `limit_zone`, `js_include`, the NGINX Plus `status` and `upstream_conf`
/// modules) are not listed. `since` marks directives that appeared in nginx
/// 1.19.0 or later; njs, acme and otel rows carry no `since` (their versions
/// are not nginx versions).
///
/// NGINX Plus rows come from the nginx.org reference (context and syntax; the
/// argument count is read off the documented syntax) and their module ends in
/// " (NGINX Plus)". Directives that stand only inside a Plus or third-party
/// block (`mgmt`, `oidc_provider`, `acme_issuer`, `otel_exporter`) are not
/// listed: no context bit describes them.
#[rustfmt::skip]
pub static DIRECTIVES: &[DirectiveSpec] = &[
    d("absolute_redirect", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("accept_mutex", C::EVENTS, A::FLAG, "ngx_core_module").once(),
    d("accept_mutex_delay", C::EVENTS, A::TAKE1, "ngx_core_module").args(Args::Values(&[V::Msec])).once(),
    d("acceptex_read", C::EVENTS, A::FLAG, "ngx_iocp_module").once(),
    d("access_log", C::HTTP_MAIN_SRV_LOC_LIF.or(C::HTTP_LMT), A::MORE1, "ngx_http_log_module").args(Args::Handler(H::AccessLog)),
    d("access_log", C::STREAM_MAIN_SRV, A::MORE1, "ngx_stream_log_module"),
    d("acme_certificate", C::HTTP_SERVER, A::MORE1, "ngx_http_acme_module"),
    b("acme_issuer", C::HTTP, A::TAKE1, "ngx_http_acme_module"),
    d("acme_shared_zone", C::HTTP, A::TAKE1, "ngx_http_acme_module"),
    d("add_after_body", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_addition_module").once(),
    d("add_before_body", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_addition_module").once(),
    d("add_header", C::HTTP_MAIN_SRV_LOC_LIF, A::TAKE23, "ngx_http_headers_module").args(Args::Handler(H::AddHeader)),
    since(d("add_header_inherit", C::HTTP_MAIN_SRV_LOC_LIF, A::TAKE1, "ngx_http_headers_module"), Version(1, 29, 3)).args(Args::Values(&[V::Enum(HTTP_HEADERS_INHERIT)])).once(),
    d("add_trailer", C::HTTP_MAIN_SRV_LOC_LIF, A::TAKE23, "ngx_http_headers_module").args(Args::Handler(H::AddHeader)),
    since(d("add_trailer_inherit", C::HTTP_MAIN_SRV_LOC_LIF, A::TAKE1, "ngx_http_headers_module"), Version(1, 29, 3)).args(Args::Values(&[V::Enum(HTTP_HEADERS_INHERIT)])).once(),
    d("addition_types", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_addition_module"),
    d("aio", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").once(),
    d("aio_write", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("alias", C::HTTP_LOCATION, A::TAKE1, "ngx_http_core_module").once(),
    d("allow", C::HTTP_MAIN_SRV_LOC_LMT, A::TAKE1, "ngx_http_access_module").args(Args::Handler(H::Access)),
    d("allow", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_access_module").args(Args::Handler(H::Access)),
    d("ancient_browser", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_browser_module"),
    d("ancient_browser_value", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_browser_module"),
    d("api", C::HTTP_LOCATION, A::TAKE0.or(A::TAKE1), "ngx_http_api_module (NGINX Plus)"),
    d("auth_basic", C::HTTP_MAIN_SRV_LOC_LMT, A::TAKE1, "ngx_http_auth_basic_module").once(),
    d("auth_basic_user_file", C::HTTP_MAIN_SRV_LOC_LMT, A::TAKE1, "ngx_http_auth_basic_module").once(),
    d("auth_delay", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Msec])).once(),
    d("auth_http", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_auth_http_module"),
    d("auth_http_header", C::MAIL_MAIN_SRV, A::TAKE2, "ngx_mail_auth_http_module"),
    d("auth_http_pass_client_cert", C::MAIL_MAIN_SRV, A::FLAG, "ngx_mail_auth_http_module").once(),
    d("auth_http_timeout", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_auth_http_module").args(Args::Values(&[V::Msec])).once(),
    d("auth_jwt", C::HTTP_MAIN_SRV_LOC_LMT, A::TAKE12, "ngx_http_auth_jwt_module (NGINX Plus)"),
    d("auth_jwt_claim_set", C::HTTP, A::MORE2, "ngx_http_auth_jwt_module (NGINX Plus)"),
    d("auth_jwt_header_set", C::HTTP, A::MORE2, "ngx_http_auth_jwt_module (NGINX Plus)"),
    since(d("auth_jwt_key_cache", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_auth_jwt_module (NGINX Plus)"), Version(1, 21, 4)),
    d("auth_jwt_key_file", C::HTTP_MAIN_SRV_LOC_LMT, A::TAKE1, "ngx_http_auth_jwt_module (NGINX Plus)"),
    d("auth_jwt_key_request", C::HTTP_MAIN_SRV_LOC_LMT, A::TAKE1, "ngx_http_auth_jwt_module (NGINX Plus)"),
    d("auth_jwt_leeway", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_auth_jwt_module (NGINX Plus)"),
    since(d("auth_jwt_require", C::HTTP_MAIN_SRV_LOC_LMT, A::MORE1, "ngx_http_auth_jwt_module (NGINX Plus)"), Version(1, 21, 2)),
    since(d("auth_jwt_type", C::HTTP_MAIN_SRV_LOC_LMT, A::TAKE1, "ngx_http_auth_jwt_module (NGINX Plus)"), Version(1, 19, 7)),
    since(d("auth_oidc", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_oidc_module (NGINX Plus)"), Version(1, 27, 4)),
    d("auth_request", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_auth_request_module").once(),
    d("auth_request_set", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_auth_request_module"),
    since(d("auth_require", C::HTTP_MAIN_SRV_LOC_LMT, A::MORE1, "ngx_http_auth_require_module (NGINX Plus)"), Version(1, 29, 0)),
    d("autoindex", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_autoindex_module").once(),
    d("autoindex_exact_size", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_autoindex_module").once(),
    d("autoindex_format", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_autoindex_module").args(Args::Values(&[V::Enum(HTTP_AUTOINDEX_FORMAT)])).once(),
    d("autoindex_localtime", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_autoindex_module").once(),
    d("break", C::HTTP_SRV_LOC_IF, A::TAKE0, "ngx_http_rewrite_module"),
    d("charset", C::HTTP_MAIN_SRV_LOC_LIF, A::TAKE1, "ngx_http_charset_module").once(),
    b("charset_map", C::HTTP, A::TAKE2, "ngx_http_charset_module"),
    d("charset_types", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_charset_module"),
    d("chunked_transfer_encoding", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("client_body_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Size])).once(),
    since(d("client_body_early_read", C::HTTP_MAIN_SRV, A::MORE1, "ngx_http_core_module"), Version(1, 31, 5)),
    d("client_body_in_file_only", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Enum(HTTP_CORE_REQUEST_BODY_IN_FILE)])).once(),
    d("client_body_in_single_buffer", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("client_body_temp_path", C::HTTP_MAIN_SRV_LOC, A::TAKE1234, "ngx_http_core_module").args(Args::Values(&[V::Str, V::PathLevel])).once(),
    d("client_body_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Msec])).once(),
    d("client_header_buffer_size", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Size])).once(),
    d("client_header_timeout", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Msec])).once(),
    d("client_max_body_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Offset])).once(),
    d("connection_pool_size", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Size])).once(),
    d("create_full_put_path", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_dav_module").once(),
    d("daemon", C::MAIN, A::FLAG, "ngx_core_module").once(),
    d("dav_access", C::HTTP_MAIN_SRV_LOC, A::TAKE123, "ngx_http_dav_module").args(Args::Values(&[V::Access])).once(),
    d("dav_methods", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_dav_module").args(Args::Values(&[V::Bitmask(HTTP_DAV_METHODS_MASK)])),
    d("debug_connection", C::EVENTS, A::TAKE1, "ngx_core_module"),
    d("debug_points", C::MAIN, A::TAKE1, "ngx_core_module").args(Args::Values(&[V::Enum(DEBUG_POINTS)])).once(),
    d("default_type", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").once(),
    d("degradation", C::HTTP, A::TAKE1, "ngx_http_degradation_module"),
    d("degrade", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_degradation_module").args(Args::Values(&[V::Enum(HTTP_DEGRADE)])).once(),
    d("deny", C::HTTP_MAIN_SRV_LOC_LMT, A::TAKE1, "ngx_http_access_module").args(Args::Handler(H::Access)),
    d("deny", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_access_module").args(Args::Handler(H::Access)),
    d("devpoll_changes", C::EVENTS, A::TAKE1, "ngx_devpoll_module").args(Args::Values(&[V::Number])).once(),
    d("devpoll_events", C::EVENTS, A::TAKE1, "ngx_devpoll_module").args(Args::Values(&[V::Number])).once(),
    d("directio", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").once(),
    d("directio_alignment", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Offset])).once(),
    d("disable_symlinks", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_core_module").once(),
    since(d("early_hints", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_core_module"), Version(1, 29, 0)),
    d("empty_gif", C::HTTP_LOCATION, A::TAKE0, "ngx_http_empty_gif_module"),
    d("env", C::MAIN, A::TAKE1, "ngx_core_module"),
    d("epoll_events", C::EVENTS, A::TAKE1, "ngx_epoll_module").args(Args::Values(&[V::Number])).once(),
    d("error_log", C::MAIN, A::MORE1, "ngx_core_module").args(Args::Handler(H::ErrorLog)),
    d("error_log", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_core_module").args(Args::Handler(H::ErrorLog)),
    d("error_log", C::MAIL_MAIN_SRV, A::MORE1, "ngx_mail_core_module").args(Args::Handler(H::ErrorLog)),
    d("error_log", C::STREAM_MAIN_SRV, A::MORE1, "ngx_stream_core_module").args(Args::Handler(H::ErrorLog)),
    since(d("error_log_tag", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_core_module (NGINX Plus)"), Version(1, 29, 8)),
    d("error_page", C::HTTP_MAIN_SRV_LOC_LIF, A::MORE2, "ngx_http_core_module").args(Args::Handler(H::ErrorPage)),
    d("etag", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("eventport_events", C::EVENTS, A::TAKE1, "ngx_eventport_module").args(Args::Values(&[V::Number])).once(),
    b("events", C::MAIN, A::TAKE0, "ngx_core_module").once(),
    d("expires", C::HTTP_MAIN_SRV_LOC_LIF, A::TAKE12, "ngx_http_headers_module").once().args(Args::Handler(H::Expires)),
    d("f4f", C::HTTP_LOCATION, A::TAKE0, "ngx_http_f4f_module (NGINX Plus)"),
    d("f4f_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_f4f_module (NGINX Plus)"),
    since(d("fastcgi_allow_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_fastcgi_module (NGINX Plus)"), Version(1, 29, 3)),
    d("fastcgi_bind", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_fastcgi_module").once(),
    since(d("fastcgi_bind_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module (NGINX Plus)"), Version(1, 29, 3)),
    d("fastcgi_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Size])).once(),
    d("fastcgi_buffering", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    d("fastcgi_buffers", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_fastcgi_module").args(Args::Values(&[V::BufCount, V::BufSize])).once(),
    d("fastcgi_busy_buffers_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Size])).once(),
    d("fastcgi_cache", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").once(),
    d("fastcgi_cache_background_update", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    d("fastcgi_cache_bypass", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_fastcgi_module"),
    d("fastcgi_cache_key", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").once(),
    d("fastcgi_cache_lock", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    d("fastcgi_cache_lock_age", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Msec])).once(),
    d("fastcgi_cache_lock_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Msec])).once(),
    d("fastcgi_cache_max_range_offset", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Offset])).once(),
    d("fastcgi_cache_methods", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Bitmask(HTTP_UPSTREAM_CACHE_METHOD_MASK)])),
    d("fastcgi_cache_min_uses", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Number])).once(),
    d("fastcgi_cache_path", C::HTTP, A::MORE2, "ngx_http_fastcgi_module").args(Args::Handler(H::CachePath)),
    d("fastcgi_cache_purge", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_fastcgi_module (NGINX Plus)"),
    d("fastcgi_cache_revalidate", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    d("fastcgi_cache_use_stale", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Bitmask(HTTP_FASTCGI_NEXT_UPSTREAM_MASKS)])),
    d("fastcgi_cache_valid", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_fastcgi_module").args(Args::Handler(H::CacheValid)),
    d("fastcgi_catch_stderr", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module"),
    d("fastcgi_connect_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Msec])).once(),
    d("fastcgi_force_ranges", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    d("fastcgi_hide_header", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module"),
    d("fastcgi_ignore_client_abort", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    d("fastcgi_ignore_headers", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Bitmask(HTTP_UPSTREAM_IGNORE_HEADERS_MASKS)])),
    d("fastcgi_index", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").once(),
    d("fastcgi_intercept_errors", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    d("fastcgi_keep_conn", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    d("fastcgi_limit_rate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Since(Version(1, 27, 0), &V::Size, &V::ComplexSize)])).once(),
    d("fastcgi_max_temp_file_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Size])).once(),
    d("fastcgi_next_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Bitmask(HTTP_FASTCGI_NEXT_UPSTREAM_MASKS)])),
    d("fastcgi_next_upstream_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Msec])).once(),
    d("fastcgi_next_upstream_tries", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Number])).once(),
    d("fastcgi_no_cache", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_fastcgi_module"),
    d("fastcgi_param", C::HTTP_MAIN_SRV_LOC, A::TAKE23, "ngx_http_fastcgi_module").args(Args::Handler(H::Param)),
    d("fastcgi_pass", C::HTTP_LOC_LIF, A::TAKE1, "ngx_http_fastcgi_module").once().args(Args::Handler(H::Pass(Pass::Plain))),
    d("fastcgi_pass_header", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module"),
    d("fastcgi_pass_request_body", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    d("fastcgi_pass_request_headers", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    d("fastcgi_read_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Msec])).once(),
    d("fastcgi_request_buffering", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    since(d("fastcgi_request_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module (NGINX Plus)"), Version(1, 29, 3)),
    d("fastcgi_send_lowat", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Size])).once(),
    d("fastcgi_send_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Msec])).once(),
    d("fastcgi_socket_keepalive", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_fastcgi_module").once(),
    since(d("fastcgi_socket_rcvbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    since(d("fastcgi_socket_sndbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    d("fastcgi_split_path_info", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module"),
    d("fastcgi_store", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").once(),
    d("fastcgi_store_access", C::HTTP_MAIN_SRV_LOC, A::TAKE123, "ngx_http_fastcgi_module").args(Args::Values(&[V::Access])).once(),
    d("fastcgi_temp_file_write_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_fastcgi_module").args(Args::Values(&[V::Size])).once(),
    d("fastcgi_temp_path", C::HTTP_MAIN_SRV_LOC, A::TAKE1234, "ngx_http_fastcgi_module").args(Args::Values(&[V::Str, V::PathLevel])).once(),
    d("flv", C::HTTP_LOCATION, A::TAKE0, "ngx_http_flv_module"),
    b("geo", C::HTTP, A::TAKE12, "ngx_http_geo_module"),
    b("geo", C::STREAM, A::TAKE12, "ngx_stream_geo_module"),
    d("geoip_city", C::HTTP, A::TAKE12, "ngx_http_geoip_module").once(),
    d("geoip_city", C::STREAM, A::TAKE12, "ngx_stream_geoip_module").once(),
    d("geoip_country", C::HTTP, A::TAKE12, "ngx_http_geoip_module").once(),
    d("geoip_country", C::STREAM, A::TAKE12, "ngx_stream_geoip_module").once(),
    d("geoip_org", C::HTTP, A::TAKE12, "ngx_http_geoip_module").once(),
    d("geoip_org", C::STREAM, A::TAKE12, "ngx_stream_geoip_module").once(),
    d("geoip_proxy", C::HTTP, A::TAKE1, "ngx_http_geoip_module"),
    d("geoip_proxy_recursive", C::HTTP, A::FLAG, "ngx_http_geoip_module").once(),
    d("google_perftools_profiles", C::MAIN, A::TAKE1, "ngx_google_perftools_module").once(),
    since(d("grpc_allow_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_grpc_module (NGINX Plus)"), Version(1, 29, 3)),
    d("grpc_bind", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_grpc_module").once(),
    since(d("grpc_bind_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_grpc_module (NGINX Plus)"), Version(1, 29, 3)),
    d("grpc_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").args(Args::Values(&[V::Size])).once(),
    d("grpc_connect_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").args(Args::Values(&[V::Msec])).once(),
    d("grpc_hide_header", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module"),
    d("grpc_ignore_headers", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_grpc_module").args(Args::Values(&[V::Bitmask(HTTP_UPSTREAM_IGNORE_HEADERS_MASKS)])),
    d("grpc_intercept_errors", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_grpc_module").once(),
    d("grpc_next_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_grpc_module").args(Args::Values(&[V::Bitmask(HTTP_GRPC_NEXT_UPSTREAM_MASKS)])),
    d("grpc_next_upstream_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").args(Args::Values(&[V::Msec])).once(),
    d("grpc_next_upstream_tries", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").args(Args::Values(&[V::Number])).once(),
    d("grpc_pass", C::HTTP_LOC_LIF, A::TAKE1, "ngx_http_grpc_module").once().args(Args::Handler(H::Pass(Pass::Grpc))),
    d("grpc_pass_header", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module"),
    d("grpc_read_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").args(Args::Values(&[V::Msec])).once(),
    since(d("grpc_request_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_grpc_module (NGINX Plus)"), Version(1, 29, 3)),
    d("grpc_send_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").args(Args::Values(&[V::Msec])).once(),
    d("grpc_set_header", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_grpc_module"),
    d("grpc_socket_keepalive", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_grpc_module").once(),
    since(d("grpc_socket_rcvbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    since(d("grpc_socket_sndbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    d("grpc_ssl_certificate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").once(),
    since(d("grpc_ssl_certificate_cache", C::HTTP_MAIN_SRV_LOC, A::TAKE123, "ngx_http_grpc_module"), Version(1, 27, 4)).once(),
    d("grpc_ssl_certificate_key", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").once(),
    d("grpc_ssl_ciphers", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").once(),
    since(d("grpc_ssl_conf_command", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_grpc_module"), Version(1, 19, 4)),
    d("grpc_ssl_crl", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").once(),
    since(d("grpc_ssl_key_log", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module (NGINX Plus)"), Version(1, 27, 2)),
    d("grpc_ssl_name", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").once(),
    d("grpc_ssl_password_file", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").once(),
    d("grpc_ssl_protocols", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_grpc_module").args(Args::Values(&[V::Bitmask(SSL_PROTOCOLS)])),
    d("grpc_ssl_server_name", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_grpc_module").once(),
    d("grpc_ssl_session_reuse", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_grpc_module").once(),
    d("grpc_ssl_trusted_certificate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").once(),
    d("grpc_ssl_verify", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_grpc_module").once(),
    d("grpc_ssl_verify_depth", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_grpc_module").args(Args::Values(&[V::Number])).once(),
    d("gunzip", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_gunzip_module").once(),
    d("gunzip_buffers", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_gunzip_module").args(Args::Values(&[V::BufCount, V::BufSize])).once(),
    d("gzip", C::HTTP_MAIN_SRV_LOC_LIF, A::FLAG, "ngx_http_gzip_module").once(),
    d("gzip_buffers", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_gzip_module").args(Args::Values(&[V::BufCount, V::BufSize])).once(),
    d("gzip_comp_level", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_gzip_module").args(Args::Values(&[V::Range(1, 9)])).once(),
    d("gzip_disable", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_gzip_module"),
    d("gzip_hash", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_gzip_module").args(Args::Values(&[V::Size])).once(),
    d("gzip_http_version", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_gzip_module").args(Args::Values(&[V::Enum(HTTP_1X_VERSIONS)])).once(),
    d("gzip_min_length", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_gzip_module").args(Args::Values(&[V::Size])).once(),
    d("gzip_no_buffer", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_gzip_module").once(),
    d("gzip_proxied", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_gzip_module").args(Args::Values(&[V::Bitmask(HTTP_GZIP_PROXIED_MASK)])),
    d("gzip_static", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_gzip_static_module").args(Args::Values(&[V::Enum(HTTP_GZIP_STATIC)])).once(),
    d("gzip_types", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_gzip_module"),
    d("gzip_vary", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_gzip_module").once(),
    d("gzip_window", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_gzip_module").args(Args::Values(&[V::Size])).once(),
    d("hash", C::HTTP_UPSTREAM, A::TAKE12, "ngx_http_upstream_module"),
    d("hash", C::STREAM_UPSTREAM, A::TAKE12, "ngx_stream_upstream_module"),
    d("health_check", C::HTTP_LOCATION, A::ANY, "ngx_http_upstream_hc_module (NGINX Plus)"),
    d("health_check", C::STREAM_SERVER, A::ANY, "ngx_stream_upstream_hc_module (NGINX Plus)"),
    d("health_check_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_upstream_hc_module (NGINX Plus)"),
    d("hls", C::HTTP_LOCATION, A::TAKE0, "ngx_http_hls_module (NGINX Plus)"),
    d("hls_buffers", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_hls_module (NGINX Plus)"),
    d("hls_forward_args", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_hls_module (NGINX Plus)"),
    d("hls_fragment", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_hls_module (NGINX Plus)"),
    d("hls_mp4_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_hls_module (NGINX Plus)"),
    d("hls_mp4_max_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_hls_module (NGINX Plus)"),
    b("http", C::MAIN, A::TAKE0, "ngx_http_core_module").once(),
    since(d("http2", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_v2_module"), Version(1, 25, 1)).once(),
    d("http2_body_preread_size", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v2_module").args(Args::Values(&[V::Size])).once(),
    d("http2_chunk_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_v2_module").args(Args::Values(&[V::Size])).once(),
    d("http2_idle_timeout", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v2_module"),
    d("http2_max_concurrent_pushes", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v2_module").args(Args::Values(&[V::Since(Version(1, 25, 1), &V::Number, &V::Str)])),
    d("http2_max_concurrent_streams", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v2_module").args(Args::Values(&[V::Number])).once(),
    d("http2_max_field_size", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v2_module"),
    d("http2_max_header_size", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v2_module"),
    d("http2_max_requests", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v2_module"),
    d("http2_pool_size", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v2_module").args(Args::Values(&[V::Size])).once(),
    d("http2_push", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_v2_module"),
    d("http2_push_preload", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_v2_module"),
    d("http2_recv_buffer_size", C::HTTP, A::TAKE1, "ngx_http_v2_module").args(Args::Values(&[V::Size])).once(),
    d("http2_recv_timeout", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v2_module"),
    d("http2_streams_index_size", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v2_module").args(Args::Values(&[V::Number])).once(),
    since(d("http3", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_v3_module"), Version(1, 25, 0)).once(),
    since(d("http3_hq", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_v3_module"), Version(1, 25, 0)).once(),
    since(d("http3_max_concurrent_streams", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v3_module"), Version(1, 25, 0)).args(Args::Values(&[V::Number])).once(),
    since(d("http3_stream_buffer_size", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v3_module"), Version(1, 25, 0)).args(Args::Values(&[V::Size])).once(),
    b("if", C::HTTP_SRV_LOC, A::MORE1, "ngx_http_rewrite_module").args(Args::Handler(H::If)),
    d("if_modified_since", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Enum(HTTP_CORE_IF_MODIFIED_SINCE)])).once(),
    d("ignore_invalid_headers", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_core_module").once(),
    d("image_filter", C::HTTP_LOCATION, A::TAKE123, "ngx_http_image_filter_module"),
    d("image_filter_buffer", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_image_filter_module").args(Args::Values(&[V::Size])).once(),
    d("image_filter_interlace", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_image_filter_module").once(),
    d("image_filter_jpeg_quality", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_image_filter_module"),
    d("image_filter_sharpen", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_image_filter_module"),
    d("image_filter_transparency", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_image_filter_module").once(),
    d("image_filter_webp_quality", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_image_filter_module"),
    d("imap_auth", C::MAIL_MAIN_SRV, A::MORE1, "ngx_mail_imap_module").args(Args::Values(&[V::Bitmask(MAIL_IMAP_AUTH_METHODS)])),
    d("imap_capabilities", C::MAIL_MAIN_SRV, A::MORE1, "ngx_mail_imap_module"),
    d("imap_client_buffer", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_imap_module").args(Args::Values(&[V::Size])).once(),
    d("include", C::from_bits_all(), A::TAKE1, "ngx_core_module"),
    d("index", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_index_module"),
    d("internal", C::HTTP_LOCATION, A::TAKE0, "ngx_http_core_module").once(),
    since(d("internal_redirect", C::HTTP_SRV_LOC, A::TAKE1, "ngx_http_internal_redirect_module (NGINX Plus)"), Version(1, 23, 4)),
    d("iocp_threads", C::EVENTS, A::TAKE1, "ngx_iocp_module").args(Args::Values(&[V::Number])).once(),
    d("ip_hash", C::HTTP_UPSTREAM, A::TAKE0, "ngx_http_upstream_module"),
    d("js_access", C::HTTP_LOC_LIF_LMT, A::TAKE1, "ngx_http_js_module"),
    d("js_access", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_body_filter", C::HTTP_LOC_LIF_LMT, A::TAKE12, "ngx_http_js_module"),
    d("js_content", C::HTTP_LOC_LIF_LMT, A::TAKE1, "ngx_http_js_module"),
    d("js_context_reuse", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_context_reuse", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_context_reuse_max_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_context_reuse_max_size", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_engine", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_engine", C::STREAM_MAIN_SRV, A::MORE1, "ngx_stream_js_module"),
    d("js_fetch_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_fetch_buffer_size", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_fetch_ciphers", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_fetch_ciphers", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_fetch_keepalive", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_fetch_keepalive", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_fetch_keepalive_requests", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_fetch_keepalive_requests", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_fetch_keepalive_time", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_fetch_keepalive_time", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_fetch_keepalive_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_fetch_keepalive_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_fetch_max_response_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_fetch_max_response_buffer_size", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_fetch_protocols", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_js_module"),
    d("js_fetch_protocols", C::STREAM_MAIN_SRV, A::MORE1, "ngx_stream_js_module"),
    d("js_fetch_proxy", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_fetch_proxy", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_fetch_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_fetch_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_fetch_trusted_certificate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_fetch_trusted_certificate", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_fetch_verify", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_js_module"),
    d("js_fetch_verify", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_js_module"),
    d("js_fetch_verify_depth", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_fetch_verify_depth", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_filter", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_header_filter", C::HTTP_LOC_LIF_LMT, A::TAKE1, "ngx_http_js_module"),
    d("js_import", C::HTTP_MAIN_SRV_LOC, A::TAKE13, "ngx_http_js_module"),
    d("js_import", C::STREAM_MAIN_SRV, A::TAKE13, "ngx_stream_js_module"),
    d("js_load_http_native_module", C::MAIN, A::TAKE13, "ngx_http_js_module"),
    d("js_load_stream_native_module", C::MAIN, A::TAKE13, "ngx_stream_js_module"),
    d("js_path", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_js_module"),
    d("js_path", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_periodic", C::HTTP_LOCATION, A::ANY, "ngx_http_js_module"),
    d("js_periodic", C::STREAM_SERVER, A::ANY, "ngx_stream_js_module"),
    d("js_preload_object", C::HTTP_MAIN_SRV_LOC, A::TAKE13, "ngx_http_js_module"),
    d("js_preload_object", C::STREAM_MAIN_SRV, A::TAKE13, "ngx_stream_js_module"),
    d("js_preread", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_js_module"),
    d("js_set", C::HTTP_MAIN_SRV_LOC, A::TAKE23, "ngx_http_js_module"),
    d("js_set", C::STREAM_MAIN_SRV, A::TAKE23, "ngx_stream_js_module"),
    d("js_shared_dict_zone", C::HTTP, A::MORE1, "ngx_http_js_module"),
    d("js_shared_dict_zone", C::STREAM, A::MORE1, "ngx_stream_js_module"),
    d("js_var", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_js_module"),
    d("js_var", C::STREAM_MAIN_SRV, A::TAKE12, "ngx_stream_js_module"),
    d("keepalive", C::HTTP_UPSTREAM, A::TAKE12, "ngx_http_upstream_module"),
    d("keepalive_disable", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_core_module").args(Args::Values(&[V::Bitmask(HTTP_CORE_KEEPALIVE_DISABLE)])),
    since(d("keepalive_min_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module"), Version(1, 27, 4)).args(Args::Values(&[V::Msec])).once(),
    d("keepalive_requests", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Number])).once(),
    d("keepalive_requests", C::HTTP_UPSTREAM, A::TAKE1, "ngx_http_upstream_module").args(Args::Values(&[V::Number])).once(),
    since(d("keepalive_time", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module"), Version(1, 19, 10)).args(Args::Values(&[V::Msec])).once(),
    since(d("keepalive_time", C::HTTP_UPSTREAM, A::TAKE1, "ngx_http_upstream_module"), Version(1, 19, 10)).args(Args::Values(&[V::Msec])).once(),
    d("keepalive_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_core_module").args(Args::Values(&[V::Msec, V::Sec])).once(),
    d("keepalive_timeout", C::HTTP_UPSTREAM, A::TAKE1, "ngx_http_upstream_module").args(Args::Values(&[V::Msec])).once(),
    d("keyval", C::HTTP, A::TAKE3, "ngx_http_keyval_module (NGINX Plus)"),
    d("keyval", C::STREAM, A::TAKE3, "ngx_stream_keyval_module (NGINX Plus)"),
    d("keyval_zone", C::HTTP, A::MORE1, "ngx_http_keyval_module (NGINX Plus)"),
    d("keyval_zone", C::STREAM, A::MORE1, "ngx_stream_keyval_module (NGINX Plus)"),
    d("kqueue_changes", C::EVENTS, A::TAKE1, "ngx_kqueue_module").args(Args::Values(&[V::Number])).once(),
    d("kqueue_events", C::EVENTS, A::TAKE1, "ngx_kqueue_module").args(Args::Values(&[V::Number])).once(),
    d("large_client_header_buffers", C::HTTP_MAIN_SRV, A::TAKE2, "ngx_http_core_module").args(Args::Values(&[V::BufCount, V::BufSize])).once(),
    d("least_conn", C::HTTP_UPSTREAM, A::TAKE0, "ngx_http_upstream_module"),
    d("least_conn", C::STREAM_UPSTREAM, A::TAKE0, "ngx_stream_upstream_module"),
    since(d("least_time", C::HTTP_UPSTREAM, A::TAKE12, "ngx_http_upstream_module"), Version(1, 31, 0)),
    since(d("least_time", C::STREAM_UPSTREAM, A::TAKE12, "ngx_stream_upstream_module"), Version(1, 31, 0)),
    d("limit_conn", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_limit_conn_module").args(Args::Handler(H::LimitConn)),
    d("limit_conn", C::STREAM_MAIN_SRV, A::TAKE2, "ngx_stream_limit_conn_module").args(Args::Handler(H::LimitConn)),
    d("limit_conn_dry_run", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_limit_conn_module").once(),
    d("limit_conn_dry_run", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_limit_conn_module").once(),
    d("limit_conn_log_level", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_limit_conn_module").args(Args::Values(&[V::Enum(LOG_LEVELS)])).once(),
    d("limit_conn_log_level", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_limit_conn_module").args(Args::Values(&[V::Enum(LOG_LEVELS)])).once(),
    d("limit_conn_status", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_limit_conn_module").args(Args::Values(&[V::Range(400, 599)])).once(),
    d("limit_conn_zone", C::HTTP, A::TAKE2, "ngx_http_limit_conn_module").args(Args::Handler(H::LimitConnZone)),
    d("limit_conn_zone", C::STREAM, A::TAKE2, "ngx_stream_limit_conn_module").args(Args::Handler(H::LimitConnZone)),
    b("limit_except", C::HTTP_LOCATION, A::MORE1, "ngx_http_core_module").once(),
    d("limit_rate", C::HTTP_MAIN_SRV_LOC_LIF, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::ComplexSize])).once(),
    d("limit_rate_after", C::HTTP_MAIN_SRV_LOC_LIF, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::ComplexSize])).once(),
    d("limit_req", C::HTTP_MAIN_SRV_LOC, A::TAKE123, "ngx_http_limit_req_module").args(Args::Handler(H::LimitReq)),
    d("limit_req_dry_run", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_limit_req_module").once(),
    d("limit_req_log_level", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_limit_req_module").args(Args::Values(&[V::Enum(LOG_LEVELS)])).once(),
    d("limit_req_status", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_limit_req_module").args(Args::Values(&[V::Range(400, 599)])).once(),
    d("limit_req_zone", C::HTTP, A::TAKE3, "ngx_http_limit_req_module").args(Args::Handler(H::LimitReqZone)),
    d("lingering_close", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Enum(HTTP_GZIP_STATIC)])).once(),
    d("lingering_time", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Msec])).once(),
    d("lingering_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Msec])).once(),
    d("listen", C::HTTP_SERVER, A::MORE1, "ngx_http_core_module").args(Args::Handler(H::Listen)),
    d("listen", C::MAIL_SERVER, A::MORE1, "ngx_mail_core_module").args(Args::Handler(H::MailListen)),
    d("listen", C::STREAM_SERVER, A::MORE1, "ngx_stream_core_module").args(Args::Handler(H::StreamListen)),
    d("load_module", C::MAIN, A::TAKE1, "ngx_core_module"),
    b("location", C::HTTP_SRV_LOC, A::TAKE12, "ngx_http_core_module").args(Args::Handler(H::Location)),
    d("lock_file", C::MAIN, A::TAKE1, "ngx_core_module").once(),
    d("log_format", C::HTTP, A::MORE2, "ngx_http_log_module"),
    d("log_format", C::STREAM, A::MORE2, "ngx_stream_log_module"),
    d("log_not_found", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("log_subrequest", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    b("mail", C::MAIN, A::TAKE0, "ngx_mail_core_module").once(),
    b("map", C::HTTP, A::TAKE2, "ngx_http_map_module"),
    b("map", C::STREAM, A::TAKE2, "ngx_stream_map_module"),
    d("map_hash_bucket_size", C::HTTP, A::TAKE1, "ngx_http_map_module").args(Args::Values(&[V::Number])).once(),
    d("map_hash_bucket_size", C::STREAM, A::TAKE1, "ngx_stream_map_module").args(Args::Values(&[V::Number])).once(),
    d("map_hash_max_size", C::HTTP, A::TAKE1, "ngx_http_map_module").args(Args::Values(&[V::Number])).once(),
    d("map_hash_max_size", C::STREAM, A::TAKE1, "ngx_stream_map_module").args(Args::Values(&[V::Number])).once(),
    d("master_process", C::MAIN, A::FLAG, "ngx_core_module").once(),
    b("match", C::HTTP, A::TAKE1, "ngx_http_upstream_hc_module (NGINX Plus)"),
    b("match", C::STREAM, A::TAKE1, "ngx_stream_upstream_hc_module (NGINX Plus)"),
    since(d("max_errors", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_core_module"), Version(1, 21, 0)).args(Args::Values(&[V::Number])).once(),
    since(d("max_headers", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_core_module"), Version(1, 29, 8)).args(Args::Values(&[V::Number])).once(),
    d("max_ranges", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Number])).once(),
    since(d("memcached_allow_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_memcached_module (NGINX Plus)"), Version(1, 29, 3)),
    d("memcached_bind", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_memcached_module").once(),
    since(d("memcached_bind_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_memcached_module (NGINX Plus)"), Version(1, 29, 3)),
    d("memcached_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_memcached_module").args(Args::Values(&[V::Size])).once(),
    d("memcached_connect_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_memcached_module").args(Args::Values(&[V::Msec])).once(),
    d("memcached_gzip_flag", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_memcached_module").args(Args::Values(&[V::Number])).once(),
    d("memcached_next_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_memcached_module").args(Args::Values(&[V::Bitmask(HTTP_MEMCACHED_NEXT_UPSTREAM_MASKS)])),
    d("memcached_next_upstream_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_memcached_module").args(Args::Values(&[V::Msec])).once(),
    d("memcached_next_upstream_tries", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_memcached_module").args(Args::Values(&[V::Number])).once(),
    d("memcached_pass", C::HTTP_LOC_LIF, A::TAKE1, "ngx_http_memcached_module").once().args(Args::Handler(H::Pass(Pass::Plain))),
    d("memcached_read_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_memcached_module").args(Args::Values(&[V::Msec])).once(),
    d("memcached_send_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_memcached_module").args(Args::Values(&[V::Msec])).once(),
    d("memcached_socket_keepalive", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_memcached_module").once(),
    d("merge_slashes", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_core_module").once(),
    b("mgmt", C::MAIN, A::TAKE0, "ngx_mgmt_module (NGINX Plus)"),
    d("min_delete_depth", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_dav_module").args(Args::Values(&[V::Number])).once(),
    d("mirror", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_mirror_module"),
    d("mirror_request_body", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_mirror_module").once(),
    d("modern_browser", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_browser_module"),
    d("modern_browser_value", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_browser_module"),
    d("mp4", C::HTTP_LOCATION, A::TAKE0, "ngx_http_mp4_module"),
    d("mp4_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_mp4_module").args(Args::Values(&[V::Size])).once(),
    d("mp4_limit_rate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_mp4_module (NGINX Plus)"),
    d("mp4_limit_rate_after", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_mp4_module (NGINX Plus)"),
    d("mp4_max_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_mp4_module").args(Args::Values(&[V::Size])).once(),
    since(d("mp4_start_key_frame", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_mp4_module"), Version(1, 21, 4)).once(),
    since(d("mqtt", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_mqtt_filter_module (NGINX Plus)"), Version(1, 23, 4)),
    since(d("mqtt_buffers", C::STREAM_MAIN_SRV, A::TAKE2, "ngx_stream_mqtt_filter_module (NGINX Plus)"), Version(1, 25, 1)),
    since(d("mqtt_preread", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_mqtt_preread_module (NGINX Plus)"), Version(1, 23, 4)),
    since(d("mqtt_rewrite_buffer_size", C::STREAM_SERVER, A::TAKE1, "ngx_stream_mqtt_filter_module (NGINX Plus)"), Version(1, 23, 4)),
    since(d("mqtt_set_connect", C::STREAM_SERVER, A::TAKE2, "ngx_stream_mqtt_filter_module (NGINX Plus)"), Version(1, 23, 4)),
    d("msie_padding", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("msie_refresh", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("multi_accept", C::EVENTS, A::FLAG, "ngx_core_module").once(),
    d("ntlm", C::HTTP_UPSTREAM, A::TAKE0, "ngx_http_upstream_module (NGINX Plus)"),
    since(b("num_map", C::HTTP, A::TAKE12, "ngx_http_num_map_module (NGINX Plus)"), Version(1, 29, 3)),
    since(b("num_map", C::STREAM, A::TAKE12, "ngx_stream_num_map_module (NGINX Plus)"), Version(1, 29, 3)),
    since(b("oidc_provider", C::HTTP, A::TAKE1, "ngx_http_oidc_module (NGINX Plus)"), Version(1, 27, 4)),
    d("open_file_cache", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_core_module").once().args(Args::Handler(H::OpenFileCache)),
    d("open_file_cache_errors", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("open_file_cache_events", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("open_file_cache_min_uses", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Number])).once(),
    d("open_file_cache_valid", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Sec])).once(),
    d("open_log_file_cache", C::HTTP_MAIN_SRV_LOC, A::TAKE1234, "ngx_http_log_module").once(),
    d("open_log_file_cache", C::STREAM_MAIN_SRV, A::TAKE1234, "ngx_stream_log_module").once(),
    b("otel_exporter", C::HTTP, A::TAKE0, "ngx_otel_module"),
    d("otel_resource_attr", C::HTTP, A::TAKE2, "ngx_otel_module"),
    d("otel_service_name", C::HTTP, A::TAKE1, "ngx_otel_module"),
    d("otel_span_attr", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_otel_module"),
    d("otel_span_name", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_otel_module"),
    d("otel_trace", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_otel_module"),
    d("otel_trace_context", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_otel_module"),
    d("output_buffers", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_core_module").args(Args::Values(&[V::BufCount, V::BufSize])).once(),
    d("override_charset", C::HTTP_MAIN_SRV_LOC_LIF, A::FLAG, "ngx_http_charset_module").once(),
    since(d("pass", C::STREAM_SERVER, A::TAKE1, "ngx_stream_pass_module"), Version(1, 25, 5)).once(),
    d("pcre_jit", C::MAIN, A::FLAG, "ngx_core_module").once(),
    d("perl", C::HTTP_LOCATION.or(C::HTTP_LMT), A::TAKE1, "ngx_http_perl_module"),
    d("perl_modules", C::HTTP, A::TAKE1, "ngx_http_perl_module"),
    d("perl_require", C::HTTP, A::TAKE1, "ngx_http_perl_module"),
    d("perl_set", C::HTTP, A::TAKE2, "ngx_http_perl_module"),
    d("pid", C::MAIN, A::TAKE1, "ngx_core_module").once(),
    d("pop3_auth", C::MAIL_MAIN_SRV, A::MORE1, "ngx_mail_pop3_module").args(Args::Values(&[V::Bitmask(MAIL_POP3_AUTH_METHODS)])),
    d("pop3_capabilities", C::MAIL_MAIN_SRV, A::MORE1, "ngx_mail_pop3_module"),
    d("port_in_redirect", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("post_acceptex", C::EVENTS, A::TAKE1, "ngx_iocp_module").args(Args::Values(&[V::Number])).once(),
    d("post_action", C::HTTP_MAIN_SRV_LOC_LIF, A::TAKE1, "ngx_http_core_module").once(),
    d("postpone_gzipping", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_gzip_module").args(Args::Values(&[V::Size])).once(),
    d("postpone_output", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Size])).once(),
    d("preread_buffer_size", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_core_module").args(Args::Values(&[V::Size])).once(),
    d("preread_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_core_module").args(Args::Values(&[V::Msec])).once(),
    d("protocol", C::MAIL_SERVER, A::TAKE1, "ngx_mail_core_module").args(Args::Handler(H::MailProtocol)),
    d("proxy", C::MAIL_MAIN_SRV, A::FLAG, "ngx_mail_proxy_module").once(),
    since(d("proxy_allow_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_proxy_module (NGINX Plus)"), Version(1, 29, 3)),
    d("proxy_bind", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_proxy_module").once(),
    d("proxy_bind", C::STREAM_MAIN_SRV, A::TAKE12, "ngx_stream_proxy_module").once(),
    since(d("proxy_bind_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module (NGINX Plus)"), Version(1, 29, 3)),
    since(d("proxy_bind_dynamic", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_proxy_module (NGINX Plus)"), Version(1, 29, 3)),
    d("proxy_buffer", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_proxy_module").args(Args::Values(&[V::Size])).once(),
    d("proxy_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Size])).once(),
    d("proxy_buffer_size", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Size])).once(),
    d("proxy_buffering", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_buffers", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_proxy_module").args(Args::Values(&[V::BufCount, V::BufSize])).once(),
    d("proxy_busy_buffers_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Size])).once(),
    d("proxy_cache", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_cache_background_update", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_cache_bypass", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_proxy_module"),
    d("proxy_cache_convert_head", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_cache_key", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_cache_lock", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_cache_lock_age", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Msec])).once(),
    d("proxy_cache_lock_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Msec])).once(),
    d("proxy_cache_max_range_offset", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Offset])).once(),
    d("proxy_cache_methods", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_proxy_module").args(Args::Values(&[V::Bitmask(HTTP_UPSTREAM_CACHE_METHOD_MASK)])),
    d("proxy_cache_min_uses", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Number])).once(),
    d("proxy_cache_path", C::HTTP, A::MORE2, "ngx_http_proxy_module").args(Args::Handler(H::CachePath)),
    d("proxy_cache_purge", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_proxy_module (NGINX Plus)"),
    d("proxy_cache_revalidate", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_cache_use_stale", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_proxy_module").args(Args::Values(&[V::Bitmask(HTTP_PROXY_NEXT_UPSTREAM_MASKS)])),
    d("proxy_cache_valid", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_proxy_module").args(Args::Handler(H::CacheValid)),
    d("proxy_connect_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Msec])).once(),
    d("proxy_connect_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Msec])).once(),
    d("proxy_cookie_domain", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_proxy_module"),
    since(d("proxy_cookie_flags", C::HTTP_MAIN_SRV_LOC, A::TAKE1234, "ngx_http_proxy_module"), Version(1, 19, 3)),
    d("proxy_cookie_path", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_proxy_module"),
    d("proxy_download_rate", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::ComplexSize])).once(),
    d("proxy_downstream_buffer", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Size])).once(),
    d("proxy_force_ranges", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    since(d("proxy_half_close", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_proxy_module"), Version(1, 21, 4)).once(),
    d("proxy_headers_hash_bucket_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Number])).once(),
    d("proxy_headers_hash_max_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Number])).once(),
    d("proxy_hide_header", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module"),
    d("proxy_http_version", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Since(Version(1, 29, 4), &V::Enum(HTTP_1X_VERSIONS), &V::Enum(HTTP_PROXY_HTTP_VERSION))])).once(),
    d("proxy_ignore_client_abort", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_ignore_headers", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_proxy_module").args(Args::Values(&[V::Bitmask(HTTP_UPSTREAM_IGNORE_HEADERS_MASKS)])),
    d("proxy_intercept_errors", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_limit_rate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Since(Version(1, 27, 0), &V::Size, &V::ComplexSize)])).once(),
    d("proxy_max_temp_file_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Size])).once(),
    d("proxy_method", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_next_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_proxy_module").args(Args::Values(&[V::Bitmask(HTTP_PROXY_NEXT_UPSTREAM_MASKS)])),
    d("proxy_next_upstream", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_proxy_module").once(),
    d("proxy_next_upstream_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Msec])).once(),
    d("proxy_next_upstream_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Msec])).once(),
    d("proxy_next_upstream_tries", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Number])).once(),
    d("proxy_next_upstream_tries", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Number])).once(),
    d("proxy_no_cache", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_proxy_module"),
    d("proxy_pass", C::HTTP_LOC_LIF_LMT, A::TAKE1, "ngx_http_proxy_module").once().args(Args::Handler(H::Pass(Pass::Proxy))),
    d("proxy_pass", C::STREAM_SERVER, A::TAKE1, "ngx_stream_proxy_module").once().args(Args::Handler(H::Pass(Pass::Plain))),
    d("proxy_pass_error_message", C::MAIL_MAIN_SRV, A::FLAG, "ngx_mail_proxy_module").once(),
    d("proxy_pass_header", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module"),
    d("proxy_pass_request_body", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_pass_request_headers", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    since(d("proxy_pass_trailers", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module"), Version(1, 27, 2)).once(),
    since(d("proxy_protocol", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_proxy_module"), Version(1, 19, 8)).args(Args::Values(&[V::Since(Version(1, 31, 4), &V::Flag, &V::Enum(PROXY_PROTOCOL_VERSIONS))])).once(),
    d("proxy_protocol", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Since(Version(1, 31, 4), &V::Flag, &V::Enum(PROXY_PROTOCOL_VERSIONS))])).once(),
    d("proxy_protocol_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_core_module").args(Args::Values(&[V::Msec])).once(),
    d("proxy_read_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Msec])).once(),
    d("proxy_redirect", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_proxy_module").args(Args::Handler(H::ProxyRedirect)),
    d("proxy_request_buffering", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    since(d("proxy_request_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module (NGINX Plus)"), Version(1, 29, 3)),
    d("proxy_requests", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Number])).once(),
    d("proxy_responses", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Number])).once(),
    d("proxy_send_lowat", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Size])).once(),
    d("proxy_send_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Msec])).once(),
    d("proxy_session_drop", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_proxy_module (NGINX Plus)"),
    d("proxy_set_body", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_set_header", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_proxy_module"),
    since(d("proxy_smtp_auth", C::MAIL_MAIN_SRV, A::FLAG, "ngx_mail_proxy_module"), Version(1, 19, 4)).once(),
    d("proxy_socket_keepalive", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_socket_keepalive", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_proxy_module").once(),
    since(d("proxy_socket_rcvbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    since(d("proxy_socket_rcvbuf", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    since(d("proxy_socket_sndbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    since(d("proxy_socket_sndbuf", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    d("proxy_ssl", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_proxy_module").once(),
    since(d("proxy_ssl_alpn", C::STREAM_MAIN_SRV, A::MORE1, "ngx_stream_proxy_module"), Version(1, 31, 0)).once(),
    d("proxy_ssl_certificate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_ssl_certificate", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").once(),
    since(d("proxy_ssl_certificate_cache", C::HTTP_MAIN_SRV_LOC, A::TAKE123, "ngx_http_proxy_module"), Version(1, 27, 4)).once(),
    since(d("proxy_ssl_certificate_cache", C::STREAM_MAIN_SRV, A::TAKE123, "ngx_stream_proxy_module"), Version(1, 27, 4)).once(),
    d("proxy_ssl_certificate_key", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_ssl_certificate_key", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").once(),
    d("proxy_ssl_ciphers", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_ssl_ciphers", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").once(),
    since(d("proxy_ssl_conf_command", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_proxy_module"), Version(1, 19, 4)),
    since(d("proxy_ssl_conf_command", C::STREAM_MAIN_SRV, A::TAKE2, "ngx_stream_proxy_module"), Version(1, 19, 4)),
    d("proxy_ssl_crl", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_ssl_crl", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").once(),
    since(d("proxy_ssl_key_log", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module (NGINX Plus)"), Version(1, 27, 2)),
    since(d("proxy_ssl_key_log", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module (NGINX Plus)"), Version(1, 27, 2)),
    d("proxy_ssl_name", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_ssl_name", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").once(),
    d("proxy_ssl_password_file", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_ssl_password_file", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").once(),
    d("proxy_ssl_protocols", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_proxy_module").args(Args::Values(&[V::Bitmask(SSL_PROTOCOLS)])),
    d("proxy_ssl_protocols", C::STREAM_MAIN_SRV, A::MORE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Bitmask(SSL_PROTOCOLS)])),
    d("proxy_ssl_server_name", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_ssl_server_name", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_proxy_module").once(),
    d("proxy_ssl_session_reuse", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_ssl_session_reuse", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_proxy_module").once(),
    d("proxy_ssl_trusted_certificate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_ssl_trusted_certificate", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").once(),
    d("proxy_ssl_verify", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_proxy_module").once(),
    d("proxy_ssl_verify", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_proxy_module").once(),
    d("proxy_ssl_verify_depth", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Number])).once(),
    d("proxy_ssl_verify_depth", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Number])).once(),
    d("proxy_store", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").once(),
    d("proxy_store_access", C::HTTP_MAIN_SRV_LOC, A::TAKE123, "ngx_http_proxy_module").args(Args::Values(&[V::Access])).once(),
    d("proxy_temp_file_write_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_proxy_module").args(Args::Values(&[V::Size])).once(),
    d("proxy_temp_path", C::HTTP_MAIN_SRV_LOC, A::TAKE1234, "ngx_http_proxy_module").args(Args::Values(&[V::Str, V::PathLevel])).once(),
    d("proxy_timeout", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_proxy_module").args(Args::Values(&[V::Msec])).once(),
    d("proxy_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Msec])).once(),
    d("proxy_upload_rate", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::ComplexSize])).once(),
    d("proxy_upstream_buffer", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_proxy_module").args(Args::Values(&[V::Size])).once(),
    d("queue", C::HTTP_UPSTREAM, A::TAKE12, "ngx_http_upstream_module (NGINX Plus)"),
    since(d("quic_active_connection_id_limit", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v3_module"), Version(1, 25, 0)).args(Args::Values(&[V::Number])).once(),
    since(d("quic_bpf", C::MAIN, A::FLAG, "ngx_http_v3_module"), Version(1, 25, 0)).once(),
    since(d("quic_gso", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_v3_module"), Version(1, 25, 0)).once(),
    since(d("quic_host_key", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_v3_module"), Version(1, 25, 0)).once(),
    since(d("quic_retry", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_v3_module"), Version(1, 25, 0)).once(),
    d("random", C::HTTP_UPSTREAM, A::TAKE0.or(A::TAKE12), "ngx_http_upstream_module"),
    d("random", C::STREAM_UPSTREAM, A::TAKE0.or(A::TAKE12), "ngx_stream_upstream_module"),
    d("random_index", C::HTTP_LOCATION, A::FLAG, "ngx_http_random_index_module").once(),
    d("read_ahead", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Size])).once(),
    d("real_ip_header", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_realip_module").once(),
    d("real_ip_recursive", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_realip_module").once(),
    d("recursive_error_pages", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("referer_hash_bucket_size", C::HTTP_SRV_LOC, A::TAKE1, "ngx_http_referer_module").args(Args::Values(&[V::Number])).once(),
    d("referer_hash_max_size", C::HTTP_SRV_LOC, A::TAKE1, "ngx_http_referer_module").args(Args::Values(&[V::Number])).once(),
    d("request_pool_size", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Size])).once(),
    d("reset_timedout_connection", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("resolver", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_core_module").once().args(Args::Handler(H::Resolver)),
    since(d("resolver", C::HTTP_UPSTREAM, A::MORE1, "ngx_http_upstream_module"), Version(1, 27, 3)).once().args(Args::Handler(H::Resolver)),
    d("resolver", C::MAIL_MAIN_SRV, A::MORE1, "ngx_mail_core_module").once().args(Args::Handler(H::Resolver)),
    d("resolver", C::STREAM_MAIN_SRV, A::MORE1, "ngx_stream_core_module").once().args(Args::Handler(H::Resolver)),
    since(d("resolver", C::STREAM_UPSTREAM, A::MORE1, "ngx_stream_upstream_module"), Version(1, 27, 3)).once().args(Args::Handler(H::Resolver)),
    d("resolver_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Msec])).once(),
    since(d("resolver_timeout", C::HTTP_UPSTREAM, A::TAKE1, "ngx_http_upstream_module"), Version(1, 27, 3)).args(Args::Values(&[V::Msec])).once(),
    d("resolver_timeout", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_core_module").args(Args::Values(&[V::Msec])).once(),
    d("resolver_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_core_module").args(Args::Values(&[V::Msec])).once(),
    since(d("resolver_timeout", C::STREAM_UPSTREAM, A::TAKE1, "ngx_stream_upstream_module"), Version(1, 27, 3)).args(Args::Values(&[V::Msec])).once(),
    d("return", C::HTTP_SRV_LOC_IF, A::TAKE12, "ngx_http_rewrite_module").args(Args::Handler(H::Return)),
    d("return", C::STREAM_SERVER, A::TAKE1, "ngx_stream_return_module").once(),
    d("rewrite", C::HTTP_SRV_LOC_IF, A::TAKE23, "ngx_http_rewrite_module").args(Args::Handler(H::Rewrite)),
    d("rewrite_log", C::HTTP_MAIN_SRV_LOC_LIF.or(C::HTTP_SIF), A::FLAG, "ngx_http_rewrite_module").once(),
    d("root", C::HTTP_MAIN_SRV_LOC_LIF, A::TAKE1, "ngx_http_core_module").once(),
    d("satisfy", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Enum(HTTP_CORE_SATISFY)])).once(),
    since(d("scgi_allow_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_scgi_module (NGINX Plus)"), Version(1, 29, 3)),
    d("scgi_bind", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_scgi_module").once(),
    since(d("scgi_bind_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module (NGINX Plus)"), Version(1, 29, 3)),
    d("scgi_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Size])).once(),
    d("scgi_buffering", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module").once(),
    d("scgi_buffers", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_scgi_module").args(Args::Values(&[V::BufCount, V::BufSize])).once(),
    d("scgi_busy_buffers_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Size])).once(),
    d("scgi_cache", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").once(),
    d("scgi_cache_background_update", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module").once(),
    d("scgi_cache_bypass", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_scgi_module"),
    d("scgi_cache_key", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").once(),
    d("scgi_cache_lock", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module").once(),
    d("scgi_cache_lock_age", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Msec])).once(),
    d("scgi_cache_lock_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Msec])).once(),
    d("scgi_cache_max_range_offset", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Offset])).once(),
    d("scgi_cache_methods", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_scgi_module").args(Args::Values(&[V::Bitmask(HTTP_UPSTREAM_CACHE_METHOD_MASK)])),
    d("scgi_cache_min_uses", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Number])).once(),
    d("scgi_cache_path", C::HTTP, A::MORE2, "ngx_http_scgi_module").args(Args::Handler(H::CachePath)),
    d("scgi_cache_purge", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_scgi_module (NGINX Plus)"),
    d("scgi_cache_revalidate", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module").once(),
    d("scgi_cache_use_stale", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_scgi_module").args(Args::Values(&[V::Bitmask(HTTP_FASTCGI_NEXT_UPSTREAM_MASKS)])),
    d("scgi_cache_valid", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_scgi_module").args(Args::Handler(H::CacheValid)),
    d("scgi_connect_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Msec])).once(),
    d("scgi_force_ranges", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module").once(),
    d("scgi_hide_header", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module"),
    d("scgi_ignore_client_abort", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module").once(),
    d("scgi_ignore_headers", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_scgi_module").args(Args::Values(&[V::Bitmask(HTTP_UPSTREAM_IGNORE_HEADERS_MASKS)])),
    d("scgi_intercept_errors", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module").once(),
    d("scgi_limit_rate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Since(Version(1, 27, 0), &V::Size, &V::ComplexSize)])).once(),
    d("scgi_max_temp_file_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Size])).once(),
    d("scgi_next_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_scgi_module").args(Args::Values(&[V::Bitmask(HTTP_FASTCGI_NEXT_UPSTREAM_MASKS)])),
    d("scgi_next_upstream_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Msec])).once(),
    d("scgi_next_upstream_tries", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Number])).once(),
    d("scgi_no_cache", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_scgi_module"),
    d("scgi_param", C::HTTP_MAIN_SRV_LOC, A::TAKE23, "ngx_http_scgi_module").args(Args::Handler(H::Param)),
    d("scgi_pass", C::HTTP_LOC_LIF, A::TAKE1, "ngx_http_scgi_module").once().args(Args::Handler(H::Pass(Pass::Plain))),
    d("scgi_pass_header", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module"),
    d("scgi_pass_request_body", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module").once(),
    d("scgi_pass_request_headers", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module").once(),
    d("scgi_read_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Msec])).once(),
    d("scgi_request_buffering", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module").once(),
    since(d("scgi_request_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module (NGINX Plus)"), Version(1, 29, 3)),
    d("scgi_send_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Msec])).once(),
    d("scgi_socket_keepalive", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_scgi_module").once(),
    since(d("scgi_socket_rcvbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    since(d("scgi_socket_sndbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    d("scgi_store", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").once(),
    d("scgi_store_access", C::HTTP_MAIN_SRV_LOC, A::TAKE123, "ngx_http_scgi_module").args(Args::Values(&[V::Access])).once(),
    d("scgi_temp_file_write_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_scgi_module").args(Args::Values(&[V::Size])).once(),
    d("scgi_temp_path", C::HTTP_MAIN_SRV_LOC, A::TAKE1234, "ngx_http_scgi_module").args(Args::Values(&[V::Str, V::PathLevel])).once(),
    d("secure_link", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_secure_link_module").once(),
    d("secure_link_md5", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_secure_link_module").once(),
    d("secure_link_secret", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_secure_link_module").once(),
    d("send_lowat", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Size])).once(),
    d("send_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Msec])).once(),
    d("sendfile", C::HTTP_MAIN_SRV_LOC_LIF, A::FLAG, "ngx_http_core_module").once(),
    d("sendfile_max_chunk", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Size])).once(),
    b("server", C::HTTP, A::TAKE0, "ngx_http_core_module"),
    d("server", C::HTTP_UPSTREAM, A::MORE1, "ngx_http_upstream_module").args(Args::Handler(H::UpstreamServer)),
    b("server", C::MAIL, A::TAKE0, "ngx_mail_core_module"),
    b("server", C::STREAM, A::TAKE0, "ngx_stream_core_module"),
    d("server", C::STREAM_UPSTREAM, A::MORE1, "ngx_stream_upstream_module").args(Args::Handler(H::StreamUpstreamServer)),
    d("server_name", C::HTTP_SERVER, A::MORE1, "ngx_http_core_module"),
    d("server_name", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_core_module").once(),
    since(d("server_name", C::STREAM_SERVER, A::MORE1, "ngx_stream_core_module"), Version(1, 25, 5)),
    d("server_name_in_redirect", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("server_names_hash_bucket_size", C::HTTP, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Number])).once(),
    since(d("server_names_hash_bucket_size", C::STREAM, A::TAKE1, "ngx_stream_core_module"), Version(1, 25, 5)).args(Args::Values(&[V::Number])).once(),
    d("server_names_hash_max_size", C::HTTP, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Number])).once(),
    since(d("server_names_hash_max_size", C::STREAM, A::TAKE1, "ngx_stream_core_module"), Version(1, 25, 5)).args(Args::Values(&[V::Number])).once(),
    d("server_tokens", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Enum(HTTP_CORE_SERVER_TOKENS)])).once(),
    d("session_log", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_session_log_module (NGINX Plus)"),
    d("session_log_format", C::HTTP, A::MORE2, "ngx_http_session_log_module (NGINX Plus)"),
    d("session_log_zone", C::HTTP, A::MORE2, "ngx_http_session_log_module (NGINX Plus)"),
    d("set", C::HTTP_SRV_LOC_IF, A::TAKE2, "ngx_http_rewrite_module"),
    since(d("set", C::STREAM_SERVER, A::TAKE2, "ngx_stream_set_module"), Version(1, 19, 3)),
    d("set_real_ip_from", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_realip_module"),
    since(d("set_real_ip_from", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_realip_module"), Version(1, 19, 8)),
    d("set_real_ip_from", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_realip_module"),
    d("slice", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_slice_module").args(Args::Values(&[V::Size])).once(),
    d("smtp_auth", C::MAIL_MAIN_SRV, A::MORE1, "ngx_mail_smtp_module").args(Args::Values(&[V::Bitmask(MAIL_SMTP_AUTH_METHODS)])),
    d("smtp_capabilities", C::MAIL_MAIN_SRV, A::MORE1, "ngx_mail_smtp_module"),
    d("smtp_client_buffer", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_smtp_module").args(Args::Values(&[V::Size])).once(),
    d("smtp_greeting_delay", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_smtp_module").args(Args::Values(&[V::Msec])).once(),
    d("source_charset", C::HTTP_MAIN_SRV_LOC_LIF, A::TAKE1, "ngx_http_charset_module").once(),
    b("split_clients", C::HTTP, A::TAKE2, "ngx_http_split_clients_module"),
    b("split_clients", C::STREAM, A::TAKE2, "ngx_stream_split_clients_module"),
    d("ssi", C::HTTP_MAIN_SRV_LOC_LIF, A::FLAG, "ngx_http_ssi_module").once(),
    d("ssi_ignore_recycled_buffers", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_ssi_module").once(),
    d("ssi_last_modified", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_ssi_module").once(),
    d("ssi_min_file_chunk", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_ssi_module").args(Args::Values(&[V::Size])).once(),
    d("ssi_silent_errors", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_ssi_module").once(),
    d("ssi_types", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_ssi_module"),
    d("ssi_value_length", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_ssi_module").args(Args::Values(&[V::Size])).once(),
    until(d("ssl", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_ssl_module").once(), Version(1, 25, 1)),
    until(d("ssl", C::MAIL_MAIN_SRV, A::FLAG, "ngx_mail_ssl_module").once(), Version(1, 25, 1)),
    since(d("ssl_alpn", C::STREAM_MAIN_SRV, A::MORE1, "ngx_stream_ssl_module"), Version(1, 21, 4)).once(),
    d("ssl_buffer_size", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").args(Args::Values(&[V::Size])).once(),
    d("ssl_certificate", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module"),
    d("ssl_certificate", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module"),
    d("ssl_certificate", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module"),
    since(d("ssl_certificate_cache", C::HTTP_MAIN_SRV, A::TAKE123, "ngx_http_ssl_module"), Version(1, 27, 4)).once(),
    since(d("ssl_certificate_cache", C::STREAM_MAIN_SRV, A::TAKE123, "ngx_stream_ssl_module"), Version(1, 27, 4)).once(),
    since(d("ssl_certificate_compression", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_ssl_module"), Version(1, 29, 1)).once(),
    since(d("ssl_certificate_compression", C::MAIL_MAIN_SRV, A::FLAG, "ngx_mail_ssl_module"), Version(1, 29, 1)).once(),
    since(d("ssl_certificate_compression", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_ssl_module"), Version(1, 29, 1)).once(),
    d("ssl_certificate_key", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module"),
    d("ssl_certificate_key", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module"),
    d("ssl_certificate_key", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module"),
    d("ssl_ciphers", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").once(),
    d("ssl_ciphers", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module").once(),
    d("ssl_ciphers", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module").once(),
    d("ssl_client_certificate", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").once(),
    d("ssl_client_certificate", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module").once(),
    d("ssl_client_certificate", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module").once(),
    since(d("ssl_conf_command", C::HTTP_MAIN_SRV, A::TAKE2, "ngx_http_ssl_module"), Version(1, 19, 4)),
    since(d("ssl_conf_command", C::MAIL_MAIN_SRV, A::TAKE2, "ngx_mail_ssl_module"), Version(1, 19, 4)),
    since(d("ssl_conf_command", C::STREAM_MAIN_SRV, A::TAKE2, "ngx_stream_ssl_module"), Version(1, 19, 4)),
    d("ssl_crl", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").once(),
    d("ssl_crl", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module").once(),
    d("ssl_crl", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module").once(),
    d("ssl_dhparam", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").once(),
    d("ssl_dhparam", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module").once(),
    d("ssl_dhparam", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module").once(),
    d("ssl_early_data", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_ssl_module").once(),
    d("ssl_ecdh_curve", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").once(),
    d("ssl_ecdh_curve", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module").once(),
    d("ssl_ecdh_curve", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module").once(),
    since(d("ssl_ech_file", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module"), Version(1, 29, 4)),
    since(d("ssl_ech_file", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module"), Version(1, 29, 4)),
    d("ssl_engine", C::MAIN, A::TAKE1, "ngx_core_module").once(),
    d("ssl_handshake_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module").args(Args::Values(&[V::Msec])).once(),
    since(d("ssl_key_log", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module (NGINX Plus)"), Version(1, 27, 2)),
    since(d("ssl_key_log", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module (NGINX Plus)"), Version(1, 27, 2)),
    since(d("ssl_object_cache_inheritable", C::MAIN, A::FLAG, "ngx_core_module"), Version(1, 27, 4)).once(),
    since(d("ssl_ocsp", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module"), Version(1, 19, 0)).args(Args::Values(&[V::Enum(HTTP_SSL_OCSP)])).once(),
    since(d("ssl_ocsp", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module"), Version(1, 27, 2)).args(Args::Values(&[V::Enum(HTTP_SSL_OCSP)])).once(),
    since(d("ssl_ocsp_cache", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module"), Version(1, 19, 0)).once(),
    since(d("ssl_ocsp_cache", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module"), Version(1, 27, 2)).once(),
    since(d("ssl_ocsp_responder", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module"), Version(1, 19, 0)).once(),
    since(d("ssl_ocsp_responder", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module"), Version(1, 27, 2)).once(),
    d("ssl_password_file", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").once(),
    d("ssl_password_file", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module").once(),
    d("ssl_password_file", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module").once(),
    d("ssl_prefer_server_ciphers", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_ssl_module").once(),
    d("ssl_prefer_server_ciphers", C::MAIL_MAIN_SRV, A::FLAG, "ngx_mail_ssl_module").once(),
    d("ssl_prefer_server_ciphers", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_ssl_module").once(),
    d("ssl_preread", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_ssl_preread_module").once(),
    d("ssl_protocols", C::HTTP_MAIN_SRV, A::MORE1, "ngx_http_ssl_module").args(Args::Values(&[V::Bitmask(SSL_PROTOCOLS)])),
    d("ssl_protocols", C::MAIL_MAIN_SRV, A::MORE1, "ngx_mail_ssl_module").args(Args::Values(&[V::Bitmask(SSL_PROTOCOLS)])),
    d("ssl_protocols", C::STREAM_MAIN_SRV, A::MORE1, "ngx_stream_ssl_module").args(Args::Values(&[V::Bitmask(SSL_PROTOCOLS)])),
    since(d("ssl_reject_handshake", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_ssl_module"), Version(1, 19, 4)).once(),
    since(d("ssl_reject_handshake", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_ssl_module"), Version(1, 25, 5)).once(),
    d("ssl_session_cache", C::HTTP_MAIN_SRV, A::TAKE12, "ngx_http_ssl_module").args(Args::Handler(H::SslSessionCache)),
    d("ssl_session_cache", C::MAIL_MAIN_SRV, A::TAKE12, "ngx_mail_ssl_module").args(Args::Handler(H::SslSessionCache)),
    d("ssl_session_cache", C::STREAM_MAIN_SRV, A::TAKE12, "ngx_stream_ssl_module").args(Args::Handler(H::SslSessionCache)),
    d("ssl_session_ticket_key", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module"),
    d("ssl_session_ticket_key", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module"),
    d("ssl_session_ticket_key", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module"),
    d("ssl_session_tickets", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_ssl_module").once(),
    d("ssl_session_tickets", C::MAIL_MAIN_SRV, A::FLAG, "ngx_mail_ssl_module").once(),
    d("ssl_session_tickets", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_ssl_module").once(),
    d("ssl_session_timeout", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").args(Args::Values(&[V::Sec])).once(),
    d("ssl_session_timeout", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module").args(Args::Values(&[V::Sec])).once(),
    d("ssl_session_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module").args(Args::Values(&[V::Sec])).once(),
    d("ssl_stapling", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_ssl_module").once(),
    since(d("ssl_stapling", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_ssl_module"), Version(1, 27, 2)).once(),
    d("ssl_stapling_file", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").once(),
    since(d("ssl_stapling_file", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module"), Version(1, 27, 2)).once(),
    d("ssl_stapling_responder", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").once(),
    since(d("ssl_stapling_responder", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module"), Version(1, 27, 2)).once(),
    d("ssl_stapling_verify", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_ssl_module").once(),
    since(d("ssl_stapling_verify", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_ssl_module"), Version(1, 27, 2)).once(),
    d("ssl_trusted_certificate", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").once(),
    d("ssl_trusted_certificate", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module").once(),
    d("ssl_trusted_certificate", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module").once(),
    d("ssl_verify_client", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").args(Args::Values(&[V::Enum(SSL_VERIFY)])).once(),
    d("ssl_verify_client", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module").args(Args::Values(&[V::Enum(SSL_VERIFY)])).once(),
    d("ssl_verify_client", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module").args(Args::Values(&[V::Enum(SSL_VERIFY)])).once(),
    d("ssl_verify_depth", C::HTTP_MAIN_SRV, A::TAKE1, "ngx_http_ssl_module").args(Args::Values(&[V::Number])).once(),
    d("ssl_verify_depth", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module").args(Args::Values(&[V::Number])).once(),
    d("ssl_verify_depth", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_ssl_module").args(Args::Values(&[V::Number])).once(),
    since(d("stall_threshold", C::EVENTS, A::TAKE1, "ngx_core_module (NGINX Plus)"), Version(1, 29, 0)),
    d("starttls", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_ssl_module"),
    d("state", C::HTTP_UPSTREAM, A::TAKE1, "ngx_http_upstream_module (NGINX Plus)"),
    d("state", C::STREAM_UPSTREAM, A::TAKE1, "ngx_stream_upstream_module (NGINX Plus)"),
    d("status_zone", C::HTTP_SRV_LOC.or(C::HTTP_LIF), A::TAKE1, "ngx_http_api_module (NGINX Plus)"),
    d("status_zone", C::STREAM_SERVER, A::TAKE1, "ngx_http_api_module (NGINX Plus)"),
    since(d("sticky", C::HTTP_UPSTREAM, A::MORE2, "ngx_http_upstream_module"), Version(1, 29, 6)),
    b("stream", C::MAIN, A::TAKE0, "ngx_stream_core_module").once(),
    d("stub_status", C::HTTP_SRV_LOC, A::TAKE0.or(A::TAKE1), "ngx_http_stub_status_module"),
    d("sub_filter", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_sub_module"),
    d("sub_filter_last_modified", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_sub_module").once(),
    d("sub_filter_once", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_sub_module").once(),
    d("sub_filter_types", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_sub_module"),
    d("subrequest_output_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Size])).once(),
    d("tcp_nodelay", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("tcp_nodelay", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_core_module").once(),
    d("tcp_nopush", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_core_module").once(),
    d("thread_pool", C::MAIN, A::TAKE23, "ngx_core_module"),
    d("timeout", C::MAIL_MAIN_SRV, A::TAKE1, "ngx_mail_core_module").args(Args::Values(&[V::Msec])).once(),
    d("timer_resolution", C::MAIN, A::TAKE1, "ngx_core_module").args(Args::Values(&[V::Msec])).once(),
    d("try_files", C::HTTP_SRV_LOC, A::MORE2, "ngx_http_core_module").once(),
    since(d("tunnel_allow_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_tunnel_module (NGINX Plus)"), Version(1, 31, 0)),
    since(d("tunnel_bind", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_tunnel_module"), Version(1, 31, 0)).once(),
    since(d("tunnel_bind_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_tunnel_module (NGINX Plus)"), Version(1, 31, 0)),
    since(d("tunnel_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_tunnel_module"), Version(1, 31, 0)).args(Args::Values(&[V::Size])).once(),
    since(d("tunnel_connect_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_tunnel_module"), Version(1, 31, 0)).args(Args::Values(&[V::Msec])).once(),
    since(d("tunnel_next_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_tunnel_module"), Version(1, 31, 0)).args(Args::Values(&[V::Bitmask(HTTP_TUNNEL_NEXT_UPSTREAM_MASKS)])),
    since(d("tunnel_next_upstream_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_tunnel_module"), Version(1, 31, 0)).args(Args::Values(&[V::Msec])).once(),
    since(d("tunnel_next_upstream_tries", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_tunnel_module"), Version(1, 31, 0)).args(Args::Values(&[V::Number])).once(),
    since(d("tunnel_pass", C::HTTP_SRV_LOC.or(C::HTTP_LIF), A::TAKE0.or(A::TAKE1), "ngx_http_tunnel_module"), Version(1, 31, 0)).once(),
    since(d("tunnel_read_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_tunnel_module"), Version(1, 31, 0)).args(Args::Values(&[V::Msec])).once(),
    since(d("tunnel_send_lowat", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_tunnel_module"), Version(1, 31, 0)).args(Args::Values(&[V::Size])).once(),
    since(d("tunnel_send_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_tunnel_module"), Version(1, 31, 0)).args(Args::Values(&[V::Msec])).once(),
    since(d("tunnel_socket_keepalive", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_tunnel_module"), Version(1, 31, 0)).once(),
    since(d("tunnel_socket_rcvbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_tunnel_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    since(d("tunnel_socket_sndbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_tunnel_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    b("types", C::HTTP_MAIN_SRV_LOC, A::TAKE0, "ngx_http_core_module"),
    d("types_hash_bucket_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Number])).once(),
    d("types_hash_max_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Number])).once(),
    d("underscores_in_headers", C::HTTP_MAIN_SRV, A::FLAG, "ngx_http_core_module").once(),
    d("uninitialized_variable_warn", C::HTTP_MAIN_SRV_LOC_LIF.or(C::HTTP_SIF), A::FLAG, "ngx_http_rewrite_module").once(),
    b("upstream", C::HTTP, A::TAKE1, "ngx_http_upstream_module"),
    b("upstream", C::STREAM, A::TAKE1, "ngx_stream_upstream_module"),
    d("use", C::EVENTS, A::TAKE1, "ngx_core_module").once().args(Args::Handler(H::EventMethod)),
    d("user", C::MAIN, A::TAKE12, "ngx_core_module").once(),
    d("userid", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_userid_module").args(Args::Values(&[V::Enum(HTTP_USERID_STATE)])).once(),
    d("userid_domain", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_userid_module").once(),
    d("userid_expires", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_userid_module").once(),
    since(d("userid_flags", C::HTTP_MAIN_SRV_LOC, A::TAKE123, "ngx_http_userid_module"), Version(1, 19, 3)).args(Args::Values(&[V::Bitmask(HTTP_USERID_FLAGS)])),
    d("userid_mark", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_userid_module").once(),
    d("userid_name", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_userid_module").once(),
    d("userid_p3p", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_userid_module").once(),
    d("userid_path", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_userid_module").once(),
    d("userid_service", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_userid_module").args(Args::Values(&[V::Number])).once(),
    since(d("uwsgi_allow_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_uwsgi_module (NGINX Plus)"), Version(1, 29, 3)),
    d("uwsgi_bind", C::HTTP_MAIN_SRV_LOC, A::TAKE12, "ngx_http_uwsgi_module").once(),
    since(d("uwsgi_bind_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module (NGINX Plus)"), Version(1, 29, 3)),
    d("uwsgi_buffer_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Size])).once(),
    d("uwsgi_buffering", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    d("uwsgi_buffers", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_uwsgi_module").args(Args::Values(&[V::BufCount, V::BufSize])).once(),
    d("uwsgi_busy_buffers_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Size])).once(),
    d("uwsgi_cache", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    d("uwsgi_cache_background_update", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    d("uwsgi_cache_bypass", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_uwsgi_module"),
    d("uwsgi_cache_key", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    d("uwsgi_cache_lock", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    d("uwsgi_cache_lock_age", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Msec])).once(),
    d("uwsgi_cache_lock_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Msec])).once(),
    d("uwsgi_cache_max_range_offset", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Offset])).once(),
    d("uwsgi_cache_methods", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Bitmask(HTTP_UPSTREAM_CACHE_METHOD_MASK)])),
    d("uwsgi_cache_min_uses", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Number])).once(),
    d("uwsgi_cache_path", C::HTTP, A::MORE2, "ngx_http_uwsgi_module").args(Args::Handler(H::CachePath)),
    d("uwsgi_cache_purge", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_uwsgi_module (NGINX Plus)"),
    d("uwsgi_cache_revalidate", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    d("uwsgi_cache_use_stale", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Bitmask(HTTP_FASTCGI_NEXT_UPSTREAM_MASKS)])),
    d("uwsgi_cache_valid", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_uwsgi_module").args(Args::Handler(H::CacheValid)),
    d("uwsgi_connect_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Msec])).once(),
    d("uwsgi_force_ranges", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    d("uwsgi_hide_header", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module"),
    d("uwsgi_ignore_client_abort", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    d("uwsgi_ignore_headers", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Bitmask(HTTP_UPSTREAM_IGNORE_HEADERS_MASKS)])),
    d("uwsgi_intercept_errors", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    d("uwsgi_limit_rate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Since(Version(1, 27, 0), &V::Size, &V::ComplexSize)])).once(),
    d("uwsgi_max_temp_file_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Size])).once(),
    d("uwsgi_modifier1", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Range(0, 255)])).once(),
    d("uwsgi_modifier2", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Range(0, 255)])).once(),
    d("uwsgi_next_upstream", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Bitmask(HTTP_FASTCGI_NEXT_UPSTREAM_MASKS)])),
    d("uwsgi_next_upstream_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Msec])).once(),
    d("uwsgi_next_upstream_tries", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Number])).once(),
    d("uwsgi_no_cache", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_uwsgi_module"),
    d("uwsgi_param", C::HTTP_MAIN_SRV_LOC, A::TAKE23, "ngx_http_uwsgi_module").args(Args::Handler(H::Param)),
    d("uwsgi_pass", C::HTTP_LOC_LIF, A::TAKE1, "ngx_http_uwsgi_module").once().args(Args::Handler(H::Pass(Pass::Uwsgi))),
    d("uwsgi_pass_header", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module"),
    d("uwsgi_pass_request_body", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    d("uwsgi_pass_request_headers", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    d("uwsgi_read_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Msec])).once(),
    d("uwsgi_request_buffering", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    since(d("uwsgi_request_dynamic", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module (NGINX Plus)"), Version(1, 29, 3)),
    d("uwsgi_send_timeout", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Msec])).once(),
    d("uwsgi_socket_keepalive", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    since(d("uwsgi_socket_rcvbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    since(d("uwsgi_socket_sndbuf", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module"), Version(1, 31, 3)).args(Args::Values(&[V::Size])).once(),
    d("uwsgi_ssl_certificate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    since(d("uwsgi_ssl_certificate_cache", C::HTTP_MAIN_SRV_LOC, A::TAKE123, "ngx_http_uwsgi_module"), Version(1, 27, 4)).once(),
    d("uwsgi_ssl_certificate_key", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    d("uwsgi_ssl_ciphers", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    since(d("uwsgi_ssl_conf_command", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_uwsgi_module"), Version(1, 19, 4)),
    d("uwsgi_ssl_crl", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    since(d("uwsgi_ssl_key_log", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module (NGINX Plus)"), Version(1, 27, 2)),
    d("uwsgi_ssl_name", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    d("uwsgi_ssl_password_file", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    d("uwsgi_ssl_protocols", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Bitmask(SSL_PROTOCOLS)])),
    d("uwsgi_ssl_server_name", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    d("uwsgi_ssl_session_reuse", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    d("uwsgi_ssl_trusted_certificate", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    d("uwsgi_ssl_verify", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_uwsgi_module").once(),
    d("uwsgi_ssl_verify_depth", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Number])).once(),
    d("uwsgi_store", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    d("uwsgi_store_access", C::HTTP_MAIN_SRV_LOC, A::TAKE123, "ngx_http_uwsgi_module").args(Args::Values(&[V::Access])).once(),
    d("uwsgi_string", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").once(),
    d("uwsgi_temp_file_write_size", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_uwsgi_module").args(Args::Values(&[V::Size])).once(),
    d("uwsgi_temp_path", C::HTTP_MAIN_SRV_LOC, A::TAKE1234, "ngx_http_uwsgi_module").args(Args::Values(&[V::Str, V::PathLevel])).once(),
    d("valid_referers", C::HTTP_SRV_LOC, A::MORE1, "ngx_http_referer_module"),
    d("variables_hash_bucket_size", C::HTTP, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Number])).once(),
    d("variables_hash_bucket_size", C::STREAM, A::TAKE1, "ngx_stream_core_module").args(Args::Values(&[V::Number])).once(),
    d("variables_hash_max_size", C::HTTP, A::TAKE1, "ngx_http_core_module").args(Args::Values(&[V::Number])).once(),
    d("variables_hash_max_size", C::STREAM, A::TAKE1, "ngx_stream_core_module").args(Args::Values(&[V::Number])).once(),
    d("worker_aio_requests", C::EVENTS, A::TAKE1, "ngx_core_module").args(Args::Values(&[V::Number])).once(),
    d("worker_connections", C::EVENTS, A::TAKE1, "ngx_core_module").once().args(Args::Handler(H::WorkerConnections)),
    d("worker_cpu_affinity", C::MAIN, A::MORE1, "ngx_core_module").once(),
    d("worker_priority", C::MAIN, A::TAKE1, "ngx_core_module").once(),
    d("worker_processes", C::MAIN, A::TAKE1, "ngx_core_module").once().args(Args::Handler(H::WorkerProcesses)),
    d("worker_rlimit_core", C::MAIN, A::TAKE1, "ngx_core_module").args(Args::Values(&[V::Offset])).once(),
    d("worker_rlimit_nofile", C::MAIN, A::TAKE1, "ngx_core_module").args(Args::Values(&[V::Number])).once(),
    d("worker_shutdown_timeout", C::MAIN, A::TAKE1, "ngx_core_module").args(Args::Values(&[V::Msec])).once(),
    d("working_directory", C::MAIN, A::TAKE1, "ngx_core_module").once(),
    d("xclient", C::MAIL_MAIN_SRV, A::FLAG, "ngx_mail_proxy_module").once(),
    d("xml_entities", C::HTTP_MAIN_SRV_LOC, A::TAKE1, "ngx_http_xslt_module").once(),
    since(d("xml_external_entities", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_xslt_module"), Version(1, 31, 3)).once(),
    d("xslt_last_modified", C::HTTP_MAIN_SRV_LOC, A::FLAG, "ngx_http_xslt_module").once(),
    d("xslt_param", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_xslt_module"),
    d("xslt_string_param", C::HTTP_MAIN_SRV_LOC, A::TAKE2, "ngx_http_xslt_module"),
    d("xslt_stylesheet", C::HTTP_LOCATION, A::MORE1, "ngx_http_xslt_module"),
    d("xslt_types", C::HTTP_MAIN_SRV_LOC, A::MORE1, "ngx_http_xslt_module"),
    d("zone", C::HTTP_UPSTREAM, A::TAKE12, "ngx_http_upstream_module"),
    d("zone", C::STREAM_UPSTREAM, A::TAKE12, "ngx_stream_upstream_module"),
    d("zone_sync", C::STREAM_SERVER, A::TAKE0, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_buffers", C::STREAM_MAIN_SRV, A::TAKE2, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_connect_retry_interval", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_connect_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_interval", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_recv_buffer_size", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_server", C::STREAM_SERVER, A::TAKE12, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_ssl", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_ssl_certificate", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_ssl_certificate_key", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_ssl_ciphers", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    since(d("zone_sync_ssl_conf_command", C::STREAM_MAIN_SRV, A::TAKE2, "ngx_stream_zone_sync_module (NGINX Plus)"), Version(1, 19, 4)),
    d("zone_sync_ssl_crl", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_ssl_name", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_ssl_password_file", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_ssl_protocols", C::STREAM_MAIN_SRV, A::MORE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_ssl_server_name", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_ssl_trusted_certificate", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_ssl_verify", C::STREAM_MAIN_SRV, A::FLAG, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_ssl_verify_depth", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
    d("zone_sync_timeout", C::STREAM_MAIN_SRV, A::TAKE1, "ngx_stream_zone_sync_module (NGINX Plus)"),
];

/// The keywords of the enum and bitmask slots the table's rows name, as
/// nginx's `ngx_conf_enum_t`/`ngx_conf_bitmask_t` arrays list them (shared
/// where several directives read the same array).
#[rustfmt::skip]
mod keywords {
    pub const DEBUG_POINTS: &[&str] = &["stop", "abort"];
    pub const HTTP_1X_VERSIONS: &[&str] = &["1.0", "1.1"];
    pub const HTTP_AUTOINDEX_FORMAT: &[&str] = &["html", "json", "jsonp", "xml"];
    pub const HTTP_CORE_IF_MODIFIED_SINCE: &[&str] = &["off", "exact", "before"];
    pub const HTTP_CORE_KEEPALIVE_DISABLE: &[&str] = &["none", "msie6", "safari"];
    pub const HTTP_CORE_REQUEST_BODY_IN_FILE: &[&str] = &["off", "on", "clean"];
    pub const HTTP_CORE_SATISFY: &[&str] = &["all", "any"];
    pub const HTTP_CORE_SERVER_TOKENS: &[&str] = &["off", "on", "build"];
    pub const HTTP_DAV_METHODS_MASK: &[&str] = &["off", "put", "delete", "mkcol", "copy", "move"];
    pub const HTTP_DEGRADE: &[&str] = &["204", "444"];
    pub const HTTP_FASTCGI_NEXT_UPSTREAM_MASKS: &[&str] = &["error", "timeout", "invalid_header", "non_idempotent", "http_500", "http_503", "http_403", "http_404", "http_429", "updating", "off"];
    pub const HTTP_GRPC_NEXT_UPSTREAM_MASKS: &[&str] = &["error", "timeout", "invalid_header", "non_idempotent", "http_500", "http_502", "http_503", "http_504", "http_403", "http_404", "http_429", "off"];
    pub const HTTP_GZIP_PROXIED_MASK: &[&str] = &["off", "expired", "no-cache", "no-store", "private", "no_last_modified", "no_etag", "auth", "any"];
    pub const HTTP_GZIP_STATIC: &[&str] = &["off", "on", "always"];
    pub const HTTP_HEADERS_INHERIT: &[&str] = &["off", "on", "merge"];
    pub const HTTP_MEMCACHED_NEXT_UPSTREAM_MASKS: &[&str] = &["error", "timeout", "invalid_response", "not_found", "off"];
    pub const HTTP_PROXY_HTTP_VERSION: &[&str] = &["1.0", "1.1", "2"];
    pub const HTTP_PROXY_NEXT_UPSTREAM_MASKS: &[&str] = &["error", "timeout", "invalid_header", "non_idempotent", "http_500", "http_502", "http_503", "http_504", "http_403", "http_404", "http_429", "updating", "off"];
    pub const HTTP_SSL_OCSP: &[&str] = &["off", "on", "leaf"];
    pub const HTTP_TUNNEL_NEXT_UPSTREAM_MASKS: &[&str] = &["error", "timeout", "off"];
    pub const HTTP_UPSTREAM_CACHE_METHOD_MASK: &[&str] = &["GET", "HEAD", "POST"];
    pub const HTTP_UPSTREAM_IGNORE_HEADERS_MASKS: &[&str] = &["X-Accel-Redirect", "X-Accel-Expires", "X-Accel-Limit-Rate", "X-Accel-Buffering", "X-Accel-Charset", "Expires", "Cache-Control", "Set-Cookie", "Vary"];
    pub const HTTP_USERID_FLAGS: &[&str] = &["off", "secure", "httponly", "samesite=strict", "samesite=lax", "samesite=none"];
    pub const HTTP_USERID_STATE: &[&str] = &["off", "log", "v1", "on"];
    pub const LOG_LEVELS: &[&str] = &["info", "notice", "warn", "error"];
    pub const MAIL_IMAP_AUTH_METHODS: &[&str] = &["plain", "login", "cram-md5", "external"];
    pub const MAIL_POP3_AUTH_METHODS: &[&str] = &["plain", "apop", "cram-md5", "external"];
    pub const MAIL_SMTP_AUTH_METHODS: &[&str] = &["plain", "login", "cram-md5", "external", "none"];
    pub const PROXY_PROTOCOL_VERSIONS: &[&str] = &["off", "on", "v2"];
    pub const SSL_PROTOCOLS: &[&str] = &["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
    pub const SSL_VERIFY: &[&str] = &["off", "on", "optional", "optional_no_ca"];
}
use keywords::*;

impl Contexts {
    /// Every context (for `include`, which nginx accepts anywhere: `NGX_ANY_CONF`).
    pub const fn from_bits_all() -> Contexts {
        Contexts((1 << 14) - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_by_name() {
        for pair in DIRECTIVES.windows(2) {
            assert!(
                pair[0].name <= pair[1].name,
                "{} before {}",
                pair[0].name,
                pair[1].name
            );
        }
    }

    #[test]
    fn lookup_finds_every_row_of_a_name() {
        assert_eq!(lookup("server").len(), 5);
        assert!(lookup("no_such_directive").is_empty());
        // Every name, from the table itself, finds exactly its own rows.
        let mut names = 0;
        for (i, spec) in DIRECTIVES.iter().enumerate() {
            let rows = lookup(spec.name);
            let expected = DIRECTIVES.iter().filter(|s| s.name == spec.name).count();
            assert_eq!(rows.len(), expected, "{}", spec.name);
            assert!(rows.iter().all(|r| r.name == spec.name), "{}", spec.name);
            names += usize::from(i == 0 || DIRECTIVES[i - 1].name != spec.name);
        }
        // The table stays at most half full, so probes stay short and end.
        assert!(names * 2 <= SLOTS, "{names} names for {SLOTS} slots");
        // Near misses: prefixes, extensions, the same edges with another middle.
        for miss in [
            "",
            "p",
            "proxy_pas",
            "proxy_passs",
            "proxy_XXXX_pass",
            "listen\0",
            "gzip_",
        ] {
            assert!(lookup(miss).is_empty(), "{miss:?}");
        }
        assert!(lookup_bytes(b"\xff\xfe").is_empty());
    }

    /// The one row of `name` allowed in `context`.
    fn row(name: &str, context: Contexts) -> &'static DirectiveSpec {
        let rows: Vec<_> = lookup(name)
            .iter()
            .filter(|s| s.contexts.intersects(context))
            .collect();
        assert_eq!(rows.len(), 1, "{name} in {context:?}");
        rows[0]
    }

    #[test]
    fn rows_of_one_name_have_disjoint_contexts() {
        for (i, a) in DIRECTIVES.iter().enumerate() {
            assert!(a.contexts.bits() != 0, "{} has no context", a.name);
            for b in DIRECTIVES[i + 1..].iter().take_while(|b| b.name == a.name) {
                assert!(
                    !a.contexts.intersects(b.contexts),
                    "{} ({} and {})",
                    a.name,
                    a.module,
                    b.module
                );
            }
        }
    }

    #[test]
    fn proxy_http_version_takes_one_argument_in_http_server_location() {
        let rows = lookup("proxy_http_version");
        assert_eq!(rows.len(), 1);
        let spec = &rows[0];
        assert_eq!(spec.contexts, C::HTTP_MAIN_SRV_LOC);
        assert_eq!(spec.arity, A::TAKE1);
        assert!(!spec.block);
        assert_eq!(spec.module, "ngx_http_proxy_module");
    }

    #[test]
    fn proxy_pass_is_not_allowed_in_if_in_server() {
        let http = row("proxy_pass", C::HTTP_LOCATION);
        assert!(http.contexts.contains(C::HTTP_LIF.or(C::HTTP_LMT)));
        assert!(!http.contexts.intersects(C::HTTP_SIF.or(C::HTTP_SERVER)));
        assert_eq!(
            row("proxy_pass", C::STREAM_SERVER).module,
            "ngx_stream_proxy_module"
        );
        assert!(lookup("proxy_pass")
            .iter()
            .all(|s| !s.contexts.intersects(C::HTTP_SIF)));
    }

    #[test]
    fn upstream_directives_live_in_upstream() {
        let keepalive = row("keepalive", C::HTTP_UPSTREAM);
        assert_eq!(keepalive.contexts, C::HTTP_UPSTREAM);
        assert!(keepalive.arity.accepts(1));
        for name in ["keepalive_requests", "keepalive_time", "keepalive_timeout"] {
            assert_eq!(
                row(name, C::HTTP_UPSTREAM).module,
                "ngx_http_upstream_module"
            );
            assert_eq!(row(name, C::HTTP_SERVER).module, "ngx_http_core_module");
        }
        for name in ["hash", "least_conn", "random", "zone", "server"] {
            row(name, C::HTTP_UPSTREAM);
            row(name, C::STREAM_UPSTREAM);
        }
        assert_eq!(row("ip_hash", C::HTTP_UPSTREAM).arity, A::TAKE0);
        assert!(lookup("ip_hash")
            .iter()
            .all(|s| !s.contexts.intersects(C::STREAM_UPSTREAM)));
    }

    #[test]
    fn server_has_a_row_per_context() {
        let block = |context| row("server", context).block;
        assert!(block(C::HTTP) && block(C::STREAM) && block(C::MAIL));
        assert!(!block(C::HTTP_UPSTREAM) && !block(C::STREAM_UPSTREAM));
        assert_eq!(row("server", C::HTTP_UPSTREAM).arity, A::MORE1);
        assert_eq!(row("server", C::HTTP).arity, A::TAKE0);
        assert!(lookup("server")
            .iter()
            .all(|s| !s.contexts.intersects(C::HTTP_SERVER)));
    }

    #[test]
    fn map_like_and_structural_blocks_are_blocks() {
        for (name, context) in [
            ("map", C::HTTP),
            ("map", C::STREAM),
            ("geo", C::HTTP),
            ("types", C::HTTP_LOCATION),
            ("split_clients", C::STREAM),
            ("charset_map", C::HTTP),
            ("match", C::HTTP),
            ("upstream", C::STREAM),
            ("if", C::HTTP_SERVER),
            ("limit_except", C::HTTP_LOCATION),
            ("location", C::HTTP_LOCATION),
            ("events", C::MAIN),
        ] {
            assert!(row(name, context).block, "{name}");
        }
        assert!(!row("if", C::HTTP_SERVER)
            .contexts
            .intersects(C::HTTP_SIF.or(C::HTTP_LIF)));
    }

    #[test]
    fn flags_and_recent_directives() {
        assert!(row("gzip", C::HTTP_LIF).arity.is_flag());
        assert!(row("ssl_preread", C::STREAM_SERVER).arity.is_flag());
        let http2 = row("http2", C::HTTP_SERVER);
        assert!(http2.arity.is_flag());
        assert_eq!(http2.since, Some(Version(1, 25, 1)));
        assert_eq!(row("http3", C::HTTP).since, Some(Version(1, 25, 0)));
        assert_eq!(
            row("keepalive_time", C::HTTP).since,
            Some(Version(1, 19, 10))
        );
        assert_eq!(
            row("ssl_reject_handshake", C::HTTP).since,
            Some(Version(1, 19, 4))
        );
        assert_eq!(row("listen", C::HTTP_SERVER).since, None);
        assert!(DIRECTIVES
            .iter()
            .filter_map(|s| s.since)
            .all(|v| v >= Version(1, 19, 0)));
    }

    #[test]
    fn core_events_mail_stream_and_njs() {
        assert_eq!(row("include", C::HTTP_LMT).contexts, C::from_bits_all());
        assert_eq!(row("worker_processes", C::MAIN).arity, A::TAKE1);
        assert_eq!(
            row("worker_connections", C::EVENTS).module,
            "ngx_core_module"
        );
        assert_eq!(lookup("error_log").len(), 4);
        assert_eq!(row("smtp_auth", C::MAIL).module, "ngx_mail_smtp_module");
        assert_eq!(row("js_import", C::HTTP_LOCATION).arity, A::TAKE13);
        assert_eq!(row("js_import", C::STREAM).module, "ngx_stream_js_module");
        assert_eq!(row("js_content", C::HTTP_LMT).contexts, C::HTTP_LOC_LIF_LMT);
        assert!(lookup("js_content")
            .iter()
            .all(|s| !s.contexts.intersects(C::STREAM_SERVER)));
    }

    #[test]
    fn nginx_plus_rows_say_so() {
        for (name, context) in [
            ("health_check", C::HTTP_LOCATION),
            ("health_check", C::STREAM_SERVER),
            ("zone_sync", C::STREAM_SERVER),
            ("api", C::HTTP_LOCATION),
            ("keyval_zone", C::HTTP),
            ("auth_jwt", C::HTTP_LMT),
            ("ntlm", C::HTTP_UPSTREAM),
            ("proxy_cache_purge", C::HTTP),
            ("mqtt_preread", C::STREAM),
        ] {
            assert!(
                row(name, context).module.ends_with(" (NGINX Plus)"),
                "{name}"
            );
        }
        for name in ["proxy_pass", "keepalive", "sticky", "js_set", "otel_trace"] {
            assert!(
                lookup(name).iter().all(|s| !s.module.contains("Plus")),
                "{name}"
            );
        }
    }

    #[test]
    fn arity_follows_nginx_precedence() {
        assert!(A::TAKE12.accepts(1) && A::TAKE12.accepts(2) && !A::TAKE12.accepts(3));
        assert!(A::FLAG.accepts(1) && !A::FLAG.accepts(2));
        assert!(A::MORE2.accepts(2) && !A::MORE2.accepts(1));
        assert!(A::ANY.accepts(0));
        assert!(!A::TAKE13.accepts(2));
    }
}
