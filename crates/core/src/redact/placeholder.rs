//! Placeholders: one per distinct value, in order of first appearance.
//!
//! They keep the structure the diagnosis may depend on and stay valid where
//! the original stood:
//! - IPv4: the /24 is mapped, the host octet kept, so two hosts of one /24
//!   stay in one /24. Placeholder /24s come from the documentation ranges
//!   (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), then the benchmarking
//!   range 198.18.0.0/15, then 248.0.0.0/5. A network wider than /24 gets an
//!   aligned block of its own size in 240.0.0.0/5.
//! - IPv6: the /48 is mapped into 2001:db8::/32, the subnet id kept; a
//!   network wider than /48 gets an aligned block in 3fff::/20. An interface
//!   id above `::ffff` (a MAC in EUI-64, a privacy address) is numbered;
//!   smaller ones (`::1`) stay.
//! - Host names: the top-level domain becomes `example`, every other label is
//!   mapped by its whole suffix, so `api.corp.com` and `db.corp.com` become
//!   `host1.domain1.example` and `host2.domain1.example`: label count and
//!   shared suffixes kept, letter case too.
//! - Secrets: `REDACTED_<KIND>_<n>`, one valid nginx argument.
//!
//! Every placeholder space is also what the detectors keep, so a redacted
//! text redacts to itself. A placeholder the input already contains is
//! skipped, and no placeholder stands for two different originals.

use crate::hash::{FastMap, FastSet};
use std::net::{Ipv4Addr, Ipv6Addr};

use super::Kind;

pub(crate) struct Allocator {
    /// Strings of placeholder shape that the input already contains.
    taken: FastSet<String>,
    taken_v4_nets: FastSet<u32>,
    taken_v6_48: FastSet<u64>,
    taken_ports: FastSet<u32>,
    /// Placeholder → original: keeps the mapping injective.
    used: FastMap<String, String>,
    /// (kind tag, original) → placeholder.
    done: FastMap<(u8, String), String>,
    v4_nets: FastMap<u32, u32>,
    v4_next: u32,
    v4_blocks: FastMap<(u32, u8), u32>,
    v4_block_next: u32,
    v6_48: FastMap<u64, u64>,
    v6_next: u64,
    v6_blocks: FastMap<(u128, u8), u64>,
    v6_block_next: u64,
    /// Original interface id → placeholder interface id.
    iids: FastMap<u128, u128>,
    /// Lowercase suffix (`corp.com`) → placeholder suffix (`domain1.example`).
    suffixes: FastMap<String, String>,
    domain_n: usize,
    host_n: usize,
    counters: FastMap<&'static str, usize>,
    port_n: u32,
}

/// The low 64 bits of an IPv6 address: its interface id.
const IID_MASK: u128 = (1 << 64) - 1;

/// The placeholder /24s, in order (as `a.b.c` << 8).
fn v4_net(index: u32) -> Option<u32> {
    const DOCS: [u32; 3] = [0xC000_0200, 0xC633_6400, 0xCB00_7100];
    match index {
        0..=2 => Some(DOCS[index as usize]),
        3..=514 => Some(0xC612_0000 + ((index - 3) << 8)),
        _ => {
            let k = index - 515;
            (k < (1 << 19)).then(|| 0xF800_0000 + (k << 8))
        }
    }
}

impl Allocator {
    pub(crate) fn new(texts: &[&[u8]]) -> Allocator {
        let mut a = Allocator {
            taken: FastSet::default(),
            taken_v4_nets: FastSet::default(),
            taken_v6_48: FastSet::default(),
            taken_ports: FastSet::default(),
            used: FastMap::default(),
            done: FastMap::default(),
            v4_nets: FastMap::default(),
            v4_next: 0,
            v4_blocks: FastMap::default(),
            v4_block_next: 0,
            v6_48: FastMap::default(),
            v6_next: 1,
            v6_blocks: FastMap::default(),
            v6_block_next: 0,
            iids: FastMap::default(),
            suffixes: FastMap::default(),
            domain_n: 0,
            host_n: 0,
            counters: FastMap::default(),
            port_n: 0,
        };
        for t in texts {
            a.scan_taken(t);
        }
        a
    }

