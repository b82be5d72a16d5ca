//! One pass over a table instead of two: the decisions that reading values needs (roles,
//! layout, numeric columns and their decimal marks, text attributes) are taken provisionally
//! from the first rows, and every part of the file is surveyed and filled at once — values
//! kept by the part's own key numbers (the survey's distinct values), so that no part needs
//! the keys of the others. Once the whole file is surveyed, the decisions are taken again from
//! every cell as before; only when they equal the provisional ones are the parts' values put
//! into the table. Otherwise (a file whose first rows mislead, a key column too large to
//! gather, a footnote-like row at a part's end) the second pass reads the values with the
//! final decisions — slower, never different.

use super::decide::{Roles, attribute_columns, decide_numbers, decide_roles, years_and_indicators};
use super::fill::{LINES_PER_KEY, LastYear, NotNumbers, Unread, add_line, line_at, settle};
use super::rows::{self, Part, Source};
use super::survey::Survey;
use super::{TableOptions, read::Fail};
use crate::hash::FxHashMap;
use crate::load::numbers::{Cell, DecimalSeparator, Plain, parse_cell};
use crate::model::table::KeyLines;
use crate::model::{IndicatorTable, TableFormat};

/// Slots looked up by index: indicators below this, years from `FIRST_YEAR` on.
const NEAR_INDICATORS: u32 = 64;
const FIRST_YEAR: i32 = 1900;
const YEARS: u32 = 256;

/// Data rows surveyed for the provisional decisions, on one core before the parts start:
/// enough for every column's role, kind and decimal mark in the tables seen (a long table's
/// first rows hold every indicator of its first keys, a wide one's every column), few enough
/// to cost ≈ 0.5 ms — 20 000 rows took ≈ 2 ms of a 10 000-district export's 0.15 s, the other
/// core idle. A file whose later rows decide otherwise is read again: slower, never different.
const FIRST_ROWS: usize = 5_000;

/// The decisions values are read with.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Decisions {
    pub key: usize,
    pub year: Option<usize>,
    pub indicator: Option<usize>,
    pub value: Option<usize>,
    pub format: TableFormat,
    /// Per column: its year (a year-in-name column read as an indicator).
    pub year_of_column: Vec<Option<i32>>,
    pub numeric: Vec<bool>,
    pub decimal: Vec<DecimalSeparator>,
    pub attributes: Vec<usize>,
    pub fixed_year: Option<i32>,
}

impl Decisions {
    pub fn of(
        roles: &Roles,
        numeric: &[bool],
        decimal: &[DecimalSeparator],
        attributes: &[usize],
        fixed_year: Option<i32>,
    ) -> Self {
        let year_of_column = (0..numeric.len())
            .map(|c| {
                let y = roles.year_suffixed.iter().find(|y| y.0 == c && numeric[c]);
                y.filter(|_| roles.format == TableFormat::YearInColumn)
                    .map(|y| y.2)
            })
            .collect();
        Decisions {
            key: roles.key,
            year: roles.year,
            indicator: roles.indicator,
            value: roles.value,
            format: roles.format,
            year_of_column,
            numeric: numeric.to_vec(),
            decimal: decimal.to_vec(),
            attributes: attributes.to_vec(),
            fixed_year,
        }
    }

    /// The decisions the first rows of the data suggest, as [`super::read`] takes them from
    /// the whole file; `None` when they give none (the whole file then decides, in two passes).
    pub fn provisional(
        src: &Source,
        (columns, data_start, data_line): (&[String], usize, u64),
        opts: &TableOptions,
        default_decimal: DecimalSeparator,
        source: &str,
        fail: &Fail,
    ) -> Option<Decisions> {
        let mut survey = Survey::of_columns(columns);
        let first = Part {
            start: data_start,
            end: src.len(),
            line: data_line,
        };
        src.for_each(first, |line, _, fields| {
            survey.data_row(line, fields);
            survey.rows < FIRST_ROWS
        })
        .ok()?;
        let roles = decide_roles(columns, &survey, opts, fail).ok()?;
        // Values are kept by the key's distinct values: it must be gathered.
        survey.columns[roles.key].distinct.as_ref()?;
        let (mut numeric, decimal, _) = decide_numbers(columns, &survey, &roles, default_decimal);
        let (_, ids, fixed_year) = years_and_indicators(
            columns,
            &survey,
            &roles,
            &mut numeric,
            source,
            &mut Vec::new(),
        );
        if ids.is_empty() {
            return None;
        }
        let attributes = attribute_columns(&numeric, &roles);
        Some(Decisions::of(
            &roles,
            &numeric,
            &decimal,
            &attributes,
            fixed_year,
        ))
    }
}

