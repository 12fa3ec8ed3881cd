//! `confine.toml`: the options a project keeps beside its nginx config. A
//! small TOML subset read by hand (no dependency for four keys): one
//! `key = value` a line, strings and one-line arrays of strings, `#`
//! comments. Anything else is an error at its line and column.

use crate::diagnostic::Severity;
use crate::options::{Options, Version};
use crate::rules::select::check_selector;

/// What a `confine.toml` sets; `None` where it says nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileOptions {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub min_severity: Option<Severity>,
    pub nginx_version: Option<Version>,
}

/// Why a `confine.toml` was refused, at a 1-based line and column
/// (characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// A value as written, with the column it starts at.
enum Value {
    Str(String, usize),
    List(Vec<(String, usize)>),
}

/// One line being read: its characters and where the reader stands.
struct Cursor {
    chars: Vec<char>,
    at: usize,
    line: usize,
}

impl FileOptions {
    /// `options` with what the file sets put over it.
    pub fn apply_to(&self, options: &mut Options) {
        if let Some(s) = &self.select {
            options.select = s.clone();
        }
        if let Some(i) = &self.ignore {
            options.ignore = i.clone();
        }
        if let Some(m) = self.min_severity {
            options.min_severity = Some(m);
        }
        if let Some(v) = self.nginx_version {
            options.nginx_version = v;
            options.nginx_version_given = true;
        }
    }
}

impl Cursor {
    fn new(text: &str, line: usize) -> Cursor {
        Cursor {
            chars: text.chars().collect(),
            at: 0,
            line,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn column(&self) -> usize {
        self.at + 1
    }

    fn error(&self, message: impl Into<String>) -> FileError {
        FileError {
            line: self.line,
            column: self.column(),
            message: message.into(),
        }
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.at += 1;
        }
    }

    /// Nothing but blanks and a comment left.
    fn at_end(&mut self) -> bool {
        self.skip_blanks();
        matches!(self.peek(), None | Some('#'))
    }

    fn key(&mut self) -> String {
        let start = self.at;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            self.at += 1;
        }
        self.chars[start..self.at].iter().collect()
    }

    /// A `"..."` string (no escapes: no value confine takes needs one).
    fn string(&mut self) -> Result<(String, usize), FileError> {
        let column = self.column();
        if self.peek() != Some('"') {
            return Err(self.error("expected a quoted string"));
        }
        self.at += 1;
        let start = self.at;
        loop {
            match self.peek() {
                Some('"') => break,
                Some('\\') => return Err(self.error("escapes are not supported in strings")),
                Some(_) => self.at += 1,
                None => {
                    return Err(FileError {
                        line: self.line,
                        column,
                        message: "unterminated string".into(),
                    })
                }
            }
        }
        let s = self.chars[start..self.at].iter().collect();
        self.at += 1;
        Ok((s, column))
    }

