//! Aggregation of districts to larger units: by a key prefix (Berlin's Planungsraum
//! `01011101` → Bezirk `01`), by a property or table column naming the parent, or spatially
//! (each district to the parent polygon containing its interior point).
//!
//! The table is the data, the boundaries only draw it: every table key is aggregated, also
//! those without a district (when the grouping can place them), and the report says how many.
//! Counts are summed; shares and rates with a denominator are recomputed as the ratio of sums
//! Σ(value × denominator) ÷ Σ denominator, never averaged; indicators that are neither are
//! left out with a note. Derived indicators are computed again from the aggregated inputs, so
//! a formula's ratio is a ratio of sums too. A parent value is missing when one of its parts
//! has a row that year but no value (a sum of the rest would understate it silently).

use super::combine::{CombineReport, combine};
use super::names::{NamesSource, names_from_field, names_from_file};
use super::new_districts;
use super::report_msg::GeogError;
use super::report_msg::ReportLine;
use atlas_data::dataset::Dataset;
use atlas_data::model::{DerivedIndicator, Districts, IndicatorTable};
use geo::{Contains, InteriorPoint, MultiPolygon};
use std::collections::BTreeMap;

/// How parts find their parent.
#[derive(Debug, Clone)]
pub enum GroupBy {
    /// The first n characters of the key.
    Prefix(usize),
    /// A boundary property or a table text column holding the parent's key.
    Field(String),
    /// The parent polygon (of another boundary file) containing the district's interior point.
    Within(Box<Districts>),
}

impl GroupBy {
    /// Parses `prefix:N` or `field:NAME`; `within:` needs its file loaded by the caller.
    pub fn parse_simple(arg: &str) -> Result<GroupBy, GeogError> {
        if let Some(n) = arg.strip_prefix("prefix:") {
            let n: usize =
                n.parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| GeogError::ByPrefix {
                        arg: arg.to_owned(),
                    })?;
            Ok(GroupBy::Prefix(n))
        } else if let Some(f) = arg.strip_prefix("field:").filter(|f| !f.is_empty()) {
            Ok(GroupBy::Field(f.to_owned()))
        } else {
            Err(GeogError::ByUnknown {
                arg: arg.to_owned(),
            })
        }
    }

    pub fn describe(&self) -> String {
        match self {
            GroupBy::Prefix(n) => format!("the first {n} characters of the key"),
            GroupBy::Field(f) => format!("the field '{f}'"),
            GroupBy::Within(p) => format!("the areas of {} containing them", p.source),
        }
    }
}

/// What aggregation did, for the user.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct AggregateReport {
    pub parts: usize,
    pub units: usize,
    /// Table keys without a district that were aggregated too.
    pub keys_without_district: usize,
    /// Table keys (and districts without data) that could not be given a parent.
    pub unplaced: Vec<String>,
    /// Units the names source gave no name (they keep their key as name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unnamed: Vec<String>,
    /// How the values were combined.
    #[serde(flatten)]
    pub values: CombineReport,
}

impl AggregateReport {
    /// The report as lines of text.
    pub fn lines(&self) -> Vec<ReportLine> {
        let mut out = vec![ReportLine::Aggregated {
            parts: self.parts,
            units: self.units,
        }];
        if self.keys_without_district > 0 {
            out.push(ReportLine::KeysWithoutDistrict {
                n: self.keys_without_district,
            });
        }
        if !self.unnamed.is_empty() {
            out.push(ReportLine::Unnamed {
                n: self.unnamed.len(),
                sample: super::sample(&self.unnamed, 10),
            });
        }
        if !self.unplaced.is_empty() {
            out.push(ReportLine::Unplaced {
                n: self.unplaced.len(),
                sample: super::sample(&self.unplaced, 10),
            });
        }
        out.extend(self.values.lines());
        out
    }
}

/// The aggregated data set: new districts, a long-format table with metadata, the derived
/// definitions that were applied again, and the report.
#[derive(Debug, Clone)]
pub struct Aggregated {
    pub districts: Districts,
    pub table: IndicatorTable,
    pub derived: Vec<DerivedIndicator>,
    pub report: AggregateReport,
}

/// Aggregates the data set; the units are named by their keys (or the parent layer's names).
pub fn aggregate(ds: &Dataset, by: &GroupBy) -> Result<Aggregated, GeogError> {
    aggregate_named(ds, by, None)
}

