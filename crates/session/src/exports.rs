//! Writing what the user exports from the session: the map as shown (PNG, SVG, PDF), the
//! joined table, the boundaries with data, the flagged districts, the district report, and
//! the selection as tab-separated text for the clipboard. Maps and reports render on a worker
//! thread; the banner says where the file went or what went wrong.

use super::jobs::Job;
use super::map_export::{self, MapExport};
use super::{Message, Request, Session};
use atlas_data::atomic_write::WriteError;
use atlas_i18n::Localize;
use atlas_i18n::T;
use std::path::{Path, PathBuf};

impl Session {
    /// Renders the map as shown to `path` on a worker thread (the scene is built here, from
    /// the view's state; rasterising and writing happen off the UI thread).
    pub fn export_map(&mut self, e: MapExport, path: PathBuf) {
        let Some(ws) = &self.workspace else { return };
        match map_export::scene_of_view(ws, &self.view, &e) {
            Ok(scene) => {
                let lang = self.view.lang;
                self.write_job = Some(Job::spawn(
                    move |_| {
                        map_export::write_scene(&scene, e.format, &path)
                            .map_err(|e| e.text(lang))
                            .map(|()| path)
                    },
                    self.waker(),
                ));
            }
            Err(err) => self.message = Some(Message::Error(err.text(self.view.lang))),
        }
    }

    /// Writes the joined table (one row per district and year) to `path`.
    pub fn export_table(&mut self, path: &Path, style: atlas_render::joined::CsvStyle) {
        let Some(ws) = &self.workspace else { return };
        let r = atlas_data::atomic_write::write_atomic_with(path, |f| {
            atlas_render::joined::write_joined_csv(f, &ws.dataset, style)
        });
        self.report_written(path, r);
    }

    /// Writes the boundaries with the shown year's values to `path`.
    pub fn export_geojson(&mut self, path: &Path) {
        let Some(ws) = &self.workspace else { return };
        let r = atlas_data::atomic_write::write_atomic_with(path, |f| {
            atlas_render::joined::write_joined_geojson(f, &ws.dataset, ws.year)
        });
        self.report_written(path, r);
    }

    /// Writes the flagged districts (same columns as `arrival-atlas flags`) to `path`.
    pub fn export_flags(&mut self, path: &Path) {
        let Some(ws) = &self.workspace else { return };
        let written = atlas_data::atomic_write::write_atomic_with(path, |f| {
            atlas_analysis::rules::write_flags(f, &ws.dataset, &ws.rules, &ws.rule_results)
        });
        self.report_written(path, written);
    }

    fn report_written(&mut self, path: &Path, r: Result<(), WriteError>) {
        let lang = self.view.lang;
        self.message = Some(match r {
            Ok(()) => Message::Notice(lang.f(T::Exported, &[&path.display().to_string()])),
            Err(e) => Message::Error(e.text(lang)),
        });
    }

    /// Asks the front end to put the selected districts (or all) on the clipboard.
    pub(crate) fn copy_selection(&mut self) {
        let Some(ws) = &self.workspace else { return };
        let lang = self.view.lang;
        let (text, n) = super::data_table::tsv(ws, &self.selection, lang);
        self.requests.push(Request::CopyText(text));
        self.message = Some(Message::Notice(lang.f(T::CopiedRows, &[&n.to_string()])));
    }

    /// Starts writing the district report of the selection (or every district) to `path`.
    pub fn export_report(&mut self, path: PathBuf) {
        let Some(ws) = &self.workspace else { return };
        let Some(geometry) = ws.geometry.clone() else {
            let lang = self.view.lang;
            self.message = Some(Message::Error(lang.t(T::NoGeometry).to_owned()));
            return;
        };
        let districts: Vec<usize> = if self.selection.is_empty() {
            (0..ws.dataset.districts.districts.len()).collect()
        } else {
            self.selection.iter().collect()
        };
        let dataset = ws.dataset.clone();
        let rules = self.view.rules.rules.clone();
        let results = ws.rule_results.clone();
        let year = ws.year;
        let lang = self.view.lang;
        // Moran's I of the shown indicator: as the views computed it, else with queen weights.
        let cached = ws
            .spatial
            .year(year)
            .cloned()
            .zip(ws.table())
            .zip(ws.indicator)
            .map(|((stats, t), i)| atlas_render::report::ReportSpatial {
                indicator: atlas_scene::text::indicator_label(t, i, lang),
                weights: atlas_analysis::spatial::weights::WeightsKind::from(
                    &self.view.spatial.weights,
                )
                .label(),
                stats,
            });
        let indicator = ws.indicator;
        // The composite indices in the report's year, as the profile shows them.
        let indices: Vec<_> = (ws.indices.specs.iter().enumerate())
            .filter_map(|(i, s)| Some((s.clone(), ws.indices.year(i, year)?.clone())))
            .collect();
        let segregation = self.view.segregation.clone();
        self.write_job = Some(Job::spawn(
            move |_| {
                let location_quotient =
                    crate::segregation::lq_by_district(&dataset, &segregation, year);
                let spatial = cached.or_else(|| {
                    atlas_render::report::ReportSpatial::compute(&dataset, indicator?, year, lang)
                });
                let spec = atlas_render::report::ReportSpec {
                    location_quotient,
                    indices: &indices,
                    year,
                    rules: &rules,
                    results: &results,
                    lang,
                    date: atlas_render::today_in(lang),
                    spatial,
                };
                let bytes =
                    atlas_render::report::district_report(&dataset, &geometry, &districts, &spec)?;
                atlas_data::atomic_write::write_atomic(&path, &bytes)
                    .map_err(|e| e.text(lang))
                    .map(|()| path)
            },
            self.waker(),
        ));
    }
}
