//! Time series: one district's values of an indicator over the table's years, and the city
//! reference over the same years, for drill-down plots and change views.

use super::reference::city_reference;
use atlas_data::model::IndicatorTable;
use atlas_data::model::YearIdx;

/// `(year, value)` for every year of the table; `None` where the value is missing.
pub fn district_series(
    table: &IndicatorTable,
    indicator: usize,
    key: usize,
) -> Vec<(i32, Option<f64>)> {
    table
        .years_enumerated()
        .map(|(y, year)| (year, table.value(indicator, y, key)))
        .collect()
}

/// `(year, reference)` for every year over the given keys.
pub fn reference_series(
    table: &IndicatorTable,
    indicator: usize,
    keys: &[usize],
) -> Vec<(i32, Option<f64>)> {
    table
        .years_enumerated()
        .map(|(y, year)| (year, city_reference(table, indicator, y, keys).value))
        .collect()
}

/// Change between the first and the last year in which the district has a value.
pub fn change_since_first(
    table: &IndicatorTable,
    indicator: usize,
    key: usize,
    upto_year: YearIdx,
) -> Option<(i32, f64)> {
    let first = (0..=upto_year.get()).map(YearIdx).find_map(|y| {
        table
            .value(indicator, y, key)
            .map(|v| (table.year_at(y), v))
    })?;
    let now = table.value(indicator, upto_year, key)?;
    Some((first.0, now - first.1))
}
