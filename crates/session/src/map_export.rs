//! A map as the screen shows it, without a window: the export settings (format, size,
//! labels), the scene built from the workspace's own fills, legend rows, title and overlay, and
//! writing it. The app's export dialog, `arrival-atlas export --project` and *Copy map as
//! image* all go through `scene_of_view`, so every output matches the screen in every map mode.

use super::state::{MapMode, ViewState};
use super::workspace::Workspace;
use atlas_i18n::T;
pub use atlas_render::MapFormat;
use atlas_scene::error::SceneError;
use atlas_scene::map_scene::{MapScene, SceneInput};
use atlas_scene::text::{indicator_label, scheme_label};

/// What the user chose in the export window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapExport {
    pub format: MapFormat,
    pub width: u32,
    pub height: u32,
    pub labels: bool,
}

/// The scene of the map as the screen shows it now.
pub fn scene_of_view(
    ws: &Workspace,
    view: &ViewState,
    e: &MapExport,
) -> Result<MapScene, SceneError> {
    let lang = view.lang;
    ws.table().ok_or(SceneError::NoTable)?;
    let g = ws.geometry.as_ref().ok_or(SceneError::NoGeometry)?;
    let ind = ws.indicator.ok_or(SceneError::NothingShown)?;
    // The legend and fills the screen shows, overlay lines included.
    let legend = ws.legend.clone().ok_or(SceneError::NothingClassified)?;
    let year = ws.shown_year().unwrap_or_default();
    let overlay_row = view
        .active_rule
        .and_then(|r| ws.rule_results.get(r)?.per_year.get(ws.year.get()));
    let (title, subtitle) = title_lines(ws, view, ind, year);
    let input = SceneInput {
        districts: &ws.dataset.districts.districts,
        geometry: g,
        fills: &ws.fills,
        overlay: overlay_row.map(Vec::as_slice),
        title,
        subtitle,
        legend,
        source: source_line(ws, view),
        date: atlas_render::today_in(lang),
        synthetic: ws
            .dataset
            .meta
            .synthetic
            .then(|| lang.t(T::SyntheticData).to_owned()),
        labels: e.labels,
        context: ws.context.as_deref(),
        context_labels: view.context.as_ref().is_some_and(|c| c.labels),
        width: e.width,
        height: e.height,
        lang,
    };
    Ok(MapScene::build(&input))
}

/// Renders and writes a scene (run on a worker thread).
pub fn write_scene(
    scene: &MapScene,
    format: MapFormat,
    path: &std::path::Path,
) -> Result<(), atlas_data::atomic_write::WriteError> {
    let dpi = atlas_render::pdf_dpi(scene.width, scene.height);
    let bytes = atlas_render::render(scene, format, dpi).map_err(|detail| {
        atlas_data::atomic_write::WriteError::Failed {
            path: path.display().to_string(),
            detail,
        }
    })?;
    // A failed export never leaves half a file.
    atlas_data::atomic_write::write_atomic(path, &bytes)
}

