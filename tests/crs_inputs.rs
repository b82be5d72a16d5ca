//! Coordinate systems the files name, beyond the built-in German ones: `.prj` files with NAD27
//! and DHDN lon/lat (shifted to WGS84), EPSG:4258 and EPSG:3035 GeoJSON, an empty `.prj`, and
//! a world file whose edge is a rounding step past 180°. Reference values were computed with
//! pyproj 3.7.2 / PROJ 9.5.1 in a scratch venv:
//!
//!     TransformerGroup(4267, 4326, always_xy=True), the "NAD27 to WGS 84 (4)" member
//!     TransformerGroup(4314, 4326, always_xy=True), the "DHDN to WGS 84 (2)" member
//!     Transformer.from_crs(3035, 4326, always_xy=True)
//!
//! applied to the four corners of each rectangle (the bounding box of the results).
//! (PROJ's own first choice for NAD27 in Kansas, "NAD27 to WGS 84 (6)", lies 1.4 m from (4).)

use arrival_atlas::load::{BoundaryOptions, load_boundaries};
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_arrival-atlas"))
}

/// A shapefile of one rectangle (x0, y0)–(x1, y1) with key "A", and the given `.prj` text.
fn rectangle_shp(dir: &Path, name: &str, [x0, y0, x1, y1]: [f64; 4], prj: Option<&str>) -> PathBuf {
    let path = dir.join(format!("{name}.shp"));
    let fields = dbase::TableWriterBuilder::new()
        .add_character_field(dbase::FieldName::try_from("key").unwrap(), 10);
    let mut w = shapefile::Writer::from_path(&path, fields).unwrap();
    let ring: Vec<shapefile::Point> = [(x0, y0), (x0, y1), (x1, y1), (x1, y0), (x0, y0)]
        .iter()
        .map(|&(x, y)| shapefile::Point::new(x, y))
        .collect();
    let poly = shapefile::Polygon::new(shapefile::PolygonRing::Outer(ring));
    let mut rec = dbase::Record::default();
    rec.insert("key".into(), dbase::FieldValue::Character(Some("A".into())));
    w.write_shape_and_record(&poly, &rec).unwrap();
    drop(w);
    if let Some(p) = prj {
        std::fs::write(path.with_extension("prj"), p).unwrap();
    }
    path
}

fn bbox(path: &Path) -> [f64; 4] {
    let d = load_boundaries(path, &BoundaryOptions::default()).unwrap();
    let r = d.bbox().unwrap();
    [r.min().x, r.min().y, r.max().x, r.max().y]
}

fn assert_near(got: [f64; 4], want: [f64; 4], tol: f64) {
    for i in 0..4 {
        assert!(
            (got[i] - want[i]).abs() < tol,
            "{got:?} vs {want:?} (±{tol})"
        );
    }
}

const NAD27_PRJ: &str = r#"GEOGCS["GCS_North_American_1927",DATUM["D_North_American_1927",SPHEROID["Clarke_1866",6378206.4,294.9786982]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
const DHDN_PRJ: &str = r#"GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;

#[test]
fn geographic_prj_files_other_than_wgs84_are_shifted() {
    let dir = tempfile::tempdir().unwrap();
    let nad27 = rectangle_shp(
        dir.path(),
        "nad27",
        [-98.5, 39.0, -98.4, 39.1],
        Some(NAD27_PRJ),
    );
    let d = load_boundaries(&nad27, &BoundaryOptions::default()).unwrap();
    assert!(
        d.warnings.iter().any(|w| w.contains("EPSG:1173")),
        "{:?}",
        d.warnings
    );
    assert_near(
        bbox(&nad27),
        [
            -98.50036485826769,
            39.00002763414914,
            -98.40036117915969,
            39.100026554028766,
        ],
        1e-8,
    );
    let dhdn = rectangle_shp(dir.path(), "dhdn", [13.3, 52.4, 13.4, 52.5], Some(DHDN_PRJ));
    assert_near(
        bbox(&dhdn),
        [
            13.29827384839946,
            52.398605763352634,
            13.398260953899193,
            52.49859525754975,
        ],
        1e-8,
    );
    // An empty .prj says nothing: lon/lat recognised from the coordinates, unshifted.
    let empty = rectangle_shp(dir.path(), "empty", [13.3, 52.4, 13.4, 52.5], Some("  \n"));
    let d = load_boundaries(&empty, &BoundaryOptions::default()).unwrap();
    assert_eq!(d.crs.code(), "EPSG:4326");
    assert_near(bbox(&empty), [13.3, 52.4, 13.4, 52.5], 1e-12);
}

