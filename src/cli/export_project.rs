//! `arrival-atlas export --project P [--scene NAME]`: a project's scene as the map
//! description, drawn by the same pipeline as the flags (`export::write_years`), one year or
//! every year.

use super::export::{ExportArgs, Output, parse_years, write_years};
use atlas_session::headless::HeadlessView;
use atlas_session::project::read_project;
use std::path::Path;

pub fn run(a: &ExportArgs, project_file: &Path, out: &Output) -> Result<(), String> {
    let project = read_project(project_file).map_err(|e| e.to_string())?;
    let scene = a.scene.as_deref().unwrap_or("");
    let mut view = HeadlessView::open(&project, project_file, scene, out.lang)?;
    if a.no_labels {
        view.hide_labels();
    }
    if let Some(c) = super::export::context_of(a) {
        view.set_context(Some(c))?;
    }
    let (years, shown) = view.years();
    let picked = match &a.year {
        Some(arg) => parse_years(arg, &years)?,
        None => vec![shown],
    };
    write_years(&mut view, &picked, a, out)
}
