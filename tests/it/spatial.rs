//! Spatial weights and Moran statistics against libpysal/esda on a made grid
//! (tests/fixtures/spatial/README.md says how the reference values were computed), the GeoDa
//! weights files, and the real Berlin Bezirksregionen.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::berlin;
use atlas_analysis::spatial::lisa::{Correction, significant};
use atlas_analysis::spatial::weights::{Weights, contiguity, distance_band, knn};
use atlas_analysis::spatial::{Cluster, Options, year_stats};
use atlas_data::dataset::{Dataset, DatasetOptions, DatasetPaths, load_dataset};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    support::repo().join("tests/fixtures/spatial").join(name)
}

fn grid() -> Dataset {
    load_dataset(
        &DatasetPaths {
            boundaries: fixture("grid.geojson"),
            table: Some(fixture("grid.csv")),
            meta: None,
        },
        &DatasetOptions::default(),
    )
    .unwrap()
}

fn reference() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("ref.json")).unwrap()).unwrap()
}

/// Neighbours by key.
fn by_key(ds: &Dataset, w: &Weights) -> BTreeMap<String, Vec<String>> {
    let k = |i: usize| ds.districts.districts[i].key.clone();
    (0..w.len())
        .map(|i| {
            let mut n: Vec<String> = w.neighbors[i].iter().map(|&j| k(j)).collect();
            n.sort();
            (k(i), n)
        })
        .collect()
}

fn ref_neighbors(r: &serde_json::Value, crit: &str) -> BTreeMap<String, Vec<String>> {
    r[crit]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let mut n: Vec<String> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_owned())
                .collect();
            n.sort();
            (k.clone(), n)
        })
        .collect()
}

#[test]
fn queen_and_rook_equal_libpysal() {
    let ds = grid();
    let r = reference();
    for (crit, rook) in [("queen", false), ("rook", true)] {
        let w = contiguity(&ds.districts, rook, 0.0);
        assert_eq!(by_key(&ds, &w), ref_neighbors(&r, crit), "{crit}");
    }
    let q = contiguity(&ds.districts, false, 0.0);
    let isl = ds
        .districts
        .districts
        .iter()
        .position(|d| d.key == "ISL")
        .unwrap();
    assert_eq!(q.islands(), vec![isl]);
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!(
        (a - b).abs() <= tol * b.abs().max(1.0),
        "{what}: {a} vs {b}"
    );
}

#[test]
fn moran_and_lisa_equal_esda() {
    let ds = grid();
    let r = reference();
    let t = ds.table().unwrap();
    let ind = t.indicator_index("v").unwrap();
    for (crit, rook) in [("queen", false), ("rook", true)] {
        let w = contiguity(&ds.districts, rook, 0.0);
        for year in [2020, 2021] {
            let e = &r[format!("{crit}_{year}")];
            let y = t.year_index(year).unwrap();
            let o = Options {
                permutations: 9999,
                seed: 42,
                ..Options::default()
            };
            let s = year_stats(&ds, &w, ind, y, &o);
            let m = s.moran.as_ref().unwrap();
            let what = format!("{crit} {year}");
            for (name, got) in [
                ("I", m.I),
                ("EI", m.EI),
                ("VI_norm", m.VI_norm),
                ("z_norm", m.z_norm),
                ("VI_rand", m.VI_rand),
                ("z_rand", m.z_rand),
            ] {
                close(
                    got,
                    e[name].as_f64().unwrap(),
                    1e-9,
                    &format!("{what} {name}"),
                );
            }
            // The p-values are tiny here: relative agreement.
            for (name, got) in [("p_norm", m.p_norm), ("p_rand", m.p_rand)] {
                let want = e[name].as_f64().unwrap();
                assert!(
                    (got - want).abs() <= 1e-9 * want.max(1e-300) + 1e-300,
                    "{what} {name}: {got} vs {want}"
                );
            }
            // Local: by key, exactly (to rounding) for Ii and the quadrant; the permutation
            // p-values within Monte Carlo error of esda's: both are estimates from 9 999
            // permutations, so their difference has a standard error of √(2 p (1 − p) / 9 999);
            // 4.5 of them allowed (with 99 999 permutations both agree to 0.001: D02 0.0130 here,
            // 0.0131 in esda).
            let ids = e["ids"].as_array().unwrap();
            assert_eq!(ids.len(), s.n);
            let mut compared = 0;
            for (k, id) in ids.iter().enumerate() {
                let d = ds
                    .districts
                    .districts
                    .iter()
                    .position(|x| x.key == id.as_str().unwrap())
                    .unwrap();
                let l = &s.local[d];
                close(
                    l.ii.unwrap(),
                    e["Is"][k].as_f64().unwrap(),
                    1e-9,
                    &format!("{what} Ii {id}"),
                );
                assert_eq!(
                    l.quadrant.unwrap() as u64,
                    e["q"][k].as_u64().unwrap(),
                    "{what} q {id}"
                );
                if id == "ISL" {
                    assert_eq!(l.p_sim, None, "islands have no pseudo p-value");
                    assert_eq!(l.cluster, Cluster::Island);
                    continue;
                }
                let (p, want) = (l.p_sim.unwrap(), e["p_sim"][k].as_f64().unwrap());
                let mean = (p + want) / 2.0;
                let se = (2.0 * mean * (1.0 - mean) / 9999.0).sqrt().max(1e-4);
                assert!(
                    (p - want).abs() <= 4.5 * se,
                    "{what} p_sim {id}: {p} vs {want}"
                );
                compared += 1;
            }
            assert!(compared >= 46, "{compared}");
        }
    }
}

