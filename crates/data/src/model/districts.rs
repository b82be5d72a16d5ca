//! District boundaries as loaded: one [`District`] per areal feature, all feature properties as
//! text, the chosen key and name fields, and the per-feature problems found while loading.

use crate::hash::{FxHashMap, FxHashSet};
use crate::load::{LoadError, LoadMsg, Note};
use geo::{BoundingRect, MultiPolygon, Rect};
use std::collections::hash_map::Entry;

/// From this many districts, work on each of them is spread over all cores (below, starting
/// the threads costs about what they save).
const PARALLEL_FROM: usize = 5_000;

/// One areal feature of a boundary file.
#[derive(Debug, Clone)]
pub struct District {
    /// Index of the feature in the source file (0-based), for messages.
    pub feature_index: usize,
    /// Value of the key field as text ("0101" stays "0101"); empty when the feature has none.
    pub key: String,
    /// Value of the name field, or the key when there is no name.
    pub name: String,
    /// Polygons with holes, WGS84 lon/lat.
    pub geometry: MultiPolygon<f64>,
    /// Property values aligned with [`Districts::property_names`]; `None` for null or absent.
    pub properties: Vec<Option<String>>,
}

/// A feature that could not be used, or one that was used with a caveat.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GeometryProblem {
    /// Index of the feature in the source file (0-based).
    pub feature: usize,
    /// Its key, when it has one.
    pub key: Option<String>,
    /// What is wrong (serialised as its English text).
    #[serde(serialize_with = "english")]
    pub message: Note,
}

impl atlas_i18n::Localize for GeometryProblem {
    /// "#12 (0101): what is wrong", as the join report lists it.
    fn text(&self, lang: atlas_i18n::Lang) -> String {
        match &self.key {
            Some(k) => format!("#{} ({k}): {}", self.feature, self.message.text(lang)),
            None => format!("#{}: {}", self.feature, self.message.text(lang)),
        }
    }
}

/// A message as its English text, for JSON reports.
fn english<S: serde::Serializer>(note: &Note, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(note)
}

/// A feature left out of the map (no usable areal geometry), kept for the problem report.
#[derive(Debug, Clone)]
pub struct SkippedFeature {
    pub feature_index: usize,
    pub properties: Vec<Option<String>>,
    pub reason: Note,
}

/// A note about a feature that was loaded (e.g. a degenerate ring that was dropped).
#[derive(Debug, Clone)]
pub struct FeatureNote {
    pub feature_index: usize,
    pub message: Note,
}

/// A loaded boundary file.
#[derive(Debug, Clone)]
pub struct Districts {
    /// File name the boundaries came from, for messages.
    pub source: String,
    /// Coordinate reference system of the source (the geometry here is always reprojected
    /// to WGS84 lon/lat), and how it was found.
    pub crs: crate::load::crs::Crs,
    pub crs_source: crate::load::crs::CrsSource,
    /// Number of features in the file, areal or not.
    pub feature_count: usize,
    /// All property names, in order of first appearance.
    pub property_names: Vec<String>,
    pub key_field: String,
    pub name_field: Option<String>,
    /// The areal features, in file order.
    pub districts: Vec<District>,
    pub skipped: Vec<SkippedFeature>,
    pub notes: Vec<FeatureNote>,
    /// Notes about the whole file (e.g. the winding convention it follows).
    pub warnings: Vec<Note>,
    /// For a GeoPackage: its polygon layers and the one read.
    pub layers: Vec<String>,
    pub layer: Option<String>,
}

impl Districts {
    /// Index of a property by name.
    pub fn property_index(&self, name: &str) -> Option<usize> {
        self.property_names.iter().position(|p| p == name)
    }

    /// Re-derives every district's key from `field`. Errors when no such property exists.
    pub fn set_key_field(&mut self, field: &str) -> Result<(), LoadError> {
        let idx = self
            .property_index(field)
            .ok_or_else(|| self.unknown_property(field))?;
        self.for_each_district(|d| d.key = d.properties[idx].clone().unwrap_or_default());
        self.key_field = field.to_owned();
        self.refresh_names();
        Ok(())
    }

    /// Re-chooses the key field (and, with `name_too`, the name field) as the property sharing
    /// most values with `table_keys` — for boundaries read before their table was. Returns
    /// whether the key field changed.
    pub fn choose_key_for_table(&mut self, table_keys: &[String], name_too: bool) -> bool {
        let columns: Vec<Vec<Option<&str>>> = (0..self.property_names.len())
            .map(|i| {
                self.districts
                    .iter()
                    .map(|d| d.properties[i].as_deref())
                    .collect()
            })
            .collect();
        use crate::load::fields::{choose_key_field, choose_name_field, distinct_ratios};
        let ratios = distinct_ratios(&columns);
        let names = &self.property_names;
        let Some(k) = choose_key_field(names, &columns, &ratios, Some(table_keys)) else {
            return false;
        };
        let name = name_too
            .then(|| choose_name_field(names, &columns, &ratios, Some(k)))
            .flatten();
        drop(columns);
        let field = self.property_names[k].clone();
        if field == self.key_field {
            return false;
        }
        if name_too {
            self.name_field = name.map(|i| self.property_names[i].clone());
        }
        // The field exists: it was just chosen from the property names.
        self.set_key_field(&field).is_ok()
    }

