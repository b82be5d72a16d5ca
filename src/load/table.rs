//! Reading indicator tables from CSV as statistics offices export them: `;`, `,`, tab or `|`
//! delimited; decimal comma or point; UTF-8 (with or without BOM), UTF-16 or Windows-1252;
//! missing-value symbols; and four layouts detected from the header:
//!
//! - long: key, year, indicator, value
//! - wide by year: key, year, one column per indicator
//! - year in column name: key, `GESIx_2013`, `GESIx_2022`, …
//! - single-year wide: key, one column per indicator (year from the file name, if any)
//!
//! Text columns (names, dates) are kept as attributes, never taken for indicators. Keys are
//! text: "0101" stays "0101".

use super::error::{ErrorKind, LoadError, file_name, read_file};
use super::fields::{key_name_score, tokens};
use super::numbers::{Cell, DecimalSeparator, detect_decimal, parse_cell};
use super::text::{TextEncoding, decode};
use crate::model::table::Indicator;
use crate::model::{DuplicateRow, IndicatorMeta, IndicatorTable, TableFormat, TextAttribute};
use csv::StringRecord;
use std::collections::HashMap;
use std::path::Path;

/// Options for reading a table.
#[derive(Debug, Clone, Default)]
pub struct TableOptions {
    /// Use this column as the key instead of choosing one.
    pub key_column: Option<String>,
    /// The sheet of a spreadsheet (default: the first that holds a table).
    pub sheet: Option<String>,
}

/// How a table file was read, for reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TableReading {
    pub encoding: &'static str,
    pub delimiter: String,
    pub decimal: DecimalSeparator,
    /// For a spreadsheet: the sheet read, and all sheets of the workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
}

/// Reads a table file.
pub fn load_table(
    path: &Path,
    opts: &TableOptions,
) -> Result<(IndicatorTable, TableReading), LoadError> {
    let bytes = read_file(path)?;
    parse_table(&bytes, &file_name(path), opts)
}

const MAX_LISTED: usize = 20;

