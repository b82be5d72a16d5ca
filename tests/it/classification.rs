//! Classification checked against PySAL mapclassify 2.10.0 (values computed with it and quoted
//! here), and the documented deviations from it checked on their own.
//!
//! `CALEMP` is mapclassify's own example data (employment density of the 58 California
//! counties, from the `calemp` data set that ships with mapclassify, BSD-3-Clause); the
//! expected breaks for it are also printed in mapclassify's docstrings.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use atlas_analysis::classify::{BreakMode, Scheme, classify, classify_years, natural_breaks};

const CALEMP: [f64; 58] = [
    329.92, 0.42, 5.9, 14.03, 2.78, 1.34, 181.27, 1.65, 10.03, 16.7, 1.32, 3.99, 3.16, 0.22, 8.7,
    6.56, 3.27, 0.33, 370.5, 4.51, 75.29, 0.99, 2.74, 8.68, 0.14, 0.92, 12.63, 28.7, 12.02, 722.85,
    36.68, 0.74, 29.82, 192.05, 3.38, 11.15, 110.74, 4111.45, 49.47, 10.33, 317.11, 20.47, 264.93,
    66.26, 5.39, 0.13, 0.61, 50.65, 40.48, 36.67, 13.09, 1.81, 0.2, 7.6, 2.51, 57.26, 24.32, 6.97,
];

/// Values with ties, computed on with mapclassify 2.10.0.
const TIES: [f64; 20] = [
    1., 2., 2., 3., 3., 3., 4., 4., 4., 4., 5., 5., 6., 8., 10., 10., 12., 15., 20., 40.,
];

fn some(v: &[f64]) -> Vec<Option<f64>> {
    v.iter().map(|&x| Some(x)).collect()
}

fn assert_breaks(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(
            (g - w).abs() <= 1e-9 * w.abs().max(1.0),
            "{got:?} vs {want:?}"
        );
    }
}

fn check(values: &[f64], scheme: Scheme, breaks: &[f64], counts: &[usize]) {
    let c = classify(some(values), &scheme).unwrap();
    assert_breaks(&c.breaks, breaks);
    assert_eq!(c.counts, counts, "{scheme:?}");
    assert_eq!(c.k, breaks.len());
    assert_eq!(c.no_data, 0);
}

#[test]
fn calemp_matches_mapclassify() {
    check(
        &CALEMP,
        Scheme::EqualInterval { k: 5 },
        &[822.394, 1644.658, 2466.922, 3289.186, 4111.45],
        &[57, 0, 0, 0, 1],
    );
    check(
        &CALEMP,
        Scheme::Quantiles { k: 5 },
        &[1.464, 5.798, 13.278, 54.616, 4111.45],
        &[12, 11, 12, 11, 12],
    );
    check(
        &CALEMP,
        Scheme::NaturalBreaks { k: 5 },
        &[75.29, 192.05, 370.5, 722.85, 4111.45],
        &[49, 3, 4, 1, 1],
    );
    check(
        &CALEMP,
        Scheme::StdMean,
        &[
            -967.3623538247706,
            -420.7171251882474,
            672.5733320847992,
            1219.2185607213223,
            4111.45,
        ],
        &[0, 0, 56, 1, 1],
    );
    check(
        &CALEMP,
        Scheme::BoxMap { hinge: 1.5 },
        &[-52.87625, 2.5675, 9.365, 39.53, 94.97375, 4111.45],
        &[0, 15, 14, 14, 6, 9],
    );
    check(
        &CALEMP,
        Scheme::BoxMap { hinge: 3.0 },
        &[-108.32, 2.5675, 9.365, 39.53, 150.4175, 4111.45],
        &[0, 15, 14, 14, 7, 8],
    );
    check(
        &CALEMP,
        Scheme::Percentiles,
        &[0.1357, 0.553, 9.365, 213.914, 2179.948, 4111.45],
        &[1, 5, 23, 23, 5, 1],
    );
    check(
        &CALEMP,
        Scheme::HeadTail,
        &[125.92810344827588, 811.26, 4111.45],
        &[50, 7, 1],
    );
    check(
        &CALEMP,
        Scheme::Manual {
            breaks: vec![20.0, 30.0],
        },
        &[20.0, 30.0, 4111.45],
        &[37, 4, 17],
    );
    check(
        &CALEMP,
        Scheme::Manual {
            breaks: vec![20.0, 4111.45],
        },
        &[20.0, 4111.45],
        &[37, 21],
    );
}

