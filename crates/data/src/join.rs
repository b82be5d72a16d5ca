//! Joining an indicator table to district boundaries by key, and the report a planner needs to
//! trust the join: what matched, which districts have no data, which table keys found no
//! district (with their line numbers), and duplicate keys on either side.
//!
//! Keys are compared after trimming and case folding. Leading zeros are ignored only when both
//! keys are purely numeric and of different length ("101" ↔ "0101"), and only when that pairs
//! one table key with one district key: two distinct keys are never merged silently.

use crate::hash::FxHashMap;
use crate::model::{DuplicateRow, IndicatorTable};
use serde::Serialize;
use std::borrow::Cow;

/// Key as compared: trimmed, lower case.
pub fn normalize_key(k: &str) -> String {
    k.trim().to_lowercase()
}

/// [`normalize_key`] without a copy for keys already trimmed and in lower case (codes).
fn normalized(k: &str) -> Cow<'_, str> {
    let t = k.trim();
    if t.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        Cow::Owned(t.to_lowercase())
    } else {
        Cow::Borrowed(t)
    }
}

fn is_numeric(k: &str) -> bool {
    !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit())
}

fn strip_zeros(k: &str) -> &str {
    let t = k.trim_start_matches('0');
    if t.is_empty() { "0" } else { t }
}

/// How table keys map onto district keys.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMatch {
    /// Per district, the index of its table key.
    pub district_to_key: Vec<Option<usize>>,
    /// Per table key, the districts carrying it (more than one when district keys repeat).
    pub key_to_districts: Vec<Vec<usize>>,
    /// Table keys matched only by ignoring leading zeros.
    pub zero_padded: usize,
    /// Table keys that could have matched by leading zeros but were left unmatched because the
    /// district key was claimed by another table key too.
    pub ambiguous: Vec<String>,
}

/// Matches `table_keys` to `district_keys` (see module docs for the rules).
pub fn match_keys<'a>(
    district_keys: impl IntoIterator<Item = &'a str>,
    table_keys: &[String],
) -> KeyMatch {
    let district_keys: Vec<Cow<str>> = district_keys.into_iter().map(normalized).collect();
    let table_norm: Vec<Cow<str>> = table_keys.iter().map(|k| normalized(k)).collect();
    if let Some(m) = same_sorted_keys(&district_keys, &table_norm) {
        return m;
    }
    let mut groups: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, k) in district_keys.iter().enumerate() {
        if !k.is_empty() {
            groups.entry(k.as_ref()).or_default().push(i);
        }
    }
    // Numeric district keys without their leading zeros: needed only once a table key
    // matches no district exactly.
    let mut by_stripped: Option<FxHashMap<&str, Vec<&str>>> = None;
    // First pass: exact matches and zero-padding proposals; count claims per district key.
    let mut target: Vec<Option<&str>> = vec![None; table_keys.len()];
    let mut padded = vec![false; table_keys.len()];
    let mut claims: FxHashMap<&str, usize> = FxHashMap::default();
    for (t, tn) in table_norm.iter().enumerate() {
        if let Some((k, _)) = groups.get_key_value(tn.as_ref()) {
            target[t] = Some(k);
        } else if is_numeric(tn) {
            let stripped = by_stripped.get_or_insert_with(|| {
                let mut m: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
                for k in groups.keys().filter(|k| is_numeric(k)) {
                    m.entry(strip_zeros(k)).or_default().push(k);
                }
                m
            });
            if let Some(cands) = stripped.get(strip_zeros(tn))
                && cands.len() == 1
            {
                target[t] = Some(cands[0]);
                padded[t] = true;
            }
        }
        if let Some(k) = target[t] {
            *claims.entry(k).or_default() += 1;
        }
    }
    let mut m = KeyMatch {
        district_to_key: vec![None; district_keys.len()],
        key_to_districts: vec![Vec::new(); table_keys.len()],
        zero_padded: 0,
        ambiguous: Vec::new(),
    };
    for t in 0..table_keys.len() {
        let Some(k) = target[t] else { continue };
        if padded[t] && claims[k] > 1 {
            m.ambiguous.push(table_keys[t].clone());
            continue;
        }
        m.zero_padded += usize::from(padded[t]);
        for &d in &groups[k] {
            m.district_to_key[d] = Some(t);
        }
        m.key_to_districts[t] = groups[k].clone();
    }
    m
}

