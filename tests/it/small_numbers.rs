//! Small numbers: shares on fewer residents than the minimum denominator are drawn as "few
//! residents", counted apart in the legend and left out of the breaks — on the real Berlin
//! planning areas, where the Messegelände has 6 residents in 2020 (foreign share 100 %).
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::{assert_success, berlin};
use atlas_analysis::classify::{BreakMode, Scheme};
use atlas_analysis::ramps::FEW;
use atlas_data::dataset::{Dataset, DatasetOptions, DatasetPaths, load_dataset};
use atlas_scene::{Choropleth, ChoroplethSpec};

fn planning_areas() -> Dataset {
    load_dataset(
        &DatasetPaths {
            boundaries: berlin("berlin_planungsraeume_bis2020.geojson"),
            table: Some(berlin("berlin_einwohner_planungsraeume_bis2020.csv")),
            meta: None,
        },
        &DatasetOptions::default(),
    )
    .unwrap()
}

fn classify(ds: &Dataset, min: u32) -> Choropleth {
    let t = ds.table().unwrap();
    Choropleth::build(
        ds,
        &ChoroplethSpec {
            indicator: t.indicator_index("foreigners_pct").unwrap(),
            scheme: Scheme::NaturalBreaks { k: 5 },
            mode: BreakMode::PerYear,
            ramp: "YlGnBu".into(),
            reverse: false,
            min_denominator: min,
        },
    )
    .unwrap()
}

#[test]
fn six_residents_do_not_set_the_top_class() {
    let ds = planning_areas();
    let t = ds.table().unwrap();
    let y = t.year_index(2020).unwrap();
    let messe = ds
        .districts
        .districts
        .iter()
        .position(|d| d.key == "04020314")
        .unwrap();
    let off = classify(&ds, 0);
    let on = classify(&ds, 50);
    // Without the minimum the 100 % of six residents is the top of the breaks.
    assert_eq!(off.per_year[y.get()].max, Some(100.0));
    assert_eq!(off.few_at(y, messe), None);
    // With it the district is "few residents (6)", not classified, and the breaks end below.
    assert_eq!(on.few_at(y, messe), Some(6.0));
    assert!(on.per_year[y.get()].max.unwrap() < 100.0);
    assert_ne!(on.per_year[y.get()].breaks, off.per_year[y.get()].breaks);
    assert_eq!(on.fills(y)[messe], FEW);
    assert_eq!(on.classes(y)[messe], None);
    // The value itself is kept (tooltip, ranking).
    assert_eq!(on.values[y.get()][messe], Some(100.0));
    let l = on.legend(y, &t.years);
    assert_eq!(l.few, 1);
    let total: usize = l.entries.iter().map(|e| e.count).sum::<usize>() + l.no_data + l.few;
    assert_eq!(total, ds.districts.districts.len());
    // In 2017 two areas stand on fewer than 50 residents (8 and 40).
    let y17 = t.year_index(2017).unwrap();
    assert_eq!(on.legend(y17, &t.years).few, 2);
    // An indicator without a denominator is never "few".
    let c = Choropleth::build(
        &ds,
        &ChoroplethSpec {
            indicator: t.indicator_index("inhabitants").unwrap(),
            scheme: Scheme::Quantiles { k: 5 },
            mode: BreakMode::Pooled,
            ramp: "YlGnBu".into(),
            reverse: false,
            min_denominator: 50,
        },
    )
    .unwrap();
    assert!(c.few.is_empty());
    assert!(!c.fills(y).contains(&FEW));
}

