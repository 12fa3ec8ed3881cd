//! Each stage and the whole pipeline, on the built-in example, on the corpus
//! files, on the real-world input (`support/real_world.rs`: the certbot
//! corpus' site configs twelve times in one `http {}`), and on large
//! generated configs (`support/generate.rs`), with the
//! scaling the benchmarks issue asks about: lines (1k, 10k, 100k, 1m), files (1,
//! 10, 100 at 10k lines) and findings (none, half, every site at 10k lines).
//!
//! `cargo bench -p confine-core --bench pipeline [FILTER]`
//!
//! Stages, each on already loaded input where it can be:
//! - `lex`: the lexer alone, on the real-world input only (the speed the
//!   parse stage is held to);
//! - `parse`: `ConfigSet::load` from memory (parse every file, resolve includes);
//! - `check`: the model, nginx -t's structural checks and the rules;
//! - `analyze`: check + fix + diff (`confine_core::analyze`, what `confine
//!   check` runs); fix + diff is the difference from `check`;
//! - `redact`: every file redacted;
//! - `pipeline`: parse + analyze + redact, what the page runs per keystroke;
//! - `parse-json`: what `confine parse --json` does in process (load,
//!   nginx -t's checks, crossplane's JSON written to memory);
//! - `check-text`: what `confine check` does in process (load, analyze, the
//!   text report): `cargo xtask bench-compare` sets these two beside
//!   crossplane and gixy timed in their own process, start-up excluded.
//!
//! Throughput is in bytes of config; ns per line is the time over the line
//! count printed at the start (docs/benchmarks.md has both).

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "support/generate.rs"]
mod generate;
#[path = "support/real_world.rs"]
mod real_world;

use std::hint::black_box;
use std::time::Duration;

use confine_core::analysis::{validate_model, Model};
use confine_core::input::{ConfigSet, MemoryFiles};
use confine_core::options::Options;
use confine_core::redact::{redact, Input, RedactOptions};
use confine_core::render;
use confine_core::syntax::lexer::Lexer;
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};

/// The case of the real-world input (`support/real_world.rs`), which alone
/// also times the lexer: the parse stage is measured against it.
const REAL_WORLD: &str = "real-world";

/// A named input: its files (the first is the main one).
struct Case {
    name: String,
    files: Vec<(String, String)>,
}

impl Case {
    fn bytes(&self) -> u64 {
        self.files.iter().map(|(_, t)| t.len() as u64).sum()
    }

    fn lines(&self) -> usize {
        self.files.iter().map(|(_, t)| t.lines().count()).sum()
    }

    fn load(&self) -> ConfigSet {
        let mut mem = MemoryFiles::new();
        for (p, t) in &self.files {
            mem.insert(p.clone(), t.clone().into_bytes());
        }
        ConfigSet::load(&[self.files[0].0.clone()], &mem)
    }
}

fn cases() -> Vec<Case> {
    let mut out = vec![Case {
        name: "example".into(),
        files: vec![("nginx.conf".into(), confine_core::EXAMPLE.into())],
    }];
    if let Some(path) = common::largest_corpus_config() {
        if let Ok(text) = std::fs::read(&path) {
            out.push(Case {
                name: "largest-corpus".into(),
                files: vec![(
                    "nginx.conf".into(),
                    String::from_utf8_lossy(&text).into_owned(),
                )],
            });
        }
    }
    if let Some(text) = real_world::real_world(&common::corpus_dir()) {
        out.push(Case {
            name: REAL_WORLD.into(),
            files: vec![(
                "nginx.conf".into(),
                String::from_utf8_lossy(&text).into_owned(),
            )],
        });
    }
    for (lines, label) in [
        (1_000, "1k"),
        (10_000, "10k"),
        (100_000, "100k"),
        (1_000_000, "1m"),
    ] {
        out.push(Case {
            name: format!("lines/{label}"),
            files: generate::generate(lines, 1, 10),
        });
    }
    for files in [10, 100] {
        out.push(Case {
            name: format!("files/{files}x10k"),
            files: generate::generate(10_000, files, 10),
        });
    }
    for share in [0, 50, 100] {
        out.push(Case {
            name: format!("findings/{share}pct-10k"),
            files: generate::generate(10_000, 1, share),
        });
    }
    out
}

