//! A composite index as a planner writes it down (a JSON file, also kept in metadata and
//! projects): its components and weights, who is included (population, exclusions), how the
//! components are standardised and the sum rescaled, and the classes it is cut into — the
//! pattern of Berlin's *Monitoring Soziale Stadtentwicklung* (status and dynamics indices),
//! Hamburg's RISE and NRW's social indices.

use super::IndexError;
use atlas_i18n::Lang;
use serde::{Deserialize, Serialize};

/// A name in German and English; either may be missing (the id stands in).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub de: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Label {
    /// The label in `lang`, else in the other language, else `id`.
    pub fn text<'a>(label: &'a Option<Label>, id: &'a str, lang: Lang) -> &'a str {
        let Some(l) = label else { return id };
        let (first, second) = match lang {
            Lang::De => (&l.de, &l.en),
            Lang::En => (&l.en, &l.de),
        };
        first.as_deref().or(second.as_deref()).unwrap_or(id)
    }
}

/// One component: an indicator of the table and its weight (negative turns its direction).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub indicator: String,
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

/// How components are made comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standardise {
    /// (x − mean) / SD over the included districts, unweighted, population SD (MSS).
    #[default]
    Z,
    /// The same with the mean and SD weighted by the population column.
    ZWeighted,
    /// The raw values.
    None,
}

/// What is done with the weighted sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rescale {
    /// Divided by its SD over the included districts (MSS: status index = sum / sd(sum)).
    #[default]
    Z,
    /// Kept as it is.
    None,
}

/// A class of the index: `below` — index < value; `upto` — index ≤ value; neither (the
/// last class) — the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassSpec {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upto: Option<f64>,
}

/// A composite index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexSpec {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    /// Where the spec comes from and what it decides (shown with presets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub components: Vec<Component>,
    /// The population column (for `min_population` and weighted standardisation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_population: Option<f64>,
    /// Table keys left out (each reported with its reason).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub standardise: Standardise,
    #[serde(default)]
    pub rescale: Rescale,
    /// The classes cut by a classification scheme of the map each year instead of fixed
    /// thresholds: `quantiles`, `equal` (equal intervals) or `jenks` (natural breaks), as
    /// many classes as `classes` lists (then without bounds), lowest index first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    pub classes: Vec<ClassSpec>,
}

/// The schemes an index can be classified by: those that take a number of classes.
pub const INDEX_SCHEMES: [&str; 3] = ["quantiles", "equal", "jenks"];

impl IndexSpec {
    /// Reads a spec from JSON and checks it (the table is checked when computing).
    pub fn parse(json: &str) -> Result<IndexSpec, IndexError> {
        let spec: IndexSpec = serde_json::from_str(json).map_err(|e| IndexError::Syntax {
            detail: e.to_string(),
        })?;
        spec.check()?;
        Ok(spec)
    }

