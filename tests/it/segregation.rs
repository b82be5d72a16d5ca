//! Segregation indices against PySAL's `segregation` 2.5.4 (issue 24). References computed in
//! a scratch venv (segregation 2.5.4, libpysal, geopandas; not in the repository): the data
//! loaded with geopandas, the two features sharing key 06010102 dropped (as we leave out a
//! key whose area is ambiguous), joined to the table's year by `id`, reprojected to
//! EPSG:25833 (PySAL measures boundary lengths in the data's units), then
//! `Dissim(d, G, T).statistic`, `Isolation`, `Interaction`, `Entropy`, `Gini`,
//! `SpatialDissim` (its defaults: binary queen), `BoundarySpatialDissim` (its defaults:
//! row-standardised shared lengths), `MultiDissim(d, groups)`, `MultiGini`, `MultiInfoTheory`,
//! `MultiLocationQuotient(d, groups).statistics`, `MultiLocalEntropy(d, groups).statistics`.
//! Every index to 1e-9 relative except the boundary spatial dissimilarity, to 1e-5: PySAL
//! measures shared boundaries in the projected system it is given (EPSG:25833, whose scale
//! varies by 0.05–0.3 % across Berlin) as intersections, we measure the same edges as
//! geodesics on the WGS84 ellipsoid; the row standardisation cancels the common scale
//! (observed 3e-7 and 4e-7 relative on Berlin, 3e-6 on the made-up grid).
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use atlas_analysis::segregation::{Groups, Units, YearSegregation, measure, multi, single};
use atlas_data::dataset::{Dataset, DatasetOptions, DatasetPaths, load_dataset};

pub(super) const THREE: [&str; 3] = [
    "inhabitants_foreigners",
    "inhabitants_germans_with_migration_background",
    "inhabitants_germans_without_migration_background",
];

fn berlin(grid: &str) -> Dataset {
    let paths = DatasetPaths {
        boundaries: support::berlin(&format!("berlin_{grid}_bis2020.geojson")),
        table: Some(support::berlin(&format!(
            "berlin_einwohner_{grid}_bis2020.csv"
        ))),
        meta: None,
    };
    load_dataset(&paths, &DatasetOptions::default()).unwrap()
}

pub(super) fn foreigners() -> Groups {
    Groups::Single {
        group: "inhabitants_foreigners".into(),
        total: "inhabitants".into(),
    }
}

pub(super) fn year(ds: &Dataset, units: &Units, groups: &Groups, y: i32) -> YearSegregation {
    let t = ds.table().unwrap();
    measure(t, units, groups, t.year_index(y).unwrap()).unwrap()
}

pub(super) fn close(what: &str, ours: f64, pysal: f64, rel: f64) {
    assert!(
        (ours - pysal).abs() <= rel * pysal.abs(),
        "{what}: {ours} vs PySAL {pysal}"
    );
}

fn check(m: &YearSegregation, refs: &[(&str, f64)], label: &str) {
    for (name, r) in refs {
        let ours = m
            .indices
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| *v)
            .unwrap_or_else(|| panic!("{label}: no {name}"));
        let tol = if *name == "boundary_spatial_dissimilarity" {
            1e-4
        } else {
            1e-9
        };
        close(&format!("{label} {name}"), ours, *r, tol);
    }
}

