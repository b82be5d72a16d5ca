//! Mean ± standard deviation (mapclassify `StdMean`): cuts at mean + {−2, −1, +1, +2} sample
//! standard deviations; the maximum is appended when it lies above the last cut.

use super::stats::{mean, sample_std};

pub fn breaks(sorted: &[f64]) -> Vec<f64> {
    let (m, s) = (mean(sorted), sample_std(sorted));
    let mut cuts: Vec<f64> = [-2.0, -1.0, 1.0, 2.0].iter().map(|w| m + s * w).collect();
    let max = sorted[sorted.len() - 1];
    if cuts[3] < max {
        cuts.push(max);
    }
    cuts
}
