//! The bundled synthetic demo city meets the targets it was generated for: city foreign share
//! ≈ 30 % in 2005 and ≈ 40 % in 2024, an arrival-district profile met by 5–8 districts in a
//! typical year by a set that changes over the years, and labelled synthetic.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use atlas_analysis::reference::city_reference;
use atlas_data::dataset::{DatasetOptions, demo_paths, load_dataset};
use atlas_data::model::Role;
use atlas_data::model::YearIdx;
use std::collections::BTreeSet;

fn demo() -> atlas_data::dataset::Dataset {
    load_dataset(&demo_paths(&support::repo()), &DatasetOptions::default())
        .expect("demo city loads")
}

#[test]
fn demo_city_loads_and_is_labelled_synthetic() {
    let ds = demo();
    let n = ds.districts.districts.len();
    assert!((25..=40).contains(&n), "{n} districts");
    assert!(ds.meta.synthetic);
    assert!(ds.source_line(atlas_i18n::Lang::En).contains("SYNTHETIC"));
    assert!(
        ds.source_line(atlas_i18n::Lang::De)
            .contains("SYNTHETISCHE")
    );
    let t = ds.table().unwrap();
    assert_eq!(t.years.first(), Some(&2005));
    assert_eq!(t.years.last(), Some(&2024));
    for role in [
        Role::Population,
        Role::ForeignShare,
        Role::Fluctuation,
        Role::LongEstablished,
        Role::Arrivals,
        Role::Departures,
        Role::MovesWithin,
    ] {
        assert!(t.indicator_with_role(role).is_some(), "{role:?}");
    }
    // Keys are zero-padded text, names carry umlauts, one district has a lake (a hole).
    assert!(
        ds.districts
            .districts
            .iter()
            .all(|d| d.key.starts_with('0') && d.key.len() == 4)
    );
    assert!(
        ds.districts
            .districts
            .iter()
            .any(|d| d.name.contains('ü') || d.name.contains('ä') || d.name.contains('ß'))
    );
    assert!(
        ds.districts.districts.iter().any(|d| d
            .geometry
            .0
            .iter()
            .any(|p| !p.interiors().is_empty()))
    );
    let report = &ds.join.as_ref().unwrap().report;
    assert_eq!(report.matched, n);
    assert!(report.unmatched_table_keys.is_empty());
    // A few missing values, as real data has.
    assert!(!report.missing_values.is_empty());
}

#[test]
fn city_foreign_share_rises_from_30_to_40_percent() {
    let ds = demo();
    let t = ds.table().unwrap();
    let fs = t.indicator_with_role(Role::ForeignShare).unwrap();
    let keys = ds.joined_keys();
    let first = city_reference(t, fs, YearIdx(0), &keys).value.unwrap();
    let last = city_reference(t, fs, t.last_year().unwrap(), &keys)
        .value
        .unwrap();
    assert!((first - 30.0).abs() < 1.5, "2005: {first}");
    assert!((last - 40.0).abs() < 1.5, "2024: {last}");
}

#[test]
fn arrival_districts_are_a_changing_set_of_five_to_eight() {
    let ds = demo();
    let t = ds.table().unwrap();
    let (fs, fl, le) = (
        t.indicator_with_role(Role::ForeignShare).unwrap(),
        t.indicator_with_role(Role::Fluctuation).unwrap(),
        t.indicator_with_role(Role::LongEstablished).unwrap(),
    );
    let keys = ds.joined_keys();
    let mut sets: Vec<BTreeSet<String>> = Vec::new();
    for y in t.year_indices() {
        let city_fs = city_reference(t, fs, y, &keys).value.unwrap();
        let city_le = city_reference(t, le, y, &keys).value.unwrap();
        let set: BTreeSet<String> = keys
            .iter()
            .filter(|&&k| {
                let ok = |i: usize, f: &dyn Fn(f64) -> bool| t.value(i, y, k).is_some_and(f);
                ok(fs, &|v| v >= city_fs + 10.0)
                    && ok(fl, &|v| v >= 25.0)
                    && ok(le, &|v| v <= city_le - 5.0)
            })
            .map(|&k| t.keys[k].clone())
            .collect();
        eprintln!(
            "{}: {} arrival districts {:?}",
            t.years[y.get()],
            set.len(),
            set
        );
        sets.push(set);
    }
    let typical = sets.iter().filter(|s| (5..=8).contains(&s.len())).count();
    assert!(
        typical * 2 > sets.len(),
        "5–8 arrival districts in only {typical} of {} years",
        sets.len()
    );
    let changes = sets.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(changes >= 3, "the set changes only {changes} times");
}
