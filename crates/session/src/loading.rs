//! What happens when a data set has loaded: the new workspace replaces the old one (or the
//! error is said in the UI language and the old data stays), the view is restored or fitted,
//! the join report opens only when a decision is needed, and rules follow the new data.

use super::*;

impl Session {
    pub(crate) fn finish_load(
        &mut self,
        l: PendingLoad,
        r: Result<Result<Box<Loaded>, jobs::LoadFailed>, jobs::Stopped>,
    ) {
        let PendingLoad {
            paths,
            opts,
            restore_view,
            project,
            ..
        } = l;
        if !matches!(r, Ok(Ok(_))) {
            // Nothing of a failed load (or of its project) reaches the view.
            self.restore = None;
            self.restore_extent = None;
        }
        match r {
            Ok(Ok(loaded)) => {
                atlas_data::timings::mark("taken in by the session");
                if let Some(p) = project {
                    self.apply_project(*p);
                }
                self.generation += 1;
                let ws = Workspace::new(*loaded, self.generation);
                atlas_data::timings::mark("workspace built");
                let (keys, camera) = match (restore_view, self.restore.take()) {
                    (true, Some(r)) => r,
                    _ => (Vec::new(), None),
                };
                self.selection.set_all(ws.districts_with_keys(&keys));
                self.cursor = None;
                self.camera_request = Some(match self.restore_extent.take() {
                    Some(e) => CameraRequest::Extent(Some(e), self.generation),
                    None => CameraRequest::Reset(camera, self.generation),
                });
                self.saved.remember(&paths);
                self.saved.paths = Some(paths);
                self.saved.key_field = Some(ws.dataset.districts.key_field.clone());
                self.saved.crs = opts.crs;
                self.saved.sheet = opts.sheet.clone();
                self.saved.aliases = opts.aliases.clone();
                self.saved.derived = opts.derived.clone();
                self.saved.layer = opts.layer.clone();
                self.crs_choice = None;
                self.saved.name_field = ws.dataset.districts.name_field.clone();
                if matches!(
                    self.message,
                    Some(
                        Message::Error(_)
                            | Message::JoinMismatch(_)
                            | Message::GridMismatch(_)
                            | Message::LooseEnds { .. }
                    )
                ) {
                    self.message = None;
                }
                self.join_report_or_banner(&ws);
                // Two grids, or a join matching nothing or under half, is said in the banner.
                if let Some(g) = &ws.dataset.grid {
                    self.message = Some(Message::GridMismatch(g.clone()));
                } else if let Some(m) = ws.dataset.join_mismatch() {
                    self.message = Some(Message::JoinMismatch(m));
                }
                self.saved.table_key_column = opts.table_key_column.clone();
                let lang = self.view.lang;
                if self.view.rules.rules.is_empty() {
                    self.view.rules = atlas_analysis::rules::default_rules(ws.table(), lang);
                    self.view.active_rule = (!self.view.rules.rules.is_empty()).then_some(0);
                } else if atlas_i18n::Lang::ALL.iter().any(|&other| {
                    other != lang
                        && self.view.rules
                            == atlas_analysis::rules::default_rules(ws.table(), other)
                }) {
                    // Untouched default rules saved in another language: named in this one.
                    self.view.rules = atlas_analysis::rules::default_rules(ws.table(), lang);
                } else {
                    self.rules_for_new_data(&ws);
                }
                self.workspace = Some(ws);
                self.playing = false;
                self.play_start = None;
            }
            Ok(Err(e)) => {
                let text = atlas_i18n::Localize::text(&e.error, self.view.lang);
                if e.crs {
                    // The boundaries' coordinate system is unknown or wrong: offer the list.
                    self.crs_choice = Some(CrsChoice {
                        paths,
                        opts,
                        project,
                        message: text.clone(),
                        code: String::new(),
                        code_error: None,
                    });
                }
                self.message = Some(Message::Error(text));
            }
            Err(jobs::Stopped) => {
                let lang = self.view.lang;
                self.message = Some(Message::Error(lang.t(T::LoadingStopped).to_owned()))
            }
        }
    }

    /// The join report opens by itself only when a decision is needed — two grids, or many
    /// keys or districts left over (at least 5, and 5 % of the districts); a few loose ends
    /// are said in the banner, which offers the report.
    fn join_report_or_banner(&mut self, ws: &Workspace) {
        let Some(j) = &ws.dataset.join else { return };
        let r = &j.report;
        let (keys, rows) = (r.unmatched_table_keys.len(), r.districts_without_data.len());
        let many = 5.max(r.districts / 20);
        if ws.dataset.grid.is_some() || keys >= many || rows >= many {
            self.windows.insert(Window::JoinReport);
        } else if keys + rows > 0 && self.message.is_none() {
            self.message = Some(Message::LooseEnds {
                matched: r.matched,
                districts: r.districts,
                unmatched_keys: keys,
                without_rows: rows,
            });
        }
    }

    /// Default rules of other data, on indicators the new data lacks, give way to the new
    /// data's defaults — said in the banner, and one undo step; the user's own rules stay.
    fn rules_for_new_data(&mut self, ws: &Workspace) {
        let missing = atlas_analysis::rules::unknown_indicators(&ws.dataset, &self.view.rules);
        if self.view.rules_edited || missing.is_empty() {
            return;
        }
        let lang = self.view.lang;
        let before = self.snapshot();
        self.view.rules = atlas_analysis::rules::default_rules(ws.table(), lang);
        self.view.active_rule = (!self.view.rules.rules.is_empty()).then_some(0);
        self.history.seal();
        self.history
            .record(before, history::Label::new(T::UndoRulesForData));
        self.history.seal();
        if matches!(self.message, None | Some(Message::LooseEnds { .. })) {
            let mut ids: Vec<&str> = missing.iter().map(|(_, i)| i.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            self.message = Some(Message::Notice(
                lang.f(T::RulesSwitched, &[&ids.join(", ")]),
            ));
        }
    }
}