/// Parses table bytes; `source` names the file in messages (and may carry the year of a
/// single-year table, as in `indicators_2022.csv`).
pub fn parse_table(
    bytes: &[u8],
    source: &str,
    opts: &TableOptions,
) -> Result<(IndicatorTable, TableReading), LoadError> {
    let fail = |kind, place: String, msg: String| LoadError::new(kind, source, place, msg);
    if super::spreadsheet::is_spreadsheet(bytes) {
        let sheet = super::spreadsheet::read_sheet(bytes, opts.sheet.as_deref())
            .map_err(|m| fail(ErrorKind::Content, String::new(), m))?;
        let records = sheet
            .rows
            .into_iter()
            .map(|(line, cells)| (line, StringRecord::from(cells)))
            .collect();
        let how = Reading {
            encoding: "spreadsheet",
            // Cells hold numbers with a decimal point; text cells may use either.
            delimiter: b';',
            delimiter_label: format!("sheet '{}'", sheet.sheet),
            sheet: Some(sheet.sheet),
            sheets: sheet.sheets,
        };
        return parse_records(records, source, opts, how);
    }
    let (mut text, encoding) = decode(bytes);
    // The csv crate counts a CRLF line end as no new line in record positions; Windows
    // files would get wrong line numbers in every message.
    if text.contains("\r\n") {
        text = text.replace("\r\n", "\n");
    }
    if text.trim().is_empty() {
        return Err(fail(
            ErrorKind::Content,
            String::new(),
            "the file is empty".into(),
        ));
    }
    if text.contains('\0') {
        return Err(fail(
            ErrorKind::Syntax,
            String::new(),
            "this is a binary file, not a CSV table".into(),
        ));
    }
    let delimiter = detect_delimiter(&text).ok_or_else(|| {
        fail(
            ErrorKind::Content,
            "line 1".into(),
            "only one column: expected fields separated by ';', ',', tab or '|'".into(),
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records: Vec<(u64, StringRecord)> = Vec::new();
    for r in reader.records() {
        let r = r.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            fail(ErrorKind::Syntax, format!("line {line}"), e.to_string())
        })?;
        if r.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = r.position().map(|p| p.line()).unwrap_or(0);
        records.push((line, r));
    }
    let how = Reading {
        encoding: encoding_label(encoding),
        delimiter,
        delimiter_label: match delimiter {
            b'\t' => "tab".into(),
            d => (d as char).to_string(),
        },
        sheet: None,
        sheets: Vec::new(),
    };
    parse_records(records, source, opts, how)
}

/// How the rows were obtained: for the report, and the delimiter for number detection.
struct Reading {
    encoding: &'static str,
    delimiter: u8,
    delimiter_label: String,
    sheet: Option<String>,
    sheets: Vec<String>,
}

/// The table from its rows (CSV records or spreadsheet cells): header, layout, columns.
fn parse_records(
    records: Vec<(u64, StringRecord)>,
    source: &str,
    opts: &TableOptions,
    how: Reading,
) -> Result<(IndicatorTable, TableReading), LoadError> {
    let fail = |kind, place: String, msg: String| LoadError::new(kind, source, place, msg);
    let delimiter = how.delimiter;
    let (head, end) = locate_table(&records);
    let Some((header_line, header)) = records.get(head) else {
        return Err(fail(
            ErrorKind::Content,
            String::new(),
            "the file is empty".into(),
        ));
    };
    let columns = header_names(header);
    let data = &records[head + 1..end.max(head + 1)];
    if data.is_empty() {
        return Err(fail(
            ErrorKind::Content,
            String::new(),
            "the table has a header but no data rows".into(),
        ));
    }
    let sample = data.iter().take(5000).flat_map(|(_, r)| r.iter());
    let decimal = detect_decimal(sample, delimiter);
    let reading = TableReading {
        encoding: how.encoding,
        delimiter: how.delimiter_label,
        decimal,
        sheet: how.sheet,
        sheets: how.sheets,
    };

    let mut warnings = Vec::new();
    if head > 0 || end < records.len() {
        warnings.push(format!(
            "the header is on line {header_line}: {head} title line(s) above and {} footnote line(s) below the table were skipped",
            records.len() - end
        ));
    }
    let width = columns.len();
    let ragged: Vec<u64> = data
        .iter()
        .filter(|(_, r)| r.len() > width)
        .map(|(l, _)| *l)
        .collect();
    if !ragged.is_empty() {
        warnings.push(format!(
            "{} row(s) have more fields than the header's {width}; extra fields ignored (line {})",
            ragged.len(),
            ragged[0]
        ));
    }

    // Column roles.
    let year_col = (0..width).find(|&c| {
        is_year_name(&columns[c])
            && data.iter().all(|(_, r)| {
                let v = cell(r, c);
                v.is_empty() || parse_year(v).is_some()
            })
    });
    // Long-format columns are recognised by name before the key is chosen, so that a
    // column of values can never be taken for the key.
    let indicator_col = (0..width).find(|&c| Some(c) != year_col && is_indicator_name(&columns[c]));
    let value_col = (0..width).find(|&c| Some(c) != year_col && is_value_name(&columns[c]));
    let key_col = match &opts.key_column {
        Some(k) => columns.iter().position(|c| c == k).ok_or_else(|| {
            fail(
                ErrorKind::Content,
                String::new(),
                format!(
                    "no column named '{k}'; the columns are: {}",
                    columns.join(", ")
                ),
            )
        })?,
        None => choose_key_column(&columns, &[year_col, indicator_col, value_col], data),
    };
    let (indicator_col, value_col) = (
        indicator_col.filter(|&c| c != key_col),
        value_col.filter(|&c| c != key_col),
    );
    let year_suffixed: Vec<(usize, String, i32)> = (0..width)
        .filter(|&c| Some(c) != year_col && c != key_col)
        .filter_map(|c| split_year_suffix(&columns[c]).map(|(stem, y)| (c, stem, y)))
        .collect();

    let format = match (indicator_col, value_col, year_col) {
        (Some(_), Some(_), Some(_)) => TableFormat::Long,
        (Some(i), Some(v), None) => {
            return Err(fail(
                ErrorKind::Ambiguous,
                String::new(),
                format!(
                    "columns '{}' and '{}' look like a long table (indicator, value), but there is no year column",
                    columns[i], columns[v]
                ),
            ));
        }
        (_, _, Some(y)) if year_suffixed.len() >= 2 => {
            return Err(fail(
                ErrorKind::Ambiguous,
                String::new(),
                format!(
                    "the table has a year column ('{}') and columns with a year in their name ('{}', '{}'); \
                 cannot tell which year a value belongs to",
                    columns[y], columns[year_suffixed[0].0], columns[year_suffixed[1].0]
                ),
            ));
        }
        (_, _, Some(_)) => TableFormat::WideByYear,
        _ if year_suffixed.len() >= 2 => TableFormat::YearInColumn,
        _ => TableFormat::WideSingleYear,
    };

    // Classify the remaining columns as numeric (indicators) or text (attributes).
    let reserved = |c: usize| {
        c == key_col
            || Some(c) == year_col
            || (format == TableFormat::Long && (Some(c) == indicator_col || Some(c) == value_col))
    };
    let mut numeric = vec![false; width];
    let mut bad_cells: Vec<Vec<(u64, String)>> = vec![Vec::new(); width];
    for c in (0..width).filter(|&c| !reserved(c)) {
        let (mut n, mut t) = (0usize, 0usize);
        for (line, r) in data {
            match parse_cell(cell(r, c), decimal) {
                Cell::Number(_) => n += 1,
                Cell::Missing => {}
                Cell::Text => {
                    t += 1;
                    if bad_cells[c].len() < 5 {
                        bad_cells[c].push((*line, cell(r, c).to_string()));
                    }
                }
            }
        }
        // A few stray symbols in a numeric column are read as missing and reported; a column
        // that is mostly text is an attribute.
        numeric[c] = n > 0 && t * 20 <= n;
        if numeric[c] && t > 0 {
            let examples: Vec<String> = bad_cells[c]
                .iter()
                .map(|(l, v)| format!("line {l}: {v:?}"))
                .collect();
            warnings.push(format!(
                "column '{}': {t} cell(s) are not numbers and were read as missing ({})",
                columns[c],
                examples.join(", ")
            ));
        }
    }

    // Keys and years (first pass).
    let mut key_index: HashMap<&str, usize> = HashMap::new();
    let mut keys: Vec<String> = Vec::new();
    let mut row_key: Vec<Option<usize>> = Vec::with_capacity(data.len());
    let mut row_year: Vec<Option<i32>> = Vec::with_capacity(data.len());
    let mut no_key_lines = Vec::new();
    let mut bad_year_lines = Vec::new();
    for (line, r) in data {
        let k = cell(r, key_col);
        if k.is_empty() {
            no_key_lines.push(*line);
            row_key.push(None);
            row_year.push(None);
            continue;
        }
        let idx = *key_index.entry(k).or_insert_with(|| {
            keys.push(k.to_string());
            keys.len() - 1
        });
        row_key.push(Some(idx));
        row_year.push(match year_col {
            Some(yc) => {
                let y = parse_year(cell(r, yc));
                if y.is_none() {
                    bad_year_lines.push(*line);
                }
                y
            }
            None => Some(0),
        });
    }
    if !no_key_lines.is_empty() {
        warnings.push(format!(
            "{} row(s) without a key in '{}' skipped (lines {})",
            no_key_lines.len(),
            columns[key_col],
            list_lines(&no_key_lines)
        ));
    }
    if !bad_year_lines.is_empty() {
        warnings.push(format!(
            "{} row(s) without a valid year skipped (lines {})",
            bad_year_lines.len(),
            list_lines(&bad_year_lines)
        ));
    }
    if keys.is_empty() {
        return Err(fail(
            ErrorKind::Content,
            String::new(),
            format!(
                "no row has a value in the key column '{}'",
                columns[key_col]
            ),
        ));
    }

    let (mut years, indicator_ids): (Vec<i32>, Vec<String>) = match format {
        TableFormat::Long => {
            // The Long format is only chosen when both columns exist.
            let ic = indicator_col.unwrap_or(key_col);
            let mut ids: Vec<String> = Vec::new();
            for (_, r) in data {
                let id = cell(r, ic);
                if !id.is_empty() && !ids.iter().any(|x| x == id) {
                    ids.push(id.to_string());
                }
            }
            (row_year.iter().flatten().copied().collect(), ids)
        }
        TableFormat::WideByYear => (
            row_year.iter().flatten().copied().collect(),
            numeric_ids(&columns, &numeric),
        ),
        TableFormat::YearInColumn => {
            let mut ids: Vec<String> = Vec::new();
            for (c, stem, _) in &year_suffixed {
                if numeric[*c] && !ids.contains(stem) {
                    ids.push(stem.clone());
                }
            }
            let undated: Vec<usize> = (0..width)
                .filter(|&c| numeric[c] && !year_suffixed.iter().any(|y| y.0 == c))
                .collect();
            for c in undated {
                warnings.push(format!(
                    "column '{}' has no year in its name; kept as a text attribute",
                    columns[c]
                ));
                numeric[c] = false;
            }
            (
                year_suffixed
                    .iter()
                    .filter(|y| numeric[y.0])
                    .map(|y| y.2)
                    .collect(),
                ids,
            )
        }
        TableFormat::WideSingleYear => {
            let y = year_in_name(source);
            (vec![y.unwrap_or(0)], numeric_ids(&columns, &numeric))
        }
    };
    years.sort_unstable();
    years.dedup();
    if indicator_ids.is_empty() {
        return Err(fail(
            ErrorKind::Content,
            String::new(),
            format!(
                "no numeric indicator column found (columns: {}; key column '{}')",
                columns.join(", "),
                columns[key_col]
            ),
        ));
    }
    let indicators = indicator_ids
        .iter()
        .map(|id| Indicator {
            id: id.clone(),
            meta: IndicatorMeta::default(),
        })
        .collect();
    let mut table = IndicatorTable::new(
        source.to_owned(),
        format,
        columns[key_col].clone(),
        year_col.map(|c| columns[c].clone()),
        keys,
        years,
        indicators,
    );
    table.undated = format == TableFormat::WideSingleYear && year_in_name(source).is_none();
    table.rows = data.len();

    // Second pass: values, duplicate rows, line numbers. Which indicator a column (or a
    // long-format name) holds is resolved once, not per cell; the first line that set each
    // value is kept in a dense array parallel to the values (0 = not set yet).
    let column_indicator: Vec<Option<usize>> = match format {
        TableFormat::YearInColumn => (0..width)
            .map(|c| {
                let (_, stem, _) = year_suffixed.iter().find(|y| y.0 == c && numeric[c])?;
                table.indicator_index(stem)
            })
            .collect(),
        _ => (0..width)
            .map(|c| {
                if numeric[c] {
                    table.indicator_index(&columns[c])
                } else {
                    None
                }
            })
            .collect(),
    };
    let long_indicator: HashMap<&str, usize> = indicator_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let column_year: Vec<Option<i32>> = (0..width)
        .map(|c| year_suffixed.iter().find(|y| y.0 == c).map(|y| y.2))
        .collect();
    let (n_years, n_keys) = (table.years.len(), table.keys.len());
    let mut first_line: Vec<u64> = vec![0; table.indicators.len() * n_years * n_keys];
    let mut dup_index: HashMap<(usize, i32), usize> = HashMap::new();
    for (row, (line, r)) in data.iter().enumerate() {
        let (Some(k), Some(y)) = (row_key[row], row_year[row]) else {
            continue;
        };
        table.key_lines[k].push(*line);
        let mut put = |table: &mut IndicatorTable, ind: usize, year: i32, raw: &str| {
            let Some(yi) = table.year_index(year) else {
                return;
            };
            table.mark_row(yi, k);
            let slot = (ind * n_years + yi) * n_keys + k;
            let first = first_line[slot];
            if first != 0 {
                if first != *line {
                    let i = *dup_index.entry((k, year)).or_insert_with(|| {
                        table.duplicates.push(DuplicateRow {
                            key: table.keys[k].clone(),
                            year,
                            lines: vec![first],
                        });
                        table.duplicates.len() - 1
                    });
                    if !table.duplicates[i].lines.contains(line) {
                        table.duplicates[i].lines.push(*line);
                    }
                }
                return;
            }
            first_line[slot] = *line;
            if let Cell::Number(v) = parse_cell(raw, decimal) {
                table.set_value(ind, yi, k, Some(v));
            }
        };
        match format {
            TableFormat::Long => {
                let (Some(ic), Some(vc)) = (indicator_col, value_col) else {
                    continue;
                };
                if let Some(&ind) = long_indicator.get(cell(r, ic)) {
                    put(&mut table, ind, y, cell(r, vc));
                }
            }
            TableFormat::YearInColumn => {
                for c in 0..width {
                    if let (Some(ind), Some(year)) = (column_indicator[c], column_year[c]) {
                        put(&mut table, ind, year, cell(r, c));
                    }
                }
            }
            TableFormat::WideByYear | TableFormat::WideSingleYear => {
                let year = if format == TableFormat::WideSingleYear {
                    table.years[0]
                } else {
                    y
                };
                for (c, ind) in column_indicator.iter().enumerate() {
                    if let Some(ind) = *ind {
                        put(&mut table, ind, year, cell(r, c));
                    }
                }
            }
        }
    }
    for d in &mut table.duplicates {
        d.lines.sort_unstable();
    }

    // Text attributes per key: first non-empty value.
    for c in (0..width).filter(|&c| !numeric[c] && !reserved(c)) {
        let mut values: Vec<Option<String>> = vec![None; table.keys.len()];
        for (row, (_, r)) in data.iter().enumerate() {
            if let Some(k) = row_key[row] {
                let v = cell(r, c);
                if values[k].is_none() && !v.is_empty() {
                    values[k] = Some(v.to_string());
                }
            }
        }
        table.attributes.push(TextAttribute {
            name: columns[c].clone(),
            values,
        });
    }
    table.warnings = warnings;
    Ok((table, reading))
}

fn encoding_label(e: TextEncoding) -> &'static str {
    e.label()
}

