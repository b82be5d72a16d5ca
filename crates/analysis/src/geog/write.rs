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
/// runs of features of about [`RUN_POINTS`] points are formatted on all cores, a batch of runs
/// at a time, while a thread of its own writes the batch before in order — so that the text
/// is never whole in memory and the writing (a copy of every byte into the page cache) does
/// not wait for the formatting.
pub fn write_districts<W: Write + Send>(mut out: W, d: &Districts) -> Result<(), String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let io = |e: std::io::Error| e.to_string();
    let runs = runs_of(&d.districts);
    std::thread::scope(|s| {
        // One batch formatted ahead of the one being written.
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<String>>(1);
        let writer = s.spawn(move || -> Result<W, String> {
            out.write_all(br#"{"type":"FeatureCollection","features":["#)
                .map_err(io)?;
            let mut first = true;
            for texts in receive {
                for text in texts {
                    if !first {
                        out.write_all(b",\n").map_err(io)?;
                    }
                    first = false;
                    out.write_all(text.as_bytes()).map_err(io)?;
                }
            }
            out.write_all(b"]}\n").map_err(io)?;
            Ok(out)
        });
        for batch in runs.chunks(threads) {
            let texts =
                atlas_data::parallel::map(batch, |r| features_text(&d.districts[r.clone()]));
            if send.send(texts).is_err() {
                break; // the writer failed: its error is returned below
            }
        }
        drop(send);
        writer
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
            .map(|_| ())
    })
}

/// Points formatted by one thread at a time (≈ 2.5 MB of text).
const RUN_POINTS: usize = 65_536;

/// The districts cut into runs of about [`RUN_POINTS`] points (at least one district each).
fn runs_of(districts: &[District]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let (mut start, mut points) = (0, 0);
    for (i, x) in districts.iter().enumerate() {
        points += geo::CoordsIter::coords_count(&x.geometry);
        if points >= RUN_POINTS {
            runs.push(start..i + 1);
            (start, points) = (i + 1, 0);
        }
    }
    if start < districts.len() {
        runs.push(start..districts.len());
    }
    runs
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

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Coord, LineString, MultiPolygon, Polygon};

    #[test]
    fn districts_written_in_runs_read_as_one_text() {
        // 150 districts of 1 001 points each (a hole in every third): more than two runs of
        // RUN_POINTS, written while the next batch is formatted — the same text as the
        // features formatted in one piece, and valid GeoJSON that reads back.
        let ring = |cx: f64, r: f64, n: usize| {
            let pts: Vec<Coord<f64>> = (0..=n)
                .map(|i| {
                    let a = std::f64::consts::TAU * (i % n) as f64 / n as f64;
                    Coord {
                        x: cx + r * a.cos(),
                        y: 52.0 + r * a.sin() / 3.0,
                    }
                })
                .collect();
            LineString(pts)
        };
        let units: Vec<(String, String, MultiPolygon<f64>)> = (0..150)
            .map(|i| {
                let cx = 13.0 + i as f64 * 0.01;
                let holes = if i % 3 == 0 {
                    vec![ring(cx, 0.001, 100)]
                } else {
                    vec![]
                };
                let outer = ring(cx, 0.004, if i % 3 == 0 { 900 } else { 1000 });
                let name = format!("Bezirk \"{i}\"");
                (
                    format!("{i:04}"),
                    name,
                    MultiPolygon(vec![Polygon::new(outer, holes)]),
                )
            })
            .collect();
        let d = super::super::new_districts("t", units);
        assert!(runs_of(&d.districts).len() > 2);
        let mut written = Vec::new();
        write_districts(&mut written, &d).unwrap();
        let whole = format!(
            "{{\"type\":\"FeatureCollection\",\"features\":[{}]}}\n",
            features_text(&d.districts)
        );
        assert_eq!(String::from_utf8(written.clone()).unwrap(), whole);
        let back: serde_json::Value = serde_json::from_slice(&written).unwrap();
        assert_eq!(back["features"].as_array().unwrap().len(), 150);
        assert_eq!(back["features"][7]["properties"]["name"], "Bezirk \"7\"");
        // No districts: an empty collection.
        let mut empty = Vec::new();
        write_districts(&mut empty, &super::super::new_districts("t", Vec::new())).unwrap();
        assert_eq!(empty, b"{\"type\":\"FeatureCollection\",\"features\":[]}\n");
    }
}
