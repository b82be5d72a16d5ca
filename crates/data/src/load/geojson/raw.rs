//! The GeoJSON document as typed records (serde, no value tree: a generic JSON parse is several
//! times slower on large boundary files), and a feature read into its properties and polygons.

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

/// A feature's properties as read: each name with its value as text, in the file's order (a
/// name given twice keeps its place and its last value, as a JSON object map does). Read
/// straight into text where the feature is parsed — on the parsing threads for a large
/// file — instead of into a map of JSON values that the districts' properties were later
/// looked up in and copied from, one feature after the other (70–90 ms at 100 000).
#[derive(Debug, Default)]
pub(super) struct Props(Vec<(String, Option<String>)>);

impl Props {
    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|p| &p.0)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|p| p.0 == name)
    }

    /// The text of property `name`, taken out (each name is asked for once).
    pub fn take(&mut self, name: &str) -> Option<String> {
        self.0.iter_mut().find(|p| p.0 == name)?.1.take()
    }
}

impl<'de> Deserialize<'de> for Props {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Props;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of properties")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Props, A::Error> {
                let mut props: Vec<(String, Option<String>)> = Vec::new();
                while let Some((name, value)) = m.next_entry::<String, Value>()? {
                    let text = into_text(value);
                    match props.iter_mut().find(|p| p.0 == name) {
                        Some(p) => p.1 = text,
                        None => props.push((name, text)),
                    }
                }
                Ok(Props(props))
            }
        }
        d.deserialize_map(V)
    }
}

/// A property value as text, without copying a string value.
fn into_text(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        v => super::value_text(&v),
    }
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
