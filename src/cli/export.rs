//! `arrival-atlas export`: a map to PNG, SVG or PDF, optionally with the legend as JSON; with
//! `--year all` one file per year (`name_YYYY.ext`), rendered on all cores. The flags (or a
//! project's scene with `--project P --scene NAME`) become one map description, drawn by the
//! app's own workspace and scene code (`atlas_session::headless`): the file is the map the app
//! shows for that view, in any map mode.

use atlas_analysis::classify::{BreakMode, Scheme};
use atlas_analysis::ramps;
use atlas_analysis::rules::RuleSet;
use atlas_analysis::spatial::WeightsSpec;
use atlas_analysis::spatial::lisa::Correction;
use atlas_data::model::YearIdx;
use atlas_i18n::Lang;
use atlas_render::MapFormat;
use atlas_session::headless::{HeadlessView, MapDescription};
use atlas_session::project::view::{MapMode, MapText, Scene, SpatialView, Styling};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub data: super::data_args::DataArgs,
    /// Project file (.atlas.json) to take data, styling and rules from, instead of the
    /// data and styling options.
    #[arg(long, conflicts_with_all = ["boundaries", "table", "meta", "key", "indicator", "scheme", "classes", "breaks", "ramp", "reverse", "per_year_breaks", "rules", "title", "subtitle", "source", "simulate", "min_denominator", "mode", "weights", "permutations", "seed", "alpha", "correction"])]
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
    /// Rules file: the first rule is drawn as overlay (and counts in the persistence map).
    /// Without it the typology and persistence maps use the data's default rules.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// What the map colours districts by: choropleth (the classified indicator), typology,
    /// persistence, change, clusters (LISA), significance, cluster_persistence, index_classes
    /// (the first --index-spec's classes), status_dynamics (two --index-spec, crossed) or
    /// index_persistence (years in the first --index-spec's last class, over all years) or
    /// location_quotient (the foreign count's share over the city's, classes around 1).
    #[arg(long, default_value = "choropleth", value_parser = ["choropleth", "typology", "persistence", "change", "clusters", "significance", "cluster_persistence", "index_classes", "status_dynamics", "index_persistence", "location_quotient"])]
    pub mode: String,
    /// A composite-index spec (JSON; presets in data/indices/) for the index maps: status,
    /// then dynamics.
    #[arg(long, value_name = "SPEC.json")]
    pub index_spec: Vec<PathBuf>,
    /// Spatial weights of the cluster maps: queen, rook, knn:K, distance:METRES, file:W.gal
    /// (default queen).
    #[arg(long)]
    pub weights: Option<String>,
    /// Permutations of the cluster maps' pseudo p-values (default 9999).
    #[arg(long)]
    pub permutations: Option<usize>,
    /// Seed of the permutations (default 12345).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Significance level of the cluster maps (default 0.05).
    #[arg(long)]
    pub alpha: Option<f64>,
    /// Multiple-comparison correction of the cluster maps: none, bonferroni or fdr.
    #[arg(long, value_parser = ["none", "bonferroni", "fdr"])]
    pub correction: Option<String>,
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
    /// A second boundary file drawn as outlines over the map (e.g. Bezirke over
    /// Planungsräume); with --project, instead of the project's own.
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,
    /// Name the context layer's areas on the map.
    #[arg(long, requires = "context")]
    pub context_labels: bool,
}

