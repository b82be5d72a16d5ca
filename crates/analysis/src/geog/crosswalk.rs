//! Crosswalks between two district grids (a boundary revision): for each (old, new) pair the
//! share of the old district that lies in the new one — by area (default) or by population
//! taken from a finer layer with a population count. Written and read as CSV
//! `old_key;new_key;weight`, so that an official crosswalk can be used instead of a computed
//! one.
//!
//! Areas are measured on the sphere (m²) after intersecting the polygons with geo's boolean
//! operations; candidate pairs come from an R-tree of bounding boxes, never all pairs. A
//! district lying wholly in a new one skips the overlays (`wholly_in`), and a large new
//! district is cut down around the old one first (`clip_box`).

use super::aggregate::parent_tree;
use super::area_m2;
use super::clip_box;
use super::overlay::{Op, cut, cut_on_grid, overlay, overlay_on_grid, resolved};
use super::report_msg::GeogError;
use super::report_msg::ReportLine;
use atlas_data::model::Districts;
use geo::{Contains, InteriorPoint, MultiPolygon};
use std::collections::BTreeMap;

/// What the weights are shares of.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Basis {
    Area,
    /// Population of a finer layer: its source, indicator and year.
    Population {
        source: String,
        indicator: String,
        year: i32,
    },
    /// Read from a file (an official crosswalk, or one written before).
    File {
        source: String,
    },
}

/// One (old, new) pair.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Pair {
    pub old: String,
    pub new: String,
    pub weight: f64,
}

/// A crosswalk with what the caller should know about it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Crosswalk {
    pub basis: Basis,
    pub pairs: Vec<Pair>,
    /// Per old key, the share lying outside every new district (area or population).
    pub outside: BTreeMap<String, f64>,
    /// Old keys whose population weights fell back to area (no population in them).
    pub area_fallback: Vec<String>,
    /// The largest share of an old district the overlay pieces missed (or counted twice)
    /// before the weights were scaled to add up with the share outside to 1.
    pub overlay_residual: f64,
    /// Population of fine units lying in no old district (not in any weight).
    pub unplaced_population: f64,
}

impl Crosswalk {
    /// Weight sums per old key.
    pub fn sums(&self) -> BTreeMap<&str, f64> {
        let mut s: BTreeMap<&str, f64> = BTreeMap::new();
        for p in &self.pairs {
            *s.entry(&p.old).or_default() += p.weight;
        }
        s
    }

    /// A short report: pairs, keys, and the largest share outside the new file.
    pub fn lines(&self) -> Vec<ReportLine> {
        let olds = self.sums().len();
        let news: std::collections::BTreeSet<&str> =
            self.pairs.iter().map(|p| p.new.as_str()).collect();
        let mut out = vec![ReportLine::Pairs {
            pairs: self.pairs.len(),
            olds,
            news: news.len(),
        }];
        if let Some((k, v)) = self
            .outside
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .filter(|(_, v)| **v > 0.0)
        {
            out.push(ReportLine::LargestOutside {
                percent: v * 100.0,
                key: k.clone(),
            });
        }
        if self.overlay_residual != 0.0 {
            out.push(ReportLine::OverlayResidual {
                residual: format!("{:.1e}", self.overlay_residual),
            });
        }
        if self.unplaced_population > 0.0 {
            out.push(ReportLine::UnplacedPopulation {
                population: self.unplaced_population,
            });
        }
        if !self.area_fallback.is_empty() {
            out.push(ReportLine::AreaFallback {
                n: self.area_fallback.len(),
                sample: super::sample(&self.area_fallback, 10),
            });
        }
        out
    }
}

/// For each old district, the area shares lying in each new district.
pub fn by_area(old: &Districts, new: &Districts) -> Crosswalk {
    let targets = Targets::of(new);
    let all: Vec<usize> = (0..old.districts.len()).collect();
    area_pairs(old, &all, &targets)
}

/// The area crosswalk of the old districts `which` (in that order).
fn area_pairs(old: &Districts, which: &[usize], targets: &Targets) -> Crosswalk {
    let rows = atlas_data::parallel::map(which, |&o| shares(&old.districts[o].geometry, targets));
    let mut cw = Crosswalk::empty(Basis::Area);
    for (&o, sh) in which.iter().zip(rows) {
        let o = &old.districts[o];
        cw.note_residual(sh.residual);
        cw.outside.insert(o.key.clone(), sh.outside);
        cw.pairs.extend(sh.parts.into_iter().map(|(j, w)| Pair {
            old: o.key.clone(),
            new: targets.new.districts[j].key.clone(),
            weight: w,
        }));
    }
    cw
}

