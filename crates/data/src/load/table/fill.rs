//! Second pass over a table's data rows: values straight into the table's dense arrays, which
//! every part's thread fills at once (atomics: a value slot is claimed by the first row that
//! reaches it, and where two rows reach the same slot the earlier line wins once all parts are
//! done), the first lines of every key (for the join report), text attributes and the cells
//! that are not numbers. Keys come interned from the first pass, so no part keeps arrays of its
//! own.

use crate::hash::FxHashMap;
use crate::load::numbers::{Cell, DecimalSeparator, parse_cell};
use crate::model::table::KeyLines;
use crate::model::{DuplicateRow, IndicatorTable};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering::Relaxed};

/// Line numbers kept per key for the join report (the count is kept in full).
pub const LINES_PER_KEY: usize = 10;

/// Where each value of a row goes, decided once for the whole file.
pub enum Layout<'a> {
    /// key, year, indicator, value: the indicator column's text names the indicator.
    Long {
        year: usize,
        indicator: usize,
        value: usize,
        indicators: &'a FxHashMap<&'a str, usize>,
    },
    /// One row per key and year (the year column, or the one year of the file).
    Wide {
        year: Option<usize>,
        /// Per column, its indicator.
        columns: &'a [Option<usize>],
    },
    /// Per column, its indicator and year.
    YearInColumn { columns: &'a [Option<(usize, i32)>] },
}

/// What the second pass needs to know about the file.
pub struct Plan<'a> {
    pub layout: Layout<'a>,
    pub key: usize,
    /// The table's keys (trimmed) and their indices.
    pub keys: &'a FxHashMap<&'a str, u32>,
    pub years: &'a [i32],
    /// Year index by `year - years[0]`, -1 where the year is not in the table.
    pub year_slot: Vec<i32>,
    pub n_indicators: usize,
    /// Per column, the decimal mark its values are read with.
    pub decimal: &'a [DecimalSeparator],
    /// Per column, whether a cell that is not a number is reported (numeric columns).
    pub numeric: &'a [bool],
    /// Text columns kept per key (first non-empty value).
    pub attributes: &'a [usize],
    /// The single year of an undated or single-year table.
    pub fixed_year: Option<i32>,
}

impl Plan<'_> {
    fn year_index(&self, y: i32) -> Option<usize> {
        let first = *self.years.first()?;
        let i = usize::try_from(i64::from(y) - i64::from(first)).ok()?;
        let s = *self.year_slot.get(i)?;
        (s >= 0).then_some(s as usize)
    }
}

/// The arrays all parts fill: a block per indicator and year (`[indicator][year]`), each by
/// key, as the table holds them.
pub struct Shared {
    values: Vec<Vec<AtomicU64>>,
    first_line: Vec<Vec<AtomicU32>>,
    row_present: Vec<AtomicBool>,
}

impl Shared {
    pub fn new(plan: &Plan) -> Self {
        let (nk, ny) = (plan.keys.len(), plan.years.len());
        let blocks = plan.n_indicators * ny;
        let nan = f64::NAN.to_bits();
        Shared {
            values: (0..blocks)
                .map(|_| (0..nk).map(|_| AtomicU64::new(nan)).collect())
                .collect(),
            first_line: (0..blocks)
                .map(|_| (0..nk).map(|_| AtomicU32::new(0)).collect())
                .collect(),
            row_present: (0..ny * nk).map(|_| AtomicBool::new(false)).collect(),
        }
    }
}

/// What one part found besides the values.
pub struct Filled {
    /// The previous row's key and year cells, and what they gave (rows of one key or one
    /// year follow each other in most tables).
    last_key: (String, u32),
    last_year: LastYear,
    lines: Vec<KeyLines>,
    /// Value slots this part reached after another row had: (block, key, line, value).
    contested: Vec<(usize, usize, u32, f64)>,
    /// By value slot (block, key): counted where their row is the one kept, whichever thread
    /// reached the slot first.
    not_numbers: NotNumbers<(u32, u32)>,
    attributes: Vec<Vec<Option<Box<str>>>>,
    pub rows: usize,
    pub unread: Unread,
}

