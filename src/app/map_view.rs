//! The map widget: pan by drag, zoom by wheel/pinch or buttons around the cursor, fit to data;
//! hover highlight with a tooltip, click to select (Shift/Ctrl adds); labels; and the overlays
//! (title, legend, source). Fills are drawn by the GPU renderer when the GL context allows,
//! else as an egui mesh (headless tests, old GL). The camera and hit-testing are the scene
//! module's plain code, so they are tested without a window; what is painted with egui is in
//! `map_paint`.
//!
//! The map takes the keyboard focus (Tab): arrow keys move the keyboard cursor to the
//! neighbouring district, Enter selects it, +/− zoom, F fits; a blue ring shows the focus. Its
//! accessibility node is named after what it shows and describes the cursor's district.

use super::layout::FOCUS;
use super::map_gpu::{self, GpuFrame, GpuMap};
use super::map_paint::{draw_context, draw_labels, draw_marks, draw_overlay, paint_mesh};
use super::overlays;
use atlas_analysis::ramps::Rgb;
use atlas_scene::frame::plan_frame;
use atlas_scene::layout::{Layout, fit_in, lay_out};
use atlas_scene::{Camera, MapGeometry, Viewport};
use atlas_session::Action;
use atlas_session::Session;
use atlas_session::workspace::Workspace;
use egui::{Color32, Pos2, Rect, Sense, Stroke};
use std::sync::{Arc, Mutex};

pub(super) const LABEL_PX: f32 = 12.0;

pub struct MapView {
    pub camera: Option<Camera>,
    /// The workspace generation the camera belongs to.
    camera_for: Option<u64>,
    pub hover: Option<usize>,
    gpu: Option<Arc<Mutex<GpuMap>>>,
    colors: Arc<Vec<u8>>,
    colors_for: Option<(u64, u64)>,
    /// The last viewport, for zoom buttons and tests.
    pub viewport: Option<Viewport>,
    /// What the camera follows: the data or a scene's area (refitted into the free part of
    /// the map on every resize), or the user's own pan and zoom.
    follow: Follow,
    /// Presentation keeps its own camera: the explorer's, kept while presenting.
    presenting: bool,
    explorer_camera: Option<(Option<Camera>, Follow)>,
    /// The furniture layout and what it was computed for.
    layout: Option<(LayoutKey, Layout)>,
    /// Whether the last frame drew the rule overlay's outlines (tests).
    pub overlay_drawn: bool,
    /// Whether the GPU renderer was asked to warm up ([`MapView::warm_gpu`]).
    warm_sent: bool,
}

/// What the camera follows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Follow {
    /// All the data, fitted beside the furniture (the start, and after *Fit*).
    Data,
    /// A scene's area ([min_x, min_y, max_x, max_y] in projected metres).
    Extent([f64; 4]),
    /// The user panned or zoomed.
    User,
}

/// What a layout depends on: the map rectangle, the furniture's sizes, the data.
type LayoutKey = ([u32; 4], [[u32; 2]; 4], u64);

