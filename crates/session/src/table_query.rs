//! Sorting and filtering the *Data table*, as QGIS's attribute table does: sort by any column
//! (again: the other way round), filter by a name or key, or by a condition on the value
//! ("> 20", "<= 12,5" — the decimal mark of the language), and select what the filter left.
//! Free of any UI toolkit, so that tests (and later the command line) can use it.

use super::data_table::Row;
use atlas_analysis::rules::Tri;
use atlas_i18n::Lang;
use std::cmp::Ordering;

/// A column of the data table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Column {
    #[default]
    Rank,
    Name,
    Key,
    Value,
    Class,
    /// The result of the rule at this position.
    Rule(usize),
    /// The composite index at this position.
    Index(usize),
    /// A component's z-value in the composite index: (index, component).
    IndexZ(usize, usize),
}

/// How the rows are ordered and which are kept.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableQuery {
    pub sort: Column,
    /// The other way round than the column's natural order (rank 1 first, A–Z, 0–9, met
    /// first).
    pub reversed: bool,
    /// A name or key to look for, or a condition on the value ("> 20").
    pub filter: String,
}

/// What the filter text asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    All,
    /// Rows whose name or key contains the text (case does not matter).
    Text(String),
    /// Rows whose value meets the condition.
    Value(Cmp, f64),
}

/// A comparison of a condition on the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

impl Cmp {
    fn holds(self, v: f64, x: f64) -> bool {
        match self {
            Cmp::Lt => v < x,
            Cmp::Le => v <= x,
            Cmp::Eq => (v - x).abs() <= 1e-9 * x.abs().max(1.0),
            Cmp::Ge => v >= x,
            Cmp::Gt => v > x,
        }
    }
}

/// Reads the filter text: a leading comparison makes it a condition on the value (its number
/// read with the language's decimal mark, the other mark accepted too where it cannot be a
/// thousands separator); anything else looks for a name or key.
pub fn parse_filter(text: &str, lang: Lang) -> Filter {
    let t = text.trim();
    if t.is_empty() {
        return Filter::All;
    }
    let ops = [
        ("<=", Cmp::Le),
        ("≤", Cmp::Le),
        (">=", Cmp::Ge),
        ("≥", Cmp::Ge),
        ("<", Cmp::Lt),
        (">", Cmp::Gt),
        ("=", Cmp::Eq),
    ];
    for (sym, op) in ops {
        if let Some(rest) = t.strip_prefix(sym) {
            return match number(rest.trim(), lang) {
                Some(x) => Filter::Value(op, x),
                // "< abc" looks for nothing sensible: it keeps no row rather than all.
                None => Filter::Text(t.to_lowercase()),
            };
        }
    }
    Filter::Text(t.to_lowercase())
}

