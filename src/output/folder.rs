//! Writing a whole output folder at once: the files go into a fresh hidden
//! folder beside the target (`OUT/.latest.tmp-*`), are flushed to disk, and
//! the folder is swapped in with one atomic rename. A failed or killed build
//! leaves the previous folder exactly as it was, and no reader ever sees a
//! half-written file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One file of a finished build, for the closing summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: usize,
    pub pages: Option<usize>,
}

/// The files of one output folder, in memory, keyed by their path in it,
/// each with its page count when it is a document.
pub type Files = BTreeMap<String, (Vec<u8>, Option<usize>)>;

/// Why a folder could not be written: the path and the system's reason.
#[derive(Debug, thiserror::Error)]
#[error("error: cannot write {0}: {1}")]
pub struct WriteError(pub PathBuf, pub std::io::Error);

/// Writes `files` into `out/folder` by building `out/.folder.tmp-*` and
/// swapping it in atomically. Returns what was written, in path order.
pub fn write_folder(out: &Path, folder: &str, files: &Files) -> Result<Vec<Written>, WriteError> {
    let at = |path: &Path| {
        let path = path.to_path_buf();
        move |e| WriteError(path, e)
    };
    std::fs::create_dir_all(out).map_err(at(out))?;
    remove_stale_staging(out, folder);
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{folder}.tmp-"))
        .tempdir_in(out)
        .map_err(at(out))?;
    let mut written = Vec::new();
    for (name, (bytes, pages)) in files {
        let path = staging.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(at(parent))?;
        }
        std::fs::write(&path, bytes).map_err(at(&path))?;
        written.push(Written {
            path: out.join(folder).join(name),
            bytes: bytes.len(),
            pages: *pages,
        });
    }
    sync_tree(staging.path()).map_err(at(staging.path()))?;
    let target = out.join(folder);
    swap_in(staging.keep(), &target).map_err(at(&target))?;
    Ok(written)
}

fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            sync_tree(&path)?
        } else {
            std::fs::File::open(&path)?.sync_all()?
        }
    }
    std::fs::File::open(dir)?.sync_all()
}

/// Puts the complete folder `staging` at `target` in one step: an atomic
/// exchange when `target` exists (Linux `renameat2(RENAME_EXCHANGE)`), a
/// rename otherwise; the old folder is then removed.
fn swap_in(staging: PathBuf, target: &Path) -> std::io::Result<()> {
    if !target.exists() {
        return std::fs::rename(&staging, target);
    }
    let cwd = rustix::fs::CWD;
    match rustix::fs::renameat_with(
        cwd,
        &staging,
        cwd,
        target,
        rustix::fs::RenameFlags::EXCHANGE,
    ) {
        Ok(()) => std::fs::remove_dir_all(&staging),
        Err(_) => {
            // No atomic exchange on this file system: move the old folder
            // aside, move the new one in, then drop the old.
            let old = staging.with_extension("old");
            std::fs::rename(target, &old)?;
            std::fs::rename(&staging, target)?;
            std::fs::remove_dir_all(&old)
        }
    }
}

/// Removes staging folders left by a build that was killed.
fn remove_stale_staging(out: &Path, folder: &str) {
    let prefix = format!(".{folder}.tmp-");
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_written_folder_replaces_the_old_one_whole_and_is_readable() {
        let out = tempfile::tempdir().unwrap();
        let files = |text: &str| -> Files {
            [("a.txt".to_string(), (text.as_bytes().to_vec(), None))].into()
        };
        write_folder(out.path(), "latest", &files("old")).unwrap();
        let written = write_folder(out.path(), "latest", &files("new")).unwrap();
        let target = out.path().join("latest");
        assert_eq!(written[0].path, target.join("a.txt"));
        assert_eq!(
            std::fs::read_to_string(target.join("a.txt")).unwrap(),
            "new"
        );
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        std::fs::create_dir(out.path().join("plain")).unwrap();
        assert_eq!(mode(&target), mode(&out.path().join("plain")));
        let leftovers: Vec<_> = std::fs::read_dir(out.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 2, "only latest/ and plain/ remain");
    }
}
