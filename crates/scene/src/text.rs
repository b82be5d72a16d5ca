//! The words on a map, in the user's language: indicator labels and units from the metadata,
//! number formats, legend class ranges, the breaks note, scheme names and the title line.
//! Shared by the screen and the exporters so both say the same thing.

use super::legend::{BreaksNote, Legend, LegendEntry};
use atlas_analysis::classify::Scheme;
use atlas_data::model::{IndicatorTable, Measure};
use atlas_i18n::{Lang, T, format_number};

/// The indicator's label in `lang` (its id when the metadata has none).
pub fn indicator_label(t: &IndicatorTable, i: usize, lang: Lang) -> String {
    let ind = &t.indicators[i];
    ind.meta
        .label
        .get(lang.code())
        .map(str::to_owned)
        .unwrap_or_else(|| ind.id.clone())
}

/// The indicator's unit in `lang` ("%", "per 100 residents" / "je 100 Einwohner", or empty).
pub fn indicator_unit(t: &IndicatorTable, i: usize, lang: Lang) -> &str {
    t.indicators[i].meta.unit.get(lang.code()).unwrap_or("")
}

/// The indicator's label with its unit in brackets ("Fluctuation rate (per 100 residents)"),
/// or the label alone when it has none: lists and tables put the unit with the name so the
/// number columns stay narrow.
pub fn indicator_label_with_unit(t: &IndicatorTable, i: usize, lang: Lang) -> String {
    let unit = indicator_unit(t, i, lang);
    if unit.is_empty() {
        indicator_label(t, i, lang)
    } else {
        format!("{} ({unit})", indicator_label(t, i, lang))
    }
}

/// Decimals to show: from the metadata, else 1 for rates and 0 for counts.
pub fn indicator_decimals(t: &IndicatorTable, i: usize) -> usize {
    let m = &t.indicators[i].meta;
    m.decimals.map(usize::from).unwrap_or(match m.measure {
        Measure::Count => 0,
        Measure::Rate => 1,
    })
}

/// The scheme's name in `lang`, with its class count where it takes one.
pub fn scheme_label(s: &Scheme, lang: Lang) -> String {
    let t = match s {
        Scheme::EqualInterval { .. } => T::SchemeEqual,
        Scheme::Quantiles { .. } => T::SchemeQuantiles,
        Scheme::NaturalBreaks { .. } => T::SchemeJenks,
        Scheme::StdMean => T::SchemeStdMean,
        Scheme::BoxMap { .. } => T::SchemeBoxMap,
        Scheme::Percentiles => T::SchemePercentiles,
        Scheme::HeadTail => T::SchemeHeadTail,
        Scheme::Manual { .. } => T::SchemeManual,
    };
    lang.t(t).to_owned()
}

/// "breaks fixed over 2005–2024" / "breaks for 2024".
pub fn breaks_note(n: BreaksNote, lang: Lang) -> String {
    match n {
        BreaksNote::Pooled { first, last } => {
            lang.f(T::BreaksFixedOver, &[&first.to_string(), &last.to_string()])
        }
        BreaksNote::PerYear(y) => lang.f(T::BreaksFor, &[&y.to_string()]),
    }
}

/// "12.0 – 18.5" for a class; "≤ 18.5" when open below, "> 40.0" for an unbounded top class.
pub fn entry_range(e: &LegendEntry, decimals: usize, lang: Lang) -> String {
    let n = |v: f64| format_number(v, decimals, lang);
    if e.lower_open && e.lower == f64::NEG_INFINITY {
        format!("≤ {}", n(e.upper))
    } else if e.upper == f64::INFINITY {
        format!("> {}", n(e.lower))
    } else {
        format!("{} – {}", n(e.lower), n(e.upper))
    }
}

/// One text line per legend class: "12.0 – 18.5  (7)".
pub fn legend_lines(l: &Legend, decimals: usize, lang: Lang) -> Vec<String> {
    l.entries
        .iter()
        .map(|e| format!("{}  ({})", entry_range(e, decimals, lang), e.count))
        .collect()
}

/// "EPSG:25833 (ETRS89 / UTM zone 33N), declared in the file; shown reprojected to WGS84".
pub fn crs_text(
    crs: atlas_data::load::crs::Crs,
    source: atlas_data::load::crs::CrsSource,
    lang: Lang,
) -> String {
    use atlas_data::load::crs::{Crs, CrsSource};
    let how = match source {
        CrsSource::Declared => T::CrsDeclared,
        CrsSource::Recognised => T::CrsRecognised,
        CrsSource::Chosen => T::CrsChosen,
    };
    let mut s = lang.f(how, &[&crs.describe()]);
    if crs != Crs::Wgs84 {
        s.push_str("; ");
        s.push_str(lang.t(T::CrsReprojected));
    }
    s
}

