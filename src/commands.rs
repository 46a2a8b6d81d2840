//! The subcommands, each a short function over the library's stages, with
//! failures mapped to exit codes (1 bad data or failed build, 2 bad usage).

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{BuildArgs, CheckArgs, DiffArgs, ImportArgs, SynthArgs};
use crate::compute::format::plural;
use crate::compute::{compute, MetricSet};
use crate::load::{load_dataset, Dataset};
use crate::output::folder::Written;
use crate::report::model::Changes;
use crate::report::render::Typesetter;
use crate::report::{build_with, BuildOptions, Built};
use crate::revision::{known_by, quarters, scope_lines, Quarter};

/// Why a command failed, and the exit code that says so.
pub enum Failure {
    /// Bad usage: exit 2.
    Usage(String),
    /// Bad data or a failed build: exit 1.
    Data(String),
}

impl Failure {
    pub fn report(self) -> ExitCode {
        match self {
            Failure::Usage(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
            Failure::Data(message) => {
                eprintln!("{message}");
                ExitCode::from(1)
            }
        }
    }
}

type Outcome = Result<ExitCode, Failure>;

/// Hands a dataset to the operating system at exit instead of freeing a
/// million records one by one (a tenth of `check`'s time at that size).
fn release_at_exit<T>(value: T) {
    std::mem::forget(value);
}

fn load(dir: &Path) -> Result<Dataset, Failure> {
    if !dir.is_dir() {
        return Err(Failure::Usage(format!(
            "{}: data directory not found (give an existing folder with --data)",
            dir.display()
        )));
    }
    load_dataset(dir).map_err(|problems| Failure::Data(problems.to_string()))
}

fn load_and_compute(dir: &Path) -> Result<(Dataset, MetricSet), Failure> {
    let data = load(dir)?;
    let metrics = compute(&data)
        .map_err(|e| Failure::Data(format!("error: computing metrics failed: {e}")))?;
    Ok((data, metrics))
}

pub fn check(args: &CheckArgs) -> Outcome {
    let dir = args.data.data.as_path();
    let (data, metrics) = load_and_compute(dir)?;
    let problems = crate::report::check::check_definition(&data, &metrics);
    if !problems.is_empty() {
        let mut all = crate::problem::Problems::default();
        problems.into_iter().for_each(|p| all.push(p));
        return Err(Failure::Data(all.to_string()));
    }
    println!(
        "{}: valid — {} sources, {} incidents, {} casualty estimates, {} counts, {} strength estimates",
        dir.display(), data.sources.len(), data.incidents.len(), data.casualty_estimates.len(), data.counts.len(), data.strength.len()
    );
    release_at_exit((data, metrics));
    Ok(ExitCode::SUCCESS)
}

pub fn metrics(dir: &Path, out: Option<&Path>) -> Outcome {
    let (data, metrics) = load_and_compute(dir)?;
    release_at_exit(data);
    match out {
        Some(path) => crate::output::write_atomically(path, metrics.to_json().as_bytes())
            .map_err(|e| Failure::Data(format!("error: {}: cannot write: {e}", path.display())))?,
        None => print!("{}", metrics.to_json()),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(dir: &Path, id: &str) -> Outcome {
    let (data, metrics) = load_and_compute(dir)?;
    let text = crate::explain::explain(&data, &metrics, id)
        .map_err(|e| Failure::Data(format!("error: {e}")))?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// The documents a template folder must hold.
const DOCUMENTS: [&str; 2] = ["report.typ", "briefing.typ"];

/// Refuses, as bad usage, a template folder that is missing or lacks a document.
fn check_templates(folder: &Path) -> Result<(), Failure> {
    if !folder.is_dir() {
        return Err(Failure::Usage(format!(
            "{}: template folder not found (give one with --template)",
            folder.display()
        )));
    }
    match DOCUMENTS.iter().find(|d| !folder.join(d).is_file()) {
        Some(missing) => Err(Failure::Usage(format!(
            "{}: the template folder has no {missing} (it needs {})",
            folder.display(),
            DOCUMENTS.join(" and ")
        ))),
        None => Ok(()),
    }
}

/// One edition to build: its folder, cut-off and scope.
struct Edition {
    folder: String,
    cutoff: Option<NaiveDate>,
    name: String,
}

pub fn build(args: &BuildArgs) -> Outcome {
    let started = std::time::Instant::now();
    check_templates(&args.template)?;
    let data = load(&args.data.data)?;
    let typesetter = Typesetter::new(&args.template).map_err(|e| Failure::Data(e.to_string()))?;
    let editions = editions(args, &data);
    // The side compared against is read once, whatever the number of editions.
    let previous = match &args.compare_to {
        Some(rev) => Some(previous_snapshot(rev, &args.data.data)?),
        None => None,
    };
    let progress = progress_bar(editions.len());
    let (mut written, mut notes) = (Vec::new(), Vec::new());
    for edition in &editions {
        progress.set_message(edition.folder.clone());
        let built = build_edition(args, &data, edition, (&typesetter, previous.as_ref()))?;
        let folder = args.out.join(&edition.folder);
        if built.written.is_empty() {
            notes.push(format!(
                "{}: up to date (built from the same inputs)",
                folder.display()
            ));
        }
        notes.extend(left_out_note(&folder, built.left_out));
        written.extend(built.written);
        progress.inc(1);
    }
    progress.finish_and_clear();
    notes.iter().for_each(|note| println!("{note}"));
    release_at_exit(data);
    print_written(&written, started.elapsed());
    Ok(ExitCode::SUCCESS)
}

/// "reports/as-of-2020-01-01: 3 findings and 2 key numbers of report.toml
/// left out: their figures are not in this edition's data".
fn left_out_note(folder: &Path, left_out: crate::report::model::LeftOut) -> Option<String> {
    let parts: Vec<String> = [
        (left_out.findings, "finding", "findings"),
        (left_out.key_numbers, "key number", "key numbers"),
    ]
    .iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| plural(*n as u64, one, many))
    .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "{}: {} of report.toml left out: their figures are not in this edition's data",
            folder.display(),
            parts.join(" and ")
        )
    })
}

