//! Benchmarks of the data core: natural breaks at 10 k, 100 k and 1 M values (plus quantiles
//! at 1 M for comparison), GeoJSON parsing of the largest real Berlin file and of generated
//! boundary files with 1 k, 10 k and 100 k districts, and a composite index (three components,
//! population threshold, classes) over 1 k, 10 k and 100 k keys × 20 years.
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

/// A table of `n` keys × 20 years with a population and three shares (pseudo-random).
fn index_table(n: usize) -> atlas_data::model::IndicatorTable {
    use atlas_data::model::table::Indicator;
    use atlas_data::model::{IndicatorTable, TableFormat};
    let ids = ["population", "a_pct", "b_pct", "c_pct"];
    let indicators = ids
        .iter()
        .map(|id| Indicator {
            id: (*id).to_owned(),
            meta: Default::default(),
        })
        .collect();
    let keys = (0..n).map(|k| format!("{k:06}")).collect();
    let years: Vec<i32> = (2005..2025).collect();
    let mut t = IndicatorTable::new(
        "bench".into(),
        TableFormat::Long,
        "key".into(),
        Some("year".into()),
        keys,
        years,
        indicators,
    );
    let v = values(4 * 20 * n);
    let values: Vec<f64> = v
        .iter()
        .enumerate()
        .map(|(i, x)| if i < 20 * n { x * 200.0 } else { *x })
        .collect();
    t.set_blocks(
        values.chunks(n).map(<[f64]>::to_vec).collect(),
        vec![true; 20 * n],
    );
    t
}

fn bench_index(c: &mut Criterion) {
    use atlas_analysis::index::{IndexSpec, compute_all};
    let spec = IndexSpec::parse(
        r#"{"id": "status", "components": [{"indicator": "a_pct"}, {"indicator": "b_pct"},
            {"indicator": "c_pct", "weight": -1}], "population": "population",
            "min_population": 300, "classes": [{"id": "high", "below": -1},
            {"id": "medium", "upto": 1}, {"id": "low", "upto": 1.5}, {"id": "very_low"}]}"#,
    )
    .unwrap();
    let mut g = c.benchmark_group("index_20_years");
    g.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let t = index_table(n);
        g.throughput(Throughput::Elements((20 * n) as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &t, |b, t| {
            b.iter(|| {
                compute_all(black_box(t), &spec)
                    .into_iter()
                    .map(|r| r.unwrap().n)
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

/// A data set of `side`² square districts sharing their edges (so that contiguity and shared
/// boundaries are real) with a group and a total over 20 years, written to `dir` and loaded.
fn grid_dataset(dir: &std::path::Path, side: usize) -> atlas_data::dataset::Dataset {
    use std::fmt::Write as _;
    let mut geo = String::from(r#"{"type":"FeatureCollection","features":["#);
    let mut csv = String::from("id,year,x,t\n");
    let v = values(side * side * 20);
    for k in 0..side * side {
        let (r, c) = ((k / side) as f64, (k % side) as f64);
        let (x0, y0, x1, y1) = (
            13.0 + 0.001 * c,
            52.0 + 0.001 * r,
            13.0 + 0.001 * (c + 1.0),
            52.0 + 0.001 * (r + 1.0),
        );
        let _ = write!(
            geo,
            r#"{}{{"type":"Feature","properties":{{"id":"{k:06}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}}}"#,
            if k > 0 { "," } else { "" }
        );
        for y in 0..20 {
            let t = 200 + (k * 7 + y * 13) % 3000;
            // values() lie in 10..201: a share of up to 60 %.
            let x = (t as f64 * v[y * side * side + k] / 201.0 * 0.6) as usize;
            let _ = writeln!(csv, "{k:06},{},{x},{t}", 2005 + y);
        }
    }
    geo.push_str("]}");
    std::fs::write(dir.join("grid.geojson"), geo).unwrap();
    std::fs::write(dir.join("grid.csv"), csv).unwrap();
    let paths = atlas_data::dataset::DatasetPaths {
        boundaries: dir.join("grid.geojson"),
        table: Some(dir.join("grid.csv")),
        meta: None,
    };
    atlas_data::dataset::load_dataset(&paths, &Default::default()).unwrap()
}

/// Segregation: every index (spatial ones too) for 20 years, the weights apart; the
/// random-label change test with 999 simulations.
fn bench_segregation(c: &mut Criterion) {
    use atlas_analysis::segregation::inference::change;
    use atlas_analysis::segregation::{Groups, Units, measure, measure_all};
    let groups = Groups::Single {
        group: "x".into(),
        total: "t".into(),
    };
    let mut g = c.benchmark_group("segregation");
    g.sample_size(10);
    for side in [32, 100, 317] {
        let dir = std::env::temp_dir().join(format!("atlas_seg_bench_{side}"));
        std::fs::create_dir_all(&dir).unwrap();
        let ds = grid_dataset(&dir, side);
        let t = ds.table().unwrap();
        let n = side * side;
        g.bench_function(BenchmarkId::new("units_and_weights", n), |b| {
            b.iter(|| Units::of(black_box(&ds)).keys.len())
        });
        let units = Units::of(&ds);
        g.throughput(Throughput::Elements((20 * n) as u64));
        let years: Vec<_> = t.years_enumerated().map(|(y, _)| y).collect();
        g.bench_function(BenchmarkId::new("all_indices_20_years", n), |b| {
            b.iter(|| {
                measure_all(t, &units, &groups, &years)
                    .into_iter()
                    .map(|m| m.unwrap().indices.len())
                    .sum::<usize>()
            })
        });
        if n <= 10_000 {
            let a = measure(t, &units, &groups, t.year_index(2005).unwrap()).unwrap();
            let b2 = measure(t, &units, &groups, t.year_index(2024).unwrap()).unwrap();
            g.bench_function(BenchmarkId::new("change_test_999", n), |b| {
                b.iter(|| change(&a.data.counts, &b2.data.counts, false, 999, 1).len())
            });
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_breaks,
    bench_geojson,
    bench_index,
    bench_segregation
);
criterion_main!(benches);
