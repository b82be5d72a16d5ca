//! The legend of a choropleth as numbers and colours; wording, number format and unit are
//! added by whoever draws it (screen or export), in the user's language.

use atlas_analysis::ramps::Rgb;

/// Whether the breaks are the same in every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreaksNote {
    /// "breaks fixed over first–last"
    Pooled { first: i32, last: i32 },
    /// "breaks for year"
    PerYear(i32),
}

/// One class: `(lower, upper]` (`[lower, upper]` for the first class unless `lower_open`).
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub lower: f64,
    pub upper: f64,
    pub lower_open: bool,
    pub count: usize,
    pub color: Rgb,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    pub scheme: &'static str,
    pub entries: Vec<LegendEntry>,
    pub no_data: usize,
    pub no_data_color: Rgb,
    /// Districts whose value stands on fewer residents than the minimum denominator.
    pub few: usize,
    pub min_denominator: u32,
    pub breaks_note: BreaksNote,
}
