//! First pass over a table's data rows: what each column holds, from every cell — numbers,
//! text, missing symbols, the decimal-mark evidence, years, geometry text, whether it is
//! constant, and (for columns that could be the key) its distinct values in order of first
//! appearance. Nothing of the rows is kept. Each part of the file is surveyed on its own
//! thread; the parts are merged in file order.

use super::header::{is_value_name, is_year_name, parse_year};
use crate::hash::FxHashMap;
#[cfg(test)]
use crate::load::decimal::shape as full_shape;
use crate::load::decimal::{Evidence, Shape, shape};
use crate::load::fields::key_name_score;
use crate::load::numbers::{DecimalSeparator, Plain, is_missing_symbol, parse_number};

/// Distinct values a column may have and still be a key candidate: beyond this it is taken
/// for a measure (and a table with more districts than this is refused a key column).
pub const MAX_DISTINCT: usize = 2_000_000;

/// What a cell holds, remembered per distinct value so that a repeated value (a key in every
/// year, an indicator name in every row) is classified once.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Number(Shape),
    Missing,
    Text { geometry: bool },
}

fn classify(s: &str) -> Class {
    classify_with(s, Plain::of(s))
}

/// [`classify`] of a cell already looked at as a plain number.
fn classify_with(s: &str, plain: Option<Plain>) -> Class {
    if let Some(p) = plain {
        return Class::Number(p.shape());
    }
    if is_number(s) {
        Class::Number(shape(s))
    } else if is_missing_symbol(s) {
        Class::Missing
    } else {
        Class::Text {
            geometry: is_geometry_text(s),
        }
    }
}

/// A cell of up to 15 bytes as one number (its bytes and its length): most keys, years and
/// indicator names, compared and hashed without following a pointer to the text.
///
/// The bytes are gathered in registers by word loads (overlapping where the length is not a
/// word's): copied into a zeroed array and read back as a number, each cell's pack stalled on
/// the array's store (about half of the survey's samples in the profile of a 100 k load).
pub(super) fn pack(s: &str) -> Option<u128> {
    let b = s.as_bytes();
    let n = b.len();
    let word = |at: usize| b.get(at..at + 8).and_then(|w| w.try_into().ok());
    let half = |at: usize| b.get(at..at + 4).and_then(|w| w.try_into().ok());
    let (lo, hi) = match n {
        16.. => return None,
        8.. => {
            let lo = u64::from_le_bytes(word(0)?);
            // Bytes 8.. are the top `n - 8` bytes of the last word.
            let hi = if n == 8 {
                0
            } else {
                u64::from_le_bytes(word(n - 8)?) >> (8 * (16 - n))
            };
            (lo, hi)
        }
        4.. => {
            let first = u64::from(u32::from_le_bytes(half(0)?));
            let last = u64::from(u32::from_le_bytes(half(n - 4)?));
            (first | last << (8 * (n - 4)), 0)
        }
        _ => (b.iter().rev().fold(0u64, |a, &c| a << 8 | u64::from(c)), 0),
    };
    let hi = hi | (n as u64) << 56;
    Some(u128::from(lo) | u128::from(hi) << 64)
}

/// Distinct trimmed values in order of first appearance (each with its class and its place
/// in that order). Short values are looked up by their packed bytes: a key column of a
/// table sorted by year looks up every key once per year.
#[derive(Debug, Clone, Default)]
pub struct Distinct {
    /// Places in the order, by value.
    short: FxHashMap<u128, u32>,
    long: FxHashMap<Box<str>, u32>,
    /// The values in order, one after the other (`ends`: where each ends): one text growing
    /// by doubling instead of an allocation per value (a 100 000-district table has 100 000
    /// keys in each part of the file).
    text: String,
    ends: Vec<u32>,
    /// Per value in order: its packed bytes (0 for a long value) and class.
    packed: Vec<(u128, Class)>,
}