/// One value column of a part: an indicator (long tables: the part's number of its name;
/// others: the file's column) in one year, by the part's key numbers.
struct Column {
    indicator: u32,
    year: i32,
    values: Vec<f64>,
    /// The line of the row that set each value (0: none).
    lines: Vec<u32>,
}

/// What one part of the file holds, by the part's own key numbers.
pub(super) struct PartValues {
    columns: Vec<Column>,
    by_slot: FxHashMap<(u32, i32), usize>,
    /// Columns by `indicator * YEARS + year - FIRST_YEAR`, where both are small.
    near: Vec<Option<u32>>,
    /// Values that met a value already set: (column, key, line, value).
    contested: Vec<(usize, u32, u32, f64)>,
    /// Cells that are not numbers where this part set a value, by (column, key): an earlier
    /// part's row of the same key, year and indicator wins over them.
    not_numbers: NotNumbers<(u32, u32)>,
    lines: Vec<KeyLines>,
    attributes: Vec<Vec<Option<Box<str>>>>,
    last_year: LastYear,
    pub rows: usize,
    pub unread: Unread,
    /// A row whose key (or indicator) the survey did not number: the part cannot be used.
    pub broken: bool,
}

impl PartValues {
    pub fn new(d: &Decisions) -> Self {
        PartValues {
            columns: Vec::new(),
            by_slot: FxHashMap::default(),
            near: Vec::new(),
            contested: Vec::new(),
            not_numbers: NotNumbers::new(d.numeric.len()),
            lines: Vec::new(),
            attributes: vec![Vec::new(); d.attributes.len()],
            last_year: LastYear::default(),
            rows: 0,
            unread: Unread::new(d.numeric.len()),
            broken: false,
        }
    }

    /// Reads one data row the survey has just seen (its key's and indicator's numbers are
    /// the survey's last).
    pub fn row(&mut self, d: &Decisions, survey: &Survey, line: u64, fields: &[&str]) {
        self.rows += 1;
        let cell = |c: usize| fields.get(c).map_or("", |f| rows::trim(f));
        let Some(k) = survey.columns[d.key].last_index else {
            if cell(d.key).is_empty() {
                self.unread.no_key.push(line);
            } else {
                self.broken = true;
            }
            return;
        };
        let year = match (d.format, d.fixed_year, d.year) {
            (_, Some(y), _) => Some(y),
            (TableFormat::Long | TableFormat::WideByYear, None, Some(c)) => {
                let Some(y) = self.last_year.of(cell(c)) else {
                    self.unread.bad_year.push(line);
                    return;
                };
                Some(y)
            }
            _ => None,
        };
        let k = k as usize;
        if self.lines.len() <= k {
            self.lines.resize(k + 1, KeyLines::default());
        }
        add_line(&mut self.lines[k], line);
        for (a, &c) in d.attributes.iter().enumerate() {
            let v = cell(c);
            let attr = &mut self.attributes[a];
            if !v.is_empty() && attr.get(k).is_none_or(Option::is_none) {
                if attr.len() <= k {
                    attr.resize(k + 1, None);
                }
                attr[k] = Some(v.into());
            }
        }
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        match d.format {
            TableFormat::Long => {
                let (Some(ic), Some(vc), Some(y)) = (d.indicator, d.value, year) else {
                    return;
                };
                match survey.columns[ic].last_index {
                    Some(ind) => {
                        let plain = survey.columns[vc].last_plain;
                        self.put(d, (ind, y), k, line, (vc, cell(vc), plain));
                    }
                    None if cell(ic).is_empty() => {}
                    None => self.broken = true,
                }
            }
            TableFormat::YearInColumn => {
                for (c, y) in d.year_of_column.iter().enumerate() {
                    if let Some(y) = *y {
                        let plain = survey.columns[c].last_plain;
                        self.put(d, (c as u32, y), k, line, (c, cell(c), plain));
                    }
                }
            }
            _ => {
                let Some(y) = year else { return };
                for c in (0..d.numeric.len()).filter(|&c| d.numeric[c]) {
                    let plain = survey.columns[c].last_plain;
                    self.put(d, (c as u32, y), k, line, (c, cell(c), plain));
                }
            }
        }
    }

