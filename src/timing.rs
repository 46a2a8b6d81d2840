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

    /// Prints `timing: {stage} {seconds} s (peak {MiB} MiB)` when timings
    /// are on: the time since the last lap and the peak memory so far.
    pub fn lap(&self, stage: &str) {
        if self.on {
            eprintln!(
                "timing: {stage} {:.3} s (peak {} MiB)",
                self.last.get().elapsed().as_secs_f64(),
                peak_mib().map_or("?".to_string(), |m| m.to_string())
            );
        }
        self.last.set(Instant::now());
    }
}

/// The process's peak resident memory so far (`VmHWM`, Linux only).
fn peak_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
