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
    // Σ zᵢ · lagᵢ with each lag summed as `RowStandardised::lag` sums it, without keeping
    // the lags: this runs once per permutation.
    let zl: f64 = z
        .iter()
        .enumerate()
        .map(|(i, a)| a * w.row(i).map(|(j, v)| v * z[j]).sum::<f64>())
        .sum();
    z.len() as f64 / s0 * zl / zz
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
                if statistic(w, &perm, s0, zz) >= i {
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
