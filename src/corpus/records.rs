//! What the source check needs of a data directory's files, with where each
//! piece is written: every record's quote, every source's `seed_file`, and
//! every `not_figures.csv` text, each with its file, line and column.
//!
//! These are read again from the files (after [`crate::load`] has validated
//! them) rather than kept on the loaded records, so that the records stay
//! what they say (a line number is not part of a figure: a diff or an
//! edition's fingerprint must not see a row move as a change).

use std::path::{Path, PathBuf};

use crate::load::records::{
    CasualtyEstimate, Count, Incident, NotFigure, Source, StrengthEstimate,
};
use crate::load::table::{read_table, Row};
use crate::problem::Problems;

/// One field of one row, and where it is written.
#[derive(Debug, Clone)]
pub struct Located {
    /// The row's key: `counts/ID` for a record, the source id for a
    /// source, the seed file for a not-figure.
    pub key: String,
    /// The source the row rests on (for a record), or the seed file (for a
    /// not-figure), or the seed file a source names.
    pub refers_to: String,
    /// The field's text.
    pub text: String,
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// The record files with quotes, their key prefix and columns.
const QUOTED: [(&str, &str, &[&str]); 4] = [
    ("incidents.csv", "incidents", &Incident::COLUMNS),
    (
        "casualty_estimates.csv",
        "casualty_estimates",
        &CasualtyEstimate::COLUMNS,
    ),
    ("counts.csv", "counts", &Count::COLUMNS),
    ("strength.csv", "strength", &StrengthEstimate::COLUMNS),
];

/// The quote of every record whose source `wanted` accepts, file by file,
/// in file order; and how many records it did not accept. (A million
/// records of sources with no text are counted, not kept.)
pub fn quotes(dir: &Path, wanted: impl Fn(&str) -> bool) -> (Vec<Located>, usize) {
    let (mut all, mut others) = (Vec::new(), 0);
    for (file, prefix, columns) in QUOTED {
        let path = dir.join(file);
        each_row(&path, columns, |row| {
            if !wanted(row.text("source_id").trim()) {
                others += 1;
                return;
            }
            let key = format!("{prefix}/{}", row.text("id").trim());
            all.push(located(row, &path, key, ("source_id", "quote")));
        });
    }
    (all, others)
}

/// Every source naming a seed file: its id, the seed file and where it is named.
pub fn seed_files(dir: &Path) -> Vec<Located> {
    let mut all = Vec::new();
    let path = dir.join("sources.csv");
    each_row(&path, &Source::COLUMNS, |row| {
        if !row.text("seed_file").trim().is_empty() {
            let key = row.text("id").trim().to_string();
            all.push(located(row, &path, key, ("seed_file", "seed_file")));
        }
    });
    all
}

/// Every entry of `not_figures.csv`: its seed file and where its text is.
pub fn not_figures(dir: &Path) -> Vec<Located> {
    let mut all = Vec::new();
    let path = dir.join("not_figures.csv");
    each_row(&path, &NotFigure::COLUMNS, |row| {
        let key = row.text("seed_file").trim().to_string();
        all.push(located(row, &path, key, ("seed_file", "text")));
    });
    all
}

/// The field `field` of `row` (of the file at `path`), keyed `key`,
/// referring to what its field `refers_to` names.
fn located(
    row: &Row,
    path: &Path,
    key: String,
    (refers_to, field): (&'static str, &'static str),
) -> Located {
    let (line, column) = row.place_of(field);
    Located {
        key,
        refers_to: row.text(refers_to).trim().to_string(),
        text: row.text(field).to_string(),
        path: path.to_path_buf(),
        line,
        column,
    }
}

/// Calls `f` for each row of a file the loader has already validated (so
/// there are no problems left to report).
fn each_row(path: &Path, columns: &[&'static str], mut f: impl FnMut(&Row)) {
    let mut validated_before = Problems::default();
    read_table(path, columns, &mut validated_before, |row| f(row));
}
