//! What the header and names of a table say: column names, which names mean year, indicator
//! or value, years in column and file names, reference dates as years.

use crate::load::fields::tokens;
use crate::load::msg::LoadMsg;
use crate::model::TableFormat;

/// Header cells trimmed; empty ones named "column N"; repeated ones numbered: the first free
/// "name (n)" from n = 2 on.
pub fn header_names(header: &[&str]) -> Vec<String> {
    use crate::hash::{FxHashMap, FxHashSet};
    let mut out: Vec<String> = Vec::with_capacity(header.len());
    // The names so far, and per repeated name the number to try first: every smaller one is
    // taken (names are never given up). Searched through the list for each cell, a header
    // of 3 000 cells with one name took 8 s.
    let mut taken: FxHashSet<String> = FxHashSet::default();
    taken.reserve(header.len());
    let mut next: FxHashMap<String, usize> = FxHashMap::default();
    for (i, h) in header.iter().enumerate() {
        let mut name = h.trim().trim_start_matches('\u{feff}').to_string();
        if name.is_empty() {
            name = format!("column {}", i + 1);
        }
        if taken.contains(&name) {
            let n = next.entry(name.clone()).or_insert(2);
            while taken.contains(&format!("{name} ({n})")) {
                *n += 1;
            }
            let numbered = format!("{name} ({n})");
            *n += 1;
            name = numbered;
        }
        taken.insert(name.clone());
        out.push(name);
    }
    out
}

pub fn is_year_name(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    matches!(
        lower.as_str(),
        "year" | "jahr" | "berichtsjahr" | "stichjahr" | "yr" | "zeit" | "zeitraum" | "stichtag"
    ) || tokens(name).iter().any(|t| t == "year" || t == "jahr")
}

/// A year: "2022", "2022.0", or the year of a date ("31.12.2022", "2022-12-31") as
/// reference dates (Stichtag) are given.
pub fn parse_year(s: &str) -> Option<i32> {
    let s = s.trim();
    let y: i32 = if let Some(y) = s.strip_suffix(".0") {
        y.parse().ok()?
    } else if let Ok(y) = s.parse() {
        y
    } else {
        let parts: Vec<&str> = s.split(['.', '-', '/']).collect();
        let all_digits = parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        match parts.as_slice() {
            [d, m, y] if all_digits && d.len() <= 2 && m.len() <= 2 && y.len() == 4 => {
                y.parse().ok()?
            }
            [y, m, d] if all_digits && y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
                y.parse().ok()?
            }
            _ => return None,
        }
    };
    (1800..=2200).contains(&y).then_some(y)
}

pub fn is_indicator_name(name: &str) -> bool {
    matches!(
        name.trim().to_lowercase().as_str(),
        "indicator"
            | "indikator"
            | "merkmal"
            | "variable"
            | "kennzahl"
            | "measure"
            | "indicator_id"
    )
}

pub fn is_value_name(name: &str) -> bool {
    matches!(
        name.trim().to_lowercase().as_str(),
        "value" | "wert" | "values" | "werte"
    )
}

/// `GESIx_2013` → ("GESIx", 2013); `2015` → ("value", 2015).
pub fn split_year_suffix(name: &str) -> Option<(String, i32)> {
    let n = name.trim();
    if n.len() < 4 || !n.is_char_boundary(n.len() - 4) {
        return None;
    }
    let (stem, digits) = n.split_at(n.len() - 4);
    let year: i32 = digits.parse().ok().filter(|y| (1900..=2100).contains(y))?;
    if stem.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let stem = stem.trim_end_matches(['_', ' ', '-', '.']);
    Some((
        if stem.is_empty() {
            "value".into()
        } else {
            stem.to_string()
        },
        year,
    ))
}

pub fn year_in_name(source: &str) -> Option<i32> {
    let b = source.as_bytes();
    (0..b.len().saturating_sub(3)).rev().find_map(|i| {
        let w = &b[i..i + 4];
        let before = i == 0 || !b[i - 1].is_ascii_digit();
        let after = i + 4 >= b.len() || !b[i + 4].is_ascii_digit();
        (before && after && w.iter().all(u8::is_ascii_digit))
            .then(|| std::str::from_utf8(w).ok()?.parse().ok())
            .flatten()
            .filter(|y| (1900..=2100).contains(y))
    })
}

/// The layout from the roles of the columns; an error when the header is ambiguous.
pub fn layout_of(
    columns: &[String],
    indicator_col: Option<usize>,
    value_col: Option<usize>,
    year_col: Option<usize>,
    year_suffixed: &[(usize, String, i32)],
) -> Result<TableFormat, LoadMsg> {
    Ok(match (indicator_col, value_col, year_col) {
        (Some(_), Some(_), Some(_)) => TableFormat::Long,
        (Some(i), Some(v), None) => {
            return Err(LoadMsg::LongWithoutYear {
                indicator: columns[i].clone(),
                value: columns[v].clone(),
            });
        }
        (_, _, Some(y)) if year_suffixed.len() >= 2 => {
            return Err(LoadMsg::YearTwice {
                year: columns[y].clone(),
                first: columns[year_suffixed[0].0].clone(),
                second: columns[year_suffixed[1].0].clone(),
            });
        }
        (_, _, Some(_)) => TableFormat::WideByYear,
        _ if year_suffixed.len() >= 2 => TableFormat::YearInColumn,
        _ => TableFormat::WideSingleYear,
    })
}

#[cfg(test)]
mod tests {
    use super::header_names;

    /// The numbering as first written: each name looked for in the list so far.
    fn by_search(header: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, h) in header.iter().enumerate() {
            let mut name = h.trim().trim_start_matches('\u{feff}').to_string();
            if name.is_empty() {
                name = format!("column {}", i + 1);
            }
            if out.contains(&name) {
                let mut n = 2;
                while out.contains(&format!("{name} ({n})")) {
                    n += 1;
                }
                name = format!("{name} ({n})");
            }
            out.push(name);
        }
        out
    }

    #[test]
    fn repeated_names_are_numbered_with_the_first_free_number() {
        // Numbered names already in the header, a numbered name repeated, empty cells next to
        // a "column N" name, a byte order mark.
        let header = [
            "\u{feff}x",
            "x",
            "x (3)",
            "x",
            "x (2)",
            " x ",
            "",
            "column 7",
            "",
            "x (2)",
            "x",
            "y",
            "y (2)",
            "y",
            "y",
        ];
        let names = header_names(&header);
        assert_eq!(names, by_search(&header));
        assert_eq!(
            &names[..6],
            ["x", "x (2)", "x (3)", "x (4)", "x (2) (2)", "x (5)"]
        );
        // Many cells from a few names, in a scrambled order.
        let pool = ["a", "a (2)", "b", "", "a (3)", "b (2) (2)", "b (2)"];
        let header: Vec<&str> = (0..600)
            .map(|i| pool[(i * 7 + i / 5) % pool.len()])
            .collect();
        assert_eq!(header_names(&header), by_search(&header));
    }
}
