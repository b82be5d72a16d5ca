//! The start-up clock behind `ARRIVAL_ATLAS_TIMINGS=1`: how long the window took from its start
//! to the loaded data and to the first coloured map drawn, said once each on stderr — the
//! measure of issue 25's "first map at 100 k" (docs/performance.md) — and then, for every
//! change of the shown year, how long from the start of the frame that took it to the map
//! drawn in it. Off, it costs a check of one `OnceLock` at each call.

use atlas_session::Session;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// The process's start (taken before the window opens), when the clock is on.
static START: OnceLock<Instant> = OnceLock::new();
/// 0: waiting for data, 1: data loaded, 2: the first coloured map is being painted, 3: said.
static STATE: AtomicU8 = AtomicU8::new(0);

/// Starts the clock if `ARRIVAL_ATLAS_TIMINGS` is set (and not "0").
pub fn start() {
    if std::env::var_os("ARRIVAL_ATLAS_TIMINGS").is_some_and(|v| v != "0") {
        let _ = START.set(Instant::now());
    }
}

/// The shown year as the last frame left it (`usize::MAX`: none yet).
static YEAR: AtomicUsize = AtomicUsize::new(usize::MAX);
/// The start of the running frame, and of a frame whose year step waits to be painted.
static FRAME: Mutex<Option<Instant>> = Mutex::new(None);
static STEP: Mutex<Option<Instant>> = Mutex::new(None);

/// Called when the window and its GL context exist (the app's state is built next).
pub fn window_created() {
    say("window created");
}

/// Called at the start of every frame.
pub fn frame_started() {
    if START.get().is_some()
        && let Ok(mut f) = FRAME.lock()
    {
        *f = Some(Instant::now());
    }
}

/// Called at the end of every frame, with the session as the frame left it.
pub fn frame_ended(session: &Session) {
    if START.get().is_none() {
        return;
    }
    if STATE.load(Ordering::Relaxed) >= 2 {
        year_step(session);
        return;
    }
    let Some(ws) = &session.workspace else { return };
    if STATE.load(Ordering::Relaxed) == 0 {
        STATE.store(1, Ordering::Relaxed);
        say("data loaded, geometry built");
    }
    if ws.geometry.is_some() && ws.is_coloured() {
        STATE.store(2, Ordering::Relaxed);
        YEAR.store(ws.year.get(), Ordering::Relaxed);
    }
}

/// A frame that changed the shown year: its start is kept until the map has painted it.
fn year_step(session: &Session) {
    let Some(ws) = &session.workspace else { return };
    let year = ws.year.get();
    if YEAR.swap(year, Ordering::Relaxed) != year
        && let (Ok(f), Ok(mut step)) = (FRAME.lock(), STEP.lock())
    {
        *step = *f;
    }
}

/// Called by the map's painter once it has drawn a frame: the first coloured one is waited
/// for (`finish`, so that the time includes the drawing, not only its commands) and said.
pub fn map_painted(finish: impl FnOnce()) {
    if START.get().is_none() {
        return;
    }
    if STATE.load(Ordering::Relaxed) == 2 {
        finish();
        STATE.store(3, Ordering::Relaxed);
        say("first coloured map drawn");
        return;
    }
    if let Some(t) = STEP.lock().ok().and_then(|mut s| s.take()) {
        finish();
        eprintln!(
            "timings: year step drawn {:.0} ms after its frame began",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}

fn say(what: &str) {
    if let Some(t) = START.get() {
        eprintln!("timings: {what} after {:.3} s", t.elapsed().as_secs_f64());
    }
}
