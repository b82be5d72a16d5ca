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

/// (new key → inhabitants) in `year` of a table on the new grid.
fn inhabitants(
    t: &atlas_data::model::IndicatorTable,
    year: i32,
) -> std::collections::BTreeMap<String, f64> {
    let i = t.indicator_index("inhabitants").unwrap();
    let y = t.year_index(year).unwrap();
    (0..t.keys.len())
        .filter_map(|k| Some((t.keys[k].clone(), t.value(i, y, k)?)))
        .collect()
}

#[test]
fn crosswalk_of_the_forecast_areas_across_the_2021_revision() {
    use atlas_analysis::geog::crosswalk::{Basis, by_area, by_population, read_csv, write_csv};
    use atlas_analysis::geog::regrid::regrid;
    let old = load(
        "berlin_prognoseraeume_bis2020.geojson",
        "berlin_einwohner_prognoseraeume_bis2020.csv",
    );
    let new = load(
        "berlin_prognoseraeume_ab2021.geojson",
        "berlin_einwohner_prognoseraeume_ab2021.csv",
    );
    let fine = load(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    let area = by_area(&old.districts, &new.districts);
    let ft = fine.table().unwrap();
    let pop = fine.district_values(
        ft.indicator_index("inhabitants").unwrap(),
        ft.year_index(2020).unwrap(),
    );
    let population = by_population(
        &old.districts,
        &new.districts,
        &fine.districts,
        &pop,
        Basis::Population {
            source: "PLR".into(),
            indicator: "inhabitants".into(),
            year: 2020,
        },
    );
    let published_2021 = inhabitants(new.table().unwrap(), 2021);
    for (name, cw) in [("area", &area), ("population", &population)] {
        // Every old area's weights add up to 1 minus its share outside the new file (measured
        // apart, by a difference of polygons).
        let sums = cw.sums();
        assert_eq!(sums.len(), 60, "{name}");
        for (k, s) in &sums {
            let outside = cw.outside[*k];
            assert!(
                (s + outside - 1.0).abs() < 1e-9,
                "{name} {k}: {s} + {outside}"
            );
            assert!(outside < 1e-3, "{name} {k}: {outside}");
        }
        // Before the pieces were scaled, they added up to within 1e-6 of the whole: the
        // overlay's integer grid loses about 1e-8 of an area, and where neighbouring new
        // districts overlap by a digitising sliver a small planning area counts it twice
        // (seen: 7e-9 by area, -5e-7 by population).
        eprintln!("{name}: overlay residual {:e}", cw.overlay_residual);
        assert!(
            cw.overlay_residual.abs() < 1e-6,
            "{name}: {}",
            cw.overlay_residual
        );
        // Written and read back: the same pairs.
        let mut buf = Vec::new();
        write_csv(&mut buf, cw).unwrap();
        let back = read_csv(&buf, "cw.csv").unwrap();
        assert_eq!(back.pairs, cw.pairs, "{name}");
        // Regridding keeps Berlin's total inhabitants in every year.
        let t = old.table().unwrap();
        let (out, report) = regrid(t, cw);
        assert!(report.not_in_crosswalk.is_empty());
        assert_eq!(out.keys.len(), 58);
        for &year in &t.years {
            let before: f64 = inhabitants(t, year).values().sum();
            let after: f64 = inhabitants(&out, year).values().sum();
            assert!(
                (before - after).abs() < 1e-6,
                "{name} {year}: {before} vs {after}"
            );
        }
        // How far regridded 2020 lies from the published 2021 per new area.
        let r2020 = inhabitants(&out, 2020);
        let mut off: Vec<(f64, String)> = published_2021
            .iter()
            .map(|(k, p)| ((r2020[k] - p).abs() / p * 100.0, k.clone()))
            .collect();
        off.sort_by(|a, b| a.0.total_cmp(&b.0));
        let median = (off[28].0 + off[29].0) / 2.0;
        let worst = off.last().unwrap();
        eprintln!(
            "{name} weights: regridded 2020 vs published 2021 inhabitants per new area: median {median:.2} %, worst {:.2} % ({})",
            worst.0, worst.1
        );
        // One year of growth and moves apart: a wrong crosswalk would be off by far more.
        assert!(median < 2.0, "{name}: {median}");
        if name == "population" {
            assert!(worst.0 < 10.0, "{worst:?}");
        }
    }
}

#[test]
fn crosswalk_files_are_read_with_their_header_and_checked() {
    use atlas_analysis::geog::crosswalk::read_csv;
    let cw = read_csv(b"alt;neu;anteil\n0101;0110;0,75\n0101;0120;0,25\n", "x.csv").unwrap();
    assert_eq!(cw.pairs.len(), 2);
    assert_eq!(cw.pairs[0].weight, 0.75);
    let cw = read_csv(b"a,b,0.5\n", "x.csv").unwrap();
    assert_eq!(cw.outside["a"], 0.5);
    let e = read_csv(b"old_key;new_key;weight\na;b;0.7\na;c;0.6\n", "x.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("add up to") && e.contains("'a'"), "{e}");
    let e = read_csv(b"old_key;new_key;weight\na;b;zwei\n", "x.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 2") && e.contains("'zwei'"), "{e}");
}

#[test]
fn regrid_distributes_counts_and_recomputes_rates_by_hand() {
    use atlas_analysis::geog::crosswalk::read_csv;
    use atlas_analysis::geog::regrid::{append, regrid};
    let csv =
        "id,year,inhabitants,foreigners_pct\nA,2020,100,10.0\nB,2020,300,30.0\nC,2020,7,0.5\n";
    let (mut t, _) =
        atlas_data::load::parse_table(csv.as_bytes(), "t.csv", &Default::default()).unwrap();
    atlas_data::load::apply_meta(&mut t, None);
    // A splits 3:1 into X and Y, B goes to Y; C is not in the crosswalk.
    let cw = read_csv(
        b"old_key;new_key;weight\nA;X;0.75\nA;Y;0.25\nB;Y;1\n",
        "c.csv",
    )
    .unwrap();
    let (out, report) = regrid(&t, &cw);
    assert_eq!(out.keys, vec!["X", "Y"]);
    assert_eq!(report.not_in_crosswalk, vec!["C"]);
    let inh = out.indicator_index("inhabitants").unwrap();
    let pct = out.indicator_index("foreigners_pct").unwrap();
    assert_eq!(out.value(inh, YearIdx(0), 0), Some(75.0));
    assert_eq!(out.value(inh, YearIdx(0), 1), Some(325.0));
    assert_eq!(out.value(pct, YearIdx(0), 0), Some(10.0));
    // Foreigners 2.5 + 90 over 325 residents.
    assert!((out.value(pct, YearIdx(0), 1).unwrap() - 92.5 / 325.0 * 100.0).abs() < 1e-12);
    // Appending the table published on the new grid: one series, the published year wins.
    let newer = "id,year,inhabitants,foreigners_pct\nX,2021,80,11\nY,2021,330,29\n";
    let (mut n, _) =
        atlas_data::load::parse_table(newer.as_bytes(), "n.csv", &Default::default()).unwrap();
    atlas_data::load::apply_meta(&mut n, None);
    let both = append(&out, &n);
    assert_eq!(both.years, vec![2020, 2021]);
    assert_eq!(
        both.value(both.indicator_index("inhabitants").unwrap(), YearIdx(1), 0),
        Some(80.0)
    );
    assert_eq!(
        both.value(both.indicator_index("inhabitants").unwrap(), YearIdx(0), 1),
        Some(325.0)
    );
}

#[test]
fn crosswalk_weights_by_area_and_population_by_hand() {
    use atlas_analysis::geog::crosswalk::{Basis, by_area, by_population};
    let parse = |features: &[String]| {
        atlas_data::load::parse_boundaries(
            collection(features).as_bytes(),
            "x.geojson",
            &Default::default(),
        )
        .unwrap()
    };
    // Old: one square 13.00–13.04. New: X over its left three quarters, Y over the rest and
    // beyond.
    let old = parse(&[rect("O", 13.0, 52.0, 13.04, 52.01)]);
    let new = parse(&[
        rect("X", 12.99, 51.99, 13.03, 52.02),
        rect("Y", 13.03, 51.99, 13.06, 52.02),
    ]);
    let cw = by_area(&old, &new);
    let w: Vec<(&str, f64)> = cw
        .pairs
        .iter()
        .map(|p| (p.new.as_str(), p.weight))
        .collect();
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].0, "X");
    // Same latitude band: the share on the sphere is the share of longitude.
    assert!((w[0].1 - 0.75).abs() < 1e-9, "{w:?}");
    assert!((w[1].1 - 0.25).abs() < 1e-9, "{w:?}");
    assert!(cw.outside["O"] < 1e-12);
    // Population: a fine unit of 90 people in X's part, 10 in Y's part.
    let fine = parse(&[
        rect("f1", 13.0, 52.0, 13.03, 52.01),
        rect("f2", 13.03, 52.0, 13.04, 52.01),
    ]);
    let cw = by_population(
        &old,
        &new,
        &fine,
        &[Some(90.0), Some(10.0)],
        Basis::Population {
            source: "f".into(),
            indicator: "p".into(),
            year: 2020,
        },
    );
    let w: Vec<f64> = cw.pairs.iter().map(|p| p.weight).collect();
    assert!(
        (w[0] - 0.9).abs() < 1e-9 && (w[1] - 0.1).abs() < 1e-9,
        "{w:?}"
    );
    // Half of an old district outside the new file.
    let old = parse(&[rect("O", 13.05, 52.0, 13.07, 52.01)]);
    let cw = by_area(&old, &new);
    assert!((cw.outside["O"] - 0.5).abs() < 1e-9, "{:?}", cw.outside);
    assert!((cw.pairs[0].weight - 0.5).abs() < 1e-9);
}

