//! Data directories for unit tests: the bundled data, edited, loaded
//! through the real loader (so tests see what users' files give).

use std::path::{Path, PathBuf};

use super::{load_dataset, Dataset};

/// The bundled data directory.
pub fn bundled_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The bundled data with `lines` appended to each named file, loaded;
/// panics with the located problems if the result is invalid.
pub fn bundled_with(appended: &[(&str, &str)]) -> Dataset {
    edited(|dir| {
        for (file, lines) in appended {
            let path = dir.join(file);
            let mut text = std::fs::read_to_string(&path).unwrap_or_default();
            text.push_str(lines.trim_start_matches('\n'));
            std::fs::write(&path, text).expect("write the test data");
        }
    })
}

/// The bundled data with each named file replaced by `text`, loaded.
pub fn bundled_replacing(files: &[(&str, &str)]) -> Dataset {
    edited(|dir| {
        for (file, text) in files {
            std::fs::write(dir.join(file), text).expect("write the test data");
        }
    })
}

fn edited(edit: impl FnOnce(&Path)) -> Dataset {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for entry in std::fs::read_dir(bundled_dir())
        .expect("the bundled data")
        .flatten()
    {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
        }
    }
    edit(dir.path());
    load_dataset(dir.path()).unwrap_or_else(|p| panic!("the test data is invalid:\n{p}"))
}

/// The bundled data, loaded.
pub fn bundled() -> Dataset {
    load_dataset(&bundled_dir()).unwrap_or_else(|p| panic!("{p}"))
}
