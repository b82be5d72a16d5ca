//! The spatial statistics a view needs, off the UI thread and cached: the weights of the loaded
//! boundaries (built once per weights choice) and Moran's I / LISA of the indicator for every
//! year, computed by a worker that starts with the shown year and goes on through the others
//! (each year sent as soon as it is done), so stepping through the years of a cluster map at
//! 10 000 districts shows results already there.

use crate::project::view::SpatialView;
use atlas_analysis::spatial::weights::Weights;
use atlas_analysis::spatial::{Options, WeightsSpec, YearStats, year_stats};
use atlas_data::dataset::Dataset;
use atlas_data::model::YearIdx;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};

/// What the cached statistics were computed for.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    indicator: usize,
    weights: WeightsSpec,
    options: Options,
}

/// Weights and per-year statistics, and the worker filling them.
#[derive(Default)]
pub struct SpatialCache {
    weights: Option<(WeightsSpec, Result<Arc<Weights>, String>)>,
    key: Option<Key>,
    /// Per table year (None: not yet computed).
    pub years: Vec<Option<Arc<YearStats>>>,
    rx: Option<Receiver<(usize, YearStats)>>,
    stop: Option<Arc<AtomicBool>>,
    /// Changes whenever a year arrives (recolour keys include it).
    pub version: u64,
}

impl Drop for SpatialCache {
    fn drop(&mut self) {
        self.cancel();
    }
}

impl SpatialCache {
    fn cancel(&mut self) {
        if let Some(s) = self.stop.take() {
            s.store(true, Ordering::Relaxed);
        }
        self.rx = None;
    }

    /// The weights, or why they could not be built.
    pub fn weights(&self) -> Option<&Result<Arc<Weights>, String>> {
        self.weights.as_ref().map(|w| &w.1)
    }

    /// The statistics of the year at position `y`, when computed.
    pub fn year(&self, y: YearIdx) -> Option<&Arc<YearStats>> {
        self.years.get(y.get())?.as_ref()
    }

    /// How many years are done.
    pub fn done(&self) -> usize {
        self.years.iter().filter(|y| y.is_some()).count()
    }

    /// Whether the worker is still running.
    pub fn busy(&self) -> bool {
        self.rx.is_some()
    }

    /// Starts (or keeps) the work for `indicator` under `view`, the shown year first. Returns
    /// whether anything new arrived since the last call.
    pub fn sync(
        &mut self,
        ds: &Arc<Dataset>,
        indicator: usize,
        year: YearIdx,
        view: &SpatialView,
        wake: impl Fn() + Send + 'static,
    ) -> bool {
        let mut changed = false;
        if self.weights.as_ref().map(|w| &w.0) != Some(&view.weights) {
            // Contiguity of 100 000 districts takes well under a second: built here, once.
            let w = view
                .weights
                .build(&ds.districts, 0.0)
                .map(|(w, _)| Arc::new(w));
            self.weights = Some((view.weights.clone(), w));
            self.key = None;
            changed = true;
        }
        let key = Key {
            indicator,
            weights: view.weights.clone(),
            options: view.options(),
        };
        let years = ds.table().map_or(0, |t| t.years.len());
        if self.key.as_ref() != Some(&key) {
            self.cancel();
            self.years = vec![None; years];
            self.key = Some(key.clone());
            self.version += 1;
            changed = true;
            if let Some((_, Ok(w))) = &self.weights {
                let (tx, rx) = channel();
                let stop = Arc::new(AtomicBool::new(false));
                let (ds, w, s) = (ds.clone(), w.clone(), stop.clone());
                let order: Vec<usize> = std::iter::once(year.get())
                    .chain((0..years).filter(|&y| y != year.get()))
                    .filter(|&y| y < years)
                    .collect();
                std::thread::spawn(move || {
                    for y in order {
                        if s.load(Ordering::Relaxed) {
                            return;
                        }
                        let r = year_stats(&ds, &w, indicator, YearIdx(y), &key.options);
                        if tx.send((y, r)).is_err() {
                            return;
                        }
                        wake();
                    }
                });
                self.rx = Some(rx);
                self.stop = Some(stop);
            }
        }
        changed | self.poll()
    }

