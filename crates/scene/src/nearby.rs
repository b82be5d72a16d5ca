//! Moving between districts without a pointer: from one district to the nearest in a direction
//! (keyboard navigation on the map). Label points stand for the districts; a candidate must lie
//! within 45° of the direction (else within 80°, so an edge district still leads somewhere),
//! and the nearest one wins, with a penalty for leaving the axis so "right" prefers the
//! district beside over one diagonally nearer.

/// The district nearest to `from` in direction `dir` (projected x east, y north), if any.
pub fn step(points: &[[f32; 2]], from: usize, dir: [f64; 2]) -> Option<usize> {
    let p = points.get(from)?;
    let (px, py) = (f64::from(p[0]), f64::from(p[1]));
    for min_cos in [std::f64::consts::FRAC_1_SQRT_2, 0.17] {
        let best = points
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != from)
            .filter_map(|(i, q)| {
                let (dx, dy) = (f64::from(q[0]) - px, f64::from(q[1]) - py);
                let dist = dx.hypot(dy);
                if dist == 0.0 || !dist.is_finite() {
                    return None;
                }
                let cos = (dx * dir[0] + dy * dir[1]) / dist;
                (cos >= min_cos).then_some((i, dist * (2.0 - cos)))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, _)) = best {
            return Some(i);
        }
    }
    None
}

/// The district whose label point is nearest to `at` (projected metres).
pub fn nearest(points: &[[f32; 2]], at: [f64; 2]) -> Option<usize> {
    points
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let (dx, dy) = (f64::from(q[0]) - at[0], f64::from(q[1]) - at[1]);
            (i, dx * dx + dy * dy)
        })
        .filter(|(_, d)| d.is_finite())
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_to_the_nearest_district_in_the_cone() {
        // A 3 × 3 grid, 0 at the south-west, row by row northwards.
        let pts: Vec<[f32; 2]> = (0..9).map(|i| [(i % 3) as f32, (i / 3) as f32]).collect();
        assert_eq!(step(&pts, 4, [1.0, 0.0]), Some(5));
        assert_eq!(step(&pts, 4, [-1.0, 0.0]), Some(3));
        assert_eq!(step(&pts, 4, [0.0, 1.0]), Some(7));
        assert_eq!(step(&pts, 4, [0.0, -1.0]), Some(1));
        // From the east edge, east leads nowhere; north-east goes up the edge.
        assert_eq!(step(&pts, 5, [1.0, 0.0]), None);
        assert_eq!(nearest(&pts, [1.9, 0.2]), Some(2));
    }
}
