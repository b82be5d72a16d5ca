//! Writing a file so that readers see either the old or the new content, never half of it:
//! write a temporary file in the same folder, flush it to disk, rename it over the target.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

atlas_i18n::messages! {
    /// Why a file could not be written (the old file, if any, is left as it was).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum WriteError {
        NotAFile { path: String } => "{path}: not a file name", "{path}: kein Dateiname";
        Failed { path: String, detail: String } => "{path}: cannot write the file: {detail}", "{path}: die Datei kann nicht geschrieben werden: {detail}";
    }
}

/// The command line's errors are English text.
impl From<WriteError> for String {
    fn from(e: WriteError) -> String {
        e.to_string()
    }
}

/// Writes `bytes` to `path` atomically. The error names the file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, |w| w.write_all(bytes).map_err(|e| e.to_string()))
}

/// Streams `write`'s output to `path` atomically: into a temporary file beside it, flushed
/// to disk, then renamed over it. On any failure the temporary file is removed and the old
/// file (if any) stays as it was.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), String>,
) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| WriteError::NotAFile {
            path: shown.clone(),
        })?;
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let failed = |detail: String| WriteError::Failed {
        path: shown.clone(),
        detail,
    };
    let at = |e: std::io::Error| failed(e.to_string());
    let result = (|| {
        let mut w = BufWriter::new(File::create(&tmp).map_err(at)?);
        write(&mut w).map_err(failed)?;
        let f = w.into_inner().map_err(|e| at(e.into_error()))?;
        f.sync_all().map_err(at)?;
        std::fs::rename(&tmp, path).map_err(at)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        write_atomic(&p, b"old").unwrap();
        let e = write_atomic_with(&p, |w| {
            w.write_all(b"half").map_err(|e| e.to_string())?;
            Err("the table has no rows".into())
        })
        .unwrap_err();
        assert!(e.to_string().ends_with("the table has no rows"), "{e}");
        assert!(atlas_i18n::Localize::text(&e, atlas_i18n::Lang::De).contains("nicht geschrieben"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("no/such/a.json");
        let e = write_atomic(&p, b"x").unwrap_err();
        assert!(e.to_string().contains("a.json"), "{e}");
    }
}
