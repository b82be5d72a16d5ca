//! A map scene drawn to PNG on the CPU (tiny-skia): even-odd filled districts (holes kept),
//! no-data hatched through a mask of the district, white outlines, rule marks (bold, or
//! dashed for unknown), legend, texts. Maps of many districts have their fills, hatching and
//! outlines — and their legend's hatched swatches, as the map draws its hatching — drawn by
//! [`crate::coverage`] instead (see [`Raster`]).

use crate::coverage::{self, Coverage, Rows, Stripes};
use atlas_analysis::ramps::Rgb;
use atlas_scene::font;
use atlas_scene::map_scene::{CONTEXT_DASH, CONTEXT_INK, MapScene, Mark, SYNTHETIC_RED, SceneText};
use tiny_skia::{
    Color, FillRule, IntSize, Mask, Paint, PathBuilder, Pixmap, Rect, Stroke, StrokeDash, Transform,
};

#[path = "png_legend.rs"]
mod legend;
use legend::draw_legend;

fn paint(c: Rgb, alpha: u8) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c.0, c.1, c.2, alpha);
    p.anti_alias = true;
    p
}

fn rings_path(rings: &[Vec<[f32; 2]>]) -> Option<tiny_skia::Path> {
    // Room for every verb (a move, the lines, a close per ring) and point at once: the same
    // path, without growing its lists a few times for each of 100 000 districts.
    let points: usize = rings.iter().map(Vec::len).sum();
    let mut pb = PathBuilder::with_capacity(points + rings.len(), points);
    for r in rings {
        let Some(first) = r.first() else { continue };
        pb.move_to(first[0], first[1]);
        for p in &r[1..] {
            pb.line_to(p[0], p[1]);
        }
        pb.close();
    }
    pb.finish()
}

/// The no-data hatching: lines from the lower left to the upper right, `step` apart across a
/// `w` × `h` canvas.
struct Hatch {
    w: f32,
    h: f32,
    step: f32,
    /// The lines' stroke width.
    line: f32,
}

/// The hatch lines' width in pixels at 1920 × 1080.
const HATCH_WIDTH: f32 = 1.6;

impl Hatch {
    /// The pattern of a `w` × `h` canvas at scale `u` (1 at 1920 × 1080).
    fn new(w: f32, h: f32, u: f32) -> Hatch {
        Hatch {
            w,
            h,
            step: 9.0 * u,
            line: width(HATCH_WIDTH, u).width,
        }
    }

    /// The lines whose stroke can reach one of `areas` (x, y, width, height in pixels), or
    /// None.
    ///
    /// Each line is a subpath of its own, and the lines left out lie farther from every area
    /// than a stroke and its anti-aliasing reach, so no pixel of an area changes; every line,
    /// kept or not, crosses the whole canvas, so the path still reaches past the canvas and
    /// is clipped as the whole pattern was. Hatching a few districts (or the legend's swatch)
    /// then strokes a few lines instead of the canvas's hundreds, and districts scattered
    /// over the map the lines that pass near one of them, not all those crossing their
    /// common box — the same pixels, as the unit test and the reference exports check.
    fn near(&self, areas: &[[f32; 4]]) -> Option<tiny_skia::Path> {
        // Line from (x, h) to (x + h, 0): the points on it have X + Y = x + h, and a pixel
        // whose centre is d away from it across has |X + Y - (x + h)| = d·√2. The stroke
        // touches a pixel only if its centre is within half the width and half a pixel's
        // diagonal (0.71) of the line: |X + Y - (x + h)| < 0.71·width + 1. A masked pixel
        // touches its area: its centre's X + Y lies within 1 of the area's. So a line whose
        // X + Y is more than 2 + 0.71·width outside every area changes none of their pixels;
        // one pixel more is kept for rounding.
        let room = 3.0 + self.line;
        let mut ranges: Vec<(f32, f32)> = areas
            .iter()
            .map(|a| (a[0] + a[1] - room, a[0] + a[2] + a[1] + a[3] + room))
            .filter(|(lo, hi)| lo <= hi)
            .collect();
        ranges.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        // Overlapping ranges as one: disjoint and ascending, walked beside the lines.
        let mut merged: Vec<(f32, f32)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        let mut pb = PathBuilder::new();
        let mut next = merged.iter().peekable();
        // The same positions as the whole pattern's, accumulated the same way.
        let mut x = -self.h;
        while x < self.w {
            let at = x + self.h;
            while next.next_if(|r| r.1 < at).is_some() {}
            if next.peek().is_some_and(|r| r.0 <= at) {
                pb.move_to(x, self.h);
                pb.line_to(x + self.h, 0.0);
            }
            x += self.step;
        }
        pb.finish()
    }
}

