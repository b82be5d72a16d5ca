//! When boundaries cannot be read because their coordinate system is unknown (or declared
//! wrongly), a window lists the supported systems; picking one loads the same files again
//! with that system, keeping everything else of the attempted load.

use super::actions::Action;
use super::project_io::OpenedProject;
use crate::dataset::{DatasetOptions, DatasetPaths};
use crate::i18n::{Lang, T};
use crate::load::crs::Crs;

/// A failed load waiting for the user to name the coordinate system.
pub struct CrsChoice {
    pub paths: DatasetPaths,
    pub opts: DatasetOptions,
    /// The project being opened, if the load was one.
    pub project: Option<Box<OpenedProject>>,
    pub message: String,
}

pub fn crs_window(ctx: &egui::Context, c: &CrsChoice, lang: Lang, actions: &mut Vec<Action>) {
    egui::Window::new(lang.t(T::ChooseCrsTitle))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.label(&c.message);
            ui.add_space(6.0);
            ui.label(lang.t(T::ChooseCrsText));
            for crs in Crs::ALL {
                if ui.button(crs.describe()).clicked() {
                    actions.push(Action::ChooseCrs(crs));
                }
            }
            ui.add_space(6.0);
            if ui.button(lang.t(T::Cancel)).clicked() {
                actions.push(Action::CancelCrs);
            }
        });
}
