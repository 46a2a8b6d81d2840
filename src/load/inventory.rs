//! Every CSV file of a data directory accounted for: which ones `check` and
//! `build` read, and, for each one they do not, where it would be read.
//!
//! A file that is not read is silently left out of every figure: an import
//! written one folder too high (`imported/events.csv`), a copy Excel named
//! `counts (1).csv`, a file renamed `Counts.csv`. [`unread_files`] lists
//! them so the commands can say so. Only `.csv` files are judged (any case
//! of the extension): other files (`report.toml`, notes) are the user's
//! business. Hidden files and folders (a name starting with `.`) and office
//! lock files (`~$…`) are passed over.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use super::events::{EVENTS_FILE, IMPORTED, OPTIONAL_FILES};
use crate::problem::Problem;

/// A `.csv` file in a data directory that `check` and `build` do not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// The file, as the data directory's path joined with its place in it.
    pub path: PathBuf,
    /// Why it is not read and where it would be.
    pub advice: String,
}

impl Unread {
    /// The same as a problem of the whole file (for `--strict`).
    pub fn to_problem(&self) -> Problem {
        Problem::file(&self.path, &self.advice)
    }
}

impl fmt::Display for Unread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.advice)
    }
}

/// Every `.csv` file under `dir` that a build of `dir` does not read, sorted
/// by path; `files` are the data files it reads ([`FILES`](super::FILES)). A folder
/// that cannot be listed adds nothing (the loader reports the files it
/// needs).
pub fn unread_files(dir: &Path, files: &[&str]) -> Vec<Unread> {
    let mut found = Vec::new();
    collect_csv(dir, Path::new(""), &mut found);
    found.sort();
    found
        .into_iter()
        .filter_map(|relative| {
            let advice = advice(dir, files, &relative)?;
            Some(Unread {
                path: dir.join(relative),
                advice,
            })
        })
        .collect()
}

/// Adds the `.csv` files below `dir/relative` to `found`, relative to
/// `dir`. Links to folders are not followed, so a link cannot make a loop.
fn collect_csv(dir: &Path, relative: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir.join(relative)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if text.starts_with('.') || text.starts_with("~$") {
            continue;
        }
        let path = relative.join(&name);
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => collect_csv(dir, &path, found),
            _ if is_csv(&text) && dir.join(&path).is_file() => found.push(path),
            _ => {}
        }
    }
}

fn is_csv(name: &str) -> bool {
    name.len() > 4 && name[name.len() - 4..].eq_ignore_ascii_case(".csv")
}

/// Whether a build of `dir` reads the file at `path`, and if not, why not
/// and where it would be read: `None` when it is read (`files` as for
/// [`unread_files`]). Both paths are compared as the file system resolves
/// them, so `./data` and an absolute path name the same folder; `path` must
/// exist.
pub fn advice_for(dir: &Path, files: &[&str], path: &Path) -> Option<String> {
    let resolve = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    match resolve(path).strip_prefix(resolve(dir)) {
        Ok(relative) => advice(dir, files, relative),
        Err(_) => Some(format!(
            "outside the data folder {}, so a build of it does not read it; {}",
            dir.display(),
            events_read_as(dir)
        )),
    }
}

/// Why the file at `relative` in `dir` is not read, and where it would be;
/// `None` when a build reads it.
fn advice(dir: &Path, files: &[&str], relative: &Path) -> Option<String> {
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let read_here = |name: &str| files.contains(&name) || OPTIONAL_FILES.contains(&name);
    let names = Names { dir, files };
    let reason = match parts.as_slice() {
        [name] if read_here(name) => return None,
        [folder, _, EVENTS_FILE] if *folder == IMPORTED => return None,
        [name] => names.top_level(name),
        [folder, import, name] if *folder == IMPORTED => names.in_an_import(import, name),
        [.., name] => names.below_the_top(name),
        [] => return None,
    };
    Some(format!("not read by check or build{reason}"))
}

/// The names a build of `dir` reads: its data files and imported events.
struct Names<'a> {
    dir: &'a Path,
    files: &'a [&'a str],
}

impl<'a> Names<'a> {
    /// A file at the top of the data folder whose name no build reads.
    fn top_level(&self, name: &str) -> String {
        let lower = name.to_lowercase();
        match self.closest(&lower) {
            Some(known) if known == lower => format!(
                " (names are read exactly as written); it would be read as {}",
                self.dir.join(known).display()
            ),
            Some(EVENTS_FILE) => format!("; {}", events_read_as(self.dir)),
            Some(known) => format!(
                ", which read {} under exactly that name; if this is a newer copy of it, put it in its place",
                self.dir.join(known).display()
            ),
            None => self.not_a_data_file(),
        }
    }

