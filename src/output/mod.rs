//! Writing outputs so that nothing is ever half-written, and knowing when
//! nothing needs writing.
//!
//! - [`write_atomically`]: one file, through a temporary file in the same
//!   directory that is flushed and renamed over the old one.
//! - [`folder`]: a whole output folder, built hidden beside the target and
//!   swapped in with one atomic rename.
//! - [`cache`]: the inputs key of each output folder, so an unchanged build
//!   is skipped.
//!
//! Everything sitrep writes gets the same permissions: readable by everyone
//! (0644 under the usual umask of 022), as a colleague on a shared server
//! expects of a report.

pub mod cache;
pub mod folder;

use std::io::Write;
use std::path::Path;

/// The mode of every file sitrep writes, before the umask applies.
#[cfg(unix)]
const FILE_MODE: u32 = 0o666;

/// Writes `bytes` to `path` atomically (temporary file + rename), with the
/// same permissions as any file sitrep writes (see [`FILE_MODE`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = temporary_file(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file in `dir` created with [`FILE_MODE`] (less the umask),
/// not tempfile's private 0600, so that the renamed file is as readable as
/// one written directly.
fn temporary_file(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sitrep-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(FILE_MODE));
    }
    builder.tempfile_in(dir)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_written_file_has_the_mode_of_a_directly_written_one() {
        let dir = tempfile::tempdir().unwrap();
        let (atomic, direct) = (dir.path().join("a"), dir.path().join("b"));
        write_atomically(&atomic, b"x").unwrap();
        std::fs::write(&direct, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&atomic), mode(&direct));
        assert_eq!(std::fs::read(&atomic).unwrap(), b"x");
    }
}
