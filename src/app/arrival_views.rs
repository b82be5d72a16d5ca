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

use super::actions::Action;
use super::rules_panel::set_threshold_at;
use super::state::{Selection, ViewState};
use super::workspace::Workspace;
use crate::analysis::reference::city_reference;
use crate::analysis::series::reference_series;
use crate::i18n::T;
use crate::model::Role;
use crate::rules::{Threshold, Tri, transitions};
use crate::scene::text::indicator_label;
use egui::{Color32, Pos2, Rect, Sense, Stroke, Vec2};
use egui_plot::{
    Bar, BarChart, HLine, Legend, Line, LineStyle, MarkerShape, Plot, PlotPoint, PlotPoints,
    PlotTransform, Points, Polygon, VLine,
};

const FLAGGED: Color32 = Color32::from_rgb(118, 42, 131);
const NOT_FLAGGED: Color32 = Color32::from_rgb(150, 170, 190);
const SELECTED: Color32 = Color32::from_rgb(200, 20, 110);
/// Counts of districts entering or leaving the rule in the transitions table.
const CHANGED: Color32 = Color32::from_rgb(214, 160, 230);
const THRESHOLD: Color32 = Color32::from_rgb(230, 120, 0);
/// Rows the timeline draws at most (the most persistent first).
pub const TIMELINE_MAX_ROWS: usize = 400;

/// The width the panel shows (inside a horizontal scroll area the available width is not).
fn panel_width(ui: &egui::Ui) -> f32 {
    (ui.clip_rect().right() - ui.cursor().left() - 8.0).max(220.0)
}

/// The index of the point nearest to `pos` within `radius` (screen units).
pub fn nearest_point(points: &[Pos2], pos: Pos2, radius: f32) -> Option<usize> {
    points
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.distance(pos)))
        .filter(|&(_, d)| d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The timeline cell (row, column) under `pos` for a grid at `origin` with the given cell size.
pub fn cell_at(
    pos: Pos2,
    origin: Pos2,
    cell: Vec2,
    rows: usize,
    cols: usize,
) -> Option<(usize, usize)> {
    let d = pos - origin;
    if d.x < 0.0 || d.y < 0.0 {
        return None;
    }
    let (c, r) = ((d.x / cell.x) as usize, (d.y / cell.y) as usize);
    (r < rows && c < cols).then_some((r, c))
}

/// A workspace's data id and an indicator: what a cached series belongs to.
type DataKey = (u64, usize);

/// The scatter's axis values and city references for one (data set, year, axes).
struct ScatterData {
    key: (u64, usize, usize, usize),
    xs: Vec<Option<f64>>,
    ys: Vec<Option<f64>>,
    rx: Option<f64>,
    ry: Option<f64>,
}

/// Interaction in progress in the scatter.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ScatterDrag {
    /// Moving the threshold of condition `cond` of the overlay rule along `x` (else y).
    Threshold { cond: usize, x: bool },
    /// Box selection from this plot point.
    Box(PlotPoint),
}

