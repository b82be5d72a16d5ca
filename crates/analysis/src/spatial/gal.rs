//! GeoDa/PySAL weights files keyed by the district key: `.gal` (contiguity: a header line with
//! the count — or GeoDa's `0 n shapefile keyfield` — then per district a line `key k` and a
//! line with its k neighbours' keys) and `.gwt` (`0 n shapefile keyfield`, then `key key weight`
//! per pair). What libpysal writes is read back to the same neighbours, and libpysal reads what
//! is written here. Errors name the file and line.

use super::weights::{Weights, WeightsKind};
use atlas_data::join::normalize_key;
use atlas_data::model::Districts;
use std::collections::HashMap;
use std::fmt::Write as _;

/// A key as a weights file carries it: one token (keys with spaces cannot be written).
fn token(key: &str) -> Result<&str, String> {
    if key.is_empty() || key.chars().any(char::is_whitespace) {
        return Err(format!(
            "district key '{key}' is empty or has spaces: a weights file cannot hold it"
        ));
    }
    Ok(key)
}

/// GeoDa's header line: `0 n file keyfield` (one token each).
fn header(w: &Weights, d: &Districts) -> String {
    format!(
        "0 {} {} {}\n",
        w.len(),
        d.source.replace(' ', "_"),
        token(&d.key_field).unwrap_or("key")
    )
}

/// The weights as `.gal` text.
pub fn write_gal(w: &Weights, d: &Districts) -> Result<String, String> {
    let mut s = header(w, d);
    for (i, n) in w.neighbors.iter().enumerate() {
        let _ = writeln!(s, "{} {}", token(&d.districts[i].key)?, n.len());
        let keys: Vec<&str> = n.iter().map(|&j| d.districts[j].key.as_str()).collect();
        let _ = writeln!(s, "{}", keys.join(" "));
    }
    Ok(s)
}

/// The weights as `.gwt` text.
pub fn write_gwt(w: &Weights, d: &Districts) -> Result<String, String> {
    let mut s = header(w, d);
    for (i, n) in w.neighbors.iter().enumerate() {
        let a = token(&d.districts[i].key)?;
        for (k, &j) in n.iter().enumerate() {
            let _ = writeln!(s, "{a} {} {}", token(&d.districts[j].key)?, w.weights[i][k]);
        }
    }
    Ok(s)
}

/// District index by normalised key (the first district of a repeated key).
fn index_of(d: &Districts) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for (i, x) in d.districts.iter().enumerate() {
        m.entry(normalize_key(&x.key)).or_insert(i);
    }
    m
}

/// Reads `.gal` or `.gwt` text (told apart by its lines) against the districts. Districts the
/// file does not list are islands; keys the file has that no district has are an error.
pub fn read_weights(
    text: &str,
    source: &str,
    d: &Districts,
) -> Result<(Weights, Vec<String>), String> {
    let lines: Vec<(usize, Vec<&str>)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split_whitespace().collect::<Vec<_>>()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let Some((_, header)) = lines.first() else {
        return Err(format!("{source}: the file is empty"));
    };
    let index = index_of(d);
    let find = |key: &str, line: usize| {
        index.get(&normalize_key(key)).copied().ok_or_else(|| {
            format!(
                "{source}, line {line}: key '{key}' is not a district of {}",
                d.source
            )
        })
    };
    let mut neighbors = vec![Vec::new(); d.districts.len()];
    let mut weights = vec![Vec::new(); d.districts.len()];
    let mut listed = vec![false; d.districts.len()];
    let body = &lines[1..];
    // A .gwt body has three tokens per line, the third a number; a .gal body alternates
    // "key k" with k keys.
    let gwt = !body.is_empty()
        && body
            .iter()
            .all(|(_, t)| t.len() == 3 && t[2].parse::<f64>().is_ok())
        && header.len() == 4;
    if gwt {
        for (line, t) in body {
            let (a, b) = (find(t[0], *line)?, find(t[1], *line)?);
            let w: f64 = t[2]
                .parse()
                .map_err(|_| format!("{source}, line {line}: '{}' is not a weight", t[2]))?;
            listed[a] = true;
            neighbors[a].push(b);
            weights[a].push(w);
        }
    } else {
        let mut it = body.iter();
        while let Some((line, t)) = it.next() {
            let (Some(key), Some(k)) = (t.first(), t.get(1).and_then(|k| k.parse::<usize>().ok()))
            else {
                return Err(format!(
                    "{source}, line {line}: expected 'key number-of-neighbours'"
                ));
            };
            let i = find(key, *line)?;
            listed[i] = true;
            if k == 0 {
                // An island: GeoDa and libpysal write an empty line (skipped above).
                continue;
            }
            let Some((nline, nb)) = it.next() else {
                return Err(format!(
                    "{source}, line {line}: the neighbours of '{key}' are missing"
                ));
            };
            if nb.len() != k {
                return Err(format!(
                    "{source}, line {nline}: '{key}' should have {k} neighbours, the line lists {}",
                    nb.len()
                ));
            }
            for n in nb {
                let j = find(n, *nline)?;
                neighbors[i].push(j);
                weights[i].push(1.0);
            }
        }
    }
    let missing: Vec<String> = (0..d.districts.len())
        .filter(|&i| !listed[i])
        .map(|i| d.districts[i].key.clone())
        .collect();
    let mut w = Weights {
        kind: WeightsKind::File(source.to_owned()),
        neighbors,
        weights,
    };
    // Sorted like the other weights (weights moved along).
    for i in 0..w.len() {
        let mut pairs: Vec<(usize, f64)> = w.neighbors[i]
            .iter()
            .copied()
            .zip(w.weights[i].iter().copied())
            .collect();
        pairs.sort_by_key(|p| p.0);
        pairs.dedup_by_key(|p| p.0);
        w.neighbors[i] = pairs.iter().map(|p| p.0).collect();
        w.weights[i] = pairs.iter().map(|p| p.1).collect();
    }
    Ok((w, missing))
}
