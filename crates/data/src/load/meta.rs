//! Indicator metadata files (`<table>.meta.json`, schema in docs/formats.md) and, where there is no
//! file or no entry, metadata guessed from column names: label = column name, role and measure
//! from obvious words (Einwohner → population, Ausländeranteil → foreign share, …).

use super::error::{ErrorKind, LoadError, file_name, read_file};
use super::msg::{LoadMsg, Place};
use super::note::Note;
use crate::model::{IndicatorMeta, IndicatorTable, Localized, Measure, MetaFile, Role};
use std::path::{Path, PathBuf};

/// The newest metadata schema version this build reads.
pub const META_VERSION: u32 = 1;

/// Reads a metadata file.
pub fn load_meta(path: &Path) -> Result<MetaFile, LoadError> {
    let bytes = read_file(path)?;
    parse_meta(&bytes, &file_name(path))
}

/// Parses metadata JSON; `source` names the file in messages.
pub fn parse_meta(bytes: &[u8], source: &str) -> Result<MetaFile, LoadError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let meta: MetaFile = serde_json::from_slice(bytes).map_err(|e| {
        let s = e.to_string();
        let detail = s
            .rfind(" at line ")
            .map_or(s.clone(), |i| s[..i].to_string());
        let place = Place::LineColumn {
            line: e.line() as u64,
            column: e.column() as u64,
        };
        LoadError::new(
            ErrorKind::Syntax,
            source,
            Some(place),
            LoadMsg::Json { detail },
        )
    })?;
    if meta.version > META_VERSION {
        return Err(LoadError::of_file(
            ErrorKind::Content,
            source,
            LoadMsg::MetaTooNew {
                version: meta.version,
                reads: META_VERSION,
            },
        ));
    }
    Ok(meta)
}

/// `indicators.csv` → `indicators.meta.json` beside it, when that file exists.
pub fn find_meta_beside(table: &Path) -> Option<PathBuf> {
    let stem = table.file_stem()?.to_string_lossy().into_owned();
    let candidate = table.with_file_name(format!("{stem}.meta.json"));
    candidate.is_file().then_some(candidate)
}

/// Gives every indicator its metadata: the file's entry where there is one, a guess otherwise.
/// Returns warnings for entries that describe no column and denominators that do not exist.
pub fn apply_meta(table: &mut IndicatorTable, meta: Option<&MetaFile>) -> Vec<Note> {
    let mut warnings = Vec::new();
    let ids: Vec<String> = table.indicators.iter().map(|i| i.id.clone()).collect();
    let population = ids
        .iter()
        .find(|id| guess_role(id) == Role::Population)
        .cloned();
    for i in 0..table.indicators.len() {
        let id = ids[i].clone();
        let mut m = match meta.and_then(|m| m.indicators.get(&id)) {
            Some(m) => m.clone(),
            None => {
                let mut g = guess_meta(&id, table, i);
                // A guessed foreign share is foreigners per resident: the population is its
                // denominator (the city reference becomes the ratio of sums, and tooltips
                // show how many residents a share stands on).
                if g.role == Role::ForeignShare {
                    g.denominator = population.clone();
                }
                g
            }
        };
        if m.label.is_empty() {
            m.label = Localized::plain(&id);
        }
        if let Some(d) = &m.denominator
            && !ids.contains(d)
        {
            warnings.push(Note::DenominatorMissing {
                id: id.clone(),
                denominator: d.clone(),
            });
            m.denominator = None;
        }
        table.indicators[i].meta = m;
    }
    if let Some(meta) = meta {
        for id in meta.indicators.keys().filter(|k| !ids.contains(k)) {
            warnings.push(Note::MetaExtra { id: id.clone() });
        }
    }
    warnings
}

/// ASCII-folded lower case: "Ausländer" → "auslaender".
fn fold(s: &str) -> String {
    s.to_lowercase()
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('ß', "ss")
}

const SHARE_WORDS: &[&str] = &[
    "pct", "percent", "prozent", "share", "anteil", "quote", "rate", "%",
];

