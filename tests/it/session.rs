//! The session layer without a window (built without the `gui` feature too): actions applied
//! headlessly, undo and redo with their labels and coalescing, what loading does to the
//! history, the keyboard cursor, the clipboard text — and that nothing outside `src/app/`
//! names the GUI toolkit.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use atlas_analysis::rules::Threshold;
use atlas_i18n::Lang;
use atlas_session::{Action, Direction, Request, Session, Startup};
use std::path::Path;

fn demo() -> Session {
    let mut s = Session::headless(Startup::default());
    s.wait_for_jobs();
    s
}

fn with_offset(s: &Session, offset: f64) -> atlas_analysis::rules::RuleSet {
    let mut r = s.view.rules.clone();
    r.rules[0].conditions[0].threshold = Threshold::City {
        factor: 1.0,
        offset,
    };
    r
}

fn undo_text(s: &Session) -> Option<String> {
    s.history.undo_label().map(|l| l.describe(s.view.lang))
}

#[test]
fn a_dragged_threshold_is_one_step_and_the_next_drag_another() {
    let mut s = demo();
    // A drag: many edits before the front end seals the step.
    for o in [6.0, 7.0, 8.5] {
        let r = with_offset(&s, o);
        s.apply(Action::SetRules(r));
    }
    s.history.seal();
    assert_eq!(s.history.len(), (1, 0));
    assert_eq!(
        undo_text(&s).as_deref(),
        Some("change threshold of Arrival district")
    );
    let r = with_offset(&s, 12.0);
    s.apply(Action::SetRules(r));
    s.history.seal();
    assert_eq!(s.history.len(), (2, 0));
    s.apply(Action::Undo);
    s.sync();
    assert_eq!(
        s.view.rules.rules[0].conditions[0].threshold,
        Threshold::City {
            factor: 1.0,
            offset: 8.5
        }
    );
    s.apply(Action::Undo);
    assert_eq!(
        s.view.rules.rules[0].conditions[0].threshold,
        Threshold::City {
            factor: 1.0,
            offset: 5.0
        },
        "the whole first drag is undone at once"
    );
    s.view.lang = Lang::De;
    assert_eq!(
        s.history
            .redo_label()
            .map(|l| l.describe(Lang::De))
            .as_deref(),
        Some("Schwellenwert von Arrival district ändern")
    );
}

#[test]
fn deleting_a_condition_is_undone_and_selection_and_language_are_not_steps() {
    let mut s = demo();
    let n = s.view.rules.rules[0].conditions.len();
    let mut r = s.view.rules.clone();
    r.rules[0].conditions.remove(0);
    s.apply(Action::SetRules(r));
    s.history.seal();
    assert_eq!(
        undo_text(&s).as_deref(),
        Some("delete condition of Arrival district")
    );
    s.apply(Action::Select {
        district: 3,
        add: false,
    });
    s.apply(Action::SetLang(Lang::De));
    assert_eq!(
        s.history.len(),
        (1, 0),
        "selection and language are no steps"
    );
    s.apply(Action::Undo);
    assert_eq!(s.view.rules.rules[0].conditions.len(), n);
    assert_eq!(s.view.lang, Lang::De, "undo keeps the language");
    assert_eq!(s.selection.len(), 1, "undo keeps the selection");
}

#[test]
fn loading_data_keeps_the_history_and_fields_are_undone() {
    let mut s = demo();
    s.apply(Action::SetYear(2010));
    s.history.seal();
    s.sync();
    let name_field = s
        .workspace
        .as_ref()
        .unwrap()
        .dataset
        .districts
        .name_field
        .clone();
    assert_eq!(name_field.as_deref(), Some("name"));
    s.apply(Action::SetNameField(Some("key".into())));
    s.history.seal();
    assert_eq!(
        s.workspace.as_ref().unwrap().dataset.districts.districts[0].name,
        s.workspace.as_ref().unwrap().dataset.districts.districts[0].key
    );
    assert_eq!(undo_text(&s).as_deref(), Some("change key or name field"));
    s.apply(Action::Undo);
    let ws = s.workspace.as_ref().unwrap();
    assert_eq!(ws.dataset.districts.name_field, name_field);
    assert_ne!(
        ws.dataset.districts.districts[0].name,
        ws.dataset.districts.districts[0].key
    );

    // Reloading is not a step and leaves the steps before it.
    s.apply(Action::OpenExample(atlas_session::Example::DemoCity));
    s.wait_for_jobs();
    assert_eq!(s.history.len(), (1, 1));
    s.apply(Action::SetYear(2020));
    s.sync();
    s.apply(Action::Undo);
    s.sync();
    assert_eq!(s.current_year(), Some(2010));
}

