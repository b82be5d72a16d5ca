//! `arrival-atlas crosswalk` (weights between an old and a new district file, by area or by the
//! population of a finer layer) and `arrival-atlas regrid` (a table moved through a crosswalk
//! onto the new districts, optionally followed by the table published on them).

use atlas_analysis::geog::crosswalk::{Basis, by_area, by_population, read_csv, write_csv};
use atlas_data::load::{BoundaryOptions, load_boundaries};
use atlas_data::model::{IndicatorTable, MetaFile};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct CrosswalkArgs {
    /// The old district file.
    #[arg(long)]
    pub from: PathBuf,
    /// The new district file.
    #[arg(long)]
    pub to: PathBuf,
    /// Key property of the old file (default: chosen by its name).
    #[arg(long)]
    pub from_key: Option<String>,
    /// Key property of the new file (default: chosen by its name).
    #[arg(long)]
    pub to_key: Option<String>,
    /// A finer district file whose population weights the pairs (instead of area).
    #[arg(long, requires_all = ["population_table", "population_indicator"])]
    pub population: Option<PathBuf>,
    /// The table with the finer file's population.
    #[arg(long)]
    pub population_table: Option<PathBuf>,
    /// The population indicator of that table.
    #[arg(long)]
    pub population_indicator: Option<String>,
    /// The year of the population (default: the table's latest).
    #[arg(long)]
    pub population_year: Option<i32>,
    /// Output CSV: old_key;new_key;weight.
    #[arg(long)]
    pub out: PathBuf,
}

fn boundaries(path: &Path, key: &Option<String>) -> Result<atlas_data::model::Districts, String> {
    load_boundaries(
        path,
        &BoundaryOptions {
            key_field: key.clone(),
            ..Default::default()
        },
    )
    .map_err(|e| e.to_string())
}

pub fn run_crosswalk(a: &CrosswalkArgs) -> Result<(), String> {
    let old = boundaries(&a.from, &a.from_key)?;
    let new = boundaries(&a.to, &a.to_key)?;
    let cw = match (&a.population, &a.population_table, &a.population_indicator) {
        (Some(fine), Some(table), Some(ind)) => {
            let ds = atlas_data::dataset::load_dataset(
                &atlas_data::dataset::DatasetPaths {
                    boundaries: fine.clone(),
                    table: Some(table.clone()),
                    meta: None,
                },
                &Default::default(),
            )
            .map_err(|e| e.to_string())?;
            let t = ds.table().ok_or("no population table")?;
            let i = t
                .indicator_index(ind)
                .ok_or_else(|| format!("unknown indicator '{ind}' in {}", table.display()))?;
            let year = match a.population_year {
                Some(y) => y,
                None => {
                    let y = *t.years.last().ok_or("the population table has no years")?;
                    eprintln!(
                        "note: population of {y} (the latest year; choose with --population-year)"
                    );
                    y
                }
            };
            let y = t
                .year_index(year)
                .ok_or_else(|| format!("year {year} is not in {}", table.display()))?;
            let pop = ds.district_values(i, y);
            by_population(
                &old,
                &new,
                &ds.districts,
                &pop,
                Basis::Population {
                    source: ds.districts.source.clone(),
                    indicator: ind.clone(),
                    year,
                },
            )
        }
        _ => by_area(&old, &new),
    };
    atlas_data::atomic_write::write_atomic_with(&a.out, |f| write_csv(f, &cw))
        .map_err(|e| format!("{}: {e}", a.out.display()))?;
    for l in cw.lines() {
        eprintln!("{l}");
    }
    super::leave_to_exit((old, new, cw));
    Ok(())
}

#[derive(Debug, Args)]
pub struct RegridArgs {
    /// The table on the old districts.
    #[arg(long)]
    pub table: PathBuf,
    /// Its metadata (default: <table>.meta.json beside it).
    #[arg(long)]
    pub meta: Option<PathBuf>,
    /// The crosswalk (old_key;new_key;weight), from `arrival-atlas crosswalk` or official.
    #[arg(long)]
    pub crosswalk: PathBuf,
    /// The table published on the new districts, appended after the regridded years (its
    /// years win where both have one).
    #[arg(long)]
    pub append: Option<PathBuf>,
    /// Output table (long CSV); its metadata, marking the estimated years, beside it.
    #[arg(long)]
    pub out: PathBuf,
    /// How the estimated years were made, as legends, tooltips and exports say it (default:
    /// "YYYY–YYYY estimated from the districts of <table> through the crosswalk <file>").
    #[arg(long)]
    pub note: Option<String>,
}

/// A table with its metadata applied; the metadata's warnings on stderr.
fn table_with_meta(
    path: &Path,
    meta: Option<&Path>,
) -> Result<(IndicatorTable, Option<MetaFile>), String> {
    let (t, m, warnings) = atlas_analysis::geog::regrid::read_table_with_meta(path, meta)
        .map_err(|e| e.to_string())?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    Ok((t, m))
}

pub fn run_regrid(a: &RegridArgs) -> Result<(), String> {
    let (t, meta) = table_with_meta(&a.table, a.meta.as_deref())?;
    let bytes =
        std::fs::read(&a.crosswalk).map_err(|e| format!("{}: {e}", a.crosswalk.display()))?;
    let cw = read_csv(&bytes, &atlas_data::load::error::file_name(&a.crosswalk))?;
    let newer = a
        .append
        .as_deref()
        .map(|n| table_with_meta(n, None))
        .transpose()?;
    let file = atlas_analysis::geog::regrid::RegridFile {
        dataset: meta.as_ref().map(|m| m.dataset.clone()).unwrap_or_default(),
        derived: meta.map(|m| m.derived).unwrap_or_default(),
        from: atlas_data::load::error::file_name(&a.table),
        note: a.note.clone(),
        newer,
    };
    let (report, meta_path) = atlas_analysis::geog::regrid::regrid_to_file(&t, &cw, file, &a.out)
        .map_err(|e| format!("{}: {e}", a.out.display()))?;
    for l in report.lines() {
        eprintln!("{l}");
    }
    eprintln!("wrote {} and {}", a.out.display(), meta_path.display());
    Ok(())
}
