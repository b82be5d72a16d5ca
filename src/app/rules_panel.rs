//! The rules panel: what the map shows (indicator, typology, persistence of the overlay rule,
//! change since a year), and the rule editor — add, rename, edit and delete rules, their
//! conditions and one level of groups, with the number of districts each rule flags in the
//! shown year. Every edit replaces the rule set through one action, so results update live.

use atlas_analysis::rules::{Combine, Condition, Group, Op, Rule, Threshold, default_rules};
use atlas_data::model::IndicatorTable;
use atlas_i18n::{Lang, T};
use atlas_scene::text::indicator_label;
use atlas_session::Action;
use atlas_session::state::{MapMode, ViewState};
use atlas_session::workspace::Workspace;

pub fn rules_panel(ui: &mut egui::Ui, ws: &Workspace, view: &ViewState, actions: &mut Vec<Action>) {
    let lang = view.lang;
    let Some(t) = ws.table() else { return };
    map_mode_picker(ui, ws, view, t, actions);
    ui.separator();
    ui.heading(lang.t(T::Rules));
    let mut rules = view.rules.clone();
    let mut changed = false;
    let mut delete = None;
    for (ri, rule) in rules.rules.iter_mut().enumerate() {
        let counts = ws
            .rule_results
            .get(ri)
            .map(|r| r.counts(ws.year))
            .unwrap_or([0; 3]);
        let id = ui.make_persistent_id(("rule", ri));
        let rule_name = rule.name.clone();
        let (toggle, _, _) =
            egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, ri == 0)
                .show_header(ui, |ui| {
                    let r = ui
                        .radio(view.active_rule == Some(ri), "")
                        .on_hover_text(lang.t(T::ActiveRule));
                    // "Overlay: Arrival district", not two radio buttons both called "Overlay".
                    super::a11y::name(&r, &format!("{}: {}", lang.t(T::ActiveRule), rule.name));
                    if r.clicked() {
                        actions.push(Action::SetActiveRule(Some(ri)));
                    }
                    ui.label(egui::RichText::new(&rule.name).strong());
                    ui.label(format!("{} / {}", counts[0], counts[2]))
                        .on_hover_text(format!(
                            "{}: {}, {}: {}",
                            lang.t(T::ResultTrue),
                            counts[0],
                            lang.t(T::ResultUnknown),
                            counts[2]
                        ));
                })
                .body(|ui| {
                    changed |= rule_body(ui, ri, rule, t, lang, &mut delete);
                });
        // The open/close triangle is a stop of the Tab order: it says whose details it shows.
        super::a11y::name(&toggle, &format!("{}: {rule_name}", lang.t(T::RuleDetails)));
    }
    if let Some(ri) = delete {
        rules.rules.remove(ri);
        changed = true;
    }
    ui.horizontal_wrapped(|ui| {
        if ui.button(lang.t(T::AddRule)).clicked() {
            rules.rules.push(Rule {
                name: format!("{} {}", lang.t(T::Rules), rules.rules.len() + 1),
                combine: Combine::All,
                conditions: vec![new_condition(t)],
                groups: Vec::new(),
            });
            changed = true;
        }
        if ui.button(lang.t(T::DefaultRules)).clicked() {
            rules = default_rules(Some(t), lang);
            changed = true;
        }
    });
    // Real moves where the table has them (Berlin's social monitoring): offered once.
    if let Some(rule) = atlas_analysis::rules::turnover_rule(t, lang)
        && !rules.rules.iter().any(|r| r.conditions == rule.conditions)
        && ui.button(lang.t(T::AddTurnoverRule)).clicked()
    {
        rules.rules.push(rule);
        changed = true;
    }
    if ui.button(lang.t(T::ExportFlags)).clicked() {
        actions.push(Action::ExportFlags);
    }
    if changed && rules != view.rules {
        actions.push(Action::SetRules(rules));
    }
}

