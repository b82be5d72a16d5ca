//! The bundled font (DejaVu Sans, `crates/scene/assets/fonts/`, Bitstream Vera licence): text measured and
//! rasterised the same on every machine.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};

/// DejaVu Sans, compiled into the program.
pub static FONT_BYTES: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// The font family name to use in SVG.
pub const FAMILY: &str = "DejaVu Sans";

/// The parsed font (`None` only if the bundled file were damaged: text is then left out).
pub fn font() -> Option<FontRef<'static>> {
    FontRef::try_from_slice(FONT_BYTES).ok()
}

/// The ab_glyph scale of a font size in px. A CSS/SVG font size is the em square;
/// ab_glyph's `PxScale` is ascent − descent, which is larger than the em for DejaVu — using
/// the size directly would draw PNG text about 14 % smaller than the same SVG or PDF text.
pub fn scale(font: &FontRef<'_>, size: f32) -> PxScale {
    match font.units_per_em() {
        Some(em) if em > 0.0 => PxScale::from(size * font.height_unscaled() / em),
        _ => PxScale::from(size),
    }
}

/// Advance width of `text` at `size` px (em).
pub fn measure(font: &FontRef<'_>, text: &str, size: f32) -> f32 {
    let f = font.as_scaled(scale(font, size));
    let mut w = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let id = f.glyph_id(c);
        if let Some(p) = prev {
            w += f.kern(p, id);
        }
        w += f.h_advance(id);
        prev = Some(id);
    }
    w
}

/// Calls `put(x, y, coverage)` for every covered pixel of `text` drawn with its baseline
/// starting at (`x`, `y`).
pub fn rasterize(
    font: &FontRef<'_>,
    text: &str,
    size: f32,
    x: f32,
    y: f32,
    mut put: impl FnMut(i32, i32, f32),
) {
    let scale = scale(font, size);
    let f = font.as_scaled(scale);
    let mut caret = x;
    let mut prev = None;
    for c in text.chars() {
        let id = f.glyph_id(c);
        if let Some(p) = prev {
            caret += f.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, point(caret, y));
        caret += f.h_advance(id);
        prev = Some(id);
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            outline.draw(|gx, gy, cov| {
                put(b.min.x as i32 + gx as i32, b.min.y as i32 + gy as i32, cov);
            });
        }
    }
}
