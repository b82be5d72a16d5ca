//! The *Segregation* tab: what is measured (a group over the total — by default the foreign
//! count and the population — or several groups that partition the population), every index
//! through the years as a small time series with the evenness null's mean dashed beside it,
//! the change between two chosen years in words with its random-labelling p-value, and the
//! way to the location-quotient map (and to the areas where the group is over-represented).
//! The numbers come from the session's worker; nothing is computed here.

use atlas_data::model::{IndicatorTable, Measure};
use atlas_i18n::{Lang, T, format_number};
use atlas_session::segregation::{SegregationView, YearResult};
use atlas_session::{Action, MapMode, Session, Workspace};
use egui_plot::{Line, LineStyle, Plot, PlotPoints, Points};

pub fn segregation_tab(
    ui: &mut egui::Ui,
    ws: &Workspace,
    session: &Session,
    actions: &mut Vec<Action>,
) {
    let lang = session.view.lang;
    let Some(t) = ws.table() else { return };
    let view = &session.view.segregation;
    what_is_measured(ui, t, view, lang, actions);
    let cache = &ws.segregation;
    let done = cache.years.iter().filter(|y| y.is_some()).count();
    if cache.busy() {
        ui.label(
            egui::RichText::new(lang.f(
                T::SegregationProgress,
                &[&done.to_string(), &cache.years.len().to_string()],
            ))
            .weak(),
        );
    }
    if cache.groups().is_none() {
        ui.label(lang.t(T::SegregationNone));
        return;
    }
    ui.horizontal_wrapped(|ui| {
        if ui.button(lang.t(T::ShowLqMap)).clicked() {
            actions.push(Action::SetMapMode(MapMode::LocationQuotient));
        }
    });
    if let Some(Err(e)) = cache.year(ws.year) {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            atlas_i18n::Localize::text(e, lang),
        );
    }
    change_test(ui, ws, t, view, lang, actions);
    ui.separator();
    let years: Vec<(i32, &YearResult)> = cache
        .years
        .iter()
        .enumerate()
        .filter_map(|(y, r)| Some((t.years[y], r.as_ref()?.as_ref().ok()?)))
        .collect();
    let Some((_, first)) = years.first() else {
        return;
    };
    // Years estimated on another grid: the index depends on the grid.
    let estimated: Vec<i32> = years
        .iter()
        .map(|(y, _)| *y)
        .filter(|y| ws.dataset.meta.estimate_of(*y).is_some())
        .collect();
    if !estimated.is_empty() {
        let list: Vec<String> = estimated.iter().map(i32::to_string).collect();
        ui.colored_label(
            ui.visuals().warn_fg_color,
            lang.f(T::SegregationEstimated, &[&list.join(", ")]),
        );
    }
    ui.label(
        egui::RichText::new(lang.f(T::SegregationPlotKey, &[&view.permutations.to_string()]))
            .small()
            .weak(),
    );
    for (k, (name, _)) in first.seg.indices.iter().enumerate() {
        index_plot(ui, &years, k, name, &estimated, lang);
    }
}

/// One group over a total, or several groups; the columns from the table's counts.
fn what_is_measured(
    ui: &mut egui::Ui,
    t: &IndicatorTable,
    view: &SegregationView,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let counts: Vec<&str> = t
        .indicators
        .iter()
        .filter(|i| i.meta.measure == Measure::Count)
        .map(|i| i.id.as_str())
        .collect();
    let mut v = view.clone();
    let multi = v.groups.len() >= 2;
    let (dg, dt) = atlas_session::segregation::default_columns(t);
    ui.horizontal_wrapped(|ui| {
        if ui.radio(!multi, lang.t(T::OneGroup)).clicked() && multi {
            v.groups.clear();
        }
        if ui.radio(multi, lang.t(T::SeveralGroups)).clicked() && !multi {
            v.groups = default_partition(t);
        }
    });
    if !multi {
        for (which, current, label) in [
            (0, v.group.clone().or(dg), T::SegregationGroup),
            (1, v.total.clone().or(dt), T::SegregationTotal),
        ] {
            ui.horizontal(|ui| {
                ui.label(lang.t(label));
                let combo = egui::ComboBox::from_id_salt(("segregation", which))
                    .selected_text(current.clone().unwrap_or_else(|| "–".into()))
                    .show_ui(ui, |ui| {
                        for c in &counts {
                            if ui
                                .selectable_label(current.as_deref() == Some(c), *c)
                                .clicked()
                            {
                                let slot = if which == 0 {
                                    &mut v.group
                                } else {
                                    &mut v.total
                                };
                                *slot = Some((*c).to_owned());
                            }
                        }
                    });
                super::a11y::name(&combo.response, lang.t(label));
            });
        }
    } else {
        ui.horizontal_wrapped(|ui| {
            for c in &counts {
                let mut on = v.groups.iter().any(|g| g == c);
                if ui.checkbox(&mut on, *c).changed() {
                    if on {
                        v.groups.push((*c).to_owned());
                    } else {
                        v.groups.retain(|g| g != c);
                    }
                }
            }
        });
    }
    if v != *view {
        actions.push(Action::SetSegregation(v));
    }
}

