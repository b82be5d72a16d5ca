//! Reading district boundaries from GeoJSON (a FeatureCollection or a lone Feature). Polygon
//! and MultiPolygon features become districts, holes kept; features with null, empty, malformed
//! or non-areal geometry are reported by index and key, not fatal. A file with no areal feature,
//! malformed JSON or coordinates that are not lon/lat is an error naming the place.

use super::archive;
use super::coords::Coords;
use super::crs::{self, Crs, ToWgs84};
use super::error::{ErrorKind, LoadError, check_size, file_name, read_file};
use super::fields::{choose_key_field, choose_name_field, distinct_ratios};
use super::msg::{LoadMsg, Place};
use super::note::Note;
use super::repair::{Repairs, clean_ring, repair_polygon};
use crate::model::districts::{FeatureNote, SkippedFeature};
use crate::model::{District, Districts};
use geo::{LineString, MultiPolygon};
use raw::{RawDoc, RawGeometry, ReadFeature, read_whole};
use serde_json::Value;
use std::path::Path;

/// Options for reading boundaries.
#[derive(Debug, Clone, Default)]
pub struct BoundaryOptions {
    /// Use this property as the key instead of choosing one.
    pub key_field: Option<String>,
    /// Use this property as the display name instead of choosing one.
    pub name_field: Option<String>,
    /// Keys of the table to be joined: the key field is then the one sharing most values.
    pub table_keys: Option<Vec<String>>,
    /// The coordinate system, overriding what the file declares or the coordinates suggest.
    pub crs: Option<Crs>,
    /// The layer of a GeoPackage (default: the first polygon layer).
    pub layer: Option<String>,
}

/// Reads a boundary file: GeoJSON, a shapefile (`.shp`) or a GeoPackage (`.gpkg`).
pub fn load_boundaries(path: &Path, opts: &BoundaryOptions) -> Result<Districts, LoadError> {
    if super::shapefile::is_shapefile(path) {
        return super::shapefile::load_shapefile(path, opts);
    }
    if super::geopackage::is_geopackage(path) {
        return super::geopackage::load_geopackage(path, opts);
    }
    let source = file_name(path);
    check_size(path)?;
    if let Some((doc, features)) = stream::read_as_it_arrives(path) {
        crate::timings::mark("boundaries: features parsed as read");
        return from_features(doc, features, &source, opts);
    }
    let bytes = read_file(path)?;
    if archive::is_zip(&bytes) {
        return match archive::open_zip(&bytes, &source, opts.layer.as_deref())? {
            archive::Inside::GeoJson { name, bytes } => parse_boundaries(&bytes, &name, opts),
            archive::Inside::Shapefile { shp, dir } => {
                let mut d = super::shapefile::load_shapefile(&shp, opts)?;
                d.source = archive::inner_source(path, &shp);
                // The unpacked files go once read.
                drop(dir);
                Ok(d)
            }
        };
    }
    if archive::is_gzip(&bytes) {
        return parse_boundaries(&archive::gunzip(&bytes, &source)?, &source, opts);
    }
    if let Some(format) = archive::unsupported_format(&bytes, path) {
        return Err(archive::unsupported(&source, format));
    }
    crate::timings::mark("boundaries: file read");
    let (doc, features) = read_document(&bytes, &source)?;
    crate::timings::mark("boundaries: features parsed");
    drop(bytes);
    from_features(doc, features, &source, opts)
}

/// Parses boundary bytes; `source` names the file in messages.
pub fn parse_boundaries(
    bytes: &[u8],
    source: &str,
    opts: &BoundaryOptions,
) -> Result<Districts, LoadError> {
    let (doc, features) = read_document(bytes, source)?;
    from_features(doc, features, source, opts)
}

