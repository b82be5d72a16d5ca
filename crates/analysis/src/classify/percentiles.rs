//! Percentiles (mapclassify `Percentiles` with its default 1, 10, 50, 90, 99, 100). Repeated
//! breaks are kept, as mapclassify keeps them: the later class is then empty.

use super::stats::percentile;

pub const PERCENTILES: [f64; 6] = [1.0, 10.0, 50.0, 90.0, 99.0, 100.0];

pub fn breaks(sorted: &[f64]) -> Vec<f64> {
    PERCENTILES.iter().map(|&p| percentile(sorted, p)).collect()
}
