//! One year of a composite index over the table's keys (the data, not only the districts with
//! a polygon): who is included and why others are not, each component's z-value, the weighted
//! sum, the index (the sum over its SD), its class and rank — as Berlin's MSS computes it.

use super::spec::{IndexSpec, Rescale, Standardise};
use super::{ExcludeReason, IndexError};
use atlas_data::model::{IndicatorTable, YearIdx};

/// A key left out of the index, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Excluded {
    pub key: usize,
    pub reason: ExcludeReason,
}

/// One key's index values (its z-values: [`IndexYear::z`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyIndex {
    /// Σ weight · z.
    pub sum: f64,
    /// The sum, rescaled.
    pub index: f64,
    /// Position in the spec's classes.
    pub class: usize,
    /// 1 = the highest index among the included keys (ties share a rank).
    pub rank: usize,
}

/// An index in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexYear {
    pub year: YearIdx,
    /// Keys included.
    pub n: usize,
    /// The SD of the sums (what the sum is divided by; 1 without rescaling).
    pub sd_sum: f64,
    /// Per table key: its values, `None` when it has no row this year or was excluded.
    pub keys: Vec<Option<KeyIndex>>,
    /// Per table key and component (`key * components + c`), the standardised value (the raw
    /// value with `standardise: none`); NaN for a key without values. One block, not a list
    /// per key: 100 k keys × 20 years would be two million small allocations.
    z: Vec<f64>,
    components: usize,
    pub excluded: Vec<Excluded>,
    /// Keys per class.
    pub counts: Vec<usize>,
    /// With a scheme: the classes' upper bounds this year (mapclassify's bins); empty with
    /// fixed thresholds.
    pub breaks: Vec<f64>,
}

impl IndexYear {
    /// A key's z-values, one per component, if it is included.
    pub fn z(&self, key: usize) -> Option<&[f64]> {
        self.keys.get(key)?.as_ref()?;
        let c = self.components;
        self.z.get(key * c..(key + 1) * c)
    }
}

/// Mean and population SD of `xs`, weighted by `ws` when given.
fn mean_sd(xs: &[f64], ws: Option<&[f64]>) -> (f64, f64) {
    let (sw, sx) = match ws {
        Some(w) => (
            w.iter().sum::<f64>(),
            xs.iter().zip(w).map(|(x, w)| x * w).sum(),
        ),
        None => (xs.len() as f64, xs.iter().sum::<f64>()),
    };
    let mean = sx / sw;
    let ss: f64 = match ws {
        Some(w) => xs.iter().zip(w).map(|(x, w)| w * (x - mean).powi(2)).sum(),
        None => xs.iter().map(|x| (x - mean).powi(2)).sum(),
    };
    (mean, (ss / sw).sqrt())
}

/// Column positions of the components and the population in `t`.
fn columns(
    t: &IndicatorTable,
    spec: &IndexSpec,
) -> Result<(Vec<usize>, Option<usize>), IndexError> {
    let find = |name: &str| {
        t.indicator_index(name)
            .ok_or_else(|| IndexError::UnknownIndicator {
                id: spec.id.clone(),
                indicator: name.to_owned(),
                known: t.indicators.iter().map(|i| i.id.clone()).collect(),
            })
    };
    let comps = spec
        .components
        .iter()
        .map(|c| find(&c.indicator))
        .collect::<Result<Vec<_>, _>>()?;
    let pop = spec.population.as_deref().map(find).transpose()?;
    Ok((comps, pop))
}