    /// Collect what placeholders must not collide with: `REDACTED_*` words,
    /// names under `.example`, addresses in the placeholder ranges, numbers.
    fn scan_taken(&mut self, text: &[u8]) {
        let mut i = 0;
        while i < text.len() {
            if !super::is_word(text[i]) {
                i += 1;
                continue;
            }
            let start = i;
            // One pass over the run: where it ends and which stems it holds.
            let mut seen = 0u8;
            while i < text.len() {
                let class = RUN[text[i] as usize];
                if class == 0 {
                    break;
                }
                seen |= class;
                i += 1;
            }
            let run = &text[start..i];
            let run = run.strip_suffix(b".").unwrap_or(run);
            // Only runs that could equal a placeholder matter: ones holding
            // `REDACTED_` or `example` (any case), or starting like an address.
            // Any digit: an address may sit inside (`v1.192.0.2.5`, `x:10001`).
            let address = seen & (COLON | DIGIT) != 0;
            let (example, redacted) = if seen & STEM != 0 {
                placeholder_stems(run)
            } else {
                (false, false)
            };
            if address || example || redacted {
                if let Ok(s) = std::str::from_utf8(run) {
                    self.note_run(s, example, redacted);
                }
            }
        }
    }

    /// `example`, `redacted`: whether the run holds those stems.
    fn note_run(&mut self, s: &str, example: bool, redacted: bool) {
        if redacted {
            // What stands right before a `REDACTED_` could be read back as a
            // placeholder glued to it (restore allows that seam): take it.
            for (p, _) in s.match_indices("REDACTED_").filter(|&(p, _)| p > 0) {
                let head = &s[..p];
                self.taken.insert(head.to_string());
                let (example, _) = placeholder_stems(head.as_bytes());
                if example {
                    self.note_run(head, true, false);
                }
            }
            for part in s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                // Every start: restore matches a placeholder wherever
                // `REDACTED_` begins, so `xREDACTED_AREDACTED_B` takes both.
                for (p, _) in part.match_indices("REDACTED_") {
                    self.taken.insert(part[p..].to_string());
                    // Unbounded term placeholders end in `_`, and one may sit
                    // right before another: note prefixes too.
                    let bytes = &part.as_bytes()[p..];
                    for k in 9..bytes.len() {
                        self.taken.insert(part[p..p + k + 1].to_string());
                    }
                }
            }
        }
        if example {
            let lower = s.to_ascii_lowercase();
            // A placeholder may sit glued to `-` or `_` in the input too.
            let pieces = lower
                .split(['@', ':'])
                .chain(lower.split(['@', ':', '-', '_']));
            for piece in pieces {
                let labels: Vec<&str> = piece.split('.').collect();
                for a in 0..labels.len() {
                    for b in a + 1..=labels.len() {
                        self.taken.insert(labels[a..b].join("."));
                    }
                }
            }
            self.taken.insert(lower.clone());
        }
        if !s.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        // Restore matches a placeholder wherever it is bounded, and `:`,
        // `.`, `-`, `@` bound it: an address anywhere inside the run
        // (`x:192.0.2.1`, `1.192.0.2.5`) is one the placeholders must avoid,
        // not only the run as a whole.
        for piece in s.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
            let parts: Vec<&str> = piece.split('.').collect();
            for w in parts.windows(4) {
                if let Some(addr) = super::ip::parse_v4(w.join(".").as_bytes()) {
                    self.taken_v4_nets.insert(u32::from(addr) >> 8);
                }
            }
            // Port placeholders start above 10000: smaller numbers (most of
            // a config's numbers) cannot collide.
            for n in parts {
                if n.len() == 5 {
                    if let Ok(n) = n.parse() {
                        self.taken_ports.insert(n);
                    }
                }
            }
        }
        if s.contains(':') {
            for piece in s.split(|c: char| !(c.is_ascii_hexdigit() || c == ':' || c == '.')) {
                self.note_v6(piece);
            }
        }
    }

    /// Every address in a run of hex digits, colons and dots that starts
    /// and ends on a `:` or `.` boundary (where restore could match one).
    fn note_v6(&mut self, piece: &str) {
        if piece.bytes().filter(|&b| b == b':').count() < 2 || piece.len() > 200 {
            return;
        }
        let b = piece.as_bytes();
        // A placeholder may also start or end with its own `:` (`::1`,
        // `2001:db8:1::`), which bounds it whatever stands next to it.
        let starts: Vec<usize> = std::iter::once(0)
            .chain((1..b.len()).filter(|&k| matches!(b[k - 1], b':' | b'.') || b[k] == b':'))
            .collect();
        let ends: Vec<usize> = (1..b.len())
            .filter(|&k| matches!(b[k], b':' | b'.') || b[k - 1] == b':')
            .chain(std::iter::once(b.len()))
            .collect();
        for &a in &starts {
            for &e in ends.iter().filter(|&&e| e > a) {
                if let Ok(addr) = piece[a..e].parse::<Ipv6Addr>() {
                    self.taken_v6_48.insert((u128::from(addr) >> 80) as u64);
                }
            }
        }
    }

    pub(crate) fn placeholder(&mut self, kind: Kind, original: &str) -> String {
        let tag = tag(kind);
        if let Some(p) = self.done.get(&(tag, original.to_string())) {
            return p.clone();
        }
        let mut p = match kind {
            Kind::Ipv4 { prefix } => self.v4(original, prefix),
            Kind::Ipv6 { prefix } => self.v6(original, prefix),
            Kind::Host { escaped } => {
                let plain = if escaped {
                    original.replace("\\.", ".")
                } else {
                    original.to_string()
                };
                let h = self.host(&plain);
                if escaped {
                    h.replace('.', "\\.")
                } else {
                    h
                }
            }
            Kind::Email => self.email(original),
            Kind::Secret(k) => self.numbered(k, ""),
            Kind::Pem(k) => {
                let token = self.numbered(k, "");
                let mut p = token;
                // Keep the line count: the body's line breaks follow the token.
                let mut rest = original.as_bytes();
                while let Some(n) = rest.iter().position(|&b| b == b'\n') {
                    p.push_str(if n > 0 && rest[n - 1] == b'\r' {
                        "\r\n"
                    } else {
                        "\n"
                    });
                    rest = &rest[n + 1..];
                }
                p
            }
            Kind::Term => self.numbered("TERM", "_"),
            Kind::PathPart => self.numbered("PATH", ""),
            Kind::Port => self.port(),
        };
        // Injective: a placeholder already standing for something else.
        if self.used.get(&p).is_some_and(|o| o != original) {
            p = self.numbered(fallback_kind(kind), "");
        }
        self.used.insert(p.clone(), original.to_string());
        self.done.insert((tag, original.to_string()), p.clone());
        p
    }

    fn numbered(&mut self, kind: &'static str, suffix: &str) -> String {
        loop {
            let n = self.counters.entry(kind).or_insert(0);
            *n += 1;
            let p = format!("REDACTED_{kind}_{n}{suffix}");
            if !self.taken.contains(&p) && !self.used.contains_key(&p) {
                return p;
            }
        }
    }

    fn v4(&mut self, original: &str, prefix: Option<u8>) -> String {
        let Some(addr) = super::ip::parse_v4(original.as_bytes()) else {
            return self.numbered("IP", "");
        };
        let v = u32::from(addr);
        match prefix {
            Some(p) if p < 24 => {
                let mask = u32::MAX << (32 - p);
                let key = (v & mask, p);
                let base = match self.v4_blocks.get(&key) {
                    Some(&b) => b,
                    None => {
                        let size = 1u32 << (32 - p);
                        let off = self.v4_block_next.div_ceil(size) * size;
                        if off >= (1 << 27) || off.checked_add(size).is_none() {
                            return self.numbered("IP", "");
                        }
                        self.v4_block_next = off + size;
                        let b = 0xF000_0000 + off;
                        self.v4_blocks.insert(key, b);
                        b
                    }
                };
                Ipv4Addr::from(base | (v & !mask)).to_string()
            }
            _ => {
                let net = v >> 8;
                let mapped = match self.v4_nets.get(&net) {
                    Some(&m) => m,
                    None => loop {
                        let Some(m) = v4_net(self.v4_next) else {
                            return self.numbered("IP", "");
                        };
                        self.v4_next += 1;
                        if !self.taken_v4_nets.contains(&(m >> 8)) {
                            self.v4_nets.insert(net, m);
                            break m;
                        }
                    },
                };
                Ipv4Addr::from(mapped | (v & 0xFF)).to_string()
            }
        }
    }

    fn v6(&mut self, original: &str, prefix: Option<u8>) -> String {
        let Ok(addr) = original.parse::<Ipv6Addr>() else {
            return self.numbered("IP", "");
        };
        let v = u128::from(addr);
        let mapped: u128 = match prefix {
            Some(p) if p < 48 => {
                let mask = u128::MAX << (128 - p);
                let key = (v & mask, p);
                let base48 = match self.v6_blocks.get(&key) {
                    Some(&b) => b,
                    None => {
                        let size = 1u64 << (48 - p);
                        let off = self.v6_block_next.div_ceil(size) * size;
                        if off >= (1 << 28) {
                            return self.numbered("IP", "");
                        }
                        self.v6_block_next = off + size;
                        let b = 0x3fff_0000_0000u64 + off;
                        self.v6_blocks.insert(key, b);
                        b
                    }
                };
                (u128::from(base48) << 80) | (v & !mask)
            }
            _ => {
                let top = (v >> 80) as u64;
                let m = match self.v6_48.get(&top) {
                    Some(&m) => m,
                    None => loop {
                        let m = 0x2001_0db8_0000u64 + self.v6_next;
                        self.v6_next += 1;
                        if self.v6_next > 0xffff {
                            return self.numbered("IP", "");
                        }
                        if !self.taken_v6_48.contains(&m) {
                            self.v6_48.insert(top, m);
                            break m;
                        }
                    },
                };
                (u128::from(m) << 80) | (v & ((1u128 << 80) - 1))
            }
        };
        let mapped = match prefix {
            Some(p) if p <= 64 => mapped,
            _ => (mapped & !IID_MASK) | self.iid(v & IID_MASK),
        };
        let mut s = Ipv6Addr::from(mapped).to_string();
        if original.bytes().any(|b| b.is_ascii_uppercase()) {
            s = s.to_ascii_uppercase();
        }
        if self.used.get(&s).is_some_and(|o| o != original) {
            // Another spelling of the same address: spell this one out.
            let seg = Ipv6Addr::from(mapped).segments();
            s = seg
                .iter()
                .map(|g| format!("{g:x}"))
                .collect::<Vec<_>>()
                .join(":");
        }
        s
    }

    /// The interface id of an address: a small one (`::1`, `::10`) says
    /// nothing and stays; a larger one (an EUI-64 holding a MAC, a random
    /// privacy address) is numbered, one number per distinct id, in a range
    /// no kept id reaches (at least 2^32), so the mapping stays injective.
    fn iid(&mut self, iid: u128) -> u128 {
        if iid < 1 << 16 {
            return iid;
        }
        let next = self.iids.len() as u128;
        *self.iids.entry(iid).or_insert((1u128 << 32) + next + 1)
    }

    /// Map a host name label by label, from the top-level domain down.
    fn host(&mut self, original: &str) -> String {
        let labels: Vec<&str> = original.split('.').collect();
        let odd_case = labels.iter().any(|l| case_of(l) == Case::Other);
        let lower = if odd_case {
            original.to_string()
        } else {
            original.to_ascii_lowercase()
        };
        let lower_labels: Vec<&str> = lower.split('.').collect();
        let n = lower_labels.len();
        if n == 1 {
            return self.single_label(&lower, original);
        }
        let mut mapped: Vec<String> = Vec::with_capacity(n);
        // From the right: suffix of k labels.
        let mut parent = String::from("example");
        for k in 2..=n {
            let suffix = lower_labels[n - k..].join(".");
            let p = match self.suffixes.get(&suffix) {
                Some(p) => p.clone(),
                None => loop {
                    let label = if k == 2 {
                        self.domain_n += 1;
                        format!("domain{}", self.domain_n)
                    } else {
                        self.host_n += 1;
                        format!("host{}", self.host_n)
                    };
                    let candidate = format!("{label}.{parent}");
                    if !self.taken.contains(&candidate) {
                        self.suffixes.insert(suffix.clone(), candidate.clone());
                        break candidate;
                    }
                },
            };
            parent = p;
        }
        for (placeholder_label, orig) in parent.split('.').zip(&labels) {
            mapped.push(apply_case(placeholder_label, orig));
        }
        mapped.join(".")
    }

    /// A single-label host (`billing01`): `example-host<n>`, a valid label
    /// the detectors keep, one per distinct name.
    fn single_label(&mut self, lower: &str, original: &str) -> String {
        if let Some(p) = self.suffixes.get(lower) {
            return apply_case(p, original);
        }
        loop {
            self.host_n += 1;
            let candidate = format!("example-host{}", self.host_n);
            if !self.taken.contains(&candidate) {
                self.suffixes.insert(lower.to_string(), candidate.clone());
                return apply_case(&candidate, original);
            }
        }
    }

    fn email(&mut self, original: &str) -> String {
        let (_, domain) = original.rsplit_once('@').unwrap_or(("", original));
        let d = self.host(domain);
        loop {
            let n = self.counters.entry("EMAIL").or_insert(0);
            *n += 1;
            let p = format!("user{n}@{d}");
            if !self.taken.contains(&p.to_ascii_lowercase()) && !self.used.contains_key(&p) {
                return p;
            }
        }
    }

    fn port(&mut self) -> String {
        loop {
            self.port_n += 1;
            let p = 10000 + self.port_n;
            if !self.taken_ports.contains(&p) {
                return p.to_string();
            }
        }
    }
}