/// What the map shows, with the change map's first year and the persistence map's years.
fn map_mode_picker(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    t: &IndicatorTable,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    ui.heading(lang.t(T::MapMode));
    for (mode, text) in [
        (MapMode::Choropleth, T::ModeChoropleth),
        (MapMode::Typology, T::ModeTypology),
        (MapMode::Persistence, T::ModePersistence),
        (MapMode::Change, T::ModeChange),
        (MapMode::Clusters, T::ModeClusters),
        (MapMode::Significance, T::ModeSignificance),
        (MapMode::ClusterPersistence, T::ModeClusterPersistence),
        (MapMode::IndexClasses, T::ModeIndexClasses),
        (MapMode::StatusDynamics, T::ModeStatusDynamics),
        (MapMode::IndexPersistence, T::ModeIndexPersistence),
        (MapMode::LocationQuotient, T::ModeLocationQuotient),
    ] {
        // The index maps need their indices (the matrix two): greyed out until chosen, and
        // the pointer says where.
        let r = ui
            .add_enabled_ui(view.indices.len() >= mode.indices_needed(), |ui| {
                ui.radio(view.map_mode == mode, lang.t(text))
            })
            .inner
            .on_disabled_hover_text(lang.t(T::IndexNeeded));
        super::a11y::name(&r, &format!("{}: {}", lang.t(T::MapMode), lang.t(text)));
        if r.clicked() && view.map_mode != mode {
            actions.push(Action::SetMapMode(mode));
        }
    }
    if view.map_mode == MapMode::Change
        && let Some(ind) = ws.indicator
    {
        let years = &ws.indicator_years[ind];
        let from = view
            .change_from
            .and_then(|y| t.year_index(y))
            .or_else(|| years.first().copied())
            .unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.t(T::ChangeFrom));
            let combo = egui::ComboBox::from_id_salt("change_from")
                .selected_text(t.year_at(from).to_string())
                .show_ui(ui, |ui| {
                    for &y in years {
                        if ui
                            .selectable_label(y == from, t.year_at(y).to_string())
                            .clicked()
                        {
                            actions.push(Action::SetChangeFrom(t.year_at(y)));
                        }
                    }
                });
            super::a11y::name(&combo.response, lang.t(T::ChangeFrom));
            ui.label(format!("– {}", ws.shown_year().unwrap_or_default()));
        });
        if let Some((appeared, gone)) = ws.change_warning {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                lang.f(
                    T::ChangeCoverage,
                    &[&appeared.to_string(), &gone.to_string()],
                ),
            );
        }
    }
    if matches!(
        view.map_mode,
        MapMode::Persistence | MapMode::IndexPersistence
    ) {
        let (a, b) = atlas_session::workspace::persist_range(t, view);
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.t(T::YearsFromTo));
            for (which, current) in [(0, a), (1, b)] {
                let combo = egui::ComboBox::from_id_salt(("persist", which))
                    .selected_text(t.year_at(current).to_string())
                    .show_ui(ui, |ui| {
                        for (i, y) in t.years_enumerated() {
                            if ui.selectable_label(i == current, y.to_string()).clicked() {
                                let (from, to) = if which == 0 {
                                    (Some(y), Some(t.year_at(b)))
                                } else {
                                    (Some(t.year_at(a)), Some(y))
                                };
                                actions.push(Action::SetPersistRange(from, to));
                            }
                        }
                    });
                super::a11y::name(&combo.response, lang.t(T::YearsFromTo));
            }
        });
    }
    super::index_views::index_transitions(ui, ws, view, actions);
}

/// A rule's editor: name, how its conditions combine, the conditions, one level of groups,
/// add/delete buttons and the indicators the table lacks. Returns whether it changed;
/// `delete` is set when the rule is to go.
fn rule_body(
    ui: &mut egui::Ui,
    ri: usize,
    rule: &mut Rule,
    t: &IndicatorTable,
    lang: Lang,
    delete: &mut Option<usize>,
) -> bool {
    let mut changed = false;
    let r = ui.text_edit_singleline(&mut rule.name);
    super::a11y::name(&r, lang.t(T::RuleName));
    changed |= r.changed();
    changed |= combine_picker(ui, ("combine", ri), &mut rule.combine, lang);
    let mut remove = None;
    for (ci, c) in rule.conditions.iter_mut().enumerate() {
        let (ch, del) = condition_row(ui, ("c", ri, ci), c, t, lang);
        changed |= ch;
        if del {
            remove = Some(ci);
        }
    }
    if let Some(ci) = remove {
        rule.conditions.remove(ci);
        changed = true;
    }
    let mut remove_group = None;
    for (gi, g) in rule.groups.iter_mut().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(lang.t(T::Group));
                changed |= combine_picker(ui, ("gcombine", ri, gi), &mut g.combine, lang);
                if ui.small_button("×").clicked() {
                    remove_group = Some(gi);
                }
            });
            let mut remove = None;
            for (ci, c) in g.conditions.iter_mut().enumerate() {
                let (ch, del) = condition_row(ui, ("g", ri, gi * 1000 + ci), c, t, lang);
                changed |= ch;
                if del {
                    remove = Some(ci);
                }
            }
            if let Some(ci) = remove {
                g.conditions.remove(ci);
                changed = true;
            }
            if ui.small_button(lang.t(T::AddCondition)).clicked() {
                g.conditions.push(new_condition(t));
                changed = true;
            }
        });
    }
    if let Some(gi) = remove_group {
        rule.groups.remove(gi);
        changed = true;
    }
    ui.horizontal_wrapped(|ui| {
        if ui.small_button(lang.t(T::AddCondition)).clicked() {
            rule.conditions.push(new_condition(t));
            changed = true;
        }
        if ui.small_button(lang.t(T::AddGroup)).clicked() {
            rule.groups.push(Group {
                combine: Combine::Any,
                conditions: vec![new_condition(t)],
            });
            changed = true;
        }
        if ui.small_button(lang.t(T::DeleteRule)).clicked() {
            *delete = Some(ri);
        }
    });
    for id in rule
        .indicators()
        .iter()
        .filter(|id| t.indicator_index(id).is_none())
    {
        ui.colored_label(ui.visuals().warn_fg_color, lang.f(T::NotInTable, &[id]));
    }
    changed
}

