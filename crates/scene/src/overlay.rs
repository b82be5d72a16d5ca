//! The rule overlay as one shape: the outline of the union of the districts that meet the
//! rule (and, dashed, of those where it is unknown), not every district's own outline — in a
//! dense inner city the per-district outlines formed a black mesh over the colours. The union
//! is found by dropping shared edges: an edge that two member districts both have lies inside
//! the union. Neighbours in a municipal grid share their vertices, so their common edges match
//! exactly (compared to the millimetre); where they do not (a vertex on one side only), both
//! edges stay and the outline is drawn as before along that stretch.

use super::map_scene::Mark;
use crate::MapGeometry;
use atlas_analysis::rules::Tri;
use geo::MultiPolygon;

/// The smallest typical district, in pixels across at type scale 1, whose rule outlines are
/// drawn. Below it the outline (a 2.5 px line on a 4 px halo) covers most of a district: at
/// 100 000 districts on a 1920 × 1080 map (3 px each) the map turned almost black and its
/// colours were lost. The screen and exports leave the outlines out below it and say so in
/// the legend (zooming in shows them; an export's lines grow with its size, so a larger
/// export does not), as a GIS hides a dense layer below its scale.
pub const OVERLAY_MIN_PX: f64 = 6.0;

/// Whether the rule overlay's outlines are drawn at a scale (pixels per projected metre), for
/// lines drawn at type scale `u`.
pub fn outlined_at(geometry: &MapGeometry, pixels_per_metre: f64, u: f32) -> bool {
    geometry.typical_px(pixels_per_metre) >= OVERLAY_MIN_PX * f64::from(u)
}

/// A segment in projected metres.
pub type Segment = [[f64; 2]; 2];

/// The overlay's outlines: around the districts meeting the rule, and around those where it
/// is unknown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OverlayLines {
    pub met: Vec<Segment>,
    pub unknown: Vec<Segment>,
}

impl OverlayLines {
    /// The outlines for one year's results (`row[d]` per district).
    pub fn build(polygons: &[MultiPolygon<f64>], row: &[Tri]) -> OverlayLines {
        OverlayLines {
            met: union_outline(polygons, |d| row.get(d) == Some(&Tri::True)),
            unknown: union_outline(polygons, |d| row.get(d) == Some(&Tri::Unknown)),
        }
    }

    /// Both kinds with their mark.
    pub fn marked(&self) -> [(Mark, &[Segment]); 2] {
        [(Mark::Met, &self.met), (Mark::Unknown, &self.unknown)]
    }
}

type Key = (i64, i64);

fn key(p: [f64; 2]) -> Key {
    (
        (p[0] * 1000.0).round() as i64,
        (p[1] * 1000.0).round() as i64,
    )
}

/// The edges of the member districts' rings that no other member shares. One flat list of
/// edges, sorted, instead of a map of all edges: at 100 000 districts a map's inserts were
/// most of a year step with the overlay shown.
pub fn union_outline(
    polygons: &[MultiPolygon<f64>],
    member: impl Fn(usize) -> bool,
) -> Vec<Segment> {
    let mut edges: Vec<((Key, Key), Segment)> = Vec::new();
    for (d, mp) in polygons.iter().enumerate() {
        if !member(d) {
            continue;
        }
        for poly in &mp.0 {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for w in ring.0.windows(2) {
                    let (a, b) = ([w[0].x, w[0].y], [w[1].x, w[1].y]);
                    let (ka, kb) = (key(a), key(b));
                    if ka == kb {
                        continue;
                    }
                    let k = if ka < kb { (ka, kb) } else { (kb, ka) };
                    edges.push((k, [a, b]));
                }
            }
        }
    }
    edges.sort_unstable_by_key(|e| e.0);
    let mut out: Vec<(Key, Segment)> = Vec::new();
    for run in edges.chunk_by(|a, b| a.0 == b.0) {
        if let [(k, s)] = run {
            out.push((k.0, *s));
        }
    }
    // Drawn in a stable order, so exports are reproducible (ties in the order of the edges).
    out.sort_by_key(|(k, s)| (*k, key(s[1])));
    out.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square(x: f64, y: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: x, y: y),
            (x: x + 1.0, y: y),
            (x: x + 1.0, y: y + 1.0),
            (x: x, y: y + 1.0),
            (x: x, y: y),
        ]])
    }

    #[test]
    fn neighbours_lose_their_common_edge() {
        // Three squares in a row; the first two are members.
        let ps = vec![square(0.0, 0.0), square(1.0, 0.0), square(2.0, 0.0)];
        let lines = union_outline(&ps, |d| d < 2);
        // The 2 × 1 rectangle: 6 unit edges (the shared edge x = 1 is gone).
        assert_eq!(lines.len(), 6);
        assert!(
            !lines.iter().any(|s| s[0][0] == 1.0 && s[1][0] == 1.0),
            "the shared edge is inside the union"
        );
        // Alone, a member keeps its own four edges.
        assert_eq!(union_outline(&ps, |d| d == 2).len(), 4);
        let row = [Tri::True, Tri::Unknown, Tri::False];
        let o = OverlayLines::build(&ps, &row);
        assert_eq!((o.met.len(), o.unknown.len()), (4, 4));
    }
}
