//! Any bytes as a boundary file: an error or districts, never a panic; a reprojection
//! system is forced on every other input so the CRS and repair paths are reached too.
#![no_main]

use atlas_data::load::crs::Crs;
use atlas_data::load::{BoundaryOptions, parse_boundaries};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let crs = data
        .first()
        .and_then(|b| Crs::ALL.get(usize::from(*b) % (Crs::ALL.len() + 1)))
        .copied();
    let opts = BoundaryOptions {
        crs,
        ..BoundaryOptions::default()
    };
    if let Ok(d) = parse_boundaries(data, "fuzz.geojson", &opts) {
        // The problem report must also hold up.
        let _ = d.problems();
        let _ = d.bbox();
    }
});
