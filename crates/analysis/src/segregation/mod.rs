//! Segregation through time (issue 24): the indices German city reports and PySAL's
//! `segregation` package (2.5) compute — single group (dissimilarity, isolation, exposure,
//! entropy, Gini, spatial and boundary spatial dissimilarity), multigroup (dissimilarity, Gini,
//! information theory) and local (location quotient, local entropy) — per year over the
//! table's keys that have a polygon, with inference (an evenness null per index, random
//! labelling for the change between two years). Library code: no UI, no files.

pub mod inference;
pub mod local;
pub mod multi;
pub mod single;
pub mod spatial;
pub mod units;

use atlas_data::model::{IndicatorTable, YearIdx};
use atlas_i18n::messages;
pub use spatial::UnitWeights;
pub use units::Units;

/// What is measured: one group against the total, or groups that partition the population.
#[derive(Debug, Clone, PartialEq)]
pub enum Groups {
    Single { group: String, total: String },
    Multi(Vec<String>),
}

/// The single-group indices, in the order the command line and the view give them.
pub const SINGLE_INDICES: [&str; 7] = [
    "dissimilarity",
    "isolation",
    "exposure",
    "entropy",
    "gini",
    "spatial_dissimilarity",
    "boundary_spatial_dissimilarity",
];

/// The multigroup indices.
pub const MULTI_INDICES: [&str; 3] = [
    "multi_dissimilarity",
    "multi_gini",
    "multi_information_theory",
];

/// The indices random labelling can compare: those without geometry (PySAL's test keeps only
/// the counts of the units it shuffles).
pub fn comparable(index: &str) -> bool {
    !index.contains("spatial")
}

messages! {
    /// Why segregation cannot be measured.
    #[derive(Debug, Clone, PartialEq)]
    pub enum SegregationError {
        UnknownColumn { name: String, known: Vec<String> } => "the table has no indicator '{name}' (it has: {known})", "die Tabelle hat keinen Indikator '{name}' (sie hat: {known})";
        GroupAboveTotal { key: String, year: i32, group: String, total: String } => "{key} in {year}: '{group}' is larger than '{total}' (a group is part of its total)", "{key} {year}: '{group}' ist größer als '{total}' (eine Gruppe ist Teil ihrer Gesamtzahl)";
        NegativeCount { key: String, year: i32, column: String } => "{key} in {year}: '{column}' is negative (segregation needs counts)", "{key} {year}: '{column}' ist negativ (Segregation braucht Anzahlen)";
        TooFew { year: i32, n: usize } => "{year}: {n} areas have every count, at least 2 are needed", "{year}: {n} Gebiete haben alle Anzahlen, mindestens 2 werden gebraucht";
        NoContrast { year: i32 } => "{year}: the group is all or none of the population: nothing to compare", "{year}: die Gruppe ist die ganze oder keine Bevölkerung: nichts zu vergleichen";
        OneGroup => "--groups needs two or more groups", "--groups braucht zwei oder mehr Gruppen";
        NoYear { year: i32 } => "the table has no year {year}", "die Tabelle hat kein Jahr {year}";
    }
}

/// The counts of one year over the units that have them.
#[derive(Debug, Clone, PartialEq)]
pub struct YearData {
    pub year: i32,
    /// Positions (in [`Units`]) of the units with every count this year.
    pub units: Vec<usize>,
    /// Single group: `[x, t]`; multigroup: one vector per group; each over `units`.
    pub counts: Vec<Vec<f64>>,
    /// Units without a count this year (key, the column missing).
    pub left_out: Vec<(String, String)>,
}

