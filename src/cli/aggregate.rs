//! `arrival-atlas aggregate`: districts combined into larger units (by key prefix, a field, or
//! the polygons of another boundary file), written as new boundaries and a long-format table
//! with its `.meta.json` beside it. The report goes to stderr.

use super::data_args::DataArgs;
use crate::geog::aggregate::{GroupBy, aggregate};
use crate::load::{BoundaryOptions, load_boundaries};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct AggregateArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// prefix:N (first N characters of the key), field:NAME (a boundary property or table
    /// column naming the parent) or within:PARENT.geojson (the parent polygon containing each
    /// district's interior point).
    #[arg(long)]
    pub by: String,
    /// Key property of the parent file for within: (default: chosen by its name).
    #[arg(long)]
    pub parent_key: Option<String>,
    /// Output boundaries (GeoJSON).
    #[arg(long)]
    pub out_boundaries: PathBuf,
    /// Output table (CSV, long format); its metadata is written beside it as .meta.json.
    #[arg(long)]
    pub out_table: PathBuf,
}

pub fn run(a: &AggregateArgs) -> Result<(), String> {
    let by = match a.by.strip_prefix("within:") {
        Some(p) if !p.is_empty() => {
            let parents = load_boundaries(
                std::path::Path::new(p),
                &BoundaryOptions {
                    key_field: a.parent_key.clone(),
                    ..Default::default()
                },
            )
            .map_err(|e| e.to_string())?;
            GroupBy::Within(Box::new(parents))
        }
        _ => GroupBy::parse_simple(&a.by)?,
    };
    let ds = a.data.load()?;
    let agg = aggregate(&ds, &by)?;
    if agg.report.units == 0 {
        return Err(format!("no district could be grouped by {}", by.describe()));
    }
    let mut meta = ds.meta.clone();
    meta.title = aggregated_title(&ds, &by);
    let names = |k: usize| {
        agg.districts
            .districts
            .iter()
            .find(|d| d.key == agg.table.keys[k])
            .map_or_else(|| agg.table.keys[k].clone(), |d| d.name.clone())
    };
    crate::atomic_write::write_atomic_with(&a.out_boundaries, |f| {
        crate::geog::write::write_districts(f, &agg.districts)
    })
    .map_err(|e| format!("{}: {e}", a.out_boundaries.display()))?;
    let file = crate::geog::write::meta_of(&agg.table, meta, &agg.derived);
    let meta_path =
        crate::geog::write::write_table_with_meta(&a.out_table, &agg.table, &file, &names)
            .map_err(|e| format!("{}: {e}", a.out_table.display()))?;
    for line in agg.report.lines() {
        eprintln!("{line}");
    }
    eprintln!(
        "wrote {}, {} and {}",
        a.out_boundaries.display(),
        a.out_table.display(),
        meta_path.display()
    );
    Ok(())
}

/// "<title> — aggregated by …" in both languages.
pub fn aggregated_title(ds: &crate::dataset::Dataset, by: &GroupBy) -> crate::model::Localized {
    let base = |lang: &str| {
        ds.meta
            .title
            .get(lang)
            .map(str::to_owned)
            .unwrap_or_else(|| ds.districts.source.clone())
    };
    crate::model::Localized {
        en: Some(format!("{} — aggregated by {}", base("en"), by.describe())),
        de: Some(format!("{} — zusammengefasst", base("de"))),
    }
}
