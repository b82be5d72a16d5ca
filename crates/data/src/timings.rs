//! The load's phase clock behind `ARRIVAL_ATLAS_TIMINGS=1` (the variable the window's start-up
//! clock reads): each step of reading a data set — the table's survey, the boundaries'
//! parse, the join — said on stderr with the time since the process's first mark and since
//! the one before. What issue 25's profiles are read against; off, a mark costs a check of one
//! `OnceLock`.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// Whether the clock is on (read once), and the first and the last mark.
static ON: OnceLock<bool> = OnceLock::new();
static MARKS: Mutex<Option<(Instant, Instant)>> = Mutex::new(None);

fn on() -> bool {
    *ON.get_or_init(|| std::env::var_os("ARRIVAL_ATLAS_TIMINGS").is_some_and(|v| v != "0"))
}

/// Says that `step` is done (when the clock is on).
pub fn mark(step: &str) {
    if !on() {
        return;
    }
    let now = Instant::now();
    let Ok(mut marks) = MARKS.lock() else { return };
    let (first, last) = marks.get_or_insert((now, now));
    eprintln!(
        "[load] {step}: {:.3} s (+{:.3} s)",
        (now - *first).as_secs_f64(),
        (now - *last).as_secs_f64()
    );
    *last = now;
}