/// Cell `c` of a record, trimmed; "" when the row is short.
fn cell(r: &StringRecord, c: usize) -> &str {
    r.get(c).map(str::trim).unwrap_or("")
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

/// Header cells trimmed; empty ones named "column N"; repeated ones numbered.
fn header_names(header: &StringRecord) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let mut name = h.trim().trim_start_matches('\u{feff}').to_string();
        if name.is_empty() {
            name = format!("column {}", i + 1);
        }
        if out.contains(&name) {
            let mut n = 2;
            while out.contains(&format!("{name} ({n})")) {
                n += 1;
            }
            name = format!("{name} ({n})");
        }
        out.push(name);
    }
    out
}

/// The delimiter giving the most lines with the header's field count (> 1) among the first 50.
fn detect_delimiter(text: &str) -> Option<u8> {
    let head: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect::<Vec<_>>()
        .join("\n");
    let mut best: Option<(usize, usize, u8)> = None;
    for d in [b';', b'\t', b',', b'|'] {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(head.as_bytes());
        let counts: Vec<usize> = rdr
            .records()
            .map_while(Result::ok)
            .map(|r| r.len())
            .collect();
        // The most common field count of two or more: title lines above a table (GENESIS
        // exports) must not decide the delimiter.
        let mut freq: HashMap<usize, usize> = HashMap::new();
        for &c in counts.iter().filter(|&&c| c >= 2) {
            *freq.entry(c).or_default() += 1;
        }
        let Some((width, consistent)) = freq.into_iter().max_by_key(|&(w, n)| (n, w)) else {
            continue;
        };
        let score = (consistent, width, d);
        if best.is_none_or(|b| (score.0, score.1) > (b.0, b.1)) {
            best = Some(score);
        }
    }
    best.map(|b| b.2)
}

