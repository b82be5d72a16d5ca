//! Applying an [`Action`] to the session: the one place state changes. An action that changes
//! the view, rules, scenes, styling, fields or aliases is recorded in the undo history with a
//! label naming what it did; loading, selection, language and windows are not.

use super::history::{Fields, Label, Snapshot, rules_label};
use super::{Action, FileKind, Message, Request, SaveTarget, Session, Window};
use super::{demo_root, files, jobs::Loaded, kind_of, workspace::Workspace};
use atlas_data::dataset::EditError;
use atlas_data::dataset::{DatasetOptions, demo_paths};
use atlas_i18n::Localize;
use atlas_i18n::T;
use std::path::PathBuf;

impl Session {
    /// Applies actions in order.
    pub fn apply_all(&mut self, actions: impl IntoIterator<Item = Action>) {
        for a in actions {
            self.apply(a);
        }
    }

    /// Applies one action; records it for undo when it changed what undo restores.
    pub fn apply(&mut self, a: Action) {
        let label = self.undo_label(&a);
        let before = label.as_ref().map(|_| self.snapshot());
        self.apply_inner(a);
        if let (Some(label), Some(before)) = (label, before)
            && before != self.snapshot()
        {
            self.history.record(before, label);
        }
    }

    /// What undo restores, as it is now.
    pub fn snapshot(&self) -> Snapshot {
        let mut view = self.view.clone();
        // Kept out: the selection and camera (saved apart), and what is not the map's content.
        view.selection.clear();
        view.camera = None;
        view.lang = Default::default();
        view.tab = Default::default();
        view.presentation_scale = 1.0;
        Snapshot {
            view,
            fields: self.workspace.as_ref().map(|ws| Fields {
                paths: ws.dataset.paths.clone(),
                key_field: ws.dataset.districts.key_field.clone(),
                name_field: ws.dataset.districts.name_field.clone(),
                aliases: ws.dataset.aliases.clone(),
                derived: ws.dataset.derived.clone(),
            }),
        }
    }

    fn restore_snapshot(&mut self, s: Snapshot) {
        let (lang, tab, scale) = (self.view.lang, self.view.tab, self.view.presentation_scale);
        self.view = s.view;
        self.view.lang = lang;
        self.view.tab = tab;
        self.view.presentation_scale = scale;
        let now = self.snapshot().fields;
        // Fields of another data set (loaded since) do not apply.
        if let (Some(want), Some(now)) = (s.fields, now)
            && want.paths == now.paths
            && want != now
        {
            self.edit_dataset(|ds| {
                if ds.districts.key_field != want.key_field {
                    ds.set_key_field(&want.key_field)?;
                }
                ds.districts.set_name_field(want.name_field.as_deref())?;
                ds.aliases = want.aliases;
                if ds.derived != want.derived {
                    ds.set_derived(want.derived)?;
                }
                Ok(())
            });
        }
    }

