//! Project files (`*.atlas.json`): the data files (paths relative to the project file), the
//! key fields, the view, rules, scenes and language — everything needed to reopen the same
//! maps on another machine. The format is versioned; newer versions are refused with a clear
//! message. A project only names files to read: it holds no output paths and nothing in it
//! runs. Saves are atomic. The format is documented in docs/formats.md ("Project files").

pub mod view;

use atlas_analysis::rules::RuleSet;
use atlas_data::dataset::DatasetPaths;
use atlas_i18n::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};
use view::Scene;

/// The `format` member of every project file.
pub const FORMAT: &str = "arrival-atlas-project";
/// The version this program writes and the newest it reads.
pub const VERSION: u32 = 1;
/// The file name ending of projects.
pub const EXTENSION: &str = ".atlas.json";

/// The data a project shows. Paths are relative to the project file's folder (with `/`),
/// unless they could not be made relative (another drive), then absolute.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectData {
    pub boundaries: String,
    pub table: Option<String>,
    pub meta: Option<String>,
    /// Boundary property used as district key / name (None: chosen automatically).
    pub key_field: Option<String>,
    pub name_field: Option<String>,
    /// The boundaries' coordinate system ("EPSG:25832") when the user chose it because the
    /// file does not say.
    pub crs: Option<String>,
    /// The sheet of a spreadsheet table.
    pub sheet: Option<String>,
    /// The layer of a GeoPackage.
    pub layer: Option<String>,
    /// Table keys joined to districts by hand (table key → district key).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub aliases: std::collections::BTreeMap<String, String>,
    /// Derived indicators defined in the app (those of the metadata file stay there).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<atlas_data::model::DerivedIndicator>,
    /// The context layer's file (relative like the data files) and whether its areas are named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub context_labels: bool,
    /// Composite indices (status, then dynamics).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub indices: Vec<atlas_analysis::index::IndexSpec>,
}

/// A project file's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub format: String,
    pub version: u32,
    pub data: ProjectData,
    #[serde(default)]
    pub lang: Lang,
    /// The view when the project was saved.
    #[serde(default)]
    pub view: Scene,
    #[serde(default)]
    pub rules: RuleSet,
    #[serde(default)]
    pub scenes: Vec<Scene>,
}

impl ProjectData {
    /// The loading choices the project stores (fields, system, sheet, layer, aliases).
    pub fn options(&self) -> atlas_data::dataset::DatasetOptions {
        atlas_data::dataset::DatasetOptions {
            key_field: self.key_field.clone(),
            name_field: self.name_field.clone(),
            table_key_column: None,
            crs: self
                .crs
                .as_deref()
                .and_then(atlas_data::load::crs::Crs::parse),
            sheet: self.sheet.clone(),
            aliases: self.aliases.clone(),
            layer: self.layer.clone(),
            derived: self.derived.clone(),
        }
    }
}

impl Project {
    /// A project for data at absolute (or working-directory relative) `paths`, to be saved as
    /// `project_file`.
    pub fn new(project_file: &Path, paths: &DatasetPaths) -> Project {
        let dir = folder_of(project_file);
        let rel = |p: &Path| relative_path(&dir, p);
        Project {
            format: FORMAT.to_owned(),
            version: VERSION,
            data: ProjectData {
                boundaries: rel(&paths.boundaries),
                table: paths.table.as_deref().map(rel),
                meta: paths.meta.as_deref().map(rel),
                key_field: None,
                name_field: None,
                crs: None,
                sheet: None,
                layer: None,
                aliases: Default::default(),
                derived: Vec::new(),
                context: None,
                context_labels: false,
                indices: Vec::new(),
            },
            lang: Lang::default(),
            view: Scene::default(),
            rules: RuleSet::default(),
            scenes: Vec::new(),
        }
    }

    /// The data files as paths, resolved against the folder of `project_file`.
    pub fn paths(&self, project_file: &Path) -> DatasetPaths {
        let dir = folder_of(project_file);
        let abs = |s: &str| dir.join(s);
        DatasetPaths {
            boundaries: abs(&self.data.boundaries),
            table: self.data.table.as_deref().map(abs),
            meta: self.data.meta.as_deref().map(abs),
        }
    }

    /// The context layer as the view holds it, its path resolved against `project_file`.
    pub fn context(&self, project_file: &Path) -> Option<crate::state::ContextSpec> {
        let file = self.data.context.as_deref()?;
        Some(crate::state::ContextSpec {
            path: folder_of(project_file).join(file),
            labels: self.data.context_labels,
        })
    }

