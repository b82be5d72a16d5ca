//! The native file dialogs (rfd), each run on a worker thread so the window keeps drawing
//! while it is open. Without a dialog service (no xdg portal) they yield `None`; drag and drop
//! and the command line remain, and every load goes through a function taking a path.

use atlas_i18n::{Lang, T};
use atlas_session::FileKind;
use atlas_session::jobs::Job;
use std::path::PathBuf;

/// Opens a file dialog for `kind` on a worker thread; the job yields the chosen path, or
/// `None` when cancelled (or when no dialog service exists: then drag and drop and the command
/// line remain).
pub fn pick(kind: FileKind, lang: Lang, wake: impl Fn() + Send + 'static) -> Job<Option<PathBuf>> {
    let (title, filter, exts) = kind.dialog(lang);
    let all = lang.t(T::FilterAll);
    Job::spawn(
        move |_| {
            rfd::FileDialog::new()
                .set_title(title)
                .add_filter(filter, exts)
                .add_filter(all, &["*"])
                .pick_file()
        },
        wake,
    )
}

/// Asks where to save a map (PNG or SVG), on a worker thread.
pub fn pick_save_map(
    ext: &'static str,
    lang: Lang,
    wake: impl Fn() + Send + 'static,
) -> Job<Option<PathBuf>> {
    let title = lang.t(T::DialogExportMap);
    Job::spawn(
        move |_| {
            rfd::FileDialog::new()
                .set_title(title)
                .set_file_name(format!("map.{ext}"))
                .add_filter(ext.to_uppercase(), &[ext])
                .save_file()
        },
        wake,
    )
}

/// Asks where to save a file, on a worker thread.
pub fn pick_save(
    title: &'static str,
    file_name: &'static str,
    filter: &'static str,
    ext: &'static str,
    wake: impl Fn() + Send + 'static,
) -> Job<Option<PathBuf>> {
    Job::spawn(
        move |_| {
            rfd::FileDialog::new()
                .set_title(title)
                .set_file_name(file_name)
                .add_filter(filter, &[ext])
                .save_file()
        },
        wake,
    )
}
