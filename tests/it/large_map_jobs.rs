//! Large maps' work off the UI thread, without a window: the classification before the rule
//! overlay, and the rules of a large map evaluated on a worker once its first map is in.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use atlas_i18n::Lang;
use atlas_session::jobs::Loaded;
use atlas_session::state::{Selection, ViewState};
use atlas_session::workspace::Workspace;

/// The 80 × 80 grid (6 400 districts, above the size worked on at once) with its default rules
/// and the first as overlay.
fn large_map(dir: &std::path::Path) -> (Workspace, ViewState) {
    let paths = crate::support::square_grid(dir, 80);
    let ds = atlas_data::dataset::load_dataset(&paths, &Default::default()).unwrap();
    let geometry = atlas_scene::MapGeometry::build(&ds.districts);
    let mut view = ViewState {
        rules: atlas_analysis::rules::default_rules(ds.table(), Lang::En),
        active_rule: Some(0),
        ..ViewState::default()
    };
    view.indicator = Some("foreign_pct".into());
    let ws = Workspace::new(
        Loaded {
            dataset: ds,
            geometry,
        },
        1,
    );
    (ws, view)
}

/// A map above the size classified on a worker: the first sync starts the classification
/// and leaves the rule overlay until the colours are in (on software GL a frame with the
/// overlay of a large map took seconds and, coming first, kept the colours waiting).
#[test]
fn a_large_map_is_coloured_before_its_rule_overlay_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, view) = large_map(dir.path());
    let sel = Selection::default();
    ws.sync(&view, &sel, None, || {});
    assert!(
        ws.is_classifying(),
        "6 400 districts are classified on a worker"
    );
    assert!(!ws.is_building_overlay() && ws.overlay.is_none());
    ws.finish_pending();
    ws.sync(&view, &sel, None, || {});
    assert!(ws.is_coloured());
    ws.finish_pending();
    let overlay = ws
        .overlay
        .as_ref()
        .expect("the overlay follows the colours");
    assert!(!overlay.met.is_empty() || !overlay.unknown.is_empty());
}

/// Once a large map is coloured, an edit of its rules (a dragged threshold) is evaluated on a
/// worker: the frame that applies it does not wait, the results shown meanwhile are the old
/// rules' (with their version), and the new ones are what the rules give.
#[test]
fn a_large_maps_rules_are_evaluated_on_a_worker_once_it_is_coloured() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ws, mut view) = large_map(dir.path());
    let sel = Selection::default();
    ws.sync(&view, &sel, None, || {});
    // The first map's rules at once, beside its classification.
    assert!(!ws.is_evaluating_rules() && ws.rule_results.len() == view.rules.rules.len());
    ws.finish_pending();
    ws.sync(&view, &sel, None, || {});
    assert!(ws.is_coloured());
    let before = ws.rule_results.clone();
    let counts = |ws: &Workspace| ws.rule_results[0].counts(ws.year);
    let met_before = counts(&ws)[0];
    // A threshold raised: fewer districts meet the rule.
    let rule = &mut view.rules.rules[0];
    let c = rule.conditions.first_mut().unwrap();
    c.threshold = match c.threshold.clone() {
        atlas_analysis::rules::Threshold::City { factor, offset } => {
            atlas_analysis::rules::Threshold::City {
                factor: factor * 1.5,
                offset,
            }
        }
        t => t,
    };
    ws.sync(&view, &sel, None, || {});
    assert!(
        ws.is_evaluating_rules(),
        "6 400 districts' rules on a worker"
    );
    assert_eq!(
        ws.rule_results, before,
        "the old results until the new come"
    );
    ws.finish_pending();
    assert!(!ws.is_evaluating_rules());
    let want = atlas_analysis::rules::evaluate_all(&ws.dataset, &view.rules.rules);
    assert_eq!(ws.rule_results, want);
    assert!(
        counts(&ws)[0] < met_before,
        "{:?} vs {met_before}",
        counts(&ws)
    );
    // The same rules again start nothing.
    ws.sync(&view, &sel, None, || {});
    assert!(!ws.is_evaluating_rules());
}
