//! Headless export of the demo city, checked on the real output: PNG size and the colour of a
//! district's interior pixel against its class, the SVG parsed with one path per district and
//! the legend text, the PDF parsed (pages, size, embedded font), district reports, the legend
//! JSON adding up, one file per year, and clear errors.
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

fn root() -> PathBuf {
    support::repo()
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
            min_denominator: atlas_scene::choropleth::DEFAULT_MIN_DENOMINATOR,
        },
    )
    .unwrap();
    (ds, g, c)
}

/// The demo city's foreign share in `year` (no overlay), as the app would show it.
fn desc(year: i32, lang: Lang, labels: bool) -> MapDescription {
    let mut d = MapDescription::indicator("foreign_pct", year, lang);
    d.scene.labels = labels;
    d
}

/// The map `d` describes on the demo city, through the one map pipeline.
fn scene_of(d: &MapDescription, width: u32, height: u32) -> MapScene {
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

/// Pages of a PDF with their MediaBox, read by a real PDF parser.
fn pdf_pages(bytes: &[u8]) -> Vec<[f32; 4]> {
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc.get_dictionary(id).unwrap();
            let mb = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let n = |i: usize| mb[i].as_float().unwrap();
            [n(0), n(1), n(2), n(3)]
        })
        .collect()
}

/// Every font embedded in the PDF (base font names).
fn pdf_fonts(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"Font"))
        .filter_map(|d| d.get(b"BaseFont").ok()?.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

#[test]
fn cli_writes_a_one_page_pdf_with_the_bundled_font() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.pdf");
    let o = bin()
        .args(export_args(
            &out,
            &["--indicator", "foreign_pct", "--year", "2024"],
        ))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&out).unwrap();
    // 1920 × 1080 px at 96 dpi.
    assert_eq!(pdf_pages(&bytes), vec![[0.0, 0.0, 1440.0, 810.0]]);
    let fonts = pdf_fonts(&bytes);
    assert!(
        fonts.iter().any(|f| f.contains("DejaVuSans")),
        "text is set in the bundled font: {fonts:?}"
    );
    // The A4 print size becomes an A4 landscape page.
    let a4 = dir.path().join("a4.pdf");
    let o = bin()
        .args(export_args(
            &a4,
            &[
                "--indicator",
                "foreign_pct",
                "--year",
                "2024",
                "--width",
                "3508",
                "--height",
                "2480",
            ],
        ))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let [_, _, w, h] = pdf_pages(&std::fs::read(&a4).unwrap())[0];
    assert!(
        (w - 841.9).abs() < 0.5 && (h - 595.2).abs() < 0.5,
        "{w} × {h}"
    );
}

#[test]
fn district_report_has_one_a4_page_per_district() {
    use atlas_analysis::rules::{default_rules, evaluate_all};
    use atlas_render::report::{ReportSpec, district_report, report_pages};
    let (ds, g, _) = demo();
    let rules = default_rules(ds.table(), atlas_i18n::Lang::En);
    assert!(!rules.rules.is_empty());
    let results = evaluate_all(&ds, &rules.rules);
    let year = ds.table().unwrap().year_index(2024).unwrap();
    let spec = ReportSpec {
        location_quotient: None,
        indices: &[],
        year,
        rules: &rules.rules,
        results: &results,
        lang: Lang::En,
        date: "2026-11-25".into(),
        spatial: None,
    };
    let picked = [0, 5, 17];
    let bytes = district_report(&ds, &g, &picked, &spec).unwrap();
    let pages = pdf_pages(&bytes);
    assert_eq!(pages.len(), 3);
    for p in &pages {
        assert!(
            (p[2] - 595.5).abs() < 1.0 && (p[3] - 842.25).abs() < 1.0,
            "{p:?}"
        );
    }
    // The page SVGs: the district's name, its highlighted shape, the charts and a rule row.
    let svgs = report_pages(&ds, &g, &picked, &spec).unwrap();
    for (page, &d) in svgs.iter().zip(&picked) {
        let doc = roxmltree::Document::parse(&page.svg).unwrap();
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").to_owned())
            .collect();
        let district = &ds.districts.districts[d];
        assert!(texts.contains(&district.name), "{texts:?}");
        assert!(texts.iter().any(|t| t.ends_with(&district.key)));
        assert!(texts.iter().any(|t| t == "SYNTHETIC DATA"));
        assert!(texts.iter().any(|t| t.starts_with(&rules.rules[0].name)));
        assert!(doc.descendants().any(|n| {
            n.attribute("id")
                .is_some_and(|id| id == format!("district-{d}"))
        }));
        let series = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("series"))
            .count();
        // District and city line for each main indicator (the demo has four with roles).
        assert_eq!(series, 8, "district {d}");
    }
    // Every district, and errors for none or a bad index.
    let all: Vec<usize> = (0..ds.districts.districts.len()).collect();
    let bytes = district_report(&ds, &g, &all, &spec).unwrap();
    assert_eq!(pdf_pages(&bytes).len(), 32);
    assert!(district_report(&ds, &g, &[], &spec).is_err());
    assert!(district_report(&ds, &g, &[99], &spec).is_err());
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

