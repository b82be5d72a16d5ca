//! The session: everything a person works on, without a window. It holds the view state (what
//! is shown), the selection, the workspace (loaded data and derived caches), background jobs,
//! the undo history, autosave and the project in use, and applies [`Action`]s to them. The
//! desktop app (`arrival_atlas::app`) draws from a session and turns input into actions; the command
//! line and the tests drive the same session without a window.
//!
//! What only a window can do (file dialogs, full screen, type zoom, the clipboard) the session
//! asks for as [`Request`]s, which the app takes each frame and a headless caller may ignore.

pub mod actions;
mod apply;
pub mod autosave;
pub mod context;
mod cursor;
pub mod data_table;
mod examples;
mod exports;
pub mod files;
pub mod geographies;
pub mod headless;
pub mod history;
pub mod indices;
pub mod jobs;
mod loading;
pub mod map_export;
pub mod project;
mod project_io;
mod requests;
pub mod segregation;
pub mod spatial;
pub mod state;
pub mod table_query;
pub mod workspace;

pub use actions::{Action, Direction, Window};
pub use atlas_analysis::profile::{ProfileRow, profile_rows};
pub use autosave::default_path as autosave_path;
pub use examples::Example;
pub use files::{FileKind, SaveTarget, kind_of};
pub use map_export::{MapExport, MapFormat};
pub use project_io::{CrsChoice, OpenedProject, Relocation};
pub use requests::{CameraRequest, MapCamera, Message, Request};
pub use state::{ContextSpec, MapMode, RightTab, SavedState, Selection, Styling, ViewState};
pub use workspace::{Workspace, spec_for};

use atlas_data::dataset::{DatasetOptions, DatasetPaths, demo_paths};
use atlas_i18n::T;
use atlas_scene::Camera;
use jobs::{Job, Loaded};
use std::path::PathBuf;
use std::sync::Arc;

/// Where the bundled demo city lives: the repository root when run from the repository (cargo
/// run; this crate sits in `crates/session/`), else beside the executable, else the current
/// directory.
pub fn demo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
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
    /// The language to start in (`--lang`); `None`: the saved choice.
    pub lang: Option<atlas_i18n::Lang>,
}

pub(crate) struct PendingLoad {
    pub paths: DatasetPaths,
    pub opts: DatasetOptions,
    pub job: Job<Result<Box<Loaded>, jobs::LoadFailed>>,
    /// Apply the saved view (indicator, year, selection, camera) once loaded.
    pub restore_view: bool,
    /// The project being opened, applied once its data has loaded.
    pub project: Option<Box<OpenedProject>>,
}

/// Wakes the front end when a job finishes (a repaint request; nothing headless).
pub type Wake = Arc<dyn Fn() + Send + Sync>;

pub struct Session {
    pub view: ViewState,
    /// Presentation mode: full screen, editing panels hidden, large type.
    pub presenting: bool,
    pub selection: Selection,
    /// The district under the keyboard cursor (map, ranking, timeline).
    pub cursor: Option<usize>,
    pub workspace: Option<Workspace>,
    pub message: Option<Message>,
    /// An index spec read from a file, for the index editor to take.
    pub opened_index: Option<atlas_analysis::index::IndexSpec>,
    /// The project file last opened or saved (File → Save project writes there).
    pub project_file: Option<PathBuf>,
    /// Playing through the years, and when the last step was taken (front-end clock, s).
    pub playing: bool,
    /// What undo restores after playing (the state when playback started).
    play_start: Option<history::Snapshot>,
    last_step: f64,
    clock: f64,
    /// Which windows are open (join report, export, data table, shortcuts).
    pub windows: std::collections::BTreeSet<Window>,
    /// The camera the map view last drew with.
    pub map: MapCamera,
    /// A camera change for the map view to take.
    pub camera_request: Option<CameraRequest>,
    /// A load that failed for want of a coordinate system, waiting for the user's choice.
    pub crs_choice: Option<CrsChoice>,
    /// A project waiting for moved data files to be found.
    pub relocation: Option<Relocation>,
    pub history: history::History,
    saved: SavedState,
    load: Option<PendingLoad>,
    /// A map or report being rendered and written.
    write_job: Option<Job<Result<PathBuf, String>>>,
    /// An aggregate or regrid being made (then loaded).
    made_job: Option<geographies::MadeJob>,
    /// The data set before the last aggregate or regrid (Data → Back to …).
    pub previous: Option<geographies::Previous>,
    /// How a made data set came about (aggregate or regrid report), with its files.
    made_report: Option<(
        DatasetPaths,
        Vec<atlas_analysis::geog::report_msg::ReportLine>,
    )>,
    autosave: Option<autosave::Autosave>,
    /// The context layer drawn over the map.
    context: context::ContextState,
    requests: Vec<Request>,
    generation: u64,
    /// Selection keys and camera to restore after the pending load.
    restore: Option<(Vec<String>, Option<Camera>)>,
    /// The map area of an opened project, shown once its data has loaded.
    restore_extent: Option<[f64; 4]>,
    wake: Wake,
}

