//! The arrival-district views of the right panel, linked through the one selection:
//! - scatter of two indicators for the shown year with the city reference and the overlay
//!   rule's thresholds as lines (drag a threshold line to move it), flagged districts marked,
//!   trails of the selected districts over all years, click to select, drag a box to select;
//! - timeline: districts × years, when each met the rule, sorted by persistence; a click
//!   selects the district and shows the year;
//! - transitions between a chosen year and the shown one; a click selects those districts;
//! - balance: arrivals, departures and net balance of the selected district over the years,
//!   beside its long-established share (the cohort effect).
//!
//! Hit-testing (nearest point, timeline cell) is plain code, tested without a window.

use atlas_analysis::rules::{Tri, transitions};
use atlas_analysis::series::reference_series;
use atlas_data::model::Role;
use atlas_i18n::T;
use atlas_scene::text::indicator_label;
use atlas_session::Action;
use atlas_session::state::{Selection, ViewState};
use atlas_session::workspace::Workspace;
use egui::{Color32, Pos2, Vec2};
use egui_plot::{
    Bar, BarChart, Legend, Line, LineStyle, Plot, PlotPoint, PlotPoints, PlotTransform, VLine,
};

pub(super) const FLAGGED: Color32 = Color32::from_rgb(118, 42, 131);
pub(super) const NOT_FLAGGED: Color32 = Color32::from_rgb(150, 170, 190);
pub(super) const SELECTED: Color32 = Color32::from_rgb(200, 20, 110);
/// Counts of districts entering or leaving the rule in the transitions table.
pub(super) const CHANGED: Color32 = Color32::from_rgb(214, 160, 230);
pub(super) const THRESHOLD: Color32 = Color32::from_rgb(230, 120, 0);
/// Balance bars: arrivals and departures (ColorBrewer Dark2 green and orange).
const ARRIVALS: Color32 = Color32::from_rgb(27, 158, 119);
const DEPARTURES: Color32 = Color32::from_rgb(217, 95, 2);

/// The width the panel shows (inside a horizontal scroll area the available width is not).
pub(super) fn panel_width(ui: &egui::Ui) -> f32 {
    (ui.clip_rect().right() - ui.cursor().left() - 8.0).max(220.0)
}

/// A workspace's data id and an indicator: what a cached series belongs to.
type DataKey = (u64, usize);

/// The scatter's axis values and city references for one (data set, year, axes).
#[derive(Default)]
pub struct ArrivalState {
    pub(super) drag: Option<super::scatter::ScatterDrag>,
    pub(super) drag_to: Option<PlotPoint>,
    pub scatter_transform: Option<PlotTransform>,
    /// District and plot position of every scatter point of the last frame.
    pub scatter_points: Vec<(usize, PlotPoint)>,
    pub(super) scatter_data: Option<super::scatter::ScatterData>,
    /// The long-established share's city series, per (data set, indicator).
    balance_city: Option<(DataKey, Vec<[f64; 2]>)>,
    /// Timeline layout of the last frame: origin, cell size, row order (districts), columns.
    pub timeline: Option<(Pos2, Vec2, Vec<usize>, Vec<usize>)>,
    /// The timeline row of the keyboard cursor last frame (scrolled into view when it moves).
    pub(super) timeline_cursor: Option<usize>,
}

impl ArrivalState {
    pub fn scatter_position(&self, d: usize) -> Option<Pos2> {
        let t = self.scatter_transform.as_ref()?;
        let p = self.scatter_points.iter().find(|(x, _)| *x == d)?.1;
        Some(t.position_from_point(&p))
    }

    /// Screen position of a point in scatter coordinates.
    pub fn scatter_to_screen(&self, x: f64, y: f64) -> Option<Pos2> {
        Some(
            self.scatter_transform
                .as_ref()?
                .position_from_point(&PlotPoint::new(x, y)),
        )
    }

