//! The report: from computed metrics to finished documents.
//!
//! `sitrep build`, after the caller has loaded and validated the data, is
//! one short chain of named stages: compute → chart → model → typeset →
//! write. [`model`] builds what the templates print (`/data.json`),
//! [`figures`] chooses the charts and [`chart`] draws them, [`render`]
//! typesets the Typst templates in-process, and [`crate::output`] writes
//! the folder atomically and keeps the build cache.
//!
//! Nothing is written until every output exists in memory, so a failed or
//! killed build leaves the previous report exactly as it was.

pub mod chart;
pub mod figures;
pub mod model;
pub mod render;

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use crate::compute::{compute, MetricSet};
use crate::load::Dataset;
use crate::output::cache::{folder_files, inputs_key, remember, up_to_date};
use crate::output::folder::{write_folder, Files, WriteError, Written};
use crate::timing::Stopwatch;
use chart::render_svg;
use figures::ChartRef;
use model::{model, Changes};
use render::{world::VirtualFiles, Typesetter};

/// Says what changed since an earlier revision, given this edition's data
/// and metrics (`--compare-to`; the caller knows how to read the other side).
pub type CompareWith<'a> = &'a dyn Fn(&Dataset, &MetricSet) -> Changes;

/// What to build and where.
#[derive(Clone)]
pub struct BuildOptions<'a> {
    /// The folder holding `latest/` (or a quarter's folder).
    pub out: PathBuf,
    pub templates: PathBuf,
    /// Name of the output folder under `out`: `latest`, `2023-Q3`, …
    pub folder: String,
    /// Lines saying what this edition covers and leaves out.
    pub scope: Vec<String>,
    /// A "Changes since …" section, for a compared build.
    pub compare: Option<CompareWith<'a>>,
    /// The cut-off of an as-of or quarterly edition: printed as its as-of
    /// date and used as its PDF date.
    pub as_of: Option<NaiveDate>,
    /// Typeset even when the folder is up to date.
    pub force: bool,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("error: computing metrics failed: {0}")]
    Compute(String),
    #[error("error: drawing chart {0} failed: {1}")]
    Chart(String, String),
    #[error("{0}")]
    Render(#[from] render::RenderError),
    #[error("{0}")]
    Write(#[from] WriteError),
    #[error("error: SOURCE_DATE_EPOCH={0} is not a number of seconds since 1970")]
    Epoch(String),
}

/// The outputs of a build, in memory, keyed by their path in the folder.
pub struct Outputs {
    pub files: Files,
    pub metrics: MetricSet,
    /// The output folder already holds exactly these outputs.
    pub up_to_date: bool,
    /// The inputs key (see [`crate::output::cache`]).
    pub key: String,
}

/// Builds an already loaded dataset with a prepared typesetter (several
/// editions of one build share its fonts and compilation caches).
///
/// Returns the files written, or none when the folder is already up to date.
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

/// What Typst is handed for one build: `/data.json` and `/charts/*.svg`.
struct TypstInputs {
    files: VirtualFiles,
    charts: Vec<(ChartRef, String)>,
}

/// Every output of a build, in memory: metrics, charts, the two PDFs.
pub fn produce(
    data: &Dataset,
    options: &BuildOptions<'_>,
    typesetter: &Typesetter,
) -> Result<Outputs, BuildError> {
    let clock = Stopwatch::start();
    let metrics = edition_metrics(data, options.as_of)?;
    clock.lap("compute");
    let inputs = typst_inputs(data, &metrics, options)?;
    clock.lap("charts and model");
    let stamp = timestamp(metrics.as_of.parse().unwrap_or_default())?;
    let key = key_of(&inputs.files, options, stamp);
    if !options.force && up_to_date(&options.out, &options.folder, &key, &names(&inputs)) {
        return Ok(Outputs {
            files: Files::new(),
            metrics,
            up_to_date: true,
            key,
        });
    }
    let files = typeset_all(typesetter, &inputs, &metrics, stamp, &clock)?;
    Ok(Outputs {
        files,
        metrics,
        up_to_date: false,
        key,
    })
}

/// The metrics of the data, dated at the edition's cut-off when it has one.
fn edition_metrics(data: &Dataset, as_of: Option<NaiveDate>) -> Result<MetricSet, BuildError> {
    let mut metrics = compute(data).map_err(|e| BuildError::Compute(e.to_string()))?;
    if let Some(as_of) = as_of {
        metrics.as_of = as_of.to_string();
    }
    Ok(metrics)
}

/// Draws the charts and builds the model, as the virtual files Typst reads.
fn typst_inputs(
    data: &Dataset,
    metrics: &MetricSet,
    options: &BuildOptions<'_>,
) -> Result<TypstInputs, BuildError> {
    let charts = draw_charts(metrics)?;
    let refs: Vec<ChartRef> = charts.iter().map(|(r, _)| r.clone()).collect();
    let changes = options.compare.map(|compare| compare(data, metrics));
    let report_model = model(data, metrics, &refs, options.scope.clone(), changes);
    let json = serde_json::to_vec_pretty(&report_model).expect("the report model serialises");
    let mut files: VirtualFiles = charts
        .iter()
        .map(|(r, svg)| (chart_path(r), typst::foundations::Bytes::new(svg.clone())))
        .collect();
    files.insert("data.json".into(), typst::foundations::Bytes::new(json));
    Ok(TypstInputs { files, charts })
}

fn chart_path(chart: &ChartRef) -> String {
    format!("charts/{}.svg", chart.id)
}

/// The inputs key: the virtual files, the templates and the PDF timestamp.
fn key_of(files: &VirtualFiles, options: &BuildOptions<'_>, stamp: NaiveDateTime) -> String {
    let templates = folder_files(&options.templates);
    let stamp = stamp.to_string();
    let virtual_files = files.iter().map(|(name, bytes)| (name.clone(), &bytes[..]));
    let template_files = templates
        .iter()
        .map(|(name, bytes)| (format!("templates/{name}"), &bytes[..]));
    let timestamp = std::iter::once(("timestamp".to_string(), stamp.as_bytes()));
    inputs_key(virtual_files.chain(template_files).chain(timestamp))
}

/// The names of every output a complete folder holds.
fn names(inputs: &TypstInputs) -> Vec<String> {
    let documents = ["report.pdf", "briefing.pdf", "metrics.json"].map(String::from);
    let charts = inputs.charts.iter().map(|(r, _)| chart_path(r));
    documents.into_iter().chain(charts).collect()
}

/// Typesets both documents and gathers every output file.
fn typeset_all(
    typesetter: &Typesetter,
    inputs: &TypstInputs,
    metrics: &MetricSet,
    stamp: NaiveDateTime,
    clock: &Stopwatch,
) -> Result<Files, BuildError> {
    let mut files = Files::new();
    for name in ["report", "briefing"] {
        let typeset = typesetter.typeset(&format!("{name}.typ"), &inputs.files, stamp)?;
        files.insert(format!("{name}.pdf"), (typeset.pdf, Some(typeset.pages)));
        clock.lap(name);
    }
    files.insert(
        "metrics.json".into(),
        (metrics.to_json().into_bytes(), None),
    );
    for (r, svg) in &inputs.charts {
        files.insert(chart_path(r), (svg.clone().into_bytes(), None));
    }
    Ok(files)
}

fn draw_charts(metrics: &MetricSet) -> Result<Vec<(ChartRef, String)>, BuildError> {
    figures::charts(metrics)
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
