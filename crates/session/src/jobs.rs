//! Work that runs off the UI thread: loading a data set (parse, join, triangulate) and
//! classifying an indicator over all years. A job reports its stage through an atomic the UI
//! reads each frame, and wakes the UI when it finishes. Tests call `wait` to block instead.

use atlas_data::dataset::{
    Dataset, DatasetOptions, DatasetPaths, LoadStage, load_dataset_with_progress,
};
use atlas_i18n::T;
use atlas_scene::MapGeometry;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// The worker thread ended without a result (it panicked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped;

/// A result computed on another thread.
pub struct Job<R> {
    rx: Receiver<R>,
    stage: Arc<AtomicU8>,
}

impl<R: Send + 'static> Job<R> {
    /// Runs `work` on a new thread; `work` may set its stage; `wake` is called when done.
    pub fn spawn(
        work: impl FnOnce(&AtomicU8) -> R + Send + 'static,
        wake: impl Fn() + Send + 'static,
    ) -> Job<R> {
        let (tx, rx) = channel();
        let stage = Arc::new(AtomicU8::new(0));
        let st = stage.clone();
        std::thread::spawn(move || {
            let r = work(&st);
            let _ = tx.send(r);
            wake();
        });
        Job { rx, stage }
    }

    /// The result, once there is one; `Stopped` when the worker died without one.
    pub fn poll(&self) -> Option<Result<R, Stopped>> {
        match self.rx.try_recv() {
            Ok(r) => Some(Ok(r)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(Stopped)),
        }
    }

    /// Blocks until the result is there.
    pub fn wait(&self) -> Result<R, Stopped> {
        self.rx.recv().map_err(|_| Stopped)
    }

    pub fn stage(&self) -> u8 {
        self.stage.load(Ordering::Relaxed)
    }
}

/// A loaded data set with its map geometry, ready to show.
pub struct Loaded {
    pub dataset: Dataset,
    pub geometry: Option<MapGeometry>,
}

/// Loading stages in order, for the progress bar.
pub const LOAD_STAGES: [T; 4] = [
    T::StageTable,
    T::StageBoundaries,
    T::StageJoin,
    T::StageGeometry,
];

/// Why a load failed (said in the UI language when it arrives), and whether choosing a
/// coordinate system could help.
#[derive(Debug, Clone)]
pub struct LoadFailed {
    pub error: atlas_data::load::LoadError,
    pub crs: bool,
}

/// Starts loading `paths`.
pub fn spawn_load(
    paths: DatasetPaths,
    opts: DatasetOptions,
    wake: impl Fn() + Send + 'static,
) -> Job<Result<Box<Loaded>, LoadFailed>> {
    Job::spawn(
        move |stage| {
            let mut report = |s: LoadStage| {
                let i = match s {
                    LoadStage::Table => 0,
                    LoadStage::Boundaries => 1,
                    LoadStage::Join => 2,
                };
                stage.store(i, Ordering::Relaxed);
            };
            let dataset =
                load_dataset_with_progress(&paths, &opts, &mut report).map_err(|e| LoadFailed {
                    crs: e.kind == atlas_data::load::error::ErrorKind::Crs,
                    error: e,
                })?;
            stage.store(3, Ordering::Relaxed);
            let geometry = MapGeometry::build(&dataset.districts);
            atlas_data::timings::mark("map geometry built");
            Ok(Box::new(Loaded { dataset, geometry }))
        },
        wake,
    )
}

/// A load started before the window opens: the files named on the command line, read while
/// the window and its GL context are made (≈ 0.1 s on the reference machine, most of it on
/// one core) instead of after. [`crate::Session::with_early_load`] takes it over.
pub struct EarlyLoad {
    pub(crate) paths: DatasetPaths,
    pub(crate) job: Job<Result<Box<Loaded>, LoadFailed>>,
}

impl EarlyLoad {
    /// Starts loading `paths` as the session would (default options); `wake` is called when
    /// it is done.
    pub fn start(paths: DatasetPaths, wake: impl Fn() + Send + 'static) -> EarlyLoad {
        let job = spawn_load(paths.clone(), DatasetOptions::default(), wake);
        EarlyLoad { paths, job }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Session, Startup};

    fn session(files: DatasetPaths, early: EarlyLoad) -> Session {
        let startup = Startup {
            paths: Some(files),
            ..Startup::default()
        };
        Session::with_early_load(startup, None, Arc::new(|| {}), Some(early))
    }

    #[test]
    fn the_session_takes_over_an_early_load_of_its_files() {
        let demo = atlas_data::dataset::demo_paths(&crate::demo_root());
        let early = EarlyLoad::start(demo.clone(), || {});
        let stage = early.job.stage.clone();
        let mut s = session(demo.clone(), early);
        let pending = s.load.as_ref().map(|l| l.job.stage.clone());
        assert!(
            pending.is_some_and(|p| Arc::ptr_eq(&p, &stage)),
            "the session started a load of its own"
        );
        s.wait_for_jobs();
        let ws = s.workspace.as_ref().map(|w| &w.dataset);
        assert_eq!(ws.map(|d| &d.paths), Some(&demo));
        assert!(ws.is_some_and(|d| d.table.is_some() && !d.districts.districts.is_empty()));
    }

    #[test]
    fn an_early_load_of_other_files_is_left() {
        let root = crate::demo_root();
        let demo = atlas_data::dataset::demo_paths(&root);
        let other = DatasetPaths {
            boundaries: root.join("data/berlin-lor/berlin_bezirke.geojson"),
            table: None,
            meta: None,
        };
        let early = EarlyLoad::start(other, || {});
        let stage = early.job.stage.clone();
        let mut s = session(demo.clone(), early);
        let pending = s.load.as_ref().map(|l| l.job.stage.clone());
        assert!(pending.is_some_and(|p| !Arc::ptr_eq(&p, &stage)));
        s.wait_for_jobs();
        assert_eq!(s.workspace.as_ref().map(|w| &w.dataset.paths), Some(&demo));
    }
}
