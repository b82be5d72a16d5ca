//! What the map view paints with egui over (or, on the fallback path, instead of) the GPU
//! fills: the districts as one mesh when there is no GPU renderer, the selection, hover and
//! keyboard-cursor outlines, the rule overlay's union outlines, the context layer's borders
//! and the district labels — each for the districts or lines in view only.

use super::layout::FOCUS;
use super::map_view::{LABEL_PX, color};
use super::overlays::{self, OVERLAY_MET, OVERLAY_UNKNOWN};
use atlas_analysis::ramps::Rgb;
use atlas_data::model::District;
use atlas_scene::labels::PlacedLabel;
use atlas_scene::{Camera, MeshLevel, Viewport};
use atlas_session::Session;
use egui::{Color32, Pos2, Shape, Stroke, Vec2};

/// Fills as one egui mesh (the fallback path): only districts in view are transformed.
/// Selection and hover outlines on top; the keyboard cursor as a thick blue outline with a
/// white halo.
pub(super) fn draw_marks(
    painter: &egui::Painter,
    level: &MeshLevel,
    session: &Session,
    hover: Option<usize>,
    cursor: Option<usize>,
    cam: &Camera,
    vp: Viewport,
) {
    for d in session.selection.iter() {
        outline(painter, level, d, cam, vp, Stroke::new(4.5, Color32::WHITE));
        outline(
            painter,
            level,
            d,
            cam,
            vp,
            Stroke::new(2.5, Color32::from_rgb(200, 20, 110)),
        );
    }
    if let Some(h) = hover {
        outline(painter, level, h, cam, vp, Stroke::new(2.0, Color32::BLACK));
    }
    if let Some(c) = cursor {
        outline(painter, level, c, cam, vp, Stroke::new(6.0, Color32::WHITE));
        outline(painter, level, c, cam, vp, Stroke::new(3.0, FOCUS));
    }
}

pub(super) fn paint_mesh(
    painter: &egui::Painter,
    level: &MeshLevel,
    fills: &[Rgb],
    cam: &Camera,
    vp: Viewport,
    fade: f32,
) {
    let mut mesh = egui::Mesh::default();
    mesh.vertices.reserve(level.vertices.len());
    for (d, r) in level.district_vertices.iter().enumerate() {
        let c = color(
            fills
                .get(d)
                .copied()
                .unwrap_or(atlas_analysis::ramps::NO_DATA),
        );
        for v in &level.vertices[r.start as usize..r.end as usize] {
            let s = cam.to_screen([f64::from(v[0]), f64::from(v[1])], vp);
            mesh.vertices.push(egui::epaint::Vertex {
                pos: Pos2::new(s[0], s[1]),
                uv: egui::epaint::WHITE_UV,
                color: c,
            });
        }
    }
    mesh.indices.extend_from_slice(&level.indices);
    painter.add(Shape::mesh(mesh));
    if fade <= 0.0 {
        return;
    }
    let stroke = Stroke::new(
        atlas_scene::geometry::SCREEN_OUTLINE_PX as f32,
        Color32::from_white_alpha((140.0 * fade) as u8),
    );
    for r in &level.rings {
        let pts = ring_points(level, r.clone(), cam, vp);
        painter.add(Shape::closed_line(pts, stroke));
    }
}

fn ring_points(
    level: &MeshLevel,
    r: std::ops::Range<u32>,
    cam: &Camera,
    vp: Viewport,
) -> Vec<Pos2> {
    level.outline_points[r.start as usize..r.end as usize]
        .iter()
        .map(|p| {
            let s = cam.to_screen([f64::from(p[0]), f64::from(p[1])], vp);
            Pos2::new(s[0], s[1])
        })
        .collect()
}

/// The rings of district `d` (rings are stored in district order).
fn outline(
    painter: &egui::Painter,
    level: &MeshLevel,
    d: usize,
    cam: &Camera,
    vp: Viewport,
    stroke: Stroke,
) {
    let d = d as u32;
    let start = level.ring_district.partition_point(|&x| x < d);
    let end = level.ring_district.partition_point(|&x| x <= d);
    for r in &level.rings[start..end] {
        painter.add(Shape::closed_line(
            ring_points(level, r.clone(), cam, vp),
            stroke,
        ));
    }
}

