//! The join report window: how table keys matched district keys (matched, districts without
//! rows, table keys without a district with their line numbers, duplicates on both sides),
//! the boundary file's problems, the loader's warnings, and pickers for the key and name
//! fields, which re-join at once.

use atlas_analysis::geog::report_msg::ReportLine;
use atlas_i18n::Localize;
use atlas_i18n::{Lang, T};
use atlas_session::workspace::Workspace;
use atlas_session::{Action, Window};

/// Items listed per section before "… and N more".
const LIST_MAX: usize = 12;

pub fn join_window(
    ctx: &egui::Context,
    open: &mut bool,
    ws: &Workspace,
    session: &atlas_session::Session,
    actions: &mut Vec<Action>,
) {
    let lang = session.view.lang;
    // Over the plots on the right, not over the map: it opens by itself after a load with
    // loose ends, and the map should stay in view.
    let area = ctx.content_rect();
    egui::Window::new(lang.t(T::JoinReport))
        .constrain_to(super::layout::below_menu(ctx))
        .open(open)
        .default_pos([
            (area.right() - 440.0).max(area.left() + 8.0),
            area.top() + 60.0,
        ])
        .default_width(420.0)
        .vscroll(true)
        .show(ctx, |ui| body(ui, ws, session.made_report(), lang, actions));
}

/// A collapsible list of texts (keys, lines: the same in every language).
fn list(ui: &mut egui::Ui, title: &str, items: &[String], lang: Lang) {
    let shown: Vec<&str> = items.iter().take(LIST_MAX).map(String::as_str).collect();
    collapsible(ui, title, &shown, items.len(), lang);
}

/// A collapsible list of messages, each said in the UI language.
fn msg_list<M: Localize>(ui: &mut egui::Ui, title: &str, items: &[M], lang: Lang) {
    let shown: Vec<String> = items.iter().take(LIST_MAX).map(|m| m.text(lang)).collect();
    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
    collapsible(ui, title, &shown, items.len(), lang);
}

fn collapsible(ui: &mut egui::Ui, title: &str, items: &[&str], total: usize, lang: Lang) {
    if items.is_empty() {
        return;
    }
    if total == 0 {
        return;
    }
    egui::CollapsingHeader::new(format!("{title} ({total})"))
        .default_open(total <= LIST_MAX)
        .show(ui, |ui| {
            for s in items {
                ui.label(*s);
            }
            if total > LIST_MAX {
                ui.label(lang.f(T::AndMore, &[&(total - LIST_MAX).to_string()]));
            }
        });
}

fn body(
    ui: &mut egui::Ui,
    ws: &Workspace,
    made: &[ReportLine],
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let ds = &ws.dataset;
    let d = &ds.districts;
    // How a made data set (aggregate, regrid) came about: every line of its report.
    if !made.is_empty() {
        egui::CollapsingHeader::new(lang.t(T::HowMade))
            .default_open(true)
            .show(ui, |ui| {
                for l in made {
                    ui.label(egui::RichText::new(l.text(lang)).small());
                }
            });
        ui.separator();
    }
    // Two district grids: said first, with the way out.
    if let Some(g) = &ds.grid {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            super::banner::grid_text(g, lang),
        );
        let (label, window) = match g.kind {
            atlas_data::grids::GridKind::Revision => (T::CrosswalkMenu, Window::Crosswalk),
            atlas_data::grids::GridKind::Finer { .. } => (T::AggregateMenu, Window::Aggregate),
        };
        if ui.button(lang.t(label)).clicked() {
            actions.push(Action::ShowWindow(window, true));
        }
        ui.separator();
    }
    ui.label(egui::RichText::new(&d.source).strong());
    ui.label(lang.f(T::Features, &[&d.districts.len().to_string()]));
    if d.layers.len() > 1 {
        let current = d.layer.clone().unwrap_or_default();
        ui.horizontal(|ui| {
            ui.label(lang.t(T::Layer));
            egui::ComboBox::from_id_salt("layer")
                .selected_text(&current)
                .show_ui(ui, |ui| {
                    for name in &d.layers {
                        if ui.selectable_label(*name == current, name).clicked() {
                            actions.push(Action::SetLayer(name.clone()));
                        }
                    }
                });
        });
    }
    ui.label(format!(
        "CRS {}",
        atlas_scene::text::crs_text(d.crs, d.crs_source, lang)
    ));
    key_fields(ui, ws, lang, actions);
    if let Some(t) = &ds.table {
        ui.separator();
        ui.label(egui::RichText::new(&t.table.source).strong());
        let delim = match t.reading.delimiter.as_str() {
            "\t" => "Tab".to_owned(),
            c => format!("'{c}'"),
        };
        ui.label(lang.f(
            T::Encoding,
            &[t.reading.encoding, &delim, &decimal_words(&t.reading, lang)],
        ));
        if t.reading.sheets.len() > 1 {
            let current = t.reading.sheet.clone().unwrap_or_default();
            ui.horizontal(|ui| {
                ui.label(lang.t(T::Sheet));
                egui::ComboBox::from_id_salt("sheet")
                    .selected_text(&current)
                    .show_ui(ui, |ui| {
                        for name in &t.reading.sheets {
                            if ui.selectable_label(*name == current, name).clicked() {
                                actions.push(Action::SetSheet(name.clone()));
                            }
                        }
                    });
            });
        }
    }
    join_lists(ui, ws, lang, actions);
    msg_list(ui, lang.t(T::Problems), ws.problem_lines(), lang);
    msg_list(ui, lang.t(T::Warnings), &ds.warnings, lang);
}

