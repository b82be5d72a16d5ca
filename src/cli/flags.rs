//! `arrival-atlas flags`: evaluates arrival-district rules (a rules file, or the defaults) on a
//! data set and writes one CSV row per district, year and rule (columns in docs/cli.md).

use atlas_analysis::rules::{evaluate_all, write_flags};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["rules", "default_rules"])))]
pub struct FlagsArgs {
    #[command(flatten)]
    pub data: super::data_args::DataArgs,
    /// Rules file (JSON, format in docs/formats.md).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Use the default rules ("Arrival district", "Settled district") built from the roles.
    #[arg(long)]
    pub default_rules: bool,
    /// Output file; default: standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(a: &FlagsArgs) -> Result<(), String> {
    let ds = a.data.load()?;
    // The flags CSV is for software: its default rule names stay English.
    let set = super::data_args::load_rules(a.rules.as_deref(), &ds, atlas_i18n::Lang::En)?;
    if set.rules.is_empty() {
        return Err("no rules: the rules file is empty, or the table has none of the indicators the default rules need (foreign share, fluctuation, long-established share)".into());
    }
    let results = evaluate_all(&ds, &set.rules);
    match &a.out {
        Some(p) => {
            let f = std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?;
            write_flags(std::io::BufWriter::new(f), &ds, &set, &results)
        }
        None => write_flags(std::io::stdout().lock(), &ds, &set, &results),
    }
}
