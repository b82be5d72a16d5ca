//! `arrival-atlas inspect`: what a boundary file (and a table) contain and how they join, as
//! text or as one JSON object (fields documented in docs/cli.md).

use atlas_data::dataset::Dataset;
use atlas_data::join::JoinReport;
use atlas_data::model::GeometryProblem;
use clap::Args;
use serde::Serialize;

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub data: super::data_args::DataArgs,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Report {
    boundaries: BoundaryReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    table: Option<TableReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    join: Option<JoinReport>,
    /// When the table and the boundaries look like two district grids.
    #[serde(skip_serializing_if = "Option::is_none")]
    grid_mismatch: Option<atlas_data::grids::GridMismatch>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct BoundaryReport {
    file: String,
    /// Features in the file, areal or not.
    features: usize,
    /// Features loaded as districts.
    districts: usize,
    key_field: String,
    name_field: Option<String>,
    properties: Vec<String>,
    /// The source system ("EPSG:25833"); coordinates are reprojected to WGS84.
    crs: String,
    crs_source: atlas_data::load::crs::CrsSource,
    #[serde(skip)]
    crs_text: String,
    bbox: Option<[f64; 4]>,
    problems: Vec<GeometryProblem>,
    duplicate_keys: Vec<String>,
}

#[derive(Serialize)]
struct TableReport {
    file: String,
    format: &'static str,
    encoding: &'static str,
    delimiter: String,
    decimal: atlas_data::load::numbers::DecimalSeparator,
    /// The decimal mark in words, and whether the file proved it.
    decimal_words: String,
    rows: usize,
    key_column: String,
    year_column: Option<String>,
    indicators: Vec<String>,
    years: Vec<i32>,
    undated: bool,
    keys: usize,
    duplicate_keys: Vec<String>,
    attributes: Vec<String>,
    meta: Option<String>,
}

pub fn run(a: &InspectArgs) -> Result<(), String> {
    let ds = a.data.load_optional_table()?;
    let report = build(&ds);
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", text(&report));
    }
    super::leave_to_exit(ds);
    Ok(())
}

fn build(ds: &Dataset) -> Report {
    let d = &ds.districts;
    let boundaries = BoundaryReport {
        file: d.source.clone(),
        features: d.feature_count,
        districts: d.districts.len(),
        key_field: d.key_field.clone(),
        name_field: d.name_field.clone(),
        properties: d.property_names.clone(),
        crs: d.crs.code(),
        crs_source: d.crs_source,
        crs_text: atlas_scene::text::crs_text(d.crs, d.crs_source, atlas_i18n::Lang::En),
        bbox: d
            .bbox()
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]),
        problems: d.problems(),
        duplicate_keys: d.duplicate_keys(),
    };
    let table = ds.table.as_ref().map(|t| TableReport {
        file: t.table.source.clone(),
        format: t.table.format.as_str(),
        encoding: t.reading.encoding,
        delimiter: t.reading.delimiter.clone(),
        decimal: t.reading.decimal,
        decimal_words: t.reading.decimal_words(),
        rows: t.table.rows,
        key_column: t.table.key_column.clone(),
        year_column: t.table.year_column.clone(),
        indicators: t.table.indicators.iter().map(|i| i.id.clone()).collect(),
        years: t.table.years.clone(),
        undated: t.table.undated,
        keys: t.table.keys.len(),
        duplicate_keys: t.table.duplicate_keys(),
        attributes: t.table.attributes.iter().map(|a| a.name.clone()).collect(),
        meta: t
            .meta_path
            .as_deref()
            .map(atlas_data::load::error::file_name),
    });
    Report {
        boundaries,
        table,
        join: ds.join.as_ref().map(|j| j.report.clone()),
        grid_mismatch: ds.grid.clone(),
        warnings: ds
            .grid
            .iter()
            .map(|g| g.message())
            .chain(ds.warnings.iter().map(|w| w.to_string()))
            .collect(),
    }
}

