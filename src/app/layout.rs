//! The window's layout: the menu and banner on top; the scenes, indicator, classification and
//! rules panel on the left; the time bar at the bottom; the drill-down and arrival views on the
//! right; the map in the middle; and the windows over it (export, join report, data table,
//! keyboard shortcuts, moved files, coordinate system). Presenting shows only the map and the
//! time bar. Also the style: a focus ring that is clearly visible on every widget.

use super::*;
use atlas_i18n::T;

/// A window drawn from the session (open flag, data, actions).
type WindowFn = fn(&egui::Context, &mut bool, &Workspace, &Session, &mut Vec<Action>);

/// Where the menu bar (with the banner) ends, kept for the frame's floating windows.
const MENU_BOTTOM: &str = "menu_bottom";

/// Where floating windows may be: the window below the menu bar and banner, so that no
/// window (export, shortcuts, derived indicators, aggregate, …) covers them.
pub fn below_menu(ctx: &egui::Context) -> egui::Rect {
    let top = ctx
        .data(|d| d.get_temp::<f32>(egui::Id::unique(MENU_BOTTOM)))
        .unwrap_or(0.0);
    let r = ctx.content_rect();
    egui::Rect::from_min_max(egui::pos2(r.left(), top.min(r.bottom())), r.max)
}

/// The focus ring: a 2 px blue outline around whichever widget has the keyboard focus
/// ([`focus_ring`]); the map draws the same blue as a frame inside its edge.
pub const FOCUS: egui::Color32 = egui::Color32::from_rgb(40, 120, 250);

/// The window's style. Text sizes: egui's small style (hints, the CRS line, notes) is 9 px,
/// too small to read on a projector or a 1280 × 720 laptop; nothing is smaller than 11 px.
pub fn style(ctx: &egui::Context) {
    ctx.all_styles_mut(|s| {
        if let Some(f) = s.text_styles.get_mut(&egui::TextStyle::Small) {
            f.size = f.size.max(11.0);
        }
        // A steady text cursor: a blinking one repaints the whole window twice a second while
        // a field has the focus, which under software GL (municipal laptops, VMs) cost ~14 % of
        // a core doing nothing (91 % of it in llvmpipe). Steady is also what the desktops'
        // accessibility settings offer against blinking.
        s.visuals.text_cursor.blink = false;
    });
}

/// egui shows a focused button only as a slightly lighter "active" fill, frameless menu
/// buttons hardly at all: the ring is drawn over the focused widget, on its own layer and
/// clipped to where the widget is visible (a scrolled-away widget gets no ring in the void).
pub fn focus_ring(ctx: &egui::Context, map: Option<egui::Id>) {
    let Some(id) = ctx.memory(|m| m.focused()) else {
        return;
    };
    if map == Some(id) {
        return;
    }
    let Some(r) = ctx.read_response(id) else {
        return;
    };
    if !r.interact_rect.is_positive() {
        return;
    }
    ctx.layer_painter(r.layer_id)
        .with_clip_rect(r.interact_rect.expand(4.0))
        .rect_stroke(
            r.rect.expand(2.0),
            3.0,
            egui::Stroke::new(2.0, FOCUS),
            egui::StrokeKind::Outside,
        );
}

impl AtlasApp {
    pub(super) fn layout(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        let ctx = ctx.clone();
        let lang = self.session.view.lang;
        self.ui.arrow_widgets.clear();
        self.ui.regions = [None; 5];
        // Presenting: only the map and the time bar; the editing panels and windows are hidden.
        let presenting = self.session.presenting && self.session.workspace.is_some();
        // Floating windows stay below the menu bar and banner ([`below_menu`]).
        let menu_bottom = if presenting {
            0.0
        } else {
            egui::Panel::top("menu")
                .show(ui, |ui| {
                    self.menu_bar(ui);
                    self.banner(ui);
                })
                .response
                .rect
                .bottom()
        };
        ctx.data_mut(|d| d.insert_temp(egui::Id::unique(MENU_BOTTOM), menu_bottom));
        if let Some(ws) = &self.session.workspace {
            if !presenting {
                left_panel(ui, ws, &self.session, &mut self.ui, &mut self.actions);
            }
            egui::Panel::bottom("time").show(ui, |ui| {
                ui.add_space(4.0);
                self.ui.regions[4] = time_bar::time_bar(
                    ui,
                    ws,
                    &self.session.view,
                    self.session.playing,
                    &mut self.actions,
                );
                ui.add_space(4.0);
            });
            if !presenting {
                right_panel(ui, ws, &self.session, &mut self.ui, &mut self.actions);
            }
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE)
                .show(ui, |ui| {
                    let id = self.map.show(ui, ws, &self.session, &mut self.actions);
                    self.ui.arrow_widgets.push(id);
                    self.ui.map_id = Some(id);
                    self.ui.regions[2] = Some(id);
                });
            if presenting {
                presentation_badge(&ctx, &self.session, &mut self.actions);
            } else {
                windows(&ctx, ws, &self.session, &mut self.ui, &mut self.actions);
            }
        } else {
            egui::CentralPanel::default().show(ui, |ui| {
                self.map.warm_gpu(ui);
                ui.centered_and_justified(|ui| ui.label(lang.t(T::DropHint)));
            });
        }
        self.session.map = map_camera(&self.map);
        if let Some(r) = &self.session.relocation {
            relocation::relocation_window(&ctx, r, lang, &mut self.actions);
        }
        if let Some(c) = &mut self.session.crs_choice {
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
    }
}

