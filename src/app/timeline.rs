//! The timeline: districts × years, when each met the overlay rule, sorted by persistence; a
//! click selects the district and shows the year. Focused (Tab), ↑/↓ move the keyboard cursor
//! through the rows, ←/→ step the years and Enter selects.

use super::arrival_views::*;
use atlas_analysis::rules::Tri;
use atlas_i18n::T;
use atlas_session::workspace::Workspace;
use atlas_session::{Action, Session};
use egui::{Color32, Pos2, Rect, Sense, Stroke, Vec2};

/// The timeline cell (row, column) under `pos` for a grid at `origin` with the given cell size.
pub fn cell_at(
    pos: Pos2,
    origin: Pos2,
    cell: Vec2,
    rows: usize,
    cols: usize,
) -> Option<(usize, usize)> {
    let d = pos - origin;
    if d.x < 0.0 || d.y < 0.0 {
        return None;
    }
    let (c, r) = ((d.x / cell.x) as usize, (d.y / cell.y) as usize);
    (r < rows && c < cols).then_some((r, c))
}

pub(super) fn timeline(
    ui: &mut egui::Ui,
    ws: &Workspace,
    session: &Session,
    state: &mut ArrivalState,
    actions: &mut Vec<Action>,
) -> Option<egui::Id> {
    let view = &session.view;
    let lang = view.lang;
    let t = ws.table()?;
    let Some((ri, res)) = view
        .active_rule
        .and_then(|r| ws.rule_results.get(r).map(|res| (r, res)))
    else {
        state.timeline = None;
        return None;
    };
    let name = view
        .rules
        .rules
        .get(ri)
        .map(|r| r.name.as_str())
        .unwrap_or_default();
    ui.label(egui::RichText::new(format!("{} — {name}", lang.t(T::Timeline))).strong());
    let cols: Vec<usize> = (0..t.years.len()).collect();
    let all = ws
        .timeline_rows
        .get(ri)
        .map(Vec::as_slice)
        .unwrap_or_default();
    // Every district, in rows tall enough to read with their names; the list scrolls, and
    // only the rows in view are painted (a city of 100 000 districts stays fast).
    let rows: Vec<usize> = all.to_vec();
    let names = &ws.dataset.districts.districts;
    let (label_w, cell_h) = (120.0, 13.0);
    let width = panel_width(ui);
    let cell_w = ((width - label_w) / cols.len().max(1) as f32).max(4.0);
    let cell = Vec2::new(cell_w, cell_h);
    let cursor_row = session
        .cursor
        .and_then(|c| rows.iter().position(|&d| d == c));
    let cursor_moved = state.timeline_cursor != cursor_row;
    state.timeline_cursor = cursor_row;
    let scrolled = egui::ScrollArea::vertical()
        .id_salt("timeline_rows")
        .max_height(360.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            let size = Vec2::new(
                label_w + cell_w * cols.len() as f32,
                cell_h * rows.len() as f32,
            );
            // Focusable: Tab reaches it, and it keeps the arrow keys while focused.
            let (rect, response) = ui.allocate_exact_size(size, Sense::click() | Sense::FOCUSABLE);
            let origin = rect.min + Vec2::new(label_w, 0.0);
            let painter = ui.painter_at(rect);
            let clip = ui.clip_rect();
            let first = (((clip.top() - origin.y) / cell_h).floor().max(0.0)) as usize;
            let last =
                ((((clip.bottom() - origin.y) / cell_h).ceil().max(0.0)) as usize).min(rows.len());
            let visuals = ui.visuals().clone();
            for (r, &d) in rows.iter().enumerate().take(last).skip(first) {
                let y0 = origin.y + r as f32 * cell_h;
                let name = atlas_scene::text::elide(&names[d].name, 20);
                paint_row(
                    &painter,
                    &visuals,
                    (rect.min.x, origin.x, y0),
                    cell,
                    (d, &name),
                    &res.per_year,
                    &cols,
                    session,
                );
            }
            // The shown year.
            let cx = origin.x + ws.year.get() as f32 * cell_w;
            painter.rect_stroke(
                Rect::from_min_size(
                    Pos2::new(cx, origin.y),
                    Vec2::new(cell_w, cell_h * rows.len() as f32),
                ),
                0.0,
                Stroke::new(2.0, ui.visuals().strong_text_color()),
                egui::StrokeKind::Outside,
            );
            // The keyboard cursor's row is scrolled into view when it moves.
            if cursor_moved && let Some(r) = cursor_row {
                let row = Rect::from_min_size(
                    Pos2::new(rect.min.x, origin.y + r as f32 * cell_h),
                    Vec2::new(rect.width(), cell_h),
                );
                ui.scroll_to_rect(row, None);
            }
            (response, origin)
        });
    let (response, origin) = scrolled.inner;
    year_strip(ui, t, &cols, origin.x, label_w, cell_w);
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
        && let Some((r, c)) = cell_at(pos, origin, cell, rows.len(), cols.len())
    {
        actions.push(Action::SelectAt {
            district: rows[r],
            year: t.years[cols[c]],
        });
    }
    super::a11y::list_keys(&response, &rows, session.cursor, false, actions);
    if response.has_focus() {
        let (left, right) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowLeft),
                i.key_pressed(egui::Key::ArrowRight),
            )
        });
        if left || right {
            actions.push(Action::StepYear(if left { -1 } else { 1 }));
        }
    }
    super::a11y::describe(
        &response,
        &lang.f(T::TimelineA11y, &[name]),
        &super::a11y::cursor_description(session),
        egui::accesskit::Role::Grid,
    );
    let id = response.id;
    state.timeline = Some((origin, cell, rows, cols));
    Some(id)
}

