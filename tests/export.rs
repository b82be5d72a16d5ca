//! Headless export of the demo city, checked on the real output: PNG size and the colour of a
//! district's interior pixel against its class, the SVG parsed with one path per district and
//! the legend text, the legend JSON adding up, one file per year, and clear errors.

use arrival_atlas::analysis::classify::{BreakMode, Scheme};
use arrival_atlas::dataset::{Dataset, DatasetOptions, demo_paths, load_dataset};
use arrival_atlas::export::{ExportSpec, compose, png, svg};
use arrival_atlas::i18n::Lang;
use arrival_atlas::scene::{Choropleth, ChoroplethSpec, MapGeometry};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn demo() -> (Dataset, MapGeometry, Choropleth) {
    let ds = load_dataset(&demo_paths(&root()), &DatasetOptions::default()).unwrap();
    let g = MapGeometry::build(&ds.districts).unwrap();
    let ind = ds.table().unwrap().indicator_index("foreign_pct").unwrap();
    let c = Choropleth::build(
        &ds,
        &ChoroplethSpec {
            indicator: ind,
            scheme: Scheme::Quantiles { k: 5 },
            mode: BreakMode::Pooled,
            ramp: "YlGnBu".into(),
            reverse: false,
        },
    )
    .unwrap();
    (ds, g, c)
}

fn spec(year: usize, lang: Lang, labels: bool) -> ExportSpec<'static> {
    ExportSpec {
        year,
        overlay: None,
        title: None,
        lang,
        width: 1920,
        height: 1080,
        labels,
        date: "2026-11-25".into(),
    }
}

#[test]
fn png_pixels_inside_districts_have_their_class_colour() {
    let (ds, g, c) = demo();
    let year = ds.table().unwrap().year_index(2024).unwrap();
    let scene = compose(&ds, &g, &c, &spec(year, Lang::En, false)).unwrap();
    let bytes = png::to_png(&scene).unwrap();
    let img = tiny_skia::Pixmap::decode_png(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (1920, 1080));
    let fills = c.fills(year);
    let mut checked = 0;
    for (d, sd) in scene.districts.iter().enumerate() {
        // The pole of inaccessibility of the district's largest ring, in output pixels.
        // Other rings (holes, other parts) count as holes, so the point avoids them.
        let ls = |r: &Vec<[f32; 2]>| {
            geo::LineString::from(
                r.iter()
                    .map(|p| (f64::from(p[0]), f64::from(p[1])))
                    .collect::<Vec<_>>(),
            )
        };
        let (i, shell) = sd
            .rings
            .iter()
            .enumerate()
            .max_by_key(|(_, r)| r.len())
            .unwrap();
        let others = sd
            .rings
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, r)| ls(r))
            .collect();
        let poly = geo::Polygon::new(ls(shell), others);
        let Ok(p) = polylabel::polylabel(&poly, &0.5) else {
            continue;
        };
        // Skip districts whose interior is covered by the legend box.
        let [lx, ly, lw, lh] = scene.legend_box;
        if (p.x() as f32) >= lx
            && (p.x() as f32) <= lx + lw
            && (p.y() as f32) >= ly
            && (p.y() as f32) <= ly + lh
        {
            continue;
        }
        let px = img.pixel(p.x() as u32, p.y() as u32).unwrap();
        let want = fills[d];
        assert_eq!(
            (px.red(), px.green(), px.blue()),
            (want.0, want.1, want.2),
            "{}",
            sd.name
        );
        checked += 1;
    }
    assert!(checked >= 28, "{checked} districts checked");
}

#[test]
fn svg_has_one_path_per_district_and_the_legend_text() {
    let (ds, g, c) = demo();
    let year = ds.table().unwrap().year_index(2024).unwrap();
    let scene = compose(&ds, &g, &c, &spec(year, Lang::De, true)).unwrap();
    let text = svg::to_svg(&scene);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let keys: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter_map(|n| n.attribute("data-key"))
        .collect();
    assert_eq!(keys.len(), 32);
    assert!(keys.contains(&"0101"));
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect();
    // German number format, counts as in the legend JSON below.
    assert!(texts.iter().any(|t| t == "44,0 – 68,3  (10)"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "keine Daten  (0)"));
    assert!(texts.iter().any(|t| t == "Ausländeranteil  2024"));
    assert!(texts.iter().any(|t| t == "SYNTHETISCHE DATEN"));
    // A district's fill is its class colour.
    let fills = c.fills(year);
    let first = doc
        .descendants()
        .find(|n| n.attribute("data-key") == Some("0101"))
        .unwrap();
    assert_eq!(first.attribute("fill"), Some(fills[0].hex().as_str()));
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_arrival-atlas"))
}

