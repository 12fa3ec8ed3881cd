//! Turning the bytes a user hands over into text the detectors can read.
//!
//! The detectors scan bytes as ASCII-compatible text. UTF-16 (what Windows
//! editors and PowerShell's `>` write) puts a NUL between the letters, so
//! no detector sees `password` or an address in it, and the secrets would
//! pass through as they are. [`decode_input`] is the gate a front end puts
//! before [`super::redact`]: UTF-8 passes borrowed, UTF-16 (with a byte
//! order mark, or without one, recognised by its NULs) is decoded, and
//! anything else is refused with an error that says what was found, rather
//! than redacted as if it were text.

use std::borrow::Cow;

/// Why bytes could not be read as text. Each variant names what the input
/// looked like, so the user knows what to convert.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Neither UTF-8 nor UTF-16: a legacy code page, or binary data.
    #[error(
        "the input is not UTF-8 (invalid byte 0x{byte:02x} at offset {offset}) nor UTF-16; \
         convert it to UTF-8 first"
    )]
    NotUtf8 { offset: usize, byte: u8 },
    /// A UTF-16 byte order mark or NUL pattern, but the code units do not
    /// decode (an unpaired surrogate, or an odd number of bytes).
    #[error(
        "the input looks like UTF-16{} but is not valid UTF-16 at byte offset {offset}",
        if *big_endian { "BE" } else { "LE" }
    )]
    BadUtf16 { big_endian: bool, offset: usize },
    /// A UTF-32 byte order mark: rare enough to refuse rather than guess.
    #[error("the input is UTF-32{}; convert it to UTF-8 first", if *big_endian { "BE" } else { "LE" })]
    Utf32 { big_endian: bool },
}

/// The text of `bytes`: borrowed when it is UTF-8 (a UTF-8 byte order mark
/// is kept, so the text is the input byte for byte), decoded when it is
/// UTF-16 with or without a byte order mark (the mark is dropped), an error
/// otherwise. Never returns text that still hides NUL-separated letters.
pub fn decode_input(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    // UTF-32 first: its little-endian mark starts with UTF-16LE's.
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Err(DecodeError::Utf32 { big_endian: false });
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(DecodeError::Utf32 { big_endian: true });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, false, 2).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, true, 2).map(Cow::Owned);
    }
    // Without a mark: NUL is valid UTF-8, so UTF-16 of ASCII text would
    // pass the UTF-8 check unread. Look at the NULs before that check.
    if let Some(big_endian) = bomless_utf16(bytes) {
        return utf16(bytes, big_endian, 0).map(Cow::Owned);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let offset = e.valid_up_to();
            Err(DecodeError::NotUtf8 {
                offset,
                byte: bytes.get(offset).copied().unwrap_or(0),
            })
        }
    }
}

/// Whether `bytes` reads as UTF-16 without a mark, and in which order:
/// most code units of a config are ASCII, so one byte of each pair is NUL,
/// always the same one. Text with NULs in no such pattern is not taken.
fn bomless_utf16(bytes: &[u8]) -> Option<bool> {
    // A sample is enough: a config's first kilobytes say what it is.
    let sample = &bytes[..bytes.len().min(1 << 16) & !1];
    let pairs = sample.len() / 2;
    if pairs == 0 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // At least half the units ASCII, and the other byte of the pair almost
    // never NUL (UTF-16 of ASCII has no NUL code units at all).
    let clear = |hit: usize, other: usize| hit * 2 >= pairs && other * 8 <= hit;
    if clear(odd, even) {
        Some(false)
    } else if clear(even, odd) {
        Some(true)
    } else {
        None
    }
}

/// Decode UTF-16 code units; `base` is where `bytes` starts in the input
/// (after a mark), for the error's offset.
fn utf16(bytes: &[u8], big_endian: bool, base: usize) -> Result<String, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::BadUtf16 {
            big_endian,
            offset: base + bytes.len() - 1,
        });
    }
    let units = bytes.chunks_exact(2).map(|p| {
        if big_endian {
            u16::from_be_bytes([p[0], p[1]])
        } else {
            u16::from_le_bytes([p[0], p[1]])
        }
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut offset = base;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                out.push(c);
                offset += 2 * c.len_utf16();
            }
            Err(_) => return Err(DecodeError::BadUtf16 { big_endian, offset }),
        }
    }
    Ok(out)
}
