//! The subcommands, each a short function over the library's stages, with
//! failures mapped to exit codes (1 bad data or failed build, 2 bad usage).

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{BuildArgs, CheckArgs, DiffArgs, ImportArgs, SynthArgs, DEFAULT_DATA};
use crate::compute::format::plural;
use crate::compute::{compute, MetricSet};
use crate::import::{ImportError, ImportOptions};
use crate::load::{load_dataset, Dataset};
use crate::pipeline::{build_with, BuildOptions, Written};
use crate::problem::Problems;
use crate::render::Typesetter;
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

/// Loads `dir` after accounting for every file in it: each `.csv` no build
/// reads is a warning on stderr, or with `strict` a problem reported before
/// the data's own.
fn load_accounted(dir: &Path, strict: bool) -> Result<Dataset, Failure> {
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
    match load_dataset(dir) {
        Ok(data) if problems.is_empty() => Ok(data),
        Ok(_) => Err(Failure::Data(problems.to_string())),
        Err(more) => {
            problems.extend(more);
            Err(Failure::Data(problems.to_string()))
        }
    }
}

pub fn check(args: &CheckArgs) -> Outcome {
    let dir = args.data.data.as_path();
    let data = load_accounted(dir, args.strict)?;
    println!(
        "{}: valid — {} sources, {} incidents, {} casualty estimates, {} counts, {} strength estimates, {}",
        dir.display(), data.sources.len(), data.incidents.len(), data.casualty_estimates.len(), data.counts.len(), data.strength.len(), imported_events(&data)
    );
    release_at_exit(data);
    Ok(ExitCode::SUCCESS)
}

/// "no imported events", or "5839 imported events (pakistan-suicide-bombings
/// 496, ucdp 5343)": the events per dataset, by dataset name.
fn imported_events(data: &Dataset) -> String {
    let mut per_dataset = std::collections::BTreeMap::new();
    for event in &data.events {
        *per_dataset.entry(event.dataset.as_str()).or_insert(0u64) += 1;
    }
    if per_dataset.is_empty() {
        return "no imported events".to_string();
    }
    let each: Vec<String> = per_dataset
        .iter()
        .map(|(dataset, n)| format!("{dataset} {n}"))
        .collect();
    let total = data.events.len() as u64;
    let events = plural(total, "imported event", "imported events");
    format!("{events} ({})", each.join(", "))
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
    let data = load_accounted(&args.data.data, args.strict)?;
    let typesetter = Typesetter::new(&args.template).map_err(|e| Failure::Data(e.to_string()))?;
    let editions = editions(args, &data);
    // The side compared against is read once, whatever the number of editions.
    let previous = match &args.compare_to {
        Some(rev) => Some(previous_snapshot(rev, &args.data.data)?),
        None => None,
    };
    let progress = progress_bar(editions.len());
    let (mut written, mut current) = (Vec::new(), Vec::new());
    for edition in &editions {
        progress.set_message(edition.folder.clone());
        let files = build_edition(args, &data, edition, (&typesetter, previous.as_ref()))?;
        if files.is_empty() {
            current.push(args.out.join(&edition.folder));
        }
        written.extend(files);
        progress.inc(1);
    }
    progress.finish_and_clear();
    for folder in current {
        println!(
            "{}: up to date (built from the same inputs)",
            folder.display()
        );
    }
    release_at_exit(data);
    print_written(&written, started.elapsed());
    Ok(ExitCode::SUCCESS)
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
) -> Result<Vec<Written>, Failure> {
    let (known, scope) = match edition.cutoff {
        Some(cutoff) => {
            let (known, left_out) = known_by(data, cutoff);
            let scope = scope_lines(data, cutoff, &edition.name, &left_out);
            (std::borrow::Cow::Owned(known), scope)
        }
        None => (std::borrow::Cow::Borrowed(data), Vec::new()),
    };
    let compare_to = match (&args.compare_to, previous) {
        (Some(rev), Some(old)) => Some((rev.as_str(), old.side())),
        _ => None,
    };
    let options = BuildOptions {
        out: args.out.clone(),
        templates: args.template.clone(),
        folder: edition.folder.clone(),
        scope,
        compare_to,
        as_of: edition.cutoff,
        force: args.force,
    };
    build_with(&known, &options, typesetter).map_err(|e| Failure::Data(e.to_string()))
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
    let data = &args.data.data;
    if !args.file.is_file() {
        return Err(Failure::Usage(format!(
            "{}: file not found",
            args.file.display()
        )));
    }
    if !data.is_dir() {
        return Err(Failure::Usage(format!(
            "{}: data directory not found (give the folder holding groups.csv and places.csv with --data)",
            data.display()
        )));
    }
    let options = ImportOptions {
        format: args.format,
        input: args.file.clone(),
        out: args.out.clone(),
        name: args.name.clone(),
        mapping: args.mapping.clone(),
        data: data.clone(),
    };
    let summary = crate::import::run(&options).map_err(|e| match e {
        ImportError::Mapping { .. } | ImportError::Name(_) => Failure::Usage(e.to_string()),
        e => Failure::Data(e.to_string()),
    })?;
    println!("wrote {}", summary.output.display());
    println!("{summary}");
    let default = ImportOptions {
        out: None,
        ..options
    };
    let default = default.events_path(&summary.dataset).ok();
    say_who_reads(data, &summary.output, default.as_deref());
    Ok(ExitCode::SUCCESS)
}

/// Ends an import by saying whether the next build of `data` reads the file
/// written, and if not, where it would and where an import without `--out`
/// (`default`) writes.
fn say_who_reads(data: &Path, written: &Path, default: Option<&Path>) {
    match crate::load::unread_advice(data, written) {
        None if data == Path::new(DEFAULT_DATA) => {
            println!("the next build reads it: {}", written.display())
        }
        None => println!(
            "the next build with --data {} reads it: {}",
            data.display(),
            written.display()
        ),
        Some(advice) => {
            let instead = default.map_or(String::new(), |path| {
                format!(" (without --out, sitrep import writes {})", path.display())
            });
            eprintln!("warning: {}: {advice}{instead}", written.display())
        }
    }
}
