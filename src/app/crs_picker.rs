//! When boundaries cannot be read because their coordinate system is unknown (or declared
//! wrongly), a window lists the common systems and takes any other EPSG code; picking one
//! loads the same files again with that system, keeping everything else of the attempted
//! load.

use atlas_data::load::crs::Crs;
use atlas_i18n::{Lang, T};
use atlas_session::{Action, CrsChoice};

pub fn crs_window(ctx: &egui::Context, c: &mut CrsChoice, lang: Lang, actions: &mut Vec<Action>) {
    egui::Window::new(lang.t(T::ChooseCrsTitle))
        .constrain_to(super::layout::below_menu(ctx))
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
            // Any other code of EPSG's table (e.g. EPSG:3035, 2154, 4258).
            ui.horizontal(|ui| {
                ui.label(lang.t(T::OtherEpsg));
                let field = ui.add(
                    egui::TextEdit::singleline(&mut c.code)
                        .hint_text("EPSG:3035")
                        .desired_width(140.0),
                );
                super::a11y::name(&field, lang.t(T::OtherEpsg));
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let typed = !c.code.trim().is_empty();
                if typed && (ui.button(lang.t(T::UseCrs)).clicked() || entered) {
                    match atlas_data::load::crs::parse_arg(&c.code) {
                        Ok(crs) => actions.push(Action::ChooseCrs(crs)),
                        Err(e) => c.code_error = Some(e),
                    }
                }
            });
            if let Some(e) = &c.code_error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.add_space(6.0);
            if ui.button(lang.t(T::Cancel)).clicked() {
                actions.push(Action::CancelCrs);
            }
        });
}
