//! The explorer across sessions and on real data: the working state (files, indicator, year,
//! styling, selection, language, view) is restored on the next start; a data file that has gone
//! missing gives a message and the demo city instead of a crash; the real Berlin files open.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::berlin;
use arrival_atlas::app::{Action, AtlasApp, Message, SavedState, Startup, Styling, Window};
use atlas_analysis::classify::Scheme;
use atlas_data::dataset::DatasetPaths;
use atlas_data::model::YearIdx;
use atlas_i18n::Lang;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::collections::HashMap;
use std::path::PathBuf;

/// eframe storage in memory.
#[derive(Default)]
pub(crate) struct MemStorage(HashMap<String, String>);

impl eframe::Storage for MemStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

pub(crate) fn start(
    storage: Option<&'static MemStorage>,
    startup: Startup,
) -> Harness<'static, AtlasApp> {
    let mut h = Harness::builder()
        .with_size(egui::Vec2::new(1400.0, 900.0))
        .build_eframe(move |cc| {
            cc.storage = storage.map(|s| s as &dyn eframe::Storage);
            AtlasApp::new(cc, startup)
        });
    h.state_mut().wait_for_jobs();
    h.run_steps(3);
    h
}

fn restoring() -> Startup {
    Startup {
        paths: None,
        restore: true,
        project: None,
        autosave: None,
        lang: None,
    }
}

#[test]
fn working_state_is_restored_on_the_next_start() {
    let mut h = start(None, restoring());
    let styling = Styling {
        scheme: Scheme::NaturalBreaks { k: 4 },
        k: 4,
        ramp: "OrRd".into(),
        reverse: true,
        ..Styling::default()
    };
    let key = h
        .state()
        .workspace
        .as_ref()
        .unwrap()
        .dataset
        .districts
        .districts[7]
        .key
        .clone();
    for a in [
        Action::SetIndicator("fluctuation".into()),
        Action::SetYear(2012),
        Action::SetStyling(styling.clone()),
        Action::Select {
            district: 7,
            add: false,
        },
        Action::SetLang(Lang::De),
        Action::SetLabels(false),
    ] {
        h.state_mut().push(a);
    }
    h.run_steps(3);
    let mut storage = MemStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    let rules = h.state().view.rules.clone();
    drop(h);

    let storage: &'static MemStorage = Box::leak(Box::new(storage));
    let h = start(Some(storage), restoring());
    let app = h.state();
    assert_eq!(app.view.lang, Lang::De);
    assert_eq!(app.current_year(), Some(2012));
    assert_eq!(app.view.indicator.as_deref(), Some("fluctuation"));
    assert_eq!(app.view.styling, styling);
    assert!(!app.view.labels);
    let ws = app.workspace.as_ref().unwrap();
    let selected: Vec<String> = app
        .selection
        .iter()
        .map(|d| ws.dataset.districts.districts[d].key.clone())
        .collect();
    assert_eq!(selected, vec![key]);
    let c = ws.choropleth.as_ref().unwrap();
    assert_eq!(c.spec.scheme, Scheme::NaturalBreaks { k: 4 });
    assert_eq!(c.per_year[ws.year.get()].k, 4);
    assert_eq!(app.view.rules, rules, "rules survive the restart");
    h.get_by_label("Fluktuationsrate  2012");
}

#[test]
fn a_missing_data_file_gives_a_message_and_the_demo_city() {
    let saved = SavedState {
        paths: Some(DatasetPaths {
            boundaries: PathBuf::from("/nonexistent/old_districts.geojson"),
            table: None,
            meta: None,
        }),
        ..SavedState::default()
    };
    let mut storage = MemStorage::default();
    eframe::Storage::set_string(
        &mut storage,
        "arrival_atlas_state",
        serde_json::to_string(&saved).unwrap(),
    );
    let storage: &'static MemStorage = Box::leak(Box::new(storage));
    let h = start(Some(storage), restoring());
    let app = h.state();
    match &app.message {
        Some(Message::Notice(m)) => assert!(m.contains("old_districts.geojson"), "{m}"),
        other => panic!("expected a notice, got {other:?}"),
    }
    assert_eq!(
        app.workspace
            .as_ref()
            .unwrap()
            .dataset
            .districts
            .districts
            .len(),
        32
    );
    h.get_by_label_contains("old_districts.geojson");
}

fn open_berlin(boundaries: &str, table: &str) -> Harness<'static, AtlasApp> {
    start(
        None,
        Startup {
            paths: Some(DatasetPaths {
                boundaries: berlin(boundaries),
                table: Some(berlin(table)),
                meta: None,
            }),
            restore: false,
            project: None,
            autosave: None,
            lang: None,
        },
    )
}

