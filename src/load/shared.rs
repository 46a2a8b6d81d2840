//! Two loads that share a file: `sitrep diff` of two data directories reads
//! both at once, and a revision usually leaves its largest file,
//! `casualty_estimates.csv`, as it was. When that file and `sources.csv`
//! (the only file its rows refer to, besides the incidents) hold the same
//! bytes in both directories, one load reads the estimates and hands a copy
//! to the other, which checks them against its own incidents only.
//!
//! The outcome is exactly that of reading the file: the estimates checked
//! the same way against the same sources are the same, and should any of
//! them not resolve against the other side's incidents, the file is read
//! after all, so that every problem is reported where it is written.

use std::path::Path;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

use super::casualties::{self, Unresolved};
use super::records::CasualtyEstimate;
use super::References;

/// Estimates one load hands to the other, shared rather than copied:
/// `None` when its file has a problem (the other then reads the file
/// itself, to report it).
type Handed = Option<Arc<Vec<CasualtyEstimate>>>;

/// Where a load takes its casualty estimates from.
pub enum Estimates {
    /// Its own file.
    Read,
    /// Its own file, handing a copy of what it holds to the other load.
    ReadAndHand(Sender<Handed>),
    /// What the other load read from a file with the same bytes.
    Take(Receiver<Handed>),
}

/// How the loads of `old` and `new` (data directories) take their
/// estimates: shared when the files they rest on hold the same bytes.
pub fn estimates_of(old: &Path, new: &Path) -> (Estimates, Estimates) {
    let same = |name: &str| same_bytes(&old.join(name), &new.join(name));
    if same("casualty_estimates.csv") && same("sources.csv") {
        let (hand, take) = channel();
        (Estimates::ReadAndHand(hand), Estimates::Take(take))
    } else {
        (Estimates::Read, Estimates::Read)
    }
}

impl Estimates {
    /// The estimates of `path`, their incidents not yet checked.
    pub(super) fn read<'r>(self, path: &Path, refs: &References<'r>) -> Unresolved<'r> {
        match self {
            Estimates::Read => casualties::read(path, refs),
            Estimates::ReadAndHand(hand) => {
                let read = casualties::read(path, refs);
                // The other load reads the file itself if it is gone.
                let _ = hand.send(read.valid_estimates());
                read
            }
            Estimates::Take(take) => match take.recv() {
                Ok(Some(estimates)) => Unresolved::handed(path, estimates),
                _ => casualties::read(path, refs),
            },
        }
    }
}

/// Whether two files exist and hold the same bytes; mapped, so comparing
/// two hundred-megabyte files costs a few tens of milliseconds.
fn same_bytes(a: &Path, b: &Path) -> bool {
    let map = |path: &Path| {
        let file = std::fs::File::open(path).ok()?;
        // SAFETY: read-only, and only compared: a file changed meanwhile
        // gives a wrong answer at worst, never undefined contents the
        // loader relies on (it reads the file through its own mapping).
        unsafe { memmap2::Mmap::map(&file) }.ok()
    };
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    if ma.len() != mb.len() {
        return false;
    }
    match (map(a), map(b)) {
        (Some(a), Some(b)) => a[..] == b[..],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::testing::bundled_dir;
    use crate::load::{load_dataset, load_dataset_sharing, Dataset};
    use crate::problem::Problems;

    /// Two copies of the bundled data, the second edited by `edit`.
    fn two_copies(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, tempfile::TempDir) {
        let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        for dir in [dirs.0.path(), dirs.1.path()] {
            for entry in std::fs::read_dir(bundled_dir()).unwrap().flatten() {
                if entry.path().is_file() {
                    std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
                }
            }
        }
        edit(dirs.1.path());
        dirs
    }

    /// Both loaded at once, sharing what they can.
    fn load_both(a: &Path, b: &Path) -> [Result<Dataset, Problems>; 2] {
        let (first, second) = estimates_of(a, b);
        assert!(matches!(first, Estimates::ReadAndHand(_)), "shared");
        std::thread::scope(|scope| {
            let old = scope.spawn(|| load_dataset_sharing(a, first));
            let new = load_dataset_sharing(b, second);
            [old.join().unwrap(), new]
        })
    }

    #[test]
    fn a_shared_file_loads_as_if_each_load_read_it() {
        let (a, b) = two_copies(|dir| {
            let counts = dir.join("counts.csv");
            let text = std::fs::read_to_string(&counts).unwrap();
            std::fs::write(counts, text.replacen(",exact,", ",about,", 1)).unwrap();
        });
        let [old, new] = load_both(a.path(), b.path());
        let (old, new) = (old.unwrap(), new.unwrap());
        assert_eq!(
            old.casualty_estimates,
            load_dataset(a.path()).unwrap().casualty_estimates
        );
        assert_eq!(new.casualty_estimates, old.casualty_estimates);
        assert!(
            Arc::ptr_eq(&new.casualty_estimates, &old.casualty_estimates),
            "shared, not copied"
        );
        assert_ne!(new.counts, old.counts);
    }

    #[test]
    fn an_estimate_whose_incident_is_gone_is_reported_where_it_is_written() {
        // The second side drops the incident the first estimate is about.
        let (a, b) = two_copies(|dir| {
            let estimates = std::fs::read_to_string(dir.join("casualty_estimates.csv")).unwrap();
            let first = estimates.lines().nth(1).unwrap();
            let incident = first.split(',').nth(1).unwrap().to_string();
            let path = dir.join("incidents.csv");
            let text = std::fs::read_to_string(&path).unwrap();
            let kept: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with(&format!("{incident},")))
                .collect();
            std::fs::write(path, kept.join("\n") + "\n").unwrap();
        });
        let [old, new] = load_both(a.path(), b.path());
        assert!(old.is_ok());
        let problems = new.unwrap_err();
        assert_eq!(problems, load_dataset(b.path()).unwrap_err());
        assert!(
            problems.to_string().contains("casualty_estimates.csv:2:"),
            "{problems}"
        );
    }

    #[test]
    fn files_are_shared_only_when_both_hold_the_same_bytes() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let write =
            |dir: &Path, name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        for dir in [a.path(), b.path()] {
            write(dir, "casualty_estimates.csv", "id\nx\n");
            write(dir, "sources.csv", "id\ns\n");
        }
        let shared = |a: &Path, b: &Path| {
            matches!(
                estimates_of(a, b),
                (Estimates::ReadAndHand(_), Estimates::Take(_))
            )
        };
        assert!(shared(a.path(), b.path()));
        write(b.path(), "sources.csv", "id\nt\n");
        assert!(!shared(a.path(), b.path()), "a source changed");
        write(b.path(), "sources.csv", "id\ns\n");
        write(b.path(), "casualty_estimates.csv", "id\nx\ny\n");
        assert!(!shared(a.path(), b.path()), "an estimate added");
        std::fs::remove_file(b.path().join("casualty_estimates.csv")).unwrap();
        assert!(!shared(a.path(), b.path()), "a file missing");
    }
}
