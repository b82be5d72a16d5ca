//! The working state the user shapes and that is restored on the next start: what is shown
//! (indicator, year, classification, colours), the selection, language and map view. Derived
//! data (classifications, colours, meshes) lives in the workspace and is rebuilt from this.

pub use crate::project::view::{MapMode, Scene, Styling};
use atlas_analysis::rules::RuleSet;
use atlas_data::dataset::DatasetPaths;
use atlas_i18n::Lang;
use atlas_scene::Camera;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The tab of the right-hand panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RightTab {
    #[default]
    DrillDown,
    Arrival,
    /// Spatial clusters: Moran scatter, Moran's I through the years, transitions.
    Clusters,
    /// Segregation indices through the years, the change test, location quotients.
    Segregation,
}

/// What is shown; indices refer to the loaded table and are checked on every use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewState {
    /// Indicator id (stable across reloads of a table, unlike its index).
    pub indicator: Option<String>,
    pub year: Option<i32>,
    pub styling: Styling,
    pub lang: Lang,
    pub labels: bool,
    /// Selected districts by key (keys survive reloads; indices may not).
    pub selection: Vec<String>,
    pub camera: Option<Camera>,
    pub play_speed: f32,
    /// The user's arrival-district rules (defaults from the roles when empty at load).
    pub rules: RuleSet,
    /// Whether the rules are the user's own (edited, or from a project) rather than the
    /// data's defaults: defaults follow the data when other data is opened, own rules stay.
    pub rules_edited: bool,
    /// The rule drawn as an overlay and used by persistence, timeline and transitions.
    pub active_rule: Option<usize>,
    pub map_mode: MapMode,
    /// Change mode: the year compared with the shown one.
    pub change_from: Option<i32>,
    /// Persistence mode: the range of years counted (`None`: first / last year).
    pub persist_from: Option<i32>,
    pub persist_to: Option<i32>,
    /// Transitions: the first of the two years (the second is the shown year).
    pub transition_from: Option<i32>,
    /// Scatter axes (indicator ids); default foreign share × fluctuation.
    pub scatter_x: Option<String>,
    pub scatter_y: Option<String>,
    pub trails: bool,
    pub tab: RightTab,
    /// Type scale in presentation mode.
    pub presentation_scale: f32,
    /// The map's title, subtitle and source where the user wrote them.
    pub text: crate::project::view::MapText,
    /// Side panels hidden (the map takes their room; a strip brings them back).
    pub hide_left: bool,
    pub hide_right: bool,
    /// Colour-vision preview of the map (normal: none).
    pub vision: atlas_analysis::vision::Vision,
    /// Named saved views, in slide order.
    pub scenes: Vec<Scene>,
    /// The scene last shown (PageUp/PageDown step from here).
    pub current_scene: Option<usize>,
    /// Weights and significance of the cluster maps.
    pub spatial: crate::project::view::SpatialView,
    /// A second boundary file drawn as outlines over the map (Bezirke over Planungsräume).
    pub context: Option<ContextSpec>,
    /// Composite indices: status, then dynamics (the matrix map needs both).
    pub indices: Vec<atlas_analysis::index::IndexSpec>,
    /// What the segregation view measures.
    pub segregation: crate::segregation::SegregationView,
}

/// A context layer: its file and whether its areas are named on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextSpec {
    pub path: std::path::PathBuf,
    #[serde(default)]
    pub labels: bool,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            indicator: None,
            year: None,
            styling: Styling::default(),
            lang: Lang::default(),
            labels: true,
            selection: Vec::new(),
            camera: None,
            play_speed: 2.0,
            rules: RuleSet::default(),
            rules_edited: false,
            active_rule: Some(0),
            map_mode: MapMode::Choropleth,
            change_from: None,
            persist_from: None,
            persist_to: None,
            transition_from: None,
            scatter_x: None,
            scatter_y: None,
            trails: true,
            tab: RightTab::DrillDown,
            presentation_scale: 1.6,
            vision: Default::default(),
            hide_left: false,
            hide_right: false,
            text: Default::default(),
            scenes: Vec::new(),
            current_scene: None,
            spatial: Default::default(),
            context: None,
            indices: Vec::new(),
            segregation: Default::default(),
        }
    }
}

impl ViewState {
    /// The current view as a scene called `name`.
    pub fn capture(&self, name: &str) -> Scene {
        Scene {
            name: name.to_owned(),
            indicator: self.indicator.clone(),
            year: self.year,
            styling: self.styling.clone(),
            map_mode: self.map_mode,
            active_rule: self.active_rule,
            change_from: self.change_from,
            persist_from: self.persist_from,
            persist_to: self.persist_to,
            selection: self.selection.clone(),
            extent: None,
            labels: self.labels,
            text: self.text.clone(),
            spatial: self.spatial.clone(),
        }
    }

    /// Shows a scene: everything it stores replaces the view's (the rule set, scenes and
    /// language stay).
    pub fn apply(&mut self, s: &Scene) {
        self.indicator = s.indicator.clone();
        self.year = s.year;
        self.styling = s.styling.clone();
        self.map_mode = s.map_mode;
        self.active_rule = s.active_rule.filter(|&r| r < self.rules.rules.len());
        self.change_from = s.change_from;
        self.persist_from = s.persist_from;
        self.persist_to = s.persist_to;
        self.selection = s.selection.clone();
        self.labels = s.labels;
        self.text = s.text.clone();
        self.spatial = s.spatial.clone();
    }
}

