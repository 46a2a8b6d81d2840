//! `sitrep build`, after the caller has loaded and validated the data: one
//! short chain of named stages — compute, chart, model, typeset, write.
//!
//! Nothing is written until every output exists in memory. The outputs are
//! then written into a fresh hidden folder beside the target and swapped in
//! with one atomic rename, so a failed or killed build leaves the previous
//! report exactly as it was, and no reader ever sees a half-written file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use sha2::Digest;

use crate::chart::render_svg;
use crate::compute::{compute, MetricSet};
use crate::diff::Side;
use crate::document::{model, Changes, ChartRef};
use crate::load::Dataset;
use crate::problem::Problems;
use crate::render::{world::VirtualFiles, Typesetter};
use crate::timing::Stopwatch;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions<'a> {
    /// The folder holding `latest/` (or a quarter's folder).
    pub out: PathBuf,
    pub templates: PathBuf,
    /// Name of the output folder under `out`: `latest`, `2023-Q3`, …
    pub folder: String,
    /// Lines saying what this edition covers and leaves out.
    pub scope: Vec<String>,
    /// What a compared build (`--compare-to REV`) is compared against:
    /// REV as given, and the side read from it.
    pub compare_to: Option<(&'a str, Side<'a>)>,
    /// The cut-off of an as-of or quarterly edition: printed as its as-of
    /// date and used as its PDF date.
    pub as_of: Option<NaiveDate>,
    /// Typeset even when the folder is up to date.
    pub force: bool,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Data(Problems),
    #[error("error: computing metrics failed: {0}")]
    Compute(String),
    #[error("error: drawing chart {0} failed: {1}")]
    Chart(String, String),
    #[error("{0}")]
    Render(#[from] crate::render::RenderError),
    #[error("error: cannot write {0}: {1}")]
    Write(PathBuf, std::io::Error),
    #[error("error: SOURCE_DATE_EPOCH={0} is not a number of seconds since 1970")]
    Epoch(String),
}

/// One file of a finished build, for the closing summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: usize,
    pub pages: Option<usize>,
}

/// The outputs of a build, in memory, keyed by their path in the folder.
pub struct Outputs {
    pub files: BTreeMap<String, (Vec<u8>, Option<usize>)>,
    pub metrics: MetricSet,
    /// The output folder already holds exactly these outputs.
    pub up_to_date: bool,
    /// The inputs key (see [`CACHE`]).
    pub key: String,
}

/// Builds an already loaded dataset with a prepared typesetter (several
/// editions of one build share its fonts and compilation caches).
///
/// Returns the files written, or none when the folder is already up to date
/// (see [`CACHE`]).
pub fn build_with(
    data: &Dataset,
    options: &BuildOptions<'_>,
    typesetter: &Typesetter,
) -> Result<Vec<Written>, BuildError> {
    let outputs = produce(data, options, typesetter)?;
    if outputs.up_to_date {
        return Ok(Vec::new());
    }
    let written = write_folder(&options.out, &options.folder, &outputs.files)?;
    remember(&options.out, &options.folder, &outputs.key)?;
    Ok(written)
}

/// Where each output folder's inputs key is kept: `OUT/.sitrep-cache/{folder}`
/// holds the sha256 of everything the folder's outputs were made from (the
/// JSON and charts handed to Typst, the templates, the PDF timestamp and the
/// sitrep executable). When a new build would hand Typst exactly the same,
/// its outputs would be byte-identical, so typesetting is skipped (this is
/// how `--all-quarters` reuses the quarters a correction does not reach).
/// The key lives beside the output folders, not in them, which hold only
/// the outputs.
pub const CACHE: &str = ".sitrep-cache";

