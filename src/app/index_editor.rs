//! Data → *Composite index…*: the index editor. The status (and dynamics) index of the view —
//! a preset or one made here — with its components and weights, the population column and
//! minimum, the keys left out, standardisation, and the class thresholds; beside it the live
//! counts per class for the shown year (computed when the form changes, not per frame) or the
//! error in words. Apply replaces the view's indices in one undo step.

use atlas_analysis::index::{ClassSpec, Component, IndexSpec, Standardise, compute};
use atlas_data::model::{IndicatorTable, YearIdx};
use atlas_i18n::{Lang, Localize, T, format_number};
use atlas_session::{Action, Session, Workspace};

/// The form: the specs being edited, which one is shown, and the live counts.
#[derive(Default)]
pub struct IndexEditor {
    specs: Vec<IndexSpec>,
    shown: usize,
    /// What the form was filled from (the view's indices): a change there refills it.
    from: Vec<IndexSpec>,
    excluded_text: String,
    /// (spec, year, data id) the counts were computed for, and the counts line.
    counts: Option<((IndexSpec, YearIdx, u64), String)>,
}

/// A new index with the table's first numeric indicator, z-standardised, cut at ±1.
fn blank(t: &IndicatorTable) -> IndexSpec {
    IndexSpec {
        id: "index".into(),
        label: None,
        note: None,
        components: vec![Component {
            indicator: t
                .indicators
                .first()
                .map(|i| i.id.clone())
                .unwrap_or_default(),
            weight: 1.0,
        }],
        population: None,
        min_population: None,
        exclude: Vec::new(),
        standardise: Standardise::Z,
        rescale: atlas_analysis::index::Rescale::Z,
        scheme: None,
        classes: vec![
            ClassSpec {
                id: "low".into(),
                label: None,
                below: Some(-1.0),
                upto: None,
            },
            ClassSpec {
                id: "medium".into(),
                label: None,
                below: None,
                upto: Some(1.0),
            },
            ClassSpec {
                id: "high".into(),
                label: None,
                below: None,
                upto: None,
            },
        ],
    }
}

/// "hoch 75 · mittel 366 · … (536 areas, 6 left out)" for `spec` in `year`.
fn counts_line(t: &IndicatorTable, spec: &IndexSpec, year: YearIdx, lang: Lang) -> String {
    match compute(t, spec, year) {
        Ok(y) => {
            let classes: Vec<String> = spec
                .classes
                .iter()
                .zip(&y.counts)
                .enumerate()
                .map(|(c, (_, n))| {
                    let label = atlas_analysis::index::Label::text(
                        &spec.classes[c].label,
                        &spec.classes[c].id,
                        lang,
                    );
                    format!("{label} {n}")
                })
                .collect();
            lang.f(
                T::IndexCounts,
                &[
                    &t.year_at(year).to_string(),
                    &classes.join(" · "),
                    &y.n.to_string(),
                    &y.excluded.len().to_string(),
                ],
            )
        }
        Err(e) => e.text(lang),
    }
}

impl IndexEditor {
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        ws: &Workspace,
        session: &Session,
        actions: &mut Vec<Action>,
    ) {
        if !session
            .windows
            .contains(&atlas_session::Window::IndexEditor)
        {
            return;
        }
        let lang = session.view.lang;
        let Some(t) = ws.table() else { return };
        if self.from != session.view.indices || self.specs.is_empty() {
            self.from = session.view.indices.clone();
            self.specs = if self.from.is_empty() {
                vec![blank(t)]
            } else {
                self.from.clone()
            };
            self.shown = 0;
            self.excluded_text = self.specs[0].exclude.join(", ");
        }
        let mut open = true;
        egui::Window::new(lang.t(T::CompositeIndex))
            .constrain_to(super::layout::below_menu(ctx))
            .open(&mut open)
            .default_width(560.0)
            .show(ctx, |ui| self.body(ui, ws, t, lang, actions));
        if !open {
            actions.push(Action::ShowWindow(
                atlas_session::Window::IndexEditor,
                false,
            ));
        }
    }

    fn body(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        t: &IndicatorTable,
        lang: Lang,
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal_wrapped(|ui| {
            for i in 0..self.specs.len() {
                let name = self.specs[i].name(lang).to_owned();
                if ui.selectable_label(self.shown == i, name).clicked() {
                    self.shown = i;
                    self.excluded_text = self.specs[i].exclude.join(", ");
                }
            }
            if self.specs.len() < 2 && ui.button(lang.t(T::AddDynamicsIndex)).clicked() {
                let mut d = blank(t);
                d.id = "dynamics".into();
                self.specs.push(d);
            }
        });
        ui.separator();
        let ids: Vec<String> = t.indicators.iter().map(|i| i.id.clone()).collect();
        let Some(spec) = self.specs.get_mut(self.shown) else {
            return;
        };
        components(ui, spec, &ids, lang);
        ui.separator();
        population(ui, spec, &ids, lang, &mut self.excluded_text);
        ui.separator();
        classes(ui, spec, lang);
        ui.separator();
        // Live counts for the shown year, computed when the form changed.
        let key = (spec.clone(), ws.year, ws.data_id);
        if self.counts.as_ref().map(|c| &c.0) != Some(&key) {
            let line = match spec.check() {
                Ok(()) => counts_line(t, spec, ws.year, lang),
                Err(e) => e.text(lang),
            };
            self.counts = Some((key, line));
        }
        if let Some((_, line)) = &self.counts {
            let r = ui.label(egui::RichText::new(line).strong());
            super::a11y::name(&r, line);
        }
        ui.horizontal(|ui| {
            let valid = self.specs.iter().all(|s| s.check().is_ok());
            if ui
                .add_enabled(valid, egui::Button::new(lang.t(T::ApplyIndex)))
                .clicked()
            {
                actions.push(Action::SetIndices(self.specs.clone()));
            }
        });
    }
}

