//! Evaluating rules on a data set: per year, each condition's threshold (city reference ×
//! factor + offset, a percentile of the districts' values, or a fixed value), then each
//! district's result with three-valued logic. A missing value, an indicator the table lacks, or
//! a threshold that cannot be computed make the condition unknown.

use super::model::{Combine, Condition, Rule, Threshold, Tri};
use crate::classify::sorted_finite;
use crate::classify::stats::percentile;
use crate::reference::city_reference;
use atlas_data::dataset::Dataset;
use atlas_data::model::{IndicatorTable, YearIdx};

/// One condition's threshold in every year (`None`: unknown that year).
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionThresholds {
    /// Index of the indicator in the table (`None`: the table lacks it).
    pub indicator: Option<usize>,
    pub per_year: Vec<Option<f64>>,
}

/// A rule's results: per year, per district.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleResult {
    pub per_year: Vec<Vec<Tri>>,
    /// Per condition, in [`Rule::all_conditions`] order.
    pub thresholds: Vec<ConditionThresholds>,
}

impl RuleResult {
    /// How many districts are true / false / unknown in a year.
    pub fn counts(&self, year: YearIdx) -> [usize; 3] {
        let mut c = [0; 3];
        for t in self.per_year.get(year.get()).into_iter().flatten() {
            c[match t {
                Tri::True => 0,
                Tri::False => 1,
                Tri::Unknown => 2,
            }] += 1;
        }
        c
    }
}

/// A condition's threshold in one year (`values`: the districts' values that year).
fn threshold(
    t: &IndicatorTable,
    c: &Condition,
    ind: Option<usize>,
    y: YearIdx,
    values: &[Option<f64>],
    keys: &[usize],
) -> Option<f64> {
    let ind = ind?;
    match c.threshold {
        Threshold::City { factor, offset } => city_reference(t, ind, y, keys)
            .value
            .map(|r| factor * r + offset),
        Threshold::Percentile(p) => {
            let (sorted, _) = sorted_finite(values.iter().copied());
            (!sorted.is_empty()).then(|| percentile(&sorted, p))
        }
        Threshold::Absolute(v) => Some(v),
    }
}

/// Above this many district-years a rule's years are evaluated side by side on all cores
/// (they are independent): 100 000 districts × 20 years took 0.17 s on one core — on the UI
/// thread, in the frame that takes a new data set in.
const PARALLEL_CELLS: usize = 200_000;

/// Evaluates one rule for every year and district.
pub fn evaluate(ds: &Dataset, rule: &Rule) -> RuleResult {
    let cells = ds.districts.districts.len() * ds.table().map_or(0, |t| t.years.len());
    evaluate_with(ds, rule, cells >= PARALLEL_CELLS)
}

