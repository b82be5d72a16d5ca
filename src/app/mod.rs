//! The desktop window (egui/eframe): the explorer a planner opens. The app owns the view state
//! (what is shown), the selection, the workspace (loaded data and derived caches) and the jobs
//! running off the UI thread. Views draw from that state and push [`Action`]s; the actions are
//! applied once at the end of the frame, then the workspace syncs what they changed.

mod a11y;
mod actions;
mod arrival_views;
mod autosave;
mod breaks_editor;
mod controls;
mod crs_picker;
mod export_dialog;
mod files;
pub mod headless;
mod jobs;
mod join_panel;
mod map_gpu;
mod map_view;
mod overlays;
mod plots;
mod profile;
mod project_io;
mod rules_panel;
mod scenes_panel;
mod state;
mod time_bar;
mod workspace;

pub use crate::analysis::profile::{ProfileRow, profile_rows};
pub use actions::Action;
pub use autosave::default_path as autosave_path;
pub use export_dialog::{MapExport, MapFormat};
pub use files::{FileKind, kind_of};
pub use state::{MapMode, RightTab, SavedState, Selection, Styling, ViewState};
pub use workspace::{Workspace, spec_for};

use crate::dataset::{DatasetOptions, DatasetPaths, demo_paths};
use crate::i18n::T;
use jobs::{Job, LOAD_STAGES, Loaded};
use map_view::MapView;
use std::path::PathBuf;

const STORAGE_KEY: &str = "arrival_atlas_state";

/// Starts the app; returns the process exit status.
pub fn run(startup: Startup) -> i32 {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([800.0, 500.0])
            .with_title("Arrival Atlas")
            .with_drag_and_drop(true),
        ..Default::default()
    };
    match eframe::run_native(
        "Arrival Atlas",
        options,
        Box::new(move |cc| Ok(Box::new(AtlasApp::new(cc, startup)))),
    ) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: cannot open the window: {e}");
            1
        }
    }
}

/// Where the bundled demo city lives: the crate root when run from the repository (cargo
/// run), else beside the executable, else the current directory.
pub fn demo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|p| p.to_path_buf()));
    [Some(manifest), beside_exe]
        .into_iter()
        .flatten()
        .find(|r| r.join("data/demo/districts.geojson").is_file())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// What to open at start.
#[derive(Debug, Clone, Default)]
pub struct Startup {
    /// Files from the command line; `None`: the saved working state, else the demo city.
    pub paths: Option<DatasetPaths>,
    /// A project to open (instead of `paths`).
    pub project: Option<PathBuf>,
    /// Where the working state is autosaved (None: no autosave, as in tests).
    pub autosave: Option<PathBuf>,
    /// Restore the saved working state (off in tests).
    pub restore: bool,
}

/// A message shown in the banner under the menu.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Error(String),
    Notice(String),
    /// The join matched nothing or under half: shown in the language of the moment.
    JoinMismatch(crate::dataset::JoinMismatch),
}

struct PendingLoad {
    paths: DatasetPaths,
    opts: DatasetOptions,
    job: Job<Result<Box<Loaded>, jobs::LoadFailed>>,
    /// Apply the saved view (indicator, year, selection, camera) once loaded.
    restore_view: bool,
    /// The project being opened, applied once its data has loaded.
    project: Option<Box<project_io::OpenedProject>>,
}

/// UI-only state kept between frames.
#[derive(Default)]
struct UiState {
    show_join: bool,
    playing: bool,
    last_step: f64,
    breaks: breaks_editor::BreaksEditor,
    plots: plots::PlotsState,
    arrival: arrival_views::ArrivalState,
    export: export_dialog::ExportDialog,
    scenes: scenes_panel::ScenesPanel,
    hovered_files: bool,
}

pub struct AtlasApp {
    pub view: ViewState,
    /// Presentation mode: full screen, editing panels hidden, large type.
    pub presenting: bool,
    pub selection: Selection,
    pub workspace: Option<Workspace>,
    pub message: Option<Message>,
    saved: SavedState,
    load: Option<PendingLoad>,
    dialog: Option<(FileKind, Job<Option<PathBuf>>)>,
    /// The save dialog of the flags export.
    save_dialog: Option<(SaveTarget, Job<Option<PathBuf>>)>,
    /// The save dialog of a map export, with its settings.
    map_dialog: Option<(export_dialog::MapExport, Job<Option<PathBuf>>)>,
    /// A map or report being rendered and written.
    map_job: Option<Job<Result<PathBuf, String>>>,
    /// The project file last opened or saved (File → Save project writes there).
    pub project_file: Option<PathBuf>,
    /// A project waiting for moved data files to be found.
    relocation: Option<project_io::Relocation>,
    autosave: Option<autosave::Autosave>,
    /// A load that failed for want of a coordinate system, waiting for the user's choice.
    crs_choice: Option<crs_picker::CrsChoice>,
    /// The dialog finding a moved data file (for the missing path).
    relocate_dialog: Option<(PathBuf, Job<Option<PathBuf>>)>,
    ui: UiState,
    map: MapView,
    actions: Vec<Action>,
    generation: u64,
    ctx: egui::Context,
    /// Selection keys and camera to restore after the pending load.
    restore: Option<(Vec<String>, Option<crate::scene::Camera>)>,
    /// The map area of an opened project, shown once its data has loaded.
    restore_extent: Option<[f64; 4]>,
}