/// Where the table is among the file's non-empty rows: (header row, end of the data rows).
/// Exports of the statistics databases (GENESIS, Regionalstatistik) put title and metadata
/// lines above the header and footnotes ("__________", "Datenlizenz …", "Stand: …") below:
/// rows with fewer filled fields than the table are skipped at both ends.
fn locate_table(records: &[(u64, StringRecord)]) -> (usize, usize) {
    let filled = |r: &StringRecord| {
        (0..r.len())
            .rev()
            .find(|&i| !r[i].trim().is_empty())
            .map_or(0, |p| p + 1)
    };
    let widths: Vec<usize> = records.iter().map(|(_, r)| filled(r)).collect();
    if widths.len() < 3 {
        return (0, records.len());
    }
    // The table's width: the most common filled width among rows with two fields or more.
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for &w in widths.iter().filter(|&&w| w >= 2) {
        *counts.entry(w).or_default() += 1;
    }
    let Some(width) = counts
        .into_iter()
        .max_by_key(|&(w, n)| (n, w))
        .map(|(w, _)| w)
    else {
        return (0, records.len());
    };
    // A header may have empty trailing cells; title lines have one filled field.
    let wide_enough = |w: usize| w >= 2 && w * 2 > width;
    let head = widths.iter().position(|&w| wide_enough(w)).unwrap_or(0);
    let footnote = |r: &StringRecord, w: usize| {
        let first = r.get(0).unwrap_or("").trim();
        !wide_enough(w)
            || first.starts_with("__")
            || first.starts_with('©')
            || first.starts_with("(C)")
            || first.starts_with("Datenlizenz")
    };
    let mut end = records.len();
    while end > head + 1 && footnote(&records[end - 1].1, widths[end - 1]) {
        end -= 1;
    }
    (head, end)
}

