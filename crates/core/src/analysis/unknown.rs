//! Directives nginx does not know. `nginx -t` stops at each of them
//! (`unknown directive "X"`) unless a module defines it, so confine sorts
//! them in three: a name one slip away from a directive allowed right there
//! is a typo (an error, with the directive meant); a name a known
//! third-party module defines is a warning naming the module; anything else
//! is a warning. With `--strict` every unknown directive is an error, as for
//! an nginx built without any third-party module.

use crate::analysis::context::Context;
use crate::analysis::directives::{Contexts, Version, DIRECTIVES};
use crate::analysis::similar::edits_within;
use crate::analysis::third_party;
use crate::analysis::validate::FileDiagnostic;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::span::Span;

/// Names longer than this are not searched for typos (no directive is
/// nearly this long, and the search keeps its rows on the stack).
const MAX_TYPO_LEN: usize = 64;

/// The diagnostic for `name`, a directive the nginx table does not know
/// (in any version), standing in `context`.
pub fn diagnose(name: &[u8], span: Span, context: Context, version: Version) -> Diagnostic {
    let shown = String::from_utf8_lossy(name);
    let message = format!("unknown directive \"{shown}\"");
    if let Some(module) = third_party::module_of(name) {
        return Diagnostic::warning(Code::UnknownDirective, span, message).with_help(format!(
            "needs the {} module: {}; nginx without it fails here",
            module.name, module.home
        ));
    }
    if let Some(meant) = typo_of(name, context, version) {
        return Diagnostic::error(Code::UnknownDirective, span, message)
            .with_help(format!("did you mean \"{meant}\"?"));
    }
    Diagnostic::warning(Code::UnknownDirective, span, message).with_help(
        "not a directive of nginx or its official modules; a third-party module may provide it",
    )
}

/// `--strict`: every unknown directive an error, as `nginx -t` without the
/// modules that define them would say.
pub fn make_strict(diagnostics: &mut [FileDiagnostic]) {
    for d in diagnostics {
        if d.diagnostic.code == Code::UnknownDirective {
            d.diagnostic.severity = Severity::Error;
        }
    }
}

/// Whether `name`, unknown to nginx, is a typo of a directive allowed in
/// `context` (in the current stable version): what a snippet's context is
/// guessed from when its only directive is misspelt.
pub(crate) fn is_typo_in(name: &[u8], context: Context) -> bool {
    third_party::module_of(name).is_none()
        && typo_of(name, context, Version::CURRENT_STABLE).is_some()
}

/// How many edits apart a typo may be from the directive meant. Measured on
/// the corpus and the third-party table: one edit (an insertion, deletion,
/// substitution or swap of neighbours) also reaches only four real module
/// names (`subs_filter`, `geoip2_proxy`...), which the table knows; two
/// edits reach only names of four bytes or fewer (`rtmp`/`http`,
/// `fair`/`aio`), so names of ten bytes and more get two.
fn max_edits(len: usize) -> usize {
    if len < 10 {
        1
    } else {
        2
    }
}

/// The directive allowed in `context` (in `version`) that `name` most
/// likely misspells, if one is close enough. Case is ignored: nginx's names
/// are lower case, and `Proxy_Pass` is a typo too.
fn typo_of(name: &[u8], context: Context, version: Version) -> Option<&'static str> {
    let budget = max_edits(name.len());
    if name.is_empty() || name.len() > MAX_TYPO_LEN {
        return None;
    }
    let mut lower = [0u8; MAX_TYPO_LEN];
    let lower = &mut lower[..name.len()];
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    // The two `if` contexts are one here: a lone `if` snippet is read as
    // `if` in `server`, though it may well stand in a `location`.
    let bit = match context {
        Context::HttpSif | Context::HttpLif => Contexts::HTTP_SIF | Contexts::HTTP_LIF,
        other => other.bit(),
    };
    let letters = letters_of(lower);
    let by_length = rows_by_length();
    let mut best: Option<(usize, &'static str)> = None;
    let lengths = lower.len().saturating_sub(budget)..=(lower.len() + budget).min(MAX_TYPO_LEN);
    for &(row, theirs) in lengths.flat_map(|n| &by_length[n]) {
        let most = best.map_or(budget, |(d, _)| d.saturating_sub(1));
        // Each letter only one side has costs an edit: a bound that turns
        // away nearly every row before the distance is computed.
        if (letters & !theirs).count_ones() as usize > most
            || (theirs & !letters).count_ones() as usize > most
        {
            continue;
        }
        let row = &DIRECTIVES[usize::from(row)];
        if !row.contexts.intersects(bit) || !row.exists_in(version) {
            continue;
        }
        if let Some(d) = edits_within(lower, row.name.as_bytes(), most) {
            best = Some((d, row.name));
            if d == 0 {
                break;
            }
        }
    }
    best.map(|(_, meant)| meant)
}

/// The table's rows by the length of their name (up to [`MAX_TYPO_LEN`]),
/// each with its [`letters_of`]: a typo search visits only the lengths
/// within its budget. Built on the first unknown directive.
fn rows_by_length() -> &'static [Vec<(u16, u64)>] {
    static INDEX: std::sync::OnceLock<Vec<Vec<(u16, u64)>>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = vec![Vec::new(); MAX_TYPO_LEN + 1];
        for (i, row) in DIRECTIVES.iter().enumerate() {
            let name = row.name.as_bytes();
            if let (Some(bucket), Ok(i)) = (index.get_mut(name.len()), u16::try_from(i)) {
                bucket.push((i, letters_of(name)));
            }
        }
        index
    })
}

/// The bytes a name has, one bit each (bytes that share a bit count as one:
/// the bound in [`typo_of`] stays a lower bound).
fn letters_of(name: &[u8]) -> u64 {
    name.iter().fold(0, |set, &b| set | 1 << (b % 64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_searched_in_the_context_only() {
        let v = Version::CURRENT_STABLE;
        assert_eq!(
            typo_of(b"proxy_set_headr", Context::HttpLocation, v),
            Some("proxy_set_header")
        );
        assert_eq!(
            typo_of(b"Proxy_Pass", Context::HttpLocation, v),
            Some("proxy_pass")
        );
        // `proxy_pass` is not allowed in `http` itself.
        assert_eq!(typo_of(b"proxy_pas", Context::Http, v), None);
        assert_eq!(typo_of(b"rtmpx", Context::Main, v), None);
        assert_eq!(typo_of(b"fi", Context::HttpLocation, v), Some("if"));
        assert_eq!(typo_of(b"ab", Context::HttpLocation, v), None);
        // A lone `if` snippet is read as `if` in `server`.
        assert_eq!(
            typo_of(b"add_heder", Context::HttpSif, v),
            Some("add_header")
        );
    }

    #[test]
    fn the_closest_directive_wins() {
        // One edit from `gzip_types`, two from `gzip_typ...` neighbours.
        assert_eq!(
            typo_of(b"gzip_typess", Context::HttpServer, Version::CURRENT_STABLE),
            Some("gzip_types")
        );
    }
}
