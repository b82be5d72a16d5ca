//! The GeoJSON document as typed records (serde, no value tree: a generic JSON parse is several
//! times slower on large boundary files), and a feature read into its properties and polygons.

use super::props::Props;
use super::{Shape, to_multipolygon};
use crate::load::coords::Coords;
use crate::load::error::{ErrorKind, LoadError};
use crate::load::msg::{LoadMsg, Place};
use crate::load::note::Note;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
pub(super) struct RawDoc {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub features: Option<Vec<RawFeature>>,
    pub crs: Option<RawCrs>,
    // A lone Feature has these at the top.
    pub geometry: Option<RawGeometry>,
    pub properties: Option<Props>,
    pub id: Option<Value>,
}

#[derive(Deserialize)]
pub(super) struct RawFeature {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub id: Option<Value>,
    pub properties: Option<Props>,
    pub geometry: Option<RawGeometry>,
}

#[derive(Deserialize)]
pub(super) struct RawGeometry {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub coordinates: Option<Coords>,
    pub geometries: Option<Vec<RawGeometry>>,
}

#[derive(Deserialize)]
pub(super) struct RawCrs {
    pub properties: Option<RawCrsProps>,
}

#[derive(Deserialize)]
pub(super) struct RawCrsProps {
    pub name: Option<String>,
}

/// A feature as read: its id and properties, its geometry already turned into polygons (or
/// why it cannot be a district).
pub(super) struct ReadFeature {
    pub id: Option<Value>,
    pub properties: Option<Props>,
    pub shape: Result<Shape, Note>,
}

pub(super) fn read_feature(f: RawFeature) -> ReadFeature {
    let shape = match f.kind.as_deref() {
        Some(k) if k != "Feature" => Err(Note::NotAFeature { kind: k.to_owned() }),
        _ => to_multipolygon(f.geometry),
    };
    ReadFeature {
        id: f.id,
        properties: f.properties,
        shape,
    }
}

/// The file parsed in one piece (small files, lone features, and every malformed file: its
/// error names line and column).
pub(super) fn read_whole(
    bytes: &[u8],
    source: &str,
) -> Result<(RawDoc, Vec<ReadFeature>), LoadError> {
    let mut doc: RawDoc = serde_json::from_slice(bytes).map_err(|e| {
        let what = if e.is_eof() {
            LoadMsg::Truncated
        } else {
            LoadMsg::Json {
                detail: json_message(&e),
            }
        };
        let place = Place::LineColumn {
            line: e.line() as u64,
            column: e.column() as u64,
        };
        LoadError::new(ErrorKind::Syntax, source, Some(place), what)
    })?;
    let features = match doc.kind.as_deref() {
        Some("FeatureCollection") => doc.features.take().unwrap_or_default(),
        Some("Feature") => vec![RawFeature {
            kind: Some("Feature".into()),
            id: doc.id.take(),
            properties: doc.properties.take(),
            geometry: doc.geometry.take(),
        }],
        Some(other) => {
            let found = other.to_owned();
            let msg = LoadMsg::NotFeatures { found };
            return Err(LoadError::new(ErrorKind::Content, source, None, msg));
        }
        None => {
            let msg = LoadMsg::NoTopType;
            return Err(LoadError::new(ErrorKind::Content, source, None, msg));
        }
    };
    Ok((doc, features.into_iter().map(read_feature).collect()))
}

fn json_message(e: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; the place is reported separately.
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
