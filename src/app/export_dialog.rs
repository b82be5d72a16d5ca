//! Exporting the map as shown: format (PNG, SVG or PDF), size (1920 × 1080, A4 landscape at
//! 300 dpi, or custom) and labels; then an rfd save dialog, and the scene is rendered and
//! written on a worker thread. The scene is built from the screen's own fills, legend rows,
//! title and overlay, so the file matches the screen in every map mode.

use super::actions::Action;
use super::state::ViewState;
use super::workspace::Workspace;
pub use crate::export::MapFormat;
use crate::i18n::T;
use crate::scene::map_scene::{MapScene, SceneInput};

/// What the user chose in the export window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapExport {
    pub format: MapFormat,
    pub width: u32,
    pub height: u32,
    pub labels: bool,
}

/// Size presets: (name, width, height).
pub const PRESETS: [(&str, u32, u32); 2] =
    [("1920 × 1080", 1920, 1080), ("A4 300 dpi", 3508, 2480)];

/// The export window's state.
pub struct ExportDialog {
    pub open: bool,
    pub settings: MapExport,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
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
    pub fn show(&mut self, ctx: &egui::Context, view: &ViewState, actions: &mut Vec<Action>) {
        let lang = view.lang;
        let mut open = self.open;
        let s = &mut self.settings;
        egui::Window::new(lang.t(T::ExportMap))
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.radio_value(&mut s.format, MapFormat::Png, "PNG");
                    ui.radio_value(&mut s.format, MapFormat::Svg, "SVG");
                    ui.radio_value(&mut s.format, MapFormat::Pdf, "PDF");
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
        self.open = open;
    }
}

/// The scene of the map as the screen shows it now.
pub fn scene_of_view(ws: &Workspace, view: &ViewState, e: &MapExport) -> Result<MapScene, String> {
    let lang = view.lang;
    let t = ws.table().ok_or("no indicator table is loaded")?;
    let g = ws.geometry.as_ref().ok_or("no district geometry")?;
    let ind = ws.indicator.ok_or("nothing is shown yet")?;
    // The legend and fills the screen shows, overlay lines included.
    let legend = ws.legend.clone().ok_or("nothing is classified yet")?;
    let year = t.years.get(ws.year).copied().unwrap_or_default();
    let overlay_row = view
        .active_rule
        .and_then(|r| ws.rule_results.get(r)?.per_year.get(ws.year));
    let (title, subtitle) = super::overlays::title_lines(ws, view, ind, year);
    let input = SceneInput {
        districts: &ws.dataset.districts.districts,
        geometry: g,
        fills: &ws.fills,
        overlay: overlay_row.map(Vec::as_slice),
        title,
        subtitle,
        legend,
        source: lang.f(T::Source, &[&ws.dataset.source_line()]),
        date: crate::export::today(),
        synthetic: ws
            .dataset
            .meta
            .synthetic
            .then(|| lang.t(T::SyntheticData).to_owned()),
        labels: e.labels,
        width: e.width,
        height: e.height,
    };
    Ok(MapScene::build(&input))
}

/// Renders and writes a scene (run on a worker thread).
pub fn write_scene(
    scene: &MapScene,
    format: MapFormat,
    path: &std::path::Path,
) -> Result<(), String> {
    let dpi = crate::export::pdf_dpi(scene.width, scene.height);
    let bytes = crate::export::render(scene, format, dpi)?;
    // A failed export never leaves half a file.
    crate::atomic_write::write_atomic(path, &bytes)
}
