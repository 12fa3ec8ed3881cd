//! The hasher behind the analysis' maps and sets.
//!
//! std's default (SipHash with a random key) resists hash flooding, which a
//! server handling strangers' keys needs; here the keys come from the config
//! being checked, on the user's own machine or page, and hashing was a tenth
//! of the time of a `confine check` on a large config. This one reads eight
//! bytes per step with a rotate-xor-multiply and folds a 128-bit product at
//! the end, so keys that differ only in high bits (byte offsets that are
//! multiples of a power of two) still spread over the table's buckets.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`]; make one with `FastMap::default()`.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
/// A `HashSet` with [`FastHasher`]; make one with `FastSet::default()`.
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// Odd 64-bit constant from the digits of pi (any odd constant with mixed bits works).
const K: u64 = 0x243f_6a88_85a3_08d3;

#[derive(Clone, Copy, Default)]
pub struct FastHasher {
    state: u64,
}

impl FastHasher {
    #[inline(always)]
    fn add(&mut self, word: u64) {
        self.state = (self.state.rotate_left(23) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            // An array reference, then one load (no copy call in the page's build).
            if let Ok(word) = <&[u8; 8]>::try_from(chunk) {
                self.add(u64::from_le_bytes(*word));
            }
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "a\0" and "a" apart.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline(always)]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline(always)]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline(always)]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline(always)]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline(always)]
    fn finish(&self) -> u64 {
        let product = u128::from(self.state) * u128::from(K);
        (product as u64) ^ ((product >> 64) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash<T: std::hash::Hash>(value: T) -> u64 {
        use std::hash::BuildHasher;
        BuildHasherDefault::<FastHasher>::default().hash_one(value)
    }

    #[test]
    fn equal_keys_hash_equal_and_near_keys_apart() {
        assert_eq!(
            hash(b"proxy_pass".as_slice()),
            hash(b"proxy_pass".as_slice())
        );
        assert_ne!(hash(b"a".as_slice()), hash(b"a\0".as_slice()));
        assert_ne!(hash((1usize, 2usize)), hash((2usize, 1usize)));
    }

    #[test]
    fn offsets_with_equal_low_bits_spread_over_buckets() {
        // 4096 keys that differ only above bit 12: a 4096-bucket table (the
        // low 12 bits) must still see most of them apart.
        let buckets: FastSet<u64> = (0..4096u64).map(|i| hash(i << 12) & 4095).collect();
        assert!(buckets.len() > 2000, "{} buckets", buckets.len());
    }
}
