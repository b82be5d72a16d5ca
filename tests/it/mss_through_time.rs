//! Berlin's social monitoring through time and in the app's other surfaces (issue 23): the
//! editions 2013 and 2017 (data years 2012 and 2016, both on the Planungsräume up to 2020)
//! stacked into one table, the status classes' transitions and "years in very low status" on
//! it — compared with the classes the city published in the two files (`status_class`), not
//! with numbers of ours; index classes from a scheme (against mapclassify) and formula
//! components. The index in the app's other surfaces: `mss_surfaces.rs`.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use atlas_analysis::index::IndexSpec;
use atlas_data::load::table::{TableOptions, load_table};
use std::collections::HashMap;
use std::path::Path;

/// The published status class per key of an edition ("sehr niedrig", …), valid areas only.
fn published(edition: u32) -> HashMap<String, String> {
    let path = support::repo_file(&format!("data/berlin-mss/mss_{edition}_planungsraeume.csv"));
    let opts = TableOptions {
        key_column: Some("id".into()),
        ..TableOptions::default()
    };
    let t = load_table(&path, &opts).unwrap().0;
    let a = t
        .attributes
        .iter()
        .find(|a| a.name == "status_class")
        .unwrap();
    t.keys
        .iter()
        .zip(&a.values)
        .filter_map(|(k, v)| Some((k.clone(), v.clone().filter(|v| !v.is_empty())?)))
        .collect()
}

const CLASSES: [&str; 4] = ["hoch", "mittel", "niedrig", "sehr niedrig"];

/// Published transitions 2012 → 2016 between the four classes, over keys valid in both.
fn published_transitions() -> [[usize; 4]; 4] {
    let (a, b) = (published(2013), published(2017));
    let pos = |c: &str| CLASSES.iter().position(|x| *x == c).unwrap();
    let mut m = [[0; 4]; 4];
    for (k, ca) in &a {
        if let Some(cb) = b.get(k) {
            m[pos(ca)][pos(cb)] += 1;
        }
    }
    m
}

fn stack_editions(dir: &Path) -> std::path::PathBuf {
    let repo = |f: &str| support::repo_file(f).to_str().unwrap().to_owned();
    let out = dir.join("mss_2012_2016.csv");
    let run = support::run_ok(&[
        "stack",
        "--table",
        &repo("data/berlin-mss/mss_2013_planungsraeume.csv"),
        "--table",
        &repo("data/berlin-mss/mss_2017_planungsraeume.csv"),
        "--meta",
        &repo("data/berlin-mss/mss_planungsraeume.meta.json"),
        "--out",
        out.to_str().unwrap(),
    ]);
    let said = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(
        said.contains("mss_2013_planungsraeume.csv: years 2012"),
        "{said}"
    );
    assert!(
        said.contains("mss_2017_planungsraeume.csv: years 2016"),
        "{said}"
    );
    // 2013 has the moves, 2017 the foreigners' share: each is missing in the other's year.
    assert!(said.contains("not in every file"), "{said}");
    out
}