/// Why key `k` is left out in `year`, if it is.
fn exclusion(
    t: &IndicatorTable,
    spec: &IndexSpec,
    comps: &[usize],
    pop: Option<usize>,
    year: YearIdx,
    k: usize,
) -> Option<ExcludeReason> {
    if spec.exclude.iter().any(|e| *e == t.keys[k]) {
        return Some(ExcludeReason::Listed);
    }
    let needs_pop = spec.min_population.is_some() || spec.standardise == Standardise::ZWeighted;
    if let Some(p) = pop.filter(|_| needs_pop) {
        match t.value(p, year, k) {
            None => return Some(ExcludeReason::NoPopulation),
            Some(v) if spec.min_population.is_some_and(|m| v < m) => {
                return Some(ExcludeReason::FewResidents {
                    population: v,
                    min: spec.min_population.unwrap_or_default(),
                });
            }
            Some(_) => {}
        }
    }
    comps
        .iter()
        .zip(&spec.components)
        .find(|(c, _)| t.value(**c, year, k).is_none())
        .map(|(_, c)| ExcludeReason::Missing {
            indicator: c.indicator.clone(),
        })
}

/// The index in `year`.
pub fn compute(
    t: &IndicatorTable,
    spec: &IndexSpec,
    year: YearIdx,
) -> Result<IndexYear, IndexError> {
    spec.check()?;
    compute_on(&*with_formulas(t, spec)?, spec, year)
}

/// The table with a column for each component written as a formula rather than a column
/// name (`change(unemployment_pct, 2)`: the two-year change a dynamics index uses), named by
/// its text; the table itself when every component is a column.
pub fn with_formulas<'a>(
    t: &'a IndicatorTable,
    spec: &IndexSpec,
) -> Result<std::borrow::Cow<'a, IndicatorTable>, IndexError> {
    let formulas: Vec<&str> = spec
        .components
        .iter()
        .map(|c| c.indicator.as_str())
        .filter(|i| {
            // Not a column and not a plain name: a formula (a plain unknown name is reported
            // as an unknown indicator).
            t.indicator_index(i).is_none() && i.contains(['(', '+', '-', '*', '/', '×', '÷', ' '])
        })
        .collect();
    if formulas.is_empty() {
        return Ok(std::borrow::Cow::Borrowed(t));
    }
    let mut owned = t.clone();
    for f in formulas {
        if owned.indicator_index(f).is_some() {
            continue;
        }
        let d = atlas_data::model::DerivedIndicator {
            id: f.to_owned(),
            formula: f.to_owned(),
            label: Default::default(),
            unit: Default::default(),
            role: Default::default(),
            decimals: None,
        };
        atlas_data::formula::eval::add_derived(&mut owned, &d).map_err(|e| {
            IndexError::BadFormula {
                id: spec.id.clone(),
                formula: f.to_owned(),
                error: e,
            }
        })?;
    }
    Ok(std::borrow::Cow::Owned(owned))
}

