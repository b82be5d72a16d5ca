//! Other people's tables read right: the decimal mark decided from every cell (not a sample),
//! the key column chosen from values (never geometry text or a constant), `--key` and
//! `--table-key`, a warning for a join that matches nothing, and long lists kept readable.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::{bin, json_of};
use atlas_data::dataset::{DatasetOptions, DatasetPaths, load_dataset};
use atlas_data::load::numbers::DecimalSeparator;
use atlas_data::load::{TableOptions, parse_table};
use atlas_data::model::YearIdx;
use std::path::{Path, PathBuf};

fn value(t: &atlas_data::model::IndicatorTable, ind: &str, key: &str) -> Option<f64> {
    let i = t.indicator_index(ind)?;
    let k = t.keys.iter().position(|k| k == key)?;
    t.value(i, YearIdx(0), k)
}

/// Square districts with the given properties (one map per district), as GeoJSON.
fn squares(dir: &Path, props: &[serde_json::Value]) -> PathBuf {
    let features: Vec<serde_json::Value> = props
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = 13.0 + i as f64 * 0.01;
            serde_json::json!({"type": "Feature", "properties": p, "geometry": {"type": "Polygon",
                "coordinates": [[[x, 52.0], [x + 0.01, 52.0], [x + 0.01, 52.01], [x, 52.01], [x, 52.0]]]}})
        })
        .collect();
    let path = dir.join("squares.geojson");
    let fc = serde_json::json!({"type": "FeatureCollection", "features": features});
    std::fs::write(&path, fc.to_string()).unwrap();
    path
}

#[test]
fn a_decimal_point_proven_late_in_the_file_is_never_read_as_thousands() {
    // 5 000 rows of whole numbers, then `1.234` and `12.750` (ambiguous on their own), and
    // `16.6` which proves a decimal point. `;` alone would suggest the German convention.
    let mut s = String::from("key;year;share\n");
    for i in 0..5000 {
        s.push_str(&format!("k{i};2020;{}\n", i % 90));
    }
    s.push_str("late1;2020;1.234\nlate2;2020;12.750\nlate3;2020;16.6\n");
    let (t, reading) = parse_table(s.as_bytes(), "t.csv", &TableOptions::default()).unwrap();
    assert_eq!(value(&t, "share", "late1"), Some(1.234));
    assert_eq!(value(&t, "share", "late2"), Some(12.75));
    assert_eq!(value(&t, "share", "late3"), Some(16.6));
    assert_eq!(reading.decimal, DecimalSeparator::Point);
    assert!(reading.decimal_proven);
    assert_eq!(reading.decimal_words(), "decimal point");

    // Another column proves the point for the whole file: `1.234` follows it.
    let s = "key;year;count;share\na;2020;1.234;16.6\nb;2020;12.750;0.5\n";
    let (t, _) = parse_table(s.as_bytes(), "t.csv", &TableOptions::default()).unwrap();
    assert_eq!(value(&t, "count", "a"), Some(1.234));
    assert!(
        t.warnings
            .iter()
            .any(|w| w.to_string().contains("'count'") && w.to_string().contains("line 2")),
        "{:?}",
        t.warnings
    );

    // No evidence at all: the delimiter's convention, said with column, line and reading.
    let s = "key;year;count\na;2020;1.234\nb;2020;12.750\nc;2020;17\n";
    let (t, reading) = parse_table(s.as_bytes(), "t.csv", &TableOptions::default()).unwrap();
    assert_eq!(value(&t, "count", "a"), Some(1234.0));
    assert!(!reading.decimal_proven);
    let w = t
        .warnings
        .iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        w.contains("'count'") && w.contains("line 2") && w.contains("thousands"),
        "{w}"
    );
    // The same with `,`: the English convention.
    let s = "key,year,count\na,2020,1.234\n";
    let (t, _) = parse_table(s.as_bytes(), "t.csv", &TableOptions::default()).unwrap();
    assert_eq!(value(&t, "count", "a"), Some(1.234));
}