#[test]
fn berlin_bezirke_open_with_the_foreign_share_2015_to_2024() {
    let mut h = open_berlin("berlin_bezirke.geojson", "berlin_einwohner_bezirke.csv");
    let ws = h.state().workspace.as_ref().expect("Bezirke loaded");
    assert_eq!(ws.dataset.districts.districts.len(), 12);
    let t = ws.table().unwrap();
    assert_eq!(t.indicators[ws.indicator.unwrap()].id, "foreigners_pct");
    assert_eq!((t.years[0], *t.years.last().unwrap()), (2015, 2024));
    h.get_by_label("foreigners_pct  2024");
    h.get_by_label("12 of 12 districts matched");
    // The default rule reduces to the foreign share (the table has no fluctuation): at least
    // 5 points above the city's share.
    let ws = h.state().workspace.as_ref().unwrap();
    assert_eq!(ws.rules.rules.len(), 1);
    assert_eq!(ws.rules.rules[0].conditions.len(), 1);
    let per_year: Vec<usize> = (0..10)
        .map(|y| ws.rule_results[0].counts(YearIdx(y))[0])
        .collect();
    assert_eq!(per_year, vec![4, 4, 4, 4, 4, 3, 3, 2, 2, 2]);
    // The whole time range steps through.
    for _ in 0..12 {
        h.key_press(egui::Key::ArrowLeft);
        h.run_steps(1);
    }
    assert_eq!(h.state().current_year(), Some(2015));
    h.get_by_label("foreigners_pct  2015");
}

#[test]
fn berlin_planungsraeume_open_with_their_join_report() {
    let mut h = open_berlin(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    let ws = h.state().workspace.as_ref().expect("Planungsräume loaded");
    assert_eq!(ws.dataset.districts.districts.len(), 448);
    let t = ws.table().unwrap();
    assert_eq!((t.years[0], *t.years.last().unwrap()), (2015, 2020));
    h.get_by_label("foreigners_pct  2020");
    // The default rule on the foreign share; area 09041403 has no data before 2019: unknown.
    let res = &ws.rule_results[0];
    let per_year: Vec<[usize; 3]> = (0..6).map(|y| res.counts(YearIdx(y))).collect();
    assert_eq!(
        per_year.iter().map(|c| c[0]).collect::<Vec<_>>(),
        vec![124, 122, 126, 129, 132, 134]
    );
    assert_eq!(
        per_year.iter().map(|c| c[2]).collect::<Vec<_>>(),
        vec![1, 1, 1, 1, 0, 0]
    );
    // One table key without a district is no decision to make: the report does not open by
    // itself (issue 22); the banner says it and offers the report.
    assert!(!h.state().windows.contains(&Window::JoinReport));
    h.get_by_label(
        "448 of 448 districts matched; table keys without a district: 1, districts without rows: 0.",
    );
    assert_eq!(
        h.get_all_by_label("Join report").count(),
        2,
        "side-panel button and the banner's"
    );
    h.get_all_by_label("Join report").next().unwrap().click();
    h.run_steps(3);
    assert!(h.state().windows.contains(&Window::JoinReport));
    h.get_by_label_contains("Table keys without a district (1)");
    h.get_by_label("04030417 (line 125, 572, 1019)");
}

#[test]
fn the_working_state_is_autosaved_atomically_and_read_first_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("settings/working-state.json");
    let mut h = start(
        None,
        Startup {
            autosave: Some(file.clone()),
            ..Startup::default()
        },
    );
    for a in [
        Action::SetIndicator("fluctuation".into()),
        Action::SetYear(2011),
        Action::SaveScene("Turnover 2011".into()),
    ] {
        h.state_mut().push(a);
        h.run_steps(2);
    }
    h.state_mut().autosave_now();
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["view"]["indicator"], "fluctuation");
    assert_eq!(saved["view"]["scenes"][0]["name"], "Turnover 2011");
    // Only the file itself: the temporary one was renamed over it.
    assert_eq!(
        std::fs::read_dir(file.parent().unwrap()).unwrap().count(),
        1
    );
    // A later start (after a crash: eframe's own storage never written) restores from it.
    let h2 = start(
        None,
        Startup {
            autosave: Some(file.clone()),
            restore: true,
            ..Startup::default()
        },
    );
    assert_eq!(h2.state().current_year(), Some(2011));
    assert_eq!(h2.state().view.indicator.as_deref(), Some("fluctuation"));
    assert_eq!(h2.state().view.scenes.len(), 1);
}
