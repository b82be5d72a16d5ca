//! Reading a table from its rows, in named phases: find the head (header, title lines, the
//! table's width), survey every cell (pass 1), decide the columns' roles and layout, decide
//! numbers and decimal marks, the years and indicators, the keys, then fill the values
//! (pass 2) and report what was skipped.

use super::decide::{Roles, attribute_columns, decide_numbers, decide_roles, years_and_indicators};
use super::fill::{Filled, Layout, Plan, Shared, Unread};
use super::header::{header_names, year_in_name};
use super::onepass::{Decisions, PartValues, Renumbered, merge_surveys, put_parts};
use super::open::Reading;
use super::rows::{self, Part, Source, on_parts};
use super::survey::Survey;
use super::{KeyCandidate, TableOptions, TableReading};
use crate::hash::FxHashMap;
use crate::load::error::{ErrorKind, LoadError};
use crate::load::msg::{LoadMsg, Place};
use crate::load::note::Note;
use crate::load::numbers::DecimalSeparator;
use crate::model::table::Indicator;
use crate::model::{IndicatorMeta, IndicatorTable, TableFormat, TextAttribute};
use std::collections::HashMap;

const MAX_LISTED: usize = 20;

/// Rows looked at to find the header and the table's width.
const HEAD_ROWS: usize = 200;

#[cfg(test)]
thread_local! {
    /// Tests compare the one pass with the two it replaces.
    pub(super) static TWO_PASSES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn two_passes() -> bool {
    #[cfg(test)]
    return TWO_PASSES.with(|t| t.get());
    #[cfg(not(test))]
    false
}

/// Where the table starts: its header and first data row.
struct Head {
    columns: Vec<String>,
    header_line: u64,
    /// Title lines above the header.
    title_lines: usize,
    data_line: u64,
    data_start: usize,
    /// The most common number of filled fields in the head's rows.
    table_width: usize,
}

/// What pass 1 found: every column surveyed, where the data ends.
struct Surveyed {
    survey: Survey,
    parts: Vec<Part>,
    data_end: usize,
    footnotes: usize,
    /// The parts' values read with the provisional decisions, and where their numbers go
    /// (None: no provisional decisions, or a part that could not keep its values).
    values: Option<Vec<Renumbered>>,
}

/// Errors of this reading, all naming the source.
pub(super) struct Fail<'a>(pub &'a str);

impl Fail<'_> {
    pub fn content(&self, msg: LoadMsg) -> LoadError {
        LoadError::of_file(ErrorKind::Content, self.0, msg)
    }
    pub fn syntax(&self, (line, msg): (u64, LoadMsg)) -> LoadError {
        LoadError::new(ErrorKind::Syntax, self.0, Some(Place::Line { line }), msg)
    }
}

fn width_of(f: &[&str]) -> usize {
    f.iter()
        .rposition(|c| !rows::trim(c).is_empty())
        .map_or(0, |p| p + 1)
}

/// A header may have empty trailing cells; title lines have one filled field.
fn wide_enough(w: usize, table_width: usize) -> bool {
    w >= 2 && w * 2 > table_width
}

