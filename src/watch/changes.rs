//! Which file events call for a rebuild, and how the change is named.
//!
//! An event counts when it changes an input (a write, a creation, a
//! removal, a rename; never a read, which every build makes of every input)
//! and happened after the last build began reading: a save whose events the
//! debouncer hands on over two batches rebuilds once, since the build the
//! first batch started already read what the second one reports. Changes
//! under the output folder are the builds' own and never count, nor do the
//! scratch files editors and spreadsheets keep beside a file (`.~lock.…#`,
//! `~$counts.csv`, `counts.csv~`, `.counts.csv.swp`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::DebouncedEvent;

use super::{InputKind, Inputs};

/// The inputs changed in one burst of events.
#[derive(Debug, Default)]
pub struct Changes {
    paths: BTreeSet<PathBuf>,
    /// The system dropped events (its queue overflowed): anything may have changed.
    lost_track: bool,
}

/// How many changed paths a report names before counting the rest.
const NAMED: usize = 3;

impl Changes {
    /// Adds what `events` changed of `inputs` since `since`; says whether
    /// anything was added.
    pub fn add(&mut self, events: &[DebouncedEvent], inputs: &Inputs, since: Instant) -> bool {
        let before = (self.paths.len(), self.lost_track);
        for event in events.iter().filter(|e| e.time >= since) {
            if event.need_rescan() {
                self.lost_track = true;
            } else if is_change(&event.kind) {
                let changed = event.paths.iter().filter(|p| is_input(p, inputs));
                self.paths.extend(changed.cloned());
            }
        }
        before != (self.paths.len(), self.lost_track)
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.lost_track
    }

