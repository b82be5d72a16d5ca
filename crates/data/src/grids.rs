//! Telling when an indicator table and a boundary file belong to two different district grids:
//! a boundary revision (Berlin's forecast areas before and after 2021: keys of the same form,
//! few of them shared, names that match under other keys) or a finer table on coarser
//! boundaries (planning areas on Bezirke: the table's keys begin with the district keys).
//! Such a table must never be joined by names or edit distance; the user is offered a
//! crosswalk (or aggregation) instead.

use crate::dataset::Dataset;
use crate::join_suggest::fold;
use std::collections::{HashMap, HashSet};

/// What kind of mismatch it is.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum GridKind {
    /// Two editions of a grid: a crosswalk moves the table onto the boundaries.
    Revision,
    /// The table's keys begin with the district keys: aggregate the table by this prefix.
    Finer { prefix: usize },
}

/// The evidence, for the message.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GridMismatch {
    #[serde(flatten)]
    pub kind: GridKind,
    pub table_keys: usize,
    pub districts: usize,
    /// Keys shared by both.
    pub matched: usize,
    /// Districts whose name a table row carries under another key.
    pub names_under_other_keys: usize,
    /// Examples: "0101 Zentrum" (table) vs "0110 Zentrum" (boundaries).
    pub examples: Vec<String>,
}

impl GridMismatch {
    /// One line for warnings (CLI, inspect, join report).
    pub fn message(&self) -> String {
        match self.kind {
            GridKind::Revision => format!(
                "the table and the boundaries look like two different district grids (a boundary revision): {} of {} table keys and {} districts share a key{}; {}. Nothing was joined by name. Move the table onto these districts with a crosswalk (arrival-atlas crosswalk / regrid, or Data → Crosswalk… in the app)",
                self.matched,
                self.table_keys,
                self.districts,
                if self.names_under_other_keys > 0 {
                    format!(
                        ", {} district names appear in the table under other keys",
                        self.names_under_other_keys
                    )
                } else {
                    String::new()
                },
                self.examples.join("; ")
            ),
            GridKind::Finer { prefix } => format!(
                "the table is on a finer grid than the boundaries: its {} keys begin with the {} district keys ({}). Aggregate it to these districts (arrival-atlas aggregate --by prefix:{prefix}, or Data → Aggregate… in the app)",
                self.table_keys,
                self.districts,
                self.examples.join("; ")
            ),
        }
    }
}

/// The shape of a key: its length and whether it is all digits.
fn shape(k: &str) -> (usize, bool) {
    let k = k.trim();
    (k.chars().count(), k.chars().all(|c| c.is_ascii_digit()))
}

/// The most common shape and the share of keys that have it.
fn common_shape<'a>(keys: impl Iterator<Item = &'a str>) -> Option<((usize, bool), f64)> {
    let mut counts: HashMap<(usize, bool), usize> = HashMap::new();
    let mut n = 0;
    for k in keys.filter(|k| !k.trim().is_empty()) {
        *counts.entry(shape(k)).or_default() += 1;
        n += 1;
    }
    let (s, c) = counts.into_iter().max_by_key(|(s, c)| (*c, s.0))?;
    Some((s, c as f64 / n as f64))
}

/// Whether two key lists are codes of one form (same length, digits or not, for 80 %).
pub fn same_form<'a>(a: impl Iterator<Item = &'a str>, b: impl Iterator<Item = &'a str>) -> bool {
    match (common_shape(a), common_shape(b)) {
        (Some((sa, fa)), Some((sb, fb))) => sa == sb && fa >= 0.8 && fb >= 0.8,
        _ => false,
    }
}

/// The mismatch of the data set's table and boundaries, if they look like two grids.
pub fn grid_mismatch(ds: &Dataset) -> Option<GridMismatch> {
    let t = ds.table()?;
    let j = ds.join.as_ref()?;
    let districts = ds.districts.districts.len();
    let unmatched_t = j.report.unmatched_table_keys.len();
    let unmatched_d = j.report.districts_without_data.len();
    let district_keys: Vec<&str> = ds
        .districts
        .districts
        .iter()
        .map(|d| d.key.as_str())
        .collect();
    let base = |kind, names, examples| GridMismatch {
        kind,
        table_keys: t.keys.len(),
        districts,
        matched: j.report.matched,
        names_under_other_keys: names,
        examples,
    };
    // A finer table: (nearly) every table key begins with a district key of one length.
    if j.report.matched * 2 < districts
        && let Some(prefix) = nesting_prefix(&t.keys, &district_keys)
    {
        let ex = t
            .keys
            .iter()
            .take(2)
            .map(|k| format!("{k} » {}", k.chars().take(prefix).collect::<String>()))
            .collect();
        return Some(base(GridKind::Finer { prefix }, 0, ex));
    }
    // Two grids leave districts without data; a join that leaves (nearly) none is one grid,
    // and the names need not be folded (100 000 of them on every join otherwise).
    if unmatched_d < 3 {
        return None;
    }
    // Names under other keys: a district's folded name is a table row's name whose key is not
    // the district's.
    let (names, examples) = names_under_other_keys(ds);
    let many = |n: usize, of: usize| n >= 3 && n * 10 >= of;
    let both_sides = many(unmatched_t, t.keys.len()) && many(unmatched_d, districts);
    let same = same_form(
        t.keys.iter().map(String::as_str),
        district_keys.iter().copied(),
    );
    if (both_sides && same) || (names >= 3 && names * 5 >= districts) {
        let mut ex = examples;
        if ex.is_empty() {
            ex = j
                .report
                .unmatched_table_keys
                .iter()
                .take(3)
                .map(|u| format!("table key {} has no district", u.key))
                .collect();
        }
        return Some(base(GridKind::Revision, names, ex));
    }
    None
}

/// The prefix length n with every district key n long and ≥ 95 % of the table's keys longer
/// and beginning with a district key.
pub fn nesting_prefix(table: &[String], districts: &[&str]) -> Option<usize> {
    let n = districts.first()?.trim().chars().count();
    if n == 0 || districts.iter().any(|d| d.trim().chars().count() != n) {
        return None;
    }
    let set: HashSet<&str> = districts.iter().map(|d| d.trim()).collect();
    let nested = table
        .iter()
        .filter(|k| {
            let k = k.trim();
            k.chars().count() > n && set.contains(k.chars().take(n).collect::<String>().as_str())
        })
        .count();
    (nested * 100 >= table.len() * 95 && !table.is_empty()).then_some(n)
}

/// How many districts have their name in the table under another key, with up to three
/// examples.
fn names_under_other_keys(ds: &Dataset) -> (usize, Vec<String>) {
    let (Some(t), Some(names)) = (ds.table(), crate::join_suggest::table_names(ds)) else {
        return (0, Vec::new());
    };
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if let Some(n) = n {
            by_name.entry(fold(n)).or_insert(i);
        }
    }
    let mut count = 0;
    let mut examples = Vec::new();
    for d in &ds.districts.districts {
        if d.name.trim().is_empty() || d.name == d.key {
            continue;
        }
        if let Some(&i) = by_name.get(&fold(&d.name))
            && crate::join::normalize_key(&t.keys[i]) != crate::join::normalize_key(&d.key)
        {
            count += 1;
            if examples.len() < 3 {
                examples.push(format!(
                    "\"{}\" is {} in the table and {} in the boundaries",
                    d.name, t.keys[i], d.key
                ));
            }
        }
    }
    (count, examples)
}
