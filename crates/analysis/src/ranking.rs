//! Ranks of districts for one indicator and year: rank 1 is the highest value, ties share a
//! rank (competition ranking, "1, 2, 2, 4"), districts without a value have no rank.

/// Districts ordered by value, and each district's rank.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranking {
    /// Districts with a value, highest first (ties in file order).
    pub order: Vec<usize>,
    /// Per district, its rank (1-based) or `None` without a value.
    pub rank: Vec<Option<usize>>,
}

impl Ranking {
    pub fn build(values: &[Option<f64>]) -> Ranking {
        // Values beside their districts, sorted in place (no lookup per comparison); the
        // district breaks ties, so the unstable sort gives the one order there is.
        let mut by_value: Vec<(f64, usize)> = values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (v, i)))
            .collect();
        by_value.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut rank = vec![None; values.len()];
        let mut current = 0;
        for (pos, &(v, d)) in by_value.iter().enumerate() {
            if pos == 0 || v != by_value[pos - 1].0 {
                current = pos + 1;
            }
            rank[d] = Some(current);
        }
        let order = by_value.into_iter().map(|(_, d)| d).collect();
        Ranking { order, rank }
    }

    /// How many districts are ranked.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highest_first_ties_share_and_missing_have_no_rank() {
        let r = Ranking::build(&[Some(3.0), None, Some(7.0), Some(3.0), Some(1.0)]);
        assert_eq!(r.order, vec![2, 0, 3, 4]);
        assert_eq!(r.rank, vec![Some(2), None, Some(1), Some(2), Some(4)]);
        assert_eq!(r.len(), 4);
    }

    #[test]
    fn order_is_the_stable_order_by_descending_value() {
        // Many ties, negative zero beside zero, in a scrambled file order.
        let values: Vec<Option<f64>> = (0..2_000u64)
            .map(|i| {
                let h = i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 53;
                match h % 9 {
                    0 => None,
                    1 => Some(-0.0),
                    _ => Some((h % 37) as f64 - 10.0),
                }
            })
            .collect();
        let r = Ranking::build(&values);
        let mut stable: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_some()).collect();
        let v = |i: usize| values[i].unwrap_or(f64::NAN);
        stable.sort_by(|&a, &b| v(b).total_cmp(&v(a)));
        assert_eq!(r.order, stable);
        for w in r.order.windows(2) {
            let (a, b) = (w[0], w[1]);
            let tie = v(a) == v(b);
            assert_eq!(r.rank[a] == r.rank[b], tie, "districts {a} and {b}");
        }
    }
}
