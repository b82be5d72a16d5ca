//! Benchmarks of the explorer's hot paths at 1 k, 10 k and 100 k districts, against the
//! targets of the explorer issue:
//! - `load`: what the load job does (read GeoJSON + table, join, project, triangulate both
//!   levels of detail, label points, hit index) — target < 1 s at 100 k;
//! - `recolour`: a year change (per-district fills + the GPU colour table) — target < 2 ms;
//! - `map_frame`: the map's CPU work per frame (hover hit test, level of detail, shader
//!   transform, label placement), at the fitted view and zoomed in — target < 8 ms;
//! - `export_png_1920x1080`: a finished map to PNG for the demo city and 10 k districts;
//! - `export_pdf_1920x1080`: the same map as PDF (SVG through svg2pdf);
//! - `district_report`: the demo city's report, one page and all 32 pages.
//!
//!     cargo bench --bench explorer
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use atlas_analysis::classify::{BreakMode, Scheme};
use atlas_data::dataset::{DatasetOptions, DatasetPaths, load_dataset};
use atlas_scene::choropleth::color_table;
use atlas_scene::frame::plan_frame;
use atlas_scene::{Camera, Choropleth, ChoroplethSpec, MapGeometry, Viewport};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const YEARS: usize = 6;

fn write_files(dir: &std::path::Path, n: usize) -> DatasetPaths {
    let b = dir.join(format!("d{n}.geojson"));
    let t = dir.join(format!("t{n}.csv"));
    std::fs::write(&b, common::geojson(n)).expect("write boundaries");
    std::fs::write(&t, common::table_csv(n, YEARS)).expect("write table");
    DatasetPaths {
        boundaries: b,
        table: Some(t),
        meta: None,
    }
}

fn load(paths: &DatasetPaths) -> (atlas_data::dataset::Dataset, MapGeometry) {
    let ds = load_dataset(paths, &DatasetOptions::default()).expect("synthetic data loads");
    let g = MapGeometry::build(&ds.districts).expect("districts");
    // Both levels, as the window has them once its worker is done.
    g.full();
    (ds, g)
}

fn bench_explorer(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let vp = Viewport {
        x: 270.0,
        y: 30.0,
        w: 900.0,
        h: 760.0,
    };
    for n in SIZES {
        let paths = write_files(dir.path(), n);
        let mut g = c.benchmark_group("load");
        g.sample_size(10);
        g.bench_with_input(BenchmarkId::from_parameter(n), &paths, |b, p| {
            b.iter(|| load(black_box(p)))
        });
        g.finish();

        let (ds, geom) = load(&paths);
        let ind = ds
            .table()
            .and_then(|t| t.indicator_index("foreign_pct"))
            .expect("indicator");
        let spec = ChoroplethSpec {
            indicator: ind,
            scheme: Scheme::Quantiles { k: 5 },
            mode: BreakMode::Pooled,
            ramp: "YlGnBu".into(),
            reverse: false,
            min_denominator: atlas_scene::choropleth::DEFAULT_MIN_DENOMINATOR,
        };
        let ch = Choropleth::build(&ds, &spec).expect("classifies");
        let mut fills = Vec::new();
        let mut table = Vec::new();
        let mut year = 0;
        c.bench_with_input(BenchmarkId::new("recolour", n), &ch, |b, ch| {
            b.iter(|| {
                year = (year + 1) % YEARS;
                ch.fills_into(atlas_data::model::YearIdx(year), &mut fills);
                color_table(&fills, &mut table);
                black_box(table.len())
            })
        });

        let districts = &ds.districts.districts;
        let fitted = Camera::fit(geom.bounds, vp, 28.0);
        let mut zoomed = fitted;
        zoomed.scale *= 20.0;
        let pointer = Some(vp.center());
        for (name, cam) in [("fitted", fitted), ("zoomed_x20", zoomed)] {
            c.bench_with_input(
                BenchmarkId::new(format!("map_frame_{name}"), n),
                &cam,
                |b, cam| {
                    b.iter(|| {
                        plan_frame(
                            &geom,
                            districts,
                            black_box(cam),
                            vp,
                            pointer,
                            Some(12.0),
                            None,
                        )
                    })
                },
            );
        }
    }
}

/// PNG export at 1920×1080 (scene layout from the view + CPU raster + PNG encoding): the demo
/// city and a synthetic 10 k-district file.
fn bench_export(c: &mut Criterion) {
    use atlas_analysis::rules::{default_rules, evaluate_all};
    use atlas_data::dataset::demo_paths;
    use atlas_render::report::{ReportSpec, district_report};
    use atlas_render::{MapFormat, png, render};
    use atlas_session::headless::{HeadlessView, MapDescription};
    let mut pdf = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut g = c.benchmark_group("export_png_1920x1080");
    g.sample_size(10);
    for (name, paths) in [
        ("demo_city", demo_paths(root)),
        ("synthetic_10000", write_files(dir.path(), 10_000)),
    ] {
        let (ds, _) = load(&paths);
        let year = *ds.table().expect("table").years.last().expect("years");
        let view = HeadlessView::new(
            ds.clone(),
            &MapDescription::indicator("foreign_pct", year, atlas_i18n::Lang::En),
        )
        .expect("the foreign share");
        g.bench_function(name, |b| {
            b.iter(|| {
                let scene = view.scene(1920, 1080).expect("scene");
                black_box(png::to_png(&scene).expect("png").len())
            })
        });
        let scene = view.scene(1920, 1080).expect("scene");
        pdf.push((name, scene));
    }
    g.finish();
    let mut g = c.benchmark_group("export_pdf_1920x1080");
    g.sample_size(10);
    for (name, scene) in &pdf {
        g.bench_function(*name, |b| {
            b.iter(|| {
                let bytes = render(scene, MapFormat::Pdf, 96.0).expect("pdf");
                black_box(bytes.len())
            })
        });
    }
    g.finish();

    let (ds, geom) = load(&demo_paths(root));
    let rules = default_rules(ds.table(), atlas_i18n::Lang::En);
    let results = evaluate_all(&ds, &rules.rules);
    let spec = ReportSpec {
        location_quotient: None,
        indices: &[],
        year: ds.table().expect("table").last_year().expect("years"),
        rules: &rules.rules,
        results: &results,
        lang: atlas_i18n::Lang::En,
        date: String::new(),
        spatial: None,
    };
    let mut g = c.benchmark_group("district_report");
    g.sample_size(10);
    for (name, n) in [("demo_1_page", 1), ("demo_32_pages", 32)] {
        let districts: Vec<usize> = (0..n).collect();
        g.bench_function(name, |b| {
            b.iter(|| {
                let pdf = district_report(&ds, &geom, &districts, &spec).expect("report");
                black_box(pdf.len())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_explorer, bench_export);
criterion_main!(benches);
