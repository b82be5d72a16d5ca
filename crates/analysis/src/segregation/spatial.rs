//! The spatial dissimilarity indices: Morrill's (PySAL `SpatialDissim`, binary queen
//! contiguity, not standardised — its default) and Wong's boundary version (PySAL
//! `BoundarySpatialDissim`, the lengths of shared boundaries, row-standardised — its
//! default), both D − Σᵢⱼ cᵢⱼ |pᵢ − pⱼ| / Σᵢⱼ cᵢⱼ over the units of the year.

use super::single::{dissimilarity, shares};

/// Neighbours of the units of a year: `queen[i]` the units sharing a vertex with i,
/// `boundary[i]` those sharing an edge with the length in metres.
#[derive(Debug, Clone, Default)]
pub struct UnitWeights {
    pub queen: Vec<Vec<usize>>,
    pub boundary: Vec<Vec<(usize, f64)>>,
}

/// Morrill's spatial dissimilarity with binary weights.
pub fn spatial_dissimilarity(x: &[f64], t: &[f64], w: &UnitWeights) -> f64 {
    let p = shares(x, t);
    let (mut num, mut den) = (0.0, 0.0);
    for (i, ns) in w.queen.iter().enumerate() {
        for &j in ns {
            num += (p[i] - p[j]).abs();
            den += 1.0;
        }
    }
    dissimilarity(x, t) - num / den
}

/// Wong's boundary spatial dissimilarity with row-standardised shared lengths; `None` when a
/// unit has no neighbour sharing an edge (PySAL's row standardisation divides 0 by 0 there,
/// and its index is NaN).
pub fn boundary_spatial_dissimilarity(x: &[f64], t: &[f64], w: &UnitWeights) -> Option<f64> {
    let p = shares(x, t);
    let (mut num, mut den) = (0.0, 0.0);
    for (i, ns) in w.boundary.iter().enumerate() {
        let row: f64 = ns.iter().map(|(_, l)| l).sum();
        if ns.is_empty() || row <= 0.0 {
            return None;
        }
        for &(j, l) in ns {
            let c = l / row;
            num += c * (p[i] - p[j]).abs();
            den += c;
        }
    }
    Some(dissimilarity(x, t) - num / den)
}

impl UnitWeights {
    /// Binary rook contiguity (a shared edge) for the spatial dissimilarity instead of queen.
    pub fn rook(self) -> UnitWeights {
        let queen = self
            .boundary
            .iter()
            .map(|ns| ns.iter().map(|(j, _)| *j).collect())
            .collect();
        UnitWeights {
            queen,
            boundary: self.boundary,
        }
    }

    /// The weights among the units kept (`keep[i]`), renumbered in their order.
    pub fn subset(&self, keep: &[bool]) -> UnitWeights {
        let mut new = vec![usize::MAX; keep.len()];
        let mut n = 0;
        for (i, k) in keep.iter().enumerate() {
            if *k {
                new[i] = n;
                n += 1;
            }
        }
        let queen = (0..keep.len())
            .filter(|&i| keep[i])
            .map(|i| {
                self.queen[i]
                    .iter()
                    .filter(|&&j| keep[j])
                    .map(|&j| new[j])
                    .collect()
            })
            .collect();
        let boundary = (0..keep.len())
            .filter(|&i| keep[i])
            .map(|i| {
                self.boundary[i]
                    .iter()
                    .filter(|(j, _)| keep[*j])
                    .map(|&(j, l)| (new[j], l))
                    .collect()
            })
            .collect();
        UnitWeights { queen, boundary }
    }
}