impl Distinct {
    /// `v` (packed) when it is the value at `at`: a table that repeats its keys in the same
    /// order year after year finds each one where the one before it left off, unhashed.
    fn at(&self, at: u32, packed: Option<u128>) -> Option<(Class, u32)> {
        let p = packed?;
        let &(q, c) = self.packed.get(at as usize)?;
        (q == p).then_some((c, at))
    }

    /// `v` (packed) looked for at `next` first (where the value after the last one found
    /// was: keys repeated in the same order), then by hashing.
    fn find(&self, next: u32, v: &str, packed: Option<u128>) -> Option<(Class, u32)> {
        self.at(next, packed).or_else(|| self.get(v, packed))
    }

    fn get(&self, v: &str, packed: Option<u128>) -> Option<(Class, u32)> {
        let i = match packed {
            Some(p) => *self.short.get(&p)?,
            None => *self.long.get(v)?,
        };
        Some((self.packed[i as usize].1, i))
    }

    /// Adds `v` (not yet in the set); its place in the order, or None when the set is full.
    fn insert(&mut self, v: &str, packed: Option<u128>, class: Class) -> Option<u32> {
        if self.len() >= MAX_DISTINCT || self.text.len() + v.len() > u32::MAX as usize {
            return None;
        }
        let i = self.len() as u32;
        match packed {
            Some(p) => self.short.insert(p, i),
            None => self.long.insert(v.into(), i),
        };
        self.text.push_str(v);
        self.ends.push(self.text.len() as u32);
        self.packed.push((packed.unwrap_or(0), class));
        Some(i)
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The values in order of first appearance.
    pub fn order(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(a, &b)| self.text.get(a as usize..b as usize).unwrap_or_default())
    }

    /// Appends the values of the next part; where each of its values went (by its place in
    /// `other`), or None when the set is full. A part that meets the keys in the order the
    /// parts before it did (a table sorted by year, cut inside a year: the same order, turned)
    /// finds each one where the one before it left off, unhashed.
    fn merge(&mut self, other: Distinct) -> Option<Vec<u32>> {
        let mut next = 0;
        other
            .order()
            .zip(&other.packed)
            .map(|(v, &(p, class))| {
                // Packed 0: a long value (a packed one holds its non-zero length).
                let packed = (p != 0).then_some(p);
                let i = match self.find(next, v, packed) {
                    Some((_, i)) => i,
                    None => self.insert(v, packed, class)?,
                };
                next = i + 1;
                Some(i)
            })
            .collect()
    }
}

/// What one column holds.
#[derive(Debug, Clone)]
pub struct ColumnSurvey {
    /// Cells that are numbers in either convention.
    pub numbers: usize,
    /// Cells that are neither numbers nor missing-value symbols.
    pub text: usize,
    /// Cells that look like WKT or hex WKB geometry.
    pub geometry: usize,
    pub evidence: Evidence,
    /// Every filled cell is a year (or a date giving one).
    pub all_years: bool,
    pub years: Vec<i32>,
    /// `None` once the column holds too many distinct values or decimal fractions.
    pub distinct: Option<Distinct>,
    /// The last few cells and their classes: repeated cells (a key on consecutive rows, a
    /// year down a long table, indicator names taking turns) are counted without parsing or
    /// hashing them again.
    recent: Vec<(Option<u128>, String, Class, Option<u32>)>,
    next_recent: usize,
    /// The last cell's place among the distinct values (None: empty, or not gathered).
    pub last_index: Option<u32>,
    /// The last cell as a plain number, for a measure's cells (whose values are not
    /// gathered): the fill reads its value from this look instead of the text again.
    pub last_plain: Option<Plain>,
    /// The place of the last non-empty cell.
    prev_index: Option<u32>,
}

/// Cells remembered per column.
const RECENT: usize = 4;

