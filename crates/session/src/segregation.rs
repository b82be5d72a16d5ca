//! Segregation in the session: what the view measures (a group over the total — by default
//! the foreign count and the population — or groups that partition the population; the
//! years of the change test), computed off the UI thread for every year with the evenness
//! test and kept per data set; and the location-quotient map mode (diverging classes around
//! 1 with counts, as on screen so in every export).

use atlas_analysis::ramps::{NO_DATA, Rgb};
use atlas_analysis::segregation::inference::{Change, NullTest, change, evenness};
use atlas_analysis::segregation::{Groups, SegregationError, Units, YearSegregation, measure};
use atlas_data::dataset::Dataset;
use atlas_data::model::{IndicatorTable, Measure, Role, YearIdx};
use atlas_i18n::{Lang, T};
use atlas_scene::modes::LegendRow;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};

/// What the view measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SegregationView {
    /// The group's count column; `None`: the foreign count the table has.
    pub group: Option<String>,
    /// The total; `None`: the population column.
    pub total: Option<String>,
    /// Groups that partition the population (multigroup indices); empty: one group.
    pub groups: Vec<String>,
    /// The two years of the change test; `None`: the first and the last.
    pub compare: Option<(i32, i32)>,
    pub permutations: usize,
    pub seed: u64,
}

impl Default for SegregationView {
    fn default() -> Self {
        SegregationView {
            group: None,
            total: None,
            groups: Vec::new(),
            compare: None,
            permutations: 999,
            seed: 12_345,
        }
    }
}

/// The table's count of foreigners (a count whose id or label says so) and its population.
pub fn default_columns(t: &IndicatorTable) -> (Option<String>, Option<String>) {
    let total = t
        .indicator_with_role(Role::Population)
        .map(|i| t.indicators[i].id.clone());
    let group = t
        .indicators
        .iter()
        .find(|i| {
            let id = i.id.to_lowercase();
            i.meta.measure == Measure::Count
                && (id.contains("foreign") || id.contains("auslaend") || id.contains("ausländ"))
        })
        .map(|i| i.id.clone());
    (group, total)
}

impl SegregationView {
    /// The groups measured on `t`, defaults filled in; `None` when the table has no such
    /// columns.
    pub fn groups(&self, t: &IndicatorTable) -> Option<Groups> {
        if self.groups.len() >= 2 {
            return Some(Groups::Multi(self.groups.clone()));
        }
        let (g, tot) = default_columns(t);
        Some(Groups::Single {
            group: self.group.clone().or(g)?,
            total: self.total.clone().or(tot)?,
        })
    }

    /// The years compared: the chosen ones, else the table's first and last.
    pub fn compare_years(&self, t: &IndicatorTable) -> Option<(i32, i32)> {
        self.compare
            .or_else(|| Some((*t.years.first()?, *t.years.last()?)))
            .filter(|(a, b)| a != b)
    }
}

/// One year measured, with its evenness tests.
#[derive(Debug, Clone)]
pub struct YearResult {
    pub seg: YearSegregation,
    pub tests: Vec<NullTest>,
}

type YearMsg = (usize, Result<YearResult, SegregationError>);

/// What the worker sends: a year's indices, then its tests, then the change test.
enum Msg {
    Year(YearMsg),
    Tests(usize, Vec<NullTest>),
    Change(Result<Vec<Change>, SegregationError>),
}

/// What the results were computed for: the groups, permutations, seed and years compared.
type CacheKey = (Groups, usize, u64, Option<(i32, i32)>);

/// The measured years and the change test, and the worker filling them.
#[derive(Default)]
pub struct SegregationCache {
    key: Option<CacheKey>,
    pub units: Option<Arc<Units>>,
    pub years: Vec<Option<Result<YearResult, SegregationError>>>,
    pub change: Option<Result<Vec<Change>, SegregationError>>,
    rx: Option<Receiver<Msg>>,
    stop: Option<Arc<AtomicBool>>,
    /// Changes whenever something arrives (the map's recolour key includes it).
    pub version: u64,
}

impl Drop for SegregationCache {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            s.store(true, Ordering::Relaxed);
        }
    }
}

impl SegregationCache {
    /// Whether the worker is still running.
    pub fn busy(&self) -> bool {
        self.rx.is_some()
    }

    /// The groups measured now.
    pub fn groups(&self) -> Option<&Groups> {
        self.key.as_ref().map(|k| &k.0)
    }

    /// A year's result, when computed.
    pub fn year(&self, y: YearIdx) -> Option<&Result<YearResult, SegregationError>> {
        self.years.get(y.get())?.as_ref()
    }

