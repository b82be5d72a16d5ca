//! `arrival-atlas export`: the map of an indicator for a year (or every year) to PNG, SVG or
//! PDF, rendered headlessly by the same scene code as the app, optionally with the legend as
//! JSON. With `--year all` one file per year (`name_YYYY.ext`), rendered on all cores.
//! With `--project P --scene NAME` the map is a scene of a project file, built by the app's own
//! workspace (any map mode, the project's rules), so the file is the map the app shows.

use atlas_analysis::classify::{BreakMode, Scheme};
use atlas_analysis::ramps;
use atlas_analysis::rules::{RuleResult, evaluate};
use atlas_data::dataset::Dataset;
use atlas_i18n::Lang;
use atlas_render::legend_json::legend_json;
use atlas_render::{ExportSpec, MapFormat, compose};
use atlas_scene::{Choropleth, ChoroplethSpec, MapGeometry};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub data: super::data_args::DataArgs,
    /// Project file (.atlas.json) to take data, styling and rules from, instead of the
    /// data and styling options.
    #[arg(long, conflicts_with_all = ["boundaries", "table", "meta", "key", "indicator", "scheme", "classes", "breaks", "ramp", "reverse", "per_year_breaks", "rules", "title", "subtitle", "source", "simulate", "min_denominator"])]
    pub project: Option<PathBuf>,
    /// Scene of the project to export (default: the view saved with the project).
    #[arg(long, requires = "project")]
    pub scene: Option<String>,
    /// Indicator id (a column of the table). Required without --project.
    #[arg(long)]
    pub indicator: Option<String>,
    /// A year of the table, or `all` for one file per year (with --project: default the
    /// scene's year).
    #[arg(long)]
    pub year: Option<String>,
    /// equal, quantiles, jenks, stddev, boxmap, percentiles, headtail or manual.
    #[arg(long, default_value = "quantiles")]
    pub scheme: String,
    #[arg(long)]
    pub classes: Option<usize>,
    /// Manual breaks (upper bounds), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub breaks: Option<Vec<f64>>,
    #[arg(long, default_value = ramps::DEFAULT_RAMP)]
    pub ramp: String,
    #[arg(long)]
    pub reverse: bool,
    /// Shares and rates on fewer residents (their denominator) are drawn hatched as "few
    /// residents", counted apart in the legend and left out of the breaks; 0 turns it off.
    #[arg(long, default_value_t = atlas_scene::choropleth::DEFAULT_MIN_DENOMINATOR)]
    pub min_denominator: u32,
    /// Breaks per year instead of fixed over all years.
    #[arg(long)]
    pub per_year_breaks: bool,
    /// Rules file: the first rule is drawn as overlay.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Title instead of the indicator's label.
    #[arg(long)]
    pub title: Option<String>,
    /// Subtitle instead of the scheme and class count.
    #[arg(long)]
    pub subtitle: Option<String>,
    /// Source line instead of the metadata's source (or the file names).
    #[arg(long)]
    pub source: Option<String>,
    /// Draw the map as seen with deuteranopia, protanopia, tritanopia or achromatopsia (and
    /// warn about classes that become hard to tell apart).
    #[arg(long, value_parser = ["deuteranopia", "protanopia", "tritanopia", "achromatopsia"])]
    pub simulate: Option<String>,
    /// de or en (default: en, or the project's language).
    #[arg(long)]
    pub lang: Option<String>,
    /// Output file: .png, .svg or .pdf for the map; .csv for the joined table (one row per
    /// district and year, every indicator, derived ones included; German number format with
    /// --lang de) or .geojson for the boundaries with one year's values (--year, default the
    /// latest).
    #[arg(long)]
    pub out: PathBuf,
    /// Resolution a PDF page assumes (default 96, or 300 for 3508 × 2480).
    #[arg(long)]
    pub dpi: Option<f32>,
    #[arg(long, default_value_t = 1920)]
    pub width: u32,
    #[arg(long, default_value_t = 1080)]
    pub height: u32,
    /// Also write the legend as JSON.
    #[arg(long)]
    pub legend_json: Option<PathBuf>,
    /// Leave out district labels.
    #[arg(long)]
    pub no_labels: bool,
}

