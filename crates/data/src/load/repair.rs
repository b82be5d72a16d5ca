//! Repairing the polygons of one feature, as GIS departments' files need it, with every
//! change listed: duplicate consecutive points removed, unclosed rings closed, rings with
//! fewer than three distinct points or no area dropped, rings reoriented to the GeoJSON rule
//! (exteriors counter-clockwise, holes clockwise), holes lying outside their shell dropped,
//! and self-intersecting polygons made valid by an overlay (geo's i_overlay-based union,
//! even-odd). A polygon that cannot be made valid is an error for its feature only.

use super::note::Note;
use geo::bool_ops::{BooleanOps, FillRule, OpType};
use geo::orient::{Direction, Orient};
use geo::{Area, Coord, Intersects, Line, LineString, MultiPolygon, Polygon, Winding};
use rstar::{AABB, RTree, RTreeObject, primitives::GeomWithData, primitives::Rectangle};

/// What was changed in a feature's geometry, counted.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Repairs {
    pub closed: usize,
    pub duplicates: usize,
    pub degenerate: usize,
    pub zero_area: usize,
    pub reoriented: usize,
    pub holes_outside: usize,
    pub made_valid: usize,
}

impl Repairs {
    pub fn add(&mut self, o: &Repairs) {
        self.closed += o.closed;
        self.duplicates += o.duplicates;
        self.degenerate += o.degenerate;
        self.zero_area += o.zero_area;
        self.reoriented += o.reoriented;
        self.holes_outside += o.holes_outside;
        self.made_valid += o.made_valid;
    }

    /// One note per kind of change ("unclosed ring closed (1)", …), empty when none.
    pub fn describe(&self) -> Vec<Note> {
        [
            (
                self.closed,
                (|n| Note::RingsClosed { n }) as fn(usize) -> Note,
            ),
            (self.duplicates, |n| Note::DuplicatePoints { n }),
            (self.degenerate, |n| Note::DegenerateRings { n }),
            (self.zero_area, |n| Note::ZeroAreaRings { n }),
            (self.reoriented, |n| Note::RingsReoriented { n }),
            (self.holes_outside, |n| Note::HolesOutside { n }),
            (self.made_valid, |n| Note::MadeValid { n }),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, note)| note(n))
        .collect()
    }
}

/// A ring from raw positions: duplicates removed, closed; `None` (counted) when fewer than
/// three distinct points or no area remain.
pub fn clean_ring(points: &[Coord<f64>], r: &mut Repairs) -> Option<LineString<f64>> {
    let mut pts: Vec<Coord<f64>> = Vec::with_capacity(points.len() + 1);
    for &p in points {
        if pts.last() == Some(&p) {
            r.duplicates += 1;
        } else {
            pts.push(p);
        }
    }
    let closed = pts.len() > 1 && pts.first() == pts.last();
    if closed {
        pts.pop();
    }
    if pts.len() < 3 {
        r.degenerate += 1;
        return None;
    }
    if !closed {
        r.closed += 1;
    }
    if collinear(&pts) {
        r.zero_area += 1;
        return None;
    }
    // geo closes the ring when it becomes part of a polygon.
    Some(LineString::new(pts))
}

