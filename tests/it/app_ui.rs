//! Headless UI tests of the real explorer window (egui_kittest): the app starts on the demo
//! city, controls change what the map and legend show, the ranking and map select districts
//! that the profile then shows, a bad file keeps the data loaded before, German formats
//! numbers with a decimal comma.
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
fn no_problem(m: &Option<Message>) -> bool {
    matches!(m, None | Some(Message::Notice(_)))
}

fn demo() -> Harness<'static, AtlasApp> {
    support::app::open(None, 1400.0, 900.0)
}

fn click_at(h: &mut Harness<'static, AtlasApp>, pos: Pos2, modifiers: Modifiers) {
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
fn legend_texts(h: &Harness<'static, AtlasApp>) -> Vec<String> {
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
        let d = c.rankings[ws.year.get()].order[3];
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

fn arrival_tab(h: &mut Harness<'static, AtlasApp>) {
    h.get_by_label("Arrival districts").click();
    h.run_steps(3);
}

#[test]
fn a_scatter_point_selects_the_district_on_the_map_and_in_the_profile() {
    let mut h = demo();
    arrival_tab(&mut h);
    let d = 12;
    let name = h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .dataset
        .districts
        .districts[d]
        .name
        .clone();
    let pos = h.state().scatter_point(d).expect("scatter drawn");
    click_at(&mut h, pos, Modifiers::NONE);
    assert_eq!(h.state().selection.primary, Some(d));
    // The map draws the same selection; the profile shows the district.
    assert!(h.state().selection.contains(d));
    h.get_by_label("Drill-down").click();
    h.run_steps(3);
    h.get_by_label_contains(&format!("{name} ("));
}

#[test]
fn typing_a_threshold_changes_the_flagged_set() {
    let mut h = demo();
    let flagged = |h: &Harness<'static, AtlasApp>| {
        let ws = h.state().workspace.as_ref().unwrap();
        ws.rule_results[0].counts(ws.year)[0]
    };
    let before = flagged(&h);
    h.get_by_label_contains(&format!("Arrival district: meets the rule ({before})"));
    // The first condition: foreign share >= city + 5.0; make it + 15. At 1400 px the left
    // panel is narrow and the rules are further down: scrolled into view first.
    h.get_all_by_label("Offset from the city reference")
        .next()
        .expect("offset field")
        .scroll_to_me();
    h.run_steps(6);
    let field = h
        .get_all_by_label("Offset from the city reference")
        .next()
        .expect("offset field");
    assert_eq!(
        field.value().as_deref(),
        Some("5"),
        "shown without needless decimals"
    );
    field.click();
    h.run_steps(2);
    // The field is now a text edit with the focus: replace its text.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.event(Event::Text("15".into()));
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    let rules = &h.state().view.rules;
    assert_eq!(
        rules.rules[0].conditions[0].threshold,
        atlas_analysis::rules::Threshold::City {
            factor: 1.0,
            offset: 15.0
        }
    );
    let after = flagged(&h);
    assert!(after < before, "{after} < {before}");
    h.get_by_label_contains(&format!("Arrival district: meets the rule ({after})"));
}

#[test]
fn a_timeline_cell_selects_the_district_and_shows_its_year() {
    let mut h = demo();
    arrival_tab(&mut h);
    let pos = h.state().timeline_cell(20, 3).expect("timeline drawn");
    click_at(&mut h, pos, Modifiers::NONE);
    assert_eq!(h.state().current_year(), Some(2008));
    assert_eq!(h.state().selection.primary, Some(20));
}

fn drag(h: &mut Harness<'static, AtlasApp>, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.run_steps(1);
    h.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(1);
    for i in 1..=5 {
        h.event(Event::PointerMoved(from + (to - from) * (i as f32 / 5.0)));
        h.run_steps(1);
    }
    h.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(2);
}

#[test]
fn dragging_a_threshold_line_in_the_scatter_moves_the_threshold() {
    let mut h = demo();
    arrival_tab(&mut h);
    let (threshold, city) = {
        let ws = h.state().workspace.as_ref().unwrap();
        let th = ws.rule_results[0].thresholds[0].per_year[ws.year.get()].unwrap();
        (th, th - 5.0)
    };
    let from = h.state().scatter_to_screen(threshold, 22.0).unwrap();
    let to = h.state().scatter_to_screen(threshold + 8.0, 22.0).unwrap();
    let before = {
        let ws = h.state().workspace.as_ref().unwrap();
        ws.rule_results[0].counts(ws.year)[0]
    };
    drag(&mut h, from, to);
    let offset = match h.state().view.rules.rules[0].conditions[0].threshold {
        atlas_analysis::rules::Threshold::City { offset, .. } => offset,
        ref other => panic!("{other:?}"),
    };
    // The line now sits where it was dropped: city reference + 13 (within a pixel's worth).
    assert!(
        (city + offset - (threshold + 8.0)).abs() < 0.5,
        "offset {offset}"
    );
    let ws = h.state().workspace.as_ref().unwrap();
    assert!(ws.rule_results[0].counts(ws.year)[0] < before);
    assert!(
        h.state().selection.is_empty(),
        "a threshold drag is not a box selection"
    );
}

#[test]
fn a_box_in_the_scatter_selects_the_districts_inside() {
    let mut h = demo();
    arrival_tab(&mut h);
    let (x0, x1, y0, y1) = (28.0, 36.0, 10.0, 40.0);
    let from = h.state().scatter_to_screen(x0, y1).unwrap();
    let to = h.state().scatter_to_screen(x1, y0).unwrap();
    let expected: Vec<usize> = {
        let ws = h.state().workspace.as_ref().unwrap();
        let t = ws.table().unwrap();
        let xi = t.indicator_index("foreign_pct").unwrap();
        let yi = t.indicator_index("fluctuation").unwrap();
        let xs = ws.dataset.district_values(xi, ws.year);
        let ys = ws.dataset.district_values(yi, ws.year);
        (0..32)
            .filter(|&d| matches!((xs[d], ys[d]), (Some(x), Some(y)) if (x0..=x1).contains(&x) && (y0..=y1).contains(&y)))
            .collect()
    };
    assert!(expected.len() >= 2, "{expected:?}");
    drag(&mut h, from, to);
    assert_eq!(h.state().selection.iter().collect::<Vec<_>>(), expected);
}

#[test]
fn exported_flags_match_the_command_line() {
    let mut h = demo();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flags.csv");
    h.state_mut().export_flags(&path);
    assert!(matches!(h.state().message, Some(Message::Notice(_))));
    let app_csv = std::fs::read_to_string(&path).unwrap();
    let root = support::repo();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_arrival-atlas"))
        .args(["flags", "--default-rules", "--boundaries"])
        .arg(root.join("data/demo/districts.geojson"))
        .arg("--table")
        .arg(root.join("data/demo/indicators.csv"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(app_csv, String::from_utf8(out.stdout).unwrap());
}

#[test]
fn persistence_counts_the_chosen_range_of_years() {
    use arrival_atlas::app::MapMode;
    let mut h = demo();
    for a in [
        Action::SetMapMode(MapMode::Persistence),
        Action::SetPersistRange(Some(2020), Some(2024)),
    ] {
        h.state_mut().push(a);
    }
    h.run_steps(3);
    let ws = h.state().workspace.as_ref().unwrap();
    let rows = &ws.legend.as_ref().expect("persistence legend").rows;
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels.first(), Some(&"0 years"));
    assert_eq!(labels[labels.len() - 2], "5 years", "{labels:?}");
    let t = ws.table().unwrap();
    let (a, b) = (t.year_index(2020).unwrap(), t.year_index(2024).unwrap());
    let direct =
        atlas_analysis::rules::persistence(&ws.rule_results[0].per_year, a.get()..=b.get());
    let always = direct.iter().filter(|&&(n, _)| n == 5).count();
    assert_eq!(rows[rows.len() - 2].count, always);
    h.get_by_label("Arrival district  2020–2024");
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
fn boundaries_of_unknown_system_ask_for_it_and_load_reprojected() {
    use atlas_data::load::crs::{Crs, CrsSource};
    let mut h = demo();
    let utm = support::repo().join("tests/fixtures/utm_without_crs.geojson");
    h.state_mut()
        .push(Action::OpenDataset(atlas_data::dataset::DatasetPaths {
            boundaries: utm.clone(),
            table: None,
            meta: None,
        }));
    h.run_steps(1);
    settle(&mut h);
    // The demo city stays; a window lists the systems.
    assert_eq!(
        h.state()
            .workspace
            .as_ref()
            .unwrap()
            .dataset
            .districts
            .districts
            .len(),
        32
    );
    h.get_by_label("Which coordinate system?");
    h.get_by_label("EPSG:25833 (ETRS89 / UTM zone 33N)").click();
    h.run_steps(2);
    settle(&mut h);
    let d = &h.state().workspace.as_ref().unwrap().dataset.districts;
    assert_eq!(d.source, "utm_without_crs.geojson");
    assert_eq!((d.crs, d.crs_source), (Crs::Utm33, CrsSource::Chosen));
    let b = d.bbox().unwrap();
    assert!((13.0..14.0).contains(&b.min().x) && (52.0..53.0).contains(&b.min().y));
    h.get_by_label_contains("EPSG:25833 (ETRS89 / UTM zone 33N), chosen by you");
}

#[test]
fn the_join_report_suggests_districts_and_joins_by_name() {
    let mut h = demo();
    let f = support::repo().join("tests/fixtures");
    h.state_mut().push(Action::OpenDropped(vec![
        f.join("districts.geojson"),
        f.join("misspelt_keys.csv"),
    ]));
    h.run_steps(1);
    settle(&mut h);
    h.state_mut()
        .push(Action::SetKeyField("Gebietsschlüssel".into()));
    h.run_steps(2);
    settle(&mut h);
    // A few loose ends: the banner offers the report (it no longer opens by itself); in it,
    // the suggestions are listed, with both buttons.
    h.get_all_by_label("Join report").next().unwrap().click();
    settle(&mut h);
    assert!(
        h.state()
            .windows
            .contains(&arrival_atlas::app::Window::JoinReport)
    );
    h.get_by_label_contains("0120 (Muehlenviertel) = Mühlenviertel (0102)");
    // Through the accessibility action: with the join banner and the table key picker the
    // button lies below the test window's visible part.
    h.get_by_label("Join by name (2 rows)").click_accesskit();
    h.run_steps(2);
    // Joining many at once asks first, listing every pair.
    h.get_by_label("Join these 2 table keys to these districts?");
    h.get_by_label("0120 » 0102");
    h.get_by_label("Join these 2").click_accesskit();
    h.run_steps(2);
    settle(&mut h);
    let r = &h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .dataset
        .join
        .as_ref()
        .unwrap()
        .report;
    assert_eq!(r.matched, 3);
    assert_eq!(h.get_all_by_label("3 of 3 districts matched").count(), 2);
}

#[test]
fn the_table_key_column_is_chosen_in_the_join_report_and_a_poor_join_says_so() {
    let mut h = demo();
    let f = support::repo().join("tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("gebiete.csv");
    // `lfd_nr` is named like a key, but the district keys are in `gebiet`: values decide.
    std::fs::write(
        &t,
        "lfd_nr;gebiet;jahr;einwohner\n7;0101;2020;100\n8;0102;2020;200\n9;0103;2020;300\n",
    )
    .unwrap();
    h.state_mut().push(Action::OpenDropped(vec![
        f.join("districts.geojson"),
        t.clone(),
    ]));
    h.run_steps(1);
    settle(&mut h);
    let key_column = |h: &Harness<'static, AtlasApp>| {
        let ws = h.state().workspace.as_ref().unwrap();
        (
            ws.dataset.table().unwrap().key_column.clone(),
            ws.dataset.join.as_ref().unwrap().report.matched,
        )
    };
    assert_eq!(key_column(&h), ("gebiet".to_string(), 3));
    assert!(no_problem(&h.state().message), "{:?}", h.state().message);
    // The user picks the other column in the join report's picker: the table is read again
    // with it, nothing matches, and the banner says so with both columns and examples.
    h.state_mut().push(Action::SetTableKey("lfd_nr".into()));
    h.run_steps(1);
    settle(&mut h);
    assert_eq!(key_column(&h), ("lfd_nr".to_string(), 0));
    h.get_by_label_contains("Only 0 of 3 districts matched the table");
    h.get_by_label_contains("table key column 'lfd_nr' (e.g. \"7\", \"8\", \"9\")");
    // The picker (its label and the combo box named after it), in the join report.
    h.state_mut().push(Action::ShowWindow(
        arrival_atlas::app::Window::JoinReport,
        true,
    ));
    settle(&mut h);
    assert!(h.get_all_by_label("Table key column").count() >= 1);
}

#[test]
fn any_epsg_code_can_be_typed_when_the_system_is_unknown() {
    use atlas_data::load::crs::CrsSource;
    let mut h = demo();
    let utm = support::repo().join("tests/fixtures/utm_without_crs.geojson");
    h.state_mut()
        .push(Action::OpenDataset(atlas_data::dataset::DatasetPaths {
            boundaries: utm,
            table: None,
            meta: None,
        }));
    h.run_steps(1);
    settle(&mut h);
    h.get_by_label("Which coordinate system?");
    // The label and the field named after it: the field comes second.
    let type_code = |h: &mut Harness<'static, AtlasApp>, code: &str| {
        h.get_all_by_label("Other EPSG code")
            .last()
            .unwrap()
            .click();
        h.run_steps(2);
        h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
        h.event(Event::Text(code.into()));
        h.run_steps(1);
        h.get_by_label("Use").click();
        h.run_steps(2);
    };
    // A code EPSG's table lacks is refused in the window; a real one loads.
    type_code(&mut h, "EPSG:1");
    h.get_by_label_contains("unknown coordinate system 'EPSG:1'");
    type_code(&mut h, "25833");
    settle(&mut h);
    let d = &h.state().workspace.as_ref().unwrap().dataset.districts;
    assert_eq!(d.source, "utm_without_crs.geojson");
    assert_eq!(
        (d.crs.code(), d.crs_source),
        ("EPSG:25833".to_string(), CrsSource::Chosen)
    );
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
