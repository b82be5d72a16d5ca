//! One loaded data set: boundaries, an optional indicator table with its metadata, and the join
//! between them. The app, the CLI and (later) the exporters all hold this one type.

use crate::join::Join;
use crate::load::Note;
use crate::load::table::TableReading;
use crate::load::{
    BoundaryOptions, LoadError, TableOptions, apply_meta, find_meta_beside, load_boundaries,
    load_meta, load_table,
};
use crate::model::{DatasetMeta, Districts, IndicatorTable, YearIdx};
use std::path::{Path, PathBuf};

/// The files of a data set.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DatasetPaths {
    pub boundaries: PathBuf,
    pub table: Option<PathBuf>,
    /// Metadata; when absent, `<table stem>.meta.json` beside the table is used if it exists.
    pub meta: Option<PathBuf>,
}

/// Field choices that override the automatic ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DatasetOptions {
    pub key_field: Option<String>,
    pub name_field: Option<String>,
    pub table_key_column: Option<String>,
    /// The boundaries' coordinate system, when the file does not say (or says wrongly).
    pub crs: Option<crate::load::crs::Crs>,
    /// The sheet of a spreadsheet table (default: the first holding a table).
    pub sheet: Option<String>,
    /// Table key → district key pairs accepted from the join suggestions.
    pub aliases: std::collections::BTreeMap<String, String>,
    /// The layer of a GeoPackage (default: the first polygon layer).
    pub layer: Option<String>,
    /// Derived indicators defined in the app or a project, after those of the metadata file.
    pub derived: Vec<crate::model::DerivedIndicator>,
}

/// A table as loaded, with how it was read.
#[derive(Debug, Clone)]
pub struct TableData {
    pub table: IndicatorTable,
    pub reading: TableReading,
    /// The metadata file used, if any.
    pub meta_path: Option<PathBuf>,
    /// The derived indicators the metadata file defines (applied before the user's).
    pub meta_derived: Vec<crate::model::DerivedIndicator>,
}

/// Boundaries + optional table, joined.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub paths: DatasetPaths,
    pub districts: Districts,
    pub table: Option<TableData>,
    pub meta: DatasetMeta,
    pub join: Option<Join>,
    /// Table, metadata and whole-file boundary warnings (the per-feature boundary problems
    /// are in `districts.problems()`).
    pub warnings: Vec<Note>,
    /// Accepted join suggestions: table key → district key.
    pub aliases: std::collections::BTreeMap<String, String>,
    /// Derived indicators defined in the app or a project (those of the metadata file are in
    /// `table.meta_derived`); their columns are in the table.
    pub derived: Vec<crate::model::DerivedIndicator>,
    /// When the table and the boundaries look like two district grids (set by each join).
    pub grid: Option<crate::grids::GridMismatch>,
}

/// A join that matched nothing or under half of the districts, with what the user needs to
/// choose other keys.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinMismatch {
    pub matched: usize,
    pub districts: usize,
    pub key_field: String,
    /// Three district keys, quoted.
    pub district_examples: String,
    pub table_key_column: String,
    /// Three table keys, quoted.
    pub table_examples: String,
}

/// Loads a data set. The table is read first so that the boundary key field can be chosen as
/// the one sharing most values with the table's keys.
pub fn load_dataset(paths: &DatasetPaths, opts: &DatasetOptions) -> Result<Dataset, LoadError> {
    load_dataset_with_progress(paths, opts, &mut |_| {})
}

/// A step of loading, reported to a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadStage {
    Table,
    Boundaries,
    Join,
}

