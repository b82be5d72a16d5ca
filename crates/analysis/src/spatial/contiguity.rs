//! Contiguity weights: queen (districts sharing a vertex) and rook (sharing an edge), from the
//! polygons' exact coordinates as libpysal's `Queen` and `Rook` build them, or after snapping
//! vertices within a tolerance. Never pairwise: every vertex (or edge) with its district,
//! sorted, so that the districts sharing one stand side by side — in parts on all cores.

use super::weights::{METRES_PER_DEGREE, Weights, WeightsKind};
use atlas_data::model::Districts;
use geo::Coord;
use std::collections::HashMap;

/// A coordinate pair as an exact key.
type Point = (u64, u64);

/// Coordinates as exact keys (−0 and 0 the same).
fn key(x: f64, y: f64) -> Point {
    ((x + 0.0).to_bits(), (y + 0.0).to_bits())
}

/// Queen (shared vertex) or rook (shared edge) contiguity from the polygons' coordinates.
/// `tolerance_m` > 0 first snaps vertices closer than that many metres to one another (for files
/// whose neighbours do not share exact vertices); 0 compares them exactly, as libpysal does.
pub fn contiguity(d: &Districts, rook: bool, tolerance_m: f64) -> Weights {
    let snap = (tolerance_m > 0.0).then(|| snapper(d, tolerance_m));
    let id = |c: &Coord<f64>| -> Point {
        let k = key(c.x, c.y);
        snap.as_ref().and_then(|s| s.get(&k).copied()).unwrap_or(k)
    };
    let neighbors = if rook {
        sharing(d, part_of_edge, |ring, out| {
            for w in ring.windows(2) {
                let (a, b) = (id(&w[0]), id(&w[1]));
                if a != b {
                    out.push((a.min(b), a.max(b)));
                }
            }
        })
    } else {
        // A ring's last point repeats its first.
        sharing(d, part_of_point, |ring, out| {
            let open = &ring[..ring.len().saturating_sub(1)];
            out.extend(open.iter().map(id));
        })
    };
    let kind = if rook {
        WeightsKind::Rook
    } else {
        WeightsKind::Queen
    };
    Weights::binary(kind, neighbors)
}

/// Which of `parts` a vertex's districts are gathered in (any spread will do: equal vertices
/// meet in one part, and the lists are sorted in the end).
fn part_of_point(p: &Point, parts: usize) -> usize {
    let mixed = (p.0 ^ p.1.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> 32) as usize % parts
}

fn part_of_edge(e: &(Point, Point), parts: usize) -> usize {
    part_of_point(&(e.0.0 ^ e.1.1, e.0.1 ^ e.1.0), parts)
}

/// Per district, the districts that share one of its keys (`keys` of each ring: its vertices
/// or edges), sorted. On all cores: each core gathers its districts' keys, each into the part
/// `part_of` picks; then each part is sorted and its runs of equal keys paired (at 100 000
/// districts one sort of three million keys on one core was most of the weights' time); then
/// each core collects and sorts the lists of its districts.
fn sharing<K, P, F>(d: &Districts, part_of: P, keys: F) -> Vec<Vec<usize>>
where
    K: Ord + Copy + Send + Sync,
    P: Fn(&K, usize) -> usize + Sync,
    F: Fn(&[Coord<f64>], &mut Vec<K>) + Sync,
{
    let n = d.districts.len();
    let parts = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .clamp(1, n.max(1));
    let ranges: Vec<std::ops::Range<usize>> = (0..parts)
        .map(|i| n * i / parts..n * (i + 1) / parts)
        .collect();
    let gathered: Vec<Vec<Vec<(K, u32)>>> = atlas_data::parallel::map(&ranges, |r| {
        let mut out = vec![Vec::new(); parts];
        let mut ring_keys = Vec::new();
        for i in r.clone() {
            for poly in &d.districts[i].geometry.0 {
                for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                    ring_keys.clear();
                    keys(&ring.0, &mut ring_keys);
                    for &k in &ring_keys {
                        out[part_of(&k, parts)].push((k, i as u32));
                    }
                }
            }
        }
        out
    });
    // Each part's pieces, one from every core, in the part's own thread.
    let mut by_part: Vec<Vec<Vec<(K, u32)>>> = (0..parts).map(|_| Vec::new()).collect();
    for pieces in gathered {
        for (part, piece) in by_part.iter_mut().zip(pieces) {
            part.push(piece);
        }
    }
    // Each part's pairs sorted by the range their first district is in, so that each core
    // below reads only its own (not every pair of every part).
    let range_of = |a: u32| ranges.partition_point(|r| r.end <= a as usize);
    let pairs: Vec<Vec<Vec<(u32, u32)>>> = std::thread::scope(|s| {
        let handles: Vec<_> = by_part
            .into_iter()
            .map(|pieces| s.spawn(move || paired(pieces, parts, range_of)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    // Each core the lists of its districts, sorted and without repeats.
    let in_range: Vec<usize> = (0..parts).collect();
    let lists = atlas_data::parallel::map(&in_range, |&ri| {
        let r = &ranges[ri];
        let mut lists = vec![Vec::new(); r.len()];
        for &(a, b) in pairs.iter().flat_map(|part| &part[ri]) {
            lists[a as usize - r.start].push(b as usize);
        }
        for l in &mut lists {
            l.sort_unstable();
            l.dedup();
        }
        lists
    });
    lists.into_iter().flatten().collect()
}

/// The (district, district) pairs that share a key, both ways, from one part's keys: in
/// `ranges` lists, by `range_of` their first district.
fn paired<K: Ord + Copy>(
    pieces: Vec<Vec<(K, u32)>>,
    ranges: usize,
    range_of: impl Fn(u32) -> usize,
) -> Vec<Vec<(u32, u32)>> {
    let mut owners = pieces.concat();
    drop(pieces);
    owners.sort_unstable();
    owners.dedup();
    let mut pairs = vec![Vec::new(); ranges];
    for run in owners.chunk_by(|a, b| a.0 == b.0) {
        for x in run {
            let to = &mut pairs[range_of(x.1)];
            for y in run {
                if x.1 != y.1 {
                    to.push((x.1, y.1));
                }
            }
        }
    }
    pairs
}

/// Vertex → representative vertex within `tol` metres (the first one met), via an R-tree.
fn snapper(d: &Districts, tol: f64) -> HashMap<Point, Point> {
    use rstar::{RTree, primitives::GeomWithData};
    let lat0 = d
        .bbox()
        .map(|r| (r.min().y + r.max().y) / 2.0)
        .unwrap_or(0.0);
    // Local metres: lon scaled by cos(lat) (tolerances are a few metres).
    let kx = METRES_PER_DEGREE * lat0.to_radians().cos();
    let mut tree: RTree<GeomWithData<[f64; 2], Point>> = RTree::new();
    let mut map = HashMap::new();
    for dist in &d.districts {
        for poly in &dist.geometry.0 {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for c in &ring.0 {
                    let k = key(c.x, c.y);
                    if map.contains_key(&k) {
                        continue;
                    }
                    let p = [c.x * kx, c.y * METRES_PER_DEGREE];
                    let rep = tree
                        .locate_within_distance(p, tol * tol)
                        .next()
                        .map(|e| e.data);
                    match rep {
                        Some(r) => {
                            map.insert(k, r);
                        }
                        None => {
                            tree.insert(GeomWithData::new(p, k));
                            map.insert(k, k);
                        }
                    }
                }
            }
        }
    }
    map
}

#[cfg(test)]
#[path = "contiguity_tests.rs"]
mod tests;
