//! Undo and redo. Each entry is the state before a change — the view (indicator, year,
//! styling, rules, scenes, map mode …) and the data set's fields and aliases — with a label
//! saying what the change was ("change threshold of Arrival district"). A snapshot is whole,
//! not a diff: a view is a few kilobytes, and restoring a whole state cannot drift.
//!
//! Continuous edits coalesce: a change with the same label as the last one, before the front
//! end *seals* the history (it does when the pointer is released and no text field has the
//! focus), extends that entry instead of adding one — a dragged threshold is one step. The
//! selection, language, panels and loading are not in the history; loading another data set
//! keeps it (a restored field that no longer exists is ignored). The history is not saved:
//! after an autosave restore only the current state exists.

use super::state::ViewState;
use atlas_analysis::rules::RuleSet;
use atlas_data::dataset::DatasetPaths;
use atlas_i18n::{Lang, T};
use std::collections::BTreeMap;

/// At most this many steps are kept.
const LIMIT: usize = 200;

/// The data set's choices that undo restores: which file they belong to, the key and name
/// fields, and the accepted key matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Fields {
    pub paths: DatasetPaths,
    pub key_field: String,
    pub name_field: Option<String>,
    pub aliases: BTreeMap<String, String>,
    pub derived: Vec<atlas_data::model::DerivedIndicator>,
}

/// What undo restores.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub view: ViewState,
    pub fields: Option<Fields>,
}

/// What a step did, shown in the Edit menu in the language of the moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub text: T,
    /// The name filled into the text (a rule or scene), if it has a `{}`.
    pub name: String,
}

impl Label {
    pub fn new(text: T) -> Label {
        Label {
            text,
            name: String::new(),
        }
    }

    pub fn named(text: T, name: &str) -> Label {
        Label {
            text,
            name: name.to_owned(),
        }
    }

    /// The step in words; an unnamed step reads without a gap ("Szene speichern", not
    /// "Szene  speichern").
    pub fn describe(&self, lang: Lang) -> String {
        lang.f(self.text, &[&self.name])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

struct Entry {
    before: Snapshot,
    label: Label,
}

#[derive(Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    /// The last step may still grow (a drag under way).
    open: bool,
}

impl History {
    /// Records a change from `before` (the state now is after it).
    pub fn record(&mut self, before: Snapshot, label: Label) {
        self.redo.clear();
        if self.open
            && let Some(last) = self.undo.last()
            && last.label == label
        {
            return;
        }
        self.undo.push(Entry { before, label });
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
        self.open = true;
    }

    /// Ends coalescing: the next change is a step of its own.
    pub fn seal(&mut self) {
        self.open = false;
    }

    /// Takes the last step back: returns the state to restore; `now` becomes its redo.
    pub fn undo(&mut self, now: Snapshot) -> Option<Snapshot> {
        let e = self.undo.pop()?;
        self.open = false;
        self.redo.push(Entry {
            before: now,
            label: e.label,
        });
        Some(e.before)
    }

    pub fn redo(&mut self, now: Snapshot) -> Option<Snapshot> {
        let e = self.redo.pop()?;
        self.open = false;
        self.undo.push(Entry {
            before: now,
            label: e.label,
        });
        Some(e.before)
    }

    /// What undo would take back.
    pub fn undo_label(&self) -> Option<&Label> {
        self.undo.last().map(|e| &e.label)
    }

    pub fn redo_label(&self) -> Option<&Label> {
        self.redo.last().map(|e| &e.label)
    }

