//! What a finished map is, independent of how it is drawn: projected and triangulated district
//! geometry (built once per load), per-district fill colours for an indicator and year (rebuilt
//! on recolour), the legend, hit-testing, label anchors and keyboard steps between districts.
//! The window's map view and the
//! PNG/SVG/PDF exporters, draw from these.

pub mod camera;
pub mod choropleth;
pub mod context;
pub mod error;
pub mod font;
pub mod frame;
pub mod geometry;
pub mod hit;
pub mod labels;
pub mod layout;
pub mod legend;
pub mod legend_layout;
pub mod legend_matrix;
pub mod legend_rows;
pub mod lisa_modes;
pub mod map_scene;
pub mod mesh;
pub mod modes;
pub mod nearby;
pub mod overlay;
pub mod projection;
pub mod scale_bar;
pub mod styling;
pub mod text;

pub use camera::{Camera, Viewport};
pub use choropleth::{Choropleth, ChoroplethSpec};
pub use geometry::MapGeometry;
pub use legend::{BreaksNote, Legend, LegendEntry};
pub use mesh::MeshLevel;
pub use projection::Projection;