fn text(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let b = &r.boundaries;
    let _ = writeln!(s, "Boundaries  {}", b.file);
    let _ = writeln!(
        s,
        "  features      {} ({} districts)",
        b.features, b.districts
    );
    let _ = writeln!(s, "  key field     {}", b.key_field);
    let _ = writeln!(
        s,
        "  name field    {}",
        b.name_field.as_deref().unwrap_or("(none: keys are shown)")
    );
    let _ = writeln!(s, "  crs           {}", b.crs_text);
    if let Some(bb) = b.bbox {
        let _ = writeln!(
            s,
            "  bbox          lon {:.4}–{:.4}, lat {:.4}–{:.4}",
            bb[0], bb[2], bb[1], bb[3]
        );
    }
    if !b.duplicate_keys.is_empty() {
        let _ = writeln!(s, "  duplicate keys {}", capped(&b.duplicate_keys));
    }
    for p in b.problems.iter().take(MAX_LISTED) {
        let _ = writeln!(
            s,
            "  problem: feature {} (key {}): {}",
            p.feature,
            p.key.as_deref().unwrap_or("–"),
            p.message
        );
    }
    more(&mut s, b.problems.len(), "problems");
    if let Some(t) = &r.table {
        let _ = writeln!(s, "Table  {}", t.file);
        let _ = writeln!(
            s,
            "  format        {} ({}, delimiter {}, {})",
            t.format, t.encoding, t.delimiter, t.decimal_words
        );
        let _ = writeln!(s, "  rows          {} ({} keys)", t.rows, t.keys);
        let _ = writeln!(s, "  key column    {}", t.key_column);
        let years = match (t.years.first(), t.years.last()) {
            (Some(a), Some(b)) if t.undated => format!("undated ({a}–{b})"),
            (Some(a), Some(b)) => match t.years.len() {
                1 => format!("{a} (1 year)"),
                n => format!("{a}–{b} ({n} years)"),
            },
            _ => "none".into(),
        };
        let _ = writeln!(s, "  years         {years}");
        let _ = writeln!(s, "  indicators    {}", t.indicators.join(", "));
        if !t.duplicate_keys.is_empty() {
            let _ = writeln!(s, "  duplicate keys {}", capped(&t.duplicate_keys));
        }
    }
    if let Some(j) = &r.join {
        let _ = writeln!(s, "Join");
        let _ = writeln!(
            s,
            "  matched       {} of {} districts",
            j.matched, j.districts
        );
        if !j.districts_without_data.is_empty() {
            let _ = writeln!(s, "  without data  {}", capped(&j.districts_without_data));
        }
        for u in j.unmatched_table_keys.iter().take(MAX_LISTED) {
            let lines: Vec<String> = u.lines.iter().take(3).map(|l| l.to_string()).collect();
            let rest = u.rows.saturating_sub(lines.len());
            let _ = writeln!(
                s,
                "  no district for table key {} (line{} {}{})",
                u.key,
                if u.rows > 1 { "s" } else { "" },
                lines.join(", "),
                if rest > 0 {
                    format!(" and {rest} more")
                } else {
                    String::new()
                }
            );
        }
        more(
            &mut s,
            j.unmatched_table_keys.len(),
            "table keys without a district",
        );
        for m in j.districts_without_rows.iter().take(MAX_LISTED) {
            let _ = writeln!(s, "  {}: no rows for {}", m.year, capped(&m.keys));
        }
        more(
            &mut s,
            j.districts_without_rows.len(),
            "years with districts without rows",
        );
        if j.zero_padded_matches > 0 {
            let _ = writeln!(
                s,
                "  {} keys matched by ignoring leading zeros",
                j.zero_padded_matches
            );
        }
    }
    for w in r.warnings.iter().take(MAX_LISTED) {
        let _ = writeln!(s, "warning: {w}");
    }
    more(&mut s, r.warnings.len(), "warnings");
    s
}

/// Items a text list shows; `--json` keeps the full lists.
const MAX_LISTED: usize = 20;

/// The first items of a list and "… and N more".
fn capped(items: &[String]) -> String {
    let mut s = items
        .iter()
        .take(MAX_LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > MAX_LISTED {
        s.push_str(&format!(" … and {} more", items.len() - MAX_LISTED));
    }
    s
}

/// "  … and N more <what> (--json lists all)" after a list cut at [`MAX_LISTED`].
fn more(s: &mut String, total: usize, what: &str) {
    use std::fmt::Write;
    if total > MAX_LISTED {
        let _ = writeln!(
            s,
            "  … and {} more {what} (--json lists all)",
            total - MAX_LISTED
        );
    }
}
