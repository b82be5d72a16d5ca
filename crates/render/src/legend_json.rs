//! The legend of an exported map as JSON: `{indicator, year, scheme, k, breaks (upper bounds),
//! counts (per class), colors ("#rrggbb"), no_data, few_residents, min_denominator, min, max}` —
//! counts, no_data and few_residents add up to the number of districts.

use atlas_data::dataset::Dataset;
use atlas_data::model::YearIdx;
use atlas_scene::Choropleth;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct LegendJson {
    pub indicator: String,
    pub year: i32,
    pub scheme: &'static str,
    pub k: usize,
    pub breaks: Vec<f64>,
    pub counts: Vec<usize>,
    pub colors: Vec<String>,
    pub no_data: usize,
    /// Districts with a value on fewer residents than `min_denominator` (not classified).
    pub few_residents: usize,
    pub min_denominator: u32,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

pub fn legend_json(ds: &Dataset, c: &Choropleth, year: YearIdx) -> Option<LegendJson> {
    let t = ds.table()?;
    let cl = c.per_year.get(year.get())?;
    let few = c.legend(year, &t.years).few;
    Some(LegendJson {
        indicator: t.indicators[c.spec.indicator].id.clone(),
        year: *t.years.get(year.get())?,
        scheme: cl.scheme,
        k: cl.k,
        breaks: cl.breaks.clone(),
        counts: cl.counts.clone(),
        colors: c.colors.get(year.get())?.iter().map(|c| c.hex()).collect(),
        no_data: cl.no_data - few,
        few_residents: few,
        min_denominator: c.spec.min_denominator,
        min: cl.min,
        max: cl.max,
    })
}