#[test]
fn stacked_editions_give_the_published_status_transitions() {
    let dir = tempfile::tempdir().unwrap();
    let out = stack_editions(dir.path());
    let (t, _, _) = atlas_analysis::geog::regrid::read_table_with_meta(&out, None).unwrap();
    assert_eq!(t.years, [2012, 2016]);
    assert_eq!(t.keys.len(), 447);
    let spec = IndexSpec::parse(
        &std::fs::read_to_string(support::repo_file(
            "data/indices/berlin_mss_2013_2017_status.json",
        ))
        .unwrap(),
    )
    .unwrap();
    let years = atlas_analysis::index::compute_all(&t, &spec);
    let (a, b) = (years[0].as_ref().unwrap(), years[1].as_ref().unwrap());
    assert_eq!((a.n, b.n), (434, 436), "the published valid counts");
    let m = atlas_analysis::index::through::transitions(a, b, 4);
    let expected = published_transitions();
    for i in 0..4 {
        for j in 0..4 {
            assert_eq!(
                m[i][j].len(),
                expected[i][j],
                "{} → {}",
                CLASSES[i],
                CLASSES[j]
            );
        }
    }
    // Areas valid in one year only are in the "not in the index" row or column.
    let out_then: usize = (0..4).map(|j| m[4][j].len()).sum();
    let out_now: usize = (0..4).map(|i| m[i][4].len()).sum();
    assert!(out_then > 0 || out_now > 0);
    assert_eq!(434 - out_now, 436 - out_then, "the same keys in both years");
    // Two years in very low status: the published diagonal cell.
    let tri = atlas_analysis::index::through::in_class(
        years.iter().map(|y| y.as_ref().ok()),
        t.keys.len(),
        3,
    );
    let both = (0..t.keys.len())
        .filter(|&k| {
            tri[0][k] == atlas_analysis::rules::Tri::True
                && tri[1][k] == atlas_analysis::rules::Tri::True
        })
        .count();
    assert_eq!(both, expected[3][3]);
    eprintln!("published transitions 2012 → 2016: {expected:?}");
}