#[test]
fn a_missing_value_is_left_out_and_shown_as_no_data() {
    let ds = grid();
    let t = ds.table().unwrap();
    let w = contiguity(&ds.districts, false, 0.0);
    let s = year_stats(
        &ds,
        &w,
        t.indicator_index("v").unwrap(),
        t.year_index(2021).unwrap(),
        &Options::default(),
    );
    let d10 = ds
        .districts
        .districts
        .iter()
        .position(|d| d.key == "D10")
        .unwrap();
    assert_eq!(s.local[d10].cluster, Cluster::NoData);
    assert_eq!(s.local[d10].ii, None);
    assert_eq!(s.n, 48);
}

#[test]
fn the_seed_makes_p_values_reproducible_and_corrections_are_stricter() {
    let ds = grid();
    let t = ds.table().unwrap();
    let w = contiguity(&ds.districts, false, 0.0);
    let (ind, y) = (t.indicator_index("v").unwrap(), t.year_index(2020).unwrap());
    let o = Options {
        permutations: 999,
        seed: 7,
        ..Options::default()
    };
    let a = year_stats(&ds, &w, ind, y, &o);
    let b = year_stats(&ds, &w, ind, y, &o);
    assert_eq!(a, b);
    let c = year_stats(&ds, &w, ind, y, &Options { seed: 8, ..o });
    assert_ne!(a.local, c.local, "another seed, other draws");
    let p: Vec<Option<f64>> = a.local.iter().map(|l| l.p_sim).collect();
    let plain = significant(&p, 0.05, Correction::None)
        .iter()
        .filter(|&&s| s)
        .count();
    let fdr = significant(&p, 0.05, Correction::Fdr)
        .iter()
        .filter(|&&s| s)
        .count();
    let bonf = significant(&p, 0.05, Correction::Bonferroni)
        .iter()
        .filter(|&&s| s)
        .count();
    assert!(plain >= fdr && fdr >= bonf, "{plain} {fdr} {bonf}");
    assert!(plain > 0);
    // Benjamini–Hochberg by hand: p = 0.01, 0.02, 0.03, 0.2 at α 0.05 → the first three
    // (0.03 ≤ 3 · 0.05 / 4); Bonferroni (α/4 = 0.0125) only the first.
    let p = [Some(0.01), Some(0.2), Some(0.03), Some(0.02), None];
    assert_eq!(
        significant(&p, 0.05, Correction::Fdr),
        vec![true, false, true, true, false]
    );
    assert_eq!(
        significant(&p, 0.05, Correction::Bonferroni),
        vec![true, false, false, false, false]
    );
}

