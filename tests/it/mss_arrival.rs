//! Arrival districts on the real social-monitoring tables: the turnover rule on real moves,
//! MSS 2021 aggregated onto the forecast areas with its arrival districts, and the arrival
//! districts of 2012 and 2020 on one grid.

use super::mss_index::table;
use crate::support;
use atlas_data::model::YearIdx;
use atlas_i18n::Lang;

/// The turnover rule on real moves (issue 23): MSS 2013 on the old Planungsräume (data year
/// 2012) has no foreigners' share, so the rule takes the share with a migration background
/// and says so; MSS 2021 (the 542 new Planungsräume, table only) takes the foreigners' share;
/// MSS 2017 lacks the moves and gets no such rule. The areas it finds are the inner city's.
#[test]
fn the_turnover_rule_finds_arrival_districts_in_real_moves() {
    use atlas_analysis::rules::{Tri, evaluate_all, turnover_rule};
    use atlas_data::dataset::{DatasetOptions, DatasetPaths, load_dataset};
    let t2013 = table(2013);
    let rule = turnover_rule(&t2013, Lang::De).unwrap();
    assert_eq!(
        rule.name,
        "Ankunftsgebiet (Fluktuation, Anteil mit Migrationshintergrund)"
    );
    let ids: Vec<&str> = rule
        .conditions
        .iter()
        .map(|c| c.indicator.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "migration_background_pct",
            "migration_volume_pct",
            "residence_5y_pct"
        ]
    );
    assert!(
        turnover_rule(&table(2017), Lang::En).is_none(),
        "2017 has no moves"
    );
    let r2021 = turnover_rule(&table(2021), Lang::En).unwrap();
    assert_eq!(r2021.name, "Arrival district (turnover, foreigners' share)");
    // On the map of 2012: a few dozen of the 447 areas, among them Mitte's.
    let paths = DatasetPaths {
        boundaries: support::berlin("berlin_planungsraeume_bis2020.geojson"),
        table: Some(support::repo_file(
            "data/berlin-mss/mss_2013_planungsraeume.csv",
        )),
        meta: None,
    };
    let ds = load_dataset(&paths, &DatasetOptions::default()).unwrap();
    let results = evaluate_all(&ds, std::slice::from_ref(&rule));
    let row = &results[0].per_year[0];
    let met: Vec<&str> = row
        .iter()
        .enumerate()
        .filter(|(_, r)| **r == Tri::True)
        .map(|(d, _)| ds.districts.districts[d].key.as_str())
        .collect();
    eprintln!("turnover 2012: {} areas: {met:?}", met.len());
    assert!((10..=120).contains(&met.len()), "{} areas", met.len());
    assert!(met.iter().any(|k| k.starts_with("01")), "Mitte: {met:?}");
}

/// MSS 2021 (542 Planungsräume without polygons here) aggregated onto the 58 Prognoseräume of
/// 2021 by the first 4 digits of the key (`aggregate --table --by prefix:4 --onto`), shares
/// as population-weighted ratios of sums, then the turnover rule on the result: the arrival
/// districts of 2020 on real moves, on a map that has polygons.
#[test]
fn mss_2021_aggregates_onto_the_prognoseraeume_and_shows_arrival_districts() {
    use atlas_analysis::rules::{Tri, evaluate_all, turnover_rule};
    use atlas_data::dataset::{DatasetOptions, DatasetPaths, load_dataset};
    let dir = tempfile::tempdir().unwrap();
    let (b, t) = (dir.path().join("pgr.geojson"), dir.path().join("pgr.csv"));
    let path = |p: &str| support::repo_file(p).to_str().unwrap().to_owned();
    let out = support::run_ok(&[
        "aggregate",
        "--table",
        &path("data/berlin-mss/mss_2021_planungsraeume.csv"),
        "--table-key",
        "id",
        "--meta",
        &path("data/berlin-mss/mss_planungsraeume.meta.json"),
        "--by",
        "prefix:4",
        "--onto",
        &path("data/berlin-lor/berlin_prognoseraeume_ab2021.geojson"),
        "--out-boundaries",
        b.to_str().unwrap(),
        "--out-table",
        t.to_str().unwrap(),
    ]);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.contains("542 parts aggregated to 58 units"),
        "{report}"
    );
    // Identifiers that read as numbers are never summed.
    assert!(report.contains("left out 'bzr_id'"), "{report}");
    let ds = load_dataset(
        &DatasetPaths {
            boundaries: b,
            table: Some(t),
            meta: None,
        },
        &DatasetOptions::default(),
    )
    .unwrap();
    assert_eq!(ds.join.as_ref().unwrap().report.matched, 58);
    let tab = ds.table().unwrap();
    let k = tab.keys.iter().position(|k| k == "0110").unwrap();
    let v = |id: &str| {
        tab.value(tab.indicator_index(id).unwrap(), YearIdx(0), k)
            .unwrap()
    };
    // Zentrum (0110): 16 Planungsräume, 117 395 residents; the foreigners' share as
    // Σ(share × population) ÷ Σ population of its parts (computed from the CSV in Python).
    assert_eq!(v("population"), 117_395.0);
    assert!((v("foreigners_pct") - 31.767_029_515_737_473).abs() < 1e-9);
    // The turnover rule on the 58 Prognoseräume of 2021 (data year 2020).
    let rule = turnover_rule(tab, Lang::De).unwrap();
    let results = evaluate_all(&ds, std::slice::from_ref(&rule));
    let met: Vec<String> = results[0].per_year[0]
        .iter()
        .enumerate()
        .filter(|(_, r)| **r == Tri::True)
        .map(|(d, _)| ds.districts.districts[d].name.clone())
        .collect();
    eprintln!("turnover 2020 on the Prognoseräume: {met:?}");
    assert!((2..=20).contains(&met.len()), "{met:?}");
    assert!(met.iter().any(|n| n == "Zentrum"), "{met:?}");
}

