//! The map as text: one row per district for the shown indicator and year (value with unit,
//! class, rank n of N, each rule's result). The *Data table* view shows these rows as an
//! accessible grid (the map's text alternative), screen readers hear a district as
//! [`describe`] words it, and the clipboard gets the selected rows as tab-separated text.

use super::state::{Selection, ViewState};
use super::workspace::Workspace;
use atlas_analysis::rules::Tri;
use atlas_i18n::{Lang, T, format_number, format_value};
use atlas_scene::text::{indicator_decimals, indicator_label, indicator_unit};

/// One district in the shown year.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub district: usize,
    pub key: String,
    pub name: String,
    pub value: Option<f64>,
    /// The value as shown, with unit ("23.4 %"), or "no data".
    pub value_text: String,
    /// 1-based class and class count (`None`: no data, or few residents).
    pub class: Option<(usize, usize)>,
    /// A share or rate on fewer residents than the minimum: its denominator. Such a value is
    /// not classified, as on the map.
    pub few: Option<f64>,
    /// Competition rank (1 = highest) and the number of districts ranked.
    pub rank: Option<(usize, usize)>,
    /// Per rule, its result this year.
    pub rules: Vec<Tri>,
    /// Per composite index, the district's index, class and rank this year (`None`: not in
    /// the index).
    pub indices: Vec<Option<IndexCell>>,
}

/// A district's composite index in the shown year.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexCell {
    pub index: f64,
    /// The class's label.
    pub class: String,
    /// 1 = highest index, of `n` areas in the index.
    pub rank: usize,
    pub n: usize,
    /// Each component's z-value (its raw value without standardising).
    pub z: Vec<f64>,
}

impl IndexCell {
    /// "0,41 · niedrig (12 / 436)".
    pub fn text(&self, lang: Lang) -> String {
        format!(
            "{} · {} ({} / {})",
            format_number(self.index, 2, lang),
            self.class,
            self.rank,
            self.n
        )
    }
}

/// District `d`'s composite indices in the shown year.
fn index_cells(ws: &Workspace, lang: Lang, d: usize) -> Vec<Option<IndexCell>> {
    let key = ws
        .dataset
        .join
        .as_ref()
        .and_then(|j| j.keys.district_to_key.get(d).copied().flatten());
    (0..ws.indices.specs.len())
        .map(|i| {
            let y = ws.indices.year(i, ws.year)?;
            let k = key?;
            let v = y.keys.get(k)?.as_ref()?;
            Some(IndexCell {
                z: y.z(k).map(<[f64]>::to_vec).unwrap_or_default(),
                index: v.index,
                class: crate::indices::class_label(&ws.indices.specs[i], v.class, lang),
                rank: v.rank,
                n: y.n,
            })
        })
        .collect()
}

/// The rows of every district (file order), or none when nothing is shown.
pub fn rows(ws: &Workspace, lang: Lang) -> Vec<Row> {
    (0..ws.dataset.districts.districts.len())
        .map_while(|d| row(ws, lang, d))
        .collect()
}

/// The row of district `d`, or none when nothing is shown.
pub fn row(ws: &Workspace, lang: Lang, d: usize) -> Option<Row> {
    let (t, ind, c) = (ws.table()?, ws.indicator?, ws.choropleth.as_ref()?);
    let district = ws.dataset.districts.districts.get(d)?;
    let y = ws.year;
    let (decimals, unit) = (indicator_decimals(t, ind), indicator_unit(t, ind, lang));
    let value = c.value_at(y, d);
    let few = c.few_at(y, d);
    Some(Row {
        district: d,
        key: district.key.clone(),
        name: district.name.clone(),
        value,
        value_text: format_value(value, decimals, unit, lang),
        class: value
            .filter(|_| few.is_none())
            .zip(c.per_year.get(y.get()))
            .map(|(v, cl)| (cl.class_of(v) + 1, cl.k)),
        few,
        rank: c
            .ranking(y.get())
            .and_then(|r| Some((r.rank.get(d).copied().flatten()?, r.len()))),
        rules: ws
            .rule_results
            .iter()
            .map(|r| {
                r.per_year
                    .get(y.get())
                    .and_then(|row| row.get(d))
                    .copied()
                    .unwrap_or(Tri::Unknown)
            })
            .collect(),
        indices: index_cells(ws, lang, d),
    })
}

