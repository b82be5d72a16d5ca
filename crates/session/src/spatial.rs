//! The spatial statistics a view needs, off the UI thread and cached: the weights of the loaded
//! boundaries (built once per weights choice, by the worker: contiguity of 100 000 districts
//! is a visible pause) and Moran's I / LISA of the indicator for every year, computed by a
//! worker that starts with the shown year and goes on through the others (each year sent as
//! soon as it is done), so stepping through the years of a cluster map at 10 000 districts
//! shows results already there.

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

/// What the worker sends: the weights it built, then each year's statistics.
enum Sent {
    Weights(Result<Arc<Weights>, String>),
    Year(usize, YearStats),
}

/// Weights and per-year statistics, and the worker filling them.
#[derive(Default)]
pub struct SpatialCache {
    /// The weights asked for, and (once built) them or why they could not be.
    weights_spec: Option<WeightsSpec>,
    weights: Option<Result<Arc<Weights>, String>>,
    key: Option<Key>,
    /// Per table year (None: not yet computed).
    pub years: Vec<Option<Arc<YearStats>>>,
    rx: Option<Receiver<Sent>>,
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
        self.weights.as_ref()
    }

    /// The statistics of the year at position `y`, when computed.
    pub fn year(&self, y: YearIdx) -> Option<&Arc<YearStats>> {
        self.years.get(y.get())?.as_ref()
    }

    /// How many years are done.
    pub fn done(&self) -> usize {
        self.years.iter().filter(|y| y.is_some()).count()
    }

    /// The weights and every year are in.
    fn complete(&self) -> bool {
        self.weights.is_some() && self.done() == self.years.len()
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
        if self.weights_spec.as_ref() != Some(&view.weights) {
            self.weights_spec = Some(view.weights.clone());
            self.weights = None;
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
            // Weights that could not be built give no statistics.
            if !matches!(self.weights, Some(Err(_))) {
                let order: Vec<usize> = std::iter::once(year.get())
                    .chain((0..years).filter(|&y| y != year.get()))
                    .filter(|&y| y < years)
                    .collect();
                self.start(ds.clone(), key, order, wake);
            }
        }
        changed | self.poll()
    }

    /// The worker: the weights first (unless built before), then the years in `order`.
    fn start(
        &mut self,
        ds: Arc<Dataset>,
        key: Key,
        order: Vec<usize>,
        wake: impl Fn() + Send + 'static,
    ) {
        let (tx, rx) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let s = stop.clone();
        let built = self.weights.clone().and_then(Result::ok);
        std::thread::spawn(move || {
            let w = match built {
                Some(w) => w,
                None => {
                    let r = key
                        .weights
                        .build(&ds.districts, 0.0)
                        .map(|(w, _)| Arc::new(w));
                    let _ = tx.send(Sent::Weights(r.clone()));
                    wake();
                    match r {
                        Ok(w) => w,
                        Err(_) => return,
                    }
                }
            };
            for y in order {
                if s.load(Ordering::Relaxed) {
                    return;
                }
                let r = year_stats(&ds, &w, key.indicator, YearIdx(y), &key.options);
                if tx.send(Sent::Year(y, r)).is_err() {
                    return;
                }
                wake();
            }
        });
        self.rx = Some(rx);
        self.stop = Some(stop);
    }

    /// Puts what the worker sent in place.
    fn take(&mut self, sent: Sent) {
        match sent {
            Sent::Weights(w) => self.weights = Some(w),
            Sent::Year(y, s) => {
                if let Some(slot) = self.years.get_mut(y) {
                    *slot = Some(Arc::new(s));
                }
            }
        }
        self.version += 1;
    }

    /// Takes the weights and years that arrived.
    fn poll(&mut self) -> bool {
        let Some(rx) = &self.rx else { return false };
        let mut sent = Vec::new();
        let mut closed = false;
        loop {
            match rx.try_recv() {
                Ok(s) => sent.push(s),
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    closed = true;
                    break;
                }
            }
        }
        let got = !sent.is_empty();
        for s in sent {
            self.take(s);
        }
        if closed || self.complete() {
            self.rx = None;
            self.stop = None;
        }
        got
    }

    /// Blocks until every year is computed (tests and headless exports).
    pub fn wait(&mut self) {
        while let Some(rx) = &self.rx {
            match rx.recv() {
                Ok(s) => {
                    self.take(s);
                    if self.complete() {
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
            // The level as the language writes numbers, kept on one line with its α.
            &format!(
                ", α\u{a0}{}{correction}",
                atlas_i18n::format_short(s.alpha, lang)
            ),
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
                lang,
                &label(Cluster::NotSignificant),
                &label(Cluster::Island),
                lang.t(T::NoData),
            ),
            Some(st) => lisa_modes::cluster_fills(st, label),
        },
    };
    (fills, rows, note)
}
