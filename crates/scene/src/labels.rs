//! Which district labels fit: candidates in the view, largest districts first, each kept only
//! if its box overlaps no label already placed and the district is wide enough on screen to
//! carry it. Text size is estimated from the character count so the screen and exports place
//! the same labels without a font system here.

/// A placed label: district and box on screen ([x0, y0, x1, y1]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedLabel {
    pub district: usize,
    pub rect: [f32; 4],
}

/// Width of a text of `chars` characters at `font_px`, for a proportional sans font.
pub fn estimate_width(chars: usize, font_px: f32) -> f32 {
    chars as f32 * font_px * 0.56
}

/// A label candidate: district, anchor on screen, label size in pixels, district width on
/// screen, and priority (larger first, usually the district's area).
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    pub district: usize,
    pub anchor: [f32; 2],
    pub size: [f32; 2],
    pub district_width: f32,
    pub priority: f64,
}

/// Greedy placement; at most `max` labels (a cap keeps the frame time bounded at 100 k
/// districts, where only a zoomed-in view shows names anyway).
pub fn place(mut candidates: Vec<Candidate>, max: usize) -> Vec<PlacedLabel> {
    candidates.retain(|c| c.district_width >= c.size[0] * 0.8);
    candidates.sort_by(|a, b| b.priority.total_cmp(&a.priority));
    let mut placed: Vec<PlacedLabel> = Vec::new();
    for c in candidates {
        if placed.len() >= max {
            break;
        }
        let pad = 2.0;
        let r = [
            c.anchor[0] - c.size[0] / 2.0 - pad,
            c.anchor[1] - c.size[1] / 2.0 - pad,
            c.anchor[0] + c.size[0] / 2.0 + pad,
            c.anchor[1] + c.size[1] / 2.0 + pad,
        ];
        let overlaps = placed
            .iter()
            .any(|p| r[0] < p.rect[2] && p.rect[0] < r[2] && r[1] < p.rect[3] && p.rect[1] < r[3]);
        if !overlaps {
            placed.push(PlacedLabel {
                district: c.district,
                rect: r,
            });
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(d: usize, x: f32, prio: f64) -> Candidate {
        Candidate {
            district: d,
            anchor: [x, 100.0],
            size: [60.0, 14.0],
            district_width: 100.0,
            priority: prio,
        }
    }

    #[test]
    fn overlapping_labels_keep_the_larger_district() {
        let placed = place(
            vec![
                cand(0, 100.0, 1.0),
                cand(1, 130.0, 5.0),
                cand(2, 300.0, 0.5),
            ],
            10,
        );
        let ds: Vec<usize> = placed.iter().map(|p| p.district).collect();
        assert_eq!(ds, vec![1, 2]);
    }

    #[test]
    fn labels_wider_than_their_district_are_hidden_and_the_cap_holds() {
        let mut narrow = cand(0, 100.0, 9.0);
        narrow.district_width = 20.0;
        assert!(place(vec![narrow], 10).is_empty());
        let many: Vec<Candidate> = (0..50).map(|i| cand(i, i as f32 * 100.0, 1.0)).collect();
        assert_eq!(place(many, 7).len(), 7);
    }
}
