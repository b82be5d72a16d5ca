//! PNGs of maps of many districts (issue 25): from 5 000 districts on, the coverage
//! rasterizer draws the districts; its pixels are tiny-skia's but at edges and on hatch lines
//! — checked on Berlin's 448 Planungsräume and the demo city drawn both ways (real rings,
//! holes, districts at the canvas's edges), and the choice of rasterizer by the map's size.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::export::{desc, scene_of};
use crate::support::berlin_paths;
use atlas_data::dataset::{DatasetOptions, load_dataset};
use atlas_i18n::Lang;
use atlas_render::png::{self, OWN_RASTER_FROM, Raster};
use atlas_scene::map_scene::MapScene;
use atlas_session::headless::{HeadlessView, MapDescription};

fn berlin_scene(width: u32, height: u32) -> MapScene {
    let ds = load_dataset(
        &berlin_paths(
            "berlin_planungsraeume_bis2020.geojson",
            "berlin_einwohner_planungsraeume_bis2020.csv",
        ),
        &DatasetOptions::default(),
    )
    .unwrap();
    let mut d = MapDescription::indicator("foreigners_pct", 2020, Lang::En);
    d.scene.labels = false;
    HeadlessView::new(ds, &d)
        .unwrap()
        .scene(width, height)
        .unwrap()
}

/// The scene drawn by both: the share of pixels more than 6 levels apart in a channel, the
/// mean difference in levels, and the share of tiny-skia's inner pixels (its 3 × 3
/// neighbourhood of one colour) that the coverage rasterizer drew in another colour.
fn differences(scene: &MapScene) -> (f64, f64, f64) {
    let theirs = png::render_with(scene, Raster::TinySkia).unwrap();
    let ours = png::render_with(scene, Raster::Coverage).unwrap();
    let (a, b) = (theirs.data(), ours.data());
    let pixels = a.len() / 4;
    let apart = a
        .chunks(4)
        .zip(b.chunks(4))
        .filter(|(p, q)| p.iter().zip(*q).any(|(x, y)| x.abs_diff(*y) > 6))
        .count();
    let mean = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(x.abs_diff(*y)))
        .sum::<f64>()
        / a.len() as f64;
    let (w, h) = (scene.width as usize, scene.height as usize);
    let px = |d: &[u8], x: usize, y: usize| -> [u8; 4] {
        let i = (y * w + x) * 4;
        [d[i], d[i + 1], d[i + 2], d[i + 3]]
    };
    let (mut inner, mut changed) = (0usize, 0usize);
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let c = px(a, x, y);
            let uniform = (y - 1..=y + 1).all(|j| (x - 1..=x + 1).all(|i| px(a, i, j) == c));
            if uniform {
                inner += 1;
                changed += usize::from(px(b, x, y) != c);
            }
        }
    }
    (
        apart as f64 / pixels as f64,
        mean,
        changed as f64 / inner as f64,
    )
}

#[test]
fn berlin_and_the_demo_city_by_either_rasterizer_differ_only_at_edges() {
    // Measured (apart, mean, inner pixels changed): Berlin 1920 × 1080 1.7 %, 0.19 levels,
    // 2 · 10⁻⁶ (four pixels); Berlin 640 × 360 5.4 %, 0.48, none; the demo city 0.43 %, 0.05,
    // none. The bounds leave room for rounding, not for a shifted or missing district.
    let scenes = [
        ("Berlin 1920 × 1080", berlin_scene(1920, 1080), 0.03, 0.3),
        ("Berlin 640 × 360", berlin_scene(640, 360), 0.08, 0.7),
        (
            "demo 1920 × 1080",
            scene_of(&desc(2024, Lang::En, false), 1920, 1080),
            0.01,
            0.1,
        ),
    ];
    for (name, scene, most_apart, most_mean) in &scenes {
        // These maps are tiny-skia's: their exports are pinned byte for byte.
        assert_eq!(Raster::for_scene(scene), Raster::TinySkia, "{name}");
        let (apart, mean, changed) = differences(scene);
        assert!(apart < *most_apart, "{name}: {apart} of the pixels apart");
        assert!(mean < *most_mean, "{name}: mean difference {mean}");
        assert!(
            changed < 1e-4,
            "{name}: {changed} of the inner pixels changed"
        );
    }
}

#[test]
fn maps_of_five_thousand_districts_or_more_are_drawn_by_the_coverage_rasterizer() {
    let mut scene = berlin_scene(960, 540);
    let one = scene.districts.clone();
    while scene.districts.len() < OWN_RASTER_FROM {
        scene.districts.extend(one.iter().cloned());
    }
    scene.districts.truncate(OWN_RASTER_FROM);
    assert_eq!(Raster::for_scene(&scene), Raster::Coverage);
    let drawn = png::render(&scene).unwrap();
    assert!(drawn.data() == png::render_with(&scene, Raster::Coverage).unwrap().data());
    assert!(drawn.data() != png::render_with(&scene, Raster::TinySkia).unwrap().data());
    scene.districts.pop();
    assert_eq!(Raster::for_scene(&scene), Raster::TinySkia);
    let drawn = png::render(&scene).unwrap();
    assert!(drawn.data() == png::render_with(&scene, Raster::TinySkia).unwrap().data());
}
