//! What is drawn over the map: the title block (indicator, year, classification), the legend
//! (class ranges with counts for the shown year, unit, no-data, whether breaks are fixed over
//! the years), the source line with a synthetic-data mark, and the hover tooltip.

use super::map_view::color;
use atlas_analysis::rules::Tri;
use atlas_i18n::{T, format_number, format_value};
use atlas_scene::layout::{self, Layout, Sizes};
use atlas_scene::map_scene::{LegendSpec, Mark};
use atlas_scene::text::{indicator_decimals, indicator_label, indicator_unit};
use atlas_session::state::ViewState;
use atlas_session::workspace::Workspace;
use egui::{Color32, RichText, Stroke, Vec2};

fn panel_frame(ui: &egui::Ui) -> egui::Frame {
    egui::Frame::popup(ui.style())
        .fill(ui.visuals().panel_fill.gamma_multiply(0.92))
        .inner_margin(8.0)
}

const TITLE: &str = "map_title";
const LEGEND: &str = "map_legend";
const SOURCE: &str = "map_source";

/// The furniture's sizes as last drawn (egui measures an area when it shows it), for the
/// layout; before the first drawing, rough sizes that the next frame corrects.
pub fn measured_sizes(ctx: &egui::Context, presenting: bool) -> Sizes {
    let size = |id: &str, fallback: [f32; 2]| {
        let r = ctx.memory(|m| m.area_rect(egui::Id::unique(id)));
        Some(r.map_or(fallback, |r| [r.width(), r.height()]))
    };
    // The zoom buttons take the top right corner; presenting, the "leave presentation"
    // badge stands left of them, and the layout keeps the two free as one block.
    let buttons = super::map_keys::BUTTONS;
    let badge = match presentation_badge(ctx).filter(|_| presenting) {
        Some(r) => [
            buttons[0] + PRESENTATION_GAP + r.width(),
            buttons[1].max(r.max.y - r.min.y + 8.0),
        ],
        None => buttons,
    };
    Sizes {
        title: size(TITLE, [320.0, 64.0]),
        legend: size(LEGEND, [240.0, 220.0]),
        badge: Some(badge),
        source: size(SOURCE, [420.0, 22.0]),
    }
}

/// The id of the presentation's badge ("Scene 1 of 3 … Leave presentation (Esc)").
pub const PRESENTATION_BADGE: &str = "leave_presentation";
/// Between the presentation badge and the zoom buttons.
pub const PRESENTATION_GAP: f32 = 12.0;

/// The presentation badge as drawn in the last frame.
pub fn presentation_badge(ctx: &egui::Context) -> Option<egui::Rect> {
    ctx.memory(|m| m.area_rect(egui::Id::unique(PRESENTATION_BADGE)))
}

/// The screen rectangles of the title, legend and source as drawn in the last frame (tests
/// check that no district lies under them).
pub fn drawn_rects(ctx: &egui::Context) -> Vec<egui::Rect> {
    [TITLE, LEGEND, SOURCE]
        .iter()
        .filter_map(|id| ctx.memory(|m| m.area_rect(egui::Id::unique(*id))))
        .collect()
}

fn at(r: Option<layout::Rect>, fallback: egui::Pos2) -> egui::Pos2 {
    r.map_or(fallback, |r| egui::Pos2::new(r[0], r[1]))
}

