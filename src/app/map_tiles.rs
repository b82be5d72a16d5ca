//! The GPU map's index buffers in tiles, so that a frame draws only the districts near the
//! view. Zoomed in at 100 000 districts, most triangles lie off screen, but GL still shades
//! and clips every vertex of a draw call: under Mesa's software GL (the reference machine
//! has no GPU) that was nine tenths of a frame. Districts are put in a grid of tiles by the
//! centre of their box; each tile's triangles and outline segments are contiguous in the
//! buffers, with the box of all its districts; a frame draws the runs of tiles whose box
//! meets the view (one draw call per run of neighbouring tiles in a row). Where districts
//! overlap (an input problem the loader reports), which one shows on screen follows the tiles'
//! order rather than the districts' order an export draws in. Plain code, tested without GL.

use atlas_scene::MeshLevel;
use std::ops::Range;

/// Districts per tile, about: a tile of a fitted 100 000-district map is a few pixels wide
/// and a view zoomed in to readable districts meets a few dozen tiles.
const PER_TILE: usize = 64;
/// At most this many tiles a side (4 096 in all).
const MAX_SIDE: usize = 64;

/// The tiles of a level: row-major, `side` × `side`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tiles {
    pub side: usize,
    /// Each tile's box (min x, min y, max x, max y) over its districts' vertices; empty tiles
    /// have an inverted box and meet no view.
    pub boxes: Vec<[f32; 4]>,
    /// Each tile's triangles: a range of the tiled triangle indices.
    pub fills: Vec<Range<u32>>,
    /// Each tile's outline segments: a range of the tiled line indices.
    pub lines: Vec<Range<u32>>,
}

/// A level's indices reordered by tile: the triangles (into `vertices`) and the outline
/// segments (pairs into `outline_points`).
pub struct Tiled {
    pub fill_indices: Vec<u32>,
    pub line_indices: Vec<u32>,
    pub tiles: Tiles,
}

const EMPTY: [f32; 4] = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];

/// The level's triangles and outline segments by tile.
pub fn tiled(level: &MeshLevel) -> Tiled {
    let n = level.district_vertices.len();
    let boxes: Vec<[f32; 4]> = level
        .district_vertices
        .iter()
        .map(|r| vertex_box(&level.vertices[r.start as usize..r.end as usize]))
        .collect();
    let all = boxes.iter().fold(EMPTY, |a, b| union(a, *b));
    let side = ((n / PER_TILE) as f64)
        .sqrt()
        .ceil()
        .clamp(1.0, MAX_SIDE as f64) as usize;
    let tile_of = |b: &[f32; 4]| {
        let cell = |v: f32, lo: f32, hi: f32| {
            let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.0 };
            ((t * side as f32) as usize).min(side - 1)
        };
        let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
        cell(cy, all[1], all[3]) * side + cell(cx, all[0], all[2])
    };
    // Districts by tile (district order within a tile: a district's triangles stay together).
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); side * side];
    for (d, b) in boxes.iter().enumerate() {
        if b[0] <= b[2] {
            members[tile_of(b)].push(d);
        }
    }
    let mut out = Tiled {
        fill_indices: Vec::with_capacity(level.indices.len()),
        line_indices: Vec::with_capacity(level.outline_points.len() * 2),
        tiles: Tiles {
            side,
            boxes: Vec::with_capacity(side * side),
            fills: Vec::with_capacity(side * side),
            lines: Vec::with_capacity(side * side),
        },
    };
    for ds in &members {
        let (f0, l0) = (out.fill_indices.len(), out.line_indices.len());
        let mut tile_box = EMPTY;
        for &d in ds {
            tile_box = union(tile_box, boxes[d]);
            out.fill_indices
                .extend_from_slice(&level.indices[triangles_of(level, d)]);
            for r in &level.rings[rings_of(level, d)] {
                for i in r.clone() {
                    let next = if i + 1 == r.end { r.start } else { i + 1 };
                    out.line_indices.extend_from_slice(&[i, next]);
                }
            }
        }
        out.tiles.boxes.push(tile_box);
        out.tiles
            .fills
            .push(f0 as u32..out.fill_indices.len() as u32);
        out.tiles
            .lines
            .push(l0 as u32..out.line_indices.len() as u32);
    }
    out
}

impl Tiles {
    /// The ranges to draw for a view (min x, min y, max x, max y in the level's coordinates):
    /// runs of neighbouring tiles in a row whose boxes meet it, merged into one range each.
    pub fn visible(&self, ranges: &[Range<u32>], view: [f32; 4]) -> Vec<Range<u32>> {
        let mut out: Vec<Range<u32>> = Vec::new();
        for (t, b) in self.boxes.iter().enumerate() {
            let meets = b[0] <= view[2] && b[2] >= view[0] && b[1] <= view[3] && b[3] >= view[1];
            let r = &ranges[t];
            if !meets || r.is_empty() {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.end == r.start => last.end = r.end,
                _ => out.push(r.clone()),
            }
        }
        out
    }
}

/// The triangle indices of district `d` (a level appends each district's triangles after
/// the previous district's, over its own vertices).
fn triangles_of(level: &MeshLevel, d: usize) -> Range<usize> {
    let r = &level.district_vertices[d];
    let at = |v: u32| partition_triangles(&level.indices, v);
    at(r.start) * 3..at(r.end) * 3
}

