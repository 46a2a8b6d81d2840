//! What the session says: one line per build, on standard output when it
//! wrote or had nothing to write, on standard error with the located
//! problems (as `sitrep check` prints them) when it failed.
//!
//! ```text
//! built reports/latest in 1.84 s: report.pdf 24 pages, briefing.pdf 2 pages, 8 more files
//! watching data, sitrep.toml (outputs in reports are ignored); Ctrl-C stops
//! data/counts.csv changed: rebuilt reports/latest in 46 ms: report.pdf 24 pages, briefing.pdf 2 pages, 8 more files
//! data/counts.csv changed: not rebuilt (9 ms), the last good report stays:
//! error: data/counts.csv:4:61: best: expected a number such as 2000 or 15.5, found "x"
//! 1 problem found; nothing was written
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::changes::Changes;
use super::{Inputs, Outcome};
use crate::compute::format::plural;
use crate::output::folder::Written;

/// Where a line goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// What hands a line to its stream.
type Say = Box<dyn FnMut(Stream, &str) + Send>;

/// Where the session's lines go: the terminal, or (in tests) a list.
pub struct Console {
    say: Say,
    /// Paths are shown relative to this folder when they lie under it.
    cwd: PathBuf,
}

impl Console {
    /// Standard output and standard error, each line flushed as written.
    pub fn terminal() -> Console {
        Console::new(|stream, text| match stream {
            Stream::Out => println!("{text}"),
            Stream::Err => eprintln!("{text}"),
        })
    }

    /// A console handing every line to `say`.
    pub fn new(say: impl FnMut(Stream, &str) + Send + 'static) -> Console {
        Console {
            say: Box::new(say),
            cwd: std::env::current_dir().unwrap_or_default(),
        }
    }

    fn say(&mut self, stream: Stream, text: &str) {
        (self.say)(stream, text)
    }

    fn show(&self, path: &Path) -> String {
        path.strip_prefix(&self.cwd)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// The first build, before watching starts.
    pub fn first(&mut self, outcome: &Outcome, took: Duration) {
        let line = match outcome {
            Outcome::Written(written) => format!(
                "built {} in {}: {}",
                self.folder(written),
                seconds(took),
                files(written)
            ),
            Outcome::UpToDate => format!("up to date ({}): no input changed", seconds(took)),
            Outcome::Failed(problems) => {
                let line = format!("not built ({}); fix these and save:", seconds(took));
                return self.say(Stream::Err, &format!("{line}\n{problems}"));
            }
        };
        self.say(Stream::Out, &line)
    }

    /// What is watched, once the first build is done.
    pub fn watching(&mut self, inputs: &Inputs) {
        let read: Vec<String> = inputs.read.iter().map(|i| self.show(&i.path)).collect();
        let line = format!(
            "watching {} (changes in {} are ignored); Ctrl-C stops",
            read.join(", "),
            self.show(&inputs.out)
        );
        self.say(Stream::Out, &line)
    }

    /// One rebuild: what changed, how it went and how long it took.
    pub fn rebuilt(&mut self, changes: &Changes, outcome: &Outcome, took: Duration) {
        let what = changes.describe(&self.cwd);
        let line = match outcome {
            Outcome::Written(written) => format!(
                "{what}: rebuilt {} in {}: {}",
                self.folder(written),
                seconds(took),
                files(written)
            ),
            Outcome::UpToDate => format!(
                "{what}: up to date in {} (the outputs already are those of these inputs)",
                seconds(took)
            ),
            Outcome::Failed(problems) => {
                let line = format!(
                    "{what}: not rebuilt ({}), the last good report stays:",
                    seconds(took)
                );
                return self.say(Stream::Err, &format!("{line}\n{problems}"));
            }
        };
        self.say(Stream::Out, &line)
    }

    /// Errors of the file watcher itself (a watch limit reached, …).
    pub fn watch_errors(&mut self, errors: &[notify_debouncer_full::notify::Error]) {
        for error in errors {
            self.say(
                Stream::Err,
                &format!("warning: watching for changes: {error}"),
            );
        }
    }

    pub fn stopped(&mut self) {
        self.say(
            Stream::Out,
            "stopped watching; nothing was left half-written",
        )
    }

    /// The folder the files were written into: the one holding the others.
    fn folder(&self, written: &[Written]) -> String {
        let folder = written
            .iter()
            .filter_map(|w| w.path.parent())
            .min_by_key(|p| p.components().count());
        folder.map(|f| self.show(f)).unwrap_or_default()
    }
}

/// "report.pdf 24 pages, briefing.pdf 2 pages, 8 more files": the documents
/// with their pages, then a count of the rest.
fn files(written: &[Written]) -> String {
    let documents = written.iter().filter_map(|w| {
        let pages = w.pages?;
        let name = w.path.file_name()?.to_string_lossy();
        Some(format!("{name} {}", plural(pages as u64, "page", "pages")))
    });
    let mut parts: Vec<String> = documents.collect();
    let rest = written.len() - parts.len();
    if rest > 0 {
        let more = if parts.is_empty() { "" } else { "more " };
        parts.push(plural(
            rest as u64,
            &format!("{more}file"),
            &format!("{more}files"),
        ));
    }
    parts.join(", ")
}

/// "46 ms" under a second, "1.84 s" from there.
fn seconds(took: Duration) -> String {
    match took.as_millis() {
        ms if ms < 1000 => format!("{ms} ms"),
        _ => format!("{:.2} s", took.as_secs_f64()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(path: &str, pages: Option<usize>) -> Written {
        Written {
            path: PathBuf::from(path),
            bytes: 1,
            pages,
        }
    }

    #[test]
    fn documents_are_named_with_their_pages_and_the_rest_counted() {
        let all = [
            written("r/latest/briefing.pdf", Some(2)),
            written("r/latest/charts/a.svg", None),
            written("r/latest/metrics.json", None),
            written("r/latest/report.pdf", Some(1)),
        ];
        assert_eq!(
            files(&all),
            "briefing.pdf 2 pages, report.pdf 1 page, 2 more files"
        );
        assert_eq!(files(&all[1..3]), "2 files");
        let console = Console::new(|_, _| {});
        assert_eq!(console.folder(&all), "r/latest");
    }

    #[test]
    fn times_read_in_milliseconds_then_seconds() {
        assert_eq!(seconds(Duration::from_micros(46_400)), "46 ms");
        assert_eq!(seconds(Duration::from_millis(1840)), "1.84 s");
    }
}
