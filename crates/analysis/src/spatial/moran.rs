//! Global Moran's I of one indicator in one year, with PySAL's `esda.Moran` formulas: I,
//! E[I] = −1/(n−1), the variance, z and two-sided p under normality and under randomisation,
//! and a permutation pseudo p-value. Districts without a value are left out (the weights are
//! restricted to the others and row standardised again).

use super::rng::Rng;
use super::weights::RowStandardised;

/// The global statistic (field names as esda's and as `spatial --json` prints them).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[allow(non_snake_case)]
pub struct Moran {
    pub I: f64,
    pub EI: f64,
    pub VI_norm: f64,
    pub z_norm: f64,
    pub p_norm: f64,
    pub VI_rand: f64,
    pub z_rand: f64,
    pub p_rand: f64,
    /// Pseudo p-value from permutations (None without permutations).
    pub p_sim: Option<f64>,
}

/// Permutation chunks of the global test (a fixed number, so the result does not depend on
/// the cores).
const CHUNKS: usize = 16;

/// Two-sided p-value of a standard normal z: 2 · P(Z > |z|).
pub fn two_sided_p(z: f64) -> f64 {
    libm::erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// I of `z` (deviations from the mean) under `w`.
fn statistic(w: &RowStandardised, z: &[f64], s0: f64, zz: f64) -> f64 {
    // Σ zᵢ · lagᵢ with each lag summed as `RowStandardised::lag` sums it (the I reported;
    // the permutations use [`Pairs`]).
    let zl: f64 = z
        .iter()
        .enumerate()
        .map(|(i, a)| a * w.row(i).map(|(j, v)| v * z[j]).sum::<f64>())
        .sum();
    z.len() as f64 / s0 * zl / zz
}

/// The weights folded for the permutations' statistic: Σᵢⱼ wᵢⱼ zᵢ zⱼ is the sum over
/// unordered pairs {i, j} of (wᵢⱼ + wⱼᵢ) zᵢ zⱼ (plus wᵢᵢ zᵢ² for a self-link) — half the
/// products of the rows for symmetric weights, and no sum per row.
struct Pairs {
    ends: Vec<[u32; 2]>,
    weight: Vec<f64>,
}

impl Pairs {
    fn of(w: &RowStandardised) -> Pairs {
        let mut p = Pairs {
            ends: Vec::new(),
            weight: Vec::new(),
        };
        for i in 0..w.n() {
            for (j, wij) in w.row(i) {
                let back = w.weight(j, i);
                // Each pair once: from its lower end, or from the only end that links it.
                let (c, keep) = match j.cmp(&i) {
                    std::cmp::Ordering::Greater => (wij + back, true),
                    std::cmp::Ordering::Less => (wij, back == 0.0),
                    std::cmp::Ordering::Equal => (wij, true),
                };
                if keep {
                    p.ends.push([i as u32, j as u32]);
                    p.weight.push(c);
                }
            }
        }
        p
    }

    /// I of `z` as [`statistic`] computes it, up to rounding in the last bits.
    fn statistic(&self, z: &[f64], s0: f64, zz: f64) -> f64 {
        // Four sums side by side: the additions do not wait for each other.
        let mut acc = [0.0f64; 4];
        let mut ends = self.ends.chunks_exact(4);
        let mut weights = self.weight.chunks_exact(4);
        for (e, c) in (&mut ends).zip(&mut weights) {
            for k in 0..4 {
                acc[k] += c[k] * z[e[k][0] as usize] * z[e[k][1] as usize];
            }
        }
        for (e, c) in ends.remainder().iter().zip(weights.remainder()) {
            acc[0] += c * z[e[0] as usize] * z[e[1] as usize];
        }
        let zl = (acc[0] + acc[1]) + (acc[2] + acc[3]);
        z.len() as f64 / s0 * zl / zz
    }
}

/// Moran's I of `y` (one value per row of `w`), with `permutations` random relabellings.
pub fn moran(w: &RowStandardised, y: &[f64], permutations: usize, seed: u64) -> Option<Moran> {
    let n = y.len();
    if n < 4 || w.n() != n {
        return None;
    }
    let nf = n as f64;
    let mean = y.iter().sum::<f64>() / nf;
    let z: Vec<f64> = y.iter().map(|v| v - mean).collect();
    let zz: f64 = z.iter().map(|v| v * v).sum();
    let (s0, s1, s2) = w.s012();
    if zz == 0.0 || s0 == 0.0 {
        return None;
    }
    let i = statistic(w, &z, s0, zz);
    let ei = -1.0 / (nf - 1.0);
    let s02 = s0 * s0;
    let v_num = nf * nf * s1 - nf * s2 + 3.0 * s02;
    let v_den = (nf - 1.0) * (nf + 1.0) * s02;
    let vi_norm = v_num / v_den - ei * ei;
    let z_norm = (i - ei) / vi_norm.sqrt();
    // Kurtosis of the values, as esda computes it.
    let m2 = zz / nf;
    let m4 = z.iter().map(|v| v.powi(4)).sum::<f64>() / nf;
    let k = m4 / (m2 * m2);
    let a = nf * ((nf * nf - 3.0 * nf + 3.0) * s1 - nf * s2 + 3.0 * s02);
    let b = k * ((nf * nf - nf) * s1 - 2.0 * nf * s2 + 6.0 * s02);
    let vi_rand = (a - b) / ((nf - 1.0) * (nf - 2.0) * (nf - 3.0) * s02) - ei * ei;
    let z_rand = (i - ei) / vi_rand.sqrt();
    let p_sim = (permutations > 0).then(|| {
        let pairs = Pairs::of(w);
        // The observed I again as the permutations compute theirs, so that an arrangement
        // equal to the observed one compares as equal.
        let i = pairs.statistic(&z, s0, zz);
        // In a fixed number of chunks, each from its own stream of the seed: the same count on
        // any number of cores.
        let chunks: Vec<usize> = (0..CHUNKS).collect();
        let counts = atlas_data::parallel::map(&chunks, |&c| {
            let runs = permutations / CHUNKS + usize::from(c < permutations % CHUNKS);
            let mut rng = Rng::for_item(seed, c);
            let mut perm = z.clone();
            let mut larger = 0usize;
            for _ in 0..runs {
                rng.shuffle(&mut perm);
                if pairs.statistic(&perm, s0, zz) >= i {
                    larger += 1;
                }
            }
            larger
        });
        let mut larger: usize = counts.iter().sum();
        // esda folds to the nearer tail.
        if permutations - larger < larger {
            larger = permutations - larger;
        }
        (larger + 1) as f64 / (permutations + 1) as f64
    });
    Some(Moran {
        I: i,
        EI: ei,
        VI_norm: vi_norm,
        z_norm,
        p_norm: two_sided_p(z_norm),
        VI_rand: vi_rand,
        z_rand,
        p_rand: two_sided_p(z_rand),
        p_sim,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spatial::weights::{Weights, WeightsKind};

    /// Neighbour lists of a ring of `n` with chords: symmetric, or with every third link
    /// one-way (as k-nearest neighbours give).
    fn lists(n: usize, one_way: bool) -> Vec<Vec<usize>> {
        let mut l: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 0..n {
            for j in [(i + 1) % n, (i + 7) % n] {
                l[i].push(j);
                if !(one_way && i % 3 == 0) {
                    l[j].push(i);
                }
            }
        }
        for x in &mut l {
            x.sort_unstable();
            x.dedup();
        }
        l
    }

    #[test]
    fn pairs_give_the_statistic_of_the_rows() {
        let n = 101;
        let z: Vec<f64> = (0..n)
            .map(|i| ((i * 37 % 101) as f64).sqrt() - 5.0)
            .collect();
        let zz: f64 = z.iter().map(|v| v * v).sum();
        for one_way in [false, true] {
            // As a weights file may give them: unequal raw weights.
            let neighbors = lists(n, one_way);
            let weights = neighbors
                .iter()
                .map(|l| l.iter().map(|&j| 1.0 + (j % 4) as f64).collect())
                .collect();
            let w = Weights {
                kind: WeightsKind::File("test.gwt".into()),
                neighbors,
                weights,
            }
            .standardised_subset(&vec![true; n]);
            let (s0, _, _) = w.s012();
            let pairs = Pairs::of(&w);
            let by_rows = statistic(&w, &z, s0, zz);
            let by_pairs = pairs.statistic(&z, s0, zz);
            assert!(by_rows.abs() > 0.01, "{by_rows}");
            assert!(
                (by_rows - by_pairs).abs() < 1e-12 * by_rows.abs(),
                "one-way links {one_way}: {by_rows} vs {by_pairs}"
            );
            // A two-way link is one pair, a one-way link one too.
            let (mut two_way, mut single) = (0, 0);
            for i in 0..n {
                for (j, _) in w.row(i) {
                    if w.weight(j, i) > 0.0 {
                        two_way += 1;
                    } else {
                        single += 1;
                    }
                }
            }
            assert_eq!(pairs.ends.len(), two_way / 2 + single);
            assert_eq!(single > 0, one_way);
        }
    }
}
