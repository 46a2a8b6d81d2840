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
pub mod check;
pub mod figures;
pub mod model;
pub mod placeholders;
pub mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use crate::compute::{compute, MetricSet};
use crate::load::Dataset;
use crate::output::cache::{inputs_key, remember, up_to_date};
use crate::output::folder::{write_folder, Files, WriteError, Written};
use crate::settings::{Output, Publication};
use crate::timing::Stopwatch;
use chart::render_svg;
use figures::ChartRef;
use model::{model, Changes};
use render::{world::VirtualFiles, Templates, Typesetter};

/// Says what changed since an earlier revision, given this edition's data
/// and metrics (`--compare-to`; the caller knows how to read the other side).
pub type CompareWith<'a> = &'a dyn Fn(&Dataset, &MetricSet) -> Changes;

/// How the documents are published: the project's settings (sitrep.toml)
/// and its logo, read once.
#[derive(Debug, Clone, Default)]
pub struct Publishing {
    pub settings: Publication,
    pub logo: Option<Logo>,
}

/// The project's logo, handed to Typst as `/logo.{ext}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    /// Its virtual path: `logo.png`, `logo.jpg` or `logo.svg`.
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Logo {
    /// Reads a PNG, JPEG or SVG image; the message says what is wrong.
    pub fn read(path: &std::path::Path) -> Result<Logo, String> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let ext = match ext.as_str() {
            "png" | "svg" => ext,
            "jpg" | "jpeg" => "jpg".to_string(),
            _ => {
                return Err(format!(
                    "{}: the logo must be a PNG, JPEG or SVG image",
                    path.display()
                ))
            }
        };
        let bytes = std::fs::read(path)
            .map_err(|e| format!("{}: the logo cannot be read: {e}", path.display()))?;
        Ok(Logo {
            name: format!("logo.{ext}"),
            bytes,
        })
    }
}

/// What to build and where.
#[derive(Clone)]
pub struct BuildOptions<'a> {
    /// The folder holding `latest/` (or a quarter's folder).
    pub out: PathBuf,
    pub templates: Templates,
    pub publication: Publishing,
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
    /// Pages of the briefing: 1 or 2.
    pub briefing_pages: u8,
    /// Also write what Typst is given into `typst/` of the folder.
    pub keep_typst: bool,
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
    /// What of the report definition this edition's metrics cannot fill.
    pub left_out: model::LeftOut,
    /// Characters of the data no embedded font has, set as a box.
    pub unshown: BTreeSet<char>,
}

/// What a build wrote, and what of the definition it left out.
#[derive(Debug, Default)]
pub struct Built {
    /// Empty when the folder was already up to date.
    pub written: Vec<Written>,
    pub left_out: model::LeftOut,
    /// Characters of the data no embedded font has, set as a box.
    pub unshown: BTreeSet<char>,
}

/// Builds an already loaded dataset with a prepared typesetter (several
/// editions of one build share its fonts and compilation caches).
///
/// Returns the files written (none when the folder is already up to date)
/// and what of the report definition the edition left out.
pub fn build_with(
    data: &Dataset,
    options: &BuildOptions<'_>,
    typesetter: &Typesetter,
) -> Result<Built, BuildError> {
    let outputs = produce(data, options, typesetter)?;
    let (left_out, unshown) = (outputs.left_out, outputs.unshown);
    if outputs.up_to_date {
        return Ok(Built {
            written: Vec::new(),
            left_out,
            unshown,
        });
    }
    let clock = Stopwatch::start();
    let written = write_folder(&options.out, &options.folder, &outputs.files)?;
    clock.lap("write (synced)");
    remember(&options.out, &options.folder, &outputs.key)?;
    Ok(Built {
        written,
        left_out,
        unshown,
    })
}

