//! The subcommands, each a short function over the library's stages, with
//! failures mapped to exit codes (1 bad data or failed build, 2 bad usage).

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::cli::{
    BuildArgs, CheckArgs, CiteArgs, DataArgs, DiffArgs, ExplainArgs, ImportArgs, InitArgs,
    MetricsArgs, SynthArgs, TemplatesAction,
};
use crate::compute::format::plural;
use crate::compute::{compute, MetricSet};
use crate::import::{ImportError, ImportOptions};
use crate::load::{load_dataset, Dataset};
use crate::output::folder::Written;
use crate::problem::Problems;
use crate::report::model::Changes;
use crate::report::render::Templates;
use crate::report::render::Typesetter;
use crate::report::{build_with, BuildOptions, Built};
use crate::revision::{known_by, quarters, scope_lines, Quarter};
use crate::settings::Project;

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

/// The project a command works in: the `sitrep.toml` above the data
/// folder given, else above the working directory (defaults without one).
fn project(data: Option<&Path>) -> Result<Project, Failure> {
    crate::settings::discover(data.unwrap_or(Path::new(".")))
        .map_err(|problems| Failure::Data(problems.to_string()))
}

/// The project and its data folder (`--data` wins over sitrep.toml).
fn data_dir(args: &DataArgs) -> Result<(Project, std::path::PathBuf), Failure> {
    let project = project(args.data.as_deref())?;
    let dir = project.data(args.data.as_deref());
    Ok((project, dir))
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
    let (_, dir) = data_dir(&args.data)?;
    let dir = dir.as_path();
    if let Some(texts) = args.sources.as_deref().filter(|t| !t.is_dir()) {
        return Err(Failure::Usage(format!(
            "{}: source text folder not found (give an existing folder with --sources)",
            texts.display()
        )));
    }
    let data = load_accounted(dir, args.strict)?;
    let metrics = compute(&data)
        .map_err(|e| Failure::Data(format!("error: computing metrics failed: {e}")))?;
    let problems = crate::report::check::check_definition(&data, &metrics);
    if !problems.is_empty() {
        let mut all = crate::problem::Problems::default();
        problems.into_iter().for_each(|p| all.push(p));
        return Err(Failure::Data(all.to_string()));
    }
    println!(
        "{}: valid — {} sources, {} incidents, {} casualty estimates, {} counts, {} strength estimates, {}",
        dir.display(), data.sources.len(), data.incidents.len(), data.casualty_estimates.len(), data.counts.len(), data.strength.len(), imported_events(&data)
    );
    release_at_exit((data, metrics));
    match &args.sources {
        Some(texts) => check_sources(dir, texts, args.strict),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// `check --sources`: the validated data in `dir` against the source texts
/// in `texts`; warnings are errors when `strict`.
fn check_sources(dir: &Path, texts: &Path, strict: bool) -> Outcome {
    let mut report = crate::corpus::check_sources(dir, texts);
    if strict {
        report.make_strict();
    }
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if !report.errors.is_empty() {
        return Err(Failure::Data(report.errors.to_string()));
    }
    println!("{}", report.summary(texts));
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

pub fn metrics(args: &MetricsArgs) -> Outcome {
    let (_, dir) = data_dir(&args.data)?;
    let out = args.out.as_deref();
    let (data, metrics) = load_and_compute(&dir)?;
    release_at_exit(data);
    match out {
        Some(path) => crate::output::write_atomically(path, metrics.to_json().as_bytes())
            .map_err(|e| Failure::Data(format!("error: {}: cannot write: {e}", path.display())))?,
        None => print!("{}", metrics.to_json()),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn explain(args: &ExplainArgs) -> Outcome {
    let (_, dir) = data_dir(&args.data)?;
    let (data, metrics) = load_and_compute(&dir)?;
    let text = crate::explain::explain(&data, &metrics, &args.id)
        .map_err(|e| Failure::Data(format!("error: {e}")))?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// `cite`: drafts rows for the article's numbers, prints them, and appends
/// them with `--append`.
pub fn cite(args: &CiteArgs) -> Outcome {
    use crate::cite::{self, rows::Origin, Format};
    if !args.file.is_file() {
        let file = args.file.display();
        return Err(Failure::Usage(format!("{file}: article not found")));
    }
    let (_, dir) = data_dir(&args.data)?;
    let data = load(&dir)?;
    let source = data
        .sources
        .get(&args.source)
        .ok_or_else(|| unknown_source(&data, &args.source))?;
    let text = crate::corpus::SourceText::read(&args.file)
        .map_err(|p| Failure::Data(format!("error: {p}")))?;
    if let Some(note) = text.encoding.note() {
        eprintln!("note: {}: {note}", args.file.display());
    }
    let drafts = cite::draft(&text, &data, source);
    let article = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let picked = |n: usize| args.pick.as_ref().is_none_or(|p| p.contains(n));
    let origin = Origin {
        source,
        article: &article,
        data: &data,
    };
    let rows = cite::rows::rows(&drafts, picked, &origin);
    if !args.append {
        match args.format {
            Format::Text => print!("{}", cite::output::listing(&drafts, &article, &data)),
            Format::Csv => print!("{}", cite::output::csv(&rows)),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let appended = cite::append::append(&dir, &rows).map_err(|e| Failure::Data(e.to_string()))?;
    for (file, count) in appended {
        let to = dir.join(file);
        println!(
            "appended {} to {}",
            plural(count as u64, "row", "rows"),
            to.display()
        );
    }
    println!(
        "{}: valid with the new rows; review their notes (what was guessed)",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Bad usage: a source id sources.csv does not have, with the likeliest one.
fn unknown_source(data: &Dataset, id: &str) -> Failure {
    let nearest = data
        .sources
        .keys()
        .map(|k| (strsim::jaro_winkler(k, id), k))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score >= 0.8)
        .map(|(_, k)| format!("; did you mean `{k}`?"))
        .unwrap_or_default();
    Failure::Usage(format!(
        "unknown source {}{nearest} (the ids are listed in sources.csv: add a row for the article first)",
        crate::validate::echo(id)
    ))
}

/// One edition to build: its folder, cut-off and scope.
struct Edition {
    folder: String,
    cutoff: Option<NaiveDate>,
    name: String,
}

/// What a build needs besides its arguments, resolved once: the project's
/// folders and publication settings, the templates and the logo.
struct Plan {
    data: std::path::PathBuf,
    out: std::path::PathBuf,
    templates: Templates,
    publication: crate::report::Publishing,
}

impl Plan {
    fn new(args: &BuildArgs) -> Result<Plan, Failure> {
        let (project, data) = data_dir(&args.data)?;
        let templates = Templates::from_folder(project.templates(args.template.as_deref()));
        templates.check().map_err(Failure::Usage)?;
        let publication = publishing(&project)?;
        Ok(Plan {
            data,
            out: project.out(args.out.as_deref()),
            templates,
            publication,
        })
    }
}

/// The project's publication settings, with its logo read.
fn publishing(project: &Project) -> Result<crate::report::Publishing, Failure> {
    let logo = match project.logo() {
        Some(path) => Some(crate::report::Logo::read(&path).map_err(Failure::Usage)?),
        None => None,
    };
    Ok(crate::report::Publishing {
        settings: project.settings.publication.clone(),
        logo,
    })
}

pub fn build(args: &BuildArgs) -> Outcome {
    let started = std::time::Instant::now();
    let plan = Plan::new(args)?;
    let data = load_accounted(&plan.data, args.strict)?;
    let typesetter = Typesetter::new(&plan.templates).map_err(|e| Failure::Data(e.to_string()))?;
    let editions = editions(args, &data);
    // The side compared against is read once, whatever the number of editions.
    let previous = match &args.compare_to {
        Some(rev) => Some(previous_snapshot(rev, &plan.data)?),
        None => None,
    };
    let progress = progress_bar(editions.len());
    let (mut written, mut notes) = (Vec::new(), Vec::new());
    for edition in &editions {
        progress.set_message(edition.folder.clone());
        let built = build_edition(
            (args, &plan),
            &data,
            edition,
            (&typesetter, previous.as_ref()),
        )?;
        let folder = plan.out.join(&edition.folder);
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
    (args, plan): (&BuildArgs, &Plan),
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
        out: plan.out.clone(),
        templates: plan.templates.clone(),
        publication: plan.publication.clone(),
        folder: edition.folder.clone(),
        scope,
        compare: previous.map(|_| &compare as crate::report::CompareWith),
        as_of: edition.cutoff,
        force: args.force,
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
    Changes {
        against: rev.to_string(),
        summary: diff.summary(),
        lines: diff.metric_lines(false),
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
    // Without --vocabularies, the bundled ones, written out for the generator.
    let bundled = tempfile::tempdir().map_err(|e| Failure::Data(format!("error: {e}")))?;
    let vocabularies = match &args.vocabularies {
        Some(dir) => dir.clone(),
        None => {
            crate::load::bundled::write_vocabularies(bundled.path())
                .map_err(|e| Failure::Data(format!("error: {e}")))?;
            bundled.path().to_path_buf()
        }
    };
    if !vocabularies.is_dir() {
        return Err(Failure::Usage(format!(
            "{}: vocabulary folder not found (give one with --vocabularies)",
            vocabularies.display()
        )));
    }
    let summary = crate::synth::synth(args.events, args.seed, &vocabularies, &args.out)
        .map_err(|e| Failure::Data(format!("error: cannot write {}: {e}", args.out.display())))?;
    println!(
        "wrote {}: {} incidents, {} casualty estimates, {} sources, {} counts, {} strength estimates",
        args.out.display(), summary.incidents, summary.casualty_estimates, summary.sources, summary.counts, summary.strength
    );
    Ok(ExitCode::SUCCESS)
}

pub fn import(args: &ImportArgs) -> Outcome {
    let (_, data) = data_dir(&args.data)?;
    let data = &data;
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
        None if data == Path::new("data") => {
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

pub fn init(args: &InitArgs) -> Outcome {
    let written = crate::init::init(&args.dir).map_err(|e| match e {
        crate::init::InitError::NotEmpty(_) => Failure::Usage(e.to_string()),
        other => Failure::Data(format!("error: {other}")),
    })?;
    for path in &written {
        println!("wrote {}", path.display());
    }
    println!(
        "a new sitrep project in {}: replace the EXAMPLE ROWs in data/, then `sitrep check` and `sitrep build` there (see its README.md)",
        args.dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn templates(action: &TemplatesAction) -> Outcome {
    let TemplatesAction::Export { dir } = action;
    let written = crate::report::render::templates::export(dir)
        .map_err(|e| Failure::Usage(format!("{}: {e}", dir.display())))?;
    for path in &written {
        println!("wrote {}", path.display());
    }
    println!("build with them: sitrep build --template {}", dir.display());
    Ok(ExitCode::SUCCESS)
}
