//! Headless UI tests (egui_kittest) of geographies through time in the real window: the
//! formula editor with its live preview, aggregation to larger units and back, a table on
//! another district grid (banner with the crosswalk offer, no join by name) regridded into one
//! series with its estimated years marked, and few-resident shares in the legend.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::{app::settle, berlin, berlin_paths};
use arrival_atlas::app::{Action, AtlasApp, Message, Window};
use atlas_i18n::Lang;
use atlas_session::geographies::{AggregateBy, CrosswalkSource};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn open(boundaries: &str, table: &str) -> Harness<'static, AtlasApp> {
    support::app::open(Some(berlin_paths(boundaries, table)), 1400.0, 900.0)
}

/// A text field by its name (its label beside it has the same text).
fn field<'a>(h: &'a Harness<'static, AtlasApp>, name: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, name)
}

/// The formula field (several lines).
fn formula<'a>(h: &'a Harness<'static, AtlasApp>) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Formula")
}

#[test]
fn the_formula_editor_previews_and_adds_a_derived_indicator() {
    let mut h = open(
        "berlin_prognoseraeume_bis2020.geojson",
        "berlin_einwohner_prognoseraeume_bis2020.csv",
    );
    h.state_mut()
        .push(Action::ShowWindow(Window::Derived, true));
    // A new window's first frame only measures it.
    h.run_steps(4);
    field(&h, "Id").focus();
    h.run_steps(1);
    field(&h, "Id").type_text("fp");
    h.run_steps(1);
    formula(&h).focus();
    h.run_steps(1);
    formula(&h).type_text("inhabitants_foreigners / inhabitnts * 100");
    h.run_steps(2);
    // A typo is named with the id it was meant to be, and nothing can be added.
    h.get_by_label("unknown indicator 'inhabitnts': did you mean 'inhabitants'?");
    // Retype the formula right.
    for _ in 0..60 {
        h.key_press(egui::Key::Backspace);
    }
    formula(&h).type_text("inhabitants_foreigners / inhabitants * 100");
    h.run_steps(2);
    h.get_by_label_contains("2020: 60 values, 0 missing");
    h.get_by_label_contains("ratio over 'inhabitants'");
    h.get_by_label("Add indicator").click();
    h.run_steps(2);
    settle(&mut h);
    let ws = h.state().workspace.as_ref().unwrap();
    let t = ws.table().unwrap();
    let fp = t.indicator_index("fp").expect("added");
    assert_eq!(ws.indicator, Some(fp), "shown at once");
    assert_eq!(ws.dataset.derived.len(), 1);
    assert_eq!(
        t.indicators[fp].meta.denominator.as_deref(),
        Some("inhabitants")
    );
    // Undo takes back the indicator shown, then the new indicator itself.
    for label in ["change indicator", "edit derived indicators"] {
        let now = h.state().history.undo_label().map(|l| l.describe(Lang::En));
        assert_eq!(now.as_deref(), Some(label));
        h.state_mut().push(Action::Undo);
        h.run_steps(2);
        settle(&mut h);
    }
    let t = h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .table()
        .unwrap()
        .clone();
    assert!(t.indicator_index("fp").is_none());
}

