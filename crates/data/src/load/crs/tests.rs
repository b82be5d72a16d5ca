//! Tests of coordinate systems: names, WKT, recognition from coordinates, reprojection.

use super::*;

#[test]
fn reads_crs_names() {
    let p = Crs::parse;
    assert_eq!(p("urn:ogc:def:crs:OGC:1.3:CRS84"), Some(Crs::Wgs84));
    assert_eq!(p("urn:ogc:def:crs:EPSG::4326"), Some(Crs::Wgs84));
    assert_eq!(p("urn:ogc:def:crs:EPSG::25833"), Some(Crs::Utm33));
    assert_eq!(p("EPSG:3857"), Some(Crs::WebMercator));
    assert_eq!(p("epsg:31467"), Some(Crs::Gk3));
    assert_eq!(p("25832"), Some(Crs::Utm32));
    assert_eq!(
        p("http://www.opengis.net/def/crs/EPSG/0/31468"),
        Some(Crs::Gk4)
    );
    assert_eq!(p("something"), None);
    // Any code of EPSG's table; a code it lacks is an error naming it.
    assert_eq!(
        p("EPSG:2154").map(|c| c.code()),
        Some("EPSG:2154".to_string())
    );
    assert_eq!(p("EPSG:1"), None);
    let e = declared(Some("EPSG:1")).unwrap_err();
    assert!(
        e.to_string().contains("EPSG:1") && e.to_string().contains("EPSG:25832"),
        "{e}"
    );
    assert_eq!(declared(None), Ok(None));
}