pub fn color(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

fn vp_of(r: Rect) -> Viewport {
    Viewport {
        x: r.min.x,
        y: r.min.y,
        w: r.width(),
        h: r.height(),
    }
}

impl MapView {
    /// `gl`: the window's GL context, if the glow backend runs (not in headless tests).
    pub fn new(gl: Option<&eframe::glow::Context>) -> MapView {
        let gpu = gl
            .filter(|gl| map_gpu::supported(gl))
            .and_then(|gl| GpuMap::new(gl).ok())
            .map(|g| Arc::new(Mutex::new(g)));
        MapView {
            camera: None,
            camera_for: None,
            hover: None,
            gpu,
            colors: Arc::new(Vec::new()),
            colors_for: None,
            viewport: None,
            follow: Follow::Data,
            presenting: false,
            explorer_camera: None,
            layout: None,
            overlay_drawn: false,
            warm_sent: false,
        }
    }

    /// While there is no map to show (the data loading, or none opened yet): has the GPU
    /// renderer compile its shaders ([`GpuMap::warm`]), once, in a pixel of `ui`.
    pub fn warm_gpu(&mut self, ui: &egui::Ui) {
        if let Some(gpu) = &self.gpu
            && !self.warm_sent
        {
            self.warm_sent = true;
            let rect = Rect::from_min_size(ui.max_rect().min, egui::vec2(1.0, 1.0));
            ui.painter().add(map_gpu::warm_callback(rect, gpu.clone()));
        }
    }

    /// Uses `camera` (or a fitted view when `None`) for workspace `generation`.
    pub fn reset(&mut self, camera: Option<Camera>, generation: u64) {
        // A restored camera is the user's view; none means "fit".
        self.follow = if camera.is_some() {
            Follow::User
        } else {
            Follow::Data
        };
        self.camera = camera;
        self.camera_for = Some(generation);
        self.hover = None;
    }

    /// The layout for this frame: computed again only when the map's size, the furniture's
    /// measured sizes or the data changed (the coverage test walks district polygons).
    fn lay_out(&mut self, ctx: &egui::Context, g: &MapGeometry, vp: Viewport, data: u64) -> Layout {
        let sizes = overlays::measured_sizes(ctx, self.presenting);
        let px = |v: f32| v.round().max(0.0) as u32;
        let size_key = |s: Option<[f32; 2]>| s.map_or([0, 0], |s| [px(s[0]), px(s[1])]);
        let key = (
            [px(vp.x), px(vp.y), px(vp.w), px(vp.h)],
            [
                size_key(sizes.title),
                size_key(sizes.legend),
                size_key(sizes.badge),
                size_key(sizes.source),
            ],
            data,
        );
        match &self.layout {
            Some((k, l)) if *k == key => *l,
            _ => {
                let l = lay_out(g, vp, &sizes, 10.0, 8.0);
                self.layout = Some((key, l));
                l
            }
        }
    }

    /// Shows `extent` (fitted into the viewport on the next frame), or the whole city.
    pub fn show_extent(&mut self, extent: Option<[f64; 4]>, generation: u64) {
        self.reset(None, generation);
        if let Some(e) = extent {
            self.follow = Follow::Extent(e);
        }
    }

    /// The projected area the map shows.
    /// The part of the map free of furniture, in projected metres: what a scene stores and
    /// fits into the free part of whatever window shows it again.
    pub fn visible_extent(&self) -> Option<[f64; 4]> {
        if let Follow::Extent(e) = self.follow {
            return Some(e);
        }
        let (cam, vp) = (self.camera?, self.viewport?);
        let a = self.layout.as_ref().map_or(vp, |(_, l)| l.data_area);
        let p = cam.to_world([a.x, a.y + a.h], vp);
        let q = cam.to_world([a.x + a.w, a.y], vp);
        Some([p[0], p[1], q[0], q[1]])
    }

    pub fn destroy(&mut self, gl: Option<&eframe::glow::Context>) {
        if let (Some(g), Some(gl)) = (&self.gpu, gl)
            && let Ok(mut g) = g.lock()
        {
            g.destroy(gl);
        }
    }

    /// Screen position of a district's label point (tests click there).
    pub fn district_position(&self, ws: &Workspace, d: usize) -> Option<Pos2> {
        let (cam, vp, g) = (self.camera?, self.viewport?, ws.geometry.as_ref()?);
        let p = g.label_point(d)?;
        let s = cam.to_screen([f64::from(p[0]), f64::from(p[1])], vp);
        Some(Pos2::new(s[0], s[1]))
    }

    /// Draws the map and handles its input; returns the map's widget id (it keeps the arrow
    /// keys while focused).
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        session: &Session,
        actions: &mut Vec<Action>,
    ) -> egui::Id {
        let view = &session.view;
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, ui.visuals().extreme_bg_color);
        self.accessibility(&response, ws, session);
        let Some(geom) = ws.geometry.clone() else {
            return response.id;
        };
        let vp = vp_of(rect);
        self.viewport = Some(vp);
        self.follow_session(ws, session);
        let layout = self.lay_out(ui.ctx(), &geom, vp, ws.data_id);
        let cam = self.navigate(ui, &response, &layout, rect, view, actions);

        // Hover, level of detail, labels: the plain per-frame plan.
        let districts = &ws.dataset.districts.districts;
        let plan = plan_frame(
            &geom,
            districts,
            &cam,
            vp,
            response.hover_pos().map(|p| [p.x, p.y]),
            view.labels.then_some(LABEL_PX),
            ws.context
                .as_deref()
                .filter(|_| view.context.as_ref().is_some_and(|c| c.labels)),
        );
        self.hover = plan.hover;
        // Enter and Space on the focused map also "click" it: those are the keyboard's.
        let by_key =
            ui.input(|i| i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Space));
        if response.clicked() && !by_key {
            let m = ui.input(|i| i.modifiers);
            match self.hover {
                Some(d) => actions.push(Action::Select {
                    district: d,
                    add: m.shift || m.command || m.ctrl,
                }),
                None if !(m.shift || m.command) => actions.push(Action::ClearSelection),
                None => {}
            }
        }
        let level = if plan.overview {
            geom.overview()
        } else {
            geom.full()
        };
        self.draw_fills(&painter, rect, ws, &geom, &plan, &cam, vp);
        // The context layer's borders over the districts, under the rule overlay.
        if let Some(c) = &ws.context {
            draw_context(&painter, c, &cam, vp);
        }
        // The overlay rule: a bold outline around each group of neighbouring districts where
        // it is met, dashed where it is unknown — never colour alone, so it reads over any
        // choropleth; and one outline per group, not per district, so it hides no colours.
        // Not where a typical district is too small to show it (the legend says so).
        let overlay_hidden = !atlas_scene::overlay::outlined_at(&geom, cam.scale, 1.0);
        self.overlay_drawn = false;
        if let Some(lines) = ws.overlay.as_deref().filter(|_| !overlay_hidden) {
            draw_overlay(&painter, lines, &cam, vp);
            self.overlay_drawn = true;
        }
        let cursor = session.cursor.filter(|&c| c < districts.len());
        draw_marks(&painter, level, session, self.hover, cursor, &cam, vp);
        draw_labels(&painter, districts, ws.context.as_deref(), &plan.labels);
        if response.has_focus() {
            painter.rect_stroke(
                rect.shrink(2.0),
                0.0,
                Stroke::new(3.0, FOCUS),
                egui::StrokeKind::Inside,
            );
        }
        self.camera = Some(cam);

        // Overlays: title, legend, source; zoom buttons.
        overlays::map_overlays(ui, rect, ws, session, &layout, cam.scale, overlay_hidden);
        let id = response.id;
        if let Some(h) = self.hover {
            response.on_hover_ui_at_pointer(|ui| overlays::tooltip(ui, ws, view, h));
        } else if let Some(c) = session.cursor.filter(|_| response.has_focus())
            && let Some(p) = geom.label_point(c)
        {
            // The keyboard user sees what the pointer user would on hover.
            let s = cam.to_screen([f64::from(p[0]), f64::from(p[1])], vp);
            egui::Tooltip::always_open(
                ui.ctx().clone(),
                ui.layer_id(),
                id.with("cursor_tip"),
                egui::PopupAnchor::Position(Pos2::new(s[0] + 12.0, s[1] + 12.0)),
            )
            .show(|ui| overlays::tooltip(ui, ws, view, c));
        }
        id
    }

    /// Presentation keeps its own camera (leaving it brings the explorer's back); new data is
    /// fitted.
    fn follow_session(&mut self, ws: &Workspace, session: &Session) {
        if session.presenting != self.presenting {
            if session.presenting {
                self.explorer_camera = Some((self.camera, self.follow));
                self.follow = Follow::Data;
            } else if let Some((camera, follow)) = self.explorer_camera.take() {
                self.camera = camera;
                self.follow = follow;
            }
            self.presenting = session.presenting;
        }
        if self.camera_for != Some(ws.generation) {
            self.camera_for = Some(ws.generation);
            self.follow = Follow::Data;
        }
    }

    /// The camera of this frame: what it follows, moved by the keyboard, dragging, the wheel
    /// or pinch, and the zoom buttons.
    fn navigate(
        &mut self,
        ui: &mut egui::Ui,
        response: &egui::Response,
        layout: &Layout,
        rect: Rect,
        view: &atlas_session::state::ViewState,
        actions: &mut Vec<Action>,
    ) -> Camera {
        let vp = vp_of(rect);
        let fitted = layout.camera;
        match self.follow {
            Follow::Data => self.camera = Some(fitted),
            Follow::Extent(e) => self.camera = Some(fit_in(e, layout.data_area, vp, 0.0)),
            Follow::User => {}
        }
        let mut cam = self.camera.unwrap_or(fitted);
        let before = cam;
        let mut fit = super::map_keys::keyboard(response, &mut cam, fitted, vp, actions);
        if response.dragged() {
            let d = response.drag_delta();
            cam.pan([d.x, d.y]);
        }
        if let Some(pointer) = response.hover_pos() {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = f64::from(zoom) * (f64::from(scroll) * 0.002).exp();
            if (factor - 1.0).abs() > 1e-6 {
                cam.zoom_at(factor, [pointer.x, pointer.y], vp, fitted.scale);
            }
        }
        fit |= super::map_keys::zoom_buttons(ui, rect, &mut cam, fitted, vp, view.lang);
        if fit {
            cam = fitted;
            self.follow = Follow::Data;
        } else if cam != before {
            self.follow = Follow::User;
        }
        cam
    }

    /// Fills and outlines: on the GPU (the colour table uploaded once per recolour), else as
    /// an egui mesh.
    #[allow(clippy::too_many_arguments)]
    fn draw_fills(
        &mut self,
        painter: &egui::Painter,
        rect: Rect,
        ws: &Workspace,
        geom: &Arc<MapGeometry>,
        plan: &atlas_scene::frame::FramePlan,
        cam: &Camera,
        vp: Viewport,
    ) {
        let fade = geom.outline_fade(cam.scale, atlas_scene::geometry::SCREEN_OUTLINE_PX);
        if let Some(gpu) = &self.gpu {
            let key = (ws.generation, ws.fills_version);
            if self.colors_for != Some(key) {
                let mut bytes = Vec::new();
                atlas_scene::choropleth::color_table(&ws.fills, &mut bytes);
                self.colors = Arc::new(bytes);
                self.colors_for = Some(key);
            }
            let frame = GpuFrame {
                geometry: geom.clone(),
                geometry_id: ws.generation,
                colors: self.colors.clone(),
                colors_id: ws.fills_version ^ (ws.generation << 40),
                transform: plan.transform,
                overview: plan.overview,
                view: cam.visible(vp).map(|v| v as f32),
                outline: [1.0, 1.0, 1.0, 0.55 * fade],
            };
            painter.add(map_gpu::callback(rect, gpu.clone(), frame));
        } else {
            let level = if plan.overview {
                geom.overview()
            } else {
                geom.full()
            };
            paint_mesh(painter, level, &ws.fills, cam, vp, fade);
        }
    }

    /// The map's node in the accessibility tree: named after what it shows, described by the
    /// cursor's district (else the selection).
    fn accessibility(&self, response: &egui::Response, ws: &Workspace, session: &Session) {
        let lang = session.view.lang;
        let shown = match (ws.table(), ws.indicator) {
            (Some(t), Some(i)) => format!(
                "{} {}",
                atlas_scene::text::indicator_label(t, i, lang),
                ws.shown_year().unwrap_or_default()
            ),
            _ => String::new(),
        };
        let description = format!(
            "{}. {}",
            super::a11y::cursor_description(session),
            lang.t(atlas_i18n::T::MapA11yHint)
        );
        super::a11y::describe(
            response,
            &lang.f(atlas_i18n::T::MapA11yName, &[&shown]),
            &description,
            egui::accesskit::Role::Figure,
        );
    }
}