/// The sha256 of everything a build's outputs are made from.
fn inputs_key(files: &VirtualFiles, templates: &Path, stamp: NaiveDateTime) -> String {
    let mut hash = sha2::Sha256::new();
    let mut feed = |name: &str, bytes: &[u8]| {
        hash.update(name.as_bytes());
        hash.update([0]);
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    for (name, bytes) in files {
        feed(name, bytes);
    }
    for (name, bytes) in folder_files(templates) {
        feed(&format!("templates/{name}"), &bytes);
    }
    feed("timestamp", stamp.to_string().as_bytes());
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
fn folder_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
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

/// Whether `out/folder` holds a complete build made from inputs with `key`.
fn up_to_date(out: &Path, folder: &str, key: &str, names: &[String]) -> bool {
    let recorded = std::fs::read_to_string(out.join(CACHE).join(folder)).unwrap_or_default();
    recorded.trim() == key
        && names
            .iter()
            .all(|name| out.join(folder).join(name).is_file())
}

/// Records the inputs key of `out/folder`, after its outputs are in place
/// (a build killed in between only costs a rebuild next time).
fn remember(out: &Path, folder: &str, key: &str) -> Result<(), BuildError> {
    let dir = out.join(CACHE);
    std::fs::create_dir_all(&dir).map_err(|e| BuildError::Write(dir.clone(), e))?;
    let path = dir.join(folder);
    crate::output::write_atomically(&path, format!("{key}\n").as_bytes())
        .map_err(|e| BuildError::Write(path, e))
}

/// The "Changes since REV" part of a compared build: `data`, whose
/// metrics are `metrics`, against the side `old` read from REV.
fn changes_since(rev: &str, old: Side, data: &Dataset, metrics: &MetricSet) -> Changes {
    let new = Side {
        label: "this edition",
        metrics,
        data: Some(data),
    };
    let diff = crate::diff::diff(old, new, false);
    Changes {
        against: rev.to_string(),
        summary: diff.summary(),
        lines: diff.metric_lines(false),
    }
}

/// Every output of a build, in memory: metrics, charts, the two PDFs.
pub fn produce(
    data: &Dataset,
    options: &BuildOptions<'_>,
    typesetter: &Typesetter,
) -> Result<Outputs, BuildError> {
    let clock = Stopwatch::start();
    let mut metrics = compute(data).map_err(|e| BuildError::Compute(e.to_string()))?;
    clock.lap("compute");
    if let Some(as_of) = options.as_of {
        metrics.as_of = as_of.to_string();
    }
    let charts = draw_charts(&metrics)?;
    clock.lap("charts");
    let refs: Vec<ChartRef> = charts.iter().map(|(r, _)| r.clone()).collect();
    let changes = options
        .compare_to
        .map(|(rev, old)| changes_since(rev, old, data, &metrics));
    let report_model = model(data, &metrics, &refs, options.scope.clone(), changes);
    let json = serde_json::to_vec_pretty(&report_model).expect("the report model serialises");
    let mut virtual_files: VirtualFiles = charts
        .iter()
        .map(|(r, svg)| {
            (
                format!("charts/{}.svg", r.id),
                typst::foundations::Bytes::new(svg.clone().into_bytes()),
            )
        })
        .collect();
    virtual_files.insert("data.json".into(), typst::foundations::Bytes::new(json));
    clock.lap("model");
    let stamp = timestamp(metrics.as_of.parse().unwrap_or_default())?;
    let key = inputs_key(&virtual_files, &options.templates, stamp);
    let mut names: Vec<String> = ["report.pdf", "briefing.pdf", "metrics.json"]
        .map(String::from)
        .to_vec();
    names.extend(charts.iter().map(|(r, _)| format!("charts/{}.svg", r.id)));
    if !options.force && up_to_date(&options.out, &options.folder, &key, &names) {
        return Ok(Outputs {
            files: BTreeMap::new(),
            metrics,
            up_to_date: true,
            key,
        });
    }
    let mut files = BTreeMap::new();
    for name in ["report", "briefing"] {
        let typeset = typesetter.typeset(&format!("{name}.typ"), &virtual_files, stamp)?;
        files.insert(format!("{name}.pdf"), (typeset.pdf, Some(typeset.pages)));
        clock.lap(name);
    }
    files.insert(
        "metrics.json".into(),
        (metrics.to_json().into_bytes(), None),
    );
    for (r, svg) in charts {
        files.insert(format!("charts/{}.svg", r.id), (svg.into_bytes(), None));
    }
    Ok(Outputs {
        files,
        metrics,
        up_to_date: false,
        key,
    })
}

fn draw_charts(metrics: &MetricSet) -> Result<Vec<(ChartRef, String)>, BuildError> {
    crate::figures::charts(metrics)
        .into_iter()
        .map(|(chart, r)| {
            render_svg(&chart)
                .map(|svg| (r, svg))
                .map_err(|e| BuildError::Chart(chart.id().to_string(), e.to_string()))
        })
        .collect()
}

/// The PDF timestamp: `SOURCE_DATE_EPOCH` when set, else midnight UTC of the
/// data's as-of date (the latest source date). Never the clock.
pub fn timestamp(as_of: NaiveDate) -> Result<NaiveDateTime, BuildError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => {
            let seconds: i64 = text
                .trim()
                .parse()
                .map_err(|_| BuildError::Epoch(text.clone()))?;
            DateTime::from_timestamp(seconds, 0)
                .map(|d| d.naive_utc())
                .ok_or(BuildError::Epoch(text))
        }
        Err(_) => Ok(as_of.and_hms_opt(0, 0, 0).expect("midnight exists")),
    }
}

/// Writes `files` into `out/folder` by building `out/.folder.tmp-*` and
/// swapping it in atomically.
fn write_folder(
    out: &Path,
    folder: &str,
    files: &BTreeMap<String, (Vec<u8>, Option<usize>)>,
) -> Result<Vec<Written>, BuildError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| BuildError::Write(path, e)
    };
    std::fs::create_dir_all(out).map_err(io(out))?;
    remove_stale_staging(out, folder);
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{folder}.tmp-"))
        .tempdir_in(out)
        .map_err(io(out))?;
    let mut written = Vec::new();
    for (name, (bytes, pages)) in files {
        let path = staging.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))?;
        written.push(Written {
            path: out.join(folder).join(name),
            bytes: bytes.len(),
            pages: *pages,
        });
    }
    sync_tree(staging.path()).map_err(io(staging.path()))?;
    let target = out.join(folder);
    swap_in(staging.keep(), &target).map_err(io(&target))?;
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
