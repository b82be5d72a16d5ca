//! Natural breaks: the exact minimum within-class sum of squares (Fisher–Jenks), solved by the
//! Ckmeans.1d.dp dynamic programme (Wang & Song 2011) with divide-and-conquer over the
//! monotone split points, O(k · n · log n). Runs on distinct values weighted by multiplicity,
//! so ties are never split between classes and heavy ties cost nothing.

/// Upper bounds of the optimal partition of ascending `sorted` into `k` classes (at most one
/// class per distinct value).
pub fn natural_breaks(sorted: &[f64], k: usize) -> Vec<f64> {
    let mut xs: Vec<f64> = Vec::new();
    let mut ws: Vec<f64> = Vec::new();
    for &v in sorted {
        if xs.last() == Some(&v) {
            if let Some(w) = ws.last_mut() {
                *w += 1.0;
            }
        } else {
            xs.push(v);
            ws.push(1.0);
        }
    }
    let n = xs.len();
    if n == 0 {
        return Vec::new();
    }
    let k = k.clamp(1, n);
    if k == n {
        return xs;
    }
    if k == 1 {
        return vec![xs[n - 1]];
    }
    let cost = Cost::new(&xs, &ws);
    let mut prev: Vec<f64> = (0..n).map(|i| cost.ssq(0, i)).collect();
    let mut cur = vec![f64::INFINITY; n];
    // split[q][i]: first element of the last class in the best q+1-class partition of 0..=i.
    let mut split: Vec<Vec<u32>> = vec![vec![0; n]; k];
    for (q, row) in split.iter_mut().enumerate().skip(1) {
        cur.fill(f64::INFINITY);
        fill_row(q, q, n - 1, q, n - 1, &cost, &prev, &mut cur, row);
        std::mem::swap(&mut prev, &mut cur);
    }
    let mut breaks = vec![0.0; k];
    let mut i = n - 1;
    for q in (0..k).rev() {
        breaks[q] = xs[i];
        let j = split[q][i] as usize;
        if j == 0 {
            break;
        }
        i = j - 1;
    }
    breaks
}

/// Within-class sum of squares from prefix sums, on values shifted by their median to keep
/// the subtraction well conditioned.
struct Cost {
    w: Vec<f64>,
    s: Vec<f64>,
    ss: Vec<f64>,
}

impl Cost {
    fn new(xs: &[f64], ws: &[f64]) -> Cost {
        let shift = xs[xs.len() / 2];
        let mut c = Cost {
            w: vec![0.0],
            s: vec![0.0],
            ss: vec![0.0],
        };
        for (&x, &w) in xs.iter().zip(ws) {
            let d = x - shift;
            c.w.push(c.w[c.w.len() - 1] + w);
            c.s.push(c.s[c.s.len() - 1] + w * d);
            c.ss.push(c.ss[c.ss.len() - 1] + w * d * d);
        }
        c
    }

    /// Sum of squares of elements j..=i around their mean.
    fn ssq(&self, j: usize, i: usize) -> f64 {
        let w = self.w[i + 1] - self.w[j];
        let s = self.s[i + 1] - self.s[j];
        let ss = self.ss[i + 1] - self.ss[j];
        (ss - s * s / w).max(0.0)
    }
}

/// Fills `cur[imin..=imax]` for class index `q`, knowing the optimal split of each i lies in
/// `jmin..=jmax` and is non-decreasing in i.
#[allow(clippy::too_many_arguments)]
fn fill_row(
    q: usize,
    imin: usize,
    imax: usize,
    jmin: usize,
    jmax: usize,
    cost: &Cost,
    prev: &[f64],
    cur: &mut [f64],
    split: &mut [u32],
) {
    if imin > imax {
        return;
    }
    let i = imin + (imax - imin) / 2;
    let (lo, hi) = (jmin.max(q), jmax.min(i));
    let (mut best, mut best_j) = (f64::INFINITY, lo);
    for j in lo..=hi {
        let c = prev[j - 1] + cost.ssq(j, i);
        if c < best {
            best = c;
            best_j = j;
        }
    }
    cur[i] = best;
    split[i] = best_j as u32;
    if i > imin {
        fill_row(q, imin, i - 1, jmin, best_j, cost, prev, cur, split);
    }
    fill_row(q, i + 1, imax, best_j, jmax, cost, prev, cur, split);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exhaustive O(k·n²) dynamic programme over all splits, as the reference.
    fn brute(xs: &[f64], k: usize) -> f64 {
        let n = xs.len();
        let ssq = |j: usize, i: usize| {
            let s = &xs[j..=i];
            let m = s.iter().sum::<f64>() / s.len() as f64;
            s.iter().map(|x| (x - m) * (x - m)).sum::<f64>()
        };
        let mut d = vec![vec![f64::INFINITY; n]; k];
        for (i, cell) in d[0].iter_mut().enumerate() {
            *cell = ssq(0, i);
        }
        for q in 1..k {
            for i in q..n {
                for j in q..=i {
                    d[q][i] = d[q][i].min(d[q - 1][j - 1] + ssq(j, i));
                }
            }
        }
        d[k - 1][n - 1]
    }

    fn total_ssq(xs: &[f64], breaks: &[f64]) -> f64 {
        let mut total = 0.0;
        let mut lo = 0;
        for &b in breaks {
            let hi = xs.partition_point(|&v| v <= b);
            let s = &xs[lo..hi];
            if !s.is_empty() {
                let m = s.iter().sum::<f64>() / s.len() as f64;
                total += s.iter().map(|x| (x - m) * (x - m)).sum::<f64>();
            }
            lo = hi;
        }
        total
    }

    #[test]
    fn matches_exhaustive_search() {
        // Deterministic pseudo-random data with ties (a small LCG).
        let mut state = 12345u64;
        for case in 0..60 {
            let n = 5 + case % 40;
            let mut xs: Vec<f64> = (0..n)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((state >> 33) % 50) as f64 / (1.0 + (case % 3) as f64)
                })
                .collect();
            xs.sort_by(f64::total_cmp);
            let mut d = xs.clone();
            d.dedup();
            for k in 2..=6.min(d.len()) {
                let b = natural_breaks(&xs, k);
                assert_eq!(b.len(), k);
                let got = total_ssq(&xs, &b);
                let want = brute(&xs, k);
                assert!(
                    (got - want).abs() <= 1e-9 * want.max(1.0),
                    "case {case} k {k}: {got} vs {want}"
                );
            }
        }
    }
}