    /// The undo label of an action, if it is one undo takes back.
    fn undo_label(&self, a: &Action) -> Option<Label> {
        let scene = |i: &usize| {
            self.view
                .scenes
                .get(*i)
                .map(|s| s.name.clone())
                .unwrap_or_default()
        };
        Some(match a {
            Action::SetIndicator(_) => Label::new(T::UndoIndicator),
            Action::SetYear(_)
            | Action::StepYear(_)
            | Action::YearEdge { .. }
            | Action::SelectAt { .. } => Label::new(T::UndoYear),
            Action::SetSpeed(_) => Label::new(T::UndoSpeed),
            Action::SetStyling(_) | Action::SetVision(_) => Label::new(T::UndoStyling),
            Action::SetRules(r) => rules_label(&self.view.rules, r),
            Action::SetActiveRule(_) => Label::new(T::UndoOverlay),
            Action::SetMapMode(_) => Label::new(T::UndoMapMode),
            Action::SetSpatial(_) => Label::new(T::UndoSpatial),
            Action::SetSegregation(_) => Label::new(T::UndoSegregation),
            Action::SetChangeFrom(_)
            | Action::SetPersistRange(..)
            | Action::SetTransitionFrom(_) => Label::new(T::UndoCompareYears),
            Action::SetScatterAxes(..) | Action::SetTrails(_) => Label::new(T::UndoScatter),
            Action::SetLabels(_) => Label::new(T::UndoLabels),
            Action::SetMapText(_) => Label::new(T::UndoMapText),
            Action::SetIndices(_) => Label::new(T::UndoIndices),
            Action::SetContext(_) | Action::OpenFile(FileKind::Context, _) => {
                Label::new(T::UndoContext)
            }
            Action::SaveScene(name) => Label::named(T::UndoSaveScene, name),
            Action::ShowScene(i) => Label::named(T::UndoShowScene, &scene(i)),
            Action::StepScene(_) => Label::new(T::UndoShowScene),
            Action::RenameScene(i, _) => Label::named(T::UndoRenameScene, &scene(i)),
            Action::MoveScene(i, _) => Label::named(T::UndoMoveScene, &scene(i)),
            Action::UpdateScene(i) => Label::named(T::UndoUpdateScene, &scene(i)),
            Action::DeleteScene(i) => Label::named(T::UndoDeleteScene, &scene(i)),
            Action::SetKeyField(_) | Action::SetNameField(_) => Label::new(T::UndoFields),
            Action::AcceptAliases(_) => Label::new(T::UndoAliases),
            Action::SetDerived(_) => Label::new(T::UndoDerived),
            _ => return None,
        })
    }