#[test]
fn gal_files_of_libpysal_read_back_and_ours_round_trip() {
    let ds = grid();
    let r = reference();
    let text = std::fs::read_to_string(fixture("pysal_queen.gal")).unwrap();
    let (w, missing) =
        atlas_analysis::spatial::gal::read_weights(&text, "pysal_queen.gal", &ds.districts)
            .unwrap();
    assert!(missing.is_empty());
    assert_eq!(by_key(&ds, &w), ref_neighbors(&r, "queen"));
    let q = contiguity(&ds.districts, false, 0.0);
    let ours = atlas_analysis::spatial::gal::write_gal(&q, &ds.districts).unwrap();
    let (back, _) =
        atlas_analysis::spatial::gal::read_weights(&ours, "ours.gal", &ds.districts).unwrap();
    assert_eq!(back.neighbors, q.neighbors);
    let gwt = atlas_analysis::spatial::gal::write_gwt(&q, &ds.districts).unwrap();
    let (back, _) =
        atlas_analysis::spatial::gal::read_weights(&gwt, "ours.gwt", &ds.districts).unwrap();
    assert_eq!(back.neighbors, q.neighbors);
    // A key the districts lack is named with its line.
    let e =
        atlas_analysis::spatial::gal::read_weights("2\nD00 1\nXX\nD01 0\n", "w.gal", &ds.districts)
            .unwrap_err();
    assert!(e.contains("w.gal, line 3") && e.contains("'XX'"), "{e}");
}

#[test]
fn knn_and_distance_bands_on_the_grid() {
    let ds = grid();
    let d = &ds.districts;
    let w = knn(d, 4);
    assert!(w.neighbors.iter().all(|n| n.len() == 4));
    // An inner cell's 4 nearest are its rook neighbours (0.01° apart north-south is farther
    // than east-west at 52°N: the east and west cells come first, then north and south).
    let rook = contiguity(d, true, 0.0);
    let inner = d.districts.iter().position(|x| x.key == "D09").unwrap();
    assert_eq!(w.neighbors[inner], rook.neighbors[inner]);
    // A band of 800 m: east-west neighbours (≈ 685 m apart) only; 1 200 m: also north-south
    // (≈ 1 112 m); the island has none.
    let b = distance_band(d, 800.0);
    assert_eq!(b.neighbors[inner].len(), 2);
    let b = distance_band(d, 1200.0);
    assert_eq!(b.neighbors[inner], rook.neighbors[inner]);
    let isl = d.districts.iter().position(|x| x.key == "ISL").unwrap();
    assert!(b.neighbors[isl].is_empty());
}

#[test]
fn berlin_bezirksregionen_foreign_share_clusters() {
    let ds = load_dataset(
        &DatasetPaths {
            boundaries: berlin("berlin_bezirksregionen_bis2020.geojson"),
            table: Some(berlin("berlin_einwohner_bezirksregionen_bis2020.csv")),
            meta: None,
        },
        &DatasetOptions::default(),
    )
    .unwrap();
    let t = ds.table().unwrap();
    let ind = t.indicator_index("foreigners_pct").unwrap();
    let w = contiguity(&ds.districts, false, 0.0);
    assert!(w.islands().is_empty(), "{:?}", w.islands());
    let o = Options {
        permutations: 999,
        ..Options::default()
    };
    for y in t.year_indices() {
        let s = year_stats(&ds, &w, ind, y, &o);
        let m = s.moran.unwrap();
        // The foreign share clusters strongly in the inner city.
        assert!(
            m.I > 0.5 && m.p_norm < 1e-10,
            "{} {}",
            t.years[y.get()],
            m.I
        );
        let hh = s.local.iter().filter(|l| l.cluster == Cluster::HH).count();
        assert!(hh >= 10, "{hh}");
    }
}