    /// `[ "a", "b" ]` on one line (a trailing comma allowed).
    fn list(&mut self) -> Result<Vec<(String, usize)>, FileError> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_blanks();
            match self.peek() {
                Some(']') => {
                    self.at += 1;
                    return Ok(items);
                }
                None | Some('#') => {
                    return Err(self.error("expected `,` or `]` (arrays stay on one line)"))
                }
                Some(_) => {}
            }
            items.push(self.string()?);
            self.skip_blanks();
            match self.peek() {
                Some(',') => self.at += 1,
                Some(']') | None | Some('#') => {}
                Some(_) => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn value(&mut self) -> Result<Value, FileError> {
        self.skip_blanks();
        match self.peek() {
            Some('[') => Ok(Value::List(self.list()?)),
            Some('"') => {
                let (s, column) = self.string()?;
                Ok(Value::Str(s, column))
            }
            _ => Err(self.error("expected a quoted string or an array of them")),
        }
    }
}

/// Read a `confine.toml`. Selectors, the severity and the version are
/// checked here, so that a mistake is reported where it was written.
pub fn parse_file(text: &str) -> Result<FileOptions, FileError> {
    let mut out = FileOptions::default();
    for (i, raw) in text.lines().enumerate() {
        let mut c = Cursor::new(raw, i + 1);
        if c.at_end() {
            continue;
        }
        let key_column = c.column();
        let key = c.key();
        if key.is_empty() {
            return Err(c.error("expected a key"));
        }
        let at_key = |message: String| FileError {
            line: i + 1,
            column: key_column,
            message,
        };
        c.skip_blanks();
        if c.peek() != Some('=') {
            return Err(c.error("expected `=`"));
        }
        c.at += 1;
        let value_column = {
            c.skip_blanks();
            c.column()
        };
        let value = c.value()?;
        if !c.at_end() {
            return Err(c.error("expected the end of the line"));
        }
        let at = |column: usize, message: String| FileError {
            line: i + 1,
            column,
            message,
        };
        let duplicate = || at_key(format!("`{key}` is set twice"));
        match (key.as_str(), value) {
            ("select" | "ignore", Value::List(items)) => {
                for (s, column) in &items {
                    check_selector(s).map_err(|e| at(*column, e.to_string()))?;
                }
                let list = Some(items.into_iter().map(|(s, _)| s).collect());
                let slot = if key == "select" {
                    &mut out.select
                } else {
                    &mut out.ignore
                };
                if slot.is_some() {
                    return Err(duplicate());
                }
                *slot = list;
            }
            ("select" | "ignore", Value::Str(..)) => {
                return Err(at(
                    value_column,
                    format!("`{key}` takes an array of strings, such as [\"security\"]"),
                ))
            }
            ("min-severity", Value::Str(s, column)) => {
                if out.min_severity.is_some() {
                    return Err(duplicate());
                }
                out.min_severity = Some(s.parse().map_err(|e| at(column, e))?);
            }
            ("nginx-version", Value::Str(s, column)) => {
                if out.nginx_version.is_some() {
                    return Err(duplicate());
                }
                out.nginx_version = Some(s.parse().map_err(|e| at(column, e))?);
            }
            ("min-severity" | "nginx-version", Value::List(_)) => {
                return Err(at(value_column, format!("`{key}` takes a quoted string")))
            }
            (other, _) => {
                return Err(at_key(format!(
                    "unknown key `{other}` (expected select, ignore, min-severity or nginx-version)"
                )))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse_file(text).unwrap_err().to_string()
    }

    #[test]
    fn every_key_is_read() {
        let text = "# project settings\n\nselect = [\"protocol\", \"max-fails-single-server\",]\n\
                    ignore = [ \"keepalive-without-http11\" ] # too noisy here\n\
                    min-severity = \"warning\"\n\tnginx-version = \"1.22.1\"\n";
        let file = parse_file(text).unwrap();
        assert_eq!(
            file,
            FileOptions {
                select: Some(vec!["protocol".into(), "max-fails-single-server".into()]),
                ignore: Some(vec!["keepalive-without-http11".into()]),
                min_severity: Some(Severity::Warning),
                nginx_version: Some(Version(1, 22, 1)),
            }
        );
        let mut options = Options::default();
        file.apply_to(&mut options);
        assert_eq!(options.select, ["protocol", "max-fails-single-server"]);
        assert_eq!(options.ignore, ["keepalive-without-http11"]);
        assert_eq!(options.min_severity, Some(Severity::Warning));
        assert_eq!(options.nginx_version, Version(1, 22, 1));
        assert_eq!(parse_file("select = []\n").unwrap().select, Some(vec![]));
        assert_eq!(parse_file("").unwrap(), FileOptions::default());
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            error("\nseverity = \"info\"\n"),
            "2:1: unknown key `severity` (expected select, ignore, min-severity or nginx-version)"
        );
        assert_eq!(error("select [\"all\"]"), "1:8: expected `=`");
        assert_eq!(
            error("select = \"all\""),
            "1:10: `select` takes an array of strings, such as [\"security\"]"
        );
        assert_eq!(
            error("ignore = [\"protocol\" \"hygiene\"]"),
            "1:22: expected `,` or `]`"
        );
        assert_eq!(
            error("ignore = [\"protocol\",\n\"hygiene\"]"),
            "1:22: expected `,` or `]` (arrays stay on one line)"
        );
        assert_eq!(
            error("ignore = [\"protocl\"]"),
            "1:11: unknown rule or category \"protocl\" (categories: all, protocol, security, \
             performance, hygiene); did you mean \"protocol\"?"
        );
        assert_eq!(
            error("min-severity = \"fatal\""),
            "1:16: unknown severity \"fatal\" (expected info, warning or error)"
        );
        assert_eq!(
            error("min-severity = [\"info\"]"),
            "1:16: `min-severity` takes a quoted string"
        );
        assert_eq!(
            error("nginx-version = \"one\""),
            "1:17: invalid nginx version \"one\" (expected X.Y.Z)"
        );
        assert_eq!(
            error("nginx-version = 1.22"),
            "1:17: expected a quoted string or an array of them"
        );
        assert_eq!(error("nginx-version = \"1.22"), "1:17: unterminated string");
        assert_eq!(
            error("min-severity = \"info\" x"),
            "1:23: expected the end of the line"
        );
        assert_eq!(
            error("min-severity = \"info\"\nmin-severity = \"error\""),
            "2:1: `min-severity` is set twice"
        );
        assert_eq!(error("  = \"x\""), "1:3: expected a key");
        assert_eq!(error("[section]"), "1:1: expected a key");
    }
}
