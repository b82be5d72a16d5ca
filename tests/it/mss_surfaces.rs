//! Berlin's social monitoring in the app's other surfaces (issue 23): the indices in the
//! district report and the data table, the index editor (labels, schemes, spec files), and a
//! table finer than the loaded boundaries aggregated onto them as `aggregate --onto` does.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use atlas_analysis::index::IndexSpec;

/// MSS 2017 on the Planungsräume up to 2020, with the MSS metadata.
fn mss_2017() -> atlas_data::dataset::DatasetPaths {
    atlas_data::dataset::DatasetPaths {
        boundaries: support::repo_file("data/berlin-lor/berlin_planungsraeume_bis2020.geojson"),
        table: Some(support::repo_file(
            "data/berlin-mss/mss_2017_planungsraeume.csv",
        )),
        meta: Some(support::repo_file(
            "data/berlin-mss/mss_planungsraeume.meta.json",
        )),
    }
}

/// The district report states the district's indices (issue 23): the CLI's `--index-spec`
/// puts the index, class, rank and z-values on the page, adding no page.
#[test]
fn the_district_report_states_the_indices() {
    use atlas_render::report::{ReportSpec, report_pages};
    let paths = mss_2017();
    let ds = atlas_data::dataset::load_dataset(&paths, &Default::default()).unwrap();
    let t = ds.table().unwrap();
    let g = atlas_scene::MapGeometry::build(&ds.districts).unwrap();
    let year = t.last_year().unwrap();
    let specs = atlas_session::indices::preset(0).unwrap();
    let indices: Vec<_> = specs
        .iter()
        .map(|s| {
            (
                s.clone(),
                atlas_analysis::index::compute(t, s, year).unwrap(),
            )
        })
        .collect();
    let d = ds
        .districts
        .districts
        .iter()
        .position(|d| d.key == "01011101")
        .unwrap();
    let spec = ReportSpec {
        location_quotient: None,
        indices: &indices,
        year,
        rules: &[],
        results: &[],
        lang: atlas_i18n::Lang::De,
        date: "03.12.2026".into(),
        spatial: None,
    };
    let pages = report_pages(&ds, &g, &[d], &spec).unwrap();
    let without = ReportSpec {
        location_quotient: None,
        indices: &[],
        ..spec
    };
    // MSS's 30 indicators take two pages; the index lines add none.
    let plain = report_pages(&ds, &g, &[d], &without).unwrap();
    assert_eq!(pages.len(), plain.len());
    let spec = ReportSpec {
        location_quotient: None,
        indices: &indices,
        ..without
    };
    let pages = report_pages(&ds, &g, &[d], &spec).unwrap();
    let doc = roxmltree::Document::parse(&pages[0].svg).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    // Stülerstraße 2016: published "mittel" / "stabil".
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Status-Index (MSS 2013–2017): ")
                && t.contains("· mittel · Rang ")
                && t.ends_with(" von 436")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Dynamik-Index (MSS 2013–2017): ") && t.contains("· stabil ·"))
    );
    assert!(texts.iter().any(|t| t.starts_with("z: unemployment_pct ")));
    // The same through the command line.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    let s = |p: &str| support::repo_file(p).to_str().unwrap().to_owned();
    support::run_ok(&[
        "report",
        "--boundaries",
        &s("data/berlin-lor/berlin_planungsraeume_bis2020.geojson"),
        "--table",
        &s("data/berlin-mss/mss_2017_planungsraeume.csv"),
        "--meta",
        &s("data/berlin-mss/mss_planungsraeume.meta.json"),
        "--districts",
        "01011101",
        "--index-spec",
        &s("data/indices/berlin_mss_2013_2017_status.json"),
        "--lang",
        "de",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
}

/// The data table has a column per index (value, class, rank) and per component z-value,
/// sortable by the index.
#[test]
fn the_data_table_shows_and_sorts_by_the_index() {
    use atlas_session::table_query::{Column, TableQuery, apply};
    let paths = mss_2017();
    let mut s = atlas_session::Session::headless(atlas_session::Startup {
        paths: Some(paths),
        ..Default::default()
    });
    s.wait_for_jobs();
    s.apply(atlas_session::Action::SetIndices(
        atlas_session::indices::preset(0).unwrap(),
    ));
    s.wait_for_jobs();
    let ws = s.workspace.as_ref().unwrap();
    let rows = atlas_session::data_table::rows(ws, atlas_i18n::Lang::De);
    let stueler = rows.iter().find(|r| r.key == "01011101").unwrap();
    let cell = stueler.indices[0].as_ref().unwrap();
    assert_eq!(cell.class, "mittel");
    assert_eq!(cell.n, 436);
    assert_eq!(cell.z.len(), 4, "S1–S4");
    let q = TableQuery {
        sort: Column::Index(0),
        ..TableQuery::default()
    };
    let sorted = apply(&rows, &q, atlas_i18n::Lang::De);
    let first = sorted[0].indices[0].as_ref().unwrap();
    assert_eq!(first.rank, 1);
    assert_eq!(first.class, "sehr niedrig");
    // Areas outside the index come last.
    assert!(sorted.last().unwrap().indices[0].is_none());
}

/// The index editor: a class label typed in the UI language, the classes cut by quantiles
/// (bounds of the year shown, four equal counts), Apply; a spec file read into the form and
/// the applied spec written back out as the same spec.
#[cfg(feature = "gui")]
#[test]
fn the_index_editor_edits_labels_and_schemes_and_reads_and_writes_specs() {
    use atlas_session::{Action, FileKind, SaveTarget, Window};
    use egui_kittest::kittest::Queryable;
    let startup = arrival_atlas::app::Startup {
        lang: Some(atlas_i18n::Lang::De),
        ..Default::default()
    };
    let mut h = support::app::start(startup, 1920.0, 1080.0);
    h.state_mut().push(Action::OpenExample(
        atlas_session::Example::BerlinSocialMonitoring,
    ));
    h.run_steps(2);
    support::app::settle(&mut h);
    h.state_mut().push(Action::SetIndices(
        atlas_session::indices::preset(0).unwrap(),
    ));
    h.state_mut()
        .push(Action::ShowWindow(Window::IndexEditor, true));
    h.run_steps(4);
    let field = "Klasse 4: Name";
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, field)
        .focus();
    h.run_steps(1);
    for _ in 0..20 {
        h.key_press(egui::Key::Backspace);
    }
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, field)
        .type_text("prekär");
    h.run_steps(2);
    h.get_by_label("Wie die Klassen geschnitten werden").click();
    h.run_steps(2);
    h.get_by_label("Quantile").click();
    h.run_steps(3);
    // 436 areas in four quantile classes: 109 each, and the year's bounds said.
    h.get_by_label_contains("niedrig 109 · prekär 109 (436 Gebiete");
    h.get_by_label_contains("Grenzen in diesem Jahr: ≤ ");
    h.get_by_label("Übernehmen").click();
    h.run_steps(3);
    let applied = h.state().view.indices[0].clone();
    assert_eq!(applied.scheme.as_deref(), Some("quantiles"));
    let label = applied.classes[3].label.as_ref().unwrap();
    assert_eq!(label.de.as_deref(), Some("prekär"));
    assert_eq!(
        label.en.as_deref(),
        Some("very low"),
        "the other language kept"
    );
    assert!(
        applied
            .classes
            .iter()
            .all(|c| c.below.is_none() && c.upto.is_none())
    );
    // Written out and read back: the same spec.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("status_quantiles.json");
    h.state_mut()
        .push(Action::SaveTo(SaveTarget::IndexSpec(0), file.clone()));
    h.run_steps(2);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(IndexSpec::parse(&text).unwrap(), applied);
    // A preset file read into the form (not yet applied), then applied.
    h.state_mut().push(Action::OpenFile(
        FileKind::IndexSpec,
        support::repo_file("data/indices/berlin_mss_2013_2017_status.json"),
    ));
    h.run_steps(4);
    assert_eq!(h.state().view.indices[0], applied, "not applied by opening");
    h.get_by_label("Übernehmen").click();
    h.run_steps(3);
    assert_eq!(
        h.state().view.indices[0],
        atlas_session::indices::preset(0).unwrap()[0]
    );
    // A file that is no spec: said, with the file's name; the form stays.
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{\"id\": \"x\"").unwrap();
    h.state_mut()
        .push(Action::OpenFile(FileKind::IndexSpec, bad));
    h.run_steps(3);
    match &h.state().message {
        Some(atlas_session::Message::Error(e)) => assert!(e.starts_with("broken.json: "), "{e}"),
        other => panic!("{other:?}"),
    }
}

