//! The joined data as files: the table with one row per district and year (key, name, year,
//! every indicator, and how the year was estimated when the data set has estimated years), in a neutral format (`,` and decimal point) or the German one (`;` and
//! decimal comma); and the boundaries with the joined values of one year as GeoJSON
//! properties (original properties kept, indicators as numbers, null where missing).

use atlas_data::dataset::Dataset;
use atlas_data::model::YearIdx;
use atlas_i18n::Lang;
use std::fmt::Write as _;
use std::io::Write;

/// Number formats of a CSV export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvStyle {
    /// `,` between fields, decimal point: for software.
    Neutral,
    /// The language's convention: German `;` and decimal comma, English as neutral.
    Language(Lang),
}

fn number(v: f64, german: bool) -> String {
    let s = format!("{v}");
    if german { s.replace('.', ",") } else { s }
}

/// Writes the joined table.
pub fn write_joined_csv<W: Write>(out: W, ds: &Dataset, style: CsvStyle) -> Result<(), String> {
    let t = ds.table().ok_or("no indicator table is loaded")?;
    let german = style == CsvStyle::Language(Lang::De);
    let mut w = csv::WriterBuilder::new()
        .delimiter(if german { b';' } else { b',' })
        .from_writer(out);
    let mut header = vec!["key".to_owned(), "name".to_owned(), "year".to_owned()];
    header.extend(t.indicators.iter().map(|i| i.id.clone()));
    // Years estimated on another grid are marked in a last column (only when there are any).
    let estimates = !ds.meta.estimated.is_empty();
    if estimates {
        header.push("estimated".into());
    }
    w.write_record(&header).map_err(|e| e.to_string())?;
    let keys = ds.join.as_ref().map(|j| &j.keys.district_to_key);
    for (d, district) in ds.districts.districts.iter().enumerate() {
        let key = keys.and_then(|k| k.get(d).copied().flatten());
        for (y, year) in t.years_enumerated() {
            let mut row = vec![
                district.key.clone(),
                district.name.clone(),
                year.to_string(),
            ];
            row.extend((0..t.indicators.len()).map(|i| {
                key.and_then(|k| t.value(i, y, k))
                    .map(|v| number(v, german))
                    .unwrap_or_default()
            }));
            if estimates {
                row.push(
                    ds.meta
                        .estimate_of(year)
                        .and_then(|e| e.note.get(if german { "de" } else { "en" }))
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
            w.write_record(&row).map_err(|e| e.to_string())?;
        }
    }
    w.flush().map_err(|e| e.to_string())
}

/// Writes the boundaries with the values of year index `year` as GeoJSON.
pub fn write_joined_geojson<W: Write>(
    mut out: W,
    ds: &Dataset,
    year: YearIdx,
) -> Result<(), String> {
    let t = ds.table();
    let keys = ds.join.as_ref().map(|j| &j.keys.district_to_key);
    let names = &ds.districts.property_names;
    let mut s = String::with_capacity(1 << 20);
    s.push_str(r#"{"type":"FeatureCollection","features":["#);
    for (d, district) in ds.districts.districts.iter().enumerate() {
        if d > 0 {
            s.push(',');
        }
        let mut props = serde_json::Map::new();
        for (name, v) in names.iter().zip(&district.properties) {
            props.insert(
                name.clone(),
                v.clone()
                    .map(serde_json::Value::String)
                    .unwrap_or(serde_json::Value::Null),
            );
        }
        if let Some(t) = t {
            props.insert("year".into(), t.years.get(year.get()).copied().into());
            let key = keys.and_then(|k| k.get(d).copied().flatten());
            for (i, ind) in t.indicators.iter().enumerate() {
                let v = key.and_then(|k| t.value(i, year, k));
                props.insert(
                    ind.id.clone(),
                    v.and_then(serde_json::Number::from_f64)
                        .map(serde_json::Value::Number)
                        .unwrap_or(serde_json::Value::Null),
                );
            }
        }
        let props = serde_json::to_string(&props).map_err(|e| e.to_string())?;
        let _ = write!(
            s,
            r#"{{"type":"Feature","properties":{props},"geometry":{{"type":"MultiPolygon","coordinates":["#
        );
        for (pi, poly) in district.geometry.0.iter().enumerate() {
            if pi > 0 {
                s.push(',');
            }
            s.push('[');
            for (ri, ring) in std::iter::once(poly.exterior())
                .chain(poly.interiors())
                .enumerate()
            {
                if ri > 0 {
                    s.push(',');
                }
                s.push('[');
                for (ci, c) in ring.0.iter().enumerate() {
                    let _ = write!(s, "{}[{},{}]", if ci > 0 { "," } else { "" }, c.x, c.y);
                }
                s.push(']');
            }
            s.push(']');
        }
        s.push_str("]}}");
    }
    s.push_str("]}\n");
    out.write_all(s.as_bytes()).map_err(|e| e.to_string())
}
