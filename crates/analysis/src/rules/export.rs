//! Flagged districts as CSV, the same for the command line (`flags`) and the app's export:
//! `key,name,year,rule,result`, then one column per indicator used by any rule (the union, in
//! first-use order), one row per district, year and rule. Values are written with a decimal
//! point and no grouping; missing values are empty.

use super::eval::RuleResult;
use super::model::RuleSet;
use atlas_data::dataset::Dataset;
use std::io::Write;

/// Writes the flags table.
pub fn write_flags<W: Write>(
    out: W,
    ds: &Dataset,
    set: &RuleSet,
    results: &[RuleResult],
) -> Result<(), String> {
    let Some(t) = ds.table() else {
        return Err("no indicator table is loaded".into());
    };
    let ids = set.indicators();
    let inds: Vec<Option<usize>> = ids.iter().map(|id| t.indicator_index(id)).collect();
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["key", "name", "year", "rule", "result"];
    header.extend(ids.iter().map(String::as_str));
    w.write_record(&header).map_err(|e| e.to_string())?;
    let keys = ds.join.as_ref().map(|j| &j.keys.district_to_key);
    for (d, district) in ds.districts.districts.iter().enumerate() {
        let key = keys.and_then(|k| k.get(d).copied().flatten());
        for (y, year) in t.years_enumerated() {
            let values: Vec<String> = inds
                .iter()
                .map(|i| match (i, key) {
                    (Some(i), Some(k)) => {
                        t.value(*i, y, k).map(|v| v.to_string()).unwrap_or_default()
                    }
                    _ => String::new(),
                })
                .collect();
            for (r, rule) in set.rules.iter().enumerate() {
                let result = results
                    .get(r)
                    .and_then(|res| res.per_year.get(y.get()))
                    .and_then(|row| row.get(d))
                    .map(|t| t.as_str())
                    .unwrap_or("unknown");
                let year = year.to_string();
                let mut row = vec![
                    district.key.as_str(),
                    district.name.as_str(),
                    &year,
                    &rule.name,
                    result,
                ];
                row.extend(values.iter().map(String::as_str));
                w.write_record(&row).map_err(|e| e.to_string())?;
            }
        }
    }
    w.flush().map_err(|e| e.to_string())
}

/// Rules that name indicators the table does not have: `(rule, indicator)`.
pub fn unknown_indicators(ds: &Dataset, set: &RuleSet) -> Vec<(String, String)> {
    let Some(t) = ds.table() else {
        return Vec::new();
    };
    set.rules
        .iter()
        .flat_map(|r| {
            r.indicators()
                .into_iter()
                .filter(|id| t.indicator_index(id).is_none())
                .map(|id| (r.name.clone(), id))
                .collect::<Vec<_>>()
        })
        .collect()
}
