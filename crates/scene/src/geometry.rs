//! District geometry for drawing, built once per load: projected to metres, triangulated with
//! earcut (holes kept), outlines as ring lists, in two levels of detail (full, and simplified
//! to about a third of a pixel at the fitted view, which is what an overview map needs).
//! Changing year, indicator or colours never touches this; pan and zoom only transform it.

use super::hit::HitIndex;
pub use super::mesh::MeshLevel;
use super::mesh::mesh_level;
use super::projection::Projection;
use atlas_data::model::Districts;
use geo::MultiPolygon;

/// The width of the screen's district outlines in pixels (the window's mesh fallback; its
/// GPU lines are one pixel at the same fade), the width [`MapGeometry::outline_fade`] is
/// stated for.
pub const SCREEN_OUTLINE_PX: f64 = 0.7;

/// Everything geometric a map view needs for one loaded boundary file.
#[derive(Debug, Clone)]
pub struct MapGeometry {
    pub projection: Projection,
    /// Bounding box in projected metres: [min_x, min_y, max_x, max_y].
    pub bounds: [f64; 4],
    /// The two levels of detail, each built on first use (an export draws outlines, not
    /// meshes) — the window builds the overview with the geometry (its fitted view draws it)
    /// and the full level on a worker after its first map ([`MapGeometry::rest_in_background`]).
    full: std::sync::OnceLock<MeshLevel>,
    overview: std::sync::OnceLock<MeshLevel>,
    /// The overview's simplification tolerance in metres.
    overview_tolerance: f64,
    /// Per district, the point for its label (pole of inaccessibility of its largest polygon):
    /// never on the load's path — at 100 000 districts polylabel costs more than both meshes
    /// (≈ 1 s on two cores). The window fills it on a worker after the load
    /// ([`MapGeometry::rest_in_background`]) and, until then, computes the few points
    /// its labels need one by one ([`MapGeometry::label_point`]); an export fills it on first
    /// use (one without labels never needs it).
    label_points: std::sync::OnceLock<Vec<[f32; 2]>>,
    /// Per district, its area in square metres (label priority).
    pub areas: Vec<f64>,
    /// A typical district's size in metres (√ of the mean area), for the scale decisions a
    /// frame makes (outline fade, rule overlay): found once, not summed again every frame.
    typical_size: f64,
    /// Per district, the width in metres of the polygon its label sits in.
    pub label_widths: Vec<f64>,
    /// Per district, its projected polygons (full detail), for hit-testing.
    pub polygons: Vec<MultiPolygon<f64>>,
    /// Per district, the bounding box of its polygons (None: no polygons).
    rects: Vec<Option<geo::Rect<f64>>>,
    /// The R-tree over `rects`: built with the geometry for the window (hover, visible
    /// districts), on first use otherwise — an export asks a few rectangles of the layout,
    /// which a pass over `rects` answers in less time than the tree takes to build (≈ 18 ms
    /// at 100 000 districts).
    hit: std::sync::OnceLock<HitIndex>,
}

impl MapGeometry {
    /// Builds the geometry of all districts with the overview mesh, which the window's fitted
    /// view draws first. `None` when there are no districts.
    pub fn build(districts: &Districts) -> Option<MapGeometry> {
        Self::build_with(districts, true)
    }