#[test]
fn playing_is_one_step_whatever_it_passes() {
    let mut s = demo();
    s.apply(Action::SetYear(2005));
    s.history.seal();
    s.sync();
    s.apply(Action::TogglePlay);
    for t in 1..=5 {
        s.set_clock(f64::from(t));
        s.tick_playback();
        s.sync();
    }
    s.apply(Action::TogglePlay);
    assert_eq!(s.current_year(), Some(2010));
    assert_eq!(undo_text(&s).as_deref(), Some("play through the years"));
    assert_eq!(s.history.len(), (2, 0));
    s.apply(Action::Undo);
    s.sync();
    assert_eq!(s.current_year(), Some(2005));
}

#[test]
fn the_cursor_walks_between_neighbours_and_enter_toggles_it() {
    let mut s = demo();
    s.apply(Action::MoveCursor(Direction::Up));
    let start = s.cursor.expect("cursor on the middle district");
    let g = s.workspace.as_ref().unwrap().geometry.clone().unwrap();
    s.apply(Action::MoveCursor(Direction::Up));
    let up = s.cursor.unwrap();
    assert!(
        g.label_points()[up][1] > g.label_points()[start][1],
        "up is north"
    );
    s.apply(Action::MoveCursor(Direction::Left));
    let left = s.cursor.unwrap();
    assert!(
        g.label_points()[left][0] < g.label_points()[up][0],
        "left is west"
    );
    s.apply(Action::ToggleCursor);
    s.apply(Action::SetCursor(Some(start)));
    s.apply(Action::ToggleCursor);
    assert_eq!(s.selection.len(), 2);
    s.apply(Action::ToggleCursor);
    assert_eq!(s.selection.iter().collect::<Vec<_>>(), vec![left]);
    s.apply(Action::Escape);
    assert!(s.selection.is_empty() && s.cursor.is_none());
}

#[test]
fn copy_asks_the_front_end_to_put_a_german_table_on_the_clipboard() {
    let mut s = demo();
    s.apply(Action::SetLang(Lang::De));
    s.apply(Action::SelectOnly(vec![0]));
    s.take_requests();
    s.apply(Action::CopySelection);
    let requests = s.take_requests();
    let [Request::CopyText(text)] = requests.as_slice() else {
        panic!("one copy request: {requests:?}");
    };
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("Schlüssel\tGebiet\t"), "{}", lines[0]);
    let ws = s.workspace.as_ref().unwrap();
    let t = ws.table().unwrap();
    let i = t.indicator_index("population").unwrap();
    let col = lines[0]
        .split('\t')
        .position(|h| h.starts_with(&atlas_scene::text::indicator_label(t, i, Lang::De)))
        .unwrap();
    let cell = lines[1].split('\t').nth(col).unwrap();
    // Population in the thousands: no thousands separator, so a spreadsheet reads a number.
    assert!(!cell.contains('.'), "{cell}");
    let v = t.value(i, ws.year, ws.key_of(0).unwrap()).unwrap();
    assert_eq!(cell.replace(',', ".").parse::<f64>().unwrap(), v);
}

/// Nothing outside `src/app/` (and `main.rs`'s GUI start) names the GUI toolkit: no layer
/// crate's source or manifest, nor the command line. The compiler proves it for code (the
/// layer crates do not depend on egui); this checks every file, comments included.
#[test]
fn no_file_outside_the_app_names_the_gui_toolkit() {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs")
                || p.file_name().is_some_and(|n| n == "Cargo.toml")
            {
                out.push(p);
            }
        }
    }
    let root = &support::repo();
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    walk(&root.join("crates"), &mut files);
    assert!(files.len() > 150, "{} files", files.len());
    assert!(
        files.iter().filter(|f| f.ends_with("Cargo.toml")).count() >= 6,
        "every layer crate's manifest is checked"
    );
    let mut named = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("src/app/") || rel == "src/main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap().to_lowercase();
        if text.contains("egui") || text.contains("eframe") {
            named.push(rel);
        }
    }
    assert!(
        named.is_empty(),
        "files outside src/app/ naming egui/eframe: {named:?}"
    );
}

#[test]
fn default_rules_are_named_in_the_language_and_follow_it_until_edited() {
    let mut s = demo();
    let names = |s: &Session| -> Vec<String> {
        s.view.rules.rules.iter().map(|r| r.name.clone()).collect()
    };
    assert_eq!(names(&s), ["Arrival district", "Settled district"]);
    s.apply(Action::SetLang(Lang::De));
    assert_eq!(names(&s), ["Ankunftsgebiet", "Etabliertes Gebiet"]);
    // An edited rule set is the user's: the language leaves it alone.
    let r = with_offset(&s, 7.0);
    s.apply(Action::SetRules(r));
    s.apply(Action::SetLang(Lang::En));
    assert_eq!(names(&s), ["Ankunftsgebiet", "Etabliertes Gebiet"]);
}

