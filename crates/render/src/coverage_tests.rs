//! The coverage rasterizer against exact areas and against tiny-skia (a child module of
//! `coverage`).
// Test code, compiled only for `cargo test`: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]
use super::*;
use crate::pieces::{columns, floor};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Transform};

const WHITE: Rgb = Rgb(255, 255, 255);

/// `c.fill` of `rings`, their box found here.
fn fill(
    c: &mut Coverage,
    pm: &mut Pixmap,
    rings: &[Vec<[f32; 2]>],
    paint: (Rgb, Option<&Stripes>),
    rows: (usize, usize),
) {
    let lo_hi = bounds(rings.iter().flatten().copied());
    c.fill(&mut band(pm, rows), rings, lo_hi, paint);
}

/// The rows `top..bottom` of `pm`.
fn band(pm: &mut Pixmap, (top, bottom): (usize, usize)) -> Rows<'_> {
    Rows::split(pm, &[top, bottom]).pop().unwrap()
}

fn canvas(w: u32, h: u32) -> Pixmap {
    let mut pm = Pixmap::new(w, h).unwrap();
    pm.fill(Color::from_rgba8(0, 0, 0, 255));
    pm
}

/// White `rings` on black by the coverage rasterizer: each pixel's red, i.e. its coverage.
fn ours(w: u32, h: u32, rings: &[Vec<[f32; 2]>]) -> Vec<u8> {
    let mut pm = canvas(w, h);
    fill(
        &mut Coverage::default(),
        &mut pm,
        rings,
        (WHITE, None),
        (0, h as usize),
    );
    pm.data().chunks(4).map(|p| p[0]).collect()
}

/// The same by tiny-skia's even-odd `fill_path`.
fn theirs(w: u32, h: u32, rings: &[Vec<[f32; 2]>]) -> Vec<u8> {
    let mut pm = canvas(w, h);
    let mut pb = PathBuilder::new();
    for r in rings {
        pb.move_to(r[0][0], r[0][1]);
        for p in &r[1..] {
            pb.line_to(p[0], p[1]);
        }
        pb.close();
    }
    let mut paint = Paint::default();
    paint.set_color_rgba8(255, 255, 255, 255);
    paint.anti_alias = true;
    let path = pb.finish().unwrap();
    pm.fill_path(
        &path,
        &paint,
        FillRule::EvenOdd,
        Transform::identity(),
        None,
    );
    pm.data().chunks(4).map(|p| p[0]).collect()
}

fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Vec<[f32; 2]> {
    vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1]]
}

fn at(px: &[u8], w: u32, x: u32, y: u32) -> u8 {
    px[(y * w + x) as usize]
}

/// A pseudo-random star-shaped polygon of `n` points around `c` (radii 2–`r`).
fn star(c: [f32; 2], r: f32, n: usize, seed: &mut u64) -> Vec<[f32; 2]> {
    (0..n)
        .map(|i| {
            *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let rad = 2.0 + (r - 2.0) * ((*seed >> 40) as f32 / (1u64 << 24) as f32);
            let t = i as f32 / n as f32 * std::f32::consts::TAU;
            [c[0] + rad * t.cos(), c[1] + rad * t.sin()]
        })
        .collect()
}

