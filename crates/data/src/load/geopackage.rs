//! GeoPackage boundaries (`.gpkg`, SQLite via rusqlite with a bundled SQLite): the polygon
//! feature layers listed in `gpkg_geometry_columns` (the chosen one, else the first), each
//! row's attributes as text, the geometry from the GeoPackage binary header and its ISO WKB
//! (Polygon and MultiPolygon, with or without Z/M), the system from the layer's EPSG code.
//! Then finished like GeoJSON: same repair, reprojection and field choice.

use super::crs::Crs;
use super::error::{ErrorKind, LoadError, file_name};
use super::geojson::{BoundaryOptions, Collected, finish_boundaries, shape_from_rings};
use super::msg::{LoadMsg, Place, SupportedCrs};
use super::note::Note;
use super::numbers::plain_number;
use crate::model::Districts;
use geo::Coord;
use rusqlite::types::ValueRef;
use std::path::Path;

/// A feature layer with areal geometry.
struct Layer {
    table: String,
    column: String,
    epsg: Option<u32>,
    /// The WKT of `gpkg_spatial_ref_sys`, for systems that are not EPSG codes.
    definition: Option<String>,
}

fn polygon_layers(db: &rusqlite::Connection) -> rusqlite::Result<Vec<Layer>> {
    let mut st = db.prepare(
        "SELECT g.table_name, g.column_name, g.geometry_type_name, s.organization, \
         s.organization_coordsys_id, s.definition \
         FROM gpkg_geometry_columns g \
         LEFT JOIN gpkg_contents c ON c.table_name = g.table_name \
         LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id \
         ORDER BY c.rowid",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<i64>>(4)?,
            r.get::<_, Option<String>>(5).ok().flatten(),
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (table, column, kind, org, code, definition) = row?;
        let kind = kind.to_uppercase();
        if matches!(
            kind.as_str(),
            "POLYGON" | "MULTIPOLYGON" | "GEOMETRY" | "CURVEPOLYGON" | "MULTISURFACE"
        ) {
            let epsg = (org.as_deref().map(str::to_uppercase).as_deref() == Some("EPSG"))
                .then_some(code)
                .flatten()
                .and_then(|c| u32::try_from(c).ok());
            out.push(Layer {
                table,
                column,
                epsg,
                definition,
            });
        }
    }
    Ok(out)
}

/// Reads little- or big-endian numbers from a byte slice, failing (not panicking) at its end.
struct Bytes<'a> {
    b: &'a [u8],
    pos: usize,
    little: bool,
}

impl Bytes<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], Note> {
        let s = self
            .b
            .get(self.pos..self.pos + n)
            .ok_or(Note::WkbEndsEarly)?;
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, Note> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, Note> {
        let s: [u8; 4] = self.take(4)?.try_into().map_err(|_| Note::WkbEndsEarly)?;
        Ok(if self.little {
            u32::from_le_bytes(s)
        } else {
            u32::from_be_bytes(s)
        })
    }
    fn f64(&mut self) -> Result<f64, Note> {
        let s: [u8; 8] = self.take(8)?.try_into().map_err(|_| Note::WkbEndsEarly)?;
        Ok(if self.little {
            f64::from_le_bytes(s)
        } else {
            f64::from_be_bytes(s)
        })
    }
}

type Rings = Vec<Vec<Coord<f64>>>;

