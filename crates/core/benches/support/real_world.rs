//! The real-world input of the benchmarks: the site configs that certbot's
//! users contributed to its round-trip tests (the shared corpus'
//! `certbot__certbot/.../79-configs/site-*`, in `FILES.tsv` order),
//! concatenated twelve times inside one `http {}`: about 1 MB and 36k lines
//! of configs as people write them, where the generated inputs are one
//! template repeated. Built from the corpus on each run, not committed.

use std::path::Path;

/// How many times the sites are repeated.
pub const COPIES: usize = 12;

/// Where the sites are in the corpus.
const SITES: &str = "certbot-compatibility-test/nginx/nginx-roundtrip-testdata/79-configs/site-";

/// The input, from the corpus at `corpus` (the folder holding `FILES.tsv`),
/// or `None` when the corpus or its sites are missing.
pub fn real_world(corpus: &Path) -> Option<Vec<u8>> {
    let index = std::fs::read_to_string(corpus.join("FILES.tsv")).ok()?;
    let mut sites = Vec::new();
    for line in index.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.get(2) == Some(&"config") && cols[0].contains(SITES) {
            sites.push(std::fs::read(corpus.join(cols[0])).ok()?);
        }
    }
    if sites.is_empty() {
        return None;
    }
    let mut out = b"http {\n".to_vec();
    for _ in 0..COPIES {
        for site in &sites {
            out.extend_from_slice(site);
            out.push(b'\n');
        }
    }
    out.extend_from_slice(b"}\n");
    Some(out)
}
