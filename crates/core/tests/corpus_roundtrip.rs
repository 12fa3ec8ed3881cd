//! Byte-exact round trip over every file of the shared nginx corpus.

mod common;

use confine_core::syntax::parse;

#[test]
fn every_corpus_file_prints_back_byte_for_byte() {
    let Some(files) = common::corpus_files() else {
        return;
    };
    assert!(files.len() > 500, "corpus looks truncated: {} files", files.len());
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
