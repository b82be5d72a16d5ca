//! Regridding a table through a crosswalk: each old key's counts are distributed to the new
//! keys by its weights (normalised to add up to 1, so that no count is lost where an old
//! district reaches past the new file by digitising differences); rates are recomputed from
//! the distributed numerator and denominator. Appending the table published on the new grid
//! gives one time series across the revision, with the regridded years marked as estimated.

use super::combine::{CombineReport, combine};
use super::crosswalk::{Basis, Crosswalk};
use super::report_msg::ReportLine;
use atlas_data::join::normalize_key;
use atlas_data::model::{Estimated, IndicatorTable, Localized};
use std::collections::{BTreeMap, BTreeSet};

/// What a regrid did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct RegridReport {
    pub old_keys: usize,
    pub new_keys: usize,
    /// Table keys the crosswalk does not name: their values are not carried over.
    pub not_in_crosswalk: Vec<String>,
    /// The largest share of an old key's weights that lay outside the new districts (given to
    /// the parts inside by normalising).
    pub largest_renormalisation: f64,
    #[serde(flatten)]
    pub values: CombineReport,
}

impl RegridReport {
    pub fn lines(&self) -> Vec<ReportLine> {
        let mut out = vec![ReportLine::Distributed {
            olds: self.old_keys,
            news: self.new_keys,
        }];
        if !self.not_in_crosswalk.is_empty() {
            out.push(ReportLine::NotInCrosswalk {
                n: self.not_in_crosswalk.len(),
                sample: super::sample(&self.not_in_crosswalk, 10),
            });
        }
        if self.largest_renormalisation > 0.0 {
            out.push(ReportLine::Renormalised {
                percent: self.largest_renormalisation * 100.0,
            });
        }
        out.extend(self.values.lines());
        out
    }
}