/// Title, legend and source over the map rectangle, where the layout put them (clear of
/// every district at fit); `overlay_hidden`: the rule outlines would be too dense to draw at
/// this scale, which the legend says where it lists a rule.
pub fn map_overlays(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    ws: &Workspace,
    session: &atlas_session::Session,
    layout: &Layout,
    px_per_metre: f64,
    overlay_hidden: bool,
) {
    let (view, presenting) = (&session.view, session.presenting);
    let lang = view.lang;
    let ctx = ui.ctx().clone();
    let Some(_) = ws.table() else {
        egui::Area::new(egui::Id::unique("map_no_table"))
            .fixed_pos(rect.left_top() + Vec2::new(12.0, 12.0))
            .show(&ctx, |ui| {
                panel_frame(ui).show(ui, |ui| ui.label(lang.t(T::NoTable)));
            });
        return;
    };
    let (Some(ind), Some(_)) = (ws.indicator, &ws.choropleth) else {
        return;
    };
    let year = ws.shown_year().unwrap_or_default();

    egui::Area::new(egui::Id::unique(TITLE))
        .fixed_pos(at(layout.title, rect.left_top()))
        .interactable(false)
        .show(&ctx, |ui| {
            panel_frame(ui).show(ui, |ui| {
                let (title, subtitle) = atlas_session::map_export::title_lines(ws, view, ind, year);
                // Never broken inside a word: the box grows to its text and the layout moves
                // the map aside instead.
                ui.add(
                    egui::Label::new(RichText::new(title).heading().strong())
                        .wrap_mode(egui::TextWrapMode::Extend),
                );
                ui.add(egui::Label::new(subtitle).wrap_mode(egui::TextWrapMode::Extend));
            });
        });

    if let Some(legend) = &ws.legend {
        egui::Area::new(egui::Id::unique(LEGEND))
            .fixed_pos(at(layout.legend, rect.left_top()))
            .interactable(false)
            .show(&ctx, |ui| {
                panel_frame(ui).show(ui, |ui| {
                    legend_body(ui, legend, overlay_hidden.then_some(lang));
                    scale_bar(ui, px_per_metre, lang);
                });
            });
    }

    egui::Area::new(egui::Id::unique(SOURCE))
        .fixed_pos(at(layout.source, rect.left_bottom()))
        .interactable(false)
        .show(&ctx, |ui| {
            // At most the map's width (less the corner the buttons take); longer source lines
            // wrap at spaces.
            ui.set_max_width((rect.width() - 90.0).max(160.0));
            ui.horizontal_wrapped(|ui| {
                if ws.dataset.meta.synthetic {
                    ui.label(
                        RichText::new(lang.t(T::SyntheticData))
                            .strong()
                            .color(Color32::WHITE)
                            .background_color(Color32::from_rgb(180, 40, 40)),
                    );
                }
                // Presenting: the date goes with the source, as on an exported map.
                let date = if presenting {
                    format!("  ·  {}", atlas_render::today_in(lang))
                } else {
                    String::new()
                };
                ui.label(
                    RichText::new(format!(
                        "{}{date}",
                        atlas_session::map_export::source_line(ws, view)
                    ))
                    .size(11.0)
                    .background_color(ui.visuals().panel_fill.gamma_multiply(0.85)),
                );
            });
        });
}

/// The legend as the workspace derived it (the same rows an export writes): unit, classes
/// with counts, no-data, the rule overlay's lines, the note on breaks; with `overlay_hidden`
/// (in the user's language), the line saying the rule outlines are not drawn at this scale.
fn legend_body(ui: &mut egui::Ui, l: &LegendSpec, overlay_hidden: Option<atlas_i18n::Lang>) {
    if !l.unit.is_empty() {
        ui.label(RichText::new(&l.unit).strong());
    }
    if let Some(m) = &l.matrix {
        matrix_legend(ui, m);
    }
    for r in &l.rows {
        ui.horizontal(|ui| {
            swatch(ui, color(r.color), r.hatched);
            ui.label(format!("{}  ({})", r.label, r.count));
        });
    }
    if !l.overlay.is_empty() {
        ui.separator();
    }
    for (mark, text) in &l.overlay {
        ui.horizontal(|ui| {
            outline_swatch(ui, *mark);
            ui.label(text);
        });
    }
    if !l.note.is_empty() {
        ui.label(RichText::new(&l.note).small().weak());
    }
    // Said where the legend has the rule's lines (a rule is shown), whether or not its outline
    // for this year is built yet: the line does not come and go with a year step.
    if let Some(lang) = overlay_hidden.filter(|_| !l.overlay.is_empty()) {
        let line = atlas_scene::legend_rows::overlay_not_drawn(lang);
        ui.label(RichText::new(line).small().weak());
    }
}

