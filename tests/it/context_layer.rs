//! The context layer (issue 22): a second boundary file — Berlin's twelve Bezirke over its 448
//! Planungsräume — drawn as outlines over the choropleth, named optionally, on screen and in
//! every export, listed in the left panel, kept in projects and undone like any view change.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::{berlin, berlin_paths};
use atlas_data::dataset::{DatasetOptions, load_dataset};
use atlas_i18n::Lang;
use atlas_render::{png, svg};
use atlas_scene::map_scene::{CONTEXT_INK, Mark};
use atlas_session::headless::{HeadlessView, MapDescription};
use atlas_session::{Action, ContextSpec, FileKind, Message, Session, Startup};

const PLANUNGSRAEUME: &str = "berlin_planungsraeume_bis2020.geojson";
const TABLE: &str = "berlin_einwohner_planungsraeume_bis2020.csv";
const BEZIRKE: &str = "berlin_bezirke.geojson";

fn berlin_view(context: Option<ContextSpec>) -> HeadlessView {
    let ds = load_dataset(
        &berlin_paths(PLANUNGSRAEUME, TABLE),
        &DatasetOptions::default(),
    )
    .unwrap();
    let mut d = MapDescription::indicator("foreigners_pct", 2019, Lang::En);
    d.scene.labels = false;
    let mut v = HeadlessView::new(ds, &d).unwrap();
    v.set_context(context).unwrap();
    v
}

fn bezirke(labels: bool) -> Option<ContextSpec> {
    Some(ContextSpec {
        path: berlin(BEZIRKE),
        labels,
    })
}

/// Pixels of the context line's charcoal (not any class colour of the ramp).
fn ink_pixels(bytes: &[u8]) -> usize {
    let img = tiny_skia::Pixmap::decode_png(bytes).unwrap();
    img.pixels()
        .iter()
        .filter(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
                .iter()
                .zip([CONTEXT_INK.0, CONTEXT_INK.1, CONTEXT_INK.2])
                .all(|(a, b)| a.abs_diff(b) <= 12)
        })
        .count()
}

#[test]
fn exports_draw_the_context_layer_and_its_legend_line() {
    let plain = berlin_view(None).scene(1920, 1080).unwrap();
    let with = berlin_view(bezirke(false)).scene(1920, 1080).unwrap();
    assert!(plain.context_lines.is_empty());
    // The twelve Bezirke's borders, each shared border once: far fewer points than the 448
    // Planungsräume's outlines, and all inside the canvas.
    assert!(!with.context_lines.is_empty());
    for p in with.context_lines.iter().flatten() {
        assert!((0.0..=1920.0).contains(&p[0]) && (0.0..=1080.0).contains(&p[1]));
    }
    // The legend names it with its line (what the map draws), after the classes.
    let row = with
        .legend_rows
        .iter()
        .find(|r| r.mark == Mark::Context)
        .expect("a legend row for the context layer");
    assert_eq!(row.text.text, "berlin_bezirke.geojson (outlines, 12)");
    // The fills are the same: the context layer only draws over them.
    let fills = |s: &atlas_scene::map_scene::MapScene| {
        s.districts.iter().map(|d| d.fill).collect::<Vec<_>>()
    };
    assert_eq!(fills(&plain), fills(&with));
    // PNG: the charcoal line is there (the plain map has next to none of it).
    let (a, b) = (
        ink_pixels(&png::to_png(&plain).unwrap()),
        ink_pixels(&png::to_png(&with).unwrap()),
    );
    assert!(b > a + 2_000, "context ink pixels: {a} without, {b} with");
    // SVG (and the PDF made from it): one dash-dot path over a halo, between the districts
    // and the rule overlay.
    let s = svg::to_svg(&with);
    let group = s.split("<g id=\"context-layer\">").nth(1).unwrap();
    let group = group.split("</g>").next().unwrap();
    assert_eq!(group.matches("<path").count(), 2, "{group}");
    assert!(group.contains("stroke-dasharray=\"12 3 2 3\""));
    assert!(s.find("id=\"districts\"") < s.find("id=\"context-layer\""));
    assert!(s.find("id=\"context-layer\"") < s.find("id=\"rule-overlay\""));
}

#[test]
fn context_names_are_placed_before_district_names() {
    let v = berlin_view(bezirke(true));
    let scene = v.scene(1920, 1080).unwrap();
    let names: Vec<&str> = scene
        .texts
        .iter()
        .filter(|t| t.color == CONTEXT_INK && t.halo)
        .map(|t| t.text.as_str())
        .collect();
    // All twelve Bezirke fit at 1920 × 1080 (district names are off in this view).
    assert_eq!(names.len(), 12, "{names:?}");
    assert!(names.contains(&"Friedrichshain-Kreuzberg") && names.contains(&"Spandau"));
    // Without names asked for, none.
    let quiet = berlin_view(bezirke(false)).scene(1920, 1080).unwrap();
    assert!(!quiet.texts.iter().any(|t| t.color == CONTEXT_INK));
}

