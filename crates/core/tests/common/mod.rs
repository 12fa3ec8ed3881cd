//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `../shared/corpus/nginx` beside the project root.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/nginx")
}

/// Every config file of the corpus (by `FILES.tsv`), or `None` with a message
/// when the corpus is absent. In CI (`CONFINE_REQUIRE_TOOLS`) absence is a failure.
pub fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = corpus_dir();
    let Ok(index) = std::fs::read_to_string(dir.join("FILES.tsv")) else {
        if std::env::var_os("CONFINE_REQUIRE_TOOLS").is_some() {
            panic!("corpus missing at {}", dir.display());
        }
        eprintln!("SKIPPED: no corpus at {}", dir.display());
        return None;
    };
    let files = index
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (cols.get(2) == Some(&"config")).then(|| dir.join(cols[0]))
        })
        .collect();
    Some(files)
}

/// The largest config file of the corpus (by `FILES.tsv`'s sizes), which the
/// benchmarks time beside the generated configs.
pub fn largest_corpus_config() -> Option<PathBuf> {
    let dir = corpus_dir();
    let index = std::fs::read_to_string(dir.join("FILES.tsv")).ok()?;
    index
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let bytes: usize = cols.get(3)?.parse().ok()?;
            (cols.get(2) == Some(&"config")).then(|| (bytes, dir.join(cols[0])))
        })
        .max_by_key(|(bytes, _)| *bytes)
        .map(|(_, path)| path)
}
