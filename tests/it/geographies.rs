//! Indicators and geographies through time on the real Berlin files in
//! data/berlin-lor/: derived indicators against the published shares, aggregation of
//! the planning areas to the Bezirke against the Bezirke table, the crosswalk from the pre-2021
//! to the 2021 forecast areas, and the grid-mismatch warning.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::berlin;
use atlas_data::dataset::{Dataset, DatasetOptions, DatasetPaths, load_dataset};
use atlas_data::model::DerivedIndicator;
use atlas_data::model::YearIdx;

fn load_with(boundaries: &str, table: &str, opts: &DatasetOptions) -> Dataset {
    let paths = DatasetPaths {
        boundaries: berlin(boundaries),
        table: Some(berlin(table)),
        meta: None,
    };
    load_dataset(&paths, opts).unwrap_or_else(|e| panic!("{e}"))
}

pub(crate) fn load(boundaries: &str, table: &str) -> Dataset {
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
    for y in t.year_indices() {
        for k in 0..t.keys.len() {
            if let (Some(a), Some(b)) = (t.value(fp, y, k), t.value(published, y, k)) {
                // Published with two decimals: within half a unit of the last place.
                assert!(
                    (a - b).abs() <= 0.005 + 1e-9,
                    "{} {}: {a} vs {b}",
                    t.keys[k],
                    t.years[y.get()]
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
pub(crate) fn rect(id: &str, x: f64, y: f64, x1: f64, y1: f64) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{"id":"{id}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},{y}],[{x1},{y}],[{x1},{y1}],[{x},{y1}],[{x},{y}]]]}}}}"#
    )
}

/// A 0.01° square at (x, y) with key `id`.
fn square(id: &str, x: f64, y: f64) -> String {
    rect(id, x, y, x + 0.01, y + 0.01)
}

pub(crate) fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

#[test]
fn aggregation_sums_counts_and_recomputes_shares_as_ratio_of_sums() {
    use atlas_analysis::geog::aggregate::{GroupBy, aggregate};
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
    let v = |id: &str, y: usize, k: usize| t.value(t.indicator_index(id).unwrap(), YearIdx(y), k);
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
    assert!(r.values.left_out.iter().any(|(i, _)| i == "index"));
    assert_eq!(
        r.values.incomplete_values, 2,
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
    use atlas_analysis::geog::aggregate::{GroupBy, aggregate};
    let geo = collection(&[
        square("a", 13.0, 52.0),
        square("b", 13.01, 52.0),
        square("c", 13.02, 52.0),
    ]);
    let csv = "id,year,parent,inhabitants\na,2020,X,1\nb,2020,X,2\nc,2020,Y,4\nd,2020,Y,8\n";
    let (_dir, ds) = from_text(&geo, csv);
    let agg = aggregate(&ds, &GroupBy::Field("parent".into())).unwrap();
    assert_eq!(agg.table.keys, vec!["X", "Y"]);
    assert_eq!(
        agg.table.value(0, YearIdx(0), 1),
        Some(12.0),
        "d has no district"
    );
    let e = aggregate(&ds, &GroupBy::Field("nope".into()))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no boundary property or table column 'nope'"),
        "{e}"
    );
    // Two parents: one over a and b, one over c.
    let parents = atlas_data::load::parse_boundaries(
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
    assert_eq!(agg.table.value(0, YearIdx(0), 0), Some(3.0));
    assert_eq!(agg.table.value(0, YearIdx(0), 1), Some(4.0));
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
        for (y, year) in t.years_enumerated() {
            if let [Some(a), Some(b), Some(c)] = ids.map(|i| t.value(i, y, k)) {
                out.insert((key.clone(), year), [a, b, c]);
            }
        }
    }
    out
}

fn check_against_bezirke(boundaries: &str, table: &str, years: std::ops::RangeInclusive<i32>) {
    use atlas_analysis::geog::aggregate::{GroupBy, aggregate};
    let bezirke = published("berlin_einwohner_bezirke.csv");
    let ds = load(boundaries, table);
    let agg = aggregate(&ds, &GroupBy::Prefix(2)).unwrap();
    let t = &agg.table;
    assert_eq!(t.keys.len(), 12);
    // The share is aggregated from the foreigner counts, found because they give every
    // published share to its rounding.
    assert_eq!(
        agg.report.values.numerators,
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

/// Aggregated units are named (issue 22), not left as "01" … "12": from a boundary file of
/// the units (Berlin's Bezirke for the first two digits of a Planungsraum, through the
/// command line), from a CSV of key and name (units it lacks keep their key and are listed),
/// and from a field of the parts naming their parent.
#[test]
fn aggregated_units_are_named() {
    use atlas_analysis::geog::aggregate::{GroupBy, aggregate_named};
    use atlas_analysis::geog::names::NamesSource;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bezirke.geojson");
    let (b, t, names) = (
        berlin("berlin_planungsraeume_bis2020.geojson"),
        berlin("berlin_einwohner_planungsraeume_bis2020.csv"),
        berlin("berlin_bezirke.geojson"),
    );
    support::run_ok(&[
        "aggregate",
        "--boundaries",
        b.to_str().unwrap(),
        "--table",
        t.to_str().unwrap(),
        "--by",
        "prefix:2",
        "--names",
        names.to_str().unwrap(),
        "--out-boundaries",
        out.to_str().unwrap(),
        "--out-table",
        dir.path().join("bezirke.csv").to_str().unwrap(),
    ]);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let named: std::collections::BTreeMap<String, String> = written["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["key"].as_str().unwrap().to_owned(),
                p["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(named.len(), 12);
    assert_eq!(named["01"], "Mitte");
    assert_eq!(named["12"], "Reinickendorf");
    assert!(named.iter().all(|(k, n)| k != n), "{named:?}");
    // A CSV that names two of them: the rest keep their keys and are said.
    let ds = load(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    let csv = dir.path().join("names.csv");
    std::fs::write(
        &csv,
        "Schlüssel;Bezeichnung\n01;Mitte\n02;Friedrichshain-Kreuzberg\n",
    )
    .unwrap();
    let agg = aggregate_named(&ds, &GroupBy::Prefix(2), Some(&NamesSource::File(csv))).unwrap();
    let d = &agg.districts.districts;
    assert_eq!((d[0].key.as_str(), d[0].name.as_str()), ("01", "Mitte"));
    assert_eq!(d[1].name, "Friedrichshain-Kreuzberg");
    assert_eq!(d[2].name, "03");
    assert_eq!(agg.report.unnamed.len(), 10);
    assert!(
        agg.report
            .lines()
            .iter()
            .any(|l| l.to_string().contains("10 units have no name"))
    );
    // A field of the parts: every Planungsraum its own unit, named by the table's name column.
    let agg = aggregate_named(
        &ds,
        &GroupBy::Prefix(8),
        Some(&NamesSource::Field("name".into())),
    )
    .unwrap();
    let original: std::collections::HashMap<&str, &str> = ds
        .districts
        .districts
        .iter()
        .map(|d| (d.key.as_str(), d.name.as_str()))
        .collect();
    let same = agg
        .districts
        .districts
        .iter()
        .filter(|u| original.get(u.key.as_str()) == Some(&u.name.as_str()))
        .count();
    assert!(same >= 440, "{same} of {}", agg.districts.districts.len());
    assert!(
        aggregate_named(
            &ds,
            &GroupBy::Prefix(2),
            Some(&NamesSource::Field("nope".into()))
        )
        .unwrap_err()
        .to_string()
        .contains("field:nope")
    );
}
