//! The app's view pipeline without a window: a project's scene loaded into the same
//! workspace the window uses (classification, map modes, rule overlay, legend) and laid out by
//! the same `scene_of_view`, so `arrival-atlas export --project` writes the map the app shows.

use super::jobs::Loaded;
use super::map_export::{MapExport, MapFormat, scene_of_view};
use super::state::{Selection, ViewState};
use super::workspace::Workspace;
use crate::project::{Project, missing_files};
use atlas_data::dataset::load_dataset;
use atlas_i18n::Lang;
use atlas_render::legend_json::LegendJson;
use atlas_scene::MapGeometry;
use atlas_scene::map_scene::MapScene;
use std::path::Path;

/// A project's data with one of its scenes applied.
pub struct HeadlessView {
    ws: Workspace,
    view: ViewState,
}

impl HeadlessView {
    /// Loads the project's data and applies `scene` ("" = the saved view). `lang` overrides
    /// the project's language.
    pub fn open(
        project: &Project,
        project_file: &Path,
        scene: &str,
        lang: Option<Lang>,
    ) -> Result<HeadlessView, String> {
        let shown = project.scene(scene).ok_or_else(|| {
            let names: Vec<&str> = project.scenes.iter().map(|s| s.name.as_str()).collect();
            format!(
                "{}: no scene called '{scene}' (it has: {})",
                project_file.display(),
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            )
        })?;
        let paths = project.paths(project_file);
        if let Some(m) = missing_files(&paths).first() {
            return Err(format!(
                "{}: data file {} not found (moved? open the project in the app to point at it)",
                project_file.display(),
                m.display()
            ));
        }
        let opts = project.data.options();
        let dataset = load_dataset(&paths, &opts).map_err(|e| e.to_string())?;
        let geometry = MapGeometry::build(&dataset.districts);
        let ws = Workspace::new(Loaded { dataset, geometry }, 0);
        let mut view = ViewState {
            lang: lang.unwrap_or(project.lang),
            rules: project.rules.clone(),
            ..ViewState::default()
        };
        if view.rules.rules.is_empty() {
            view.rules = atlas_analysis::rules::default_rules(ws.table(), view.lang);
        }
        view.apply(shown);
        let mut h = HeadlessView { ws, view };
        h.sync();
        if h.ws.indicator.is_none() {
            return Err(h
                .ws
                .classify_error
                .clone()
                .unwrap_or_else(|| "the scene's indicator is not in the table".to_owned()));
        }
        Ok(h)
    }

    fn sync(&mut self) {
        let sel = Selection::default();
        self.ws.sync(&self.view, &sel, || {});
        self.ws.finish_pending();
        self.ws.sync(&self.view, &sel, || {});
    }

    /// The table's years, and the index of the year the scene shows.
    pub fn years(&self) -> (Vec<i32>, usize) {
        let years = self.ws.table().map(|t| t.years.clone()).unwrap_or_default();
        (years, self.ws.year)
    }

    /// Shows year index `y`.
    pub fn set_year(&mut self, y: usize) {
        self.view.year = self.ws.table().and_then(|t| t.years.get(y).copied());
        self.sync();
    }

    pub fn hide_labels(&mut self) {
        self.view.labels = false;
    }

    /// The map as the app would export it.
    pub fn scene(&self, width: u32, height: u32) -> Result<MapScene, String> {
        scene_of_view(
            &self.ws,
            &self.view,
            &MapExport {
                format: MapFormat::Png,
                width,
                height,
                labels: self.view.labels,
            },
        )
    }

    /// The legend as JSON (the classified indicator's, whatever the map mode).
    pub fn legend_json(&self) -> Option<LegendJson> {
        let c = self.ws.choropleth.as_ref()?;
        atlas_render::legend_json::legend_json(&self.ws.dataset, c, self.ws.year)
    }
}
