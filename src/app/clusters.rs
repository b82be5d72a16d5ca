//! The *Clusters* tab: the settings of the spatial statistics (weights, permutations, seed,
//! significance level and correction), the Moran scatter plot of the shown year (standardised
//! value against its spatial lag, coloured by LISA category, regression line with slope I,
//! quadrant lines) linked both ways with the selection — a click selects a district, a box
//! drawn with the pointer selects every district inside — Moran's I through the years (a click
//! shows that year), and the transitions of LISA categories between two years (a cell selects
//! its districts).

use super::map_view::color;
use atlas_analysis::spatial::lisa::Correction;
use atlas_analysis::spatial::{Cluster, WeightsSpec};
use atlas_i18n::{Lang, T, format_number, format_short};
use atlas_scene::lisa_modes::cluster_color;
use atlas_session::project::view::SpatialView;
use atlas_session::{Action, Session, Workspace};
use egui::{Color32, Pos2, Stroke};
use egui_plot::{HLine, Line, Plot, PlotPoint, PlotPoints, PlotTransform, Points, Polygon, VLine};

/// Between frames: where the scatter's points were drawn and a box being dragged.
#[derive(Default)]
pub struct ClustersState {
    points: Vec<(usize, PlotPoint)>,
    transform: Option<PlotTransform>,
    drag_from: Option<PlotPoint>,
    drag_to: Option<PlotPoint>,
    /// The cluster timeline's rows and what they were ordered for (data, statistics version):
    /// sorted when years arrive, not in every frame.
    timeline: Option<((u64, u64), Vec<usize>)>,
}

impl ClustersState {
    /// Screen position of district `d` in the last drawn Moran scatter (tests click there).
    pub fn point_of(&self, d: usize) -> Option<Pos2> {
        let t = self.transform.as_ref()?;
        self.points
            .iter()
            .find(|(x, _)| *x == d)
            .map(|(_, p)| t.position_from_point(p))
    }
}

fn settings(ui: &mut egui::Ui, s: &SpatialView, lang: Lang, actions: &mut Vec<Action>) {
    let mut new = s.clone();
    egui::Grid::new("spatial_settings")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label(lang.t(T::Weights));
            let label = atlas_analysis::spatial::weights::WeightsKind::from(&s.weights).label();
            egui::ComboBox::from_id_salt("weights")
                .selected_text(label)
                .show_ui(ui, |ui| {
                    for w in [
                        WeightsSpec::Queen,
                        WeightsSpec::Rook,
                        WeightsSpec::Knn(6),
                        WeightsSpec::Distance(1500.0),
                    ] {
                        let l = atlas_analysis::spatial::weights::WeightsKind::from(&w).label();
                        ui.selectable_value(&mut new.weights, w, l);
                    }
                });
            ui.end_row();
            match &mut new.weights {
                WeightsSpec::Knn(k) => {
                    ui.label("k");
                    ui.add(egui::DragValue::new(k).range(1..=50));
                    ui.end_row();
                }
                WeightsSpec::Distance(m) => {
                    ui.label("m");
                    ui.add(egui::DragValue::new(m).range(10.0..=100_000.0).speed(10.0));
                    ui.end_row();
                }
                _ => {}
            }
            ui.label(lang.t(T::Permutations));
            egui::ComboBox::from_id_salt("permutations")
                .selected_text(format_number(new.permutations as f64, 0, lang))
                .show_ui(ui, |ui| {
                    for p in [99, 999, 9_999, 99_999] {
                        ui.selectable_value(
                            &mut new.permutations,
                            p,
                            format_number(p as f64, 0, lang),
                        );
                    }
                });
            ui.end_row();
            ui.label(lang.t(T::Significance));
            egui::ComboBox::from_id_salt("alpha")
                .selected_text(format_short(new.alpha, lang))
                .show_ui(ui, |ui| {
                    for a in [0.05, 0.01, 0.001] {
                        ui.selectable_value(&mut new.alpha, a, format_short(a, lang));
                    }
                });
            ui.end_row();
            // A row of its own (its choices name themselves): beside the level it made the
            // panel wider than a 1280 × 720 window leaves it, and the panel's text was cut.
            ui.label("");
            egui::ComboBox::from_id_salt("correction")
                .selected_text(correction_text(new.correction, lang))
                .show_ui(ui, |ui| {
                    for c in [Correction::None, Correction::Bonferroni, Correction::Fdr] {
                        ui.selectable_value(&mut new.correction, c, correction_text(c, lang));
                    }
                });
            ui.end_row();
            ui.label(lang.t(T::Seed));
            ui.add(egui::DragValue::new(&mut new.seed));
            ui.end_row();
        });
    if new != *s {
        actions.push(Action::SetSpatial(new));
    }
}

