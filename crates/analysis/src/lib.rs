//! Pure functions on the model: classification, colour ramps, city reference values and time
//! series. Nothing here reads files or knows about the UI.

pub mod classify;
pub mod geog;
pub mod index;
pub mod profile;
pub mod ramps;
pub mod ranking;
pub mod reference;
pub mod rules;
pub mod segregation;
pub mod series;
pub mod spatial;
pub mod vision;
