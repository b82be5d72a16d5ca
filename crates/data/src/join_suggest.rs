//! Help for table keys that found no district: suggestions of the closest district by key
//! or by name (edit distance on folded text: case, umlauts and ß, "St." = "Sankt",
//! "Str." = "Straße", punctuation), and joining by name where a table row's name equals
//! exactly one district's name once folded. Accepted suggestions become key aliases of the
//! data set (table key → district key), applied on every re-join.

use crate::dataset::Dataset;
use crate::hash::FxHashMap;
use std::collections::HashMap;

/// Similarity (0–1) from which a suggestion is offered.
pub const MIN_SCORE: f64 = 0.6;
/// Suggestions are offered for at most this many keys (or 5 % of the districts).
pub const MAX_SUGGESTIONS: usize = 5;
/// Comparisons (unmatched table keys × districts without a key match) beyond which no
/// suggestions are looked for: two wholly different key systems, or districts without keys.
pub const MAX_PAIRS: usize = 250_000;

/// How a suggestion was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Key,
    Name,
}

/// The closest district for a table key that matched none.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    pub table_key: String,
    pub table_name: Option<String>,
    pub district: usize,
    pub district_key: String,
    pub district_name: String,
    pub score: f64,
    pub by: MatchedBy,
}

/// Text as compared: lower case, umlauts and ß spelled out, common abbreviations expanded,
/// punctuation and repeated spaces dropped.
pub fn fold(s: &str) -> String {
    let mut t = s.trim().to_lowercase();
    for (from, to) in [
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("ß", "ss"),
        ("é", "e"),
        ("è", "e"),
        ("straße", "strasse"),
    ] {
        t = t.replace(from, to);
    }
    let words: Vec<String> = t
        .split(|c: char| {
            c.is_whitespace() || c == '-' || c == '/' || c == ',' || c == '(' || c == ')'
        })
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = match w {
                "st." | "st" => "sankt".to_owned(),
                "str." | "str" => "strasse".to_owned(),
                "pl." => "platz".to_owned(),
                "d." => "der".to_owned(),
                _ => w.to_owned(),
            };
            // "Hauptstr." → "hauptstrasse", "Bahnhofstr" → "bahnhofstrasse".
            let w = match w.strip_suffix("str.").or_else(|| w.strip_suffix("str")) {
                Some(stem) if !stem.is_empty() => format!("{stem}strasse"),
                _ => w,
            };
            w.chars().filter(|c| c.is_alphanumeric()).collect()
        })
        .filter(|w: &String| !w.is_empty())
        .collect();
    words.join(" ")
}

/// Normalised edit-distance similarity of folded texts.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (fold(a), fold(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    strsim::normalized_levenshtein(&a, &b)
}

/// The table's name for each key: the first text column that is not a date and differs from
/// key to key (e.g. "name", "Stadtteil").
pub fn table_names(ds: &Dataset) -> Option<Vec<Option<String>>> {
    let t = ds.table()?;
    t.attributes
        .iter()
        .find(|a| {
            let filled: Vec<&String> = a.values.iter().flatten().collect();
            let distinct: std::collections::HashSet<&String> = filled.iter().copied().collect();
            filled.len() >= 2
                && distinct.len() * 10 >= filled.len() * 9
                && filled.iter().any(|v| v.chars().any(char::is_alphabetic))
        })
        .map(|a| a.values.clone())
}

