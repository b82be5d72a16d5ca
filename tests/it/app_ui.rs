//! Headless UI tests of the real explorer window (egui_kittest): the app starts on the demo
//! city, controls change what the map and legend show, the ranking and map select districts
//! that the profile then shows, a bad file keeps the data loaded before, German formats
//! numbers with a decimal comma. The *Arrival districts* tab's tests are in `app_arrival`, the
//! join and coordinate-system dialogs' in `app_join`; they share this file's helpers.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::app::settle;
use arrival_atlas::app::{Action, AtlasApp, FileKind, Message, Window};
use atlas_i18n::Lang;
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// No error or join problem in the banner (a notice such as the rules following the data
/// may be there).
pub(crate) fn no_problem(m: &Option<Message>) -> bool {
    matches!(m, None | Some(Message::Notice(_)))
}

pub(crate) fn demo() -> Harness<'static, AtlasApp> {
    support::app::open(None, 1400.0, 900.0)
}

pub(crate) fn click_at(h: &mut Harness<'static, AtlasApp>, pos: Pos2, modifiers: Modifiers) {
    h.event(Event::ModifiersChanged(modifiers));
    h.event(Event::PointerMoved(pos));
    h.run_steps(1);
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers,
        });
        h.run_steps(1);
    }
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run_steps(1);
}

/// The legend's class lines as the UI shows them, in the UI language.
pub(crate) fn legend_texts(h: &Harness<'static, AtlasApp>) -> Vec<String> {
    let ws = h.state().workspace.as_ref().expect("loaded");
    ws.legend
        .as_ref()
        .expect("legend")
        .rows
        .iter()
        .filter(|r| !r.hatched)
        .map(|r| format!("{}  ({})", r.label, r.count))
        .collect()
}

#[test]
fn starts_on_the_demo_city_with_map_legend_and_synthetic_mark() {
    let h = demo();
    let app = h.state();
    let ws = app.workspace.as_ref().expect("demo city loaded");
    assert_eq!(ws.dataset.districts.districts.len(), 32);
    assert_eq!(app.current_year(), Some(2024));
    h.get_by_label("Share of foreign residents  2024");
    h.get_by_label("SYNTHETIC DATA");
    h.get_by_label("32 of 32 districts matched");
    for line in legend_texts(&h) {
        h.get_by_label(&line);
    }
    h.get_by_label_contains("breaks fixed over 2005–2024");
}

#[test]
fn picking_an_indicator_changes_the_legend() {
    let mut h = demo();
    let before = legend_texts(&h);
    h.get_by_value("Share of foreign residents (%)").click();
    h.run_steps(2);
    h.get_by_label("Fluctuation rate (per 100 residents)")
        .click();
    h.run_steps(3);
    let after = legend_texts(&h);
    assert_ne!(before, after);
    for line in &after {
        h.get_by_label(line);
    }
    assert!(
        h.query_by_label(&before[0]).is_none(),
        "old legend still shown"
    );
    h.get_by_label("Fluctuation rate  2024");
}

#[test]
fn stepping_the_year_changes_map_title_and_legend_counts() {
    let mut h = demo();
    h.get_by_label(" < ").click();
    h.run_steps(3);
    assert_eq!(h.state().current_year(), Some(2023));
    h.get_by_label("Share of foreign residents  2023");
    h.key_press(egui::Key::ArrowLeft);
    h.run_steps(3);
    assert_eq!(h.state().current_year(), Some(2022));
    h.key_press(egui::Key::ArrowRight);
    h.key_press(egui::Key::ArrowRight);
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(3);
    assert_eq!(
        h.state().current_year(),
        Some(2024),
        "stops at the last year"
    );
    // Counts follow the year while pooled breaks stay the same.
    let ws = h.state().workspace.as_ref().unwrap();
    let c = ws.choropleth.as_ref().unwrap();
    assert_eq!(c.per_year[0].breaks, c.per_year[19].breaks);
    assert_ne!(c.per_year[0].counts, c.per_year[19].counts);
}

