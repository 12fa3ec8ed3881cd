//! Diagnostics: what the parser and the structural checks report about a file.
//!
//! A diagnostic is a value, never a panic or an early return: the parser
//! recovers and keeps going so that one mistake does not hide the next.

use serde::{Deserialize, Serialize};

use crate::span::Span;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// `info`, `warning` or `error`, as `--min-severity` and `confine.toml` take them.
impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Severity, String> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!(
                "unknown severity \"{s}\" (expected info, warning or error)"
            )),
        }
    }
}

/// What kind of problem a diagnostic reports. Stable ids for JSON and tests.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A `;`, `{` or `}` where nginx does not expect one.
    UnexpectedToken,
    /// The file ends inside a directive.
    UnexpectedEof,
    /// The file ends inside a block (`}` missing).
    UnclosedBlock,
    /// A quoted string that never ends.
    UnterminatedQuote,
    /// A word, quoted string or comment longer than nginx's read buffer.
    TooLongParameter,
    /// A character glued to the end of a quoted string (`"a"b`).
    UnexpectedAfterQuote,
    /// A directive that ran into the next line's directive: almost always a missing `;`.
    MissingSemicolon,
    UnknownDirective,
    NotAllowedHere,
    InvalidArgumentCount,
    /// A simple directive followed by `{` instead of `;`.
    NotTerminated,
    /// A block directive followed by `;` instead of `{`.
    NoOpeningBrace,
    /// A flag directive whose value is not `on` or `off`.
    InvalidFlag,
    IncludeNotFound,
    IncludeCycle,
    /// Includes that multiply past what confine will expand.
    ExpansionLimit,
    /// The rest of a file's syntax errors are not listed.
    TooManyErrors,
    /// A value its directive's handler refuses (`invalid value`, `invalid number`, `invalid return code`, `invalid condition`, a port out of range...).
    InvalidValue,
    /// A parameter the handler does not know (`invalid parameter "X"`), or one it refuses in this combination.
    InvalidParameter,
    /// A second directive, `location` or `listen` option where nginx allows one (`is duplicate`, `duplicate location`, `duplicate listen options`).
    Duplicate,
    /// A variable no module and no directive of the config defines (`unknown "X" variable`).
    UnknownVariable,
    /// A `$` nginx cannot read as a variable (`invalid variable name`, `${`
    /// without its `}`).
    InvalidVariable,
    /// A section nginx requires is absent (`no "events" section in configuration`).
    MissingSection,
    /// TLS is on in a server with no `ssl_certificate` in effect.
    NoCertificate,
    /// A name nginx resolves at start-up that is no upstream and cannot be a host (`host not found in upstream`).
    HostNotFound,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnexpectedToken => "unexpected-token",
            Code::UnexpectedEof => "unexpected-eof",
            Code::UnclosedBlock => "unclosed-block",
            Code::UnterminatedQuote => "unterminated-quote",
            Code::TooLongParameter => "too-long-parameter",
            Code::UnexpectedAfterQuote => "unexpected-after-quote",
            Code::MissingSemicolon => "missing-semicolon",
            Code::UnknownDirective => "unknown-directive",
            Code::NotAllowedHere => "not-allowed-here",
            Code::InvalidArgumentCount => "invalid-argument-count",
            Code::NotTerminated => "not-terminated",
            Code::NoOpeningBrace => "no-opening-brace",
            Code::InvalidFlag => "invalid-flag",
            Code::IncludeNotFound => "include-not-found",
            Code::IncludeCycle => "include-cycle",
            Code::ExpansionLimit => "expansion-limit",
            Code::TooManyErrors => "too-many-errors",
            Code::InvalidValue => "invalid-value",
            Code::InvalidParameter => "invalid-parameter",
            Code::Duplicate => "duplicate",
            Code::UnknownVariable => "unknown-variable",
            Code::InvalidVariable => "invalid-variable",
            Code::MissingSection => "missing-section",
            Code::NoCertificate => "no-certificate",
            Code::HostNotFound => "host-not-found",
        }
    }
}

/// One problem in one file. `span` is a byte range of that file; `message`
/// uses nginx's own wording where nginx has one, so users can search for it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub span: Span,
    /// A hint on how to fix it, when confine can tell more than nginx does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}