#[test]
fn stack_needs_two_readable_tables() {
    let one = support::repo_file("data/berlin-mss/mss_2013_planungsraeume.csv");
    let out = support::bin()
        .args([
            "stack",
            "--table",
            one.to_str().unwrap(),
            "--out",
            "/nonexistent/x.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("two or more --table"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let out = support::bin()
        .args([
            "stack",
            "--table",
            one.to_str().unwrap(),
            "--table",
            "/nonexistent/mss_2099.csv",
            "--out",
            "/tmp/never-written.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mss_2099.csv"), "{err}");
}

/// In the app: MSS 2017 open, Data → Add years adds 2013 (written beside the table, loaded),
/// the MSS preset's transitions table shows the published counts and a cell selects its
/// districts, and the persistence map counts the areas in very low status in both years.
#[cfg(feature = "gui")]
#[test]
fn the_app_adds_an_edition_and_shows_the_index_transitions() {
    use atlas_session::{Action, FileKind, MapMode};
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "data/berlin-lor/berlin_planungsraeume_bis2020.geojson",
        "data/berlin-mss/mss_2013_planungsraeume.csv",
        "data/berlin-mss/mss_2017_planungsraeume.csv",
    ] {
        let p = support::repo_file(f);
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let paths = atlas_data::dataset::DatasetPaths {
        boundaries: dir.path().join("berlin_planungsraeume_bis2020.geojson"),
        table: Some(dir.path().join("mss_2017_planungsraeume.csv")),
        meta: None,
    };
    let startup = arrival_atlas::app::Startup {
        paths: Some(paths),
        lang: Some(atlas_i18n::Lang::De),
        ..Default::default()
    };
    // Tall enough that the transitions table, under the map modes, is on screen (a click
    // lands where the cell is drawn).
    let mut h = support::app::start(startup, 1920.0, 1600.0);
    h.state_mut().push(Action::OpenFile(
        FileKind::MoreYears,
        dir.path().join("mss_2013_planungsraeume.csv"),
    ));
    h.run_steps(2);
    support::app::settle(&mut h);
    support::app::settle(&mut h);
    let stacked = dir.path().join("mss_2017_planungsraeume_2012_2016.csv");
    assert!(stacked.is_file(), "written beside the table");
    {
        let ws = h.state().workspace.as_ref().unwrap();
        assert_eq!(ws.table().unwrap().years, [2012, 2016]);
        assert_eq!(ws.dataset.paths.table.as_deref(), Some(stacked.as_path()));
    }
    h.state_mut().push(Action::SetIndices(
        atlas_session::indices::preset(0).unwrap(),
    ));
    h.state_mut().push(Action::SetYear(2016));
    h.run_steps(3);
    support::app::settle(&mut h);
    let m = published_transitions();
    h.get_by_label(&format!("sehr niedrig → sehr niedrig: {}", m[3][3]));
    h.get_by_label(&format!("mittel → mittel: {}", m[1][1]));
    let cell = format!("niedrig → sehr niedrig: {}", m[2][3]);
    h.get_by_label(&cell).click();
    h.run_steps(2);
    // The districts of those keys (a key may have two polygons).
    let (a, b) = (published(2013), published(2017));
    let keys: Vec<&String> = a
        .iter()
        .filter(|(k, c)| *c == "niedrig" && b.get(*k).is_some_and(|c| c == "sehr niedrig"))
        .map(|(k, _)| k)
        .collect();
    let districts =
        |keys: &[&String], h: &egui_kittest::Harness<'static, arrival_atlas::app::AtlasApp>| {
            let ws = h.state().workspace.as_ref().unwrap();
            ws.dataset
                .districts
                .districts
                .iter()
                .filter(|d| keys.contains(&&d.key))
                .count()
        };
    assert_eq!(h.state().selection.len(), districts(&keys, &h));
    // Years in very low status.
    h.state_mut()
        .push(Action::SetMapMode(MapMode::IndexPersistence));
    h.run_steps(3);
    let both: Vec<&String> = a
        .iter()
        .filter(|(k, c)| *c == "sehr niedrig" && b.get(*k).is_some_and(|c| c == "sehr niedrig"))
        .map(|(k, _)| k)
        .collect();
    let expected = districts(&both, &h);
    let ws = h.state().workspace.as_ref().unwrap();
    let rows = &ws.legend.as_ref().unwrap().rows;
    let two = rows.iter().find(|r| r.label == "2 Jahre").unwrap();
    assert_eq!(two.count, expected, "{rows:?}");
    // Back to the one edition.
    h.state_mut().push(Action::BackToPrevious);
    h.run_steps(2);
    support::app::settle(&mut h);
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(ws.table().unwrap().years, [2016]);
}

/// Classes from a classification scheme instead of thresholds cut each year's index as
/// mapclassify cuts the values. One raw component without standardising makes the index the
/// indicator itself: child poverty (S4) of MSS 2017, 436 areas. References: mapclassify 2.10.0,
/// `Quantiles(v, k=4)`, `EqualInterval(v, k=4)`, `FisherJenks(v, k=4)` on the column's
/// non-empty values (`.bins`, `.counts`).
#[test]
fn index_classes_from_a_scheme_follow_mapclassify() {
    let path = support::repo_file("data/berlin-mss/mss_2017_planungsraeume.csv");
    let opts = TableOptions {
        key_column: Some("id".into()),
        ..TableOptions::default()
    };
    let t = load_table(&path, &opts).unwrap().0;
    let spec_for = |scheme: &str| {
        IndexSpec::parse(&format!(
            r#"{{"id": "s4", "components": [{{"indicator": "child_poverty_pct"}}],
               "standardise": "none", "rescale": "none", "scheme": "{scheme}",
               "classes": [{{"id": "a"}}, {{"id": "b"}}, {{"id": "c"}}, {{"id": "d"}}]}}"#
        ))
        .unwrap()
    };
    for (scheme, bins, counts) in [
        (
            "quantiles",
            [
                10.935_052_499_999_998,
                20.839_105,
                43.038_137_500_000_005,
                77.07641,
            ],
            [109, 109, 109, 109],
        ),
        (
            "equal",
            [19.269_102_5, 38.538_205, 57.807_307_499_999_99, 77.07641],
            [198, 111, 91, 36],
        ),
        (
            "jenks",
            [13.94231, 29.45484, 47.94521, 77.07641],
            [139, 130, 90, 77],
        ),
    ] {
        let y =
            atlas_analysis::index::compute(&t, &spec_for(scheme), t.last_year().unwrap()).unwrap();
        assert_eq!(y.n, 436);
        assert_eq!(y.counts, counts, "{scheme}");
        for (b, r) in y.breaks.iter().zip(bins) {
            assert!((b - r).abs() <= 1e-9 * r, "{scheme}: {b} vs {r}");
        }
    }
    // A scheme with bounds, an unknown scheme, one class: refused, saying why.
    let bounded = r#"{"id": "x", "components": [{"indicator": "a"}], "scheme": "quantiles",
        "classes": [{"id": "lo", "upto": 1}, {"id": "hi"}]}"#;
    let e = IndexSpec::parse(bounded).unwrap_err();
    assert!(e.to_string().contains("class 'lo' has a bound"), "{e}");
    let unknown = bounded
        .replace("quantiles", "deciles")
        .replace(r#", "upto": 1"#, "");
    let e = IndexSpec::parse(&unknown).unwrap_err();
    assert!(e.to_string().contains("unknown scheme 'deciles'"), "{e}");
    let one = r#"{"id": "x", "components": [{"indicator": "a"}], "scheme": "equal",
        "classes": [{"id": "all"}]}"#;
    let e = IndexSpec::parse(one).unwrap_err();
    assert!(e.to_string().contains("2 to 9 classes, not 1"), "{e}");
}

