//! Numbers as each language writes them: "12,345.6" in English, "12.345,6" in German; a minus
//! sign, not a hyphen, for negatives; no "-0".

use super::Lang;

/// `v` with `decimals` decimals and thousands grouping in the language's style.
pub fn format_number(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "–".into()
        } else if v > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let (group, point) = match lang {
        Lang::De => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::with_capacity(text.len() + 6);
    // Only a value that rounds to something non-zero keeps its sign.
    if v < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('−');
    }
    let digits = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(point);
        out.push_str(f);
    }
    out
}

/// `v` with as many decimals as its shortest exact form has (at most 12): a setting such as a
/// significance level, "0,05" in German and "0.05" in English.
pub fn format_short(v: f64, lang: Lang) -> String {
    let text = format!("{v}");
    let decimals = text.split_once('.').map_or(0, |(_, f)| f.len()).min(12);
    format_number(v, decimals, lang)
}

/// A value with its unit ("12,3 %"), or the no-data text.
pub fn format_value(v: Option<f64>, decimals: usize, unit: &str, lang: Lang) -> String {
    match v {
        Some(v) if unit.is_empty() => format_number(v, decimals, lang),
        Some(v) => format!("{} {unit}", format_number(v, decimals, lang)),
        None => lang.t(super::T::NoData).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_uses_decimal_comma_and_point_groups() {
        assert_eq!(format_number(12345.678, 1, Lang::De), "12.345,7");
        assert_eq!(format_number(12345.678, 1, Lang::En), "12,345.7");
        assert_eq!(format_number(999.0, 0, Lang::De), "999");
        assert_eq!(format_number(1_000_000.0, 0, Lang::En), "1,000,000");
        assert_eq!(format_number(0.5, 2, Lang::De), "0,50");
    }

    #[test]
    fn negatives_get_a_minus_sign_but_never_minus_zero() {
        assert_eq!(format_number(-1234.5, 1, Lang::En), "−1,234.5");
        assert_eq!(format_number(-0.01, 1, Lang::En), "0.0");
        assert_eq!(format_number(f64::NAN, 1, Lang::En), "–");
    }

    #[test]
    fn settings_keep_the_decimals_they_have() {
        assert_eq!(format_short(0.05, Lang::De), "0,05");
        assert_eq!(format_short(0.001, Lang::En), "0.001");
        assert_eq!(format_short(0.1, Lang::De), "0,1");
        assert_eq!(format_short(9999.0, Lang::De), "9.999");
        assert_eq!(format_short(2.5, Lang::En), "2.5");
    }

    #[test]
    fn values_carry_their_unit() {
        assert_eq!(format_value(Some(12.34), 1, "%", Lang::De), "12,3 %");
        assert_eq!(format_value(Some(3.0), 0, "", Lang::En), "3");
        assert_eq!(format_value(None, 1, "%", Lang::De), "keine Daten");
    }
}
