//! The desktop window (egui/eframe): the explorer a planner opens. `AtlasApp` is a window over
//! a [`Session`] (view state, selection, workspace, jobs, undo, autosave — all egui-free): each
//! frame it draws the views from the session, collects the [`Action`]s they push, applies them
//! to the session at the end of the frame, and carries out what the session asks of a window
//! (file dialogs, full screen, clipboard). This file owns the app's lifecycle; the menu, the
//! banner, keyboard and drop input, the window layout and the dialogs live beside it.

mod a11y;
mod arrival_views;
mod banner;
mod breaks_editor;
mod clusters;
mod context_panel;
mod controls;
mod crs_picker;
mod data_table;
mod derived_editor;
mod dialogs;
mod export_dialog;
mod geo_windows;
mod getting_started;
mod index_editor;
mod index_views;
mod input;
mod join_panel;
mod layout;
mod map_gpu;
mod map_keys;
mod map_paint;
mod map_tiles;
mod map_view;
mod menu;
mod numbers;
mod overlays;
mod plots;
mod profile;
mod relocation;
mod rules_panel;
mod scatter;
mod scenes_panel;
mod segregation_view;
mod shortcuts;
mod startup_clock;
mod time_bar;
mod timeline;

pub use atlas_session::{
    Action, FileKind, MapExport, MapFormat, MapMode, Message, RightTab, SavedState, Selection,
    Session, Startup, Styling, ViewState, Window, Workspace, autosave_path, demo_root, kind_of,
    spec_for,
};
/// The window's style (text sizes, a steady text cursor), applied when the window opens.
pub use layout::style;

use atlas_session::jobs::{EarlyLoad, Job};
use atlas_session::{CameraRequest, MapCamera, Request, SaveTarget};
use map_view::MapView;
use std::path::PathBuf;
use std::sync::Arc;

const STORAGE_KEY: &str = "arrival_atlas_state";

/// Starts the app; returns the process exit status.
pub fn run(startup: Startup) -> i32 {
    startup_clock::start();
    // The command line's files are read while the window opens; the window's context wakes
    // the frame once it exists (before that, the first frame finds the result itself).
    let context: Arc<std::sync::OnceLock<egui::Context>> = Arc::default();
    let early = startup
        .paths
        .clone()
        .filter(|_| startup.project.is_none())
        .map(|paths| {
            let context = context.clone();
            EarlyLoad::start(paths, move || {
                if let Some(ctx) = context.get() {
                    ctx.request_repaint();
                }
            })
        });
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
        Box::new(move |cc| {
            let _ = context.set(cc.egui_ctx.clone());
            Ok(Box::new(AtlasApp::with_early_load(cc, startup, early)))
        }),
    ) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: cannot open the window: {e}");
            1
        }
    }
}

/// UI-only state kept between frames.
#[derive(Default)]
struct UiState {
    /// The button of the top-level menu that is open, if any (Esc gives it the focus back).
    open_menu: Option<egui::Id>,
    breaks: breaks_editor::BreaksEditor,
    plots: plots::PlotsState,
    arrival: arrival_views::ArrivalState,
    clusters: clusters::ClustersState,
    export: export_dialog::ExportDialog,
    derived: derived_editor::DerivedEditor,
    index: index_editor::IndexEditor,
    geo: geo_windows::GeoForms,
    scenes: scenes_panel::ScenesPanel,
    hovered_files: bool,
    /// The widget that had the keyboard focus in the last frame (Esc drops it first).
    last_focus: Option<egui::Id>,
    /// Widgets that use the arrow keys themselves while focused (map, ranking, timeline).
    arrow_widgets: Vec<egui::Id>,
    /// The first control of each region F6 / Shift+F6 cycle through: menu bar, left panel,
    /// map, right panel, time bar (None: not shown this frame).
    regions: [Option<egui::Id>; 5],
    /// The region F6 last went to.
    region: Option<usize>,
    /// The map's widget (it draws its own focus frame).
    map_id: Option<egui::Id>,
    /// The window title last set.
    title: String,
    /// The workspace (`data_id`) whose full level and label points were sent to a worker.
    geometry_rest_for: Option<u64>,
    /// The workspace (`data_id`) whose first map a frame has drawn.
    first_map_drawn: Option<u64>,
}

