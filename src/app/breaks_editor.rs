//! The manual-breaks editor: the breaks as editable text (in the user's number format) over a
//! histogram of all values of the indicator (every district and year, as pooled breaks see
//! them) with the current breaks drawn on it. The histogram is cached per classification.

use atlas_analysis::classify::Scheme;
use atlas_data::load::numbers::{DecimalSeparator, parse_number};
use atlas_i18n::{Lang, T, format_number};
use atlas_session::state::Styling;
use atlas_session::workspace::Workspace;
use egui_plot::{Bar, BarChart, Plot, VLine};

/// Bin count of the histogram.
const BINS: usize = 30;

/// A histogram bin: centre, width, count.
pub type Bin = (f64, f64, usize);

/// Editor state kept between frames.
#[derive(Default)]
pub struct BreaksEditor {
    pub text: String,
    pub error: Option<String>,
    /// Histogram of the classification with this id.
    histogram: Option<(usize, Vec<Bin>)>,
}

/// Parses "10; 20,5; 30" (German) or "10 20.5 30" (English) into numbers.
pub fn parse_breaks(text: &str, lang: Lang) -> Result<Vec<f64>, String> {
    let dec = match lang {
        Lang::De => DecimalSeparator::Comma,
        Lang::En => DecimalSeparator::Point,
    };
    let seps: &[char] = match lang {
        Lang::De => &[';', ' ', '\t', '\n'],
        Lang::En => &[';', ',', ' ', '\t', '\n'],
    };
    text.split(seps)
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_number(s, dec).ok_or_else(|| s.trim().to_owned()))
        .collect()
}

/// Breaks as text in the user's decimal format, without thousands groups (an editable field).
pub fn format_breaks(breaks: &[f64], lang: Lang) -> String {
    breaks
        .iter()
        .map(|b| {
            let s = format!("{}", (b * 1e6).round() / 1e6);
            if lang == Lang::De {
                s.replace('.', ",")
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Equal-width bins over all finite values.
pub fn histogram(values: &[Vec<Option<f64>>], bins: usize) -> Vec<Bin> {
    let all = values
        .iter()
        .flatten()
        .filter_map(|v| *v)
        .filter(|v| v.is_finite());
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in all.clone() {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() || bins == 0 {
        return Vec::new();
    }
    let width = ((hi - lo) / bins as f64).max(1e-9);
    let mut counts = vec![0usize; bins];
    for v in all {
        let i = (((v - lo) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, c)| (lo + (i as f64 + 0.5) * width, width, c))
        .collect()
}

impl BreaksEditor {
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        styling: &Styling,
        lang: Lang,
    ) -> Option<Styling> {
        let mut out = None;
        let Some(c) = &ws.choropleth else { return None };
        let id = std::sync::Arc::as_ptr(c) as usize;
        if self.histogram.as_ref().map(|h| h.0) != Some(id) {
            self.histogram = Some((id, histogram(&c.values, BINS)));
        }
        let current = c
            .per_year
            .get(ws.year.get())
            .map(|c| c.breaks.clone())
            .unwrap_or_default();
        ui.label(egui::RichText::new(lang.t(T::ManualBreaksHint)).small());
        let r = ui.add(
            egui::TextEdit::multiline(&mut self.text)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        );
        super::a11y::name(&r, lang.t(T::ManualBreaks));
        ui.horizontal(|ui| {
            if ui.button(lang.t(T::Apply)).clicked() {
                match parse_breaks(&self.text, lang) {
                    Ok(b) if !b.is_empty() => {
                        self.error = None;
                        let mut s = styling.clone();
                        s.scheme = Scheme::Manual { breaks: b };
                        out = Some(s);
                    }
                    Ok(_) => self.error = Some(lang.f(T::BadBreaks, &["–"])),
                    Err(bad) => self.error = Some(lang.f(T::BadBreaks, &[&bad])),
                }
            }
            if ui.button(lang.t(T::FromCurrent)).clicked() {
                self.text = format_breaks(&current, lang);
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if let Some((_, bins)) = &self.histogram {
            ui.label(egui::RichText::new(lang.t(T::Histogram)).small());
            let bars: Vec<Bar> = bins
                .iter()
                .map(|&(x, w, n)| Bar::new(x, n as f64).width(w * 0.95))
                .collect();
            Plot::new("breaks_histogram")
                .height(110.0)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .show_y(false)
                .show(ui, |p| {
                    p.bar_chart(BarChart::new(lang.t(T::Histogram), bars));
                    for b in &current {
                        p.vline(
                            VLine::new(format_number(*b, 2, lang), *b)
                                .color(egui::Color32::from_rgb(200, 20, 110)),
                        );
                    }
                });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_parse_in_each_language() {
        assert_eq!(
            parse_breaks("10; 20,5 30", Lang::De).unwrap(),
            vec![10.0, 20.5, 30.0]
        );
        assert_eq!(
            parse_breaks("10, 20.5; 30", Lang::En).unwrap(),
            vec![10.0, 20.5, 30.0]
        );
        assert_eq!(parse_breaks("10; zwölf", Lang::De).unwrap_err(), "zwölf");
    }

    #[test]
    fn formatted_breaks_parse_back() {
        for lang in Lang::ALL {
            let text = format_breaks(&[1234.5, 20.25], lang);
            assert_eq!(
                parse_breaks(&text, lang).unwrap(),
                vec![1234.5, 20.25],
                "{text}"
            );
        }
    }

    #[test]
    fn histogram_counts_every_value_once() {
        let h = histogram(
            &[
                vec![Some(0.0), Some(10.0), None],
                vec![Some(5.0), Some(10.0)],
            ],
            5,
        );
        assert_eq!(h.len(), 5);
        assert_eq!(h.iter().map(|b| b.2).sum::<usize>(), 4);
        assert_eq!(h[4].2, 2, "the maximum falls in the last bin");
    }
}