    fn column(&mut self, slot: (u32, i32)) -> usize {
        // Most slots by a plain index: few indicators (or columns), years of the calendar.
        let near = u32::try_from(slot.1 - FIRST_YEAR)
            .ok()
            .filter(|&y| y < YEARS && slot.0 < NEAR_INDICATORS)
            .map(|y| (slot.0 * YEARS + y) as usize);
        if let Some(i) = near.and_then(|n| self.near.get(n).copied().flatten()) {
            return i as usize;
        }
        let n = self.columns.len();
        let i = *self.by_slot.entry(slot).or_insert(n);
        if i == n {
            // Room for the keys seen so far: a table sorted by year reaches a new year's
            // columns with all its keys known, and doubling would leave half of each unused.
            let keys = self.lines.len();
            self.columns.push(Column {
                indicator: slot.0,
                year: slot.1,
                values: Vec::with_capacity(keys),
                lines: Vec::with_capacity(keys),
            });
        }
        if let Some(n) = near {
            if self.near.len() <= n {
                self.near.resize(n + 1, None);
            }
            self.near[n] = Some(i as u32);
        }
        i
    }

    /// Puts the value of cell `raw` of column `c` (`plain`: the survey's look at it, when a
    /// plain number) into `slot` for key `k`.
    fn put(
        &mut self,
        d: &Decisions,
        slot: (u32, i32),
        k: usize,
        line: u32,
        (c, raw, plain): (usize, &str, Option<Plain>),
    ) {
        let i = self.column(slot);
        let col = &mut self.columns[i];
        if col.lines.len() <= k {
            col.lines.resize(k + 1, 0);
            col.values.resize(k + 1, f64::NAN);
        }
        let won = col.lines[k] == 0;
        let cell = match plain.and_then(|p| p.value(d.decimal[c])) {
            Some(v) => Cell::Number(v),
            None => parse_cell(raw, d.decimal[c]),
        };
        let value = match cell {
            Cell::Number(v) => v,
            Cell::Missing => f64::NAN,
            Cell::Text => {
                if won && d.numeric[c] {
                    self.not_numbers.note((i as u32, k as u32), line, c, raw);
                }
                f64::NAN
            }
        };
        if won {
            col.lines[k] = line;
            col.values[k] = value;
        } else {
            self.contested.push((i, k as u32, line, value));
        }
    }
}

/// A part's values and where its numbers go.
pub(super) type Renumbered = (PartValues, Renumber);

/// Where a part's numbers go in the table: its keys' and (long tables) its indicator names'
/// places in the whole file's order.
pub(super) struct Renumber {
    pub keys: Option<Vec<u32>>,
    pub indicators: Option<Vec<u32>>,
}

/// The parts' surveys as one, in file order, and the parts' values with where their numbers
/// go — None when a part's values cannot be used: footnote-like rows at its end that the next
/// part turns into data (they were not filled), or numbers the survey could not give.
type PartSurvey = (Survey, Option<PartValues>);

