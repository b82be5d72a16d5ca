//! The explorer across sessions and on real data: the working state (files, indicator, year,
//! styling, selection, language, view) is restored on the next start; a data file that has gone
//! missing gives a message and the demo city instead of a crash; the real Berlin files open.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::berlin;
use arrival_atlas::app::{Action, AtlasApp, Message, SavedState, Startup, Styling, Window};
use atlas_analysis::classify::Scheme;
use atlas_data::dataset::DatasetPaths;
use atlas_data::model::YearIdx;
use atlas_i18n::Lang;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// eframe storage in memory.
#[derive(Default)]
struct MemStorage(HashMap<String, String>);

impl eframe::Storage for MemStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

fn start(storage: Option<&'static MemStorage>, startup: Startup) -> Harness<'static, AtlasApp> {
    let mut h = Harness::builder()
        .with_size(egui::Vec2::new(1400.0, 900.0))
        .build_eframe(move |cc| {
            cc.storage = storage.map(|s| s as &dyn eframe::Storage);
            AtlasApp::new(cc, startup)
        });
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    h
}

fn restoring() -> Startup {
    Startup {
        paths: None,
        restore: true,
        project: None,
        autosave: None,
        lang: None,
    }
}

#[test]
fn working_state_is_restored_on_the_next_start() {
    let mut h = start(None, restoring());
    let styling = Styling {
        scheme: Scheme::NaturalBreaks { k: 4 },
        k: 4,
        ramp: "OrRd".into(),
        reverse: true,
        ..Styling::default()
    };
    let key = h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .dataset
        .districts
        .districts[7]
        .key
        .clone();
    for a in [
        Action::SetIndicator("fluctuation".into()),
        Action::SetYear(2012),
        Action::SetStyling(styling.clone()),
        Action::Select {
            district: 7,
            add: false,
        },
        Action::SetLang(Lang::De),
        Action::SetLabels(false),
    ] {
        h.state_mut().push(a);
    }
    h.run_steps(3);
    let mut storage = MemStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    let rules = h.state().view.rules.clone();
    drop(h);

    let storage: &'static MemStorage = Box::leak(Box::new(storage));
    let h = start(Some(storage), restoring());
    let app = h.state();
    assert_eq!(app.view.lang, Lang::De);
    assert_eq!(app.current_year(), Some(2012));
    assert_eq!(app.view.indicator.as_deref(), Some("fluctuation"));
    assert_eq!(app.view.styling, styling);
    assert!(!app.view.labels);
    let ws = app.workspace.as_ref().unwrap();
    let selected: Vec<String> = app
        .selection
        .iter()
        .map(|d| ws.dataset.districts.districts[d].key.clone())
        .collect();
    assert_eq!(selected, vec![key]);
    let c = ws.choropleth.as_ref().unwrap();
    assert_eq!(c.spec.scheme, Scheme::NaturalBreaks { k: 4 });
    assert_eq!(c.per_year[ws.year.get()].k, 4);
    assert_eq!(app.view.rules, rules, "rules survive the restart");
    h.get_by_label("Fluktuationsrate  2012");
}

#[test]
fn a_missing_data_file_gives_a_message_and_the_demo_city() {
    let saved = SavedState {
        paths: Some(DatasetPaths {
            boundaries: PathBuf::from("/nonexistent/old_districts.geojson"),
            table: None,
            meta: None,
        }),
        ..SavedState::default()
    };
    let mut storage = MemStorage::default();
    eframe::Storage::set_string(
        &mut storage,
        "arrival_atlas_state",
        serde_json::to_string(&saved).unwrap(),
    );
    let storage: &'static MemStorage = Box::leak(Box::new(storage));
    let h = start(Some(storage), restoring());
    let app = h.state();
    match &app.message {
        Some(Message::Notice(m)) => assert!(m.contains("old_districts.geojson"), "{m}"),
        other => panic!("expected a notice, got {other:?}"),
    }
    assert_eq!(
        app.workspace
            .as_ref()
            .unwrap()
            .dataset
            .districts
            .districts
            .len(),
        32
    );
    h.get_by_label_contains("old_districts.geojson");
}

fn open_berlin(boundaries: &str, table: &str) -> Harness<'static, AtlasApp> {
    start(
        None,
        Startup {
            paths: Some(DatasetPaths {
                boundaries: berlin(boundaries),
                table: Some(berlin(table)),
                meta: None,
            }),
            restore: false,
            project: None,
            autosave: None,
            lang: None,
        },
    )
}

