//! Tests of the GeoJSON boundary reader: features, geometry kinds, repairs, systems, errors.

use super::*;

fn parse(s: &str) -> Result<Districts, LoadError> {
    parse_boundaries(s.as_bytes(), "t.geojson", &BoundaryOptions::default())
}

const SQUARE: &str =
    r#"{"type":"Polygon","coordinates":[[[10,50],[10.1,50],[10.1,50.1],[10,50.1],[10,50]]]}"#;

/// A collection of square features with the given properties (each the text inside `{}`).
fn squares(props: &[&str]) -> String {
    let features: Vec<String> = (props.iter())
        .map(|p| format!(r#"{{"type":"Feature","properties":{{{p}}},"geometry":{SQUARE}}}"#))
        .collect();
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

#[test]
fn keeps_string_keys_and_all_properties() {
    let s = format!(
        r#"{{"type":"FeatureCollection","features":[
          {{"type":"Feature","properties":{{"id":"0101","name":"Altstadt","area":12.5}},"geometry":{SQUARE}}},
          {{"type":"Feature","properties":{{"id":"0102","name":"Neustadt","extra":true}},"geometry":{SQUARE}}}]}}"#
    );
    let d = parse(&s).unwrap();
    assert_eq!(d.key_field, "id");
    assert_eq!(d.name_field.as_deref(), Some("name"));
    assert_eq!(d.districts[0].key, "0101");
    assert_eq!(d.districts[1].name, "Neustadt");
    assert_eq!(d.property_names, ["id", "name", "area", "extra"]);
    assert_eq!(d.districts[1].properties[3].as_deref(), Some("true"));
    assert_eq!(d.crs, Crs::Wgs84);
}

#[test]
fn lone_feature() {
    let s =
        format!(r#"{{"type":"Feature","id":7,"properties":{{"name":"X"}},"geometry":{SQUARE}}}"#);
    let d = parse(&s).unwrap();
    assert_eq!(d.districts.len(), 1);
    assert_eq!(d.key_field, "id");
    assert_eq!(d.districts[0].key, "7");
}

#[test]
fn bad_features_are_reported_not_fatal() {
    let s = format!(
        r#"{{"type":"FeatureCollection","features":[
          {{"type":"Feature","properties":{{"id":"a"}},"geometry":null}},
          {{"type":"Feature","properties":{{"id":"b"}},"geometry":{{"type":"Point","coordinates":[10,50]}}}},
          {{"type":"Feature","properties":{{"id":"c"}},"geometry":{{"type":"Polygon","coordinates":[]}}}},
          {{"type":"Feature","properties":{{"id":"d"}},"geometry":{{"type":"Polygon","coordinates":[[[10,50],["x",1],[1,1],[10,50]]]}}}},
          {{"type":"Feature","properties":{{"id":"e"}},"geometry":{SQUARE}}}]}}"#
    );
    let d = parse(&s).unwrap();
    assert_eq!(d.districts.len(), 1);
    assert_eq!(d.feature_count, 5);
    let p = d.problems();
    assert_eq!(p.len(), 4);
    assert_eq!((p[0].feature, p[0].key.as_deref()), (0, Some("a")));
    assert!(p[0].message.to_string().contains("null"));
    assert!(p[1].message.to_string().contains("Point"));
    assert!(p[2].message.to_string().contains("empty"));
    assert!(
        p[3].message.to_string().contains("text"),
        "{}",
        p[3].message
    );
}