/// One WKB geometry (ISO codes: 3 Polygon, 6 MultiPolygon, +1000 Z, +2000 M, +3000 ZM) as
/// polygons of rings.
fn read_wkb(r: &mut Bytes, depth: usize) -> Result<Vec<Rings>, Note> {
    if depth > 2 {
        return Err(Note::WkbTooDeep);
    }
    r.little = match r.u8()? {
        0 => false,
        1 => true,
        b => return Err(Note::WkbByteOrder { b }),
    };
    let code = r.u32()?;
    // EWKB flags (PostGIS) in the high bits, ISO thousands for Z/M.
    let dims_flag = code & 0xC000_0000;
    let base = code & 0x0FFF_FFFF;
    let (kind, extra) = match (base / 1000, base % 1000) {
        (0, k) => (
            k,
            usize::from(dims_flag & 0x8000_0000 != 0) + usize::from(dims_flag & 0x4000_0000 != 0),
        ),
        (1 | 2, k) => (k, 1),
        (3, k) => (k, 2),
        _ => return Err(Note::WkbType { code }),
    };
    let polygon = |r: &mut Bytes| -> Result<Rings, Note> {
        let n = r.u32()? as usize;
        let mut rings = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            let m = r.u32()? as usize;
            if m.saturating_mul(16) > r.b.len() {
                return Err(Note::WkbRingTooLong);
            }
            let mut pts = Vec::with_capacity(m);
            for _ in 0..m {
                let x = r.f64()?;
                let y = r.f64()?;
                for _ in 0..extra {
                    r.f64()?;
                }
                pts.push(Coord { x, y });
            }
            rings.push(pts);
        }
        Ok(rings)
    };
    match kind {
        3 => Ok(vec![polygon(r)?]),
        6 => {
            let n = r.u32()? as usize;
            let mut polys = Vec::new();
            for _ in 0..n {
                polys.extend(read_wkb(r, depth + 1)?);
            }
            Ok(polys)
        }
        1 | 4 => Err(Note::NotArea {
            kind: "point".into(),
        }),
        2 | 5 => Err(Note::NotArea {
            kind: "line".into(),
        }),
        7 => Err(Note::NotPolygon {
            kind: "GeometryCollection".into(),
        }),
        8 | 9 | 11 | 13 => Err(Note::CurveNotArea {
            kind: wkb_name(kind),
        }),
        10 | 12 | 14 => Err(Note::CurvedUnsupported {
            kind: wkb_name(kind),
        }),
        k => Err(Note::NotPolygon { kind: wkb_name(k) }),
    }
}

/// The name of a WKB geometry type (ISO 19125 / SQL/MM codes).
fn wkb_name(kind: u32) -> String {
    match kind {
        8 => "CircularString".into(),
        9 => "CompoundCurve".into(),
        10 => "CurvePolygon".into(),
        11 => "MultiCurve".into(),
        12 => "MultiSurface".into(),
        13 => "Curve".into(),
        14 => "Surface".into(),
        15 => "PolyhedralSurface".into(),
        16 => "TIN".into(),
        17 => "Triangle".into(),
        k => format!("geometry of WKB type {k}"),
    }
}

/// A GeoPackage geometry blob: "GP", version, flags (byte order, envelope size, empty),
/// SRS id, envelope, then WKB.
fn read_gpkg_geometry(blob: &[u8]) -> Result<Vec<Rings>, Note> {
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err(Note::NotGpkgGeometry);
    }
    let flags = blob[3];
    if flags & 0b1_0000 != 0 {
        return Err(Note::GeometryEmpty);
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        e => return Err(Note::WkbEnvelope { code: e }),
    };
    let start = 8 + envelope;
    let wkb = blob.get(start..).ok_or(Note::WkbEndsEarly)?;
    read_wkb(
        &mut Bytes {
            b: wkb,
            pos: 0,
            little: true,
        },
        0,
    )
}

fn cell_text(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Null | ValueRef::Blob(_) => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(plain_number(f)),
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).trim().to_owned()),
    }
}

