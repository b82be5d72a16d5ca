//! The default rules, built from the indicators' roles so they work on any table that has them:
//! "Arrival district" (foreign share well above the city, high fluctuation, long-established
//! share below the city) and "Settled district" (long-established share above the city, low
//! fluctuation). Conditions whose indicator the table lacks are left out; a rule left with no
//! condition is not offered.

use super::model::{Combine, Condition, Op, Rule, RuleSet, Threshold};
use atlas_data::model::{IndicatorTable, Role};
use atlas_i18n::{Lang, T};

fn cond(t: &IndicatorTable, role: Role, op: Op, factor: f64, offset: f64) -> Option<Condition> {
    let i = t.indicator_with_role(role)?;
    Some(Condition {
        indicator: t.indicators[i].id.clone(),
        op,
        threshold: Threshold::City { factor, offset },
    })
}

/// Default rules for a table (none without one), named in `lang`.
pub fn default_rules(table: Option<&IndicatorTable>, lang: Lang) -> RuleSet {
    let mut set = RuleSet::default();
    let Some(t) = table else { return set };
    let arrival: Vec<Condition> = [
        cond(t, Role::ForeignShare, Op::Ge, 1.0, 5.0),
        cond(t, Role::Fluctuation, Op::Ge, 1.2, 0.0),
        cond(t, Role::LongEstablished, Op::Le, 1.0, -5.0),
    ]
    .into_iter()
    .flatten()
    .collect();
    let settled: Vec<Condition> = [
        cond(t, Role::LongEstablished, Op::Ge, 1.0, 5.0),
        cond(t, Role::Fluctuation, Op::Le, 1.0, 0.0),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (name, conditions) in [
        (T::DefaultArrivalRule, arrival),
        (T::DefaultSettledRule, settled),
    ] {
        if !conditions.is_empty() {
            set.rules.push(Rule {
                name: lang.t(name).into(),
                combine: Combine::All,
                conditions,
                groups: Vec::new(),
            });
        }
    }
    set
}
