//! A district's profile for a year: every indicator's value, city reference, rank and change
//! since the district's first year with a value — what the app's profile panel and the
//! district report show. [`YearProfiles`] computes the rankings and references once per year,
//! so a report of many districts does not re-rank for each.

use super::ranking::Ranking;
use super::reference::city_reference;
use super::series::change_since_first;
use atlas_data::dataset::Dataset;
use atlas_data::model::YearIdx;

/// One row of the district profile.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileRow {
    pub indicator: usize,
    pub value: Option<f64>,
    pub reference: Option<f64>,
    /// (rank, districts ranked).
    pub rank: Option<(usize, usize)>,
    /// (first year with a value, change since then).
    pub change: Option<(i32, f64)>,
    /// The district's denominator count for a share or rate (how many residents it stands on).
    pub denominator: Option<f64>,
}

impl ProfileRow {
    /// The denominator when it is below `min` (a share on "few residents"); `min` 0 is off.
    pub fn few(&self, min: u32) -> Option<f64> {
        self.denominator
            .filter(|&n| min > 0 && self.value.is_some() && n < f64::from(min))
    }
}

/// Per indicator, the values, ranking and city reference of one year.
pub struct YearProfiles {
    year: YearIdx,
    values: Vec<Vec<Option<f64>>>,
    rankings: Vec<Ranking>,
    references: Vec<Option<f64>>,
}

impl YearProfiles {
    pub fn build(ds: &Dataset, year: YearIdx) -> YearProfiles {
        let Some(t) = ds.table() else {
            return YearProfiles {
                year,
                values: Vec::new(),
                rankings: Vec::new(),
                references: Vec::new(),
            };
        };
        let keys = ds.joined_keys();
        let values: Vec<Vec<Option<f64>>> = (0..t.indicators.len())
            .map(|i| ds.district_values(i, year))
            .collect();
        YearProfiles {
            year,
            rankings: values.iter().map(|v| Ranking::build(v)).collect(),
            references: (0..t.indicators.len())
                .map(|i| city_reference(t, i, year, &keys).value)
                .collect(),
            values,
        }
    }

    /// Every indicator for district `d`.
    pub fn rows(&self, ds: &Dataset, d: usize) -> Vec<ProfileRow> {
        let Some(t) = ds.table() else {
            return Vec::new();
        };
        let key = ds
            .join
            .as_ref()
            .and_then(|j| j.keys.district_to_key.get(d).copied().flatten());
        (0..self.values.len())
            .map(|i| ProfileRow {
                indicator: i,
                value: self.values[i].get(d).copied().flatten(),
                reference: self.references[i],
                rank: self.rankings[i]
                    .rank
                    .get(d)
                    .copied()
                    .flatten()
                    .map(|r| (r, self.rankings[i].len())),
                change: key.and_then(|k| change_since_first(t, i, k, self.year)),
                denominator: t.indicators[i]
                    .meta
                    .denominator
                    .as_deref()
                    .and_then(|id| t.indicator_index(id))
                    .and_then(|di| key.and_then(|k| t.value(di, self.year, k))),
            })
            .collect()
    }
}

/// Every indicator for district `d` in `year`.
pub fn profile_rows(ds: &Dataset, d: usize, year: YearIdx) -> Vec<ProfileRow> {
    YearProfiles::build(ds, year).rows(ds, d)
}
