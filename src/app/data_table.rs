//! The *Data table* view (View → Data table): the map as an accessible grid — district, key,
//! value with unit, class, rank and each rule's result for the shown year. It is the map's
//! text alternative for screen readers and a quick look-up for everyone. A click on a column
//! head sorts by it (again: the other way round); the filter finds a name or key, or keeps the
//! rows meeting a condition on the value ("> 20"), and one button selects what it kept. A row
//! click (or Enter on a focused row) selects the district; the keyboard cursor's row is
//! marked, and Ctrl+C copies the selection (or all) as a table.

use atlas_i18n::T;
use atlas_session::data_table::{Row, by_rank, class_text, rows, tri_text};
use atlas_session::table_query::{Column, TableQuery, apply};
use atlas_session::{Action, Session, Workspace};
use egui::accesskit::Role;

/// The rows as the query leaves them, the (data, recolour) and query they were built for, and
/// how many rows there are in all.
type CachedRows = std::sync::Arc<((u64, u64), TableQuery, Vec<Row>, usize)>;

/// Rows shown at most (the rest are named in a line below; Ctrl+C copies all).
const MAX_ROWS: usize = 2_000;

pub fn data_table_window(
    ctx: &egui::Context,
    open: &mut bool,
    ws: &Workspace,
    session: &Session,
    actions: &mut Vec<Action>,
) {
    let lang = session.view.lang;
    let title = lang.t(T::DataTableView);
    // Beside the map's centre, below the menu: not over the menu bar or the left panel.
    let area = ctx.content_rect();
    egui::Window::new(title)
        .constrain_to(super::layout::below_menu(ctx))
        .open(open)
        .default_size([760.0, 460.0])
        .default_pos([
            (area.right() - 780.0).max(area.left() + 8.0),
            area.top() + 60.0,
        ])
        .show(ctx, |ui| {
            let query_id = egui::Id::unique("data_table_query");
            let mut query: TableQuery = ctx.data(|d| d.get_temp(query_id)).unwrap_or_default();
            // Built, filtered and sorted once per recolour (year, indicator, rules, language)
            // or query, not in every frame the window is open: a city of 100 000 districts
            // would pay for it.
            let key = (ws.data_id, ws.fills_version);
            let cache_id = egui::Id::unique("data_table_rows");
            let cached: Option<CachedRows> = ctx.data(|d| d.get_temp(cache_id));
            let all = match cached {
                Some(c) if c.0 == key && c.1 == query => c,
                _ => {
                    let every = by_rank(rows(ws, lang));
                    let kept = apply(&every, &query, lang);
                    let built = std::sync::Arc::new((key, query.clone(), kept, every.len()));
                    ctx.data_mut(|d| d.insert_temp(cache_id, built.clone()));
                    built
                }
            };
            let total = all.3;
            let all = &all.2;
            if total == 0 {
                ui.label(lang.t(T::NoTable));
                return;
            }
            let (t, ind) = (ws.table(), ws.indicator);
            let indicator = t
                .zip(ind)
                .map(|(t, i)| atlas_scene::text::indicator_label(t, i, lang))
                .unwrap_or_default();
            let year = session.current_year().unwrap_or_default();
            ui.label(format!("{indicator} {year}"));
            filter_row(ui, &mut query, all, total, session, actions);
            let rules: Vec<&str> = session
                .view
                .rules
                .rules
                .iter()
                .map(|r| r.name.as_str())
                .collect();
            // Per index: its value, class and rank, then each component's z-value.
            let indices: Vec<(Column, String)> = ws
                .indices
                .specs
                .iter()
                .enumerate()
                .flat_map(|(i, s)| {
                    std::iter::once((Column::Index(i), s.name(lang).to_owned())).chain(
                        s.components.iter().enumerate().map(move |(c, comp)| {
                            (Column::IndexZ(i, c), format!("z {}", comp.indicator))
                        }),
                    )
                })
                .collect();
            let columns = 5 + indices.len() + rules.len();
            let shown = &all[..all.len().min(MAX_ROWS)];
            let grid = egui::ScrollArea::both().show(ui, |ui| {
                egui::Grid::new("data_table")
                    .striped(true)
                    .num_columns(columns)
                    .show(ui, |ui| {
                        let heads = [
                            (Column::Rank, lang.t(T::ColRank)),
                            (Column::Name, lang.t(T::ColDistrict)),
                            (Column::Key, lang.t(T::ColKey)),
                            (Column::Value, indicator.as_str()),
                            (Column::Class, lang.t(T::ColClass)),
                        ]
                        .into_iter()
                        .chain(indices.iter().map(|(c, s)| (*c, s.as_str())))
                        .chain(rules.iter().enumerate().map(|(i, r)| (Column::Rule(i), *r)));
                        for (column, text) in heads {
                            sort_head(ui, &mut query, column, text, lang);
                        }
                        ui.end_row();
                        for row in shown {
                            table_row(ui, row, session, actions);
                            ui.end_row();
                        }
                    })
            });
            ctx.accesskit_node_builder(grid.inner.response.id, |n| {
                n.set_role(Role::Table);
                n.set_label(format!("{title}: {indicator} {year}"));
                n.set_row_count(shown.len() + 1);
                n.set_column_count(columns);
            });
            if all.len() > shown.len() {
                ui.label(format!("… {}", all.len() - shown.len()));
            }
            ctx.data_mut(|d| d.insert_temp(query_id, query));
        });
}

