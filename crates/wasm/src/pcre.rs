//! nginx's regexes in the page, evaluated by the browser's `RegExp` (the
//! `regex` crate would add about 100 KB gzip to the page). PCRE syntax that
//! JS reads differently, or not at all, is translated or refused here, so a
//! route is never decided by a pattern read another way: a refusal stops the
//! route with its reason, as the native engine's does.
//!
//! Pattern and subject go to JS one byte per character (Latin-1), so `.`
//! matches one byte, as PCRE without UTF mode does in nginx.

/// A PCRE pattern as the source and flags of a JS `RegExp`.
#[derive(Debug, PartialEq, Eq)]
pub struct JsPattern {
    pub source: String,
    pub flags: &'static str,
}

/// `pattern` (nginx's, without its `~`) for JS, or why it cannot be.
pub fn translate(pattern: &str, caseless: bool) -> Result<JsPattern, String> {
    let refuse = |what: &str| {
        Err(format!(
            "confine cannot evaluate the regex \"{pattern}\" in the page ({what})"
        ))
    };
    let mut caseless = caseless;
    let mut rest = pattern.as_bytes();
    if let Some(after) = rest.strip_prefix(b"(?i)") {
        caseless = true;
        rest = after;
    }
    let chars: Vec<char> = rest.iter().map(|&b| char::from(b)).collect();
    let mut out = String::with_capacity(chars.len() + 8);
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\\' => {
                let Some(e) = next else {
                    return refuse("a trailing backslash");
                };
                i += 2;
                match e {
                    'A' if !in_class => out.push('^'),
                    'z' | 'Z' if !in_class => out.push('$'),
                    'e' => out.push_str("\\x1b"),
                    'a' => out.push_str("\\x07"),
                    'h' | 'H' | 'R' | 'K' | 'G' | 'Q' | 'E' | 'X' | 'C' | 'N' | 'p' | 'P' | 'g'
                    | 'o' | 'A' | 'z' | 'Z' => {
                        return refuse(&format!("the escape \\{e}"));
                    }
                    'x' if chars.get(i) == Some(&'{') => return refuse("the escape \\x{...}"),
                    _ => {
                        out.push('\\');
                        out.push(e);
                    }
                }
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                // PCRE reads a `]` first in a class as a literal; JS as the
                // end of an empty class.
                if chars.get(i) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
                continue;
            }
            '[' if next == Some(':') || next == Some('.') || next == Some('=') => {
                return refuse("a POSIX class such as [:alpha:]");
            }
            ']' if in_class => in_class = false,
            '(' if !in_class && next == Some('?') => {
                let tail: String = chars[i + 2..].iter().take(3).collect();
                let (text, skip) = if tail.starts_with("P<") {
                    ("(?<".to_string(), 4)
                } else if tail.starts_with("P=") {
                    let Some(close) = chars[i..].iter().position(|&c| c == ')') else {
                        return refuse("an unclosed (?P=name)");
                    };
                    let name: String = chars[i + 4..i + close].iter().collect();
                    (format!("\\k<{name}>"), close + 1)
                } else if tail.starts_with('\'') {
                    let Some(close) = chars[i + 3..].iter().position(|&c| c == '\'') else {
                        return refuse("an unclosed (?'name'");
                    };
                    let name: String = chars[i + 3..i + 3 + close].iter().collect();
                    (format!("(?<{name}>"), close + 4)
                } else if tail.starts_with([':', '=', '!'])
                    || (tail.starts_with('<') && tail.len() > 1)
                {
                    ("(?".to_string(), 2)
                } else {
                    return refuse(
                        "a group kind JS lacks: atomic, recursive, conditional, comment or inline flags",
                    );
                };
                out.push_str(&text);
                i += skip;
                continue;
            }
            '*' | '+' | '?' | '}' if !in_class => {
                out.push(c);
                i += 1;
                if chars.get(i) == Some(&'+') {
                    return refuse("a possessive quantifier");
                }
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    Ok(JsPattern {
        source: out,
        flags: if caseless { "i" } else { "" },
    })
}

/// Bytes as one character each, as the translated pattern expects.
pub fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The engine the binding registers with the core (`analysis::matcher`).
#[cfg(target_family = "wasm")]
pub fn is_match(pattern: &str, caseless: bool, subject: &[u8]) -> Result<bool, String> {
    use wasm_bindgen::{JsCast, JsValue};

    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        /// `RegExp(source, flags)`, called as a function; throws on bad syntax.
        #[wasm_bindgen(catch, js_name = RegExp)]
        fn reg_exp(source: &str, flags: &str) -> Result<js_sys::RegExp, JsValue>;
    }

    let js = translate(pattern, caseless)?;
    let re = reg_exp(&js.source, js.flags).map_err(|e| {
        let why = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_default();
        format!("confine cannot evaluate the regex \"{pattern}\" in the page ({why})")
    })?;
    Ok(re.test(&latin1(subject)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(p: &str) -> String {
        translate(p, false).map(|j| j.source).unwrap_or_else(|e| e)
    }

    #[test]
    fn ordinary_patterns_pass_through() {
        for p in [
            r"^/api/(v\d+)/.*\.json$",
            r"\.(gif|jpg|png)$",
            r"^/(?:a|b)+?x{2,3}",
            r"^/(?=x)(?!y)(?<=a)(?<!b)",
            r"[a-z\]]+",
        ] {
            assert_eq!(js(p), p);
        }
    }

    #[test]
    fn pcre_spellings_become_js_ones() {
        assert_eq!(js(r"(?P<user>\w+)/(?P=user)"), r"(?<user>\w+)/\k<user>");
        assert_eq!(js(r"(?'id'\d+)"), r"(?<id>\d+)");
        assert_eq!(js(r"\A/x\z"), "^/x$");
        assert_eq!(js(r"[]a]"), r"[\]a]");
        assert_eq!(js(r"[^]a]"), r"[^\]a]");
        assert_eq!(js(r"\e"), r"\x1b");
        let lead = translate("(?i)^/Admin", false).expect("translates");
        assert_eq!((lead.source.as_str(), lead.flags), ("^/Admin", "i"));
        assert_eq!(translate("x", true).map(|j| j.flags), Ok("i"));
    }

    #[test]
    fn what_js_reads_otherwise_is_refused() {
        for p in [
            r"^/(?>a+)b",
            r"^a++",
            r"\d*+",
            r"a{2}+",
            r"^(?i)x",
            r"(?#note)x",
            r"(?(1)a|b)",
            r"(?R)",
            r"\Qa.b\E",
            r"\h+",
            r"[[:alpha:]]+",
            r"\x{41}",
            r"\p{L}",
            "x\\",
        ] {
            let e = translate(p, false).expect_err(p);
            assert!(e.contains("cannot evaluate the regex"), "{p}: {e}");
        }
    }

    #[test]
    fn bytes_go_over_one_character_each() {
        assert_eq!(latin1(b"/caf\xc3\xa9"), "/caf\u{c3}\u{a9}");
        assert_eq!(latin1(b"\xff").chars().count(), 1);
        // Non-ASCII in the pattern is read the same way, byte by byte.
        assert_eq!(js("/café").chars().count(), "/café".len());
    }
}