/// The overlay's union outlines: segments in view, a white halo under the bold "met" line,
/// dashes for "unknown".
pub(super) fn draw_overlay(
    painter: &egui::Painter,
    lines: &atlas_scene::overlay::OverlayLines,
    cam: &Camera,
    vp: Viewport,
) {
    let v = cam.visible(vp);
    let in_view = |s: &&[[f64; 2]; 2]| {
        let (x0, x1) = (s[0][0].min(s[1][0]), s[0][0].max(s[1][0]));
        let (y0, y1) = (s[0][1].min(s[1][1]), s[0][1].max(s[1][1]));
        x1 >= v[0] && x0 <= v[2] && y1 >= v[1] && y0 <= v[3]
    };
    let to = |p: [f64; 2]| {
        let s = cam.to_screen(p, vp);
        Pos2::new(s[0], s[1])
    };
    let met: Vec<[Pos2; 2]> = lines
        .met
        .iter()
        .filter(in_view)
        .map(|s| [to(s[0]), to(s[1])])
        .collect();
    for stroke in [
        Stroke::new(4.0, Color32::from_white_alpha(160)),
        Stroke::new(2.5, OVERLAY_MET),
    ] {
        for s in &met {
            painter.line_segment(*s, stroke);
        }
    }
    for s in lines.unknown.iter().filter(in_view) {
        painter.extend(Shape::dashed_line(
            &[to(s[0]), to(s[1])],
            Stroke::new(1.8, OVERLAY_UNKNOWN),
            5.0,
            3.0,
        ));
    }
}

/// The context layer's borders in view: a light halo under a dash-dot line, as exports draw
/// them.
pub(super) fn draw_context(
    painter: &egui::Painter,
    c: &atlas_scene::context::ContextGeometry,
    cam: &Camera,
    vp: Viewport,
) {
    let v = cam.visible(vp);
    let in_view = |l: &&Vec<[f64; 2]>| {
        l.iter()
            .any(|p| p[0] >= v[0] && p[0] <= v[2] && p[1] >= v[1] && p[1] <= v[3])
    };
    let d = atlas_scene::map_scene::CONTEXT_DASH;
    // At screen size the pattern is drawn at 0.8 of the 1920 × 1080 export's.
    let (dashes, gaps) = ([d[0] * 0.8, d[2] * 0.8], [d[1] * 0.8, d[3] * 0.8]);
    let mut shapes = Vec::new();
    for line in c.lines.iter().filter(in_view) {
        let pts: Vec<Pos2> = line
            .iter()
            .map(|p| {
                let s = cam.to_screen(*p, vp);
                Pos2::new(s[0], s[1])
            })
            .collect();
        painter.add(Shape::line(
            pts.clone(),
            Stroke::new(3.5, Color32::from_white_alpha(150)),
        ));
        Shape::dashed_line_many_with_offset(
            &pts,
            Stroke::new(1.6, overlays::CONTEXT_LINE),
            &dashes,
            &gaps,
            0.0,
            &mut shapes,
        );
    }
    painter.extend(shapes);
}

/// District names where they fit, dark text with a light halo.
pub(super) fn draw_labels(
    painter: &egui::Painter,
    districts: &[District],
    context: Option<&atlas_scene::context::ContextGeometry>,
    placed: &[PlacedLabel],
) {
    for l in placed {
        let pos = Pos2::new((l.rect[0] + l.rect[2]) / 2.0, (l.rect[1] + l.rect[3]) / 2.0);
        // Past the districts: the context layer's names, larger and in its colour.
        let (name, font, ink) = match l.district.checked_sub(districts.len()) {
            None => (
                &districts[l.district].name,
                egui::FontId::proportional(LABEL_PX),
                Color32::from_gray(20),
            ),
            Some(i) => match context.and_then(|c| c.labels.get(i)) {
                Some((name, _)) => (
                    name,
                    egui::FontId::proportional(LABEL_PX * atlas_scene::context::LABEL_SCALE),
                    overlays::CONTEXT_LINE,
                ),
                None => continue,
            },
        };
        // A halo all round (eight directions, 1.5 px): labels stay readable where a bold rule
        // outline or a dark class runs under them.
        for off in [
            Vec2::new(-1.5, 0.0),
            Vec2::new(1.5, 0.0),
            Vec2::new(0.0, -1.5),
            Vec2::new(0.0, 1.5),
            Vec2::new(-1.0, -1.0),
            Vec2::new(1.0, -1.0),
            Vec2::new(-1.0, 1.0),
            Vec2::new(1.0, 1.0),
        ] {
            painter.text(
                pos + off,
                egui::Align2::CENTER_CENTER,
                name,
                font.clone(),
                Color32::from_white_alpha(220),
            );
        }
        painter.text(pos, egui::Align2::CENTER_CENTER, name, font.clone(), ink);
    }
}
