//! Argument grammars: what a directive's arguments must look like, as the
//! directive's own nginx handler checks them once the arity is right.
//!
//! Each row of the directive table carries an [`Args`] (data, not code per
//! directive). Plain values (`ngx_conf_set_*_slot`: numbers, sizes, times,
//! enumerations) are checked here; directives whose handler parses a grammar
//! of its own (`listen`, upstream `server`, `return`, `if`, ...) name a
//! [`Handler`], each checked in a module of its own. Messages use nginx's
//! wording, without the ` in FILE:LINE` nginx appends.

use std::borrow::Cow;

mod access;
mod access_log;
pub mod duplicate;
pub mod entries;
mod error_page;
mod expires;
mod if_condition;
mod listen;
mod location;
pub(crate) mod parse;
mod pass;
mod rewrite;
mod simple;
mod upstream_server;
mod values;

pub use pass::Pass;

use crate::analysis::context::Context;
use crate::diagnostic::{Code, Diagnostic};
use crate::options::Version;
use crate::syntax::{Directive, SourceFile, Token};

/// How a directive's arguments are checked after the arity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Args {
    /// Nothing beyond the arity (strings, paths, scripts), or not described yet.
    Unchecked,
    /// One kind per argument position; the last kind also covers every
    /// argument after it.
    Values(&'static [Value]),
    /// The handler parses a grammar of its own.
    Handler(Handler),
}

/// One argument, read as nginx's parse function for it reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// Any text.
    Str,
    /// `on` or `off`, any case (`ngx_conf_set_flag_slot`).
    Flag,
    /// `ngx_atoi`: decimal digits (`invalid number`).
    Number,
    /// A number within `low..=high` (`ngx_conf_check_num_bounds`; a `high`
    /// of -1 means no upper bound).
    Range(i64, i64),
    /// `ngx_parse_size`: digits with an optional `k`/`m` (`invalid value`).
    Size,
    /// `ngx_parse_offset`: digits with an optional `k`/`m`/`g`.
    Offset,
    /// `ngx_parse_time(.., 0)`: `w d h m s ms`, combined (`1h30m`).
    Msec,
    /// `ngx_parse_time(.., 1)`: `y M w d h m s`, combined.
    Sec,
    /// The count of `ngx_conf_set_bufs_slot` (`8 4k`): a number above zero.
    BufCount,
    /// The size of `ngx_conf_set_bufs_slot`: a size above zero.
    BufSize,
    /// A level of `ngx_conf_set_path_slot` (`proxy_temp_path /p 1 2`): a
    /// number above zero. (nginx also refuses levels summing to more than
    /// 10, which no single argument shows.)
    PathLevel,
    /// `ngx_conf_set_access_slot`: `user:rw group:r all:r`.
    Access,
    /// `ngx_http_set_complex_value_size_slot`: a size, unless it holds a variable.
    ComplexSize,
    /// `ngx_conf_set_enum_slot`: one of these words, any case.
    Enum(&'static [&'static str]),
    /// `ngx_conf_set_bitmask_slot`: each argument one of these words.
    Bitmask(&'static [&'static str]),
    /// The first before nginx `Version`, the second from it on.
    Since(Version, &'static Value, &'static Value),
}

/// A handler with a grammar of its own, each checked in its own module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handler {
    /// http `listen`: an address and keyword parameters ([`listen`]).
    Listen,
    /// stream `listen`: its own parameter set, `udp` and what it excludes.
    StreamListen,
    /// `server` in an http `upstream` ([`upstream_server`]).
    UpstreamServer,
    /// `server` in a stream `upstream`: a port is required.
    StreamUpstreamServer,
    /// `location`: the modifier, and where a nested one may stand ([`location`]).
    Location,
    /// `if (...)`: the condition's operators and operands ([`if_condition`]).
    If,
    /// `return code [text]` or `return URL` ([`rewrite`]).
    Return,
    /// `rewrite regex replacement [flag]`.
    Rewrite,
    /// `error_page code ... [=[response]] uri` ([`error_page`]).
    ErrorPage,
    /// `expires [modified] time|epoch|max|off` ([`expires`]).
    Expires,
    /// `add_header`/`add_trailer name value [always]`.
    AddHeader,
    /// `fastcgi_param`/`scgi_param`/`uwsgi_param`/`grpc? name value [if_not_empty]`.
    Param,
    /// `*_cache_valid [code ...|any] time`.
    CacheValid,
    /// `allow`/`deny address|CIDR|unix:|all` ([`access`]).
    Access,
    /// `limit_req zone=name [burst=n] [nodelay|delay=n]`.
    LimitReq,
    /// `limit_req_zone key zone=name:size rate=rate`.
    LimitReqZone,
    /// `limit_conn_zone key zone=name:size`.
    LimitConnZone,
    /// `open_file_cache off|max=N [inactive=time]`.
    OpenFileCache,
    /// `resolver address ... [valid=time] [ipv6=on|off] [ipv4=on|off] [status_zone=]`.
    Resolver,
    /// `ssl_session_cache off|none|[builtin[:size]] [shared:name:size]`.
    SslSessionCache,
    /// http `access_log path [format [parameters]]|off` ([`access_log`]).
    AccessLog,
    /// mail `listen`: its own parameter set.
    MailListen,
    /// mail `protocol`: one of the mail modules' protocol names.
    MailProtocol,
    /// `use` in `events`: an event method of this platform.
    EventMethod,
    /// `limit_conn zone number`.
    LimitConn,
    /// `worker_processes number|auto`.
    WorkerProcesses,
    /// `worker_connections number` (`invalid number "X"`).
    WorkerConnections,
    /// `proxy_redirect off|default` or two arguments.
    ProxyRedirect,
    /// `error_log file [level ...]`: each level a known name.
    ErrorLog,
    /// `proxy_cache_path` and the other `*_cache_path`.
    CachePath,
    /// The `*_pass` address: which schemes, whether a URI may follow ([`pass`]).
    Pass(Pass),
}

