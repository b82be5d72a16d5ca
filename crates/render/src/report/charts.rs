//! The district report's time-series charts: small multiples of the main indicators, the
//! district's series (accent) against the city reference (dashed), one year axis for all.

use super::*;

const CHART_H: f32 = 118.0;
/// A chart's height when all charts share one row.
const CHART_H_ONE_ROW: f32 = 112.0;

/// How the charts are arranged: charts per row and a chart's height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ChartGrid {
    pub per_row: usize,
    pub chart_h: f32,
}

impl ChartGrid {
    /// The height the charts of `n` indicators take.
    pub(super) fn height(self, n: usize) -> f32 {
        if n == 0 {
            return 0.0;
        }
        16.0 + n.div_ceil(self.per_row) as f32 * (self.chart_h + 14.0) + 14.0
    }

    /// Two per row; all in one row (at most four, smaller) when that lets the rest of the
    /// district (`after`: the rule timeline) fit in the `room` left on the page, where two
    /// rows would push it onto a second, half-empty page.
    pub(super) fn fitting(n: usize, room: f32, after: f32) -> ChartGrid {
        let two = ChartGrid {
            per_row: 2,
            chart_h: CHART_H,
        };
        let one_row = ChartGrid {
            per_row: n.clamp(1, 4),
            chart_h: CHART_H_ONE_ROW,
        };
        if two.height(n) + after > room && n > 2 && n <= 4 && one_row.height(n) + after <= room {
            one_row
        } else {
            two
        }
    }
}

impl Page {
    /// Small multiples: the district's series (accent) against the city's (dashed).
    pub(super) fn charts(
        &mut self,
        t: &IndicatorTable,
        main: &[usize],
        city: &[Vec<(i32, Option<f64>)>],
        key: Option<usize>,
        spec: &ReportSpec,
        grid: ChartGrid,
    ) {
        if main.is_empty() {
            return;
        }
        let lang = self.lang;
        let y0 = self.y;
        self.text(M, y0, 13.0, INK.hex(), lang.t(T::TimeSeries));
        // Key: district line, city dashes.
        let kx = PAGE_W as f32 - M - 190.0;
        self.line(kx, y0 - 4.0, kx + 18.0, y0 - 4.0, ACCENT, 2.0);
        self.text(kx + 24.0, y0, 10.5, MUTED.hex(), lang.t(T::ThisDistrict));
        let _ = writeln!(
            self.svg,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#5a6068" stroke-width="1.5" stroke-dasharray="4 3"/>"##,
            kx + 100.0,
            y0 - 4.0,
            kx + 118.0,
            y0 - 4.0
        );
        self.text(kx + 124.0, y0, 10.5, MUTED.hex(), lang.t(T::CityReference));
        let k = grid.per_row;
        let gap = if k > 2 { 16.0 } else { 24.0 };
        let cw = (PAGE_W as f32 - 2.0 * M - gap * (k - 1) as f32) / k as f32;
        let ch = grid.chart_h;
        for (n, (&i, city)) in main.iter().zip(city).enumerate() {
            let x = M + (n % k) as f32 * (cw + gap);
            let y = y0 + 16.0 + (n / k) as f32 * (ch + 14.0);
            let own = key.map(|k| district_series(t, i, k)).unwrap_or_default();
            self.chart(t, i, x, y, cw, ch, &own, city, spec.year.get());
        }
        self.y = y0 + grid.height(main.len());
    }

    #[allow(clippy::too_many_arguments)]
    fn chart(
        &mut self,
        t: &IndicatorTable,
        i: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        own: &[(i32, Option<f64>)],
        city: &[(i32, Option<f64>)],
        year: usize,
    ) {
        let lang = self.lang;
        let dec = indicator_decimals(t, i);
        let unit = indicator_unit(t, i, lang);
        let mut title = indicator_label(t, i, lang);
        if !unit.is_empty() {
            title = format!("{title} ({unit})");
        }
        // A long name wraps onto a second line (the plot moves down) instead of being cut.
        let lines = self.wrap(&title, 11.0, w, 2);
        for (k, line) in lines.iter().enumerate() {
            self.text(x, y + 11.0 + k as f32 * 12.0, 11.0, INK.hex(), line);
        }
        let extra = (lines.len() - 1) as f32 * 12.0;
        // Plot area below the title, with room for axis labels on the left and below.
        let (px, py, pw, ph) = (x + 44.0, y + 20.0 + extra, w - 50.0, h - 36.0 - extra);
        let values = own.iter().chain(city).filter_map(|(_, v)| *v);
        let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        if !lo.is_finite() {
            self.text(px, py + ph / 2.0, 10.5, MUTED.hex(), lang.t(T::NoData));
            return;
        }
        if hi - lo < 1e-9 {
            lo -= 1.0;
            hi += 1.0;
        }
        let n = t.years.len().max(2) as f32 - 1.0;
        let sx = |k: usize| px + pw * k as f32 / n;
        let sy = |v: f64| py + ph - ph * ((v - lo) / (hi - lo)) as f32;
        let _ = writeln!(
            self.svg,
            r##"<rect x="{px:.1}" y="{py:.1}" width="{pw:.1}" height="{ph:.1}" fill="#f7f8f9" stroke="{GRID}" stroke-width="0.8"/>"##
        );
        // The shown year.
        self.line(sx(year), py, sx(year), py + ph, "#b8bec6", 1.0);
        self.text_end(
            px - 4.0,
            py + 8.0,
            9.5,
            MUTED.hex(),
            &format_number(hi, dec, lang),
        );
        self.text_end(
            px - 4.0,
            py + ph,
            9.5,
            MUTED.hex(),
            &format_number(lo, dec, lang),
        );
        let first = t.years.first().copied().unwrap_or_default().to_string();
        let last = t.years.last().copied().unwrap_or_default().to_string();
        self.text(px, py + ph + 12.0, 9.5, MUTED.hex(), &first);
        self.text_end(px + pw, py + ph + 12.0, 9.5, MUTED.hex(), &last);
        for (series, attrs) in [
            (
                city,
                r##"stroke="#5a6068" stroke-width="1.5" stroke-dasharray="4 3""##.to_owned(),
            ),
            (own, format!(r#"stroke="{ACCENT}" stroke-width="2""#)),
        ] {
            // Gaps in the data break the line.
            let mut d = String::new();
            let mut pen_down = false;
            for (k, (_, v)) in series.iter().enumerate() {
                match v {
                    Some(v) => {
                        let _ = write!(
                            d,
                            "{}{:.1},{:.1}",
                            if pen_down { "L" } else { "M" },
                            sx(k),
                            sy(*v)
                        );
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            if !d.is_empty() {
                let _ = writeln!(
                    self.svg,
                    r#"<path class="series" d="{d}" fill="none" {attrs} stroke-linejoin="round"/>"#
                );
            }
        }
    }
}