    /// The index's name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        Label::text(&self.label, &self.id, lang)
    }

    /// Checks what can be checked without data: components, weights, classes in order.
    pub fn check(&self) -> Result<(), IndexError> {
        let id = self.id.clone();
        if self.id.trim().is_empty() {
            return Err(IndexError::NoId);
        }
        if self.components.is_empty() {
            return Err(IndexError::NoComponents { id });
        }
        if let Some(c) = self
            .components
            .iter()
            .find(|c| !c.weight.is_finite() || c.weight == 0.0)
        {
            return Err(IndexError::BadWeight {
                id,
                indicator: c.indicator.clone(),
            });
        }
        if self.standardise == Standardise::ZWeighted && self.population.is_none() {
            return Err(IndexError::WeightedWithoutPopulation { id });
        }
        if self.min_population.is_some() && self.population.is_none() {
            return Err(IndexError::MinWithoutPopulation { id });
        }
        let n = self.classes.len();
        if n == 0 {
            return Err(IndexError::NoClasses { id });
        }
        if let Some(s) = &self.scheme {
            return self.check_scheme(s);
        }
        let mut last = f64::NEG_INFINITY;
        for (i, c) in self.classes.iter().enumerate() {
            let bound = match (c.below, c.upto) {
                (Some(_), Some(_)) => {
                    return Err(IndexError::BothBounds {
                        id,
                        class: c.id.clone(),
                    });
                }
                (Some(b), None) | (None, Some(b)) => b,
                (None, None) if i + 1 == n => break,
                (None, None) => {
                    return Err(IndexError::OpenClassNotLast {
                        id,
                        class: c.id.clone(),
                    });
                }
            };
            if !bound.is_finite() || bound < last {
                return Err(IndexError::ClassesOutOfOrder {
                    id,
                    class: c.id.clone(),
                });
            }
            last = bound;
        }
        Ok(())
    }

    /// A scheme instead of thresholds: a known one, 2–9 classes, none with a bound.
    fn check_scheme(&self, scheme: &str) -> Result<(), IndexError> {
        let id = self.id.clone();
        if !INDEX_SCHEMES.contains(&scheme) {
            return Err(IndexError::UnknownScheme {
                id,
                scheme: scheme.to_owned(),
            });
        }
        let n = self.classes.len();
        if !(crate::classify::MIN_CLASSES..=crate::classify::MAX_CLASSES).contains(&n) {
            return Err(IndexError::SchemeClasses { id, n });
        }
        if let Some(c) = self
            .classes
            .iter()
            .find(|c| c.below.is_some() || c.upto.is_some())
        {
            return Err(IndexError::SchemeWithBounds {
                id,
                class: c.id.clone(),
            });
        }
        Ok(())
    }

    /// The scheme as the map's classification knows it, for `classes` classes.
    pub fn classify_scheme(&self) -> Option<crate::classify::Scheme> {
        let k = self.classes.len();
        crate::classify::Scheme::from_name(self.scheme.as_deref()?, Some(k), None, None).ok()
    }

    /// The class of an index value (position in `classes`).
    pub fn class_of(&self, index: f64) -> usize {
        self.classes
            .iter()
            .position(|c| match (c.below, c.upto) {
                (Some(b), _) => index < b,
                (None, Some(u)) => index <= u,
                (None, None) => true,
            })
            .unwrap_or(self.classes.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUS: &str = r#"{"id": "status", "label": {"de": "Status-Index", "en": "Status index"},
      "components": [{"indicator": "unemployment_pct", "weight": 1},
                     {"indicator": "transfer_pct", "weight": 1},
                     {"indicator": "child_poverty_pct", "weight": 1}],
      "population": "population", "min_population": 300, "exclude": ["10100205"],
      "standardise": "z", "rescale": "z",
      "classes": [{"id": "high", "label": {"de": "hoch", "en": "high"}, "below": -1},
                  {"id": "medium", "label": {"de": "mittel", "en": "medium"}, "upto": 1},
                  {"id": "low", "label": {"de": "niedrig", "en": "low"}, "upto": 1.5},
                  {"id": "very_low", "label": {"de": "sehr niedrig", "en": "very low"}}]}"#;

    #[test]
    fn the_issues_spec_reads_and_cuts_as_mss_does() {
        let s = IndexSpec::parse(STATUS).unwrap();
        assert_eq!(s.name(Lang::De), "Status-Index");
        // below −1 → high; −1 itself is medium (MSS: "hoch" is index < −1).
        assert_eq!(s.class_of(-1.0001), 0);
        assert_eq!(s.class_of(-1.0), 1);
        assert_eq!(s.class_of(1.0), 1);
        assert_eq!(s.class_of(1.0001), 2);
        assert_eq!(s.class_of(1.5), 2);
        assert_eq!(s.class_of(1.51), 3);
        // Labels are optional: the id stands in.
        let bare = STATUS.replace(
            r#""label": {"de": "Status-Index", "en": "Status index"},"#,
            "",
        );
        assert_eq!(IndexSpec::parse(&bare).unwrap().name(Lang::En), "status");
    }

    #[test]
    fn bad_specs_say_what_is_wrong() {
        let e = |json: &str| IndexSpec::parse(json).unwrap_err().to_string();
        assert!(e(&STATUS.replace("\"upto\": 1}", "\"upto\": 1, \"below\": 2}")).contains("both"));
        assert!(e(&STATUS.replace("\"upto\": 1.5", "\"upto\": 0.5")).contains("order"));
        assert!(e(&STATUS.replace("\"weight\": 1}", "\"weight\": 0}")).contains("weight"));
        assert!(e(&STATUS.replace("\"rescale\"", "\"rescal\"")).contains("rescal"));
        assert!(
            e(&STATUS.replace("\"components\": [", "\"components\": [], \"x\": ["))
                .contains("unknown field")
        );
    }
}