/// District reports of three Berlin planning areas — 01011103, 09041403 and 06010102 (a key two
/// features share) — with every indicator of the population table and twelve rules: every
/// text stays inside the page margins and above the footer, content flows onto further pages,
/// every indicator and every rule is listed, and the shared key is said and shown.
#[test]
fn berlin_district_reports_stay_within_their_pages() {
    use atlas_analysis::rules::{Combine, Condition, Op, Rule, Threshold, evaluate_all};
    use atlas_render::report::{PAGE_H, PAGE_W, ReportSpec, report_pages};
    use atlas_scene::map_scene::text_width;
    let paths = support::berlin_paths(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    let ds = load_dataset(&paths, &DatasetOptions::default()).unwrap();
    let g = MapGeometry::build(&ds.districts).unwrap();
    let t = ds.table().unwrap();
    let rules: Vec<Rule> = (0..12)
        .map(|i| Rule {
            name: format!(
                "Regel {} — Ausländeranteil über dem {}. Perzentil",
                i + 1,
                40 + 5 * i
            ),
            combine: Combine::All,
            conditions: vec![Condition {
                indicator: "foreigners_pct".into(),
                op: Op::Ge,
                threshold: Threshold::Percentile(f64::from(40 + 5 * i)),
            }],
            groups: vec![],
        })
        .collect();
    let results = evaluate_all(&ds, &rules);
    let keys = ["01011103", "09041403", "06010102"];
    let picked: Vec<usize> = keys
        .iter()
        .map(|k| {
            ds.districts
                .districts
                .iter()
                .position(|d| d.key == *k)
                .unwrap_or_else(|| panic!("{k} not found"))
        })
        .collect();
    for lang in [Lang::De, Lang::En] {
        let spec = ReportSpec {
            location_quotient: None,
            indices: &[],
            year: t.last_year().unwrap(),
            rules: &rules,
            results: &results,
            lang,
            date: "30.11.2026".into(),
            spatial: None,
        };
        let pages = report_pages(&ds, &g, &picked, &spec).unwrap();
        assert!(
            pages.len() > picked.len(),
            "{lang:?}: content flows onto more pages"
        );
        let (w, h) = (PAGE_W as f32, PAGE_H as f32);
        let mut all_texts = Vec::new();
        let mut shared_note = false;
        for (n, page) in pages.iter().enumerate() {
            let doc = roxmltree::Document::parse(&page.svg).unwrap();
            for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
                let text = node.text().unwrap_or("").to_owned();
                let num = |a: &str| node.attribute(a).unwrap().parse::<f32>().unwrap();
                let (x, y, size) = (num("x"), num("y"), num("font-size"));
                let width = text_width(&text, size);
                let (x0, x1) = match node.attribute("text-anchor") {
                    Some("end") => (x - width, x),
                    Some("middle") => (x - width / 2.0, x + width / 2.0),
                    _ => (x, x + width),
                };
                let footer = (y - (h - 40.0)).abs() < 0.5;
                assert!(
                    x0 >= 47.5 && x1 <= w - 47.5,
                    "{lang:?} page {}: '{text}' crosses the side margins ({x0:.0}–{x1:.0})",
                    n + 1
                );
                assert!(
                    y - size >= 30.0 && (footer || y + 0.25 * size <= h - 64.0),
                    "{lang:?} page {}: '{text}' at y {y} crosses the top or the footer",
                    n + 1
                );
                shared_note |= text.contains("06010102")
                    || text.contains("Schlüssel gehört zu 2")
                    || text.contains("key belongs to 2");
                all_texts.push(text);
            }
            // Both features of the shared key are highlighted on its page.
            let highlighted = doc
                .descendants()
                .filter(|n| {
                    n.attribute("id")
                        .is_some_and(|i| i.starts_with("district-"))
                })
                .count();
            assert!(highlighted <= 2);
        }
        assert!(shared_note, "{lang:?}: the shared key is named");
        assert!(
            all_texts
                .iter()
                .any(|t| t.contains("Schlüssel gehört zu 2") || t.contains("key belongs to 2")),
            "{lang:?}: the shared key is explained"
        );
        // Every indicator, once per district (long labels wrap onto further lines).
        for i in 0..t.indicators.len() {
            let label = atlas_scene::text::indicator_label(t, i, lang);
            let start: String = label.chars().take(12).collect();
            let rows = all_texts.iter().filter(|s| s.starts_with(&start)).count();
            assert!(
                rows >= picked.len(),
                "{lang:?}: '{label}' listed {rows} times"
            );
        }
        // Every rule in the timeline of every district.
        for r in &rules {
            let start: String = r.name.chars().take(8).collect();
            let rows = all_texts.iter().filter(|s| s.starts_with(&start)).count();
            assert!(
                rows >= picked.len(),
                "{lang:?}: rule '{}' {rows} times",
                r.name
            );
        }
    }
}

