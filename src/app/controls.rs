//! The side panel: indicator picker (labels and units from the metadata), classification
//! scheme and class count, colour ramp with preview and reverse, pooled or per-year breaks,
//! the manual-breaks editor, labels, and a summary of the loaded data with the join report.

use super::breaks_editor::BreaksEditor;
use super::map_view::color;
use atlas_analysis::classify::{BreakMode, MAX_CLASSES, MIN_CLASSES, Scheme};
use atlas_analysis::ramps::{self, RAMPS, RampKind};
use atlas_i18n::{Lang, T};
use atlas_scene::text::indicator_label_with_unit;
use atlas_scene::text::scheme_label;
use atlas_session::Action;
use atlas_session::state::{MapMode, Styling, ViewState};
use atlas_session::workspace::Workspace;

/// Schemes in menu order, with the class count filled from the styling.
fn schemes(s: &Styling, current: &Scheme) -> Vec<Scheme> {
    let k = s.k;
    let manual = match current {
        Scheme::Manual { breaks } => breaks.clone(),
        _ => Vec::new(),
    };
    vec![
        Scheme::Quantiles { k },
        Scheme::EqualInterval { k },
        Scheme::NaturalBreaks { k },
        Scheme::StdMean,
        Scheme::BoxMap {
            hinge: atlas_analysis::classify::DEFAULT_HINGE,
        },
        Scheme::Percentiles,
        Scheme::HeadTail,
        Scheme::Manual { breaks: manual },
    ]
}

pub fn side_panel(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    editor: &mut BreaksEditor,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    let Some(_) = ws.table() else {
        ui.label(lang.t(T::NoTable));
        data_summary(ui, ws, lang, actions);
        return;
    };
    indicator_picker(ui, ws, view, actions);
    ui.separator();

    ui.heading(lang.t(T::Classification));
    let mut s = view.styling.clone();
    // The typology and persistence maps are not classified: their controls are greyed out,
    // and say why.
    let classified = matches!(view.map_mode, MapMode::Choropleth | MapMode::Change);
    if !classified {
        // The cluster maps use the indicator's values, the rule maps its rules.
        let why = if view.map_mode.is_spatial() {
            T::ClassificationNotUsedSpatial
        } else if matches!(
            view.map_mode,
            MapMode::IndexClasses | MapMode::StatusDynamics | MapMode::IndexPersistence
        ) {
            T::ClassificationNotUsedIndex
        } else if view.map_mode == MapMode::LocationQuotient {
            T::ClassificationNotUsedLq
        } else {
            T::ClassificationNotUsed
        };
        ui.label(egui::RichText::new(lang.t(why)).small().weak());
    }
    ui.add_enabled_ui(classified, |ui| {
        let shown_scheme = spec_scheme(&s);
        let combo = egui::ComboBox::from_id_salt("scheme")
            .width(ui.available_width())
            .selected_text(scheme_label(&shown_scheme, lang))
            .show_ui(ui, |ui| {
                for sc in schemes(&s, &shown_scheme) {
                    let same = std::mem::discriminant(&sc) == std::mem::discriminant(&shown_scheme);
                    if ui.selectable_label(same, scheme_label(&sc, lang)).clicked() && !same {
                        if let Scheme::Manual { breaks } = &sc
                            && breaks.is_empty()
                        {
                            // Start manual breaks from what the map shows now.
                            let b = ws
                                .choropleth
                                .as_ref()
                                .and_then(|c| c.per_year.get(ws.year.get()))
                                .map(|c| c.breaks.clone())
                                .unwrap_or_default();
                            editor.text = super::breaks_editor::format_breaks(&b, lang);
                            s.scheme = Scheme::Manual { breaks: b };
                        } else {
                            s.scheme = sc;
                        }
                    }
                }
            });
        super::a11y::name(&combo.response, lang.t(T::Classification));
        if shown_scheme.requested_k().is_some() {
            ui.add(egui::Slider::new(&mut s.k, MIN_CLASSES..=MAX_CLASSES).text(lang.t(T::Classes)));
        }
        for (mode, text) in [
            (BreakMode::Pooled, T::BreaksPooled),
            (BreakMode::PerYear, T::BreaksPerYear),
        ] {
            // A change map is classified for its two years: pooled or per year does not apply.
            let r = ui
                .add_enabled_ui(view.map_mode != MapMode::Change, |ui| {
                    ui.radio_value(&mut s.mode, mode, lang.t(text))
                })
                .inner
                .on_disabled_hover_text(lang.t(T::NotInChangeMode));
            super::a11y::name(
                &r,
                &format!("{}: {}", lang.t(T::Classification), lang.t(text)),
            );
        }
        if let Some(e) = &ws.classify_error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                atlas_i18n::Localize::text(e, lang),
            );
        }
        if ws.is_classifying() {
            ui.horizontal_wrapped(|ui| {
                super::banner::busy_mark(ui);
                ui.label("…");
            });
        }

        ramp_controls(ui, ws, &mut s, lang);
        if matches!(s.scheme, Scheme::Manual { .. }) {
            ui.separator();
            ui.label(egui::RichText::new(lang.t(T::ManualBreaks)).strong());
            if let Some(new) = editor.show(ui, ws, &s, lang) {
                s = new;
            }
        }
    });
    if s != view.styling {
        actions.push(Action::SetStyling(s));
    }
    map_texts(ui, view, actions);
    ui.separator();
    let mut labels = view.labels;
    if ui.checkbox(&mut labels, lang.t(T::ShowLabels)).changed() {
        actions.push(Action::SetLabels(labels));
    }
    ui.separator();
    super::context_panel::context_layer(ui, ws, view, actions);
    ui.separator();
    data_summary(ui, ws, lang, actions);
}

