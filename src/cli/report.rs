//! `arrival-atlas report`: district reports as PDF, one A4 page per district (the listed keys,
//! or all), with the rules of a rules file or the defaults — the same pages as the app's
//! "District report" export.

use atlas_analysis::rules::evaluate_all;
use atlas_i18n::Lang;
use atlas_render::report::{ReportSpec, district_report};
use atlas_scene::MapGeometry;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub data: super::data_args::DataArgs,
    /// A year of the table (default: the last).
    #[arg(long)]
    pub year: Option<i32>,
    /// District keys, comma-separated (default: every district).
    #[arg(long, value_delimiter = ',')]
    pub districts: Option<Vec<String>>,
    /// Rules file (default: the rules built from the indicator roles).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// de or en.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// A composite-index spec (JSON; presets in data/indices/): each page states the
    /// district's index, class, rank and z-values. Repeat for status, then dynamics.
    #[arg(long, value_name = "SPEC.json")]
    pub index_spec: Vec<PathBuf>,
    /// Output file (.pdf).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(a: &ReportArgs) -> Result<(), String> {
    if atlas_render::MapFormat::of_path(&a.out) != Some(atlas_render::MapFormat::Pdf) {
        return Err(format!("{}: the report must end in .pdf", a.out.display()));
    }
    let lang = Lang::from_code(&a.lang)
        .ok_or_else(|| format!("unknown language '{}' (use de or en)", a.lang))?;
    let ds = a.data.load()?;
    let t = ds.table().ok_or("no indicator table")?;
    let year = match a.year {
        Some(y) => t.year_index(y).ok_or_else(|| {
            let ys: Vec<String> = t.years.iter().map(|y| y.to_string()).collect();
            format!("year {y} is not in the table (it has: {})", ys.join(", "))
        })?,
        None => t.last_year().ok_or("the table has no years")?,
    };
    let rules = super::data_args::load_rules(a.rules.as_deref(), &ds, lang)?;
    let districts: Vec<usize> = match &a.districts {
        None => (0..ds.districts.districts.len()).collect(),
        Some(keys) => {
            // Each district's place by its key, the first with it (looked up, not searched for
            // per key: many keys on a large map were quadratic).
            let mut place: std::collections::HashMap<&str, usize> = Default::default();
            for (i, d) in ds.districts.districts.iter().enumerate() {
                place.entry(d.key.as_str()).or_insert(i);
            }
            keys.iter()
                .map(|k| {
                    place
                        .get(k.as_str())
                        .copied()
                        .ok_or_else(|| format!("no district has the key '{k}'"))
                })
                .collect::<Result<_, _>>()?
        }
    };
    let results = evaluate_all(&ds, &rules.rules);
    // Each index in the report's year; one that cannot be computed there is an error.
    let indices = a
        .index_spec
        .iter()
        .map(|p| {
            let spec = super::index::read_spec(p)?;
            let y = atlas_analysis::index::compute(t, &spec, year)
                .map_err(|e| format!("{}: {e}", p.display()))?;
            Ok((spec, y))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let geometry = MapGeometry::build(&ds.districts).ok_or("the boundary file has no districts")?;
    let spec = ReportSpec {
        // The foreign count over the population, where the table has both.
        location_quotient: atlas_session::segregation::lq_by_district(
            &ds,
            &Default::default(),
            year,
        ),
        indices: &indices,
        year,
        rules: &rules.rules,
        results: &results,
        lang,
        date: atlas_render::today_in(lang),
        // Moran's I of the foreign share (else the first indicator), queen weights.
        spatial: atlas_render::report::ReportSpatial::compute(
            &ds,
            t.indicator_with_role(atlas_data::model::Role::ForeignShare)
                .unwrap_or(0),
            year,
            lang,
        ),
    };
    let bytes = district_report(&ds, &geometry, &districts, &spec)?;
    Ok(atlas_data::atomic_write::write_atomic(&a.out, &bytes)?)
}