/// Reads the polygon layer `opts.layer` (or the first) of a GeoPackage.
pub fn load_geopackage(path: &Path, opts: &BoundaryOptions) -> Result<Districts, LoadError> {
    let source = file_name(path);
    let err = |kind, msg: LoadMsg| LoadError::of_file(kind, &source, msg);
    super::error::check_size(path)?;
    let db = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| {
        err(
            ErrorKind::Io,
            LoadMsg::GpkgOpen {
                detail: e.to_string(),
            },
        )
    })?;
    let sql = |e: rusqlite::Error| {
        err(
            ErrorKind::Syntax,
            LoadMsg::GpkgUnreadable {
                detail: e.to_string(),
            },
        )
    };
    let layers = polygon_layers(&db).map_err(sql)?;
    let names: Vec<&str> = layers.iter().map(|l| l.table.as_str()).collect();
    let layer = match &opts.layer {
        Some(w) => layers.iter().find(|l| &l.table == w).ok_or_else(|| {
            err(
                ErrorKind::Content,
                LoadMsg::GpkgNoLayerNamed {
                    wanted: w.clone(),
                    names: names.join(", "),
                },
            )
        })?,
        None => layers
            .first()
            .ok_or_else(|| err(ErrorKind::Content, LoadMsg::GpkgNoPolygonLayer))?,
    };
    // The EPSG code, else the WKT the GeoPackage defines the system with ("undefined" and
    // empty definitions say nothing).
    let wkt = layer
        .definition
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("undefined"));
    let declared = match (layer.epsg.and_then(Crs::from_epsg), wkt) {
        (Some(c), _) => Some(c),
        (None, Some(w)) => match super::crs::from_wkt(w) {
            Ok(c) => Some(c),
            Err(_) if opts.crs.is_some() => None,
            Err(m) => {
                let place = Some(Place::Layer {
                    name: layer.table.clone(),
                });
                return Err(LoadError::new(ErrorKind::Crs, &source, place, m));
            }
        },
        (None, None) => None,
    };
    if let (Some(code), None, None) = (layer.epsg, declared, opts.crs) {
        let place = Some(Place::Layer {
            name: layer.table.clone(),
        });
        let msg = LoadMsg::GpkgUnknownEpsg {
            code,
            supported: SupportedCrs,
        };
        return Err(LoadError::new(ErrorKind::Crs, &source, place, msg));
    }
    // Table and column names come from the file: quote them as identifiers.
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut st = db
        .prepare(&format!("SELECT * FROM {}", quote(&layer.table)))
        .map_err(sql)?;
    let columns: Vec<String> = st.column_names().map(|s| s.to_string()).collect();
    let geom_col = columns
        .iter()
        .position(|c| c.eq_ignore_ascii_case(&layer.column))
        .ok_or_else(|| {
            err(
                ErrorKind::Content,
                LoadMsg::GpkgNoGeometryColumn {
                    column: layer.column.clone(),
                },
            )
        })?;
    // The row id OGR and QGIS add ("fid") is bookkeeping, not an attribute of the district:
    // left out, so it is never taken for the key.
    let is_fid = |c: &str| c.eq_ignore_ascii_case("fid") || c.eq_ignore_ascii_case("ogc_fid");
    let keep: Vec<usize> = (0..columns.len())
        .filter(|&i| i != geom_col && !is_fid(&columns[i]))
        .collect();
    let names_out: Vec<String> = keep.iter().map(|&i| columns[i].clone()).collect();
    let mut rows = st.query([]).map_err(sql)?;
    let mut collected = Collected::default();
    let mut index = 0usize;
    while let Some(row) = rows.next().map_err(sql)? {
        let mut props = Vec::with_capacity(names_out.len());
        let mut geometry = None;
        for i in 0..columns.len() {
            let v = row.get_ref(i).map_err(sql)?;
            if i == geom_col {
                geometry = match v {
                    ValueRef::Blob(b) => Some(read_gpkg_geometry(b)),
                    _ => None,
                };
            } else if keep.contains(&i) {
                props.push(cell_text(v));
            }
        }
        let shape = geometry
            .unwrap_or(Err(Note::GeometryNull))
            .and_then(|polys| {
                shape_from_rings(polys.iter().map(|p| p.iter().map(Vec::as_slice).collect()))
            });
        collected.add(index, props, shape);
        index += 1;
    }
    let mut d = finish_boundaries(&source, opts, names_out, collected, declared)?;
    if layers.len() > 1 {
        d.warnings.push(Note::LayerOf {
            layer: layer.table.clone(),
            layers: names.join(", "),
        });
    }
    d.layers = names.iter().map(|s| s.to_string()).collect();
    d.layer = Some(layer.table.clone());
    Ok(d)
}

/// Whether a path names a GeoPackage.
pub fn is_geopackage(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gpkg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wkb_errors_do_not_panic() {
        assert!(read_gpkg_geometry(b"GP").is_err());
        assert!(
            read_gpkg_geometry(b"GP\x00\x01\x00\x00\x00\x00\x01\x03\x00\x00\x00\xff\xff\xff\xff")
                .is_err()
        );
        // A point is reported as not an area.
        let mut b = b"GP\x00\x01\x00\x00\x00\x00\x01\x01\x00\x00\x00".to_vec();
        b.extend_from_slice(&1.0f64.to_le_bytes());
        b.extend_from_slice(&2.0f64.to_le_bytes());
        assert_eq!(
            read_gpkg_geometry(&b).unwrap_err().to_string(),
            "geometry is a point, not an area"
        );
    }
}