/// The table on the crosswalk's new keys (sorted), with the report.
pub fn regrid(t: &IndicatorTable, cw: &Crosswalk) -> (IndicatorTable, RegridReport) {
    let units: Vec<String> = cw
        .pairs
        .iter()
        .map(|p| p.new.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let unit_of: BTreeMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut by_old: BTreeMap<String, Vec<(usize, f64)>> = BTreeMap::new();
    for p in cw.pairs.iter().filter(|p| p.weight > 0.0) {
        by_old
            .entry(normalize_key(&p.old))
            .or_default()
            .push((unit_of[p.new.as_str()], p.weight));
    }
    let mut report = RegridReport {
        new_keys: units.len(),
        ..Default::default()
    };
    let parts: Vec<Vec<(usize, f64)>> = t
        .keys
        .iter()
        .map(|k| match by_old.get(&normalize_key(k)) {
            Some(to) => {
                let sum: f64 = to.iter().map(|(_, w)| w).sum();
                report.old_keys += 1;
                report.largest_renormalisation = report.largest_renormalisation.max(1.0 - sum);
                to.iter().map(|&(u, w)| (u, w / sum)).collect()
            }
            None => {
                report.not_in_crosswalk.push(k.clone());
                Vec::new()
            }
        })
        .collect();
    let out = combine(t, &units, &parts, false, &mut report.values);
    (out, report)
}

/// The note saying how the regridded years were made, in both languages.
pub fn estimate_note(years: &[i32], from: &str, basis: &Basis) -> Estimated {
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    let (en, de) = match basis {
        Basis::Area => ("by area".to_owned(), "nach Fläche".to_owned()),
        Basis::Population {
            indicator, year, ..
        } => (
            format!("by population ({indicator} {year})"),
            format!("nach Einwohnern ({indicator} {year})"),
        ),
        Basis::File { source } => (
            format!("through the crosswalk {source}"),
            format!("über die Zuordnung {source}"),
        ),
    };
    Estimated {
        years: years.to_vec(),
        note: Localized {
            en: Some(format!(
                "{span} estimated from the districts of {from} {en}"
            )),
            de: Some(format!("{span} geschätzt aus den Gebieten von {from} {de}")),
        },
    }
}

/// `older` (regridded) and `newer` (published on the new grid) as one table: keys and
/// indicators of both, every year of both; where both have a year, the published one wins.
pub fn append(older: &IndicatorTable, newer: &IndicatorTable) -> IndicatorTable {
    let in_newer: std::collections::HashSet<&String> = newer.keys.iter().collect();
    let keys: Vec<String> = newer
        .keys
        .iter()
        .chain(older.keys.iter().filter(|k| !in_newer.contains(k)))
        .cloned()
        .collect();
    let years: Vec<i32> = older
        .years
        .iter()
        .chain(&newer.years)
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut indicators = newer.indicators.clone();
    indicators.retain(|i| i.meta.formula.is_none());
    for i in older.indicators.iter().filter(|i| i.meta.formula.is_none()) {
        if !indicators.iter().any(|x| x.id == i.id) {
            indicators.push(i.clone());
        }
    }
    let mut out = IndicatorTable::new(
        newer.source.clone(),
        atlas_data::model::TableFormat::Long,
        "key".into(),
        Some("year".into()),
        keys,
        years,
        indicators,
    );
    let key_index: BTreeMap<String, usize> = out
        .keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    for (y, year) in out.years_enumerated().collect::<Vec<_>>() {
        let src = if newer.year_index(year).is_some() {
            newer
        } else {
            older
        };
        let Some(sy) = src.year_index(year) else {
            continue;
        };
        for (sk, key) in src.keys.iter().enumerate() {
            if !src.has_row(sy, sk) {
                continue;
            }
            let k = key_index[key];
            out.mark_row(y, k);
            for i in 0..out.indicators.len() {
                let v = src
                    .indicator_index(&out.indicators[i].id)
                    .and_then(|si| src.value(si, sy, sk));
                out.set_value(i, y, k, v);
            }
        }
    }
    out.rows = (out.year_indices())
        .map(|y| (0..out.keys.len()).filter(|&k| out.has_row(y, k)).count())
        .sum();
    out
}

/// A table file with its metadata applied (`meta`, else the `.meta.json` beside it), and the
/// metadata's warnings.
pub fn read_table_with_meta(
    path: &std::path::Path,
    meta: Option<&std::path::Path>,
) -> Result<
    (
        IndicatorTable,
        Option<atlas_data::model::MetaFile>,
        Vec<atlas_data::load::Note>,
    ),
    atlas_data::load::LoadError,
> {
    use atlas_data::load::{apply_meta, find_meta_beside, load_meta, load_table};
    let (mut t, _) = load_table(path, &Default::default())?;
    let meta_path = meta
        .map(std::path::Path::to_path_buf)
        .or_else(|| find_meta_beside(path));
    let m = meta_path.as_deref().map(load_meta).transpose()?;
    let warnings = apply_meta(&mut t, m.as_ref());
    Ok((t, m, warnings))
}

/// What a regrid writes besides the table: where it came from and how to say it.
pub struct RegridFile {
    /// The old table's data set metadata and derived formulas (kept in the new file).
    pub dataset: atlas_data::model::DatasetMeta,
    pub derived: Vec<atlas_data::model::DerivedIndicator>,
    /// The old table's file name, for the estimate note.
    pub from: String,
    /// The user's words for the estimated years instead of the automatic note.
    pub note: Option<String>,
    /// The table published on the new districts, appended after the regridded years.
    pub newer: Option<(IndicatorTable, Option<atlas_data::model::MetaFile>)>,
}

/// Regrids `t` through `cw`, appends the newer table, and writes the result with its metadata
/// (estimated years marked) to `out`. Returns the report and the metadata file's path. The
/// command line and the app both write regrids through this.
pub fn regrid_to_file(
    t: &IndicatorTable,
    cw: &Crosswalk,
    f: RegridFile,
    out: &std::path::Path,
) -> Result<(RegridReport, std::path::PathBuf), atlas_data::atomic_write::WriteError> {
    let (mut table, report) = regrid(t, cw);
    let mut dataset = f.dataset;
    let mut estimated = estimate_note(&table.years, &f.from, &cw.basis);
    if let Some(n) = &f.note {
        estimated.note = Localized::plain(n);
    }
    dataset.estimated = vec![estimated];
    let mut derived = f.derived;
    if let Some((n, nm)) = f.newer {
        table = append(&table, &n);
        if let Some(nm) = nm {
            // The newer file's own source and derived formulas come along.
            if dataset.source.is_none() {
                dataset.source = nm.dataset.source;
            }
            for d in nm.derived {
                if !derived.iter().any(|x| x.id == d.id) {
                    derived.push(d);
                }
            }
        }
    }
    let file = super::write::meta_of(&table, dataset, &derived);
    let meta_path = super::write::write_table_with_meta(out, &table, &file, &|_| String::new())?;
    Ok((report, meta_path))
}
