//! `sitrep init DIR`: a new project, ready to `check` and `build`: the
//! bundled vocabularies, every record file with its header and one worked
//! EXAMPLE ROW, a report definition, a settings file, a `.gitignore` for
//! the outputs and a short README on the workflow. The skeleton is
//! `assets/init/` of sitrep's source, compiled in.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

static SKELETON: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/init");

/// Why a project could not be started.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0}: the folder is not empty; sitrep init starts a project in a new or empty folder")]
    NotEmpty(PathBuf),
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
}

/// Writes a new project into `dir` (created if missing; refused if it holds
/// anything). Returns the files written, sorted.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| InitError::Io(path, e)
    };
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    let data = dir.join("data");
    std::fs::create_dir_all(&data).map_err(io(&data))?;
    let mut written = crate::load::bundled::write_vocabularies(&data).map_err(io(&data))?;
    written.extend(write_skeleton(&SKELETON, dir)?);
    written.sort();
    Ok(written)
}

fn write_skeleton(folder: &Dir<'static>, dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let mut written = Vec::new();
    for file in folder.files() {
        let path = dir.join(file.path());
        crate::output::write_atomically(&path, file.contents())
            .map_err(|e| InitError::Io(path.clone(), e))?;
        written.push(path);
    }
    for sub in folder.dirs() {
        let path = dir.join(sub.path());
        std::fs::create_dir_all(&path).map_err(|e| InitError::Io(path, e))?;
        written.extend(write_skeleton(sub, dir)?);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_project_loads_and_an_occupied_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("proj");
        let written = init(&project).unwrap();
        assert!(written.contains(&project.join("data/report.toml")));
        assert!(written.contains(&project.join(".gitignore")));
        let data =
            crate::load::load_dataset(&project.join("data")).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!((data.counts.len(), data.incidents.len()), (2, 1));
        assert!(data.sources.values().all(|s| s
            .note
            .as_deref()
            .unwrap_or("")
            .contains("EXAMPLE ROW")));
        assert!(matches!(init(&project), Err(InitError::NotEmpty(_))));
    }
}