/// The key fields of both sides and the name field, each a picker that re-joins at once.
fn key_fields(ui: &mut egui::Ui, ws: &Workspace, lang: Lang, actions: &mut Vec<Action>) {
    let d = &ws.dataset.districts;
    let ws_table = ws.dataset.table.as_ref();
    egui::Grid::new("join_fields")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label(lang.t(T::KeyField));
            let combo = egui::ComboBox::from_id_salt("key_field")
                .selected_text(&d.key_field)
                .show_ui(ui, |ui| {
                    for p in &d.property_names {
                        if ui.selectable_label(*p == d.key_field, p).clicked() && *p != d.key_field
                        {
                            actions.push(Action::SetKeyField(p.clone()));
                        }
                    }
                });
            super::a11y::name(&combo.response, lang.t(T::KeyField));
            ui.end_row();
            if let Some(t) = &ws_table {
                ui.label(lang.t(T::TableKeyColumn));
                let combo = egui::ComboBox::from_id_salt("table_key_column")
                    .selected_text(&t.table.key_column)
                    .show_ui(ui, |ui| {
                        let mut columns: Vec<&str> = vec![t.table.key_column.as_str()];
                        columns.extend(t.reading.key_candidates.iter().map(|c| c.column.as_str()));
                        columns.dedup();
                        for c in columns {
                            if ui.selectable_label(c == t.table.key_column, c).clicked()
                                && c != t.table.key_column
                            {
                                actions.push(Action::SetTableKey(c.to_string()));
                            }
                        }
                    });
                super::a11y::name(&combo.response, lang.t(T::TableKeyColumn));
                ui.end_row();
            }
            ui.label(lang.t(T::NameField));
            let current = d.name_field.clone().unwrap_or_else(|| "—".into());
            let combo = egui::ComboBox::from_id_salt("name_field")
                .selected_text(&current)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(d.name_field.is_none(), "—").clicked() {
                        actions.push(Action::SetNameField(None));
                    }
                    for p in &d.property_names {
                        if ui
                            .selectable_label(Some(p) == d.name_field.as_ref(), p)
                            .clicked()
                        {
                            actions.push(Action::SetNameField(Some(p.clone())));
                        }
                    }
                });
            super::a11y::name(&combo.response, lang.t(T::NameField));
            ui.end_row();
        });
}

