//! The window of a project whose data files moved: it lists the files not found, each with a
//! button to find it, and a way to give up (the current data stays).

use atlas_i18n::T;
use atlas_session::{Action, Relocation};

/// The window listing the data files an opening project could not find, each with a button
/// to find it.
pub fn relocation_window(
    ctx: &egui::Context,
    r: &Relocation,
    lang: atlas_i18n::Lang,
    actions: &mut Vec<Action>,
) {
    egui::Window::new(lang.t(T::MissingDataTitle))
        .constrain_to(super::layout::below_menu(ctx))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(lang.f(T::MissingDataText, &[&r.opened.file.display().to_string()]));
            ui.add_space(6.0);
            for m in &r.missing {
                ui.horizontal(|ui| {
                    ui.monospace(m.display().to_string());
                    if ui.button(lang.t(T::Locate)).clicked() {
                        actions.push(Action::PickRelocation(m.clone()));
                    }
                });
            }
            ui.add_space(6.0);
            if ui.button(lang.t(T::Cancel)).clicked() {
                actions.push(Action::CancelProject);
            }
        });
}