/// Three groups that partition the population where the table has them (foreigners, Germans
/// with and without a migration background), else none.
fn default_partition(t: &IndicatorTable) -> Vec<String> {
    let want = [
        "inhabitants_foreigners",
        "inhabitants_germans_with_migration_background",
        "inhabitants_germans_without_migration_background",
    ];
    if want.iter().all(|w| t.indicator_index(w).is_some()) {
        want.iter().map(|w| (*w).to_owned()).collect()
    } else {
        Vec::new()
    }
}

/// The change between two years, in words per comparable index.
fn change_test(
    ui: &mut egui::Ui,
    ws: &Workspace,
    t: &IndicatorTable,
    view: &SegregationView,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let Some((a, b)) = view.compare_years(t) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(lang.t(T::ChangeTest)).strong());
        for (which, current) in [(0, a), (1, b)] {
            let combo = egui::ComboBox::from_id_salt(("segregation_compare", which))
                .selected_text(current.to_string())
                .show_ui(ui, |ui| {
                    for &y in &t.years {
                        if ui.selectable_label(y == current, y.to_string()).clicked() {
                            let mut v = view.clone();
                            v.compare = Some(if which == 0 { (y, b) } else { (a, y) });
                            actions.push(Action::SetSegregation(v));
                        }
                    }
                });
            super::a11y::name(&combo.response, lang.t(T::ChangeTest));
        }
    });
    match &ws.segregation.change {
        None => {
            ui.label(egui::RichText::new(lang.t(T::Computing)).weak());
        }
        Some(Err(e)) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                atlas_i18n::Localize::text(e, lang),
            );
        }
        Some(Ok(changes)) => {
            for c in changes {
                let num = |v: f64| format_number(v, 3, lang);
                let verb = if c.difference > 0.0 {
                    T::RoseFrom
                } else {
                    T::FellFrom
                };
                ui.label(lang.f(
                    verb,
                    &[
                        index_name(c.index, lang),
                        &num(c.values[0]),
                        &num(c.values[1]),
                        &a.to_string(),
                        &b.to_string(),
                        &p_text(c.p_value, view.permutations.max(99), lang),
                    ],
                ));
            }
        }
    }
}

/// A p-value as a reader takes it: none of N simulations beyond the observed value is
/// "< 1/N", not 0.
fn p_text(p: f64, n: usize, lang: Lang) -> String {
    if p > 0.0 {
        format!("= {}", format_number(p, 3, lang))
    } else {
        format!("< {}", format_number(1.0 / n as f64, 3, lang))
    }
}

/// An index's name in `lang`.
pub fn index_name(id: &str, lang: Lang) -> &'static str {
    lang.t(match id {
        "dissimilarity" => T::SegDissimilarity,
        "isolation" => T::SegIsolation,
        "exposure" => T::SegExposure,
        "entropy" => T::SegEntropy,
        "gini" => T::SegGini,
        "spatial_dissimilarity" => T::SegSpatialDissimilarity,
        "boundary_spatial_dissimilarity" => T::SegBoundaryDissimilarity,
        "multi_dissimilarity" => T::SegMultiDissimilarity,
        "multi_gini" => T::SegMultiGini,
        _ => T::SegMultiInformation,
    })
}

/// One index through the years (points; hollow where estimated) with the null mean dashed.
fn index_plot(
    ui: &mut egui::Ui,
    years: &[(i32, &YearResult)],
    k: usize,
    name: &str,
    estimated: &[i32],
    lang: Lang,
) {
    let pts: Vec<[f64; 2]> = years
        .iter()
        .filter_map(|(y, r)| Some([f64::from(*y), r.seg.indices.get(k)?.1?]))
        .collect();
    let null: Vec<[f64; 2]> = years
        .iter()
        .filter_map(|(y, r)| {
            let t = r.tests.iter().find(|t| t.index == name)?;
            Some([f64::from(*y), t.null_mean])
        })
        .collect();
    let last = pts
        .last()
        .map(|p| format_number(p[1], 3, lang))
        .unwrap_or_default();
    ui.label(format!("{}: {last}", index_name(name, lang)));
    let (solid, hollow): (Vec<[f64; 2]>, Vec<[f64; 2]>) = pts
        .iter()
        .partition(|p| !estimated.contains(&(p[0] as i32)));
    super::plots::open_year_bounds(
        Plot::new(("segregation", k)),
        pts.iter().map(|p| p[0]),
        pts.iter().map(|p| p[1]).chain(null.iter().map(|p| p[1])),
    )
    .height(70.0)
    .include_y(0.0)
    .allow_scroll(false)
    .allow_drag(false)
    .allow_zoom(false)
    .x_grid_spacer(super::plots::year_marks)
    .x_axis_formatter(|m, _| format!("{}", m.value.round() as i64))
    .show(ui, |p| {
        p.line(Line::new(name, PlotPoints::from(pts.clone())).width(2.0));
        p.points(Points::new("", solid).radius(3.0));
        p.points(Points::new("", hollow).radius(3.0).filled(false));
        if !null.is_empty() {
            p.line(
                Line::new(lang.t(T::NullMean), PlotPoints::from(null))
                    .style(LineStyle::dashed_loose()),
            );
        }
    });
}
