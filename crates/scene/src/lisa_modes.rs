//! Fills and legend rows of the spatial map modes, with GeoDa's colours: the LISA cluster map
//! (HH red, LL blue, LH light blue, HL light red, not significant grey, neighbourless and no
//! data with their own entries) and the significance map (greens by pseudo p-value). The
//! persistence of high-high clusters uses the rule persistence's classes.

use super::modes::LegendRow;
use atlas_analysis::ramps::{NO_DATA, Rgb};
use atlas_analysis::spatial::{Cluster, YearStats};

/// GeoDa's cluster map colours.
pub fn cluster_color(c: Cluster) -> Rgb {
    match c {
        Cluster::HH => Rgb(0xff, 0x00, 0x00),
        Cluster::LL => Rgb(0x00, 0x00, 0xff),
        Cluster::LH => Rgb(0xa7, 0xad, 0xf9),
        Cluster::HL => Rgb(0xf4, 0xad, 0xa8),
        Cluster::NotSignificant => Rgb(0xee, 0xee, 0xee),
        Cluster::Island => Rgb(0x99, 0x99, 0x99),
        Cluster::NoData => NO_DATA,
    }
}

/// Cluster map of a year. `label` names a category in the user's language.
pub fn cluster_fills(
    stats: &YearStats,
    label: impl Fn(Cluster) -> String,
) -> (Vec<Rgb>, Vec<LegendRow>) {
    let order = [
        Cluster::HH,
        Cluster::LL,
        Cluster::LH,
        Cluster::HL,
        Cluster::NotSignificant,
        Cluster::Island,
        Cluster::NoData,
    ];
    let mut counts = [0usize; 7];
    let fills = stats
        .local
        .iter()
        .map(|l| {
            if let Some(i) = order.iter().position(|c| *c == l.cluster) {
                counts[i] += 1;
            }
            cluster_color(l.cluster)
        })
        .collect();
    let rows = order
        .iter()
        .zip(counts)
        // Neighbourless only where there are any: most weights have none.
        .filter(|(c, n)| **c != Cluster::Island || *n > 0)
        .map(|(&c, count)| LegendRow {
            color: cluster_color(c),
            label: label(c),
            count,
            hatched: c == Cluster::NoData,
        })
        .collect();
    (fills, rows)
}

/// The significance map's p-value classes (upper bounds) and colours, darkest most
/// significant, as GeoDa draws them.
const LEVELS: [(f64, Rgb); 4] = [
    (0.0001, Rgb(0x1a, 0x5c, 0x14)),
    (0.001, Rgb(0x34, 0x81, 0x24)),
    (0.01, Rgb(0x53, 0xc5, 0x3c)),
    (0.05, Rgb(0x84, 0xf5, 0x76)),
];

/// Significance map: each district significant under the view's level (and correction) in the
/// green of its p-value class; the others "not significant". The levels written as `lang`
/// writes numbers ("p ≤ 0,05").
pub fn significance_fills(
    stats: &YearStats,
    lang: atlas_i18n::Lang,
    not_significant: &str,
    neighbourless: &str,
    no_data: &str,
) -> (Vec<Rgb>, Vec<LegendRow>) {
    let mut counts = [0usize; 4];
    let (mut ns, mut isl, mut nd) = (0, 0, 0);
    let fills = stats
        .local
        .iter()
        .map(|l| match l.cluster {
            Cluster::NoData => {
                nd += 1;
                NO_DATA
            }
            Cluster::Island => {
                isl += 1;
                cluster_color(Cluster::Island)
            }
            Cluster::NotSignificant => {
                ns += 1;
                cluster_color(Cluster::NotSignificant)
            }
            _ => {
                let p = l.p_sim.unwrap_or(1.0);
                let i = LEVELS.iter().position(|(b, _)| p <= *b).unwrap_or(3);
                counts[i] += 1;
                LEVELS[i].1
            }
        })
        .collect();
    let mut rows: Vec<LegendRow> = LEVELS
        .iter()
        .zip(counts)
        .map(|((b, color), count)| LegendRow {
            color: *color,
            label: format!("p ≤ {}", atlas_i18n::format_short(*b, lang)),
            count,
            hatched: false,
        })
        .collect();
    rows.push(LegendRow {
        color: cluster_color(Cluster::NotSignificant),
        label: not_significant.to_owned(),
        count: ns,
        hatched: false,
    });
    if isl > 0 {
        rows.push(LegendRow {
            color: cluster_color(Cluster::Island),
            label: neighbourless.to_owned(),
            count: isl,
            hatched: false,
        });
    }
    rows.push(LegendRow {
        color: NO_DATA,
        label: no_data.to_owned(),
        count: nd,
        hatched: true,
    });
    (fills, rows)
}

/// Per district (years in a significant high-high cluster, years with statistics).
pub fn hh_years(years: &[Option<std::sync::Arc<YearStats>>], n: usize) -> Vec<(usize, usize)> {
    let mut out = vec![(0, 0); n];
    for y in years.iter().flatten() {
        for (d, l) in y.local.iter().enumerate().take(n) {
            if l.cluster != Cluster::NoData {
                out[d].1 += 1;
            }
            if l.cluster == Cluster::HH {
                out[d].0 += 1;
            }
        }
    }
    out
}
