//! What an import is asked to do (the format, the file, where to write) and
//! why it can fail: the types every part of the importer shares.

use std::fmt;
use std::path::PathBuf;

use crate::load::events::{EVENTS_FILE, IMPORTED};
use crate::problem::Problems;

/// The datasets sitrep can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// UCDP Georeferenced Event Dataset (GED), CSV.
    Ucdp,
    /// ACLED export, CSV.
    Acled,
    /// Global Terrorism Database, CSV.
    Gtd,
    /// Any CSV, described by a TOML mapping file (`--mapping`).
    Mapped,
}

impl Format {
    /// The name used on the command line and, for the built-in formats, as
    /// the `dataset` of every event.
    pub fn name(self) -> &'static str {
        match self {
            Format::Ucdp => "ucdp",
            Format::Acled => "acled",
            Format::Gtd => "gtd",
            Format::Mapped => "mapped",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What to import and where to write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    pub format: Format,
    /// The dataset file to read.
    pub input: PathBuf,
    /// The folder `events.csv` is written to (created if missing); `None`:
    /// where a build of `data` reads it, `data/imported/{name}/`.
    pub out: Option<PathBuf>,
    /// The folder name under `data/imported/` when `out` is `None`; `None`:
    /// the dataset's name (the format's, or the mapping file's `dataset`).
    pub name: Option<String>,
    /// A TOML mapping file: required for `mapped`; optional for the others
    /// (value maps, `dataset_version`, `encoding`, `empty_values`).
    pub mapping: Option<PathBuf>,
    /// The data directory holding `groups.csv` and `places.csv`.
    pub data: PathBuf,
}

impl ImportOptions {
    /// The `events.csv` to write for the dataset `dataset`: in `out` when it
    /// is given, else in `data/imported/{name or dataset}/`. A `name` that
    /// is not a [`short name`](is_short_name) is refused, so that it cannot
    /// lead out of `data/imported/`.
    pub fn events_path(&self, dataset: &str) -> Result<PathBuf, ImportError> {
        if let Some(out) = &self.out {
            return Ok(out.join(EVENTS_FILE));
        }
        let name = self.name.as_deref().unwrap_or(dataset);
        if !is_short_name(name) {
            return Err(ImportError::Name(name.to_string()));
        }
        Ok(self.data.join(IMPORTED).join(name).join(EVENTS_FILE))
    }
}

/// A name used in ids and as a folder name: lowercase letters, digits, `-`,
/// `_` and `.`, not starting with `.` (so never `.` or `..`).
pub fn is_short_name(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('.')
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: cannot read the file: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: the file is empty; expected a header line naming the {format} columns", path.display())]
    Empty { path: PathBuf, format: Format },
    #[error("{}:1: missing {} for {format}: {}; the header is: {header}", path.display(), if missing.len() == 1 { "column" } else { "columns" }, missing.join(", "))]
    MissingColumns {
        path: PathBuf,
        format: Format,
        /// Each missing column, quoted, with its accepted alternatives.
        missing: Vec<String>,
        header: String,
    },
    #[error("{}: {message}", path.display())]
    Mapping { path: PathBuf, message: String },
    /// `--name` is not a short name.
    #[error("--name \"{0}\": expected a short name of lowercase letters, digits, '-', '_' or '.' (not starting with '.'), such as ucdp-2024")]
    Name(String),
    /// Located problems in the input file (dates that cannot be read, bytes
    /// that are not in the declared encoding).
    #[error("{0}")]
    Problems(Problems),
    /// The vocabularies (`groups.csv`, `places.csv`) could not be loaded.
    #[error("{0}")]
    Vocabulary(Problems),
    #[error("{}: no row could be imported: {reasons}; nothing was written", path.display())]
    NoEvents { path: PathBuf, reasons: String },
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(out: Option<&str>, name: Option<&str>) -> ImportOptions {
        ImportOptions {
            format: Format::Ucdp,
            input: PathBuf::from("ged.csv"),
            out: out.map(PathBuf::from),
            name: name.map(str::to_string),
            mapping: None,
            data: PathBuf::from("data"),
        }
    }

    #[test]
    fn events_go_where_a_build_reads_them_unless_told_otherwise() {
        let path = |o: ImportOptions| o.events_path("ucdp").map(|p| p.display().to_string());
        let default = path(options(None, None)).unwrap();
        assert_eq!(default, "data/imported/ucdp/events.csv");
        let named = path(options(None, Some("ucdp-2024"))).unwrap();
        assert_eq!(named, "data/imported/ucdp-2024/events.csv");
        assert_eq!(
            path(options(Some("/tmp/x"), None)).unwrap(),
            "/tmp/x/events.csv"
        );
        for bad in ["..", ".hidden", "a/b", "UCDP", ""] {
            assert!(path(options(None, Some(bad))).is_err(), "{bad}");
        }
    }
}
