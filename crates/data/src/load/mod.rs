//! Readers for the files municipalities publish: GeoJSON boundaries, CSV indicator tables in
//! their many layouts and encodings, and indicator metadata; coordinate systems and geometry
//! repair. Every failure is a [`LoadError`] naming the file, the place in it and what is wrong
//! ([`LoadMsg`]); warnings are [`Note`]s. Both are typed so the app can say them in the
//! user's language; nothing here panics on user data.

pub mod archive;
pub mod coords;
pub mod crs;
pub mod crs_defs;
pub mod decimal;
pub mod error;
pub mod fields;
pub mod geojson;
pub mod geopackage;
pub mod meta;
pub mod msg;
pub mod note;
pub mod numbers;
mod read_parts;
pub mod repair;
pub mod shapefile;
pub mod spreadsheet;
pub mod table;
pub mod text;

pub use error::{ErrorKind, LoadError};
pub use geojson::{BoundaryOptions, load_boundaries, parse_boundaries};
pub use meta::{apply_meta, find_meta_beside, load_meta};
pub use msg::{LoadMsg, Place};
pub use note::Note;
pub use table::{TableOptions, load_table, parse_table};