const HATCH: Rgb = Rgb(0x78, 0x7c, 0x87);

/// Who draws the districts' fills, no-data hatching and outlines.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Raster {
    /// tiny-skia's paths, supersampled anti-aliasing: every map below [`OWN_RASTER_FROM`]
    /// districts (the demo city's and Berlin's exports are pinned pixel for pixel).
    TinySkia,
    /// Exact-area coverage over each district's box ([`crate::coverage`]): at a few pixels a
    /// district, tiny-skia's set-up per path cost more than its pixels. Edges anti-aliased
    /// slightly differently, the no-data hatching's lines computed per pixel (the same
    /// lines), in the legend's hatched swatches too; the rule and context lines, the rest of
    /// the legend and texts as with tiny-skia.
    Coverage,
}

/// From this many districts on, [`Raster::Coverage`] draws them.
pub const OWN_RASTER_FROM: usize = 5_000;

impl Raster {
    /// The rasterizer [`render`] uses for `scene`.
    pub fn for_scene(scene: &MapScene) -> Raster {
        if scene.districts.len() >= OWN_RASTER_FROM {
            Raster::Coverage
        } else {
            Raster::TinySkia
        }
    }
}

/// Draws the scene; errors only for an impossible canvas size. In phases: districts (fills,
/// no-data hatching, outlines), the context and rule lines over them, the legend, the rest.
pub fn render(scene: &MapScene) -> Result<Pixmap, String> {
    render_with(scene, Raster::for_scene(scene))
}

/// [`render`] with the districts drawn by `raster`.
pub fn render_with(scene: &MapScene, raster: Raster) -> Result<Pixmap, String> {
    let (w, h) = (scene.width as f32, scene.height as f32);
    let u = (w.min(h * 16.0 / 9.0) / 1920.0).max(0.35);
    let hatch = Hatch::new(w, h, u);
    let mut pm = match raster {
        Raster::Coverage => coverage_canvas(scene, (&hatch, u), band_count(scene))?,
        Raster::TinySkia => {
            let mut pm = Pixmap::new(scene.width, scene.height).ok_or_else(|| no_canvas(scene))?;
            let bg = scene.background;
            pm.fill(Color::from_rgba8(bg.0, bg.1, bg.2, 255));
            draw_districts(&mut pm, scene, (&hatch, u), band_count(scene));
            pm
        }
    };
    draw_lines(&mut pm, scene, u);
    draw_legend(&mut pm, scene, (&hatch, u), raster);
    if let Some([x, y, bw, bh]) = scene.scale_bar
        && let Some(r) = Rect::from_xywh(x, y, bw, bh)
    {
        pm.fill_rect(
            r,
            &paint(atlas_scene::map_scene::INK, 255),
            Transform::identity(),
            None,
        );
    }
    if let Some([x, y, bw, bh]) = scene.synthetic_box
        && let Some(r) = Rect::from_xywh(x, y, bw, bh)
    {
        pm.fill_rect(r, &paint(SYNTHETIC_RED, 255), Transform::identity(), None);
    }
    if let Some(f) = font::font() {
        for t in scene
            .texts
            .iter()
            .chain(scene.legend_rows.iter().map(|r| &r.text))
        {
            draw_text(&mut pm, &f, t);
        }
    }
    Ok(pm)
}

