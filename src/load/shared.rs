//! Two loads that share a file: `sitrep diff` of two data directories reads
//! both at once, and a revision usually leaves its two large files as they
//! were, or adds rows at the end of one.
//!
//! - When `casualty_estimates.csv` and `sources.csv` (the only file its rows
//!   refer to, besides the incidents) hold the same bytes in both
//!   directories, one load reads the estimates and shares them with the
//!   other, which checks them against its own incidents only.
//! - When the files the incidents refer to (sources, groups, places, attack
//!   types) hold the same bytes in both, and the new `incidents.csv` holds
//!   the old one's bytes, whole lines, and perhaps more lines after them,
//!   one load reads the incidents and shares them with the other. When the
//!   new file goes on, the old load reads into a vector with room for the
//!   new rows and hands it over; the new load reads only the rows after
//!   the old bytes into it and hands it back. Each then holds its part of
//!   one vector ([`Records`]): no incident is read or held twice.
//!
//! The outcome is exactly that of reading the files: the same bytes checked
//! the same way against the same files give the same records (a property
//! test in `tests/loader_props.rs` holds the shared read of added rows to
//! the whole read). Only a file read without a problem is shared; should a
//! shared estimate not resolve against the other side's incidents, the
//! file is read after all, so that every problem is reported where it is
//! written.

use std::path::Path;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

use super::casualties::{self, Unresolved};
use super::records::{CasualtyEstimate, Incident, Records};
use super::{load_incidents, Continued, References};
use crate::problem::Problems;
use crate::validate::Listed;

/// What one of two loads at once takes from the other, file by file.
pub struct Share {
    pub(super) incidents: Incidents,
    pub(super) estimates: Estimates,
}

impl Share {
    /// Nothing shared: every file read.
    pub fn nothing() -> Share {
        Share {
            incidents: Incidents::Read,
            estimates: Estimates::Read,
        }
    }
}

/// How the loads of `old` and `new` (data directories) share their files.
pub fn shares_of(old: &Path, new: &Path) -> (Share, Share) {
    let (old_incidents, new_incidents) = incidents_of(old, new);
    let (old_estimates, new_estimates) = estimates_of(old, new);
    (
        Share {
            incidents: old_incidents,
            estimates: old_estimates,
        },
        Share {
            incidents: new_incidents,
            estimates: new_estimates,
        },
    )
}

/// What one load hands to the other of the incidents it read (`None` when
/// its file has a problem), with the ids their file lists.
pub(super) enum Handed {
    /// The incidents of a file with the same bytes.
    Same(Records<Incident>, Arc<Listed>),
    /// The vector holding the incidents of the lines the other's file begins
    /// with, with room for its rows after them: sent back holding them all,
    /// so that both loads share one vector and no incident is copied.
    ToGoOn(Vec<Incident>, Arc<Listed>, Sender<Records<Incident>>),
}

/// Where a load takes its incidents from.
pub(super) enum Incidents {
    /// Its own file.
    Read,
    /// Its own file, sharing what it holds with the other load: `Some(rows)`
    /// when the other's file goes on after its bytes, in at most `rows` rows
    /// in all.
    ReadAndHand(Sender<Option<Handed>>, Option<usize>),
    /// What the other load read from a file its own begins with: `None`
    /// when the two hold the same bytes, else the byte its own rows go on
    /// from.
    Take(Receiver<Option<Handed>>, Option<usize>),
}

/// How the loads of `old` and `new` take their incidents.
fn incidents_of(old: &Path, new: &Path) -> (Incidents, Incidents) {
    let refers_to = [
        "sources.csv",
        "groups.csv",
        "places.csv",
        "attack_types.csv",
    ];
    let refer_to_the_same = refers_to
        .iter()
        .all(|n| same_bytes(&old.join(n), &new.join(n)));
    let goes_on = || rows_after(&old.join("incidents.csv"), &new.join("incidents.csv"));
    let Some(goes_on) = refer_to_the_same.then(goes_on).flatten() else {
        return (Incidents::Read, Incidents::Read);
    };
    let (hand, take) = channel();
    let (from, rows) = (goes_on.map(|g| g.0), goes_on.map(|g| g.1));
    (
        Incidents::ReadAndHand(hand, rows),
        Incidents::Take(take, from),
    )
}

/// Incidents read, with the ids their file lists.
type Read = (Records<Incident>, Arc<Listed>);

impl Incidents {
    /// The incidents of `path` and the ids it lists; its problems go to `p`.
    pub(super) fn read(self, path: &Path, refs: &References, p: &mut Problems) -> Read {
        match self {
            Incidents::Read => read_incidents(path, refs, p, Continued::default()),
            Incidents::ReadAndHand(hand, rows) => hand_over(path, refs, p, (hand, rows)),
            Incidents::Take(take, from) => match (take.recv(), from) {
                (Ok(Some(Handed::Same(incidents, listed))), _) => (incidents, listed),
                (Ok(Some(Handed::ToGoOn(incidents, listed, back))), Some(byte)) => {
                    let start = Continued::after(incidents, &listed, byte);
                    let read = read_incidents(path, refs, p, start);
                    let _ = back.send(read.0.clone());
                    read
                }
                _ => read_incidents(path, refs, p, Continued::default()),
            },
        }
    }
}

