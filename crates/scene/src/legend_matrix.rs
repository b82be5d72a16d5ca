//! The two-dimensional legend of a status × dynamics map: a grid of the matrix colours with
//! the number of districts in every cell, the row classes (status) down the left, the column
//! classes (dynamics) across the top, and the two indices' names on a line each above — the
//! same grid on screen and in every export, laid out here once for the scene.

use super::map_scene::{INK, MUTED, Mark, SceneLegendRow, SceneText, text_width};
use atlas_analysis::ramps::Rgb;

/// What the matrix legend shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MatrixLegend {
    /// What the rows and the columns are ("Zeilen: Status-Index", "Spalten: Dynamik-Index").
    pub row_title: String,
    pub col_title: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// `[row][col]`.
    pub colors: Vec<Vec<Rgb>>,
    pub counts: Vec<Vec<usize>>,
}

/// Widths of the row-label column and of a cell, at `small` px.
fn widths(m: &MatrixLegend, small: f32, u: f32) -> (f32, f32) {
    let label_w = m
        .rows
        .iter()
        .map(|t| text_width(t, small))
        .fold(0.0, f32::max);
    let cell_w = m
        .cols
        .iter()
        .map(|t| text_width(t, small * 0.9))
        .chain(
            m.counts
                .iter()
                .flatten()
                .map(|n| text_width(&n.to_string(), small)),
        )
        .fold(0.0, f32::max)
        + 14.0 * u;
    (label_w + 10.0 * u, cell_w.max(44.0 * u))
}

/// The matrix legend's size [w, h] at text size `small`, rows `row_h` high.
pub fn matrix_size(m: &MatrixLegend, small: f32, row_h: f32, u: f32) -> [f32; 2] {
    let (label_w, cell_w) = widths(m, small, u);
    let titles_w = [&m.row_title, &m.col_title]
        .iter()
        .map(|t| text_width(t, small * 0.9))
        .fold(0.0, f32::max);
    let w = (label_w + cell_w * m.cols.len() as f32).max(titles_w);
    [w, row_h * (3 + m.rows.len()) as f32 + 6.0 * u]
}

/// Black or white, whichever reads on `fill`.
fn ink_on(fill: Rgb) -> Rgb {
    let y = 0.2126 * f32::from(fill.0) + 0.7152 * f32::from(fill.1) + 0.0722 * f32::from(fill.2);
    if y > 140.0 {
        INK
    } else {
        Rgb(0xff, 0xff, 0xff)
    }
}

/// Lays the matrix out with its top left at (x, y): cells go to `rows` (swatch and centred
/// count), labels and titles to `texts`. Returns the height taken.
#[allow(clippy::too_many_arguments)]
pub fn draw_matrix(
    m: &MatrixLegend,
    x: f32,
    y: f32,
    small: f32,
    row_h: f32,
    u: f32,
    rows: &mut Vec<SceneLegendRow>,
    texts: &mut Vec<SceneText>,
) -> f32 {
    let (label_w, cell_w) = widths(m, small, u);
    let text = |t: &str, pos: [f32; 2], size: f32, centered: bool, color: Rgb| SceneText {
        text: t.to_owned(),
        pos,
        size,
        centered,
        color,
        halo: false,
    };
    let base = |top: f32| top + row_h * 0.5 + small * 0.36;
    // What the rows and the columns are, a line each; then the column labels and the rows.
    texts.push(text(&m.row_title, [x, base(y)], small * 0.9, false, MUTED));
    texts.push(text(
        &m.col_title,
        [x, base(y + row_h)],
        small * 0.9,
        false,
        MUTED,
    ));
    let grid_x = x + label_w;
    for (c, label) in m.cols.iter().enumerate() {
        let cx = grid_x + (c as f32 + 0.5) * cell_w;
        texts.push(text(
            label,
            [cx, base(y + 2.0 * row_h)],
            small * 0.9,
            true,
            INK,
        ));
    }
    for (r, label) in m.rows.iter().enumerate() {
        let top = y + row_h * (3 + r) as f32;
        texts.push(text(label, [x, base(top)], small, false, INK));
        for c in 0..m.cols.len() {
            let fill = m
                .colors
                .get(r)
                .and_then(|row| row.get(c))
                .copied()
                .unwrap_or(Rgb(0xee, 0xee, 0xee));
            let n = m
                .counts
                .get(r)
                .and_then(|row| row.get(c))
                .copied()
                .unwrap_or(0);
            let cell_x = grid_x + c as f32 * cell_w;
            rows.push(SceneLegendRow {
                swatch: [cell_x + 1.0, top + 1.0, cell_w - 2.0, row_h - 2.0],
                fill,
                hatched: false,
                mark: Mark::None,
                text: text(
                    &n.to_string(),
                    [cell_x + cell_w / 2.0, base(top)],
                    small,
                    true,
                    ink_on(fill),
                ),
            });
        }
    }
    row_h * (3 + m.rows.len()) as f32 + 6.0 * u
}