fn correction_text(c: Correction, lang: Lang) -> &'static str {
    lang.t(match c {
        Correction::None => T::CorrectionNone,
        Correction::Bonferroni => T::CorrectionBonferroni,
        Correction::Fdr => T::CorrectionFdr,
    })
}

pub fn clusters_tab(
    ui: &mut egui::Ui,
    ws: &Workspace,
    session: &Session,
    state: &mut ClustersState,
    actions: &mut Vec<Action>,
) {
    let view = &session.view;
    let lang = view.lang;
    settings(ui, &view.spatial, lang, actions);
    if ws.table().is_none() {
        return;
    }
    match ws.spatial.weights() {
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return;
        }
        Some(Ok(w)) => {
            let islands = w.islands().len();
            ui.label(
                egui::RichText::new(format!(
                    "{} · {} · {}",
                    w.kind.label(),
                    lang.f(
                        T::MeanNeighbours,
                        &[&atlas_i18n::format_number(w.mean_neighbors(), 2, lang)]
                    ),
                    lang.f(T::WithoutNeighbours, &[&islands.to_string()])
                ))
                .small()
                .weak(),
            );
        }
        None => {}
    }
    if ws.spatial.busy() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(lang.f(
                T::ComputingClusters,
                &[
                    &ws.spatial.done().to_string(),
                    &ws.spatial.years.len().to_string(),
                ],
            ));
        });
    }
    let year = ws.shown_year().unwrap_or_default();
    let Some(st) = ws.spatial.year(ws.year) else {
        return;
    };
    if let Some(m) = &st.moran {
        ui.label(
            egui::RichText::new(
                lang.f(
                    T::MoranLine,
                    &[
                        &year.to_string(),
                        &format_number(m.I, 3, lang),
                        &m.p_sim
                            .map(|p| format_number(p, 4, lang))
                            .unwrap_or_else(|| "–".into()),
                    ],
                ),
            )
            .strong(),
        );
    }
    moran_scatter(ui, ws, session, st, state, actions);
    ui.separator();
    moran_per_year(ui, ws, lang, actions);
    ui.separator();
    transitions(ui, ws, view, actions);
    ui.separator();
    cluster_timeline(ui, ws, lang, state, actions);
}

