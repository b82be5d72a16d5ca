//! What the views derive from rule results: persistence (in how many years of a range each
//! district met the rule), transitions between two years, and the change of an indicator
//! between two years with a warning when the set of districts with data differs.

use super::model::Tri;

/// Per district, (years true, years known) within `years` (indices).
pub fn persistence(
    per_year: &[Vec<Tri>],
    years: std::ops::RangeInclusive<usize>,
) -> Vec<(usize, usize)> {
    let n = per_year.first().map(Vec::len).unwrap_or(0);
    let mut out = vec![(0, 0); n];
    for y in years.filter(|&y| y < per_year.len()) {
        for (o, &t) in out.iter_mut().zip(&per_year[y]) {
            // Counted without branches: a year's results change from district to district.
            o.0 += usize::from(t == Tri::True);
            o.1 += usize::from(t != Tri::Unknown);
        }
    }
    out
}

/// Districts ordered for the timeline: most years true first, then most years known, then
/// file order. Both counts are at most the years, so the districts are counted into a slot
/// per pair and laid out slot by slot in file order (100 000 districts: ≈ 30 ms sorted with
/// a comparison on the window's thread, in the frame that takes in a new data set's rules).
pub fn order_by_persistence(per_year: &[Vec<Tri>]) -> Vec<usize> {
    let per = persistence(per_year, 0..=per_year.len().saturating_sub(1));
    let most = per_year.len();
    let side = most + 1;
    let slot = |&(t, k): &(usize, usize)| (most - t.min(most)) * side + (most - k.min(most));
    let mut starts = vec![0usize; side * side + 1];
    for p in &per {
        starts[slot(p) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut rows = vec![0; per.len()];
    for (d, p) in per.iter().enumerate() {
        let at = &mut starts[slot(p)];
        rows[*at] = d;
        *at += 1;
    }
    rows
}

/// Districts by (result in year a, result in year b); rows and columns in the order
/// true, false, unknown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transitions {
    pub cells: [[Vec<usize>; 3]; 3],
}

pub const TRI_ORDER: [Tri; 3] = [Tri::True, Tri::False, Tri::Unknown];

fn slot(t: Tri) -> usize {
    match t {
        Tri::True => 0,
        Tri::False => 1,
        Tri::Unknown => 2,
    }
}

impl Transitions {
    pub fn count(&self, from: Tri, to: Tri) -> usize {
        self.cells[slot(from)][slot(to)].len()
    }

    pub fn districts(&self, from: Tri, to: Tri) -> &[usize] {
        &self.cells[slot(from)][slot(to)]
    }
}

/// How districts moved between rule results from year `a` to year `b`.
pub fn transitions(per_year: &[Vec<Tri>], a: usize, b: usize) -> Transitions {
    let mut t = Transitions::default();
    let (Some(ra), Some(rb)) = (per_year.get(a), per_year.get(b)) else {
        return t;
    };
    for (d, (&x, &y)) in ra.iter().zip(rb).enumerate() {
        t.cells[slot(x)][slot(y)].push(d);
    }
    t
}

/// The change of an indicator from year a to year b.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Per district, value in b minus value in a (`None` unless both exist).
    pub delta: Vec<Option<f64>>,
    /// Districts with a value in b but not in a, and the other way round.
    pub appeared: Vec<usize>,
    pub disappeared: Vec<usize>,
}

impl Change {
    /// True when the set of districts with data differs between the two years.
    pub fn coverage_changed(&self) -> bool {
        !self.appeared.is_empty() || !self.disappeared.is_empty()
    }
}

/// Difference per district between two years' values.
pub fn change_between(a: &[Option<f64>], b: &[Option<f64>]) -> Change {
    let mut c = Change {
        delta: Vec::with_capacity(a.len()),
        appeared: Vec::new(),
        disappeared: Vec::new(),
    };
    for (d, (x, y)) in a.iter().zip(b).enumerate() {
        c.delta.push(match (x, y) {
            (Some(x), Some(y)) => Some(y - x),
            (None, Some(_)) => {
                c.appeared.push(d);
                None
            }
            (Some(_), None) => {
                c.disappeared.push(d);
                None
            }
            (None, None) => None,
        });
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tri::*;

    #[test]
    fn persistence_counts_true_and_known_years_in_range() {
        let per_year = vec![
            vec![True, False, Unknown],
            vec![True, True, Unknown],
            vec![False, True, True],
        ];
        assert_eq!(persistence(&per_year, 0..=2), vec![(2, 3), (2, 3), (1, 1)]);
        assert_eq!(persistence(&per_year, 1..=1), vec![(1, 1), (1, 1), (0, 0)]);
        assert_eq!(persistence(&per_year, 1..=9), vec![(1, 2), (2, 2), (1, 1)]);
    }

    #[test]
    fn timeline_order_is_by_years_met_then_known() {
        let per_year = vec![
            vec![False, True, Unknown, True],
            vec![False, True, True, Unknown],
        ];
        assert_eq!(order_by_persistence(&per_year), vec![1, 2, 3, 0]);
    }

    #[test]
    fn timeline_order_is_the_comparison_sorts() {
        // Many ties (few years), every mix of results, a district count that is no power of
        // two: the slots give what sorting by (true desc, known desc, file order) gives.
        let tri = |i: usize| [True, False, Unknown][(i * 7 + i / 3) % 3];
        for (years, n) in [(0, 0), (1, 5), (3, 1000), (20, 4099)] {
            let per_year: Vec<Vec<Tri>> = (0..years)
                .map(|y| (0..n).map(|d| tri(d * 31 + y * 17 + d / 5)).collect())
                .collect();
            let per = persistence(&per_year, 0..=years.saturating_sub(1));
            let mut want: Vec<usize> = (0..n).collect();
            want.sort_by(|&a, &b| {
                per[b]
                    .0
                    .cmp(&per[a].0)
                    .then(per[b].1.cmp(&per[a].1))
                    .then(a.cmp(&b))
            });
            assert_eq!(order_by_persistence(&per_year), want, "{years} × {n}");
        }
    }

    #[test]
    fn transitions_sort_districts_into_cells() {
        let per_year = vec![
            vec![True, True, False, Unknown],
            vec![True, False, True, True],
        ];
        let t = transitions(&per_year, 0, 1);
        assert_eq!(t.districts(True, True), &[0]);
        assert_eq!(t.districts(True, False), &[1]);
        assert_eq!(t.districts(False, True), &[2]);
        assert_eq!(t.count(Unknown, True), 1);
        assert_eq!(t.count(False, False), 0);
    }

    #[test]
    fn change_needs_both_years_and_reports_coverage() {
        let c = change_between(
            &[Some(10.0), None, Some(5.0)],
            &[Some(12.5), Some(3.0), None],
        );
        assert_eq!(c.delta, vec![Some(2.5), None, None]);
        assert_eq!(
            (c.appeared.clone(), c.disappeared.clone()),
            (vec![1], vec![2])
        );
        assert!(c.coverage_changed());
        assert!(!change_between(&[Some(1.0)], &[Some(1.0)]).coverage_changed());
    }
}
