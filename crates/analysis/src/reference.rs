//! City reference values: what a district's value is compared with. A ratio of sums where the
//! metadata names a denominator (foreign share = Σ foreigners / Σ inhabitants, computed as the
//! denominator-weighted mean of the shares), else a population-weighted mean for rates when the
//! table has a population indicator, else the plain mean over districts. Counts (population,
//! arrivals, …) always use the plain mean per district: weighting a count by population means
//! nothing. The result says which method it used.

use atlas_data::model::YearIdx;
use atlas_data::model::{IndicatorTable, Measure, Role};
use serde::Serialize;

/// How a reference value was computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum ReferenceMethod {
    /// Σ(value × denominator) / Σ denominator — the ratio of sums when value = part / whole.
    RatioOfSums { denominator: String },
    /// Mean weighted by the population indicator.
    PopulationWeighted { population: String },
    /// Unweighted mean over districts.
    Mean,
}

/// A city reference value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityReference {
    pub value: Option<f64>,
    #[serde(flatten)]
    pub method: ReferenceMethod,
    /// Districts that entered the value (those with a value and, if weighted, a weight).
    pub districts: usize,
}

/// The reference for `indicator` in `year` (indices) over the table keys in `keys` (the keys
/// that have a district, each once).
pub fn city_reference(
    table: &IndicatorTable,
    indicator: usize,
    year: YearIdx,
    keys: &[usize],
) -> CityReference {
    let meta = &table.indicators[indicator].meta;
    let weight_by = if let Some(d) = meta
        .denominator
        .as_deref()
        .and_then(|d| table.indicator_index(d))
    {
        Some((
            d,
            ReferenceMethod::RatioOfSums {
                denominator: table.indicators[d].id.clone(),
            },
        ))
    } else if meta.measure == Measure::Rate
        && let Some(p) = table
            .indicator_with_role(Role::Population)
            .filter(|&p| p != indicator)
    {
        Some((
            p,
            ReferenceMethod::PopulationWeighted {
                population: table.indicators[p].id.clone(),
            },
        ))
    } else {
        None
    };
    match weight_by {
        Some((w, method)) => {
            let (mut sum, mut wsum, mut n) = (0.0, 0.0, 0usize);
            for &k in keys {
                if let (Some(v), Some(wt)) =
                    (table.value(indicator, year, k), table.value(w, year, k))
                    && wt > 0.0
                {
                    sum += v * wt;
                    wsum += wt;
                    n += 1;
                }
            }
            CityReference {
                value: (wsum > 0.0).then(|| sum / wsum),
                method,
                districts: n,
            }
        }
        None => {
            let vals: Vec<f64> = keys
                .iter()
                .filter_map(|&k| table.value(indicator, year, k))
                .collect();
            let value = (!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64);
            CityReference {
                value,
                method: ReferenceMethod::Mean,
                districts: vals.len(),
            }
        }
    }
}
