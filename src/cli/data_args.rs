//! The data-set arguments shared by the subcommands that need boundaries and a table
//! (`flags`, `export`, `report`), loading them, and reading a rules file against them.

use atlas_analysis::rules::{RuleSet, default_rules, parse_rules, unknown_indicators};
use atlas_data::dataset::{Dataset, DatasetOptions, DatasetPaths, load_dataset};
use clap::Args;
use std::path::Path;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct DataArgs {
    /// Boundary file (GeoJSON, shapefile .shp or GeoPackage .gpkg). Required.
    #[arg(long)]
    pub boundaries: Option<PathBuf>,
    /// Indicator table (CSV, xlsx, xls or ods). Required (optional for `inspect`).
    #[arg(long)]
    pub table: Option<PathBuf>,
    /// Indicator metadata (JSON); default: <table>.meta.json beside the table.
    #[arg(long)]
    pub meta: Option<PathBuf>,
    /// Boundary property to use as the district key (default: the one matching the table best).
    #[arg(long)]
    pub key: Option<String>,
    /// Table column to use as the key (default: the one whose values match the boundary keys best).
    #[arg(long)]
    pub table_key: Option<String>,
    /// Coordinate system of the boundaries when the file does not say (e.g. EPSG:25832).
    #[arg(long)]
    pub crs: Option<String>,
    /// Sheet of a spreadsheet table (default: the first holding a table).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Layer of a GeoPackage (default: the first polygon layer), or the file to open in a zip.
    #[arg(long)]
    pub layer: Option<String>,
    /// A derived indicator, `id=formula` (e.g. `fpct=foreigners/inhabitants*100`); may be
    /// repeated. Added after those of the metadata file.
    #[arg(long, value_name = "ID=FORMULA")]
    pub derive: Vec<String>,
}

/// `id=formula` → a derived indicator labelled with its id.
pub fn parse_derive(arg: &str) -> Result<atlas_data::model::DerivedIndicator, String> {
    let (id, formula) = arg
        .split_once('=')
        .ok_or_else(|| format!("--derive '{arg}': write it as id=formula"))?;
    let id = id.trim();
    if id.is_empty() || formula.trim().is_empty() {
        return Err(format!("--derive '{arg}': write it as id=formula"));
    }
    let unit = if formula.replace(' ', "").ends_with("*100") {
        atlas_data::model::Localized::plain("%")
    } else {
        atlas_data::model::Localized::default()
    };
    Ok(atlas_data::model::DerivedIndicator {
        id: id.to_owned(),
        formula: formula.trim().to_owned(),
        unit,
        ..Default::default()
    })
}

impl DataArgs {
    /// Loads and joins the data set; the error is the loader's one-line message.
    pub fn load(&self) -> Result<Dataset, String> {
        if self.table.is_none() {
            return Err("--boundaries and --table are required".into());
        }
        self.load_optional_table()
    }

    /// The loading choices the flags make.
    fn options(&self) -> Result<DatasetOptions, String> {
        Ok(DatasetOptions {
            key_field: self.key.clone(),
            table_key_column: self.table_key.clone(),
            crs: self
                .crs
                .as_deref()
                .map(atlas_data::load::crs::parse_arg)
                .transpose()?,
            sheet: self.sheet.clone(),
            layer: self.layer.clone(),
            derived: self
                .derive
                .iter()
                .map(|d| parse_derive(d))
                .collect::<Result<_, _>>()?,
            ..DatasetOptions::default()
        })
    }

    /// The table alone (with its metadata and derived indicators), when no boundaries are
    /// given: analyses of the table's keys (`index`).
    pub fn load_table_alone(&self) -> Result<atlas_data::model::IndicatorTable, String> {
        let table = self.table.as_ref().ok_or("--table is required")?;
        let opts = self.options()?;
        let (t, warnings) =
            atlas_data::dataset::load_table_alone(table, self.meta.as_deref(), &opts)
                .map_err(|e| e.to_string())?;
        if let Some(e) = warnings
            .iter()
            .find(|w| matches!(w, atlas_data::load::Note::Derived { .. }))
        {
            return Err(e.to_string());
        }
        Ok(t)
    }

    /// Loads the boundaries and, if given, the table (`inspect`).
    pub fn load_optional_table(&self) -> Result<Dataset, String> {
        let boundaries = self.boundaries.as_ref().ok_or("--boundaries is required")?;
        let paths = DatasetPaths {
            boundaries: boundaries.clone(),
            table: self.table.clone(),
            meta: self.meta.clone(),
        };
        let opts = self.options()?;
        let ds = load_dataset(&paths, &opts).map_err(|e| e.to_string())?;
        // A derived indicator that could not be made is an error on the command line: the
        // command would otherwise fail later with "unknown indicator".
        if let Some(e) = ds
            .warnings
            .iter()
            .find(|w| matches!(w, atlas_data::load::Note::Derived { .. }))
        {
            return Err(e.to_string());
        }
        // A join that matched nothing or under half is said on stderr; the command goes on.
        if let Some(w) = ds.join_warning() {
            eprintln!("warning: {w}");
        }
        Ok(ds)
    }
}

/// The rules of `path`, or the defaults built from the indicator roles; a rule naming an
/// indicator the table lacks is an error.
pub fn load_rules(
    path: Option<&Path>,
    ds: &Dataset,
    lang: atlas_i18n::Lang,
) -> Result<RuleSet, String> {
    let set = match path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            parse_rules(&text, &p.display().to_string())?
        }
        None => default_rules(ds.table(), lang),
    };
    if let Some((rule, ind)) = unknown_indicators(ds, &set).first() {
        let have: Vec<String> = ds
            .table()
            .map(|t| t.indicators.iter().map(|i| i.id.clone()).collect())
            .unwrap_or_default();
        return Err(format!(
            "rule '{rule}': indicator '{ind}' is not in the table (it has: {})",
            have.join(", ")
        ));
    }
    Ok(set)
}