    /// Centre of the timeline cell of district `d` in year index `y`.
    pub fn timeline_position(&self, d: usize, y: usize) -> Option<Pos2> {
        let (origin, cell, rows, cols) = self.timeline.as_ref()?;
        let r = rows.iter().position(|&x| x == d)?;
        let c = cols.iter().position(|&x| x == y)?;
        Some(*origin + Vec2::new((c as f32 + 0.5) * cell.x, (r as f32 + 0.5) * cell.y))
    }
}

/// Default scatter axes: foreign share × fluctuation, else the first two indicators.
pub(super) fn axes(ws: &Workspace, view: &ViewState) -> Option<(usize, usize)> {
    let t = ws.table()?;
    let by_id = |id: &Option<String>| id.as_deref().and_then(|i| t.indicator_index(i));
    let x = by_id(&view.scatter_x)
        .or_else(|| t.indicator_with_role(Role::ForeignShare))
        .or(Some(0))?;
    let y = by_id(&view.scatter_y)
        .or_else(|| t.indicator_with_role(Role::Fluctuation))
        .or_else(|| (0..t.indicators.len()).find(|&i| i != x))
        .unwrap_or(x);
    (x < t.indicators.len() && y < t.indicators.len()).then_some((x, y))
}

/// The arrival tab; returns the timeline's widget id (it keeps the arrow keys while focused).
pub fn arrival_views(
    ui: &mut egui::Ui,
    ws: &Workspace,
    session: &atlas_session::Session,
    state: &mut ArrivalState,
    actions: &mut Vec<Action>,
) -> Option<egui::Id> {
    let (view, sel) = (&session.view, &session.selection);
    let lang = view.lang;
    if view.active_rule.is_none_or(|r| r >= ws.rule_results.len()) {
        ui.label(lang.t(T::NoActiveRule));
    }
    super::scatter::scatter(ui, ws, view, sel, state, actions);
    ui.separator();
    let timeline = super::timeline::timeline(ui, ws, session, state, actions);
    ui.separator();
    transitions_table(ui, ws, view, actions);
    ui.separator();
    balance(ui, ws, view, sel, state);
    timeline
}

fn transitions_table(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    let Some(t) = ws.table() else { return };
    let Some(res) = view.active_rule.and_then(|r| ws.rule_results.get(r)) else {
        return;
    };
    let from = view
        .transition_from
        .and_then(|y| t.year_index(y))
        .unwrap_or_default();
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(lang.t(T::Transitions)).strong());
        let combo = egui::ComboBox::from_id_salt("transition_from")
            .selected_text(t.year_at(from).to_string())
            .show_ui(ui, |ui| {
                for (i, y) in t.years_enumerated() {
                    if ui.selectable_label(i == from, y.to_string()).clicked() {
                        actions.push(Action::SetTransitionFrom(y));
                    }
                }
            });
        super::a11y::name(&combo.response, lang.t(T::Transitions));
        ui.label(format!("– {}", ws.shown_year().unwrap_or_default()));
    });
    let tr = transitions(&res.per_year, from.get(), ws.year.get());
    let words = [T::ResultTrue, T::ResultFalse, T::ResultUnknown];
    egui::Grid::new("transitions")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            ui.label(format!(
                "{} \\ {}",
                t.year_at(from),
                ws.shown_year().unwrap_or_default()
            ));
            for w in words {
                ui.label(egui::RichText::new(lang.t(w)).strong());
            }
            ui.end_row();
            for (a, wa) in [Tri::True, Tri::False, Tri::Unknown].into_iter().zip(words) {
                ui.label(egui::RichText::new(lang.t(wa)).strong());
                for b in [Tri::True, Tri::False, Tri::Unknown] {
                    let n = tr.count(a, b);
                    let text = if a != b && n > 0 && (a == Tri::True || b == Tri::True) {
                        egui::RichText::new(n.to_string()).strong().color(CHANGED)
                    } else {
                        egui::RichText::new(n.to_string())
                    };
                    if ui.add_enabled(n > 0, egui::Button::new(text)).clicked() {
                        actions.push(Action::SelectOnly(tr.districts(a, b).to_vec()));
                    }
                }
                ui.end_row();
            }
        });
}