/// The incidents of `path` read after `start`, and the ids it lists.
fn read_incidents(path: &Path, refs: &References, p: &mut Problems, start: Continued) -> Read {
    let (incidents, listed) = load_incidents(path, refs, p, start);
    (Records::new(incidents), Arc::new(listed))
}

/// Reads the incidents of `path` and hands them to the other load; when its
/// file goes on after this one's (in at most `rows` rows), takes back the
/// vector holding both files' and reads the first of them.
fn hand_over(
    path: &Path,
    refs: &References,
    p: &mut Problems,
    (hand, rows): (Sender<Option<Handed>>, Option<usize>),
) -> Read {
    let before = p.len();
    let (incidents, listed) = load_incidents(path, refs, p, Continued::with_room(rows));
    let listed = Arc::new(listed);
    let valid = p.len() == before && listed.is_complete();
    if !valid || rows.is_none() {
        let incidents = Records::new(incidents);
        let same = Handed::Same(incidents.clone(), Arc::clone(&listed));
        // The other load reads its file itself if it is gone.
        let _ = hand.send(valid.then_some(same));
        return (incidents, listed);
    }
    let (n, (back, returned)) = (incidents.len(), channel());
    let handed = Handed::ToGoOn(incidents, Arc::clone(&listed), back);
    if let Err(unsent) = hand.send(Some(handed)) {
        if let Some(Handed::ToGoOn(incidents, ..)) = unsent.0 {
            return (Records::new(incidents), listed);
        }
    }
    match returned.recv() {
        Ok(all) => (all.first(n), listed),
        // The other load ended without sending them back.
        Err(_) => read_incidents(path, refs, p, Continued::default()),
    }
}

/// UTF-8's byte-order mark.
const BYTE_ORDER_MARK: &[u8] = "\u{feff}".as_bytes();

/// Where the rows of `new` go on after those of `old`: `Some(None)` when
/// the two hold the same bytes, `Some(Some((byte, lines)))` when `new`
/// holds the bytes of `old`, which end a line, and more from `byte` on, in
/// `lines` lines in all; `None` otherwise.
fn rows_after(old: &Path, new: &Path) -> Option<Option<(usize, usize)>> {
    let (old, new) = (map(old)?, map(new)?);
    let begins = new.len() >= old.len() && new[..old.len()] == old[..];
    // The CSV reader takes a byte-order mark where it starts reading as the
    // file's own, and drops it: one there is read with the whole file, to
    // be reported as the stray character it is.
    let marked = begins && new[old.len()..].starts_with(BYTE_ORDER_MARK);
    if !begins || old.last() != Some(&b'\n') || marked {
        return None;
    }
    let lines = memchr::memchr_iter(b'\n', &new[..]).count() + 1;
    Some((new.len() > old.len()).then_some((old.len(), lines)))
}

/// Estimates one load hands to the other, shared rather than copied:
/// `None` when its file has a problem (the other then reads the file
/// itself, to report it).
type HandedEstimates = Option<Records<CasualtyEstimate>>;

/// Where a load takes its casualty estimates from.
pub(super) enum Estimates {
    /// Its own file.
    Read,
    /// Its own file, sharing what it holds with the other load.
    ReadAndHand(Sender<HandedEstimates>),
    /// What the other load read from a file with the same bytes.
    Take(Receiver<HandedEstimates>),
}