/// As [`load_dataset`], calling `progress` as each step starts. The table is read,
/// then the boundaries (each reader on every core); when the boundary key field guessed from the
/// names leaves districts unmatched, the field sharing most values with the table's keys is
/// taken instead (unless one was given).
pub fn load_dataset_with_progress(
    paths: &DatasetPaths,
    opts: &DatasetOptions,
    progress: &mut dyn FnMut(LoadStage),
) -> Result<Dataset, LoadError> {
    let mut warnings = Vec::new();
    let mut meta = DatasetMeta::default();
    progress(LoadStage::Table);
    crate::timings::mark("start");
    // One file after the other, the table first: each reader uses every core already, and
    // side by side their peaks added up — at 100 000 districts with a 6 M-row table 407–409 MB
    // against 346–354 MB one after the other, for ≈ 0.2 s more (1.5–1.75 s → 1.7–2.1 s, both
    // measured alternating on one machine). The table's peak is the larger, and it is over
    // before the boundaries start; its error comes first, as it always did.
    let table = read_table(paths, opts, opts.table_key_column.clone())?;
    crate::timings::mark("table read");
    progress(LoadStage::Boundaries);
    let boundary_opts = BoundaryOptions {
        key_field: opts.key_field.clone(),
        name_field: opts.name_field.clone(),
        table_keys: None,
        crs: opts.crs,
        layer: opts.layer.clone(),
    };
    // A panic in the reader would be a bug; report it as an error rather than crash.
    let districts = std::panic::catch_unwind(|| load_boundaries(&paths.boundaries, &boundary_opts))
        .unwrap_or_else(|_| {
            Err(LoadError::of_file(
                crate::load::ErrorKind::Content,
                &crate::load::error::file_name(&paths.boundaries),
                crate::load::LoadMsg::BoundaryReaderStopped,
            ))
        })?;
    let table = table.map(|(data, m, mut w)| {
        warnings.append(&mut w);
        if let Some(m) = m {
            meta = m;
        }
        data
    });
    warnings.extend(districts.warnings.iter().map(|w| Note::Of {
        file: districts.source.clone(),
        note: Box::new(w.clone()),
    }));
    let mut ds = Dataset {
        paths: paths.clone(),
        districts,
        table,
        meta,
        join: None,
        warnings,
        aliases: opts.aliases.clone(),
        derived: opts.derived.clone(),
        grid: None,
    };
    crate::timings::mark("boundaries read");
    progress(LoadStage::Join);
    ds.rejoin();
    crate::timings::mark("joined");
    choose_keys(&mut ds, opts)?;
    crate::timings::mark("keys chosen");
    // The candidates' values served the choice; the data set keeps only their names (for the
    // join report's picker), not a second copy of every key.
    if let Some(t) = &mut ds.table {
        for c in &mut t.reading.key_candidates {
            c.values = Vec::new();
        }
    }
    Ok(ds)
}

/// A table read as a data set reads it (its metadata beside it or `meta`, derived indicators
/// of both and of `opts`, `opts.table_key_column` as its key), without boundaries — for
/// analyses of the table's keys alone (`arrival-atlas index --table T`).
pub fn load_table_alone(
    table: &Path,
    meta: Option<&Path>,
    opts: &DatasetOptions,
) -> Result<(IndicatorTable, Vec<Note>), LoadError> {
    let paths = DatasetPaths {
        boundaries: PathBuf::new(),
        table: Some(table.to_path_buf()),
        meta: meta.map(Path::to_path_buf),
    };
    let (data, _, warnings) = read_table(&paths, opts, opts.table_key_column.clone())?
        // Never None: a table path was given.
        .ok_or_else(|| {
            let file = table.display().to_string();
            let msg = crate::load::msg::LoadMsg::NoFeatures;
            LoadError::new(crate::load::error::ErrorKind::Io, &file, None, msg)
        })?;
    Ok((data.table, warnings))
}

/// The table with the dataset part of its metadata and the warnings of both.
type TableRead = (TableData, Option<DatasetMeta>, Vec<Note>);

/// Reads the table (with `key_column` as its key, if given) and its metadata.
fn read_table(
    paths: &DatasetPaths,
    opts: &DatasetOptions,
    key_column: Option<String>,
) -> Result<Option<TableRead>, LoadError> {
    let Some(t) = &paths.table else {
        return Ok(None);
    };
    let (mut table, reading) = load_table(
        t,
        &TableOptions {
            key_column,
            sheet: opts.sheet.clone(),
        },
    )?;
    let meta_path = paths.meta.clone().or_else(|| find_meta_beside(t));
    let meta_file = meta_path.as_deref().map(load_meta).transpose()?;
    let mut w: Vec<Note> = table.warnings.clone();
    w.extend(apply_meta(&mut table, meta_file.as_ref()));
    let meta_derived = meta_file
        .as_ref()
        .map(|m| m.derived.clone())
        .unwrap_or_default();
    let all: Vec<_> = meta_derived.iter().chain(&opts.derived).cloned().collect();
    w.extend(crate::formula::apply_derived(&mut table, &all));
    let data = TableData {
        table,
        reading,
        meta_path,
        meta_derived,
    };
    Ok(Some((data, meta_file.map(|m| m.dataset), w)))
}

/// Districts whose key matches one of `values` (the join's normalisation).
fn matches(district_keys: &[&str], values: &[String]) -> usize {
    crate::join::match_keys(district_keys.iter().copied(), values)
        .district_to_key
        .iter()
        .filter(|k| k.is_some())
        .count()
}

