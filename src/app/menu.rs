//! The menu bar: File (open, projects, recent files, exports, quit), Edit (undo and redo
//! naming the step, copy), View (labels, data table, join report, presentation), Present,
//! Data (derived indicators, aggregate, crosswalk, more years, composite indices), Help
//! (keyboard shortcuts), Language, and the selection count with a way to clear it.

use super::{Action, AtlasApp, Window};
use atlas_i18n::T;
use atlas_session::FileKind;

impl AtlasApp {
    /// Data: derived indicators, aggregation, crosswalk, and the way back after either.
    fn data_menu(&mut self, ui: &mut egui::Ui) {
        let lang = self.session.view.lang;
        let loaded = self.session.workspace.is_some();
        let menu = ui.menu_button(lang.t(T::DataMenu), |ui| {
            for (t, w) in [
                (T::DerivedIndicators, Window::Derived),
                (T::AggregateMenu, Window::Aggregate),
                (T::CrosswalkMenu, Window::Crosswalk),
            ] {
                if ui
                    .add_enabled(loaded, egui::Button::new(lang.t(t)))
                    .clicked()
                {
                    self.actions.push(Action::ShowWindow(w, true));
                    ui.close();
                }
            }
            // Another edition of the same districts: one time series for transitions and
            // persistence.
            let has_table = self
                .session
                .workspace
                .as_ref()
                .is_some_and(|w| w.table().is_some());
            if ui
                .add_enabled(has_table, egui::Button::new(lang.t(T::AddYearsMenu)))
                .clicked()
            {
                self.actions.push(Action::Pick(FileKind::MoreYears));
                ui.close();
            }
            ui.separator();
            ui.menu_button(lang.t(T::CompositeIndex), |ui| {
                for (i, (name, _)) in atlas_session::indices::PRESETS.iter().enumerate() {
                    if ui
                        .add_enabled(loaded, egui::Button::new(lang.t(*name)))
                        .clicked()
                    {
                        if let Ok(specs) = atlas_session::indices::preset(i) {
                            self.actions.push(Action::SetIndices(specs));
                        }
                        ui.close();
                    }
                }
                if ui
                    .add_enabled(loaded, egui::Button::new(lang.t(T::EditIndex)))
                    .clicked()
                {
                    self.actions
                        .push(Action::ShowWindow(Window::IndexEditor, true));
                    ui.close();
                }
                let any = !self.session.view.indices.is_empty();
                if ui
                    .add_enabled(any, egui::Button::new(lang.t(T::RemoveIndices)))
                    .clicked()
                {
                    self.actions.push(Action::SetIndices(Vec::new()));
                    ui.close();
                }
            });
            if let Some(p) = &self.session.previous {
                ui.separator();
                let name = match &p.paths.table {
                    Some(t) => format!("{} + {}", file_name(&p.paths.boundaries), file_name(t)),
                    None => file_name(&p.paths.boundaries),
                };
                if ui.button(lang.f(T::BackTo, &[&name])).clicked() {
                    self.actions.push(Action::BackToPrevious);
                    ui.close();
                }
            }
        });
        self.note_menu(&menu.response);
    }

    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let lang = self.session.view.lang;
        self.ui.open_menu = None;
        egui::MenuBar::new().ui(ui, |ui| {
            self.file_menu(ui);
            self.edit_menu(ui);
            self.data_menu(ui);
            self.view_menu(ui);
            if ui.button(lang.t(T::Present)).clicked() {
                self.actions.push(Action::SetPresenting(true));
            }
            let help = ui.menu_button(lang.t(T::Help), |ui| {
                if ui.button(lang.t(T::GettingStarted)).clicked() {
                    self.actions
                        .push(Action::ShowWindow(Window::GettingStarted, true));
                    ui.close();
                }
                if ui.button(lang.t(T::KeyboardShortcuts)).clicked() {
                    self.actions
                        .push(Action::ShowWindow(Window::Shortcuts, true));
                    ui.close();
                }
            });
            self.note_menu(&help.response);
            let language = ui.menu_button(lang.t(T::Language), |ui| {
                for l in atlas_i18n::Lang::ALL {
                    if ui
                        .radio(self.session.view.lang == l, l.native_name())
                        .clicked()
                    {
                        self.actions.push(Action::SetLang(l));
                        ui.close();
                    }
                }
            });
            self.note_menu(&language.response);
            if !self.session.selection.is_empty() {
                ui.separator();
                ui.label(lang.f(T::Selected, &[&self.session.selection.len().to_string()]));
                if ui
                    .small_button("×")
                    .on_hover_text(lang.t(T::ClearSelection))
                    .clicked()
                {
                    self.actions.push(Action::ClearSelection);
                }
            }
        });
    }

    /// File: open files and projects, recent data sets, exports, examples, quit.
    fn file_menu(&mut self, ui: &mut egui::Ui) {
        let lang = self.session.view.lang;
        let file = ui.menu_button(lang.t(T::File), |ui| {
            for (t, k) in [
                (T::OpenBoundaries, FileKind::Boundaries),
                (T::OpenTable, FileKind::Table),
                (T::OpenMeta, FileKind::Meta),
            ] {
                if ui.button(lang.t(t)).clicked() {
                    self.actions.push(Action::Pick(k));
                    ui.close();
                }
            }
            ui.separator();
            for (t, a) in [
                (T::OpenProject, Action::PickProject),
                (T::SaveProject, Action::SaveProject),
                (T::SaveProjectAs, Action::PickSaveProject),
            ] {
                if ui.button(lang.t(t)).clicked() {
                    self.actions.push(a);
                    ui.close();
                }
            }
            ui.separator();
            ui.menu_button(lang.t(T::RecentFiles), |ui| {
                if self.session.recent().is_empty() {
                    ui.label(lang.t(T::NoRecentFiles));
                }
                for p in self.session.recent() {
                    let label = match &p.table {
                        Some(t) => format!("{} + {}", file_name(&p.boundaries), file_name(t)),
                        None => file_name(&p.boundaries),
                    };
                    if ui
                        .button(label)
                        .on_hover_text(p.boundaries.display().to_string())
                        .clicked()
                    {
                        self.actions.push(Action::OpenDataset(p.clone()));
                        ui.close();
                    }
                }
            });
            if ui.button(lang.t(T::ExportMap)).clicked() {
                self.actions.push(Action::ShowWindow(Window::Export, true));
                ui.close();
            }
            let report = if self.session.selection.is_empty() {
                lang.t(T::ReportAll).to_owned()
            } else {
                lang.f(
                    T::ReportSelected,
                    &[&self.session.selection.len().to_string()],
                )
            };
            if ui.button(report).clicked() {
                self.actions.push(Action::ExportReport);
                ui.close();
            }
            if ui.button(lang.t(T::ExportFlags)).clicked() {
                self.actions.push(Action::ExportFlags);
                ui.close();
            }
            for (text, style) in [
                (
                    T::ExportTableNeutral,
                    atlas_render::joined::CsvStyle::Neutral,
                ),
                (
                    T::ExportTableGerman,
                    atlas_render::joined::CsvStyle::Language(atlas_i18n::Lang::De),
                ),
            ] {
                if ui.button(lang.t(text)).clicked() {
                    self.actions.push(Action::ExportTable(style));
                    ui.close();
                }
            }
            if ui.button(lang.t(T::ExportGeoJson)).clicked() {
                self.actions.push(Action::ExportGeoJson);
                ui.close();
            }
            ui.menu_button(lang.t(T::OpenExample), |ui| {
                for e in atlas_session::Example::ALL {
                    let b = ui
                        .add_enabled(e.available(), egui::Button::new(lang.t(e.label())))
                        .on_disabled_hover_text(lang.t(T::ExampleMissing));
                    if b.clicked() {
                        self.actions.push(Action::OpenExample(e));
                        ui.close();
                    }
                }
            });
            ui.separator();
            if ui.button(lang.t(T::Quit)).clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        self.note_menu(&file.response);
        self.ui.regions[0] = Some(file.response.id);
    }

    /// View: labels, panels, data table, join report, colour vision, presentation.
    fn view_menu(&mut self, ui: &mut egui::Ui) {
        let lang = self.session.view.lang;
        let menu = ui.menu_button(lang.t(T::View), |ui| {
            let mut labels = self.session.view.labels;
            if ui.checkbox(&mut labels, lang.t(T::ShowLabels)).changed() {
                self.actions.push(Action::SetLabels(labels));
            }
            let (hl, hr) = (self.session.view.hide_left, self.session.view.hide_right);
            let mut left = !hl;
            if ui.checkbox(&mut left, lang.t(T::ControlsPanel)).changed() {
                self.actions.push(Action::SetPanels(!left, hr));
            }
            let mut right = !hr;
            if ui.checkbox(&mut right, lang.t(T::PlotsPanel)).changed() {
                self.actions.push(Action::SetPanels(hl, !right));
            }
            if ui.button(lang.t(T::DataTableView)).clicked() {
                self.actions
                    .push(Action::ShowWindow(Window::DataTable, true));
                ui.close();
            }
            if ui.button(lang.t(T::JoinReport)).clicked() {
                self.actions
                    .push(Action::ShowWindow(Window::JoinReport, true));
                ui.close();
            }
            ui.menu_button(lang.t(T::ColourVision), |ui| {
                for v in [atlas_analysis::vision::Vision::Normal]
                    .into_iter()
                    .chain(atlas_analysis::vision::Vision::SIMULATED)
                {
                    let name = lang.t(atlas_scene::text::vision_text(v));
                    let r = ui.radio(self.session.view.vision == v, name);
                    super::a11y::name(&r, &format!("{}: {name}", lang.t(T::ColourVision)));
                    if r.clicked() {
                        self.actions.push(Action::SetVision(v));
                        ui.close();
                    }
                }
            });
            ui.separator();
            if ui.button(lang.t(T::Present)).clicked() {
                self.actions.push(Action::SetPresenting(true));
                ui.close();
            }
            let mut scale = self.session.view.presentation_scale;
            let r = ui.add(
                egui::Slider::new(&mut scale, 1.0..=3.0)
                    .text(lang.t(T::PresentationScale))
                    .custom_formatter(|v, _| super::numbers::compact(v, 2, lang))
                    .custom_parser(|s| super::numbers::parse(s, lang)),
            );
            super::a11y::name(&r, lang.t(T::PresentationScale));
            if r.changed() {
                self.actions.push(Action::SetPresentationScale(scale));
            }
        });
        self.note_menu(&menu.response);
    }

    fn edit_menu(&mut self, ui: &mut egui::Ui) {
        let lang = self.session.view.lang;
        let menu = ui.menu_button(lang.t(T::Edit), |ui| {
            let undo = self.session.history.undo_label().map(|l| l.describe(lang));
            let redo = self.session.history.redo_label().map(|l| l.describe(lang));
            for (what, text, none, action, keys) in [
                (undo, T::UndoWhat, T::NothingToUndo, Action::Undo, "Ctrl+Z"),
                (
                    redo,
                    T::RedoWhat,
                    T::NothingToRedo,
                    Action::Redo,
                    "Ctrl+Shift+Z",
                ),
            ] {
                let label = match &what {
                    Some(w) => lang.f(text, &[w]),
                    None => lang.t(none).to_owned(),
                };
                let b = egui::Button::new(label).shortcut_text(super::shortcuts::keys(keys, lang));
                if ui.add_enabled(what.is_some(), b).clicked() {
                    self.actions.push(action);
                    ui.close();
                }
            }
            ui.separator();
            let copy = if self.session.selection.is_empty() {
                T::CopyAll
            } else {
                T::CopySelection
            };
            if ui
                .add(
                    egui::Button::new(lang.t(copy))
                        .shortcut_text(super::shortcuts::keys("Ctrl+C", lang)),
                )
                .clicked()
            {
                self.actions.push(Action::CopySelection);
                ui.close();
            }
            if ui.button(lang.t(T::CopyMapImage)).clicked() {
                self.actions.push(Action::CopyMapImage);
                ui.close();
            }
        });
        self.note_menu(&menu.response);
    }
}

impl AtlasApp {
    /// Remembers a top-level menu's button while its menu is open: Esc closes the menu and
    /// gives the keyboard focus back to this button (egui drops it otherwise).
    fn note_menu(&mut self, button: &egui::Response) {
        let popup = egui::Popup::default_response_id(button);
        if egui::Popup::is_id_open(&button.ctx, popup) {
            self.ui.open_menu = Some(button.id);
        }
    }
}

pub(super) fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
