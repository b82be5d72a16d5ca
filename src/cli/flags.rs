//! `arrival-atlas flags`: evaluates arrival-district rules (a rules file, or the defaults) on a
//! data set and writes one CSV row per district, year and rule (columns in README.md).

use crate::rules::{default_rules, evaluate_all, parse_rules, unknown_indicators, write_flags};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["rules", "default_rules"])))]
pub struct FlagsArgs {
    #[command(flatten)]
    pub data: super::data_args::DataArgs,
    /// Rules file (JSON, format in README.md).
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
    let set = match &a.rules {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            parse_rules(&text, &p.display().to_string())?
        }
        None => default_rules(ds.table()),
    };
    if set.rules.is_empty() {
        return Err("no rules: the rules file is empty, or the table has none of the indicators the default rules need (foreign share, fluctuation, long-established share)".into());
    }
    if let Some((rule, ind)) = unknown_indicators(&ds, &set).first() {
        let have: Vec<String> = ds
            .table()
            .map(|t| t.indicators.iter().map(|i| i.id.clone()).collect())
            .unwrap_or_default();
        return Err(format!(
            "rule '{rule}': indicator '{ind}' is not in the table (it has: {})",
            have.join(", ")
        ));
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