/// View state kept between frames; the last layout is kept so tests can click computed places.
#[derive(Default)]
pub struct ArrivalState {
    drag: Option<ScatterDrag>,
    drag_to: Option<PlotPoint>,
    pub scatter_transform: Option<PlotTransform>,
    /// District and plot position of every scatter point of the last frame.
    pub scatter_points: Vec<(usize, PlotPoint)>,
    scatter_data: Option<ScatterData>,
    /// The long-established share's city series, per (data set, indicator).
    balance_city: Option<(DataKey, Vec<[f64; 2]>)>,
    /// Timeline layout of the last frame: origin, cell size, row order (districts), columns.
    pub timeline: Option<(Pos2, Vec2, Vec<usize>, Vec<usize>)>,
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
fn axes(ws: &Workspace, view: &ViewState) -> Option<(usize, usize)> {
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

pub fn arrival_views(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    sel: &Selection,
    state: &mut ArrivalState,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    if view.active_rule.is_none_or(|r| r >= ws.rule_results.len()) {
        ui.label(lang.t(T::NoActiveRule));
    }
    scatter(ui, ws, view, sel, state, actions);
    ui.separator();
    timeline(ui, ws, view, sel, state, actions);
    ui.separator();
    transitions_table(ui, ws, view, actions);
    ui.separator();
    balance(ui, ws, view, sel, state);
}

fn scatter(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    sel: &Selection,
    state: &mut ArrivalState,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    let (Some(t), Some((xi, yi))) = (ws.table(), axes(ws, view)) else {
        return;
    };
    let y = ws.year;
    ui.label(egui::RichText::new(format!("{} {}", lang.t(T::Scatter), t.years[y])).strong());
    ui.horizontal(|ui| {
        for (axis, current) in [("x", xi), ("y", yi)] {
            let combo = egui::ComboBox::from_id_salt(("scatter_axis", axis))
                .width(150.0)
                .selected_text(format!("{axis}: {}", indicator_label(t, current, lang)))
                .show_ui(ui, |ui| {
                    for i in 0..t.indicators.len() {
                        if ui
                            .selectable_label(i == current, indicator_label(t, i, lang))
                            .clicked()
                        {
                            let id = Some(t.indicators[i].id.clone());
                            let (nx, ny) = if axis == "x" {
                                (id, Some(t.indicators[yi].id.clone()))
                            } else {
                                (Some(t.indicators[xi].id.clone()), id)
                            };
                            actions.push(Action::SetScatterAxes(nx, ny));
                        }
                    }
                });
            super::a11y::name(&combo.response, &format!("{} {axis}", lang.t(T::Scatter)));
        }
        let mut trails = view.trails;
        if ui.checkbox(&mut trails, lang.t(T::Trails)).changed() {
            actions.push(Action::SetTrails(trails));
        }
    });
    // Values and city references of the two axes, derived once per (data, year, axes).
    let key = (ws.data_id, y, xi, yi);
    if state.scatter_data.as_ref().map(|d| d.key) != Some(key) {
        let refs = ws.dataset.joined_keys();
        state.scatter_data = Some(ScatterData {
            key,
            xs: ws.dataset.district_values(xi, y),
            ys: ws.dataset.district_values(yi, y),
            rx: city_reference(t, xi, y, &refs).value,
            ry: city_reference(t, yi, y, &refs).value,
        });
    }
    let Some(data) = state.scatter_data.take() else {
        return;
    };
    let (xs, ys, rx, ry) = (&data.xs, &data.ys, data.rx, data.ry);
    let rule = view
        .active_rule
        .and_then(|r| ws.rule_results.get(r).map(|res| (r, res)));
    let result_of = |d: usize| rule.and_then(|(_, r)| r.per_year.get(y)?.get(d).copied());
    let mut groups: [Vec<[f64; 2]>; 3] = Default::default();
    state.scatter_points.clear();
    for d in 0..xs.len() {
        if let (Some(x), Some(v)) = (xs[d], ys[d]) {
            let g = match result_of(d) {
                Some(Tri::True) => 0,
                Some(Tri::False) => 1,
                _ => 2,
            };
            groups[g].push([x, v]);
            state.scatter_points.push((d, PlotPoint::new(x, v)));
        }
    }
    // The overlay rule's conditions on the two axes, with their thresholds this year.
    let mut lines: Vec<(usize, bool, f64, String)> = Vec::new();
    if let Some((ri, res)) = rule
        && let Some(r) = view.rules.rules.get(ri)
    {
        for (ci, c) in r.all_conditions().enumerate() {
            let th = res
                .thresholds
                .get(ci)
                .and_then(|th| th.per_year.get(y).copied().flatten());
            let Some(v) = th else { continue };
            let label = format!(
                "{} {} {}",
                indicator_label(t, t.indicator_index(&c.indicator).unwrap_or(0), lang),
                c.op.symbol(),
                crate::i18n::format_number(v, 1, lang)
            );
            if t.indicator_index(&c.indicator) == Some(xi) {
                lines.push((ci, true, v, label.clone()));
            }
            if t.indicator_index(&c.indicator) == Some(yi) {
                lines.push((ci, false, v, label));
            }
        }
    }
    let names = &ws.dataset.districts.districts;
    let resp = Plot::new("scatter")
        .height(260.0)
        .width(panel_width(ui))
        .legend(Legend::default().position(egui_plot::Corner::RightBottom))
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_scroll(false)
        .x_axis_label(indicator_label(t, xi, lang))
        .y_axis_label(indicator_label(t, yi, lang))
        .show(ui, |p| {
            let [met, not, unknown] = groups;
            p.points(
                Points::new(lang.t(T::ResultFalse), not)
                    .color(NOT_FLAGGED)
                    .radius(3.0),
            );
            p.points(
                Points::new(lang.t(T::ResultUnknown), unknown)
                    .color(Color32::GRAY)
                    .filled(false)
                    .radius(3.5),
            );
            p.points(
                Points::new(lang.t(T::ResultTrue), met)
                    .color(FLAGGED)
                    .shape(MarkerShape::Diamond)
                    .radius(5.0),
            );
            if let Some(v) = rx {
                p.vline(
                    VLine::new(lang.t(T::CityReference), v)
                        .color(Color32::from_gray(90))
                        .style(LineStyle::dashed_loose()),
                );
            }
            if let Some(v) = ry {
                p.hline(
                    HLine::new(lang.t(T::CityReference), v)
                        .color(Color32::from_gray(90))
                        .style(LineStyle::dashed_loose()),
                );
            }
            for (_, is_x, v, label) in &lines {
                // Unnamed items stay out of the legend; the label shows on hover.
                let _ = label;
                if *is_x {
                    p.vline(VLine::new("", *v).color(THRESHOLD).width(2.0));
                } else {
                    p.hline(HLine::new("", *v).color(THRESHOLD).width(2.0));
                }
            }
            // Selected districts: a ring now and, with trails, their path over the years.
            for d in sel.iter().take(12) {
                if view.trails {
                    let path: Vec<[f64; 2]> = (0..t.years.len())
                        .filter_map(|yy| {
                            let k = ws.key_of(d)?;
                            Some([t.value(xi, yy, k)?, t.value(yi, yy, k)?])
                        })
                        .collect();
                    p.line(
                        Line::new("", PlotPoints::from(path.clone()))
                            .color(SELECTED)
                            .width(1.5),
                    );
                    p.points(Points::new("", path).color(SELECTED).radius(1.8));
                }
                if let (Some(x), Some(v)) = (xs[d], ys[d]) {
                    p.points(
                        Points::new("", vec![[x, v]])
                            .color(SELECTED)
                            .filled(false)
                            .radius(8.0),
                    );
                }
            }
            if let (Some(ScatterDrag::Box(a)), Some(b)) = (state.drag, state.drag_to) {
                let rect = vec![[a.x, a.y], [b.x, a.y], [b.x, b.y], [a.x, b.y]];
                p.polygon(
                    Polygon::new("", PlotPoints::from(rect))
                        .fill_color(SELECTED.gamma_multiply(0.15))
                        .stroke(Stroke::new(1.0, SELECTED)),
                );
            }
        });
    let tr = resp.transform;
    let r = &resp.response;
    let screen: Vec<Pos2> = state
        .scatter_points
        .iter()
        .map(|(_, p)| tr.position_from_point(p))
        .collect();
    // Where the button went down, not where egui decided it was a drag (a few pixels later).
    if r.drag_started()
        && let Some(pos) = ui
            .input(|i| i.pointer.press_origin())
            .or(r.interact_pointer_pos())
    {
        let near_line = lines.iter().find(|(_, is_x, v, _)| {
            let at = tr.position_from_point(&PlotPoint::new(*v, *v));
            if *is_x {
                (pos.x - at.x).abs() < 6.0
            } else {
                (pos.y - at.y).abs() < 6.0
            }
        });
        state.drag = Some(match near_line {
            Some(&(cond, x, _, _)) => ScatterDrag::Threshold { cond, x },
            None => ScatterDrag::Box(tr.value_from_position(pos)),
        });
    }
    if r.dragged()
        && let Some(pos) = r.interact_pointer_pos()
    {
        let pt = tr.value_from_position(pos);
        state.drag_to = Some(pt);
        if let Some(ScatterDrag::Threshold { cond, x }) = state.drag
            && let Some(ri) = view.active_rule
        {
            let mut rules = view.rules.clone();
            if let Some(rule) = rules.rules.get_mut(ri) {
                let reference = if x { rx } else { ry };
                let value = if x { pt.x } else { pt.y };
                let c = rule
                    .conditions
                    .iter_mut()
                    .chain(rule.groups.iter_mut().flat_map(|g| g.conditions.iter_mut()))
                    .nth(cond);
                if let Some(c) = c
                    && !matches!(c.threshold, Threshold::Percentile(_))
                {
                    set_threshold_at(&mut c.threshold, value, reference);
                    actions.push(Action::SetRules(rules));
                }
            }
        }
    }
    if r.drag_stopped() {
        if let (Some(ScatterDrag::Box(a)), Some(b)) = (state.drag, state.drag_to) {
            let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
            let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
            let inside: Vec<usize> = state
                .scatter_points
                .iter()
                .filter(|(_, p)| (x0..=x1).contains(&p.x) && (y0..=y1).contains(&p.y))
                .map(|(d, _)| *d)
                .collect();
            actions.push(Action::SelectOnly(inside));
        }
        state.drag = None;
        state.drag_to = None;
    }
    if r.clicked()
        && let Some(pos) = r.interact_pointer_pos()
        && let Some(i) = nearest_point(&screen, pos, 10.0)
    {
        let m = ui.input(|i| i.modifiers);
        actions.push(Action::Select {
            district: state.scatter_points[i].0,
            add: m.shift || m.command || m.ctrl,
        });
    }
    if let Some(pos) = r.hover_pos()
        && let Some(i) = nearest_point(&screen, pos, 10.0)
    {
        let d = state.scatter_points[i].0;
        r.clone().on_hover_text_at_pointer(names[d].name.clone());
    }
    state.scatter_transform = Some(tr);
    state.scatter_data = Some(data);
}

fn timeline(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    sel: &Selection,
    state: &mut ArrivalState,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    let Some(t) = ws.table() else { return };
    let Some((ri, res)) = view
        .active_rule
        .and_then(|r| ws.rule_results.get(r).map(|res| (r, res)))
    else {
        state.timeline = None;
        return;
    };
    let name = view
        .rules
        .rules
        .get(ri)
        .map(|r| r.name.as_str())
        .unwrap_or_default();
    ui.label(egui::RichText::new(format!("{} — {name}", lang.t(T::Timeline))).strong());
    let cols: Vec<usize> = (0..t.years.len()).collect();
    let all = ws
        .timeline_rows
        .get(ri)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let rows: Vec<usize> = all[..all.len().min(TIMELINE_MAX_ROWS)].to_vec();
    let names = &ws.dataset.districts.districts;
    let label_w = if rows.len() <= 80 { 110.0 } else { 0.0 };
    let cell_h = if rows.len() <= 80 { 11.0 } else { 4.0 };
    let width = panel_width(ui);
    let cell_w = ((width - label_w) / cols.len().max(1) as f32).max(4.0);
    let size = Vec2::new(
        label_w + cell_w * cols.len() as f32,
        cell_h * rows.len() as f32 + 14.0,
    );
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    let origin = rect.min + Vec2::new(label_w, 0.0);
    let painter = ui.painter_at(rect);
    let cell = Vec2::new(cell_w, cell_h);
    let hatch = Color32::from_gray(150);
    for (r, &d) in rows.iter().enumerate() {
        let y0 = origin.y + r as f32 * cell_h;
        if label_w > 0.0 {
            let color = if sel.contains(d) {
                SELECTED
            } else {
                ui.visuals().text_color()
            };
            painter.text(
                Pos2::new(rect.min.x, y0 + cell_h / 2.0),
                egui::Align2::LEFT_CENTER,
                &names[d].name,
                egui::FontId::proportional(9.5),
                color,
            );
        }
        for (c, &yy) in cols.iter().enumerate() {
            let cr =
                Rect::from_min_size(Pos2::new(origin.x + c as f32 * cell_w, y0), cell).shrink(0.5);
            match res.per_year.get(yy).and_then(|v| v.get(d)) {
                Some(Tri::True) => {
                    painter.rect_filled(cr, 0.0, FLAGGED);
                }
                Some(Tri::False) => {
                    painter.rect_filled(cr, 0.0, Color32::from_gray(225));
                }
                _ => {
                    painter.rect_filled(cr, 0.0, Color32::from_gray(195));
                    painter
                        .line_segment([cr.left_bottom(), cr.right_top()], Stroke::new(1.0, hatch));
                }
            }
        }
        if sel.contains(d) {
            let row = Rect::from_min_size(
                Pos2::new(origin.x, y0),
                Vec2::new(cell_w * cols.len() as f32, cell_h),
            );
            painter.rect_stroke(
                row,
                0.0,
                Stroke::new(1.5, SELECTED),
                egui::StrokeKind::Inside,
            );
        }
    }
    // The shown year.
    let cx = origin.x + ws.year as f32 * cell_w;
    painter.rect_stroke(
        Rect::from_min_size(
            Pos2::new(cx, origin.y),
            Vec2::new(cell_w, cell_h * rows.len() as f32),
        ),
        0.0,
        Stroke::new(2.0, ui.visuals().strong_text_color()),
        egui::StrokeKind::Outside,
    );
    let bottom = origin.y + cell_h * rows.len() as f32 + 2.0;
    for (c, &yy) in cols.iter().enumerate() {
        if c == 0 || c + 1 == cols.len() || t.years[yy] % 5 == 0 {
            painter.text(
                Pos2::new(origin.x + (c as f32 + 0.5) * cell_w, bottom),
                egui::Align2::CENTER_TOP,
                t.years[yy].to_string(),
                egui::FontId::proportional(9.0),
                ui.visuals().weak_text_color(),
            );
        }
    }
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
        && let Some((r, c)) = cell_at(pos, origin, cell, rows.len(), cols.len())
    {
        actions.push(Action::SelectAt {
            district: rows[r],
            year: t.years[cols[c]],
        });
    }
    state.timeline = Some((origin, cell, rows, cols));
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
        .unwrap_or(0);
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(lang.t(T::Transitions)).strong());
        let combo = egui::ComboBox::from_id_salt("transition_from")
            .selected_text(t.years[from].to_string())
            .show_ui(ui, |ui| {
                for (i, y) in t.years.iter().enumerate() {
                    if ui.selectable_label(i == from, y.to_string()).clicked() {
                        actions.push(Action::SetTransitionFrom(*y));
                    }
                }
            });
        super::a11y::name(&combo.response, lang.t(T::Transitions));
        ui.label(format!("– {}", t.years[ws.year]));
    });
    let tr = transitions(&res.per_year, from, ws.year);
    let words = [T::ResultTrue, T::ResultFalse, T::ResultUnknown];
    egui::Grid::new("transitions")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            ui.label(format!("{} \\ {}", t.years[from], t.years[ws.year]));
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
    for (y, &year) in years.iter().enumerate() {
        let x = f64::from(year);
        let a = t.value(ai, y, k);
        let dep = t.value(di, y, k);
        if let Some(a) = a {
            arrivals.push(
                Bar::new(x - 0.2, a)
                    .width(0.38)
                    .fill(Color32::from_rgb(27, 158, 119)),
            );
        }
        if let Some(dep) = dep {
            departures.push(
                Bar::new(x + 0.2, -dep)
                    .width(0.38)
                    .fill(Color32::from_rgb(217, 95, 2)),
            );
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
        p.bar_chart(BarChart::new(indicator_label(t, ai, lang), arrivals));
        p.bar_chart(BarChart::new(indicator_label(t, di, lang), departures));
        p.line(
            Line::new(lang.t(T::Net), PlotPoints::from(net))
                .color(net_color)
                .width(2.5),
        );
        if let Some(&y) = years.get(ws.year) {
            p.vline(VLine::new(lang.t(T::Year), f64::from(y)).color(SELECTED));
        }
    });
    if let Some(li) = t.indicator_with_role(Role::LongEstablished) {
        let own: Vec<[f64; 2]> = (0..years.len())
            .filter_map(|y| Some([f64::from(years[y]), t.value(li, y, k)?]))
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
fn years_plot(
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
        .x_axis_formatter(|m, _| format!("{}", m.value.round() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_point_within_radius() {
        let pts = [
            Pos2::new(0.0, 0.0),
            Pos2::new(10.0, 0.0),
            Pos2::new(50.0, 50.0),
        ];
        assert_eq!(nearest_point(&pts, Pos2::new(7.0, 1.0), 10.0), Some(1));
        assert_eq!(nearest_point(&pts, Pos2::new(30.0, 30.0), 10.0), None);
    }

    #[test]
    fn timeline_cells() {
        let o = Pos2::new(100.0, 50.0);
        let cell = Vec2::new(10.0, 5.0);
        assert_eq!(
            cell_at(Pos2::new(125.0, 61.0), o, cell, 4, 20),
            Some((2, 2))
        );
        assert_eq!(cell_at(Pos2::new(95.0, 61.0), o, cell, 4, 20), None);
        assert_eq!(
            cell_at(Pos2::new(125.0, 71.0), o, cell, 4, 20),
            None,
            "below the last row"
        );
    }
}
