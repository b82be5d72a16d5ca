//! `arrival-atlas segregation`: segregation indices per year as PySAL's `segregation`
//! computes them, with the evenness test (`--permutations`), the change between two years
//! under random labelling (`--compare A,B`) and the local values per area (`--local-out`).

use super::data_args::DataArgs;
use atlas_analysis::segregation::inference::{change, evenness};
use atlas_analysis::segregation::{Groups, Units, YearSegregation, measure, measure_all};
use atlas_data::model::{IndicatorTable, YearIdx};
use clap::Args;
use serde_json::{Map, Value, json};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SegregationArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The group's count column (with --total).
    #[arg(long, requires = "total", conflicts_with = "groups")]
    pub group: Option<String>,
    /// The total population column (with --group).
    #[arg(long, requires = "group")]
    pub total: Option<String>,
    /// Count columns of groups that partition the population, comma-separated (multigroup
    /// indices).
    #[arg(long, value_delimiter = ',')]
    pub groups: Option<Vec<String>>,
    /// A year of the table, or `all` (may be left out with --compare).
    #[arg(long)]
    pub year: Option<String>,
    /// Contiguity of the spatial dissimilarity: queen (PySAL's default) or rook.
    #[arg(long, default_value = "queen", value_parser = ["queen", "rook"])]
    pub weights: String,
    /// Simulations under the null (0: no p-values).
    #[arg(long, default_value_t = 0)]
    pub permutations: usize,
    /// Seed of the simulations (the same seed gives the same p-values).
    #[arg(long, default_value_t = 12_345)]
    pub seed: u64,
    /// Two years A,B: the change of each index from A to B under random labelling (999
    /// simulations unless --permutations says otherwise).
    #[arg(long, value_delimiter = ',', num_args = 1)]
    pub compare: Option<Vec<i32>>,
    /// Write the location quotient (and, with --groups, the local entropy) per area and year.
    #[arg(long)]
    pub local_out: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

fn groups_of(a: &SegregationArgs) -> Result<Groups, String> {
    match (&a.group, &a.total, &a.groups) {
        (Some(g), Some(t), None) => Ok(Groups::Single {
            group: g.clone(),
            total: t.clone(),
        }),
        (None, None, Some(gs)) => Ok(Groups::Multi(gs.clone())),
        _ => Err("give --group G --total TOTAL, or --groups G1,G2,…".into()),
    }
}

/// The years asked for: `--year Y|all`.
fn years(t: &IndicatorTable, arg: &str) -> Result<Vec<YearIdx>, String> {
    if arg == "all" {
        return Ok(t.years_enumerated().map(|(y, _)| y).collect());
    }
    let y: i32 = arg
        .parse()
        .map_err(|_| format!("--year '{arg}': a year or all"))?;
    t.year_index(y).map(|i| vec![i]).ok_or_else(|| {
        let ys: Vec<String> = t.years.iter().map(i32::to_string).collect();
        format!("year {y} is not in the table (it has: {})", ys.join(", "))
    })
}

pub fn run(a: &SegregationArgs) -> Result<(), String> {
    let groups = groups_of(a)?;
    if a.year.is_none() && a.compare.is_none() {
        return Err("--year Y|all is required (or --compare A,B)".into());
    }
    let ds = a.data.load()?;
    let t = ds.table().ok_or("no indicator table")?;
    let mut units = Units::of(&ds);
    if a.weights == "rook" {
        units.weights = units.weights.rook();
    }
    for (key, n) in &units.ambiguous {
        eprintln!(
            "note: {key} is the key of {n} features (which one is its area is not known): left out"
        );
    }
    if !units.without_polygon.is_empty() {
        eprintln!(
            "note: {} table keys have no polygon and are left out: {}",
            units.without_polygon.len(),
            units.without_polygon.join(", ")
        );
    }
    let asked = a.year.as_deref().map(|y| years(t, y)).transpose()?;
    let mut out: Vec<Value> = Vec::new();
    let mut measured: Vec<YearSegregation> = Vec::new();
    let results = measure_all(t, &units, &groups, asked.as_deref().unwrap_or_default());
    for m in results {
        let m = m.map_err(|e| e.to_string())?;
        out.push(year_json(&ds, &groups, &units, &m, a));
        measured.push(m);
    }
    if let Some(path) = &a.local_out {
        super::segregation_local::write(path, &units, &groups, &measured)?;
    }
    let comparison = a
        .compare
        .as_ref()
        .map(|c| compare(t, &units, &groups, c, a))
        .transpose()?;
    if a.json {
        let v = match (comparison, a.year.as_deref()) {
            (Some(c), None) => json!({ "comparison": c }),
            (Some(c), Some(_)) => json!({ "comparison": c, "years": out }),
            (None, Some("all")) => Value::Array(out),
            (None, _) => out.into_iter().next().unwrap_or(Value::Null),
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
        );
    } else {
        super::segregation_local::print_text(&out, comparison.as_ref());
    }
    Ok(())
}