/// The components: indicator, weight (negative turns the direction), remove; add one.
fn components(ui: &mut egui::Ui, spec: &mut IndexSpec, ids: &[String], lang: Lang) {
    ui.label(egui::RichText::new(lang.t(T::IndexComponents)).strong());
    let mut remove = None;
    for (i, c) in spec.components.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt(("component", i))
                .selected_text(c.indicator.clone())
                .width(240.0)
                .show_ui(ui, |ui| {
                    for id in ids {
                        ui.selectable_value(&mut c.indicator, id.clone(), id);
                    }
                });
            let r = ui.add(egui::DragValue::new(&mut c.weight).speed(0.1).prefix("× "));
            super::a11y::name(&r, &format!("{}: {}", lang.t(T::IndexWeight), c.indicator));
            if ui
                .small_button("×")
                .on_hover_text(lang.t(T::ContextRemove))
                .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove.filter(|_| spec.components.len() > 1) {
        spec.components.remove(i);
    }
    if ui.button(lang.t(T::AddComponent)).clicked() {
        spec.components.push(Component {
            indicator: ids.first().cloned().unwrap_or_default(),
            weight: 1.0,
        });
    }
}

/// The population column, its minimum, the keys left out, standardisation.
fn population(
    ui: &mut egui::Ui,
    spec: &mut IndexSpec,
    ids: &[String],
    lang: Lang,
    excluded: &mut String,
) {
    ui.horizontal(|ui| {
        ui.label(lang.t(T::IndexPopulation));
        let shown = spec.population.clone().unwrap_or_else(|| "–".into());
        egui::ComboBox::from_id_salt("index_population")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut spec.population, None, "–");
                for id in ids {
                    ui.selectable_value(&mut spec.population, Some(id.clone()), id);
                }
            });
        let mut min = spec.min_population.unwrap_or(0.0);
        let r = ui.add(
            egui::DragValue::new(&mut min)
                .speed(10.0)
                .range(0.0..=f64::MAX)
                .prefix("≥ "),
        );
        super::a11y::name(&r, lang.t(T::IndexMinPopulation));
        spec.min_population = (min > 0.0 && spec.population.is_some()).then_some(min);
    });
    ui.horizontal(|ui| {
        ui.label(lang.t(T::IndexExclude));
        let r = ui.add(
            egui::TextEdit::singleline(excluded)
                .hint_text("10100205, …")
                .desired_width(260.0),
        );
        super::a11y::name(&r, lang.t(T::IndexExclude));
        spec.exclude = excluded
            .split([',', ';', ' '])
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect();
    });
    ui.horizontal(|ui| {
        for (s, text) in [
            (Standardise::Z, T::StandardiseZ),
            (Standardise::ZWeighted, T::StandardiseZWeighted),
            (Standardise::None, T::StandardiseNone),
        ] {
            ui.radio_value(&mut spec.standardise, s, lang.t(text));
        }
    });
}

/// The classes in order: id, the bound ("<" or "≤") and its value; the last takes the rest.
fn classes(ui: &mut egui::Ui, spec: &mut IndexSpec, lang: Lang) {
    ui.label(egui::RichText::new(lang.t(T::IndexClasses)).strong());
    let n = spec.classes.len();
    for (i, c) in spec.classes.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let r = ui.add(egui::TextEdit::singleline(&mut c.id).desired_width(110.0));
            super::a11y::name(&r, &format!("{} {}", lang.t(T::IndexClass), i + 1));
            if i + 1 == n {
                ui.label(lang.t(T::IndexRest));
                c.below = None;
                c.upto = None;
                return;
            }
            let mut below = c.below.is_some();
            let mut v = c.below.or(c.upto).unwrap_or(0.0);
            egui::ComboBox::from_id_salt(("bound", i))
                .selected_text(if below { "<" } else { "≤" })
                .width(40.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut below, true, "<");
                    ui.selectable_value(&mut below, false, "≤");
                });
            let r = ui.add(
                egui::DragValue::new(&mut v)
                    .speed(0.05)
                    .custom_formatter(|x, _| format_number(x, 2, lang)),
            );
            super::a11y::name(
                &r,
                &format!("{} {}: {}", lang.t(T::IndexClass), i + 1, c.id),
            );
            (c.below, c.upto) = if below {
                (Some(v), None)
            } else {
                (None, Some(v))
            };
        });
    }
}
