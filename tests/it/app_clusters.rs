//! Headless UI tests (egui_kittest) of the cluster views on the real Berlin Bezirksregionen:
//! the cluster map mode shows the LISA legend, a point of the Moran scatter selects its
//! district on the map and in the profile, and stepping the year changes the cluster map; in
//! German the significance levels have decimal commas, and at 1280 × 720 the settings stay
//! inside the window.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use crate::support::{app::settle, berlin_paths};
use arrival_atlas::app::{Action, AtlasApp, MapMode, RightTab};
use egui::{Event, Modifiers, PointerButton};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn open() -> Harness<'static, AtlasApp> {
    open_at(1400.0, 1000.0)
}

/// Berlin's Bezirksregionen in a `width` × `height` window, with 999 permutations.
fn open_at(width: f32, height: f32) -> Harness<'static, AtlasApp> {
    let paths = berlin_paths(
        "berlin_bezirksregionen_bis2020.geojson",
        "berlin_einwohner_bezirksregionen_bis2020.csv",
    );
    let mut h = support::app::open(Some(paths), width, height);
    // 999 permutations keep the debug build quick.
    let mut s = h.state().view.spatial.clone();
    s.permutations = 999;
    h.state_mut().push(Action::SetSpatial(s));
    h.run_steps(1);
    h
}

#[test]
fn the_cluster_map_shows_the_lisa_legend_and_follows_the_year() {
    let mut h = open();
    h.get_by_label("Map shows: LISA clusters").click();
    h.run_steps(2);
    settle(&mut h);
    assert_eq!(h.state().view.map_mode, MapMode::Clusters);
    let ws = h.state().workspace.as_ref().unwrap();
    let legend = ws.legend.as_ref().expect("legend");
    let labels: Vec<&str> = legend.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "High-High",
            "Low-Low",
            "Low-High",
            "High-Low",
            "Not significant",
            "no data"
        ]
    );
    let hh = legend.rows[0].count;
    assert!(hh >= 10, "{hh}");
    assert_eq!(legend.rows.iter().map(|r| r.count).sum::<usize>(), 138);
    h.get_by_label(&format!("High-High  ({hh})"));
    h.get_by_label_contains("foreigners_pct  2020");
    // Stepping back a year recolours the map from that year's clusters.
    let fills_2020 = ws.fills.clone();
    h.state_mut().push(Action::SetYear(2015));
    h.run_steps(2);
    settle(&mut h);
    let ws = h.state().workspace.as_ref().unwrap();
    assert_ne!(ws.fills, fills_2020);
    let st = ws
        .spatial
        .year(atlas_data::model::YearIdx(0))
        .expect("2015 computed");
    let hh_2015 = st
        .local
        .iter()
        .filter(|l| l.cluster == atlas_analysis::spatial::Cluster::HH)
        .count();
    assert_eq!(ws.legend.as_ref().unwrap().rows[0].count, hh_2015);
    // The significance and persistence maps have their legends too.
    h.state_mut()
        .push(Action::SetMapMode(MapMode::Significance));
    h.run_steps(2);
    h.get_by_label_contains("p ≤ 0.05");
    h.state_mut()
        .push(Action::SetMapMode(MapMode::ClusterPersistence));
    h.run_steps(2);
    settle(&mut h);
    h.get_by_label_contains("never");
}

#[test]
fn in_german_the_levels_and_settings_have_decimal_commas() {
    let mut h = open();
    h.state_mut().push(Action::SetLang(atlas_i18n::Lang::De));
    h.state_mut().push(Action::SetTab(RightTab::Clusters));
    h.run_steps(2);
    settle(&mut h);
    h.run_steps(2);
    // The significance level's setting, as the panel's other numbers ("Moran's I 2020: 0,668").
    h.get_by_value("0,05");
    assert!(h.query_by_value("0.05").is_none());
    h.get_by_label_contains("Moran's I 2020: 0,668");
    // The significance map's legend (on screen and in every export).
    h.state_mut()
        .push(Action::SetMapMode(MapMode::Significance));
    h.run_steps(2);
    settle(&mut h);
    let ws = h.state().workspace.as_ref().unwrap();
    let labels: Vec<&str> = ws
        .legend
        .as_ref()
        .expect("legend")
        .rows
        .iter()
        .map(|r| r.label.as_str())
        .collect();
    assert_eq!(
        labels[..4],
        ["p ≤ 0,0001", "p ≤ 0,001", "p ≤ 0,01", "p ≤ 0,05"]
    );
    // The note under it, its level kept on one line with the α.
    let note = &ws.legend.as_ref().unwrap().note;
    assert!(note.contains("Gewichte queen, α\u{a0}0,05"), "{note}");
}

#[test]
fn at_1280_by_720_in_german_the_settings_fit_the_panel() {
    let mut h = open_at(1280.0, 720.0);
    h.state_mut().push(Action::SetLang(atlas_i18n::Lang::De));
    h.state_mut().push(Action::SetTab(RightTab::Clusters));
    h.run_steps(2);
    settle(&mut h);
    h.run_steps(2);
    // Beside the level, the correction made the panel wider than the window: cut off.
    for value in ["0,05", "keine Korrektur", "queen"] {
        let right = h.get_by_value(value).rect().right();
        assert!(right <= 1280.0, "{value} ends at {right}");
    }
    let info = h.get_by_label_contains("Nachbarn im Mittel").rect();
    assert!(info.right() <= 1280.0, "{info:?}");
}

#[test]
fn a_point_in_the_moran_scatter_selects_the_district() {
    let mut h = open();
    h.state_mut().push(Action::SetTab(RightTab::Clusters));
    h.run_steps(2);
    settle(&mut h);
    h.run_steps(2);
    h.get_by_label_contains("Moran's I 2020: 0.668");
    // Tiergarten Süd (010111): the first district.
    let pos = h.state().clusters_point(0).expect("drawn in the scatter");
    for pressed in [true, false] {
        h.event(Event::PointerMoved(pos));
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(1);
    }
    h.run_steps(2);
    assert_eq!(h.state().selection.primary, Some(0));
    // The profile shows it (Drill-down tab).
    h.state_mut().push(Action::SetTab(RightTab::DrillDown));
    h.run_steps(3);
    h.get_by_label_contains("Tiergarten Süd (010111)");
}

#[test]
fn the_cluster_map_exports_as_shown() {
    use arrival_atlas::app::{MapExport, MapFormat};
    let mut h = open();
    h.state_mut().push(Action::SetMapMode(MapMode::Clusters));
    h.run_steps(2);
    settle(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clusters.svg");
    h.state_mut().export_map(
        MapExport {
            format: MapFormat::Svg,
            width: 1200,
            height: 800,
            labels: false,
        },
        path.clone(),
    );
    h.state_mut().wait_for_export();
    let text = std::fs::read_to_string(&path).unwrap();
    let ws = h.state().workspace.as_ref().unwrap();
    let hh = ws.legend.as_ref().unwrap().rows[0].count;
    // The legend as on screen, the districts in GeoDa's colours (HH red).
    assert!(text.contains(&format!("High-High  ({hh})")), "legend");
    assert!(text.contains("LISA clusters"), "subtitle");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let red = doc
        .descendants()
        .filter(|n| n.attribute("data-key").is_some() && n.attribute("fill") == Some("#ff0000"))
        .count();
    assert_eq!(red, hh);
}
