//! Local Moran (LISA) with esda's `Moran_Local` formulas: values standardised (population
//! standard deviation), local Iᵢ = (n−1) · zᵢ · lagᵢ / Σz², quadrants HH 1, LH 2, LL 3, HL 4
//! (a value or lag of exactly 0 counts as low), and conditional permutation pseudo p-values —
//! a district's value fixed, its k neighbours drawn at random from the other n−1 — folded to
//! the nearer tail as esda does. The draws come from the seed alone (a table shared by all
//! districts, each turning it by its own offset), on all cores, so a seed gives the same
//! p-values whatever the machine.
//!
//! Deviation from esda: an island (no neighbour) has a lag of 0 and Iᵢ = 0 as in esda, but no
//! p-value (esda's permutations of nothing give it the smallest p-value possible).

use super::rng::Rng;
use super::weights::RowStandardised;

/// Local statistics, one per row of the weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Lisa {
    /// Standardised values and their spatial lags (the Moran scatter plot's axes).
    pub z: Vec<f64>,
    pub lag: Vec<f64>,
    pub ii: Vec<f64>,
    /// 1 HH, 2 LH, 3 LL, 4 HL.
    pub quadrant: Vec<u8>,
    /// None for islands and without permutations.
    pub p_sim: Vec<Option<f64>>,
}

/// Local Moran of `y` (one value per row of `w`).
pub fn local_moran(w: &RowStandardised, y: &[f64], permutations: usize, seed: u64) -> Option<Lisa> {
    let n = y.len();
    if n < 3 || w.n() != n {
        return None;
    }
    let nf = n as f64;
    let mean = y.iter().sum::<f64>() / nf;
    let sd = (y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / nf).sqrt();
    if sd == 0.0 || !sd.is_finite() {
        return None;
    }
    let z: Vec<f64> = y.iter().map(|v| (v - mean) / sd).collect();
    let den: f64 = z.iter().map(|v| v * v).sum();
    let scale = (nf - 1.0) / den;
    let lag = w.lag(&z);
    let ii: Vec<f64> = z.iter().zip(&lag).map(|(a, b)| scale * a * b).collect();
    let quadrant = z
        .iter()
        .zip(&lag)
        .map(|(&a, &b)| match (a > 0.0, b > 0.0) {
            (true, true) => 1,
            (false, true) => 2,
            (false, false) => 3,
            (true, false) => 4,
        })
        .collect();
    // The random draws, as esda's numba version does: one table of `permutations` random
    // k-subsets of the n − 1 others (k the largest number of neighbours), shared by all
    // districts. Each district turns the table by its own random offset (a bijection of the
    // others, so each of its draws is still a uniform random k-subset) — the draws of
    // different districts are not the same sets, and the table costs permutations × k random
    // numbers instead of n × permutations × k.
    let k_max = (0..n)
        .map(|i| w.cardinality(i))
        .max()
        .unwrap_or(0)
        .min(n - 1);
    let table: Vec<u32> = if permutations == 0 || k_max == 0 {
        Vec::new()
    } else {
        let mut rng = Rng::new(seed);
        let mut t = Vec::with_capacity(permutations * k_max);
        for _ in 0..permutations {
            let start = t.len();
            // Distinct within the set (k_max ≤ n − 1; rejection of repeats is cheap for the few
            // neighbours a district has).
            while t.len() - start < k_max {
                let r = rng.below(n - 1) as u32;
                if !t[start..].contains(&r) {
                    t.push(r);
                }
            }
        }
        t
    };
    let rows: Vec<usize> = (0..n).collect();
    let p_sim = atlas_data::parallel::map(&rows, |&i| {
        let k = w.cardinality(i);
        if permutations == 0 || k == 0 {
            return None;
        }
        let weights: Vec<f64> = w.row(i).map(|(_, v)| v).collect();
        let offset = Rng::for_item(seed, w.districts[i]).below(n - 1);
        let si = scale * z[i];
        let larger = if n <= ROTATED_UP_TO {
            // Laid out once per district (n values), the draws are plain lookups.
            let others = drawing_order(&z, i, offset);
            count_larger(&table, k_max, &weights, |r| others[r as usize], si, ii[i])
        } else {
            let value = |r: u32| z[drawn(r as usize, offset, i, n)];
            count_larger(&table, k_max, &weights, value, si, ii[i])
        };
        let larger = larger.min(permutations - larger);
        Some((larger + 1) as f64 / (permutations + 1) as f64)
    });
    Some(Lisa {
        z,
        lag,
        ii,
        quadrant,
        p_sim,
    })
}

