//! Exact-area coverage rasterization of small polygons, for maps of many districts: each
//! district's rings (or, for its outline, the band between the rings offset to either side)
//! are accumulated over the district's box as signed areas per pixel, then composited
//! source-over onto the canvas; the no-data stripes are computed per pixel.
//!
//! Why not tiny-skia's `fill_path` here: at 3–12 pixels a district its set-up for each path
//! (edge lists, a supersampled mask, the blitter) costs more than the pixels, and a map of
//! 100 000 districts paid it 100 000 times. The anti-aliasing differs (exact area against
//! tiny-skia's supersampling), so the PNG writer uses this only above a size where no map is
//! pinned pixel for pixel (`png::OWN_RASTER_FROM`): the demo city's and Berlin's exports stay
//! tiny-skia's.
//!
//! The method: for each edge piece within one pixel row, the area of each pixel to the right
//! of the edge is a difference of H(t) = ∫ max(t − X(y), 0) dy, the integral over the piece
//! of how far the edge lies left of t. Stored as second differences of H, the areas become
//! the pixels' winding-weighted coverage by a running sum along the row.

use crate::pieces::piece;
use atlas_analysis::ramps::Rgb;
use std::mem::MaybeUninit;
use tiny_skia::Pixmap;

/// Which pixels a shape covers: inside an odd number of rings (holes kept whatever their
/// orientation, as tiny-skia's `FillRule::EvenOdd`), or where the rings' winding is not zero
/// (a stroke's band: ±1 between its two offset rings, whichever way the ring turns).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Rule {
    EvenOdd,
    NonZero,
}

/// The accumulation buffer, kept between shapes (one per band), and a stroke's two offset
/// rings.
#[derive(Default)]
pub(crate) struct Coverage {
    acc: Vec<f32>,
    left: Vec<[f32; 2]>,
    right: Vec<[f32; 2]>,
    /// Where each ring's points end in `left` and `right`.
    ends: Vec<usize>,
    points: Vec<[f32; 2]>,
    /// A row's alphas, between the two passes of [`Coverage::composite`].
    alphas: Vec<u32>,
}

/// Rows `top..bottom` of a canvas `width` pixels wide (premultiplied RGBA, as tiny-skia's
/// `Pixmap`), `data` holding exactly those rows: what one band of the map draws into, beside
/// the others, without a copy of the canvas.
pub(crate) struct Rows<'a> {
    data: &'a mut [u8],
    width: usize,
    top: usize,
    bottom: usize,
}