    /// One exhaustive match: every action says here what it does, the longer ones in a
    /// method of their own below.
    fn apply_inner(&mut self, a: Action) {
        match a {
            Action::OpenDataset(p) => self.start_load(p, DatasetOptions::default(), false),
            Action::OpenFile(FileKind::Project, path) => self.open_project(&path),
            Action::OpenFile(FileKind::Context, path) => {
                self.view.context = Some(crate::state::ContextSpec {
                    path,
                    labels: false,
                })
            }
            Action::SetContext(c) => self.view.context = c,
            Action::SetIndices(specs) => self.set_indices(specs),
            Action::OpenFile(FileKind::MoreYears, path) => self.start_add_years(path),
            Action::OpenFile(FileKind::IndexSpec, path) => self.open_index_spec(&path),
            Action::SaveIndexSpec(i) => self.requests.push(Request::Save(SaveTarget::IndexSpec(i))),
            Action::OpenFile(kind, path) => self.open_files(vec![(kind, path)]),
            Action::OpenDropped(paths) => self.open_dropped(paths),
            Action::Pick(kind) => self.requests.push(Request::Open(kind)),
            Action::PickProject => self.requests.push(Request::Open(FileKind::Project)),
            Action::OpenExample(e) => {
                self.start_load(e.paths(&demo_root()), DatasetOptions::default(), false)
            }
            Action::SetKeyField(f) => self.edit_dataset(|ds| Ok(ds.set_key_field(&f)?)),
            Action::SetNameField(f) => {
                self.edit_dataset(|ds| Ok(ds.districts.set_name_field(f.as_deref())?))
            }
            // Keep the year if the new indicator has it; `sync` falls back otherwise.
            Action::SetIndicator(id) => self.view.indicator = Some(id),
            Action::SetYear(y) => self.view.year = Some(y),
            Action::StepYear(step) => self.step_year(step, false),
            Action::YearEdge { last } => {
                if let Some(years) = self.indicator_years() {
                    self.view.year = if last { years.last() } else { years.first() }.copied();
                }
            }
            Action::TogglePlay => self.toggle_play(),
            Action::SetSpeed(s) => self.view.play_speed = s.clamp(0.25, 16.0),
            Action::SetStyling(s) => self.view.styling = s,
            Action::Select { district, add } => self.selection.click(district, add),
            Action::ClearSelection => self.selection.clear(),
            Action::SetLang(l) => self.set_lang(l),
            Action::SetLabels(b) => self.view.labels = b,
            Action::ShowWindow(w, show) => self.show_window(w, show),
            Action::DismissMessage => self.message = None,
            Action::SetRules(r) => self.set_rules(r),
            Action::SetActiveRule(r) => self.view.active_rule = r,
            Action::SetMapMode(m) => self.view.map_mode = m,
            Action::SetSpatial(s) => self.view.spatial = s,
            Action::SetSegregation(s) => self.view.segregation = s,
            Action::SetChangeFrom(y) => self.view.change_from = Some(y),
            Action::SetPersistRange(a, b) => {
                self.view.persist_from = a;
                self.view.persist_to = b;
            }
            Action::SetTransitionFrom(y) => self.view.transition_from = Some(y),
            Action::SetScatterAxes(x, y) => {
                self.view.scatter_x = x;
                self.view.scatter_y = y;
            }
            Action::SetTrails(b) => self.view.trails = b,
            Action::SetTab(t) => self.view.tab = t,
            Action::SetPresenting(on) => self.set_presenting(on),
            Action::SetPresentationScale(x) => self.set_presentation_scale(x),
            Action::SelectOnly(ds) => self.selection.set_all(ds),
            Action::SelectAt { district, year } => {
                self.selection.click(district, false);
                self.cursor = Some(district);
                self.view.year = Some(year);
            }
            Action::ExportMap(e) => self.requests.push(Request::SaveMap(e)),
            Action::ExportMapTo(e, path) => self.export_map(e, path),
            Action::ExportFlags => self.requests.push(Request::Save(SaveTarget::Flags)),
            Action::ExportTable(style) => {
                self.requests.push(Request::Save(SaveTarget::Table(style)))
            }
            Action::ExportReport => self.requests.push(Request::Save(SaveTarget::Report)),
            Action::ExportGeoJson => self.requests.push(Request::Save(SaveTarget::GeoJson)),
            Action::SaveTo(target, path) => self.save_to(target, path),
            Action::SaveScene(name) => self.save_scene(&name),
            Action::ShowScene(i) => self.show_scene(i),
            Action::StepScene(step) => self.step_scene(step),
            Action::RenameScene(i, name) => self.rename_scene(i, &name),
            Action::MoveScene(i, step) => self.move_scene(i, step),
            Action::UpdateScene(i) => self.update_scene(i),
            Action::DeleteScene(i) => self.delete_scene(i),
            Action::SaveProject => match self.project_file.clone() {
                Some(f) => self.save_project(&f),
                None => self.requests.push(Request::Save(SaveTarget::Project)),
            },
            Action::PickSaveProject => self.requests.push(Request::Save(SaveTarget::Project)),
            Action::OpenProject(p) => self.open_project(&p),
            Action::SaveProjectAs(p) => self.save_project(&p),
            Action::RelocateFile { missing, to } => self.relocate(&missing, to),
            Action::PickRelocation(missing) => {
                let kind = files::relocation_kind(&missing);
                self.requests.push(Request::Relocate(missing, kind));
            }
            Action::CancelProject => self.relocation = None,
            Action::ChooseCrs(crs) => self.choose_crs(crs),
            Action::CancelCrs => self.crs_choice = None,
            Action::AcceptAliases(pairs) => self.edit_dataset(|ds| {
                ds.aliases.extend(pairs);
                Ok(())
            }),
            Action::SetDerived(defs) => self.edit_dataset(|ds| Ok(ds.set_derived(defs)?)),
            Action::Aggregate(by, names, out) => self.start_aggregate(by, names, out),
            Action::Regrid {
                source,
                append,
                out,
            } => self.start_regrid(source, append, out),
            Action::BackToPrevious => self.back_to_previous(),
            Action::SetTableKey(column) => self.set_table_key(column),
            Action::SetLayer(layer) => self.set_layer(layer),
            Action::SetSheet(sheet) => self.set_sheet(sheet),
            Action::Undo => {
                if let Some(s) = self.history.undo(self.snapshot()) {
                    self.restore_snapshot(s);
                }
            }
            Action::Redo => {
                if let Some(s) = self.history.redo(self.snapshot()) {
                    self.restore_snapshot(s);
                }
            }
            Action::Escape => self.escape(),
            Action::MoveCursor(dir) => self.move_cursor(dir),
            Action::SetCursor(d) => self.cursor = d,
            Action::ToggleCursor => {
                if let Some(d) = self.cursor {
                    self.selection.click(d, true);
                }
            }
            Action::CopySelection => self.copy_selection(),
            Action::CopyMapImage => self.requests.push(Request::CopyMapImage),
            Action::SetVision(v) => self.view.vision = v,
            Action::SetMapText(t) => self.view.text = t,
            Action::SetPanels(left, right) => {
                self.view.hide_left = left;
                self.view.hide_right = right;
            }
        }
    }