thread_local! {
    /// Set while an overlay runs on this thread: its panics are expected and handled.
    static IN_OVERLAY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs the overlay, turning a panic inside it into `None`. i_overlay 4.5 panics on some
/// degenerate self-intersecting rings (found by fuzzing); the feature is then reported as not
/// repairable instead of taking the whole load down. The panic hook is chained once so such a
/// caught panic prints nothing, while every other panic still reaches the previous hook.
fn quietly<R>(f: impl FnOnce() -> R) -> Option<R> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_OVERLAY.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    IN_OVERLAY.with(|f| f.set(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_OVERLAY.with(|f| f.set(false));
    r.ok()
}

/// Whether all points lie on one line (a ring without area). Not the signed area: a
/// figure-eight's lobes cancel to zero but it has an area to save.
fn collinear(pts: &[Coord<f64>]) -> bool {
    let a = pts[0];
    let Some(b) = pts.iter().copied().find(|&p| p != a) else {
        return true;
    };
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let scale = dx.abs().max(dy.abs());
    pts.iter().all(|p| {
        let cross = dx * (p.y - a.y) - dy * (p.x - a.x);
        cross.abs() <= 1e-12 * scale * ((p.x - a.x).abs() + (p.y - a.y).abs() + scale)
    })
}

/// A polygon from a cleaned shell and holes: holes outside the shell dropped, rings oriented,
/// self-intersections resolved. Several polygons can come out (a figure-eight splits).
pub fn repair_polygon(
    shell: LineString<f64>,
    holes: Vec<LineString<f64>>,
    r: &mut Repairs,
) -> Result<Vec<Polygon<f64>>, Note> {
    let mut kept = Vec::with_capacity(holes.len());
    // The shell as a polygon only where there are holes to test (most districts have none:
    // it was a copy of every shell's points while loading 100 000 of them).
    if !holes.is_empty() {
        let shell_poly = Polygon::new(shell.clone(), vec![]);
        for h in holes {
            // Entirely outside: neither inside nor touching the shell.
            if h.0.first().is_some_and(|c| !shell_poly.intersects(c)) && !shell.intersects(&h) {
                r.holes_outside += 1;
            } else {
                kept.push(h);
            }
        }
    }
    let mut poly = Polygon::new(shell, kept);
    let wrong = usize::from(poly.exterior().is_cw())
        + poly.interiors().iter().filter(|h| h.is_ccw()).count();
    if wrong > 0 {
        r.reoriented += wrong;
        poly = poly.orient(Direction::Default);
    }
    let crossings = count_crossings(&poly, MAX_CROSSINGS);
    if crossings == 0 {
        return Ok(vec![poly]);
    }
    if crossings >= MAX_CROSSINGS {
        // The overlay's time and memory grow with the crossings (a ring of 300 000 points
        // tracing a circle five times: 80 s and 5 GB): such a feature is reported instead.
        return Err(Note::TooComplex { max: MAX_CROSSINGS });
    }
    // Self-intersections, holes crossing the shell: let the overlay rebuild the area.
    // Even-odd: every lobe of a figure-eight counts, holes are subtracted.
    let none = MultiPolygon::<f64>::new(vec![]);
    let fixed = quietly(|| poly.boolean_op_with_fill_rule(&none, OpType::Union, FillRule::EvenOdd))
        .ok_or(Note::NotMadeValid)?;
    let fixed: MultiPolygon<f64> = fixed.orient(Direction::Default);
    if fixed.0.is_empty() || fixed.unsigned_area() == 0.0 {
        return Err(Note::NoAreaOnceValid);
    }
    r.made_valid += 1;
    Ok(fixed.0)
}

/// Self-intersections a feature may have and still be repaired by the overlay.
pub const MAX_CROSSINGS: usize = 20_000;

/// Whether any two non-adjacent edges of the polygon's rings meet.
pub fn has_crossings(poly: &Polygon<f64>) -> bool {
    count_crossings(poly, 1) > 0
}

/// How many pairs of non-adjacent edges of the polygon's rings meet, counted up to `limit`: a
/// ring crossing itself, or a hole crossing (or touching) the shell or another hole. geo's
/// `Validation` compares every edge with every other (quadratic: minutes for a ring of
/// 100 000 points); this compares only edges whose boxes overlap, found with an R-tree, and
/// stops at the limit.
pub fn count_crossings(poly: &Polygon<f64>, limit: usize) -> usize {
    EDGES.with(|cell| match cell.try_borrow_mut() {
        Ok(mut edges) => {
            let count = count_in(poly, limit, &mut edges);
            // A huge ring's list is not kept for the thread's lifetime.
            if edges.capacity() > 1 << 16 {
                *edges = Vec::new();
            }
            count
        }
        Err(_) => count_in(poly, limit, &mut Vec::new()),
    })
}

/// An edge of a ring: its x range (kept: the sweep's sort and stop compare it most), its
/// ring, its place in the ring, the ring's edge count, and the edge.
#[derive(Clone, Copy)]
struct Edge {
    x0: f64,
    x1: f64,
    ring: usize,
    index: usize,
    ring_edges: usize,
    line: Line<f64>,
}

thread_local! {
    /// The edges of the polygon being checked, one list per thread reused: a fresh list per
    /// polygon kept the allocator growing and trimming its heap, and the page faults took
    /// most of the check's time (100 000 districts).
    static EDGES: std::cell::RefCell<Vec<Edge>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn count_in(poly: &Polygon<f64>, limit: usize, edges: &mut Vec<Edge>) -> usize {
    edges.clear();
    for (r, ring) in std::iter::once(poly.exterior())
        .chain(poly.interiors())
        .enumerate()
    {
        let n = ring.0.len().saturating_sub(1);
        edges.extend(ring.lines().enumerate().map(|(i, line)| Edge {
            x0: line.start.x.min(line.end.x),
            x1: line.start.x.max(line.end.x),
            ring: r,
            index: i,
            ring_edges: n,
            line,
        }));
    }
    let adjacent = |a: &Edge, b: &Edge| {
        a.ring == b.ring && {
            let d = a.index.abs_diff(b.index);
            d == 1 || d + 1 == a.ring_edges
        }
    };
    let crosses = |a: &Edge, b: &Edge| !adjacent(a, b) && a.line.intersects(&b.line);
    if edges.len() <= 256 {
        // A sweep along x over the edges' boxes: each edge meets only the few whose x ranges
        // overlap its own (all pairs with the exact test dominated loading 100 000 districts).
        // Every unordered pair is visited once whatever the order: sorted in place.
        edges.sort_unstable_by(|a, b| a.x0.total_cmp(&b.x0));
        let y_range = |e: &Edge| {
            let (a, b) = (e.line.start.y, e.line.end.y);
            (a.min(b), a.max(b))
        };
        let mut count = 0;
        for (at, a) in edges.iter().enumerate() {
            let (ay0, ay1) = y_range(a);
            for b in &edges[at + 1..] {
                if b.x0 > a.x1 {
                    break;
                }
                let (by0, by1) = y_range(b);
                if ay0 <= by1 && by0 <= ay1 && crosses(a, b) {
                    count += 1;
                    if count >= limit {
                        return count;
                    }
                }
            }
        }
        return count;
    }
    let crosses = |i: usize, j: usize| i != j && crosses(&edges[i], &edges[j]);
    let boxes: Vec<GeomWithData<Rectangle<[f64; 2]>, usize>> = edges
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let (a, b) = (e.line.start, e.line.end);
            GeomWithData::new(
                Rectangle::from_corners([a.x.min(b.x), a.y.min(b.y)], [a.x.max(b.x), a.y.max(b.y)]),
                k,
            )
        })
        .collect();
    let tree = RTree::bulk_load(boxes.clone());
    boxes
        .iter()
        .flat_map(|b| {
            let env: AABB<[f64; 2]> = b.geom().envelope();
            tree.locate_in_envelope_intersecting(&env)
                .filter(move |o| o.data > b.data)
                .map(move |o| (b.data, o.data))
        })
        .filter(|&(i, j)| crosses(i, j))
        .take(limit)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    #[test]
    fn rings_are_cleaned_and_counted() {
        let mut r = Repairs::default();
        // Unclosed, with a repeated point.
        let ring = clean_ring(&[c(0., 0.), c(1., 0.), c(1., 0.), c(1., 1.)], &mut r).unwrap();
        assert_eq!(ring.0.len(), 3);
        assert_eq!((r.closed, r.duplicates), (1, 1));
        // Collinear: no area.
        assert!(clean_ring(&[c(0., 0.), c(1., 1.), c(2., 2.), c(0., 0.)], &mut r).is_none());
        assert_eq!(r.zero_area, 1);
        assert!(clean_ring(&[c(0., 0.), c(1., 1.), c(0., 0.)], &mut r).is_none());
        assert_eq!(r.degenerate, 1);
        assert_eq!(r.describe().len(), 4);
    }

    #[test]
    fn orientation_holes_and_self_intersection() {
        let sq = |x0: f64, y0: f64, s: f64| {
            LineString::new(vec![
                c(x0, y0),
                c(x0 + s, y0),
                c(x0 + s, y0 + s),
                c(x0, y0 + s),
            ])
        };
        // Clockwise shell, a hole inside (ccw: wrong too), a hole far outside.
        let mut cw = sq(0., 0., 10.);
        cw.0.reverse();
        let mut r = Repairs::default();
        let out = repair_polygon(cw, vec![sq(2., 2., 2.), sq(50., 50., 1.)], &mut r).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].interiors().len(), 1);
        assert!(out[0].exterior().is_ccw() && out[0].interiors()[0].is_cw());
        assert_eq!((r.reoriented, r.holes_outside), (2, 1));
        assert!((out[0].unsigned_area() - 96.0).abs() < 1e-9);
        // A bow tie becomes two triangles of the same total area.
        let bow = LineString::new(vec![c(0., 0.), c(2., 2.), c(2., 0.), c(0., 2.)]);
        let mut r = Repairs::default();
        let out = repair_polygon(bow, vec![], &mut r).unwrap();
        assert_eq!(r.made_valid, 1);
        let area: f64 = out.iter().map(|p| p.unsigned_area()).sum();
        assert!((area - 2.0).abs() < 1e-9, "{area}");
        assert!(out.iter().all(|p| !has_crossings(p)));
    }

    #[test]
    fn crossings_agree_with_geo_validation_on_long_rings() {
        use geo::Validation;
        // A 400-gon star (simple) and the same with two vertices swapped (crossing).
        let star: Vec<Coord<f64>> = (0..400)
            .map(|i| {
                let a = i as f64 / 400.0 * std::f64::consts::TAU;
                let r = if i % 2 == 0 { 10.0 } else { 6.0 };
                c(r * a.cos(), r * a.sin())
            })
            .collect();
        let ok = Polygon::new(LineString::new(star.clone()), vec![]);
        assert!(ok.is_valid() && !has_crossings(&ok));
        let mut bad = star;
        bad.swap(10, 200);
        let bad = Polygon::new(LineString::new(bad), vec![]);
        assert!(!bad.is_valid() && has_crossings(&bad));
        // A hole crossing the shell.
        let shell = LineString::new(vec![c(0., 0.), c(10., 0.), c(10., 10.), c(0., 10.)]);
        let hole = LineString::new(vec![c(8., 8.), c(12., 8.), c(12., 9.), c(8., 9.)]);
        let p = Polygon::new(shell, vec![hole]);
        assert!(!p.is_valid() && has_crossings(&p));
    }

    /// Every pair of non-adjacent edges compared (the definition the sweep and the R-tree
    /// shortcut).
    fn all_pairs(poly: &Polygon<f64>) -> usize {
        let rings: Vec<Vec<Line<f64>>> = std::iter::once(poly.exterior())
            .chain(poly.interiors())
            .map(|r| r.lines().collect())
            .collect();
        let edges: Vec<(usize, usize, usize, Line<f64>)> = rings
            .iter()
            .enumerate()
            .flat_map(|(r, ls)| {
                ls.iter()
                    .enumerate()
                    .map(move |(i, l)| (r, i, ls.len(), *l))
            })
            .collect();
        let mut n = 0;
        for (a, ea) in edges.iter().enumerate() {
            for eb in &edges[a + 1..] {
                let d = ea.1.abs_diff(eb.1);
                let adjacent = ea.0 == eb.0 && (d == 1 || d + 1 == ea.2);
                n += usize::from(!adjacent && ea.3.intersects(&eb.3));
            }
        }
        n
    }

    #[test]
    fn crossings_are_counted_as_all_pairs_count_them() {
        // Star polygons whose points jump round the circle (self-crossing for steps over 1),
        // with a hole that crosses the shell; small ones take the sweep, large ones the R-tree.
        for (points, step) in [(7, 1), (7, 2), (7, 3), (40, 3), (150, 7), (301, 2)] {
            let ring = |cx: f64, r: f64| {
                LineString::new(
                    (0..points)
                        .map(|k| {
                            let a =
                                (k * step % points) as f64 / points as f64 * std::f64::consts::TAU;
                            c(cx + r * a.cos(), r * a.sin())
                        })
                        .chain(std::iter::once(c(cx + r, 0.0)))
                        .collect(),
                )
            };
            let poly = Polygon::new(ring(0.0, 10.0), vec![ring(8.0, 3.0)]);
            let want = all_pairs(&poly);
            assert!(want > 0, "{points}/{step}");
            assert_eq!(count_crossings(&poly, usize::MAX), want, "{points}/{step}");
            assert_eq!(count_crossings(&poly, 3), want.min(3), "{points}/{step}");
            let plain = Polygon::new(ring(0.0, 10.0), vec![]);
            assert_eq!(count_crossings(&plain, usize::MAX), all_pairs(&plain));
        }
    }
}
