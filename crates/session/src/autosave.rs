//! Autosave of the working state (files, fields, view, rules, scenes — never the data
//! itself): every two seconds the state is serialised and, when it changed, written
//! atomically on a worker thread to `working-state.json` in the app's own settings folder
//! (never to a project file). A crash or power cut loses at most the last few seconds of work;
//! the next start reads this file before the window's own (less frequent) storage.

use super::state::SavedState;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often the state is compared and, if changed, written.
pub const INTERVAL: Duration = Duration::from_secs(2);
const FILE_NAME: &str = "working-state.json";

/// The autosave file in the app's settings folder, the folder the window keeps its own
/// storage in: `$XDG_DATA_HOME/arrival-atlas` or `~/.local/share/arrival-atlas` on Linux,
/// `~/Library/Application Support/arrival-atlas` on macOS, `%APPDATA%\arrival-atlas\data` on
/// Windows.
pub fn default_path() -> Option<PathBuf> {
    const APP: &str = "arrival-atlas";
    let home = std::env::home_dir();
    let dir = if cfg!(windows) {
        std::env::var_os("APPDATA").map(|p| PathBuf::from(p).join(APP).join("data"))
    } else if cfg!(target_os = "macos") {
        home.map(|h| h.join("Library").join("Application Support").join(APP))
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| home.map(|h| h.join(".local").join("share")))
            .map(|p| p.join(APP))
    };
    dir.map(|d| d.join(FILE_NAME))
}

pub struct Autosave {
    path: PathBuf,
    last_check: Option<Instant>,
    last_written: String,
    writing: Option<std::thread::JoinHandle<()>>,
}

impl Autosave {
    pub fn new(path: PathBuf) -> Autosave {
        Autosave {
            path,
            last_check: None,
            last_written: String::new(),
            writing: None,
        }
    }

    /// Reads a previous autosave, if there is a readable one.
    pub fn read(path: &Path) -> Option<SavedState> {
        let text = std::fs::read_to_string(path).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Called every frame: cheap unless the interval has passed (`force` ignores it).
    pub fn tick(&mut self, state: impl FnOnce() -> SavedState, force: bool) {
        let now = Instant::now();
        if !force && self.last_check.is_some_and(|t| now - t < INTERVAL) {
            return;
        }
        self.last_check = Some(now);
        if self.writing.as_ref().is_some_and(|h| !h.is_finished()) {
            return;
        }
        let Ok(text) = serde_json::to_string(&state()) else {
            return;
        };
        if text == self.last_written {
            return;
        }
        self.last_written = text.clone();
        let path = self.path.clone();
        self.writing = Some(std::thread::spawn(move || {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            // A failed autosave must not disturb the work; the next tick tries again.
            let _ = atlas_data::atomic_write::write_atomic(&path, text.as_bytes());
        }));
    }

    /// Waits for a write under way (tests; on exit).
    pub fn flush(&mut self) {
        if let Some(h) = self.writing.take() {
            let _ = h.join();
        }
    }
}