#[test]
fn reads_prj_files() {
    let esri32 = r#"PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["Central_Meridian",9.0],UNIT["Meter",1.0]]"#;
    assert_eq!(from_wkt(esri32), Ok(Crs::Utm32));
    let gk = r#"PROJCS["DHDN_3_Degree_Gauss_Zone_4",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz"]]"#;
    assert_eq!(from_wkt(gk), Ok(Crs::Gk4));
    let ogc = r#"PROJCS["ETRS89 / UTM zone 33N",GEOGCS["ETRS89",AUTHORITY["EPSG","4258"]],AUTHORITY["EPSG","25833"]]"#;
    assert_eq!(from_wkt(ogc), Ok(Crs::Utm33));
    assert_eq!(
        from_wkt(r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]"#),
        Ok(Crs::Wgs84)
    );
    let merc = r#"PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984"]]"#;
    assert_eq!(from_wkt(merc), Ok(Crs::WebMercator));
    // ESRI's name of an EPSG system is that system, said as identified by its name.
    let lambert93 = from_wkt(r#"PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993"]]"#).unwrap();
    assert_eq!(lambert93.code(), "EPSG:2154");
    let notes: Vec<String> = lambert93.notes().iter().map(|n| n.to_string()).collect();
    assert_eq!(
        notes,
        [
            "the system 'RGF93_Lambert_93' was identified by its name as EPSG:2154 (RGF93 / Lambert-93)"
        ]
    );
    // A name EPSG does not know, without parameters: nothing to read the system from.
    let e = from_wkt(r#"PROJCS["Somewhere_Grid",GEOGCS["GCS_Nowhere"]]"#).unwrap_err();
    assert!(e.to_string().contains("Somewhere_Grid"), "{e}");
}

#[test]
fn recognises_systems_from_coordinates() {
    assert_eq!(recognise([13.0, 52.3, 13.8, 52.7]), Ok(Crs::Wgs84));
    // Gauss-Krüger zone 4 (Berlin), zone 3 (Hamburg).
    assert_eq!(
        recognise([4_570_000.0, 5_800_000.0, 4_620_000.0, 5_840_000.0]),
        Ok(Crs::Gk4)
    );
    assert_eq!(
        recognise([3_550_000.0, 5_920_000.0, 3_580_000.0, 5_950_000.0]),
        Ok(Crs::Gk3)
    );
    // UTM eastings: zone 32 or 33 cannot be told apart.
    let e = recognise([370_000.0, 5_800_000.0, 415_000.0, 5_840_000.0]).unwrap_err();
    assert!(
        e.to_string().contains("EPSG:25832")
            && e.to_string().contains("EPSG:25833")
            && e.to_string().contains("choose"),
        "{e}"
    );
    let e = recognise([1.45e6, 6.86e6, 1.53e6, 6.92e6]).unwrap_err();
    assert!(
        e.to_string().contains("EPSG:3857") && !e.to_string().contains("25832"),
        "{e}"
    );
}

/// Reference values computed with PROJ 9.5.1 (pyproj 3.7.2), `always_xy`: projected
/// coordinates of the Brandenburg Gate (Berlin), Hamburg town hall and Munich
/// Marienplatz, and their WGS84 lon/lat.
const POINTS: [(Crs, [f64; 2], [f64; 2], f64); 9] = [
    (
        Crs::Utm32,
        [796987.274, 5827473.090],
        [13.377703997, 52.516275002],
        1e-6,
    ),
    (
        Crs::Utm32,
        [565833.193, 5934036.377],
        [9.993681996, 53.551086001],
        1e-6,
    ),
    (
        Crs::Utm32,
        [691595.341, 5334747.285],
        [11.575381998, 48.137108001],
        1e-6,
    ),
    (
        Crs::Utm33,
        [389918.042, 5819699.132],
        [13.377704007, 52.516274997],
        1e-6,
    ),
    (
        Crs::Utm33,
        [168441.945, 5945241.585],
        [9.993682006, 53.551085998],
        1e-6,
    ),
    (
        Crs::Utm33,
        [245232.987, 5337212.948],
        [11.575381997, 48.137107995],
        1e-6,
    ),
    (
        Crs::WebMercator,
        [1489199.197, 6894018.358],
        [13.377703998, 52.516274999],
        1e-6,
    ),
    (
        Crs::WebMercator,
        [1112491.591, 7085591.650],
        [9.993681996, 53.551085999],
        1e-6,
    ),
    (
        Crs::WebMercator,
        [1288565.630, 6129695.107],
        [11.575382000, 48.137108000],
        1e-6,
    ),
];

#[test]
fn reprojects_utm_and_web_mercator_to_a_millionth_of_a_degree() {
    for (crs, xy, lonlat, tol) in POINTS {
        let t = ToWgs84::new(crs).unwrap();
        let mut c = [Coord { x: xy[0], y: xy[1] }];
        t.coords(&mut c).unwrap();
        assert!(
            (c[0].x - lonlat[0]).abs() < tol && (c[0].y - lonlat[1]).abs() < tol,
            "{crs:?} {xy:?} -> {:?}, expected {lonlat:?}",
            c[0]
        );
    }
}

#[test]
fn reprojects_gauss_krueger_within_five_metres() {
    // PROJ with EPSG:1777 (DHDN to WGS 84 (2)), the Helmert transformation EPSG gives.
    let refs = [
        ([3797178.713, 5829368.428], [13.377704011, 52.516275006]),
        ([3565929.914, 5935972.100], [9.993681998, 53.551086002]),
        ([3691748.569, 5336443.451], [11.575382010, 48.137108005]),
    ];
    let t = ToWgs84::new(Crs::Gk3).unwrap();
    for (xy, ll) in refs {
        let mut c = [Coord { x: xy[0], y: xy[1] }];
        t.coords(&mut c).unwrap();
        let dx = (c[0].x - ll[0]) * 111_320.0 * ll[1].to_radians().cos();
        let dy = (c[0].y - ll[1]) * 110_574.0;
        let d = (dx * dx + dy * dy).sqrt();
        assert!(d < 5.0, "{xy:?}: {d:.2} m off ({:?})", c[0]);
    }
}

/// Only the outermost AUTHORITY names the system (issue 22): a GeoPackage's British National
/// Grid WKT whose only AUTHORITY is its unit's (EPSG:9001, the metre) was read as "EPSG:9001"
/// and drawn at lon 18.8, lat 0. It is read from its definition instead and lands in London.
#[test]
fn an_inner_authority_does_not_name_the_system() {
    let bng = r#"PROJCS["Transverse_Mercator",GEOGCS["GCS_OSGB 1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1849",6377563.396,299.3249646]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",400000.0],PARAMETER["False_Northing",-100000.0],PARAMETER["Central_Meridian",-2.0],PARAMETER["Scale_Factor",0.9996012717],PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1,AUTHORITY["EPSG","9001"]]]"#;
    let crs = from_wkt(bng).unwrap();
    assert_ne!(crs.epsg(), Some(9001), "{}", crs.describe());
    let t = ToWgs84::new(crs).unwrap();
    // Trafalgar Square, about E 530 000, N 180 500 on the grid; lon −0.128, lat 51.508.
    let mut c = [Coord {
        x: 530_000.0,
        y: 180_500.0,
    }];
    t.coords(&mut c).unwrap();
    assert!(
        (c[0].x + 0.128).abs() < 0.01 && (c[0].y - 51.508).abs() < 0.01,
        "{:?}",
        c[0]
    );
    // A top-level AUTHORITY after inner ones still names the system, in WKT 1 and WKT 2.
    let ogc = r#"PROJCS["ETRS89 / UTM zone 33N",GEOGCS["ETRS89",AUTHORITY["EPSG","4258"]],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","25833"]]"#;
    assert_eq!(from_wkt(ogc), Ok(Crs::Utm33));
    let wkt2 = r#"PROJCRS["ETRS89 / UTM zone 32N",BASEGEOGCRS["ETRS89",ID["EPSG",4258]],CS[Cartesian,2],LENGTHUNIT["metre",1,ID["EPSG",9001]],ID["EPSG",25832]]"#;
    assert_eq!(from_wkt(wkt2), Ok(Crs::Utm32));
}

/// ESRI `.prj` files of three systems with datum shifts (issue 22): before, the first two were
/// loaded unshifted (~300 m and ~50 m off, with a "no shift known" note) and NAD27 was called
/// "custom (GCS_North_American_1927)". Each is now EPSG's system, shifted as PROJ shifts it.
/// References: pyproj 3.7.2 / PROJ 9.5.1, `Transformer.from_crs(4326, code, always_xy=True)`
/// (PROJ's first operation: "Tokyo to WGS 84 (108)", "MGI to WGS 84 (3)") for Osaka and Vienna.
#[test]
fn esri_prj_files_are_identified_with_epsg_codes_and_shifted() {
    let tokyo = r#"PROJCS["Tokyo_Japan_Plane_Rectangular_CS_VI",GEOGCS["GCS_Tokyo",DATUM["D_Tokyo",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",136.0],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",36.0],UNIT["Meter",1.0]]"#;
    let mgi = r#"PROJCS["MGI_Austria_Lambert",GEOGCS["GCS_MGI",DATUM["D_MGI",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",400000.0],PARAMETER["False_Northing",400000.0],PARAMETER["Central_Meridian",13.33333333333333],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",46.0],PARAMETER["Latitude_Of_Origin",47.5],UNIT["Meter",1.0]]"#;
    let nad27 = r#"GEOGCS["GCS_North_American_1927",DATUM["D_North_American_1927",SPHEROID["Clarke_1866",6378206.4,294.9786982]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
    let cases = [
        (
            tokyo,
            "EPSG:30166",
            [-45335.528878910016, -145148.5509022014],
            [135.5023, 34.6937],
        ),
        (
            mgi,
            "EPSG:31287",
            [625826.3811924903, 483194.5356271628],
            [16.3725, 48.2083],
        ),
    ];
    for (wkt, code, xy, lonlat) in cases {
        let crs = from_wkt(wkt).unwrap();
        assert_eq!(crs.code(), code);
        let notes: Vec<String> = crs.notes().iter().map(|n| n.to_string()).collect();
        assert!(
            notes[0].contains("identified") && notes[0].contains(code),
            "{notes:?}"
        );
        assert!(
            notes[1].contains("shifted") && notes[1].contains("TOWGS84"),
            "{notes:?}"
        );
        let mut c = [Coord { x: xy[0], y: xy[1] }];
        ToWgs84::new(crs).unwrap().coords(&mut c).unwrap();
        let dx = (c[0].x - lonlat[0]) * 111_320.0 * lonlat[1].to_radians().cos();
        let dy = (c[0].y - lonlat[1]) * 110_574.0;
        let d = (dx * dx + dy * dy).sqrt();
        assert!(d < 0.5, "{code}: {d:.2} m from PROJ ({:?})", c[0]);
    }
    let crs = from_wkt(nad27).unwrap();
    assert_eq!(crs.describe(), "EPSG:4267 (NAD27)");
    let notes: Vec<String> = crs.notes().iter().map(|n| n.to_string()).collect();
    assert!(notes.iter().any(|n| n.contains("EPSG:1173")), "{notes:?}");
    // An ESRI UTM name of NAD27 is EPSG's NAD27 / UTM zone 15N by name and parameters.
    let utm = r#"PROJCS["NAD_1927_UTM_Zone_15N",GEOGCS["GCS_North_American_1927",DATUM["D_North_American_1927",SPHEROID["Clarke_1866",6378206.4,294.9786982]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",-93.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    assert_eq!(from_wkt(utm).unwrap().code(), "EPSG:26715");
    // The same parameters on another datum are another system (JGD2000, not Tokyo).
    let jgd = tokyo
        .replace("GCS_Tokyo", "GCS_JGD_2000")
        .replace("D_Tokyo", "D_JGD_2000")
        .replace(
            "Bessel_1841\",6377397.155,299.1528128",
            "GRS_1980\",6378137.0,298.257222101",
        )
        .replace("Tokyo_Japan", "JGD_2000_Japan");
    assert_ne!(from_wkt(&jgd).unwrap().code(), "EPSG:30166");
}

/// The GeoPackage's British National Grid (no name of EPSG's) is EPSG:27700 by its datum and
/// parameters; read as a wrong system, the boundaries would be flagged as far outside the
/// area where that system is used.
#[test]
fn a_grid_is_identified_by_parameters_and_checked_against_its_area_of_use() {
    let bng = r#"PROJCS["Transverse_Mercator",GEOGCS["GCS_OSGB 1936",DATUM["OSGB_1936",SPHEROID["Airy 1830",6377563.396,299.3249646,AUTHORITY["EPSG","7001"]],AUTHORITY["EPSG","6277"]],PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",49],PARAMETER["central_meridian",-2],PARAMETER["scale_factor",0.9996012717],PARAMETER["false_easting",400000],PARAMETER["false_northing",-100000],UNIT["Meter",1,AUTHORITY["EPSG","9001"]]]"#;
    let crs = from_wkt(bng).unwrap();
    assert_eq!(crs.code(), "EPSG:27700");
    let notes: Vec<String> = crs.notes().iter().map(|n| n.to_string()).collect();
    assert!(
        notes[0].contains("by its datum and parameters"),
        "{notes:?}"
    );
    let square = |x0: f64, y0: f64, d: f64| crate::model::District {
        feature_index: 0,
        key: "a".into(),
        name: "a".into(),
        geometry: geo::MultiPolygon(vec![geo::Polygon::new(
            geo::LineString::from(vec![(x0, y0), (x0 + d, y0), (x0 + d, y0 + d), (x0, y0)]),
            vec![],
        )]),
        properties: Vec::new(),
    };
    assert_eq!(outside_area_of_use(crs, &[square(-0.2, 51.4, 0.1)]), None);
    let far = outside_area_of_use(crs, &[square(18.8, 0.0, 0.1)]).unwrap();
    assert!(far.to_string().contains("far outside"), "{far}");
}
