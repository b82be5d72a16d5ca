//! Writing finished maps without a window or GPU: a [`atlas_scene::map_scene::MapScene`]
//! drawn to PNG (tiny-skia, text rasterised from the bundled DejaVu Sans), SVG (one
//! `<path data-key=…>` per district) or PDF (that SVG through svg2pdf, text embedded); district
//! reports as PDF; the legend as JSON; the joined table as CSV/GeoJSON. The scenes come from
//! the session's one map pipeline (`scene_of_view`), so a file shows what the screen shows.

mod coverage;
pub mod joined;
pub mod legend_json;
pub mod pdf;
mod pdf_order;
mod pieces;
pub mod png;
mod png_deflate;
mod png_file;
pub mod report;
pub mod svg;

// The dates on maps and reports are written as the language writes them.
pub use atlas_i18n::date::{civil_date, local_date, today, today_in};

use atlas_scene::map_scene::MapScene;
use std::path::Path;

/// File format of a map export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapFormat {
    Png,
    Svg,
    Pdf,
}

impl MapFormat {
    pub const ALL: [MapFormat; 3] = [MapFormat::Png, MapFormat::Svg, MapFormat::Pdf];

    pub fn extension(self) -> &'static str {
        match self {
            MapFormat::Png => "png",
            MapFormat::Svg => "svg",
            MapFormat::Pdf => "pdf",
        }
    }

    /// The format a file name asks for.
    pub fn of_path(p: &Path) -> Option<MapFormat> {
        let ext = p.extension()?.to_string_lossy().to_lowercase();
        MapFormat::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

/// The resolution a PDF page assumes for a scene of `w`×`h` pixels: 300 dpi for the A4
/// print size (so it becomes an A4 page), else 96 dpi (screen pixels, 1 px = 0.75 pt).
pub fn pdf_dpi(w: u32, h: u32) -> f32 {
    if (w, h) == (3508, 2480) || (w, h) == (2480, 3508) {
        300.0
    } else {
        96.0
    }
}

/// The scene as a file's bytes; `dpi` sets the PDF page size.
pub fn render(scene: &MapScene, format: MapFormat, dpi: f32) -> Result<Vec<u8>, String> {
    Ok(match format {
        MapFormat::Png => png::to_png(scene)?,
        MapFormat::Svg => svg::to_svg(scene).into_bytes(),
        MapFormat::Pdf => {
            let (width_pt, height_pt) = pdf::page_size(scene.width, scene.height, dpi);
            let page = pdf::PdfPage {
                svg: svg::to_svg(scene),
                width_pt,
                height_pt,
            };
            pdf::to_pdf(&[page], &scene.title)?
        }
    })
}
