//! Dense maps: the rule overlay and the districts' outlines at small scales. Where a typical
//! district is under `OVERLAY_MIN_PX` pixels across, the rule's outlines would cover the map
//! (at 100 000 districts on a 1920 × 1080 map it turned almost black), so exports and the
//! screen leave them out and the legend says so; zoomed in, the window draws them again. The
//! white district outlines fade out where districts are a few line widths across (they
//! washed the colours out).

use crate::support::square_grid;
use atlas_analysis::rules::Tri;
use atlas_data::dataset::{DatasetOptions, load_dataset};
use atlas_i18n::Lang;
use atlas_scene::map_scene::MapScene;
use atlas_session::headless::{HeadlessView, MapDescription};

const NOTE_EN: &str = "rule outlines not drawn at this scale (districts under 6 px)";
const NOTE_DE: &str = "Regelumrisse in diesem Maßstab nicht gezeichnet (Gebiete unter 6 px)";

/// The grid of `side` × `side` districts with the first default rule as overlay, exported at
/// 1920 × 1080 in `lang`.
fn grid_scene(side: usize, lang: Lang) -> MapScene {
    let dir = tempfile::tempdir().unwrap();
    let ds = load_dataset(&square_grid(dir.path(), side), &DatasetOptions::default()).unwrap();
    let mut d = MapDescription::indicator("foreign_pct", 2021, lang);
    d.scene.active_rule = Some(0);
    HeadlessView::new(ds, &d)
        .unwrap()
        .scene(1920, 1080)
        .unwrap()
}

/// The scene's texts in order, joined by spaces (a wrapped note line is found whole), then
/// the legend rows'.
fn all_text(s: &MapScene) -> String {
    let texts: Vec<&str> = s
        .texts
        .iter()
        .chain(s.legend_rows.iter().map(|r| &r.text))
        .map(|t| t.text.as_str())
        .collect();
    texts.join(" ")
}

fn line_count(s: &MapScene) -> usize {
    s.overlay_lines.iter().map(|(_, l)| l.len()).sum()
}

#[test]
fn dense_rule_outlines_are_left_out_of_an_export_and_the_legend_says_so() {
    // 200 × 200 districts (87 m across each) on a map about 960 px high: under 4 px each.
    let dense = grid_scene(200, Lang::En);
    assert_eq!(line_count(&dense), 0, "no rule outline at 4 px a district");
    let text = all_text(&dense);
    assert!(text.contains(NOTE_EN), "{text}");
    // The legend still counts the districts meeting the rule.
    assert!(text.contains("meets the rule ("), "{text}");
    let german = grid_scene(200, Lang::De);
    assert!(all_text(&german).contains(NOTE_DE));
    assert_eq!(line_count(&german), 0);

    // 60 × 60: about 12 px a district: outlined, and no note.
    let sparse = grid_scene(60, Lang::En);
    assert!(line_count(&sparse) > 0, "outlines at 12 px a district");
    assert!(!all_text(&sparse).contains("not drawn at this scale"));
}

#[cfg(feature = "gui")]
#[test]
fn the_window_outlines_the_rule_once_zoomed_in() {
    use crate::support::app;
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    // 120 × 120 districts (87 m across each): under 4 px each in a 1280 × 720 window.
    let mut h = app::open(Some(square_grid(dir.path(), 120)), 1280.0, 720.0);
    h.run_steps(2);
    assert!(!h.state().rule_outlines_drawn(), "not at the fitted view");
    assert!(
        h.query_by_label_contains(NOTE_EN).is_some(),
        "the legend says so"
    );
    // Nor built for another year, with every job done (the harness settled the load before
    // the map had a scale, so the first year's were).
    let not_built = |h: &egui_kittest::Harness<'static, arrival_atlas::app::AtlasApp>| {
        let ws = h.state().workspace.as_ref().unwrap();
        ws.overlay.is_none() && !ws.is_building_overlay()
    };
    h.state_mut().push(atlas_session::Action::StepYear(-1));
    app::settle(&mut h);
    assert!(
        not_built(&h),
        "a year step at this scale builds no outlines"
    );
    let (fitted, _, _) = h.state().map_furniture().unwrap();
    // Zoomed in once (1.5 ×): still under 6 px; twice (2.25 ×): over 8 px.
    h.get_by_label("+").click();
    app::settle(&mut h);
    assert!(!h.state().rule_outlines_drawn());
    h.get_by_label("+").click();
    app::settle(&mut h);
    // The frames after the click drew the map at its new scale and started the outlines' job;
    // on a busy machine it may still run: wait for it, as the window's next frames would.
    app::settle(&mut h);
    let (zoomed, _, _) = h.state().map_furniture().unwrap();
    assert!(zoomed.scale > fitted.scale * 2.2);
    assert!(
        h.state().rule_outlines_drawn(),
        "outlined once zoomed in: {fitted:?} {zoomed:?}"
    );
    assert!(!not_built(&h), "built once the scale draws them");
    assert!(
        h.query_by_label_contains(NOTE_EN).is_none(),
        "and the note is gone"
    );

    // The tooltip says whether the hovered district meets the rule, in any case.
    let (_, vp, _) = h.state().map_furniture().unwrap();
    let inside = |p: egui::Pos2| {
        p.x > vp.x + 20.0
            && p.x < vp.x + vp.w - 120.0
            && p.y > vp.y + 20.0
            && p.y < vp.y + vp.h - 20.0
    };
    let ws = h.state().workspace.as_ref().unwrap();
    let row = ws.rule_results[0].per_year[ws.year.get()].clone();
    let name = h.state().view.rules.rules[0].name.clone();
    for (want, text) in [
        (Tri::True, "meets the rule"),
        (Tri::False, "does not meet the rule"),
    ] {
        let pos = (0..row.len())
            .filter(|&d| row[d] == want)
            .find_map(|d| h.state().district_on_map(d).filter(|p| inside(*p)))
            .expect("such a district in view");
        h.event(egui::Event::PointerMoved(pos));
        // Past egui's tooltip delay.
        h.run_steps(8);
        h.get_by_label(&format!("{name}: {text}"));
    }
}

