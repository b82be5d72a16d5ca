//! Order statistics shared by the schemes.

use super::ordered::Ordered;

/// The `p`-th percentile (0–100) of ascending `sorted` by linear interpolation (Hyndman & Fan
/// type 7), computed as scipy's `scoreatpercentile` does so that results match mapclassify to
/// the last bit.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    percentile_of(sorted, p)
}

/// [`percentile`] of values read by position (a slice, or sorted runs read as their merge).
pub fn percentile_of<O: Ordered + ?Sized>(sorted: &O, p: f64) -> f64 {
    let n = sorted.count();
    if n == 0 {
        return f64::NAN;
    }
    let idx = p / 100.0 * (n - 1) as f64;
    let i = idx.floor() as usize;
    if idx == i as f64 || i + 1 >= n {
        return sorted.at(i.min(n - 1));
    }
    let j = i + 1;
    let (w0, w1) = (j as f64 - idx, idx - i as f64);
    (sorted.at(i) * w0 + sorted.at(j) * w1) / (w0 + w1)
}

/// `numpy.arange(start, stop, step)` for floats, value for value: length
/// `ceil((stop - start) / step)`, values `start + i * ((start + step) - start)`.
pub fn arange(start: f64, stop: f64, step: f64) -> Vec<f64> {
    let len = ((stop - start) / step).ceil();
    if !(len.is_finite() && len > 0.0) {
        return Vec::new();
    }
    let delta = (start + step) - start;
    (0..len as usize)
        .map(|i| start + i as f64 * delta)
        .collect()
}

/// Arithmetic mean.
pub fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Sample standard deviation (ddof = 1); 0 for fewer than two values.
pub fn sample_std(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = mean(v);
    (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
}
