//! Loaders on fixture files written the way municipalities publish them (tests/fixtures/):
//! Windows-1252 with semicolons and decimal commas, UTF-8 with BOM and tabs, long, wide,
//! single-year and year-in-column tables, a MultiPolygon with a hole, and broken files.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::corpus;
use crate::support;
use atlas_data::model::YearIdx;

use atlas_data::dataset::{DatasetOptions, DatasetPaths, load_dataset};
use atlas_data::load::{BoundaryOptions, ErrorKind, TableOptions, load_boundaries, load_table};
use atlas_data::model::{IndicatorTable, Role, TableFormat};
use geo::Winding;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    support::repo().join("tests/fixtures").join(name)
}

fn table(name: &str) -> IndicatorTable {
    load_table(&fixture(name), &TableOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

fn val(t: &IndicatorTable, ind: &str, year: i32, key: &str) -> Option<f64> {
    let i = t
        .indicator_index(ind)
        .unwrap_or_else(|| panic!("no indicator {ind}"));
    let y = t
        .year_index(year)
        .unwrap_or_else(|| panic!("no year {year}"));
    let k = t
        .keys
        .iter()
        .position(|k| k == key)
        .unwrap_or_else(|| panic!("no key {key}"));
    t.value(i, y, k)
}

#[test]
fn german_windows_1252_semicolon_decimal_comma() {
    let (t, reading) =
        load_table(&fixture("german_wide_cp1252.csv"), &TableOptions::default()).unwrap();
    assert_eq!(reading.encoding, "Windows-1252");
    assert_eq!(reading.delimiter, ";");
    assert_eq!(t.format, TableFormat::WideByYear);
    assert_eq!(t.key_column, "Gebietsschlüssel");
    assert_eq!(t.keys, ["0101", "0102", "0103"]);
    assert_eq!(t.years, [2022, 2023]);
    let ids: Vec<&str> = t.indicators.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["Einwohner", "Ausländeranteil in %", "SGB-II-Quote"]);
    assert_eq!(val(&t, "Einwohner", 2022, "0101"), Some(12345.0));
    assert_eq!(val(&t, "Einwohner", 2022, "0103"), Some(1_002_003.0));
    assert_eq!(val(&t, "Ausländeranteil in %", 2023, "0101"), Some(32.25));
    assert_eq!(val(&t, "Ausländeranteil in %", 2023, "0102"), None); // "x"
    assert_eq!(val(&t, "SGB-II-Quote", 2023, "0101"), None); // "-"
    assert_eq!(val(&t, "SGB-II-Quote", 2022, "0102"), None); // "."
    // Umlauts survive; text columns are attributes, not indicators.
    let names: Vec<&str> = t.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Stadtteil", "Stand"]);
    assert_eq!(t.attributes[0].values[2].as_deref(), Some("Weißer Hof"));
    assert_eq!(t.attributes[0].values[1].as_deref(), Some("Mühlenviertel"));
}

#[test]
fn utf8_bom_and_tabs_read_the_same() {
    let a = table("german_wide_cp1252.csv");
    let (b, reading) = load_table(&fixture("utf8_bom_tab.csv"), &TableOptions::default()).unwrap();
    assert_eq!(reading.encoding, "UTF-8 with BOM");
    assert_eq!(reading.delimiter, "tab");
    assert_eq!(a.keys, b.keys);
    assert_eq!(a.key_column, b.key_column);
    for ind in ["Einwohner", "Ausländeranteil in %", "SGB-II-Quote"] {
        for y in [2022, 2023] {
            for k in ["0101", "0102", "0103"] {
                assert_eq!(val(&a, ind, y, k), val(&b, ind, y, k), "{ind} {y} {k}");
            }
        }
    }
}

#[test]
fn long_table_with_duplicates_and_missing() {
    let t = table("long.csv");
    assert_eq!(t.format, TableFormat::Long);
    assert_eq!(t.key_column, "district");
    assert_eq!(t.rows, 7);
    assert_eq!(val(&t, "foreign_pct", 2022, "0102"), Some(18.0)); // first row wins
    assert_eq!(t.duplicates.len(), 1);
    assert_eq!(
        (
            t.duplicates[0].key.as_str(),
            t.duplicates[0].year,
            t.duplicates[0].lines.clone()
        ),
        ("0102", 2022, vec![5, 6])
    );
    assert_eq!(val(&t, "population", 2023, "0102"), None);
}

#[test]
fn single_year_and_year_in_column_tables() {
    let t = table("indicators_2022.csv");
    assert_eq!(t.format, TableFormat::WideSingleYear);
    assert_eq!(t.years, [2022]);
    assert_eq!(val(&t, "foreign_pct", 2022, "0101"), Some(31.5));
    let t = table("year_in_column.csv");
    assert_eq!(t.format, TableFormat::YearInColumn);
    assert_eq!(t.years, [2013, 2022]);
    assert_eq!(val(&t, "GESIx", 2013, "0101"), Some(0.70700312));
    assert_eq!(val(&t, "ESIx", 2013, "0101"), Some(-0.0558));
    assert_eq!(val(&t, "GESIx", 2022, "0102"), None);
    assert_eq!(val(&t, "GESIx", 2022, "0103"), Some(-0.9));
}

#[test]
fn bad_tables_give_specific_errors() {
    let cases = [
        ("ambiguous.csv", ErrorKind::Ambiguous, "year column"),
        ("empty.csv", ErrorKind::Content, "empty"),
        ("header_only.csv", ErrorKind::Content, "no data rows"),
        ("binary.csv", ErrorKind::Syntax, "binary"),
        ("does_not_exist.csv", ErrorKind::Io, "cannot read"),
    ];
    for (file, kind, words) in cases {
        let e = load_table(&fixture(file), &TableOptions::default()).unwrap_err();
        assert_eq!(e.kind, kind, "{file}: {e}");
        assert!(e.to_string().contains(words), "{file}: {e}");
        assert!(e.to_string().starts_with(file), "{file}: {e}");
    }
}

#[test]
fn multipolygon_with_hole_and_reported_features() {
    let d = load_boundaries(&fixture("districts.geojson"), &BoundaryOptions::default()).unwrap();
    assert_eq!(d.feature_count, 5);
    assert_eq!(d.districts.len(), 3);
    assert_eq!(d.key_field, "Gebietsschlüssel");
    assert_eq!(d.name_field.as_deref(), Some("Stadtteil"));
    assert_eq!(d.crs, atlas_data::load::crs::Crs::Wgs84);
    let first = &d.districts[0].geometry;
    assert_eq!(first.0.len(), 2);
    assert_eq!(first.0[0].interiors().len(), 1);
    let problems = d.problems();
    assert_eq!(problems.len(), 3);
    // The first feature's hole winds like its shell: reoriented, and said so.
    assert_eq!(
        (problems[0].feature, problems[0].key.as_deref()),
        (0, Some("0101"))
    );
    assert!(
        problems[0].message.to_string().contains("reoriented"),
        "{problems:?}"
    );
    assert!(first.0[0].exterior().is_ccw() && first.0[0].interiors()[0].is_cw());
    assert_eq!(
        (problems[1].feature, problems[1].key.as_deref()),
        (3, Some("0104"))
    );
    assert!(problems[1].message.to_string().contains("Point"));
    assert_eq!(
        (problems[2].feature, problems[2].key.as_deref()),
        (4, Some("0105"))
    );
    assert!(problems[2].message.to_string().contains("null"));
    let bbox = d.bbox().unwrap();
    assert!((bbox.min().x - 10.0).abs() < 1e-12 && (bbox.max().x - 10.04).abs() < 1e-12);
}

#[test]
fn bad_boundaries_give_specific_errors() {
    let cases = [
        ("truncated.geojson", ErrorKind::Syntax, "line 1"),
        ("binary.geojson", ErrorKind::Syntax, "binary"),
        ("points_only.geojson", ErrorKind::Content, "Polygon"),
        (
            "utm_without_crs.geojson",
            ErrorKind::Crs,
            "choose it (likely EPSG:25832",
        ),
    ];
    for (file, kind, words) in cases {
        let e = load_boundaries(&fixture(file), &BoundaryOptions::default()).unwrap_err();
        assert_eq!(e.kind, kind, "{file}: {e}");
        assert!(e.to_string().contains(words), "{file}: {e}");
    }
}

#[test]
fn dataset_joins_and_applies_metadata() {
    let paths = DatasetPaths {
        boundaries: fixture("districts.geojson"),
        table: Some(fixture("german_wide_cp1252.csv")),
        meta: Some(fixture("districts.meta.json")),
    };
    let ds = load_dataset(&paths, &DatasetOptions::default()).unwrap();
    let t = ds.table().unwrap();
    let fs = t.indicator_index("Ausländeranteil in %").unwrap();
    assert_eq!(t.indicators[fs].meta.role, Role::ForeignShare);
    assert_eq!(t.indicators[fs].meta.label.get("en"), Some("Foreign share"));
    assert_eq!(
        t.indicators[fs].meta.denominator.as_deref(),
        Some("Einwohner")
    );
    // Guessed where the file says nothing.
    let pop = t.indicator_index("Einwohner").unwrap();
    assert_eq!(t.indicators[pop].meta.role, Role::Population);
    assert!(
        ds.warnings
            .iter()
            .any(|w| w.to_string().contains("nicht_da")),
        "{:?}",
        ds.warnings
    );
    let report = &ds.join.as_ref().unwrap().report;
    assert_eq!(report.matched, 3);
    assert!(report.unmatched_table_keys.is_empty());
    assert_eq!(ds.source_line(atlas_i18n::Lang::En), "Fixture");
    // The reference for the share is a ratio of sums: weighted by inhabitants.
    let r = atlas_analysis::reference::city_reference(t, fs, YearIdx(0), &ds.joined_keys());
    let want =
        (31.5 * 12345.0 + 18.0 * 8001.0 + 45.75 * 1_002_003.0) / (12345.0 + 8001.0 + 1_002_003.0);
    assert!((r.value.unwrap() - want).abs() < 1e-9);
    assert!(matches!(
        r.method,
        atlas_analysis::reference::ReferenceMethod::RatioOfSums { .. }
    ));
}

#[test]
fn key_override_and_table_driven_key_choice() {
    let d = load_boundaries(
        &fixture("districts.geojson"),
        &BoundaryOptions {
            key_field: Some("Stadtteil".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.districts[0].key, "Altstadt");
    let e = load_boundaries(
        &fixture("districts.geojson"),
        &BoundaryOptions {
            key_field: Some("nope".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("Gebietsschlüssel"), "{e}");
    // With a table keyed by names, the name field becomes the key.
    let d = load_boundaries(
        &fixture("districts.geojson"),
        &BoundaryOptions {
            table_keys: Some(vec!["Altstadt".into(), "Weißer Hof".into()]),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.key_field, "Stadtteil");
}

#[test]
fn key_field_follows_the_table_when_the_guessed_one_matches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let square = |x: f64| {
        format!(
            "[[[{x},52.0],[{},52.0],[{},52.01],[{x},52.01],[{x},52.0]]]",
            x + 0.01,
            x + 0.01
        )
    };
    let features: Vec<String> = [("1", "0101", "Nord"), ("2", "0102", "Süd")]
        .iter()
        .enumerate()
        .map(|(i, (id, gebiet, name))| {
            format!(
                r#"{{"type":"Feature","properties":{{"id":"{id}","gebiet":"{gebiet}","name":"{name}"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}"#,
                square(13.0 + i as f64 * 0.01)
            )
        })
        .collect();
    let b = dir.path().join("b.geojson");
    std::fs::write(
        &b,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .unwrap();
    let t = dir.path().join("t.csv");
    std::fs::write(&t, "schluessel;jahr;wert\n0101;2020;1,5\n0102;2020;2,5\n").unwrap();
    let paths = DatasetPaths {
        boundaries: b,
        table: Some(t),
        meta: None,
    };
    let ds = load_dataset(&paths, &DatasetOptions::default()).unwrap();
    assert_eq!(ds.districts.key_field, "gebiet");
    assert_eq!(ds.districts.name_field.as_deref(), Some("name"));
    assert_eq!(ds.join.as_ref().unwrap().report.matched, 2);
    // A key field the user chose is kept even when it matches nothing.
    let opts = DatasetOptions {
        key_field: Some("id".into()),
        ..DatasetOptions::default()
    };
    let ds = load_dataset(&paths, &opts).unwrap();
    assert_eq!(ds.districts.key_field, "id");
    assert_eq!(ds.join.as_ref().unwrap().report.matched, 0);
}

#[test]
fn broken_rings_are_repaired_or_reported_per_feature() {
    use geo::{Area, Validation};
    let d = load_boundaries(
        &fixture("broken_rings.geojson"),
        &BoundaryOptions::default(),
    )
    .unwrap();
    let problems = d.problems();
    for (key, expected) in corpus::BROKEN_RINGS {
        let found: Vec<String> = problems
            .iter()
            .filter(|p| p.key.as_deref() == Some(key))
            .map(|p| p.message.to_string())
            .collect();
        match expected {
            None => assert!(found.is_empty(), "{key}: {found:?}"),
            Some(e) => assert!(
                found.iter().any(|m| m.contains(e)),
                "{key}: expected '{e}', got {found:?}"
            ),
        }
    }
    // Everything but the zero-area feature loads, valid, with its area.
    assert_eq!(d.districts.len(), 8);
    assert_eq!(d.skipped.len(), 1);
    for dist in &d.districts {
        assert!(dist.geometry.is_valid(), "{}", dist.key);
        let a = dist.geometry.unsigned_area();
        let expected = match dist.key.as_str() {
            "07" => 2.0 * 0.05 * 0.05,
            "08" => 0.005,
            _ => 0.01,
        };
        assert!((a - expected).abs() < 1e-9, "{}: {a}", dist.key);
    }
}

#[test]
fn genesis_export_with_title_lines_footnotes_and_symbols() {
    let (t, reading) = load_table(
        &fixture("genesis_regionalstatistik.csv"),
        &TableOptions::default(),
    )
    .unwrap();
    assert_eq!(t.format, TableFormat::WideByYear);
    assert_eq!(t.years, vec![2021, 2022]);
    // AGS keys keep their leading zeros.
    assert_eq!(t.keys, vec!["01001", "01002", "01003"]);
    assert_eq!(reading.encoding, "Windows-1252");
    assert_eq!(reading.delimiter, ";");
    let share = t.indicator_index("Ausländeranteil").unwrap();
    let foreigners = t.indicator_index("Ausländer").unwrap();
    assert_eq!(t.value(share, YearIdx(0), 0), Some(11.1));
    // ".", "x", "-" and "…" are missing values, not zeros.
    assert_eq!(t.value(foreigners, YearIdx(0), 2), None);
    assert_eq!(t.value(share, YearIdx(0), 2), None);
    assert_eq!(t.value(foreigners, YearIdx(1), 1), None);
    assert_eq!(t.value(share, YearIdx(1), 1), None);
    assert_eq!(t.value(share, YearIdx(1), 2), Some(12.4));
    assert!(
        t.warnings
            .iter()
            .any(|w| w.to_string().contains("header is on line 5")
                && w.to_string().contains("3 footnote")),
        "{:?}",
        t.warnings
    );
    assert!(t.indicator_index("Kreise und kreisfreie Städte").is_none());
}

#[test]
fn spreadsheets_read_like_csv_with_sheet_choice() {
    // xlsx: a notes sheet first, the table on "Daten" below a title, dates as reference days.
    let (t, reading) = load_table(&fixture("stadtteile.xlsx"), &TableOptions::default()).unwrap();
    assert_eq!(reading.sheet.as_deref(), Some("Daten"));
    assert_eq!(reading.sheets, vec!["Hinweise", "Daten"]);
    assert_eq!(reading.encoding, "spreadsheet");
    assert_eq!(t.format, TableFormat::WideByYear);
    assert_eq!(t.years, vec![2021, 2022]);
    assert_eq!(t.keys, vec!["0101", "0102"]);
    let share = t.indicator_index("Ausländeranteil").unwrap();
    assert_eq!(t.value(share, YearIdx(1), 0), Some(22.25));
    assert_eq!(t.value(share, YearIdx(0), 1), None, "x is missing");
    // Asking for the notes sheet gives a specific error; an unknown sheet lists the sheets.
    let opts = |s: &str| TableOptions {
        sheet: Some(s.into()),
        ..TableOptions::default()
    };
    let e = load_table(&fixture("stadtteile.xlsx"), &opts("Nope")).unwrap_err();
    assert!(
        e.to_string()
            .contains("no sheet named 'Nope'; the workbook has: Hinweise, Daten"),
        "{e}"
    );
    assert!(load_table(&fixture("stadtteile.xlsx"), &opts("Hinweise")).is_err());
    // ods, long-ish wide table with "-" and "…".
    let (t, reading) = load_table(&fixture("werte.ods"), &TableOptions::default()).unwrap();
    assert_eq!(reading.sheet.as_deref(), Some("Werte"));
    assert_eq!(t.years, vec![2021, 2022]);
    let rate = t.indicator_index("Arbeitslosenquote").unwrap();
    assert_eq!(t.value(rate, YearIdx(1), 0), Some(7.25));
    assert_eq!(t.value(rate, YearIdx(0), 1), None);
}

#[test]
fn a_zip_bomb_renamed_xlsx_is_refused_before_unpacking() {
    let e = load_table(&fixture("zipbomb.xlsx"), &TableOptions::default()).unwrap_err();
    assert!(e.to_string().contains("zip bomb"), "{e}");
}

#[test]
fn shapefile_with_cp1252_attributes_and_a_prj_is_reprojected() {
    use atlas_data::load::crs::{Crs, CrsSource};
    let d = load_boundaries(
        &fixture("stadtteile_utm32.shp"),
        &BoundaryOptions::default(),
    )
    .unwrap();
    assert_eq!((d.crs, d.crs_source), (Crs::Utm32, CrsSource::Declared));
    assert_eq!(d.feature_count, 4);
    assert_eq!(d.districts.len(), 3);
    assert_eq!(d.key_field, "SCHLUESSEL");
    assert_eq!(d.name_field.as_deref(), Some("NAME"));
    let names: Vec<&str> = d.districts.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, vec!["Altstadt", "Mühlenviertel", "Weißer Hof"]);
    // The hole stays with its shell; the two-part district is a MultiPolygon.
    assert_eq!(d.districts[1].geometry.0[0].interiors().len(), 1);
    assert_eq!(d.districts[2].geometry.0.len(), 2);
    // Back on the WGS84 corners the file was made from (8.60 E, 50.10 N).
    let b = d.bbox().unwrap();
    assert!(
        (b.min().x - 8.60).abs() < 1e-6 && (b.min().y - 50.10).abs() < 1e-6,
        "{b:?}"
    );
    // Clockwise shells are the shapefile convention: one note for the file, none per feature.
    assert!(
        d.warnings
            .iter()
            .any(|w| w.to_string().contains("clockwise")),
        "{:?}",
        d.warnings
    );
    assert!(
        d.warnings
            .iter()
            .any(|w| w.to_string().contains("windows-1252")),
        "{:?}",
        d.warnings
    );
    let problems = d.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].key.as_deref(), Some("0104"));
    assert!(problems[0].message.to_string().contains("null"));
    // Without the .dbf: a clear error.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("stadtteile_utm32.shp"), dir.path().join("x.shp")).unwrap();
    let e = load_boundaries(&dir.path().join("x.shp"), &BoundaryOptions::default()).unwrap_err();
    assert!(e.to_string().contains(".dbf"), "{e}");
}

#[test]
fn unmatched_keys_get_suggestions_and_join_by_name() {
    use atlas_data::join_suggest::{MatchedBy, name_join, suggestions};
    let paths = DatasetPaths {
        boundaries: fixture("districts.geojson"),
        table: Some(fixture("misspelt_keys.csv")),
        meta: None,
    };
    let opts = DatasetOptions {
        key_field: Some("Gebietsschlüssel".into()),
        ..DatasetOptions::default()
    };
    let mut ds = load_dataset(&paths, &opts).unwrap();
    assert_eq!(ds.join.as_ref().unwrap().report.matched, 1);
    let s = suggestions(&ds);
    let pairs: Vec<(&str, &str, MatchedBy)> = s
        .iter()
        .map(|s| (s.table_key.as_str(), s.district_key.as_str(), s.by))
        .collect();
    // Umlaut and ß folding make the names meet exactly.
    assert_eq!(
        pairs,
        vec![
            ("0120", "0102", MatchedBy::Name),
            ("0130", "0103", MatchedBy::Name)
        ]
    );
    assert!(s.iter().all(|s| s.score > 0.99));
    // A district without a key value is offered none (an alias to it would join every
    // district without a key).
    let mut keyless = ds.clone();
    let d = (keyless.districts.districts.iter())
        .position(|d| d.key == "0103")
        .unwrap();
    keyless.districts.districts[d].key = " ".into();
    keyless.rejoin();
    let offered: Vec<(String, String)> = suggestions(&keyless)
        .into_iter()
        .map(|s| (s.table_key, s.district_key))
        .collect();
    assert_eq!(offered, [("0120".to_string(), "0102".to_string())]);
    let by_name = name_join(&ds);
    assert_eq!(by_name.len(), 2);
    // Accepting them joins all three; the values follow.
    ds.aliases.extend(by_name);
    ds.rejoin();
    let j = ds.join.as_ref().unwrap();
    assert_eq!(j.report.matched, 3);
    assert!(j.report.unmatched_table_keys.is_empty());
    let t = ds.table().unwrap();
    let pop = t.indicator_index("Einwohner").unwrap();
    let values = ds.district_values(pop, YearIdx(1));
    assert_eq!(values[1], Some(210.0), "Mühlenviertel");
    // The same through the loader's options (as a project or the saved state reopens it).
    let again = load_dataset(
        &paths,
        &DatasetOptions {
            aliases: ds.aliases.clone(),
            ..opts
        },
    )
    .unwrap();
    assert_eq!(again.join.as_ref().unwrap().report.matched, 3);
}

#[test]
fn geopackage_polygon_layers_with_layer_choice() {
    use atlas_data::load::crs::{Crs, CrsSource};
    let d = load_boundaries(&fixture("gebiete.gpkg"), &BoundaryOptions::default()).unwrap();
    // The point layer is not offered; the first polygon layer is read, in UTM 33N.
    assert_eq!(d.layers, vec!["stadtteile", "bezirke"]);
    assert_eq!(d.layer.as_deref(), Some("stadtteile"));
    assert_eq!((d.crs, d.crs_source), (Crs::Utm33, CrsSource::Declared));
    assert_eq!(d.feature_count, 3);
    assert_eq!(d.districts.len(), 2);
    assert_eq!(d.key_field, "schluessel");
    assert_eq!(d.districts[1].name, "Weißensee");
    assert_eq!(d.districts[1].geometry.0[0].interiors().len(), 1);
    let b = d.bbox().unwrap();
    assert!(
        (b.min().x - 13.40).abs() < 1e-6 && (b.max().x - 13.44).abs() < 1e-6,
        "{b:?}"
    );
    assert!(
        d.problems()
            .iter()
            .any(|p| p.key.as_deref() == Some("0103") && p.message.to_string().contains("null"))
    );
    // Another layer by name; an unknown one lists the layers.
    let opts = |l: &str| BoundaryOptions {
        layer: Some(l.into()),
        ..BoundaryOptions::default()
    };
    let b = load_boundaries(&fixture("gebiete.gpkg"), &opts("bezirke")).unwrap();
    assert_eq!((b.districts.len(), b.crs), (1, Crs::Wgs84));
    let e = load_boundaries(&fixture("gebiete.gpkg"), &opts("haltestellen")).unwrap_err();
    assert!(
        e.to_string()
            .contains("the GeoPackage has: stadtteile, bezirke"),
        "{e}"
    );
    // Not a GeoPackage at all.
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("fake.gpkg");
    std::fs::write(&fake, "not sqlite").unwrap();
    let e = load_boundaries(&fake, &BoundaryOptions::default()).unwrap_err();
    assert!(e.to_string().contains("not a readable GeoPackage"), "{e}");
}
