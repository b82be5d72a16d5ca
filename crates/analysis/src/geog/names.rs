//! Names for aggregated units, which otherwise are only their keys ("01" … "12"): from a names
//! file — boundaries whose key and name fields are chosen as when loading them (Berlin's
//! Bezirke for the first two digits of a Planungsraum), or a CSV of key and name — or from a
//! field of the parts that names their parent.

use super::report_msg::GeogError;
use atlas_data::dataset::Dataset;
use atlas_data::load::{BoundaryOptions, load_boundaries};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the units' names come from.
#[derive(Debug, Clone, PartialEq)]
pub enum NamesSource {
    /// A boundary file or a CSV table of key and name.
    File(PathBuf),
    /// A boundary property or table text column of the parts holding their parent's name.
    Field(String),
}

impl NamesSource {
    /// `field:NAME`, else a file's path.
    pub fn parse(arg: &str) -> Result<NamesSource, GeogError> {
        match arg.strip_prefix("field:") {
            Some("") => Err(GeogError::NamesEmptyField {
                arg: arg.to_owned(),
            }),
            Some(f) => Ok(NamesSource::Field(f.to_owned())),
            None if arg.trim().is_empty() => Err(GeogError::NamesNeedsArg),
            None => Ok(NamesSource::File(PathBuf::from(arg))),
        }
    }
}

/// Unit key → name from a names file: a CSV (`.csv`, `.txt`) of key and name columns, else
/// a boundary file.
pub fn names_from_file(path: &Path) -> Result<BTreeMap<String, String>, GeogError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "csv" || ext == "txt" {
        let bytes = std::fs::read(path).map_err(|e| GeogError::NamesUnreadable {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        return names_from_csv(&bytes, &atlas_data::load::error::file_name(path));
    }
    let d = load_boundaries(path, &BoundaryOptions::default())?;
    if d.name_field.is_none() {
        return Err(GeogError::NamesNoNameField {
            source: d.source.clone(),
            fields: d.property_names.join(", "),
        });
    }
    Ok(d.districts
        .iter()
        .map(|x| (x.key.clone(), x.name.clone()))
        .collect())
}

/// Key and name columns of a CSV: by their header (key/id/code/schlüssel, name/bezeichnung),
/// else the first two; `;` or `,` separated, as the header line shows.
pub fn names_from_csv(bytes: &[u8], source: &str) -> Result<BTreeMap<String, String>, GeogError> {
    let (text, _) = atlas_data::load::text::decode(bytes);
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| GeogError::NamesCsv {
            source: source.to_owned(),
            detail: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let find = |words: &[&str]| header.iter().position(|h| words.contains(&h.as_str()));
    let key = find(&["key", "id", "code", "schluessel", "schlüssel", "nr"]).unwrap_or(0);
    let name = find(&["name", "bezeichnung", "label", "bezirk", "bezirksname"])
        .or_else(|| (0..header.len()).find(|&c| c != key))
        .ok_or_else(|| GeogError::NamesNoColumns {
            source: source.to_owned(),
        })?;
    let mut names = BTreeMap::new();
    for (line, record) in rdr.records().enumerate() {
        let r = record.map_err(|e| GeogError::NamesCsvLine {
            source: source.to_owned(),
            line: line + 2,
            detail: e.to_string(),
        })?;
        if let (Some(k), Some(n)) = (r.get(key), r.get(name)) {
            let (k, n) = (k.trim(), n.trim());
            if !k.is_empty() && !n.is_empty() {
                names.entry(k.to_owned()).or_insert_with(|| n.to_owned());
            }
        }
    }
    Ok(names)
}

/// Unit key → name from a field of the parts: each unit takes the first non-empty value of
/// `field` among its districts (a boundary property, else the table's text column).
pub fn names_from_field(
    ds: &Dataset,
    field: &str,
    units: &BTreeMap<String, Vec<usize>>,
) -> Result<BTreeMap<String, String>, GeogError> {
    let d = &ds.districts;
    let property = d.property_index(field);
    let column = ds
        .table()
        .and_then(|t| t.attributes.iter().find(|a| a.name == field));
    if property.is_none() && column.is_none() {
        return Err(GeogError::NamesNoSuchField {
            field: field.to_owned(),
        });
    }
    let key_of = |district: usize| {
        ds.join
            .as_ref()
            .and_then(|j| j.keys.district_to_key.get(district).copied().flatten())
    };
    let value = |district: usize| -> Option<String> {
        let from_property =
            property.and_then(|i| d.districts[district].properties.get(i).cloned().flatten());
        let from_column = || column.and_then(|c| c.values.get(key_of(district)?)?.clone());
        from_property
            .or_else(from_column)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    Ok(units
        .iter()
        .filter_map(|(k, parts)| Some((k.clone(), parts.iter().find_map(|&p| value(p))?)))
        .collect())
}