/// Rows in rank order (highest first; districts without data last, by name).
pub fn by_rank(mut rows: Vec<Row>) -> Vec<Row> {
    rows.sort_by(|a, b| match (a.rank, b.rank) {
        (Some(x), Some(y)) => x.0.cmp(&y.0).then_with(|| a.name.cmp(&b.name)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.name.cmp(&b.name),
    });
    rows
}

/// A rule result in words.
pub fn tri_text(t: Tri, lang: Lang) -> &'static str {
    lang.t(match t {
        Tri::True => T::ResultTrue,
        Tri::False => T::ResultFalse,
        Tri::Unknown => T::ResultUnknown,
    })
}

/// The class column in words: "class 4 of 5", or "few residents (8): not classified".
pub fn class_text(row: &Row, lang: Lang) -> String {
    match (row.class, row.few) {
        (_, Some(n)) => lang.f(T::FewResidentsN, &[&format_number(n, 0, lang)]),
        (Some((c, k)), None) => lang.f(T::ClassN, &[&c.to_string(), &k.to_string()]),
        (None, None) => String::new(),
    }
}

/// What a screen reader says for district `d`: "Kreuzberg: 23.4 %, rank 3 of 12, class 4 of 5".
pub fn describe(ws: &Workspace, view: &ViewState, d: usize) -> Option<String> {
    let lang = view.lang;
    let district = ws.dataset.districts.districts.get(d)?;
    let row = row(ws, lang, d)?;
    let class = class_text(&row, lang);
    Some(match (row.value, row.rank) {
        (Some(_), Some((r, n))) if !class.is_empty() => lang.f(
            T::DistrictA11y,
            &[
                &district.name,
                &row.value_text,
                &r.to_string(),
                &n.to_string(),
                &class,
            ],
        ),
        _ => lang.f(T::DistrictA11yNoData, &[&district.name]),
    })
}

/// The selected districts (or all when none is selected) as tab-separated text with a
/// header: key, name, then every indicator's value in the shown year, in the user's number
/// format (decimal comma in German). Returns the text and the number of districts.
pub fn tsv(ws: &Workspace, selection: &Selection, lang: Lang) -> (String, usize) {
    let ds = &ws.dataset;
    let districts: Vec<usize> = if selection.is_empty() {
        (0..ds.districts.districts.len()).collect()
    } else {
        selection.iter().collect()
    };
    let mut out = String::new();
    out.push_str(lang.t(T::ColKey));
    out.push('\t');
    out.push_str(lang.t(T::ColDistrict));
    let Some(t) = ds.table() else {
        out.push('\n');
        for &d in &districts {
            let district = &ds.districts.districts[d];
            out.push_str(&format!(
                "{}\t{}\n",
                clean(&district.key),
                clean(&district.name)
            ));
        }
        return (out, districts.len());
    };
    let year = ws.shown_year().unwrap_or_default();
    for i in 0..t.indicators.len() {
        out.push('\t');
        let unit = indicator_unit(t, i, lang);
        let label = indicator_label(t, i, lang);
        out.push_str(&clean(&if unit.is_empty() {
            format!("{label} {year}")
        } else {
            format!("{label} {year} ({unit})")
        }));
    }
    out.push('\n');
    for &d in &districts {
        let district = &ds.districts.districts[d];
        out.push_str(&clean(&district.key));
        out.push('\t');
        out.push_str(&clean(&district.name));
        let key = ws.key_of(d);
        for i in 0..t.indicators.len() {
            out.push('\t');
            if let Some(v) = key.and_then(|k| t.value(i, ws.year, k)) {
                // No thousands separators and an ASCII minus: a spreadsheet pasting this
                // would read either as text.
                let group = match lang {
                    Lang::De => '.',
                    Lang::En => ',',
                };
                let text = format_number(v, indicator_decimals(t, i), lang);
                out.push_str(&text.replace(group, "").replace('−', "-"));
            }
        }
        out.push('\n');
    }
    (out, districts.len())
}

/// Tabs and line breaks inside a cell would shift the columns of a pasted table.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}
