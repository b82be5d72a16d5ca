//! Any bytes as a spreadsheet table (xlsx, xls, ods): an error or a table, never a panic.
#![no_main]

use atlas_data::load::{TableOptions, parse_table, spreadsheet::read_sheet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_sheet(data, None);
    let _ = parse_table(data, "fuzz.xlsx", &TableOptions::default());
});