#[test]
fn ties_match_mapclassify() {
    // A value equal to a break goes to the lower class.
    check(
        &TIES,
        Scheme::EqualInterval { k: 4 },
        &[10.75, 20.5, 30.25, 40.0],
        &[16, 3, 0, 1],
    );
    check(
        &TIES,
        Scheme::Quantiles { k: 4 },
        &[3.0, 4.5, 10.0, 40.0],
        &[6, 4, 6, 4],
    );
    check(
        &TIES,
        Scheme::NaturalBreaks { k: 4 },
        &[6.0, 12.0, 20.0, 40.0],
        &[13, 4, 2, 1],
    );
    check(
        &TIES,
        Scheme::StdMean,
        &[
            -9.855894354418016,
            -0.9029471772090076,
            17.00294717720901,
            25.955894354418017,
            40.0,
        ],
        &[0, 0, 18, 1, 1],
    );
    check(
        &TIES,
        Scheme::BoxMap { hinge: 1.5 },
        &[-7.5, 3.0, 4.5, 10.0, 20.5, 40.0],
        &[0, 6, 4, 6, 3, 1],
    );
    check(
        &TIES,
        Scheme::Percentiles,
        &[1.19, 2.0, 4.5, 15.5, 36.2, 40.0],
        &[1, 2, 7, 8, 1, 1],
    );
    check(
        &TIES,
        Scheme::HeadTail,
        &[8.05, 17.833333333333332, 30.0, 40.0],
        &[14, 4, 1, 1],
    );
    check(
        &TIES,
        Scheme::Manual {
            breaks: vec![4.0, 10.0],
        },
        &[4.0, 10.0, 40.0],
        &[10, 6, 4],
    );
}

#[test]
fn missing_values_are_no_data_not_class_zero() {
    let mut v = some(&TIES);
    v.insert(3, None);
    v.push(None);
    v.push(Some(f64::NAN));
    let c = classify(v, &Scheme::Quantiles { k: 4 }).unwrap();
    assert_eq!(c.no_data, 3);
    assert_eq!(c.counts, [6, 4, 6, 4]);
    assert_eq!(c.counts.iter().sum::<usize>() + c.no_data, 23);
    let all_missing = classify(vec![None, None], &Scheme::Quantiles { k: 4 }).unwrap();
    assert_eq!((all_missing.k, all_missing.no_data), (0, 2));
}

#[test]
fn constant_data_gives_one_class() {
    for scheme in [
        Scheme::EqualInterval { k: 5 },
        Scheme::Quantiles { k: 5 },
        Scheme::NaturalBreaks { k: 5 },
        Scheme::StdMean,
        Scheme::BoxMap { hinge: 1.5 },
        Scheme::Percentiles,
        Scheme::HeadTail,
    ] {
        let c = classify(some(&[7.0; 6]), &scheme).unwrap();
        assert_eq!(
            (c.k, c.breaks.clone(), c.counts.clone()),
            (1, vec![7.0], vec![6]),
            "{scheme:?}"
        );
    }
}

#[test]
fn fewer_distinct_values_than_classes_as_mapclassify_does() {
    // mapclassify 2.10.0 (scratch venv): FisherJenks raises, so natural breaks give one class
    // per value (a documented deviation); Quantiles and EqualInterval keep their classes:
    //   mc.Quantiles(v, k=4): bins [1.0, 1.25, 3.0], counts [6, 0, 2]
    //   mc.EqualInterval(v, k=4): bins [1.5, 2.0, 2.5, 3.0], counts [6, 1, 0, 1]
    let v = [1., 1., 1., 1., 1., 1., 2., 3.];
    let c = classify(some(&v), &Scheme::NaturalBreaks { k: 4 }).unwrap();
    assert_eq!(
        (c.breaks, c.counts, c.k),
        (vec![1.0, 2.0, 3.0], vec![6, 1, 1], 3)
    );
    let c = classify(some(&v), &Scheme::Quantiles { k: 4 }).unwrap();
    assert_eq!((c.breaks, c.counts), (vec![1.0, 1.25, 3.0], vec![6, 0, 2]));
    let c = classify(some(&v), &Scheme::EqualInterval { k: 4 }).unwrap();
    assert_eq!(
        (c.breaks, c.counts),
        (vec![1.5, 2.0, 2.5, 3.0], vec![6, 1, 0, 1])
    );
    //   mc.EqualInterval([1, 1, 2, 2, 3], k=5): bins [1.4, 1.7999999999999998,
    //   2.1999999999999997, 2.5999999999999996, 3.0], counts [2, 0, 2, 0, 1]
    let c = classify(some(&[1., 1., 2., 2., 3.]), &Scheme::EqualInterval { k: 5 }).unwrap();
    assert_eq!(
        c.breaks,
        [
            1.4,
            1.7999999999999998,
            2.1999999999999997,
            2.5999999999999996,
            3.0
        ]
    );
    assert_eq!(c.counts, [2, 0, 2, 0, 1]);
}

