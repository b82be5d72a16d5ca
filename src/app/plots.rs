//! Linked drill-down plots (egui_plot): the time series of the selected districts against the
//! city reference with the current year marked, and the ranking of all districts for the
//! current year coloured as on the map. Clicking a bar selects its district everywhere;
//! clicking in the time series picks that year. Bar hit-testing is a plain function.

use super::map_view::color;
use atlas_i18n::T;
use atlas_scene::text::indicator_label;
use atlas_session::Action;
use atlas_session::state::{Selection, ViewState};
use atlas_session::workspace::Workspace;
use egui::Color32;
use egui_plot::{Bar, BarChart, Line, LineStyle, Plot, PlotPoints, PlotTransform, Polygon, VLine};

/// Bars drawn at most; above this the ranking shows the top and bottom halves.
pub const MAX_BARS: usize = 2_000;
/// Series lines drawn at most (the first selected districts).
const MAX_SERIES: usize = 8;

pub(super) const SELECTED: Color32 = Color32::from_rgb(200, 20, 110);

/// Series colours for selected districts (Okabe–Ito, readable for colour-blind viewers).
const SERIES: [Color32; 8] = [
    Color32::from_rgb(0, 114, 178),
    Color32::from_rgb(213, 94, 0),
    Color32::from_rgb(0, 158, 115),
    Color32::from_rgb(204, 121, 167),
    Color32::from_rgb(86, 180, 233),
    Color32::from_rgb(230, 159, 0),
    Color32::from_rgb(240, 228, 66),
    Color32::from_rgb(120, 120, 120),
];

/// A key entry: a short line (dashed for the city) and its name.
fn key_line(ui: &mut egui::Ui, color: Color32, dashed: bool, text: &str) {
    let (r, _) = ui.allocate_exact_size(egui::vec2(22.0, 12.0), egui::Sense::hover());
    let (a, b) = (r.left_center(), r.right_center());
    let stroke = egui::Stroke::new(2.0, color);
    if dashed {
        ui.painter()
            .extend(egui::Shape::dashed_line(&[a, b], stroke, 4.0, 3.0));
    } else {
        ui.painter().line_segment([a, b], stroke);
    }
    ui.label(egui::RichText::new(text).small());
}

/// Grid marks on a year axis: whole years only, every 1, 2, 5, 10, … years so that marks stand
/// at least 80 px apart, where egui_plot shows an x label at full strength (a narrow panel
/// shows 2016, 2018, 2020 rather than one lone label,
/// and a year never appears as 2015.5).
pub fn year_marks(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    // `base_step_size` is the data span of the plot's minimal grid spacing (8 px by default).
    let per_px = input.base_step_size / 8.0;
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        .into_iter()
        .find(|s| s / per_px.max(f64::MIN_POSITIVE) >= 80.0)
        .unwrap_or(100.0);
    let (lo, hi) = input.bounds;
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last.min(first + 1000))
        .map(|i| egui_plot::GridMark {
            value: i as f64 * step,
            step_size: step,
        })
        .collect()
}

/// A plot whose data span no width or height (one point, one year, equal values) opened
/// around them: the plot would otherwise have empty bounds (egui_plot asserts on them).
pub fn open_bounds<'a>(
    plot: Plot<'a>,
    xs: impl Iterator<Item = f64>,
    ys: impl Iterator<Item = f64>,
) -> Plot<'a> {
    open_bounds_with(plot, xs, ys, None)
}

/// As [`open_bounds`] with years on the x axis: a single year is opened by one year each way
/// (5 % of its magnitude would show 1916–2116 around 2016). The sides get 9 % of the width
/// (egui_plot's default 5 %): the first and last year's labels are centred on their marks, and
/// with less room half of "2020" fell outside a side panel and was cut.
pub fn open_year_bounds<'a>(
    plot: Plot<'a>,
    xs: impl Iterator<Item = f64>,
    ys: impl Iterator<Item = f64>,
) -> Plot<'a> {
    open_bounds_with(plot, xs, ys, Some(1.0)).set_margin_fraction(egui::Vec2::new(0.09, 0.05))
}

