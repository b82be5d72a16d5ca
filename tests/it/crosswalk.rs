//! Crosswalks and regridding between two district grids, on hand-made grids and on Berlin's
//! forecast areas across their 2021 revision: weights by area and by population, crosswalk
//! files read and checked, counts distributed and rates recomputed, and a table on another
//! grid never joined by name (inspect warns of the two grids).

use super::geographies::{collection, load, rect};
use crate::support::berlin;
use atlas_data::model::YearIdx;

/// (new key → inhabitants) in `year` of a table on the new grid.
fn inhabitants(
    t: &atlas_data::model::IndicatorTable,
    year: i32,
) -> std::collections::BTreeMap<String, f64> {
    let i = t.indicator_index("inhabitants").unwrap();
    let y = t.year_index(year).unwrap();
    (0..t.keys.len())
        .filter_map(|k| Some((t.keys[k].clone(), t.value(i, y, k)?)))
        .collect()
}

#[test]
fn crosswalk_of_the_forecast_areas_across_the_2021_revision() {
    use atlas_analysis::geog::crosswalk::{Basis, by_area, by_population, read_csv, write_csv};
    use atlas_analysis::geog::regrid::regrid;
    let old = load(
        "berlin_prognoseraeume_bis2020.geojson",
        "berlin_einwohner_prognoseraeume_bis2020.csv",
    );
    let new = load(
        "berlin_prognoseraeume_ab2021.geojson",
        "berlin_einwohner_prognoseraeume_ab2021.csv",
    );
    let fine = load(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    let area = by_area(&old.districts, &new.districts);
    let ft = fine.table().unwrap();
    let pop = fine.district_values(
        ft.indicator_index("inhabitants").unwrap(),
        ft.year_index(2020).unwrap(),
    );
    let population = by_population(
        &old.districts,
        &new.districts,
        &fine.districts,
        &pop,
        Basis::Population {
            source: "PLR".into(),
            indicator: "inhabitants".into(),
            year: 2020,
        },
    );
    let published_2021 = inhabitants(new.table().unwrap(), 2021);
    for (name, cw) in [("area", &area), ("population", &population)] {
        // Every old area's weights add up to 1 minus its share outside the new file (measured
        // apart, by a difference of polygons).
        let sums = cw.sums();
        assert_eq!(sums.len(), 60, "{name}");
        for (k, s) in &sums {
            let outside = cw.outside[*k];
            assert!(
                (s + outside - 1.0).abs() < 1e-9,
                "{name} {k}: {s} + {outside}"
            );
            assert!(outside < 1e-3, "{name} {k}: {outside}");
        }
        // Before the pieces were scaled, they added up to within 1e-6 of the whole: the
        // overlay's integer grid loses about 1e-8 of an area, and where neighbouring new
        // districts overlap by a digitising sliver a small planning area counts it twice
        // (seen: 7e-9 by area, -5e-7 by population).
        eprintln!("{name}: overlay residual {:e}", cw.overlay_residual);
        assert!(
            cw.overlay_residual.abs() < 1e-6,
            "{name}: {}",
            cw.overlay_residual
        );
        // Written and read back: the same pairs.
        let mut buf = Vec::new();
        write_csv(&mut buf, cw).unwrap();
        let back = read_csv(&buf, "cw.csv").unwrap();
        assert_eq!(back.pairs, cw.pairs, "{name}");
        // Regridding keeps Berlin's total inhabitants in every year.
        let t = old.table().unwrap();
        let (out, report) = regrid(t, cw);
        assert!(report.not_in_crosswalk.is_empty());
        assert_eq!(out.keys.len(), 58);
        for &year in &t.years {
            let before: f64 = inhabitants(t, year).values().sum();
            let after: f64 = inhabitants(&out, year).values().sum();
            assert!(
                (before - after).abs() < 1e-6,
                "{name} {year}: {before} vs {after}"
            );
        }
        // How far regridded 2020 lies from the published 2021 per new area.
        let r2020 = inhabitants(&out, 2020);
        let mut off: Vec<(f64, String)> = published_2021
            .iter()
            .map(|(k, p)| ((r2020[k] - p).abs() / p * 100.0, k.clone()))
            .collect();
        off.sort_by(|a, b| a.0.total_cmp(&b.0));
        let median = (off[28].0 + off[29].0) / 2.0;
        let worst = off.last().unwrap();
        eprintln!(
            "{name} weights: regridded 2020 vs published 2021 inhabitants per new area: median {median:.2} %, worst {:.2} % ({})",
            worst.0, worst.1
        );
        // One year of growth and moves apart: a wrong crosswalk would be off by far more.
        assert!(median < 2.0, "{name}: {median}");
        if name == "population" {
            assert!(worst.0 < 10.0, "{worst:?}");
        }
    }
}

#[test]
fn crosswalk_files_are_read_with_their_header_and_checked() {
    use atlas_analysis::geog::crosswalk::read_csv;
    let cw = read_csv(b"alt;neu;anteil\n0101;0110;0,75\n0101;0120;0,25\n", "x.csv").unwrap();
    assert_eq!(cw.pairs.len(), 2);
    assert_eq!(cw.pairs[0].weight, 0.75);
    let cw = read_csv(b"a,b,0.5\n", "x.csv").unwrap();
    assert_eq!(cw.outside["a"], 0.5);
    let e = read_csv(b"old_key;new_key;weight\na;b;0.7\na;c;0.6\n", "x.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("add up to") && e.contains("'a'"), "{e}");
    let e = read_csv(b"old_key;new_key;weight\na;b;zwei\n", "x.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 2") && e.contains("'zwei'"), "{e}");
}

#[test]
fn regrid_distributes_counts_and_recomputes_rates_by_hand() {
    use atlas_analysis::geog::crosswalk::read_csv;
    use atlas_analysis::geog::regrid::{append, regrid};
    let csv =
        "id,year,inhabitants,foreigners_pct\nA,2020,100,10.0\nB,2020,300,30.0\nC,2020,7,0.5\n";
    let (mut t, _) =
        atlas_data::load::parse_table(csv.as_bytes(), "t.csv", &Default::default()).unwrap();
    atlas_data::load::apply_meta(&mut t, None);
    // A splits 3:1 into X and Y, B goes to Y; C is not in the crosswalk.
    let cw = read_csv(
        b"old_key;new_key;weight\nA;X;0.75\nA;Y;0.25\nB;Y;1\n",
        "c.csv",
    )
    .unwrap();
    let (out, report) = regrid(&t, &cw);
    assert_eq!(out.keys, vec!["X", "Y"]);
    assert_eq!(report.not_in_crosswalk, vec!["C"]);
    let inh = out.indicator_index("inhabitants").unwrap();
    let pct = out.indicator_index("foreigners_pct").unwrap();
    assert_eq!(out.value(inh, YearIdx(0), 0), Some(75.0));
    assert_eq!(out.value(inh, YearIdx(0), 1), Some(325.0));
    assert_eq!(out.value(pct, YearIdx(0), 0), Some(10.0));
    // Foreigners 2.5 + 90 over 325 residents.
    assert!((out.value(pct, YearIdx(0), 1).unwrap() - 92.5 / 325.0 * 100.0).abs() < 1e-12);
    // Appending the table published on the new grid: one series, the published year wins.
    let newer = "id,year,inhabitants,foreigners_pct\nX,2021,80,11\nY,2021,330,29\n";
    let (mut n, _) =
        atlas_data::load::parse_table(newer.as_bytes(), "n.csv", &Default::default()).unwrap();
    atlas_data::load::apply_meta(&mut n, None);
    let both = append(&out, &n);
    assert_eq!(both.years, vec![2020, 2021]);
    assert_eq!(
        both.value(both.indicator_index("inhabitants").unwrap(), YearIdx(1), 0),
        Some(80.0)
    );
    assert_eq!(
        both.value(both.indicator_index("inhabitants").unwrap(), YearIdx(0), 1),
        Some(325.0)
    );
}

#[test]
fn crosswalk_weights_by_area_and_population_by_hand() {
    use atlas_analysis::geog::crosswalk::{Basis, by_area, by_population};
    let parse = |features: &[String]| {
        atlas_data::load::parse_boundaries(
            collection(features).as_bytes(),
            "x.geojson",
            &Default::default(),
        )
        .unwrap()
    };
    // Old: one square 13.00–13.04. New: X over its left three quarters, Y over the rest and
    // beyond.
    let old = parse(&[rect("O", 13.0, 52.0, 13.04, 52.01)]);
    let new = parse(&[
        rect("X", 12.99, 51.99, 13.03, 52.02),
        rect("Y", 13.03, 51.99, 13.06, 52.02),
    ]);
    let cw = by_area(&old, &new);
    let w: Vec<(&str, f64)> = cw
        .pairs
        .iter()
        .map(|p| (p.new.as_str(), p.weight))
        .collect();
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].0, "X");
    // Same latitude band: the share on the sphere is the share of longitude.
    assert!((w[0].1 - 0.75).abs() < 1e-9, "{w:?}");
    assert!((w[1].1 - 0.25).abs() < 1e-9, "{w:?}");
    assert!(cw.outside["O"] < 1e-12);
    // Population: a fine unit of 90 people in X's part, 10 in Y's part.
    let fine = parse(&[
        rect("f1", 13.0, 52.0, 13.03, 52.01),
        rect("f2", 13.03, 52.0, 13.04, 52.01),
    ]);
    let cw = by_population(
        &old,
        &new,
        &fine,
        &[Some(90.0), Some(10.0)],
        Basis::Population {
            source: "f".into(),
            indicator: "p".into(),
            year: 2020,
        },
    );
    let w: Vec<f64> = cw.pairs.iter().map(|p| p.weight).collect();
    assert!(
        (w[0] - 0.9).abs() < 1e-9 && (w[1] - 0.1).abs() < 1e-9,
        "{w:?}"
    );
    // Half of an old district outside the new file.
    let old = parse(&[rect("O", 13.05, 52.0, 13.07, 52.01)]);
    let cw = by_area(&old, &new);
    assert!((cw.outside["O"] - 0.5).abs() < 1e-9, "{:?}", cw.outside);
    assert!((cw.pairs[0].weight - 0.5).abs() < 1e-9);
}

