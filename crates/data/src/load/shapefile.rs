//! ESRI shapefiles as GIS departments hand them over: `.shp` geometry, `.dbf` attributes (in
//! the code page the `.cpg` names, else UTF-8 when the bytes are valid UTF-8, else
//! Windows-1252), the coordinate system from the `.prj`. Read with the `shapefile` and
//! `dbase` crates, then finished like GeoJSON: same repair, reprojection and field choice.

use super::crs;
use super::error::{ErrorKind, LoadError, file_name, read_file};
use super::geojson::{BoundaryOptions, Collected, finish_boundaries, shape_from_rings};
use super::msg::{LoadMsg, Place};
use super::note::Note;
use crate::model::Districts;
use geo::{Contains, Coord, LineString, Polygon};
use shapefile::dbase;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// A sibling file with another extension (either case), if it exists.
fn sibling(path: &Path, ext: &str) -> Option<PathBuf> {
    [ext.to_lowercase(), ext.to_uppercase()]
        .into_iter()
        .map(|e| path.with_extension(e))
        .find(|p| p.is_file())
}

/// The DBF's text encoding: the `.cpg`'s code page, else UTF-8 if the file is valid UTF-8,
/// else Windows-1252 (what German offices' shapefiles mostly use).
fn dbf_encoding(cpg: Option<&str>, dbf: &[u8]) -> &'static encoding_rs::Encoding {
    if let Some(label) = cpg.map(str::trim).filter(|l| !l.is_empty()) {
        let digits: String = label.chars().filter(char::is_ascii_digit).collect();
        // ESRI writes code page numbers ("1252", "ANSI 1252", "88591") as often as labels.
        let by_number = match digits.as_str() {
            "65001" => Some(encoding_rs::UTF_8),
            "1252" | "88591" | "28591" => Some(encoding_rs::WINDOWS_1252),
            "1250" => Some(encoding_rs::WINDOWS_1250),
            "885915" | "28605" => Some(encoding_rs::ISO_8859_15),
            _ => None,
        };
        let named = encoding_rs::Encoding::for_label(label.as_bytes()).or(by_number);
        if let Some(e) = named {
            return e;
        }
    }
    if std::str::from_utf8(dbf).is_ok() {
        encoding_rs::UTF_8
    } else {
        encoding_rs::WINDOWS_1252
    }
}

fn field_text(v: &dbase::FieldValue) -> Option<String> {
    use dbase::FieldValue as F;
    let num = super::numbers::plain_number;
    match v {
        F::Character(s) => Some(s.as_deref()?.trim().to_owned()).filter(|s| !s.is_empty()),
        F::Memo(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        F::Numeric(n) => n.map(num),
        F::Float(f) => f.map(|f| num(f64::from(f))),
        F::Integer(i) => Some(i.to_string()),
        F::Double(f) | F::Currency(f) => Some(num(*f)),
        F::Logical(b) => b.map(|b| b.to_string()),
        F::Date(d) => d.map(|d| {
            let s = d.to_string(); // YYYYMMDD
            if s.len() == 8 {
                format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..])
            } else {
                s
            }
        }),
        F::DateTime(_) => None,
    }
}

/// A shapefile polygon's rings grouped into shells with their holes: each inner ring goes to
/// the (latest) outer ring containing its first point. M and Z values are dropped.
fn group_rings<P>(
    rings: &[shapefile::PolygonRing<P>],
    xy: impl Fn(&P) -> Coord<f64>,
) -> Vec<Vec<Vec<Coord<f64>>>> {
    let mut polys: Vec<Vec<Vec<Coord<f64>>>> = Vec::new();
    let mut shells: Vec<Polygon<f64>> = Vec::new();
    for r in rings {
        let pts: Vec<Coord<f64>> = r.points().iter().map(&xy).collect();
        let owner = match r {
            shapefile::PolygonRing::Outer(_) => None,
            shapefile::PolygonRing::Inner(_) => pts
                .first()
                .and_then(|p| shells.iter().rposition(|s| s.contains(p)))
                .or(polys.len().checked_sub(1)),
        };
        match owner {
            Some(i) => polys[i].push(pts),
            // An outer ring, or an inner ring before any outer one (taken as a shell).
            None => {
                shells.push(Polygon::new(LineString::new(pts.clone()), vec![]));
                polys.push(vec![pts]);
            }
        }
    }
    polys
}

