//! Quantiles as mapclassify `Quantiles` computes them: percentiles
//! `numpy.arange(100/k, 100 + 100/k, 100/k)` (the last clipped at 100), each as
//! `scipy.stats.scoreatpercentile`, duplicates collapsed — so the breaks are the same to the
//! last bit and a value on a break falls in the same class; the effective k can be smaller.

use super::ordered::Ordered;
use super::stats::{arange, percentile_of};

pub fn breaks<O: Ordered + ?Sized>(sorted: &O, k: usize) -> Vec<f64> {
    let w = 100.0 / k as f64;
    let mut p = arange(w, 100.0 + w, w);
    if let Some(last) = p.last_mut() {
        *last = last.min(100.0);
    }
    let mut q: Vec<f64> = p
        .iter()
        .map(|&pct| percentile_of(sorted, pct.min(100.0)))
        .collect();
    q.sort_unstable_by(f64::total_cmp);
    q.dedup();
    q
}
