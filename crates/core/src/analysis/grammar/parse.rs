//! nginx's own readers of numbers, times, sizes and addresses (`ngx_atoi`,
//! `ngx_parse_time`, `ngx_parse_size`, `ngx_inet_addr`, `ngx_inet6_addr`,
//! `ngx_parse_url`), as validity tests: the handlers' checks need to know
//! whether nginx accepts a value, not the value's bytes. None allocates.

/// `ngx_atoi`: one or more decimal digits, nothing else, no overflow.
pub fn atoi(text: &[u8]) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    text.iter().try_fold(0i64, |n, &c| {
        if !c.is_ascii_digit() {
            return None;
        }
        n.checked_mul(10)?.checked_add(i64::from(c - b'0'))
    })
}

/// `ngx_parse_time`: digits followed by units in decreasing order (`1h30m`),
/// `ms` only when `is_sec` is false, years only when it is true; a last
/// number without a unit counts as seconds. The value, in seconds or
/// milliseconds.
pub fn parse_time(text: &[u8], is_sec: bool) -> Option<i64> {
    // Steps in the order units must come; a unit may not repeat or go back.
    const START: u8 = 0;
    const MONTH: u8 = 2;
    const SEC: u8 = 7;
    const MSEC: u8 = 8;
    let mut step = if is_sec { START } else { MONTH };
    let (mut value, mut total, mut valid) = (0i64, 0i64, false);
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        i += 1;
        if c.is_ascii_digit() {
            value = value.checked_mul(10)?.checked_add(i64::from(c - b'0'))?;
            valid = true;
            continue;
        }
        let (next, mut scale): (u8, i64) = match c {
            b'y' if step == START => (1, 365 * 86_400),
            b'M' if step < MONTH => (MONTH, 30 * 86_400),
            b'w' if step < 3 => (3, 7 * 86_400),
            b'd' if step < 4 => (4, 86_400),
            b'h' if step < 5 => (5, 3_600),
            b'm' if text.get(i) == Some(&b's') => {
                if is_sec || step >= MSEC {
                    return None;
                }
                i += 1;
                (MSEC, 1)
            }
            b'm' if step < 6 => (6, 60),
            b's' if step < SEC => (SEC, 1),
            b' ' if step < SEC => (9, 1),
            _ => return None,
        };
        step = next;
        if step != MSEC && !is_sec {
            scale = scale.checked_mul(1000)?;
        }
        total = total.checked_add(value.checked_mul(scale)?)?;
        value = 0;
        while text.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    if !valid {
        return None;
    }
    if !is_sec {
        value = value.checked_mul(1000)?;
    }
    total.checked_add(value)
}

/// `ngx_parse_size`: digits with an optional `k`/`K` or `m`/`M`.
pub fn parse_size(text: &[u8]) -> Option<i64> {
    let (digits, scale) = match text.last()? {
        b'k' | b'K' => (&text[..text.len() - 1], 1024),
        b'm' | b'M' => (&text[..text.len() - 1], 1024 * 1024),
        _ => (text, 1),
    };
    atoi(digits)?.checked_mul(scale)
}

/// `ngx_parse_offset`: digits with an optional `k`, `m` or `g` (any case).
pub fn parse_offset(text: &[u8]) -> Option<i64> {
    let scale = match text.last()? {
        b'k' | b'K' => 1 << 10,
        b'm' | b'M' => 1 << 20,
        b'g' | b'G' => 1 << 30,
        _ => 1,
    };
    let digits = if scale == 1 {
        text
    } else {
        &text[..text.len() - 1]
    };
    atoi(digits)?.checked_mul(scale)
}

/// `ngx_inet_addr`: a dotted IPv4 address of exactly four decimal octets.
pub fn is_ipv4(text: &[u8]) -> bool {
    let mut dots = 0;
    let mut octet = 0u32;
    for &c in text {
        match c {
            b'0'..=b'9' => {
                octet = octet * 10 + u32::from(c - b'0');
                if octet > 255 {
                    return false;
                }
            }
            b'.' => {
                dots += 1;
                octet = 0;
            }
            _ => return false,
        }
    }
    dots == 3
}

/// `ngx_inet6_addr`: eight groups of up to four hex digits, one `::` for a
/// run of zero groups, an IPv4 address for the last two groups.
pub fn is_ipv6(text: &[u8]) -> bool {
    // nginx skips one leading ':' before it reads the groups.
    let text = text.strip_prefix(b":").unwrap_or(text);
    if text.is_empty() {
        return false;
    }
    let mut groups = 0; // groups stored, of 8
    let mut zero_run = false;
    let mut digits = 0; // hex digits of the group being read
    let mut group_start = 0; // where the group being read starts
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        i += 1;
        if c == b':' {
            if digits > 0 {
                groups += 1;
                if groups == 8 {
                    return false;
                }
                digits = 0;
            } else if !zero_run {
                zero_run = true;
            } else {
                return false;
            }
            group_start = i;
            continue;
        }
        if c == b'.' && digits > 0 {
            // The rest, from the group's start, is a dotted IPv4 address
            // worth two groups.
            if groups > 6 || !is_ipv4(&text[group_start..]) {
                return false;
            }
            groups += 2;
            return if zero_run { groups < 8 } else { groups == 8 };
        }
        digits += 1;
        if digits > 4 || !c.is_ascii_hexdigit() {
            return false;
        }
    }
    if digits == 0 && !zero_run {
        return false;
    }
    groups += 1;
    if zero_run {
        groups < 8
    } else {
        groups == 8
    }
}