#[test]
fn aggregating_planning_areas_gives_the_bezirke_and_back() {
    let mut h = open(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bezirke.geojson");
    h.state_mut()
        .push(Action::Aggregate(AggregateBy::Prefix(2), None, out.clone()));
    h.run_steps(1);
    settle(&mut h);
    let ws = h.state().workspace.as_ref().expect("aggregate loaded");
    assert_eq!(ws.dataset.districts.districts.len(), 12);
    assert_eq!(ws.dataset.paths.boundaries, out);
    assert!(dir.path().join("bezirke_table.csv").is_file());
    assert!(dir.path().join("bezirke_table.meta.json").is_file());
    assert!(
        matches!(&h.state().message, Some(Message::Notice(n)) if n.contains("448 parts aggregated to 12 units")),
        "{:?}",
        h.state().message
    );
    assert!(h.get_all_by_label("12 of 12 districts matched").count() >= 1);
    // Data > Back to the planning areas.
    h.state_mut().push(Action::BackToPrevious);
    h.run_steps(1);
    settle(&mut h);
    assert_eq!(
        h.state()
            .workspace
            .as_ref()
            .unwrap()
            .dataset
            .districts
            .districts
            .len(),
        448
    );
}

#[test]
fn a_table_on_the_old_grid_is_offered_a_crosswalk_and_regridded_into_one_series() {
    let mut h = open(
        "berlin_prognoseraeume_ab2021.geojson",
        "berlin_einwohner_prognoseraeume_bis2020.csv",
    );
    // The banner says it and offers the crosswalk; nothing was joined by name.
    assert!(
        h.get_all_by_label_contains("look like two different district grids")
            .count()
            >= 1
    );
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(ws.dataset.join.as_ref().unwrap().report.matched, 1);
    assert!(ws.join_suggestions.is_empty() && ws.name_join.is_empty());
    h.get_all_by_label("Crosswalk from other districts…")
        .next()
        .unwrap()
        .click();
    h.run_steps(4);
    assert!(h.state().windows.contains(&Window::Crosswalk));
    h.get_by_label("Regrid and open");
    // Regrid by area from the old boundaries, then the 2021 table.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("prognoseraeume_2015_2024.csv");
    h.state_mut().push(Action::Regrid {
        source: CrosswalkSource::Area(berlin("berlin_prognoseraeume_bis2020.geojson")),
        append: Some(berlin("berlin_einwohner_prognoseraeume_ab2021.csv")),
        out: out.clone(),
    });
    h.run_steps(1);
    settle(&mut h);
    let ws = h.state().workspace.as_ref().expect("regridded");
    let t = ws.table().unwrap();
    assert_eq!(t.years, (2015..=2024).collect::<Vec<_>>());
    assert_eq!(ws.dataset.join.as_ref().unwrap().report.matched, 58);
    assert!(ws.dataset.grid.is_none());
    assert!(
        dir.path()
            .join("prognoseraeume_2015_2024_crosswalk.csv")
            .is_file()
    );
    // 2018 is estimated: title and legend say so; 2024 is not.
    h.state_mut().push(Action::SetYear(2018));
    h.run_steps(2);
    h.get_by_label("foreigners_pct  2018 (estimated)");
    let note = h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .legend
        .as_ref()
        .unwrap()
        .note
        .clone();
    assert!(
        note.contains("2015–2020 estimated from the districts of"),
        "{note}"
    );
    h.state_mut().push(Action::SetYear(2024));
    h.run_steps(2);
    h.get_by_label("foreigners_pct  2024");
    // The time series of a selected district shows the band and the note.
    h.state_mut().push(Action::Select {
        district: 0,
        add: false,
    });
    h.run_steps(3);
    h.get_by_label("estimated years");
}

#[test]
fn few_resident_shares_are_a_legend_row_of_their_own() {
    let mut h = open(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    h.get_by_label("few residents (under 50)  (1)");
    // 0 turns it off: the row goes.
    let mut s = h.state().view.styling.clone();
    s.min_denominator = 0;
    h.state_mut().push(Action::SetStyling(s));
    h.run_steps(2);
    settle(&mut h);
    assert!(h.query_by_label("few residents (under 50)  (1)").is_none());
}

/// The crosswalk window follows the data (issue 22): opened on the old grid it names its
/// output after those boundaries; once the 2021 boundaries are opened, the output is named
/// after them and "Old boundaries" holds the file just loaded before. The regridded years'
/// note names the old boundary file, not the table.
#[test]
fn the_crosswalk_window_follows_the_opened_data() {
    use arrival_atlas::app::FileKind;
    let mut h = open(
        "berlin_prognoseraeume_bis2020.geojson",
        "berlin_einwohner_prognoseraeume_bis2020.csv",
    );
    h.state_mut()
        .push(Action::ShowWindow(Window::Crosswalk, true));
    h.run_steps(3);
    let value =
        |h: &Harness<'static, AtlasApp>, name: &str| field(h, name).value().unwrap_or_default();
    assert!(
        value(&h, "Write table to").contains("on_berlin_prognoseraeume_bis2020"),
        "{}",
        value(&h, "Write table to")
    );
    h.state_mut().push(Action::OpenFile(
        FileKind::Boundaries,
        berlin("berlin_prognoseraeume_ab2021.geojson"),
    ));
    h.run_steps(1);
    settle(&mut h);
    h.run_steps(2);
    let out = value(&h, "Write table to");
    assert!(out.contains("on_berlin_prognoseraeume_ab2021"), "{out}");
    assert!(
        !out.ends_with("on_berlin_prognoseraeume_bis2020.csv"),
        "{out}"
    );
    let old = value(&h, "Old boundaries");
    assert!(
        old.ends_with("berlin_prognoseraeume_bis2020.geojson"),
        "{old}"
    );
    // Regridded by area from the old boundaries: the note names them.
    let dir = tempfile::tempdir().unwrap();
    h.state_mut().push(Action::Regrid {
        source: CrosswalkSource::Area(berlin("berlin_prognoseraeume_bis2020.geojson")),
        append: None,
        out: dir.path().join("regridded.csv"),
    });
    h.run_steps(1);
    settle(&mut h);
    h.state_mut().push(Action::SetYear(2018));
    h.run_steps(2);
    let note = h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .legend
        .as_ref()
        .unwrap()
        .note
        .clone();
    assert!(
        note.contains(
            "estimated from the districts of berlin_prognoseraeume_bis2020.geojson by area"
        ),
        "{note}"
    );
}
