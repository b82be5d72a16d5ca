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
    context_labels: Option<&crate::context::ContextGeometry>,
) -> FramePlan {
    let hover = pointer.and_then(|p| geom.district_at(cam.to_world(p, vp)));
    let level = geom.level(cam.scale);
    let overview = std::ptr::eq(level, geom.overview());
    let local = Viewport {
        x: 0.0,
        y: 0.0,
        w: vp.w,
        h: vp.h,
    };
    let transform = cam.clip_transform(local, [vp.w, vp.h]);
    // The context layer's names first (numbered after the districts), then district names.
    let mut cands = context_labels
        .zip(label_px.or(Some(DEFAULT_LABEL_PX)))
        .map(|(c, px)| {
            let size = px * crate::context::LABEL_SCALE;
            c.label_candidates(cam, vp, size, districts.len())
        })
        .unwrap_or_default();
    if let Some(px) = label_px {
        cands.extend(label_candidates(geom, districts, cam, vp, px));
    }
    let labels = labels::place(cands, MAX_LABELS);
    FramePlan {
        hover,
        overview,
        transform,
        labels,
    }
}

/// The label size when district names are off but the context layer's are on.
const DEFAULT_LABEL_PX: f32 = 12.0;

fn label_candidates(
    geom: &MapGeometry,
    districts: &[District],
    cam: &Camera,
    vp: Viewport,
    px: f32,
) -> Vec<Candidate> {
    let min_width = labels::estimate_width(3, px);
    let mut cands = Vec::new();
    for d in geom.hit().in_rect(cam.visible(vp)) {
        let width = (geom.label_widths[d] * cam.scale) as f32;
        if width < min_width {
            continue;
        }
        let Some(p) = geom.label_point(d) else {
            continue;
        };
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
    cands
}