/// The selected districts (indices into the loaded districts): one model for map, ranking,
/// plots and profile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    set: BTreeSet<usize>,
    /// The most recently selected district, shown in the profile.
    pub primary: Option<usize>,
}

impl Selection {
    pub fn contains(&self, d: usize) -> bool {
        self.set.contains(&d)
    }

    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.set.iter().copied()
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// Plain click: only this district. Adding (Shift/Ctrl): toggles it in the selection.
    pub fn click(&mut self, d: usize, add: bool) {
        if add {
            if !self.set.remove(&d) {
                self.set.insert(d);
                self.primary = Some(d);
            } else if self.primary == Some(d) {
                self.primary = self.set.iter().next_back().copied();
            }
        } else {
            self.set.clear();
            self.set.insert(d);
            self.primary = Some(d);
        }
    }

    pub fn clear(&mut self) {
        self.set.clear();
        self.primary = None;
    }

    /// Replaces the selection (box select, a transitions cell).
    pub fn set_all(&mut self, ds: impl IntoIterator<Item = usize>) {
        self.set = ds.into_iter().collect();
        self.primary = self.set.iter().next_back().copied();
    }
}

/// What is saved between runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedState {
    pub paths: Option<DatasetPaths>,
    pub key_field: Option<String>,
    /// The table's key column when the user chose it.
    pub table_key_column: Option<String>,
    pub name_field: Option<String>,
    /// The boundaries' coordinate system when the user chose it.
    pub crs: Option<atlas_data::load::crs::Crs>,
    /// The sheet of a spreadsheet table when the user chose it.
    pub sheet: Option<String>,
    /// Accepted join suggestions (table key → district key).
    pub aliases: std::collections::BTreeMap<String, String>,
    /// The GeoPackage layer when the user chose it.
    pub layer: Option<String>,
    /// Derived indicators defined in the app.
    #[serde(default)]
    pub derived: Vec<atlas_data::model::DerivedIndicator>,
    pub view: ViewState,
    /// Most recent first.
    pub recent: Vec<DatasetPaths>,
}

pub const MAX_RECENT: usize = 8;

impl SavedState {
    /// The loading choices the user made for the saved data set.
    pub fn options(&self) -> atlas_data::dataset::DatasetOptions {
        atlas_data::dataset::DatasetOptions {
            key_field: self.key_field.clone(),
            name_field: self.name_field.clone(),
            table_key_column: self.table_key_column.clone(),
            crs: self.crs,
            sheet: self.sheet.clone(),
            aliases: self.aliases.clone(),
            layer: self.layer.clone(),
            derived: self.derived.clone(),
        }
    }

    /// Puts `paths` first in the recent list.
    pub fn remember(&mut self, paths: &DatasetPaths) {
        self.recent.retain(|p| p != paths);
        self.recent.insert(0, paths.clone());
        self.recent.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn click_replaces_and_modified_click_toggles() {
        let mut s = Selection::default();
        s.click(3, false);
        s.click(5, true);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![3, 5]);
        assert_eq!(s.primary, Some(5));
        s.click(5, true);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![3]);
        assert_eq!(s.primary, Some(3));
        s.click(7, false);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![7]);
        s.clear();
        assert!(s.is_empty() && s.primary.is_none());
    }

    #[test]
    fn a_scene_captured_and_applied_restores_the_view() {
        let mut v = ViewState {
            indicator: Some("fluctuation".into()),
            year: Some(2012),
            map_mode: MapMode::Persistence,
            selection: vec!["0101".into(), "0205".into()],
            labels: false,
            ..ViewState::default()
        };
        v.styling.ramp = "Reds".into();
        v.rules = atlas_analysis::rules::RuleSet {
            version: 1,
            rules: vec![
                atlas_analysis::rules::Rule {
                    name: "a".into(),
                    combine: Default::default(),
                    conditions: Vec::new(),
                    groups: Vec::new(),
                };
                2
            ],
        };
        v.active_rule = Some(1);
        let s = v.capture("Slide");
        let mut w = ViewState {
            rules: v.rules.clone(),
            ..ViewState::default()
        };
        w.apply(&s);
        assert_eq!(w.capture("Slide"), s);
        // A rule index the rule set lacks is dropped, not kept dangling.
        let mut fewer = ViewState::default();
        fewer.apply(&s);
        assert_eq!(fewer.active_rule, None);
    }

    #[test]
    fn recent_list_is_most_recent_first_without_duplicates() {
        let mut st = SavedState::default();
        let p = |n: &str| DatasetPaths {
            boundaries: n.into(),
            table: None,
            meta: None,
        };
        for n in ["a", "b", "a", "c"] {
            st.remember(&p(n));
        }
        let names: Vec<_> = st.recent.iter().map(|r| r.boundaries.clone()).collect();
        assert_eq!(
            names,
            vec![p("c").boundaries, p("a").boundaries, p("b").boundaries]
        );
        for i in 0..20 {
            st.remember(&p(&i.to_string()));
        }
        assert_eq!(st.recent.len(), MAX_RECENT);
    }
}
