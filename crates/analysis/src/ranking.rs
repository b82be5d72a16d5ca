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
        let mut order: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_some()).collect();
        let v = |i: usize| values[i].unwrap_or(f64::NAN);
        order.sort_by(|&a, &b| v(b).total_cmp(&v(a)).then(a.cmp(&b)));
        let mut rank = vec![None; values.len()];
        let mut current = 0;
        for (pos, &d) in order.iter().enumerate() {
            if pos == 0 || v(d) != v(order[pos - 1]) {
                current = pos + 1;
            }
            rank[d] = Some(current);
        }
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
}
