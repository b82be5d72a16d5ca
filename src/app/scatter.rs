//! The scatter of two indicators for the shown year: the city reference and the overlay rule's
//! thresholds as lines (drag a threshold line to move it), flagged districts marked, trails of
//! the selected districts over all years, click to select, drag a box to select.

use super::arrival_views::*;
use super::rules_panel::set_threshold_at;
use atlas_analysis::reference::city_reference;
use atlas_analysis::rules::{Threshold, Tri};
use atlas_i18n::T;
use atlas_scene::text::indicator_label;
use atlas_session::Action;
use atlas_session::state::{Selection, ViewState};
use atlas_session::workspace::Workspace;
use egui::{Color32, Pos2, Stroke};
use egui_plot::{
    HLine, Line, LineStyle, MarkerShape, Plot, PlotPoint, PlotPoints, Points, Polygon, VLine,
};

pub(super) struct ScatterData {
    key: (u64, atlas_data::model::YearIdx, usize, usize),
    xs: Vec<Option<f64>>,
    ys: Vec<Option<f64>>,
    rx: Option<f64>,
    ry: Option<f64>,
}

/// Interaction in progress in the scatter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum ScatterDrag {
    /// Moving the threshold of condition `cond` of the overlay rule along `x` (else y).
    Threshold { cond: usize, x: bool },
    /// Box selection from this plot point.
    Box(PlotPoint),
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

/// A threshold line of the overlay rule on one axis: condition index, on the x axis (else
/// y), the value this year, its words.
type ThresholdLine = (usize, bool, f64, String);

pub(super) fn scatter(
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
    ui.label(egui::RichText::new(format!("{} {}", lang.t(T::Scatter), t.year_at(y))).strong());
    axis_pickers(ui, t, (xi, yi), view, actions);
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
    let rule = view
        .active_rule
        .and_then(|r| ws.rule_results.get(r).map(|res| (r, res)));
    let result_of = |d: usize| rule.and_then(|(_, r)| r.per_year.get(y.get())?.get(d).copied());
    let mut groups: [Vec<[f64; 2]>; 3] = Default::default();
    state.scatter_points.clear();
    for d in 0..data.xs.len() {
        if let (Some(x), Some(v)) = (data.xs[d], data.ys[d]) {
            let g = match result_of(d) {
                Some(Tri::True) => 0,
                Some(Tri::False) => 1,
                _ => 2,
            };
            groups[g].push([x, v]);
            state.scatter_points.push((d, PlotPoint::new(x, v)));
        }
    }
    let lines = threshold_lines(ws, view, (xi, yi));
    scatter_key(ui, view);
    let pts = &state.scatter_points;
    let drag_box = match (state.drag, state.drag_to) {
        (Some(ScatterDrag::Box(a)), Some(b)) => Some((a, b)),
        _ => None,
    };
    let resp = super::plots::open_bounds(
        Plot::new("scatter"),
        pts.iter().map(|p| p.1.x).chain(data.rx),
        pts.iter().map(|p| p.1.y).chain(data.ry),
    )
    .height(260.0)
    .width(panel_width(ui))
    .allow_drag(false)
    .allow_boxed_zoom(false)
    .allow_scroll(false)
    .x_axis_label(indicator_label(t, xi, lang))
    .y_axis_label(indicator_label(t, yi, lang))
    .show(ui, |p| {
        draw_points(p, groups, &data, &lines, lang);
        draw_selected(p, ws, view, sel, &data, (xi, yi));
        if let Some((a, b)) = drag_box {
            let rect = vec![[a.x, a.y], [b.x, a.y], [b.x, b.y], [a.x, b.y]];
            p.polygon(
                Polygon::new("", PlotPoints::from(rect))
                    .fill_color(SELECTED.gamma_multiply(0.15))
                    .stroke(Stroke::new(1.0, SELECTED)),
            );
        }
    });
    // Named for screen readers by its axes; described by the selected districts.
    let selected: Vec<&str> = sel
        .iter()
        .filter_map(|d| ws.dataset.districts.districts.get(d))
        .map(|d| d.name.as_str())
        .collect();
    super::a11y::describe(
        &resp.response,
        &lang.f(
            T::ScatterA11y,
            &[&indicator_label(t, yi, lang), &indicator_label(t, xi, lang)],
        ),
        &selected.join(", "),
        egui::accesskit::Role::Figure,
    );
    interact(ui, &resp, ws, view, state, &lines, &data, actions);
    state.scatter_transform = Some(resp.transform);
    state.scatter_data = Some(data);
}