    /// Starts (or keeps) the work for `view`, the shown year first; `true` when something
    /// changed.
    pub fn sync(
        &mut self,
        ds: &Arc<Dataset>,
        view: &SegregationView,
        year: YearIdx,
        wake: impl Fn() + Send + 'static,
    ) -> bool {
        let Some(t) = ds.table() else { return false };
        let Some(groups) = view.groups(t) else {
            return false;
        };
        let compare = view.compare_years(t);
        let key = (groups.clone(), view.permutations, view.seed, compare);
        if self.key.as_ref() == Some(&key) {
            return self.poll();
        }
        if let Some(s) = self.stop.take() {
            s.store(true, Ordering::Relaxed);
        }
        let units = self
            .units
            .get_or_insert_with(|| Arc::new(Units::of(ds)))
            .clone();
        let n = t.years.len();
        self.years = vec![None; n];
        self.change = None;
        self.key = Some(key);
        self.version += 1;
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let (ds, s) = (ds.clone(), stop.clone());
        let (perms, seed) = (view.permutations, view.seed);
        std::thread::spawn(move || {
            let Some(t) = ds.table() else { return };
            // Every year's indices first (fast), the shown year first; then the tests.
            let order: Vec<usize> = std::iter::once(year.get())
                .chain((0..n).filter(|&y| y != year.get()))
                .filter(|&y| y < n)
                .collect();
            let mut measured = Vec::new();
            for &y in &order {
                let r = measure(t, &units, &groups, YearIdx(y)).map(|seg| YearResult {
                    seg,
                    tests: Vec::new(),
                });
                if let Ok(m) = &r {
                    measured.push((y, m.seg.clone()));
                }
                if tx.send(Msg::Year((y, r))).is_err() {
                    return;
                }
            }
            wake();
            for (y, seg) in measured.iter().filter(|_| perms > 0) {
                if s.load(Ordering::Relaxed) {
                    return;
                }
                let tests = year_tests(&units, &groups, seg, perms, seed);
                if tx.send(Msg::Tests(*y, tests)).is_err() {
                    return;
                }
                wake();
            }
            if let Some((a, b)) = compare {
                let r = change_between(t, &units, &groups, (a, b), perms, seed);
                let _ = tx.send(Msg::Change(r));
                wake();
            }
        });
        self.rx = Some(rx);
        self.stop = Some(stop);
        true
    }

    fn take(&mut self, m: Msg) {
        match m {
            Msg::Year((y, r)) => {
                if let Some(slot) = self.years.get_mut(y) {
                    *slot = Some(r);
                }
            }
            Msg::Tests(y, tests) => {
                if let Some(Some(Ok(r))) = self.years.get_mut(y) {
                    r.tests = tests;
                }
            }
            Msg::Change(c) => self.change = Some(c),
        }
        self.version += 1;
    }

    /// Takes what arrived.
    fn poll(&mut self) -> bool {
        let Some(rx) = &self.rx else { return false };
        let mut got = Vec::new();
        let mut closed = false;
        loop {
            match rx.try_recv() {
                Ok(m) => got.push(m),
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    closed = true;
                    break;
                }
            }
        }
        let any = !got.is_empty();
        for m in got {
            self.take(m);
        }
        if closed {
            self.rx = None;
            self.stop = None;
        }
        any
    }

    /// Blocks until the worker is done (tests and headless exports).
    pub fn wait(&mut self) {
        while let Some(rx) = &self.rx {
            match rx.recv() {
                Ok(m) => self.take(m),
                Err(_) => self.rx = None,
            }
        }
        self.stop = None;
    }
}

/// The weights among a year's units (spatial indices and the evenness test).
fn year_weights(units: &Units, seg: &YearSegregation) -> atlas_analysis::segregation::UnitWeights {
    let mut keep = vec![false; units.keys.len()];
    for &u in &seg.data.units {
        keep[u] = true;
    }
    units.weights.subset(&keep)
}

/// A year's evenness tests.
fn year_tests(
    units: &Units,
    groups: &Groups,
    seg: &YearSegregation,
    perms: usize,
    seed: u64,
) -> Vec<NullTest> {
    let multi = matches!(groups, Groups::Multi(_));
    let w = (!multi).then(|| year_weights(units, seg));
    evenness(&seg.data.counts, multi, w.as_ref(), perms, seed)
}

fn change_between(
    t: &IndicatorTable,
    units: &Units,
    groups: &Groups,
    (a, b): (i32, i32),
    perms: usize,
    seed: u64,
) -> Result<Vec<Change>, SegregationError> {
    let idx = |y| t.year_index(y).ok_or(SegregationError::NoYear { year: y });
    let ma = measure(t, units, groups, idx(a)?)?;
    let mb = measure(t, units, groups, idx(b)?)?;
    let multi = matches!(groups, Groups::Multi(_));
    Ok(change(
        &ma.data.counts,
        &mb.data.counts,
        multi,
        perms.max(99),
        seed,
    ))
}

/// The location-quotient classes: their upper bounds (the last open), as German city reports
/// cut them around 1.
pub const LQ_BOUNDS: [f64; 4] = [0.5, 0.8, 1.25, 2.0];

