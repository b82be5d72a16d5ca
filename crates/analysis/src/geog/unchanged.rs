//! The crosswalk's shortcut for a district the new file kept as it was: when an old district
//! is, vertex for vertex, one polygon of a new district, and every other new polygon near it
//! provably shares no area with it, the district lies wholly in that new district — weight 1,
//! nothing outside — and the two overlays it would cost are not run. An aggregate keeps, as
//! its own polygons, the parts that touch no other, and a revision keeps districts as they
//! were; the overlays of a polygon with itself gave the same up to the snapping of their
//! integer grids (shares of 1 − 4·10⁻⁷ reported as "outside the new districts").
//!
//! Every test here is exact (geo's robust orientation predicates on the coordinates as read);
//! where one cannot decide, the overlays do. That includes a kept district in a tiling whose
//! neighbours share its border and whose boxes overlap its box (irregular districts): touching
//! cannot be told from overlapping by these tests, so only separate districts and neighbours
//! whose boxes meet along a line (a grid of rectangles) take the shortcut.

use geo::coordinate_position::CoordPos;
use geo::{Area, BoundingRect, CoordinatePosition, Intersects, Line, LineString, Polygon, Rect};

/// A new polygon near an old district: its new district, the polygon, and its box.
pub(super) type Near<'a> = (usize, &'a Polygon<f64>, Rect<f64>);

/// The new district `g` lies wholly in, when `g` is a single polygon equal to one of `near`
/// (the new polygons whose box meets `g`'s) and apart from all the others.
pub(super) fn kept_in(g: &geo::MultiPolygon<f64>, near: &[Near]) -> Option<usize> {
    let [p] = g.0.as_slice() else {
        return None;
    };
    let pbox = p.bounding_rect()?;
    if p.unsigned_area() <= 0.0 {
        return None;
    }
    let same = near.iter().position(|(_, q, _)| same_polygon(p, q))?;
    near.iter()
        .enumerate()
        .filter(|(i, _)| *i != same)
        .all(|(_, (_, q, qbox))| apart(p, &pbox, q, qbox))
        .then_some(near[same].0)
}

/// The same rings: the exterior and each hole in turn, each the same closed sequence of
/// points, possibly from another first point or the other way round.
fn same_polygon(p: &Polygon<f64>, q: &Polygon<f64>) -> bool {
    p.interiors().len() == q.interiors().len()
        && same_ring(p.exterior(), q.exterior())
        && p.interiors()
            .iter()
            .zip(q.interiors())
            .all(|(a, b)| same_ring(a, b))
}

fn same_ring(a: &LineString<f64>, b: &LineString<f64>) -> bool {
    // Closed rings repeat their first point at the end: compare the open sequences.
    let (Some((_, a)), Some((_, b))) = (a.0.split_last(), b.0.split_last()) else {
        return false;
    };
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    let n = a.len();
    (0..n).filter(|&s| b[s] == a[0]).any(|s| {
        (0..n).all(|i| a[i] == b[(s + i) % n]) || (0..n).all(|i| a[i] == b[(s + n - i) % n])
    })
}

/// Whether `p` and `q` provably share no area: their boxes meet in a line or a point only, or
/// their boundaries do not meet and no ring of either lies in the other. (A ring that does not
/// meet the other polygon's boundary lies inside or outside it as a whole, so its first point
/// tells; with every ring of each outside the other, the two regions cannot overlap.)
fn apart(p: &Polygon<f64>, pbox: &Rect<f64>, q: &Polygon<f64>, qbox: &Rect<f64>) -> bool {
    let (lo, hi) = (
        pbox.min().x.max(qbox.min().x),
        pbox.max().x.min(qbox.max().x),
    );
    let (bottom, top) = (
        pbox.min().y.max(qbox.min().y),
        pbox.max().y.min(qbox.max().y),
    );
    if lo >= hi || bottom >= top {
        return true;
    }
    !boundaries_meet(p, q, qbox) && outside_rings(p, q) && outside_rings(q, p)
}

/// Whether an edge of `p` meets (crosses or touches) an edge of `q`.
fn boundaries_meet(p: &Polygon<f64>, q: &Polygon<f64>, qbox: &Rect<f64>) -> bool {
    let edges = |poly: &Polygon<f64>| -> Vec<Line<f64>> {
        std::iter::once(poly.exterior())
            .chain(poly.interiors())
            .flat_map(|r| r.lines())
            .collect()
    };
    // Only the edges of `p` that can reach `q`'s box are compared with all of `q`'s.
    let near: Vec<Line<f64>> = edges(p)
        .into_iter()
        .filter(|l| l.bounding_rect().intersects(qbox))
        .collect();
    if near.is_empty() {
        return false;
    }
    let theirs = edges(q);
    near.iter().any(|a| theirs.iter().any(|b| a.intersects(b)))
}

