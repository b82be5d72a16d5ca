//! Writing finished maps without a window or GPU: a [`crate::scene::map_scene::MapScene`]
//! drawn to PNG (tiny-skia, text rasterised from the bundled DejaVu Sans) or SVG (one
//! `<path data-key=…>` per district), and the legend as JSON. `compose` builds the scene from a
//! data set with exactly the classification and colours the screen uses.

pub mod compose;
pub mod font;
pub mod legend_json;
pub mod png;
pub mod svg;

pub use compose::{ExportSpec, compose};
