//! Making a new data set from the loaded one, off the UI thread: *Aggregate to …* (larger
//! units by key prefix, a field, or the polygons of another file) and *Regrid* (the table
//! moved onto the loaded boundaries through a crosswalk from its own, older boundaries). The
//! result is written as files beside the data — boundaries and/or a long table with its
//! `.meta.json` — and loaded like any data set; the one before is remembered so the user can
//! go back to it.

use super::jobs::Job;
use super::{Message, Session};
use atlas_analysis::geog::aggregate::{GroupBy, aggregate_named};
use atlas_analysis::geog::crosswalk::{by_area, read_csv, write_csv};
pub use atlas_analysis::geog::names::NamesSource;
use atlas_analysis::geog::report_msg::GeogError;
use atlas_analysis::geog::report_msg::ReportLine;
use atlas_data::dataset::{Dataset, DatasetOptions, DatasetPaths};
use atlas_data::load::{BoundaryOptions, load_boundaries};
use atlas_i18n::Localize;
use atlas_i18n::T;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How to group districts (the app's choice; `within` names a file to read).
#[derive(Debug, Clone, PartialEq)]
pub enum AggregateBy {
    Prefix(usize),
    Field(String),
    Within(PathBuf),
}

/// Where the crosswalk of a regrid comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum CrosswalkSource {
    /// Computed by area from the table's own (older) boundary file.
    Area(PathBuf),
    /// Read from a CSV `old_key;new_key;weight` (an official crosswalk).
    File(PathBuf),
}

/// A data set written by one of these and ready to load.
pub struct Made {
    pub paths: DatasetPaths,
    pub opts: DatasetOptions,
    /// What was done, for the notice.
    pub lines: Vec<ReportLine>,
}

/// The data set to go back to.
#[derive(Debug, Clone, PartialEq)]
pub struct Previous {
    pub paths: DatasetPaths,
    pub opts: DatasetOptions,
}

pub type MadeJob = Job<Result<Made, GeogError>>;

/// `dir/stem_suffix.ext` beside `p`.
pub fn beside(p: &Path, suffix: &str, ext: &str) -> PathBuf {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // "x.geojson.gz" and "x.csv": the stem without a second extension.
    let stem = stem.split('.').next().unwrap_or(&stem).to_owned();
    p.with_file_name(format!("{stem}_{suffix}.{ext}"))
}

/// Aggregates `ds` and writes boundaries to `out` and the table beside it (`_table.csv`).
fn run_aggregate(
    ds: &Dataset,
    by: AggregateBy,
    names: Option<NamesSource>,
    out: &Path,
) -> Result<Made, GeogError> {
    // A table finer than the loaded boundaries (its keys begin with theirs): the table goes
    // onto those boundaries by the prefix, as `aggregate --onto` does — the fine polygons are
    // not here to dissolve.
    if let (AggregateBy::Prefix(n), Some(t)) = (&by, ds.table())
        && matches!(ds.grid.as_ref().map(|g| &g.kind), Some(atlas_data::grids::GridKind::Finer { prefix }) if prefix == n)
    {
        let agg = atlas_analysis::geog::onto::aggregate_onto(t, &ds.districts, *n)?;
        let title =
            atlas_data::model::Localized::plain(&format!("{} → {}", t.source, ds.districts.source));
        return write_made(&agg, ds, title, out);
    }
    let by = match by {
        AggregateBy::Prefix(n) => GroupBy::Prefix(n),
        AggregateBy::Field(f) => GroupBy::Field(f),
        AggregateBy::Within(p) => {
            GroupBy::Within(Box::new(load_boundaries(&p, &BoundaryOptions::default())?))
        }
    };
    let agg = aggregate_named(ds, &by, names.as_ref())?;
    if agg.report.units == 0 {
        return Err(GeogError::NothingGrouped { by: by.describe() });
    }
    let title = atlas_analysis::geog::aggregate::aggregated_title(ds, &by);
    write_made(&agg, ds, title, out)
}

/// Writes an aggregate (boundaries to `out`, the table beside it) and says how to load it.
fn write_made(
    agg: &atlas_analysis::geog::aggregate::Aggregated,
    ds: &Dataset,
    title: atlas_data::model::Localized,
    out: &Path,
) -> Result<Made, GeogError> {
    let table = beside(out, "table", "csv");
    atlas_analysis::geog::write::write_aggregated(agg, ds.meta.clone(), title, out, &table)?;
    Ok(Made {
        paths: DatasetPaths {
            boundaries: out.to_path_buf(),
            table: Some(table),
            meta: None,
        },
        opts: DatasetOptions {
            key_field: Some("key".into()),
            name_field: Some("name".into()),
            ..DatasetOptions::default()
        },
        lines: agg.report.lines(),
    })
}