/// The file dialogs open now (one of each kind at a time).
#[derive(Default)]
struct Dialogs {
    open: Option<(FileKind, Job<Option<PathBuf>>)>,
    save: Option<(SaveTarget, Job<Option<PathBuf>>)>,
    map: Option<(MapExport, Job<Option<PathBuf>>)>,
    relocate: Option<(PathBuf, Job<Option<PathBuf>>)>,
}

pub struct AtlasApp {
    pub session: Session,
    ui: UiState,
    map: MapView,
    dialogs: Dialogs,
    actions: Vec<Action>,
    ctx: egui::Context,
}

/// The app reads and shapes its session directly (`app.view`, `app.selection`): the window
/// adds drawing, not state.
impl std::ops::Deref for AtlasApp {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}

impl std::ops::DerefMut for AtlasApp {
    fn deref_mut(&mut self) -> &mut Session {
        &mut self.session
    }
}

impl AtlasApp {
    pub fn new(cc: &eframe::CreationContext<'_>, startup: Startup) -> AtlasApp {
        AtlasApp::with_early_load(cc, startup, None)
    }

    /// [`AtlasApp::new`] taking over the load of the command line's files started before the
    /// window opened.
    fn with_early_load(
        cc: &eframe::CreationContext<'_>,
        startup: Startup,
        early: Option<EarlyLoad>,
    ) -> AtlasApp {
        startup_clock::window_created();
        let stored: Option<SavedState> = cc
            .storage
            .and_then(|s| s.get_string(STORAGE_KEY))
            .and_then(|text| serde_json::from_str(&text).ok());
        let ctx = cc.egui_ctx.clone();
        layout::style(&ctx);
        let wake_ctx = ctx.clone();
        let session = Session::with_early_load(
            startup,
            stored,
            Arc::new(move || wake_ctx.request_repaint()),
            early,
        );
        AtlasApp {
            session,
            ui: UiState::default(),
            map: MapView::new(cc.gl.as_deref()),
            dialogs: Dialogs::default(),
            actions: Vec::new(),
            ctx,
        }
    }

    /// The map's full level of detail (≈ 0.1 s on two cores at 100 000 districts), its
    /// label points (≈ 1 s) and the rankings of all years (≈ 0.1 s) go to workers once the
    /// first map has been drawn — coloured, unless there is nothing to colour it by — a frame
    /// after the one that drew it, whose painting is then done (on two cores they would slow
    /// its drawing on software GL), and the first classification and rules are in. Only in
    /// the window: exports compute what they draw. Until then the fitted view draws the
    /// overview, the frame computes the few label points it needs, and a ranking shown is
    /// made for its year alone.
    fn background_after_first_map(&mut self) {
        let Some(ws) = &mut self.session.workspace else {
            return;
        };
        // The first map: coloured, or (no indicator to show, a classification that failed)
        // the map as it is once no classification is on its way.
        if !ws.is_coloured() && ws.is_classifying() {
            return;
        }
        if self.ui.first_map_drawn != Some(ws.data_id) {
            // This frame drew it: the next one starts the workers.
            self.ui.first_map_drawn = Some(ws.data_id);
            self.ctx.request_repaint();
            return;
        }
        ws.warm_rankings();
        if let Some(g) = &ws.geometry
            && !ws.is_classifying()
            && !ws.is_evaluating_rules()
            && self.ui.geometry_rest_for != Some(ws.data_id)
        {
            self.ui.geometry_rest_for = Some(ws.data_id);
            g.rest_in_background();
        }
    }

