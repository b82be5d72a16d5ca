//! Aggregation of districts to larger units: by a key prefix (Berlin's Planungsraum
//! `01011101` → Bezirk `01`), by a property or table column naming the parent, or spatially
//! (each district to the parent polygon containing its interior point).
//!
//! The table is the data, the boundaries only draw it: every table key is aggregated, also
//! those without a district (when the grouping can place them), and the report says how many.
//! Counts are summed; shares and rates with a denominator are recomputed as the ratio of sums
//! Σ(value × denominator) ÷ Σ denominator, never averaged; indicators that are neither are
//! left out with a note. Derived indicators are computed again from the aggregated inputs, so
//! a formula's ratio is a ratio of sums too. A parent value is missing when one of its parts
//! has a row that year but no value (a sum of the rest would understate it silently).

use super::new_districts;
use crate::dataset::Dataset;
use crate::model::table::Indicator;
use crate::model::{DerivedIndicator, Districts, IndicatorTable, Measure, TableFormat};
use geo::{Contains, InteriorPoint, MultiPolygon};
use std::collections::BTreeMap;

/// How parts find their parent.
#[derive(Debug, Clone)]
pub enum GroupBy {
    /// The first n characters of the key.
    Prefix(usize),
    /// A boundary property or a table text column holding the parent's key.
    Field(String),
    /// The parent polygon (of another boundary file) containing the district's interior point.
    Within(Box<Districts>),
}

impl GroupBy {
    /// Parses `prefix:N` or `field:NAME`; `within:` needs its file loaded by the caller.
    pub fn parse_simple(arg: &str) -> Result<GroupBy, String> {
        if let Some(n) = arg.strip_prefix("prefix:") {
            let n: usize = n.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                format!("--by '{arg}': the prefix length must be a whole number above 0")
            })?;
            Ok(GroupBy::Prefix(n))
        } else if let Some(f) = arg.strip_prefix("field:").filter(|f| !f.is_empty()) {
            Ok(GroupBy::Field(f.to_owned()))
        } else {
            Err(format!(
                "--by '{arg}': use prefix:N, field:NAME or within:PARENT.geojson"
            ))
        }
    }

    pub fn describe(&self) -> String {
        match self {
            GroupBy::Prefix(n) => format!("the first {n} characters of the key"),
            GroupBy::Field(f) => format!("the field '{f}'"),
            GroupBy::Within(p) => format!("the areas of {} containing them", p.source),
        }
    }
}

/// What aggregation did, for the user.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct AggregateReport {
    pub parts: usize,
    pub units: usize,
    /// Table keys without a district that were aggregated too.
    pub keys_without_district: usize,
    /// Table keys (and districts without data) that could not be given a parent.
    pub unplaced: Vec<String>,
    /// Indicators summed / recomputed as ratio of sums (with their denominator).
    pub summed: Vec<String>,
    pub ratios: Vec<(String, String)>,
    /// Shares whose numerator count the table has (found because it gives every value of the
    /// share to its rounding): aggregated from the exact counts. (share, numerator, factor)
    pub numerators: Vec<(String, String, f64)>,
    /// Indicators left out, with why.
    pub left_out: Vec<(String, String)>,
    /// (unit, year, indicator) values left missing because a part had a row but no value.
    pub incomplete_values: usize,
}

impl AggregateReport {
    /// The report as lines of text.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "{} parts aggregated to {} units",
            self.parts, self.units
        )];
        if self.keys_without_district > 0 {
            out.push(format!(
                "table keys without a district aggregated too (the table is the data): {}",
                self.keys_without_district
            ));
        }
        if !self.unplaced.is_empty() {
            out.push(format!(
                "{} keys could not be given a parent and are left out: {}",
                self.unplaced.len(),
                super::sample(&self.unplaced, 10)
            ));
        }
        for (i, n, f) in &self.numerators {
            out.push(format!(
                "'{i}' = {f} × {n} ÷ its denominator in every row (to its rounding): aggregated from the counts"
            ));
        }
        if !self.ratios.is_empty() {
            let r: Vec<String> = self
                .ratios
                .iter()
                .map(|(i, d)| format!("{i} (÷ {d})"))
                .collect();
            out.push(format!("recomputed as ratio of sums: {}", r.join(", ")));
        }
        for (i, why) in &self.left_out {
            out.push(format!("left out '{i}': {why}"));
        }
        if self.incomplete_values > 0 {
            out.push(format!(
                "{} values left missing: a part had a row that year but no value",
                self.incomplete_values
            ));
        }
        out
    }
}

