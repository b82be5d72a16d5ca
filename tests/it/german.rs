//! German, complete: the explorer on the demo city in German, with a district selected, every
//! tab, window and menu opened in turn — no text in the accessibility tree is one of the
//! English table's strings (or a piece of one), and no number shows a decimal point.
// Test and tool code: a failed unwrap is a failed test or a stopped tool, not a user crash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support;
use arrival_atlas::app::{Action, AtlasApp, FileKind, RightTab, Startup, Window};
use atlas_i18n::{Lang, T};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};

/// Every label, value and description in the accessibility tree.
fn texts(h: &Harness<'static, AtlasApp>) -> Vec<String> {
    h.query_all(By::new().predicate(|_| true))
        .flat_map(|n| {
            let a = n.accesskit_node();
            [a.label(), a.value(), a.description()]
        })
        .flatten()
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// English texts (and the literal pieces of English templates) that German does not share.
fn english_only() -> Vec<&'static str> {
    let mut out = Vec::new();
    for t in T::ALL {
        let (en, de) = (t.get(Lang::En), t.get(Lang::De));
        if en == de {
            continue;
        }
        for piece in en.split("{}") {
            let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
            // Short pieces ("of", "in") are words German texts may contain too.
            let phrase = piece.len() >= 6 && piece.contains(' ');
            let word = piece.len() >= 8 && piece == en;
            if (phrase || word) && !de.contains(piece) {
                out.push(piece);
            }
        }
    }
    out
}

/// `piece` in `text` as whole words: not part of a longer word or of a file name
/// ("districts.geojson" is data, not the English word).
fn contains_word(text: &str, piece: &str) -> bool {
    let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "._/".contains(c));
    text.match_indices(piece).any(|(i, _)| {
        !part(text[..i].chars().next_back()) && !part(text[i + piece.len()..].chars().next())
    })
}

/// A number with a decimal point: digits, a point, then not exactly three digits (German
/// groups thousands with a point: 15.248). Dates (30.11.2026) are taken out first.
fn decimal_points(text: &str) -> Vec<String> {
    let b: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Skip a date d.m.yyyy.
        let date = (1..=2).any(|d1| {
            let mut j = i;
            let digits = |j: &mut usize, n: usize| {
                let ok = (0..n).all(|k| b.get(*j + k).is_some_and(|c| c.is_ascii_digit()));
                *j += n;
                ok
            };
            digits(&mut j, d1) && b.get(j) == Some(&'.') && {
                j += 1;
                (1..=2).any(|d2| {
                    let mut k = j;
                    digits(&mut k, d2) && b.get(k) == Some(&'.') && {
                        k += 1;
                        digits(&mut k, 4)
                    }
                })
            }
        });
        if date && (i == 0 || !b[i - 1].is_ascii_digit()) {
            i += 10;
            continue;
        }
        if b[i] == '.' && i > 0 && b[i - 1].is_ascii_digit() {
            let after = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if after > 0 && after != 3 {
                found.push(text.to_owned());
            }
        }
        i += 1;
    }
    found
}

