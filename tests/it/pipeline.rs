//! One map pipeline: a map asked for with the command line's flags and the same map saved as a
//! project scene are one description drawn by one workspace, so the files are the same to the
//! byte — for an indicator map, a typology map and a LISA cluster map of the demo city, in PNG
//! and SVG.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::{repo, run_ok};
use atlas_analysis::classify::Scheme;
use atlas_analysis::rules::RuleSet;
use atlas_i18n::Lang;
use atlas_session::project::view::{MapMode, Scene, SpatialView, Styling};
use atlas_session::project::{Project, ProjectData, write_project};
use std::path::Path;

/// A project on the demo city holding `scenes` (default rules, English).
fn project(dir: &Path, scenes: Vec<Scene>) -> std::path::PathBuf {
    let demo = repo().join("data/demo");
    let p = Project {
        format: "arrival-atlas-project".into(),
        version: 1,
        data: ProjectData {
            boundaries: demo.join("districts.geojson").display().to_string(),
            table: Some(demo.join("indicators.csv").display().to_string()),
            ..ProjectData::default()
        },
        lang: Lang::En,
        view: Scene::default(),
        rules: RuleSet::default(),
        scenes,
    };
    let file = dir.join("maps.atlas.json");
    write_project(&file, &p).unwrap();
    file
}

#[test]
fn flags_and_project_scenes_export_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let demo = repo().join("data/demo");
    let boundaries = demo.join("districts.geojson");
    let table = demo.join("indicators.csv");
    // (scene, the flags that describe the same map)
    let maps: Vec<(Scene, Vec<&str>)> = vec![
        (
            Scene {
                name: "indicator".into(),
                indicator: Some("fluctuation".into()),
                year: Some(2020),
                styling: Styling {
                    scheme: Scheme::NaturalBreaks { k: 6 },
                    k: 6,
                    ramp: "Reds".into(),
                    reverse: true,
                    ..Styling::default()
                },
                active_rule: None,
                ..Scene::default()
            },
            vec![
                "--indicator",
                "fluctuation",
                "--year",
                "2020",
                "--scheme",
                "jenks",
                "--classes",
                "6",
                "--ramp",
                "Reds",
                "--reverse",
            ],
        ),
        (
            Scene {
                name: "typology".into(),
                indicator: Some("foreign_pct".into()),
                year: Some(2015),
                map_mode: MapMode::Typology,
                active_rule: Some(0),
                ..Scene::default()
            },
            vec![
                "--indicator",
                "foreign_pct",
                "--year",
                "2015",
                "--mode",
                "typology",
            ],
        ),
        (
            Scene {
                name: "clusters".into(),
                indicator: Some("foreign_pct".into()),
                year: Some(2020),
                map_mode: MapMode::Clusters,
                active_rule: None,
                spatial: SpatialView {
                    permutations: 199,
                    seed: 7,
                    ..SpatialView::default()
                },
                ..Scene::default()
            },
            vec![
                "--indicator",
                "foreign_pct",
                "--year",
                "2020",
                "--mode",
                "clusters",
                "--permutations",
                "199",
                "--seed",
                "7",
            ],
        ),
    ];
    let file = project(dir.path(), maps.iter().map(|(s, _)| s.clone()).collect());
    for (scene, flags) in &maps {
        for ext in ["png", "svg"] {
            let by_flags = dir.path().join(format!("{}_flags.{ext}", scene.name));
            let by_scene = dir.path().join(format!("{}_scene.{ext}", scene.name));
            let mut args = vec![
                "export",
                "--boundaries",
                boundaries.to_str().unwrap(),
                "--table",
                table.to_str().unwrap(),
                "--out",
                by_flags.to_str().unwrap(),
            ];
            args.extend(flags.iter().copied());
            run_ok(&args);
            run_ok(&[
                "export",
                "--project",
                file.to_str().unwrap(),
                "--scene",
                &scene.name,
                "--out",
                by_scene.to_str().unwrap(),
            ]);
            let (a, b) = (
                std::fs::read(&by_flags).unwrap(),
                std::fs::read(&by_scene).unwrap(),
            );
            assert!(a.len() > 1000, "{}: {} bytes", by_flags.display(), a.len());
            assert!(
                a == b,
                "{} {ext}: the flags' export differs from the scene's",
                scene.name
            );
        }
    }
    // The three maps are three different maps (the comparison above could not pass by
    // drawing the same thing).
    let svg = |n: &str| std::fs::read_to_string(dir.path().join(format!("{n}_flags.svg"))).unwrap();
    let (ind, typ, lisa) = (svg("indicator"), svg("typology"), svg("clusters"));
    assert_ne!(ind, typ);
    assert_ne!(typ, lisa);
    assert!(lisa.contains("High-High"), "the cluster legend");
    assert!(ind.contains("Natural breaks"), "the scheme in the subtitle");
}
