//! No map furniture covers a district at fit — on screen and in an export. For the demo city
//! and Berlin's 448 planning areas, at 1280 × 720 and 1920 × 1080: every district, drawn with the
//! camera the window fitted, lies inside the map and meets none of the title, legend, source
//! line or zoom buttons as egui drew them; the 1920 × 1080 export of the same view keeps every
//! district clear of its title, legend, badge and footer texts.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use arrival_atlas::app::{AtlasApp, MapExport, MapFormat, Startup};
use atlas_data::dataset::DatasetPaths;
use atlas_scene::map_scene::{MapScene, text_width};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::{Area, BooleanOps, Intersects, LineString, Polygon, Rect, coord};

fn start(paths: Option<DatasetPaths>, w: f32, h: f32) -> Harness<'static, AtlasApp> {
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::new(w, h))
        .build_eframe(move |cc| {
            AtlasApp::new(
                cc,
                Startup {
                    paths: paths.clone(),
                    ..Startup::default()
                },
            )
        });
    harness.state_mut().wait_for_jobs();
    // The furniture is measured when first drawn; the layout settles on the next frames.
    harness.run_steps(4);
    harness
}

fn berlin() -> DatasetPaths {
    support::berlin_paths(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    )
}

fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect<f64> {
    Rect::new(
        coord! { x: f64::from(x0), y: f64::from(y0) },
        coord! { x: f64::from(x1), y: f64::from(y1) },
    )
}

/// Checks the window's map; returns the number of districts checked.
fn screen_is_clear(h: &Harness<'static, AtlasApp>, what: &str) -> usize {
    let app = h.state();
    let ws = app.workspace.as_ref().expect("loaded");
    let g = ws.geometry.as_ref().expect("geometry");
    let (cam, vp, furniture) = app.map_furniture().expect("map drawn");
    assert!(
        furniture.len() >= 4,
        "{what}: title, legend, source, buttons"
    );
    let map = rect(vp.x, vp.y, vp.x + vp.w, vp.y + vp.h).to_polygon();
    let pieces: Vec<Rect<f64>> = furniture
        .iter()
        .map(|r| rect(r.min.x, r.min.y, r.max.x, r.max.y))
        .collect();
    for (d, mp) in g.polygons.iter().enumerate() {
        for poly in &mp.0 {
            let ring: Vec<(f64, f64)> = poly
                .exterior()
                .0
                .iter()
                .map(|c| {
                    let s = cam.to_screen([c.x, c.y], vp);
                    (f64::from(s[0]), f64::from(s[1]))
                })
                .collect();
            let screen = Polygon::new(LineString::from(ring), vec![]);
            let name = &ws.dataset.districts.districts[d].name;
            // Wholly visible: the part inside the map is all of it.
            let full = screen.unsigned_area();
            let visible = screen.intersection(&map).unsigned_area();
            assert!(
                (full - visible).abs() <= 1e-6 * full.max(1.0),
                "{what}: {name} is cut off by the map's edge ({visible:.0} of {full:.0} px²)"
            );
            for (p, piece) in pieces.iter().enumerate() {
                assert!(
                    !screen.intersects(piece),
                    "{what}: {name} lies under furniture {p} {piece:?}"
                );
            }
        }
    }
    g.polygons.len()
}

/// The boxes of the export's furniture: legend, badge, and every text that is not a map
/// label (title, subtitle, legend lines, note, source, date).
fn export_furniture(s: &MapScene) -> Vec<Rect<f64>> {
    let mut out = vec![rect(
        s.legend_box[0],
        s.legend_box[1],
        s.legend_box[0] + s.legend_box[2],
        s.legend_box[1] + s.legend_box[3],
    )];
    if let Some(b) = s.synthetic_box {
        out.push(rect(b[0], b[1], b[0] + b[2], b[1] + b[3]));
    }
    for t in s.texts.iter().filter(|t| !t.halo && !t.text.is_empty()) {
        let w = text_width(&t.text, t.size);
        // Baseline text: ascent above, descent below.
        out.push(rect(
            t.pos[0],
            t.pos[1] - t.size * 0.95,
            t.pos[0] + w,
            t.pos[1] + t.size * 0.25,
        ));
    }
    out
}

fn export_is_clear(h: &Harness<'static, AtlasApp>, what: &str) {
    let app = h.state();
    let ws = app.workspace.as_ref().unwrap();
    let e = MapExport {
        format: MapFormat::Png,
        width: 1920,
        height: 1080,
        labels: true,
    };
    let scene = atlas_session::map_export::scene_of_view(ws, &app.view, &e).expect("scene");
    let pieces = export_furniture(&scene);
    let page = rect(0.0, 0.0, 1920.0, 1080.0);
    for d in &scene.districts {
        for ring in &d.rings {
            let pts: Vec<(f64, f64)> = ring
                .iter()
                .map(|p| (f64::from(p[0]), f64::from(p[1])))
                .collect();
            let poly = Polygon::new(LineString::from(pts), vec![]);
            assert!(
                page.intersects(&poly),
                "{what} export: {} off the page",
                d.name
            );
            for piece in &pieces {
                assert!(
                    !poly.intersects(piece),
                    "{what} export: {} under furniture {piece:?}",
                    d.name
                );
            }
        }
    }
}

fn check(paths: Option<DatasetPaths>, name: &str, districts: usize) {
    for (w, h) in [(1280.0, 720.0), (1920.0, 1080.0)] {
        let harness = start(paths.clone(), w, h);
        let what = format!("{name} at {w}×{h}");
        assert_eq!(screen_is_clear(&harness, &what), districts, "{what}");
        export_is_clear(&harness, &what);
    }
}

