//! Pure functions on the model: classification, colour ramps, city reference values and time
//! series. Nothing here reads files or knows about the UI.

pub mod classify;
pub mod formula;
pub mod profile;
pub mod ramps;
pub mod ranking;
pub mod reference;
pub mod series;
pub mod vision;