    /// "data/counts.csv changed", "data/a.csv, data/b.csv and 4 more
    /// changed": paths shown relative to `cwd` when they lie under it.
    pub fn describe(&self, cwd: &Path) -> String {
        if self.lost_track {
            return "files changed faster than they could be followed".to_string();
        }
        let shown: Vec<String> = self
            .paths
            .iter()
            .map(|p| p.strip_prefix(cwd).unwrap_or(p).display().to_string())
            .collect();
        let named = match shown.len() {
            n if n <= NAMED => join_and(&shown),
            n => format!("{} and {} more", shown[..NAMED].join(", "), n - NAMED),
        };
        format!("{named} changed")
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// Whether an event of `kind` can change what a build reads: not an open,
/// read or close (every build makes them), nor a change of permissions or
/// times alone.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

/// The paths that events removing, creating or renaming something name: a
/// watched folder among them may have been replaced.
pub fn named(events: &[DebouncedEvent]) -> BTreeSet<PathBuf> {
    let replacing = |kind: &EventKind| {
        matches!(
            kind,
            EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
        )
    };
    events
        .iter()
        .filter(|e| replacing(&e.kind))
        .flat_map(|e| e.paths.iter().cloned())
        .collect()
}

/// Whether `path` is (in) one of the inputs, and not output or scratch.
fn is_input(path: &Path, inputs: &Inputs) -> bool {
    if path.starts_with(&inputs.out) {
        return false;
    }
    inputs.read.iter().any(|input| {
        let inside = path.strip_prefix(&input.path).ok();
        match (input.kind, inside) {
            (InputKind::File, _) => path == input.path,
            (_, None) => false,
            (_, Some(inside)) if inside.as_os_str().is_empty() => true,
            (InputKind::Data, Some(inside)) => !is_scratch(inside) && is_data_file(inside),
            (InputKind::Folder, Some(inside)) => !is_scratch(inside),
        }
    })
}

/// Whether a path inside an input folder is an editor's or a spreadsheet's
/// scratch file, or lies in a hidden folder.
fn is_scratch(inside: &Path) -> bool {
    let names: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let Some(name) = names.last() else {
        return false;
    };
    let extension = extension(name);
    names.iter().any(|n| n.starts_with('.'))
        || name.starts_with("~$")
        || name.ends_with('~')
        || ["swp", "swx", "tmp", "bak"].contains(&extension.as_str())
}

/// Whether a path inside a data folder can be read by a build: a CSV file
/// (read, or warned about as not read), a TOML file (`report.toml`), or a
/// name without an extension (a folder, such as `imported/ucdp`).
fn is_data_file(inside: &Path) -> bool {
    let name = inside
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    ["csv", "toml", ""].contains(&extension(&name).as_str())
}

/// The lowercase extension of a file name ("" when it has none).
fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_full::notify::event::{AccessKind, RemoveKind, RenameMode};
    use notify_debouncer_full::notify::event::{CreateKind, DataChange, Event};

    fn inputs() -> Inputs {
        Inputs::new(Path::new("/p/data/out"))
            .with(InputKind::Data, Path::new("/p/data"))
            .with(InputKind::Folder, Path::new("/p/templates"))
            .with(InputKind::File, Path::new("/p/sitrep.toml"))
    }

    fn event(kind: EventKind, paths: &[&str], time: Instant) -> DebouncedEvent {
        let mut event = Event::new(kind);
        for path in paths {
            event = event.add_path(PathBuf::from(path));
        }
        DebouncedEvent::new(event, time)
    }

    fn changed(kind: EventKind, path: &str) -> bool {
        let now = Instant::now();
        Changes::default().add(&[event(kind, &[path], now)], &inputs(), now)
    }

    #[test]
    fn data_files_templates_and_settings_count() {
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        for path in [
            "/p/data/counts.csv",
            "/p/data/report.toml",
            "/p/data/imported/ucdp/events.csv",
            "/p/data/Counts (1).CSV",
            "/p/templates/report.typ",
            "/p/templates/img/seal.png",
            "/p/sitrep.toml",
        ] {
            assert!(changed(write, path), "{path}");
        }
        let removed = EventKind::Remove(RemoveKind::Folder);
        assert!(changed(removed, "/p/data"), "the data folder itself");
        assert!(changed(removed, "/p/data/imported/ucdp"), "a folder in it");
    }

    #[test]
    fn reads_outputs_scratch_files_and_neighbours_do_not() {
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        for path in [
            "/p/data/out/latest/metrics.json",
            "/p/data/out/.sitrep-cache/latest",
            "/p/data/.~lock.counts.csv#",
            "/p/data/~$counts.csv",
            "/p/data/counts.csv~",
            "/p/data/.counts.csv.swp",
            "/p/data/.git/index",
            "/p/data/notes.txt",
            "/p/templates/.report.typ.swp",
            "/p/README.md",
            "/p/sitrep.toml.bak",
        ] {
            assert!(!changed(write, path), "{path}");
        }
        let read = EventKind::Access(AccessKind::Any);
        assert!(!changed(read, "/p/data/counts.csv"), "a build's own read");
    }

    #[test]
    fn events_the_last_build_already_read_do_not_count() {
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let before = Instant::now();
        let since = before + std::time::Duration::from_millis(5);
        let mut changes = Changes::default();
        let old = event(write, &["/p/data/counts.csv"], before);
        assert!(!changes.add(&[old], &inputs(), since));
        assert!(changes.is_empty());
    }

    #[test]
    fn a_save_through_a_temporary_file_names_the_file_saved_once() {
        let now = Instant::now();
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let batch = [
            event(
                EventKind::Create(CreateKind::File),
                &["/p/data/counts.csv"],
                now,
            ),
            event(
                rename,
                &["/p/data/.counts.csv.tmp", "/p/data/counts.csv"],
                now,
            ),
        ];
        let mut changes = Changes::default();
        assert!(changes.add(&batch, &inputs(), now));
        assert_eq!(changes.describe(Path::new("/p")), "data/counts.csv changed");
    }

    #[test]
    fn many_changes_are_named_with_a_count() {
        let now = Instant::now();
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let paths = ["a", "b", "c", "d", "e"].map(|n| format!("/p/data/{n}.csv"));
        let batch: Vec<_> = paths.iter().map(|p| event(write, &[p], now)).collect();
        let mut changes = Changes::default();
        changes.add(&batch[..2], &inputs(), now);
        assert_eq!(
            changes.describe(Path::new("/p")),
            "data/a.csv and data/b.csv changed"
        );
        changes.add(&batch, &inputs(), now);
        assert_eq!(
            changes.describe(Path::new("/elsewhere")),
            "/p/data/a.csv, /p/data/b.csv, /p/data/c.csv and 2 more changed"
        );
    }
}