/// The new districts as the overlays look them up: an R-tree of their bounding boxes, and the
/// bounding box of each of their polygons (a dissolved unit has hundreds, and each old
/// district meets a few of them).
struct Targets<'a> {
    new: &'a Districts,
    tree: Tree,
    part_boxes: Vec<Vec<Option<geo::Rect<f64>>>>,
}

impl<'a> Targets<'a> {
    fn of(new: &'a Districts) -> Targets<'a> {
        use geo::BoundingRect;
        let part_boxes = atlas_data::parallel::map(&new.districts, |d| {
            d.geometry.0.iter().map(|p| p.bounding_rect()).collect()
        });
        Targets {
            new,
            tree: parent_tree(new),
            part_boxes,
        }
    }
}

/// How a polygon lies in the new districts.
struct Shares {
    /// (new district, share of the polygon's area)
    parts: Vec<(usize, f64)>,
    /// Share outside every new district.
    outside: f64,
    /// What the pieces missed (or counted twice) before they were scaled.
    residual: f64,
}

/// The shares of `g`'s area in each new district, and outside them all.
fn shares(g: &MultiPolygon<f64>, targets: &Targets) -> Shares {
    use geo::BoundingRect;
    let Some(bbox) = g.bounding_rect() else {
        // An empty polygon has no area to share.
        return Shares {
            parts: Vec::new(),
            outside: 0.0,
            residual: 0.0,
        };
    };
    let near = candidates(&targets.tree, &bbox);
    if let Some(j) = wholly_in(g, &bbox, &near, targets) {
        return Shares {
            parts: vec![(j, 1.0)],
            outside: 0.0,
            residual: 0.0,
        };
    }
    overlaid_shares(g, &bbox, &near, targets)
}

/// The new district holding `g` wholly — `g` one of its polygons or strictly inside one — apart
/// from every other new polygon near it (see `wholly_in`); `near`: the new districts whose box
/// meets `g`'s box `bbox`.
fn wholly_in(
    g: &MultiPolygon<f64>,
    bbox: &geo::Rect<f64>,
    near: &[usize],
    targets: &Targets,
) -> Option<usize> {
    let mut polygons: Vec<super::wholly_in::Near> = Vec::new();
    for &j in near {
        let parts = targets.new.districts[j].geometry.0.iter();
        for (p, b) in parts.zip(&targets.part_boxes[j]) {
            if let Some(b) = b.filter(|b| geo::Intersects::intersects(b, bbox)) {
                polygons.push((j, p, b));
            }
        }
    }
    super::wholly_in::wholly_in(g, &polygons)
}

/// The shares from the overlays of `g` (box `bbox`) with the new districts `near` it.
fn overlaid_shares(
    g: &MultiPolygon<f64>,
    bbox: &geo::Rect<f64>,
    near: &[usize],
    targets: &Targets,
) -> Shares {
    use geo::{BoundingRect, CoordsIter};
    // The area as the overlay sees the polygon (a self-touching ring or a spike counts as the
    // overlay resolves it), so that the pieces add up to it.
    let total = area_m2(&resolved(g));
    if total <= 0.0 {
        return Shares {
            parts: Vec::new(),
            outside: 0.0,
            residual: 0.0,
        };
    }
    let mut parts = Vec::new();
    let mut rest = g.clone();
    let mut taken_away = false;
    // `g`'s box with a margin: a clipped unit's edges along the box's sides stay clear of `g`.
    let margin = 0.125 * bbox.width().max(bbox.height());
    let around = geo::Rect::new(
        geo::coord! { x: bbox.min().x - margin, y: bbox.min().y - margin },
        geo::coord! { x: bbox.max().x + margin, y: bbox.max().y + margin },
    );
    for &j in near {
        // Only the polygons of a multi-part district that can meet this one: a dissolved
        // unit of a hundred parts costs the overlay a hundred times the vertices otherwise.
        let n = near_parts(
            &targets.new.districts[j].geometry,
            &targets.part_boxes[j],
            bbox,
        );
        // A large unit cut down to a box around `g` first (see `clip_box`), its overlays on
        // the grid of the whole (`grid`): the same pieces, from a few dozen vertices.
        let grid = (n.coords_count() > clip_box::CLIP_ABOVE)
            .then(|| n.bounding_rect())
            .flatten();
        let n = match grid {
            Some(_) => clip_box::clip_to_box(&n, &around),
            None => n,
        };
        if n.0.is_empty() {
            continue;
        }
        let cut_n = |a: &MultiPolygon<f64>| match &grid {
            Some(r) => cut_on_grid(a, &n, r),
            None => cut(a, &n),
        };
        let overlay_n = |a: &MultiPolygon<f64>, op: Op| match &grid {
            Some(r) => overlay_on_grid(a, &n, op, r),
            None => overlay(a, &n, op),
        };
        // The part outside every new district, measured apart: the new districts taken
        // away one by one (a union of them first would close gaps narrower than the
        // overlay's grid). Until the first is taken away, the rest is `g` itself, and its
        // difference comes from the intersection's overlay.
        let (a, rest_without) = if taken_away {
            (area_m2(&overlay_n(g, Op::Intersection)), None)
        } else {
            let (inside, outside) = cut_n(g);
            (area_m2(&inside), Some(outside))
        };
        if a > 0.0 {
            parts.push((j, a / total));
            rest = rest_without.unwrap_or_else(|| overlay_n(&rest, Op::Difference));
            taken_away = true;
        }
    }
    let outside = (area_m2(&rest) / total).min(1.0);
    // Each overlay snaps to its own integer grid (about 5 µm for a district of 10 km): the
    // pieces miss about 1e-8 of the whole. That residual is shared out in proportion, so that
    // the weights and the share outside add up to 1; its size is kept for the report.
    let sum: f64 = parts.iter().map(|p| p.1).sum();
    let residual = 1.0 - outside - sum;
    if sum > 0.0 {
        for p in &mut parts {
            p.1 *= (1.0 - outside) / sum;
        }
    }
    Shares {
        parts,
        outside,
        residual,
    }
}

/// The polygons of `mp` whose bounding box (`boxes`, one per polygon) meets `r`.
fn near_parts(
    mp: &MultiPolygon<f64>,
    boxes: &[Option<geo::Rect<f64>>],
    r: &geo::Rect<f64>,
) -> MultiPolygon<f64> {
    use geo::Intersects;
    MultiPolygon(
        mp.0.iter()
            .zip(boxes)
            .filter(|(_, b)| b.is_some_and(|b| b.intersects(r)))
            .map(|(p, _)| p.clone())
            .collect(),
    )
}

type Tree =
    rstar::RTree<rstar::primitives::GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>>;

/// New districts whose bounding box meets `r` (an old district's box).
fn candidates(tree: &Tree, r: &geo::Rect<f64>) -> Vec<usize> {
    let env = rstar::AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
    let mut v: Vec<usize> = tree
        .locate_in_envelope_intersecting(&env)
        .map(|e| e.data)
        .collect();
    v.sort_unstable();
    v
}

impl Crosswalk {
    fn empty(basis: Basis) -> Crosswalk {
        Crosswalk {
            basis,
            pairs: Vec::new(),
            outside: BTreeMap::new(),
            area_fallback: Vec::new(),
            overlay_residual: 0.0,
            unplaced_population: 0.0,
        }
    }