/// How the loads of `old` and `new` (data directories) take their
/// estimates: shared when the files they rest on hold the same bytes.
fn estimates_of(old: &Path, new: &Path) -> (Estimates, Estimates) {
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

/// The bytes of the file at `path`, mapped.
fn map(path: &Path) -> Option<memmap2::Mmap> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: read-only, and only compared: a file changed meanwhile gives a
    // wrong answer at worst, never undefined contents the loader relies on
    // (it reads the file through its own mapping, and checks it whole).
    unsafe { memmap2::Mmap::map(&file) }.ok()
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
        let (first, second) = shares_of(a, b);
        assert!(
            matches!(first.estimates, Estimates::ReadAndHand(_)),
            "shared"
        );
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
            new.casualty_estimates.shares_with(&old.casualty_estimates),
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

    /// `incidents.csv` of the second copy with `more` after its bytes.
    fn appended(more: &'static str) -> impl FnOnce(&Path) {
        move |dir| {
            let path = dir.join("incidents.csv");
            let mut text = std::fs::read_to_string(&path).unwrap();
            text.push_str(more);
            std::fs::write(path, text).unwrap();
        }
    }

    /// A row of the bundled `incidents.csv` under the id `id`.
    fn row_as(id: &str) -> String {
        let text = std::fs::read_to_string(bundled_dir().join("incidents.csv")).unwrap();
        let last = text.lines().last().unwrap();
        format!("{id},{}\n", last.split_once(',').unwrap().1)
    }

    /// Whether the second load takes incidents from the first.
    fn incidents_taken(a: &Path, b: &Path) -> Option<Option<usize>> {
        match shares_of(a, b).1.incidents {
            Incidents::Take(_, more) => Some(more),
            _ => None,
        }
    }

    #[test]
    fn incidents_with_the_same_bytes_are_shared() {
        let (a, b) = two_copies(|_| {});
        assert_eq!(incidents_taken(a.path(), b.path()), Some(None));
        let [old, new] = load_both(a.path(), b.path());
        let (old, new) = (old.unwrap(), new.unwrap());
        assert!(old.incidents.shares_with(&new.incidents));
        assert_eq!(old.incidents.len(), new.incidents.len());
        assert_eq!(new.incidents, load_dataset(b.path()).unwrap().incidents);
    }

    #[test]
    fn rows_added_at_the_end_are_read_after_the_shared_ones() {
        let more = Box::leak(format!("{}{}", row_as("zz-one"), row_as("aa-two")).into_boxed_str());
        let (a, b) = two_copies(appended(more));
        let old_len = std::fs::metadata(a.path().join("incidents.csv"))
            .unwrap()
            .len();
        assert_eq!(
            incidents_taken(a.path(), b.path()),
            Some(Some(old_len as usize))
        );
        let [old, new] = load_both(a.path(), b.path());
        let alone = load_dataset(b.path()).unwrap();
        let (old, new) = (old.unwrap(), new.unwrap());
        assert_eq!(new.incidents, alone.incidents);
        assert_eq!(old.incidents, load_dataset(a.path()).unwrap().incidents);
        assert!(old.incidents.shares_with(&new.incidents), "one vector");
        let ids: Vec<&str> = new
            .incidents
            .iter()
            .rev()
            .take(2)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(ids, ["aa-two", "zz-one"]);
        assert_eq!(new.casualty_estimates, alone.casualty_estimates);
    }

    #[test]
    fn problems_in_rows_added_at_the_end_are_placed_as_in_the_whole_file() {
        // A repeated id (first used in the shared rows) and an unknown group.
        let first = std::fs::read_to_string(bundled_dir().join("incidents.csv")).unwrap();
        let first_id = first
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .to_string();
        let bad_group = row_as("new-one").replacen(",isk,", ",no-such-group,", 1);
        let more = Box::leak(format!("{}{bad_group}", row_as(&first_id)).into_boxed_str());
        let (a, b) = two_copies(appended(more));
        assert!(matches!(incidents_taken(a.path(), b.path()), Some(Some(_))));
        let [old, new] = load_both(a.path(), b.path());
        assert!(old.is_ok());
        let problems = new.unwrap_err();
        assert_eq!(problems, load_dataset(b.path()).unwrap_err());
        let text = problems.to_string();
        assert!(text.contains("incidents.csv:9:1: id:"), "{text}");
        assert!(text.contains("incidents.csv:10:"), "{text}");
    }

    #[test]
    fn excel_line_ends_and_mark_are_kept_when_rows_are_added() {
        let excel = |text: &str| format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let more =
            Box::leak(excel(&row_as("new-one").replacen(",isk,", ",nobody,", 1)).into_boxed_str());
        let (a, b) = two_copies(|_| {});
        for dir in [a.path(), b.path()] {
            let path = dir.join("incidents.csv");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(path, excel(&text)).unwrap();
        }
        appended(&more[3..])(b.path());
        assert!(matches!(incidents_taken(a.path(), b.path()), Some(Some(_))));
        let [_, new] = load_both(a.path(), b.path());
        let problems = new.unwrap_err();
        assert_eq!(problems, load_dataset(b.path()).unwrap_err());
        assert!(
            problems.to_string().contains("incidents.csv:9:"),
            "{problems}"
        );
    }

    #[test]
    fn incidents_are_read_whole_unless_the_new_file_goes_on_from_the_old() {
        let (a, b) = two_copies(|dir| {
            let path = dir.join("incidents.csv");
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(path, text.replacen(",y,", ",n,", 1)).unwrap();
        });
        assert_eq!(incidents_taken(a.path(), b.path()), None, "a row edited");
        let (a, b) = two_copies(|dir| {
            std::fs::write(dir.join("groups.csv"), "id,name,kind,parent,aliases,note\n").unwrap()
        });
        assert_eq!(
            incidents_taken(a.path(), b.path()),
            None,
            "a file they refer to"
        );
        let (a, b) = two_copies(|_| {});
        let path = a.path().join("incidents.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.trim_end()).unwrap();
        assert_eq!(
            incidents_taken(a.path(), b.path()),
            None,
            "no line end at the end"
        );
        let (a, b) = two_copies(appended("\u{feff}\n"));
        assert_eq!(
            incidents_taken(a.path(), b.path()),
            None,
            "a mark where rows go on"
        );
        let [_, new] = load_both(a.path(), b.path());
        assert_eq!(new.unwrap_err(), load_dataset(b.path()).unwrap_err());
    }
}
