//! The rule model and its JSON form (`{"version": 1, "rules": [...]}`), and the three-valued
//! truth type with Kleene's AND/OR.

use serde::{Deserialize, Serialize};

/// Highest rules-file version this program reads.
pub const RULES_VERSION: u32 = 1;

/// True, false or unknown (missing data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    pub fn from_bool(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }

    /// Kleene AND: false wins, then unknown.
    pub fn and(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::True,
        }
    }

    /// Kleene OR: true wins, then unknown.
    pub fn or(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => Tri::False,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Tri::True => "true",
            Tri::False => "false",
            Tri::Unknown => "unknown",
        }
    }
}

/// How conditions (and groups) of a rule combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Combine {
    /// AND
    #[default]
    All,
    /// OR
    Any,
}

/// Comparison of a district's value with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
}

impl Op {
    pub const ALL: [Op; 4] = [Op::Ge, Op::Gt, Op::Le, Op::Lt];

    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
        }
    }

    pub fn holds(self, v: f64, t: f64) -> bool {
        match self {
            Op::Ge => v >= t,
            Op::Gt => v > t,
            Op::Le => v <= t,
            Op::Lt => v < t,
        }
    }
}

fn one() -> f64 {
    1.0
}

fn is_one(v: &f64) -> bool {
    *v == 1.0
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

/// What a value is compared with, per year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// `factor × city reference + offset` (offset in the indicator's unit: percentage points
    /// for shares).
    City {
        #[serde(default = "one", skip_serializing_if = "is_one")]
        factor: f64,
        #[serde(default, skip_serializing_if = "is_zero")]
        offset: f64,
    },
    /// The p-th percentile (0–100) of the districts' values that year: `>=` with 75 is
    /// "top 25 %".
    Percentile(f64),
    /// A fixed value.
    Absolute(f64),
}

/// One condition: indicator (by id), comparison, threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub indicator: String,
    pub op: Op,
    pub threshold: Threshold,
}

/// A group of conditions with its own combination (one level of nesting).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    #[serde(default)]
    pub combine: Combine,
    pub conditions: Vec<Condition>,
}

/// A named rule: its conditions and groups, combined with `combine`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub name: String,
    #[serde(default)]
    pub combine: Combine,
    #[serde(default)]
    pub conditions: Vec<Condition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
}

impl Rule {
    /// Every condition, top level first, then the groups'.
    pub fn all_conditions(&self) -> impl Iterator<Item = &Condition> {
        self.conditions
            .iter()
            .chain(self.groups.iter().flat_map(|g| g.conditions.iter()))
    }

    /// Indicator ids used, in first-use order, each once.
    pub fn indicators(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.all_conditions() {
            if !out.contains(&c.indicator) {
                out.push(c.indicator.clone());
            }
        }
        out
    }
}

/// A rules file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    pub version: u32,
    pub rules: Vec<Rule>,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet {
            version: RULES_VERSION,
            rules: Vec::new(),
        }
    }
}

impl RuleSet {
    /// Indicator ids used by any rule (the union), in first-use order.
    pub fn indicators(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for id in self.rules.iter().flat_map(|r| r.indicators()) {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }
}

/// Reads a rules file; errors say what is wrong and where (line and column for JSON errors).
pub fn parse_rules(text: &str, source: &str) -> Result<RuleSet, String> {
    let set: RuleSet = serde_json::from_str(text).map_err(|e| format!("{source}: {e}"))?;
    if set.version > RULES_VERSION {
        return Err(format!(
            "{source}: rules version {} is newer than this program reads ({RULES_VERSION})",
            set.version
        ));
    }
    for r in &set.rules {
        if r.name.trim().is_empty() {
            return Err(format!("{source}: a rule has no name"));
        }
        for c in r.all_conditions() {
            if let Threshold::Percentile(p) = c.threshold
                && !(0.0..=100.0).contains(&p)
            {
                return Err(format!(
                    "{source}: rule '{}': percentile {p} is not between 0 and 100",
                    r.name
                ));
            }
        }
    }
    Ok(set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tri::*;

    #[test]
    fn kleene_logic() {
        assert_eq!(True.and(Unknown), Unknown);
        assert_eq!(False.and(Unknown), False);
        assert_eq!(True.and(True), True);
        assert_eq!(True.or(Unknown), True);
        assert_eq!(False.or(Unknown), Unknown);
        assert_eq!(False.or(False), False);
    }

    #[test]
    fn json_round_trip_and_documented_form() {
        let text = r#"{"version": 1, "rules": [{"name": "Arrival", "combine": "all",
            "conditions": [
              {"indicator": "foreign_pct", "op": ">=", "threshold": {"city": {"offset": 10}}},
              {"indicator": "fluctuation", "op": ">=", "threshold": {"city": {"factor": 1.3}}}],
            "groups": [{"combine": "any", "conditions": [
              {"indicator": "sgb2", "op": ">=", "threshold": {"percentile": 75}},
              {"indicator": "sgb2", "op": ">", "threshold": {"absolute": 20}}]}]}]}"#;
        let set = parse_rules(text, "r.json").unwrap();
        let r = &set.rules[0];
        assert_eq!(
            r.conditions[0].threshold,
            Threshold::City {
                factor: 1.0,
                offset: 10.0
            }
        );
        assert_eq!(r.groups[0].combine, Combine::Any);
        assert_eq!(set.indicators(), vec!["foreign_pct", "fluctuation", "sgb2"]);
        let again = serde_json::to_string(&set).unwrap();
        assert_eq!(parse_rules(&again, "again").unwrap(), set);
    }

    #[test]
    fn bad_files_are_clear_errors() {
        let e = parse_rules(r#"{"version": 7, "rules": []}"#, "r.json").unwrap_err();
        assert!(e.contains("newer"), "{e}");
        let e = parse_rules(r#"{"version": 1, "rules": [{"name": "x", "conditions": [{"indicator": "a", "op": "=>", "threshold": {"absolute": 1}}]}]}"#, "r.json").unwrap_err();
        assert!(e.starts_with("r.json:") && e.contains("line 1"), "{e}");
        let e = parse_rules(r#"{"version": 1, "rules": [{"name": "x", "conditions": [{"indicator": "a", "op": ">=", "threshold": {"percentile": 140}}]}]}"#, "r.json").unwrap_err();
        assert!(e.contains("140"), "{e}");
    }
}
