//! The window while a large file loads: it shows the progress without asking for a frame at
//! every screen refresh (on a laptop drawing with software GL those frames took a core from the
//! load itself), and the map's labels never wait for all label points (issue 25).
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use arrival_atlas::app::{AtlasApp, Startup};
use atlas_data::dataset::DatasetPaths;
use egui_kittest::Harness;

/// The window at 1280 × 720 on `paths` (the demo city without), nothing restored.
fn window(paths: Option<DatasetPaths>) -> Harness<'static, AtlasApp> {
    let startup = Startup {
        paths,
        restore: false,
        project: None,
        autosave: None,
        lang: None,
    };
    Harness::builder()
        .with_size(egui::Vec2::new(1280.0, 720.0))
        .build_eframe(move |cc| AtlasApp::new(cc, startup))
}

/// A boundary file that stays loading until the test writes to it: a named pipe, whose
/// reader waits in `open` for a writer.
#[cfg(unix)]
#[test]
fn loading_asks_for_frames_at_the_busy_pace_only() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("slow.geojson");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let mut h = window(Some(DatasetPaths {
        boundaries: pipe.clone(),
        table: None,
        meta: None,
    }));
    h.run_steps(3);
    assert!(h.state().loading().is_some(), "the load should still wait");
    // The progress shows a turning mark; the frames it needs come from the window's busy tick
    // (every 100 ms), not from a widget asking for the next frame at once.
    let causes = h.ctx.repaint_causes();
    assert!(
        causes.iter().all(|c| !c.file.ends_with("spinner.rs")),
        "{causes:?}"
    );
    assert!(
        causes.iter().any(|c| c.file.contains("app")),
        "the busy tick asks for frames: {causes:?}"
    );
    // End the load: the writer closes at once, the reader sees an empty file.
    drop(std::fs::OpenOptions::new().write(true).open(&pipe).unwrap());
    h.state_mut().wait_for_jobs();
    h.run_steps(2);
    assert!(h.state().loading().is_none());
}

/// The first map does not wait for the label points; a worker fills them right after it.
#[test]
fn label_points_follow_the_first_map_on_a_worker() {
    let mut h = window(None);
    h.state_mut().wait_for_jobs();
    h.run_steps(2);
    let ws = h.state().workspace.as_ref().unwrap();
    let (g, n) = (
        ws.geometry.clone().unwrap(),
        ws.dataset.districts.districts.len(),
    );
    // The frames drew labels from points computed one by one; the worker fills the table.
    wait_for_label_points(&g);
    assert!((0..n).all(|d| g.label_point(d) == Some(g.label_points()[d])));
}

/// Boundaries without a table: nothing colours the map, and its first map (grey) is the one
/// after which the label points and the ranking-free rest follow on a worker all the same.
#[test]
fn label_points_follow_a_map_with_nothing_to_colour_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut h = window(Some(DatasetPaths {
        boundaries: root.join("data/demo/districts.geojson"),
        table: None,
        meta: None,
    }));
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    let ws = h.state().workspace.as_ref().unwrap();
    assert!(!ws.is_coloured() && !ws.is_classifying());
    let g = ws.geometry.clone().unwrap();
    wait_for_label_points(&g);
}

/// Waits (up to 20 s) for a worker to fill the label points of `g`, and says if none did.
fn wait_for_label_points(g: &atlas_scene::MapGeometry) {
    let t = std::time::Instant::now();
    while !g.has_label_points() && t.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(g.has_label_points(), "no worker filled the label points");
}
