//! Second pass over a table's data rows: values straight into dense arrays, keys interned as
//! they come, the first line of every value (for duplicates) and the first lines of every key
//! (for the join report). Each part of the file fills its own arrays, laid out key by key so
//! they can grow as keys appear; [`Filled::merge`] puts the parts into one table in file order.

use crate::load::numbers::{Cell, DecimalSeparator, parse_cell};
use crate::model::table::KeyLines;
use crate::model::{DuplicateRow, IndicatorTable};
type FxHashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

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

    fn block(&self) -> usize {
        self.n_indicators * self.years.len()
    }
}

/// One part's values, keys local to the part.
pub struct Filled {
    keys: Vec<Box<str>>,
    index: FxHashMap<Box<str>, u32>,
    /// `[key][indicator][year]`
    values: Vec<f64>,
    first_line: Vec<u32>,
    /// `[key][year]`
    row_present: Vec<bool>,
    lines: Vec<KeyLines>,
    /// (local key, year) → lines, in order of appearance.
    duplicates: FxHashMap<(u32, i32), Vec<u64>>,
    attributes: Vec<Vec<Option<Box<str>>>>,
    pub rows: usize,
    pub no_key: Vec<u64>,
    pub bad_year: Vec<u64>,
    /// Per column: cells that are not numbers, and the first few of them.
    pub bad_cells: Vec<(usize, Vec<(u64, String)>)>,
}

impl Filled {
    pub fn new(plan: &Plan, width: usize) -> Self {
        Filled {
            keys: Vec::new(),
            index: FxHashMap::default(),
            values: Vec::new(),
            first_line: Vec::new(),
            row_present: Vec::new(),
            lines: Vec::new(),
            duplicates: FxHashMap::default(),
            attributes: vec![Vec::new(); plan.attributes.len()],
            rows: 0,
            no_key: Vec::new(),
            bad_year: Vec::new(),
            bad_cells: vec![(0, Vec::new()); width],
        }
    }

    fn key(&mut self, plan: &Plan, k: &str) -> usize {
        if let Some(&i) = self.index.get(k) {
            return i as usize;
        }
        let i = self.keys.len();
        let b: Box<str> = k.into();
        self.index.insert(b.clone(), i as u32);
        self.keys.push(b);
        self.values
            .resize(self.values.len() + plan.block(), f64::NAN);
        self.first_line
            .resize(self.first_line.len() + plan.block(), 0);
        self.row_present
            .resize(self.row_present.len() + plan.years.len(), false);
        self.lines.push(KeyLines::default());
        for a in &mut self.attributes {
            a.push(None);
        }
        i
    }