/// Districts × years coloured by LISA category: the districts ever in a significant cluster,
/// most years in a high-high cluster first. A cell click selects the district and shows the
/// year.
fn cluster_timeline(
    ui: &mut egui::Ui,
    ws: &Workspace,
    lang: Lang,
    state: &mut ClustersState,
    actions: &mut Vec<Action>,
) {
    let Some(t) = ws.table() else { return };
    let key = (ws.data_id, ws.spatial.version);
    if state.timeline.as_ref().is_none_or(|(k, _)| *k != key) {
        let n = ws.dataset.districts.districts.len();
        let hh = atlas_scene::lisa_modes::hh_years(&ws.spatial.years, n);
        let significant = |d: usize| {
            ws.spatial.years.iter().flatten().any(|y| {
                matches!(
                    y.local[d].cluster,
                    Cluster::HH | Cluster::LL | Cluster::LH | Cluster::HL
                )
            })
        };
        let mut rows: Vec<usize> = (0..n).filter(|&d| significant(d)).collect();
        rows.sort_by_key(|&d| (std::cmp::Reverse(hh[d].0), d));
        state.timeline = Some((key, rows));
    }
    let rows = state
        .timeline
        .as_ref()
        .map(|t| t.1.clone())
        .unwrap_or_default();
    ui.label(
        egui::RichText::new(format!(
            "{} ({})",
            lang.t(T::ModeClusterPersistence),
            rows.len()
        ))
        .strong(),
    );
    let names = &ws.dataset.districts.districts;
    let (label_w, cell_h) = (120.0, 13.0);
    let cols = t.years.len().max(1);
    let width = ui.available_width().max(label_w + 40.0);
    let cell_w = ((width - label_w) / cols as f32).max(4.0);
    egui::ScrollArea::vertical()
        .id_salt("cluster_timeline")
        .max_height(300.0)
        .show_rows(ui, cell_h, rows.len(), |ui, range| {
            for &d in &rows[range] {
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 0.0;
                    let (r, _) =
                        ui.allocate_exact_size(egui::vec2(label_w, cell_h), egui::Sense::hover());
                    ui.painter().text(
                        r.left_center(),
                        egui::Align2::LEFT_CENTER,
                        atlas_scene::text::elide(&names[d].name, 18),
                        egui::FontId::proportional(10.0),
                        ui.visuals().text_color(),
                    );
                    for y in t.year_indices() {
                        let (r, resp) = ui
                            .allocate_exact_size(egui::vec2(cell_w, cell_h), egui::Sense::click());
                        let c = ws
                            .spatial
                            .year(y)
                            .map(|s| cluster_color(s.local[d].cluster))
                            .unwrap_or(atlas_analysis::ramps::NO_DATA);
                        ui.painter().rect_filled(r.shrink(0.5), 0.0, color(c));
                        if y == ws.year {
                            ui.painter().rect_stroke(
                                r,
                                0.0,
                                Stroke::new(1.0, Color32::WHITE),
                                egui::StrokeKind::Inside,
                            );
                        }
                        if resp.clicked() {
                            actions.push(Action::SelectAt {
                                district: d,
                                year: t.year_at(y),
                            });
                        }
                    }
                });
            }
        });
}

