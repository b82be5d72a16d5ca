//! Data → *Composite index…*: the index editor. The status (and dynamics) index of the view —
//! a preset or one made here — with its components and weights, the population column and
//! minimum, the keys left out, standardisation, and the class thresholds; beside it the live
//! counts per class for the shown year (computed when the form changes, not per frame) or the
//! error in words. Apply replaces the view's indices in one undo step.

use atlas_analysis::index::{ClassSpec, Component, IndexSpec, Label, Standardise, compute};
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
    /// A spec read from a file, to go into the shown tab once the form is filled.
    pending: Option<IndexSpec>,
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
            let line = lang.f(
                T::IndexCounts,
                &[
                    &t.year_at(year).to_string(),
                    &classes.join(" · "),
                    &y.n.to_string(),
                    &y.excluded.len().to_string(),
                ],
            );
            // A scheme's bounds this year: what the thresholds would be.
            if y.breaks.is_empty() {
                line
            } else {
                let b: Vec<String> = y
                    .breaks
                    .iter()
                    .map(|b| format!("≤ {}", format_number(*b, 2, lang)))
                    .collect();
                format!("{line}\n{}", lang.f(T::IndexBounds, &[&b.join(" · ")]))
            }
        }
        Err(e) => e.text(lang),
    }
}

impl IndexEditor {
    /// A spec read from a file goes into the shown tab (applied with Apply).
    pub fn load(&mut self, spec: IndexSpec) {
        self.pending = Some(spec);
    }

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
        if let Some(spec) = self.pending.take() {
            self.excluded_text = spec.exclude.join(", ");
            match self.specs.get_mut(self.shown) {
                Some(s) => *s = spec,
                None => {
                    self.specs.push(spec);
                    self.shown = self.specs.len() - 1;
                }
            }
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
        name(ui, spec, lang);
        ui.separator();
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
            // A spec file: read into this tab (applied with Apply), or this tab written out
            // (applied first, so that the file is what the map shows).
            if ui.button(lang.t(T::OpenIndexSpec)).clicked() {
                actions.push(Action::Pick(atlas_session::FileKind::IndexSpec));
            }
            if ui
                .add_enabled(valid, egui::Button::new(lang.t(T::SaveIndexSpec)))
                .clicked()
            {
                if self.specs != self.from {
                    actions.push(Action::SetIndices(self.specs.clone()));
                }
                actions.push(Action::SaveIndexSpec(self.shown));
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

/// The label of `label` in `lang`, editable (an empty text removes it: the id stands in).
fn label_field(
    ui: &mut egui::Ui,
    label: &mut Option<Label>,
    (id, width): (&str, f32),
    lang: Lang,
    name: &str,
) {
    let mut text = label
        .as_ref()
        .and_then(|l| match lang {
            Lang::De => l.de.clone(),
            Lang::En => l.en.clone(),
        })
        .unwrap_or_default();
    let r = ui.add(
        egui::TextEdit::singleline(&mut text)
            .hint_text(id)
            .desired_width(width),
    );
    super::a11y::name(&r, name);
    if r.changed() {
        let l = label.get_or_insert_with(Label::default);
        let v = (!text.trim().is_empty()).then(|| text.clone());
        match lang {
            Lang::De => l.de = v,
            Lang::En => l.en = v,
        }
        if l.de.is_none() && l.en.is_none() {
            *label = None;
        }
    }
}

/// The index's id and its name in the UI language.
fn name(ui: &mut egui::Ui, spec: &mut IndexSpec, lang: Lang) {
    ui.horizontal(|ui| {
        ui.label(lang.t(T::IndexId));
        let r = ui.add(egui::TextEdit::singleline(&mut spec.id).desired_width(110.0));
        super::a11y::name(&r, lang.t(T::IndexId));
        ui.label(lang.t(T::IndexName));
        let id = spec.id.clone();
        label_field(
            ui,
            &mut spec.label,
            (&id, 260.0),
            lang,
            lang.t(T::IndexName),
        );
    });
}

/// How the classes are cut: fixed thresholds, or a scheme of the map each year.
fn scheme(ui: &mut egui::Ui, spec: &mut IndexSpec, lang: Lang) {
    let text = |s: Option<&str>| {
        lang.t(match s {
            Some("quantiles") => T::SchemeQuantiles,
            Some("equal") => T::SchemeEqual,
            Some("jenks") => T::SchemeJenks,
            _ => T::IndexThresholds,
        })
    };
    let before = spec.scheme.clone();
    let combo = egui::ComboBox::from_id_salt("index_scheme")
        .selected_text(text(spec.scheme.as_deref()))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut spec.scheme, None, text(None));
            for s in atlas_analysis::index::spec::INDEX_SCHEMES {
                ui.selectable_value(&mut spec.scheme, Some(s.to_owned()), text(Some(s)));
            }
        });
    super::a11y::name(&combo.response, lang.t(T::IndexScheme));
    if spec.scheme != before {
        if spec.scheme.is_some() {
            // A scheme cuts the classes itself.
            for c in &mut spec.classes {
                (c.below, c.upto) = (None, None);
            }
        } else {
            // Back to thresholds: one unit apart around 0, the last class open.
            let n = spec.classes.len();
            for (i, c) in spec.classes.iter_mut().enumerate() {
                c.upto = (i + 1 < n).then(|| i as f64 - (n as f64 - 2.0) / 2.0);
            }
        }
    }
}

