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

mod decide;
mod fill;
mod header;
mod onepass;
mod open;
mod read;
mod rows;
mod survey;

pub use open::{load_table, parse_table};

use super::numbers::DecimalSeparator;
use read::read;

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

#[cfg(test)]
mod tests;