/// `map.png` → `map_2024.png`.
pub fn with_year(p: &Path, year: i32) -> PathBuf {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match p.extension() {
        Some(e) => format!("{stem}_{year}.{}", e.to_string_lossy()),
        None => format!("{stem}_{year}"),
    };
    p.with_file_name(name)
}

/// The checks every export shares: output format, size, language.
pub(super) struct Output {
    pub format: MapFormat,
    pub dpi: f32,
    pub lang: Option<Lang>,
}

fn check_output(a: &ExportArgs) -> Result<Output, String> {
    let format = MapFormat::of_path(&a.out).ok_or_else(|| {
        format!(
            "{}: the output must end in .png, .svg or .pdf (or .csv / .geojson for the joined table)",
            a.out.display()
        )
    })?;
    if !(16..=16_384).contains(&a.width) || !(16..=16_384).contains(&a.height) {
        return Err(format!(
            "size {}×{} is outside 16–16384 pixels",
            a.width, a.height
        ));
    }
    let dpi = a
        .dpi
        .unwrap_or_else(|| atlas_render::pdf_dpi(a.width, a.height));
    if !(24.0..=1200.0).contains(&dpi) {
        return Err(format!("--dpi {dpi} is outside 24–1200"));
    }
    let lang = match &a.lang {
        Some(code) => Some(
            Lang::from_code(code)
                .ok_or_else(|| format!("unknown language '{code}' (use de or en)"))?,
        ),
        None => None,
    };
    Ok(Output { format, dpi, lang })
}

/// Parses `--year`: `all`, or a year that must be in `years`.
pub(super) fn parse_years(arg: &str, years: &[i32]) -> Result<Vec<usize>, String> {
    if arg == "all" {
        return Ok((0..years.len()).collect());
    }
    let y: i32 = arg
        .parse()
        .map_err(|_| format!("year '{arg}' is not a year or 'all'"))?;
    let i = years.iter().position(|&x| x == y).ok_or_else(|| {
        let ys: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        format!("year {y} is not in the table (it has: {})", ys.join(", "))
    })?;
    Ok(vec![i])
}

