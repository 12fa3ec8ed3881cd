//! The parser takes any bytes without panicking, and printing the tree gives
//! the input back byte for byte. The structural checks and crossplane's JSON
//! of the tree take the same bytes without panicking, and the JSON is UTF-8.

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
    let set = confine_core::input::ConfigSet::from_text("nginx.conf", data);
    let diagnostics = confine_core::analysis::validate(&set);
    let mut json = Vec::new();
    confine_core::render::crossplane::write_json(&set, &diagnostics, &mut json)
        .expect("writing to memory cannot fail");
    assert!(std::str::from_utf8(&json).is_ok(), "the JSON is not UTF-8");
});
