//! Help → Keyboard shortcuts: every key the app answers to, in the language of the moment.

use atlas_i18n::{Lang, T};
use atlas_session::{Action, Session, Workspace};

/// The keys and what they do, in the order the window lists them.
pub const SHORTCUTS: [(&str, T); 17] = [
    ("Tab / Shift+Tab", T::KeyTab),
    ("F6 / Shift+F6", T::KeyRegions),
    ("Ctrl+M", T::KeyFocusMap),
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
];

/// Key names as the keyboard of the language prints them ("Strg+Z" on a German keyboard).
pub fn keys(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_owned(),
        Lang::De => [
            ("Ctrl", "Strg"),
            ("Shift", "Umschalt"),
            ("Space", "Leertaste"),
            ("Home", "Pos1"),
            ("End", "Ende"),
            ("PageUp", "Bild auf"),
            ("PageDown", "Bild ab"),
            ("Enter", "Eingabe"),
        ]
        .iter()
        .fold(text.to_owned(), |t, (en, de)| t.replace(en, de)),
    }
}

pub fn shortcuts_window(
    ctx: &egui::Context,
    open: &mut bool,
    _ws: &Workspace,
    session: &Session,
    _actions: &mut Vec<Action>,
) {
    let lang = session.view.lang;
    egui::Window::new(lang.t(T::KeyboardShortcuts))
        .constrain_to(super::layout::below_menu(ctx))
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
                    for (k, what) in &SHORTCUTS {
                        ui.monospace(keys(k, lang));
                        ui.add(egui::Label::new(lang.t(*what)).wrap());
                        ui.end_row();
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_key_names_are_those_printed_on_german_keyboards() {
        assert_eq!(
            keys("Ctrl+Shift+Z, Ctrl+Y", Lang::De),
            "Strg+Umschalt+Z, Strg+Y"
        );
        assert_eq!(keys("Home / End", Lang::De), "Pos1 / Ende");
        assert_eq!(keys("PageUp / PageDown", Lang::De), "Bild auf / Bild ab");
        assert_eq!(keys("Enter", Lang::De), "Eingabe");
        assert_eq!(keys("Ctrl+C", Lang::En), "Ctrl+C");
    }
}
