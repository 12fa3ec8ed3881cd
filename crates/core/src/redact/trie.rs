//! A byte trie for finding many literal strings in one pass: the placeholders
//! when restoring, the host names and secrets already found when spreading.
//! Linear in the text times the longest match, whatever the number of
//! strings, where a search per string would be quadratic on large configs.

pub(crate) struct Trie {
    /// Node per first byte (0: none), so most positions are skipped at once.
    root: [u32; 256],
    /// Bit set of the strings' first two bytes (keys), so that a position
    /// whose first byte matches but whose second does not (most of them:
    /// words sharing a first letter with some host name) costs one lookup.
    pairs: Box<[u64; 1024]>,
    nodes: Vec<Node>,
    /// Match ASCII letters without regard to case (host names).
    fold: bool,
}

struct Node {
    children: Vec<(u8, u32)>,
    /// The id of the string that ends here.
    terminal: Option<usize>,
}

impl Trie {
    pub(crate) fn new<'a>(
        strings: impl IntoIterator<Item = (&'a [u8], usize)>,
        fold: bool,
    ) -> Trie {
        let mut t = Trie {
            root: [0; 256],
            pairs: Box::new([0; 1024]),
            nodes: vec![Node {
                children: Vec::new(),
                terminal: None,
            }],
            fold,
        };
        for (bytes, id) in strings {
            t.insert(bytes, id);
        }
        t
    }

    fn key(&self, b: u8) -> u8 {
        if self.fold {
            b.to_ascii_lowercase()
        } else {
            b
        }
    }

    fn insert(&mut self, bytes: &[u8], id: usize) {
        let Some((&first, rest)) = bytes.split_first() else {
            return;
        };
        let first = self.key(first);
        match rest.first() {
            Some(&second) => self.set_pair(first, self.key(second)),
            // A one-byte string: every second byte may follow.
            None => (0..=255u8).for_each(|b| self.set_pair(first, self.key(b))),
        }
        let mut node = self.root[first as usize] as usize;
        if node == 0 {
            node = self.push();
            self.root[first as usize] = node as u32;
            // Both cases lead to the node, so `starts` needs no folding.
            if self.fold {
                self.root[first.to_ascii_uppercase() as usize] = node as u32;
            }
        }
        for &b in rest {
            let b = self.key(b);
            let next = self.nodes[node]
                .children
                .iter()
                .find(|(c, _)| *c == b)
                .map(|&(_, n)| n as usize);
            node = match next {
                Some(n) => n,
                None => {
                    let n = self.push();
                    self.nodes[node].children.push((b, n as u32));
                    n
                }
            };
        }
        self.nodes[node].terminal.get_or_insert(id);
    }

    fn pair_bit(first: u8, second: u8) -> (usize, u64) {
        let k = (first as usize) << 8 | second as usize;
        (k >> 6, 1 << (k & 63))
    }

    fn set_pair(&mut self, first: u8, second: u8) {
        let (w, bit) = Trie::pair_bit(first, second);
        self.pairs[w] |= bit;
    }

    /// Whether some string may start with these two bytes (`second`: `None`
    /// at the end of the text).
    fn may_start(&self, first: u8, second: Option<u8>) -> bool {
        let first = self.key(first);
        match second {
            Some(s) => {
                let (w, bit) = Trie::pair_bit(first, self.key(s));
                self.pairs[w] & bit != 0
            }
            None => self.root[first as usize] != 0,
        }
    }

    fn push(&mut self) -> usize {
        self.nodes.push(Node {
            children: Vec::new(),
            terminal: None,
        });
        self.nodes.len() - 1
    }

    /// Whether some string may start with this byte.
    pub(crate) fn starts(&self, b: u8) -> bool {
        self.root[b as usize] != 0
    }

    /// The longest string starting at `i` that `accept(end, id)` takes, as
    /// `(end, id)`.
    pub(crate) fn longest(
        &self,
        text: &[u8],
        i: usize,
        accept: impl Fn(usize, usize) -> bool,
    ) -> Option<(usize, usize)> {
        let first = *text.get(i)?;
        if !self.may_start(first, text.get(i + 1).copied()) {
            return None;
        }
        let mut node = self.root[first as usize] as usize;
        if node == 0 {
            return None;
        }
        let mut best = None;
        let mut j = i + 1;
        loop {
            if let Some(id) = self.nodes[node].terminal {
                if accept(j, id) {
                    best = Some((j, id));
                }
            }
            let Some(&b) = text.get(j) else { break };
            let b = self.key(b);
            match self.nodes[node].children.iter().find(|(c, _)| *c == b) {
                Some(&(_, n)) => {
                    node = n as usize;
                    j += 1;
                }
                None => break,
            }
        }
        best
    }
}
