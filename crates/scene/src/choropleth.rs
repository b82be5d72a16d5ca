//! A classified indicator ready to colour the map: breaks for every year (pooled or per year,
//! computed once when indicator, scheme or ramp change) and, per year, each district's class
//! and fill colour (the cheap "recolour" done when the year changes).

use super::legend::{BreaksNote, Legend, LegendEntry};
use crate::error::SceneError;
use atlas_analysis::classify::pooled::PARALLEL_FROM;
use atlas_analysis::classify::{BreakMode, Classification, Scheme, classify_sorted, sorted_finite};
use atlas_analysis::ramps::{self, FEW, NO_DATA, Rgb};
use atlas_analysis::ranking::Ranking;
use atlas_analysis::reference::{CityReference, city_reference};
use atlas_data::dataset::Dataset;
use atlas_data::model::YearIdx;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// What to classify and how to colour it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoroplethSpec {
    /// Indicator index in the dataset's table.
    pub indicator: usize,
    pub scheme: Scheme,
    pub mode: BreakMode,
    pub ramp: String,
    pub reverse: bool,
    /// Shares and rates whose denominator is below this are "few residents": drawn hatched,
    /// counted apart in the legend and left out of the breaks (0: off).
    #[serde(default = "default_min_denominator")]
    pub min_denominator: u32,
}

/// The minimum denominator unless the user chose another.
pub const DEFAULT_MIN_DENOMINATOR: u32 = 50;

fn default_min_denominator() -> u32 {
    DEFAULT_MIN_DENOMINATOR
}

/// Classifications of one indicator for every year of the table.
#[derive(Debug, Clone)]
pub struct Choropleth {
    pub spec: ChoroplethSpec,
    /// Per table year.
    pub per_year: Vec<Classification>,
    /// Per table year, one colour per class.
    pub colors: Vec<Vec<Rgb>>,
    /// Per table year, one value per district (file order).
    pub values: Vec<Vec<Option<f64>>>,
    /// Smallest value over all years (the lower bound of the first class when pooled).
    pub pooled_min: Option<f64>,
    /// Per table year, the districts ranked by value (for tooltips, the ranking chart, the
    /// data table): each made on first use, since an export draws none of them (at 100 000
    /// districts × 20 years their sorts cost as much as the classification) and the first map
    /// shows one year's.
    rankings: Vec<OnceLock<Ranking>>,
    /// Per table year, the city reference value.
    pub reference: Vec<CityReference>,
    /// Per table year, the districts (ascending) whose denominator is below the minimum, with
    /// it (their values are shown as "few residents" and not classified): few or none of a
    /// map's districts, so kept apart rather than one per district. Empty when off or when
    /// the indicator has no denominator.
    pub few: Vec<Vec<(usize, f64)>>,
}

impl Choropleth {
    /// Classifies the indicator for every year. Errors name the problem (scheme parameters,
    /// unknown ramp).
    pub fn build(ds: &Dataset, spec: &ChoroplethSpec) -> Result<Choropleth, SceneError> {
        let table = ds.table().ok_or(SceneError::NoTable)?;
        if spec.indicator >= table.indicators.len() {
            return Err(SceneError::UnknownIndicator {
                index: spec.indicator,
            });
        }
        // Each year on its own (on all cores for large maps): its values, the denominators
        // of its few-resident districts, and the values classified, sorted.
        let den = denominator(ds, spec);
        let one_year = |&y: &YearIdx| {
            let values = ds.district_values(spec.indicator, y);
            // The denominators looked up where there is a value (not a list of all of them,
            // 20 years × 16 bytes a district of fresh memory).
            let few = den.map(|(den, min)| {
                let base = |d: usize| ds.district_value(den, y, d).filter(|&n| n < min);
                (0..values.len())
                    .filter(|&d| values[d].is_some())
                    .filter_map(|d| base(d).map(|n| (d, n)))
                    .collect::<Vec<_>>()
            });
            // Values on too few residents stay out of the breaks (a share of 100 % from six
            // residents would otherwise set the top class).
            let mut few_next = few.iter().flatten().map(|&(d, _)| d).peekable();
            let sorted = sorted_finite(values.iter().enumerate().map(|(d, v)| {
                if few_next.next_if_eq(&d).is_some() {
                    None
                } else {
                    *v
                }
            }));
            (values, few, sorted)
        };
        let years: Vec<YearIdx> = table.year_indices().collect();
        let large = years.len() * ds.districts.districts.len() >= PARALLEL_FROM;
        let per_year = if large {
            atlas_data::parallel::map(&years, one_year)
        } else {
            years.iter().map(one_year).collect()
        };
        let mut values = Vec::with_capacity(years.len());
        let mut few = Vec::new();
        let mut sorted = Vec::with_capacity(years.len());
        for (v, f, s) in per_year {
            values.push(v);
            few.extend(f);
            sorted.push(s);
        }
        let classes = classify_sorted(&sorted, &spec.scheme, spec.mode)
            .map_err(|error| SceneError::Classify { error })?;
        let colors = classes
            .per_year
            .iter()
            .map(|c| {
                ramps::colors(&spec.ramp, c.k, spec.reverse).ok_or_else(|| {
                    SceneError::UnknownRamp {
                        ramp: spec.ramp.clone(),
                    }
                })
            })
            .collect::<Result<Vec<_>, SceneError>>()?;
        let pooled_min = classes
            .per_year
            .iter()
            .filter_map(|c| c.min)
            .reduce(f64::min);
        let keys = ds.joined_keys();
        let reference_in = |&y: &YearIdx| city_reference(table, spec.indicator, y, &keys);
        let reference = if large {
            atlas_data::parallel::map(&years, reference_in)
        } else {
            years.iter().map(reference_in).collect()
        };
        Ok(Choropleth {
            spec: spec.clone(),
            per_year: classes.per_year,
            colors,
            values,
            pooled_min,
            rankings: (0..table.years.len()).map(|_| OnceLock::new()).collect(),
            reference,
            few,
        })
    }