fn geojson_with_crs(dir: &Path, name: &str, crs: Option<&str>, ring: &[[f64; 2]]) -> PathBuf {
    let mut fc = serde_json::json!({"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"key": "A"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]});
    if let Some(c) = crs {
        fc["crs"] = serde_json::json!({"type": "name", "properties": {"name": c}});
    }
    let p = dir.join(name);
    std::fs::write(&p, fc.to_string()).unwrap();
    p
}

#[test]
fn etrs89_lonlat_and_the_census_laea_grid_load() {
    let dir = tempfile::tempdir().unwrap();
    let laea = geojson_with_crs(
        dir.path(),
        "laea.geojson",
        Some("urn:ogc:def:crs:EPSG::3035"),
        &[
            [4540000.0, 3260000.0],
            [4560000.0, 3260000.0],
            [4560000.0, 3280000.0],
            [4540000.0, 3280000.0],
            [4540000.0, 3260000.0],
        ],
    );
    let d = load_boundaries(&laea, &BoundaryOptions::default()).unwrap();
    assert_eq!(d.crs.code(), "EPSG:3035");
    assert!(d.crs.describe().contains("LAEA"), "{}", d.crs.describe());
    // The corners (4540000, 3260000) and (4560000, 3280000) as PROJ gives them.
    let r = d.bbox().unwrap();
    let corners: Vec<(f64, f64)> = d.districts[0].geometry.0[0]
        .exterior()
        .0
        .iter()
        .map(|c| (c.x, c.y))
        .collect();
    let near = |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).abs() < 1e-7 && (p.1 - q.1).abs() < 1e-7;
    assert!(
        corners
            .iter()
            .any(|&c| near(c, (13.219142725496628, 52.40582477546634))),
        "{corners:?}"
    );
    assert!(
        corners
            .iter()
            .any(|&c| near(c, (13.527030608264187, 52.577008395524835))),
        "{corners:?}"
    );
    assert!(r.min().x > 13.2 && r.max().x < 13.6);

    let etrs = geojson_with_crs(
        dir.path(),
        "etrs.geojson",
        Some("EPSG:4258"),
        &[[13.3, 52.4], [13.4, 52.4], [13.4, 52.5], [13.3, 52.4]],
    );
    let d = load_boundaries(&etrs, &BoundaryOptions::default()).unwrap();
    assert_eq!(d.crs.code(), "EPSG:4258");
    assert_near(bbox(&etrs), [13.3, 52.4, 13.4, 52.5], 1e-12);
}

#[test]
fn a_world_file_a_rounding_step_past_180_degrees_loads() {
    let dir = tempfile::tempdir().unwrap();
    let edge = 180.00000000000006;
    let world = geojson_with_crs(
        dir.path(),
        "world.geojson",
        None,
        &[
            [-180.0, -90.0],
            [edge, -90.0],
            [edge, 90.0],
            [-180.0, 90.0],
            [-180.0, -90.0],
        ],
    );
    for extra in [&[][..], &["--crs", "EPSG:4326"][..]] {
        let out = bin()
            .args(["inspect", "--json", "--boundaries"])
            .arg(&world)
            .args(extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(j["boundaries"]["crs"], "EPSG:4326");
        assert_eq!(j["boundaries"]["bbox"][2], 180.0);
    }
}
