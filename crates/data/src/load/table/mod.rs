//! Reading indicator tables as statistics offices export them — `;`, `,`, tab or `|`
//! delimited text in UTF-8, UTF-16 or Windows-1252, or a spreadsheet sheet — straight into the
//! dense model, without keeping rows. Four layouts are detected from the header:
//!
//! - long: key, year, indicator, value
//! - wide by year: key, year, one column per indicator
//! - year in column name: key, `GESIx_2013`, `GESIx_2022`, …
//! - single-year wide: key, one column per indicator (year from the file name, if any)
//!
//! [`open`] picks how the rows are read (streamed from disk, decoded text, a sheet). Two
//! passes over the data, each on all cores for large files ([`rows`] cuts the text at
//! record boundaries): the first ([`survey`]) learns from every cell what each column holds and
//! which decimal mark it uses ([`crate::load::decimal`]); the second ([`fill`]) reads the values
//! with those decisions. Text columns (names, dates) are kept as attributes. Keys are text:
//! "0101" stays "0101".

mod fill;
mod header;
mod open;
mod rows;
mod survey;

pub use open::{load_table, parse_table};

use super::error::{ErrorKind, LoadError};
use super::numbers::DecimalSeparator;
use crate::model::table::Indicator;
use crate::model::{IndicatorMeta, IndicatorTable, TableFormat, TextAttribute};
use fill::{Filled, Layout, Plan, Shared};
use header::{
    is_indicator_name, is_value_name, is_year_name, layout_of, split_year_suffix, year_in_name,
};
use open::Reading;
use rows::{Part, Source, on_parts};
type FxHashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
use std::collections::HashMap;
use survey::Survey;

/// Options for reading a table.
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    /// Use this column as the key instead of choosing one.
    pub key_column: Option<String>,
    /// The sheet of a spreadsheet (default: the first that holds a table).
    pub sheet: Option<String>,
}

/// A column that could be the key, with its distinct values (for choosing the key column by
/// how well its values match the boundaries' keys).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCandidate {
    pub column: String,
    /// Its distinct values (emptied by `load_dataset` once the keys are chosen).
    pub values: Vec<String>,
}

/// How a table file was read, for reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TableReading {
    pub encoding: &'static str,
    pub delimiter: String,
    /// The file's decimal mark (columns that prove another are read with theirs, and said).
    pub decimal: DecimalSeparator,
    /// Whether the mark was proven by the file's cells (false: the delimiter's convention).
    pub decimal_proven: bool,
    /// For a spreadsheet: the sheet read, and all sheets of the workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
    /// Columns that could be the key (not years, measures, geometry or constant).
    #[serde(skip)]
    pub key_candidates: Vec<KeyCandidate>,
}

impl TableReading {
    /// The decimal mark in words ("decimal point"), and how it was decided.
    pub fn decimal_words(&self) -> String {
        let w = super::decimal::words(self.decimal);
        if self.decimal_proven {
            w.to_string()
        } else {
            format!("{w} (no number in the file shows it; the delimiter's convention)")
        }
    }
}

const MAX_LISTED: usize = 20;

/// Rows looked at to find the header and the table's width.
const HEAD_ROWS: usize = 200;

