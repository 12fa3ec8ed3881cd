//! nginx's regexes (PCRE, matched bytewise without UTF mode) as a syntax
//! tree, so that rules can reason about a pattern instead of guessing from
//! its text: which captures it defines, whether it is anchored, whether it
//! is a plain literal, and which hostile string an allowlist lets through.
//!
//! The bounded matcher is for short test strings (the counterexamples, a
//! rule's probe); routing requests uses [`crate::analysis::matcher`].

use std::fmt;

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regex {
    pub root: Node,
    /// One entry per capturing group, in PCRE's numbering (group 1 first):
    /// its name, when it has one. Named groups are numbered too.
    pub groups: Vec<Option<String>>,
}

/// A node of the tree. Flags in force where a node was written (`(?i)`,
/// `~*`, `(?s)`, `(?m)`) are resolved into the node itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Empty,
    Literal {
        byte: u8,
        caseless: bool,
    },
    Class(Class),
    /// `.`: any byte but `\n` unless `(?s)`.
    Dot {
        newline: bool,
    },
    Anchor(Anchor),
    Group {
        kind: GroupKind,
        node: Box<Node>,
    },
    Look {
        look: Look,
        node: Box<Node>,
    },
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        mode: Greed,
    },
    /// `\1`, `\k<name>`: the group's number.
    Backref {
        group: u32,
        caseless: bool,
    },
}

/// A set of bytes, as 256 bits.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Class {
    bits: [u64; 4],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// `^` (without `(?m)`), `\A`, `\G`.
    Start,
    /// `^` under `(?m)`: start, or after a `\n`.
    LineStart,
    /// `$` (without `(?m)`), `\Z`: the end, or before a final `\n`.
    EndOrNewline,
    /// `\z`: the very end.
    End,
    /// `$` under `(?m)`: before any `\n`, or the end.
    LineEnd,
    WordBoundary,
    NotWordBoundary,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupKind {
    /// Numbered from 1; `name` for `(?<n>..)`, `(?P<n>..)`, `(?'n'..)`.
    Capture {
        index: u32,
        name: Option<String>,
    },
    NonCapture,
    /// `(?>..)`: once matched, never backtracked into.
    Atomic,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Ahead,
    NegativeAhead,
    Behind,
    NegativeBehind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Greed {
    Greedy,
    Lazy,
    Possessive,
}

/// Why a pattern is not one nginx's PCRE compiles, or not one this parser
/// models. Offsets are bytes into the pattern.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegexError {
    #[error("missing ) for the group opened at byte {offset}")]
    UnclosedGroup { offset: usize },
    #[error("unmatched ) at byte {offset}")]
    UnmatchedParen { offset: usize },
    #[error("missing ] for the class opened at byte {offset}")]
    UnclosedClass { offset: usize },
    #[error("quantifier at byte {offset} does not follow a repeatable item")]
    NothingToRepeat { offset: usize },
    #[error("\\ at end of pattern")]
    TrailingBackslash { offset: usize },
    #[error("unrecognized escape \\{escape} at byte {offset}")]
    UnknownEscape { offset: usize, escape: char },
    #[error("range out of order in class at byte {offset}")]
    BadRange { offset: usize },
    #[error("bad repeat count at byte {offset}")]
    BadRepeat { offset: usize },
    #[error("bad group name at byte {offset}")]
    BadGroupName { offset: usize },
    #[error("two groups named \"{name}\" (the second at byte {offset})")]
    DuplicateName { offset: usize, name: String },
    #[error("unknown group syntax after (? at byte {offset}")]
    UnknownGroup { offset: usize },
    #[error("unknown POSIX class at byte {offset}")]
    BadPosixClass { offset: usize },
    #[error("reference to a group that does not exist at byte {offset}")]
    NoSuchGroup { offset: usize },
    #[error("lookbehind at byte {offset} is not of fixed length")]
    VariableLookbehind { offset: usize },
    #[error("parentheses nested too deeply at byte {offset}")]
    TooDeep { offset: usize },
    /// Valid PCRE that this parser does not model (recursion, conditionals,
    /// verbs, branch reset, `\K`): callers treat the pattern as unknown.
    #[error("{what} at byte {offset} is not supported")]
    Unsupported { offset: usize, what: &'static str },
}

impl RegexError {
    /// Whether nginx would accept the pattern and only this parser cannot
    /// model it.
    pub fn is_unsupported(&self) -> bool {
        matches!(self, RegexError::Unsupported { .. })
    }
}

/// A string an allowlist regex accepts although its host is not the one
/// the pattern was written for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counterexample {
    pub weakness: Weakness,
    pub subject: String,
}

/// What in the pattern let the hostile string through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weakness {
    /// Nothing pins the end: a suffix names another domain.
    UnanchoredEnd,
    /// Nothing pins the start: the domain can sit in another URL's query.
    UnanchoredStart,
    /// A `.` meant as a dot matches any byte.
    UnescapedDot,
    /// A wildcard (`.*`, `[^/]+`-like) can hold a whole other host.
    Wildcard,
}

/// The step budget [`Regex::is_match`] callers use for short probes.
pub const DEFAULT_STEPS: u32 = 100_000;

/// PCRE's default limit on nested parentheses.
const MAX_DEPTH: usize = 250;
/// Recursion depth of the matcher, beyond which it gives up (None).
const MAX_MATCH_DEPTH: usize = 1_000;

/// Parses `pattern` as nginx's `~` (case-sensitive) compiles it.
pub fn parse(pattern: &str) -> Result<Regex, RegexError> {
    parse_with(pattern, false)
}

/// Parses `pattern`, caseless as under `~*` when `caseless`.
pub fn parse_with(pattern: &str, caseless: bool) -> Result<Regex, RegexError> {
    let mut p = Parser {
        src: pattern.as_bytes(),
        pos: 0,
        flags: Flags {
            caseless,
            ..Flags::default()
        },
        groups: Vec::new(),
        backrefs: Vec::new(),
        depth: 0,
    };
    let root = p.alternation()?;
    if p.pos < p.src.len() {
        return Err(RegexError::UnmatchedParen { offset: p.pos });
    }
    for &(group, offset) in &p.backrefs {
        if group == 0 || group as usize > p.groups.len() {
            return Err(RegexError::NoSuchGroup { offset });
        }
    }
    Ok(Regex {
        root,
        groups: p.groups,
    })
}

