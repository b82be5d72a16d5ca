//! The colours of a status × dynamics matrix: lightness carries the rows (status, light =
//! best, dark = most disadvantaged), hue the columns (blue = improving, grey = stable, orange
//! = worsening) — a bivariate scheme built in CIELAB so that every cell stays apart (ΔE*ab ≥ 10)
//! under the deuteranopia, protanopia and tritanopia simulations, and adjacent rows under
//! achromatopsia (where hue is gone, the legend's counts and labels carry the columns).

use crate::ramps::Rgb;

/// Lightness of the first and last row, and the blue and orange ends' chroma (b*), chosen by
/// searching for the largest smallest ΔE under the simulations (`palette_stays_apart` checks).
const L_FIRST: f64 = 92.0;
const L_LAST: f64 = 38.0;
const BLUE: [f64; 2] = [-6.75, -45.0];
const ORANGE: [f64; 2] = [18.0, 40.0];

fn lab_to_rgb(l: f64, a: f64, b: f64) -> Rgb {
    let fy = (l + 16.0) / 116.0;
    let (fx, fz) = (fy + a / 500.0, fy - b / 200.0);
    let inv = |t: f64| {
        if t.powi(3) > 216.0 / 24389.0 {
            t.powi(3)
        } else {
            (116.0 * t - 16.0) / (24389.0 / 27.0)
        }
    };
    let (x, y, z) = (inv(fx) * 0.950_47, inv(fy), inv(fz) * 1.088_83);
    let r = 3.2406 * x - 1.5372 * y - 0.4986 * z;
    let g = -0.9689 * x + 1.8758 * y + 0.0415 * z;
    let bl = 0.0557 * x - 0.2040 * y + 1.0570 * z;
    let s = crate::vision::to_srgb;
    Rgb(s(r), s(g), s(bl))
}

/// The colours of a `rows` × `cols` matrix (`[row][col]`); columns run from blue over grey to
/// orange (two columns: blue and orange), rows from light to dark.
pub fn matrix_colors(rows: usize, cols: usize) -> Vec<Vec<Rgb>> {
    let at = |i: usize, n: usize| {
        if n <= 1 {
            0.0
        } else {
            i as f64 / (n - 1) as f64
        }
    };
    (0..rows)
        .map(|r| {
            let l = L_FIRST + (L_LAST - L_FIRST) * at(r, rows);
            (0..cols)
                .map(|c| {
                    // −1 (blue) … 0 (grey) … +1 (orange).
                    let t = 2.0 * at(c, cols) - 1.0;
                    let end = if t < 0.0 { BLUE } else { ORANGE };
                    lab_to_rgb(l, end[0] * t.abs(), end[1] * t.abs())
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vision::{CONFUSABLE, Vision, delta_e, simulate};

    #[test]
    fn palette_stays_apart_under_the_simulations() {
        let m = matrix_colors(4, 3);
        let cells: Vec<Rgb> = m.iter().flatten().copied().collect();
        for v in [
            Vision::Normal,
            Vision::Deuteranopia,
            Vision::Protanopia,
            Vision::Tritanopia,
        ] {
            for (i, a) in cells.iter().enumerate() {
                for b in &cells[i + 1..] {
                    let d = delta_e(simulate(*a, v), simulate(*b, v));
                    assert!(d >= CONFUSABLE, "{v:?}: {a:?} and {b:?} are {d:.1} apart");
                }
            }
        }
        // Without hue, the rows (status) still read in every column.
        for (r, pair) in m.windows(2).enumerate() {
            for (c, (a, b)) in pair[0].iter().zip(&pair[1]).enumerate() {
                let d = delta_e(
                    simulate(*a, Vision::Achromatopsia),
                    simulate(*b, Vision::Achromatopsia),
                );
                assert!(
                    d >= CONFUSABLE,
                    "achromatopsia, column {c}, rows {r}/{}: {d:.1}",
                    r + 1
                );
            }
        }
        // Light to dark down the rows, grey in the middle column.
        assert!(m[0][1].0 > m[3][1].0 && m[0][1].0 == m[0][1].1);
    }
}
