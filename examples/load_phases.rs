//! Times the phases of loading one boundary file and one table, as the benchmark table in the
//! README reports them: GeoJSON read, table read, join (each on its own, then as
//! `load_dataset` does it, the table, then the boundaries), with the peak resident memory.
//!
//!     cargo run --release --example load_phases -- districts.geojson table.csv
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use atlas_data::dataset::{DatasetOptions, DatasetPaths, load_dataset};
use atlas_data::join::Join;
use atlas_data::load::{BoundaryOptions, TableOptions, load_boundaries, load_table};
use std::path::PathBuf;
use std::time::Instant;

/// Peak resident memory of this process so far, from /proc (Linux).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1).map(PathBuf::from);
    let (Some(b), Some(t)) = (args.next(), args.next()) else {
        return Err("usage: load_phases BOUNDARIES TABLE".into());
    };
    let mode = args.next().map(|p| p.display().to_string());
    let start = Instant::now();
    if mode.as_deref() != Some("dataset") {
        let d = load_boundaries(&b, &BoundaryOptions::default()).map_err(|e| e.to_string())?;
        let t_b = start.elapsed();
        let s = Instant::now();
        let (table, _) = load_table(&t, &TableOptions::default()).map_err(|e| e.to_string())?;
        let t_t = s.elapsed();
        let s = Instant::now();
        let keys: Vec<&str> = d.districts.iter().map(|x| x.key.as_str()).collect();
        let j = Join::new(&keys, d.duplicate_keys(), &table);
        let t_j = s.elapsed();
        println!(
            "boundaries {:.3} s, table {:.3} s ({} rows), join {:.3} s ({} matched), peak {:.0} MB",
            t_b.as_secs_f64(),
            t_t.as_secs_f64(),
            table.rows,
            t_j.as_secs_f64(),
            j.report.matched,
            peak_mb()
        );
    } else {
        let paths = DatasetPaths {
            boundaries: b,
            table: Some(t),
            meta: None,
        };
        let ds = load_dataset(&paths, &DatasetOptions::default()).map_err(|e| e.to_string())?;
        println!(
            "load_dataset {:.3} s ({} districts), peak {:.0} MB",
            start.elapsed().as_secs_f64(),
            ds.districts.districts.len(),
            peak_mb()
        );
    }
    Ok(())
}
