//! Rule evaluation on hand-made data: relative, percentile and absolute thresholds, AND/OR and
//! groups, three-valued results where data is missing; the default rules on the demo city.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use Tri::{False, True, Unknown};
use atlas_analysis::rules::{
    Combine, Condition, Group, Op, Rule, Threshold, Tri, default_rules, evaluate, persistence,
};
use atlas_data::dataset::{Dataset, DatasetOptions, DatasetPaths, demo_paths, load_dataset};

/// Four square districts A–D; indicators `a` (a share) and `b`, years 2020 and 2021.
/// `a` in 2020: 10, 20, 30, 40 (mean 25); in 2021: 12, missing, 31, 41.
/// `b` in 2020: 1, 2, 3, missing; in 2021: 4, 3, 2, 1.
fn data() -> (tempfile::TempDir, Dataset) {
    let dir = tempfile::tempdir().unwrap();
    let features: Vec<String> = ["A", "B", "C", "D"]
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let x = 13.0 + i as f64 * 0.01;
            format!(
                r#"{{"type":"Feature","properties":{{"id":"{k}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},52.0],[{},52.0],[{},52.01],[{x},52.01],[{x},52.0]]]}}}}"#,
                x + 0.01,
                x + 0.01
            )
        })
        .collect();
    let b = dir.path().join("b.geojson");
    std::fs::write(
        &b,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .unwrap();
    let t = dir.path().join("t.csv");
    std::fs::write(
        &t,
        "id,year,a,b\nA,2020,10,1\nB,2020,20,2\nC,2020,30,3\nD,2020,40,\n\
         A,2021,12,4\nB,2021,,3\nC,2021,31,2\nD,2021,41,1\n",
    )
    .unwrap();
    let ds = load_dataset(
        &DatasetPaths {
            boundaries: b,
            table: Some(t),
            meta: None,
        },
        &DatasetOptions::default(),
    )
    .unwrap();
    (dir, ds)
}

fn c(ind: &str, op: Op, threshold: Threshold) -> Condition {
    Condition {
        indicator: ind.into(),
        op,
        threshold,
    }
}

fn rule(combine: Combine, conditions: Vec<Condition>, groups: Vec<Group>) -> Rule {
    Rule {
        name: "r".into(),
        combine,
        conditions,
        groups,
    }
}

#[test]
fn relative_to_the_city_with_factor_and_offset() {
    let (_d, ds) = data();
    // City reference of `a` in 2020 is the plain mean 25 (no population to weight by).
    let r = rule(
        Combine::All,
        vec![c(
            "a",
            Op::Ge,
            Threshold::City {
                factor: 1.0,
                offset: 5.0,
            },
        )],
        vec![],
    );
    let res = evaluate(&ds, &r);
    assert_eq!(res.thresholds[0].per_year[0], Some(30.0));
    assert_eq!(res.per_year[0], vec![False, False, True, True]);
    // 2021: mean of 12, 31, 41 = 28 → threshold 33; B is missing → unknown.
    assert_eq!(res.per_year[1], vec![False, Unknown, False, True]);
    let r = rule(
        Combine::All,
        vec![c(
            "a",
            Op::Lt,
            Threshold::City {
                factor: 0.5,
                offset: 0.0,
            },
        )],
        vec![],
    );
    assert_eq!(
        evaluate(&ds, &r).per_year[0],
        vec![True, False, False, False]
    );
}

#[test]
fn percentile_and_absolute_thresholds() {
    let (_d, ds) = data();
    // 75th percentile of 10, 20, 30, 40 (linear interpolation) is 32.5.
    let r = rule(
        Combine::All,
        vec![c("a", Op::Ge, Threshold::Percentile(75.0))],
        vec![],
    );
    let res = evaluate(&ds, &r);
    assert_eq!(res.thresholds[0].per_year[0], Some(32.5));
    assert_eq!(res.per_year[0], vec![False, False, False, True]);
    let r = rule(
        Combine::All,
        vec![c("b", Op::Gt, Threshold::Absolute(2.0))],
        vec![],
    );
    assert_eq!(
        evaluate(&ds, &r).per_year[0],
        vec![False, False, True, Unknown]
    );
}

