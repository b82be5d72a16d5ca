//! `arrival-atlas classify`: numbers on stdin → breaks and counts as JSON.

use atlas_analysis::classify::{Scheme, classify};
use atlas_data::load::decimal::Evidence;
use atlas_data::load::numbers::{Cell, DecimalSeparator, parse_cell};
use clap::Args;
use std::io::Read;

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// equal | quantiles | jenks | stddev | boxmap | percentiles | headtail | manual
    #[arg(long)]
    pub scheme: String,
    /// Number of classes (2–9) for equal, quantiles and jenks.
    #[arg(long)]
    pub classes: Option<usize>,
    /// Box map hinge (1.5 or 3.0 are usual).
    #[arg(long)]
    pub hinge: Option<f64>,
    /// Manual upper bounds, comma-separated: 10,20,30
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    pub breaks: Option<Vec<f64>>,
}

pub fn run(a: &ClassifyArgs) -> Result<(), String> {
    let scheme = Scheme::from_name(&a.scheme, a.classes, a.hinge, a.breaks.clone())
        .map_err(|e| e.to_string())?;
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    let (text, _) = atlas_data::load::text::decode(&input);
    let values = parse_lines(&text)?;
    if values.iter().all(Option::is_none) {
        return Err(
            "no numbers on stdin (one number per line; empty, NA, ., -, x mean missing)".into(),
        );
    }
    let c = classify(values, &scheme).map_err(|e| e.to_string())?;
    let json = serde_json::to_string(&c).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(())
}

/// One value per line; `None` for missing-value symbols; an error names the first bad line.
pub fn parse_lines(text: &str) -> Result<Vec<Option<f64>>, String> {
    let lines: Vec<&str> = text.lines().collect();
    // A trailing newline must not count as a missing value.
    let lines = match lines.last() {
        Some(l) if l.trim().is_empty() => &lines[..lines.len() - 1],
        _ => &lines[..],
    };
    // The mark the lines prove (as a table column's); without a cell that decides it
    // ("12,5", "0.5"), a lone separator is a decimal point.
    let mut evidence = Evidence::default();
    for (i, l) in lines.iter().enumerate() {
        evidence.add(l, i as u64 + 1);
    }
    let decimal = evidence.proven().unwrap_or(DecimalSeparator::Point);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| match parse_cell(l, decimal) {
            Cell::Number(v) => Ok(Some(v)),
            Cell::Missing => Ok(None),
            Cell::Text => Err(format!(
                "stdin line {}: {:?} is not a number",
                i + 1,
                l.trim()
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_lines;

    #[test]
    fn the_mark_is_what_the_lines_prove_else_a_point() {
        assert_eq!(
            parse_lines("12,5\n1.234\n").unwrap(),
            [Some(12.5), Some(1234.0)]
        );
        assert_eq!(
            parse_lines("12.5\n1,234\n").unwrap(),
            [Some(12.5), Some(1234.0)]
        );
        assert_eq!(
            parse_lines("1.234\n17\n").unwrap(),
            [Some(1.234), Some(17.0)]
        );
        assert_eq!(parse_lines("1.234,5\n").unwrap(), [Some(1234.5)]);
    }
}
