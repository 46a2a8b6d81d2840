//! Where the Typst templates come from: the defaults compiled into sitrep
//! (`reports/templates/` of its source), or a folder the user gives with
//! `--template` (or `templates` in sitrep.toml), which must hold
//! `report.typ` and `briefing.typ`. An installed binary needs no source
//! tree, and a build gives the same bytes from any working directory.
//!
//! A folder's files are read only from inside it: `..`, absolute paths
//! and symlinks that lead out are refused.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use typst::diag::{FileError, FileResult};

/// The built-in templates.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/reports/templates");

/// The documents a template set must hold.
pub const DOCUMENTS: [&str; 2] = ["report.typ", "briefing.typ"];

/// A set of templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Templates {
    /// Compiled into sitrep.
    Builtin,
    /// A folder of the user's.
    Folder(PathBuf),
}

impl Templates {
    /// The folder given, or the built-in templates.
    pub fn from_folder(folder: Option<PathBuf>) -> Templates {
        folder.map_or(Templates::Builtin, Templates::Folder)
    }

    /// Refuses a folder that is missing or lacks a document: the message
    /// says which.
    pub fn check(&self) -> Result<(), String> {
        let Templates::Folder(folder) = self else {
            return Ok(());
        };
        if !folder.is_dir() {
            return Err(format!("{}: template folder not found (give one with --template, or leave it out for the built-in templates)", folder.display()));
        }
        match DOCUMENTS.iter().find(|d| !folder.join(d).is_file()) {
            Some(missing) => Err(format!(
                "{}: the template folder has no {missing} (it needs {})",
                folder.display(),
                DOCUMENTS.join(" and ")
            )),
            None => Ok(()),
        }
    }

    /// The bytes of `relative` (a path inside the set, without a leading `/`).
    pub fn read(&self, relative: &str) -> FileResult<Vec<u8>> {
        match self {
            Templates::Builtin => BUILTIN
                .get_file(relative)
                .map(|f| f.contents().to_vec())
                .ok_or_else(|| outside("the built-in templates", relative)),
            Templates::Folder(root) => read_inside(root, relative),
        }
    }

    /// How a file of the set is named in messages.
    pub fn display(&self, relative: &str) -> String {
        match self {
            Templates::Builtin => format!("<built-in templates>/{relative}"),
            Templates::Folder(root) => root.join(relative).display().to_string(),
        }
    }

    /// Every file of the set with its bytes, by relative path, sorted (for
    /// the build cache, and to export the built-in set).
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        match self {
            Templates::Builtin => {
                let mut files = BTreeMap::new();
                collect(&BUILTIN, &mut files);
                files
            }
            Templates::Folder(root) => crate::output::cache::folder_files(root),
        }
    }
}

fn collect(dir: &Dir<'static>, files: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        files.insert(path, file.contents().to_vec());
    }
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

/// Writes the built-in templates into `dir` (created if missing), refusing
/// to overwrite a file already there. Returns the files written.
pub fn export(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let files = Templates::Builtin.files();
    if let Some(existing) = files.keys().map(|name| dir.join(name)).find(|p| p.exists()) {
        let message = format!(
            "{} already exists; export into an empty folder",
            existing.display()
        );
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            message,
        ));
    }
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        crate::output::write_atomically(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Reads `relative` under `root`, refusing anything whose real path is not
/// a file inside the real root (`..`, absolute paths, symlinks out, files
/// that do not exist there), with a message saying which and where.
fn read_inside(root: &Path, relative: &str) -> FileResult<Vec<u8>> {
    let root = root.canonicalize().map_err(|_| FileError::AccessDenied)?;
    let wanted: PathBuf = root.join(relative);
    let real = wanted
        .canonicalize()
        .ok()
        .filter(|real| real.starts_with(&root) && real.is_file());
    let Some(real) = real else {
        return Err(outside(
            &format!("the template folder {}", root.display()),
            relative,
        ));
    };
    std::fs::read(&real).map_err(|e| FileError::from_io(e, &real))
}

/// The error for a path that is not a file of the template set.
fn outside(set: &str, relative: &str) -> FileError {
    let message = format!(
        "access denied: /{relative} is not a file in {set} (templates can read only their own files, /data.json and /charts/)"
    );
    FileError::Other(Some(message.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_set_holds_both_documents_and_exports_whole() {
        let builtin = Templates::Builtin;
        assert!(builtin.check().is_ok());
        for document in DOCUMENTS {
            assert!(builtin.read(document).is_ok(), "{document}");
        }
        assert!(builtin.read("../Cargo.toml").is_err());
        let dir = tempfile::tempdir().unwrap();
        let written = export(dir.path()).unwrap();
        assert_eq!(written.len(), builtin.files().len());
        let exported = Templates::Folder(dir.path().to_path_buf());
        assert_eq!(exported.files(), builtin.files());
        assert!(export(dir.path()).is_err(), "no overwriting");
    }
}
