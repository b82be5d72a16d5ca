//! The command line as a user runs it: `inspect --json` on real and broken files, `classify`
//! on stdin, and exit status 2 with one line on stderr for every error.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::{assert_success, bin, json_of};

use std::io::Write;
use std::path::PathBuf;
use std::process::{Output, Stdio};

pub(crate) fn root(p: &str) -> PathBuf {
    support::repo().join(p)
}

fn run_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The program may reject its arguments and exit before reading stdin: a broken pipe here
    // is expected then, and the exit status is what the test checks.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

pub(crate) fn assert_usage_error(out: &Output, words: &str) {
    assert_eq!(
        out.status.code(),
        Some(2),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(words), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn inspect_json_on_berlin_planungsraeume() {
    let b = root("data/berlin-lor/berlin_planungsraeume_bis2020.geojson");
    let t = root("data/berlin-lor/berlin_einwohner_planungsraeume_bis2020.csv");
    let out = bin()
        .args(["inspect", "--json", "--boundaries"])
        .arg(&b)
        .arg("--table")
        .arg(&t)
        .output()
        .unwrap();
    let v = json_of(&out);
    assert_eq!(v["boundaries"]["features"], 448);
    assert_eq!(v["boundaries"]["key_field"], "id");
    assert_eq!(v["boundaries"]["name_field"], "name");
    assert_eq!(v["boundaries"]["crs"], "EPSG:4326");
    assert_eq!(
        v["boundaries"]["duplicate_keys"],
        serde_json::json!(["06010102"])
    );
    let bbox: Vec<f64> = v["boundaries"]["bbox"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!(
        (bbox[0] - 13.088).abs() < 1e-3 && (bbox[3] - 52.676).abs() < 1e-3,
        "{bbox:?}"
    );
    let problems = v["boundaries"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0]["key"], "06010102");
    assert!(problems[0]["feature"].is_u64() && problems[0]["message"].is_string());
    assert_eq!(v["table"]["format"], "wide_by_year");
    assert_eq!(v["table"]["rows"], 2684);
    assert_eq!(
        v["table"]["years"],
        serde_json::json!([2015, 2016, 2017, 2018, 2019, 2020])
    );
    assert!(
        v["table"]["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i == "foreigners_pct")
    );
    assert_eq!(v["table"]["duplicate_keys"], serde_json::json!([]));
    assert_eq!(v["join"]["matched"], 448);
    assert_eq!(v["join"]["districts_without_data"], serde_json::json!([]));
    assert_eq!(v["join"]["unmatched_table_keys"][0]["key"], "04030417");
}

#[test]
fn inspect_text_on_demo_city() {
    let out = bin()
        .args(["inspect", "--boundaries"])
        .arg(root("data/demo/districts.geojson"))
        .arg("--table")
        .arg(root("data/demo/indicators.csv"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("matched       32 of 32 districts"), "{s}");
    assert!(s.contains("wide_by_year"), "{s}");
}

#[test]
fn inspect_errors_exit_2_with_one_line() {
    let f = |n: &str| root("tests/fixtures").join(n);
    for (file, words) in [
        ("truncated.geojson", "truncated.geojson: line 1"),
        ("binary.geojson", "binary"),
        ("utm_without_crs.geojson", "does not say in which system"),
        ("points_only.geojson", "no feature has a Polygon"),
        ("missing.geojson", "cannot read"),
    ] {
        let out = bin()
            .args(["inspect", "--boundaries"])
            .arg(f(file))
            .output()
            .unwrap();
        assert_usage_error(&out, words);
    }
    let out = bin()
        .args(["inspect", "--boundaries"])
        .arg(f("districts.geojson"))
        .arg("--table")
        .arg(f("ambiguous.csv"))
        .output()
        .unwrap();
    assert_usage_error(&out, "ambiguous.csv");
    let out = bin()
        .args(["inspect", "--boundaries"])
        .arg(f("districts.geojson"))
        .args(["--key", "nope"])
        .output()
        .unwrap();
    assert_usage_error(&out, "no property named 'nope'");
    let out = bin().args(["inspect", "--frobnicate"]).output().unwrap();
    assert_usage_error(&out, "--frobnicate");
    let out = bin()
        .args(["inspect", "--boundaries"])
        .arg(f("utm_without_crs.geojson"))
        .args(["--crs", "EPSG:1"])
        .output()
        .unwrap();
    assert_usage_error(&out, "unknown coordinate system 'EPSG:1'");
}

#[test]
fn inspect_shows_the_source_crs_and_takes_a_chosen_one() {
    let out = bin()
        .args(["inspect", "--boundaries"])
        .arg(root("tests/fixtures/utm_without_crs.geojson"))
        .args(["--crs", "EPSG:25833"])
        .output()
        .unwrap();
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "EPSG:25833 (ETRS89 / UTM zone 33N), chosen by you; shown reprojected to WGS84"
        ),
        "{text}"
    );
    // Reprojected: the box is in Berlin.
    assert!(text.contains("lon 13.36"), "{text}");
    let out = bin()
        .args(["inspect", "--json", "--boundaries"])
        .arg(root(
            "data/berlin-lor/raw/lor_prognoseraeume_ab2021_EPSG25833.geojson",
        ))
        .output()
        .unwrap();
    let j = json_of(&out);
    assert_eq!(j["boundaries"]["crs"], "EPSG:25833");
    assert_eq!(j["boundaries"]["crs_source"], "declared");
    assert_eq!(j["boundaries"]["districts"], 58);
    // A shapefile: system from the .prj, attributes from a Windows-1252 .dbf.
    let out = bin()
        .args(["inspect", "--json", "--boundaries"])
        .arg(root("tests/fixtures/stadtteile_utm32.shp"))
        .output()
        .unwrap();
    let j = json_of(&out);
    assert_eq!(j["boundaries"]["crs"], "EPSG:25832");
    assert_eq!(j["boundaries"]["districts"], 3);
    assert_eq!(j["boundaries"]["key_field"], "SCHLUESSEL");
    // A GeoPackage layer by name.
    let out = bin()
        .args(["inspect", "--json", "--layer", "bezirke", "--boundaries"])
        .arg(root("tests/fixtures/gebiete.gpkg"))
        .output()
        .unwrap();
    let j = json_of(&out);
    assert_eq!(j["boundaries"]["districts"], 1);
    assert_eq!(j["boundaries"]["key_field"], "bez");
}

#[test]
fn classify_reads_stdin() {
    let v = json_of(&run_with_stdin(
        &["classify", "--scheme", "quantiles", "--classes", "4"],
        "1\n2\n2\n3\n\nNA\n4\n5\n6\n7\n8\n",
    ));
    assert_eq!(v["scheme"], "quantiles");
    assert_eq!(v["k"], 4);
    assert_eq!(v["no_data"], 2);
    assert_eq!(v["min"], 1.0);
    assert_eq!(v["max"], 8.0);
    let counts: u64 = v["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .sum();
    assert_eq!(counts, 9);
    assert_eq!(v["breaks"].as_array().unwrap().len(), 4);
    // Decimal commas, missing symbols and manual breaks.
    let v = json_of(&run_with_stdin(
        &["classify", "--scheme", "manual", "--breaks", "2.5,5"],
        "1,5\n-\nx\n.\n3,25\n7,75\n",
    ));
    assert_eq!(v["breaks"], serde_json::json!([2.5, 5.0, 7.75]));
    assert_eq!(v["counts"], serde_json::json!([1, 1, 1]));
    assert_eq!(v["no_data"], 3);
    let v = json_of(&run_with_stdin(
        &["classify", "--scheme", "boxmap", "--hinge", "3"],
        "1\n2\n3\n4\n100\n",
    ));
    assert_eq!(v["scheme"], "boxmap");
}

#[test]
fn classify_errors_exit_2() {
    assert_usage_error(
        &run_with_stdin(&["classify", "--scheme", "quantiles"], "1\nabc\n"),
        "line 2",
    );
    assert_usage_error(
        &run_with_stdin(&["classify", "--scheme", "kmeans"], "1\n"),
        "unknown scheme",
    );
    assert_usage_error(
        &run_with_stdin(&["classify", "--scheme", "jenks", "--classes", "12"], "1\n"),
        "12 classes",
    );
    assert_usage_error(
        &run_with_stdin(&["classify", "--scheme", "quantiles"], ""),
        "no numbers",
    );
    assert_usage_error(
        &run_with_stdin(&["classify", "--scheme", "manual"], "1\n"),
        "--breaks",
    );
    assert_usage_error(
        &run_with_stdin(
            &["classify", "--scheme", "manual", "--breaks", "1,x"],
            "1\n",
        ),
        "x",
    );
}

fn demo_args(extra: &[&str]) -> Vec<String> {
    let mut v = vec![
        "flags".to_owned(),
        "--boundaries".into(),
        root("data/demo/districts.geojson").display().to_string(),
        "--table".into(),
        root("data/demo/indicators.csv").display().to_string(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

#[test]
fn flags_writes_one_row_per_district_year_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("flags.csv");
    let out = bin()
        .args(demo_args(&[
            "--default-rules",
            "--out",
            out_path.to_str().unwrap(),
        ]))
        .output()
        .unwrap();
    assert_success(&out);
    let text = std::fs::read_to_string(&out_path).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("key,name,year,rule,result,foreign_pct,fluctuation,long_established_pct")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 32 * 20 * 2);
    assert!(
        rows.iter()
            .all(|r| ["true", "false", "unknown"].contains(&r[4]))
    );
    let arrival_2024 = rows
        .iter()
        .filter(|r| r[2] == "2024" && r[3] == "Arrival district" && r[4] == "true")
        .count();
    assert!((1..=16).contains(&arrival_2024), "{arrival_2024}");
    // A row's values are the table's: Neustadt 2005 has a foreign share of 43.32.
    assert_eq!(
        &rows[0][..6],
        &[
            "0101",
            "Neustadt",
            "2005",
            "Arrival district",
            "true",
            "43.32"
        ]
    );
}

#[test]
fn flags_with_a_rules_file_and_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("r.json");
    std::fs::write(
        &rules,
        r#"{"version": 1, "rules": [{"name": "Top quarter", "conditions": [
            {"indicator": "sgb2_rate", "op": ">=", "threshold": {"percentile": 75}}]}]}"#,
    )
    .unwrap();
    let out = bin()
        .args(demo_args(&["--rules", rules.to_str().unwrap()]))
        .output()
        .unwrap();
    assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("key,name,year,rule,result,sgb2_rate\n"));
    // 2005 has no benefit rate at all: every district is unknown that year, never false.
    assert!(
        text.lines()
            .filter(|l| l.contains(",2005,"))
            .all(|l| l.contains(",unknown,"))
    );
    assert_eq!(
        text.lines()
            .filter(|l| l.contains(",2024,") && l.contains(",true,"))
            .count(),
        8,
        "the top quarter of 32 districts"
    );

    std::fs::write(
        &rules,
        r#"{"version": 1, "rules": [{"name": "X", "conditions": [
            {"indicator": "nope", "op": ">=", "threshold": {"absolute": 1}}]}]}"#,
    )
    .unwrap();
    for args in [
        demo_args(&["--rules", rules.to_str().unwrap()]),
        demo_args(&[]),
        demo_args(&["--rules", "/nonexistent/r.json"]),
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    let out = bin()
        .args(demo_args(&["--rules", rules.to_str().unwrap()]))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("indicator 'nope' is not in the table"));
}

