//! The scale bar: the longest round length (1, 2 or 5 × 10ⁿ metres) that fits a given width
//! at the map's scale, labelled in metres or kilometres in the language's number format. The
//! projection is a local equirectangular one in metres, true to scale near the city's centre,
//! so one bar serves the whole city.

use atlas_i18n::{Lang, format_number};

#[derive(Debug, Clone, PartialEq)]
pub struct ScaleBar {
    pub metres: f64,
    /// Its length on the canvas.
    pub px: f32,
    pub label: String,
}

/// The bar for `px_per_metre`, at most `max_px` long (`None` for a degenerate scale).
pub fn scale_bar(px_per_metre: f64, max_px: f32, lang: Lang) -> Option<ScaleBar> {
    if !(px_per_metre.is_finite() && px_per_metre > 0.0 && max_px > 0.0) {
        return None;
    }
    let max_m = f64::from(max_px) / px_per_metre;
    let mut best = None;
    let mut power = 10f64.powi(max_m.log10().floor() as i32 - 1);
    while power <= max_m {
        for step in [1.0, 2.0, 5.0] {
            let m = step * power;
            if m <= max_m {
                best = Some(m);
            }
        }
        power *= 10.0;
    }
    let metres = best?;
    let label = if metres >= 1000.0 {
        let km = metres / 1000.0;
        format!("{} km", format_number(km, usize::from(km < 1.0), lang))
    } else {
        format!(
            "{} m",
            format_number(metres, usize::from(metres < 1.0), lang)
        )
    };
    Some(ScaleBar {
        metres,
        px: (metres * px_per_metre) as f32,
        label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_lengths_that_fit() {
        // 0.01 px per metre: 120 px are 12 km, so the bar is 10 km.
        let b = scale_bar(0.01, 120.0, Lang::En).unwrap();
        assert_eq!(
            (b.metres, b.px, b.label.as_str()),
            (10_000.0, 100.0, "10 km")
        );
        // 1 px per metre: 120 m fit, the bar is 100 m.
        let b = scale_bar(1.0, 120.0, Lang::De).unwrap();
        assert_eq!((b.metres, b.label.as_str()), (100.0, "100 m"));
        // 0.05 px per metre: 2.4 km fit, 2 km.
        let b = scale_bar(0.05, 120.0, Lang::De).unwrap();
        assert_eq!((b.metres, b.label.as_str()), (2_000.0, "2 km"));
        // 50 000 m fit: 50 km with a German thousands rule nowhere needed.
        let b = scale_bar(0.002, 100.0, Lang::De).unwrap();
        assert_eq!((b.metres, b.label.as_str()), (50_000.0, "50 km"));
        assert!(scale_bar(0.0, 100.0, Lang::En).is_none());
    }
}
