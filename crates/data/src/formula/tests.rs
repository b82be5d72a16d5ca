use super::eval::eb_rate;
use super::*;
use crate::model::{DerivedIndicator, IndicatorTable, Localized, Measure, YearIdx};

/// Three keys over 2015, 2016 and 2018 (2017 missing from the table).
fn table() -> IndicatorTable {
    let csv = b"id,year,pop,foreign,arr\n\
        a,2015,100,10,5\nb,2015,200,50,\nc,2015,0,0,1\n\
        a,2016,110,11,6\nb,2016,200,60,7\nc,2016,50,5,2\n\
        a,2018,120,30,8\nb,2018,,70,9\nc,2018,60,6,3\n";
    let (mut t, _) = crate::load::table::parse_table(csv, "t.csv", &Default::default()).unwrap();
    crate::load::apply_meta(&mut t, None);
    t
}

fn values(formula: &str) -> Vec<Vec<Option<f64>>> {
    let t = table();
    let b = bind(formula, &t).unwrap_or_else(|e| panic!("{formula}: {e}"));
    let v = evaluate(&b, &t);
    v.chunks(t.keys.len())
        .map(|c| c.iter().map(|x| (!x.is_nan()).then_some(*x)).collect())
        .collect()
}

#[test]
fn precedence_and_associativity() {
    let e = |s: &str| values(s)[0][0].unwrap();
    assert_eq!(e("1 + 2 * 3"), 7.0);
    assert_eq!(e("(1 + 2) * 3"), 9.0);
    assert_eq!(e("8 / 4 / 2"), 1.0);
    assert_eq!(e("10 - 4 - 3"), 3.0);
    assert_eq!(e("-2 * -3"), 6.0);
    assert_eq!(e("2 × 3 ÷ 4"), 1.5);
    assert_eq!(e("foreign / pop * 100"), 10.0);
    assert_eq!(e("100 * foreign / pop"), 10.0);
    assert_eq!(e("-foreign + pop"), 90.0);
    assert_eq!(e("1.5e2"), 150.0);
}

#[test]
fn missing_values_and_division_by_zero_are_missing() {
    let v = values("foreign / pop * 100");
    // c in 2015 has 0 residents: missing, not infinity and not 0.
    assert_eq!(v[0], vec![Some(10.0), Some(25.0), None]);
    // b in 2018 has no population: missing.
    assert_eq!(v[2][1], None);
    let v = values("arr + 1");
    assert_eq!(v[0][1], None);
    // 0 / 0 is missing too.
    assert_eq!(values("foreign / pop")[0][2], None);
}

#[test]
fn lag_goes_by_calendar_year_and_a_missing_year_is_missing() {
    let v = values("lag(pop, 1)");
    assert_eq!(v[0], vec![None, None, None], "no 2014");
    assert_eq!(v[1], vec![Some(100.0), Some(200.0), Some(0.0)]);
    // 2018 - 1 = 2017 is not in the table: missing, not 2016's value.
    assert_eq!(v[2], vec![None, None, None]);
    assert_eq!(
        values("lag(pop, 2)")[2],
        vec![Some(110.0), Some(200.0), Some(50.0)]
    );
    assert_eq!(
        values("change(pop, 2)")[2],
        vec![Some(10.0), None, Some(10.0)]
    );
    let p = values("pct_change(pop, 1)");
    assert!((p[1][0].unwrap() - 10.0).abs() < 1e-12);
    assert_eq!(p[1][2], None, "from 0: missing");
    // An expression inside a lag.
    assert_eq!(values("lag(foreign / pop * 100, 1)")[1][0], Some(10.0));
}

#[test]
fn sum_years_and_share() {
    let v = values("sum_years(arr, 1, 0)");
    assert_eq!(v[1], vec![Some(11.0), None, Some(3.0)], "b misses 2015");
    assert_eq!(v[2], vec![None, None, None], "2017 missing");
    assert_eq!(values("sum_years(arr, 0, 0)")[0], values("arr")[0]);
    let s = values("share(foreign)");
    let want = [10.0 / 60.0 * 100.0, 50.0 / 60.0 * 100.0, 0.0];
    for (a, b) in s[0].iter().zip(want) {
        assert!((a.unwrap() - b).abs() < 1e-12, "{s:?}");
    }
    // The missing population of b in 2018 is left out of the total.
    let s = values("share(pop)");
    assert!((s[2][0].unwrap() - 120.0 / 180.0 * 100.0).abs() < 1e-12);
    assert_eq!(s[2][1], None);
}

#[test]
fn errors_name_what_is_wrong() {
    let t = table();
    let err = |f: &str| bind(f, &t).unwrap_err().to_string();
    let e = err("foreigners / pop");
    assert!(
        e.contains("unknown indicator 'foreigners'") && e.contains("pop"),
        "{e}"
    );
    // A typo gets the id it was meant to be.
    assert_eq!(
        err("foreign / popp"),
        "unknown indicator 'popp': did you mean 'pop'?"
    );
    assert!(err("(pop + 1").contains("not closed"));
    assert!(err("pop +").contains("ends where a value"));
    assert!(err("pop 2").contains("operator"));
    assert!(err("lag(pop)").contains("lag takes 2 arguments"));
    assert!(err("lag(pop, 1.5)").contains("whole number"));
    assert!(err("lagg(pop, 1)").contains("unknown function 'lagg'"));
    assert!(err("sum_years(pop, 0, 2)").contains("must not be less"));
    assert!(err("pop $ 2").contains("unexpected character '$' (at character 5)"));
    assert!(err("").contains("empty"));
    assert!(err("\"pop").contains("not closed"));
}

