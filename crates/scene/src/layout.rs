//! Where the map furniture goes — title block, legend, synthetic-data badge, source line —
//! and where the data is fitted, so that no furniture covers a district. One step for the
//! screen and every export: given the canvas, the furniture's measured sizes and the data,
//! the title sits top left, the badge top right, the source bottom right, the legend in the
//! first free corner (bottom left, bottom right, top left under the title, top right under the
//! badge); when a piece would still cover a district, the area the data is fitted into gives
//! way — by the band of that piece, above/below or beside it, whichever keeps the map larger.
//! A piece "covers" a district when its rectangle meets the district's polygon (exact test,
//! candidates from the R-tree), not merely its bounding box, so an irregular city keeps the
//! room in its empty corners.

use super::camera::{Camera, Viewport};
use super::geometry::MapGeometry;

/// A rectangle [x, y, w, h] in canvas pixels (y down).
pub type Rect = [f32; 4];

/// The measured sizes [w, h] of the furniture; `None` where a piece is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sizes {
    pub title: Option<[f32; 2]>,
    pub legend: Option<[f32; 2]>,
    pub badge: Option<[f32; 2]>,
    pub source: Option<[f32; 2]>,
}

/// Which corner the legend took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    BottomLeft,
    BottomRight,
    TopLeft,
    TopRight,
}

/// Where everything went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    pub title: Option<Rect>,
    pub legend: Option<Rect>,
    pub legend_corner: Corner,
    pub badge: Option<Rect>,
    pub source: Option<Rect>,
    /// The area the data was fitted into.
    pub data_area: Viewport,
    /// The camera that fits the data into `data_area`, for drawing in the whole canvas.
    pub camera: Camera,
}

impl Layout {
    /// The furniture rectangles that are shown.
    pub fn furniture(&self) -> impl Iterator<Item = Rect> + '_ {
        [self.title, self.legend, self.badge, self.source]
            .into_iter()
            .flatten()
    }
}

/// A camera showing `bounds` whole inside `area` (with `pad` pixels free), expressed for
/// drawing in the viewport `vp` that contains the area.
pub fn fit_in(bounds: [f64; 4], area: Viewport, vp: Viewport, pad: f32) -> Camera {
    let mut cam = Camera::fit(bounds, area, pad);
    let (ac, vc) = (area.center(), vp.center());
    cam.center[0] -= f64::from(ac[0] - vc[0]) / cam.scale;
    cam.center[1] += f64::from(ac[1] - vc[1]) / cam.scale;
    cam
}

/// Does `r` (canvas pixels) meet any district as drawn with `cam` in `vp`?
pub fn covers_data(g: &MapGeometry, cam: &Camera, vp: Viewport, r: Rect) -> bool {
    let a = cam.to_world([r[0], r[1]], vp);
    let b = cam.to_world([r[0] + r[2], r[1] + r[3]], vp);
    let world = [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[0].max(b[0]),
        a[1].max(b[1]),
    ];
    let rect = geo::Rect::new(
        geo::coord! { x: world[0], y: world[1] },
        geo::coord! { x: world[2], y: world[3] },
    );
    g.meets(rect)
}

/// Lays out the furniture on `canvas` and fits the data of `g` into what is left free.
/// `margin`: free border of the canvas; `gap`: space between pieces and the data.
pub fn lay_out(g: &MapGeometry, canvas: Viewport, sizes: &Sizes, margin: f32, gap: f32) -> Layout {
    let (x0, y0) = (canvas.x + margin, canvas.y + margin);
    let (x1, y1) = (canvas.x + canvas.w - margin, canvas.y + canvas.h - margin);
    let title = sizes.title.map(|s| [x0, y0, s[0], s[1]]);
    let badge = sizes.badge.map(|s| [x1 - s[0], y0, s[0], s[1]]);
    let source = sizes.source.map(|s| [x1 - s[0], y1 - s[1], s[0], s[1]]);
    // The legend's corners, in order of preference; the bottom ones sit above the source
    // line where it is as wide as the corner needs.
    let legend_at = |corner: Corner, s: [f32; 2]| -> Rect {
        let below_title = title.map_or(y0, |t| t[1] + t[3] + gap);
        let below_badge = badge.map_or(y0, |b| b[1] + b[3] + gap);
        let above_source = |x: f32, w: f32| match source {
            Some(r) if x < r[0] + r[2] && r[0] < x + w => r[1] - gap,
            _ => y1,
        };
        match corner {
            Corner::BottomLeft => [x0, above_source(x0, s[0]) - s[1], s[0], s[1]],
            Corner::BottomRight => {
                let x = x1 - s[0];
                [x, above_source(x, s[0]) - s[1], s[0], s[1]]
            }
            Corner::TopLeft => [x0, below_title, s[0], s[1]],
            Corner::TopRight => {
                // Under the badge, and under the title too where a long title reaches over.
                let x = x1 - s[0];
                let y = match title {
                    Some(t) if t[0] + t[2] > x => below_badge.max(below_title),
                    _ => below_badge,
                };
                [x, y, s[0], s[1]]
            }
        }
    };
    let mut area = Viewport {
        x: x0,
        y: y0,
        w: (x1 - x0).max(10.0),
        h: (y1 - y0).max(10.0),
    };
    let mut legend_corner = Corner::BottomLeft;
    let mut legend = None;
    let mut camera = fit_in(g.bounds, area, canvas, 0.0);
    // Each round either finds nothing covered or takes one band off the area: a handful of
    // rounds at most (four pieces, each needing one cut).
    for _ in 0..8 {
        camera = fit_in(g.bounds, area, canvas, 0.0);
        let covered = |r: Rect| covers_data(g, &camera, canvas, r);
        legend = sizes.legend.map(|s| {
            let corners = [
                Corner::BottomLeft,
                Corner::BottomRight,
                Corner::TopLeft,
                Corner::TopRight,
            ];
            let free = corners
                .iter()
                .copied()
                .find(|&c| fits(legend_at(c, s), canvas) && !covered(legend_at(c, s)));
            legend_corner = free.unwrap_or(legend_corner);
            legend_at(legend_corner, s)
        });
        let blocking = [title, legend, badge, source]
            .into_iter()
            .flatten()
            .find(|&r| covered(r));
        let Some(r) = blocking else { break };
        let Some(next) = give_way(g.bounds, area, r, gap) else {
            break;
        };
        area = next;
    }
    Layout {
        title,
        legend,
        legend_corner,
        badge,
        source,
        data_area: area,
        camera,
    }
}

