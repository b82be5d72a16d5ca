//! PDF exports checked on the real output: a map on one page with the bundled font embedded,
//! and district reports (one A4 page per district, Berlin reports within their pages, long
//! names wrapped).

use super::export::{demo, export_args};
use crate::support;
use crate::support::bin;
use atlas_data::dataset::{DatasetOptions, load_dataset};
use atlas_i18n::Lang;
use atlas_scene::MapGeometry;

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

/// Berlin's Planungsräume with the population register's table, and their geometry.
fn berlin_planning_areas() -> (atlas_data::dataset::Dataset, MapGeometry) {
    let paths = support::berlin_paths(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    let ds = load_dataset(&paths, &DatasetOptions::default()).unwrap();
    let g = MapGeometry::build(&ds.districts).unwrap();
    (ds, g)
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

/// District reports of three Berlin planning areas — 01011103, 09041403 and 06010102 (a key two
/// features share) — with every indicator of the population table and twelve rules: every
/// text stays inside the page margins and above the footer, content flows onto further pages,
/// every indicator and every rule is listed, and the shared key is said and shown.
#[test]
fn berlin_district_reports_stay_within_their_pages() {
    use atlas_analysis::rules::{Combine, Condition, Op, Rule, Threshold, evaluate_all};
    use atlas_render::report::{PAGE_H, PAGE_W, ReportSpec, report_pages};
    use atlas_scene::map_scene::text_width;
    let (ds, g) = berlin_planning_areas();
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
    let (ds, g) = berlin_planning_areas();
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

/// The same map written twice, by two processes, is the same PDF to the byte (svg2pdf's
/// resource dictionaries came in another order on every run, and the objects with other
/// numbers).
#[test]
fn the_same_map_gives_the_same_pdf_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str| {
        let out = dir.path().join(name);
        let o = bin()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(export_args(
                &out,
                &["--indicator", "foreign_pct", "--year", "2015"],
            ))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(&out).unwrap()
    };
    let (a, b) = (write("a.pdf"), write("b.pdf"));
    assert_eq!(pdf_pages(&a).len(), 1);
    assert!(
        a == b,
        "two runs wrote different PDFs ({} and {} bytes)",
        a.len(),
        b.len()
    );
}