    /// The districts ranked by their value in table year `year`, ranked on the first call; a
    /// caller meanwhile (the worker of [`Choropleth::rank_in_background`]) waits for the
    /// same result.
    pub fn ranking(&self, year: usize) -> Option<&Ranking> {
        let values = self.values.get(year)?;
        Some(
            self.rankings
                .get(year)?
                .get_or_init(|| Ranking::build(values)),
        )
    }

    /// Ranks the years on a worker thread, one after the other (the window, once the first
    /// coloured map is drawn), so that a tooltip, the ranking chart or the data table for
    /// another year does not sort 100 000 values on the UI thread; one that comes sooner
    /// ranks its year itself, or waits for the worker ranking it.
    pub fn rank_in_background(self: &std::sync::Arc<Self>) {
        if self.rankings.iter().any(|r| r.get().is_none()) {
            let c = self.clone();
            std::thread::spawn(move || {
                for y in 0..c.values.len() {
                    c.ranking(y);
                }
            });
        }
    }

    /// The denominator of district `d` in `year` when it is below the minimum.
    pub fn few_at(&self, year: YearIdx, d: usize) -> Option<f64> {
        self.few_i(year.get(), d)
    }

    /// The value of district `d` in `year` (`None`: no data).
    pub fn value_at(&self, year: YearIdx, d: usize) -> Option<f64> {
        self.values.get(year.get())?.get(d).copied().flatten()
    }

    fn few_i(&self, year: usize, d: usize) -> Option<f64> {
        let few = self.few.get(year)?;
        let i = few.binary_search_by_key(&d, |&(d, _)| d).ok()?;
        Some(few[i].1)
    }

    /// Each district's class in a year (`None`: no data, or few residents).
    pub fn classes(&self, at: YearIdx) -> Vec<Option<usize>> {
        let year = at.get();
        let c = &self.per_year[year];
        self.values[year]
            .iter()
            .enumerate()
            .map(|(d, v)| {
                v.filter(|_| self.few_i(year, d).is_none())
                    .map(|v| c.class_of(v))
            })
            .collect()
    }

    /// Each district's fill colour in a year (the recolour on a year change).
    pub fn fills(&self, at: YearIdx) -> Vec<Rgb> {
        let mut out = Vec::new();
        self.fills_into(at, &mut out);
        out
    }

    /// As [`Self::fills`], into a reused buffer.
    pub fn fills_into(&self, at: YearIdx, out: &mut Vec<Rgb>) {
        let year = at.get();
        let c = &self.per_year[year];
        let colors = &self.colors[year];
        out.clear();
        out.extend(self.values[year].iter().enumerate().map(|(d, v)| {
            if v.is_some() && self.few_i(year, d).is_some() {
                return FEW;
            }
            v.and_then(|v| colors.get(c.class_of(v)).copied())
                .unwrap_or(NO_DATA)
        }));
    }

    /// The legend for a year: class ranges with counts for that year, the no-data count, and
    /// whether the breaks are fixed over all years.
    pub fn legend(&self, at: YearIdx, years: &[i32]) -> Legend {
        let year = at.get();
        let c = &self.per_year[year];
        let lowest = match self.spec.mode {
            BreakMode::Pooled => self.pooled_min,
            BreakMode::PerYear => c.min,
        };
        // As mapclassify: when the first break lies below the data minimum, the first class is
        // open below.
        let (mut lower, mut open) = match (lowest, c.breaks.first()) {
            (Some(l), Some(&b)) if l <= b => (l, false),
            _ => (f64::NEG_INFINITY, true),
        };
        let mut entries = Vec::with_capacity(c.k);
        for (i, &upper) in c.breaks.iter().enumerate() {
            entries.push(LegendEntry {
                lower,
                upper,
                lower_open: open,
                count: c.counts[i],
                color: self.colors[year][i],
            });
            lower = upper;
            open = true;
        }
        let breaks_note = match self.spec.mode {
            BreakMode::Pooled => BreaksNote::Pooled {
                first: years.first().copied().unwrap_or(0),
                last: years.last().copied().unwrap_or(0),
            },
            BreakMode::PerYear => BreaksNote::PerYear(years.get(year).copied().unwrap_or(0)),
        };
        let few = (0..self.values[year].len())
            .filter(|&d| self.values[year][d].is_some() && self.few_i(year, d).is_some())
            .count();
        Legend {
            scheme: c.scheme,
            entries,
            // The classification saw few-resident values as missing: they are counted apart.
            no_data: c.no_data - few,
            no_data_color: NO_DATA,
            few,
            min_denominator: self.spec.min_denominator,
            breaks_note,
        }
    }
}