#[test]
fn a_table_on_another_grid_is_never_joined_by_name() {
    use atlas_data::grids::GridKind;
    // The pre-2021 forecast-area table on the 2021 forecast areas: same form of key, 1 shared,
    // 40 names under other keys.
    let ds = load(
        "berlin_prognoseraeume_ab2021.geojson",
        "berlin_einwohner_prognoseraeume_bis2020.csv",
    );
    let t = ds.table().unwrap();
    assert_eq!(t.key_column, "id", "not switched to the name column");
    let g = ds.grid.as_ref().expect("grid mismatch detected");
    assert_eq!(g.kind, GridKind::Revision);
    assert_eq!(g.matched, 1);
    assert!(g.names_under_other_keys >= 30, "{g:?}");
    assert!(g.message().contains("two different district grids"));
    assert!(ds.join_warning().unwrap().contains("crosswalk"));
    // No name suggestions and no join by name across the grids.
    assert!(atlas_data::join_suggest::suggestions(&ds).is_empty());
    assert!(atlas_data::join_suggest::name_join(&ds).is_empty());
    // A planning-area table on the Bezirke: finer, aggregate by prefix 2.
    let ds = load(
        "berlin_bezirke.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    assert_eq!(ds.table().unwrap().key_column, "id");
    assert_eq!(
        ds.grid.as_ref().map(|g| g.kind.clone()),
        Some(GridKind::Finer { prefix: 2 })
    );
    // Tables on their own grid: nothing said.
    for (b, t) in [
        (
            "berlin_prognoseraeume_ab2021.geojson",
            "berlin_einwohner_prognoseraeume_ab2021.csv",
        ),
        (
            "berlin_prognoseraeume_bis2020.geojson",
            "berlin_einwohner_prognoseraeume_bis2020.csv",
        ),
        (
            "berlin_planungsraeume_bis2020.geojson",
            "berlin_einwohner_planungsraeume_bis2020.csv",
        ),
        ("berlin_bezirke.geojson", "berlin_einwohner_bezirke.csv"),
    ] {
        assert!(load(b, t).grid.is_none(), "{t}");
    }
}

#[test]
fn inspect_warns_of_two_grids_in_text_and_json() {
    let run = |json: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_arrival-atlas"));
        c.arg("inspect")
            .arg("--boundaries")
            .arg(berlin("berlin_prognoseraeume_ab2021.geojson"))
            .arg("--table")
            .arg(berlin("berlin_einwohner_prognoseraeume_bis2020.csv"));
        if json {
            c.arg("--json");
        }
        let out = c.output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(
        run(false).contains(
            "warning: the table and the boundaries look like two different district grids"
        )
    );
    let v: serde_json::Value = serde_json::from_str(&run(true)).unwrap();
    assert_eq!(v["grid_mismatch"]["kind"], "revision");
    assert_eq!(v["grid_mismatch"]["matched"], 1);
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .contains("boundary revision")
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
