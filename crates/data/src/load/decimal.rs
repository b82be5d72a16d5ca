//! Which decimal mark a table uses, decided from evidence in every cell of the file, never from
//! a sample: `16.6` or `0.5` proves a decimal point, `1,5` a decimal comma, `1.234.567` a
//! thousands point (so a decimal comma) and `1,234,567` a thousands comma. `1.234` or `12,750`
//! alone prove nothing: they follow what the column, then the file proves, and only without any
//! evidence the delimiter's convention (`;` or tab: German), with a warning that says so.

use super::note::{Decimal, Note, Proven};
use super::numbers::DecimalSeparator;

/// What one cell says about the decimal mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Not a number, or one without any separator (`17`, `-3`, `1e5`): no evidence.
    Neutral,
    /// Proves a decimal point (`16.6`, `.707`, `0.500`, `1,234.5`, `1,234,567`).
    Point,
    /// Proves a decimal comma (`1,5`, `-,25`, `1.234,5`, `1.234.567`).
    Comma,
    /// `d{1,3}.ddd` or `d{1,3},ddd`: a thousands group or three decimals.
    Ambiguous,
}

/// The shape of a trimmed cell's number, from its separators only.
pub fn shape(cell: &str) -> Shape {
    let s = cell.trim();
    let s = s.strip_suffix('%').map(str::trim_end).unwrap_or(s);
    let s = s
        .strip_prefix(['-', '+', '−'])
        .unwrap_or(s)
        .trim_start_matches('−');
    // Exponent notation is written with a decimal point everywhere it occurs.
    let mantissa = match s.find(['e', 'E']) {
        Some(i) if i > 0 => &s[..i],
        _ => s,
    };
    let mut points = 0usize;
    let mut commas = 0usize;
    let (mut last_point, mut last_comma) = (0usize, 0usize);
    for (i, c) in mantissa.char_indices() {
        match c {
            '0'..='9' => {}
            '.' => {
                points += 1;
                last_point = i;
            }
            ',' => {
                commas += 1;
                last_comma = i;
            }
            // Spaces and apostrophes group thousands in either convention.
            ' ' | '\'' | '\u{a0}' | '\u{202f}' => {}
            _ => return Shape::Neutral,
        }
    }
    if !mantissa.bytes().any(|b| b.is_ascii_digit()) {
        return Shape::Neutral;
    }
    match (points, commas) {
        (0, 0) => Shape::Neutral,
        (_, _) if points > 0 && commas > 0 => {
            if last_comma > last_point {
                Shape::Comma
            } else {
                Shape::Point
            }
        }
        (p, 0) if p > 1 => Shape::Comma,
        (0, c) if c > 1 => Shape::Point,
        (1, 0) => single(mantissa, last_point, Shape::Point),
        (0, 1) => single(mantissa, last_comma, Shape::Comma),
        _ => Shape::Neutral,
    }
}

/// One separator at `at`: a thousands group only when 1–3 digits (not a lone 0) stand before
/// it and exactly three digits after it.
fn single(s: &str, at: usize, decimal: Shape) -> Shape {
    let head = s[..at].trim();
    let tail = s[at + 1..].trim();
    let group = (1..=3).contains(&head.len())
        && head != "0"
        && head.bytes().all(|b| b.is_ascii_digit())
        && tail.len() == 3
        && tail.bytes().all(|b| b.is_ascii_digit());
    if group { Shape::Ambiguous } else { decimal }
}

/// Evidence gathered for one column: counts and the first line of each kind.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub point: usize,
    pub comma: usize,
    pub ambiguous: usize,
    pub first_point: Option<(u64, String)>,
    pub first_comma: Option<(u64, String)>,
    pub first_ambiguous: Option<(u64, String)>,
}

impl Evidence {
    pub fn add(&mut self, cell: &str, line: u64) {
        self.add_shape(shape(cell), cell, line);
    }

    /// Adds a cell whose shape is known. In the survey's loop for every numeric cell: a count,
    /// inlined there; the first example of each shape kept out of line.
    #[inline]
    pub fn add_shape(&mut self, shape: Shape, cell: &str, line: u64) {
        let (count, first) = match shape {
            Shape::Neutral => return,
            Shape::Point => (&mut self.point, &mut self.first_point),
            Shape::Comma => (&mut self.comma, &mut self.first_comma),
            Shape::Ambiguous => (&mut self.ambiguous, &mut self.first_ambiguous),
        };
        *count += 1;
        if first.is_none() {
            *first = Some(example(cell, line));
        }
    }

    /// Adds another part of the same column, read later in the file.
    pub fn merge(&mut self, o: Evidence) {
        self.point += o.point;
        self.comma += o.comma;
        self.ambiguous += o.ambiguous;
        for (mine, theirs) in [
            (&mut self.first_point, o.first_point),
            (&mut self.first_comma, o.first_comma),
            (&mut self.first_ambiguous, o.first_ambiguous),
        ] {
            if mine.is_none() {
                *mine = theirs;
            }
        }
    }

