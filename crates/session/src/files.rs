//! Which kind of file a path is (boundaries, indicator table or spreadsheet, metadata,
//! project), for drag and drop and the command line, and what each save dialog is for.

use atlas_i18n::{Lang, T};
use std::path::Path;

/// The role of a data file, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Boundaries,
    Table,
    Meta,
    /// An Arrival Atlas project (`*.atlas.json`).
    Project,
    /// A second boundary file drawn as outlines over the map.
    Context,
    /// A table of more years on the same districts (another edition), stacked onto the
    /// loaded one.
    MoreYears,
    /// A composite-index spec (JSON), read into the index editor.
    IndexSpec,
}

impl FileKind {
    /// The open dialog's title, filter name and extensions, in `lang`.
    pub fn dialog(self, lang: Lang) -> (&'static str, &'static str, &'static [&'static str]) {
        const BOUNDARIES: &[&str] = &["geojson", "json", "shp", "gpkg", "zip", "gz"];
        const TABLES: &[&str] = &["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "xlsb", "ods"];
        match self {
            FileKind::Boundaries => (
                lang.t(T::DialogOpenBoundaries),
                lang.t(T::FilterBoundaries),
                BOUNDARIES,
            ),
            FileKind::Context => (
                lang.t(T::DialogOpenContext),
                lang.t(T::FilterBoundaries),
                BOUNDARIES,
            ),
            FileKind::MoreYears => (lang.t(T::DialogAddYears), lang.t(T::FilterTables), TABLES),
            FileKind::Table => (lang.t(T::DialogOpenTable), lang.t(T::FilterTables), TABLES),
            FileKind::Meta => (lang.t(T::DialogOpenMeta), lang.t(T::FilterMeta), &["json"]),
            FileKind::IndexSpec => (
                lang.t(T::DialogOpenIndexSpec),
                lang.t(T::FilterIndexSpec),
                &["json"],
            ),
            FileKind::Project => (
                lang.t(T::DialogOpenProject),
                lang.t(T::FilterProject),
                &["json"],
            ),
        }
    }
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

/// What a save dialog is for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SaveTarget {
    Flags,
    Table(atlas_render::joined::CsvStyle),
    GeoJson,
    Report,
    Project,
    /// The view's composite index at this position, as a spec file.
    IndexSpec(usize),
}

impl SaveTarget {
    /// The save dialog's title, suggested file name, filter name and extension, in `lang`.
    pub fn dialog(self, lang: Lang) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            SaveTarget::Flags => (lang.t(T::DialogExportFlags), "flags.csv", "CSV", "csv"),
            SaveTarget::Table(_) => (lang.t(T::DialogExportTable), "joined.csv", "CSV", "csv"),
            SaveTarget::GeoJson => (
                lang.t(T::DialogExportGeoJson),
                "districts_with_data.geojson",
                "GeoJSON",
                "geojson",
            ),
            SaveTarget::Report => (
                lang.t(T::DistrictReport),
                "district_report.pdf",
                "PDF",
                "pdf",
            ),
            SaveTarget::IndexSpec(_) => (
                lang.t(T::DialogSaveIndexSpec),
                "index.json",
                lang.t(T::FilterIndexSpec),
                "json",
            ),
            SaveTarget::Project => (
                lang.t(T::SaveProject),
                "project.atlas.json",
                lang.t(T::FilterProject),
                "json",
            ),
        }
    }
}

/// The kind of file that can stand in for a missing data file (its extension decides).
pub fn relocation_kind(missing: &Path) -> FileKind {
    match missing.extension().and_then(|e| e.to_str()) {
        Some("csv" | "tsv" | "txt") => FileKind::Table,
        _ if missing.to_string_lossy().ends_with(".meta.json") => FileKind::Meta,
        _ => FileKind::Boundaries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file dialogs speak the user's language (they said "Open boundaries" in German).
    #[test]
    fn dialogs_are_titled_in_the_language() {
        assert_eq!(FileKind::Boundaries.dialog(Lang::De).0, "Grenzen öffnen");
        assert_eq!(
            FileKind::Table.dialog(Lang::De).1,
            "Tabellen (CSV, Excel, OpenDocument)"
        );
        assert_eq!(FileKind::Context.dialog(Lang::En).0, "Open context layer");
        assert_eq!(SaveTarget::Project.dialog(Lang::De).0, "Projekt speichern");
        assert_eq!(
            SaveTarget::GeoJson.dialog(Lang::De).0,
            "Grenzen mit Daten exportieren"
        );
    }

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