/// What `ngx_parse_url` is asked to read.
#[derive(Clone, Copy)]
pub struct UrlKind {
    /// `listen`: a bare number is a port, port ranges, no path.
    pub listen: bool,
    /// A path may follow the address (`proxy_pass`'s URI part).
    pub uri_part: bool,
}

/// What `ngx_parse_url` found, for the checks that go on from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Url {
    /// No port given (the caller's default applies).
    pub no_port: bool,
    /// The host is a name, resolved at start-up (DNS or /etc/hosts):
    /// whether it exists cannot be told from the config.
    pub name: bool,
}

/// `ngx_parse_url`, up to the name resolution: `Err` holds nginx's words
/// (`invalid port`, `invalid host`, `no host`...).
pub fn parse_url(url: &[u8], kind: UrlKind) -> Result<Url, &'static str> {
    if url.len() >= 5 && url[..5].eq_ignore_ascii_case(b"unix:") {
        let mut path = &url[5..];
        if kind.uri_part {
            if let Some(colon) = path.iter().position(|&c| c == b':') {
                path = &path[..colon];
            }
        }
        return match path.len() {
            0 => Err("no path in the unix domain socket"),
            // `sun_path` holds 108 bytes, the final NUL included.
            n if n + 1 > 108 => Err("too long path in the unix domain socket"),
            _ => Ok(Url {
                no_port: false,
                name: false,
            }),
        };
    }
    if url.first() == Some(&b'[') {
        return parse_inet6_url(url, kind);
    }
    parse_inet_url(url, kind)
}

/// A port, or with `listen` a range `low-high`, as nginx reads it.
fn check_port(text: &[u8], listen: bool) -> Result<(), &'static str> {
    let in_range = |n: Option<i64>| n.is_some_and(|n| (1..=65535).contains(&n));
    let (low, high) = match text.iter().position(|&c| c == b'-') {
        Some(dash) if listen => (&text[..dash], Some(&text[dash + 1..])),
        _ => (text, None),
    };
    let high = match high {
        Some(h) => {
            let n = atoi(h);
            if !in_range(n) {
                return Err("invalid port");
            }
            n
        }
        None => None,
    };
    let low = atoi(low);
    if !in_range(low) {
        return Err("invalid port");
    }
    if high.is_some_and(|h| low > Some(h)) {
        return Err("invalid port range");
    }
    Ok(())
}

fn parse_inet_url(url: &[u8], kind: UrlKind) -> Result<Url, &'static str> {
    let find = |c: u8| url.iter().position(|&b| b == c);
    let mut port = find(b':');
    let uri = match (find(b'/'), find(b'?')) {
        (Some(slash), Some(question)) => Some(slash.min(question)),
        (slash, question) => slash.or(question),
    };
    let mut last = url.len();
    if let Some(uri) = uri {
        if kind.listen || !kind.uri_part {
            return Err("invalid host");
        }
        last = uri;
        if port.is_some_and(|p| uri < p) {
            port = None;
        }
    }
    let mut no_port = false;
    if let Some(colon) = port {
        check_port(&url[colon + 1..last], kind.listen)?;
        last = colon;
    } else {
        if uri.is_none() && kind.listen {
            // A bare value is a port when it reads as one.
            let (low, high) = match find(b'-') {
                Some(dash) => (&url[..dash], Some(&url[dash + 1..])),
                None => (url, None),
            };
            let high_ok = high.map(atoi);
            if high_ok != Some(None) && atoi(low).is_some() {
                check_port(url, true)?;
                return Ok(Url {
                    no_port: false,
                    name: false,
                });
            }
        }
        no_port = true;
    }
    let host = &url[..last];
    if host.is_empty() {
        return Err("no host");
    }
    let literal = (kind.listen && host == b"*") || is_ipv4(host);
    Ok(Url {
        no_port,
        name: !literal,
    })
}