/// The number of leading triangles whose first vertex lies below `v` (the triangles are
/// grouped by district in vertex order).
fn partition_triangles(indices: &[u32], v: u32) -> usize {
    let tris = indices.len() / 3;
    let (mut lo, mut hi) = (0, tris);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if indices[mid * 3] < v {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The outline rings of district `d` (rings are in district order).
fn rings_of(level: &MeshLevel, d: usize) -> Range<usize> {
    let d = d as u32;
    level.ring_district.partition_point(|&x| x < d)
        ..level.ring_district.partition_point(|&x| x <= d)
}

fn vertex_box(v: &[[f32; 2]]) -> [f32; 4] {
    v.iter().fold(EMPTY, |b, p| {
        [
            b[0].min(p[0]),
            b[1].min(p[1]),
            b[2].max(p[0]),
            b[3].max(p[1]),
        ]
    })
}

fn union(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `side` × `side` unit squares (two triangles and one ring each); district `hole` has
    /// no vertices (collapsed at this level of detail).
    fn squares(side: usize, hole: usize) -> MeshLevel {
        let mut m = MeshLevel::default();
        for d in 0..side * side {
            let start = m.vertices.len() as u32;
            if d != hole {
                let (x, y) = ((d % side) as f32, (d / side) as f32);
                m.vertices
                    .extend([[x, y], [x + 1.0, y], [x + 1.0, y + 1.0], [x, y + 1.0]]);
                m.indices
                    .extend([0, 1, 2, 0, 2, 3].iter().map(|i| start + i));
                let p = m.outline_points.len() as u32;
                m.outline_points
                    .extend([[x, y], [x + 1.0, y], [x + 1.0, y + 1.0], [x, y + 1.0]]);
                m.rings.push(p..p + 4);
                m.ring_district.push(d as u32);
            }
            m.district_vertices.push(start..m.vertices.len() as u32);
        }
        m
    }

    fn triangles(idx: &[u32]) -> Vec<[u32; 3]> {
        let mut t: Vec<[u32; 3]> = idx.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
        t.sort_unstable();
        t
    }

    fn segments(idx: &[u32]) -> Vec<[u32; 2]> {
        let mut s: Vec<[u32; 2]> = idx.chunks_exact(2).map(|c| [c[0], c[1]]).collect();
        s.sort_unstable();
        s
    }

    #[test]
    fn every_triangle_and_outline_segment_is_kept_once() {
        let level = squares(100, 4321);
        let t = tiled(&level);
        assert!(t.tiles.side > 1, "10 000 districts are tiled");
        assert_eq!(triangles(&t.fill_indices), triangles(&level.indices));
        // Every ring closed: four segments a square, the last back to its first point.
        let mut want = Vec::new();
        for r in &level.rings {
            for i in r.clone() {
                want.extend([i, if i + 1 == r.end { r.start } else { i + 1 }]);
            }
        }
        assert_eq!(segments(&t.line_indices), segments(&want));
        // The tiles' ranges cover the buffers end to end.
        let covered: u32 = t.tiles.fills.iter().map(|r| r.len() as u32).sum();
        assert_eq!(covered as usize, t.fill_indices.len());
    }

    #[test]
    fn a_view_draws_every_district_it_meets_and_few_others() {
        let level = squares(100, 4321);
        let t = tiled(&level);
        let view = [40.5, 60.2, 47.5, 64.9];
        let drawn: Vec<u32> = t
            .tiles
            .visible(&t.tiles.fills, view)
            .into_iter()
            .flat_map(|r| t.fill_indices[r.start as usize..r.end as usize].to_vec())
            .collect();
        let drawn = triangles(&drawn);
        for (d, r) in level.district_vertices.iter().enumerate() {
            let (x, y) = ((d % 100) as f32, (d / 100) as f32);
            let meets = x <= view[2] && x + 1.0 >= view[0] && y <= view[3] && y + 1.0 >= view[1];
            if meets && !r.is_empty() {
                let first = [r.start, r.start + 1, r.start + 2];
                assert!(drawn.binary_search(&first).is_ok(), "district {d} in view");
            }
        }
        assert!(
            drawn.len() * 20 < level.indices.len() / 3,
            "{} of {} triangles drawn for a view of 56 districts",
            drawn.len(),
            level.indices.len() / 3
        );
        let lines: usize = t
            .tiles
            .visible(&t.tiles.lines, view)
            .iter()
            .map(|r| r.len())
            .sum();
        assert!(lines > 0 && lines * 20 < t.line_indices.len());
    }

    #[test]
    fn the_whole_map_in_view_is_one_draw() {
        let level = squares(30, 7);
        let t = tiled(&level);
        let all = t.tiles.visible(&t.tiles.fills, [-1.0, -1.0, 31.0, 31.0]);
        assert_eq!(all, vec![0..t.fill_indices.len() as u32]);
        let none = t.tiles.visible(&t.tiles.fills, [50.0, 50.0, 60.0, 60.0]);
        assert!(none.is_empty());
    }
}
