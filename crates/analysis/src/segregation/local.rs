//! The local segregation values per area and year as CSV: key, year, the location quotient
//! (per group with several groups) and the local entropy — what `segregation --local-out`
//! writes.

use super::multi::{local_entropy, location_quotients as multi_lq};
use super::single::location_quotients;
use super::{Groups, Units, YearSegregation};

/// Writes the local values of every measured year.
pub fn write_csv<W: std::io::Write>(
    out: W,
    units: &Units,
    groups: &Groups,
    years: &[YearSegregation],
) -> Result<(), String> {
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| e.to_string();
    let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    match groups {
        Groups::Single { .. } => {
            w.write_record(["key", "year", "location_quotient"])
                .map_err(err)?;
        }
        Groups::Multi(gs) => {
            let mut head = vec!["key".to_owned(), "year".to_owned()];
            head.extend(gs.iter().map(|g| format!("location_quotient_{g}")));
            head.push("local_entropy".into());
            w.write_record(&head).map_err(err)?;
        }
    }
    for m in years {
        let year = m.data.year.to_string();
        let c = &m.data.counts;
        match groups {
            Groups::Single { .. } => {
                for (u, lq) in m.data.units.iter().zip(location_quotients(&c[0], &c[1])) {
                    w.write_record([units.keys[*u].as_str(), &year, &num(lq)])
                        .map_err(err)?;
                }
            }
            Groups::Multi(_) => {
                let (lq, le) = (multi_lq(c), local_entropy(c));
                for (i, u) in m.data.units.iter().enumerate() {
                    let mut row = vec![units.keys[*u].clone(), year.clone()];
                    row.extend(lq.iter().map(|g| num(g[i])));
                    row.push(le[i].to_string());
                    w.write_record(&row).map_err(err)?;
                }
            }
        }
    }
    w.flush().map_err(|e| e.to_string())
}
