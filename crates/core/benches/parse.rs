//! Parse throughput on a large, realistic config: the shared corpus's config
//! files (those that parse without an error) concatenated in `FILES.tsv`
//! order, repeated until the wanted size. Without the corpus, a synthetic
//! config of many upstream/server/location blocks stands in.
//!
//! `cargo bench -p confine-core --bench parse`
//!
//! - `parse/SIZE`: `syntax::parse` at 0.5, 2, 5 and 8 MiB: the MiB/s should
//!   not fall as the size grows (the parser is linear).
//! - `load+validate/5MiB`: `ConfigSet::from_text` (which parses) then
//!   `analysis::validate`: what `confine check` does for a pasted config.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Duration;

use confine_core::analysis::validate;
use confine_core::input::ConfigSet;
use confine_core::syntax::parse;
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;

/// The corpus files that parse cleanly, in index order, or `None` without a corpus.
fn corpus_pieces() -> Option<Vec<Vec<u8>>> {
    let files = common::corpus_files()?;
    let total = files.len();
    let pieces: Vec<Vec<u8>> = files
        .iter()
        .filter_map(|path| std::fs::read(path).ok())
        .filter(|bytes| parse(bytes).errors.is_empty())
        .collect();
    eprintln!(
        "corpus: {} of {total} config files parse without an error, {} bytes",
        pieces.len(),
        pieces.iter().map(Vec::len).sum::<usize>()
    );
    (!pieces.is_empty()).then_some(pieces)
}

/// A deterministic stand-in for the corpus: one `http` block's worth of
/// upstreams, servers and locations per piece, with the usual directives.
fn synthetic_pieces() -> Vec<Vec<u8>> {
    (0..200)
        .map(|i| {
            let mut s = format!(
                "# site {i}\nupstream app{i} {{\n    server 10.0.{a}.{b}:8080 max_fails=3 fail_timeout=10s;\n    \
                 server 10.0.{a}.{c}:8080 backup;\n    keepalive 32;\n}}\n\n\
                 server {{\n    listen 443 ssl http2;\n    server_name site{i}.example.com www.site{i}.example.com;\n    \
                 ssl_certificate /etc/ssl/site{i}.pem;\n    ssl_certificate_key /etc/ssl/site{i}.key;\n    \
                 access_log /var/log/nginx/site{i}.log main buffer=32k;\n",
                a = i % 250,
                b = i % 200 + 1,
                c = i % 200 + 2,
            );
            for j in 0..8 {
                s.push_str(&format!(
                    "\n    location ~* ^/api/v{j}/(?<rest>.*)$ {{\n        proxy_pass http://app{i}/$rest$is_args$args;\n        \
                     proxy_http_version 1.1;\n        proxy_set_header Connection \"\";\n        \
                     proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n        \
                     add_header X-Frame-Options 'SAMEORIGIN' always;\n        if ($request_method = OPTIONS) {{ return 204; }}\n    }}\n"
                ));
            }
            s.push_str("}\n");
            s.into_bytes()
        })
        .collect()
}

/// Whole pieces, cycled, each followed by a line break, until `size` bytes.
fn build(pieces: &[Vec<u8>], size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 64 * KIB);
    for piece in pieces.iter().cycle() {
        if out.len() >= size {
            break;
        }
        out.extend_from_slice(piece);
        out.push(b'\n');
    }
    out
}

fn label(size: usize) -> String {
    if size < MIB {
        format!("{}KiB", size / KIB)
    } else {
        format!("{}MiB", size / MIB)
    }
}

fn benches(c: &mut Criterion) {
    let pieces = corpus_pieces().unwrap_or_else(|| {
        eprintln!("no corpus: benchmarking a synthetic config");
        synthetic_pieces()
    });

    // Flat sampling: every iteration takes milliseconds, so criterion's
    // default linear ramp would overrun the measurement time.
    let mut group = c.benchmark_group("parse");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for size in [512 * KIB, 2 * MIB, 5 * MIB, 8 * MIB] {
        let text = build(&pieces, size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(label(size)),
            &text,
            |b, text| b.iter(|| parse(black_box(text))),
        );
    }
    group.finish();

    let mut group = c.benchmark_group("load+validate");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    let text = build(&pieces, 5 * MIB);
    let errors = {
        let set = ConfigSet::from_text("nginx.conf", &text);
        validate(&set).len()
    };
    eprintln!("load+validate: {errors} diagnostics on the 5MiB config");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_with_input(
        BenchmarkId::from_parameter(label(5 * MIB)),
        &text,
        |b, text| {
            b.iter(|| {
                let set = ConfigSet::from_text("nginx.conf", black_box(text));
                validate(&set)
            })
        },
    );
    group.finish();
}

criterion_group!(parse_benches, benches);
criterion_main!(parse_benches);
