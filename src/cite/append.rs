//! `sitrep cite --append`: adds draft rows to a data directory, and only
//! if the directory stays valid.
//!
//! The rows are first written into a staging copy of the directory (the
//! changed files written out, every other entry linked), which is loaded
//! and validated exactly as `sitrep check` does. Only a valid copy is
//! taken: each changed file is then replaced in one rename (temporary file
//! and rename). An invalid copy leaves the data directory untouched and
//! its problems are reported where the rows would have been.

use std::path::Path;

use super::output::csv_lines;
use super::rows::FileRows;
use crate::load::load_dataset;
use crate::output::write_atomically;

/// Why nothing was appended.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// The data with the rows would not be valid: every problem, located
    /// in the data directory's files.
    #[error("{0}")]
    Invalid(String),
    #[error("error: {0}")]
    Io(String),
}

/// Appends `files`' rows to the data directory `dir`; returns how many rows
/// each file got.
pub fn append(dir: &Path, files: &[FileRows]) -> Result<Vec<(&'static str, usize)>, AppendError> {
    let mut changed = Vec::new();
    for file in files {
        let path = dir.join(file.file);
        let old = std::fs::read_to_string(&path)
            .map_err(|e| AppendError::Io(format!("{}: cannot read: {e}", path.display())))?;
        let new = appended(&old, file);
        changed.push((file.file, old, new));
    }
    validate_staged(dir, &changed)?;
    replace(dir, &changed)?;
    Ok(files.iter().map(|f| (f.file, f.rows.len())).collect())
}

/// The file's text with the rows added, in its column order and with its
/// line ends.
fn appended(old: &str, file: &FileRows) -> String {
    let body = old.trim_start_matches('\u{feff}');
    let header_line = body.lines().next().unwrap_or_default();
    let header: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(header_line.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(|f| f.trim().to_string()).collect())
        .unwrap_or_default();
    let reordered: Vec<Vec<String>> = file
        .rows
        .iter()
        .map(|row| {
            let field = |name: &String| {
                file.columns
                    .iter()
                    .position(|c| c == name)
                    .map(|k| row[k].clone())
            };
            header
                .iter()
                .map(|name| field(name).unwrap_or_default())
                .collect()
        })
        .collect();
    let lines = csv_lines(&[], &reordered);
    let end = match (old.contains("\r\n"), old.contains('\r')) {
        (true, _) => "\r\n",
        (false, true) => "\r",
        (false, false) => "\n",
    };
    let mut text = old.to_string();
    if !text.is_empty() && !text.ends_with(['\n', '\r']) {
        text.push_str(end);
    }
    text.push_str(&lines.replace('\n', end));
    text
}

/// Loads a copy of `dir` with the changed files as they would be.
fn validate_staged(dir: &Path, changed: &[(&str, String, String)]) -> Result<(), AppendError> {
    let io =
        |e: std::io::Error| AppendError::Io(format!("cannot stage the data for checking: {e}"));
    let stage = tempfile::Builder::new()
        .prefix("sitrep-append-")
        .tempdir()
        .map_err(io)?;
    for entry in std::fs::read_dir(dir).map_err(io)?.flatten() {
        let name = entry.file_name();
        let target = stage.path().join(&name);
        match changed.iter().find(|(file, _, _)| name == **file) {
            Some((_, _, new)) => std::fs::write(&target, new).map_err(io)?,
            None => link(&entry.path(), &target).map_err(io)?,
        }
    }
    match load_dataset(stage.path()) {
        Ok(data) => {
            drop(data);
            Ok(())
        }
        Err(problems) => {
            let staged = format!("{}/", stage.path().display());
            let real = format!("{}/", dir.display());
            let text = problems.to_string().replace(&staged, &real);
            Err(AppendError::Invalid(
                text.replace("nothing was written", "nothing was appended"),
            ))
        }
    }
}

/// Makes `to` stand for `from` without copying it (a symbolic link where
/// there are such; a copy elsewhere).
fn link(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    return std::os::unix::fs::symlink(std::fs::canonicalize(from)?, to);
    #[cfg(not(unix))]
    {
        if from.is_dir() {
            return Ok(());
        }
        std::fs::copy(from, to).map(|_| ())
    }
}

/// Replaces each changed file, putting back the ones already replaced if
/// one cannot be.
fn replace(dir: &Path, changed: &[(&str, String, String)]) -> Result<(), AppendError> {
    for (k, (file, _, new)) in changed.iter().enumerate() {
        if let Err(e) = write_atomically(&dir.join(file), new.as_bytes()) {
            for (done, old, _) in &changed[..k] {
                let _ = write_atomically(&dir.join(done), old.as_bytes());
            }
            return Err(AppendError::Io(format!(
                "{}: cannot write: {e}",
                dir.join(file).display()
            )));
        }
    }
    Ok(())
}
