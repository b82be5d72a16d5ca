//! The `arrival-atlas` program: the headless command line ([`cli`]) and, with the default
//! `gui` feature, the desktop window (`app`). Everything below them lives in the layer crates,
//! which depend on each other in one direction only (see ARCHITECTURE.md):
//!
//! - `atlas_i18n`: the translation table and number/date formatting (de/en);
//! - `atlas_data`: the model, the file readers, derived indicators, the join, data sets;
//! - `atlas_analysis`: classification, colour ramps, rules, spatial statistics, geographies
//!   through time (aggregation, crosswalks, regridding);
//! - `atlas_scene`: what a finished map is (geometry, fills, legend rows, layout, texts);
//! - `atlas_render`: PNG, SVG, PDF, reports and table exports of a scene;
//! - `atlas_session`: what a person works on (view, actions, undo, jobs, caches, projects)
//!   and the one map pipeline from a view to a scene.
//!
//! Only `app` knows the window toolkit.

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