/// One year of the index on a table that has every component as a column.
fn compute_on(
    t: &IndicatorTable,
    spec: &IndexSpec,
    year: YearIdx,
) -> Result<IndexYear, IndexError> {
    let (comps, pop) = columns(t, spec)?;
    let mut included = Vec::new();
    let mut excluded = Vec::new();
    for k in (0..t.keys.len()).filter(|&k| t.has_row(year, k)) {
        match exclusion(t, spec, &comps, pop, year, k) {
            Some(reason) => excluded.push(Excluded { key: k, reason }),
            None => included.push(k),
        }
    }
    let n = included.len();
    if n < 2 {
        return Err(IndexError::TooFew {
            id: spec.id.clone(),
            year: t.year_at(year),
            n,
        });
    }
    let weights: Option<Vec<f64>> = (spec.standardise == Standardise::ZWeighted).then(|| {
        included
            .iter()
            .map(|&k| pop.and_then(|p| t.value(p, year, k)).unwrap_or(0.0))
            .collect()
    });
    // Per component, the included keys' standardised values.
    let mut z: Vec<Vec<f64>> = Vec::with_capacity(comps.len());
    for (&c, comp) in comps.iter().zip(&spec.components) {
        let column = t.year_slice(c, year);
        let xs: Vec<f64> = included.iter().map(|&k| column[k]).collect();
        if spec.standardise == Standardise::None {
            z.push(xs);
            continue;
        }
        let (mean, sd) = mean_sd(&xs, weights.as_deref());
        if sd.is_nan() || sd <= 0.0 {
            return Err(IndexError::NoSpread {
                id: spec.id.clone(),
                indicator: comp.indicator.clone(),
                year: t.year_at(year),
            });
        }
        z.push(xs.iter().map(|x| (x - mean) / sd).collect());
    }
    let sums: Vec<f64> = (0..n)
        .map(|i| {
            spec.components
                .iter()
                .zip(&z)
                .map(|(c, z)| c.weight * z[i])
                .sum()
        })
        .collect();
    let sd_sum = match spec.rescale {
        Rescale::None => 1.0,
        Rescale::Z => {
            let (_, sd) = mean_sd(&sums, weights.as_deref());
            if sd.is_nan() || sd <= 0.0 {
                return Err(IndexError::NoSpread {
                    id: spec.id.clone(),
                    indicator: spec.id.clone(),
                    year: t.year_at(year),
                });
            }
            sd
        }
    };
    let indices: Vec<f64> = sums.iter().map(|s| s / sd_sum).collect();
    let mut sorted = indices.clone();
    sorted.sort_unstable_by(|a, b| b.total_cmp(a));
    let mut keys: Vec<Option<KeyIndex>> = vec![None; t.keys.len()];
    let nc = comps.len();
    let mut zs = vec![f64::NAN; t.keys.len() * nc];
    let mut counts = vec![0; spec.classes.len()];
    // A scheme cuts this year's indices as the map cuts an indicator (mapclassify).
    let breaks = match spec.classify_scheme() {
        Some(s) => {
            let mut asc = sorted.clone();
            asc.reverse();
            crate::classify::compute_breaks(&asc, &s).unwrap_or_default()
        }
        None => Vec::new(),
    };
    let class_of = |v: f64| {
        if breaks.is_empty() {
            spec.class_of(v)
        } else {
            crate::classify::class_index(&breaks, v).min(spec.classes.len() - 1)
        }
    };
    for (i, &k) in included.iter().enumerate() {
        let class = class_of(indices[i]);
        counts[class] += 1;
        for (c, z) in z.iter().enumerate() {
            zs[k * nc + c] = z[i];
        }
        keys[k] = Some(KeyIndex {
            sum: sums[i],
            index: indices[i],
            class,
            rank: 1 + sorted.partition_point(|v| *v > indices[i]),
        });
    }
    Ok(IndexYear {
        year,
        n,
        sd_sum,
        keys,
        z: zs,
        components: nc,
        excluded,
        counts,
        breaks,
    })
}

/// The index in every year of the table, the years spread over the cores.
pub fn compute_all(t: &IndicatorTable, spec: &IndexSpec) -> Vec<Result<IndexYear, IndexError>> {
    let years: Vec<YearIdx> = t.years_enumerated().map(|(y, _)| y).collect();
    // The formulas once for all years.
    let t = match spec.check().and_then(|()| with_formulas(t, spec)) {
        Ok(t) => t,
        Err(e) => return years.iter().map(|_| Err(e.clone())).collect(),
    };
    atlas_data::parallel::map(&years, |&y| compute_on(&t, spec, y))
}

/// The status × dynamics matrix class of a key: "medium/negative" (the classes' ids).
pub fn matrix_class(a: &IndexSpec, class_a: usize, b: &IndexSpec, class_b: usize) -> String {
    let id = |s: &IndexSpec, c: usize| s.classes.get(c).map_or("", |c| c.id.as_str()).to_owned();
    format!("{}/{}", id(a, class_a), id(b, class_b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_and_unweighted_moments() {
        let (m, sd) = mean_sd(&[1.0, 2.0, 3.0, 4.0], None);
        assert_eq!(m, 2.5);
        // Population SD (ddof 0), as MSS and numpy's default.
        assert!((sd - 1.118_033_988_749_895).abs() < 1e-12);
        let (m, _) = mean_sd(&[1.0, 3.0], Some(&[3.0, 1.0]));
        assert_eq!(m, 1.5);
    }
}
