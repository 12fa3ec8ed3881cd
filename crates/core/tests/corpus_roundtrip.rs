//! Byte-exact round trip over every file of the shared nginx corpus.

mod common;

use confine_core::syntax::parse;

#[test]
fn every_corpus_file_prints_back_byte_for_byte() {
    let Some(files) = common::corpus_files() else {
        return;
    };
    assert!(
        files.len() > 500,
        "corpus looks truncated: {} files",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("corpus file is readable");
        let parsed = parse(&bytes);
        if parsed.file.to_bytes() != bytes {
            failures.push(path.display().to_string());
        }
    }
    assert!(failures.is_empty(), "round trip differs for: {failures:#?}");
}

#[test]
fn deep_nesting_neither_overflows_nor_loses_bytes() {
    let depth = 200_000;
    let mut src = "a{".repeat(depth).into_bytes();
    src.extend_from_slice("}".repeat(depth).as_bytes());
    let parsed = parse(&src);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors.first());
    assert_eq!(parsed.file.to_bytes(), src);
    assert_eq!(parsed.file.directives().count(), depth);
}
