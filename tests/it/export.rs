//! Headless export of the demo city, checked on the real output: PNG size and the colour of a
//! district's interior pixel against its class, the SVG parsed with one path per district and
//! the legend text, the PDF parsed (pages, size, embedded font), district reports, the legend
//! JSON adding up, one file per year, and clear errors. PDFs and district reports are checked
//! in `export_pdf`, with this file's helpers.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::bin;
use atlas_analysis::classify::{BreakMode, Scheme};
use atlas_data::dataset::{Dataset, DatasetOptions, demo_paths, load_dataset};
use atlas_i18n::Lang;
use atlas_render::{png, svg};
use atlas_scene::map_scene::MapScene;
use atlas_scene::{Choropleth, ChoroplethSpec, MapGeometry};
use atlas_session::headless::{HeadlessView, MapDescription};
use std::path::{Path, PathBuf};

pub(crate) fn root() -> PathBuf {
    support::repo()
}

pub(crate) fn demo() -> (Dataset, MapGeometry, Choropleth) {
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
            min_denominator: atlas_scene::choropleth::DEFAULT_MIN_DENOMINATOR,
        },
    )
    .unwrap();
    (ds, g, c)
}

/// The demo city's foreign share in `year` (no overlay), as the app would show it.
pub(crate) fn desc(year: i32, lang: Lang, labels: bool) -> MapDescription {
    let mut d = MapDescription::indicator("foreign_pct", year, lang);
    d.scene.labels = labels;
    d
}

/// The map `d` describes on the demo city, through the one map pipeline.
pub(crate) fn scene_of(d: &MapDescription, width: u32, height: u32) -> MapScene {
    let ds = load_dataset(&demo_paths(&root()), &DatasetOptions::default()).unwrap();
    HeadlessView::new(ds, d)
        .unwrap()
        .scene(width, height)
        .unwrap()
}

