//! Berlin's social monitoring (MSS) recomputed from its raw indicators with the shipped index
//! presets (issue 23): every published status and dynamics class of the editions 2013, 2017
//! (S1–S4, D1–D4) and 2021 (S1, S3, S4; D1, D3, D4), the published valid counts, the 2021
//! status index within 0.005 of the published 2-decimal values (dynamics index and z-values
//! within 0.0051: rounding ties of the 5-decimal raw values), and the 2013/2017
//! status sums within 1e-4 of the published 5-decimal ones. The published values are columns
//! of the same files (`data/berlin-mss/README.md`), so the test compares with the city's own
//! results, not with numbers of ours.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use atlas_analysis::index::{ExcludeReason, IndexSpec, IndexYear, compute};
use atlas_data::load::table::{TableOptions, load_table};
use atlas_data::model::IndicatorTable;
use atlas_i18n::Lang;

pub(crate) fn table(edition: u32) -> IndicatorTable {
    let path = support::repo_file(&format!("data/berlin-mss/mss_{edition}_planungsraeume.csv"));
    let opts = TableOptions {
        key_column: Some("id".into()),
        ..TableOptions::default()
    };
    load_table(&path, &opts).unwrap().0
}

fn preset(name: &str) -> IndexSpec {
    let path = support::repo_file(&format!("data/indices/{name}.json"));
    IndexSpec::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(t: &IndicatorTable, column: &str, k: usize) -> Option<String> {
    let a = t.attributes.iter().find(|a| a.name == column).unwrap();
    a.values[k].clone().filter(|v| !v.is_empty())
}

fn value(t: &IndicatorTable, column: &str, k: usize) -> Option<f64> {
    let i = t.indicator_index(column).unwrap();
    t.value(i, t.last_year().unwrap(), k)
}

/// Every published class equals ours; keys without a published class are exactly the
/// excluded ones. Returns (included, classes compared).
fn same_classes(t: &IndicatorTable, spec: &IndexSpec, y: &IndexYear, column: &str) -> usize {
    let mut compared = 0;
    for k in 0..t.keys.len() {
        let published = text(t, column, k);
        let ours = y.keys[k].as_ref().map(|v| {
            spec.classes[v.class]
                .label
                .as_ref()
                .unwrap()
                .de
                .clone()
                .unwrap()
        });
        assert_eq!(ours, published, "{} {column}", t.keys[k]);
        compared += usize::from(published.is_some());
    }
    compared
}

#[test]
fn mss_2013_and_2017_classes_are_reproduced() {
    for (edition, valid) in [(2013, 434), (2017, 436)] {
        let t = table(edition);
        let year = t.last_year().unwrap();
        let status = preset("berlin_mss_2013_2017_status");
        let dynamics = preset("berlin_mss_2013_2017_dynamics");
        let s = compute(&t, &status, year).unwrap();
        let d = compute(&t, &dynamics, year).unwrap();
        assert_eq!(
            (s.n, d.n),
            (valid, valid),
            "{edition}: the published valid count"
        );
        assert_eq!(same_classes(&t, &status, &s, "status_class"), valid);
        assert_eq!(same_classes(&t, &dynamics, &d, "dynamics_class"), valid);
        // The status sum and each z-value as published (5 decimals).
        for k in 0..t.keys.len() {
            let Some(v) = &s.keys[k] else { continue };
            let published = value(&t, "status_sum", k).unwrap();
            assert!(
                (v.sum - published).abs() < 1e-4,
                "{edition} {}: sum {} vs {published}",
                t.keys[k],
                v.sum
            );
            let z = value(&t, "z_unemployment", k).unwrap();
            let ours = s.z(k).unwrap()[0];
            assert!(
                (ours - z).abs() < 1e-4,
                "{edition} {}: z {ours} vs {z}",
                t.keys[k]
            );
        }
        // Left out for fewer than 300 residents (or no values), each with its reason.
        assert!(s.excluded.iter().all(|e| matches!(
            e.reason,
            ExcludeReason::FewResidents { .. } | ExcludeReason::Missing { .. }
        )));
    }
}

#[test]
fn mss_2021_indices_and_classes_are_reproduced() {
    let t = table(2021);
    let year = t.last_year().unwrap();
    let status = preset("berlin_mss_2019_status");
    let dynamics = preset("berlin_mss_2019_dynamics");
    let s = compute(&t, &status, year).unwrap();
    let d = compute(&t, &dynamics, year).unwrap();
    assert_eq!((s.n, d.n), (536, 536));
    // The published counts (data/berlin-mss/README.md) and the SD of the status sum.
    assert_eq!(s.counts, [75, 366, 46, 49]);
    assert_eq!(d.counts, [48, 436, 52]);
    assert!((s.sd_sum - 2.955).abs() < 0.0005, "sd {}", s.sd_sum);
    assert_eq!(same_classes(&t, &status, &s, "status_class"), 536);
    assert_eq!(same_classes(&t, &dynamics, &d, "dynamics_class"), 536);
    for k in 0..t.keys.len() {
        // The status index within half a unit of its last published digit; the dynamics index
        // too, plus what the raw values' 5-decimal rounding moves it at a rounding tie
        // (09401330: 0.134998 from the rounded raw values, published 0.14).
        for (y, index_col, tol, zs) in [
            (
                &s,
                "status_index",
                0.005,
                ["z_unemployment", "z_transfer", "z_child_poverty"],
            ),
            (
                &d,
                "dynamics_index",
                0.0051,
                [
                    "z_unemployment_change",
                    "z_transfer_change",
                    "z_child_poverty_change",
                ],
            ),
        ] {
            let Some(v) = &y.keys[k] else { continue };
            let published = value(&t, index_col, k).unwrap();
            assert!(
                (v.index - published).abs() <= tol + 1e-9,
                "{} {index_col}: {} vs {published}",
                t.keys[k],
                v.index
            );
            // The z-values: half a unit of the last published digit, plus what the raw values'
            // own rounding (5 decimals) moves them (07400824's D4 z is 0.494999 from the
            // rounded raw values, published 0.50).
            for (c, col) in zs.iter().enumerate() {
                let p = value(&t, col, k).unwrap();
                let z = y.z(k).unwrap()[c];
                assert!((z - p).abs() <= 0.0051, "{} {col}: {z} vs {p}", t.keys[k]);
            }
        }
    }
    // The outlier is left out as the spec says, and said so; the rest have too few residents.
    let key = |e: &atlas_analysis::index::Excluded| t.keys[e.key].clone();
    let listed: Vec<String> = s
        .excluded
        .iter()
        .filter(|e| e.reason == ExcludeReason::Listed)
        .map(key)
        .collect();
    assert_eq!(listed, ["10100205"]);
    assert_eq!(s.excluded.len(), 6);
    let few = s
        .excluded
        .iter()
        .find(|e| matches!(e.reason, ExcludeReason::FewResidents { .. }))
        .unwrap();
    let said = atlas_i18n::Localize::text(&few.reason, Lang::De);
    assert!(said.contains("weniger als 300"), "{said}");
    // Rank 1 is the highest index (the most disadvantaged area).
    let top = s.keys.iter().flatten().find(|v| v.rank == 1).unwrap();
    assert!(s.keys.iter().flatten().all(|v| v.index <= top.index));
}

/// `arrival-atlas index` (exact flags of issue 23): the JSON for one year with the matrix
/// class, `class: null` for a key left out, the CSV, and a bad spec as one line, status 2.
#[test]
fn the_cli_computes_the_status_dynamics_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let table = support::repo_file("data/berlin-mss/mss_2021_planungsraeume.csv");
    let status = support::repo_file("data/indices/berlin_mss_2019_status.json");
    let dynamics = support::repo_file("data/indices/berlin_mss_2019_dynamics.json");
    let csv = dir.path().join("index.csv");
    let out = support::run_ok(&[
        "index",
        "--table",
        table.to_str().unwrap(),
        "--table-key",
        "id",
        "--spec",
        status.to_str().unwrap(),
        "--spec",
        dynamics.to_str().unwrap(),
        "--year",
        "2020",
        "--out",
        csv.to_str().unwrap(),
        "--json",
    ]);
    let v = support::json_of(&out);
    assert_eq!(v["year"], 2020);
    assert_eq!(v["indices"][0]["id"], "status");
    assert_eq!(v["indices"][0]["n"], 536);
    assert_eq!(v["indices"][0]["counts"]["very_low"], 49);
    assert_eq!(v["indices"][1]["counts"]["negative"], 52);
    let sd = v["indices"][0]["sd_sum"].as_f64().unwrap();
    assert!((sd - 2.955).abs() < 0.0005);
    let districts = v["districts"].as_array().unwrap();
    let d = |key: &str| districts.iter().find(|d| d["key"] == key).unwrap().clone();
    // Stülerstraße: published status index −0.33 (mittel), dynamics 1.27 (negativ), "2-".
    let s = d("01100101");
    assert_eq!(s["status"]["class"], "medium");
    assert!((s["status"]["index"].as_f64().unwrap() + 0.33).abs() <= 0.005);
    assert!((s["status"]["z"]["unemployment_pct"].as_f64().unwrap() + 0.25).abs() <= 0.005);
    assert_eq!(s["matrix"], "medium/negative");
    let out_of = d("10100205");
    assert!(out_of["status"]["class"].is_null() && out_of["matrix"].is_null());
    assert!(
        v["indices"][0]["excluded"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["key"] == "10100205" && e["reason"] == "excluded in the index's spec")
    );
    // The CSV: a header and one row per Planungsraum with a row in 2020.
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("key,year,status_z_unemployment_pct,")
    );
    assert_eq!(lines.count(), 542);
    // A spec with a typo: one line naming the file and the field, status 2.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"id": "s", "components": [{"indicator": "unemployment_pct"}], "clases": []}"#,
    )
    .unwrap();
    let r = support::bin()
        .args([
            "index",
            "--table",
            table.to_str().unwrap(),
            "--table-key",
            "id",
        ])
        .args(["--spec", bad.to_str().unwrap(), "--year", "2020"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("bad.json") && err.contains("clases") && err.lines().count() == 1,
        "{err}"
    );
}