#[test]
fn values_on_breaks_fall_in_the_same_class_as_in_mapclassify() {
    // Breaks to the last bit, from mapclassify 2.10.0 in a scratch venv:
    //   y = np.arange(1, 14) * 0.1; mc.Quantiles(y, k) for k = 6, 7, 9
    //   y2 = [0.1 * i for i in range(31)]; mc.EqualInterval(y2, k) for k = 7
    // y[2] = 0.30000000000000004 lies on the first k = 6 break: class 0, as there.
    let y: Vec<f64> = (1..14).map(|i| i as f64 * 0.1).collect();
    for (k, breaks, counts) in [
        (
            6,
            vec![
                0.30000000000000004,
                0.5,
                0.7000000000000001,
                0.9,
                1.1000000000000003,
                1.3,
            ],
            vec![3, 2, 2, 2, 2, 2],
        ),
        (
            7,
            vec![
                0.27142857142857146,
                0.4428571428571429,
                0.6142857142857144,
                0.7857142857142858,
                0.9571428571428571,
                1.1285714285714288,
                1.3,
            ],
            vec![2, 2, 2, 1, 2, 2, 2],
        ),
        (
            9,
            vec![
                0.23333333333333334,
                0.3666666666666667,
                0.4999999999999999,
                0.6333333333333334,
                0.7666666666666667,
                0.9,
                1.0333333333333332,
                1.1666666666666667,
                1.3,
            ],
            vec![2, 1, 1, 2, 1, 2, 1, 1, 2],
        ),
    ] {
        let c = classify(some(&y), &Scheme::Quantiles { k }).unwrap();
        assert_eq!(c.breaks, breaks, "k = {k}");
        assert_eq!(c.counts, counts, "k = {k}");
    }
    let y2: Vec<f64> = (0..31).map(|i| 0.1 * i as f64).collect();
    let c = classify(some(&y2), &Scheme::EqualInterval { k: 7 }).unwrap();
    assert_eq!(
        c.breaks,
        [
            0.42857142857142855,
            0.8571428571428571,
            1.2857142857142856,
            1.7142857142857142,
            2.142857142857143,
            2.571428571428571,
            3.0
        ]
    );
    assert_eq!(c.counts, [5, 4, 4, 5, 4, 4, 5]);
}

#[test]
fn quantiles_collapse_duplicate_breaks() {
    let v = [1., 1., 1., 1., 1., 1., 2., 3., 4., 5.];
    let c = classify(some(&v), &Scheme::Quantiles { k: 4 }).unwrap();
    // mapclassify: percentiles 25, 50, 75 are all 1 → one break; k = 3.
    assert_eq!(c.breaks, [1.0, 2.75, 5.0]);
    assert_eq!(c.counts, [6, 1, 3]);
}

#[test]
fn manual_breaks_are_sorted_and_max_appended() {
    let c = classify(
        some(&[1., 5., 9., 12.]),
        &Scheme::Manual {
            breaks: vec![8.0, 4.0, 4.0],
        },
    )
    .unwrap();
    assert_eq!(c.breaks, [4.0, 8.0, 12.0]);
    assert_eq!(c.counts, [1, 1, 2]);
    // Breaks above the maximum: nothing appended, empty classes kept.
    let c = classify(
        some(&[1., 2.]),
        &Scheme::Manual {
            breaks: vec![1.0, 10.0, 20.0],
        },
    )
    .unwrap();
    assert_eq!(c.breaks, [1.0, 10.0, 20.0]);
    assert_eq!(c.counts, [1, 1, 0]);
}

#[test]
fn pooled_breaks_match_mapclassify_pooled() {
    let years = vec![
        some(&[1., 2., 3., 4.]),
        some(&[5., 6., 7., 8.]),
        some(&[9., 10., 11., 30.]),
    ];
    let p = classify_years(&years, &Scheme::Quantiles { k: 4 }, BreakMode::Pooled).unwrap();
    for c in &p.per_year {
        assert_eq!(c.breaks, [3.75, 6.5, 9.25, 30.0]);
    }
    let counts: Vec<Vec<usize>> = p.per_year.iter().map(|c| c.counts.clone()).collect();
    assert_eq!(
        counts,
        vec![vec![3, 1, 0, 0], vec![0, 2, 2, 0], vec![0, 0, 1, 3]]
    );
    // Per year: each year gets its own quartiles.
    let y = classify_years(&years, &Scheme::Quantiles { k: 4 }, BreakMode::PerYear).unwrap();
    assert_eq!(y.per_year[0].breaks, [1.75, 2.5, 3.25, 4.0]);
    assert_eq!(y.per_year[2].counts, [1, 1, 1, 1]);
}

#[test]
fn natural_breaks_one_million_values_is_exact_on_clusters() {
    // Five well separated clusters: the optimum puts the breaks at the cluster maxima.
    let mut v: Vec<f64> = (0..1_000_000)
        .map(|i| (i % 5) as f64 * 100.0 + (i % 97) as f64 / 97.0)
        .collect();
    v.sort_by(f64::total_cmp);
    let b = natural_breaks(&v, 5);
    assert_eq!(
        b,
        [
            96.0 / 97.0,
            100.0 + 96.0 / 97.0,
            200.0 + 96.0 / 97.0,
            300.0 + 96.0 / 97.0,
            400.0 + 96.0 / 97.0
        ]
    );
}

#[test]
fn invalid_parameters_are_errors() {
    assert!(classify(some(&[1., 2.]), &Scheme::Quantiles { k: 1 }).is_err());
    assert!(classify(some(&[1., 2.]), &Scheme::NaturalBreaks { k: 10 }).is_err());
    assert!(classify(some(&[1., 2.]), &Scheme::BoxMap { hinge: -1.0 }).is_err());
    assert!(classify(some(&[1., 2.]), &Scheme::Manual { breaks: vec![] }).is_err());
    assert!(Scheme::from_name("kmeans", None, None, None).is_err());
}
