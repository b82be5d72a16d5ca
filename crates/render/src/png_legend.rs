//! The PNG's legend: its box and its rows' symbols — class swatches, the hatched ones drawn as
//! the map draws its hatching (on large maps by the coverage rasterizer, with the map's
//! stripes), the rule marks as lines (a child module of `png`; the texts are drawn with the
//! others).

use super::*;

/// The legend's box and its rows' symbols (their texts are drawn with the others).
pub(super) fn draw_legend(
    pm: &mut Pixmap,
    scene: &MapScene,
    (hatch, u): (&Hatch, f32),
    raster: Raster,
) {
    let [x, y, bw, bh] = scene.legend_box;
    if let Some(r) = Rect::from_xywh(x, y, bw, bh) {
        pm.fill_rect(
            r,
            &paint(Rgb(255, 255, 255), 235),
            Transform::identity(),
            None,
        );
        frame(pm, r, Rgb(0xb0, 0xb4, 0xba));
    }
    for row in &scene.legend_rows {
        let [sx, sy, sw, sh] = row.swatch;
        if row.mark != Mark::None {
            // The overlay's symbol is what the map draws: a line, not a filled box.
            let mut pb = PathBuilder::new();
            pb.move_to(sx + 2.0, sy + sh / 2.0);
            pb.line_to(sx + sw - 2.0, sy + sh / 2.0);
            if let Some(line) = pb.finish() {
                stroke_mark(pm, &line, row.mark, u);
            }
            continue;
        }
        if let Some(r) = Rect::from_xywh(sx, sy, sw, sh) {
            match (row.hatched, raster) {
                (true, Raster::Coverage) => coverage_swatch(pm, row.swatch, row.fill, hatch),
                (true, Raster::TinySkia) => {
                    pm.fill_rect(r, &paint(row.fill, 255), Transform::identity(), None);
                    if let (Some(lines), Some(mut mask)) = (
                        hatch.near(&[row.swatch]),
                        Mask::new(scene.width, scene.height),
                    ) {
                        let p = PathBuilder::from_rect(r);
                        mask.fill_path(&p, FillRule::Winding, false, Transform::identity());
                        stroke_hatch(pm, &lines, &mask, hatch);
                    }
                }
                (false, _) => pm.fill_rect(r, &paint(row.fill, 255), Transform::identity(), None),
            }
            frame(pm, r, Rgb(0x5a, 0x5a, 0x5a));
        }
    }
}

/// A hatched swatch (`[x, y, w, h]`) as the coverage rasterizer draws the map's hatched
/// districts: the same fill, the same stripes.
fn coverage_swatch(pm: &mut Pixmap, [x, y, w, h]: [f32; 4], fill: Rgb, hatch: &Hatch) {
    let rings = [vec![[x, y], [x + w, y], [x + w, y + h], [x, y + h]]];
    let lo_hi = coverage::bounds(rings[0].iter().copied());
    let stripes = stripes(hatch);
    Coverage::default().fill(&mut Rows::whole(pm), &rings, lo_hi, (fill, Some(&stripes)));
}

/// A one-pixel line around `r` in `color`.
fn frame(pm: &mut Pixmap, r: Rect, color: Rgb) {
    let p = PathBuilder::from_rect(r);
    pm.stroke_path(
        &p,
        &paint(color, 255),
        &Stroke::default(),
        Transform::identity(),
        None,
    );
}
