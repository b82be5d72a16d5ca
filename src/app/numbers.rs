//! Number fields in the language's format: values shown with the decimal comma in German
//! ("−5,49", not "-5.49") and as few decimals as they need, and typed with either mark — a
//! German planner types "1,5", an English one "1.5"; both are read.

use atlas_i18n::{Lang, format_number};

/// `v` with as few decimals as it needs, at most `max`.
pub fn compact(v: f64, max: usize, lang: Lang) -> String {
    let d = (0..=max)
        .find(|&d| {
            let f = 10f64.powi(d as i32);
            ((v * f).round() - v * f).abs() < 1e-6
        })
        .unwrap_or(max);
    format_number(v, d, lang)
}

/// A typed number: either decimal mark, the language's thousands separator, a typographic
/// minus.
pub fn parse(s: &str, lang: Lang) -> Option<f64> {
    let s = s.trim().replace('−', "-").replace(' ', "");
    let s = match lang {
        // "1.234,5": the point groups thousands; "1,5" or "1.5": the mark.
        Lang::De if s.contains(',') => s.replace('.', "").replace(',', "."),
        Lang::En => s.replace(',', ""),
        Lang::De => s,
    };
    s.parse().ok().filter(|v: &f64| v.is_finite())
}

/// A drag value shown and read in the language's format.
pub fn drag(value: &mut f64, lang: Lang, max_decimals: usize) -> egui::DragValue<'_> {
    egui::DragValue::new(value)
        .custom_formatter(move |v, _| compact(v, max_decimals, lang))
        .custom_parser(move |s| parse(s, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_and_read_in_the_language() {
        assert_eq!(compact(-5.49, 2, Lang::De), "−5,49");
        assert_eq!(compact(1.0, 2, Lang::De), "1");
        assert_eq!(compact(1.2, 2, Lang::En), "1.2");
        assert_eq!(parse("1,5", Lang::De), Some(1.5));
        assert_eq!(parse("1.5", Lang::De), Some(1.5));
        assert_eq!(parse("1.234,5", Lang::De), Some(1234.5));
        assert_eq!(parse("−5,49", Lang::De), Some(-5.49));
        assert_eq!(parse("1,234.5", Lang::En), Some(1234.5));
        assert_eq!(parse("abc", Lang::En), None);
    }
}