/// The aggregated data set: new districts, a long-format table with metadata, the derived
/// definitions that were applied again, and the report.
#[derive(Debug, Clone)]
pub struct Aggregated {
    pub districts: Districts,
    pub table: IndicatorTable,
    pub derived: Vec<DerivedIndicator>,
    pub report: AggregateReport,
}

/// Aggregates the data set.
pub fn aggregate(ds: &Dataset, by: &GroupBy) -> Result<Aggregated, String> {
    let t = ds.table().ok_or("aggregation needs an indicator table")?;
    let join = ds
        .join
        .as_ref()
        .ok_or("aggregation needs an indicator table")?;
    let district_parent = district_parents(ds, by)?;
    // Each table key's parent: from a table column where the grouping names one, else from
    // its districts.
    let column = match by {
        GroupBy::Field(f) => t.attributes.iter().find(|a| &a.name == f),
        _ => None,
    };
    let mut report = AggregateReport::default();
    let mut key_parent: Vec<Option<String>> = Vec::with_capacity(t.keys.len());
    for (k, key) in t.keys.iter().enumerate() {
        let own = match (by, column) {
            (GroupBy::Prefix(n), _) => prefix(key, *n),
            (_, Some(c)) => c.values[k].clone().filter(|v| !v.trim().is_empty()),
            _ => None,
        };
        let districts = &join.keys.key_to_districts[k];
        let parent = own.or_else(|| districts.iter().find_map(|&d| district_parent[d].clone()));
        if districts.is_empty() && parent.is_some() {
            report.keys_without_district += 1;
        }
        if parent.is_none() {
            report.unplaced.push(key.clone());
        }
        key_parent.push(parent);
    }
    // The units: every parent of a district or a key, sorted by key.
    let mut units: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (d, p) in district_parent.iter().enumerate() {
        match p {
            Some(p) => units.entry(p.clone()).or_default().push(d),
            None => report.unplaced.push(ds.districts.districts[d].key.clone()),
        }
    }
    for p in key_parent.iter().flatten() {
        units.entry(p.clone()).or_default();
    }
    report.unplaced.sort();
    report.unplaced.dedup();
    report.parts = key_parent.iter().filter(|p| p.is_some()).count();
    report.units = units.len();
    let unit_keys: Vec<String> = units.keys().cloned().collect();
    let unit_index: BTreeMap<&str, usize> = unit_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let key_unit: Vec<Option<usize>> = key_parent
        .iter()
        .map(|p| p.as_deref().and_then(|p| unit_index.get(p).copied()))
        .collect();
    let table = aggregate_table(t, &unit_keys, &key_unit, &mut report);
    let districts = unit_geometry(ds, by, &units);
    // Formulas again on the sums; those of the metadata file first, as when loading.
    let derived: Vec<DerivedIndicator> = ds
        .table
        .as_ref()
        .map(|d| d.meta_derived.clone())
        .unwrap_or_default()
        .into_iter()
        .chain(ds.derived.iter().cloned())
        .collect();
    let mut table = table;
    for e in crate::analysis::formula::apply_derived(&mut table, &derived) {
        report.left_out.push((String::new(), e));
    }
    Ok(Aggregated {
        districts,
        table,
        derived,
        report,
    })
}

/// The first `n` characters of a key, `None` when it is shorter.
fn prefix(key: &str, n: usize) -> Option<String> {
    let key = key.trim();
    (key.chars().count() >= n).then(|| key.chars().take(n).collect())
}

/// Each district's parent key.
fn district_parents(ds: &Dataset, by: &GroupBy) -> Result<Vec<Option<String>>, String> {
    let d = &ds.districts;
    Ok(match by {
        GroupBy::Prefix(n) => d.districts.iter().map(|x| prefix(&x.key, *n)).collect(),
        GroupBy::Field(f) => match d.property_index(f) {
            Some(i) => d
                .districts
                .iter()
                .map(|x| x.properties[i].clone().filter(|v| !v.trim().is_empty()))
                .collect(),
            None => {
                let in_table = ds
                    .table()
                    .is_some_and(|t| t.attributes.iter().any(|a| &a.name == f));
                if !in_table {
                    let mut have: Vec<String> = d.property_names.clone();
                    if let Some(t) = ds.table() {
                        have.extend(t.attributes.iter().map(|a| a.name.clone()));
                    }
                    return Err(format!(
                        "no boundary property or table column '{f}' (there are: {})",
                        have.join(", ")
                    ));
                }
                vec![None; d.districts.len()]
            }
        },
        GroupBy::Within(parents) => {
            let tree = parent_tree(parents);
            d.districts
                .iter()
                .map(|x| {
                    let p = x.geometry.interior_point()?;
                    tree.locate_all_at_point(&[p.x(), p.y()])
                        .find(|e| parents.districts[e.data].geometry.contains(&p))
                        .map(|e| parents.districts[e.data].key.clone())
                })
                .collect()
        }
    })
}