impl AtlasApp {
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> AtlasApp {
        // The autosave is at most seconds old; eframe's storage is written less often.
        let saved: SavedState = if startup.restore {
            startup
                .autosave
                .as_deref()
                .and_then(autosave::Autosave::read)
                .or_else(|| {
                    cc.storage
                        .and_then(|s| s.get_string(STORAGE_KEY))
                        .and_then(|text| serde_json::from_str(&text).ok())
                })
                .unwrap_or_default()
        } else {
            SavedState::default()
        };
        let mut app = AtlasApp {
            view: saved.view.clone(),
            presenting: false,
            selection: Selection::default(),
            workspace: None,
            message: None,
            saved,
            load: None,
            dialog: None,
            save_dialog: None,
            map_dialog: None,
            map_job: None,
            project_file: None,
            relocation: None,
            relocate_dialog: None,
            crs_choice: None,
            autosave: startup.autosave.clone().map(autosave::Autosave::new),
            ui: UiState::default(),
            map: MapView::new(cc.gl.as_deref()),
            actions: Vec::new(),
            generation: 0,
            ctx: cc.egui_ctx.clone(),
            restore: None,
            restore_extent: None,
        };
        app.view.selection.clear();
        if let Some(p) = &startup.project {
            app.open_project(p);
            // Unreadable, or waiting for moved data files: the demo city meanwhile.
            if app.load.is_none() {
                app.start_load(demo_paths(&demo_root()), DatasetOptions::default(), false);
            }
            return app;
        }
        match startup.paths {
            Some(p) => app.start_load(p, DatasetOptions::default(), false),
            None => match app.saved.paths.clone() {
                Some(p)
                    if p.boundaries.is_file() && p.table.as_ref().is_none_or(|t| t.is_file()) =>
                {
                    let opts = app.saved.options();
                    app.restore = Some((app.saved.view.selection.clone(), app.saved.view.camera));
                    app.start_load(p, opts, true);
                }
                Some(p) => {
                    let gone = p.boundaries.display().to_string();
                    app.message = Some(Message::Notice(app.view.lang.f(T::MissingFile, &[&gone])));
                    app.start_load(demo_paths(&demo_root()), DatasetOptions::default(), false);
                }
                None => app.start_load(demo_paths(&demo_root()), DatasetOptions::default(), false),
            },
        }
        app
    }