/// A status × dynamics legend: the row index's classes down, the column index's across, the
/// matrix colour and the number of districts in every cell (the scene's grid, drawn by egui).
fn matrix_legend(ui: &mut egui::Ui, m: &atlas_scene::legend_matrix::MatrixLegend) {
    ui.label(RichText::new(&m.row_title).small().weak());
    ui.label(RichText::new(&m.col_title).small().weak());
    egui::Grid::new("matrix_legend")
        .spacing(Vec2::new(3.0, 3.0))
        .show(ui, |ui| {
            ui.label("");
            for c in &m.cols {
                ui.vertical_centered(|ui| ui.label(RichText::new(c).small()));
            }
            ui.end_row();
            for (r, label) in m.rows.iter().enumerate() {
                ui.label(label);
                for c in 0..m.cols.len() {
                    let fill = m.colors.get(r).and_then(|x| x.get(c)).copied();
                    let n = m.counts.get(r).and_then(|x| x.get(c)).copied().unwrap_or(0);
                    let fill = fill.map_or(Color32::GRAY, color);
                    let (rect, resp) =
                        ui.allocate_exact_size(Vec2::new(44.0, 18.0), egui::Sense::hover());
                    ui.painter().rect_filled(rect, 2.0, fill);
                    let luminance = 0.2126 * f32::from(fill.r())
                        + 0.7152 * f32::from(fill.g())
                        + 0.0722 * f32::from(fill.b());
                    let ink = if luminance < 140.0 {
                        Color32::WHITE
                    } else {
                        Color32::from_gray(20)
                    };
                    ui.painter().text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        n.to_string(),
                        egui::FontId::proportional(12.0),
                        ink,
                    );
                    super::a11y::name(&resp, &format!("{label} × {}: {n}", m.cols[c]));
                }
                ui.end_row();
            }
        });
}

/// The scale bar at the map's current zoom (the same rounding as exports).
fn scale_bar(ui: &mut egui::Ui, px_per_metre: f64, lang: atlas_i18n::Lang) {
    const MAX: f32 = 120.0;
    let Some(b) = atlas_scene::scale_bar::scale_bar(px_per_metre, MAX, lang) else {
        return;
    };
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(Vec2::new(MAX, 12.0), egui::Sense::hover());
        let bar = egui::Rect::from_min_size(
            egui::pos2(r.left(), r.center().y - 2.5),
            Vec2::new(b.px, 5.0),
        );
        ui.painter()
            .rect_filled(bar, 0.0, ui.visuals().strong_text_color());
        ui.label(&b.label);
    });
}

fn outline_swatch(ui: &mut egui::Ui, mark: Mark) {
    let (r, _) = ui.allocate_exact_size(Vec2::new(22.0, 14.0), egui::Sense::hover());
    let p = ui.painter();
    // What the map draws: a line (with its light halo), not a filled box.
    let pts = vec![r.left_center(), r.right_center()];
    if mark == Mark::Context {
        p.add(egui::Shape::line(
            pts.clone(),
            Stroke::new(3.5, Color32::from_white_alpha(150)),
        ));
        p.extend(egui::Shape::dashed_line_with_offset(
            &pts,
            Stroke::new(1.6, CONTEXT_LINE),
            &[7.0, 1.6],
            &[2.0, 2.0],
            0.0,
        ));
    } else if mark == Mark::Unknown {
        p.extend(egui::Shape::dashed_line(
            &pts,
            Stroke::new(1.5, OVERLAY_UNKNOWN),
            3.0,
            2.0,
        ));
    } else {
        p.add(egui::Shape::line(
            pts.clone(),
            Stroke::new(4.5, Color32::from_white_alpha(160)),
        ));
        p.add(egui::Shape::line(pts, Stroke::new(2.5, OVERLAY_MET)));
    }
}

/// Outline colours of the rule overlay (map and legend).
pub const OVERLAY_MET: Color32 = Color32::from_rgb(20, 20, 20);
pub const OVERLAY_UNKNOWN: Color32 = Color32::from_rgb(90, 90, 90);
/// The context layer's outlines and names (the scene's `CONTEXT_INK`).
pub const CONTEXT_LINE: Color32 = {
    let c = atlas_scene::map_scene::CONTEXT_INK;
    Color32::from_rgb(c.0, c.1, c.2)
};

