//! Empty: cargo counts build dependencies (here syn's features, see Cargo.toml) only for a
//! crate with a build script.
fn main() {}