/// Aggregates the data set, naming the units from `names` where given.
pub fn aggregate_named(
    ds: &Dataset,
    by: &GroupBy,
    names: Option<&NamesSource>,
) -> Result<Aggregated, GeogError> {
    let t = ds.table().ok_or(GeogError::NoTable)?;
    let join = ds.join.as_ref().ok_or(GeogError::NoTable)?;
    let district_parent = district_parents(ds, by)?;
    // Each table key's parent: from a table column where the grouping names one, else from
    // its districts.
    let column = match by {
        GroupBy::Field(f) => t.attributes.iter().find(|a| &a.name == f),
        _ => None,
    };
    let mut report = AggregateReport::default();
    let mut key_parent: Vec<Option<String>> = Vec::with_capacity(t.keys.len());
    for (k, key) in t.keys.iter().enumerate() {
        let own = match (by, column) {
            (GroupBy::Prefix(n), _) => prefix(key, *n),
            (_, Some(c)) => c.values[k].clone().filter(|v| !v.trim().is_empty()),
            _ => None,
        };
        let districts = &join.keys.key_to_districts[k];
        let parent = own.or_else(|| districts.iter().find_map(|&d| district_parent[d].clone()));
        if districts.is_empty() && parent.is_some() {
            report.keys_without_district += 1;
        }
        if parent.is_none() {
            report.unplaced.push(key.clone());
        }
        key_parent.push(parent);
    }
    // The units: every parent of a district or a key, sorted by key.
    let mut units: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (d, p) in district_parent.iter().enumerate() {
        match p {
            Some(p) => units.entry(p.clone()).or_default().push(d),
            None => report.unplaced.push(ds.districts.districts[d].key.clone()),
        }
    }
    for p in key_parent.iter().flatten() {
        units.entry(p.clone()).or_default();
    }
    report.unplaced.sort();
    report.unplaced.dedup();
    report.parts = key_parent.iter().filter(|p| p.is_some()).count();
    report.units = units.len();
    let unit_keys: Vec<String> = units.keys().cloned().collect();
    let unit_index: BTreeMap<&str, usize> = unit_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let key_unit: Vec<Option<usize>> = key_parent
        .iter()
        .map(|p| p.as_deref().and_then(|p| unit_index.get(p).copied()))
        .collect();
    let parts: Vec<Vec<(usize, f64)>> = key_unit
        .iter()
        .map(|u| u.map(|u| vec![(u, 1.0)]).unwrap_or_default())
        .collect();
    atlas_data::timings::mark("aggregate: parents");
    let table = combine(t, &unit_keys, &parts, false, &mut report.values);
    atlas_data::timings::mark("aggregate: values combined");
    let names = match names {
        Some(NamesSource::File(p)) => Some(names_from_file(p)?),
        Some(NamesSource::Field(f)) => Some(names_from_field(ds, f, &units)?),
        None => None,
    };
    if let Some(n) = &names {
        report.unnamed = unit_keys
            .iter()
            .filter(|k| !n.contains_key(*k))
            .cloned()
            .collect();
    }
    let districts = unit_geometry(ds, by, &units, names.as_ref());
    atlas_data::timings::mark("aggregate: units' polygons");
    // Formulas again on the sums; those of the metadata file first, as when loading.
    let derived: Vec<DerivedIndicator> = ds
        .table
        .as_ref()
        .map(|d| d.meta_derived.clone())
        .unwrap_or_default()
        .into_iter()
        .chain(ds.derived.iter().cloned())
        .collect();
    let mut table = table;
    for e in atlas_data::formula::apply_derived(&mut table, &derived) {
        report.values.derived_failed.push(e);
    }
    Ok(Aggregated {
        districts,
        table,
        derived,
        report,
    })
}

/// "<title> — aggregated by …" in both languages.
pub fn aggregated_title(ds: &Dataset, by: &GroupBy) -> atlas_data::model::Localized {
    let base = |lang: &str| {
        ds.meta
            .title
            .get(lang)
            .map(str::to_owned)
            .unwrap_or_else(|| ds.districts.source.clone())
    };
    atlas_data::model::Localized {
        en: Some(format!("{} — aggregated by {}", base("en"), by.describe())),
        de: Some(format!("{} — zusammengefasst", base("de"))),
    }
}

/// The first `n` characters of a key, `None` when it is shorter.
fn prefix(key: &str, n: usize) -> Option<String> {
    let key = key.trim();
    (key.chars().count() >= n).then(|| key.chars().take(n).collect())
}