/// `s` cut to at most `max` characters, with "…" where it was cut (a long name in a narrow
/// column; its full text stays in tooltips and tables). A short last word is kept, so that
/// names differing only at their end stay apart: "Unter den Linden Nord" and "… Süd" become
/// "Unter den Li… Nord" and "Unter den Lin… Süd", not twice "Unter den Linden …".
pub fn elide(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_owned();
    }
    let last = s.rsplit(' ').next().unwrap_or("");
    let last_len = last.chars().count();
    if last_len > 0 && last_len < n && 2 * (last_len + 2) <= max {
        let head: String = s.chars().take(max - last_len - 2).collect();
        return format!("{}… {last}", head.trim_end());
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod elide_tests {
    use super::elide;

    #[test]
    fn names_that_differ_at_their_end_stay_apart() {
        assert_eq!(elide("Unter den Linden Nord", 18), "Unter den Li… Nord");
        assert_eq!(elide("Unter den Linden Süd", 18), "Unter den Lin… Süd");
        assert!(elide("Unter den Linden Süd", 18).chars().count() <= 18);
        assert_eq!(elide("Mitte", 18), "Mitte");
        // A long last word: cut at the end.
        assert_eq!(
            elide("Gewerbegebiet Bitterfelderstraße", 18),
            "Gewerbegebiet Bit…"
        );
    }
}

/// A year as titles show it: "2018", or "2018 (estimated)" when the data set says the year
/// was estimated (regridded from another district grid).
pub fn year_text(meta: &atlas_data::model::DatasetMeta, year: i32, lang: Lang) -> String {
    if meta.estimate_of(year).is_some() {
        format!("{year} ({})", lang.t(T::Estimated))
    } else {
        year.to_string()
    }
}

/// How `year` was estimated, in `lang` ("2015–2020 estimated from … by area"), if it was.
pub fn estimate_line(
    meta: &atlas_data::model::DatasetMeta,
    year: i32,
    lang: Lang,
) -> Option<String> {
    meta.estimate_of(year)
        .and_then(|e| e.note.get(lang.code()))
        .map(str::to_owned)
}

/// `note` with `more` after it (" · " between).
pub fn join_note(note: String, more: Option<String>) -> String {
    match more {
        Some(m) if note.is_empty() => m,
        Some(m) => format!("{note} · {m}"),
        None => note,
    }
}

/// The name of a colour vision in the language table.
pub fn vision_text(v: atlas_analysis::vision::Vision) -> T {
    match v {
        atlas_analysis::vision::Vision::Normal => T::VisionNormal,
        atlas_analysis::vision::Vision::Deuteranopia => T::VisionDeuteranopia,
        atlas_analysis::vision::Vision::Protanopia => T::VisionProtanopia,
        atlas_analysis::vision::Vision::Tritanopia => T::VisionTritanopia,
        atlas_analysis::vision::Vision::Achromatopsia => T::VisionAchromatopsia,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_analysis::ramps::Rgb;

    fn entry(lower: f64, upper: f64, open: bool) -> LegendEntry {
        LegendEntry {
            lower,
            upper,
            lower_open: open,
            count: 3,
            color: Rgb(0, 0, 0),
        }
    }

    #[test]
    fn ranges_use_the_language_number_format() {
        assert_eq!(
            entry_range(&entry(1.26, 3.5, false), 1, Lang::De),
            "1,3 – 3,5"
        );
        assert_eq!(
            entry_range(&entry(1.25, 3.5, false), 2, Lang::En),
            "1.25 – 3.50"
        );
        assert_eq!(
            entry_range(&entry(f64::NEG_INFINITY, 3.5, true), 1, Lang::En),
            "≤ 3.5"
        );
    }

    #[test]
    fn breaks_note_names_the_years() {
        let n = BreaksNote::Pooled {
            first: 2005,
            last: 2024,
        };
        assert_eq!(breaks_note(n, Lang::En), "breaks fixed over 2005–2024");
        assert_eq!(
            breaks_note(BreaksNote::PerYear(2020), Lang::De),
            "Klassengrenzen für 2020"
        );
    }
}