/// A button that hides or brings back a side panel, named for screen readers by what it does.
fn panel_button(
    ui: &mut egui::Ui,
    small: bool,
    arrow: &str,
    text: &str,
    then: Action,
    actions: &mut Vec<Action>,
) -> egui::Id {
    let b = if small {
        ui.small_button(arrow)
    } else {
        ui.button(arrow)
    };
    let r = b.on_hover_text(text);
    super::a11y::name(&r, text);
    if r.clicked() {
        actions.push(then);
    }
    r.id
}

/// A hidden side panel's strip: one button that brings the panel back; its id.
fn hidden_strip(
    ui: &mut egui::Ui,
    strip: egui::Panel,
    arrow: &str,
    text: &str,
    show: Action,
    actions: &mut Vec<Action>,
) -> egui::Id {
    strip
        .resizable(false)
        .exact_size(30.0)
        .show(ui, |ui| panel_button(ui, false, arrow, text, show, actions))
        .inner
}

/// Which side panel.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// Window width below which the side panels take their narrow widths (a 1280×720 laptop).
pub(super) const NARROW_BELOW: f32 = 1440.0;

/// A side panel's default and largest width for the window's width, and whether the window
/// is narrow: on a narrow window the panels keep to what their content needs when it wraps,
/// so that the map keeps most of the screen; the content wraps to the panel instead of
/// widening it.
fn side_widths(ui: &egui::Ui, side: Side) -> (f32, f32, bool) {
    let narrow = ui.ctx().content_rect().width() < NARROW_BELOW;
    let (default, max) = match (side, narrow) {
        (Side::Left, true) => (250.0, 290.0),
        (Side::Left, false) => (340.0, 420.0),
        (Side::Right, true) => (290.0, 330.0),
        (Side::Right, false) => (470.0, 640.0),
    };
    (default, max, narrow)
}

/// The left panel: scenes, indicator and classification, rules; or, hidden, a strip that
/// says how to get it back.
fn left_panel(
    ui: &mut egui::Ui,
    ws: &Workspace,
    session: &Session,
    st: &mut UiState,
    actions: &mut Vec<Action>,
) {
    let lang = session.view.lang;
    let (hide_left, hide_right) = (session.view.hide_left, session.view.hide_right);
    if hide_left {
        let show = Action::SetPanels(false, hide_right);
        let strip = egui::Panel::left("controls_hidden");
        st.regions[1] = Some(hidden_strip(
            ui,
            strip,
            "»",
            lang.t(T::ShowControls),
            show,
            actions,
        ));
        return;
    }
    let (default, max, narrow) = side_widths(ui, Side::Left);
    // Each width class keeps its own dragged width: widening the window brings the wide
    // panel back instead of keeping the narrow one.
    egui::Panel::left(if narrow {
        "controls_narrow"
    } else {
        "controls"
    })
    .default_size(default)
    .max_size(max)
    .resizable(true)
    .show(ui, |ui| {
        ui.horizontal(|ui| {
            let hide = Action::SetPanels(true, hide_right);
            st.regions[1] = Some(panel_button(
                ui,
                true,
                "«",
                lang.t(T::HideControls),
                hide,
                actions,
            ));
        });
        egui::ScrollArea::vertical().show(ui, |ui| {
            scenes_panel::scenes_panel(ui, &session.view, &mut st.scenes, actions);
            ui.separator();
            controls::side_panel(ui, ws, &session.view, &mut st.breaks, actions);
            ui.separator();
            rules_panel::rules_panel(ui, ws, &session.view, actions);
        });
    });
}