impl Class {
    pub fn contains(&self, b: u8) -> bool {
        self.bits[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    fn insert(&mut self, b: u8) {
        self.bits[usize::from(b >> 6)] |= 1 << (b & 63);
    }

    fn range(&mut self, lo: u8, hi: u8) {
        for b in lo..=hi {
            self.insert(b);
        }
    }

    fn union(&mut self, other: &Class) {
        for (a, b) in self.bits.iter_mut().zip(other.bits) {
            *a |= b;
        }
    }

    fn negate(&mut self) {
        for a in self.bits.iter_mut() {
            *a = !*a;
        }
    }

    fn fold_case(&mut self) {
        for b in b'a'..=b'z' {
            if self.contains(b) || self.contains(b.to_ascii_uppercase()) {
                self.insert(b);
                self.insert(b.to_ascii_uppercase());
            }
        }
    }

    fn of(f: impl Fn(u8) -> bool) -> Class {
        let mut c = Class::default();
        for b in 0..=255u8 {
            if f(b) {
                c.insert(b);
            }
        }
        c
    }

    /// A byte of the class for a sample string: a letter, a digit, `-` or
    /// `.` before anything else.
    fn sample(&self) -> Option<u8> {
        let preferred = (b'a'..=b'z').chain(b'0'..=b'9').chain(*b"-.");
        preferred
            .chain(b'A'..=b'Z')
            .chain(0x21..0x7f)
            .chain(0..=255)
            .find(|&b| self.contains(b))
    }
}

impl fmt::Debug for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Class[")?;
        let mut b = 0u16;
        while b < 256 {
            let lo = b as u8;
            if !self.contains(lo) {
                b += 1;
                continue;
            }
            let mut hi = lo;
            while hi < 255 && self.contains(hi + 1) {
                hi += 1;
            }
            if hi == lo {
                write!(f, "{}", lo.escape_ascii())?;
            } else {
                write!(f, "{}-{}", lo.escape_ascii(), hi.escape_ascii())?;
            }
            b = u16::from(hi) + 1;
        }
        write!(f, "]")
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// PCRE's `\s`: space, \t \n \v \f \r.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

#[derive(Clone, Copy, Default)]
struct Flags {
    caseless: bool,
    multiline: bool,
    dotall: bool,
    extended: bool,
}

struct Parser<'p> {
    src: &'p [u8],
    pos: usize,
    flags: Flags,
    groups: Vec<Option<String>>,
    /// Every back-reference and where it was written, checked at the end
    /// (a reference may precede its group).
    backrefs: Vec<(u32, usize)>,
    depth: usize,
}

/// One escape, as far as the caller's context needs it.
enum Escape {
    Byte(u8),
    Class(Class),
    Anchor(Anchor),
    Backref(u32),
    NamedBackref(String),
    Quote,
    /// Nothing to match (`\E` outside `\Q`).
    Nothing,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.src.get(self.pos + n).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn skip_extended(&mut self) {
        if !self.flags.extended {
            return;
        }
        while let Some(b) = self.peek() {
            if is_space(b) {
                self.pos += 1;
            } else if b == b'#' {
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == b'\n' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    fn alternation(&mut self) -> Result<Node, RegexError> {
        let mut branches = vec![self.concat()?];
        while self.eat(b'|') {
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternation(branches)
        })
    }

    fn concat(&mut self) -> Result<Node, RegexError> {
        let mut items: Vec<Node> = Vec::new();
        loop {
            self.skip_extended();
            let start = self.pos;
            let Some(b) = self.peek() else { break };
            let atom = match b {
                b'|' | b')' => break,
                b'*' | b'+' | b'?' => return Err(RegexError::NothingToRepeat { offset: start }),
                b'{' if self.repeat_bounds().is_some() => {
                    return Err(RegexError::NothingToRepeat { offset: start })
                }
                b'(' => match self.group()? {
                    Some(node) => node,
                    None => continue,
                },
                b'[' => {
                    self.pos += 1;
                    Node::Class(self.class(start)?)
                }
                b'.' => {
                    self.pos += 1;
                    Node::Dot {
                        newline: self.flags.dotall,
                    }
                }
                b'^' => {
                    self.pos += 1;
                    Node::Anchor(if self.flags.multiline {
                        Anchor::LineStart
                    } else {
                        Anchor::Start
                    })
                }
                b'$' => {
                    self.pos += 1;
                    Node::Anchor(if self.flags.multiline {
                        Anchor::LineEnd
                    } else {
                        Anchor::EndOrNewline
                    })
                }
                b'\\' => match self.escape(false)? {
                    Escape::Byte(byte) => self.literal(byte),
                    Escape::Class(c) => Node::Class(self.folded(c)),
                    Escape::Anchor(a) => Node::Anchor(a),
                    Escape::Backref(group) => {
                        self.backrefs.push((group, start));
                        Node::Backref {
                            group,
                            caseless: self.flags.caseless,
                        }
                    }
                    Escape::NamedBackref(name) => {
                        let found = self
                            .groups
                            .iter()
                            .position(|g| g.as_deref() == Some(name.as_str()));
                        match found {
                            Some(i) => Node::Backref {
                                group: i as u32 + 1,
                                caseless: self.flags.caseless,
                            },
                            None => {
                                return Err(RegexError::Unsupported {
                                    offset: start,
                                    what: "a reference to a later named group",
                                })
                            }
                        }
                    }
                    Escape::Quote => {
                        self.quoted(&mut items)?;
                        continue;
                    }
                    Escape::Nothing => continue,
                },
                _ => {
                    self.pos += 1;
                    self.literal(b)
                }
            };
            let atom = self.quantified(atom)?;
            items.push(atom);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// `\Q...\E`: every byte literal; a quantifier after `\E` repeats the
    /// last of them.
    fn quoted(&mut self, items: &mut Vec<Node>) -> Result<(), RegexError> {
        while let Some(b) = self.peek() {
            if b == b'\\' && self.peek_at(1) == Some(b'E') {
                self.pos += 2;
                break;
            }
            self.pos += 1;
            items.push(self.literal(b));
        }
        if let Some(last) = items.pop() {
            items.push(self.quantified(last)?);
        }
        Ok(())
    }

    fn literal(&self, byte: u8) -> Node {
        Node::Literal {
            byte,
            caseless: self.flags.caseless && byte.is_ascii_alphabetic(),
        }
    }

    fn folded(&self, mut c: Class) -> Class {
        if self.flags.caseless {
            c.fold_case();
        }
        c
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, RegexError> {
        self.skip_extended();
        let at = self.pos;
        let (min, max) = match self.peek() {
            Some(b'*') => {
                self.pos += 1;
                (0, None)
            }
            Some(b'+') => {
                self.pos += 1;
                (1, None)
            }
            Some(b'?') => {
                self.pos += 1;
                (0, Some(1))
            }
            Some(b'{') => match self.repeat_bounds() {
                Some((min, max, len)) => {
                    if min > 65_535 || max.is_some_and(|m| m > 65_535 || m < min) {
                        return Err(RegexError::BadRepeat { offset: at });
                    }
                    self.pos += len;
                    (min, max)
                }
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        if matches!(atom, Node::Anchor(_)) {
            return Err(RegexError::NothingToRepeat { offset: at });
        }
        let mode = if self.eat(b'?') {
            Greed::Lazy
        } else if self.eat(b'+') {
            Greed::Possessive
        } else {
            Greed::Greedy
        };
        let node = Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            mode,
        };
        // A quantifier right after a quantifier (`a**`) is an error.
        self.skip_extended();
        match self.peek() {
            Some(b'*' | b'+' | b'?') => Err(RegexError::NothingToRepeat { offset: self.pos }),
            Some(b'{') if self.repeat_bounds().is_some() => {
                Err(RegexError::NothingToRepeat { offset: self.pos })
            }
            _ => Ok(node),
        }
    }

    /// `{n}`, `{n,}`, `{n,m}` at the cursor: (min, max, length). Anything
    /// else (`{,m}` included, as PCRE before 10.43 reads it) is literal.
    fn repeat_bounds(&self) -> Option<(u32, Option<u32>, usize)> {
        let rest = self.src.get(self.pos..)?;
        let close = rest.iter().position(|&b| b == b'}')?;
        let inner = rest.get(1..close)?;
        let number = |s: &[u8]| -> Option<u32> {
            if s.is_empty() || s.len() > 9 || !s.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(s).ok()?.parse().ok()
        };
        let (min, max) = match inner.iter().position(|&b| b == b',') {
            None => {
                let n = number(inner)?;
                (n, Some(n))
            }
            Some(comma) => {
                let min = number(inner.get(..comma)?)?;
                let tail = inner.get(comma + 1..)?;
                let max = if tail.is_empty() {
                    None
                } else {
                    Some(number(tail)?)
                };
                (min, max)
            }
        };
        Some((min, max, close + 1))
    }

    /// A group at `(`; None for a bare flag setting such as `(?i)`.
    fn group(&mut self) -> Result<Option<Node>, RegexError> {
        let open = self.pos;
        self.pos += 1;
        if self.depth >= MAX_DEPTH {
            return Err(RegexError::TooDeep { offset: open });
        }
        if self.peek() == Some(b'*') {
            return Err(RegexError::Unsupported {
                offset: open,
                what: "a (*VERB)",
            });
        }
        let saved = self.flags;
        let kind = if self.eat(b'?') {
            let at = self.pos;
            match self.peek() {
                Some(b':') => {
                    self.pos += 1;
                    Kind::Group(GroupKind::NonCapture)
                }
                Some(b'>') => {
                    self.pos += 1;
                    Kind::Group(GroupKind::Atomic)
                }
                Some(b'=') => {
                    self.pos += 1;
                    Kind::Look(Look::Ahead)
                }
                Some(b'!') => {
                    self.pos += 1;
                    Kind::Look(Look::NegativeAhead)
                }
                Some(b'#') => {
                    while let Some(b) = self.peek() {
                        self.pos += 1;
                        if b == b')' {
                            return Ok(None);
                        }
                    }
                    return Err(RegexError::UnclosedGroup { offset: open });
                }
                Some(b'<') if self.peek_at(1) == Some(b'=') => {
                    self.pos += 2;
                    Kind::Look(Look::Behind)
                }
                Some(b'<') if self.peek_at(1) == Some(b'!') => {
                    self.pos += 2;
                    Kind::Look(Look::NegativeBehind)
                }
                Some(b'<') => {
                    self.pos += 1;
                    self.named(b'>', open)?
                }
                Some(b'\'') => {
                    self.pos += 1;
                    self.named(b'\'', open)?
                }
                Some(b'P') if self.peek_at(1) == Some(b'<') => {
                    self.pos += 2;
                    self.named(b'>', open)?
                }
                Some(b'P') => {
                    return Err(RegexError::Unsupported {
                        offset: open,
                        what: "a (?P=name) or (?P>name) group",
                    })
                }
                Some(b'|') => {
                    return Err(RegexError::Unsupported {
                        offset: open,
                        what: "a branch reset group",
                    })
                }
                Some(b'(') => {
                    return Err(RegexError::Unsupported {
                        offset: open,
                        what: "a conditional group",
                    })
                }
                Some(b'R' | b'&' | b'+' | b'0'..=b'9') => {
                    return Err(RegexError::Unsupported {
                        offset: open,
                        what: "recursion",
                    })
                }
                Some(b'-' | b'^' | b'i' | b'm' | b's' | b'x' | b'n' | b'U' | b'J') => {
                    let scoped = self.inline_flags(at)?;
                    if !scoped {
                        // `(?i)` holds to the end of the enclosing group.
                        return Ok(None);
                    }
                    Kind::Group(GroupKind::NonCapture)
                }
                _ => return Err(RegexError::UnknownGroup { offset: at }),
            }
        } else {
            self.groups.push(None);
            Kind::Group(GroupKind::Capture {
                index: self.groups.len() as u32,
                name: None,
            })
        };
        self.depth += 1;
        let inner = self.alternation()?;
        self.depth -= 1;
        if !self.eat(b')') {
            return Err(RegexError::UnclosedGroup { offset: open });
        }
        self.flags = saved;
        Ok(Some(match kind {
            Kind::Group(kind) => Node::Group {
                kind,
                node: Box::new(inner),
            },
            Kind::Look(look) => {
                if matches!(look, Look::Behind | Look::NegativeBehind) && widths(&inner).is_none() {
                    return Err(RegexError::VariableLookbehind { offset: open });
                }
                Node::Look {
                    look,
                    node: Box::new(inner),
                }
            }
        }))
    }

    fn named(&mut self, close: u8, open: usize) -> Result<Kind, RegexError> {
        let start = self.pos;
        while self.peek().is_some_and(is_word) {
            self.pos += 1;
        }
        let name = self.src.get(start..self.pos).unwrap_or_default();
        let valid = name.first().is_some_and(|b| !b.is_ascii_digit()) && name.len() <= 32;
        if !valid || !self.eat(close) {
            return Err(RegexError::BadGroupName { offset: start });
        }
        let name = String::from_utf8_lossy(name).into_owned();
        if self
            .groups
            .iter()
            .any(|g| g.as_deref() == Some(name.as_str()))
        {
            return Err(RegexError::DuplicateName { offset: open, name });
        }
        self.groups.push(Some(name.clone()));
        Ok(Kind::Group(GroupKind::Capture {
            index: self.groups.len() as u32,
            name: Some(name),
        }))
    }

    /// Flags after `(?`: true when they scope a group (`(?i:..)`), false for
    /// a setting (`(?i)`) that holds until the enclosing group closes.
    fn inline_flags(&mut self, at: usize) -> Result<bool, RegexError> {
        let mut on = true;
        if self.eat(b'^') {
            self.flags = Flags::default();
        }
        loop {
            let Some(b) = self.peek() else {
                return Err(RegexError::UnknownGroup { offset: at });
            };
            self.pos += 1;
            match b {
                b'-' if on => on = false,
                b'i' => self.flags.caseless = on,
                b'm' => self.flags.multiline = on,
                b's' => self.flags.dotall = on,
                b'x' => self.flags.extended = on,
                // No effect on what matches here: no auto-capture (`n` is
                // read as documented), ungreedy and duplicate names are
                // not modelled.
                b'n' | b'J' => {}
                b'U' => {
                    return Err(RegexError::Unsupported {
                        offset: at,
                        what: "the (?U) ungreedy flag",
                    })
                }
                b')' => return Ok(false),
                b':' => return Ok(true),
                _ => return Err(RegexError::UnknownGroup { offset: at }),
            }
        }
    }

    /// A class after its `[`, which is at `open`.
    fn class(&mut self, open: usize) -> Result<Class, RegexError> {
        let negated = self.eat(b'^');
        let mut set = Class::default();
        let mut first = true;
        loop {
            let Some(b) = self.peek() else {
                return Err(RegexError::UnclosedClass { offset: open });
            };
            if b == b']' && !first {
                self.pos += 1;
                break;
            }
            first = false;
            let item_at = self.pos;
            let lo = match self.class_item()? {
                ClassItem::Set(c) => {
                    set.union(&c);
                    continue;
                }
                ClassItem::Byte(lo) => lo,
            };
            let ranged = self.peek() == Some(b'-') && self.peek_at(1).is_some_and(|b| b != b']');
            if !ranged {
                set.insert(lo);
                continue;
            }
            self.pos += 1;
            match self.class_item()? {
                ClassItem::Byte(hi) => {
                    if hi < lo {
                        return Err(RegexError::BadRange { offset: item_at });
                    }
                    set.range(lo, hi);
                }
                ClassItem::Set(c) => {
                    // `[a-\d]`: PCRE reads the `-` literally.
                    set.insert(lo);
                    set.insert(b'-');
                    set.union(&c);
                }
            }
        }
        if self.flags.caseless {
            set.fold_case();
        }
        if negated {
            set.negate();
        }
        Ok(set)
    }

    fn class_item(&mut self) -> Result<ClassItem, RegexError> {
        let at = self.pos;
        match self.peek() {
            None => Err(RegexError::UnclosedClass { offset: at }),
            Some(b'[') if matches!(self.peek_at(1), Some(b':' | b'.' | b'=')) => {
                let rest = self.src.get(at + 2..).unwrap_or_default();
                let Some(end) = rest.windows(2).position(|w| w == b":]") else {
                    self.pos += 1;
                    return Ok(ClassItem::Byte(b'['));
                };
                let name = rest.get(..end).unwrap_or_default();
                let (negated, name) = match name.strip_prefix(b"^") {
                    Some(n) => (true, n),
                    None => (false, name),
                };
                let mut c = posix(name).ok_or(RegexError::BadPosixClass { offset: at })?;
                if negated {
                    c.negate();
                }
                self.pos = at + 2 + end + 2;
                Ok(ClassItem::Set(c))
            }
            Some(b'\\') => match self.escape(true)? {
                Escape::Byte(b) => Ok(ClassItem::Byte(b)),
                Escape::Class(c) => Ok(ClassItem::Set(c)),
                _ => Err(RegexError::UnknownEscape {
                    offset: at,
                    escape: char::from(self.src.get(at + 1).copied().unwrap_or(b'\\')),
                }),
            },
            Some(b) => {
                self.pos += 1;
                Ok(ClassItem::Byte(b))
            }
        }
    }

    /// An escape at `\`; `in_class` reads `\b` as backspace.
    fn escape(&mut self, in_class: bool) -> Result<Escape, RegexError> {
        let at = self.pos;
        self.pos += 1;
        let Some(c) = self.peek() else {
            return Err(RegexError::TrailingBackslash { offset: at });
        };
        self.pos += 1;
        let class = |f: fn(u8) -> bool, negated: bool| {
            let mut c = Class::of(f);
            if negated {
                c.negate();
            }
            Ok(Escape::Class(c))
        };
        match c {
            b'd' | b'D' => class(|b| b.is_ascii_digit(), c == b'D'),
            b'w' | b'W' => class(is_word, c == b'W'),
            b's' | b'S' => class(is_space, c == b'S'),
            b'h' | b'H' => class(|b| b == b' ' || b == b'\t' || b == 0xa0, c == b'H'),
            b'v' | b'V' => class(|b| (0x0a..=0x0d).contains(&b) || b == 0x85, c == b'V'),
            b'N' if !in_class => class(|b| b != b'\n', false),
            b'R' if !in_class => class(|b| (0x0a..=0x0d).contains(&b) || b == 0x85, false),
            b'n' => Ok(Escape::Byte(b'\n')),
            b't' => Ok(Escape::Byte(b'\t')),
            b'r' => Ok(Escape::Byte(b'\r')),
            b'f' => Ok(Escape::Byte(0x0c)),
            b'e' => Ok(Escape::Byte(0x1b)),
            b'a' => Ok(Escape::Byte(0x07)),
            b'b' if in_class => Ok(Escape::Byte(0x08)),
            b'b' => Ok(Escape::Anchor(Anchor::WordBoundary)),
            b'B' => Ok(Escape::Anchor(Anchor::NotWordBoundary)),
            b'A' | b'G' => Ok(Escape::Anchor(Anchor::Start)),
            b'z' => Ok(Escape::Anchor(Anchor::End)),
            b'Z' => Ok(Escape::Anchor(Anchor::EndOrNewline)),
            b'Q' if !in_class => Ok(Escape::Quote),
            b'Q' | b'E' if in_class => Ok(Escape::Class(Class::default())),
            // A stray `\E` outside `\Q` is ignored.
            b'E' => Ok(Escape::Nothing),
            b'c' => {
                let x = self
                    .peek()
                    .ok_or(RegexError::TrailingBackslash { offset: at })?;
                self.pos += 1;
                Ok(Escape::Byte(x.to_ascii_uppercase() ^ 0x40))
            }
            b'x' => {
                if self.eat(b'{') {
                    let start = self.pos;
                    while self.peek().is_some_and(|b| b.is_ascii_hexdigit()) {
                        self.pos += 1;
                    }
                    let digits = self.src.get(start..self.pos).unwrap_or_default();
                    if !self.eat(b'}') || digits.is_empty() {
                        return Err(RegexError::UnknownEscape {
                            offset: at,
                            escape: 'x',
                        });
                    }
                    let value = digits
                        .iter()
                        .try_fold(0u32, |v, &d| v.checked_mul(16)?.checked_add(hex(d)))
                        .filter(|&v| v <= 0xff)
                        .ok_or(RegexError::UnknownEscape {
                            offset: at,
                            escape: 'x',
                        })?;
                    Ok(Escape::Byte(value as u8))
                } else {
                    let mut value = 0u32;
                    for _ in 0..2 {
                        match self.peek() {
                            Some(d) if d.is_ascii_hexdigit() => {
                                value = value * 16 + hex(d);
                                self.pos += 1;
                            }
                            _ => break,
                        }
                    }
                    Ok(Escape::Byte(value as u8))
                }
            }
            b'0' => {
                let mut value = 0u32;
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                Ok(Escape::Byte(value as u8))
            }
            b'1'..=b'9' if in_class => {
                // Octal in a class (`[\1]`), else the digit itself.
                let mut value = u32::from(c - b'0');
                if c > b'7' {
                    return Ok(Escape::Byte(c));
                }
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                Ok(Escape::Byte((value & 0xff) as u8))
            }
            b'1'..=b'9' => {
                let digits_at = self.pos;
                let mut value = u32::from(c - b'0');
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    value = value.saturating_mul(10).saturating_add(u32::from(d - b'0'));
                    self.pos += 1;
                }
                // `\10` and up name a group only if there are that many
                // (so far: a forward one is not modelled), else octal.
                if self.pos > digits_at && value as usize > self.groups.len() && c <= b'7' {
                    self.pos = digits_at;
                    let mut octal = u32::from(c - b'0');
                    for _ in 0..2 {
                        match self.peek() {
                            Some(d @ b'0'..=b'7') => {
                                octal = octal * 8 + u32::from(d - b'0');
                                self.pos += 1;
                            }
                            _ => break,
                        }
                    }
                    return Ok(Escape::Byte((octal & 0xff) as u8));
                }
                Ok(Escape::Backref(value))
            }
            b'g' if !in_class => {
                let braced = self.eat(b'{');
                let start = self.pos;
                while self.peek().is_some_and(is_word) {
                    self.pos += 1;
                }
                let body = self.src.get(start..self.pos).unwrap_or_default().to_vec();
                if braced && !self.eat(b'}') || body.is_empty() {
                    return Err(RegexError::UnknownEscape {
                        offset: at,
                        escape: 'g',
                    });
                }
                match std::str::from_utf8(&body)
                    .ok()
                    .and_then(|s| s.parse::<u32>().ok())
                {
                    Some(n) => Ok(Escape::Backref(n)),
                    None if braced => Ok(Escape::NamedBackref(
                        String::from_utf8_lossy(&body).into_owned(),
                    )),
                    None => Err(RegexError::UnknownEscape {
                        offset: at,
                        escape: 'g',
                    }),
                }
            }
            b'k' if !in_class => {
                let close = match self.peek() {
                    Some(b'<') => b'>',
                    Some(b'{') => b'}',
                    Some(b'\'') => b'\'',
                    _ => {
                        return Err(RegexError::UnknownEscape {
                            offset: at,
                            escape: 'k',
                        })
                    }
                };
                self.pos += 1;
                let start = self.pos;
                while self.peek().is_some_and(is_word) {
                    self.pos += 1;
                }
                let name =
                    String::from_utf8_lossy(self.src.get(start..self.pos).unwrap_or_default())
                        .into_owned();
                if name.is_empty() || !self.eat(close) {
                    return Err(RegexError::BadGroupName { offset: start });
                }
                Ok(Escape::NamedBackref(name))
            }
            b'K' => Err(RegexError::Unsupported {
                offset: at,
                what: "\\K",
            }),
            b'p' | b'P' | b'X' | b'C' => Err(RegexError::Unsupported {
                offset: at,
                what: "a Unicode property or code-unit escape",
            }),
            c if c.is_ascii_alphanumeric() => Err(RegexError::UnknownEscape {
                offset: at,
                escape: char::from(c),
            }),
            c => Ok(Escape::Byte(c)),
        }
    }
}

enum Kind {
    Group(GroupKind),
    Look(Look),
}

enum ClassItem {
    Byte(u8),
    Set(Class),
}

fn hex(d: u8) -> u32 {
    char::from(d).to_digit(16).unwrap_or(0)
}

fn posix(name: &[u8]) -> Option<Class> {
    let f: fn(u8) -> bool = match name {
        b"alpha" => |b| b.is_ascii_alphabetic(),
        b"digit" => |b| b.is_ascii_digit(),
        b"alnum" => |b| b.is_ascii_alphanumeric(),
        b"upper" => |b| b.is_ascii_uppercase(),
        b"lower" => |b| b.is_ascii_lowercase(),
        b"space" => is_space,
        b"blank" => |b| b == b' ' || b == b'\t',
        b"punct" => |b| b.is_ascii_punctuation(),
        b"xdigit" => |b| b.is_ascii_hexdigit(),
        b"word" => is_word,
        b"cntrl" => |b| b.is_ascii_control(),
        b"print" => |b| (0x20..0x7f).contains(&b),
        b"graph" => |b| (0x21..0x7f).contains(&b),
        b"ascii" => |b| b < 0x80,
        _ => return None,
    };
    Some(Class::of(f))
}

/// The lengths a node can match, if finitely many and few (lookbehind
/// needs a fixed length per alternative).
fn widths(node: &Node) -> Option<Vec<usize>> {
    const MAX: usize = 64;
    let mut out = match node {
        Node::Empty | Node::Anchor(_) | Node::Look { .. } => vec![0],
        Node::Literal { .. } | Node::Class(_) | Node::Dot { .. } => vec![1],
        Node::Group { node, .. } => widths(node)?,
        Node::Concat(items) => {
            let mut acc = vec![0];
            for item in items {
                let w = widths(item)?;
                let mut next = Vec::new();
                for a in &acc {
                    for b in &w {
                        next.push(a + b);
                    }
                }
                if next.len() > MAX {
                    return None;
                }
                acc = next;
            }
            acc
        }
        Node::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(widths(b)?);
            }
            all
        }
        Node::Repeat { node, min, max, .. } => {
            if Some(*min) != *max {
                return None;
            }
            let w = widths(node)?;
            if w.len() != 1 {
                return None;
            }
            vec![w.first()? * (*min as usize)]
        }
        Node::Backref { .. } => return None,
    };
    out.sort_unstable();
    out.dedup();
    (out.len() <= MAX).then_some(out)
}

impl Regex {
    /// How many capturing groups (named ones included).
    pub fn captures_len(&self) -> usize {
        self.groups.len()
    }

    /// The named groups and their numbers.
    pub fn names(&self) -> impl Iterator<Item = (u32, &str)> {
        self.groups
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((i as u32 + 1, n.as_deref()?)))
    }

    /// Every alternative must start at the subject's start (`^`, `\A`).
    pub fn is_anchored_start(&self) -> bool {
        anchored(&self.root, true)
    }

    /// Every alternative must end at the subject's end (`$`, `\z`, `\Z`).
    pub fn is_anchored_end(&self) -> bool {
        anchored(&self.root, false)
    }

    /// The literal a pattern such as `^/api/health$` stands for: an anchored
    /// start, case-sensitive literal bytes, an anchored end, and which end:
    /// `$` also matches before a final newline, `\z` does not.
    pub fn exact_literal(&self) -> Option<(Vec<u8>, Anchor)> {
        let Node::Concat(items) = &self.root else {
            return None;
        };
        let (first, rest) = items.split_first()?;
        let (last, middle) = rest.split_last()?;
        if *first != Node::Anchor(Anchor::Start) {
            return None;
        }
        let end = match last {
            Node::Anchor(a @ (Anchor::EndOrNewline | Anchor::End)) => *a,
            _ => return None,
        };
        let mut out = Vec::new();
        for item in middle {
            match item {
                Node::Literal {
                    byte,
                    caseless: false,
                } => out.push(*byte),
                Node::Literal {
                    byte,
                    caseless: true,
                } if !byte.is_ascii_alphabetic() => out.push(*byte),
                _ => return None,
            }
        }
        (!out.is_empty()).then_some((out, end))
    }

    /// Whether the pattern matches anywhere in `subject`; None when `steps`
    /// ran out first (catastrophic backtracking, or a very long subject).
    pub fn is_match(&self, subject: &[u8], steps: u32) -> Option<bool> {
        Some(self.find(subject, steps)?.is_some())
    }

    /// The first match: group 0 then each group's span, None where unset;
    /// the outer None when the step budget ran out.
    #[allow(clippy::type_complexity)]
    pub fn find(&self, subject: &[u8], steps: u32) -> Option<Option<Vec<Option<(usize, usize)>>>> {
        let mut exec = Exec {
            subject,
            steps,
            depth: 0,
            caps: vec![None; self.groups.len() + 1],
        };
        for start in 0..=subject.len() {
            let mut end = None;
            let r = exec.node(&self.root, start, &mut |_, p| {
                end = Some(p);
                Ok(true)
            });
            match r {
                Err(Exhausted) => return None,
                Ok(true) => {
                    let mut caps = exec.caps;
                    if let (Some(slot), Some(end)) = (caps.first_mut(), end) {
                        *slot = Some((start, end));
                    }
                    return Some(Some(caps));
                }
                Ok(false) => exec.caps.iter_mut().for_each(|c| *c = None),
            }
        }
        Some(None)
    }

    /// A hostile string this allowlist pattern (meant for one host or
    /// origin, such as `^https?://(www\.)?example\.com`) accepts although
    /// its host is not that domain nor one of its subdomains; verified by
    /// the matcher.
    pub fn counterexample(&self) -> Option<Counterexample> {
        self.counterexamples().into_iter().next()
    }

    /// Every kind of hostile string found, one per weakness, in the order
    /// of [`Weakness`].
    pub fn counterexamples(&self) -> Vec<Counterexample> {
        // The shortest sample, then one with each optional part taken
        // (`(www.)?` holds a dot to probe only when it is there).
        let mut samples = Vec::new();
        for optional in [false, true] {
            let mut sample = Sample {
                optional,
                ..Sample::default()
            };
            if sample.build(&self.root)
                && sample.bytes.len() <= 1_000
                && self.is_match(&sample.bytes, DEFAULT_STEPS) == Some(true)
            {
                samples.push(sample);
            }
        }
        let intended: Vec<String> = samples
            .iter()
            .map(|s| {
                host_of(&String::from_utf8_lossy(&s.bytes))
                    .trim_start_matches('.')
                    .to_ascii_lowercase()
            })
            .collect();
        if intended.iter().any(String::is_empty) {
            return Vec::new();
        }
        let evil = "evil.invalid";
        let mut candidates: Vec<(Weakness, Vec<u8>)> = Vec::new();
        for sample in &samples {
            let text = &sample.bytes;
            let mut end = text.clone();
            end.extend_from_slice(b".evil.invalid");
            if !self.is_anchored_end() {
                candidates.push((Weakness::UnanchoredEnd, end));
            }
            let mut start = format!("https://{evil}/?").into_bytes();
            start.extend_from_slice(text);
            if !self.is_anchored_start() {
                candidates.push((Weakness::UnanchoredStart, start));
            }
            for &i in &sample.dots {
                let mut s = text.clone();
                if let Some(b) = s.get_mut(i) {
                    *b = b'X';
                }
                candidates.push((Weakness::UnescapedDot, s));
            }
            for &i in &sample.wild {
                for tail in [b'/', b'?', b'#'] {
                    let mut s = text.clone();
                    let mut insert = evil.as_bytes().to_vec();
                    insert.push(tail);
                    s.splice(i..i, insert);
                    candidates.push((Weakness::Wildcard, s));
                }
            }
        }
        let mut out: Vec<Counterexample> = Vec::new();
        for (weakness, s) in candidates {
            if out.iter().any(|c| c.weakness == weakness) {
                continue;
            }
            let s = String::from_utf8_lossy(&s).into_owned();
            let host = host_of(&s).to_ascii_lowercase();
            let foreign = intended
                .iter()
                .all(|i| host != *i && !host.ends_with(&format!(".{i}")));
            if foreign && self.is_match(s.as_bytes(), DEFAULT_STEPS) == Some(true) {
                out.push(Counterexample {
                    weakness,
                    subject: s,
                });
            }
        }
        out.sort_by_key(|c| c.weakness);
        out
    }
}

/// The host of a URL, origin, referer or bare host name: after the scheme
/// and any user info, before the port, path, query or fragment.
fn host_of(s: &str) -> &str {
    let rest = s.split_once("://").map_or(s, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.split(':').next().unwrap_or_default()
}

/// One string the pattern was written to accept, with the places a wildcard
/// produced it.
#[derive(Default)]
struct Sample {
    /// Take each `?`-like optional part once (else as few as allowed).
    optional: bool,
    bytes: Vec<u8>,
    /// Offsets of a `.` written unescaped.
    dots: Vec<usize>,
    /// Offsets where an unbounded wildcard stood (it took nothing or little).
    wild: Vec<usize>,
}

impl Sample {
    /// False when the node has no single obvious sample (back-references).
    fn build(&mut self, node: &Node) -> bool {
        match node {
            Node::Empty | Node::Anchor(_) | Node::Look { .. } => true,
            Node::Literal { byte, .. } => {
                self.bytes.push(byte.to_ascii_lowercase());
                true
            }
            Node::Class(c) => match c.sample() {
                Some(b) => {
                    self.bytes.push(b);
                    true
                }
                None => false,
            },
            Node::Dot { .. } => {
                self.dots.push(self.bytes.len());
                self.bytes.push(b'.');
                true
            }
            Node::Group { node, .. } => self.build(node),
            Node::Concat(items) => items.iter().all(|i| self.build(i)),
            Node::Alternation(branches) => branches.first().is_some_and(|b| self.build(b)),
            Node::Repeat { node, min, max, .. } => {
                let wide = match node.as_ref() {
                    Node::Dot { .. } => true,
                    Node::Class(c) => c.contains(b'/') || c.contains(b'?'),
                    _ => false,
                };
                if wide && max.is_none_or(|m| m >= 16) {
                    self.wild.push(self.bytes.len());
                    // The wildcard's own bytes: letters, not dots.
                    for _ in 0..*min {
                        self.bytes.push(b'a');
                    }
                    return true;
                }
                // `s?` in `https?`: the longer form is the usual one.
                let optional = *min == 0 && max.is_some_and(|m| m >= 1);
                let count = match node.as_ref() {
                    Node::Literal { .. } if optional => 1,
                    _ if optional && self.optional => 1,
                    _ => *min,
                };
                if count > 1_000 {
                    return false;
                }
                (0..count).all(|_| self.build(node))
            }
            Node::Backref { .. } => false,
        }
    }
}

fn anchored(node: &Node, start: bool) -> bool {
    match node {
        Node::Anchor(a) => {
            if start {
                *a == Anchor::Start
            } else {
                matches!(a, Anchor::End | Anchor::EndOrNewline)
            }
        }
        Node::Group { node, .. } => anchored(node, start),
        Node::Alternation(branches) => {
            !branches.is_empty() && branches.iter().all(|b| anchored(b, start))
        }
        Node::Concat(items) => {
            let mut it: Box<dyn Iterator<Item = &Node>> = if start {
                Box::new(items.iter())
            } else {
                Box::new(items.iter().rev())
            };
            it.find(|n| !matches!(n, Node::Empty | Node::Look { .. }))
                .is_some_and(|n| anchored(n, start))
        }
        Node::Repeat { node, min, .. } => *min >= 1 && anchored(node, start),
        _ => false,
    }
}

/// The matcher ran out of steps or depth.
struct Exhausted;

type Res = Result<bool, Exhausted>;

/// What comes after a node: called with the position the node ended at.
type Cont<'k, 's> = dyn FnMut(&mut Exec<'s>, usize) -> Res + 'k;

struct Exec<'s> {
    subject: &'s [u8],
    steps: u32,
    depth: usize,
    caps: Vec<Option<(usize, usize)>>,
}

impl<'s> Exec<'s> {
    fn tick(&mut self) -> Result<(), Exhausted> {
        if self.steps == 0 || self.depth > MAX_MATCH_DEPTH {
            return Err(Exhausted);
        }
        self.steps -= 1;
        Ok(())
    }

    fn node(&mut self, node: &Node, pos: usize, k: &mut Cont<'_, 's>) -> Res {
        self.tick()?;
        self.depth += 1;
        let r = self.step(node, pos, k);
        self.depth -= 1;
        r
    }

    fn byte(&self, pos: usize) -> Option<u8> {
        self.subject.get(pos).copied()
    }

    fn step(&mut self, node: &Node, pos: usize, k: &mut Cont<'_, 's>) -> Res {
        match node {
            Node::Empty => k(self, pos),
            Node::Literal { byte, caseless } => match self.byte(pos) {
                Some(b) if b == *byte || *caseless && b.eq_ignore_ascii_case(byte) => {
                    k(self, pos + 1)
                }
                _ => Ok(false),
            },
            Node::Class(c) => match self.byte(pos) {
                Some(b) if c.contains(b) => k(self, pos + 1),
                _ => Ok(false),
            },
            Node::Dot { newline } => match self.byte(pos) {
                Some(b) if *newline || b != b'\n' => k(self, pos + 1),
                _ => Ok(false),
            },
            Node::Anchor(a) => {
                if self.at(*a, pos) {
                    k(self, pos)
                } else {
                    Ok(false)
                }
            }
            Node::Concat(items) => self.seq(items, pos, k),
            Node::Alternation(branches) => {
                for b in branches {
                    if self.node(b, pos, k)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Node::Group { kind, node } => match kind {
                GroupKind::NonCapture => self.node(node, pos, k),
                GroupKind::Capture { index, .. } => {
                    let i = *index as usize;
                    self.node(node, pos, &mut |s: &mut Exec<'s>, p| {
                        let old = s.caps.get(i).copied().flatten();
                        if let Some(c) = s.caps.get_mut(i) {
                            *c = Some((pos, p));
                        }
                        let r = k(s, p);
                        if !matches!(r, Ok(true)) {
                            if let Some(c) = s.caps.get_mut(i) {
                                *c = old;
                            }
                        }
                        r
                    })
                }
                GroupKind::Atomic => {
                    let mut end = None;
                    if self.node(node, pos, &mut |_, p| {
                        end = Some(p);
                        Ok(true)
                    })? {
                        match end {
                            Some(p) => k(self, p),
                            None => Ok(false),
                        }
                    } else {
                        Ok(false)
                    }
                }
            },
            Node::Look { look, node } => {
                let found = match look {
                    Look::Ahead | Look::NegativeAhead => {
                        self.node(node, pos, &mut |_, _| Ok(true))?
                    }
                    Look::Behind | Look::NegativeBehind => {
                        let mut found = false;
                        for w in widths(node).unwrap_or_default() {
                            let Some(from) = pos.checked_sub(w) else {
                                continue;
                            };
                            if self.node(node, from, &mut |_, p| Ok(p == pos))? {
                                found = true;
                                break;
                            }
                        }
                        found
                    }
                };
                let want = matches!(look, Look::Ahead | Look::Behind);
                if found == want {
                    k(self, pos)
                } else {
                    Ok(false)
                }
            }
            Node::Repeat {
                node,
                min,
                max,
                mode,
            } => match mode {
                Greed::Possessive => {
                    let mut end = None;
                    if self.repeat(node, *min, *max, true, 0, pos, &mut |_, p| {
                        end = Some(p);
                        Ok(true)
                    })? {
                        match end {
                            Some(p) => k(self, p),
                            None => Ok(false),
                        }
                    } else {
                        Ok(false)
                    }
                }
                _ => self.repeat(node, *min, *max, *mode == Greed::Greedy, 0, pos, k),
            },
            Node::Backref { group, caseless } => {
                let Some((a, b)) = self.caps.get(*group as usize).copied().flatten() else {
                    return Ok(false);
                };
                let (Some(want), Some(have)) =
                    (self.subject.get(a..b), self.subject.get(pos..pos + (b - a)))
                else {
                    return Ok(false);
                };
                let same = if *caseless {
                    want.eq_ignore_ascii_case(have)
                } else {
                    want == have
                };
                if same {
                    k(self, pos + (b - a))
                } else {
                    Ok(false)
                }
            }
        }
    }

    fn seq(&mut self, items: &[Node], pos: usize, k: &mut Cont<'_, 's>) -> Res {
        match items.split_first() {
            None => k(self, pos),
            Some((first, rest)) => {
                self.node(first, pos, &mut |s: &mut Exec<'s>, p| s.seq(rest, p, k))
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &mut self,
        node: &Node,
        min: u32,
        max: Option<u32>,
        greedy: bool,
        count: u32,
        pos: usize,
        k: &mut Cont<'_, 's>,
    ) -> Res {
        self.tick()?;
        let more = max.is_none_or(|m| count < m);
        let enough = count >= min;
        if !greedy && enough && k(self, pos)? {
            return Ok(true);
        }
        if more {
            self.depth += 1;
            let r = self.node(node, pos, &mut |s: &mut Exec<'s>, p| {
                // An iteration that matched nothing cannot make progress.
                if p == pos && count >= min {
                    return Ok(false);
                }
                s.repeat(node, min, max, greedy, count + 1, p, k)
            });
            self.depth -= 1;
            if r? {
                return Ok(true);
            }
        }
        if greedy && enough {
            return k(self, pos);
        }
        Ok(false)
    }

    fn at(&self, a: Anchor, pos: usize) -> bool {
        let len = self.subject.len();
        let word = |p: Option<usize>| p.and_then(|p| self.byte(p)).is_some_and(is_word);
        match a {
            Anchor::Start => pos == 0,
            Anchor::LineStart => pos == 0 || self.byte(pos - 1) == Some(b'\n'),
            Anchor::End => pos == len,
            Anchor::EndOrNewline => pos == len || pos + 1 == len && self.byte(pos) == Some(b'\n'),
            Anchor::LineEnd => pos == len || self.byte(pos) == Some(b'\n'),
            Anchor::WordBoundary | Anchor::NotWordBoundary => {
                let boundary = word(pos.checked_sub(1)) != word(Some(pos));
                boundary == (a == Anchor::WordBoundary)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, subject: &str) -> Option<bool> {
        parse(pattern)
            .ok()?
            .is_match(subject.as_bytes(), DEFAULT_STEPS)
    }

    #[test]
    fn groups_are_numbered_named_and_unnamed_alike() {
        let re = parse(r"^/(?<a>x)(y)(?:z)(?P<b>w)(?'c'v)(?=q)(?i)(?#note)").unwrap();
        assert_eq!(re.captures_len(), 4);
        assert_eq!(
            re.names().collect::<Vec<_>>(),
            vec![(1, "a"), (3, "b"), (4, "c")]
        );
        assert_eq!(parse(r"(?i)/").unwrap().captures_len(), 0);
        assert_eq!(parse(r"[(]\(a\)").unwrap().captures_len(), 0);
    }

    #[test]
    fn errors_say_what_and_where() {
        let cases: &[(&str, RegexError)] = &[
            ("(a", RegexError::UnclosedGroup { offset: 0 }),
            ("a)", RegexError::UnmatchedParen { offset: 1 }),
            ("x[a", RegexError::UnclosedClass { offset: 1 }),
            ("*a", RegexError::NothingToRepeat { offset: 0 }),
            ("a|?", RegexError::NothingToRepeat { offset: 2 }),
            ("^*", RegexError::NothingToRepeat { offset: 1 }),
            ("a**", RegexError::NothingToRepeat { offset: 2 }),
            ("a\\", RegexError::TrailingBackslash { offset: 1 }),
            (
                r"\q",
                RegexError::UnknownEscape {
                    offset: 0,
                    escape: 'q',
                },
            ),
            ("[z-a]", RegexError::BadRange { offset: 1 }),
            ("a{3,2}", RegexError::BadRepeat { offset: 1 }),
            ("(?<1a>x)", RegexError::BadGroupName { offset: 3 }),
            (
                "(?<n>a)(?<n>b)",
                RegexError::DuplicateName {
                    offset: 7,
                    name: "n".into(),
                },
            ),
            ("(?<=a+)b", RegexError::VariableLookbehind { offset: 0 }),
            (r"\2(a)", RegexError::NoSuchGroup { offset: 0 }),
            ("[[:foo:]]", RegexError::BadPosixClass { offset: 1 }),
            ("(?z)", RegexError::UnknownGroup { offset: 2 }),
            (
                "(?R)",
                RegexError::Unsupported {
                    offset: 0,
                    what: "recursion",
                },
            ),
            (
                "a(*SKIP)",
                RegexError::Unsupported {
                    offset: 1,
                    what: "a (*VERB)",
                },
            ),
        ];
        for (pattern, want) in cases {
            assert_eq!(parse(pattern).as_ref().err(), Some(want), "{pattern}");
        }
        assert_eq!(
            RegexError::UnknownEscape {
                offset: 0,
                escape: 'q'
            }
            .to_string(),
            r"unrecognized escape \q at byte 0"
        );
        assert_eq!(
            parse(&"(".repeat(300)).err(),
            Some(RegexError::TooDeep { offset: 250 })
        );
    }

    #[test]
    fn literal_braces_and_brackets() {
        // `{` that is no quantifier, `]` and `}` outside a class: literals.
        assert_eq!(matches("^a{,2}$", "a{,2}"), Some(true));
        assert_eq!(matches("^x{y}]$", "x{y}]"), Some(true));
        assert_eq!(matches("^[]a]+$", "]a]"), Some(true));
        assert_eq!(matches(r"^[\d-]+$", "1-2"), Some(true));
        assert_eq!(matches("^[^/]+$", "a/b"), Some(false));
        assert_eq!(matches(r"^\Q.*\E$", ".*"), Some(true));
        assert_eq!(matches(r"^\Q.*\E$", "ab"), Some(false));
        assert_eq!(matches(r"^[[:digit:]x]+$", "1x2"), Some(true));
        assert_eq!(matches(r"^\x41\x{42}\101$", "ABA"), Some(true));
    }

    #[test]
    fn anchors() {
        let start = |p: &str| parse(p).unwrap().is_anchored_start();
        let end = |p: &str| parse(p).unwrap().is_anchored_end();
        assert!(start("^/a|^/b"));
        assert!(start(r"(?:^/a|\A/b)x"));
        assert!(!start("^/a|/b"));
        assert!(!start("(?m)^/a"));
        assert!(!start(r"\.php$"));
        assert!(end(r"\.php$"));
        assert!(end(r"(\.php|\.phtml)\z"));
        assert!(!end(r"\.php"));
        assert!(!end(r"\.php$|\.cgi"));
        assert_eq!(matches(r"\.php$", "/a.php\n"), Some(true));
        assert_eq!(matches(r"\.php\z", "/a.php\n"), Some(false));
        assert_eq!(matches(r"(?m)^b$", "a\nb\nc"), Some(true));
        assert_eq!(matches(r"\bcat\b", "a cat!"), Some(true));
        assert_eq!(matches(r"\bcat\b", "concat"), Some(false));
    }

    #[test]
    fn exact_literal() {
        let lit = |p: &str| parse(p).unwrap().exact_literal();
        assert_eq!(
            lit(r"^/api/health$"),
            Some((b"/api/health".to_vec(), Anchor::EndOrNewline))
        );
        assert_eq!(lit(r"^/a\.b\z"), Some((b"/a.b".to_vec(), Anchor::End)));
        assert_eq!(lit(r"^/a.b$"), None);
        assert_eq!(lit(r"^/api$|^/b$"), None);
        assert_eq!(lit(r"^/api"), None);
        assert_eq!(lit(r"(?i)^/api$"), None);
        assert_eq!(parse_with(r"^/api$", true).unwrap().exact_literal(), None);
        assert_eq!(
            parse_with(r"^/1$", true).unwrap().exact_literal(),
            Some((b"/1".to_vec(), Anchor::EndOrNewline))
        );
    }

    #[test]
    fn matcher_semantics() {
        assert_eq!(
            matches(
                r"^https?://(www\.)?example\.com$",
                "https://www.example.com"
            ),
            Some(true)
        );
        assert_eq!(
            matches(
                r"^https?://(www\.)?example\.com$",
                "https://wwwXexample.com"
            ),
            Some(false)
        );
        assert_eq!(matches("(?i)abc", "xABC"), Some(true));
        assert_eq!(matches("a(?i)b|c", "C"), Some(true));
        assert_eq!(matches("(?:a(?i)b)|c", "C"), Some(false));
        assert_eq!(matches("a(?i:b)c", "aBc"), Some(true));
        assert_eq!(matches("a(?i:b)c", "aBC"), Some(false));
        assert_eq!(
            parse_with("^/A[b-c]$", true)
                .unwrap()
                .is_match(b"/aC", 1000),
            Some(true)
        );
        assert_eq!(matches("^a++a", "aaa"), Some(false));
        assert_eq!(matches("^(?>a+)a", "aaa"), Some(false));
        assert_eq!(matches("^a+a", "aaa"), Some(true));
        assert_eq!(matches(r"^(a|b)\1$", "bb"), Some(true));
        assert_eq!(matches(r"^(a|b)\1$", "ab"), Some(false));
        assert_eq!(matches(r"^(?<x>a)\k<x>$", "aa"), Some(true));
        assert_eq!(matches("foo(?=bar)", "foobaz"), Some(false));
        assert_eq!(matches("foo(?!bar)", "foobaz"), Some(true));
        assert_eq!(matches("(?<=foo|ab)bar", "abbar"), Some(true));
        assert_eq!(matches("(?<!foo)bar", "foobar"), Some(false));
        assert_eq!(matches("^x{2,3}$", "xxxx"), Some(false));
        assert_eq!(matches("^x{2,3}$", "xxx"), Some(true));
        assert_eq!(matches("^(a*)*$", "aaaa"), Some(true));
        assert_eq!(matches("^.$", "\n"), Some(false));
        assert_eq!(matches("(?s)^.$", "\n"), Some(true));
        let re = parse(r"^/(\w+)/(\d+)?(x)?").unwrap();
        assert_eq!(
            re.find(b"/user/42", DEFAULT_STEPS),
            Some(Some(vec![Some((0, 8)), Some((1, 5)), Some((6, 8)), None]))
        );
        let lazy = parse("<(.+?)>").unwrap();
        assert_eq!(
            lazy.find(b"<a><b>", DEFAULT_STEPS),
            Some(Some(vec![Some((0, 3)), Some((1, 2))]))
        );
    }

    #[test]
    fn catastrophic_backtracking_runs_out() {
        let re = parse("^(a+)+$").unwrap();
        let subject = format!("{}b", "a".repeat(40));
        assert_eq!(re.is_match(subject.as_bytes(), DEFAULT_STEPS), None);
        assert_eq!(re.is_match(b"aaaa", DEFAULT_STEPS), Some(true));
        let long = "a".repeat(100_000);
        assert_eq!(
            parse("^a*b")
                .unwrap()
                .is_match(long.as_bytes(), DEFAULT_STEPS),
            None
        );
        let deep = format!("{}a{}", "(".repeat(249), ")".repeat(249));
        let deep = parse(&deep).unwrap();
        assert_eq!(deep.captures_len(), 249);
        assert_eq!(deep.is_match(b"a", DEFAULT_STEPS), Some(true));
    }

    fn counter(pattern: &str) -> Option<(Weakness, String)> {
        parse(pattern)
            .ok()?
            .counterexample()
            .map(|c| (c.weakness, c.subject))
    }

    #[test]
    fn counterexamples() {
        assert_eq!(
            counter(r"^https?://(www\.)?example\.com"),
            Some((
                Weakness::UnanchoredEnd,
                "https://example.com.evil.invalid".into()
            ))
        );
        assert_eq!(
            counter(r"^(www.)?example\.com$"),
            Some((Weakness::UnescapedDot, "wwwXexample.com".into()))
        );
        assert_eq!(
            counter(r"https?://example\.com$"),
            Some((
                Weakness::UnanchoredStart,
                "https://evil.invalid/?https://example.com".into()
            ))
        );
        assert_eq!(
            counter(r"^https://.*\.example\.com$"),
            Some((
                Weakness::Wildcard,
                "https://evil.invalid/.example.com".into()
            ))
        );
        assert_eq!(counter(r"^https?://(www\.)?example\.com$"), None);
        assert_eq!(counter(r"^https://([a-z0-9-]+\.)*example\.com$"), None);
        assert_eq!(counter(r"(?i)^https://EXAMPLE\.com(:\d+)?$"), None);
        let all = parse(r"example.com").unwrap().counterexamples();
        assert_eq!(
            all.iter()
                .map(|c| (c.weakness, c.subject.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (Weakness::UnanchoredEnd, "example.com.evil.invalid"),
                (
                    Weakness::UnanchoredStart,
                    "https://evil.invalid/?example.com"
                ),
                (Weakness::UnescapedDot, "exampleXcom"),
            ]
        );
    }

    #[test]
    fn host_of_urls() {
        assert_eq!(host_of("https://a.b:443/x"), "a.b");
        assert_eq!(host_of("https://example.com@evil.invalid/"), "evil.invalid");
        assert_eq!(host_of("example.com"), "example.com");
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn no_panic_on_any_pattern(pattern in r"[()\[\]{}|*+?.^$\\a-c0-9,:<>=!PRkgQEx'#bBdDwszZAi-]{0,24}", subject in "[abc0\n-]{0,12}") {
            if let Ok(re) = parse(&pattern) {
                let _ = re.is_match(subject.as_bytes(), 10_000);
                let _ = re.counterexamples();
                let _ = (re.is_anchored_start(), re.is_anchored_end(), re.exact_literal());
            }
        }

        #[test]
        fn no_panic_on_arbitrary_bytes(pattern in any::<String>()) {
            let _ = parse(&pattern);
            let _ = parse_with(&pattern, true);
        }

        #[test]
        #[cfg(feature = "regex")]
        fn agrees_with_the_regex_crate(pattern in r"[()\[\]|*+?.^$\\a-c0-9{},bdws-]{0,16}", subject in "[abc0 -]{0,10}") {
            let ours = parse(&pattern);
            let theirs = regex::bytes::RegexBuilder::new(&pattern).unicode(false).build();
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                if let Some(m) = ours.is_match(subject.as_bytes(), DEFAULT_STEPS) {
                    prop_assert_eq!(m, theirs.is_match(subject.as_bytes()), "{} on {:?}", pattern, subject);
                }
            }
        }
    }
}