/// Each district's parent key.
fn district_parents(ds: &Dataset, by: &GroupBy) -> Result<Vec<Option<String>>, GeogError> {
    let d = &ds.districts;
    Ok(match by {
        GroupBy::Prefix(n) => d.districts.iter().map(|x| prefix(&x.key, *n)).collect(),
        GroupBy::Field(f) => match d.property_index(f) {
            Some(i) => d
                .districts
                .iter()
                .map(|x| x.properties[i].clone().filter(|v| !v.trim().is_empty()))
                .collect(),
            None => {
                let in_table = ds
                    .table()
                    .is_some_and(|t| t.attributes.iter().any(|a| &a.name == f));
                if !in_table {
                    let mut have: Vec<String> = d.property_names.clone();
                    if let Some(t) = ds.table() {
                        have.extend(t.attributes.iter().map(|a| a.name.clone()));
                    }
                    return Err(GeogError::NoFieldOrColumn {
                        field: f.clone(),
                        have: have.join(", "),
                    });
                }
                vec![None; d.districts.len()]
            }
        },
        GroupBy::Within(parents) => {
            let tree = parent_tree(parents);
            d.districts
                .iter()
                .map(|x| {
                    let p = x.geometry.interior_point()?;
                    tree.locate_all_at_point(&[p.x(), p.y()])
                        .find(|e| parents.districts[e.data].geometry.contains(&p))
                        .map(|e| parents.districts[e.data].key.clone())
                })
                .collect()
        }
    })
}

type Entry = rstar::primitives::GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>;

/// An R-tree of the districts' bounding boxes.
pub fn parent_tree(parents: &Districts) -> rstar::RTree<Entry> {
    use geo::BoundingRect;
    let entries: Vec<Entry> = parents
        .districts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let r = p.geometry.bounding_rect()?;
            Some(Entry::new(
                rstar::primitives::Rectangle::from_corners(
                    [r.min().x, r.min().y],
                    [r.max().x, r.max().y],
                ),
                i,
            ))
        })
        .collect();
    rstar::RTree::bulk_load(entries)
}

/// The units' geometry: the parent polygons for `within`, else the union of their districts.
fn unit_geometry(
    ds: &Dataset,
    by: &GroupBy,
    units: &BTreeMap<String, Vec<usize>>,
    names: Option<&BTreeMap<String, String>>,
) -> Districts {
    let named = |k: &String| names.and_then(|n| n.get(k)).cloned();
    let source = format!("{} aggregated", ds.districts.source);
    let parts: Vec<(String, String, MultiPolygon<f64>)> = match by {
        GroupBy::Within(parents) => units
            .keys()
            .map(|k| {
                let p = parents.districts.iter().find(|p| &p.key == k);
                (
                    k.clone(),
                    named(k).unwrap_or_else(|| p.map_or_else(|| k.clone(), |p| p.name.clone())),
                    p.map(|p| p.geometry.clone())
                        .unwrap_or(MultiPolygon(vec![])),
                )
            })
            .collect(),
        _ => {
            let list: Vec<(&String, &Vec<usize>)> = units.iter().collect();
            // Unions are independent: on all cores.
            let geoms = atlas_data::parallel::map(&list, |(_, ds_idx)| {
                let polys: Vec<&MultiPolygon<f64>> = ds_idx
                    .iter()
                    .map(|&d| &ds.districts.districts[d].geometry)
                    .collect();
                dissolve(&polys)
            });
            list.iter()
                .zip(geoms)
                .map(|((k, _), g)| ((*k).clone(), named(k).unwrap_or_else(|| (*k).clone()), g))
                .collect()
        }
    };
    new_districts(&source, parts)
}

