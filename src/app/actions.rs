//! Everything the user can do, as values. Views push actions while drawing; the app applies
//! them once per frame after all views are drawn, so every view of a frame saw the same state.

use super::files::FileKind;
use super::state::{MapMode, RightTab, Styling};
use crate::dataset::DatasetPaths;
use crate::i18n::Lang;
use crate::rules::RuleSet;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Load a whole data set (replacing the current one when it succeeds).
    OpenDataset(DatasetPaths),
    /// Replace one file of the current data set and reload.
    OpenFile(FileKind, PathBuf),
    /// Several dropped files at once.
    OpenDropped(Vec<PathBuf>),
    /// Show a file dialog.
    Pick(FileKind),
    OpenDemo,
    SetKeyField(String),
    SetNameField(Option<String>),
    SetIndicator(String),
    SetYear(i32),
    /// Step through the indicator's years (−1 back, +1 forward), wrapping when playing.
    StepYear(i32),
    TogglePlay,
    SetSpeed(f32),
    SetStyling(Styling),
    Select {
        district: usize,
        add: bool,
    },
    ClearSelection,
    SetLang(Lang),
    SetLabels(bool),
    ShowJoinReport(bool),
    DismissMessage,
    /// Replace the rules (every edit of the rules panel or a dragged threshold).
    SetRules(RuleSet),
    SetActiveRule(Option<usize>),
    SetMapMode(MapMode),
    SetChangeFrom(i32),
    SetPersistRange(Option<i32>, Option<i32>),
    SetTransitionFrom(i32),
    SetScatterAxes(Option<String>, Option<String>),
    SetTrails(bool),
    SetTab(RightTab),
    /// Replace the selection (box select in the scatter, a transitions cell).
    SelectOnly(Vec<usize>),
    /// Select a district and show a year (a timeline cell).
    SelectAt {
        district: usize,
        year: i32,
    },
    /// Ask where to write the flagged districts.
    ExportFlags,
    /// Ask where to write the joined table (CSV) in a number style.
    ExportTable(crate::export::joined::CsvStyle),
    /// Ask where to write the boundaries with the shown year's values (GeoJSON).
    ExportGeoJson,
    /// Open the map export window.
    ShowExport(bool),
    /// Ask where to save the map, then render it.
    ExportMap(super::export_dialog::MapExport),
    /// Enter or leave presentation mode.
    SetPresenting(bool),
    /// Type scale in presentation mode (1–3).
    SetPresentationScale(f32),
}