fn number(s: &str, lang: Lang) -> Option<f64> {
    let plain = match lang {
        // German: 1.234,5 → 1234.5; a lone comma is the decimal mark.
        Lang::De => s.replace('.', "").replace(',', "."),
        Lang::En => s.replace(',', ""),
    };
    plain.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The rows the query keeps, in its order. Rows without a value (or a rank, class) come last
/// whichever way a column is sorted, as in a spreadsheet.
pub fn apply(rows: &[Row], q: &TableQuery, lang: Lang) -> Vec<Row> {
    let filter = parse_filter(&q.filter, lang);
    let mut out: Vec<Row> = rows
        .iter()
        .filter(|r| match &filter {
            Filter::All => true,
            Filter::Text(t) => {
                r.name.to_lowercase().contains(t.as_str()) || r.key.to_lowercase().contains(t)
            }
            Filter::Value(op, x) => r.value.is_some_and(|v| op.holds(v, *x)),
        })
        .cloned()
        .collect();
    out.sort_by(|a, b| {
        let (ka, kb) = (key(a, q.sort), key(b, q.sort));
        let by = match (ka, kb) {
            (Some(x), Some(y)) => {
                let o = compare(&x, &y);
                if q.reversed { o.reverse() } else { o }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by.then_with(|| a.name.cmp(&b.name))
    });
    out
}

/// A sort key: numbers or text; `None` for an empty cell.
enum Key<'a> {
    Num(f64),
    Text(&'a str),
}

fn key(r: &Row, c: Column) -> Option<Key<'_>> {
    match c {
        Column::Rank => r.rank.map(|(k, _)| Key::Num(k as f64)),
        Column::Name => Some(Key::Text(&r.name)),
        Column::Key => Some(Key::Text(&r.key)),
        // Highest first is the natural order of a value and a class (as the rank).
        Column::Value => r.value.map(|v| Key::Num(-v)),
        Column::Class => r.class.map(|(k, _)| Key::Num(-(k as f64))),
        // Highest index first, as its rank.
        Column::Index(i) => r
            .indices
            .get(i)
            .and_then(Option::as_ref)
            .map(|c| Key::Num(-c.index)),
        Column::IndexZ(i, c) => r
            .indices
            .get(i)
            .and_then(Option::as_ref)
            .and_then(|x| x.z.get(c))
            .map(|z| Key::Num(-z)),
        Column::Rule(i) => r.rules.get(i).map(|t| {
            Key::Num(match t {
                Tri::True => 0.0,
                Tri::False => 1.0,
                Tri::Unknown => 2.0,
            })
        }),
    }
}

fn compare(a: &Key, b: &Key) -> Ordering {
    match (a, b) {
        (Key::Num(x), Key::Num(y)) => x.total_cmp(y),
        (Key::Text(x), Key::Text(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Key::Num(_), Key::Text(_)) => Ordering::Less,
        (Key::Text(_), Key::Num(_)) => Ordering::Greater,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(d: usize, name: &str, key: &str, value: Option<f64>, rank: Option<usize>) -> Row {
        Row {
            district: d,
            key: key.into(),
            name: name.into(),
            value,
            value_text: String::new(),
            class: None,
            few: None,
            rank: rank.map(|r| (r, 3)),
            rules: vec![if value.unwrap_or(0.0) > 20.0 {
                Tri::True
            } else {
                Tri::False
            }],
            indices: vec![value.map(|v| crate::data_table::IndexCell {
                index: v / 10.0,
                class: String::new(),
                rank: 0,
                n: 3,
                z: vec![v],
            })],
        }
    }

    fn rows() -> Vec<Row> {
        vec![
            row(0, "Mitte", "01", Some(30.5), Some(1)),
            row(1, "Pankow", "03", Some(12.25), Some(3)),
            row(2, "Kreuzberg", "02", Some(28.0), Some(2)),
            row(3, "Messegelände", "04", None, None),
        ]
    }

    fn names(rs: &[Row]) -> Vec<&str> {
        rs.iter().map(|r| r.name.as_str()).collect()
    }

    #[test]
    fn sorts_by_any_column_both_ways_with_empty_cells_last() {
        let q = |sort, reversed| TableQuery {
            sort,
            reversed,
            filter: String::new(),
        };
        let by = |c, r| names(&apply(&rows(), &q(c, r), Lang::En)).join(",");
        assert_eq!(
            by(Column::Rank, false),
            "Mitte,Kreuzberg,Pankow,Messegelände"
        );
        assert_eq!(
            by(Column::Value, true),
            "Pankow,Kreuzberg,Mitte,Messegelände"
        );
        assert_eq!(
            by(Column::Name, false),
            "Kreuzberg,Messegelände,Mitte,Pankow"
        );
        assert_eq!(
            by(Column::Name, true),
            "Pankow,Mitte,Messegelände,Kreuzberg"
        );
        assert_eq!(
            by(Column::Key, false),
            "Mitte,Kreuzberg,Pankow,Messegelände"
        );
        assert_eq!(
            by(Column::Rule(0), false),
            "Kreuzberg,Mitte,Messegelände,Pankow"
        );
    }

    #[test]
    fn filters_by_name_key_or_a_condition_in_the_language_s_numbers() {
        let f = |text: &str, lang| {
            let q = TableQuery {
                filter: text.into(),
                ..TableQuery::default()
            };
            names(&apply(&rows(), &q, lang)).join(",")
        };
        assert_eq!(f("berg", Lang::En), "Kreuzberg");
        assert_eq!(f("MITTE", Lang::En), "Mitte");
        assert_eq!(f("03", Lang::En), "Pankow");
        assert_eq!(f("> 20", Lang::En), "Mitte,Kreuzberg");
        assert_eq!(f(">= 28", Lang::En), "Mitte,Kreuzberg");
        // German decimal comma; a value-less district never meets a condition.
        assert_eq!(f("<= 12,25", Lang::De), "Pankow");
        assert_eq!(f("< 12,5", Lang::De), "Pankow");
        assert_eq!(f("= 30.5", Lang::En), "Mitte");
        assert_eq!(
            parse_filter("≥ 1.234,5", Lang::De),
            Filter::Value(Cmp::Ge, 1234.5)
        );
        assert_eq!(parse_filter("  ", Lang::De), Filter::All);
        // Not a number after the comparison: looks for that text (and finds nothing).
        assert_eq!(f("> viel", Lang::De), "");
    }
}
