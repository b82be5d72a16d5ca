//! The working state the user shapes and that is restored on the next start: what is shown
//! (indicator, year, classification, colours), the selection, language and map view. Derived
//! data (classifications, colours, meshes) lives in the workspace and is rebuilt from this.

use crate::analysis::classify::{BreakMode, DEFAULT_CLASSES, Scheme};
use crate::analysis::ramps::DEFAULT_RAMP;
use crate::dataset::DatasetPaths;
use crate::i18n::Lang;
use crate::rules::RuleSet;
use crate::scene::Camera;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How the map is classified and coloured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Styling {
    pub scheme: Scheme,
    /// Class count for the schemes that take one (kept when switching schemes).
    pub k: usize,
    pub mode: BreakMode,
    pub ramp: String,
    pub reverse: bool,
}

impl Default for Styling {
    fn default() -> Self {
        Styling {
            scheme: Scheme::Quantiles { k: DEFAULT_CLASSES },
            k: DEFAULT_CLASSES,
            mode: BreakMode::Pooled,
            ramp: DEFAULT_RAMP.to_owned(),
            reverse: false,
        }
    }
}

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
}

/// The tab of the right-hand panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RightTab {
    #[default]
    DrillDown,
    Arrival,
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
        }
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
    pub name_field: Option<String>,
    pub view: ViewState,
    /// Most recent first.
    pub recent: Vec<DatasetPaths>,
}

pub const MAX_RECENT: usize = 8;

impl SavedState {
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
