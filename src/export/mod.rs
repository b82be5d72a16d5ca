//! Writing finished maps without a window or GPU: a [`crate::scene::map_scene::MapScene`]
//! drawn to PNG (tiny-skia, text rasterised from the bundled DejaVu Sans) or SVG (one
//! `<path data-key=…>` per district), and the legend as JSON. `compose` builds the scene from a
//! data set with exactly the classification and colours the screen uses.

pub mod compose;
pub mod font;
pub mod joined;
pub mod legend_json;
pub mod png;
pub mod svg;

pub use compose::{ExportSpec, compose};

/// Today's date (UTC) as YYYY-MM-DD, for the map's footer.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
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