/// The status × dynamics map of MSS 2017 on the Planungsräume (German): every matrix cell of
/// the legend counts exactly the districts the map fills with its colour; the districts
/// without an index are hatched and counted; the legend covers neither the title nor a
/// district; and the SVG carries the same counts.
#[test]
fn the_status_dynamics_map_counts_what_it_draws() {
    use atlas_data::dataset::{DatasetOptions, load_dataset};
    use atlas_session::MapMode;
    use atlas_session::headless::{HeadlessView, MapDescription};
    let paths = atlas_data::dataset::DatasetPaths {
        boundaries: support::berlin("berlin_planungsraeume_bis2020.geojson"),
        table: Some(support::repo_file(
            "data/berlin-mss/mss_2017_planungsraeume.csv",
        )),
        meta: None,
    };
    let ds = load_dataset(&paths, &DatasetOptions::default()).unwrap();
    let mut d = MapDescription::indicator("unemployment_pct", 2016, Lang::De);
    d.scene.map_mode = MapMode::StatusDynamics;
    d.indices = vec![
        preset("berlin_mss_2013_2017_status"),
        preset("berlin_mss_2013_2017_dynamics"),
    ];
    let view = HeadlessView::new(ds, &d).unwrap();
    let scene = view.scene(1920, 1080).unwrap();
    let matrix = atlas_analysis::index::palette::matrix_colors(4, 3);
    let mut cells = 0;
    let mut total = 0;
    for (r, row) in matrix.iter().enumerate() {
        for (c, color) in row.iter().enumerate() {
            let drawn = scene.districts.iter().filter(|d| d.fill == *color).count();
            let legend = scene
                .legend_rows
                .iter()
                .find(|l| l.fill == *color)
                .unwrap_or_else(|| panic!("no legend cell for row {r}, column {c}"));
            assert_eq!(legend.text.text, drawn.to_string(), "cell {r}/{c}");
            cells += 1;
            total += drawn;
        }
    }
    assert_eq!(cells, 12);
    let hatched = scene.districts.iter().filter(|d| d.hatched).count();
    assert_eq!(total + hatched, scene.districts.len());
    let no_data = scene.legend_rows.iter().find(|l| l.hatched).unwrap();
    assert_eq!(no_data.text.text, format!("nicht im Index  ({hatched})"));
    // Row and column labels in German, the title names the mode and year.
    let texts: Vec<&str> = scene.texts.iter().map(|t| t.text.as_str()).collect();
    for label in ["hoch", "sehr niedrig", "positiv", "negativ"] {
        assert!(texts.contains(&label), "{label} in {texts:?}");
    }
    assert_eq!(scene.title, "Status × Dynamik  2016");
    // The legend box meets no title line.
    let [lx, ly, lw, lh] = scene.legend_box;
    for t in scene.texts.iter().filter(|t| t.size >= 30.0) {
        let w = atlas_scene::map_scene::text_width(&t.text, t.size);
        let (x0, x1, y0, y1) = (t.pos[0], t.pos[0] + w, t.pos[1] - t.size, t.pos[1]);
        let apart = x1 < lx || x0 > lx + lw || y1 < ly || y0 > ly + lh;
        assert!(apart, "'{}' under the legend", t.text);
    }
    // The SVG has the same cells.
    let svg = atlas_render::svg::to_svg(&scene);
    assert!(svg.contains(">218</text>"), "the stable/medium cell");
}

