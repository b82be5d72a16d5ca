//! The data layer of Arrival Atlas: what was loaded and how it joins, nothing derived for a
//! view. [`model`] holds districts, indicator tables and metadata; [`load`] reads the files
//! municipalities publish (GeoJSON, shapefiles, GeoPackages, CSV and spreadsheets, metadata
//! JSON); [`formula`] computes the derived indicators the metadata or the user defines (part
//! of loading: they are columns of the table); [`join`] matches table keys to district keys,
//! [`join_suggest`] proposes matches for those that did not, [`grids`] tells two district
//! grids apart; [`dataset`] is one loaded boundary file + table, joined — what every layer
//! above holds. [`timings`] says how long each step of a load took, when asked.

pub mod atomic_write;
pub mod dataset;
pub mod decimal;
pub mod formula;
pub mod grids;
mod hash;
pub mod join;
pub mod join_suggest;
pub mod load;
pub mod model;
pub mod parallel;
pub mod timings;
