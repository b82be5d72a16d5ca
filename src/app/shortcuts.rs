//! Help → Keyboard shortcuts: every key the app answers to, in the language of the moment.

use crate::i18n::T;
use crate::session::{Action, Session, Workspace};

/// The keys and what they do, in the order the window lists them.
pub const SHORTCUTS: [(&str, T); 16] = [
    ("Tab / Shift+Tab", T::KeyTab),
    ("← →", T::KeyYears),
    ("Home / End", T::KeyFirstLast),
    ("Space", T::KeyPlay),
    ("← → ↑ ↓", T::KeyMapMove),
    ("Enter", T::KeyMapToggle),
    ("+ / −", T::KeyMapZoom),
    ("F", T::KeyMapFit),
    ("↑ ↓", T::KeyLists),
    ("Esc", T::KeyEsc),
    ("Ctrl+Z", T::KeyUndo),
    ("Ctrl+Shift+Z, Ctrl+Y", T::KeyRedo),
    ("Ctrl+C", T::KeyCopy),
    ("PageUp / PageDown", T::KeyScenes),
    ("F11", T::KeyPresent),
    ("Alt", T::KeyTab),
];

pub fn shortcuts_window(
    ctx: &egui::Context,
    open: &mut bool,
    _ws: &Workspace,
    session: &Session,
    _actions: &mut Vec<Action>,
) {
    let lang = session.view.lang;
    egui::Window::new(lang.t(T::KeyboardShortcuts))
        .open(open)
        .resizable(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label(lang.t(T::ShortcutsIntro));
            ui.add_space(6.0);
            egui::Grid::new("shortcuts")
                .striped(true)
                .num_columns(2)
                .show(ui, |ui| {
                    for (keys, what) in &SHORTCUTS[..15] {
                        ui.monospace(*keys);
                        ui.add(egui::Label::new(lang.t(*what)).wrap());
                        ui.end_row();
                    }
                });
        });
}