    /// Dropped files: each by its kind; a dropped project opens alone (it names its own data
    /// files); a file of no known kind is said.
    fn open_dropped(&mut self, paths: Vec<PathBuf>) {
        let lang = self.view.lang;
        let mut files = Vec::new();
        for p in paths {
            match kind_of(&p) {
                Some(k) => files.push((k, p)),
                None => {
                    let name = p.display().to_string();
                    self.message = Some(Message::Error(lang.f(T::UnknownDrop, &[&name])));
                }
            }
        }
        if let Some(i) = files.iter().position(|(k, _)| *k == FileKind::Project) {
            let (_, p) = files.swap_remove(i);
            self.open_project(&p);
        } else if !files.is_empty() {
            self.open_files(files);
        }
    }

    /// Playing is one undo step, whatever years it passes: from where it started to where it
    /// stopped.
    fn toggle_play(&mut self) {
        self.playing = !self.playing;
        self.last_step = self.clock;
        if self.playing {
            self.play_start = Some(self.snapshot());
        } else if let Some(before) = self.play_start.take()
            && before != self.snapshot()
        {
            self.history.seal();
            self.history.record(before, Label::new(T::UndoPlay));
            self.history.seal();
        }
    }

    /// Default rules nobody has edited follow the language; edited ones are the user's words
    /// and stay.
    fn set_lang(&mut self, l: atlas_i18n::Lang) {
        let table = self.workspace.as_ref().and_then(|w| w.table());
        if table.is_some()
            && self.view.rules == atlas_analysis::rules::default_rules(table, self.view.lang)
        {
            self.view.rules = atlas_analysis::rules::default_rules(table, l);
        }
        self.view.lang = l;
    }

    /// New rules; the active rule stays within them. Rules other than the data's defaults
    /// are the user's own from now on.
    fn set_rules(&mut self, r: atlas_analysis::rules::RuleSet) {
        let table = self.workspace.as_ref().and_then(|w| w.table());
        self.view.rules_edited = r != atlas_analysis::rules::default_rules(table, self.view.lang);
        let n = r.rules.len();
        self.view.rules = r;
        if self.view.active_rule.is_some_and(|a| a >= n) {
            self.view.active_rule = n.checked_sub(1);
        }
    }

    /// The map view keeps a camera of its own for presenting and brings the explorer's back
    /// afterwards.
    fn set_presenting(&mut self, on: bool) {
        self.presenting = on;
        let scale = if on {
            self.view.presentation_scale.clamp(1.0, 3.0)
        } else {
            1.0
        };
        self.requests.push(Request::Presenting { on, scale });
    }

    fn set_presentation_scale(&mut self, x: f32) {
        self.view.presentation_scale = x.clamp(1.0, 3.0);
        if self.presenting {
            self.requests.push(Request::Presenting {
                on: true,
                scale: self.view.presentation_scale,
            });
        }
    }

    /// Loading waited for a coordinate system: load with the chosen one.
    fn choose_crs(&mut self, crs: atlas_data::load::crs::Crs) {
        if let Some(c) = self.crs_choice.take() {
            let opts = DatasetOptions {
                crs: Some(crs),
                ..c.opts
            };
            self.begin_load(c.paths, opts, c.project.is_some(), c.project);
        }
    }

    /// Reads the current files again with other options (`restore_view`: keep the view, as
    /// for a key change).
    fn reload_with(
        &mut self,
        opts: impl FnOnce(DatasetOptions) -> DatasetOptions,
        restore_view: bool,
    ) {
        if let Some(paths) = self.current_paths() {
            let opts = opts(self.saved.options());
            self.start_load(paths, opts, restore_view);
        }
    }

    /// The table is read again with that key; the boundary field follows it.
    fn set_table_key(&mut self, column: String) {
        let opts = |o| DatasetOptions {
            key_field: None,
            table_key_column: Some(column),
            ..o
        };
        self.reload_with(opts, true);
    }

