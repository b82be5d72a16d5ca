//! A context layer: a second boundary file (Bezirke over Planungsräume, say) drawn as outlines
//! over the choropleth, with its names optionally, on screen and in every export — as a QGIS
//! user lays a coarser layer over a finer one. Its outlines are projected with the map's own
//! projection, once per load of either file; drawing only transforms them. Each edge is kept
//! once: neighbours share their borders, which would otherwise be drawn twice (twice the ink
//! in an SVG, and two dash patterns out of step). Kept edges are chained into lines along the
//! rings, so the dash-dot pattern of an administrative boundary runs on across vertices.

use super::camera::{Camera, Viewport};
use super::geometry::{ProjectExt, label_point};
use super::labels::{Candidate, estimate_width};
use super::projection::Projection;
use atlas_data::model::Districts;
use std::collections::HashSet;

/// A context layer's outlines and label anchors in the map's projected metres.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextGeometry {
    /// The layer's name in the legend and the left panel (its file name).
    pub name: String,
    /// How many areas it has.
    pub count: usize,
    /// Every border once, as lines along the rings (a shared border belongs to one of them).
    pub lines: Vec<Vec<[f64; 2]>>,
    /// Per area: its name and the point its label sits at.
    pub labels: Vec<(String, [f32; 2])>,
}

impl ContextGeometry {
    /// The outlines of `layer` in the map's `projection`.
    pub fn build(layer: &Districts, projection: &Projection) -> ContextGeometry {
        let polygons: Vec<_> = layer
            .districts
            .iter()
            .map(|d| d.geometry.map_coords_projected(projection))
            .collect();
        // Every edge of every ring, a shared one kept once (compared to the millimetre, as
        // the rule overlay compares them); runs of kept edges become one line.
        let key = |p: [f64; 2]| {
            (
                (p[0] * 1000.0).round() as i64,
                (p[1] * 1000.0).round() as i64,
            )
        };
        let mut seen: HashSet<((i64, i64), (i64, i64))> = HashSet::new();
        let mut lines: Vec<Vec<[f64; 2]>> = Vec::new();
        for mp in &polygons {
            for poly in &mp.0 {
                for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                    let mut line: Vec<[f64; 2]> = Vec::new();
                    for w in ring.0.windows(2) {
                        let (a, b) = ([w[0].x, w[0].y], [w[1].x, w[1].y]);
                        let (ka, kb) = (key(a), key(b));
                        if ka == kb {
                            continue;
                        }
                        let edge = if ka < kb { (ka, kb) } else { (kb, ka) };
                        if seen.insert(edge) {
                            if line.is_empty() {
                                line.push(a);
                            }
                            line.push(b);
                        } else if line.len() > 1 {
                            lines.push(std::mem::take(&mut line));
                        } else {
                            line.clear();
                        }
                    }
                    if line.len() > 1 {
                        lines.push(line);
                    }
                }
            }
        }
        let labels = layer
            .districts
            .iter()
            .zip(&polygons)
            .map(|(d, p)| (d.name.clone(), label_point(p)))
            .collect();
        ContextGeometry {
            name: layer.source.clone(),
            count: layer.districts.len(),
            lines,
            labels,
        }
    }
}

/// A context label's size relative to a district label's: the coarser layer reads first.
pub const LABEL_SCALE: f32 = 1.2;

impl ContextGeometry {
    /// Label candidates for the layer's areas at `size` px, numbered from `first` (after the
    /// districts), placed before any district label: the coarser layer orients the reader.
    pub fn label_candidates(
        &self,
        cam: &Camera,
        vp: Viewport,
        size: f32,
        first: usize,
    ) -> Vec<Candidate> {
        self.labels
            .iter()
            .enumerate()
            .map(|(i, (name, p))| Candidate {
                district: first + i,
                anchor: cam.to_screen([f64::from(p[0]), f64::from(p[1])], vp),
                size: [estimate_width(name.chars().count(), size), size + 2.0],
                district_width: f32::INFINITY,
                priority: f64::INFINITY,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_data::load::{BoundaryOptions, parse_boundaries};

    #[test]
    fn shared_borders_are_drawn_once() {
        // Two unit squares side by side: 7 edges, not 8 (the middle one is shared), in two
        // lines (the first square's ring; the second's three own edges).
        let s = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"id":"a","name":"West"},"geometry":{"type":"Polygon","coordinates":[[[10,50],[10.1,50],[10.1,50.1],[10,50.1],[10,50]]]}},
          {"type":"Feature","properties":{"id":"b","name":"Ost"},"geometry":{"type":"Polygon","coordinates":[[[10.1,50],[10.2,50],[10.2,50.1],[10.1,50.1],[10.1,50]]]}}]}"#;
        let layer =
            parse_boundaries(s.as_bytes(), "bezirke.geojson", &BoundaryOptions::default()).unwrap();
        let projection = Projection::for_bbox(layer.bbox().unwrap());
        let c = ContextGeometry::build(&layer, &projection);
        let edges: usize = c.lines.iter().map(|l| l.len() - 1).sum();
        assert_eq!((edges, c.lines.len()), (7, 2));
        assert_eq!((c.name.as_str(), c.count), ("bezirke.geojson", 2));
        let names: Vec<&str> = c.labels.iter().map(|l| l.0.as_str()).collect();
        assert_eq!(names, ["West", "Ost"]);
        // The west label lies west of the east one.
        assert!(c.labels[0].1[0] < c.labels[1].1[0]);
    }
}
