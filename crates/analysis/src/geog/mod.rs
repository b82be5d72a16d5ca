//! Geographies through time: combining districts into larger units (`aggregate`), moving a
//! table from one district grid to another (`crosswalk`, `regrid`), telling when a table and
//! boundaries belong to two different grids (`grids`), and writing the results as files that
//! load like any other data set (`write`).

pub mod aggregate;
mod clip_box;
pub mod combine;
pub mod crosswalk;
pub mod names;
pub mod onto;
pub mod overlay;
pub mod regrid;
pub mod report_msg;
pub mod stack;
mod wholly_in;
pub mod write;

use atlas_data::model::{District, Districts};
use geo::MultiPolygon;

/// Districts made here (aggregates): a key and a name property, WGS84.
pub fn new_districts(source: &str, units: Vec<(String, String, MultiPolygon<f64>)>) -> Districts {
    let districts: Vec<District> = units
        .into_iter()
        .enumerate()
        .map(|(i, (key, name, geometry))| District {
            feature_index: i,
            properties: vec![Some(key.clone()), Some(name.clone())],
            key,
            name,
            geometry,
        })
        .collect();
    Districts {
        source: source.to_owned(),
        crs: atlas_data::load::crs::Crs::Wgs84,
        crs_source: atlas_data::load::crs::CrsSource::Declared,
        feature_count: districts.len(),
        property_names: vec!["key".into(), "name".into()],
        key_field: "key".into(),
        name_field: Some("name".into()),
        districts,
        skipped: Vec::new(),
        notes: Vec::new(),
        warnings: Vec::new(),
        layers: Vec::new(),
        layer: None,
    }
}

/// The decimals a published value was written with (0–6): 24.2 → 1, 37.57 → 2.
pub fn decimals_of(v: f64) -> u32 {
    (0..=6)
        .find(|&d| {
            let s = 10f64.powi(d as i32);
            ((v * s).round() / s - v).abs() <= 1e-9 * v.abs().max(1.0)
        })
        .unwrap_or(6)
}

/// Up to `n` items joined with ", ", and how many more there are.
pub fn sample(items: &[String], n: usize) -> String {
    let mut s = items.iter().take(n).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > n {
        s.push_str(&format!(" … ({} more)", items.len() - n));
    }
    s
}

/// Area on the sphere in m² (geo's Chamberlain–Duquette), for shares of areas that are
/// independent of the lon/lat distortion.
pub fn area_m2(mp: &MultiPolygon<f64>) -> f64 {
    use geo::ChamberlainDuquetteArea;
    mp.chamberlain_duquette_unsigned_area()
}
