//! Eight bytes at a time: the scans that run over whole configs (the
//! lexer's words and indentation, the JSON writer's escapes) test a `u64`
//! of input per step instead of one byte.
//!
//! Each test flags the bytes it matches in their high bit. A flag can be
//! spurious only in a byte above (after) a true match, because the borrow
//! that causes it comes from a matched byte; so the lowest flag of a test,
//! or of several tests or-ed together, is always the first true match, and
//! a caller that wants the later ones confirms each.

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Eight bytes from `at`, the first in the lowest bits, if there are eight.
#[inline(always)]
pub fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    // A reference to an array, then one load: a copy into an array (which
    // the page's size-optimized build made a call) is not needed.
    let chunk: &[u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(*chunk))
}

/// Flags the bytes of `x` equal to `b`.
#[inline(always)]
pub fn equal(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * u64::from(b));
    y.wrapping_sub(ONES) & !y & HIGHS
}

/// Flags the bytes of `x` below `n` (for `n` up to 128).
#[inline(always)]
pub fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS
}

/// Flags the bytes of `x` that differ from `b` (exact: no borrows involved).
#[inline(always)]
pub fn not_equal(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * u64::from(b));
    // Set the high bit of every nonzero byte without carries between bytes.
    ((y & !HIGHS).wrapping_add(!HIGHS) | y) & HIGHS
}

/// The first `b` in `bytes`. For the short runs the lexer and the checks
/// scan (a comment, a directive's head), where a call into a vectorized
/// search costs more than the search.
#[inline(always)]
pub fn find(bytes: &[u8], b: u8) -> Option<usize> {
    let mut at = 0;
    while let Some(x) = word_at(bytes, at) {
        let flags = equal(x, b);
        if flags != 0 {
            return Some(at + first(flags));
        }
        at += 8;
    }
    bytes[at..].iter().position(|&c| c == b).map(|i| at + i)
}

/// Bytes as text, invalid UTF-8 replaced: `String::from_utf8_lossy`, with
/// the standard library's fast validation tried first (its lossy walk has
/// no fast path for ASCII, and configs are nearly always ASCII).
#[inline]
pub fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The index of the first flagged byte of a nonzero set of flags.
#[inline(always)]
pub fn first(flags: u64) -> usize {
    (flags.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every test agrees with the plain byte comparison on the first match,
    /// for every byte value at every position among every other byte value.
    #[test]
    fn the_first_flag_is_the_first_match() {
        for target in 0u8..=255 {
            for at in 0..8 {
                for fill in [0u8, 1, 0x20, 0x21, 0x7f, 0x80, 0xff, target.wrapping_add(1)] {
                    let mut b = [fill; 8];
                    b[at] = target;
                    let x = u64::from_le_bytes(b);
                    let check = |flags: u64, pred: &dyn Fn(u8) -> bool| {
                        let expected = b.iter().position(|&c| pred(c));
                        let got = (flags != 0).then(|| first(flags));
                        assert_eq!(got, expected, "{b:?}");
                    };
                    check(equal(x, target), &|c| c == target);
                    for len in 0..=8 {
                        let found = find(&b[..len], target);
                        assert_eq!(found, b[..len].iter().position(|&c| c == target));
                        let mut longer = b.to_vec();
                        longer.extend_from_slice(&b[..len]);
                        let found = find(&longer, target);
                        assert_eq!(found, longer.iter().position(|&c| c == target));
                    }
                    check(not_equal(x, fill), &|c| c != fill);
                    if target <= 128 {
                        check(below(x, target), &|c| c < target);
                    }
                }
            }
        }
    }
}