/// A Berlin Planungsraum's report with the data's own rules fits one A4 page (it took two
/// half-empty ones: the charts went over as a block), and long indicator names wrap instead of
/// being cut ("inhabitants_germans_with_migration_b…").
#[test]
fn a_berlin_report_fits_one_page_and_wraps_long_names() {
    use atlas_analysis::rules::{default_rules, evaluate_all};
    use atlas_render::report::{ReportSpec, report_pages};
    let paths = support::berlin_paths(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    let ds = load_dataset(&paths, &DatasetOptions::default()).unwrap();
    let g = MapGeometry::build(&ds.districts).unwrap();
    let t = ds.table().unwrap();
    for lang in [Lang::De, Lang::En] {
        let rules = default_rules(Some(t), lang).rules;
        let results = evaluate_all(&ds, &rules);
        let picked: Vec<usize> = ["01011101", "08010117"]
            .iter()
            .map(|k| {
                ds.districts
                    .districts
                    .iter()
                    .position(|d| d.key == *k)
                    .unwrap()
            })
            .collect();
        let spec = ReportSpec {
            location_quotient: None,
            indices: &[],
            year: t.last_year().unwrap(),
            rules: &rules,
            results: &results,
            lang,
            date: "02.12.2026".into(),
            spatial: None,
        };
        let pages = report_pages(&ds, &g, &picked, &spec).unwrap();
        assert_eq!(pages.len(), picked.len(), "{lang:?}: one page per district");
        for page in &pages {
            let doc = roxmltree::Document::parse(&page.svg).unwrap();
            let texts: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("text"))
                .filter_map(|n| n.text())
                .collect();
            assert!(
                !texts.iter().any(|t| t.contains('…')),
                "{lang:?}: nothing is cut: {:?}",
                texts.iter().filter(|t| t.contains('…')).collect::<Vec<_>>()
            );
            // The longest names, whole over their lines (in the table and a chart title).
            let joined = texts.concat();
            for id in [
                "inhabitants_germans_without_migration_background",
                "inhabitants_with_migration_background",
            ] {
                assert!(joined.contains(id), "{lang:?}: {id} is not whole");
            }
        }
    }
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
