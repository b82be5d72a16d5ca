//! Spatial weights over the districts of one boundary file: contiguity (queen: sharing a
//! vertex; rook: sharing an edge — both from shared coordinates, as libpysal's `Queen` and
//! `Rook` build them), k nearest neighbours and distance bands on the districts' interior
//! points, and weights read from GeoDa/PySAL files. Built once per boundary load: contiguity
//! from the sorted vertices or edges (`contiguity.rs`: near-linear, never pairwise),
//! neighbours by distance through an R-tree of points.
//!
//! Neighbour lists are sorted district indices (file order). Islands — districts without a
//! neighbour — are kept with an empty list (PySAL's handling: their spatial lag is 0) and
//! listed.

pub use super::contiguity::contiguity;
use atlas_data::model::Districts;

/// How the weights were made (for reports and the CLI's JSON).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightsKind {
    Queen,
    Rook,
    Knn(usize),
    /// Distance band in metres.
    Distance(f64),
    /// Read from a .gal/.gwt file (its name).
    File(String),
}

impl From<&super::WeightsSpec> for WeightsKind {
    fn from(s: &super::WeightsSpec) -> WeightsKind {
        match s {
            super::WeightsSpec::Queen => WeightsKind::Queen,
            super::WeightsSpec::Rook => WeightsKind::Rook,
            super::WeightsSpec::Knn(k) => WeightsKind::Knn(*k),
            super::WeightsSpec::Distance(d) => WeightsKind::Distance(*d),
            super::WeightsSpec::File(p) => WeightsKind::File(atlas_data::load::error::file_name(p)),
        }
    }
}

impl WeightsKind {
    /// `queen`, `rook`, `knn:6`, `distance:1500`, `file:w.gal`.
    pub fn label(&self) -> String {
        match self {
            WeightsKind::Queen => "queen".into(),
            WeightsKind::Rook => "rook".into(),
            WeightsKind::Knn(k) => format!("knn:{k}"),
            WeightsKind::Distance(d) => format!("distance:{d}"),
            WeightsKind::File(f) => format!("file:{f}"),
        }
    }
}

/// Neighbours (and their raw weights) per district.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub kind: WeightsKind,
    /// Per district, its neighbours (sorted, never itself).
    pub neighbors: Vec<Vec<usize>>,
    /// Per district, the raw weight of each neighbour (1 for contiguity, knn and bands; a
    /// .gwt file's values otherwise).
    pub weights: Vec<Vec<f64>>,
}

impl Weights {
    /// Binary weights from neighbour lists (made symmetric-free as given, sorted, deduped).
    pub fn binary(kind: WeightsKind, mut neighbors: Vec<Vec<usize>>) -> Weights {
        for (i, n) in neighbors.iter_mut().enumerate() {
            n.retain(|&j| j != i);
            n.sort_unstable();
            n.dedup();
        }
        let weights = neighbors.iter().map(|n| vec![1.0; n.len()]).collect();
        Weights {
            kind,
            neighbors,
            weights,
        }
    }

    pub fn len(&self) -> usize {
        self.neighbors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.neighbors.is_empty()
    }

