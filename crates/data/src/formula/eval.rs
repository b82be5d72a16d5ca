//! Evaluating formulas on a table: ids resolved once ([`bind`]), then every key of a year at
//! once (a year's values are one slice of the table). Missing stays missing: an operation on a
//! missing value, a division by zero and a year outside the table all give a missing value,
//! never 0 or infinity. [`apply_derived`] adds the derived indicators of a metadata file or a
//! project to a table as columns, so that every view, export and CLI command sees them as
//! indicators like the loaded ones.

use super::{Expr, FormulaMsg, Func, Op, parse};
use crate::load::Note;
use crate::model::table::Indicator;
use crate::model::{DerivedIndicator, IndicatorMeta, IndicatorTable, Localized, Measure, YearIdx};

/// A formula whose indicator ids are indices into one table.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    expr: BExpr,
    /// Denominator of a ratio formula (`a / b * 100` → b).
    pub denominator: Option<String>,
    /// Whether the result adds up over districts (sums and differences of counts).
    pub count: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum BExpr {
    Number(f64),
    Indicator(usize),
    Neg(Box<BExpr>),
    Binary(Op, Box<BExpr>, Box<BExpr>),
    Call(Func, Vec<BExpr>, Vec<i32>),
}

/// Why a derived indicator could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DerivedError {
    Syntax(super::ParseError),
    UnknownIndicator { id: String, known: Vec<String> },
    BadId(FormulaMsg),
}

impl DerivedError {
    /// What to say: the closest id when one is near (a typo), else the first few there are.
    pub fn msg(&self) -> FormulaMsg {
        match self {
            DerivedError::Syntax(e) => e.msg(),
            DerivedError::UnknownIndicator { id, known } => {
                let near = known
                    .iter()
                    .map(|k| (strsim::normalized_levenshtein(id, k), k))
                    .filter(|(s, _)| *s >= 0.75)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                match near {
                    Some((_, k)) => FormulaMsg::UnknownIndicatorNear {
                        id: id.clone(),
                        near: k.clone(),
                    },
                    None if known.len() <= 8 => FormulaMsg::UnknownIndicator {
                        id: id.clone(),
                        known: known.join(", "),
                    },
                    None => FormulaMsg::UnknownIndicatorMany {
                        id: id.clone(),
                        first: known[..8].join(", "),
                        more: known.len() - 8,
                    },
                }
            }
            DerivedError::BadId(m) => m.clone(),
        }
    }
}

impl atlas_i18n::Localize for DerivedError {
    fn text(&self, lang: atlas_i18n::Lang) -> String {
        self.msg().text(lang)
    }
}

impl atlas_i18n::Arg for DerivedError {
    fn fmt_in(&self, lang: atlas_i18n::Lang, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&atlas_i18n::Localize::text(self, lang))
    }
}

impl std::fmt::Display for DerivedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.msg())
    }
}

/// Parses `formula` and resolves its ids in `table`.
pub fn bind(formula: &str, table: &IndicatorTable) -> Result<Bound, DerivedError> {
    let expr = parse(formula).map_err(DerivedError::Syntax)?;
    let bexpr = resolve(&expr, table)?;
    let count = expr.is_additive()
        && expr.indicators().iter().all(|id| {
            table
                .indicator_index(id)
                .is_some_and(|i| table.indicators[i].meta.measure == Measure::Count)
        });
    Ok(Bound {
        expr: bexpr,
        denominator: expr.ratio_denominator().map(str::to_owned),
        count,
    })
}

fn resolve(e: &Expr, t: &IndicatorTable) -> Result<BExpr, DerivedError> {
    Ok(match e {
        Expr::Number(v) => BExpr::Number(*v),
        Expr::Indicator(id) => BExpr::Indicator(t.indicator_index(id).ok_or_else(|| {
            DerivedError::UnknownIndicator {
                id: id.clone(),
                known: t.indicators.iter().map(|i| i.id.clone()).collect(),
            }
        })?),
        Expr::Neg(a) => BExpr::Neg(Box::new(resolve(a, t)?)),
        Expr::Binary(op, a, b) => {
            BExpr::Binary(*op, Box::new(resolve(a, t)?), Box::new(resolve(b, t)?))
        }
        Expr::Call(f, args, years) => BExpr::Call(
            *f,
            args.iter()
                .map(|a| resolve(a, t))
                .collect::<Result<_, _>>()?,
            years.clone(),
        ),
    })
}

