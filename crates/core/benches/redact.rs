//! Redaction throughput: it runs on every keystroke in the page, so it must
//! be linear and fast (target: at least 50 MB/s natively on a large config).
//!
//! `cargo bench -p confine-core --bench redact`
//!
//! - `redact/example`: the built-in example.
//! - `redact/SIZE`: the shared corpus's config files concatenated and repeated
//!   to 1 and 4 MiB, as one nginx file (parse + context detection + text
//!   detectors + spread + placeholders + splice); MiB/s should not fall with size.
//!   Measured (2 cores): 46.5-47.9 MiB/s at 1 MiB, 48-50 MiB/s (50-52 MB/s) at 4 MiB.
//! - `restore/4MiB`: putting the originals back into the redacted text.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use confine_core::redact::{redact, restore_bytes, Input, RedactOptions};
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};

const MIB: usize = 1024 * 1024;

/// The corpus configs, concatenated and repeated to `size` bytes; a synthetic
/// config when the corpus is absent.
fn text_of(size: usize) -> Vec<u8> {
    let pieces: Vec<Vec<u8>> = match common::corpus_files() {
        Some(files) => files.iter().filter_map(|p| std::fs::read(p).ok()).collect(),
        None => (0..100)
            .map(|i| {
                format!(
                    "upstream a{i} {{ server 10.1.{i}.5:8080; }}\nserver {{ server_name s{i}.corp.acme.io; \
                     proxy_set_header Authorization \"Bearer fake{i}token0000\"; }}\n"
                )
                .into_bytes()
            })
            .collect(),
    };
    let mut out = Vec::with_capacity(size + MIB);
    while out.len() < size {
        for p in &pieces {
            out.extend_from_slice(p);
            out.push(b'\n');
        }
    }
    out.truncate(size);
    out
}

fn bench(c: &mut Criterion) {
    let options = RedactOptions::default();
    let mut group = c.benchmark_group("redact");
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(5));
    group.sample_size(10);
    let example = confine_core::EXAMPLE.as_bytes();
    group.throughput(Throughput::Bytes(example.len() as u64));
    group.bench_function("example", |b| {
        b.iter(|| {
            redact(
                &[Input {
                    path: "nginx.conf",
                    text: black_box(example),
                }],
                &options,
            )
        })
    });
    for size in [MIB, 4 * MIB] {
        let text = text_of(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{}MiB", size / MIB)),
            &text,
            |b, text| {
                b.iter(|| {
                    redact(
                        &[Input {
                            path: "nginx.conf",
                            text: black_box(text),
                        }],
                        &options,
                    )
                })
            },
        );
    }
    group.finish();

    let text = text_of(4 * MIB);
    let r = redact(
        &[Input {
            path: "nginx.conf",
            text: &text,
        }],
        &options,
    );
    let mut group = c.benchmark_group("restore");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.throughput(Throughput::Bytes(r.files[0].text.len() as u64));
    group.bench_function("4MiB", |b| {
        b.iter(|| restore_bytes(black_box(&r.files[0].text), &r.mapping))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