pub fn run(a: &ExportArgs) -> Result<(), String> {
    if super::export_table::is_table_output(&a.out) && a.project.is_none() {
        return super::export_table::run(a);
    }
    let out = check_output(a)?;
    if let Some(p) = &a.project {
        return super::export_project::run(a, p, &out);
    }
    let format = out.format;
    let lang = out.lang.unwrap_or_default();
    let indicator = a
        .indicator
        .as_deref()
        .ok_or("--indicator is required (or --project)")?;
    let year_arg = a
        .year
        .as_deref()
        .ok_or("--year is required (or --project)")?;
    if ramps::ramp(&a.ramp).is_none() {
        let names: Vec<&str> = ramps::RAMPS.iter().map(|r| r.name).collect();
        return Err(format!(
            "unknown ramp '{}' (use one of: {})",
            a.ramp,
            names.join(", ")
        ));
    }
    let scheme = Scheme::from_name(&a.scheme, a.classes, None, a.breaks.clone())
        .map_err(|e| e.to_string())?;
    let ds = a.data.load()?;
    let t = ds.table().ok_or("no indicator table")?;
    let ind = t.indicator_index(indicator).ok_or_else(|| {
        let ids: Vec<&str> = t.indicators.iter().map(|i| i.id.as_str()).collect();
        format!(
            "unknown indicator '{indicator}' (the table has: {})",
            ids.join(", ")
        )
    })?;
    let years = parse_years(year_arg, &t.years)?;
    let spec = ChoroplethSpec {
        indicator: ind,
        scheme,
        mode: if a.per_year_breaks {
            BreakMode::PerYear
        } else {
            BreakMode::Pooled
        },
        ramp: a.ramp.clone(),
        reverse: a.reverse,
        min_denominator: a.min_denominator,
    };
    let c = Choropleth::build(&ds, &spec)?;
    let geometry = MapGeometry::build(&ds.districts).ok_or("the boundary file has no districts")?;
    let rules = a
        .rules
        .as_deref()
        .map(|p| super::data_args::load_rules(Some(p), &ds, lang))
        .transpose()?;
    let overlay: Option<(String, RuleResult)> = rules
        .as_ref()
        .and_then(|r| r.rules.first())
        .map(|r| (r.name.clone(), evaluate(&ds, r)));
    let date = atlas_render::today_in(lang);
    let vision = a
        .simulate
        .as_deref()
        .and_then(atlas_analysis::vision::Vision::from_name)
        .unwrap_or_default();
    if vision != atlas_analysis::vision::Vision::Normal {
        // The ramp's classes as drawn (no-data excluded), checked once for the whole run.
        let colors = years
            .first()
            .and_then(|&y| c.colors.get(y))
            .cloned()
            .unwrap_or_default();
        for (i, d) in atlas_analysis::vision::confusable(&colors, vision) {
            eprintln!(
                "warning: classes {} and {} are hard to tell apart with {} (ΔE {d:.1})",
                i + 1,
                i + 2,
                vision.name()
            );
        }
    }
    let out_dpi = out.dpi;
    let job = |y: usize| -> Result<(), String> {
        let out = if years.len() > 1 {
            with_year(&a.out, t.years[y])
        } else {
            a.out.clone()
        };
        let spec = ExportSpec {
            year: y,
            overlay: overlay.as_ref().map(|(n, r)| (n.as_str(), r)),
            title: a.title.clone(),
            lang,
            width: a.width,
            height: a.height,
            labels: !a.no_labels,
            date: date.clone(),
            subtitle: a.subtitle.clone(),
            source: a.source.clone(),
            vision,
        };
        write_one(&ds, &geometry, &c, &spec, format, out_dpi, &out)?;
        if let Some(lj) = &a.legend_json {
            let p = if years.len() > 1 {
                with_year(lj, t.years[y])
            } else {
                lj.clone()
            };
            let json = legend_json(&ds, &c, y).ok_or("no legend")?;
            let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            atlas_data::atomic_write::write_atomic(&p, text.as_bytes())?;
        }
        Ok(())
    };
    for_each_parallel(&years, job)
}

/// Runs `job` for every year, one worker per core, each taking every n-th year.
pub(super) fn for_each_parallel(
    years: &[usize],
    job: impl Fn(usize) -> Result<(), String> + Sync,
) -> Result<(), String> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(years.len())
        .max(1);
    let results: Vec<Result<(), String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let job = &job;
                s.spawn(move || {
                    years
                        .iter()
                        .skip(w)
                        .step_by(workers)
                        .try_for_each(|&y| job(y))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("an export worker stopped unexpectedly".into()))
            })
            .collect()
    });
    results.into_iter().collect()
}

fn write_one(
    ds: &Dataset,
    g: &MapGeometry,
    c: &Choropleth,
    spec: &ExportSpec,
    format: MapFormat,
    dpi: f32,
    out: &Path,
) -> Result<(), String> {
    let scene = compose(ds, g, c, spec)?;
    let bytes = atlas_render::render(&scene, format, dpi)?;
    atlas_data::atomic_write::write_atomic(out, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_suffix_goes_before_the_extension() {
        assert_eq!(
            with_year(Path::new("out/map.png"), 2024),
            PathBuf::from("out/map_2024.png")
        );
        assert_eq!(with_year(Path::new("map"), 2020), PathBuf::from("map_2020"));
    }
}