/// The filter field, how many rows it kept, and a button selecting them.
fn filter_row(
    ui: &mut egui::Ui,
    query: &mut TableQuery,
    kept: &[Row],
    total: usize,
    session: &Session,
    actions: &mut Vec<Action>,
) {
    let lang = session.view.lang;
    ui.horizontal_wrapped(|ui| {
        let r = ui.add(
            egui::TextEdit::singleline(&mut query.filter)
                .hint_text(lang.t(T::TableFilterHint))
                .desired_width(220.0),
        );
        super::a11y::name(&r, lang.t(T::TableFilter));
        ui.label(lang.f(T::RowsKept, &[&kept.len().to_string(), &total.to_string()]));
        let select = ui.add_enabled(
            !kept.is_empty() && kept.len() < total,
            egui::Button::new(lang.f(T::SelectKept, &[&kept.len().to_string()])),
        );
        if select.clicked() {
            actions.push(Action::SelectOnly(
                kept.iter().map(|r| r.district).collect(),
            ));
        }
    });
}

/// A column head: a click sorts by the column, a second click the other way round; the sorted
/// column says its order ("A–Z", "9–1").
fn sort_head(
    ui: &mut egui::Ui,
    query: &mut TableQuery,
    column: Column,
    text: &str,
    lang: atlas_i18n::Lang,
) {
    let sorted = query.sort == column;
    let label = if sorted {
        format!("{text}  {}", order_words(column, query.reversed))
    } else {
        text.to_owned()
    };
    let r = ui.add(egui::Button::new(egui::RichText::new(label).strong()).frame(false));
    super::a11y::name(&r, &lang.f(T::SortBy, &[text]));
    if r.clicked() {
        if sorted {
            query.reversed = !query.reversed;
        } else {
            query.sort = column;
            query.reversed = false;
        }
    }
}

/// The order a sorted column shows, in words any reader of numbers and letters knows.
fn order_words(column: Column, reversed: bool) -> &'static str {
    match (column, reversed) {
        (Column::Name | Column::Key, false) => "A–Z",
        (Column::Name | Column::Key, true) => "Z–A",
        // Rank 1 first; value and class highest first (as the rank).
        (Column::Rank, false) | (Column::Value | Column::Class, true) => "1–9",
        (Column::Rank, true) | (Column::Value | Column::Class, false) => "9–1",
        (Column::Index(_) | Column::IndexZ(..), false) => "9–1",
        (Column::Index(_) | Column::IndexZ(..), true) => "1–9",
        (Column::Rule(_), false) => "+",
        (Column::Rule(_), true) => "−",
    }
}

fn table_row(ui: &mut egui::Ui, row: &Row, session: &Session, actions: &mut Vec<Action>) {
    let lang = session.view.lang;
    let selected = session.selection.contains(row.district);
    let rank = row
        .rank
        .map(|(r, n)| format!("{r} / {n}"))
        .unwrap_or_else(|| "–".into());
    ui.label(rank);
    // The name is the row's control: a click or Enter selects the district.
    let mut name = egui::RichText::new(&row.name);
    if session.cursor == Some(row.district) {
        name = name.color(super::layout::FOCUS).strong();
    }
    let r = ui.selectable_label(selected, name);
    if r.clicked() {
        let add = ui.input(|i| i.modifiers.shift || i.modifiers.command);
        actions.push(Action::Select {
            district: row.district,
            add,
        });
    }
    if r.gained_focus() {
        actions.push(Action::SetCursor(Some(row.district)));
    }
    let class = class_text(row, lang);
    let indices: Vec<String> = row
        .indices
        .iter()
        .map(|c| match c {
            Some(c) => c.text(lang),
            None => lang.t(T::NotInIndex).to_owned(),
        })
        .collect();
    // A screen reader reading the name hears the whole row.
    let rules: Vec<String> = session
        .view
        .indices
        .iter()
        .map(|s| s.name(lang))
        .zip(&indices)
        .map(|(name, text)| format!("{name}: {text}"))
        .chain(
            session
                .view
                .rules
                .rules
                .iter()
                .zip(&row.rules)
                .map(|(rule, t)| format!("{}: {}", rule.name, tri_text(*t, lang))),
        )
        .collect();
    super::a11y::name(
        &r,
        &format!(
            "{}, {}, {}, {}{}",
            row.name,
            row.value_text,
            class,
            row.rank
                .map(|(r, n)| lang.f(T::Rank, &[&r.to_string(), &n.to_string()]))
                .unwrap_or_default(),
            if rules.is_empty() {
                String::new()
            } else {
                format!(", {}", rules.join(", "))
            }
        ),
    );
    ui.label(&row.key);
    ui.label(&row.value_text);
    ui.label(class);
    // Every z column gets a cell ("–" outside the index) so that the grid stays aligned.
    for ((text, cell), spec) in indices.iter().zip(&row.indices).zip(&session.view.indices) {
        ui.label(text);
        for c in 0..spec.components.len() {
            match cell.as_ref().and_then(|x| x.z.get(c)) {
                Some(z) => ui.label(atlas_i18n::format_number(*z, 2, lang)),
                None => ui.label("–"),
            };
        }
    }
    for t in &row.rules {
        ui.label(tri_text(*t, lang));
    }
}