#[test]
fn every_panel_in_german_has_no_english_and_no_decimal_point() {
    let startup = Startup {
        lang: Some(Lang::De),
        ..Startup::default()
    };
    let mut h = support::app::start(startup, 1920.0, 1080.0);
    h.state_mut().push(Action::Select {
        district: 5,
        add: false,
    });
    h.run_steps(3);
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut look = |h: &Harness<'static, AtlasApp>, where_: &str| {
        for t in texts(h) {
            seen.push((where_.to_owned(), t));
        }
    };
    for tab in [RightTab::DrillDown, RightTab::Arrival] {
        h.state_mut().push(Action::SetTab(tab));
        h.run_steps(3);
        look(&h, &format!("{tab:?}"));
    }
    for w in [
        Window::JoinReport,
        Window::DataTable,
        Window::Shortcuts,
        Window::Export,
        Window::GettingStarted,
    ] {
        h.state_mut().push(Action::ShowWindow(w, true));
        h.run_steps(3);
        look(&h, &format!("{w:?}"));
        h.state_mut().push(Action::ShowWindow(w, false));
        h.run_steps(2);
    }
    for menu in ["Datei", "Bearbeiten", "Ansicht", "Hilfe", "Sprache"] {
        h.get_by_label(menu).click();
        h.run_steps(2);
        look(&h, menu);
        h.key_press(egui::Key::Escape);
        h.run_steps(2);
    }
    assert!(seen.len() > 200, "{} texts seen", seen.len());
    let english = english_only();
    assert!(english.len() > 100);
    let mut problems = Vec::new();
    for (where_, t) in &seen {
        // The language menu names each language in itself.
        if t == "English" {
            continue;
        }
        if let Some(e) = english.iter().find(|e| contains_word(t, e)) {
            problems.push(format!("{where_}: English '{e}' in '{t}'"));
        }
        for d in decimal_points(t) {
            problems.push(format!("{where_}: decimal point in '{d}'"));
        }
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The literal pieces of the English templates of every typed message (loader errors and
/// warnings, feature problems, formula errors, aggregation and regrid reports) that the German
/// template does not share.
fn english_message_pieces() -> Vec<&'static str> {
    let templates = [
        atlas_data::load::LoadMsg::TEMPLATES,
        atlas_data::load::Note::TEMPLATES,
        atlas_data::load::Place::TEMPLATES,
        atlas_data::formula::FormulaMsg::TEMPLATES,
        atlas_analysis::geog::report_msg::ReportLine::TEMPLATES,
        atlas_analysis::geog::report_msg::LeftOut::TEMPLATES,
        atlas_analysis::geog::report_msg::GeogError::TEMPLATES,
        atlas_data::atomic_write::WriteError::TEMPLATES,
    ];
    let mut out = Vec::new();
    for &(en, de) in templates.iter().flat_map(|t| t.iter()) {
        // Placeholders ({key}, {x:.0}) cut a template into its literal pieces.
        let mut rest = en;
        while !rest.is_empty() {
            let (piece, after) = match rest.find('{') {
                Some(i) => (
                    &rest[..i],
                    rest[i..].find('}').map_or("", |j| &rest[i + j + 1..]),
                ),
                None => (rest, ""),
            };
            let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
            if piece.len() >= 10 && piece.contains(' ') && !de.contains(piece) {
                out.push(piece);
            }
            rest = after;
        }
    }
    out
}

/// A boundary file with broken rings (repaired or left out), a table that matches none of its
/// keys, a derived indicator naming a column that does not exist, an empty table and a
/// binary "GeoJSON": every problem, warning and error the German explorer shows is German.
#[test]
fn a_problem_file_is_reported_in_german() {
    let startup = Startup {
        lang: Some(Lang::De),
        paths: Some(atlas_data::dataset::DatasetPaths {
            boundaries: support::fixture("broken_rings.geojson"),
            table: Some(support::fixture("long.csv")),
            meta: None,
        }),
        ..Startup::default()
    };
    let mut h = support::app::start(startup, 1920.0, 1080.0);
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut look = |h: &Harness<'static, AtlasApp>, where_: &str| {
        for t in texts(h) {
            seen.push((where_.to_owned(), t));
        }
    };
    h.state_mut()
        .push(Action::ShowWindow(Window::JoinReport, true));
    h.run_steps(3);
    look(&h, "join report");
    h.state_mut().push(Action::SetDerived(vec![
        atlas_data::model::DerivedIndicator {
            id: "quote".into(),
            formula: "foreign_pct / populaton * 100".into(),
            ..Default::default()
        },
    ]));
    h.run_steps(3);
    look(&h, "derived indicator");
    // An aggregation by a field the data lacks (its error comes from the analysis layer).
    let dir = tempfile::tempdir().unwrap();
    h.state_mut().push(Action::Aggregate(
        atlas_session::geographies::AggregateBy::Field("nope".into()),
        None,
        dir.path().join("units.geojson"),
    ));
    h.run_steps(2);
    support::app::settle(&mut h);
    look(&h, "aggregate");
    for (kind, file) in [
        (FileKind::Table, "empty.csv"),
        (FileKind::Boundaries, "binary.geojson"),
        (FileKind::Boundaries, "points_only.geojson"),
    ] {
        h.state_mut()
            .push(Action::OpenFile(kind, support::fixture(file)));
        h.run_steps(2);
        support::app::settle(&mut h);
        look(&h, file);
    }
    // A file that is not a project, opened as one.
    h.state_mut()
        .push(Action::OpenProject(support::fixture("districts.meta.json")));
    h.run_steps(3);
    look(&h, "project");
    let all: Vec<&str> = seen.iter().map(|(_, t)| t.as_str()).collect();
    // The messages were there, in German (each check fails on the English text).
    for german in [
        "offener Ring geschlossen (1)",
        "Ring umorientiert",
        "kein Ring mit mindestens drei verschiedenen Punkten",
        "unbekannter Indikator 'populaton': war 'population' gemeint?",
        "empty.csv: die Datei ist leer",
        "kein Grenzattribut und keine Tabellenspalte 'nope'",
        "districts.meta.json: kein Arrival-Atlas-Projekt",
        // The table's repeated row, with its lines in words (not "[5, 6]").
        "0102 2022 (Zeile 5, 6)",
        "binary.geojson: dies ist eine Binärdatei, kein GeoJSON",
        "kein Objekt hat eine Polygon- oder MultiPolygon-Geometrie (Objekt 0: die Geometrie ist ein Point, keine Fläche)",
    ] {
        assert!(
            all.iter().any(|t| t.contains(german)),
            "'{german}' not shown; texts: {all:#?}"
        );
    }
    let mut english = english_only();
    english.extend(english_message_pieces());
    assert!(english.len() > 250, "{}", english.len());
    let problems: Vec<String> = seen
        .iter()
        .filter_map(|(where_, t)| {
            let e = english.iter().find(|e| contains_word(t, e))?;
            Some(format!("{where_}: English '{e}' in '{t}'"))
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_decimal_point_finder_tells_points_from_groups_and_dates() {
    assert!(decimal_points("15.248 Einwohner am 30.11.2026").is_empty());
    assert_eq!(decimal_points("35.3 %").len(), 1);
    assert!(decimal_points("35,3 % · 1.234.567").is_empty());
}