pub(super) fn merge_surveys(
    parts: Vec<PartSurvey>,
    provisional: Option<&Decisions>,
) -> Option<(Survey, Option<Vec<Renumbered>>)> {
    let usable = parts.iter().enumerate().all(|(i, (s, v))| {
        v.as_ref().is_some_and(|v| !v.broken)
            && (s.tail.is_empty() || parts[i + 1..].iter().all(|(n, _)| n.rows == 0))
    });
    let mut values = Vec::with_capacity(parts.len());
    let mut merged: Option<Survey> = None;
    for (s, v) in parts {
        let renumber = match &mut merged {
            None => {
                merged = Some(s);
                Renumber {
                    keys: None,
                    indicators: None,
                }
            }
            Some(m) => {
                let mut moved = m.merge(s);
                let mut take = |c: Option<usize>| c.and_then(|c| moved.get_mut(c)?.take());
                let keys = take(provisional.map(|d| d.key));
                // Long tables number their indicator names as their keys; the others'
                // indicators are the file's columns.
                let long = provisional.filter(|d| d.format == TableFormat::Long);
                let indicators = long.map(|d| take(d.indicator).unwrap_or_default());
                Renumber {
                    keys: Some(keys.unwrap_or_default()),
                    indicators,
                }
            }
        };
        values.extend(v.map(|v| (v, renumber)));
    }
    let merged = merged?;
    let gathered = provisional.is_some_and(|d| merged.columns[d.key].distinct.is_some());
    Some((merged, (usable && gathered).then_some(values)))
}

/// The parts' values put into `table` (keys, years and indicators set, in the file's order,
/// its values not yet: [`IndicatorTable::unfilled`]), as the second pass would have: the
/// earliest line wins a slot reached twice, and both lines are reported. `indicator_of` gives
/// a part's indicator number's (long tables, renumbered) or column's indicator in the table.
///
/// A part's column that is the first to reach its block (indicator × year) and whose keys
/// are the table's in the same order — the first part's, or a later part's that starts with
/// another key of the same cycle (a table sorted by year cut in the middle of one) — becomes
/// the block itself, rotated in place where needed: most of a large table's values are
/// neither copied nor written into fresh pages.
pub(super) fn put_parts(
    parts: Vec<Renumbered>,
    indicator_of: &[Option<usize>],
    table: &mut IndicatorTable,
) -> Vec<Unread> {
    let (nk, ny) = (table.keys.len(), table.years.len());
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); table.indicators.len() * ny];
    let mut first_line: Vec<Vec<u32>> = vec![Vec::new(); values.len()];
    let mut contested: Vec<(usize, usize, u32, f64)> = Vec::new();
    let mut unread = Vec::with_capacity(parts.len());
    for (part, renumber) in parts {
        let key = |k: usize| match &renumber.keys {
            Some(m) => m.get(k).map(|&g| g as usize),
            None => Some(k),
        };
        let indicator = |i: u32| {
            let i = match &renumber.indicators {
                Some(m) => *m.get(i as usize)?,
                None => i,
            };
            indicator_of.get(i as usize).copied().flatten()
        };
        let turn = rotation(renumber.keys.as_deref(), nk);
        let mut block_of_column = Vec::with_capacity(part.columns.len());
        for col in part.columns {
            let block = indicator(col.indicator)
                .zip(table.year_index(col.year))
                .map(|(ind, yi)| ind * ny + yi.0)
                .filter(|&b| b < values.len());
            block_of_column.push(block);
            let Some(b) = block else { continue };
            if values[b].is_empty() {
                if let Some(turn) = turn.filter(|&t| col.values.len() == nk || t == 0) {
                    values[b] = as_block(col.values, nk, turn, f64::NAN);
                    first_line[b] = as_block(col.lines, nk, turn, 0);
                    continue;
                }
                values[b] = vec![f64::NAN; nk];
                first_line[b] = vec![0; nk];
            }
            let (block_values, block_lines) = (&mut values[b], &mut first_line[b]);
            for (k, (&line, v)) in col.lines.iter().zip(col.values).enumerate() {
                let Some(g) = key(k).filter(|&g| line != 0 && g < nk) else {
                    continue;
                };
                if block_lines[g] == 0 {
                    block_lines[g] = line;
                    block_values[g] = v;
                } else {
                    contested.push((b, g, line, v));
                }
            }
        }
        let mut unread_part = part.unread;
        part.not_numbers.count(&mut unread_part, |(i, k), line| {
            let slot = block_of_column[i as usize].zip(key(k as usize));
            slot.is_some_and(|(b, g)| line_at(&first_line, b as u32, g as u32) == line)
        });
        for (i, k, line, v) in part.contested {
            if let (Some(b), Some(g)) = (block_of_column[i], key(k as usize)) {
                contested.push((b, g, line, v));
            }
        }
        for (k, kl) in part.lines.into_iter().enumerate() {
            let Some(mine) = key(k).and_then(|g| table.key_lines.get_mut(g)) else {
                continue;
            };
            if mine.lines.is_empty() {
                // The key's first part: its lines as they are (at most `LINES_PER_KEY`).
                mine.lines = kl.lines;
            } else {
                let room = LINES_PER_KEY.saturating_sub(mine.lines.len());
                mine.lines.extend(kl.lines.into_iter().take(room));
            }
            mine.rows += kl.rows;
        }
        for (a, values) in part.attributes.into_iter().enumerate() {
            for (k, v) in values.into_iter().enumerate() {
                if let Some(slot) = key(k).and_then(|g| table.attributes[a].values.get_mut(g))
                    && slot.is_none()
                {
                    *slot = v.map(String::from);
                }
            }
        }
        table.rows += part.rows;
        unread.push(unread_part);
    }
    // A row is present where any of its values was set (block by block: each indicator's
    // years laid over the rows).
    let mut row_present = vec![false; ny * nk];
    for (b, lines) in first_line.iter().enumerate() {
        let at = (b % ny.max(1)) * nk;
        if let Some(rows) = row_present.get_mut(at..at + lines.len()) {
            for (present, &line) in rows.iter_mut().zip(lines) {
                *present |= line != 0;
            }
        }
    }
    settle(table, values, first_line, row_present, &contested);
    unread
}

