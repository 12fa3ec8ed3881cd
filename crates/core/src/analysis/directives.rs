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
}

const fn d(name: &'static str, contexts: Contexts, arity: Arity, module: &'static str) -> DirectiveSpec {
    DirectiveSpec { name, contexts, arity, block: false, module, since: None }
}

const fn b(name: &'static str, contexts: Contexts, arity: Arity, module: &'static str) -> DirectiveSpec {
    DirectiveSpec { name, contexts, arity, block: true, module, since: None }
}

const fn since(spec: DirectiveSpec, v: Version) -> DirectiveSpec {
    DirectiveSpec { since: Some(v), ..spec }
}

/// Every row whose name is `name` (empty when confine does not know it).
pub fn lookup(name: &str) -> &'static [DirectiveSpec] {
    let start = DIRECTIVES.partition_point(|s| s.name < name);
    let end = start + DIRECTIVES[start..].partition_point(|s| s.name == name);
    &DIRECTIVES[start..end]
}

use Arity as A;
use Contexts as C;

/// The table, sorted by name (a unit test checks the order, `lookup` relies on it).
pub static DIRECTIVES: &[DirectiveSpec] = &[
    b("events", C::MAIN, A::TAKE0, "ngx_core_module"),
    b("http", C::MAIN, A::TAKE0, "ngx_http_core_module"),
    d("include", C::from_bits_all(), A::TAKE1, "ngx_core_module"),
    b("location", C::HTTP_SERVER.or(C::HTTP_LOCATION), A::TAKE12, "ngx_http_core_module"),
    d("proxy_pass", C::HTTP_LOCATION.or(C::HTTP_LIF).or(C::HTTP_LMT), A::TAKE1, "ngx_http_proxy_module"),
    b("server", C::HTTP, A::TAKE0, "ngx_http_core_module"),
    d("server", C::HTTP_UPSTREAM, A::MORE1, "ngx_http_upstream_module"),
];

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
            assert!(pair[0].name <= pair[1].name, "{} before {}", pair[0].name, pair[1].name);
        }
    }

    #[test]
    fn lookup_finds_every_row_of_a_name() {
        assert_eq!(lookup("server").len(), 2);
        assert!(lookup("no_such_directive").is_empty());
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