    /// The mark this column proves on its own (the majority when both are seen).
    pub fn proven(&self) -> Option<DecimalSeparator> {
        match (self.point, self.comma) {
            (0, 0) => None,
            (p, c) if p >= c => Some(DecimalSeparator::Point),
            _ => Some(DecimalSeparator::Comma),
        }
    }
}

/// A shape's first cell as the decision's warnings quote it (once per shape and column).
#[cold]
fn example(cell: &str, line: u64) -> (u64, String) {
    (line, cell.trim().to_owned())
}

/// The decimal mark of each column and the warnings that go with the decision.
pub struct Decision {
    /// The file's mark: what most columns prove, else the delimiter's convention.
    pub file: DecimalSeparator,
    /// Whether `file` rests on evidence in the file (false: the delimiter's convention).
    pub file_proven: bool,
    pub per_column: Vec<DecimalSeparator>,
    pub warnings: Vec<Note>,
}

/// Decides the marks for columns named `names` from their evidence. `default` is the
/// delimiter's convention, used when no column proves anything.
pub fn decide(names: &[String], evidence: &[Evidence], default: DecimalSeparator) -> Decision {
    let (mut point, mut comma) = (0usize, 0usize);
    for e in evidence {
        match e.proven() {
            Some(DecimalSeparator::Point) => point += 1,
            Some(DecimalSeparator::Comma) => comma += 1,
            None => {}
        }
    }
    let (file, file_proven) = match (point, comma) {
        (0, 0) => (default, false),
        (p, c) if p >= c => (DecimalSeparator::Point, true),
        _ => (DecimalSeparator::Comma, true),
    };
    let mut warnings = Vec::new();
    let mut per_column = Vec::with_capacity(evidence.len());
    for (name, e) in names.iter().zip(evidence) {
        let mark = e.proven().unwrap_or(file);
        per_column.push(mark);
        if e.point > 0 && e.comma > 0 {
            let (pl, pv) = e.first_point.clone().unwrap_or_default();
            let (cl, cv) = e.first_comma.clone().unwrap_or_default();
            warnings.push(Note::MixedDecimals {
                column: name.clone(),
                point: e.point,
                point_line: pl,
                point_value: pv,
                comma: e.comma,
                comma_line: cl,
                comma_value: cv,
                read: match mark {
                    DecimalSeparator::Point => Decimal::Point,
                    DecimalSeparator::Comma => Decimal::Comma,
                },
            });
        } else if e.proven().is_none()
            && let Some((line, v)) = &e.first_ambiguous
        {
            warnings.push(Note::AmbiguousDecimals {
                column: name.clone(),
                n: e.ambiguous,
                value: v.clone(),
                line: *line,
                read: match mark {
                    DecimalSeparator::Point => Decimal::PointExplained,
                    DecimalSeparator::Comma => Decimal::ThousandsPoint,
                },
                proven: Proven(file_proven),
            });
        }
    }
    Decision {
        file,
        file_proven,
        per_column,
        warnings,
    }
}

/// The mark in words, for reports.
pub fn words(d: DecimalSeparator) -> &'static str {
    match d {
        DecimalSeparator::Point => "decimal point",
        DecimalSeparator::Comma => "decimal comma",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        for (s, want) in [
            ("16.6", Shape::Point),
            ("0.5", Shape::Point),
            (".707", Shape::Point),
            ("0.500", Shape::Point),
            ("1,234.5", Shape::Point),
            ("1,234,567", Shape::Point),
            ("1,5", Shape::Comma),
            ("-,25", Shape::Comma),
            ("1.234,5", Shape::Comma),
            ("1.234.567", Shape::Comma),
            ("1.234", Shape::Ambiguous),
            ("12,750", Shape::Ambiguous),
            ("-12.750", Shape::Ambiguous),
            ("1234.567", Shape::Point),
            ("17", Shape::Neutral),
            ("1e5", Shape::Neutral),
            ("Mitte", Shape::Neutral),
            ("", Shape::Neutral),
            ("12,5 %", Shape::Comma),
        ] {
            assert_eq!(shape(s), want, "{s}");
        }
    }

    #[test]
    fn ambiguous_cells_follow_the_proven_file_convention() {
        let names = vec!["a".to_string(), "b".to_string()];
        let mut a = Evidence::default();
        a.add("1.234", 9000);
        let mut b = Evidence::default();
        b.add("16.6", 2);
        let d = decide(&names, &[a.clone(), b], DecimalSeparator::Comma);
        assert_eq!(d.per_column, [DecimalSeparator::Point; 2]);
        assert!(
            d.warnings[0].to_string().contains("line 9000"),
            "{:?}",
            d.warnings
        );
        // Without any proof, the delimiter's convention, said in the warning.
        let d = decide(&names[..1], &[a], DecimalSeparator::Comma);
        assert_eq!(d.per_column, [DecimalSeparator::Comma]);
        assert!(!d.file_proven);
        assert!(
            d.warnings[0].to_string().contains("delimiter"),
            "{:?}",
            d.warnings
        );
    }
}