#[test]
fn and_or_groups_follow_three_valued_logic() {
    let (_d, ds) = data();
    let a_high = c("a", Op::Ge, Threshold::Absolute(25.0)); // 2020: F F T T
    let b_high = c("b", Op::Ge, Threshold::Absolute(2.0)); //  2020: F T T U
    let and = rule(Combine::All, vec![a_high.clone(), b_high.clone()], vec![]);
    assert_eq!(
        evaluate(&ds, &and).per_year[0],
        vec![False, False, True, Unknown]
    );
    let or = rule(Combine::Any, vec![a_high.clone(), b_high.clone()], vec![]);
    assert_eq!(
        evaluate(&ds, &or).per_year[0],
        vec![False, True, True, True]
    );
    // a_high AND (b_high OR b low): the group is unknown only where b is missing.
    let b_low = c("b", Op::Lt, Threshold::Absolute(2.0));
    let grouped = rule(
        Combine::All,
        vec![a_high],
        vec![Group {
            combine: Combine::Any,
            conditions: vec![b_high, b_low],
        }],
    );
    assert_eq!(
        evaluate(&ds, &grouped).per_year[0],
        vec![False, False, True, Unknown]
    );
}

#[test]
fn missing_indicators_and_empty_rules_are_unknown() {
    let (_d, ds) = data();
    let r = rule(
        Combine::All,
        vec![c("nope", Op::Ge, Threshold::Absolute(1.0))],
        vec![],
    );
    let res = evaluate(&ds, &r);
    assert_eq!(res.thresholds[0].indicator, None);
    assert!(res.per_year.iter().flatten().all(|&t| t == Unknown));
    // False still wins over unknown in an AND.
    let r = rule(
        Combine::All,
        vec![
            c("nope", Op::Ge, Threshold::Absolute(1.0)),
            c("a", Op::Ge, Threshold::Absolute(100.0)),
        ],
        vec![],
    );
    assert!(evaluate(&ds, &r).per_year[0].iter().all(|&t| t == False));
    let empty = rule(Combine::All, vec![], vec![]);
    assert!(
        evaluate(&ds, &empty).per_year[0]
            .iter()
            .all(|&t| t == Unknown)
    );
}

#[test]
fn default_rules_flag_a_changing_set_in_the_demo_city() {
    let root = &support::repo();
    let ds = load_dataset(&demo_paths(root), &DatasetOptions::default()).unwrap();
    let rules = default_rules(ds.table(), atlas_i18n::Lang::En);
    let names: Vec<&str> = rules.rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, vec!["Arrival district", "Settled district"]);
    assert_eq!(rules.rules[0].conditions.len(), 3);
    let arrival = evaluate(&ds, &rules.rules[0]);
    let counts: Vec<usize> = (0..arrival.per_year.len())
        .map(|y| arrival.counts(atlas_data::model::YearIdx(y))[0])
        .collect();
    // Some, not most, districts are arrival districts, and the set changes over the years.
    assert!(counts.iter().all(|&n| (1..=16).contains(&n)), "{counts:?}");
    let first = &arrival.per_year[0];
    let last = arrival.per_year.last().unwrap();
    assert_ne!(first, last);
    let p = persistence(&arrival.per_year, 0..=arrival.per_year.len() - 1);
    assert!(
        p.iter().any(|&(t, _)| t == arrival.per_year.len()),
        "some always arrival"
    );
    assert!(
        p.iter().any(|&(t, _)| t > 0 && t < arrival.per_year.len()),
        "some enter or leave"
    );
    // Arrival and settled exclude each other (long-established share above vs below the city).
    let settled = evaluate(&ds, &rules.rules[1]);
    for y in 0..settled.per_year.len() {
        for d in 0..32 {
            assert!(!(arrival.per_year[y][d] == True && settled.per_year[y][d] == True));
        }
    }
}
