//! The real Berlin files in data/berlin-lor/ load with the counts and quirks their
//! README states (duplicate key, a table key without a district, an area missing in early
//! years, year-in-column raw tables, projected raw GeoJSON reprojected onto the WGS84 files).
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::berlin;
use atlas_analysis::classify::{Scheme, classify};
use atlas_analysis::reference::{ReferenceMethod, city_reference};
use atlas_data::dataset::{Dataset, DatasetOptions, DatasetPaths, load_dataset};
use atlas_data::load::{BoundaryOptions, ErrorKind, TableOptions, load_boundaries, load_table};
use atlas_data::model::TableFormat;
use atlas_data::model::YearIdx;

fn load(boundaries: &str, table: &str) -> Dataset {
    let paths = DatasetPaths {
        boundaries: berlin(boundaries),
        table: Some(berlin(table)),
        meta: None,
    };
    load_dataset(&paths, &DatasetOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn bezirke_join_completely() {
    let ds = load("berlin_bezirke.geojson", "berlin_einwohner_bezirke.csv");
    assert_eq!(ds.districts.feature_count, 12);
    assert_eq!(ds.districts.key_field, "id");
    assert_eq!(ds.districts.crs, atlas_data::load::crs::Crs::Wgs84);
    let j = &ds.join.as_ref().unwrap().report;
    assert_eq!(j.matched, 12);
    assert!(j.unmatched_table_keys.is_empty());
    assert!(j.districts_without_data.is_empty());
    let t = ds.table().unwrap();
    assert_eq!(t.rows, 120);
    assert_eq!(t.years, (2015..=2024).collect::<Vec<_>>());
    assert!(
        t.keys
            .iter()
            .all(|k| k.len() == 2 && k.starts_with(['0', '1'])),
        "keys stay zero-padded text"
    );
    // Sanity values from the data README.
    let inh = t.indicator_index("inhabitants").unwrap();
    let total = |y: usize| -> f64 {
        (0..t.keys.len())
            .filter_map(|k| t.value(inh, YearIdx(y), k))
            .sum()
    };
    assert_eq!(total(0), 3_610_156.0);
    assert_eq!(total(9), 3_897_145.0);
    let fp = t.indicator_index("foreigners_pct").unwrap();
    let c = classify(
        (0..t.keys.len()).map(|k| t.value(fp, YearIdx(0), k)),
        &Scheme::Quantiles { k: 4 },
    )
    .unwrap();
    assert_eq!((c.min, c.max), (Some(6.32), Some(31.17)));
    // Without metadata the share's denominator is guessed as the population, so its reference
    // is the ratio of sums: Σ foreigners / Σ inhabitants.
    let r = city_reference(t, fp, YearIdx(0), &ds.joined_keys());
    let foreigners = t.indicator_index("inhabitants_foreigners").unwrap();
    let f: f64 = (0..12)
        .filter_map(|k| t.value(foreigners, YearIdx(0), k))
        .sum();
    assert!(
        r.method
            == ReferenceMethod::RatioOfSums {
                denominator: "inhabitants".into()
            },
        "{r:?}"
    );
    assert!(
        (r.value.unwrap() - 100.0 * f / 3_610_156.0).abs() < 0.01,
        "{r:?}"
    );
}

#[test]
fn planungsraeume_old_grid_quirks() {
    let ds = load(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    let d = &ds.districts;
    assert_eq!(d.feature_count, 448);
    assert_eq!(d.districts.len(), 448);
    let mut keys: Vec<&str> = d.districts.iter().map(|d| d.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 447);
    assert_eq!(d.duplicate_keys(), ["06010102"]);
    let j = &ds.join.as_ref().unwrap().report;
    assert_eq!(j.matched, 448);
    assert_eq!(j.unmatched_table_keys.len(), 1);
    assert_eq!(j.unmatched_table_keys[0].key, "04030417");
    assert_eq!(
        j.unmatched_table_keys[0].lines.len(),
        6,
        "one row per year 2015–2020"
    );
    assert_eq!(j.duplicate_district_keys, ["06010102"]);
    let years_without: Vec<i32> = j
        .districts_without_rows
        .iter()
        .filter(|m| m.keys == ["09041403"])
        .map(|m| m.year)
        .collect();
    assert_eq!(years_without, [2015, 2016, 2017, 2018]);
    assert_eq!(ds.table().unwrap().rows, 2684);
}

#[test]
fn other_grids_join() {
    for (geo, table, n, years) in [
        (
            "berlin_prognoseraeume_bis2020.geojson",
            "berlin_einwohner_prognoseraeume_bis2020.csv",
            60,
            6,
        ),
        (
            "berlin_bezirksregionen_bis2020.geojson",
            "berlin_einwohner_bezirksregionen_bis2020.csv",
            138,
            6,
        ),
        (
            "berlin_prognoseraeume_ab2021.geojson",
            "berlin_einwohner_prognoseraeume_ab2021.csv",
            58,
            4,
        ),
    ] {
        let ds = load(geo, table);
        let j = &ds.join.as_ref().unwrap().report;
        assert_eq!((ds.districts.feature_count, j.matched), (n, n), "{geo}");
        assert!(j.unmatched_table_keys.is_empty(), "{geo}");
        assert_eq!(ds.table().unwrap().years.len(), years, "{table}");
    }
}

#[test]
fn gssa_tables() {
    for (file, keys, empty) in [
        ("raw/gssa_2022_prognoseraeume.csv", 60, 10),
        ("raw/gssa_2022_planungsraeume.csv", 448, 235),
    ] {
        let (t, _) = load_table(&berlin(file), &TableOptions::default()).unwrap();
        assert_eq!(t.format, TableFormat::YearInColumn, "{file}");
        assert_eq!(t.years, [2013, 2022], "{file}");
        assert_eq!(t.keys.len(), keys, "{file}");
        assert!(
            t.keys[0].starts_with('0'),
            "{file}: keys keep their leading zero"
        );
        let ids: Vec<&str> = t.indicators.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["GESIx", "ESIx", "DI", "DII", "DIII"], "{file}");
        let missing = (0..t.indicators.len())
            .flat_map(|i| (0..2).flat_map(move |y| (0..keys).map(move |k| (i, YearIdx(y), k))))
            .filter(|&(i, y, k)| t.value(i, y, k).is_none())
            .count();
        assert_eq!(missing, empty, "{file}: suppressed values");
    }
    // The raw planning-area table joins to the old grid (448 districts, the duplicate key too).
    let ds = load(
        "berlin_planungsraeume_bis2020.geojson",
        "raw/gssa_2022_planungsraeume.csv",
    );
    assert_eq!(ds.join.as_ref().unwrap().report.matched, 448);
    // The tidy version of the same atlas is wide by year.
    let (t, _) = load_table(
        &berlin("berlin_gssa_prognoseraeume_bis2020.csv"),
        &TableOptions::default(),
    )
    .unwrap();
    assert_eq!((t.format, t.rows), (TableFormat::WideByYear, 120));
}

#[test]
fn projected_raw_geojson_is_reprojected_onto_the_wgs84_files() {
    use atlas_data::load::crs::{Crs, CrsSource};
    for (raw, tidy, key, features) in [
        (
            "raw/lor_prognoseraeume_bis2020_EPSG25833.geojson",
            "berlin_prognoseraeume_bis2020.geojson",
            "broker Dow",
            60,
        ),
        (
            "raw/lor_prognoseraeume_ab2021_EPSG25833.geojson",
            "berlin_prognoseraeume_ab2021.geojson",
            "PGR_ID",
            58,
        ),
    ] {
        let r = load_boundaries(&berlin(raw), &BoundaryOptions::default())
            .unwrap_or_else(|e| panic!("{raw}: {e}"));
        assert_eq!((r.crs, r.crs_source), (Crs::Utm33, CrsSource::Declared));
        assert_eq!(r.districts.len(), features, "{raw}");
        assert_eq!(r.key_field, key, "{raw}");
        let t = load_boundaries(&berlin(tidy), &BoundaryOptions::default()).unwrap();
        let (a, b) = (r.bbox().unwrap(), t.bbox().unwrap());
        for (x, y) in [
            (a.min().x, b.min().x),
            (a.min().y, b.min().y),
            (a.max().x, b.max().x),
            (a.max().y, b.max().y),
        ] {
            assert!((x - y).abs() < 1e-4, "{raw}: {a:?} vs {b:?}");
        }
        // Same areas under the same keys: a point inside each raw area lies in the tidy one.
        use geo::{Contains, InteriorPoint};
        for d in &r.districts {
            let c = d.geometry.interior_point().unwrap();
            let same = t.districts.iter().find(|x| x.key == d.key).unwrap();
            assert!(same.geometry.contains(&c), "{raw}: {}", d.key);
        }
    }
    // Choosing the wrong system is caught, not drawn in the ocean.
    let wrong = BoundaryOptions {
        crs: Some(Crs::Gk4),
        ..BoundaryOptions::default()
    };
    let e = load_boundaries(
        &berlin("raw/lor_prognoseraeume_ab2021_EPSG25833.geojson"),
        &wrong,
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Crs);
    assert!(e.to_string().contains("cannot be in EPSG:31468"), "{e}");
}
