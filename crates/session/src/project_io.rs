//! Scenes and project files in the session: saving the view as a named scene and showing
//! scenes (also as slides with PageUp/PageDown), opening a project (with a way to point at data
//! files that moved, or to name the coordinate system a file lacks), saving it. The file format
//! itself is `crate::project`; this file connects it to the session's state.

use super::{CameraRequest, Message, Session};
use crate::project::view::{Scene, step_scene, unique_name};
use crate::project::{Project, missing_files, read_project, write_project};
use atlas_data::dataset::DatasetOptions;
use atlas_data::dataset::DatasetPaths;
use atlas_i18n::T;
use std::path::{Path, PathBuf};

/// A project whose data is loading; applied to the view only once the load succeeded, so a
/// failed open leaves the current data and view as they were.
pub struct OpenedProject {
    pub file: PathBuf,
    pub project: Project,
}

/// A project waiting for the user to find data files that are not where it says.
pub struct Relocation {
    pub opened: OpenedProject,
    pub paths: DatasetPaths,
    pub missing: Vec<PathBuf>,
}

/// A failed load waiting for the user to name the coordinate system.
pub struct CrsChoice {
    pub paths: DatasetPaths,
    pub opts: DatasetOptions,
    /// The project being opened, if the load was one.
    pub project: Option<Box<OpenedProject>>,
    pub message: String,
    /// Another EPSG code being typed, and why the last one typed was refused.
    pub code: String,
    pub code_error: Option<String>,
}

impl Session {
    /// The current view as a scene: the view's settings with the selection and zoom.
    pub fn capture_scene(&self, name: &str) -> Scene {
        let mut s = self.view.capture(name);
        s.selection = self.selection_keys();
        s.extent = self.map.extent;
        s
    }

    pub(crate) fn save_scene(&mut self, name: &str) {
        let name = name.trim();
        let base = if name.is_empty() {
            self.default_scene_name()
        } else {
            name.to_owned()
        };
        let name = unique_name(&self.view.scenes, &base);
        let scene = self.capture_scene(&name);
        self.view.scenes.push(scene);
        self.view.current_scene = Some(self.view.scenes.len() - 1);
    }

    /// "Indicator label YEAR".
    pub(crate) fn default_scene_name(&self) -> String {
        let Some(ws) = &self.workspace else {
            return self.view.lang.t(T::Scene).to_owned();
        };
        match (ws.table(), ws.indicator) {
            (Some(t), Some(i)) => format!(
                "{} {}",
                atlas_scene::text::indicator_label(t, i, self.view.lang),
                ws.shown_year().unwrap_or_default()
            ),
            _ => self.view.lang.t(T::Scene).to_owned(),
        }
    }

    pub(crate) fn show_scene(&mut self, i: usize) {
        let Some(scene) = self.view.scenes.get(i).cloned() else {
            return;
        };
        self.view.apply(&scene);
        self.view.current_scene = Some(i);
        if let Some(ws) = &self.workspace {
            self.selection
                .set_all(ws.districts_with_keys(&scene.selection));
            self.camera_request = Some(CameraRequest::Extent(scene.extent, ws.generation));
        }
    }

    pub(crate) fn step_scene(&mut self, step: i32) {
        if let Some(i) = step_scene(self.view.scenes.len(), self.view.current_scene, step) {
            self.show_scene(i);
        }
    }