fn bench(c: &mut Criterion) {
    let options = Options::default();
    let redact_options = RedactOptions::default();
    for case in cases() {
        let set = case.load();
        let findings = confine_core::analyze(&set, &options).findings.len();
        eprintln!(
            "{}: {} files, {} lines, {} bytes, {findings} findings",
            case.name,
            case.files.len(),
            case.lines(),
            case.bytes()
        );
        let mut group = c.benchmark_group(case.name.clone());
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(3));
        group.throughput(Throughput::Bytes(case.bytes()));
        if case.name == REAL_WORLD {
            let text = case.files[0].1.as_bytes();
            group.bench_function("lex", |b| {
                b.iter(|| {
                    let mut lexer = Lexer::new(black_box(text));
                    let mut tokens = 0usize;
                    while lexer.next_token().is_some() {
                        tokens += 1;
                    }
                    black_box(tokens)
                })
            });
        }
        group.bench_function("parse", |b| b.iter(|| black_box(case.load())));
        group.bench_function("check", |b| {
            b.iter(|| {
                let model = Model::build(&set);
                let diagnostics = validate_model(&model, options.nginx_version);
                let findings = confine_core::rules::run(&model, &options);
                black_box((diagnostics.len(), findings.len()))
            })
        });
        group.bench_function("analyze", |b| {
            b.iter(|| black_box(confine_core::analyze(&set, &options)))
        });
        let inputs: Vec<Input<'_>> = case
            .files
            .iter()
            .map(|(p, t)| Input {
                path: p,
                text: t.as_bytes(),
            })
            .collect();
        group.bench_function("redact", |b| {
            b.iter(|| black_box(redact(&inputs, &redact_options)))
        });
        group.bench_function("pipeline", |b| {
            b.iter(|| {
                let set = case.load();
                let report = confine_core::analyze(&set, &options);
                black_box((report, redact(&inputs, &redact_options)))
            })
        });
        group.bench_function("parse-json", |b| {
            b.iter(|| {
                let set = case.load();
                let model = Model::build(&set);
                let diagnostics = validate_model(&model, options.nginx_version);
                let mut json = Vec::new();
                let written = render::crossplane::write_json(&set, &diagnostics, &mut json);
                black_box((written.is_ok(), json.len()))
            })
        });
        group.bench_function("check-text", |b| {
            b.iter(|| {
                let set = case.load();
                let report = confine_core::analyze(&set, &options);
                let mut text = render::text::diagnostics(&set, &report.diagnostics);
                text.push_str(&render::text::findings(&set, &report.findings));
                black_box(text.len())
            })
        });
        group.finish();
    }

    // The corpus: every config file on its own, the whole pass timed.
    if let Some(paths) = common::corpus_files() {
        let texts: Vec<(String, Vec<u8>)> = paths
            .iter()
            .filter_map(|p| Some((p.to_string_lossy().into_owned(), std::fs::read(p).ok()?)))
            .collect();
        let bytes: u64 = texts.iter().map(|(_, t)| t.len() as u64).sum();
        let mut group = c.benchmark_group("corpus");
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
        group.throughput(Throughput::Bytes(bytes));
        group.bench_with_input(
            BenchmarkId::new("pipeline", format!("{} files", texts.len())),
            &texts,
            |b, texts| {
                b.iter(|| {
                    for (path, text) in texts {
                        let set = ConfigSet::from_text(path, text);
                        let report = confine_core::analyze(&set, &options);
                        let r = redact(&[Input { path, text }], &redact_options);
                        black_box((report, r));
                    }
                })
            },
        );
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