impl Handler {
    fn check(self, input: &Input<'_>) -> Option<Diagnostic> {
        match self {
            Handler::Listen => listen::check_http(input),
            Handler::StreamListen => listen::check_stream(input),
            Handler::UpstreamServer => upstream_server::check(input, false),
            Handler::StreamUpstreamServer => upstream_server::check(input, true),
            Handler::Location => location::check(input),
            Handler::If => if_condition::check(input),
            Handler::Return => rewrite::check_return(input),
            Handler::Rewrite => rewrite::check_rewrite(input),
            Handler::ErrorPage => error_page::check(input),
            Handler::Expires => expires::check(input),
            Handler::AddHeader => simple::trailing_keyword(input, b"always"),
            Handler::Param => simple::trailing_keyword(input, b"if_not_empty"),
            Handler::CacheValid => simple::cache_valid(input),
            Handler::Access => access::check(input),
            Handler::LimitReq => simple::limit_req(input),
            Handler::LimitReqZone => simple::limit_zone(input, true),
            Handler::LimitConnZone => simple::limit_zone(input, false),
            Handler::OpenFileCache => simple::open_file_cache(input),
            Handler::Resolver => access::resolver(input),
            Handler::SslSessionCache => simple::ssl_session_cache(input),
            Handler::AccessLog => access_log::check(input),
            Handler::Pass(pass) => pass::check(input, pass),
            Handler::MailListen => listen::check_mail(input),
            Handler::MailProtocol => simple::mail_protocol(input),
            Handler::EventMethod => simple::event_method(input),
            Handler::LimitConn => simple::limit_conn(input),
            Handler::CachePath => simple::cache_path(input),
            Handler::WorkerProcesses => simple::worker_processes(input),
            Handler::WorkerConnections => simple::worker_connections(input),
            Handler::ProxyRedirect => simple::proxy_redirect(input),
            Handler::ErrorLog => simple::error_log(input),
        }
    }
}

/// What a check reads: one directive and where it stands. Built for every
/// directive with a grammar, so it allocates nothing; a check walks the
/// arguments it needs.
pub struct Input<'a> {
    pub tree: &'a SourceFile,
    pub directive: &'a Directive,
    /// The directive name as nginx sees it.
    pub name: &'a [u8],
    pub context: Context,
    pub version: Version,
    /// The directive whose block this one stands in, with its file (a
    /// nested `location` is checked against the one around it).
    pub enclosing: Option<(&'a SourceFile, &'a Directive)>,
}

impl<'a> Input<'a> {
    /// The argument tokens, for their spans.
    pub fn args(&self) -> impl Iterator<Item = &'a Token> + Clone {
        self.tree.args(self.directive)
    }

    /// An argument's value as nginx sees it (quotes and escapes resolved).
    pub fn value(&self, token: &Token) -> Cow<'a, [u8]> {
        self.tree.value(token)
    }

    /// The `n`th argument (0 is the first) and its value.
    pub fn arg(&self, n: usize) -> Option<(&'a Token, Cow<'a, [u8]>)> {
        let token = self.args().nth(n)?;
        Some((token, self.value(token)))
    }

    /// The directive name, for messages.
    pub fn shown_name(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.name)
    }
}

/// An error at `token`: the handler's problems all come down to one argument.
fn error(code: Code, token: &Token, message: String) -> Option<Diagnostic> {
    Some(Diagnostic::error(code, token.span(), message))
}

/// A value shown in a message, invalid UTF-8 replaced.
fn shown(value: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(value)
}

/// nginx's wording for a message a handler returns instead of logging
/// itself: `"NAME" directive MESSAGE`.
fn directive_error(
    input: &Input<'_>,
    code: Code,
    token: &Token,
    message: &str,
) -> Option<Diagnostic> {
    error(
        code,
        token,
        format!("\"{}\" directive {message}", input.shown_name()),
    )
}

/// The first problem nginx's handler would report for these arguments.
pub fn check(args: Args, input: &Input<'_>) -> Option<Diagnostic> {
    match args {
        Args::Unchecked => None,
        Args::Values(kinds) => values::check(kinds, input),
        Args::Handler(handler) => handler.check(input),
    }
}