/// The two axis pickers and the trails switch.
fn axis_pickers(
    ui: &mut egui::Ui,
    t: &atlas_data::model::IndicatorTable,
    (xi, yi): (usize, usize),
    view: &ViewState,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    // Wrapped: the two pickers and the trails are wider than the side panel of a 1280 × 720
    // window, and in one row they widened the whole panel past the window's edge.
    ui.horizontal_wrapped(|ui| {
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
        let r = ui.checkbox(&mut trails, lang.t(T::Trails));
        super::a11y::name(
            &r,
            &format!("{}: {}", lang.t(T::Scatter), lang.t(T::Trails)),
        );
        if r.changed() {
            actions.push(Action::SetTrails(trails));
        }
    });
}

/// The overlay rule's conditions on the two axes, with their thresholds this year.
fn threshold_lines(
    ws: &Workspace,
    view: &ViewState,
    (xi, yi): (usize, usize),
) -> Vec<ThresholdLine> {
    let lang = view.lang;
    let mut lines = Vec::new();
    let Some(t) = ws.table() else {
        return lines;
    };
    let rule = view
        .active_rule
        .and_then(|r| ws.rule_results.get(r).map(|res| (r, res)));
    if let Some((ri, res)) = rule
        && let Some(r) = view.rules.rules.get(ri)
    {
        for (ci, c) in r.all_conditions().enumerate() {
            let th = res
                .thresholds
                .get(ci)
                .and_then(|th| th.per_year.get(ws.year.get()).copied().flatten());
            let Some(v) = th else { continue };
            let label = format!(
                "{} {} {}",
                indicator_label(t, t.indicator_index(&c.indicator).unwrap_or(0), lang),
                c.op.symbol(),
                atlas_i18n::format_number(v, 1, lang)
            );
            if t.indicator_index(&c.indicator) == Some(xi) {
                lines.push((ci, true, v, label.clone()));
            }
            if t.indicator_index(&c.indicator) == Some(yi) {
                lines.push((ci, false, v, label));
            }
        }
    }
    lines
}

/// The key above the plot, where it hides no point: the three rule results and the city
/// reference lines.
fn scatter_key(ui: &mut egui::Ui, view: &ViewState) {
    let lang = view.lang;
    ui.horizontal_wrapped(|ui| {
        for (color, diamond, filled, text) in [
            (FLAGGED, true, true, T::ResultTrue),
            (NOT_FLAGGED, false, true, T::ResultFalse),
            (Color32::GRAY, false, false, T::ResultUnknown),
        ] {
            key_entry(ui, 12.0, lang.t(text), |p, r| {
                let c = r.center();
                if diamond {
                    p.add(egui::Shape::convex_polygon(
                        vec![
                            c + egui::vec2(0.0, -5.0),
                            c + egui::vec2(5.0, 0.0),
                            c + egui::vec2(0.0, 5.0),
                            c + egui::vec2(-5.0, 0.0),
                        ],
                        color,
                        Stroke::NONE,
                    ));
                } else if filled {
                    p.circle_filled(c, 3.5, color);
                } else {
                    p.circle_stroke(c, 3.5, Stroke::new(1.0, color));
                }
            });
        }
        key_entry(ui, 18.0, lang.t(T::CityReference), |p, r| {
            p.extend(egui::Shape::dashed_line(
                &[r.left_center(), r.right_center()],
                Stroke::new(1.5, Color32::from_gray(120)),
                4.0,
                3.0,
            ));
        });
    });
}

/// One entry of a wrapped key: a mark `mark_w` wide drawn by `mark`, and its text — on a new
/// row when the two would not fit on this one, so that a mark never ends a row without what
/// it means.
fn key_entry(
    ui: &mut egui::Ui,
    mark_w: f32,
    text: &str,
    mark: impl FnOnce(&egui::Painter, egui::Rect),
) {
    let text = egui::RichText::new(text).small();
    let galley = egui::WidgetText::from(text.clone()).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Small,
    );
    let width = mark_w + ui.spacing().item_spacing.x + galley.size().x;
    // What is left of this row (a wrapping layout's available width is the whole row's).
    let left = ui.max_rect().right() - ui.cursor().min.x;
    if width > left {
        ui.end_row();
    }
    let (r, _) = ui.allocate_exact_size(egui::vec2(mark_w, 12.0), egui::Sense::hover());
    mark(ui.painter(), r);
    ui.label(text);
}