/// The file's text read whole, its features parsed; the text is not needed after this (a
/// large file's bytes go before its districts are built).
fn read_document(bytes: &[u8], source: &str) -> Result<(RawDoc, Vec<Vec<ReadFeature>>), LoadError> {
    let err = |kind, place: Option<Place>, msg: LoadMsg| LoadError::new(kind, source, place, msg);
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err(ErrorKind::Content, None, LoadMsg::Empty));
    }
    if bytes.iter().take(4096).any(|&b| b == 0) {
        return Err(err(ErrorKind::Syntax, None, LoadMsg::BinaryNotGeojson));
    }
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(err(
            ErrorKind::Content,
            Some(Place::Line { line: 1 }),
            LoadMsg::NotJsonObject,
        ));
    }
    let (doc, features) = match split::read_in_parallel(bytes) {
        Some(read) => read,
        None => read_whole(bytes, source)?,
    };
    Ok((doc, vec![features]))
}

/// Districts from the features read (in runs, as read: the runs are not joined into one list
/// first): the declared system, property names, key and name.
fn from_features(
    doc: RawDoc,
    features: Vec<Vec<ReadFeature>>,
    source: &str,
    opts: &BoundaryOptions,
) -> Result<Districts, LoadError> {
    let err = |kind, place: Option<Place>, msg: LoadMsg| LoadError::new(kind, source, place, msg);
    let declared_name = doc.crs.and_then(|c| c.properties).and_then(|p| p.name);
    // An unreadable declaration only matters when the user has not chosen a system.
    let declared = match crs::declared(declared_name.as_deref()) {
        Ok(c) => c,
        Err(_) if opts.crs.is_some() => None,
        Err(m) => return Err(err(ErrorKind::Crs, None, m)),
    };

    // Property names in order of first appearance; a feature `id` member counts as property
    // "id" when no property has that name.
    let mut names: Vec<String> = Vec::new();
    let mut seen: Option<&std::sync::Arc<[String]>> = None;
    for p in features
        .iter()
        .flatten()
        .filter_map(|f| f.properties.as_ref())
    {
        // Features that share their names with the one before add none.
        if seen.is_some_and(|s| std::sync::Arc::ptr_eq(s, p.names())) {
            continue;
        }
        seen = Some(p.names());
        for k in p.names().iter() {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    let use_feature_id =
        !names.iter().any(|n| n == "id") && features.iter().flatten().any(|f| f.id.is_some());
    if use_feature_id {
        names.insert(0, "id".into());
    }
    if names.is_empty() {
        names.push("feature".into()); // no attributes at all: number the features
    }

    let mut collected = Collected::with_capacity(features.iter().map(Vec::len).sum());
    for (index, f) in features.into_iter().flatten().enumerate() {
        // A feature with the file's names in the file's order: its values as they are.
        let mut f = match f.properties.map(|p| p.into_values(&names)) {
            Some(Ok(values)) => {
                collected.add(index, values, f.shape);
                continue;
            }
            p => ReadFeature {
                properties: p.and_then(Result::err),
                ..f
            },
        };
        let props: Vec<Option<String>> = names
            .iter()
            .map(|n| {
                if n == "id" && use_feature_id {
                    f.id.as_ref().and_then(value_text)
                } else if n == "feature"
                    && f.properties.as_ref().is_none_or(|p| !p.contains("feature"))
                {
                    Some((index + 1).to_string())
                } else {
                    f.properties.as_mut().and_then(|p| p.take(n))
                }
            })
            .collect();
        collected.add(index, props, f.shape);
    }
    finish_boundaries(source, opts, names, collected, declared)
}

/// The features a reader has turned into districts or left out, with the repairs made.
#[derive(Default)]
pub(super) struct Collected {
    districts: Vec<District>,
    skipped: Vec<SkippedFeature>,
    repairs: Vec<(usize, Repairs, bool)>,
}

impl Collected {
    /// Room for `n` features (most of them districts): no copies of a growing list.
    pub(super) fn with_capacity(n: usize) -> Self {
        Collected {
            districts: Vec::with_capacity(n),
            skipped: Vec::new(),
            repairs: Vec::with_capacity(n),
        }
    }

    /// Feature `index` with its property values and its geometry (or why it has none usable).
    pub(super) fn add(
        &mut self,
        index: usize,
        props: Vec<Option<String>>,
        shape: Result<Shape, Note>,
    ) {
        match shape {
            Ok(shape) => {
                self.repairs.push((index, shape.repairs, shape.collection));
                self.districts.push(District {
                    feature_index: index,
                    key: String::new(),
                    name: String::new(),
                    geometry: shape.polygons,
                    properties: props,
                });
            }
            Err(reason) => self.skipped.push(SkippedFeature {
                feature_index: index,
                properties: props,
                reason,
            }),
        }
    }
}

/// What every boundary reader (GeoJSON, shapefile, GeoPackage) hands over: property names,
/// the areal features with their repairs, the features left out, and the declared system.
/// Here the system is resolved and the geometry reprojected, and key and name fields chosen.
pub(super) fn finish_boundaries(
    source: &str,
    opts: &BoundaryOptions,
    names: Vec<String>,
    collected: Collected,
    declared: Option<Crs>,
) -> Result<Districts, LoadError> {
    let err = |kind, place: Option<Place>, msg: LoadMsg| LoadError::new(kind, source, place, msg);
    let Collected {
        mut districts,
        skipped,
        repairs,
    } = collected;
    let (notes, mut warnings) = repair_notes(repairs);
    let feature_count = districts.len() + skipped.len();
    if districts.is_empty() {
        let why = match skipped.first() {
            Some(s) => LoadMsg::NoAreas {
                feature: s.feature_index,
                reason: Box::new(s.reason.clone()),
            },
            None => LoadMsg::NoFeatures,
        };
        return Err(err(ErrorKind::Content, None, why));
    }
    crate::timings::mark("boundaries: properties gathered");
    let bbox = all_coords_bbox(&districts);
    let (crs, crs_source) =
        crs::resolve(declared, opts.crs, bbox).map_err(|m| err(ErrorKind::Crs, None, m))?;
    reproject(&mut districts, crs, bbox).map_err(|(place, m)| err(ErrorKind::Crs, place, m))?;
    warnings.extend(crs.notes());
    warnings.extend(crs::outside_area_of_use(crs, &districts));

    crate::timings::mark("boundaries: system resolved, reprojected");
    let columns: Vec<Vec<Option<&str>>> = (0..names.len())
        .map(|i| {
            districts
                .iter()
                .map(|d| d.properties[i].as_deref())
                .collect()
        })
        .collect();
    // Each column's distinct values counted once, for the choices the user left open.
    let ratios = if opts.key_field.is_none() || opts.name_field.is_none() {
        distinct_ratios(&columns)
    } else {
        Vec::new()
    };
    let key_idx = match &opts.key_field {
        Some(k) => Some(names.iter().position(|n| n == k).ok_or_else(|| {
            err(
                ErrorKind::Content,
                None,
                LoadMsg::NoProperty {
                    name: k.clone(),
                    names: names.join(", "),
                },
            )
        })?),
        None => choose_key_field(&names, &columns, &ratios, opts.table_keys.as_deref()),
    };
    let key_idx = key_idx.unwrap_or(0);
    let name_idx = match &opts.name_field {
        Some(n) => Some(names.iter().position(|x| x == n).ok_or_else(|| {
            err(
                ErrorKind::Content,
                None,
                LoadMsg::NoProperty {
                    name: n.clone(),
                    names: names.join(", "),
                },
            )
        })?),
        None => choose_name_field(&names, &columns, &ratios, Some(key_idx)),
    };
    drop(columns);
    let mut out = Districts {
        source: source.to_owned(),
        crs,
        crs_source,
        feature_count,
        key_field: names[key_idx].clone(),
        name_field: name_idx.map(|i| names[i].clone()),
        property_names: names,
        districts,
        skipped,
        notes,
        warnings,
        layers: Vec::new(),
        layer: None,
    };
    let key_field = out.key_field.clone();
    out.set_key_field(&key_field)?;
    Ok(out)
}

/// The box of every coordinate (holes too) as `crs::bbox` gives it, the districts' boxes made
/// on all cores (≈ 20 ms on one at 100 000 districts) and joined: minima and maxima, the same
/// in any order.
fn all_coords_bbox(districts: &[District]) -> Option<[f64; 4]> {
    let boxes = crate::parallel::map(districts, |d| {
        crs::bbox(geo::CoordsIter::coords_iter(&d.geometry))
    });
    boxes
        .into_iter()
        .flatten()
        .reduce(|[a0, a1, a2, a3], [b0, b1, b2, b3]| {
            [a0.min(b0), a1.min(b1), a2.max(b2), a3.max(b3)]
        })
}

/// Per-feature notes of the repairs. A file whose polygons all wind clockwise follows the
/// older (shapefile, pre-RFC 7946) convention rather than being broken: that is said once
/// for the file instead of for every feature.
fn repair_notes(repairs: Vec<(usize, Repairs, bool)>) -> (Vec<FeatureNote>, Vec<Note>) {
    let convention = !repairs.is_empty() && repairs.iter().all(|(_, r, _)| r.reoriented > 0);
    let mut warnings = Vec::new();
    if convention {
        warnings.push(Note::AllClockwise);
    }
    let notes = repairs
        .into_iter()
        .filter_map(|(feature_index, mut r, collection)| {
            if convention {
                r.reoriented = 0;
            }
            let mut lines = r.describe();
            if collection {
                lines.push(Note::CollectionRead);
            }
            let message = match lines.len() {
                0 => return None,
                1 => lines.pop()?,
                _ => Note::List { list: lines },
            };
            Some(FeatureNote {
                feature_index,
                message,
            })
        })
        .collect();
    (notes, warnings)
}

/// Reprojects every district to WGS84 lon/lat (WGS84 itself is only clamped onto the earth
/// where a coordinate strays a rounding step past it), then checks the result lies on the
/// earth — a wrongly chosen system shows up here, not as an empty map. `bbox` is the box of
/// all coordinates as they are (`crs::bbox`).
pub fn reproject(
    districts: &mut [District],
    crs: Crs,
    bbox: Option<[f64; 4]>,
) -> Result<(), (Option<Place>, LoadMsg)> {
    if crs == Crs::Wgs84 {
        // Rounding may put a world file's edge a hair past ±180/±90: back onto the earth.
        // Within the box there is nothing to clamp (a NaN, which the box skips, would stay
        // one either way); a city's file is left untouched.
        let on_earth =
            |[x0, y0, x1, y1]: [f64; 4]| x0 >= -180.0 && x1 <= 180.0 && y0 >= -90.0 && y1 <= 90.0;
        if bbox.is_some_and(on_earth) {
            return Ok(());
        }
        for d in districts.iter_mut() {
            use geo::MapCoordsInPlace;
            d.geometry.map_coords_in_place(|c| geo::Coord {
                x: c.x.clamp(-180.0, 180.0),
                y: c.y.clamp(-90.0, 90.0),
            });
        }
        return Ok(());
    }
    let t = ToWgs84::new(crs).map_err(|m| (None, m))?;
    for d in districts.iter_mut() {
        t.multipolygon(&mut d.geometry).map_err(|m| {
            let place = Place::Feature {
                index: d.feature_index,
            };
            (Some(place), m)
        })?;
    }
    let coords = districts.iter().flat_map(|d| {
        d.geometry.0.iter().flat_map(|p| {
            p.exterior()
                .0
                .iter()
                .chain(p.interiors().iter().flat_map(|r| r.0.iter()))
                .copied()
        })
    });
    let slack = crs::LONLAT_SLACK;
    let ok = |c: geo::Coord<f64>| c.x.abs() <= 180.0 + slack && c.y.abs() <= 90.0 + slack;
    if let Some(bad) = coords.clone().find(|&c| !ok(c)) {
        return Err((
            None,
            LoadMsg::OffEarth {
                crs: crs.describe(),
                x: bad.x,
                y: bad.y,
            },
        ));
    }
    Ok(())
}

/// A property value as text: strings as they are, integral numbers without ".0", null as None.
pub fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 && !n.is_i64() && !n.is_u64() => {
                format!("{}", f as i64)
            }
            _ => n.to_string(),
        }),
        other => Some(other.to_string()),
    }
}