/// Suggestions for every table key that matched no district, among the districts without
/// data: the best match by key or by name, if similar enough, each district offered once.
/// Best first.
pub fn suggestions(ds: &Dataset) -> Vec<Suggestion> {
    let (Some(t), Some(j)) = (ds.table(), &ds.join) else {
        return Vec::new();
    };
    // Two grids: a table key's name under another key is another area, not a typo.
    if ds.grid.is_some() {
        return Vec::new();
    }
    let names = table_names(ds);
    // Districts without data that a key can reach: one without a key value cannot be joined
    // by an alias (it would join every district without a key).
    let free: Vec<usize> = (0..ds.districts.districts.len())
        .filter(|&d| j.keys.district_to_key.get(d).copied().flatten().is_none())
        .filter(|&d| !ds.districts.districts[d].key.trim().is_empty())
        .collect();
    // No district left without data: nothing to suggest (a table of a whole region beside a
    // city's districts has many unmatched keys and would otherwise be walked through). Too
    // many pairs to compare: none looked for (also checked by the caller, from the join
    // report, before it asks).
    let pairs = free
        .len()
        .saturating_mul(j.report.unmatched_table_keys.len());
    if free.is_empty() || pairs > MAX_PAIRS {
        return Vec::new();
    }
    // Folded once: each text is compared with many others.
    let folded: Vec<(String, String)> = free
        .iter()
        .map(|&d| {
            let dist = &ds.districts.districts[d];
            (fold(&dist.key), fold(&dist.name))
        })
        .collect();
    let sim = |a: &str, b: &str| {
        if a.is_empty() || b.is_empty() {
            0.0
        } else {
            strsim::normalized_levenshtein(a, b)
        }
    };
    // Each unmatched key's row in the table by hashing (a search through all keys for each
    // was quadratic: 16 s for 90 000 unmatched keys).
    let mut row_of: FxHashMap<&str, usize> = FxHashMap::default();
    if names.is_some() {
        for (i, k) in t.keys.iter().enumerate() {
            row_of.entry(k.as_str()).or_insert(i);
        }
    }
    let mut out = Vec::new();
    for u in &j.report.unmatched_table_keys {
        let key_index = row_of.get(u.key.as_str()).copied();
        let table_name =
            key_index.and_then(|i| names.as_ref().and_then(|n| n.get(i).cloned().flatten()));
        let (fkey, fname) = (
            fold(&u.key),
            table_name.as_deref().map(fold).unwrap_or_default(),
        );
        let mut best: Option<(f64, MatchedBy, usize)> = None;
        for (slot, (dkey, dname)) in folded.iter().enumerate() {
            let by_key = sim(&fkey, dkey);
            let by_name = sim(&fname, dname);
            let (score, by) = if by_name > by_key {
                (by_name, MatchedBy::Name)
            } else {
                (by_key, MatchedBy::Key)
            };
            if score >= MIN_SCORE && best.is_none_or(|b| score > b.0) {
                best = Some((score, by, slot));
            }
        }
        if let Some((score, by, slot)) = best {
            let d = free[slot];
            let dist = &ds.districts.districts[d];
            out.push(Suggestion {
                table_key: u.key.clone(),
                table_name,
                district: d,
                district_key: dist.key.clone(),
                district_name: dist.name.clone(),
                score,
                by,
            });
        }
    }
    // Suggestions are for single keys written differently; dozens of keys that only resemble
    // districts are another grid, or another data set (said by the grid check or the join).
    if out.len() > MAX_SUGGESTIONS.max(ds.districts.districts.len() / 20) {
        return Vec::new();
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    // One district for one key: where several keys come closest to the same district, only
    // the best is suggested (accepting all must never join two keys to one district).
    let mut taken = std::collections::HashSet::new();
    out.retain(|s| taken.insert(s.district));
    out
}

/// Joining by name: (table key, district key) for every table row whose folded name equals
/// exactly one district's folded name, and that no other row claims.
pub fn name_join(ds: &Dataset) -> Vec<(String, String)> {
    let (Some(t), Some(names)) = (ds.table(), table_names(ds)) else {
        return Vec::new();
    };
    if ds.grid.is_some() {
        return Vec::new();
    }
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (d, dist) in ds.districts.districts.iter().enumerate() {
        by_name.entry(fold(&dist.name)).or_default().push(d);
    }
    let mut claims: HashMap<usize, usize> = HashMap::new();
    let mut pairs = Vec::new();
    for (i, key) in t.keys.iter().enumerate() {
        let Some(name) = names.get(i).cloned().flatten() else {
            continue;
        };
        if let Some([d]) = by_name.get(&fold(&name)).map(Vec::as_slice) {
            *claims.entry(*d).or_default() += 1;
            pairs.push((key.clone(), *d));
        }
    }
    pairs
        .into_iter()
        .filter(|(_, d)| claims.get(d) == Some(&1))
        .map(|(k, d)| (k, ds.districts.districts[d].key.clone()))
        .filter(|(k, dk)| k != dk)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_keys_never_get_the_same_district() {
        use crate::dataset::{DatasetOptions, DatasetPaths, load_dataset};
        let dir = std::env::temp_dir().join(format!("aa-suggest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let b = dir.join("b.geojson");
        std::fs::write(
            &b,
            r#"{"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"key":"0101","name":"Altstadt"},"geometry":{"type":"Polygon","coordinates":[[[10,50],[11,50],[11,51],[10,50]]]}},
              {"type":"Feature","properties":{"key":"0102","name":"Neustadt"},"geometry":{"type":"Polygon","coordinates":[[[12,50],[13,50],[13,51],[12,50]]]}}]}"#,
        )
        .unwrap();
        let t = dir.join("t.csv");
        // Both "Alt-Stadt" and "Altstadt Nord" come closest to Altstadt.
        std::fs::write(
            &t,
            "key;name;year;v
0102;Neustadt;2020;1
9001;Alt-Stadt;2020;2
9002;Altstadt Nord;2020;3
",
        )
        .unwrap();
        let paths = DatasetPaths {
            boundaries: b,
            table: Some(t),
            meta: None,
        };
        let opts = DatasetOptions {
            key_field: Some("key".into()),
            ..DatasetOptions::default()
        };
        let ds = load_dataset(&paths, &opts).unwrap();
        let s = suggestions(&ds);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(
            (s[0].table_key.as_str(), s[0].district_key.as_str()),
            ("9001", "0101")
        );
    }

    #[test]
    fn folding_makes_spellings_meet() {
        assert_eq!(fold("Schloßstraße"), fold("Schlossstr."));
        assert_eq!(fold("St. Georg"), fold("Sankt Georg"));
        assert_eq!(fold("Weißer Hof"), "weisser hof");
        assert_eq!(fold("Müller-Breslau-Str."), "mueller breslau strasse");
        assert_eq!(fold("  Altstadt  "), "altstadt");
        assert!(similarity("Stülerstr.", "Stülerstraße") > 0.99);
        assert!(similarity("Neukölln", "Neukoelln") > 0.99);
        assert!(similarity("Altstadt", "Hafen") < MIN_SCORE);
    }
}
