//! What the session tells its front end: messages for the banner, requests only a window can
//! carry out (file dialogs, full screen, the clipboard), and the map camera both sides keep.

use super::files::{FileKind, SaveTarget};
use super::map_export::MapExport;
use atlas_scene::Camera;
use std::path::PathBuf;

/// A message shown in the banner under the menu.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Error(String),
    Notice(String),
    /// The join matched nothing or under half: shown in the language of the moment.
    JoinMismatch(atlas_data::dataset::JoinMismatch),
    /// A join with a few loose ends (keys without a district, districts without rows): said
    /// with the join report offered, which opens by itself only when a decision is needed.
    LooseEnds {
        matched: usize,
        districts: usize,
        unmatched_keys: usize,
        without_rows: usize,
    },
    /// The table and the boundaries are two district grids: with the crosswalk (or
    /// aggregation) offered.
    GridMismatch(atlas_data::grids::GridMismatch),
}

/// Something only the front end can do, asked for by an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Ask for a file of this kind to open (then `Action::OpenFile`).
    Open(FileKind),
    /// Ask where to save (then `Action::SaveTo`).
    Save(SaveTarget),
    /// Ask where to write a map (then `Action::ExportMapTo`).
    SaveMap(MapExport),
    /// Ask for the file that replaces a missing one (then `Action::RelocateFile`).
    Relocate(PathBuf, FileKind),
    /// Enter or leave full screen, with this type scale.
    Presenting { on: bool, scale: f32 },
    /// Put this text on the clipboard.
    CopyText(String),
    /// Render the map at the window's size and put it on the clipboard.
    CopyMapImage,
}

/// How the map's camera should change, for the map view to carry out.
#[derive(Debug, Clone, PartialEq)]
pub enum CameraRequest {
    /// Use this camera (or fit the data when `None`) for workspace `generation`.
    Reset(Option<Camera>, u64),
    /// Fit this projected area (or the data) for workspace `generation`.
    Extent(Option<[f64; 4]>, u64),
}

/// The map view's camera as last drawn, reported back by the front end (scenes and the
/// working state store it).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MapCamera {
    pub camera: Option<Camera>,
    pub extent: Option<[f64; 4]>,
}