fn is_year_name(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    matches!(
        lower.as_str(),
        "year" | "jahr" | "berichtsjahr" | "stichjahr" | "yr" | "zeit" | "zeitraum" | "stichtag"
    ) || tokens(name).iter().any(|t| t == "year" || t == "jahr")
}

/// A year: "2022", "2022.0", or the year of a date ("31.12.2022", "2022-12-31") as
/// reference dates (Stichtag) are given.
fn parse_year(s: &str) -> Option<i32> {
    let s = s.trim();
    let y: i32 = if let Some(y) = s.strip_suffix(".0") {
        y.parse().ok()?
    } else if let Ok(y) = s.parse() {
        y
    } else {
        let parts: Vec<&str> = s.split(['.', '-', '/']).collect();
        let all_digits = parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        match parts.as_slice() {
            [d, m, y] if all_digits && d.len() <= 2 && m.len() <= 2 && y.len() == 4 => {
                y.parse().ok()?
            }
            [y, m, d] if all_digits && y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
                y.parse().ok()?
            }
            _ => return None,
        }
    };
    (1800..=2200).contains(&y).then_some(y)
}

fn is_indicator_name(name: &str) -> bool {
    matches!(
        name.trim().to_lowercase().as_str(),
        "indicator"
            | "indikator"
            | "merkmal"
            | "variable"
            | "kennzahl"
            | "measure"
            | "indicator_id"
    )
}