/// The formula's values, `[year][key]` in the table's order, NaN where missing.
pub fn evaluate(b: &Bound, t: &IndicatorTable) -> Vec<f64> {
    let mut out = Vec::with_capacity(t.years.len() * t.keys.len());
    for y in t.year_indices() {
        out.extend(eval(&b.expr, t, Some(y)));
    }
    out
}

/// The year index `back` calendar years before year index `y`, if the table has that year.
fn shift(t: &IndicatorTable, y: Option<YearIdx>, back: i32) -> Option<YearIdx> {
    t.year_index(t.year_at(y?) - back)
}

/// One year of an expression over all keys (`None`: a year the table does not have).
fn eval(e: &BExpr, t: &IndicatorTable, y: Option<YearIdx>) -> Vec<f64> {
    let n = t.keys.len();
    let Some(yi) = y else {
        return vec![f64::NAN; n];
    };
    match e {
        BExpr::Number(v) => vec![*v; n],
        BExpr::Indicator(i) => t.year_slice(*i, yi).to_vec(),
        BExpr::Neg(a) => {
            let mut v = eval(a, t, y);
            v.iter_mut().for_each(|x| *x = -*x);
            v
        }
        BExpr::Binary(op, a, b) => {
            let (a, b) = (eval(a, t, y), eval(b, t, y));
            a.iter().zip(&b).map(|(&a, &b)| binary(*op, a, b)).collect()
        }
        BExpr::Call(f, args, years) => call(*f, args, years, t, yi),
    }
}

fn binary(op: Op, a: f64, b: f64) -> f64 {
    let v = match op {
        Op::Add => a + b,
        Op::Sub => a - b,
        Op::Mul => a * b,
        // Division by zero is missing, not infinity (or NaN from 0/0 by accident).
        Op::Div if b == 0.0 => f64::NAN,
        Op::Div => a / b,
    };
    if v.is_finite() { v } else { f64::NAN }
}

fn call(f: Func, args: &[BExpr], years: &[i32], t: &IndicatorTable, y: YearIdx) -> Vec<f64> {
    let now = || eval(&args[0], t, Some(y));
    let back = |n: i32| eval(&args[0], t, shift(t, Some(y), n));
    match f {
        Func::Lag => back(years[0]),
        Func::Change => zip(now(), back(years[0]), |a, b| a - b),
        Func::PctChange => zip(now(), back(years[0]), |a, b| {
            binary(Op::Div, a - b, b) * 100.0
        }),
        Func::SumYears => {
            let mut sum = back(years[1]);
            for n in years[1] + 1..=years[0] {
                sum = zip(sum, back(n), |a, b| a + b);
            }
            sum
        }
        Func::Share => {
            let v = now();
            let total: f64 = v.iter().filter(|x| !x.is_nan()).sum();
            v.into_iter()
                .map(|x| binary(Op::Div, x, total) * 100.0)
                .collect()
        }
        Func::EbRate => eb_rate(&now(), &eval(&args[1], t, Some(y))),
    }
}

fn zip(a: Vec<f64>, b: Vec<f64>, f: impl Fn(f64, f64) -> f64) -> Vec<f64> {
    a.into_iter()
        .zip(b)
        .map(|(a, b)| {
            let v = f(a, b);
            if v.is_finite() { v } else { f64::NAN }
        })
        .collect()
}

