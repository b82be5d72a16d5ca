//! `arrival-atlas export --project P [--scene NAME]`: a project's scene rendered by the app's
//! own view pipeline (see `session::headless`), one year or every year.

use super::export::{ExportArgs, Output, parse_years, with_year};
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
    let (years, shown) = view.years();
    let picked = match &a.year {
        Some(arg) => parse_years(arg, &years)?,
        None => vec![shown],
    };
    for &y in &picked {
        view.set_year(y);
        let path = |p: &Path| {
            if picked.len() > 1 {
                with_year(p, years[y])
            } else {
                p.to_path_buf()
            }
        };
        let scene = view.scene(a.width, a.height)?;
        let bytes = atlas_render::render(&scene, out.format, out.dpi)?;
        let file = path(&a.out);
        atlas_data::atomic_write::write_atomic(&file, &bytes)?;
        if let Some(lj) = &a.legend_json {
            let json = view
                .legend_json()
                .ok_or("the scene has no classified indicator")?;
            let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            let file = path(lj);
            atlas_data::atomic_write::write_atomic(&file, text.as_bytes())?;
        }
    }
    Ok(())
}