fn open_bounds_with<'a>(
    mut plot: Plot<'a>,
    xs: impl Iterator<Item = f64>,
    ys: impl Iterator<Item = f64>,
    x_pad: Option<f64>,
) -> Plot<'a> {
    let span = |it: &mut dyn Iterator<Item = f64>| {
        it.filter(|v| v.is_finite())
            .fold(None, |acc: Option<(f64, f64)>, v| {
                Some(acc.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
            })
    };
    let pad = |(lo, hi): (f64, f64)| {
        let m = lo.abs().max(hi.abs());
        (hi - lo <= 1e-9 * m.max(1.0)).then(|| (m * 0.05).max(1.0))
    };
    let mut xs = xs;
    let mut ys = ys;
    if let Some(s) = span(&mut xs)
        && let Some(p) = pad(s).map(|p| x_pad.unwrap_or(p))
    {
        plot = plot.include_x(s.0 - p).include_x(s.1 + p);
    }
    if let Some(s) = span(&mut ys)
        && let Some(p) = pad(s)
    {
        plot = plot.include_y(s.0 - p).include_y(s.1 + p);
    }
    plot
}

/// The bar under plot x coordinate `x` among `n` bars at 0, 1, …, n−1 (bar width 0.9).
pub fn bar_at(x: f64, n: usize) -> Option<usize> {
    let i = x.round();
    if i < 0.0 || i >= n as f64 || (x - i).abs() > 0.45 {
        return None;
    }
    Some(i as usize)
}

/// Which districts the ranking shows, in bar order: all when few, else top and bottom.
pub fn ranking_bars(order: &[usize]) -> Vec<usize> {
    if order.len() <= MAX_BARS {
        order.to_vec()
    } else {
        let half = MAX_BARS / 2;
        order[..half]
            .iter()
            .chain(&order[order.len() - half..])
            .copied()
            .collect()
    }
}

/// Plot state kept between frames (for tests: where the bars are on screen).
#[derive(Default)]
pub struct PlotsState {
    pub ranking_transform: Option<PlotTransform>,
    pub ranking_districts: Vec<usize>,
}

impl PlotsState {
    /// Screen position of district `d`'s bar centre in the last drawn ranking.
    pub fn bar_position(&self, ws: &Workspace, d: usize) -> Option<egui::Pos2> {
        let t = self.ranking_transform.as_ref()?;
        let i = self.ranking_districts.iter().position(|&x| x == d)?;
        let c = ws.choropleth.as_ref()?;
        let v = c.value_at(ws.year, d)?;
        Some(t.position_from_point(&egui_plot::PlotPoint::new(i as f64, v / 2.0)))
    }
}

