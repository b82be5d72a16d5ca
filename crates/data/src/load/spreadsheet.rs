//! Indicator tables in spreadsheets (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`) through
//! calamine: one sheet (the chosen one, else the first with a table) becomes rows of text
//! cells, which the CSV table reader then takes like any delimited file — same layouts,
//! missing-value symbols, title lines and footnotes. Zip-based files are checked before
//! unpacking, so a zip bomb renamed `.xlsx` is refused instead of filling memory.

use super::msg::LoadMsg;
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::io::Cursor;

/// Unpacked size a spreadsheet may have (the XML inside a zip).
pub const MAX_UNPACKED: u64 = 1 << 30;
/// Unpacked ÷ packed size above which a zip is taken for a bomb (real workbooks: 5–30).
pub const MAX_RATIO: u64 = 200;

/// Whether the bytes look like a spreadsheet: a zip (xlsx, ods) or an OLE file (xls).
pub fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// A sheet as rows of cell texts (row number from 1), with the names of all sheets.
pub struct SheetRows {
    pub sheet: String,
    pub sheets: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Reads the sheet `wanted` (or the first sheet with at least two rows of two filled cells).
pub fn read_sheet(bytes: &[u8], wanted: Option<&str>) -> Result<SheetRows, LoadMsg> {
    if bytes.starts_with(b"PK\x03\x04") {
        check_zip(bytes, true)?;
    }
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        LoadMsg::SpreadsheetUnreadable {
            detail: e.to_string(),
        }
    })?;
    let sheets = book.sheet_names();
    if sheets.is_empty() {
        return Err(LoadMsg::NoSheets);
    }
    let order: Vec<String> = match wanted {
        Some(w) => {
            if !sheets.iter().any(|s| s == w) {
                return Err(LoadMsg::NoSheetNamed {
                    wanted: w.to_owned(),
                    sheets: sheets.join(", "),
                });
            }
            vec![w.to_owned()]
        }
        None => sheets.clone(),
    };
    for name in &order {
        let range = book
            .worksheet_range(name)
            .map_err(|e| LoadMsg::SheetUnreadable {
                sheet: name.clone(),
                detail: e.to_string(),
            })?;
        let (row0, _) = range.start().unwrap_or((0, 0));
        let rows: Vec<(u64, Vec<String>)> = range
            .rows()
            .enumerate()
            .map(|(i, r)| {
                (
                    u64::from(row0) + i as u64 + 1,
                    r.iter().map(cell_text).collect(),
                )
            })
            .filter(|(_, r): &(u64, Vec<String>)| r.iter().any(|c| !c.trim().is_empty()))
            .collect();
        // A sheet of notes has lines of one cell; a table has rows of several.
        let table_rows = rows
            .iter()
            .filter(|(_, r)| r.iter().filter(|c| !c.trim().is_empty()).count() >= 2)
            .count();
        if table_rows >= 2 || wanted.is_some() {
            return Ok(SheetRows {
                sheet: name.clone(),
                sheets,
                rows,
            });
        }
    }
    Err(LoadMsg::NoSheetWithTable {
        sheets: sheets.join(", "),
    })
}

/// Refuses zips whose declared unpacked size is too large, absolutely or for their size;
/// `spreadsheet` says which kind of file the messages name.
pub(crate) fn check_zip(bytes: &[u8], spreadsheet: bool) -> Result<(), LoadMsg> {
    let broken = |e: zip::result::ZipError| {
        if spreadsheet {
            LoadMsg::SpreadsheetUnreadable {
                detail: format!("broken zip: {e}"),
            }
        } else {
            LoadMsg::ZipUnreadable {
                detail: e.to_string(),
            }
        }
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(broken)?;
        total = total.saturating_add(f.size());
    }
    let packed = bytes.len() as u64;
    if total > MAX_UNPACKED || total > packed.saturating_mul(MAX_RATIO).max(64 << 20) {
        let mb = total >> 20;
        return Err(if spreadsheet {
            LoadMsg::SpreadsheetBomb { mb, packed }
        } else {
            LoadMsg::ZipBomb { mb, packed }
        });
    }
    Ok(())
}

/// A cell as the text a CSV export would hold: numbers with a decimal point and all their
/// digits, dates as YYYY-MM-DD, errors and empty cells empty.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => super::numbers::plain_number(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => excel_date(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// An Excel serial day number (1900 system, day 25569 = 1970-01-01) as YYYY-MM-DD.
fn excel_date(serial: f64) -> String {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return String::new();
    }
    let days = serial.floor() as i64 - 25_569;
    atlas_i18n::date::civil_date(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_like_csv_text() {
        assert_eq!(cell_text(&Data::Float(2022.0)), "2022");
        assert_eq!(cell_text(&Data::Float(12.5)), "12.5");
        assert_eq!(cell_text(&Data::Int(-3)), "-3");
        assert_eq!(cell_text(&Data::String("01001".into())), "01001");
        assert_eq!(cell_text(&Data::Empty), "");
        assert_eq!(excel_date(44926.0), "2022-12-31");
        assert_eq!(excel_date(25569.0), "1970-01-01");
    }

    #[test]
    fn not_a_spreadsheet_is_an_error() {
        assert!(!is_spreadsheet(b"key;value\n1;2\n"));
        let e = read_sheet(b"PK\x03\x04garbage", None).err().unwrap();
        assert!(e.to_string().contains("not a readable spreadsheet"), "{e}");
    }
}