    fn wake(&self) -> impl Fn() + Send + 'static {
        let ctx = self.ctx.clone();
        move || ctx.request_repaint()
    }

    /// Blocks until loading and classification are done (tests; the window never calls it).
    pub fn wait_for_jobs(&mut self) {
        self.session.wait_for_jobs();
        self.take_camera_request();
    }

    pub fn is_playing(&self) -> bool {
        self.session.playing
    }

    /// Screen position of a district on the map (tests click there).
    pub fn district_on_map(&self, d: usize) -> Option<egui::Pos2> {
        self.map
            .district_position(self.session.workspace.as_ref()?, d)
    }

    /// Screen position of a district's bar in the ranking (tests click there).
    pub fn ranking_bar(&self, d: usize) -> Option<egui::Pos2> {
        self.ui
            .plots
            .bar_position(self.session.workspace.as_ref()?, d)
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

    /// Screen position of district `d` in the Moran scatter as last drawn (tests click there).
    pub fn clusters_point(&self, d: usize) -> Option<egui::Pos2> {
        self.ui.clusters.point_of(d)
    }

    /// The map's camera, viewport and the screen rectangles of everything the screen draws
    /// over it (title, legend, source line, zoom buttons): tests check no district lies under
    /// the furniture.
    pub fn map_furniture(
        &self,
    ) -> Option<(atlas_scene::Camera, atlas_scene::Viewport, Vec<egui::Rect>)> {
        let (cam, vp) = (self.map.camera?, self.map.viewport?);
        let mut rects = overlays::drawn_rects(&self.ctx);
        let b = map_keys::BUTTONS;
        rects.push(egui::Rect::from_min_size(
            egui::pos2(vp.x + vp.w - b[0], vp.y + 10.0),
            egui::vec2(b[0] - 10.0, b[1] - 6.0),
        ));
        if self.session.presenting {
            rects.extend(overlays::presentation_badge(&self.ctx));
        }
        Some((cam, vp, rects))
    }

    /// Whether the last frame drew the rule overlay's outlines (tests).
    pub fn rule_outlines_drawn(&self) -> bool {
        self.map.overlay_drawn
    }

    /// Queues an action as if a view had emitted it (tests, and file drops).
    pub fn push(&mut self, a: Action) {
        self.actions.push(a);
    }

    /// The map view takes the camera the session asks for (a load, a scene, presentation).
    fn take_camera_request(&mut self) {
        match self.session.camera_request.take() {
            Some(CameraRequest::Reset(camera, generation)) => self.map.reset(camera, generation),
            Some(CameraRequest::Extent(extent, generation)) => {
                self.map.show_extent(extent, generation)
            }
            None => {}
        }
    }

    /// Picks up the answers of file dialogs as actions.
    fn poll_dialogs(&mut self) {
        if let Some((kind, job)) = &self.dialogs.open
            && let Some(r) = job.poll()
        {
            let kind = *kind;
            self.dialogs.open = None;
            if let Ok(Some(path)) = r {
                self.actions.push(Action::OpenFile(kind, path));
            }
        }
        if let Some((missing, job)) = &self.dialogs.relocate
            && let Some(r) = job.poll()
        {
            let missing = missing.clone();
            self.dialogs.relocate = None;
            if let Ok(Some(to)) = r {
                self.actions.push(Action::RelocateFile { missing, to });
            }
        }
        if let Some((e, job)) = &self.dialogs.map
            && let Some(r) = job.poll()
        {
            let e = *e;
            self.dialogs.map = None;
            if let Ok(Some(path)) = r {
                self.actions.push(Action::ExportMapTo(e, path));
            }
        }
        if let Some((target, job)) = &self.dialogs.save
            && let Some(r) = job.poll()
        {
            let target = *target;
            self.dialogs.save = None;
            if let Ok(Some(path)) = r {
                self.actions.push(Action::SaveTo(target, path));
            }
        }
    }

    /// Carries out what the session asked of the window.
    fn serve_requests(&mut self, ctx: &egui::Context) {
        for r in self.session.take_requests() {
            match r {
                Request::Open(kind) => {
                    if self.dialogs.open.is_none() {
                        let lang = self.session.view.lang;
                        self.dialogs.open = Some((kind, dialogs::pick(kind, lang, self.wake())));
                    }
                }
                Request::Save(target) => {
                    if self.dialogs.save.is_none() {
                        let (title, name, filter, ext) = target.dialog(self.session.view.lang);
                        let job = dialogs::pick_save(title, name, filter, ext, self.wake());
                        self.dialogs.save = Some((target, job));
                    }
                }
                Request::SaveMap(e) => {
                    if self.dialogs.map.is_none() {
                        let lang = self.session.view.lang;
                        let job = dialogs::pick_save_map(e.format.extension(), lang, self.wake());
                        self.dialogs.map = Some((e, job));
                    }
                }
                Request::Relocate(missing, kind) => {
                    if self.dialogs.relocate.is_none() {
                        let job = dialogs::pick(kind, self.session.view.lang, self.wake());
                        self.dialogs.relocate = Some((missing, job));
                    }
                }
                Request::Presenting { on, scale } => {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
                    ctx.set_zoom_factor(scale);
                }
                Request::CopyText(text) => ctx.copy_text(text),
                Request::CopyMapImage => self.copy_map_image(ctx),
            }
        }
    }

    /// The map as the export renders it, at the map's size on screen, on the clipboard.
    fn copy_map_image(&mut self, ctx: &egui::Context) {
        let Some(ws) = &self.session.workspace else {
            return;
        };
        let (w, h) = self
            .map
            .viewport
            .map(|vp| (vp.w.max(64.0) as u32, vp.h.max(64.0) as u32))
            .unwrap_or((1280, 720));
        let e = MapExport {
            format: MapFormat::Png,
            width: w,
            height: h,
            labels: self.session.view.labels,
        };
        let lang = self.session.view.lang;
        let image = atlas_session::map_export::scene_of_view(ws, &self.session.view, &e)
            .map_err(|e| atlas_i18n::Localize::text(&e, lang))
            .and_then(|scene| atlas_render::png::render(&scene));
        self.session.message = Some(match image {
            Ok(pixmap) => {
                ctx.copy_image(egui::ColorImage::from_rgba_premultiplied(
                    [pixmap.width() as usize, pixmap.height() as usize],
                    pixmap.data(),
                ));
                Message::Notice(lang.f(atlas_i18n::T::CopiedMap, &[&w.to_string(), &h.to_string()]))
            }
            Err(e) => Message::Error(e),
        });
    }
}

