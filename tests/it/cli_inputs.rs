//! The command line on difficult inputs: the repairs `inspect` reports are the loader's,
//! hostile files give clear errors or load within 4 GiB, spreadsheets and GENESIS tables are
//! read, and a closed pipe ends a command without a panic.

use super::cli::{assert_usage_error, root};
use crate::corpus;
use crate::support::{bin, json_of};
use std::path::Path;
use std::process::{Command, Output, Stdio};

#[test]
fn inspect_reports_the_same_repairs_as_the_loader() {
    let out = bin()
        .args(["inspect", "--json", "--boundaries"])
        .arg(root("tests/fixtures/broken_rings.geojson"))
        .output()
        .unwrap();
    let j = json_of(&out);
    let problems = j["boundaries"]["problems"].as_array().unwrap();
    for (key, expected) in corpus::BROKEN_RINGS {
        let found: Vec<&str> = problems
            .iter()
            .filter(|p| p["key"] == key)
            .filter_map(|p| p["message"].as_str())
            .collect();
        match expected {
            None => assert!(found.is_empty(), "{key}: {found:?}"),
            Some(e) => assert!(found.iter().any(|m| m.contains(e)), "{key}: {found:?}"),
        }
    }
    assert_eq!(j["boundaries"]["districts"], 8);
}

/// Runs `inspect` under a 4 GiB address-space limit (`ulimit -v`), as the issue asks.
fn inspect_limited(boundaries: &Path, table: Option<&Path>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new("sh");
    let mut script = String::from("ulimit -v 4194304; exec \"$0\" inspect --boundaries \"$1\"");
    if table.is_some() {
        script.push_str(" --table \"$2\"");
    }
    cmd.arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_arrival-atlas"))
        .arg(boundaries);
    if let Some(t) = table {
        cmd.arg(t);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn hostile_inputs_give_clear_errors_or_load_within_4_gib() {
    use std::fmt::Write;
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let fixtures = root("tests/fixtures");
    // Deeply nested arrays, NaN, a number beyond f64, an empty file.
    std::fs::write(
        p("deep.geojson"),
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"a":{}"#,
            "[".repeat(200_000)
        ),
    )
    .unwrap();
    std::fs::write(p("array.geojson"), "[".repeat(200_000)).unwrap();
    let poly = |coords: &str| {
        format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"id":"1"}},"geometry":{{"type":"Polygon","coordinates":[[{coords}]]}}}}]}}"#
        )
    };
    std::fs::write(p("nan.geojson"), poly("[NaN,1],[2,2],[3,1],[NaN,1]")).unwrap();
    std::fs::write(p("huge.geojson"), poly("[1e400,1],[2,2],[3,1],[1e400,1]")).unwrap();
    std::fs::write(p("empty.geojson"), "").unwrap();
    // A polygon of a million points (a circle around Berlin).
    let mut ring = String::with_capacity(40 << 20);
    let n = 1_000_000;
    for i in 0..=n {
        let a = (i % n) as f64 / n as f64 * std::f64::consts::TAU;
        let _ = write!(
            ring,
            "{}[{:.7},{:.7}]",
            if i == 0 { "" } else { "," },
            13.4 + 0.2 * a.cos(),
            52.5 + 0.12 * a.sin()
        );
    }
    std::fs::write(p("million.geojson"), poly(&ring)).unwrap();
    // (boundaries, table, environment, expected error words or None for success)
    type Case<'a> = (
        &'a Path,
        Option<&'a Path>,
        &'a [(&'a str, &'a str)],
        Option<&'a str>,
    );
    let cases: [Case; 10] = [
        // i_overlay panicked on this ring (found by fuzzing): caught, reported, one line.
        (
            &fixtures.join("overlay_panic.geojson"),
            None,
            &[],
            Some("self-intersecting polygon could not be made valid"),
        ),
        (&p("deep.geojson"), None, &[], Some("recursion limit")),
        (
            &p("array.geojson"),
            None,
            &[],
            Some("does not start with a JSON object"),
        ),
        (&p("nan.geojson"), None, &[], Some("line 1")),
        (&p("huge.geojson"), None, &[], Some("number out of range")),
        (&p("empty.geojson"), None, &[], Some("empty")),
        (&fixtures.join("binary.geojson"), None, &[], Some("binary")),
        (
            &fixtures.join("districts.geojson"),
            Some(&fixtures.join("zipbomb.xlsx")),
            &[],
            Some("zip bomb"),
        ),
        (
            &p("million.geojson"),
            None,
            &[("ARRIVAL_ATLAS_MAX_FILE_MB", "10")],
            Some("more than the limit of 10 MB"),
        ),
        (&p("million.geojson"), None, &[], None),
    ];
    for (b, t, env, expected) in cases {
        let out = inspect_limited(b, t, env);
        let err = String::from_utf8_lossy(&out.stderr);
        match expected {
            Some(words) => {
                assert_eq!(out.status.code(), Some(2), "{}: {err}", b.display());
                assert_eq!(err.trim().lines().count(), 1, "{err}");
                assert!(err.contains(words), "{}: {err}", b.display());
            }
            None => {
                assert!(out.status.success(), "{}: {err}", b.display());
                assert!(String::from_utf8_lossy(&out.stdout).contains("1 districts"));
            }
        }
    }
}

#[test]
fn inspect_reads_spreadsheets_and_genesis_tables() {
    let f = |n: &str| root("tests/fixtures").join(n);
    let out = bin()
        .args(["inspect", "--json", "--boundaries"])
        .arg(f("districts.geojson"))
        .arg("--table")
        .arg(f("stadtteile.xlsx"))
        .output()
        .unwrap();
    let j = json_of(&out);
    assert_eq!(j["table"]["encoding"], "spreadsheet");
    assert_eq!(j["table"]["delimiter"], "sheet 'Daten'");
    assert_eq!(j["table"]["years"], serde_json::json!([2021, 2022]));
    let out = bin()
        .args(["inspect", "--boundaries"])
        .arg(f("districts.geojson"))
        .arg("--table")
        .arg(f("stadtteile.xlsx"))
        .args(["--sheet", "Nope"])
        .output()
        .unwrap();
    assert_usage_error(&out, "no sheet named 'Nope'");
    let out = bin()
        .args(["inspect", "--json", "--boundaries"])
        .arg(f("districts.geojson"))
        .arg("--table")
        .arg(f("genesis_regionalstatistik.csv"))
        .output()
        .unwrap();
    let j = json_of(&out);
    assert_eq!(j["table"]["keys"], 3);
    assert!(
        j["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap_or("").contains("header is on line 5")),
        "{}",
        j["warnings"]
    );
}

/// A reader that stops early (`| head`) closes the pipe: the command ends quietly instead of
/// panicking on its next print. The flags of Berlin's 448 planning areas (several hundred
/// kilobytes) overflow the pipe's buffer, so the writer does meet the closed pipe.
#[test]
fn a_closed_pipe_ends_the_command_without_a_panic() {
    use std::io::Read;
    let b = root("data/berlin-lor/berlin_planungsraeume_bis2020.geojson");
    let t = root("data/berlin-lor/berlin_einwohner_planungsraeume_bis2020.csv");
    let mut child = bin()
        .args(["flags", "--default-rules", "--boundaries"])
        .arg(&b)
        .arg("--table")
        .arg(&t)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the header line's start, as `head -c 10` would, then close the pipe.
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            out.status.signal(),
            Some(13),
            "ended by SIGPIPE: {:?}",
            out.status
        );
    }
}