/// The keys on both sides, chosen from their values when not given. The boundaries were read
/// without knowing the table, the table without knowing the boundaries: when the join leaves
/// districts unmatched, the boundary field (unless `--key`) and the table column (unless
/// `--table-key`) whose values match best are taken, and the table is read again with that
/// column. What was chosen is said in the warnings.
fn choose_keys(ds: &mut Dataset, opts: &DatasetOptions) -> Result<(), LoadError> {
    let n = ds.districts.districts.len();
    let matched = |ds: &Dataset| ds.join.as_ref().map_or(n, |j| j.report.matched);
    if matched(ds) == n {
        return Ok(());
    }
    if opts.key_field.is_none()
        && let Some(t) = &ds.table
        && ds
            .districts
            .choose_key_for_table(&t.table.keys, opts.name_field.is_none())
    {
        ds.rejoin();
    }
    let Some(t) = &ds.table else { return Ok(()) };
    if opts.table_key_column.is_some() || matched(ds) == n {
        return Ok(());
    }
    // Table keys that are codes of the same form as the district keys but mostly other codes
    // are another edition of the grid (a boundary revision), not a wrong column: another
    // column (names!) would join across grids. The grid check says so instead.
    // Likewise keys that begin with the district keys are a finer grid (aggregate them).
    let district_keys: Vec<&str> = ds
        .districts
        .districts
        .iter()
        .map(|d| d.key.as_str())
        .collect();
    if crate::grids::same_form(
        t.table.keys.iter().map(String::as_str),
        district_keys.iter().copied(),
    ) || crate::grids::nesting_prefix(&t.table.keys, &district_keys).is_some()
    {
        return Ok(());
    }
    // Each other candidate column against each boundary field (or the given one).
    let fields: Vec<usize> = match &opts.key_field {
        Some(f) => ds.districts.property_index(f).into_iter().collect(),
        None => (0..ds.districts.property_names.len()).collect(),
    };
    let mut best: Option<(usize, String, usize)> = None;
    for c in &t.reading.key_candidates {
        if c.column == t.table.key_column {
            continue;
        }
        for &f in &fields {
            let keys: Vec<&str> = ds
                .districts
                .districts
                .iter()
                .map(|d| d.properties[f].as_deref().unwrap_or(""))
                .collect();
            let m = matches(&keys, &c.values);
            if best.as_ref().is_none_or(|b| m > b.2) {
                best = Some((f, c.column.clone(), m));
            }
        }
    }
    let before = matched(ds);
    let Some((field, column, m)) = best.filter(|b| b.2 > before) else {
        return Ok(());
    };
    let old_column = t.table.key_column.clone();
    let Some((data, _, w)) = read_table(&ds.paths, opts, Some(column.clone()))? else {
        return Ok(());
    };
    let field = ds.districts.property_names[field].clone();
    if field != ds.districts.key_field {
        // The field exists: it was just taken from the property names.
        let _ = ds.districts.set_key_field(&field);
    }
    // The warnings of the first reading named the old key column.
    let old: Vec<Note> = ds
        .table
        .as_ref()
        .map(|t| t.table.warnings.clone())
        .unwrap_or_default();
    ds.warnings.retain(|x| !old.contains(x));
    ds.warnings.extend(w);
    ds.warnings.push(Note::KeyByValues {
        column,
        matched: m,
        districts: n,
        field,
        named: old_column,
        before,
    });
    ds.table = Some(data);
    ds.rejoin();
    Ok(())
}

/// Why an edit of a loaded data set (key field, name field, derived indicators) failed.
#[derive(Debug, Clone, PartialEq)]
pub enum EditError {
    Load(LoadError),
    Note(Note),
}

impl From<LoadError> for EditError {
    fn from(e: LoadError) -> Self {
        EditError::Load(e)
    }
}

impl From<Note> for EditError {
    fn from(n: Note) -> Self {
        EditError::Note(n)
    }
}

impl atlas_i18n::Localize for EditError {
    fn text(&self, lang: atlas_i18n::Lang) -> String {
        match self {
            EditError::Load(e) => e.text(lang),
            EditError::Note(n) => n.text(lang),
        }
    }
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&atlas_i18n::Localize::text(self, atlas_i18n::Lang::En))
    }
}

impl Dataset {
    /// Recomputes the join (after a key field change).
    pub fn rejoin(&mut self) {
        self.join = self.table.as_ref().map(|t| {
            // A district named by an alias joins under the table's key.
            let by_district: std::collections::HashMap<&str, &str> = self
                .aliases
                .iter()
                .map(|(t, d)| (d.as_str(), t.as_str()))
                .collect();
            let keys: Vec<&str> = self
                .districts
                .districts
                .iter()
                .map(|d| by_district.get(d.key.as_str()).copied().unwrap_or(&d.key))
                .collect();
            Join::new(&keys, self.districts.duplicate_keys(), &t.table)
        });
        self.grid = crate::grids::grid_mismatch(self);
    }

    /// Changes the boundary key field and re-joins.
    pub fn set_key_field(&mut self, field: &str) -> Result<(), LoadError> {
        self.districts.set_key_field(field)?;
        self.rejoin();
        Ok(())
    }

