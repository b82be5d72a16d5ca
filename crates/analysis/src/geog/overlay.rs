//! The boolean operations of the crosswalk on geo's polygons, through i_overlay as geo's own
//! `BooleanOps` call it (OGC output, even-odd fill, the default solver), with both shapes
//! moved next to the origin first: the overlay snaps to an integer grid spanning the shapes'
//! box, and near the origin none of its precision goes to the offset of lon 13°, lat 52°.
//!
//! `cut` takes a polygon's intersection with and difference from another from one overlay
//! graph: the graph (splitting the edges where they cross) is most of an overlay's work, and
//! both results are those of the two separate operations on the same two shapes.

use geo::{BoundingRect, Coord, LineString, MultiPolygon, Polygon};
use i_overlay::core::extract::BooleanExtractionBuffer;
use i_overlay::core::fill_rule::FillRule;
use i_overlay::core::overlay_rule::OverlayRule;
use i_overlay::float::overlay::{FloatOverlay, OverlayOptions};

/// One boolean operation of two shapes (a shape with itself is `resolved`).
#[derive(Clone, Copy)]
pub enum Op {
    Intersection,
    Difference,
}

impl Op {
    fn rule(self) -> OverlayRule {
        match self {
            Op::Intersection => OverlayRule::Intersect,
            Op::Difference => OverlayRule::Difference,
        }
    }
}

/// `a op b`.
pub fn overlay(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>, op: Op) -> MultiPolygon<f64> {
    let Some((dx, dy)) = origin(a) else {
        return MultiPolygon(vec![]);
    };
    let (subject, clip) = (paths(a, dx, dy), paths(b, dx, dy));
    let shapes = with_overlay(|o| {
        o.reinit_with_subj_and_clip(&subject, &clip);
        o.overlay(op.rule(), FillRule::EvenOdd)
    });
    polygons(shapes, dx, dy)
}

/// `a` as the overlay resolves it alone (self-crossing rings and spikes): `a ∪ a`, from an
/// overlay of `a` only.
pub fn resolved(a: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let Some((dx, dy)) = origin(a) else {
        return MultiPolygon(vec![]);
    };
    let subject = paths(a, dx, dy);
    let shapes = with_overlay(|o| {
        o.reinit_with_subj(&subject);
        o.overlay(OverlayRule::Subject, FillRule::EvenOdd)
    });
    polygons(shapes, dx, dy)
}