/// The indicator shown, with its description.
fn indicator_picker(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    let Some(t) = ws.table() else { return };
    ui.heading(lang.t(T::Indicator));
    let current = ws.indicator.or_else(|| ws.resolve_indicator(view));
    let label_of = |i: usize| indicator_label_with_unit(t, i, lang);
    let combo = egui::ComboBox::from_id_salt("indicator")
        .width(ui.available_width())
        .selected_text(current.map(label_of).unwrap_or_default())
        .show_ui(ui, |ui| {
            for i in 0..t.indicators.len() {
                if ui
                    .selectable_label(current == Some(i), label_of(i))
                    .clicked()
                    && current != Some(i)
                {
                    actions.push(Action::SetIndicator(t.indicators[i].id.clone()));
                }
            }
        });
    super::a11y::name(&combo.response, lang.t(T::Indicator));
    if let Some(i) = current
        && let Some(d) = t.indicators[i].meta.description.get(lang.code())
    {
        ui.label(egui::RichText::new(d).small().weak());
    }
}

/// The colour ramp with its preview and reversal, the colour-vision check of the classes
/// drawn, and (for shares and rates) the minimum denominator.
fn ramp_controls(ui: &mut egui::Ui, ws: &Workspace, s: &mut Styling, lang: Lang) {
    ui.label(lang.t(T::Ramp));
    let combo = egui::ComboBox::from_id_salt("ramp")
        .width(ui.available_width())
        .selected_text(s.ramp.clone())
        .show_ui(ui, |ui| {
            for r in RAMPS.iter().filter(|r| r.kind != RampKind::Qualitative) {
                ui.horizontal_wrapped(|ui| {
                    ramp_preview(ui, r.name, s.reverse);
                    if ui.selectable_label(s.ramp == r.name, r.name).clicked() {
                        s.ramp = r.name.to_owned();
                    }
                });
            }
        });
    super::a11y::name(&combo.response, lang.t(T::Ramp));
    ui.horizontal_wrapped(|ui| {
        ramp_preview(ui, &s.ramp, s.reverse);
        let r = ui.checkbox(&mut s.reverse, lang.t(T::Reverse));
        super::a11y::name(&r, &format!("{}: {}", lang.t(T::Ramp), lang.t(T::Reverse)));
    });
    // The colour-vision check of the classes drawn: steps a deficiency loses.
    if let Some(colors) = ws
        .choropleth
        .as_ref()
        .and_then(|c| c.colors.get(ws.year.get()))
    {
        for v in atlas_analysis::vision::Vision::SIMULATED {
            for (i, _) in atlas_analysis::vision::confusable(colors, v) {
                let name = lang.t(atlas_scene::text::vision_text(v));
                let text = lang.f(
                    T::HardToTell,
                    &[&(i + 1).to_string(), &(i + 2).to_string(), name],
                );
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    egui::RichText::new(text).small(),
                );
            }
        }
    }
    // Small numbers: only for shares and rates that name their denominator.
    let has_denominator = ws
        .table()
        .zip(ws.indicator)
        .is_some_and(|(t, i)| t.indicators[i].meta.denominator.is_some());
    if has_denominator {
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.t(T::MinDenominator));
            let r = ui
                .add(egui::DragValue::new(&mut s.min_denominator).range(0..=1_000_000))
                .on_hover_text(lang.t(T::MinDenominatorHelp));
            super::a11y::name(&r, lang.t(T::MinDenominator));
        });
    }
}

