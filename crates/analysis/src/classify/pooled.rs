//! Classifying an indicator over several years: one set of breaks pooled over all years
//! (mapclassify `Pooled`: classify the stacked values, apply those breaks to each year) so
//! maps of different years compare, or breaks computed per year.

use super::{Classification, ClassifyError, Scheme, compute_breaks, sorted_finite, with_breaks};
use serde::{Deserialize, Serialize};

/// Whether breaks are shared by all years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakMode {
    /// One set of breaks over all years (the default: colours mean the same in every year).
    #[default]
    Pooled,
    PerYear,
}

/// Classifications of one indicator, one per year, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct YearClasses {
    pub mode: BreakMode,
    pub per_year: Vec<Classification>,
}

/// Classifies each year's values (`None` = missing) with `scheme`.
pub fn classify_years(
    years: &[Vec<Option<f64>>],
    scheme: &Scheme,
    mode: BreakMode,
) -> Result<YearClasses, ClassifyError> {
    let sorted: Vec<(Vec<f64>, usize)> = years
        .iter()
        .map(|y| sorted_finite(y.iter().copied()))
        .collect();
    let per_year = match mode {
        BreakMode::PerYear => sorted
            .iter()
            .map(|(s, nd)| Ok(with_breaks(scheme, compute_breaks(s, scheme)?, s, *nd)))
            .collect::<Result<Vec<_>, ClassifyError>>()?,
        BreakMode::Pooled => {
            let mut all: Vec<f64> = sorted.iter().flat_map(|(s, _)| s.iter().copied()).collect();
            all.sort_unstable_by(f64::total_cmp);
            let breaks = compute_breaks(&all, scheme)?;
            sorted
                .iter()
                .map(|(s, nd)| with_breaks(scheme, breaks.clone(), s, *nd))
                .collect()
        }
    };
    Ok(YearClasses { mode, per_year })
}
