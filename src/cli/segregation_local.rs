//! The parts of `arrival-atlas segregation` that write: the local values per area and year
//! (`--local-out`: key, year, location quotient — per group with `--groups` — and the local
//! entropy) and the text output.

use atlas_analysis::segregation::{Groups, Units, YearSegregation};
use serde_json::Value;
use std::path::Path;

/// Writes the local values of every measured year.
pub fn write(
    path: &Path,
    units: &Units,
    groups: &Groups,
    years: &[YearSegregation],
) -> Result<(), String> {
    let mut bytes = Vec::new();
    atlas_analysis::segregation::local::write_csv(&mut bytes, units, groups, years)?;
    atlas_data::atomic_write::write_atomic(path, &bytes)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The years and the comparison as text: one line per index.
pub fn print_text(years: &[Value], comparison: Option<&Value>) {
    for y in years {
        println!("{}: {} areas", y["year"], y["n"]);
        if let Some(idx) = y["indices"].as_object() {
            for (name, v) in idx {
                let p = y["p_values"][name]
                    .as_f64()
                    .map(|p| {
                        format!(
                            "  (p {p:.4}, null mean {:.4})",
                            y["null_means"][name].as_f64().unwrap_or(f64::NAN)
                        )
                    })
                    .unwrap_or_default();
                match v.as_f64() {
                    Some(v) => println!("  {name:<32} {v:.6}{p}"),
                    None => println!("  {name:<32} –"),
                }
            }
        }
        if let Some(e) = y["estimated"].as_str() {
            println!("  estimated: {e}");
        }
    }
    for c in comparison.and_then(Value::as_array).into_iter().flatten() {
        println!(
            "{} {}–{}: {:.6} → {:.6}, difference {:+.6}, p = {:.4} under random labelling",
            c["index"].as_str().unwrap_or_default(),
            c["years"][0],
            c["years"][1],
            c["values"][0].as_f64().unwrap_or(f64::NAN),
            c["values"][1].as_f64().unwrap_or(f64::NAN),
            c["difference"].as_f64().unwrap_or(f64::NAN),
            c["p_value"].as_f64().unwrap_or(f64::NAN)
        );
    }
}
