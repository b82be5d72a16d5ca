//! Boundary files as they are handed over. Coordinate systems the files name, beyond the
//! built-in German ones: `.prj` files with NAD27 and DHDN lon/lat (shifted to WGS84), EPSG:4258
//! and EPSG:3035 GeoJSON, an empty `.prj`, and a world file whose edge is a rounding step past
//! 180°. Zipped shapefiles and gzipped GeoJSON, formats that are not read, truncated files. Reference values were computed with
//! pyproj 3.7.2 / PROJ 9.5.1 in a scratch venv:
//!
//!     TransformerGroup(4267, 4326, always_xy=True), the "NAD27 to WGS 84 (4)" member
//!     TransformerGroup(4314, 4326, always_xy=True), the "DHDN to WGS 84 (2)" member
//!     Transformer.from_crs(3035, 4326, always_xy=True)
//!
//! applied to the four corners of each rectangle (the bounding box of the results).
//! (PROJ's own first choice for NAD27 in Kansas, "NAD27 to WGS 84 (6)", lies 1.4 m from (4).)
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::{assert_success, bin, json_of};
use atlas_data::load::{BoundaryOptions, load_boundaries};
use std::path::{Path, PathBuf};

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
        d.warnings
            .iter()
            .any(|w| w.to_string().contains("EPSG:1173")),
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
        let j = json_of(&out);
        assert_eq!(j["boundaries"]["crs"], "EPSG:4326");
        assert_eq!(j["boundaries"]["bbox"][2], 180.0);
    }
}

/// A zip of the given files (name in the archive, bytes).
fn zip_of(path: &Path, files: &[(&str, Vec<u8>)]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, bytes).unwrap();
    }
    w.finish().unwrap();
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(support::repo().join("tests/fixtures").join(name)).unwrap()
}

#[test]
fn zipped_and_gzipped_boundaries_open_directly_and_other_formats_are_named() {
    let dir = tempfile::tempdir().unwrap();
    // A zipped shapefile with its .dbf, .prj and .cpg, as downloads come.
    let parts: Vec<(&str, Vec<u8>)> = ["shp", "shx", "dbf", "prj", "cpg"]
        .iter()
        .map(|e| (*e, fixture(&format!("stadtteile_utm32.{e}"))))
        .collect();
    let named: Vec<(String, Vec<u8>)> = parts
        .iter()
        .map(|(e, b)| (format!("download/stadtteile_utm32.{e}"), b.clone()))
        .collect();
    let files: Vec<(&str, Vec<u8>)> = named.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let one = dir.path().join("stadtteile.zip");
    zip_of(&one, &files);
    let plain = load_boundaries(
        &support::repo().join("tests/fixtures/stadtteile_utm32.shp"),
        &BoundaryOptions::default(),
    )
    .unwrap();
    let zipped = load_boundaries(&one, &BoundaryOptions::default()).unwrap();
    assert_eq!(zipped.districts.len(), plain.districts.len());
    assert_eq!(zipped.crs, plain.crs);
    assert_eq!(zipped.bbox(), plain.bbox());
    assert_eq!(zipped.source, "stadtteile.zip/stadtteile_utm32.shp");

    // Two boundary files: asks which, and --layer chooses.
    let mut two = files.clone();
    two.push(("other.geojson", fixture("districts.geojson")));
    let both = dir.path().join("both.zip");
    zip_of(&both, &two);
    let e = load_boundaries(&both, &BoundaryOptions::default()).unwrap_err();
    assert!(
        e.to_string().contains("several boundary files") && e.to_string().contains("other.geojson"),
        "{e}"
    );
    let opts = BoundaryOptions {
        layer: Some("other".into()),
        ..BoundaryOptions::default()
    };
    let fixture_districts = load_boundaries(
        &support::repo().join("tests/fixtures/districts.geojson"),
        &BoundaryOptions::default(),
    )
    .unwrap()
    .districts
    .len();
    assert_eq!(
        load_boundaries(&both, &opts).unwrap().districts.len(),
        fixture_districts
    );
    let out = bin()
        .args(["inspect", "--layer", "stadtteile_utm32", "--boundaries"])
        .arg(&both)
        .output()
        .unwrap();
    assert_success(&out);

    // Gzipped GeoJSON.
    let gz = dir.path().join("districts.geojson.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::default(),
    );
    std::io::Write::write_all(&mut enc, &fixture("districts.geojson")).unwrap();
    enc.finish().unwrap();
    assert_eq!(
        load_boundaries(&gz, &BoundaryOptions::default())
            .unwrap()
            .districts
            .len(),
        fixture_districts
    );

    // Formats not read here are named, with what to do.
    for (name, bytes, format) in [
        ("b.parquet", b"PAR1\x15\x04".to_vec(), "GeoParquet"),
        (
            "b.json",
            br#"{"type": "Topology", "objects": {}}"#.to_vec(),
            "TopoJSON",
        ),
        (
            "b.kml",
            br#"<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2">"#.to_vec(),
            "KML",
        ),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let e = load_boundaries(&p, &BoundaryOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&format!(
                "{format} is not supported; export it as GeoJSON, GeoPackage or shapefile"
            )),
            "{e}"
        );
    }

    // A truncated .shp names the feature it ends in.
    let shp = fixture("stadtteile_utm32.shp");
    for e in ["shx", "dbf", "prj", "cpg"] {
        std::fs::write(
            dir.path().join(format!("cut.{e}")),
            fixture(&format!("stadtteile_utm32.{e}")),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("cut.shp"), &shp[..shp.len() - 40]).unwrap();
    let e = load_boundaries(&dir.path().join("cut.shp"), &BoundaryOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("the .shp file ends inside feature"), "{e}");
}

#[test]
fn geopackage_layers_in_any_epsg_system_or_a_wkt_definition_load() {
    let dir = tempfile::tempdir().unwrap();
    let src = support::repo().join("tests/fixtures/gebiete.gpkg");
    let opts = BoundaryOptions {
        layer: Some("bezirke".into()),
        ..BoundaryOptions::default()
    };
    let wgs84 = load_boundaries(&src, &opts).unwrap();
    let r = wgs84.bbox().unwrap();
    let wgs84_box = [r.min().x, r.min().y, r.max().x, r.max().y];
    // The same layer declared NAD27 (EPSG:4267), then by a WKT without an EPSG code (ESRI's
    // DHDN), which is identified by its datum as EPSG:4314.
    for (srs_id, org, code, wkt, want) in [
        (4267, "EPSG", 4267, "undefined", "EPSG:4267"),
        (990001, "NONE", 990001, DHDN_PRJ, "EPSG:4314"),
    ] {
        let path = dir.path().join(format!("g{srs_id}.gpkg"));
        std::fs::copy(&src, &path).unwrap();
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute(
            "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition) VALUES ('test', ?1, ?2, ?3, ?4)",
            rusqlite::params![srs_id, org, code, wkt],
        )
        .unwrap();
        db.execute(
            "UPDATE gpkg_geometry_columns SET srs_id = ?1 WHERE table_name = 'bezirke'",
            [srs_id],
        )
        .unwrap();
        drop(db);
        let d = load_boundaries(&path, &opts).unwrap();
        assert_eq!(d.crs.code(), want);
        assert!(
            d.warnings
                .iter()
                .any(|w| w.to_string().contains("shifted to WGS84")),
            "{:?}",
            d.warnings
        );
        let r = d.bbox().unwrap();
        let moved = (r.min().x - wgs84_box[0]).abs() + (r.min().y - wgs84_box[1]).abs();
        assert!(moved > 1e-6 && moved < 0.01, "shift of {moved}°");
    }
}