    /// Keeps the view's context layer, its path relative to `project_file`.
    pub fn set_context(&mut self, project_file: &Path, c: &crate::state::ContextSpec) {
        self.data.context = Some(relative_path(&folder_of(project_file), &c.path));
        self.data.context_labels = c.labels;
    }

    /// The scene called `name` (the saved view for an empty name).
    pub fn scene(&self, name: &str) -> Option<&Scene> {
        if name.is_empty() {
            return Some(&self.view);
        }
        self.scenes.iter().find(|s| s.name == name)
    }
}

/// The data files of `paths` that do not exist.
pub fn missing_files(paths: &DatasetPaths) -> Vec<PathBuf> {
    std::iter::once(&paths.boundaries)
        .chain(paths.table.as_ref())
        .chain(paths.meta.as_ref())
        .filter(|p| !p.is_file())
        .cloned()
        .collect()
}

fn folder_of(file: &Path) -> PathBuf {
    let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    abs.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// `target` relative to `dir` (both made absolute), with `/` separators; absolute when they
/// share no root.
pub fn relative_path(dir: &Path, target: &Path) -> String {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let target = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    fn norm(p: &Path) -> Vec<Component<'_>> {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect()
    }
    let (d, t) = (norm(&dir), norm(&target));
    let common = d.iter().zip(&t).take_while(|(a, b)| a == b).count();
    // No shared root (another drive), or `..` left in the folder: keep it absolute.
    if common == 0 || d[common..].contains(&Component::ParentDir) {
        return target.to_string_lossy().replace('\\', "/");
    }
    let ups = std::iter::repeat_n("..".to_owned(), d.len() - common);
    let downs = t[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

/// Why a project file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{file}: {error}")]
    Io { file: String, error: std::io::Error },
    #[error("{file}: not an Arrival Atlas project ({what})")]
    NotAProject { file: String, what: String },
    #[error(
        "{file}: written by a newer Arrival Atlas (project format version {found}; this version reads up to {VERSION}) — update Arrival Atlas to open it"
    )]
    TooNew { file: String, found: u32 },
    #[error("{file}: line {line}, column {column}: {what}")]
    Invalid {
        file: String,
        line: usize,
        column: usize,
        what: String,
    },
}

impl atlas_i18n::Localize for ProjectError {
    /// The app says it in the user's language (the details of the JSON parser stay as it
    /// words them); the command line uses the English `Display`.
    fn text(&self, lang: atlas_i18n::Lang) -> String {
        if lang == atlas_i18n::Lang::En {
            return self.to_string();
        }
        match self {
            ProjectError::Io { file, error } => {
                format!("{file}: die Datei kann nicht gelesen werden: {error}")
            }
            ProjectError::NotAProject { file, what } => {
                format!("{file}: kein Arrival-Atlas-Projekt ({what})")
            }
            ProjectError::TooNew { file, found } => format!(
                "{file}: mit einem neueren Arrival Atlas geschrieben (Projektformat Version \
                 {found}; diese Version liest bis {VERSION}) — zum Öffnen Arrival Atlas \
                 aktualisieren"
            ),
            ProjectError::Invalid {
                file,
                line,
                column,
                what,
            } => format!("{file}: Zeile {line}, Spalte {column}: {what}"),
        }
    }
}

/// Just the members that say what kind of file it is, read before the rest.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

/// Parses project JSON; `file` names it in errors.
pub fn parse_project(text: &str, file: &str) -> Result<Project, ProjectError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let invalid = |e: serde_json::Error| ProjectError::Invalid {
        file: file.to_owned(),
        line: e.line(),
        column: e.column(),
        what: e
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or("")
            .to_owned(),
    };
    let header: Header = serde_json::from_str(text).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            invalid(e)
        } else {
            ProjectError::NotAProject {
                file: file.to_owned(),
                what: "the file is not a JSON object".into(),
            }
        }
    })?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(ProjectError::NotAProject {
            file: file.to_owned(),
            what: format!("its \"format\" member is not \"{FORMAT}\""),
        });
    }
    let version = header.version.ok_or_else(|| ProjectError::NotAProject {
        file: file.to_owned(),
        what: "it has no \"version\" member".into(),
    })?;
    if version > VERSION {
        return Err(ProjectError::TooNew {
            file: file.to_owned(),
            found: version,
        });
    }
    serde_json::from_str(text).map_err(invalid)
}

/// Reads a project file.
pub fn read_project(path: &Path) -> Result<Project, ProjectError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| ProjectError::Io {
        file: file.clone(),
        error,
    })?;
    parse_project(&text, &file)
}