/// `a ∩ b` and `a − b`, from one overlay graph.
pub fn cut(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> (MultiPolygon<f64>, MultiPolygon<f64>) {
    let Some((dx, dy)) = origin(a) else {
        return (MultiPolygon(vec![]), MultiPolygon(vec![]));
    };
    let (subject, clip) = (paths(a, dx, dy), paths(b, dx, dy));
    let (inside, outside) = with_overlay(|o| {
        o.reinit_with_subj_and_clip(&subject, &clip);
        inside_and_outside(o)
    });
    (polygons(inside, dx, dy), polygons(outside, dx, dy))
}

type Shapes = Vec<Vec<Vec<[f64; 2]>>>;

/// The intersection and the difference from the overlay's one graph; both empty without a
/// graph (no edge is left of the shapes), as each operation alone gives them.
fn inside_and_outside(o: &mut Overlay) -> (Shapes, Shapes) {
    o.build_graph_view(FillRule::EvenOdd)
        .map(|graph| {
            let mut buffer = BooleanExtractionBuffer::default();
            (
                graph.extract_shapes(OverlayRule::Intersect, &mut buffer),
                graph.extract_shapes(OverlayRule::Difference, &mut buffer),
            )
        })
        .unwrap_or_default()
}

/// `a op b` as [`overlay`] computes it for `a` and the shapes `grid` spans — on the integer
/// grid it would choose for them — where `b` is those shapes cut down around `a`
/// (`clip_box`): the vertices near `a` snap as in the overlay of the whole, so the pieces are
/// the same, at the cost of the few vertices left.
pub fn overlay_on_grid(
    a: &MultiPolygon<f64>,
    b: &MultiPolygon<f64>,
    op: Op,
    grid: &geo::Rect<f64>,
) -> MultiPolygon<f64> {
    match on_grid(a, b, grid) {
        Some((mut o, dx, dy)) => polygons(o.overlay(op.rule(), FillRule::EvenOdd), dx, dy),
        None => MultiPolygon(vec![]),
    }
}

/// `a ∩ b` and `a − b` as [`cut`] computes them, on the grid of [`overlay_on_grid`].
pub fn cut_on_grid(
    a: &MultiPolygon<f64>,
    b: &MultiPolygon<f64>,
    grid: &geo::Rect<f64>,
) -> (MultiPolygon<f64>, MultiPolygon<f64>) {
    let Some((mut o, dx, dy)) = on_grid(a, b, grid) else {
        return (MultiPolygon(vec![]), MultiPolygon(vec![]));
    };
    let (inside, outside) = inside_and_outside(&mut o);
    (polygons(inside, dx, dy), polygons(outside, dx, dy))
}

/// An overlay of `a` and `b` moved as [`overlay`] moves them, its grid chosen for the box of
/// `a` and `grid` (as the overlay chooses it from the points: their box, moved).
fn on_grid(
    a: &MultiPolygon<f64>,
    b: &MultiPolygon<f64>,
    grid: &geo::Rect<f64>,
) -> Option<(Overlay, f64, f64)> {
    use i_overlay::core::overlay::ShapeType;
    use i_overlay::i_float::adapter::FloatPointAdapter;
    use i_overlay::i_float::float::rect::FloatRect;
    let (dx, dy) = origin(a)?;
    let r = a.bounding_rect()?;
    // Moving is monotonic, so the moved corners are the moved points' extremes.
    let [min_x, min_y] = moved(
        r.min().x.min(grid.min().x),
        r.min().y.min(grid.min().y),
        -dx,
        -dy,
    );
    let [max_x, max_y] = moved(
        r.max().x.max(grid.max().x),
        r.max().y.max(grid.max().y),
        -dx,
        -dy,
    );
    let adapter = FloatPointAdapter::new(FloatRect::new(min_x, max_x, min_y, max_y));
    let (subject, clip) = (paths(a, dx, dy), paths(b, dx, dy));
    let capacity = subject.iter().chain(&clip).map(Vec::len).sum();
    let o = Overlay::new_custom(adapter, OverlayOptions::ogc(), Default::default(), capacity)
        .unsafe_add_source(&subject, ShapeType::Subject)
        .unsafe_add_source(&clip, ShapeType::Clip);
    Some((o, dx, dy))
}

type Overlay = FloatOverlay<[f64; 2], f64>;

thread_local! {
    /// Each thread's overlay, reused: its buffers (segments, graph) grow to the largest
    /// overlay once instead of being allocated for each of hundreds of thousands (a quarter of
    /// a crosswalk's time went to the allocator). Filled anew by `reinit_…` each time, with
    /// the options geo uses (OGC, default solver; no minimum area, so the grid does not
    /// matter for them).
    static OVERLAY: std::cell::RefCell<Option<Overlay>> = const { std::cell::RefCell::new(None) };
}

/// `f` with this thread's overlay.
fn with_overlay<R>(f: impl FnOnce(&mut Overlay) -> R) -> R {
    OVERLAY.with(|cell| {
        let mut cell = cell.borrow_mut();
        let overlay = cell.get_or_insert_with(|| {
            Overlay::new_empty(OverlayOptions::ogc(), Default::default(), 0)
        });
        f(overlay)
    })
}

/// The corner `a` is moved to the origin from, `None` for an empty shape.
fn origin(a: &MultiPolygon<f64>) -> Option<(f64, f64)> {
    a.bounding_rect().map(|r| (r.min().x, r.min().y))
}

/// `c` moved by (dx, dy) in geo's `Translate` arithmetic (an affine transform: 1·x + 0·y + dx),
/// so that the coordinates are those of `translate` to the bit, without its copy of the shape.
fn moved(x: f64, y: f64, dx: f64, dy: f64) -> [f64; 2] {
    [1.0 * x + 0.0 * y + dx, 0.0 * x + 1.0 * y + dy]
}

/// The rings of `mp` moved by (−dx, −dy), as i_overlay's implicitly closed paths.
fn paths(mp: &MultiPolygon<f64>, dx: f64, dy: f64) -> Vec<Vec<[f64; 2]>> {
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|ring| match ring.0.split_last() {
            // geo's rings repeat their first point at the end; i_overlay's paths do not.
            Some((_, open)) => open.iter().map(|c| moved(c.x, c.y, -dx, -dy)).collect(),
            None => Vec::new(),
        })
        .collect()
}

