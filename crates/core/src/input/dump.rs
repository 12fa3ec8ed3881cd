//! `nginx -T` output: every loaded file printed after a
//! `# configuration file PATH:` line. People paste this more than anything
//! else, so it is split back into its files.

const MARKER: &[u8] = b"# configuration file ";

/// One file of a dump: the path its marker names and where its bytes lie in
/// the dump, so a fixed body can be put back in place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub path: String,
    pub body: std::ops::Range<usize>,
}

/// The files of an `nginx -T` dump, in order, or `None` if `text` is not one.
///
/// nginx writes each file's bytes followed by one extra line feed, so that
/// line feed is removed again; lines before the first marker (nginx's own
/// "syntax is ok" chatter) are dropped.
pub fn split(text: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let parts = parts(text)?;
    Some(
        parts
            .into_iter()
            .map(|p| (p.path, text[p.body].to_vec()))
            .collect(),
    )
}

/// The files of a dump as ranges of `text` (see [`split`]).
pub fn parts(text: &[u8]) -> Option<Vec<Part>> {
    if !has_marker(text) {
        return None;
    }
    let mut markers = Vec::new();
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(rest) = line.strip_prefix(MARKER) {
            if let Some(path) = rest.strip_suffix(b":") {
                if !path.is_empty() {
                    let path = String::from_utf8_lossy(path).into_owned();
                    markers.push((line_start, (line_end + 1).min(text.len()), path));
                }
            }
        }
        line_start = line_end + 1;
    }
    if markers.is_empty() {
        return None;
    }
    let mut files = Vec::with_capacity(markers.len());
    for (i, (_, body_start, path)) in markers.iter().enumerate() {
        let body_end = markers.get(i + 1).map_or(text.len(), |next| next.0);
        let body = &text[*body_start..body_end.max(*body_start)];
        let trailer = if body.ends_with(b"\r\n") {
            2
        } else {
            usize::from(body.ends_with(b"\n"))
        };
        let start = *body_start;
        files.push(Part {
            path: path.clone(),
            body: start..start + body.len() - trailer,
        });
    }
    Some(files)
}

/// The dump with some bodies replaced: `replace(i)` gives the new bytes of
/// part `i`, or `None` to keep it. Everything outside the bodies (markers,
/// nginx's chatter, the added line feeds) is kept byte for byte.
pub fn rebuild<'a>(
    text: &[u8],
    parts: &[Part],
    mut replace: impl FnMut(usize) -> Option<&'a [u8]>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    for (i, part) in parts.iter().enumerate() {
        if let Some(new) = replace(i) {
            out.extend_from_slice(&text[at..part.body.start]);
            out.extend_from_slice(new);
            at = part.body.end;
        }
    }
    out.extend_from_slice(&text[at..]);
    out
}

/// Whether some line starts with the marker. Every config loaded is asked
/// this and nearly none is a dump, so it jumps from `#` to `#` (std's
/// `memchr` behind `str::match_indices`, a word at a time) instead of
/// walking every line; text that is not UTF-8 takes the byte-by-byte way.
fn has_marker(text: &[u8]) -> bool {
    // Every config is asked this, and most are not dumps: a word-at-a-time
    // search for each `#`, with no UTF-8 check (no byte of a multi-byte
    // character is a `#`).
    let mut from = 0;
    while let Some(found) = crate::bytes::find(&text[from..], b'#') {
        let at = from + found;
        if (at == 0 || text[at - 1] == b'\n') && text[at..].starts_with(MARKER) {
            return true;
        }
        from = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{parts, rebuild, split};

    #[test]
    fn splits_files_and_drops_the_added_line_feed() {
        let dump = b"nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n\
# configuration file /etc/nginx/nginx.conf:\nhttp { include conf.d/*.conf; }\n\n\
# configuration file /etc/nginx/conf.d/a.conf:\nserver { listen 80; }\n";
        let files = split(dump).expect("is a dump");
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].0, "/etc/nginx/nginx.conf");
        assert_eq!(files[0].1, b"http { include conf.d/*.conf; }\n");
        assert_eq!(files[1].0, "/etc/nginx/conf.d/a.conf");
        assert_eq!(files[1].1, b"server { listen 80; }");
    }

    #[test]
    fn plain_config_is_not_a_dump() {
        assert!(split(b"# a comment\nevents {}\n").is_none());
        // The marker counts only at the start of a line.
        assert!(split(b"events {} # configuration file /a.conf:\n").is_none());
    }

    #[test]
    fn markers_are_found_in_text_that_is_not_utf8() {
        let dump = b"# configuration file /a.conf:\n\xff\n# configuration file /b.conf:\nb;\n";
        let files = split(dump).expect("is a dump");
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].1, b"\xff");
        let crlf = b"junk\r\n# configuration file /a.conf:\r\na;\r\n";
        assert_eq!(split(crlf).expect("is a dump")[0].1, b"a;");
    }

    #[test]
    fn rebuild_replaces_only_the_bodies() {
        let dump =
            b"ok\n# configuration file /a.conf:\na;\n\n# configuration file /b.conf:\r\nb;\r\n";
        let found = parts(dump).expect("is a dump");
        assert_eq!(&dump[found[0].body.clone()], b"a;\n");
        assert_eq!(&dump[found[1].body.clone()], b"b;");
        assert_eq!(rebuild(dump, &found, |_| None), dump.to_vec());
        let rebuilt = rebuild(dump, &found, |i| (i == 1).then_some(&b"c d;"[..]));
        assert_eq!(
            rebuilt,
            b"ok\n# configuration file /a.conf:\na;\n\n# configuration file /b.conf:\r\nc d;\r\n"
                .to_vec()
        );
    }
}