/// The match when both sides hold the same keys in the same strictly increasing order (a
/// table written in the boundary file's order, both sorted by key): each key is its own
/// place's, as the hashing in [`match_keys`] would find — distinct, exact, none padded —
/// found by one comparison per key instead of four hash lookups (60–80 ms at 100 000).
fn same_sorted_keys(districts: &[Cow<str>], table: &[Cow<str>]) -> Option<KeyMatch> {
    let n = districts.len();
    let same = n == table.len()
        && districts.first().is_some_and(|k| !k.is_empty())
        && districts.iter().zip(table).all(|(d, t)| d == t)
        && districts.windows(2).all(|w| w[0] < w[1]);
    same.then(|| KeyMatch {
        district_to_key: (0..n).map(Some).collect(),
        key_to_districts: (0..n).map(|d| vec![d]).collect(),
        zero_padded: 0,
        ambiguous: Vec::new(),
    })
}

/// A table key with no district.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmatchedKey {
    pub key: String,
    /// 1-based line numbers of its first rows (at most ten).
    pub lines: Vec<u64>,
    /// How many rows it has.
    pub rows: usize,
}

/// Districts without a value for one indicator in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingValues {
    pub indicator: String,
    pub year: i32,
    pub count: usize,
    /// Their keys, sorted.
    pub keys: Vec<String>,
}

/// Districts without any row in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingRows {
    pub year: i32,
    pub keys: Vec<String>,
}

/// What a UI shows after a load.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JoinReport {
    /// District features with at least one table row.
    pub matched: usize,
    /// District features in total.
    pub districts: usize,
    /// Keys of district features with no row at all, sorted.
    pub districts_without_data: Vec<String>,
    /// Per year, districts (matched to the table) that have no row in that year.
    pub districts_without_rows: Vec<MissingRows>,
    /// Per indicator and year, districts without a value (only entries with count > 0).
    pub missing_values: Vec<MissingValues>,
    /// Table keys that match no district, with their line numbers.
    pub unmatched_table_keys: Vec<UnmatchedKey>,
    /// Keys carried by more than one district feature.
    pub duplicate_district_keys: Vec<String>,
    /// Table keys repeated within one year, with their lines.
    pub duplicate_table_rows: Vec<DuplicateRow>,
    /// Table keys matched only by ignoring leading zeros.
    pub zero_padded_matches: usize,
    /// Table keys not matched because leading-zero matching would merge distinct keys.
    pub ambiguous_table_keys: Vec<String>,
}

/// A table joined to districts: the mapping plus its report.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    pub keys: KeyMatch,
    pub report: JoinReport,
}

impl Join {
    /// Joins `table` to districts with the given keys (in district order).
    pub fn new(
        district_keys: &[&str],
        duplicate_district_keys: Vec<String>,
        table: &IndicatorTable,
    ) -> Join {
        let keys = match_keys(district_keys.iter().copied(), &table.keys);
        let matched = keys.district_to_key.iter().filter(|k| k.is_some()).count();
        let mut without: Vec<String> = district_keys
            .iter()
            .zip(&keys.district_to_key)
            .filter(|(k, t)| t.is_none() && !k.trim().is_empty())
            .map(|(k, _)| k.to_string())
            .collect();
        without.sort();
        let mut unmatched: Vec<UnmatchedKey> = keys
            .key_to_districts
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_empty())
            .map(|(t, _)| UnmatchedKey {
                key: table.keys[t].clone(),
                lines: table.key_lines[t].lines.clone(),
                rows: table.key_lines[t].rows,
            })
            .collect();
        unmatched.sort_by(|a, b| a.key.cmp(&b.key));