/// The classes in order: id, label, the bound ("<" or "≤") and its value (the last takes the
/// rest; with a scheme there are no bounds); add and remove classes.
fn classes(ui: &mut egui::Ui, spec: &mut IndexSpec, lang: Lang) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(lang.t(T::IndexClasses)).strong());
        scheme(ui, spec, lang);
    });
    let n = spec.classes.len();
    let by_scheme = spec.scheme.is_some();
    let mut remove = None;
    for (i, c) in spec.classes.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let r = ui.add(egui::TextEdit::singleline(&mut c.id).desired_width(90.0));
            super::a11y::name(&r, &format!("{} {}", lang.t(T::IndexClass), i + 1));
            let id = c.id.clone();
            label_field(
                ui,
                &mut c.label,
                (&id, 130.0),
                lang,
                &format!(
                    "{} {}: {}",
                    lang.t(T::IndexClass),
                    i + 1,
                    lang.t(T::IndexName)
                ),
            );
            if i + 1 == n || by_scheme {
                if !by_scheme {
                    ui.label(lang.t(T::IndexRest));
                }
                c.below = None;
                c.upto = None;
            } else {
                bound(ui, c, i, lang);
            }
            if n > 2
                && ui
                    .small_button("×")
                    .on_hover_text(lang.t(T::RemoveClass))
                    .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        spec.classes.remove(i);
    }
    if spec.classes.len() < atlas_analysis::classify::MAX_CLASSES
        && ui.button(lang.t(T::AddClass)).clicked()
    {
        add_class(spec);
    }
}

/// A class before the last, its bound half a unit above the one before.
fn add_class(spec: &mut IndexSpec) {
    let n = spec.classes.len();
    let last_bound = spec
        .classes
        .iter()
        .filter_map(|c| c.below.or(c.upto))
        .next_back();
    let upto = match (&spec.scheme, last_bound) {
        (Some(_), _) => None,
        (None, Some(b)) => Some(b + 0.5),
        (None, None) => Some(0.0),
    };
    spec.classes.insert(
        n.saturating_sub(1),
        ClassSpec {
            id: format!("class_{}", n + 1),
            label: None,
            below: None,
            upto,
        },
    );
}

/// A class's bound: "<" or "≤" and the value.
fn bound(ui: &mut egui::Ui, c: &mut ClassSpec, i: usize, lang: Lang) {
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
}