/// The indicator's denominator (index) and the minimum under which a value rests on "few
/// residents", when the spec looks for them and the indicator has a denominator.
fn denominator(ds: &Dataset, spec: &ChoroplethSpec) -> Option<(usize, f64)> {
    let t = ds.table()?;
    let den = t.indicators[spec.indicator]
        .meta
        .denominator
        .as_deref()
        .and_then(|d| t.indicator_index(d))?;
    (spec.min_denominator > 0).then(|| (den, f64::from(spec.min_denominator)))
}

/// The GPU colour table: RGBA per district, alpha 0 marking no data and few residents (the
/// map shader hatches them over their own colour).
pub fn color_table(fills: &[Rgb], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(fills.len() * 4);
    for c in fills {
        let a = if *c == NO_DATA || *c == FEW { 0 } else { 255 };
        out.extend_from_slice(&[c.0, c.1, c.2, a]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_data_is_transparent_in_the_colour_table() {
        let mut t = Vec::new();
        color_table(&[Rgb(1, 2, 3), NO_DATA], &mut t);
        assert_eq!(t, vec![1, 2, 3, 255, NO_DATA.0, NO_DATA.1, NO_DATA.2, 0]);
    }

    use atlas_data::dataset::{DatasetOptions, demo_paths, load_dataset};

    /// The demo city's share of foreigners in quintiles, breaks `mode`.
    fn demo_choropleth(mode: BreakMode) -> (Dataset, Choropleth) {
        let ds = load_dataset(
            &demo_paths(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")),
            &DatasetOptions::default(),
        )
        .unwrap();
        let t = ds.table().unwrap();
        let spec = ChoroplethSpec {
            indicator: t.indicator_index("foreign_pct").unwrap(),
            scheme: Scheme::Quantiles { k: 5 },
            mode,
            ramp: "YlGnBu".into(),
            reverse: false,
            min_denominator: 0,
        };
        let c = Choropleth::build(&ds, &spec).unwrap();
        (ds, c)
    }

    #[test]
    fn rankings_made_on_first_use_are_each_years_ranking() {
        let (ds, c) = demo_choropleth(BreakMode::PerYear);
        let t = ds.table().unwrap();
        let c = std::sync::Arc::new(c);
        // One year asked first, then the others by the worker, one (the last) by both.
        let last = t.years.len() - 1;
        assert_eq!(c.ranking(2), Some(&Ranking::build(&c.values[2])));
        c.rank_in_background();
        for y in (0..t.years.len()).rev() {
            assert_eq!(
                c.ranking(y),
                Some(&Ranking::build(&c.values[y])),
                "year {y}"
            );
        }
        assert_ne!(c.ranking(0), c.ranking(last));
        assert_eq!(c.ranking(t.years.len()), None);
    }

    #[test]
    fn demo_colours_follow_classes_and_years() {
        let (ds, c) = demo_choropleth(BreakMode::Pooled);
        let t = ds.table().unwrap();
        assert!(
            c.per_year.windows(2).all(|w| w[0].breaks == w[1].breaks),
            "pooled breaks are shared"
        );
        let first = c.fills(YearIdx(0));
        let last = c.fills(t.last_year().unwrap());
        assert_ne!(first, last, "colours change with the year");
        // The new development area has no rows in 2005: no-data colour, counted as no-data.
        let new_area = ds
            .districts
            .districts
            .iter()
            .position(|d| d.name.starts_with("Neubaugebiet"))
            .unwrap();
        assert_eq!(first[new_area], NO_DATA);
        let legend = c.legend(YearIdx(0), &t.years);
        assert_eq!(legend.no_data, 1);
        assert_eq!(
            legend.entries.iter().map(|e| e.count).sum::<usize>() + legend.no_data,
            ds.districts.districts.len()
        );
        assert_eq!(
            legend.breaks_note,
            BreaksNote::Pooled {
                first: 2005,
                last: 2024
            }
        );
        // The highest value in 2024 gets the darkest colour.
        let y = t.years.len() - 1;
        let top = (0..first.len())
            .max_by(|&a, &b| {
                c.values[y][a]
                    .unwrap_or(0.0)
                    .total_cmp(&c.values[y][b].unwrap_or(0.0))
            })
            .unwrap();
        assert_eq!(last[top], *c.colors[y].last().unwrap());
    }
}