/// How far a part's keys are turned against the table's: `Some(t)` when its key `k` is the
/// table's `(k + t) % nk` for every key it has (None: the part has no renumbering, t = 0).
fn rotation(keys: Option<&[u32]>, nk: usize) -> Option<usize> {
    let Some(keys) = keys else {
        return Some(0);
    };
    let t = keys.first().map_or(0, |&g| g as usize);
    let turned = keys.len() <= nk
        && keys
            .iter()
            .enumerate()
            .all(|(k, &g)| g as usize == (k + t) % nk.max(1));
    turned.then_some(t)
}

/// A part's column as a block of `nk` (by the table's keys): padded with `empty` to `nk`
/// and turned by `turn` (the column then holds all `nk` keys), in its own memory.
fn as_block<T: Copy>(mut column: Vec<T>, nk: usize, turn: usize, empty: T) -> Vec<T> {
    column.resize(nk, empty);
    column.shrink_to_fit();
    if turn > 0 && turn < nk {
        column.rotate_right(turn);
    }
    column
}

#[cfg(test)]
mod tests {
    use super::{as_block, rotation};

    #[test]
    fn a_parts_keys_are_the_tables_turned_or_not() {
        assert_eq!(rotation(None, 5), Some(0), "not renumbered");
        assert_eq!(rotation(Some(&[0, 1, 2]), 5), Some(0));
        assert_eq!(rotation(Some(&[2, 3, 0, 1]), 4), Some(2));
        assert_eq!(
            rotation(Some(&[3, 4, 0]), 5),
            Some(3),
            "fewer keys, the same turn"
        );
        assert_eq!(rotation(Some(&[2, 3, 1, 0]), 4), None);
        assert_eq!(
            rotation(Some(&[2, 3, 5]), 5),
            None,
            "a key the turn does not give"
        );
        assert_eq!(
            rotation(Some(&[0, 1, 2]), 2),
            None,
            "more keys than the table's"
        );
    }

    #[test]
    fn a_column_becomes_its_block() {
        // Key k of the part is the table's (k + turn) % nk.
        assert_eq!(
            as_block(vec![1.0, 2.0, 3.0, 4.0], 4, 1, f64::NAN),
            [4.0, 1.0, 2.0, 3.0]
        );
        assert_eq!(as_block(vec![1, 2, 3, 4], 4, 3, 0), [2, 3, 4, 1]);
        assert_eq!(
            as_block(vec![7, 8], 4, 0, 0),
            [7, 8, 0, 0],
            "padded to the table's keys"
        );
        let b = as_block(Vec::<u32>::with_capacity(64), 3, 0, 9);
        assert_eq!(b, [9, 9, 9]);
        assert!(b.capacity() < 64, "no room kept unused");
    }
}
