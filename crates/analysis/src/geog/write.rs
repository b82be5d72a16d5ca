//! Files of made data sets (aggregates, regridded tables): boundaries as GeoJSON with a key and
//! a name, tables in long format (`key,name,year,indicator,value`) with a `.meta.json` beside
//! them that carries labels, units, denominators and roles, and the derived indicators as
//! formulas (computed again when the table is loaded, never written as values).

use atlas_data::atomic_write::WriteError;
use atlas_data::decimal::push_f64;
use atlas_data::model::{
    DatasetMeta, DerivedIndicator, District, Districts, IndicatorTable, MetaFile,
};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes districts as a GeoJSON FeatureCollection (WGS84) with `key` and `name` properties.
///
/// Formatting the coordinates is most of the work (100 000 districts are ≈ 80 MB of text):
/// batches of features are formatted on all cores and written in order, so that the text is
/// never whole in memory.
pub fn write_districts<W: Write>(mut out: W, d: &Districts) -> Result<(), String> {
    const CHUNK: usize = 512;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let io = |e: std::io::Error| e.to_string();
    out.write_all(br#"{"type":"FeatureCollection","features":["#)
        .map_err(io)?;
    let mut first = true;
    for batch in d.districts.chunks(CHUNK * threads) {
        let chunks: Vec<&[District]> = batch.chunks(CHUNK).collect();
        for text in atlas_data::parallel::map(&chunks, |c| features_text(c)) {
            if !first {
                out.write_all(b",\n").map_err(io)?;
            }
            first = false;
            out.write_all(text.as_bytes()).map_err(io)?;
        }
    }
    out.write_all(b"]}\n").map_err(io)
}

/// The features of `districts`, separated by ",\n".
fn features_text(districts: &[District]) -> String {
    let mut s = String::with_capacity(districts.len() * 1024);
    for (i, x) in districts.iter().enumerate() {
        if i > 0 {
            s.push_str(",\n");
        }
        let props = serde_json::json!({ "key": x.key, "name": x.name });
        let _ = write!(
            s,
            r#"{{"type":"Feature","properties":{props},"geometry":{{"type":"MultiPolygon","coordinates":["#
        );
        for (pi, poly) in x.geometry.0.iter().enumerate() {
            s.push_str(if pi > 0 { ",[" } else { "[" });
            for (ri, ring) in std::iter::once(poly.exterior())
                .chain(poly.interiors())
                .enumerate()
            {
                s.push_str(if ri > 0 { ",[" } else { "[" });
                for (ci, c) in ring.0.iter().enumerate() {
                    s.push_str(if ci > 0 { ",[" } else { "[" });
                    push_f64(&mut s, c.x);
                    s.push(',');
                    push_f64(&mut s, c.y);
                    s.push(']');
                }
                s.push(']');
            }
            s.push(']');
        }
        s.push_str("]}}");
    }
    s
}

/// Writes the table's loaded (not derived) indicators in long format; `names` gives the
/// name column (by key index).
pub fn write_long_csv<W: Write>(
    out: W,
    t: &IndicatorTable,
    names: &dyn Fn(usize) -> String,
) -> Result<(), String> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| e.to_string();
    w.write_record(["key", "name", "year", "indicator", "value"])
        .map_err(err)?;
    let loaded: Vec<usize> = (0..t.indicators.len())
        .filter(|&i| t.indicators[i].meta.formula.is_none())
        .collect();
    for (k, key) in t.keys.iter().enumerate() {
        let name = names(k);
        for (y, year) in t.years_enumerated() {
            if !t.has_row(y, k) {
                continue;
            }
            let year = year.to_string();
            for &i in &loaded {
                let v = t.value(i, y, k).map(|v| v.to_string()).unwrap_or_default();
                w.write_record([key, &name, &year, &t.indicators[i].id, &v])
                    .map_err(err)?;
            }
        }
    }
    w.flush().map_err(|e| e.to_string())
}

/// The metadata of a made table: each loaded indicator's metadata and the derived formulas.
pub fn meta_of(t: &IndicatorTable, dataset: DatasetMeta, derived: &[DerivedIndicator]) -> MetaFile {
    MetaFile {
        version: atlas_data::load::meta::META_VERSION,
        dataset,
        indicators: t
            .indicators
            .iter()
            .filter(|i| i.meta.formula.is_none())
            .map(|i| (i.id.clone(), i.meta.clone()))
            .collect(),
        derived: derived.to_vec(),
    }
}

/// `table.csv` → `table.meta.json`.
pub fn meta_path_for(table: &Path) -> PathBuf {
    let stem = table
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    table.with_file_name(format!("{stem}.meta.json"))
}

/// Writes a table and its metadata beside it (both atomically).
pub fn write_table_with_meta(
    path: &Path,
    t: &IndicatorTable,
    meta: &MetaFile,
    names: &dyn Fn(usize) -> String,
) -> Result<PathBuf, WriteError> {
    atlas_data::atomic_write::write_atomic_with(path, |f| write_long_csv(f, t, names))?;
    let meta_path = meta_path_for(path);
    let json = serde_json::to_string_pretty(meta).map_err(|e| WriteError::Failed {
        path: meta_path.display().to_string(),
        detail: e.to_string(),
    })?;
    atlas_data::atomic_write::write_atomic_with(&meta_path, |f| {
        f.write_all(json.as_bytes())
            .and_then(|()| f.write_all(b"\n"))
            .map_err(|e| e.to_string())
    })?;
    Ok(meta_path)
}

/// Writes an aggregate: its units to `boundaries` (GeoJSON) and its table to `table` with the
/// metadata beside it (the data set's, titled `title`). Returns the metadata file's path.
pub fn write_aggregated(
    agg: &super::aggregate::Aggregated,
    mut dataset: DatasetMeta,
    title: atlas_data::model::Localized,
    boundaries: &Path,
    table: &Path,
) -> Result<PathBuf, WriteError> {
    atlas_data::atomic_write::write_atomic_with(boundaries, |f| {
        write_districts(f, &agg.districts)
    })?;
    atlas_data::timings::mark("aggregate: boundaries written");
    dataset.title = title;
    let file = meta_of(&agg.table, dataset, &agg.derived);
    // The units are made in the table's key order: unit k is key k.
    let names = |k: usize| {
        agg.districts
            .districts
            .get(k)
            .map_or_else(|| agg.table.keys[k].clone(), |d| d.name.clone())
    };
    write_table_with_meta(table, &agg.table, &file, &names)
}