#[test]
fn clicking_a_ranking_bar_selects_the_district_in_the_profile() {
    let mut h = demo();
    let (d, name) = {
        let ws = h.state().workspace.as_ref().unwrap();
        let c = ws.choropleth.as_ref().unwrap();
        let d = c.ranking(ws.year.get()).unwrap().order[3];
        (d, ws.dataset.districts.districts[d].name.clone())
    };
    let pos = h.state().ranking_bar(d).expect("ranking drawn");
    click_at(&mut h, pos, Modifiers::NONE);
    assert_eq!(h.state().selection.primary, Some(d));
    h.get_by_label_contains(&format!("{name} ("));
    // The profile lists every indicator with the city reference.
    h.get_by_label("Long-established foreign residents (%)");
}

#[test]
fn clicking_the_map_selects_shift_adds_and_escape_clears() {
    let mut h = demo();
    let a = h.state().district_on_map(0).expect("map drawn");
    click_at(&mut h, a, Modifiers::NONE);
    h.run_steps(2);
    let b = h.state().district_on_map(5).expect("map drawn");
    assert_eq!(h.state().selection.iter().collect::<Vec<_>>(), vec![0]);
    click_at(&mut h, b, Modifiers::SHIFT);
    assert_eq!(h.state().selection.iter().collect::<Vec<_>>(), vec![0, 5]);
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(h.state().selection.is_empty());
}

#[test]
fn a_bad_file_keeps_the_old_data_and_shows_an_error() {
    let mut h = demo();
    let bad = support::repo().join("tests/fixtures/truncated.geojson");
    h.state_mut()
        .push(Action::OpenFile(FileKind::Boundaries, bad));
    h.run_steps(1);
    settle(&mut h);
    let app = h.state();
    let ws = app.workspace.as_ref().unwrap();
    assert_eq!(
        ws.dataset.districts.districts.len(),
        32,
        "demo city still loaded"
    );
    match &app.message {
        Some(Message::Error(e)) => assert!(e.contains("truncated.geojson"), "{e}"),
        other => panic!("expected an error, got {other:?}"),
    }
    h.get_by_label_contains("Could not load: ");
    h.get_by_label_contains("The data loaded before is unchanged.");
    h.get_by_label("Share of foreign residents  2024");
}

#[test]
fn german_shows_german_labels_and_decimal_commas() {
    let mut h = demo();
    h.get_by_label("Language").click();
    h.run_steps(2);
    h.get_by_label("Deutsch").click();
    h.run_steps(3);
    assert_eq!(h.state().view.lang, Lang::De);
    h.get_by_label("Klassifizierung: Klassengrenzen über alle Jahre fest");
    h.get_by_label("Ausländeranteil  2024");
    h.get_by_label("SYNTHETISCHE DATEN");
    let lines = legend_texts(&h);
    assert!(
        lines[0].contains(','),
        "decimal comma expected in {lines:?}"
    );
    assert!(
        !lines[0].contains('.'),
        "no decimal point expected in {lines:?}"
    );
    for line in &lines {
        h.get_by_label(line);
    }
    h.get_by_label_contains("Klassengrenzen fest über 2005–2024");
}

#[test]
fn dropped_files_open_together_and_unknown_ones_are_refused() {
    let mut h = demo();
    let fixtures = support::repo().join("tests/fixtures");
    h.state_mut().push(Action::OpenDropped(vec![
        fixtures.join("districts.geojson"),
        fixtures.join("indicators_2022.csv"),
    ]));
    h.run_steps(1);
    settle(&mut h);
    let app = h.state();
    let ws = app.workspace.as_ref().unwrap();
    assert_eq!(ws.dataset.districts.source, "districts.geojson");
    assert_eq!(
        ws.dataset.paths.table.as_deref(),
        Some(fixtures.join("indicators_2022.csv").as_path())
    );
    assert_eq!(app.current_year(), Some(2022));
    // No error; only the note that the demo's rules gave way to this data's defaults.
    assert!(no_problem(&app.message), "{:?}", app.message);

    h.state_mut()
        .push(Action::OpenDropped(vec![fixtures.join("notes.docx")]));
    h.run_steps(2);
    match &h.state().message {
        Some(Message::Error(e)) => assert!(e.contains("notes.docx"), "{e}"),
        other => panic!("expected an error, got {other:?}"),
    }
    assert_eq!(
        h.state()
            .workspace
            .as_ref()
            .unwrap()
            .dataset
            .districts
            .source,
        "districts.geojson"
    );
}

