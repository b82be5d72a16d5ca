//! A new district cut down to the neighbourhood of one old district before the crosswalk's
//! overlays: an aggregate's unit has a thousand vertices and more, a district a few dozen, and
//! an overlay's cost grows with all of them. Each ring is clipped to a box around the old
//! district (Sutherland–Hodgman against the four sides): inside the box every point keeps its
//! winding number, so the even-odd region there — the only place the overlays look, since the
//! old district lies inside the box — is the district's; the clipped rings may run back and
//! forth along the box's sides, which the overlay's even-odd fill cancels.

use geo::{Coord, LineString, MultiPolygon, Polygon, Rect};

/// Rings with more vertices than this in all are clipped; smaller districts go to the
/// overlays as they are.
pub const CLIP_ABOVE: usize = 256;

/// `mp` within `b`: each ring clipped to the box, rings left empty dropped (a polygon whose
/// exterior is left empty is dropped whole: its holes lie within its exterior).
pub fn clip_to_box(mp: &MultiPolygon<f64>, b: &Rect<f64>) -> MultiPolygon<f64> {
    MultiPolygon(
        mp.0.iter()
            .filter_map(|p| {
                let exterior = clip_ring(p.exterior(), b)?;
                let holes = p.interiors().iter().filter_map(|h| clip_ring(h, b));
                Some(Polygon::new(exterior, holes.collect()))
            })
            .collect(),
    )
}

/// `r` clipped to `b`, closed; None when nothing of it is left.
fn clip_ring(r: &LineString<f64>, b: &Rect<f64>) -> Option<LineString<f64>> {
    // The open sequence (geo's rings repeat their first point at the end).
    let mut pts: Vec<Coord<f64>> = match r.0.split_last() {
        Some((_, open)) => open.to_vec(),
        None => return None,
    };
    let (min, max) = (b.min(), b.max());
    let sides: [(bool, f64, bool); 4] = [
        (true, min.x, true),   // x ≥ min.x
        (true, max.x, false),  // x ≤ max.x
        (false, min.y, true),  // y ≥ min.y
        (false, max.y, false), // y ≤ max.y
    ];
    for (on_x, c, above) in sides {
        let inside = |p: &Coord<f64>| {
            let v = if on_x { p.x } else { p.y };
            if above { v >= c } else { v <= c }
        };
        let mut out = Vec::with_capacity(pts.len() + 4);
        for (i, cur) in pts.iter().enumerate() {
            let prev = &pts[(i + pts.len() - 1) % pts.len()];
            let (cur_in, prev_in) = (inside(cur), inside(prev));
            if cur_in != prev_in {
                out.push(crossing(prev, cur, on_x, c));
            }
            if cur_in {
                out.push(*cur);
            }
        }
        pts = out;
        if pts.is_empty() {
            return None;
        }
    }
    if pts.len() < 3 {
        return None;
    }
    let mut ring = LineString(pts);
    ring.close();
    Some(ring)
}

