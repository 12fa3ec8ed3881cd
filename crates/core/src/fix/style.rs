//! Edits that look hand-made: new directives take the indentation of their
//! neighbours, the file's line breaks (LF or CRLF), and stay on one line in a
//! one-line block; a trailing comment stays with the directive it follows.

use crate::fix::Edit;
use crate::input::FileId;
use crate::span::Span;
use crate::syntax::{Directive, SourceFile};

/// The line break a file uses: CRLF if its first line break is one.
pub fn eol(src: &[u8]) -> &'static str {
    match src.iter().position(|&b| b == b'\n') {
        Some(i) if i > 0 && src[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

fn line_start(src: &[u8], offset: usize) -> usize {
    src[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

/// End of the line holding `offset`, before its line break (`\n` or `\r\n`).
fn line_end(src: &[u8], offset: usize) -> usize {
    let end = src[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(src.len(), |i| offset + i);
    if end > offset && src[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// The leading whitespace of the line holding `offset`.
pub fn line_indent(src: &[u8], offset: usize) -> String {
    crate::bytes::lossy(indent_bytes(src, offset)).into_owned()
}

/// [`line_indent`] without a copy (spaces and tabs only, so always UTF-8).
fn indent_bytes(src: &[u8], offset: usize) -> &[u8] {
    let start = line_start(src, offset);
    let len = src[start..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    &src[start..start + len]
}

/// The file's indentation step: the indentation of the first directive
/// inside a block, minus that of the block's own line. Four spaces if the
/// file has no multi-line block.
pub fn indent_unit(tree: &SourceFile) -> String {
    let src = tree.source();
    for (_, d) in tree.directives() {
        let Some(block) = d.block() else { continue };
        let outer = line_indent(src, d.name.span().start);
        for item in tree.block_items(block) {
            if let crate::syntax::Item::Directive(child) = item {
                let child = tree.directive(*child);
                let inner = line_indent(src, child.name.span().start);
                let starts_line = line_start(src, child.name.span().start) + inner.len()
                    == child.name.span().start;
                if starts_line && inner.len() > outer.len() && inner.starts_with(&outer) {
                    return inner[outer.len()..].to_string();
                }
                break;
            }
        }
    }
    "    ".to_string()
}

/// Whether only spaces, tabs or a comment follow `offset` on its line.
fn rest_of_line_is_free(src: &[u8], offset: usize) -> bool {
    let rest = &src[offset..line_end(src, offset)];
    match rest.iter().find(|&&b| b != b' ' && b != b'\t') {
        None => true,
        Some(&b) => b == b'#',
    }
}

/// Insert the directive `text` (without line break) right after `after`, as
/// its sibling: on the next line with the same indentation, or on the same
/// line when more follows there (a one-line block).
pub fn insert_after(tree: &SourceFile, file: FileId, after: &Directive, text: &str) -> Edit {
    let (at, separator) = placement(tree, after);
    let mut new = String::with_capacity(separator.len() + text.len());
    new.push_str(&separator);
    new.push_str(text);
    Edit {
        file,
        span: Span::empty(at),
        text: new,
    }
}

/// Insert the directive `text` (without line break) right before `before`,
/// as its sibling: on its own line with `before`'s indentation, or on the
/// same line when something precedes `before` there (a one-line block).
pub fn insert_before(tree: &SourceFile, file: FileId, before: &Directive, text: &str) -> Edit {
    let src = tree.source();
    let at = before.span().start;
    let start = line_start(src, at);
    let alone = src[start..at].iter().all(|&b| b == b' ' || b == b'\t');
    let mut new = String::with_capacity(text.len() + 8);
    new.push_str(text);
    if alone {
        new.push_str(eol(src));
        new.push_str(&crate::bytes::lossy(&src[start..at]));
    } else {
        new.push(' ');
    }
    Edit {
        file,
        span: Span::empty(at),
        text: new,
    }
}

/// Insert several directives after `after`, in order, as one edit (each
/// placed as [`insert_after`] places one; the place is found once).
pub fn insert_all_after(
    tree: &SourceFile,
    file: FileId,
    after: &Directive,
    texts: &[impl AsRef<str>],
) -> Option<Edit> {
    if texts.is_empty() {
        return None;
    }
    let (at, separator) = placement(tree, after);
    let mut new = String::with_capacity(
        texts
            .iter()
            .map(|t| separator.len() + t.as_ref().len())
            .sum(),
    );
    for text in texts {
        new.push_str(&separator);
        new.push_str(text.as_ref());
    }
    Some(Edit {
        file,
        span: Span::empty(at),
        text: new,
    })
}

/// Where a sibling of `after` goes, and what comes before its text there:
/// the end of `after`'s line and a line break with `after`'s indentation,
/// or, when more follows on that line, right after `after` and a space.
fn placement(tree: &SourceFile, after: &Directive) -> (usize, String) {
    let src = tree.source();
    let end = after.span().end;
    if rest_of_line_is_free(src, end) {
        let (eol, indent) = (eol(src), indent_bytes(src, after.name.span().start));
        let mut separator = String::with_capacity(eol.len() + indent.len());
        separator.push_str(eol);
        separator.push_str(&crate::bytes::lossy(indent));
        (line_end(src, end), separator)
    } else {
        (end, " ".to_string())
    }
}

/// Replace one token or range with new text.
pub fn replace(file: FileId, span: Span, text: impl Into<String>) -> Edit {
    Edit {
        file,
        span,
        text: text.into(),
    }
}

/// Remove a directive: its whole line (trailing comment included) when it is
/// alone there, otherwise just its text and the space before it.
pub fn remove(tree: &SourceFile, file: FileId, d: &Directive) -> Edit {
    let src = tree.source();
    let span = d.span();
    let start = line_start(src, span.start);
    let alone_before = src[start..span.start]
        .iter()
        .all(|&b| b == b' ' || b == b'\t');
    if alone_before && rest_of_line_is_free(src, span.end) {
        let mut end = line_end(src, span.end);
        end += match &src[end..] {
            [b'\r', b'\n', ..] => 2,
            [b'\n', ..] => 1,
            _ => 0,
        };
        return Edit {
            file,
            span: Span::new(start, end),
            text: String::new(),
        };
    }
    remove_with_space_before(src, file, span)
}

/// Remove one argument token and the spaces before it (`listen 443 ssl http2`
/// → `listen 443 ssl`).
pub fn remove_token(tree: &SourceFile, file: FileId, token: Span) -> Edit {
    remove_with_space_before(tree.source(), file, token)
}

fn remove_with_space_before(src: &[u8], file: FileId, span: Span) -> Edit {
    let mut from = span.start;
    while from > 0 && matches!(src[from - 1], b' ' | b'\t') {
        from -= 1;
    }
    Edit {
        file,
        span: Span::new(from, span.end),
        text: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{apply, Applicability, Fix};
    use crate::input::ConfigSet;

    fn edit_and_apply(
        src: &str,
        make: impl Fn(&SourceFile, &Directive) -> Edit,
        target: &str,
    ) -> String {
        let set = ConfigSet::from_text("a.conf", src.as_bytes());
        let tree = &set.files[0].tree;
        let (_, d) = tree
            .directives()
            .find(|(_, d)| tree.text(d.name.span()) == target.as_bytes())
            .expect("target directive");
        let fix = Fix {
            description: String::new(),
            applicability: Applicability::Safe,
            edits: vec![make(tree, d)],
        };
        let applied = apply(&set, &[&fix]);
        String::from_utf8(applied.files[0].1.clone()).expect("utf8")
    }

    #[test]
    fn insertion_keeps_indentation_comments_and_crlf() {
        let src =
            "server {\r\n\tlocation / {\r\n\t\tproxy_pass http://a; # keep me\r\n\t}\r\n}\r\n";
        let out = edit_and_apply(
            src,
            |t, d| insert_after(t, 0, d, "proxy_http_version 1.1;"),
            "proxy_pass",
        );
        assert_eq!(
            out,
            "server {\r\n\tlocation / {\r\n\t\tproxy_pass http://a; # keep me\r\n\t\tproxy_http_version 1.1;\r\n\t}\r\n}\r\n"
        );
    }

    #[test]
    fn insertion_in_a_one_line_block_stays_on_the_line() {
        let out = edit_and_apply(
            "location / { proxy_pass http://a; }\n",
            |t, d| insert_after(t, 0, d, "x 1;"),
            "proxy_pass",
        );
        assert_eq!(out, "location / { proxy_pass http://a; x 1; }\n");
    }

    #[test]
    fn insertion_before_takes_the_line_and_its_indentation() {
        let out = edit_and_apply(
            "http {\r\n\tinclude m;\r\n}\r\n",
            |t, d| insert_before(t, 0, d, "x 1;"),
            "include",
        );
        assert_eq!(out, "http {\r\n\tx 1;\r\n\tinclude m;\r\n}\r\n");
        let out = edit_and_apply(
            "http { include m; }\n",
            |t, d| insert_before(t, 0, d, "x 1;"),
            "include",
        );
        assert_eq!(out, "http { x 1; include m; }\n");
    }

    #[test]
    fn removal_takes_the_whole_line_only_when_alone() {
        let out = edit_and_apply(
            "a {\n    b 1; # c\n    d 2;\n}\n",
            |t, d| remove(t, 0, d),
            "b",
        );
        assert_eq!(out, "a {\n    d 2;\n}\n");
        let out = edit_and_apply("a { b 1; d 2; }\n", |t, d| remove(t, 0, d), "b");
        assert_eq!(out, "a { d 2; }\n");
    }

    #[test]
    fn indent_unit_is_detected() {
        let set = ConfigSet::from_text("a.conf", b"http {\n  server {\n    listen 80;\n  }\n}\n");
        assert_eq!(indent_unit(&set.files[0].tree), "  ");
        let set = ConfigSet::from_text("a.conf", b"http {\n\tserver {}\n}\n");
        assert_eq!(indent_unit(&set.files[0].tree), "\t");
    }
}
