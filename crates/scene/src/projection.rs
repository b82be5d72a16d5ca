//! A local equirectangular projection centred on the data: x east and y north in metres,
//! x scaled by cos(latitude) so districts at 50° N are not squashed. At city scale (tens of
//! kilometres) its distortion is far below a pixel; no tiles or global projection are needed.

use geo::{Coord, Rect};

const METRES_PER_DEGREE: f64 = 111_320.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    pub lon0: f64,
    pub lat0: f64,
    kx: f64,
}

impl Projection {
    /// Centred on the middle of a lon/lat bounding box.
    pub fn for_bbox(bbox: Rect<f64>) -> Projection {
        let c = bbox.center();
        Projection {
            lon0: c.x,
            lat0: c.y,
            kx: METRES_PER_DEGREE * c.y.to_radians().cos(),
        }
    }

    /// lon/lat → metres east/north of the centre.
    pub fn project(&self, c: Coord<f64>) -> [f64; 2] {
        [
            (c.x - self.lon0) * self.kx,
            (c.y - self.lat0) * METRES_PER_DEGREE,
        ]
    }

    /// Metres east/north of the centre → lon/lat.
    pub fn unproject(&self, p: [f64; 2]) -> Coord<f64> {
        Coord {
            x: self.lon0 + p[0] / self.kx,
            y: self.lat0 + p[1] / METRES_PER_DEGREE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_proportions_at_berlin_latitude() {
        let p = Projection::for_bbox(Rect::new(
            Coord { x: 13.0, y: 52.0 },
            Coord { x: 14.0, y: 53.0 },
        ));
        let a = p.project(Coord { x: 13.5, y: 52.5 });
        let b = p.project(Coord { x: 13.51, y: 52.5 });
        let c = p.project(Coord { x: 13.5, y: 52.51 });
        // 0.01° of longitude at 52.5° N is ~677 m, of latitude ~1113 m.
        assert!((b[0] - a[0] - 677.7).abs() < 1.0, "{}", b[0] - a[0]);
        assert!((c[1] - a[1] - 1113.2).abs() < 1.0);
        let back = p.unproject(b);
        assert!((back.x - 13.51).abs() < 1e-12 && (back.y - 52.5).abs() < 1e-12);
    }
}
