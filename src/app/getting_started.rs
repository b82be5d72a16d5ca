//! Help → Getting started: the first steps for someone who has never used the program — how
//! to open their own data, the examples that come with it, what happens when boundaries and
//! table are on two district grids, and where files are written.

use atlas_i18n::T;
use atlas_session::{Action, Example, Session, Workspace, autosave_path};

/// The window (a [`WindowFn`] of the layout's window list).
pub fn getting_started_window(
    ctx: &egui::Context,
    open: &mut bool,
    _ws: &Workspace,
    session: &Session,
    actions: &mut Vec<Action>,
) {
    let lang = session.view.lang;
    egui::Window::new(lang.t(T::GettingStarted))
        .constrain_to(super::layout::below_menu(ctx))
        .open(open)
        .default_width(520.0)
        .vscroll(true)
        .show(ctx, |ui| {
            let section = |ui: &mut egui::Ui, title: T, text: &str| {
                ui.add_space(6.0);
                ui.label(egui::RichText::new(lang.t(title)).strong());
                ui.add(egui::Label::new(text).wrap());
            };
            section(ui, T::GsOpenTitle, lang.t(T::GsOpenText));
            section(ui, T::GsExamplesTitle, lang.t(T::GsExamplesText));
            ui.horizontal_wrapped(|ui| {
                for e in Example::ALL.into_iter().filter(|e| e.available()) {
                    if ui.button(lang.t(e.label())).clicked() {
                        actions.push(Action::OpenExample(e));
                    }
                }
            });
            section(ui, T::GsGridsTitle, lang.t(T::GsGridsText));
            let autosave = autosave_path()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| lang.t(T::GsNoAutosave).to_owned());
            section(ui, T::GsFilesTitle, &lang.f(T::GsFilesText, &[&autosave]));
            section(ui, T::GsKeysTitle, lang.t(T::GsKeysText));
        });
}