/// `--simulate` warns about adjacent classes a deficiency makes hard to tell apart, and
/// refuses an unknown kind with one line.
#[test]
fn export_simulate_warns_about_confusable_classes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.png");
    let run = |extra: &[&str]| {
        bin()
            .args([
                "export",
                "--boundaries",
                root("data/demo/districts.geojson").to_str().unwrap(),
                "--table",
                root("data/demo/indicators.csv").to_str().unwrap(),
                "--indicator",
                "foreign_pct",
                "--year",
                "2020",
                "--out",
                out.to_str().unwrap(),
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let o = run(&[
        "--classes",
        "9",
        "--ramp",
        "YlGnBu",
        "--simulate",
        "tritanopia",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("hard to tell apart with tritanopia"), "{err}");
    assert!(out.is_file());
    let o = run(&["--ramp", "Blues", "--simulate", "deuteranopia"]);
    assert!(o.status.success());
    assert!(!String::from_utf8_lossy(&o.stderr).contains("hard to tell apart"));
    let o = run(&["--simulate", "colourblind"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&o.stderr).trim().lines().count(), 1);
}

/// `SOURCE_DATE_EPOCH` dates an export (the reproducible-builds convention): CI compares two
/// exports made minutes apart, which a midnight between them had dated a day apart.
#[test]
fn source_date_epoch_dates_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.svg");
    let project = support::fixture("demo_scene.atlas.json");
    let r = bin()
        .env("SOURCE_DATE_EPOCH", "86400")
        .args([
            "export",
            "--project",
            project.to_str().unwrap(),
            "--lang",
            "en",
        ])
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_success(&r);
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains(">1970-01-02</text>"), "the footer's date");
}
