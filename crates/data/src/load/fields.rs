//! Choosing the key field and the display-name field of a boundary file (and the key column of
//! a table) from names and values, the way a person skimming the attribute table would.

use crate::join::match_keys;
use std::collections::HashSet;

/// Splits a field name into lower-case tokens: `PGR_ID` → [pgr, id], `plrID` → [plr, id],
/// `broker Dow` → [broker, dow].
pub fn tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        // camelCase boundary: "plrID" → "plr" | "ID"; keep runs of capitals together.
        let boundary = i > 0 && c.is_uppercase() && chars[i - 1].is_lowercase() && !cur.is_empty();
        if boundary {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

const KEY_TOKENS: &[&str] = &[
    "id",
    "key",
    "code",
    "ags",
    "ars",
    "gkz",
    "nr",
    "no",
    "nummer",
    "schluessel",
    "schlüssel",
    "kennziffer",
    "kennung",
    "kz",
    "fid",
    "uid",
];

/// How strongly a field name says "identifier": 3 for `id`/`key`/`code` alone, 2 for a name
/// containing such a token (`PGR_ID`, `AGS`, `Bezirksnr`), 0 otherwise.
pub fn key_name_score(name: &str) -> u8 {
    let lower = name.trim().to_lowercase();
    if matches!(
        lower.as_str(),
        "id" | "key" | "code" | "ags" | "schluessel" | "schlüssel"
    ) {
        return 3;
    }
    let toks = tokens(name);
    if toks.iter().any(|t| KEY_TOKENS.contains(&t.as_str())) {
        return 2;
    }
    // Compound German words: "Bezirksnr", "Gemeindeschluessel".
    if ["nr", "schluessel", "schlüssel", "kennziffer"]
        .iter()
        .any(|s| lower.ends_with(s))
    {
        return 1;
    }
    0
}

/// How strongly a field name says "display name": 3 for `name`, 2 for names containing a name
/// word (`PGR_NAME`, `Bezeichnung`, `Stadtteil`), 1 for truncated DBF names (`BEZIRKSNAM`).
pub fn name_name_score(name: &str) -> u8 {
    let lower = name.trim().to_lowercase();
    if matches!(
        lower.as_str(),
        "name" | "bezeichnung" | "label" | "gen" | "stadtteil"
    ) {
        return 3;
    }
    let words = [
        "name",
        "bezeichnung",
        "stadtteil",
        "ortsteil",
        "bezirk",
        "gebiet",
        "titel",
        "label",
    ];
    if tokens(name).iter().any(|t| words.contains(&t.as_str()))
        || lower.ends_with("name")
        || lower.starts_with("name")
    {
        return 2;
    }
    if lower.contains("nam") || lower.contains("bez") {
        return 1;
    }
    0
}

/// Distinct non-empty values per value (empty ones counted in the denominator). A set of
/// 100 000 names: hashed with foldhash, not SipHash (nothing here comes from an adversary, and
/// the key choice of a large file waited for it).
fn distinct_ratio(values: &[Option<&str>]) -> f64 {
    let mut distinct: HashSet<&str, foldhash::fast::RandomState> =
        HashSet::with_capacity_and_hasher(values.len(), Default::default());
    distinct.extend(
        values
            .iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty()),
    );
    if distinct.is_empty() {
        return 0.0;
    }
    distinct.len() as f64 / values.len() as f64
}

fn looks_numeric_measure(values: &[Option<&str>]) -> bool {
    // Fractions and huge numbers are measurements (area, population), not identifiers.
    values
        .iter()
        .flatten()
        .any(|v| v.contains('.') || v.contains('e'))
}

fn mostly_text(values: &[Option<&str>]) -> bool {
    let present: Vec<&str> = values.iter().flatten().copied().collect();
    let text = present
        .iter()
        .filter(|v| v.chars().any(|c| c.is_alphabetic()))
        .count();
    !present.is_empty() && text * 2 >= present.len()
}