pub(super) fn read(
    src: &Source,
    how: Reading,
    source: &str,
    opts: &TableOptions,
) -> Result<(IndicatorTable, TableReading), LoadError> {
    let fail = Fail(source);
    let head = find_head(src, &fail)?;
    let first = (head.columns.as_slice(), head.data_start, head.data_line);
    let provisional = Decisions::provisional(src, first, opts, how.default_decimal, source, &fail)
        .filter(|_| !two_passes());
    crate::timings::mark("table: head and provisional decisions");
    let surveyed = survey_cells(src, &head, provisional.as_ref(), &fail)?;
    crate::timings::mark("table: surveyed (and filled) on all cores, merged");
    let mut warnings = Vec::new();
    if head.title_lines > 0 || surveyed.footnotes > 0 {
        warnings.push(Note::HeaderBelowTitle {
            line: head.header_line,
            titles: head.title_lines,
            footnotes: surveyed.footnotes,
        });
    }
    let survey = &surveyed.survey;
    if survey.ragged.0 > 0 {
        warnings.push(Note::Ragged {
            rows: survey.ragged.0,
            width: head.columns.len(),
            line: survey.ragged.1,
        });
    }
    let roles = decide_roles(&head.columns, survey, opts, &fail)?;
    let (mut numeric, decimal, decision) =
        decide_numbers(&head.columns, survey, &roles, how.default_decimal);
    warnings.extend(decision.warnings.iter().cloned());
    let (years, indicator_ids, fixed_year) = years_and_indicators(
        &head.columns,
        survey,
        &roles,
        &mut numeric,
        source,
        &mut warnings,
    );
    if indicator_ids.is_empty() {
        return Err(fail.content(LoadMsg::NoIndicatorColumn {
            columns: head.columns.join(", "),
            key: head.columns[roles.key].clone(),
        }));
    }
    let key_order = key_order(src, &surveyed, roles.key, &fail)?;
    if key_order.is_empty() {
        return Err(fail.content(LoadMsg::NoKeyValues {
            key: head.columns[roles.key].clone(),
        }));
    }
    // Its values come all at once from the parts (`put_parts`) or the second pass (`settle`).
    let mut table = IndicatorTable::unfilled(
        source.to_owned(),
        roles.format,
        head.columns[roles.key].clone(),
        roles.year.map(|c| head.columns[c].clone()),
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
    table.undated = roles.format == TableFormat::WideSingleYear && year_in_name(source).is_none();
    let attributes = attribute_columns(&numeric, &roles);
    for &c in &attributes {
        table.attributes.push(TextAttribute {
            name: head.columns[c].clone(),
            values: vec![None; table.keys.len()],
        });
    }
    let decided = Decisions::of(&roles, &numeric, &decimal, &attributes, fixed_year);
    let unread = match surveyed
        .values
        .filter(|_| provisional.as_ref() == Some(&decided))
    {
        Some(parts) => {
            // Where a part's indicator numbers go: long tables number their indicator names
            // in the table's order; the others' numbers are the file's columns.
            let ids: Vec<Option<usize>> = match roles.format {
                TableFormat::Long => (0..indicator_ids.len()).map(Some).collect(),
                TableFormat::YearInColumn => (0..head.columns.len())
                    .map(|c| {
                        let stem = &roles.year_suffixed.iter().find(|y| y.0 == c)?.1;
                        table.indicator_index(stem)
                    })
                    .collect(),
                _ => head
                    .columns
                    .iter()
                    .map(|c| table.indicator_index(c))
                    .collect(),
            };
            put_parts(parts, &ids, &mut table)
        }
        None => {
            let columns = Columns {
                names: &head.columns,
                numeric: &numeric,
                decimal: &decimal,
                attributes: &attributes,
            };
            fill_values(
                src,
                surveyed.parts,
                surveyed.data_end,
                &columns,
                &roles,
                (&indicator_ids, fixed_year),
                &mut table,
                &fail,
            )?
        }
    };
    crate::timings::mark("table: values in place");
    let key_name = head.columns[roles.key].as_str();
    Skipped::of(&unread, head.columns.len()).say(&head.columns, key_name, &mut warnings);
    table.warnings = warnings;
    let reading = TableReading {
        encoding: how.encoding,
        delimiter: how.delimiter_label,
        decimal: decision.file,
        decimal_proven: decision.file_proven,
        sheet: how.sheet,
        sheets: how.sheets,
        key_candidates: key_candidates(&head.columns, survey, (&roles.candidates, roles.key)),
    };
    Ok((table, reading))
}

/// The head: the header (the first row wide enough for the table, below any title lines),
/// its columns and the first data row.
fn find_head(src: &Source, fail: &Fail) -> Result<Head, LoadError> {
    let whole = Part {
        start: 0,
        end: src.len(),
        line: 1,
    };
    let mut head: Vec<(u64, usize, Vec<String>)> = Vec::new();
    src.for_each(whole, |line, offset, fields| {
        head.push((line, offset, fields.iter().map(|f| f.to_string()).collect()));
        head.len() < HEAD_ROWS
    })
    .map_err(|e| fail.syntax(e))?;
    let widths: Vec<usize> = head
        .iter()
        .map(|(_, _, f)| width_of(&f.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();
    let table_width = {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for &w in widths.iter().filter(|&&w| w >= 2) {
            *counts.entry(w).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by_key(|&(w, n)| (n, w))
            .map_or(0, |(w, _)| w)
    };
    let h = widths
        .iter()
        .position(|&w| wide_enough(w, table_width))
        .unwrap_or(0);
    let Some((header_line, _, header)) = head.get(h) else {
        return Err(fail.content(LoadMsg::Empty));
    };
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let Some(&(data_line, data_start, _)) = head.get(h + 1) else {
        return Err(fail.content(LoadMsg::NoDataRows));
    };
    Ok(Head {
        columns: header_names(&header),
        header_line: *header_line,
        title_lines: h,
        data_line,
        data_start,
        table_width,
    })
}

/// Pass 1, on all cores: what every column holds, where footnotes below the table begin, and
/// (with provisional decisions) the values.
fn survey_cells(
    src: &Source,
    head: &Head,
    provisional: Option<&Decisions>,
    fail: &Fail,
) -> Result<Surveyed, LoadError> {
    let table_width = head.table_width;
    // Footnotes below the table ("__________", "Datenlizenz …", "(C)opyright …", short rows).
    let footnote = move |f: &[&str]| {
        let first = f.first().map_or("", |s| rows::trim(s));
        // Most rows start with a digit or letter other than these: decided by one byte.
        let marked = matches!(first.as_bytes().first(), Some(b'_' | b'(' | b'D' | 0xc2));
        !wide_enough(width_of(f), table_width)
            || (marked
                && (first.starts_with("__")
                    || first.starts_with('©')
                    || first.starts_with("(C)")
                    || first.starts_with("Datenlizenz")))
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = src.parts(head.data_start, head.data_line, src.len(), threads);
    let surveys = on_parts(&parts, |part| {
        let mut s = Survey::of_columns(&head.columns);
        let mut values = provisional.map(PartValues::new);
        let mut fill = |s: &Survey, line: u64, fields: &[&str]| {
            if let (Some(v), Some(d)) = (&mut values, provisional) {
                v.row(d, s, line, fields);
            }
        };
        src.for_each(part, |line, offset, fields| {
            s.row_then(line, offset, fields, footnote(fields), &mut fill);
            true
        })
        .map(|_| (s, values))
    })
    .map_err(|e| fail.syntax(e))?;
    let (mut survey, values) =
        merge_surveys(surveys, provisional).ok_or_else(|| fail.content(LoadMsg::Empty))?;
    let data_end = survey.tail.first().map_or(src.len(), |t| t.1);
    let footnotes = std::mem::take(&mut survey.tail).len();
    if survey.rows == 0 {
        return Err(fail.content(LoadMsg::NoDataRows));
    }
    Ok(Surveyed {
        survey,
        parts,
        data_end,
        footnotes,
        values,
    })
}

/// The keys in order of first appearance: from the first pass, or (a key column named by the
/// user whose values were not gathered: decimals, or very many) from one more.
fn key_order(
    src: &Source,
    surveyed: &Surveyed,
    key_col: usize,
    fail: &Fail,
) -> Result<Vec<String>, LoadError> {
    if let Some(d) = surveyed.survey.columns[key_col].distinct.as_ref() {
        return Ok(d.order().map(str::to_owned).collect());
    }
    let mut seen: FxHashMap<String, ()> = FxHashMap::default();
    let mut order = Vec::new();
    for part in surveyed
        .parts
        .iter()
        .filter(|p| p.start < surveyed.data_end)
    {
        let part = Part {
            end: part.end.min(surveyed.data_end),
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
        .map_err(|e| fail.syntax(e))?;
    }
    Ok(order)
}

/// What pass 2 needs to know of the columns.
struct Columns<'a> {
    names: &'a [String],
    numeric: &'a [bool],
    decimal: &'a [DecimalSeparator],
    attributes: &'a [usize],
}

/// Pass 2, on all cores: the values written straight into the dense table; cells that are not
/// numbers, rows without a key or a valid year are counted and said.
#[allow(clippy::too_many_arguments)]
fn fill_values(
    src: &Source,
    parts: Vec<Part>,
    data_end: usize,
    columns: &Columns,
    roles: &Roles,
    (indicator_ids, fixed_year): (&[String], Option<i32>),
    table: &mut IndicatorTable,
    fail: &Fail,
) -> Result<Vec<Unread>, LoadError> {
    let (names, numeric) = (columns.names, columns.numeric);
    let width = names.len();
    let wide_columns: Vec<Option<usize>> = (0..width)
        .map(|c| {
            numeric[c]
                .then(|| table.indicator_index(&names[c]))
                .flatten()
        })
        .collect();
    let suffixed_columns: Vec<Option<(usize, i32)>> = (0..width)
        .map(|c| {
            let (_, stem, y) = roles
                .year_suffixed
                .iter()
                .find(|y| y.0 == c && numeric[c])?;
            Some((table.indicator_index(stem)?, *y))
        })
        .collect();
    let long_indicators: FxHashMap<&str, usize> = indicator_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let layout = match roles.format {
        TableFormat::Long => Layout::Long {
            year: roles.year.unwrap_or(0),
            indicator: roles.indicator.unwrap_or(0),
            value: roles.value.unwrap_or(0),
            indicators: &long_indicators,
        },
        TableFormat::YearInColumn => Layout::YearInColumn {
            columns: &suffixed_columns,
        },
        _ => Layout::Wide {
            year: roles.year,
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
        key: roles.key,
        keys: &key_index,
        years: &table_years,
        year_slot,
        n_indicators: table.indicators.len(),
        decimal: columns.decimal,
        numeric,
        attributes: columns.attributes,
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
    .map_err(|e| fail.syntax(e))?;
    Ok(Filled::merge(filled, shared, table))
}

/// Cells and rows pass 2 could not read, gathered from every part.
struct Skipped {
    no_key: Vec<u64>,
    bad_year: Vec<u64>,
    /// Per column: how many cells were not numbers, and examples (line, text).
    bad_cells: Vec<(usize, Vec<(u64, String)>)>,
}

impl Skipped {
    fn of(unread: &[Unread], width: usize) -> Skipped {
        let mut s = Skipped {
            no_key: Vec::new(),
            bad_year: Vec::new(),
            bad_cells: vec![(0, Vec::new()); width],
        };
        for f in unread {
            s.no_key.extend(&f.no_key);
            s.bad_year.extend(&f.bad_year);
            for (c, (n, ex)) in f.bad_cells.iter().enumerate() {
                s.bad_cells[c].0 += n;
                s.bad_cells[c].1.extend(ex.iter().cloned());
            }
        }
        s
    }

    fn say(&self, columns: &[String], key: &str, warnings: &mut Vec<Note>) {
        for (c, (n, ex)) in self.bad_cells.iter().enumerate().filter(|(_, b)| b.0 > 0) {
            let examples: Vec<String> = ex
                .iter()
                .take(5)
                .map(|(l, v)| format!("line {l}: {v:?}"))
                .collect();
            warnings.push(Note::NotNumbers {
                column: columns[c].clone(),
                n: *n,
                examples: examples.join(", "),
            });
        }
        if !self.no_key.is_empty() {
            warnings.push(Note::RowsWithoutKey {
                n: self.no_key.len(),
                key: key.to_owned(),
                lines: list_lines(&self.no_key),
            });
        }
        if !self.bad_year.is_empty() {
            warnings.push(Note::RowsWithoutYear {
                n: self.bad_year.len(),
                lines: list_lines(&self.bad_year),
            });
        }
    }
}

/// The key candidates with their distinct values — but for the key column `key`, whose values
/// are the table's keys already and which the choice by values never compares (it weighs the
/// other candidates against them): a second copy of 100 000 keys, made and dropped.
fn key_candidates(
    columns: &[String],
    survey: &Survey,
    (candidates, key): (&[usize], usize),
) -> Vec<KeyCandidate> {
    candidates
        .iter()
        .filter_map(|&c| {
            let distinct = survey.columns[c].distinct.as_ref()?;
            Some(KeyCandidate {
                column: columns[c].clone(),
                values: if c == key {
                    Vec::new()
                } else {
                    distinct.order().map(str::to_owned).collect()
                },
            })
        })
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