    /// Re-derives every district's display name from `field` (`None`: the key is the name).
    pub fn set_name_field(&mut self, field: Option<&str>) -> Result<(), LoadError> {
        if let Some(f) = field
            && self.property_index(f).is_none()
        {
            return Err(self.unknown_property(f));
        }
        self.name_field = field.map(str::to_owned);
        self.refresh_names();
        Ok(())
    }

    fn refresh_names(&mut self) {
        let idx = self
            .name_field
            .as_deref()
            .and_then(|f| self.property_index(f));
        self.for_each_district(|d| {
            d.name = idx
                .and_then(|i| d.properties[i].clone())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| d.key.clone());
        });
    }

    /// `f` on every district: a large map's on all cores (each district's key and name copied
    /// from its properties were ≈ 12 ms of one core at 100 000 districts, on the way to the
    /// first map).
    fn for_each_district(&mut self, f: impl Fn(&mut District) + Sync) {
        if self.districts.len() >= PARALLEL_FROM {
            crate::parallel::for_each_mut(&mut self.districts, f);
        } else {
            self.districts.iter_mut().for_each(f);
        }
    }

    fn unknown_property(&self, field: &str) -> LoadError {
        LoadError::of_file(
            crate::load::ErrorKind::Content,
            &self.source,
            LoadMsg::NoProperty {
                name: field.to_owned(),
                names: self.property_names.join(", "),
            },
        )
    }

    /// Keys that more than one district carries, sorted.
    pub fn duplicate_keys(&self) -> Vec<String> {
        // Hashed rather than all sorted as text (the problems are listed as a data set opens,
        // on the window's thread): only the repeated ones are sorted.
        let mut seen: FxHashMap<&str, bool> = FxHashMap::default();
        seen.reserve(self.districts.len());
        let mut dups: Vec<String> = Vec::new();
        for d in &self.districts {
            let k = d.key.as_str();
            if k.is_empty() {
                continue;
            }
            // Per key: whether it was listed already (listed at its second district).
            match seen.entry(k) {
                Entry::Vacant(e) => {
                    e.insert(false);
                }
                Entry::Occupied(mut e) => {
                    if !e.get() {
                        e.insert(true);
                        dups.push(k.to_owned());
                    }
                }
            }
        }
        dups.sort_unstable();
        dups
    }

    /// Every problem, in feature order: skipped features, loaded features with notes, features
    /// without a key value, and duplicate keys.
    pub fn problems(&self) -> Vec<GeometryProblem> {
        let key_idx = self.property_index(&self.key_field);
        let key_of = |props: &[Option<String>]| key_idx.and_then(|i| props[i].clone());
        let mut out: Vec<GeometryProblem> = self
            .skipped
            .iter()
            .map(|s| GeometryProblem {
                feature: s.feature_index,
                key: key_of(&s.properties),
                message: s.reason.clone(),
            })
            .collect();
        // Only where there are notes to name a key for (a map of 100 000 districts otherwise).
        let key_of_feature: FxHashMap<usize, &str> = if self.notes.is_empty() {
            FxHashMap::default()
        } else {
            self.districts
                .iter()
                .map(|d| (d.feature_index, d.key.as_str()))
                .collect()
        };
        for n in &self.notes {
            let key = key_of_feature.get(&n.feature_index).map(|k| k.to_string());
            out.push(GeometryProblem {
                feature: n.feature_index,
                key,
                message: n.message.clone(),
            });
        }
        for d in self.districts.iter().filter(|d| d.key.trim().is_empty()) {
            out.push(GeometryProblem {
                feature: d.feature_index,
                key: None,
                message: Note::NoKeyValue {
                    field: self.key_field.clone(),
                },
            });
        }
        let dups = self.duplicate_keys();
        // Looked up by hashing: many repeated keys would otherwise be a scan per district.
        let dups: FxHashSet<&str> = dups.iter().map(String::as_str).collect();
        for d in self
            .districts
            .iter()
            .filter(|d| dups.contains(d.key.as_str()))
        {
            out.push(GeometryProblem {
                feature: d.feature_index,
                key: Some(d.key.clone()),
                message: Note::KeyRepeated { key: d.key.clone() },
            });
        }
        out.sort_by_key(|p| p.feature);
        out
    }

    /// Bounding box of all districts in lon/lat, `None` when there are none.
    pub fn bbox(&self) -> Option<Rect<f64>> {
        // On all cores: each district's points are read from memory (≈ 25 ms on one core at
        // 100 000 districts).
        crate::parallel::map(&self.districts, |d| d.geometry.bounding_rect())
            .into_iter()
            .flatten()
            .reduce(|a, b| {
                Rect::new(
                    geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                    geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
                )
            })
    }
}
