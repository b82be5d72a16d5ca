//! Spatial statistics of an indicator over the districts: weights (contiguity, k nearest,
//! distance band, GeoDa/PySAL files), global Moran's I and local Moran (LISA) clusters — per
//! year, on one weights matrix for all years, so that clusters can be followed through time
//! (how many years a district was in a significant high-high cluster, how its category
//! changed between two years). Library code: no UI, no files but the weights files.

mod contiguity;
pub mod gal;
pub mod lisa;
pub mod moran;
pub(crate) mod rng;
pub mod weights;

use atlas_data::dataset::Dataset;
use atlas_data::model::YearIdx;
use lisa::{Correction, local_moran, significant};
use moran::{Moran, moran};
use serde::Serialize;
use weights::Weights;

/// A district's LISA category in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Cluster {
    HH,
    LH,
    LL,
    HL,
    #[serde(rename = "ns")]
    NotSignificant,
    #[serde(rename = "island")]
    Island,
    #[serde(rename = "no_data")]
    NoData,
}

impl Cluster {
    pub const ALL: [Cluster; 7] = [
        Cluster::HH,
        Cluster::LH,
        Cluster::LL,
        Cluster::HL,
        Cluster::NotSignificant,
        Cluster::Island,
        Cluster::NoData,
    ];

    /// As `spatial --json` writes it.
    pub fn code(self) -> &'static str {
        match self {
            Cluster::HH => "HH",
            Cluster::LH => "LH",
            Cluster::LL => "LL",
            Cluster::HL => "HL",
            Cluster::NotSignificant => "ns",
            Cluster::Island => "island",
            Cluster::NoData => "no_data",
        }
    }

    /// The category's name as legends and reports say it.
    pub fn text(self) -> atlas_i18n::T {
        use atlas_i18n::T;
        match self {
            Cluster::HH => T::ClusterHH,
            Cluster::LL => T::ClusterLL,
            Cluster::LH => T::ClusterLH,
            Cluster::HL => T::ClusterHL,
            Cluster::NotSignificant => T::ClusterNs,
            Cluster::Island => T::ClusterIsland,
            Cluster::NoData => T::NoData,
        }
    }

    fn of_quadrant(q: u8) -> Cluster {
        match q {
            1 => Cluster::HH,
            2 => Cluster::LH,
            3 => Cluster::LL,
            _ => Cluster::HL,
        }
    }
}

/// How the statistics are computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Options {
    pub permutations: usize,
    pub seed: u64,
    pub alpha: f64,
    pub correction: Correction,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            permutations: 9_999,
            seed: 12_345,
            alpha: 0.05,
            correction: Correction::None,
        }
    }
}

/// One district's local statistics in a year (None where it has no value).
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    pub z: Option<f64>,
    pub lag: Option<f64>,
    pub ii: Option<f64>,
    pub quadrant: Option<u8>,
    pub p_sim: Option<f64>,
    pub cluster: Cluster,
}

/// Global and local Moran of one indicator in one year, per district in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct YearStats {
    pub year: i32,
    /// Districts with a value (the statistics' n).
    pub n: usize,
    pub moran: Option<Moran>,
    pub local: Vec<Local>,
}

/// Moran's I and LISA of `indicator` in year index `year`. Districts without a value are left
/// out and their neighbours' lags use the districts with one; a district whose neighbours all
/// lack a value is an island that year.
pub fn year_stats(
    ds: &Dataset,
    w: &Weights,
    indicator: usize,
    year: YearIdx,
    o: &Options,
) -> YearStats {
    let values = ds.district_values(indicator, year);
    let keep: Vec<bool> = values.iter().map(Option::is_some).collect();
    let sub = w.standardised_subset(&keep);
    let y: Vec<f64> = sub.districts.iter().filter_map(|&d| values[d]).collect();
    let year_label = ds
        .table()
        .and_then(|t| t.years.get(year.get()).copied())
        .unwrap_or_default();
    // Seeds differ per year so that years are independent draws.
    let seed = o.seed ^ (year_label as u64).wrapping_mul(0x2545_F491_4F6C_DD1D);
    let global = moran(&sub, &y, o.permutations, seed);
    let lisa = local_moran(&sub, &y, o.permutations, seed);
    let mut local: Vec<Local> = values
        .iter()
        .map(|_| Local {
            z: None,
            lag: None,
            ii: None,
            quadrant: None,
            p_sim: None,
            cluster: Cluster::NoData,
        })
        .collect();
    if let Some(l) = &lisa {
        let sig = significant(&l.p_sim, o.alpha, o.correction);
        for (r, &d) in sub.districts.iter().enumerate() {
            let island = sub.cardinality(r) == 0;
            local[d] = Local {
                z: Some(l.z[r]),
                lag: Some(l.lag[r]),
                ii: Some(l.ii[r]),
                quadrant: Some(l.quadrant[r]),
                p_sim: l.p_sim[r],
                cluster: if island {
                    Cluster::Island
                } else if sig[r] {
                    Cluster::of_quadrant(l.quadrant[r])
                } else {
                    Cluster::NotSignificant
                },
            };
        }
    }
    YearStats {
        year: year_label,
        n: y.len(),
        moran: global,
        local,
    }
}

