//! The legend's box as the scene lays it out: its size for the layout (unit line, the
//! status × dynamics matrix, class rows, rule and context lines, the wrapped note, the scale
//! bar), then its rows and texts where the layout put it.

use super::camera::Camera;
use super::map_scene::{
    INK, LegendSpec, MUTED, Mark, Metrics, SceneInput, SceneLegendRow, SceneText, text_width,
};
use atlas_analysis::ramps::Rgb;

/// The scale bar's longest length at type scale 1.
pub(crate) const SCALE_BAR_MAX: f32 = 160.0;

/// The legend's text size at type scale `u`.
pub(crate) fn small_size(u: f32) -> f32 {
    18.0 * u
}

/// The legend box's size [w, h] for its rows at type scale `u`.
pub(crate) fn legend_size(l: &LegendSpec, u: f32, small: f32) -> [f32; 2] {
    let row_h = small * 1.55;
    let sw = 34.0 * u;
    let n_rows = l.rows.len() + l.overlay.len();
    let unit_h = if l.unit.is_empty() { 0.0 } else { row_h };
    let note = note_lines(&l.note, NOTE_MAX * u, small * 0.8);
    let note_h = row_h * 0.9 * note.len().max(1) as f32;
    let matrix = l
        .matrix
        .as_ref()
        .map(|m| crate::legend_matrix::matrix_size(m, small, row_h, u))
        .unwrap_or([0.0, 0.0]);
    // The matrix, the classes, the overlay lines, the note and the scale bar.
    let box_h = 16.0 * u + unit_h + matrix[1] + n_rows as f32 * row_h + note_h + row_h + 8.0 * u;
    let longest = l
        .rows
        .iter()
        .map(|r| format!("{}  ({})", r.label, r.count))
        .chain(l.overlay.iter().map(|o| o.1.clone()))
        .map(|t| text_width(&t, small))
        .fold(0.0, f32::max);
    let rows_w = 16.0 * u + sw + 12.0 * u + longest + 16.0 * u;
    let note_w = note
        .iter()
        .map(|t| 32.0 * u + text_width(t, small * 0.8))
        .fold(0.0, f32::max);
    let w = rows_w
        .max(note_w)
        .max(SCALE_BAR_MAX * u + 100.0 * u)
        .max(matrix[0] + 32.0 * u);
    [w, box_h]
}

/// Widest a legend note line gets before it wraps (at type scale 1).
const NOTE_MAX: f32 = 420.0;

/// The legend note in lines: each " · " part on its own line, parts wider than `max` wrapped
/// at spaces (never inside a word).
pub fn note_lines(note: &str, max: f32, size: f32) -> Vec<String> {
    let mut out = Vec::new();
    for part in note.split(" · ").filter(|p| !p.is_empty()) {
        let mut line = String::new();
        for word in part.split(' ') {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && text_width(&candidate, size) > max {
                out.push(std::mem::take(&mut line));
                line = word.to_owned();
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            out.push(line);
        }
    }
    out
}

/// The legend as laid out: its box, rows and scale bar (its texts go to `texts`).
pub(crate) struct LegendDrawn {
    pub legend_box: [f32; 4],
    pub rows: Vec<SceneLegendRow>,
    pub scale_bar: Option<[f32; 4]>,
}

/// The legend where the layout put it: unit, class rows with counts, overlay lines, the note
/// and, last, the scale bar.
pub(crate) fn legend_of(
    inp: &SceneInput,
    m: &Metrics,
    layout: &crate::layout::Layout,
    cam: &Camera,
    texts: &mut Vec<SceneText>,
) -> LegendDrawn {
    let (u, small) = (m.u, m.small);
    let row_h = small * 1.55;
    let sw = [34.0 * u, small * 1.05];
    let [bx, by, box_w, box_h] = layout.legend.unwrap_or([m.margin, m.margin, 0.0, 0.0]);
    let mut y = by + 12.0 * u;
    if !inp.legend.unit.is_empty() {
        texts.push(SceneText {
            text: inp.legend.unit.clone(),
            pos: [bx + 16.0 * u, y + small],
            size: small,
            centered: false,
            color: INK,
            halo: false,
        });
        y += row_h;
    }
    let mut rows = Vec::new();
    if let Some(m) = &inp.legend.matrix {
        y += crate::legend_matrix::draw_matrix(
            m,
            bx + 16.0 * u,
            y,
            small,
            row_h,
            u,
            &mut rows,
            texts,
        );
    }
    let mut push_row = |fill: Rgb, hatched: bool, mark: Mark, text: String, y: f32| {
        rows.push(SceneLegendRow {
            swatch: [bx + 16.0 * u, y + (row_h - sw[1]) / 2.0, sw[0], sw[1]],
            fill,
            hatched,
            mark,
            text: SceneText {
                text,
                pos: [
                    bx + 16.0 * u + sw[0] + 12.0 * u,
                    y + row_h * 0.5 + small * 0.36,
                ],
                size: small,
                centered: false,
                color: INK,
                halo: false,
            },
        });
    };
    for r in &inp.legend.rows {
        let text = format!("{}  ({})", r.label, r.count);
        push_row(r.color, r.hatched, Mark::None, text, y);
        y += row_h;
    }
    for (mark, text) in &inp.legend.overlay {
        push_row(Rgb(0xe8, 0xe8, 0xe8), false, *mark, text.clone(), y);
        y += row_h;
    }
    let note = note_lines(&inp.legend.note, NOTE_MAX * u, small * 0.8);
    for line in &note {
        texts.push(SceneText {
            text: line.clone(),
            pos: [bx + 16.0 * u, y + small * 0.8],
            size: small * 0.8,
            centered: false,
            color: MUTED,
            halo: false,
        });
        y += row_h * 0.9;
    }
    if note.is_empty() {
        y += row_h * 0.9;
    }
    // The scale bar, last in the legend: a bar of a round length and its label.
    let bar_y = y + row_h * 0.35;
    let scale_bar = crate::scale_bar::scale_bar(cam.scale, SCALE_BAR_MAX * u, inp.lang)
        .filter(|_| layout.legend.is_some())
        .map(|b| {
            let bar = [bx + 16.0 * u, bar_y, b.px, 5.0 * u];
            texts.push(SceneText {
                text: b.label,
                pos: [bx + 16.0 * u + b.px + 10.0 * u, bar_y + small * 0.45],
                size: small * 0.85,
                centered: false,
                color: INK,
                halo: false,
            });
            bar
        });
    LegendDrawn {
        legend_box: [bx, by, box_w, box_h],
        rows,
        scale_bar,
    }
}
