//! The crosswalk's shortcut for a district lying wholly in one new district: when an old
//! district is, vertex for vertex, one polygon of a new district (a revision kept it; an
//! aggregate kept a part that touches no other), or lies strictly inside one (an aggregate's
//! union of it with its neighbours, away from the union's border), and every other new
//! polygon near it provably shares no area with it, its weight is 1 with nothing outside, and
//! the overlays it would cost are not run. They gave the same up to the snapping of their
//! integer grids: shares down to 1 − 4·10⁻⁷, and a share "outside the new districts".
//!
//! Every test here is exact (geo's robust orientation predicates on the coordinates as read);
//! where one cannot decide, the overlays do. That includes a district touching the border of
//! the new district that holds it, and a kept district in a tiling whose neighbours share its
//! border and whose boxes overlap its box (irregular districts): touching cannot be told from
//! overlapping by these tests.

use geo::coordinate_position::CoordPos;
use geo::{Area, BoundingRect, CoordinatePosition, Intersects, Line, LineString, Polygon, Rect};

/// A new polygon near an old district: its new district, the polygon, and its box.
pub(super) type Near<'a> = (usize, &'a Polygon<f64>, Rect<f64>);

/// The new district `g` lies wholly in, when `g` is a single polygon equal to or strictly
/// inside one of `near` (the new polygons whose box meets `g`'s) and apart from all the others.
pub(super) fn wholly_in(g: &geo::MultiPolygon<f64>, near: &[Near]) -> Option<usize> {
    let [p] = g.0.as_slice() else {
        return None;
    };
    let pbox = p.bounding_rect()?;
    if p.unsigned_area() <= 0.0 {
        return None;
    }
    let holder = near
        .iter()
        .position(|(_, q, qbox)| same_polygon(p, q) || strictly_inside(p, &pbox, q, qbox))?;
    near.iter()
        .enumerate()
        .filter(|(i, _)| *i != holder)
        .all(|(_, (_, q, qbox))| apart(p, &pbox, q, qbox))
        .then_some(near[holder].0)
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

/// Whether `p` lies in the interior of `q`: its box within `q`'s, no edge of either meeting an
/// edge of the other, its first point inside `q` (so all of its boundary is), and no hole of
/// `q` starting inside `p` (a hole that does not meet `p`'s boundary lies inside or outside it
/// as a whole).
fn strictly_inside(p: &Polygon<f64>, pbox: &Rect<f64>, q: &Polygon<f64>, qbox: &Rect<f64>) -> bool {
    let within = |a: f64, b: f64, lo: f64, hi: f64| lo < a && b < hi;
    within(pbox.min().x, pbox.max().x, qbox.min().x, qbox.max().x)
        && within(pbox.min().y, pbox.max().y, qbox.min().y, qbox.max().y)
        && !boundaries_meet(p, pbox, q, qbox)
        && p.exterior()
            .0
            .first()
            .is_some_and(|c| q.coordinate_position(c) == CoordPos::Inside)
        && q.interiors().iter().all(|h| {
            h.0.first()
                .is_some_and(|c| p.coordinate_position(c) == CoordPos::Outside)
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
    !boundaries_meet(p, pbox, q, qbox) && outside_rings(p, q) && outside_rings(q, p)
}

/// Whether an edge of `p` meets (crosses or touches) an edge of `q`. Only the edges of each
/// that reach the other's box are compared: an aggregate's unit has hundreds of edges, a
/// district a few dozen.
fn boundaries_meet(p: &Polygon<f64>, pbox: &Rect<f64>, q: &Polygon<f64>, qbox: &Rect<f64>) -> bool {
    let near = |poly: &Polygon<f64>, other: &Rect<f64>| -> Vec<Line<f64>> {
        std::iter::once(poly.exterior())
            .chain(poly.interiors())
            .flat_map(|r| r.lines())
            .filter(|l| l.bounding_rect().intersects(other))
            .collect()
    };
    let mine = near(p, qbox);
    if mine.is_empty() {
        return false;
    }
    let theirs = near(q, pbox);
    mine.iter().any(|a| theirs.iter().any(|b| a.intersects(b)))
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
        wholly_in(&MultiPolygon(vec![g.clone()]), &refs)
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
    fn a_district_strictly_inside_a_new_one_takes_the_shortcut_one_on_its_border_not() {
        let big = square(0.0, 0.0, 3.0);
        let g = square(1.0, 1.0, 1.0);
        assert_eq!(kept(&g, &[(5, big.clone())]), Some(5));
        // On the border (an edge along the big one's): the overlays decide.
        assert_eq!(kept(&square(0.0, 1.0, 1.0), &[(5, big.clone())]), None);
        // A corner touching the border from inside.
        let diamond =
            polygon![(x: 0.0, y: 1.5), (x: 1.0, y: 1.0), (x: 1.5, y: 1.5), (x: 1.0, y: 2.0)];
        assert_eq!(kept(&diamond, &[(5, big.clone())]), None);
        // A hole of the big one inside g: g is not wholly in it; a hole elsewhere is no matter.
        let with_hole =
            |h: Polygon<f64>| Polygon::new(big.exterior().clone(), vec![h.exterior().clone()]);
        assert_eq!(kept(&g, &[(5, with_hole(square(1.25, 1.25, 0.5)))]), None);
        assert_eq!(kept(&g, &[(5, with_hole(square(2.2, 2.2, 0.5)))]), Some(5));
        // Another new district reaching into g, or lying apart from it.
        let reaching = square(1.5, 1.5, 2.0);
        assert_eq!(kept(&g, &[(5, big.clone()), (6, reaching)]), None);
        assert_eq!(
            kept(&g, &[(5, big.clone()), (6, square(3.0, 0.0, 3.0))]),
            Some(5)
        );
        // Outside it, or holding it rather than held: no shortcut.
        assert_eq!(kept(&big, &[(5, g.clone())]), None);
        assert_eq!(kept(&square(4.0, 1.0, 1.0), &[(5, big)]), None);
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
