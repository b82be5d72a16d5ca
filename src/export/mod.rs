//! Writing finished maps without a window or GPU: a [`crate::scene::map_scene::MapScene`]
//! drawn to PNG (tiny-skia, text rasterised from the bundled DejaVu Sans), SVG (one
//! `<path data-key=…>` per district) or PDF (that SVG through svg2pdf, text embedded); district
//! reports as PDF; the legend as JSON; the joined table as CSV/GeoJSON. `compose` builds the scene from a
//! data set with exactly the classification and colours the screen uses.

pub mod compose;
pub mod font;
pub mod joined;
pub mod legend_json;
pub mod pdf;
pub mod png;
pub mod report;
pub mod svg;

pub use compose::{ExportSpec, compose};

use crate::scene::map_scene::MapScene;
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

/// Today's date (UTC) as YYYY-MM-DD, for the map's footer.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    civil_date(secs.div_euclid(86_400))
}

/// Today's date as the language writes it: 2026-11-30 in English (ISO), 30.11.2026 in German.
pub fn today_in(lang: crate::i18n::Lang) -> String {
    local_date(&today(), lang)
}

/// An ISO date (YYYY-MM-DD) as the language writes it; other text is returned as it is.
pub fn local_date(iso: &str, lang: crate::i18n::Lang) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match (lang, parts.as_slice()) {
        (crate::i18n::Lang::De, [y, m, d]) if y.len() == 4 => format!("{d}.{m}.{y}"),
        _ => iso.to_owned(),
    }
}

/// The date `days` after 1970-01-01 as YYYY-MM-DD (Howard Hinnant's civil-from-days).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
