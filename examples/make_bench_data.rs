//! Writes the benchmark inputs at the sizes real users reach, for timing whole commands:
//! `districts_N.geojson` (30-gons), `grid_N.geojson` (contiguous 28-gons sharing their
//! borders, for weights, LISA and segregation) and `table_N.csv` (long, 3 indicators × 20
//! years, `;` with a decimal point; the same keys for both boundary files) for N = 1 000,
//! 10 000 and 100 000 (or the sizes given).
//!
//!     cargo run --release --example make_bench_data -- /tmp/bench [1000 10000 100000]
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../benches/common/mod.rs"]
mod common;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "bench-data".into()));
    let mut sizes: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 100_000];
    }
    std::fs::create_dir_all(&dir)?;
    for n in sizes {
        let g = dir.join(format!("districts_{n}.geojson"));
        std::fs::write(&g, common::geojson(n))?;
        std::fs::write(
            dir.join(format!("grid_{n}.geojson")),
            common::grid_geojson(n),
        )?;
        let t = dir.join(format!("table_{n}.csv"));
        std::fs::write(&t, common::table_long(n, 20))?;
        println!("{} and {}", g.display(), t.display());
    }
    Ok(())
}