    /// As [`MapGeometry::build`]; unless `eager`, the overview too is left to its first use (an
    /// export draws outlines, not meshes). The full level and the label points are always
    /// left to their first use or a worker.
    pub fn build_with(districts: &Districts, eager: bool) -> Option<MapGeometry> {
        let projection = Projection::for_bbox(districts.bbox()?);
        // On all cores, one pass over each district while its points are in cache: projected,
        // with its bounding box, area and largest part's width (≈ 90 ms on one core at
        // 100 000 districts, on the way to the first map).
        let (mut polygons, mut rects, mut areas, mut label_widths) = (
            Vec::with_capacity(districts.districts.len()),
            Vec::with_capacity(districts.districts.len()),
            Vec::with_capacity(districts.districts.len()),
            Vec::with_capacity(districts.districts.len()),
        );
        for (p, r, a, w) in atlas_data::parallel::map(&districts.districts, |d| {
            let p = d.geometry.map_coords_projected(&projection);
            let r = geo::BoundingRect::bounding_rect(&p);
            let a = geo::Area::unsigned_area(&p);
            let w = largest_width(&p);
            (p, r, a, w)
        }) {
            polygons.push(p);
            rects.push(r);
            areas.push(a);
            label_widths.push(w);
        }
        // The districts' bounding boxes are those of their outer rings.
        let bounds = rects.iter().flatten().fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |b, r| {
                [
                    b[0].min(r.min().x),
                    b[1].min(r.min().y),
                    b[2].max(r.max().x),
                    b[3].max(r.max().y),
                ]
            },
        );
        let diag = ((bounds[2] - bounds[0]).powi(2) + (bounds[3] - bounds[1]).powi(2)).sqrt();
        let overview_tolerance = diag / 3000.0;
        let (full, overview, label_points) = (
            std::sync::OnceLock::new(),
            std::sync::OnceLock::new(),
            std::sync::OnceLock::new(),
        );
        let hit = std::sync::OnceLock::new();
        if eager {
            std::thread::scope(|s| {
                // The overview beside the index (it meshes on all cores itself).
                let level = s.spawn(|| mesh_level(&polygons, overview_tolerance));
                let _ = hit.set(HitIndex::from_rects(&rects));
                // earcut does not panic on valid input; if it ever did, draw nothing rather
                // than take the app down.
                let _ = overview.set(level.join().unwrap_or_default());
            });
        }
        Some(MapGeometry {
            projection,
            bounds,
            full,
            overview,
            overview_tolerance,
            label_points,
            typical_size: (areas.iter().sum::<f64>() / areas.len().max(1) as f64).sqrt(),
            areas,
            label_widths,
            polygons,
            rects,
            hit,
        })
    }

    /// The meshes at full detail (triangulated here on first use).
    pub fn full(&self) -> &MeshLevel {
        self.full.get_or_init(|| mesh_level(&self.polygons, 0.0))
    }

    /// The meshes simplified for an overview (built here on first use).
    pub fn overview(&self) -> &MeshLevel {
        self.overview
            .get_or_init(|| mesh_level(&self.polygons, self.overview_tolerance))
    }

    /// Per district, the point for its label (computed here on first use, or waited for while
    /// a worker computes them).
    pub fn label_points(&self) -> &[[f32; 2]] {
        self.label_points
            .get_or_init(|| label_points_of(&self.polygons))
    }

    /// The label point of one district without waiting: from the table once it is filled,
    /// else computed alone (the same point; the frame's labels need only the few that fit).
    pub fn label_point(&self, d: usize) -> Option<[f32; 2]> {
        match self.label_points.get() {
            Some(all) => all.get(d).copied(),
            None => self.polygons.get(d).map(label_point),
        }
    }

    /// Whether the label points are all there (computed, or filled by the worker).
    pub fn has_label_points(&self) -> bool {
        self.label_points.get().is_some()
    }

    /// Builds the full level, then the label points, on a worker thread (the window, after
    /// its first map), so that the first map waits for neither; a zoom in or the keyboard
    /// cursor that needs one sooner waits for the worker (`OnceLock`), never does it twice.
    pub fn rest_in_background(self: &std::sync::Arc<Self>) {
        if self.full.get().is_none() || self.label_points.get().is_none() {
            let g = self.clone();
            std::thread::spawn(move || {
                g.full();
                g.label_points();
            });
        }
    }

    /// The district under a projected point.
    pub fn district_at(&self, p: [f64; 2]) -> Option<usize> {
        self.hit().district_at(&self.polygons, p)
    }

    /// The index of the districts' boxes (built here on first use).
    pub fn hit(&self) -> &HitIndex {
        self.hit.get_or_init(|| HitIndex::from_rects(&self.rects))
    }

    /// Does any district's polygon meet `rect` (projected metres)? Through the index where it
    /// is built, else by a pass over the boxes.
    pub fn meets(&self, rect: geo::Rect<f64>) -> bool {
        use geo::Intersects;
        let hit = |d: usize| self.polygons.get(d).is_some_and(|p| p.intersects(&rect));
        match self.hit.get() {
            Some(index) => {
                let (a, b) = (rect.min(), rect.max());
                index.in_rect([a.x, a.y, b.x, b.y]).any(hit)
            }
            None => self
                .rects
                .iter()
                .enumerate()
                .filter(|(_, r)| r.is_some_and(|r| r.intersects(&rect)))
                .any(|(d, _)| hit(d)),
        }
    }

    /// Opacity factor for district outlines `line_px` wide at a scale, on screen and in
    /// exports alike: for the screen's 0.7 px outline, full while a typical district is 16 px
    /// or more across, fading to none at 4 px — in line widths, full from 23 and none under 6
    /// — where white outlines would only wash out the colours (at 100 000 districts on a
    /// 1920 × 1080 export, 3 px each, they covered a third of the map).
    pub fn outline_fade(&self, pixels_per_metre: f64, line_px: f64) -> f32 {
        // In pixels of a map whose outline is the screen's (the factor is 1 for the screen).
        let px = self.typical_px(pixels_per_metre * (SCREEN_OUTLINE_PX / line_px.max(1e-6)));
        ((px - 4.0) / 12.0).clamp(0.0, 1.0) as f32
    }

    /// How many pixels across a typical district is at a scale: the square root of the mean
    /// district area, scaled.
    pub fn typical_px(&self, pixels_per_metre: f64) -> f64 {
        self.typical_size * pixels_per_metre
    }

    /// The level of detail for a scale in pixels per metre: the overview while its tolerance
    /// stays under about 0.6 pixel.
    pub fn level(&self, pixels_per_metre: f64) -> &MeshLevel {
        if self.overview_tolerance * pixels_per_metre < 0.6 {
            self.overview()
        } else {
            self.full()
        }
    }
}

