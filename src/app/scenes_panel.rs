//! The scenes list in the side panel: named saved views, shown by a click, in slide order for
//! presentations (PageUp/PageDown). The chosen scene can be renamed, moved, updated to the
//! current view and deleted; a new scene is saved from the view under a typed (or default)
//! name.

use atlas_i18n::T;
use atlas_session::Action;
use atlas_session::state::ViewState;

/// Text being typed in the panel.
#[derive(Default)]
pub struct ScenesPanel {
    new_name: String,
    /// (scene, name being edited)
    rename: Option<(usize, String)>,
}

pub fn scenes_panel(
    ui: &mut egui::Ui,
    view: &ViewState,
    state: &mut ScenesPanel,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    egui::CollapsingHeader::new(lang.f(T::ScenesN, &[&view.scenes.len().to_string()]))
        .id_salt("scenes")
        .default_open(true)
        .show(ui, |ui| {
            if view.scenes.is_empty() {
                ui.weak(lang.t(T::NoScenes));
            }
            for (i, s) in view.scenes.iter().enumerate() {
                let current = view.current_scene == Some(i);
                if ui
                    .selectable_label(current, format!("{}. {}", i + 1, s.name))
                    .clicked()
                {
                    actions.push(Action::ShowScene(i));
                }
            }
            if let Some(i) = view.current_scene.filter(|&i| i < view.scenes.len()) {
                ui.horizontal_wrapped(|ui| {
                    let editing = match &mut state.rename {
                        Some((k, text)) if *k == i => text,
                        _ => {
                            state.rename = Some((i, view.scenes[i].name.clone()));
                            match &mut state.rename {
                                Some((_, text)) => text,
                                None => return,
                            }
                        }
                    };
                    let r = ui.add(egui::TextEdit::singleline(editing).desired_width(150.0));
                    super::a11y::name(&r, lang.t(T::SceneName));
                    if r.lost_focus() && editing.trim() != view.scenes[i].name {
                        actions.push(Action::RenameScene(i, editing.clone()));
                        // Read back next frame (the name may get a " (2)" to stay unique).
                        state.rename = None;
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .add_enabled(i > 0, egui::Button::new(lang.t(T::MoveUp)).small())
                        .clicked()
                    {
                        actions.push(Action::MoveScene(i, -1));
                    }
                    if ui
                        .add_enabled(
                            i + 1 < view.scenes.len(),
                            egui::Button::new(lang.t(T::MoveDown)).small(),
                        )
                        .clicked()
                    {
                        actions.push(Action::MoveScene(i, 1));
                    }
                    if ui
                        .small_button(lang.t(T::UpdateScene))
                        .on_hover_text(lang.t(T::UpdateSceneHint))
                        .clicked()
                    {
                        actions.push(Action::UpdateScene(i));
                    }
                    if ui.small_button(lang.t(T::DeleteScene)).clicked() {
                        actions.push(Action::DeleteScene(i));
                    }
                });
            } else {
                state.rename = None;
            }
            ui.horizontal_wrapped(|ui| {
                let r = ui.add(
                    egui::TextEdit::singleline(&mut state.new_name)
                        .hint_text(lang.t(T::SceneName))
                        .desired_width(150.0),
                );
                super::a11y::name(&r, lang.t(T::NewSceneName));
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button(lang.t(T::SaveScene)).clicked() || enter {
                    actions.push(Action::SaveScene(std::mem::take(&mut state.new_name)));
                }
            });
        });
}
