//! The banner under the menu: loading progress (file and stage), and the last message —
//! an error (saying the data loaded before stays), a notice, or a join that matched too
//! little — with a button to dismiss it.

use super::{Action, AtlasApp, Message};
use crate::i18n::T;
use crate::session::jobs::LOAD_STAGES;

impl AtlasApp {
    pub(super) fn banner(&mut self, ui: &mut egui::Ui) {
        let lang = self.session.view.lang;
        if let Some((file, stage)) = self.session.loading() {
            ui.horizontal(|ui| {
                ui.spinner();
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
