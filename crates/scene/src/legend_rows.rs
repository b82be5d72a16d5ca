//! The rows of a map legend in the user's language, as the screen and every export list
//! them: a choropleth's classes from the top with counts, few residents, no data; the
//! rule overlay's lines.

use crate::Choropleth;
use crate::map_scene::Mark;
use crate::modes::LegendRow;
use crate::text::{breaks_note, entry_range};
use atlas_analysis::rules::RuleResult;
use atlas_data::model::YearIdx;
use atlas_i18n::{Lang, T};

/// Legend rows of a choropleth for a year: classes from the top, then no-data.
pub fn choropleth_rows(
    c: &Choropleth,
    year: YearIdx,
    years: &[i32],
    decimals: usize,
    lang: Lang,
) -> (Vec<LegendRow>, String) {
    let l = c.legend(year, years);
    let mut rows: Vec<LegendRow> = l
        .entries
        .iter()
        .rev()
        .map(|e| LegendRow {
            color: e.color,
            label: entry_range(e, decimals, lang),
            count: e.count,
            hatched: false,
        })
        .collect();
    if l.few > 0 {
        rows.push(few_row(l.few, l.min_denominator, lang));
    }
    rows.push(LegendRow {
        color: l.no_data_color,
        label: lang.t(T::NoData).to_owned(),
        count: l.no_data,
        hatched: true,
    });
    (rows, breaks_note(l.breaks_note, lang))
}

/// "few residents (under 50)": values left unclassified because their base is too small.
pub fn few_row(count: usize, min: u32, lang: Lang) -> LegendRow {
    LegendRow {
        color: atlas_analysis::ramps::FEW,
        label: lang.f(T::FewResidents, &[&min.to_string()]),
        count,
        hatched: true,
    }
}

/// Legend lines of the rule overlay: "NAME: meets the rule (n)" and "rule unknown (n)".
pub fn overlay_entries(
    name: &str,
    r: &RuleResult,
    year: YearIdx,
    lang: Lang,
) -> Vec<(Mark, String)> {
    let [met, _, unknown] = r.counts(year);
    vec![
        (Mark::Met, lang.f(T::MeetsRule, &[name, &met.to_string()])),
        (
            Mark::Unknown,
            lang.f(T::RuleUnknown, &[&unknown.to_string()]),
        ),
    ]
}

/// The line saying that the rule outlines are not drawn at this scale (the screen's legend
/// and an export's say the same).
pub fn overlay_not_drawn(lang: Lang) -> String {
    lang.f(
        T::OverlayNotDrawn,
        &[&crate::overlay::OVERLAY_MIN_PX.to_string()],
    )
}

/// A legend note with [`overlay_not_drawn`]'s line (each " · " part of a note is a line of
/// its own).
pub fn with_overlay_note(note: &str, lang: Lang) -> String {
    let line = overlay_not_drawn(lang);
    if note.is_empty() {
        line
    } else {
        format!("{note} · {line}")
    }
}
