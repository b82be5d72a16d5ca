//! The banner under the menu: loading progress (file and stage), and the last message —
//! an error (saying the data loaded before stays), a notice, or a join that matched too
//! little — with a button to dismiss it.

use super::{Action, AtlasApp, Message, Window};
use atlas_data::grids::{GridKind, GridMismatch};
use atlas_i18n::{Lang, T};
use atlas_session::jobs::LOAD_STAGES;

impl AtlasApp {
    pub(super) fn banner(&mut self, ui: &mut egui::Ui) {
        let lang = self.session.view.lang;
        if let Some((file, stage)) = self.session.loading() {
            ui.horizontal(|ui| {
                busy_mark(ui);
                ui.label(lang.f(T::Loading, &[&super::menu::file_name(file)]));
                ui.add(
                    egui::ProgressBar::new((stage as f32 + 0.5) / LOAD_STAGES.len() as f32)
                        .desired_width(220.0)
                        .text(lang.t(LOAD_STAGES[stage])),
                );
            });
        }
        if let Some(m) = &self.session.message {
            let (text, color) = match m {
                Message::Error(e) => (
                    format!(
                        "{} {}",
                        lang.f(T::LoadFailed, &[e]),
                        if self.session.workspace.is_some() {
                            lang.t(T::KeptPrevious)
                        } else {
                            ""
                        }
                    ),
                    ui.visuals().error_fg_color,
                ),
                Message::Notice(n) => (n.clone(), ui.visuals().warn_fg_color),
                Message::GridMismatch(g) => (grid_text(g, lang), ui.visuals().warn_fg_color),
                Message::LooseEnds {
                    matched,
                    districts,
                    unmatched_keys,
                    without_rows,
                } => (
                    lang.f(
                        T::LooseEnds,
                        &[
                            &matched.to_string(),
                            &districts.to_string(),
                            &unmatched_keys.to_string(),
                            &without_rows.to_string(),
                        ],
                    ),
                    ui.visuals().text_color(),
                ),
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
                // Two grids: the way out is one click away.
                if let Message::GridMismatch(g) = m {
                    let (label, window) = match g.kind {
                        GridKind::Revision => (T::CrosswalkMenu, Window::Crosswalk),
                        GridKind::Finer { .. } => (T::AggregateMenu, Window::Aggregate),
                    };
                    if ui.button(lang.t(label)).clicked() {
                        if let GridKind::Finer { prefix } = g.kind {
                            self.ui.geo.aggregate.preset_prefix(prefix);
                        }
                        self.actions.push(Action::ShowWindow(window, true));
                    }
                }
                // A few loose ends: the report is one click away.
                if matches!(m, Message::LooseEnds { .. })
                    && ui.button(lang.t(T::JoinReport)).clicked()
                {
                    self.actions
                        .push(Action::ShowWindow(Window::JoinReport, true));
                }
                if ui.small_button(lang.t(T::Dismiss)).clicked() {
                    self.actions.push(Action::DismissMessage);
                }
            });
        }
    }
}

/// The two-grids message in `lang`.
pub fn grid_text(g: &GridMismatch, lang: Lang) -> String {
    match g.kind {
        GridKind::Revision => lang.f(
            T::GridRevision,
            &[
                &g.matched.to_string(),
                &g.table_keys.to_string(),
                &g.districts.to_string(),
                &g.names_under_other_keys.to_string(),
            ],
        ),
        GridKind::Finer { .. } => lang.f(
            T::GridFiner,
            &[
                &g.table_keys.to_string(),
                &g.districts.to_string(),
                &g.examples.join("; "),
            ],
        ),
    }
}

/// A spinner that turns at the pace of the window's busy tick (10 frames a second, see
/// `AtlasApp::ui`) instead of egui's, which asks for every frame the screen can show: on a
/// laptop without a GPU (software GL) those frames took a core from the load they wait for.
pub(super) fn busy_mark(ui: &mut egui::Ui) {
    let size = ui.style().spacing.interact_size.y;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::new(egui::accesskit::Role::ProgressIndicator));
    if !ui.is_rect_visible(rect) {
        return;
    }
    let color = ui.visuals().strong_text_color();
    let radius = rect.height().min(rect.width()) * 0.5 - 2.0;
    let start = ui.input(|i| i.time) * std::f64::consts::TAU;
    let points: Vec<egui::Pos2> = (0..12)
        .map(|i| {
            let angle = start + f64::from(i) / 12.0 * 240f64.to_radians();
            let (sin, cos) = angle.sin_cos();
            rect.center() + radius * egui::vec2(cos as f32, sin as f32)
        })
        .collect();
    ui.painter()
        .add(egui::Shape::line(points, egui::Stroke::new(3.0, color)));
}
