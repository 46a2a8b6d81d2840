//! `sitrep watch`: the report rebuilt on every saved change.
//!
//! This module owns the session, not the build. The command line hands it a
//! [`Project`] that builds exactly as `sitrep build` does (with one
//! typesetter kept for the whole session, so Typst's fonts, library and
//! memoized layout stay warm) and says which files and folders that build
//! read. The loop then:
//!
//! - waits for file events from [`notify`], debounced by
//!   `notify-debouncer-full` (an editor's save through a temporary file and a
//!   rename arrives as one change of the file saved), and gathers a burst of
//!   them into one rebuild ([`Session::run`]);
//! - keeps only the events that concern an input and were not already read
//!   by the last rebuild ([`changes`]): never the output folder, never
//!   editors' scratch files;
//! - keeps its watches on folders that were removed and recreated or
//!   replaced underneath it, as a `git checkout` does ([`points`]);
//! - rebuilds and prints one line: what changed, the time taken, the pages
//!   written, or the located problems ([`report`]).
//!
//! Ctrl-C or SIGTERM ends the session between two rebuilds ([`stop`]); a
//! build always runs to its end, and it writes its folder in one atomic swap,
//! so nothing is ever left half-written and an invalid edit never replaces
//! the last good report.

mod changes;
mod points;
mod report;
mod stop;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify_debouncer_full::{DebounceEventResult, DebouncedEvent};

use crate::output::folder::Written;
use changes::Changes;
use points::Points;
use report::Console;

/// How long an event waits before it is handed on: long enough for an
/// editor to write a temporary file and rename it over the one saved (a
/// matter of microseconds), short enough not to be felt, since it is part
/// of every save's wait for the new PDF.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often the debouncer hands on the events that have waited.
const TICK: Duration = Duration::from_millis(3);

/// How long to wait after a batch for the next one of the same burst: a
/// checkout rewriting many files hands them on over several ticks, and
/// they make one rebuild, not a rebuild of each half-written state.
const SETTLE: Duration = Duration::from_millis(4);

/// The longest a burst is gathered before rebuilding anyway.
const BURST: Duration = Duration::from_secs(1);

/// How many rebuilds an unused memoized result of Typst survives: enough to
/// keep everything a one-row edit reuses, few enough that a long session's
/// memory stays bounded (as `typst watch` does).
const TYPST_CACHE_AGE: usize = 10;

/// What the watcher rebuilds: the command line's build, kept for the session.
pub trait Project {
    /// Builds once, from the files as they are now.
    fn rebuild(&mut self) -> Rebuild;
}

/// One build: what it read, and how it went.
#[derive(Debug)]
pub struct Rebuild {
    /// The inputs the build read; `None` when it failed before it could tell
    /// (a bad `sitrep.toml`), so the last inputs stay watched.
    pub inputs: Option<Inputs>,
    pub outcome: Outcome,
}

/// How a build went.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The outputs were written (atomically, the folder swapped in whole).
    Written(Vec<Written>),
    /// The output folder already held the outputs of these inputs.
    UpToDate,
    /// Nothing was written: the located problems, as `check` prints them.
    Failed(String),
}

/// What a build read, and so what is watched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// The files and folders whose changes call for a rebuild.
    pub read: Vec<Input>,
    /// The folder builds write into: changes under it are the build's own.
    pub out: PathBuf,
}

/// One file or folder a build read, by its absolute path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub kind: InputKind,
}

/// What of an input counts as a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A data folder: its CSV and TOML files and its folders, at any depth.
    Data,
    /// A folder all of whose files count (templates).
    Folder,
    /// One file (the settings, the logo).
    File,
}

impl Inputs {
    /// No inputs yet; builds write into `out`.
    pub fn new(out: &Path) -> Inputs {
        Inputs {
            read: Vec::new(),
            out: absolute(out),
        }
    }

    /// Adds `path` (relative to the working directory, or absolute).
    pub fn with(mut self, kind: InputKind, path: &Path) -> Inputs {
        self.read.push(Input {
            path: absolute(path),
            kind,
        });
        self
    }
}

