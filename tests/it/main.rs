//! The integration tests, one test binary (each file below was its own binary; linking two
//! dozen copies of the program and its GUI took minutes of every CI run): headless UI tests
//! (egui_kittest), the command line, loaders on real and broken files, exports checked on
//! their output, and the reference values of the tools users trust. `support` holds what they
//! share. Run one file's tests with `cargo test --test it <file>::`; the window's tests need the
//! `gui` feature (the default).
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../corpus/mod.rs"]
mod corpus;
#[path = "../support/mod.rs"]
mod support;

#[cfg(feature = "gui")]
mod app_arrival;
#[cfg(feature = "gui")]
mod app_clusters;
#[cfg(feature = "gui")]
mod app_geographies;
#[cfg(feature = "gui")]
mod app_join;
#[cfg(feature = "gui")]
mod app_keyboard;
#[cfg(feature = "gui")]
mod app_loading;
#[cfg(feature = "gui")]
mod app_project;
#[cfg(feature = "gui")]
mod app_session;
#[cfg(feature = "gui")]
mod app_ui;
mod berlin;
mod boundary_inputs;
mod classification;
mod cli;
mod cli_inputs;
mod context_layer;
mod crosswalk;
mod demo_city;
mod export;
mod export_pdf;
#[cfg(feature = "gui")]
mod furniture;
mod geographies;
#[cfg(feature = "gui")]
mod german;
mod large_map_jobs;
mod large_png;
mod loaders;
mod mss_arrival;
mod mss_index;
mod mss_surfaces;
mod mss_through_time;
mod overlay_scale;
mod pipeline;
mod real_inputs;
mod rules;
mod segregation;
mod segregation_surfaces;
mod session;
mod small_numbers;
#[cfg(feature = "gui")]
mod snapshots;
mod spatial;