#[test]
fn a_decimal_comma_is_proven_by_any_cell() {
    let mut s = String::from("key;year;share\n");
    for i in 0..7000 {
        s.push_str(&format!("k{i};2020;{}.{:03}\n", 1 + i % 9, i % 1000));
    }
    s.push_str("last;2020;3,5\n");
    let (t, reading) = parse_table(s.as_bytes(), "t.csv", &TableOptions::default()).unwrap();
    assert_eq!(reading.decimal, DecimalSeparator::Comma);
    assert_eq!(value(&t, "share", "k1"), Some(2001.0));
    assert_eq!(value(&t, "share", "last"), Some(3.5));
}

#[test]
fn the_key_column_is_never_geometry_text_or_a_constant() {
    // `key_geom` and `land_id` are named like keys; the keys are in `bezirk`.
    let s = "key_geom;land_id;bezirk;year;pop\n\
        \"POLYGON ((13 52, 13.1 52, 13.1 52.1, 13 52))\";11;0101;2020;5\n\
        \"POLYGON ((14 52, 14.1 52, 14.1 52.1, 14 52))\";11;0102;2020;6\n\
        \"POLYGON ((15 52, 15.1 52, 15.1 52.1, 15 52))\";11;0103;2020;7\n";
    let (t, reading) = parse_table(s.as_bytes(), "t.csv", &TableOptions::default()).unwrap();
    assert_eq!(t.key_column, "bezirk");
    assert_eq!(t.keys, ["0101", "0102", "0103"]);
    let candidates: Vec<&str> = reading
        .key_candidates
        .iter()
        .map(|c| c.column.as_str())
        .collect();
    // Whole-number columns may be keys too (compared with the boundaries later); geometry
    // text and constants never are.
    assert!(candidates.contains(&"bezirk"), "{candidates:?}");
    assert!(!candidates.contains(&"key_geom") && !candidates.contains(&"land_id"));
    // Geometry text is no indicator either.
    assert_eq!(t.indicator_index("key_geom"), None);
    assert!(t.indicator_index("pop").is_some());
}

#[test]
fn key_and_table_key_choose_each_side_and_values_decide_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let props: Vec<serde_json::Value> = (1..=4)
        .map(|i| serde_json::json!({"id": format!("{i}"), "ags": format!("110{i:02}"), "name": format!("D{i}")}))
        .collect();
    let b = squares(dir.path(), &props);
    // The column named like a key holds running numbers 7..; the AGS keys are in `gebiet`.
    let t = dir.path().join("t.csv");
    let mut s = String::from("lfd_nr;gebiet;jahr;einwohner\n");
    for i in 1..=4 {
        s.push_str(&format!("{};110{i:02};2020;{}\n", i + 6, i * 100));
    }
    std::fs::write(&t, s).unwrap();
    let paths = DatasetPaths {
        boundaries: b.clone(),
        table: Some(t.clone()),
        meta: None,
    };
    // Nothing given: values decide both sides.
    let ds = load_dataset(&paths, &DatasetOptions::default()).unwrap();
    let tb = ds.table().unwrap();
    assert_eq!(tb.key_column, "gebiet");
    assert_eq!(ds.districts.key_field, "ags");
    assert_eq!(ds.join.as_ref().unwrap().report.matched, 4);
    assert!(
        ds.warnings
            .iter()
            .any(|w| w.to_string().contains("'gebiet' chosen by its values")),
        "{:?}",
        ds.warnings
    );
    assert_eq!(ds.join_warning(), None);

    // --key names the boundary property; the table column still follows the values.
    let out = bin()
        .args(["inspect", "--json", "--key", "ags", "--boundaries"])
        .arg(&b)
        .arg("--table")
        .arg(&t)
        .output()
        .unwrap();
    let j = json_of(&out);
    assert_eq!(j["table"]["key_column"], "gebiet");
    assert_eq!(j["join"]["matched"], 4);

    // --table-key names the table column and is kept even when it matches nothing; the
    // join warning names both columns and examples from each side, exit 0.
    let out = bin()
        .args([
            "inspect",
            "--key",
            "id",
            "--table-key",
            "lfd_nr",
            "--boundaries",
        ])
        .arg(&b)
        .arg("--table")
        .arg(&t)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: only 0 of 4 districts matched"),
        "{err}"
    );
    assert!(
        err.contains("'id'") && err.contains("'lfd_nr'") && err.contains("\"7\""),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("key column    lfd_nr"));

    // An unknown --table-key is one clear line, exit 2.
    let out = bin()
        .args(["inspect", "--table-key", "nope", "--boundaries"])
        .arg(&b)
        .arg("--table")
        .arg(&t)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no table column named 'nope'"));
}

