//! Data → *Derived indicators*: the formula editor. The derived indicators of the data set are
//! listed (those of the metadata file read-only, the user's with Edit and Delete); the form
//! takes an id, label, unit and formula, with a live preview for the shown year — how many
//! values, their range, the denominator a ratio records — or the error in words (unknown
//! indicator, a bracket not closed …). Adding or saving replaces the list in one undo step.

use atlas_data::formula::{bind, evaluate};
use atlas_data::model::YearIdx;
use atlas_data::model::{DerivedIndicator, IndicatorTable, Localized};
use atlas_i18n::{Lang, T, format_number};
use atlas_session::{Action, Session, Workspace};

/// (formula, data generation, shown year): when any changes, the preview is computed again.
type PreviewKey = (String, u64, YearIdx);

/// The form and the preview of its formula.
#[derive(Default)]
pub struct DerivedEditor {
    id: String,
    label: String,
    unit: String,
    formula: String,
    /// Index in the user's list being edited (None: a new one).
    editing: Option<usize>,
    /// The preview and what it was computed for.
    preview: Option<(PreviewKey, Result<String, String>)>,
}

/// What a formula gives in one year: count, missing, range, and the denominator it records.
fn preview(t: &IndicatorTable, formula: &str, year: YearIdx, lang: Lang) -> Result<String, String> {
    let b = bind(formula, t).map_err(|e| atlas_i18n::Localize::text(&e, lang))?;
    let all = evaluate(&b, t);
    let n = t.keys.len();
    let v: Vec<f64> = all
        .get(year.get() * n..(year.get() + 1) * n)
        .unwrap_or(&[])
        .iter()
        .copied()
        .filter(|x| !x.is_nan())
        .collect();
    let year_label = t.year_at(year);
    let mut s = lang.f(
        T::DerivedPreview,
        &[
            &year_label.to_string(),
            &v.len().to_string(),
            &(n - v.len()).to_string(),
        ],
    );
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if lo.is_finite() {
        s.push_str(&format!(
            " · {} – {}",
            format_number(lo, 2, lang),
            format_number(hi, 2, lang)
        ));
    }
    if let Some(d) = &b.denominator {
        s.push_str(" · ");
        s.push_str(&lang.f(T::DerivedRatio, &[d]));
    }
    Ok(s)
}

