//! Check a generated config `REPS` times, for counting work under a
//! simulator: `docs/architecture.md` uses it to show that the check's
//! instructions per line stay flat from 10k to 1m lines while its time per
//! line grows (the extra time is cache misses, not work).
//!
//! ```sh
//! cargo build --release -p confine-core --example check_repeat
//! valgrind --tool=cachegrind --cache-sim=yes target/release/examples/check_repeat 100000 0
//! valgrind --tool=cachegrind --cache-sim=yes target/release/examples/check_repeat 100000 1
//! ```
//!
//! The difference between the two runs (REPS 0 generates and loads only) is
//! the check's own cost.

#[path = "../benches/support/generate.rs"]
mod generate;

use confine_core::analysis::{validate_model, Model};
use confine_core::input::{ConfigSet, MemoryFiles};
use confine_core::options::Options;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let (Some(Ok(lines)), Some(Ok(reps))) = (args.next(), args.next()) else {
        eprintln!("usage: check_repeat LINES REPS");
        std::process::exit(2);
    };
    let options = Options::default();
    let files = generate::generate(lines, 1, 10);
    let mut mem = MemoryFiles::new();
    for (path, text) in &files {
        mem.insert(path.clone(), text.clone().into_bytes());
    }
    let set = ConfigSet::load(&[files[0].0.clone()], &mem);
    for _ in 0..reps {
        let model = Model::build(&set);
        let diagnostics = validate_model(&model, options.nginx_version);
        let findings = confine_core::rules::run(&model, &options);
        std::hint::black_box((diagnostics.len(), findings.len()));
    }
}
