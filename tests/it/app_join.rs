//! Headless UI tests of opening data whose join or coordinate system needs the user
//! (egui_kittest): boundaries of unknown system ask for it (any EPSG code can be typed) and
//! load reprojected; the join report suggests districts, joins by name and chooses the
//! table key column, and says when a join is poor.

use super::app_ui::{demo, no_problem};
use crate::support;
use crate::support::app::settle;
use arrival_atlas::app::{Action, AtlasApp};
use egui::{Event, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

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
    // The boundary file's problems, listed when the report first shows them: the three of
    // `districts.geojson` (a reoriented hole, two features left out).
    h.get_by_label("Problems in the boundary file (3)");
    assert!(h.get_all_by_label_contains("reoriented").next().is_some());
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