/// Converts a geometry to a MultiPolygon, or says why it cannot be a district. The second
/// value notes rings that were dropped.
/// A feature's geometry as polygons, with the repairs made; `collection` is set when a
/// GeometryCollection was read as a MultiPolygon.
pub(super) struct Shape {
    pub polygons: MultiPolygon<f64>,
    pub repairs: Repairs,
    pub collection: bool,
}

fn to_multipolygon(g: Option<RawGeometry>) -> Result<Shape, Note> {
    let g = g.ok_or(Note::GeometryNull)?;
    let kind = g.kind.clone().unwrap_or_default();
    match kind.as_str() {
        "Polygon" | "MultiPolygon" => {
            let mut c = g
                .coordinates
                .ok_or_else(|| Note::NoCoordinates { kind: kind.clone() })?;
            if let Some(p) = c.problem.take() {
                return Err(Note::MalformedCoordinates { what: Box::new(p) });
            }
            let want = if kind == "Polygon" { 3 } else { 4 };
            if c.depth == 0 {
                return Err(Note::KindEmpty { kind });
            }
            if c.depth != want {
                return Err(Note::NestedWrong {
                    kind,
                    depth: c.depth,
                    want,
                });
            }
            build_polygons(&c, want)
        }
        "GeometryCollection" => {
            let parts = g.geometries.unwrap_or_default();
            let mut polys = Vec::new();
            let mut repairs = Repairs::default();
            for part in parts {
                let shape = to_multipolygon(Some(part))?;
                polys.extend(shape.polygons.0);
                repairs.add(&shape.repairs);
            }
            if polys.is_empty() {
                return Err(Note::CollectionWithoutPolygons);
            }
            Ok(Shape {
                polygons: MultiPolygon(polys),
                repairs,
                collection: true,
            })
        }
        "" => Err(Note::GeometryNoType),
        other => Err(Note::NotArea {
            kind: other.to_owned(),
        }),
    }
}

