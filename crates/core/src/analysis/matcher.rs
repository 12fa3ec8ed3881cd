//! How nginx's (PCRE) regexes get evaluated: natively by the `regex` crate
//! (feature `regex`), in the page by the browser's own engine, which the
//! binding registers, so that the page ships no regex engine of its own.

use std::sync::OnceLock;

/// Evaluates one nginx regex against a subject, bytewise as nginx matches
/// without UTF mode: `Ok(matched)`, or why the pattern cannot be evaluated
/// (the caller stops the route with that reason rather than guess).
pub type RegexMatcher = fn(pattern: &str, caseless: bool, subject: &[u8]) -> Result<bool, String>;

static REGISTERED: OnceLock<RegexMatcher> = OnceLock::new();

/// Sets the engine that [`is_match`] uses; the first registration stands.
/// Builds without the `regex` feature evaluate no regex until one is set.
pub fn register(matcher: RegexMatcher) {
    // A second registration is a no-op by design: the engine of a process
    // does not change under a running analysis.
    let _ = REGISTERED.set(matcher);
}

/// `pattern` (an nginx regex, without its `~`) against `subject`.
pub fn is_match(pattern: &str, caseless: bool, subject: &[u8]) -> Result<bool, String> {
    if let Some(matcher) = REGISTERED.get() {
        return matcher(pattern, caseless, subject);
    }
    builtin(pattern, caseless, subject)
}

#[cfg(feature = "regex")]
fn builtin(pattern: &str, caseless: bool, subject: &[u8]) -> Result<bool, String> {
    let re = regex::bytes::RegexBuilder::new(pattern)
        .unicode(false)
        .case_insensitive(caseless)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| {
            let text = e.to_string();
            let last = text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or(&text);
            format!(
                "confine cannot evaluate the regex \"{pattern}\" (PCRE features such as \
                 look-around or back-references: {})",
                last.trim().trim_start_matches("error: ")
            )
        })?;
    Ok(re.is_match(subject))
}

#[cfg(not(feature = "regex"))]
fn builtin(pattern: &str, _caseless: bool, _subject: &[u8]) -> Result<bool, String> {
    Err(format!(
        "confine cannot evaluate the regex \"{pattern}\": this build has no regex engine"
    ))
}