/// A legend colour box; hatched for no data (as the map draws it).
pub fn swatch(ui: &mut egui::Ui, fill: Color32, hatched: bool) {
    let (r, _) = ui.allocate_exact_size(Vec2::new(22.0, 14.0), egui::Sense::hover());
    let p = ui.painter();
    p.rect_filled(r, 2.0, fill);
    if hatched {
        let stroke = Stroke::new(1.0, Color32::from_rgb(120, 125, 135));
        let clip = p.with_clip_rect(r);
        let mut x = r.left() - r.height();
        while x < r.right() {
            clip.line_segment(
                [
                    egui::pos2(x, r.bottom()),
                    egui::pos2(x + r.height(), r.top()),
                ],
                stroke,
            );
            x += 5.0;
        }
    }
    p.rect_stroke(
        r,
        2.0,
        Stroke::new(0.5, Color32::from_gray(90)),
        egui::StrokeKind::Inside,
    );
}

/// The hover tooltip: name, value with unit, rank, class, whether the overlay's rule is met,
/// city reference and the denominator.
pub fn tooltip(ui: &mut egui::Ui, ws: &Workspace, view: &ViewState, d: usize) {
    let lang = view.lang;
    let Some(district) = ws.dataset.districts.districts.get(d) else {
        return;
    };
    ui.label(RichText::new(&district.name).strong());
    if district.name != district.key {
        ui.label(RichText::new(&district.key).small().weak());
    }
    let (Some(t), Some(ind), Some(c)) = (ws.table(), ws.indicator, &ws.choropleth) else {
        return;
    };
    let y = ws.year;
    let decimals = indicator_decimals(t, ind);
    let unit = indicator_unit(t, ind, lang);
    let value = c.value_at(y, d);
    ui.label(format!(
        "{} {}: {}",
        indicator_label(t, ind, lang),
        atlas_scene::text::year_text(
            &ws.dataset.meta,
            t.years.get(y.get()).copied().unwrap_or_default(),
            lang
        ),
        format_value(value, decimals, unit, lang)
    ));
    if let Some(rk) = c.ranking(y.get())
        && let Some(r) = rk.rank.get(d).copied().flatten()
    {
        ui.label(lang.f(T::Rank, &[&r.to_string(), &rk.len().to_string()]));
    }
    if let Some(n) = c.few_at(y, d) {
        // Too small a base to classify: said instead of a class.
        ui.label(
            RichText::new(lang.f(T::FewResidentsN, &[&format_number(n, 0, lang)]))
                .italics()
                .color(ui.visuals().warn_fg_color),
        );
    } else if let (Some(v), Some(cl)) = (value, c.per_year.get(y.get())) {
        let i = cl.class_of(v);
        ui.label(lang.f(T::ClassN, &[&(i + 1).to_string(), &cl.k.to_string()]));
    }
    // Whether it meets the overlay's rule: read here where its outline is too small to see.
    if let Some(r) = view.active_rule
        && let (Some(rule), Some(res)) = (view.rules.rules.get(r), ws.rule_results.get(r))
        && let Some(tri) = res.per_year.get(y.get()).and_then(|row| row.get(d))
    {
        let text = match tri {
            Tri::True => T::TipRuleMet,
            Tri::False => T::TipRuleNotMet,
            Tri::Unknown => T::TipRuleUnknown,
        };
        ui.label(lang.f(text, &[&rule.name]));
    }
    // The composite indices of the district's key: index, class, rank, z-values.
    if let Some(k) = ws.key_of(d) {
        for line in atlas_session::indices::key_lines(&ws.indices, k, y, lang) {
            ui.label(RichText::new(line).small());
        }
    }
    if let Some(r) = c.reference.get(y.get()) {
        ui.label(format!(
            "{}: {}",
            lang.t(T::CityReferenceLong),
            format_value(r.value, decimals, unit, lang)
        ));
    }
    // The denominator count shows how small a base a share stands on.
    let denom = t.indicators[ind]
        .meta
        .denominator
        .as_deref()
        .and_then(|id| t.indicator_index(id));
    if let (Some(di), Some(k)) = (denom, ws.key_of(d)) {
        let n = t.value(di, y, k);
        ui.label(format!(
            "{}: {}",
            indicator_label(t, di, lang),
            n.map(|n| format_number(n, indicator_decimals(t, di), lang))
                .unwrap_or_else(|| lang.t(T::NoData).to_owned())
        ));
    }
}