fn build_polygons(c: &Coords, depth: usize) -> Result<Shape, Note> {
    // Rings are the children at level depth-2 (ranges of positions); polygons the children at
    // level depth-3 (ranges of rings); a Polygon has one polygon covering all rings.
    let rings = c.children(depth - 2);
    let polys: Vec<std::ops::Range<usize>> = if depth == 4 {
        c.children(1)
    } else {
        std::iter::once(0..rings.len()).collect()
    };
    // Ranges come from the nesting seen while parsing; a malformed mix of depths can leave
    // them inconsistent, which is an error for this feature, never an out-of-bounds panic.
    let mut grouped: Vec<Vec<&[geo::Coord<f64>]>> = Vec::with_capacity(polys.len());
    for pr in polys {
        let rs = rings.get(pr).ok_or(Note::RingsDoNotNest)?;
        grouped.push(
            rs.iter()
                .map(|r| c.xy.get(r.clone()))
                .collect::<Option<Vec<_>>>()
                .ok_or(Note::PositionsDoNotNest)?,
        );
    }
    shape_from_rings(grouped.into_iter())
}

/// Polygons (each a shell and its holes, as raw positions) cleaned and repaired.
pub(super) fn shape_from_rings<'a>(
    polys: impl Iterator<Item = Vec<&'a [geo::Coord<f64>]>>,
) -> Result<Shape, Note> {
    let mut repairs = Repairs::default();
    let mut out = Vec::new();
    for rings in polys {
        let mut cleaned = rings.into_iter().map(|r| clean_ring(r, &mut repairs));
        // A polygon whose shell is unusable is dropped with its holes.
        let Some(Some(exterior)) = cleaned.next() else {
            continue;
        };
        let holes: Vec<LineString<f64>> = cleaned.flatten().collect();
        out.extend(repair_polygon(exterior, holes, &mut repairs)?);
    }
    if out.is_empty() {
        return Err(Note::NoUsableRing);
    }
    Ok(Shape {
        polygons: MultiPolygon(out),
        repairs,
        collection: false,
    })
}

mod props;
mod raw;
mod split;
mod stream;

#[cfg(test)]
mod tests;