#[test]
fn berlin_bezirke_open_with_the_foreign_share_2015_to_2024() {
    let mut h = open_berlin("berlin_bezirke.geojson", "berlin_einwohner_bezirke.csv");
    let ws = h.state().workspace.as_ref().expect("Bezirke loaded");
    assert_eq!(ws.dataset.districts.districts.len(), 12);
    let t = ws.table().unwrap();
    assert_eq!(t.indicators[ws.indicator.unwrap()].id, "foreigners_pct");
    assert_eq!((t.years[0], *t.years.last().unwrap()), (2015, 2024));
    h.get_by_label("foreigners_pct  2024");
    h.get_by_label("12 of 12 districts matched");
    // The default rule reduces to the foreign share (the table has no fluctuation): at least
    // 5 points above the city's share.
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(ws.rules.rules.len(), 1);
    assert_eq!(ws.rules.rules[0].conditions.len(), 1);
    let per_year: Vec<usize> = (0..10)
        .map(|y| ws.rule_results[0].counts(YearIdx(y))[0])
        .collect();
    assert_eq!(per_year, vec![4, 4, 4, 4, 4, 3, 3, 2, 2, 2]);
    // The whole time range steps through.
    for _ in 0..12 {
        h.key_press(egui::Key::ArrowLeft);
        h.run_steps(1);
    }
    assert_eq!(h.state().current_year(), Some(2015));
    h.get_by_label("foreigners_pct  2015");
}

#[test]
fn berlin_planungsraeume_open_with_their_join_report() {
    let mut h = open_berlin(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    let ws = h.state().workspace.as_ref().expect("Planungsräume loaded");
    assert_eq!(ws.dataset.districts.districts.len(), 448);
    let t = ws.table().unwrap();
    assert_eq!((t.years[0], *t.years.last().unwrap()), (2015, 2020));
    h.get_by_label("foreigners_pct  2020");
    // The default rule on the foreign share; area 09041403 has no data before 2019: unknown.
    let res = &ws.rule_results[0];
    let per_year: Vec<[usize; 3]> = (0..6).map(|y| res.counts(YearIdx(y))).collect();
    assert_eq!(
        per_year.iter().map(|c| c[0]).collect::<Vec<_>>(),
        vec![124, 122, 126, 129, 132, 134]
    );
    assert_eq!(
        per_year.iter().map(|c| c[2]).collect::<Vec<_>>(),
        vec![1, 1, 1, 1, 0, 0]
    );
    // One table key without a district is no decision to make: the report does not open by
    // itself (issue 22); the banner says it and offers the report.
    assert!(!h.state().windows.contains(&Window::JoinReport));
    h.get_by_label(
        "448 of 448 districts matched; table keys without a district: 1, districts without rows: 0.",
    );
    assert_eq!(
        h.get_all_by_label("Join report").count(),
        2,
        "side-panel button and the banner's"
    );
    h.get_all_by_label("Join report").next().unwrap().click();
    h.run_steps(3);
    assert!(h.state().windows.contains(&Window::JoinReport));
    h.get_by_label_contains("Table keys without a district (1)");
    h.get_by_label("04030417 (line 125, 572, 1019)");
}

/// The demo data copied into `dir/data` (a project folder the test can move).
fn copy_demo(dir: &Path) -> DatasetPaths {
    let src = support::repo().join("data/demo");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for f in [
        "districts.geojson",
        "indicators.csv",
        "indicators.meta.json",
    ] {
        std::fs::copy(src.join(f), data.join(f)).unwrap();
    }
    DatasetPaths {
        boundaries: data.join("districts.geojson"),
        table: Some(data.join("indicators.csv")),
        meta: None,
    }
}

fn open(paths: DatasetPaths) -> Harness<'static, AtlasApp> {
    start(
        None,
        Startup {
            paths: Some(paths),
            restore: false,
            project: None,
            autosave: None,
            lang: None,
        },
    )
}