fn is_value_name(name: &str) -> bool {
    matches!(
        name.trim().to_lowercase().as_str(),
        "value" | "wert" | "values" | "werte"
    )
}

/// `GESIx_2013` → ("GESIx", 2013); `2015` → ("value", 2015).
fn split_year_suffix(name: &str) -> Option<(String, i32)> {
    let n = name.trim();
    if n.len() < 4 || !n.is_char_boundary(n.len() - 4) {
        return None;
    }
    let (stem, digits) = n.split_at(n.len() - 4);
    let year: i32 = digits.parse().ok().filter(|y| (1900..=2100).contains(y))?;
    if stem.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let stem = stem.trim_end_matches(['_', ' ', '-', '.']);
    Some((
        if stem.is_empty() {
            "value".into()
        } else {
            stem.to_string()
        },
        year,
    ))
}

fn year_in_name(source: &str) -> Option<i32> {
    let b = source.as_bytes();
    (0..b.len().saturating_sub(3)).rev().find_map(|i| {
        let w = &b[i..i + 4];
        let before = i == 0 || !b[i - 1].is_ascii_digit();
        let after = i + 4 >= b.len() || !b[i + 4].is_ascii_digit();
        (before && after && w.iter().all(u8::is_ascii_digit))
            .then(|| std::str::from_utf8(w).ok()?.parse().ok())
            .flatten()
            .filter(|y| (1900..=2100).contains(y))
    })
}