pub fn time_series(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    sel: &Selection,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    let (Some(t), Some(ind), Some(c)) = (ws.table(), ws.indicator, &ws.choropleth) else {
        return;
    };
    ui.label(
        egui::RichText::new(format!(
            "{} — {}",
            lang.t(T::TimeSeries),
            indicator_label(t, ind, lang)
        ))
        .strong(),
    );
    let years = &t.years;
    // Years estimated on another grid: a shaded band behind them and the note below.
    let meta = &ws.dataset.meta;
    let estimated: Vec<i32> = years
        .iter()
        .copied()
        .filter(|&y| meta.estimate_of(y).is_some())
        .collect();
    let reference: Vec<[f64; 2]> = c
        .reference
        .iter()
        .enumerate()
        .filter_map(|(y, r)| r.value.map(|v| [f64::from(years[y]), v]))
        .collect();
    // The key above the plot, not over the lines: city (dashed), each district, the year.
    ui.horizontal_wrapped(|ui| {
        key_line(ui, Color32::from_gray(150), true, lang.t(T::CityReference));
        for (n, d) in sel.iter().take(MAX_SERIES).enumerate() {
            let name = &ws.dataset.districts.districts[d].name;
            key_line(ui, SERIES[n % SERIES.len()], false, name);
        }
        key_line(ui, SELECTED, false, lang.t(T::Year));
        if !estimated.is_empty() {
            key_band(ui, lang.t(T::EstimatedYears));
        }
    });
    let plotted = || {
        sel.iter()
            .take(MAX_SERIES)
            .flat_map(|d| (0..years.len()).filter_map(move |y| c.values[y][d].map(|v| (y, v))))
    };
    let resp = open_year_bounds(
        Plot::new("time_series"),
        reference
            .iter()
            .map(|p| p[0])
            .chain(plotted().map(|(y, _)| f64::from(years[y]))),
        reference
            .iter()
            .map(|p| p[1])
            .chain(plotted().map(|(_, v)| v)),
    )
    .height(180.0)
    .allow_scroll(false)
    .x_grid_spacer(year_marks)
    .x_axis_formatter(|m, _| format!("{}", m.value.round() as i64))
    .show(ui, |p| {
        if let (Some(&a), Some(&b)) = (estimated.first(), estimated.last()) {
            // From the reference and the drawn districts' values: the band spans them.
            let drawn = sel
                .iter()
                .take(MAX_SERIES)
                .flat_map(|d| (0..years.len()).filter_map(move |y| c.values[y][d]));
            let all: Vec<f64> = reference.iter().map(|p| p[1]).chain(drawn).collect();
            let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if lo.is_finite() && hi.is_finite() {
                let (x0, x1) = (f64::from(a) - 0.5, f64::from(b) + 0.5);
                p.polygon(
                    Polygon::new(
                        lang.t(T::EstimatedYears),
                        PlotPoints::from(vec![[x0, lo], [x1, lo], [x1, hi], [x0, hi]]),
                    )
                    .fill_color(ESTIMATED)
                    .stroke(egui::Stroke::NONE),
                );
            }
        }
        p.line(
            Line::new(lang.t(T::CityReference), PlotPoints::from(reference))
                .color(Color32::from_gray(60))
                .style(LineStyle::dashed_loose())
                .width(2.0),
        );
        for (n, d) in sel.iter().take(MAX_SERIES).enumerate() {
            let pts: Vec<[f64; 2]> = (0..years.len())
                .filter_map(|y| c.values[y][d].map(|v| [f64::from(years[y]), v]))
                .collect();
            let name = &ws.dataset.districts.districts[d].name;
            p.line(
                Line::new(name.clone(), PlotPoints::from(pts))
                    .color(SERIES[n % SERIES.len()])
                    .width(2.0),
            );
        }
        if let Some(&y) = years.get(ws.year.get()) {
            p.vline(VLine::new(lang.t(T::Year), f64::from(y)).color(SELECTED));
        }
    });
    if resp.response.clicked()
        && let Some(pos) = resp.response.interact_pointer_pos()
    {
        let x = resp.transform.value_from_position(pos).x.round() as i32;
        if years.contains(&x) {
            actions.push(Action::SetYear(x));
        }
    }
    // Named for screen readers: the indicator and the districts drawn.
    let drawn: Vec<&str> = sel
        .iter()
        .take(MAX_SERIES)
        .map(|d| ws.dataset.districts.districts[d].name.as_str())
        .collect();
    super::a11y::describe(
        &resp.response,
        &lang.f(T::TimeSeriesA11y, &[&indicator_label(t, ind, lang)]),
        &drawn.join(", "),
        egui::accesskit::Role::Figure,
    );
    if let Some(note) = estimated
        .first()
        .and_then(|&y| atlas_scene::text::estimate_line(meta, y, lang))
    {
        ui.label(egui::RichText::new(note).small());
    }
    if sel.is_empty() {
        ui.label(egui::RichText::new(lang.t(T::SelectHint)).small().weak());
    }
}

/// Fill of the band behind estimated years.
const ESTIMATED: Color32 = Color32::from_rgba_premultiplied(60, 60, 70, 40);

/// A key entry for the estimated-years band.
fn key_band(ui: &mut egui::Ui, text: &str) {
    let (r, _) = ui.allocate_exact_size(egui::vec2(22.0, 12.0), egui::Sense::hover());
    ui.painter().rect_filled(r, 1.0, ESTIMATED);
    ui.label(egui::RichText::new(text).small());
}

