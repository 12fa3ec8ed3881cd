//! IPv4 and IPv6 addresses in every written form: plain, `:port`, CIDR
//! `/nn`, inside URLs and `[v6]:port`, compressed `::`, embedded IPv4
//! (`::ffff:10.1.2.3`, whose dotted part is an IPv4 candidate of its own) and
//! zone ids (`fe80::1%eth0`, the zone kept).

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{is_word, priority, Candidate, Kind, Policy};

pub(crate) fn detect(text: &[u8], policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    detect_v4(text, policy, out);
    detect_v6(text, policy, out);
}

fn detect_v4(text: &[u8], policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < text.len() {
        if !text[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A candidate starts at a digit that does not continue a word or a
        // dotted number (`v1.2.3.4.5`, `x10.0.0.1`).
        let prev = if i > 0 { text[i - 1] } else { b' ' };
        if is_word(prev) || prev == b'.' {
            while i < text.len() && (text[i].is_ascii_digit() || text[i] == b'.') {
                i += 1;
            }
            continue;
        }
        let start = i;
        let mut j = i;
        while j < text.len() && (text[j].is_ascii_digit() || text[j] == b'.') {
            j += 1;
        }
        let run = &text[start..j];
        i = j;
        // Trailing dot (end of a sentence) is not part of the address; a
        // name after it (`10.1.2.3.nip.io`) makes the whole a host name.
        if run.ends_with(b".") && text.get(j).is_some_and(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let run = run.strip_suffix(b".").unwrap_or(run);
        let end = start + run.len();
        if end < text.len() && is_word(text[end]) {
            continue;
        }
        let Some(addr) = parse_v4(run) else { continue };
        // `openresty:1.25.3.1-alpine`, `1.2.3.4-rc1`: a version with a
        // release suffix. An address is never followed by `-` and a letter
        // (a range, `10.0.0.1-10.0.0.9`, continues with a digit).
        if matches!(text.get(end), Some(b'-' | b'+' | b'~'))
            && text.get(end + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            continue;
        }
        let prefix = cidr_suffix(text, end, 32);
        if is_kept_v4(addr, prefix) {
            continue;
        }
        let s = std::str::from_utf8(run).unwrap_or("");
        if policy.allowed(s) {
            continue;
        }
        out.push(Candidate {
            start,
            end,
            kind: Kind::Ipv4 { prefix },
            priority: priority::IP,
        });
    }
}

/// Four decimal octets, each 0–255 without leading zeros (`010` is octal to
/// some parsers and a version number to most readers: not an address).
pub(crate) fn parse_v4(run: &[u8]) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut n = 0;
    for part in run.split(|&b| b == b'.') {
        if n == 4
            || part.is_empty()
            || part.len() > 3
            || (part.len() > 1 && part[0] == b'0')
            || !part.iter().all(u8::is_ascii_digit)
        {
            return None;
        }
        let mut v: u32 = 0;
        for &d in part {
            v = v * 10 + u32::from(d - b'0');
        }
        octets[n] = u8::try_from(v).ok()?;
        n += 1;
    }
    (n == 4).then(|| Ipv4Addr::from(octets))
}

/// `/nn` right after an address, if it is a valid prefix length.
fn cidr_suffix(text: &[u8], end: usize, max: u8) -> Option<u8> {
    if text.get(end) != Some(&b'/') {
        return None;
    }
    let digits: Vec<u8> = text[end + 1..]
        .iter()
        .take(4)
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let after = end + 1 + digits.len();
    if text.get(after).is_some_and(|&b| is_word(b))
        || (text.get(after) == Some(&b'.') && text.get(after + 1).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    let v: u32 = std::str::from_utf8(&digits).ok()?.parse().ok()?;
    (v <= u32::from(max)).then_some(v as u8)
}

/// Addresses that identify nobody, and the placeholder ranges themselves
/// (so that redacting twice changes nothing).
pub(crate) fn is_kept_v4(addr: Ipv4Addr, prefix: Option<u8>) -> bool {
    let o = addr.octets();
    let v = u32::from(addr);
    if let Some(p) = prefix {
        // Whole well-known ranges, written as networks, say nothing.
        const RANGES: [(u32, u8); 9] = [
            (0x0A00_0000, 8),  // 10.0.0.0/8
            (0xAC10_0000, 12), // 172.16.0.0/12
            (0xC0A8_0000, 16), // 192.168.0.0/16
            (0x7F00_0000, 8),  // 127.0.0.0/8
            (0xA9FE_0000, 16), // 169.254.0.0/16
            (0x6440_0000, 10), // 100.64.0.0/10
            (0xE000_0000, 4),  // 224.0.0.0/4
            (0xF000_0000, 4),  // 240.0.0.0/4
            (0xC612_0000, 15), // 198.18.0.0/15
        ];
        if p < 8 || RANGES.contains(&(v, p)) {
            return true;
        }
    }
    o[0] == 127
        || v == 0
        || v == u32::MAX
        || v == 0xA9FE_A9FE // 169.254.169.254, the cloud metadata address
        || (o[0] == 192 && o[1] == 0 && o[2] == 2)
        || (o[0] == 198 && o[1] == 51 && o[2] == 100)
        || (o[0] == 203 && o[1] == 0 && o[2] == 113)
        || (o[0] == 198 && (o[1] == 18 || o[1] == 19))
        || o[0] >= 240
        || PUBLIC_RESOLVERS.contains(&o)
}

/// Public DNS resolvers: in a `resolver` line they say nothing about anyone.
const PUBLIC_RESOLVERS: [[u8; 4]; 10] = [
    [208, 67, 222, 220],
    [208, 67, 220, 222],
    [8, 8, 8, 8],
    [8, 8, 4, 4],
    [1, 1, 1, 1],
    [1, 0, 0, 1],
    [9, 9, 9, 9],
    [149, 112, 112, 112],
    [208, 67, 222, 222],
    [208, 67, 220, 220],
];

/// Google, Cloudflare, Quad9 and OpenDNS over IPv6.
const PUBLIC_RESOLVERS_V6: [Ipv6Addr; 8] = [
    Ipv6Addr::new(0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8888),
    Ipv6Addr::new(0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8844),
    Ipv6Addr::new(0x2606, 0x4700, 0x4700, 0, 0, 0, 0, 0x1111),
    Ipv6Addr::new(0x2606, 0x4700, 0x4700, 0, 0, 0, 0, 0x1001),
    Ipv6Addr::new(0x2620, 0xfe, 0, 0, 0, 0, 0, 0xfe),
    Ipv6Addr::new(0x2620, 0xfe, 0, 0, 0, 0, 0, 0x9),
    Ipv6Addr::new(0x2620, 0x119, 0x35, 0, 0, 0, 0, 0x35),
    Ipv6Addr::new(0x2620, 0x119, 0x53, 0, 0, 0, 0, 0x53),
];

fn is_v6_char(b: u8) -> bool {
    b.is_ascii_hexdigit() || b == b':' || b == b'.'
}

fn detect_v6(text: &[u8], policy: &Policy<'_>, out: &mut Vec<Candidate>) {
    let mut i = 0;
    // Where the last address ended: a run does not reach back over it.
    let mut floor = 0;
    while i < text.len() {
        if text[i] != b':' {
            i += 1;
            continue;
        }
        // Grow a run of hex digits, colons and dots around this colon.
        let mut start = i;
        while start > floor && is_v6_char(text[start - 1]) {
            start -= 1;
        }
        let mut end = i;
        while end < text.len() && is_v6_char(text[end]) {
            end += 1;
        }
        // Right after an address found in the same run, the previous byte
        // is that address's, not a word's.
        let after_address = start == floor && floor > 0;
        i = end.max(i + 1);
        floor = i;
        if (!after_address && start > 0 && is_word(text[start - 1]))
            || (end < text.len() && is_word(text[end]))
        {
            continue;
        }
        // `[v6]:port` and `v6:port`-free forms: try the longest run first,
        // then without a trailing `:port`, then without trailing dots/colons.
        let run = &text[start..end];
        if run.iter().filter(|&&b| b == b':').count() < 2 {
            continue;
        }
        // `[v6]:port`, `v4:v6`, `:v6`: try each start after a lone `:`, and
        // for each the longest run, then without a trailing `:port`.
        let mut found = None;
        let starts = std::iter::once(0).chain(
            (0..run.len())
                .filter(|&k| {
                    run[k] == b':'
                        && run.get(k + 1) != Some(&b':')
                        && (k == 0 || run[k - 1] != b':')
                })
                .map(|k| k + 1),
        );
        'outer: for from in starts {
            for cut in candidates_v6(&run[from..]) {
                let piece = &run[from..from + cut];
                if let Some(addr) = std::str::from_utf8(piece)
                    .ok()
                    .and_then(|s| s.parse::<Ipv6Addr>().ok())
                {
                    found = Some((from, cut, addr));
                    break 'outer;
                }
            }
        }
        let Some((from, len, addr)) = found else {
            continue;
        };
        let start = start + from;
        let run = &text[start..end];
        let s = &run[..len];
        let colons = s.iter().filter(|&&b| b == b':').count();
        if colons < 2 || !s.iter().any(u8::is_ascii_digit) {
            continue;
        }
        let prefix = cidr_suffix(text, start + len, 128);
        // An embedded IPv4 is redacted as IPv4 by the other scanner.
        if addr.to_ipv4_mapped().is_some() || s.contains(&b'.') {
            continue;
        }
        if is_kept_v6(addr, prefix) || policy.allowed(std::str::from_utf8(s).unwrap_or("")) {
            continue;
        }
        out.push(Candidate {
            start,
            end: start + len,
            kind: Kind::Ipv6 { prefix },
            priority: priority::IP,
        });
        // Go on right after it: a run may hold more than one address.
        i = start + len;
        floor = i;
    }
}

/// Lengths to try for a run: whole, then shorter at each `:` from the right
/// (drops a `:port` glued to an unbracketed address).
fn candidates_v6(run: &[u8]) -> Vec<usize> {
    let mut v = vec![run.len()];
    let trimmed = run.len() - run.iter().rev().take_while(|&&b| b == b'.').count();
    if trimmed != run.len() {
        v.push(trimmed);
    }
    for (k, &b) in run.iter().enumerate().rev() {
        if b == b':' && k > 0 && run[k - 1] != b':' {
            v.push(k);
        }
    }
    v
}

pub(crate) fn is_kept_v6(addr: Ipv6Addr, prefix: Option<u8>) -> bool {
    let s = addr.segments();
    if addr.is_unspecified() || addr.is_loopback() {
        return true;
    }
    if let Some(p) = prefix {
        if p < 20 {
            return true;
        }
    }
    // 2001:db8::/32 and 3fff::/20: the documentation prefixes (placeholders).
    (s[0] == 0x2001 && s[1] == 0x0db8)
        || (s[0] == 0x3fff && s[1] < 0x1000)
        || PUBLIC_RESOLVERS_V6.contains(&addr)
}
