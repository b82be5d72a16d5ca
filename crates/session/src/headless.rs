//! The one map pipeline without a window. A [`MapDescription`] says what a map shows — the
//! indicator, year, styling, map mode, rules and overlay, the map's own texts, the cluster
//! settings, a colour-vision simulation and the language. The command line's flags and a
//! project's scene both become one; [`HeadlessView`] loads it into the same workspace the
//! window uses (classification, map modes, rule overlay, legend) and lays it out with the same
//! [`scene_of_view`], so `arrival-atlas export` writes the map the app shows for that view,
//! whichever way the view was described.

use super::jobs::Loaded;
use super::map_export::{MapExport, MapFormat, scene_of_view};
use super::state::{Selection, ViewState};
use super::workspace::Workspace;
use crate::project::view::Scene;
use crate::project::{Project, missing_files};
use atlas_analysis::rules::RuleSet;
use atlas_analysis::vision::Vision;
use atlas_data::dataset::{Dataset, load_dataset};
use atlas_data::model::YearIdx;
use atlas_i18n::Lang;
use atlas_render::legend_json::LegendJson;
use atlas_scene::map_scene::MapScene;
use atlas_scene::{Choropleth, MapGeometry};
use std::path::Path;

/// What a map shows, however it was asked for (the data comes separately, loaded).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapDescription {
    /// Indicator, year, styling, map mode, active rule (the overlay), change and persistence
    /// years, labels, the map's own texts and the cluster settings.
    pub scene: Scene,
    /// The arrival-district rules; empty: the data's default rules.
    pub rules: RuleSet,
    /// Draw the map as seen with this colour vision (and say so in the legend).
    pub vision: Vision,
    /// Composite indices (status, then dynamics) for the index map modes.
    pub indices: Vec<atlas_analysis::index::IndexSpec>,
    pub lang: Lang,
}

impl MapDescription {
    /// The classified indicator `id` in `year` with the default styling and no rule overlay:
    /// the plainest map.
    pub fn indicator(id: &str, year: i32, lang: Lang) -> MapDescription {
        MapDescription {
            scene: Scene {
                indicator: Some(id.to_owned()),
                year: Some(year),
                active_rule: None,
                ..Scene::default()
            },
            lang,
            ..MapDescription::default()
        }
    }

    /// A project's scene (`scene`: its name, "" = the saved view); `lang` overrides the
    /// project's language.
    pub fn of_project(
        project: &Project,
        project_file: &Path,
        scene: &str,
        lang: Option<Lang>,
    ) -> Result<MapDescription, String> {
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
        Ok(MapDescription {
            scene: shown.clone(),
            rules: project.rules.clone(),
            vision: Vision::Normal,
            indices: project.data.indices.clone(),
            lang: lang.unwrap_or(project.lang),
        })
    }
}

/// A data set with a map description applied: a workspace and a view, as in the window.
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
        let description = MapDescription::of_project(project, project_file, scene, lang)?;
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
        let mut h = HeadlessView::new(dataset, &description)?;
        if let Some(c) = project.context(project_file) {
            h.set_context(Some(c))?;
        }
        Ok(h)
    }

    /// Draws a context layer over the map (or none): its file loaded and projected with the
    /// map's projection, its line in the legend, as the app does.
    pub fn set_context(&mut self, spec: Option<crate::state::ContextSpec>) -> Result<(), String> {
        let layer = match &spec {
            Some(c) => Some(std::sync::Arc::new(
                crate::context::load_context(&c.path).map_err(|e| e.to_string())?,
            )),
            None => None,
        };
        self.ws.set_context(layer.as_ref());
        self.view.context = spec;
        self.sync();
        Ok(())
    }

    /// `dataset` showing the map `d` describes. An indicator the table lacks is an error
    /// naming the ones it has.
    pub fn new(dataset: Dataset, d: &MapDescription) -> Result<HeadlessView, String> {
        if let (Some(id), Some(t)) = (&d.scene.indicator, dataset.table())
            && t.indicator_index(id).is_none()
        {
            let ids: Vec<&str> = t.indicators.iter().map(|i| i.id.as_str()).collect();
            return Err(format!(
                "unknown indicator '{id}' (the table has: {})",
                ids.join(", ")
            ));
        }
        // Meshes never (an export draws outlines), label points only when a map draws labels
        // (first use).
        let geometry = MapGeometry::build_with(&dataset.districts, false);
        let ws = Workspace::new(Loaded { dataset, geometry }, 0);
        let mut view = ViewState {
            lang: d.lang,
            rules: d.rules.clone(),
            vision: d.vision,
            indices: d.indices.clone(),
            ..ViewState::default()
        };
        // The data's default rules where the map needs rules (an overlay, the typology or
        // persistence map); a plain map evaluates none (at 100 k districts × 20 years that is
        // most of an export's time).
        let needs_rules = d.scene.active_rule.is_some()
            || matches!(
                d.scene.map_mode,
                crate::project::view::MapMode::Typology
                    | crate::project::view::MapMode::Persistence
            );
        if view.rules.rules.is_empty() && needs_rules {
            view.rules = atlas_analysis::rules::default_rules(ws.table(), view.lang);
        }
        view.apply(&d.scene);
        let mut h = HeadlessView { ws, view };
        h.sync();
        if h.ws.indicator.is_none() {
            return Err(h.ws.classify_error.as_ref().map_or_else(
                || "the scene's indicator is not in the table".to_owned(),
                |e| e.to_string(),
            ));
        }
        Ok(h)
    }

    fn sync(&mut self) {
        let sel = Selection::default();
        self.ws.sync(&self.view, &sel, None, || {});
        self.ws.finish_pending();
        self.ws.sync(&self.view, &sel, None, || {});
    }

    /// The table's years, and the position of the year the scene shows.
    pub fn years(&self) -> (Vec<i32>, YearIdx) {
        let years = self.ws.table().map(|t| t.years.clone()).unwrap_or_default();
        (years, self.ws.year)
    }

    /// Shows the year at position `y`.
    pub fn set_year(&mut self, y: YearIdx) {
        self.view.year = self.ws.table().and_then(|t| t.years.get(y.get()).copied());
        self.sync();
    }

    pub fn hide_labels(&mut self) {
        self.view.labels = false;
    }

    /// The map as the app would export it.
    pub fn scene(&self, width: u32, height: u32) -> Result<MapScene, String> {
        Ok(scene_of_view(
            &self.ws,
            &self.view,
            &MapExport {
                format: MapFormat::Png,
                width,
                height,
                labels: self.view.labels,
            },
        )?)
    }

    /// The classified indicator (whatever the map mode draws).
    pub fn choropleth(&self) -> Option<&Choropleth> {
        self.ws.choropleth.as_deref()
    }

    /// The loaded data set.
    pub fn dataset(&self) -> &Dataset {
        &self.ws.dataset
    }

    /// The legend as JSON (the classified indicator's, whatever the map mode).
    pub fn legend_json(&self) -> Option<LegendJson> {
        let c = self.ws.choropleth.as_ref()?;
        atlas_render::legend_json::legend_json(&self.ws.dataset, c, self.ws.year)
    }
}