fn rings_of(shape: &shapefile::Shape) -> Result<Vec<Vec<Vec<Coord<f64>>>>, Note> {
    use shapefile::Shape as S;
    match shape {
        S::Polygon(p) => Ok(group_rings(p.rings(), |q| Coord { x: q.x, y: q.y })),
        S::PolygonM(p) => Ok(group_rings(p.rings(), |q| Coord { x: q.x, y: q.y })),
        S::PolygonZ(p) => Ok(group_rings(p.rings(), |q| Coord { x: q.x, y: q.y })),
        S::NullShape => Err(Note::GeometryNull),
        other => Err(Note::NotArea {
            kind: other.shapetype().to_string(),
        }),
    }
}

/// Reads a shapefile (the `.shp`; `.dbf`, `.prj` and `.cpg` beside it).
pub fn load_shapefile(path: &Path, opts: &BoundaryOptions) -> Result<Districts, LoadError> {
    let source = file_name(path);
    let err = |kind, place: Option<Place>, msg: LoadMsg| LoadError::new(kind, &source, place, msg);
    let shp = read_file(path)?;
    let dbf_path = sibling(path, "dbf").ok_or_else(|| err(ErrorKind::Io, None, LoadMsg::NoDbf))?;
    let dbf = read_file(&dbf_path)?;
    let cpg = sibling(path, "cpg").and_then(|p| std::fs::read_to_string(p).ok());
    // An empty .prj says nothing: no system, as without one.
    let prj = sibling(path, "prj")
        .and_then(|p| std::fs::read_to_string(p).ok())
        .filter(|s| !s.trim().is_empty());
    let declared = match prj.as_deref().map(crs::from_wkt) {
        None => None,
        Some(Ok(c)) => Some(c),
        Some(Err(_)) if opts.crs.is_some() => None,
        Some(Err(m)) => return Err(err(ErrorKind::Crs, None, m)),
    };
    let encoding = dbf_encoding(cpg.as_deref(), &dbf);
    let dbase = dbase::ReaderBuilder::new()
        .with_encoding(dbase::encoding::EncodingRs::from(encoding))
        .build(Cursor::new(&dbf[..]))
        .map_err(|e| {
            err(
                ErrorKind::Syntax,
                None,
                LoadMsg::DbfUnreadable {
                    detail: e.to_string(),
                },
            )
        })?;
    let names: Vec<String> = dbase.fields().iter().map(|f| f.name().to_owned()).collect();
    let shapes = shapefile::ShapeReader::new(Cursor::new(&shp[..])).map_err(|e| {
        err(
            ErrorKind::Syntax,
            None,
            LoadMsg::ShpUnreadable {
                detail: e.to_string(),
            },
        )
    })?;
    let mut reader = shapefile::Reader::new(shapes, dbase);
    let mut collected = Collected::default();
    for (index, item) in reader.iter_shapes_and_records().enumerate() {
        let (shape, record) = item.map_err(|e| {
            // A file cut short (copied half, mailed truncated) ends inside a record.
            let ended = matches!(&e, shapefile::Error::IoError(io)
                if io.kind() == std::io::ErrorKind::UnexpectedEof);
            let msg = if ended {
                LoadMsg::ShpTruncated { feature: index }
            } else {
                LoadMsg::FeatureUnreadable {
                    detail: e.to_string(),
                }
            };
            err(ErrorKind::Syntax, Some(Place::Feature { index }), msg)
        })?;
        let props: Vec<Option<String>> = names
            .iter()
            .map(|n| record.get(n).and_then(field_text))
            .collect();
        let shape = rings_of(&shape).and_then(|polys| {
            shape_from_rings(polys.iter().map(|p| p.iter().map(Vec::as_slice).collect()))
        });
        collected.add(index, props, shape);
    }
    let mut d = finish_boundaries(&source, opts, names, collected, declared)?;
    d.warnings.push(Note::AttributesEncoding {
        encoding: encoding.name(),
    });
    Ok(d)
}

/// Whether a path names a shapefile.
pub fn is_shapefile(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("shp"))
}
