//! The parser takes any bytes without panicking, and printing the tree gives
//! the input back byte for byte.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = confine_core::syntax::parse(data);
    assert!(
        parsed.file.to_bytes() == data,
        "round trip changed the input ({} bytes, {} errors)",
        data.len(),
        parsed.errors.len()
    );
});