type Entry = rstar::primitives::GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>;

/// An R-tree of the districts' bounding boxes.
pub fn parent_tree(parents: &Districts) -> rstar::RTree<Entry> {
    use geo::BoundingRect;
    let entries: Vec<Entry> = parents
        .districts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let r = p.geometry.bounding_rect()?;
            Some(Entry::new(
                rstar::primitives::Rectangle::from_corners(
                    [r.min().x, r.min().y],
                    [r.max().x, r.max().y],
                ),
                i,
            ))
        })
        .collect();
    rstar::RTree::bulk_load(entries)
}

/// The units' geometry: the parent polygons for `within`, else the union of their districts.
fn unit_geometry(ds: &Dataset, by: &GroupBy, units: &BTreeMap<String, Vec<usize>>) -> Districts {
    let source = format!("{} aggregated", ds.districts.source);
    let parts: Vec<(String, String, MultiPolygon<f64>)> = match by {
        GroupBy::Within(parents) => units
            .keys()
            .map(|k| {
                let p = parents.districts.iter().find(|p| &p.key == k);
                (
                    k.clone(),
                    p.map_or_else(|| k.clone(), |p| p.name.clone()),
                    p.map(|p| p.geometry.clone())
                        .unwrap_or(MultiPolygon(vec![])),
                )
            })
            .collect(),
        _ => {
            let list: Vec<(&String, &Vec<usize>)> = units.iter().collect();
            // Unions are independent: on all cores.
            let geoms = crate::parallel::map(&list, |(_, ds_idx)| {
                let polys: Vec<&MultiPolygon<f64>> = ds_idx
                    .iter()
                    .map(|&d| &ds.districts.districts[d].geometry)
                    .collect();
                dissolve(&polys)
            });
            list.iter()
                .zip(geoms)
                .map(|((k, _), g)| ((*k).clone(), (*k).clone(), g))
                .collect()
        }
    };
    new_districts(&source, parts)
}

/// The union of polygons (geo's boolean operations).
pub fn dissolve(parts: &[&MultiPolygon<f64>]) -> MultiPolygon<f64> {
    match parts {
        [] => MultiPolygon(vec![]),
        [one] => (*one).clone(),
        _ => geo::unary_union(parts.iter().copied()),
    }
}

/// A count column `n` with `share = factor × n ÷ denominator` in every row where all three
/// are given (to the share's rounding, read off its values), factor 100, 1 or 1000. Decided
/// from the whole table: one row off and there is no numerator.
fn find_numerator(t: &IndicatorTable, share: usize, den: usize) -> Option<(usize, f64)> {
    let decimals = (0..t.years.len())
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
            let all = (0..t.years.len()).all(|y| {
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

/// Sums and ratios of sums per unit, year and indicator (derived columns left out: they are
/// computed again on the result).
fn aggregate_table(
    t: &IndicatorTable,
    units: &[String],
    key_unit: &[Option<usize>],
    report: &mut AggregateReport,
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
                report
                    .ratios
                    .push((id.clone(), t.indicators[d].id.clone()));
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
                format!(
                    "its denominator '{}' is not a count",
                    t.indicators[d].id
                ),
            )),
            (Measure::Rate, None) => report.left_out.push((
                id.clone(),
                "not a count and no denominator (give one in the metadata to aggregate it as a ratio of sums)".into(),
            )),
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
    for y in 0..t.years.len() {
        for (k, u) in key_unit.iter().enumerate() {
            if let Some(u) = *u
                && t.has_row(y, k)
            {
                out.mark_row(y, u);
            }
        }
    }
    for (out_i, &(i, den, numerator)) in plan.iter().enumerate() {
        for y in 0..t.years.len() {
            let mut num = vec![0.0; n];
            let mut base = vec![0.0; n];
            let mut broken = vec![false; n];
            let mut seen = vec![false; n];
            for (k, u) in key_unit.iter().enumerate() {
                let Some(u) = *u else { continue };
                if !t.has_row(y, k) {
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
                match (v, den.map(|d| t.value(d, y, k))) {
                    (Some(v), None) => {
                        num[u] += v;
                        seen[u] = true;
                    }
                    (Some(v), Some(Some(d))) => {
                        num[u] += v * d;
                        base[u] += d;
                        seen[u] = true;
                    }
                    // A part with a row but no value (or no denominator): the unit's value
                    // would be a sum of the rest.
                    _ => broken[u] = true,
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
    out.rows = (0..t.years.len())
        .map(|y| (0..n).filter(|&u| out.has_row(y, u)).count())
        .sum();
    out
}
