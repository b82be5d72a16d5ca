//! Moving a table's values onto other units: each key gives its values to one unit
//! (aggregation) or to several with weights (a regrid through a crosswalk). Counts are
//! (weighted) sums; shares and rates with a known denominator are recomputed as the ratio of
//! the (weighted) sums, never averaged — from the exact numerator count when the table has
//! one; indicators with neither are left out with a note.

use super::report_msg::{LeftOut, ReportLine};
use atlas_data::load::Note;
use atlas_data::model::table::Indicator;
use atlas_data::model::{IndicatorTable, Measure, TableFormat};

/// How the values were combined.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CombineReport {
    /// Indicators summed / recomputed as ratio of sums (with their denominator).
    pub summed: Vec<String>,
    pub ratios: Vec<(String, String)>,
    /// Shares whose numerator count the table has (found because it gives every value of the
    /// share to its rounding): combined from the exact counts. (share, numerator, factor)
    pub numerators: Vec<(String, String, f64)>,
    /// Indicators left out, with why.
    #[serde(serialize_with = "english_pairs")]
    pub left_out: Vec<(String, LeftOut)>,
    /// Derived indicators that could not be recomputed on the combined table.
    #[serde(serialize_with = "english_list")]
    pub derived_failed: Vec<Note>,
    /// (unit, year, indicator) values left missing because a part had a row but no value.
    pub incomplete_values: usize,
    /// With rates over the parts that have a value: part values of rates left out because
    /// the part had a row but no value (its denominator left out with it).
    #[serde(skip_serializing_if = "is_zero")]
    pub rate_parts_skipped: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl CombineReport {
    pub fn lines(&self) -> Vec<ReportLine> {
        let mut out = Vec::new();
        for (i, n, f) in &self.numerators {
            out.push(ReportLine::FromCounts {
                share: i.clone(),
                factor: *f,
                count: n.clone(),
            });
        }
        if !self.ratios.is_empty() {
            let r: Vec<String> = self
                .ratios
                .iter()
                .map(|(i, d)| format!("{i} (÷ {d})"))
                .collect();
            out.push(ReportLine::Ratios { list: r.join(", ") });
        }
        for (i, why) in &self.left_out {
            out.push(ReportLine::LeftOut {
                id: i.clone(),
                why: why.clone(),
            });
        }
        for note in &self.derived_failed {
            out.push(ReportLine::Derived { note: note.clone() });
        }
        if self.rate_parts_skipped > 0 {
            out.push(ReportLine::RatesOverKnownParts {
                n: self.rate_parts_skipped,
            });
        }
        if self.incomplete_values > 0 {
            out.push(ReportLine::Incomplete {
                n: self.incomplete_values,
            });
        }
        out
    }
}

fn english_pairs<S: serde::Serializer>(v: &[(String, LeftOut)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(v.len()))?;
    for (id, why) in v {
        seq.serialize_element(&(id, why.to_string()))?;
    }
    seq.end()
}

fn english_list<S: serde::Serializer>(v: &[Note], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|n| n.to_string()))
}

/// A count column `n` with `share = factor × n ÷ denominator` in every row where all three
/// are given (to the share's rounding, read off its values), factor 100, 1 or 1000. Decided
/// from the whole table: one row off and there is no numerator.
pub fn find_numerator(t: &IndicatorTable, share: usize, den: usize) -> Option<(usize, f64)> {
    let decimals = (t.year_indices())
        .flat_map(|y| t.year_slice(share, y).iter().copied())
        .filter(|v| !v.is_nan())
        .map(super::decimals_of)
        .max()?;
    let tolerance = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9;
    (0..t.indicators.len())
        .filter(|&n| n != share && n != den && t.indicators[n].meta.measure == Measure::Count)
        .flat_map(|n| [100.0, 1.0, 1000.0].map(|f| (n, f)))
        .find(|&(n, f)| {
            let mut rows = 0usize;
            let all = (t.year_indices()).all(|y| {
                let (s, c, d) = (
                    t.year_slice(share, y),
                    t.year_slice(n, y),
                    t.year_slice(den, y),
                );
                (0..t.keys.len()).all(|k| {
                    if s[k].is_nan() || c[k].is_nan() || d[k].is_nan() || d[k] == 0.0 {
                        return true;
                    }
                    rows += 1;
                    (f * c[k] / d[k] - s[k]).abs() <= tolerance
                })
            });
            all && rows > 0
        })
}