/// The key column: the most key-like name (ties: the more distinct values); without any, the
/// first column that is not a year, indicator or value column — tables put the key first.
fn choose_key_column(
    columns: &[String],
    reserved: &[Option<usize>],
    data: &[(u64, StringRecord)],
) -> usize {
    let distinct = |c: usize| {
        let v: std::collections::HashSet<&str> = data
            .iter()
            .map(|(_, r)| cell(r, c))
            .filter(|s| !s.is_empty())
            .collect();
        v.len()
    };
    let candidates: Vec<usize> = (0..columns.len())
        .filter(|c| !reserved.contains(&Some(*c)))
        .collect();
    // Scores and distinct counts once per key-like column, not per comparison.
    let scored: Vec<(usize, u8, usize)> = candidates
        .iter()
        .map(|&c| (c, key_name_score(&columns[c])))
        .filter(|&(_, score)| score > 0)
        .map(|(c, score)| (c, score, distinct(c)))
        .collect();
    scored
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(a.2.cmp(&b.2)).then(b.0.cmp(&a.0)))
        .map(|s| s.0)
        .or_else(|| candidates.first().copied())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, name: &str) -> Result<IndicatorTable, LoadError> {
        parse_table(text.as_bytes(), name, &TableOptions::default()).map(|(t, _)| t)
    }

    fn val(t: &IndicatorTable, ind: &str, year: i32, key: &str) -> Option<f64> {
        let i = t.indicator_index(ind)?;
        let y = t.year_index(year)?;
        let k = t.keys.iter().position(|k| k == key)?;
        t.value(i, y, k)
    }

    #[test]
    fn wide_by_year_german() {
        let t = parse(
            "Schlüssel;Jahr;Name;Einwohner;Ausländeranteil\n0101;2020;Mitte;1.234;12,5\n0101;2021;Mitte;1.240;x\n0102;2020;Süd;980;-\n",
            "t.csv",
        )
        .unwrap();
        assert_eq!(t.format, TableFormat::WideByYear);
        assert_eq!(t.key_column, "Schlüssel");
        assert_eq!(t.years, [2020, 2021]);
        assert_eq!(t.keys, ["0101", "0102"]);
        assert_eq!(val(&t, "Einwohner", 2020, "0101"), Some(1234.0));
        assert_eq!(val(&t, "Ausländeranteil", 2020, "0101"), Some(12.5));
        assert_eq!(val(&t, "Ausländeranteil", 2021, "0101"), None);
        assert_eq!(val(&t, "Ausländeranteil", 2020, "0102"), None);
        assert_eq!(t.attributes.len(), 1);
        assert_eq!(t.attributes[0].values[1].as_deref(), Some("Süd"));
        assert_eq!(t.rows, 3);
        assert_eq!(t.key_lines[0], [2, 3]);
    }

    #[test]
    fn long_format() {
        let t = parse(
            "key,year,indicator,value\nA,2020,pop,100\nA,2020,share,.5\nB,2021,pop,200\nA,2020,pop,999\n",
            "t.csv",
        )
        .unwrap();
        assert_eq!(t.format, TableFormat::Long);
        assert_eq!(t.indicators.len(), 2);
        assert_eq!(val(&t, "share", 2020, "A"), Some(0.5));
        assert_eq!(val(&t, "pop", 2020, "A"), Some(100.0)); // first row wins
        assert_eq!(
            t.duplicates,
            vec![DuplicateRow {
                key: "A".into(),
                year: 2020,
                lines: vec![2, 5]
            }]
        );
    }

    #[test]
    fn year_in_column_names() {
        let t = parse(
            "plrID,plrNAME,GESIx_2013,GESIx_2022,ESIx_2013,ESIx_2022\n01011101,Stülerstr.,.707,.876,-.0558,\n",
            "gssa.csv",
        )
        .unwrap();
        assert_eq!(t.format, TableFormat::YearInColumn);
        assert_eq!(t.years, [2013, 2022]);
        assert_eq!(t.keys, ["01011101"]);
        assert_eq!(val(&t, "GESIx", 2022, "01011101"), Some(0.876));
        assert_eq!(val(&t, "ESIx", 2013, "01011101"), Some(-0.0558));
        assert_eq!(val(&t, "ESIx", 2022, "01011101"), None);
    }

    #[test]
    fn single_year_takes_year_from_file_name() {
        let t = parse("id\tpop\tdate\n1\t5\t2022-12-31\n", "werte_2022.tsv").unwrap();
        assert_eq!(t.format, TableFormat::WideSingleYear);
        assert_eq!(t.years, [2022]);
        assert!(!t.undated);
        assert_eq!(t.attributes[0].name, "date");
        let t = parse("id,pop\n1,5\n", "werte.csv").unwrap();
        assert!(t.undated);
    }

    #[test]
    fn ambiguous_and_bad_tables_are_errors() {
        let e = parse("id,year,pop_2020,pop_2021\n1,2020,3,4\n", "t.csv").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Ambiguous);
        let e = parse("id,indicator,value\n1,pop,3\n", "t.csv").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Ambiguous);
        let e = parse("just one column\nx\n", "t.csv").unwrap_err();
        assert!(e.to_string().contains("only one column"), "{e}");
        let e = parse("id;name\n1;a\n", "t.csv").unwrap_err();
        assert!(e.to_string().contains("no numeric indicator"), "{e}");
        let e = parse("id;pop\n", "t.csv").unwrap_err();
        assert!(e.to_string().contains("no data rows"), "{e}");
    }

    #[test]
    fn stray_text_in_numeric_column_is_reported() {
        let mut s = String::from("id,pop\n");
        for i in 0..30 {
            s.push_str(&format!("{i},{}\n", i * 10));
        }
        s.push_str("30,n/v\n");
        let t = parse(&s, "t.csv").unwrap();
        assert_eq!(t.indicators.len(), 1);
        assert!(t.warnings[0].contains("line 32"), "{:?}", t.warnings);
    }
}