        // The districts in the order of their keys, sorted once when a list below needs it:
        // each list is then read off in order instead of sorted on its own (50 000 districts
        // without a key value, listed for 60 indicator-years, were sorted 60 times: ≈ 1 s).
        let mut order: Option<Vec<usize>> = None;
        let by_key = |d: &[&str]| {
            let mut o: Vec<usize> = (0..d.len()).collect();
            o.sort_by_key(|&i| d[i]);
            o
        };
        let mut rows_missing = Vec::new();
        for (y, year) in table.years_enumerated() {
            let lacks = |d: usize| keys.district_to_key[d].is_some_and(|t| !table.has_row(y, t));
            if !(0..district_keys.len()).any(lacks) {
                continue;
            }
            let mut ks: Vec<String> = (order.get_or_insert_with(|| by_key(district_keys)).iter())
                .copied()
                .filter(|&d| lacks(d))
                .map(|d| district_keys[d].to_string())
                .collect();
            ks.dedup();
            rows_missing.push(MissingRows { year, keys: ks });
        }
        let mut missing_values = Vec::new();
        for (i, ind) in table.indicators.iter().enumerate() {
            for (y, year) in table.years_enumerated() {
                // One indicator's year by key (NaN: missing), looked up once, not per district.
                let values = table.year_slice(i, y);
                let missing = |t: usize| values.get(t).is_none_or(|v| v.is_nan());
                let lacks = |d: usize| keys.district_to_key[d].is_none_or(missing);
                if (0..district_keys.len()).any(lacks) {
                    let ks: Vec<String> =
                        (order.get_or_insert_with(|| by_key(district_keys)).iter())
                            .copied()
                            .filter(|&d| lacks(d))
                            .map(|d| district_keys[d].to_string())
                            .collect();
                    missing_values.push(MissingValues {
                        indicator: ind.id.clone(),
                        year,
                        count: ks.len(),
                        keys: ks,
                    });
                }
            }
        }
        let report = JoinReport {
            matched,
            districts: district_keys.len(),
            districts_without_data: without,
            districts_without_rows: rows_missing,
            missing_values,
            unmatched_table_keys: unmatched,
            duplicate_district_keys,
            duplicate_table_rows: table.duplicates.clone(),
            zero_padded_matches: keys.zero_padded,
            ambiguous_table_keys: keys.ambiguous.clone(),
        };
        Join { keys, report }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn keys_in_the_same_sorted_order_match_as_the_hashing_does() {
        let sorted = ["001", "002", "010", "0100", "A7", "b 1", "Ü"];
        let general = |d: &[&str], t: &[String]| {
            // The hashing path, reached by a district list that is not strictly increasing.
            let mut d: Vec<&str> = d.to_vec();
            d.push("");
            let mut m = match_keys(d.iter().copied(), t);
            m.district_to_key.pop();
            m
        };
        let t = keys(&sorted);
        let fast = match_keys(sorted, &t);
        assert!(
            same_sorted_keys(
                &sorted.map(normalized),
                &t.iter().map(|k| normalized(k)).collect::<Vec<_>>()
            )
            .is_some()
        );
        assert_eq!(fast, general(&sorted, &t));
        assert_eq!(fast.district_to_key[6], Some(6));
        // Equal after trimming and folding, not as text: still one comparison each.
        let t = keys(&["001 ", "002", "010", "0100", "a7", "B 1", "ü"]);
        assert_eq!(match_keys(sorted, &t), general(&sorted, &t));
        // Repeated or unsorted keys take the hashing path (identity would be wrong for the
        // repeated ones: both table rows "1" reach both districts "1").
        for d in [["1", "1", "2"], ["2", "1", "3"]] {
            let t = keys(&d);
            let n: Vec<_> = t.iter().map(|k| normalized(k)).collect();
            assert!(same_sorted_keys(&d.map(normalized), &n).is_none());
            assert_eq!(match_keys(d, &t), general(&d, &t));
        }
        let m = match_keys(["1", "1", "2"], &keys(&["1", "1", "2"]));
        assert_eq!(m.key_to_districts, vec![vec![0, 1], vec![0, 1], vec![2]]);
    }

    #[test]
    fn trims_and_folds_case() {
        let m = match_keys([" A1", "b2"], &keys(&["a1 ", "B2"]));
        assert_eq!(m.district_to_key, vec![Some(0), Some(1)]);
        assert_eq!(m.zero_padded, 0);
    }