/// The app offers `--onto` (issue 23): MSS 2021 (542 Planungsräume, no polygons here) opened
/// on the 2021 Prognoseräume is a finer grid by 4 key digits; *Aggregate* by that prefix puts
/// the table onto the loaded boundaries as `aggregate --onto` does — the same 58 units and the
/// same values.
#[test]
fn aggregating_a_finer_table_in_the_app_goes_onto_the_loaded_boundaries() {
    use atlas_session::Action;
    use atlas_session::geographies::AggregateBy;
    let dir = tempfile::tempdir().unwrap();
    let repo = |f: &str| support::repo_file(f).to_str().unwrap().to_owned();
    let paths = atlas_data::dataset::DatasetPaths {
        boundaries: support::repo_file("data/berlin-lor/berlin_prognoseraeume_ab2021.geojson"),
        table: Some(support::repo_file(
            "data/berlin-mss/mss_2021_planungsraeume.csv",
        )),
        meta: Some(support::repo_file(
            "data/berlin-mss/mss_planungsraeume.meta.json",
        )),
    };
    let mut s = atlas_session::Session::headless(atlas_session::Startup {
        paths: Some(paths),
        ..Default::default()
    });
    s.wait_for_jobs();
    let grid = s.workspace.as_ref().unwrap().dataset.grid.clone().unwrap();
    assert_eq!(grid.kind, atlas_data::grids::GridKind::Finer { prefix: 4 });
    let out = dir.path().join("pgr.geojson");
    s.apply(Action::Aggregate(AggregateBy::Prefix(4), None, out.clone()));
    s.wait_for_jobs();
    let app = s.workspace.as_ref().unwrap().dataset.clone();
    let t = app.table().unwrap();
    assert_eq!(t.keys.len(), 58);
    assert_eq!(app.districts.districts.len(), 58);
    // The command line's --onto on the same files.
    support::run_ok(&[
        "aggregate",
        "--table",
        &repo("data/berlin-mss/mss_2021_planungsraeume.csv"),
        "--table-key",
        "id",
        "--meta",
        &repo("data/berlin-mss/mss_planungsraeume.meta.json"),
        "--by",
        "prefix:4",
        "--onto",
        &repo("data/berlin-lor/berlin_prognoseraeume_ab2021.geojson"),
        "--out-boundaries",
        dir.path().join("cli.geojson").to_str().unwrap(),
        "--out-table",
        dir.path().join("cli.csv").to_str().unwrap(),
    ]);
    let (c, _, _) =
        atlas_analysis::geog::regrid::read_table_with_meta(&dir.path().join("cli.csv"), None)
            .unwrap();
    let y = t.last_year().unwrap();
    let mut compared = 0;
    for id in [
        "population",
        "foreigners_pct",
        "migration_volume_pct",
        "residence_5y_pct",
    ] {
        let (i, j) = (
            t.indicator_index(id).unwrap(),
            c.indicator_index(id).unwrap(),
        );
        for (k, key) in t.keys.iter().enumerate() {
            let ck = c.keys.iter().position(|x| x == key).unwrap();
            assert_eq!(
                t.value(i, y, k),
                c.value(j, c.last_year().unwrap(), ck),
                "{id} {key}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 4 * 58);
}
