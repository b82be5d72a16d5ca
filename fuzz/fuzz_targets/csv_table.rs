//! Any bytes as an indicator table: an error or a table, never a panic.
#![no_main]

use atlas_data::load::{TableOptions, parse_table};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_table(data, "fuzz_2022.csv", &TableOptions::default());
});
