//! Tests of the table reader on small inline files (compiled only under #[cfg(test)]).

use super::*;
use crate::load::error::{ErrorKind, LoadError};
use crate::load::note::Note;
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

/// The table read in one pass and in the two it replaces (which every other test here
/// checks): equal in every value, line, duplicate, attribute and note.
fn one_and_two_passes(text: &str, name: &str) -> IndicatorTable {
    assert!(text.len() > 4 << 20, "large enough to be read in parts");
    let one = parse_table(text.as_bytes(), name, &TableOptions::default());
    read::TWO_PASSES.with(|t| t.set(true));
    let two = parse_table(text.as_bytes(), name, &TableOptions::default());
    read::TWO_PASSES.with(|t| t.set(false));
    let (one, two) = (one.expect("one pass"), two.expect("two passes"));
    assert_eq!(one.1, two.1);
    let (a, b) = (&one.0, &two.0);
    assert_eq!(a.keys, b.keys);
    assert_eq!(a.years, b.years);
    assert_eq!(a.indicators, b.indicators);
    assert_eq!(a.rows, b.rows);
    assert_eq!(a.warnings, b.warnings);
    assert_eq!(a.duplicates, b.duplicates);
    for (k, (x, y)) in a.key_lines.iter().zip(&b.key_lines).enumerate() {
        assert_eq!(x, y, "lines of key {}", a.keys[k]);
    }
    for (x, y) in a.attributes.iter().zip(&b.attributes) {
        assert!(x == y, "attribute {}", x.name);
    }
    for i in 0..a.indicators.len() {
        for y in 0..a.years.len() {
            for k in 0..a.keys.len() {
                let (y, at) = (crate::model::table::YearIdx(y), &a.keys[k]);
                let (va, vb) = (a.value(i, y, k), b.value(i, y, k));
                assert!(va == vb, "{at} {y:?} {i}: {va:?} {vb:?}");
                assert_eq!(a.has_row(y, k), b.has_row(y, k), "row {at} {y:?}");
            }
        }
    }
    assert_eq!(
        (
            &a.source,
            a.format,
            &a.key_column,
            &a.year_column,
            a.undated
        ),
        (
            &b.source,
            b.format,
            &b.key_column,
            &b.year_column,
            b.undated
        )
    );
    one.0
}

#[test]
fn one_pass_equals_two_on_a_long_table_sorted_by_year() {
    let mut text = String::from("key;year;indicator;value\n");
    for y in 2010..2013 {
        for k in 0..40_000 {
            for (ind, v) in [
                ("pop", format!("{}", 1000 + k)),
                ("share", format!("{}.{}", k % 90, k % 7)),
            ] {
                text.push_str(&format!("{k:06};{y};{ind};{v}\n"));
            }
        }
    }
    // Rows of the first part repeated in the second (one with a cell that is no number, which
    // does not count: the first row is kept), a row without key, a new key whose cell is no
    // number, and footnotes.
    text.push_str("000007;2010;pop;5\n000008;2011;share;abc\n;2012;pop;1\n000009;2012;share;\n999999;2010;pop;abc\n");
    text.push_str("Quelle: Amt\n© 2024\n");
    let t = one_and_two_passes(&text, "long.csv");
    assert_eq!(t.keys.len(), 40_001);
    let dup: Vec<&str> = t.duplicates.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(dup, ["000007", "000008", "000009"]);
    assert_eq!(val(&t, "pop", 2010, "000007"), Some(1007.0));
    assert_eq!(
        val(&t, "share", 2011, "000008"),
        Some(8.1),
        "the first row wins"
    );
    let not_numbers = t.warnings.iter().find_map(|w| match w {
        Note::NotNumbers { n, examples, .. } => Some((*n, examples.clone())),
        _ => None,
    });
    assert_eq!(not_numbers, Some((1, "line 240006: \"abc\"".to_string())));
}

#[test]
fn one_pass_equals_two_where_a_later_part_starts_inside_a_year() {
    // Three years of the same keys sorted by year, cut in two near the middle of 2011: the
    // second part numbers its keys from 050000 on, so its 2012 column is the table's turned
    // (and handed over as the table's block), its 2011 column meets the first part's block.
    let mut text = String::from("key;year;indicator;value\n");
    for y in 2010..2013 {
        for k in 0..100_000 {
            let v = if (y, k) == (2012, 9) {
                "x".to_string()
            } else {
                format!("{}", (k * 7 + y) % 1000)
            };
            text.push_str(&format!("{k:06};{y};pop;{v}\n"));
        }
    }
    // Rows repeated after their first: in a block of the first part, twice in one the second
    // part handed over (once over a cell that was no number: that row, the first, is kept).
    text.push_str("000007;2010;pop;5\n000008;2012;pop;6\n000009;2012;pop;17\n");
    let t = one_and_two_passes(&text, "by_year.csv");
    assert_eq!(t.keys.len(), 100_000);
    assert_eq!(t.keys[99_999], "099999");
    // The value each key's row of a year holds in the loop above.
    let cell = |k: usize, y: usize| Some(((k * 7 + y) % 1000) as f64);
    for (k, y) in [
        (99_999, 2012),
        (50_000, 2012),
        (49_999, 2011),
        (7, 2010),
        (8, 2012),
    ] {
        assert_eq!(
            val(&t, "pop", y as i32, &format!("{k:06}")),
            cell(k, y),
            "{k} {y}"
        );
    }
    assert_eq!(val(&t, "pop", 2012, "000009"), None, "the first row wins");
    let dup: Vec<(&str, i32)> = t
        .duplicates
        .iter()
        .map(|d| (d.key.as_str(), d.year))
        .collect();
    assert_eq!(dup, [("000007", 2010), ("000008", 2012), ("000009", 2012)]);
}

#[test]
fn one_pass_equals_two_on_a_wide_german_table_with_names() {
    let mut text = String::from("Schlüssel;Jahr;Name;Einwohner;Anteil\n");
    for k in 0..30_000 {
        for y in 2015..2020 {
            let share = if k % 1000 == 3 {
                "–".to_string()
            } else {
                format!("{},{}", k % 50, y % 10)
            };
            text.push_str(&format!("{k:05};{y};Gebiet {k};{};{share}\n", 100 + k));
        }
    }
    let t = one_and_two_passes(&text, "wide.csv");
    assert_eq!(t.format, TableFormat::WideByYear);
    assert_eq!(val(&t, "Anteil", 2016, "00012"), Some(12.6));
    assert_eq!(
        t.attributes[0].values[29_999].as_deref(),
        Some("Gebiet 29999")
    );
}

#[test]
fn one_pass_falls_back_when_the_first_rows_mislead() {
    // Whole numbers first (the delimiter's convention, a comma for `;`), decimal points
    // only later: the provisional mark is not the file's, and the values are read again.
    let mut text = String::from("key;year;value_a;value_b\n");
    for k in 0..300_000 {
        let b = if k < 100_000 {
            format!("{k}")
        } else {
            format!("{}.5", k % 100)
        };
        text.push_str(&format!("{k};2020;{};{b}\n", k % 13));
    }
    let t = one_and_two_passes(&text, "late.csv");
    assert_eq!(val(&t, "value_b", 2020, "150000"), Some(0.5));
}
