//! What an import is asked to do (the format, the file, where to write) and
//! why it can fail: the types every part of the importer shares.

use std::fmt;
use std::path::PathBuf;

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
    /// The folder `events.csv` is written to (created if missing).
    pub out: PathBuf,
    /// A TOML mapping file: required for `mapped`; optional for the others
    /// (value maps, `dataset_version`, `encoding`, `empty_values`).
    pub mapping: Option<PathBuf>,
    /// The data directory holding `groups.csv` and `places.csv`.
    pub data: PathBuf,
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