impl ColumnSurvey {
    fn new(collect: bool) -> Self {
        ColumnSurvey {
            numbers: 0,
            text: 0,
            geometry: 0,
            evidence: Evidence::default(),
            all_years: true,
            years: Vec::new(),
            distinct: collect.then(Distinct::default),
            recent: Vec::with_capacity(RECENT),
            next_recent: 0,
            last_index: None,
            last_plain: None,
            prev_index: None,
        }
    }

    /// More than one distinct value (known for the columns whose values are gathered).
    pub fn varies(&self) -> bool {
        self.distinct.as_ref().is_some_and(|d| d.len() > 1)
    }

    /// Holds numbers with a fractional part in the file's sense (a measure, not a key).
    pub fn has_fractions(&self) -> bool {
        self.evidence.point + self.evidence.comma > 0
    }

    fn add(&mut self, raw: &str, line: u64, year_named: bool) {
        let s = super::rows::trim(raw);
        self.last_index = None;
        self.last_plain = None;
        if s.is_empty() {
            return;
        }
        if self.distinct.is_none() && !year_named {
            // A measure's cells (values, which seldom repeat): nothing to remember of them,
            // so they are classified as they come rather than looked for among the last few —
            // the same counts and evidence either way.
            self.prev_index = None;
            // Classified from a local copy: read back from the column just after its fields
            // were stored one by one, it stalled on the stores (a tenth of the survey's time).
            let plain = Plain::of(s);
            self.last_plain = plain;
            self.count(classify_with(s, plain), s, line);
            return;
        }
        let packed = pack(s);
        let same = |r: &&(Option<u128>, String, Class, Option<u32>)| match packed {
            Some(p) => r.0 == Some(p),
            None => r.0.is_none() && r.1 == s,
        };
        if let Some((class, index)) = self.recent.iter().find(same).map(|r| (r.2, r.3)) {
            self.last_index = index;
            self.prev_index = index;
            // Same cell as the row before: same year, same distinct value; only the counts.
            self.count(class, s, line);
            return;
        }
        if year_named && self.all_years {
            match parse_year(s) {
                Some(y) => {
                    if !self.years.contains(&y) {
                        self.years.push(y);
                    }
                }
                None => self.all_years = false,
            }
        }
        let next = self.prev_index.map_or(0, |i| i + 1);
        let known = self.distinct.as_ref().and_then(|d| d.find(next, s, packed));
        let class = known.map_or_else(|| classify(s), |k| k.0);
        self.count(class, s, line);
        if self.distinct.is_some() && self.has_fractions() {
            // Decimal fractions: a measure, never a key.
            self.distinct = None;
        }
        self.last_index = match (known, &mut self.distinct) {
            (_, None) => None,
            (Some(k), Some(_)) => Some(k.1),
            (None, Some(d)) => d.insert(s, packed, class),
        };
        if self.last_index.is_none() {
            self.distinct = None;
        }
        self.prev_index = self.last_index;
        if self.recent.len() < RECENT {
            let text = if packed.is_some() {
                String::new()
            } else {
                s.to_string()
            };
            self.recent.push((packed, text, class, self.last_index));
        } else {
            let slot = &mut self.recent[self.next_recent];
            slot.0 = packed;
            slot.1.clear();
            if packed.is_none() {
                slot.1.push_str(s);
            }
            slot.2 = class;
            slot.3 = self.last_index;
            self.next_recent = (self.next_recent + 1) % RECENT;
        }
    }

    /// Counts a cell of class `class`.
    fn count(&mut self, class: Class, s: &str, line: u64) {
        match class {
            Class::Number(shape) => {
                self.numbers += 1;
                self.evidence.add_shape(shape, s, line);
            }
            Class::Missing => {}
            Class::Text { geometry } => {
                self.text += 1;
                self.geometry += usize::from(geometry);
            }
        }
    }