    /// Districts without a neighbour.
    pub fn islands(&self) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| self.neighbors[i].is_empty())
            .collect()
    }

    /// Mean number of neighbours.
    pub fn mean_neighbors(&self) -> f64 {
        if self.is_empty() {
            return 0.0;
        }
        self.neighbors.iter().map(Vec::len).sum::<usize>() as f64 / self.len() as f64
    }

    /// The weights among the districts `keep` says (others dropped from every list), row
    /// standardised: each district's weights add up to 1 (an island's row stays empty). The
    /// result is indexed 0..m in the order of the kept districts.
    pub fn standardised_subset(&self, keep: &[bool]) -> RowStandardised {
        let mut index = vec![usize::MAX; self.len()];
        let mut kept = Vec::new();
        for (i, &k) in keep.iter().enumerate().take(self.len()) {
            if k {
                index[i] = kept.len();
                kept.push(i);
            }
        }
        let mut start = Vec::with_capacity(kept.len() + 1);
        let (mut cols, mut vals) = (Vec::new(), Vec::new());
        start.push(0);
        for &i in &kept {
            let row: Vec<(usize, f64)> = self.neighbors[i]
                .iter()
                .zip(&self.weights[i])
                .filter(|(j, _)| index[**j] != usize::MAX)
                .map(|(j, w)| (index[*j], *w))
                .collect();
            let sum: f64 = row.iter().map(|r| r.1).sum();
            for (j, w) in row {
                cols.push(j);
                vals.push(if sum > 0.0 { w / sum } else { 0.0 });
            }
            start.push(cols.len());
        }
        RowStandardised {
            districts: kept,
            start,
            cols,
            vals,
        }
    }
}

/// Row-standardised weights in compressed rows, over a subset of the districts.
#[derive(Debug, Clone, PartialEq)]
pub struct RowStandardised {
    /// The districts (file indices) the rows stand for.
    pub districts: Vec<usize>,
    start: Vec<usize>,
    cols: Vec<usize>,
    vals: Vec<f64>,
}

impl RowStandardised {
    pub fn n(&self) -> usize {
        self.districts.len()
    }

    /// Row i: (neighbour index, weight).
    pub fn row(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.start[i]..self.start[i + 1];
        self.cols[r.clone()]
            .iter()
            .copied()
            .zip(self.vals[r].iter().copied())
    }

    /// wᵢⱼ (0 when j is no neighbour of i); rows are sorted by column.
    pub fn weight(&self, i: usize, j: usize) -> f64 {
        let r = self.start[i]..self.start[i + 1];
        match self.cols[r.clone()].binary_search(&j) {
            Ok(k) => self.vals[r.start + k],
            Err(_) => 0.0,
        }
    }

    /// Number of neighbours of row i.
    pub fn cardinality(&self, i: usize) -> usize {
        self.start[i + 1] - self.start[i]
    }

    /// The spatial lag W·z.
    pub fn lag(&self, z: &[f64]) -> Vec<f64> {
        (0..self.n())
            .map(|i| self.row(i).map(|(j, w)| w * z[j]).sum())
            .collect()
    }

    /// (S0, S1, S2) of PySAL's `W`: the sum of weights, ½ Σ (wᵢⱼ + wⱼᵢ)², Σ (rowᵢ + colᵢ)².
    pub fn s012(&self) -> (f64, f64, f64) {
        let n = self.n();
        let mut s0 = 0.0;
        let mut col = vec![0.0; n];
        let mut row = vec![0.0; n];
        // S1 = ½ Σ over ordered pairs of (wᵢⱼ + wⱼᵢ)². Visiting the pairs with wᵢⱼ > 0 counts
        // each ordered pair of a symmetric link; a one-way link (wⱼᵢ = 0) also stands for its
        // reverse, so it counts twice. Summed in row order: the same bits on every run.
        let mut s1 = 0.0;
        for (i, r) in row.iter_mut().enumerate() {
            for (j, w) in self.row(i) {
                s0 += w;
                *r += w;
                col[j] += w;
                let back = self.weight(j, i);
                let v = (w + back) * (w + back);
                s1 += if back > 0.0 { v } else { 2.0 * v };
            }
        }
        let s1 = s1 / 2.0;
        let s2 = (0..n).map(|i| (row[i] + col[i]).powi(2)).sum();
        (s0, s1, s2)
    }
}

