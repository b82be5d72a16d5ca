//! Ascending values read by position: one sorted slice, or several sorted runs (the years of a
//! pooled classification) read as the slice their merge would be — without merging them.
//!
//! The schemes that need only order statistics (quantiles, percentiles, the box map, equal
//! interval, manual breaks) read the runs by position; those that need every value (natural
//! breaks, mean and standard deviation, head/tail) ask for the merged slice. A value read at
//! position `i` is the `i`-th value of the merged slice to the bit (values equal under the
//! total order are the same bits), so the breaks are those of the merged slice.

use std::borrow::Cow;

/// Ascending values (under `f64::total_cmp`), read by position.
pub trait Ordered {
    fn count(&self) -> usize;
    /// The value at position `i < count()`.
    fn at(&self, i: usize) -> f64;
    /// All values, ascending (the runs merged).
    fn whole(&self) -> Cow<'_, [f64]>;
    fn first(&self) -> Option<f64> {
        (self.count() > 0).then(|| self.at(0))
    }
    fn last(&self) -> Option<f64> {
        self.count().checked_sub(1).map(|i| self.at(i))
    }
}

impl Ordered for [f64] {
    fn count(&self) -> usize {
        self.len()
    }
    fn at(&self, i: usize) -> f64 {
        self[i]
    }
    fn whole(&self) -> Cow<'_, [f64]> {
        Cow::Borrowed(self)
    }
}

/// Sorted runs read as their merge.
pub struct Runs<'a> {
    runs: Vec<&'a [f64]>,
    count: usize,
}

impl<'a> Runs<'a> {
    /// `runs` must each be ascending under `f64::total_cmp` (as `sorted_finite` gives them).
    pub fn new(runs: impl IntoIterator<Item = &'a [f64]>) -> Runs<'a> {
        let runs: Vec<&[f64]> = runs.into_iter().filter(|r| !r.is_empty()).collect();
        let count = runs.iter().map(|r| r.len()).sum();
        Runs { runs, count }
    }

    /// How many values have a key at most `t`.
    fn at_most(&self, t: u64) -> usize {
        self.runs
            .iter()
            .map(|r| r.partition_point(|&x| key(x) <= t))
            .sum()
    }
}

impl Ordered for Runs<'_> {
    fn count(&self) -> usize {
        self.count
    }

    /// The smallest key with more than `i` values at or below it is the key of the value at
    /// position `i`: a binary search over the keys (64 steps, each a binary search per run).
    fn at(&self, i: usize) -> f64 {
        let (mut lo, mut hi) = (u64::MAX, 0);
        for r in &self.runs {
            lo = lo.min(key(r[0]));
            hi = hi.max(key(r[r.len() - 1]));
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.at_most(mid) > i {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        value(lo)
    }

    fn whole(&self) -> Cow<'_, [f64]> {
        let mut all: Vec<f64> = self.runs.iter().flat_map(|r| r.iter().copied()).collect();
        // The runs are sorted: the stable sort finds and merges them.
        all.sort_by(f64::total_cmp);
        Cow::Owned(all)
    }
}

/// An unsigned key in the order of `f64::total_cmp`.
fn key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | 1 << 63 }
}

/// The value of a key.
fn value(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_read_by_position_as_their_merge() {
        // Runs with ties inside and across, both zeros, infinities' neighbours, an empty run.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut runs: Vec<Vec<f64>> = (0..7)
            .map(|r| {
                (0..(r * 37 % 101))
                    .map(|_| match next() % 9 {
                        0 => -0.0,
                        1 => 0.0,
                        2 => f64::MAX,
                        3 => -f64::MAX,
                        4 => 1.5,
                        _ => (next() % 2001) as f64 / 8.0 - 125.0,
                    })
                    .collect()
            })
            .collect();
        for r in &mut runs {
            r.sort_by(f64::total_cmp);
        }
        let view = Runs::new(runs.iter().map(Vec::as_slice));
        let mut merged: Vec<f64> = runs.iter().flatten().copied().collect();
        merged.sort_by(f64::total_cmp);
        assert_eq!(view.count(), merged.len());
        assert_eq!(merged.len(), 272);
        for (i, m) in merged.iter().enumerate() {
            assert_eq!(view.at(i).to_bits(), m.to_bits(), "position {i}");
        }
        let whole = view.whole();
        assert_eq!(whole.len(), merged.len());
        assert!(
            whole
                .iter()
                .zip(&merged)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
        assert_eq!(view.first().map(f64::to_bits), Some((-f64::MAX).to_bits()));
        assert_eq!(view.last(), Some(f64::MAX));
        let empty = Runs::new([[].as_slice()]);
        assert_eq!(
            (empty.count(), empty.first(), empty.last()),
            (0, None, None)
        );
    }

    #[test]
    fn keys_keep_the_total_order() {
        let xs = [
            f64::NEG_INFINITY,
            -1e300,
            -1.0,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            2.5,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(key(w[0]) < key(w[1]), "{} {}", w[0], w[1]);
        }
        for x in xs {
            assert_eq!(value(key(x)).to_bits(), x.to_bits());
        }
    }
}
