//! What the test files share: where the repository's data and fixtures are, and the program
//! under test. Each test binary uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (the data and fixtures are read from here, never from outside it).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under the repository root.
pub fn repo_file(p: &str) -> PathBuf {
    repo().join(p)
}

/// A real Berlin file in `data/berlin-lor/` (see its README).
pub fn berlin(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/berlin-lor")
        .join(name)
}

/// A file in `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// The `arrival-atlas` binary built for this test run.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_arrival-atlas"))
}
