//! Evaluating rules on a data set: per year, each condition's threshold (city reference ×
//! factor + offset, a percentile of the districts' values, or a fixed value), then each
//! district's result with three-valued logic. A missing value, an indicator the table lacks, or
//! a threshold that cannot be computed make the condition unknown.

use super::model::{Combine, Condition, Rule, Threshold, Tri};
use crate::classify::sorted_finite;
use crate::classify::stats::percentile;
use crate::reference::city_reference;
use atlas_data::dataset::Dataset;
use atlas_data::model::YearIdx;

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

/// Per year, a condition's threshold.
fn thresholds(ds: &Dataset, c: &Condition, values: &[Vec<Option<f64>>]) -> ConditionThresholds {
    let Some(t) = ds.table() else {
        return ConditionThresholds {
            indicator: None,
            per_year: Vec::new(),
        };
    };
    let ind = t.indicator_index(&c.indicator);
    let keys = ds.joined_keys();
    let per_year = (t.year_indices())
        .map(|y| {
            let ind = ind?;
            match c.threshold {
                Threshold::City { factor, offset } => city_reference(t, ind, y, &keys)
                    .value
                    .map(|r| factor * r + offset),
                Threshold::Percentile(p) => {
                    let (sorted, _) = sorted_finite(values[y.get()].iter().copied());
                    (!sorted.is_empty()).then(|| percentile(&sorted, p))
                }
                Threshold::Absolute(v) => Some(v),
            }
        })
        .collect();
    ConditionThresholds {
        indicator: ind,
        per_year,
    }
}

/// Evaluates one rule for every year and district.
pub fn evaluate(ds: &Dataset, rule: &Rule) -> RuleResult {
    let n = ds.districts.districts.len();
    let years = ds.table().map(|t| t.years.len()).unwrap_or(0);
    let conds: Vec<&Condition> = rule.all_conditions().collect();
    // Values per condition and year (conditions on the same indicator share nothing here; a
    // rule has a handful of conditions).
    let values: Vec<Vec<Vec<Option<f64>>>> = conds
        .iter()
        .map(
            |c| match ds.table().and_then(|t| t.indicator_index(&c.indicator)) {
                Some(i) => ds
                    .table()
                    .map(|t| t.year_indices().map(|y| ds.district_values(i, y)).collect())
                    .unwrap_or_default(),
                None => vec![vec![None; n]; years],
            },
        )
        .collect();
    let th: Vec<ConditionThresholds> = conds
        .iter()
        .zip(&values)
        .map(|(c, v)| thresholds(ds, c, v))
        .collect();
    let cond_result = |ci: usize, y: usize, d: usize| -> Tri {
        match (values[ci][y][d], th[ci].per_year.get(y).copied().flatten()) {
            (Some(v), Some(t)) => Tri::from_bool(conds[ci].op.holds(v, t)),
            _ => Tri::Unknown,
        }
    };
    let combine = |how: Combine, items: &mut dyn Iterator<Item = Tri>| -> Tri {
        match how {
            Combine::All => items.fold(Tri::True, Tri::and),
            Combine::Any => items.fold(Tri::False, Tri::or),
        }
    };
    let top = rule.conditions.len();
    let per_year = (0..years)
        .map(|y| {
            (0..n)
                .map(|d| {
                    if top == 0 && rule.groups.is_empty() {
                        return Tri::Unknown; // an empty rule says nothing
                    }
                    let mut next = top;
                    let groups: Vec<Tri> = rule
                        .groups
                        .iter()
                        .map(|g| {
                            let first = next;
                            next += g.conditions.len();
                            if g.conditions.is_empty() {
                                return Tri::Unknown;
                            }
                            combine(
                                g.combine,
                                &mut (first..next).map(|ci| cond_result(ci, y, d)),
                            )
                        })
                        .collect();
                    combine(
                        rule.combine,
                        &mut (0..top).map(|ci| cond_result(ci, y, d)).chain(groups),
                    )
                })
                .collect()
        })
        .collect();
    RuleResult {
        per_year,
        thresholds: th,
    }
}

/// Evaluates every rule.
pub fn evaluate_all(ds: &Dataset, rules: &[Rule]) -> Vec<RuleResult> {
    rules.iter().map(|r| evaluate(ds, r)).collect()
}