/// Global empirical-Bayes smoothing of the rates e ÷ b, as PySAL's
/// `esda.smoothing.Empirical_Bayes` (Marshall 1991): the rates shrink towards the overall rate
/// Σe ÷ Σb the more, the smaller their base. Keys with a missing value or a base ≤ 0 are left
/// out and missing. The result is a proportion (multiply by 100 for per cent).
pub fn eb_rate(e: &[f64], b: &[f64]) -> Vec<f64> {
    let ok: Vec<bool> = e
        .iter()
        .zip(b)
        .map(|(&e, &b)| !e.is_nan() && !b.is_nan() && b > 0.0)
        .collect();
    let n = ok.iter().filter(|&&o| o).count();
    if n == 0 {
        return vec![f64::NAN; e.len()];
    }
    let (mut e_sum, mut b_sum) = (0.0, 0.0);
    for i in (0..e.len()).filter(|&i| ok[i]) {
        e_sum += e[i];
        b_sum += b[i];
    }
    let r_mean = e_sum / b_sum;
    let b_mean = b_sum / n as f64;
    let var_left: f64 = (0..e.len())
        .filter(|&i| ok[i])
        .map(|i| {
            let d = e[i] / b[i] - r_mean;
            b[i] * d * d
        })
        .sum::<f64>()
        / b_sum;
    let r_var = var_left - r_mean / b_mean;
    (0..e.len())
        .map(|i| {
            if !ok[i] {
                return f64::NAN;
            }
            let rate = e[i] / b[i];
            let w = r_var / (r_var + r_mean / b[i]);
            // A single district (or all rates equal to a zero mean) leaves the weight
            // undefined: the overall rate is the estimate.
            let v = if w.is_finite() {
                w * rate + (1.0 - w) * r_mean
            } else {
                r_mean
            };
            if v.is_finite() { v } else { f64::NAN }
        })
        .collect()
}

/// Adds each derived indicator to the table as a column, in order (a formula may use the
/// derived indicators before it). A definition that fails leaves the table as it was and
/// gives one message naming it; the others are still added. Derived columns already in the
/// table (from an earlier call) are replaced, so this can be called again after an edit.
pub fn apply_derived(table: &mut IndicatorTable, defs: &[DerivedIndicator]) -> Vec<Note> {
    // Recompute from scratch: columns made by formulas before are dropped first.
    while let Some(i) = table
        .indicators
        .iter()
        .rposition(|i| i.meta.formula.is_some())
    {
        table.remove_indicator(i);
    }
    let mut errors = Vec::new();
    for d in defs {
        if let Err(e) = add_derived(table, d) {
            errors.push(Note::Derived {
                id: d.id.clone(),
                why: e,
            });
        }
    }
    errors
}

/// Adds one derived indicator.
pub fn add_derived(table: &mut IndicatorTable, d: &DerivedIndicator) -> Result<(), DerivedError> {
    let id = d.id.trim();
    if id.is_empty() || id.chars().any(|c| matches!(c, '"' | '`')) {
        return Err(DerivedError::BadId(FormulaMsg::IdEmptyOrQuoted));
    }
    if table.indicator_index(id).is_some() {
        return Err(DerivedError::BadId(FormulaMsg::IdTaken {
            id: id.to_owned(),
        }));
    }
    let bound = bind(&d.formula, table)?;
    let values = evaluate(&bound, table);
    let meta = derived_meta(d, &bound, table);
    table.push_indicator(
        Indicator {
            id: id.to_owned(),
            meta,
        },
        values,
    );
    Ok(())
}

/// The metadata a derived indicator shows: its own label, unit, role and decimals, the
/// denominator of a ratio formula, and the sources of the indicators it reads.
fn derived_meta(d: &DerivedIndicator, b: &Bound, t: &IndicatorTable) -> IndicatorMeta {
    let label = if d.label.is_empty() {
        Localized::plain(&d.id)
    } else {
        d.label.clone()
    };
    IndicatorMeta {
        label,
        unit: d.unit.clone(),
        description: Localized::plain(&d.formula),
        source: None,
        denominator: b.denominator.clone(),
        role: d.role,
        measure: if b.count {
            Measure::Count
        } else {
            Measure::Rate
        },
        decimals: d.decimals,
        formula: Some(d.formula.clone()),
    }
    .with_source_of(t)
}

impl IndicatorMeta {
    /// The source of the first input that names one, so a derived share keeps its attribution.
    fn with_source_of(mut self, t: &IndicatorTable) -> Self {
        if let Some(f) = &self.formula
            && let Ok(e) = parse(f)
        {
            self.source = e
                .indicators()
                .iter()
                .filter_map(|id| t.indicator_index(id))
                .find_map(|i| t.indicators[i].meta.source.clone());
        }
        self
    }
}
