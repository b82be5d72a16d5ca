//! Indicators and geographies through time on the real Berlin files in
//! ../shared/data/berlin-lor/: derived indicators against the published shares, aggregation of
//! the planning areas to the Bezirke against the Bezirke table, the crosswalk from the pre-2021
//! to the 2021 forecast areas, and the grid-mismatch warning.

use arrival_atlas::dataset::{Dataset, DatasetOptions, DatasetPaths, load_dataset};
use arrival_atlas::model::DerivedIndicator;
use std::path::{Path, PathBuf};

fn berlin(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/berlin-lor")
        .join(name)
}

fn load_with(boundaries: &str, table: &str, opts: &DatasetOptions) -> Dataset {
    let paths = DatasetPaths {
        boundaries: berlin(boundaries),
        table: Some(berlin(table)),
        meta: None,
    };
    load_dataset(&paths, opts).unwrap_or_else(|e| panic!("{e}"))
}

fn load(boundaries: &str, table: &str) -> Dataset {
    load_with(boundaries, table, &DatasetOptions::default())
}

#[test]
fn a_derived_foreign_share_equals_the_published_one_to_its_rounding() {
    let opts = DatasetOptions {
        derived: vec![DerivedIndicator {
            id: "fp".into(),
            formula: "inhabitants_foreigners ÷ inhabitants × 100".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let ds = load_with(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
        &opts,
    );
    let t = ds.table().unwrap();
    let (fp, published) = (
        t.indicator_index("fp").unwrap(),
        t.indicator_index("foreigners_pct").unwrap(),
    );
    assert_eq!(
        t.indicators[fp].meta.denominator.as_deref(),
        Some("inhabitants")
    );
    let mut compared = 0;
    for y in 0..t.years.len() {
        for k in 0..t.keys.len() {
            if let (Some(a), Some(b)) = (t.value(fp, y, k), t.value(published, y, k)) {
                // Published with two decimals: within half a unit of the last place.
                assert!(
                    (a - b).abs() <= 0.005 + 1e-9,
                    "{} {}: {a} vs {b}",
                    t.keys[k],
                    t.years[y]
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 2600, "{compared}");
}

/// A data set from GeoJSON and CSV text, through temporary files.
fn from_text(geojson: &str, csv: &str) -> (tempfile::TempDir, Dataset) {
    let dir = tempfile::tempdir().unwrap();
    let (b, t) = (dir.path().join("b.geojson"), dir.path().join("t.csv"));
    std::fs::write(&b, geojson).unwrap();
    std::fs::write(&t, csv).unwrap();
    let paths = DatasetPaths {
        boundaries: b,
        table: Some(t),
        meta: None,
    };
    let ds = load_dataset(&paths, &DatasetOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    (dir, ds)
}

/// A rectangle feature with key `id`.
fn rect(id: &str, x: f64, y: f64, x1: f64, y1: f64) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{"id":"{id}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},{y}],[{x1},{y}],[{x1},{y1}],[{x},{y1}],[{x},{y}]]]}}}}"#
    )
}

/// A 0.01° square at (x, y) with key `id`.
fn square(id: &str, x: f64, y: f64) -> String {
    rect(id, x, y, x + 0.01, y + 0.01)
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

#[test]
fn aggregation_sums_counts_and_recomputes_shares_as_ratio_of_sums() {
    use arrival_atlas::geog::aggregate::{GroupBy, aggregate};
    let geo = collection(&[
        square("0101", 13.0, 52.0),
        square("0102", 13.01, 52.0),
        square("0201", 13.0, 52.01),
    ]);
    // 0202 has no district: aggregated too. 0102 has a row in 2021 without a foreigner count:
    // unit 01 is missing that year, not the sum of 0101 alone.
    let csv = "id,year,inhabitants,foreigners,foreigners_pct,index\n\
        0101,2020,100,10,10,1.5\n0102,2020,300,90,30,2\n0201,2020,50,5,10,3\n0202,2020,50,25,50,4\n\
        0101,2021,100,20,20,1\n0102,2021,300,,,2\n0201,2021,60,6,10,3\n";
    let (_dir, ds) = from_text(&geo, csv);
    let agg = aggregate(&ds, &GroupBy::Prefix(2)).unwrap();
    let t = &agg.table;
    assert_eq!(t.keys, vec!["01", "02"]);
    let v = |id: &str, y: usize, k: usize| t.value(t.indicator_index(id).unwrap(), y, k);
    assert_eq!(v("inhabitants", 0, 0), Some(400.0));
    assert_eq!(v("foreigners", 0, 1), Some(30.0));
    // (10·100 + 30·300) / 400 = 25, not the mean of 10 and 30.
    assert_eq!(v("foreigners_pct", 0, 0), Some(25.0));
    assert_eq!(v("foreigners_pct", 0, 1), Some(30.0));
    assert_eq!(v("foreigners", 1, 0), None);
    assert_eq!(v("inhabitants", 1, 0), Some(400.0));
    assert_eq!(v("inhabitants", 1, 1), Some(60.0));
    assert!(t.indicator_index("index").is_none());
    let r = &agg.report;
    assert_eq!(r.keys_without_district, 1);
    assert_eq!(r.units, 2);
    assert!(r.left_out.iter().any(|(i, _)| i == "index"));
    assert_eq!(
        r.incomplete_values, 2,
        "foreigners and the share of 01 in 2021"
    );
    // Geometry: 0101 and 0102 dissolved into one rectangle.
    let g = &agg.districts.districts[0].geometry;
    assert_eq!(g.0.len(), 1);
    let area = geo::Area::unsigned_area(g);
    assert!((area - 0.0002).abs() < 1e-12, "{area}");
}

#[test]
fn aggregation_by_field_and_within_a_parent_file() {
    use arrival_atlas::geog::aggregate::{GroupBy, aggregate};
    let geo = collection(&[
        square("a", 13.0, 52.0),
        square("b", 13.01, 52.0),
        square("c", 13.02, 52.0),
    ]);
    let csv = "id,year,parent,inhabitants\na,2020,X,1\nb,2020,X,2\nc,2020,Y,4\nd,2020,Y,8\n";
    let (_dir, ds) = from_text(&geo, csv);
    let agg = aggregate(&ds, &GroupBy::Field("parent".into())).unwrap();
    assert_eq!(agg.table.keys, vec!["X", "Y"]);
    assert_eq!(agg.table.value(0, 0, 1), Some(12.0), "d has no district");
    let e = aggregate(&ds, &GroupBy::Field("nope".into())).unwrap_err();
    assert!(
        e.contains("no boundary property or table column 'nope'"),
        "{e}"
    );
    // Two parents: one over a and b, one over c.
    let parents = arrival_atlas::load::parse_boundaries(
        collection(&[
            rect("P", 12.99, 51.99, 13.0199, 52.02),
            rect("Q", 13.0199, 51.99, 13.05, 52.02),
        ])
        .as_bytes(),
        "parents.geojson",
        &Default::default(),
    )
    .unwrap();
    let agg = aggregate(&ds, &GroupBy::Within(Box::new(parents))).unwrap();
    assert_eq!(agg.table.keys, vec!["P", "Q"]);
    assert_eq!(agg.table.value(0, 0, 0), Some(3.0));
    assert_eq!(agg.table.value(0, 0, 1), Some(4.0));
    assert_eq!(agg.report.unplaced, vec!["d"], "no district, no place");
}

/// (key, year) → (inhabitants, foreigners, foreigners_pct) of a Berlin table.
fn published(table: &str) -> std::collections::BTreeMap<(String, i32), [f64; 3]> {
    let ds = load("berlin_bezirke.geojson", table);
    let t = ds.table().unwrap();
    let ids = ["inhabitants", "inhabitants_foreigners", "foreigners_pct"]
        .map(|id| t.indicator_index(id).unwrap());
    let mut out = std::collections::BTreeMap::new();
    for (k, key) in t.keys.iter().enumerate() {
        for (y, &year) in t.years.iter().enumerate() {
            if let [Some(a), Some(b), Some(c)] = ids.map(|i| t.value(i, y, k)) {
                out.insert((key.clone(), year), [a, b, c]);
            }
        }
    }
    out
}

fn check_against_bezirke(boundaries: &str, table: &str, years: std::ops::RangeInclusive<i32>) {
    use arrival_atlas::geog::aggregate::{GroupBy, aggregate};
    let bezirke = published("berlin_einwohner_bezirke.csv");
    let ds = load(boundaries, table);
    let agg = aggregate(&ds, &GroupBy::Prefix(2)).unwrap();
    let t = &agg.table;
    assert_eq!(t.keys.len(), 12);
    // The share is aggregated from the foreigner counts, found because they give every
    // published share to its rounding.
    assert_eq!(
        agg.report.numerators,
        vec![(
            "foreigners_pct".to_owned(),
            "inhabitants_foreigners".to_owned(),
            100.0
        )]
    );
    let ids = ["inhabitants", "inhabitants_foreigners", "foreigners_pct"]
        .map(|id| t.indicator_index(id).unwrap());
    let mut checked = 0;
    for (k, key) in t.keys.iter().enumerate() {
        for year in years.clone() {
            let y = t.year_index(year).unwrap();
            let want = bezirke[&(key.clone(), year)];
            let got = ids.map(|i| t.value(i, y, k).unwrap());
            assert_eq!(got[0], want[0], "inhabitants {key} {year}");
            assert_eq!(got[1], want[1], "foreigners {key} {year}");
            // The planning areas' shares are rounded to 2 decimals: their ratio of sums lies
            // within that rounding of the Bezirk's published share.
            assert!(
                (got[2] - want[2]).abs() <= 0.005,
                "share {key} {year}: {} vs {}",
                got[2],
                want[2]
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 12 * years.count());
}

#[test]
fn planning_areas_by_prefix_2_reproduce_the_bezirke_table() {
    check_against_bezirke(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
        2015..=2020,
    );
}

#[test]
fn forecast_areas_2021_by_prefix_2_reproduce_the_bezirke_table() {
    check_against_bezirke(
        "berlin_prognoseraeume_ab2021.geojson",
        "berlin_einwohner_prognoseraeume_ab2021.csv",
        2021..=2024,
    );
}