/// Title and subtitle of the map for the view's mode.
pub fn title_lines(ws: &Workspace, view: &ViewState, ind: usize, year: i32) -> (String, String) {
    let lang = view.lang;
    let Some(t) = ws.table() else {
        return (String::new(), String::new());
    };
    let rule = view
        .active_rule
        .and_then(|r| view.rules.rules.get(r))
        .map(|r| r.name.clone())
        .unwrap_or_default();
    let meta = &ws.dataset.meta;
    let year_shown = atlas_scene::text::year_text(meta, year, lang);
    match view.map_mode {
        MapMode::Choropleth => {
            let (scheme, k) = match &ws.choropleth {
                Some(c) => (
                    scheme_label(&c.spec.scheme, lang),
                    c.per_year.get(ws.year.get()).map(|c| c.k).unwrap_or(0),
                ),
                None => (String::new(), 0),
            };
            (
                format!("{}  {year_shown}", own_title(view, t, ind)),
                view.text.subtitle.clone().unwrap_or_else(|| {
                    // Nothing classified ("Quantiles, 0 classes") means no district has a
                    // value this year: say that.
                    if k == 0 {
                        lang.t(T::NoDistrictHasData).to_owned()
                    } else {
                        format!("{scheme}, {}", lang.f(T::NClasses, &[&k.to_string()]))
                    }
                }),
            )
        }
        MapMode::Typology => (
            format!("{}  {year_shown}", lang.t(T::ModeTypology)),
            lang.t(T::Rules).to_owned(),
        ),
        MapMode::Persistence => {
            let (a, b) = super::workspace::persist_range(t, view);
            let (a, b) = (t.year_at(a), t.year_at(b));
            (
                format!("{rule}  {a}–{b}"),
                lang.t(T::ModePersistence).to_owned(),
            )
        }
        MapMode::LocationQuotient => {
            // The group and the total as the title says them: "inhabitants_foreigners /
            // inhabitants  2020".
            let what = match ws.segregation.groups() {
                Some(atlas_analysis::segregation::Groups::Single { group, total }) => {
                    format!(
                        "{} / {}",
                        label_of(t, group, lang),
                        label_of(t, total, lang)
                    )
                }
                Some(atlas_analysis::segregation::Groups::Multi(g)) => label_of(t, &g[0], lang),
                None => String::new(),
            };
            (
                view.text
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("{what}  {year_shown}")),
                view.text
                    .subtitle
                    .clone()
                    .unwrap_or_else(|| lang.t(T::ModeLocationQuotient).to_owned()),
            )
        }
        MapMode::IndexPersistence => {
            let (a, b) = super::workspace::persist_range(t, view);
            let (a, b) = (t.year_at(a), t.year_at(b));
            let (index, class) =
                crate::indices::last_class_name(&ws.indices, lang).unwrap_or_default();
            (
                view.text
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("{}  {a}–{b}", lang.f(T::YearsInClass, &[&class]))),
                view.text.subtitle.clone().unwrap_or(index),
            )
        }
        m @ (MapMode::Clusters | MapMode::Significance | MapMode::ClusterPersistence) => {
            let what = match m {
                MapMode::Clusters => T::ModeClusters,
                MapMode::Significance => T::ModeSignificance,
                _ => T::ModeClusterPersistence,
            };
            let years = if m == MapMode::ClusterPersistence {
                format!(
                    "{}–{}",
                    t.years.first().copied().unwrap_or_default(),
                    t.years.last().copied().unwrap_or_default()
                )
            } else {
                year_shown.clone()
            };
            (
                format!("{}  {years}", own_title(view, t, ind)),
                view.text
                    .subtitle
                    .clone()
                    .unwrap_or_else(|| lang.t(what).to_owned()),
            )
        }
        m @ (MapMode::IndexClasses | MapMode::StatusDynamics) => {
            let names: Vec<&str> = ws
                .indices
                .specs
                .iter()
                .take(if m == MapMode::StatusDynamics { 2 } else { 1 })
                .map(|s| s.name(lang))
                .collect();
            let what = if m == MapMode::StatusDynamics {
                T::ModeStatusDynamics
            } else {
                T::ModeIndexClasses
            };
            // The mode and year as the title; the indices' (long) names below it.
            (
                view.text
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("{}  {year_shown}", lang.t(what))),
                view.text
                    .subtitle
                    .clone()
                    .unwrap_or_else(|| names.join(" × ")),
            )
        }
        MapMode::Change => {
            let from = view
                .change_from
                .or_else(|| ws.indicator_years[ind].first().map(|&y| t.year_at(y)))
                .unwrap_or(year);
            (
                format!("{}  {from}–{year}", own_title(view, t, ind)),
                view.text
                    .subtitle
                    .clone()
                    .unwrap_or_else(|| lang.t(T::ModeChange).to_owned()),
            )
        }
    }
}

/// The map's title: the user's words, else the indicator's label.
fn own_title(view: &ViewState, t: &atlas_data::model::IndicatorTable, ind: usize) -> String {
    view.text
        .title
        .clone()
        .unwrap_or_else(|| indicator_label(t, ind, view.lang))
}

/// The map's source line: the user's words, else the metadata's source (or the files).
pub fn source_line(ws: &Workspace, view: &ViewState) -> String {
    let lang = view.lang;
    let source = view
        .text
        .source
        .clone()
        .unwrap_or_else(|| ws.dataset.source_line(lang));
    lang.f(T::Source, &[&source])
}

/// An indicator's label by id (the id when the table has no such indicator).
fn label_of(t: &atlas_data::model::IndicatorTable, id: &str, lang: atlas_i18n::Lang) -> String {
    t.indicator_index(id)
        .map(|i| indicator_label(t, i, lang))
        .unwrap_or_else(|| id.to_owned())
}
