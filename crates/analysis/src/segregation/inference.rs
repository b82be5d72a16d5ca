//! Inference for the segregation indices, as PySAL's `segregation.inference`: each index
//! against the evenness null (`SingleValueTest(null_approach="evenness")`: every unit keeps
//! its population and draws its group members binomially — several groups multinomially —
//! from the city's shares), and the change between two years under random labelling
//! (`TwoValueTest(null_approach="random_label")`: the units of both years pooled, their year
//! labels shuffled). P-values are PySAL's two-tailed ones, 2 · min(#above, #below) / N.
//! Seeded: a seed gives the same p-values on any machine and thread count (each iteration
//! draws from its own stream); the iterations are spread over the cores.

use super::spatial::UnitWeights;
use super::{comparable, indices};
use crate::spatial::rng::Rng;

/// One index tested against the evenness null.
#[derive(Debug, Clone, PartialEq)]
pub struct NullTest {
    pub index: &'static str,
    pub p_value: f64,
    /// The mean of the index over the simulated even cities.
    pub null_mean: f64,
}

/// PySAL's two-tailed p-value of `observed` among `simulated` (NaN draws dropped).
pub fn two_tailed(observed: f64, simulated: &[f64]) -> f64 {
    let finite: Vec<f64> = simulated
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let above = finite.iter().filter(|v| observed < **v).count();
    let below = finite.iter().filter(|v| observed > **v).count();
    2.0 * above.min(below) as f64 / finite.len() as f64
}

/// Draws group counts for one even city: binomial (single group: `[x, t]`) or multinomial.
fn even_counts(counts: &[Vec<f64>], multi: bool, rng: &mut Rng) -> Vec<Vec<f64>> {
    if !multi {
        let (x, t) = (&counts[0], &counts[1]);
        let p = x.iter().sum::<f64>() / t.iter().sum::<f64>();
        let sim = t
            .iter()
            .map(|t| rng.binomial(*t as u64, p) as f64)
            .collect();
        return vec![sim, t.clone()];
    }
    let n = counts[0].len();
    let total: f64 = counts.iter().map(|g| g.iter().sum::<f64>()).sum();
    let pk: Vec<f64> = counts
        .iter()
        .map(|g| g.iter().sum::<f64>() / total)
        .collect();
    let mut out = vec![vec![0.0; n]; counts.len()];
    for i in 0..n {
        let ti: f64 = counts.iter().map(|g| g[i]).sum();
        // Multinomial as numpy draws it: each group binomially from what is left.
        let (mut left, mut rest) = (ti as u64, 1.0);
        for (k, p) in pk.iter().enumerate() {
            if k + 1 == pk.len() {
                out[k][i] = left as f64;
                break;
            }
            let q = if rest > 0.0 {
                (p / rest).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let d = rng.binomial(left, q);
            out[k][i] = d as f64;
            left -= d;
            rest -= p;
        }
    }
    out
}

/// Every index of a year against the evenness null, `permutations` even cities.
pub fn evenness(
    counts: &[Vec<f64>],
    multi: bool,
    w: Option<&UnitWeights>,
    permutations: usize,
    seed: u64,
) -> Vec<NullTest> {
    let observed = indices(counts, multi, w);
    let iters: Vec<usize> = (0..permutations).collect();
    let sims: Vec<Vec<(&'static str, Option<f64>)>> = atlas_data::parallel::map(&iters, |&i| {
        let mut rng = Rng::for_item(seed, i);
        indices(&even_counts(counts, multi, &mut rng), multi, w)
    });
    observed
        .iter()
        .enumerate()
        .filter_map(|(k, (name, v))| {
            let v = (*v)?;
            let s: Vec<f64> = sims.iter().map(|s| s[k].1.unwrap_or(f64::NAN)).collect();
            let finite: Vec<f64> = s.iter().copied().filter(|v| v.is_finite()).collect();
            Some(NullTest {
                index: name,
                p_value: two_tailed(v, &s),
                null_mean: finite.iter().sum::<f64>() / finite.len() as f64,
            })
        })
        .collect()
}

/// The change of an index between two years.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub index: &'static str,
    /// The index in the first and the second year.
    pub values: [f64; 2],
    /// Second minus first.
    pub difference: f64,
    pub p_value: f64,
}

/// The change of every index random labelling can compare, from counts `a` (first year) to
/// `b` (second): the units of both pooled, `permutations` times split at random into two
/// sets of the same sizes, the difference of the index between them.
pub fn change(
    a: &[Vec<f64>],
    b: &[Vec<f64>],
    multi: bool,
    permutations: usize,
    seed: u64,
) -> Vec<Change> {
    let (va, vb) = (indices(a, multi, None), indices(b, multi, None));
    let na = a[0].len();
    // PySAL rounds the counts it pools.
    let pooled: Vec<Vec<f64>> = a
        .iter()
        .zip(b)
        .map(|(x, y)| x.iter().chain(y).map(|v| v.round()).collect())
        .collect();
    let iters: Vec<usize> = (0..permutations).collect();
    let sims: Vec<Vec<(&'static str, Option<f64>)>> = atlas_data::parallel::map(&iters, |&i| {
        let mut rng = Rng::for_item(seed, i);
        let mut order: Vec<usize> = (0..pooled[0].len()).collect();
        rng.shuffle(&mut order);
        let pick = |rows: &[usize]| -> Vec<Vec<f64>> {
            pooled
                .iter()
                .map(|g| rows.iter().map(|&r| g[r]).collect())
                .collect()
        };
        let (sa, sb) = (pick(&order[..na]), pick(&order[na..]));
        let (ia, ib) = (indices(&sa, multi, None), indices(&sb, multi, None));
        ia.iter()
            .zip(ib)
            .map(|((n, x), (_, y))| (*n, x.zip(y).map(|(x, y)| y - x)))
            .collect()
    });
    va.iter()
        .zip(&vb)
        .enumerate()
        .filter(|(_, ((n, _), _))| comparable(n))
        .filter_map(|(k, ((n, x), (_, y)))| {
            let (x, y) = ((*x)?, (*y)?);
            let s: Vec<f64> = sims.iter().map(|s| s[k].1.unwrap_or(f64::NAN)).collect();
            Some(Change {
                index: n,
                values: [x, y],
                difference: y - x,
                p_value: two_tailed(y - x, &s),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pysal_two_tailed_p_value() {
        // 3 of 10 above, 6 below, 1 equal: 2 · 3 / 10.
        let s = [1.0, 2.0, 3.0, 4.0, 5.0, 5.5, 6.0, 7.0, 8.0, 9.0];
        assert!((two_tailed(6.5, &s) - 0.6).abs() < 1e-12);
        assert_eq!(two_tailed(100.0, &s), 0.0);
    }

    #[test]
    fn an_even_city_draws_its_totals_and_the_group_share() {
        let counts = vec![vec![30.0, 20.0, 50.0], vec![100.0, 100.0, 100.0]];
        let mut rng = Rng::new(7);
        let sim = even_counts(&counts, false, &mut rng);
        assert_eq!(sim[1], counts[1]);
        assert!(sim[0].iter().zip(&sim[1]).all(|(x, t)| x <= t));
        let multi = vec![vec![10.0, 0.0], vec![5.0, 20.0], vec![0.0, 15.0]];
        let sim = even_counts(&multi, true, &mut rng);
        for i in 0..2 {
            let t: f64 = multi.iter().map(|g| g[i]).sum();
            assert_eq!(sim.iter().map(|g| g[i]).sum::<f64>(), t);
        }
    }
}
