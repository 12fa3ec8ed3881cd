//! The entries of `map`, `geo` and `charset_map` blocks: nginx's handler for
//! each entry takes a fixed number of words (`key value;`), so two entries
//! merged by a missing `;` fail there.

use crate::analysis::model::{Entry, Model};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::End;

/// nginx's refusal of an entry of the wrong length, if any.
pub fn check(model: &Model<'_>, entry: &Entry<'_>) -> Option<Diagnostic> {
    if !matches!(entry.directive.end, End::Semicolon(_)) {
        return None;
    }
    let opener = model.scopes[entry.scope].opener?;
    let block = model.entries[opener].name.as_ref();
    let words = 1 + entry.args().count();
    let key = entry.name.as_ref();
    let message = match block {
        // ngx_http_map / ngx_stream_map: `hostnames` and `volatile` alone.
        b"map" if words == 1 && (key == b"hostnames" || key == b"volatile") => return None,
        b"map" if words != 2 => "invalid number of the map parameters",
        // ngx_http_geo / ngx_stream_geo: `ranges` and `proxy_recursive` alone.
        b"geo" if words == 1 && (key == b"ranges" || key == b"proxy_recursive") => return None,
        b"geo" if words != 2 => "invalid number of the geo parameters",
        b"charset_map" if words != 2 => "invalid parameters number",
        _ => return None,
    };
    Some(Diagnostic::error(
        Code::InvalidArgumentCount,
        entry.directive.name.span(),
        message,
    ))
}