#[test]
fn changing_the_key_field_rejoins_at_once() {
    let mut h = demo();
    h.state_mut().push(Action::SetKeyField("name".into()));
    h.run_steps(3);
    {
        let ws = h.state().workspace.as_ref().unwrap();
        assert_eq!(ws.dataset.districts.key_field, "name");
        assert_eq!(ws.dataset.join.as_ref().unwrap().report.matched, 0);
        assert!(
            ws.fills
                .iter()
                .all(|&c| c == atlas_analysis::ramps::NO_DATA)
        );
    }
    h.get_by_label("0 of 32 districts matched");
    h.state_mut().push(Action::SetKeyField("key".into()));
    h.run_steps(3);
    h.get_by_label("32 of 32 districts matched");
    let ws = h.state().workspace.as_ref().unwrap();
    assert!(
        ws.fills
            .iter()
            .all(|&c| c != atlas_analysis::ramps::NO_DATA)
    );
}

#[test]
fn every_view_names_its_widgets_for_screen_readers() {
    use arrival_atlas::app::{MapMode, RightTab, Styling};
    use atlas_analysis::classify::Scheme;
    let mut h = demo();
    // `run` settles the UI and then checks that every widget has an accessible name.
    h.run();
    let views: Vec<Vec<Action>> = vec![
        vec![
            Action::SetTab(RightTab::Arrival),
            Action::Select {
                district: 3,
                add: false,
            },
        ],
        vec![Action::ShowWindow(
            arrival_atlas::app::Window::JoinReport,
            true,
        )],
        vec![Action::ShowWindow(arrival_atlas::app::Window::Export, true)],
        vec![Action::SetStyling(Styling {
            scheme: Scheme::Manual {
                breaks: vec![30.0, 40.0, 50.0],
            },
            ..Styling::default()
        })],
        vec![Action::SetMapMode(MapMode::Typology)],
        vec![Action::SetMapMode(MapMode::Persistence)],
        vec![Action::SetMapMode(MapMode::Change)],
        vec![Action::SetLang(Lang::De)],
        vec![Action::SetPresenting(true)],
    ];
    for actions in views {
        for a in actions {
            h.state_mut().push(a);
        }
        h.run_steps(2);
        h.run();
    }
}

