//! A table aggregated onto a given coarser boundary file, without the fine polygons: Berlin's
//! MSS 2021 comes on 542 Planungsräume that have no polygons here, and aggregates exactly to
//! the 58 Prognoseräume of 2021 by the first 4 digits of its keys. Each table key goes to the
//! parent its key prefix names; the values combine as in every aggregation (counts summed,
//! rates as the ratio of sums over their denominator) except that a rate is taken over the
//! parts that have a value: statistics offices suppress small areas (MSS: fewer than 300
//! residents), and one suppressed part would otherwise blank its whole parent (MSS 2013 onto
//! the old Prognoseräume and through the crosswalk onto the new ones: only 10 of 58 kept a
//! 2012 value). The report counts the part values left out.

use super::aggregate::{AggregateReport, Aggregated};
use super::combine::combine;
use super::new_districts;
use super::report_msg::GeogError;
use atlas_data::model::{Districts, IndicatorTable};
use std::collections::BTreeMap;

/// `t` aggregated onto `parents` by the first `n` characters of its keys. Keys whose prefix
/// names no parent are reported as unplaced; parents no key reaches stay, without data.
pub fn aggregate_onto(
    t: &IndicatorTable,
    parents: &Districts,
    n: usize,
) -> Result<Aggregated, GeogError> {
    let unit_keys: Vec<String> = parents.districts.iter().map(|d| d.key.clone()).collect();
    let index: BTreeMap<&str, usize> = unit_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut report = AggregateReport::default();
    let parts: Vec<Vec<(usize, f64)>> = t
        .keys
        .iter()
        .map(|key| {
            let p: String = key.trim().chars().take(n).collect();
            match index.get(p.as_str()) {
                Some(&u) if key.trim().chars().count() >= n => vec![(u, 1.0)],
                _ => {
                    report.unplaced.push(key.clone());
                    Vec::new()
                }
            }
        })
        .collect();
    report.parts = parts.iter().filter(|p| !p.is_empty()).count();
    report.keys_without_district = report.parts;
    if report.parts == 0 {
        return Err(GeogError::NothingOnto {
            n,
            parents: parents.source.clone(),
        });
    }
    let table = combine(t, &unit_keys, &parts, true, &mut report.values);
    report.units = unit_keys.len();
    let districts = new_districts(
        &format!("{} (from {})", parents.source, t.source),
        parents
            .districts
            .iter()
            .map(|d| (d.key.clone(), d.name.clone(), d.geometry.clone()))
            .collect(),
    );
    Ok(Aggregated {
        districts,
        table,
        derived: Vec::new(),
        report,
    })
}