impl<'a> Rows<'a> {
    /// Rows from `top` on of a canvas `width` pixels wide, `data` holding them whole but not
    /// yet written: each pixel written opaque `color` (the bytes tiny-skia's `Pixmap::fill`
    /// writes for it). A band's memory is first touched here, by the thread that draws it.
    pub(crate) fn painted(
        data: &'a mut [MaybeUninit<u8>],
        width: usize,
        top: usize,
        color: Rgb,
    ) -> Rows<'a> {
        let px = [color.0, color.1, color.2, 255];
        let mut pixels = data.chunks_exact_mut(4);
        for p in &mut pixels {
            for (b, &v) in p.iter_mut().zip(&px) {
                b.write(v);
            }
        }
        // Not a whole pixel (never, for whole rows): written too, so that every byte is.
        for b in pixels.into_remainder() {
            b.write(0);
        }
        let bottom = top + data.len() / (width * 4).max(1);
        // SAFETY: `MaybeUninit<u8>` has the layout of `u8`, and every byte of `data` was
        // written just above.
        let data = unsafe { &mut *(std::ptr::from_mut(data) as *mut [u8]) };
        Rows {
            data,
            width,
            top,
            bottom,
        }
    }

    /// `pm` cut into consecutive bands, each ending at its row of `ends` (the first starting
    /// at row 0, each next one where the one before ends; clamped to the canvas).
    #[cfg(test)]
    pub(crate) fn split(pm: &'a mut Pixmap, ends: &[usize]) -> Vec<Rows<'a>> {
        let width = pm.width() as usize;
        let height = pm.height() as usize;
        let mut rest: &'a mut [u8] = pm.data_mut();
        let mut at = 0;
        let mut out = Vec::with_capacity(ends.len());
        for &bottom in ends {
            let bottom = bottom.clamp(at, height);
            let (head, tail) = std::mem::take(&mut rest).split_at_mut((bottom - at) * width * 4);
            out.push(Rows {
                data: head,
                width,
                top: at,
                bottom,
            });
            rest = tail;
            at = bottom;
        }
        out
    }

    /// All rows of `pm`.
    pub(crate) fn whole(pm: &'a mut Pixmap) -> Rows<'a> {
        let (width, bottom) = (pm.width() as usize, pm.height() as usize);
        Rows {
            data: pm.data_mut(),
            width,
            top: 0,
            bottom,
        }
    }

    /// The rows covered (`top..bottom`).
    pub(crate) fn span(&self) -> (usize, usize) {
        (self.top, self.bottom)
    }

    /// Paints every pixel of the rows opaque `color` (the bytes tiny-skia's `Pixmap::fill`
    /// writes for it).
    #[cfg(test)]
    pub(crate) fn paint(&mut self, color: Rgb) {
        for px in self.data.chunks_exact_mut(4) {
            px.copy_from_slice(&[color.0, color.1, color.2, 255]);
        }
    }
}

/// A shape's pixel box on the canvas, clipped to the rows drawn: columns `x0..x1`, rows
/// `y0..y1`.
#[derive(Clone, Copy, Debug)]
struct Area {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

impl Area {
    /// The pixels that points spanning `lo..=hi` can touch on a `w`-wide canvas, within
    /// `rows`; None when none.
    fn of(lo: [f32; 2], hi: [f32; 2], w: usize, rows: (usize, usize)) -> Option<Area> {
        if !(lo[0].is_finite() && lo[1].is_finite() && hi[0].is_finite() && hi[1].is_finite()) {
            return None;
        }
        let clip = |v: f32, max: usize| (v.max(0.0) as usize).min(max);
        let a = Area {
            x0: clip(lo[0].floor(), w),
            x1: clip(hi[0].ceil(), w),
            y0: clip(lo[1].floor(), rows.1).max(rows.0),
            y1: clip(hi[1].ceil(), rows.1),
        };
        (a.x0 < a.x1 && a.y0 < a.y1).then_some(a)
    }

    fn width(&self) -> usize {
        self.x1 - self.x0
    }

    /// The area in strips of at most [`STRIP_ROWS`] rows, top to bottom.
    fn strips(self) -> impl Iterator<Item = Area> {
        (self.y0..self.y1).step_by(STRIP_ROWS).map(move |y0| Area {
            y0,
            y1: (y0 + STRIP_ROWS).min(self.y1),
            ..self
        })
    }
}

/// Columns of the accumulation buffer beyond a shape's box on each row: never composited,
/// they let the pieces in the box's last two columns take [`piece`]'s one- and two-column
/// ways (which write up to two cells to their right) instead of its general loop, which
/// stops at the box's edge — the same values in the box's own cells. A shape's rightmost
/// pieces lie there, a sixth of a 10 000-district map's pieces.
const SLACK: usize = 2;

/// The length of an accumulation row for `area`.
fn stride(area: Area) -> usize {
    area.width() + SLACK
}

/// A shape is accumulated this many rows at a time: a district of a few pixels in one go, a
/// large one (a lake among small districts on a 16 384-pixel canvas) without a buffer of its
/// whole box.
const STRIP_ROWS: usize = 64;

impl Coverage {
    /// Fills `rings` (even-odd; their [`bounds`] `lo`, `hi`, which the caller has found
    /// already) in `color` within the canvas rows `pm`, with `stripes` over the fill where
    /// given.
    pub(crate) fn fill(
        &mut self,
        pm: &mut Rows,
        rings: &[Vec<[f32; 2]>],
        (lo, hi): Bounds,
        (color, stripes): (Rgb, Option<&Stripes>),
    ) {
        let Some(area) = Area::of(lo, hi, pm.width, pm.span()) else {
            return;
        };
        for strip in area.strips() {
            self.start(strip);
            for r in rings {
                for (a, b) in closed_edges(r) {
                    self.edge(strip, a, b);
                }
            }
            self.composite(pm, strip, (Rule::EvenOdd, color, 255), stripes);
        }
    }

    /// Strokes the closed `rings` `width` pixels wide in `color` at `alpha`, within the rows
    /// `pm`, with miter joins (bevelled beyond a miter four half widths long, as tiny-skia's
    /// default): each ring's band between its two offset rings, the union composited once.
    pub(crate) fn stroke(
        &mut self,
        pm: &mut Rows,
        rings: &[Vec<[f32; 2]>],
        width: f32,
        (color, alpha): (Rgb, u8),
    ) {
        // Both sides of every ring first: their box is the stroke's.
        let mut left = std::mem::take(&mut self.left);
        let mut right = std::mem::take(&mut self.right);
        let mut ends = std::mem::take(&mut self.ends);
        left.clear();
        right.clear();
        ends.clear();
        for r in rings {
            offsets(r, width / 2.0, &mut self.points, [&mut left, &mut right]);
            ends.push(left.len());
        }
        let (lo, hi) = bounds(left.iter().chain(&right).copied());
        let area = Area::of(lo, hi, pm.width, pm.span());
        for strip in area.into_iter().flat_map(Area::strips) {
            self.start(strip);
            let mut start = 0;
            for &end in &ends {
                let (l, r) = (&left[start..end], &right[start..end]);
                // The left side's ring as it turns, the right side's against: inside the band
                // the two add to ±1 whichever way the ring turns, inside both they cancel.
                for (a, b) in closed_edges(l) {
                    self.edge(strip, a, b);
                }
                for (a, b) in closed_edges(r) {
                    self.edge(strip, b, a);
                }
                start = end;
            }
            self.composite(pm, strip, (Rule::NonZero, color, alpha), None);
        }
        (self.left, self.right, self.ends) = (left, right, ends);
    }

    fn start(&mut self, area: Area) {
        self.acc.clear();
        self.acc.resize(stride(area) * (area.y1 - area.y0), 0.0);
    }

    /// Accumulates the edge from `p` to `q` (canvas pixels) over `area`.
    fn edge(&mut self, area: Area, p: [f32; 2], q: [f32; 2]) {
        if p[1] == q[1] {
            return;
        }
        // Downwards from a to b; an edge running up counts negatively.
        let (sign, a, b) = if p[1] < q[1] {
            (1.0, p, q)
        } else {
            (-1.0, q, p)
        };
        let (ox, oy) = (area.x0 as f32, area.y0 as f32);
        let rows = (area.y1 - area.y0) as f32;
        let (ax, ay, bx, by) = (a[0] - ox, a[1] - oy, b[0] - ox, b[1] - oy);
        let top = ay.max(0.0);
        let bottom = by.min(rows);
        if top.is_nan() || bottom.is_nan() || top >= bottom {
            return;
        }
        let w = stride(area);
        let row = top as usize;
        if top == ay && bottom == by && bottom <= (row + 1) as f32 {
            // Within one row and not clipped (most edges of small districts): no slope needed.
            if let Some(line) = self.acc.get_mut(row * w..(row + 1) * w) {
                piece(line, ax, bx, (bottom - top) * sign);
            }
            return;
        }
        let slope = (bx - ax) / (by - ay);
        let x_at = |y: f32| ax + (y - ay) * slope;
        let mut y = top;
        while y < bottom {
            let row = y as usize;
            let next = ((row + 1) as f32).min(bottom);
            // y < bottom ≤ the area's rows: the row is one of them.
            if let Some(line) = self.acc.get_mut(row * w..(row + 1) * w) {
                piece(line, x_at(y), x_at(next), (next - y) * sign);
            }
            y = next;
        }
    }

    /// Sums each row of the accumulated areas into coverage and blends `color` at `alpha` by
    /// it, then `stripes` at the shape's coverage times theirs. Without stripes in two passes
    /// per row: the running sum into each pixel's alpha (a loop for each rule, not a test of
    /// the rule at every pixel), then every pixel blended, without a test of its alpha (an
    /// alpha of 0 leaves a pixel's bytes as they are) — ≈ 2 ms less of a 10 000-cell grid's
    /// export, where the composite was a tenth of the samples.
    fn composite(
        &mut self,
        pm: &mut Rows,
        area: Area,
        (rule, color, alpha): (Rule, Rgb, u8),
        stripes: Option<&Stripes>,
    ) {
        let stride = pm.width;
        let w = area.width();
        let alpha = f32::from(alpha);
        let (acc, alphas) = (&self.acc, &mut self.alphas);
        for (r, line) in acc.chunks_exact(self::stride(area)).enumerate() {
            let line = &line[..w];
            // The area lies within the rows (`Area::of`): y0 ≥ top.
            let start = ((area.y0 + r - pm.top) * stride + area.x0) * 4;
            let Some(pixels) = pm.data.get_mut(start..start + w * 4) else {
                return;
            };
            if let Some(st) = stripes {
                // Hatched (no data): the stripes over the fill at each pixel's coverage.
                let mut sum = 0.0f32;
                for (col, (&d, px)) in line.iter().zip(pixels.chunks_exact_mut(4)).enumerate() {
                    sum += d;
                    let cover = rule.cover(sum);
                    let a = (cover * alpha + 0.5) as u32;
                    if a == 0 {
                        continue;
                    }
                    blend(px, color, a);
                    let s = st.cover(area.x0 + col, area.y0 + r);
                    let a = (cover * s * 255.0 + 0.5) as u32;
                    if a > 0 {
                        blend(px, st.color, a);
                    }
                }
                continue;
            }
            alphas.clear();
            let mut sum = 0.0f32;
            let to_alpha = |cover: f32| (cover * alpha + 0.5) as u32;
            match rule {
                Rule::NonZero => alphas.extend(line.iter().map(|&d| {
                    sum += d;
                    to_alpha(Rule::NonZero.cover(sum))
                })),
                Rule::EvenOdd => alphas.extend(line.iter().map(|&d| {
                    sum += d;
                    to_alpha(Rule::EvenOdd.cover(sum))
                })),
            }
            for (px, &a) in pixels.chunks_exact_mut(4).zip(alphas.iter()) {
                blend(px, color, a);
            }
        }
    }
}

impl Rule {
    /// How much of a pixel a shape covers whose winding-weighted area there is `sum`.
    #[inline]
    fn cover(self, sum: f32) -> f32 {
        match self {
            Rule::NonZero => sum.abs().min(1.0),
            Rule::EvenOdd => {
                let m = sum.abs();
                // Inside one ring (the common case) without the division.
                let m = if m <= 1.0 { m } else { m % 2.0 };
                if m > 1.0 { 2.0 - m } else { m }
            }
        }
    }
}

/// The no-data hatching as the coverage rasterizer draws it: the lines X + Y = k · `step`
/// (k = 0, 1, … below `end`), `width` wide — the pattern tiny-skia strokes through a mask
/// on smaller maps, computed per pixel instead (no mask of the canvas, no stroke across it).
pub(crate) struct Stripes {
    pub color: Rgb,
    pub step: f32,
    pub width: f32,
    /// The canvas's width plus height: where the lines end.
    pub end: f32,
}

impl Stripes {
    /// How much of the pixel (`x`, `y`) the lines cover: exactly, since X + Y over a pixel is
    /// spread as a triangle over ±1 around its centre's.
    fn cover(&self, x: usize, y: usize) -> f32 {
        let centre = (x + y) as f32 + 1.0;
        // Half a line's width, along X + Y.
        let half = self.width * std::f32::consts::FRAC_1_SQRT_2;
        // The share of the pixel whose X + Y lies below its centre's + z.
        let below = |z: f32| {
            if z <= -1.0 {
                0.0
            } else if z <= 0.0 {
                0.5 * (z + 1.0) * (z + 1.0)
            } else if z < 1.0 {
                1.0 - 0.5 * (1.0 - z) * (1.0 - z)
            } else {
                1.0
            }
        };
        let nearest = (centre / self.step).round();
        let mut sum = 0.0;
        for k in [nearest - 1.0, nearest, nearest + 1.0] {
            let line = k * self.step;
            if k >= 0.0 && line < self.end {
                sum += below(line - centre + half) - below(line - centre - half);
            }
        }
        sum.min(1.0)
    }
}

/// The closed `ring` moved `half` to one side (added to `left`) and to the other (to
/// `right`): at each corner the miter point, or both edges' ends where the miter would reach
/// beyond four times `half` (a bevel) — as many points on either side. Repeated points are
/// skipped (`points` holds the others); fewer than two distinct points add none.
fn offsets(
    ring: &[[f32; 2]],
    half: f32,
    points: &mut Vec<[f32; 2]>,
    [left, right]: [&mut Vec<[f32; 2]>; 2],
) {
    points.clear();
    for &p in ring {
        if points.last() != Some(&p) {
            points.push(p);
        }
    }
    while points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    let n = points.len();
    if n < 2 {
        return;
    }
    // The unit normal of each edge from a distinct point to the next.
    let normal = |i: usize| {
        let (a, b) = (points[i], points[(i + 1) % n]);
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len = dx.hypot(dy);
        [dy / len, -dx / len]
    };
    let mut before = normal(n - 1);
    for (i, &p) in points.iter().enumerate() {
        let after = normal(i);
        // The miter's direction; its length 1/cos(θ/2) for a turn of θ, i.e. the sum's length
        // over 1 + cos θ.
        let cos = before[0] * after[0] + before[1] * after[1];
        if 1.0 + cos >= 0.125 {
            let k = half / (1.0 + cos);
            let m = [(before[0] + after[0]) * k, (before[1] + after[1]) * k];
            left.push([p[0] + m[0], p[1] + m[1]]);
            right.push([p[0] - m[0], p[1] - m[1]]);
        } else {
            for nrm in [before, after] {
                left.push([p[0] + nrm[0] * half, p[1] + nrm[1] * half]);
                right.push([p[0] - nrm[0] * half, p[1] - nrm[1] * half]);
            }
        }
        before = after;
    }
}

/// The edges of the closed `ring`: each point to the next, the last back to the first
/// (without a division per edge to wrap around).
fn closed_edges(ring: &[[f32; 2]]) -> impl Iterator<Item = ([f32; 2], [f32; 2])> + '_ {
    let last = ring.last().map(|&p| (p, ring[0]));
    ring.windows(2).map(|w| (w[0], w[1])).chain(last)
}

/// Source-over of `color` at `a` (0–255) onto a premultiplied pixel: each channel
/// (s·a + d·(255 − a) + 127) / 255, two channels at once in the 16-bit halves of a word (red
/// and blue, green and alpha: each sum below 2¹⁶, so neither half spills into the other).
fn blend(px: &mut [u8], color: Rgb, a: u32) {
    let keep = 255 - a;
    let Ok(bytes) = <[u8; 4]>::try_from(&px[..]) else {
        return;
    };
    let d = u32::from_le_bytes(bytes);
    let mix = |s: u32, d: u32| {
        let t = s * a + d * keep + 0x007f_007f;
        // ⌊t / 255⌋ = (t + 1 + ⌊t / 256⌋) / 256 for every t up to 255² + 127 (checked at
        // every alpha and source level by the unit test).
        ((t + 0x0001_0001 + ((t >> 8) & 0x00ff_00ff)) >> 8) & 0x00ff_00ff
    };
    let red_blue = mix(
        u32::from(color.0) | u32::from(color.2) << 16,
        d & 0x00ff_00ff,
    );
    let green_alpha = mix(u32::from(color.1) | 255 << 16, (d >> 8) & 0x00ff_00ff);
    px.copy_from_slice(&(red_blue | green_alpha << 8).to_le_bytes());
}

/// The smallest and the largest x and y of some points.
pub(crate) type Bounds = ([f32; 2], [f32; 2]);

/// The smallest and largest coordinates of `points`; NaN if one of them is not a number
/// (then nothing is drawn, as tiny-skia draws no path with such a point).
pub(crate) fn bounds(points: impl Iterator<Item = [f32; 2]>) -> Bounds {
    let (mut lo, mut hi) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
    for p in points {
        if p[0].is_nan() || p[1].is_nan() {
            return ([f32::NAN; 2], [f32::NAN; 2]);
        }
        lo = [lo[0].min(p[0]), lo[1].min(p[1])];
        hi = [hi[0].max(p[0]), hi[1].max(p[1])];
    }
    (lo, hi)
}

#[cfg(test)]
#[path = "coverage_tests.rs"]
mod tests;
