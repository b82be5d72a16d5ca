//! The decisions of a table reading: which column is the key, the year, the indicator and
//! value of a long table; the layout; which columns are numbers and with which decimal mark;
//! the years and indicators.

use super::TableOptions;
use super::header::{
    is_indicator_name, is_value_name, is_year_name, layout_of, split_year_suffix, year_in_name,
};
use super::read::Fail;
use super::survey::{self, Survey};
use crate::load::decimal::Decision;
use crate::load::error::{ErrorKind, LoadError};
use crate::load::msg::LoadMsg;
use crate::load::note::Note;
use crate::load::numbers::DecimalSeparator;
use crate::model::TableFormat;

/// Which column is what, and the table's layout.
pub(super) struct Roles {
    pub key: usize,
    pub year: Option<usize>,
    pub indicator: Option<usize>,
    pub value: Option<usize>,
    /// Columns that could be the key (for choosing it by the boundaries' keys later).
    pub candidates: Vec<usize>,
    /// Columns named `stem_YYYY`: (column, stem, year).
    pub year_suffixed: Vec<(usize, String, i32)>,
    pub format: TableFormat,
}

impl Roles {
    /// Key, year and (long tables) indicator and value columns: not read as indicators.
    pub fn reserved(&self, c: usize) -> bool {
        c == self.key
            || Some(c) == self.year
            || (self.format == TableFormat::Long
                && (Some(c) == self.indicator || Some(c) == self.value))
    }
}

/// The columns' roles. Long-format columns are recognised by name before the key is chosen,
/// so that a column of values can never be taken for the key.
pub(super) fn decide_roles(
    columns: &[String],
    survey: &Survey,
    opts: &TableOptions,
    fail: &Fail,
) -> Result<Roles, LoadError> {
    let cols = &survey.columns;
    let width = columns.len();
    let year_named = |c: usize| is_year_name(&columns[c]);
    let year_col =
        (0..width).find(|&c| year_named(c) && cols[c].all_years && !cols[c].years.is_empty());
    let indicator_col = (0..width).find(|&c| Some(c) != year_col && is_indicator_name(&columns[c]));
    let value_col = (0..width).find(|&c| Some(c) != year_col && is_value_name(&columns[c]));
    let reserved_roles = [year_col, indicator_col, value_col];
    let candidates: Vec<usize> = (0..width)
        .filter(|&c| !reserved_roles.contains(&Some(c)))
        .filter(|&c| {
            let s = &cols[c];
            s.varies() && s.geometry == 0
        })
        .collect();
    let key_col = match &opts.key_column {
        Some(k) => columns.iter().position(|c| c == k).ok_or_else(|| {
            fail.content(LoadMsg::NoColumnNamed {
                name: k.clone(),
                columns: columns.join(", "),
            })
        })?,
        None => survey::choose_key_column(columns, &candidates, survey)
            .or_else(|| (0..width).find(|c| !reserved_roles.contains(&Some(*c))))
            .unwrap_or(0),
    };
    let (indicator_col, value_col) = (
        indicator_col.filter(|&c| c != key_col),
        value_col.filter(|&c| c != key_col),
    );
    let year_col = year_col.filter(|&c| c != key_col);
    let year_suffixed: Vec<(usize, String, i32)> = (0..width)
        .filter(|&c| Some(c) != year_col && c != key_col)
        .filter_map(|c| split_year_suffix(&columns[c]).map(|(stem, y)| (c, stem, y)))
        .collect();
    let format = layout_of(columns, indicator_col, value_col, year_col, &year_suffixed)
        .map_err(|m| LoadError::of_file(ErrorKind::Ambiguous, fail.0, m))?;
    Ok(Roles {
        key: key_col,
        year: year_col,
        indicator: indicator_col,
        value: value_col,
        candidates,
        year_suffixed,
        format,
    })
}

