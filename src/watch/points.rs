//! The paths the debouncer watches for a set of inputs, kept armed while
//! folders are removed, recreated and replaced underneath them.
//!
//! An input folder is watched whole, and the folder holding it on its own
//! (not its other contents): that is where its removal and its re-creation
//! show, and a watch on a removed folder dies with it. An input file is
//! watched through its folder, since editors replace a file they save rather
//! than write into it. Each watch remembers the identity (device and inode)
//! of the folder it was armed on; after every batch of events, a watch
//! whose path now holds another folder, or none, or that an event named as
//! created, removed or renamed, is armed again on what is there now.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use notify_debouncer_full::file_id::{get_file_id, FileId};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::RecommendedCache;

use super::{InputKind, Inputs};

/// The debouncer the session uses.
pub type Debouncer = notify_debouncer_full::Debouncer<RecommendedWatcher, RecommendedCache>;

/// The watched paths and what each is armed on.
pub struct Points {
    debouncer: Debouncer,
    armed: BTreeMap<PathBuf, Point>,
}

/// One watched path.
struct Point {
    recursive: bool,
    /// What the watch was armed on; `None` while nothing is at the path.
    on: Option<FileId>,
}

impl Points {
    /// Watches what `inputs` need with `debouncer`.
    pub fn new(debouncer: Debouncer, inputs: &Inputs) -> Points {
        let mut points = Points {
            debouncer,
            armed: BTreeMap::new(),
        };
        points.aim(inputs);
        points
    }

    /// Watches exactly what `inputs` need: new paths armed, paths no longer
    /// needed let go.
    pub fn aim(&mut self, inputs: &Inputs) {
        let wanted = wanted(inputs);
        let gone: Vec<PathBuf> = self
            .armed
            .keys()
            .filter(|p| wanted.get(*p) != Some(&self.armed[*p].recursive))
            .cloned()
            .collect();
        for path in gone {
            if let Some(Point { on: Some(_), .. }) = self.armed.remove(&path) {
                let _ = self.debouncer.unwatch(&path);
            }
        }
        for (path, recursive) in wanted {
            self.armed.entry(path).or_insert(Point {
                recursive,
                on: None,
            });
        }
        self.rearm(&BTreeSet::new());
    }

    /// Arms every watch whose path holds something other than what it was
    /// armed on, or that `named` holds (events created, removed or renamed
    /// it); lets go of those whose path holds nothing now.
    pub fn rearm(&mut self, named: &BTreeSet<PathBuf>) {
        for (path, point) in &mut self.armed {
            let now = get_file_id(path).ok();
            if now == point.on && !named.contains(path) {
                continue;
            }
            if point.on.is_some() {
                // notify may have dropped the watch with the folder already.
                let _ = self.debouncer.unwatch(path);
            }
            point.on = None;
            if now.is_some() {
                match self.debouncer.watch(path, mode(point.recursive)) {
                    Ok(()) => point.on = now,
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", path.display()),
                }
            }
        }
    }
}

/// How a watched path is followed: a folder whole, or only its own entries.
fn mode(recursive: bool) -> RecursiveMode {
    match recursive {
        true => RecursiveMode::Recursive,
        false => RecursiveMode::NonRecursive,
    }
}

/// The paths to watch for `inputs`, each whole (`true`) or only its own
/// entries: input folders whole, the folders holding inputs by their own
/// entries, none inside a folder already watched whole.
fn wanted(inputs: &Inputs) -> BTreeMap<PathBuf, bool> {
    let mut wanted = BTreeMap::new();
    for input in &inputs.read {
        if input.kind != InputKind::File {
            wanted.insert(input.path.clone(), true);
        }
        if let Some(parent) = input.path.parent() {
            wanted.entry(parent.to_path_buf()).or_insert(false);
        }
    }
    let whole: Vec<PathBuf> = wanted
        .iter()
        .filter(|(_, recursive)| **recursive)
        .map(|(path, _)| path.clone())
        .collect();
    wanted.retain(|path, _| !whole.iter().any(|w| path != w && path.starts_with(w)));
    wanted
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn folders_are_watched_whole_and_files_through_their_folder() {
        let inputs = Inputs::new(Path::new("/p/reports"))
            .with(InputKind::Data, Path::new("/p/data"))
            .with(InputKind::Folder, Path::new("/p/data/templates"))
            .with(InputKind::File, Path::new("/p/sitrep.toml"))
            .with(InputKind::File, Path::new("/p/art/logo.png"));
        let wanted: Vec<(String, bool)> = wanted(&inputs)
            .into_iter()
            .map(|(p, r)| (p.display().to_string(), r))
            .collect();
        let expected = [("/p", false), ("/p/art", false), ("/p/data", true)];
        let expected: Vec<(String, bool)> =
            expected.iter().map(|(p, r)| (p.to_string(), *r)).collect();
        assert_eq!(
            wanted, expected,
            "templates inside data are watched with it"
        );
    }
}
