//! Colour ramps for choropleths: the ColorBrewer schemes (exact per-class colours from the
//! `colorbrewer` tables) plus viridis and cividis, reversible, with a distinct no-data colour.
//! The default is YlGnBu, a sequential ramp ColorBrewer marks as colour-blind safe.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

/// Fill of districts without a value: a cool light grey that no ramp produces (not even Greys,
/// whose greys are neutral); the map also hatches no-data districts, so it is never told by
/// colour alone.
pub const NO_DATA: Rgb = Rgb(0xc8, 0xcc, 0xd2);

/// Fill of shares standing on too few residents (below the minimum denominator): a warm pale
/// tone no ramp produces, hatched like no data but told apart from it.
pub const FEW: Rgb = Rgb(0xf1, 0xe4, 0xc8);

pub const DEFAULT_RAMP: &str = "YlGnBu";

/// What a ramp is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RampKind {
    Sequential,
    Diverging,
    Qualitative,
}

/// A named ramp.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ramp {
    pub name: &'static str,
    pub kind: RampKind,
    /// Largest class count with exact ColorBrewer colours; beyond it colours are interpolated
    /// (sequential, diverging) or repeat (qualitative).
    pub max_exact: usize,
}

use RampKind::*;

pub const RAMPS: &[Ramp] = &[
    Ramp {
        name: "YlGnBu",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "YlOrRd",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "YlOrBr",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "YlGn",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "GnBu",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "BuGn",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "BuPu",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "PuBu",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "PuBuGn",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "PuRd",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "RdPu",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "OrRd",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "Blues",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "Greens",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "Greys",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "Oranges",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "Purples",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "Reds",
        kind: Sequential,
        max_exact: 9,
    },
    Ramp {
        name: "viridis",
        kind: Sequential,
        max_exact: 0,
    },
    Ramp {
        name: "cividis",
        kind: Sequential,
        max_exact: 0,
    },
    Ramp {
        name: "RdBu",
        kind: Diverging,
        max_exact: 11,
    },
    Ramp {
        name: "RdYlBu",
        kind: Diverging,
        max_exact: 11,
    },
    Ramp {
        name: "PuOr",
        kind: Diverging,
        max_exact: 11,
    },
    Ramp {
        name: "BrBG",
        kind: Diverging,
        max_exact: 11,
    },
    Ramp {
        name: "PRGn",
        kind: Diverging,
        max_exact: 11,
    },
    Ramp {
        name: "PiYG",
        kind: Diverging,
        max_exact: 11,
    },
    Ramp {
        name: "RdGy",
        kind: Diverging,
        max_exact: 11,
    },
    Ramp {
        name: "RdYlGn",
        kind: Diverging,
        max_exact: 11,
    },
    Ramp {
        name: "Spectral",
        kind: Diverging,
        max_exact: 11,
    },
    Ramp {
        name: "Set2",
        kind: Qualitative,
        max_exact: 8,
    },
    Ramp {
        name: "Dark2",
        kind: Qualitative,
        max_exact: 8,
    },
    Ramp {
        name: "Set1",
        kind: Qualitative,
        max_exact: 9,
    },
    Ramp {
        name: "Set3",
        kind: Qualitative,
        max_exact: 12,
    },
    Ramp {
        name: "Paired",
        kind: Qualitative,
        max_exact: 12,
    },
    Ramp {
        name: "Accent",
        kind: Qualitative,
        max_exact: 8,
    },
    Ramp {
        name: "Pastel1",
        kind: Qualitative,
        max_exact: 9,
    },
    Ramp {
        name: "Pastel2",
        kind: Qualitative,
        max_exact: 8,
    },
];

/// Looks a ramp up by name (case-insensitive).
pub fn ramp(name: &str) -> Option<&'static Ramp> {
    RAMPS.iter().find(|r| r.name.eq_ignore_ascii_case(name))
}

/// `n` colours of the named ramp, light to dark for sequential ramps (dark to light when
/// `reverse`). `None` for an unknown name.
pub fn colors(name: &str, n: usize, reverse: bool) -> Option<Vec<Rgb>> {
    let r = ramp(name)?;
    let mut c = match r.name {
        "viridis" => sample(&colorous::VIRIDIS, n),
        "cividis" => sample(&colorous::CIVIDIS, n),
        _ => brewer(r, n)?,
    };
    if reverse {
        c.reverse();
    }
    Some(c)
}

fn sample(g: &colorous::Gradient, n: usize) -> Vec<Rgb> {
    // Light (low values) to dark, like the ColorBrewer ramps; the darkest 5 % are left out,
    // where viridis is almost black and outlines disappear.
    (0..n)
        .map(|i| {
            let t = if n == 1 {
                0.5
            } else {
                0.05 + 0.9 * i as f64 / (n - 1) as f64
            };
            let c = g.eval_continuous(1.0 - t);
            Rgb(c.r, c.g, c.b)
        })
        .collect()
}

fn brewer(r: &Ramp, n: usize) -> Option<Vec<Rgb>> {
    if n == 0 {
        return Some(Vec::new());
    }
    let table = |k: usize| -> Option<Vec<Rgb>> {
        let p: colorbrewer::Palette = r.name.parse().ok()?;
        Some(
            colorbrewer::get_color_ramp(p, k as u32)?
                .into_iter()
                .map(|c| Rgb(c.r, c.g, c.b))
                .collect(),
        )
    };
    if (3..=r.max_exact).contains(&n) {
        return table(n);
    }
    if n < 3 {
        // ColorBrewer starts at three classes: use the ends (and the middle) of the 3-class ramp.
        let t = table(3)?;
        return Some(match n {
            1 => vec![t[1]],
            _ => vec![t[0], t[2]],
        });
    }
    let full = table(r.max_exact)?;
    Some(match r.kind {
        Qualitative => (0..n).map(|i| full[i % full.len()]).collect(),
        _ => (0..n)
            .map(|i| interpolate(&full, i as f64 / (n - 1) as f64))
            .collect(),
    })
}

fn interpolate(stops: &[Rgb], t: f64) -> Rgb {
    let x = t.clamp(0.0, 1.0) * (stops.len() - 1) as f64;
    let i = (x.floor() as usize).min(stops.len() - 2);
    let f = x - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (stops[i], stops[i + 1]);
    Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorbrewer_exact_colours() {
        // ColorBrewer YlGnBu with 5 classes.
        let c: Vec<String> = colors("YlGnBu", 5, false)
            .unwrap()
            .iter()
            .map(|c| c.hex())
            .collect();
        assert_eq!(c, ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"]);
        let r: Vec<String> = colors("ylgnbu", 5, true)
            .unwrap()
            .iter()
            .map(|c| c.hex())
            .collect();
        assert_eq!(r[0], "#253494");
    }

    #[test]
    fn every_ramp_gives_every_count() {
        for r in RAMPS {
            for n in 1..=12 {
                let c = colors(r.name, n, false).unwrap_or_else(|| panic!("{} {n}", r.name));
                assert_eq!(c.len(), n, "{} {n}", r.name);
                assert!(!c.contains(&NO_DATA), "{} {n}", r.name);
            }
        }
        assert!(colors("Nope", 3, false).is_none());
    }

    #[test]
    fn sequential_ramps_get_darker() {
        let lum = |c: Rgb| 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
        for r in RAMPS.iter().filter(|r| r.kind == Sequential) {
            let c = colors(r.name, 7, false).unwrap();
            assert!(lum(c[0]) > lum(c[6]), "{}", r.name);
        }
    }
}