/// Up to this many districts, each district lays out the others' values in its own order of
/// drawing (n values per district: n² in all, a fraction of the draws' cost).
const ROTATED_UP_TO: usize = 50_000;

/// The district that draw `r` of district `i` (turned by `offset`) picks: the others in a
/// circle, `offset` on, district `i` left out.
fn drawn(r: usize, offset: usize, i: usize, n: usize) -> usize {
    let r = r + offset;
    let r = if r >= n - 1 { r - (n - 1) } else { r };
    if r >= i { r + 1 } else { r }
}

/// The others' values (`z` without district `i`) in the order district `i` draws them: from
/// `offset` on, round the circle — as [`drawn`] picks them, copied in at most four pieces.
fn drawing_order(z: &[f64], i: usize, offset: usize) -> Vec<f64> {
    let m = z.len() - 1;
    let mut v = Vec::with_capacity(m);
    // The others from a to b (exclusive), as slices of z around district i.
    let mut others = |a: usize, b: usize| {
        if a < i {
            v.extend_from_slice(&z[a..b.min(i)]);
        }
        if b > i {
            v.extend_from_slice(&z[a.max(i) + 1..b + 1]);
        }
    };
    others(offset, m);
    others(0, offset);
    v
}

/// How many of the table's draws give a local statistic at least the observed `ii`
/// (`si`: the scale times the district's z).
fn count_larger(
    table: &[u32],
    k_max: usize,
    weights: &[f64],
    value: impl Fn(u32) -> f64,
    si: f64,
    ii: f64,
) -> usize {
    let k = weights.len();
    match weights.first() {
        // All weights one power of two (1, 2, 4 or 8 neighbours, row-standardised): the
        // values summed first and scaled once. Scaling by a power of two is exact and commutes
        // with rounding, so each partial sum is the one of the weighted products to the bit
        // and the counts are the same — ties (values are often published to one decimal)
        // included. (Not so in the subnormal range, below 10⁻³⁰⁷ of the values' spread.)
        Some(&w0) if power_of_two(w0) && weights.iter().all(|&w| w == w0) => {
            count_draws(table, k_max, k, |_, r| value(r), w0, si, ii)
        }
        // Each value weighted as it is drawn (the scale 1 changes no bit).
        _ => count_draws(table, k_max, k, |m, r| weights[m] * value(r), 1.0, si, ii),
    }
}

/// Whether `w` is a power of two (1, ½, ¼, ⅛ … — the row-standardised weight of a district
/// with 1, 2, 4 or 8 neighbours).
fn power_of_two(w: f64) -> bool {
    w.is_normal() && w > 0.0 && w.to_bits() & ((1u64 << 52) - 1) == 0
}

/// The draws whose local statistic `si · scale · Σₘ term(m, drawnₘ)` (m < k, summed in that
/// order) is at least `ii`. Four draws at a time, each summed as one draw alone would be: the
/// four sums do not wait for each other.
fn count_draws(
    table: &[u32],
    k_max: usize,
    k: usize,
    term: impl Fn(usize, u32) -> f64,
    scale: f64,
    si: f64,
    ii: f64,
) -> usize {
    let mut larger = 0;
    let mut quads = table.chunks_exact(4 * k_max);
    for q in &mut quads {
        let (a, rest) = q.split_at(k_max);
        let (b, rest) = rest.split_at(k_max);
        let (c, d) = rest.split_at(k_max);
        let (mut la, mut lb, mut lc, mut ld) = (0.0, 0.0, 0.0, 0.0);
        for m in 0..k {
            la += term(m, a[m]);
            lb += term(m, b[m]);
            lc += term(m, c[m]);
            ld += term(m, d[m]);
        }
        for l in [la, lb, lc, ld] {
            larger += usize::from(si * (scale * l) >= ii);
        }
    }
    for set in quads.remainder().chunks_exact(k_max) {
        let mut l = 0.0;
        for (m, &r) in set[..k].iter().enumerate() {
            l += term(m, r);
        }
        larger += usize::from(si * (scale * l) >= ii);
    }
    larger
}

