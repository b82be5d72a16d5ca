//! The loaded data and everything derived from it for display, with explicit invalidation:
//! geometry is built once per load (in the load job); the classification is rebuilt when the
//! indicator or styling changes (off the UI thread for large data); fills are recomputed when
//! the year changes (the cheap "recolour"); the profile when selection or year changes.
//! `sync` compares what is shown with what is wanted once per frame and does only what changed.

use super::jobs::{Job, Loaded};
use super::state::{MapMode, Selection, Styling, ViewState};
use atlas_analysis::classify::Scheme;
use atlas_analysis::profile::{ProfileRow, profile_rows};
use atlas_analysis::ramps::Rgb;
use atlas_analysis::rules::{RuleResult, RuleSet, change_between, persistence};
use atlas_analysis::vision::{self, Vision};
use atlas_data::dataset::Dataset;
use atlas_data::model::YearIdx;
use atlas_data::model::{IndicatorTable, Role};
use atlas_i18n::{Lang, T};
use atlas_scene::error::SceneError;
use atlas_scene::legend_rows::{choropleth_rows, overlay_entries};
use atlas_scene::map_scene::LegendSpec;
use atlas_scene::modes;
use atlas_scene::overlay::OverlayLines;
use atlas_scene::text::vision_text;
use atlas_scene::text::{indicator_decimals, indicator_unit};
use atlas_scene::{Choropleth, ChoroplethSpec, MapGeometry};
use std::sync::Arc;

mod recolour;
mod rules_job;

static NEXT_DATA_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Above this many districts the classification runs on a worker thread.
const SYNC_CLASSIFY_LIMIT: usize = 5_000;

/// What the current fills depend on; a change of any part recolours.
#[derive(Debug, Clone, PartialEq)]
struct RecolourKey {
    indicator: usize,
    year: YearIdx,
    mode: MapMode,
    active_rule: Option<usize>,
    rules_version: u64,
    change_from: Option<i32>,
    persist: (Option<i32>, Option<i32>),
    lang: Lang,
    classification: u64,
    vision: Vision,
    /// The spatial statistics' version, in the spatial modes.
    spatial: u64,
    indices: u64,
    /// The segregation results' version, in the location-quotient map.
    segregation: u64,
}