/// The class of a location quotient: < 0.5, 0.5–0.8, 0.8–1.25, 1.25–2, > 2 (a bound belongs
/// to the class around 1).
pub fn lq_class(q: f64) -> usize {
    if q < 0.5 {
        0
    } else if q < 0.8 {
        1
    } else if q <= 1.25 {
        2
    } else if q <= 2.0 {
        3
    } else {
        4
    }
}

/// Per district, the location quotient of the first group in `year` (for the district
/// report; no weights needed), and what it is of ("inhabitants_foreigners / inhabitants").
pub fn lq_by_district(
    ds: &Dataset,
    view: &SegregationView,
    year: YearIdx,
) -> Option<(String, Vec<Option<f64>>)> {
    let t = ds.table()?;
    let groups = view.groups(t)?;
    let (units, unit_of_district) = Units::keys_of(ds);
    let data = atlas_analysis::segregation::year_data(t, &units, &groups, year).ok()?;
    let c = &data.counts;
    let (lq, what) = match &groups {
        Groups::Multi(g) => (
            atlas_analysis::segregation::multi::location_quotients(c)
                .into_iter()
                .next()
                .unwrap_or_default(),
            format!("{} / {}", g[0], g.join(" + ")),
        ),
        Groups::Single { group, total } => (
            atlas_analysis::segregation::single::location_quotients(&c[0], &c[1]),
            format!("{group} / {total}"),
        ),
    };
    let mut pos = vec![None; units.keys.len()];
    for (i, &u) in data.units.iter().enumerate() {
        pos[u] = Some(i);
    }
    let values = unit_of_district
        .iter()
        .map(|u| {
            u.and_then(|u| pos[u])
                .and_then(|i| lq.get(i).copied().flatten())
        })
        .collect();
    Some((what, values))
}

/// Fills and legend rows of the location-quotient map in `year` (the first group's), and the
/// note saying what is mapped.
pub fn lq_fills(
    cache: &SegregationCache,
    ds: &Dataset,
    year: YearIdx,
    lang: Lang,
) -> (Vec<Rgb>, Vec<LegendRow>, String) {
    let n = ds.districts.districts.len();
    let mut fills = vec![NO_DATA; n];
    // Diverging around 1: blue under-, red over-represented (ColorBrewer RdBu, CVD-safe).
    let colors: Vec<Rgb> = atlas_analysis::ramps::colors("RdBu", 5, true).unwrap_or_default();
    let labels = ["< 0,5", "0,5 – 0,8", "0,8 – 1,25", "1,25 – 2", "> 2"];
    let mut counts = [0usize; 5];
    let mut missing = 0;
    let result = cache.year(year).and_then(|r| r.as_ref().ok());
    let lq = result.map(|r| {
        let c = &r.seg.data.counts;
        match cache.groups() {
            Some(Groups::Multi(_)) => atlas_analysis::segregation::multi::location_quotients(c)
                .into_iter()
                .next()
                .unwrap_or_default(),
            _ => atlas_analysis::segregation::single::location_quotients(&c[0], &c[1]),
        }
    });
    let unit_of_district: Vec<Option<usize>> = match (&cache.units, &ds.join, result) {
        (Some(units), Some(j), Some(r)) => {
            let mut pos = vec![None; ds.table().map_or(0, |t| t.keys.len())];
            for (i, &u) in r.seg.data.units.iter().enumerate() {
                pos[units.table_keys[u]] = Some(i);
            }
            j.keys
                .district_to_key
                .iter()
                .map(|k| k.and_then(|k| pos[k]))
                .collect()
        }
        _ => vec![None; n],
    };
    for (d, u) in unit_of_district.iter().enumerate() {
        match u.and_then(|u| lq.as_ref()?.get(u).copied().flatten()) {
            Some(q) => {
                let c = lq_class(q);
                fills[d] = colors.get(c).copied().unwrap_or(NO_DATA);
                counts[c] += 1;
            }
            None => missing += 1,
        }
    }
    let mut rows: Vec<LegendRow> = (0..5)
        .map(|c| LegendRow {
            color: colors.get(c).copied().unwrap_or(NO_DATA),
            label: if lang == Lang::En {
                labels[c].replace(',', ".")
            } else {
                labels[c].to_owned()
            },
            count: counts[c],
            hatched: false,
        })
        .collect();
    rows.push(LegendRow {
        color: NO_DATA,
        label: lang.t(T::NoData).to_owned(),
        count: missing,
        hatched: true,
    });
    let note = match (cache.groups(), result) {
        (Some(Groups::Single { group, total }), Some(_)) => lang.f(T::LqNote, &[group, total]),
        (Some(Groups::Multi(g)), Some(_)) => lang.f(T::LqNote, &[&g[0], &g.join(" + ")]),
        _ if cache.busy() => lang.t(T::Computing).to_owned(),
        _ => lang.t(T::SegregationNone).to_owned(),
    };
    (fills, rows, note)
}
