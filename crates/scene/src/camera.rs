//! The map view transform: a centre in projected metres and a scale in pixels per metre,
//! mapped onto a viewport rectangle in screen pixels (y down). Pan, zoom around a point and
//! "fit to data" are plain arithmetic here so they are tested without a window; the GPU path
//! turns the same transform into a shader uniform.

use serde::{Deserialize, Serialize};

/// A rectangle on screen: top-left corner and size, in pixels (logical points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Viewport {
    pub fn center(&self) -> [f32; 2] {
        [self.x + self.w / 2.0, self.y + self.h / 2.0]
    }
}

/// Smallest and largest zoom relative to the fitted view, so a stray wheel never loses the map.
const MIN_ZOOM: f64 = 0.25;
const MAX_ZOOM: f64 = 2000.0;

/// Where the map looks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Camera {
    /// Projected metres at the viewport centre.
    pub center: [f64; 2],
    /// Pixels per metre.
    pub scale: f64,
}

impl Camera {
    /// Shows `bounds` ([min_x, min_y, max_x, max_y] in metres) whole, with `margin` pixels free
    /// around it.
    pub fn fit(bounds: [f64; 4], vp: Viewport, margin: f32) -> Camera {
        let w = (bounds[2] - bounds[0]).max(1e-9);
        let h = (bounds[3] - bounds[1]).max(1e-9);
        let avail_w = f64::from((vp.w - 2.0 * margin).max(10.0));
        let avail_h = f64::from((vp.h - 2.0 * margin).max(10.0));
        Camera {
            center: [(bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0],
            scale: (avail_w / w).min(avail_h / h),
        }
    }

    /// The projected area (metres: [min_x, min_y, max_x, max_y]) shown in `vp`. Scenes store
    /// this rather than the camera, so a view saved in the explorer fits the same area on a
    /// full-screen presentation.
    pub fn extent(&self, vp: Viewport) -> [f64; 4] {
        let hw = f64::from(vp.w) / 2.0 / self.scale;
        let hh = f64::from(vp.h) / 2.0 / self.scale;
        [
            self.center[0] - hw,
            self.center[1] - hh,
            self.center[0] + hw,
            self.center[1] + hh,
        ]
    }

    /// Projected metres → screen pixels.
    pub fn to_screen(&self, p: [f64; 2], vp: Viewport) -> [f32; 2] {
        let c = vp.center();
        [
            c[0] + ((p[0] - self.center[0]) * self.scale) as f32,
            c[1] - ((p[1] - self.center[1]) * self.scale) as f32,
        ]
    }

    /// Screen pixels → projected metres.
    pub fn to_world(&self, s: [f32; 2], vp: Viewport) -> [f64; 2] {
        let c = vp.center();
        [
            self.center[0] + f64::from(s[0] - c[0]) / self.scale,
            self.center[1] - f64::from(s[1] - c[1]) / self.scale,
        ]
    }

    /// Moves the map by a screen delta (the content follows the pointer).
    pub fn pan(&mut self, delta: [f32; 2]) {
        self.center[0] -= f64::from(delta[0]) / self.scale;
        self.center[1] += f64::from(delta[1]) / self.scale;
    }

    /// Zooms by `factor` keeping the world point under `anchor` (screen) in place; the scale
    /// stays within limits relative to `fitted_scale`.
    pub fn zoom_at(&mut self, factor: f64, anchor: [f32; 2], vp: Viewport, fitted_scale: f64) {
        let before = self.to_world(anchor, vp);
        let lo = fitted_scale * MIN_ZOOM;
        let hi = fitted_scale * MAX_ZOOM;
        self.scale = (self.scale * factor).clamp(lo, hi);
        let after = self.to_world(anchor, vp);
        self.center[0] += before[0] - after[0];
        self.center[1] += before[1] - after[1];
    }

    /// The world rectangle visible in the viewport: [min_x, min_y, max_x, max_y].
    pub fn visible(&self, vp: Viewport) -> [f64; 4] {
        let a = self.to_world([vp.x, vp.y + vp.h], vp);
        let b = self.to_world([vp.x + vp.w, vp.y], vp);
        [a[0], a[1], b[0], b[1]]
    }

    /// Clip-space transform for a shader: `clip = world * scale + offset` per axis, for a
    /// viewport inside a screen of `screen` pixels.
    pub fn clip_transform(&self, vp: Viewport, screen: [f32; 2]) -> [f32; 4] {
        // Screen x = cx + (wx - centre) * s; clip x = 2 * sx / W - 1. Same for y, flipped.
        let c = vp.center();
        let sx = 2.0 * self.scale / f64::from(screen[0]);
        let sy = 2.0 * self.scale / f64::from(screen[1]);
        let ox = 2.0 * f64::from(c[0]) / f64::from(screen[0]) - 1.0 - self.center[0] * sx;
        let oy = 1.0 - 2.0 * f64::from(c[1]) / f64::from(screen[1]) - self.center[1] * sy;
        [sx as f32, sy as f32, ox as f32, oy as f32]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extent_fits_back_to_the_same_camera() {
        let vp = Viewport {
            x: 10.0,
            y: 20.0,
            w: 800.0,
            h: 500.0,
        };
        let cam = Camera {
            center: [1200.0, -300.0],
            scale: 0.25,
        };
        let e = cam.extent(vp);
        assert_eq!(e, [-400.0, -1300.0, 2800.0, 700.0]);
        let back = Camera::fit(e, vp, 0.0);
        assert!((back.scale - cam.scale).abs() < 1e-12);
        assert_eq!(back.center, cam.center);
        // A wider viewport shows at least the same area.
        let wide = Viewport { w: 1600.0, ..vp };
        let e2 = Camera::fit(e, wide, 0.0).extent(wide);
        assert!(e2[0] <= e[0] && e2[2] >= e[2] && e2[1] <= e[1] + 1e-9 && e2[3] >= e[3] - 1e-9);
    }

    const VP: Viewport = Viewport {
        x: 100.0,
        y: 50.0,
        w: 800.0,
        h: 600.0,
    };

    #[test]
    fn fit_shows_all_bounds_inside_the_viewport() {
        let b = [-5000.0, -2000.0, 7000.0, 4000.0];
        let cam = Camera::fit(b, VP, 20.0);
        let lo = cam.to_screen([b[0], b[1]], VP);
        let hi = cam.to_screen([b[2], b[3]], VP);
        assert!(lo[0] >= VP.x + 19.9 && hi[0] <= VP.x + VP.w - 19.9);
        assert!(hi[1] >= VP.y + 19.9 && lo[1] <= VP.y + VP.h - 19.9);
        // The binding dimension fills the available width exactly.
        assert!((hi[0] - lo[0] - 760.0).abs() < 0.01);
    }

    #[test]
    fn screen_and_world_round_trip_and_north_is_up() {
        let cam = Camera {
            center: [100.0, 200.0],
            scale: 0.5,
        };
        let w = cam.to_world([321.0, 123.0], VP);
        let s = cam.to_screen(w, VP);
        assert!((s[0] - 321.0).abs() < 1e-3 && (s[1] - 123.0).abs() < 1e-3);
        let north = cam.to_screen([100.0, 300.0], VP);
        assert!(north[1] < VP.center()[1]);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let mut cam = Camera {
            center: [0.0, 0.0],
            scale: 1.0,
        };
        let anchor = [200.0, 500.0];
        let before = cam.to_world(anchor, VP);
        cam.zoom_at(2.0, anchor, VP, 1.0);
        assert_eq!(cam.scale, 2.0);
        let after = cam.to_world(anchor, VP);
        assert!((before[0] - after[0]).abs() < 1e-9 && (before[1] - after[1]).abs() < 1e-9);
        cam.zoom_at(1e9, anchor, VP, 1.0);
        assert_eq!(cam.scale, MAX_ZOOM);
    }

    #[test]
    fn pan_moves_content_with_the_pointer() {
        let mut cam = Camera {
            center: [0.0, 0.0],
            scale: 2.0,
        };
        let p = [10.0, 10.0];
        let s0 = cam.to_screen(p, VP);
        cam.pan([30.0, -12.0]);
        let s1 = cam.to_screen(p, VP);
        assert!((s1[0] - s0[0] - 30.0).abs() < 1e-4 && (s1[1] - s0[1] + 12.0).abs() < 1e-4);
    }

    #[test]
    fn clip_transform_matches_screen_transform() {
        let cam = Camera {
            center: [500.0, -300.0],
            scale: 0.3,
        };
        let screen = [1280.0, 800.0];
        let t = cam.clip_transform(VP, screen);
        let p = [800.0, 100.0];
        let s = cam.to_screen(p, VP);
        let clip = [p[0] as f32 * t[0] + t[2], p[1] as f32 * t[1] + t[3]];
        assert!((clip[0] - (2.0 * s[0] / screen[0] - 1.0)).abs() < 1e-4);
        assert!((clip[1] - (1.0 - 2.0 * s[1] / screen[1])).abs() < 1e-4);
    }
}