/// What the join matched and what it left: districts without rows, table keys without a
/// district (with suggestions), duplicates on both sides.
fn join_lists(ui: &mut egui::Ui, ws: &Workspace, lang: Lang, actions: &mut Vec<Action>) {
    let ds = &ws.dataset;
    if let Some(j) = &ds.join {
        let r = &j.report;
        ui.separator();
        ui.label(
            egui::RichText::new(lang.f(
                T::Matched,
                &[&r.matched.to_string(), &r.districts.to_string()],
            ))
            .strong(),
        );
        if r.zero_padded_matches > 0 {
            ui.label(lang.f(T::ZeroPadded, &[&r.zero_padded_matches.to_string()]));
        }
        list(ui, lang.t(T::WithoutRows), &r.districts_without_data, lang);
        let unmatched: Vec<String> = r
            .unmatched_table_keys
            .iter()
            .map(|u| {
                let lines: Vec<String> = u.lines.iter().take(3).map(|l| l.to_string()).collect();
                format!("{} ({})", u.key, lang.f(T::LineN, &[&lines.join(", ")]))
            })
            .collect();
        list(ui, lang.t(T::UnmatchedKeys), &unmatched, lang);
        suggestions(ui, ws, lang, actions);
        list(
            ui,
            lang.t(T::DuplicateDistrictKeys),
            &r.duplicate_district_keys,
            lang,
        );
        let dups: Vec<String> = r
            .duplicate_table_rows
            .iter()
            .map(|d| {
                let lines: Vec<String> = d.lines.iter().map(|l| l.to_string()).collect();
                let lines = lang.f(T::LineN, &[&lines.join(", ")]);
                format!("{} {} ({lines})", d.key, d.year)
            })
            .collect();
        list(ui, lang.t(T::DuplicateRows), &dups, lang);
    }
}

/// The table's decimal mark in words, and whether the file proved it.
fn decimal_words(r: &atlas_data::load::table::TableReading, lang: Lang) -> String {
    let mark = lang.t(match r.decimal {
        atlas_data::load::numbers::DecimalSeparator::Point => T::DecimalPoint,
        atlas_data::load::numbers::DecimalSeparator::Comma => T::DecimalComma,
    });
    if r.decimal_proven {
        mark.to_string()
    } else {
        lang.f(T::DecimalByConvention, &[mark])
    }
}

/// Suggested districts for unmatched table keys, each to accept, and the join by name.
fn suggestions(ui: &mut egui::Ui, ws: &Workspace, lang: Lang, actions: &mut Vec<Action>) {
    if ws.join_suggestions.is_empty() && ws.name_join.is_empty() {
        return;
    }
    ui.label(egui::RichText::new(lang.t(T::Suggestions)).strong());
    for s in ws.join_suggestions.iter().take(50) {
        ui.horizontal_wrapped(|ui| {
            let from = match &s.table_name {
                Some(n) => format!("{} ({n})", s.table_key),
                None => s.table_key.clone(),
            };
            ui.label(format!(
                "{from} = {} ({}) · {:.0} %",
                s.district_name,
                s.district_key,
                s.score * 100.0
            ));
            if ui.small_button(lang.t(T::Accept)).clicked() {
                actions.push(Action::AcceptAliases(vec![(
                    s.table_key.clone(),
                    s.district_key.clone(),
                )]));
            }
        });
    }
    // Joining many at once asks first, listing every pair it would join.
    let confirm_id = egui::Id::unique("join_confirm");
    let pending: Option<Vec<(String, String)>> = ui.data(|d| d.get_temp(confirm_id));
    if let Some(pairs) = pending {
        ui.separator();
        ui.label(egui::RichText::new(lang.f(T::ConfirmJoin, &[&pairs.len().to_string()])).strong());
        egui::ScrollArea::vertical()
            .max_height(160.0)
            .show(ui, |ui| {
                for (t, d) in &pairs {
                    ui.label(format!("{t} » {d}"));
                }
            });
        ui.horizontal(|ui| {
            if ui
                .button(lang.f(T::JoinThese, &[&pairs.len().to_string()]))
                .clicked()
            {
                actions.push(Action::AcceptAliases(pairs.clone()));
                ui.data_mut(|d| d.remove::<Vec<(String, String)>>(confirm_id));
            }
            if ui.button(lang.t(T::Cancel)).clicked() {
                ui.data_mut(|d| d.remove::<Vec<(String, String)>>(confirm_id));
            }
        });
        return;
    }
    let mut ask = None;
    ui.horizontal_wrapped(|ui| {
        if ws.join_suggestions.len() > 1 && ui.button(lang.t(T::AcceptAll)).clicked() {
            ask = Some(
                ws.join_suggestions
                    .iter()
                    .map(|s| (s.table_key.clone(), s.district_key.clone()))
                    .collect::<Vec<_>>(),
            );
        }
        if !ws.name_join.is_empty()
            && ui
                .button(lang.f(T::JoinByName, &[&ws.name_join.len().to_string()]))
                .clicked()
        {
            ask = Some(ws.name_join.clone());
        }
    });
    if let Some(pairs) = ask {
        ui.data_mut(|d| d.insert_temp(confirm_id, pairs));
    }
}
