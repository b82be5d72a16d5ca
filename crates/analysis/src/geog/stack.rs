//! Tables of one district grid published a file per year (an edition per year, as Berlin's
//! social monitoring is) stacked into one time series: keys and indicators of all files, every
//! year of each. A year in two files is taken from the later file, and the report says so —
//! the same rule as appending a newer table after a regrid.

use super::regrid::append;
use super::report_msg::{GeogError, ReportLine};
use atlas_data::model::{DatasetMeta, DerivedIndicator, IndicatorTable};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What stacking did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct StackReport {
    /// Per file: its name and years.
    pub files: Vec<(String, Vec<i32>)>,
    /// Years in more than one file, with the file whose values were kept.
    pub replaced: Vec<(i32, String)>,
    /// Keys missing from at least one file (a grid revision shows up here).
    pub keys_not_in_all: Vec<String>,
    /// Indicators missing from at least one file: missing in that file's years.
    pub indicators_not_in_all: Vec<String>,
    /// Where the stacked table was written.
    pub out: PathBuf,
}

impl StackReport {
    pub fn lines(&self) -> Vec<ReportLine> {
        let mut out: Vec<ReportLine> = self
            .files
            .iter()
            .map(|(file, years)| ReportLine::StackedFile {
                file: file.clone(),
                years: years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect();
        for (year, file) in &self.replaced {
            out.push(ReportLine::YearFromLater {
                year: *year,
                file: file.clone(),
            });
        }
        if !self.keys_not_in_all.is_empty() {
            out.push(ReportLine::KeysNotInAll {
                n: self.keys_not_in_all.len(),
                sample: super::sample(&self.keys_not_in_all, 10),
            });
        }
        if !self.indicators_not_in_all.is_empty() {
            out.push(ReportLine::IndicatorsNotInAll {
                n: self.indicators_not_in_all.len(),
                sample: super::sample(&self.indicators_not_in_all, 10),
            });
        }
        out
    }
}

/// The tables as one, in the order given (a later file's year replaces an earlier one's), and
/// the report. `None` for no tables.
pub fn stack(tables: &[IndicatorTable]) -> Option<(IndicatorTable, StackReport)> {
    let (first, rest) = tables.split_first()?;
    let mut report = StackReport::default();
    let mut seen_years: Vec<i32> = Vec::new();
    for t in tables {
        report.files.push((t.source.clone(), t.years.clone()));
        for &y in &t.years {
            if seen_years.contains(&y) {
                report.replaced.retain(|(ry, _)| *ry != y);
                report.replaced.push((y, t.source.clone()));
            } else {
                seen_years.push(y);
            }
        }
    }
    report.replaced.sort();
    let in_all = |of: &dyn Fn(&IndicatorTable) -> Vec<String>| -> Vec<String> {
        let sets: Vec<HashSet<String>> =
            tables.iter().map(|t| of(t).into_iter().collect()).collect();
        let mut all: Vec<String> = Vec::new();
        let mut listed = HashSet::new();
        for t in tables {
            for k in of(t) {
                if !sets.iter().all(|s| s.contains(&k)) && listed.insert(k.clone()) {
                    all.push(k);
                }
            }
        }
        all
    };
    report.keys_not_in_all = in_all(&|t| t.keys.clone());
    report.indicators_not_in_all = in_all(&|t| {
        t.indicators
            .iter()
            .filter(|i| i.meta.formula.is_none())
            .map(|i| i.id.clone())
            .collect()
    });
    let mut out = rest.iter().fold(first.clone(), |acc, t| append(&acc, t));
    out.source = tables
        .iter()
        .map(|t| t.source.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    Some((out, report))
}

/// Each key's name from the first table with a `name` column that names it (for the written
/// table's name column).
pub fn names(tables: &[IndicatorTable]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for t in tables {
        let Some(a) = t
            .attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case("name"))
        else {
            continue;
        };
        for (k, v) in t.keys.iter().zip(&a.values) {
            if let Some(v) = v {
                out.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    out
}

/// Reads the tables at `paths` (each with its metadata: the `.meta.json` beside it, else
/// `meta`), stacks them and writes the result to `out(table)` with its metadata beside it.
/// Returns the report, the metadata warnings as report lines, and the metadata file's path.
/// The command line and the app both stack through this.
pub fn stack_files(
    paths: &[PathBuf],
    meta: Option<&Path>,
    out: &dyn Fn(&IndicatorTable) -> PathBuf,
) -> Result<(StackReport, Vec<ReportLine>, PathBuf), GeogError> {
    let mut tables = Vec::new();
    let mut metas = Vec::new();
    let mut warnings = Vec::new();
    for p in paths {
        let own = atlas_data::load::find_meta_beside(p);
        let (t, m, w) = super::regrid::read_table_with_meta(p, own.as_deref().or(meta))?;
        tables.push(t);
        metas.push(m);
        warnings.extend(w.into_iter().map(|note| ReportLine::Derived { note }));
    }
    let (table, mut report) = stack(&tables).ok_or(GeogError::NoTable)?;
    report.out = out(&table);
    // The first file's description of the data set; derived formulas of all.
    let mut dataset = DatasetMeta::default();
    let mut derived: Vec<DerivedIndicator> = Vec::new();
    for m in metas.into_iter().flatten() {
        if dataset == DatasetMeta::default() {
            dataset = m.dataset;
        }
        for d in m.derived {
            if !derived.iter().any(|x| x.id == d.id) {
                derived.push(d);
            }
        }
    }
    let names = names(&tables);
    let file = super::write::meta_of(&table, dataset, &derived);
    let meta_path = super::write::write_table_with_meta(&report.out, &table, &file, &|k| {
        names.get(&table.keys[k]).cloned().unwrap_or_default()
    })?;
    Ok((report, warnings, meta_path))
}
