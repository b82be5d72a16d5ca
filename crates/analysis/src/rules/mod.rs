//! Arrival-district rules: named sets of conditions on indicators (relative to the city
//! reference, to a percentile among districts, or absolute), combined with AND/OR and one level
//! of grouping, evaluated per district and year with three-valued logic — missing data makes a
//! condition unknown, never false. Plus what the views derive from results: persistence over
//! years, transitions between two years, and the change of an indicator between two years.
//! The JSON form is documented in docs/formats.md.

mod defaults;
mod eval;
mod export;
mod model;
mod summary;

pub use defaults::{default_rules, turnover_rule};
pub use eval::{ConditionThresholds, RuleResult, evaluate, evaluate_all};
pub use export::{unknown_indicators, write_flags};
pub use model::{Combine, Condition, Group, Op, Rule, RuleSet, Threshold, Tri, parse_rules};
pub use summary::{
    Change, TRI_ORDER, Transitions, change_between, order_by_persistence, persistence, transitions,
};
