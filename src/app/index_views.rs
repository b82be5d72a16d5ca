//! The composite index through time, under the map mode when an index map is shown: the
//! transitions of the first index's classes between a chosen year and the shown one (rows:
//! the earlier year; a cell's count is of table keys, as the published reports count, and a
//! click selects its districts, as the LISA transitions do).

use atlas_i18n::T;
use atlas_session::Action;
use atlas_session::state::{MapMode, ViewState};
use atlas_session::workspace::Workspace;

pub fn index_transitions(
    ui: &mut egui::Ui,
    ws: &Workspace,
    view: &ViewState,
    actions: &mut Vec<Action>,
) {
    let lang = view.lang;
    let (Some(t), Some(spec)) = (ws.table(), ws.indices.specs.first()) else {
        return;
    };
    if view.map_mode.indices_needed() == 0 || t.years.len() < 2 {
        return;
    }
    // The year before the shown one unless one was chosen (the first year when the first is
    // shown).
    let shown = ws.year;
    let from = view
        .transition_from
        .and_then(|y| t.year_index(y))
        .unwrap_or_else(|| {
            atlas_data::model::YearIdx(if shown.get() == 0 { 0 } else { shown.get() - 1 })
        });
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(lang.t(T::IndexTransitions)).strong());
        let combo = egui::ComboBox::from_id_salt("index_from")
            .selected_text(t.year_at(from).to_string())
            .show_ui(ui, |ui| {
                for (y, year) in t.years_enumerated() {
                    if ui.selectable_label(y == from, year.to_string()).clicked() && y != from {
                        actions.push(Action::SetTransitionFrom(year));
                    }
                }
            });
        super::a11y::name(&combo.response, lang.t(T::IndexTransitions));
        ui.label(format!("– {}", t.year_at(shown)));
    });
    ui.label(egui::RichText::new(spec.name(lang)).small().weak());
    let Some(cells) =
        atlas_session::indices::transition_cells(&ws.indices, &ws.dataset, from, shown)
    else {
        return;
    };
    let k = spec.classes.len();
    let name = |i: usize| {
        if i < k {
            atlas_session::indices::class_label(spec, i, lang)
        } else {
            lang.t(T::NotInIndex).to_owned()
        }
    };
    // "Not in the index" only where a key is out in one of the years.
    let used: Vec<usize> = (0..=k)
        .filter(|&i| i < k || (0..=k).any(|j| cells[i][j].0 > 0 || cells[j][i].0 > 0))
        .collect();
    // Columns by number (the rows name them): four or five classes fit a side panel of a
    // 1280-px screen.
    let number = |i: usize| {
        if i < k {
            (i + 1).to_string()
        } else {
            "–".to_owned()
        }
    };
    egui::Grid::new("index_transitions")
        .striped(true)
        .show(ui, |ui| {
            ui.label(format!("{} \\ {}", t.year_at(from), t.year_at(shown)));
            for &j in &used {
                ui.label(number(j)).on_hover_text(name(j));
            }
            ui.end_row();
            for &i in &used {
                ui.label(format!("{} {}", number(i), name(i)));
                for &j in &used {
                    let (n, districts) = &cells[i][j];
                    let r = ui.add_enabled(*n > 0, egui::Button::new(n.to_string()).small());
                    // Read out as "sehr niedrig → niedrig: 3".
                    super::a11y::name(&r, &format!("{} → {}: {n}", name(i), name(j)));
                    if r.clicked() {
                        actions.push(Action::SelectOnly(districts.clone()));
                    }
                }
                ui.end_row();
            }
        });
    if view.map_mode == MapMode::IndexPersistence {
        ui.label(
            egui::RichText::new(lang.t(T::IndexPersistenceHint))
                .small()
                .weak(),
        );
    }
}