/// Classes of the bytes of a run that could hold a placeholder (words with
/// `_ - . : @`): 0 ends the run, `COLON` marks `:`, `STEM` the first letters
/// of `example` and `REDACTED_`, `DIGIT` a digit.
const RUN: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'@') {
            t[b] = PLAIN;
        }
        b += 1;
    }
    t[b':' as usize] = PLAIN | COLON;
    t[b'e' as usize] = PLAIN | STEM;
    t[b'E' as usize] = PLAIN | STEM;
    t[b'R' as usize] = PLAIN | STEM;
    let mut d = b'0';
    while d <= b'9' {
        t[d as usize] = PLAIN | DIGIT;
        d += 1;
    }
    t
};
const PLAIN: u8 = 1;
const COLON: u8 = 2;
const STEM: u8 = 4;
const DIGIT: u8 = 8;

/// Whether a word holds `example` (any case) and `REDACTED_`, the stems of
/// host and token placeholders. Runs for every word of the input: one pass
/// looking for the first letters, then a compare.
fn placeholder_stems(run: &[u8]) -> (bool, bool) {
    let (mut example, mut redacted) = (false, false);
    for k in 0..run.len().saturating_sub(6) {
        match run[k] {
            b'e' | b'E' => example |= run[k..k + 7].eq_ignore_ascii_case(b"example"),
            b'R' => redacted |= run[k..].starts_with(b"REDACTED_"),
            _ => {}
        }
    }
    (example, redacted)
}

