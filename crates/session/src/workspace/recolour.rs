//! The recolour of the shown map in any map mode: fills and the legend (rows, the matrix, the
//! rule and context lines, the note) for the current year — what the screen draws and what an
//! export writes. Run only when what the fills depend on changed (`Workspace::sync`).

use super::*;

impl Workspace {
    /// Fills and legend for the current year in the view's map mode.
    pub(super) fn recolour_mode(&mut self, view: &ViewState) {
        self.change_warning = None;
        let lang = view.lang;
        let n = self.dataset.districts.districts.len();
        let (Some(t), Some(c), Some(ind)) = (
            self.dataset.table(),
            self.choropleth.clone(),
            self.indicator,
        ) else {
            return;
        };
        if self.year.get() >= c.per_year.len() {
            return;
        }
        let active = view.active_rule.filter(|&r| r < self.rule_results.len());
        let unit = indicator_unit(t, ind, lang);
        let mut note = String::new();
        let mut matrix = None;
        let (fills, rows) = match view.map_mode {
            MapMode::IndexClasses | MapMode::StatusDynamics => {
                let (fills, rows, m, n) =
                    crate::indices::mode_fills(&self.indices, &self.dataset, view, self.year);
                matrix = m;
                note = n;
                (fills, rows)
            }
            MapMode::Choropleth => {
                let (rows, n) =
                    choropleth_rows(&c, self.year, &t.years, indicator_decimals(t, ind), lang);
                note = n;
                // Recoloured in place below: no allocation on a year step.
                (Vec::new(), rows)
            }
            MapMode::Clusters | MapMode::Significance | MapMode::ClusterPersistence => {
                let (fills, rows, n) =
                    crate::spatial::mode_fills(&self.spatial, view, self.year, n);
                note = n;
                (fills, rows)
            }
            MapMode::Typology => {
                let names: Vec<String> = self.rules.rules.iter().map(|r| r.name.clone()).collect();
                modes::typology(
                    &self.rule_results,
                    &names,
                    self.year,
                    n,
                    lang.t(T::NoRuleMet),
                    lang.t(T::Unknown),
                )
            }
            MapMode::Persistence => {
                let Some(r) = active else {
                    self.legend = None;
                    return;
                };
                persistence_mode(&self.rule_results[r].per_year, t, view)
            }
            MapMode::LocationQuotient | MapMode::IndexPersistence => {
                let (fills, rows, n) = self.derived_mode(view, t);
                note = n;
                (fills, rows)
            }
            MapMode::Change => {
                let (fills, rows, warning) = change_mode(
                    &self.dataset,
                    &c,
                    (ind, &self.indicator_years[ind]),
                    view,
                    self.year,
                );
                self.change_warning = warning;
                (fills, rows)
            }
        };
        // The legend's unit: the indicator's, in percentage points for a change of a share,
        // none for the rule-based modes.
        let unit = match view.map_mode {
            MapMode::Choropleth => unit.to_owned(),
            MapMode::Change if unit == "%" => lang.t(T::PercentagePoints).to_owned(),
            MapMode::Change => unit.to_owned(),
            MapMode::Typology
            | MapMode::Persistence
            | MapMode::IndexPersistence
            | MapMode::LocationQuotient
            | MapMode::IndexClasses
            | MapMode::StatusDynamics => String::new(),
            MapMode::Clusters | MapMode::Significance | MapMode::ClusterPersistence => {
                String::new()
            }
        };
        let mut overlay = active
            .and_then(|r| Some((self.rules.rules.get(r)?, &self.rule_results[r])))
            .map(|(rule, res)| overlay_entries(&rule.name, res, self.year, lang))
            .unwrap_or_default();
        if let Some(c) = &self.context {
            let text = lang.f(T::ContextLegend, &[&c.name, &c.count.to_string()]);
            overlay.push((atlas_scene::map_scene::Mark::Context, text));
        }
        if view.map_mode == MapMode::Choropleth {
            c.fills_into(self.year, &mut self.fills);
        } else {
            self.fills = fills;
        }
        let mut rows = rows;
        // A colour-vision preview: map and legend as seen with the deficiency, and said so.
        if view.vision != Vision::Normal {
            for f in &mut self.fills {
                *f = vision::simulate(*f, view.vision);
            }
            for r in &mut rows {
                r.color = vision::simulate(r.color, view.vision);
            }
            if let Some(m) = &mut matrix {
                for c in m.colors.iter_mut().flatten() {
                    *c = vision::simulate(*c, view.vision);
                }
            }
            let said = lang.f(T::SimulatedVision, &[lang.t(vision_text(view.vision))]);
            note = if note.is_empty() {
                said
            } else {
                format!("{note} · {said}")
            };
        }
        let note = self.with_estimates(note, view, t);
        self.legend = Some(LegendSpec {
            unit,
            rows,
            overlay,
            note,
            matrix,
        });
        self.fills_version += 1;
    }
}

