//! The context layer's file: a second boundary file drawn as outlines over the map. The view
//! names it ([`ViewState::context`](crate::state::ViewState)); whenever that differs from what
//! is loaded — a file opened, a project or the autosave restored, an undo — the file is loaded
//! on a worker thread, and the workspace projects it with the map's projection. A file that
//! fails to load is said in the banner and the layer shown before stays.

use super::jobs::{Job, Stopped};
use super::state::ContextSpec;
use super::*;
use atlas_data::load::{BoundaryOptions, LoadError, load_boundaries};
use atlas_data::model::Districts;
use atlas_i18n::Localize;
use std::sync::Arc;

/// The loaded context layer and one being loaded.
#[derive(Default)]
pub(crate) struct ContextState {
    loaded: Option<(ContextSpec, Arc<Districts>)>,
    pending: Option<(ContextSpec, Job<Result<Districts, LoadError>>)>,
}

impl ContextState {
    pub(crate) fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    /// The loaded layer's areas.
    pub fn layer(&self) -> Option<&Arc<Districts>> {
        self.loaded.as_ref().map(|l| &l.1)
    }
}

/// Loads a context layer's file (any boundary format; the system as the file says or as
/// recognised from its coordinates).
pub fn load_context(path: &std::path::Path) -> Result<Districts, LoadError> {
    load_boundaries(path, &BoundaryOptions::default())
}

impl Session {
    /// Brings the loaded context layer in line with the view (once per frame; `wait` blocks
    /// for a load under way: tests and the command line).
    pub(crate) fn sync_context(&mut self, wait: bool) {
        if let Some((spec, job)) = self.context.pending.take() {
            let r = if wait { Some(job.wait()) } else { job.poll() };
            match r {
                None => self.context.pending = Some((spec, job)),
                Some(r) => self.context_loaded(spec, r),
            }
        }
        // The loaded layer remembers how the view last showed it (names on or off): what a
        // failed load of another file goes back to.
        if let (Some((spec, _)), Some(v)) = (&mut self.context.loaded, &self.view.context)
            && spec.path == v.path
        {
            spec.labels = v.labels;
        }
        let wanted = self.view.context.as_ref().map(|c| &c.path);
        let have = self.context.pending.as_ref().map(|p| &p.0.path).or(self
            .context
            .loaded
            .as_ref()
            .map(|l| &l.0.path));
        if wanted != have {
            match self.view.context.clone() {
                None => {
                    self.context.pending = None;
                    self.context.loaded = None;
                }
                Some(spec) => {
                    let path = spec.path.clone();
                    let job = Job::spawn(move |_| load_context(&path), self.waker());
                    self.context.pending = Some((spec, job));
                    if wait {
                        return self.sync_context(true);
                    }
                }
            }
        }
        if let Some(ws) = &mut self.workspace {
            ws.set_context(self.context.layer());
        }
    }

    fn context_loaded(
        &mut self,
        spec: ContextSpec,
        r: Result<Result<Districts, LoadError>, Stopped>,
    ) {
        let lang = self.view.lang;
        let why = match r {
            Ok(Ok(d)) => {
                self.context.loaded = Some((spec, Arc::new(d)));
                return;
            }
            Ok(Err(e)) => e.text(lang),
            Err(Stopped) => lang.t(T::LoadingStopped).to_owned(),
        };
        self.message = Some(Message::Error(lang.f(T::ContextFailed, &[&why])));
        // What was shown before stays (and the view says so, so nothing loads again).
        self.view.context = self.context.loaded.as_ref().map(|(s, _)| s.clone());
    }

    /// The context layer's outlines as the map draws them, if one is loaded.
    pub fn context_layer(&self) -> Option<&Arc<Districts>> {
        self.context.layer()
    }

    pub fn is_loading_context(&self) -> bool {
        self.context.is_loading()
    }
}
