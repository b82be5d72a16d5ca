//! Segregation on the app's and the command line's surfaces (issue 24): the contracted JSON,
//! the location-quotient map and report line, the Segregation tab, and regridded years that
//! say the index depends on the grid. The reference values are `segregation.rs`'s (PySAL).
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::segregation::{BZR_2015, BZR_2020, THREE, close, foreigners, year};
use crate::support;
use atlas_analysis::segregation::{Units, single};
use atlas_data::dataset::DatasetPaths;

/// The command line: JSON for one year and all, the evenness p-values, the change test,
/// the local values file, and one-line errors.
#[test]
fn the_cli_writes_the_contracted_json() {
    let b = support::berlin("berlin_bezirksregionen_bis2020.geojson");
    let t = support::berlin("berlin_einwohner_bezirksregionen_bis2020.csv");
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("lq.csv");
    let base = |extra: &[&str]| -> std::process::Output {
        let mut args = vec![
            "segregation",
            "--boundaries",
            b.to_str().unwrap(),
            "--table",
            t.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        support::bin().args(&args).output().unwrap()
    };
    let out = base(&[
        "--group",
        "inhabitants_foreigners",
        "--total",
        "inhabitants",
        "--year",
        "2020",
        "--permutations",
        "99",
        "--local-out",
        local.to_str().unwrap(),
        "--json",
    ]);
    support::assert_success(&out);
    let v = support::json_of(&out);
    assert_eq!(v["year"], 2020);
    assert_eq!(v["n"], 138);
    assert_eq!(v["group"], "inhabitants_foreigners");
    assert_eq!(v["total"], "inhabitants");
    for name in atlas_analysis::segregation::SINGLE_INDICES {
        assert!(v["indices"][name].is_f64(), "{name}");
        let p = v["p_values"][name].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p), "{name}: {p}");
    }
    close(
        "D",
        v["indices"]["dissimilarity"].as_f64().unwrap(),
        BZR_2020[0],
        1e-12,
    );
    let csv = std::fs::read_to_string(&local).unwrap();
    assert!(csv.starts_with("key,year,location_quotient\n"), "{csv}");
    assert_eq!(csv.lines().count(), 139);
    // All years with three groups: a list, multigroup names.
    let out = base(&["--groups", &THREE.join(","), "--year", "all", "--json"]);
    let v = support::json_of(&out);
    let years = v.as_array().unwrap();
    assert_eq!(years.len(), 6);
    assert_eq!(years[0]["groups"].as_array().unwrap().len(), 3);
    close(
        "multi D 2020",
        years[5]["indices"]["multi_dissimilarity"].as_f64().unwrap(),
        BZR_2020[7],
        1e-12,
    );
    // The change 2015 → 2020 without --year: one object per comparable index, B − A exact.
    let out = base(&[
        "--group",
        "inhabitants_foreigners",
        "--total",
        "inhabitants",
        "--compare",
        "2015,2020",
        "--json",
    ]);
    let v = support::json_of(&out);
    let c = v["comparison"].as_array().unwrap();
    assert_eq!(c.len(), 5, "the aspatial indices");
    let d = c.iter().find(|c| c["index"] == "dissimilarity").unwrap();
    assert_eq!(d["years"], serde_json::json!([2015, 2020]));
    assert_eq!(
        d["difference"].as_f64().unwrap(),
        d["values"][1].as_f64().unwrap() - d["values"][0].as_f64().unwrap()
    );
    close(
        "D 2015",
        d["values"][0].as_f64().unwrap(),
        BZR_2015[0],
        1e-12,
    );
    close(
        "D 2020",
        d["values"][1].as_f64().unwrap(),
        BZR_2020[0],
        1e-12,
    );
    // Errors: one line, status 2.
    for (args, said) in [
        (
            vec![
                "--group",
                "inhabitants",
                "--total",
                "inhabitants_foreigners",
                "--year",
                "2020",
            ],
            "is larger than",
        ),
        (
            vec![
                "--group",
                "nope",
                "--total",
                "inhabitants",
                "--year",
                "2020",
            ],
            "no indicator 'nope'",
        ),
        (
            vec![
                "--group",
                "inhabitants_foreigners",
                "--total",
                "inhabitants",
            ],
            "--year",
        ),
        (
            vec!["--groups", "inhabitants", "--year", "2020"],
            "two or more groups",
        ),
    ] {
        let out = base(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(said), "{args:?}: {err}");
        assert_eq!(
            err.trim()
                .lines()
                .filter(|l| l.starts_with("error"))
                .count(),
            1
        );
    }
}

