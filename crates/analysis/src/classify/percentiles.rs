//! Percentiles (mapclassify `Percentiles` with its default 1, 10, 50, 90, 99, 100). Repeated
//! breaks are kept, as mapclassify keeps them: the later class is then empty.

use super::ordered::Ordered;
use super::stats::percentile_of;

pub const PERCENTILES: [f64; 6] = [1.0, 10.0, 50.0, 90.0, 99.0, 100.0];

pub fn breaks<O: Ordered + ?Sized>(sorted: &O) -> Vec<f64> {
    PERCENTILES
        .iter()
        .map(|&p| percentile_of(sorted, p))
        .collect()
}