/// Where the edge p → q crosses the line x = c (or y = c), its other coordinate interpolated.
fn crossing(p: &Coord<f64>, q: &Coord<f64>, on_x: bool, c: f64) -> Coord<f64> {
    if on_x {
        let t = (c - p.x) / (q.x - p.x);
        Coord {
            x: c,
            y: p.y + t * (q.y - p.y),
        }
    } else {
        let t = (c - p.y) / (q.y - p.y);
        Coord {
            x: p.x + t * (q.x - p.x),
            y: c,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::geog::overlay::{Op, cut, overlay};
    use geo::{Area, CoordsIter, coord, polygon};

    #[test]
    fn a_u_clipped_across_both_arms_overlays_as_the_whole_u() {
        // A U whose arms leave the box, with a hole in its base, and a district inside the
        // box reaching across both arms and the hole.
        let u = Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (10.0, 0.0),
                (10.0, 10.0),
                (7.0, 10.0),
                (7.0, 3.0),
                (3.0, 3.0),
                (3.0, 10.0),
                (0.0, 10.0),
            ]),
            vec![LineString::from(vec![
                (4.0, 1.0),
                (6.0, 1.0),
                (6.0, 2.0),
                (4.0, 2.0),
            ])],
        );
        let u = MultiPolygon(vec![u]);
        let g = MultiPolygon(vec![polygon![(x: 1.0, y: 0.5), (x: 9.0, y: 0.5),
            (x: 9.0, y: 6.0), (x: 1.0, y: 6.0)]]);
        let b = Rect::new(coord! { x: 0.5, y: 0.25 }, coord! { x: 9.5, y: 6.5 });
        let clipped = clip_to_box(&u, &b);
        assert!(clipped.unsigned_area() < u.unsigned_area());
        let (a, c) = (
            overlay(&g, &u, Op::Intersection).unsigned_area(),
            overlay(&g, &clipped, Op::Intersection).unsigned_area(),
        );
        // 8 × 5.5 minus the notch (4 × 3) minus the hole (2 × 1).
        assert!((a - 30.0).abs() < 1e-9, "{a}");
        assert!((c - a).abs() < 1e-9, "{c} vs {a}");
        let (ci, co) = cut(&g, &clipped);
        assert!((ci.unsigned_area() - 30.0).abs() < 1e-9);
        assert!((co.unsigned_area() - 14.0).abs() < 1e-9);
        // A ring wholly outside the box is gone; one wholly inside stays as it was.
        let far = MultiPolygon(vec![polygon![(x: 20.0, y: 20.0), (x: 21.0, y: 20.0),
            (x: 21.0, y: 21.0)]]);
        assert!(clip_to_box(&far, &b).0.is_empty());
        assert_eq!(clip_to_box(&g, &b), g);
        assert_eq!(u.coords_count(), 9 + 5);
    }

    #[test]
    fn a_large_unit_cut_down_gives_the_overlays_of_the_whole_on_its_grid() {
        use crate::geog::overlay::{cut_on_grid, overlay_on_grid};
        use geo::BoundingRect;
        // A unit of 600 wavy vertices near Berlin, and a small district across its edge.
        let unit: Vec<(f64, f64)> = (0..600)
            .map(|i| {
                let t = i as f64 / 600.0 * std::f64::consts::TAU;
                let r = 0.05 * (1.0 + 0.03 * (17.0 * t).sin());
                (13.4 + r * t.cos(), 52.5 + 0.6 * r * t.sin())
            })
            .collect();
        let unit = MultiPolygon(vec![Polygon::new(LineString::from(unit), vec![])]);
        assert!(unit.coords_count() > CLIP_ABOVE);
        let g = MultiPolygon(vec![
            polygon![(x: 13.445, y: 52.499), (x: 13.456, y: 52.4992),
            (x: 13.4555, y: 52.5071), (x: 13.4452, y: 52.507)],
        ]);
        let grid = unit.bounding_rect().unwrap();
        let around = Rect::new(
            coord! { x: 13.443, y: 52.497 },
            coord! { x: 13.458, y: 52.509 },
        );
        let small = clip_to_box(&unit, &around);
        assert!(small.coords_count() < unit.coords_count() / 4);
        let (wi, wo) = cut(&g, &unit);
        let (ci, co) = cut_on_grid(&g, &small, &grid);
        assert!(wi.unsigned_area() > 0.0 && wo.unsigned_area() > 0.0);
        // The same pieces from the few vertices: equal areas to the last bits.
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs());
        assert!(close(ci.unsigned_area(), wi.unsigned_area()));
        assert!(close(co.unsigned_area(), wo.unsigned_area()));
        let i = overlay_on_grid(&g, &small, Op::Intersection, &grid);
        assert!(close(
            i.unsigned_area(),
            overlay(&g, &unit, Op::Intersection).unsigned_area()
        ));
    }
}
