//! The build cache: for each output folder, the sha256 of everything its
//! outputs were made from, kept in `OUT/.sitrep-cache/{folder}`.
//!
//! When a new build would hand Typst exactly the same inputs (the JSON and
//! charts, the templates, the PDF timestamp and the sitrep executable), its
//! outputs would be byte-identical, so typesetting is skipped. This is how
//! `--all-quarters` reuses the quarters a correction does not reach. The key
//! lives beside the output folders, not in them, which hold only outputs.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::Digest;

/// The folder, under the output folder, that holds the inputs keys.
pub const CACHE: &str = ".sitrep-cache";

/// The sha256 of named inputs (name and bytes of each, in the order given),
/// followed by the running executable's identity.
pub fn inputs_key<'a>(inputs: impl IntoIterator<Item = (String, &'a [u8])>) -> String {
    let mut hash = sha2::Sha256::new();
    let mut feed = |name: &str, bytes: &[u8]| {
        hash.update(name.as_bytes());
        hash.update([0]);
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    for (name, bytes) in inputs {
        feed(&name, bytes);
    }
    feed("sitrep", executable_identity().as_bytes());
    format!("{:x}", hash.finalize())
}

/// The running sitrep executable's version, path, size and modification
/// time: cheap (it is over 100 MB), and enough for a cache kept on the
/// machine that built it.
fn executable_identity() -> String {
    let exe = std::env::current_exe().unwrap_or_default();
    let meta = std::fs::metadata(&exe).ok();
    let modified = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    format!(
        "{} {} {:?} {:?}",
        env!("CARGO_PKG_VERSION"),
        exe.display(),
        meta.map(|m| m.len()),
        modified
    )
}

/// Every file under `dir` with its bytes, by relative path, sorted.
pub fn folder_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                files.insert(
                    rel.display().to_string(),
                    std::fs::read(&path).unwrap_or_default(),
                );
            }
        }
    }
    files
}

/// Whether `out/folder` holds a complete build (every one of `names`) made
/// from inputs with `key`.
pub fn up_to_date(out: &Path, folder: &str, key: &str, names: &[String]) -> bool {
    let recorded = std::fs::read_to_string(out.join(CACHE).join(folder)).unwrap_or_default();
    recorded.trim() == key
        && names
            .iter()
            .all(|name| out.join(folder).join(name).is_file())
}

/// Records the inputs key of `out/folder`, after its outputs are in place
/// (a build killed in between only costs a rebuild next time).
pub fn remember(out: &Path, folder: &str, key: &str) -> Result<(), super::folder::WriteError> {
    let dir = out.join(CACHE);
    std::fs::create_dir_all(&dir).map_err(|e| super::folder::WriteError(dir.clone(), e))?;
    let path = dir.join(folder);
    super::write_atomically(&path, format!("{key}\n").as_bytes())
        .map_err(|e| super::folder::WriteError(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_up_to_date_only_with_its_key_and_every_file() {
        let out = tempfile::tempdir().unwrap();
        let names = vec!["a.pdf".to_string()];
        assert!(!up_to_date(out.path(), "latest", "k1", &names));
        remember(out.path(), "latest", "k1").unwrap();
        assert!(
            !up_to_date(out.path(), "latest", "k1", &names),
            "a.pdf is missing"
        );
        std::fs::create_dir(out.path().join("latest")).unwrap();
        std::fs::write(out.path().join("latest/a.pdf"), b"%PDF").unwrap();
        assert!(up_to_date(out.path(), "latest", "k1", &names));
        assert!(!up_to_date(out.path(), "latest", "k2", &names));
    }

    #[test]
    fn the_key_changes_with_any_name_or_byte() {
        let key = |name: &str, bytes: &[u8]| inputs_key([(name.to_string(), bytes)]);
        assert_eq!(key("a", b"1"), key("a", b"1"));
        assert_ne!(key("a", b"1"), key("b", b"1"));
        assert_ne!(key("a", b"1"), key("a", b"2"));
    }
}
