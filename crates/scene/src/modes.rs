//! Fills and legend rows for the map modes other than the choropleth: the typology (which
//! rule a district meets, qualitative colours), persistence (in how many years it met the
//! rule) and change (difference of an indicator between two years, diverging colours centred
//! on zero). Plain code shared by the screen and exports.

use atlas_analysis::ramps::{self, NO_DATA, Rgb};
use atlas_analysis::rules::{Change, RuleResult, Tri};
use atlas_data::model::YearIdx;

/// Colour of districts meeting no rule in the typology.
pub const NONE_COLOR: Rgb = Rgb(0xee, 0xee, 0xe8);

/// One legend line: colour, text, how many districts, hatched (no data).
#[derive(Debug, Clone, PartialEq)]
pub struct LegendRow {
    pub color: Rgb,
    pub label: String,
    pub count: usize,
    pub hatched: bool,
}

/// Typology for a year: each district gets the colour of the first rule it meets; districts
/// meeting none are light, and districts unknown for every rule are no-data. `names` are
/// the rules' names; `none`/`unknown` the legend texts.
pub fn typology(
    results: &[RuleResult],
    names: &[String],
    year: YearIdx,
    n: usize,
    none: &str,
    unknown: &str,
) -> (Vec<Rgb>, Vec<LegendRow>) {
    let colors = ramps::colors("Set2", results.len().clamp(3, 8), false).unwrap_or_default();
    let mut fills = vec![NONE_COLOR; n];
    let mut counts = vec![0usize; results.len()];
    let (mut n_none, mut n_unknown) = (0, 0);
    for (d, fill) in fills.iter_mut().enumerate() {
        let tri = |r: &RuleResult| r.per_year.get(year.get()).and_then(|v| v.get(d)).copied();
        match results.iter().position(|r| tri(r) == Some(Tri::True)) {
            Some(i) => {
                *fill = colors
                    .get(i % colors.len().max(1))
                    .copied()
                    .unwrap_or(NO_DATA);
                counts[i] += 1;
            }
            None if results.iter().all(|r| tri(r) != Some(Tri::False)) => {
                *fill = NO_DATA;
                n_unknown += 1;
            }
            None => n_none += 1,
        }
    }
    let mut rows: Vec<LegendRow> = names
        .iter()
        .enumerate()
        .map(|(i, name)| LegendRow {
            color: colors
                .get(i % colors.len().max(1))
                .copied()
                .unwrap_or(NO_DATA),
            label: name.clone(),
            count: counts.get(i).copied().unwrap_or(0),
            hatched: false,
        })
        .collect();
    rows.push(LegendRow {
        color: NONE_COLOR,
        label: none.to_owned(),
        count: n_none,
        hatched: false,
    });
    rows.push(LegendRow {
        color: NO_DATA,
        label: unknown.to_owned(),
        count: n_unknown,
        hatched: true,
    });
    (fills, rows)
}

/// Persistence: per district (years true, years known) → colour by the number of years, in
/// up to six classes; districts with no known year are no-data. `label(lo, hi)` words a class.
pub fn persistence_fills(
    counts: &[(usize, usize)],
    total_years: usize,
    label: impl Fn(usize, usize) -> String,
    no_data: &str,
) -> (Vec<Rgb>, Vec<LegendRow>) {
    // Classes: 0, then equal steps of years up to the total.
    let steps = total_years.clamp(1, 5);
    let mut bounds = vec![(0, 0)];
    for i in 0..steps {
        let lo = 1 + i * total_years / steps;
        let hi = (i + 1) * total_years / steps;
        if hi >= lo {
            bounds.push((lo, hi));
        }
    }
    let colors = ramps::colors("Purples", bounds.len().max(3), false).unwrap_or_default();
    let colors = &colors[colors.len() - bounds.len()..];
    let mut rows: Vec<LegendRow> = bounds
        .iter()
        .zip(colors)
        .map(|(&(lo, hi), &color)| LegendRow {
            color,
            label: label(lo, hi),
            count: 0,
            hatched: false,
        })
        .collect();
    let mut n_unknown = 0;
    let fills = counts
        .iter()
        .map(|&(t, known)| {
            if known == 0 {
                n_unknown += 1;
                return NO_DATA;
            }
            let i = bounds
                .iter()
                .position(|&(lo, hi)| (lo..=hi).contains(&t))
                .unwrap_or(0);
            rows[i].count += 1;
            rows[i].color
        })
        .collect();
    rows.push(LegendRow {
        color: NO_DATA,
        label: no_data.to_owned(),
        count: n_unknown,
        hatched: true,
    });
    (fills, rows)
}