    /// Takes the years that arrived.
    fn poll(&mut self) -> bool {
        let Some(rx) = &self.rx else { return false };
        let mut got = false;
        let mut closed = false;
        loop {
            match rx.try_recv() {
                Ok((y, s)) => {
                    if let Some(slot) = self.years.get_mut(y) {
                        *slot = Some(Arc::new(s));
                    }
                    got = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    closed = true;
                    break;
                }
            }
        }
        if closed || self.done() == self.years.len() {
            self.rx = None;
            self.stop = None;
        }
        if got {
            self.version += 1;
        }
        got
    }

    /// Blocks until every year is computed (tests and headless exports).
    pub fn wait(&mut self) {
        while let Some(rx) = &self.rx {
            match rx.recv() {
                Ok((y, s)) => {
                    if let Some(slot) = self.years.get_mut(y) {
                        *slot = Some(Arc::new(s));
                    }
                    self.version += 1;
                    if self.done() == self.years.len() {
                        self.rx = None;
                    }
                }
                Err(_) => self.rx = None,
            }
        }
        self.stop = None;
    }
}

/// Fills, legend rows and the legend note of a spatial map mode for year index `year`.
pub fn mode_fills(
    cache: &SpatialCache,
    view: &crate::state::ViewState,
    year: YearIdx,
    n: usize,
) -> (
    Vec<atlas_analysis::ramps::Rgb>,
    Vec<atlas_scene::modes::LegendRow>,
    String,
) {
    use crate::project::view::MapMode;
    use atlas_analysis::spatial::Cluster;
    use atlas_i18n::T;
    use atlas_scene::lisa_modes;
    let lang = view.lang;
    let no_data = || (vec![atlas_analysis::ramps::NO_DATA; n], Vec::new());
    if let Some(Err(e)) = cache.weights() {
        let (f, r) = no_data();
        return (f, r, e.clone());
    }
    let s = &view.spatial;
    let correction = match s.correction {
        atlas_analysis::spatial::lisa::Correction::None => String::new(),
        atlas_analysis::spatial::lisa::Correction::Bonferroni => {
            format!(", {}", lang.t(T::CorrectionBonferroni))
        }
        atlas_analysis::spatial::lisa::Correction::Fdr => format!(", {}", lang.t(T::CorrectionFdr)),
    };
    let mut note = lang.f(
        T::SignificanceNote,
        &[
            &s.permutations.to_string(),
            &s.seed.to_string(),
            &match &s.weights {
                atlas_analysis::spatial::WeightsSpec::File(p) => {
                    atlas_data::load::error::file_name(p)
                }
                w => atlas_analysis::spatial::weights::WeightsKind::from(w).label(),
            },
            &format!(", α {}{correction}", s.alpha),
        ],
    );
    let label = |c: Cluster| lang.t(c.text()).to_owned();
    let (fills, rows) = match view.map_mode {
        MapMode::ClusterPersistence => {
            let counts = lisa_modes::hh_years(&cache.years, n);
            let total = cache.years.len();
            if cache.done() < total {
                note = format!(
                    "{note} · {}",
                    lang.f(
                        T::ComputingClusters,
                        &[&cache.done().to_string(), &total.to_string()]
                    )
                );
            }
            atlas_scene::modes::persistence_fills(
                &counts,
                total,
                |lo, hi| {
                    if hi == 0 {
                        lang.t(T::NotHh).to_owned()
                    } else if lo == hi && lo == 1 {
                        lang.t(T::OneYear).to_owned()
                    } else if lo == hi {
                        lang.f(T::YearsN, &[&lo.to_string()])
                    } else {
                        lang.f(T::YearsN, &[&format!("{lo}–{hi}")])
                    }
                },
                lang.t(T::NoData),
            )
        }
        mode => match cache.year(year) {
            None => {
                note = lang.f(
                    T::ComputingClusters,
                    &[&cache.done().to_string(), &cache.years.len().to_string()],
                );
                no_data()
            }
            Some(st) if mode == MapMode::Significance => lisa_modes::significance_fills(
                st,
                &label(Cluster::NotSignificant),
                &label(Cluster::Island),
                lang.t(T::NoData),
            ),
            Some(st) => lisa_modes::cluster_fills(st, label),
        },
    };
    (fills, rows, note)
}
