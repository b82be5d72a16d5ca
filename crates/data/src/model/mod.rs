//! Loaded data, nothing derived: district boundaries with their properties, indicator tables
//! (key × year × indicator → value) and indicator metadata.

pub mod districts;
pub mod meta;
pub mod table;

pub use districts::{District, Districts, GeometryProblem};
pub use meta::{
    DatasetMeta, DerivedIndicator, Estimated, IndicatorMeta, Localized, Measure, MetaFile, Role,
};
pub use table::{DuplicateRow, IndicatorTable, TableFormat, TextAttribute, YearIdx};