#[test]
fn errors_name_the_problem() {
    let e = parse(r#"{"type":"FeatureCollection","features":[{"type":"Feature","#).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert!(e.to_string().contains("line 1"), "{e}");
    let e = parse(r#"{"type":"FeatureCollection","features":[]}"#).unwrap_err();
    assert!(e.to_string().contains("no features"), "{e}");
    let e = parse("").unwrap_err();
    assert!(e.to_string().contains("empty"), "{e}");
    let e = parse(r#"{"type":"Point","coordinates":[1,2]}"#).unwrap_err();
    assert!(e.to_string().contains("Point"), "{e}");
    let e = parse(r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::1"}},
        "features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[389319,5817775],[389400,5817775],[389400,5817875],[389319,5817775]]]}}]}"#).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Crs);
    assert!(e.to_string().contains("EPSG::1"), "{e}");
    // A supported projected system is reprojected.
    let d = parse(r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25833"}},
        "features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[389319,5817775],[389400,5817775],[389400,5817875],[389319,5817775]]]}}]}"#).unwrap();
    assert_eq!(d.crs, Crs::Utm33);
    let c = d.districts[0].geometry.0[0].exterior().0[0];
    assert!(
        (c.x - 13.3695).abs() < 1e-3 && (c.y - 52.4989).abs() < 1e-3,
        "{c:?}"
    );
}

#[test]
fn an_empty_position_in_a_hole_is_reported_not_a_panic() {
    // Found by the fuzzer (fuzz/fuzz_targets/geojson.rs): a hole `[[]]` left the ring
    // ranges pointing past the positions.
    let s = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"k":"1"},"geometry":{"type":"Polygon","coordinates":[[[10,50],[11,50],[11,51],[10,50]],[[]]]}},
      {"type":"Feature","properties":{"k":"2"},"geometry":{"type":"Polygon","coordinates":[[[12,50],[13,50],[13,51],[12,50]]]}}]}"#;
    let d = parse(s).unwrap();
    assert_eq!(d.districts.len(), 1);
    assert!(
        d.skipped[0]
            .reason
            .to_string()
            .contains("malformed coordinates"),
        "{}",
        d.skipped[0].reason
    );
}

#[test]
fn multipolygon_with_hole_keeps_hole() {
    let s = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1"},
      "geometry":{"type":"MultiPolygon","coordinates":[
        [[[10,50],[11,50],[11,51],[10,51],[10,50]],[[10.2,50.2],[10.4,50.2],[10.4,50.4],[10.2,50.2]]],
        [[[12,50],[12.5,50],[12.5,50.5],[12,50]]]]}}]}"#;
    let d = parse(s).unwrap();
    let g = &d.districts[0].geometry;
    assert_eq!(g.0.len(), 2);
    assert_eq!(g.0[0].interiors().len(), 1);
    use geo::Area;
    let expected = 1.0 - 0.5 * 0.2 * 0.2 + 0.5 * 0.5 * 0.5;
    assert!((g.unsigned_area() - expected).abs() < 1e-9);
}