/// Metres per degree of latitude (mean earth radius 6 371 008.8 m).
pub const METRES_PER_DEGREE: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// Great-circle distance in metres between two lon/lat points.
pub fn haversine(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (la1, la2) = (a[1].to_radians(), b[1].to_radians());
    let dlat = la2 - la1;
    let dlon = (b[0] - a[0]).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

/// The districts' interior points (lon/lat): polylabel of the largest polygon, as the map's
/// labels sit.
pub fn points(d: &Districts) -> Vec<Option<[f64; 2]>> {
    atlas_data::parallel::map(&d.districts, |x| {
        use geo::{Area, InteriorPoint};
        let largest = x
            .geometry
            .0
            .iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
        let size = geo::BoundingRect::bounding_rect(largest)
            .map(|r| r.width().max(r.height()))
            .unwrap_or(0.0);
        polylabel::polylabel(largest, &(size / 100.0).max(1e-9))
            .ok()
            .or_else(|| largest.interior_point())
            .map(|p| [p.x(), p.y()])
    })
}

/// Points in local metres (equirectangular about the mean latitude) for the R-tree; exact
/// distances are then measured on the sphere.
fn local(points: &[Option<[f64; 2]>]) -> (Vec<Option<[f64; 2]>>, f64) {
    let lats: Vec<f64> = points.iter().flatten().map(|p| p[1]).collect();
    let lat0 = if lats.is_empty() {
        0.0
    } else {
        lats.iter().sum::<f64>() / lats.len() as f64
    };
    let kx = METRES_PER_DEGREE * lat0.to_radians().cos();
    (
        points
            .iter()
            .map(|p| p.map(|p| [p[0] * kx, p[1] * METRES_PER_DEGREE]))
            .collect(),
        kx,
    )
}

/// Per district, a point (None: no interior point).
type Points = Vec<Option<[f64; 2]>>;
type PointTree = rstar::RTree<rstar::primitives::GeomWithData<[f64; 2], usize>>;

/// The districts' interior points (lon/lat), the same in local metres, and an R-tree of the
/// latter.
fn point_index(d: &Districts) -> (Points, Points, PointTree) {
    let pts = points(d);
    let (loc, _) = local(&pts);
    let tree = PointTree::bulk_load(
        loc.iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| rstar::primitives::GeomWithData::new(p, i)))
            .collect(),
    );
    (pts, loc, tree)
}

/// The k nearest districts by interior point (ties by index). Districts without a point have
/// no neighbours.
pub fn knn(d: &Districts, k: usize) -> Weights {
    let (pts, loc, tree) = point_index(d);
    let neighbors = atlas_data::parallel::map(&(0..d.districts.len()).collect::<Vec<_>>(), |&i| {
        let Some(p) = loc[i] else { return Vec::new() };
        // A few more than k in the plane, then the true k on the sphere.
        let mut near: Vec<(f64, usize)> = tree
            .nearest_neighbor_iter(&p)
            .filter(|e| e.data != i)
            .take(k + 4)
            .filter_map(|e| Some((haversine(pts[i]?, pts[e.data]?), e.data)))
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        near.into_iter().take(k).map(|(_, j)| j).collect()
    });
    Weights::binary(WeightsKind::Knn(k), neighbors)
}

/// Districts whose interior points lie within `metres` of each other (binary).
pub fn distance_band(d: &Districts, metres: f64) -> Weights {
    let (pts, loc, tree) = point_index(d);
    // The plane slightly overstates east-west distances away from the mean latitude: search a
    // little wider, then keep what is within the band on the sphere.
    let search = metres * 1.05 + 1.0;
    let neighbors = atlas_data::parallel::map(&(0..d.districts.len()).collect::<Vec<_>>(), |&i| {
        let (Some(p), Some(pi)) = (loc[i], pts[i]) else {
            return Vec::new();
        };
        tree.locate_within_distance(p, search * search)
            .filter(|e| e.data != i)
            .filter(|e| pts[e.data].is_some_and(|q| haversine(pi, q) <= metres))
            .map(|e| e.data)
            .collect()
    });
    Weights::binary(WeightsKind::Distance(metres), neighbors)
}
