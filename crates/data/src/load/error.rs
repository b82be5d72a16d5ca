//! The one error type of all loaders: which file, where in it, and what is wrong.

use std::fmt;

/// What kind of failure, for callers that react differently (tests, the CLI, the app).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// Not well-formed JSON or CSV.
    Syntax,
    /// Well-formed but not what was expected (no features, no key column, …).
    Content,
    /// Coordinates are not WGS84 lon/lat.
    Crs,
    /// The table layout could be read in more than one way.
    Ambiguous,
}

/// A load failure with its place: `districts.geojson: line 12, column 5: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub kind: ErrorKind,
    /// File name (not the full path: messages stay short and leak no home directories).
    pub file: String,
    /// "line 7", "feature 3 (key 0101)", column name…; empty when the whole file is meant.
    pub place: String,
    pub message: String,
}

impl LoadError {
    pub fn new(
        kind: ErrorKind,
        file: &str,
        place: impl Into<String>,
        msg: impl Into<String>,
    ) -> Self {
        LoadError {
            kind,
            file: file.to_owned(),
            place: place.into(),
            message: msg.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.place, self.message)
        }
    }
}

impl std::error::Error for LoadError {}

/// The file name of a path, for messages.
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a whole file, mapping failures to a [`LoadError`].
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, LoadError> {
    check_size(path)?;
    std::fs::read(path).map_err(|e| io_error(path, e))
}

fn io_error(path: &std::path::Path, e: std::io::Error) -> LoadError {
    LoadError::new(
        ErrorKind::Io,
        &file_name(path),
        "",
        format!("cannot read the file: {e}"),
    )
}

/// Refuses a file larger than the limit, before anything of it is read (also for readers
/// that open files themselves, like SQLite).
pub fn check_size(path: &std::path::Path) -> Result<(), LoadError> {
    let size = std::fs::metadata(path)
        .map_err(|e| io_error(path, e))?
        .len();
    let limit = max_file_bytes();
    if size > limit {
        return Err(LoadError::new(
            ErrorKind::Io,
            &file_name(path),
            "",
            format!(
                "the file has {} MB, more than the limit of {} MB (set {MAX_FILE_ENV} to raise it)",
                size >> 20,
                limit >> 20
            ),
        ));
    }
    Ok(())
}

/// The environment variable that sets the largest file read, in MB.
pub const MAX_FILE_ENV: &str = "ARRIVAL_ATLAS_MAX_FILE_MB";
/// Default largest file: 2 GB (a 100 000-district GeoJSON has about 70 MB).
pub const DEFAULT_MAX_FILE_MB: u64 = 2048;

/// The largest file the loaders read, from `ARRIVAL_ATLAS_MAX_FILE_MB` or the default.
pub fn max_file_bytes() -> u64 {
    std::env::var(MAX_FILE_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(DEFAULT_MAX_FILE_MB)
        .saturating_mul(1 << 20)
}