    fn wake(&self) -> impl Fn() + Send + 'static {
        let ctx = self.ctx.clone();
        move || ctx.request_repaint()
    }

    fn start_load(&mut self, paths: DatasetPaths, opts: DatasetOptions, restore_view: bool) {
        self.begin_load(paths, opts, restore_view, None);
    }

    /// Starts loading on a worker thread (replacing a load under way).
    fn begin_load(
        &mut self,
        paths: DatasetPaths,
        opts: DatasetOptions,
        restore_view: bool,
        project: Option<Box<project_io::OpenedProject>>,
    ) {
        let job = jobs::spawn_load(paths.clone(), opts.clone(), self.wake());
        self.load = Some(PendingLoad {
            paths,
            opts,
            job,
            restore_view,
            project,
        });
    }

    /// Blocks until loading and classification are done (tests; the window never calls it).
    pub fn wait_for_jobs(&mut self) {
        if let Some(l) = self.load.take() {
            let r = l.job.wait();
            self.finish_load(l, r);
        }
        if let Some(ws) = &mut self.workspace {
            ws.finish_pending();
        }
        self.sync();
    }

    pub fn is_playing(&self) -> bool {
        self.ui.playing
    }

    pub fn is_loading(&self) -> bool {
        self.load.is_some()
    }

    /// The year shown, if any.
    pub fn current_year(&self) -> Option<i32> {
        let ws = self.workspace.as_ref()?;
        ws.table()?.years.get(ws.year).copied()
    }

    /// Screen position of a district on the map (tests click there).
    pub fn district_on_map(&self, d: usize) -> Option<egui::Pos2> {
        self.map.district_position(self.workspace.as_ref()?, d)
    }

    /// Screen position of a district's bar in the ranking (tests click there).
    pub fn ranking_bar(&self, d: usize) -> Option<egui::Pos2> {
        self.ui.plots.bar_position(self.workspace.as_ref()?, d)
    }

    /// Screen position of a district's point in the scatter (tests click there).
    pub fn scatter_point(&self, d: usize) -> Option<egui::Pos2> {
        self.ui.arrival.scatter_position(d)
    }

    /// Screen position of scatter coordinates (tests drag there).
    pub fn scatter_to_screen(&self, x: f64, y: f64) -> Option<egui::Pos2> {
        self.ui.arrival.scatter_to_screen(x, y)
    }

    /// Screen position of a timeline cell (district, year index) (tests click there).
    pub fn timeline_cell(&self, d: usize, year: usize) -> Option<egui::Pos2> {
        self.ui.arrival.timeline_position(d, year)
    }

    /// What is saved between runs: files, fields, the view with selection and camera.
    pub fn working_state(&self) -> SavedState {
        let mut saved = self.saved.clone();
        saved.view = self.view.clone();
        saved.view.camera = self.map.camera;
        saved.view.selection = self.selection_keys();
        saved
    }

    /// Writes the autosave now if the state changed, and waits for it (tests).
    pub fn autosave_now(&mut self) {
        if let Some(mut a) = self.autosave.take() {
            a.tick(|| self.working_state(), true);
            a.flush();
            self.autosave = Some(a);
        }
    }

    /// Queues an action as if a view had emitted it (tests, and file drops).
    pub fn push(&mut self, a: Action) {
        self.actions.push(a);
    }

    fn poll_jobs(&mut self) {
        if let Some(l) = &self.load
            && let Some(r) = l.job.poll()
            && let Some(l) = self.load.take()
        {
            self.finish_load(l, r);
        }
        if let Some((kind, job)) = &self.dialog
            && let Some(r) = job.poll()
        {
            let kind = *kind;
            self.dialog = None;
            if let Ok(Some(path)) = r {
                self.actions.push(Action::OpenFile(kind, path));
            }
        }
        if let Some((missing, job)) = &self.relocate_dialog
            && let Some(r) = job.poll()
        {
            let missing = missing.clone();
            self.relocate_dialog = None;
            if let Ok(Some(to)) = r {
                self.actions.push(Action::RelocateFile { missing, to });
            }
        }
        if let Some((e, job)) = &self.map_dialog
            && let Some(r) = job.poll()
        {
            let e = *e;
            self.map_dialog = None;
            if let Ok(Some(path)) = r {
                self.export_map(e, path);
            }
        }
        if let Some(job) = &self.map_job
            && let Some(r) = job.poll()
        {
            self.map_job = None;
            let lang = self.view.lang;
            self.message = Some(match r {
                Ok(Ok(p)) => Message::Notice(lang.f(T::Exported, &[&p.display().to_string()])),
                Ok(Err(e)) => Message::Error(e),
                Err(()) => Message::Error("the export stopped unexpectedly".into()),
            });
        }
        if let Some((target, job)) = &self.save_dialog
            && let Some(r) = job.poll()
        {
            let target = *target;
            self.save_dialog = None;
            if let Ok(Some(path)) = r {
                match target {
                    SaveTarget::Flags => self.export_flags(&path),
                    SaveTarget::Table(style) => self.export_table(&path, style),
                    SaveTarget::GeoJson => self.export_geojson(&path),
                    SaveTarget::Report => self.export_report(path),
                    SaveTarget::Project => self.save_project(&path),
                }
            }
        }
    }

    /// Renders the map as shown to `path` on a worker thread (the scene is built here, from
    /// the screen's state; rasterising and writing happen off the UI thread).
    pub fn export_map(&mut self, e: export_dialog::MapExport, path: PathBuf) {
        let Some(ws) = &self.workspace else { return };
        match export_dialog::scene_of_view(ws, &self.view, &e) {
            Ok(scene) => {
                self.map_job = Some(Job::spawn(
                    move |_| export_dialog::write_scene(&scene, e.format, &path).map(|()| path),
                    self.wake(),
                ));
            }
            Err(err) => self.message = Some(Message::Error(err)),
        }
    }

    /// Blocks until a map export is written (tests).
    pub fn wait_for_export(&mut self) {
        if let Some(job) = self.map_job.take() {
            let lang = self.view.lang;
            self.message = Some(match job.wait() {
                Ok(Ok(p)) => Message::Notice(lang.f(T::Exported, &[&p.display().to_string()])),
                Ok(Err(e)) => Message::Error(e),
                Err(()) => Message::Error("the export stopped unexpectedly".into()),
            });
        }
    }

    /// Writes the joined table (one row per district and year) to `path`.
    pub fn export_table(&mut self, path: &std::path::Path, style: crate::export::joined::CsvStyle) {
        let Some(ws) = &self.workspace else { return };
        let r = crate::atomic_write::write_atomic_with(path, |f| {
            crate::export::joined::write_joined_csv(f, &ws.dataset, style)
        });
        self.report_written(path, r);
    }

    /// Writes the boundaries with the shown year's values to `path`.
    pub fn export_geojson(&mut self, path: &std::path::Path) {
        let Some(ws) = &self.workspace else { return };
        let r = crate::atomic_write::write_atomic_with(path, |f| {
            crate::export::joined::write_joined_geojson(f, &ws.dataset, ws.year)
        });
        self.report_written(path, r);
    }

    fn report_written(&mut self, path: &std::path::Path, r: Result<(), String>) {
        let lang = self.view.lang;
        self.message = Some(match r {
            Ok(()) => Message::Notice(lang.f(T::Exported, &[&path.display().to_string()])),
            Err(e) => Message::Error(e),
        });
    }

    /// Writes the flagged districts (same columns as `arrival-atlas flags`) to `path`.
    pub fn export_flags(&mut self, path: &std::path::Path) {
        let Some(ws) = &self.workspace else { return };
        let written = crate::atomic_write::write_atomic_with(path, |f| {
            crate::rules::write_flags(f, &ws.dataset, &ws.rules, &ws.rule_results)
        });
        self.report_written(path, written);
    }

    fn finish_load(
        &mut self,
        l: PendingLoad,
        r: Result<Result<Box<Loaded>, jobs::LoadFailed>, ()>,
    ) {
        let PendingLoad {
            paths,
            opts,
            restore_view,
            project,
            ..
        } = l;
        if !matches!(r, Ok(Ok(_))) {
            // Nothing of a failed load (or of its project) reaches the view.
            self.restore = None;
            self.restore_extent = None;
        }
        match r {
            Ok(Ok(loaded)) => {
                if let Some(p) = project {
                    self.apply_project(*p);
                }
                self.generation += 1;
                let ws = Workspace::new(*loaded, self.generation);
                let (keys, camera) = match (restore_view, self.restore.take()) {
                    (true, Some(r)) => r,
                    _ => (Vec::new(), None),
                };
                self.selection.set_all(ws.districts_with_keys(&keys));
                self.map.reset(camera, self.generation);
                if let Some(e) = self.restore_extent.take() {
                    self.map.show_extent(Some(e), self.generation);
                }
                self.saved.remember(&paths);
                self.saved.paths = Some(paths);
                self.saved.key_field = Some(ws.dataset.districts.key_field.clone());
                self.saved.crs = opts.crs;
                self.saved.sheet = opts.sheet.clone();
                self.saved.aliases = opts.aliases.clone();
                self.saved.layer = opts.layer.clone();
                self.crs_choice = None;
                self.saved.name_field = ws.dataset.districts.name_field.clone();
                // A join with loose ends opens its report.
                if let Some(j) = &ws.dataset.join {
                    self.ui.show_join |= !j.report.unmatched_table_keys.is_empty()
                        || !j.report.districts_without_data.is_empty();
                }
                if matches!(
                    self.message,
                    Some(Message::Error(_) | Message::JoinMismatch(_))
                ) {
                    self.message = None;
                }
                // A join matching nothing or under half is said in the banner.
                if let Some(m) = ws.dataset.join_mismatch() {
                    self.message = Some(Message::JoinMismatch(m));
                }
                self.saved.table_key_column = opts.table_key_column.clone();
                if self.view.rules.rules.is_empty() {
                    self.view.rules = crate::rules::default_rules(ws.table());
                    self.view.active_rule = (!self.view.rules.rules.is_empty()).then_some(0);
                }
                self.workspace = Some(ws);
                self.ui.playing = false;
            }
            Ok(Err(e)) => {
                if e.crs {
                    // The boundaries' coordinate system is unknown or wrong: offer the list.
                    self.crs_choice = Some(crs_picker::CrsChoice {
                        paths,
                        opts,
                        project,
                        message: e.message.clone(),
                        code: String::new(),
                        code_error: None,
                    });
                }
                self.message = Some(Message::Error(e.message));
            }
            Err(()) => self.message = Some(Message::Error("loading stopped unexpectedly".into())),
        }
    }

    /// Applies the queued actions, in order.
    fn apply_actions(&mut self) {
        let actions = std::mem::take(&mut self.actions);
        if !actions.is_empty() {
            self.ctx.request_repaint();
        }
        for a in actions {
            self.apply(a);
        }
    }

    fn current_paths(&self) -> Option<DatasetPaths> {
        self.workspace.as_ref().map(|w| w.dataset.paths.clone())
    }

    fn apply(&mut self, a: Action) {
        let lang = self.view.lang;
        match a {
            Action::OpenDataset(p) => self.start_load(p, DatasetOptions::default(), false),
            Action::OpenFile(FileKind::Project, path) => self.open_project(&path),
            Action::OpenFile(kind, path) => self.open_files(vec![(kind, path)]),
            Action::OpenDropped(paths) => {
                let mut files = Vec::new();
                for p in paths {
                    match kind_of(&p) {
                        Some(k) => files.push((k, p)),
                        None => {
                            let name = p.display().to_string();
                            self.message = Some(Message::Error(lang.f(T::UnknownDrop, &[&name])));
                        }
                    }
                }
                // A dropped project opens alone (it names its own data files).
                if let Some(i) = files.iter().position(|(k, _)| *k == FileKind::Project) {
                    let (_, p) = files.swap_remove(i);
                    self.open_project(&p);
                } else if !files.is_empty() {
                    self.open_files(files);
                }
            }
            Action::Pick(kind) => {
                if self.dialog.is_none() {
                    self.dialog = Some((kind, files::pick(kind, self.wake())));
                }
            }
            Action::OpenDemo => {
                self.start_load(demo_paths(&demo_root()), DatasetOptions::default(), false)
            }
            Action::SetKeyField(f) => self.edit_dataset(|ds| ds.set_key_field(&f)),
            Action::SetNameField(f) => {
                self.edit_dataset(|ds| ds.districts.set_name_field(f.as_deref()))
            }
            Action::SetIndicator(id) => {
                self.view.indicator = Some(id);
                // Keep the year if the new indicator has it; `sync` falls back otherwise.
            }
            Action::SetYear(y) => self.view.year = Some(y),
            Action::StepYear(step) => self.step_year(step, false),
            Action::TogglePlay => {
                self.ui.playing = !self.ui.playing;
                self.ui.last_step = self.ctx.input(|i| i.time);
            }
            Action::SetSpeed(s) => self.view.play_speed = s.clamp(0.25, 16.0),
            Action::SetStyling(s) => self.view.styling = s,
            Action::Select { district, add } => self.selection.click(district, add),
            Action::ClearSelection => self.selection.clear(),
            Action::SetLang(l) => self.view.lang = l,
            Action::SetLabels(b) => self.view.labels = b,
            Action::ShowJoinReport(b) => self.ui.show_join = b,
            Action::DismissMessage => self.message = None,
            Action::SetRules(r) => {
                let n = r.rules.len();
                self.view.rules = r;
                if self.view.active_rule.is_some_and(|a| a >= n) {
                    self.view.active_rule = n.checked_sub(1);
                }
            }
            Action::SetActiveRule(r) => self.view.active_rule = r,
            Action::SetMapMode(m) => self.view.map_mode = m,
            Action::SetChangeFrom(y) => self.view.change_from = Some(y),
            Action::SetPersistRange(a, b) => {
                self.view.persist_from = a;
                self.view.persist_to = b;
            }
            Action::SetTransitionFrom(y) => self.view.transition_from = Some(y),
            Action::SetScatterAxes(x, y) => {
                self.view.scatter_x = x;
                self.view.scatter_y = y;
            }
            Action::SetTrails(b) => self.view.trails = b,
            Action::SetTab(t) => self.view.tab = t,
            Action::SetPresenting(on) => {
                self.presenting = on;
                // The map area and type size change: fit the map to the new view.
                self.map.camera = None;
                self.ctx
                    .send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
                self.ctx.set_zoom_factor(if on {
                    self.view.presentation_scale.clamp(1.0, 3.0)
                } else {
                    1.0
                });
            }
            Action::SetPresentationScale(x) => {
                self.view.presentation_scale = x.clamp(1.0, 3.0);
                if self.presenting {
                    self.ctx.set_zoom_factor(self.view.presentation_scale);
                }
            }
            Action::SelectOnly(ds) => self.selection.set_all(ds),
            Action::SelectAt { district, year } => {
                self.selection.click(district, false);
                self.view.year = Some(year);
            }
            Action::ShowExport(b) => self.ui.export.open = b,
            Action::ExportMap(e) => {
                if self.map_dialog.is_none() {
                    let job = files::pick_save_map(e.format.extension(), self.wake());
                    self.map_dialog = Some((e, job));
                }
            }
            Action::ExportFlags => self.ask_save(SaveTarget::Flags),
            Action::ExportTable(style) => self.ask_save(SaveTarget::Table(style)),
            Action::SaveScene(name) => self.save_scene(&name),
            Action::ShowScene(i) => self.show_scene(i),
            Action::StepScene(step) => self.step_scene(step),
            Action::RenameScene(i, name) => self.rename_scene(i, &name),
            Action::MoveScene(i, step) => self.move_scene(i, step),
            Action::UpdateScene(i) => self.update_scene(i),
            Action::DeleteScene(i) => self.delete_scene(i),
            Action::PickProject => {
                if self.dialog.is_none() {
                    let job = files::pick(FileKind::Project, self.wake());
                    self.dialog = Some((FileKind::Project, job));
                }
            }
            Action::SaveProject => match self.project_file.clone() {
                Some(f) => self.save_project(&f),
                None => self.apply(Action::PickSaveProject),
            },
            Action::PickSaveProject => self.ask_save(SaveTarget::Project),
            Action::OpenProject(p) => self.open_project(&p),
            Action::SaveProjectAs(p) => self.save_project(&p),
            Action::RelocateFile { missing, to } => self.relocate(&missing, to),
            Action::PickRelocation(missing) => {
                if self.relocate_dialog.is_none() {
                    let kind = match missing.extension().and_then(|e| e.to_str()) {
                        Some("csv" | "tsv" | "txt") => FileKind::Table,
                        _ if missing.to_string_lossy().ends_with(".meta.json") => FileKind::Meta,
                        _ => FileKind::Boundaries,
                    };
                    self.relocate_dialog = Some((missing, files::pick(kind, self.wake())));
                }
            }
            Action::CancelProject => self.relocation = None,
            Action::ChooseCrs(crs) => {
                if let Some(c) = self.crs_choice.take() {
                    let opts = DatasetOptions {
                        crs: Some(crs),
                        ..c.opts
                    };
                    self.begin_load(c.paths, opts, c.project.is_some(), c.project);
                }
            }
            Action::CancelCrs => self.crs_choice = None,
            Action::AcceptAliases(pairs) => self.edit_dataset(|ds| {
                ds.aliases.extend(pairs);
                Ok(())
            }),
            Action::SetTableKey(column) => {
                if let Some(paths) = self.current_paths() {
                    // The table is read again with that key; the boundary field follows it.
                    let opts = DatasetOptions {
                        key_field: None,
                        table_key_column: Some(column),
                        ..self.saved.options()
                    };
                    self.start_load(paths, opts, true);
                }
            }
            Action::SetLayer(layer) => {
                if let Some(paths) = self.current_paths() {
                    // Other boundaries: their key and name fields are chosen anew.
                    let opts = DatasetOptions {
                        key_field: None,
                        name_field: None,
                        layer: Some(layer),
                        ..self.saved.options()
                    };
                    self.start_load(paths, opts, false);
                }
            }
            Action::SetSheet(sheet) => {
                if let Some(paths) = self.current_paths() {
                    let opts = DatasetOptions {
                        sheet: Some(sheet),
                        ..self.saved.options()
                    };
                    self.start_load(paths, opts, false);
                }
            }
            Action::ExportReport => self.ask_save(SaveTarget::Report),
            Action::ExportGeoJson => self.ask_save(SaveTarget::GeoJson),
        }
    }

    /// Shows the save dialog for `target` (one at a time).
    fn ask_save(&mut self, target: SaveTarget) {
        if self.save_dialog.is_none() {
            let (title, name, filter, ext) = target.dialog();
            let job = files::pick_save(title, name, filter, ext, self.wake());
            self.save_dialog = Some((target, job));
        }
    }

    /// Reloads with some files replaced; the current data stays until the new load succeeds.
    fn open_files(&mut self, files: Vec<(FileKind, PathBuf)>) {
        let mut paths = self
            .current_paths()
            .unwrap_or_else(|| demo_paths(&demo_root()));
        let mut new_boundaries = false;
        for (kind, p) in files {
            match kind {
                FileKind::Boundaries => {
                    paths.boundaries = p;
                    new_boundaries = true;
                }
                FileKind::Table => {
                    paths.table = Some(p);
                    paths.meta = None; // found beside the new table, if any
                }
                FileKind::Meta => paths.meta = Some(p),
                FileKind::Project => {}
            }
        }
        let opts = if new_boundaries {
            DatasetOptions::default()
        } else {
            // Same boundaries: their name field, system, layer and aliases still hold; the key
            // field is chosen again to fit the new table.
            DatasetOptions {
                key_field: None,
                sheet: None,
                ..self.saved.options()
            }
        };
        self.start_load(paths, opts, false);
    }

    /// Changes the loaded data set in place (key or name field): re-join and re-classify.
    fn edit_dataset(&mut self, f: impl FnOnce(&mut crate::dataset::Dataset) -> Result<(), String>) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        let mut ds = (*ws.dataset).clone();
        match f(&mut ds) {
            Ok(()) => {
                ds.rejoin();
                self.saved.aliases = ds.aliases.clone();
                self.saved.key_field = Some(ds.districts.key_field.clone());
                self.saved.name_field = ds.districts.name_field.clone();
                let geometry = ws.geometry.as_deref().cloned();
                let generation = ws.generation;
                let mut new = Workspace::new(
                    Loaded {
                        dataset: ds,
                        geometry,
                    },
                    generation,
                );
                // Same districts: the GPU keeps its buffers, colours are re-uploaded.
                new.fills_version = ws.fills_version + 1;
                *ws = new;
            }
            Err(e) => self.message = Some(Message::Error(e)),
        }
    }

    /// Moves through the indicator's years; wraps around when playing.
    fn step_year(&mut self, step: i32, wrap: bool) {
        let Some(ws) = &self.workspace else { return };
        let (Some(t), Some(ind)) = (ws.table(), ws.indicator) else {
            return;
        };
        let years = &ws.indicator_years[ind];
        if years.is_empty() {
            return;
        }
        let pos = years.iter().position(|&y| y == ws.year).unwrap_or(0) as i64;
        let n = years.len() as i64;
        let next = pos + i64::from(step);
        let next = if wrap {
            next.rem_euclid(n)
        } else {
            next.clamp(0, n - 1)
        };
        self.view.year = Some(t.years[years[next as usize]]);
    }

    fn sync(&mut self) {
        let wake = self.wake();
        if let Some(ws) = &mut self.workspace {
            ws.sync(&self.view, &self.selection, wake);
            // Once a classification is shown, the view holds the year actually displayed (an
            // indicator without the requested year falls back to its latest).
            if ws.indicator.is_some()
                && let Some(t) = ws.table()
            {
                self.view.year = t.years.get(ws.year).copied().or(self.view.year);
            }
        }
    }

    fn handle_input(&mut self, ctx: &egui::Context) {
        if !ctx.egui_wants_keyboard_input() {
            let (left, right, esc, space, f11, page) = ctx.input(|i| {
                (
                    i.key_pressed(egui::Key::ArrowLeft),
                    i.key_pressed(egui::Key::ArrowRight),
                    i.key_pressed(egui::Key::Escape),
                    i.key_pressed(egui::Key::Space),
                    i.key_pressed(egui::Key::F11),
                    i32::from(i.key_pressed(egui::Key::PageDown))
                        - i32::from(i.key_pressed(egui::Key::PageUp)),
                )
            });
            // Scenes as slides.
            if page != 0 {
                self.actions.push(Action::StepScene(page));
            }
            if f11 {
                self.actions.push(Action::SetPresenting(!self.presenting));
            }
            if space && self.presenting {
                self.actions.push(Action::TogglePlay);
            }
            if left {
                self.actions.push(Action::StepYear(-1));
            }
            if right {
                self.actions.push(Action::StepYear(1));
            }
            // In presentation mode Esc leaves it first; otherwise it clears the selection.
            if esc && self.presenting {
                self.actions.push(Action::SetPresenting(false));
            } else if esc {
                self.actions.push(Action::ClearSelection);
            }
        }
        let (dropped, hovering): (Vec<PathBuf>, bool) = ctx.input(|i| {
            (
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .collect(),
                !i.raw.hovered_files.is_empty(),
            )
        });
        self.ui.hovered_files = hovering;
        if !dropped.is_empty() {
            self.actions.push(Action::OpenDropped(dropped));
        }
        // Playback: one year per 1/speed seconds.
        if self.ui.playing {
            let now = ctx.input(|i| i.time);
            let period = 1.0 / f64::from(self.view.play_speed.max(0.1));
            if now - self.ui.last_step >= period {
                self.ui.last_step = now;
                self.step_year(1, true);
            }
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(period / 4.0));
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let lang = self.view.lang;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(lang.t(T::File), |ui| {
                for (t, k) in [
                    (T::OpenBoundaries, FileKind::Boundaries),
                    (T::OpenTable, FileKind::Table),
                    (T::OpenMeta, FileKind::Meta),
                ] {
                    if ui.button(lang.t(t)).clicked() {
                        self.actions.push(Action::Pick(k));
                        ui.close();
                    }
                }
                ui.separator();
                for (t, a) in [
                    (T::OpenProject, Action::PickProject),
                    (T::SaveProject, Action::SaveProject),
                    (T::SaveProjectAs, Action::PickSaveProject),
                ] {
                    if ui.button(lang.t(t)).clicked() {
                        self.actions.push(a);
                        ui.close();
                    }
                }
                ui.separator();
                ui.menu_button(lang.t(T::RecentFiles), |ui| {
                    if self.saved.recent.is_empty() {
                        ui.label(lang.t(T::NoRecentFiles));
                    }
                    for p in &self.saved.recent {
                        let label = match &p.table {
                            Some(t) => format!("{} + {}", file_name(&p.boundaries), file_name(t)),
                            None => file_name(&p.boundaries),
                        };
                        if ui
                            .button(label)
                            .on_hover_text(p.boundaries.display().to_string())
                            .clicked()
                        {
                            self.actions.push(Action::OpenDataset(p.clone()));
                            ui.close();
                        }
                    }
                });
                if ui.button(lang.t(T::ExportMap)).clicked() {
                    self.actions.push(Action::ShowExport(true));
                    ui.close();
                }
                let report = if self.selection.is_empty() {
                    lang.t(T::ReportAll).to_owned()
                } else {
                    lang.f(T::ReportSelected, &[&self.selection.len().to_string()])
                };
                if ui.button(report).clicked() {
                    self.actions.push(Action::ExportReport);
                    ui.close();
                }
                if ui.button(lang.t(T::ExportFlags)).clicked() {
                    self.actions.push(Action::ExportFlags);
                    ui.close();
                }
                for (text, style) in [
                    (
                        T::ExportTableNeutral,
                        crate::export::joined::CsvStyle::Neutral,
                    ),
                    (
                        T::ExportTableGerman,
                        crate::export::joined::CsvStyle::Language(crate::i18n::Lang::De),
                    ),
                ] {
                    if ui.button(lang.t(text)).clicked() {
                        self.actions.push(Action::ExportTable(style));
                        ui.close();
                    }
                }
                if ui.button(lang.t(T::ExportGeoJson)).clicked() {
                    self.actions.push(Action::ExportGeoJson);
                    ui.close();
                }
                if ui.button(lang.t(T::OpenDemo)).clicked() {
                    self.actions.push(Action::OpenDemo);
                    ui.close();
                }
                ui.separator();
                if ui.button(lang.t(T::Quit)).clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button(lang.t(T::View), |ui| {
                let mut labels = self.view.labels;
                if ui.checkbox(&mut labels, lang.t(T::ShowLabels)).changed() {
                    self.actions.push(Action::SetLabels(labels));
                }
                if ui.button(lang.t(T::JoinReport)).clicked() {
                    self.actions.push(Action::ShowJoinReport(true));
                    ui.close();
                }
                ui.separator();
                if ui.button(lang.t(T::Present)).clicked() {
                    self.actions.push(Action::SetPresenting(true));
                    ui.close();
                }
                let mut scale = self.view.presentation_scale;
                let r = ui.add(
                    egui::Slider::new(&mut scale, 1.0..=3.0).text(lang.t(T::PresentationScale)),
                );
                a11y::name(&r, lang.t(T::PresentationScale));
                if r.changed() {
                    self.actions.push(Action::SetPresentationScale(scale));
                }
            });
            if ui.button(lang.t(T::Present)).clicked() {
                self.actions.push(Action::SetPresenting(true));
            }
            ui.menu_button(lang.t(T::Language), |ui| {
                for l in crate::i18n::Lang::ALL {
                    if ui.radio(self.view.lang == l, l.native_name()).clicked() {
                        self.actions.push(Action::SetLang(l));
                        ui.close();
                    }
                }
            });
            if !self.selection.is_empty() {
                ui.separator();
                ui.label(lang.f(T::Selected, &[&self.selection.len().to_string()]));
                if ui
                    .small_button("×")
                    .on_hover_text(lang.t(T::ClearSelection))
                    .clicked()
                {
                    self.actions.push(Action::ClearSelection);
                }
            }
        });
    }

    fn banner(&mut self, ui: &mut egui::Ui) {
        let lang = self.view.lang;
        if let Some(l) = &self.load {
            let stage = usize::from(l.job.stage()).min(LOAD_STAGES.len() - 1);
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.f(T::Loading, &[&file_name(&l.paths.boundaries)]));
                ui.add(
                    egui::ProgressBar::new((stage as f32 + 0.5) / LOAD_STAGES.len() as f32)
                        .desired_width(220.0)
                        .text(lang.t(LOAD_STAGES[stage])),
                );
            });
        }
        if let Some(m) = &self.message {
            let (text, color) = match m {
                Message::Error(e) => (
                    format!(
                        "{} {}",
                        lang.f(T::LoadFailed, &[e]),
                        if self.workspace.is_some() {
                            lang.t(T::KeptPrevious)
                        } else {
                            ""
                        }
                    ),
                    ui.visuals().error_fg_color,
                ),
                Message::Notice(n) => (n.clone(), ui.visuals().warn_fg_color),
                Message::JoinMismatch(m) => (
                    lang.f(
                        T::JoinMismatch,
                        &[
                            &m.matched.to_string(),
                            &m.districts.to_string(),
                            &m.key_field,
                            &m.district_examples,
                            &m.table_key_column,
                            &m.table_examples,
                        ],
                    ),
                    ui.visuals().warn_fg_color,
                ),
            };
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(color, text);
                if ui.small_button(lang.t(T::Dismiss)).clicked() {
                    self.actions.push(Action::DismissMessage);
                }
            });
        }
    }
}

