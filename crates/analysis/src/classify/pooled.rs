//! Classifying an indicator over several years: one set of breaks pooled over all years
//! (mapclassify `Pooled`: classify the stacked values, apply those breaks to each year) so
//! maps of different years compare, or breaks computed per year.

use super::ordered::Runs;
use super::{
    Classification, ClassifyError, Scheme, breaks_of, compute_breaks, sorted_finite, with_breaks,
};
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

/// From this many values (all years together) the years are sorted side by side.
pub const PARALLEL_FROM: usize = 100_000;

/// Classifies each year's values (`None` = missing) with `scheme`.
pub fn classify_years(
    years: &[Vec<Option<f64>>],
    scheme: &Scheme,
    mode: BreakMode,
) -> Result<YearClasses, ClassifyError> {
    let sort = |y: &Vec<Option<f64>>| sorted_finite(y.iter().copied());
    // Large maps sort their years on all cores (100 000 districts × 20 years).
    let values: usize = years.iter().map(Vec::len).sum();
    let sorted: Vec<(Vec<f64>, usize)> = if values >= PARALLEL_FROM {
        atlas_data::parallel::map(years, sort)
    } else {
        years.iter().map(sort).collect()
    };
    classify_sorted(&sorted, scheme, mode)
}

/// [`classify_years`] of each year's finite values sorted ascending (as `sorted_finite` gives
/// them) and its count of missing ones.
pub fn classify_sorted(
    sorted: &[(Vec<f64>, usize)],
    scheme: &Scheme,
    mode: BreakMode,
) -> Result<YearClasses, ClassifyError> {
    let per_year = match mode {
        BreakMode::PerYear => sorted
            .iter()
            .map(|(s, nd)| Ok(with_breaks(scheme, compute_breaks(s, scheme)?, s, *nd)))
            .collect::<Result<Vec<_>, ClassifyError>>()?,
        BreakMode::Pooled => {
            // The years are sorted runs, read as their merge (merged only for the schemes that
            // need every value).
            let breaks = breaks_of(&Runs::new(sorted.iter().map(|(s, _)| s.as_slice())), scheme)?;
            sorted
                .iter()
                .map(|(s, nd)| with_breaks(scheme, breaks.clone(), s, *nd))
                .collect()
        }
    };
    Ok(YearClasses { mode, per_year })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_maps_classify_as_small_ones() {
        // Six years of 20 000 districts (past PARALLEL_FROM): ties, gaps and negative zero.
        let years: Vec<Vec<Option<f64>>> = (0..6u64)
            .map(|y| {
                (0..20_000u64)
                    .map(|i| {
                        let h = (i * 7 + y * 13).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40;
                        match h % 50 {
                            0 => None,
                            1 => Some(-0.0),
                            _ => Some((h % 997) as f64 / 7.0 + y as f64),
                        }
                    })
                    .collect()
            })
            .collect();
        // A year's values sorted (a radix sort) are those sorted by `total_cmp`, to the bit.
        for y in &years {
            let (s, nd) = sorted_finite(y.iter().copied());
            let mut by_cmp: Vec<f64> = y.iter().flatten().copied().collect();
            by_cmp.sort_by(f64::total_cmp);
            assert_eq!(nd, y.iter().filter(|v| v.is_none()).count());
            assert!(
                s.iter()
                    .map(|v| v.to_bits())
                    .eq(by_cmp.iter().map(|v| v.to_bits()))
            );
        }
        let scheme = Scheme::Quantiles { k: 7 };
        // The stacked values sorted at once.
        let mut all: Vec<f64> = years.iter().flatten().flatten().copied().collect();
        all.sort_unstable_by(f64::total_cmp);
        // Every scheme: those of order statistics read the years unmerged, the others merge.
        for scheme in [
            scheme.clone(),
            Scheme::Percentiles,
            Scheme::BoxMap { hinge: 1.5 },
            Scheme::EqualInterval { k: 6 },
            Scheme::StdMean,
            Scheme::HeadTail,
            Scheme::NaturalBreaks { k: 4 },
            Scheme::Manual {
                breaks: vec![30.0, 90.0],
            },
        ] {
            let got = classify_years(&years, &scheme, BreakMode::Pooled).unwrap();
            // The same by hand, one year after the other.
            let breaks = compute_breaks(&all, &scheme).unwrap();
            assert!(breaks.len() > 2, "{scheme:?}");
            for (y, c) in years.iter().zip(&got.per_year) {
                let (s, nd) = sorted_finite(y.iter().copied());
                assert_eq!(
                    *c,
                    with_breaks(&scheme, breaks.clone(), &s, nd),
                    "{scheme:?}"
                );
            }
        }
        let per_year = classify_years(&years, &scheme, BreakMode::PerYear).unwrap();
        for (y, c) in years.iter().zip(&per_year.per_year) {
            let (s, nd) = sorted_finite(y.iter().copied());
            let b = compute_breaks(&s, &scheme).unwrap();
            assert_eq!(*c, with_breaks(&scheme, b, &s, nd));
        }
    }
}