/// `path` made absolute against the working directory, as notify reports
/// the paths of events under a folder watched by its absolute path.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Why the session could not watch.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("error: cannot watch for changes: {0}")]
    Watcher(#[from] notify_debouncer_full::notify::Error),
    #[error("error: cannot handle Ctrl-C: {0}")]
    Signals(#[from] ctrlc::Error),
}

/// What wakes the session up.
enum Wake {
    Events(Vec<DebouncedEvent>),
    Errors(Vec<notify_debouncer_full::notify::Error>),
    Stop,
}

/// A watch session: the channel every wake-up arrives on.
pub struct Session {
    sender: Sender<Wake>,
    receiver: Receiver<Wake>,
    /// Set once a stop has been asked for.
    stopping: bool,
    console: Console,
}

impl Session {
    /// Starts a session: from now on Ctrl-C and SIGTERM end it at the end
    /// of the build under way (or at once, between builds). Call it before
    /// the first build, so that no signal can cut that one short either.
    pub fn start() -> Result<Session, WatchError> {
        let session = Session::new(Console::terminal());
        stop::on_signals(session.sender.clone())?;
        Ok(session)
    }

    /// A session saying what it does on `console`, stopped only by a
    /// [`Wake::Stop`] sent to it.
    fn new(console: Console) -> Session {
        let (sender, receiver) = std::sync::mpsc::channel();
        Session {
            sender,
            receiver,
            stopping: false,
            console,
        }
    }

    /// Watches `inputs` (what the plan of the first build says it will
    /// read), builds `project`, then rebuilds it on every change of its
    /// inputs until stopped. The watches are armed before the first build
    /// reads anything, so no change can fall between the two.
    pub fn run(mut self, project: &mut impl Project, inputs: Inputs) -> Result<(), WatchError> {
        let mut points = Points::new(self.debouncer()?, &inputs);
        let mut watched = inputs;
        let mut changes: Option<Changes> = None;
        loop {
            let read = Instant::now();
            let rebuild = project.rebuild();
            if let Some(now) = rebuild.inputs.filter(|now| *now != watched) {
                points.aim(&now);
                watched = now;
            }
            let took = read.elapsed();
            match &changes {
                Some(changes) => self.console.rebuilt(changes, &rebuild.outcome, took),
                None => {
                    self.console.first(&rebuild.outcome, took);
                    self.console.watching(&watched);
                }
            }
            typst::comemo::evict(TYPST_CACHE_AGE);
            changes = match self.next_changes(&watched, &mut points, read) {
                Some(next) => Some(next),
                None => break,
            };
        }
        self.console.stopped();
        Ok(())
    }

    /// A debouncer handing its batches to this session.
    fn debouncer(&self) -> Result<points::Debouncer, WatchError> {
        let sender = self.sender.clone();
        let handler = move |result: DebounceEventResult| {
            let wake = match result {
                Ok(events) => Wake::Events(events),
                Err(errors) => Wake::Errors(errors),
            };
            let _ = sender.send(wake);
        };
        Ok(notify_debouncer_full::new_debouncer(
            DEBOUNCE,
            Some(TICK),
            handler,
        )?)
    }

    /// Waits for the next burst of changes to `inputs` made after
    /// `last_read` (when the last build began reading), keeping the watches
    /// of `points` armed on the way; `None` once a stop is asked for.
    fn next_changes(
        &mut self,
        inputs: &Inputs,
        points: &mut Points,
        last_read: Instant,
    ) -> Option<Changes> {
        let mut changes = Changes::default();
        let mut burst: Option<Instant> = None;
        loop {
            if self.stopping {
                return None;
            }
            let wait = match burst {
                None => Duration::MAX,
                Some(start) if start.elapsed() < BURST => SETTLE,
                Some(_) => return Some(changes),
            };
            match self.receive(wait) {
                Some(Wake::Events(events)) => {
                    points.rearm(&changes::named(&events));
                    if changes.add(&events, inputs, last_read) {
                        burst.get_or_insert_with(Instant::now);
                    }
                }
                Some(Wake::Errors(errors)) => self.console.watch_errors(&errors),
                Some(Wake::Stop) => self.stopping = true,
                None if changes.is_empty() => continue,
                None => return Some(changes),
            }
        }
    }

    /// The next wake-up, or `None` when `wait` passes without one.
    fn receive(&self, wait: Duration) -> Option<Wake> {
        match self.receiver.recv_timeout(wait) {
            Ok(wake) => Some(wake),
            Err(RecvTimeoutError::Timeout) => None,
            // Never: the session holds a sender itself.
            Err(RecvTimeoutError::Disconnected) => Some(Wake::Stop),
        }
    }
}

#[cfg(test)]
mod tests;
