//! `arrival-atlas export`: the map of an indicator for a year (or every year) to PNG or SVG,
//! rendered headlessly by the same scene code as the app, optionally with the legend as JSON.
//! With `--year all` one file per year (`name_YYYY.ext`), rendered on all cores.

use crate::analysis::classify::{BreakMode, Scheme};
use crate::analysis::ramps;
use crate::dataset::Dataset;
use crate::export::legend_json::legend_json;
use crate::export::{ExportSpec, compose, png, svg};
use crate::i18n::Lang;
use crate::rules::{RuleResult, RuleSet, evaluate, parse_rules};
use crate::scene::{Choropleth, ChoroplethSpec, MapGeometry};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub data: super::data_args::DataArgs,
    /// Indicator id (a column of the table).
    #[arg(long)]
    pub indicator: String,
    /// A year of the table, or `all` for one file per year.
    #[arg(long)]
    pub year: String,
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
    /// Breaks per year instead of fixed over all years.
    #[arg(long)]
    pub per_year_breaks: bool,
    /// Rules file: the first rule is drawn as overlay.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Title instead of the indicator's label.
    #[arg(long)]
    pub title: Option<String>,
    /// de or en.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Output file: .png or .svg.
    #[arg(long)]
    pub out: PathBuf,
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

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Png,
    Svg,
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

pub fn run(a: &ExportArgs) -> Result<(), String> {
    let format = match a
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .as_deref()
    {
        Some("png") => Format::Png,
        Some("svg") => Format::Svg,
        Some("pdf") => return Err("PDF export is not available yet; write .png or .svg".into()),
        _ => {
            return Err(format!(
                "{}: the output must end in .png or .svg",
                a.out.display()
            ));
        }
    };
    if !(16..=16_384).contains(&a.width) || !(16..=16_384).contains(&a.height) {
        return Err(format!(
            "size {}×{} is outside 16–16384 pixels",
            a.width, a.height
        ));
    }
    let lang = Lang::from_code(&a.lang)
        .ok_or_else(|| format!("unknown language '{}' (use de or en)", a.lang))?;
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
    let ind = t.indicator_index(&a.indicator).ok_or_else(|| {
        let ids: Vec<&str> = t.indicators.iter().map(|i| i.id.as_str()).collect();
        format!(
            "unknown indicator '{}' (the table has: {})",
            a.indicator,
            ids.join(", ")
        )
    })?;
    let years: Vec<usize> = if a.year == "all" {
        (0..t.years.len()).collect()
    } else {
        let y: i32 = a
            .year
            .parse()
            .map_err(|_| format!("year '{}' is not a year or 'all'", a.year))?;
        vec![t.year_index(y).ok_or_else(|| {
            let ys: Vec<String> = t.years.iter().map(|y| y.to_string()).collect();
            format!("year {y} is not in the table (it has: {})", ys.join(", "))
        })?]
    };
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
    };
    let c = Choropleth::build(&ds, &spec)?;
    let geometry = MapGeometry::build(&ds.districts).ok_or("the boundary file has no districts")?;
    let rules: Option<RuleSet> = match &a.rules {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            Some(parse_rules(&text, &p.display().to_string())?)
        }
        None => None,
    };
    let overlay: Option<(String, RuleResult)> = rules
        .as_ref()
        .and_then(|r| r.rules.first())
        .map(|r| (r.name.clone(), evaluate(&ds, r)));
    let date = crate::export::today();
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
        };
        write_one(&ds, &geometry, &c, &spec, format, &out)?;
        if let Some(lj) = &a.legend_json {
            let p = if years.len() > 1 {
                with_year(lj, t.years[y])
            } else {
                lj.clone()
            };
            let json = legend_json(&ds, &c, y).ok_or("no legend")?;
            let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
        }
        Ok(())
    };
    // One worker per core, each taking every n-th year.
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(years.len())
        .max(1);
    let results: Vec<Result<(), String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let years = &years;
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
    format: Format,
    out: &Path,
) -> Result<(), String> {
    let scene = compose(ds, g, c, spec)?;
    let bytes = match format {
        Format::Png => png::to_png(&scene)?,
        Format::Svg => svg::to_svg(&scene).into_bytes(),
    };
    std::fs::write(out, bytes).map_err(|e| format!("{}: {e}", out.display()))
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