/// The ranking of the shown year as bars (top and bottom when long); click selects. Focused
/// (Tab), ↑/↓ move the keyboard cursor through the ranking and Enter selects. Returns the
/// plot's widget id (it keeps the arrow keys while focused).
pub fn ranking(
    ui: &mut egui::Ui,
    ws: &Workspace,
    session: &atlas_session::Session,
    state: &mut PlotsState,
    actions: &mut Vec<Action>,
) -> Option<egui::Id> {
    let (view, sel) = (&session.view, &session.selection);
    let lang = view.lang;
    let (Some(t), Some(c)) = (ws.table(), &ws.choropleth) else {
        return None;
    };
    let rk = c.ranking(ws.year.get())?;
    let year = ws.shown_year().unwrap_or_default();
    ui.label(egui::RichText::new(format!("{} {year}", lang.t(T::Ranking))).strong());
    let shown = ranking_bars(&rk.order);
    let names = &ws.dataset.districts.districts;
    let thin = shown.len() > 150;
    let bars: Vec<Bar> = shown
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            let v = c.values[ws.year.get()][d].unwrap_or(0.0);
            // A share on few residents is marked in its bar's name (and drawn in their colour).
            let name = match c.few_at(ws.year, d) {
                Some(n) => format!(
                    "{} ({})",
                    names[d].name,
                    lang.f(
                        T::FewResidentsShort,
                        &[&atlas_i18n::format_number(n, 0, lang)]
                    )
                ),
                None => names[d].name.clone(),
            };
            let b = Bar::new(i as f64, v).width(0.9).name(name).fill(color(
                ws.fills
                    .get(d)
                    .copied()
                    .unwrap_or(atlas_analysis::ramps::NO_DATA),
            ));
            if session.cursor == Some(d) {
                b.stroke(egui::Stroke::new(3.0, super::layout::FOCUS))
            } else if sel.contains(d) {
                b.stroke(egui::Stroke::new(2.0, SELECTED))
            } else if thin {
                // Hundreds of bars: outlines would hide the colours.
                b.stroke(egui::Stroke::NONE)
            } else {
                b.stroke(egui::Stroke::new(0.5, Color32::from_gray(120)))
            }
        })
        .collect();
    let reference = c.reference.get(ws.year.get()).and_then(|r| r.value);
    let resp = Plot::new("ranking")
        .height(200.0)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_x(false)
        .x_axis_formatter(|_, _| String::new())
        .show(ui, |p| {
            p.bar_chart(BarChart::new(lang.t(T::Ranking), bars));
            if let Some(r) = reference {
                p.hline(
                    egui_plot::HLine::new(lang.t(T::CityReference), r)
                        .color(Color32::from_gray(60))
                        .style(LineStyle::dashed_loose()),
                );
            }
        });
    if resp.response.clicked()
        && let Some(pos) = resp.response.interact_pointer_pos()
    {
        let pt = resp.transform.value_from_position(pos);
        if let Some(i) = bar_at(pt.x, shown.len()) {
            let m = ui.input(|i| i.modifiers);
            actions.push(Action::Select {
                district: shown[i],
                add: m.shift || m.command || m.ctrl,
            });
        }
    }
    super::a11y::list_keys(&resp.response, &rk.order, session.cursor, false, actions);
    super::a11y::describe(
        &resp.response,
        &lang.f(
            T::RankingA11y,
            &[
                &ws.indicator
                    .map(|i| indicator_label(t, i, lang))
                    .unwrap_or_default(),
                &year.to_string(),
            ],
        ),
        &super::a11y::cursor_description(session),
        egui::accesskit::Role::Figure,
    );
    state.ranking_transform = Some(resp.transform);
    state.ranking_districts = shown;
    Some(resp.response.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_hit_near_their_centre_only() {
        assert_eq!(bar_at(2.1, 5), Some(2));
        assert_eq!(bar_at(-0.3, 5), Some(0));
        assert_eq!(bar_at(2.5, 5), None, "between bars");
        assert_eq!(bar_at(5.0, 5), None);
        assert_eq!(bar_at(-0.6, 5), None);
    }

    #[test]
    fn long_rankings_show_top_and_bottom() {
        let order: Vec<usize> = (0..MAX_BARS + 10).collect();
        let shown = ranking_bars(&order);
        assert_eq!(shown.len(), MAX_BARS);
        assert_eq!(shown[0], 0);
        assert_eq!(*shown.last().unwrap(), MAX_BARS + 9);
    }
}

#[cfg(test)]
mod year_axis_tests {
    use super::year_marks;

    fn marks(lo: f64, hi: f64, px: f64) -> Vec<f64> {
        // What egui_plot hands a spacer: the data span of its 8 px minimal grid spacing.
        let input = egui_plot::GridInput {
            bounds: (lo, hi),
            base_step_size: 8.0 * (hi - lo) / px,
        };
        year_marks(input).iter().map(|m| m.value).collect()
    }

    #[test]
    fn whole_years_far_enough_apart_for_their_labels() {
        // Six years in a narrow panel: every second year.
        assert_eq!(marks(2014.8, 2020.2, 250.0), vec![2016.0, 2018.0, 2020.0]);
        // Twenty years in the same width: every tenth.
        assert_eq!(marks(2004.5, 2024.5, 250.0), vec![2010.0, 2020.0]);
        // Wide: every year.
        assert_eq!(marks(2014.8, 2020.2, 600.0).len(), 6);
    }
}