/// In how many of the given years each district was in a significant high-high cluster.
pub fn hh_persistence(years: &[YearStats], districts: usize) -> Vec<usize> {
    let mut out = vec![0; districts];
    for y in years {
        for (d, l) in y.local.iter().enumerate() {
            if l.cluster == Cluster::HH {
                out[d] += 1;
            }
        }
    }
    out
}

/// Districts per (category in `a`, category in `b`), categories in [`Cluster::ALL`] order.
pub fn transitions(a: &YearStats, b: &YearStats) -> Vec<Vec<Vec<usize>>> {
    let idx = |c: Cluster| Cluster::ALL.iter().position(|x| *x == c).unwrap_or(0);
    let mut m = vec![vec![Vec::new(); Cluster::ALL.len()]; Cluster::ALL.len()];
    for (d, (x, y)) in a.local.iter().zip(&b.local).enumerate() {
        m[idx(x.cluster)][idx(y.cluster)].push(d);
    }
    m
}

/// A weights spec as the command line and projects write it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightsSpec {
    Queen,
    Rook,
    Knn(usize),
    Distance(f64),
    File(std::path::PathBuf),
}

impl WeightsSpec {
    /// `queen`, `rook`, `knn:K`, `distance:METRES`, `file:W.gal`.
    pub fn parse(s: &str) -> Result<WeightsSpec, String> {
        let bad =
            || format!("--weights '{s}': use queen, rook, knn:K, distance:METRES or file:W.gal");
        Ok(match s.split_once(':') {
            None if s == "queen" => WeightsSpec::Queen,
            None if s == "rook" => WeightsSpec::Rook,
            Some(("knn", k)) => {
                WeightsSpec::Knn(k.parse().ok().filter(|&k| k > 0).ok_or_else(bad)?)
            }
            Some(("distance", m)) => WeightsSpec::Distance(
                m.parse()
                    .ok()
                    .filter(|m: &f64| m.is_finite() && *m > 0.0)
                    .ok_or_else(bad)?,
            ),
            Some(("file", p)) if !p.is_empty() => WeightsSpec::File(p.into()),
            _ => return Err(bad()),
        })
    }

    /// Builds the weights for the districts; with the warnings a file gives (districts it
    /// does not list).
    pub fn build(
        &self,
        d: &atlas_data::model::Districts,
        tolerance_m: f64,
    ) -> Result<(Weights, Vec<String>), String> {
        Ok(match self {
            WeightsSpec::Queen => (weights::contiguity(d, false, tolerance_m), Vec::new()),
            WeightsSpec::Rook => (weights::contiguity(d, true, tolerance_m), Vec::new()),
            WeightsSpec::Knn(k) => (weights::knn(d, *k), Vec::new()),
            WeightsSpec::Distance(m) => (weights::distance_band(d, *m), Vec::new()),
            WeightsSpec::File(p) => {
                let text =
                    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
                let (w, missing) =
                    gal::read_weights(&text, &atlas_data::load::error::file_name(p), d)?;
                let warn = if missing.is_empty() {
                    Vec::new()
                } else {
                    vec![format!(
                        "{}: {} districts are not in the weights file and have no neighbours: {}",
                        p.display(),
                        missing.len(),
                        crate::geog::sample(&missing, 10)
                    )]
                };
                (w, warn)
            }
        })
    }
}