/// One year as JSON: n, the columns, the indices, p-values and null means with
/// `--permutations`, the areas left out, and the estimate note of a regridded year.
fn year_json(
    ds: &atlas_data::dataset::Dataset,
    groups: &Groups,
    units: &Units,
    m: &YearSegregation,
    a: &SegregationArgs,
) -> Value {
    let mut o = Map::new();
    o.insert("year".into(), json!(m.data.year));
    o.insert("n".into(), json!(m.data.units.len()));
    match groups {
        Groups::Single { group, total } => {
            o.insert("group".into(), json!(group));
            o.insert("total".into(), json!(total));
        }
        Groups::Multi(g) => {
            o.insert("groups".into(), json!(g));
        }
    }
    let idx: Map<String, Value> = m
        .indices
        .iter()
        .map(|(n, v)| ((*n).to_owned(), json!(v)))
        .collect();
    o.insert("indices".into(), Value::Object(idx));
    if a.permutations > 0 {
        let multi = matches!(groups, Groups::Multi(_));
        let w = (!multi).then(|| {
            let mut keep = vec![false; units.keys.len()];
            for &u in &m.data.units {
                keep[u] = true;
            }
            units.weights.subset(&keep)
        });
        let tests = evenness(&m.data.counts, multi, w.as_ref(), a.permutations, a.seed);
        let p: Map<String, Value> = tests
            .iter()
            .map(|t| (t.index.to_owned(), json!(t.p_value)))
            .collect();
        let mean: Map<String, Value> = tests
            .iter()
            .map(|t| (t.index.to_owned(), json!(t.null_mean)))
            .collect();
        o.insert("p_values".into(), Value::Object(p));
        o.insert("null_means".into(), Value::Object(mean));
    }
    if !m.data.left_out.is_empty() {
        let l: Vec<Value> = m
            .data
            .left_out
            .iter()
            .map(|(k, c)| json!({"key": k, "missing": c}))
            .collect();
        o.insert("left_out".into(), Value::Array(l));
    }
    if let Some(e) = ds.meta.estimate_of(m.data.year) {
        o.insert(
            "estimated".into(),
            json!(format!(
                "{} — on another district grid: the index depends on the grid",
                e.note.get("en").unwrap_or_default()
            )),
        );
    }
    Value::Object(o)
}

/// `--compare A,B`: every comparable index's change from A to B.
fn compare(
    t: &IndicatorTable,
    units: &Units,
    groups: &Groups,
    years: &[i32],
    a: &SegregationArgs,
) -> Result<Value, String> {
    let [ya, yb] = years else {
        return Err("--compare takes two years, A,B".into());
    };
    let idx = |y: i32| {
        t.year_index(y)
            .ok_or_else(|| format!("--compare: the table has no year {y}"))
    };
    let ma = measure(t, units, groups, idx(*ya)?).map_err(|e| e.to_string())?;
    let mb = measure(t, units, groups, idx(*yb)?).map_err(|e| e.to_string())?;
    let n = if a.permutations > 0 {
        a.permutations
    } else {
        999
    };
    let multi = matches!(groups, Groups::Multi(_));
    let changes = change(&ma.data.counts, &mb.data.counts, multi, n, a.seed);
    Ok(Value::Array(
        changes
            .iter()
            .map(|c| {
                json!({"years": [ya, yb], "index": c.index, "values": c.values,
                       "difference": c.difference, "p_value": c.p_value})
            })
            .collect(),
    ))
}