#[test]
fn the_legend_and_exports_list_few_residents() {
    let ds = planning_areas();
    let t = ds.table().unwrap();
    let y = t.year_index(2020).unwrap();
    let c = classify(&ds, 50);
    let (rows, _) =
        atlas_scene::legend_rows::choropleth_rows(&c, y, &t.years, 2, atlas_i18n::Lang::En);
    let few = rows
        .iter()
        .find(|r| r.color == FEW)
        .expect("a few-residents row");
    assert_eq!(few.count, 1);
    assert!(few.hatched);
    assert_eq!(few.label, "few residents (under 50)");
    // The command line: legend JSON counts them apart; 0 turns it off.
    let dir = tempfile::tempdir().unwrap();
    for (min, want) in [("50", 1), ("0", 0)] {
        let json = dir.path().join(format!("l{min}.json"));
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_arrival-atlas"))
            .args(["export", "--indicator", "foreigners_pct", "--year", "2020"])
            .arg("--boundaries")
            .arg(berlin("berlin_planungsraeume_bis2020.geojson"))
            .arg("--table")
            .arg(berlin("berlin_einwohner_planungsraeume_bis2020.csv"))
            .args([
                "--min-denominator",
                min,
                "--width",
                "400",
                "--height",
                "300",
            ])
            .arg("--out")
            .arg(dir.path().join("m.png"))
            .arg("--legend-json")
            .arg(&json)
            .output()
            .unwrap();
        assert_success(&out);
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(v["few_residents"], want, "{min}");
        let counts: u64 = v["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_u64().unwrap())
            .sum();
        assert_eq!(
            counts + v["no_data"].as_u64().unwrap() + v["few_residents"].as_u64().unwrap(),
            448
        );
    }
}

/// Vector exports draw "few residents" as the screen and the PNG do: hatched over their own
/// pale colour, not as "no data" (issue 22: the Messegelände 04020314 in 2017, 8 residents,
/// was filled with the grey no-data pattern in SVG and PDF).
#[test]
fn svg_hatches_few_residents_over_their_own_colour() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.svg");
    let (b, t) = (
        berlin("berlin_planungsraeume_bis2020.geojson"),
        berlin("berlin_einwohner_planungsraeume_bis2020.csv"),
    );
    support::run_ok(&[
        "export",
        "--boundaries",
        b.to_str().unwrap(),
        "--table",
        t.to_str().unwrap(),
        "--indicator",
        "foreigners_pct",
        "--year",
        "2017",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let fill_of = |key: &str| {
        doc.descendants()
            .find(|n| n.attribute("data-key") == Some(key))
            .and_then(|n| n.attribute("fill"))
            .map(str::to_owned)
    };
    assert_eq!(fill_of("04020314").as_deref(), Some("url(#few)"));
    // The pattern lies over the few-residents colour, the no-data one over grey.
    let pattern_fill = |id: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("pattern") && n.attribute("id") == Some(id))
            .and_then(|p| p.children().find(|c| c.has_tag_name("rect")))
            .and_then(|r| r.attribute("fill"))
            .map(str::to_owned)
    };
    assert_eq!(pattern_fill("few"), Some(FEW.hex()));
    assert_eq!(
        pattern_fill("nodata"),
        Some(atlas_analysis::ramps::NO_DATA.hex())
    );
    assert_ne!(pattern_fill("few"), pattern_fill("nodata"));
    // The legend's few-residents swatch is the same pattern.
    let legend = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("legend"))
        .unwrap();
    assert!(
        legend
            .descendants()
            .any(|n| n.attribute("fill") == Some("url(#few)")),
        "the legend row"
    );
}

/// The Data table follows the small-number rule as the map does (issue 22): the Messegelände
/// in 2017 (8 residents) is "few residents (8): not classified", not "class 5 of 5".
#[test]
fn the_data_table_does_not_classify_few_residents() {
    use atlas_session::data_table::{class_text, rows};
    use atlas_session::{Action, Session, Startup};
    let mut s = Session::headless(Startup {
        paths: Some(support::berlin_paths(
            "berlin_planungsraeume_bis2020.geojson",
            "berlin_einwohner_planungsraeume_bis2020.csv",
        )),
        ..Startup::default()
    });
    s.wait_for_jobs();
    s.apply_all([
        Action::SetIndicator("foreigners_pct".into()),
        Action::SetYear(2017),
    ]);
    s.wait_for_jobs();
    s.sync();
    let ws = s.workspace.as_ref().unwrap();
    let all = rows(ws, atlas_i18n::Lang::En);
    let messe = all.iter().find(|r| r.key == "04020314").unwrap();
    assert!(messe.value.is_some());
    assert_eq!(messe.class, None);
    assert_eq!(messe.few, Some(8.0));
    assert_eq!(
        class_text(messe, atlas_i18n::Lang::En),
        "few residents (8): not classified"
    );
    assert_eq!(
        class_text(messe, atlas_i18n::Lang::De),
        "wenige Einwohner (8): nicht klassifiziert"
    );
    // Every other district with a value has its class, and exactly as many are "few" as the
    // legend counts.
    let legend = ws.legend.clone().unwrap();
    let few_row = legend
        .rows
        .iter()
        .find(|r| r.label.contains("few"))
        .unwrap();
    assert_eq!(
        all.iter().filter(|r| r.few.is_some()).count(),
        few_row.count
    );
    assert!(
        all.iter()
            .filter(|r| r.value.is_some() && r.few.is_none())
            .all(|r| r.class.is_some())
    );
}
