//! Helpers shared by the end-to-end tests: run the release binary, copy the
//! bundled data, hash an output folder, read a PDF's text.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sitrep(args: &[&str], cwd: &Path) -> Output {
    command(args, cwd).output().expect("run sitrep")
}

/// The sitrep command with `args` in `cwd`, not yet run (without any
/// SOURCE_DATE_EPOCH of the caller's environment).
pub fn command(args: &[&str], cwd: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH");
    command
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies the bundled data and templates into `dir` (as `data/` and `templates/`).
pub fn copy_project(dir: &Path) {
    copy_dir(&root().join("data"), &dir.join("data"));
    copy_dir(&root().join("reports/templates"), &dir.join("templates"));
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// sha256 of every file under `dir`, by relative path (hidden files included).
pub fn hashes(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(base, &path, out);
        } else {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let rel = path.strip_prefix(base).unwrap().display().to_string();
            out.insert(rel, format!("{:x}", Sha256::digest(bytes)));
        }
    }
}

/// The text of a PDF, by `pdftotext -layout` (poppler-utils, installed by .ci/run).
pub fn pdf_text(pdf: &Path) -> String {
    pdftotext(pdf, "-layout")
}

/// The text of a PDF in reading order (`pdftotext -raw`), as its tags and
/// a screen reader take it: a label wrapped in a narrow column stays whole,
/// where `-layout` interleaves it with the columns beside it.
pub fn pdf_reading_text(pdf: &Path) -> String {
    pdftotext(pdf, "-raw")
}

/// `pdftotext MODE PDF -`.
fn pdftotext(pdf: &Path, mode: &str) -> String {
    let out = Command::new("pdftotext")
        .arg(mode)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed (apt-get install poppler-utils; .ci/run installs it)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text with runs of white space folded to one space (PDF text wraps lines).
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A copy of the project in a temporary folder, built once into `out/`.
pub fn built_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_project(dir.path());
    let build = build_in(dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    dir
}

/// Builds the bundled project copied into `dir` into `dir/out`.
pub fn build_in(dir: &Path) -> Output {
    build_into(dir, "out", &[])
}

/// Builds the project copied into `dir` into `dir/{out}`, with more options.
pub fn build_into(dir: &Path, out: &str, extra: &[&str]) -> Output {
    build_command(dir, out, extra).output().expect("run sitrep")
}

/// The build of the project copied into `dir` into `dir/{out}`, not yet run.
pub fn build_command(dir: &Path, out: &str, extra: &[&str]) -> Command {
    let mut args = vec![
        "build",
        "--data",
        "data",
        "--template",
        "templates",
        "--out",
        out,
    ];
    args.extend(extra);
    command(&args, dir)
}

/// Runs git in `repo` with a fixed identity; panics if it fails.
pub fn git(repo: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@t")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@t")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Replaces the title of the RFE/RL source in the copied data with `title`
/// (already CSV-quoted where it needs to be).
pub fn set_source_title(dir: &Path, title: &str) {
    let sources = dir.join("data/sources.csv");
    let text = std::fs::read_to_string(&sources).unwrap().replacen(
        ",Pakistan Confronts Growing Threat From Islamic State-Khorasan,",
        &format!(",{title},"),
        1,
    );
    std::fs::write(&sources, text).unwrap();
}

/// Replaces the first `find` in `dir/data/{file}` with `with`; panics if
/// `find` is not there, so an edit can never silently do nothing.
pub fn edit_data(dir: &Path, file: &str, find: &str, with: &str) {
    let path = dir.join("data").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(find), "{find:?} is not in {file}");
    std::fs::write(&path, text.replacen(find, with, 1)).unwrap();
}

/// The bundled data directory.
pub fn bundled() -> PathBuf {
    root().join("data")
}

/// A temporary folder holding a copy of the bundled data as `data/`. It can
/// be the working directory of a run, so that anything written there shows.
pub struct Scratch {
    root: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        let root = tempfile::tempdir().expect("a scratch folder");
        copy_dir(&bundled(), &root.path().join("data"));
        Scratch { root }
    }

    /// The scratch folder itself.
    pub fn path(&self) -> &Path {
        self.root.path()
    }

    /// The copy of the data directory.
    pub fn data(&self) -> PathBuf {
        self.path().join("data")
    }

    /// The copy of the data file `name`.
    pub fn file(&self, name: &str) -> PathBuf {
        self.data().join(name)
    }
}

/// The vendored suicide-bombings dataset (MIT, see its README): a real
/// outside file the import tests read, needing nothing beyond the repository.
pub fn suicide_bombings_file() -> PathBuf {
    root().join("tests/fixtures/pakistan-suicide-bombings/originalData.csv")
}

/// The shipped mapping file of the suicide-bombings dataset.
pub fn suicide_bombings_mapping() -> PathBuf {
    root().join("mappings/pakistan-suicide-bombings.toml")
}

/// Copies the bundled data and templates into `dir` where they are in the
/// repository (`data/`, `reports/templates/`), so that commands run in
/// `dir` with no options find them, as they do for a user of a clone.
pub fn copy_repository_layout(dir: &Path) {
    copy_dir(&root().join("data"), &dir.join("data"));
    copy_dir(
        &root().join("reports/templates"),
        &dir.join("reports/templates"),
    );
}

/// `metrics.json` as read from a file.
pub fn read_metrics(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap()
}

/// The metric `id` of a `metrics.json`; panics, naming it, when absent.
pub fn metric<'a>(metrics: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    metrics["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no metric {id}"))
}