    pub fn len(&self) -> (usize, usize) {
        (self.undo.len(), self.redo.len())
    }
}

/// What an edit of the rules did, named by the rule it touched.
pub fn rules_label(old: &RuleSet, new: &RuleSet) -> Label {
    if new.rules.len() > old.rules.len() {
        return Label::new(T::UndoAddRule);
    }
    if new.rules.len() < old.rules.len() {
        // The first rule that is no longer where it was is the one deleted.
        let gone = old
            .rules
            .iter()
            .zip(new.rules.iter().map(Some).chain(std::iter::once(None)))
            .find(|(o, n)| n.is_none_or(|n| n.name != o.name))
            .map(|(o, _)| o.name.as_str())
            .unwrap_or_default();
        return Label::named(T::UndoDeleteRule, gone);
    }
    let Some((o, n)) = old.rules.iter().zip(&new.rules).find(|(o, n)| o != n) else {
        return Label::new(T::UndoEditRules);
    };
    if o.name != n.name {
        return Label::named(T::UndoRenameRule, &o.name);
    }
    let (oc, nc): (Vec<_>, Vec<_>) = (o.all_conditions().collect(), n.all_conditions().collect());
    if nc.len() > oc.len() {
        return Label::named(T::UndoAddCondition, &n.name);
    }
    if nc.len() < oc.len() {
        return Label::named(T::UndoDeleteCondition, &n.name);
    }
    let only_thresholds = oc
        .iter()
        .zip(&nc)
        .all(|(a, b)| a.indicator == b.indicator && a.op == b.op)
        && o.combine == n.combine;
    if only_thresholds {
        Label::named(T::UndoThreshold, &n.name)
    } else {
        Label::named(T::UndoEditRule, &n.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An unnamed step reads without a double space (issue 22: "Rückgängig: Szene  speichern").
    #[test]
    fn unnamed_steps_read_without_a_gap() {
        let l = Label::named(T::UndoSaveScene, "");
        assert_eq!(l.describe(Lang::De), "Szene speichern");
        assert_eq!(l.describe(Lang::En), "save scene");
        let l = Label::named(T::UndoSaveScene, "Ankunft 2024");
        assert_eq!(l.describe(Lang::De), "Szene Ankunft 2024 speichern");
    }

    fn snap(year: i32) -> Snapshot {
        Snapshot {
            view: ViewState {
                year: Some(year),
                ..ViewState::default()
            },
            fields: None,
        }
    }

    #[test]
    fn a_drag_is_one_step_and_sealing_starts_the_next() {
        let mut h = History::default();
        let l = Label::new(T::UndoYear);
        h.record(snap(2000), l.clone());
        h.record(snap(2001), l.clone());
        h.record(snap(2002), l.clone());
        assert_eq!(h.len(), (1, 0));
        h.seal();
        h.record(snap(2003), l.clone());
        assert_eq!(h.len(), (2, 0));
        // Undo restores the state before the first change of the drag.
        assert_eq!(h.undo(snap(2004)).map(|s| s.view.year), Some(Some(2003)));
        assert_eq!(h.undo(snap(2003)).map(|s| s.view.year), Some(Some(2000)));
        assert!(h.undo(snap(2000)).is_none());
        assert_eq!(h.redo(snap(2000)).map(|s| s.view.year), Some(Some(2003)));
        // A new change drops what could be redone.
        h.record(snap(2003), Label::new(T::UndoStyling));
        assert_eq!(h.len(), (2, 0));
    }

    #[test]
    fn rule_edits_are_named_by_what_changed() {
        let old = atlas_analysis::rules::RuleSet {
            version: 1,
            rules: vec![atlas_analysis::rules::Rule {
                name: "Arrival district".into(),
                combine: Default::default(),
                conditions: vec![atlas_analysis::rules::Condition {
                    indicator: "a".into(),
                    op: atlas_analysis::rules::Op::Ge,
                    threshold: atlas_analysis::rules::Threshold::Absolute(1.0),
                }],
                groups: vec![],
            }],
        };
        let mut new = old.clone();
        new.rules[0].conditions[0].threshold = atlas_analysis::rules::Threshold::Absolute(2.0);
        let l = rules_label(&old, &new);
        assert_eq!(l.describe(Lang::En), "change threshold of Arrival district");
        new.rules[0].conditions.clear();
        assert_eq!(
            rules_label(&old, &new).describe(Lang::En),
            "delete condition of Arrival district"
        );
        new.rules.clear();
        assert_eq!(
            rules_label(&old, &new).describe(Lang::De),
            "Regel Arrival district löschen"
        );
    }
}
