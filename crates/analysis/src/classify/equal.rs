//! Equal interval: k classes of equal width between minimum and maximum, computed as
//! mapclassify `EqualInterval` does (`numpy.arange(min + w, max + w, w)`, cut to k, the last
//! break the maximum exactly), so that a value on a break falls in the same class. With fewer
//! distinct values than classes the classes stay equal-width; some are empty.

use super::stats::arange;

pub fn breaks(min: f64, max: f64, k: usize) -> Vec<f64> {
    let width = (max - min) / k as f64;
    let mut b = arange(min + width, max + width, width);
    b.truncate(k);
    if let Some(last) = b.last_mut() {
        *last = max;
    }
    b
}
