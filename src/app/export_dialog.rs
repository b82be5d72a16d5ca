//! The map export window: format (PNG, SVG or PDF), size (1920 × 1080, A4 landscape at
//! 300 dpi, or custom) and labels. Its button asks for a file (the app's save dialog); the
//! session builds the scene from the view and writes it on a worker thread
//! (`session::map_export`).

use atlas_i18n::T;
use atlas_session::map_export::{MapExport, MapFormat};
use atlas_session::{Action, ViewState};

/// Size presets: (name, width, height).
pub const PRESETS: [(&str, u32, u32); 2] =
    [("1920 × 1080", 1920, 1080), ("A4 300 dpi", 3508, 2480)];

/// The export window's settings (kept while it is closed).
pub struct ExportDialog {
    pub settings: MapExport,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            settings: MapExport {
                format: MapFormat::Png,
                width: 1920,
                height: 1080,
                labels: true,
            },
        }
    }
}

impl ExportDialog {
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        open: &mut bool,
        view: &ViewState,
        actions: &mut Vec<Action>,
    ) {
        let lang = view.lang;
        let s = &mut self.settings;
        egui::Window::new(lang.t(T::ExportMap))
            .constrain_to(super::layout::below_menu(ctx))
            .open(open)
            .resizable(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    for (f, name) in [
                        (MapFormat::Png, "PNG"),
                        (MapFormat::Svg, "SVG"),
                        (MapFormat::Pdf, "PDF"),
                    ] {
                        let r = ui.radio_value(&mut s.format, f, name);
                        // Screen readers hear what the choice is of.
                        super::a11y::name(&r, &format!("{}: {name}", lang.t(T::ExportMap)));
                    }
                });
                ui.horizontal(|ui| {
                    for (name, w, h) in PRESETS {
                        if ui
                            .selectable_label(s.width == w && s.height == h, name)
                            .clicked()
                        {
                            s.width = w;
                            s.height = h;
                        }
                    }
                });
                ui.horizontal(|ui| {
                    let r = ui.add(
                        egui::DragValue::new(&mut s.width)
                            .range(16..=16_384)
                            .suffix(" px"),
                    );
                    super::a11y::name(&r, lang.t(T::Width));
                    ui.label("×");
                    let r = ui.add(
                        egui::DragValue::new(&mut s.height)
                            .range(16..=16_384)
                            .suffix(" px"),
                    );
                    super::a11y::name(&r, lang.t(T::Height));
                });
                ui.checkbox(&mut s.labels, lang.t(T::ShowLabels));
                if ui.button(lang.t(T::SaveAs)).clicked() {
                    actions.push(Action::ExportMap(*s));
                }
            });
    }
}