fn shoelace(r: &[[f32; 2]]) -> f32 {
    let n = r.len();
    (0..n)
        .map(|i| {
            let (a, b) = (r[i], r[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f32>()
        .abs()
        / 2.0
}

#[test]
fn a_square_on_pixel_borders_covers_exactly_its_pixels() {
    let px = ours(12, 10, &[rect(2.0, 3.0, 7.0, 8.0)]);
    for y in 0..10 {
        for x in 0..12 {
            let inside = (2..7).contains(&x) && (3..8).contains(&y);
            assert_eq!(
                at(&px, 12, x, y),
                if inside { 255 } else { 0 },
                "({x}, {y})"
            );
        }
    }
}

#[test]
fn a_square_across_pixel_centres_covers_its_edge_pixels_by_area() {
    let px = ours(10, 10, &[rect(1.5, 2.5, 5.5, 6.5)]);
    assert_eq!(at(&px, 10, 3, 4), 255);
    // Edges: half a pixel; corners: a quarter (255 · 0.25 = 63.75).
    assert_eq!(at(&px, 10, 1, 4), 128);
    assert_eq!(at(&px, 10, 3, 2), 128);
    assert_eq!(at(&px, 10, 5, 4), 128);
    assert_eq!(at(&px, 10, 1, 2), 64);
    assert_eq!(at(&px, 10, 5, 6), 64);
    assert_eq!(at(&px, 10, 0, 4), 0);
    assert_eq!(at(&px, 10, 6, 4), 0);
}

#[test]
fn the_coverage_of_a_polygon_adds_up_to_its_area() {
    let mut seed = 11u64;
    for n in [3, 5, 9, 40] {
        for r in [3.0, 7.5, 30.0] {
            let ring = star([40.3, 41.7], r, n, &mut seed);
            let covered: f32 = ours(90, 90, std::slice::from_ref(&ring))
                .iter()
                .map(|&v| f32::from(v) / 255.0)
                .sum();
            let area = shoelace(&ring);
            // Each edge pixel rounds to a 255th: at most half a level each.
            let edge_pixels = 4.0 * (r * std::f32::consts::TAU + 8.0);
            assert!(
                (covered - area).abs() <= edge_pixels * 0.5 / 255.0,
                "{n} points, radius {r}: {covered} against {area}"
            );
        }
    }
}

#[test]
fn holes_are_left_whichever_way_their_ring_turns() {
    let outer = rect(1.0, 1.0, 11.0, 11.0);
    let hole = rect(4.0, 4.0, 8.0, 8.0);
    let reversed: Vec<[f32; 2]> = hole.iter().rev().copied().collect();
    for inner in [hole, reversed] {
        let px = ours(12, 12, &[outer.clone(), inner]);
        assert_eq!(at(&px, 12, 5, 5), 0);
        assert_eq!(at(&px, 12, 7, 7), 0);
        assert_eq!(at(&px, 12, 2, 5), 255);
        assert_eq!(at(&px, 12, 8, 8), 255);
    }
}

#[test]
fn shapes_over_the_canvas_edges_are_cut_exactly() {
    // A shape drawn across each edge of a 30 × 20 canvas against the same shape moved by whole
    // pixels into the middle of a larger canvas: the pixels on the small canvas identical.
    let mut seed = 5u64;
    let shapes = [
        [-4.3, 9.1],
        [28.6, 7.2],
        [14.4, -3.9],
        [12.2, 18.8],
        [-3.0, -2.5],
        [31.0, 21.0],
    ];
    for c in shapes {
        let ring = star(c, 8.0, 11, &mut seed);
        let small = ours(30, 20, std::slice::from_ref(&ring));
        let moved: Vec<[f32; 2]> = ring.iter().map(|p| [p[0] + 20.0, p[1] + 20.0]).collect();
        let large = ours(70, 60, &[moved]);
        assert!(small.iter().any(|&v| v > 0), "{c:?} drew nothing");
        for y in 0..20 {
            for x in 0..30 {
                assert_eq!(
                    at(&small, 30, x, y),
                    at(&large, 70, x + 20, y + 20),
                    "{c:?} at ({x}, {y})"
                );
            }
        }
    }
}

#[test]
fn the_rows_asked_for_are_drawn_and_no_others() {
    let ring = star([10.2, 10.6], 8.0, 13, &mut 3u64);
    let whole = ours(20, 20, std::slice::from_ref(&ring));
    let mut pm = canvas(20, 20);
    fill(
        &mut Coverage::default(),
        &mut pm,
        std::slice::from_ref(&ring),
        (WHITE, None),
        (7, 12),
    );
    let part: Vec<u8> = pm.data().chunks(4).map(|p| p[0]).collect();
    for y in 0..20 {
        for x in 0..20 {
            let want = if (7..12).contains(&y) {
                at(&whole, 20, x, y)
            } else {
                0
            };
            assert_eq!(at(&part, 20, x, y), want, "({x}, {y})");
        }
    }
}

#[test]
fn fills_are_tiny_skias_but_for_the_anti_aliasing() {
    // Districts of 3–40 pixels as large maps have, with a hole: most pixels inside the same,
    // edge pixels at most a fifth of the range apart (tiny-skia samples 4 × 4 per pixel, so
    // its edge pixels take a sixteenth steps), the covered area nearly the same.
    let mut seed = 17u64;
    for (r, n) in [(6.0, 9), (12.0, 17), (40.0, 60), (3.0, 6)] {
        let outer = star([50.37, 49.81], r, n, &mut seed);
        let hole = rect(49.0, 49.0, 50.6, 50.8);
        let rings = [outer, hole];
        let (a, b) = (ours(100, 100, &rings), theirs(100, 100, &rings));
        let full = a.iter().zip(&b).filter(|(x, y)| **x == 255 || **y == 255);
        let exact = full.clone().filter(|(x, y)| x == y).count();
        let worst = a.iter().zip(&b).map(|(x, y)| x.abs_diff(*y)).max().unwrap();
        let sum = |v: &[u8]| v.iter().map(|&x| f32::from(x)).sum::<f32>() / 255.0;
        // Measured: 23 of 26 up to 834 of 927 pixels full in either are full in both; the
        // worst pixel 26–38 apart; the areas within 0.6 %.
        assert!(exact * 10 >= full.count() * 8, "radius {r}");
        assert!(worst <= 51, "radius {r}: {worst}");
        assert!(
            (sum(&a) - sum(&b)).abs() < 0.02 * sum(&b) + 1.0,
            "radius {r}"
        );
    }
}

#[test]
fn a_one_pixel_outline_on_pixel_centres_fills_its_pixels() {
    // Corners closed (each edge reaches half a width past its ends), nothing else touched.
    let mut pm = canvas(16, 12);
    let ring = rect(2.5, 2.5, 12.5, 8.5);
    Coverage::default().stroke(&mut band(&mut pm, (0, 12)), &[ring], 1.0, (WHITE, 255));
    let px: Vec<u8> = pm.data().chunks(4).map(|p| p[0]).collect();
    for y in 0..12 {
        for x in 0..16 {
            let on = ((y == 2 || y == 8) && (2..=12).contains(&x))
                || ((x == 2 || x == 12) && (2..=8).contains(&y));
            assert_eq!(at(&px, 16, x, y), if on { 255 } else { 0 }, "({x}, {y})");
        }
    }
}

#[test]
fn strokes_blend_at_their_alpha() {
    let mut pm = canvas(16, 12);
    let ring = rect(2.5, 2.5, 12.5, 8.5);
    Coverage::default().stroke(&mut band(&mut pm, (0, 12)), &[ring], 1.0, (WHITE, 200));
    let px: Vec<u8> = pm.data().chunks(4).map(|p| p[0]).collect();
    assert_eq!(at(&px, 16, 7, 2), 200);
    assert_eq!(at(&px, 16, 2, 2), 200);
    assert_eq!(at(&px, 16, 7, 5), 0);
}

#[test]
fn degenerate_rings_draw_nothing_and_do_not_panic() {
    let cases: [Vec<Vec<[f32; 2]>>; 5] = [
        vec![],
        vec![vec![]],
        vec![vec![[3.0, 3.0]]],
        vec![vec![[1.0, 1.0], [f32::NAN, 4.0], [5.0, 5.0]]],
        vec![
            rect(-50.0, -50.0, -10.0, -10.0),
            rect(30.0, 30.0, 1e9, 40.0),
        ],
    ];
    for rings in &cases {
        let mut pm = canvas(20, 20);
        let mut c = Coverage::default();
        fill(&mut c, &mut pm, rings, (WHITE, None), (0, 20));
        c.stroke(&mut band(&mut pm, (0, 20)), rings, 1.0, (WHITE, 255));
        assert!(pm.data().chunks(4).all(|p| p[0] == 0), "{rings:?}");
    }
}

#[test]
fn stripes_cover_their_share_of_a_shape_and_lie_on_their_lines() {
    // Lines X + Y = k · 9, 1.6 px wide: they are 9/√2 apart, so they cover 1.6·√2/9 of the
    // area; a pixel whose centre lies on a line is covered most, one halfway between not.
    let st = Stripes {
        color: WHITE,
        step: 9.0,
        width: 1.6,
        end: 400.0,
    };
    let share: f32 = (0..90)
        .flat_map(|y| (0..90).map(move |x| (x, y)))
        .map(|(x, y)| st.cover(x, y))
        .sum::<f32>()
        / 8100.0;
    let want = 1.6 * std::f32::consts::SQRT_2 / 9.0;
    assert!((share - want).abs() < 0.002, "{share} against {want}");
    // Centre X + Y = x + y + 1: 36 on the line k = 4, 40.5 halfway to k = 5.
    assert!(st.cover(20, 15) > 0.9);
    assert!(st.cover(20, 15) > st.cover(20, 16));
    assert_eq!(st.cover(20, 19) + st.cover(19, 20), 2.0 * st.cover(20, 19));
    assert!(st.cover(22, 17) < 0.05);
    // Beyond the canvas's end no line.
    let short = Stripes { end: 30.0, ..st };
    assert_eq!(short.cover(20, 15), 0.0);
}

#[test]
fn a_hatched_fill_is_its_colour_between_the_lines() {
    let st = Stripes {
        color: Rgb(0, 0, 255),
        step: 9.0,
        width: 1.6,
        end: 200.0,
    };
    let mut pm = canvas(60, 60);
    let rings = [rect(5.0, 5.0, 55.0, 55.0)];
    fill(
        &mut Coverage::default(),
        &mut pm,
        &rings,
        (WHITE, Some(&st)),
        (0, 60),
    );
    let px = |x: u32, y: u32| {
        let i = ((y * 60 + x) * 4) as usize;
        [pm.data()[i], pm.data()[i + 1], pm.data()[i + 2]]
    };
    // Between lines the fill; on a line mostly the lines' colour; outside the canvas's black.
    assert_eq!(px(22, 17), [255, 255, 255]);
    assert!(px(20, 15)[0] < 30 && px(20, 15)[2] == 255);
    assert_eq!(px(2, 40), [0, 0, 0]);
    assert_eq!(px(57, 40), [0, 0, 0]);
}

#[test]
fn a_shape_taller_than_a_strip_is_drawn_whole_with_a_strips_buffer() {
    // A star 300 rows tall (five strips) adds up to its area and matches tiny-skia's; a square
    // over a whole 2 000-pixel canvas is drawn with a buffer of one strip, not of its box.
    let ring = star([200.4, 200.7], 150.0, 90, &mut 23u64);
    let px = ours(400, 400, std::slice::from_ref(&ring));
    let covered: f32 = px.iter().map(|&v| f32::from(v) / 255.0).sum();
    let area = shoelace(&ring);
    let edge_pixels = 4.0 * (150.0 * std::f32::consts::TAU + 8.0);
    assert!(
        (covered - area).abs() <= edge_pixels * 0.5 / 255.0,
        "{covered} against {area}"
    );
    let theirs = theirs(400, 400, std::slice::from_ref(&ring));
    let worst = px
        .iter()
        .zip(&theirs)
        .map(|(a, b)| a.abs_diff(*b))
        .max()
        .unwrap();
    assert!(worst <= 51, "{worst}");
    let mut pm = canvas(2000, 2000);
    let mut c = Coverage::default();
    fill(
        &mut c,
        &mut pm,
        &[rect(-5.0, -5.0, 2005.0, 2005.0)],
        (WHITE, None),
        (0, 2000),
    );
    c.stroke(
        &mut band(&mut pm, (0, 2000)),
        &[rect(0.5, 0.5, 1999.5, 1999.5)],
        1.0,
        (Rgb(0, 0, 0), 255),
    );
    // One strip of 64 rows of the canvas's width (and the slack) at most: its box would be 4
    // million cells.
    assert!(
        c.acc.capacity() <= (2000 + SLACK) * 64,
        "{}",
        c.acc.capacity()
    );
    let px: Vec<u8> = pm.data().chunks(4).map(|p| p[0]).collect();
    // White inside, the black outline along every edge, across every strip's border.
    assert_eq!(at(&px, 2000, 1000, 1000), 255);
    for y in [0, 63, 64, 65, 1000, 1999] {
        assert_eq!(at(&px, 2000, 0, y), 0, "left, row {y}");
        assert_eq!(at(&px, 2000, 1999, y), 0, "right, row {y}");
        assert_eq!(
            at(&px, 2000, 1, y),
            if y == 0 || y == 1999 { 0 } else { 255 }
        );
    }
}

#[test]
fn a_canvas_split_into_bands_gives_each_its_rows() {
    let mut pm = canvas(5, 10);
    let parts = Rows::split(&mut pm, &[3, 7, 10]);
    let spans: Vec<(usize, usize)> = parts.iter().map(Rows::span).collect();
    assert_eq!(spans, [(0, 3), (3, 7), (7, 10)]);
    let lens: Vec<usize> = parts.iter().map(|p| p.data.len()).collect();
    assert_eq!(lens, [3 * 5 * 4, 4 * 5 * 4, 3 * 5 * 4]);
    drop(parts);
    let whole = Rows::whole(&mut pm);
    assert_eq!((whole.span(), whole.data.len()), ((0, 10), 10 * 5 * 4));
    let parts = Rows::split(&mut pm, &[3, 7, 10]);
    // Painting the middle band changes its rows only, with the bytes tiny-skia's fill writes.
    let mut middle = parts.into_iter().nth(1).unwrap();
    middle.paint(Rgb(10, 200, 30));
    let mut theirs = Pixmap::new(1, 1).unwrap();
    theirs.fill(Color::from_rgba8(10, 200, 30, 255));
    for y in 0..10 {
        let row = &pm.data()[y * 20..(y + 1) * 20];
        let want = if (3..7).contains(&y) {
            theirs.data()
        } else {
            &[0, 0, 0, 255][..]
        };
        assert!(row.chunks(4).all(|p| p == want), "row {y}");
    }
}

#[test]
fn blending_two_channels_at_once_rounds_as_each_alone() {
    // Every source and destination level at every alpha, in each channel's place: the sum
    // (s·a + d·(255 − a) + 127) / 255 of one channel at a time.
    let one = |s: u32, d: u32, a: u32| ((s * a + d * (255 - a) + 127) / 255) as u8;
    for a in 0..=255u32 {
        for s in 0..=255u8 {
            for d in (0..=255u8).step_by(5) {
                let mut px = [d, 255 - d, d / 2, d];
                blend(&mut px, Rgb(s, 255 - s, s / 3), a);
                let want = [
                    one(u32::from(s), u32::from(d), a),
                    one(u32::from(255 - s), u32::from(255 - d), a),
                    one(u32::from(s / 3), u32::from(d / 2), a),
                    one(255, u32::from(d), a),
                ];
                assert_eq!(px, want, "s {s} d {d} a {a}");
            }
        }
    }
}

/// Uniform numbers in [0, 1) from `seed` (a xorshift stream): the pieces' random ends.
fn units(mut seed: u64) -> impl FnMut() -> f32 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 40) as f32 / (1u64 << 24) as f32
    }
}

#[test]
fn pieces_in_the_last_columns_give_the_same_cells_with_the_slack() {
    // Every piece ending in or beyond a box's last two columns, on a row without the slack
    // (the general loop, which stops at the box's edge) and with it (the one- and two-column
    // ways, which write past it): the box's own cells equal (0 and −0 alike).
    let w = 6;
    let mut unit = units(0x2545_f491_4f6c_dd1d);
    let mut fast = 0;
    for _ in 0..20_000 {
        let xa = 3.0 + 4.5 * unit();
        let xb = xa + (unit() - 0.5) * 2.5;
        let dy = (unit() - 0.5) * 2.0;
        let mut bare = vec![0.0f32; w];
        let mut slack = vec![0.0f32; w + SLACK];
        piece(&mut bare, xa, xb, dy);
        piece(&mut slack, xa, xb, dy);
        assert_eq!(bare[..], slack[..w], "{xa} {xb} {dy}");
        let (lo, hi) = (xa.min(xb), xa.max(xb));
        // Pieces the slack moves off the general loop: within one column or across one border.
        fast += usize::from(hi.floor() - lo.floor() <= 1.0 && lo.floor() >= 4.0);
    }
    // Cells beyond the box get values: the slack is written, so the test has pieces in it.
    assert!(fast > 5_000, "{fast}");
}

#[test]
fn a_piece_across_two_column_borders_is_the_general_ways_cells() {
    // Flat pieces spanning three columns (the three-column way) against the general loop:
    // the same cells (0 and −0 alike), x1 on a column border included.
    let mut unit = units(0x9e37_79b9_7f4a_7c15);
    let mut taken = 0;
    for k in 0..20_000 {
        let x0 = 1.0 + 3.0 * unit();
        let x1 = if k % 10 == 0 {
            x0.floor() + 2.0
        } else {
            x0 + 1.0 + 2.0 * unit()
        };
        let dy = (unit() - 0.5) * 2.0;
        let (f0, f1) = (floor(x0), floor(x1));
        if f1 != f0 + 2 {
            continue;
        }
        taken += 1;
        let mut fast = vec![0.0f32; 10];
        let mut general = vec![0.0f32; 10];
        // Either way round: the piece runs left or right.
        if k % 2 == 0 {
            piece(&mut fast, x0, x1, dy);
        } else {
            piece(&mut fast, x1, x0, dy);
        }
        columns(&mut general, (x0, x1), (f0, f1), dy);
        assert_eq!(fast, general, "{x0} {x1} {dy}");
    }
    assert!(taken > 5_000, "{taken}");
}