/// The table on `units`: each key's values go to the units in `parts[key]` with their weights
/// (1 for aggregation, the crosswalk's shares for a regrid). Counts are weighted sums; rates
/// with a denominator the ratio of the weighted sums; derived columns are left out (they are
/// computed again on the result). A unit's value is missing when one of its parts has a row
/// that year but no value — or, with `rates_over_known_parts`, a rate's unit value is the
/// ratio of sums over the parts that have one (a suppressed small area does not blank its
/// whole parent; the report counts what was left out).
pub fn combine(
    t: &IndicatorTable,
    units: &[String],
    parts: &[Vec<(usize, f64)>],
    rates_over_known_parts: bool,
    report: &mut CombineReport,
) -> IndicatorTable {
    let loaded: Vec<usize> = (0..t.indicators.len())
        .filter(|&i| t.indicators[i].meta.formula.is_none())
        .collect();
    // (indicator, denominator, numerator with its factor)
    type Plan = (usize, Option<usize>, Option<(usize, f64)>);
    let mut plan: Vec<Plan> = Vec::new();
    for &i in &loaded {
        let m = &t.indicators[i].meta;
        let id = &t.indicators[i].id;
        let den = m.denominator.as_deref().and_then(|d| t.indicator_index(d));
        match (m.measure, den) {
            (Measure::Count, _) => {
                report.summed.push(id.clone());
                plan.push((i, None, None));
            }
            (Measure::Rate, Some(d)) if t.indicators[d].meta.measure == Measure::Count => {
                report.ratios.push((id.clone(), t.indicators[d].id.clone()));
                let num = find_numerator(t, i, d);
                if let Some((n, f)) = num {
                    report
                        .numerators
                        .push((id.clone(), t.indicators[n].id.clone(), f));
                }
                plan.push((i, Some(d), num));
            }
            (Measure::Rate, Some(d)) => report.left_out.push((
                id.clone(),
                LeftOut::DenominatorNotCount {
                    denominator: t.indicators[d].id.clone(),
                },
            )),
            (Measure::Rate, None) => report.left_out.push((id.clone(), LeftOut::NoDenominator)),
        }
    }
    let indicators: Vec<Indicator> = plan
        .iter()
        .map(|&(i, _, _)| t.indicators[i].clone())
        .collect();
    let mut out = IndicatorTable::new(
        format!("{} aggregated", t.source),
        TableFormat::Long,
        "key".into(),
        Some("year".into()),
        units.to_vec(),
        t.years.clone(),
        indicators,
    );
    let n = units.len();
    for y in t.year_indices() {
        for (k, to) in parts.iter().enumerate() {
            if t.has_row(y, k) {
                for &(u, _) in to {
                    out.mark_row(y, u);
                }
            }
        }
    }
    for (out_i, &(i, den, numerator)) in plan.iter().enumerate() {
        for y in t.year_indices() {
            let mut num = vec![0.0; n];
            let mut base = vec![0.0; n];
            let mut broken = vec![false; n];
            let mut seen = vec![false; n];
            for (k, to) in parts.iter().enumerate() {
                if to.is_empty() || !t.has_row(y, k) {
                    continue;
                }
                // With the numerator known, v × d is that count (times its factor), exact
                // where the share was rounded.
                let v = match numerator {
                    Some((n, f)) => t.value(n, y, k).map(|c| c * f).and_then(|c| {
                        den.and_then(|d| t.value(d, y, k))
                            .filter(|&d| d != 0.0)
                            .map(|d| c / d)
                            .or_else(|| t.value(i, y, k))
                    }),
                    None => t.value(i, y, k),
                };
                let d = den.map(|d| t.value(d, y, k));
                for &(u, w) in to {
                    match (v, d) {
                        (Some(v), None) => {
                            num[u] += w * v;
                            seen[u] = true;
                        }
                        (Some(v), Some(Some(d))) => {
                            num[u] += w * v * d;
                            base[u] += w * d;
                            seen[u] = true;
                        }
                        // A rate's part without a value, where rates are taken over the
                        // parts that have one: left out, numerator and denominator alike.
                        (None, Some(_)) if rates_over_known_parts => {
                            report.rate_parts_skipped += 1;
                        }
                        // A part with a row but no value (or no denominator): the unit's
                        // value would be a sum of the rest.
                        _ => broken[u] = true,
                    }
                }
            }
            for u in 0..n {
                let v = if broken[u] {
                    if seen[u] {
                        report.incomplete_values += 1;
                    }
                    None
                } else if !seen[u] {
                    None
                } else if den.is_some() {
                    (base[u] != 0.0).then(|| num[u] / base[u])
                } else {
                    Some(num[u])
                };
                out.set_value(out_i, y, u, v);
            }
        }
    }
    out.rows = (t.year_indices())
        .map(|y| (0..n).filter(|&u| out.has_row(y, u)).count())
        .sum();
    out
}
