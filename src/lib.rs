//! Arrival Atlas: district boundaries + indicator tables → choropleth maps, time series and
//! arrival-district analysis.
//!
//! The crate is layered along the data flow. Only `app` draws (and is built only with the
//! default `gui` feature); the desktop app, the exporters and the headless command line all
//! call the same core:
//!
//! - [`model`]: loaded data, nothing derived (districts, indicator tables, metadata).
//! - [`load`]: readers for the files municipalities publish (GeoJSON, CSV, metadata JSON).
//! - [`join`]: matching table keys to district keys, with a report of what did not match;
//!   [`join_suggest`]: suggestions and joining by name for keys that did not match.
//! - [`analysis`]: pure functions on the model (classification, colour ramps, city reference
//!   values, time series).
//! - [`rules`]: arrival-district rules with three-valued logic, persistence, transitions, change.
//! - [`scene`]: what a finished map is: projected, triangulated geometry, fill colours, legend.
//! - [`geog`]: geographies through time — aggregation to larger units, crosswalks between
//!   district grids, regridding tables, telling two grids apart.
//! - [`spatial`]: spatial weights, global Moran's I and LISA clusters through the years.
//! - [`dataset`]: one loaded boundary file + optional table, joined — what the app and CLI hold.
//! - [`i18n`]: the translation table and number formatting (de/en), for the UI and exports.
//! - [`export`]: maps to PNG, SVG and PDF, and district reports, without a window (same scene, classes and colours as the screen).
//! - [`project`]: project files (`*.atlas.json`) and named scenes (saved views).
//! - [`session`]: what a person works on — view state, selection, undo history, actions and
//!   their application, background jobs, autosave, projects, building a scene from a view.
//! - [`cli`]: the headless subcommands (on `session` for project scenes).
//! - `app` (feature `gui`): the desktop window, drawing a session and turning input into
//!   actions.

pub mod analysis;
#[cfg(feature = "gui")]
pub mod app;
pub mod atomic_write;
pub mod cli;
pub mod dataset;
pub mod export;
pub mod geog;
pub mod i18n;
pub mod join;
pub mod join_suggest;
pub mod load;
pub mod model;
pub mod parallel;
pub mod project;
pub mod rules;
pub mod scene;
pub mod session;
pub mod spatial;