#[test]
fn quoted_ids_and_ids_starting_with_digits() {
    let csv = b"id,year,Einw. gesamt,2020_total\na,2020,10,4\n";
    let (t, _) = crate::load::table::parse_table(csv, "t.csv", &Default::default()).unwrap();
    let b = bind("2020_total / \"Einw. gesamt\" * 100", &t).unwrap();
    assert_eq!(evaluate(&b, &t), vec![40.0]);
    assert_eq!(b.denominator.as_deref(), Some("Einw. gesamt"));
}

#[test]
fn ratio_formulas_record_their_denominator_and_sums_of_counts_stay_counts() {
    let t = table();
    let den = |f: &str| bind(f, &t).unwrap().denominator;
    assert_eq!(den("foreign / pop * 100").as_deref(), Some("pop"));
    assert_eq!(den("100 * foreign / pop").as_deref(), Some("pop"));
    assert_eq!(den("(arr + foreign) / pop * 1000").as_deref(), Some("pop"));
    assert_eq!(den("foreign / pop").as_deref(), Some("pop"));
    assert_eq!(den("foreign / (pop + 1)"), None);
    assert_eq!(den("foreign / pop + 1"), None);
    assert_eq!(den("foreign * pop / pop"), None);
    assert!(bind("arr + foreign", &t).unwrap().count);
    assert!(bind("change(pop, 1)", &t).unwrap().count);
    assert!(!bind("foreign / pop", &t).unwrap().count);
    assert!(!bind("arr * 2", &t).unwrap().count);
}

#[test]
fn derived_columns_are_added_in_order_and_recomputed() {
    let mut t = table();
    let n = t.indicators.len();
    let defs = vec![
        DerivedIndicator {
            id: "fpct".into(),
            formula: "foreign / pop * 100".into(),
            unit: Localized::plain("%"),
            ..Default::default()
        },
        DerivedIndicator {
            id: "fpct_change".into(),
            formula: "change(fpct, 1)".into(),
            ..Default::default()
        },
        DerivedIndicator {
            id: "bad".into(),
            formula: "nothing * 2".into(),
            ..Default::default()
        },
        DerivedIndicator {
            id: "pop".into(),
            formula: "1".into(),
            ..Default::default()
        },
    ];
    let errors = apply_derived(&mut t, &defs);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].to_string().contains("'bad'")
            && errors[0]
                .to_string()
                .contains("unknown indicator 'nothing'")
    );
    assert!(errors[1].to_string().contains("already has"));
    assert_eq!(t.indicators.len(), n + 2);
    let f = t.indicator_index("fpct").unwrap();
    assert_eq!(t.indicators[f].meta.denominator.as_deref(), Some("pop"));
    assert_eq!(t.indicators[f].meta.measure, Measure::Rate);
    assert_eq!(t.value(f, YearIdx(0), 1), Some(25.0));
    let c = t.indicator_index("fpct_change").unwrap();
    assert_eq!(t.value(c, YearIdx(1), 0), Some(0.0));
    // Applying again (after an edit) replaces the derived columns instead of adding more.
    let mut edited = defs.clone();
    edited[0].formula = "foreign / pop * 1000".into();
    apply_derived(&mut t, &edited);
    assert_eq!(t.indicators.len(), n + 2);
    let f = t.indicator_index("fpct").unwrap();
    assert_eq!(t.value(f, YearIdx(0), 1), Some(250.0));
    // Loaded columns are untouched.
    assert_eq!(
        t.value(t.indicator_index("pop").unwrap(), YearIdx(0), 1),
        Some(200.0)
    );
}

#[test]
fn empirical_bayes_matches_pysal() {
    // esda 2.9.0: esda.smoothing.Empirical_Bayes(e, b).r with
    // e = [5, 30, 2, 40, 1], b = [100, 400, 10, 1000, 3] (scratch venv, not in the repo).
    let r = eb_rate(
        &[5.0, 30.0, 2.0, 40.0, 1.0],
        &[100.0, 400.0, 10.0, 1000.0, 3.0],
    );
    let pysal = PYSAL_EB;
    for (a, b) in r.iter().zip(pysal) {
        assert!((a - b).abs() < 1e-12, "{r:?} vs {pysal:?}");
    }
    // A missing or zero base is left out and missing.
    let r = eb_rate(
        &[5.0, f64::NAN, 1.0, 30.0, 2.0],
        &[100.0, 50.0, 0.0, 400.0, 10.0],
    );
    assert!(r[1].is_nan() && r[2].is_nan(), "{r:?}");
    let same = eb_rate(&[5.0, 30.0, 2.0], &[100.0, 400.0, 10.0]);
    assert_eq!([r[0], r[3], r[4]], [same[0], same[1], same[2]]);
}

const PYSAL_EB: [f64; 5] = [
    0.05090788717698104,
    0.06889909322217012,
    0.06140445719620155,
    0.041424929508085934,
    0.05743636119764983,
];