/// Along one axis: the span `start..start + len` without the side where the piece
/// `p..p + plen` lies (the piece in the first half: the span starts after it; else it ends
/// before it), `gap` apart.
fn cut_axis(start: f32, len: f32, p: f32, plen: f32, gap: f32) -> (f32, f32) {
    let end = start + len;
    if p + plen / 2.0 < start + len / 2.0 {
        let from = (p + plen + gap).max(start);
        (from, end - from)
    } else {
        (start, (p - gap).min(end) - start)
    }
}

fn fits(r: Rect, canvas: Viewport) -> bool {
    r[0] >= canvas.x - 0.5
        && r[1] >= canvas.y - 0.5
        && r[0] + r[2] <= canvas.x + canvas.w + 0.5
        && r[1] + r[3] <= canvas.y + canvas.h + 0.5
}

/// The area without the band of `r` — above or below it, left or right of it — that fits the
/// data largest; `None` when no cut leaves room.
fn give_way(bounds: [f64; 4], area: Viewport, r: Rect, gap: f32) -> Option<Viewport> {
    let (x, w) = cut_axis(area.x, area.w, r[0], r[2], gap);
    let (y, h) = cut_axis(area.y, area.h, r[1], r[3], gap);
    let cuts = [Viewport { y, h, ..area }, Viewport { x, w, ..area }];
    cuts.into_iter()
        .filter(|c| c.w >= 40.0 && c.h >= 40.0 && (c.w < area.w || c.h < area.h))
        .max_by(|a, b| {
            Camera::fit(bounds, *a, 0.0)
                .scale
                .total_cmp(&Camera::fit(bounds, *b, 0.0).scale)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_in_centres_the_data_in_the_area_within_the_whole_viewport() {
        let vp = Viewport {
            x: 0.0,
            y: 0.0,
            w: 1000.0,
            h: 500.0,
        };
        let area = Viewport {
            x: 600.0,
            y: 100.0,
            w: 300.0,
            h: 300.0,
        };
        let cam = fit_in([0.0, 0.0, 10.0, 10.0], area, vp, 0.0);
        assert_eq!(cam.to_screen([5.0, 5.0], vp), [750.0, 250.0]);
        assert_eq!(cam.to_screen([0.0, 0.0], vp), [600.0, 400.0]);
        assert_eq!(cam.to_screen([10.0, 10.0], vp), [900.0, 100.0]);
    }

    #[test]
    fn a_piece_gives_way_by_the_band_that_keeps_the_map_larger() {
        let area = Viewport {
            x: 0.0,
            y: 0.0,
            w: 1600.0,
            h: 900.0,
        };
        // A square city in a wide area: a legend at the bottom left takes a column, not a band
        // across the whole width.
        let cut = give_way([0.0, 0.0, 1.0, 1.0], area, [0.0, 600.0, 300.0, 300.0], 10.0).unwrap();
        assert_eq!((cut.x, cut.w, cut.h), (310.0, 1290.0, 900.0));
        // A wide city: the band above the legend loses less.
        let cut = give_way([0.0, 0.0, 4.0, 1.0], area, [0.0, 800.0, 300.0, 100.0], 10.0).unwrap();
        assert_eq!((cut.y, cut.h, cut.w), (0.0, 790.0, 1600.0));
    }
}