fn moran_scatter(
    ui: &mut egui::Ui,
    ws: &Workspace,
    session: &Session,
    st: &atlas_analysis::spatial::YearStats,
    state: &mut ClustersState,
    actions: &mut Vec<Action>,
) {
    let view = &session.view;
    let lang = view.lang;
    let t = ws.table();
    let ind_label = t
        .zip(ws.indicator)
        .map(|(t, i)| atlas_scene::text::indicator_label(t, i, lang))
        .unwrap_or_default();
    // The indicator in the heading, which wraps: on the axis, whose label does not, a long
    // name ("Share of foreign residents (standardised value)") was cut at a side panel's edge.
    ui.label(
        egui::RichText::new(format!(
            "{} — {ind_label}",
            lang.f(T::MoranScatter, &[&st.year.to_string()])
        ))
        .strong(),
    );
    state.points.clear();
    let mut groups: Vec<(Cluster, Vec<[f64; 2]>)> = Vec::new();
    for (d, l) in st.local.iter().enumerate() {
        if let (Some(z), Some(lag)) = (l.z, l.lag) {
            state.points.push((d, PlotPoint::new(z, lag)));
            match groups.iter_mut().find(|g| g.0 == l.cluster) {
                Some(g) => g.1.push([z, lag]),
                None => groups.push((l.cluster, vec![[z, lag]])),
            }
        }
    }
    let slope = st.moran.as_ref().map(|m| m.I);
    let (xs, ys): (Vec<f64>, Vec<f64>) = state.points.iter().map(|(_, p)| (p.x, p.y)).unzip();
    let lo = xs.iter().copied().fold(0.0f64, f64::min) - 0.2;
    let hi = xs.iter().copied().fold(0.0f64, f64::max) + 0.2;
    let sel = &session.selection;
    let resp = super::plots::open_bounds(
        Plot::new("moran_scatter"),
        xs.iter().copied(),
        ys.iter().copied(),
    )
    .height(240.0)
    .allow_drag(false)
    .allow_boxed_zoom(false)
    .allow_scroll(false)
    .x_axis_label(lang.t(T::Standardised))
    .y_axis_label(lang.t(T::SpatialLag))
    .show(ui, |p| {
        p.vline(VLine::new("", 0.0).color(Color32::from_gray(110)));
        p.hline(HLine::new("", 0.0).color(Color32::from_gray(110)));
        for (c, pts) in &groups {
            p.points(
                Points::new("", pts.clone())
                    .color(color(cluster_color(*c)))
                    .radius(3.0),
            );
        }
        if let Some(i) = slope {
            p.line(
                Line::new(
                    format!("I = {}", format_number(i, 3, lang)),
                    PlotPoints::from(vec![[lo, i * lo], [hi, i * hi]]),
                )
                .color(Color32::from_gray(200))
                .width(1.5),
            );
        }
        let chosen: Vec<[f64; 2]> = state
            .points
            .iter()
            .filter(|(d, _)| sel.contains(*d))
            .map(|(_, p)| [p.x, p.y])
            .collect();
        p.points(
            Points::new("", chosen)
                .color(super::plots::SELECTED)
                .filled(false)
                .radius(7.0),
        );
        if let (Some(a), Some(b)) = (state.drag_from, state.drag_to) {
            let rect = vec![[a.x, a.y], [b.x, a.y], [b.x, b.y], [a.x, b.y]];
            p.polygon(
                Polygon::new("", PlotPoints::from(rect))
                    .fill_color(super::plots::SELECTED.gamma_multiply(0.15))
                    .stroke(Stroke::new(1.0, super::plots::SELECTED)),
            );
        }
    });
    let tr = resp.transform;
    let r = &resp.response;
    super::a11y::describe(
        r,
        &lang.f(T::MoranA11y, &[&ind_label, &st.year.to_string()]),
        &slope
            .map(|i| format!("I = {}", format_number(i, 3, lang)))
            .unwrap_or_default(),
        egui::accesskit::Role::Figure,
    );
    // A box drawn with the pointer selects the districts inside (brushing).
    if r.drag_started()
        && let Some(pos) = ui
            .input(|i| i.pointer.press_origin())
            .or(r.interact_pointer_pos())
    {
        state.drag_from = Some(tr.value_from_position(pos));
    }
    if r.dragged()
        && let Some(pos) = r.interact_pointer_pos()
    {
        state.drag_to = Some(tr.value_from_position(pos));
    }
    if r.drag_stopped() {
        if let (Some(a), Some(b)) = (state.drag_from, state.drag_to) {
            let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
            let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
            let inside: Vec<usize> = state
                .points
                .iter()
                .filter(|(_, p)| (x0..=x1).contains(&p.x) && (y0..=y1).contains(&p.y))
                .map(|(d, _)| *d)
                .collect();
            actions.push(Action::SelectOnly(inside));
        }
        state.drag_from = None;
        state.drag_to = None;
    } else if r.clicked()
        && let Some(pos) = r.interact_pointer_pos()
    {
        // The nearest point within 10 px.
        let near = state
            .points
            .iter()
            .map(|(d, p)| (*d, tr.position_from_point(p).distance(pos)))
            .filter(|(_, dist)| *dist <= 10.0)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((d, _)) = near {
            let m = ui.input(|i| i.modifiers);
            actions.push(Action::Select {
                district: d,
                add: m.shift || m.command || m.ctrl,
            });
        }
    }
    state.transform = Some(tr);
}

