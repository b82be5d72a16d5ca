//! Reprojection of boundary coordinates to WGS84 lon/lat with proj4rs (pure Rust, no system
//! PROJ), with the datum shift a system needs (NAD27, DHDN) applied on the way.

use super::Crs;
use crate::load::msg::{LoadMsg, Near};
use geo::{Coord, MultiPolygon};

/// Applies proj4rs to coordinates in place.
struct CoordsMut<'a>(&'a mut [Coord<f64>]);

impl proj4rs::transform::Transform for CoordsMut<'_> {
    fn transform_coordinates<F: proj4rs::transform::TransformClosure>(
        &mut self,
        f: &mut F,
    ) -> proj4rs::errors::Result<()> {
        for c in self.0.iter_mut() {
            let (x, y, _) = f(c.x, c.y, 0.0)?;
            c.x = x;
            c.y = y;
        }
        Ok(())
    }
}

/// A reprojection from `crs` to WGS84 lon/lat (degrees).
pub struct ToWgs84 {
    src: Option<proj4rs::Proj>,
    dst: proj4rs::Proj,
    /// proj4rs takes lon/lat input in radians.
    src_geographic: bool,
}

impl ToWgs84 {
    pub fn new(crs: Crs) -> Result<ToWgs84, LoadMsg> {
        let bad = |e: proj4rs::errors::Error| LoadMsg::CrsDefinition {
            crs: crs.describe(),
            detail: e.to_string(),
        };
        let src = crs
            .proj_string()
            .map(|s| proj4rs::Proj::from_proj_string(&s))
            .transpose()
            .map_err(bad)?;
        let dst =
            proj4rs::Proj::from_proj_string("+proj=longlat +datum=WGS84 +no_defs").map_err(bad)?;
        Ok(ToWgs84 {
            src,
            dst,
            src_geographic: crs.geographic(),
        })
    }

    /// Reprojects coordinates in place; an error names a point that failed.
    pub fn coords(&self, coords: &mut [Coord<f64>]) -> Result<(), LoadMsg> {
        let Some(src) = &self.src else {
            return Ok(());
        };
        let first = coords.first().copied();
        if self.src_geographic {
            for c in coords.iter_mut() {
                c.x = c.x.to_radians();
                c.y = c.y.to_radians();
            }
        }
        proj4rs::transform::transform(src, &self.dst, &mut CoordsMut(coords)).map_err(|e| {
            LoadMsg::ReprojectionFailed {
                near: Near(first.map(|c| (c.x, c.y))),
                detail: e.to_string(),
            }
        })?;
        // proj4rs gives geographic coordinates in radians.
        for c in coords.iter_mut() {
            c.x = c.x.to_degrees();
            c.y = c.y.to_degrees();
        }
        Ok(())
    }

    /// Reprojects every ring of a multipolygon in place.
    pub fn multipolygon(&self, mp: &mut MultiPolygon<f64>) -> Result<(), LoadMsg> {
        for poly in mp.0.iter_mut() {
            let mut err = Ok(());
            poly.exterior_mut(|r| err = self.coords(&mut r.0));
            err?;
            let mut err = Ok(());
            poly.interiors_mut(|rs| {
                for r in rs {
                    if err.is_ok() {
                        err = self.coords(&mut r.0);
                    }
                }
            });
            err?;
        }
        Ok(())
    }
}