/// Picks the key field. With table keys, the field sharing most values with them wins
/// (ties: the more key-like name, then the more unique values). Otherwise, among key-like names
/// the most nearly unique one; failing that, the first nearly unique non-measurement field.
/// Duplicates do not disqualify a field: they are reported by the caller.
pub fn choose_key_field(
    names: &[String],
    columns: &[Vec<Option<&str>>],
    ratio: &[f64],
    table_keys: Option<&[String]>,
) -> Option<usize> {
    let score: Vec<u8> = names.iter().map(|n| key_name_score(n)).collect();
    if let Some(tk) = table_keys {
        let best = (0..names.len())
            .map(|i| {
                let m = match_keys(columns[i].iter().map(|v| v.unwrap_or("")), tk);
                let hits = m.district_to_key.iter().filter(|t| t.is_some()).count();
                (i, hits)
            })
            .filter(|&(_, hits)| hits > 0)
            .max_by(|a, b| {
                a.1.cmp(&b.1)
                    .then(score[a.0].cmp(&score[b.0]))
                    .then(ratio[a.0].total_cmp(&ratio[b.0]))
                    .then(b.0.cmp(&a.0))
            });
        if let Some((i, _)) = best {
            return Some(i);
        }
    }
    let by_name = (0..names.len())
        .filter(|&i| score[i] > 0 && ratio[i] > 0.0)
        .max_by(|&a, &b| {
            ratio[a]
                .total_cmp(&ratio[b])
                .then(score[a].cmp(&score[b]))
                .then(b.cmp(&a))
        });
    by_name
        .or_else(|| {
            (0..names.len()).find(|&i| ratio[i] >= 0.9 && !looks_numeric_measure(&columns[i]))
        })
        .or_else(|| (!names.is_empty()).then_some(0))
}

/// Distinct non-empty values per value of each column, for [`choose_key_field`] and
/// [`choose_name_field`] (computed once: ≈ 10 ms a column at 100 000 districts). One column
/// after the other: side by side the two sets of a 100 000-district file raised the load's
/// peak memory by a few MB for ≈ 10 ms.
pub fn distinct_ratios(columns: &[Vec<Option<&str>>]) -> Vec<f64> {
    columns.iter().map(|c| distinct_ratio(c)).collect()
}

/// Picks the display-name field: the best name-like field whose values are mostly text.
pub fn choose_name_field(
    names: &[String],
    columns: &[Vec<Option<&str>>],
    ratio: &[f64],
    key: Option<usize>,
) -> Option<usize> {
    let candidates: Vec<(usize, u8, f64)> = (0..names.len())
        .filter(|&i| Some(i) != key)
        .map(|i| (i, name_name_score(&names[i])))
        .filter(|&(i, score)| score > 0 && mostly_text(&columns[i]))
        .map(|(i, score)| (i, score, ratio[i]))
        .collect();
    candidates
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(a.2.total_cmp(&b.2)).then(b.0.cmp(&a.0)))
        .map(|c| c.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col<'a>(v: &[&'a str]) -> Vec<Option<&'a str>> {
        v.iter().map(|s| Some(*s)).collect()
    }

    #[test]
    fn tokenizes_real_field_names() {
        assert_eq!(tokens("PGR_ID"), ["pgr", "id"]);
        assert_eq!(tokens("plrID"), ["plr", "id"]);
        assert_eq!(tokens("broker Dow"), ["broker", "dow"]);
        assert_eq!(tokens("GESIx_2013"), ["gesix", "2013"]);
    }

    #[test]
    fn key_and_name_by_field_names() {
        let names: Vec<String> = ["name", "area", "id"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cols = vec![
            col(&["Mitte", "Pankow"]),
            col(&["1.5", "2.5"]),
            col(&["01", "03"]),
        ];
        assert_eq!(
            choose_key_field(&names, &cols, &distinct_ratios(&cols), None),
            Some(2)
        );
        assert_eq!(
            choose_name_field(&names, &cols, &distinct_ratios(&cols), Some(2)),
            Some(0)
        );
    }

    #[test]
    fn table_overlap_beats_field_names() {
        let names: Vec<String> = ["id", "broker Dow"].iter().map(|s| s.to_string()).collect();
        let cols = vec![col(&["1", "2", "3"]), col(&["0101", "0102", "0103"])];
        let table = vec!["0101".to_string(), "0103".to_string()];
        assert_eq!(
            choose_key_field(&names, &cols, &distinct_ratios(&cols), Some(&table)),
            Some(1)
        );
    }

    #[test]
    fn duplicates_do_not_disqualify() {
        let names: Vec<String> = ["id", "name"].iter().map(|s| s.to_string()).collect();
        let cols = vec![col(&["06", "06", "07"]), col(&["A", "B", "C"])];
        assert_eq!(
            choose_key_field(&names, &cols, &distinct_ratios(&cols), None),
            Some(0)
        );
    }
}