#[test]
fn a_table_on_another_grid_is_never_joined_by_name() {
    use atlas_data::grids::GridKind;
    // The pre-2021 forecast-area table on the 2021 forecast areas: same form of key, 1 shared,
    // 40 names under other keys.
    let ds = load(
        "berlin_prognoseraeume_ab2021.geojson",
        "berlin_einwohner_prognoseraeume_bis2020.csv",
    );
    let t = ds.table().unwrap();
    assert_eq!(t.key_column, "id", "not switched to the name column");
    let g = ds.grid.as_ref().expect("grid mismatch detected");
    assert_eq!(g.kind, GridKind::Revision);
    assert_eq!(g.matched, 1);
    assert!(g.names_under_other_keys >= 30, "{g:?}");
    assert!(g.message().contains("two different district grids"));
    assert!(ds.join_warning().unwrap().contains("crosswalk"));
    // No name suggestions and no join by name across the grids.
    assert!(atlas_data::join_suggest::suggestions(&ds).is_empty());
    assert!(atlas_data::join_suggest::name_join(&ds).is_empty());
    // A planning-area table on the Bezirke: finer, aggregate by prefix 2.
    let ds = load(
        "berlin_bezirke.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    assert_eq!(ds.table().unwrap().key_column, "id");
    assert_eq!(
        ds.grid.as_ref().map(|g| g.kind.clone()),
        Some(GridKind::Finer { prefix: 2 })
    );
    // Tables on their own grid: nothing said.
    for (b, t) in [
        (
            "berlin_prognoseraeume_ab2021.geojson",
            "berlin_einwohner_prognoseraeume_ab2021.csv",
        ),
        (
            "berlin_prognoseraeume_bis2020.geojson",
            "berlin_einwohner_prognoseraeume_bis2020.csv",
        ),
        (
            "berlin_planungsraeume_bis2020.geojson",
            "berlin_einwohner_planungsraeume_bis2020.csv",
        ),
        ("berlin_bezirke.geojson", "berlin_einwohner_bezirke.csv"),
    ] {
        assert!(load(b, t).grid.is_none(), "{t}");
    }
}

#[test]
fn inspect_warns_of_two_grids_in_text_and_json() {
    let run = |json: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_arrival-atlas"));
        c.arg("inspect")
            .arg("--boundaries")
            .arg(berlin("berlin_prognoseraeume_ab2021.geojson"))
            .arg("--table")
            .arg(berlin("berlin_einwohner_prognoseraeume_bis2020.csv"));
        if json {
            c.arg("--json");
        }
        let out = c.output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(
        run(false).contains(
            "warning: the table and the boundaries look like two different district grids"
        )
    );
    let v: serde_json::Value = serde_json::from_str(&run(true)).unwrap();
    assert_eq!(v["grid_mismatch"]["kind"], "revision");
    assert_eq!(v["grid_mismatch"]["matched"], 1);
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .contains("boundary revision")
    );
}