/// What a save dialog is for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum SaveTarget {
    Flags,
    Table(crate::export::joined::CsvStyle),
    GeoJson,
    Report,
    Project,
}

impl SaveTarget {
    /// The save dialog's title, suggested file name, filter name and extension.
    fn dialog(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            SaveTarget::Flags => ("Export flagged districts", "flags.csv", "CSV", "csv"),
            SaveTarget::Table(_) => ("Export joined table", "joined.csv", "CSV", "csv"),
            SaveTarget::GeoJson => (
                "Export boundaries with data",
                "districts_with_data.geojson",
                "GeoJSON",
                "geojson",
            ),
            SaveTarget::Report => ("District report", "district_report.pdf", "PDF", "pdf"),
            SaveTarget::Project => (
                "Save project",
                "project.atlas.json",
                "Arrival Atlas project",
                "json",
            ),
        }
    }
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl eframe::App for AtlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_jobs();
        self.sync();
        self.handle_input(&ctx);
        let lang = self.view.lang;

        // Presenting: only the map and the time bar; the editing panels and windows are hidden.
        let presenting = self.presenting && self.workspace.is_some();
        if !presenting {
            egui::Panel::top("menu").show(ui, |ui| {
                self.menu_bar(ui);
                self.banner(ui);
            });
        }
        if let Some(ws) = &self.workspace {
            if !presenting {
                egui::Panel::left("controls")
                    .default_size(270.0)
                    .resizable(true)
                    .show(ui, |ui| {
                        egui::ScrollArea::vertical().show(ui, |ui| {
                            scenes_panel::scenes_panel(
                                ui,
                                &self.view,
                                &mut self.ui.scenes,
                                &mut self.actions,
                            );
                            ui.separator();
                            controls::side_panel(
                                ui,
                                ws,
                                &self.view,
                                &mut self.ui.breaks,
                                &mut self.actions,
                            );
                            ui.separator();
                            rules_panel::rules_panel(ui, ws, &self.view, &mut self.actions);
                        });
                    });
            }
            egui::Panel::bottom("time").show(ui, |ui| {
                ui.add_space(4.0);
                time_bar::time_bar(ui, ws, &self.view, self.ui.playing, &mut self.actions);
                ui.add_space(4.0);
            });
            if !presenting {
                egui::Panel::right("plots")
                    .default_size(470.0)
                    .resizable(true)
                    .show(ui, |ui| {
                        ui.horizontal(|ui| {
                            for (tab, text) in [
                                (RightTab::DrillDown, T::DrillDownTab),
                                (RightTab::Arrival, T::ArrivalTab),
                            ] {
                                if ui
                                    .selectable_label(self.view.tab == tab, lang.t(text))
                                    .clicked()
                                {
                                    self.actions.push(Action::SetTab(tab));
                                }
                            }
                        });
                        ui.separator();
                        egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
                            match self.view.tab {
                                RightTab::DrillDown => {
                                    plots::time_series(
                                        ui,
                                        ws,
                                        &self.view,
                                        &self.selection,
                                        &mut self.actions,
                                    );
                                    ui.separator();
                                    plots::ranking(
                                        ui,
                                        ws,
                                        &self.view,
                                        &self.selection,
                                        &mut self.ui.plots,
                                        &mut self.actions,
                                    );
                                    ui.separator();
                                    profile::profile(ui, ws, &self.view, &self.selection);
                                }
                                RightTab::Arrival => arrival_views::arrival_views(
                                    ui,
                                    ws,
                                    &self.view,
                                    &self.selection,
                                    &mut self.ui.arrival,
                                    &mut self.actions,
                                ),
                            }
                        });
                    });
            }
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE)
                .show(ui, |ui| {
                    self.map.show(
                        ui,
                        ws,
                        &self.view,
                        &self.selection,
                        &mut self.actions,
                        self.presenting,
                    );
                });
            if presenting {
                egui::Area::new(egui::Id::unique("leave_presentation"))
                    // Top right, left of the zoom buttons: clear of the title.
                    .anchor(egui::Align2::RIGHT_TOP, egui::Vec2::new(-76.0, 8.0))
                    .show(&ctx, |ui| {
                        // On a frame: the map's labels run underneath.
                        egui::Frame::popup(ui.style()).show(ui, |ui| {
                            ui.horizontal(|ui| {
                                if let Some(i) = self.view.current_scene
                                    && let Some(s) = self.view.scenes.get(i)
                                {
                                    ui.label(lang.f(
                                        T::SceneOf,
                                        &[
                                            &(i + 1).to_string(),
                                            &self.view.scenes.len().to_string(),
                                            &s.name,
                                        ],
                                    ));
                                }
                                if ui.small_button(lang.t(T::LeavePresentation)).clicked() {
                                    self.actions.push(Action::SetPresenting(false));
                                }
                            });
                        });
                    });
            } else {
                self.ui.export.show(&ctx, &self.view, &mut self.actions);
                let mut open = self.ui.show_join;
                join_panel::join_window(&ctx, &mut open, ws, lang, &mut self.actions);
                if open != self.ui.show_join {
                    self.actions.push(Action::ShowJoinReport(open));
                }
            }
        } else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.centered_and_justified(|ui| ui.label(lang.t(T::DropHint)));
            });
        }
        if let Some(r) = &self.relocation {
            project_io::relocation_window(&ctx, r, lang, &mut self.actions);
        }
        if let Some(c) = &mut self.crs_choice {
            crs_picker::crs_window(&ctx, c, lang, &mut self.actions);
        }
        if self.ui.hovered_files {
            egui::Area::new(egui::Id::unique("drop_hint"))
                .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                .show(&ctx, |ui| {
                    egui::Frame::popup(ui.style())
                        .inner_margin(24.0)
                        .show(ui, |ui| {
                            ui.heading(lang.t(T::DropHint));
                        });
                });
        }
        self.apply_actions();
        self.sync();
        // Cheap unless two seconds have passed; the state is only built then.
        if let Some(mut a) = self.autosave.take() {
            a.tick(|| self.working_state(), false);
            self.autosave = Some(a);
        }
        if self.load.is_some()
            || self.dialog.is_some()
            || self.workspace.as_ref().is_some_and(|w| w.is_classifying())
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let saved = self.working_state();
        // JSON rather than eframe's RON: rule operators (">=") are not RON identifiers.
        if let Ok(text) = serde_json::to_string(&saved) {
            storage.set_string(STORAGE_KEY, text);
        }
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        self.autosave_now();
        self.map.destroy(gl);
    }
}