/// What the map, legend and tooltip show for the current indicator and year.
pub struct Workspace {
    pub dataset: Arc<Dataset>,
    pub geometry: Option<Arc<MapGeometry>>,
    /// Per indicator, the year indices in which any district has a value.
    pub indicator_years: Vec<Vec<YearIdx>>,
    pub choropleth: Option<Arc<Choropleth>>,
    pub classify_error: Option<SceneError>,
    /// Current indicator and year: positions in the table (the indicator's column, the year
    /// axis), for indexing what is computed per year. The calendar year a person sees is
    /// [`Workspace::shown_year`]; the view asks by calendar year ([`ViewState::year`]).
    pub indicator: Option<usize>,
    pub year: YearIdx,
    /// Per district fill of the current year; `fills_version` changes on every recolour so the
    /// GPU path re-uploads its colour table only then.
    pub fills: Vec<Rgb>,
    pub fills_version: u64,
    /// The legend of the shown map in any mode, with the rule overlay's lines: what the
    /// screen draws and what an export writes.
    pub legend: Option<LegendSpec>,
    /// Change mode: districts whose data appears or disappears between the two years.
    pub change_warning: Option<(usize, usize)>,
    /// The rules last evaluated and their results.
    pub rules: RuleSet,
    pub rule_results: Vec<RuleResult>,
    /// Per rule, the districts in timeline order (derived with the results, not per frame).
    pub timeline_rows: Vec<Vec<usize>>,
    /// What the current fills were computed for.
    recolour_key: Option<RecolourKey>,
    /// The overlay rule's outline (union of the flagged districts) for the shown year, and
    /// what it was built for (rule, year, rules version).
    pub overlay: Option<Arc<atlas_scene::overlay::OverlayLines>>,
    overlay_key: Option<(Option<usize>, YearIdx, u64)>,
    /// The overlay of a large map being built off the UI thread (a year step at 100 000
    /// districts would otherwise wait for it); none is drawn meanwhile.
    overlay_job: Option<Job<OverlayLines>>,
    /// The rules of a large map being evaluated off the UI thread.
    rules_job: Option<rules_job::RulesJob>,
    /// Profile of (district, year).
    pub profile: Option<((usize, YearIdx), Vec<ProfileRow>)>,
    pending: Option<(ChoroplethSpec, Job<Result<Choropleth, SceneError>>)>,
    rules_version: u64,
    classification_version: u64,
    /// The classification whose rankings [`Workspace::warm_rankings`] last started.
    rankings_warmed: u64,
    /// Distinguishes workspaces, so GPU buffers know when to re-upload geometry.
    pub generation: u64,
    /// Unique per workspace (also across key-field edits, which keep the generation): what
    /// view caches of derived data are keyed by.
    pub data_id: u64,
    /// Closest districts for table keys that matched none, and the pairs a join by name
    /// would add (computed once per join).
    pub join_suggestions: Vec<atlas_data::join_suggest::Suggestion>,
    pub name_join: Vec<(String, String)>,
    /// The boundary file's problems as the join report lists them (one line per feature
    /// problem): built when the report first shows them — not in every frame it is open, nor
    /// as a data set opens (an export lists none; ≈ 5 ms of one core at 100 000 districts).
    problem_lines: std::sync::OnceLock<Vec<atlas_data::model::GeometryProblem>>,
    /// Weights, Moran's I and LISA per year, when a spatial view asks for them.
    pub spatial: super::spatial::SpatialCache,
    /// The composite indices of the view's specs, every year.
    pub indices: super::indices::IndexCache,
    /// Segregation indices per year, when a view shows them.
    pub segregation: super::segregation::SegregationCache,
    indices_version: u64,
    /// The context layer projected with this map's projection, and the layer it was built from.
    pub context: Option<Arc<atlas_scene::context::ContextGeometry>>,
    context_src: Option<Arc<atlas_data::model::Districts>>,
}