/// "Which areas were arrival districts in 2012 and still are in 2020?" on real moves (issue 23):
/// MSS 2013 aggregated onto the old Prognoseräume, carried onto the 2021 Prognoseräume through
/// an area crosswalk (2012 marked as estimated), MSS 2021 aggregated onto them and appended;
/// the turnover rule on the one series (the share with a migration background, the share both
/// years have), and the areas that meet it in both years.
#[test]
fn arrival_districts_2012_and_2020_on_one_grid() {
    use atlas_analysis::rules::{Tri, evaluate_all, turnover_rule};
    use atlas_data::dataset::{DatasetOptions, DatasetPaths, load_dataset};
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let repo = |f: &str| support::repo_file(f).to_str().unwrap().to_owned();
    let meta = repo("data/berlin-mss/mss_planungsraeume.meta.json");
    for (edition, parents, name) in [
        ("2013", "berlin_prognoseraeume_bis2020.geojson", "old"),
        ("2021", "berlin_prognoseraeume_ab2021.geojson", "new"),
    ] {
        support::run_ok(&[
            "aggregate",
            "--table",
            &repo(&format!("data/berlin-mss/mss_{edition}_planungsraeume.csv")),
            "--table-key",
            "id",
            "--meta",
            &meta,
            "--by",
            "prefix:4",
            "--onto",
            &repo(&format!("data/berlin-lor/{parents}")),
            "--out-boundaries",
            &p(&format!("{name}.geojson")),
            "--out-table",
            &p(&format!("{name}.csv")),
        ]);
    }
    support::run_ok(&[
        "crosswalk",
        "--from",
        &p("old.geojson"),
        "--to",
        &p("new.geojson"),
        "--out",
        &p("c.csv"),
    ]);
    support::run_ok(&[
        "regrid",
        "--table",
        &p("old.csv"),
        "--crosswalk",
        &p("c.csv"),
        "--append",
        &p("new.csv"),
        "--out",
        &p("both.csv"),
    ]);
    let ds = load_dataset(
        &DatasetPaths {
            boundaries: dir.path().join("new.geojson"),
            table: Some(dir.path().join("both.csv")),
            meta: None,
        },
        &DatasetOptions::default(),
    )
    .unwrap();
    let t = ds.table().unwrap();
    assert_eq!(t.years, [2012, 2020]);
    assert!(
        ds.meta.estimate_of(2012).is_some(),
        "2012 is an estimate on this grid"
    );
    let rule = turnover_rule(t, Lang::En).unwrap();
    assert_eq!(
        rule.name,
        "Arrival district (turnover, share with migration background)"
    );
    let r = &evaluate_all(&ds, std::slice::from_ref(&rule))[0];
    let met = |y: usize| -> Vec<String> {
        r.per_year[y]
            .iter()
            .enumerate()
            .filter(|(_, v)| **v == Tri::True)
            .map(|(d, _)| ds.districts.districts[d].name.clone())
            .collect()
    };
    let (then, now) = (met(0), met(1));
    let both: Vec<&String> = then.iter().filter(|n| now.contains(n)).collect();
    eprintln!("2012: {then:?}\n2020: {now:?}\nboth: {both:?}");
    assert!(
        !both.is_empty() && both.iter().any(|n| *n == "Zentrum"),
        "{both:?}"
    );
}
