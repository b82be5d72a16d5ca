//! Edge pieces within one pixel row of the coverage rasterizer ([`crate::coverage`]): the
//! area of each pixel right of a piece as second differences of H(t) = ∫ max(t − X(y), 0) dy,
//! written into the row's accumulation cells — the general way column by column, and the
//! common narrow pieces (one to three columns) without its loop, by its arithmetic.

/// Adds to one row of `line` an edge piece that runs from x = `xa` to `xb` while descending
/// `dy` (signed) of the row: the second differences of H, so that the running sum along the
/// row is, at each pixel, the part of it right of the edge (times `dy`).
pub(crate) fn piece(line: &mut [f32], xa: f32, xb: f32, dy: f32) {
    let (x0, x1) = if xa <= xb { (xa, xb) } else { (xb, xa) };
    let last_col = line.len() as isize - 1;
    if x0.is_nan() || x1.is_nan() || last_col < 0 {
        return;
    }
    let (f0, f1) = (floor(x0), floor(x1));
    if f0 > last_col {
        // Right of the box: on no pixel read.
        return;
    }
    if f1 < 0 {
        // Left of the box: its whole area lands in the first column.
        line[0] += dy;
        return;
    }
    if f0 == f1 && f0 < last_col {
        // Within one column (most pieces of small districts): the part right of the piece's
        // middle there, the rest in the next column — the second differences of H below.
        let f = f0 as usize;
        let cover = dy * ((f0 + 1) as f32 - 0.5 * (x0 + x1));
        line[f] += cover;
        line[f + 1] += dy - cover;
        return;
    }
    // H(t) = dy · E[max(t − X, 0)], X uniform on [x0, x1].
    let mid = 0.5 * (x0 + x1);
    if f1 == f0 + 1 && f0 >= 0 && f0 + 2 <= last_col {
        // Across one column border (most pieces of an outline's offset rings): the three
        // cells of the loop below, by its arithmetic, without its branches. H is 0 at the
        // first column's left side (the loop's added zeros left out: they could only change
        // a zero's sign) and linear from the third column's left side on, which x1 lies left
        // of.
        let f = f0 as usize;
        let (t, inv) = ((f + 1) as f32, 0.5 / (x1 - x0));
        let at = if t >= x1 {
            dy * (t - mid)
        } else {
            dy * (t - x0) * (t - x0) * inv
        };
        let (next, after) = (dy * (t + 1.0 - mid), dy * (t + 2.0 - mid));
        if let Some(cells) = line.get_mut(f..f + 3) {
            cells[0] += at;
            cells[1] += next - 2.0 * at;
            cells[2] += after - 2.0 * next + at;
        }
        return;
    }
    if f1 == f0 + 2 && f0 >= 0 && f0 + 3 <= last_col {
        // Across two column borders (a flat piece of a few pixels' district): the four cells
        // of `columns`, by its arithmetic, without its loop. H is 0 at the first column's
        // left side (x0 lies right of it), quadratic at the second's (x1 lies beyond), either
        // at the third's, linear from the fourth's on (x1 lies left of it).
        let f = f0 as usize;
        let inv = 0.5 / (x1 - x0);
        let t = (f + 1) as f32;
        let quadratic = |t: f32| dy * (t - x0) * (t - x0) * inv;
        let linear = |t: f32| dy * (t - mid);
        let h1 = quadratic(t);
        let h2 = if t + 1.0 >= x1 {
            linear(t + 1.0)
        } else {
            quadratic(t + 1.0)
        };
        let (h3, h4) = (linear(t + 2.0), linear(t + 3.0));
        if let Some(cells) = line.get_mut(f..f + 4) {
            cells[0] += h1;
            cells[1] += h2 - 2.0 * h1;
            cells[2] += h3 - 2.0 * h2 + h1;
            cells[3] += h4 - 2.0 * h3 + h2;
        }
        return;
    }
    columns(line, (x0, x1), (f0, f1), dy);
}

/// [`piece`] the general way, cell by cell: the second differences of H at each column border
/// from `f0`'s (x0 in column `f0`, x1 in `f1`, `x0 ≤ x1`).
pub(crate) fn columns(line: &mut [f32], (x0, x1): (f32, f32), (f0, f1): (isize, isize), dy: f32) {
    let last_col = line.len() as isize - 1;
    let mid = 0.5 * (x0 + x1);
    let inv = if x1 > x0 { 0.5 / (x1 - x0) } else { 0.0 };
    let h = |t: f32| {
        if t <= x0 {
            0.0
        } else if t >= x1 {
            dy * (t - mid)
        } else {
            dy * (t - x0) * (t - x0) * inv
        }
    };
    // Left of the box, the pieces' areas all land in its first column (their sum is that
    // column's area); right of the last column nothing is read.
    let first = f0.max(0) as usize;
    let last = (f1 + 1).min(last_col) as usize;
    let (mut below, mut at) = (h(first as f32), h(first as f32 + 1.0));
    line[first] += at - below;
    for (i, cell) in line.iter_mut().enumerate().take(last + 1).skip(first + 1) {
        let above = h(i as f32 + 1.0);
        *cell += above - 2.0 * at + below;
        below = at;
        at = above;
    }
}

/// ⌊x⌋ without the library call `f32::floor` is on processors without SSE 4.1.
pub(crate) fn floor(x: f32) -> isize {
    let i = x as isize;
    if (i as f32) > x { i - 1 } else { i }
}