impl eframe::App for AtlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        startup_clock::frame_started();
        let ctx = ui.ctx().clone();
        self.session.set_clock(ctx.input(|i| i.time));
        self.session.poll();
        self.poll_dialogs();
        self.take_camera_request();
        // A spec file read for the index editor goes into its form.
        if let Some(spec) = self.session.opened_index.take() {
            self.ui.index.load(spec);
        }
        self.handle_input(&ctx);
        self.layout(ui, &ctx);
        layout::focus_ring(&ctx, self.ui.map_id);
        // Everything the views pushed, applied once all of them saw the same state.
        let actions = std::mem::take(&mut self.actions);
        if !actions.is_empty() {
            ctx.request_repaint();
        }
        self.session.apply_all(actions);
        self.serve_requests(&ctx);
        self.take_camera_request();
        self.session.sync();
        self.background_after_first_map();
        // A drag or a typed number is one undo step: the step closes once the pointer is up
        // and no text field is being edited.
        if !ctx.input(|i| i.pointer.any_down()) && !ctx.text_edit_focused() {
            self.session.history.seal();
        }
        self.ui.last_focus = ctx.memory(|m| m.focused());
        let title = self.session.window_title();
        if title != self.ui.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.ui.title = title;
        }
        // Cheap unless two seconds have passed; the state is only built then.
        self.session.autosave_tick(false);
        if self.session.is_busy() || self.dialogs.open.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if let Some(after) = self.session.tick_playback() {
            ctx.request_repaint_after(after);
        }
        startup_clock::frame_ended(&self.session);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let saved = self.session.working_state();
        // JSON rather than eframe's RON: rule operators (">=") are not RON identifiers.
        if let Ok(text) = serde_json::to_string(&saved) {
            storage.set_string(STORAGE_KEY, text);
        }
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        self.session.autosave_now();
        self.map.destroy(gl);
    }
}

/// The map camera, reported to the session after the map is drawn.
fn map_camera(map: &MapView) -> MapCamera {
    MapCamera {
        camera: map.camera,
        extent: map.visible_extent(),
    }
}
