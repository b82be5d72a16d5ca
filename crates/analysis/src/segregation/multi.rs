//! Multigroup segregation indices of one year from counts of groups that partition the
//! population (`counts[k][i]`: group k in unit i), as PySAL's `MultiDissim`, `MultiGini` and
//! `MultiInfoTheory` compute them, and the local indices per unit (each group's location
//! quotient, the local entropy). A unit with no population has shares 0 (PySAL's
//! `nan_to_num`) and adds nothing.

use super::single::weighted_abs_pairs;

/// Per unit its population, per group the city's share Pₖ, and T.
fn totals(counts: &[Vec<f64>]) -> (Vec<f64>, Vec<f64>, f64) {
    let n = counts.first().map_or(0, Vec::len);
    let ti: Vec<f64> = (0..n).map(|i| counts.iter().map(|g| g[i]).sum()).collect();
    let tt: f64 = ti.iter().sum();
    let pk = counts.iter().map(|g| g.iter().sum::<f64>() / tt).collect();
    (ti, pk, tt)
}

/// Unit shares of group `g`, 0 without population.
fn shares(g: &[f64], ti: &[f64]) -> Vec<f64> {
    g.iter()
        .zip(ti)
        .map(|(x, t)| if *t == 0.0 { 0.0 } else { x / t })
        .collect()
}

/// Multigroup dissimilarity: Σᵢ Σₖ tᵢ |pᵢₖ − Pₖ| / (2 T I), I = Σₖ Pₖ (1 − Pₖ).
pub fn multi_dissimilarity(counts: &[Vec<f64>]) -> f64 {
    let (ti, pk, tt) = totals(counts);
    let is: f64 = pk.iter().map(|p| p * (1.0 - p)).sum();
    let sum: f64 = counts
        .iter()
        .zip(&pk)
        .map(|(g, p)| {
            shares(g, &ti)
                .iter()
                .zip(&ti)
                .map(|(pi, t)| t * (pi - p).abs())
                .sum::<f64>()
        })
        .sum();
    sum / (2.0 * tt * is)
}

/// Multigroup Gini: Σₖ Σᵢ Σⱼ tᵢ tⱼ |pᵢₖ − pⱼₖ| / (2 T² I).
pub fn multi_gini(counts: &[Vec<f64>]) -> f64 {
    let (ti, pk, tt) = totals(counts);
    let is: f64 = pk.iter().map(|p| p * (1.0 - p)).sum();
    let sum: f64 = counts
        .iter()
        .map(|g| weighted_abs_pairs(&shares(g, &ti), &ti))
        .sum();
    sum / (2.0 * tt * tt * is)
}

/// Multigroup information theory index: Σᵢ Σₖ tᵢ pᵢₖ ln(pᵢₖ / Pₖ) / (T E), E = Σₖ Pₖ ln(1/Pₖ);
/// terms with pᵢₖ = 0 or tᵢ = 0 skipped (PySAL's `nansum`).
pub fn multi_information_theory(counts: &[Vec<f64>]) -> f64 {
    let (ti, pk, tt) = totals(counts);
    let e: f64 = pk
        .iter()
        .filter(|p| **p > 0.0)
        .map(|p| p * (1.0 / p).ln())
        .sum();
    let mut sum = 0.0;
    for (g, p) in counts.iter().zip(&pk) {
        for (x, t) in g.iter().zip(&ti) {
            if *t > 0.0 && *x > 0.0 {
                let pi = x / t;
                sum += t * pi * (pi / p).ln();
            }
        }
    }
    sum / (tt * e)
}

/// Per group and unit the location quotient (pᵢₖ / Pₖ), `None` without population.
pub fn location_quotients(counts: &[Vec<f64>]) -> Vec<Vec<Option<f64>>> {
    let (ti, pk, _) = totals(counts);
    counts
        .iter()
        .zip(&pk)
        .map(|(g, p)| {
            g.iter()
                .zip(&ti)
                .map(|(x, t)| (*t != 0.0).then(|| (x / t) / p))
                .collect()
        })
        .collect()
}

/// Per unit the local entropy −Σₖ pᵢₖ ln pᵢₖ / ln K (0 for a unit without population, as
/// PySAL's `nansum` of nothing).
pub fn local_entropy(counts: &[Vec<f64>]) -> Vec<f64> {
    let (ti, _, _) = totals(counts);
    let lnk = (counts.len() as f64).ln();
    (0..ti.len())
        .map(|i| {
            if ti[i] == 0.0 {
                return 0.0;
            }
            -counts
                .iter()
                .map(|g| g[i] / ti[i])
                .filter(|p| *p > 0.0)
                .map(|p| p * p.ln() / lnk)
                .sum::<f64>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_groups_give_the_single_group_indices() {
        let x = vec![10.0, 40.0, 5.0, 0.0, 25.0];
        let t = [50.0, 60.0, 30.0, 0.0, 40.0];
        let y: Vec<f64> = x.iter().zip(&t).map(|(x, t)| t - x).collect();
        let counts = vec![x.clone(), y];
        // With two groups, I = 2P(1 − P) and Σₖ|pᵢₖ − Pₖ| = 2|pᵢ − P|: the same D and Gini.
        let d = super::super::single::dissimilarity(&x, &t);
        assert!((multi_dissimilarity(&counts) - d).abs() < 1e-12);
        let g = super::super::single::gini(&x, &t);
        assert!((multi_gini(&counts) - g).abs() < 1e-12);
        let h = super::super::single::entropy(&x, &t);
        assert!((multi_information_theory(&counts) - h).abs() < 1e-12);
        assert_eq!(local_entropy(&counts)[3], 0.0);
    }
}