fn editions(args: &BuildArgs, data: &Dataset) -> Vec<Edition> {
    let quarter = |q: Quarter| Edition {
        folder: q.folder(),
        cutoff: Some(q.end()),
        name: format!("Quarterly edition {q}"),
    };
    if args.all_quarters {
        return quarters(data).into_iter().map(quarter).collect();
    }
    match (args.quarter, args.as_of) {
        (Some(q), _) => vec![quarter(q)],
        (None, Some(d)) => vec![Edition {
            folder: format!("as-of-{d}"),
            cutoff: Some(d),
            name: format!("As-of edition {d}"),
        }],
        (None, None) => vec![Edition {
            folder: "latest".into(),
            cutoff: None,
            name: String::new(),
        }],
    }
}

fn build_edition(
    args: &BuildArgs,
    data: &Dataset,
    edition: &Edition,
    (typesetter, previous): (&Typesetter, Option<&crate::diff::Snapshot>),
) -> Result<Built, Failure> {
    let (known, scope) = match edition.cutoff {
        Some(cutoff) => {
            let (known, left_out) = known_by(data, cutoff);
            let scope = scope_lines(data, cutoff, &edition.name, &left_out);
            (std::borrow::Cow::Owned(known), scope)
        }
        None => (std::borrow::Cow::Borrowed(data), Vec::new()),
    };
    let compare = |data: &Dataset, metrics: &MetricSet| {
        let (rev, old) = (args.compare_to.as_deref().unwrap_or(""), previous);
        changes_since(rev, old.expect("compared only with a side"), data, metrics)
    };
    let options = BuildOptions {
        out: args.out.clone(),
        templates: args.template.clone(),
        folder: edition.folder.clone(),
        scope,
        compare: previous.map(|_| &compare as crate::report::CompareWith),
        as_of: edition.cutoff,
        force: args.force,
        briefing_pages: args.briefing_pages,
    };
    build_with(&known, &options, typesetter).map_err(|e| Failure::Data(e.to_string()))
}

