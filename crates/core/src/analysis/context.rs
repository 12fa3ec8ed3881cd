//! Contexts: where in the configuration a directive stands, and which context
//! each block opens. This is nginx's `cf->cmd_type` made explicit.

use crate::analysis::directives::{lookup_bytes, Contexts};
use crate::syntax::{Item, SourceFile};

/// The context one directive is read in.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Context {
    Main,
    Events,
    Http,
    HttpServer,
    HttpLocation,
    HttpUpstream,
    /// `if` inside `server`.
    HttpSif,
    /// `if` inside `location`.
    HttpLif,
    /// `limit_except`.
    HttpLmt,
    Mail,
    MailServer,
    Stream,
    StreamServer,
    StreamUpstream,
    /// The body of `map`, `geo`, `types`, `split_clients`, `charset_map` or
    /// `match`: key/value entries, not directives.
    Entries,
    /// The body of a block confine does not know (third-party): not checked.
    Opaque,
}

impl Context {
    /// The table bit for this context (`NONE` for bodies that hold no directives).
    pub fn bit(self) -> Contexts {
        match self {
            Context::Main => Contexts::MAIN,
            Context::Events => Contexts::EVENTS,
            Context::Http => Contexts::HTTP,
            Context::HttpServer => Contexts::HTTP_SERVER,
            Context::HttpLocation => Contexts::HTTP_LOCATION,
            Context::HttpUpstream => Contexts::HTTP_UPSTREAM,
            Context::HttpSif => Contexts::HTTP_SIF,
            Context::HttpLif => Contexts::HTTP_LIF,
            Context::HttpLmt => Contexts::HTTP_LMT,
            Context::Mail => Contexts::MAIL,
            Context::MailServer => Contexts::MAIL_SERVER,
            Context::Stream => Contexts::STREAM,
            Context::StreamServer => Contexts::STREAM_SERVER,
            Context::StreamUpstream => Contexts::STREAM_UPSTREAM,
            Context::Entries | Context::Opaque => Contexts::NONE,
        }
    }

    /// Whether directives here are checked against the table.
    pub fn holds_directives(self) -> bool {
        !matches!(self, Context::Entries | Context::Opaque)
    }

    /// Whether this is inside `http {}` (where http-only rules apply).
    pub fn is_http(self) -> bool {
        matches!(
            self,
            Context::Http
                | Context::HttpServer
                | Context::HttpLocation
                | Context::HttpUpstream
                | Context::HttpSif
                | Context::HttpLif
                | Context::HttpLmt
        )
    }

    /// The context a block directive `name` opens when it stands here.
    pub fn child(self, name: &[u8]) -> Context {
        use Context::*;
        match (self, name) {
            (Main, b"events") => Events,
            (Main, b"http") => Http,
            (Main, b"mail") => Mail,
            (Main, b"stream") => Stream,
            (Http, b"server") => HttpServer,
            (Mail, b"server") => MailServer,
            (Stream, b"server") => StreamServer,
            (Http, b"upstream") => HttpUpstream,
            (Stream, b"upstream") => StreamUpstream,
            (HttpServer | HttpLocation, b"location") => HttpLocation,
            (HttpServer, b"if") => HttpSif,
            (HttpLocation, b"if") => HttpLif,
            (HttpLocation, b"limit_except") => HttpLmt,
            (_, b"map" | b"geo" | b"types" | b"split_clients" | b"charset_map" | b"match") => {
                Entries
            }
            // A block in the wrong place: check its body as nginx would have
            // read it had it been allowed, so one misplaced block does not
            // bury every directive inside it.
            (_, b"http") => Http,
            (_, b"events") => Events,
            (_, b"stream") => Stream,
            (_, b"mail") => Mail,
            (_, b"location") => HttpLocation,
            (_, b"server") => HttpServer,
            _ => Opaque,
        }
    }

    /// The context a standalone file is read in. Whole configs start at the
    /// top level; the snippets people paste (a `server {}` block, a lone
    /// `location`, a few proxy directives) belong inside `http`, `server` or
    /// `location`. The context that accepts the most of the file's top-level
    /// directives wins; ties go to the outermost.
    pub fn infer(file: &SourceFile) -> Context {
        const CANDIDATES: [Context; 6] = [
            Context::Main,
            Context::Http,
            Context::HttpServer,
            Context::HttpLocation,
            Context::Stream,
            Context::StreamServer,
        ];
        let names: Vec<&[u8]> = file
            .items()
            .iter()
            .filter_map(|item| match item {
                Item::Directive(id) => Some(file.text(file.directive(*id).name.span())),
                _ => None,
            })
            .filter(|name| *name != b"include")
            .collect();
        let mut best = (Context::Main, 0usize);
        for candidate in CANDIDATES {
            let score = names
                .iter()
                .filter(|name| {
                    let rows = lookup_bytes(name);
                    if rows.is_empty() {
                        // A misspelt `location` still says where the snippet goes.
                        return crate::analysis::unknown::is_typo_in(name, candidate);
                    }
                    rows.iter().any(|s| s.contexts.intersects(candidate.bit()))
                })
                .count();
            if score > best.1 {
                best = (candidate, score);
            }
        }
        best.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn snippets_are_read_where_they_belong() {
        let infer = |s: &str| Context::infer(&parse(s.as_bytes()).file);
        assert_eq!(infer("events {} http {}"), Context::Main);
        assert_eq!(infer("server { listen 80; }"), Context::Http);
        assert_eq!(
            infer("location / { proxy_pass http://a; }"),
            Context::HttpServer
        );
        assert_eq!(infer("proxy_pass http://a;"), Context::HttpLocation);
        assert_eq!(infer("# nothing"), Context::Main);
        assert_eq!(infer("locaton / { root /srv; }"), Context::HttpServer);
        assert_eq!(infer("more_set_headers 'a: b';"), Context::Main);
    }
}