/// Below this many districts the map is drawn on one thread (a band's copy of the canvas
/// would cost more than it saves).
const BANDS_FROM: usize = 1_000;
/// The band copies of the canvas stay under this many bytes together.
const BAND_BYTES: usize = 256 << 20;

/// How many horizontal bands the districts of `scene` are drawn in (one per core).
fn band_count(scene: &MapScene) -> usize {
    if scene.districts.len() < BANDS_FROM {
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let canvas = scene.width as usize * scene.height as usize * 4;
    cores.min(BAND_BYTES / canvas.max(1)).max(1)
}

/// The rows `top..bottom` of band `i` of `bands` on a canvas `height` rows high (the bands
/// one after the other, as even as whole rows allow).
fn band_rows(height: usize, bands: usize, i: usize) -> (usize, usize) {
    (height * i / bands, height * (i + 1) / bands)
}

fn no_canvas(scene: &MapScene) -> String {
    format!("cannot make a {}×{} image", scene.width, scene.height)
}

/// The canvas of a map the coverage rasterizer draws: painted in the background and its
/// districts drawn in `bands` horizontal bands side by side, as [`draw_districts`] draws
/// them — each band's rows first written by its own thread, not zeroed for the whole canvas
/// on one thread first (a 1920 × 1080 canvas's 8 MB, first touched page by page: 4 ms of a
/// 10 000-district export's 0.12 s, the other core idle).
fn coverage_canvas(
    scene: &MapScene,
    (hatch, u): (&Hatch, f32),
    bands: usize,
) -> Result<Pixmap, String> {
    let size = IntSize::from_wh(scene.width, scene.height).ok_or_else(|| no_canvas(scene))?;
    let (width, height) = (scene.width as usize, scene.height as usize);
    let len = width
        .checked_mul(height)
        .and_then(|n| n.checked_mul(4))
        .ok_or_else(|| no_canvas(scene))?;
    let mut data: Vec<u8> = Vec::with_capacity(len);
    let bands = bands.clamp(1, height);
    let mut rest = &mut data.spare_capacity_mut()[..len];
    let mut parts = Vec::with_capacity(bands);
    for i in 0..bands {
        let (top, bottom) = band_rows(height, bands, i);
        let (part, tail) = std::mem::take(&mut rest).split_at_mut((bottom - top) * width * 4);
        parts.push((top, part));
        rest = tail;
    }
    let band = |(top, part)| {
        let mut rows = Rows::painted(part, width, top, scene.background);
        coverage_band(&mut rows, scene, hatch, u);
    };
    std::thread::scope(|s| {
        let mut parts = parts.into_iter();
        let first = parts.next();
        for part in parts {
            s.spawn(move || band(part));
        }
        if let Some(part) = first {
            band(part);
        }
    });
    // SAFETY: the bands are the canvas's `len` bytes (rows 0 to `height`, one after the
    // other), and each band's thread wrote every byte of its band (`Rows::painted`) before the
    // scope above ended; a thread that panicked would have ended it by unwinding, before this.
    unsafe { data.set_len(len) };
    Pixmap::from_vec(data, size).ok_or_else(|| no_canvas(scene))
}

/// The districts: fills, the no-data hatching, white outlines — in `bands` horizontal bands
/// side by side, each with every district whose drawing can reach its rows, in the same order
/// and with the same clipping as on one canvas; so its rows come out exactly as if drawn on
/// one thread (a district that reaches no pixel of a band leaves that band's pixels as they
/// are). tiny-skia draws on a whole-canvas copy per band, whose rows are copied back; the
/// coverage rasterizer draws each band into its own rows of the canvas
/// ([`coverage_canvas`]).
fn draw_districts(pm: &mut Pixmap, scene: &MapScene, (hatch, u): (&Hatch, f32), bands: usize) {
    let height = pm.height() as usize;
    let bands = bands.clamp(1, height.max(1));
    let rows = |i: usize| band_rows(height, bands, i);
    if bands == 1 {
        draw_band(pm, scene, (hatch, u), (0, height));
        return;
    }
    let mut copies: Vec<Pixmap> = (1..bands).map(|_| pm.clone()).collect();
    std::thread::scope(|s| {
        for (i, copy) in copies.iter_mut().enumerate() {
            s.spawn(move || draw_band(copy, scene, (hatch, u), rows(i + 1)));
        }
        draw_band(pm, scene, (hatch, u), rows(0));
    });
    let stride = pm.width() as usize * 4;
    for (i, copy) in copies.iter().enumerate() {
        let (top, bottom) = rows(i + 1);
        let (a, b) = (top * stride, bottom * stride);
        pm.data_mut()[a..b].copy_from_slice(&copy.data()[a..b]);
    }
}

/// Does a district whose points span `y0..=y1` reach a pixel of the rows `top..bottom`? With
/// room for anti-aliasing and the outline's joins (a miter reaches four half widths out).
fn reaches(y0: f32, y1: f32, (top, bottom): (usize, usize), outline: f32) -> bool {
    let room = band_room(outline);
    y1 + room >= top as f32 && y0 - room < bottom as f32
}

/// How far beyond its points a district's drawing can reach, for an outline `outline` wide.
fn band_room(outline: f32) -> f32 {
    2.0 * outline + 3.0
}

/// [`draw_districts`] by tiny-skia, for the districts that reach the rows `band` (all rows:
/// every one).
fn draw_band(pm: &mut Pixmap, scene: &MapScene, (hatch, u): (&Hatch, f32), band: (usize, usize)) {
    let outline = width(1.0, u);
    // One mask for all no-data districts, hatched in one stroke (a mask per district would
    // cost a full-canvas pass each).
    let mut nodata_mask: Option<Mask> = None;
    // What the mask covers within the band's rows (the hatching elsewhere is another
    // band's), per district (x, y, width, height): the hatch lines that reach it.
    let room = band_room(outline.width);
    let mut nodata_areas: Vec<[f32; 4]> = Vec::new();
    let alpha = outline_alpha(scene);
    // Each district's path is built once and used for fill and outline — kept only when
    // outlines are drawn (100 000 districts' paths are tens of megabytes).
    let mut paths: Vec<tiny_skia::Path> = Vec::new();
    for d in &scene.districts {
        let (lo, hi) = coverage::bounds(d.rings.iter().flatten().copied());
        if !reaches(lo[1], hi[1], band, outline.width) {
            continue;
        }
        let Some(path) = rings_path(&d.rings) else {
            continue;
        };
        pm.fill_path(
            &path,
            &paint(d.fill, 255),
            FillRule::EvenOdd,
            Transform::identity(),
            None,
        );
        if d.hatched {
            if nodata_mask.is_none() {
                nodata_mask = Mask::new(scene.width, scene.height);
            }
            if let Some(mask) = &mut nodata_mask {
                mask.fill_path(&path, FillRule::EvenOdd, true, Transform::identity());
                let b = path.bounds();
                let top = b.top().max(band.0 as f32 - room);
                let bottom = b.bottom().min(band.1 as f32 + room);
                nodata_areas.push([b.left(), top, b.width(), bottom - top]);
            }
        }
        if alpha > 0 {
            paths.push(path);
        }
    }
    if let (Some(mask), Some(lines)) = (&nodata_mask, hatch.near(&nodata_areas)) {
        stroke_hatch(pm, &lines, mask, hatch);
    }
    let white = paint(Rgb(255, 255, 255), alpha);
    for path in &paths {
        pm.stroke_path(path, &white, &outline, Transform::identity(), None);
    }
}

/// The outlines' opacity, faded with the districts' size (none where they are a few line
/// widths across).
fn outline_alpha(scene: &MapScene) -> u8 {
    (200.0 * scene.outline_fade.clamp(0.0, 1.0)).round() as u8
}

/// The no-data hatching as the coverage rasterizer draws it.
fn stripes(hatch: &Hatch) -> Stripes {
    Stripes {
        color: HATCH,
        step: hatch.step,
        width: hatch.line,
        end: hatch.w + hatch.h,
    }
}

/// [`draw_districts`] by the coverage rasterizer, for the districts that reach the rows of
/// `pm` (painted in the background already, [`Rows::painted`]): the fills with their
/// stripes, then the outlines.
fn coverage_band(pm: &mut Rows, scene: &MapScene, hatch: &Hatch, u: f32) {
    let outline = width(1.0, u).width;
    let alpha = outline_alpha(scene);
    let stripes = stripes(hatch);
    let mut coverage = Coverage::default();
    let mut outlined: Vec<&[Vec<[f32; 2]>]> = Vec::new();
    for d in &scene.districts {
        // Found once: whether the district reaches the band, and the fill's box.
        let (lo, hi) = coverage::bounds(d.rings.iter().flatten().copied());
        if !reaches(lo[1], hi[1], pm.span(), outline) {
            continue;
        }
        let stripes = d.hatched.then_some(&stripes);
        coverage.fill(pm, &d.rings, (lo, hi), (d.fill, stripes));
        if alpha > 0 {
            outlined.push(&d.rings);
        }
    }
    let ink = (Rgb(255, 255, 255), alpha);
    for rings in outlined {
        coverage.stroke(pm, rings, outline, ink);
    }
}

/// The context layer's borders over the districts, then the rule overlay on top: one outline
/// around each group of neighbouring districts that meet the rule (dashed where unknown).
fn draw_lines(pm: &mut Pixmap, scene: &MapScene, u: f32) {
    let mut pb = PathBuilder::new();
    for line in &scene.context_lines {
        for (i, p) in line.iter().enumerate() {
            if i == 0 {
                pb.move_to(p[0], p[1]);
            } else {
                pb.line_to(p[0], p[1]);
            }
        }
    }
    if let Some(path) = pb.finish() {
        stroke_mark(pm, &path, Mark::Context, u);
    }
    for (mark, segments) in &scene.overlay_lines {
        let mut pb = PathBuilder::new();
        for s in segments {
            pb.move_to(s[0][0], s[0][1]);
            pb.line_to(s[1][0], s[1][1]);
        }
        if let Some(path) = pb.finish() {
            stroke_mark(pm, &path, *mark, u);
        }
    }
}

/// Diagonal no-data hatching inside `mask`: `lines` of `hatch`, stroked at its width.
fn stroke_hatch(pm: &mut Pixmap, lines: &tiny_skia::Path, mask: &Mask, hatch: &Hatch) {
    let stroke = Stroke {
        width: hatch.line,
        ..Stroke::default()
    };
    pm.stroke_path(
        lines,
        &paint(HATCH, 255),
        &stroke,
        Transform::identity(),
        Some(mask),
    );
}

/// A solid stroke of `w` pixels at 1920 × 1080, scaled with the canvas.
fn width(w: f32, u: f32) -> Stroke {
    Stroke {
        width: w * u.max(0.6),
        ..Stroke::default()
    }
}

fn stroke_mark(pm: &mut Pixmap, path: &tiny_skia::Path, mark: Mark, u: f32) {
    match mark {
        Mark::None => {}
        Mark::Context => {
            let round = |w: f32| Stroke {
                line_cap: tiny_skia::LineCap::Round,
                ..width(w, u)
            };
            let halo = paint(Rgb(255, 255, 255), 170);
            pm.stroke_path(path, &halo, &round(4.5), Transform::identity(), None);
            let k = u.max(0.6);
            let dash = StrokeDash::new(CONTEXT_DASH.iter().map(|d| d * k).collect(), 0.0);
            let s = Stroke {
                dash,
                ..width(2.0, u)
            };
            let ink = paint(CONTEXT_INK, 255);
            pm.stroke_path(path, &ink, &s, Transform::identity(), None);
        }
        Mark::Met => {
            let halo = Stroke {
                line_cap: tiny_skia::LineCap::Round,
                ..width(5.0, u)
            };
            pm.stroke_path(
                path,
                &paint(Rgb(255, 255, 255), 170),
                &halo,
                Transform::identity(),
                None,
            );
            // Round caps: the outline is drawn as separate segments that meet at their ends.
            let s = Stroke {
                line_cap: tiny_skia::LineCap::Round,
                ..width(3.0, u)
            };
            pm.stroke_path(
                path,
                &paint(Rgb(20, 20, 20), 255),
                &s,
                Transform::identity(),
                None,
            );
        }
        Mark::Unknown => {
            let s = Stroke {
                dash: StrokeDash::new(vec![7.0 * u.max(0.6), 4.0 * u.max(0.6)], 0.0),
                ..width(2.0, u)
            };
            pm.stroke_path(
                path,
                &paint(Rgb(90, 90, 90), 255),
                &s,
                Transform::identity(),
                None,
            );
        }
    }
}

fn draw_text(pm: &mut Pixmap, f: &ab_glyph::FontRef<'_>, t: &SceneText) {
    let width = font::measure(f, &t.text, t.size);
    let x = if t.centered {
        t.pos[0] - width / 2.0
    } else {
        t.pos[0]
    };
    if t.halo {
        // All round (eight directions), about a tenth of the type size: as wide as the SVG's
        // 3 px stroke at 1920 × 1080, so a label reads over the darkest class and a rule line.
        let r = (t.size / 10.0).max(1.0);
        let d = r * std::f32::consts::FRAC_1_SQRT_2;
        for (dx, dy) in [
            (-r, 0.0),
            (r, 0.0),
            (0.0, -r),
            (0.0, r),
            (-d, -d),
            (d, -d),
            (-d, d),
            (d, d),
        ] {
            blend_text(pm, f, t, x + dx, t.pos[1] + dy, Rgb(255, 255, 255), 0.85);
        }
    }
    blend_text(pm, f, t, x, t.pos[1], t.color, 1.0);
}

fn blend_text(
    pm: &mut Pixmap,
    f: &ab_glyph::FontRef<'_>,
    t: &SceneText,
    x: f32,
    y: f32,
    c: Rgb,
    alpha: f32,
) {
    let (w, h) = (pm.width() as i32, pm.height() as i32);
    let data = pm.data_mut();
    font::rasterize(f, &t.text, t.size, x, y, |px, py, cov| {
        if px < 0 || py < 0 || px >= w || py >= h {
            return;
        }
        let a = (cov * alpha).clamp(0.0, 1.0);
        let i = ((py * w + px) * 4) as usize;
        // Premultiplied source-over onto the (opaque) canvas.
        for (k, v) in [c.0, c.1, c.2].into_iter().enumerate() {
            let dst = f32::from(data[i + k]);
            data[i + k] = (f32::from(v) * a + dst * (1.0 - a)).round() as u8;
        }
        let da = f32::from(data[i + 3]);
        data[i + 3] = (255.0 * a + da * (1.0 - a)).round() as u8;
    });
}

/// The scene as PNG bytes.
pub fn to_png(scene: &MapScene) -> Result<Vec<u8>, String> {
    crate::png_file::encode(&render(scene)?).map_err(|e| e.to_string())
}

#[cfg(test)]
#[path = "png_tests.rs"]
mod tests;
