//! No code: this crate only turns on, in every build of the workspace, the features of shared
//! dependencies that the window's crates and the dev-dependencies turn on (see Cargo.toml).