#[test]
fn inspect_text_lists_twenty_items_and_json_caps_lines_per_key() {
    let dir = tempfile::tempdir().unwrap();
    let props: Vec<serde_json::Value> = (0..3)
        .map(|i| serde_json::json!({"key": format!("d{i}")}))
        .collect();
    let b = squares(dir.path(), &props);
    let t = dir.path().join("t.csv");
    let mut s = String::from("key;year;pop\n");
    for y in 2000..2015 {
        for i in 0..3 {
            s.push_str(&format!("d{i};{y};1\n"));
        }
        for i in 0..50 {
            s.push_str(&format!("x{i:02};{y};1\n"));
        }
    }
    std::fs::write(&t, s).unwrap();
    let run = |json: bool| {
        let mut c = bin();
        c.args(["inspect", "--boundaries"])
            .arg(&b)
            .arg("--table")
            .arg(&t);
        if json {
            c.arg("--json");
        }
        c.output().unwrap()
    };
    let out = run(false);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.matches("no district for table key").count(),
        20,
        "{text}"
    );
    assert!(
        text.contains("… and 30 more table keys without a district"),
        "{text}"
    );
    // Each listed key shows a few lines and how many more.
    assert!(
        text.contains("no district for table key x00 (lines 5, 58, 111 and 12 more)"),
        "{text}"
    );
    let j: serde_json::Value = serde_json::from_slice(&run(true).stdout).unwrap();
    let unmatched = j["join"]["unmatched_table_keys"].as_array().unwrap();
    assert_eq!(unmatched.len(), 50);
    assert_eq!(unmatched[0]["lines"].as_array().unwrap().len(), 10);
    assert_eq!(unmatched[0]["rows"], 15);
}

#[test]
fn a_ring_of_300k_points_winding_five_times_is_reported_and_the_rest_loads() {
    // A circle traced five times over (the windings' edges cross at shallow angles, more than a
    // million times): the overlay took 80 s and 5 GB on it. Now it is reported by feature
    // index and key, and the other district loads.
    let n = 300_000;
    let ring: Vec<[f64; 2]> = (0..=n)
        .map(|i| {
            let t = std::f64::consts::TAU * 5.000_033_3 * (i % n) as f64 / n as f64;
            [13.4 + 0.05 * t.cos(), 52.5 + 0.05 * t.sin()]
        })
        .collect();
    let fc = serde_json::json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"key": "spiral"}, "geometry": {"type": "Polygon", "coordinates": [ring]}},
        {"type": "Feature", "properties": {"key": "square"}, "geometry": {"type": "Polygon",
            "coordinates": [[[14.0, 53.0], [14.1, 53.0], [14.1, 53.1], [14.0, 53.1], [14.0, 53.0]]]}}]});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spiral.geojson");
    std::fs::write(&path, fc.to_string()).unwrap();
    let out = bin()
        .args(["inspect", "--json", "--boundaries"])
        .arg(&path)
        .output()
        .unwrap();
    let j = json_of(&out);
    assert_eq!(j["boundaries"]["districts"], 1);
    let problem = &j["boundaries"]["problems"][0];
    assert_eq!(problem["feature"], 0);
    assert_eq!(problem["key"], "spiral");
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .contains("too complex to repair"),
        "{problem}"
    );
}

