//! The data-set arguments shared by the subcommands that need boundaries and a table
//! (`flags`, `export`), and loading them.

use crate::dataset::{Dataset, DatasetOptions, DatasetPaths, load_dataset};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct DataArgs {
    /// Boundary file (GeoJSON, WGS84). Required.
    #[arg(long)]
    pub boundaries: Option<PathBuf>,
    /// Indicator table (CSV). Required.
    #[arg(long)]
    pub table: Option<PathBuf>,
    /// Indicator metadata (JSON); default: <table>.meta.json beside the table.
    #[arg(long)]
    pub meta: Option<PathBuf>,
    /// Property to use as the district key.
    #[arg(long)]
    pub key: Option<String>,
}

impl DataArgs {
    /// Loads and joins the data set; the error is the loader's one-line message.
    pub fn load(&self) -> Result<Dataset, String> {
        let (Some(boundaries), Some(table)) = (&self.boundaries, &self.table) else {
            return Err("--boundaries and --table are required".into());
        };
        let paths = DatasetPaths {
            boundaries: boundaries.clone(),
            table: Some(table.clone()),
            meta: self.meta.clone(),
        };
        let opts = DatasetOptions {
            key_field: self.key.clone(),
            ..DatasetOptions::default()
        };
        load_dataset(&paths, &opts).map_err(|e| e.to_string())
    }
}
