//! `arrival-atlas stack`: tables of one district grid published a file per year (editions)
//! written as one long table with its metadata, so that indices, transitions and persistence
//! run across the editions.

use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct StackArgs {
    /// A table; give two or more, in order (where two have the same year, the later one's
    /// values are used and the report says so).
    #[arg(long = "table", required = true, num_args = 1)]
    pub tables: Vec<PathBuf>,
    /// Metadata for tables without a .meta.json beside them.
    #[arg(long)]
    pub meta: Option<PathBuf>,
    /// Output table (long CSV); its metadata beside it.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(a: &StackArgs) -> Result<(), String> {
    if a.tables.len() < 2 {
        return Err("stack needs two or more --table".into());
    }
    let (report, warnings, meta_path) =
        atlas_analysis::geog::stack::stack_files(&a.tables, a.meta.as_deref(), &|_| a.out.clone())?;
    for l in warnings.iter().chain(&report.lines()) {
        eprintln!("{l}");
    }
    eprintln!("wrote {} and {}", a.out.display(), meta_path.display());
    Ok(())
}
