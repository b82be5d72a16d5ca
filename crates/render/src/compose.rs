//! From a data set to a map scene, with the words and colours the screen uses: the choropleth
//! of an indicator for a year (fills, legend classes with counts, no-data, breaks note), the
//! first rule as overlay, title, subtitle, source, date and the synthetic-data mark.

use atlas_analysis::rules::RuleResult;
use atlas_data::dataset::Dataset;
use atlas_i18n::{Lang, T, format_number};
use atlas_scene::legend_rows::{choropleth_rows, overlay_entries};
use atlas_scene::map_scene::{LegendSpec, MapScene, SceneInput};
use atlas_scene::text::{indicator_decimals, indicator_label, indicator_unit, scheme_label};
use atlas_scene::{Choropleth, MapGeometry};

/// What to export.
pub struct ExportSpec<'a> {
    /// Year index into the table.
    pub year: usize,
    /// The overlay rule: its name and results.
    pub overlay: Option<(&'a str, &'a RuleResult)>,
    /// Replaces the indicator label in the title.
    pub title: Option<String>,
    pub lang: Lang,
    pub width: u32,
    pub height: u32,
    pub labels: bool,
    /// Shown at the bottom right (e.g. the export date).
    pub date: String,
    /// Replaces the subtitle (scheme, classes, city reference).
    pub subtitle: Option<String>,
    /// Replaces the source line (else the metadata's source or the file names).
    pub source: Option<String>,
    /// Draws the map as seen with this colour vision (and says so in the legend).
    pub vision: atlas_analysis::vision::Vision,
}

/// Builds the scene of a classified indicator.
pub fn compose(
    ds: &Dataset,
    geometry: &MapGeometry,
    c: &Choropleth,
    spec: &ExportSpec,
) -> Result<MapScene, String> {
    let t = ds.table().ok_or("no indicator table is loaded")?;
    let ind = c.spec.indicator;
    let year = *t.years.get(spec.year).ok_or("no such year")?;
    let lang = spec.lang;
    let decimals = indicator_decimals(t, ind);
    let mut fills = c.fills(spec.year);
    let (mut rows, mut note) = choropleth_rows(c, spec.year, &t.years, decimals, lang);
    if spec.vision != atlas_analysis::vision::Vision::Normal {
        use atlas_analysis::vision::simulate;
        for f in &mut fills {
            *f = simulate(*f, spec.vision);
        }
        for r in &mut rows {
            r.color = simulate(r.color, spec.vision);
        }
        let name = lang.t(atlas_scene::text::vision_text(spec.vision));
        note = format!("{note} · {}", lang.f(T::SimulatedVision, &[name]));
    }
    note =
        atlas_scene::text::join_note(note, atlas_scene::text::estimate_line(&ds.meta, year, lang));
    let year_text = atlas_scene::text::year_text(&ds.meta, year, lang);
    let k = c.per_year[spec.year].k;
    let overlay_row = spec.overlay.and_then(|(_, r)| r.per_year.get(spec.year));
    let overlay = spec
        .overlay
        .map(|(name, r)| overlay_entries(name, r, spec.year, lang))
        .unwrap_or_default();
    let reference = c.reference.get(spec.year).and_then(|r| r.value);
    let mut subtitle = format!(
        "{}, {}",
        scheme_label(&c.spec.scheme, lang),
        lang.f(T::NClasses, &[&k.to_string()])
    );
    if let Some(r) = reference {
        let unit = indicator_unit(t, ind, lang);
        subtitle.push_str(&format!(
            " · {}: {}{}",
            lang.t(T::CityReferenceLong),
            format_number(r, decimals, lang),
            if unit.is_empty() {
                String::new()
            } else {
                format!(" {unit}")
            }
        ));
    }
    let input = SceneInput {
        districts: &ds.districts.districts,
        geometry,
        fills: &fills,
        overlay: overlay_row.map(Vec::as_slice),
        title: format!(
            "{}  {year_text}",
            spec.title
                .clone()
                .unwrap_or_else(|| indicator_label(t, ind, lang))
        ),
        subtitle: spec.subtitle.clone().unwrap_or(subtitle),
        legend: LegendSpec {
            unit: indicator_unit(t, ind, lang).to_owned(),
            rows,
            overlay,
            note,
        },
        source: lang.f(
            T::Source,
            &[&spec.source.clone().unwrap_or_else(|| ds.source_line(lang))],
        ),
        date: spec.date.clone(),
        synthetic: ds
            .meta
            .synthetic
            .then(|| lang.t(T::SyntheticData).to_owned()),
        labels: spec.labels,
        width: spec.width,
        height: spec.height,
        lang,
    };
    Ok(MapScene::build(&input))
}
