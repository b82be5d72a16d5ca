//! The one error type of all loaders: which file, where in it, and what is wrong.

use super::msg::{LoadMsg, Place};
use atlas_i18n::{Lang, Localize};
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
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub kind: ErrorKind,
    /// File name (not the full path: messages stay short and leak no home directories).
    pub file: String,
    /// Line, feature or layer; `None` when the whole file is meant.
    pub place: Option<Place>,
    /// Boxed: some messages carry a dozen values, and errors travel in every `Result`.
    pub msg: Box<LoadMsg>,
}

impl LoadError {
    pub fn new(kind: ErrorKind, file: &str, place: Option<Place>, msg: LoadMsg) -> Self {
        LoadError {
            kind,
            file: file.to_owned(),
            place,
            msg: Box::new(msg),
        }
    }

    /// A failure of the whole file (no line or feature).
    pub fn of_file(kind: ErrorKind, file: &str, msg: LoadMsg) -> Self {
        LoadError::new(kind, file, None, msg)
    }
}

impl Localize for LoadError {
    /// "file: place: what is wrong", in `lang`.
    fn text(&self, lang: Lang) -> String {
        match &self.place {
            None => format!("{}: {}", self.file, self.msg.text(lang)),
            Some(p) => format!("{}: {}: {}", self.file, p.text(lang), self.msg.text(lang)),
        }
    }
}

impl atlas_i18n::Arg for LoadError {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(lang))
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
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
    // Opened once: a named pipe (or any file that is not a regular one) cannot be opened a
    // second time for the whole read after a look at it.
    let read = || {
        use std::io::Read;
        let mut file = std::fs::File::open(path)?;
        if let Some(bytes) = super::read_parts::read_on_all_cores(&file) {
            return Ok(bytes);
        }
        // The parts read at offsets: the file's own position is still at its start.
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    read().map_err(|e| io_error(path, e))
}

fn io_error(path: &std::path::Path, e: std::io::Error) -> LoadError {
    LoadError::of_file(
        ErrorKind::Io,
        &file_name(path),
        LoadMsg::CannotRead {
            detail: e.to_string(),
        },
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
        return Err(LoadError::of_file(
            ErrorKind::Io,
            &file_name(path),
            LoadMsg::TooLarge {
                mb: size >> 20,
                limit: limit >> 20,
                env: MAX_FILE_ENV,
            },
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
