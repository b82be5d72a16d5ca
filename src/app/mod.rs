//! The desktop window (egui). This first version loads the data set off the UI thread and shows
//! what was loaded and how it joined; the map, legend, time slider and plots follow with the
//! explorer issue. The UI reads state and never parses or classifies inside a frame.

use crate::dataset::{Dataset, DatasetOptions, DatasetPaths, demo_paths, load_dataset};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

/// Starts the app; returns the process exit status.
pub fn run(boundaries: Option<PathBuf>, table: Option<PathBuf>, meta: Option<PathBuf>) -> i32 {
    let paths = match boundaries {
        Some(b) => DatasetPaths {
            boundaries: b,
            table,
            meta,
        },
        None => demo_paths(&demo_root()),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_title("Arrival Atlas"),
        ..Default::default()
    };
    match eframe::run_native(
        "Arrival Atlas",
        options,
        Box::new(move |_cc| Ok(Box::new(AtlasApp::new(paths)))),
    ) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: cannot open the window: {e}");
            1
        }
    }
}

/// Where the bundled demo city lives: beside the executable's crate when run from the
/// repository (cargo run), else the current directory.
fn demo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if manifest.join("data/demo/districts.geojson").is_file() {
        manifest
    } else {
        PathBuf::from(".")
    }
}

enum LoadState {
    Loading(Receiver<Result<Dataset, String>>),
    Loaded(Box<Dataset>),
    Failed(String),
}

pub struct AtlasApp {
    state: LoadState,
}

impl AtlasApp {
    pub fn new(paths: DatasetPaths) -> Self {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let _ = tx
                .send(load_dataset(&paths, &DatasetOptions::default()).map_err(|e| e.to_string()));
        });
        AtlasApp {
            state: LoadState::Loading(rx),
        }
    }
}

impl eframe::App for AtlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let LoadState::Loading(rx) = &self.state {
            match rx.try_recv() {
                Ok(Ok(ds)) => self.state = LoadState::Loaded(Box::new(ds)),
                Ok(Err(e)) => self.state = LoadState::Failed(e),
                Err(std::sync::mpsc::TryRecvError::Empty) => ui.ctx().request_repaint(),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.state = LoadState::Failed("loading stopped unexpectedly".into())
                }
            }
        }
        egui::CentralPanel::default().show(ui, |ui| match &self.state {
            LoadState::Loading(_) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Loading…");
                });
            }
            LoadState::Failed(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            LoadState::Loaded(ds) => summary(ui, ds),
        });
    }
}

fn summary(ui: &mut egui::Ui, ds: &Dataset) {
    ui.heading(ds.meta.title.get("en").unwrap_or(&ds.districts.source));
    if ds.meta.synthetic {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "SYNTHETIC DATA — generated for demonstration, not real statistics",
        );
    }
    ui.label(format!(
        "{} districts · key field '{}' · name field '{}'",
        ds.districts.districts.len(),
        ds.districts.key_field,
        ds.districts.name_field.as_deref().unwrap_or("–")
    ));
    if let Some(t) = ds.table() {
        ui.label(format!(
            "{} indicators · years {}–{} · {} rows",
            t.indicators.len(),
            t.years.first().copied().unwrap_or_default(),
            t.years.last().copied().unwrap_or_default(),
            t.rows
        ));
    }
    if let Some(j) = &ds.join {
        ui.label(format!(
            "Join: {} of {} districts matched · {} table keys without a district",
            j.report.matched,
            j.report.districts,
            j.report.unmatched_table_keys.len()
        ));
    }
    ui.separator();
    ui.small(format!("Source: {}", ds.source_line()));
}
