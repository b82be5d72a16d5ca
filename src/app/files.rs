//! Which kind of file a path is (boundaries, indicator table or spreadsheet, metadata,
//! project), for drag and drop
//! and the command line, and the file dialogs, run on a worker thread so the window keeps
//! drawing while a dialog is open.

use super::jobs::Job;
use std::path::{Path, PathBuf};

/// The role of a data file, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Boundaries,
    Table,
    Meta,
    /// An Arrival Atlas project (`*.atlas.json`).
    Project,
}

/// `*.meta.json` is metadata; `.geojson`/`.json` boundaries; `.csv`/`.tsv`/`.txt` a table.
pub fn kind_of(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if name.ends_with(crate::project::EXTENSION) {
        Some(FileKind::Project)
    } else if name.ends_with(".meta.json") {
        Some(FileKind::Meta)
    } else if name.ends_with(".geojson")
        || name.ends_with(".json")
        || name.ends_with(".shp")
        || name.ends_with(".gpkg")
        || name.ends_with(".zip")
        || name.ends_with(".gz")
    {
        Some(FileKind::Boundaries)
    } else if [
        ".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods",
    ]
    .iter()
    .any(|e| name.ends_with(e))
    {
        Some(FileKind::Table)
    } else {
        None
    }
}

/// Opens a file dialog for `kind` on a worker thread; the job yields the chosen path, or
/// `None` when cancelled (or when no dialog service exists: then drag and drop and the command
/// line remain).
pub fn pick(kind: FileKind, wake: impl Fn() + Send + 'static) -> Job<Option<PathBuf>> {
    Job::spawn(
        move |_| {
            let d = rfd::FileDialog::new();
            let d = match kind {
                FileKind::Boundaries => d.set_title("Open boundaries").add_filter(
                    "GeoJSON, Shapefile, GeoPackage (also zipped)",
                    &["geojson", "json", "shp", "gpkg", "zip", "gz"],
                ),
                FileKind::Table => d.set_title("Open indicator table").add_filter(
                    "Tables (CSV, Excel, OpenDocument)",
                    &["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "xlsb", "ods"],
                ),
                FileKind::Meta => d
                    .set_title("Open metadata")
                    .add_filter("Metadata", &["json"]),
                FileKind::Project => d
                    .set_title("Open project")
                    .add_filter("Arrival Atlas project", &["json"]),
            };
            d.add_filter("*", &["*"]).pick_file()
        },
        wake,
    )
}

/// Asks where to save a map (PNG or SVG), on a worker thread.
pub fn pick_save_map(ext: &'static str, wake: impl Fn() + Send + 'static) -> Job<Option<PathBuf>> {
    Job::spawn(
        move |_| {
            rfd::FileDialog::new()
                .set_title("Export map")
                .set_file_name(format!("map.{ext}"))
                .add_filter(ext.to_uppercase(), &[ext])
                .save_file()
        },
        wake,
    )
}

/// Asks where to save a file, on a worker thread.
pub fn pick_save(
    title: &'static str,
    file_name: &'static str,
    filter: &'static str,
    ext: &'static str,
    wake: impl Fn() + Send + 'static,
) -> Job<Option<PathBuf>> {
    Job::spawn(
        move |_| {
            rfd::FileDialog::new()
                .set_title(title)
                .set_file_name(file_name)
                .add_filter(filter, &[ext])
                .save_file()
        },
        wake,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_kinds_from_names() {
        assert_eq!(
            kind_of(Path::new("a/b.GeoJSON")),
            Some(FileKind::Boundaries)
        );
        assert_eq!(kind_of(Path::new("x.json")), Some(FileKind::Boundaries));
        assert_eq!(kind_of(Path::new("x.meta.json")), Some(FileKind::Meta));
        assert_eq!(
            kind_of(Path::new("Council 2026.atlas.json")),
            Some(FileKind::Project)
        );
        assert_eq!(kind_of(Path::new("t.csv")), Some(FileKind::Table));
        assert_eq!(kind_of(Path::new("t.xlsx")), Some(FileKind::Table));
        assert_eq!(kind_of(Path::new("t.ods")), Some(FileKind::Table));
        assert_eq!(kind_of(Path::new("t.docx")), None);
        assert_eq!(
            kind_of(Path::new("Gebiete.SHP")),
            Some(FileKind::Boundaries)
        );
    }
}
