//! How a map is classified and coloured: scheme, class count, break mode, ramp and the
//! minimum denominator for shares. Part of every view, scene and project file; the scene
//! builds fills from it.

use atlas_analysis::classify::{BreakMode, DEFAULT_CLASSES, Scheme};
use atlas_analysis::ramps::DEFAULT_RAMP;
use serde::{Deserialize, Serialize};

/// How the map is classified and coloured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Styling {
    pub scheme: Scheme,
    /// Class count for the schemes that take one (kept when switching schemes).
    pub k: usize,
    pub mode: BreakMode,
    pub ramp: String,
    pub reverse: bool,
    /// Shares and rates on fewer residents than this are shown as "few residents" (0: off).
    #[serde(default = "default_min_denominator")]
    pub min_denominator: u32,
}

fn default_min_denominator() -> u32 {
    crate::choropleth::DEFAULT_MIN_DENOMINATOR
}

impl Default for Styling {
    fn default() -> Self {
        Styling {
            scheme: Scheme::Quantiles { k: DEFAULT_CLASSES },
            k: DEFAULT_CLASSES,
            mode: BreakMode::Pooled,
            ramp: DEFAULT_RAMP.to_owned(),
            reverse: false,
            min_denominator: default_min_denominator(),
        }
    }
}