#[test]
fn the_session_loads_undoes_saves_and_keeps_the_layer_when_a_file_fails() {
    let startup = Startup {
        paths: Some(berlin_paths(PLANUNGSRAEUME, TABLE)),
        ..Startup::default()
    };
    let mut s = Session::headless(startup);
    s.wait_for_jobs();
    s.apply(Action::OpenFile(FileKind::Context, berlin(BEZIRKE)));
    s.wait_for_jobs();
    let ws = s.workspace.as_ref().unwrap();
    assert_eq!(ws.context.as_ref().unwrap().count, 12);
    let legend = ws.legend.as_ref().unwrap();
    assert!(legend.overlay.iter().any(|(m, _)| *m == Mark::Context));
    assert_eq!(
        s.history.undo_label().unwrap().describe(Lang::En),
        "context layer"
    );

    // A project keeps it (relative to the project file) and brings it back.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("berlin.atlas.json");
    s.apply(Action::SetContext(bezirke(true)));
    s.wait_for_jobs();
    s.save_project(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("berlin_bezirke.geojson") && text.contains("\"context_labels\": true"));
    let mut fresh = Session::headless(Startup::default());
    fresh.wait_for_jobs();
    fresh.open_project(&file);
    fresh.wait_for_jobs();
    let restored = fresh.view.context.clone().unwrap();
    assert!(restored.labels);
    assert_eq!(
        restored.path.canonicalize().unwrap(),
        berlin(BEZIRKE).canonicalize().unwrap()
    );
    assert_eq!(
        fresh
            .workspace
            .as_ref()
            .unwrap()
            .context
            .as_ref()
            .unwrap()
            .count,
        12
    );

    // A file that is not boundaries: said in the banner, the layer shown before stays.
    let bad = dir.path().join("broken.geojson");
    std::fs::write(&bad, "{ not json").unwrap();
    s.apply(Action::OpenFile(FileKind::Context, bad));
    s.wait_for_jobs();
    assert!(
        matches!(&s.message, Some(Message::Error(e)) if e.contains("Context layer not loaded") && e.contains("broken.geojson")),
        "{:?}",
        s.message
    );
    assert_eq!(s.view.context, bezirke(true));
    assert_eq!(
        s.workspace
            .as_ref()
            .unwrap()
            .context
            .as_ref()
            .unwrap()
            .count,
        12
    );

    // Undo takes the layer back off the map, and its legend line with it (each step sealed,
    // as the window seals them between clicks).
    s.history.seal();
    s.apply(Action::SetContext(None));
    s.wait_for_jobs();
    assert!(s.workspace.as_ref().unwrap().context.is_none());
    s.apply(Action::Undo);
    s.wait_for_jobs();
    assert_eq!(
        s.workspace
            .as_ref()
            .unwrap()
            .context
            .as_ref()
            .unwrap()
            .count,
        12
    );
}

#[test]
fn the_cli_exports_a_context_layer() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.svg");
    let b = berlin(PLANUNGSRAEUME);
    let t = berlin(TABLE);
    let c = berlin(BEZIRKE);
    support::run_ok(&[
        "export",
        "--boundaries",
        b.to_str().unwrap(),
        "--table",
        t.to_str().unwrap(),
        "--indicator",
        "foreigners_pct",
        "--year",
        "2019",
        "--context",
        c.to_str().unwrap(),
        "--context-labels",
        "--lang",
        "de",
        "--out",
        out.to_str().unwrap(),
    ]);
    let s = std::fs::read_to_string(&out).unwrap();
    assert!(s.contains("berlin_bezirke.geojson (Umrisse, 12)"));
    assert!(s.contains(">Treptow-Köpenick</text>"));
    // --context-labels without a layer is refused by the argument parser.
    let refused = support::bin()
        .args(["export", "--context-labels", "--out", "x.png"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
}

/// The left panel lists the layer with its areas, a names switch and Remove.
#[cfg(feature = "gui")]
#[test]
fn the_left_panel_lists_the_context_layer_in_german() {
    use egui_kittest::kittest::Queryable;
    let startup = arrival_atlas::app::Startup {
        paths: Some(berlin_paths(PLANUNGSRAEUME, TABLE)),
        lang: Some(Lang::De),
        ..Default::default()
    };
    let mut h = support::app::start(startup, 1280.0, 720.0);
    h.get_by_label("Kontextebene hinzufügen…");
    h.state_mut()
        .push(Action::OpenFile(FileKind::Context, berlin(BEZIRKE)));
    h.run_steps(2);
    support::app::settle(&mut h);
    h.get_by_label("berlin_bezirke.geojson: 12 Gebiete");
    h.get_by_label("Ihre Gebiete beschriften").click();
    h.run_steps(2);
    assert_eq!(
        h.state().view.context.as_ref().map(|c| c.labels),
        Some(true)
    );
    h.get_by_label("Entfernen").click();
    h.run_steps(2);
    assert!(h.state().view.context.is_none());
}