/// A dynamics component written as a formula, `change(unemployment_pct, 4)` on the stacked
/// 2012 + 2016 table: in 2016 its z-values are the z-standardised differences of the two
/// editions' published unemployment shares; in 2012 there is no earlier year, so no area has
/// the component and the index says so.
#[test]
fn a_formula_component_is_computed_as_a_derived_column() {
    let dir = tempfile::tempdir().unwrap();
    let out = stack_editions(dir.path());
    let (t, _, _) = atlas_analysis::geog::regrid::read_table_with_meta(&out, None).unwrap();
    let spec = IndexSpec::parse(
        r#"{"id": "d", "components": [{"indicator": "change(unemployment_pct, 4)"}],
            "classes": [{"id": "up", "below": 0}, {"id": "down"}]}"#,
    )
    .unwrap();
    let years = atlas_analysis::index::compute_all(&t, &spec);
    let e = years[0].as_ref().unwrap_err();
    assert!(
        e.to_string().contains("0 areas have every component"),
        "{e}"
    );
    let y = years[1].as_ref().unwrap();
    // The differences from the two files, standardised here (population SD).
    let raw = |edition: u32| -> HashMap<String, f64> {
        let path = support::repo_file(&format!("data/berlin-mss/mss_{edition}_planungsraeume.csv"));
        let opts = TableOptions {
            key_column: Some("id".into()),
            ..TableOptions::default()
        };
        let t = load_table(&path, &opts).unwrap().0;
        let i = t.indicator_index("unemployment_pct").unwrap();
        let yr = t.last_year().unwrap();
        (0..t.keys.len())
            .filter_map(|k| Some((t.keys[k].clone(), t.value(i, yr, k)?)))
            .collect()
    };
    let (a, b) = (raw(2013), raw(2017));
    let diffs: Vec<(String, f64)> = b
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v - a.get(k)?)))
        .collect();
    assert_eq!(y.n, diffs.len());
    let n = diffs.len() as f64;
    let mean = diffs.iter().map(|d| d.1).sum::<f64>() / n;
    let sd = (diffs.iter().map(|d| (d.1 - mean).powi(2)).sum::<f64>() / n).sqrt();
    for (key, d) in &diffs {
        let k = t.keys.iter().position(|x| x == key).unwrap();
        let z = y.z(k).unwrap()[0];
        assert!((z - (d - mean) / sd).abs() < 1e-9, "{key}: {z}");
    }
    // A formula that does not fit the table is refused, naming it.
    let bad = IndexSpec::parse(
        r#"{"id": "d", "components": [{"indicator": "change(no_such_column, 4)"}],
            "classes": [{"id": "all"}]}"#,
    )
    .unwrap();
    let e = atlas_analysis::index::compute(&t, &bad, t.last_year().unwrap()).unwrap_err();
    assert!(e.to_string().contains("'change(no_such_column, 4)'"), "{e}");
}
