//! The crosswalk's shortcuts against its overlays on small grids (a child module of
//! `crosswalk`, for its private pieces).
// Test code, compiled only for `cargo test`: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use super::*;
use geo::{Polygon, polygon};

fn districts(polys: &[Polygon<f64>]) -> Districts {
    let units = polys.iter().enumerate();
    super::super::new_districts(
        "t",
        units
            .map(|(i, p)| {
                (
                    format!("{i}"),
                    format!("{i}"),
                    MultiPolygon(vec![p.clone()]),
                )
            })
            .collect(),
    )
}

/// The shortcut's answer and the overlays' shares for `g`, as `shares` looks them up.
fn both_ways(g: &MultiPolygon<f64>, targets: &Targets) -> (Option<usize>, Shares) {
    use geo::BoundingRect;
    let bbox = g.bounding_rect().unwrap();
    let near = candidates(&targets.tree, &bbox);
    (
        wholly_in(g, &bbox, &near, targets),
        overlaid_shares(g, &bbox, &near, targets),
    )
}

fn cell(x: f64, y: f64) -> Polygon<f64> {
    let s = 0.01;
    polygon![(x: 13.0 + x * s, y: 52.0 + y * s), (x: 13.0 + (x + 1.0) * s, y: 52.0 + y * s),
        (x: 13.0 + (x + 1.0) * s, y: 52.0 + (y + 1.0) * s), (x: 13.0 + x * s, y: 52.0 + (y + 1.0) * s)]
}

#[test]
fn an_unchanged_district_is_wholly_in_its_new_one_as_the_overlays_measure_it() {
    // A 3 × 3 grid; the new file keeps all cells but the centre, which it shifts by a
    // fifth of a cell into its right neighbour's place (that one keeps its polygon, so
    // the two overlap: neither is apart from the other).
    let old: Vec<_> = (0..9)
        .map(|i| cell((i % 3) as f64, (i / 3) as f64))
        .collect();
    let mut new = old.clone();
    new[4] = cell(1.2, 1.0);
    let targets_of = districts(&new);
    let targets = Targets::of(&targets_of);
    for (i, g) in old.iter().enumerate() {
        let g = MultiPolygon(vec![g.clone()]);
        let (kept, full) = both_ways(&g, &targets);
        let short = shares(&g, &targets);
        // The corners touch only unchanged cells; cells 1, 3, 7 touch the shifted centre
        // along an edge only; 4 and 5 overlap it.
        assert_eq!(kept, (![4, 5].contains(&i)).then_some(i), "cell {i}");
        assert_eq!(short.parts.len(), full.parts.len(), "cell {i}");
        for (a, b) in short.parts.iter().zip(&full.parts) {
            assert_eq!(a.0, b.0, "cell {i}");
            assert!((a.1 - b.1).abs() < 1e-6, "cell {i}: {a:?} {b:?}");
        }
        assert!((short.outside - full.outside).abs() < 1e-6, "cell {i}");
        if kept.is_some() {
            assert_eq!((short.parts[0].1, short.outside), (1.0, 0.0));
        }
    }
    // The old centre, measured by the overlays: four fifths in the shifted centre, the
    // strip left of it in no new district.
    let centre = shares(&MultiPolygon(vec![old[4].clone()]), &targets);
    let in_shifted = centre.parts.iter().find(|p| p.0 == 4).unwrap().1;
    assert!((in_shifted - 0.8).abs() < 1e-6, "{in_shifted}");
    assert!((centre.outside - 0.2).abs() < 1e-6, "{}", centre.outside);
}

#[test]
fn a_district_inside_its_aggregate_is_wholly_in_it_as_the_overlays_measure_it() {
    // The 3 × 3 grid to one unit (the square of all nine): the centre lies strictly inside
    // it, the eight others touch its border.
    let old: Vec<_> = (0..9)
        .map(|i| cell((i % 3) as f64, (i / 3) as f64))
        .collect();
    let s = 0.01;
    let unit = polygon![(x: 13.0, y: 52.0), (x: 13.0 + 3.0 * s, y: 52.0),
        (x: 13.0 + 3.0 * s, y: 52.0 + 3.0 * s), (x: 13.0, y: 52.0 + 3.0 * s)];
    let targets_of = districts(&[unit]);
    let targets = Targets::of(&targets_of);
    for (i, g) in old.iter().enumerate() {
        let g = MultiPolygon(vec![g.clone()]);
        let (kept, full) = both_ways(&g, &targets);
        assert_eq!(kept, (i == 4).then_some(0), "cell {i}");
        let short = shares(&g, &targets);
        assert_eq!(short.parts.len(), 1);
        assert!(
            (short.parts[0].1 - full.parts[0].1).abs() < 1e-6,
            "cell {i}"
        );
        assert!((short.outside - full.outside).abs() < 1e-6, "cell {i}");
    }
}