/// Multiple-comparison correction of the significance level (as GeoDa offers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Correction {
    #[default]
    None,
    /// α ÷ n.
    Bonferroni,
    /// Benjamini–Hochberg false discovery rate: the largest p₍ᵢ₎ ≤ i·α/n and all below it.
    Fdr,
}

/// Which p-values are significant at `alpha` under `correction` (None: not tested).
pub fn significant(p: &[Option<f64>], alpha: f64, correction: Correction) -> Vec<bool> {
    let tested = p.iter().flatten().count();
    let cut = match correction {
        Correction::None => alpha,
        Correction::Bonferroni => alpha / tested.max(1) as f64,
        Correction::Fdr => {
            let mut sorted: Vec<f64> = p.iter().flatten().copied().collect();
            sorted.sort_by(f64::total_cmp);
            let m = sorted.len() as f64;
            sorted
                .iter()
                .enumerate()
                .filter(|(i, v)| **v <= (*i as f64 + 1.0) * alpha / m)
                .map(|(_, v)| *v)
                .next_back()
                .unwrap_or(-1.0)
        }
    };
    p.iter().map(|v| v.is_some_and(|v| v <= cut)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_scaled_once_count_as_draws_weighted_one_by_one() {
        // Values of one decimal, as published shares are: many draws tie with the observed
        // statistic, and rounding decides them.
        let n = 400;
        let mut rng = Rng::new(3);
        let z: Vec<f64> = (0..n)
            .map(|_| (rng.below(21) as f64 - 10.0) / 10.0)
            .collect();
        let k_max = 8;
        let table: Vec<u32> = (0..999 * k_max).map(|_| rng.below(n) as u32).collect();
        let value = |r: u32| z[r as usize];
        let (mut ties, mut differ) = (0, 0);
        for k in [1usize, 2, 3, 4, 7, 8] {
            let w = vec![1.0 / k as f64; k];
            for i in 0..50 {
                // The observed statistic of district i: the lag of some k values.
                let lag: f64 = (0..k).map(|m| w[m] * z[(i * 7 + m * 13) % n]).sum();
                let (si, ii) = (z[i], z[i] * lag);
                // One draw at a time, each value weighted as drawn (as esda sums them).
                let one_by_one = |ii: f64| {
                    let sets = table.chunks_exact(k_max);
                    sets.filter(|set| {
                        let mut l = 0.0;
                        for m in 0..k {
                            l += w[m] * value(set[m]);
                        }
                        si * l >= ii
                    })
                    .count()
                };
                let weighted = one_by_one(ii);
                let by_weight = count_draws(&table, k_max, k, |m, r| w[m] * value(r), 1.0, si, ii);
                assert_eq!(by_weight, weighted, "k {k} district {i}");
                assert_eq!(count_larger(&table, k_max, &w, value, si, ii), weighted);
                let scaled = count_draws(&table, k_max, k, |_, r| value(r), w[0], si, ii);
                if power_of_two(w[0]) {
                    assert_eq!(scaled, weighted, "k {k} district {i}");
                } else {
                    differ += usize::from(scaled != weighted);
                }
                ties += usize::from(one_by_one(ii - 1e-9) != weighted);
            }
        }
        assert!(
            ties > 0,
            "no draw tied: the test would not see a rounding difference"
        );
        // Why only powers of two: with ⅓ or ⅐ the sums round otherwise and ties count otherwise.
        assert!(differ > 0);
        assert!(power_of_two(0.125) && !power_of_two(1.0 / 7.0) && !power_of_two(0.0));
    }

    #[test]
    fn the_drawing_order_is_the_one_drawn() {
        let z: Vec<f64> = (0..9).map(f64::from).collect();
        for i in 0..9 {
            for offset in 0..8 {
                let want: Vec<f64> = (0..8).map(|r| z[super::drawn(r, offset, i, 9)]).collect();
                assert_eq!(
                    super::drawing_order(&z, i, offset),
                    want,
                    "i {i} offset {offset}"
                );
            }
        }
    }
}
