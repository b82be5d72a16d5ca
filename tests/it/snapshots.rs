//! Image snapshots of the explorer, rendered headlessly with wgpu (egui_kittest) and compared
//! with the committed PNGs in `tests/snapshots/`: the demo city and Berlin's planning areas at
//! 1280 × 720 and 1920 × 1080 in English and German, and presentation mode.
//!
//! They need a Vulkan adapter: `.ci/run` installs Mesa's software one (lavapipe) and sets
//! `ARRIVAL_ATLAS_SNAPSHOTS=1`; without that variable these tests return at once (a machine
//! without an adapter cannot render them). `UPDATE_SNAPSHOTS=1` writes new images.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use arrival_atlas::app::{Action, AtlasApp, Startup};
use atlas_data::dataset::DatasetPaths;
use atlas_i18n::Lang;
use egui_kittest::{Harness, SnapshotOptions};

/// egui_kittest's colour threshold, and up to `pixels` differing: on the machine that wrote
/// them the images match exactly (0 pixels); a changed letter differs by ~27 pixels, a moved
/// legend or panel by thousands. The small allowance is for a software rasteriser rounding an
/// edge differently on another CPU.
fn options(pixels: usize) -> SnapshotOptions {
    SnapshotOptions::default().max_failed_pixels(pixels)
}

fn enabled() -> bool {
    std::env::var_os("ARRIVAL_ATLAS_SNAPSHOTS").is_some()
}

fn berlin() -> DatasetPaths {
    support::berlin_paths(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    )
}

fn explorer(paths: Option<DatasetPaths>, lang: Lang, w: f32, h: f32) -> Harness<'static, AtlasApp> {
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::new(w, h))
        .wgpu()
        .build_eframe(move |cc| {
            AtlasApp::new(
                cc,
                Startup {
                    paths: paths.clone(),
                    lang: Some(lang),
                    ..Startup::default()
                },
            )
        });
    harness.state_mut().wait_for_jobs();
    // The join report opens by itself on Berlin; the snapshot is of the explorer.
    harness.state_mut().push(Action::ShowWindow(
        arrival_atlas::app::Window::JoinReport,
        false,
    ));
    harness.run_steps(6);
    harness
}

#[test]
fn explorer_snapshots() {
    if !enabled() {
        eprintln!(
            "snapshots skipped: set ARRIVAL_ATLAS_SNAPSHOTS=1 on a machine with a Vulkan adapter"
        );
        return;
    }
    let mut failed = Vec::new();
    for (data, paths) in [("demo", None), ("berlin", Some(berlin()))] {
        for (lang, code) in [(Lang::En, "en"), (Lang::De, "de")] {
            for (w, h) in [(1280.0, 720.0), (1920.0, 1080.0)] {
                let mut harness = explorer(paths.clone(), lang, w, h);
                let name = format!("explorer_{data}_{code}_{w}x{h}");
                if let Err(e) = harness.try_snapshot_options(&name, &options(100)) {
                    failed.push(format!("{name}: {e}"));
                }
            }
        }
    }
    // Presentation: the map and the time bar only. The date beside the source changes every
    // day (a few hundred pixels), so this one allows more.
    let mut harness = explorer(Some(berlin()), Lang::De, 1920.0, 1080.0);
    harness.state_mut().push(Action::SetPresenting(true));
    harness.run_steps(6);
    if let Err(e) = harness.try_snapshot_options("presentation_berlin_de", &options(800)) {
        failed.push(format!("presentation_berlin_de: {e}"));
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
