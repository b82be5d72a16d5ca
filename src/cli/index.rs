//! `arrival-atlas index`: composite indices (Berlin's MSS status and dynamics indices, or any
//! spec) per year over the table's keys — each key's z-values, sum, index, class and rank, who
//! was left out and why, the counts per class, and with two specs the status × dynamics
//! matrix class; as text, JSON (`--json`) or CSV (`--out`).

use super::data_args::DataArgs;
use atlas_analysis::index::{IndexSpec, IndexYear, compute, matrix_class};
use atlas_data::model::{IndicatorTable, YearIdx};
use atlas_i18n::{Lang, Localize};
use clap::Args;
use serde_json::{Map, Value, json};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// An index spec (JSON; presets in data/indices/). Give two (status, then dynamics) for
    /// the matrix class.
    #[arg(long, required = true)]
    pub spec: Vec<PathBuf>,
    /// A year of the table, or `all`.
    #[arg(long)]
    pub year: String,
    /// Write one CSV row per key and year: key, year, then per index its z-values, sum,
    /// index, class and rank (`,`-separated, decimal point).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The specs of `--spec`, read and checked.
fn read_specs(paths: &[PathBuf]) -> Result<Vec<IndexSpec>, String> {
    if paths.len() > 2 {
        return Err("give one or two --spec files (status, then dynamics)".into());
    }
    paths.iter().map(|p| read_spec(p)).collect()
}

/// An index spec file, read and checked; the error names the file.
pub fn read_spec(p: &std::path::Path) -> Result<IndexSpec, String> {
    let text =
        std::fs::read_to_string(p).map_err(|e| format!("{}: cannot read ({e})", p.display()))?;
    IndexSpec::parse(&text).map_err(|e| format!("{}: {e}", p.display()))
}

pub fn run(a: &IndexArgs) -> Result<(), String> {
    let specs = read_specs(&a.spec)?;
    // The index is computed over the table's keys; with boundaries the join is checked (and a
    // poor one warned about), as every other command does.
    let ds;
    let alone;
    let t: &IndicatorTable = if a.data.boundaries.is_some() {
        ds = a.data.load()?;
        ds.table().ok_or("no indicator table")?
    } else {
        alone = a.data.load_table_alone()?;
        &alone
    };
    let years = super::export::parse_years(&a.year, &t.years)?;
    let mut per_year: Vec<Vec<IndexYear>> = Vec::new();
    for &y in &years {
        let computed = specs
            .iter()
            .map(|s| compute(t, s, y).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        per_year.push(computed);
    }
    if let Some(out) = &a.out {
        let mut bytes = Vec::new();
        atlas_analysis::index::write_csv(&mut bytes, t, &specs, &years, &per_year)?;
        atlas_data::atomic_write::write_atomic(out, &bytes).map_err(|e| e.to_string())?;
    }
    if a.json {
        let list: Vec<Value> = years
            .iter()
            .zip(&per_year)
            .map(|(&y, ix)| year_json(t, &specs, y, ix))
            .collect();
        let v = if a.year == "all" {
            Value::Array(list)
        } else {
            list.into_iter().next().unwrap_or(Value::Null)
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
        );
    } else {
        for (&y, ix) in years.iter().zip(&per_year) {
            print_text(t, &specs, y, ix);
        }
    }
    Ok(())
}

fn year_json(t: &IndicatorTable, specs: &[IndexSpec], y: YearIdx, ix: &[IndexYear]) -> Value {
    let indices: Vec<Value> = specs
        .iter()
        .zip(ix)
        .map(|(s, r)| {
            let counts: Map<String, Value> = s
                .classes
                .iter()
                .zip(&r.counts)
                .map(|(c, n)| (c.id.clone(), json!(n)))
                .collect();
            let excluded: Vec<Value> = r
                .excluded
                .iter()
                .map(|e| json!({"key": t.keys[e.key], "reason": e.reason.to_string()}))
                .collect();
            json!({"id": s.id, "n": r.n, "sd_sum": r.sd_sum, "counts": counts, "excluded": excluded})
        })
        .collect();
    let districts: Vec<Value> = (0..t.keys.len())
        .filter(|&k| t.has_row(y, k))
        .map(|k| {
            let mut d = Map::new();
            d.insert("key".into(), json!(t.keys[k]));
            for (s, r) in specs.iter().zip(ix) {
                let v = match &r.keys[k] {
                    Some(v) => {
                        let z: Map<String, Value> = s
                            .components
                            .iter()
                            .zip(r.z(k).unwrap_or_default())
                            .map(|(c, z)| (c.indicator.clone(), json!(z)))
                            .collect();
                        json!({"z": z, "sum": v.sum, "index": v.index,
                               "class": s.classes[v.class].id, "rank": v.rank})
                    }
                    None => {
                        json!({"z": null, "sum": null, "index": null, "class": null, "rank": null})
                    }
                };
                d.insert(s.id.clone(), v);
            }
            if let ([a, b], [ra, rb]) = (specs, ix) {
                let m = ra.keys[k]
                    .as_ref()
                    .zip(rb.keys[k].as_ref())
                    .map(|(x, y)| matrix_class(a, x.class, b, y.class));
                d.insert("matrix".into(), json!(m));
            }
            Value::Object(d)
        })
        .collect();
    json!({"year": t.year_at(y), "indices": indices, "districts": districts})
}

fn print_text(t: &IndicatorTable, specs: &[IndexSpec], y: YearIdx, ix: &[IndexYear]) {
    println!("{}", t.year_at(y));
    for (s, r) in specs.iter().zip(ix) {
        let counts: Vec<String> = s
            .classes
            .iter()
            .zip(&r.counts)
            .map(|(c, n)| format!("{} {n}", c.id))
            .collect();
        println!(
            "  {} ({}): {} areas, SD of the sum {:.3}; {}",
            s.id,
            s.name(Lang::En),
            r.n,
            r.sd_sum,
            counts.join(", ")
        );
        for e in &r.excluded {
            println!(
                "    left out {}: {}",
                t.keys[e.key],
                e.reason.text(Lang::En)
            );
        }
    }
}
