//! The serialisable description of a view, shared by the app's working state, scenes and
//! project files: how the map is classified and coloured ([`Styling`]), what it colours
//! districts by ([`MapMode`]), and a named [`Scene`] (a saved view, shown like a slide).

pub use atlas_scene::styling::Styling;
use serde::{Deserialize, Serialize};

/// What the map colours districts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MapMode {
    /// The classified indicator.
    #[default]
    Choropleth,
    /// Which rule each district meets.
    Typology,
    /// In how many years the active rule was met.
    Persistence,
    /// Change of the indicator from a chosen year to the shown year.
    Change,
    /// LISA clusters of the indicator in the shown year (GeoDa's cluster map).
    Clusters,
    /// The LISA pseudo p-values in the shown year (GeoDa's significance map).
    Significance,
    /// In how many years each district was in a significant high-high cluster.
    ClusterPersistence,
    /// The classes of the first composite index (status).
    IndexClasses,
    /// Status × dynamics: the two composite indices crossed, with a two-dimensional legend.
    StatusDynamics,
    /// In how many years each district was in the first index's last class (MSS: very low
    /// status).
    IndexPersistence,
    /// The location quotient of the segregation view's group (its share over the city's).
    LocationQuotient,
}

impl MapMode {
    /// How many composite indices the mode draws from.
    pub fn indices_needed(self) -> usize {
        match self {
            MapMode::IndexClasses | MapMode::IndexPersistence => 1,
            MapMode::StatusDynamics => 2,
            _ => 0,
        }
    }

    /// The modes drawn from the spatial statistics.
    pub fn is_spatial(self) -> bool {
        matches!(
            self,
            MapMode::Clusters | MapMode::Significance | MapMode::ClusterPersistence
        )
    }
}

/// How the spatial statistics are computed: weights, permutations, seed, significance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpatialView {
    pub weights: atlas_analysis::spatial::WeightsSpec,
    pub permutations: usize,
    pub seed: u64,
    pub alpha: f64,
    pub correction: atlas_analysis::spatial::lisa::Correction,
    /// The years the cluster transitions compare (None: first and shown year).
    pub transition_from: Option<i32>,
}

impl Default for SpatialView {
    fn default() -> Self {
        let o = atlas_analysis::spatial::Options::default();
        SpatialView {
            weights: atlas_analysis::spatial::WeightsSpec::Queen,
            permutations: o.permutations,
            seed: o.seed,
            alpha: o.alpha,
            correction: o.correction,
            transition_from: None,
        }
    }
}

impl SpatialView {
    pub fn options(&self) -> atlas_analysis::spatial::Options {
        atlas_analysis::spatial::Options {
            permutations: self.permutations,
            seed: self.seed,
            alpha: self.alpha,
            correction: self.correction,
        }
    }
}

/// A saved view: what the map shows, with which classification, colours and rule overlay,
/// which districts are selected and where the map is zoomed. Indicator, keys and years are
/// stored by id, so a scene survives reloading (or moving) the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scene {
    pub name: String,
    pub indicator: Option<String>,
    pub year: Option<i32>,
    pub styling: Styling,
    pub map_mode: MapMode,
    /// Index into the rule set of the project (or working state).
    pub active_rule: Option<usize>,
    pub change_from: Option<i32>,
    pub persist_from: Option<i32>,
    pub persist_to: Option<i32>,
    /// Selected district keys.
    pub selection: Vec<String>,
    /// The map area shown ([min_x, min_y, max_x, max_y] in the map's projected metres), fitted
    /// into whatever window shows the scene; `None`: the whole city.
    pub extent: Option<[f64; 4]>,
    pub labels: bool,
    /// The map's own title, subtitle and source line, where the user wrote them.
    #[serde(skip_serializing_if = "MapText::is_automatic")]
    pub text: MapText,
    /// Weights and significance of the cluster maps.
    pub spatial: SpatialView,
}

/// Words the user gives the map instead of the automatic ones (`None`: automatic). The title
/// replaces the indicator's name (the year is added, so it stays right on every year), the
/// subtitle the scheme line, the source the metadata's source.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MapText {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl MapText {
    pub fn is_automatic(&self) -> bool {
        self.title.is_none() && self.subtitle.is_none() && self.source.is_none()
    }
}

impl Default for Scene {
    fn default() -> Self {
        Scene {
            name: String::new(),
            indicator: None,
            year: None,
            styling: Styling::default(),
            map_mode: MapMode::default(),
            active_rule: Some(0),
            change_from: None,
            persist_from: None,
            persist_to: None,
            selection: Vec::new(),
            extent: None,
            labels: true,
            text: MapText::default(),
            spatial: SpatialView::default(),
        }
    }
}

/// A name not yet used by `scenes`: `base`, else `base (2)`, `base (3)`, …
pub fn unique_name(scenes: &[Scene], base: &str) -> String {
    let taken = |n: &str| scenes.iter().any(|s| s.name == n);
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|i| format!("{base} ({i})"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_owned())
}

/// The scene `step` places after (or before, if negative) `current`, clamped to the list.
pub fn step_scene(len: usize, current: Option<usize>, step: i32) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match current {
        None if step < 0 => len - 1,
        None => 0,
        Some(c) => (c as i64 + step as i64).clamp(0, len as i64 - 1) as usize,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_count_up() {
        let mut v = vec![Scene {
            name: "Foreign share".into(),
            ..Scene::default()
        }];
        assert_eq!(unique_name(&v, "Other"), "Other");
        assert_eq!(unique_name(&v, "Foreign share"), "Foreign share (2)");
        v.push(Scene {
            name: "Foreign share (2)".into(),
            ..Scene::default()
        });
        assert_eq!(unique_name(&v, "Foreign share"), "Foreign share (3)");
    }

    #[test]
    fn stepping_clamps_at_the_ends() {
        assert_eq!(step_scene(0, None, 1), None);
        assert_eq!(step_scene(3, None, 1), Some(0));
        assert_eq!(step_scene(3, None, -1), Some(2));
        assert_eq!(step_scene(3, Some(2), 1), Some(2));
        assert_eq!(step_scene(3, Some(0), -1), Some(0));
        assert_eq!(step_scene(3, Some(0), 1), Some(1));
    }
}