/// The context layer the flags ask for, if any.
pub(super) fn context_of(a: &ExportArgs) -> Option<atlas_session::ContextSpec> {
    a.context.as_ref().map(|path| atlas_session::ContextSpec {
        path: path.clone(),
        labels: a.context_labels,
    })
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
pub(super) fn parse_years(arg: &str, years: &[i32]) -> Result<Vec<YearIdx>, String> {
    if arg == "all" {
        return Ok((0..years.len()).map(YearIdx).collect());
    }
    let y: i32 = arg
        .parse()
        .map_err(|_| format!("year '{arg}' is not a year or 'all'"))?;
    let i = years.iter().position(|&x| x == y).ok_or_else(|| {
        let ys: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        format!("year {y} is not in the table (it has: {})", ys.join(", "))
    })?;
    Ok(vec![YearIdx(i)])
}

pub fn run(a: &ExportArgs) -> Result<(), String> {
    if super::export_table::is_table_output(&a.out) && a.project.is_none() {
        return super::export_table::run(a);
    }
    let out = check_output(a)?;
    if let Some(p) = &a.project {
        return super::export_project::run(a, p, &out);
    }
    let lang = out.lang.unwrap_or_default();
    let year_arg = a
        .year
        .as_deref()
        .ok_or("--year is required (or --project)")?;
    let mut d = description(a, lang)?;
    let ds = a.data.load()?;
    if let Some(p) = &a.rules {
        d.rules = super::data_args::load_rules(Some(p), &ds, lang)?;
    }
    let t = ds.table().ok_or("no indicator table")?;
    let years = parse_years(year_arg, &t.years)?;
    d.scene.year = years.first().map(|&y| t.year_at(y));
    let mut view = HeadlessView::new(ds, &d)?;
    atlas_data::timings::mark("export: classified");
    if let Some(c) = context_of(a) {
        view.set_context(Some(c))?;
    }
    if d.vision != atlas_analysis::vision::Vision::Normal {
        warn_confusable(&view, years.first().copied().unwrap_or_default(), d.vision);
    }
    let written = write_years(&mut view, &years, a, &out);
    super::leave_to_exit(view);
    written
}

/// The map the flags describe (the data aside): the same description a project scene is.
pub(super) fn description(a: &ExportArgs, lang: Lang) -> Result<MapDescription, String> {
    let indicator = a
        .indicator
        .clone()
        .ok_or("--indicator is required (or --project)")?;
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
    // The styling's class count is what the workspace classifies with (`spec_for`).
    let k = match &scheme {
        Scheme::EqualInterval { k } | Scheme::Quantiles { k } | Scheme::NaturalBreaks { k } => *k,
        _ => Styling::default().k,
    };
    let map_mode: MapMode = serde_json::from_value(serde_json::Value::String(a.mode.clone()))
        .map_err(|_| format!("unknown map mode '{}'", a.mode))?;
    // Without a rules file the choropleth has no overlay (as always on the command line); the
    // rule-based maps use the first rule, of the file or of the data's defaults.
    let overlay = a.rules.is_some() || matches!(map_mode, MapMode::Typology | MapMode::Persistence);
    Ok(MapDescription {
        scene: Scene {
            indicator: Some(indicator),
            styling: Styling {
                k,
                scheme,
                mode: if a.per_year_breaks {
                    BreakMode::PerYear
                } else {
                    BreakMode::Pooled
                },
                ramp: a.ramp.clone(),
                reverse: a.reverse,
                min_denominator: a.min_denominator,
            },
            map_mode,
            active_rule: overlay.then_some(0),
            labels: !a.no_labels,
            text: MapText {
                title: a.title.clone(),
                subtitle: a.subtitle.clone(),
                source: a.source.clone(),
            },
            spatial: spatial_view(a)?,
            ..Scene::default()
        },
        rules: RuleSet::default(),
        indices: index_specs(a, map_mode)?,
        vision: a
            .simulate
            .as_deref()
            .and_then(atlas_analysis::vision::Vision::from_name)
            .unwrap_or_default(),
        lang,
    })
}

/// The composite indices of `--index-spec`, as many as the map mode needs.
fn index_specs(
    a: &ExportArgs,
    mode: MapMode,
) -> Result<Vec<atlas_analysis::index::IndexSpec>, String> {
    let specs = a
        .index_spec
        .iter()
        .map(|p| super::index::read_spec(p))
        .collect::<Result<Vec<_>, _>>()?;
    let needs = mode.indices_needed();
    if specs.len() < needs {
        return Err(format!(
            "--mode {} needs {needs} --index-spec (status{})",
            a.mode,
            if needs == 2 { ", then dynamics" } else { "" }
        ));
    }
    Ok(specs)
}

/// The cluster maps' settings from the flags, the app's defaults for those not given.
fn spatial_view(a: &ExportArgs) -> Result<SpatialView, String> {
    let d = SpatialView::default();
    Ok(SpatialView {
        weights: match &a.weights {
            Some(w) => WeightsSpec::parse(w)?,
            None => d.weights,
        },
        permutations: a.permutations.unwrap_or(d.permutations),
        seed: a.seed.unwrap_or(d.seed),
        alpha: a.alpha.unwrap_or(d.alpha),
        correction: match a.correction.as_deref() {
            Some("bonferroni") => Correction::Bonferroni,
            Some("fdr") => Correction::Fdr,
            Some(_) => Correction::None,
            None => d.correction,
        },
        transition_from: None,
    })
}

/// Warns about classes that become hard to tell apart with the simulated colour vision (the
/// ramp's classes as drawn, no-data excluded; once for the whole run).
fn warn_confusable(view: &HeadlessView, year: YearIdx, vision: atlas_analysis::vision::Vision) {
    let colors = view
        .choropleth()
        .and_then(|c| c.colors.get(year.get()))
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

/// Writes the map (and the legend JSON) of every year in `years`: the scenes are built one
/// after the other by the view (a year step is a recolour), drawn and written on all cores.
pub(super) fn write_years(
    view: &mut HeadlessView,
    years: &[YearIdx],
    a: &ExportArgs,
    out: &Output,
) -> Result<(), String> {
    let (table_years, _) = view.years();
    let path = |p: &Path, y: YearIdx| {
        if years.len() > 1 {
            with_year(p, table_years[y.get()])
        } else {
            p.to_path_buf()
        }
    };
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .max(1);
    let chunks = years.chunks(workers).count();
    for (i, chunk) in years.chunks(workers).enumerate() {
        let mut jobs = Vec::with_capacity(chunk.len());
        for &y in chunk {
            view.set_year(y);
            let scene = view.scene(a.width, a.height)?;
            atlas_data::timings::mark("export: scene laid out");
            if let Some(lj) = &a.legend_json {
                let json = view
                    .legend_json()
                    .ok_or("the map has no classified indicator")?;
                let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
                atlas_data::atomic_write::write_atomic(&path(lj, y), text.as_bytes())?;
            }
            jobs.push((path(&a.out, y), scene));
        }
        let results: Vec<Result<(), String>> = std::thread::scope(|s| {
            let handles: Vec<_> = jobs
                .iter()
                .map(|(file, scene)| {
                    s.spawn(move || {
                        let bytes = atlas_render::render(scene, out.format, out.dpi)?;
                        Ok(atlas_data::atomic_write::write_atomic(file, &bytes)?)
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
        results.into_iter().collect::<Result<(), String>>()?;
        atlas_data::timings::mark("export: files written");
        // The last scenes are freed by the exit (at 100 000 districts ≈ 20 ms of freeing).
        if i + 1 == chunks {
            super::leave_to_exit(jobs);
        }
    }
    Ok(())
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
