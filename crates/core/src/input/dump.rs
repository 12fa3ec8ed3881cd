//! `nginx -T` output: every loaded file printed after a
//! `# configuration file PATH:` line. People paste this more than anything
//! else, so it is split back into its files.

const MARKER: &[u8] = b"# configuration file ";

/// The files of an `nginx -T` dump, in order, or `None` if `text` is not one.
///
/// nginx writes each file's bytes followed by one extra line feed, so that
/// line feed is removed again; lines before the first marker (nginx's own
/// "syntax is ok" chatter) are dropped.
pub fn split(text: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
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
        let mut body = &text[*body_start..body_end.max(*body_start)];
        if let Some(stripped) = body
            .strip_suffix(b"\r\n")
            .or_else(|| body.strip_suffix(b"\n"))
        {
            body = stripped;
        }
        files.push((path.clone(), body.to_vec()));
    }
    Some(files)
}

#[cfg(test)]
mod tests {
    use super::split;

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
    }
}