/// The "Changes since REV" part of a compared build: `data`, whose
/// metrics are `metrics`, against the side read from REV.
fn changes_since(
    rev: &str,
    old: &crate::diff::Snapshot,
    data: &Dataset,
    metrics: &MetricSet,
) -> Changes {
    let new = crate::diff::Side {
        label: "this edition",
        metrics,
        data: Some(data),
    };
    let diff = crate::diff::diff(old.side(), new, false);
    let moved = diff
        .metrics
        .iter()
        .filter(|m| m.change != crate::diff::Change::Unchanged)
        .map(|m| (m.id.clone(), m.old_display.clone(), m.new_display.clone()))
        .collect();
    Changes {
        against: rev.to_string(),
        summary: diff.summary(),
        lines: diff.metric_lines(false),
        metrics: moved,
    }
}

/// The side a compared build is compared against (anything `diff` reads).
fn previous_snapshot(rev: &str, data_dir: &Path) -> Result<crate::diff::Snapshot, Failure> {
    crate::diff::snapshot(rev, Path::new("."), &data_dir.display().to_string())
        .map_err(|e| Failure::Data(e.to_string()))
}

fn progress_bar(len: usize) -> indicatif::ProgressBar {
    if len <= 4 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} quarters {msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// One line per file written, with its size and page count, then the time.
fn print_written(written: &[Written], elapsed: std::time::Duration) {
    for w in written {
        let pages = w
            .pages
            .map(|p| format!(", {}", plural(p as u64, "page", "pages")))
            .unwrap_or_default();
        println!(
            "wrote {} ({}{pages})",
            w.path.display(),
            human_size(w.bytes)
        );
    }
    println!(
        "built {} files in {:.2} s",
        written.len(),
        elapsed.as_secs_f64()
    );
}

fn human_size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / 1024.0 / 1024.0),
    }
}

pub fn diff(args: &DiffArgs) -> Outcome {
    let side = |spec: &str| {
        crate::diff::snapshot(spec, Path::new("."), &args.data_path).map_err(|e| match e {
            crate::diff::SideError::Unknown(_) => {
                Failure::Usage(e.to_string().trim_start_matches("error: ").to_string())
            }
            other => Failure::Data(other.to_string()),
        })
    };
    // The two sides are read and computed side by side, one per core.
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| side(&args.old));
        let new = side(&args.new);
        (old.join().expect("reading a side does not panic"), new)
    });
    let (old, new) = (old?, new?);
    let clock = crate::timing::Stopwatch::start();
    let diff = crate::diff::diff(old.side(), new.side(), args.all);
    clock.lap("diff: compare");
    print!("{}", diff.render(args.format, args.all));
    clock.lap("diff: render");
    release_at_exit((old, new));
    Ok(if args.exit_code && !diff.identical {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn synth(args: &SynthArgs) -> Outcome {
    if !args.vocabularies.is_dir() {
        return Err(Failure::Usage(format!(
            "{}: vocabulary folder not found (give one with --vocabularies)",
            args.vocabularies.display()
        )));
    }
    let summary = crate::synth::synth(args.events, args.seed, &args.vocabularies, &args.out)
        .map_err(|e| Failure::Data(format!("error: cannot write {}: {e}", args.out.display())))?;
    println!(
        "wrote {}: {} incidents, {} casualty estimates, {} sources, {} counts, {} strength estimates",
        args.out.display(), summary.incidents, summary.casualty_estimates, summary.sources, summary.counts, summary.strength
    );
    Ok(ExitCode::SUCCESS)
}

pub fn import(args: &ImportArgs) -> Outcome {
    if !args.file.is_file() {
        return Err(Failure::Usage(format!(
            "{}: file not found",
            args.file.display()
        )));
    }
    let options = crate::import::ImportOptions {
        format: args.format,
        input: args.file.clone(),
        out: args.out.clone(),
        mapping: args.mapping.clone(),
        data: args.data.data.clone(),
    };
    match crate::import::run(&options) {
        Ok(summary) => {
            println!("wrote {}", summary.output.display());
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ crate::import::ImportError::Mapping { .. }) => Err(Failure::Usage(e.to_string())),
        Err(e) => Err(Failure::Data(e.to_string())),
    }
}