/// What Typst is handed for one build: `/data.json` and `/charts/*.svg`.
struct TypstInputs {
    files: VirtualFiles,
    charts: Vec<(ChartRef, String)>,
    left_out: model::LeftOut,
    /// Characters of the data no embedded font has, set as a box.
    unshown: BTreeSet<char>,
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
    let inputs = typst_inputs(data, &metrics, options, typesetter)?;
    clock.lap("charts and model");
    let stamp = timestamp(metrics.as_of.parse().unwrap_or_default())?;
    let key = key_of(&inputs.files, options, stamp);
    let outputs = &options.publication.settings.outputs;
    let mut expected = names(&inputs, outputs);
    if options.keep_typst {
        expected.extend(typst_folder(&inputs, &options.templates).into_keys());
    }
    if !options.force && up_to_date(&options.out, &options.folder, &key, &expected) {
        return Ok(Outputs {
            files: Files::new(),
            metrics,
            up_to_date: true,
            key,
            left_out: inputs.left_out,
            unshown: inputs.unshown,
        });
    }
    let mut files = typeset_all(typesetter, (&inputs, outputs), &metrics, stamp, &clock)?;
    if options.keep_typst {
        let kept = typst_folder(&inputs, &options.templates);
        files.extend(kept.into_iter().map(|(name, bytes)| (name, (bytes, None))));
    }
    Ok(Outputs {
        files,
        metrics,
        up_to_date: false,
        key,
        left_out: inputs.left_out,
        unshown: inputs.unshown,
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

/// Builds the model and draws the charts it shows, as the virtual files
/// Typst reads.
fn typst_inputs(
    data: &Dataset,
    metrics: &MetricSet,
    options: &BuildOptions<'_>,
    typesetter: &Typesetter,
) -> Result<TypstInputs, BuildError> {
    let clock = Stopwatch::start();
    let catalogue = figures::catalogue(data, metrics);
    clock.lap("charts: catalogue");
    let refs: Vec<ChartRef> = catalogue.iter().map(|(_, r)| r.clone()).collect();
    let edition = model::Edition {
        scope: options.scope.clone(),
        changes: options.compare.map(|compare| compare(data, metrics)),
        publication: &options.publication,
    };
    let mut report_model = model(data, metrics, &refs, edition);
    report_model.briefing.pages = options.briefing_pages;
    clock.lap("model");
    let charts = draw_charts(catalogue, &shown(&report_model))?;
    clock.lap("charts: drawn");
    let mut json = serde_json::to_value(&report_model).expect("the report model serialises");
    let unshown = typesetter.glyphs().make_showable(&mut json);
    let json = serde_json::to_vec_pretty(&json).expect("JSON serialises");
    clock.lap("model: JSON");
    let mut files: VirtualFiles = charts
        .iter()
        .map(|(r, svg)| (chart_path(r), typst::foundations::Bytes::new(svg.clone())))
        .collect();
    files.insert("data.json".into(), typst::foundations::Bytes::new(json));
    if let Some(logo) = &options.publication.logo {
        files.insert(
            logo.name.clone(),
            typst::foundations::Bytes::new(logo.bytes.clone()),
        );
    }
    let left_out = report_model.left_out;
    Ok(TypstInputs {
        files,
        charts,
        left_out,
        unshown,
    })
}

fn chart_path(chart: &ChartRef) -> String {
    format!("charts/{}.svg", chart.id)
}

/// The inputs key: the virtual files, the templates, the PDF timestamp
/// and the outputs asked for.
fn key_of(files: &VirtualFiles, options: &BuildOptions<'_>, stamp: NaiveDateTime) -> String {
    let templates = options.templates.files();
    let stamp = format!("{stamp} {:?}", options.publication.settings.outputs);
    let virtual_files = files.iter().map(|(name, bytes)| (name.clone(), &bytes[..]));
    let template_files = templates
        .iter()
        .map(|(name, bytes)| (format!("templates/{name}"), &bytes[..]));
    let timestamp = std::iter::once(("timestamp".to_string(), stamp.as_bytes()));
    inputs_key(virtual_files.chain(template_files).chain(timestamp))
}

/// The names of every output a complete folder holds.
fn names(inputs: &TypstInputs, outputs: &[Output]) -> Vec<String> {
    let documents = [
        (Output::Report, "report.pdf"),
        (Output::Briefing, "briefing.pdf"),
        (Output::Metrics, "metrics.json"),
    ];
    let documents = documents
        .into_iter()
        .filter(|(o, _)| outputs.contains(o))
        .map(|(_, name)| name.to_string());
    let charts = inputs.charts.iter().map(|(r, _)| chart_path(r));
    let charts = charts.filter(|_| outputs.contains(&Output::Charts));
    documents.chain(charts).collect()
}

/// Where `--keep-typst` puts what Typst is given, in the output folder.
pub const TYPST_FOLDER: &str = "typst";

/// With `--keep-typst`: the template files and the virtual files (which a
/// template of the same name would not shadow), by their path under
/// [`TYPST_FOLDER`], laid out as Typst reads them, so that `typst compile
/// --root typst typst/report.typ` sees exactly what sitrep's compile saw.
fn typst_folder(inputs: &TypstInputs, templates: &Templates) -> BTreeMap<String, Vec<u8>> {
    let virtual_files = inputs
        .files
        .iter()
        .map(|(name, b)| (name.clone(), b.to_vec()));
    templates
        .files()
        .into_iter()
        .chain(virtual_files)
        .map(|(name, bytes)| (format!("{TYPST_FOLDER}/{name}"), bytes))
        .collect()
}

/// Typesets both documents and gathers every output file.
fn typeset_all(
    typesetter: &Typesetter,
    (inputs, outputs): (&TypstInputs, &[Output]),
    metrics: &MetricSet,
    stamp: NaiveDateTime,
    clock: &Stopwatch,
) -> Result<Files, BuildError> {
    let mut files = Files::new();
    let documents = [(Output::Report, "report"), (Output::Briefing, "briefing")];
    let names: Vec<&str> = documents
        .iter()
        .filter(|(o, _)| outputs.contains(o))
        .map(|(_, name)| *name)
        .collect();
    let trace = render::trace::Trace::from_env();
    let typeset = typeset_side_by_side(typesetter, &names, &inputs.files, stamp);
    if let Some(Err(e)) = trace.map(|t| typesetter.write_trace(t, &inputs.files)) {
        eprintln!("warning: {}: {e}", render::trace::VARIABLE);
    }
    for (name, typeset) in names.iter().zip(typeset) {
        let typeset = typeset?;
        files.insert(format!("{name}.pdf"), (typeset.pdf, Some(typeset.pages)));
    }
    clock.lap(&names.join(" and "));
    if outputs.contains(&Output::Metrics) {
        let json = metrics.to_json().into_bytes();
        files.insert("metrics.json".into(), (json, None));
    }
    if outputs.contains(&Output::Charts) {
        for (r, svg) in &inputs.charts {
            files.insert(chart_path(r), (svg.clone().into_bytes(), None));
        }
    }
    Ok(files)
}

/// Typesets the documents `names` (`report`, `briefing`), one per core, in
/// one warmed-up process: the compiles share the fonts, the library and
/// Typst's memoized results. Results come in the order of `names`, so the
/// first failure reported is the same as when they are typeset in turn.
fn typeset_side_by_side(
    typesetter: &Typesetter,
    names: &[&str],
    files: &VirtualFiles,
    stamp: NaiveDateTime,
) -> Vec<Result<render::Typeset, render::RenderError>> {
    std::thread::scope(|scope| {
        let compiles: Vec<_> = names
            .iter()
            .map(|name| {
                let main = format!("{name}.typ");
                scope.spawn(move || typesetter.typeset(&main, files, stamp))
            })
            .collect();
        let joined = compiles
            .into_iter()
            .map(|c| c.join().expect("Typst does not panic"));
        joined.collect()
    })
}

/// The ids of the charts the report or the briefing shows.
fn shown(model: &model::ReportModel) -> std::collections::BTreeSet<String> {
    let sections = model.sections.iter().flat_map(|s| &s.charts);
    sections
        .chain(&model.briefing.charts)
        .map(|c| c.id.clone())
        .collect()
}

/// Draws the charts of `catalogue` that `shown` names.
fn draw_charts(
    catalogue: Vec<(chart::Chart, ChartRef)>,
    shown: &std::collections::BTreeSet<String>,
) -> Result<Vec<(ChartRef, String)>, BuildError> {
    catalogue
        .into_iter()
        .filter(|(_, r)| shown.contains(&r.id))
        .map(|(chart, r)| {
            render_svg(&chart, &r.alt)
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
