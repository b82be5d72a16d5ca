//! Composite indices in the session: the specs the view holds (a preset shipped with the
//! program, or a spec file), computed for every year of the table when they change, and the
//! two map modes they colour — one index's classes, and the status × dynamics matrix with its
//! two-dimensional legend (counts of districts in every cell, as the map draws them).

use super::state::{MapMode, ViewState};
use atlas_analysis::index::palette::matrix_colors;
use atlas_analysis::index::{IndexError, IndexSpec, IndexYear, compute_all, describe};
use atlas_analysis::ramps::{NO_DATA, Rgb};
use atlas_analysis::rules::Tri;
use atlas_data::dataset::Dataset;
use atlas_data::model::YearIdx;
use atlas_i18n::{Lang, T};
use atlas_scene::legend_matrix::MatrixLegend;
use atlas_scene::modes::LegendRow;

/// The presets shipped in `data/indices/` (built into the program: it runs offline).
pub const PRESETS: [(T, [&str; 2]); 2] = [
    (
        T::PresetMss2013,
        [
            include_str!("../../../data/indices/berlin_mss_2013_2017_status.json"),
            include_str!("../../../data/indices/berlin_mss_2013_2017_dynamics.json"),
        ],
    ),
    (
        T::PresetMss2019,
        [
            include_str!("../../../data/indices/berlin_mss_2019_status.json"),
            include_str!("../../../data/indices/berlin_mss_2019_dynamics.json"),
        ],
    ),
];

/// A preset's specs (status, dynamics).
pub fn preset(i: usize) -> Result<Vec<IndexSpec>, IndexError> {
    let (_, texts) = PRESETS.get(i).ok_or(IndexError::NoId)?;
    texts.iter().map(|t| IndexSpec::parse(t)).collect()
}

impl super::Session {
    /// Takes new composite indices: chosen where there were none, their map is shown (the
    /// matrix with two); a map mode whose indices go falls back to the indicator. One undo step.
    pub(crate) fn set_indices(&mut self, specs: Vec<IndexSpec>) {
        if specs.len() < self.view.map_mode.indices_needed() {
            self.view.map_mode = MapMode::Choropleth;
        }
        if self.view.indices.is_empty() && !specs.is_empty() {
            self.view.map_mode = if specs.len() >= 2 {
                MapMode::StatusDynamics
            } else {
                MapMode::IndexClasses
            };
        }
        self.view.indices = specs;
    }
}

impl super::Session {
    /// Reads an index spec file for the editor (the editor shows it; Apply applies it).
    pub(crate) fn open_index_spec(&mut self, path: &std::path::Path) {
        let lang = self.view.lang;
        let read = atlas_data::load::error::read_file(path)
            .map_err(|e| atlas_i18n::Localize::text(&e, lang))
            .and_then(|bytes| {
                let text = String::from_utf8_lossy(&bytes);
                IndexSpec::parse(&text).map_err(|e| atlas_i18n::Localize::text(&e, lang))
            });
        match read {
            Ok(spec) => {
                self.opened_index = Some(spec);
                self.windows.insert(crate::Window::IndexEditor);
            }
            Err(e) => {
                let file = atlas_data::load::error::file_name(path);
                self.message = Some(super::Message::Error(format!("{file}: {e}")));
            }
        }
    }

    /// Writes the view's index `i` as a spec file (pretty JSON, as the presets are).
    pub(crate) fn save_index_spec(&mut self, i: usize, path: &std::path::Path) {
        let lang = self.view.lang;
        let Some(spec) = self.view.indices.get(i) else {
            self.message = Some(super::Message::Error(lang.t(T::NoIndexChosen).to_owned()));
            return;
        };
        let json = serde_json::to_string_pretty(spec).unwrap_or_default() + "\n";
        self.message = Some(
            match atlas_data::atomic_write::write_atomic(path, json.as_bytes()) {
                Ok(()) => {
                    super::Message::Notice(lang.f(T::Exported, &[&path.display().to_string()]))
                }
                Err(e) => super::Message::Error(atlas_i18n::Localize::text(&e, lang)),
            },
        );
    }
}