#[test]
fn the_district_report_states_morans_i_and_the_districts_cluster() {
    use atlas_i18n::Lang;
    use atlas_render::report::{ReportSpatial, ReportSpec, report_pages};
    let ds = load_dataset(
        &DatasetPaths {
            boundaries: berlin("berlin_bezirksregionen_bis2020.geojson"),
            table: Some(berlin("berlin_einwohner_bezirksregionen_bis2020.csv")),
            meta: None,
        },
        &DatasetOptions::default(),
    )
    .unwrap();
    let t = ds.table().unwrap();
    let (ind, y) = (
        t.indicator_index("foreigners_pct").unwrap(),
        t.year_index(2020).unwrap(),
    );
    let g = atlas_scene::MapGeometry::build(&ds.districts).unwrap();
    let spec = ReportSpec {
        location_quotient: None,
        indices: &[],
        year: y,
        rules: &[],
        results: &[],
        lang: Lang::En,
        date: String::new(),
        spatial: ReportSpatial::compute(&ds, ind, y, Lang::En),
    };
    // Tiergarten Süd (the first district) lies in the inner-city high-high cluster.
    let pages = report_pages(&ds, &g, &[0], &spec).unwrap();
    let svg = &pages[0].svg;
    // Wrapped beside the map: "Moran's I of foreigners_pct 2020 (queen" / "weights): 0.668, …".
    assert!(
        svg.contains("I of foreigners_pct 2020 (queen"),
        "no Moran line"
    );
    assert!(
        svg.contains("weights): 0.668, pseudo p 0.0001"),
        "no Moran value"
    );
    assert!(
        svg.contains("This district: High-High (p 0.0"),
        "no cluster line"
    );
}

/// `spatial --json`, field by field: the names and order of its contract, and the values the
/// library computes (the same seed and permutations).
#[test]
fn the_cli_json_is_the_years_statistics_field_by_field() {
    let ds = grid();
    let t = ds.table().unwrap();
    let w = contiguity(&ds.districts, false, 0.0);
    let o = Options {
        permutations: 99,
        seed: 7,
        ..Options::default()
    };
    let run = |year: &str| -> serde_json::Value {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_arrival-atlas"))
            .args(["spatial", "--boundaries"])
            .arg(fixture("grid.geojson"))
            .arg("--table")
            .arg(fixture("grid.csv"))
            .args(["--indicator", "v", "--year", year, "--permutations", "99"])
            .args(["--seed", "7", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let all = run("all");
    let years = all.as_array().unwrap();
    assert_eq!(years.len(), 2);
    assert_eq!(
        years[1],
        run("2021"),
        "one year is that year's object of `all`"
    );
    let ind = t.indicator_index("v").unwrap();
    for (j, year) in [2020, 2021].into_iter().enumerate() {
        let v = years[j].as_object().unwrap();
        let fields: Vec<&str> = v.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            ["indicator", "year", "n", "weights", "moran", "local"]
        );
        let s = year_stats(&ds, &w, ind, t.year_index(year).unwrap(), &o);
        assert_eq!(v["indicator"], "v");
        assert_eq!(v["year"], year);
        assert_eq!(v["n"], s.n);
        assert_eq!(v["weights"]["kind"], "queen");
        assert_eq!(v["moran"], serde_json::to_value(&s.moran).unwrap());
        let local = v["local"].as_array().unwrap();
        assert_eq!(local.len(), ds.districts.districts.len());
        for ((l, d), x) in local.iter().zip(&ds.districts.districts).zip(&s.local) {
            let fields: Vec<&str> = l.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(fields, ["key", "Ii", "quadrant", "p_sim", "cluster"]);
            assert_eq!(l["key"], d.key.as_str());
            assert_eq!(l["Ii"].as_f64(), x.ii);
            assert_eq!(l["quadrant"].as_u64(), x.quadrant.map(u64::from));
            assert_eq!(l["p_sim"].as_f64(), x.p_sim);
            assert_eq!(l["cluster"], x.cluster.code());
        }
    }
    // The district without a value in 2021 (see above): nulls and "no_data".
    let d10 = years[1]["local"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == "D10")
        .unwrap();
    assert_eq!(d10["Ii"], serde_json::Value::Null);
    assert_eq!(d10["cluster"], "no_data");
}