/// The last year cell read (packed when short, as the survey packs cells) and its year: rows
/// of one year follow each other in most tables, so a year is parsed once per run of rows.
/// The packed cell is compared as one number: a comparison of the texts was a call of
/// `memcmp` per row (1 % of a 10 000-district export's samples).
#[derive(Default)]
pub struct LastYear(Option<u128>, String, i32);

impl LastYear {
    /// The year of `text` (None: not a year).
    pub fn of(&mut self, text: &str) -> Option<i32> {
        let packed = super::survey::pack(text);
        let same = match packed {
            Some(p) => self.0 == Some(p),
            None => self.0.is_none() && !text.is_empty() && self.1 == text,
        };
        if !same {
            let y = super::header::parse_year(text)?;
            self.0 = packed;
            self.1.clear();
            if packed.is_none() {
                self.1.push_str(text);
            }
            self.2 = y;
        }
        Some(self.2)
    }
}

/// A row of a key: its line kept among the first few, its count in full.
pub fn add_line(kl: &mut KeyLines, line: u64) {
    if kl.lines.len() < LINES_PER_KEY {
        if kl.lines.is_empty() {
            // Room for all it keeps at once: one allocation per key instead of three.
            kl.lines.reserve_exact(LINES_PER_KEY);
        }
        kl.lines.push(line);
    }
    kl.rows += 1;
}

/// Texts of cells that are not numbers kept per column and part (five are shown).
const EXAMPLES: usize = 64;

/// Cells of numeric columns that are not numbers, by where their value went (`S`): a cell
/// counts only where its row is the one the table keeps (a repeated row's earliest line).
/// The first few texts per column are kept for the note.
pub struct NotNumbers<S> {
    /// (where, line, column)
    cells: Vec<(S, u32, u32)>,
    examples: Vec<Vec<(u32, Box<str>)>>,
}

impl<S: Copy> NotNumbers<S> {
    pub fn new(width: usize) -> Self {
        NotNumbers {
            cells: Vec::new(),
            examples: vec![Vec::new(); width],
        }
    }

    pub fn note(&mut self, at: S, line: u32, col: usize, raw: &str) {
        self.cells.push((at, line, col as u32));
        if self.examples[col].len() < EXAMPLES {
            self.examples[col].push((line, raw.into()));
        }
    }

    /// Counts into `unread` the cells whose row was kept (`kept(at, line)`).
    pub fn count(&self, unread: &mut Unread, kept: impl Fn(S, u32) -> bool) {
        for &(_, line, c) in self.cells.iter().filter(|x| kept(x.0, x.1)) {
            let c = c as usize;
            match self.examples[c].iter().find(|e| e.0 == line) {
                Some(e) => unread.bad_cell(c, u64::from(line), &e.1),
                None => unread.bad_cells[c].0 += 1,
            }
        }
    }
}

/// Rows and cells a part could not read.
pub struct Unread {
    pub no_key: Vec<u64>,
    pub bad_year: Vec<u64>,
    /// Per column: cells that are not numbers, and the first few of them.
    pub bad_cells: Vec<(usize, Vec<(u64, String)>)>,
}

impl Unread {
    pub fn new(width: usize) -> Self {
        Unread {
            no_key: Vec::new(),
            bad_year: Vec::new(),
            bad_cells: vec![(0, Vec::new()); width],
        }
    }

    pub fn bad_cell(&mut self, col: usize, line: u64, raw: &str) {
        let (n, examples) = &mut self.bad_cells[col];
        *n += 1;
        if examples.len() < 5 {
            examples.push((line, raw.to_string()));
        }
    }
}

impl Filled {
    pub fn new(plan: &Plan, width: usize) -> Self {
        let nk = plan.keys.len();
        Filled {
            last_key: (String::new(), 0),
            last_year: LastYear::default(),
            lines: vec![KeyLines::default(); nk],
            contested: Vec::new(),
            not_numbers: NotNumbers::new(width),
            attributes: vec![vec![None; nk]; plan.attributes.len()],
            rows: 0,
            unread: Unread::new(width),
        }
    }