/// Whether every ring of `a` starts outside `b` (not inside, not on its boundary).
fn outside_rings(a: &Polygon<f64>, b: &Polygon<f64>) -> bool {
    std::iter::once(a.exterior()).chain(a.interiors()).all(|r| {
        r.0.first()
            .is_some_and(|c| b.coordinate_position(c) == CoordPos::Outside)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use geo::{MultiPolygon, coord, polygon};

    fn near(polys: &[(usize, Polygon<f64>)]) -> Vec<(usize, Polygon<f64>, Rect<f64>)> {
        polys
            .iter()
            .map(|(j, p)| (*j, p.clone(), p.bounding_rect().unwrap()))
            .collect()
    }

    fn kept(g: &Polygon<f64>, polys: &[(usize, Polygon<f64>)]) -> Option<usize> {
        let n = near(polys);
        let refs: Vec<Near> = n.iter().map(|(j, p, b)| (*j, p, *b)).collect();
        kept_in(&MultiPolygon(vec![g.clone()]), &refs)
    }

    fn square(x: f64, y: f64, s: f64) -> Polygon<f64> {
        polygon![(x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s)]
    }

    #[test]
    fn the_same_ring_from_another_point_or_the_other_way_round() {
        let g = square(0.0, 0.0, 1.0);
        let rotated =
            polygon![(x: 1.0, y: 1.0), (x: 0.0, y: 1.0), (x: 0.0, y: 0.0), (x: 1.0, y: 0.0)];
        let reversed =
            polygon![(x: 0.0, y: 0.0), (x: 0.0, y: 1.0), (x: 1.0, y: 1.0), (x: 1.0, y: 0.0)];
        assert_eq!(kept(&g, &[(4, rotated)]), Some(4));
        assert_eq!(kept(&g, &[(5, reversed)]), Some(5));
        // One point moved by a little: not the same polygon, the overlays decide.
        let mut moved = g.clone();
        moved.exterior_mut(|r| r.0[2] = coord! { x: 1.0, y: 1.0 + 1e-12 });
        assert_eq!(kept(&g, &[(4, moved)]), None);
    }

    #[test]
    fn neighbours_that_only_touch_leave_the_shortcut_but_overlapping_ones_do_not() {
        let g = square(0.0, 0.0, 1.0);
        // A grid: the new district 7 is g, its neighbours share edges and a corner.
        let grid = [
            (7, g.clone()),
            (8, square(1.0, 0.0, 1.0)),
            (9, square(1.0, 1.0, 1.0)),
            (3, square(0.0, -1.0, 1.0)),
        ];
        assert_eq!(kept(&g, &grid), Some(7));
        // A triangle whose box overlaps g's but whose edges stay clear of it.
        let clear = polygon![(x: 1.5, y: 0.2), (x: 0.9, y: 2.0), (x: 3.0, y: 2.0)];
        assert_eq!(kept(&g, &[(7, g.clone()), (8, clear)]), Some(7));
        // A polygon reaching into g, one lying inside it, one holding it, a duplicate.
        let reaching = square(0.5, 0.5, 1.0);
        let inside = square(0.25, 0.25, 0.5);
        let holding = square(-1.0, -1.0, 3.0);
        for other in [reaching, inside, holding, g.clone()] {
            assert_eq!(kept(&g, &[(7, g.clone()), (8, other)]), None);
        }
        // Not near anything equal to it.
        assert_eq!(kept(&g, &[(8, square(1.0, 0.0, 1.0))]), None);
    }

    #[test]
    fn a_polygon_in_a_hole_is_apart_and_one_with_a_hole_around_it_is_not() {
        let ring = Polygon::new(
            square(-2.0, -2.0, 5.0).exterior().clone(),
            vec![square(-1.0, -1.0, 3.0).exterior().clone()],
        );
        let g = square(0.0, 0.0, 1.0);
        // g lies in the other district's hole: apart.
        assert_eq!(kept(&g, &[(1, g.clone()), (2, ring.clone())]), Some(1));
        // A district with a hole kept unchanged, and a polygon in that hole: apart too.
        assert_eq!(
            kept(&ring, &[(2, ring.clone()), (3, square(0.0, 0.0, 1.0))]),
            Some(2)
        );
        // A zero-area polygon never takes the shortcut.
        let flat = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 2.0, y: 0.0)];
        assert_eq!(kept(&flat, &[(1, flat.clone())]), None);
    }
}