fn parse_inet6_url(url: &[u8], kind: UrlKind) -> Result<Url, &'static str> {
    let Some(close) = url.iter().position(|&c| c == b']') else {
        return Err("invalid host");
    };
    let mut last = url.len();
    if let Some(slash) = url[close..].iter().position(|&c| c == b'/') {
        if kind.listen || !kind.uri_part {
            return Err("invalid host");
        }
        last = close + slash;
    }
    let port = &url[close + 1..last];
    let no_port = port.is_empty();
    if let Some(rest) = port.strip_prefix(b":") {
        check_port(rest, kind.listen)?;
    } else if !no_port {
        return Err("invalid host");
    }
    let host = &url[1..close];
    if host.is_empty() {
        return Err("no host");
    }
    if !is_ipv6(host) {
        return Err("invalid IPv6 address");
    }
    Ok(Url {
        no_port,
        name: false,
    })
}

/// `ngx_ptocidr`: an IPv4 or IPv6 address with an optional `/bits`.
pub fn is_cidr(text: &[u8]) -> bool {
    let (addr, bits) = match text.iter().position(|&c| c == b'/') {
        Some(slash) => (&text[..slash], Some(&text[slash + 1..])),
        None => (text, None),
    };
    let max = if is_ipv4(addr) {
        32
    } else if is_ipv6(addr) {
        128
    } else {
        return false;
    };
    bits.is_none_or(|b| atoi(b).is_some_and(|n| n <= max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_nginx_reads_them() {
        assert_eq!(parse_time(b"1h30m", true), Some(5400));
        assert_eq!(parse_time(b"90", true), Some(90));
        assert_eq!(parse_time(b"1y", true), Some(365 * 86_400));
        assert_eq!(parse_time(b"500ms", false), Some(500));
        assert_eq!(parse_time(b"2s", false), Some(2000));
        assert_eq!(parse_time(b"1m 30s", true), Some(90));
        // Units out of order, repeated, unknown; `ms` for seconds; years for ms.
        for bad in ["30m1h", "1s1s", "10X", "", "h", "5ms"] {
            assert_eq!(parse_time(bad.as_bytes(), true), None, "{bad}");
        }
        assert_eq!(parse_time(b"1y", false), None);
        assert_eq!(parse_time(b"minutes", true), None);
    }

    #[test]
    fn sizes_and_numbers() {
        assert_eq!(parse_size(b"10m"), Some(10 << 20));
        assert_eq!(parse_size(b"8K"), Some(8 << 10));
        assert_eq!(parse_size(b"10X"), None);
        assert_eq!(parse_size(b"1g"), None);
        assert_eq!(atoi(b"-1"), None);
        assert_eq!(atoi(b"99999999999999999999"), None);
    }

    #[test]
    fn addresses() {
        assert!(is_ipv4(b"10.0.0.1"));
        assert!(!is_ipv4(b"10.0.0"));
        assert!(!is_ipv4(b"10.0.0.256"));
        for good in [
            "::1",
            "::",
            "fe80::202:b3ff:fe1e:8329",
            "1:2:3:4:5:6:7:8",
            "::ffff:1.2.3.4",
        ] {
            assert!(is_ipv6(good.as_bytes()), "{good}");
        }
        for bad in ["1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "g::", ""] {
            assert!(!is_ipv6(bad.as_bytes()), "{bad}");
        }
        assert!(is_cidr(b"10.0.0.0/8"));
        assert!(is_cidr(b"2001:db8::/32"));
        assert!(!is_cidr(b"10.0.0.0/33"));
        assert!(!is_cidr(b"localhost"));
    }

    #[test]
    fn urls_as_listen_and_upstream_read_them() {
        let listen = UrlKind {
            listen: true,
            uri_part: false,
        };
        let server = UrlKind {
            listen: false,
            uri_part: false,
        };
        assert_eq!(
            parse_url(b"80", listen),
            Ok(Url {
                no_port: false,
                name: false
            })
        );
        assert_eq!(parse_url(b"70000", listen), Err("invalid port"));
        assert_eq!(parse_url(b"8000-7000", listen), Err("invalid port range"));
        assert_eq!(parse_url(b"127.0.0.1:0", listen), Err("invalid port"));
        assert_eq!(parse_url(b":80", listen), Err("no host"));
        assert_eq!(parse_url(b"[::]:80", listen).map(|u| u.name), Ok(false));
        assert_eq!(parse_url(b"[::1", listen), Err("invalid host"));
        assert_eq!(parse_url(b"[::g]:80", listen), Err("invalid IPv6 address"));
        assert_eq!(parse_url(b"myhost", listen).map(|u| u.name), Ok(true));
        assert_eq!(parse_url(b"app:70000", server), Err("invalid port"));
        assert_eq!(parse_url(b"http://app", server), Err("invalid host"));
        assert_eq!(parse_url(b"app/x", server), Err("invalid host"));
        assert_eq!(parse_url(b"::1", server), Err("invalid port"));
        assert_eq!(
            parse_url(b"unix:", server),
            Err("no path in the unix domain socket")
        );
        assert_eq!(parse_url(b"php", server).map(|u| u.no_port), Ok(true));
    }
}