/// The scheme as classified (class count from the styling).
fn spec_scheme(s: &Styling) -> Scheme {
    atlas_session::workspace::spec_for(0, s).scheme
}

fn ramp_preview(ui: &mut egui::Ui, name: &str, reverse: bool) {
    let colors = ramps::colors(name, 7, reverse).unwrap_or_default();
    let (r, _) = ui.allocate_exact_size(egui::vec2(70.0, 12.0), egui::Sense::hover());
    let w = r.width() / colors.len().max(1) as f32;
    for (i, c) in colors.iter().enumerate() {
        let cell = egui::Rect::from_min_size(
            r.min + egui::vec2(i as f32 * w, 0.0),
            egui::vec2(w, r.height()),
        );
        ui.painter().rect_filled(cell, 0.0, color(*c));
    }
}

fn data_summary(ui: &mut egui::Ui, ws: &Workspace, lang: Lang, actions: &mut Vec<Action>) {
    let ds = &ws.dataset;
    ui.label(egui::RichText::new(ds.districts.source.clone()).strong());
    ui.label(lang.f(T::Features, &[&ds.districts.districts.len().to_string()]));
    ui.small(format!(
        "CRS {}",
        atlas_scene::text::crs_text(ds.districts.crs, ds.districts.crs_source, lang)
    ));
    if let Some(j) = &ds.join {
        let r = &j.report;
        ui.label(lang.f(
            T::Matched,
            &[&r.matched.to_string(), &r.districts.to_string()],
        ));
    }
    if ui.button(lang.t(T::JoinReport)).clicked() {
        actions.push(Action::ShowWindow(atlas_session::Window::JoinReport, true));
    }
}

/// The map's own title, subtitle and source (empty fields: automatic), saved with scenes and
/// projects and used by every export.
fn map_texts(ui: &mut egui::Ui, view: &ViewState, actions: &mut Vec<Action>) {
    let lang = view.lang;
    egui::CollapsingHeader::new(lang.t(T::MapTexts))
        .id_salt("map_texts")
        .show(ui, |ui| {
            let mut text = view.text.clone();
            let mut changed = false;
            for (label, field) in [
                (T::MapTitle, &mut text.title),
                (T::MapSubtitle, &mut text.subtitle),
                (T::MapSource, &mut text.source),
            ] {
                ui.label(lang.t(label));
                let mut s = field.clone().unwrap_or_default();
                let r = ui.add(
                    egui::TextEdit::singleline(&mut s)
                        .hint_text(lang.t(T::Automatic))
                        .desired_width(ui.available_width()),
                );
                super::a11y::name(&r, lang.t(label));
                if r.changed() {
                    *field = (!s.trim().is_empty()).then_some(s);
                    changed = true;
                }
            }
            if changed {
                actions.push(Action::SetMapText(text));
            }
        });
}
