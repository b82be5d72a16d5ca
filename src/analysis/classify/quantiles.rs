//! Quantiles: breaks at the i/k percentiles, type-7 interpolation, duplicates collapsed
//! (mapclassify `Quantiles`), so the effective k can be smaller than requested.

use super::stats::percentile;

pub fn breaks(sorted: &[f64], k: usize) -> Vec<f64> {
    let mut q: Vec<f64> = (1..=k)
        .map(|i| percentile(sorted, (100.0 * i as f64 / k as f64).min(100.0)))
        .collect();
    q.sort_unstable_by(f64::total_cmp);
    q.dedup();
    q
}