/// The app (German): Daten → Zusammengesetzter Index → the MSS 2013–2017 preset shows the
/// status × dynamics map of MSS 2017 with the matrix legend, every cell named for a screen
/// reader with its count; undo takes the indices back and the map falls back to the indicator.
#[cfg(feature = "gui")]
#[test]
fn the_app_shows_the_status_dynamics_matrix() {
    use egui_kittest::kittest::{NodeT, Queryable};
    let startup = arrival_atlas::app::Startup {
        lang: Some(Lang::De),
        ..Default::default()
    };
    let mut h = support::app::start(startup, 1920.0, 1080.0);
    h.state_mut().push(atlas_session::Action::OpenExample(
        atlas_session::Example::BerlinSocialMonitoring,
    ));
    h.run_steps(2);
    support::app::settle(&mut h);
    // The index maps are greyed out until an index is chosen.
    assert!(
        h.get_by_label("Karte zeigt: Status × Dynamik")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("Daten").click();
    h.run_steps(2);
    h.get_by_label("Zusammengesetzter Index").hover();
    h.run_steps(2);
    h.get_by_label_contains("Berliner Sozialmonitoring 2013–2017")
        .click();
    h.run_steps(3);
    support::app::settle(&mut h);
    assert_eq!(h.state().view.indices.len(), 2);
    assert_eq!(
        h.state().view.map_mode,
        atlas_session::MapMode::StatusDynamics
    );
    h.get_by_label("mittel × stabil: 218");
    h.get_by_label("sehr niedrig × negativ: 4");
    // The profile of a selected district states its indices (Stülerstraße, 2017: mittel / stabil).
    let d = h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .dataset
        .districts
        .districts
        .iter()
        .position(|d| d.key == "01011101")
        .unwrap();
    h.state_mut().push(atlas_session::Action::Select {
        district: d,
        add: false,
    });
    h.run_steps(3);
    h.get_by_label_contains("Status-Index (MSS 2013–2017): ");
    assert!(
        h.get_all_by_label_contains("Status-Index (MSS 2013–2017): ")
            .any(|n| {
                let a = n.accesskit_node();
                let text = a.label().or(a.value()).unwrap_or_default();
                text.contains("· mittel · Rang ") && text.ends_with(" von 436")
            })
    );
    h.get_by_label_contains("Dynamik-Index (MSS 2013–2017): ");
    h.state_mut().push(atlas_session::Action::Undo);
    h.run_steps(3);
    assert!(h.state().view.indices.is_empty(), "undone");
    assert_eq!(h.state().view.map_mode, atlas_session::MapMode::Choropleth);
}

/// The index editor (German): the live counts of the shown year for the status index of the
/// MSS 2013–2017 preset, recomputed when a component is removed, and Apply as one undo step.
#[cfg(feature = "gui")]
#[test]
fn the_index_editor_counts_live_and_applies() {
    use egui_kittest::kittest::Queryable;
    let startup = arrival_atlas::app::Startup {
        lang: Some(Lang::De),
        ..Default::default()
    };
    let mut h = support::app::start(startup, 1920.0, 1080.0);
    h.state_mut().push(atlas_session::Action::OpenExample(
        atlas_session::Example::BerlinSocialMonitoring,
    ));
    h.run_steps(2);
    support::app::settle(&mut h);
    let specs = vec![
        preset("berlin_mss_2013_2017_status"),
        preset("berlin_mss_2013_2017_dynamics"),
    ];
    h.state_mut()
        .push(atlas_session::Action::SetIndices(specs.clone()));
    h.state_mut().push(atlas_session::Action::ShowWindow(
        atlas_session::Window::IndexEditor,
        true,
    ));
    h.run_steps(4);
    // The counts the library gives for 2016, as the editor says them.
    let t = table(2017);
    let y = compute(&t, &specs[0], t.last_year().unwrap()).unwrap();
    let line = format!(
        "2016: hoch {} · mittel {} · niedrig {} · sehr niedrig {} (436 Gebiete, {} ausgeschlossen)",
        y.counts[0],
        y.counts[1],
        y.counts[2],
        y.counts[3],
        y.excluded.len()
    );
    h.get_by_label(&line);
    // Without S2 (long-term unemployment) the counts change, live.
    let removes: Vec<_> = h.get_all_by_label("×").collect();
    removes[1].click();
    h.run_steps(3);
    assert!(h.query_by_label(&line).is_none(), "recomputed");
    h.get_by_label("Übernehmen").click();
    h.run_steps(3);
    assert_eq!(h.state().view.indices[0].components.len(), 3);
    h.state_mut().push(atlas_session::Action::Undo);
    h.run_steps(2);
    assert_eq!(
        h.state().view.indices[0].components.len(),
        4,
        "one undo step"
    );
}
