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
        let [i, _] = self.statistics([z, z], s0, zz);
        i
    }

    /// [`Pairs::statistic`] of two arrangements at once, each summed exactly as alone: the
    /// pairs are read once for both, and the two sums do not wait for each other.
    fn statistics(&self, [a, b]: [&[f64]; 2], s0: f64, zz: f64) -> [f64; 2] {
        // Four sums side by side per arrangement: the additions do not wait for each other.
        let (mut sa, mut sb) = ([0.0f64; 4], [0.0f64; 4]);
        let mut ends = self.ends.chunks_exact(4);
        let mut weights = self.weight.chunks_exact(4);
        for (e, c) in (&mut ends).zip(&mut weights) {
            for k in 0..4 {
                let [x, y] = [e[k][0] as usize, e[k][1] as usize];
                sa[k] += c[k] * a[x] * a[y];
                sb[k] += c[k] * b[x] * b[y];
            }
        }
        for (e, c) in ends.remainder().iter().zip(weights.remainder()) {
            let [x, y] = [e[0] as usize, e[1] as usize];
            sa[0] += c * a[x] * a[y];
            sb[0] += c * b[x] * b[y];
        }
        [sa, sb].map(|acc| {
            let zl = (acc[0] + acc[1]) + (acc[2] + acc[3]);
            a.len() as f64 / s0 * zl / zz
        })
    }
}

/// The permutations of two chunks whose statistic `larger` accepts: each chunk's arrangements
/// shuffled by its own stream (`runs` times), as that chunk alone would shuffle them — but
/// interleaved, so that the two streams' random numbers (a chain of 128-bit multiplications
/// each) and the two sums over the pairs are computed side by side. (Four side by side were
/// slower than two: measured.)
fn count_two_chunks(
    pairs: &Pairs,
    z: &[f64],
    [(mut ga, ra), (mut gb, rb)]: [(Rng, usize); 2],
    larger: impl Fn(f64) -> bool,
    (s0, zz): (f64, f64),
) -> usize {
    let (mut pa, mut pb) = (z.to_vec(), z.to_vec());
    let mut count = 0;
    for _ in 0..ra.min(rb) {
        for k in (1..z.len()).rev() {
            let (ja, jb) = (ga.below(k + 1), gb.below(k + 1));
            pa.swap(k, ja);
            pb.swap(k, jb);
        }
        let [sa, sb] = pairs.statistics([&pa, &pb], s0, zz);
        count += usize::from(larger(sa)) + usize::from(larger(sb));
    }
    // The chunk with a run more than the other.
    for (g, p, runs) in [(&mut ga, &mut pa, ra), (&mut gb, &mut pb, rb)] {
        for _ in ra.min(rb)..runs {
            g.shuffle(p);
            count += usize::from(larger(pairs.statistic(p, s0, zz)));
        }
    }
    count
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
        // any number of cores. Two chunks at a time, side by side (see [`count_two_chunks`]).
        let twins: Vec<usize> = (0..CHUNKS / 2).collect();
        let counts = atlas_data::parallel::map(&twins, |&t| {
            let runs = |c: usize| permutations / CHUNKS + usize::from(c < permutations % CHUNKS);
            let streams = [2 * t, 2 * t + 1].map(|c| (Rng::for_item(seed, c), runs(c)));
            count_two_chunks(&pairs, &z, streams, |s| s >= i, (s0, zz))
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
    #[test]
    fn two_chunks_side_by_side_count_as_each_alone() {
        let n = 97;
        let w = Weights {
            kind: WeightsKind::File("test.gwt".into()),
            neighbors: lists(n, true),
            weights: lists(n, true).iter().map(|l| vec![1.0; l.len()]).collect(),
        }
        .standardised_subset(&vec![true; n]);
        let (s0, _, _) = w.s012();
        let pairs = Pairs::of(&w);
        // Values of one decimal: arrangements tie, and the last bit of each sum decides them.
        let z: Vec<f64> = (0..n)
            .map(|i| ((i * 37 % 11) as f64 - 5.0) / 10.0)
            .collect();
        let zz: f64 = z.iter().map(|v| v * v).sum();
        let observed = pairs.statistic(&z, s0, zz);
        // One chunk alone, as the permutations were counted before: its own stream, shuffled
        // and summed one arrangement after the other.
        let alone = |c: usize, runs: usize, at_least: f64| {
            let mut rng = Rng::for_item(7, c);
            let mut p = z.clone();
            (0..runs)
                .filter(|_| {
                    rng.shuffle(&mut p);
                    pairs.statistic(&p, s0, zz) >= at_least
                })
                .count()
        };
        let mut near = 0;
        for (ra, rb) in [(300, 300), (301, 300), (300, 301), (1, 0), (0, 0)] {
            for at_least in [observed, 0.0, -0.05] {
                let streams = [(Rng::for_item(7, 2), ra), (Rng::for_item(7, 3), rb)];
                let two = count_two_chunks(&pairs, &z, streams, |s| s >= at_least, (s0, zz));
                let want = alone(2, ra, at_least) + alone(3, rb, at_least);
                assert_eq!(two, want, "runs {ra}, {rb}, at least {at_least}");
                near += usize::from(want > 0 && want < ra + rb);
            }
        }
        // Some thresholds split the arrangements (else the counts would say nothing).
        assert!(near >= 4, "{near}");
        // The pair of sums is each sum alone, to the bit.
        let mut rng = Rng::new(1);
        let mut other = z.clone();
        rng.shuffle(&mut other);
        let [a, b] = pairs.statistics([&z, &other], s0, zz);
        assert_eq!(a.to_bits(), pairs.statistic(&z, s0, zz).to_bits());
        assert_eq!(b.to_bits(), pairs.statistic(&other, s0, zz).to_bits());
        assert_ne!(a, b);
    }
}