/// A FeatureCollection large enough to be read on all cores.
fn many_features(n: usize) -> String {
    let mut s = String::from(r#"{"type":"FeatureCollection","name":"x","features":["#);
    for i in 0..n {
        let sep = if i == 0 { "" } else { ",\n" };
        let (x, y) = (
            10.0 + (i % 100) as f64 * 0.01,
            50.0 + (i / 100) as f64 * 0.01,
        );
        s.push_str(&format!(
            r#"{sep}{{"type":"Feature","properties":{{"id":"{i:05}","note":"a \"}}\" b"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]}}}}"#,
            x + 0.01,
            x + 0.01,
            y + 0.01,
            y + 0.01
        ));
    }
    s.push_str(r#"],"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}}}"#);
    s
}

#[test]
fn large_collections_are_read_in_parts_as_in_one_piece() {
    let s = many_features(8000);
    assert!(s.len() > split::PARALLEL_FROM);
    let d = parse(&s).unwrap();
    assert_eq!(d.districts.len(), 8000);
    assert_eq!(d.districts[7999].key, "07999");
    assert_eq!(d.districts[5].properties[1].as_deref(), Some("a \"}\" b"));
    assert_eq!(d.property_names, ["id", "note"]);
    // The same features read whole (the path every small file takes).
    let (_, whole) = read_whole(s.as_bytes(), "t").ok().unwrap();
    assert_eq!(whole.len(), 8000);
    for (a, b) in d.districts.iter().zip(&whole) {
        assert_eq!(Ok(&a.geometry), b.shape.as_ref().map(|s| &s.polygons));
    }
    // A broken feature in the middle is reported where the whole file's parser finds it.
    let broken = s.replacen(r#""id":"04000","#, r#""id":"04000",,"#, 1);
    let e = parse(&broken).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Syntax);
    let line = broken[..broken.find(",,").unwrap()].matches('\n').count() as u64 + 1;
    assert!(
        matches!(e.place, Some(Place::LineColumn { line: l, .. }) if l == line),
        "{e:?}"
    );
}

#[test]
fn a_large_file_read_as_it_arrives_is_the_file_read_whole() {
    let s = many_features(8000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.geojson");
    std::fs::write(&path, &s).unwrap();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let streamed = stream::read_as_it_arrives(&path);
    assert_eq!(streamed.is_some(), cores > 1);
    let opts = BoundaryOptions::default();
    let (file, whole) = (load_boundaries(&path, &opts).unwrap(), parse(&s).unwrap());
    assert_eq!(file.districts.len(), 8000);
    assert_eq!(file.crs, whole.crs);
    assert_eq!(file.property_names, whole.property_names);
    for (a, b) in file.districts.iter().zip(&whole.districts) {
        assert_eq!(
            (&a.key, &a.properties, &a.geometry),
            (&b.key, &b.properties, &b.geometry)
        );
    }
    // With a byte order mark, as the whole reading strips it.
    std::fs::write(&path, [b"\xef\xbb\xbf", s.as_bytes()].concat()).unwrap();
    assert_eq!(stream::read_as_it_arrives(&path).is_some(), cores > 1);
    assert_eq!(load_boundaries(&path, &opts).unwrap().districts.len(), 8000);
    // A broken feature far into the file: the whole reading's error, line and column.
    let broken = s.replacen(r#""id":"07000","#, r#""id":"07000",,"#, 1);
    std::fs::write(&path, &broken).unwrap();
    assert!(stream::read_as_it_arrives(&path).is_none());
    let e = load_boundaries(&path, &opts).unwrap_err();
    let read_whole = parse_boundaries(broken.as_bytes(), "large.geojson", &opts);
    assert_eq!(e, read_whole.unwrap_err());
    assert!(matches!(e.place, Some(Place::LineColumn { .. })), "{e:?}");
}

#[test]
fn properties_read_alike_in_any_order() {
    // The first two features have the properties in the order of the names, the others not,
    // one lacks some: every value lands under its name, as text.
    let s = format!(
        r#"{{"type":"FeatureCollection","features":[
          {{"type":"Feature","properties":{{"id":"01","name":"A","pop":12,"share":0.5,"ok":true,"note":null}},"geometry":{SQUARE}}},
          {{"type":"Feature","properties":{{"id":"02","name":"B","pop":3.0,"share":1e2,"ok":false,"note":"x"}},"geometry":{SQUARE}}},
          {{"type":"Feature","properties":{{"name":"C","id":"03","pop":4,"share":2,"ok":true,"note":[1]}},"geometry":{SQUARE}}},
          {{"type":"Feature","properties":{{"id":"04","name":"D","pop":5}},"geometry":{SQUARE}}}]}}"#
    );
    let d = parse(&s).unwrap();
    assert_eq!(
        d.property_names,
        ["id", "name", "pop", "share", "ok", "note"]
    );
    let row = |i: usize| -> Vec<Option<&str>> {
        d.districts[i]
            .properties
            .iter()
            .map(|p| p.as_deref())
            .collect()
    };
    assert_eq!(
        row(0),
        [
            Some("01"),
            Some("A"),
            Some("12"),
            Some("0.5"),
            Some("true"),
            None
        ]
    );
    assert_eq!(
        row(1),
        [
            Some("02"),
            Some("B"),
            Some("3"),
            Some("100"),
            Some("false"),
            Some("x")
        ]
    );
    assert_eq!(
        row(2),
        [
            Some("03"),
            Some("C"),
            Some("4"),
            Some("2"),
            Some("true"),
            Some("[1]")
        ]
    );
    assert_eq!(row(3), [Some("04"), Some("D"), Some("5"), None, None, None]);
}

#[test]
fn a_property_named_twice_keeps_its_place_and_its_last_value() {
    // As a JSON object map reads it: the properties are read straight into text.
    let s = format!(
        r#"{{"type":"FeatureCollection","features":[
          {{"type":"Feature","properties":{{"a":"x","b":{{"c":[1,2]}},"a":3,"d":null}},"geometry":{SQUARE}}}]}}"#
    );
    let d = parse(&s).unwrap();
    assert_eq!(d.property_names, ["a", "b", "d"]);
    let p = &d.districts[0].properties;
    assert_eq!(p[0].as_deref(), Some("3"));
    assert_eq!(p[1].as_deref(), Some(r#"{"c":[1,2]}"#));
    assert_eq!(p[2], None);
}

#[test]
fn features_with_other_names_or_orders_keep_each_value_under_its_name() {
    // The first two share their names (one list for both); the third has them the other way
    // round, the fourth one fewer, the fifth a name spelled with an escape ("ab").
    let s = squares(&[
        r#""ab":"1","c":"x""#,
        r#""ab":"2","c":"y""#,
        r#""c":"z","ab":"3""#,
        r#""c":"w""#,
        r#""a\u0062":"5","c":"v""#,
    ]);
    let d = parse(&s).unwrap();
    assert_eq!(d.property_names, ["ab", "c"]);
    let got: Vec<(Option<&str>, Option<&str>)> = d
        .districts
        .iter()
        .map(|d| (d.properties[0].as_deref(), d.properties[1].as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("1"), Some("x")),
            (Some("2"), Some("y")),
            (Some("3"), Some("z")),
            (None, Some("w")),
            (Some("5"), Some("v"))
        ]
    );
}

