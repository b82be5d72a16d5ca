//! An indicator table as loaded: values per key, year and indicator, with the line numbers of
//! the rows each key came from (for join reports) and text columns kept as attributes.

use super::meta::IndicatorMeta;

/// How the source table was laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableFormat {
    /// key, year, indicator, value
    Long,
    /// key, year, one column per indicator
    WideByYear,
    /// key, one column per indicator, no year
    WideSingleYear,
    /// key, one column per indicator and year (`GESIx_2013`, `GESIx_2022`)
    YearInColumn,
}

impl TableFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            TableFormat::Long => "long",
            TableFormat::WideByYear => "wide_by_year",
            TableFormat::WideSingleYear => "wide_single_year",
            TableFormat::YearInColumn => "year_in_column",
        }
    }
}

/// One indicator column (or long-format indicator name).
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Column name or long-format indicator name, as in the file.
    pub id: String,
    pub meta: IndicatorMeta,
}

/// Rows that repeat a key within one year (and indicator, in long tables). The first row wins.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DuplicateRow {
    pub key: String,
    pub year: i32,
    /// 1-based line numbers in the file, first one is the value used.
    pub lines: Vec<u64>,
}

/// Where a key's rows are: the first line numbers (at most ten; enough for any report) and
/// the number of rows.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct KeyLines {
    pub lines: Vec<u64>,
    pub rows: usize,
}

/// A text column kept per key (first non-empty value seen).
#[derive(Debug, Clone, PartialEq)]
pub struct TextAttribute {
    pub name: String,
    pub values: Vec<Option<String>>,
}

/// A position in a table's sorted years: what the dense value store is indexed by. Only the
/// table turns it into a calendar year ([`IndicatorTable::year_at`]) and back
/// ([`IndicatorTable::year_index`]); everything a person or a file sees is the calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct YearIdx(pub usize);

impl YearIdx {
    /// The position as an index into per-year vectors built alongside the table's years.
    pub fn get(self) -> usize {
        self.0
    }
}

/// Values by indicator, year and key. Missing values are stored as NaN internally and exposed
/// as `None`; loaders never store a NaN that came from the file as a value.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorTable {
    pub source: String,
    pub format: TableFormat,
    pub key_column: String,
    pub year_column: Option<String>,
    /// Distinct keys as written (trimmed), in order of first appearance.
    pub keys: Vec<String>,
    /// Sorted, distinct. A single-year table without a year gets the year found in its file
    /// name, else 0 with `undated` set.
    pub years: Vec<i32>,
    pub undated: bool,
    pub indicators: Vec<Indicator>,
    /// Data rows in the file (header and blank lines not counted).
    pub rows: usize,
    /// Per key, the first line numbers of its rows and how many rows it has.
    pub key_lines: Vec<KeyLines>,
    pub duplicates: Vec<DuplicateRow>,
    pub attributes: Vec<TextAttribute>,
    /// Cells that were neither numbers nor missing-value symbols in numeric columns, etc.
    pub warnings: Vec<crate::load::Note>,
    /// One block per indicator and year (`[indicator][year]`), each `keys.len()` values by
    /// key: a loader hands over a part's column as a block without copying it.
    blocks: Vec<Vec<f64>>,
    /// Whether a row exists for (year, key), even one whose cells are all empty.
    row_present: Vec<bool>,
}