fn selected_keys(h: &Harness<'_, AtlasApp>) -> Vec<String> {
    let app = h.state();
    let ws = app.workspace.as_ref().unwrap();
    app.selection
        .iter()
        .map(|d| ws.dataset.districts.districts[d].key.clone())
        .collect()
}

/// Two scenes (fluctuation 2012 in typology mode with two districts selected; foreign share
/// 2020 in red), then a third view that is saved with the project.
fn shape_view(h: &mut Harness<'_, AtlasApp>) {
    use arrival_atlas::app::MapMode;
    for a in [
        Action::SetIndicator("fluctuation".into()),
        Action::SetYear(2012),
        Action::SetMapMode(MapMode::Typology),
        Action::Select {
            district: 3,
            add: false,
        },
        Action::Select {
            district: 9,
            add: true,
        },
        Action::SaveScene("Turnover 2012".into()),
        Action::SetMapMode(MapMode::Choropleth),
        Action::SetIndicator("foreign_pct".into()),
        Action::SetYear(2020),
        Action::SetStyling(Styling {
            ramp: "Reds".into(),
            ..Styling::default()
        }),
        Action::ClearSelection,
        Action::SaveScene("Foreign share 2020".into()),
        Action::SetYear(2016),
        Action::Select {
            district: 5,
            add: false,
        },
        Action::SetLang(Lang::De),
    ] {
        h.state_mut().push(a);
        h.run_steps(2);
    }
}

#[test]
fn a_saved_project_reopens_the_same_view_after_the_folder_moved() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("council");
    let paths = copy_demo(&folder);
    let mut h = open(paths);
    shape_view(&mut h);
    let before = h.state().capture_scene("");
    let scenes_before = h.state().view.scenes.clone();
    assert_eq!(scenes_before.len(), 2);
    let file = folder.join("council.atlas.json");
    h.state_mut().save_project(&folder.join("council"));
    assert!(
        matches!(h.state().message, Some(Message::Notice(_))),
        "{:?}",
        h.state().message
    );
    // The file: versioned, data paths relative to it, no trace of the temporary file.
    let text = std::fs::read_to_string(&file).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["format"], "arrival-atlas-project");
    assert_eq!(json["version"], 1);
    assert_eq!(json["data"]["boundaries"], "data/districts.geojson");
    assert_eq!(json["data"]["table"], "data/indicators.csv");
    assert_eq!(json["lang"], "de");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);

    // Move the whole folder, then open the project in an app showing other data.
    let moved = root.path().join("archive/council-2026");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&folder, &moved).unwrap();
    let mut h2 = start(None, Startup::default());
    h2.state_mut()
        .push(Action::OpenProject(moved.join("council.atlas.json")));
    h2.run_steps(1);
    h2.state_mut().wait_for_jobs();
    h2.run_steps(3);
    let app = h2.state();
    assert_eq!(app.message, None);
    assert_eq!(
        app.workspace.as_ref().unwrap().dataset.paths.boundaries,
        moved.join("data/districts.geojson")
    );
    assert_eq!(app.view.lang, Lang::De);
    assert_eq!(app.current_year(), Some(2016));
    assert_eq!(app.view.scenes, scenes_before);
    // The same view; the map area up to rounding (it is fitted into the window again).
    let after = app.capture_scene("");
    let (Some(e0), Some(e1)) = (before.extent, after.extent) else {
        panic!("no map extent: {before:?} {after:?}")
    };
    for k in 0..4 {
        assert!(
            (e0[k] - e1[k]).abs() < 1e-6 * (e0[2] - e0[0]),
            "{e0:?} {e1:?}"
        );
    }
    assert_eq!(
        atlas_session::project::view::Scene {
            extent: None,
            ..after
        },
        atlas_session::project::view::Scene {
            extent: None,
            ..before
        }
    );
    assert_eq!(app.project_file, Some(moved.join("council.atlas.json")));

    // Scenes survive the round trip and show what they stored.
    h2.state_mut().push(Action::ShowScene(0));
    h2.run_steps(3);
    h2.state_mut().wait_for_jobs();
    assert_eq!(h2.state().current_year(), Some(2012));
    assert_eq!(h2.state().view.indicator.as_deref(), Some("fluctuation"));
    assert_eq!(selected_keys(&h2), scenes_before[0].selection);
    assert_eq!(scenes_before[0].selection.len(), 2);
    // PageDown steps to the next scene like a slide.
    h2.state_mut().push(Action::SetPresenting(true));
    h2.run_steps(2);
    h2.key_press(egui::Key::PageDown);
    h2.run_steps(3);
    h2.state_mut().wait_for_jobs();
    assert_eq!(h2.state().view.current_scene, Some(1));
    assert_eq!(h2.state().current_year(), Some(2020));
    assert_eq!(h2.state().view.styling.ramp, "Reds");
    assert!(h2.state().selection.is_empty());
    h2.get_by_label_contains("Szene 2 von 2: Foreign share 2020");
}