/// Numeric columns (indicators; the rest are text attributes), the decimal mark each is read
/// with, and the decision with its notes, from the evidence of every cell.
pub(super) fn decide_numbers(
    columns: &[String],
    survey: &Survey,
    roles: &Roles,
    default_decimal: DecimalSeparator,
) -> (Vec<bool>, Vec<DecimalSeparator>, Decision) {
    let cols = &survey.columns;
    let mut numeric: Vec<bool> = (0..columns.len())
        .map(|c| {
            let s = &cols[c];
            // A few stray symbols in a numeric column are read as missing and reported; a
            // column that is mostly text is an attribute; geometry text is neither.
            !roles.reserved(c) && s.geometry == 0 && s.numbers > 0 && s.text * 20 <= s.numbers
        })
        .collect();
    if roles.format == TableFormat::Long
        && let Some(v) = roles.value
    {
        numeric[v] = true;
    }
    let measured: Vec<usize> = (0..columns.len()).filter(|&c| numeric[c]).collect();
    let decision = crate::load::decimal::decide(
        &measured
            .iter()
            .map(|&c| columns[c].clone())
            .collect::<Vec<_>>(),
        &measured
            .iter()
            .map(|&c| cols[c].evidence.clone())
            .collect::<Vec<_>>(),
        default_decimal,
    );
    let mut decimal = vec![decision.file; columns.len()];
    for (i, &c) in measured.iter().enumerate() {
        decimal[c] = decision.per_column[i];
    }
    (numeric, decimal, decision)
}

/// Text columns kept per key: neither numbers nor the key, year, indicator or value.
pub(super) fn attribute_columns(numeric: &[bool], roles: &Roles) -> Vec<usize> {
    (0..numeric.len())
        .filter(|&c| !numeric[c] && !roles.reserved(c))
        .collect()
}

/// The years (sorted), the indicator ids and, for a single-year table, its year. Columns of a
/// year-in-name table without a year are kept as text (and said).
pub(super) fn years_and_indicators(
    columns: &[String],
    survey: &Survey,
    roles: &Roles,
    numeric: &mut [bool],
    source: &str,
    warnings: &mut Vec<Note>,
) -> (Vec<i32>, Vec<String>, Option<i32>) {
    let cols = &survey.columns;
    let year_values = || {
        roles
            .year
            .map(|c| cols[c].years.clone())
            .unwrap_or_default()
    };
    let (mut years, ids, fixed) = match roles.format {
        TableFormat::Long => {
            let ids = roles
                .indicator
                .and_then(|c| cols[c].distinct.as_ref())
                .map(|d| d.order().map(str::to_owned).collect())
                .unwrap_or_default();
            (year_values(), ids, None)
        }
        TableFormat::WideByYear => (year_values(), numeric_ids(columns, numeric), None),
        TableFormat::YearInColumn => {
            let suffixed = &roles.year_suffixed;
            let mut ids: Vec<String> = Vec::new();
            for (c, stem, _) in suffixed {
                if numeric[*c] && !ids.contains(stem) {
                    ids.push(stem.clone());
                }
            }
            for c in 0..columns.len() {
                if numeric[c] && !suffixed.iter().any(|y| y.0 == c) {
                    warnings.push(Note::NoYearInName {
                        column: columns[c].clone(),
                    });
                    numeric[c] = false;
                }
            }
            let years = suffixed
                .iter()
                .filter(|y| numeric[y.0])
                .map(|y| y.2)
                .collect();
            (years, ids, None)
        }
        TableFormat::WideSingleYear => {
            let y = year_in_name(source).unwrap_or(0);
            (vec![y], numeric_ids(columns, numeric), Some(y))
        }
    };
    years.sort_unstable();
    years.dedup();
    (years, ids, fixed)
}

fn numeric_ids(columns: &[String], numeric: &[bool]) -> Vec<String> {
    columns
        .iter()
        .zip(numeric)
        .filter(|(_, n)| **n)
        .map(|(c, _)| c.clone())
        .collect()
}