#[test]
fn repeated_keys_are_listed_once_sorted_and_each_district_named() {
    // Keys repeated twice and four times, one without a value, seen again in no order.
    let keys = ["c", "a", "c", "", "b", "a", "b", "a", "d", "a", "e", "a"];
    let props: Vec<String> = keys.iter().map(|k| format!(r#""id":"{k}""#)).collect();
    let s = squares(&props.iter().map(String::as_str).collect::<Vec<_>>());
    let d = parse(&s).unwrap();
    assert_eq!(d.duplicate_keys(), ["a", "b", "c"]);
    let problems = d.problems();
    let repeated: Vec<(usize, Option<&str>)> = problems
        .iter()
        .filter(|p| matches!(p.message, Note::KeyRepeated { .. }))
        .map(|p| (p.feature, p.key.as_deref()))
        .collect();
    let want: Vec<(usize, Option<&str>)> = (keys.iter().enumerate())
        .filter(|(_, k)| ["a", "b", "c"].contains(k))
        .map(|(i, k)| (i, Some(*k)))
        .collect();
    assert_eq!(repeated, want);
}

#[test]
fn a_name_repeated_in_a_feature_keeps_its_place_and_last_value() {
    // After a feature named "a", "b": one that repeats "a" past those names, one that
    // repeats it at once (its first name as the last feature's), one that repeats "b" while
    // its names still run as the last feature's, one whose repeat of "b" stands where the
    // last feature had "b" (its first name did not run as the last feature's).
    let s = squares(&[
        r#""a":"1","b":"2""#,
        r#""a":"3","b":"4","a":"5""#,
        r#""a":"6","a":"7","b":"8""#,
        r#""a":"9","b":"10","b":"11""#,
        r#""b":"12","b":"13""#,
    ]);
    let d = parse(&s).unwrap();
    assert_eq!(d.property_names, ["a", "b"]);
    let got: Vec<(Option<&str>, Option<&str>)> = (d.districts.iter())
        .map(|d| (d.properties[0].as_deref(), d.properties[1].as_deref()))
        .collect();
    let want = [("1", "2"), ("5", "4"), ("7", "8"), ("9", "11")];
    assert_eq!(got[..4], want.map(|(a, b)| (Some(a), Some(b))));
    assert_eq!(got[4], (None, Some("13")));
}
