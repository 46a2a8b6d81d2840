//! The project a command works in and its data, resolved and loaded once:
//! `sitrep.toml` found above the data folder given (else the working
//! directory), the data folder (`--data` wins), every file in it accounted
//! for, and the metrics when the command needs them.

use std::path::{Path, PathBuf};

use super::args::DataArgs;
use super::Failure;
use crate::compute::{compute, MetricSet};
use crate::load::{load_dataset, Dataset};
use crate::problem::Problems;
use crate::settings::Project;

/// The project a command works in: the `sitrep.toml` above the data
/// folder given, else above the working directory (defaults without one).
pub(super) fn project(data: Option<&Path>) -> Result<Project, Failure> {
    crate::settings::discover(data.unwrap_or(Path::new(".")))
        .map_err(|problems| Failure::Data(problems.to_string()))
}

/// The project and its data folder (`--data` wins over sitrep.toml).
pub(super) fn data_dir(args: &DataArgs) -> Result<(Project, PathBuf), Failure> {
    let project = project(args.data.as_deref())?;
    let dir = project.data(args.data.as_deref());
    Ok((project, dir))
}

pub(super) fn load(dir: &Path) -> Result<Dataset, Failure> {
    if !dir.is_dir() {
        return Err(Failure::Usage(format!(
            "{}: data directory not found (give an existing folder with --data)",
            dir.display()
        )));
    }
    load_dataset(dir).map_err(|problems| Failure::Data(problems.to_string()))
}

pub(super) fn load_and_compute(dir: &Path) -> Result<(Dataset, MetricSet), Failure> {
    let data = load(dir)?;
    let metrics = compute(&data)
        .map_err(|e| Failure::Data(format!("error: computing metrics failed: {e}")))?;
    Ok((data, metrics))
}

/// How a command loads a data directory: [`load_dataset`], or
/// [`crate::load::load_dataset_to_check`] for a command that writes nothing.
pub(super) type Loader = fn(&Path) -> Result<Dataset, crate::problem::Problems>;

/// Loads `dir` with `loader` after accounting for every file in it: each
/// `.csv` no build reads is a warning on stderr, or with `strict` a problem
/// reported before the data's own.
pub(super) fn load_accounted(dir: &Path, strict: bool, loader: Loader) -> Result<Dataset, Failure> {
    if !dir.is_dir() {
        return load(dir);
    }
    let mut problems = Problems::default();
    for unread in crate::load::unread_files(dir) {
        match strict {
            true => problems.push(unread.to_problem()),
            false => eprintln!("warning: {unread}"),
        }
    }
    match loader(dir) {
        Ok(data) if problems.is_empty() => Ok(data),
        Ok(_) => Err(Failure::Data(problems.to_string())),
        Err(more) => {
            problems.extend(more);
            Err(Failure::Data(problems.to_string()))
        }
    }
}