/// The mean of each colour channel over a rectangle of a PNG.
fn mean_rgb(png_bytes: &[u8], r: [u32; 4]) -> [f64; 3] {
    let img = tiny_skia::Pixmap::decode_png(png_bytes).unwrap();
    let mut sum = [0.0; 3];
    for y in r[1]..r[3] {
        for x in r[0]..r[2] {
            let p = img.pixel(x, y).unwrap().demultiply();
            sum[0] += f64::from(p.red());
            sum[1] += f64::from(p.green());
            sum[2] += f64::from(p.blue());
        }
    }
    let n = f64::from((r[2] - r[0]) * (r[3] - r[1]));
    sum.map(|v| v / n)
}

#[test]
fn district_outlines_fade_out_where_districts_are_a_few_line_widths_across() {
    use atlas_render::{png, svg};
    // 200 × 200 districts under 4 px each at 1920 × 1080: no outlines.
    let dense = grid_scene(200, Lang::En);
    assert_eq!(dense.outline_fade, 0.0);
    assert!(svg::to_svg(&dense).contains(r#"<g id="districts" stroke="none""#));
    // The map's middle is as dark as its districts' colours: no white mesh over them. Drawn
    // with the outlines as before, the same part is clearly lighter.
    let xs: Vec<f32> = dense
        .districts
        .iter()
        .flat_map(|d| d.rings[0].iter().map(|p| p[0]))
        .collect();
    let ys: Vec<f32> = dense
        .districts
        .iter()
        .flat_map(|d| d.rings[0].iter().map(|p| p[1]))
        .collect();
    let (x0, x1) = xs
        .iter()
        .fold((f32::MAX, f32::MIN), |a, &v| (a.0.min(v), a.1.max(v)));
    let (y0, y1) = ys
        .iter()
        .fold((f32::MAX, f32::MIN), |a, &v| (a.0.min(v), a.1.max(v)));
    let (cx, cy, half) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0, (x1 - x0) / 6.0);
    let window = [cx - half, cy - half, cx + half, cy + half].map(|v| v as u32);
    let inside: Vec<_> = dense
        .districts
        .iter()
        .filter(|d| !d.hatched)
        .filter(|d| {
            let p = d.rings[0][0];
            p[0] >= cx - half && p[0] < cx + half && p[1] >= cy - half && p[1] < cy + half
        })
        .collect();
    let fills = inside.iter().fold([0.0; 3], |a, d| {
        [
            a[0] + f64::from(d.fill.0),
            a[1] + f64::from(d.fill.1),
            a[2] + f64::from(d.fill.2),
        ]
    });
    let fills = fills.map(|v| v / inside.len() as f64);
    let drawn = mean_rgb(&png::to_png(&dense).unwrap(), window);
    let mut outlined = dense.clone();
    outlined.outline_fade = 1.0;
    let washed = mean_rgb(&png::to_png(&outlined).unwrap(), window);
    for c in 0..3 {
        // No-data hatching in the window darkens a little; white outlines lighten a lot.
        assert!(
            (drawn[c] - fills[c]).abs() < 12.0,
            "{drawn:?} vs fills {fills:?}"
        );
    }
    let light = |v: [f64; 3]| v.iter().sum::<f64>();
    assert!(
        light(washed) > light(drawn) + 30.0,
        "{washed:?} vs {drawn:?}"
    );
    // 60 × 60 districts, about 12 px (17 line widths): outlines faded part-way; 30 × 30,
    // about 25 px: in full, as every export of the demo city and of Berlin's planning areas.
    let half = grid_scene(60, Lang::En).outline_fade;
    assert!(half > 0.2 && half < 0.6, "{half}");
    assert_eq!(grid_scene(30, Lang::En).outline_fade, 1.0);
}
