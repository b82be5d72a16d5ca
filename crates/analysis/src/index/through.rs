//! An index through the years: the transitions of its classes between two years (which keys
//! went from one class to another — the table a planner reads as "who slid into very low
//! status") and, per key and year, whether it was in a class (for "years in very low status",
//! drawn like a rule's persistence).

use super::compute::IndexYear;
use crate::rules::Tri;

/// Keys by class in `a` (rows) and in `b` (columns), for `classes` classes; the last row and
/// column (position `classes`) hold the keys not in the index that year (excluded, or no row),
/// among those in the index in the other year. `out[i][j]` lists table keys.
pub fn transitions(a: &IndexYear, b: &IndexYear, classes: usize) -> Vec<Vec<Vec<usize>>> {
    let mut out = vec![vec![Vec::new(); classes + 1]; classes + 1];
    let n = a.keys.len().max(b.keys.len());
    for k in 0..n {
        let class = |y: &IndexYear| {
            y.keys
                .get(k)
                .and_then(Option::as_ref)
                .map_or(classes, |v| v.class.min(classes))
        };
        let (i, j) = (class(a), class(b));
        if i == classes && j == classes {
            continue;
        }
        out[i][j].push(k);
    }
    out
}

/// Per year and table key: in `class` (true), in another class (false), or not in the index
/// that year (unknown); a year the index could not be computed is unknown for every key.
pub fn in_class<'a>(
    years: impl IntoIterator<Item = Option<&'a IndexYear>>,
    keys: usize,
    class: usize,
) -> Vec<Vec<Tri>> {
    years
        .into_iter()
        .map(|y| {
            (0..keys)
                .map(
                    |k| match y.and_then(|y| y.keys.get(k)).and_then(Option::as_ref) {
                        Some(v) => Tri::from_bool(v.class == class),
                        None => Tri::Unknown,
                    },
                )
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{IndexSpec, compute};
    use atlas_data::model::table::Indicator;
    use atlas_data::model::{IndicatorTable, TableFormat, YearIdx};

    /// Two years of one indicator over five keys; key 4 has no value in the first year.
    fn table() -> IndicatorTable {
        let keys: Vec<String> = (0..5).map(|k| k.to_string()).collect();
        let mut t = IndicatorTable::new(
            "t.csv".into(),
            TableFormat::WideByYear,
            "key".into(),
            Some("year".into()),
            keys,
            vec![2012, 2016],
            vec![Indicator {
                id: "x".into(),
                meta: Default::default(),
            }],
        );
        let values = [
            [Some(1.0), Some(2.0), Some(3.0), Some(4.0), None],
            [Some(4.0), Some(2.0), Some(3.0), Some(1.0), Some(5.0)],
        ];
        for (y, row) in values.iter().enumerate() {
            for (k, v) in row.iter().enumerate() {
                t.mark_row(YearIdx(y), k);
                t.set_value(0, YearIdx(y), k, *v);
            }
        }
        t
    }

    fn spec() -> IndexSpec {
        IndexSpec::parse(
            r#"{"id": "s", "components": [{"indicator": "x", "weight": 1}],
                "standardise": "none", "rescale": "none",
                "classes": [{"id": "lo", "upto": 2.5}, {"id": "hi"}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn transitions_put_each_key_in_its_cell_and_keys_out_of_the_index_last() {
        let t = table();
        let s = spec();
        let a = compute(&t, &s, YearIdx(0)).unwrap();
        let b = compute(&t, &s, YearIdx(1)).unwrap();
        let m = transitions(&a, &b, 2);
        // 2012: lo = {0, 1}, hi = {2, 3}, 4 out; 2016: lo = {1, 3}, hi = {0, 2, 4}.
        assert_eq!(m[0][0], vec![1]);
        assert_eq!(m[0][1], vec![0]);
        assert_eq!(m[1][0], vec![3]);
        assert_eq!(m[1][1], vec![2]);
        assert_eq!(m[2][1], vec![4]);
        assert!(m[2][0].is_empty() && m[0][2].is_empty() && m[2][2].is_empty());
    }

    #[test]
    fn in_class_is_unknown_where_the_key_is_not_in_the_index() {
        let t = table();
        let s = spec();
        let years: Vec<_> = (0..2).map(|y| compute(&t, &s, YearIdx(y)).ok()).collect();
        let tri = in_class(years.iter().map(Option::as_ref), 5, 1);
        assert_eq!(
            tri[0],
            [Tri::False, Tri::False, Tri::True, Tri::True, Tri::Unknown]
        );
        assert_eq!(
            tri[1],
            [Tri::True, Tri::False, Tri::True, Tri::False, Tri::True]
        );
        // A year without an index: unknown for all.
        let tri = in_class([None, years[1].as_ref()], 5, 1);
        assert!(tri[0].iter().all(|&t| t == Tri::Unknown));
    }
}