    /// Reads one data row.
    pub fn row(&mut self, plan: &Plan, line: u64, fields: &[&str]) {
        self.rows += 1;
        let cell = |c: usize| fields.get(c).map_or("", |f| f.trim());
        let k = cell(plan.key);
        if k.is_empty() {
            self.no_key.push(line);
            return;
        }
        let year = match (&plan.layout, plan.fixed_year) {
            (_, Some(y)) => Some(y),
            (Layout::Long { year, .. }, None)
            | (
                Layout::Wide {
                    year: Some(year), ..
                },
                None,
            ) => match super::header::parse_year(cell(*year)) {
                Some(y) => Some(y),
                None => {
                    self.bad_year.push(line);
                    return;
                }
            },
            _ => None,
        };
        let k = self.key(plan, k);
        let kl = &mut self.lines[k];
        if kl.lines.len() < LINES_PER_KEY {
            kl.lines.push(line);
        }
        kl.rows += 1;
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
                if let (Some(&ind), Some(y)) = (indicators.get(cell(*indicator)), year) {
                    self.put(plan, k, ind, y, line, *value, cell(*value));
                }
            }
            Layout::Wide { columns, .. } => {
                let Some(y) = year else { return };
                for (c, ind) in columns.iter().enumerate() {
                    if let Some(ind) = *ind {
                        self.put(plan, k, ind, y, line, c, cell(c));
                    }
                }
            }
            Layout::YearInColumn { columns } => {
                for (c, iy) in columns.iter().enumerate() {
                    if let Some((ind, y)) = *iy {
                        self.put(plan, k, ind, y, line, c, cell(c));
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn put(
        &mut self,
        plan: &Plan,
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
        self.row_present[k * plan.years.len() + yi] = true;
        let slot = k * plan.block() + ind * plan.years.len() + yi;
        let first = self.first_line[slot];
        if first != 0 {
            if u64::from(first) != line {
                let lines = self
                    .duplicates
                    .entry((k as u32, year))
                    .or_insert_with(|| vec![u64::from(first)]);
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
            return;
        }
        self.first_line[slot] = u32::try_from(line).unwrap_or(u32::MAX);
        match parse_cell(raw, plan.decimal[col]) {
            Cell::Number(v) => self.values[slot] = v,
            Cell::Missing => {}
            Cell::Text => {
                if plan.numeric[col] {
                    let (n, examples) = &mut self.bad_cells[col];
                    *n += 1;
                    if examples.len() < 5 {
                        examples.push((line, raw.to_string()));
                    }
                }
            }
        }
    }

    /// Puts the parts (in file order) into `table`, whose keys are still empty.
    pub fn merge(parts: Vec<Filled>, plan: &Plan, table: &mut IndicatorTable) {
        let mut index: FxHashMap<Box<str>, usize> = FxHashMap::default();
        let mut keys: Vec<String> = Vec::new();
        let mut maps: Vec<Vec<usize>> = Vec::with_capacity(parts.len());
        for p in &parts {
            let map = p
                .keys
                .iter()
                .map(|k| {
                    *index.entry(k.clone()).or_insert_with(|| {
                        keys.push(k.to_string());
                        keys.len() - 1
                    })
                })
                .collect();
            maps.push(map);
        }
        drop(index);
        let (ny, ni, nk) = (plan.years.len(), plan.n_indicators, keys.len());
        table.reset_keys(keys);
        let mut first_line = vec![0u32; ni * ny * nk];
        let mut dups: FxHashMap<(usize, i32), usize> = FxHashMap::default();
        let mut note_dup = |table: &mut IndicatorTable, g: usize, year: i32, lines: &[u64]| {
            let i = *dups.entry((g, year)).or_insert_with(|| {
                table.duplicates.push(DuplicateRow {
                    key: table.keys[g].clone(),
                    year,
                    lines: Vec::new(),
                });
                table.duplicates.len() - 1
            });
            let d = &mut table.duplicates[i].lines;
            for l in lines {
                if !d.contains(l) {
                    d.push(*l);
                }
            }
        };
        for (p, map) in parts.into_iter().zip(maps) {
            let block = plan.block();
            for (k, &g) in map.iter().enumerate() {
                for ind in 0..ni {
                    for yi in 0..ny {
                        let local = k * block + ind * ny + yi;
                        let line = p.first_line[local];
                        if line == 0 {
                            continue;
                        }
                        let slot = (ind * ny + yi) * nk + g;
                        if first_line[slot] == 0 {
                            first_line[slot] = line;
                            let v = p.values[local];
                            table.set_value(ind, yi, g, (!v.is_nan()).then_some(v));
                        } else {
                            let lines = [u64::from(first_line[slot]), u64::from(line)];
                            note_dup(table, g, plan.years[yi], &lines);
                        }
                    }
                }
                for yi in 0..ny {
                    if p.row_present[k * ny + yi] {
                        table.mark_row(yi, g);
                    }
                }
                let kl = &mut table.key_lines[g];
                let room = LINES_PER_KEY.saturating_sub(kl.lines.len());
                kl.lines.extend(p.lines[k].lines.iter().take(room));
                kl.rows += p.lines[k].rows;
            }
            for ((k, year), lines) in p.duplicates {
                note_dup(table, map[k as usize], year, &lines);
            }
            for (a, values) in p.attributes.into_iter().enumerate() {
                let attr = &mut table.attributes[a].values;
                for (k, v) in values.into_iter().enumerate() {
                    if attr[map[k]].is_none() {
                        attr[map[k]] = v.map(String::from);
                    }
                }
            }
        }
        for d in &mut table.duplicates {
            d.lines.sort_unstable();
        }
    }
}
