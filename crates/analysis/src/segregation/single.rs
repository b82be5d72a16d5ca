//! Single-group segregation indices of one year, as PySAL's `segregation` package (2.5)
//! computes them from a group count `x` and a total `t` per unit: Duncan's dissimilarity,
//! isolation (xPx), exposure/interaction (xPy), Theil's entropy index H and the Gini index,
//! and the location quotient per unit. A unit with no population has the group share 0 (as
//! PySAL's `np.where(t == 0, 0, x / t)`), and adds nothing where PySAL's `nansum` skips it.

/// The city's totals: X (group), T (total), P = X / T.
pub(crate) fn totals(x: &[f64], t: &[f64]) -> (f64, f64, f64) {
    let xs: f64 = x.iter().sum();
    let ts: f64 = t.iter().sum();
    (xs, ts, xs / ts)
}

/// Group shares per unit, 0 where a unit has no population.
pub(crate) fn shares(x: &[f64], t: &[f64]) -> Vec<f64> {
    x.iter()
        .zip(t)
        .map(|(x, t)| if *t == 0.0 { 0.0 } else { x / t })
        .collect()
}

/// Duncan's index of dissimilarity D = Σ tᵢ|pᵢ − P| / (2 T P (1 − P)).
pub fn dissimilarity(x: &[f64], t: &[f64]) -> f64 {
    let (_, tt, p) = totals(x, t);
    let sum: f64 = shares(x, t)
        .iter()
        .zip(t)
        .map(|(pi, ti)| ti * (pi - p).abs())
        .sum();
    sum / (2.0 * tt * p * (1.0 - p))
}

/// Isolation xPx = Σ (xᵢ / X)(xᵢ / tᵢ), units without population skipped.
pub fn isolation(x: &[f64], t: &[f64]) -> f64 {
    let (xs, _, _) = totals(x, t);
    x.iter()
        .zip(t)
        .filter(|(_, t)| **t != 0.0)
        .map(|(x, t)| (x / xs) * (x / t))
        .sum()
}

/// Exposure (PySAL's `Interaction`) xPy = Σ (xᵢ / X)((tᵢ − xᵢ) / tᵢ).
pub fn exposure(x: &[f64], t: &[f64]) -> f64 {
    let (xs, _, _) = totals(x, t);
    x.iter()
        .zip(t)
        .filter(|(_, t)| **t != 0.0)
        .map(|(x, t)| (x / xs) * ((t - x) / t))
        .sum()
}

/// The binary entropy p ln(1/p) + (1 − p) ln(1/(1 − p)), 0 at p = 0 and p = 1 (PySAL's
/// `nan_to_num` of 0 · ∞).
fn binary_entropy(p: f64) -> f64 {
    if p <= 0.0 || p >= 1.0 {
        return 0.0;
    }
    p * (1.0 / p).ln() + (1.0 - p) * (1.0 / (1.0 - p)).ln()
}

/// Theil's entropy index H = Σ tᵢ (E − Eᵢ) / (E T).
pub fn entropy(x: &[f64], t: &[f64]) -> f64 {
    let (_, tt, p) = totals(x, t);
    let e = binary_entropy(p);
    shares(x, t)
        .iter()
        .zip(t)
        .map(|(pi, ti)| ti * (e - binary_entropy(*pi)) / (e * tt))
        .sum()
}

/// Σᵢ Σⱼ tᵢ tⱼ |pᵢ − pⱼ| over all ordered pairs, in O(n log n): sorted by p, each unit's
/// difference to those below it from prefix sums (PySAL loops over all pairs).
pub(crate) fn weighted_abs_pairs(p: &[f64], t: &[f64]) -> f64 {
    let mut order: Vec<usize> = (0..p.len()).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let (mut w, mut wp, mut sum) = (0.0, 0.0, 0.0);
    for &i in &order {
        // tᵢ Σ_{j below} tⱼ (pᵢ − pⱼ)
        sum += t[i] * (p[i] * w - wp);
        w += t[i];
        wp += t[i] * p[i];
    }
    2.0 * sum
}

/// The Gini index G = Σᵢ Σⱼ tᵢ tⱼ |pᵢ − pⱼ| / (2 T² P (1 − P)).
pub fn gini(x: &[f64], t: &[f64]) -> f64 {
    let (_, tt, p) = totals(x, t);
    weighted_abs_pairs(&shares(x, t), t) / (2.0 * tt * tt * p * (1.0 - p))
}

/// The location quotient per unit: its group share over the city's, `None` without
/// population.
pub fn location_quotients(x: &[f64], t: &[f64]) -> Vec<Option<f64>> {
    let (_, _, p) = totals(x, t);
    x.iter()
        .zip(t)
        .map(|(x, t)| (*t != 0.0).then(|| (x / t) / p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_gini_sum_equals_the_pairwise_one() {
        let p = [0.1, 0.5, 0.3, 0.3, 0.9, 0.0];
        let t = [10.0, 3.0, 7.0, 1.0, 4.0, 0.0];
        let mut slow = 0.0;
        for i in 0..p.len() {
            for j in 0..p.len() {
                slow += t[i] * t[j] * f64::abs(p[i] - p[j]);
            }
        }
        assert!((weighted_abs_pairs(&p, &t) - slow).abs() < 1e-12);
    }

    #[test]
    fn even_and_complete_segregation_are_0_and_1() {
        let t = [100.0, 100.0, 100.0, 100.0];
        let even = [20.0, 20.0, 20.0, 20.0];
        assert!(dissimilarity(&even, &t).abs() < 1e-12);
        assert!(gini(&even, &t).abs() < 1e-12);
        assert!(entropy(&even, &t).abs() < 1e-12);
        let apart = [100.0, 0.0, 0.0, 0.0];
        assert!((dissimilarity(&apart, &t) - 1.0).abs() < 1e-12);
        assert!((gini(&apart, &t) - 1.0).abs() < 1e-12);
        assert!((entropy(&apart, &t) - 1.0).abs() < 1e-12);
        assert!((isolation(&apart, &t) - 1.0).abs() < 1e-12);
        assert!(exposure(&apart, &t).abs() < 1e-12);
    }
}
