//! The CPU side of drawing one map frame, as plain code (benchmarked at 100 k districts): the
//! district under the pointer, the level of detail, the shader transform and which labels
//! fit. Everything here is proportional to what is visible, never to a rebuild of geometry.

use super::camera::{Camera, Viewport};
use super::geometry::MapGeometry;
use super::labels::{self, Candidate, PlacedLabel};
use atlas_data::model::District;

/// Labels drawn at most per frame.
pub const MAX_LABELS: usize = 250;

/// What one frame draws.
#[derive(Debug, Clone, PartialEq)]
pub struct FramePlan {
    pub hover: Option<usize>,
    /// Draw the simplified overview level rather than full detail.
    pub overview: bool,
    /// Shader transform for a viewport-local clip space (see [`Camera::clip_transform`]).
    pub transform: [f32; 4],
    pub labels: Vec<PlacedLabel>,
}

/// Plans a frame. `label_px`: label font size, `None` for no labels.
pub fn plan_frame(
    geom: &MapGeometry,
    districts: &[District],
    cam: &Camera,
    vp: Viewport,
    pointer: Option<[f32; 2]>,
    label_px: Option<f32>,
) -> FramePlan {
    let hover = pointer.and_then(|p| geom.district_at(cam.to_world(p, vp)));
    let level = geom.level(cam.scale);
    let overview = std::ptr::eq(level, &geom.overview);
    let local = Viewport {
        x: 0.0,
        y: 0.0,
        w: vp.w,
        h: vp.h,
    };
    let transform = cam.clip_transform(local, [vp.w, vp.h]);
    let labels = match label_px {
        Some(px) => place_labels(geom, districts, cam, vp, px),
        None => Vec::new(),
    };
    FramePlan {
        hover,
        overview,
        transform,
        labels,
    }
}

fn place_labels(
    geom: &MapGeometry,
    districts: &[District],
    cam: &Camera,
    vp: Viewport,
    px: f32,
) -> Vec<PlacedLabel> {
    let min_width = labels::estimate_width(3, px);
    let mut cands = Vec::new();
    for d in geom.hit.in_rect(cam.visible(vp)) {
        let width = (geom.label_widths[d] * cam.scale) as f32;
        if width < min_width {
            continue;
        }
        let p = geom.label_points[d];
        let chars = districts
            .get(d)
            .map(|x| x.name.chars().count())
            .unwrap_or(0);
        cands.push(Candidate {
            district: d,
            anchor: cam.to_screen([f64::from(p[0]), f64::from(p[1])], vp),
            size: [labels::estimate_width(chars, px), px + 2.0],
            district_width: width,
            priority: geom.areas[d],
        });
    }
    labels::place(cands, MAX_LABELS)
}