impl Session {
    /// A session started as `startup` says; `stored` is the front end's own saved state
    /// (read when the autosave file has none). Loading starts on a worker thread.
    pub fn new(startup: Startup, stored: Option<SavedState>, wake: Wake) -> Session {
        Session::with_early_load(startup, stored, wake, None)
    }

    /// [`Session::new`] taking over a load of the command line's files started before
    /// (`early`, when it is of `startup.paths`).
    pub fn with_early_load(
        startup: Startup,
        stored: Option<SavedState>,
        wake: Wake,
        early: Option<jobs::EarlyLoad>,
    ) -> Session {
        // The autosave is at most seconds old; the front end's storage is written less often.
        let saved: SavedState = if startup.restore {
            startup
                .autosave
                .as_deref()
                .and_then(autosave::Autosave::read)
                .or(stored)
                .unwrap_or_default()
        } else {
            SavedState::default()
        };
        let mut s = Session {
            view: saved.view.clone(),
            presenting: false,
            selection: Selection::default(),
            cursor: None,
            workspace: None,
            message: None,
            opened_index: None,
            project_file: None,
            playing: false,
            play_start: None,
            last_step: 0.0,
            clock: 0.0,
            windows: Default::default(),
            map: MapCamera::default(),
            camera_request: None,
            crs_choice: None,
            relocation: None,
            history: history::History::default(),
            saved,
            load: None,
            write_job: None,
            made_job: None,
            context: Default::default(),
            previous: None,
            made_report: None,
            autosave: startup.autosave.clone().map(autosave::Autosave::new),
            requests: Vec::new(),
            generation: 0,
            restore: None,
            restore_extent: None,
            wake,
        };
        s.view.selection.clear();
        if let Some(l) = startup.lang {
            s.view.lang = l;
        }
        if let Some(p) = &startup.project {
            s.open_project(p);
            // Unreadable, or waiting for moved data files: the demo city meanwhile.
            if s.load.is_none() {
                s.start_load(demo_paths(&demo_root()), DatasetOptions::default(), false);
            }
            return s;
        }
        match startup.paths {
            Some(p) => match early.filter(|e| e.paths == p) {
                // Started with the same (default) options as `start_load` would.
                Some(e) => s.await_load(p, DatasetOptions::default(), e.job, (false, None)),
                None => s.start_load(p, DatasetOptions::default(), false),
            },
            None => match s.saved.paths.clone() {
                Some(p)
                    if p.boundaries.is_file() && p.table.as_ref().is_none_or(|t| t.is_file()) =>
                {
                    let opts = s.saved.options();
                    s.restore = Some((s.saved.view.selection.clone(), s.saved.view.camera));
                    s.start_load(p, opts, true);
                }
                Some(p) => {
                    let gone = p.boundaries.display().to_string();
                    s.message = Some(Message::Notice(s.view.lang.f(T::MissingFile, &[&gone])));
                    s.start_load(demo_paths(&demo_root()), DatasetOptions::default(), false);
                }
                None => s.start_load(demo_paths(&demo_root()), DatasetOptions::default(), false),
            },
        }
        s
    }

    /// A session without a front end (nothing to wake), as the tests and the CLI use it.
    pub fn headless(startup: Startup) -> Session {
        Session::new(startup, None, Arc::new(|| {}))
    }

