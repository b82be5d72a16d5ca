//! The start-up clock behind `ARRIVAL_ATLAS_TIMINGS=1`: how long the window took from its start
//! to the loaded data and to the first coloured map drawn, said once each on stderr — the
//! measure of issue 25's "first map at 100 k" (docs/performance.md). Off, it costs a load of
//! one atomic a frame.

use atlas_session::Session;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};
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

/// Called at the end of every frame, with the session as the frame left it.
pub fn frame_ended(session: &Session) {
    if START.get().is_none() || STATE.load(Ordering::Relaxed) >= 2 {
        return;
    }
    let Some(ws) = &session.workspace else { return };
    if STATE.load(Ordering::Relaxed) == 0 {
        STATE.store(1, Ordering::Relaxed);
        say("data loaded, geometry built");
    }
    if ws.geometry.is_some() && ws.is_coloured() {
        STATE.store(2, Ordering::Relaxed);
    }
}

/// Called by the map's painter once it has drawn a frame: the first coloured one is waited
/// for (`finish`, so that the time includes the drawing, not only its commands) and said.
pub fn map_painted(finish: impl FnOnce()) {
    if STATE.load(Ordering::Relaxed) == 2 {
        finish();
        STATE.store(3, Ordering::Relaxed);
        say("first coloured map drawn");
    }
}

fn say(what: &str) {
    if let Some(t) = START.get() {
        eprintln!("timings: {what} after {:.3} s", t.elapsed().as_secs_f64());
    }
}
