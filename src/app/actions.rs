//! Everything the user can do, as values. Views push actions while drawing; the app applies
//! them once per frame after all views are drawn, so every view of a frame saw the same state.

use super::files::FileKind;
use super::state::Styling;
use crate::dataset::DatasetPaths;
use crate::i18n::Lang;
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
}