#[test]
fn berlin_planning_areas_match_pysal() {
    let ds = berlin("planungsraeume");
    let units = Units::of(&ds);
    // The key on two features and the key without a polygon: left out, and said.
    assert_eq!(units.ambiguous, [("06010102".to_owned(), 2)]);
    assert_eq!(units.without_polygon, ["04030417"]);
    let m = year(&ds, &units, &foreigners(), 2020);
    assert_eq!(m.data.units.len(), 446);
    check(
        &m,
        &[
            ("dissimilarity", 0.243_892_474_018_679_97),
            ("isolation", 0.254_933_565_068_628_35),
            ("exposure", 0.745_066_434_931_371_7),
            ("entropy", 0.058_417_257_285_518_734),
            ("gini", 0.335_722_656_215_398_7),
            ("spatial_dissimilarity", 0.166_450_820_095_451_2),
            ("boundary_spatial_dissimilarity", 0.171_499_393_926_556_72),
        ],
        "2020",
    );
    let m = year(&ds, &units, &foreigners(), 2015);
    // 09041403 (Allende II) has no rows before 2019: one area fewer, said.
    assert_eq!(m.data.units.len(), 445);
    assert_eq!(m.data.left_out.len(), 1);
    assert_eq!(m.data.left_out[0].0, "09041403");
    check(
        &m,
        &[
            ("dissimilarity", PR_2015[0]),
            ("isolation", PR_2015[1]),
            ("exposure", PR_2015[2]),
            ("entropy", PR_2015[3]),
            ("gini", PR_2015[4]),
            ("spatial_dissimilarity", PR_2015[5]),
            ("boundary_spatial_dissimilarity", PR_2015[6]),
        ],
        "2015",
    );
    // Three groups that partition the population.
    let groups = Groups::Multi(THREE.iter().map(|s| (*s).to_owned()).collect());
    let m = year(&ds, &units, &groups, 2020);
    check(
        &m,
        &[
            ("multi_dissimilarity", 0.246_594_612_197_705_95),
            ("multi_gini", 0.339_880_325_472_508_7),
            ("multi_information_theory", 0.062_722_027_608_221_49),
        ],
        "2020 three groups",
    );
    // Local values of the first areas (PySAL's rows sorted by id).
    let lq = multi::location_quotients(&m.data.counts);
    let le = multi::local_entropy(&m.data.counts);
    let at = |key: &str| {
        m.data
            .units
            .iter()
            .position(|&u| units.keys[u] == key)
            .unwrap()
    };
    for (key, q, e) in [
        ("01011101", 1.938_383_401_094_697_9, 0.956_076_290_689_169_6),
        ("01011102", 1.816_703_083_427_294_8, 0.835_920_651_520_833_7),
        ("01011103", 1.699_091_111_819_384_3, 0.973_544_459_107_185_8),
    ] {
        close(&format!("LQ {key}"), lq[0][at(key)].unwrap(), q, 1e-9);
        close(&format!("local entropy {key}"), le[at(key)], e, 1e-9);
    }
    // One group over the total: the same location quotient.
    let m = year(&ds, &units, &foreigners(), 2020);
    let lq1 = single::location_quotients(&m.data.counts[0], &m.data.counts[1]);
    close(
        "LQ single",
        lq1[at("01011101")].unwrap(),
        1.938_383_401_094_697_9,
        1e-9,
    );
}

/// PySAL on the Planungsräume 2015 (445 areas).
const PR_2015: [f64; 7] = [
    0.2972016594288625,
    0.23367689751420606,
    0.7663231024857939,
    0.08201103502772032,
    0.4056904879099928,
    0.2253363351580155,
    0.23048186214907512,
];

#[test]
fn berlin_district_regions_match_pysal() {
    let ds = berlin("bezirksregionen");
    let units = Units::of(&ds);
    assert!(units.ambiguous.is_empty() && units.without_polygon.is_empty());
    for (y, refs) in [(2015, BZR_2015), (2020, BZR_2020)] {
        let m = year(&ds, &units, &foreigners(), y);
        assert_eq!(m.data.units.len(), 138);
        let names = atlas_analysis::segregation::SINGLE_INDICES;
        let pairs: Vec<(&str, f64)> = names
            .iter()
            .copied()
            .zip(refs[..7].iter().copied())
            .collect();
        check(&m, &pairs, &format!("Bezirksregionen {y}"));
        let groups = Groups::Multi(THREE.iter().map(|s| (*s).to_owned()).collect());
        let m = year(&ds, &units, &groups, y);
        let names = atlas_analysis::segregation::MULTI_INDICES;
        let pairs: Vec<(&str, f64)> = names
            .iter()
            .copied()
            .zip(refs[7..].iter().copied())
            .collect();
        check(&m, &pairs, &format!("Bezirksregionen {y} three groups"));
    }
}

