//! Colour-vision check: how a map's colours look with a colour-vision deficiency, and which
//! adjacent classes of a ramp become hard to tell apart. Dichromacies use the simulation
//! matrices of Machado, Oliveira & Fernandes (2009) at severity 1, applied in linear RGB;
//! achromatopsia keeps only relative luminance (Rec. 709). Two adjacent classes become "hard
//! to tell apart" when their CIE76 colour difference ΔE*ab (CIELAB, D65) under the simulation
//! falls below [`CONFUSABLE`] and below 60 % of what it is with normal vision — a 9-class
//! sequential ramp has small steps for everyone; what matters is the step a deficiency loses.

use super::ramps::Rgb;
use serde::{Deserialize, Serialize};

/// Adjacent classes closer than this (ΔE*ab) are reported: about where neighbouring map
/// colours stop being told apart at a glance.
pub const CONFUSABLE: f64 = 10.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vision {
    #[default]
    Normal,
    Deuteranopia,
    Protanopia,
    Tritanopia,
    Achromatopsia,
}

impl Vision {
    pub const SIMULATED: [Vision; 4] = [
        Vision::Deuteranopia,
        Vision::Protanopia,
        Vision::Tritanopia,
        Vision::Achromatopsia,
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Vision::Normal => "normal",
            Vision::Deuteranopia => "deuteranopia",
            Vision::Protanopia => "protanopia",
            Vision::Tritanopia => "tritanopia",
            Vision::Achromatopsia => "achromatopsia",
        }
    }

    pub fn from_name(s: &str) -> Option<Vision> {
        [Vision::Normal]
            .into_iter()
            .chain(Vision::SIMULATED)
            .find(|v| v.name() == s.trim().to_lowercase())
    }

    fn matrix(self) -> Option<[[f64; 3]; 3]> {
        match self {
            Vision::Normal | Vision::Achromatopsia => None,
            Vision::Protanopia => Some([
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ]),
            Vision::Deuteranopia => Some([
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ]),
            Vision::Tritanopia => Some([
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ]),
        }
    }
}

fn to_linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// A linear RGB channel as an 8-bit sRGB value (clamped).
pub(crate) fn to_srgb(c: f64) -> u8 {
    let c = c.clamp(0.0, 1.0);
    let s = if c <= 0.003_130_8 {
        12.92 * c
    } else {
        1.055 * c.powf(1.0 / 2.4) - 0.055
    };
    (s * 255.0).round() as u8
}

/// `c` as seen with `v`.
pub fn simulate(c: Rgb, v: Vision) -> Rgb {
    let lin = [to_linear(c.0), to_linear(c.1), to_linear(c.2)];
    let out = match v {
        Vision::Normal => return c,
        Vision::Achromatopsia => {
            let y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
            [y, y, y]
        }
        _ => {
            let Some(m) = v.matrix() else { return c };
            [0, 1, 2].map(|r| m[r][0] * lin[0] + m[r][1] * lin[1] + m[r][2] * lin[2])
        }
    };
    Rgb(to_srgb(out[0]), to_srgb(out[1]), to_srgb(out[2]))
}

/// CIELAB (D65) of an sRGB colour.
fn lab(c: Rgb) -> [f64; 3] {
    let (r, g, b) = (to_linear(c.0), to_linear(c.1), to_linear(c.2));
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIE76 colour difference ΔE*ab.
pub fn delta_e(a: Rgb, b: Rgb) -> f64 {
    let (p, q) = (lab(a), lab(b));
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
}

/// Adjacent colours (index of the first of each pair, 0-based) that become hard to tell
/// apart with `v`, with their difference under the simulation.
pub fn confusable(colors: &[Rgb], v: Vision) -> Vec<(usize, f64)> {
    colors
        .windows(2)
        .enumerate()
        .filter_map(|(i, w)| {
            let normal = delta_e(w[0], w[1]);
            let d = delta_e(simulate(w[0], v), simulate(w[1], v));
            (d < CONFUSABLE && d < 0.6 * normal).then_some((i, d))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_and_green_merge_for_dichromats_but_not_for_tritanopes() {
        let (red, green) = (Rgb(200, 60, 50), Rgb(80, 160, 50));
        let normal = delta_e(red, green);
        assert!(normal > 50.0, "{normal}");
        for v in [Vision::Deuteranopia, Vision::Protanopia] {
            let d = delta_e(simulate(red, v), simulate(green, v));
            assert!(d < normal / 2.0, "{v:?}: {d}");
        }
        // Greys stay grey; white stays white.
        for v in Vision::SIMULATED {
            assert_eq!(simulate(Rgb(255, 255, 255), v), Rgb(255, 255, 255), "{v:?}");
            let g = simulate(Rgb(128, 128, 128), v);
            assert!(
                g.0.abs_diff(128) <= 1 && g.1.abs_diff(128) <= 1,
                "{v:?} {g:?}"
            );
        }
        assert_eq!(
            Vision::from_name("Deuteranopia"),
            Some(Vision::Deuteranopia)
        );
        assert_eq!(Vision::from_name("x"), None);
    }

    #[test]
    fn steps_a_deficiency_loses_are_reported() {
        let colors = |name, k| super::super::ramps::colors(name, k, false).unwrap();
        // Yellow-green-blue in nine steps: tritanopes lose the blue-yellow steps.
        let ygb = colors("YlGnBu", 9);
        assert!(!confusable(&ygb, Vision::Tritanopia).is_empty());
        assert!(confusable(&ygb, Vision::Normal).is_empty());
        // Five blues stay apart for everyone; qualitative Set2 merges for protanopes.
        let blues = colors("Blues", 5);
        assert!(
            Vision::SIMULATED
                .iter()
                .all(|v| confusable(&blues, *v).is_empty())
        );
        assert!(!confusable(&colors("Set2", 5), Vision::Protanopia).is_empty());
    }
}
