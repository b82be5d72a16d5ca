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
        let p = PathBuilder::from_rect(r);
        pm.stroke_path(
            &p,
            &paint(Rgb(0xb0, 0xb4, 0xba), 255),
            &Stroke::default(),
            Transform::identity(),
            None,
        );
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
            let p = PathBuilder::from_rect(r);
            if row.hatched && raster == Raster::Coverage {
                // The swatch as the map's hatched districts are drawn: the same rasterizer,
                // the same stripes.
                let rings = [vec![
                    [sx, sy],
                    [sx + sw, sy],
                    [sx + sw, sy + sh],
                    [sx, sy + sh],
                ]];
                let lo_hi = coverage::bounds(rings[0].iter().copied());
                let stripes = stripes(hatch);
                let whole = (0, pm.height() as usize);
                if let Some(mut rows) = Rows::split(pm, &[whole]).pop() {
                    let ink = (row.fill, Some(&stripes));
                    Coverage::default().fill(&mut rows, &rings, lo_hi, ink);
                }
            } else {
                pm.fill_rect(r, &paint(row.fill, 255), Transform::identity(), None);
            }
            if row.hatched
                && raster == Raster::TinySkia
                && let (Some(lines), Some(mut mask)) = (
                    hatch.near(&[[sx, sy, sw, sh]]),
                    Mask::new(scene.width, scene.height),
                )
            {
                mask.fill_path(&p, FillRule::Winding, false, Transform::identity());
                stroke_hatch(pm, &lines, &mask, hatch);
            }
            pm.stroke_path(
                &p,
                &paint(Rgb(0x5a, 0x5a, 0x5a), 255),
                &Stroke::default(),
                Transform::identity(),
                None,
            );
        }
    }
}