fn export_args(out: &Path, extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = vec![
        "export".into(),
        "--boundaries".into(),
        root()
            .join("data/demo/districts.geojson")
            .display()
            .to_string(),
        "--table".into(),
        root()
            .join("data/demo/indicators.csv")
            .display()
            .to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

#[test]
fn cli_writes_a_png_and_a_legend_that_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.png");
    let lj = dir.path().join("legend.json");
    let o = bin()
        .args(export_args(
            &out,
            &[
                "--indicator",
                "fluctuation",
                "--year",
                "2015",
                "--scheme",
                "jenks",
                "--classes",
                "4",
                "--width",
                "800",
                "--height",
                "600",
                "--legend-json",
                lj.to_str().unwrap(),
            ],
        ))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let img = tiny_skia::Pixmap::decode_png(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (800, 600));
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&lj).unwrap()).unwrap();
    assert_eq!(j["indicator"], "fluctuation");
    assert_eq!(j["year"], 2015);
    assert_eq!(j["k"], 4);
    let counts: u64 = j["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .sum();
    assert_eq!(counts + j["no_data"].as_u64().unwrap(), 32);
    assert_eq!(j["colors"].as_array().unwrap().len(), 4);
}

#[test]
fn cli_year_all_writes_one_file_per_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.svg");
    let o = bin()
        .args(export_args(
            &out,
            &[
                "--indicator",
                "foreign_pct",
                "--year",
                "all",
                "--width",
                "640",
                "--height",
                "360",
            ],
        ))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for y in 2005..=2024 {
        let f = dir.path().join(format!("map_{y}.svg"));
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(text.contains(&format!("  {y}</text>")), "{y}");
    }
}

#[test]
fn cli_export_errors_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let png_out = dir.path().join("m.png");
    for (extra, out, needle) in [
        (
            vec!["--indicator", "nope", "--year", "2024"],
            png_out.clone(),
            "unknown indicator 'nope'",
        ),
        (
            vec!["--indicator", "foreign_pct", "--year", "1999"],
            png_out.clone(),
            "year 1999 is not in the table",
        ),
        (
            vec![
                "--indicator",
                "foreign_pct",
                "--year",
                "2024",
                "--ramp",
                "Rainbow",
            ],
            png_out.clone(),
            "unknown ramp",
        ),
        (
            vec!["--indicator", "foreign_pct", "--year", "2024"],
            dir.path().join("m.pdf"),
            "PDF",
        ),
        (
            vec![
                "--indicator",
                "foreign_pct",
                "--year",
                "2024",
                "--scheme",
                "manual",
            ],
            png_out.clone(),
            "breaks",
        ),
    ] {
        let o = bin().args(export_args(&out, &extra)).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{err}");
    }
}

#[test]
fn joined_table_in_neutral_and_german_format() {
    use arrival_atlas::export::joined::{CsvStyle, write_joined_csv};
    let (ds, _, _) = demo();
    let mut neutral = Vec::new();
    write_joined_csv(&mut neutral, &ds, CsvStyle::Neutral).unwrap();
    let text = String::from_utf8(neutral).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("key,name,year,"), "{header}");
    assert!(header.contains("foreign_pct"));
    assert_eq!(text.lines().count(), 1 + 32 * 20);
    let row = text
        .lines()
        .find(|l| l.starts_with("0101,Neustadt,2005,"))
        .unwrap();
    assert!(row.split(',').any(|c| c == "43.32"), "{row}");

    let mut german = Vec::new();
    write_joined_csv(&mut german, &ds, CsvStyle::Language(Lang::De)).unwrap();
    let text = String::from_utf8(german).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("0101;Neustadt;2005;"))
        .unwrap();
    assert!(row.split(';').any(|c| c == "43,32"), "{row}");
    // The German file reads back with the same values through the app's own CSV reader.
    let (t, _) =
        arrival_atlas::load::parse_table(text.as_bytes(), "joined.csv", &Default::default())
            .unwrap();
    let fp = t.indicator_index("foreign_pct").unwrap();
    let k = t.keys.iter().position(|k| k == "0101").unwrap();
    assert_eq!(t.value(fp, t.year_index(2005).unwrap(), k), Some(43.32));
}

#[test]
fn boundaries_with_data_as_geojson() {
    use arrival_atlas::export::joined::write_joined_geojson;
    let (ds, _, _) = demo();
    let y = ds.table().unwrap().year_index(2024).unwrap();
    let mut out = Vec::new();
    write_joined_geojson(&mut out, &ds, y).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), 32);
    let f = &features[0];
    assert_eq!(f["properties"]["key"], "0101");
    assert_eq!(f["properties"]["year"], 2024);
    let expected = ds.district_values(
        ds.table().unwrap().indicator_index("foreign_pct").unwrap(),
        y,
    )[0];
    assert_eq!(f["properties"]["foreign_pct"].as_f64(), expected);
    // It loads again as boundaries, with the same districts.
    let again =
        arrival_atlas::load::parse_boundaries(&out, "again.geojson", &Default::default()).unwrap();
    assert_eq!(again.districts.len(), 32);
    assert_eq!(again.key_field, "key");
}
