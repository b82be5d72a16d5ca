//! Everything the user can do, as values. Views push actions while drawing; the app applies
//! them once per frame after all views are drawn, so every view of a frame saw the same state.
//! The session applies them (`Session::apply`), headless or not.

use super::files::{FileKind, SaveTarget};
use super::state::{MapMode, RightTab, Styling};
use atlas_analysis::rules::RuleSet;
use atlas_data::dataset::DatasetPaths;
use atlas_i18n::Lang;
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
    /// Open one of the examples shipped in `data/`.
    OpenExample(crate::Example),
    SetKeyField(String),
    /// Reads the table again with this column as its key.
    SetTableKey(String),
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
    /// Open or close a window.
    ShowWindow(Window, bool),
    DismissMessage,
    /// Replace the rules (every edit of the rules panel or a dragged threshold).
    SetRules(RuleSet),
    SetActiveRule(Option<usize>),
    SetMapMode(MapMode),
    /// Weights, permutations, significance of the cluster maps.
    SetSpatial(crate::project::view::SpatialView),
    /// What the segregation view measures (group, total or groups, years compared).
    SetSegregation(crate::segregation::SegregationView),
    SetChangeFrom(i32),
    SetPersistRange(Option<i32>, Option<i32>),
    SetTransitionFrom(i32),
    SetScatterAxes(Option<String>, Option<String>),
    SetTrails(bool),
    SetTab(RightTab),
    /// Replace the selection (box select in the scatter, a transitions cell).
    SelectOnly(Vec<usize>),
    /// Save the view's composite index at this position as a spec file (asks where).
    SaveIndexSpec(usize),
    /// Select a district and show a year (a timeline cell).
    SelectAt {
        district: usize,
        year: i32,
    },
    /// Ask where to write the flagged districts.
    ExportFlags,
    /// Ask where to write the joined table (CSV) in a number style.
    ExportTable(atlas_render::joined::CsvStyle),
    /// Ask where to write the boundaries with the shown year's values (GeoJSON).
    ExportGeoJson,
    /// Ask where to save the map, then render it.
    ExportMap(super::map_export::MapExport),
    /// Render the map with these settings to this file (the answer of the save dialog).
    ExportMapTo(super::map_export::MapExport, PathBuf),
    /// Write what a save dialog was for to this file.
    SaveTo(SaveTarget, PathBuf),
    /// Enter or leave presentation mode.
    SetPresenting(bool),
    /// Type scale in presentation mode (1–3).
    SetPresentationScale(f32),
    /// Save the current view as a new scene with this name.
    SaveScene(String),
    /// Show a scene.
    ShowScene(usize),
    /// Show the next (+1) or previous (−1) scene, like slides.
    StepScene(i32),
    RenameScene(usize, String),
    /// Move a scene up (−1) or down (+1) in the list.
    MoveScene(usize, i32),
    /// Replace a scene with the current view (keeping its name).
    UpdateScene(usize),
    DeleteScene(usize),
    /// Ask for a project file to open, or where to save the project.
    PickProject,
    PickSaveProject,
    /// Save the project to the file it came from (asks when there is none).
    SaveProject,
    OpenProject(PathBuf),
    SaveProjectAs(PathBuf),
    /// A data file the opening project lists was not found: use `to` instead.
    RelocateFile {
        missing: PathBuf,
        to: PathBuf,
    },
    /// Show a file dialog to find a missing data file.
    PickRelocation(PathBuf),
    /// Give up opening the project with missing files.
    CancelProject,
    /// Join these table keys to these district keys (accepted suggestions, join by name).
    AcceptAliases(Vec<(String, String)>),
    /// Replaces the derived indicators defined in the app (formula editor).
    SetDerived(Vec<atlas_data::model::DerivedIndicator>),
    /// Aggregates the data set into larger units, written to the boundary file given (the
    /// table beside it), and loads the result.
    /// The units are named from the names source where one is given.
    Aggregate(
        super::geographies::AggregateBy,
        Option<super::geographies::NamesSource>,
        std::path::PathBuf,
    ),
    /// Moves the table onto the loaded boundaries through a crosswalk, optionally followed
    /// by the table published on them, writes it to the path given and loads it.
    Regrid {
        source: super::geographies::CrosswalkSource,
        append: Option<std::path::PathBuf>,
        out: std::path::PathBuf,
    },
    /// Loads the data set shown before the last aggregate or regrid.
    BackToPrevious,
    /// Read another layer of the GeoPackage.
    SetLayer(String),
    /// Read another sheet of the spreadsheet table.
    SetSheet(String),
    /// Load the boundaries that failed again, in this coordinate system.
    ChooseCrs(atlas_data::load::crs::Crs),
    CancelCrs,
    /// Ask where to write the district report (selected districts, or all), then write it.
    ExportReport,
    /// Undo or redo the last change of the view, rules, scenes, styling, fields or aliases.
    Undo,
    Redo,
    /// Show the first (false) or last (true) year of the indicator.
    YearEdge {
        last: bool,
    },
    /// Esc: leaves presentation, else clears the selection (popups and focus are the front
    /// end's, closed before this is sent).
    Escape,
    /// Move the keyboard cursor to the neighbouring district in a direction on the map.
    MoveCursor(Direction),
    /// Put the keyboard cursor on a district (ranking and timeline rows), or take it away.
    SetCursor(Option<usize>),
    /// Enter: add the cursor's district to the selection, or take it out.
    ToggleCursor,
    /// Copy the selected districts (or all) as tab-separated text.
    CopySelection,
    /// Copy the map as an image.
    CopyMapImage,
    /// Hide (true) or show the left and right side panels.
    SetPanels(bool, bool),
    /// The map's own title, subtitle and source (empty: automatic).
    SetMapText(crate::project::view::MapText),
    /// The composite indices (status, then dynamics; empty: none).
    SetIndices(Vec<atlas_analysis::index::IndexSpec>),
    /// Show, change (names on or off) or remove the context layer.
    SetContext(Option<crate::state::ContextSpec>),
    /// Preview the map as seen with a colour-vision deficiency (or normally).
    SetVision(atlas_analysis::vision::Vision),
}

/// A window (or view) that opens and closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Window {
    JoinReport,
    Export,
    DataTable,
    Shortcuts,
    /// Help → Getting started.
    GettingStarted,
    /// Data → Derived indicators (the formula editor).
    Derived,
    /// Data → Aggregate.
    Aggregate,
    /// Data → Crosswalk (regrid the table onto these boundaries).
    Crosswalk,
    /// Data → Composite index… (the index editor).
    IndexEditor,
}

/// A direction on the map (screen up is north).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Left,
    Right,
    Up,
    Down,
}