    fn note_residual(&mut self, r: f64) {
        if r.abs() > self.overlay_residual.abs() {
            self.overlay_residual = r;
        }
    }
}

/// For each old district, the shares of its population lying in each new district: each fine
/// unit (placed in the old district containing its interior point) gives its population to
/// the new districts by its area in them, and to "outside" by its area outside them. Old
/// districts without population in the fine layer are weighted by area.
pub fn by_population(
    old: &Districts,
    new: &Districts,
    fine: &Districts,
    population: &[Option<f64>],
    basis: Basis,
) -> Crosswalk {
    let old_tree = parent_tree(old);
    let targets = Targets::of(new);
    let units: Vec<_> = fine.districts.iter().zip(population).collect();
    let pieces = atlas_data::parallel::map(&units, |(f, pop)| {
        let pop = pop.filter(|p| *p > 0.0)?;
        let p = f.geometry.interior_point()?;
        let o = old_tree
            .locate_all_at_point(&[p.x(), p.y()])
            .map(|e| e.data)
            .find(|&i| old.districts[i].geometry.contains(&p));
        Some((o, pop, shares(&f.geometry, &targets)))
    });
    let n_old = old.districts.len();
    let (mut pop_old, mut pop_out) = (vec![0.0; n_old], vec![0.0; n_old]);
    let mut in_new: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n_old];
    let mut cw = Crosswalk::empty(basis);
    for (o, pop, sh) in pieces.into_iter().flatten() {
        let Some(o) = o else {
            cw.unplaced_population += pop;
            continue;
        };
        cw.note_residual(sh.residual);
        pop_old[o] += pop;
        pop_out[o] += pop * sh.outside;
        for (j, s) in sh.parts {
            *in_new[o].entry(j).or_default() += pop * s;
        }
    }
    // Old districts without population in the fine layer are weighted by area: their
    // overlays only, their pairs in their place among the others.
    let fallback: Vec<usize> = (0..n_old).filter(|&i| pop_old[i] <= 0.0).collect();
    let area = area_pairs(old, &fallback, &targets);
    let mut area_pairs_of: BTreeMap<&str, Vec<&Pair>> = BTreeMap::new();
    for p in &area.pairs {
        area_pairs_of.entry(p.old.as_str()).or_default().push(p);
    }
    for (i, o) in old.districts.iter().enumerate() {
        if pop_old[i] <= 0.0 {
            cw.area_fallback.push(o.key.clone());
            cw.pairs.extend(
                area_pairs_of
                    .get(o.key.as_str())
                    .into_iter()
                    .flatten()
                    .map(|&p| p.clone()),
            );
            cw.outside.insert(
                o.key.clone(),
                area.outside.get(&o.key).copied().unwrap_or(0.0),
            );
            continue;
        }
        cw.outside.insert(o.key.clone(), pop_out[i] / pop_old[i]);
        cw.pairs.extend(in_new[i].iter().map(|(&j, &p)| Pair {
            old: o.key.clone(),
            new: new.districts[j].key.clone(),
            weight: p / pop_old[i],
        }));
    }
    cw
}

