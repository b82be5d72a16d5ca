//! One level of detail of the districts as the GPU draws them: earcut triangles (holes kept)
//! and outline rings, in projected metres as f32. Built in runs of districts on all cores and
//! joined in district order, so the level is the same to the bit as one built in one pass.

use geo::{MultiPolygon, Polygon, Simplify};
use std::ops::Range;

/// Triangles and outlines of all districts at one level of detail, in projected metres (f32:
/// millimetre precision over a city).
#[derive(Debug, Clone, Default)]
pub struct MeshLevel {
    pub vertices: Vec<[f32; 2]>,
    pub indices: Vec<u32>,
    /// Per district, its vertices (so a recolour writes one colour over a range).
    pub district_vertices: Vec<Range<u32>>,
    /// Outline rings: ranges into `outline_points`, and the district of each ring.
    pub outline_points: Vec<[f32; 2]>,
    pub rings: Vec<Range<u32>>,
    pub ring_district: Vec<u32>,
    /// Simplification tolerance in metres (0 for full detail).
    pub tolerance: f64,
}

/// Districts meshed together on one thread: enough to outweigh the joining copy, few enough
/// that the cores share the work evenly.
const RUN: usize = 4096;

/// The level of `polygons` simplified by `tolerance` metres (0: full detail), on all cores —
/// at 100 000 districts the full level's triangulation took ≈ 0.25 s on one, on the window's
/// way to its first map.
pub(crate) fn mesh_level(polygons: &[MultiPolygon<f64>], tolerance: f64) -> MeshLevel {
    let runs: Vec<usize> = (0..polygons.len().div_ceil(RUN)).collect();
    let parts = atlas_data::parallel::map(&runs, |&r| {
        let first = r * RUN;
        let end = (first + RUN).min(polygons.len());
        mesh_run(&polygons[first..end], first, tolerance)
    });
    let mut m = MeshLevel {
        tolerance,
        ..Default::default()
    };
    for p in parts {
        // Offsets into the level so far: the run's numbers counted from its own start.
        let (v, o) = (m.vertices.len() as u32, m.outline_points.len() as u32);
        m.vertices.extend_from_slice(&p.vertices);
        m.indices.extend(p.indices.iter().map(|i| i + v));
        m.district_vertices
            .extend(p.district_vertices.iter().map(|r| r.start + v..r.end + v));
        m.outline_points.extend_from_slice(&p.outline_points);
        m.rings
            .extend(p.rings.iter().map(|r| r.start + o..r.end + o));
        m.ring_district.extend_from_slice(&p.ring_district);
    }
    m
}

/// One run of districts, the first of them district `first` (vertex and ring numbers counted
/// from the run's start).
fn mesh_run(polygons: &[MultiPolygon<f64>], first: usize, tolerance: f64) -> MeshLevel {
    let mut m = MeshLevel {
        tolerance,
        ..Default::default()
    };
    let mut earcut = earcut::Earcut::new();
    let mut tri: Vec<u32> = Vec::new();
    let mut flat: Vec<[f64; 2]> = Vec::new();
    let mut holes: Vec<u32> = Vec::new();
    for (k, mp) in polygons.iter().enumerate() {
        let d = first + k;
        let start = m.vertices.len() as u32;
        for poly in &mp.0 {
            let poly: Polygon<f64> = if tolerance > 0.0 {
                poly.simplify(tolerance)
            } else {
                poly.clone()
            };
            flat.clear();
            holes.clear();
            for (i, ring) in std::iter::once(poly.exterior())
                .chain(poly.interiors())
                .enumerate()
            {
                let pts = &ring.0[..ring.0.len().saturating_sub(1)]; // geo rings repeat the first point
                if pts.len() < 3 {
                    if i == 0 {
                        break; // exterior collapsed by simplification: skip the polygon
                    }
                    continue;
                }
                if i > 0 {
                    holes.push(flat.len() as u32);
                }
                let ring_start = m.outline_points.len() as u32;
                m.outline_points
                    .extend(pts.iter().map(|c| [c.x as f32, c.y as f32]));
                m.rings.push(ring_start..m.outline_points.len() as u32);
                m.ring_district.push(d as u32);
                flat.extend(pts.iter().map(|c| [c.x, c.y]));
            }
            if flat.len() < 3 {
                continue;
            }
            let base = m.vertices.len() as u32;
            earcut.earcut(flat.iter().copied(), &holes, &mut tri);
            m.vertices
                .extend(flat.iter().map(|p| [p[0] as f32, p[1] as f32]));
            m.indices.extend(tri.iter().map(|&i| base + i));
        }
        m.district_vertices.push(start..m.vertices.len() as u32);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon};

    /// `n` districts in a row: squares, every third with a square hole, every fifth in two
    /// parts.
    fn districts(n: usize) -> Vec<MultiPolygon<f64>> {
        let square = |x: f64, y: f64, s: f64| {
            LineString::from(vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)])
        };
        (0..n)
            .map(|i| {
                let x = i as f64 * 10.0;
                let holes = if i % 3 == 0 {
                    vec![square(x + 3.0, 3.0, 2.0)]
                } else {
                    Vec::new()
                };
                let mut parts = vec![Polygon::new(square(x, 0.0, 8.0), holes)];
                if i % 5 == 0 {
                    parts.push(Polygon::new(square(x, 20.0, 4.0), Vec::new()));
                }
                MultiPolygon(parts)
            })
            .collect()
    }

    #[test]
    fn runs_join_into_the_level_of_one_pass() {
        // Three runs, the last a short one.
        let d = districts(2 * RUN + 17);
        for tolerance in [0.0, 0.5] {
            let joined = mesh_level(&d, tolerance);
            let one = mesh_run(&d, 0, tolerance);
            assert_eq!(joined.vertices, one.vertices);
            assert_eq!(joined.indices, one.indices);
            assert_eq!(joined.district_vertices, one.district_vertices);
            assert_eq!(joined.outline_points, one.outline_points);
            assert_eq!(joined.rings, one.rings);
            assert_eq!(joined.ring_district, one.ring_district);
            // Holed squares are 8 triangles, the others 2, second parts 2 more.
            let n = d.len();
            let want = (0..n)
                .map(|i| if i % 3 == 0 { 8 } else { 2 } + if i % 5 == 0 { 2 } else { 0 })
                .sum::<usize>();
            assert_eq!(joined.indices.len(), 3 * want);
            assert_eq!(joined.district_vertices.len(), n);
            assert_eq!(joined.ring_district.last(), Some(&((n - 1) as u32)));
        }
    }
}
