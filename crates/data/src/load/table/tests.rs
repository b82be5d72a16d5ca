//! Tests of the table reader on small inline files (compiled only under #[cfg(test)]).

use super::*;
use crate::load::error::{ErrorKind, LoadError};
use crate::model::DuplicateRow;
use crate::model::{IndicatorTable, TableFormat};

fn parse(text: &str, name: &str) -> Result<IndicatorTable, LoadError> {
    parse_table(text.as_bytes(), name, &TableOptions::default()).map(|(t, _)| t)
}

fn val(t: &IndicatorTable, ind: &str, year: i32, key: &str) -> Option<f64> {
    let i = t.indicator_index(ind)?;
    let y = t.year_index(year)?;
    let k = t.keys.iter().position(|k| k == key)?;
    t.value(i, y, k)
}

#[test]
fn wide_by_year_german() {
    let t = parse(
        "Schlüssel;Jahr;Name;Einwohner;Ausländeranteil\n0101;2020;Mitte;1.234;12,5\n0101;2021;Mitte;1.240;x\n0102;2020;Süd;980;-\n",
        "t.csv",
    )
    .unwrap();
    assert_eq!(t.format, TableFormat::WideByYear);
    assert_eq!(t.key_column, "Schlüssel");
    assert_eq!(t.years, [2020, 2021]);
    assert_eq!(t.keys, ["0101", "0102"]);
    assert_eq!(val(&t, "Einwohner", 2020, "0101"), Some(1234.0));
    assert_eq!(val(&t, "Ausländeranteil", 2020, "0101"), Some(12.5));
    assert_eq!(val(&t, "Ausländeranteil", 2021, "0101"), None);
    assert_eq!(val(&t, "Ausländeranteil", 2020, "0102"), None);
    assert_eq!(t.attributes.len(), 1);
    assert_eq!(t.attributes[0].values[1].as_deref(), Some("Süd"));
    assert_eq!(t.rows, 3);
    assert_eq!(t.key_lines[0].lines, [2, 3]);
    assert_eq!(t.key_lines[0].rows, 2);
}

#[test]
fn long_format() {
    let t = parse(
        "key,year,indicator,value\nA,2020,pop,100\nA,2020,share,.5\nB,2021,pop,200\nA,2020,pop,999\n",
        "t.csv",
    )
    .unwrap();
    assert_eq!(t.format, TableFormat::Long);
    assert_eq!(t.indicators.len(), 2);
    assert_eq!(val(&t, "share", 2020, "A"), Some(0.5));
    assert_eq!(val(&t, "pop", 2020, "A"), Some(100.0)); // first row wins
    assert_eq!(
        t.duplicates,
        vec![DuplicateRow {
            key: "A".into(),
            year: 2020,
            lines: vec![2, 5]
        }]
    );
}

#[test]
fn year_in_column_names() {
    let t = parse(
        "plrID,plrNAME,GESIx_2013,GESIx_2022,ESIx_2013,ESIx_2022\n01011101,Stülerstr.,.707,.876,-.0558,\n",
        "gssa.csv",
    )
    .unwrap();
    assert_eq!(t.format, TableFormat::YearInColumn);
    assert_eq!(t.years, [2013, 2022]);
    assert_eq!(t.keys, ["01011101"]);
    assert_eq!(val(&t, "GESIx", 2022, "01011101"), Some(0.876));
    assert_eq!(val(&t, "ESIx", 2013, "01011101"), Some(-0.0558));
    assert_eq!(val(&t, "ESIx", 2022, "01011101"), None);
}

#[test]
fn single_year_takes_year_from_file_name() {
    let t = parse("id\tpop\tdate\n1\t5\t2022-12-31\n", "werte_2022.tsv").unwrap();
    assert_eq!(t.format, TableFormat::WideSingleYear);
    assert_eq!(t.years, [2022]);
    assert!(!t.undated);
    assert_eq!(t.attributes[0].name, "date");
    let t = parse("id,pop\n1,5\n", "werte.csv").unwrap();
    assert!(t.undated);
}

#[test]
fn ambiguous_and_bad_tables_are_errors() {
    let e = parse("id,year,pop_2020,pop_2021\n1,2020,3,4\n", "t.csv").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Ambiguous);
    let e = parse("id,indicator,value\n1,pop,3\n", "t.csv").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Ambiguous);
    let e = parse("just one column\nx\n", "t.csv").unwrap_err();
    assert!(e.to_string().contains("only one column"), "{e}");
    let e = parse("id;name\n1;a\n", "t.csv").unwrap_err();
    assert!(e.to_string().contains("no numeric indicator"), "{e}");
    let e = parse("id;pop\n", "t.csv").unwrap_err();
    assert!(e.to_string().contains("no data rows"), "{e}");
}

#[test]
fn stray_text_in_numeric_column_is_reported() {
    let mut s = String::from("id,pop\n");
    for i in 0..30 {
        s.push_str(&format!("{i},{}\n", i * 10));
    }
    s.push_str("30,n/v\n");
    let t = parse(&s, "t.csv").unwrap();
    assert_eq!(t.indicators.len(), 1);
    assert!(
        t.warnings[0].to_string().contains("line 32"),
        "{:?}",
        t.warnings
    );
}

/// Classic Mac OS line ends (CR only) are line breaks, said in a warning; before, such a
/// file failed with "the table has a header but no data rows" (issue 22).
#[test]
fn cr_only_line_ends_are_line_breaks() {
    let t = parse(
        "key;year;share\r0101;2020;12,5\r0102;2020;7,25\r0101;2021;13\r",
        "mac.csv",
    )
    .unwrap();
    assert_eq!(t.keys, ["0101", "0102"]);
    assert_eq!(t.years, [2020, 2021]);
    assert_eq!(val(&t, "share", 2020, "0102"), Some(7.25));
    assert_eq!(val(&t, "share", 2021, "0101"), Some(13.0));
    assert_eq!(t.rows, 3);
    assert_eq!(t.key_lines[1].lines, [3], "line numbers count CR lines");
    assert!(
        t.warnings.iter().any(|w| w.to_string().contains("CR only")),
        "{:?}",
        t.warnings
    );
    // Windows line ends (CR LF) are not taken for CR-only ones.
    let t = parse("key;year;share\r\n0101;2020;12,5\r\n", "win.csv").unwrap();
    assert_eq!(val(&t, "share", 2020, "0101"), Some(12.5));
    assert!(!t.warnings.iter().any(|w| w.to_string().contains("CR only")));
}