/// The union of polygons (geo's boolean operations). A polygon whose box meets no other's is
/// its own piece of the union and is kept as it is: through the overlay it would only come
/// out with its vertices moved onto the overlay's integer grid (by about 10⁻¹⁰°), at a cost —
/// an aggregate of districts that do not touch is mostly such polygons, and a crosswalk to it
/// then finds them unchanged. Such pieces follow the union of the others, in their order.
pub fn dissolve(parts: &[&MultiPolygon<f64>]) -> MultiPolygon<f64> {
    match parts {
        [] => MultiPolygon(vec![]),
        [one] => (*one).clone(),
        _ => {
            let polygons: Vec<&geo::Polygon<f64>> = parts.iter().flat_map(|m| &m.0).collect();
            let alone = alone(&polygons);
            if !alone.contains(&true) {
                return geo::unary_union(parts.iter().copied());
            }
            let (kept, rest): (Vec<_>, Vec<_>) =
                polygons.iter().zip(&alone).partition(|(_, alone)| **alone);
            let mut union = if rest.is_empty() {
                MultiPolygon(vec![])
            } else {
                geo::unary_union(rest.into_iter().map(|(p, _)| *p))
            };
            union.0.extend(kept.into_iter().map(|(p, _)| (*p).clone()));
            union
        }
    }
}

/// For each polygon, whether its bounding box meets (or touches) no other's; an empty polygon
/// is never alone (the union drops it). A sweep along x over the boxes sorted by their left
/// edge.
fn alone(polygons: &[&geo::Polygon<f64>]) -> Vec<bool> {
    use geo::BoundingRect;
    let boxes: Vec<Option<geo::Rect<f64>>> = polygons.iter().map(|p| p.bounding_rect()).collect();
    let mut alone: Vec<bool> = boxes.iter().map(Option::is_some).collect();
    let mut order: Vec<(usize, geo::Rect<f64>)> = boxes
        .iter()
        .enumerate()
        .filter_map(|(i, b)| Some((i, (*b)?)))
        .collect();
    order.sort_by(|a, b| a.1.min().x.total_cmp(&b.1.min().x));
    for (n, (i, a)) in order.iter().enumerate() {
        for (j, b) in order[n + 1..]
            .iter()
            .take_while(|(_, b)| b.min().x <= a.max().x)
        {
            if b.min().y <= a.max().y && a.min().y <= b.max().y {
                alone[*i] = false;
                alone[*j] = false;
            }
        }
    }
    alone
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use geo::{Area, Polygon, polygon};

    fn square(x: f64, y: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![(x: x, y: y), (x: x + 1.0, y: y),
            (x: x + 1.0, y: y + 1.0), (x: x, y: y + 1.0)]])
    }

    #[test]
    fn polygons_touching_no_other_are_kept_as_they_are_and_the_rest_united() {
        // Two squares sharing an edge and one far off (one vertex off the round numbers).
        let (a, b, far) = (square(0.0, 0.0), square(1.0, 0.0), square(5.0, 5.0));
        let nudged = |m: &MultiPolygon<f64>| {
            let mut m = m.clone();
            m.0[0].exterior_mut(|r| r.0[1].x += 1e-7);
            m
        };
        let far = nudged(&far);
        let u = dissolve(&[&a, &far, &b]);
        assert_eq!(u.0.len(), 2);
        assert!((u.0[0].unsigned_area() - 2.0).abs() < 1e-9);
        // The far square: its coordinates as given, not moved onto the overlay's grid (as
        // the union of all three moves them).
        assert_eq!(u.0[1], far.0[0]);
        assert!(!geo::unary_union([&a, &far, &b]).0.contains(&far.0[0]));
        // All apart: all kept, in their order.
        let c = square(3.0, 0.0);
        assert_eq!(
            dissolve(&[&far, &a, &c]).0,
            vec![far.0[0].clone(), a.0[0].clone(), c.0[0].clone()]
        );
        // None apart (two squares whose boxes share a corner point): the union as geo
        // makes it.
        let corner = square(6.0 + 1e-7, 6.0);
        assert_eq!(dissolve(&[&a, &b]), geo::unary_union([&a, &b]));
        let u = dissolve(&[&far, &corner]);
        assert_eq!(u, geo::unary_union([&far, &corner]));
    }

    #[test]
    fn polygons_whose_boxes_overlap_are_united_even_when_they_do_not_touch() {
        let t1: Polygon<f64> = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
        let t2: Polygon<f64> = polygon![(x: 2.0, y: 0.5), (x: 2.0, y: 2.0), (x: 0.5, y: 2.0)];
        let (m1, m2) = (MultiPolygon(vec![t1]), MultiPolygon(vec![t2]));
        assert_eq!(dissolve(&[&m1, &m2]), geo::unary_union([&m1, &m2]));
        let empty = MultiPolygon(vec![Polygon::new(geo::LineString(vec![]), vec![])]);
        assert_eq!(alone(&[&m1.0[0], &empty.0[0]]), vec![true, false]);
    }
}
