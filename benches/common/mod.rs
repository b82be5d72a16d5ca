//! Synthetic inputs shared by the benchmarks and `examples/make_bench_data.rs`: boundary files
//! of `n` districts (30-gons on a grid around Berlin, about 720 bytes each, so 100 k districts
//! make a ~72 MB file) and indicator tables for them: a small wide one, and the long table of 3
//! indicators × 20 years that real users reach (5.9 M rows at 100 k districts, `;` with a
//! decimal point).

// Each bench binary uses only some of these.
#![allow(dead_code)]
use std::fmt::Write;

/// A FeatureCollection of `n` 30-gon districts on a grid around Berlin.
pub fn geojson(n: usize) -> String {
    let side = (n as f64).sqrt().ceil() as usize;
    let mut s = String::with_capacity(n * 1200);
    s.push_str(r#"{"type":"FeatureCollection","features":["#);
    for i in 0..n {
        let (cx, cy) = (
            13.0 + (i % side) as f64 * 0.01,
            52.0 + (i / side) as f64 * 0.006,
        );
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            r#"{{"type":"Feature","properties":{{"id":"{i:06}","name":"District {i}"}},"geometry":{{"type":"Polygon","coordinates":[["#
        );
        for k in 0..=30 {
            let t = std::f64::consts::TAU * (k % 30) as f64 / 30.0;
            let _ = write!(
                s,
                "{}[{:.6},{:.6}]",
                if k > 0 { "," } else { "" },
                cx + 0.004 * t.cos(),
                cy + 0.0025 * t.sin()
            );
        }
        s.push_str("]]}}");
    }
    s.push_str("]}");
    s
}

/// Steps a xorshift state and returns a uniform number in [0, 1): deterministic inputs.
fn next_unit(x: &mut u64) -> f64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    (*x >> 11) as f64 / (1u64 << 53) as f64
}

/// A long table `id,year,population,foreign_pct` for the districts of [`geojson`] over
/// `years` years, with skewed shares and a few missing values.
pub fn table_csv(n: usize, years: usize) -> String {
    let mut s = String::with_capacity(n * years * 28);
    s.push_str("id,year,population,foreign_pct\n");
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for y in 0..years {
        for i in 0..n {
            let u = next_unit(&mut x);
            let pop = 200 + (x % 20_000);
            if x.is_multiple_of(97) {
                let _ = writeln!(s, "{i:06},{},{pop},", 2015 + y);
            } else {
                let _ = writeln!(s, "{i:06},{},{pop},{:.2}", 2015 + y, (2.5 * u).exp() * 4.0);
            }
        }
    }
    s
}

/// The long table `key;year;indicator;value` for the districts of [`geojson`]: population
/// (whole numbers), foreign share (two decimals) and fluctuation (one decimal) over `years`
/// years, written `;`-separated with a decimal point, about 1 % of the values missing.
pub fn table_long(n: usize, years: usize) -> String {
    let mut s = String::with_capacity(n * years * 3 * 32);
    s.push_str("key;year;indicator;value\n");
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for y in 0..years {
        for i in 0..n {
            let u = next_unit(&mut x);
            let year = 2005 + y;
            let _ = writeln!(s, "{i:06};{year};population;{}", 200 + (x % 20_000));
            if x.is_multiple_of(97) {
                let _ = writeln!(s, "{i:06};{year};foreigners_pct;");
            } else {
                let _ = writeln!(
                    s,
                    "{i:06};{year};foreigners_pct;{:.2}",
                    (2.5 * u).exp() * 4.0
                );
            }
            let _ = writeln!(s, "{i:06};{year};fluctuation;{:.1}", 5.0 + 40.0 * u * u);
        }
    }
    s
}

/// A FeatureCollection of `n` contiguous districts: a lattice around Berlin with its
/// corners jittered, each edge bent through 6 jittered points shared by the two districts on
/// either side (28-gons that share their borders exactly, as real planning areas do: queen
/// and rook contiguity find every neighbour).
pub fn grid_geojson(n: usize) -> String {
    let side = (n as f64).sqrt().ceil() as usize;
    let (dx, dy) = (0.01, 0.006);
    // A deterministic jitter in [-0.5, 0.5) from any integers.
    let jitter = |a: usize, b: usize, c: usize| {
        let mut x = (a as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add((b as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F))
            .wrapping_add(c as u64 + 1);
        next_unit(&mut x) - 0.5
    };
    let corner = |i: usize, j: usize| -> [f64; 2] {
        let edge = i == 0 || j == 0 || i == side || j == side;
        let k = if edge { 0.0 } else { 0.5 };
        [
            13.0 + (i as f64 + k * jitter(i, j, 0)) * dx,
            52.0 + (j as f64 + k * jitter(i, j, 1)) * dy,
        ]
    };
    // The points between two corners (exclusive), the same whichever way round: keyed by the
    // edge, walked in the order asked.
    let bend = |a: (usize, usize), b: (usize, usize)| -> Vec<[f64; 2]> {
        let (p, q) = if a <= b { (a, b) } else { (b, a) };
        let (pa, pb) = (corner(p.0, p.1), corner(q.0, q.1));
        let mut pts: Vec<[f64; 2]> = (1..7)
            .map(|s| {
                let t = s as f64 / 7.0;
                let off = 0.08 * jitter(p.0 * 4 + q.0, p.1 * 4 + q.1, s);
                [
                    pa[0] + t * (pb[0] - pa[0]) - off * (pb[1] - pa[1]),
                    pa[1] + t * (pb[1] - pa[1]) + off * (pb[0] - pa[0]),
                ]
            })
            .collect();
        if (p, q) != (a, b) {
            pts.reverse();
        }
        pts
    };
    let mut s = String::with_capacity(n * 1000);
    s.push_str(r#"{"type":"FeatureCollection","features":["#);
    for k in 0..n {
        let (i, j) = (k % side, k / side);
        let cs = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
        let mut ring: Vec<[f64; 2]> = Vec::with_capacity(29);
        for e in 0..4 {
            let (a, b) = (cs[e], cs[(e + 1) % 4]);
            ring.push(corner(a.0, a.1));
            ring.extend(bend(a, b));
        }
        ring.push(ring[0]);
        if k > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            r#"{{"type":"Feature","properties":{{"id":"{k:06}","name":"District {k}"}},"geometry":{{"type":"Polygon","coordinates":[["#
        );
        for (m, p) in ring.iter().enumerate() {
            let _ = write!(
                s,
                "{}[{:.7},{:.7}]",
                if m > 0 { "," } else { "" },
                p[0],
                p[1]
            );
        }
        s.push_str("]]}}");
    }
    s.push_str("]}");
    s
}