/// Change: the chosen scheme and class count, diverging around zero with symmetric breaks.
/// The magnitudes |change| are classified with the scheme into ⌈k/2⌉ classes; their upper
/// bounds u₁ < … mirrored around zero give the breaks. With an odd k the middle class is
/// −u₁ … u₁ ("around 0"), with an even k zero is the boundary between the two middle classes.
/// Schemes without a class count (standard deviation, box map, percentiles, head/tail,
/// manual) use equal intervals of the magnitudes with k = 6. The colours are the chosen ramp
/// when it is diverging (its direction as chosen), else blue for decreases and red for
/// increases (RdBu). `fmt` words a bound; `around_zero` names the middle class.
pub fn change_fills(
    change: &Change,
    styling: &crate::styling::Styling,
    fmt: impl Fn(f64) -> String,
    no_data: &str,
    around_zero: &str,
) -> (Vec<Rgb>, Vec<LegendRow>) {
    use atlas_analysis::classify::{Scheme, compute_breaks, sorted_finite};
    let k = styling.scheme.requested_k().unwrap_or(6).clamp(2, 9);
    let half = k.div_ceil(2);
    let (magnitudes, _) = sorted_finite(change.delta.iter().map(|v| v.map(f64::abs)));
    // Upper bounds of the magnitude classes: equal steps from zero (so the classes are as
    // wide on both sides of it), else the scheme's breaks of the magnitudes.
    let max = magnitudes.last().copied().unwrap_or(0.0).max(1e-9);
    let scheme = match &styling.scheme {
        Scheme::Quantiles { .. } if half > 1 => Some(Scheme::Quantiles { k: half }),
        Scheme::NaturalBreaks { .. } if half > 1 => Some(Scheme::NaturalBreaks { k: half }),
        _ => None,
    };
    let mut upper: Vec<f64> = match scheme {
        Some(s) => compute_breaks(&magnitudes, &s).unwrap_or_else(|_| vec![max]),
        None => (1..=half).map(|i| max * i as f64 / half as f64).collect(),
    };
    upper.retain(|&u| u > 0.0);
    upper.dedup();
    if upper.is_empty() {
        upper.push(max);
    }
    let odd = k % 2 == 1;
    // Class edges from the largest decrease to the largest increase.
    let mut edges: Vec<f64> = upper.iter().rev().map(|u| -u).collect();
    if odd {
        // The middle class −u₁ … u₁.
        edges.extend(upper.iter().copied());
    } else {
        edges.push(0.0);
        edges.extend(upper.iter().copied());
    }
    let n = edges.len() - 1;
    let ramp = atlas_analysis::ramps::ramp(&styling.ramp)
        .filter(|r| r.kind == atlas_analysis::ramps::RampKind::Diverging)
        .map(|_| (styling.ramp.as_str(), styling.reverse))
        .unwrap_or(("RdBu", true));
    let colors = ramps::colors(ramp.0, n.max(3), ramp.1).unwrap_or_default();
    // Fewer classes than the ramp's minimum of three: its ends.
    let color_of = |i: usize| {
        if n >= 3 {
            colors.get(i).copied()
        } else {
            colors
                .get(if i == 0 { 0 } else { colors.len() - 1 })
                .copied()
        }
        .unwrap_or(NO_DATA)
    };
    let middle = odd.then_some(n / 2);
    let mut rows: Vec<LegendRow> = (0..n)
        .map(|i| LegendRow {
            color: color_of(i),
            label: if middle == Some(i) {
                format!("{} – {} ({around_zero})", fmt(edges[i]), fmt(edges[i + 1]))
            } else {
                format!("{} – {}", fmt(edges[i]), fmt(edges[i + 1]))
            },
            count: 0,
            hatched: false,
        })
        .collect();
    let mut n_none = 0;
    let fills = change
        .delta
        .iter()
        .map(|v| match v {
            Some(v) => {
                // The class whose upper edge is the first at or above v (zero: the upper of
                // the two middle classes with an even k).
                let i = edges[1..]
                    .iter()
                    .position(|&e| *v < e || (*v == e && e != 0.0))
                    .unwrap_or(n - 1);
                rows[i].count += 1;
                rows[i].color
            }
            None => {
                n_none += 1;
                NO_DATA
            }
        })
        .collect();
    rows.reverse(); // largest increase on top, as the choropleth legend
    rows.push(LegendRow {
        color: NO_DATA,
        label: no_data.to_owned(),
        count: n_none,
        hatched: true,
    });
    (fills, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_analysis::rules::{Change, RuleResult, Tri::*};

    fn res(per_year: Vec<Vec<atlas_analysis::rules::Tri>>) -> RuleResult {
        RuleResult {
            per_year,
            thresholds: Vec::new(),
        }
    }

    #[test]
    fn typology_takes_the_first_rule_met_and_marks_unknown() {
        let a = res(vec![vec![True, False, Unknown, False]]);
        let b = res(vec![vec![True, True, Unknown, False]]);
        let names = vec!["A".to_owned(), "B".to_owned()];
        let (fills, rows) = typology(&[a, b], &names, YearIdx(0), 4, "none", "unknown");
        assert_eq!(fills[0], rows[0].color);
        assert_eq!(fills[1], rows[1].color);
        assert_ne!(rows[0].color, rows[1].color);
        assert_eq!(fills[2], NO_DATA);
        assert_eq!(fills[3], NONE_COLOR);
        let counts: Vec<usize> = rows.iter().map(|r| r.count).collect();
        assert_eq!(counts, vec![1, 1, 1, 1]);
    }

    #[test]
    fn persistence_classes_cover_every_count() {
        let counts = vec![(0, 20), (1, 20), (20, 20), (7, 10), (0, 0)];
        let (fills, rows) = persistence_fills(&counts, 20, |a, b| format!("{a}-{b}"), "n/a");
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            vec!["0-0", "1-4", "5-8", "9-12", "13-16", "17-20", "n/a"]
        );
        assert_eq!(rows.iter().map(|r| r.count).sum::<usize>(), 5);
        assert_eq!(fills[4], NO_DATA);
        assert_eq!(fills[2], rows[5].color);
    }

    #[test]
    fn change_is_centred_on_zero() {
        let c = Change {
            delta: vec![Some(-3.0), Some(-0.5), Some(0.5), Some(3.0), None],
            appeared: vec![],
            disappeared: vec![4],
        };
        // Six equal-interval classes: magnitudes in three classes up to 3.
        let styling = crate::styling::Styling {
            scheme: atlas_analysis::classify::Scheme::EqualInterval { k: 6 },
            ..Default::default()
        };
        let (fills, rows) = change_fills(&c, &styling, |v| format!("{v:.1}"), "n/a", "0");
        assert_eq!(rows.len(), 7);
        assert_eq!(rows[0].label, "2.0 – 3.0");
        assert_eq!(rows[5].label, "-3.0 – -2.0");
        assert_eq!(fills[3], rows[0].color);
        assert_eq!(fills[0], rows[5].color);
        assert_ne!(fills[1], fills[2], "small decrease and increase differ");
        assert_eq!(fills[4], NO_DATA);
        // Five classes: a middle class around zero holds both small changes.
        let styling = crate::styling::Styling {
            scheme: atlas_analysis::classify::Scheme::EqualInterval { k: 5 },
            ..Default::default()
        };
        let (fills, rows) = change_fills(&c, &styling, |v| format!("{v:.1}"), "n/a", "around 0");
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[2].label, "-1.0 – 1.0 (around 0)");
        assert_eq!(fills[1], fills[2]);
        assert_eq!(rows[2].count, 2);
    }
}
