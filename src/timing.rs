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

    /// Prints `timing: {stage} {seconds} s (now {MiB} MiB, peak {MiB} MiB)`
    /// when timings are on: the time since the last lap, the resident
    /// memory now and its peak so far.
    pub fn lap(&self, stage: &str) {
        if self.on {
            let mib = |key| resident_mib(key).map_or("?".to_string(), |m| m.to_string());
            eprintln!(
                "timing: {stage} {:.3} s (now {} MiB, peak {} MiB)",
                self.last.get().elapsed().as_secs_f64(),
                mib("VmRSS:"),
                mib("VmHWM:")
            );
        }
        self.last.set(Instant::now());
    }
}

/// The process's resident memory now (`VmRSS:`) or at its peak so far
/// (`VmHWM:`), Linux only.
fn resident_mib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