/// Regrids the table of `ds` onto its boundaries and writes it to `out` (with its metadata
/// and the crosswalk used beside it).
fn run_regrid(
    ds: &Dataset,
    opts: DatasetOptions,
    source: CrosswalkSource,
    newer: Option<PathBuf>,
    out: &Path,
) -> Result<Made, GeogError> {
    let t = ds.table().ok_or(GeogError::NoTableLoaded)?;
    let cw = match &source {
        CrosswalkSource::Area(old) => {
            let old = load_boundaries(old, &BoundaryOptions::default())?;
            let cw = by_area(&old, &ds.districts);
            atlas_data::atomic_write::write_atomic_with(&beside(out, "crosswalk", "csv"), |f| {
                write_csv(f, &cw)
            })?;
            cw
        }
        CrosswalkSource::File(p) => {
            let bytes = atlas_data::load::error::read_file(p)?;
            read_csv(&bytes, &atlas_data::load::error::file_name(p))?
        }
    };
    let newer = newer
        .map(|n| {
            atlas_analysis::geog::regrid::read_table_with_meta(&n, None).map(|(t, m, _)| (t, m))
        })
        .transpose()?;
    let derived = ds
        .table
        .as_ref()
        .map(|d| d.meta_derived.clone())
        .unwrap_or_default();
    let file = atlas_analysis::geog::regrid::RegridFile {
        dataset: ds.meta.clone(),
        derived,
        // The estimate comes from the old districts: named by their boundary file where the
        // crosswalk was made from it, else by the table that was on them.
        from: match &source {
            CrosswalkSource::Area(old) => atlas_data::load::error::file_name(old),
            CrosswalkSource::File(_) => t.source.clone(),
        },
        note: None,
        newer,
    };
    let (report, _) = atlas_analysis::geog::regrid::regrid_to_file(t, &cw, file, out)?;
    let mut lines = cw.lines();
    lines.extend(report.lines());
    Ok(Made {
        paths: DatasetPaths {
            boundaries: ds.paths.boundaries.clone(),
            table: Some(out.to_path_buf()),
            meta: None,
        },
        opts: DatasetOptions {
            aliases: Default::default(),
            table_key_column: None,
            ..opts
        },
        lines,
    })
}

impl Session {
    /// Starts aggregating the loaded data set into `out` (boundaries; the table beside).
    pub(super) fn start_aggregate(
        &mut self,
        by: AggregateBy,
        names: Option<NamesSource>,
        out: PathBuf,
    ) {
        let Some(ws) = &self.workspace else { return };
        let ds: Arc<Dataset> = ws.dataset.clone();
        self.remember_previous();
        self.made_job = Some(Job::spawn(
            move |_| run_aggregate(&ds, by, names, &out),
            self.waker(),
        ));
    }

    /// Starts stacking the table at `more` (more years on the same districts) onto the loaded
    /// table; the result is written beside the loaded table, named by its years.
    pub(super) fn start_add_years(&mut self, more: PathBuf) {
        let Some(ws) = &self.workspace else { return };
        let Some(table) = ws.dataset.paths.table.clone() else {
            let lang = self.view.lang;
            self.message = Some(Message::Error(
                GeogError::NoTableLoaded.text(lang).to_owned(),
            ));
            return;
        };
        let meta = ws.dataset.paths.meta.clone();
        let boundaries = ws.dataset.paths.boundaries.clone();
        let opts = DatasetOptions {
            aliases: Default::default(),
            table_key_column: None,
            ..self.saved.options()
        };
        self.remember_previous();
        self.made_job = Some(Job::spawn(
            move |_| {
                let paths = [table.clone(), more];
                let out = |t: &atlas_data::model::IndicatorTable| {
                    let years = match (t.years.first(), t.years.last()) {
                        (Some(a), Some(b)) => format!("{a}_{b}"),
                        _ => "years".to_owned(),
                    };
                    beside(&table, &years, "csv")
                };
                let (report, mut lines, _) =
                    atlas_analysis::geog::stack::stack_files(&paths, meta.as_deref(), &out)?;
                lines.splice(0..0, report.lines());
                Ok(Made {
                    paths: DatasetPaths {
                        boundaries,
                        table: Some(report.out.clone()),
                        meta: None,
                    },
                    opts,
                    lines,
                })
            },
            self.waker(),
        ));
    }

    /// Starts regridding the loaded table onto the loaded boundaries into `out`.
    pub(super) fn start_regrid(
        &mut self,
        source: CrosswalkSource,
        newer: Option<PathBuf>,
        out: PathBuf,
    ) {
        let Some(ws) = &self.workspace else { return };
        let ds: Arc<Dataset> = ws.dataset.clone();
        let opts = self.saved.options();
        self.remember_previous();
        self.made_job = Some(Job::spawn(
            move |_| run_regrid(&ds, opts, source, newer, &out),
            self.waker(),
        ));
    }

    fn remember_previous(&mut self) {
        if let Some(paths) = self.current_paths() {
            self.previous = Some(Previous {
                paths,
                opts: self.saved.options(),
            });
        }
    }

    /// A made data set is written: load it and say what was done.
    pub(super) fn made(&mut self, r: Result<Result<Made, GeogError>, super::jobs::Stopped>) {
        match r {
            Ok(Ok(m)) => {
                let lang = self.view.lang;
                // The banner names the file; the whole report is in the join report.
                let written = m.paths.table.as_ref().unwrap_or(&m.paths.boundaries);
                self.message = Some(Message::Notice(format!(
                    "{} {}",
                    lang.f(T::MadeDataset, &[&written.display().to_string()]),
                    m.lines.first().map(|l| l.text(lang)).unwrap_or_default()
                )));
                self.made_report = Some((m.paths.clone(), m.lines));
                self.start_load(m.paths, m.opts, false);
            }
            Ok(Err(e)) => {
                self.previous = None;
                self.message = Some(Message::Error(e.text(self.view.lang)));
            }
            Err(super::jobs::Stopped) => {
                self.previous = None;
                let lang = self.view.lang;
                self.message = Some(Message::Error(lang.t(T::WorkStopped).to_owned()));
            }
        }
    }

    /// Loads the data set shown before the last aggregate or regrid.
    pub(super) fn back_to_previous(&mut self) {
        if let Some(p) = self.previous.take() {
            self.start_load(p.paths, p.opts, false);
        }
    }

    /// How the data set shown was made, when it was made here (else empty).
    pub fn made_report(&self) -> &[ReportLine] {
        match (&self.made_report, &self.workspace) {
            (Some((p, lines)), Some(ws)) if ws.dataset.paths == *p => lines,
            _ => &[],
        }
    }

    /// Whether an aggregate or regrid is running.
    pub fn making(&self) -> bool {
        self.made_job.is_some()
    }
}