#[test]
fn png_pixels_inside_districts_have_their_class_colour() {
    let (ds, _, c) = demo();
    let year = ds.table().unwrap().year_index(2024).unwrap();
    let scene = scene_of(&desc(2024, Lang::En, false), 1920, 1080);
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
    let (ds, _, c) = demo();
    let year = ds.table().unwrap().year_index(2024).unwrap();
    let scene = scene_of(&desc(2024, Lang::De, true), 1920, 1080);
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

pub(crate) fn export_args(out: &Path, extra: &[&str]) -> Vec<String> {
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
            dir.path().join("m.tiff"),
            "must end in .png, .svg or .pdf",
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
    use atlas_render::joined::{CsvStyle, write_joined_csv};
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
        atlas_data::load::parse_table(text.as_bytes(), "joined.csv", &Default::default()).unwrap();
    let fp = t.indicator_index("foreign_pct").unwrap();
    let k = t.keys.iter().position(|k| k == "0101").unwrap();
    assert_eq!(t.value(fp, t.year_index(2005).unwrap(), k), Some(43.32));
}

#[test]
fn boundaries_with_data_as_geojson() {
    use atlas_render::joined::write_joined_geojson;
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
        atlas_data::load::parse_boundaries(&out, "again.geojson", &Default::default()).unwrap();
    assert_eq!(again.districts.len(), 32);
    assert_eq!(again.key_field, "key");
}

/// The rule overlay is one outline around each group of neighbouring flagged districts: on the
/// demo city, edges that two flagged districts share are not drawn, every other edge of a
/// flagged district is.
#[test]
fn the_overlay_outlines_the_union_of_the_flagged_districts() {
    use atlas_analysis::rules::{Tri, default_rules, evaluate_all};
    use atlas_scene::overlay::OverlayLines;
    use std::collections::HashMap;
    let (ds, g, _) = demo();
    let rules = default_rules(ds.table(), Lang::En);
    let results = evaluate_all(&ds, &rules.rules);
    let y = ds.table().unwrap().year_index(2015).unwrap();
    let row = &results[0].per_year[y.get()];
    let lines = OverlayLines::build(&g.polygons, row);
    let key = |p: [f64; 2]| {
        (
            (p[0] * 1000.0).round() as i64,
            (p[1] * 1000.0).round() as i64,
        )
    };
    let edge = |a: [f64; 2], b: [f64; 2]| {
        let (ka, kb) = (key(a), key(b));
        if ka < kb { (ka, kb) } else { (kb, ka) }
    };
    // How many flagged districts have each edge.
    let mut owners: HashMap<_, usize> = HashMap::new();
    for (d, mp) in g.polygons.iter().enumerate() {
        if row[d] != Tri::True {
            continue;
        }
        for poly in &mp.0 {
            for w in poly.exterior().0.windows(2) {
                *owners
                    .entry(edge([w[0].x, w[0].y], [w[1].x, w[1].y]))
                    .or_default() += 1;
            }
        }
    }
    let shared = owners.values().filter(|&&n| n == 2).count();
    assert!(shared > 0, "flagged neighbours share edges in 2015");
    let drawn: std::collections::HashSet<_> = lines.met.iter().map(|s| edge(s[0], s[1])).collect();
    for (e, n) in &owners {
        assert_eq!(drawn.contains(e), *n == 1, "edge {e:?} owned {n} times");
    }
    assert_eq!(
        lines.met.len(),
        owners.values().filter(|&&n| n == 1).count()
    );
    // The SVG draws it as one path of segments, not a path per district.
    let mut d = desc(2015, Lang::En, false);
    d.scene.active_rule = Some(0);
    let scene = scene_of(&d, 1920, 1080);
    let text = svg::to_svg(&scene);
    let overlay = text
        .split("<g id=\"rule-overlay\">")
        .nth(1)
        .and_then(|s| s.split("</g>").next())
        .unwrap();
    assert_eq!(overlay.matches("<path").count(), 1, "{overlay}");
    assert_eq!(overlay.matches('M').count(), lines.met.len());
}

/// The scale bar measures the map: its length over the metres it names is the map's own
/// pixels per metre (the city's drawn width over its projected width).
#[test]
fn the_scale_bar_is_true_to_the_map() {
    for lang in [Lang::En, Lang::De] {
        let (ds, g, _) = demo();
        let first = ds.table().unwrap().years[0];
        let scene = scene_of(&desc(first, lang, false), 1920, 1080);
        let [_, _, bar_px, _] = scene.scale_bar.expect("a scale bar");
        let label = scene
            .texts
            .iter()
            .find(|t| t.text.ends_with(" km") || t.text.ends_with(" m"))
            .expect("its label");
        let (number, unit) = label.text.split_once(' ').unwrap();
        let metres = number.replace(',', ".").parse::<f64>().unwrap()
            * if unit == "km" { 1000.0 } else { 1.0 };
        let xs = scene
            .districts
            .iter()
            .flat_map(|d| d.rings.iter().flatten().map(|p| p[0]));
        let (min, max) = xs.fold((f32::MAX, f32::MIN), |(a, b), x| (a.min(x), b.max(x)));
        let px_per_metre = f64::from(max - min) / (g.bounds[2] - g.bounds[0]);
        let bar = f64::from(bar_px) / metres;
        assert!(
            (bar / px_per_metre - 1.0).abs() < 1e-3,
            "{lang:?}: bar {bar} px/m, map {px_per_metre} px/m ({})",
            label.text
        );
        // A round length: 1, 2 or 5 × 10ⁿ.
        let lead = metres / 10f64.powi(metres.log10().floor() as i32);
        assert!(
            [1.0, 2.0, 5.0].iter().any(|r| (lead - r).abs() < 1e-9),
            "{metres}"
        );
    }
}

#[test]
fn dates_are_written_as_the_language_writes_them() {
    use atlas_render::local_date;
    assert_eq!(local_date("2026-11-30", Lang::De), "30.11.2026");
    assert_eq!(local_date("2026-11-30", Lang::En), "2026-11-30");
    assert_eq!(local_date("heute", Lang::De), "heute");
}

/// `export --simulate`: the map as seen with a colour-vision deficiency, said in the legend.
#[test]
fn a_simulated_colour_vision_recolours_the_map_and_says_so() {
    use atlas_analysis::vision::Vision;
    let first = demo().0.table().unwrap().years[0];
    let normal = scene_of(&desc(first, Lang::En, false), 1920, 1080);
    let mut d = desc(first, Lang::En, false);
    d.vision = Vision::Achromatopsia;
    let grey = scene_of(&d, 1920, 1080);
    assert!(normal.districts.iter().any(|d| d.fill.0 != d.fill.2));
    for d in &grey.districts {
        assert!(
            d.fill.0.abs_diff(d.fill.1) <= 1 && d.fill.1.abs_diff(d.fill.2) <= 1,
            "{}: {:?}",
            d.name,
            d.fill
        );
    }
    assert!(
        grey.texts
            .iter()
            .any(|t| t.text.contains("simulated colour vision: achromatopsia"))
    );
    // The same lightness order: darker classes stay darker.
    let rows: Vec<u8> = grey
        .legend_rows
        .iter()
        .filter(|r| !r.hatched)
        .map(|r| r.fill.0)
        .collect();
    assert!(rows.windows(2).all(|w| w[0] <= w[1]) || rows.windows(2).all(|w| w[0] >= w[1]));
}

/// A title wider than the page wraps at spaces, never inside a word, and stays clear of the
/// badge.
#[test]
fn a_long_title_wraps_at_spaces() {
    use atlas_scene::map_scene::text_width;
    let long = "Anteil der Einwohnerinnen und Einwohner mit ausländischer Staatsangehörigkeit an allen gemeldeten Einwohnern";
    let first = demo().0.table().unwrap().years[0];
    let mut d = desc(first, Lang::De, false);
    d.scene.text.title = Some(long.into());
    let scene = scene_of(&d, 1280, 720);
    let biggest = scene.texts.iter().map(|t| t.size).fold(0.0f32, f32::max);
    let lines: Vec<&str> = scene
        .texts
        .iter()
        .filter(|t| (t.size - biggest).abs() < 1e-3)
        .map(|t| t.text.as_str())
        .collect();
    assert!(lines.len() >= 2, "{lines:?}");
    let badge = scene.synthetic_box.expect("demo badge");
    for (l, t) in lines.iter().zip(
        scene
            .texts
            .iter()
            .filter(|t| (t.size - biggest).abs() < 1e-3),
    ) {
        assert!(
            t.pos[0] + text_width(l, t.size) < badge[0],
            "'{l}' runs into the badge"
        );
    }
    // Every word whole, in order.
    let joined = lines.join(" ");
    assert!(joined.starts_with(long), "{joined}");
}

/// A table that matches no district: the subtitle says that no district has data, not
/// "Quantiles, 0 classes" (issue 22); the legend counts every district as no data.
#[test]
fn a_map_without_data_says_so_in_its_subtitle() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("nomatch.csv");
    std::fs::write(&table, "key,year,share\nX1,2020,5\nX2,2020,7\n").unwrap();
    let out = dir.path().join("map.svg");
    let b = root().join("data/demo/districts.geojson");
    support::run_ok(&[
        "export",
        "--boundaries",
        b.to_str().unwrap(),
        "--table",
        table.to_str().unwrap(),
        "--indicator",
        "share",
        "--year",
        "2020",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains(">no district has data in this year</text>"),
        "{text}"
    );
    assert!(!text.contains("0 classes"));
    assert!(text.contains(">no data  (32)</text>"));
}