impl Workspace {
    pub fn new(loaded: Loaded, generation: u64) -> Workspace {
        let indicator_years = match loaded.dataset.table() {
            Some(t) => indicator_years(t),
            None => Vec::new(),
        };
        let n = loaded.dataset.districts.districts.len();
        // Suggestions compare every unmatched key with every district without data: skipped
        // when that would take long (two wholly different key systems).
        let pairs = loaded.dataset.join.as_ref().map_or(0, |j| {
            j.report.unmatched_table_keys.len() * j.report.districts_without_data.len()
        });
        let (join_suggestions, name_join) = if pairs <= atlas_data::join_suggest::MAX_PAIRS {
            (
                atlas_data::join_suggest::suggestions(&loaded.dataset),
                atlas_data::join_suggest::name_join(&loaded.dataset),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        Workspace {
            indices: Default::default(),
            indices_version: 0,
            context: None,
            context_src: None,
            spatial: Default::default(),
            segregation: Default::default(),
            problem_lines: std::sync::OnceLock::new(),
            join_suggestions,
            name_join,
            dataset: Arc::new(loaded.dataset),
            geometry: loaded.geometry.map(Arc::new),
            indicator_years,
            choropleth: None,
            classify_error: None,
            indicator: None,
            year: YearIdx::default(),
            fills: vec![atlas_analysis::ramps::NO_DATA; n],
            fills_version: 0,
            legend: None,
            change_warning: None,
            rules: RuleSet::default(),
            rule_results: Vec::new(),
            timeline_rows: Vec::new(),
            recolour_key: None,
            overlay: None,
            overlay_key: None,
            overlay_job: None,
            rules_job: None,
            profile: None,
            pending: None,
            rules_version: 0,
            data_id: NEXT_DATA_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            classification_version: 0,
            rankings_warmed: 0,
            generation,
        }
    }

    pub fn table(&self) -> Option<&IndicatorTable> {
        self.dataset.table()
    }

    /// The indicator index the view asks for, or the default (the foreign share where there is
    /// one, else the first indicator).
    pub fn resolve_indicator(&self, view: &ViewState) -> Option<usize> {
        let t = self.table()?;
        view.indicator
            .as_deref()
            .and_then(|id| t.indicator_index(id))
            .or_else(|| t.indicator_with_role(Role::ForeignShare))
            .or(if t.indicators.is_empty() {
                None
            } else {
                Some(0)
            })
    }

    /// The year index the view asks for among the indicator's years, else its latest year.
    /// The calendar year shown: the one place the workspace's year position becomes a year.
    pub fn shown_year(&self) -> Option<i32> {
        self.table()?.years.get(self.year.get()).copied()
    }

    pub fn resolve_year(&self, view: &ViewState, indicator: usize) -> YearIdx {
        let Some(t) = self.table() else {
            return YearIdx::default();
        };
        let years = &self.indicator_years[indicator];
        view.year
            .and_then(|y| t.year_index(y))
            .filter(|y| years.contains(y) || years.is_empty())
            .or_else(|| years.last().copied())
            .unwrap_or_default()
    }

    /// Brings derived data up to date with the view. Cheap when nothing changed. Returns the
    /// calendar year shown when it is not the one the view asked for. `map_scale`: the pixels
    /// per metre the window's map was last drawn at — below the scale that draws the rule
    /// overlay's outlines they are not built (None headless: always built).
    pub fn sync(
        &mut self,
        view: &ViewState,
        selection: &Selection,
        map_scale: Option<f64>,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Option<i32> {
        self.poll_pending();
        // Two jobs may wake the window: the classification and the spatial statistics.
        let wake = Arc::new(wake);
        let spatial_wake = {
            let w = wake.clone();
            move || w()
        };
        let segregation_wake = {
            let w = wake.clone();
            move || w()
        };
        let overlay_wake = {
            let w = wake.clone();
            move || w()
        };
        let rules_wake = {
            let w = wake.clone();
            move || w()
        };
        let wake = move || wake();
        let ind = self.resolve_indicator(view)?;
        let year = self.resolve_year(view, ind);
        let spec = spec_for(ind, &view.styling);
        let current = self.choropleth.as_ref().map(|c| &c.spec);
        let pending = self.pending.as_ref().map(|p| &p.0);
        if current != Some(&spec) && pending != Some(&spec) {
            self.start_classify(spec, wake);
        }
        self.sync_rules(&view.rules, rules_wake);
        // The spatial statistics, only when a view shows them.
        if view.map_mode.is_spatial() || view.tab == super::state::RightTab::Clusters {
            let ds = self.dataset.clone();
            self.spatial
                .sync(&ds, ind, year, &view.spatial, spatial_wake);
        }
        if view.map_mode == MapMode::LocationQuotient
            || view.tab == super::state::RightTab::Segregation
        {
            let ds = self.dataset.clone();
            self.segregation
                .sync(&ds, &view.segregation, year, segregation_wake);
        }
        if self.indices.sync(&self.dataset, view) {
            self.indices_version += 1;
        }
        let shown = self.choropleth.as_ref().map(|c| c.spec.indicator);
        let key = RecolourKey {
            indices: self.indices_version,
            segregation: if view.map_mode == MapMode::LocationQuotient {
                self.segregation.version
            } else {
                0
            },
            spatial: if view.map_mode.is_spatial() {
                self.spatial.version
            } else {
                0
            },
            indicator: ind,
            year,
            mode: view.map_mode,
            active_rule: view.active_rule,
            rules_version: self.rules_version,
            change_from: view.change_from,
            persist: (view.persist_from, view.persist_to),
            lang: view.lang,
            classification: self.classification_version,
            vision: view.vision,
        };
        if shown == Some(ind) && self.recolour_key.as_ref() != Some(&key) {
            self.indicator = Some(ind);
            self.year = year;
            self.recolour_mode(view);
            self.recolour_key = Some(key);
        }
        // The first map before the rule overlay: on software GL a frame with the overlay of
        // 100 000 districts takes seconds, and one that came before the classification kept
        // the colours waiting.
        if self.choropleth.is_some() || self.pending.is_none() {
            self.sync_overlay(view, year, map_scale, overlay_wake);
        }
        self.sync_profile(selection.primary, year);
        // The view asks by calendar year; an indicator without it shows its latest: the year
        // actually shown, for the view to hold, only when it differs.
        let shown = self.indicator.and(self.shown_year());
        shown.filter(|&y| view.year != Some(y))
    }

    /// Projects a context layer with this map's projection (once per layer and workspace);
    /// the legend names it from the next recolour on.
    pub fn set_context(&mut self, layer: Option<&Arc<atlas_data::model::Districts>>) {
        let same = match (&self.context_src, layer) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        if same {
            return;
        }
        self.context_src = layer.cloned();
        self.context = layer.zip(self.geometry.as_ref()).map(|(l, g)| {
            Arc::new(atlas_scene::context::ContextGeometry::build(
                l,
                &g.projection,
            ))
        });
        self.recolour_key = None;
    }

    /// Blocks until a pending classification (and spatial statistics being computed) are done
    /// (tests, and before export).
    pub fn finish_pending(&mut self) {
        if let Some((_, job)) = self.pending.take() {
            let r = job.wait();
            self.accept(r);
        }
        self.finish_rules();
        if let Some(job) = self.overlay_job.take() {
            self.overlay = job.wait().ok().map(Arc::new);
        }
        self.spatial.wait();
        self.segregation.wait();
    }

    /// Whether the map has been coloured (by its choropleth or a map mode) since the last
    /// reset.
    pub fn is_coloured(&self) -> bool {
        self.recolour_key.is_some()
    }

    /// The boundary file's problems, one line per feature problem (listed on first use).
    pub fn problem_lines(&self) -> &[atlas_data::model::GeometryProblem] {
        self.problem_lines
            .get_or_init(|| self.dataset.districts.problems())
    }

    pub fn is_classifying(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether the rule overlay of a large map is being built.
    pub fn is_building_overlay(&self) -> bool {
        self.overlay_job.is_some()
    }

    /// The rule overlay's outline for the shown year: built here for small maps, on a worker
    /// for large ones (taken when it arrives).
    fn sync_overlay(
        &mut self,
        view: &ViewState,
        year: YearIdx,
        map_scale: Option<f64>,
        wake: impl Fn() + Send + 'static,
    ) {
        let key = (view.active_rule, year, self.rules_version);
        // Outlines the window's scale will not draw are not built: at 100 000 districts fitted
        // that was ≈ 170 ms of a core on every year step, beside the frame. One built before
        // stays while its key holds; a new key waits for a scale that draws it.
        let drawn = match (map_scale, &self.geometry) {
            (Some(scale), Some(g)) => atlas_scene::overlay::outlined_at(g, scale, 1.0),
            _ => true,
        };
        if self.overlay_key != Some(key) && !drawn {
            self.overlay_key = None;
            self.overlay = None;
            self.overlay_job = None;
        } else if self.overlay_key != Some(key) {
            self.overlay_key = Some(key);
            self.overlay = None;
            self.overlay_job = None;
            let row = view
                .active_rule
                .and_then(|r| self.rule_results.get(r)?.per_year.get(year.get()));
            if let (Some(row), Some(g)) = (row, &self.geometry) {
                if g.polygons.len() <= SYNC_CLASSIFY_LIMIT {
                    self.overlay = Some(Arc::new(OverlayLines::build(&g.polygons, row)));
                } else {
                    let (g, row) = (g.clone(), row.clone());
                    let job = Job::spawn(move |_| OverlayLines::build(&g.polygons, &row), wake);
                    self.overlay_job = Some(job);
                }
            }
        }
        if let Some(r) = self.overlay_job.as_ref().and_then(Job::poll) {
            self.overlay = r.ok().map(Arc::new);
            self.overlay_job = None;
        }
    }

    fn start_classify(&mut self, spec: ChoroplethSpec, wake: impl Fn() + Send + 'static) {
        if self.dataset.districts.districts.len() <= SYNC_CLASSIFY_LIMIT {
            let r = Choropleth::build(&self.dataset, &spec);
            self.pending = None;
            self.accept(Ok(r));
        } else {
            let ds = self.dataset.clone();
            let s = spec.clone();
            let job = Job::spawn(move |_| Choropleth::build(&ds, &s), wake);
            self.pending = Some((spec, job));
        }
    }

    fn poll_pending(&mut self) {
        if let Some((_, job)) = &self.pending
            && let Some(r) = job.poll()
        {
            self.pending = None;
            self.accept(r);
        }
    }

    /// Ranks the years of a new classification in the background, once (the window calls
    /// this every frame once its first coloured map is drawn; an export ranks nothing).
    pub fn warm_rankings(&mut self) {
        if self.rankings_warmed == self.classification_version {
            return;
        }
        self.rankings_warmed = self.classification_version;
        if let Some(c) = &self.choropleth {
            c.rank_in_background();
        }
    }

    fn accept(&mut self, r: Result<Result<Choropleth, SceneError>, super::jobs::Stopped>) {
        match r {
            Ok(Ok(c)) => {
                self.classify_error = None;
                self.choropleth = Some(Arc::new(c));
                self.classification_version += 1; // forces a recolour in sync
                self.profile = None;
            }
            Ok(Err(e)) => self.classify_error = Some(e),
            Err(super::jobs::Stopped) => self.classify_error = Some(SceneError::Stopped),
        }
    }

    fn sync_profile(&mut self, primary: Option<usize>, year: YearIdx) {
        let Some(d) = primary else {
            self.profile = None;
            return;
        };
        if self.profile.as_ref().is_some_and(|(k, _)| *k == (d, year)) {
            return;
        }
        let rows = profile_rows(&self.dataset, d, year);
        self.profile = Some(((d, year), rows));
    }

    /// The table key index of a district, if it joined.
    pub fn key_of(&self, d: usize) -> Option<usize> {
        self.dataset
            .join
            .as_ref()?
            .keys
            .district_to_key
            .get(d)
            .copied()
            .flatten()
    }

    /// District indices for a list of keys (for restoring a saved selection).
    pub fn districts_with_keys(&self, keys: &[String]) -> Vec<usize> {
        let ds = &self.dataset.districts.districts;
        // A set, not a search through the keys per district: a saved selection of thousands
        // of districts restored on a map of 100 000 was quadratic.
        let keys: std::collections::HashSet<&str> = keys.iter().map(String::as_str).collect();
        (0..ds.len())
            .filter(|&i| keys.contains(ds[i].key.as_str()))
            .collect()
    }
}

/// The persistence range as year indices (first ≤ last), from the view or the whole table.
pub fn persist_range(t: &IndicatorTable, view: &ViewState) -> (YearIdx, YearIdx) {
    let a = view
        .persist_from
        .and_then(|y| t.year_index(y))
        .unwrap_or_default();
    let b = view
        .persist_to
        .and_then(|y| t.year_index(y))
        .or_else(|| t.last_year())
        .unwrap_or_default();
    (a.min(b), a.max(b))
}

/// The classification spec for an indicator under a styling.
pub fn spec_for(indicator: usize, s: &Styling) -> ChoroplethSpec {
    let scheme = match &s.scheme {
        Scheme::EqualInterval { .. } => Scheme::EqualInterval { k: s.k },
        Scheme::Quantiles { .. } => Scheme::Quantiles { k: s.k },
        Scheme::NaturalBreaks { .. } => Scheme::NaturalBreaks { k: s.k },
        other => other.clone(),
    };
    ChoroplethSpec {
        indicator,
        scheme,
        mode: s.mode,
        ramp: s.ramp.clone(),
        reverse: s.reverse,
        min_denominator: s.min_denominator,
    }
}

/// Per indicator, the years with at least one value.
fn indicator_years(t: &IndicatorTable) -> Vec<Vec<YearIdx>> {
    (0..t.indicators.len())
        .map(|i| {
            (t.year_indices())
                .filter(|&y| t.year_slice(i, y).iter().any(|v| v.is_finite()))
                .collect()
        })
        .collect()
}