impl Workspace {
    /// `note` with the estimate lines of the shown years: years estimated on another grid say
    /// so under the legend, on screen and in exports; a map over a range of years
    /// (persistence) says every estimated year in it.
    fn with_estimates(&self, note: String, view: &ViewState, t: &IndicatorTable) -> String {
        let shown: Vec<YearIdx> = match view.map_mode {
            MapMode::Persistence | MapMode::IndexPersistence => {
                let (a, b) = persist_range(t, view);
                (a.get()..=b.get()).map(YearIdx).collect()
            }
            _ => vec![self.year],
        };
        let mut lines: Vec<String> = Vec::new();
        for y in shown {
            if let Some(l) =
                atlas_scene::text::estimate_line(&self.dataset.meta, t.year_at(y), view.lang)
                && !lines.contains(&l)
            {
                lines.push(l);
            }
        }
        lines
            .into_iter()
            .fold(note, |n, l| atlas_scene::text::join_note(n, Some(l)))
    }

    /// The maps of derived results: the location quotient, the years in the index's last
    /// class. Fills, legend rows and the note.
    fn derived_mode(
        &self,
        view: &ViewState,
        t: &IndicatorTable,
    ) -> (Vec<Rgb>, Vec<modes::LegendRow>, String) {
        if view.map_mode == MapMode::LocationQuotient {
            return crate::segregation::lq_fills(
                &self.segregation,
                &self.dataset,
                self.year,
                view.lang,
            );
        }
        let per_year = crate::indices::last_class_per_year(&self.indices, &self.dataset);
        let note = self
            .indices
            .error(self.year)
            .map(|e| atlas_i18n::Localize::text(e, view.lang))
            .unwrap_or_default();
        let (fills, rows) = persistence_mode(&per_year, t, view);
        (fills, rows, note)
    }
}

/// The persistence map: in how many of the chosen years the rule was met.
fn persistence_mode(
    per_year: &[Vec<atlas_analysis::rules::Tri>],
    t: &IndicatorTable,
    view: &ViewState,
) -> (Vec<Rgb>, Vec<modes::LegendRow>) {
    let lang = view.lang;
    let (a, b) = persist_range(t, view);
    let counts = persistence(per_year, a.get()..=b.get());
    modes::persistence_fills(
        &counts,
        b.get() + 1 - a.get(),
        |lo, hi| {
            if lo == hi && lo == 1 {
                lang.t(T::OneYear).to_owned()
            } else if lo == hi {
                lang.f(T::YearsN, &[&lo.to_string()])
            } else {
                lang.f(T::YearsN, &[&format!("{lo}–{hi}")])
            }
        },
        lang.t(T::Unknown),
    )
}

/// The change map from the view's first year (else the indicator's first year with data) to
/// `year`, and how many districts gain or lose data between them (for the warning).
fn change_mode(
    ds: &Dataset,
    c: &Choropleth,
    (ind, indicator_years): (usize, &[YearIdx]),
    view: &ViewState,
    year: YearIdx,
) -> (Vec<Rgb>, Vec<modes::LegendRow>, Option<(usize, usize)>) {
    let lang = view.lang;
    let n = ds.districts.districts.len();
    let Some(t) = ds.table() else {
        return (Vec::new(), Vec::new(), None);
    };
    let from = view
        .change_from
        .and_then(|y| t.year_index(y))
        .or_else(|| indicator_years.first().copied())
        .unwrap_or_default();
    let (mut a, mut b) = (ds.district_values(ind, from), ds.district_values(ind, year));
    // A share on few residents in either year is no change to classify: both years left
    // out, the district drawn as "few residents".
    let few: Vec<usize> = (0..n)
        .filter(|&d| {
            (a[d].is_some() || b[d].is_some())
                && (c.few_at(from, d).is_some() || c.few_at(year, d).is_some())
        })
        .collect();
    for &d in &few {
        (a[d], b[d]) = (None, None);
    }
    let ch = change_between(&a, &b);
    let warning = ch
        .coverage_changed()
        .then_some((ch.appeared.len(), ch.disappeared.len()));
    let d = indicator_decimals(t, ind);
    let (mut fills, mut rows) = modes::change_fills(
        &ch,
        &view.styling,
        |v| atlas_i18n::format_number(v, d, lang),
        lang.t(T::NoData),
        lang.t(T::AroundZero),
    );
    if !few.is_empty() {
        for &d in &few {
            fills[d] = atlas_analysis::ramps::FEW;
        }
        // The no-data row (last) counted them.
        if let Some(last) = rows.last_mut() {
            last.count -= few.len();
        }
        let at = rows.len().saturating_sub(1);
        rows.insert(
            at,
            atlas_scene::legend_rows::few_row(few.len(), view.styling.min_denominator, lang),
        );
    }
    (fills, rows, warning)
}