#[test]
fn scenes_are_renamed_moved_updated_and_deleted() {
    let root = tempfile::tempdir().unwrap();
    let mut h = open(copy_demo(root.path()));
    shape_view(&mut h);
    let names = |h: &Harness<'_, AtlasApp>| -> Vec<String> {
        h.state()
            .view
            .scenes
            .iter()
            .map(|s| s.name.clone())
            .collect()
    };
    for a in [
        Action::RenameScene(1, "Turnover 2012".into()),
        Action::MoveScene(1, -1),
        Action::SaveScene(String::new()),
    ] {
        h.state_mut().push(a);
        h.run_steps(2);
    }
    // A taken name gets a number; the unnamed scene is named after indicator and year.
    assert_eq!(
        names(&h),
        vec![
            "Turnover 2012 (2)".to_owned(),
            "Turnover 2012".to_owned(),
            "Ausländeranteil 2016".to_owned()
        ]
    );
    assert_eq!(h.state().view.current_scene, Some(2));
    h.state_mut().push(Action::SetYear(2010));
    h.run_steps(2);
    h.state_mut().push(Action::UpdateScene(0));
    h.state_mut().push(Action::DeleteScene(1));
    h.run_steps(2);
    assert_eq!(names(&h).len(), 2);
    assert_eq!(h.state().view.scenes[0].year, Some(2010));
    assert_eq!(h.state().view.current_scene, Some(1));
    // The panel lists them, and the button saves another.
    h.get_by_label("1. Turnover 2012 (2)");
    h.get_by_label("Ansicht als Szene speichern").click();
    h.run_steps(2);
    assert_eq!(names(&h).len(), 3);
}

#[test]
fn a_project_with_moved_data_asks_for_it_and_keeps_the_current_data() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("p");
    let paths = copy_demo(&folder);
    let mut h = open(paths.clone());
    let file = folder.join("p.atlas.json");
    h.state_mut().save_project(&file);
    // The data folder moves away, the project stays.
    let elsewhere = root.path().join("new-data");
    std::fs::rename(folder.join("data"), &elsewhere).unwrap();
    let mut h2 = start(None, Startup::default());
    let demo_boundaries = h2
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .dataset
        .paths
        .boundaries
        .clone();
    h2.state_mut().push(Action::OpenProject(file.clone()));
    h2.run_steps(4);
    let missing = h2.state().missing_data().unwrap().to_vec();
    assert_eq!(missing.len(), 2, "{missing:?}");
    h2.get_by_label("Data files not found");
    assert!(!h2.state().is_loading());
    // Pointing at the moved boundaries finds the table beside them too, and loads.
    h2.state_mut().push(Action::RelocateFile {
        missing: paths.boundaries.clone(),
        to: elsewhere.join("districts.geojson"),
    });
    h2.run_steps(1);
    assert!(h2.state().missing_data().is_none());
    h2.state_mut().wait_for_jobs();
    let ds = &h2.state().workspace.as_ref().unwrap().dataset;
    assert_eq!(ds.paths.boundaries, elsewhere.join("districts.geojson"));
    assert_eq!(ds.paths.table, Some(elsewhere.join("indicators.csv")));
    assert_ne!(ds.paths.boundaries, demo_boundaries);

    // A project from a newer version, or not a project: a clear error, the data stays.
    let newer = root.path().join("newer.atlas.json");
    std::fs::write(
        &newer,
        r#"{"format":"arrival-atlas-project","version":99,"data":{"boundaries":"x"}}"#,
    )
    .unwrap();
    h2.state_mut().push(Action::OpenProject(newer));
    h2.run_steps(2);
    match &h2.state().message {
        Some(Message::Error(e)) => assert!(e.contains("newer Arrival Atlas"), "{e}"),
        m => panic!("{m:?}"),
    }
    assert!(!h2.state().is_loading());
    assert_eq!(
        h2.state()
            .workspace
            .as_ref()
            .unwrap()
            .dataset
            .paths
            .boundaries,
        elsewhere.join("districts.geojson")
    );
}