/// The indices of the view's specs in every year: `[spec][year]`.
#[derive(Debug, Default)]
pub struct IndexCache {
    pub specs: Vec<IndexSpec>,
    pub years: Vec<Vec<Result<IndexYear, IndexError>>>,
}

impl IndexCache {
    /// Recomputes when the view's specs changed (not per frame); `true` when it did.
    pub fn sync(&mut self, ds: &Dataset, view: &ViewState) -> bool {
        if self.specs == view.indices {
            return false;
        }
        self.specs = view.indices.clone();
        self.years = match ds.table() {
            Some(t) => self.specs.iter().map(|s| compute_all(t, s)).collect(),
            None => Vec::new(),
        };
        true
    }

    /// Spec `i` in `year`, if computed without error.
    pub fn year(&self, i: usize, year: YearIdx) -> Option<&IndexYear> {
        self.years.get(i)?.get(year.get())?.as_ref().ok()
    }

    /// The first error of any spec in `year` (said in the legend's note).
    pub fn error(&self, year: YearIdx) -> Option<&IndexError> {
        self.years
            .iter()
            .find_map(|y| y.get(year.get())?.as_ref().err())
    }
}

/// What the indices say of table key `key` in `year` (see [`describe::key_lines`]): for the
/// tooltip and the district profile.
pub fn key_lines(cache: &IndexCache, key: usize, year: YearIdx, lang: Lang) -> Vec<String> {
    let years: Vec<Option<&IndexYear>> = (0..cache.specs.len())
        .map(|i| cache.year(i, year))
        .collect();
    describe::key_lines(&cache.specs, &years, key, lang)
}

pub use atlas_analysis::index::describe::class_label;

/// Fills, legend rows, the matrix legend and the note of an index map mode in `year`.
pub fn mode_fills(
    cache: &IndexCache,
    ds: &Dataset,
    view: &ViewState,
    year: YearIdx,
) -> (Vec<Rgb>, Vec<LegendRow>, Option<MatrixLegend>, String) {
    let lang = view.lang;
    let n = ds.districts.districts.len();
    let no_join = vec![None; n];
    let district_key: &[Option<usize>] = match &ds.join {
        Some(j) => &j.keys.district_to_key,
        None => &no_join,
    };
    let mut fills = vec![NO_DATA; n];
    let mut missing = 0;
    let note = match cache.error(year) {
        Some(e) => atlas_i18n::Localize::text(e, lang),
        None => String::new(),
    };
    let no_data = |missing| LegendRow {
        color: NO_DATA,
        label: lang.t(T::NotInIndex).to_owned(),
        count: missing,
        hatched: true,
    };
    match (view.map_mode, cache.specs.as_slice()) {
        (MapMode::StatusDynamics, [a, b, ..]) => {
            let colors = matrix_colors(a.classes.len(), b.classes.len());
            let mut counts = vec![vec![0; b.classes.len()]; a.classes.len()];
            for (d, key) in district_key.iter().enumerate() {
                let cell = key.and_then(|k| {
                    let x = cache.year(0, year)?.keys.get(k)?.as_ref()?;
                    let y = cache.year(1, year)?.keys.get(k)?.as_ref()?;
                    Some((x.class, y.class))
                });
                match cell {
                    Some((r, c)) => {
                        fills[d] = colors[r][c];
                        counts[r][c] += 1;
                    }
                    None => missing += 1,
                }
            }
            let matrix = MatrixLegend {
                row_title: format!("{}: {}", lang.t(T::MatrixRows), a.name(lang)),
                col_title: format!("{}: {}", lang.t(T::MatrixColumns), b.name(lang)),
                rows: (0..a.classes.len())
                    .map(|c| class_label(a, c, lang))
                    .collect(),
                cols: (0..b.classes.len())
                    .map(|c| class_label(b, c, lang))
                    .collect(),
                colors,
                counts,
            };
            (fills, vec![no_data(missing)], Some(matrix), note)
        }
        (_, [a, ..]) => {
            let k = a.classes.len();
            // The matrix's middle column: the same light-to-dark steps as the matrix rows.
            let colors: Vec<Rgb> = matrix_colors(k, 3).iter().map(|row| row[1]).collect();
            let mut counts = vec![0; k];
            for (d, key) in district_key.iter().enumerate() {
                let class =
                    key.and_then(|k| Some(cache.year(0, year)?.keys.get(k)?.as_ref()?.class));
                match class {
                    Some(c) => {
                        fills[d] = colors[c];
                        counts[c] += 1;
                    }
                    None => missing += 1,
                }
            }
            let mut rows: Vec<LegendRow> = (0..k)
                .map(|c| LegendRow {
                    color: colors[c],
                    label: class_label(a, c, lang),
                    count: counts[c],
                    hatched: false,
                })
                .collect();
            rows.push(no_data(missing));
            (fills, rows, None, note)
        }
        _ => (
            fills,
            vec![no_data(n)],
            None,
            lang.t(T::NoIndexChosen).to_owned(),
        ),
    }
}

