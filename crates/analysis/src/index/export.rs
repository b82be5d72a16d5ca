//! A composite index as CSV: one row per key and year — key, year, then per index its
//! z-values, sum, index, class and rank (empty for a key left out).

use super::{IndexSpec, IndexYear};
use atlas_data::model::{IndicatorTable, YearIdx};

/// Writes the rows of `per_year` (the indices of `specs` in each of `years`).
pub fn write_csv<W: std::io::Write>(
    out: W,
    t: &IndicatorTable,
    specs: &[IndexSpec],
    years: &[YearIdx],
    per_year: &[Vec<IndexYear>],
) -> Result<(), String> {
    let mut w = csv::Writer::from_writer(out);
    let mut head = vec!["key".to_owned(), "year".to_owned()];
    for s in specs {
        for c in &s.components {
            head.push(format!("{}_z_{}", s.id, c.indicator));
        }
        for f in ["sum", "index", "class", "rank"] {
            head.push(format!("{}_{f}", s.id));
        }
    }
    let err = |e: csv::Error| e.to_string();
    w.write_record(&head).map_err(err)?;
    for (&y, ix) in years.iter().zip(per_year) {
        for k in (0..t.keys.len()).filter(|&k| t.has_row(y, k)) {
            let mut row = vec![t.keys[k].clone(), t.year_at(y).to_string()];
            for (s, r) in specs.iter().zip(ix) {
                match &r.keys[k] {
                    Some(v) => {
                        row.extend(r.z(k).unwrap_or_default().iter().map(|z| z.to_string()));
                        row.push(v.sum.to_string());
                        row.push(v.index.to_string());
                        row.push(s.classes[v.class].id.clone());
                        row.push(v.rank.to_string());
                    }
                    None => row.extend(std::iter::repeat_n(String::new(), s.components.len() + 4)),
                }
            }
            w.write_record(&row).map_err(err)?;
        }
    }
    w.flush().map_err(|e| e.to_string())
}