#[test]
fn cli_exports_a_project_scene_exactly_as_the_app_does() {
    use arrival_atlas::app::{MapExport, MapFormat};
    let root = tempfile::tempdir().unwrap();
    let mut h = open(copy_demo(root.path()));
    shape_view(&mut h);
    let file = root.path().join("city.atlas.json");
    h.state_mut().save_project(&file);
    h.state_mut().push(Action::ShowScene(0));
    h.run_steps(3);
    h.state_mut().wait_for_jobs();
    let app_svg = root.path().join("app.svg");
    h.state_mut().export_map(
        MapExport {
            format: MapFormat::Svg,
            width: 1280,
            height: 720,
            labels: true,
        },
        app_svg.clone(),
    );
    h.state_mut().wait_for_export();
    let cli_svg = root.path().join("cli.svg");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_arrival-atlas"))
        .args(["export", "--project"])
        .arg(&file)
        .args([
            "--scene",
            "Turnover 2012",
            "--width",
            "1280",
            "--height",
            "720",
        ])
        .args(["--lang", "de", "--out"])
        .arg(&cli_svg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a = std::fs::read_to_string(&app_svg).unwrap();
    let c = std::fs::read_to_string(&cli_svg).unwrap();
    assert!(c.contains("2012"), "the scene's year");
    assert_eq!(a, c, "the CLI draws the app's map");
    // An unknown scene lists the ones there are.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_arrival-atlas"))
        .args(["export", "--project"])
        .arg(&file)
        .args(["--scene", "Nope", "--out"])
        .arg(root.path().join("x.png"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no scene called 'Nope'") && err.contains("Turnover 2012"),
        "{err}"
    );
}

#[test]
fn the_working_state_is_autosaved_atomically_and_read_first_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("settings/working-state.json");
    let mut h = start(
        None,
        Startup {
            autosave: Some(file.clone()),
            ..Startup::default()
        },
    );
    for a in [
        Action::SetIndicator("fluctuation".into()),
        Action::SetYear(2011),
        Action::SaveScene("Turnover 2011".into()),
    ] {
        h.state_mut().push(a);
        h.run_steps(2);
    }
    h.state_mut().autosave_now();
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["view"]["indicator"], "fluctuation");
    assert_eq!(saved["view"]["scenes"][0]["name"], "Turnover 2011");
    // Only the file itself: the temporary one was renamed over it.
    assert_eq!(
        std::fs::read_dir(file.parent().unwrap()).unwrap().count(),
        1
    );
    // A later start (after a crash: eframe's own storage never written) restores from it.
    let h2 = start(
        None,
        Startup {
            autosave: Some(file.clone()),
            restore: true,
            ..Startup::default()
        },
    );
    assert_eq!(h2.state().current_year(), Some(2011));
    assert_eq!(h2.state().view.indicator.as_deref(), Some("fluctuation"));
    assert_eq!(h2.state().view.scenes.len(), 1);
}
