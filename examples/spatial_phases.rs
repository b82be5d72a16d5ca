//! Times the spatial statistics on a boundary file and table: weights (queen), global Moran
//! and LISA with 9 999 permutations for the latest year, and LISA for every year.
//!
//!     cargo run --release --example spatial_phases -- BOUNDARIES TABLE INDICATOR
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use atlas_analysis::spatial::lisa::local_moran;
use atlas_analysis::spatial::moran::moran;
use atlas_analysis::spatial::weights::contiguity;
use atlas_data::dataset::{DatasetOptions, DatasetPaths, load_dataset};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: spatial_phases BOUNDARIES TABLE INDICATOR");
        std::process::exit(2);
    }
    let t0 = Instant::now();
    let ds = match load_dataset(
        &DatasetPaths {
            boundaries: args[1].clone().into(),
            table: Some(args[2].clone().into()),
            meta: None,
        },
        &DatasetOptions::default(),
    ) {
        Ok(ds) => ds,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let Some(t) = ds.table() else {
        eprintln!("no table");
        std::process::exit(2);
    };
    let Some(ind) = t.indicator_index(&args[3]) else {
        eprintln!("no indicator {}", args[3]);
        std::process::exit(2);
    };
    println!(
        "load: {:.2} s, {} districts",
        t0.elapsed().as_secs_f64(),
        ds.districts.districts.len()
    );
    let t1 = Instant::now();
    let w = contiguity(&ds.districts, false, 0.0);
    println!(
        "queen weights: {:.3} s (mean {:.2} neighbours, {} islands)",
        t1.elapsed().as_secs_f64(),
        w.mean_neighbors(),
        w.islands().len()
    );
    let last = t.last_year().expect("years");
    let values = ds.district_values(ind, last);
    let keep: Vec<bool> = values.iter().map(Option::is_some).collect();
    let sub = w.standardised_subset(&keep);
    let y: Vec<f64> = values.iter().flatten().copied().collect();
    let t2 = Instant::now();
    let m = moran(&sub, &y, 9_999, 1);
    println!(
        "global Moran, 9 999 permutations: {:.3} s (I {:.4})",
        t2.elapsed().as_secs_f64(),
        m.map_or(f64::NAN, |m| m.I)
    );
    let t3 = Instant::now();
    let l = local_moran(&sub, &y, 9_999, 1);
    println!(
        "LISA, 9 999 permutations: {:.3} s ({} districts with a p-value)",
        t3.elapsed().as_secs_f64(),
        l.map_or(0, |l| l.p_sim.iter().flatten().count())
    );
    let t4 = Instant::now();
    for year in t.year_indices() {
        let values = ds.district_values(ind, year);
        let keep: Vec<bool> = values.iter().map(Option::is_some).collect();
        let sub = w.standardised_subset(&keep);
        let y: Vec<f64> = values.iter().flatten().copied().collect();
        let _ = local_moran(&sub, &y, 9_999, 1);
    }
    println!(
        "LISA for all {} years: {:.2} s",
        t.years.len(),
        t4.elapsed().as_secs_f64()
    );
}