#[test]
fn a_large_table_reads_the_same_streamed_on_two_threads_as_whole_on_one() {
    // 21 MB: streamed from disk in blocks, cut into parts read on their own threads. The same
    // text with a quoted header is read whole by the csv crate on one thread: every value,
    // duplicate, key line and warning must agree.
    use std::fmt::Write;
    let mut body = String::new();
    for y in 0..8 {
        for i in 0..60_000 {
            let _ = writeln!(body, "k{i:05};{};pop;{}", 2010 + y, (i * 7 + y) % 1000);
            let _ = writeln!(body, "k{i:05};{};share;{}.{}", 2010 + y, i % 90, y);
        }
    }
    // A duplicate of a row of the first part near the end of the file (the first one wins),
    // and a stray text cell.
    body.push_str("k00001;2010;pop;999999\nnew;2011;share;n/v\n");
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("big.csv");
    std::fs::write(&plain, format!("key;year;indicator;value\n{body}")).unwrap();
    let quoted = format!("\"key\";year;indicator;value\n{body}");
    assert!(std::fs::metadata(&plain).unwrap().len() > 16 << 20);
    let (a, ra) = atlas_data::load::load_table(&plain, &TableOptions::default()).unwrap();
    let (b, rb) = parse_table(quoted.as_bytes(), "big.csv", &TableOptions::default()).unwrap();
    assert_eq!(a.rows, 960_002);
    assert_eq!(a.keys, b.keys);
    assert_eq!(a.years, b.years);
    assert_eq!(ra.decimal, rb.decimal);
    for i in 0..a.indicators.len() {
        for y in a.year_indices() {
            let (va, vb) = (a.year_slice(i, y), b.year_slice(i, y));
            assert!(va.iter().zip(vb).all(|(x, y)| x.to_bits() == y.to_bits()));
        }
    }
    assert_eq!(value_at(&a, "pop", 2010, "k00001"), Some(7.0));
    assert_eq!(a.duplicates, b.duplicates);
    assert_eq!(a.duplicates.len(), 1, "{:?}", a.duplicates);
    assert_eq!(a.duplicates[0].lines, [4, 960_002]);
    assert_eq!(a.key_lines, b.key_lines);
    assert_eq!(a.key_lines[1].rows, 17);
    assert_eq!(a.warnings, b.warnings);
    assert!(
        a.warnings
            .iter()
            .any(|w| w.to_string().contains("line 960003")),
        "{:?}",
        a.warnings
    );
    // A quoted cell holding the delimiter near the end (in the second part): the streamed
    // reading finds the quote where it reads that block and the file is read whole — the
    // name is one cell, not cut in two at its `;`.
    let late = dir.path().join("late_quote.csv");
    let text = format!("key;year;indicator;value;name\n{body}k00002;2010;pop;5;\"A;B\"\n");
    std::fs::write(&late, &text).unwrap();
    let (c, rc) = atlas_data::load::load_table(&late, &TableOptions::default()).unwrap();
    let (d, _) = parse_table(text.as_bytes(), "late_quote.csv", &TableOptions::default()).unwrap();
    assert_eq!(c.rows, d.rows);
    assert_eq!(c.warnings, d.warnings);
    let name = c.attributes.iter().find(|a| a.name == "name").unwrap();
    let k2 = c.keys.iter().position(|k| k == "k00002").unwrap();
    assert_eq!(name.values[k2].as_deref(), Some("A;B"));
    assert_eq!(rc.delimiter, ";");
}

fn value_at(t: &atlas_data::model::IndicatorTable, ind: &str, year: i32, key: &str) -> Option<f64> {
    let i = t.indicator_index(ind)?;
    let y = t.year_index(year)?;
    let k = t.keys.iter().position(|k| k == key)?;
    t.value(i, y, k)
}