    /// When the join matched nothing or under half of the districts: the two key columns
    /// and three example keys from each side, so that a wrong key is seen at once.
    pub fn join_mismatch(&self) -> Option<JoinMismatch> {
        let (j, t) = (self.join.as_ref()?, self.table()?);
        let n = self.districts.districts.len();
        if n == 0 || j.report.matched * 2 >= n {
            return None;
        }
        let examples = |keys: &mut dyn Iterator<Item = &str>| {
            keys.filter(|k| !k.trim().is_empty())
                .take(3)
                .map(|k| format!("{k:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        Some(JoinMismatch {
            matched: j.report.matched,
            districts: n,
            key_field: self.districts.key_field.clone(),
            district_examples: examples(
                &mut self.districts.districts.iter().map(|d| d.key.as_str()),
            ),
            table_key_column: t.key_column.clone(),
            table_examples: examples(&mut t.keys.iter().map(String::as_str)),
        })
    }

    /// The join warning as the command line prints it: two district grids, else a join that
    /// matched under half.
    pub fn join_warning(&self) -> Option<String> {
        if let Some(g) = &self.grid {
            return Some(g.message());
        }
        self.join_mismatch().map(|m| {
            format!(
                "only {} of {} districts matched the table: boundary key field '{}' (e.g. {}), table key column '{}' (e.g. {}); choose the keys with --key and --table-key",
                m.matched,
                m.districts,
                m.key_field,
                m.district_examples,
                m.table_key_column,
                m.table_examples
            )
        })
    }

    /// Replaces the user's derived indicators and recomputes every derived column. An error
    /// names each definition that failed; the table is then left as it was.
    pub fn set_derived(&mut self, defs: Vec<crate::model::DerivedIndicator>) -> Result<(), Note> {
        let t = self.table.as_mut().ok_or(Note::NoTable)?;
        let all: Vec<_> = t.meta_derived.iter().chain(&defs).cloned().collect();
        let mut table = t.table.clone();
        let mut errors = crate::formula::apply_derived(&mut table, &all);
        match errors.len() {
            0 => {}
            1 => return Err(errors.remove(0)),
            _ => return Err(Note::List { list: errors }),
        }
        t.table = table;
        self.derived = defs;
        Ok(())
    }

    /// The indicator table, if one is loaded.
    pub fn table(&self) -> Option<&IndicatorTable> {
        self.table.as_ref().map(|t| &t.table)
    }

    /// Table keys that have at least one district, each once (what city references sum over).
    pub fn joined_keys(&self) -> Vec<usize> {
        match &self.join {
            Some(j) => (0..j.keys.key_to_districts.len())
                .filter(|&k| !j.keys.key_to_districts[k].is_empty())
                .collect(),
            None => Vec::new(),
        }
    }

    /// The value of district `d` (file order) for `indicator` in `year` (indices), as in
    /// [`Dataset::district_values`] — for a few districts, without the list of all.
    pub fn district_value(&self, indicator: usize, year: YearIdx, d: usize) -> Option<f64> {
        let (t, j) = (self.table()?, self.join.as_ref()?);
        t.value(indicator, year, (*j.keys.district_to_key.get(d)?)?)
    }

    /// One value per district (file order) for `indicator` in `year` (indices); `None` where
    /// the district has no row or no value. Districts sharing a key both get the value.
    pub fn district_values(&self, indicator: usize, year: YearIdx) -> Vec<Option<f64>> {
        let (Some(t), Some(j)) = (self.table(), &self.join) else {
            return vec![None; self.districts.districts.len()];
        };
        j.keys
            .district_to_key
            .iter()
            .map(|k| k.and_then(|k| t.value(indicator, year, k)))
            .collect()
    }

    /// The attribution line to show under maps: the metadata's source, else the file names.
    pub fn source_line(&self, lang: atlas_i18n::Lang) -> String {
        let given = self
            .meta
            .source
            .as_ref()
            .and_then(|s| s.get(lang.code()))
            .map(str::to_owned);
        let base = given.unwrap_or_else(|| {
            let mut s = self.districts.source.clone();
            if let Some(t) = self.table() {
                s.push_str(", ");
                s.push_str(&t.source);
            }
            s
        });
        if self.meta.synthetic && !base.to_lowercase().contains("synthet") {
            format!("{base} ({})", lang.t(atlas_i18n::T::SyntheticWords))
        } else {
            base
        }
    }
}

/// The demo city bundled with the program, relative to the crate root.
pub fn demo_paths(root: &Path) -> DatasetPaths {
    let dir = root.join("data").join("demo");
    DatasetPaths {
        boundaries: dir.join("districts.geojson"),
        table: Some(dir.join("indicators.csv")),
        meta: Some(dir.join("indicators.meta.json")),
    }
}
