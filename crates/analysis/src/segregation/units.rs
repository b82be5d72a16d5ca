//! The units segregation is measured over: the table's keys that have exactly one polygon,
//! with their contiguity and the lengths of their shared boundaries in metres. A key without a
//! polygon and a key several features share are left out, and said: spatial indices need an
//! area's place, and a key on two features (Berlin's 06010102, one of them really 04030417)
//! does not say which is its place; every index is computed over the same areas.

use super::spatial::UnitWeights;
use crate::spatial::weights::contiguity;
use atlas_data::dataset::Dataset;
use geo::{Distance, Geodesic, Point};
use std::collections::HashMap;

/// The units of a data set.
#[derive(Debug, Clone, Default)]
pub struct Units {
    /// Per unit, the table key (position in the table's keys) and the key itself.
    pub table_keys: Vec<usize>,
    pub keys: Vec<String>,
    pub weights: UnitWeights,
    /// Keys that several features share (left out), with the number of features.
    pub ambiguous: Vec<(String, usize)>,
    /// Table keys without a polygon (left out).
    pub without_polygon: Vec<String>,
}

impl Units {
    /// The units with their contiguity and shared boundaries.
    pub fn of(ds: &Dataset) -> Units {
        let (mut units, unit_of_district) = Units::keys_of(ds);
        units.weights = weights(ds, &unit_of_district, units.keys.len());
        units
    }

    /// The units without their weights (the aspatial indices and location quotients need
    /// none), and each district's unit.
    pub fn keys_of(ds: &Dataset) -> (Units, Vec<Option<usize>>) {
        let (Some(t), Some(j)) = (ds.table(), ds.join.as_ref()) else {
            return (Units::default(), Vec::new());
        };
        let mut unit_of_key = vec![None; t.keys.len()];
        let mut units = Units::default();
        for (k, districts) in j.keys.key_to_districts.iter().enumerate() {
            if districts.is_empty() {
                units.without_polygon.push(t.keys[k].clone());
                continue;
            }
            if districts.len() > 1 {
                units.ambiguous.push((t.keys[k].clone(), districts.len()));
                continue;
            }
            unit_of_key[k] = Some(units.keys.len());
            units.table_keys.push(k);
            units.keys.push(t.keys[k].clone());
        }
        let unit_of_district: Vec<Option<usize>> = j
            .keys
            .district_to_key
            .iter()
            .map(|k| k.and_then(|k| unit_of_key[k]))
            .collect();
        (units, unit_of_district)
    }
}

/// Queen neighbours and shared boundary lengths between units (the districts' contiguity, a
/// unit's own parts not its neighbours).
fn weights(ds: &Dataset, unit_of: &[Option<usize>], n: usize) -> UnitWeights {
    let queen_d = contiguity(&ds.districts, false, 0.0);
    let mut queen = vec![Vec::new(); n];
    for (d, ns) in queen_d.neighbors.iter().enumerate() {
        let Some(a) = unit_of[d] else { continue };
        for &e in ns {
            if let Some(b) = unit_of[e]
                && a != b
                && !queen[a].contains(&b)
            {
                queen[a].push(b);
            }
        }
    }
    for q in &mut queen {
        q.sort_unstable();
    }
    let mut lengths: HashMap<(usize, usize), f64> = HashMap::new();
    for ((a, b), l) in shared_edges(ds) {
        if let (Some(ua), Some(ub)) = (unit_of[a], unit_of[b])
            && ua != ub
        {
            *lengths.entry((ua, ub)).or_default() += l;
            *lengths.entry((ub, ua)).or_default() += l;
        }
    }
    let mut boundary = vec![Vec::new(); n];
    for ((a, b), l) in lengths {
        boundary[a].push((b, l));
    }
    for b in &mut boundary {
        b.sort_by_key(|x| x.0);
    }
    UnitWeights { queen, boundary }
}

/// Edges (the same two vertices) of two districts' rings, with their length in metres on the
/// WGS84 ellipsoid (geodesic: a sphere would shorten east–west edges against north–south
/// ones by 0.25 % at Berlin's latitude, which row standardisation does not cancel), per pair
/// of districts (a < b): what libpysal's rook contiguity finds, measured.
fn shared_edges(ds: &Dataset) -> HashMap<(usize, usize), f64> {
    // Every edge as its two vertices' bits (smaller first) and its district, sorted: the
    // districts sharing an edge are neighbours in the list — no map of lists (at 100 000
    // districts three million small allocations).
    let bits = |c: &geo::Coord<f64>| [(c.x + 0.0).to_bits(), (c.y + 0.0).to_bits()];
    let mut edges: Vec<([u64; 4], u32)> = Vec::new();
    for (i, d) in ds.districts.districts.iter().enumerate() {
        for poly in &d.geometry.0 {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for w in ring.0.windows(2) {
                    let (a, b) = (bits(&w[0]), bits(&w[1]));
                    if a == b {
                        continue;
                    }
                    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                    edges.push(([lo[0], lo[1], hi[0], hi[1]], i as u32));
                }
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    let mut out: HashMap<(usize, usize), f64> = HashMap::new();
    let mut start = 0;
    while start < edges.len() {
        let key = edges[start].0;
        let end = start + edges[start..].iter().take_while(|e| e.0 == key).count();
        if end - start > 1 {
            let p = |x: u64, y: u64| Point::new(f64::from_bits(x), f64::from_bits(y));
            let l = Geodesic.distance(p(key[0], key[1]), p(key[2], key[3]));
            for x in start..end {
                for y in x + 1..end {
                    let (a, b) = (edges[x].1 as usize, edges[y].1 as usize);
                    *out.entry((a.min(b), a.max(b))).or_default() += l;
                }
            }
        }
        start = end;
    }
    out
}