/// i_overlay's shapes (outer contour first, then holes) as polygons moved back by (dx, dy).
fn polygons(shapes: Shapes, dx: f64, dy: f64) -> MultiPolygon<f64> {
    let ring = |path: Vec<[f64; 2]>| {
        let mut line = LineString(
            path.into_iter()
                .map(|[x, y]| {
                    let [x, y] = moved(x, y, dx, dy);
                    Coord { x, y }
                })
                .collect(),
        );
        line.close();
        line
    };
    MultiPolygon(
        shapes
            .into_iter()
            .map(|shape| {
                let mut rings = shape.into_iter().map(ring);
                let exterior = rings.next().unwrap_or(LineString(vec![]));
                Polygon::new(exterior, rings.collect())
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::{Op, cut, overlay, resolved};
    use geo::{BooleanOps, Coord, LineString, MultiPolygon, Polygon, Translate};

    fn ring(points: &[(f64, f64)]) -> LineString<f64> {
        let mut l = LineString(points.iter().map(|&(x, y)| Coord { x, y }).collect());
        l.close();
        l
    }

    /// geo's own operation, with the same move to the origin (`None`: the union).
    fn geo_op(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>, op: Option<Op>) -> MultiPolygon<f64> {
        use geo::BoundingRect;
        let Some(r) = a.bounding_rect() else {
            return MultiPolygon(vec![]);
        };
        let (dx, dy) = (r.min().x, r.min().y);
        let (a, b) = (a.translate(-dx, -dy), b.translate(-dx, -dy));
        let out = match op {
            Some(Op::Intersection) => a.intersection(&b),
            Some(Op::Difference) => a.difference(&b),
            None => a.union(&b),
        };
        out.translate(dx, dy)
    }

    /// Shapes near Berlin: a district with a hole, one overlapping it, a self-crossing
    /// "bow tie", a spike, and a multi-part district.
    fn shapes() -> Vec<MultiPolygon<f64>> {
        let at = |pts: &[(f64, f64)]| -> Vec<(f64, f64)> {
            pts.iter()
                .map(|&(x, y)| (13.4 + x * 0.01, 52.5 + y * 0.01))
                .collect()
        };
        let holed = Polygon::new(
            ring(&at(&[(0.0, 0.0), (3.0, 0.1), (3.2, 2.9), (0.1, 3.0)])),
            vec![ring(&at(&[(1.0, 1.0), (1.0, 2.0), (2.0, 2.0), (2.0, 1.0)]))],
        );
        let other = Polygon::new(
            ring(&at(&[(1.5, -1.0), (4.0, 0.5), (2.5, 4.0), (1.2, 1.5)])),
            vec![],
        );
        let bow_tie = Polygon::new(
            ring(&at(&[(0.0, 0.0), (2.0, 2.0), (2.0, 0.0), (0.0, 2.0)])),
            vec![],
        );
        let spike = Polygon::new(
            ring(&at(&[
                (0.0, 0.0),
                (2.0, 0.0),
                (2.0, 1.0),
                (3.5, 1.0),
                (2.0, 1.0),
                (2.0, 2.0),
            ])),
            vec![],
        );
        // A pentagram: its middle is wound twice, a hole by the even-odd rule.
        let star = Polygon::new(
            ring(&at(&[
                (0.0, 0.0),
                (1.0, 3.0),
                (2.0, 0.0),
                (-0.6, 1.9),
                (2.6, 1.9),
            ])),
            vec![],
        );
        let far = Polygon::new(
            ring(&at(&[(10.0, 10.0), (11.0, 10.0), (11.0, 11.0)])),
            vec![],
        );
        vec![
            MultiPolygon(vec![holed.clone()]),
            MultiPolygon(vec![other.clone()]),
            MultiPolygon(vec![bow_tie]),
            MultiPolygon(vec![spike]),
            MultiPolygon(vec![star]),
            MultiPolygon(vec![other, far.clone()]),
            MultiPolygon(vec![holed, far]),
            MultiPolygon(vec![]),
        ]
    }

    #[test]
    fn the_operations_are_geos_to_the_bit() {
        let shapes = shapes();
        // Twice over, so that the thread's reused overlay has held larger and smaller shapes.
        for _ in 0..2 {
            for a in &shapes {
                assert_eq!(resolved(a), geo_op(a, a, None));
                for b in &shapes {
                    for op in [Op::Intersection, Op::Difference] {
                        assert_eq!(overlay(a, b, op), geo_op(a, b, Some(op)));
                    }
                    let (inside, outside) = cut(a, b);
                    assert_eq!(inside, geo_op(a, b, Some(Op::Intersection)));
                    assert_eq!(outside, geo_op(a, b, Some(Op::Difference)));
                }
            }
        }
    }
}
