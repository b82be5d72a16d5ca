//! Projects in the window (egui_kittest): a saved project reopens the same view after its
//! folder moved, scenes are renamed, moved, updated and deleted, a project whose data moved
//! asks for it and keeps the current data, and the command line exports a project's scene
//! exactly as the app does.

use super::app_session::start;
use crate::support;
use arrival_atlas::app::{Action, AtlasApp, Message, Startup, Styling};
use atlas_data::dataset::DatasetPaths;
use atlas_i18n::Lang;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;

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
