//! Benchmarks of the data core: natural breaks at 10 k, 100 k and 1 M values (plus quantiles
//! at 1 M for comparison), GeoJSON parsing of the largest real Berlin file and of generated
//! boundary files with 1 k, 10 k and 100 k districts.
//!
//!     cargo bench --bench core
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use atlas_analysis::classify::{Scheme, classify, natural_breaks};
use atlas_data::load::{BoundaryOptions, parse_boundaries};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

/// Skewed pseudo-random values (like shares and densities), deterministic.
fn values(n: usize) -> Vec<f64> {
    let mut s = 0x2545_f491_4f6c_dd1du64;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let u = (s >> 11) as f64 / (1u64 << 53) as f64;
            (3.0 * u).exp() * 10.0
        })
        .collect()
}

fn bench_breaks(c: &mut Criterion) {
    let mut g = c.benchmark_group("natural_breaks_k5");
    g.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let mut v = values(n);
        v.sort_by(f64::total_cmp);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &v, |b, v| {
            b.iter(|| natural_breaks(black_box(v), 5))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("classify_unsorted_1M");
    g.sample_size(10);
    let v: Vec<Option<f64>> = values(1_000_000).into_iter().map(Some).collect();
    g.bench_function("jenks_k5", |b| {
        b.iter(|| {
            classify(
                black_box(v.iter().copied()),
                &Scheme::NaturalBreaks { k: 5 },
            )
        })
    });
    g.bench_function("quantiles_k5", |b| {
        b.iter(|| classify(black_box(v.iter().copied()), &Scheme::Quantiles { k: 5 }))
    });
    g.finish();
}

fn bench_geojson(c: &mut Criterion) {
    let mut g = c.benchmark_group("geojson_parse");
    g.sample_size(10);
    let berlin = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/berlin-lor/berlin_planungsraeume_bis2020.geojson");
    if let Ok(bytes) = std::fs::read(&berlin) {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("berlin_planungsraeume_448", |b| {
            b.iter(|| parse_boundaries(black_box(&bytes), "p.geojson", &BoundaryOptions::default()))
        });
    }
    for n in [1_000, 10_000, 100_000] {
        let text = common::geojson(n);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("synthetic_districts", n), &text, |b, t| {
            b.iter(|| {
                parse_boundaries(
                    black_box(t.as_bytes()),
                    "s.geojson",
                    &BoundaryOptions::default(),
                )
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_breaks, bench_geojson);
criterion_main!(benches);
