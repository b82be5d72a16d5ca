//! `arrival-atlas spatial`: spatial weights, global Moran's I and local Moran (LISA) clusters
//! of an indicator for one year or all, as text or JSON (fields as esda names them).

use super::data_args::DataArgs;
use atlas_analysis::spatial::lisa::Correction;
use atlas_analysis::spatial::{Options, WeightsSpec, YearStats, year_stats};
use clap::Args;
use serde_json::{Value, json};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SpatialArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Indicator id.
    #[arg(long)]
    pub indicator: String,
    /// A year of the table, or `all`.
    #[arg(long)]
    pub year: String,
    /// queen, rook, knn:K, distance:METRES or file:W.gal (GeoDa/PySAL .gal or .gwt).
    #[arg(long, default_value = "queen")]
    pub weights: String,
    /// Contiguity only: vertices closer than this many metres count as shared (default 0:
    /// exact, as libpysal).
    #[arg(long, default_value_t = 0.0)]
    pub tolerance: f64,
    /// Permutations for the pseudo p-values (0: none).
    #[arg(long, default_value_t = 9_999)]
    pub permutations: usize,
    /// Seed of the permutations (the same seed gives the same p-values).
    #[arg(long, default_value_t = 12_345)]
    pub seed: u64,
    /// Significance level of the clusters.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// none, bonferroni or fdr (false discovery rate).
    #[arg(long, default_value = "none", value_parser = ["none", "bonferroni", "fdr"])]
    pub correction: String,
    /// Also write the weights (.gal, or .gwt) keyed by the district key.
    #[arg(long)]
    pub weights_out: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// One year's statistics as `--json` prints them (the fields in this order; typed, not built
/// as a `Value` per district first: at 10 000 districts that took 18 ms, the printing 3).
#[derive(serde::Serialize)]
struct YearJson<'a> {
    indicator: &'a str,
    year: i32,
    n: usize,
    weights: &'a Value,
    moran: &'a Option<atlas_analysis::spatial::moran::Moran>,
    local: Vec<LocalJson<'a>>,
}

/// A district's local statistic in [`YearJson`].
#[derive(serde::Serialize)]
struct LocalJson<'a> {
    key: &'a str,
    #[serde(rename = "Ii")]
    ii: Option<f64>,
    quadrant: Option<u8>,
    p_sim: Option<f64>,
    cluster: &'static str,
}

fn year_json<'a>(
    ds: &'a atlas_data::dataset::Dataset,
    ind: &'a str,
    s: &'a YearStats,
    weights: &'a Value,
) -> YearJson<'a> {
    let local = s
        .local
        .iter()
        .zip(&ds.districts.districts)
        .map(|(l, d)| LocalJson {
            key: &d.key,
            ii: l.ii,
            quadrant: l.quadrant,
            p_sim: l.p_sim,
            cluster: l.cluster.code(),
        })
        .collect();
    YearJson {
        indicator: ind,
        year: s.year,
        n: s.n,
        weights,
        moran: &s.moran,
        local,
    }
}

pub fn run(a: &SpatialArgs) -> Result<(), String> {
    if !(0.0..1.0).contains(&a.alpha) || a.alpha == 0.0 {
        return Err(format!("--alpha {} must lie between 0 and 1", a.alpha));
    }
    if !(a.tolerance.is_finite() && a.tolerance >= 0.0) {
        return Err(format!(
            "--tolerance {} must be 0 or more metres",
            a.tolerance
        ));
    }
    let spec = WeightsSpec::parse(&a.weights)?;
    let ds = a.data.load()?;
    let t = ds.table().ok_or("no indicator table")?;
    let ind = t.indicator_index(&a.indicator).ok_or_else(|| {
        let ids: Vec<&str> = t.indicators.iter().map(|i| i.id.as_str()).collect();
        format!(
            "unknown indicator '{}' (the table has: {})",
            a.indicator,
            ids.join(", ")
        )
    })?;
    let years = super::export::parse_years(&a.year, &t.years)?;
    let (w, warnings) = spec.build(&ds.districts, a.tolerance)?;
    atlas_data::timings::mark("spatial: weights");
    for warn in &warnings {
        eprintln!("warning: {warn}");
    }
    if let Some(out) = &a.weights_out {
        let gwt = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gwt"));
        let text = if gwt {
            atlas_analysis::spatial::gal::write_gwt(&w, &ds.districts)?
        } else {
            atlas_analysis::spatial::gal::write_gal(&w, &ds.districts)?
        };
        atlas_data::atomic_write::write_atomic_with(out, |f| {
            std::io::Write::write_all(f, text.as_bytes()).map_err(|e| e.to_string())
        })
        .map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let o = Options {
        permutations: a.permutations,
        seed: a.seed,
        alpha: a.alpha,
        correction: match a.correction.as_str() {
            "bonferroni" => Correction::Bonferroni,
            "fdr" => Correction::Fdr,
            _ => Correction::None,
        },
    };
    let islands: Vec<&str> = w
        .islands()
        .into_iter()
        .map(|i| ds.districts.districts[i].key.as_str())
        .collect();
    let weights = json!({
        "kind": w.kind.label(),
        "islands": islands,
        "mean_neighbors": w.mean_neighbors(),
    });
    let stats: Vec<YearStats> = years
        .iter()
        .map(|&y| year_stats(&ds, &w, ind, y, &o))
        .collect();
    atlas_data::timings::mark("spatial: statistics");
    if a.json {
        let objs: Vec<YearJson> = stats
            .iter()
            .map(|s| year_json(&ds, &a.indicator, s, &weights))
            .collect();
        let text = if a.year == "all" {
            serde_json::to_string_pretty(&objs)
        } else {
            serde_json::to_string_pretty(&objs.last())
        };
        println!("{}", text.map_err(|e| e.to_string())?);
        return Ok(());
    }
    println!(
        "weights {}: mean {:.2} neighbours, {} islands{}",
        w.kind.label(),
        w.mean_neighbors(),
        islands.len(),
        if islands.is_empty() {
            String::new()
        } else {
            format!(" ({})", islands.join(", "))
        }
    );
    for s in &stats {
        match &s.moran {
            Some(m) => println!(
                "{} {}: n {}, Moran's I {:.4} (E[I] {:.4}), z {:.2} (normality) / {:.2} (randomisation), p {:.2e} / {:.2e}{}",
                a.indicator,
                s.year,
                s.n,
                m.I,
                m.EI,
                m.z_norm,
                m.z_rand,
                m.p_norm,
                m.p_rand,
                m.p_sim
                    .map(|p| format!(", pseudo p {p:.4}"))
                    .unwrap_or_default()
            ),
            None => println!(
                "{} {}: n {}, too few values for Moran's I",
                a.indicator, s.year, s.n
            ),
        }
        for c in [
            atlas_analysis::spatial::Cluster::HH,
            atlas_analysis::spatial::Cluster::LL,
            atlas_analysis::spatial::Cluster::LH,
            atlas_analysis::spatial::Cluster::HL,
        ] {
            let names: Vec<String> = s
                .local
                .iter()
                .enumerate()
                .filter(|(_, l)| l.cluster == c)
                .map(|(d, _)| {
                    let x = &ds.districts.districts[d];
                    format!("{} {}", x.key, x.name)
                })
                .collect();
            if !names.is_empty() {
                println!("  {} ({}): {}", c.code(), names.len(), names.join(", "));
            }
        }
    }
    Ok(())
}