/// Role from the indicator's name, where the name makes it obvious.
pub fn guess_role(id: &str) -> Role {
    let n = fold(id);
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    let exact_population = [
        "population",
        "inhabitants",
        "einwohner",
        "einwohnerinnen",
        "bevoelkerung",
        "ew",
        "ew_gesamt",
        "einwohner_gesamt",
        "residents",
        "pop",
        "population_total",
        "inhabitants_total",
    ];
    if exact_population.contains(&n.trim()) {
        Role::Population
    } else if has(&["foreign", "auslaend", "ausl_", "nichtdeutsch"]) && has(SHARE_WORDS) {
        Role::ForeignShare
    } else if has(&["fluctuation", "fluktuation", "turnover"]) {
        Role::Fluctuation
    } else if has(&[
        "long_established",
        "langjaehrig",
        "20_years",
        "20y",
        "20_jahre",
    ]) {
        Role::LongEstablished
    } else if has(&["arrival", "zuzug", "zuzuege", "zuwander"]) {
        Role::Arrivals
    } else if has(&[
        "departure",
        "fortzug",
        "fortzuege",
        "wegzug",
        "wegzuege",
        "abwander",
    ]) {
        Role::Departures
    } else if has(&["moves_within", "umzug", "umzuege", "binnenwander"]) {
        Role::MovesWithin
    } else {
        Role::Other
    }
}

fn guess_meta(id: &str, table: &IndicatorTable, ind: usize) -> IndicatorMeta {
    let role = guess_role(id);
    let n = fold(id);
    let share = SHARE_WORDS.iter().any(|w| n.contains(w));
    let integral = table
        .year_indices()
        .flat_map(|y| table.year_slice(ind, y).iter().copied())
        .filter(|v| !v.is_nan())
        .all(|v| v.fract() == 0.0);
    let count_role = matches!(
        role,
        Role::Population | Role::Arrivals | Role::Departures | Role::MovesWithin
    );
    IndicatorMeta {
        label: Localized::plain(id),
        unit: if share {
            Localized::plain("%")
        } else {
            Localized::default()
        },
        role,
        measure: if count_role || (integral && !share) {
            Measure::Count
        } else {
            Measure::Rate
        },
        ..IndicatorMeta::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_roles_from_names() {
        assert_eq!(guess_role("inhabitants"), Role::Population);
        assert_eq!(guess_role("Einwohner"), Role::Population);
        assert_eq!(guess_role("inhabitants_foreigners"), Role::Other);
        assert_eq!(guess_role("foreigners_pct"), Role::ForeignShare);
        assert_eq!(guess_role("Ausländeranteil"), Role::ForeignShare);
        assert_eq!(guess_role("Fluktuationsrate"), Role::Fluctuation);
        assert_eq!(guess_role("Zuzüge"), Role::Arrivals);
        assert_eq!(guess_role("gesix"), Role::Other);
    }

    #[test]
    fn a_guessed_foreign_share_is_weighted_by_the_population() {
        let csv = b"id,year,inhabitants,foreigners_pct,gesix\n01,2020,100,10.5,3\n";
        let (mut t, _) =
            crate::load::table::parse_table(csv, "t.csv", &Default::default()).unwrap();
        apply_meta(&mut t, None);
        let share = t.indicator_index("foreigners_pct").unwrap();
        assert_eq!(
            t.indicators[share].meta.denominator.as_deref(),
            Some("inhabitants")
        );
        let other = t.indicator_index("gesix").unwrap();
        assert_eq!(t.indicators[other].meta.denominator, None);
    }

    #[test]
    fn newer_version_is_rejected() {
        let e = parse_meta(br#"{"version": 9, "indicators": {}}"#, "m.json").unwrap_err();
        assert!(e.to_string().contains("newer"), "{e}");
        let m = parse_meta(
            br#"{"version":1,"source":"S","synthetic":true,"indicators":{"a":{"label":{"de":"A-de","en":"A-en"},"unit":"%","role":"foreign_share","denominator":"p"}}}"#,
            "m.json",
        )
        .unwrap();
        assert!(m.dataset.synthetic);
        assert_eq!(m.indicators["a"].label.get("de"), Some("A-de"));
        assert_eq!(m.indicators["a"].role, Role::ForeignShare);
    }
}
