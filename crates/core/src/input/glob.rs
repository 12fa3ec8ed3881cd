//! Shell-style wildcard matching for `include` patterns, as glob(3) does it:
//! `*` and `?` never match `/`, `[...]` is a character class (`[!...]` negates).

/// Whether the pattern contains any wildcard at all (nginx only globs then).
pub fn has_wildcards(pattern: &str) -> bool {
    pattern.bytes().any(|b| matches!(b, b'*' | b'?' | b'['))
}

/// Match `name` against `pattern`, byte-wise, with backtracking on `*`.
pub fn matches(pattern: &str, name: &str) -> bool {
    let (p, n) = (pattern.as_bytes(), name.as_bytes());
    let (mut pi, mut ni) = (0, 0);
    // Where to resume after the last `*`: (pattern index after it, name index).
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        // glob(3): a leading `.` of a name is matched only by a literal `.`.
        let hidden = n[ni] == b'.' && (ni == 0 || n[ni - 1] == b'/');
        if hidden && p.get(pi) != Some(&b'.') {
            return false;
        }
        let step = match p.get(pi) {
            Some(b'*') => {
                star = Some((pi + 1, ni));
                pi += 1;
                continue;
            }
            Some(b'?') if n[ni] != b'/' => Some(1),
            Some(b'[') => class(&p[pi..], n[ni]),
            Some(&c) if c == n[ni] => Some(1),
            _ => None,
        };
        match step {
            Some(len) => {
                pi += len;
                ni += 1;
            }
            None => match star {
                Some((sp, sn)) if n[sn] != b'/' => {
                    star = Some((sp, sn + 1));
                    pi = sp;
                    ni = sn + 1;
                }
                _ => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// Match one byte against a class at the start of `p`; returns the class length.
fn class(p: &[u8], c: u8) -> Option<usize> {
    let mut i = 1;
    let negate = matches!(p.get(i), Some(b'!' | b'^'));
    if negate {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    while i < p.len() && (p[i] != b']' || first) {
        first = false;
        if i + 2 < p.len() && p[i + 1] == b'-' && p[i + 2] != b']' {
            hit |= p[i] <= c && c <= p[i + 2];
            i += 3;
        } else {
            hit |= p[i] == c;
            i += 1;
        }
    }
    if i >= p.len() {
        // No closing `]`: glob(3) treats `[` literally.
        return (c == b'[').then_some(1);
    }
    (hit != negate && c != b'/').then_some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards_follow_glob3() {
        assert!(matches("conf.d/*.conf", "conf.d/a.conf"));
        assert!(!matches("conf.d/*.conf", "conf.d/sub/a.conf"));
        assert!(!matches("conf.d/*.conf", "conf.d/a.conf.bak"));
        assert!(matches("site-?.conf", "site-1.conf"));
        assert!(matches("site-[0-9].conf", "site-7.conf"));
        assert!(!matches("site-[!0-9].conf", "site-7.conf"));
        assert!(matches("*", "anything"));
        assert!(matches("a*b*c", "aXXbYYc"));
        assert!(!matches("a*b*c", "aXXbYY"));
        assert!(matches("[x", "[x"));
        assert!(!matches("conf.d/*", "conf.d/.hidden.conf"));
        assert!(matches("conf.d/.*", "conf.d/.hidden.conf"));
    }
}
