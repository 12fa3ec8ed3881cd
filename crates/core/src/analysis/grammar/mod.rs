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
    /// `ngx_atoi`: decimal digits (`invalid number`).
    Number,
    /// `ngx_parse_size`: digits with an optional `k`/`m` (`invalid value`).
    Size,
    /// `ngx_parse_offset`: digits with an optional `k`/`m`/`g`.
    Offset,
    /// `ngx_parse_time(.., 0)`: `ms s m h d w M y`, combined (`1h30m`).
    Msec,
    /// `ngx_parse_time(.., 1)`: as [`Value::Msec`] without `ms`.
    Sec,
    /// `ngx_conf_set_enum_slot`: one of these words, any case.
    Enum(&'static [&'static str]),
    /// `ngx_conf_set_bitmask_slot`: each argument one of these words.
    Bitmask(&'static [&'static str]),
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
pub fn check(args: Args, _input: &Input<'_>) -> Option<Diagnostic> {
    match args {
        Args::Unchecked => None,
        Args::Values(_kinds) => None,
        Args::Handler(handler) => match handler {},
    }
}