/// PySAL on the Bezirksregionen: the seven single-group indices, then the three multigroup.
pub(super) const BZR_2015: [f64; 10] = [
    0.27827006755443456,
    0.22459656209052098,
    0.7754034379094792,
    0.07017427445188443,
    0.37733467891790085,
    0.22555883169692997,
    0.23072283725973128,
    0.27516543858933545,
    0.3748657745192432,
    0.07264410616804985,
];
pub(super) const BZR_2020: [f64; 10] = [
    0.220_425_956_431_230_64,
    0.246_579_341_121_148_6,
    0.753_420_658_878_851_2,
    0.047_877_710_299_725_87,
    0.304_847_091_594_892_9,
    0.165_793_507_316_995_44,
    0.170_523_155_509_384_1,
    0.228_874_618_520_930_83,
    0.315_018_211_614_520_6,
    0.053_607_547_656_563_33,
];

/// Made-up data: 4 × 4 squares of 0.01° from (13.0° E, 52.0° N), unit k = row · 4 + column,
/// key `u{k:02}`; unit u02 has no population (PySAL: share 0, skipped where it sums with
/// `nansum`; its location quotient NaN, its local entropy 0).
const X: [f64; 16] = [
    5., 40., 0., 12., 30., 0., 8., 50., 2., 9., 0., 33., 21., 7., 15., 1.,
];
const T: [f64; 16] = [
    100., 80., 0., 60., 90., 40., 70., 120., 50., 60., 30., 90., 80., 70., 60., 40.,
];
const G2: [f64; 16] = [
    20., 10., 0., 18., 30., 25., 22., 20., 28., 21., 10., 27., 19., 33., 15., 19.,
];

fn made_up(dir: &std::path::Path) -> Dataset {
    let mut features = Vec::new();
    let mut csv = String::from("id,year,x,t,g2,g3\n");
    for k in 0..16 {
        let (r, c) = ((k / 4) as f64, (k % 4) as f64);
        let (x0, y0) = (13.0 + 0.01 * c, 52.0 + 0.01 * r);
        // As the reference wrote them: a shared corner is the same number on both sides.
        let (x1, y1) = (13.0 + 0.01 * (c + 1.0), 52.0 + 0.01 * (r + 1.0));
        features.push(format!(
            r#"{{"type":"Feature","properties":{{"id":"u{k:02}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}}}"#
        ));
        let g3 = T[k] - X[k] - G2[k];
        csv.push_str(&format!(
            "u{k:02},2020,{},{},{},{}\n",
            X[k], T[k], G2[k], g3
        ));
    }
    let geo = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    std::fs::write(dir.join("grid.geojson"), geo).unwrap();
    std::fs::write(dir.join("grid.csv"), csv).unwrap();
    let paths = DatasetPaths {
        boundaries: dir.join("grid.geojson"),
        table: Some(dir.join("grid.csv")),
        meta: None,
    };
    load_dataset(&paths, &DatasetOptions::default()).unwrap()
}

