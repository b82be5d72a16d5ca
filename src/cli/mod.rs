//! The headless command line: `inspect`, `classify`, `flags`, `export`, `report`, `aggregate`,
//! `crosswalk`, `regrid`, `spatial`, `index`, `stack` and `segregation`. Each subcommand is a thin file that parses its flags and
//! calls the core; every error is one line on stderr and exit status 2, never a panic.

pub mod aggregate;
pub mod classify;
pub mod crosswalk;
pub mod data_args;
pub mod export;
mod export_project;
mod export_table;
pub mod flags;
pub mod index;
pub mod inspect;
pub mod report;
pub mod segregation;
mod segregation_local;
pub mod spatial;
pub mod stack;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Arrival Atlas: district explorer for arrival cities.
#[derive(Debug, Parser)]
#[command(name = "arrival-atlas", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Boundary file to open in the app (GeoJSON).
    #[arg(long, global = false)]
    pub boundaries: Option<PathBuf>,
    /// Indicator table to open in the app (CSV).
    #[arg(long)]
    pub table: Option<PathBuf>,
    /// Indicator metadata (JSON).
    #[arg(long)]
    pub meta: Option<PathBuf>,
    /// Project to open in the app (.atlas.json).
    #[arg(long, conflicts_with_all = ["boundaries", "table", "meta"])]
    pub project: Option<PathBuf>,
    /// Language of the app: de or en (default: the language chosen last time).
    #[arg(long, value_parser = ["de", "en"])]
    pub lang: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Describe a boundary file (and a table): fields, problems, format, join report.
    Inspect(inspect::InspectArgs),
    /// Classify numbers read from stdin (one per line) and print breaks and counts as JSON.
    Classify(classify::ClassifyArgs),
    /// Evaluate arrival-district rules and write one CSV row per district, year and rule.
    Flags(flags::FlagsArgs),
    /// Render the map of an indicator or a project's scene (one year or all) to PNG, SVG or PDF,
    /// or district reports as PDF, headlessly.
    Export(Box<export::ExportArgs>),
    /// Write district reports (PDF, one A4 page per district) with rule results per year.
    Report(report::ReportArgs),
    /// Combine districts into larger units (key prefix, a field, or another boundary file):
    /// counts summed, shares as ratio of sums, geometry dissolved.
    Aggregate(Box<aggregate::AggregateArgs>),
    /// Weights between an old and a new district file (share of each old district's area, or
    /// of its population from a finer layer, in each new one) as CSV old_key;new_key;weight.
    Crosswalk(crosswalk::CrosswalkArgs),
    /// Move a table onto new districts through a crosswalk (counts distributed, rates
    /// recomputed), optionally followed by the table published on the new districts.
    Regrid(crosswalk::RegridArgs),
    /// Spatial weights, global Moran's I and local Moran (LISA) clusters of an indicator for
    /// one year or all (text, or JSON with --json).
    Spatial(Box<spatial::SpatialArgs>),
    /// Composite indices (Berlin's MSS status and dynamics, or any spec) per year over the
    /// table's keys: z-values, index, class, rank, exclusions, and the status × dynamics class.
    Index(Box<index::IndexArgs>),
    /// Tables of one district grid published a file per year (editions) as one long table
    /// with its metadata: keys, indicators and years of all.
    Stack(stack::StackArgs),
    /// Segregation indices per year as PySAL's `segregation` computes them (dissimilarity,
    /// isolation, exposure, entropy, Gini, spatial ones; multigroup), with the evenness test,
    /// the change between two years under random labelling, and location quotients.
    Segregation(Box<segregation::SegregationArgs>),
}

/// Exit status for bad input or usage.
pub const EXIT_USAGE: i32 = 2;

/// Runs a subcommand; returns the process exit status.
pub fn run(command: Command) -> i32 {
    let result = match command {
        Command::Inspect(a) => inspect::run(&a),
        Command::Classify(a) => classify::run(&a),
        Command::Flags(a) => flags::run(&a),
        Command::Export(a) => export::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Aggregate(a) => aggregate::run(&a),
        Command::Crosswalk(a) => crosswalk::run_crosswalk(&a),
        Command::Regrid(a) => crosswalk::run_regrid(&a),
        Command::Spatial(a) => spatial::run(&a),
        Command::Index(a) => index::run(&a),
        Command::Stack(a) => stack::run(&a),
        Command::Segregation(a) => segregation::run(&a),
    };
    match result {
        Ok(()) => 0,
        Err(msg) => {
            eprintln!("error: {}", one_line(&msg));
            EXIT_USAGE
        }
    }
}

/// Leaves a command's data to the end of the process instead of freeing it: the process exits
/// right after the command, and the system takes the memory back at once, where freeing
/// 100 000 districts piece by piece costs ≈ 0.1 s. Only for plain data — nothing holding a
/// file or a buffer still to be written.
pub(crate) fn leave_to_exit<T>(data: T) {
    std::mem::forget(data);
}

/// Collapses a message onto one line.
pub fn one_line(msg: &str) -> String {
    msg.split_whitespace().collect::<Vec<_>>().join(" ")
}