    #[test]
    fn leading_zeros_only_for_numeric_keys_of_different_length() {
        let m = match_keys(["0101", "0102", "A01"], &keys(&["101", "102", "a1"]));
        assert_eq!(m.district_to_key, vec![Some(0), Some(1), None]);
        assert_eq!(m.zero_padded, 2);
    }

    #[test]
    fn never_merges_two_distinct_table_keys() {
        // "0101" matches exactly; "101" would land on the same district: left unmatched.
        let m = match_keys(["0101"], &keys(&["0101", "101"]));
        assert_eq!(m.district_to_key, vec![Some(0)]);
        assert!(m.key_to_districts[1].is_empty());
        assert_eq!(m.ambiguous, vec!["101".to_string()]);
        // Two district keys that both strip to "7": no guess.
        let m = match_keys(["07", "007"], &keys(&["7"]));
        assert_eq!(m.district_to_key, vec![None, None]);
    }

    #[test]
    fn the_reports_lists_are_each_districts_keys_sorted() {
        // Districts in no order, a key repeated, keys without a table row, without a value,
        // and without a key; two indicators over three years of a table of 40 keys.
        use crate::model::table::Indicator;
        use crate::model::{IndicatorTable, TableFormat, YearIdx};
        let table_keys: Vec<String> = (0..40).map(|k| format!("{:03}", (k * 17) % 40)).collect();
        let indicator = |id: &str| Indicator {
            id: id.into(),
            meta: Default::default(),
        };
        let mut t = IndicatorTable::new(
            "t.csv".into(),
            TableFormat::Long,
            "key".into(),
            Some("year".into()),
            table_keys,
            vec![2020, 2021, 2022],
            vec![indicator("a"), indicator("b")],
        );
        for y in 0..3 {
            for k in 0..40 {
                if (k + y) % 7 != 0 {
                    t.mark_row(YearIdx(y), k);
                }
                for i in 0..2 {
                    let v = ((k * 3 + y + i) % 5 != 0).then_some(k as f64);
                    t.set_value(i, YearIdx(y), k, v);
                }
            }
        }
        let mut names: Vec<String> = (0..50).map(|d| format!("{:03}", (d * 31) % 47)).collect();
        names[5] = names[9].clone();
        names[12] = String::new();
        names[30] = " ".into();
        let districts: Vec<&str> = names.iter().map(String::as_str).collect();
        let j = Join::new(&districts, Vec::new(), &t);
        // As the report was made before: every district's key gathered, then sorted.
        let m = &j.keys;
        for (y, year) in t.years_enumerated() {
            let mut want: Vec<String> = (0..districts.len())
                .filter(|&d| m.district_to_key[d].is_some_and(|k| !t.has_row(y, k)))
                .map(|d| districts[d].to_string())
                .collect();
            want.sort();
            want.dedup();
            let got = j
                .report
                .districts_without_rows
                .iter()
                .find(|r| r.year == year);
            assert_eq!(got.map(|r| r.keys.clone()).unwrap_or_default(), want);
        }
        let mut lists = 0;
        for i in 0..2 {
            for (y, year) in t.years_enumerated() {
                let mut want: Vec<String> = (0..districts.len())
                    .filter(|&d| m.district_to_key[d].is_none_or(|k| t.value(i, y, k).is_none()))
                    .map(|d| districts[d].to_string())
                    .collect();
                want.sort();
                let got = (j.report.missing_values.iter())
                    .find(|r| r.indicator == t.indicators[i].id && r.year == year)
                    .expect("every indicator-year misses values here");
                assert_eq!((got.count, &got.keys), (want.len(), &want));
                lists += 1;
            }
        }
        assert_eq!(lists, 6);
        assert!(j.report.districts_without_rows.len() >= 2);
    }

    #[test]
    fn duplicate_district_keys_both_match() {
        let m = match_keys(["06", "06", "07"], &keys(&["06"]));
        assert_eq!(m.district_to_key, vec![Some(0), Some(0), None]);
        assert_eq!(m.key_to_districts[0], vec![0, 1]);
    }
}