fn tag(kind: Kind) -> u8 {
    match kind {
        Kind::Ipv4 { .. } => 0,
        Kind::Ipv6 { .. } => 1,
        Kind::Host { escaped: false } => 2,
        Kind::Host { escaped: true } => 3,
        Kind::Email => 4,
        Kind::Secret(_) => 5,
        Kind::Pem(_) => 6,
        Kind::Term => 7,
        Kind::PathPart => 8,
        Kind::Port => 9,
    }
}

fn fallback_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Ipv4 { .. } | Kind::Ipv6 { .. } => "IP",
        Kind::Host { .. } => "HOST",
        Kind::Email => "EMAIL",
        Kind::Secret(k) | Kind::Pem(k) => k,
        Kind::Term => "TERM",
        Kind::PathPart => "PATH",
        Kind::Port => "PORT",
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Lower,
    Upper,
    Capital,
    Other,
}

fn case_of(label: &str) -> Case {
    let letters: Vec<u8> = label.bytes().filter(u8::is_ascii_alphabetic).collect();
    if letters.iter().all(u8::is_ascii_lowercase) {
        Case::Lower
    } else if letters.iter().all(u8::is_ascii_uppercase) {
        Case::Upper
    } else if letters[0].is_ascii_uppercase() && letters[1..].iter().all(u8::is_ascii_lowercase) {
        Case::Capital
    } else {
        Case::Other
    }
}

fn apply_case(placeholder: &str, original: &str) -> String {
    match case_of(original) {
        Case::Upper => placeholder.to_ascii_uppercase(),
        Case::Capital => {
            let mut s = placeholder.to_string();
            if let Some(first) = s.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            s
        }
        _ => placeholder.to_string(),
    }
}