fn evaluate_with(ds: &Dataset, rule: &Rule, side_by_side: bool) -> RuleResult {
    let n = ds.districts.districts.len();
    let conds: Vec<&Condition> = rule.all_conditions().collect();
    let Some(t) = ds.table() else {
        let none = ConditionThresholds {
            indicator: None,
            per_year: Vec::new(),
        };
        return RuleResult {
            per_year: Vec::new(),
            thresholds: vec![none; conds.len()],
        };
    };
    let inds: Vec<Option<usize>> = conds
        .iter()
        .map(|c| t.indicator_index(&c.indicator))
        .collect();
    let keys = ds.joined_keys();
    let combine = |how: Combine, items: &mut dyn Iterator<Item = Tri>| -> Tri {
        match how {
            Combine::All => items.fold(Tri::True, Tri::and),
            Combine::Any => items.fold(Tri::False, Tri::or),
        }
    };
    let top = rule.conditions.len();
    let empty = top == 0 && rule.groups.is_empty();
    // Each group's conditions, as indices into `conds` (after the top-level ones): found once,
    // not for every district.
    let group_conditions: Vec<std::ops::Range<usize>> = rule
        .groups
        .iter()
        .scan(top, |next, g| {
            let first = *next;
            *next += g.conditions.len();
            Some(first..*next)
        })
        .collect();
    // One year: each condition's values and threshold, then each district's result.
    let year = |&y: &YearIdx| -> (Vec<Option<f64>>, Vec<Tri>) {
        let values: Vec<Vec<Option<f64>>> = inds
            .iter()
            .map(|ind| match ind {
                Some(i) => ds.district_values(*i, y),
                None => vec![None; n],
            })
            .collect();
        let th: Vec<Option<f64>> = conds
            .iter()
            .zip(&inds)
            .zip(&values)
            .map(|((c, ind), v)| threshold(t, c, *ind, y, v, &keys))
            .collect();
        let cond_result = |ci: usize, d: usize| -> Tri {
            match (values[ci][d], th[ci]) {
                (Some(v), Some(t)) => Tri::from_bool(conds[ci].op.holds(v, t)),
                _ => Tri::Unknown,
            }
        };
        let row = (0..n)
            .map(|d| {
                if empty {
                    return Tri::Unknown; // an empty rule says nothing
                }
                let groups = rule.groups.iter().zip(&group_conditions).map(|(g, cs)| {
                    if cs.is_empty() {
                        return Tri::Unknown;
                    }
                    combine(g.combine, &mut cs.clone().map(|ci| cond_result(ci, d)))
                });
                combine(
                    rule.combine,
                    &mut (0..top).map(|ci| cond_result(ci, d)).chain(groups),
                )
            })
            .collect();
        (th, row)
    };
    let years: Vec<YearIdx> = t.year_indices().collect();
    let parts: Vec<(Vec<Option<f64>>, Vec<Tri>)> = if side_by_side {
        atlas_data::parallel::map(&years, year)
    } else {
        years.iter().map(year).collect()
    };
    let thresholds = inds
        .iter()
        .enumerate()
        .map(|(ci, &indicator)| ConditionThresholds {
            indicator,
            per_year: parts.iter().map(|(th, _)| th[ci]).collect(),
        })
        .collect();
    RuleResult {
        per_year: parts.into_iter().map(|(_, row)| row).collect(),
        thresholds,
    }
}

/// Evaluates every rule.
pub fn evaluate_all(ds: &Dataset, rules: &[Rule]) -> Vec<RuleResult> {
    rules.iter().map(|r| evaluate(ds, r)).collect()
}

#[cfg(test)]
mod tests {
    // Test code: a failed unwrap is a failed test.
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::rules::{Group, Op, default_rules};
    use atlas_data::dataset::{DatasetOptions, demo_paths, load_dataset};

    /// The years side by side give what they give one after the other: the same rows in year
    /// order, each condition's thresholds in year order (the demo's default rules, and one with
    /// a percentile, a group and an indicator the table lacks).
    #[test]
    fn years_side_by_side_equal_one_after_the_other() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let ds = load_dataset(&demo_paths(&root), &DatasetOptions::default()).unwrap();
        let mut rules = default_rules(ds.table(), atlas_i18n::Lang::En).rules;
        let cond = |ind: &str, op, threshold| Condition {
            indicator: ind.into(),
            op,
            threshold,
        };
        let mut r = rules[0].clone();
        r.conditions = vec![cond("fluctuation", Op::Ge, Threshold::Percentile(75.0))];
        r.groups = vec![Group {
            combine: Combine::Any,
            conditions: vec![
                cond("foreign_pct", Op::Ge, Threshold::Absolute(30.0)),
                cond("no_such_column", Op::Gt, Threshold::Absolute(1.0)),
            ],
        }];
        rules.push(r);
        for r in &rules {
            let (one, both) = (evaluate_with(&ds, r, false), evaluate_with(&ds, r, true));
            assert_eq!(one, both);
            assert_eq!(both.per_year.len(), ds.table().unwrap().years.len());
            assert!(both.per_year.iter().any(|y| y.contains(&Tri::True)));
        }
    }
}