/// One district's row: its name, a cell per year (met, not met, unknown hatched), outlined
/// when it is the keyboard cursor's or selected. `x_name`, `x_cells`, `y0`: where it goes.
#[allow(clippy::too_many_arguments)]
fn paint_row(
    painter: &egui::Painter,
    visuals: &egui::Visuals,
    (x_name, x_cells, y0): (f32, f32, f32),
    cell: Vec2,
    (d, name): (usize, &str),
    per_year: &[Vec<Tri>],
    cols: &[usize],
    session: &Session,
) {
    let sel = &session.selection;
    let hatch = Color32::from_gray(150);
    let color = if sel.contains(d) {
        SELECTED
    } else {
        visuals.text_color()
    };
    painter.text(
        Pos2::new(x_name, y0 + cell.y / 2.0),
        egui::Align2::LEFT_CENTER,
        name,
        egui::FontId::proportional(11.0),
        color,
    );
    for (c, &yy) in cols.iter().enumerate() {
        let cr = Rect::from_min_size(Pos2::new(x_cells + c as f32 * cell.x, y0), cell).shrink(0.5);
        match per_year.get(yy).and_then(|v| v.get(d)) {
            Some(Tri::True) => {
                painter.rect_filled(cr, 0.0, FLAGGED);
            }
            Some(Tri::False) => {
                painter.rect_filled(cr, 0.0, Color32::from_gray(225));
            }
            _ => {
                painter.rect_filled(cr, 0.0, Color32::from_gray(195));
                painter.line_segment([cr.left_bottom(), cr.right_top()], Stroke::new(1.0, hatch));
            }
        }
    }
    let row = Rect::from_min_size(
        Pos2::new(x_cells, y0),
        Vec2::new(cell.x * cols.len() as f32, cell.y),
    );
    if session.cursor == Some(d) {
        painter.rect_stroke(
            row.expand(1.0),
            0.0,
            Stroke::new(2.5, super::layout::FOCUS),
            egui::StrokeKind::Outside,
        );
    } else if sel.contains(d) {
        painter.rect_stroke(
            row,
            0.0,
            Stroke::new(1.5, SELECTED),
            egui::StrokeKind::Inside,
        );
    }
}

/// The years under the (scrolling) rows: the first, the last and every fifth.
fn year_strip(
    ui: &mut egui::Ui,
    t: &atlas_data::model::IndicatorTable,
    cols: &[usize],
    x_cells: f32,
    label_w: f32,
    cell_w: f32,
) {
    let (strip, _) = ui.allocate_exact_size(
        Vec2::new(label_w + cell_w * cols.len() as f32, 14.0),
        Sense::hover(),
    );
    let painter = ui.painter_at(strip);
    for (c, &yy) in cols.iter().enumerate() {
        if c == 0 || c + 1 == cols.len() || t.years[yy] % 5 == 0 {
            painter.text(
                Pos2::new(x_cells + (c as f32 + 0.5) * cell_w, strip.top() + 1.0),
                egui::Align2::CENTER_TOP,
                t.years[yy].to_string(),
                egui::FontId::proportional(11.0),
                ui.visuals().weak_text_color(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeline_cells() {
        let o = Pos2::new(100.0, 50.0);
        let cell = Vec2::new(10.0, 5.0);
        assert_eq!(
            cell_at(Pos2::new(125.0, 61.0), o, cell, 4, 20),
            Some((2, 2))
        );
        assert_eq!(cell_at(Pos2::new(95.0, 61.0), o, cell, 4, 20), None);
        assert_eq!(
            cell_at(Pos2::new(125.0, 71.0), o, cell, 4, 20),
            None,
            "below the last row"
        );
    }
}
