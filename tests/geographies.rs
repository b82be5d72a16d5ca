//! Indicators and geographies through time on the real Berlin files in
//! ../shared/data/berlin-lor/: derived indicators against the published shares, aggregation of
//! the planning areas to the Bezirke against the Bezirke table, the crosswalk from the pre-2021
//! to the 2021 forecast areas, and the grid-mismatch warning.

use arrival_atlas::dataset::{Dataset, DatasetOptions, DatasetPaths, load_dataset};
use arrival_atlas::model::DerivedIndicator;
use std::path::{Path, PathBuf};

fn berlin(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/berlin-lor")
        .join(name)
}

fn load_with(boundaries: &str, table: &str, opts: &DatasetOptions) -> Dataset {
    let paths = DatasetPaths {
        boundaries: berlin(boundaries),
        table: Some(berlin(table)),
        meta: None,
    };
    load_dataset(&paths, opts).unwrap_or_else(|e| panic!("{e}"))
}

fn load(boundaries: &str, table: &str) -> Dataset {
    load_with(boundaries, table, &DatasetOptions::default())
}

#[test]
fn a_derived_foreign_share_equals_the_published_one_to_its_rounding() {
    let opts = DatasetOptions {
        derived: vec![DerivedIndicator {
            id: "fp".into(),
            formula: "inhabitants_foreigners ÷ inhabitants × 100".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let ds = load_with(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
        &opts,
    );
    let t = ds.table().unwrap();
    let (fp, published) = (
        t.indicator_index("fp").unwrap(),
        t.indicator_index("foreigners_pct").unwrap(),
    );
    assert_eq!(
        t.indicators[fp].meta.denominator.as_deref(),
        Some("inhabitants")
    );
    let mut compared = 0;
    for y in 0..t.years.len() {
        for k in 0..t.keys.len() {
            if let (Some(a), Some(b)) = (t.value(fp, y, k), t.value(published, y, k)) {
                // Published with two decimals: within half a unit of the last place.
                assert!(
                    (a - b).abs() <= 0.005 + 1e-9,
                    "{} {}: {a} vs {b}",
                    t.keys[k],
                    t.years[y]
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 2600, "{compared}");
}
