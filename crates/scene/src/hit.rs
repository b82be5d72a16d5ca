//! Which district is under a point: an R-tree of district bounding boxes narrows the search,
//! an exact point-in-polygon test decides.

use geo::{Contains, Coord, MultiPolygon, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

#[derive(Debug, Clone)]
pub struct HitIndex {
    tree: RTree<Entry>,
}

impl HitIndex {
    /// Indexes districts by their bounding boxes (`None`: a district without polygons).
    pub fn from_rects(rects: &[Option<Rect<f64>>]) -> HitIndex {
        let entries = rects
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let r = r.as_ref()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                ))
            })
            .collect();
        HitIndex {
            tree: RTree::bulk_load(entries),
        }
    }

    /// The district containing projected point `p`; the smallest one where districts overlap.
    pub fn district_at(&self, polygons: &[MultiPolygon<f64>], p: [f64; 2]) -> Option<usize> {
        let c = Coord { x: p[0], y: p[1] };
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_point(p))
            .map(|e| e.data)
            .filter(|&i| polygons[i].contains(&c))
            .min_by(|&a, &b| {
                use geo::Area;
                polygons[a]
                    .unsigned_area()
                    .total_cmp(&polygons[b].unsigned_area())
            })
    }

    /// Districts whose bounding box meets the rectangle [min_x, min_y, max_x, max_y].
    pub fn in_rect(&self, r: [f64; 4]) -> impl Iterator<Item = usize> + '_ {
        self.tree
            .locate_in_envelope_intersecting(&AABB::from_corners([r[0], r[1]], [r[2], r[3]]))
            .map(|e| e.data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn finds_the_district_and_respects_holes() {
        let outer = polygon![
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            interiors: [[(x: 4.0, y: 4.0), (x: 6.0, y: 4.0), (x: 6.0, y: 6.0), (x: 4.0, y: 6.0)]],
        ];
        let right =
            polygon![(x: 10.0, y: 0.0), (x: 20.0, y: 0.0), (x: 20.0, y: 10.0), (x: 10.0, y: 10.0)];
        let polys = vec![MultiPolygon(vec![outer]), MultiPolygon(vec![right])];
        let rects: Vec<_> = polys.iter().map(geo::BoundingRect::bounding_rect).collect();
        let h = HitIndex::from_rects(&rects);
        assert_eq!(h.district_at(&polys, [1.0, 1.0]), Some(0));
        assert_eq!(h.district_at(&polys, [15.0, 5.0]), Some(1));
        assert_eq!(h.district_at(&polys, [5.0, 5.0]), None, "inside the hole");
        assert_eq!(h.district_at(&polys, [25.0, 5.0]), None);
    }
}