#[test]
fn made_up_data_with_an_empty_area_match_pysal() {
    let dir = tempfile::tempdir().unwrap();
    let ds = made_up(dir.path());
    let units = Units::of(&ds);
    let single = Groups::Single {
        group: "x".into(),
        total: "t".into(),
    };
    let m = year(&ds, &units, &single, 2020);
    assert_eq!(m.data.units.len(), 16);
    check(
        &m,
        &[
            ("dissimilarity", 0.400_997_707_824_773_56),
            ("isolation", 0.334_399_652_564_888_57),
            ("exposure", 0.665_600_347_435_111_3),
            ("entropy", 0.152_062_237_534_108_14),
            ("gini", 0.517_361_498_901_776_9),
            ("spatial_dissimilarity", 0.205_824_805_330_442_48),
            ("boundary_spatial_dissimilarity", 0.155_960_904_197_547_55),
        ],
        "made-up",
    );
    let groups = Groups::Multi(vec!["x".into(), "g2".into(), "g3".into()]);
    let m = year(&ds, &units, &groups, 2020);
    check(
        &m,
        &[
            ("multi_dissimilarity", 0.261_634_256_656_987_8),
            ("multi_gini", 0.353_825_856_751_349_14),
            ("multi_information_theory", 0.100_007_017_797_904_34),
        ],
        "made-up three groups",
    );
    let lq = multi::location_quotients(&m.data.counts);
    let le = multi::local_entropy(&m.data.counts);
    assert_eq!(lq[0][2], None, "no population: no quotient (PySAL: NaN)");
    assert_eq!(
        le[2], 0.0,
        "no population: local entropy 0, as PySAL's nansum"
    );
    close("LQ u01", lq[0][1].unwrap(), 2.231_759_656_652_360_3, 1e-9);
    close("LQ u07", lq[0][7].unwrap(), 1.859_799_713_876_967, 1e-9);
    close("local entropy u04", le[4], 1.0, 1e-9);
    close("local entropy u10", le[10], 0.579_380_164_285_695, 1e-9);
    // Units in file order here; PySAL's rows were in the same order.
    assert_eq!(units.keys[7], "u07");
}

/// Inference within Monte Carlo error of PySAL's (999 simulations each; Bezirksregionen,
/// foreigners over inhabitants; PySAL: `TwoValueTest(seg_2020, seg_2015,
/// iterations_under_null=999, null_approach="random_label")` and `SingleValueTest(seg_2020,
/// iterations_under_null=999, null_approach="evenness")`, numpy seed 0): p-values within four
/// standard errors of the difference of two Monte Carlo estimates (plus 2/N), null means
/// within 3 %; the observed difference exact; the same seed gives the same p-values.
#[test]
fn inference_matches_pysal_within_monte_carlo_error() {
    use atlas_analysis::segregation::inference::{change, evenness};
    let ds = berlin("bezirksregionen");
    let units = Units::of(&ds);
    let (a, b) = (
        year(&ds, &units, &foreigners(), 2015),
        year(&ds, &units, &foreigners(), 2020),
    );
    let n = 999.0;
    let within = |what: &str, ours: f64, pysal: f64| {
        let p = (ours + pysal) / 2.0;
        let tol = 4.0 * (2.0 * p * (1.0 - p) / n).sqrt() + 2.0 / n;
        assert!(
            (ours - pysal).abs() <= tol,
            "{what}: p {ours} vs PySAL {pysal}"
        );
    };
    let c = change(&a.data.counts, &b.data.counts, false, 999, 7);
    for (name, p, diff) in [
        (
            "dissimilarity",
            0.004_004_004_004_004_004,
            -0.057_844_111_123_203_92,
        ),
        (
            "isolation",
            0.152_152_152_152_152_16,
            0.021_982_779_030_627_62,
        ),
        ("gini", 0.002_002_002_002_002_002, -0.072_487_587_323_007_92),
    ] {
        let x = c.iter().find(|x| x.index == name).unwrap();
        within(name, x.p_value, p);
        close(&format!("{name} difference"), x.difference, diff, 1e-9);
    }
    let again = change(&a.data.counts, &b.data.counts, false, 999, 7);
    assert_eq!(c, again, "seeded");
    let e = evenness(&b.data.counts, false, None, 999, 7);
    for (name, mean) in [
        ("dissimilarity", 0.005_695_200_291_478_973),
        ("isolation", 0.209_325_404_064_320_04),
        ("gini", 0.008_153_431_712_178_657),
    ] {
        let x = e.iter().find(|x| x.index == name).unwrap();
        assert_eq!(x.p_value, 0.0, "{name}: PySAL 0.0");
        close(&format!("{name} null mean"), x.null_mean, mean, 0.03);
    }
}