fn balance(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    sel: &Selection,
    state: &mut ArrivalState,
) {
    let lang = view.lang;
    let Some(t) = ws.table() else { return };
    ui.label(egui::RichText::new(lang.t(T::Balance)).strong());
    let (Some(ai), Some(di)) = (
        t.indicator_with_role(Role::Arrivals),
        t.indicator_with_role(Role::Departures),
    ) else {
        ui.label(egui::RichText::new(lang.t(T::NoBalance)).weak());
        return;
    };
    let Some(d) = sel.primary else {
        ui.label(egui::RichText::new(lang.t(T::SelectHint)).small().weak());
        return;
    };
    let Some(k) = ws.key_of(d) else { return };
    ui.label(&ws.dataset.districts.districts[d].name);
    let years = &t.years;
    let mut arrivals = Vec::new();
    let mut departures = Vec::new();
    let mut net = Vec::new();
    for (y, year) in t.years_enumerated() {
        let x = f64::from(year);
        let a = t.value(ai, y, k);
        let dep = t.value(di, y, k);
        if let Some(a) = a {
            arrivals.push(Bar::new(x - 0.2, a).width(0.38).fill(ARRIVALS));
        }
        if let Some(dep) = dep {
            departures.push(Bar::new(x + 0.2, -dep).width(0.38).fill(DEPARTURES));
        }
        if let (Some(a), Some(dep)) = (a, dep) {
            net.push([x, a - dep]);
        }
    }
    let link = egui::Id::unique("balance_axes");
    let net_color = ui.visuals().strong_text_color();
    let resp_width = panel_width(ui);
    years_plot(
        "balance",
        190.0,
        resp_width,
        egui_plot::Corner::LeftTop,
        link,
    )
    .show(ui, |p| {
        // The legend's swatches in the bars' own colours.
        p.bar_chart(BarChart::new(indicator_label(t, ai, lang), arrivals).color(ARRIVALS));
        p.bar_chart(BarChart::new(indicator_label(t, di, lang), departures).color(DEPARTURES));
        p.line(
            Line::new(lang.t(T::Net), PlotPoints::from(net))
                .color(net_color)
                .width(2.5),
        );
        if let Some(&y) = years.get(ws.year.get()) {
            p.vline(VLine::new(lang.t(T::Year), f64::from(y)).color(SELECTED));
        }
    });
    if let Some(li) = t.indicator_with_role(Role::LongEstablished) {
        let own: Vec<[f64; 2]> = t
            .years_enumerated()
            .filter_map(|(y, year)| Some([f64::from(year), t.value(li, y, k)?]))
            .collect();
        // The city's series is the same for every district: derived once per data set.
        let key = (ws.data_id, li);
        if state.balance_city.as_ref().map(|c| c.0) != Some(key) {
            let series = reference_series(t, li, &ws.dataset.joined_keys())
                .into_iter()
                .filter_map(|(y, v)| Some([f64::from(y), v?]))
                .collect();
            state.balance_city = Some((key, series));
        }
        let city = state
            .balance_city
            .as_ref()
            .map(|c| c.1.clone())
            .unwrap_or_default();
        years_plot(
            "balance_long",
            120.0,
            resp_width,
            egui_plot::Corner::LeftBottom,
            link,
        )
        .show(ui, |p| {
            p.line(
                Line::new(indicator_label(t, li, lang), PlotPoints::from(own))
                    .color(FLAGGED)
                    .width(2.0),
            );
            p.line(
                Line::new(lang.t(T::CityReference), PlotPoints::from(city))
                    .color(Color32::from_gray(90))
                    .style(LineStyle::dashed_loose()),
            );
        });
    }
}

/// A plot over years sharing its x axis with the others of the balance view.
pub(super) fn years_plot(
    id: &str,
    height: f32,
    width: f32,
    legend: egui_plot::Corner,
    link: egui::Id,
) -> Plot<'static> {
    Plot::new(id)
        .height(height)
        .width(width)
        .legend(Legend::default().position(legend).background_alpha(0.6))
        .link_axis(link, [true, false])
        .allow_scroll(false)
        .x_grid_spacer(super::plots::year_marks)
        .x_axis_formatter(|m, _| format!("{}", m.value.round() as i64))
}
