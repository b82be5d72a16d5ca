//! Indicator metadata: labels in German and English, unit, source, the denominator that makes a
//! city reference a ratio of sums, and the role later views rely on. The JSON schema of
//! `*.meta.json` files is documented in docs/formats.md.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an indicator means to the views that need a particular one (arrival rules, balance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Population,
    ForeignShare,
    Fluctuation,
    LongEstablished,
    Arrivals,
    Departures,
    MovesWithin,
    #[default]
    Other,
}

/// Whether values add up over districts (counts) or not (shares, rates, indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Count,
    #[default]
    Rate,
}

/// A text in German and English; a plain string in JSON sets both (and is written back as
/// one when both are the same).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(from = "LocalizedRepr")]
pub struct Localized {
    pub de: Option<String>,
    pub en: Option<String>,
}

impl Serialize for Localized {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if let (Some(de), Some(en)) = (&self.de, &self.en)
            && de == en
        {
            return s.serialize_str(de);
        }
        let n = usize::from(self.de.is_some()) + usize::from(self.en.is_some());
        let mut m = s.serialize_map(Some(n))?;
        if let Some(de) = &self.de {
            m.serialize_entry("de", de)?;
        }
        if let Some(en) = &self.en {
            m.serialize_entry("en", en)?;
        }
        m.end()
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LocalizedRepr {
    Plain(String),
    ByLanguage {
        de: Option<String>,
        en: Option<String>,
    },
}

impl From<LocalizedRepr> for Localized {
    fn from(r: LocalizedRepr) -> Self {
        match r {
            LocalizedRepr::Plain(s) => Localized {
                de: Some(s.clone()),
                en: Some(s),
            },
            LocalizedRepr::ByLanguage { de, en } => Localized { de, en },
        }
    }
}

impl Localized {
    pub fn plain(s: &str) -> Self {
        Localized {
            de: Some(s.to_owned()),
            en: Some(s.to_owned()),
        }
    }

    /// The text in `lang` ("de" or "en"), falling back to the other language.
    pub fn get(&self, lang: &str) -> Option<&str> {
        let (first, second) = if lang == "de" {
            (&self.de, &self.en)
        } else {
            (&self.en, &self.de)
        };
        first.as_deref().or(second.as_deref())
    }

    pub fn is_empty(&self) -> bool {
        self.de.is_none() && self.en.is_none()
    }
}

/// Metadata of one indicator as the app uses it (file entries merged with guesses).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorMeta {
    pub label: Localized,
    /// "%", "per 100 residents" / "je 100 Einwohner": a plain string or one per language.
    pub unit: Localized,
    pub description: Localized,
    pub source: Option<String>,
    /// Indicator id whose values weight this one in a city reference (foreign share →
    /// population; long-established share → foreign residents).
    pub denominator: Option<String>,
    pub role: Role,
    pub measure: Measure,
    /// Decimals to show; guessed from the data when absent.
    pub decimals: Option<u8>,
    /// The formula of a derived indicator (not read from or written to `indicators`: derived
    /// indicators are listed under `derived`).
    #[serde(skip)]
    pub formula: Option<String>,
}

/// An indicator computed from others by a formula (`analysis::formula`), as listed under
/// `derived` in a metadata file or a project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DerivedIndicator {
    pub id: String,
    pub formula: String,
    pub label: Localized,
    pub unit: Localized,
    pub role: Role,
    pub decimals: Option<u8>,
}

/// Dataset-level metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DatasetMeta {
    pub title: Localized,
    /// Attribution line shown under every map: a plain string or one per language.
    pub source: Option<Localized>,
    pub license: Option<String>,
    /// True for generated data: every view that shows it says so.
    pub synthetic: bool,
    /// Years whose values were estimated (regridded from another district grid), with how.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub estimated: Vec<Estimated>,
}

/// Years of a table that were estimated, not published, and how.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Estimated {
    pub years: Vec<i32>,
    /// "2015–2020 estimated from the pre-2021 grid by area".
    pub note: Localized,
}

impl DatasetMeta {
    /// How `year` was estimated, if it was.
    pub fn estimate_of(&self, year: i32) -> Option<&Estimated> {
        self.estimated.iter().find(|e| e.years.contains(&year))
    }
}

/// A `*.meta.json` file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetaFile {
    /// Schema version; 1 is the only one so far.
    pub version: u32,
    #[serde(flatten)]
    pub dataset: DatasetMeta,
    pub indicators: BTreeMap<String, IndicatorMeta>,
    /// Indicators computed from the others, in order (a formula may use those before it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<DerivedIndicator>,
}