/// Writes `old_key;new_key;weight` with a header line.
pub fn write_csv<W: std::io::Write>(out: W, cw: &Crosswalk) -> Result<(), String> {
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    let err = |e: csv::Error| e.to_string();
    w.write_record(["old_key", "new_key", "weight"])
        .map_err(err)?;
    for p in &cw.pairs {
        w.write_record([&p.old, &p.new, &p.weight.to_string()])
            .map_err(err)?;
    }
    w.flush().map_err(|e| e.to_string())
}

/// Reads a crosswalk: `;`, `,` or tab separated, with or without a header; columns found by
/// their names (old/alt/from, new/neu/to, weight/gewicht/anteil/share) or else the first
/// three; a decimal comma is read in `;` files. Errors name the line.
pub fn read_csv(bytes: &[u8], source: &str) -> Result<Crosswalk, GeogError> {
    let text = atlas_data::load::text::decode(bytes).0;
    let first = text.lines().next().unwrap_or("");
    let delim = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first.matches(*d as char).count())
        .unwrap_or(b';');
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cols = (0usize, 1usize, 2usize);
    let mut pairs = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 1;
        let rec = rec.map_err(|e| GeogError::CrosswalkRow {
            source: source.to_owned(),
            line,
            detail: e.to_string(),
        })?;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let weight = |s: &str| {
            let s = s.trim();
            s.parse::<f64>().ok().or_else(|| {
                (delim != b',')
                    .then(|| s.replace(',', ".").parse().ok())
                    .flatten()
            })
        };
        if i == 0 && rec.get(2).and_then(weight).is_none() {
            cols = header_columns(&rec).ok_or_else(|| GeogError::CrosswalkHeader {
                source: source.to_owned(),
            })?;
            continue;
        }
        let get = |c: usize| rec.get(c).map(str::trim).unwrap_or("");
        let (old, new, w) = (get(cols.0), get(cols.1), get(cols.2));
        if old.is_empty() || new.is_empty() {
            return Err(GeogError::CrosswalkKeys {
                source: source.to_owned(),
                line,
            });
        }
        let w = weight(w)
            .filter(|w| w.is_finite() && (0.0..=1.0 + 1e-9).contains(w))
            .ok_or_else(|| GeogError::CrosswalkWeight {
                source: source.to_owned(),
                line,
                weight: w.to_owned(),
            })?;
        pairs.push(Pair {
            old: old.to_owned(),
            new: new.to_owned(),
            weight: w,
        });
    }
    if pairs.is_empty() {
        return Err(GeogError::CrosswalkEmpty {
            source: source.to_owned(),
        });
    }
    let mut cw = Crosswalk::empty(Basis::File {
        source: source.to_owned(),
    });
    cw.pairs = pairs;
    let sums: Vec<(String, f64)> = cw
        .sums()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    if let Some((k, s)) = sums.iter().find(|(_, s)| *s > 1.0 + 1e-6) {
        return Err(GeogError::CrosswalkSum {
            source: source.to_owned(),
            key: k.clone(),
            sum: *s,
        });
    }
    cw.outside = sums
        .into_iter()
        .map(|(k, s)| (k, (1.0 - s).max(0.0)))
        .collect();
    Ok(cw)
}

fn header_columns(rec: &csv::StringRecord) -> Option<(usize, usize, usize)> {
    let find = |words: &[&str]| {
        rec.iter().position(|c| {
            let c = c.trim().to_lowercase();
            words.iter().any(|w| c.contains(w))
        })
    };
    Some((
        find(&["old", "alt", "from", "von", "source"])?,
        find(&["new", "neu", "to", "nach", "target"])?,
        find(&["weight", "gewicht", "anteil", "share", "factor", "faktor"])?,
    ))
}

#[cfg(test)]
#[path = "crosswalk_tests.rs"]
mod tests;
