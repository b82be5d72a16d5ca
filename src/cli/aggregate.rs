//! `arrival-atlas aggregate`: districts combined into larger units (by key prefix, a field, or
//! the polygons of another boundary file), written as new boundaries and a long-format table
//! with its `.meta.json` beside it. The report goes to stderr.

use super::data_args::DataArgs;
use atlas_analysis::geog::aggregate::{GroupBy, aggregate_named};
use atlas_analysis::geog::names::NamesSource;
use atlas_data::load::{BoundaryOptions, load_boundaries};
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
    /// The coarser boundary file to aggregate the table onto, without the table's own
    /// polygons (`--table T --by prefix:N --onto PARENT.geojson`, no --boundaries): each table
    /// key goes to the parent its first N characters name.
    #[arg(long, value_name = "PARENT")]
    pub onto: Option<PathBuf>,
    /// Key property of the parent file for within: (default: chosen by its name).
    #[arg(long)]
    pub parent_key: Option<String>,
    /// Names of the units: a file (boundaries, or a CSV of key and name) whose keys are the
    /// units' keys, or field:NAME (a boundary property or table column of the parts holding
    /// their parent's name). Without it, units are named by their keys (within: by the
    /// parent file's names).
    #[arg(long)]
    pub names: Option<String>,
    /// Output boundaries (GeoJSON).
    #[arg(long)]
    pub out_boundaries: PathBuf,
    /// Output table (CSV, long format); its metadata is written beside it as .meta.json.
    #[arg(long)]
    pub out_table: PathBuf,
}

pub fn run(a: &AggregateArgs) -> Result<(), String> {
    if let Some(parent) = &a.onto {
        return run_onto(a, parent);
    }
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
    let names = a.names.as_deref().map(NamesSource::parse).transpose()?;
    let agg = aggregate_named(&ds, &by, names.as_ref())?;
    if agg.report.units == 0 {
        return Err(format!("no district could be grouped by {}", by.describe()));
    }
    let title = atlas_analysis::geog::aggregate::aggregated_title(&ds, &by);
    let written = write_and_report(a, &agg, ds.meta.clone(), title);
    atlas_data::timings::mark("aggregate: files written");
    super::leave_to_exit((ds, agg));
    written
}

/// Writes the aggregated boundaries, table and metadata, and the report to stderr.
fn write_and_report(
    a: &AggregateArgs,
    agg: &atlas_analysis::geog::aggregate::Aggregated,
    meta: atlas_data::model::DatasetMeta,
    title: atlas_data::model::Localized,
) -> Result<(), String> {
    let meta_path = atlas_analysis::geog::write::write_aggregated(
        agg,
        meta,
        title,
        &a.out_boundaries,
        &a.out_table,
    )?;
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

/// `--table T --by prefix:N --onto PARENT`: the table onto a coarser boundary file.
fn run_onto(a: &AggregateArgs, parent: &std::path::Path) -> Result<(), String> {
    let n = match GroupBy::parse_simple(&a.by)? {
        GroupBy::Prefix(n) => n,
        _ => {
            return Err(
                "--onto takes --by prefix:N (the parent's key is the first N characters)".into(),
            );
        }
    };
    if a.data.boundaries.is_some() {
        return Err("--onto aggregates a table alone: leave out --boundaries".into());
    }
    let parents = load_boundaries(
        parent,
        &BoundaryOptions {
            key_field: a.parent_key.clone(),
            ..Default::default()
        },
    )
    .map_err(|e| e.to_string())?;
    let t = a.data.load_table_alone()?;
    let agg = atlas_analysis::geog::onto::aggregate_onto(&t, &parents, n)?;
    let title = atlas_data::model::Localized::plain(&format!("{} → {}", t.source, parents.source));
    write_and_report(a, &agg, Default::default(), title)
}