/// The district positions of table keys (a key with two polygons gives both).
fn districts_of(ds: &Dataset, keys: &[usize]) -> Vec<usize> {
    let Some(j) = &ds.join else {
        return Vec::new();
    };
    keys.iter()
        .filter_map(|&k| j.keys.key_to_districts.get(k))
        .flatten()
        .copied()
        .collect()
}

/// A transitions cell: the number of table keys, and the districts a click selects.
pub type TransitionCell = (usize, Vec<usize>);

/// The first index's class transitions from `from` to `to`: per cell the number of table keys
/// (the index's own counts, as published) and the districts a click selects. Rows and
/// columns are the classes, then "not in the index".
pub fn transition_cells(
    cache: &IndexCache,
    ds: &Dataset,
    from: YearIdx,
    to: YearIdx,
) -> Option<Vec<Vec<TransitionCell>>> {
    let spec = cache.specs.first()?;
    let (a, b) = (cache.year(0, from)?, cache.year(0, to)?);
    let m = atlas_analysis::index::through::transitions(a, b, spec.classes.len());
    Some(
        m.iter()
            .map(|row| {
                row.iter()
                    .map(|keys| (keys.len(), districts_of(ds, keys)))
                    .collect()
            })
            .collect(),
    )
}

/// Per year and district: in the first index's last class (MSS: very low status), in
/// another, or not in the index — what "years in very low status" counts.
pub fn last_class_per_year(cache: &IndexCache, ds: &Dataset) -> Vec<Vec<Tri>> {
    let n = ds.districts.districts.len();
    let (Some(spec), Some(years)) = (cache.specs.first(), cache.years.first()) else {
        return Vec::new();
    };
    let keys = ds.table().map_or(0, |t| t.keys.len());
    let last = spec.classes.len().saturating_sub(1);
    let per_key =
        atlas_analysis::index::through::in_class(years.iter().map(|y| y.as_ref().ok()), keys, last);
    let district_key: Option<&[Option<usize>]> =
        ds.join.as_ref().map(|j| j.keys.district_to_key.as_slice());
    per_key
        .iter()
        .map(|y| {
            (0..n)
                .map(|d| {
                    district_key
                        .and_then(|dk| dk[d])
                        .and_then(|k| y.get(k).copied())
                        .unwrap_or(Tri::Unknown)
                })
                .collect()
        })
        .collect()
}

/// The first index's name and its last class's label, for the persistence map's title
/// ("Status-Index", "sehr niedrig").
pub fn last_class_name(cache: &IndexCache, lang: Lang) -> Option<(String, String)> {
    let spec = cache.specs.first()?;
    let last = spec.classes.len().checked_sub(1)?;
    Some((spec.name(lang).to_owned(), class_label(spec, last, lang)))
}