/// One year's counts of `groups` over `units`.
pub fn year_data(
    t: &IndicatorTable,
    units: &Units,
    groups: &Groups,
    year: YearIdx,
) -> Result<YearData, SegregationError> {
    let names: Vec<&str> = match groups {
        Groups::Single { group, total } => vec![group, total],
        Groups::Multi(g) if g.len() < 2 => return Err(SegregationError::OneGroup),
        Groups::Multi(g) => g.iter().map(String::as_str).collect(),
    };
    let cols = names
        .iter()
        .map(|n| {
            t.indicator_index(n)
                .ok_or_else(|| SegregationError::UnknownColumn {
                    name: (*n).to_owned(),
                    known: t.indicators.iter().map(|i| i.id.clone()).collect(),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let cal = t.year_at(year);
    let mut data = YearData {
        year: cal,
        units: Vec::new(),
        counts: vec![Vec::new(); cols.len()],
        left_out: Vec::new(),
    };
    for (u, &k) in units.table_keys.iter().enumerate() {
        let values: Vec<Option<f64>> = cols.iter().map(|&c| t.value(c, year, k)).collect();
        if let Some(m) = values.iter().position(Option::is_none) {
            data.left_out
                .push((units.keys[u].clone(), names[m].to_owned()));
            continue;
        }
        let values: Vec<f64> = values.into_iter().flatten().collect();
        if let Some(m) = values.iter().position(|v| *v < 0.0) {
            return Err(SegregationError::NegativeCount {
                key: units.keys[u].clone(),
                year: cal,
                column: names[m].to_owned(),
            });
        }
        if let Groups::Single { group, total } = groups
            && values[0] > values[1]
        {
            return Err(SegregationError::GroupAboveTotal {
                key: units.keys[u].clone(),
                year: cal,
                group: group.clone(),
                total: total.clone(),
            });
        }
        data.units.push(u);
        for (c, v) in data.counts.iter_mut().zip(values) {
            c.push(v);
        }
    }
    if data.units.len() < 2 {
        return Err(SegregationError::TooFew {
            year: cal,
            n: data.units.len(),
        });
    }
    if let Groups::Single { .. } = groups {
        let (_, _, p) = single::totals(&data.counts[0], &data.counts[1]);
        if !(p > 0.0 && p < 1.0) {
            return Err(SegregationError::NoContrast { year: cal });
        }
    }
    Ok(data)
}

/// The global indices of a year's counts: the single-group ones (spatial ones with `w`, the
/// weights among the year's units) or the multigroup ones; `None` where an index has no value
/// (the boundary index with a unit that shares no edge).
pub fn indices(
    counts: &[Vec<f64>],
    multi: bool,
    w: Option<&UnitWeights>,
) -> Vec<(&'static str, Option<f64>)> {
    if multi {
        return vec![
            (MULTI_INDICES[0], Some(multi::multi_dissimilarity(counts))),
            (MULTI_INDICES[1], Some(multi::multi_gini(counts))),
            (
                MULTI_INDICES[2],
                Some(multi::multi_information_theory(counts)),
            ),
        ];
    }
    let (x, t) = (&counts[0], &counts[1]);
    let mut out = vec![
        (SINGLE_INDICES[0], Some(single::dissimilarity(x, t))),
        (SINGLE_INDICES[1], Some(single::isolation(x, t))),
        (SINGLE_INDICES[2], Some(single::exposure(x, t))),
        (SINGLE_INDICES[3], Some(single::entropy(x, t))),
        (SINGLE_INDICES[4], Some(single::gini(x, t))),
    ];
    if let Some(w) = w {
        out.push((
            SINGLE_INDICES[5],
            Some(spatial::spatial_dissimilarity(x, t, w)),
        ));
        out.push((
            SINGLE_INDICES[6],
            spatial::boundary_spatial_dissimilarity(x, t, w),
        ));
    }
    out
}

/// A year measured: its data and indices.
#[derive(Debug, Clone, PartialEq)]
pub struct YearSegregation {
    pub data: YearData,
    pub indices: Vec<(&'static str, Option<f64>)>,
}

/// The indices of `groups` in `year`, spatial ones on the units' weights.
pub fn measure(
    t: &IndicatorTable,
    units: &Units,
    groups: &Groups,
    year: YearIdx,
) -> Result<YearSegregation, SegregationError> {
    let data = year_data(t, units, groups, year)?;
    let multi = matches!(groups, Groups::Multi(_));
    let w = (!multi).then(|| {
        let mut keep = vec![false; units.keys.len()];
        for &u in &data.units {
            keep[u] = true;
        }
        units.weights.subset(&keep)
    });
    let indices = indices(&data.counts, multi, w.as_ref());
    Ok(YearSegregation { data, indices })
}

/// [`measure`] for each of `years`, spread over the cores.
pub fn measure_all(
    t: &IndicatorTable,
    units: &Units,
    groups: &Groups,
    years: &[YearIdx],
) -> Vec<Result<YearSegregation, SegregationError>> {
    atlas_data::parallel::map(years, |&y| measure(t, units, groups, y))
}