/// The location-quotient map counts what it draws: each area's quotient classed around 1,
/// the two features of the ambiguous key as no data; the district report states it.
#[test]
fn the_location_quotient_map_and_report() {
    use atlas_session::{Action, MapMode, Session, Startup};
    let paths = DatasetPaths {
        boundaries: support::berlin("berlin_planungsraeume_bis2020.geojson"),
        table: Some(support::berlin(
            "berlin_einwohner_planungsraeume_bis2020.csv",
        )),
        meta: None,
    };
    let mut s = Session::headless(Startup {
        paths: Some(paths),
        lang: Some(atlas_i18n::Lang::De),
        ..Default::default()
    });
    s.wait_for_jobs();
    s.apply(Action::SetMapMode(MapMode::LocationQuotient));
    s.wait_for_jobs();
    let ws = s.workspace.as_ref().unwrap();
    let legend = ws.legend.as_ref().unwrap();
    let counts: Vec<usize> = legend.rows.iter().map(|r| r.count).collect();
    // Our classes of the library's quotients, counted here.
    let units = Units::of(&ws.dataset);
    let m = year(&ws.dataset, &units, &foreigners(), 2020);
    let lq = single::location_quotients(&m.data.counts[0], &m.data.counts[1]);
    let mut expected = vec![0; 6];
    for q in lq {
        expected[atlas_session::segregation::lq_class(q.unwrap())] += 1;
    }
    expected[5] = 2;
    assert_eq!(counts, expected);
    assert_eq!(counts.iter().sum::<usize>(), 448);
    assert!(legend.note.contains("Standortquotient"), "{}", legend.note);
    // The report's line for Stülerstraße (PySAL's quotient 1.938…).
    let (what, values) = atlas_session::segregation::lq_by_district(
        &ws.dataset,
        &Default::default(),
        ws.dataset.table().unwrap().year_index(2020).unwrap(),
    )
    .unwrap();
    assert_eq!(what, "inhabitants_foreigners / inhabitants");
    let d = ws
        .dataset
        .districts
        .districts
        .iter()
        .position(|d| d.key == "01011101")
        .unwrap();
    close(
        "report LQ",
        values[d].unwrap(),
        1.938_383_401_094_697_9,
        1e-9,
    );
}

/// The Segregation tab in German: the indices through the years, the change in words, the
/// way to the map.
#[cfg(feature = "gui")]
#[test]
fn the_segregation_tab_says_the_change() {
    use egui_kittest::kittest::Queryable;
    let startup = arrival_atlas::app::Startup {
        paths: Some(DatasetPaths {
            boundaries: support::berlin("berlin_planungsraeume_bis2020.geojson"),
            table: Some(support::berlin(
                "berlin_einwohner_planungsraeume_bis2020.csv",
            )),
            meta: None,
        }),
        lang: Some(atlas_i18n::Lang::De),
        ..Default::default()
    };
    let mut h = support::app::start(startup, 1920.0, 1600.0);
    h.get_by_label("Segregation").click();
    h.run_steps(3);
    support::app::settle(&mut h);
    h.run_steps(3);
    h.get_by_label("Segregationsindex D: 0,244");
    let said = h
        .get_all_by_label_contains(
            "Segregationsindex D sank von 0,297 auf 0,244 zwischen 2015 und 2020; p ",
        )
        .count();
    assert_eq!(said, 1);
    h.get_by_label("Standortquotient kartieren").click();
    h.run_steps(3);
    assert_eq!(
        h.state().view.map_mode,
        atlas_session::MapMode::LocationQuotient
    );
    // Several groups: the three of the population register.
    h.get_by_label("Mehrere Gruppen").click();
    h.run_steps(3);
    support::app::settle(&mut h);
    h.run_steps(3);
    assert_eq!(h.state().view.segregation.groups.len(), 3);
    h.get_by_label_contains("Mehrgruppen-D: 0,247");
}

/// Years regridded from another grid carry the estimated mark and say that the index depends
/// on the grid: the Prognoseräume before 2021 carried onto those of 2021 (by area), the
/// published 2021–2024 appended.
#[test]
fn regridded_years_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_owned();
    let b = |n: &str| support::berlin(n).to_str().unwrap().to_owned();
    support::run_ok(&[
        "crosswalk",
        "--from",
        &b("berlin_prognoseraeume_bis2020.geojson"),
        "--to",
        &b("berlin_prognoseraeume_ab2021.geojson"),
        "--out",
        &p("c.csv"),
    ]);
    support::run_ok(&[
        "regrid",
        "--table",
        &b("berlin_einwohner_prognoseraeume_bis2020.csv"),
        "--crosswalk",
        &p("c.csv"),
        "--append",
        &b("berlin_einwohner_prognoseraeume_ab2021.csv"),
        "--out",
        &p("both.csv"),
    ]);
    let out = support::run_ok(&[
        "segregation",
        "--boundaries",
        &b("berlin_prognoseraeume_ab2021.geojson"),
        "--table",
        &p("both.csv"),
        "--group",
        "inhabitants_foreigners",
        "--total",
        "inhabitants",
        "--year",
        "all",
        "--json",
    ]);
    let v = support::json_of(&out);
    let years = v.as_array().unwrap();
    for y in years {
        let year = y["year"].as_i64().unwrap();
        let said = y["estimated"].as_str();
        if year <= 2020 {
            let s = said.unwrap_or_else(|| panic!("{year} is regridded"));
            assert!(s.contains("the index depends on the grid"), "{s}");
        } else {
            assert!(said.is_none(), "{year} is published on this grid");
        }
    }
    assert!(years.iter().any(|y| y["year"] == 2015) && years.iter().any(|y| y["year"] == 2024));
}