fn new_condition(t: &IndicatorTable) -> Condition {
    Condition {
        indicator: t
            .indicators
            .first()
            .map(|i| i.id.clone())
            .unwrap_or_default(),
        op: Op::Ge,
        threshold: Threshold::City {
            factor: 1.0,
            offset: 0.0,
        },
    }
}

fn combine_picker(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    c: &mut Combine,
    lang: Lang,
) -> bool {
    let before = *c;
    let combo = egui::ComboBox::from_id_salt(id)
        .selected_text(lang.t(if *c == Combine::All {
            T::AllOf
        } else {
            T::AnyOf
        }))
        .show_ui(ui, |ui| {
            ui.selectable_value(c, Combine::All, lang.t(T::AllOf));
            ui.selectable_value(c, Combine::Any, lang.t(T::AnyOf));
        });
    super::a11y::name(&combo.response, lang.t(T::Combine));
    *c != before
}

/// One condition's editor; returns (changed, delete requested).
fn condition_row(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug + Copy,
    c: &mut Condition,
    t: &IndicatorTable,
    lang: Lang,
) -> (bool, bool) {
    let before = c.clone();
    let mut delete = false;
    ui.horizontal_wrapped(|ui| {
        let current = t
            .indicator_index(&c.indicator)
            .map(|i| indicator_label(t, i, lang))
            .unwrap_or_else(|| c.indicator.clone());
        let combo = egui::ComboBox::from_id_salt(("ind", id))
            .width(150.0)
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (i, ind) in t.indicators.iter().enumerate() {
                    ui.selectable_value(
                        &mut c.indicator,
                        ind.id.clone(),
                        indicator_label(t, i, lang),
                    );
                }
            });
        super::a11y::name(&combo.response, lang.t(T::Indicator));
        let combo = egui::ComboBox::from_id_salt(("op", id))
            .width(36.0)
            .selected_text(c.op.symbol())
            .show_ui(ui, |ui| {
                for op in Op::ALL {
                    ui.selectable_value(&mut c.op, op, op.symbol());
                }
            });
        super::a11y::name(&combo.response, lang.t(T::Comparison));
        let kind = match c.threshold {
            Threshold::City { .. } => 0,
            Threshold::Percentile(_) => 1,
            Threshold::Absolute(_) => 2,
        };
        let mut new_kind = kind;
        let combo = egui::ComboBox::from_id_salt(("kind", id))
            .width(90.0)
            .selected_text(lang.t([
                T::CityReference,
                T::ThresholdPercentile,
                T::ThresholdAbsolute,
            ][kind]))
            .show_ui(ui, |ui| {
                for (k, text) in [
                    T::CityReference,
                    T::ThresholdPercentile,
                    T::ThresholdAbsolute,
                ]
                .iter()
                .enumerate()
                {
                    ui.selectable_value(&mut new_kind, k, lang.t(*text));
                }
            });
        super::a11y::name(&combo.response, lang.t(T::ThresholdKind));
        if new_kind != kind {
            c.threshold = match new_kind {
                0 => Threshold::City {
                    factor: 1.0,
                    offset: 0.0,
                },
                1 => Threshold::Percentile(75.0),
                _ => Threshold::Absolute(0.0),
            };
        }
        match &mut c.threshold {
            Threshold::City { factor, offset } => {
                let r = ui.add(
                    super::numbers::drag(factor, lang, 2)
                        .speed(0.01)
                        .range(0.0..=100.0),
                );
                super::a11y::name(&r, lang.t(T::Factor));
                ui.label(lang.t(T::ThresholdCity));
                let r = ui.add(super::numbers::drag(offset, lang, 2).speed(0.1));
                super::a11y::name(&r, lang.t(T::Offset));
            }
            Threshold::Percentile(p) => {
                let r = ui.add(
                    super::numbers::drag(p, lang, 1)
                        .speed(0.5)
                        .range(0.0..=100.0)
                        .suffix(" %"),
                );
                super::a11y::name(&r, lang.t(T::ThresholdPercentile));
            }
            Threshold::Absolute(v) => {
                let r = ui.add(super::numbers::drag(v, lang, 3).speed(0.1));
                super::a11y::name(&r, lang.t(T::ThresholdAbsolute));
            }
        }
        if ui.small_button("×").clicked() {
            delete = true;
        }
    });
    (*c != before, delete)
}

/// Sets the threshold so that it equals `value` for a city reference of `reference` (used when
/// a threshold line is dragged): the offset moves for city thresholds.
pub fn set_threshold_at(th: &mut Threshold, value: f64, reference: Option<f64>) {
    match th {
        Threshold::City { factor, offset } => {
            if let Some(r) = reference {
                *offset = value - *factor * r;
            }
        }
        Threshold::Percentile(_) => {}
        Threshold::Absolute(v) => *v = value,
    }
}