fn moran_per_year(ui: &mut egui::Ui, ws: &Workspace, lang: Lang, actions: &mut Vec<Action>) {
    let Some(t) = ws.table() else { return };
    ui.label(egui::RichText::new(lang.t(T::MoranPerYear)).strong());
    let pts: Vec<[f64; 2]> = (t.year_indices())
        .filter_map(|y| {
            let i = ws.spatial.year(y)?.moran.as_ref()?.I;
            Some([f64::from(t.year_at(y)), i])
        })
        .collect();
    let year = ws.shown_year().unwrap_or_default();
    // The axis starts at 0 (I = 0: no autocorrelation), so a small change of I looks small.
    let resp = super::plots::open_year_bounds(
        Plot::new("moran_years"),
        pts.iter().map(|p| p[0]),
        pts.iter().map(|p| p[1]),
    )
    .include_y(0.0)
    .height(120.0)
    .allow_scroll(false)
    .allow_drag(false)
    .x_grid_spacer(super::plots::year_marks)
    .x_axis_formatter(|m, _| format!("{}", m.value.round() as i64))
    .show(ui, |p| {
        p.line(Line::new("I", PlotPoints::from(pts.clone())).width(2.0));
        p.points(Points::new("", pts.clone()).radius(3.0));
        p.vline(VLine::new("", f64::from(year)).color(super::plots::SELECTED));
    });
    if resp.response.clicked()
        && let Some(pos) = resp.response.interact_pointer_pos()
    {
        let x = resp.transform.value_from_position(pos).x.round() as i32;
        if t.years.contains(&x) {
            actions.push(Action::SetYear(x));
        }
    }
}

fn transitions(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &atlas_session::state::ViewState,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    let Some(t) = ws.table() else { return };
    let from_year = view.spatial.transition_from.unwrap_or(t.years[0]);
    let Some(from) = t.year_index(from_year) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(lang.t(T::ClusterTransitions)).strong());
        let mut chosen = from_year;
        egui::ComboBox::from_id_salt("cluster_from")
            .selected_text(chosen.to_string())
            .show_ui(ui, |ui| {
                for &y in &t.years {
                    ui.selectable_value(&mut chosen, y, y.to_string());
                }
            });
        ui.label(format!("– {}", ws.shown_year().unwrap_or_default()));
        if chosen != from_year {
            let mut s = view.spatial.clone();
            s.transition_from = Some(chosen);
            actions.push(Action::SetSpatial(s));
        }
    });
    let (Some(a), Some(b)) = (ws.spatial.year(from), ws.spatial.year(ws.year)) else {
        return;
    };
    let m = atlas_analysis::spatial::transitions(a, b);
    // The categories that occur, in GeoDa's order.
    let used: Vec<usize> = (0..Cluster::ALL.len())
        .filter(|&i| (0..Cluster::ALL.len()).any(|j| !m[i][j].is_empty() || !m[j][i].is_empty()))
        .collect();
    // GeoDa's short names for the four cluster kinds, words for the rest.
    let name = |i: usize| match Cluster::ALL[i] {
        Cluster::NotSignificant => lang.t(T::ClusterNs),
        Cluster::Island => lang.t(T::ClusterIsland),
        Cluster::NoData => lang.t(T::NoData),
        c => c.code(),
    };
    egui::Grid::new("cluster_transitions")
        .striped(true)
        .show(ui, |ui| {
            ui.label(format!("{} \\ {}", a.year, b.year));
            for &j in &used {
                ui.label(name(j));
            }
            ui.end_row();
            for &i in &used {
                ui.label(name(i));
                for &j in &used {
                    let ds = &m[i][j];
                    let r = ui.add_enabled(
                        !ds.is_empty(),
                        egui::Button::new(ds.len().to_string()).small(),
                    );
                    if r.clicked() {
                        actions.push(Action::SelectOnly(ds.clone()));
                    }
                }
                ui.end_row();
            }
        });
}