#[test]
fn the_start_language_and_the_window_title_come_from_the_session() {
    let mut s = Session::headless(Startup {
        lang: Some(Lang::De),
        ..Startup::default()
    });
    s.wait_for_jobs();
    assert_eq!(s.view.lang, Lang::De);
    assert_eq!(s.view.rules.rules[0].name, "Ankunftsgebiet");
    assert_eq!(
        s.window_title(),
        "districts.geojson + indicators.csv — Arrival Atlas"
    );
    s.project_file = Some("/tmp/Rat 2026.atlas.json".into());
    assert_eq!(s.window_title(), "Rat 2026.atlas.json — Arrival Atlas");
}

/// The change map of Berlin's planning areas 2015 → 2020 uses the chosen scheme and class
/// count, diverging around zero: quantiles of the magnitudes spread the 448 areas over the
/// classes (six equal intervals had put 416 of them in one class).
#[test]
fn the_change_map_follows_the_chosen_scheme_around_zero() {
    use atlas_analysis::classify::Scheme;
    use atlas_data::dataset::DatasetPaths;
    use atlas_session::{MapMode, Styling};
    let dir = support::repo().join("data/berlin-lor");
    let mut s = Session::headless(Startup {
        paths: Some(DatasetPaths {
            boundaries: dir.join("berlin_planungsraeume_bis2020.geojson"),
            table: Some(dir.join("berlin_einwohner_planungsraeume_bis2020.csv")),
            meta: None,
        }),
        ..Startup::default()
    });
    s.wait_for_jobs();
    for k in [5, 6] {
        s.apply_all([
            Action::SetIndicator("foreigners_pct".into()),
            Action::SetStyling(Styling {
                scheme: Scheme::Quantiles { k },
                k,
                ..Styling::default()
            }),
            Action::SetYear(2020),
            Action::SetMapMode(MapMode::Change),
            Action::SetChangeFrom(2015),
        ]);
        s.wait_for_jobs();
        let legend = s.workspace.as_ref().unwrap().legend.clone().unwrap();
        let classes: Vec<_> = legend.rows.iter().filter(|r| !r.hatched).collect();
        assert_eq!(classes.len(), k, "{k} classes: {classes:?}");
        let counted: usize = classes.iter().map(|r| r.count).sum();
        let largest = classes.iter().map(|r| r.count).max().unwrap();
        assert!(counted > 400, "{counted}");
        assert!(
            largest * 10 < counted * 4,
            "k = {k}: one class holds {largest} of {counted}"
        );
        // Symmetric: the top class's upper bound is the bottom class's lower bound negated.
        let bounds = |r: &str| -> (String, String) {
            let (a, b) = r.split_once(" – ").unwrap();
            (a.to_owned(), b.split(" (").next().unwrap().to_owned())
        };
        let (_, top) = bounds(&classes[0].label);
        let (bottom, _) = bounds(&classes[k - 1].label);
        assert_eq!(bottom.replace('−', ""), top, "{classes:?}");
        // An odd count has a class around zero, named so.
        assert_eq!(
            classes.iter().any(|r| r.label.ends_with("(around 0)")),
            k % 2 == 1
        );
    }
}

#[test]
fn a_colour_vision_preview_recolours_map_and_legend_and_is_undone() {
    use atlas_analysis::vision::{Vision, simulate};
    let mut s = demo();
    let before = s.workspace.as_ref().unwrap().fills.clone();
    s.apply(Action::SetVision(Vision::Deuteranopia));
    s.sync();
    let ws = s.workspace.as_ref().unwrap();
    let after: Vec<_> = before
        .iter()
        .map(|c| simulate(*c, Vision::Deuteranopia))
        .collect();
    assert_eq!(ws.fills, after, "every fill as a deuteranope sees it");
    let note = &ws.legend.as_ref().unwrap().note;
    assert!(note.contains("deuteranopia"), "{note}");
    s.history.seal();
    s.apply(Action::Undo);
    s.sync();
    assert_eq!(s.workspace.as_ref().unwrap().fills, before);
}