impl DerivedEditor {
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        ws: &Workspace,
        session: &Session,
        actions: &mut Vec<Action>,
    ) {
        let was = session.windows.contains(&atlas_session::Window::Derived);
        if !was {
            return;
        }
        let lang = session.view.lang;
        let mut open = true;
        egui::Window::new(lang.t(T::DerivedIndicators).trim_end_matches('…'))
            .constrain_to(super::layout::below_menu(ctx))
            .open(&mut open)
            .default_width(620.0)
            .show(ctx, |ui| self.body(ui, ws, lang, actions));
        if !open {
            actions.push(Action::ShowWindow(atlas_session::Window::Derived, false));
        }
    }

    /// The derived indicators defined: those of the metadata (read only) and the user's,
    /// each with Edit and Delete.
    fn defined_list(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        lang: Lang,
        actions: &mut Vec<Action>,
    ) {
        let mine = &ws.dataset.derived;
        let from_meta = ws
            .dataset
            .table
            .as_ref()
            .map(|d| d.meta_derived.clone())
            .unwrap_or_default();
        for d in &from_meta {
            ui.label(format!(
                "{} = {}  ({})",
                d.id,
                d.formula,
                lang.t(T::FromMetadata)
            ));
        }
        let mut remove = None;
        for (i, d) in mine.iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(&d.id).strong());
                ui.label(format!("= {}", d.formula));
                if ui.small_button(lang.t(T::Edit)).clicked() {
                    self.id = d.id.clone();
                    self.label = d.label.get(lang.code()).unwrap_or_default().to_owned();
                    self.unit = d.unit.get(lang.code()).unwrap_or_default().to_owned();
                    self.formula = d.formula.clone();
                    self.editing = Some(i);
                }
                if ui.small_button(lang.t(T::DeleteDerived)).clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            let mut list = mine.clone();
            list.remove(i);
            actions.push(Action::SetDerived(list));
            self.editing = None;
        }
        if !mine.is_empty() || !from_meta.is_empty() {
            ui.separator();
        }
    }

    /// The form: id, label, unit and formula, the functions, and the indicators to write
    /// with (one click inserts the id).
    fn form(&mut self, ui: &mut egui::Ui, t: &atlas_data::model::IndicatorTable, lang: Lang) {
        egui::Grid::new("derived_form")
            .num_columns(2)
            .show(ui, |ui| {
                for (label, text, hint) in [
                    (T::DerivedId, &mut self.id, "foreign_share"),
                    (T::DerivedLabel, &mut self.label, ""),
                    (T::DerivedUnit, &mut self.unit, "%"),
                ] {
                    ui.label(lang.t(label));
                    let r = ui.add(egui::TextEdit::singleline(text).hint_text(example(hint, lang)));
                    super::a11y::name(&r, lang.t(label));
                    ui.end_row();
                }
                ui.label(lang.t(T::Formula));
                let r = ui.add(
                    egui::TextEdit::multiline(&mut self.formula)
                        .desired_rows(2)
                        .desired_width(440.0)
                        .code_editor()
                        .hint_text(example("inhabitants_foreigners / inhabitants * 100", lang)),
                );
                super::a11y::name(&r, lang.t(T::Formula));
                ui.end_row();
            });
        ui.label(
            egui::RichText::new(
                "lag(x, n) · change(x, n) · pct_change(x, n) · sum_years(x, a, b) · share(x) · eb_rate(e, b) · + − × ÷ ( )",
            )
            .small()
            .monospace(),
        );
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(lang.t(T::Indicators)).small());
            for ind in &t.indicators {
                if ui.small_button(&ind.id).clicked() {
                    let id = if ind
                        .id
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
                    {
                        ind.id.clone()
                    } else {
                        format!("\"{}\"", ind.id)
                    };
                    if !self.formula.is_empty() && !self.formula.ends_with(' ') {
                        self.formula.push(' ');
                    }
                    self.formula.push_str(&id);
                }
            }
        });
    }

    fn body(&mut self, ui: &mut egui::Ui, ws: &Workspace, lang: Lang, actions: &mut Vec<Action>) {
        let Some(t) = ws.table() else {
            ui.label(lang.t(T::NoTable));
            return;
        };
        let mine = &ws.dataset.derived;
        self.defined_list(ui, ws, lang, actions);
        self.form(ui, t, lang);
        // The preview, computed when the formula, the data or the year changes.
        let key = (self.formula.clone(), ws.data_id, ws.year);
        if self.preview.as_ref().is_none_or(|(k, _)| *k != key) {
            let p = if self.formula.trim().is_empty() {
                Ok(lang.t(T::FormulaEmpty).to_owned())
            } else {
                preview(t, &self.formula, ws.year, lang)
            };
            self.preview = Some((key, p));
        }
        let id = self.id.trim().to_owned();
        let taken = t.indicator_index(&id).is_some()
            && self
                .editing
                .and_then(|i| mine.get(i))
                .is_none_or(|d| d.id != id);
        let ok = match self.preview.as_ref().map(|p| &p.1) {
            Some(Ok(text)) if self.formula.trim().is_empty() => {
                ui.label(egui::RichText::new(text).weak());
                false
            }
            Some(Ok(text)) => {
                ui.colored_label(ui.visuals().hyperlink_color, text);
                true
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                false
            }
            None => false,
        };
        if taken {
            ui.colored_label(
                ui.visuals().error_fg_color,
                lang.f(T::DerivedIdTaken, &[&id]),
            );
        }
        ui.horizontal(|ui| {
            let ready = ok && !id.is_empty() && !taken;
            let text = if self.editing.is_some() {
                T::SaveChanges
            } else {
                T::AddDerived
            };
            // A greyed-out button says why.
            let why = if id.is_empty() {
                T::DerivedNeedsId
            } else if taken {
                T::DerivedNeedsFreeId
            } else {
                T::DerivedNeedsFormula
            };
            if ui
                .add_enabled(ready, egui::Button::new(lang.t(text)))
                .on_disabled_hover_text(lang.t(why))
                .clicked()
            {
                let def = DerivedIndicator {
                    id: id.clone(),
                    formula: self.formula.trim().to_owned(),
                    label: if self.label.trim().is_empty() {
                        Localized::default()
                    } else {
                        Localized::plain(self.label.trim())
                    },
                    unit: Localized::plain(self.unit.trim()),
                    ..Default::default()
                };
                let mut list = mine.clone();
                match self.editing.take() {
                    Some(i) if i < list.len() => list[i] = def,
                    _ => list.push(def),
                }
                actions.push(Action::SetDerived(list));
                // The new indicator is shown at once.
                actions.push(Action::SetIndicator(id.clone()));
                *self = DerivedEditor::default();
            }
            if self.editing.is_some() && ui.button(lang.t(T::Cancel)).clicked() {
                *self = DerivedEditor::default();
            }
        });
    }
}

/// A placeholder written as an example, in italics and faint, so that it does not look like a
/// value already entered.
fn example(text: &str, lang: Lang) -> egui::RichText {
    if text.is_empty() {
        return egui::RichText::new("");
    }
    egui::RichText::new(lang.f(T::ForExample, &[text]))
        .italics()
        .weak()
}