/// Writes a project file atomically (temp file + rename).
pub fn write_project(path: &Path, p: &Project) -> Result<(), atlas_data::atomic_write::WriteError> {
    let text = serde_json::to_string_pretty(p).map_err(|e| {
        atlas_data::atomic_write::WriteError::Failed {
            path: path.display().to_string(),
            detail: e.to_string(),
        }
    })?;
    atlas_data::atomic_write::write_atomic(path, text.as_bytes())
}

/// `name` with the project ending added if it lacks it.
pub fn with_project_extension(path: &Path) -> PathBuf {
    let s = path.to_string_lossy();
    if s.ends_with(EXTENSION) {
        path.to_path_buf()
    } else if let Some(stem) = s.strip_suffix(".json") {
        PathBuf::from(format!("{stem}{EXTENSION}"))
    } else {
        PathBuf::from(format!("{s}{EXTENSION}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_go_up_and_down() {
        let r = |d: &str, t: &str| relative_path(Path::new(d), Path::new(t));
        assert_eq!(r("/a/b", "/a/b/c/d.csv"), "c/d.csv");
        assert_eq!(r("/a/b", "/a/x/d.csv"), "../x/d.csv");
        assert_eq!(r("/a/b/c", "/d.csv"), "../../../d.csv");
    }

    #[test]
    fn paths_resolve_against_the_project_folder() {
        let paths = DatasetPaths {
            boundaries: "/p/data/b.geojson".into(),
            table: Some("/p/data/t.csv".into()),
            meta: None,
        };
        let p = Project::new(Path::new("/p/projects/city.atlas.json"), &paths);
        assert_eq!(p.data.boundaries, "../data/b.geojson");
        let moved = p.paths(Path::new("/q/projects/city.atlas.json"));
        assert_eq!(
            moved.boundaries,
            PathBuf::from("/q/projects/../data/b.geojson")
        );
        assert_eq!(
            moved.table,
            Some(PathBuf::from("/q/projects/../data/t.csv"))
        );
    }

    #[test]
    fn version_and_format_are_checked_first() {
        let newer = r#"{"format":"arrival-atlas-project","version":7,"data":{"boundaries":5}}"#;
        let e = parse_project(newer, "x.atlas.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("newer") && e.contains("version 7"), "{e}");
        let other = r#"{"type":"FeatureCollection","features":[]}"#;
        let e = parse_project(other, "x.atlas.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not an Arrival Atlas project"), "{e}");
        let e = parse_project("[1,2]", "x").unwrap_err().to_string();
        assert!(e.contains("not an Arrival Atlas project"), "{e}");
        let broken =
            "{\"format\":\"arrival-atlas-project\",\n\"version\":1,\n\"data\":{\"boundaries\":3}}";
        let e = parse_project(broken, "x").unwrap_err().to_string();
        assert!(e.starts_with("x: line 3"), "{e}");
        let e = parse_project("{\"format\": ", "x").unwrap_err().to_string();
        assert!(e.starts_with("x: line 1"), "{e}");
    }

    #[test]
    fn round_trip_keeps_everything() {
        let mut p = Project::new(
            Path::new("/p/c.atlas.json"),
            &DatasetPaths {
                boundaries: "/p/b.geojson".into(),
                table: None,
                meta: None,
            },
        );
        p.lang = Lang::De;
        p.scenes.push(Scene {
            name: "Arrival 2024".into(),
            year: Some(2024),
            selection: vec!["0101".into()],
            ..Scene::default()
        });
        let text = serde_json::to_string(&p).unwrap();
        assert_eq!(parse_project(&text, "x").unwrap(), p);
    }

    #[test]
    fn the_readme_example_is_a_valid_project() {
        let readme = include_str!("../../../../docs/formats.md");
        let section = readme
            .split("## Project files")
            .nth(1)
            .and_then(|s| s.split("```json\n").nth(1))
            .and_then(|s| s.split("```").next())
            .unwrap();
        let p = parse_project(section, "docs/formats.md").unwrap();
        assert_eq!(p.scenes[0].name, "Arrival districts 2024");
        assert_eq!(p.scenes[0].extent.map(|e| e[2]), Some(4100.0));
        assert_eq!(p.rules.rules[0].conditions.len(), 2);
        assert_eq!(p.view.year, Some(2016));
        assert_eq!(p.lang, Lang::De);
    }

    #[test]
    fn extension_is_added_once() {
        let e = |s: &str| with_project_extension(Path::new(s));
        assert_eq!(e("a"), PathBuf::from("a.atlas.json"));
        assert_eq!(e("a.json"), PathBuf::from("a.atlas.json"));
        assert_eq!(e("a.atlas.json"), PathBuf::from("a.atlas.json"));
    }
}