/// The right panel: the drill-down, arrival and cluster tabs; or, hidden, a strip.
fn right_panel(
    ui: &mut egui::Ui,
    ws: &Workspace,
    session: &Session,
    st: &mut UiState,
    actions: &mut Vec<Action>,
) {
    let lang = session.view.lang;
    let (hide_left, hide_right) = (session.view.hide_left, session.view.hide_right);
    if hide_right {
        let show = Action::SetPanels(hide_left, false);
        let strip = egui::Panel::right("plots_hidden");
        st.regions[3] = Some(hidden_strip(
            ui,
            strip,
            "«",
            lang.t(T::ShowPlots),
            show,
            actions,
        ));
        return;
    }
    let (default, max, narrow) = side_widths(ui, Side::Right);
    egui::Panel::right(if narrow { "plots_narrow" } else { "plots" })
        .default_size(default)
        .max_size(max)
        .resizable(true)
        .show(ui, |ui| {
            // Wrapped: four tabs do not fit a narrow panel on one line (a row wider than the
            // panel would widen its content past the edge).
            ui.horizontal_wrapped(|ui| {
                let hide = Action::SetPanels(hide_left, true);
                st.regions[3] = Some(panel_button(
                    ui,
                    true,
                    "»",
                    lang.t(T::HidePlots),
                    hide,
                    actions,
                ));
                for (tab, text) in [
                    (RightTab::DrillDown, T::DrillDownTab),
                    (RightTab::Arrival, T::ArrivalTab),
                    (RightTab::Clusters, T::TabClusters),
                    (RightTab::Segregation, T::TabSegregation),
                ] {
                    if ui
                        .selectable_label(session.view.tab == tab, lang.t(text))
                        .clicked()
                    {
                        actions.push(Action::SetTab(tab));
                    }
                }
            });
            ui.separator();
            egui::ScrollArea::both()
                .auto_shrink(false)
                .show(ui, |ui| right_tab(ui, ws, session, st, actions));
        });
}

/// The shown tab of the right panel.
fn right_tab(
    ui: &mut egui::Ui,
    ws: &Workspace,
    session: &Session,
    st: &mut UiState,
    actions: &mut Vec<Action>,
) {
    match session.view.tab {
        RightTab::DrillDown => {
            plots::time_series(ui, ws, &session.view, &session.selection, actions);
            ui.separator();
            let id = plots::ranking(ui, ws, session, &mut st.plots, actions);
            st.arrow_widgets.extend(id);
            ui.separator();
            profile::profile(ui, ws, &session.view, &session.selection);
        }
        RightTab::Clusters => {
            clusters::clusters_tab(ui, ws, session, &mut st.clusters, actions);
        }
        RightTab::Arrival => {
            let id = arrival_views::arrival_views(ui, ws, session, &mut st.arrival, actions);
            st.arrow_widgets.extend(id);
        }
        RightTab::Segregation => super::segregation_view::segregation_tab(ui, ws, session, actions),
    }
}

/// Presenting: the scene shown and how to leave, top right, left of the zoom buttons (clear
/// of the title), on a frame (the map's labels run underneath).
fn presentation_badge(ctx: &egui::Context, session: &Session, actions: &mut Vec<Action>) {
    let lang = session.view.lang;
    egui::Area::new(egui::Id::unique(super::overlays::PRESENTATION_BADGE))
        .anchor(
            egui::Align2::RIGHT_TOP,
            egui::Vec2::new(
                -(map_keys::BUTTONS[0] + super::overlays::PRESENTATION_GAP),
                8.0,
            ),
        )
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    if let Some(i) = session.view.current_scene
                        && let Some(s) = session.view.scenes.get(i)
                    {
                        ui.label(lang.f(
                            T::SceneOf,
                            &[
                                &(i + 1).to_string(),
                                &session.view.scenes.len().to_string(),
                                &s.name,
                            ],
                        ));
                    }
                    if ui.small_button(lang.t(T::LeavePresentation)).clicked() {
                        actions.push(Action::SetPresenting(false));
                    }
                });
            });
        });
}

/// The windows over the map: export, derived indicators, geographies, join report, data
/// table, keyboard shortcuts.
fn windows(
    ctx: &egui::Context,
    ws: &Workspace,
    session: &Session,
    st: &mut UiState,
    actions: &mut Vec<Action>,
) {
    let windows = &session.windows;
    let mut open = windows.contains(&Window::Export);
    st.export.show(ctx, &mut open, &session.view, actions);
    if open != windows.contains(&Window::Export) {
        actions.push(Action::ShowWindow(Window::Export, open));
    }
    st.derived.show(ctx, ws, session, actions);
    st.index.show(ctx, ws, session, actions);
    st.geo.show(ctx, ws, session, actions);
    for (w, show) in [
        (Window::JoinReport, join_panel::join_window as WindowFn),
        (Window::DataTable, data_table::data_table_window),
        (Window::Shortcuts, shortcuts::shortcuts_window),
        (
            Window::GettingStarted,
            getting_started::getting_started_window,
        ),
    ] {
        let was = windows.contains(&w);
        let mut open = was;
        if was {
            show(ctx, &mut open, ws, session, actions);
        }
        if open != was {
            actions.push(Action::ShowWindow(w, open));
        }
    }
}