#[test]
fn presentation_mode_hides_the_panels_and_esc_leaves_it_first() {
    let mut h = demo();
    let d = h.state().district_on_map(4).unwrap();
    click_at(&mut h, d, Modifiers::NONE);
    h.key_press(egui::Key::F11);
    h.run_steps(3);
    assert!(h.state().presenting);
    assert!(
        h.query_by_label("Classification: Breaks fixed over all years")
            .is_none(),
        "editing panels hidden"
    );
    assert!(h.query_by_label("District profile").is_none());
    h.get_by_label("Share of foreign residents  2024");
    h.get_by_label("SYNTHETIC DATA");
    h.get_by_label("Leave presentation (Esc)");
    // Years step and Space plays while presenting.
    h.key_press(egui::Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(h.state().current_year(), Some(2023));
    h.key_press(egui::Key::Space);
    h.run_steps(1);
    assert!(h.state().is_playing());
    h.key_press(egui::Key::Space);
    h.run_steps(1);
    assert!(!h.state().is_playing());
    // Esc leaves presentation mode and keeps the selection; a second Esc clears it.
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(!h.state().presenting);
    assert_eq!(h.state().selection.len(), 1);
    h.get_by_label("Classification: Breaks fixed over all years");
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(h.state().selection.is_empty());
}

#[test]
fn the_app_exports_the_map_as_shown_in_any_mode() {
    use arrival_atlas::app::{MapExport, MapFormat, MapMode};
    let mut h = demo();
    h.state_mut().push(Action::SetMapMode(MapMode::Typology));
    h.run_steps(3);
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("typology.svg");
    let e = MapExport {
        format: MapFormat::Svg,
        width: 1200,
        height: 800,
        labels: true,
    };
    h.state_mut().export_map(e, svg_path.clone());
    h.state_mut().wait_for_export();
    assert!(
        matches!(h.state().message, Some(Message::Notice(_))),
        "{:?}",
        h.state().message
    );
    let text = std::fs::read_to_string(&svg_path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let ws = h.state().workspace.as_ref().unwrap();
    // Every district's fill is its typology colour on screen; the legend names the rules.
    for (d, district) in ws.dataset.districts.districts.iter().enumerate() {
        let node = doc
            .descendants()
            .find(|n| n.attribute("data-key") == Some(district.key.as_str()))
            .unwrap();
        assert_eq!(
            node.attribute("fill"),
            Some(ws.fills[d].hex().as_str()),
            "{}",
            district.name
        );
    }
    assert!(text.contains("Typology (rules met)  2024"));
    assert!(text.contains("Arrival district  (9)"));

    let png_path = dir.path().join("typology.png");
    h.state_mut().export_map(
        MapExport {
            format: MapFormat::Png,
            ..e
        },
        png_path.clone(),
    );
    h.state_mut().wait_for_export();
    let img = tiny_skia::Pixmap::decode_png(&std::fs::read(&png_path).unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (1200, 800));
}

#[test]
fn the_app_writes_a_district_report_of_the_selection() {
    let mut h = demo();
    for (d, add) in [(2, false), (11, true)] {
        h.state_mut().push(Action::Select { district: d, add });
        h.run_steps(1);
    }
    // The File menu offers the report of the two.
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("District report of 2 selected (PDF)…");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    h.state_mut().export_report(path.clone());
    h.state_mut().wait_for_export();
    assert!(
        matches!(h.state().message, Some(Message::Notice(_))),
        "{:?}",
        h.state().message
    );
    let doc = lopdf::Document::load_mem(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc.get_pages().len(), 2);
}

#[test]
fn classification_controls_are_disabled_where_they_do_nothing() {
    use arrival_atlas::app::MapMode;
    use egui_kittest::kittest::NodeT;
    let mut h = demo();
    // The control, not the heading of the same words.
    let disabled = |h: &Harness<'static, AtlasApp>, label: &str| {
        h.get_all_by_label(label)
            .find(|n| n.accesskit_node().role() != egui::accesskit::Role::Label)
            .expect("the control")
            .accesskit_node()
            .is_disabled()
    };
    assert!(!disabled(&h, "Classification"));
    h.state_mut().push(Action::SetMapMode(MapMode::Typology));
    h.run_steps(3);
    assert!(disabled(&h, "Classification"), "typology shows rules");
    h.get_by_label_contains("the classification applies to the indicator and change maps");
    h.state_mut().push(Action::SetMapMode(MapMode::Change));
    h.run_steps(3);
    assert!(
        !disabled(&h, "Classification"),
        "change maps are classified"
    );
    assert!(disabled(&h, "Classification: Breaks per year"));
}

#[test]
fn side_panels_hide_for_the_map_and_come_back() {
    let mut h = demo();
    let (_, wide, _) = {
        let (cam, vp, r) = h.state().map_furniture().unwrap();
        (cam, vp.w, r)
    };
    h.get_by_label_contains("Hide the plots").click();
    h.run_steps(4);
    assert!(h.state().view.hide_right);
    let wider = h.state().map_furniture().unwrap().1.w;
    // At 1400 px the right panel has its narrow width (~290 px).
    assert!(
        wider > wide + 250.0,
        "the map took the room: {wide} → {wider}"
    );
    // The strip says how to get the plots back.
    h.get_by_label("Show the plots (also View > Plots)").click();
    h.run_steps(4);
    assert!(!h.state().view.hide_right);
    h.get_by_label("Ranking 2024");
    // The View menu does the same for the controls.
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Controls").click();
    h.run_steps(3);
    assert!(h.state().view.hide_left);
    h.get_by_label("Show the controls (also View > Controls)");
}

/// Floating windows never cover the menu bar (issue 22): at 1280×720, each window opened
/// from a menu lies below the menu bar and its banner.
#[test]
fn floating_windows_stay_below_the_menu_bar() {
    use arrival_atlas::app::Window;
    let mut h = support::app::open(None, 1280.0, 720.0);
    let menu_bottom = h.get_by_label("File").rect().bottom();
    for (w, title) in [
        (Window::Shortcuts, "Keyboard shortcuts"),
        (Window::Export, "Export map…"),
        (Window::Derived, "Derived indicators"),
        (Window::Aggregate, "Aggregate to larger units"),
        (Window::DataTable, "Data table"),
    ] {
        h.state_mut().push(Action::ShowWindow(w, true));
        h.run_steps(4);
        let top = h
            .get_all_by_label(title)
            .map(|n| n.rect().top())
            .fold(f32::MAX, f32::min);
        assert!(
            top >= menu_bottom,
            "{title}: its top {top} is above the menu bar's bottom {menu_bottom}"
        );
        h.state_mut().push(Action::ShowWindow(w, false));
        h.run_steps(2);
    }
}

/// Help → Getting started explains the first steps and opens an example from its buttons.
#[test]
fn getting_started_opens_from_help_and_opens_an_example() {
    let mut h = demo();
    h.get_by_label("Help").click();
    h.run_steps(2);
    h.get_by_label("Getting started").click();
    h.run_steps(3);
    assert!(h.state().session.windows.contains(&Window::GettingStarted));
    h.get_by_label_contains("Two district grids");
    h.get_by_label_contains("saved automatically to");
    h.get_by_label_contains("Berlin planning areas").click();
    h.run_steps(2);
    support::app::settle(&mut h);
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(ws.dataset.districts.districts.len(), 448);
}

/// The data table filters by a condition on the value, selects what the filter kept, and
/// sorts by a clicked column head (again: the other way round).
#[test]
fn the_data_table_filters_selects_and_sorts() {
    let mut h = demo();
    h.state_mut()
        .push(Action::ShowWindow(Window::DataTable, true));
    h.run_steps(3);
    h.get_by_label("32 of 32 rows");
    h.get_by_label("Filter the rows").click();
    h.run_steps(1);
    h.event(Event::Text("> 44".into()));
    h.run_steps(3);
    // The demo's top class is 44.0–68.3 with ten districts (the legend says so too).
    h.get_by_label("10 of 32 rows");
    h.get_by_label("Select these 10").click();
    h.run_steps(2);
    let app = h.state();
    let ws = app.workspace.as_ref().unwrap();
    let values = ws.choropleth.as_ref().unwrap().values[ws.year.get()].clone();
    let selected: Vec<usize> = app.session.selection.iter().collect();
    assert_eq!(selected.len(), 10);
    assert!(
        selected
            .iter()
            .all(|&d| values[d].is_some_and(|v| v > 44.0))
    );
    // Sorted by name: the districts' rows stand in alphabetical order, then the other way.
    let y_of = |h: &Harness<'static, AtlasApp>, name: &str| {
        h.get_by_label_contains(&format!("{name}, ")).rect().min.y
    };
    h.get_by_label("Sort by District").click();
    h.run_steps(3);
    let names: Vec<String> = {
        let ws = h.state().workspace.as_ref().unwrap();
        let mut n: Vec<String> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_some_and(|v| v > 44.0))
            .map(|(d, _)| ws.dataset.districts.districts[d].name.clone())
            .collect();
        n.sort_by_key(|s| s.to_lowercase());
        n
    };
    let (first, last) = (&names[0], &names[names.len() - 1]);
    assert!(y_of(&h, first) < y_of(&h, last), "{first} above {last}");
    h.get_by_label("Sort by District").click();
    h.run_steps(3);
    assert!(y_of(&h, first) > y_of(&h, last), "{first} below {last}");
}
