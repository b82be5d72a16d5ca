//! Contiguity on all cores against the one-list sort it replaced (a child module of
//! `contiguity`, so it sees `key` and `snapper`).

use super::*;
use atlas_data::load::{BoundaryOptions, load_boundaries};

/// The neighbours as first written: every vertex (or edge) of every district in one list,
/// sorted on one core, the districts of each run of equal keys paired.
fn by_one_sort(d: &Districts, rook: bool, tolerance_m: f64) -> Vec<Vec<usize>> {
    let snap = (tolerance_m > 0.0).then(|| snapper(d, tolerance_m));
    let id = |x: f64, y: f64| match &snap {
        Some(s) => s.get(&key(x, y)).copied().unwrap_or(key(x, y)),
        None => key(x, y),
    };
    let mut owners: Vec<((Point, Point), u32)> = Vec::new();
    for (i, dist) in d.districts.iter().enumerate() {
        for poly in &dist.geometry.0 {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                let pts: Vec<Point> = ring.0.iter().map(|c| id(c.x, c.y)).collect();
                for w in pts.windows(2) {
                    let k = if rook {
                        if w[0] == w[1] {
                            continue;
                        }
                        (w[0].min(w[1]), w[0].max(w[1]))
                    } else {
                        (w[0], w[0])
                    };
                    owners.push((k, i as u32));
                }
            }
        }
    }
    owners.sort_unstable();
    owners.dedup();
    let mut neighbors = vec![Vec::new(); d.districts.len()];
    for run in owners.chunk_by(|a, b| a.0 == b.0) {
        for x in run {
            for y in run {
                if x.1 != y.1 {
                    neighbors[x.1 as usize].push(y.1 as usize);
                }
            }
        }
    }
    Weights::binary(WeightsKind::Queen, neighbors).neighbors
}

fn boundaries(name: &str) -> Districts {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name);
    match load_boundaries(&path, &BoundaryOptions::default()) {
        Ok(d) => d,
        Err(e) => panic!("{name}: {e}"),
    }
}

#[test]
fn the_same_neighbours_as_one_sort_of_all_keys() {
    // Berlin's 448 planning areas (holes, multipolygons, shared and near-shared vertices)
    // and its forecast areas exactly; its twelve districts and the demo city also snapped at
    // 50 m (the snap merges vertices of different districts, so rook edges collapse and new
    // pairs appear). Snapping is left out of the larger files: its R-tree takes seconds in a
    // debug build.
    for (name, tolerances) in [
        (
            "berlin-lor/berlin_planungsraeume_bis2020.geojson",
            &[0.0][..],
        ),
        ("berlin-lor/berlin_prognoseraeume_ab2021.geojson", &[0.0]),
        ("berlin-lor/berlin_bezirke.geojson", &[0.0, 50.0]),
        ("demo/districts.geojson", &[0.0, 50.0]),
    ] {
        let d = boundaries(name);
        for rook in [false, true] {
            for &tol in tolerances {
                let got = contiguity(&d, rook, tol);
                let want = by_one_sort(&d, rook, tol);
                assert_eq!(got.neighbors, want, "{name} rook={rook} tol={tol}");
                // Not vacuous: the files' districts have neighbours.
                assert!(got.mean_neighbors() > 1.0, "{name} rook={rook} tol={tol}");
            }
        }
    }
}

#[test]
fn no_districts_and_one_district() {
    let mut none = boundaries("berlin-lor/berlin_bezirke.geojson");
    none.districts.clear();
    assert!(contiguity(&none, false, 0.0).neighbors.is_empty());
    let mut one = boundaries("berlin-lor/berlin_bezirke.geojson");
    one.districts.truncate(1);
    for rook in [false, true] {
        assert_eq!(
            contiguity(&one, rook, 0.0).neighbors,
            vec![Vec::<usize>::new()]
        );
    }
}