    /// Appends the next part's survey; where its distinct values went (None: not gathered).
    fn merge(&mut self, o: ColumnSurvey) -> Option<Vec<u32>> {
        self.numbers += o.numbers;
        self.text += o.text;
        self.geometry += o.geometry;
        self.evidence.merge(o.evidence);
        self.all_years &= o.all_years;
        for y in o.years {
            if !self.years.contains(&y) {
                self.years.push(y);
            }
        }
        let (distinct, moved) = match (self.distinct.take(), o.distinct) {
            (Some(mut a), Some(b)) if !self.has_fractions() => match a.merge(b) {
                Some(moved) => (Some(a), Some(moved)),
                None => (None, None),
            },
            _ => (None, None),
        };
        self.distinct = distinct;
        moved
    }
}

/// A number in either convention that is not a plain one (groups, exponents, `.707`): its
/// caller has looked at the plain forms already ([`Plain::of`]).
fn is_number(s: &str) -> bool {
    parse_number(s, DecimalSeparator::Point).is_some()
        || parse_number(s, DecimalSeparator::Comma).is_some()
}

/// WKT (`POLYGON ((…`, `SRID=4326;MULTIPOLYGON…`) or hex-encoded WKB/EWKB.
fn is_geometry_text(s: &str) -> bool {
    let starts = |s: &str, p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let head = if starts(s, "SRID=") {
        s.split_once(';').map_or(s, |(_, rest)| rest)
    } else {
        s
    };
    const WKT: [&str; 8] = [
        "POINT",
        "LINESTRING",
        "POLYGON",
        "MULTIPOINT",
        "MULTILINESTRING",
        "MULTIPOLYGON",
        "GEOMETRYCOLLECTION",
        "CURVEPOLYGON",
    ];
    WKT.iter().any(|w| starts(head, w))
        || (s.len() >= 18
            && (s.starts_with("01") || s.starts_with("00"))
            && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The survey of one part: per column, rows read, and rows at the end that look like
/// footnotes (which a later part may turn back into data).
#[derive(Debug, Clone)]
pub struct Survey {
    pub columns: Vec<ColumnSurvey>,
    pub rows: usize,
    /// Rows with more fields than the header: count and first line.
    pub ragged: (usize, u64),
    /// Footnote-like rows at the end of the part: (line, offset, cells).
    pub tail: Vec<(u64, usize, Vec<String>)>,
    year_named: Vec<bool>,
}

/// Footnote-like rows in a run longer than this are data after all (short rows mid-table).
const MAX_TAIL: usize = 1000;

impl Survey {
    /// An empty survey of the named columns: years are read from the year-named ones, and the
    /// distinct values gathered of all but those and the value columns.
    pub fn of_columns(columns: &[String]) -> Self {
        let year_named: Vec<bool> = columns.iter().map(|c| is_year_name(c)).collect();
        let collect = |c: usize| !is_value_name(&columns[c]) && !year_named[c];
        Survey {
            columns: (0..columns.len())
                .map(|c| ColumnSurvey::new(collect(c)))
                .collect(),
            rows: 0,
            ragged: (0, 0),
            tail: Vec::new(),
            year_named,
        }
    }

    /// Adds a row (`footnote`: it looks like a footnote line), calling `then` after each row
    /// taken as data (this one, or footnote-like rows before it that turn out to be data).
    pub fn row_then(
        &mut self,
        line: u64,
        offset: usize,
        fields: &[&str],
        footnote: bool,
        then: &mut impl FnMut(&Survey, u64, &[&str]),
    ) {
        if footnote {
            self.tail
                .push((line, offset, fields.iter().map(|f| f.to_string()).collect()));
            if self.tail.len() > MAX_TAIL {
                self.flush_tail_then(then);
            }
            return;
        }
        if !self.tail.is_empty() {
            self.flush_tail_then(then);
        }
        self.data_row(line, fields);
        then(self, line, fields);
    }

    /// The footnote-like rows seen so far were data rows after all.
    pub fn flush_tail(&mut self) {
        self.flush_tail_then(&mut |_, _, _| {});
    }

    // Rare (footnote-like rows that turned out to be data): kept out of the row's path, whose
    // every call otherwise paid for a call of it (≈ 2 % of the survey's instructions).
    #[cold]
    #[inline(never)]
    fn flush_tail_then(&mut self, then: &mut impl FnMut(&Survey, u64, &[&str])) {
        if self.tail.is_empty() {
            return;
        }
        for (line, _, cells) in std::mem::take(&mut self.tail) {
            let fields: Vec<&str> = cells.iter().map(String::as_str).collect();
            self.data_row(line, &fields);
            then(self, line, &fields);
        }
    }

    pub fn data_row(&mut self, line: u64, fields: &[&str]) {
        self.rows += 1;
        let width = self.columns.len();
        if fields.len() > width {
            if self.ragged.0 == 0 {
                self.ragged.1 = line;
            }
            self.ragged.0 += 1;
        }
        for (c, col) in self.columns.iter_mut().enumerate() {
            col.add(
                fields.get(c).copied().unwrap_or(""),
                line,
                self.year_named[c],
            );
        }
    }

    /// Appends the survey of the next part of the file; per column, where the next part's
    /// distinct values went (None where they are not gathered).
    pub fn merge(&mut self, mut next: Survey) -> Vec<Option<Vec<u32>>> {
        if next.rows > 0 {
            self.flush_tail();
        }
        self.rows += next.rows;
        if self.ragged.0 == 0 {
            self.ragged.1 = next.ragged.1;
        }
        self.ragged.0 += next.ragged.0;
        let moved = self
            .columns
            .iter_mut()
            .zip(next.columns)
            .map(|(mine, theirs)| mine.merge(theirs))
            .collect();
        self.tail.append(&mut next.tail);
        moved
    }
}

/// The key column among the candidates (not years, measures with fractions, geometry text or
/// constant): the most key-like name, ties broken by more distinct values; without a key-like
/// name, the first candidate — tables put the key first. Which candidate matches the
/// boundaries best is decided later, when they are known ([`crate::dataset`]).
pub(super) fn choose_key_column(
    columns: &[String],
    candidates: &[usize],
    survey: &Survey,
) -> Option<usize> {
    let distinct = |c: usize| survey.columns[c].distinct.as_ref().map_or(0, |d| d.len());
    candidates
        .iter()
        .map(|&c| (c, key_name_score(&columns[c])))
        .filter(|&(_, score)| score > 0)
        .max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(distinct(a.0).cmp(&distinct(b.0)))
                .then(b.0.cmp(&a.0))
        })
        .map(|s| s.0)
        .or_else(|| candidates.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_cells_are_their_bytes_and_length() {
        // The layout the word loads must give: the bytes in order, zeros, the length last.
        let by_array = |s: &str| {
            let mut a = [0u8; 16];
            a[..s.len()].copy_from_slice(s.as_bytes());
            a[15] = s.len() as u8;
            u128::from_le_bytes(a)
        };
        let text = "0123456789abcdefÄß";
        for n in 0..=15 {
            let s = &text[..n];
            assert_eq!(pack(s), Some(by_array(s)), "{s:?}");
            let s = &text[15 - n..15];
            assert_eq!(pack(s), Some(by_array(s)), "{s:?}");
        }
        assert_eq!(pack("ÄßÄßÄßÄß"), None);
        assert_eq!(pack("0123456789abcdef"), None);
        assert_ne!(pack("1"), pack("1\0"));
    }

    #[test]
    fn the_plain_shape_agrees_with_the_full_one() {
        let plain_shape = |s: &str| Plain::of(s).map(|p| p.shape());
        for s in [
            "17", "-3", "0.5", "0.500", "16.6", "1,5", "1.234", "12,750", "-12.750", "1234.567",
            "0,500", "999.999", "1.2345",
        ] {
            assert_eq!(plain_shape(s), Some(full_shape(s)), "{s}");
        }
        for s in [".707", "1.234.567", "1e5", "x", "", "-", "1.", "1,234.5"] {
            assert_eq!(plain_shape(s), None, "{s}");
        }
    }
}
