//! The default rules, built from the indicators' roles so they work on any table that has them:
//! "Arrival district" (foreign share well above the city, high fluctuation, long-established
//! share below the city) and "Settled district" (long-established share above the city, low
//! fluctuation). Conditions whose indicator the table lacks are left out; a rule left with no
//! condition is not offered. And the "Arrival district (turnover)" preset on the context
//! indicators of Berlin's social monitoring: real moves, not only stocks.

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

/// A column of `t` that has at least one value.
fn column_with_values(t: &IndicatorTable, id: &str) -> Option<usize> {
    let i = t.indicator_index(id)?;
    t.year_indices()
        .any(|y| t.year_slice(i, y).iter().any(|v| !v.is_nan()))
        .then_some(i)
}

/// "Arrival district (turnover)" on the context indicators of Berlin's social monitoring (MSS):
/// the newcomers' share high (foreigners' share, or the share with a migration background where
/// the table has no foreigners' share in every year of the moves — MSS 2013, a 2012–2020
/// series — and the rule's name says which), migration
/// volume (moves in plus out per 100 residents) high and residence of 5 years or more low, each
/// relative to the city: share ≥ city + 5, volume ≥ 1.2 × city, residence ≤ city − 5.
/// `None` when the table lacks the volume or the residence (MSS 2017).
pub fn turnover_rule(t: &IndicatorTable, lang: Lang) -> Option<Rule> {
    let volume = column_with_values(t, "migration_volume_pct")?;
    let residence = column_with_values(t, "residence_5y_pct")?;
    // The share that has values in every year the moves have (a series 2012–2020 has the
    // foreigners' share only from 2015 on: the same share for all years, or the rule would be
    // unknown where it is missing).
    let has = |i: usize, y| t.year_slice(i, y).iter().any(|v| !v.is_nan());
    let covers = |i: usize| t.year_indices().all(|y| !has(volume, y) || has(i, y));
    let foreign = column_with_values(t, "foreigners_pct");
    let background = column_with_values(t, "migration_background_pct");
    let (share, which) = match (foreign, background) {
        (Some(f), _) if covers(f) => (f, T::ShareForeigners),
        (_, Some(b)) if covers(b) => (b, T::ShareMigrationBackground),
        (Some(f), _) => (f, T::ShareForeigners),
        (None, Some(b)) => (b, T::ShareMigrationBackground),
        (None, None) => return None,
    };
    let c = |i: usize, op: Op, factor: f64, offset: f64| Condition {
        indicator: t.indicators[i].id.clone(),
        op,
        threshold: Threshold::City { factor, offset },
    };
    Some(Rule {
        name: lang.f(T::TurnoverRule, &[lang.t(which)]),
        combine: Combine::All,
        conditions: vec![
            c(share, Op::Ge, 1.0, 5.0),
            c(volume, Op::Ge, 1.2, 0.0),
            c(residence, Op::Le, 1.0, -5.0),
        ],
        groups: Vec::new(),
    })
}