#[expect(
    clippy::too_many_lines,
    reason = "split into phases pending (issue 21)"
)]
fn read(
    src: &Source,
    how: Reading,
    source: &str,
    opts: &TableOptions,
) -> Result<(IndicatorTable, TableReading), LoadError> {
    let fail = |kind, msg: String| LoadError::new(kind, source, String::new(), msg);
    let syntax = |(line, msg): (u64, String)| {
        LoadError::new(ErrorKind::Syntax, source, format!("line {line}"), msg)
    };
    let whole = Part {
        start: 0,
        end: src.len(),
        line: 1,
    };
    // The head: header, title lines above it, the table's width.
    let mut head: Vec<(u64, usize, Vec<String>)> = Vec::new();
    src.for_each(whole, |line, offset, fields| {
        head.push((line, offset, fields.iter().map(|f| f.to_string()).collect()));
        head.len() < HEAD_ROWS
    })
    .map_err(syntax)?;
    let width_of = |f: &[&str]| {
        f.iter()
            .rposition(|c| !rows::trim(c).is_empty())
            .map_or(0, |p| p + 1)
    };
    let table_width = {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for (_, _, f) in &head {
            let w = width_of(&f.iter().map(String::as_str).collect::<Vec<_>>());
            if w >= 2 {
                *counts.entry(w).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by_key(|&(w, n)| (n, w))
            .map_or(0, |(w, _)| w)
    };
    // A header may have empty trailing cells; title lines have one filled field.
    let wide_enough = move |w: usize| w >= 2 && w * 2 > table_width;
    let h = head
        .iter()
        .position(|(_, _, f)| {
            wide_enough(width_of(&f.iter().map(String::as_str).collect::<Vec<_>>()))
        })
        .unwrap_or(0);
    let Some((header_line, _, header)) = head.get(h) else {
        return Err(fail(ErrorKind::Content, "the file is empty".into()));
    };
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let columns = header::header_names(&header);
    let width = columns.len();
    let Some(&(data_line, data_start, _)) = head.get(h + 1) else {
        return Err(fail(
            ErrorKind::Content,
            "the table has a header but no data rows".into(),
        ));
    };
    let header_line = *header_line;
    // Footnotes below the table ("__________", "Datenlizenz …", "(C)opyright …", short rows).
    let footnote = move |f: &[&str]| {
        let first = f.first().map_or("", |s| rows::trim(s));
        // Most rows start with a digit or letter other than these: decided by one byte.
        let marked = matches!(first.as_bytes().first(), Some(b'_' | b'(' | b'D' | 0xc2));
        !wide_enough(width_of(f))
            || (marked
                && (first.starts_with("__")
                    || first.starts_with('©')
                    || first.starts_with("(C)")
                    || first.starts_with("Datenlizenz")))
    };

    // Pass 1: what every column holds.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = src.parts(data_start, data_line, src.len(), threads);
    let year_named: Vec<bool> = columns.iter().map(|c| is_year_name(c)).collect();
    let collect: Vec<bool> = (0..width)
        .map(|c| !is_value_name(&columns[c]) && !year_named[c])
        .collect();
    let surveys = on_parts(&parts, |part| {
        let mut s = Survey::new(width, &collect, year_named.clone());
        src.for_each(part, |line, offset, fields| {
            s.row(line, offset, fields, footnote(fields));
            true
        })
        .map(|_| s)
    })
    .map_err(syntax)?;
    let mut survey = surveys
        .into_iter()
        .reduce(|mut a, b| {
            a.merge(b);
            a
        })
        .ok_or_else(|| fail(ErrorKind::Content, "the file is empty".into()))?;
    let data_end = survey.tail.first().map_or(src.len(), |t| t.1);
    let footnotes = std::mem::take(&mut survey.tail).len();
    if survey.rows == 0 {
        return Err(fail(
            ErrorKind::Content,
            "the table has a header but no data rows".into(),
        ));
    }
    let cols = &survey.columns;

    let mut warnings = Vec::new();
    if h > 0 || footnotes > 0 {
        warnings.push(format!(
            "the header is on line {header_line}: {h} title line(s) above and {footnotes} footnote line(s) below the table were skipped"
        ));
    }
    if survey.ragged.0 > 0 {
        warnings.push(format!(
            "{} row(s) have more fields than the header's {width}; extra fields ignored (line {})",
            survey.ragged.0, survey.ragged.1
        ));
    }

    // Column roles.
    let year_col =
        (0..width).find(|&c| year_named[c] && cols[c].all_years && !cols[c].years.is_empty());
    // Long-format columns are recognised by name before the key is chosen, so that a
    // column of values can never be taken for the key.
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
            fail(
                ErrorKind::Content,
                format!(
                    "no table column named '{k}'; the columns are: {}",
                    columns.join(", ")
                ),
            )
        })?,
        None => survey::choose_key_column(&columns, &candidates, &survey)
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
    let format = layout_of(&columns, indicator_col, value_col, year_col, &year_suffixed)
        .map_err(|m| fail(ErrorKind::Ambiguous, m))?;

    // Numeric columns (indicators) and text columns (attributes).
    let reserved = |c: usize| {
        c == key_col
            || Some(c) == year_col
            || (format == TableFormat::Long && (Some(c) == indicator_col || Some(c) == value_col))
    };
    let mut numeric: Vec<bool> = (0..width)
        .map(|c| {
            let s = &cols[c];
            // A few stray symbols in a numeric column are read as missing and reported; a
            // column that is mostly text is an attribute; geometry text is neither.
            !reserved(c) && s.geometry == 0 && s.numbers > 0 && s.text * 20 <= s.numbers
        })
        .collect();
    if format == TableFormat::Long
        && let Some(v) = value_col
    {
        numeric[v] = true;
    }
    let measured: Vec<usize> = (0..width).filter(|&c| numeric[c]).collect();
    let decision = super::decimal::decide(
        &measured
            .iter()
            .map(|&c| columns[c].clone())
            .collect::<Vec<_>>(),
        &measured
            .iter()
            .map(|&c| cols[c].evidence.clone())
            .collect::<Vec<_>>(),
        how.default_decimal,
    );
    let mut decimal = vec![decision.file; width];
    for (i, &c) in measured.iter().enumerate() {
        decimal[c] = decision.per_column[i];
    }
    warnings.extend(decision.warnings);

    // Years and indicators.
    let (mut years, indicator_ids, fixed_year): (Vec<i32>, Vec<String>, Option<i32>) = match format
    {
        TableFormat::Long => {
            let ids = indicator_col
                .and_then(|c| cols[c].distinct.as_ref())
                .map(|d| d.order.iter().map(|s| s.to_string()).collect())
                .unwrap_or_default();
            (
                year_col.map(|c| cols[c].years.clone()).unwrap_or_default(),
                ids,
                None,
            )
        }
        TableFormat::WideByYear => (
            year_col.map(|c| cols[c].years.clone()).unwrap_or_default(),
            numeric_ids(&columns, &numeric),
            None,
        ),
        TableFormat::YearInColumn => {
            let mut ids: Vec<String> = Vec::new();
            for (c, stem, _) in &year_suffixed {
                if numeric[*c] && !ids.contains(stem) {
                    ids.push(stem.clone());
                }
            }
            for c in 0..width {
                if numeric[c] && !year_suffixed.iter().any(|y| y.0 == c) {
                    warnings.push(format!(
                        "column '{}' has no year in its name; kept as a text attribute",
                        columns[c]
                    ));
                    numeric[c] = false;
                }
            }
            let years = year_suffixed
                .iter()
                .filter(|y| numeric[y.0])
                .map(|y| y.2)
                .collect();
            (years, ids, None)
        }
        TableFormat::WideSingleYear => {
            let y = year_in_name(source).unwrap_or(0);
            (vec![y], numeric_ids(&columns, &numeric), Some(y))
        }
    };
    years.sort_unstable();
    years.dedup();
    if indicator_ids.is_empty() {
        return Err(fail(
            ErrorKind::Content,
            format!(
                "no numeric indicator column found (columns: {}; key column '{}')",
                columns.join(", "),
                columns[key_col]
            ),
        ));
    }
    // The keys in order of first appearance: from the first pass, or (a key column named
    // by the user whose values were not gathered: decimals, or very many) from one more.
    let key_order: Vec<String> = match cols[key_col].distinct.as_ref() {
        Some(d) => d.order.iter().map(|k| k.to_string()).collect(),
        None => {
            let mut seen: FxHashMap<String, ()> = FxHashMap::default();
            let mut order = Vec::new();
            for part in parts.iter().filter(|p| p.start < data_end) {
                let part = Part {
                    end: part.end.min(data_end),
                    ..*part
                };
                src.for_each(part, |_, _, fields| {
                    let k = fields.get(key_col).map_or("", |f| rows::trim(f));
                    if !k.is_empty() && !seen.contains_key(k) {
                        seen.insert(k.to_string(), ());
                        order.push(k.to_string());
                    }
                    true
                })
                .map_err(syntax)?;
            }
            order
        }
    };
    if key_order.is_empty() {
        return Err(fail(
            ErrorKind::Content,
            format!(
                "no row has a value in the key column '{}'",
                columns[key_col]
            ),
        ));
    }
    let mut table = IndicatorTable::new(
        source.to_owned(),
        format,
        columns[key_col].clone(),
        year_col.map(|c| columns[c].clone()),
        key_order,
        years,
        indicator_ids
            .iter()
            .map(|id| Indicator {
                id: id.clone(),
                meta: IndicatorMeta::default(),
            })
            .collect(),
    );
    table.undated = format == TableFormat::WideSingleYear && year_in_name(source).is_none();
    let attributes: Vec<usize> = (0..width)
        .filter(|&c| !numeric[c] && !reserved(c))
        .collect();
    for &c in &attributes {
        table.attributes.push(TextAttribute {
            name: columns[c].clone(),
            values: vec![None; table.keys.len()],
        });
    }

    // Pass 2: the values.
    let wide_columns: Vec<Option<usize>> = (0..width)
        .map(|c| {
            numeric[c]
                .then(|| table.indicator_index(&columns[c]))
                .flatten()
        })
        .collect();
    let suffixed_columns: Vec<Option<(usize, i32)>> = (0..width)
        .map(|c| {
            let (_, stem, y) = year_suffixed.iter().find(|y| y.0 == c && numeric[c])?;
            Some((table.indicator_index(stem)?, *y))
        })
        .collect();
    let long_indicators: FxHashMap<&str, usize> = indicator_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let layout = match format {
        TableFormat::Long => Layout::Long {
            year: year_col.unwrap_or(0),
            indicator: indicator_col.unwrap_or(0),
            value: value_col.unwrap_or(0),
            indicators: &long_indicators,
        },
        TableFormat::YearInColumn => Layout::YearInColumn {
            columns: &suffixed_columns,
        },
        _ => Layout::Wide {
            year: year_col,
            columns: &wide_columns,
        },
    };
    let first_year = table.years.first().copied().unwrap_or(0);
    let span = table
        .years
        .last()
        .map_or(0, |l| (l - first_year + 1) as usize);
    let mut year_slot = vec![-1i32; span];
    for (i, y) in table.years.iter().enumerate() {
        year_slot[(y - first_year) as usize] = i as i32;
    }
    let table_years = table.years.clone();
    let table_keys = table.keys.clone();
    let key_index: FxHashMap<&str, u32> = table_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i as u32))
        .collect();
    let plan = Plan {
        layout,
        key: key_col,
        keys: &key_index,
        years: &table_years,
        year_slot,
        n_indicators: table.indicators.len(),
        decimal: &decimal,
        numeric: &numeric,
        attributes: &attributes,
        fixed_year,
    };
    let parts: Vec<Part> = parts
        .into_iter()
        .filter(|p| p.start < data_end)
        .map(|p| Part {
            end: p.end.min(data_end),
            ..p
        })
        .collect();
    let shared = Shared::new(&plan);
    let filled = on_parts(&parts, |part| {
        let mut f = Filled::new(&plan, width);
        src.for_each(part, |line, _, fields| {
            f.row(&plan, &shared, line, fields);
            true
        })
        .map(|_| f)
    })
    .map_err(syntax)?;
    let rows: usize = filled.iter().map(|f| f.rows).sum();
    let mut no_key = Vec::new();
    let mut bad_year = Vec::new();
    let mut bad_cells: Vec<(usize, Vec<(u64, String)>)> = vec![(0, Vec::new()); width];
    for f in &filled {
        no_key.extend(&f.no_key);
        bad_year.extend(&f.bad_year);
        for (c, (n, ex)) in f.bad_cells.iter().enumerate() {
            bad_cells[c].0 += n;
            bad_cells[c].1.extend(ex.iter().cloned());
        }
    }
    Filled::merge(filled, shared, &plan, &mut table);
    table.rows = rows;
    for (c, (n, ex)) in bad_cells.iter().enumerate().filter(|(_, b)| b.0 > 0) {
        let examples: Vec<String> = ex
            .iter()
            .take(5)
            .map(|(l, v)| format!("line {l}: {v:?}"))
            .collect();
        warnings.push(format!(
            "column '{}': {n} cell(s) are not numbers and were read as missing ({})",
            columns[c],
            examples.join(", ")
        ));
    }
    if !no_key.is_empty() {
        warnings.push(format!(
            "{} row(s) without a key in '{}' skipped (lines {})",
            no_key.len(),
            columns[key_col],
            list_lines(&no_key)
        ));
    }
    if !bad_year.is_empty() {
        warnings.push(format!(
            "{} row(s) without a valid year skipped (lines {})",
            bad_year.len(),
            list_lines(&bad_year)
        ));
    }
    table.warnings = warnings;
    let key_candidates = candidates
        .iter()
        .filter_map(|&c| {
            Some(KeyCandidate {
                column: columns[c].clone(),
                values: cols[c]
                    .distinct
                    .as_ref()?
                    .order
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            })
        })
        .collect();
    let reading = TableReading {
        encoding: how.encoding,
        delimiter: how.delimiter_label,
        decimal: decision.file,
        decimal_proven: decision.file_proven,
        sheet: how.sheet,
        sheets: how.sheets,
        key_candidates,
    };
    Ok((table, reading))
}

fn numeric_ids(columns: &[String], numeric: &[bool]) -> Vec<String> {
    columns
        .iter()
        .zip(numeric)
        .filter(|(_, n)| **n)
        .map(|(c, _)| c.clone())
        .collect()
}

fn list_lines(lines: &[u64]) -> String {
    let mut s: Vec<String> = lines
        .iter()
        .take(MAX_LISTED)
        .map(|l| l.to_string())
        .collect();
    if lines.len() > MAX_LISTED {
        s.push(format!("… {} more", lines.len() - MAX_LISTED));
    }
    s.join(", ")
}

#[cfg(test)]
mod tests;
