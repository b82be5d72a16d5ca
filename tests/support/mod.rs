//! What the test files share: where the repository's data and fixtures are, and the program
//! under test. Each test binary uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (the data and fixtures are read from here, never from outside it).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under the repository root.
pub fn repo_file(p: &str) -> PathBuf {
    repo().join(p)
}

/// A real Berlin file in `data/berlin-lor/` (see its README).
pub fn berlin(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/berlin-lor")
        .join(name)
}

/// A file in `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// The `arrival-atlas` binary built for this test run.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_arrival-atlas"))
}

/// Runs the program with `args`; fails the test with its stderr unless it succeeds.
pub fn run_ok(args: &[&str]) -> std::process::Output {
    let out = bin().args(args).output().unwrap();
    assert_success(&out);
    out
}

/// Fails the test with the program's stderr unless it succeeded.
pub fn assert_success(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The JSON the program printed (after checking it succeeded).
pub fn json_of(out: &std::process::Output) -> serde_json::Value {
    assert_success(out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The data set of `boundaries` and `table` in `data/berlin-lor/` (no metadata).
pub fn berlin_paths(boundaries: &str, table: &str) -> atlas_data::dataset::DatasetPaths {
    atlas_data::dataset::DatasetPaths {
        boundaries: berlin(boundaries),
        table: Some(berlin(table)),
        meta: None,
    }
}

/// The window, headless: opened on `paths` (None: the demo city) at `w`×`h`, with its
/// background work finished and the result laid out.
#[cfg(feature = "gui")]
pub mod app {
    use arrival_atlas::app::{AtlasApp, Startup};
    use egui_kittest::Harness;

    pub fn open(
        paths: Option<atlas_data::dataset::DatasetPaths>,
        w: f32,
        h: f32,
    ) -> Harness<'static, AtlasApp> {
        let startup = Startup {
            paths,
            ..Startup::default()
        };
        start(startup, w, h)
    }

    /// As [`open`], from a whole start-up description (language, project, …).
    pub fn start(startup: Startup, w: f32, h: f32) -> Harness<'static, AtlasApp> {
        let mut harness = Harness::builder()
            .with_size(egui::Vec2::new(w, h))
            .build_eframe(move |cc| AtlasApp::new(cc, startup));
        settle(&mut harness);
        harness
    }

    /// Finishes background work and lets the UI lay out the result.
    pub fn settle(h: &mut Harness<'static, AtlasApp>) {
        h.state_mut().wait_for_jobs();
        h.run_steps(3);
    }
}

/// A square grid of `side` × `side` districts ("d0", "d1", … of 0.001° each, near Berlin)
/// written to `dir`, with `foreign_pct` and `fluctuation` for 2020 and 2021 (values spread
/// over the grid so that the default rules flag some districts and not others).
pub fn square_grid(dir: &Path, side: usize) -> atlas_data::dataset::DatasetPaths {
    let mut features = Vec::new();
    let mut table = String::from("id,year,foreign_pct,fluctuation\n");
    for i in 0..side * side {
        let (x, y) = (
            13.0 + (i % side) as f64 * 0.001,
            52.0 + (i / side) as f64 * 0.001,
        );
        let (x1, y1) = (x + 0.001, y + 0.001);
        features.push(format!(
            r#"{{"type":"Feature","properties":{{"id":"d{i}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},{y}],[{x1},{y}],[{x1},{y1}],[{x},{y1}],[{x},{y}]]]}}}}"#
        ));
        for year in [2020, 2021] {
            let v = (i * 7 + year) % 50;
            table.push_str(&format!("d{i},{year},{v},{}\n", (i * 3 + year) % 40));
        }
    }
    let b = dir.join("grid.geojson");
    let t = dir.join("grid.csv");
    let doc = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    std::fs::write(&b, doc).unwrap();
    std::fs::write(&t, table).unwrap();
    atlas_data::dataset::DatasetPaths {
        boundaries: b,
        table: Some(t),
        meta: None,
    }
}
