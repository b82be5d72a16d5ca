//! The left panel's context layer: add a second boundary file drawn as outlines over the map
//! (Bezirke over Planungsräume), name its areas, remove it — as a QGIS user manages a layer.

use atlas_i18n::{Lang, T};
use atlas_session::{Action, ContextSpec, FileKind, ViewState, Workspace};

pub fn context_layer(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    actions: &mut Vec<Action>,
) {
    let lang: Lang = view.lang;
    ui.label(egui::RichText::new(lang.t(T::ContextLayer)).strong());
    match (&view.context, &ws.context) {
        (Some(spec), Some(c)) => {
            ui.label(lang.f(T::ContextAreas, &[&c.name, &c.count.to_string()]));
            let mut labels = spec.labels;
            if ui.checkbox(&mut labels, lang.t(T::ContextLabels)).changed() {
                actions.push(Action::SetContext(Some(ContextSpec {
                    labels,
                    ..spec.clone()
                })));
            }
            if ui.button(lang.t(T::ContextRemove)).clicked() {
                actions.push(Action::SetContext(None));
            }
        }
        (Some(_), None) => {
            ui.horizontal_wrapped(|ui| {
                ui.spinner();
                ui.label(lang.t(T::ContextLoading));
            });
        }
        (None, _) => {
            ui.label(
                egui::RichText::new(lang.t(T::ContextLayerHint))
                    .small()
                    .weak(),
            );
            if ui.button(lang.t(T::AddContextLayer)).clicked() {
                actions.push(Action::Pick(FileKind::Context));
            }
        }
    }
}