    fn waker(&self) -> impl Fn() + Send + 'static {
        let w = self.wake.clone();
        move || w()
    }

    /// The front end's clock (seconds), read by playback.
    pub fn set_clock(&mut self, now: f64) {
        self.clock = now;
    }

    /// The requests made since the last call.
    pub fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.requests)
    }

    /// The recent data sets, most recent first.
    pub fn recent(&self) -> &[DatasetPaths] {
        &self.saved.recent
    }

    pub fn is_loading(&self) -> bool {
        self.load.is_some()
    }

    /// Whether anything runs in the background (the front end keeps polling then).
    pub fn is_busy(&self) -> bool {
        self.load.is_some()
            || self.write_job.is_some()
            || self.context.is_loading()
            || self.workspace.as_ref().is_some_and(|w| {
                w.is_classifying() || w.is_building_overlay() || w.is_evaluating_rules()
            })
    }

    /// The file being loaded and the stage reached (0..LOAD_STAGES), if loading.
    pub fn loading(&self) -> Option<(&std::path::Path, usize)> {
        let l = self.load.as_ref()?;
        let stage = usize::from(l.job.stage()).min(jobs::LOAD_STAGES.len() - 1);
        Some((&l.paths.boundaries, stage))
    }

    /// The year shown, if any.
    pub fn current_year(&self) -> Option<i32> {
        self.workspace.as_ref()?.shown_year()
    }

    /// What is saved between runs: files, fields, the view with selection and camera.
    pub fn working_state(&self) -> SavedState {
        let mut saved = self.saved.clone();
        saved.view = self.view.clone();
        saved.view.camera = self.map.camera;
        saved.view.selection = self.selection_keys();
        saved
    }

    /// Writes the autosave if two seconds have passed and the state changed (`force`: now).
    pub fn autosave_tick(&mut self, force: bool) {
        if let Some(mut a) = self.autosave.take() {
            a.tick(|| self.working_state(), force);
            if force {
                a.flush();
            }
            self.autosave = Some(a);
        }
    }

    /// Writes the autosave now if the state changed, and waits for it (tests, exit).
    pub fn autosave_now(&mut self) {
        self.autosave_tick(true);
    }

    /// Starts loading on a worker thread (replacing a load under way).
    fn start_load(&mut self, paths: DatasetPaths, opts: DatasetOptions, restore_view: bool) {
        self.begin_load(paths, opts, restore_view, None);
    }

    fn begin_load(
        &mut self,
        paths: DatasetPaths,
        opts: DatasetOptions,
        restore_view: bool,
        project: Option<Box<OpenedProject>>,
    ) {
        let job = jobs::spawn_load(paths.clone(), opts.clone(), self.waker());
        self.await_load(paths, opts, job, (restore_view, project));
    }

    /// Waits for `job`, a load of `paths` with `opts` — started here, or before the window
    /// opened ([`jobs::EarlyLoad`]).
    fn await_load(
        &mut self,
        paths: DatasetPaths,
        opts: DatasetOptions,
        job: Job<Result<Box<Loaded>, jobs::LoadFailed>>,
        (restore_view, project): (bool, Option<Box<OpenedProject>>),
    ) {
        self.load = Some(PendingLoad {
            paths,
            opts,
            job,
            restore_view,
            project,
        });
    }

    /// Takes the results of finished jobs (once per frame), then syncs the workspace.
    pub fn poll(&mut self) {
        if let Some(l) = &self.load
            && let Some(r) = l.job.poll()
            && let Some(l) = self.load.take()
        {
            self.finish_load(l, r);
        }
        if let Some(job) = &self.write_job
            && let Some(r) = job.poll()
        {
            self.write_job = None;
            self.written(r);
        }
        if let Some(job) = &self.made_job
            && let Some(r) = job.poll()
        {
            self.made_job = None;
            self.made(r);
        }
        self.sync_context(false);
        self.sync();
    }

    /// Blocks until loading and classification are done (tests and the CLI).
    pub fn wait_for_jobs(&mut self) {
        if let Some(job) = self.made_job.take() {
            let r = job.wait();
            self.made(r);
        }
        if let Some(l) = self.load.take() {
            let r = l.job.wait();
            self.finish_load(l, r);
        }
        self.sync_context(true);
        if let Some(ws) = &mut self.workspace {
            ws.finish_pending();
        }
        self.sync();
        // Work the sync just started (statistics a newly shown view needs) is waited for too.
        if let Some(ws) = &mut self.workspace
            && (ws.segregation.busy()
                || ws.spatial.busy()
                || ws.is_classifying()
                || ws.is_evaluating_rules()
                || ws.is_building_overlay())
        {
            ws.finish_pending();
            self.sync();
        }
    }

    /// Blocks until a map or report is written (tests).
    pub fn wait_for_export(&mut self) {
        if let Some(job) = self.write_job.take() {
            let r = job.wait();
            self.written(r);
        }
    }

    fn written(&mut self, r: Result<Result<PathBuf, String>, jobs::Stopped>) {
        let lang = self.view.lang;
        self.message = Some(match r {
            Ok(Ok(p)) => Message::Notice(lang.f(T::Exported, &[&p.display().to_string()])),
            Ok(Err(e)) => Message::Error(e),
            Err(jobs::Stopped) => Message::Error(lang.t(T::ExportStopped).to_owned()),
        });
    }

    fn current_paths(&self) -> Option<DatasetPaths> {
        self.workspace.as_ref().map(|w| w.dataset.paths.clone())
    }

    /// Brings the derived caches up to what the view asks for.
    pub fn sync(&mut self) {
        let wake = self.waker();
        if let Some(ws) = &mut self.workspace {
            // Once a classification is shown, the view holds the year actually displayed (an
            // indicator without the requested year falls back to its latest): written only
            // when the workspace says it differs.
            let scale = self.map.camera.map(|c| c.scale);
            if let Some(shown) = ws.sync(&self.view, &self.selection, scale, wake) {
                self.view.year = Some(shown);
            }
        }
    }

    /// Playback: one year per 1/speed seconds. Returns when to look again, if playing.
    pub fn tick_playback(&mut self) -> Option<std::time::Duration> {
        if !self.playing {
            return None;
        }
        let period = 1.0 / f64::from(self.view.play_speed.max(0.1));
        if self.clock - self.last_step >= period {
            self.last_step = self.clock;
            self.step_year(1, true);
        }
        Some(std::time::Duration::from_secs_f64(period / 4.0))
    }

    /// Moves through the indicator's years; wraps around when playing.
    fn step_year(&mut self, step: i32, wrap: bool) {
        let Some(years) = self.indicator_years() else {
            return;
        };
        let Some(cur) = self.current_year() else {
            return;
        };
        let pos = years.iter().position(|&y| y == cur).unwrap_or(0) as i64;
        let n = years.len() as i64;
        let next = pos + i64::from(step);
        let next = if wrap {
            next.rem_euclid(n)
        } else {
            next.clamp(0, n - 1)
        };
        self.view.year = Some(years[next as usize]);
    }

    /// The years in which the shown indicator has data (None if nothing is shown).
    pub fn indicator_years(&self) -> Option<Vec<i32>> {
        let ws = self.workspace.as_ref()?;
        let (t, ind) = (ws.table()?, ws.indicator?);
        let years: Vec<i32> = ws.indicator_years[ind]
            .iter()
            .map(|&y| t.year_at(y))
            .collect();
        (!years.is_empty()).then_some(years)
    }

    /// The window title: the project, else the data set's files, then the app.
    pub fn window_title(&self) -> String {
        let name = |p: &std::path::Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let what = match (&self.project_file, &self.workspace) {
            (Some(p), _) => name(p),
            (None, Some(ws)) => {
                let paths = &ws.dataset.paths;
                match &paths.table {
                    Some(t) => format!("{} + {}", name(&paths.boundaries), name(t)),
                    None => name(&paths.boundaries),
                }
            }
            (None, None) => return "Arrival Atlas".to_owned(),
        };
        format!("{what} — Arrival Atlas")
    }

    /// Keys of the selected districts.
    pub fn selection_keys(&self) -> Vec<String> {
        match &self.workspace {
            Some(ws) => self
                .selection
                .iter()
                .filter_map(|d| ws.dataset.districts.districts.get(d).map(|d| d.key.clone()))
                .collect(),
            None => Vec::new(),
        }
    }
}