/// The districts by rule result, the city reference lines and the thresholds.
fn draw_points(
    p: &mut egui_plot::PlotUi<'_>,
    [met, not, unknown]: [Vec<[f64; 2]>; 3],
    data: &ScatterData,
    lines: &[ThresholdLine],
    lang: atlas_i18n::Lang,
) {
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
    if let Some(v) = data.rx {
        p.vline(
            VLine::new(lang.t(T::CityReference), v)
                .color(Color32::from_gray(90))
                .style(LineStyle::dashed_loose()),
        );
    }
    if let Some(v) = data.ry {
        p.hline(
            HLine::new(lang.t(T::CityReference), v)
                .color(Color32::from_gray(90))
                .style(LineStyle::dashed_loose()),
        );
    }
    // Unnamed items stay out of the legend; the label shows on hover.
    for (_, is_x, v, _) in lines {
        if *is_x {
            p.vline(VLine::new("", *v).color(THRESHOLD).width(2.0));
        } else {
            p.hline(HLine::new("", *v).color(THRESHOLD).width(2.0));
        }
    }
}

/// Selected districts: a ring now and, with trails, their path over the years — one colour
/// per district (ColorBrewer Dark2) and its name at the newest point, so several trails can be
/// told apart without a legend over the points.
fn draw_selected(
    p: &mut egui_plot::PlotUi<'_>,
    ws: &Workspace,
    view: &ViewState,
    sel: &Selection,
    data: &ScatterData,
    (xi, yi): (usize, usize),
) {
    let Some(t) = ws.table() else { return };
    let names = &ws.dataset.districts.districts;
    let trail_colors = atlas_analysis::ramps::colors("Dark2", 8, false).unwrap_or_default();
    for (n, d) in sel.iter().take(12).enumerate() {
        if view.trails {
            let path: Vec<[f64; 2]> = (t.year_indices())
                .filter_map(|yy| {
                    let k = ws.key_of(d)?;
                    Some([t.value(xi, yy, k)?, t.value(yi, yy, k)?])
                })
                .collect();
            let c = trail_colors
                .get(n % trail_colors.len().max(1))
                .map_or(SELECTED, |c| super::map_view::color(*c));
            if let Some(last) = path.last() {
                p.text(
                    egui_plot::Text::new(
                        "",
                        PlotPoint::new(last[0], last[1]),
                        egui::RichText::new(&names[d].name).color(c).strong(),
                    )
                    .anchor(egui::Align2::LEFT_BOTTOM),
                );
            }
            p.line(
                Line::new("", PlotPoints::from(path.clone()))
                    .color(c)
                    .width(2.0),
            );
            p.points(Points::new("", path).color(c).radius(2.2));
        }
        if let (Some(x), Some(v)) = (data.xs[d], data.ys[d]) {
            p.points(
                Points::new("", vec![[x, v]])
                    .color(SELECTED)
                    .filled(false)
                    .radius(8.0),
            );
        }
    }
}

/// Pointer on the plot: a drag from a threshold line moves the threshold, any other drag
/// draws a box that selects what it holds; a click selects the nearest point (Shift/Ctrl
/// adds); hovering names it.
#[allow(clippy::too_many_arguments)]
fn interact(
    ui: &mut egui::Ui,
    resp: &egui_plot::PlotResponse<()>,
    ws: &Workspace,
    view: &ViewState,
    state: &mut ArrivalState,
    lines: &[ThresholdLine],
    data: &ScatterData,
    actions: &mut Vec<Action>,
) {
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
        if let Some(ScatterDrag::Threshold { cond, x }) = state.drag {
            drag_threshold(view, (cond, x), pt, data, actions);
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
        let names = &ws.dataset.districts.districts;
        r.clone().on_hover_text_at_pointer(names[d].name.clone());
    }
}

/// Moves the threshold of condition `cond` of the overlay rule to the pointer (along x, else
/// y); percentile thresholds stay (they are not a value on the axis).
fn drag_threshold(
    view: &ViewState,
    (cond, x): (usize, bool),
    pt: PlotPoint,
    data: &ScatterData,
    actions: &mut Vec<Action>,
) {
    let Some(ri) = view.active_rule else { return };
    let mut rules = view.rules.clone();
    let Some(rule) = rules.rules.get_mut(ri) else {
        return;
    };
    let reference = if x { data.rx } else { data.ry };
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
}