    /// Reads one data row.
    pub fn row(&mut self, plan: &Plan, shared: &Shared, line: u64, fields: &[&str]) {
        self.rows += 1;
        let cell = |c: usize| fields.get(c).map_or("", |f| super::rows::trim(f));
        let key = cell(plan.key);
        let k = if !key.is_empty() && self.last_key.0 == key {
            self.last_key.1
        } else {
            // Every key was seen by the first pass; an empty one has no row.
            let Some(&k) = plan.keys.get(key).filter(|_| !key.is_empty()) else {
                self.unread.no_key.push(line);
                return;
            };
            self.last_key.0.clear();
            self.last_key.0.push_str(key);
            self.last_key.1 = k;
            k
        };
        let k = k as usize;
        let year = match (&plan.layout, plan.fixed_year) {
            (_, Some(y)) => Some(y),
            (Layout::Long { year, .. }, None)
            | (
                Layout::Wide {
                    year: Some(year), ..
                },
                None,
            ) => {
                let Some(y) = self.last_year.of(cell(*year)) else {
                    self.unread.bad_year.push(line);
                    return;
                };
                Some(y)
            }
            _ => None,
        };
        add_line(&mut self.lines[k], line);
        for (a, &c) in plan.attributes.iter().enumerate() {
            let v = cell(c);
            if self.attributes[a][k].is_none() && !v.is_empty() {
                self.attributes[a][k] = Some(v.into());
            }
        }
        match &plan.layout {
            Layout::Long {
                indicator,
                value,
                indicators,
                ..
            } => {
                let name = cell(*indicator);
                // A few indicators: compared one by one (lengths first) instead of hashed.
                let ind = if indicators.len() <= 8 {
                    indicators
                        .iter()
                        .find(|(k, _)| **k == name)
                        .map(|(_, i)| *i)
                } else {
                    indicators.get(name).copied()
                };
                if let (Some(ind), Some(y)) = (ind, year) {
                    self.put(plan, shared, k, ind, y, line, *value, cell(*value));
                }
            }
            Layout::Wide { columns, .. } => {
                let Some(y) = year else { return };
                for (c, ind) in columns.iter().enumerate() {
                    if let Some(ind) = *ind {
                        self.put(plan, shared, k, ind, y, line, c, cell(c));
                    }
                }
            }
            Layout::YearInColumn { columns } => {
                for (c, iy) in columns.iter().enumerate() {
                    if let Some((ind, y)) = *iy {
                        self.put(plan, shared, k, ind, y, line, c, cell(c));
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn put(
        &mut self,
        plan: &Plan,
        shared: &Shared,
        k: usize,
        ind: usize,
        year: i32,
        line: u64,
        col: usize,
        raw: &str,
    ) {
        let Some(yi) = plan.year_index(year) else {
            return;
        };
        let (nk, ny) = (plan.keys.len(), plan.years.len());
        shared.row_present[yi * nk + k].store(true, Relaxed);
        let block = ind * ny + yi;
        let line32 = u32::try_from(line).unwrap_or(u32::MAX);
        let won = shared.first_line[block][k]
            .compare_exchange(0, line32, Relaxed, Relaxed)
            .is_ok();
        let value = match parse_cell(raw, plan.decimal[col]) {
            Cell::Number(v) => v,
            Cell::Missing => f64::NAN,
            Cell::Text => {
                if plan.numeric[col] {
                    self.not_numbers
                        .note((block as u32, k as u32), line32, col, raw);
                }
                f64::NAN
            }
        };
        if won {
            shared.values[block][k].store(value.to_bits(), Relaxed);
        } else {
            self.contested.push((block, k, line32, value));
        }
    }

    /// Puts what the parts (in file order) found into `table`, whose keys are set: values
    /// (the earliest line wins a contested slot), duplicates, key lines, attributes.
    pub fn merge(parts: Vec<Filled>, shared: Shared, table: &mut IndicatorTable) -> Vec<Unread> {
        let values: Vec<Vec<f64>> = shared
            .values
            .into_iter()
            .map(|b| {
                b.into_iter()
                    .map(|a| f64::from_bits(a.into_inner()))
                    .collect()
            })
            .collect();
        let first_line: Vec<Vec<u32>> = shared
            .first_line
            .into_iter()
            .map(|b| b.into_iter().map(AtomicU32::into_inner).collect())
            .collect();
        let row_present: Vec<bool> = shared
            .row_present
            .into_iter()
            .map(AtomicBool::into_inner)
            .collect();
        let contested: Vec<(usize, usize, u32, f64)> = parts
            .iter()
            .flat_map(|p| p.contested.iter().copied())
            .collect();
        let first_line = settle(table, values, first_line, row_present, &contested);
        let mut unread = Vec::with_capacity(parts.len());
        for p in parts {
            for (k, kl) in p.lines.into_iter().enumerate() {
                let mine = &mut table.key_lines[k];
                let room = LINES_PER_KEY.saturating_sub(mine.lines.len());
                mine.lines.extend(kl.lines.into_iter().take(room));
                mine.rows += kl.rows;
            }
            for (a, values) in p.attributes.into_iter().enumerate() {
                let attr = &mut table.attributes[a].values;
                for (k, v) in values.into_iter().enumerate() {
                    if attr[k].is_none() {
                        attr[k] = v.map(String::from);
                    }
                }
            }
            table.rows += p.rows;
            let mut u = p.unread;
            p.not_numbers
                .count(&mut u, |(b, k), line| line_at(&first_line, b, k) == line);
            unread.push(u);
        }
        unread
    }
}

/// The line that set value `k` of block `b` (0: none).
pub fn line_at(first_line: &[Vec<u32>], b: u32, k: u32) -> u32 {
    first_line
        .get(b as usize)
        .and_then(|block| block.get(k as usize))
        .copied()
        .unwrap_or(0)
}

/// The values (a block per indicator and year, each by key) into `table`: where two rows
/// reached the same slot (`contested`: block, key, line, value), the earlier line wins and
/// both lines are reported as a duplicate row. The line that set each slot is handed back.
pub fn settle(
    table: &mut IndicatorTable,
    mut values: Vec<Vec<f64>>,
    mut first_line: Vec<Vec<u32>>,
    row_present: Vec<bool>,
    contested: &[(usize, usize, u32, f64)],
) -> Vec<Vec<u32>> {
    let ny = table.years.len().max(1);
    let mut dups: HashMap<(usize, i32), Vec<u64>> = HashMap::new();
    for &(b, k, line, v) in contested {
        let (Some(current), Some(value)) = (
            first_line.get_mut(b).and_then(|l| l.get_mut(k)),
            values.get_mut(b).and_then(|l| l.get_mut(k)),
        ) else {
            continue;
        };
        let was = *current;
        if line == was {
            continue;
        }
        if line < was {
            *current = line;
            *value = v;
        }
        let year = table.years.get(b % ny).copied().unwrap_or_default();
        let lines = dups.entry((k, year)).or_default();
        for l in [was, line] {
            if !lines.contains(&u64::from(l)) {
                lines.push(u64::from(l));
            }
        }
    }
    table.set_blocks(values, row_present);
    let mut dups: Vec<((usize, i32), Vec<u64>)> = dups.into_iter().collect();
    dups.sort_by_key(|((k, y), _)| (*k, *y));
    for ((k, year), mut lines) in dups {
        lines.sort_unstable();
        table.duplicates.push(DuplicateRow {
            key: table.keys[k].clone(),
            year,
            lines,
        });
    }
    first_line
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_last_year_is_each_cells_year() {
        // Repeated, changing, empty, not a year, dates longer than a packed cell, and a long
        // cell after a short one and back.
        let cells = [
            "2005",
            "2005",
            "2006",
            "",
            "x",
            "2006",
            "   01.01.2007   ",
            "   01.01.2007   ",
            "   31.12.2008    ",
            "2008",
            "2005",
            "",
        ];
        let mut last = super::LastYear::default();
        for c in cells {
            assert_eq!(last.of(c), super::super::header::parse_year(c), "{c:?}");
        }
        assert_eq!(
            last.of("   31.12.2008    "),
            Some(2008),
            "a cell beyond a packed one's length"
        );
    }
}