pub(crate) trait ProjectExt {
    fn map_coords_projected(&self, p: &Projection) -> MultiPolygon<f64>;
}

impl ProjectExt for MultiPolygon<f64> {
    fn map_coords_projected(&self, p: &Projection) -> MultiPolygon<f64> {
        use geo::MapCoords;
        self.map_coords(|c| {
            let [x, y] = p.project(c);
            geo::Coord { x, y }
        })
    }
}

fn largest_width(mp: &MultiPolygon<f64>) -> f64 {
    use geo::Area;
    mp.0.iter()
        .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
        .and_then(geo::BoundingRect::bounding_rect)
        .map(|r| r.width())
        .unwrap_or(0.0)
}

/// The label points of all districts, on all cores: polylabel's cell search costs ≈ 19 µs a
/// district (1.9 s on one core at 100 000), more than both meshes together.
fn label_points_of(polygons: &[MultiPolygon<f64>]) -> Vec<[f32; 2]> {
    atlas_data::parallel::map(polygons, label_point)
}

pub(crate) fn label_point(mp: &MultiPolygon<f64>) -> [f32; 2] {
    use geo::Area;
    let Some(largest) =
        mp.0.iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
    else {
        return [0.0, 0.0];
    };
    let size = geo::BoundingRect::bounding_rect(largest)
        .map(|r| r.width().max(r.height()))
        .unwrap_or(1.0);
    match polylabel::polylabel(largest, &(size / 25.0).max(1e-6)) {
        Ok(p) => [p.x() as f32, p.y() as f32],
        Err(_) => {
            let c = geo::Centroid::centroid(largest).map(|c| [c.x() as f32, c.y() as f32]);
            c.unwrap_or([0.0, 0.0])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_data::load::{BoundaryOptions, parse_boundaries};

    /// A square with a square hole (10.04–10.06) and a triangle beside it.
    fn holed_square_and_triangle() -> Districts {
        let s = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},
          "geometry":{"type":"Polygon","coordinates":[[[10,50],[10.1,50],[10.1,50.1],[10,50.1],[10,50]],
          [[10.04,50.04],[10.06,50.04],[10.06,50.06],[10.04,50.06],[10.04,50.04]]]}},
          {"type":"Feature","properties":{"id":"b"},"geometry":{"type":"Polygon","coordinates":[[[10.1,50],[10.2,50],[10.2,50.1],[10.1,50]]]}}]}"#;
        parse_boundaries(s.as_bytes(), "t", &BoundaryOptions::default()).unwrap()
    }

    #[test]
    fn triangulates_polygons_with_holes() {
        let d = holed_square_and_triangle();
        let g = MapGeometry::build(&d).unwrap();
        let m = g.full();
        // Left to their first use (an export's geometry), the meshes come out the same.
        let lazy = MapGeometry::build_with(&d, false).unwrap();
        for (a, b) in [(g.full(), lazy.full()), (g.overview(), lazy.overview())] {
            assert_eq!(a.vertices, b.vertices);
            assert_eq!(a.indices, b.indices);
            assert_eq!(a.outline_points, b.outline_points);
            assert_eq!(a.tolerance, b.tolerance);
        }
        assert_eq!(m.district_vertices, vec![0..8, 8..11]);
        // Square with a square hole: 8 triangles; the triangle district: 1.
        assert_eq!(m.indices.len(), 3 * 9);
        assert_eq!(m.rings.len(), 3);
        assert_eq!(m.ring_district, [0, 0, 1]);
        // Triangulated area equals polygon area (hole excluded), in m².
        let area: f64 = m
            .indices
            .chunks(3)
            .map(|t| {
                let [a, b, c] = [
                    m.vertices[t[0] as usize],
                    m.vertices[t[1] as usize],
                    m.vertices[t[2] as usize],
                ];
                0.5 * ((b[0] - a[0]) as f64 * (c[1] - a[1]) as f64
                    - (c[0] - a[0]) as f64 * (b[1] - a[1]) as f64)
                    .abs()
            })
            .sum();
        use geo::Area;
        let want: f64 = g.polygons.iter().map(|p| p.unsigned_area()).sum();
        assert!((area - want).abs() / want < 1e-4, "{area} vs {want}");
        // A label point alone, before the table is filled, is the table's point.
        assert!(g.label_points.get().is_none(), "left to first use");
        let alone: Vec<_> = (0..2).map(|d| g.label_point(d)).collect();
        assert!(
            g.label_points.get().is_none(),
            "one by one, the table stays unfilled"
        );
        assert_eq!(
            alone,
            g.label_points()
                .iter()
                .map(|&p| Some(p))
                .collect::<Vec<_>>()
        );
        assert_eq!(g.label_point(1), alone[1]);
        assert_eq!(g.label_point(2), None);
        // Filled on a worker: the same points.
        let shared = std::sync::Arc::new(MapGeometry::build(&d).unwrap());
        shared.rest_in_background();
        assert_eq!(shared.label_points(), g.label_points());
        // The label of the holed square is not in its hole.
        let l = g.label_points()[0];
        let hole_centre = g.projection.project(geo::Coord { x: 10.05, y: 50.05 });
        assert!(
            ((l[0] as f64 - hole_centre[0]).powi(2) + (l[1] as f64 - hole_centre[1]).powi(2))
                .sqrt()
                > 1000.0
        );
    }

    #[test]
    fn rectangles_meet_the_same_districts_with_and_without_the_index() {
        // Boxes all over the holed square (its hole included) and the triangle, and around them.
        let d = holed_square_and_triangle();
        let eager = MapGeometry::build(&d).unwrap();
        let lazy = MapGeometry::build_with(&d, false).unwrap();
        assert!(eager.hit.get().is_some() && lazy.hit.get().is_none());
        let [x0, y0, x1, y1] = eager.bounds;
        let (dx, dy) = ((x1 - x0) / 10.0, (y1 - y0) / 10.0);
        let (mut met, mut missed) = (0, 0);
        for i in -2..12 {
            for j in -2..12 {
                let (x, y) = (x0 + f64::from(i) * dx, y0 + f64::from(j) * dy);
                let r = geo::Rect::new(
                    geo::coord! { x: x, y: y },
                    geo::coord! { x: x + dx * 0.5, y: y + dy * 0.5 },
                );
                let m = eager.meets(r);
                assert_eq!(m, lazy.meets(r), "box at {i}, {j}");
                if m { met += 1 } else { missed += 1 }
            }
        }
        // Boxes on the districts, and off them.
        assert!(met > 40 && missed > 60, "{met} met, {missed} missed");
        assert!(
            lazy.hit.get().is_none(),
            "answered without building the index"
        );
        assert_eq!(lazy.district_at([x0 + dx, y0 + dy]), Some(0));
        assert!(lazy.hit.get().is_some());
    }
}