#[test]
fn no_district_of_the_demo_city_lies_under_the_furniture() {
    check(None, "demo city", 32);
}

#[test]
fn no_berlin_planning_area_lies_under_the_furniture() {
    check(Some(berlin()), "Berlin Planungsräume", 448);
}

/// Presenting a scene at 1280 × 720 in German: the badge "Szene 1 von 1 … Präsentation beenden
/// (Esc)" stands left of the zoom buttons and the map is fitted around both, so Berlin's
/// northern tip (Frohnau, Buch) is not under it.
#[test]
fn the_presentation_badge_covers_no_planning_area_at_1280_in_german() {
    use arrival_atlas::app::Action;
    let mut h = start(Some(berlin()), 1280.0, 720.0);
    h.state_mut().push(Action::SetLang(atlas_i18n::Lang::De));
    h.state_mut()
        .push(Action::SaveScene("Ankunftsgebiete 2020".into()));
    h.run_steps(2);
    h.state_mut().push(Action::SetPresenting(true));
    h.state_mut().push(Action::ShowScene(0));
    h.run_steps(8);
    let badge = h.get_by_label_contains("Präsentation beenden").rect();
    let (_, _, furniture) = h.state().map_furniture().unwrap();
    assert!(
        furniture.iter().any(|r| r.contains_rect(badge)),
        "the badge {badge:?} is among the furniture {furniture:?}"
    );
    assert_eq!(
        screen_is_clear(&h, "presenting Berlin at 1280×720, German"),
        448
    );
}

/// At 1280 × 720 with both side panels open, in German and in English, Berlin is drawn at
/// least twice as large (in area) as before the panels gave way on narrow windows: then the
/// German left panel took ~420 px and the right ~470 px, and Berlin was drawn ~265 × 215 px
/// (measured on a screenshot of stop 26).
#[test]
fn berlin_gets_twice_the_room_at_1280_in_both_languages() {
    use arrival_atlas::app::Action;
    const BEFORE: f64 = 265.0 * 215.0;
    for lang in [atlas_i18n::Lang::De, atlas_i18n::Lang::En] {
        let mut h = start(Some(berlin()), 1280.0, 720.0);
        h.state_mut().push(Action::SetLang(lang));
        h.run_steps(6);
        let app = h.state();
        assert!(!app.session.view.hide_left && !app.session.view.hide_right);
        let g = app.workspace.as_ref().unwrap().geometry.as_ref().unwrap();
        let (cam, vp, _) = app.map_furniture().unwrap();
        let b = g.bounds;
        let (w, hh) = ((b[2] - b[0]) * cam.scale, (b[3] - b[1]) * cam.scale);
        assert!(
            w * hh >= 2.0 * BEFORE,
            "{lang:?}: Berlin drawn {w:.0} × {hh:.0} px in a map of {:.0} × {:.0}",
            vp.w,
            vp.h
        );
        screen_is_clear(&h, &format!("Berlin at 1280×720, {lang:?}"));
    }
}

#[test]
fn a_resized_window_refits_until_the_user_zooms() {
    let mut h = start(None, 1920.0, 1080.0);
    let (big, _, _) = h.state().map_furniture().unwrap();
    h.set_size(egui::Vec2::new(1280.0, 720.0));
    h.run_steps(4);
    let (small, _, _) = h.state().map_furniture().unwrap();
    assert!(small.scale < big.scale * 0.9, "refitted: {small:?} {big:?}");
    assert_eq!(screen_is_clear(&h, "demo city resized"), 32);
    // Zoomed in by the user: the camera is the user's now, and a resize keeps its scale.
    h.get_by_label("+").click();
    h.run_steps(3);
    let (zoomed, _, _) = h.state().map_furniture().unwrap();
    assert!((zoomed.scale / small.scale - 1.5).abs() < 1e-6);
    h.set_size(egui::Vec2::new(1920.0, 1080.0));
    h.run_steps(4);
    let (kept, _, _) = h.state().map_furniture().unwrap();
    assert_eq!(
        kept.scale, zoomed.scale,
        "the user's zoom survives a resize"
    );
    // Fit hands the camera back to the layout.
    h.get_by_label("Fit").click();
    h.run_steps(4);
    let (fitted, _, _) = h.state().map_furniture().unwrap();
    assert!(
        (fitted.scale / big.scale - 1.0).abs() < 1e-6,
        "{fitted:?} {big:?}"
    );
}

/// The title box is never broken inside a word: for every indicator of the demo city, in
/// English and German, the title block keeps the height of one title line and one subtitle
/// line (a wrapped word would add a line) and its width grows with the text instead.
#[test]
fn titles_never_break_inside_a_word() {
    use arrival_atlas::app::Action;
    use atlas_i18n::Lang;
    let mut h = start(None, 1280.0, 720.0);
    let ids: Vec<String> = {
        let ws = h.state().workspace.as_ref().unwrap();
        ws.table()
            .unwrap()
            .indicators
            .iter()
            .map(|i| i.id.clone())
            .collect()
    };
    assert!(ids.len() >= 8);
    let title_rect = |h: &Harness<'static, AtlasApp>| {
        let (_, _, rects) = h.state().map_furniture().unwrap();
        rects[0]
    };
    let one_line = title_rect(&h).height();
    for lang in [Lang::En, Lang::De] {
        h.state_mut().push(Action::SetLang(lang));
        for id in &ids {
            h.state_mut().push(Action::SetIndicator(id.clone()));
            h.state_mut().wait_for_jobs();
            h.run_steps(3);
            let r = title_rect(&h);
            assert!(
                (r.height() - one_line).abs() < 1.0,
                "{lang:?} {id}: title block {r:?} is taller than one line each ({one_line})"
            );
        }
    }
}