    /// Other boundaries: their key and name fields are chosen anew.
    fn set_layer(&mut self, layer: String) {
        let opts = |o| DatasetOptions {
            key_field: None,
            name_field: None,
            layer: Some(layer),
            ..o
        };
        self.reload_with(opts, false);
    }

    fn set_sheet(&mut self, sheet: String) {
        let opts = |o| DatasetOptions {
            sheet: Some(sheet),
            ..o
        };
        self.reload_with(opts, false);
    }

    /// Writes what a save dialog chose a file for.
    fn save_to(&mut self, target: SaveTarget, path: PathBuf) {
        match target {
            SaveTarget::Flags => self.export_flags(&path),
            SaveTarget::Table(style) => self.export_table(&path, style),
            SaveTarget::GeoJson => self.export_geojson(&path),
            SaveTarget::Report => self.export_report(path),
            SaveTarget::Project => self.save_project(&path),
            SaveTarget::IndexSpec(i) => self.save_index_spec(i, &path),
        }
    }

    fn show_window(&mut self, w: super::Window, show: bool) {
        if show {
            self.windows.insert(w);
        } else {
            self.windows.remove(&w);
        }
    }

    /// Esc leaves presentation, else clears the selection and the keyboard cursor.
    fn escape(&mut self) {
        if self.presenting {
            self.apply_inner(Action::SetPresenting(false));
        } else {
            self.selection.clear();
            self.cursor = None;
        }
    }

    /// Reloads with some files replaced; the current data stays until the new load succeeds.
    fn open_files(&mut self, files: Vec<(FileKind, PathBuf)>) {
        let mut paths = self
            .current_paths()
            .unwrap_or_else(|| demo_paths(&demo_root()));
        let mut new_boundaries = false;
        for (kind, p) in files {
            match kind {
                FileKind::Boundaries => {
                    paths.boundaries = p;
                    new_boundaries = true;
                }
                FileKind::Table => {
                    paths.table = Some(p);
                    paths.meta = None; // found beside the new table, if any
                }
                FileKind::Meta => paths.meta = Some(p),
                FileKind::Project
                | FileKind::Context
                | FileKind::MoreYears
                | FileKind::IndexSpec => {}
            }
        }
        let opts = if new_boundaries {
            DatasetOptions::default()
        } else {
            // Same boundaries: their name field, system, layer and aliases still hold; the key
            // field is chosen again to fit the new table.
            DatasetOptions {
                key_field: None,
                sheet: None,
                ..self.saved.options()
            }
        };
        self.start_load(paths, opts, false);
    }

    /// Changes the loaded data set in place (key or name field): re-join and re-classify.
    fn edit_dataset(
        &mut self,
        f: impl FnOnce(&mut atlas_data::dataset::Dataset) -> Result<(), EditError>,
    ) {
        let Some(ws) = &mut self.workspace else {
            return;
        };
        let mut ds = (*ws.dataset).clone();
        match f(&mut ds) {
            Ok(()) => {
                ds.rejoin();
                self.saved.aliases = ds.aliases.clone();
                self.saved.derived = ds.derived.clone();
                self.saved.key_field = Some(ds.districts.key_field.clone());
                self.saved.name_field = ds.districts.name_field.clone();
                let geometry = ws.geometry.as_deref().cloned();
                let generation = ws.generation;
                let mut new = Workspace::new(
                    Loaded {
                        dataset: ds,
                        geometry,
                    },
                    generation,
                );
                // Same districts: the GPU keeps its buffers, colours are re-uploaded.
                new.fills_version = ws.fills_version + 1;
                *ws = new;
            }
            Err(e) => self.message = Some(Message::Error(e.text(self.view.lang))),
        }
    }

    /// Windows open now, for the front end's Esc handling (the last opened closes first).
    pub fn close_top_window(&mut self) -> bool {
        match [
            Window::GettingStarted,
            Window::Shortcuts,
            Window::DataTable,
            Window::Export,
            Window::JoinReport,
        ]
        .into_iter()
        .find(|w| self.windows.contains(w))
        {
            Some(w) => {
                self.windows.remove(&w);
                true
            }
            None => false,
        }
    }
}
