//! Argument grammars: what a directive's arguments must look like, as the
//! directive's own nginx handler checks them once the arity is right.
//!
//! Each row of the directive table carries an [`Args`] (data, not code per
//! directive). Plain values (`ngx_conf_set_*_slot`: numbers, sizes, times,
//! enumerations) are checked here; directives whose handler parses a grammar
//! of its own (`listen`, upstream `server`, `return`, `if`, ...) name a
//! [`Handler`], each checked in a module of its own. Messages use nginx's
//! wording, without the ` in FILE:LINE` nginx appends.

pub mod duplicate;
mod values;

use std::borrow::Cow;

use crate::analysis::context::Context;
use crate::diagnostic::Diagnostic;
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
pub enum Handler {}

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
}

/// The first problem nginx's handler would report for these arguments.
pub fn check(args: Args, input: &Input<'_>) -> Option<Diagnostic> {
    match args {
        Args::Unchecked => None,
        Args::Values(kinds) => values::check(kinds, input),
        Args::Handler(handler) => match handler {},
    }
}