impl IndicatorTable {
    /// An empty table of the given shape; every value missing.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        source: String,
        format: TableFormat,
        key_column: String,
        year_column: Option<String>,
        keys: Vec<String>,
        years: Vec<i32>,
        indicators: Vec<Indicator>,
    ) -> Self {
        let mut table = Self::unfilled(
            source,
            format,
            key_column,
            year_column,
            keys,
            years,
            indicators,
        );
        // No blocks and no row marks given: every value missing, no row.
        table.set_blocks(Vec::new(), Vec::new());
        table
    }

    /// The table's shape without its values, for a loader that hands them over at once with
    /// [`Self::set_blocks`] (which any other use must come after).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn unfilled(
        source: String,
        format: TableFormat,
        key_column: String,
        year_column: Option<String>,
        keys: Vec<String>,
        years: Vec<i32>,
        indicators: Vec<Indicator>,
    ) -> Self {
        IndicatorTable {
            source,
            format,
            key_column,
            year_column,
            key_lines: vec![KeyLines::default(); keys.len()],
            keys,
            years,
            undated: false,
            indicators,
            rows: 0,
            duplicates: Vec::new(),
            attributes: Vec::new(),
            warnings: Vec::new(),
            blocks: Vec::new(),
            row_present: Vec::new(),
        }
    }

    /// Replaces all values — one block per indicator and year (`[indicator][year]`), each by
    /// key, NaN = missing — and the row marks (`[year][key]`) at once, as a loader has them.
    /// Blocks and marks missing or of another length are padded (missing, no row) or cut to
    /// the table's shape, so that every block holds one value per key afterwards.
    pub fn set_blocks(&mut self, mut blocks: Vec<Vec<f64>>, mut row_present: Vec<bool>) {
        let (nk, ny) = (self.keys.len(), self.years.len());
        blocks.resize_with(self.indicators.len() * ny, Vec::new);
        fill_missing(&mut blocks, nk);
        for b in &mut blocks {
            b.resize(nk, f64::NAN);
        }
        row_present.resize(ny * nk, false);
        self.blocks = blocks;
        self.row_present = row_present;
    }

    fn block(&self, indicator: usize, year: YearIdx) -> usize {
        indicator * self.years.len() + year.0
    }

    /// Value of `indicator` for `key` in `year` (all indices), `None` when missing.
    pub fn value(&self, indicator: usize, year: YearIdx, key: usize) -> Option<f64> {
        let v = self.blocks[self.block(indicator, year)][key];
        (!v.is_nan()).then_some(v)
    }

    /// Sets a value; `None` or a non-finite value clears it.
    pub fn set_value(&mut self, indicator: usize, year: YearIdx, key: usize, v: Option<f64>) {
        let b = self.block(indicator, year);
        self.blocks[b][key] = v.filter(|x| x.is_finite()).unwrap_or(f64::NAN);
    }

    /// All keys' values of one indicator in one year, indexed by key (NaN = missing).
    pub fn year_slice(&self, indicator: usize, year: YearIdx) -> &[f64] {
        &self.blocks[self.block(indicator, year)]
    }

    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.id == id)
    }

    /// The position of a calendar year in the table, `None` when the table lacks it.
    pub fn year_index(&self, year: i32) -> Option<YearIdx> {
        self.years.binary_search(&year).ok().map(YearIdx)
    }

    /// The calendar year at a position (0 for a position the table does not have).
    pub fn year_at(&self, y: YearIdx) -> i32 {
        self.years.get(y.0).copied().unwrap_or_default()
    }

    /// Every year position with its calendar year, oldest first.
    pub fn years_enumerated(&self) -> impl DoubleEndedIterator<Item = (YearIdx, i32)> + '_ {
        self.years.iter().enumerate().map(|(i, &y)| (YearIdx(i), y))
    }

    /// The latest year's position, `None` for a table without years.
    pub fn last_year(&self) -> Option<YearIdx> {
        self.years.len().checked_sub(1).map(YearIdx)
    }

    /// Every year position, oldest first.
    pub fn year_indices(
        &self,
    ) -> impl DoubleEndedIterator<Item = YearIdx> + ExactSizeIterator + use<> {
        (0..self.years.len()).map(YearIdx)
    }

    /// Appends an indicator with its values (`[year][key]`, NaN = missing); values of
    /// another length than one indicator's are padded or cut to it.
    pub fn push_indicator(&mut self, indicator: Indicator, mut values: Vec<f64>) {
        let (nk, ny) = (self.keys.len(), self.years.len());
        values.resize(ny * nk, f64::NAN);
        for v in &mut values {
            if !v.is_finite() {
                *v = f64::NAN;
            }
        }
        // `values` holds `ny * nk` values (resized above): every year's range is in it.
        self.blocks
            .extend((0..ny).map(|y| values[y * nk..(y + 1) * nk].to_vec()));
        self.indicators.push(indicator);
    }

    /// Removes an indicator and its values.
    pub fn remove_indicator(&mut self, indicator: usize) {
        if indicator >= self.indicators.len() {
            return;
        }
        let ny = self.years.len();
        self.blocks.drain(indicator * ny..(indicator + 1) * ny);
        self.indicators.remove(indicator);
    }

    /// Indicator with the given role, if any.
    pub fn indicator_with_role(&self, role: super::Role) -> Option<usize> {
        self.indicators.iter().position(|i| i.meta.role == role)
    }

    /// Keys repeated within one year, sorted and distinct.
    pub fn duplicate_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.duplicates.iter().map(|d| d.key.clone()).collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Records that the file has a row for `key` in `year`.
    pub fn mark_row(&mut self, year: YearIdx, key: usize) {
        let n = self.keys.len();
        self.row_present[year.0 * n + key] = true;
    }

    /// Whether the file has a row for `key` in `year`.
    pub fn has_row(&self, year: YearIdx, key: usize) -> bool {
        self.row_present[year.0 * self.keys.len() + key]
    }

    /// Whether `key` has any value at all in `year` (any indicator).
    pub fn has_any_value(&self, year: YearIdx, key: usize) -> bool {
        (0..self.indicators.len()).any(|i| self.value(i, year, key).is_some())
    }
}

/// Missing values from which [`fill_missing`] writes on all cores.
const NAN_PARALLEL_FROM: usize = 1 << 20;

/// The empty blocks of `blocks` as `nk` NaNs each (all missing), written on all cores from a
/// million values on: the pages of a 100 000-district table (48 MB) are first touched here,
/// and their faults cost ≈ 20 ms on one core.
fn fill_missing(blocks: &mut [Vec<f64>], nk: usize) {
    let mut empty: Vec<&mut Vec<f64>> = blocks.iter_mut().filter(|b| b.is_empty()).collect();
    let threads = std::thread::available_parallelism().map_or(1, |c| c.get());
    if empty.len() * nk < NAN_PARALLEL_FROM || threads < 2 || empty.len() < 2 {
        for b in empty {
            *b = vec![f64::NAN; nk];
        }
        return;
    }
    let chunk = empty.len().div_ceil(threads);
    std::thread::scope(|s| {
        for part in empty.chunks_mut(chunk) {
            s.spawn(move || {
                for b in part {
                    **b = vec![f64::NAN; nk];
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn missing_blocks_are_filled_the_same_on_one_core_and_on_all() {
        // Below and above the size written on all cores, blocks given and not, and a count
        // that does not split evenly between the cores.
        for (blocks, nk) in [(0, 5), (3, 7), (4, (1 << 18) - 1), (7, (1 << 18) + 5)] {
            let mut v: Vec<Vec<f64>> = (0..blocks)
                .map(|b| {
                    if b % 3 == 1 {
                        vec![b as f64; nk]
                    } else {
                        Vec::new()
                    }
                })
                .collect();
            super::fill_missing(&mut v, nk);
            for (b, block) in v.iter().enumerate() {
                assert_eq!(block.len(), nk, "{blocks} × {nk}");
                if b % 3 == 1 {
                    assert!(block.iter().all(|&x| x == b as f64), "{b}");
                } else {
                    assert!(block.iter().all(|x| x.is_nan()), "{b}");
                }
            }
        }
    }
}
