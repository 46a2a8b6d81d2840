//! Reading one side of a diff: a data directory, a `metrics.json` of an
//! earlier build, or a git revision of the repository (its data files read
//! with `git show` into a temporary folder, the work tree untouched).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::compute::{compute, MetricSet};
use crate::load::{load_dataset_sharing, shares_of, Share};
use crate::load::{Dataset, FILES, IMPORTED, OPTIONAL_FILES};

/// One side of a comparison, loaded.
pub struct Snapshot {
    pub label: String,
    pub metrics: MetricSet,
    /// `None` for a metrics.json side: records cannot be compared.
    pub data: Option<Dataset>,
}

/// Why a side could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SideError {
    #[error("error: {0} is neither a data directory, a metrics.json file nor a git revision of this repository")]
    Unknown(String),
    #[error("{0}")]
    Data(String),
    #[error("error: {0}")]
    Other(String),
}

/// Both sides of a comparison, read and computed side by side, one per
/// core (see [`snapshot`]). Two data directories whose large files hold
/// the same bytes, or the new one the old one's and more rows, read them
/// once (see [`crate::load::shared`]).
pub fn snapshots(
    (old, new): (&str, &str),
    repo: &Path,
    data_path: &str,
) -> (Result<Snapshot, SideError>, Result<Snapshot, SideError>) {
    let (old_share, new_share) = match (Path::new(old), Path::new(new)) {
        (a, b) if a.is_dir() && b.is_dir() => shares_of(a, b),
        _ => (Share::nothing(), Share::nothing()),
    };
    std::thread::scope(|scope| {
        let first = scope.spawn(|| read_side(old, (repo, data_path), old_share));
        let second = read_side(new, (repo, data_path), new_share);
        (first.join().expect("reading a side does not panic"), second)
    })
}

/// Reads `spec`: a directory, a `.json` file, or a git revision of the
/// repository that `repo` is in, whose data lives at `data_path` in it.
pub fn snapshot(spec: &str, repo: &Path, data_path: &str) -> Result<Snapshot, SideError> {
    read_side(spec, (repo, data_path), Share::nothing())
}

/// [`snapshot`], a directory's large files taken as `share` says.
fn read_side(
    spec: &str,
    (repo, data_path): (&Path, &str),
    share: Share,
) -> Result<Snapshot, SideError> {
    let path = PathBuf::from(spec);
    if path.is_dir() {
        let data =
            load_dataset_sharing(&path, share).map_err(|p| SideError::Data(p.to_string()))?;
        return from_data(spec, data);
    }
    if path.is_file() {
        let text =
            std::fs::read_to_string(&path).map_err(|e| SideError::Other(format!("{spec}: {e}")))?;
        let metrics: MetricSet = serde_json::from_str(&text)
            .map_err(|e| SideError::Other(format!("{spec}: not a metrics.json: {e}")))?;
        return Ok(Snapshot {
            label: spec.to_string(),
            metrics,
            data: None,
        });
    }
    let commit = git(
        repo,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{spec}^{{commit}}"),
        ],
    )
    .map_err(|_| SideError::Unknown(spec.to_string()))?;
    let dir = tempfile::tempdir().map_err(|e| SideError::Other(e.to_string()))?;
    for name in git_data_files(repo, commit.trim(), data_path) {
        // A file the revision lacks is left out: the loader reports a
        // missing required file, and an optional one is simply absent.
        let Ok(bytes) = git_bytes(
            repo,
            &["show", &format!("{}:{data_path}/{name}", commit.trim())],
        ) else {
            continue;
        };
        let path = dir.path().join(&name);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, bytes));
        written.map_err(|e| SideError::Other(e.to_string()))?;
    }
    let data = load_dataset_sharing(dir.path(), Share::nothing()).map_err(|p| {
        SideError::Data(p.to_string().replace(
            &dir.path().display().to_string(),
            &format!("{spec}:{data_path}"),
        ))
    })?;
    from_data(spec, data)
}

fn from_data(label: &str, data: Dataset) -> Result<Snapshot, SideError> {
    let metrics = compute(&data)
        .map_err(|e| SideError::Other(format!("computing metrics for {label}: {e}")))?;
    Ok(Snapshot {
        label: label.to_string(),
        metrics,
        data: Some(data),
    })
}

/// The data files to read from a revision: the required and optional ones,
/// and every `imported/{name}/events.csv` the revision holds.
fn git_data_files(repo: &Path, commit: &str, data_path: &str) -> Vec<String> {
    let mut names: Vec<String> = FILES
        .iter()
        .chain(&OPTIONAL_FILES)
        .chain(&[crate::load::definition::FILE])
        .map(|n| n.to_string())
        .collect();
    let prefix = format!("{data_path}/{IMPORTED}/");
    let listing = git(
        repo,
        &["ls-tree", "-r", "--name-only", commit, "--", &prefix],
    )
    .unwrap_or_default();
    names.extend(
        listing
            .lines()
            .filter(|l| l.ends_with("/events.csv"))
            .filter_map(|l| l.strip_prefix(&format!("{data_path}/")).map(str::to_string)),
    );
    names
}

fn git_bytes(repo: &Path, args: &[&str]) -> Result<Vec<u8>, ()> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|_| ())?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(())
    }
}

fn git(repo: &Path, args: &[&str]) -> Result<String, ()> {
    git_bytes(repo, args).map(|b| String::from_utf8_lossy(&b).into_owned())
}