    /// A file in `imported/{import}/` other than its `events.csv`.
    fn in_an_import(&self, import: &str, name: &str) -> String {
        if self.closest(&name.to_lowercase()) == Some(EVENTS_FILE) {
            let read_as = self.dir.join(IMPORTED).join(import).join(EVENTS_FILE);
            return format!(
                "; this import's events would be read as {}",
                read_as.display()
            );
        }
        self.below_the_top(name)
    }

    /// A file in a folder of the data folder (other than an import's own).
    fn below_the_top(&self, name: &str) -> String {
        match self.closest(&name.to_lowercase()) {
            Some(EVENTS_FILE) => format!("; {}", events_read_as(self.dir)),
            Some(known) => format!(
                ", which read data files only at the top of the data folder; it would be read as {}",
                self.dir.join(known).display()
            ),
            None => self.not_a_data_file(),
        }
    }

    fn not_a_data_file(&self) -> String {
        let (first, last) = (self.files.first(), self.files.last());
        format!(
            ", which read the data files ({} … {}), {EVENTS_FILE} and {IMPORTED}/NAME/{EVENTS_FILE} of {}; move this file out of the data folder, or bring its events in with `sitrep import`",
            first.unwrap_or(&""),
            last.unwrap_or(&""),
            self.dir.display()
        )
    }

    /// The file name a build reads that `lower` (a lower-case file name) is
    /// most likely meant to be: the same name, one whose stem it contains
    /// (`counts (1).csv`, `counts-old.csv`), or a near miss (`count.csv`).
    fn closest(&self, lower: &str) -> Option<&'a str> {
        let names = self.files.iter().chain(&OPTIONAL_FILES).copied();
        let stem = |name: &str| name.trim_end_matches(".csv").to_string();
        let own = stem(lower);
        if let Some(exact) = names.clone().find(|n| *n == lower) {
            return Some(exact);
        }
        if let Some(containing) = names.clone().find(|n| own.contains(&stem(n))) {
            return Some(containing);
        }
        names
            .map(|n| (strsim::jaro_winkler(&stem(n), &own), n))
            .filter(|(score, _)| *score >= 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| n)
    }
}

/// Where a build of `dir` reads imported events.
fn events_read_as(dir: &Path) -> String {
    let named = dir.join(IMPORTED).join("NAME").join(EVENTS_FILE);
    format!(
        "imported events would be read as {} (one folder per import, NAME being the dataset, such as ucdp) or as {}",
        named.display(),
        dir.join(EVENTS_FILE).display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advice_of(relative: &str) -> Option<String> {
        advice(Path::new("data"), &FILES, Path::new(relative))
    }

    use crate::load::FILES;

    #[test]
    fn the_files_a_build_reads_need_no_advice() {
        for read in [
            "counts.csv",
            "not_figures.csv",
            "events.csv",
            "imported/ucdp/events.csv",
        ] {
            assert_eq!(advice_of(read), None, "{read}");
        }
    }

    #[test]
    fn each_unread_file_is_told_where_it_would_be_read() {
        let cases = [
            ("Counts.csv", "; it would be read as data/counts.csv"),
            ("events.CSV", "; it would be read as data/events.csv"),
            ("counts (1).csv", ", which read data/counts.csv under exactly"),
            ("count.csv", ", which read data/counts.csv under exactly"),
            (
                "imported/events.csv",
                "; imported events would be read as data/imported/NAME/events.csv",
            ),
            (
                "imported/ucdp/sub/events.csv",
                "; imported events would be read as data/imported/NAME/events.csv",
            ),
            (
                "imported/ucdp/Events.csv",
                "; this import's events would be read as data/imported/ucdp/events.csv",
            ),
            (
                "backup/sources.csv",
                ", which read data files only at the top of the data folder; it would be read as data/sources.csv",
            ),
            ("ged231.csv", "move this file out of the data folder"),
        ];
        for (file, expected) in cases {
            let advice = advice_of(file).unwrap_or_else(|| panic!("{file} is read"));
            assert!(
                advice.starts_with("not read by check or build") && advice.contains(expected),
                "{file}: {advice}"
            );
        }
    }

    #[test]
    fn a_folder_is_searched_through_and_hidden_files_are_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        let write = |relative: &str| {
            let path = dir.path().join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        };
        for file in [
            "counts.csv",
            "imported/events.csv",
            "imported/ucdp/events.csv",
            "report.toml",
            ".hidden.csv",
            ".git/x.csv",
            "~$counts.csv",
            "notes/a.CSV",
        ] {
            write(file);
        }
        let unread: Vec<String> = unread_files(dir.path(), &FILES)
            .iter()
            .map(|u| {
                u.path
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(unread, ["imported/events.csv", "notes/a.CSV"]);
        let inside = dir.path().join("imported/ucdp/events.csv");
        assert_eq!(advice_for(dir.path(), &FILES, &inside), None);
        let outside = tempfile::tempdir().unwrap();
        let advice = advice_for(dir.path(), &FILES, outside.path()).unwrap();
        assert!(advice.starts_with("outside the data folder"), "{advice}");
    }
}