/// The map's own title, subtitle and source: shown by the view, in every export, kept with
/// a scene (and so in projects), one undo step.
#[test]
fn the_users_map_title_and_source_reach_the_export_and_the_scene() {
    use atlas_session::map_export::{MapExport, MapFormat, scene_of_view};
    use atlas_session::project::view::MapText;
    let mut s = demo();
    s.apply(Action::SetMapText(MapText {
        title: Some("Wo Neuzugezogene ankommen".into()),
        subtitle: Some("Vorlage für den Ausschuss".into()),
        source: Some("Amt für Statistik, eigene Berechnung".into()),
    }));
    s.sync();
    let e = MapExport {
        format: MapFormat::Png,
        width: 1920,
        height: 1080,
        labels: false,
    };
    let scene = scene_of_view(s.workspace.as_ref().unwrap(), &s.view, &e).unwrap();
    let texts: Vec<&str> = scene.texts.iter().map(|t| t.text.as_str()).collect();
    assert!(
        texts.contains(&"Wo Neuzugezogene ankommen  2024"),
        "{texts:?}"
    );
    assert!(texts.contains(&"Vorlage für den Ausschuss"), "{texts:?}");
    assert!(
        texts.contains(&"Source: Amt für Statistik, eigene Berechnung"),
        "{texts:?}"
    );
    // Kept with a scene, and through the project file's JSON.
    s.apply(Action::SaveScene("Ausschuss".into()));
    let json = serde_json::to_string(&s.view.scenes[0]).unwrap();
    let back: atlas_session::project::view::Scene = serde_json::from_str(&json).unwrap();
    assert_eq!(
        back.text.title.as_deref(),
        Some("Wo Neuzugezogene ankommen")
    );
    // Automatic again after undoing the scene and the text.
    s.history.seal();
    s.apply(Action::Undo);
    s.apply(Action::Undo);
    assert!(s.view.text.is_automatic());
}

#[test]
fn untouched_default_rules_saved_in_english_open_in_german() {
    // The working state of an English session, reopened with --lang de.
    let mut en = demo();
    en.autosave_now();
    let saved = en.working_state();
    assert_eq!(saved.view.rules.rules[0].name, "Arrival district");
    let mut de = Session::new(
        Startup {
            lang: Some(Lang::De),
            restore: true,
            ..Startup::default()
        },
        Some(saved),
        std::sync::Arc::new(|| {}),
    );
    de.wait_for_jobs();
    assert_eq!(de.view.rules.rules[0].name, "Ankunftsgebiet");
}

/// Opening other data after the demo (issue 22): the demo's untouched default rules, on
/// indicators Berlin lacks, give way to Berlin's defaults — said, and one undo step — while
/// rules the user edited stay.
#[test]
fn default_rules_follow_the_data_edited_rules_stay() {
    use atlas_analysis::rules::{default_rules, unknown_indicators};
    let berlin = support::berlin_paths(
        "berlin_planungsraeume_bis2020.geojson",
        "berlin_einwohner_planungsraeume_bis2020.csv",
    );
    // Untouched defaults.
    let mut s = demo();
    let demo_rules = s.view.rules.clone();
    assert!(!demo_rules.rules.is_empty());
    s.apply(Action::OpenDataset(berlin.clone()));
    s.wait_for_jobs();
    let ws = s.workspace.as_ref().unwrap();
    assert_eq!(ws.dataset.districts.districts.len(), 448);
    assert_eq!(s.view.rules, default_rules(ws.table(), s.view.lang));
    assert_ne!(s.view.rules, demo_rules);
    assert!(unknown_indicators(&ws.dataset, &s.view.rules).is_empty());
    match &s.message {
        Some(atlas_session::Message::Notice(n)) => {
            assert!(n.contains("fluctuation"), "{n}")
        }
        m => panic!("the switch is said: {m:?}"),
    }
    s.apply(Action::Undo);
    assert_eq!(s.view.rules, demo_rules, "one undo step brings them back");

    // Edited rules stay, even on data that lacks their indicators.
    let mut s = demo();
    let edited = with_offset(&s, 7.0);
    s.apply(Action::SetRules(edited.clone()));
    assert!(s.view.rules_edited);
    s.apply(Action::OpenDataset(berlin));
    s.wait_for_jobs();
    assert_eq!(s.view.rules, edited);
}

/// Every example of File > Open example is found in the repository, and opens joined.
#[test]
fn the_examples_are_there_and_open() {
    use atlas_session::Example;
    for e in Example::ALL {
        assert!(e.available(), "{e:?}");
        let mut s = demo();
        s.apply(Action::OpenExample(e));
        s.wait_for_jobs();
        let ws = s.workspace.as_ref().unwrap();
        let n = ws.dataset.districts.districts.len();
        assert_eq!(n, if e == Example::DemoCity { 32 } else { 448 }, "{e:?}");
        let matched = ws.dataset.join.as_ref().unwrap().report.matched;
        // MSS: one key (06010102) is on two features and 09041403 has no row (data README).
        let want = match e {
            Example::DemoCity => 32,
            Example::BerlinPlanningAreas => 448,
            Example::BerlinSocialMonitoring => 447,
        };
        assert_eq!(matched, want, "{e:?}");
    }
}