    pub(crate) fn rename_scene(&mut self, i: usize, name: &str) {
        let name = name.trim();
        if name.is_empty() || self.view.scenes.get(i).is_none_or(|s| s.name == name) {
            return;
        }
        let others: Vec<Scene> = self
            .view
            .scenes
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != i)
            .map(|(_, s)| s.clone())
            .collect();
        let unique = unique_name(&others, name);
        self.view.scenes[i].name = unique;
    }

    pub(crate) fn move_scene(&mut self, i: usize, step: i32) {
        let n = self.view.scenes.len();
        let j = i as i64 + i64::from(step);
        if i >= n || j < 0 || j >= n as i64 {
            return;
        }
        let j = j as usize;
        self.view.scenes.swap(i, j);
        self.view.current_scene = match self.view.current_scene {
            Some(c) if c == i => Some(j),
            Some(c) if c == j => Some(i),
            c => c,
        };
    }

    pub(crate) fn update_scene(&mut self, i: usize) {
        if let Some(name) = self.view.scenes.get(i).map(|s| s.name.clone()) {
            self.view.scenes[i] = self.capture_scene(&name);
        }
    }

    pub(crate) fn delete_scene(&mut self, i: usize) {
        if i >= self.view.scenes.len() {
            return;
        }
        self.view.scenes.remove(i);
        self.view.current_scene = match self.view.current_scene {
            Some(c) if c == i => None,
            Some(c) if c > i => Some(c - 1),
            c => c,
        };
    }

    /// The project as it would be saved to `file`.
    pub fn project(&self, file: &Path) -> Option<Project> {
        let ws = self.workspace.as_ref()?;
        let mut p = Project::new(file, &ws.dataset.paths);
        p.data.key_field = Some(ws.dataset.districts.key_field.clone());
        p.data.name_field = ws.dataset.districts.name_field.clone();
        let d = &ws.dataset.districts;
        p.data.crs =
            (d.crs_source == atlas_data::load::crs::CrsSource::Chosen).then(|| d.crs.code());
        p.data.aliases = ws.dataset.aliases.clone();
        p.data.derived = ws.dataset.derived.clone();
        p.data.layer = ws.dataset.districts.layer.clone();
        if let Some(c) = &self.view.context {
            p.set_context(file, c);
        }
        p.data.indices = self.view.indices.clone();
        p.data.sheet = ws
            .dataset
            .table
            .as_ref()
            .and_then(|t| t.reading.sheet.clone());
        p.lang = self.view.lang;
        p.view = self.capture_scene("");
        p.rules = self.view.rules.clone();
        p.scenes = self.view.scenes.clone();
        Some(p)
    }

    /// Saves the project to `file` (adding `.atlas.json` if the name lacks it).
    pub fn save_project(&mut self, file: &Path) {
        let file = crate::project::with_project_extension(file);
        let lang = self.view.lang;
        let Some(p) = self.project(&file) else {
            self.message = Some(Message::Error(lang.t(T::NothingToSave).to_owned()));
            return;
        };
        self.message = Some(match write_project(&file, &p) {
            Ok(()) => {
                self.project_file = Some(file.clone());
                Message::Notice(lang.f(T::ProjectSaved, &[&file.display().to_string()]))
            }
            Err(e) => Message::Error(atlas_i18n::Localize::text(&e, lang)),
        });
    }

    /// Opens a project: reads it, then loads its data (or asks for data files that moved).
    pub fn open_project(&mut self, file: &Path) {
        let project = match read_project(file) {
            Ok(p) => p,
            Err(e) => {
                let lang = self.view.lang;
                self.message = Some(Message::Error(atlas_i18n::Localize::text(&e, lang)));
                return;
            }
        };
        let paths = project.paths(file);
        let opened = OpenedProject {
            file: file.to_path_buf(),
            project,
        };
        let missing = missing_files(&paths);
        if missing.is_empty() {
            self.load_project(opened, paths);
        } else {
            self.relocation = Some(Relocation {
                opened,
                paths,
                missing,
            });
        }
    }

    /// The data files an opening project is waiting for (the relocation window lists them).
    pub fn missing_data(&self) -> Option<&[PathBuf]> {
        self.relocation.as_ref().map(|r| r.missing.as_slice())
    }

    /// Uses `to` for the missing data file `missing`; other missing files found under the same
    /// names in `to`'s folder are taken too (a moved data folder is found in one step).
    pub(crate) fn relocate(&mut self, missing: &Path, to: PathBuf) {
        let Some(r) = &mut self.relocation else {
            return;
        };
        let folder = to.parent().map(Path::to_path_buf);
        let replace = |p: &mut PathBuf, new: &Path| {
            if p == missing {
                *p = new.to_path_buf();
            }
        };
        replace(&mut r.paths.boundaries, &to);
        if let Some(t) = &mut r.paths.table {
            replace(t, &to);
        }
        if let Some(m) = &mut r.paths.meta {
            replace(m, &to);
        }
        if let Some(folder) = folder {
            let beside = |p: &mut PathBuf| {
                if !p.is_file()
                    && let Some(name) = p.file_name()
                    && folder.join(name).is_file()
                {
                    *p = folder.join(name);
                }
            };
            beside(&mut r.paths.boundaries);
            r.paths.table.as_mut().map(beside);
            r.paths.meta.as_mut().map(beside);
        }
        r.missing = missing_files(&r.paths);
        if r.missing.is_empty()
            && let Some(r) = self.relocation.take()
        {
            self.load_project(r.opened, r.paths);
        }
    }

    fn load_project(&mut self, opened: OpenedProject, paths: DatasetPaths) {
        let opts = opened.project.data.options();
        self.restore = Some((opened.project.view.selection.clone(), None));
        self.begin_load(paths, opts, true, Some(Box::new(opened)));
    }

    /// Once its data has loaded: the project's language, rules, scenes and view replace the
    /// current ones.
    pub(crate) fn apply_project(&mut self, opened: OpenedProject) {
        let p = opened.project;
        let context = p.context(&opened.file);
        let indices = p.data.indices.clone();
        self.view.lang = p.lang;
        // A project's rules are its own, whatever data it is opened on.
        self.view.rules_edited = !p.rules.rules.is_empty();
        self.view.rules = p.rules;
        self.view.scenes = p.scenes;
        self.view.current_scene = None;
        self.view.apply(&p.view);
        self.view.context = context;
        self.view.indices = indices;
        self.restore_extent = p.view.extent;
        self.project_file = Some(opened.file);
    }
}
