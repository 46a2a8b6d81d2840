//! Stage timings for profiling: with `SITREP_TIMINGS` set, each stage of a
//! command prints how long it took to stderr. Outputs are never affected.

use std::cell::Cell;
use std::time::Instant;

/// Times consecutive stages: each [`Stopwatch::lap`] reports the time since
/// the previous one (or since [`Stopwatch::start`]).
pub struct Stopwatch {
    last: Cell<Instant>,
    on: bool,
}

impl Stopwatch {
    pub fn start() -> Stopwatch {
        Stopwatch {
            last: Cell::new(Instant::now()),
            on: std::env::var_os("SITREP_TIMINGS").is_some(),
        }
    }

    /// Prints `timing: {stage} {seconds} s` when timings are on.
    pub fn lap(&self, stage: &str) {
        if self.on {
            eprintln!(
                "timing: {stage} {:.3} s",
                self.last.get().elapsed().as_secs_f64()
            );
        }
        self.last.set(Instant::now());
    }
}
